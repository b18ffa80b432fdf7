package engine

import (
	"fmt"
	"net/url"
	"strings"

	"apigwlab/engine/lambda"
	"apigwlab/engine/model"
	"apigwlab/engine/throttle"
	"apigwlab/engine/websocket"
)

// WebSocket APIs (websocketApis:) run the pipeline of engine/websocket. They share the
// gateway's Lambda service and clock; the 500 new connections per second are one account
// budget for all of them (fact 103).

// APITypeWebSocket is APIInfo.Type of a WebSocket API.
const APITypeWebSocket = "WEBSOCKET"

func (g *Gateway) compileWebSocketAPIs(ws *model.Workspace, region, account string, seed uint64) error {
	g.wsByKey = map[string]*websocket.API{}
	g.wsEnv = websocket.Env{Clock: g.clock, Lambda: g.lambda, HTTP: g.http, Backends: g.backends, Throttle: g.throttler, Region: region, Account: account,
		Seed: seed, Observe: g.wsObserve}
	for _, a := range ws.WebSocketAPIs {
		if a == nil {
			continue
		}
		// Deployments as HTTP APIs have them (httpdeploy.go): each stage serves one.
		loadV2(a, g.clock.Now())
		if _, err := g.wsAdd(a); err != nil {
			return fmt.Errorf("deploy WebSocket API %s: %w", a.Name, err)
		}
	}
	return nil
}

// wsAdd compiles a WebSocket API and adds it to the gateway. The first one makes the
// account's new-connection bucket (500/s, shared by every WebSocket API) and lets
// functions call @connections.
func (g *Gateway) wsAdd(a *model.V2API) (*websocket.API, error) {
	if g.wsEnv.Connects == nil {
		g.wsEnv.Connects = throttle.NewBucket(throttle.Limits{Rate: websocket.NewConnectionsRate, Burst: websocket.NewConnectionsRate}, g.clock.Now())
		g.lambda.SetConnections(wsConnections{g})
	}
	env := g.wsEnv
	api, err := websocket.Compile(a, &env)
	if err != nil {
		return nil, err
	}
	g.wsAPIs = append(g.wsAPIs, api)
	g.wsByKey[api.Name] = api
	g.wsByKey[api.ID] = api
	g.wsCount.Store(int32(len(g.wsAPIs)))
	return api, nil
}

// wsConnections lets code functions call @connections (the AWS SDK's
// ApiGatewayManagementApiClient): the endpoint's host names the API
// ({apiId}.execute-api.{region}.amazonaws.com; any other host, such as serve's
// 127.0.0.1:3000, means the workspace's only WebSocket API) and its path the stage. The call
// takes the path of serve's HTTP endpoint (websocket.API.Call).
type wsConnections struct{ g *Gateway }

func (w wsConnections) Call(fn, method, endpoint, id string, data []byte) (lambda.ConnectionsAnswer, error) {
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" {
		return lambda.ConnectionsAnswer{}, fmt.Errorf("endpoint %q is not a URL: write https://{domainName}/{stage}", endpoint)
	}
	var api *websocket.API
	if i := strings.Index(u.Host, ".execute-api."); i > 0 {
		api = w.g.wsByKey[u.Host[:i]]
	} else if len(w.g.wsAPIs) == 1 {
		api = w.g.wsAPIs[0]
	}
	if api == nil {
		return lambda.ConnectionsAnswer{}, fmt.Errorf("no WebSocket API at %s (use the endpoint https://{domainName}/{stage} of the event's requestContext)", u.Host)
	}
	stage, _, _ := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/")
	status, typ, body, ex := api.Call("function "+fn, method, stage, id, data)
	return lambda.ConnectionsAnswer{Status: status, ErrorType: typ, Body: body, RequestID: ex.RequestID}, nil
}

// WebSocketAPI returns a deployed WebSocket API by name or id; with ref "", the only one
// when the workspace has exactly one.
func (g *Gateway) WebSocketAPI(ref string) (*websocket.API, bool) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.wsAPI(ref)
}

// wsAPI is WebSocketAPI for callers holding the gateway's lock.
func (g *Gateway) wsAPI(ref string) (*websocket.API, bool) {
	if ref == "" {
		if len(g.wsAPIs) == 1 {
			return g.wsAPIs[0], true
		}
		return nil, false
	}
	a := g.wsByKey[ref]
	return a, a != nil
}

// WebSocketAPIs are the deployed WebSocket APIs in workspace order.
func (g *Gateway) WebSocketAPIs() []*websocket.API {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return append([]*websocket.API(nil), g.wsAPIs...)
}

// HasWebSocketAPIs reports whether the gateway has a WebSocket API (create-api may add one
// while serve runs); cheap enough for every request.
func (g *Gateway) HasWebSocketAPIs() bool { return g.wsCount.Load() > 0 }

// ObserveWebSocket sets a function called after every WebSocket exchange of every API
// (connect, message, disconnect, @connections call); serve logs them, the TUI shows them.
// Set it before connections are made.
func (g *Gateway) ObserveWebSocket(f func(*websocket.Exchange)) { g.wsObserver = f }

func (g *Gateway) wsObserve(ex *websocket.Exchange) {
	if ex.AccessLog != "" {
		// With the REST and HTTP APIs' lines: AccessLog() returns them all.
		g.accessLog.add(AccessLogLine{At: ex.At, API: ex.API, Stage: ex.Stage, Text: ex.AccessLog})
	}
	if f := g.wsObserver; f != nil {
		f(ex)
	}
}
