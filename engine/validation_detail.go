package engine

import (
	"encoding/json"
	"errors"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/message"
)

// validationDetail is the detail of a body that fails its model, as AWS prints it in the
// execution log ("Request body does not match model schema for content type
// application/json: [...]") and in $context.error.validationErrorString: the report of
// java-json-tools json-schema-validator (draft 4, the validator API Gateway runs), its
// messages in a Java list. The Go library decided that the body fails; javaReport walks the
// schema again to list the errors in the Java validator's words and order. inst is the
// decoded body; sch the model. Only a failing request pays for it.
//
// Sources (docs/fidelity.md#request-validation): the messages are the validator's bundle
// (java-json-tools/json-schema-validator src/main/resources/.../validator/validation.properties),
// its arguments and order its keyword validators and InstanceValidator; AWS captures in
// aws-samples/serverless-samples apigw-eventbridge-schema-validation and users' workshops.
func validationDetail(sch *jsonschema.Schema, inst any, err error) string {
	var r javaReport
	r.process(sch, inst)
	if len(r.msgs) == 0 { // a keyword the walk does not know: the Go library's words
		r.msgs = goMessages(err)
	}
	return "[" + strings.Join(r.msgs, ", ") + "]"
}

// unparsableBody is the detail of a body that is not JSON (or nests past the cap): AWS's
// execution log for an empty body ("[Unknown error parsing request body]", captured in the
// console's test pane) and the validationErrorString users pin in their tests.
const unparsableBody = "[Unknown error parsing request body]"

// javaReport is one java-json-tools ProcessingReport: its error messages in the order the
// validator logs them.
type javaReport struct {
	msgs []string
	refs int // $refs followed, to stop a schema that refers to itself without descending
}

func (r *javaReport) add(parts ...string) { r.msgs = append(r.msgs, strings.Join(parts, "")) }

// process is InstanceValidator.process: the schema's keywords in alphabetical order (a
// TreeMap of validators), then — only while the report holds no error (deepCheck is off) —
// the children: array items by index, object members in sorted name order.
func (r *javaReport) process(s *jsonschema.Schema, v any) {
	for s.Ref != nil { // draft 4: a $ref replaces its schema
		if r.refs++; r.refs > 1000 {
			return
		}
		s = s.Ref
	}
	t := javaType(v)
	obj, _ := v.(map[string]any)
	arr, _ := v.([]any)
	str, _ := v.(string)
	num, _ := v.(json.Number)

	if t == "array" {
		if items, ok := s.Items.([]*jsonschema.Schema); ok && s.AdditionalItems == false && len(arr) > len(items) {
			r.add("schema only allows ", itoa(len(items)), " elements in array but instance has ", itoa(len(arr)), " elements")
		}
	}
	if t == "object" && s.AdditionalProperties == false {
		var extra []string
		for k := range obj {
			if _, ok := s.Properties[k]; !ok && !matchesPattern(s, k) {
				extra = append(extra, k)
			}
		}
		if len(extra) > 0 {
			slices.Sort(extra)
			r.add("object instance has properties which are not allowed by the schema: ", javaJSON(extra))
		}
	}
	if len(s.AllOf) > 0 {
		if n := r.matched(s.AllOf, v); n != len(s.AllOf) {
			r.add("instance failed to match all required schemas (matched only ", itoa(n), " out of ", itoa(len(s.AllOf)), ")")
		}
	}
	if len(s.AnyOf) > 0 && r.matched(s.AnyOf, v) == 0 {
		r.add("instance failed to match at least one required schema among ", itoa(len(s.AnyOf)))
	}
	if t == "object" && len(s.Dependencies) > 0 {
		r.dependencies(s, obj)
	}
	if s.Enum != nil && !slices.ContainsFunc(s.Enum.Values, func(e any) bool { return javaEqual(e, v) }) {
		r.add("instance value (", javaJSON(v), ") not found in enum (possible values: ", javaJSON(s.Enum.Values), ")")
	}
	if t == "array" && s.MaxItems != nil && len(arr) > *s.MaxItems {
		r.add("array is too long: must have at most ", itoa(*s.MaxItems), " elements but instance has ", itoa(len(arr)), " elements")
	}
	if t == "string" && s.MaxLength != nil {
		if n := utf8.RuneCountInString(str); n > *s.MaxLength {
			r.add(`string "`, str, `" is too long (length: `, itoa(n), ", maximum allowed: ", itoa(*s.MaxLength), ")")
		}
	}
	if t == "object" && s.MaxProperties != nil && len(obj) > *s.MaxProperties {
		r.add("object has too many properties (found ", itoa(len(obj)), " but schema requires at most ", itoa(*s.MaxProperties), ")")
	}
	isNum := t == "integer" || t == "number"
	if isNum && (s.Maximum != nil || s.ExclusiveMaximum != nil) {
		max, exclusive := s.Maximum, false
		if max == nil {
			max, exclusive = s.ExclusiveMaximum, true
		}
		switch c := numRat(num).Cmp(max); {
		case c > 0:
			r.add("numeric instance is greater than the required maximum (maximum: ", ratString(max), ", found: ", string(num), ")")
		case c == 0 && exclusive:
			r.add("numeric instance is not strictly lower than the required maximum ", ratString(max))
		}
	}
	if t == "array" && s.MinItems != nil && len(arr) < *s.MinItems {
		r.add("array is too short: must have at least ", itoa(*s.MinItems), " elements but instance has ", itoa(len(arr)), " elements")
	}
	if t == "string" && s.MinLength != nil {
		if n := utf8.RuneCountInString(str); n < *s.MinLength {
			r.add(`string "`, str, `" is too short (length: `, itoa(n), ", required minimum: ", itoa(*s.MinLength), ")")
		}
	}
	if t == "object" && s.MinProperties != nil && len(obj) < *s.MinProperties {
		r.add("object has too few properties (found ", itoa(len(obj)), " but schema requires at least ", itoa(*s.MinProperties), ")")
	}
	if isNum && (s.Minimum != nil || s.ExclusiveMinimum != nil) {
		min, exclusive := s.Minimum, false
		if min == nil {
			min, exclusive = s.ExclusiveMinimum, true
		}
		switch c := numRat(num).Cmp(min); {
		case c < 0:
			r.add("numeric instance is lower than the required minimum (minimum: ", ratString(min), ", found: ", string(num), ")")
		case c == 0 && exclusive:
			r.add("numeric instance is not strictly greater than the required minimum ", ratString(min))
		}
	}
	if isNum && s.MultipleOf != nil && s.MultipleOf.Sign() != 0 {
		if q := new(big.Rat).Quo(numRat(num), s.MultipleOf); !q.IsInt() {
			r.add("remainder of division is not zero (", string(num), " / ", ratString(s.MultipleOf), ")")
		}
	}
	if s.Not != nil {
		var sub javaReport
		if sub.process(s.Not, v); len(sub.msgs) == 0 {
			r.add("instance matched a schema which it should not have")
		}
	}
	if len(s.OneOf) > 0 {
		if n := r.matched(s.OneOf, v); n != 1 {
			r.add("instance failed to match exactly one schema (matched ", itoa(n), " out of ", itoa(len(s.OneOf)), ")")
		}
	}
	if t == "string" && s.Pattern != nil && !s.Pattern.MatchString(str) {
		r.add(`ECMA 262 regex "`, s.Pattern.String(), `" does not match input string "`, str, `"`)
	}
	if t == "object" && len(s.Required) > 0 {
		var missing []string // in name order: the required digester sorts the list
		for _, name := range s.Required {
			if _, ok := obj[name]; !ok && !slices.Contains(missing, name) {
				missing = append(missing, name)
			}
		}
		if len(missing) > 0 {
			slices.Sort(missing)
			r.add("object has missing required properties (", javaJSON(missing), ")")
		}
	}
	if s.Types != nil && !typeAllowed(*s.Types, t) {
		r.add("instance type (", t, ") does not match any allowed primitive type (allowed: ", javaJSON(javaTypes(*s.Types)), ")")
	}
	if t == "array" && s.UniqueItems {
		for i := range arr {
			if slices.ContainsFunc(arr[i+1:], func(e any) bool { return javaEqual(e, arr[i]) }) {
				r.add("array must not contain duplicate elements")
				break
			}
		}
	}

	if len(r.msgs) > 0 {
		return
	}
	switch t {
	case "array":
		for i, item := range arr {
			switch items := s.Items.(type) {
			case *jsonschema.Schema:
				r.process(items, item)
			case []*jsonschema.Schema:
				if i < len(items) {
					r.process(items[i], item)
				} else if more, ok := s.AdditionalItems.(*jsonschema.Schema); ok {
					r.process(more, item)
				}
			}
		}
	case "object":
		for _, k := range sortedKeys(obj) {
			matched := false
			if p, ok := s.Properties[k]; ok {
				r.process(p, obj[k])
				matched = true
			}
			for re, p := range s.PatternProperties {
				if re.MatchString(k) {
					r.process(p, obj[k])
					matched = true
				}
			}
			if more, ok := s.AdditionalProperties.(*jsonschema.Schema); ok && !matched {
				r.process(more, obj[k])
			}
		}
	}
}

// matched counts the schemas v passes, each in a report of its own (allOf, anyOf, oneOf).
func (r *javaReport) matched(schemas []*jsonschema.Schema, v any) int {
	n := 0
	for _, s := range schemas {
		sub := javaReport{refs: r.refs}
		if sub.process(s, v); len(sub.msgs) == 0 {
			n++
		}
	}
	return n
}

// dependencies is draft 4's dependencies: property dependencies first, then schema
// dependencies validated into the same report, names and lists in order (the digester
// sorts them).
func (r *javaReport) dependencies(s *jsonschema.Schema, obj map[string]any) {
	names := sortedKeys(s.Dependencies)
	for _, name := range names {
		need, ok := s.Dependencies[name].([]string)
		if _, present := obj[name]; !ok || !present {
			continue
		}
		need = slices.Sorted(slices.Values(need)) // the dependencies digester sorts them
		var missing []string
		for _, n := range need {
			if _, ok := obj[n]; !ok {
				missing = append(missing, n)
			}
		}
		if len(missing) > 0 {
			r.add(`property "`, name, `" of object has missing property dependencies (schema requires `, javaJSON(need), "; missing: ", javaJSON(missing), ")")
		}
	}
	for _, name := range names {
		sch, ok := s.Dependencies[name].(*jsonschema.Schema)
		if _, present := obj[name]; ok && present {
			r.process(sch, obj)
		}
	}
}

func matchesPattern(s *jsonschema.Schema, k string) bool {
	for re := range s.PatternProperties {
		if re.MatchString(k) {
			return true
		}
	}
	return false
}

// javaType is the Java validator's NodeType name of a decoded JSON value: a number written
// without a fraction or exponent is an integer (Jackson reads it as one).
func javaType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		if strings.ContainsAny(string(x), ".eE") {
			return "number"
		}
		return "integer"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "object"
}

// javaTypeOrder is NodeType's declaration order, the order of the "allowed" list (an
// EnumSet).
var javaTypeOrder = []string{"array", "boolean", "integer", "null", "number", "object", "string"}

// javaTypes is a schema's allowed types as the draft-4 type digester keeps them: number
// brings integer along.
func javaTypes(tt jsonschema.Types) []string {
	want := tt.ToStrings()
	var out []string
	for _, name := range javaTypeOrder {
		if slices.Contains(want, name) || (name == "integer" && slices.Contains(want, "number")) {
			out = append(out, name)
		}
	}
	return out
}

func typeAllowed(tt jsonschema.Types, t string) bool {
	return slices.Contains(javaTypes(tt), t)
}

func numRat(n json.Number) *big.Rat {
	r, ok := new(big.Rat).SetString(string(n))
	if !ok {
		return new(big.Rat)
	}
	return r
}

// javaEqual is the validator's JSON equivalence: numbers by value (1 equals 1.0), arrays
// and objects member by member.
func javaEqual(a, b any) bool {
	switch x := a.(type) {
	case json.Number:
		y, ok := b.(json.Number)
		return ok && numRat(x).Cmp(numRat(y)) == 0
	case []any:
		y, ok := b.([]any)
		return ok && slices.EqualFunc(x, y, javaEqual)
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !javaEqual(xv, yv) {
				return false
			}
		}
		return true
	}
	return a == b
}

// javaJSON prints a value as Jackson's JsonNode.toString does: compact, strings quoted
// with only quotes, backslashes and control characters escaped. Object members come in
// name order (Jackson keeps the document's order, which a decoded map has lost).
func javaJSON(v any) string {
	var b strings.Builder
	writeJavaJSON(&b, v)
	return b.String()
}

func writeJavaJSON(b *strings.Builder, v any) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case json.Number:
		b.WriteString(string(x))
	case string:
		b.WriteByte('"')
		b.WriteString(javaEscape(x))
		b.WriteByte('"')
	case []string: // names (required, additionalProperties): as a list of strings
		list := make([]any, len(x))
		for i, s := range x {
			list[i] = s
		}
		writeJavaJSON(b, list)
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJavaJSON(b, e)
		}
		b.WriteByte(']')
	case map[string]any:
		b.WriteByte('{')
		for i, k := range sortedKeys(x) {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJavaJSON(b, k)
			b.WriteByte(':')
			writeJavaJSON(b, x[k])
		}
		b.WriteByte('}')
	default: // a decoded body holds only the types above
		raw, _ := json.Marshal(x)
		b.Write(raw)
	}
}

// javaEscape escapes s as Jackson writes a string's content: quote, backslash and control
// characters (short forms where JSON has them, else \u00XX in upper-case hex); nothing else.
func javaEscape(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r == '"' || r == '\\' || r < 0x20 }) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte("0123456789ABCDEF"[r>>4])
			b.WriteByte("0123456789ABCDEF"[r&0xF])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// goMessages is the Go library's wording of err's leaf errors, for what javaReport does
// not model (format assertions, an unparsed body).
func goMessages(err error) []string {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []string{err.Error()}
	}
	p := message.NewPrinter(message.MatchLanguage("en"))
	var msgs []string
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			msgs = append(msgs, e.ErrorKind.LocalizedString(p))
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	return msgs
}

func ratString(r *big.Rat) string {
	if r.IsInt() {
		return r.RatString()
	}
	f, _ := r.Float64()
	return strconv.FormatFloat(f, 'g', -1, 64)
}
