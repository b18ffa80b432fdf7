package engine

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"apigwlab/engine/gwresponse"
	"apigwlab/engine/mapping"
)

func queryEscape(s string) string { return url.QueryEscape(s) }

// templates holds compiled mapping templates by source text. Every template of a workspace
// is compiled when it is deployed; renders then look the compiled one up by its text. A
// template that does not parse is deployed all the same, as on AWS, and fails each request
// that uses it (renderTemplate); `apigwlab validate` warns about it at its line.
type templates struct {
	mu sync.RWMutex
	m  map[string]*mapping.Template
}

// isStatic reports a template without references or directives: it renders as itself.
func isStatic(src string) bool { return !strings.ContainsAny(src, "$#") }

// compile parses src once; name says where it came from, for errors.
func (t *templates) compile(name, src string) (*mapping.Template, error) {
	if isStatic(src) {
		return nil, nil
	}
	t.mu.RLock()
	tpl := t.m[src]
	t.mu.RUnlock()
	if tpl != nil {
		return tpl, nil
	}
	tpl, err := mapping.Compile(name, src)
	if err != nil {
		return nil, fmt.Errorf("mapping template %s: %w", name, err)
	}
	t.mu.Lock()
	if t.m == nil {
		t.m = map[string]*mapping.Template{}
	}
	t.m[src] = tpl
	t.mu.Unlock()
	return tpl, nil
}

// compileAll compiles a content-type → template map; one that does not parse is left to
// fail at run time.
func (t *templates) compileAll(where string, m map[string]string) {
	for ct, src := range m {
		_, _ = t.compile(where+" "+ct, src)
	}
}

// mappingInput is what a template sees of this request; body is $input.body.
func (c *call) mappingInput(body string) *mapping.Input {
	in := &mapping.Input{Body: body, StageVars: c.vars}
	for _, p := range c.params {
		in.Path = append(in.Path, mapping.Param{Name: p.Name, Value: p.Value})
	}
	for _, q := range c.Query() {
		in.Query = append(in.Query, mapping.Param{Name: q.Name, Value: q.Value})
	}
	for _, h := range c.req.Header {
		in.Header = append(in.Header, mapping.Param{Name: h.Name, Value: h.Value})
	}
	x := &c.ctx
	in.Context = mapping.Context{AccountID: x.AccountID, APIID: x.APIID, DomainName: x.DomainName,
		DomainPrefix: x.DomainPrefix, ExtendedRequestID: x.ExtendedRequestID, HTTPMethod: x.HTTPMethod,
		Path: x.Path, Protocol: x.Protocol, RequestID: x.RequestID, RequestTime: c.requestTime(),
		RequestTimeEpoch: x.RequestTimeEpoch, ResourceID: x.ResourceID, ResourcePath: x.ResourcePath,
		Stage: x.Stage, DeploymentID: x.DeploymentID, IsCanaryRequest: c.isCanary,
		Identity: mapping.Identity{SourceIP: x.SourceIP, UserAgent: x.UserAgent, APIKey: x.APIKey, APIKeyID: x.APIKeyID,
			AccountID: x.IdentityAccountID, Caller: x.Caller, User: x.User, UserArn: x.UserArn, AccessKey: x.AccessKey,
			VpceID: x.VpceID, VpcID: x.VpcID},
		RequestOverride: c.reqOverride, ResponseOverride: c.respOverride, Overrides: c.overrides}
	in.Context.Authorizer.Claims = c.claims
	if r := c.authResult; r != nil {
		in.Context.Authorizer.PrincipalID = r.PrincipalID
		in.Context.Authorizer.Fields = map[string]any{}
		for k, v := range r.ContextValues() {
			in.Context.Authorizer.Fields[k] = v
		}
	}
	return in
}

// renderTemplate renders a request or response template with the VTL interpreter. The
// error is the gateway response AWS gives: an unparsable JSON body is 400 (request
// templates) or 500 (response templates); any other failure is a 500 configuration error.
func (c *call) renderTemplate(src, body string, request bool) (string, *gwresponse.Error) {
	if isStatic(src) {
		return src, nil
	}
	tpl, err := c.g.templates.compile("template", src)
	if err != nil {
		return "", gwresponse.Internal(500, "Execution failed due to configuration error: "+err.Error())
	}
	res, err := tpl.Render(c.mappingInput(body))
	if err != nil {
		var be *mapping.BodyError
		if request && errors.As(err, &be) {
			return "", &gwresponse.Error{Type: gwresponse.BadRequestBody, Message: be.Message(),
				Log: "Execution failed: " + err.Error()}
		}
		return "", gwresponse.Internal(500, "Execution failed due to configuration error: Unable to transform the template: "+err.Error())
	}
	// a request template may set both overrides (LS snapshot
	// test_integration_mock_with_response_override_in_request_template); the response
	// template sees and may change what it left
	c.reqOverride, c.respOverride = res.RequestOverride, res.ResponseOverride
	if res.Overrides != nil {
		c.overrides = res.Overrides
	}
	return res.Output, nil
}

// renderGatewayTemplate renders a customised gateway response template, where
// $context.error.* are defined. A template that fails renders as AWS's default body.
func (c *call) renderGatewayTemplate(src string, e *gwresponse.Error) string {
	if isStatic(src) {
		return src
	}
	tpl, err := c.g.templates.compile("gateway response", src)
	if err != nil {
		return `{"message":` + gwresponse.MessageString(e.Message) + `}`
	}
	in := c.mappingInput(c.req.Body)
	in.Context.Error = mapping.ContextError{Message: e.Message, ResponseType: string(e.Type),
		ValidationErrorString: e.ValidationErrorString}
	res, err := tpl.Render(in)
	if err != nil {
		c.trace.Hop("gateway response template", "failed", c.elapsed, 0).Fact("reason", err.Error())
		return `{"message":` + gwresponse.MessageString(e.Message) + `}`
	}
	return res.Output
}
