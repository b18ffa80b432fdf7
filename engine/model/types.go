// Package model holds the workspace types: REST APIs with their resources, methods,
// integrations, stages and deployments, simulated Lambda functions, usage plans and API keys.
// Field names and YAML keys are AWS's own (the API Gateway REST API reference), so what a
// learner writes here is what they would write in CloudFormation or the AWS CLI.
package model

import "time"

// Pos is where a value was written: file, line and column (1-based). Zero when unknown.
type Pos struct {
	File string
	Line int
	Col  int
}

// Workspace is one apigwlab workspace file: APIs and everything they call.
type Workspace struct {
	APIVersion string `yaml:"apiVersion"`
	// Region and AccountID appear in ARNs, $context and proxy events.
	// Defaults: us-east-1 and 123456789012.
	Region    string `yaml:"region"`
	AccountID string `yaml:"accountId"`
	// Account holds account-level settings (the account throttle).
	Account  Account    `yaml:"account"`
	RestAPIs []*RestAPI `yaml:"restApis"`
	// HTTPAPIs are API Gateway v2 HTTP APIs (v2.go).
	HTTPAPIs []*V2API `yaml:"httpApis"`
	// WebSocketAPIs are API Gateway v2 WebSocket APIs (v2.go, websocket.go).
	WebSocketAPIs []*V2API    `yaml:"websocketApis"`
	Functions     []*Function `yaml:"functions"`
	// Backends are simulated HTTP backends HTTP and HTTP_PROXY integrations call in
	// virtual time (backend.go).
	Backends   []*Backend   `yaml:"backends"`
	UsagePlans []*UsagePlan `yaml:"usagePlans"`
	APIKeys    []*APIKey    `yaml:"apiKeys"`
	// UserPools are simulated Cognito user pools for COGNITO_USER_POOLS authorizers.
	UserPools []*UserPool `yaml:"userPools"`
	// IAM holds simulated IAM users and roles for AWS_IAM methods (iam.go).
	IAM *IAM `yaml:"iam"`
	// VPCEndpoints are interface VPC endpoints requests to PRIVATE APIs may arrive through.
	VPCEndpoints []*VPCEndpoint `yaml:"vpcEndpoints"`
	// DomainNames are custom domain names with their base path and API mappings, VPCLinks
	// REST VPC links, ClientCertificates the stages' client certificates (domains.go).
	DomainNames        []*DomainName        `yaml:"domainNames"`
	VPCLinks           []*VPCLink           `yaml:"vpcLinks"`
	ClientCertificates []*ClientCertificate `yaml:"clientCertificates"`
	// Imports are SAM or CloudFormation templates whose APIs, functions, usage plans and
	// keys join the workspace (template.go).
	Imports []*TemplateImport `yaml:"import"`
	// ImportReport says what the imports translated, left out, and the traps to know.
	ImportReport []string `yaml:"-"`
	// Warnings are problems AWS accepts when the API is written but that fail its requests
	// (a mapping template that does not parse), with their positions; Load returns them
	// with the workspace and `apigwlab validate` prints them.
	Warnings Errors `yaml:"-"`
	Pos      Pos    `yaml:"-"`
	Source   string `yaml:"-"` // path the workspace was loaded from
}

// Account is the account-level configuration of one Region.
type Account struct {
	// Throttle is the account-level throttle; AWS default 10,000 rps steady, 5,000 burst.
	Throttle *ThrottleSettings `yaml:"throttle"`
}

// ThrottleSettings is AWS's ThrottleSettings: a token bucket of BurstLimit tokens refilled at RateLimit per second.
type ThrottleSettings struct {
	BurstLimit int     `yaml:"burstLimit"`
	RateLimit  float64 `yaml:"rateLimit"`
}

// RestAPI is a REST API (API Gateway v1).
type RestAPI struct {
	Name        string `yaml:"name"`
	ID          string `yaml:"id"` // 10 lowercase alphanumerics; derived from the name when empty
	Description string `yaml:"description"`
	// Version is the API's version label (info.version of an imported or exported OpenAPI
	// document).
	Version string `yaml:"version"`
	// APIKeySource is HEADER (x-api-key) or AUTHORIZER (usageIdentifierKey); default HEADER.
	APIKeySource     string   `yaml:"apiKeySource"`
	BinaryMediaTypes []string `yaml:"binaryMediaTypes"`
	// OpenAPI names an OpenAPI 3 / Swagger 2 file (relative to the workspace) whose paths and
	// x-amazon-apigateway-integration extensions supply Resources.
	OpenAPI string `yaml:"openapi"`
	// Resources maps a resource path to its methods, in file order.
	Resources        []*Resource                 `yaml:"resources"`
	Stages           []*Stage                    `yaml:"stages"`
	Deployments      []*Deployment               `yaml:"deployments"`
	GatewayResponses map[string]*GatewayResponse `yaml:"gatewayResponses"`
	// Models are JSON Schema (draft 4) models by name, for requestModels and validation.
	Models map[string]*Model `yaml:"models"`
	// RequestValidators are named validators a method picks with requestValidatorId.
	RequestValidators []*RequestValidator `yaml:"requestValidators"`
	// Authorizers are the API's Lambda authorizers; a method with authorizationType CUSTOM
	// names one in authorizerId (by name or id).
	Authorizers []*Authorizer `yaml:"authorizers"`
	// Policy is the API's resource policy: an IAM policy document (YAML mapping or JSON text).
	Policy any `yaml:"policy"`
	// EndpointConfiguration: REGIONAL, EDGE (default) or PRIVATE, with VPC endpoint ids.
	EndpointConfiguration *EndpointConfiguration `yaml:"endpointConfiguration"`
	// DisableExecuteAPIEndpoint: the default {id}.execute-api endpoint answers 403
	// Forbidden; only custom domain names reach the API.
	DisableExecuteAPIEndpoint bool `yaml:"disableExecuteApiEndpoint"`
	// MinimumCompressionSize (bytes, 0–10485760) turns on payload compression; nil: off.
	MinimumCompressionSize *int `yaml:"minimumCompressionSize"`
	// ResourceIDs keeps the id of a resource update-resource moved or renamed, by its current
	// path: AWS keeps a resource's id, while apigwlab derives the others from their paths.
	ResourceIDs map[string]string `yaml:"resourceIds"`
	// Tags are the API's tags (create-rest-api --tags, tag-resource).
	Tags map[string]string `yaml:"tags"`
	// DocumentationParts and DocumentationVersions are the API's documentation
	// (create-documentation-part, create-documentation-version).
	DocumentationParts    []*DocumentationPart    `yaml:"documentationParts"`
	DocumentationVersions []*DocumentationVersion `yaml:"documentationVersions"`
	// FirstDeployment is the id of the deployment the engine made when it loaded the API, which
	// the stages naming no deploymentId serve (set by the engine, not written in files).
	FirstDeployment string `yaml:"-"`
	Pos             Pos    `yaml:"-"`
}

// DocumentationPart documents one part of an API (AWS's DocumentationPart).
type DocumentationPart struct {
	ID       string                 `yaml:"id"`
	Location *DocumentationLocation `yaml:"location"`
	// Properties is the documentation, a JSON object as text ({"description": "…"}).
	Properties string `yaml:"properties"`
	Pos        Pos    `yaml:"-"`
}

// DocumentationLocation says what a documentation part documents.
type DocumentationLocation struct {
	Type       string `yaml:"type" json:"type"` // API, RESOURCE, METHOD, MODEL, …
	Path       string `yaml:"path" json:"path,omitempty"`
	Method     string `yaml:"method" json:"method,omitempty"`
	StatusCode string `yaml:"statusCode" json:"statusCode,omitempty"`
	Name       string `yaml:"name" json:"name,omitempty"`
	Pos        Pos    `yaml:"-" json:"-"`
}

// DocumentationVersion is a named snapshot of an API's documentation parts.
type DocumentationVersion struct {
	Version     string               `yaml:"version"`
	Description string               `yaml:"description"`
	Parts       []*DocumentationPart `yaml:"parts"`
	CreatedDate time.Time            `yaml:"-"`
	Pos         Pos                  `yaml:"-"`
}

// Model is an API model: a JSON Schema draft 4 document (AWS's Model resource).
type Model struct {
	ContentType string `yaml:"contentType"` // default application/json
	Description string `yaml:"description"`
	Schema      any    `yaml:"schema"` // the schema, written as YAML or JSON
	Pos         Pos    `yaml:"-"`
}

// RequestValidator says what API Gateway checks before the integration.
type RequestValidator struct {
	Name                      string `yaml:"name"`
	ID                        string `yaml:"id"`
	ValidateRequestBody       bool   `yaml:"validateRequestBody"`
	ValidateRequestParameters bool   `yaml:"validateRequestParameters"`
	Pos                       Pos    `yaml:"-"`
}

// UserPool is a simulated Cognito user pool: its users and app clients.
type UserPool struct {
	Name    string        `yaml:"name"`
	ID      string        `yaml:"id"` // REGION_xxxxxxxxx; derived from the name when empty
	Users   []*PoolUser   `yaml:"users"`
	Clients []*PoolClient `yaml:"clients"`
	Pos     Pos           `yaml:"-"`
}

// PoolUser is a user of a simulated user pool.
type PoolUser struct {
	Username   string            `yaml:"username"`
	Email      string            `yaml:"email"`
	Groups     []string          `yaml:"groups"`
	Attributes map[string]string `yaml:"attributes"`
	Pos        Pos               `yaml:"-"`
}

// PoolClient is an app client of a user pool and the OAuth scopes it may request.
type PoolClient struct {
	ClientID string   `yaml:"clientId"`
	Name     string   `yaml:"name"`
	Scopes   []string `yaml:"scopes"`
	Pos      Pos      `yaml:"-"`
}

// Authorizer is an API authorizer (AWS's Authorizer resource): a Lambda authorizer (TOKEN,
// REQUEST) or a Cognito user pool authorizer (COGNITO_USER_POOLS).
type Authorizer struct {
	Name string `yaml:"name"`
	ID   string `yaml:"id"`
	Type string `yaml:"type"` // TOKEN, REQUEST or COGNITO_USER_POOLS
	// ProviderARNs name the user pools of a COGNITO_USER_POOLS authorizer (pool names, ids or
	// arn:aws:cognito-idp:REGION:ACCOUNT:userpool/ID).
	ProviderARNs []string `yaml:"providerARNs"`
	// AuthorizerURI names the authorizer function as an integration uri does: function:NAME.
	AuthorizerURI                string `yaml:"authorizerUri"`
	IdentitySource               string `yaml:"identitySource"`
	IdentityValidationExpression string `yaml:"identityValidationExpression"`
	// AuthorizerResultTTLInSeconds: default 300, 0–3600, 0 turns the result cache off.
	AuthorizerResultTTLInSeconds *int `yaml:"authorizerResultTtlInSeconds"`
	Pos                          Pos  `yaml:"-"`
}

// Resource is one resource path and the methods declared on it.
// In YAML a resource is a mapping entry `/pets/{petId}: {GET: {...}, POST: {...}}`.
type Resource struct {
	Path    string
	Methods []*Method
	Pos     Pos
}

// Method is one HTTP method on a resource (AWS's Method plus its Integration).
type Method struct {
	HTTPMethod        string            `yaml:"-"`                 // GET, POST, … or ANY (the YAML key)
	AuthorizationType string            `yaml:"authorizationType"` // NONE (default), AWS_IAM, CUSTOM, COGNITO_USER_POOLS
	AuthorizerID      string            `yaml:"authorizerId"`
	APIKeyRequired    bool              `yaml:"apiKeyRequired"`
	OperationName     string            `yaml:"operationName"`
	RequestParameters map[string]bool   `yaml:"requestParameters"` // method.request.querystring.x: required
	RequestModels     map[string]string `yaml:"requestModels"`     // content type → model name
	// RequestValidatorID names one of the API's requestValidators (by name or id).
	RequestValidatorID string `yaml:"requestValidatorId"`
	// AuthorizationScopes: with a Cognito authorizer, an access token must carry one of them.
	AuthorizationScopes []string          `yaml:"authorizationScopes"`
	MethodResponses     []*MethodResponse `yaml:"methodResponses"`
	Integration         *Integration      `yaml:"integration"`
	Pos                 Pos               `yaml:"-"`
}

// MethodResponse declares a status the method can return and its headers.
type MethodResponse struct {
	StatusCode         string            `yaml:"statusCode"`
	ResponseParameters map[string]bool   `yaml:"responseParameters"`
	ResponseModels     map[string]string `yaml:"responseModels"`
	Pos                Pos               `yaml:"-"`
}

// Integration types, as AWS spells them.
const (
	IntegrationAWSProxy  = "AWS_PROXY"
	IntegrationAWS       = "AWS"
	IntegrationHTTPProxy = "HTTP_PROXY"
	IntegrationHTTP      = "HTTP"
	IntegrationMock      = "MOCK"
)

// Passthrough behaviours; WHEN_NO_MATCH is AWS's default.
const (
	PassthroughWhenNoMatch     = "WHEN_NO_MATCH"
	PassthroughWhenNoTemplates = "WHEN_NO_TEMPLATES"
	PassthroughNever           = "NEVER"
)

// DefaultIntegrationTimeout is AWS's default timeoutInMillis (range 50–29000).
const DefaultIntegrationTimeout = 29000

// Integration is the backend a method calls.
type Integration struct {
	Type string `yaml:"type"`
	// URI: for Lambda "function:NAME", "function:NAME:ALIAS" or the full
	// arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/arn:aws:lambda:…/invocations;
	// for HTTP an absolute URL. ${stageVariables.x} is substituted per request.
	URI                 string            `yaml:"uri"`
	HTTPMethod          string            `yaml:"httpMethod"`
	TimeoutInMillis     int               `yaml:"timeoutInMillis"` // 0 = default 29000
	RequestParameters   map[string]string `yaml:"requestParameters"`
	RequestTemplates    map[string]string `yaml:"requestTemplates"`
	PassthroughBehavior string            `yaml:"passthroughBehavior"`
	ContentHandling     string            `yaml:"contentHandling"`
	CacheKeyParameters  []string          `yaml:"cacheKeyParameters"`
	CacheNamespace      string            `yaml:"cacheNamespace"`
	// ConnectionType is INTERNET (default) or VPC_LINK; ConnectionID then names a vpcLinks
	// entry (by id or name) or ${stageVariables.NAME}.
	ConnectionType       string                 `yaml:"connectionType"`
	ConnectionID         string                 `yaml:"connectionId"`
	IntegrationResponses []*IntegrationResponse `yaml:"integrationResponses"`
	Pos                  Pos                    `yaml:"-"`
}

// Timeout is the integration timeout, AWS's default when unset.
func (i *Integration) Timeout() time.Duration {
	ms := i.TimeoutInMillis
	if ms == 0 {
		ms = DefaultIntegrationTimeout
	}
	return time.Duration(ms) * time.Millisecond
}

// IntegrationResponse maps a backend outcome (selectionPattern) to a method response.
type IntegrationResponse struct {
	StatusCode         string            `yaml:"statusCode"`
	SelectionPattern   string            `yaml:"selectionPattern"`
	ResponseParameters map[string]string `yaml:"responseParameters"`
	ResponseTemplates  map[string]string `yaml:"responseTemplates"`
	ContentHandling    string            `yaml:"contentHandling"`
	// SelectionPatternSet: PutIntegrationResponse was given a selectionPattern, even "",
	// which AWS then echoes (LS snapshot test_put_integration_response_templates).
	SelectionPatternSet bool `yaml:"-"`
	Pos                 Pos  `yaml:"-"`
}

// Stage is a named stage pointing at a deployment.
type Stage struct {
	StageName           string                    `yaml:"stageName"`
	DeploymentID        string                    `yaml:"deploymentId"` // empty: the API as written in the file
	Description         string                    `yaml:"description"`
	Variables           map[string]string         `yaml:"variables"`
	MethodSettings      map[string]*MethodSetting `yaml:"methodSettings"` // "*/*", "pets/GET", "~1pets~1{petId}/GET"
	CanarySettings      *CanarySettings           `yaml:"canarySettings"`
	CacheClusterEnabled bool                      `yaml:"cacheClusterEnabled"`
	CacheClusterSize    string                    `yaml:"cacheClusterSize"` // "0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"
	TracingEnabled      bool                      `yaml:"tracingEnabled"`
	// ClientCertificateID names a clientCertificates entry (recorded; no TLS is done).
	ClientCertificateID string `yaml:"clientCertificateId"`
	// AccessLogSettings turns on access logging: one line per request in Format.
	AccessLogSettings *AccessLogSettings `yaml:"accessLogSettings"`
	// Tags are the stage's tags (create-stage --tags, tag-resource).
	Tags map[string]string `yaml:"tags"`
	// DocumentationVersion is the documentation snapshot the stage names (recorded).
	DocumentationVersion string `yaml:"documentationVersion"`
	// CreatedDate and LastUpdatedDate: when the control plane made and last changed the
	// stage (zero for a stage as the file declares it).
	CreatedDate     time.Time `yaml:"-"`
	LastUpdatedDate time.Time `yaml:"-"`
	Pos             Pos       `yaml:"-"`
}

// AccessLogSettings is a stage's access logging: a line per request in Format, where
// $context variables are substituted, sent to DestinationArn (recorded; apigwlab keeps the
// lines in memory and shows them in traces, invoke --json and the TUI).
type AccessLogSettings struct {
	DestinationArn string `yaml:"destinationArn"`
	Format         string `yaml:"format"`
	Pos            Pos    `yaml:"-"`
}

// MethodSetting is AWS's MethodSetting for one "resourcePath/METHOD" key of a stage.
type MethodSetting struct {
	MetricsEnabled                         bool     `yaml:"metricsEnabled"`
	LoggingLevel                           string   `yaml:"loggingLevel"` // OFF, ERROR, INFO
	DataTraceEnabled                       bool     `yaml:"dataTraceEnabled"`
	ThrottlingBurstLimit                   *int     `yaml:"throttlingBurstLimit"`
	ThrottlingRateLimit                    *float64 `yaml:"throttlingRateLimit"`
	CachingEnabled                         *bool    `yaml:"cachingEnabled"`    // unset: the stage's "*/*" decides
	CacheTTLInSeconds                      *int     `yaml:"cacheTtlInSeconds"` // default 300, 0–3600
	CacheDataEncrypted                     bool     `yaml:"cacheDataEncrypted"`
	RequireAuthorizationForCacheControl    *bool    `yaml:"requireAuthorizationForCacheControl"`
	UnauthorizedCacheControlHeaderStrategy string   `yaml:"unauthorizedCacheControlHeaderStrategy"`
	Pos                                    Pos      `yaml:"-"`
}

// CanarySettings sends percentTraffic of a stage's requests to another deployment.
type CanarySettings struct {
	DeploymentID           string            `yaml:"deploymentId"`
	PercentTraffic         float64           `yaml:"percentTraffic"` // 0.0–100.0
	StageVariableOverrides map[string]string `yaml:"stageVariableOverrides"`
	UseStageCache          bool              `yaml:"useStageCache"`
	Pos                    Pos               `yaml:"-"`
}

// Deployment is a frozen snapshot of an API's resources. In a workspace file a deployment
// without its own resources freezes the API's resources as written; one with resources (or an
// openapi file) freezes those instead, so two stages can serve two versions of an API.
type Deployment struct {
	ID          string      `yaml:"id"`
	Description string      `yaml:"description"`
	Resources   []*Resource `yaml:"resources"`
	OpenAPI     string      `yaml:"openapi"`
	// Frozen says Resources is the snapshot this deployment serves, even when empty: the
	// engine freezes a copy of the API's resources when it deploys (at load and on
	// create-deployment), so later changes to the API reach a stage only by deploying again.
	Frozen bool `yaml:"-"`
	// CreatedDate is when the engine made the deployment (zero for one declared in a file).
	CreatedDate time.Time `yaml:"-"`
	// Defs are the API's authorizers, models, request validators and gateway responses as
	// they were when the engine deployed (nil until then): a stage serves these, not the
	// API's current ones, until create-deployment (AWS freezes them in the deployment too).
	Defs *Definitions `yaml:"-"`
	// V2 is the frozen definition of an HTTP API's deployment (routes, integrations,
	// authorizers, CORS); nil for a REST API's, whose snapshot is Resources and Defs.
	// In a workspace file it is written as definition: (routes, integrations, authorizers,
	// corsConfiguration, models).
	V2 *V2API `yaml:"definition"`
	// AutoDeployed marks a deployment an autoDeploy stage made on a change (apigatewayv2
	// Deployment.AutoDeployed).
	AutoDeployed bool `yaml:"autoDeployed"`
	Pos          Pos  `yaml:"-"`
}

// GatewayResponse customises one gateway response type (THROTTLED, DEFAULT_4XX, …).
type GatewayResponse struct {
	StatusCode         string            `yaml:"statusCode"`
	ResponseParameters map[string]string `yaml:"responseParameters"` // gatewayresponse.header.X: 'literal'
	ResponseTemplates  map[string]string `yaml:"responseTemplates"`
	Pos                Pos               `yaml:"-"`
}

// Function is a simulated Lambda function and how it behaves.
type Function struct {
	FunctionName string `yaml:"functionName"`
	Behavior     `yaml:",inline"`
	// Timeout is the function's own timeout. Unset: no Lambda-side timeout, so latency alone
	// decides (AWS's own default is 3 s; set timeout: 3s to see a Lambda timeout).
	Timeout Duration `yaml:"timeout"`
	// ColdStart is added to an invocation that needs a new execution environment.
	ColdStart Duration `yaml:"coldStart"`
	// ReservedConcurrency caps concurrent executions; unset = unreserved (account limit 1000),
	// 0 = every invocation is throttled, as in AWS.
	ReservedConcurrency *int `yaml:"reservedConcurrency"`
	// Cases are tried in order; the first whose When matches the event decides. The
	// function's own behaviour is the fallback.
	Cases []*Case `yaml:"cases"`
	// Versions are published versions ("1", "2", …) with their own behaviour; $LATEST is the function itself.
	Versions []*Version `yaml:"versions"`
	// Aliases map an alias name to a version, or to weighted versions
	// ({live: "3"} or {live: {"3": 0.9, "4": 0.1}}).
	Aliases map[string]*AliasTarget `yaml:"aliases"`
	// Code makes the function compute its answer instead of declaring it (docs/workspace.md,
	// "Functions that compute").
	Code `yaml:",inline"`
	// Permissions is the function's resource-based policy, as aws lambda add-permission
	// writes it. Absent: the grant the API Gateway console adds is assumed (API Gateway may
	// invoke the function from any API of the account). Present, even empty: only these
	// statements let API Gateway invoke it; otherwise AWS's 500 "Invalid permissions on
	// Lambda function".
	Permissions []*Permission `yaml:"permissions"`
	Pos         Pos           `yaml:"-"`
}

// Permission is one statement of a function's resource-based policy (AddPermission).
type Permission struct {
	StatementID string `yaml:"statementId"`
	// Action: lambda:InvokeFunction (default) or lambda:*.
	Action string `yaml:"action"`
	// Principal: apigateway.amazonaws.com for API Gateway.
	Principal string `yaml:"principal"`
	// SourceArn limits the callers, with * and ? wildcards (ArnLike): a method's
	// arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/METHOD/PATH, or an authorizer's
	// arn:aws:execute-api:REGION:ACCOUNT:API/authorizers/ID. Empty: any.
	SourceArn     string `yaml:"sourceArn"`
	SourceAccount string `yaml:"sourceAccount"`
	// Qualifier puts the statement on an alias or version's policy: an invocation of
	// function:NAME:live needs a statement with qualifier live.
	Qualifier string `yaml:"qualifier"`
	Pos       Pos    `yaml:"-"`
}

// Code is what a function runs when it is real code rather than declared outcomes.
type Code struct {
	// Runtime is Lambda's runtime name. nodejs* (nodejs20.x, …) with Handler or Source runs
	// JavaScript in-process; any runtime with Command (provided.al2023, python3.12, …)
	// runs that process against apigwlab's own Lambda Runtime API.
	Runtime string `yaml:"runtime"`
	// Handler is Lambda's handler setting: for JavaScript "file.export" (src/auth.handler
	// is the export handler of src/auth.js, .mjs or .cjs beside the workspace); for a
	// Command it is passed on as _HANDLER.
	Handler string `yaml:"handler"`
	// Source is inline JavaScript (the module text; its handler export is Handler's export
	// part, "handler" by default).
	Source string `yaml:"code"`
	// Command starts a Runtime API client: split on spaces, no shell; a relative program
	// path is resolved beside the workspace.
	Command string `yaml:"command"`
	// Environment holds the function's environment variables (process.env in JavaScript).
	Environment map[string]string `yaml:"environment"`
	// MemorySize is Lambda's memory setting in MB (default 128), the bound on how much a
	// JavaScript invocation may allocate.
	MemorySize int `yaml:"memorySize"`
}

// IsCode reports whether the function runs code (JavaScript or a command).
func (c *Code) IsCode() bool { return c.Source != "" || c.Handler != "" || c.Command != "" }

// Behavior is what a function (or a case or version of it) does when invoked.
type Behavior struct {
	// Returns is any JSON value the handler returns.
	Returns any `yaml:"returns"`
	// Error makes the handler raise {errorMessage, errorType}.
	Error *FunctionError `yaml:"error"`
	// Latency is the handler's duration: fixed ("20ms") or a distribution ({p50: 20ms, p99: 200ms}).
	Latency *Latency `yaml:"latency"`
	// Echo returns the event the function received (for a proxy integration: wrapped in a
	// 200 response whose body is the event).
	Echo bool `yaml:"echo"`
	// Pushes are @connections calls the handler makes while it runs, when a WebSocket route
	// invokes it (chat fan-out, notifications): each POSTs data to connections through the
	// API's management API, as the AWS SDK's postToConnection does. Other callers ignore them.
	Pushes []*Push `yaml:"pushes"`
}

// Push is one POST @connections/{id} a declared function makes (docs/workspace.md,
// "Functions that push").
type Push struct {
	// To names the receivers: self (the connection the event came from), others (every other
	// open connection of the stage), all (every open connection of the stage), a connection
	// id, or $.PATH read from the event ($.body.to reads the field "to" of a message's JSON
	// body).
	To string `yaml:"to"`
	// Data is the text sent, or $.PATH read from the event ($.body is the message as
	// received; a non-string value is sent as JSON).
	Data string `yaml:"data"`
	Pos  Pos    `yaml:"-"`
}

// FunctionError is an error raised by a handler, as Lambda reports it.
type FunctionError struct {
	ErrorMessage string `yaml:"errorMessage"`
	ErrorType    string `yaml:"errorType"` // default "Error"
	Pos          Pos    `yaml:"-"`
}

// Case is one rule of a function: when the event matches, behave so.
type Case struct {
	// When maps a field of the event (a top-level key such as authorizationToken, or a JSONPath
	// such as $.queryStringParameters.id) to the value it must equal (compared as text).
	When     map[string]string `yaml:"when"`
	Behavior `yaml:",inline"`
	Pos      Pos `yaml:"-"`
}

// Version is a published function version.
type Version struct {
	Version  string `yaml:"version"`
	Behavior `yaml:",inline"`
	// Handler and Source pin the code of a version of a code function (handler: auth_v1.handler);
	// unset, the version runs the function's code.
	Handler string `yaml:"handler"`
	Source  string `yaml:"code"`
	Pos     Pos    `yaml:"-"`
}

// AliasTarget is what an alias points at: one version, or versions with routing weights summing to 1.
type AliasTarget struct {
	Version string             // single target
	Weights map[string]float64 // weighted targets
	Pos     Pos
}

// Latency is a fixed duration or a log-normal distribution given by its p50 and p99.
type Latency struct {
	// Measured (latency: measured) makes a code function's simulated duration in replay the
	// time its code really took.
	Measured bool
	Fixed    time.Duration
	P50      time.Duration
	P99      time.Duration
	Pos      Pos
}

// Duration is a time.Duration written as "20ms", "1.5s", "2m" in YAML.
type Duration time.Duration

// UsagePlan is an API Gateway usage plan: throttle and quota for the API keys in it.
type UsagePlan struct {
	Name        string            `yaml:"name"`
	ID          string            `yaml:"id"`
	Description string            `yaml:"description"`
	Throttle    *ThrottleSettings `yaml:"throttle"`
	Quota       *QuotaSettings    `yaml:"quota"`
	APIStages   []*APIStage       `yaml:"apiStages"`
	Pos         Pos               `yaml:"-"`
}

// QuotaSettings is a usage plan quota: Limit requests per Period (DAY, WEEK, MONTH).
type QuotaSettings struct {
	Limit  int    `yaml:"limit"`
	Offset int    `yaml:"offset"`
	Period string `yaml:"period"`
	Pos    Pos    `yaml:"-"`
}

// APIStage attaches a usage plan to a stage of an API, with optional per-method throttles
// keyed as AWS writes them ("/pets/GET").
type APIStage struct {
	API      string                       `yaml:"api"` // API name or id
	Stage    string                       `yaml:"stage"`
	Throttle map[string]*ThrottleSettings `yaml:"throttle"`
	Pos      Pos                          `yaml:"-"`
}

// APIKey is an API key and the usage plans it belongs to.
type APIKey struct {
	Name       string   `yaml:"name"`
	ID         string   `yaml:"id"`
	Value      string   `yaml:"value"`   // at least 20 characters, as AWS requires
	Enabled    *bool    `yaml:"enabled"` // default true
	UsagePlans []string `yaml:"usagePlans"`
	Pos        Pos      `yaml:"-"`
}
