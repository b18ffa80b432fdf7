package engine

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"apigwlab/engine/model"
	"apigwlab/engine/yamltree"
)

// OpenAPI import of HTTP APIs, as apigatewayv2's ImportApi and ReimportApi read a definition
// (OpenAPI 3.0, JSON or YAML): each path's operations become routes (x-amazon-apigateway-any-method
// an ANY route, the "$default" path with isDefaultRoute the $default route), their
// x-amazon-apigateway-integration the route's integration, the security schemes with
// x-amazon-apigateway-authorizer (jwt, request) or x-amazon-apigateway-authtype awsSigv4 the
// authorizers and AWS_IAM, x-amazon-apigateway-cors the CORS configuration. What HTTP APIs
// ignore (schemas, parameters, request bodies) is left out, as AWS does with an "info"
// warning (developer guide: "Use OpenAPI definitions for HTTP APIs"). An export of apigwlab
// or of AWS imports back to the same routes.

// importV2 reads an OpenAPI definition into an HTTP API's definition: name, description,
// routes, authorizers and CORS.
func importV2(body string) (*model.V2API, error) {
	if strings.TrimSpace(body) == "" {
		return nil, fmt.Errorf("BadRequestException: --body is required: the OpenAPI definition (file://api.yaml with the aws CLI)")
	}
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(body), &root); err != nil {
		return nil, fmt.Errorf("BadRequestException: the body is not an OpenAPI definition in JSON or YAML: %v", err)
	}
	if n, msg := yamltree.Over(&root, yamltree.Default); n != nil {
		return nil, fmt.Errorf("BadRequestException: the body is too large once expanded: %s (line %d)", msg, n.Line)
	}
	var doc map[string]any
	if err := root.Decode(&doc); err != nil {
		return nil, fmt.Errorf("BadRequestException: the body is not an OpenAPI object: %v", err)
	}
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.") {
		return nil, fmt.Errorf("BadRequestException: HTTP APIs import OpenAPI 3.0 definitions (openapi: 3.0.1); this one says openapi: %v", doc["openapi"])
	}
	a := &model.V2API{ProtocolType: model.ProtocolHTTP, Routes: map[string]*model.Route{}}
	info, _ := doc["info"].(map[string]any)
	a.Name, _ = info["title"].(string)
	a.Description, _ = info["description"].(string)
	if a.Name == "" {
		return nil, fmt.Errorf("BadRequestException: info.title is required: it names the API")
	}
	schemes := map[string]map[string]any{}
	if comps, ok := doc["components"].(map[string]any); ok {
		if ss, ok := comps["securitySchemes"].(map[string]any); ok {
			names := sortedKeys(ss)
			for _, name := range names {
				s, _ := ss[name].(map[string]any)
				schemes[name] = s
				if z := importAuthorizer(name, s); z != nil {
					a.Authorizers = append(a.Authorizers, z)
				}
			}
		}
	}
	paths, _ := doc["paths"].(map[string]any)
	for _, path := range sortedKeys(paths) {
		item, _ := paths[path].(map[string]any)
		for _, verb := range sortedKeys(item) {
			op, ok := item[verb].(map[string]any)
			if !ok {
				continue
			}
			method := strings.ToUpper(verb)
			if verb == "x-amazon-apigateway-any-method" {
				method = "ANY"
			} else if !slices.Contains([]string{"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH"}, method) {
				continue // parameters, summary, other extensions
			}
			key := method + " " + path
			if path == model.DefaultRouteKey || op["isDefaultRoute"] == true {
				key = model.DefaultRouteKey
			}
			if msg := model.CheckRouteKey(key); msg != "" {
				return nil, fmt.Errorf("BadRequestException: paths.%s.%s: %s", path, verb, msg)
			}
			r, err := importRoute(a, op, schemes)
			if err != nil {
				return nil, fmt.Errorf("BadRequestException: paths.%s.%s: %v", path, verb, err)
			}
			a.Routes[key] = r
		}
	}
	if c, ok := doc["x-amazon-apigateway-cors"].(map[string]any); ok {
		cors := &model.CorsConfiguration{AllowOrigins: strList(c["allowOrigins"]), AllowMethods: strList(c["allowMethods"]),
			AllowHeaders: strList(c["allowHeaders"]), ExposeHeaders: strList(c["exposeHeaders"])}
		cors.AllowCredentials, _ = c["allowCredentials"].(bool)
		if n, ok := intOf(c["maxAge"]); ok {
			cors.MaxAge = &n
		}
		a.CorsConfiguration = cors
	}
	return a, nil
}

func importAuthorizer(name string, s map[string]any) *model.V2Authorizer {
	az, ok := s["x-amazon-apigateway-authorizer"].(map[string]any)
	if !ok {
		return nil
	}
	z := &model.V2Authorizer{Name: name}
	if src, _ := az["identitySource"].(string); src != "" {
		for _, p := range strings.Split(src, ",") {
			z.IdentitySource = append(z.IdentitySource, strings.TrimSpace(p))
		}
	} else {
		z.IdentitySource = strList(az["identitySource"])
	}
	switch t, _ := az["type"].(string); strings.ToLower(t) {
	case "jwt":
		z.AuthorizerType = model.AuthorizerJWT
		if j, ok := az["jwtConfiguration"].(map[string]any); ok {
			z.JWTConfiguration = &model.JWTConfiguration{Audience: strList(j["audience"])}
			z.JWTConfiguration.Issuer, _ = j["issuer"].(string)
		}
	default:
		z.AuthorizerType = model.AuthorizerRequest
		z.AuthorizerURI, _ = az["authorizerUri"].(string)
		z.AuthorizerPayloadFormatVersion, _ = az["authorizerPayloadFormatVersion"].(string)
		z.EnableSimpleResponses, _ = az["enableSimpleResponses"].(bool)
		if n, ok := intOf(az["authorizerResultTtlInSeconds"]); ok {
			z.AuthorizerResultTTLInSeconds = n
		}
	}
	return z
}

func importRoute(a *model.V2API, op map[string]any, schemes map[string]map[string]any) (*model.Route, error) {
	r := &model.Route{AuthorizationType: "NONE"}
	r.OperationName, _ = op["operationId"].(string)
	if sec, ok := op["security"].([]any); ok && len(sec) > 0 {
		if req, ok := sec[0].(map[string]any); ok {
			for name, scopes := range req {
				s := schemes[name]
				if s == nil {
					return nil, fmt.Errorf("security names %q, which components.securitySchemes does not define", name)
				}
				if s["x-amazon-apigateway-authtype"] == "awsSigv4" {
					r.AuthorizationType = "AWS_IAM"
					break
				}
				z := v2Authorizer(a, name)
				if z == nil {
					return nil, fmt.Errorf("security scheme %q has no x-amazon-apigateway-authorizer", name)
				}
				r.AuthorizerID, r.AuthorizationScopes = z.Name, strList(scopes)
				r.AuthorizationType = "CUSTOM"
				if z.AuthorizerType == model.AuthorizerJWT {
					r.AuthorizationType = "JWT"
				}
			}
		}
	}
	x, ok := op["x-amazon-apigateway-integration"].(map[string]any)
	if !ok {
		return r, nil // a route without an integration (AWS imports it so too)
	}
	in := &model.V2Integration{}
	t, _ := x["type"].(string)
	in.IntegrationType = strings.ToUpper(t)
	in.IntegrationURI, _ = x["uri"].(string)
	in.PayloadFormatVersion, _ = x["payloadFormatVersion"].(string)
	if in.IntegrationType == model.IntegrationHTTPProxy {
		if m, _ := x["httpMethod"].(string); m != "ANY" {
			in.IntegrationMethod = m
		}
	}
	if n, ok := intOf(x["timeoutInMillis"]); ok {
		in.TimeoutInMillis = n
	}
	if rp, ok := x["requestParameters"].(map[string]any); ok {
		in.RequestParameters = strMap(rp)
	}
	if rp, ok := x["responseParameters"].(map[string]any); ok {
		in.ResponseParameters = map[string]map[string]string{}
		for code, m := range rp {
			mm, _ := m.(map[string]any)
			in.ResponseParameters[code] = strMap(mm)
		}
	}
	if err := checkV2Integration(in); err != nil {
		return nil, fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "BadRequestException: "))
	}
	r.Integration = in
	return r, nil
}

// v2ImportAPI is import-api --body: a new HTTP API of the definition (no stages, as on AWS).
func (g *Gateway) v2ImportAPI(f flagSet) (string, error) {
	a, err := importV2(f.get("body"))
	if err != nil {
		return "", err
	}
	if g.v2Model(a.Name) != nil || g.byKey[a.Name] != nil {
		return "", fmt.Errorf("ConflictException: an API named %s already exists (apigwlab refers to APIs by name: reimport-api --api-id %s replaces its definition)", a.Name, a.Name)
	}
	a.APIID = shortID(fmt.Sprintf("httpapi:%s:%d", a.Name, len(g.ws.HTTPAPIs)), 10)
	a.CreatedDate = g.clock.Now()
	return g.v2Add(a)
}

// v2ReimportAPI is reimport-api --api-id --body: the definition replaces the API's routes,
// integrations, authorizers and CORS (its name and description too); stages stay, and as
// with any change only autoDeploy stages serve it before create-deployment.
func (g *Gateway) v2ReimportAPI(f flagSet) (string, error) {
	a, api, err := g.v2API(f)
	if err != nil {
		return "", err
	}
	if err := v2HTTPOnly(a, "reimport-api"); err != nil {
		return "", err
	}
	in, err := importV2(f.get("body"))
	if err != nil {
		return "", err
	}
	if _, err := g.v2Edit(a, api, func() (any, error) {
		a.Routes, a.Integrations, a.Authorizers, a.CorsConfiguration = in.Routes, nil, in.Authorizers, in.CorsConfiguration
		prepareV2Definition(a)
		return nil, nil
	}); err != nil {
		return "", err
	}
	a.Description = in.Description
	return toJSON(g.v2APIJSON(a)), nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func strList(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func strMap(m map[string]any) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = fmt.Sprint(v)
	}
	return out
}

func intOf(v any) (int, bool) {
	switch x := v.(type) {
	case int:
		return x, true
	case float64:
		return int(x), true
	case string:
		n, err := strconv.Atoi(x)
		return n, err == nil
	}
	return 0, false
}
