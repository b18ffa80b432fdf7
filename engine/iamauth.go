package engine

import (
	"fmt"

	"apigwlab/engine/auth"
	"apigwlab/engine/gwresponse"
	"apigwlab/engine/iam"
	"apigwlab/engine/model"
	"apigwlab/engine/observe"
	"apigwlab/engine/wire"
)

// IAM authorization (SigV4), resource policies and endpoint types. The decision order is
// AWS's ("How API Gateway resource policies affect authorization workflow",
// apigateway-authorization-flow.md):
//
//   - endpoint: a PRIVATE API answers only requests that came through an interface VPC
//     endpoint (Request.SourceVpce);
//   - resource policy only (authorizationType NONE): an explicit Allow is needed;
//   - Lambda authorizer: the resource policy is checked for an explicit Deny before the
//     authorizer runs, then the authorizer decides (Table A: its Allow and a silent resource
//     policy allow);
//   - AWS_IAM: after SigV4 authentication, the caller's identity policies and the resource
//     policy together, by Table A (same account: either may allow, any explicit Deny wins) or
//     Table B (another account: both must allow);
//   - Cognito: after the token is verified, the resource policy must explicitly allow.

// principals are the workspace's IAM identities and VPC endpoints, compiled at deploy time.
type principals struct {
	dir  *iam.Directory
	vpcs map[string]string // VPC endpoint id → VPC id
}

func compilePrincipals(ws *model.Workspace, account string) (*principals, error) {
	p := &principals{vpcs: map[string]string{}}
	var specs []iam.Spec
	if ws.IAM != nil {
		for _, u := range ws.IAM.Users {
			if u != nil {
				specs = append(specs, iam.Spec{Kind: iam.User, Name: u.UserName, Account: u.AccountID, Keys: keySpecs(u.AccessKeys), Policies: u.Policies})
			}
		}
		for _, r := range ws.IAM.Roles {
			if r != nil {
				specs = append(specs, iam.Spec{Kind: iam.Role, Name: r.RoleName, Account: r.AccountID, Keys: keySpecs(r.AccessKeys), Policies: r.Policies})
			}
		}
	}
	d, err := iam.NewDirectory(specs, account)
	if err != nil {
		return nil, fmt.Errorf("iam: %w", err)
	}
	p.dir = d
	for _, e := range ws.VPCEndpoints {
		if e != nil {
			p.vpcs[e.ID] = e.VpcID
		}
	}
	return p, nil
}

func keySpecs(keys []*model.AccessKey) []iam.KeySpec {
	out := make([]iam.KeySpec, 0, len(keys))
	for _, k := range keys {
		if k != nil {
			out = append(out, iam.KeySpec{AccessKeyID: k.AccessKeyID, SecretAccessKey: k.SecretAccessKey, SessionName: k.SessionName})
		}
	}
	return out
}

// apiAccess is an API's endpoint type and resource policy, compiled at deploy time.
type apiAccess struct {
	endpointType string
	edge         *edgeServers // the CloudFront servers in front of an EDGE API (ids.go)
	policy       *iam.Policy  // nil: the API has no resource policy
}

// compileAccess parses the API's resource policy, expanding abbreviated resources
// ("execute-api:/*/GET/pets") to the API's ARN as API Gateway does when it saves a policy
// (apigateway-resource-policies-examples.md).
func compileAccess(api *restAPI, a *model.RestAPI) error {
	acc := &apiAccess{endpointType: a.EndpointType()}
	if acc.endpointType == "EDGE" {
		acc.edge = newEdgeServers(api.id)
	}
	if a.Policy != nil {
		prefix := "arn:aws:execute-api:" + api.region + ":" + api.account + ":" + api.id
		p, err := iam.ParsePolicy(a.Policy, iam.ResourcePolicy, func(r string) string {
			if rest, ok := cutPrefix(r, "execute-api:"); ok {
				return prefix + rest
			}
			return r
		})
		if err != nil {
			return fmt.Errorf("policy: %w", err)
		}
		p.Name = "the resource policy"
		acc.policy = p
	}
	api.access = acc
	return nil
}

func cutPrefix(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && s[:len(prefix)] == prefix {
		return s[len(prefix):], true
	}
	return "", false
}

// accessSteps says which access stages a method needs, decided at deploy time.
type accessSteps uint8

const (
	accessPolicy  accessSteps = 1 << iota // endpoint / resource policy check before auth
	accessIAM                             // AWS_IAM: SigV4 and the IAM decision
	accessCognito                         // Cognito with a resource policy: explicit Allow after the token
)

func (api *restAPI) accessFor(m *model.Method) accessSteps {
	var s accessSteps
	acc := api.access
	if acc != nil && (acc.policy != nil || acc.endpointType == "PRIVATE") {
		s |= accessPolicy
	}
	switch m.AuthorizationType {
	case "AWS_IAM":
		s |= accessIAM
	case "COGNITO_USER_POOLS":
		if acc != nil && acc.policy != nil {
			s |= accessCognito
		}
	}
	return s
}

func needsPolicyCheck(m *method) bool   { return m.access&accessPolicy != 0 }
func usesIAM(m *method) bool            { return m.access&accessIAM != 0 }
func needsCognitoPolicy(m *method) bool { return m.access&accessCognito != 0 }

// policyEnv is the request context policies see.
func (c *call) policyEnv(arn string, caller iam.Caller) iam.Env {
	env := iam.Env{Action: auth.InvokeAction, Resource: arn, Caller: caller, SourceIP: c.ctx.SourceIP, SourceVpce: c.req.SourceVpce}
	if c.req.SourceVpce != "" {
		// "aws:SourceIp … is always included in the request, except for requests that use an
		// Amazon VPC endpoint" (re:Post iam-restrict-access-policy): the address is then
		// aws:VpcSourceIp.
		env.VpcSourceIP, env.SourceIP = env.SourceIP, ""
		if c.g.iamDir != nil {
			env.SourceVpc = c.g.iamDir.vpcs[c.req.SourceVpce]
		}
	}
	return env
}

func (c *call) methodArn() string {
	return auth.MethodArn(c.api.region, c.api.account, c.api.id, c.stage.name, c.req.Method, c.stagePath)
}

// accessDenied is AWS's ACCESS_DENIED answer for execute-api: 403, {"Message": …} with a
// capital M, AccessDeniedException (real captures, docs/auth.md).
func accessDenied(caller *iam.Caller, arn string, explicit bool) *gwresponse.Error {
	msg := iam.DenyMessage(caller, arn, explicit)
	return &gwresponse.Error{Type: gwresponse.AccessDenied, Message: msg, Body: `{"Message":` + gwresponse.MessageString(msg) + `}`}
}

var anonymous = iam.Caller{Anonymous: true}

// resourcePolicyStep runs before any authorizer: the endpoint check, then the resource
// policy for methods without authorization (an explicit Allow is needed) and for Lambda
// authorizers (an explicit Deny stops the request before the authorizer is called).
func resourcePolicyStep(c *call) *gwresponse.Error {
	acc := c.api.access
	hop := c.trace.Hop("resource policy", "", c.elapsed, 0)
	hop.Fact("endpointType", acc.endpointType)
	if c.req.SourceVpce != "" {
		hop.Fact("sourceVpce", c.req.SourceVpce)
	}
	arn := c.methodArn()
	if acc.endpointType == "PRIVATE" {
		// $context.identity.vpceId / vpcId exist for private APIs only.
		c.ctx.VpceID = c.req.SourceVpce
		if c.g.iamDir != nil {
			c.ctx.VpcID = c.g.iamDir.vpcs[c.req.SourceVpce]
		}
		if c.req.SourceVpce == "" {
			// On AWS the private API's hostname resolves only inside a VPC with an
			// interface endpoint; a request that reaches API Gateway any other way is
			// refused with 403 Forbidden (ForbiddenException).
			hop.Decide("answered 403").Fact("reason", "a PRIVATE API answers only requests that arrive through an interface VPC endpoint; this one came from "+c.ctx.SourceIP+" without one (invoke --vpce, serve's x-apigwlab-vpce header)")
			return &gwresponse.Error{Type: gwresponse.AccessDenied, Message: "Forbidden", Body: `{"message":"Forbidden"}`, ErrorType: "ForbiddenException"}
		}
		if acc.policy == nil {
			hop.Decide("answered 403").Fact("reason", "a PRIVATE API without a resource policy denies everything (AWS refuses to deploy one: attach a policy allowing execute-api:Invoke from your VPC endpoint)")
			return accessDenied(&anonymous, arn, false)
		}
	}
	if acc.policy == nil {
		hop.Decide("pass").Fact("policy", "none")
		return nil
	}
	switch c.m.model.AuthorizationType {
	case "AWS_IAM":
		hop.Decide("pass").Fact("policy", "evaluated with the caller's identity after SigV4 (next stage)")
		return nil
	case "COGNITO_USER_POOLS":
		hop.Decide("pass").Fact("policy", "evaluated after the Cognito token is verified")
		return nil
	}
	env := c.policyEnv(arn, anonymous)
	r := iam.Evaluate(&env, acc.policy)
	hop.Fact("methodArn", arn).Fact("principal", "anonymous").Fact("decision", r.Explain())
	custom := c.m.model.AuthorizationType == "CUSTOM"
	switch {
	case r.Effect == iam.Denied:
		hop.Decide("answered 403").Fact("reason", "explicit Deny in the resource policy: it wins over any Allow")
		return accessDenied(&anonymous, arn, true)
	case custom:
		hop.Decide("pass").Fact("reason", "no explicit Deny: the Lambda authorizer decides next (resource policy phase 1 of 2)")
		return nil
	case r.Effect == iam.Allowed:
		hop.Decide("pass")
		return nil
	}
	hop.Decide("answered 403").Fact("reason", "resource policy only: an explicit Allow is needed and no statement allows this request (implicit deny)")
	return accessDenied(&anonymous, arn, false)
}

// resourcePolicyAllows reports whether the API's resource policy explicitly allows an
// anonymous call of the method ARN (the second phase of a Lambda authorizer's evaluation).
func (c *call) resourcePolicyAllows(arn string) bool {
	p := c.api.access.policy
	if p == nil {
		return false
	}
	env := c.policyEnv(arn, anonymous)
	return iam.Evaluate(&env, p).Effect == iam.Allowed
}

// cognitoPolicyStep: with a Cognito authorizer, the resource policy is evaluated after the
// token is verified and must explicitly allow.
func cognitoPolicyStep(c *call) *gwresponse.Error {
	hop := c.trace.Hop("resource policy", "", c.elapsed, 0)
	arn := c.methodArn()
	env := c.policyEnv(arn, anonymous)
	r := iam.Evaluate(&env, c.api.access.policy)
	hop.Fact("methodArn", arn).Fact("decision", r.Explain())
	if r.Effect == iam.Allowed {
		hop.Decide("pass")
		return nil
	}
	hop.Decide("answered 403").Fact("reason", "with a Cognito authorizer the resource policy must explicitly allow")
	return accessDenied(&anonymous, arn, r.Effect == iam.Denied)
}

// sigv4Error turns a SigV4 failure into AWS's gateway response.
func sigv4Error(f *iam.Failure) *gwresponse.Error {
	switch f.Kind {
	case iam.MissingToken:
		return gwresponse.ErrMissingAuthToken
	case iam.Incomplete:
		// IncompleteSignatureException answers in the missing-token family (a non-SigV4
		// Authorization header on an unknown path gets the same message, aws-facts.md §7).
		return &gwresponse.Error{Type: gwresponse.MissingAuthenticationToken, Message: f.Message, ErrorType: f.ErrorType()}
	}
	return &gwresponse.Error{Type: gwresponse.InvalidSignature, Message: f.Message, ErrorType: f.ErrorType()}
}

// iamStep authenticates a SigV4-signed request and authorizes its caller with the identity
// policies and the resource policy.
func iamStep(c *call) *gwresponse.Error {
	hop := c.trace.Hop("iam", "", c.elapsed, 0)
	host := c.req.Header.Value("Host")
	if host == "" {
		host = c.api.domainName
	}
	sr := &iam.Request{Method: c.req.Method, Path: c.ctx.Path, RawQuery: c.req.RawQuery, Host: host, Header: c.req.Header, Body: c.req.Body}
	fail := func(f *iam.Failure) *gwresponse.Error {
		if hop != nil {
			hop.Decide("answered 403").Fact("error", f.ErrorType()).Fact("reason", f.Reason)
			if f.CanonicalRequest != "" {
				hop.Fact("canonicalRequest", f.CanonicalRequest).Fact("stringToSign", f.StringToSign)
			}
		}
		return sigv4Error(f)
	}
	sig, f := iam.Parse(sr)
	if f != nil {
		return fail(f)
	}
	hop.Fact("accessKeyId", sig.AccessKeyID).Fact("signedHeaders", joinSemi(sig.SignedHeaders)).Fact("signedAt", sig.AmzDate)
	if f := sig.CheckScope(c.api.region, c.at()); f != nil {
		return fail(f)
	}
	var id *iam.Identity
	if c.g.iamDir != nil {
		id, _ = c.g.iamDir.dir.Lookup(sig.AccessKeyID)
	}
	if id == nil {
		return fail(&iam.Failure{Kind: iam.UnknownKey, Message: "The security token included in the request is invalid.",
			Reason: "access key " + sig.AccessKeyID + " belongs to no user or role under iam: in the workspace"})
	}
	hop.Fact("principal", id.Caller.ARN)
	if f := sig.Verify(sr, id.SecretAccessKey, c.api.region); f != nil {
		return fail(f)
	}
	// $context.identity of an IAM-authorized request (api-gateway-mapping-template-reference:
	// accountId, caller, user, userArn, accessKey).
	x := &c.ctx
	x.IdentityAccountID, x.Caller, x.User, x.UserArn, x.AccessKey = id.Caller.Account, id.UniqueID, id.UniqueID, id.Caller.ARN, id.AccessKeyID
	arn := c.methodArn()
	env := c.policyEnv(arn, id.Caller)
	idr := iam.Evaluate(&env, id.Policies...)
	hop.Fact("methodArn", arn).Fact("identityPolicies", idr.Explain())
	decision, explicit, why := iamDecision(c, &env, &idr, hop)
	if !decision {
		if hop != nil {
			hop.Decide("answered 403").Fact("reason", why)
		}
		return accessDenied(&id.Caller, arn, explicit)
	}
	if hop != nil {
		hop.Decide("pass").Fact("reason", why)
	}
	return nil
}

// iamDecision combines the identity policies' result with the resource policy's (Tables A
// and B of apigateway-authorization-flow.md).
func iamDecision(c *call, env *iam.Env, idr *iam.Result, hop *observe.Hop) (allowed, explicit bool, why string) {
	rp := c.api.access.policy
	var rr iam.Result
	if rp != nil {
		rr = iam.Evaluate(env, rp)
		hop.Fact("resourcePolicy", rr.Explain())
	}
	cross := env.Caller.Account != c.api.account
	switch {
	case idr.Effect == iam.Denied:
		return false, true, "explicit Deny in an identity policy: it wins over any Allow"
	case rr.Effect == iam.Denied:
		return false, true, "explicit Deny in the resource policy: it wins over any Allow"
	case cross && idr.Effect == iam.Allowed && rr.Effect == iam.Allowed:
		return true, false, "another account's caller: both the identity policy and the resource policy allow (Table B)"
	case cross:
		return false, false, "the caller is in account " + env.Caller.Account + ", the API in " + c.api.account + ": cross-account access needs an Allow in both the identity policy (" + idr.Effect.String() + ") and the resource policy (" + rr.Effect.String() + ") (Table B)"
	case idr.Effect == iam.Allowed:
		return true, false, "the identity policy allows (same account: that is enough unless something denies, Table A)"
	case rr.Effect == iam.Allowed:
		return true, false, "the resource policy allows this principal (same account: that is enough, Table A)"
	}
	if rp == nil {
		return false, false, "no identity policy allows execute-api:Invoke on this method and the API has no resource policy (implicit deny)"
	}
	return false, false, "neither the identity policies nor the resource policy allow this request (implicit deny)"
}

func joinSemi(list []string) string {
	out := ""
	for i, s := range list {
		if i > 0 {
			out += ";"
		}
		out += s
	}
	return out
}

// DefaultHost is the Host a client of the API uses: {apiId}.execute-api.{region}.amazonaws.com
// (the API's default endpoint). api is a name or id; "" is the workspace's first API.
func (g *Gateway) DefaultHost(api string) (string, bool) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	a := g.lookupAPI(api)
	if a == nil {
		if h := g.httpAPIFor(api); h != nil {
			return h.DomainName(), true
		}
		return "", false
	}
	return a.domainName, true
}

func (g *Gateway) lookupAPI(ref string) *restAPI {
	if ref == "" && len(g.apis) > 0 {
		return g.apis[0]
	}
	return g.byKey[ref]
}

// SignRequest signs req with SigV4 as a client would, at the gateway's clock time, with the
// AWS SDK's signer: service execute-api, the API's Region, and the Host header (added as the
// API's default endpoint when req has none). `apigwlab invoke --sigv4` uses it.
func (g *Gateway) SignRequest(req *Request, accessKeyID, secret string) error {
	g.mu.RLock()
	a := g.lookupAPI(req.API)
	domain, region := "", ""
	if a != nil {
		domain, region = a.domainName, a.region
	} else if h := g.httpAPIFor(req.API); h != nil {
		domain, region = h.DomainName(), h.Region()
	}
	g.mu.RUnlock()
	if domain == "" {
		return fmt.Errorf("sign: no API named %q", req.API)
	}
	host := req.Header.Value("Host")
	if host == "" {
		host = domain
		req.Header = append(req.Header, wire.Header{Name: "Host", Value: host})
	}
	p := req.Path
	if p == "" || p[0] != '/' {
		p = "/" + p
	}
	sr := &iam.Request{Method: req.Method, Path: p, RawQuery: req.RawQuery, Host: host, Header: req.Header, Body: req.Body}
	if err := iam.Sign(sr, accessKeyID, secret, region, g.clock.Now()); err != nil {
		return err
	}
	req.Header = sr.Header
	return nil
}
