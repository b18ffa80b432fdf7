package model

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"apigwlab/engine/vtl"
)

// WebSocket APIs (`websocketApis:`) reuse the v2 types (V2API with protocolType WEBSOCKET).
// What differs from HTTP APIs is checked here. Facts and sources: aws-facts-v2.md §15–21,
// cited as "fact N"; summarised with links in docs/websocket.md and docs/fidelity.md.

// Predefined WebSocket route keys (fact 72).
const (
	ConnectRouteKey    = "$connect"
	DisconnectRouteKey = "$disconnect"
)

// DefaultRouteSelectionExpression is what a WebSocket API routes on when the file leaves it
// out: the expression AWS's console proposes and its examples use (fact 73).
const DefaultRouteSelectionExpression = "$request.body.action"

// DefaultWebSocketStage is the stage a WebSocket API without stages gets: the name the
// console's create-API wizard proposes. WebSocket APIs have no $default stage.
const DefaultWebSocketStage = "production"

// MaxWebSocketIntegrationTimeout is the WebSocket integration timeout limit and default,
// 29 s (fact 43 / D-q-ws: 50–29,000 ms).
const MaxWebSocketIntegrationTimeout = 29000

var (
	wsIntegrationTypes   = []string{IntegrationAWSProxy, IntegrationHTTPProxy, IntegrationMock, IntegrationAWS, IntegrationHTTP}
	wsAuthorizationTypes = []string{"NONE", "CUSTOM"}
	// route.request.header.X / route.request.querystring.X, plus stage variables and context
	// (fact 75: WebSocket identity sources are not $request.…).
	wsIdentitySourceRe = lazyRE(`^(route\.request\.(header|querystring)\.[^\s]+|stageVariables\.[A-Za-z0-9_]+|context\.[^\s]+)$`)
	// routeSelectionExpression: $request.body.PATH, ${request.body.PATH}, static text and \$.
	wsSelectionRe = lazyRE(`\$\{request\.body\.[A-Za-z0-9_.]+\}|\$request\.body\.[A-Za-z0-9_.]*[A-Za-z0-9_]`)
	// An integration response's templateSelectionExpression also reads the response.
	wsResponseSelectionRe = lazyRE(`\$\{?integration\.response\.(statuscode|(multivalue)?header\.[A-Za-z0-9_-]+)\}?`)
)

// WebSocket non-proxy integrations (MOCK, AWS, HTTP) and their fixed integration response
// selection expressions (developer guide, websocket-api-data-transformations: "For
// Lambda-based integrations, it is $integration.response.body.errorMessage. For HTTP and
// MOCK integrations, it is $integration.response.statuscode").
var wsResponseSelection = map[string]string{
	IntegrationMock: "$integration.response.statuscode",
	IntegrationHTTP: "$integration.response.statuscode",
	IntegrationAWS:  "$integration.response.body.errorMessage",
}

// NonProxy reports whether an integration maps with templates (MOCK, AWS, HTTP).
func (in *V2Integration) NonProxy() bool {
	_, ok := wsResponseSelection[in.IntegrationType]
	return ok
}

// CheckTemplateSelectionExpression returns what is wrong with a WebSocket template
// selection expression, or "": static text (\$default), ${request.body.PATH}, and for an
// integration response ${integration.response.statuscode} / .header.NAME.
func CheckTemplateSelectionExpression(expr string, response bool) string {
	rest := wsSelectionRe.ReplaceAllString(strings.ReplaceAll(expr, `\$`, ""), "")
	if response {
		rest = wsResponseSelectionRe.ReplaceAllString(rest, "")
	}
	if strings.Contains(rest, "$") {
		if response {
			return fmt.Sprintf("%q: write static text (\\$default), ${request.body.PATH}, ${integration.response.statuscode} or ${integration.response.header.NAME}", expr)
		}
		return fmt.Sprintf("%q: write static text (\\$default) or ${request.body.PATH}; write \\$ for a literal $", expr)
	}
	return ""
}

// defaultWebSocketAPIs fills what a WebSocket API leaves out: protocolType WEBSOCKET, an apiId
// derived from the name, $request.body.action, and a "production" stage.
func defaultWebSocketAPIs(apis []*V2API) {
	for _, a := range apis {
		if a == nil {
			continue
		}
		if a.ProtocolType == "" {
			a.ProtocolType = ProtocolWebSocket
		}
		if a.APIID == "" && a.Name != "" {
			a.APIID = deriveID("websocketapi", a.Name)
		}
		if a.RouteSelectionExpression == "" {
			a.RouteSelectionExpression = DefaultRouteSelectionExpression
		}
		if len(a.Stages) == 0 {
			a.Stages = []*V2Stage{{StageName: DefaultWebSocketStage, AutoDeploy: true, Pos: a.Pos}}
		}
	}
}

// CheckRouteSelectionExpression returns what is wrong with a WebSocket routeSelectionExpression, or "".
func CheckRouteSelectionExpression(expr string) string {
	if expr == "" {
		return ""
	}
	rest := wsSelectionRe.ReplaceAllString(strings.ReplaceAll(expr, `\$`, ""), "")
	if strings.Contains(rest, "$") {
		return fmt.Sprintf("%q: route selection reads the message with $request.body.PATH or ${request.body.PATH} (e.g. $request.body.action); write \\$ for a literal $", expr)
	}
	if rest == expr {
		return fmt.Sprintf("%q selects no part of the message: every message would go to the route %q; use $request.body.action or similar", expr, expr)
	}
	return ""
}

func (v *validator) websocketAPIs(restNames map[string]*RestAPI) {
	names := map[string]*V2API{}
	for _, a := range v.w.HTTPAPIs {
		if a != nil && a.Name != "" {
			names[a.Name] = a
		}
	}
	for i, api := range v.w.WebSocketAPIs {
		if api == nil {
			continue
		}
		base := fmt.Sprintf("websocketApis[%d]", i)
		switch {
		case api.Name == "":
			v.at(api, base, "name", "missing: every WebSocket API needs a name (--api and scenarios refer to it)")
		case restNames[api.Name] != nil:
			v.at(api, base, "name", fmt.Sprintf("%q is also a REST API's name (at %s): give each API its own name; --api picks APIs by name", api.Name, restNames[api.Name].Pos))
		case names[api.Name] != nil:
			v.at(api, base, "name", fmt.Sprintf("%q is already an API's name (at %s): give each API its own name; --api picks APIs by name", api.Name, names[api.Name].Pos))
		default:
			names[api.Name] = api
		}
		if api.APIID != "" && !awsIDRe.MatchString(api.APIID) {
			v.at(api, base, "apiId", fmt.Sprintf("%q is not an API id: use 10 lowercase letters and digits (e.g. a1b2c3d4e5), or leave apiId out to derive one from the name", api.APIID))
		}
		v.websocketAPI(api, base)
	}
}

func (v *validator) websocketAPI(api *V2API, base string) {
	if api.ProtocolType != ProtocolWebSocket {
		v.at(api, base, "protocolType", fmt.Sprintf("%q: websocketApis: holds WebSocket APIs (protocolType WEBSOCKET); put HTTP APIs in httpApis:", api.ProtocolType))
	}
	if msg := CheckRouteSelectionExpression(api.RouteSelectionExpression); msg != "" {
		v.at(api, base, "routeSelectionExpression", msg)
	}
	for _, f := range []struct {
		field string
		val   any
		msg   string
	}{
		{"gatewayResponses", api.GatewayResponses, "WebSocket APIs have no gateway responses to customise"},
		{"resources", api.Resources, "WebSocket APIs have routes, not resources: write routes: {$connect: …, sendMessage: …, $default: …}"},
		{"policy", api.Policy, "WebSocket APIs have no resource policies"},
		{"binaryMediaTypes", api.BinaryMediaTypes, "WebSocket APIs take text messages only here: binary frames close the connection with 1003"},
	} {
		if f.val != nil {
			v.at(api, base, f.field, f.msg)
		}
	}
	if api.CorsConfiguration != nil {
		v.at(api, base, "corsConfiguration", "WebSocket APIs have no CORS configuration (browsers do not apply CORS to WebSocket handshakes)")
	}
	for _, name := range slices.Sorted(maps.Keys(api.Models)) {
		if m := api.Models[name]; m == nil || m.Schema == nil {
			v.atKey(api, base, "models", name, "missing: a model needs its schema (JSON Schema draft 4), e.g. {type: object, required: [action]}")
		}
	}
	integNames, authz, authzNames := v.v2Parts(api, base, v.wsIntegration, v.wsAuthorizer, "$connect's authorizerId refers to it")
	keys := slices.Sorted(maps.Keys(api.Routes))
	if len(keys) > 300 {
		v.at(api, base, "routes", fmt.Sprintf("%d routes: WebSocket APIs allow at most 300", len(keys)))
	}
	for _, key := range keys {
		if strings.HasPrefix(key, "$") && key != ConnectRouteKey && key != DisconnectRouteKey && key != DefaultRouteKey {
			msg := fmt.Sprintf("route key %q: keys starting with $ are the predefined routes $connect, $disconnect and $default", key)
			if s := suggest(key, []string{ConnectRouteKey, DisconnectRouteKey, DefaultRouteKey}); s != "" {
				msg += " (did you mean " + s + "?)"
			}
			v.atKey(api, base, "routes", key, msg)
		} else if m, _, ok := ParseRouteKey(key); ok && m != "" && slices.Contains(v2Methods, m) {
			v.atKey(api, base, "routes", key, fmt.Sprintf("route key %q looks like an HTTP API route: WebSocket route keys are values of the route selection expression (e.g. sendMessage)", key))
		}
		r := api.Routes[key]
		if r == nil {
			continue
		}
		v.wsRoute(api, key, r, joinPath(base, "routes."+key), authz, authzNames, integNames)
	}
	v.v2Deployments(api, base)
	seen := map[string]bool{}
	for j, st := range api.Stages {
		if st == nil {
			continue
		}
		sbase := fmt.Sprintf("%s.stages[%d]", base, j)
		switch {
		case st.StageName == "":
			v.at(st, sbase, "stageName", "missing: name the stage (clients connect to ws://…/STAGE)")
		case !stageNameRe.MatchString(st.StageName) || len(st.StageName) > 128:
			v.at(st, sbase, "stageName", fmt.Sprintf("%q is not a valid WebSocket stage name: use letters, digits, - and _ (at most 128)", st.StageName))
		case seen[st.StageName]:
			v.at(st, sbase, "stageName", fmt.Sprintf("duplicate stage %q", st.StageName))
		default:
			seen[st.StageName] = true
		}
		v.stageVariables(st, sbase, "stageVariables", st.StageVariables)
		v.v2StageDeployment(api, st, sbase)
		if s := st.DefaultRouteSettings; s != nil {
			v.throttleSettings(s, sbase+".defaultRouteSettings")
		}
		for _, key := range slices.Sorted(maps.Keys(st.RouteSettings)) {
			if s := st.RouteSettings[key]; s != nil {
				v.throttleSettings(s, joinPath(sbase, "routeSettings."+key))
			}
			if !slices.Contains(keys, key) {
				msg := fmt.Sprintf("no route %q in this API: routes are %s", key, quoteList(keys))
				if s := suggest(key, keys); s != "" {
					msg += " (did you mean " + s + "?)"
				}
				v.atKey(st, sbase, "routeSettings", key, msg)
			}
		}
		if l := st.AccessLogSettings; l != nil && len(l.Format) > 3072 {
			v.at(l, sbase+".accessLogSettings", "format", fmt.Sprintf("the format has %d bytes: WebSocket APIs allow at most 3 KB", len(l.Format)))
		}
		for _, f := range []struct {
			field string
			val   any
		}{{"variables", st.Variables}, {"methodSettings", st.MethodSettings}, {"cacheClusterEnabled", st.CacheClusterEnabled},
			{"cacheClusterSize", st.CacheClusterSize}, {"canarySettings", st.CanarySettings}, {"tracingEnabled", st.TracingEnabled}} {
			if f.val != nil {
				v.at(st, sbase, f.field, "WebSocket API stages have no "+f.field+" (they have stageVariables, defaultRouteSettings, routeSettings and accessLogSettings)")
			}
		}
	}
}

func (v *validator) wsRoute(api *V2API, key string, r *Route, base string, authz map[string]*V2Authorizer, authzNames, integNames []string) {
	v.routeTarget(api, r, base, integNames, v.wsIntegration,
		"missing: a route needs an integration (integration: {integrationType: AWS_PROXY, integrationUri: function:NAME}) or target: integrations/NAME")
	if r.AuthorizationType == "AWS_IAM" {
		v.at(r, base, "authorizationType", "AWS_IAM on WebSocket APIs is not simulated yet: use CUSTOM with a Lambda REQUEST authorizer")
	} else {
		v.enum(r, base, "authorizationType", r.AuthorizationType, wsAuthorizationTypes, "a WebSocket authorization type")
	}
	if (r.AuthorizationType != "" && r.AuthorizationType != "NONE") && key != ConnectRouteKey {
		v.at(r, base, "authorizationType", "authorizers run on $connect only: move the authorizer to the $connect route (the connection is authorized once)")
	}
	if r.AuthorizationType == "CUSTOM" {
		v.routeAuthorizer(r, base, authz, authzNames)
	} else if r.AuthorizerID != "" {
		v.at(r, base, "authorizerId", "set authorizationType CUSTOM to use an authorizer (it is NONE)")
	}
	if len(r.AuthorizationScopes) > 0 {
		v.at(r, base, "authorizationScopes", "WebSocket APIs have no JWT authorizers, so no authorization scopes")
	}
	if r.APIKeyRequired != nil && *r.APIKeyRequired {
		v.at(r, base, "apiKeyRequired", "API keys on WebSocket APIs are not simulated yet")
	}
	if e := r.RouteResponseSelectionExpression; e != "" && e != DefaultRouteKey {
		v.at(r, base, "routeResponseSelectionExpression", fmt.Sprintf("%q: WebSocket routes accept only $default here (it makes the route two-way)", e))
	}
	if r.RouteResponseSelectionExpression != "" && (key == ConnectRouteKey || key == DisconnectRouteKey) {
		v.at(r, base, "routeResponseSelectionExpression", fmt.Sprintf("%s cannot answer on the connection: only message routes ($default and custom keys) are two-way", key))
	}
	if in := api.RouteIntegration(r); in != nil && in.NonProxy() && r.RouteResponseSelectionExpression != "" && len(in.IntegrationResponses) == 0 {
		v.at(r, base, "routeResponseSelectionExpression", fmt.Sprintf("a two-way route with a %s integration needs its integration responses: add integrationResponses: [{integrationResponseKey: $default, responseTemplates: {$default: …}}] to the integration", in.IntegrationType))
	}
	if r.RequestValidatorID != nil || r.MethodResponses != nil {
		v.at(r, base, "requestValidatorId", "WebSocket routes validate messages with requestModels and a modelSelectionExpression, not request validators or method responses")
	}
	models := slices.Sorted(maps.Keys(api.Models))
	for _, k := range slices.Sorted(maps.Keys(r.RequestModels)) {
		if name := r.RequestModels[k]; api.Models[name] == nil {
			v.atKey(r, base, "requestModels", k, fmt.Sprintf("no model %q in this API's models (%s)", name, quoteList(models)))
		}
	}
	if e := r.ModelSelectionExpression; e != "" && e != DefaultRouteKey && e != `\$default` {
		if msg := CheckTemplateSelectionExpression(e, false); msg != "" {
			v.at(r, base, "modelSelectionExpression", msg)
		}
	}
	for j, rr := range r.RouteResponses {
		if rr == nil {
			continue
		}
		rbase := fmt.Sprintf("%s.routeResponses[%d]", base, j)
		if rr.RouteResponseKey != DefaultRouteKey {
			v.at(rr, rbase, "routeResponseKey", fmt.Sprintf("%q: WebSocket route responses take the key $default only", rr.RouteResponseKey))
		}
		for _, k := range slices.Sorted(maps.Keys(rr.ResponseModels)) {
			if name := rr.ResponseModels[k]; api.Models[name] == nil {
				v.atKey(rr, rbase, "responseModels", k, fmt.Sprintf("no model %q in this API's models (%s)", name, quoteList(models)))
			}
		}
	}
}

func (v *validator) wsIntegration(in *V2Integration, base string) {
	switch in.IntegrationType {
	case "":
		v.at(in, base, "integrationType", "missing: use AWS_PROXY (a Lambda function), HTTP_PROXY (an HTTP URL), or MOCK, AWS, HTTP with mapping templates")
	default:
		v.enum(in, base, "integrationType", in.IntegrationType, wsIntegrationTypes, "a WebSocket integration type")
	}
	v.wsTemplates(in, base)
	if in.PayloadFormatVersion != "" && in.PayloadFormatVersion != PayloadFormat10 {
		v.at(in, base, "payloadFormatVersion", fmt.Sprintf("%q: WebSocket integrations support payload format 1.0 only (leave it out)", in.PayloadFormatVersion))
	}
	switch in.IntegrationType {
	case IntegrationAWSProxy, IntegrationAWS:
		v.lambdaURIAt(in, in.IntegrationType, in.IntegrationURI, base, "integrationUri")
	case IntegrationMock:
		if in.IntegrationURI != "" {
			v.at(in, base, "integrationUri", "a MOCK integration calls nothing: remove integrationUri")
		}
	case IntegrationHTTPProxy, IntegrationHTTP:
		if in.IntegrationURI == "" {
			v.at(in, base, "integrationUri", "missing: an HTTP_PROXY integration needs the backend URL, e.g. https://example.com/messages")
		} else if msg := checkHTTPURI(in.IntegrationURI); msg != "" {
			v.at(in, base, "integrationUri", msg)
		}
	}
	if in.TimeoutInMillis != 0 && (in.TimeoutInMillis < 50 || in.TimeoutInMillis > MaxWebSocketIntegrationTimeout) {
		v.at(in, base, "timeoutInMillis", fmt.Sprintf("%d is out of range: WebSocket APIs accept 50 to 29000 milliseconds (default 29000)", in.TimeoutInMillis))
	}
	if len(in.RequestParameters) > 0 || len(in.ResponseParameters) > 0 {
		v.at(in, base, "requestParameters", "parameter mapping on WebSocket integrations is not simulated yet")
	}
}

// wsTemplates checks a WebSocket integration's mapping templates and integration responses.
func (v *validator) wsTemplates(in *V2Integration, base string) {
	if !in.NonProxy() {
		for _, f := range []struct {
			field string
			set   bool
		}{{"requestTemplates", in.RequestTemplates != nil}, {"templateSelectionExpression", in.TemplateSelectionExpression != ""},
			{"passthroughBehavior", in.PassthroughBehavior != ""}, {"integrationResponses", in.IntegrationResponses != nil},
			{"integrationResponseSelectionExpression", in.IntegrationResponseSelectionExpression != ""}} {
			if f.set && in.IntegrationType != "" {
				v.at(in, base, f.field, fmt.Sprintf("%s passes the message and the result through unchanged: mapping templates and integration responses belong to MOCK, AWS and HTTP integrations", in.IntegrationType))
			}
		}
		return
	}
	if msg := CheckTemplateSelectionExpression(in.TemplateSelectionExpression, false); msg != "" {
		v.at(in, base, "templateSelectionExpression", msg)
	}
	v.vtlTemplates(in, base, "requestTemplates", in.RequestTemplates)
	if in.PassthroughBehavior != "" {
		v.enum(in, base, "passthroughBehavior", in.PassthroughBehavior, passthroughBehaviors, "a passthrough behavior")
	}
	if e := in.IntegrationResponseSelectionExpression; e != "" && e != wsResponseSelection[in.IntegrationType] {
		v.at(in, base, "integrationResponseSelectionExpression", fmt.Sprintf("%q: for %s integrations AWS fixes it to %s (leave it out)", e, in.IntegrationType, wsResponseSelection[in.IntegrationType]))
	}
	seen := map[string]bool{}
	for j, ir := range in.IntegrationResponses {
		if ir == nil {
			continue
		}
		irbase := fmt.Sprintf("%s.integrationResponses[%d]", base, j)
		k := ir.IntegrationResponseKey
		switch {
		case k == "":
			v.at(ir, irbase, "integrationResponseKey", "missing: $default (the catch-all) or /REGEX/ matched against the "+matchedBy(in.IntegrationType)+", e.g. /4\\d\\d/")
		case k == DefaultRouteKey:
		case len(k) >= 2 && strings.HasPrefix(k, "/") && strings.HasSuffix(k, "/"):
			if _, err := regexp.Compile(k[1 : len(k)-1]); err != nil {
				v.at(ir, irbase, "integrationResponseKey", fmt.Sprintf("%q is not a regular expression: %v", k, err))
			}
		default:
			v.at(ir, irbase, "integrationResponseKey", fmt.Sprintf("%q: write $default or a pattern between slashes, e.g. /%s/ (matched against the %s)", k, regexp.QuoteMeta(k), matchedBy(in.IntegrationType)))
		}
		if k != "" && seen[k] {
			v.at(ir, irbase, "integrationResponseKey", fmt.Sprintf("duplicate integration response %q", k))
		}
		seen[k] = true
		if msg := CheckTemplateSelectionExpression(ir.TemplateSelectionExpression, true); msg != "" {
			v.at(ir, irbase, "templateSelectionExpression", msg)
		}
		v.vtlTemplates(ir, irbase, "responseTemplates", ir.ResponseTemplates)
	}
}

// vtlTemplates reports mapping templates that do not parse (Velocity syntax), at their key.
func (v *validator) vtlTemplates(owner any, base, field string, ts map[string]string) {
	for _, k := range slices.Sorted(maps.Keys(ts)) {
		if _, err := vtl.Parse(k, ts[k]); err != nil {
			v.atKey(owner, base, field, k, "the template does not parse: "+err.Error())
		}
	}
}

func matchedBy(typ string) string {
	if typ == IntegrationAWS {
		return "Lambda error's errorMessage"
	}
	return "status code"
}

func (v *validator) wsAuthorizer(a *V2Authorizer, base string) {
	if a.AuthorizerType != AuthorizerRequest {
		v.at(a, base, "authorizerType", fmt.Sprintf("%q: WebSocket APIs have Lambda REQUEST authorizers only (authorizerType REQUEST)", a.AuthorizerType))
	}
	if a.AuthorizerPayloadFormatVersion != "" && a.AuthorizerPayloadFormatVersion != PayloadFormat10 {
		v.at(a, base, "authorizerPayloadFormatVersion", "WebSocket authorizers support payload format 1.0 only (leave it out)")
	}
	if a.EnableSimpleResponses {
		v.at(a, base, "enableSimpleResponses", "simple responses need payload format 2.0, which WebSocket authorizers do not support: return an IAM policy")
	}
	if a.AuthorizerURI == "" {
		v.at(a, base, "authorizerUri", "missing: name the authorizer's Lambda function (function:NAME)")
	} else {
		v.lambdaURIAt(a, IntegrationAWSProxy, a.AuthorizerURI, base, "authorizerUri")
	}
	for _, src := range a.IdentitySource {
		if !wsIdentitySourceRe.MatchString(src) {
			msg := fmt.Sprintf("%q is not a WebSocket identity source: write route.request.header.NAME or route.request.querystring.NAME", src)
			if h, ok := strings.CutPrefix(src, "$request."); ok {
				msg += " (did you mean route.request." + h + "?)"
			} else if h, ok := strings.CutPrefix(src, "method.request."); ok {
				msg += " (did you mean route.request." + h + "?)"
			}
			v.at(a, base, "identitySource", msg)
		}
	}
	if a.AuthorizerResultTTLInSeconds != 0 {
		v.at(a, base, "authorizerResultTtlInSeconds", "WebSocket authorizers authorize each connection once; result caching is not simulated (leave it out)")
	}
}
