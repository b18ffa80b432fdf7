package tui

import "github.com/charmbracelet/lipgloss"

// Styles holds every style of the TUI, nested by area (soft-serve's DefaultStyles). Colours
// are the 16 ANSI colours, so they follow the terminal's theme; under NO_COLOR lipgloss
// drops them, and every state that matters is also told by text (brackets, markers, borders).
type Styles struct {
	App struct {
		Name      lipgloss.Style
		Workspace lipgloss.Style
		Where     lipgloss.Style
		Status    lipgloss.Style
		Error     lipgloss.Style
	}
	Tabs struct {
		Active   lipgloss.Style
		Inactive lipgloss.Style
		Bar      lipgloss.Style
	}
	Pane struct {
		Border        lipgloss.Style
		FocusedBorder lipgloss.Style
		Title         lipgloss.Style
		FocusedTitle  lipgloss.Style
	}
	Tree struct {
		API      lipgloss.Style
		Stage    lipgloss.Style
		Resource lipgloss.Style
		Method   lipgloss.Style
		Cursor   lipgloss.Style
		Integ    lipgloss.Style
		Key      lipgloss.Style
		Auth     lipgloss.Style
	}
	Form struct {
		Label        lipgloss.Style
		FocusedLabel lipgloss.Style
	}
	Status struct {
		OK     lipgloss.Style // 2xx
		Warn   lipgloss.Style // 4xx
		Err    lipgloss.Style // 5xx
		Other  lipgloss.Style
		Header lipgloss.Style // response header names
	}
	Flow struct {
		Box        lipgloss.Style
		Current    lipgloss.Style
		Dim        lipgloss.Style
		Name       lipgloss.Style
		Arrow      lipgloss.Style
		Pass       lipgloss.Style
		Hit        lipgloss.Style
		FactKey    lipgloss.Style
		DetailHead lipgloss.Style
	}
	Chart struct {
		S2XX  lipgloss.Style
		S4XX  lipgloss.Style
		S5XX  lipgloss.Style
		Axis  lipgloss.Style
		Event lipgloss.Style
		Bar   lipgloss.Style
		Pass  lipgloss.Style
		Fail  lipgloss.Style
	}
	Help struct {
		Key  lipgloss.Style
		Desc lipgloss.Style
		Sep  lipgloss.Style
	}
	Overlay  lipgloss.Style
	Dim      lipgloss.Style
	Bold     lipgloss.Style
	Selected lipgloss.Style
	Match    lipgloss.Style
}

// ANSI colour numbers used throughout.
const (
	colRed     = lipgloss.Color("1")
	colGreen   = lipgloss.Color("2")
	colYellow  = lipgloss.Color("3")
	colBlue    = lipgloss.Color("4")
	colMagenta = lipgloss.Color("5")
	colCyan    = lipgloss.Color("6")
	colGray    = lipgloss.Color("8")
)

// DefaultStyles returns the TUI's styles.
func DefaultStyles() *Styles {
	s := &Styles{}
	n := lipgloss.NewStyle

	s.App.Name = n().Bold(true).Foreground(lipgloss.Color("0")).Background(colCyan).Padding(0, 1)
	s.App.Workspace = n().Foreground(colCyan)
	s.App.Where = n().Bold(true)
	s.App.Status = n().Foreground(colGreen)
	s.App.Error = n().Foreground(colRed).Bold(true)

	s.Tabs.Active = n().Bold(true).Foreground(colCyan)
	s.Tabs.Inactive = n().Faint(true)
	s.Tabs.Bar = n()

	s.Pane.Border = n().Border(lipgloss.RoundedBorder()).BorderForeground(colGray)
	s.Pane.FocusedBorder = n().Border(lipgloss.RoundedBorder()).BorderForeground(colCyan)
	s.Pane.Title = n().Bold(true)
	s.Pane.FocusedTitle = n().Bold(true).Foreground(colCyan)

	s.Tree.API = n().Bold(true)
	s.Tree.Stage = n().Foreground(colBlue).Bold(true)
	s.Tree.Resource = n()
	s.Tree.Method = n().Bold(true)
	s.Tree.Cursor = n().Reverse(true)
	s.Tree.Integ = n().Foreground(colCyan)
	s.Tree.Key = n().Foreground(colYellow)
	s.Tree.Auth = n().Foreground(colMagenta)

	s.Form.Label = n().Faint(true)
	s.Form.FocusedLabel = n().Bold(true).Foreground(colCyan)

	s.Status.OK = n().Bold(true).Foreground(colGreen)
	s.Status.Warn = n().Bold(true).Foreground(colYellow)
	s.Status.Err = n().Bold(true).Foreground(colRed)
	s.Status.Other = n().Bold(true)
	s.Status.Header = n().Foreground(colCyan)

	s.Flow.Box = n().Border(lipgloss.RoundedBorder()).BorderForeground(colGray)
	s.Flow.Current = n().Border(lipgloss.DoubleBorder()).BorderForeground(colCyan)
	s.Flow.Dim = n().Faint(true)
	s.Flow.Name = n().Bold(true)
	s.Flow.Arrow = n().Foreground(colGray)
	s.Flow.Pass = n().Foreground(colGreen)
	s.Flow.Hit = n().Foreground(colCyan)
	s.Flow.FactKey = n().Foreground(colCyan)
	s.Flow.DetailHead = n().Bold(true)

	s.Chart.S2XX = n().Foreground(colGreen)
	s.Chart.S4XX = n().Foreground(colYellow)
	s.Chart.S5XX = n().Foreground(colRed)
	s.Chart.Axis = n().Foreground(colGray)
	s.Chart.Event = n().Foreground(colMagenta).Bold(true)
	s.Chart.Bar = n().Foreground(colCyan)
	s.Chart.Pass = n().Bold(true).Foreground(colGreen)
	s.Chart.Fail = n().Bold(true).Foreground(colRed)

	s.Help.Key = n().Foreground(colCyan)
	s.Help.Desc = n().Faint(true)
	s.Help.Sep = n().Foreground(colGray)

	s.Overlay = n().Border(lipgloss.RoundedBorder()).BorderForeground(colCyan).Padding(1, 2)
	s.Dim = n().Faint(true)
	s.Bold = n().Bold(true)
	s.Selected = n().Reverse(true)
	s.Match = n().Foreground(colYellow).Bold(true)
	return s
}

// statusStyle colours an HTTP status by class: 2xx green, 4xx yellow, 5xx red.
func (s *Styles) statusStyle(status int) lipgloss.Style {
	switch {
	case status >= 500:
		return s.Status.Err
	case status >= 400:
		return s.Status.Warn
	case status >= 200 && status < 300:
		return s.Status.OK
	}
	return s.Status.Other
}
