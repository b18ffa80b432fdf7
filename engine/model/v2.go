package model

import (
	"strings"
	"time"
)

// API Gateway v2 (apigatewayv2) types: HTTP APIs (`httpApis:`) and, sharing the same route,
// integration, authorizer and stage types, WebSocket APIs (protocolType WEBSOCKET). Field
// names are the apigatewayv2 API's (as the AWS CLI prints them: `aws apigatewayv2 get-routes`),
// so a learner writes what CloudFormation and the CLI accept. What differs by protocol is
// checked by the validator (validate_v2.go), not by separate types.

// Protocol types of a v2 API.
const (
	ProtocolHTTP      = "HTTP"
	ProtocolWebSocket = "WEBSOCKET"
)

// DefaultRouteKey is the catch-all route of a v2 API and DefaultStageName the stage served
// from the API's base URL without a stage segment (aws-facts-v2 §1.1).
const (
	DefaultRouteKey  = "$default"
	DefaultStageName = "$default"
)

// Payload format versions of a v2 Lambda proxy integration or Lambda authorizer.
const (
	PayloadFormat10 = "1.0"
	PayloadFormat20 = "2.0"
)

// V2 integration and authorizer types (apigatewayv2 IntegrationType / AuthorizerType).
const (
	AuthorizerJWT     = "JWT"
	AuthorizerRequest = "REQUEST"
)

// MaxV2IntegrationTimeout is an HTTP API's integration timeout limit and default, 30 s
// (aws-facts-v2 fact 43: 50–30,000 ms, default 30 s).
const MaxV2IntegrationTimeout = 30000

// V2API is an apigatewayv2 API: an HTTP API in `httpApis:` (protocolType HTTP).
type V2API struct {
	Name string `yaml:"name"`
	// APIID is the API's id (10 lowercase alphanumerics); derived from the name when empty.
	APIID        string `yaml:"apiId"`
	ProtocolType string `yaml:"protocolType"` // HTTP (default in httpApis) or WEBSOCKET
	Description  string `yaml:"description"`
	// RouteSelectionExpression is WebSocket's ($request.body.action); HTTP APIs use
	// ${request.method} ${request.path}, AWS's only value for them.
	RouteSelectionExpression string `yaml:"routeSelectionExpression"`
	// APIKeySelectionExpression is where a WebSocket API's key is read:
	// $request.header.x-api-key (AWS's default) or $context.authorizer.usageIdentifierKey.
	APIKeySelectionExpression string `yaml:"apiKeySelectionExpression"`
	// DisableExecuteAPIEndpoint: the default endpoint answers 404 Not Found (fact 7).
	DisableExecuteAPIEndpoint bool `yaml:"disableExecuteApiEndpoint"`
	// Routes maps a route key ("GET /pets/{id}", "ANY /{proxy+}", "$default") to its route.
	Routes map[string]*Route `yaml:"routes"`
	// Integrations are named integrations routes refer to with target: integrations/NAME.
	Integrations map[string]*V2Integration `yaml:"integrations"`
	Authorizers  []*V2Authorizer           `yaml:"authorizers"`
	// Models are a WebSocket API's JSON Schema (draft 4) models by name: a route's
	// requestModels name them, its modelSelectionExpression picks one, and a message the
	// model refuses gets the "Bad request body" frame. HTTP APIs have none.
	Models map[string]*Model `yaml:"models"`
	// CorsConfiguration turns on HTTP API CORS: automatic preflight answers and CORS headers
	// on every response (fact 59).
	CorsConfiguration *CorsConfiguration `yaml:"corsConfiguration"`
	Stages            []*V2Stage         `yaml:"stages"`

	// Deployments are the API's deployments (the same type as a REST API's: a frozen copy
	// of the definition, in Deployment.V2), made by the engine — a stage's first one
	// at load, create-deployment, and autoDeploy stages on every change (snapshot_v2.go).
	// A workspace file (serve --state's) may list the ones its stages serve, each with its
	// definition: {id, description, definition: {routes, integrations, authorizers, …}}.
	Deployments []*Deployment `yaml:"deployments"`
	// FirstDeployment is the deployment made of the file as loaded, served by each stage
	// that names none.
	FirstDeployment string `yaml:"-"`
	// Deployed says the engine manages the API's deployments: from then on a stage serves
	// only its deployment (none: no routes).
	Deployed bool `yaml:"-"`
	// CreatedDate is when the engine deployed or create-api made the API.
	CreatedDate time.Time `yaml:"-"`

	// REST API features HTTP APIs do not have; decoded only so that validate can say so.
	APIKeySource          any `yaml:"apiKeySource"`
	BinaryMediaTypes      any `yaml:"binaryMediaTypes"`
	GatewayResponses      any `yaml:"gatewayResponses"`
	Resources             any `yaml:"resources"`
	Policy                any `yaml:"policy"`
	RequestValidators     any `yaml:"requestValidators"`
	EndpointConfiguration any `yaml:"endpointConfiguration"`

	Pos Pos `yaml:"-"`
}

// Route is one route of a v2 API (apigatewayv2 Route). Its integration is written inline
// (integration:) or named (target: integrations/NAME).
type Route struct {
	Target              string         `yaml:"target"`
	Integration         *V2Integration `yaml:"integration"`
	AuthorizationType   string         `yaml:"authorizationType"` // NONE (default), JWT, CUSTOM, AWS_IAM
	AuthorizerID        string         `yaml:"authorizerId"`      // an authorizer's name or id
	AuthorizationScopes []string       `yaml:"authorizationScopes"`
	// APIKeyRequired exists on WebSocket routes only (fact 76).
	APIKeyRequired *bool `yaml:"apiKeyRequired"`
	// RouteResponseSelectionExpression makes a WebSocket route two-way: "$default" (the only
	// value AWS accepts) sends the integration's result back on the connection (fact 89).
	RouteResponseSelectionExpression string `yaml:"routeResponseSelectionExpression"`
	// OperationName is recorded (it names the route in exports).
	OperationName string `yaml:"operationName"`
	// RouteID is the route's id in the apigatewayv2 API (get-routes); derived from the API
	// and route key when the engine first needs it.
	RouteID string `yaml:"-"`

	// RequestModels maps a model selection key ($default, or a value of
	// ModelSelectionExpression) to a model of the API (WebSocket APIs only).
	RequestModels            map[string]string `yaml:"requestModels"`
	ModelSelectionExpression string            `yaml:"modelSelectionExpression"`
	// RouteResponses of a WebSocket route (key $default): kept as records; the route is
	// two-way by RouteResponseSelectionExpression.
	RouteResponses []*V2RouteResponse `yaml:"routeResponses"`

	// REST-only features.
	RequestValidatorID any `yaml:"requestValidatorId"`
	MethodResponses    any `yaml:"methodResponses"`

	Pos Pos `yaml:"-"`
}

// V2RouteResponse is a WebSocket route's RouteResponse (apigatewayv2): its key ($default)
// and the models of its responses.
type V2RouteResponse struct {
	RouteResponseKey         string            `yaml:"routeResponseKey"`
	ModelSelectionExpression string            `yaml:"modelSelectionExpression"`
	ResponseModels           map[string]string `yaml:"responseModels"`
	Pos                      Pos               `yaml:"-"`
}

// V2Integration is an apigatewayv2 Integration.
type V2Integration struct {
	IntegrationType string `yaml:"integrationType"` // AWS_PROXY or HTTP_PROXY on HTTP APIs
	// IntegrationURI: a Lambda function (function:NAME[:QUALIFIER] or its ARN) for AWS_PROXY,
	// an absolute http(s) URL for HTTP_PROXY. ${stageVariables.x} is substituted.
	IntegrationURI    string `yaml:"integrationUri"`
	IntegrationMethod string `yaml:"integrationMethod"` // HTTP_PROXY; default: the request's method
	// PayloadFormatVersion is 1.0 or 2.0 for Lambda proxy integrations (required, as with the
	// CLI and CloudFormation; the console defaults to 2.0), 1.0 for everything else (fact 20).
	PayloadFormatVersion string `yaml:"payloadFormatVersion"`
	TimeoutInMillis      int    `yaml:"timeoutInMillis"` // 50–30000; 0 = 30000
	// RequestParameters: "overwrite:header.x" / "append:querystring.y" / "remove:header.z" /
	// "overwrite:path" → a value such as "$request.header.a", "$context.requestId", static text.
	RequestParameters map[string]string `yaml:"requestParameters"`
	// ResponseParameters: per backend status code ("200", "404"), keys
	// "overwrite:header.x", "append:header.x", "remove:header.x", "overwrite:statuscode".
	ResponseParameters map[string]map[string]string `yaml:"responseParameters"`

	// Mapping templates (VTL) of a WebSocket non-proxy integration (MOCK, AWS, HTTP); HTTP
	// APIs have none. TemplateSelectionExpression picks a requestTemplates key:
	// ${request.body.PATH} or static text ("\$default", the default); $default is the
	// catch-all. PassthroughBehavior: WHEN_NO_MATCH (default), WHEN_NO_TEMPLATES, NEVER.
	TemplateSelectionExpression string            `yaml:"templateSelectionExpression"`
	RequestTemplates            map[string]string `yaml:"requestTemplates"`
	PassthroughBehavior         string            `yaml:"passthroughBehavior"`
	// IntegrationResponseSelectionExpression is fixed by AWS per type
	// ($integration.response.statuscode for MOCK and HTTP,
	// $integration.response.body.errorMessage for AWS); accepted as written, checked.
	IntegrationResponseSelectionExpression string                   `yaml:"integrationResponseSelectionExpression"`
	IntegrationResponses                   []*V2IntegrationResponse `yaml:"integrationResponses"`

	// REST-only (caching).
	CacheKeyParameters any `yaml:"cacheKeyParameters"`
	ContentHandling    any `yaml:"contentHandlingStrategy"`

	Pos Pos `yaml:"-"`
}

// V2IntegrationResponse is a WebSocket non-proxy integration's response (apigatewayv2
// IntegrationResponse): the key $default or /REGEX/ (matched against the status code of MOCK
// and HTTP integrations, the errorMessage of a Lambda AWS integration), and the templates
// that make the frame sent back on a two-way route.
type V2IntegrationResponse struct {
	IntegrationResponseKey string `yaml:"integrationResponseKey"`
	// TemplateSelectionExpression picks a responseTemplates key: ${integration.response.statuscode},
	// ${integration.response.header.NAME}, ${request.body.PATH} or static text; $default is
	// the catch-all.
	TemplateSelectionExpression string            `yaml:"templateSelectionExpression"`
	ResponseTemplates           map[string]string `yaml:"responseTemplates"`
	Pos                         Pos               `yaml:"-"`
}

// V2Authorizer is an apigatewayv2 Authorizer: JWT (HTTP APIs) or a Lambda REQUEST authorizer.
type V2Authorizer struct {
	Name           string `yaml:"name"`
	AuthorizerID   string `yaml:"authorizerId"`
	AuthorizerType string `yaml:"authorizerType"` // JWT or REQUEST
	// IdentitySource: JWT default ["$request.header.Authorization"]; REQUEST sources are
	// $request.header.X, $request.querystring.X, $context.X, $stageVariables.X.
	IdentitySource   []string          `yaml:"identitySource"`
	JWTConfiguration *JWTConfiguration `yaml:"jwtConfiguration"`
	// AuthorizerURI names the Lambda function of a REQUEST authorizer (function:NAME or ARN).
	AuthorizerURI                  string `yaml:"authorizerUri"`
	AuthorizerPayloadFormatVersion string `yaml:"authorizerPayloadFormatVersion"` // 1.0 or 2.0
	EnableSimpleResponses          bool   `yaml:"enableSimpleResponses"`          // 2.0 only
	// AuthorizerResultTTLInSeconds: 0 (default for HTTP APIs) to 3600.
	AuthorizerResultTTLInSeconds int `yaml:"authorizerResultTtlInSeconds"`
	Pos                          Pos `yaml:"-"`
}

// JWTConfiguration is a JWT authorizer's issuer and audiences. Issuer is the token issuer
// URL; for a workspace user pool it is https://cognito-idp.REGION.amazonaws.com/POOL_ID
// (apigwlab also accepts the pool's name). Audience lists accepted aud / client_id values.
type JWTConfiguration struct {
	Issuer   string   `yaml:"issuer"`
	Audience []string `yaml:"audience"`
	Pos      Pos      `yaml:"-"`
}

// CorsConfiguration is an HTTP API's CORS configuration (apigatewayv2 Cors).
type CorsConfiguration struct {
	AllowOrigins     []string `yaml:"allowOrigins"`
	AllowMethods     []string `yaml:"allowMethods"`
	AllowHeaders     []string `yaml:"allowHeaders"`
	ExposeHeaders    []string `yaml:"exposeHeaders"`
	MaxAge           *int     `yaml:"maxAge"` // seconds, -1 to 86400
	AllowCredentials bool     `yaml:"allowCredentials"`
	Pos              Pos      `yaml:"-"`
}

// V2Stage is an apigatewayv2 Stage. "$default" is served from the base URL.
type V2Stage struct {
	StageName   string `yaml:"stageName"`
	Description string `yaml:"description"`
	// AutoDeploy releases every API change to the stage at once (fact 6).
	AutoDeploy           bool                      `yaml:"autoDeploy"`
	StageVariables       map[string]string         `yaml:"stageVariables"`
	DefaultRouteSettings *RouteSettings            `yaml:"defaultRouteSettings"`
	RouteSettings        map[string]*RouteSettings `yaml:"routeSettings"` // by route key
	AccessLogSettings    *AccessLogSettings        `yaml:"accessLogSettings"`
	// DeploymentID is the deployment the stage serves (one of the API's deployments:);
	// empty: the API as the file defines it.
	DeploymentID string `yaml:"deploymentId"`
	// CreatedDate and LastUpdatedDate are the engine's (get-stage).
	CreatedDate, LastUpdatedDate time.Time `yaml:"-"`

	// REST stage fields HTTP APIs do not have.
	Variables           any `yaml:"variables"`
	MethodSettings      any `yaml:"methodSettings"`
	CacheClusterEnabled any `yaml:"cacheClusterEnabled"`
	CacheClusterSize    any `yaml:"cacheClusterSize"`
	CanarySettings      any `yaml:"canarySettings"`
	TracingEnabled      any `yaml:"tracingEnabled"`

	Pos Pos `yaml:"-"`
}

// RouteSettings is apigatewayv2 RouteSettings: a stage's throttle for its routes.
type RouteSettings struct {
	ThrottlingBurstLimit   *int     `yaml:"throttlingBurstLimit"`
	ThrottlingRateLimit    *float64 `yaml:"throttlingRateLimit"`
	DetailedMetricsEnabled bool     `yaml:"detailedMetricsEnabled"`
	// LoggingLevel and DataTraceEnabled are WebSocket-only (HTTP APIs have no execution logs).
	LoggingLevel     string `yaml:"loggingLevel"`
	DataTraceEnabled bool   `yaml:"dataTraceEnabled"`
	Pos              Pos    `yaml:"-"`
}

// Stage returns the stage named name, or nil.
func (a *V2API) Stage(name string) *V2Stage {
	for _, s := range a.Stages {
		if s != nil && s.StageName == name {
			return s
		}
	}
	return nil
}

// RouteIntegration is the integration a route calls: inline, or the named one its target
// points at (integrations/NAME); nil when there is none.
func (a *V2API) RouteIntegration(r *Route) *V2Integration {
	if r.Integration != nil {
		return r.Integration
	}
	if name, ok := strings.CutPrefix(r.Target, "integrations/"); ok {
		return a.Integrations[name]
	}
	return nil
}

// defaultV2APIs fills what a v2 API leaves out: the protocol type, an apiId derived from the
// name, and — for an API without stages — a $default stage with autoDeploy, as the console's
// quick create makes one (aws-facts-v2 §1.1).
func defaultV2APIs(apis []*V2API, protocol string) {
	for _, a := range apis {
		if a == nil {
			continue
		}
		if a.ProtocolType == "" {
			a.ProtocolType = protocol
		}
		if a.APIID == "" && a.Name != "" {
			a.APIID = deriveID("httpapi", a.Name)
		}
		if len(a.Stages) == 0 {
			a.Stages = []*V2Stage{{StageName: DefaultStageName, AutoDeploy: true, Pos: a.Pos}}
		}
	}
}

// v2Summary describes v2 APIs for `apigwlab validate`: "shop: 3 routes, stage $default".
func v2Summary(apis []*V2API) string {
	var parts []string
	for _, a := range apis {
		if a == nil {
			continue
		}
		var stages []string
		for _, st := range a.Stages {
			if st != nil {
				stages = append(stages, st.StageName)
			}
		}
		sp := "stage "
		if len(stages) != 1 {
			sp = "stages "
		}
		parts = append(parts, a.Name+": "+plural(len(a.Routes), "route", "routes")+", "+sp+strings.Join(stages, ", "))
	}
	return strings.Join(parts, "; ")
}
