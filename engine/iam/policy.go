package iam

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"apigwlab/engine/auth"
	"apigwlab/engine/names"
)

// Kind of policy document: an identity policy (attached to a user or role: no Principal) or
// a resource policy (attached to the API: every statement names a Principal). IAM rejects an
// identity policy with a Principal ("Policy document should not specify a principal") and a
// resource policy statement without one.
const (
	IdentityPolicy = "identity"
	ResourcePolicy = "resource"
)

// Policy is a parsed IAM policy document.
type Policy struct {
	// Name says where the policy comes from, for the trace ("alice's policy #1", "resource policy").
	Name       string
	Version    string
	Statements []Statement
}

// Statement is one policy statement.
type Statement struct {
	Index  int
	Sid    string
	Effect string // Allow or Deny
	// Actions lists Action, or NotAction when NotAction is set.
	Actions   []string
	NotAction bool
	// Resources lists Resource (or NotResource), compiled; abbreviated execute-api
	// resources are expanded to full ARNs at parse time.
	Resources   []auth.ARNPattern
	NotResource bool
	// Principal is the Principal element (nil in identity policies).
	Principal  *Principal
	Conditions []Condition
}

// Principal is a statement's Principal: "*" or {"AWS": [...]} (other principal types are
// kept but match none of apigwlab's callers).
type Principal struct {
	Any   bool
	AWS   []string
	Other []string // Service, Federated, CanonicalUser values
}

// Condition is one operator/key pair of a Condition block: the values are ORed; the pairs
// of a statement are ANDed (IAM User Guide, reference_policies_condition-logic-multiple-context-keys-or-values).
type Condition struct {
	Operator string // as written, e.g. NotIpAddress, StringEqualsIfExists
	Key      string // as written, e.g. aws:SourceIp
	Values   []string
	prefixes []netip.Prefix // IpAddress / NotIpAddress
}

// ParsePolicy reads a policy document: a decoded JSON object (map[string]any) or its JSON
// text (a string). expand rewrites each Resource (nil: as written); a resource policy uses it
// to expand "execute-api:/stage/VERB/path" to the API's full ARN, as API Gateway does when it
// saves the policy. Errors name the element: "Statement[1].Effect: …".
func ParsePolicy(doc any, kind string, expand func(string) string) (*Policy, error) {
	if s, ok := doc.(string); ok {
		var v any
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("not valid JSON: %v", err)
		}
		doc = v
	}
	m, ok := doc.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("a policy document is an object {\"Version\": \"2012-10-17\", \"Statement\": [...]}, got %s", kindOf(doc))
	}
	p := &Policy{}
	if v, ok := m["Version"]; ok {
		s, ok := v.(string)
		if !ok || (s != "2012-10-17" && s != "2008-10-17") {
			return nil, fmt.Errorf("Version: %v is not a policy language version: write \"2012-10-17\"", v)
		}
		p.Version = s
	}
	for k := range m {
		switch k {
		case "Version", "Statement", "Id":
		default:
			return nil, fmt.Errorf("%s: not a policy element (Version, Id, Statement)%s", k, hint(k, "Version", "Id", "Statement"))
		}
	}
	st, ok := m["Statement"]
	if !ok {
		return nil, fmt.Errorf("Statement: missing")
	}
	var list []any
	switch x := st.(type) {
	case map[string]any:
		list = []any{x}
	case []any:
		list = x
	default:
		return nil, fmt.Errorf("Statement: want a statement object or a list of them, got %s", kindOf(st))
	}
	for i, e := range list {
		sm, ok := e.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("Statement[%d]: want an object with Effect, Action and Resource, got %s", i, kindOf(e))
		}
		s, err := parseStatement(sm, i, kind, expand)
		if err != nil {
			return nil, fmt.Errorf("Statement[%d].%w", i, err)
		}
		p.Statements = append(p.Statements, s)
	}
	return p, nil
}

var statementKeys = []string{"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition"}

func parseStatement(m map[string]any, i int, kind string, expand func(string) string) (Statement, error) {
	s := Statement{Index: i}
	for k := range m {
		known := false
		for _, x := range statementKeys {
			known = known || k == x
		}
		if !known {
			return s, fmt.Errorf("%s: not a statement element (%s)%s", k, strings.Join(statementKeys, ", "), hint(k, statementKeys...))
		}
	}
	if v, ok := m["Sid"]; ok {
		sid, ok := v.(string)
		if !ok {
			return s, fmt.Errorf("Sid: want a string, got %s", kindOf(v))
		}
		s.Sid = sid
	}
	switch e := m["Effect"]; e {
	case "Allow", "Deny":
		s.Effect = e.(string)
	case nil:
		return s, fmt.Errorf("Effect: missing: write Effect: Allow or Effect: Deny")
	default:
		return s, fmt.Errorf("Effect: %v is not Allow or Deny (case-sensitive)", e)
	}
	var err error
	if s.Actions, s.NotAction, err = strings2(m, "Action", "NotAction"); err != nil {
		return s, err
	}
	res, notRes, err := strings2(m, "Resource", "NotResource")
	if err != nil {
		return s, err
	}
	s.NotResource = notRes
	for _, r := range res {
		if expand != nil {
			r = expand(r)
		}
		s.Resources = append(s.Resources, auth.CompileARN(r))
	}
	if _, ok := m["NotPrincipal"]; ok {
		return s, fmt.Errorf("NotPrincipal: not supported by apigwlab; write Principal with a Condition instead")
	}
	pr, hasPr := m["Principal"]
	switch {
	case kind == IdentityPolicy && hasPr:
		return s, fmt.Errorf("Principal: an identity policy must not name a Principal (IAM: \"Policy document should not specify a principal\"); the user or role it is attached to is the principal")
	case kind == ResourcePolicy && !hasPr:
		return s, fmt.Errorf("Principal: missing: a resource policy statement names who it applies to, e.g. Principal: \"*\" or Principal: {AWS: arn:aws:iam::123456789012:user/alice}")
	case hasPr:
		p, err := parsePrincipal(pr)
		if err != nil {
			return s, fmt.Errorf("Principal: %w", err)
		}
		s.Principal = p
	}
	if c, ok := m["Condition"]; ok {
		cm, ok := c.(map[string]any)
		if !ok {
			return s, fmt.Errorf("Condition: want an object {Operator: {key: value}}, got %s", kindOf(c))
		}
		for _, op := range slices.Sorted(maps.Keys(cm)) {
			km, ok := cm[op].(map[string]any)
			if !ok {
				return s, fmt.Errorf("Condition.%s: want an object {key: value or [values]}, got %s", op, kindOf(cm[op]))
			}
			for _, key := range slices.Sorted(maps.Keys(km)) {
				vals, err := scalars(km[key])
				if err != nil {
					return s, fmt.Errorf("Condition.%s.%s: %v", op, key, err)
				}
				if !isOperator(op) {
					return s, fmt.Errorf("Condition: %q is not an IAM condition operator%s", op, hint(op, conditionOperators...))
				}
				cond := Condition{Operator: op, Key: key, Values: vals}
				if base := baseOperator(op); base == "IpAddress" || base == "NotIpAddress" {
					for _, v := range vals {
						pfx, err := parsePrefix(v)
						if err != nil {
							return s, fmt.Errorf("Condition.%s.%s: %q is not an IP address or CIDR block (e.g. 203.0.113.0/24)", op, key, v)
						}
						cond.prefixes = append(cond.prefixes, pfx)
					}
				}
				s.Conditions = append(s.Conditions, cond)
			}
		}
	}
	return s, nil
}

func parsePrefix(v string) (netip.Prefix, error) {
	if strings.Contains(v, "/") {
		p, err := netip.ParsePrefix(v)
		return p.Masked(), err
	}
	a, err := netip.ParseAddr(v)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

func parsePrincipal(v any) (*Principal, error) {
	if s, ok := v.(string); ok {
		if s != "*" {
			return nil, fmt.Errorf("%q: a principal string can only be \"*\"; write {AWS: %q}", s, s)
		}
		return &Principal{Any: true}, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("want \"*\" or {AWS: ARN or account id}, got %s", kindOf(v))
	}
	p := &Principal{}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		vals, err := scalars(m[k])
		if err != nil {
			return nil, fmt.Errorf("%s: %v", k, err)
		}
		switch k {
		case "AWS":
			for _, x := range vals {
				if x == "*" {
					p.Any = true
				}
			}
			p.AWS = vals
		case "Service", "Federated", "CanonicalUser":
			p.Other = append(p.Other, vals...)
		default:
			return nil, fmt.Errorf("%s: not a principal type (AWS, Service, Federated, CanonicalUser)%s", k, hint(k, "AWS", "Service", "Federated", "CanonicalUser"))
		}
	}
	return p, nil
}

// strings2 reads key or notKey (exactly one) as a string or a non-empty list of strings.
func strings2(m map[string]any, key, notKey string) ([]string, bool, error) {
	v, has := m[key]
	nv, hasNot := m[notKey]
	switch {
	case has && hasNot:
		return nil, false, fmt.Errorf("%s: has both %s and %s; use one", key, key, notKey)
	case !has && !hasNot:
		return nil, false, fmt.Errorf("%s: missing", key)
	case hasNot:
		key, v = notKey, nv
	}
	out, err := scalars(v)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %v", key, err)
	}
	if len(out) == 0 {
		return nil, false, fmt.Errorf("%s: an empty list matches nothing", key)
	}
	return out, hasNot, nil
}

// scalars reads a string, number or boolean, or a list of them, as strings.
func scalars(v any) ([]string, error) {
	one := func(x any) (string, bool) {
		switch y := x.(type) {
		case string:
			return y, true
		case json.Number:
			return y.String(), true
		case float64:
			return strconv.FormatFloat(y, 'f', -1, 64), true
		case int:
			return strconv.Itoa(y), true
		case bool:
			return strconv.FormatBool(y), true
		}
		return "", false
	}
	if s, ok := one(v); ok {
		return []string{s}, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("want a string or a list of strings, got %s", kindOf(v))
	}
	out := make([]string, 0, len(list))
	for i, e := range list {
		s, ok := one(e)
		if !ok {
			return nil, fmt.Errorf("[%d]: want a string, got %s", i, kindOf(e))
		}
		out = append(out, s)
	}
	return out, nil
}

func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case float64, int, json.Number:
		return "a number"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func hint(got string, want ...string) string {
	for _, w := range want {
		if strings.EqualFold(got, w) {
			return " (names are case-sensitive: write " + w + ")"
		}
	}
	if best := names.Suggest(got, want); best != "" {
		return " (did you mean " + best + "?)"
	}
	return ""
}

// conditionOperators are IAM's condition operators (IAM User Guide,
// reference_policies_elements_condition_operators). An operator may end in IfExists and
// start with ForAnyValue: or ForAllValues:. A misspelt operator is refused, as IAM refuses
// the policy: silently skipping it could open an API a Deny was meant to close.
var conditionOperators = []string{"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
	"StringNotEqualsIgnoreCase", "StringLike", "StringNotLike", "NumericEquals", "NumericNotEquals",
	"NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
	"DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan",
	"DateGreaterThanEquals", "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals",
	"ArnLike", "ArnNotEquals", "ArnNotLike", "Null"}

func isOperator(op string) bool {
	for _, p := range []string{"ForAnyValue:", "ForAllValues:"} {
		op = strings.TrimPrefix(op, p)
	}
	op = strings.TrimSuffix(op, "IfExists")
	for _, o := range conditionOperators {
		if o == op {
			return true
		}
	}
	return false
}
