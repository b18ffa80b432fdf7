package tui

import (
	"fmt"
	"math"
	"strings"
	"time"

	"apigwlab/scenarios"
)

// Charts for the scenario screen, drawn with plain cells so that they align with the
// timeline under them and read the same with and without colour: one column per second
// (or per group of seconds on a long run), status classes stacked as █ 2XX, ▓ 4XX, ░ 5XX.

const (
	glyph2XX = "█"
	glyph4XX = "▓"
	glyph5XX = "░"
)

// binning maps seconds of a run to chart columns.
type binning struct {
	total int // seconds in the run
	per   int // seconds per column (≥ 1)
	colW  int // cells per column (≥ 1, > 1 only for short runs)
	cols  int
}

func newBinning(totalSeconds, width int) binning {
	b := binning{total: max(1, totalSeconds), per: 1, colW: 1}
	width = max(1, width)
	if b.total > width {
		b.per = (b.total + width - 1) / width
	} else {
		b.colW = clamp(width/b.total, 1, 4)
	}
	b.cols = (b.total + b.per - 1) / b.per
	return b
}

// width is the number of cells the columns take.
func (b binning) width() int { return b.cols * b.colW }

// column returns the column of second s.
func (b binning) column(s int) int { return s / b.per }

// colStats is one column's aggregate: mean per-second counts and the worst latencies.
type colStats struct {
	ok, c4, c5 float64
	p50, p99   float64
	seen       bool
}

func aggregate(b binning, samples []scenarios.Sample) []colStats {
	return aggregateBy(b, samples, func(s *scenarios.Sample) colStats {
		return colStats{ok: float64(s.Requests - s.S4XX - s.S5XX), c4: float64(s.S4XX), c5: float64(s.S5XX), p50: s.LatencyP50, p99: s.LatencyP99}
	})
}

// aggregateBy bins what get reads from each sample: counts averaged per second of the
// column, p50 and p99 the column's worst.
func aggregateBy(b binning, samples []scenarios.Sample, get func(*scenarios.Sample) colStats) []colStats {
	out := make([]colStats, b.cols)
	for i := range samples {
		c := b.column(samples[i].Second)
		if c < 0 || c >= len(out) {
			continue
		}
		v := get(&samples[i])
		x := &out[c]
		x.seen = true
		x.ok += v.ok / float64(b.per)
		x.c4 += v.c4 / float64(b.per)
		x.c5 += v.c5 / float64(b.per)
		x.p50 = math.Max(x.p50, v.p50)
		x.p99 = math.Max(x.p99, v.p99)
	}
	return out
}

// niceCeil rounds v up to 1, 2 or 5 × 10^k.
func niceCeil(v float64) float64 {
	if v <= 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

// stackedChart draws requests per second by status class, height rows tall, with a y axis
// of labelW cells on the left.
func stackedChart(st *Styles, b binning, cols []colStats, height, labelW int) []string {
	top := 0.0
	for _, c := range cols {
		top = math.Max(top, c.ok+c.c4+c.c5)
	}
	top = niceCeil(top)
	cells := make([][3]int, len(cols)) // ok, 4xx, 5xx in cells
	for i, c := range cols {
		total := int(math.Round((c.ok + c.c4 + c.c5) / top * float64(height)))
		if total == 0 && c.ok+c.c4+c.c5 > 0 {
			total = 1
		}
		c5 := int(math.Round(c.c5 / top * float64(height)))
		if c5 == 0 && c.c5 > 0 {
			c5 = 1
		}
		c4 := int(math.Round(c.c4 / top * float64(height)))
		if c4 == 0 && c.c4 > 0 {
			c4 = 1
		}
		c5 = min(c5, total)
		c4 = min(c4, total-c5)
		cells[i] = [3]int{total - c4 - c5, c4, c5}
	}
	lines := make([]string, height)
	for row := 0; row < height; row++ {
		level := height - row // 1-based from the bottom
		label := ""
		switch {
		case row == 0:
			label = fmtRate(top)
		case height%2 == 0 && row == height/2 && height >= 4:
			label = fmtRate(top / 2)
		}
		var sb strings.Builder
		sb.WriteString(st.Chart.Axis.Render(fmt.Sprintf("%*s ┤", labelW-2, label)))
		for _, c := range cells {
			g := " "
			var style = st.Chart.S2XX
			switch {
			case level <= c[0]:
				g = glyph2XX
			case level <= c[0]+c[1]:
				g, style = glyph4XX, st.Chart.S4XX
			case level <= c[0]+c[1]+c[2]:
				g, style = glyph5XX, st.Chart.S5XX
			}
			cell := strings.Repeat(g, b.colW)
			if g != " " {
				cell = style.Render(cell)
			}
			sb.WriteString(cell)
		}
		lines[row] = sb.String()
	}
	return lines
}

func fmtRate(v float64) string {
	switch {
	case v >= 10000:
		return fmt.Sprintf("%.0fk", v/1000)
	case v == math.Trunc(v):
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.1f", v)
}

// timeAxis draws the x axis with ▲ where an event happens, and the time labels under it.
func timeAxis(st *Styles, b binning, events []*scenarios.Event, shown int, labelW int, pick int) (axis, labels string) {
	marks := make([]string, b.width())
	for i := range marks {
		marks[i] = "─"
	}
	if pick >= 0 {
		if c := min(b.column(pick), b.cols-1) * b.colW; c >= 0 && c < len(marks) {
			marks[c] = st.Match.Render("◆")
		}
	}
	for _, e := range events {
		s := int(e.At / time.Second)
		c := min(b.column(s), b.cols-1) * b.colW
		if c >= 0 && c < len(marks) {
			style := st.Dim
			if s < shown {
				style = st.Chart.Event
			}
			marks[c] = style.Render("▲")
		}
	}
	axis = st.Chart.Axis.Render(fmt.Sprintf("%*s └", labelW-2, "0")) + strings.Join(marks, "")
	w := b.width()
	lab := []rune(strings.Repeat(" ", w))
	put := func(at int, s string) {
		r := []rune(s)
		at = clamp(at, 0, max(0, w-len(r)))
		for i, x := range r {
			if at+i < len(lab) {
				lab[at+i] = x
			}
		}
	}
	put(0, "0s")
	if w >= 24 {
		put(w/2-2, fmtSeconds(b.total/2))
	}
	put(w-len(fmtSeconds(b.total)), fmtSeconds(b.total))
	labels = strings.Repeat(" ", labelW) + st.Chart.Axis.Render(string(lab))
	return axis, labels
}

// fmtSeconds writes a run offset compactly: 45s, 1m10s, 2m, 1h, 1h30m, 1h0m5s.
func fmtSeconds(s int) string {
	h, m, sec := s/3600, s/60%60, s%60
	var b strings.Builder
	if h > 0 {
		fmt.Fprintf(&b, "%dh", h)
	}
	if m > 0 || (h > 0 && sec > 0) {
		fmt.Fprintf(&b, "%dm", m)
	}
	if sec > 0 || s == 0 {
		fmt.Fprintf(&b, "%ds", sec)
	}
	return b.String()
}

var sparkGlyphs = []string{" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"}

// sparkline draws values (one per column) scaled to top.
func sparkline(b binning, values []float64, top float64) string {
	var sb strings.Builder
	for _, v := range values {
		g := " "
		if v > 0 && top > 0 {
			i := int(math.Ceil(v / top * 8))
			g = sparkGlyphs[clamp(i, 1, 8)]
		}
		sb.WriteString(strings.Repeat(g, b.colW))
	}
	return sb.String()
}

// progressBar draws done of total as a bar of width cells followed by the percentage.
func progressBar(st *Styles, done, total, width int) string {
	if total <= 0 {
		total = 1
	}
	f := float64(done) / float64(total)
	f = math.Max(0, math.Min(1, f))
	barW := max(1, width-5)
	n := int(math.Round(f * float64(barW)))
	return st.Chart.Bar.Render(strings.Repeat("█", n)) + st.Dim.Render(strings.Repeat("░", barW-n)) + fmt.Sprintf(" %3.0f%%", f*100)
}

// fmtLatency writes milliseconds for the latency lines.
func fmtLatency(ms float64) string {
	if ms >= 10000 {
		return fmt.Sprintf("%.0f ms", ms)
	}
	if ms == math.Trunc(ms) {
		return fmt.Sprintf("%.0f ms", ms)
	}
	return fmt.Sprintf("%.1f ms", ms)
}
