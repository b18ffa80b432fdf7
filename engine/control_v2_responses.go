package engine

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"

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

// --- integration responses ---

type v2IntegrationResponseOut struct {
	IntegrationResponseID       string            `json:"IntegrationResponseId"`
	IntegrationResponseKey      string            `json:"IntegrationResponseKey"`
	ResponseTemplates           map[string]string `json:"ResponseTemplates,omitempty"`
	TemplateSelectionExpression string            `json:"TemplateSelectionExpression,omitempty"`
}

func integrationResponseID(integrationID, key string) string {
	return shortID("integrationresponse:"+integrationID+":"+key, 6)
}

func v2IntegrationResponseJSON(integrationID string, ir *model.V2IntegrationResponse) v2IntegrationResponseOut {
	return v2IntegrationResponseOut{IntegrationResponseID: integrationResponseID(integrationID, ir.IntegrationResponseKey),
		IntegrationResponseKey: ir.IntegrationResponseKey, ResponseTemplates: ir.ResponseTemplates,
		TemplateSelectionExpression: ir.TemplateSelectionExpression}
}

// v2IntegrationArg resolves --api-id and --integration-id of a WebSocket API.
func (g *Gateway) v2IntegrationArg(f flagSet, what string) (*model.V2API, v2Deployer, string, *model.V2Integration, error) {
	a, api, err := g.v2API(f)
	if err != nil {
		return nil, nil, "", nil, err
	}
	if err := v2WebSocketOnly(a, what); err != nil {
		return nil, nil, "", nil, err
	}
	id, in, err := v2Integration(a, f)
	return a, api, id, in, err
}

func v2IntegrationResponse(id string, in *model.V2Integration, f flagSet) (int, error) {
	ref := f.get("integration-response-id")
	if ref == "" {
		return 0, fmt.Errorf("--integration-response-id is required (get-integration-responses lists them)")
	}
	for i, ir := range in.IntegrationResponses {
		if ir != nil && (integrationResponseID(id, ir.IntegrationResponseKey) == ref || ir.IntegrationResponseKey == ref) {
			return i, nil
		}
	}
	return 0, fmt.Errorf("NotFoundException: Invalid IntegrationResponse identifier specified %s", ref)
}

// v2EditIntegration changes a copy of an integration and puts it in place (v2Edit undoes it
// when the API no longer validates).
func (g *Gateway) v2EditIntegration(a *model.V2API, api v2Deployer, id string, in *model.V2Integration, edit func(cp *model.V2Integration) (any, error)) (string, error) {
	return g.v2Edit(a, api, func() (any, error) {
		cp := *in
		cp.IntegrationResponses = nil
		for _, ir := range in.IntegrationResponses {
			if ir != nil {
				c := *ir
				cp.IntegrationResponses = append(cp.IntegrationResponses, &c)
			}
		}
		out, err := edit(&cp)
		if err != nil {
			return nil, err
		}
		a.Integrations[id] = &cp
		return out, nil
	})
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
	a, api, id, in, err := g.v2IntegrationArg(f, "Integration responses")
	if err != nil {
		return "", err
	}
	key := f.get("integration-response-key")
	if key == "" {
		return "", fmt.Errorf("BadRequestException: IntegrationResponseKey is required: $default or /REGEX/ (e.g. /4\\d\\d/)")
	}
	return g.v2EditIntegration(a, api, id, in, func(cp *model.V2Integration) (any, error) {
		for _, ir := range cp.IntegrationResponses {
			if ir != nil && ir.IntegrationResponseKey == key {
				return nil, fmt.Errorf("ConflictException: Unable to create integration response. Integration response key %s already exists for this integration", key)
			}
		}
		ir := &model.V2IntegrationResponse{IntegrationResponseKey: key}
		if err := applyIntegrationResponseFlags(ir, f); err != nil {
			return nil, err
		}
		cp.IntegrationResponses = append(cp.IntegrationResponses, ir)
		return v2IntegrationResponseJSON(id, ir), nil
	})
}

func (g *Gateway) v2GetIntegrationResponses(f flagSet) (string, error) {
	a, _, id, in, err := g.v2IntegrationArg(f, "Integration responses")
	if err != nil {
		return "", err
	}
	_ = a
	items := []v2IntegrationResponseOut{}
	for _, ir := range in.IntegrationResponses {
		if ir != nil {
			items = append(items, v2IntegrationResponseJSON(id, ir))
		}
	}
	return v2List(f, items)
}

func (g *Gateway) v2GetIntegrationResponse(f flagSet) (string, error) {
	_, _, id, in, err := g.v2IntegrationArg(f, "Integration responses")
	if err != nil {
		return "", err
	}
	i, err := v2IntegrationResponse(id, in, f)
	if err != nil {
		return "", err
	}
	return toJSON(v2IntegrationResponseJSON(id, in.IntegrationResponses[i])), nil
}

func (g *Gateway) v2UpdateIntegrationResponse(f flagSet) (string, error) {
	a, api, id, in, err := g.v2IntegrationArg(f, "Integration responses")
	if err != nil {
		return "", err
	}
	i, err := v2IntegrationResponse(id, in, f)
	if err != nil {
		return "", err
	}
	if k := f.get("integration-response-key"); k != "" && k != in.IntegrationResponses[i].IntegrationResponseKey {
		return "", fmt.Errorf("BadRequestException: apigwlab does not change an integration response's key (its id derives from it): delete-integration-response, then create-integration-response --integration-response-key %s", k)
	}
	return g.v2EditIntegration(a, api, id, in, func(cp *model.V2Integration) (any, error) {
		ir := cp.IntegrationResponses[i]
		if err := applyIntegrationResponseFlags(ir, f); err != nil {
			return nil, err
		}
		return v2IntegrationResponseJSON(id, ir), nil
	})
}

func (g *Gateway) v2DeleteIntegrationResponse(f flagSet) (string, error) {
	a, api, id, in, err := g.v2IntegrationArg(f, "Integration responses")
	if err != nil {
		return "", err
	}
	i, err := v2IntegrationResponse(id, in, f)
	if err != nil {
		return "", err
	}
	return g.v2EditIntegration(a, api, id, in, func(cp *model.V2Integration) (any, error) {
		cp.IntegrationResponses = slices.Delete(cp.IntegrationResponses, i, i+1)
		return nil, nil
	})
}

// --- route responses ---

type v2RouteResponseOut struct {
	ModelSelectionExpression string            `json:"ModelSelectionExpression,omitempty"`
	ResponseModels           map[string]string `json:"ResponseModels,omitempty"`
	RouteResponseID          string            `json:"RouteResponseId"`
	RouteResponseKey         string            `json:"RouteResponseKey"`
}

func routeResponseID(routeID, key string) string { return shortID("routeresponse:"+routeID+":"+key, 6) }

func routeResponseJSON(routeID string, rr *model.V2RouteResponse) v2RouteResponseOut {
	return v2RouteResponseOut{ModelSelectionExpression: rr.ModelSelectionExpression, ResponseModels: rr.ResponseModels,
		RouteResponseID: routeResponseID(routeID, rr.RouteResponseKey), RouteResponseKey: rr.RouteResponseKey}
}

// v2RouteArg resolves --api-id and --route-id of a WebSocket API.
func (g *Gateway) v2RouteArg(f flagSet) (*model.V2API, v2Deployer, string, *model.Route, error) {
	a, api, err := g.v2API(f)
	if err != nil {
		return nil, nil, "", nil, err
	}
	if err := v2WebSocketOnly(a, "Route responses"); err != nil {
		return nil, nil, "", nil, err
	}
	k, r, err := v2Route(a, f)
	return a, api, k, r, err
}

func v2RouteResponse(routeID string, r *model.Route, f flagSet) (int, error) {
	ref := f.get("route-response-id")
	if ref == "" {
		return 0, fmt.Errorf("--route-response-id is required (get-route-responses lists them)")
	}
	for i, rr := range r.RouteResponses {
		if rr != nil && (routeResponseID(routeID, rr.RouteResponseKey) == ref || rr.RouteResponseKey == ref) {
			return i, nil
		}
	}
	return 0, fmt.Errorf("NotFoundException: Invalid RouteResponse identifier specified %s", ref)
}

// v2EditRoute changes a copy of a route and puts it in place.
func (g *Gateway) v2EditRoute(a *model.V2API, api v2Deployer, key string, r *model.Route, edit func(cp *model.Route) (any, error)) (string, error) {
	return g.v2Edit(a, api, func() (any, error) {
		cp := *r
		cp.RouteResponses = nil
		for _, rr := range r.RouteResponses {
			if rr != nil {
				c := *rr
				cp.RouteResponses = append(cp.RouteResponses, &c)
			}
		}
		out, err := edit(&cp)
		if err != nil {
			return nil, err
		}
		a.Routes[key] = &cp
		return out, nil
	})
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
	a, api, key, r, err := g.v2RouteArg(f)
	if err != nil {
		return "", err
	}
	rkey := f.get("route-response-key")
	if rkey == "" {
		return "", fmt.Errorf("BadRequestException: RouteResponseKey is required: $default")
	}
	rid := routeID(a, key, r)
	return g.v2EditRoute(a, api, key, r, func(cp *model.Route) (any, error) {
		for _, rr := range cp.RouteResponses {
			if rr != nil && rr.RouteResponseKey == rkey {
				return nil, fmt.Errorf("ConflictException: Unable to create route response. Route response key %s already exists for this route", rkey)
			}
		}
		rr := &model.V2RouteResponse{RouteResponseKey: rkey}
		if err := applyRouteResponseFlags(rr, f); err != nil {
			return nil, err
		}
		cp.RouteResponses = append(cp.RouteResponses, rr)
		return routeResponseJSON(rid, rr), nil
	})
}

func (g *Gateway) v2GetRouteResponses(f flagSet) (string, error) {
	a, _, key, r, err := g.v2RouteArg(f)
	if err != nil {
		return "", err
	}
	items := []v2RouteResponseOut{}
	for _, rr := range r.RouteResponses {
		if rr != nil {
			items = append(items, routeResponseJSON(routeID(a, key, r), rr))
		}
	}
	return v2List(f, items)
}

func (g *Gateway) v2GetRouteResponse(f flagSet) (string, error) {
	a, _, key, r, err := g.v2RouteArg(f)
	if err != nil {
		return "", err
	}
	i, err := v2RouteResponse(routeID(a, key, r), r, f)
	if err != nil {
		return "", err
	}
	return toJSON(routeResponseJSON(routeID(a, key, r), r.RouteResponses[i])), nil
}

func (g *Gateway) v2UpdateRouteResponse(f flagSet) (string, error) {
	a, api, key, r, err := g.v2RouteArg(f)
	if err != nil {
		return "", err
	}
	rid := routeID(a, key, r)
	i, err := v2RouteResponse(rid, r, f)
	if err != nil {
		return "", err
	}
	if k := f.get("route-response-key"); k != "" && k != r.RouteResponses[i].RouteResponseKey {
		return "", fmt.Errorf("BadRequestException: apigwlab does not change a route response's key (its id derives from it): delete-route-response, then create-route-response")
	}
	return g.v2EditRoute(a, api, key, r, func(cp *model.Route) (any, error) {
		rr := cp.RouteResponses[i]
		if err := applyRouteResponseFlags(rr, f); err != nil {
			return nil, err
		}
		return routeResponseJSON(rid, rr), nil
	})
}

func (g *Gateway) v2DeleteRouteResponse(f flagSet) (string, error) {
	a, api, key, r, err := g.v2RouteArg(f)
	if err != nil {
		return "", err
	}
	i, err := v2RouteResponse(routeID(a, key, r), r, f)
	if err != nil {
		return "", err
	}
	return g.v2EditRoute(a, api, key, r, func(cp *model.Route) (any, error) {
		cp.RouteResponses = slices.Delete(cp.RouteResponses, i, i+1)
		return nil, nil
	})
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
