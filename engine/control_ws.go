package engine

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"apigwlab/engine/websocket"
)

// The @connections management verbs, spelt as `aws apigatewaymanagementapi` spells them:
// post-to-connection, get-connection, delete-connection. They go through websocket.API.Call,
// the path serve's @connections endpoint and code functions take, so the exchange shows in
// the log and traces like theirs (from "control plane").
//
// The AWS CLI names the API and stage with --endpoint-url
// https://{api-id}.execute-api.{region}.amazonaws.com/{stage}; apigwlab takes both from it
// (any other host, such as serve's http://127.0.0.1:3000/production, means the workspace's
// only WebSocket API). Without it, --api-id and --stage-name (apigwlab conveniences) name
// them, and either may be left out when the workspace has one WebSocket API / the API one
// stage.

// wsManage runs one @connections call for a verb: method is POST, GET or DELETE.
func (g *Gateway) wsManage(f flagSet, method, op string) (string, error) {
	api, stage, err := g.wsManageTarget(f)
	if err != nil {
		return "", err
	}
	id := f.get("connection-id")
	if id == "" {
		return "", fmt.Errorf("--connection-id is required (the TUI's connections and the $connect event's requestContext.connectionId name it)")
	}
	var data []byte
	if method == "POST" {
		if !f.has("data") {
			return "", fmt.Errorf("--data is required: the message to send, e.g. --data '{\"text\":\"hi\"}'")
		}
		data = []byte(f.get("data"))
	}
	status, typ, body, _ := api.Call("control plane", method, stage, id, data)
	if typ != "" {
		// The AWS CLI: "An error occurred (GoneException) when calling the PostToConnection
		// operation: " — GoneException's body is empty (fact 99), the others carry a message.
		var msg struct {
			Message string `json:"message"`
		}
		_ = json.Unmarshal(body, &msg)
		if typ == "GoneException" {
			return "", &HintedError{Type: typ, AWS: msg.Message, Hint: op + ": connection " + id + " is closed or never opened on stage " + stage}
		}
		return "", fmt.Errorf("%s: %s", typ, msg.Message)
	}
	if method != "GET" || status != 200 {
		return "", nil // PostToConnection and DeleteConnection print nothing
	}
	var info struct {
		ConnectedAt time.Time `json:"connectedAt"`
		Identity    struct {
			SourceIP  string  `json:"sourceIp"`
			UserAgent *string `json:"userAgent"`
		} `json:"identity"`
		LastActiveAt time.Time `json:"lastActiveAt"`
	}
	if err := json.Unmarshal(body, &info); err != nil {
		return "", fmt.Errorf("get-connection: read the answer: %w", err)
	}
	type identity struct {
		SourceIP  string  `json:"SourceIp"`
		UserAgent *string `json:"UserAgent"`
	}
	return toJSON(struct {
		ConnectedAt  string   `json:"ConnectedAt"`
		Identity     identity `json:"Identity"`
		LastActiveAt string   `json:"LastActiveAt"`
	}{cliTime(info.ConnectedAt), identity{info.Identity.SourceIP, info.Identity.UserAgent}, cliTime(info.LastActiveAt)}), nil
}

// cliTime prints a timestamp as AWS CLI v2 prints botocore's datetimes (Python's isoformat:
// microseconds only when there are some, offset +00:00).
func cliTime(t time.Time) string {
	if t.Nanosecond() != 0 {
		return t.UTC().Format("2006-01-02T15:04:05.000000-07:00")
	}
	return v2Time(t)
}

// wsManageTarget resolves the API and stage from --endpoint-url, else --api-id/--stage-name.
func (g *Gateway) wsManageTarget(f flagSet) (*websocket.API, string, error) {
	ref, stage := f.get("api-id"), f.get("stage-name")
	if e := f.get("endpoint-url"); e != "" {
		u, err := url.Parse(e)
		if err != nil || u.Host == "" {
			return nil, "", fmt.Errorf("--endpoint-url %q is not a URL: write https://{api-id}.execute-api.{region}.amazonaws.com/{stage}", e)
		}
		if i := strings.Index(u.Host, ".execute-api."); i > 0 {
			ref = u.Host[:i]
		}
		stage, _, _ = strings.Cut(strings.TrimPrefix(u.Path, "/"), "/")
		if stage == "" {
			return nil, "", fmt.Errorf("--endpoint-url %q names no stage: write https://{api-id}.execute-api.{region}.amazonaws.com/{stage}", e)
		}
	}
	api, ok := g.wsAPI(ref)
	if !ok {
		if ref == "" {
			return nil, "", fmt.Errorf("--endpoint-url https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (or --api-id) is required: the workspace has %d WebSocket APIs", len(g.wsAPIs))
		}
		return nil, "", fmt.Errorf("NotFoundException: no WebSocket API %s in the workspace (get-apis lists them)", ref)
	}
	if stage == "" {
		m := g.wsModel(api.ID)
		if m == nil || len(m.Stages) != 1 || m.Stages[0] == nil {
			return nil, "", fmt.Errorf("--stage-name (or --endpoint-url …/{stage}) is required: %s has several stages", api.Name)
		}
		stage = m.Stages[0].StageName
	}
	return api, stage, nil
}

func (g *Gateway) postToConnection(f flagSet) (string, error) {
	return g.wsManage(f, "POST", "PostToConnection")
}

func (g *Gateway) getConnection(f flagSet) (string, error) {
	return g.wsManage(f, "GET", "GetConnection")
}

func (g *Gateway) deleteConnection(f flagSet) (string, error) {
	return g.wsManage(f, "DELETE", "DeleteConnection")
}
