package engine

import (
	"encoding/json"
	"fmt"
	"strings"

	"apigwlab/engine/auth"
	"apigwlab/engine/cognito"
	"apigwlab/engine/lambda"
	"apigwlab/engine/observe"
	"apigwlab/engine/wire"
)

// testInvokeAuthorizer is test-invoke-authorizer (AWS's TestInvokeAuthorizer, the console's
// "Test authorizer"): it runs one authorizer of the API's current definition, deployed or
// not, outside any stage, on the headers, query string, stage variables and body given, and
// answers TestInvokeAuthorizerResponse: clientStatus (0 when the authorizer allowed, the
// status the client would get otherwise), log, latency, principalId, policy (the returned
// policy document, as JSON text), authorization and claims (Cognito). As AWS does, a Lambda
// authorizer sees methodArn {api}/ESTestInvoke-stage/GET/ and a requestContext with stage
// test-invoke-stage and resourceId test-invoke-resource-id (a real console capture:
// github.com/… "Endpoint request body after transformations" of a test invoke, quoted in
// docs/fidelity.md). The policy is not evaluated against a method: the response shows it.
func (g *Gateway) testInvokeAuthorizer(f flagSet) (string, error) {
	api, err := g.apiFor(f)
	if err != nil {
		return "", err
	}
	id := f.get("authorizer-id")
	az := api.authorizers[id]
	if az == nil {
		return "", fmt.Errorf("NotFoundException: Invalid Authorizer identifier specified %s:%s", g.accountID(), id)
	}
	header, err := testHeaders(f)
	if err != nil {
		return "", err
	}
	vars, err := stringMapArg(f, "stage-variables")
	if err != nil {
		return "", err
	}
	path, rawQuery, _ := strings.Cut(f.get("path-with-query-string"), "?")
	if path == "" {
		path = "/"
	}
	reqID, extID, _ := g.ids.next()
	start := g.clock.Now()
	tr := observe.NewTrace()
	out := map[string]any{}
	elapsed := func() int64 { return g.clock.Now().Sub(start).Milliseconds() }
	finish := func(status int) (string, error) {
		out["clientStatus"] = status
		var log strings.Builder
		log.WriteString("Execution log for request " + reqID + "\n")
		for _, l := range tr.Log {
			log.WriteString(l.String() + "\n")
		}
		out["log"] = log.String()
		if _, ok := out["latency"]; !ok {
			out["latency"] = elapsed()
		}
		return toJSON(out), nil
	}
	tr.Logf(start, "Starting authorizer: %s for request: %s", az.id, reqID)

	if az.tokenHeader != "" { // COGNITO_USER_POOLS
		raw, _ := header.Get(az.tokenHeader)
		token := strings.TrimSpace(raw)
		if len(token) > 7 && strings.EqualFold(token[:7], "bearer ") {
			token = strings.TrimSpace(token[7:])
		}
		if token == "" {
			tr.Logf(start, "Unauthorized request: %s", reqID)
			return finish(401)
		}
		v, _, verr := g.tokens.verify(az.pools, token, start)
		if status, _, _ := cognito.Authorize(v, verr, nil); status != 200 {
			tr.Logf(start, "Unauthorized request: %s", reqID)
			if verr != nil {
				tr.Logf(start, "%s", verr.Error())
			}
			return finish(401)
		}
		claims := map[string]string{}
		for k, c := range v.Claims {
			switch x := c.(type) {
			case string:
				claims[k] = x
			default:
				b, _ := json.Marshal(x)
				claims[k] = string(b)
			}
		}
		out["claims"] = claims
		tr.Logf(start, "Authorizer claims: %s", claimsJSON(v.Claims))
		return finish(0)
	}

	view := &auth.Request{Headers: header, QueryParams: wire.ParseQuery(rawQuery), StageVariables: vars,
		ContextVars: map[string]string{"requestId": reqID, "identity.sourceIp": "test-invoke-source-ip", "stage": testInvokeStage}}
	identity, ok, why := az.cfg.Identity(view)
	if !ok {
		// AWS answers 401 without invoking the function (aws-facts.md §5)
		tr.Logf(start, "Unauthorized request: %s", reqID)
		tr.Logf(start, "%s", why)
		return finish(401)
	}
	tr.Logf(start, "Incoming identity: %s", maskedIdentity(az, identity))
	arn := "arn:aws:execute-api:" + api.region + ":" + api.account + ":" + api.id + "/ESTestInvoke-stage/GET/"
	var event []byte
	if az.cfg.Type == "TOKEN" {
		event = auth.TokenEvent(identity, arn)
	} else {
		event = auth.RequestEvent(&auth.RequestEventInput{MethodArn: arn, Resource: path, Path: path, HTTPMethod: "GET",
			Headers: header, Query: wire.ParseQuery(rawQuery), PathParameters: map[string]string{}, StageVariables: vars,
			RequestContext: auth.RequestContext{Path: path, AccountID: api.account, ResourceID: "test-invoke-resource-id",
				Stage: testInvokeStage, RequestID: reqID, ResourcePath: path, HTTPMethod: "GET", APIID: api.id,
				ExtendedRequestID: extID, DomainPrefix: "testPrefix", Protocol: "HTTP/1.1"}})
	}
	fnArn := g.lambda.ARN(az.fn, az.qual)
	uri := "https://lambda." + api.region + ".amazonaws.com/2015-03-31/functions/" + fnArn + "/invocations"
	tr.Logf(start, "Endpoint request URI: %s", uri)
	tr.Logf(start, "Endpoint request body after transformations: %s", event)
	tr.Logf(start, "Sending request to %s", uri)
	if !g.mayInvoke(az.fn, az.qual, func() string { return api.authorizerArn(az) }) {
		tr.Logf(start, "Execution failed due to configuration error: Invalid permissions on Lambda function")
		tr.Logf(start, "AuthorizerConfigurationException")
		return finish(500)
	}
	res, ierr := g.lambda.Invoke(&lambda.Invocation{Function: az.fn, Qualifier: az.qual,
		Event: func() []byte { return event }, Now: start})
	out["latency"] = res.Duration.Milliseconds()
	at := start.Add(res.Duration)
	switch {
	case ierr != nil, res.Throttled:
		tr.Logf(at, "Execution failed due to configuration error: Authorizer error")
		tr.Logf(at, "AuthorizerConfigurationException")
		return finish(500)
	case res.FunctionError != "":
		o := auth.ErrorOutcome(res.ErrorMessage)
		if o.Status == 401 {
			tr.Logf(at, "Unauthorized request: %s", reqID)
			tr.Logf(at, "Unauthorized")
		} else {
			tr.Logf(at, "Execution failed due to configuration error: Authorizer error")
			tr.Logf(at, "AuthorizerConfigurationException")
		}
		return finish(o.Status)
	}
	tr.Logf(at, "Received response. Integration latency: %d ms", res.Duration.Milliseconds())
	tr.Logf(at, "Endpoint response body before transformations: %s", res.Payload)
	r, perr := auth.ParseOutput(res.Value)
	if perr != nil {
		tr.Logf(at, "Execution failed due to configuration error: Invalid JSON in response: %v", perr)
		tr.Logf(at, "AuthorizerConfigurationException")
		return finish(500)
	}
	out["principalId"] = r.PrincipalID
	if m, ok := res.Value.(map[string]any); ok && m["policyDocument"] != nil {
		b, _ := json.Marshal(m["policyDocument"])
		out["policy"] = string(b)
	}
	if len(r.Context) > 0 {
		ctx := map[string]any{}
		for _, e := range r.Context {
			if !e.Null {
				ctx[e.Key] = e.Value
			}
		}
		b, _ := json.Marshal(ctx) // sorted keys
		tr.Logf(at, "Authorizer context: %s", b)
	}
	status := 0
	if d := r.Authorize(arn); !d.Allowed && d.Statement != nil {
		// an explicit Deny of the test method: the client would get the 403
		status = d.Outcome.Status
	}
	return finish(status)
}

// maskedIdentity writes the identity as AWS's log does: {method.request.header.Auth=****abcdef},
// every character but the last six masked.
func maskedIdentity(az *authorizer, identity string) string {
	var names []string
	for _, s := range az.cfg.Sources() {
		names = append(names, s.Expr)
	}
	mask := identity
	if n := len(identity); n > 6 {
		mask = strings.Repeat("*", n-6) + identity[n-6:]
	}
	if len(names) == 0 {
		return "{" + mask + "}"
	}
	return "{" + names[0] + "=" + mask + "}"
}
