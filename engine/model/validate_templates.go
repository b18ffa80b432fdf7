package model

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"apigwlab/engine/vtl"
)

// templateSyntax warns about the mapping templates of a REST API that do not parse
// (Velocity syntax), at the line and column of the error in the file. A warning, not an
// error: AWS stores such a template — put-integration, put-integration-response and
// create-deployment do not parse templates (no LocalStack AWS-validated snapshot records a
// refusal; the put-time checks they do record refuse only a value that is not a string or
// a key that is not a content type, test_integration_response_invalid_responsetemplates) —
// and answers every request that uses it 500 {"message": "Internal server error"}, which
// is what apigwlab does too. gateway marks gateway response templates, which AWS does not
// run through Velocity at all (x-amazon-apigateway-gateway-responses.responseTemplates:
// "simple variable substitution"), but apigwlab does.
func (v *validator) templateSyntax(owner any, base, field string, m map[string]string, gateway bool) {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		src := m[k]
		if !strings.ContainsAny(src, "$#") { // static text renders as itself
			continue
		}
		_, err := vtl.Parse(k, src)
		var ve *vtl.Error
		if !errors.As(err, &ve) {
			continue
		}
		pos, path := v.where(owner, base, field+"."+k)
		if p, ok := v.s.inScalar(pos, ve.Line, ve.Col); ok {
			pos = p
		}
		what := fmt.Sprintf("the mapping template does not parse (its line %d, column %d): %s", ve.Line, ve.Col, ve.Msg)
		consequence := "AWS accepts it (put-integration and deployments do not parse templates) and answers every request that uses it 500 {\"message\": \"Internal server error\"}, as apigwlab does"
		if gateway {
			consequence = "apigwlab answers with the default body instead; AWS only substitutes variables in gateway response templates (no Velocity), so there it would print as written"
		}
		v.s.warns = append(v.s.warns, &Error{Pos: pos, Field: path, Msg: "warning: " + what + ". " + consequence})
	}
}

// inScalar places line l, column c (1-based, columns in characters) of a scalar whose
// value starts at val in its file: a literal block scalar (|) keeps its lines, indented;
// a scalar on one line shifts the column (past the quote of a quoted one, when nothing
// before the column is escaped). Elsewhere (a folded scalar, escapes, a quoted scalar on
// several lines) it reports false and the caller keeps val.
func (s *session) inScalar(val Pos, l, c int) (Pos, bool) {
	src, ok := s.src[val.File]
	if !ok || val.Line < 1 || l < 1 || c < 1 {
		return val, false
	}
	lines := strings.Split(src, "\n")
	if val.Line > len(lines) {
		return val, false
	}
	head := []rune(lines[val.Line-1])
	if val.Col < 1 || val.Col > len(head) {
		return val, false
	}
	switch q := head[val.Col-1]; q {
	case '|':
		if val.Line+l > len(lines) {
			return val, false
		}
		indent := -1
		for _, ln := range lines[val.Line:] {
			if t := strings.TrimLeft(ln, " "); strings.TrimSpace(t) != "" {
				indent = len(ln) - len(t)
				break
			}
		}
		if indent < 0 {
			return val, false
		}
		return Pos{File: val.File, Line: val.Line + l, Col: indent + c}, true
	case '>':
		return val, false
	case '"', '\'':
		before := head[val.Col:min(val.Col+c-1, len(head))]
		if l != 1 || slices.Contains(before, '\\') || slices.Contains(before, q) {
			return val, false
		}
		return Pos{File: val.File, Line: val.Line, Col: val.Col + c}, true
	default:
		if l != 1 {
			return val, false
		}
		return Pos{File: val.File, Line: val.Line, Col: val.Col + c - 1}, true
	}
}
