package auth

import (
	"strings"
	"unicode/utf8"
)

// InvokeAction is the IAM action API Gateway evaluates an authorizer's policy for.
const InvokeAction = "execute-api:Invoke"

// Decision is the policy evaluation of one request.
type Decision struct {
	Outcome
	// Statement is the statement that decided: the matching Deny for an explicit deny, the
	// matching Allow for an allowed request, nil for an implicit deny. It points into the
	// Result and must not be modified.
	Statement *Statement
	// Resource is the Resource (or NotResource) entry of Statement that matched.
	Resource string
	// SkippedConditions counts statements that would have matched but carry a Condition,
	// which this simulator does not evaluate.
	SkippedConditions int
	// MethodArn is the ARN the policy was evaluated against.
	MethodArn string
	// Result is the authorizer output the decision used (principalId, context).
	Result *Result
}

// Authorize evaluates the policy for a method ARN, as IAM does (policy evaluation logic:
// an explicit Deny in any matching statement wins; otherwise a matching Allow allows;
// otherwise the request is implicitly denied):
//
//   - explicit Deny → 403 {"Message":"User is not authorized to access this resource with an
//     explicit deny"}, AccessDeniedException;
//   - Allow → the request proceeds;
//   - no statement matches → 403 {"Message":"User is not authorized to access this
//     resource"}, AccessDeniedException.
//
// A statement matches when its Action covers execute-api:Invoke and its Resource covers the
// method ARN (NotAction / NotResource invert that) and it has no Condition. The policy is
// evaluated afresh for every request, including those served from the cache: a policy cached
// for GET /pets that allows only …/GET/pets denies GET /pets/1 ("the authorizer must return a
// policy that is applicable to all methods across an API" to be cache-friendly,
// configure-api-gateway-lambda-authorization-with-console.md).
//
// Authorize does not allocate.
func (r *Result) Authorize(methodArn string) Decision {
	arn := splitARN(methodArn)
	var allow *Statement
	allowRes := ""
	skipped := 0
	for i := range r.Policy.Statements {
		s := &r.Policy.Statements[i]
		if !s.actionMatches() {
			continue
		}
		res, ok := s.resourceMatches(&arn)
		if !ok {
			continue
		}
		if s.Condition {
			skipped++
			continue
		}
		if s.Effect == "Deny" {
			return Decision{Outcome: outcomeExplicitDeny, Statement: s, Resource: res, SkippedConditions: skipped, MethodArn: methodArn, Result: r}
		}
		if allow == nil {
			allow, allowRes = s, res
		}
	}
	if allow != nil {
		return Decision{Outcome: outcomeAllowed, Statement: allow, Resource: allowRes, SkippedConditions: skipped, MethodArn: methodArn, Result: r}
	}
	return Decision{Outcome: outcomeImplicitDeny, SkippedConditions: skipped, MethodArn: methodArn, Result: r}
}

// Explain says in a sentence why the decision was taken, for the trace.
func (d Decision) Explain() string {
	var b strings.Builder
	switch {
	case d.Statement != nil && d.Statement.Effect == "Deny":
		b.WriteString("explicit deny: statement ")
		writeStatementName(&b, d.Statement)
		b.WriteString(" denies execute-api:Invoke on ")
		b.WriteString(d.MethodArn)
		b.WriteString(" (resource ")
		b.WriteString(d.Resource)
		b.WriteString(")")
	case d.Allowed:
		b.WriteString("allowed: statement ")
		writeStatementName(&b, d.Statement)
		b.WriteString(" allows execute-api:Invoke on ")
		b.WriteString(d.MethodArn)
		b.WriteString(" (resource ")
		b.WriteString(d.Resource)
		b.WriteString(")")
	default:
		b.WriteString("implicit deny: no statement allows execute-api:Invoke on ")
		b.WriteString(d.MethodArn)
	}
	if d.SkippedConditions > 0 {
		b.WriteString("; statements with a Condition were not evaluated (not simulated)")
	}
	return b.String()
}

func writeStatementName(b *strings.Builder, s *Statement) {
	b.WriteByte('#')
	b.WriteString(itoa(s.Index))
	if s.Sid != "" {
		b.WriteString(" (")
		b.WriteString(s.Sid)
		b.WriteString(")")
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}

// actionMatches reports whether the statement applies to execute-api:Invoke. IAM compares
// actions case-insensitively and allows * and ? in them ("execute-api:*", "*",
// "execute-api:Inv*"); the AWS experiment in DefinitelyTyped#69823 used "execute-api:*".
func (s *Statement) actionMatches() bool {
	m := false
	for _, a := range s.Actions {
		if actionMatch(a) {
			m = true
			break
		}
	}
	return m != s.NotAction
}

func actionMatch(pattern string) bool {
	if pattern == "*" || strings.EqualFold(pattern, InvokeAction) || strings.EqualFold(pattern, "execute-api:*") {
		return true
	}
	if !strings.ContainsAny(pattern, "*?") {
		return false
	}
	return globMatch(pattern, InvokeAction, true)
}

// resourceMatches reports whether the statement covers the ARN and which entry did.
func (s *Statement) resourceMatches(arn *splitArn) (string, bool) {
	for i := range s.resources {
		if s.resources[i].match(arn) {
			if s.NotResource {
				return "", false
			}
			return s.Resources[i], true
		}
	}
	if s.NotResource {
		return "(outside NotResource)", true
	}
	return "", false
}

// MatchARN reports whether a policy Resource pattern covers an ARN, with IAM's wildcard rules
// (IAM User Guide, reference_policies_elements_resource.md, "Using wildcards in resource
// ARNs"):
//   - "You can use wildcard characters (* and ?) within the individual segments of an ARN
//     (the parts separated by colons)": * is any run of characters, ? any one character;
//   - "The asterisk (*) character can expand to replace everything within a segment,
//     including characters like a forward slash (/)": in an execute-api ARN the whole
//     "{apiId}/{stage}/{VERB}/{path}" part is one segment, so "…/*/GET/*" covers
//     "…/prod/GET/pets/1";
//   - "If the * wildcard is the last character of a resource ARN segment, it can expand to
//     match beyond the colon boundaries": "arn:aws:execute-api:*" covers every API;
//   - matching is case-sensitive (IAM: "In the Resource element, the IAM user name is case
//     sensitive"; ARNs compare exactly).
//
// An ARN has six segments: arn:partition:service:region:account:resource; colons after the
// fifth belong to the resource (a request path may contain them). Emulators differ: SAM CLI
// and serverless-offline turn every * into ".*" over the whole string; serverless-offline
// also forgot to anchor the path regexp, so "…/GET/pets" matched "…/GET/pets/1" there. Here
// the match is anchored, which is what makes the cached-policy trap reproducible.
func MatchARN(pattern, arn string) bool {
	p := compileARNPattern(pattern)
	a := splitARN(arn)
	return p.match(&a)
}

// arnPattern is a policy Resource split into ARN segments once, at parse time.
type arnPattern struct {
	raw   string
	segs  [6]string
	wild  [6]bool // segment has a wildcard
	n     int
	exact bool // no wildcard at all: compare strings
	// prefix and suffix are the literal text before the first and after the last wildcard:
	// every match starts and ends with them (a quick reject before segment matching).
	prefix, suffix string
}

func compileARNPattern(p string) arnPattern {
	ap := arnPattern{raw: p, exact: !strings.ContainsAny(p, "*?")}
	if !ap.exact {
		ap.prefix = p[:strings.IndexAny(p, "*?")]
		ap.suffix = p[strings.LastIndexAny(p, "*?")+1:]
	}
	rest := p
	for ap.n < 5 {
		i := strings.IndexByte(rest, ':')
		if i < 0 {
			break
		}
		ap.segs[ap.n] = rest[:i]
		ap.n++
		rest = rest[i+1:]
	}
	ap.segs[ap.n] = rest
	ap.n++
	for i := range ap.n {
		ap.wild[i] = strings.ContainsAny(ap.segs[i], "*?")
	}
	return ap
}

// splitArn is a method ARN split into segments: seg i is s[start[i]:end[i]].
type splitArn struct {
	s          string
	start, end [6]int
	n          int
}

func splitARN(s string) splitArn {
	a := splitArn{s: s}
	pos := 0
	for a.n < 5 {
		i := strings.IndexByte(s[pos:], ':')
		if i < 0 {
			break
		}
		a.start[a.n], a.end[a.n] = pos, pos+i
		a.n++
		pos += i + 1
	}
	a.start[a.n], a.end[a.n] = pos, len(s)
	a.n++
	return a
}

func (p *arnPattern) match(a *splitArn) bool {
	if p.exact {
		return p.raw == a.s
	}
	if p.raw == "*" {
		return true
	}
	if len(a.s) < len(p.prefix)+len(p.suffix) || !strings.HasPrefix(a.s, p.prefix) || !strings.HasSuffix(a.s, p.suffix) {
		return false
	}
	return p.matchFrom(a, 0, 0)
}

// matchFrom matches pattern segments i… against ARN segments j….
func (p *arnPattern) matchFrom(a *splitArn, i, j int) bool {
	if i == p.n {
		return j == a.n
	}
	if j == a.n {
		return false
	}
	seg := p.segs[i]
	if strings.HasSuffix(seg, "*") {
		// a segment-final * may run over colons: try absorbing ARN segments j..k
		last := a.n - 1
		if i == p.n-1 {
			return glob(seg, a.s[a.start[j]:a.end[last]])
		}
		for k := j; k <= last; k++ {
			if glob(seg, a.s[a.start[j]:a.end[k]]) && p.matchFrom(a, i+1, k+1) {
				return true
			}
		}
		return false
	}
	text := a.s[a.start[j]:a.end[j]]
	if !p.wild[i] {
		return seg == text && p.matchFrom(a, i+1, j+1)
	}
	return glob(seg, text) && p.matchFrom(a, i+1, j+1)
}

// glob matches text against a pattern where * is any run of characters and ? one character
// (a UTF-8 rune), case-sensitively.
func glob(pattern, text string) bool { return globMatch(pattern, text, false) }

// globMatch is the single-backtrack wildcard matcher (linear in practice, never exponential);
// fold compares ASCII letters case-insensitively (IAM actions are case-insensitive).
func globMatch(pattern, text string, fold bool) bool {
	px, tx := 0, 0
	starP, starT := -1, 0
	for tx < len(text) || px < len(pattern) {
		if px < len(pattern) {
			switch c := pattern[px]; c {
			case '*':
				starP, starT = px, tx
				px++
				continue
			case '?':
				if tx < len(text) {
					_, w := utf8.DecodeRuneInString(text[tx:])
					px++
					tx += w
					continue
				}
			default:
				if tx < len(text) && (text[tx] == c || fold && lower(text[tx]) == lower(c)) {
					px++
					tx++
					continue
				}
			}
		}
		if starP >= 0 && starT < len(text) {
			_, w := utf8.DecodeRuneInString(text[starT:])
			starT += w
			px, tx = starP+1, starT
			continue
		}
		return false
	}
	return true
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// StatementLines says, for each statement of the policy, what it is and what it did for
// methodArn: the flow view shows them on a cache hit, where the policy was not returned by
// the function this time and a learner asks which statement let the request in or kept it
// out. Only called with the trace on: it allocates.
func (r *Result) StatementLines(methodArn string) []string {
	arn := splitARN(methodArn)
	d := r.Authorize(methodArn)
	out := make([]string, 0, len(r.Policy.Statements))
	for i := range r.Policy.Statements {
		s := &r.Policy.Statements[i]
		var b strings.Builder
		writeStatementName(&b, s)
		b.WriteString(" " + s.Effect + " ")
		if s.NotAction {
			b.WriteString("NotAction ")
		}
		b.WriteString(strings.Join(s.Actions, ", ") + " on ")
		if s.NotResource {
			b.WriteString("NotResource ")
		}
		b.WriteString(strings.Join(s.Resources, ", ") + ": ")
		_, resOK := s.resourceMatches(&arn)
		switch {
		case !s.actionMatches() || !resOK:
			b.WriteString("does not cover this method")
		case s.Condition:
			b.WriteString("has a Condition (not evaluated: never matches here)")
		case d.Statement == s && s.Effect == "Deny":
			b.WriteString("covers this method: DENIES it (an explicit Deny wins)")
		case d.Statement == s:
			b.WriteString("covers this method: ALLOWS it")
		case s.Effect == "Deny":
			b.WriteString("covers this method: denies it")
		default:
			b.WriteString("covers this method (an earlier statement decided)")
		}
		out = append(out, b.String())
	}
	if d.Statement == nil && !d.Allowed {
		out = append(out, "no statement allows this method: implicit deny")
	}
	return out
}
