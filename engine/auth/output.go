package auth

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"apigwlab/engine/vtl"
	"apigwlab/engine/wire"
)

// Result is a parsed authorizer output. It is immutable once returned by ParseOutput and
// shared by every request that hits the cache entry holding it.
type Result struct {
	PrincipalID string
	Policy      Policy
	// Context is the output's context map: each value stringified as AWS does, or null.
	Context []ContextEntry // sorted by key
	// UsageIdentifierKey is the API key value returned for apiKeySource AUTHORIZER
	// ("" and HasUsageIdentifierKey false when absent).
	UsageIdentifierKey    string
	HasUsageIdentifierKey bool
}

// ContextEntry is one key of the output's context map.
type ContextEntry struct {
	Key   string
	Value string // stringified: "value", "1", "true"
	Null  bool   // the function returned JSON null for this key
}

// Policy is the output's policyDocument.
type Policy struct {
	Version    string
	Statements []Statement
}

// Statement is one policy statement.
type Statement struct {
	Index  int    // position in the Statement list (0 for a single statement object)
	Sid    string // optional
	Effect string // "Allow" or "Deny"
	// Actions lists Action, or NotAction when NotAction is true.
	Actions   []string
	NotAction bool
	// Resources lists Resource, or NotResource when NotResource is true.
	Resources   []string
	NotResource bool
	// Condition reports a non-empty Condition block. Conditions are not evaluated by this
	// simulator: such a statement never matches (Decision explains it).
	Condition bool

	resources []arnPattern
}

// MaxPolicyResourceLength is the longest Resource ARN a policy statement may carry: "the
// Resource ARN, as shown in the policy statement output by the authorizer, is currently limited
// to 512 characters long" (api-gateway-lambda-authorizer-output.md). A longer one is treated as
// a malformed output (500); AWS's exact reaction is not documented.
const MaxPolicyResourceLength = 512

// OutputError says why an authorizer output is malformed. API Gateway answers it with a 500
// AUTHORIZER_CONFIGURATION_ERROR (ConfigurationErrorOutcome).
type OutputError struct {
	Reason string
}

func (e *OutputError) Error() string { return "malformed authorizer output: " + e.Reason }

func badOutput(format string, args ...any) (*Result, error) {
	return nil, &OutputError{Reason: fmt.Sprintf(format, args...)}
}

// ParseOutput reads the value an authorizer function returned (decoded JSON: map[string]any,
// []any, string, float64 or json.Number, bool, nil; YAML-decoded ints are accepted too).
//
// Shape (api-gateway-lambda-authorizer-output.md): the output "must include the principal
// identifier (principalId) and a policy document (policyDocument) containing a list of policy
// statements. The output can also include a context map … usageIdentifierKey".
//
//   - principalId: required. A number or boolean is accepted and stringified: AWS passes a
//     numeric principalId on as a string (serverless-offline#813, observed on AWS). An object,
//     array or null is malformed.
//   - policyDocument: required object with "Statement" (an object or a list) and optional
//     "Version". Element names are case-sensitive as in IAM: a Java runtime library that wrote
//     "version"/"statement" got "Execution failed due to configuration error: Unable to parse
//     given policy" on AWS (aws/aws-lambda-java-libs#184); the error names the right spelling.
//   - a statement has Effect "Allow" or "Deny" (IAM grammar; case-sensitive), Action or
//     NotAction and Resource or NotResource, each a string or a non-empty list of strings. An
//     explicit null anywhere in a statement is malformed: "Condition": null made real authorizers
//     fail with AuthorizerConfigurationException (aws/aws-lambda-rust-runtime#863,
//     aws/aws-lambda-dotnet#2022), while an empty Condition object {} works.
//   - context: optional object whose values are strings, numbers or booleans: "you cannot set
//     a JSON object or array as a valid value of any key in the context map" (output doc) —
//     nested values give a 500 on AWS (serverless-offline#533, #1376, tested on AWS). A null
//     value is accepted and passed on as null (a 2024 experiment on AWS,
//     DefinitelyTyped/DefinitelyTyped#69823, printed "null": null in requestContext.authorizer).
//   - usageIdentifierKey: optional string (scalars are stringified like principalId).
//
// Unknown top-level or statement keys are ignored.
func ParseOutput(v any) (*Result, error) {
	obj, ok := v.(map[string]any)
	if !ok {
		if v == nil {
			return badOutput("the function returned null; it must return an object with principalId and policyDocument")
		}
		return badOutput("the function returned %s; it must return an object with principalId and policyDocument", kindOf(v))
	}
	r := &Result{}

	pid, present := obj["principalId"]
	if !present {
		return badOutput("principalId is missing%s", caseHint(obj, "principalId"))
	}
	s, ok := scalarText(pid)
	if !ok {
		return badOutput("principalId is %s; it must be a string", kindOf(pid))
	}
	r.PrincipalID = s

	pd, present := obj["policyDocument"]
	if !present {
		return badOutput("policyDocument is missing%s", caseHint(obj, "policyDocument"))
	}
	doc, ok := pd.(map[string]any)
	if !ok {
		return badOutput("policyDocument is %s; it must be an object {\"Version\": \"2012-10-17\", \"Statement\": [...]}", kindOf(pd))
	}
	if err := parsePolicy(doc, &r.Policy); err != nil {
		return nil, err
	}

	if c, present := obj["context"]; present && c != nil {
		m, ok := c.(map[string]any)
		if !ok {
			return badOutput("context is %s; it must be an object of string, number or boolean values", kindOf(c))
		}
		r.Context = make([]ContextEntry, 0, len(m))
		for k, cv := range m {
			if cv == nil {
				r.Context = append(r.Context, ContextEntry{Key: k, Null: true})
				continue
			}
			s, ok := scalarText(cv)
			if !ok {
				return badOutput("context.%s is %s; context values must be strings, numbers or booleans (AWS rejects objects and arrays)", k, kindOf(cv))
			}
			r.Context = append(r.Context, ContextEntry{Key: k, Value: s})
		}
		sort.Slice(r.Context, func(i, j int) bool { return r.Context[i].Key < r.Context[j].Key })
	}

	if u, present := obj["usageIdentifierKey"]; present && u != nil {
		s, ok := scalarText(u)
		if !ok {
			return badOutput("usageIdentifierKey is %s; it must be a string (an API key value)", kindOf(u))
		}
		r.UsageIdentifierKey, r.HasUsageIdentifierKey = s, true
	}
	return r, nil
}

func parsePolicy(doc map[string]any, p *Policy) error {
	if v, present := doc["Version"]; present {
		s, ok := v.(string)
		if !ok {
			return &OutputError{Reason: fmt.Sprintf("policyDocument.Version is %s; it must be a string such as \"2012-10-17\"", kindOf(v))}
		}
		p.Version = s
	}
	st, present := doc["Statement"]
	if !present {
		return &OutputError{Reason: "policyDocument.Statement is missing" + caseHint(doc, "Statement")}
	}
	switch x := st.(type) {
	case map[string]any:
		s, err := parseStatement(x, 0)
		if err != nil {
			return err
		}
		p.Statements = []Statement{s}
	case []any:
		p.Statements = make([]Statement, 0, len(x))
		for i, e := range x {
			m, ok := e.(map[string]any)
			if !ok {
				return &OutputError{Reason: fmt.Sprintf("policyDocument.Statement[%d] is %s; a statement is an object with Effect, Action and Resource", i, kindOf(e))}
			}
			s, err := parseStatement(m, i)
			if err != nil {
				return err
			}
			p.Statements = append(p.Statements, s)
		}
	default:
		return &OutputError{Reason: fmt.Sprintf("policyDocument.Statement is %s; it must be a statement object or a list of them", kindOf(st))}
	}
	return nil
}

func parseStatement(m map[string]any, i int) (Statement, error) {
	where := fmt.Sprintf("policyDocument.Statement[%d]", i)
	fail := func(format string, args ...any) (Statement, error) {
		return Statement{}, &OutputError{Reason: where + " " + fmt.Sprintf(format, args...)}
	}
	s := Statement{Index: i}
	for k, v := range m {
		if v == nil {
			return fail("has %q: null; remove the key instead of sending null (AWS rejects the policy)", k)
		}
	}
	if v, ok := m["Sid"]; ok {
		sid, ok := v.(string)
		if !ok {
			return fail("Sid is %s; it must be a string", kindOf(v))
		}
		s.Sid = sid
	}

	e, present := m["Effect"]
	if !present {
		return fail("has no Effect%s", caseHint(m, "Effect"))
	}
	switch e {
	case "Allow", "Deny":
		s.Effect = e.(string)
	default:
		if es, ok := e.(string); ok {
			return fail("Effect is %q; it must be exactly \"Allow\" or \"Deny\" (case-sensitive, one value)", es)
		}
		return fail("Effect is %s; it must be the string \"Allow\" or \"Deny\"", kindOf(e))
	}

	var err error
	s.Actions, s.NotAction, err = stringList(m, "Action", "NotAction")
	if err != nil {
		return fail("%v", err)
	}
	s.Resources, s.NotResource, err = stringList(m, "Resource", "NotResource")
	if err != nil {
		return fail("%v", err)
	}
	s.resources = make([]arnPattern, len(s.Resources))
	for j, r := range s.Resources {
		if len(r) > MaxPolicyResourceLength {
			return fail("Resource[%d] is %d characters long; API Gateway limits a policy Resource ARN to %d", j, len(r), MaxPolicyResourceLength)
		}
		s.resources[j] = compileARNPattern(r)
	}

	if c, ok := m["Condition"]; ok {
		cm, ok := c.(map[string]any)
		if !ok {
			return fail("Condition is %s; it must be an object", kindOf(c))
		}
		s.Condition = len(cm) > 0
	}
	return s, nil
}

// stringList reads key or notKey (exactly one of them) as a string or a non-empty list of
// strings.
func stringList(m map[string]any, key, notKey string) ([]string, bool, error) {
	v, has := m[key]
	nv, hasNot := m[notKey]
	switch {
	case has && hasNot:
		return nil, false, fmt.Errorf("has both %s and %s; use one", key, notKey)
	case !has && !hasNot:
		return nil, false, fmt.Errorf("has no %s%s", key, caseHint(m, key))
	case hasNot:
		key, v = notKey, nv
	}
	switch x := v.(type) {
	case string:
		return []string{x}, hasNot, nil
	case []any:
		if len(x) == 0 {
			return nil, false, fmt.Errorf("%s is an empty list", key)
		}
		out := make([]string, len(x))
		for i, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, false, fmt.Errorf("%s[%d] is %s; it must be a string", key, i, kindOf(e))
			}
			out[i] = s
		}
		return out, hasNot, nil
	}
	return nil, false, fmt.Errorf("%s is %s; it must be a string or a list of strings", key, kindOf(v))
}

// caseHint names a key that differs from want only in case, for the common mistake of
// writing "statement" or "principalID".
func caseHint(m map[string]any, want string) string {
	for k := range m {
		if k != want && strings.EqualFold(k, want) {
			return fmt.Sprintf(" (found %q: names are case-sensitive, write %q)", k, want)
		}
	}
	return ""
}

// scalarText stringifies a string, number or boolean as AWS exposes context values:
// "value", "1", "true" (output doc: "The returned values are all stringified").
//
// Numbers: an integer is written as such ("1"); a number with a fraction or an exponent is
// written the way Java's Double.toString writes it ("1.5", "1.0E21") — API Gateway is a Java
// service; AWS documents only the integer case, so the fractional form is our best guess.
func scalarText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case bool:
		if x {
			return "true", true
		}
		return "false", true
	case json.Number:
		s := string(x)
		if !strings.ContainsAny(s, ".eE") {
			return s, true
		}
		f, err := x.Float64()
		if err != nil {
			return s, true
		}
		return vtl.FormatDouble(f), true
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return strconv.FormatInt(int64(x), 10), true
		}
		return vtl.FormatDouble(x), true
	case float32:
		return scalarText(float64(x))
	case int:
		return strconv.FormatInt(int64(x), 10), true
	case int8:
		return strconv.FormatInt(int64(x), 10), true
	case int16:
		return strconv.FormatInt(int64(x), 10), true
	case int32:
		return strconv.FormatInt(int64(x), 10), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case uint:
		return strconv.FormatUint(uint64(x), 10), true
	case uint8:
		return strconv.FormatUint(uint64(x), 10), true
	case uint16:
		return strconv.FormatUint(uint64(x), 10), true
	case uint32:
		return strconv.FormatUint(uint64(x), 10), true
	case uint64:
		return strconv.FormatUint(x, 10), true
	}
	return "", false
}

func kindOf(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	default:
		if _, ok := scalarText(x); ok {
			return "a number"
		}
		return fmt.Sprintf("a %T", v)
	}
}

// ContextValues returns $context.authorizer.*: principalId and every context key, each
// stringified as AWS does ("value", "1", "true"). A key the function set to null is left out
// (its $context.authorizer value is unset). A context key named principalId does not replace
// the real principalId. The engine adds $context.authorizer.integrationLatency itself.
func (r *Result) ContextValues() map[string]string {
	m := make(map[string]string, len(r.Context)+1)
	for _, e := range r.Context {
		if !e.Null {
			m[e.Key] = e.Value
		}
	}
	m["principalId"] = r.PrincipalID
	return m
}

// AppendProxyAuthorizer appends the JSON object a Lambda proxy event carries as
// requestContext.authorizer: the context keys with their values stringified ("123", "true";
// null stays null), then principalId and integrationLatency (a number, in milliseconds).
//
// Source: the developer guide ("For the Lambda proxy integration … Their values are
// stringified, for example, "stringval", "123", or "true"") and an experiment on AWS in 2024
// (DefinitelyTyped/DefinitelyTyped#69823), whose function printed
// {"str":"hello","bool":"true","null":null,"num":"123","principalId":"my-username",
// "integrationLatency":0}. Older captures show numbers and booleans kept as JSON types
// (rubyonjets docs), so AWS appears to have changed; we follow the newer observation and the
// documentation. Context keys come out sorted (AWS's own order looks like a hash order);
// context keys named principalId or integrationLatency are dropped in favour of AWS's own.
func (r *Result) AppendProxyAuthorizer(b []byte, integrationLatencyMs int64) []byte {
	b = append(b, '{')
	for _, e := range r.Context {
		if e.Key == "principalId" || e.Key == "integrationLatency" {
			continue
		}
		b = wire.AppendJSONString(b, e.Key)
		b = append(b, ':')
		if e.Null {
			b = append(b, "null"...)
		} else {
			b = wire.AppendJSONString(b, e.Value)
		}
		b = append(b, ',')
	}
	b = append(b, `"principalId":`...)
	b = wire.AppendJSONString(b, r.PrincipalID)
	b = append(b, `,"integrationLatency":`...)
	b = strconv.AppendInt(b, integrationLatencyMs, 10)
	return append(b, '}')
}

// ProxyAuthorizer returns AppendProxyAuthorizer's object as a value for encoding/json users.
func (r *Result) ProxyAuthorizer(integrationLatencyMs int64) json.RawMessage {
	return r.AppendProxyAuthorizer(nil, integrationLatencyMs)
}
