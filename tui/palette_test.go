package tui

import (
	"strings"
	"testing"
)

func TestPaletteRunsACommandAndTheExplorerSeesIt(t *testing.T) {
	a := newTestApp(t, 80, 24)
	press(t, a, ":", "set-function --function-name listPets --latency 31s", "enter")
	if !a.palette.open || a.palette.failed || !strings.Contains(a.palette.output, "FunctionArn") {
		t.Fatalf("palette: open=%v failed=%v output=%q", a.palette.open, a.palette.failed, a.palette.output)
	}
	press(t, a, "esc")
	if a.palette.open {
		t.Fatal("esc did not close the palette")
	}
	press(t, a, "enter")
	if e := a.sh.history.last(); e == nil || e.Resp.Status != 504 {
		t.Fatalf("GET /prod/pets after --latency 31s: want 504, got %+v", e)
	}
}

func TestPaletteShowsErrors(t *testing.T) {
	a := newTestApp(t, 80, 24)
	press(t, a, ":", "set-function", "enter")
	if !a.palette.failed || !strings.Contains(a.View(), "set-function needs --function-name") {
		t.Fatalf("no error shown:\n%s", a.View())
	}
}

func TestPaletteHistoryAndCompletion(t *testing.T) {
	a := newTestApp(t, 80, 24)
	press(t, a, ":", "get-st", "tab")
	// get-stage and get-stages share "get-stage": tab stops there, a space finishes it.
	if v := a.palette.input.Value(); v != "get-stage" {
		t.Fatalf("tab completed to %q", v)
	}
	press(t, a, " --stage-name prod", "enter", "flush", "tab")
	if v := a.palette.input.Value(); v != "flush-stage-" {
		t.Fatalf("tab completed to %q, want the common prefix", v)
	}
	press(t, a, "c", "tab")
	if v := a.palette.input.Value(); v != "flush-stage-cache " {
		t.Fatalf("tab completed to %q", v)
	}
	press(t, a, "up")
	if v := a.palette.input.Value(); v != "get-stage --stage-name prod" {
		t.Fatalf("↑ gave %q", v)
	}
	press(t, a, "down")
	if v := a.palette.input.Value(); v != "flush-stage-cache " {
		t.Fatalf("↓ did not bring back the unsent line: %q", v)
	}
	press(t, a, "esc", ":", "aws apigateway get-rest-api", "tab")
	// get-rest-api and get-rest-apis share the prefix: tab stops there.
	if v := a.palette.input.Value(); v != "aws apigateway get-rest-api" {
		t.Fatalf("tab after the aws prefix completed to %q", v)
	}
	press(t, a, "esc", ":", "aws apigateway delete-reso", "tab")
	if v := a.palette.input.Value(); v != "aws apigateway delete-resource " {
		t.Fatalf("tab after the aws prefix completed to %q", v)
	}
}

func TestPaletteDoesNotOpenWhileTyping(t *testing.T) {
	a := newTestApp(t, 80, 24)
	press(t, a, "e", ":")
	if a.palette.open {
		t.Fatal(": opened the palette while the composer had focus")
	}
	press(t, a, "esc", "4", "/", ":")
	if a.palette.open {
		t.Fatal(": opened the palette while typing a log filter")
	}
}

func TestMetricsCountRequestsOfTheStage(t *testing.T) {
	a := newTestApp(t, 120, 40)
	sendPath(t, a, "/prod/pets")
	sendPath(t, a, "/prod/pets/404")
	sendPath(t, a, "/prod/broken")
	press(t, a, "5")
	v := a.View()
	for _, want := range []string{"[5 Metrics]", "pets/prod", "Per minute · 1 datapoint", "CacheHitCount", "now 3 max 3"} {
		if !strings.Contains(v, want) {
			t.Errorf("metrics screen does not show %q:\n%s", want, v)
		}
	}
}

// Issue 15 rough edge: tab completed verbs only. After the verb it completes the --flag
// being written from the verb's own options (those not given yet), and the line under the
// input shows the verb's usage as it is typed.
func TestPaletteCompletesFlagsAndShowsUsage(t *testing.T) {
	a := newTestApp(t, 100, 30)
	press(t, a, ":", "get-stage ")
	if v := a.View(); !strings.Contains(v, "usage: get-stage --rest-api-id … --stage-name …") {
		t.Fatalf("no usage line while typing the verb's flags:\n%s", v)
	}
	press(t, a, "--st", "tab")
	if v := a.palette.input.Value(); v != "get-stage --stage-name " {
		t.Fatalf("tab completed the flag to %q", v)
	}
	press(t, a, "prod ")
	if v := a.View(); !strings.Contains(v, "options left: --rest-api-id") {
		t.Fatalf("the usage does not shorten to the options left:\n%s", v)
	}
	press(t, a, "tab")
	if v := a.palette.input.Value(); v != "get-stage --stage-name prod --rest-api-id " {
		t.Fatalf("tab after a space did not offer the one flag left: %q", v)
	}
	press(t, a, "esc", ":", "aws apigateway update-alias --", "tab")
	if v, h := a.palette.input.Value(), a.palette.hint; v != "aws apigateway update-alias --" ||
		!strings.Contains(h, "--function-name  --name  --function-version  --routing-config") {
		t.Fatalf("several flags: line %q, hint %q", v, h)
	}
	press(t, a, "f", "tab")
	if v := a.palette.input.Value(); v != "aws apigateway update-alias --function-" {
		t.Fatalf("common prefix: %q", v)
	}
	press(t, a, "esc", ":", "get-stage --bogus", "tab")
	if h := a.palette.hint; !strings.Contains(h, "no option of get-stage starts with --bogus") {
		t.Fatalf("an unknown flag prefix: hint %q", h)
	}
}

// TestPaletteTitleNamesTheService: the title follows the line's service (it said "aws
// apigateway" for Lambda verbs too), and invoke runs a function from the palette.
func TestPaletteTitleNamesTheService(t *testing.T) {
	a := newTestApp(t, 100, 30)
	press(t, a, ":", "get-stage --rest-api-id pets")
	if v := a.View(); !strings.Contains(v, "Command · aws apigateway ") {
		t.Fatalf("get-stage:\n%s", v)
	}
	press(t, a, "esc", ":", `invoke --function-name echo --payload '{"a":1}'`)
	if v := a.View(); !strings.Contains(v, "Command · aws lambda ") {
		t.Fatalf("invoke:\n%s", v)
	}
	press(t, a, "enter")
	if a.palette.failed || !strings.Contains(a.palette.output, `"Payload": "{\"a\":1}"`) || !strings.Contains(a.View(), "Command · aws lambda ") {
		t.Fatalf("invoke ran: failed=%v %q\n%s", a.palette.failed, a.palette.output, a.View())
	}
}
