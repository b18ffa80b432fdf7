package server

import (
	"encoding/json"
	"net/http"
	"strings"

	"apigwlab/engine"
)

// The apigatewayv2 control plane (botocore's apigatewayv2 2018-11-29 model), answered under
// /v2/apis on serve's port beside apigateway's, so that
//
//	aws apigatewayv2 --endpoint-url http://127.0.0.1:3000 create-api --name shop --protocol-type HTTP
//
// works. As for apigateway, each operation runs the verb of the same name
// (engine.Gateway.RunV2): path parameters, the query string and the JSON body's members
// become its options; its answer is the body. The verbs answer as the AWS CLI prints
// (PascalCase members: "Items", "RouteKey"); the wire has the model's locationNames, the
// same words in lowerCamel ("items", "routeKey"), so the body's keys are turned back —
// except those of map-valued members (stage variables, tags, parameter mappings), which are
// the user's own. The aws CLI signs apigatewayv2 calls for the "apigateway" service too.

// v2Routes maps each operation: method, path ({name} segments become options), verb and
// the success status botocore's model gives.
var v2Routes = func() []cpRoute {
	in := []struct {
		method, path, verb string
		status             int
	}{
		{"GET", "/v2/apis", "get-apis", 200},
		{"POST", "/v2/apis", "create-api", 201},
		{"GET", "/v2/apis/{api-id}", "get-api", 200},
		{"PATCH", "/v2/apis/{api-id}", "update-api", 200},
		{"DELETE", "/v2/apis/{api-id}", "delete-api", 204},
		{"GET", "/v2/apis/{api-id}/routes", "get-routes", 200},
		{"POST", "/v2/apis/{api-id}/routes", "create-route", 201},
		{"GET", "/v2/apis/{api-id}/routes/{route-id}", "get-route", 200},
		{"PATCH", "/v2/apis/{api-id}/routes/{route-id}", "update-route", 200},
		{"DELETE", "/v2/apis/{api-id}/routes/{route-id}", "delete-route", 204},
		{"GET", "/v2/apis/{api-id}/integrations", "get-integrations", 200},
		{"POST", "/v2/apis/{api-id}/integrations", "create-integration", 201},
		{"GET", "/v2/apis/{api-id}/integrations/{integration-id}", "get-integration", 200},
		{"PATCH", "/v2/apis/{api-id}/integrations/{integration-id}", "update-integration", 200},
		{"DELETE", "/v2/apis/{api-id}/integrations/{integration-id}", "delete-integration", 204},
		{"GET", "/v2/apis/{api-id}/stages", "get-stages", 200},
		{"POST", "/v2/apis/{api-id}/stages", "create-stage", 201},
		{"GET", "/v2/apis/{api-id}/stages/{stage-name}", "get-stage", 200},
		{"PATCH", "/v2/apis/{api-id}/stages/{stage-name}", "update-stage", 200},
		{"DELETE", "/v2/apis/{api-id}/stages/{stage-name}", "delete-stage", 204},
		{"GET", "/v2/apis/{api-id}/deployments", "get-deployments", 200},
		{"POST", "/v2/apis/{api-id}/deployments", "create-deployment", 201},
		{"GET", "/v2/apis/{api-id}/deployments/{deployment-id}", "get-deployment", 200},
		{"GET", "/v2/apis/{api-id}/authorizers", "get-authorizers", 200},
		{"GET", "/v2/apis/{api-id}/authorizers/{authorizer-id}", "get-authorizer", 200},
		{"POST", "/v2/apis/{api-id}/authorizers", "create-authorizer", 201},
		{"PATCH", "/v2/apis/{api-id}/authorizers/{authorizer-id}", "update-authorizer", 200},
		{"DELETE", "/v2/apis/{api-id}/authorizers/{authorizer-id}", "delete-authorizer", 204},
		{"POST", "/v2/apis/{api-id}/integrations/{integration-id}/integrationresponses", "create-integration-response", 201},
		{"GET", "/v2/apis/{api-id}/integrations/{integration-id}/integrationresponses", "get-integration-responses", 200},
		{"GET", "/v2/apis/{api-id}/integrations/{integration-id}/integrationresponses/{integration-response-id}", "get-integration-response", 200},
		{"PATCH", "/v2/apis/{api-id}/integrations/{integration-id}/integrationresponses/{integration-response-id}", "update-integration-response", 200},
		{"DELETE", "/v2/apis/{api-id}/integrations/{integration-id}/integrationresponses/{integration-response-id}", "delete-integration-response", 204},
		{"POST", "/v2/apis/{api-id}/routes/{route-id}/routeresponses", "create-route-response", 201},
		{"GET", "/v2/apis/{api-id}/routes/{route-id}/routeresponses", "get-route-responses", 200},
		{"GET", "/v2/apis/{api-id}/routes/{route-id}/routeresponses/{route-response-id}", "get-route-response", 200},
		{"PATCH", "/v2/apis/{api-id}/routes/{route-id}/routeresponses/{route-response-id}", "update-route-response", 200},
		{"DELETE", "/v2/apis/{api-id}/routes/{route-id}/routeresponses/{route-response-id}", "delete-route-response", 204},
		{"POST", "/v2/apis/{api-id}/models", "create-model", 201},
		{"GET", "/v2/apis/{api-id}/models", "get-models", 200},
		{"GET", "/v2/apis/{api-id}/models/{model-id}", "get-model", 200},
		{"PATCH", "/v2/apis/{api-id}/models/{model-id}", "update-model", 200},
		{"DELETE", "/v2/apis/{api-id}/models/{model-id}", "delete-model", 204},
		{"PUT", "/v2/apis", "import-api", 201},
		{"PUT", "/v2/apis/{api-id}", "reimport-api", 201},
		{"GET", "/v2/apis/{api-id}/exports/{specification}", "export-api", 200},
	}
	out := make([]cpRoute, len(in))
	for i, r := range in {
		out[i] = cpRoute{method: r.method, pattern: strings.Split(strings.Trim(r.path, "/"), "/"), verb: r.verb, status: r.status}
	}
	return out
}()

// isV2Path reports whether a control-plane path is apigatewayv2's.
func isV2Path(path string) bool {
	return path == "/v2/apis" || strings.HasPrefix(path, "/v2/apis/") ||
		path == "/v2/domainnames" || strings.HasPrefix(path, "/v2/domainnames/") // controlplane_domains.go
}

// serveControlPlaneV2 answers one apigatewayv2 request.
func (s *Server) serveControlPlaneV2(w http.ResponseWriter, r *http.Request, gw *engine.Gateway, body []byte) {
	start := s.opts.Now()
	route, flags, ok := s.cpMatch(w, r, start, v2Routes, "apigatewayv2")
	if !ok || !s.cpBody(w, r, start, body, flags, kebab) {
		return
	}
	out, err := gw.RunV2(route.verb, flags)
	if err != nil {
		s.cpFail(w, r, start, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-amzn-RequestId", requestID())
	if route.verb == "export-api" {
		// ExportApi's body is the document itself (a blob), not a JSON structure to turn
		if strings.EqualFold(r.URL.Query().Get("outputType"), "YAML") {
			w.Header().Set("Content-Type", "application/yaml")
		}
		w.WriteHeader(route.status)
		_, _ = w.Write([]byte(out))
		s.logLine(r, start, route.status, "", 0, "", "(control plane: apigatewayv2 export-api)")
		return
	}
	w.WriteHeader(route.status)
	if route.status != http.StatusNoContent {
		_, _ = w.Write([]byte(wireV2(out)))
	}
	s.logLine(r, start, route.status, "", 0, "", "(control plane: apigatewayv2 "+route.verb+")")
}

// v2MapMembers are the members whose value is a map of the user's keys: kept as they are.
// RouteSettings maps route keys to structures, whose members are turned.
var v2MapMembers = map[string]bool{"Tags": true, "StageVariables": true, "RequestParameters": true,
	"ResponseParameters": true, "RequestTemplates": true, "RequestModels": true, "ResponseTemplates": true, "ResponseModels": true}

// wireV2 turns a verb's answer (the AWS CLI's PascalCase) into the wire's lowerCamel.
func wireV2(out string) string {
	if strings.TrimSpace(out) == "" {
		return "{}"
	}
	var v any
	if json.Unmarshal([]byte(out), &v) != nil {
		return out
	}
	b, err := json.Marshal(lowerKeys(v))
	if err != nil {
		return out
	}
	return string(b)
}

func lowerKeys(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			switch {
			case v2MapMembers[k]:
				out[lowerFirst(k)] = val
			case k == "RouteSettings":
				rs := map[string]any{}
				if m, ok := val.(map[string]any); ok {
					for rk, rv := range m {
						rs[rk] = lowerKeys(rv)
					}
				}
				out["routeSettings"] = rs
			default:
				out[lowerFirst(k)] = lowerKeys(val)
			}
		}
		return out
	case []any:
		for i := range x {
			x[i] = lowerKeys(x[i])
		}
		return x
	}
	return v
}

func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]-'A'+'a') + s[1:]
}
