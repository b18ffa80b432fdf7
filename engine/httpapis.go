package engine

import (
	"fmt"

	"apigwlab/engine/httpapi"
	"apigwlab/engine/model"
)

// The gateway hosts every API of a workspace: REST APIs run the pipeline of this package,
// HTTP APIs (httpApis:) the one of engine/httpapi. Both share the gateway's Lambda service,
// account throttle, user pools, IAM principals, clock and metrics, so a function's
// concurrency and the account's 10,000 rps are one budget for all APIs, as on AWS.

// compileHTTPAPIs deploys the workspace's HTTP APIs.
func (g *Gateway) compileHTTPAPIs(ws *model.Workspace, region, account string, seed uint64) error {
	env := &httpapi.Env{Clock: g.clock, Lambda: g.lambda, HTTP: g.http, Backends: g.backends, Throttle: g.throttler,
		Pools: g.pools, Region: region, Account: account, Seed: seed, Metrics: g.metrics}
	env.MayInvoke = func(fn, qual string, src httpapi.ArnSource) bool { return g.mayInvoke(fn, qual, src.SourceArn) }
	if g.iamDir != nil {
		env.IAM = g.iamDir.dir
	}
	g.httpEnv = env
	g.httpByKey = map[string]*httpapi.API{}
	for _, a := range ws.HTTPAPIs {
		if a == nil {
			continue
		}
		loadV2(a, g.clock.Now())
		api, err := httpapi.Compile(a, env)
		if err != nil {
			return fmt.Errorf("deploy HTTP API %s: %w", a.Name, err)
		}
		g.httpAPIs = append(g.httpAPIs, api)
		g.httpByKey[api.Name] = api
		g.httpByKey[api.ID] = api
	}
	return nil
}

// httpAPIFor is the HTTP API a request names; with no name, the first HTTP API when the
// workspace has no REST API.
func (g *Gateway) httpAPIFor(ref string) *httpapi.API {
	if ref == "" {
		if len(g.apis) == 0 && len(g.httpAPIs) > 0 {
			return g.httpAPIs[0]
		}
		return nil
	}
	return g.httpByKey[ref]
}

// invokeHTTP answers a request to an HTTP API into resp.
// via, when not nil, carries the custom domain the request came through (domains.go).
func (g *Gateway) invokeHTTP(api *httpapi.API, req *Request, resp *Response, via *httpapi.Request) {
	hreq := httpapi.Request{Method: req.Method, Path: req.Path, RawQuery: req.RawQuery, Header: req.Header,
		Body: req.Body, SourceIP: req.SourceIP, Trace: req.Trace}
	if via != nil {
		hreq.Domain, hreq.Stage, hreq.RoutePath, hreq.MappingKey = via.Domain, via.Stage, via.RoutePath, via.MappingKey
	}
	var hr httpapi.Response
	hr.Header = resp.Header
	start := g.clock.Now()
	api.InvokeInto(&hreq, &hr)
	if hr.AccessLog != "" {
		// With the REST and WebSocket APIs' lines: AccessLog() returns them all.
		g.accessLog.add(AccessLogLine{At: start, API: api.Name, Stage: hr.Stage, Text: hr.AccessLog})
	}
	*resp = Response{
		Status: hr.Status, Header: hr.Header, Body: hr.Body,
		Latency: hr.Latency, IntegrationLatency: hr.IntegrationLatency, Integrated: hr.Integrated,
		RequestID: hr.RequestID, API: api.Name, APIID: api.ID, Stage: hr.Stage, RouteKey: hr.RouteKey,
		Function: hr.Function, FunctionVersion: hr.FunctionVersion,
		AuthorizerFunction: hr.AuthorizerFunction, AuthorizerVersion: hr.AuthorizerVersion,
		GatewayResponse: hr.Error, AccessLog: hr.AccessLog, Trace: hr.Trace, Type: APITypeHTTP,
	}
	if method, path, ok := model.ParseRouteKey(hr.RouteKey); ok {
		resp.Resource, resp.Method = path, method
	}
}

// HTTPAPI returns a deployed HTTP API by name or id.
func (g *Gateway) HTTPAPI(ref string) (*httpapi.API, bool) {
	a := g.httpByKey[ref]
	return a, a != nil
}
