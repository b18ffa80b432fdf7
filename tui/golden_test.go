package tui

import (
	"fmt"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
)

// Golden files of each screen's frame at 80×24, 120×40 and 200×60 (a large window must use its room), in the ASCII colour profile with
// a fixed clock and seed. Rewrite them with: go test ./tui/ -run Golden -update

var sizes = [][2]int{{80, 24}, {120, 40}, {200, 60}}

// eachSize runs fn at every size, comparing the frame it leaves with the golden file.
func eachSize(t *testing.T, fn func(t *testing.T, a *app)) { eachSizeOf(t, newTestApp, fn) }

// eachSizeOf is eachSize on the app open makes (another workspace).
func eachSizeOf(t *testing.T, open func(t testing.TB, w, h int) *app, fn func(t *testing.T, a *app)) {
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			a := open(t, sz[0], sz[1])
			fn(t, a)
			golden.RequireEqual(t, []byte(viewOf(t, a)))
		})
	}
}

func TestGoldenWelcome(t *testing.T) {
	eachSize(t, func(t *testing.T, a *app) { a.welcome = true })
}

func TestGoldenExplorerStart(t *testing.T) {
	eachSize(t, func(t *testing.T, a *app) {})
}

func TestGoldenExplorerResponse(t *testing.T) {
	eachSize(t, func(t *testing.T, a *app) {
		sendPath(t, a, "/prod/pets/7")
	})
}

func TestGoldenExplorerEditing(t *testing.T) {
	eachSize(t, func(t *testing.T, a *app) {
		press(t, a, "j", "e", "tab", "tab", "x-trace: on")
	})
}

func TestGoldenFlowEmpty(t *testing.T) {
	eachSize(t, func(t *testing.T, a *app) { press(t, a, "2") })
}

func TestGoldenFlowIntegration(t *testing.T) {
	eachSize(t, func(t *testing.T, a *app) {
		sendPath(t, a, "/prod/broken")
		press(t, a, "2", "space", "space", "space")
	})
}

func TestGoldenFlowDetail(t *testing.T) {
	eachSize(t, func(t *testing.T, a *app) {
		sendPath(t, a, "/prod/pets/404")
		press(t, a, "2", "n", "n", "n", "n", "enter")
	})
}

func TestGoldenScenarioList(t *testing.T) {
	eachSize(t, func(t *testing.T, a *app) { press(t, a, "3") })
}

func TestGoldenScenarioLive(t *testing.T) {
	eachSize(t, func(t *testing.T, a *app) {
		press(t, a, "3", "j", "enter")
		// back to the charts, then halfway: the run is paused at t=30s
		press(t, a, "r")
		s := a.scen
		s.run.paused = true
		s.showRep = false
		s.reveal(30)
		s.run.tenths = 300
	})
}

func TestGoldenScenarioReport(t *testing.T) {
	eachSize(t, func(t *testing.T, a *app) {
		press(t, a, "3", "j", "enter", "+", "+")
	})
}

func TestGoldenLogs(t *testing.T) {
	eachSize(t, func(t *testing.T, a *app) {
		sendPath(t, a, "/prod/pets/7")
		sendPath(t, a, "/prod/slow")
		press(t, a, "4")
	})
}

func TestGoldenLogsFiltered(t *testing.T) {
	eachSize(t, func(t *testing.T, a *app) {
		sendPath(t, a, "/prod/pets/7")
		sendPath(t, a, "/prod/slow")
		press(t, a, "4", "/", "timeout", "enter")
	})
}

func TestGoldenHelp(t *testing.T) {
	eachSize(t, func(t *testing.T, a *app) { press(t, a, "2", "?") })
}

func TestGoldenMetricsEmpty(t *testing.T) {
	eachSize(t, func(t *testing.T, a *app) { press(t, a, "5") })
}

func TestGoldenMetrics(t *testing.T) {
	eachSize(t, func(t *testing.T, a *app) {
		// requests over four minutes of virtual time, one minute without traffic
		at := func(min int) { a.sh.now = func() time.Time { return testStart.Add(time.Duration(min) * time.Minute) } }
		sendPath(t, a, "/prod/pets")
		sendPath(t, a, "/prod/pets/7")
		at(1)
		sendPath(t, a, "/prod/pets/404")
		sendPath(t, a, "/prod/slow")
		at(3)
		sendPath(t, a, "/prod/broken")
		sendPath(t, a, "/prod/pets")
		press(t, a, "5")
	})
}

func TestGoldenPaletteOpen(t *testing.T) {
	eachSize(t, func(t *testing.T, a *app) { press(t, a, ":") })
}

func TestGoldenPaletteTyped(t *testing.T) {
	eachSize(t, func(t *testing.T, a *app) {
		press(t, a, ":", "up", "set-f", "tab", "--function-name listPets --latency 31s")
	})
}

func TestGoldenPaletteComplete(t *testing.T) {
	eachSize(t, func(t *testing.T, a *app) { press(t, a, "2", ":", "update", "tab") })
}

func TestGoldenPaletteOutput(t *testing.T) {
	eachSize(t, func(t *testing.T, a *app) {
		press(t, a, ":", "get-stage --rest-api-id pets --stage-name prod", "enter")
	})
}

func TestGoldenPaletteError(t *testing.T) {
	eachSize(t, func(t *testing.T, a *app) {
		press(t, a, "4", ":", "upd", "tab", "enter")
	})
}
