package tui

import (
	"fmt"

	"apigwlab/scenarios"
)

// A scenario that drives a WebSocket API (connections:, no traffic:) charts its messages a
// second (CloudWatch's MessageCount, both directions) stacked as █ delivered, ▓ ClientError,
// ░ ExecutionError + IntegrationError, then open connections and 410 GoneException answers.

func aggregateWS(b binning, samples []scenarios.Sample) []colStats {
	out := make([]colStats, b.cols)
	for _, s := range samples {
		c := b.column(s.Second)
		if c < 0 || c >= len(out) {
			continue
		}
		x := &out[c]
		x.seen = true
		bad := s.ExecutionError + s.IntegrationError
		x.ok += float64(max(0, s.MessageCount-s.ClientError-bad)) / float64(b.per)
		x.c4 += float64(s.ClientError) / float64(b.per)
		x.c5 += float64(bad) / float64(b.per)
		x.p50 = max(x.p50, float64(s.OpenConnections)) // the most connections open in the column
		x.p99 += float64(s.Gone)                       // 410s in the column
	}
	return out
}

func wsChartLines(st *Styles, b binning, cols []colStats, shown []scenarios.Sample, labelW, w int) []string {
	var msgs, clientErr, bad, connects, disconnects, gone int64
	open := 0
	for _, x := range shown {
		msgs += x.MessageCount
		clientErr += x.ClientError
		bad += x.ExecutionError + x.IntegrationError
		connects += x.ConnectCount
		disconnects += x.Disconnects
		gone += x.Gone
		open = x.OpenConnections
	}
	legend := fmt.Sprintf("msg/s  %s messages %d  %s ClientError %d  %s Execution/IntegrationError %d", st.Chart.S2XX.Render(glyph2XX), msgs,
		st.Chart.S4XX.Render(glyph4XX), clientErr, st.Chart.S5XX.Render(glyph5XX), bad)
	counts := fmt.Sprintf("ConnectCount %d   disconnects %d   410 Gone %s", connects, disconnects, st.Chart.S5XX.Render(fmt.Sprint(gone)))
	opens := make([]float64, len(cols))
	gones := make([]float64, len(cols))
	topOpen, topGone := 0.0, 0.0
	for i, c := range cols {
		opens[i], gones[i] = c.p50, c.p99
		topOpen, topGone = max(topOpen, c.p50), max(topGone, c.p99)
	}
	return []string{truncate(legend, w), truncate(counts, w),
		truncate(fmt.Sprintf("%-*s", labelW, "open")+st.Chart.Bar.Render(sparkline(b, opens, topOpen))+fmt.Sprintf(" %d", open), w),
		truncate(fmt.Sprintf("%-*s", labelW, "410")+st.Chart.Bar.Render(sparkline(b, gones, topGone))+fmt.Sprintf(" %d", gone), w)}
}
