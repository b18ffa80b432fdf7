package engine

import (
	"encoding/json"
	"errors"
	"math/big"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/message"
)

// validationDetail is $context.error.validationErrorString for a body that fails its
// model: the list of schema errors in brackets, as AWS prints its validator's report
// ("[object has missing required properties ([\"name\"])]"). The common keywords use the
// wording of the draft-4 validator AWS runs (java-json-tools json-schema-validator); the
// others keep the Go library's wording (docs/fidelity.md#request-validation says which).
// inst is the decoded body. Only a failing request pays for it.
func validationDetail(err error, inst any) string {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return "[" + err.Error() + "]"
	}
	var msgs []string
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			msgs = append(msgs, schemaMessage(e.ErrorKind, instanceAt(inst, e.InstanceLocation)))
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	return "[" + strings.Join(msgs, ", ") + "]"
}

func schemaMessage(k jsonschema.ErrorKind, v any) string {
	switch k := k.(type) {
	case *kind.Required:
		return "object has missing required properties (" + jsonList(k.Missing) + ")"
	case *kind.Type:
		got := k.Got
		if n, ok := v.(json.Number); ok && got == "number" && !strings.ContainsAny(string(n), ".eE") {
			got = "integer" // the Java validator names a whole number's type integer, whatever the schema
		}
		return "instance type (" + got + ") does not match any allowed primitive type (allowed: " + jsonList(k.Want) + ")"
	case *kind.Minimum:
		return "numeric instance is lower than the required minimum (minimum: " + ratString(k.Want) + ", found: " + ratString(k.Got) + ")"
	case *kind.Maximum:
		return "numeric instance is greater than the required maximum (maximum: " + ratString(k.Want) + ", found: " + ratString(k.Got) + ")"
	case *kind.AdditionalProperties:
		return "object instance has properties which are not allowed by the schema: " + jsonList(k.Properties)
	}
	return k.LocalizedString(message.NewPrinter(message.MatchLanguage("en")))
}

// instanceAt is the value at loc (object keys and array indexes) in the decoded body.
func instanceAt(v any, loc []string) any {
	for _, p := range loc {
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			i, err := strconv.Atoi(p)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// jsonList prints names as the Java validator does: a JSON array without spaces.
func jsonList(names []string) string {
	b, _ := json.Marshal(names)
	return string(b)
}

func ratString(r *big.Rat) string {
	if r.IsInt() {
		return r.RatString()
	}
	f, _ := r.Float64()
	return strconv.FormatFloat(f, 'g', -1, 64)
}
