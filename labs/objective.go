package labs

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// Objective kinds: what an objective does to the engine to observe its state or behaviour.
const (
	KindRequest  = "request"  // send one request (or the same one several times) and look at the last answer
	KindRequests = "requests" // send N requests at a rate in virtual time and count the statuses
	KindState    = "state"    // read a control-plane verb's JSON (get-stage …) at a path
	KindReplay   = "replay"   // replay a scenario against the lab workspace, check its expectations
	KindTemplate = "template" // render a mapping template of the workspace with a given input
)

// Objective is one check of a step. Exactly one of Request, Requests, State, Replay and
// Template is set; Expect says what must be observed.
type Objective struct {
	// Title says in words what must be true ("GET /prod/pets answers 200").
	Title    string        `yaml:"title"`
	Request  *RequestSpec  `yaml:"request"`
	Requests *BurstSpec    `yaml:"requests"`
	State    *StateSpec    `yaml:"state"`
	Replay   yaml.Node     `yaml:"replay"`
	Template *TemplateSpec `yaml:"template"`
	Expect   Expect        `yaml:"expect"`
	// Line is the objective's line in its lab file.
	Line int `yaml:"-"`
}

// RequestSpec is a request sent to the gateway.
type RequestSpec struct {
	API      string            `yaml:"api"`
	Method   string            `yaml:"method"`
	Path     string            `yaml:"path"` // with the stage: /prod/pets, may carry ?query
	Headers  map[string]string `yaml:"headers"`
	Query    map[string]string `yaml:"query"`
	Body     string            `yaml:"body"`
	APIKey   string            `yaml:"apiKey"` // sent as x-api-key
	SourceIP string            `yaml:"sourceIp"`
	// SourceVpce is the interface VPC endpoint the request comes through (a vpcEndpoints id
	// of the workspace): what a PRIVATE API needs, aws:SourceVpce in policies.
	SourceVpce string `yaml:"sourceVpce"`
	// Times sends the request this many times (default 1), one second apart in virtual time
	// unless Every says otherwise; the expectations apply to the last answer.
	Times int    `yaml:"times"`
	Every string `yaml:"every"`
	// Token sends a Cognito token of a user pool of the workspace, minted at the check's
	// (virtual) time, in the Authorization header (or Token.Header).
	Token *TokenSpec `yaml:"token"`
	// SigV4 signs the request as ACCESS_KEY_ID:SECRET of an IAM user or role of the workspace.
	SigV4 string `yaml:"sigv4"`
	// Before are requests sent first (one second apart), e.g. to fill a cache or an
	// authorizer's policy cache; only the answer to this request is checked.
	Before []RequestSpec `yaml:"before"`
}

// TokenSpec is a Cognito token: an ID token, or an access token when Scopes are given.
type TokenSpec struct {
	UserPool string   `yaml:"userPool"` // default: the workspace's only pool
	User     string   `yaml:"user"`
	Client   string   `yaml:"client"` // default: the pool's first app client
	Scopes   []string `yaml:"scopes"`
	TokenUse string   `yaml:"tokenUse"` // id or access (default: access with scopes, else id)
	Header   string   `yaml:"header"`   // default Authorization
}

// BurstSpec sends Count requests at Rate a second in virtual time.
type BurstSpec struct {
	Count   int         `yaml:"count"`
	Rate    float64     `yaml:"rate"`
	Request RequestSpec `yaml:"request"`
}

// StateSpec reads a control-plane verb's JSON output at a path.
type StateSpec struct {
	Command string `yaml:"command"` // e.g. get-stage --stage-name prod
	Path    string `yaml:"path"`    // e.g. canarySettings.percentTraffic, methodSettings["*/*"].throttlingRateLimit
}

// TemplateSpec renders a mapping template of the workspace (or an inline one).
type TemplateSpec struct {
	// Where the template lives: api (optional), resource, method, and either request (the
	// integration request template for ContentType) or response with StatusCode.
	API         string `yaml:"api"`
	Resource    string `yaml:"resource"`
	Method      string `yaml:"method"`
	Response    bool   `yaml:"response"`
	StatusCode  string `yaml:"statusCode"`
	ContentType string `yaml:"contentType"` // default application/json
	// Source is an inline template, used when Resource is empty.
	Source string `yaml:"source"`
	// The input: $input.body, parameters (path.NAME, querystring.NAME, header.NAME), stage variables.
	Body           string            `yaml:"body"`
	Params         map[string]string `yaml:"params"`
	StageVariables map[string]string `yaml:"stageVariables"`
}

// Expect is what an objective must observe. Fields apply to the kinds named.
type Expect struct {
	// request
	Status          int               `yaml:"status"`
	Body            *string           `yaml:"body"`            // exact body (request) or output (template)
	Contains        string            `yaml:"contains"`        // body or output contains
	NotContains     string            `yaml:"notContains"`     // body does not contain (request)
	JSON            yaml.Node         `yaml:"json"`            // body or output is JSON holding this subset
	Headers         map[string]string `yaml:"headers"`         // header values ("" means: present)
	NoHeaders       []string          `yaml:"noHeaders"`       // headers that must be absent
	Cache           string            `yaml:"cache"`           // hit, miss or none
	Canary          *bool             `yaml:"canary"`          // served by the canary
	GatewayResponse string            `yaml:"gatewayResponse"` // e.g. THROTTLED, QUOTA_EXCEEDED
	Function        string            `yaml:"function"`        // the Lambda function that ran ("-": none)
	Version         string            `yaml:"version"`         // the function version that ran
	// Authorizer is the Lambda authorizer function that ran for this request ("-": none —
	// the identity check answered 401 first, or the policy came from the authorizer cache).
	Authorizer string `yaml:"authorizer"`
	AccessLog  string `yaml:"accessLog"` // the stage's access log line contains this
	// AccessLogMatches is a regular expression the whole access log line must match.
	AccessLogMatches string `yaml:"accessLogMatches"`
	// CORS is the browser's verdict on the answer to a request with an Origin header:
	// "allowed" (a page may read it) or "blocked" (the page sees a CORS error), as the
	// engine's cors trace hop decides it (the Fetch standard's CORS check).
	CORS string `yaml:"cors"`
	// requests: status code → range
	Counts map[string]Range `yaml:"counts"`
	// state: the value at the path
	Equals  yaml.Node `yaml:"equals"`
	AtLeast *float64  `yaml:"atLeast"`
	AtMost  *float64  `yaml:"atMost"`
	Exists  *bool     `yaml:"exists"`
	// EqualsPath: the value equals the value at this other path of the same output
	// (e.g. deploymentId equals canarySettings.deploymentId).
	EqualsPath string `yaml:"equalsPath"`
}

// Range bounds a count: exactly Equals, or between AtLeast and AtMost.
type Range struct {
	Equals  *int `yaml:"equals"`
	AtLeast *int `yaml:"atLeast"`
	AtMost  *int `yaml:"atMost"`
}

// Kind names the objective's kind.
func (o *Objective) Kind() string {
	switch {
	case o.Request != nil:
		return KindRequest
	case o.Requests != nil:
		return KindRequests
	case o.State != nil:
		return KindState
	case o.Replay.Kind != 0:
		return KindReplay
	case o.Template != nil:
		return KindTemplate
	}
	return ""
}

// validate checks what the YAML decoder cannot: one kind, the fields it needs.
func (o *Objective) validate() error {
	n := 0
	for _, set := range []bool{o.Request != nil, o.Requests != nil, o.State != nil, o.Replay.Kind != 0, o.Template != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		return errors.New("an objective needs exactly one of request, requests, state, replay, template")
	}
	if strings.TrimSpace(o.Title) == "" {
		return errors.New("an objective needs a title saying what must be true")
	}
	e := &o.Expect
	switch o.Kind() {
	case KindRequest:
		if err := o.Request.validate(); err != nil {
			return err
		}
		if e.Status == 0 && e.Body == nil && e.Contains == "" && e.NotContains == "" && e.JSON.Kind == 0 && len(e.Headers) == 0 &&
			len(e.NoHeaders) == 0 && e.Cache == "" && e.Canary == nil && e.GatewayResponse == "" && e.Function == "" && e.Authorizer == "" && e.Version == "" && e.AccessLog == "" &&
			e.AccessLogMatches == "" && e.CORS == "" {
			return errors.New("expect: say what the answer must be (status, body, contains, json, headers, cache, …)")
		}
		switch e.Cache {
		case "", "hit", "miss", "none":
		default:
			return fmt.Errorf("expect.cache: want hit, miss or none, got %q", e.Cache)
		}
		switch e.CORS {
		case "", "allowed", "blocked":
		default:
			return fmt.Errorf("expect.cors: want allowed or blocked, got %q", e.CORS)
		}
		if e.CORS != "" && !hasHeader(o.Request.Headers, "Origin") {
			return errors.New("expect.cors: the request needs an Origin header (a browser sends one on a cross-origin request)")
		}
		if e.AccessLogMatches != "" {
			if _, err := regexp.Compile(e.AccessLogMatches); err != nil {
				return fmt.Errorf("expect.accessLogMatches: %w", err)
			}
		}
	case KindRequests:
		if o.Requests.Count <= 0 || o.Requests.Count > 100000 {
			return errors.New("requests.count: want 1 to 100000")
		}
		if o.Requests.Rate <= 0 {
			return errors.New("requests.rate: want requests a second (> 0)")
		}
		if err := o.Requests.Request.validate(); err != nil {
			return fmt.Errorf("requests.%w", err)
		}
		if len(e.Counts) == 0 {
			return errors.New("expect.counts: give status → {equals|atLeast|atMost}")
		}
	case KindState:
		if o.State.Command == "" || o.State.Path == "" {
			return errors.New("state: needs command and path")
		}
		if _, err := parseJSONPath(o.State.Path); err != nil {
			return fmt.Errorf("state.path: %w", err)
		}
		if e.Equals.Kind == 0 && e.AtLeast == nil && e.AtMost == nil && e.Exists == nil && e.EqualsPath == "" {
			return errors.New("expect: give equals, equalsPath, atLeast, atMost or exists")
		}
		if e.EqualsPath != "" {
			if _, err := parseJSONPath(e.EqualsPath); err != nil {
				return fmt.Errorf("expect.equalsPath: %w", err)
			}
		}
	case KindReplay:
		if o.Replay.Kind != yaml.MappingNode {
			return errors.New("replay: write the scenario inline (traffic, events, expect)")
		}
	case KindTemplate:
		t := o.Template
		if t.Resource == "" && t.Source == "" {
			return errors.New("template: give resource and method (a template of the workspace) or source")
		}
		if t.Resource != "" && t.Method == "" {
			return errors.New("template.method: needed with resource")
		}
		if e.Body == nil && e.Contains == "" && e.JSON.Kind == 0 {
			return errors.New("expect: give body, contains or json for the output")
		}
	}
	return nil
}

func (r *RequestSpec) validate() error {
	if r.Method == "" || !strings.HasPrefix(r.Path, "/") {
		return errors.New("request: needs method and a path starting with / (the stage first: /prod/pets)")
	}
	if r.Times < 0 || r.Times > 10000 {
		return errors.New("request.times: want 1 to 10000")
	}
	for i := range r.Before {
		if len(r.Before[i].Before) > 0 {
			return errors.New("request.before: a request sent before cannot have requests before it")
		}
		if err := r.Before[i].validate(); err != nil {
			return fmt.Errorf("before[%d]: %w", i, err)
		}
	}
	if r.Token != nil && r.Token.User == "" {
		return errors.New("request.token: needs user")
	}
	if r.SigV4 != "" && !strings.Contains(r.SigV4, ":") {
		return errors.New("request.sigv4: write ACCESS_KEY_ID:SECRET")
	}
	if r.Every != "" {
		if _, err := parseEvery(r.Every); err != nil {
			return fmt.Errorf("request.every: %w", err)
		}
	}
	return nil
}

func hasHeader(h map[string]string, name string) bool {
	for k := range h {
		if strings.EqualFold(k, name) {
			return true
		}
	}
	return false
}
