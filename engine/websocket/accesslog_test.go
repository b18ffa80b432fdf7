package websocket_test

import (
	"strings"
	"testing"

	"apigwlab/engine/websocket"
)

// Access logs of a WebSocket stage: one line per connect, message and disconnect, with the
// WebSocket $context variables, also in the gateway's access log with REST's and HTTP's.
func TestAccessLog(t *testing.T) {
	yml := strings.Replace(chatYAML, "      - stageName: prod\n", `      - stageName: prod
        accessLogSettings:
          destinationArn: arn:aws:logs:us-east-1:123456789012:log-group:chat
          format: '$context.eventType $context.routeKey $context.status $context.connectionId $context.requestId $context.messageId $context.authorizer.principalId $context.identity.sourceIp $context.error.messageString $context.integrationLatency $context.requestTimeEpoch'
`, 1)
	f := setup(t, yml)
	c, _, res := f.connect(t, "token=ok")
	id := c.ID()
	epoch := "1731324924553"
	want := []string{"CONNECT $connect 200 " + id + " " + res.Exchange.RequestID + " - alice 203.0.113.7 - 0 " + epoch}
	if res.Exchange.AccessLog != want[0] {
		t.Fatalf("connect:\n got %s\nwant %s", res.Exchange.AccessLog, want[0])
	}
	for _, tc := range []struct{ msg, line string }{
		{`{"action":"sendMessage"}`, "MESSAGE sendMessage 200 %c %r %m alice 203.0.113.7 - 0 " + epoch},
		{`{"action":"nosuch"}`, `MESSAGE - 403 %c %r %m alice 203.0.113.7 "Forbidden" - ` + epoch},
		{`{"action":"broken"}`, `MESSAGE broken 500 %c %r %m alice 203.0.113.7 "Internal server error" 0 ` + epoch},
	} {
		ex := c.Receive(websocket.Inbound{Data: []byte(tc.msg)})
		line := strings.NewReplacer("%c", id, "%r", ex.RequestID, "%m", ex.MessageID).Replace(tc.line)
		if ex.AccessLog != line {
			t.Errorf("%s:\n got %s\nwant %s", tc.msg, ex.AccessLog, line)
		}
		want = append(want, line)
	}
	ex := c.Closed(1000, "bye")
	line := "DISCONNECT $disconnect 200 " + id + " " + ex.RequestID + " - alice 203.0.113.7 - 0 " + epoch
	if ex.AccessLog != line {
		t.Errorf("disconnect:\n got %s\nwant %s", ex.AccessLog, line)
	}
	want = append(want, line)
	var got []string
	for _, l := range f.gw.AccessLog() {
		if l.API != "chat" || l.Stage != "prod" {
			t.Errorf("line of %s/%s", l.API, l.Stage)
		}
		got = append(got, l.Text)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("gateway access log:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// a refused handshake is logged with its status; no connection id yet when the
	// authorizer refused
	_, _, res = f.connect(t, "token=deny")
	if !strings.HasPrefix(res.Exchange.AccessLog, "CONNECT $connect 403 ") {
		t.Errorf("refused: %s", res.Exchange.AccessLog)
	}
}
