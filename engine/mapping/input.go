package mapping

import (
	"errors"
	"fmt"
	"strings"

	"apigwlab/engine/vtl"
)

// inputObj is $input. It parses the body at most once per Render, on the first
// $input.json / $input.path call, and shares the parsed tree between calls: a
// template that reads ten fields pays for one parse.
type inputObj struct {
	st *renderState

	parsed   bool
	root     any
	parseErr error

	params *vtl.Map // $input.params(), built on first use
}

func (o *inputObj) reset(st *renderState) {
	*o = inputObj{st: st}
}

// emptyBodyText is what $input.body prints for an empty payload. Real AWS (LocalStack
// PR #12413, validated against AWS, also with a text/html template): "API Gateway will
// replace an empty body with {} when using $input.body in a VTL template".
const emptyBodyText = "{}"

// String names the object, as LocalStack's $input does ("$input"): AWS prints a Java
// object name here, and neither is useful in a payload.
func (o *inputObj) String() string { return "$input" }

// Property implements $input.body.
func (o *inputObj) Property(name string) (any, bool) {
	if name == "body" {
		if o.st.in.Body == "" {
			return emptyBodyText, true
		}
		return o.st.in.Body, true
	}
	return nil, false
}

// Call implements $input.json(x), $input.path(x) and $input.params([x]).
func (o *inputObj) Call(name string, args []any) (any, bool, error) {
	switch name {
	case "getBody":
		if len(args) == 0 {
			v, _ := o.Property("body")
			return v, true, nil
		}
	case "json":
		if len(args) == 1 {
			v, err := o.json(args[0])
			return v, true, err
		}
	case "path":
		if len(args) == 1 {
			v, err := o.path(args[0])
			return v, true, err
		}
	case "params":
		switch len(args) {
		case 0:
			return o.allParams(), true, nil
		case 1:
			if args[0] == nil {
				return o.allParams(), true, nil
			}
			return o.param(javaString(args[0])), true, nil
		}
	}
	return nil, false, nil
}

// body returns the parsed payload. An empty payload reads as {} (the same substitution
// AWS makes for $input.body, and what real captures of the console's passthrough
// template show for a GET: "body-json": {}).
func (o *inputObj) body() (any, error) {
	if !o.parsed {
		o.parsed = true
		if o.st.in.Body == "" {
			o.root = vtl.NewMap()
		} else {
			o.root, o.parseErr = parseJSONWith(o.st.in.Body, &o.st.scratch)
			if o.parseErr != nil {
				o.st.bodyErr = &BodyError{Detail: o.parseErr.Error()}
			}
		}
	}
	if o.parseErr != nil {
		return nil, o.st.bodyErr
	}
	return o.root, nil
}

// lookup evaluates a JSONPath argument against the body.
func (o *inputObj) lookup(arg any) (any, bool, error) {
	s, ok := arg.(string)
	if !ok {
		if arg == nil {
			return nil, false, errors.New("java.lang.IllegalArgumentException: path can not be null")
		}
		s = javaString(arg)
	}
	jp, err := o.st.t.path(s)
	if err != nil {
		return nil, false, err
	}
	root, err := o.body()
	if err != nil {
		return nil, false, err
	}
	return evalPath(jp, root)
}

// path is $input.path(x): the native value, or "" when a definite path has no match.
// The empty string (not null) is what AWS's own Kinesis tutorial relies on: its
// CreateStream template compares $input.path('$.ShardCount') with an empty string
// literal to default ShardCount to 5 "if the client does not specify a value"
// (developer guide, integrating-api-with-aws-services-kinesis); in Velocity a null
// never equals a string, so a missing path must be "".
func (o *inputObj) path(arg any) (any, error) {
	v, found, err := o.lookup(arg)
	if err != nil || !found {
		return "", err
	}
	return v, nil
}

// json is $input.json(x): the match as JSON text. A definite path with no match gives
// `""` (an empty JSON string): the value $input.path gives, serialized. Velson, a
// Jayway-based reproduction of API Gateway's transformer, returns the same `""`
// (drexler/velson InputTool.json, catching PathNotFoundException). Not confirmed by a
// real-AWS capture.
func (o *inputObj) json(arg any) (any, error) {
	v, found, err := o.lookup(arg)
	if err != nil {
		return nil, err
	}
	if !found {
		return `""`, nil
	}
	var b strings.Builder
	if err := writeJSON(&b, v); err != nil {
		return nil, fmt.Errorf("java.lang.OutOfMemoryError: $input.json result larger than %d bytes", vtl.DefaultMaxOutputBytes)
	}
	return b.String(), nil
}

// allParams is $input.params(): path, querystring, header, in that order (the order
// AWS prints, e.g. "{path={...}, querystring={...}, header={}}" in a 2016 capture,
// yyolk/api-gateway-payload-parse README). A repeated name keeps the last value, as
// API Gateway's single-value parameter maps do (LocalStack handlers/parse.py: "for the
// single value parameters, AWS only keeps the last value of the list").
func (o *inputObj) allParams() *vtl.Map {
	if o.params == nil {
		in := o.st.in
		m := vtl.NewMap()
		m.Put("path", paramMap(in.Path))
		m.Put("querystring", paramMap(in.Query))
		m.Put("header", paramMap(in.Header))
		o.params = m
	}
	return o.params
}

func paramMap(ps []Param) *vtl.Map {
	m := vtl.NewMap()
	for _, p := range ps {
		m.Put(p.Name, p.Value)
	}
	return m
}

// param is $input.params(name): the path parameter, else the query string parameter,
// else the header, else "" (reference page: "searched in that order"; aws-facts §3.2).
// Path and query names match exactly; header names match case-insensitively, as HTTP
// header names do (LocalStack keeps headers in a case-insensitive werkzeug Headers
// object for this lookup).
func (o *inputObj) param(name string) string {
	in := o.st.in
	for _, p := range in.Path {
		if p.Name == name {
			return p.Value
		}
	}
	v, found := "", false
	for _, p := range in.Query {
		if p.Name == name {
			v, found = p.Value, true
		}
	}
	if found {
		return v
	}
	for _, p := range in.Header {
		if strings.EqualFold(p.Name, name) {
			v = p.Value
		}
	}
	return v
}

// BodyError reports a payload that $input.json, $input.path or the body could not parse
// as JSON. API Gateway answers such a request with 400 and a body like
// {"message": "Could not parse request body into json: Could not parse payload into json: Unrecognized token ..."};
// the engine decides the status (a response template failing this way is an
// integration failure, 500).
type BodyError struct {
	Detail string // the parser's message, in Jackson's wording
	Err    error  // the template error that aborted the render (a *vtl.Error), if any
}

// BodyParsePrefix starts the message API Gateway sends for an unparsable request body.
const BodyParsePrefix = "Could not parse request body into json: Could not parse payload into json: "

// Error describes the failure for logs and traces.
func (e *BodyError) Error() string {
	if e.Err != nil {
		var ve *vtl.Error
		if errors.As(e.Err, &ve) {
			return fmt.Sprintf("%s:%d:%d: body is not valid JSON: %s", ve.Name, ve.Line, ve.Col, e.Detail)
		}
	}
	return "body is not valid JSON: " + e.Detail
}

// Message is the text AWS puts in the 400 response's "message" field.
func (e *BodyError) Message() string { return BodyParsePrefix + e.Detail }

// Unwrap exposes the template error, so errors.As finds the *vtl.Error position too.
func (e *BodyError) Unwrap() error { return e.Err }
