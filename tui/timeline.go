package tui

import (
	"fmt"
	"strings"
	"time"

	"apigwlab/engine/observe"
)

// timelineLines draws one request as X-Ray draws a trace: a segment per pipeline stage on
// a shared time axis from arrival to answer, so the time spent in an authorizer function
// or the integration stands out. Stages that take no simulated time are a thin mark.
func timelineLines(st *Styles, t *observe.Trace, total time.Duration, w int) []string {
	if t == nil || len(t.Hops) == 0 {
		return nil
	}
	end := total
	for _, h := range t.Hops {
		end = max(end, h.Start+h.Duration)
	}
	const nameW, timeW = 22, 16
	barW := w - nameW - timeW - 2
	if barW < 10 {
		return nil
	}
	lines := []string{"", st.Flow.DetailHead.Render("Timeline") + st.Dim.Render(fmt.Sprintf("  0 → %s (X-Ray-style segments)", fmtMs(end)))}
	col := func(d time.Duration) int {
		if end <= 0 {
			return 0
		}
		return min(barW-1, int(int64(barW-1)*int64(d)/int64(end)))
	}
	for _, h := range t.Hops {
		from, to := col(h.Start), col(h.Start+h.Duration)
		bar := strings.Repeat(" ", from)
		span := fmtMs(h.Start)
		if h.Duration > 0 {
			bar += st.Chart.Bar.Render(strings.Repeat("█", max(1, to-from)))
			span = fmtMs(h.Start) + "–" + fmtMs(h.Start+h.Duration)
		} else {
			bar += st.Dim.Render("▏")
		}
		lines = append(lines, padRight(truncate(h.Stage, nameW-1), nameW)+padRight(span, timeW)+bar)
	}
	return lines
}
