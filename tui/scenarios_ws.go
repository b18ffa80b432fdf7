package tui

import (
	"fmt"

	"apigwlab/scenarios"
)

// A scenario that drives a WebSocket API (connections:, no traffic:) charts its messages a
// second (CloudWatch's MessageCount, both directions) stacked as █ delivered, ▓ ClientError,
// ░ ExecutionError + IntegrationError, then open connections and 410 GoneException answers.

func aggregateWS(b binning, samples []scenarios.Sample) []colStats {
	return aggregateBy(b, samples, func(s *scenarios.Sample) colStats {
		bad := s.ExecutionError + s.IntegrationError
		// p50: the connections open; p99: the 410s (each the column's most in a second)
		return colStats{ok: float64(max(0, s.MessageCount-s.ClientError-bad)), c4: float64(s.ClientError), c5: float64(bad),
			p50: float64(s.OpenConnections), p99: float64(s.Gone)}
	})
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
