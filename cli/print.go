package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"apigwlab/engine"
)

// styles for human output; lipgloss drops colour when stdout is not a terminal or NO_COLOR is set.
var (
	styleOK     = lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("2"))
	styleWarn   = lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("3"))
	styleErr    = lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("1"))
	styleDim    = lipgloss.NewStyle().Faint(true)
	styleHeader = lipgloss.NewStyle().Foreground(lipgloss.Color("6"))
)

func statusStyle(status int) lipgloss.Style {
	switch {
	case status >= 500:
		return styleErr
	case status >= 400:
		return styleWarn
	}
	return styleOK
}

func printResponse(w io.Writer, r *engine.Response, trace bool) {
	line := fmt.Sprintf("HTTP/1.1 %d %s", r.Status, http.StatusText(r.Status))
	fmt.Fprintln(w, statusStyle(r.Status).Render(line))
	for _, h := range r.Header {
		fmt.Fprintf(w, "%s: %s\n", styleHeader.Render(h.Name), h.Value)
	}
	fmt.Fprintln(w)
	if r.Body != "" {
		fmt.Fprintln(w, prettyBody(r.Body))
	}
	where := ""
	if r.RouteKey != "" {
		where = fmt.Sprintf(" · %s on %s/%s", r.RouteKey, r.API, r.Stage)
	} else if r.Resource != "" {
		where = fmt.Sprintf(" · %s %s on %s/%s", r.Method, r.Resource, r.API, r.Stage)
	}
	if r.Canary {
		where += " (canary)"
	}
	summary := fmt.Sprintf("latency %s", fmtMs(r.Latency.Microseconds()))
	if r.Integrated {
		summary += fmt.Sprintf(" (integration %s)", fmtMs(r.IntegrationLatency.Microseconds()))
	}
	if r.GatewayResponse != "" {
		summary += " · gateway response " + r.GatewayResponse
	}
	fmt.Fprintln(w, styleDim.Render(summary+where))
	if r.AccessLog != "" {
		fmt.Fprintln(w, styleDim.Render("access log: "+r.AccessLog))
	}
	if trace && r.Trace != nil {
		printTrace(w, r)
	}
}

func fmtMs(us int64) string {
	if us%1000 == 0 {
		return fmt.Sprintf("%d ms", us/1000)
	}
	return fmt.Sprintf("%.1f ms", float64(us)/1000)
}

// prettyBody indents a JSON body; anything else is shown as sent.
func prettyBody(body string) string {
	var buf bytes.Buffer
	if json.Valid([]byte(body)) && json.Indent(&buf, []byte(body), "", "  ") == nil {
		return buf.String()
	}
	return body
}

func printTrace(w io.Writer, r *engine.Response) {
	fmt.Fprintln(w)
	fmt.Fprintln(w, lipgloss.NewStyle().Bold(true).Render("Trace"))
	width := 0
	for _, h := range r.Trace.Hops {
		width = max(width, len(h.Stage))
	}
	for _, h := range r.Trace.Hops {
		d := h.Decision
		style := styleOK
		switch {
		case strings.HasPrefix(d, "answered 5"):
			style = styleErr
		case strings.HasPrefix(d, "answered"), strings.Contains(d, "blocks"):
			style = styleWarn // a browser blocking the answer is a failure the user sees
		}
		fmt.Fprintf(w, "  %-*s  %s  %s\n", width, h.Stage, style.Render(fmt.Sprintf("%-13s", d)),
			styleDim.Render("+"+fmtMs(h.Start.Microseconds())))
		for _, f := range h.Facts {
			v := f.Value
			if len(v) > 200 {
				v = v[:200] + "…"
			}
			fmt.Fprintf(w, "  %-*s    %s %s\n", width, "", styleDim.Render(f.Key+":"), v)
		}
	}
	if len(r.Trace.Log) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, lipgloss.NewStyle().Bold(true).Render("Execution log"))
		for _, l := range r.Trace.Log {
			fmt.Fprintln(w, "  "+l.String())
		}
	}
}
