// Package httpapi is API Gateway's HTTP API (apigatewayv2, protocolType HTTP) pipeline:
// stage selection, route selection, CORS preflight, authorizer (JWT, Lambda REQUEST,
// AWS_IAM), throttling, parameter mapping, integration (Lambda proxy 1.0/2.0, HTTP_PROXY)
// and the response, in AWS's order, with a trace hop per stage. It shares the engine's lower
// packages (router, lambda, cognito, throttle, observe, wire) with the REST pipeline and knows
// nothing of it: engine.Gateway hosts both and dispatches by API.
//
// AWS's behaviour, with sources: /work/shared/reference/aws-facts-v2.md, cited as "fact N";
// summarised with links in docs/fidelity.md.
package httpapi

import (
	"fmt"
	"net/http"
	"sort"
	"sync"
	"time"

	"apigwlab/engine/clock"
	"apigwlab/engine/cognito"
	"apigwlab/engine/iam"
	"apigwlab/engine/integration"
	"apigwlab/engine/lambda"
	"apigwlab/engine/model"
	"apigwlab/engine/observe"
	"apigwlab/engine/reqid"
	"apigwlab/engine/router"
	"apigwlab/engine/throttle"
	"apigwlab/engine/wire"
)

// Env is what an HTTP API uses from the gateway that hosts it: shared with the workspace's
// other APIs (one Lambda service, one account throttle, one set of user pools).
type Env struct {
	Clock  clock.Clock
	Lambda *lambda.Service
	HTTP   *http.Client
	// Backends are the workspace's simulated HTTP backends (nil: every URL is real).
	Backends *integration.Backends
	Throttle *throttle.Throttler
	// Pools are the workspace's user pools by name and id; JWT authorizers verify tokens
	// with them (so `apigwlab token` tokens work).
	Pools           map[string]*cognito.UserPool
	Region, Account string
	Seed            uint64
	// MayInvoke reports whether a function's resource-based policy lets API Gateway invoke
	// it for the source's ARN (nil: always). Without a grant AWS answers 500 (§5).
	MayInvoke func(fn, qualifier string, src ArnSource) bool
	// IAM finds the workspace's principals by access key for AWS_IAM routes (nil: none).
	IAM *iam.Directory
	// Metrics, when set, receives one sample per request.
	Metrics *observe.Metrics
}

// ArnSource names the caller of a Lambda invocation for a permission check; the ARN is
// built only when a function's policy needs it (an interface, so the hot path allocates
// nothing: the call itself is the source).
type ArnSource interface{ SourceArn() string }

// Request is what a client sends to an HTTP API.
type Request struct {
	Method string
	// Path is the request path as sent (still percent-encoded), stage segment included for a
	// named stage: /dev/pets/7, or /pets/7 on the $default stage.
	Path     string
	RawQuery string
	Header   wire.Headers
	Body     string
	SourceIP string
	Trace    bool
	// Domain is the custom domain name the request came through ("" for the default
	// execute-api endpoint): the stage is then Stage and routes match RoutePath, the path
	// after the API mapping key, whatever disableExecuteApiEndpoint says; Path stays as the
	// client sent it (rawPath keeps the mapping key).
	Domain, Stage, RoutePath string
	// MappingKey is the API mapping that matched ("(none)" for the root), for the trace.
	MappingKey string
}

// Response is the HTTP API's answer and what the gateway knows about it.
type Response struct {
	Status int
	Header wire.Headers
	Body   string
	// Latency and IntegrationLatency are engine (virtual) time.
	Latency, IntegrationLatency time.Duration
	Integrated                  bool
	RequestID                   string
	Stage                       string
	// RouteKey is the route that matched ("GET /pets/{id}", "$default"); "" when none did.
	RouteKey string
	// Function and FunctionVersion name the Lambda function that ran.
	Function, FunctionVersion string
	// AuthorizerFunction/Version name the Lambda authorizer function when it ran.
	AuthorizerFunction, AuthorizerVersion string
	// Error names a gateway-generated answer ("NOT_FOUND", "THROTTLED", "UNAUTHORIZED", …);
	// "" when the integration answered. HTTP APIs have no gateway responses to customise:
	// the names are $context.error.responseType's.
	Error string
	// AccessLog is the stage's access-log line ("" without accessLogSettings).
	AccessLog string
	Trace     *observe.Trace
}

// API is one deployed HTTP API.
type API struct {
	Name, ID   string
	domainName string
	env        *Env
	stages     map[string]*stage
	stageNames []string
	ids        *reqid.Gen // request ids: 15 characters of [A-Za-z0-9_-] and "=" (fact 18)
	disabled   bool       // disableExecuteApiEndpoint
	respCache  sync.Map
}

// stage is one stage of an HTTP API with the routes, authorizers and CORS of the deployment
// it serves (autoDeploy stages get a new deployment on every change, others keep their last
// one until create-deployment; the engine makes the deployments).
type stage struct {
	name       string
	cors       *cors
	autoDeploy bool
	vars       map[string]string
	routes     *router.Tree[*route]
	defRoute   *route
	limits     throttle.MethodLimits
	accessLog  string
	routeKeys  []string
}

// route is one compiled route.
type route struct {
	key, method, path string
	integ             *integ
	authType          string
	authz             *authorizer
	scopes            []string
}

// Compile deploys one HTTP API. The API should have passed model validation; Compile still
// reports anything it cannot deploy.
func Compile(a *model.V2API, env *Env) (*API, error) {
	if a == nil {
		return nil, fmt.Errorf("no API")
	}
	api := &API{
		Name:       a.Name,
		ID:         a.APIID,
		domainName: a.APIID + ".execute-api." + env.Region + ".amazonaws.com",
		env:        env,
		stages:     map[string]*stage{},
		ids:        reqid.New(env.Seed^reqid.Hash(a.APIID), idStream),
		disabled:   a.DisableExecuteAPIEndpoint,
	}
	if err := api.compileStages(a); err != nil {
		return nil, err
	}
	return api, nil
}

// Redeploy recompiles the API's stages from the model after a control-plane change (a new
// deployment, a stage's settings, a stage created or deleted), keeping what the API carries
// across deployments: its request-id stream and parsed-response cache. The caller holds the
// gateway's write lock, so no request sees a half-built API.
func (api *API) Redeploy(a *model.V2API) error {
	if err := api.compileStages(a); err != nil {
		return err
	}
	api.disabled = a.DisableExecuteAPIEndpoint
	return nil
}

// compileStages builds each stage from the definition it serves: its deployment's frozen
// copy (model.V2API.StageDefinition), so a change to the API reaches a stage only through a
// deployment, as on AWS.
func (api *API) compileStages(a *model.V2API) error {
	stages := map[string]*stage{}
	var names []string
	for _, ms := range a.Stages {
		if ms == nil {
			continue
		}
		def := a.StageDefinition(ms)
		if def == nil {
			def = &model.V2API{} // a stage without a deployment: every request is 404
		}
		st, err := compileStage(def, ms, api.env)
		if err != nil {
			return err
		}
		stages[st.name] = st
		names = append(names, st.name)
	}
	sort.Strings(names)
	api.stages, api.stageNames = stages, names
	return nil
}

func compileStage(def *model.V2API, ms *model.V2Stage, env *Env) (*stage, error) {
	st := &stage{name: ms.StageName, autoDeploy: ms.AutoDeploy, vars: ms.StageVariables, routes: router.New[*route]()}
	if def.CorsConfiguration != nil {
		st.cors = compileCORS(def.CorsConfiguration)
	}
	authz := map[string]*authorizer{}
	for _, ma := range def.Authorizers {
		if ma == nil {
			continue
		}
		z, err := compileAuthorizer(ma, env)
		if err != nil {
			return nil, fmt.Errorf("authorizer %s: %w", ma.Name, err)
		}
		authz[ma.Name] = z
		if ma.AuthorizerID != "" {
			authz[ma.AuthorizerID] = z
		}
	}
	if l := ms.AccessLogSettings; l != nil {
		st.accessLog = l.Format
	}
	st.limits = throttle.V2StageLimits(ms)
	keys := make([]string, 0, len(def.Routes))
	for k := range def.Routes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	st.routeKeys = keys
	for _, k := range keys {
		mr := def.Routes[k]
		if mr == nil {
			continue
		}
		r, err := compileRoute(def, k, mr, authz, env)
		if err != nil {
			return nil, err
		}
		if k == model.DefaultRouteKey {
			st.defRoute = r
			continue
		}
		if err := st.routes.Add(r.path, r.method, r); err != nil {
			return nil, fmt.Errorf("route %q: %w", k, err)
		}
	}
	return st, nil
}

func compileRoute(a *model.V2API, key string, mr *model.Route, authz map[string]*authorizer, env *Env) (*route, error) {
	method, path, ok := model.ParseRouteKey(key)
	if !ok {
		return nil, fmt.Errorf("route key %q: write METHOD /path or $default", key)
	}
	r := &route{key: key, method: method, path: path, authType: mr.AuthorizationType, scopes: mr.AuthorizationScopes}
	if r.authType == "" {
		r.authType = "NONE"
	}
	if mr.AuthorizerID != "" && (r.authType == "JWT" || r.authType == "CUSTOM") {
		r.authz = authz[mr.AuthorizerID]
		if r.authz == nil {
			return nil, fmt.Errorf("route %q: no authorizer %q", key, mr.AuthorizerID)
		}
	}
	mi := a.RouteIntegration(mr)
	if mi == nil {
		// A route made by create-route without --target (or whose integration was deleted):
		// it is deployed, and answers 404 until it gets one (the validator refuses this in a
		// workspace file).
		return r, nil
	}
	in, err := compileInteg(mi, env)
	if err != nil {
		return nil, fmt.Errorf("route %q: %w", key, err)
	}
	r.integ = in
	return r, nil
}

// Stages lists the API's stage names, sorted.
func (a *API) Stages() []string { return a.stageNames }

// DomainName is the API's default endpoint host: {apiId}.execute-api.{region}.amazonaws.com.
func (a *API) DomainName() string { return a.domainName }

// Region is the API's Region (its endpoint's and SigV4's).
func (a *API) Region() string { return a.env.Region }

// RouteKeys lists a stage's route keys, sorted ($default first, by byte order).
func (a *API) RouteKeys(stageName string) []string {
	if st := a.stages[stageName]; st != nil {
		return st.routeKeys
	}
	return nil
}

// idStream keeps HTTP API ids as they were before reqid was shared with WebSocket APIs.
const idStream = 0x243f6a8885a308d3
