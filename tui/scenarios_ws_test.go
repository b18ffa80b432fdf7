package tui

import (
	"strings"
	"testing"

	"apigwlab/scenarios"
)

func TestWebSocketChart(t *testing.T) {
	st := DefaultStyles()
	b := newBinning(3, 3)
	samples := []scenarios.Sample{
		{Second: 0, ConnectCount: 10, OpenConnections: 10},
		{Second: 1, MessageCount: 100, ClientError: 1, ExecutionError: 1, OpenConnections: 10},
		{Second: 2, MessageCount: 50, Disconnects: 5, Gone: 3, OpenConnections: 5},
	}
	cols := aggregateWS(b, samples)
	got := strings.Join(stackedChart(st, b, cols, 4, 7), "\n")
	want := strings.Join([]string{
		"  100 ┤ ░ ",
		"      ┤ ▓ ",
		"   50 ┤ ██",
		"      ┤ ██",
	}, "\n")
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	lines := wsChartLines(st, b, cols, samples, 7, 100)
	for i, want := range []string{"messages 150", "ConnectCount 10   disconnects 5   410 Gone 3", "open", "410"} {
		if !strings.Contains(lines[i], want) || !strings.HasSuffix(lines[len(lines)-1], " 3") {
			t.Errorf("line %d = %q, want %q", i, lines[i], want)
		}
	}
}
