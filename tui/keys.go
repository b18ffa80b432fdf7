package tui

import "github.com/charmbracelet/bubbles/key"

// KeyMap is every key binding of the TUI, in one place (gh-dash's keys.go). Screens pick
// the bindings that matter to them for the footer and the full help.
type KeyMap struct {
	// global
	Quit       key.Binding
	ForceQuit  key.Binding
	Help       key.Binding
	NextScreen key.Binding
	PrevScreen key.Binding
	Screens    key.Binding // help only: 1-7
	Screen     [7]key.Binding
	Palette    key.Binding // opens the command palette
	// EditWorkspace opens the workspace file in $EDITOR and reloads it.
	EditWorkspace key.Binding
	// Deploy runs create-deployment for the API and stage under the explorer's cursor.
	Deploy key.Binding

	// lists and trees
	Move     key.Binding // help only: ↑/↓
	Up       key.Binding
	Down     key.Binding
	Left     key.Binding
	Right    key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding

	// explorer
	Send      key.Binding
	Edit      key.Binding
	OpenFlow  key.Binding
	NextField key.Binding
	PrevField key.Binding
	Submit    key.Binding
	Identity  key.Binding // cycles who requests are sent as
	Vpce      key.Binding // cycles the VPC endpoint requests come through
	History   key.Binding // help only: ↑/↓ in the composer
	Back      key.Binding

	// flow
	Step     key.Binding
	StepBack key.Binding
	Detail   key.Binding
	Play     key.Binding
	Older    key.Binding
	Newer    key.Binding

	// scenarios
	Run    key.Binding
	Faster key.Binding // the reveal speed; 1-7 always switch screens
	Slower key.Binding
	Speeds key.Binding // help only: +/-
	Pause  key.Binding
	Second key.Binding
	Report key.Binding

	// metrics
	Source key.Binding

	// labs
	LabCheck    key.Binding
	LabHint     key.Binding
	LabNext     key.Binding
	LabSolution key.Binding
	LabReset    key.Binding
	// Home reopens the workspace the TUI started with, after a lab's.
	Home key.Binding

	// logs
	Filter key.Binding
	Open   key.Binding

	// command palette
	RunCommand key.Binding
	Complete   key.Binding
	CmdHistory key.Binding // help only: ↑/↓
	PrevCmd    key.Binding
	NextCmd    key.Binding
	Close      key.Binding
}

// DefaultKeyMap returns the TUI's key bindings.
func DefaultKeyMap() *KeyMap {
	b := key.NewBinding
	k := &KeyMap{
		Quit:          b(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit:     b(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Help:          b(key.WithKeys("?"), key.WithHelp("?", "keys")),
		NextScreen:    b(key.WithKeys("tab"), key.WithHelp("tab", "screens")),
		PrevScreen:    b(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous screen")),
		Screens:       b(key.WithKeys("1", "2", "3", "4", "5", "6", "7"), key.WithHelp("1-7", "screens")),
		Palette:       b(key.WithKeys(":"), key.WithHelp(":", "command")),
		EditWorkspace: b(key.WithKeys("E"), key.WithHelp("E", "edit workspace in $EDITOR")),
		Deploy:        b(key.WithKeys("D"), key.WithHelp("D", "deploy (create-deployment)")),

		Move:     b(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "move")),
		Up:       b(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     b(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Left:     b(key.WithKeys("left", "h"), key.WithHelp("←/h", "collapse")),
		Right:    b(key.WithKeys("right", "l"), key.WithHelp("→/l", "expand")),
		PageUp:   b(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup", "scroll up")),
		PageDown: b(key.WithKeys("pgdown", "ctrl+d"), key.WithHelp("pgdn", "scroll down")),
		Top:      b(key.WithKeys("home", "g"), key.WithHelp("g", "top")),
		Bottom:   b(key.WithKeys("end", "G"), key.WithHelp("G", "bottom")),

		Send:      b(key.WithKeys("enter"), key.WithHelp("enter", "send")),
		Edit:      b(key.WithKeys("e", "i"), key.WithHelp("e", "edit")),
		OpenFlow:  b(key.WithKeys("f"), key.WithHelp("f", "flow")),
		NextField: b(key.WithKeys("tab"), key.WithHelp("tab", "field")),
		PrevField: b(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field")),
		Submit:    b(key.WithKeys("ctrl+s", "enter"), key.WithHelp("enter", "send")),
		Identity:  b(key.WithKeys("u"), key.WithHelp("u", "as user")),
		Vpce:      b(key.WithKeys("v"), key.WithHelp("v", "via VPC endpoint")),
		History:   b(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "history")),
		Back:      b(key.WithKeys("esc"), key.WithHelp("esc", "back")),

		Step:     b(key.WithKeys(" ", "n"), key.WithHelp("space", "next")),
		StepBack: b(key.WithKeys("p"), key.WithHelp("p", "back")),
		Detail:   b(key.WithKeys("enter"), key.WithHelp("enter", "detail")),
		Play:     b(key.WithKeys("a"), key.WithHelp("a", "play")),
		Older:    b(key.WithKeys("["), key.WithHelp("[/]", "older/newer")),
		Newer:    b(key.WithKeys("]"), key.WithHelp("]", "newer request")),

		Run:    b(key.WithKeys("enter"), key.WithHelp("enter", "run")),
		Faster: b(key.WithKeys("+", "="), key.WithHelp("+", "faster")),
		Slower: b(key.WithKeys("-", "_"), key.WithHelp("-", "slower")),
		Speeds: b(key.WithKeys("+", "=", "-", "_"), key.WithHelp("+/-", "speed")),
		Pause:  b(key.WithKeys(" "), key.WithHelp("space", "pause")),
		Second: b(key.WithKeys("."), key.WithHelp(".", "+1 s")),
		Report: b(key.WithKeys("r"), key.WithHelp("r", "report/charts")),

		LabCheck:    b(key.WithKeys("c"), key.WithHelp("c", "check")),
		LabHint:     b(key.WithKeys("h"), key.WithHelp("h", "hint")),
		LabNext:     b(key.WithKeys("n"), key.WithHelp("n", "next step")),
		LabSolution: b(key.WithKeys("s"), key.WithHelp("s", "solution")),
		LabReset:    b(key.WithKeys("r"), key.WithHelp("r", "reset")),
		Home:        b(key.WithKeys("b"), key.WithHelp("b", "back to your workspace")),

		Filter: b(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Source: b(key.WithKeys("s"), key.WithHelp("s", "source")),
		Open:   b(key.WithKeys("enter"), key.WithHelp("enter", "flow")),

		RunCommand: b(key.WithKeys("enter"), key.WithHelp("enter", "run")),
		Complete:   b(key.WithKeys("tab"), key.WithHelp("tab", "complete")),
		CmdHistory: b(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "history")),
		PrevCmd:    b(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑", "older command")),
		NextCmd:    b(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓", "newer command")),
		Close:      b(key.WithKeys("esc"), key.WithHelp("esc", "close")),
	}
	for i := range k.Screen {
		n := string(rune('1' + i))
		k.Screen[i] = b(key.WithKeys(n), key.WithHelp(n, screenNames[i]))
	}
	return k
}

// relabel returns a copy of b with other help text, for a key that means something else on
// one screen.
func relabel(b key.Binding, keys, desc string) key.Binding {
	b.SetHelp(keys, desc)
	return b
}

// helpKeys adapts a screen's bindings to bubbles' help.KeyMap.
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h helpKeys) ShortHelp() []key.Binding  { return h.short }
func (h helpKeys) FullHelp() [][]key.Binding { return h.full }
