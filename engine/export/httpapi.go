package export

import (
	"fmt"
	"sort"
	"strings"

	"apigwlab/engine/model"
)

// HTTP APIs are exported as apigatewayv2's ExportApi writes them (OpenAPI 3.0.1 only). The
// shape follows exports of HTTP APIs made on AWS ("HelloWorldHttp" and "TodoApiHttp",
// recorded in a public repository and quoted in docs/fidelity.md):
//   - info.title the API's name, info.version the deployment's date as "2006-01-02 15:04:05UTC";
//   - servers[0].url https://{id}.execute-api.{region}.amazonaws.com/{basePath}, basePath ""
//     for the $default stage (the stage's name for another, unconfirmed);
//   - each route as an operation with responses.default.description "Default response for
//     GET /pets", no parameters; security naming the route's authorizer with its scopes;
//   - x-amazon-apigateway-integration {payloadFormatVersion, type (lower case), httpMethod,
//     uri (a Lambda function as its invocation ARN), connectionType INTERNET};
//   - a JWT authorizer as an oauth2 security scheme with flows {} and
//     x-amazon-apigateway-authorizer {identitySource, jwtConfiguration, type jwt};
//   - x-amazon-apigateway-cors, then x-amazon-apigateway-importexport-version "1.0".

// HTTPOptions say where an HTTP API lives and what to write.
type HTTPOptions struct {
	APIID, Region, AccountID string
	// Stage is the exported stage ("" or "$default": basePath "").
	Stage string
	// Version is info.version (AWS: when the API was deployed).
	Version string
	// Extensions writes the x-amazon-apigateway-* extensions (ExportApi's includeExtensions,
	// true by default on AWS).
	Extensions bool
}

// HTTPAPI exports an HTTP API's definition (a stage's deployment, or the current one).
func HTTPAPI(def *model.V2API, opt HTTPOptions) (*Result, error) {
	doc := omap{}
	doc.set("openapi", "3.0.1")
	info := omap{}
	info.set("title", def.Name)
	info.setNonEmpty("description", def.Description)
	info.set("version", opt.Version)
	doc.set("info", info)
	base := opt.Stage
	if base == model.DefaultStageName {
		base = ""
	}
	doc.set("servers", []any{omap{
		{"url", "https://" + opt.APIID + ".execute-api." + opt.Region + ".amazonaws.com/{basePath}"},
		{"variables", omap{{"basePath", omap{{"default", base}}}}},
	}})
	schemes := omap{}
	usedSchemes := map[string]bool{}
	paths := map[string]omap{}
	var order []string
	keys := make([]string, 0, len(def.Routes))
	for k, r := range def.Routes {
		if r != nil {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return routeLess(keys[i], keys[j]) })
	for _, k := range keys {
		r := def.Routes[k]
		method, path, _ := model.ParseRouteKey(k)
		verb := strings.ToLower(method)
		if method == "ANY" || k == model.DefaultRouteKey {
			verb = "x-amazon-apigateway-any-method"
		}
		if k == model.DefaultRouteKey {
			path = model.DefaultRouteKey
		}
		op := omap{}
		if k == model.DefaultRouteKey {
			op.set("isDefaultRoute", true)
		}
		op.set("responses", omap{{"default", omap{{"description", "Default response for " + k}}}})
		op.setNonEmpty("operationId", r.OperationName)
		if name, scheme := routeScheme(def, r, opt); name != "" {
			scopes := append([]string{}, r.AuthorizationScopes...)
			op.set("security", []any{omap{{name, scopes}}})
			if !usedSchemes[name] {
				usedSchemes[name] = true
				schemes.set(name, scheme)
			}
		}
		if in := def.RouteIntegration(r); in != nil && opt.Extensions {
			op.set("x-amazon-apigateway-integration", httpIntegration(in, opt))
		}
		if paths[path] == nil {
			order = append(order, path)
		}
		p := paths[path]
		p.set(verb, op)
		paths[path] = p
	}
	po := omap{}
	for _, p := range order {
		po.set(p, paths[p])
	}
	doc.set("paths", po)
	if len(schemes) > 0 {
		doc.set("components", omap{{"securitySchemes", schemes}})
	}
	if opt.Extensions {
		if c := def.CorsConfiguration; c != nil {
			co := omap{}
			co.setNonEmpty("allowMethods", c.AllowMethods)
			co.setNonEmpty("allowHeaders", c.AllowHeaders)
			co.setNonEmpty("exposeHeaders", c.ExposeHeaders)
			if c.MaxAge != nil {
				co.set("maxAge", *c.MaxAge)
			}
			co.set("allowCredentials", c.AllowCredentials)
			co.setNonEmpty("allowOrigins", c.AllowOrigins)
			doc.set("x-amazon-apigateway-cors", co)
		}
		doc.set("x-amazon-apigateway-importexport-version", "1.0")
	}
	name := def.Name
	if opt.Stage != "" {
		name += "-" + strings.TrimPrefix(opt.Stage, "$")
	}
	return &Result{Doc: doc, Filename: name + "-oas30.json"}, nil
}

// routeLess orders routes by path, then method, $default last.
func routeLess(a, b string) bool {
	if (a == model.DefaultRouteKey) != (b == model.DefaultRouteKey) {
		return b == model.DefaultRouteKey
	}
	ma, pa, _ := model.ParseRouteKey(a)
	mb, pb, _ := model.ParseRouteKey(b)
	if pa != pb {
		return pa < pb
	}
	return methodRank(ma) < methodRank(mb)
}

func methodRank(m string) int {
	for i, x := range []string{"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "ANY"} {
		if x == m {
			return i
		}
	}
	return 99
}

// routeScheme is the security scheme a route names: its authorizer (by name), or sigv4 for
// AWS_IAM; "" for none.
func routeScheme(def *model.V2API, r *model.Route, opt HTTPOptions) (string, omap) {
	switch r.AuthorizationType {
	case "AWS_IAM":
		return "sigv4", omap{{"type", "apiKey"}, {"name", "Authorization"}, {"in", "header"},
			{"x-amazon-apigateway-authtype", "awsSigv4"}}
	case "JWT", "CUSTOM":
	default:
		return "", nil
	}
	var z *model.V2Authorizer
	for _, a := range def.Authorizers {
		if a != nil && (a.Name == r.AuthorizerID || a.AuthorizerID != "" && a.AuthorizerID == r.AuthorizerID) {
			z = a
		}
	}
	if z == nil {
		return "", nil
	}
	az := omap{}
	src := z.IdentitySource
	if len(src) == 0 && z.AuthorizerType == model.AuthorizerJWT {
		src = []string{"$request.header.Authorization"}
	}
	az.setNonEmpty("identitySource", strings.Join(src, ","))
	var scheme omap
	if z.AuthorizerType == model.AuthorizerJWT {
		scheme = omap{{"type", "oauth2"}, {"flows", omap{}}}
		if j := z.JWTConfiguration; j != nil {
			jc := omap{}
			jc.setNonEmpty("audience", j.Audience)
			jc.setNonEmpty("issuer", j.Issuer)
			az.set("jwtConfiguration", jc)
		}
		az.set("type", "jwt")
	} else {
		// A Lambda authorizer: an apiKey scheme on its first header (unconfirmed shape, from
		// the x-amazon-apigateway-authorizer reference's HTTP API examples).
		header := "Authorization"
		for _, s := range src {
			if h, ok := strings.CutPrefix(s, "$request.header."); ok {
				header = h
				break
			}
		}
		scheme = omap{{"type", "apiKey"}, {"name", header}, {"in", "header"}}
		az.set("authorizerUri", lambdaInvocationURI(z.AuthorizerURI, opt.Region, opt.AccountID))
		az.setNonEmpty("authorizerPayloadFormatVersion", z.AuthorizerPayloadFormatVersion)
		az.set("authorizerResultTtlInSeconds", z.AuthorizerResultTTLInSeconds)
		az.set("type", "request")
		if z.EnableSimpleResponses {
			az.set("enableSimpleResponses", true)
		}
	}
	if opt.Extensions {
		scheme.set("x-amazon-apigateway-authorizer", az)
	}
	return z.Name, scheme
}

// httpIntegration is a route's x-amazon-apigateway-integration.
func httpIntegration(in *model.V2Integration, opt HTTPOptions) omap {
	o := omap{}
	pfv := in.PayloadFormatVersion
	if pfv == "" {
		pfv = model.PayloadFormat10
	}
	o.set("payloadFormatVersion", pfv)
	o.set("type", strings.ToLower(in.IntegrationType))
	method := in.IntegrationMethod
	if in.IntegrationType == model.IntegrationAWSProxy {
		method = "POST"
	} else if method == "" {
		method = "ANY"
	}
	o.set("httpMethod", method)
	uri := in.IntegrationURI
	if in.IntegrationType == model.IntegrationAWSProxy {
		uri = lambdaInvocationURI(uri, opt.Region, opt.AccountID)
	}
	o.set("uri", uri)
	o.set("connectionType", "INTERNET")
	if in.TimeoutInMillis != 0 && in.TimeoutInMillis != model.MaxV2IntegrationTimeout {
		o.set("timeoutInMillis", in.TimeoutInMillis)
	}
	if len(in.RequestParameters) > 0 {
		o.set("requestParameters", sortedMap(in.RequestParameters))
	}
	if len(in.ResponseParameters) > 0 {
		codes := make([]string, 0, len(in.ResponseParameters))
		for c := range in.ResponseParameters {
			codes = append(codes, c)
		}
		sort.Strings(codes)
		rp := omap{}
		for _, c := range codes {
			rp.set(c, sortedMap(in.ResponseParameters[c]))
		}
		o.set("responseParameters", rp)
	}
	return o
}

func sortedMap(m map[string]string) omap {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	o := omap{}
	for _, k := range keys {
		o.set(k, m[k])
	}
	return o
}

// lambdaInvocationURI writes a Lambda function as AWS stores an integration's or authorizer's
// uri: arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations.
// function:NAME needs region and account; a function ARN carries its own; any other uri is
// kept.
func lambdaInvocationURI(uri, region, account string) string {
	if strings.HasPrefix(uri, "arn:aws:apigateway:") {
		return uri
	}
	fnARN := uri
	if strings.HasPrefix(uri, "function:") {
		if region == "" {
			return uri
		}
		fnARN = fmt.Sprintf("arn:aws:lambda:%s:%s:%s", region, account, uri)
	}
	parts := strings.Split(fnARN, ":")
	if len(parts) < 7 || parts[2] != "lambda" {
		return uri
	}
	return fmt.Sprintf("arn:aws:apigateway:%s:lambda:path/2015-03-31/functions/%s/invocations", parts[3], fnARN)
}
