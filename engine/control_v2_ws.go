package engine

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"apigwlab/engine/model"
	"apigwlab/engine/websocket"
)

// WebSocket APIs through apigatewayv2: create-api --protocol-type WEBSOCKET, and the route,
// integration, authorizer, stage and deployment verbs of control_v2*.go for them. A
// WebSocket API has HTTP APIs' deployment model (httpdeploy.go): each stage serves a
// deployment, a frozen copy of the routes, integrations and authorizers; a change reaches a
// stage with create-deployment (or at once on a stage with autoDeploy, which only a
// workspace file's default stage has). Open connections stay open across deployments;
// their next message meets the new one.
//
// What the workspace file may say of a WebSocket API the control plane checks the same way:
// the changed API is validated as a file would be (model.Workspace.Validate), so
// `apigwlab validate` and apigatewayv2 refuse the same things.

// wsCreateAPI is create-api --protocol-type WEBSOCKET.
func (g *Gateway) wsCreateAPI(a *model.V2API, f flagSet) (string, error) {
	a.APIID = shortID(fmt.Sprintf("websocketapi:%s:%d", a.Name, len(g.ws.WebSocketAPIs)), 10)
	a.RouteSelectionExpression = f.get("route-selection-expression")
	if a.RouteSelectionExpression == "" {
		// CloudFormation's and the API's refusal as clients quote it (floci-io/floci#1072)
		return "", fmt.Errorf("BadRequestException: RouteSelectionExpression is required for WEBSOCKET protocol")
	}
	if msg := model.CheckRouteSelectionExpression(a.RouteSelectionExpression); msg != "" {
		return "", fmt.Errorf("BadRequestException: Invalid route selection expression %s", msg)
	}
	for _, o := range []string{"cors-configuration", "target", "route-key"} {
		if f.has(o) {
			return "", fmt.Errorf("BadRequestException: --%s is supported only for HTTP APIs", o)
		}
	}
	if v, set, err := boolArg(f, "disable-execute-api-endpoint"); err != nil {
		return "", err
	} else if set {
		a.DisableExecuteAPIEndpoint = v
	}
	prepareV2(a)
	if _, err := g.wsAdd(a); err != nil {
		return "", fmt.Errorf("BadRequestException: %v", err)
	}
	g.ws.WebSocketAPIs = append(g.ws.WebSocketAPIs, a)
	return toJSON(g.v2APIJSON(a)), nil
}

// wsUpdateAPI is update-api for a WebSocket API: its description, route selection
// expression (applied at once, as it is the API's own) and API key selection expression.
func (g *Gateway) wsUpdateAPI(a *model.V2API, f flagSet) (string, error) {
	if n := f.get("name"); n != "" && n != a.Name {
		return "", fmt.Errorf("BadRequestException: apigwlab does not rename a WebSocket API while it may have connections: create-api a new one")
	}
	if f.has("cors-configuration") {
		return "", fmt.Errorf("BadRequestException: --cors-configuration is supported only for HTTP APIs")
	}
	if f.has("route-selection-expression") {
		e := f.get("route-selection-expression")
		if msg := model.CheckRouteSelectionExpression(e); e == "" || msg != "" {
			return "", fmt.Errorf("BadRequestException: Invalid route selection expression %s", msg)
		}
		old := a.RouteSelectionExpression
		a.RouteSelectionExpression = e
		if err := g.wsByKey[a.APIID].Redeploy(a); err != nil {
			a.RouteSelectionExpression = old
			return "", fmt.Errorf("BadRequestException: %v", err)
		}
	}
	if k := f.get("api-key-selection-expression"); k != "" {
		if k != "$request.header.x-api-key" && k != "$context.authorizer.usageIdentifierKey" {
			return "", fmt.Errorf("BadRequestException: Invalid API key selection expression %s: $request.header.x-api-key or $context.authorizer.usageIdentifierKey", k)
		}
		a.APIKeySelectionExpression = k
	}
	if f.has("description") {
		a.Description = f.get("description")
	}
	if v, set, err := boolArg(f, "disable-execute-api-endpoint"); err != nil {
		return "", err
	} else if set {
		a.DisableExecuteAPIEndpoint = v
	}
	return toJSON(g.v2APIJSON(a)), nil
}

// wsDelete removes a WebSocket API; its open connections are closed (1001 Going away, and
// their $disconnect routes run) outside the gateway's lock.
func (g *Gateway) wsDelete(a *model.V2API, w *websocket.API) {
	g.ws.WebSocketAPIs = slices.DeleteFunc(g.ws.WebSocketAPIs, func(x *model.V2API) bool { return x == a })
	g.wsAPIs = slices.DeleteFunc(g.wsAPIs, func(x *websocket.API) bool { return x == w })
	delete(g.wsByKey, w.Name)
	delete(g.wsByKey, w.ID)
	g.wsCount.Store(int32(len(g.wsAPIs)))
	if len(w.Conns()) > 0 {
		go w.CloseAll()
	}
}

// wsControlOnly are the validator's rules for a workspace file that the control plane does
// not apply, because on AWS they are steps in an order: a two-way route made before its
// integration's integration responses.
var wsControlOnly = []string{"needs its integration responses"}

// wsCheck validates a WebSocket API as changed by a verb, beside the workspace's functions
// and user pools, and answers the first problem as a BadRequestException.
func (g *Gateway) wsCheck(a *model.V2API) error {
	w := &model.Workspace{Source: "apigatewayv2", Region: g.ws.Region, AccountID: g.ws.AccountID, Functions: g.ws.Functions,
		UserPools: g.ws.UserPools, IAM: g.ws.IAM, WebSocketAPIs: []*model.V2API{a}}
	err := w.Validate()
	var es model.Errors
	if !errors.As(err, &es) {
		return err
	}
	for _, e := range es {
		if slices.ContainsFunc(wsControlOnly, func(s string) bool { return strings.Contains(e.Msg, s) }) {
			continue
		}
		field := strings.TrimPrefix(strings.TrimPrefix(e.Field, "websocketApis[0]"), ".")
		if field == "" {
			return fmt.Errorf("BadRequestException: %s", e.Msg)
		}
		return fmt.Errorf("BadRequestException: %s: %s", field, e.Msg)
	}
	return nil
}

// applyWSRouteFlags sets the route options only WebSocket APIs have: a two-way route's
// --route-response-selection-expression ($default, the only value AWS takes, fact 89) and
// --api-key-required.
func applyWSRouteFlags(a *model.V2API, r *model.Route, f flagSet) error {
	ws := a.ProtocolType == model.ProtocolWebSocket
	for _, o := range []string{"route-response-selection-expression", "api-key-required", "no-api-key-required", "model-selection-expression", "request-models"} {
		if f.has(o) && !ws {
			return fmt.Errorf("BadRequestException: --%s is supported only for WebSocket APIs", o)
		}
	}
	if f.has("route-response-selection-expression") {
		r.RouteResponseSelectionExpression = f.get("route-response-selection-expression")
	}
	if v, set, err := boolArg(f, "api-key-required"); err != nil {
		return err
	} else if set {
		r.APIKeyRequired = &v
	}
	if f.has("model-selection-expression") {
		r.ModelSelectionExpression = f.get("model-selection-expression")
	}
	if f.has("request-models") {
		m, err := stringMapArg(f, "request-models")
		if err != nil {
			return err
		}
		r.RequestModels = m
	}
	return nil
}

// applyWSIntegrationFlags sets a WebSocket integration's mapping templates: --request-templates
// (JSON: {"$default": "…"}), --template-selection-expression, --passthrough-behavior and
// --integration-response-selection-expression (fixed by AWS per type; checked by wsCheck).
func applyWSIntegrationFlags(a *model.V2API, in *model.V2Integration, f flagSet) error {
	opts := []string{"request-templates", "template-selection-expression", "passthrough-behavior", "integration-response-selection-expression"}
	if a.ProtocolType != model.ProtocolWebSocket {
		for _, o := range opts {
			if f.has(o) {
				return fmt.Errorf("BadRequestException: --%s is supported only for WebSocket APIs (HTTP APIs have no mapping templates: use --request-parameters and --response-parameters)", o)
			}
		}
		return nil
	}
	if f.has("request-templates") {
		m, err := stringMapArg(f, "request-templates")
		if err != nil {
			return err
		}
		in.RequestTemplates = m
	}
	if f.has("template-selection-expression") {
		in.TemplateSelectionExpression = f.get("template-selection-expression")
	}
	if f.has("passthrough-behavior") {
		in.PassthroughBehavior = f.get("passthrough-behavior")
	}
	if f.has("integration-response-selection-expression") {
		in.IntegrationResponseSelectionExpression = f.get("integration-response-selection-expression")
	}
	if f.has("content-handling-strategy") {
		return fmt.Errorf("BadRequestException: apigwlab's WebSocket APIs take text messages only: --content-handling-strategy is not modelled")
	}
	return nil
}
