package server

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"apigwlab/engine"
	"apigwlab/engine/iam"
)

// The API Gateway control plane (the REST API the aws CLI and the SDKs call, botocore's
// apigateway 2015-07-09 service model) answered on serve's own port, so that
//
//	aws apigateway --endpoint-url http://127.0.0.1:3000 create-rest-api --name shop
//
// works. Each operation is the same verb the palette, scenario events and lab steps run
// (engine.Gateway.Run): the request's path parameters, query string and JSON body become the
// verb's options, its JSON output is the response body, its errors AWS's error shape
// ({"message": …} with x-amzn-ErrorType).
//
// Control plane or data plane: a request is for the control plane when it is signed for the
// apigateway service (the aws CLI and SDKs sign every call, apigatewayv2's too: Authorization:
// AWS4-HMAC-SHA256 Credential=…/REGION/apigateway/aws4_request), or when its path starts with
// /restapis, /apikeys, /usageplans, /tags or /v2 (apigatewayv2's /v2/apis, controlplane_v2.go) and
// that first segment is not a stage of the served API. Every
// other request is the data plane: /{stage}/{path}, Host {apiId}.execute-api.…, or
// /restapis/{apiId}/{stage}/_user_request_/{path} for an API created through this API.

// cpRoute maps one operation: method, path pattern ({name} segments become options) and
// verb; status is the success status botocore's model gives (200 when 0).
type cpRoute struct {
	method  string
	pattern []string
	verb    string
	status  int
}

var cpRoutes = buildRoutes([]struct{ method, path, verb string }{
	{"POST", "/restapis", "create-rest-api"},
	{"GET", "/restapis", "get-rest-apis"},
	{"GET", "/restapis/{rest-api-id}", "get-rest-api"},
	{"DELETE", "/restapis/{rest-api-id}", "delete-rest-api"},
	{"PUT", "/restapis/{rest-api-id}", "put-rest-api"},
	{"GET", "/restapis/{rest-api-id}/resources", "get-resources"},
	{"POST", "/restapis/{rest-api-id}/resources/{parent-id}", "create-resource"},
	{"PUT", "/restapis/{rest-api-id}/resources/{resource-id}/methods/{http-method}", "put-method"},
	{"GET", "/restapis/{rest-api-id}/resources/{resource-id}/methods/{http-method}", "get-method"},
	{"PATCH", "/restapis/{rest-api-id}/resources/{resource-id}/methods/{http-method}", "update-method"},
	{"DELETE", "/restapis/{rest-api-id}/resources/{resource-id}/methods/{http-method}", "delete-method"},
	{"POST", "/restapis/{rest-api-id}/resources/{resource-id}/methods/{http-method}", "test-invoke-method"},
	{"PUT", "/restapis/{rest-api-id}/resources/{resource-id}/methods/{http-method}/responses/{status-code}", "put-method-response"},
	{"PUT", "/restapis/{rest-api-id}/resources/{resource-id}/methods/{http-method}/integration", "put-integration"},
	{"GET", "/restapis/{rest-api-id}/resources/{resource-id}/methods/{http-method}/integration", "get-integration"},
	{"PATCH", "/restapis/{rest-api-id}/resources/{resource-id}/methods/{http-method}/integration", "update-integration"},
	{"DELETE", "/restapis/{rest-api-id}/resources/{resource-id}/methods/{http-method}/integration", "delete-integration"},
	{"PUT", "/restapis/{rest-api-id}/resources/{resource-id}/methods/{http-method}/integration/responses/{status-code}", "put-integration-response"},
	{"POST", "/restapis/{rest-api-id}/deployments", "create-deployment"},
	{"GET", "/restapis/{rest-api-id}/deployments", "get-deployments"},
	{"GET", "/restapis/{rest-api-id}/stages", "get-stages"},
	{"GET", "/restapis/{rest-api-id}/stages/{stage-name}", "get-stage"},
	{"PATCH", "/restapis/{rest-api-id}/stages/{stage-name}", "update-stage"},
	{"GET", "/restapis/{rest-api-id}/stages/{stage-name}/exports/{export-type}", "get-export"},
	{"DELETE", "/restapis/{rest-api-id}/stages/{stage-name}/cache/data", "flush-stage-cache"},
	{"DELETE", "/restapis/{rest-api-id}/stages/{stage-name}/cache/authorizers", "flush-stage-authorizers-cache"},
	{"GET", "/restapis/{rest-api-id}/resources/{resource-id}", "get-resource"},
	{"DELETE", "/restapis/{rest-api-id}/resources/{resource-id}", "delete-resource"},
	{"POST", "/restapis/{rest-api-id}/stages", "create-stage"},
	{"DELETE", "/restapis/{rest-api-id}/stages/{stage-name}", "delete-stage"},
	{"POST", "/restapis/{rest-api-id}/authorizers", "create-authorizer"},
	{"GET", "/restapis/{rest-api-id}/authorizers", "get-authorizers"},
	{"GET", "/restapis/{rest-api-id}/authorizers/{authorizer-id}", "get-authorizer"},
	{"PATCH", "/restapis/{rest-api-id}/authorizers/{authorizer-id}", "update-authorizer"},
	{"DELETE", "/restapis/{rest-api-id}/authorizers/{authorizer-id}", "delete-authorizer"},
	{"POST", "/restapis/{rest-api-id}/models", "create-model"},
	{"GET", "/restapis/{rest-api-id}/models", "get-models"},
	{"GET", "/restapis/{rest-api-id}/models/{model-name}", "get-model"},
	{"PATCH", "/restapis/{rest-api-id}/models/{model-name}", "update-model"},
	{"DELETE", "/restapis/{rest-api-id}/models/{model-name}", "delete-model"},
	{"POST", "/restapis/{rest-api-id}/requestvalidators", "create-request-validator"},
	{"GET", "/restapis/{rest-api-id}/requestvalidators", "get-request-validators"},
	{"GET", "/restapis/{rest-api-id}/requestvalidators/{request-validator-id}", "get-request-validator"},
	{"PATCH", "/restapis/{rest-api-id}/requestvalidators/{request-validator-id}", "update-request-validator"},
	{"DELETE", "/restapis/{rest-api-id}/requestvalidators/{request-validator-id}", "delete-request-validator"},
	{"GET", "/restapis/{rest-api-id}/gatewayresponses", "get-gateway-responses"},
	{"PUT", "/restapis/{rest-api-id}/gatewayresponses/{response-type}", "put-gateway-response"},
	{"GET", "/restapis/{rest-api-id}/gatewayresponses/{response-type}", "get-gateway-response"},
	{"PATCH", "/restapis/{rest-api-id}/gatewayresponses/{response-type}", "update-gateway-response"},
	{"DELETE", "/restapis/{rest-api-id}/gatewayresponses/{response-type}", "delete-gateway-response"},
	{"PATCH", "/usageplans/{usage-plan-id}", "update-usage-plan"},
	{"POST", "/usageplans/{usage-plan-id}/keys", "create-usage-plan-key"},
	{"DELETE", "/usageplans/{usage-plan-id}/keys/{key-id}", "delete-usage-plan-key"},
	{"GET", "/usageplans/{usage-plan-id}/usage", "get-usage"},
	{"PATCH", "/apikeys/{api-key}", "update-api-key"},
	{"POST", "/apikeys", "create-api-key"},
	{"GET", "/apikeys", "get-api-keys"},
	{"GET", "/apikeys/{api-key}", "get-api-key"},
	{"DELETE", "/apikeys/{api-key}", "delete-api-key"},
	{"POST", "/usageplans", "create-usage-plan"},
	{"GET", "/usageplans", "get-usage-plans"},
	{"GET", "/usageplans/{usage-plan-id}", "get-usage-plan"},
	{"DELETE", "/usageplans/{usage-plan-id}", "delete-usage-plan"},
	{"GET", "/usageplans/{usage-plan-id}/keys", "get-usage-plan-keys"},
	{"PATCH", "/restapis/{rest-api-id}", "update-rest-api"},
	{"PATCH", "/restapis/{rest-api-id}/resources/{resource-id}", "update-resource"},
	{"GET", "/restapis/{rest-api-id}/resources/{resource-id}/methods/{http-method}/responses/{status-code}", "get-method-response"},
	{"PATCH", "/restapis/{rest-api-id}/resources/{resource-id}/methods/{http-method}/responses/{status-code}", "update-method-response"},
	{"DELETE", "/restapis/{rest-api-id}/resources/{resource-id}/methods/{http-method}/responses/{status-code}", "delete-method-response"},
	{"GET", "/restapis/{rest-api-id}/resources/{resource-id}/methods/{http-method}/integration/responses/{status-code}", "get-integration-response"},
	{"PATCH", "/restapis/{rest-api-id}/resources/{resource-id}/methods/{http-method}/integration/responses/{status-code}", "update-integration-response"},
	{"DELETE", "/restapis/{rest-api-id}/resources/{resource-id}/methods/{http-method}/integration/responses/{status-code}", "delete-integration-response"},
	{"GET", "/restapis/{rest-api-id}/deployments/{deployment-id}", "get-deployment"},
	{"PATCH", "/restapis/{rest-api-id}/deployments/{deployment-id}", "update-deployment"},
	{"DELETE", "/restapis/{rest-api-id}/deployments/{deployment-id}", "delete-deployment"},
	{"POST", "/restapis/{rest-api-id}/authorizers/{authorizer-id}", "test-invoke-authorizer"},
	{"PUT", "/tags/{resource-arn}", "tag-resource"},
	{"DELETE", "/tags/{resource-arn}", "untag-resource"},
	{"GET", "/tags/{resource-arn}", "get-tags"},
	{"POST", "/restapis/{rest-api-id}/documentation/parts", "create-documentation-part"},
	{"PUT", "/restapis/{rest-api-id}/documentation/parts", "import-documentation-parts"},
	{"GET", "/restapis/{rest-api-id}/documentation/parts", "get-documentation-parts"},
	{"GET", "/restapis/{rest-api-id}/documentation/parts/{documentation-part-id}", "get-documentation-part"},
	{"PATCH", "/restapis/{rest-api-id}/documentation/parts/{documentation-part-id}", "update-documentation-part"},
	{"DELETE", "/restapis/{rest-api-id}/documentation/parts/{documentation-part-id}", "delete-documentation-part"},
	{"POST", "/restapis/{rest-api-id}/documentation/versions", "create-documentation-version"},
	{"GET", "/restapis/{rest-api-id}/documentation/versions", "get-documentation-versions"},
	{"GET", "/restapis/{rest-api-id}/documentation/versions/{documentation-version}", "get-documentation-version"},
	{"PATCH", "/restapis/{rest-api-id}/documentation/versions/{documentation-version}", "update-documentation-version"},
	{"DELETE", "/restapis/{rest-api-id}/documentation/versions/{documentation-version}", "delete-documentation-version"},
})

// Success statuses from botocore's model (http.responseCode).
var cpStatus = map[string]int{
	"create-rest-api": 201, "delete-rest-api": 202, "create-resource": 201, "put-method": 201, "delete-method": 204,
	"put-method-response": 201, "put-integration": 201, "delete-integration": 204, "put-integration-response": 201,
	"create-deployment": 201, "flush-stage-cache": 202, "flush-stage-authorizers-cache": 202,
	"create-usage-plan-key": 201, "delete-usage-plan-key": 202,
	"create-api-key": 201, "delete-api-key": 202, "create-usage-plan": 201, "delete-usage-plan": 202,
	"delete-resource": 202, "create-stage": 201, "delete-stage": 202,
	"create-authorizer": 201, "delete-authorizer": 202, "create-model": 201, "delete-model": 202,
	"create-request-validator": 201, "delete-request-validator": 202, "put-gateway-response": 201,
	"delete-gateway-response": 202, "import-rest-api": 201,
	"update-method-response": 201, "delete-method-response": 204, "delete-integration-response": 204,
	"delete-deployment": 202, "tag-resource": 204, "untag-resource": 204,
	"create-documentation-part": 201, "delete-documentation-part": 202, "create-documentation-version": 201,
	"delete-documentation-version": 202,
}

// wireItems: on the wire a list answer's "items" is "item" (GetUsage's is "values"), as
// botocore's model names them (locationName); the CLI prints them as items.
var wireItems = map[string]string{"get-rest-apis": "item", "get-resources": "item", "get-deployments": "item", "get-usage": "values",
	"get-api-keys": "item", "get-usage-plans": "item", "get-usage-plan-keys": "item", "get-authorizers": "item",
	"get-models": "item", "get-request-validators": "item", "get-gateway-responses": "item",
	"get-documentation-parts": "item", "get-documentation-versions": "item"}

func renameItems(out, wire string) string {
	var obj map[string]json.RawMessage
	if json.Unmarshal([]byte(out), &obj) != nil {
		return out
	}
	if v, ok := obj["items"]; ok {
		delete(obj, "items")
		obj[wire] = v
	}
	b, err := json.Marshal(obj)
	if err != nil {
		return out
	}
	return string(b)
}

func buildRoutes(in []struct{ method, path, verb string }) []cpRoute {
	out := make([]cpRoute, len(in))
	for i, r := range in {
		out[i] = cpRoute{method: r.method, pattern: strings.Split(strings.Trim(r.path, "/"), "/"), verb: r.verb, status: cpStatus[r.verb]}
	}
	return out
}

// cpPrefixes are the first path segments of control-plane operations.
var cpPrefixes = map[string]bool{"restapis": true, "apikeys": true, "usageplans": true, "v2": true, "tags": true}

// isControlPlane tells a control-plane request from a data-plane one (see the package
// comment above).
func isControlPlane(r *http.Request, stages func(string) bool) bool {
	if scope := sigV4Service(r.Header.Get("Authorization")); scope != "" {
		return scope == "apigateway"
	}
	first, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if !cpPrefixes[first] || stages(first) {
		return false
	}
	// /restapis/{id}/{stage}/_user_request_/… is the data plane.
	return !strings.Contains(rest, "/_user_request_/") && !strings.HasSuffix(rest, "/_user_request_")
}

// sigV4Service reads the service of a SigV4 Authorization header's credential scope.
func sigV4Service(auth string) string {
	_, cred, ok := strings.Cut(auth, "Credential=")
	if !ok {
		return ""
	}
	cred, _, _ = strings.Cut(cred, ",")
	parts := strings.Split(cred, "/")
	if len(parts) != 5 {
		return ""
	}
	return parts[3]
}

// serveControlPlane answers one control-plane request.
func (s *Server) serveControlPlane(w http.ResponseWriter, r *http.Request, gw *engine.Gateway, body []byte) {
	// apigatewayv2 signs for apigateway too (botocore: signingName apigateway)
	sr := &iam.Request{Method: r.Method, Path: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery, Host: r.Host,
		Header: headersOf(r, nil), Body: string(body)}
	if f := gw.CheckControlPlaneSignature(sr, time.Now()); f != nil {
		// AWS answers a refused signature 403 with its exception (MissingAuthenticationToken,
		// IncompleteSignature, InvalidSignature, UnrecognizedClient) and message.
		s.cpError(w, r, s.opts.Now(), http.StatusForbidden, f.ErrorType(), f.Message)
		return
	}
	if isV2Path(r.URL.Path) {
		s.serveControlPlaneV2(w, r, gw, body) // controlplane_v2.go
		return
	}
	start := s.opts.Now()
	route, flags, ok := s.cpMatch(w, r, start, cpRoutes, "API Gateway")
	if !ok {
		return
	}
	verb := route.verb
	if verb == "create-rest-api" && r.URL.Query().Get("mode") == "import" {
		verb = "import-rest-api" // ImportRestApi is POST /restapis?mode=import
	}
	if verb == "import-rest-api" || verb == "put-rest-api" || verb == "import-documentation-parts" {
		// the body is the OpenAPI document itself (botocore: a blob payload)
		flags["body"] = []string{string(body)}
		body = nil
	}
	option := func(k string) string {
		if route.verb == "put-integration" && k == "httpMethod" {
			return "integration-http-method" // botocore: integrationHttpMethod travels as httpMethod
		}
		return kebab(k)
	}
	if !s.cpBody(w, r, start, body, flags, option) {
		return
	}
	if route.verb == "put-method" && flags["api-key-required"] == nil {
		flags["no-api-key-required"] = nil
	}
	if route.verb == "get-export" {
		s.cpExport(w, r, start, gw, flags)
		return
	}
	out, err := gw.Run(verb, flags)
	if err != nil {
		s.cpFail(w, r, start, err)
		return
	}
	if wire := wireItems[route.verb]; wire != "" {
		out = renameItems(out, wire)
	}
	status := route.status
	if verb != route.verb {
		status = cpStatus[verb]
	}
	if status == 0 {
		status = http.StatusOK
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-amzn-RequestId", requestID())
	w.WriteHeader(status)
	if out != "" && status != http.StatusNoContent {
		_, _ = w.Write([]byte(out))
	} else if status != http.StatusNoContent && status != http.StatusAccepted {
		_, _ = w.Write([]byte("{}"))
	}
	s.logLine(r, start, status, "", 0, "", "(control plane: "+verb+")")
}

// cpMatch finds the operation a control-plane request names in routes, with the options its
// path parameters and query string give. It answers the NotFoundException itself and
// reports false.
func (s *Server) cpMatch(w http.ResponseWriter, r *http.Request, start time.Time, routes []cpRoute, service string) (*cpRoute, map[string][]string, bool) {
	return s.cpMatchOr(w, r, start, routes, service, s.cpError)
}

// cpFailer writes a control plane's error answer: API Gateway's (cpError) or Lambda's
// (lambdaError).
type cpFailer func(w http.ResponseWriter, r *http.Request, start time.Time, status int, typ, msg string)

// cpMatchOr is cpMatch answering an unknown operation with fail.
func (s *Server) cpMatchOr(w http.ResponseWriter, r *http.Request, start time.Time, routes []cpRoute, service string, fail cpFailer) (*cpRoute, map[string][]string, bool) {
	segs := strings.Split(strings.Trim(r.URL.EscapedPath(), "/"), "/")
	var route *cpRoute
	flags := map[string][]string{}
	pathMatched := false
	for i := range routes {
		rt := &routes[i]
		got, ok := matchRoute(rt.pattern, segs)
		if !ok {
			continue
		}
		pathMatched = true
		if rt.method == r.Method {
			route, flags = rt, got
			break
		}
	}
	if route == nil {
		msg := fmt.Sprintf("apigwlab does not answer %s %s of the %s control plane yet (docs/control-plane.md lists what it does)", r.Method, r.URL.Path, service)
		if pathMatched {
			msg = fmt.Sprintf("%s is not supported on %s", r.Method, r.URL.Path)
		}
		fail(w, r, start, http.StatusNotFound, "NotFoundException", msg)
		return nil, nil, false
	}
	for k, vs := range r.URL.Query() {
		flags[kebab(k)] = vs
	}
	return route, flags, true
}

// cpBody adds a JSON body's members to flags, each under option(member). It answers the
// SerializationException of a body that is not a JSON object and reports false.
func (s *Server) cpBody(w http.ResponseWriter, r *http.Request, start time.Time, body []byte, flags map[string][]string, option func(string) string) bool {
	return s.cpBodyOr(w, r, start, body, flags, option, s.cpError)
}

// cpBodyOr is cpBody answering a body that is not a JSON object with fail.
func (s *Server) cpBodyOr(w http.ResponseWriter, r *http.Request, start time.Time, body []byte, flags map[string][]string, option func(string) string, fail cpFailer) bool {
	if len(body) == 0 {
		return true
	}
	var obj map[string]any
	if err := json.Unmarshal(body, &obj); err != nil {
		fail(w, r, start, http.StatusBadRequest, "SerializationException", "the request body is not a JSON object: "+err.Error())
		return false
	}
	for k, v := range obj {
		flags[option(k)] = []string{flagValue(v)}
	}
	return true
}

// cpExport answers get-export: the document, with AWS's Content-Disposition.
func (s *Server) cpExport(w http.ResponseWriter, r *http.Request, start time.Time, gw *engine.Gateway, flags map[string][]string) {
	accept := r.Header.Get("Accept")
	if strings.Contains(accept, "yaml") {
		flags["accepts"] = []string{"application/yaml"}
	}
	res, err := gw.Export(flags)
	if err != nil {
		s.cpFail(w, r, start, err)
		return
	}
	body, ctype := res.JSON(), "application/json"
	if strings.Contains(accept, "yaml") {
		body, ctype = res.YAML(), "application/yaml"
	}
	name := res.Filename
	if ctype == "application/yaml" {
		name = strings.TrimSuffix(name, ".json") + ".yaml"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("x-amzn-RequestId", requestID())
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
	s.logLine(r, start, http.StatusOK, "", 0, "", "(control plane: get-export)")
}

// cpFail renders a verb's error in AWS's shape. Verbs write "NotFoundException: message";
// an error without a type is a BadRequestException.
func (s *Server) cpFail(w http.ResponseWriter, r *http.Request, start time.Time, err error) {
	msg := err.Error()
	var h interface{ AWSMessage() string }
	if errors.As(err, &h) {
		msg = h.AWSMessage() // AWS's text alone: the hint is for the palette
	}
	typ := "BadRequestException"
	if t, rest, ok := strings.Cut(msg, ": "); ok && strings.HasSuffix(t, "Exception") && !strings.Contains(t, " ") {
		typ, msg = t, rest
	}
	status := map[string]int{"NotFoundException": 404, "ConflictException": 409, "TooManyRequestsException": 429,
		"LimitExceededException": 429, "UnauthorizedException": 401, "ServiceUnavailableException": 503}[typ]
	var st interface{ AWSStatus() int }
	if errors.As(err, &st) {
		status = st.AWSStatus() // a type answered with another status (apigatewayv2's quotas: 429 ConflictException)
	}
	if status == 0 {
		status = http.StatusBadRequest
	}
	s.cpError(w, r, start, status, typ, msg)
}

func (s *Server) cpError(w http.ResponseWriter, r *http.Request, start time.Time, status int, typ, msg string) {
	b, _ := json.Marshal(map[string]string{"message": msg})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-amzn-ErrorType", typ)
	w.Header().Set("x-amzn-RequestId", requestID())
	w.WriteHeader(status)
	_, _ = w.Write(b)
	s.logLine(r, start, status, "", 0, "", "(control plane: "+typ+")")
}

func matchRoute(pattern, segs []string) (map[string][]string, bool) {
	if len(pattern) != len(segs) {
		return nil, false
	}
	got := map[string][]string{}
	for i, p := range pattern {
		if strings.HasPrefix(p, "{") {
			v, err := url.PathUnescape(segs[i])
			if err != nil {
				return nil, false
			}
			got[strings.Trim(p, "{}")] = []string{v}
			continue
		}
		if p != segs[i] {
			return nil, false
		}
	}
	return got, true
}

// kebab turns a JSON member name into the CLI option: stageName → stage-name.
func kebab(s string) string {
	var b strings.Builder
	for i, c := range s {
		if c >= 'A' && c <= 'Z' {
			if i > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(c - 'A' + 'a')
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// flagValue writes a JSON member as the option's text: strings as they are, numbers and
// booleans as written, objects and lists as JSON (the verbs read JSON for those).
func flagValue(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case nil:
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func requestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// servedStage says whether seg is a stage of an API the data plane would pick for a path
// (the served API, or any when serve answers every API), so /restapis is never taken from a
// stage of that name.
func servedStage(gw *engine.Gateway, api, seg string) bool {
	for _, a := range gw.APIs() {
		if api != "" && a.Name != api && a.ID != api {
			continue
		}
		for _, st := range a.Stages {
			if st == seg {
				return true
			}
		}
	}
	return false
}

// userRequest reads LocalStack's data-plane path /restapis/{apiId}/{stage}/_user_request_/{path}:
// the API's id and the execute-api path /{stage}/{path}.
func userRequest(path string) (api, rest string, ok bool) {
	p, ok := strings.CutPrefix(path, "/restapis/")
	if !ok {
		return "", "", false
	}
	id, p, _ := strings.Cut(p, "/")
	stage, tail, _ := strings.Cut(p, "/_user_request_")
	if stage == "" || strings.Contains(stage, "/") {
		return "", "", false
	}
	return id, "/" + stage + tail, true
}
