package tui

import (
	"slices"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"apigwlab/engine"
)

// palette is the command palette (`:`): one line of AWS CLI syntax run through the
// gateway's control plane (engine.Gateway.Exec), with the verbs completed by tab, a history
// of the lines run, and the JSON the command printed (or its error) under the line. While
// it is open it takes every key; esc closes it.
type palette struct {
	sh      *shared
	input   textinput.Model
	out     viewport.Model
	open    bool
	running bool
	ran     string // the line whose output is shown
	output  string
	failed  bool
	hint    string // completion candidates, or a usage line

	past    []string // lines run, oldest first
	histPos int      // len(past) = the line being written
	pending string   // the unsent line while browsing history

	width, height int
}

// paletteResultMsg is what a palette command printed, or its error.
type paletteResultMsg struct {
	line   string
	output string
	err    error
}

func newPalette(sh *shared) *palette {
	p := &palette{sh: sh}
	p.input = textinput.New()
	p.input.Prompt = ": "
	p.input.Placeholder = "verb --flag value …  (tab completes the verb and flags)"
	p.input.PlaceholderStyle = sh.styles.Dim
	p.input.Cursor.SetMode(cursor.CursorStatic)
	p.out = viewport.New(10, 3)
	p.out.KeyMap = viewport.KeyMap{}
	return p
}

// Open shows the palette with an empty line.
func (p *palette) Open() tea.Cmd {
	p.open = true
	p.input.SetValue("")
	p.histPos = len(p.past)
	p.hint = ""
	return p.input.Focus()
}

func (p *palette) Close() {
	p.open = false
	p.input.Blur()
}

// Help is the footer's and help's keys while the palette is open.
func (p *palette) Help() []key.Binding {
	k := p.sh.keys
	return []key.Binding{k.RunCommand, k.Complete, k.CmdHistory, relabel(k.PageDown, "pgup/pgdn", "scroll"), k.Close}
}

func (p *palette) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case paletteResultMsg:
		p.running = false
		p.ran = msg.line
		p.failed = msg.err != nil
		if msg.err != nil {
			p.output = msg.err.Error()
			p.sh.log.Printf("palette: %s → error: %v", msg.line, msg.err)
		} else {
			p.output = msg.output
			p.sh.log.Printf("palette: %s → ok", msg.line)
		}
		p.render()
		p.out.GotoTop()
		return nil
	case tea.KeyMsg:
		return p.key(msg)
	}
	return nil
}

func (p *palette) key(msg tea.KeyMsg) tea.Cmd {
	k := p.sh.keys
	switch {
	case key.Matches(msg, k.Close):
		p.Close()
		return nil
	case key.Matches(msg, k.RunCommand):
		return p.run()
	case key.Matches(msg, k.Complete):
		p.complete()
		return nil
	case key.Matches(msg, k.PrevCmd):
		p.browse(-1)
		return nil
	case key.Matches(msg, k.NextCmd):
		p.browse(+1)
		return nil
	case key.Matches(msg, k.PageUp):
		p.out.HalfPageUp()
		return nil
	case key.Matches(msg, k.PageDown):
		p.out.HalfPageDown()
		return nil
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	p.hint = ""
	return cmd
}

// run sends the line to the control plane in a command: Exec takes the gateway's lock.
func (p *palette) run() tea.Cmd {
	line := strings.TrimSpace(p.input.Value())
	if line == "" {
		p.hint = "type a command, e.g. get-stage --stage-name prod · tab completes the verb"
		return nil
	}
	if n := len(p.past); n == 0 || p.past[n-1] != line {
		p.past = append(p.past, line)
		if len(p.past) > 100 {
			p.past = p.past[len(p.past)-100:]
		}
	}
	p.histPos = len(p.past)
	p.pending = ""
	p.input.SetValue("")
	p.hint = ""
	p.running = true
	p.ran = line
	p.render()
	gw := p.sh.gw
	return func() tea.Msg {
		out, err := gw.Exec(line)
		return paletteResultMsg{line: line, output: out, err: err}
	}
}

// browse moves through the history of lines run; past the newest is the unsent line.
func (p *palette) browse(d int) {
	to := clamp(p.histPos+d, 0, len(p.past))
	if to == p.histPos {
		return
	}
	if p.histPos == len(p.past) {
		p.pending = p.input.Value()
	}
	p.histPos = to
	if to == len(p.past) {
		p.input.SetValue(p.pending)
	} else {
		p.input.SetValue(p.past[to])
	}
	p.input.CursorEnd()
}

// splitLine parts a palette line into the optional "aws SERVICE " prefix and the rest.
func splitLine(v string) (prefix, rest string) {
	rest = v
	for _, w := range []string{"aws ", "apigateway ", "apigatewayv2 ", "lambda ", "apigatewaymanagementapi "} {
		if strings.HasPrefix(strings.TrimLeft(rest, " "), w) {
			rest = strings.TrimLeft(rest, " ")[len(w):]
			prefix += w
		}
	}
	return prefix, strings.TrimLeft(rest, " ")
}

// usageHint is the typed verb's usage, shown while its flags are written: the options not
// given yet, so that it shortens as the line grows and fits a narrow window sooner.
func usageHint(line string) string {
	_, rest := splitLine(line)
	verb, args, _ := strings.Cut(rest, " ")
	if verb == "" || !slices.Contains(engine.Verbs(), verb) {
		return ""
	}
	given := strings.Fields(args)
	var left []string
	for _, f := range engine.Flags(verb) {
		if !slices.Contains(given, "--"+f) {
			left = append(left, "--"+f)
		}
	}
	switch {
	case len(engine.Flags(verb)) == 0:
		return verb + " takes no options · enter runs it"
	case len(left) == 0:
		return "every option of " + verb + " is given · enter runs it"
	case len(given) == 0:
		return "usage: " + engine.Usage(verb)
	}
	return "options left: " + strings.Join(left, " ")
}

// complete completes the verb (the first word, after an optional "aws apigateway") or,
// after it, the --flag being written (the verb's flags not yet given): a single match is
// filled in, several fill their common prefix and are listed.
func (p *palette) complete() {
	v := p.input.Value()
	prefix, word := splitLine(v)
	if verb, args, ok := strings.Cut(word, " "); ok {
		p.completeFlag(v, verb, args)
		return
	}
	var matches []string
	for _, verb := range engine.Verbs() {
		if strings.HasPrefix(verb, word) {
			matches = append(matches, verb)
		}
	}
	sort.Strings(matches)
	switch len(matches) {
	case 0:
		p.hint = "no verb starts with " + word
		return
	case 1:
		p.input.SetValue(prefix + matches[0] + " ")
		p.hint = ""
	default:
		p.input.SetValue(prefix + commonPrefix(matches))
		p.hint = strings.Join(matches, "  ")
	}
	p.input.CursorEnd()
}

// completeFlag completes the last word of line as one of verb's flags.
func (p *palette) completeFlag(line, verb, args string) {
	flags := engine.Flags(verb)
	if !slices.Contains(engine.Verbs(), verb) {
		p.hint = "no verb " + verb + ": tab on the first word lists them"
		return
	}
	fields := strings.Fields(args)
	last := ""
	if !strings.HasSuffix(line, " ") && len(fields) > 0 {
		last = fields[len(fields)-1]
	}
	if last != "" && !strings.HasPrefix(last, "-") {
		p.hint = usageHint(line) // a value: nothing to complete
		return
	}
	var matches []string
	for _, f := range flags {
		if strings.HasPrefix("--"+f, last) && !slices.Contains(fields[:len(fields)-min(1, len(last))], "--"+f) {
			matches = append(matches, "--"+f)
		}
	}
	base := line[:len(line)-len(last)]
	switch len(matches) {
	case 0:
		if len(flags) == 0 {
			p.hint = verb + " takes no options"
		} else {
			p.hint = "no option of " + verb + " starts with " + last + " · " + usageHint(line)
		}
		return
	case 1:
		p.input.SetValue(base + matches[0] + " ")
		p.hint = usageHint(line)
	default:
		p.input.SetValue(base + commonPrefix(matches))
		p.hint = strings.Join(matches, "  ")
	}
	p.input.CursorEnd()
}

func commonPrefix(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	pre := ss[0]
	for _, s := range ss[1:] {
		for !strings.HasPrefix(s, pre) {
			pre = pre[:len(pre)-1]
		}
	}
	return pre
}

// height of the palette's pane for a content area of h lines.
func paletteHeight(h int) int { return clamp(max(9, h/2), 4, h) }

func (p *palette) SetSize(w, h int) {
	p.width, p.height = w, paletteHeight(h)
	p.input.Width = max(1, w-2-len(p.input.Prompt)-1)
	p.out.Width, p.out.Height = max(1, w-2), max(1, p.height-2-2)
	p.render()
}

// render lays the output out for the pane's width.
func (p *palette) render() {
	st := p.sh.styles
	w := max(10, p.out.Width-1)
	var lines []string
	switch {
	case p.running:
		lines = append(lines, st.Dim.Render("running "+p.ran+" …"))
	case p.ran == "":
		lines = append(lines, wrapIndent("Control-plane commands in AWS CLI syntax (\"aws apigateway\" is optional; HTTP APIs take apigatewayv2's --api-id): "+
			strings.Join(engine.Verbs(), ", ")+".", w, 0)...)
		lines = append(lines, "")
		lines = append(lines, wrapIndent("Try: set-function --function-name listPets --latency 31s, then send GET /prod/pets in the Explorer.", w, 0)...)
	case p.failed:
		lines = append(lines, wrapIndent(st.Dim.Render("$ ")+p.ran, w, 2)...)
		lines = append(lines, wrapIndent(st.Status.Err.Render("✗ ")+p.output, w, 2)...)
	default:
		lines = append(lines, wrapIndent(st.Status.OK.Render("✓ ")+p.ran, w, 2)...)
		for _, l := range strings.Split(prettyJSON(p.output), "\n") {
			lines = append(lines, strings.Split(wrap(l, w), "\n")...)
		}
	}
	for i, l := range lines {
		lines[i] = " " + l
	}
	p.out.SetContent(strings.Join(lines, "\n"))
}

// View draws the palette's pane: the line, a hint, and the output.
func (p *palette) View() string {
	st := p.sh.styles
	hint := p.hint
	if hint == "" {
		hint = usageHint(p.input.Value())
	}
	if hint == "" {
		hint = "enter runs · tab completes verbs and --flags · ↑/↓ history · esc closes"
	}
	body := p.input.View() + "\n" + st.Dim.Render(truncate(" "+hint, p.width-2)) + "\n" + p.out.View()
	// The title names the service of the line being typed, else of the last one run.
	line := p.input.Value()
	if strings.TrimSpace(line) == "" {
		line = p.ran
	}
	return pane(st, "Command · aws "+engine.ServiceOf(line), body, p.width, p.height, true)
}
