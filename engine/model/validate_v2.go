package model

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"apigwlab/engine/cognito"
)

// Validation of `httpApis:` (v2.go). Limits and rules: aws-facts-v2.md (HTTP API quotas
// §13, routes §1.2, parameter mapping §11, JWT §6, Lambda authorizers §7, CORS §9).

var (
	// Route key methods (aws-facts-v2 fact 8).
	v2Methods = []string{"ANY", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"}
	// apigatewayv2 Route.authorizationType for HTTP APIs.
	v2AuthorizationTypes = []string{"NONE", "JWT", "CUSTOM", "AWS_IAM"}
	v2IntegrationTypes   = []string{IntegrationAWSProxy, IntegrationHTTPProxy}
	v2AuthorizerTypes    = []string{AuthorizerJWT, AuthorizerRequest}
	payloadVersions      = []string{PayloadFormat10, PayloadFormat20}
	// Parameter mapping keys (fact 64/65).
	v2RequestParamKeyRe  = lazyRE(`^((append|overwrite|remove):(header|querystring)\.[^\s.][^\s]*|overwrite:path)$`)
	v2ResponseParamKeyRe = lazyRE(`^((append|overwrite|remove):header\.[^\s.][^\s]*|overwrite:statuscode)$`)
	v2IdentitySourceRe   = lazyRE(`^\$(request\.header\.[^\s]+|request\.querystring\.[^\s]+|context\.[^\s]+|stageVariables\.[A-Za-z0-9_]+)$`)
	// Reserved headers parameter mapping may not touch (fact 66), lower-case.
	v2ReservedHeaders = []string{"authorization", "connection", "content-encoding", "content-length",
		"content-location", "forwarded", "keep-alive", "origin", "proxy-authenticate",
		"proxy-authorization", "te", "trailers", "transfer-encoding", "upgrade",
		"x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "via"}
)

// ReservedV2Header reports whether an HTTP API parameter mapping may not change header name
// (fact 66: access-control-*, apigw-*, x-amz-*, x-amzn-* and a fixed list).
func ReservedV2Header(name string) bool {
	n := strings.ToLower(name)
	return strings.HasPrefix(n, "access-control-") || strings.HasPrefix(n, "apigw-") ||
		strings.HasPrefix(n, "x-amz-") || strings.HasPrefix(n, "x-amzn-") || slices.Contains(v2ReservedHeaders, n)
}

// ParseRouteKey splits "GET /pets/{id}" into method and path; "$default" gives ("", "$default").
func ParseRouteKey(key string) (method, path string, ok bool) {
	if key == DefaultRouteKey {
		return "", key, true
	}
	m, p, found := strings.Cut(key, " ")
	if !found || m == "" || p == "" {
		return "", "", false
	}
	return m, p, true
}

// noREST is the message for a REST API feature an HTTP API lacks.
func noREST(what string) string {
	return "HTTP APIs have no " + what + "; use a REST API (restApis:) for it"
}

func (v *validator) httpAPIs(restNames map[string]*RestAPI) {
	names := map[string]*V2API{}
	ids := map[string]*V2API{}
	for i, api := range v.w.HTTPAPIs {
		if api == nil {
			continue
		}
		base := fmt.Sprintf("httpApis[%d]", i)
		switch {
		case api.Name == "":
			v.at(api, base, "name", "missing: every HTTP API needs a name (--api and scenarios refer to it)")
		case names[api.Name] != nil:
			v.at(api, base, "name", fmt.Sprintf("duplicate HTTP API name %q (first at %s)", api.Name, names[api.Name].Pos))
		case restNames[api.Name] != nil:
			v.at(api, base, "name", fmt.Sprintf("%q is also a REST API's name (at %s): give each API its own name; --api picks APIs by name", api.Name, restNames[api.Name].Pos))
		default:
			names[api.Name] = api
		}
		if api.APIID != "" {
			if !awsIDRe.MatchString(api.APIID) {
				v.at(api, base, "apiId", fmt.Sprintf("%q is not an API id: use 10 lowercase letters and digits (e.g. a1b2c3d4e5), or leave apiId out to derive one from the name", api.APIID))
			} else if first := ids[api.APIID]; first != nil {
				v.at(api, base, "apiId", fmt.Sprintf("duplicate API id %q (also used by %s)", api.APIID, first.Name))
			} else {
				ids[api.APIID] = api
			}
		}
		v.httpAPI(api, base)
	}
}

func (v *validator) httpAPI(api *V2API, base string) {
	switch api.ProtocolType {
	case "", ProtocolHTTP:
	case ProtocolWebSocket:
		v.at(api, base, "protocolType", "WEBSOCKET APIs are not simulated yet: httpApis: holds HTTP APIs (protocolType HTTP)")
	default:
		v.at(api, base, "protocolType", enumMsg(api.ProtocolType, []string{ProtocolHTTP}, "an HTTP API protocol type"))
	}
	if api.RouteSelectionExpression != "" && api.RouteSelectionExpression != "${request.method} ${request.path}" {
		v.at(api, base, "routeSelectionExpression", fmt.Sprintf("%q: HTTP APIs only accept ${request.method} ${request.path} (leave it out)", api.RouteSelectionExpression))
	}
	for _, f := range []struct {
		field string
		val   any
		msg   string
	}{
		{"apiKeySource", api.APIKeySource, noREST("API keys or usage plans")},
		{"binaryMediaTypes", api.BinaryMediaTypes, "HTTP APIs have no binaryMediaTypes: they base64-encode every body that is not text (isBase64Encoded) by themselves; use a REST API (restApis:) to choose binary media types"},
		{"gatewayResponses", api.GatewayResponses, noREST("custom gateway responses")},
		{"resources", api.Resources, "HTTP APIs have routes, not resources: write routes: {\"GET /pets\": {integration: …}}"},
		{"policy", api.Policy, noREST("resource policies")},
		{"requestValidators", api.RequestValidators, noREST("request validation")},
		{"endpointConfiguration", api.EndpointConfiguration, "HTTP APIs are Regional only (no edge-optimized or private endpoints); use a REST API (restApis:) for them"},
	} {
		if f.val != nil {
			v.at(api, base, f.field, f.msg)
		}
	}

	integNames, authz, authzNames := v.v2Parts(api, base, v.v2Integration, v.v2Authorizer, "routes' authorizerId refers to it")
	if len(api.Authorizers) > 10 {
		v.at(api, base, "authorizers", fmt.Sprintf("%d authorizers: HTTP APIs allow at most 10", len(api.Authorizers)))
	}

	keys := slices.Sorted(maps.Keys(api.Routes))
	if len(keys) > 300 {
		v.at(api, base, "routes", fmt.Sprintf("%d routes: HTTP APIs allow at most 300 (a quota AWS can raise)", len(keys)))
	}
	for _, key := range keys {
		r := api.Routes[key]
		rbase := joinPath(base, "routes."+key)
		if msg := checkRouteKey(key); msg != "" {
			v.atKey(api, base, "routes", key, msg)
		}
		if r == nil {
			continue
		}
		v.route(api, r, rbase, authz, authzNames, integNames)
	}
	if c := api.CorsConfiguration; c != nil {
		v.cors(c, base+".corsConfiguration")
	}

	stages := map[string]*V2Stage{}
	if len(api.Stages) > 10 {
		v.at(api, base, "stages", fmt.Sprintf("%d stages: HTTP APIs allow at most 10", len(api.Stages)))
	}
	for j, st := range api.Stages {
		if st == nil {
			continue
		}
		sbase := fmt.Sprintf("%s.stages[%d]", base, j)
		switch {
		case st.StageName == "":
			v.at(st, sbase, "stageName", "missing: name the stage ($default serves the API's base URL without a stage segment)")
		case st.StageName != DefaultStageName && (!stageNameRe.MatchString(st.StageName) || len(st.StageName) > 128):
			v.at(st, sbase, "stageName", fmt.Sprintf("%q is not a valid stage name: use letters, digits, - and _ (at most 128), or $default", st.StageName))
		case stages[st.StageName] != nil:
			v.at(st, sbase, "stageName", fmt.Sprintf("duplicate stage %q", st.StageName))
		default:
			stages[st.StageName] = st
		}
		v.v2Stage(api, st, sbase, keys)
		v.v2StageDeployment(api, st, sbase)
	}
	v.v2Deployments(api, base)
}

// v2StageDeployment checks a stage's deploymentId: one of the API's deployments:.
func (v *validator) v2StageDeployment(api *V2API, st *V2Stage, sbase string) {
	if id := st.DeploymentID; id != "" && api.Deployment(id) == nil {
		var ids []string
		for _, d := range api.Deployments {
			if d != nil {
				ids = append(ids, d.ID)
			}
		}
		v.at(st, sbase, "deploymentId", fmt.Sprintf("no deployment %q in this API's deployments (%s): leave deploymentId out to serve the API as written", id, quoteList(ids)))
	}
}

// v2Deployments checks the deployments a v2 API lists (serve --state writes those its
// stages serve): each has an id and its definition.
func (v *validator) v2Deployments(api *V2API, base string) {
	seen := map[string]bool{}
	for j, d := range api.Deployments {
		if d == nil {
			continue
		}
		dbase := fmt.Sprintf("%s.deployments[%d]", base, j)
		switch {
		case d.ID == "":
			v.at(d, dbase, "id", "missing: a deployment needs the id its stages name (deploymentId)")
		case seen[d.ID]:
			v.at(d, dbase, "id", fmt.Sprintf("duplicate deployment %q", d.ID))
		}
		seen[d.ID] = true
		if d.V2 == nil {
			v.at(d, dbase, "definition", "missing: the routes, integrations and authorizers the deployment froze (definition: {routes: …})")
		}
	}
}

// v2Parts checks a v2 API's named integrations and its authorizers with the protocol's checks
// (HTTP or WebSocket), refusing nameless and duplicate authorizers, and returns what routes
// refer to: the integration names, and the authorizers by name and by id. nameUse says what
// refers to an authorizer's name.
func (v *validator) v2Parts(api *V2API, base string, integ func(*V2Integration, string), authorizer func(*V2Authorizer, string), nameUse string) (integNames []string, authz map[string]*V2Authorizer, authzNames []string) {
	integNames = slices.Sorted(maps.Keys(api.Integrations))
	for _, name := range integNames {
		if in := api.Integrations[name]; in != nil {
			integ(in, joinPath(base, "integrations."+name))
		}
	}
	authz = map[string]*V2Authorizer{}
	for j, a := range api.Authorizers {
		if a == nil {
			continue
		}
		abase := fmt.Sprintf("%s.authorizers[%d]", base, j)
		if a.Name == "" {
			v.at(a, abase, "name", "missing: every authorizer needs a name ("+nameUse+")")
		} else if authz[a.Name] != nil {
			v.at(a, abase, "name", fmt.Sprintf("duplicate authorizer name %q", a.Name))
		} else {
			authz[a.Name] = a
			authzNames = append(authzNames, a.Name)
		}
		if a.AuthorizerID != "" {
			authz[a.AuthorizerID] = a
		}
		authorizer(a, abase)
	}
	return integNames, authz, authzNames
}

// CheckRouteKey returns what is wrong with an HTTP API route key, or "" (create-route
// answers with it, as validate does).
func CheckRouteKey(key string) string { return checkRouteKey(key) }

// checkRouteKey returns what is wrong with an HTTP API route key, or "".
func checkRouteKey(key string) string {
	method, path, ok := ParseRouteKey(key)
	if !ok {
		if strings.HasPrefix(key, "$") {
			return fmt.Sprintf("route key %q: HTTP APIs have one special route, $default ($connect and $disconnect are WebSocket routes)", key)
		}
		return fmt.Sprintf("route key %q: write METHOD /path (e.g. \"GET /pets/{id}\", \"ANY /{proxy+}\") or $default", key)
	}
	if path == DefaultRouteKey {
		return ""
	}
	if !slices.Contains(v2Methods, method) {
		return fmt.Sprintf("route key %q: %s", key, enumMsg(method, v2Methods, "a route method"))
	}
	if msg := checkPath(path); msg != "" {
		return "route key " + fmt.Sprintf("%q", key) + ": " + strings.ReplaceAll(msg, "root resource", "root route")
	}
	return ""
}

// routeAuthorizer checks a route's authorizerId (HTTP and WebSocket APIs) and returns the
// authorizer it names, or nil after reporting a missing or unknown one.
func (v *validator) routeAuthorizer(r *Route, base string, authz map[string]*V2Authorizer, authzNames []string) *V2Authorizer {
	a := authz[r.AuthorizerID]
	switch {
	case r.AuthorizerID == "":
		v.at(r, base, "authorizerId", fmt.Sprintf("missing: authorizationType %s needs authorizerId naming one of the API's authorizers (%s)", r.AuthorizationType, quoteList(authzNames)))
	case a == nil:
		msg := fmt.Sprintf("no authorizer named %q: the API's authorizers are %s", r.AuthorizerID, quoteList(authzNames))
		if s := suggest(r.AuthorizerID, authzNames); s != "" {
			msg += " (did you mean " + s + "?)"
		}
		v.at(r, base, "authorizerId", msg)
	}
	return a
}

func (v *validator) route(api *V2API, r *Route, base string, authz map[string]*V2Authorizer, authzNames, integNames []string) {
	v.routeTarget(api, r, base, integNames, v.v2Integration,
		"missing: a route needs an integration (integration: {integrationType: AWS_PROXY, integrationUri: function:NAME, payloadFormatVersion: \"2.0\"}) or target: integrations/NAME")
	if r.AuthorizationType == "COGNITO_USER_POOLS" {
		v.at(r, base, "authorizationType", "HTTP APIs have no COGNITO_USER_POOLS authorizers: use authorizationType JWT with a JWT authorizer whose issuer is the user pool")
	} else {
		v.enum(r, base, "authorizationType", r.AuthorizationType, v2AuthorizationTypes, "an HTTP API authorization type")
	}
	want := ""
	switch r.AuthorizationType {
	case "JWT":
		want = AuthorizerJWT
	case "CUSTOM":
		want = AuthorizerRequest
	}
	if want != "" {
		if a := v.routeAuthorizer(r, base, authz, authzNames); a != nil && a.AuthorizerType != want {
			v.at(r, base, "authorizerId", fmt.Sprintf("authorizer %q is a %s authorizer: authorizationType %s needs a %s one", r.AuthorizerID, a.AuthorizerType, r.AuthorizationType, want))
		}
	} else if r.AuthorizerID != "" {
		v.at(r, base, "authorizerId", "set authorizationType JWT or CUSTOM to use an authorizer (it is NONE)")
	}
	if len(r.AuthorizationScopes) > 0 && r.AuthorizationType != "JWT" {
		v.at(r, base, "authorizationScopes", "authorization scopes apply to JWT authorizers only: set authorizationType JWT")
	}
	if len(r.AuthorizationScopes) > 10 {
		v.at(r, base, "authorizationScopes", fmt.Sprintf("%d scopes: HTTP APIs allow at most 10 per route", len(r.AuthorizationScopes)))
	}
	if r.APIKeyRequired != nil {
		v.at(r, base, "apiKeyRequired", noREST("API keys or usage plans"))
	}
	if r.ModelSelectionExpression != "" || r.RouteResponses != nil {
		v.at(r, base, "routeResponses", "HTTP APIs have no route responses or model selection: they are WebSocket API features")
	}
	if r.RequestModels != nil || r.RequestValidatorID != nil {
		field := "requestModels"
		if r.RequestModels == nil {
			field = "requestValidatorId"
		}
		v.at(r, base, field, noREST("request validation or models"))
	}
	if r.MethodResponses != nil {
		v.at(r, base, "methodResponses", "HTTP APIs have no method responses: the integration's response is the route's (map it with responseParameters)")
	}
}

func (v *validator) v2Integration(in *V2Integration, base string) {
	switch in.IntegrationType {
	case "":
		v.at(in, base, "integrationType", "missing: use AWS_PROXY (a Lambda function) or HTTP_PROXY (an HTTP URL)")
	case IntegrationAWS, IntegrationHTTP:
		v.at(in, base, "integrationType", fmt.Sprintf("HTTP APIs have no %s (non-proxy) integrations, which need mapping templates (VTL): use %s_PROXY with parameter mapping, or a REST API (restApis:)", in.IntegrationType, in.IntegrationType))
	case IntegrationMock:
		v.at(in, base, "integrationType", noREST("MOCK integrations"))
	default:
		v.enum(in, base, "integrationType", in.IntegrationType, v2IntegrationTypes, "an HTTP API integration type")
	}
	switch in.IntegrationType {
	case IntegrationAWSProxy:
		if in.PayloadFormatVersion == "" {
			v.at(in, base, "payloadFormatVersion", "missing: a Lambda proxy integration of an HTTP API needs payloadFormatVersion \"2.0\" (the console's default) or \"1.0\" (the REST API event)")
		} else {
			v.enum(in, base, "payloadFormatVersion", in.PayloadFormatVersion, payloadVersions, "a payload format version")
		}
		v.lambdaURIAt(in, IntegrationAWSProxy, in.IntegrationURI, base, "integrationUri")
	case IntegrationHTTPProxy:
		if in.PayloadFormatVersion != "" && in.PayloadFormatVersion != PayloadFormat10 {
			v.at(in, base, "payloadFormatVersion", fmt.Sprintf("%q: HTTP_PROXY integrations only support payload format 1.0 (leave it out)", in.PayloadFormatVersion))
		}
		if in.IntegrationURI == "" {
			v.at(in, base, "integrationUri", "missing: an HTTP_PROXY integration needs the backend URL, e.g. https://example.com/{proxy}")
		} else if msg := checkHTTPURI(in.IntegrationURI); msg != "" {
			v.at(in, base, "integrationUri", msg)
		}
		if in.IntegrationMethod != "" && !slices.Contains(v2Methods, in.IntegrationMethod) {
			v.at(in, base, "integrationMethod", enumMsg(in.IntegrationMethod, v2Methods, "an HTTP method"))
		}
	}
	if in.TimeoutInMillis != 0 && (in.TimeoutInMillis < 50 || in.TimeoutInMillis > MaxV2IntegrationTimeout) {
		v.at(in, base, "timeoutInMillis", fmt.Sprintf("%d is out of range: HTTP APIs accept 50 to 30000 milliseconds (default 30000)", in.TimeoutInMillis))
	}
	for _, k := range slices.Sorted(maps.Keys(in.RequestParameters)) {
		if !v2RequestParamKeyRe.MatchString(k) {
			v.atKey(in, base, "requestParameters", k, fmt.Sprintf("%q is not a request parameter mapping: write overwrite:|append:|remove: then header.NAME or querystring.NAME, or overwrite:path", k))
			continue
		}
		if _, rest, _ := strings.Cut(k, ":"); strings.HasPrefix(rest, "header.") && ReservedV2Header(rest[len("header."):]) {
			v.atKey(in, base, "requestParameters", k, fmt.Sprintf("%q: header %s is reserved and cannot be mapped", k, rest[len("header."):]))
		}
	}
	for _, code := range slices.Sorted(maps.Keys(in.ResponseParameters)) {
		if !statusRe.MatchString(code) {
			v.atKey(in, base, "responseParameters", code, fmt.Sprintf("%q: responseParameters are keyed by the backend's status code, e.g. \"200\" or \"404\"", code))
		}
		for _, k := range slices.Sorted(maps.Keys(in.ResponseParameters[code])) {
			if !v2ResponseParamKeyRe.MatchString(k) {
				v.atKey(in, base, "responseParameters."+code, k, fmt.Sprintf("%q is not a response parameter mapping: write overwrite:|append:|remove: then header.NAME, or overwrite:statuscode", k))
			} else if _, rest, _ := strings.Cut(k, ":"); strings.HasPrefix(rest, "header.") && ReservedV2Header(rest[len("header."):]) {
				v.atKey(in, base, "responseParameters."+code, k, fmt.Sprintf("%q: header %s is reserved and cannot be mapped", k, rest[len("header."):]))
			}
		}
	}
	for _, f := range []struct {
		field string
		set   bool
	}{{"requestTemplates", in.RequestTemplates != nil}, {"integrationResponses", in.IntegrationResponses != nil},
		{"passthroughBehavior", in.PassthroughBehavior != ""}, {"templateSelectionExpression", in.TemplateSelectionExpression != ""},
		{"integrationResponseSelectionExpression", in.IntegrationResponseSelectionExpression != ""}} {
		if f.set {
			v.at(in, base, f.field, "HTTP APIs have no mapping templates (VTL) or integration responses: change requests with requestParameters and responses with responseParameters, or use a REST API (restApis:)")
		}
	}
	if in.CacheKeyParameters != nil {
		v.at(in, base, "cacheKeyParameters", noREST("cache"))
	}
	if in.ContentHandling != nil {
		v.at(in, base, "contentHandlingStrategy", "HTTP APIs have no contentHandling: non-text bodies reach Lambda base64-encoded (isBase64Encoded)")
	}
}

func (v *validator) v2Authorizer(a *V2Authorizer, base string) {
	switch a.AuthorizerType {
	case "":
		v.at(a, base, "authorizerType", "missing: use JWT (an OIDC/OAuth issuer such as a user pool) or REQUEST (a Lambda function)")
	case "TOKEN":
		v.at(a, base, "authorizerType", "HTTP APIs have no TOKEN authorizers: use REQUEST with identitySource [$request.header.Authorization]")
	case "COGNITO_USER_POOLS":
		v.at(a, base, "authorizerType", "HTTP APIs have no COGNITO_USER_POOLS authorizers: use JWT with jwtConfiguration.issuer set to the user pool")
	default:
		v.enum(a, base, "authorizerType", a.AuthorizerType, v2AuthorizerTypes, "an HTTP API authorizer type")
	}
	for j, s := range a.IdentitySource {
		if !v2IdentitySourceRe.MatchString(s) {
			v.at(a, base, fmt.Sprintf("identitySource[%d]", j), fmt.Sprintf("%q is not an identity source: write $request.header.NAME, $request.querystring.NAME, $context.NAME or $stageVariables.NAME", s))
		}
	}
	switch a.AuthorizerType {
	case AuthorizerJWT:
		if len(a.IdentitySource) > 1 {
			v.at(a, base, "identitySource", "a JWT authorizer reads one identity source (default $request.header.Authorization)")
		}
		j := a.JWTConfiguration
		if j == nil {
			v.at(a, base, "jwtConfiguration", "missing: a JWT authorizer needs jwtConfiguration: {issuer: …, audience: [CLIENT_ID]}")
			break
		}
		jbase := base + ".jwtConfiguration"
		pool := v.poolForIssuer(j.Issuer)
		switch {
		case j.Issuer == "":
			v.at(j, jbase, "issuer", "missing: the token issuer, e.g. https://cognito-idp.us-east-1.amazonaws.com/POOL_ID or a workspace user pool's name")
		case pool == nil:
			v.at(j, jbase, "issuer", fmt.Sprintf("%q is no workspace user pool: apigwlab verifies JWTs against the workspace's userPools (%s); write a pool's name or its issuer URL %s", j.Issuer, quoteList(v.poolNames()), v.issuerExample()))
		}
		if len(j.Audience) == 0 {
			v.at(j, jbase, "audience", "missing: list the accepted audiences (a user pool's app client ids)")
		} else if len(j.Audience) > 50 {
			v.at(j, jbase, "audience", fmt.Sprintf("%d audiences: AWS allows at most 50", len(j.Audience)))
		}
		if pool != nil {
			for k, aud := range j.Audience {
				if id, known := v.clientID(pool, aud); !known {
					msg := fmt.Sprintf("%q is not an app client id of user pool %s", aud, pool.Name)
					if id != "" {
						msg = fmt.Sprintf("%q is the name of an app client of user pool %s: write its client id %s", aud, pool.Name, id)
					}
					v.at(j, jbase, fmt.Sprintf("audience[%d]", k), msg)
				}
			}
		}
		if a.AuthorizerURI != "" {
			v.at(a, base, "authorizerUri", "a JWT authorizer calls no function: remove authorizerUri (or use authorizerType REQUEST)")
		}
	case AuthorizerRequest:
		if a.AuthorizerURI == "" {
			v.at(a, base, "authorizerUri", "missing: a REQUEST authorizer names its Lambda function, e.g. function:auth")
		} else {
			v.lambdaURIAt(a, IntegrationAWSProxy, a.AuthorizerURI, base, "authorizerUri")
		}
		if a.AuthorizerPayloadFormatVersion == "" {
			v.at(a, base, "authorizerPayloadFormatVersion", "missing: a Lambda authorizer of an HTTP API needs \"2.0\" or \"1.0\"")
		} else {
			v.enum(a, base, "authorizerPayloadFormatVersion", a.AuthorizerPayloadFormatVersion, payloadVersions, "a payload format version")
		}
		if a.EnableSimpleResponses && a.AuthorizerPayloadFormatVersion == PayloadFormat10 {
			v.at(a, base, "enableSimpleResponses", "simple responses need authorizerPayloadFormatVersion \"2.0\"")
		}
		if a.AuthorizerResultTTLInSeconds < 0 || a.AuthorizerResultTTLInSeconds > 3600 {
			v.at(a, base, "authorizerResultTtlInSeconds", fmt.Sprintf("%d is out of range: use 0 (no caching) to 3600 seconds", a.AuthorizerResultTTLInSeconds))
		} else if a.AuthorizerResultTTLInSeconds > 0 && len(a.IdentitySource) == 0 {
			v.at(a, base, "identitySource", "caching (authorizerResultTtlInSeconds > 0) needs at least one identity source: the cache key is their values")
		}
		if a.JWTConfiguration != nil {
			v.at(a, base, "jwtConfiguration", "a REQUEST authorizer has no jwtConfiguration (use authorizerType JWT)")
		}
	}
}

// poolForIssuer finds the workspace user pool an issuer names: its name, its id, or its
// issuer URL https://cognito-idp.REGION.amazonaws.com/POOL_ID.
func (v *validator) poolForIssuer(iss string) *UserPool {
	region := v.w.Region
	if region == "" {
		region = DefaultRegion
	}
	for _, p := range v.w.UserPools {
		if p == nil {
			continue
		}
		id := p.ID
		if id == "" {
			id = cognito.DerivePoolID(region, p.Name)
		}
		if iss == p.Name || iss == id || iss == "https://cognito-idp."+region+".amazonaws.com/"+id {
			return p
		}
	}
	return nil
}

func (v *validator) poolNames() []string {
	var out []string
	for _, p := range v.w.UserPools {
		if p != nil && p.Name != "" {
			out = append(out, p.Name)
		}
	}
	return out
}

func (v *validator) issuerExample() string {
	for _, p := range v.w.UserPools {
		if p != nil && p.Name != "" {
			id := p.ID
			if id == "" {
				region := v.w.Region
				if region == "" {
					region = DefaultRegion
				}
				id = cognito.DerivePoolID(region, p.Name)
				return "https://cognito-idp." + region + ".amazonaws.com/" + id
			}
		}
	}
	return "(add a user pool under userPools: first)"
}

// clientID resolves an audience against a pool's app clients: known reports it is a client
// id; otherwise id is the client id of a client so named, or "".
func (v *validator) clientID(p *UserPool, aud string) (id string, known bool) {
	region := v.w.Region
	if region == "" {
		region = DefaultRegion
	}
	poolID := p.ID
	if poolID == "" {
		poolID = cognito.DerivePoolID(region, p.Name)
	}
	for _, c := range p.Clients {
		if c == nil {
			continue
		}
		cid := c.ClientID
		if cid == "" {
			cid = cognito.DeriveClientID(poolID, c.Name)
		}
		if cid == aud {
			return cid, true
		}
		if c.Name == aud {
			id = cid
		}
	}
	return id, false
}

func (v *validator) cors(c *CorsConfiguration, base string) {
	if c.MaxAge != nil && (*c.MaxAge < -1 || *c.MaxAge > 86400) {
		v.at(c, base, "maxAge", fmt.Sprintf("%d is out of range: use -1 to 86400 seconds", *c.MaxAge))
	}
	for j, m := range c.AllowMethods {
		if m != "*" && !slices.Contains(v2Methods[1:], m) {
			v.at(c, base, fmt.Sprintf("allowMethods[%d]", j), enumMsg(m, append([]string{"*"}, v2Methods[1:]...), "an HTTP method"))
		}
	}
	if c.AllowCredentials && slices.Contains(c.AllowOrigins, "*") {
		v.at(c, base, "allowCredentials", "allowCredentials with allowOrigins \"*\": browsers refuse credentials for a wildcard origin; list the origins instead")
	}
}

func (v *validator) v2Stage(api *V2API, st *V2Stage, base string, routeKeys []string) {
	v.stageVariables(st, base, "stageVariables", st.StageVariables)
	if s := st.DefaultRouteSettings; s != nil {
		v.routeSettings(s, base+".defaultRouteSettings")
	}
	for _, key := range slices.Sorted(maps.Keys(st.RouteSettings)) {
		if !slices.Contains(routeKeys, key) {
			msg := fmt.Sprintf("no route %q in this API: routes are %s", key, quoteList(routeKeys))
			if s := suggest(key, routeKeys); s != "" {
				msg += " (did you mean " + s + "?)"
			}
			v.atKey(st, base, "routeSettings", key, msg)
		}
		if s := st.RouteSettings[key]; s != nil {
			v.routeSettings(s, joinPath(base, "routeSettings."+key))
		}
	}
	if l := st.AccessLogSettings; l != nil && len(l.Format) > 3072 {
		v.at(l, base+".accessLogSettings", "format", fmt.Sprintf("the format has %d bytes: HTTP APIs allow at most 3 KB", len(l.Format)))
	}
	for _, f := range []struct {
		field string
		val   any
		msg   string
	}{
		{"variables", st.Variables, "HTTP API stages call them stageVariables: rename variables to stageVariables"},
		{"methodSettings", st.MethodSettings, "HTTP API stages have defaultRouteSettings and routeSettings (keyed by route key) instead of methodSettings"},
		{"cacheClusterEnabled", st.CacheClusterEnabled, noREST("cache")},
		{"cacheClusterSize", st.CacheClusterSize, noREST("cache")},
		{"canarySettings", st.CanarySettings, noREST("canary releases")},
		{"tracingEnabled", st.TracingEnabled, noREST("X-Ray tracing")},
	} {
		if f.val != nil {
			v.at(st, base, f.field, f.msg)
		}
	}
}

func (v *validator) routeSettings(s *RouteSettings, base string) {
	v.throttleSettings(s, base)
	if s.LoggingLevel != "" || s.DataTraceEnabled {
		field := "loggingLevel"
		if s.LoggingLevel == "" {
			field = "dataTraceEnabled"
		}
		v.at(s, base, field, noREST("execution logs")+" (HTTP APIs have access logs: accessLogSettings)")
	}
}

// throttleSettings checks a v2 stage's throttling (HTTP and WebSocket APIs).
func (v *validator) throttleSettings(s *RouteSettings, base string) {
	if s.ThrottlingBurstLimit != nil && *s.ThrottlingBurstLimit < 0 {
		v.at(s, base, "throttlingBurstLimit", fmt.Sprintf("%d is negative: use 0 or more requests", *s.ThrottlingBurstLimit))
	}
	if s.ThrottlingRateLimit != nil && *s.ThrottlingRateLimit < 0 {
		v.at(s, base, "throttlingRateLimit", fmt.Sprintf("%g is negative: use 0 or more requests per second", *s.ThrottlingRateLimit))
	}
}

// isHTTPAPI reports whether ref names an HTTP API (by name or id).
func (v *validator) isHTTPAPI(ref string) bool {
	for _, a := range v.w.HTTPAPIs {
		if a != nil && (a.Name == ref || a.APIID == ref) {
			return true
		}
	}
	return false
}

// routeTarget checks a v2 route's integration: inline (checked by check) or target:
// integrations/NAME naming one of the API's integrations; missing is the message without either.
func (v *validator) routeTarget(api *V2API, r *Route, base string, integNames []string, check func(*V2Integration, string), missing string) {
	switch {
	case r.Integration != nil && r.Target != "":
		v.at(r, base, "target", "give either target: integrations/NAME or an inline integration:, not both")
	case r.Integration != nil:
		check(r.Integration, base+".integration")
	case r.Target == "":
		v.at(r, base, "integration", missing)
	default:
		name, ok := strings.CutPrefix(r.Target, "integrations/")
		switch {
		case !ok:
			v.at(r, base, "target", fmt.Sprintf("%q: write integrations/NAME, naming one of the API's integrations", r.Target))
		case api.Integrations[name] == nil:
			msg := fmt.Sprintf("no integration named %q: the API's integrations are %s", name, quoteList(integNames))
			if s := suggest(name, integNames); s != "" {
				msg += " (did you mean integrations/" + s + "?)"
			}
			v.at(r, base, "target", msg)
		}
	}
}
