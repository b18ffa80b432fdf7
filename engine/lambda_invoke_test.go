package engine

import (
	"errors"
	"testing"
	"time"

	"apigwlab/engine/clock"
	"apigwlab/engine/model"
)

func invokeGateway(t testing.TB) (*Gateway, *clock.Virtual) {
	t.Helper()
	ws, err := model.Parse("ws.yaml", []byte(`
functions:
  - functionName: f
    returns: {ok: true}
    versions: [{version: "1", returns: {v: 1}}]
    aliases: {live: "1"}
`))
	if err != nil {
		t.Fatal(err)
	}
	clk := clock.NewVirtual(t0)
	g, err := New(ws, Options{Clock: clk, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return g, clk
}

// TestInvokeFunctionNames: Invoke's FunctionName forms and their refusals (Lambda's texts:
// engine/lambda_invoke.go).
func TestInvokeFunctionNames(t *testing.T) {
	g, _ := invokeGateway(t)
	for _, tc := range []struct {
		name, qualifier string
		version         string // ExecutedVersion, or the refusal's type
		msg             string
	}{
		{"f", "", "$LATEST", ""},
		{"f:live", "", "1", ""},
		{"f", "live", "1", ""},
		{"f:live", "live", "1", ""},
		{"123456789012:function:f:1", "", "1", ""},
		{"arn:aws:lambda:us-east-1:123456789012:function:f", "", "$LATEST", ""},
		{"arn:aws:lambda:us-east-1:123456789012:function:f:live", "", "1", ""},
		{"f:live", "1", "InvalidParameterValueException", "The derived qualifier from the function name does not match the specified qualifier."},
		{"arn:aws:lambda:eu-west-1:123456789012:function:f", "", "ResourceNotFoundException", "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')"},
		{"g", "", "ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:123456789012:function:g:$LATEST"},
		{"f:dev", "", "ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:123456789012:function:f:dev"},
	} {
		p, err := g.PrepareInvoke(FunctionCall{FunctionName: tc.name, Qualifier: tc.qualifier})
		if tc.msg != "" {
			var le *LambdaError
			if !errors.As(err, &le) || le.Type != tc.version || le.Message != tc.msg {
				t.Errorf("%s %s: %v, want %s: %s", tc.name, tc.qualifier, err, tc.version, tc.msg)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s %s: %v", tc.name, tc.qualifier, err)
			continue
		}
		if a, err := p.Run(); err != nil || a.ExecutedVersion != tc.version || a.Status != 200 {
			t.Errorf("%s %s: %+v %v, want version %s", tc.name, tc.qualifier, a, err, tc.version)
		}
	}
}

// BenchmarkInvokeFunction: one Invoke of a simulated function (serve's POST …/invocations
// without HTTP): the checks, the run, and the answer.
func BenchmarkInvokeFunction(b *testing.B) {
	g, clk := invokeGateway(b)
	payload := []byte(`{"petId":"7","note":"a small event"}`)
	b.ReportAllocs()
	for b.Loop() {
		clk.Advance(time.Second)
		p, err := g.PrepareInvoke(FunctionCall{FunctionName: "f", Payload: payload})
		if err != nil {
			b.Fatal(err)
		}
		if a, err := p.Run(); err != nil || a.Status != 200 {
			b.Fatal(a, err)
		}
	}
}

// TestInvokeVerbTakesNoGatewayLock: the palette's invoke runs while another command holds
// the gateway's lock (a slow code function must not hold up API requests, nor wait for them).
func TestInvokeVerbTakesNoGatewayLock(t *testing.T) {
	g, _ := invokeGateway(t)
	g.mu.Lock()
	defer g.mu.Unlock()
	out, err := g.Exec(`invoke --function-name f --payload '{}'`)
	if err != nil || out != "{\n    \"ExecutedVersion\": \"$LATEST\",\n    \"Payload\": \"{\\\"ok\\\":true}\",\n    \"StatusCode\": 200\n}" {
		t.Fatalf("%v\n%s", err, out)
	}
}
