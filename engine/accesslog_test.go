package engine

import (
	"strings"
	"testing"

	"apigwlab/engine/model"
)

func TestAccessLog(t *testing.T) {
	ws := petsWorkspace()
	ws.RestAPIs[0].Deployments = []*model.Deployment{{ID: "d1"}}
	st := ws.RestAPIs[0].Stages[0]
	st.DeploymentID = "d1"
	st.CanarySettings = &model.CanarySettings{DeploymentID: "d1", PercentTraffic: 100}
	st.AccessLogSettings = &model.AccessLogSettings{DestinationArn: "arn:aws:logs:us-east-1:123456789012:log-group:access",
		Format: `$context.requestId $context.httpMethod $context.resourcePath $context.status $context.responseLength ${context.integrationLatency}ms canary=$context.isCanaryRequest err=$context.error.messageString type=$context.error.responseType`}
	g := newGateway(t, ws)
	r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets", Trace: true})
	want := r.RequestID + " GET /pets 200 10 20ms canary=true err=- type=-"
	if r.AccessLog != want {
		t.Fatalf("access log %q, want %q", r.AccessLog, want)
	}
	r = g.Invoke(&Request{Method: "GET", Path: "/prod/nope"})
	if !strings.HasSuffix(r.AccessLog, ` - 403 42 -ms canary=true err="Missing Authentication Token" type=MISSING_AUTHENTICATION_TOKEN`) {
		t.Fatalf("access log %q", r.AccessLog)
	}
	lines := g.AccessLog()
	if len(lines) != 2 || !lines[0].Canary {
		t.Fatalf("AccessLog() = %+v", lines)
	}
}

// An HTTP API's access-log lines join the gateway's log as REST and WebSocket APIs' do
// (examples/http-api.yaml: the $default stage has a format, the dev stage none).
func TestAccessLogHTTPAPI(t *testing.T) {
	ws, err := model.Load("../examples/http-api.yaml")
	if err != nil {
		t.Fatal(err)
	}
	g := newGateway(t, ws)
	r := g.Invoke(&Request{Method: "GET", Path: "/pets/7"})
	if r.Status != 200 || r.AccessLog == "" || !strings.Contains(r.AccessLog, `"GET GET /pets/{id} HTTP/1.1" 200 21 `+r.RequestID) {
		t.Fatalf("%d, access log %q", r.Status, r.AccessLog)
	}
	if d := g.Invoke(&Request{Method: "GET", Path: "/dev/pets/7"}); d.Status != 200 || d.AccessLog != "" {
		t.Fatalf("dev stage: %d, access log %q", d.Status, d.AccessLog)
	}
	lines := g.AccessLog()
	if len(lines) != 1 || lines[0].API != "shop" || lines[0].Stage != "$default" || lines[0].Text != r.AccessLog || lines[0].At.IsZero() {
		t.Fatalf("AccessLog() = %+v, want the $default stage's line %q", lines, r.AccessLog)
	}
}
