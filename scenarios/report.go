package scenarios

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteText writes the human report: summary, phases, windows, timeline, expectations.
// It holds nothing that varies between runs of the same file and seed.
func (r *Result) WriteText(w io.Writer) error {
	sc := r.Scenario
	t := &r.Total
	var b strings.Builder
	fmt.Fprintf(&b, "Scenario %s (seed %d)\n", sc.Name, r.Seed)
	if d := strings.TrimSpace(sc.Description); d != "" {
		for _, line := range strings.Split(d, "\n") {
			fmt.Fprintf(&b, "  %s\n", line)
		}
	}
	ws := sc.WorkspacePath
	if ws == "" {
		ws = "inline"
	}
	fmt.Fprintf(&b, "Workspace %s · %s of virtual time from %s\n\n", ws, fmtOffset(sc.Duration), sc.Start.Format("2006-01-02T15:04:05Z"))

	b.WriteString("Summary\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	if len(sc.Traffic) > 0 {
		fmt.Fprintf(tw, "  requests\t%d\n", t.requests)
		var codes []string
		for _, c := range sortedCodes(t.statusCounts()) {
			n := t.statusCounts()[c]
			codes = append(codes, fmt.Sprintf("%s: %d (%s)", c, n, pct(ratio(n, t.requests))))
		}
		if len(codes) == 0 {
			codes = []string{"none"}
		}
		fmt.Fprintf(tw, "  status\t%s\n", strings.Join(codes, "  "))
		fmt.Fprintf(tw, "  errors\t4XX %s  5XX %s\n", pct(ratio(t.class(4), t.requests)), pct(ratio(t.class(5), t.requests)))
		fmt.Fprintf(tw, "  latency ms\tp50 %s  p90 %s  p99 %s  max %s\n", ms(t.latency.quantile(.5)), ms(t.latency.quantile(.9)), ms(t.latency.quantile(.99)), ms(float64(t.latency.max)/1000))
	}
	if t.integration.n > 0 {
		fmt.Fprintf(tw, "  integration ms\tp50 %s  p90 %s  p99 %s  max %s\n", ms(t.integration.quantile(.5)), ms(t.integration.quantile(.9)), ms(t.integration.quantile(.99)), ms(float64(t.integration.max)/1000))
	}
	if n := t.cacheHits + t.cacheMisses; n > 0 {
		fmt.Fprintf(tw, "  cache\thits %d  misses %d  hit ratio %s\n", t.cacheHits, t.cacheMisses, pct(ratio(t.cacheHits, n)))
	}
	if t.canary > 0 {
		fmt.Fprintf(tw, "  canary\t%d requests (%s)\n", t.canary, pct(ratio(t.canary, t.requests)))
	}
	r.writeWSSummary(tw)
	tw.Flush()

	if len(r.Functions) > 0 {
		b.WriteString("\nFunctions\n")
		tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "  FUNCTION\tVERSION\tINVOCATIONS\tCOLD STARTS\tTHROTTLED\n")
		for _, f := range r.Functions {
			fmt.Fprintf(tw, "  %s\t%s\t%d\t%d\t%d\n", f.Function, f.Version, f.Invocations, f.ColdStarts, f.Throttled)
		}
		tw.Flush()
	}

	if len(sc.Traffic) > 0 {
		b.WriteString("\nPhases\n")
		writeTable(&b, "PHASE", func(row func(name string, a *acc)) {
			for _, p := range r.Phases {
				row(fmt.Sprintf("%s (%s–%s)", p.Name, fmtOffset(p.From), fmtOffset(p.To)), &p.acc)
			}
		})
	}
	r.writeWSTables(&b)
	if len(r.Windows) > 0 && len(sc.Traffic) > 0 {
		b.WriteString("\nWindows\n")
		writeTable(&b, "WINDOW", func(row func(name string, a *acc)) {
			for _, w := range r.Windows {
				row(w.Window.String(), &w.acc)
			}
		})
	}
	if len(r.Events) > 0 {
		b.WriteString("\nTimeline\n")
		for _, e := range r.Events {
			fmt.Fprintf(&b, "  +%-6s %s\n", e.AtText, e.Do)
			if strings.HasPrefix(e.Do, "get-") && e.Output != "" {
				for _, line := range strings.Split(e.Output, "\n") {
					fmt.Fprintf(&b, "           %s\n", line)
				}
			}
		}
	}
	if len(r.Expectations) > 0 {
		b.WriteString("\nExpectations\n")
		tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		for _, x := range r.Expectations {
			mark := "PASS"
			if !x.OK {
				mark = "FAIL"
			}
			fmt.Fprintf(tw, "  %s\t%s\twindow %s\twant %s\tgot %s\n", mark, x.Metric, x.Window, x.Want, num(x.Got))
		}
		tw.Flush()
	}
	held := 0
	for _, x := range r.Expectations {
		if x.OK {
			held++
		}
	}
	verdict := "PASS"
	if !r.Passed {
		verdict = "FAIL"
	}
	fmt.Fprintf(&b, "\nResult: %s (%d of %d expectations hold)\n", verdict, held, len(r.Expectations))
	_, err := io.WriteString(w, b.String())
	return err
}

func writeTable(b *strings.Builder, first string, rows func(row func(name string, a *acc))) {
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  %s\tREQUESTS\t2XX\t4XX\t5XX\t429\tP50 MS\tP99 MS\n", first)
	rows(func(name string, a *acc) {
		fmt.Fprintf(tw, "  %s\t%d\t%d\t%d\t%d\t%d\t%s\t%s\n", name, a.requests, a.class(2), a.class(4), a.class(5), a.status[429],
			ms(a.latency.quantile(.5)), ms(a.latency.quantile(.99)))
	})
	tw.Flush()
}

func pct(f float64) string { return fmt.Sprintf("%.1f%%", f*100) }

func ms(f float64) string { return fmt.Sprintf("%.1f", f) }

// jsonReport is the --json shape (issue #4): scenario, seed, requests, statusCounts,
// functions, cache, series, expectations, passed, and more.
type jsonReport struct {
	Scenario     string              `json:"scenario"`
	Seed         uint64              `json:"seed"`
	Start        string              `json:"start"`
	DurationS    float64             `json:"durationSeconds"`
	Requests     int64               `json:"requests"`
	StatusCounts map[string]int64    `json:"statusCounts"`
	ErrorRatios  map[string]float64  `json:"errorRatios"`
	LatencyMs    map[string]float64  `json:"latencyMs"`
	Functions    []FunctionCount     `json:"functions"`
	Cache        map[string]int64    `json:"cache"`
	Canary       map[string]float64  `json:"canary"`
	Phases       []jsonPhase         `json:"phases"`
	Events       []EventRecord       `json:"events"`
	WebSocket    *jsonWebSocket      `json:"websocket,omitempty"`
	Series       []Sample            `json:"series"`
	Expectations []ExpectationResult `json:"expectations"`
	Passed       bool                `json:"passed"`
}

type jsonPhase struct {
	Name         string           `json:"name"`
	From         string           `json:"from"`
	To           string           `json:"to"`
	Requests     int64            `json:"requests"`
	StatusCounts map[string]int64 `json:"statusCounts"`
}

// WriteJSON writes the machine-readable report.
func (r *Result) WriteJSON(w io.Writer) error {
	t := &r.Total
	out := jsonReport{
		Scenario: r.Scenario.Name, Seed: r.Seed, Start: r.Scenario.Start.Format("2006-01-02T15:04:05Z"),
		DurationS: r.Scenario.Duration.Seconds(), Requests: t.requests, StatusCounts: t.statusCounts(),
		ErrorRatios: map[string]float64{"4XX": round6(ratio(t.class(4), t.requests)), "5XX": round6(ratio(t.class(5), t.requests))},
		LatencyMs: map[string]float64{"p50": t.latency.quantile(.5), "p90": t.latency.quantile(.9), "p99": t.latency.quantile(.99),
			"max": float64(t.latency.max) / 1000},
		Functions:    r.Functions,
		Cache:        map[string]int64{"hits": t.cacheHits, "misses": t.cacheMisses},
		Canary:       map[string]float64{"count": float64(t.canary), "ratio": round6(ratio(t.canary, t.requests))},
		Events:       r.Events,
		Series:       r.Series,
		Expectations: r.Expectations,
		Passed:       r.Passed,
	}
	if out.Functions == nil {
		out.Functions = []FunctionCount{}
	}
	if out.Events == nil {
		out.Events = []EventRecord{}
	}
	if out.Expectations == nil {
		out.Expectations = []ExpectationResult{}
	}
	out.WebSocket = r.jsonWS()
	out.Phases = []jsonPhase{}
	for _, p := range r.Phases {
		out.Phases = append(out.Phases, jsonPhase{Name: p.Name, From: fmtOffset(p.From), To: fmtOffset(p.To),
			Requests: p.acc.requests, StatusCounts: p.acc.statusCounts()})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func round6(f float64) float64 {
	return float64(int64(f*1e6+0.5)) / 1e6
}
