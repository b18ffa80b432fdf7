package websocket_test

import (
	"fmt"
	"strings"
	"testing"

	"apigwlab/engine/websocket"
)

const pushYAML = `
apiVersion: apigwlab/v1
websocketApis:
  - name: chat
    apiId: fjnq7njcv2
    routes:
      $connect:
        integration: {integrationType: AWS_PROXY, integrationUri: function:hello}
      broadcast:
        integration: {integrationType: AWS_PROXY, integrationUri: function:broadcast}
      dm:
        integration: {integrationType: AWS_PROXY, integrationUri: function:broadcast}
        routeResponseSelectionExpression: $default
    stages:
      - stageName: prod
functions:
  - functionName: hello
    returns: {statusCode: 200}
    pushes:
      - {to: all, data: welcome}        # during $connect the new connection answers 410 (fact 82)
  - functionName: broadcast
    returns: {statusCode: 200}
    pushes:
      - {to: others, data: $.body.text}
    cases:
      - when: {$.body.action: dm}
        returns: {statusCode: 200, body: sent}
        pushes:
          - {to: $.body.to, data: $.body}
          - {to: $.body.missing, data: x}
`

// A declared function's pushes: chat fan-out to the others, a direct message to a gone
// connection (410), and pushes during $connect, through the same @connections path as serve.
func TestDeclaredPushes(t *testing.T) {
	f := setup(t, pushYAML)
	a, pa, _ := f.connect(t, "")
	b, pb, resB := f.connect(t, "")
	c, pc, _ := f.connect(t, "")
	// b's $connect pushed "welcome" to every connection: a got it, b itself was still
	// connecting (410), c did not exist yet
	if len(pa.frames) != 2 || pa.frames[1] != "welcome" || len(pb.frames) != 1 || pb.frames[0] != "welcome" {
		t.Fatalf("welcome frames: a %q, b %q", pa.frames, pb.frames)
	}
	var selfPush *websocket.PushResult
	for i, p := range resB.Exchange.Pushes {
		if p.ConnectionID == b.ID() {
			selfPush = &resB.Exchange.Pushes[i]
		}
	}
	if selfPush == nil || selfPush.Status != 410 || selfPush.Error != "GoneException" || resB.Status != 101 {
		t.Errorf("b's push to itself during $connect: %+v (connect %d)", selfPush, resB.Status)
	}

	before := [3]int{len(pa.frames), len(pb.frames), len(pc.frames)}
	ex := a.Receive(websocket.Inbound{Data: []byte(`{"action":"broadcast","text":"hi all"}`), Trace: true})
	if len(pa.frames) != before[0] || pb.last() != "hi all" || pc.last() != "hi all" || len(pb.frames) != before[1]+1 {
		t.Errorf("fan-out: a %q, b %q, c %q", pa.frames, pb.frames, pc.frames)
	}
	if len(ex.Pushes) != 2 || ex.Pushes[0].Status != 200 || ex.Pushes[1].Status != 200 {
		t.Errorf("pushes %+v", ex.Pushes)
	}
	var hop string
	for _, h := range ex.Trace.Hops {
		if h.Stage == "@connections" {
			hop = h.Decision
		}
	}
	if hop != "2 sent by broadcast" {
		t.Errorf("@connections hop %q", hop)
	}

	// c leaves; a direct message to it answers 410 and the function still answers
	cid := c.ID()
	c.Closed(1000, "")
	msg := fmt.Sprintf(`{"action":"dm","to":%q}`, cid)
	ex = a.Receive(websocket.Inbound{Data: []byte(msg), Trace: true})
	if len(ex.Pushes) != 1 || ex.Pushes[0] != (websocket.PushResult{ConnectionID: cid, Status: 410, Error: "GoneException"}) {
		t.Errorf("dm to a gone connection: %+v", ex.Pushes)
	}
	if string(ex.Reply) != "sent" {
		t.Errorf("reply %q", ex.Reply)
	}
	for _, h := range ex.Trace.Hops {
		if h.Stage == "@connections" {
			if h.Decision != "0 sent, 1 gone (410) by broadcast" || !strings.Contains(fmt.Sprint(h.Facts), "to: $.body.missing is not in the event") {
				t.Errorf("hop %s %v", h.Decision, h.Facts)
			}
		}
	}
	// a dm to b carries the whole message ($.body)
	ex = a.Receive(websocket.Inbound{Data: []byte(fmt.Sprintf(`{"action":"dm","to":%q}`, b.ID()))})
	if pb.last() != fmt.Sprintf(`{"action":"dm","to":%q}`, b.ID()) || ex.Pushes[0].Status != 200 {
		t.Errorf("dm to b: %q %+v", pb.last(), ex.Pushes)
	}
	// the pushes are @connections exchanges, named by their caller
	n := 0
	for _, e := range f.events {
		if e.EventType == "" && e.From == "function broadcast" && e.RouteKey == "POST @connections" {
			n++
		}
	}
	if n != 4 {
		t.Errorf("%d @connections exchanges by function broadcast, want 4", n)
	}
}

// A JavaScript function fans out with the AWS SDK v3's ApiGatewayManagementApiClient and
// handles GoneException as a chat backend does.
func TestCodeFunctionPostToConnection(t *testing.T) {
	f := setup(t, `
apiVersion: apigwlab/v1
websocketApis:
  - name: chat
    apiId: fjnq7njcv2
    routes:
      $default:
        integration: {integrationType: AWS_PROXY, integrationUri: function:fanout}
        routeResponseSelectionExpression: $default
    stages:
      - stageName: prod
functions:
  - functionName: fanout
    runtime: nodejs20.x
    code: |
      const { ApiGatewayManagementApiClient, PostToConnectionCommand, GetConnectionCommand, DeleteConnectionCommand, GoneException } = require("@aws-sdk/client-apigatewaymanagementapi");
      exports.handler = async (event) => {
        const { domainName, stage, connectionId } = event.requestContext;
        const client = new ApiGatewayManagementApiClient({ endpoint: "https://" + domainName + "/" + stage });
        const msg = JSON.parse(event.body);
        const out = [];
        for (const id of msg.to) {
          try {
            const r = await client.send(new PostToConnectionCommand({ ConnectionId: id, Data: msg.text }));
            out.push(id + ":" + r.$metadata.httpStatusCode);
          } catch (e) {
            out.push(id + ":" + e.$metadata.httpStatusCode + ":" + e.name + ":" + (e instanceof GoneException) + ":" + e.message + ":" + e.$fault);
          }
        }
        const me = await client.send(new GetConnectionCommand({ ConnectionId: connectionId }));
        out.push("me:" + me.Identity.SourceIp + ":" + (me.ConnectedAt instanceof Date));
        if (msg.kick) {
          const d = await client.send(new DeleteConnectionCommand({ ConnectionId: msg.kick }));
          out.push("kicked:" + d.$metadata.httpStatusCode);
        }
        return { statusCode: 200, body: out.join(" ") };
      };
`)
	a, _, _ := f.connect(t, "")
	b, pb, _ := f.connect(t, "")
	c, pc, _ := f.connect(t, "")
	cid := c.ID()
	c.Closed(1001, "")
	ex := a.Receive(websocket.Inbound{Data: []byte(fmt.Sprintf(`{"text":"hi","to":[%q,%q],"kick":%q}`, b.ID(), cid, b.ID()))})
	want := b.ID() + ":200 " + cid + ":410:GoneException:true:UnknownError:client me:203.0.113.7:true kicked:204"
	if string(ex.Reply) != want {
		t.Fatalf("reply\n got %s\nwant %s", ex.Reply, want)
	}
	if pb.frames[0] != "hi" || !pb.closed || b.Open() || len(pc.frames) != 0 {
		t.Errorf("b got %q, closed %v", pb.frames, pb.closed)
	}
}
