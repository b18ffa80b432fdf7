package mapping

import (
	"errors"
	"strings"
	"sync"
	"sync/atomic"

	"apigwlab/engine/vtl"
)

// Input is everything a template can see.
type Input struct {
	// Body is the payload: the method request body for request templates, the
	// integration response body for response templates.
	Body string
	// Path holds the method request's path parameters, in order.
	Path []Param
	// Query holds the query string parameters in order, values URL-decoded; a
	// repeated name may appear several times (templates see the last value).
	Query []Param
	// Header holds the request headers in order, names as the client sent them.
	Header []Param
	// StageVars are the stage variables ($stageVariables).
	StageVars map[string]string
	// Context is $context.
	Context Context
}

// Param is one named request parameter.
type Param struct{ Name, Value string }

// Context holds the $context variables a template can read (aws-facts.md §3.5).
type Context struct {
	AccountID         string
	APIID             string
	DomainName        string // the Host header
	DomainPrefix      string // first label of DomainName
	ExtendedRequestID string
	HTTPMethod        string
	Path              string // /{stage}/resource/path
	Protocol          string
	RequestID         string
	RequestTime       string // CLF: dd/MMM/yyyy:HH:mm:ss +-hhmm
	RequestTimeEpoch  int64  // milliseconds
	ResourceID        string
	ResourcePath      string // /resource/{param}
	Stage             string
	DeploymentID      string
	IsCanaryRequest   bool
	Identity          Identity
	Authorizer        Authorizer
	Error             ContextError
	// WebSocket turns on WebSocket APIs' variables (developer guide,
	// apigateway-websocket-api-mapping-template-reference): $context.connectionId,
	// connectedAt (epoch ms), eventType, messageId (MESSAGE only) and routeKey. REST
	// templates print them literally, as any unknown $context key.
	WebSocket    bool
	ConnectionID string
	ConnectedAt  int64
	EventType    string
	MessageID    string
	RouteKey     string
	// RequestOverride seeds $context.requestOverride: a response template sees what
	// the request template set.
	RequestOverride RequestOverride
	// ResponseOverride seeds $context.responseOverride.
	ResponseOverride ResponseOverride
	// Overrides, when set, is what an earlier template of the same request left in
	// $context.requestOverride and $context.responseOverride, every key included (a
	// request template's responseOverride.custom is readable in the response template:
	// LS snapshot test_integration_mock_with_response_override_in_request_template).
	// It wins over RequestOverride and ResponseOverride.
	Overrides *Overrides
}

// Overrides carries $context.requestOverride and $context.responseOverride from one
// template of a request to the next, as AWS does; opaque outside this package.
type Overrides struct{ req, resp *vtl.Map }

// Identity is $context.identity; empty fields render as "" (see identityObj).
type Identity struct {
	SourceIP                      string
	UserAgent                     string
	APIKey                        string
	APIKeyID                      string
	Caller                        string
	User                          string
	UserArn                       string
	AccountID                     string
	AccessKey                     string
	CognitoIdentityID             string
	CognitoIdentityPoolID         string
	CognitoAuthenticationType     string
	CognitoAuthenticationProvider string
	PrincipalOrgID                string
	// VpceID and VpcID are the interface VPC endpoint and VPC a request to a private API
	// came through ($context.identity.vpceId / vpcId: "For private APIs only", the
	// $context variables table of api-gateway-mapping-template-reference).
	VpceID, VpcID string
}

// Authorizer is $context.authorizer.
type Authorizer struct {
	PrincipalID string
	// Claims are a Cognito user pool's token claims: $context.authorizer.claims.<prop>.
	Claims map[string]any
	// Fields is a Lambda authorizer's context map; values print stringified.
	Fields map[string]any
}

// ContextError is $context.error, defined while rendering gateway responses.
type ContextError struct {
	Message               string
	ResponseType          string
	ValidationErrorString string
}

// RequestOverride holds $context.requestOverride: integration request headers, query
// string parameters and path parameters a request template replaces.
type RequestOverride struct {
	Header, Query, Path map[string]string
}

// ResponseOverride holds $context.responseOverride: the method response status and
// headers a response template replaces.
type ResponseOverride struct {
	// Status is 0 unless the template set an integer from 100 to 599; AWS ignores any
	// other value (LocalStack integration_response.py: "AWS ignores the status if the
	// override isn't an integer between 100 and 599"; aws-facts §3.5).
	Status int
	Header map[string]string
}

// Result is a rendered template: its output and the overrides it set.
type Result struct {
	Output string
	// RequestOverride is the final $context.requestOverride (seed plus template
	// writes); maps are nil when empty.
	RequestOverride RequestOverride
	// ResponseOverride is the final $context.responseOverride.
	ResponseOverride ResponseOverride
	// Overrides is both override maps as the template left them (nil when it used
	// neither), to seed the next template's Context.Overrides.
	Overrides *Overrides
}

// Template is a compiled mapping template: parse once at deploy time, render per request.
type Template struct {
	vt *vtl.Template

	paths  sync.Map     // string -> *jsonPath: compiled JSONPath expressions, shared by renders
	npaths atomic.Int32 // entries in paths, to bound it
}

// renderOptions are the Velocity limits of a mapping template: AWS documents 1,000
// #foreach iterations per loop (API Gateway quotas); the other limits keep vtl's
// defaults (10 MB output, the payload quota).
var renderOptions = vtl.Options{MaxLoopIterations: vtl.DefaultMaxLoopIterations, EmptyNulls: true}

// Compile parses a template; a syntax error is a *vtl.Error with line and column.
func Compile(name, src string) (*Template, error) {
	vt, err := vtl.Parse(name, src)
	if err != nil {
		return nil, err
	}
	return &Template{vt: vt}, nil
}

// Name returns the name the template was compiled with.
func (t *Template) Name() string { return t.vt.Name() }

// maxCachedPaths bounds the per-template JSONPath cache: templates name their paths
// literally, so a few dozen entries cover them; a template building paths from request
// data must not grow the cache without limit.
const maxCachedPaths = 256

// path compiles a JSONPath, reusing the compiled form across renders.
func (t *Template) path(src string) (*jsonPath, error) {
	if jp, ok := t.paths.Load(src); ok {
		return jp.(*jsonPath), nil
	}
	jp, err := compilePath(src)
	if err != nil {
		return nil, err
	}
	if t.npaths.Load() < maxCachedPaths {
		if _, loaded := t.paths.LoadOrStore(src, jp); !loaded {
			t.npaths.Add(1)
		}
	}
	return jp, nil
}

// renderState is everything one Render allocates, pooled so that a steady stream of
// requests reuses it. Nothing in it outlives Render: the output is a fresh string and
// the override maps are copied into the Result.
type renderState struct {
	t       *Template
	in      *Input
	input   inputObj
	ctx     contextObj
	stage   stageVarsObj
	vars    map[string]any
	bodyErr *BodyError
	scratch jsonScratch // the body parser's stacks, reused across renders
}

var statePool = sync.Pool{New: func() any {
	st := &renderState{}
	st.vars = map[string]any{
		"input":          &st.input,
		"context":        &st.ctx,
		"util":           theUtil,
		"stageVariables": &st.stage,
	}
	st.stage.st = st
	return st
}}

var emptyInput Input

// Render evaluates the template against one request or response. Errors are *vtl.Error
// (line:col) or, when the payload is not JSON, a *BodyError wrapping one.
func (t *Template) Render(in *Input) (Result, error) {
	if t == nil || t.vt == nil {
		return Result{}, errors.New("mapping: Render on nil *Template")
	}
	if in == nil {
		in = &emptyInput
	}
	st := statePool.Get().(*renderState)
	st.t, st.in, st.bodyErr = t, in, nil
	st.input.reset(st)
	st.ctx.reset(st)
	defer func() {
		st.t, st.in, st.bodyErr = nil, nil, nil
		st.input.reset(nil)
		st.ctx.reset(nil)
		// Nothing built from the payload outlives the render (Result holds strings
		// only), so its slabs can serve the next request.
		st.scratch.b.Reset()
		statePool.Put(st)
	}()

	out, err := t.vt.Render(st.vars, &renderOptions)
	if err != nil {
		if st.bodyErr != nil {
			return Result{}, &BodyError{Detail: st.bodyErr.Detail, Err: err}
		}
		return Result{}, err
	}
	res := Result{Output: out}
	res.RequestOverride = in.Context.RequestOverride
	res.ResponseOverride = in.Context.ResponseOverride
	if m := st.ctx.reqOverride; m != nil {
		res.RequestOverride = RequestOverride{
			Header: overrideMap(m, "header"),
			Query:  overrideMap(m, "querystring"),
			Path:   overrideMap(m, "path"),
		}
	}
	if m := st.ctx.respOverride; m != nil {
		res.ResponseOverride = ResponseOverride{
			Status: overrideStatus(m),
			Header: overrideMap(m, "header"),
		}
	}
	if st.ctx.reqOverride != nil || st.ctx.respOverride != nil || in.Context.Overrides != nil {
		// copied: nothing built during the render may outlive it (scratch slabs)
		res.Overrides = &Overrides{req: cloneOverride(st.ctx.reqOverride), resp: cloneOverride(st.ctx.respOverride)}
		if o := in.Context.Overrides; o != nil {
			if res.Overrides.req == nil {
				res.Overrides.req = o.req
			}
			if res.Overrides.resp == nil {
				res.Overrides.resp = o.resp
			}
		}
	}
	return res, nil
}

// overrideMap reads one override map back. Values print as Java strings; a list
// (#set($context.requestOverride.header.X = ["a", "b"])) is a multi-valued header,
// which HTTP folds into one comma-separated value. Null values are skipped.
func overrideMap(m *vtl.Map, key string) map[string]string {
	v, _ := m.Get(key)
	inner, ok := v.(*vtl.Map)
	if !ok || inner.Len() == 0 {
		return nil
	}
	out := make(map[string]string, inner.Len())
	for _, k := range inner.Keys() {
		val, _ := inner.Get(k)
		if l, ok := val.(*vtl.List); ok { // a list from $input.path: multi-valued as well
			val = l.Items()
		}
		switch x := val.(type) {
		case nil:
			continue
		case []any:
			parts := make([]string, 0, len(x))
			for _, e := range x {
				parts = append(parts, javaString(e))
			}
			out[k] = strings.Join(parts, ",")
		default:
			out[k] = javaString(x)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// overrideStatus applies AWS's rule: only an integer value from 100 to 599 counts.
func overrideStatus(m *vtl.Map) int {
	v, _ := m.Get("status")
	switch x := v.(type) {
	case int:
		if x >= 100 && x <= 599 {
			return x
		}
	case int64:
		if x >= 100 && x <= 599 {
			return int(x)
		}
	}
	return 0
}

// cloneOverride deep-copies an override map, strings included.
func cloneOverride(m *vtl.Map) *vtl.Map {
	if m == nil {
		return nil
	}
	return cloneValue(m, 0).(*vtl.Map)
}

func cloneValue(v any, depth int) any {
	if depth > 100 {
		return nil
	}
	switch x := v.(type) {
	case string:
		return strings.Clone(x)
	case *vtl.Map:
		out := vtl.NewMap()
		for _, k := range x.Keys() {
			val, _ := x.Get(k)
			out.Put(strings.Clone(k), cloneValue(val, depth+1))
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = cloneValue(e, depth+1)
		}
		return out
	case *vtl.List:
		return cloneValue(x.Items(), depth+1)
	default:
		return v
	}
}
