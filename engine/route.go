package engine

import (
	"sort"
	"strings"

	"apigwlab/engine/gwresponse"
	"apigwlab/engine/iam"
	"apigwlab/engine/observe"
	"apigwlab/engine/router"
)

// route finds the API, the stage (the first path segment), the deployment (canary or not)
// and the resource and method. Anything not found is 403 Missing Authentication Token, as
// AWS answers for an unknown stage, path or method on a REST API (aws-facts.md §1.3): AWS
// cannot tell an unsigned request for a real resource from a request for a missing one.
func (c *call) route() *gwresponse.Error {
	g, req := c.g, c.req
	hop := c.trace.Hop("route", "", 0, 0)
	if len(req.Body) > MaxPayload {
		// Observed AWS: the front door refuses it in plain text, before any gateway response
		// (aws-facts.md §7): "HTTP content length exceeded 10485760 bytes."
		hop.Decide("answered 413").Fact("reason", "body of "+itoa(len(req.Body))+" bytes is over the 10 MB payload limit")
		return &gwresponse.Error{Type: gwresponse.RequestTooLarge, Message: "Request Too Long",
			Body: "HTTP content length exceeded 10485760 bytes."}
	}
	c.api = g.restAPIFor(req.API)
	if c.api == nil {
		return notFound(hop, "no REST API named "+quote(req.API))
	}
	c.ctx.APIID, c.ctx.AccountID = c.api.id, c.api.account
	c.ctx.DomainPrefix = c.api.id
	c.ctx.DomainName = c.api.domainName
	if hop != nil {
		hop.Fact("api", c.api.name+" ("+c.api.id+")")
	}
	if e := c.domainRoute(hop); e != nil { // domains.go
		return e
	}

	p := req.Path
	if p == "" || p[0] != '/' {
		p = "/" + p
	}
	clientPath := p
	if c.via != nil {
		clientPath = c.via.clientPath
	}
	c.ctx.Path = clientPath // $context.path is known even when nothing matches (gateway response templates)
	stageName, rest, _ := strings.Cut(p[1:], "/")
	if !c.test { // test-invoke-method set its own stage (testinvoke.go)
		c.stage = c.api.stages[stageName]
	}
	if c.stage == nil {
		if e := c.unsignedNotFound(hop); e != nil {
			return e
		}
		if hop != nil {
			return notFound(hop, "no stage named "+quote(stageName)+"; stages: "+strings.Join(c.stageNames(), ", "))
		}
		return gwresponse.ErrMissingAuthToken
	}
	c.stagePath = "/"
	if rest != "" {
		c.stagePath = p[len(stageName)+1:] // a slice of the path: no allocation
	}
	c.dep, c.vars = c.stage.deployment, c.stage.vars
	if cn := c.stage.canary; cn != nil && c.g.canaryDraw() < cn.percent/100 {
		c.isCanary = true
		c.dep, c.vars = cn.deployment, cn.vars
	}
	m, res := c.dep.tree.Lookup(req.Method, c.stagePath)
	if hop != nil {
		hop.Fact("stage", c.stage.name).Fact("deployment", c.dep.id)
		if c.stage.canary != nil {
			hop.Fact("canary", yesNo(c.isCanary)+" ("+ftoa(c.stage.canary.percent)+"% of traffic goes to the canary)")
		}
		hop.Fact("path", c.stagePath)
	}
	if res != router.Found && c.test {
		// test-invoke-method runs its method whatever the path: one that does not reach the
		// resource gives no path parameters (LS snapshot test_invoke_test_method,
		// "get-pets-id-bad-path": Resource Path /random/test, Method request path {}).
		m, res = c.dep.tree.Lookup(req.Method, c.testResource)
		m.Params = nil
	}
	if res != router.Found {
		if e := c.unsignedNotFound(hop); e != nil {
			return e
		}
	}
	switch res {
	case router.NoResource:
		if hop != nil {
			return notFound(hop, "no resource matches "+c.stagePath+" in deployment "+c.dep.id)
		}
		return gwresponse.ErrMissingAuthToken
	case router.NoMethod:
		if hop != nil {
			return notFound(hop, "resource "+m.Resource+" has no "+req.Method+" method and no ANY")
		}
		return gwresponse.ErrMissingAuthToken
	}
	c.m, c.params = m.Value, m.Params
	x := &c.ctx
	x.HTTPMethod = req.Method
	x.ResourcePath = c.m.resource
	x.ResourceID = c.m.resourceID
	x.Stage = c.stage.name
	x.DeploymentID = c.dep.id
	x.Path = clientPath
	x.Protocol = "HTTP/1.1"
	x.SourceIP = req.SourceIP
	if x.SourceIP == "" {
		x.SourceIP = DefaultSourceIP
	}
	x.UserAgent = req.Header.Value("User-Agent")
	x.RequestTimeEpoch = c.start.UnixMilli() // RequestTime is formatted only when needed
	if hop != nil {
		hop.Decision = "pass"
		hop.Fact("resource", c.m.resource).Fact("method", c.m.httpMethod)
		if len(c.params) > 0 {
			hop.Fact("pathParameters", router.ParamsText(c.params))
		}
		c.logRequest()
	}
	return nil
}

func notFound(hop *observe.Hop, reason string) *gwresponse.Error {
	if hop != nil {
		hop.Decision = "answered 403"
		hop.Fact("reason", reason)
	}
	return gwresponse.ErrMissingAuthToken
}

func (c *call) stageNames() []string {
	out := make([]string, 0, len(c.api.stages))
	for name := range c.api.stages {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// logRequest writes the execution-log lines AWS writes once a method is known
// (test-invoke-method output).
func (c *call) logRequest() {
	t, at := c.trace, c.at()
	t.Line(at, "Starting execution for request: ", c.ctx.RequestID)
	t.Line(at, "HTTP Method: ", c.req.Method, ", Resource Path: ", c.stagePath)
	t.Line(at, "Method request path: ", router.ParamsText(c.params))
	var b strings.Builder
	b.WriteByte('{')
	for i, q := range c.Query() {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(q.Name + "=" + q.Value)
	}
	b.WriteByte('}')
	t.Line(at, "Method request query string: ", b.String())
	t.Line(at, "Method request headers: ", headerMap(c.req.Header))
	t.Line(at, "Method request body before transformations: ", truncate(c.req.Body))
}

// unsignedNotFound answers a request for a stage, path or method that does not exist when it
// carries an Authorization header that is not a SigV4 signature (Bearer …, Basic …): AWS
// parses it as SigV4 first and answers with the parse failure, 403
// IncompleteSignatureException, not "Missing Authentication Token" (aws-facts.md §7; one of
// the most confusing real answers). Nil when the header is absent or parses.
func (c *call) unsignedNotFound(hop *observe.Hop) *gwresponse.Error {
	authz, ok := c.req.Header.Get("Authorization")
	if !ok {
		return nil
	}
	_, f := iam.ParseAuthorization(authz, c.req.Header.Value("X-Amz-Date"), c.req.Header.Value("Date"))
	if f == nil || f.Kind != iam.Incomplete {
		return nil
	}
	if hop != nil {
		hop.Decide("answered 403").Fact("reason", "nothing matches "+c.ctx.Path+", and AWS reads the Authorization header as a SigV4 signature "+
			"before it says so: a Bearer or Basic value fails to parse (IncompleteSignatureException), so the answer names the header, not the missing resource")
	}
	return sigv4Error(f)
}
