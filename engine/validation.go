package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"apigwlab/engine/gwresponse"
	"apigwlab/engine/model"
)

// compileModels compiles the API's models (JSON Schema draft 4, as API Gateway models are)
// and indexes its request validators.
func compileModels(api *restAPI, a *model.RestAPI) error {
	api.models = map[string]*jsonschema.Schema{}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	models := a.Models
	for name, m := range defaultModels {
		if _, own := models[name]; !own {
			if len(models) == len(a.Models) {
				models = maps.Clone(a.Models)
				if models == nil {
					models = map[string]*model.Model{}
				}
			}
			models[name] = m
		}
	}
	names := slices.Sorted(maps.Keys(models))
	// Every model is added before any is compiled, so models may refer to each other.
	for _, name := range names {
		schema := models[name].Schema
		if text, ok := schema.(string); ok { // the schema as JSON text, as AWS's API takes it
			if err := json.Unmarshal([]byte(text), &schema); err != nil {
				return fmt.Errorf("model %s: the schema is not JSON: %w", name, err)
			}
		}
		raw, err := json.Marshal(modelRefs(schema, models))
		if err != nil {
			return fmt.Errorf("model %s: %w", name, err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			return fmt.Errorf("model %s: %w", name, err)
		}
		if err := c.AddResource(modelURL+name, doc); err != nil {
			return fmt.Errorf("model %s: %w", name, err)
		}
	}
	for _, name := range names {
		sch, err := c.Compile(modelURL + name)
		if err != nil {
			return fmt.Errorf("model %s is not a valid JSON Schema (draft 4): %w", name, err)
		}
		api.models[name] = sch
	}
	api.validators = map[string]*model.RequestValidator{}
	for _, v := range a.RequestValidators {
		api.validators[v.Name] = v
		if v.ID != "" {
			api.validators[v.ID] = v
		}
	}
	return nil
}

const modelURL = "apigwlab:///models/"

// defaultModels are the two models every REST API has from its creation (GetModels on a
// new API, LS snapshot test_api_gateway_request_validator_with_ref_models), so a method
// may name them in requestModels and validate a body against them.
var defaultModels = map[string]*model.Model{
	"Empty": {ContentType: "application/json", Schema: map[string]any{
		"$schema": "http://json-schema.org/draft-04/schema#", "title": "Empty Schema", "type": "object"}},
	"Error": {ContentType: "application/json", Schema: map[string]any{
		"$schema": "http://json-schema.org/draft-04/schema#", "title": "Error Schema", "type": "object",
		"properties": map[string]any{"message": map[string]any{"type": "string"}}}},
}

// modelRefs points a model's references to other models of the API at them: AWS writes
// https://apigateway.amazonaws.com/restapis/ID/models/NAME, an imported OpenAPI document
// #/components/schemas/NAME or #/definitions/NAME.
func modelRefs(v any, models map[string]*model.Model) any {
	switch x := v.(type) {
	case map[string]any:
		_, ownDefs := x["definitions"]
		out := make(map[string]any, len(x))
		for k, val := range x {
			out[k] = modelRefs(val, models)
			ref, ok := val.(string)
			if k != "$ref" || !ok {
				continue
			}
			name := ref[strings.LastIndex(ref, "/")+1:]
			if _, known := models[name]; !known {
				continue
			}
			if strings.HasPrefix(ref, "#/components/schemas/") || strings.Contains(ref, "/models/") ||
				(strings.HasPrefix(ref, "#/definitions/") && !ownDefs) {
				out[k] = modelURL + name
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = modelRefs(val, models)
		}
		return out
	}
	return v
}

// compileValidation resolves a method's request validator and its models by content type.
func (api *restAPI) compileValidation(cm *method) error {
	m := cm.model
	for ct, name := range m.RequestModels {
		if api.models[name] == nil && name != "Empty" && name != "Error" {
			return fmt.Errorf("requestModels %s: no model %q in the API's models", ct, name)
		}
	}
	if m.RequestValidatorID == "" {
		return nil
	}
	v := api.validators[m.RequestValidatorID]
	if v == nil {
		return fmt.Errorf("requestValidatorId %q: no such request validator in the API's requestValidators", m.RequestValidatorID)
	}
	cm.validator = v
	return nil
}

func hasValidator(m *method) bool { return m.validator != nil }

// validateStep is API Gateway's request validation: required parameters first, then the
// body against the model for its content type. Bodies and messages are AWS's (LocalStack
// snapshot test_api_gateway_request_validator, real AWS; aws-facts.md §1.3):
// 400 {"message": "Missing required request parameters: [a, b]"} and
// 400 {"message": "Invalid request body"}, x-amzn-ErrorType BadRequestException.
func validateStep(c *call) *gwresponse.Error {
	v := c.m.validator
	hop := c.trace.Hop("validate", "pass", c.elapsed, 0)
	hop.Fact("validator", v.Name)
	if v.ValidateRequestParameters {
		if missing := c.missingParameters(); len(missing) > 0 {
			msg := "Missing required request parameters: [" + strings.Join(missing, ", ") + "]"
			if hop != nil {
				hop.Decide("answered 400").Fact("reason", msg)
			}
			return &gwresponse.Error{Type: gwresponse.BadRequestParameters, Message: msg, ValidationErrorString: msg,
				Body: `{"message": ` + gwresponse.MessageString(msg) + `}`, Log: "Request validation failed: " + msg}
		}
	}
	if v.ValidateRequestBody {
		ct := contentType(c.req.Header)
		name, ok := c.m.model.RequestModels[ct]
		if !ok {
			name, ok = c.m.model.RequestModels["$default"]
		}
		sch := c.dep.defs.models[name] // the models the stage's deployment froze
		if !ok || sch == nil {
			hop.Fact("body", "no model for "+ct+": not validated")
			return nil
		}
		var inst any
		err := errTooDeep
		if !nestedDeeper(c.req.Body, maxBodyDepth) {
			inst, err = jsonschema.UnmarshalJSON(strings.NewReader(c.req.Body))
		}
		detail := unparsableBody
		if err == nil {
			if err = sch.Validate(inst); err != nil {
				detail = validationDetail(sch, inst, err)
			}
		}
		if err != nil {
			if hop != nil {
				hop.Decide("answered 400").Fact("model", name).Fact("reason", detail)
			}
			// The variable holds the detail JSON-escaped, so a template's
			// "$context.error.validationErrorString" stays JSON (AWS's sample
			// apigw-eventbridge-schema-validation answers
			// {"message": "[object has missing required properties ([\"schedule\",\"team\"])]"});
			// the execution log prints it as it is.
			return &gwresponse.Error{Type: gwresponse.BadRequestBody, Message: "Invalid request body", ValidationErrorString: javaEscape(detail),
				Body: `{"message": "Invalid request body"}`, Log: "Request body does not match model schema for content type " + ct + ": " + detail}
		}
		hop.Fact("model", name)
	}
	return nil
}

// maxBodyDepth bounds the nesting of a body validated against a model, as mapping templates
// bound theirs (Jackson's default StreamReadConstraints maxNestingDepth, 1000): a body
// nested deeper fails to parse on AWS, so it is "Invalid request body". The scan runs
// before the body is decoded, so a 10,000-deep body against a recursive model costs one
// pass over its bytes instead of a deep decode and a deep validation.
const maxBodyDepth = 1000

var errTooDeep = fmt.Errorf("the body is nested deeper than %d levels", maxBodyDepth)

// nestedDeeper reports whether the JSON text s opens more than limit arrays and objects
// inside one another; strings are skipped. It does not check the syntax.
func nestedDeeper(s string, limit int) bool {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{', '[':
			if depth++; depth > limit {
				return true
			}
		case '}', ']':
			depth--
		case '"':
			for i++; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' {
					i++
				}
			}
		}
	}
	return false
}

// missingParameters lists required method request parameters the request lacks, headers
// first, then path, then query string (the order of AWS's message); names within a group
// sorted, since the workspace keeps them in a map.
func (c *call) missingParameters() []string {
	var header, path, query []string
	for k, required := range c.m.model.RequestParameters {
		if !required {
			continue
		}
		switch {
		case strings.HasPrefix(k, "method.request.header."):
			name := strings.TrimPrefix(k, "method.request.header.")
			if _, ok := c.req.Header.Get(name); !ok {
				header = append(header, name)
			}
		case strings.HasPrefix(k, "method.request.path."):
			name := strings.TrimPrefix(k, "method.request.path.")
			if c.parameterValue(k) == "" {
				path = append(path, name)
			}
		case strings.HasPrefix(k, "method.request.querystring."):
			name := strings.TrimPrefix(k, "method.request.querystring.")
			found := false
			for _, q := range c.Query() {
				found = found || q.Name == name
			}
			if !found {
				query = append(query, name)
			}
		}
	}
	sort.Strings(header)
	sort.Strings(path)
	sort.Strings(query)
	return append(append(header, path...), query...)
}
