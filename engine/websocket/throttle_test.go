package websocket_test

import (
	"strings"
	"testing"
	"time"

	"apigwlab/engine/websocket"
)

// Stage throttling: defaultRouteSettings limits every route's messages, routeSettings one
// route's, and $connect's settings the new connections; all in virtual time.
func TestMessageThrottling(t *testing.T) {
	yml := strings.Replace(chatYAML, "      - stageName: prod\n", `      - stageName: prod
        defaultRouteSettings: {throttlingBurstLimit: 2, throttlingRateLimit: 1}
        routeSettings:
          oneway: {throttlingBurstLimit: 5}
`, 1)
	f := setup(t, yml)
	c, p, _ := f.connect(t, "token=ok")
	send := func(action string) *websocket.Exchange {
		return c.Receive(websocket.Inbound{Data: []byte(`{"action":"` + action + `"}`)})
	}
	// sendMessage: burst 2 at one instant, the third throttled with an error frame
	for i := 0; i < 2; i++ {
		if ex := send("sendMessage"); ex.Throttled || p.last() != "got it" {
			t.Fatalf("message %d: throttled %v, frame %q", i+1, ex.Throttled, p.last())
		}
	}
	ex := send("sendMessage")
	want := `{"message": "Too Many Requests", "connectionId":"` + c.ID() + `", "requestId":"` + ex.RequestID + `"}`
	if !ex.Throttled || ex.Integrated || p.last() != want || !c.Open() {
		t.Fatalf("third message: throttled %v integrated %v frame %q, want %q (socket open %v)", ex.Throttled, ex.Integrated, p.last(), want, c.Open())
	}
	// oneway has its own bucket (burst 5; its rate falls back to the default's 1/s)
	for i := 0; i < 5; i++ {
		if ex := send("oneway"); ex.Throttled {
			t.Fatalf("oneway %d throttled", i+1)
		}
	}
	if ex := send("oneway"); !ex.Throttled {
		t.Fatal("oneway 6 not throttled")
	}
	// a second later one token is back
	f.clk.Advance(time.Second)
	if ex := send("sendMessage"); ex.Throttled {
		t.Fatal("a second later: still throttled")
	}
	if ex := send("sendMessage"); !ex.Throttled {
		t.Fatal("a second later, second message: not throttled")
	}
	m := f.api.Metrics("prod")
	if m.ClientError != 3 {
		t.Errorf("ClientError %d, want 3 (the throttled messages)", m.ClientError)
	}
}

func TestConnectThrottling(t *testing.T) {
	yml := strings.Replace(chatYAML, "      - stageName: prod\n", `      - stageName: prod
        routeSettings:
          $connect: {throttlingBurstLimit: 1, throttlingRateLimit: 0}
`, 1)
	f := setup(t, yml)
	if _, _, res := f.connect(t, "token=ok"); res.Status != 101 {
		t.Fatalf("first connection: %d", res.Status)
	}
	_, _, res := f.connect(t, "token=ok")
	if res.Status != 429 || res.Body != `{"message":"Too Many Requests"}` || !res.Exchange.Throttled {
		t.Fatalf("second connection: %d %q", res.Status, res.Body)
	}
	if res.Exchange.Function != "" {
		t.Errorf("a throttled $connect ran %s (the authorizer or integration)", res.Exchange.Function)
	}
	// a stage throttled to 0 refuses every connection (fact 63)
	f = setup(t, strings.Replace(chatYAML, "      - stageName: prod\n", "      - stageName: prod\n        defaultRouteSettings: {throttlingBurstLimit: 0, throttlingRateLimit: 0}\n", 1))
	if _, _, res := f.connect(t, "token=ok"); res.Status != 429 {
		t.Errorf("stage 0/0: %d", res.Status)
	}
}
