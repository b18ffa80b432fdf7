package engine

import (
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func compileDraft4(t *testing.T, schema string) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(schema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	if err := c.AddResource("apigwlab:///t", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("apigwlab:///t")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// The detail of a failing body in java-json-tools json-schema-validator's words (its
// validation.properties bundle, arguments as its keyword validators pass them), errors in
// its order: keywords alphabetically, then members in name order, children only while no
// error has been reported. The first case is AWS's own answer, captured in a public API
// Gateway request-validator workshop (model "Create Orders Schema", body with a bad date,
// too many shares, a long symbol and an unknown type).
func TestValidationDetailWording(t *testing.T) {
	orders := `{"$schema": "http://json-schema.org/draft-04/schema#", "title": "Create Orders Schema", "type": "array", "minItems": 1,
	  "items": {"type": "object", "required": ["account-id", "type", "symbol", "shares", "order-date", "details"],
	    "properties": {
	      "account_id": {"type": "string", "pattern": "[A-Za-z]{6}[0-9]{6}"},
	      "type": {"type": "string", "enum": ["STOCK", "BOND", "CASH"]},
	      "symbol": {"type": "string", "minLength": 1, "maxLength": 4},
	      "shares": {"type": "number", "minimum": 1, "maximum": 1000},
	      "order-date": {"type": "string", "pattern": "^\\d{4}\\-(0[1-9]|1[012])\\-(0[1-9]|[12][0-9]|3[01])$"},
	      "details": {"type": "object", "required": ["limit"], "properties": {"limit": {"type": "number"}}}}}}`
	tests := []struct {
		name, schema, body, want string
	}{
		{"AWS capture: orders workshop", orders,
			`[{"account-id": "abcdef123456", "type": "foobar", "symbol": "thisstringistoolong", "shares": 999999, "order-date": "2018-1-2", "details": {"limit": 1000}}]`,
			`[ECMA 262 regex "^\d{4}\-(0[1-9]|1[012])\-(0[1-9]|[12][0-9]|3[01])$" does not match input string "2018-1-2", numeric instance is greater than the required maximum (maximum: 1000, found: 999999), string "thisstringistoolong" is too long (length: 19, maximum allowed: 4), instance value ("foobar") not found in enum (possible values: ["STOCK","BOND","CASH"])]`},
		{"enum", `{"enum": ["a", "b", 1]}`, `"x"`, `[instance value ("x") not found in enum (possible values: ["a","b",1])]`},
		{"enum of a number", `{"enum": ["a"]}`, `2.5`, `[instance value (2.5) not found in enum (possible values: ["a"])]`},
		{"enum: 1 equals 1.0", `{"enum": [1.0]}`, `1`, ``},
		{"pattern", `{"pattern": "^[a-z]+$"}`, `"A1"`, `[ECMA 262 regex "^[a-z]+$" does not match input string "A1"]`},
		{"minLength", `{"minLength": 3}`, `"ab"`, `[string "ab" is too short (length: 2, required minimum: 3)]`},
		{"minLength counts code points", `{"minLength": 3}`, `"é😀"`, `[string "é😀" is too short (length: 2, required minimum: 3)]`},
		{"maxLength", `{"maxLength": 2}`, `"abc"`, `[string "abc" is too long (length: 3, maximum allowed: 2)]`},
		{"minimum", `{"minimum": 1}`, `0`, `[numeric instance is lower than the required minimum (minimum: 1, found: 0)]`},
		{"maximum", `{"maximum": 10}`, `10.5`, `[numeric instance is greater than the required maximum (maximum: 10, found: 10.5)]`},
		{"exclusiveMinimum", `{"minimum": 1, "exclusiveMinimum": true}`, `1`, `[numeric instance is not strictly greater than the required minimum 1]`},
		{"exclusiveMaximum", `{"maximum": 1, "exclusiveMaximum": true}`, `1`, `[numeric instance is not strictly lower than the required maximum 1]`},
		{"multipleOf", `{"multipleOf": 3}`, `7`, `[remainder of division is not zero (7 / 3)]`},
		{"minItems", `{"minItems": 2}`, `[1]`, `[array is too short: must have at least 2 elements but instance has 1 elements]`},
		{"maxItems", `{"maxItems": 1}`, `[1, 2]`, `[array is too long: must have at most 1 elements but instance has 2 elements]`},
		{"uniqueItems", `{"uniqueItems": true}`, `[1, 1.0]`, `[array must not contain duplicate elements]`},
		{"additionalItems", `{"items": [{}], "additionalItems": false}`, `[1, 2, 3]`, `[schema only allows 1 elements in array but instance has 3 elements]`},
		{"additionalProperties, sorted", `{"properties": {"a": {}}, "patternProperties": {"^x-": {}}, "additionalProperties": false}`, `{"z": 1, "a": 1, "x-ok": 1, "b": 2}`,
			`[object instance has properties which are not allowed by the schema: ["b","z"]]`},
		{"minProperties", `{"minProperties": 2}`, `{"a": 1}`, `[object has too few properties (found 1 but schema requires at least 2)]`},
		{"maxProperties", `{"maxProperties": 1}`, `{"a": 1, "b": 2}`, `[object has too many properties (found 2 but schema requires at most 1)]`},
		{"required, sorted", `{"required": ["name", "age", "id"]}`, `{"id": 1}`, `[object has missing required properties (["age","name"])]`},
		{"dependencies", `{"dependencies": {"card": ["zip", "billing"]}}`, `{"card": 1, "zip": 2}`,
			`[property "card" of object has missing property dependencies (schema requires ["billing","zip"]; missing: ["billing"])]`},
		{"type", `{"type": "integer"}`, `"1"`, `[instance type (string) does not match any allowed primitive type (allowed: ["integer"])]`},
		{"type number allows integer", `{"type": "number"}`, `true`, `[instance type (boolean) does not match any allowed primitive type (allowed: ["integer","number"])]`},
		{"type list in NodeType order", `{"type": ["string", "null", "array"]}`, `1.5`, `[instance type (number) does not match any allowed primitive type (allowed: ["array","null","string"])]`},
		{"allOf", `{"allOf": [{"type": "string"}, {"minLength": 9}]}`, `"abc"`, `[instance failed to match all required schemas (matched only 1 out of 2)]`},
		{"anyOf", `{"anyOf": [{"type": "string"}, {"type": "boolean"}]}`, `1`, `[instance failed to match at least one required schema among 2]`},
		{"oneOf", `{"oneOf": [{"type": "integer"}, {"minimum": 0}]}`, `1`, `[instance failed to match exactly one schema (matched 2 out of 2)]`},
		{"not", `{"not": {"type": "string"}}`, `"a"`, `[instance matched a schema which it should not have]`},
		{"keywords alphabetically, enum before type", `{"type": "string", "enum": ["a"]}`, `1`,
			`[instance value (1) not found in enum (possible values: ["a"]), instance type (integer) does not match any allowed primitive type (allowed: ["string"])]`},
		{"a failing object is not descended", `{"required": ["id"], "properties": {"n": {"type": "string"}}}`, `{"n": 1}`,
			`[object has missing required properties (["id"])]`},
		{"after an error, later members are checked but not descended", `{"properties": {"a": {"type": "string"}, "b": {"type": "object", "properties": {"c": {"type": "string"}}}, "d": {"type": "string"}}}`,
			`{"d": 1, "b": {"c": 1}, "a": 1}`,
			`[instance type (integer) does not match any allowed primitive type (allowed: ["string"]), instance type (integer) does not match any allowed primitive type (allowed: ["string"])]`},
		{"$ref", `{"definitions": {"pos": {"minimum": 0}}, "properties": {"n": {"$ref": "#/definitions/pos"}}}`, `{"n": -1}`,
			`[numeric instance is lower than the required minimum (minimum: 0, found: -1)]`},
		{"quotes in values are escaped as Jackson does", `{"enum": ["a"]}`, `"say \"hi\"\n"`, `[instance value ("say \"hi\"\n") not found in enum (possible values: ["a"])]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sch := compileDraft4(t, tt.schema)
			inst, err := jsonschema.UnmarshalJSON(strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			verr := sch.Validate(inst)
			if tt.want == "" {
				if verr != nil {
					t.Fatalf("the body fails: %v", verr)
				}
				return
			}
			if verr == nil {
				t.Fatal("the body passes")
			}
			if got := validationDetail(sch, inst, verr); got != tt.want {
				t.Fatalf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}
