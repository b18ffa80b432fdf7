//go:build unix

package websocket_test

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"testing"

	"apigwlab/engine/websocket"
)

// TestCommandFunctionPostToConnection: a command: function (the Runtime API) reaches
// @connections at AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI, with the stage in the path or
// without it (the invoking connection's API and stage): a post reaches the other client, a
// gone connection answers 410 GoneException, GET answers the caller's connection.
func TestCommandFunctionPostToConnection(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	script, _ := filepath.Abs("testdata/push_bootstrap.py")
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
    runtime: provided.al2023
    command: `+py+` `+script+`
    timeout: 20s
`)
	t.Cleanup(f.gw.Close)
	a, _, _ := f.connect(t, "")
	b, pb, _ := f.connect(t, "")
	c, pc, _ := f.connect(t, "")
	cid := c.ID()
	c.Closed(1001, "")
	ex := a.Receive(websocket.Inbound{Data: []byte(fmt.Sprintf(`{"text":"hi from python","to":[%q,%q]}`, b.ID(), cid))})
	want := b.ID() + ":200 " + cid + ":410:GoneException me:200:203.0.113.7"
	if string(ex.Reply) != want {
		t.Fatalf("reply\n got %s\nwant %s", ex.Reply, want)
	}
	if len(pb.frames) != 1 || pb.frames[0] != "hi from python" || len(pc.frames) != 0 {
		t.Errorf("b got %q, c got %q", pb.frames, pc.frames)
	}
}
