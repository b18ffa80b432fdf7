package engine

import (
	"testing"

	"apigwlab/engine/websocket"
	"apigwlab/engine/wire"
)

type recPeer struct {
	got    []string
	closed bool
}

func (p *recPeer) Send(msg []byte) error      { p.got = append(p.got, string(msg)); return nil }
func (p *recPeer) Close(code int, why string) { p.closed = true }

const wsManageYAML = `
apiVersion: apigwlab/v1
websocketApis:
  - name: chat
    apiId: fjnq7njcv2
    routes:
      $default:
        integration: {integrationType: MOCK}
    stages:
      - stageName: prod
`

func TestConnectionVerbs(t *testing.T) {
	g := shopHTTP(t, wsManageYAML)
	api, ok := g.WebSocketAPI("")
	if !ok {
		t.Fatal("no WebSocket API")
	}
	peer := &recPeer{}
	res := api.Connect(&websocket.ConnectRequest{Stage: "prod", SourceIP: "203.0.113.7", Peer: peer,
		Header: wire.Headers{{Name: "User-Agent", Value: "wscat/5"}}})
	if res.Conn == nil {
		t.Fatalf("connect: %d %s", res.Status, res.Body)
	}
	id := res.Conn.ID()
	steps := []struct{ line, out, err string }{
		{"aws apigatewaymanagementapi post-to-connection --connection-id " + id + " --data hello --endpoint-url https://fjnq7njcv2.execute-api.us-east-1.amazonaws.com/prod", "", ""},
		{"post-to-connection --connection-id " + id + " --data again", "", ""},
		{"get-connection --api-id chat --stage-name prod --connection-id " + id, `{
    "ConnectedAt": "2026-03-04T05:06:07+00:00",
    "Identity": {
        "SourceIp": "203.0.113.7",
        "UserAgent": "wscat/5"
    },
    "LastActiveAt": "2026-03-04T05:06:07+00:00"
}`, ""},
		{"get-connection --stage-name dev --connection-id " + id, "", "ForbiddenException: Forbidden"},
		{"get-connection --connection-id bad", "", "BadRequestException: Invalid connectionId"},
		{"delete-connection --connection-id " + id, "", ""},
		{"post-to-connection --connection-id " + id + " --data late", "", "GoneException:  (PostToConnection: connection " + id + " is closed or never opened on stage prod)"},
		{"post-to-connection --connection-id " + id, "", "--data is required: the message to send, e.g. --data '{\"text\":\"hi\"}'"},
		{"get-connection --endpoint-url https://nope.execute-api.us-east-1.amazonaws.com/prod --connection-id " + id, "", "NotFoundException: no WebSocket API nope in the workspace (get-apis lists them)"},
	}
	for _, s := range steps {
		out, err := g.Exec(s.line)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if out != s.out || got != s.err {
			t.Errorf("%s\n got %q, %q\nwant %q, %q", s.line, out, got, s.out, s.err)
		}
	}
	if len(peer.got) != 2 || peer.got[0] != "hello" || peer.got[1] != "again" || !peer.closed {
		t.Errorf("client got %q, closed %v", peer.got, peer.closed)
	}
}
