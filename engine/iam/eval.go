package iam

import (
	"net/netip"
	"strings"

	"apigwlab/engine/auth"
)

// Caller is who sent the request, as policies see it.
type Caller struct {
	// Anonymous: no IAM identity (a method without AWS_IAM); ARN and Account are empty.
	Anonymous bool
	// ARN is the principal ARN AWS names in its messages: arn:aws:iam::ACCOUNT:user/NAME or,
	// for role credentials, arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION.
	ARN     string
	Account string
	// RoleARN is arn:aws:iam::ACCOUNT:role/NAME for assumed-role credentials: a resource
	// policy naming the role matches its sessions ("" for users).
	RoleARN string
}

// Env is the request context a policy is evaluated against.
type Env struct {
	Action   string // execute-api:Invoke
	Resource string // the method ARN
	Caller   Caller
	// SourceIP is aws:SourceIp; SourceVpce and SourceVpc are aws:SourceVpce and
	// aws:SourceVpc ("" when the request did not come through a VPC endpoint: the keys are
	// then absent from the request context, as on AWS).
	SourceIP, SourceVpce, SourceVpc string
	// VpcSourceIP is the client's address inside its VPC, for requests through a VPC
	// endpoint (aws:VpcSourceIp); SourceIP is absent then.
	VpcSourceIP string
}

// key returns a global condition key's value and whether the request context has it.
// Keys compare case-insensitively (IAM: "Condition key names are not case-sensitive").
func (e *Env) key(name string) (string, bool) {
	switch strings.ToLower(name) {
	case "aws:sourceip":
		return e.SourceIP, e.SourceIP != ""
	case "aws:vpcsourceip":
		return e.VpcSourceIP, e.VpcSourceIP != ""
	case "aws:sourcevpce":
		return e.SourceVpce, e.SourceVpce != ""
	case "aws:sourcevpc":
		return e.SourceVpc, e.SourceVpc != ""
	case "aws:principalarn":
		if e.Caller.RoleARN != "" {
			// For an assumed role, aws:PrincipalArn is the role's ARN, not the session's
			// (IAM User Guide, condition keys: aws:PrincipalArn).
			return e.Caller.RoleARN, true
		}
		return e.Caller.ARN, !e.Caller.Anonymous
	case "aws:principalaccount":
		return e.Caller.Account, !e.Caller.Anonymous
	}
	return "", false
}

// Effect is the outcome of evaluating policies.
type Effect int

// Outcomes: no statement applies (implicit deny), an Allow applies, a Deny applies.
const (
	Neither Effect = iota
	Allowed
	Denied
)

func (e Effect) String() string {
	switch e {
	case Allowed:
		return "Allow"
	case Denied:
		return "explicit Deny"
	}
	return "neither (implicit deny)"
}

// Result is what a set of policies says about a request.
type Result struct {
	Effect    Effect
	Policy    *Policy    // the policy of the deciding statement (nil for Neither)
	Statement *Statement // the deciding statement: the Deny, else the first Allow
	// Notes explain statements that were skipped (an operator apigwlab does not simulate).
	Notes []string
}

// Evaluate applies IAM's rule to the policies: an explicit Deny in any applicable statement
// wins; otherwise an applicable Allow allows; otherwise nothing applies (IAM User Guide,
// reference_policies_evaluation-logic).
func Evaluate(env *Env, policies ...*Policy) Result {
	var r Result
	for _, p := range policies {
		if p == nil {
			continue
		}
		for i := range p.Statements {
			s := &p.Statements[i]
			if !s.applies(env, &r) {
				continue
			}
			if s.Effect == "Deny" {
				return Result{Effect: Denied, Policy: p, Statement: s, Notes: r.Notes}
			}
			if r.Effect == Neither {
				r.Effect, r.Policy, r.Statement = Allowed, p, s
			}
		}
	}
	return r
}

// Explain says in one line why, for the trace.
func (r *Result) Explain() string {
	var b strings.Builder
	switch r.Effect {
	case Neither:
		b.WriteString("no statement applies")
	default:
		b.WriteString(r.Statement.Effect)
		b.WriteString(" by ")
		b.WriteString(r.Policy.Name)
		b.WriteString(" statement #")
		b.WriteString(itoa(r.Statement.Index))
		if r.Statement.Sid != "" {
			b.WriteString(" (" + r.Statement.Sid + ")")
		}
	}
	for _, n := range r.Notes {
		b.WriteString("; ")
		b.WriteString(n)
	}
	return b.String()
}

func itoa(n int) string {
	if n < 10 && n >= 0 {
		return string(rune('0' + n))
	}
	var buf [20]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return string(buf[i:])
}

func (s *Statement) applies(env *Env, r *Result) bool {
	m := false
	for _, a := range s.Actions {
		if auth.MatchAction(a, env.Action) {
			m = true
			break
		}
	}
	if m == s.NotAction {
		return false
	}
	m = false
	for i := range s.Resources {
		if s.Resources[i].Match(env.Resource) {
			m = true
			break
		}
	}
	if m == s.NotResource {
		return false
	}
	if s.Principal != nil && !s.Principal.matches(&env.Caller) {
		return false
	}
	for i := range s.Conditions {
		ok, known := s.Conditions[i].holds(env)
		if !known {
			r.Notes = append(r.Notes, "statement #"+itoa(s.Index)+" skipped: condition operator "+s.Conditions[i].Operator+" is not simulated by apigwlab (treated as not matching)")
			return false
		}
		if !ok {
			return false
		}
	}
	return true
}

func (p *Principal) matches(c *Caller) bool {
	if p.Any {
		return true
	}
	if c.Anonymous {
		return false
	}
	for _, a := range p.AWS {
		switch {
		case a == c.Account, a == "arn:aws:iam::"+c.Account+":root":
			return true
		case a == c.ARN, c.RoleARN != "" && a == c.RoleARN:
			return true
		}
	}
	return false
}

// baseOperator strips IfExists: StringEqualsIfExists → StringEquals.
func baseOperator(op string) string { return strings.TrimSuffix(op, "IfExists") }

// holds evaluates one condition; known is false for an operator apigwlab does not simulate.
// A key absent from the request context makes a positive operator false and a negated one
// (StringNotEquals, NotIpAddress, …) true; …IfExists makes any operator true (IAM User
// Guide, reference_policies_elements_condition_operators).
func (c *Condition) holds(env *Env) (ok, known bool) {
	op := baseOperator(c.Operator)
	var negated bool
	switch op {
	case "StringEquals", "StringEqualsIgnoreCase", "StringLike", "IpAddress", "ArnEquals", "ArnLike":
	case "StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "NotIpAddress", "ArnNotEquals", "ArnNotLike":
		negated = true
	default:
		return false, false
	}
	v, present := env.key(c.Key)
	if !present {
		return negated || op != c.Operator, true
	}
	any := false
	for i, want := range c.Values {
		switch op {
		case "StringEquals", "StringNotEquals", "ArnEquals", "ArnNotEquals":
			any = v == want
		case "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase":
			any = strings.EqualFold(v, want)
		case "StringLike", "StringNotLike":
			any = globEq(want, v)
		case "ArnLike", "ArnNotLike":
			p := auth.CompileARN(want)
			any = p.Match(v)
		case "IpAddress", "NotIpAddress":
			a, err := netip.ParseAddr(v)
			any = err == nil && c.prefixes[i].Contains(a.Unmap())
		}
		if any {
			break
		}
	}
	return any != negated, true
}

// globEq matches * and ? over the whole string (StringLike does not treat colons specially).
func globEq(pattern, s string) bool {
	if !strings.ContainsAny(pattern, "*?") {
		return pattern == s
	}
	p := auth.CompileARN("arn:x:x:x:x:" + pattern)
	return p.Match("arn:x:x:x:x:" + s)
}
