package websocket

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"apigwlab/engine/model"
)

// Request validation of WebSocket routes (developer guide, "Request validation for WebSocket
// APIs"): a route with a modelSelectionExpression picks one of its requestModels by the
// expression's value ($default the fallback; "If there is no matching model and $default
// isn't defined, the validation fails") and checks the message against that model's JSON
// Schema (draft 4). A failure sends the "Bad request body" error frame without calling the
// integration. A route with requestModels but no expression validates nothing, as on AWS
// ("Model validation occurs if you provide a model selection expression").

type routeModels struct {
	sel     selector
	static  string // the key when the expression is static text ($default)
	schemas map[string]*jsonschema.Schema
}

const modelURL = "apigwlab:///websocket/models/"

// compileModels compiles an API's models (every one added before any is compiled, so a
// model may $ref another by modelURL+name).
func compileModels(a *model.V2API) (map[string]*jsonschema.Schema, error) {
	out := map[string]*jsonschema.Schema{}
	if len(a.Models) == 0 {
		return out, nil
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	names := slices.Sorted(maps.Keys(a.Models))
	for _, name := range names {
		m := a.Models[name]
		if m == nil {
			continue
		}
		schema := m.Schema
		if text, ok := schema.(string); ok { // the schema as JSON text, as AWS's API takes it
			if err := json.Unmarshal([]byte(text), &schema); err != nil {
				return nil, fmt.Errorf("model %s: the schema is not JSON: %w", name, err)
			}
		}
		raw, err := json.Marshal(schema)
		if err != nil {
			return nil, fmt.Errorf("model %s: %w", name, err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			return nil, fmt.Errorf("model %s: %w", name, err)
		}
		if err := c.AddResource(modelURL+name, doc); err != nil {
			return nil, fmt.Errorf("model %s: %w", name, err)
		}
	}
	for _, name := range names {
		if a.Models[name] == nil {
			continue
		}
		sch, err := c.Compile(modelURL + name)
		if err != nil {
			return nil, fmt.Errorf("model %s is not a valid JSON Schema (draft 4): %w", name, err)
		}
		out[name] = sch
	}
	return out, nil
}

// compileRouteModels compiles a route's request validation; nil when it has none.
func compileRouteModels(r *model.Route, schemas map[string]*jsonschema.Schema) (*routeModels, error) {
	e := r.ModelSelectionExpression
	if e == "" {
		return nil, nil
	}
	rm := &routeModels{schemas: map[string]*jsonschema.Schema{}}
	if e == model.DefaultRouteKey {
		rm.static = model.DefaultRouteKey
	} else {
		sel, err := parseTemplateSelection(e, false)
		if err != nil {
			return nil, fmt.Errorf("modelSelectionExpression: %w", err)
		}
		rm.sel = sel
	}
	for k, name := range r.RequestModels {
		s := schemas[name]
		if s == nil {
			return nil, fmt.Errorf("requestModels %s: no model %q", k, name)
		}
		rm.schemas[k] = s
	}
	return rm, nil
}

// check returns why a message fails the route's validation, or "" when it passes.
func (m *routeModels) check(body []byte) string {
	key := m.static
	if key == "" {
		key, _ = m.sel.eval(body)
	}
	s := m.schemas[key]
	if s == nil {
		s = m.schemas[model.DefaultRouteKey]
	}
	if s == nil {
		return "no model for " + strconv.Quote(key) + " and no $default model"
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return "the message is not JSON"
	}
	if err := s.Validate(v); err != nil {
		return err.Error()
	}
	return ""
}
