package cli

import (
	"fmt"
	"io"
	"os"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/mattn/go-isatty"
)

// placeholder is the screen `apigwlab` shows until the TUI lands: what works today and
// what is coming, so a new user is never left at a blank prompt.
type placeholder struct {
	width, height int
	workspace     string
}

func (p placeholder) Init() tea.Cmd { return nil }

func (p placeholder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch m := msg.(type) {
	case tea.WindowSizeMsg:
		p.width, p.height = m.Width, m.Height
	case tea.KeyMsg:
		switch m.String() {
		case "q", "esc", "ctrl+c", "enter":
			return p, tea.Quit
		}
	}
	return p, nil
}

func (p placeholder) View() string {
	title := lipgloss.NewStyle().Bold(true).Render("apigwlab — AWS API Gateway, in your terminal")
	body := placeholderText(p.workspace)
	box := lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).Padding(1, 2)
	if p.width > 0 {
		box = box.Width(min(p.width-2, 84))
	}
	out := box.Render(title + "\n\n" + body + "\n\n" + lipgloss.NewStyle().Faint(true).Render("press q to quit"))
	if p.width > 0 && p.height > 0 {
		return lipgloss.Place(p.width, p.height, lipgloss.Center, lipgloss.Center, out)
	}
	return out
}

func placeholderText(workspace string) string {
	ws := "examples/pets.yaml"
	if workspace != "" {
		ws = workspace
	}
	return "The explorer and the step-by-step flow view are coming. Today the engine works\n" +
		"from the command line:\n\n" +
		"  apigwlab invoke -f " + ws + " GET /prod/pets\n" +
		"  apigwlab invoke -f " + ws + " GET /prod/pets/7 --trace\n" +
		"  apigwlab validate " + ws + "\n\n" +
		"Coming next: scenario replay in virtual time (429s, 502s, 504s, canary shifts),\n" +
		"throttling and usage plans, mapping templates, authorizers, `serve`, and labs."
}

func runTUI(stdout io.Writer, args []string) error {
	ws := ""
	if len(args) == 1 {
		ws = args[0]
	}
	f, ok := stdout.(*os.File)
	if !ok || !isatty.IsTerminal(f.Fd()) {
		// Not a terminal (a pipe, CI): print the text instead of drawing a screen.
		fmt.Fprintln(stdout, "apigwlab — AWS API Gateway, in your terminal")
		fmt.Fprintln(stdout)
		fmt.Fprintln(stdout, placeholderText(ws))
		return nil
	}
	_, err := tea.NewProgram(placeholder{workspace: ws}, tea.WithAltScreen(), tea.WithOutput(stdout)).Run()
	return err
}
