package engine

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"apigwlab/engine/model"
)

// apigatewayv2's route responses, integration responses and models: WebSocket API features
// (HTTP APIs have none; their verbs refuse them, as AWS says these are "supported only for
// WebSocket APIs").
//
//   - Integration responses of a MOCK, AWS or HTTP integration pick the frame a two-way
//     route sends back (engine/websocket/nonproxy.go): their key is $default or /REGEX/,
//     their templates render the frame.
//   - Route responses are kept as records: apigwlab's two-way routes answer by their
//     routeResponseSelectionExpression ($default), with or without one (decided; AWS's
//     console makes a $default route response for a two-way route).
//   - Models (JSON Schema draft 4) validate messages: a route with requestModels and a
//     modelSelectionExpression sends the "Bad request body" frame for a message its model
//     refuses, without calling the integration (developer guide, "Request validation for
//     WebSocket APIs").
//
// Ids are derived from what they belong to (reproducible, as the others are); the
// not-found messages are moto's (getmoto/moto apigatewayv2 exceptions, unconfirmed against
// AWS), the conflict messages decided in the style of create-route's.

func v2WebSocketOnly(a *model.V2API, what string) error {
	if a.ProtocolType != model.ProtocolWebSocket {
		return fmt.Errorf("BadRequestException: %s are supported only for WebSocket APIs", what)
	}
	return nil
}

// v2Responses is what the integration-response and route-response verbs share: a parent
// (an integration, a route) holding a list of responses, each found by its key or by the
// id derived from the parent's id and the key.
type v2Responses[T any] struct {
	kind     string // "IntegrationResponse", as the not-found message writes it
	noun     string // "integration response"
	parent   string // "integration"
	keyField string // "IntegrationResponseKey"
	keyHint  string // what a key is, for the required-key message
	keyOf    func(*T) string
	newWith  func(key string) *T
	apply    func(*T, flagSet) error
	out      func(id string, x *T) any
	// resolve finds the parent: its id, its responses, and put, which stores a changed list
	// in a copy of the parent (v2Edit puts the old one back when the API no longer validates).
	resolve func(g *Gateway, f flagSet) (a *model.V2API, api v2Deployer, parentID string, list []*T, put func([]*T), err error)
}

func (s v2Responses[T]) flag(name string) string {
	return strings.ReplaceAll(s.noun, " ", "-") + "-" + name
}

func (s v2Responses[T]) id(parentID, key string) string {
	return shortID(strings.ReplaceAll(s.noun, " ", "")+":"+parentID+":"+key, 6)
}

func (s v2Responses[T]) find(parentID string, list []*T, f flagSet) (int, error) {
	ref := f.get(s.flag("id"))
	if ref == "" {
		return 0, fmt.Errorf("--%s is required (get-%ss lists them)", s.flag("id"), strings.ReplaceAll(s.noun, " ", "-"))
	}
	for i, x := range list {
		if x != nil && (s.id(parentID, s.keyOf(x)) == ref || s.keyOf(x) == ref) {
			return i, nil
		}
	}
	return 0, fmt.Errorf("NotFoundException: Invalid %s identifier specified %s", s.kind, ref)
}

// edit changes a copy of the list (its items copied too) and puts it in place.
func (s v2Responses[T]) edit(g *Gateway, a *model.V2API, api v2Deployer, list []*T, put func([]*T), change func([]*T) ([]*T, any, error)) (string, error) {
	return g.v2Edit(a, api, func() (any, error) {
		cp := make([]*T, 0, len(list)+1)
		for _, x := range list {
			if x != nil {
				c := *x
				cp = append(cp, &c)
			}
		}
		cp, out, err := change(cp)
		if err != nil {
			return nil, err
		}
		put(cp)
		return out, nil
	})
}

func (s v2Responses[T]) create(g *Gateway, f flagSet) (string, error) {
	a, api, pid, list, put, err := s.resolve(g, f)
	if err != nil {
		return "", err
	}
	key := f.get(s.flag("key"))
	if key == "" {
		return "", fmt.Errorf("BadRequestException: %s is required: %s", s.keyField, s.keyHint)
	}
	return s.edit(g, a, api, list, put, func(cp []*T) ([]*T, any, error) {
		for _, x := range cp {
			if s.keyOf(x) == key {
				return nil, nil, fmt.Errorf("ConflictException: Unable to create %s. %s key %s already exists for this %s",
					s.noun, strings.ToUpper(s.noun[:1])+s.noun[1:], key, s.parent)
			}
		}
		x := s.newWith(key)
		if err := s.apply(x, f); err != nil {
			return nil, nil, err
		}
		return append(cp, x), s.out(s.id(pid, key), x), nil
	})
}

func (s v2Responses[T]) list(g *Gateway, f flagSet) (string, error) {
	_, _, pid, list, _, err := s.resolve(g, f)
	if err != nil {
		return "", err
	}
	items := []any{}
	for _, x := range list {
		if x != nil {
			items = append(items, s.out(s.id(pid, s.keyOf(x)), x))
		}
	}
	return v2List(f, items)
}

func (s v2Responses[T]) get(g *Gateway, f flagSet) (string, error) {
	_, _, pid, list, _, err := s.resolve(g, f)
	if err != nil {
		return "", err
	}
	i, err := s.find(pid, list, f)
	if err != nil {
		return "", err
	}
	return toJSON(s.out(s.id(pid, s.keyOf(list[i])), list[i])), nil
}

func (s v2Responses[T]) update(g *Gateway, f flagSet) (string, error) {
	a, api, pid, list, put, err := s.resolve(g, f)
	if err != nil {
		return "", err
	}
	i, err := s.find(pid, list, f)
	if err != nil {
		return "", err
	}
	if k := f.get(s.flag("key")); k != "" && k != s.keyOf(list[i]) {
		verb := strings.ReplaceAll(s.noun, " ", "-")
		return "", fmt.Errorf("BadRequestException: apigwlab does not change a %s's key (its id derives from it): delete-%s, then create-%s --%s %s", s.noun, verb, verb, s.flag("key"), k)
	}
	return s.edit(g, a, api, list, put, func(cp []*T) ([]*T, any, error) {
		if err := s.apply(cp[i], f); err != nil {
			return nil, nil, err
		}
		return cp, s.out(s.id(pid, s.keyOf(cp[i])), cp[i]), nil
	})
}

func (s v2Responses[T]) delete(g *Gateway, f flagSet) (string, error) {
	a, api, pid, list, put, err := s.resolve(g, f)
	if err != nil {
		return "", err
	}
	i, err := s.find(pid, list, f)
	if err != nil {
		return "", err
	}
	return s.edit(g, a, api, list, put, func(cp []*T) ([]*T, any, error) {
		return slices.Delete(cp, i, i+1), nil, nil
	})
}

// --- integration responses ---

type v2IntegrationResponseOut struct {
	IntegrationResponseID       string            `json:"IntegrationResponseId"`
	IntegrationResponseKey      string            `json:"IntegrationResponseKey"`
	ResponseTemplates           map[string]string `json:"ResponseTemplates,omitempty"`
	TemplateSelectionExpression string            `json:"TemplateSelectionExpression,omitempty"`
}

var integrationResponses = v2Responses[model.V2IntegrationResponse]{
	kind: "IntegrationResponse", noun: "integration response", parent: "integration",
	keyField: "IntegrationResponseKey", keyHint: "$default or /REGEX/ (e.g. /4\\d\\d/)",
	keyOf: func(ir *model.V2IntegrationResponse) string { return ir.IntegrationResponseKey },
	newWith: func(k string) *model.V2IntegrationResponse {
		return &model.V2IntegrationResponse{IntegrationResponseKey: k}
	},
	apply: applyIntegrationResponseFlags,
	out: func(id string, ir *model.V2IntegrationResponse) any {
		return v2IntegrationResponseOut{IntegrationResponseID: id, IntegrationResponseKey: ir.IntegrationResponseKey,
			ResponseTemplates: ir.ResponseTemplates, TemplateSelectionExpression: ir.TemplateSelectionExpression}
	},
	resolve: func(g *Gateway, f flagSet) (*model.V2API, v2Deployer, string, []*model.V2IntegrationResponse, func([]*model.V2IntegrationResponse), error) {
		a, api, err := g.v2API(f)
		if err == nil {
			err = v2WebSocketOnly(a, "Integration responses")
		}
		if err != nil {
			return nil, nil, "", nil, nil, err
		}
		id, in, err := v2Integration(a, f)
		if err != nil {
			return nil, nil, "", nil, nil, err
		}
		put := func(l []*model.V2IntegrationResponse) {
			cp := *in
			cp.IntegrationResponses = l
			a.Integrations[id] = &cp
		}
		return a, api, id, in.IntegrationResponses, put, nil
	},
}

func applyIntegrationResponseFlags(ir *model.V2IntegrationResponse, f flagSet) error {
	if f.has("response-templates") {
		m, err := stringMapArg(f, "response-templates")
		if err != nil {
			return err
		}
		ir.ResponseTemplates = m
	}
	if f.has("template-selection-expression") {
		ir.TemplateSelectionExpression = f.get("template-selection-expression")
	}
	for _, o := range []string{"response-parameters", "content-handling-strategy"} {
		if f.get(o) != "" {
			return fmt.Errorf("BadRequestException: apigwlab's WebSocket integration responses render text frames with templates: --%s is not modelled", o)
		}
	}
	return nil
}

func (g *Gateway) v2CreateIntegrationResponse(f flagSet) (string, error) {
	return integrationResponses.create(g, f)
}
func (g *Gateway) v2GetIntegrationResponses(f flagSet) (string, error) {
	return integrationResponses.list(g, f)
}
func (g *Gateway) v2GetIntegrationResponse(f flagSet) (string, error) {
	return integrationResponses.get(g, f)
}
func (g *Gateway) v2UpdateIntegrationResponse(f flagSet) (string, error) {
	return integrationResponses.update(g, f)
}
func (g *Gateway) v2DeleteIntegrationResponse(f flagSet) (string, error) {
	return integrationResponses.delete(g, f)
}

// --- route responses ---

type v2RouteResponseOut struct {
	ModelSelectionExpression string            `json:"ModelSelectionExpression,omitempty"`
	ResponseModels           map[string]string `json:"ResponseModels,omitempty"`
	RouteResponseID          string            `json:"RouteResponseId"`
	RouteResponseKey         string            `json:"RouteResponseKey"`
}

var routeResponses = v2Responses[model.V2RouteResponse]{
	kind: "RouteResponse", noun: "route response", parent: "route",
	keyField: "RouteResponseKey", keyHint: "$default",
	keyOf:   func(rr *model.V2RouteResponse) string { return rr.RouteResponseKey },
	newWith: func(k string) *model.V2RouteResponse { return &model.V2RouteResponse{RouteResponseKey: k} },
	apply:   applyRouteResponseFlags,
	out: func(id string, rr *model.V2RouteResponse) any {
		return v2RouteResponseOut{ModelSelectionExpression: rr.ModelSelectionExpression, ResponseModels: rr.ResponseModels,
			RouteResponseID: id, RouteResponseKey: rr.RouteResponseKey}
	},
	resolve: func(g *Gateway, f flagSet) (*model.V2API, v2Deployer, string, []*model.V2RouteResponse, func([]*model.V2RouteResponse), error) {
		a, api, err := g.v2API(f)
		if err == nil {
			err = v2WebSocketOnly(a, "Route responses")
		}
		if err != nil {
			return nil, nil, "", nil, nil, err
		}
		key, r, err := v2Route(a, f)
		if err != nil {
			return nil, nil, "", nil, nil, err
		}
		put := func(l []*model.V2RouteResponse) {
			cp := *r
			cp.RouteResponses = l
			a.Routes[key] = &cp
		}
		return a, api, routeID(a, key, r), r.RouteResponses, put, nil
	},
}

func applyRouteResponseFlags(rr *model.V2RouteResponse, f flagSet) error {
	if f.has("model-selection-expression") {
		rr.ModelSelectionExpression = f.get("model-selection-expression")
	}
	if f.has("response-models") {
		m, err := stringMapArg(f, "response-models")
		if err != nil {
			return err
		}
		rr.ResponseModels = m
	}
	if f.get("response-parameters") != "" {
		return fmt.Errorf("BadRequestException: apigwlab does not model route response parameters: leave --response-parameters out")
	}
	return nil
}

func (g *Gateway) v2CreateRouteResponse(f flagSet) (string, error) {
	return routeResponses.create(g, f)
}
func (g *Gateway) v2GetRouteResponses(f flagSet) (string, error) { return routeResponses.list(g, f) }
func (g *Gateway) v2GetRouteResponse(f flagSet) (string, error)  { return routeResponses.get(g, f) }
func (g *Gateway) v2UpdateRouteResponse(f flagSet) (string, error) {
	return routeResponses.update(g, f)
}
func (g *Gateway) v2DeleteRouteResponse(f flagSet) (string, error) {
	return routeResponses.delete(g, f)
}

// --- models ---

type v2ModelOut struct {
	ContentType string `json:"ContentType"`
	Description string `json:"Description,omitempty"`
	ModelID     string `json:"ModelId"`
	Name        string `json:"Name"`
	Schema      string `json:"Schema"`
}

func modelID(a *model.V2API, name string) string { return shortID("model:"+a.APIID+":"+name, 6) }

func v2ModelJSON(a *model.V2API, name string, m *model.Model) v2ModelOut {
	out := v2ModelOut{ContentType: m.ContentType, Description: m.Description, ModelID: modelID(a, name), Name: name}
	if out.ContentType == "" {
		out.ContentType = "application/json"
	}
	if s, ok := m.Schema.(string); ok {
		out.Schema = s
	} else if m.Schema != nil {
		b, _ := json.Marshal(m.Schema)
		out.Schema = string(b)
	}
	return out
}

// v2ModelArg resolves --model-id (an id, or a name for convenience).
func v2ModelArg(a *model.V2API, f flagSet) (string, *model.Model, error) {
	ref := f.get("model-id")
	if ref == "" {
		return "", nil, fmt.Errorf("--model-id is required (get-models lists them)")
	}
	for name, m := range a.Models {
		if m != nil && (name == ref || modelID(a, name) == ref) {
			return name, m, nil
		}
	}
	return "", nil, fmt.Errorf("NotFoundException: Invalid Model identifier specified %s", ref)
}

func applyModelFlags(m *model.Model, f flagSet) error {
	if f.has("schema") {
		s := f.get("schema")
		var v any
		if json.Unmarshal([]byte(s), &v) != nil {
			return fmt.Errorf("BadRequestException: Invalid model schema: the schema is not JSON (a JSON Schema draft 4 document)")
		}
		m.Schema = s
	}
	if f.has("content-type") {
		m.ContentType = f.get("content-type")
	}
	if f.has("description") {
		m.Description = f.get("description")
	}
	return nil
}

func (g *Gateway) v2ModelAPI(f flagSet) (*model.V2API, v2Deployer, error) {
	a, api, err := g.v2API(f)
	if err != nil {
		return nil, nil, err
	}
	return a, api, v2WebSocketOnly(a, "Models")
}

func (g *Gateway) v2CreateModel(f flagSet) (string, error) {
	a, api, err := g.v2ModelAPI(f)
	if err != nil {
		return "", err
	}
	name := f.get("name")
	if name == "" || f.get("schema") == "" {
		return "", fmt.Errorf("BadRequestException: Name and Schema are required: create-model --name NAME --schema '{\"type\": \"object\"}'")
	}
	if a.Models[name] != nil {
		return "", fmt.Errorf("ConflictException: Model name already exists for this API")
	}
	m := &model.Model{ContentType: "application/json"}
	if err := applyModelFlags(m, f); err != nil {
		return "", err
	}
	return g.v2Edit(a, api, func() (any, error) {
		a.Models = cloneModels(a.Models)
		a.Models[name] = m
		return v2ModelJSON(a, name, m), nil
	})
}

func cloneModels(m map[string]*model.Model) map[string]*model.Model {
	out := make(map[string]*model.Model, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

func (g *Gateway) v2GetModels(f flagSet) (string, error) {
	a, _, err := g.v2ModelAPI(f)
	if err != nil {
		return "", err
	}
	names := make([]string, 0, len(a.Models))
	for n, m := range a.Models {
		if m != nil {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	items := []v2ModelOut{}
	for _, n := range names {
		items = append(items, v2ModelJSON(a, n, a.Models[n]))
	}
	return v2List(f, items)
}

func (g *Gateway) v2GetModel(f flagSet) (string, error) {
	a, _, err := g.v2ModelAPI(f)
	if err != nil {
		return "", err
	}
	name, m, err := v2ModelArg(a, f)
	if err != nil {
		return "", err
	}
	return toJSON(v2ModelJSON(a, name, m)), nil
}

func (g *Gateway) v2UpdateModel(f flagSet) (string, error) {
	a, api, err := g.v2ModelAPI(f)
	if err != nil {
		return "", err
	}
	name, m, err := v2ModelArg(a, f)
	if err != nil {
		return "", err
	}
	if n := f.get("name"); n != "" && n != name {
		return "", fmt.Errorf("BadRequestException: apigwlab does not rename a model (routes' requestModels name it): create-model a new one")
	}
	cp := *m
	if err := applyModelFlags(&cp, f); err != nil {
		return "", err
	}
	return g.v2Edit(a, api, func() (any, error) {
		a.Models = cloneModels(a.Models)
		a.Models[name] = &cp
		return v2ModelJSON(a, name, &cp), nil
	})
}

// v2DeleteModel deletes a model no route uses (decided: AWS's answer for a model in use is
// not documented; REST's is a ConflictException naming the method).
func (g *Gateway) v2DeleteModel(f flagSet) (string, error) {
	a, api, err := g.v2ModelAPI(f)
	if err != nil {
		return "", err
	}
	name, _, err := v2ModelArg(a, f)
	if err != nil {
		return "", err
	}
	for _, k := range sortedRouteKeys(a) {
		r := a.Routes[k]
		uses := slices.Contains(slices.Collect(maps.Values(r.RequestModels)), name)
		for _, rr := range r.RouteResponses {
			uses = uses || rr != nil && slices.Contains(slices.Collect(maps.Values(rr.ResponseModels)), name)
		}
		if uses {
			return "", fmt.Errorf("ConflictException: Cannot delete model '%s', is referenced in route: %s", name, k)
		}
	}
	return g.v2Edit(a, api, func() (any, error) {
		a.Models = cloneModels(a.Models)
		delete(a.Models, name)
		return nil, nil
	})
}
