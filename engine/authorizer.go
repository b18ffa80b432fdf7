package engine

import (
	"fmt"
	"strings"

	"apigwlab/engine/auth"
	"apigwlab/engine/cognito"
	"apigwlab/engine/gwresponse"
	"apigwlab/engine/integration"
	"apigwlab/engine/lambda"
	"apigwlab/engine/model"
)

// authorizer is a deployed Lambda authorizer: its configuration and function.
type authorizer struct {
	id       string // the authorizer's id (its name when the workspace gives none)
	cfg      auth.Authorizer
	fn, qual string
	// uriErr: the authorizerUri names no Lambda function. AWS's CreateAuthorizer takes such
	// a URI (LS snapshot test_apigateway_with_custom_authorization_method: spaces inside
	// it); a request then meets a configuration error.
	uriErr string
	// COGNITO_USER_POOLS: the header carrying the token and the pools that may have signed it.
	tokenHeader string
	pools       []*cognito.UserPool
}

func compileAuthorizers(api *restAPI, a *model.RestAPI) error {
	api.authorizers = map[string]*authorizer{}
	for _, m := range a.Authorizers {
		if m == nil {
			continue
		}
		az, err := compileAuthorizer(m)
		if err != nil {
			return err
		}
		api.addAuthorizer(m, az)
	}
	return nil
}

// compileAuthorizer prepares one authorizer (a Cognito one still needs bindPools).
func compileAuthorizer(m *model.Authorizer) (*authorizer, error) {
	if m.Type == "COGNITO_USER_POOLS" {
		return compileCognito(m)
	}
	az := &authorizer{cfg: auth.Authorizer{Name: m.Name, Type: m.Type, IdentitySource: m.IdentitySource,
		IdentityValidationExpression: m.IdentityValidationExpression,
		ResultTTL:                    auth.ResultTTLFromSeconds(m.AuthorizerResultTTLInSeconds)}}
	if err := az.cfg.Validate(); err != nil {
		return nil, fmt.Errorf("authorizer %s: %w", m.Name, err)
	}
	fn, qual, err := integration.LambdaTarget(m.AuthorizerURI)
	if err != nil {
		az.uriErr = err.Error()
	}
	az.fn, az.qual = fn, qual
	if az.id = m.ID; az.id == "" {
		az.id = m.Name
	}
	return az, nil
}

func (api *restAPI) addAuthorizer(m *model.Authorizer, az *authorizer) {
	api.authorizers[m.Name] = az
	if m.ID != "" {
		api.authorizers[m.ID] = az
	}
}

func (api *restAPI) authorizerFor(m *model.Method) (*authorizer, error) {
	if m.AuthorizationType != "CUSTOM" && m.AuthorizationType != "COGNITO_USER_POOLS" {
		return nil, nil
	}
	az := api.authorizers[m.AuthorizerID]
	if az != nil && (az.cfg.Type == "COGNITO_USER_POOLS") != (m.AuthorizationType == "COGNITO_USER_POOLS") {
		return nil, fmt.Errorf("authorizationType %s cannot use authorizer %s of type %s", m.AuthorizationType, az.cfg.Name, az.cfg.Type)
	}
	if az == nil {
		var names []string
		for _, a := range api.model.Authorizers {
			names = append(names, a.Name)
		}
		return nil, fmt.Errorf("authorizationType %s needs authorizerId naming one of the API's authorizers (%s); got %q",
			m.AuthorizationType, strings.Join(names, ", "), m.AuthorizerID)
	}
	return az, nil
}

// hasAuthorizer: the method uses a Lambda authorizer (TOKEN or REQUEST).
func hasAuthorizer(m *method) bool { return m.authorizer != nil && m.authorizer.tokenHeader == "" }

// authorizerStep runs a Lambda authorizer (TOKEN or REQUEST): identity check, result cache,
// the function, then the policy against the method ARN (engine/auth; aws-facts.md §5).
func authorizerStep(c *call) *gwresponse.Error {
	az := c.m.authorizer
	hop := c.trace.Hop("authorizer", "", c.elapsed, 0)
	hop.Fact("authorizer", az.cfg.Name+" ("+az.cfg.Type+")")
	deny := func(o auth.Outcome, reason string) *gwresponse.Error {
		if hop != nil {
			hop.Decide("answered "+itoa(o.Status)).Fact("reason", reason)
		}
		return o.GatewayError()
	}
	view := &auth.Request{Headers: c.req.Header, QueryParams: c.Query(), StageVariables: c.vars,
		ContextVars: map[string]string{"requestId": c.ctx.RequestID, "identity.sourceIp": c.ctx.SourceIP, "stage": c.stage.name}}
	id, ok, why := az.cfg.Identity(view)
	if !ok {
		return deny(auth.UnauthorizedOutcome(), why+" (the authorizer function was not invoked)")
	}
	arn := auth.MethodArn(c.api.region, c.api.account, c.api.id, c.stage.name, c.req.Method, c.stagePath)
	hop.Fact("methodArn", arn)
	key := auth.Key{Scope: c.api.id + "/" + c.stage.name, Authorizer: az.cfg.Name, Identity: id}
	var r *auth.Result
	hit := false
	if az.cfg.Caching() {
		r, hit = c.g.authCache.Get(key, c.at())
	}
	if hit {
		hop.Fact("cache", "hit: the policy cached for this identity is reused, not re-evaluated by the function")
		if hop != nil {
			// which of the cached statements decide this method (issue 15: a learner
			// asks why a cached policy lets /pets in and keeps /admin out)
			for _, l := range r.StatementLines(arn) {
				hop.Fact("cached statement", l)
			}
		}
	} else {
		var event []byte
		if az.cfg.Type == "TOKEN" {
			event = auth.TokenEvent(id, arn)
		} else {
			event = auth.RequestEvent(&auth.RequestEventInput{MethodArn: arn, Resource: c.m.resource, Path: c.stagePath,
				HTTPMethod: c.req.Method, Headers: c.req.Header, Query: c.Query(), PathParameters: paramsMap(c),
				StageVariables: c.vars, RequestContext: auth.RequestContext{Path: c.ctx.Path, AccountID: c.api.account,
					ResourceID: c.m.resourceID, Stage: c.stage.name, RequestID: c.ctx.RequestID, ResourcePath: c.m.resource,
					HTTPMethod: c.req.Method, APIID: c.api.id, Identity: auth.Identity{SourceIP: c.ctx.SourceIP, UserAgent: c.ctx.UserAgent}}})
		}
		if hop != nil {
			hop.Fact("event", string(event))
		}
		if az.uriErr != "" {
			return deny(auth.ConfigurationErrorOutcome(), "the authorizer's authorizerUri names no Lambda function: "+az.uriErr)
		}
		if !c.g.mayInvoke(az.fn, az.qual, func() string { return c.api.authorizerArn(az) }) {
			return deny(auth.ConfigurationErrorOutcome(), "the function's resource-based policy does not let apigateway.amazonaws.com invoke it from "+
				c.api.authorizerArn(az)+" ("+permissionDenied+")")
		}
		res, err := c.g.lambda.Invoke(&lambda.Invocation{Function: az.fn, Qualifier: az.qual,
			Event: func() []byte { return event }, Now: c.at()})
		c.elapsed += res.Duration
		c.authzFn, c.authzVersion = az.fn, res.ExecutedVersion
		if hop != nil {
			hop.Duration = res.Duration
		}
		c.functionLogs(hop, az.fn, res.Logs)
		switch {
		case err != nil:
			return deny(auth.ConfigurationErrorOutcome(), "the authorizer function cannot be invoked: "+err.Error())
		case res.Throttled:
			return deny(auth.ConfigurationErrorOutcome(), "Lambda throttled the authorizer function")
		case res.FunctionError != "":
			o := auth.ErrorOutcome(res.ErrorMessage)
			return deny(o, "the authorizer raised "+quote(res.ErrorMessage)+` (only exactly "Unauthorized" means 401)`)
		}
		r, err = auth.ParseOutput(res.Value)
		if err != nil {
			return deny(auth.ConfigurationErrorOutcome(), "malformed authorizer output: "+err.Error())
		}
		if az.cfg.Caching() {
			c.g.authCache.Put(key, r, az.cfg.ResultTTL, c.at())
		}
		hop.Fact("output", string(res.Payload))
	}
	d := r.Authorize(arn)
	if !d.Allowed {
		// Table A of apigateway-authorization-flow.md: when the authorizer's policy neither
		// allows nor denies the method, an explicit Allow in the resource policy lets the
		// request through; an explicit Deny in either always wins.
		if d.Statement != nil || !c.resourcePolicyAllows(arn) {
			return deny(d.Outcome, d.Explain())
		}
		if hop != nil {
			hop.Fact("resource policy", "the authorizer's policy does not cover this method, but the resource policy explicitly allows it (phase 2 of 2, Table A)")
		}
	}
	c.authResult = r
	if r.HasUsageIdentifierKey {
		c.authorizerKey = r.UsageIdentifierKey
	}
	if hop != nil {
		hop.Decide("pass").Fact("principalId", r.PrincipalID).Fact("decision", d.Explain())
	}
	return nil
}

func paramsMap(c *call) map[string]string {
	m := make(map[string]string, len(c.params))
	for _, p := range c.params {
		m[p.Name] = p.Value
	}
	return m
}

// authorizerArn is the source ARN API Gateway presents when it invokes an authorizer
// function: arn:aws:execute-api:REGION:ACCOUNT:API_ID/authorizers/AUTHORIZER_ID (AWS docs,
// "Control access to HTTP APIs with AWS Lambda authorizers", and the console's grant).
func (a *restAPI) authorizerArn(az *authorizer) string {
	return "arn:aws:execute-api:" + a.region + ":" + a.account + ":" + a.id + "/authorizers/" + az.id
}
