// Package websocket is API Gateway's WebSocket API (apigatewayv2, protocolType WEBSOCKET):
// the connection lifecycle ($connect with its Lambda REQUEST authorizer, messages routed by
// the route selection expression, $disconnect), one-way and two-way routes, the error frames
// AWS sends on the open socket, the @connections management API and the connection limits
// (128 KB message, 32 KB frame, 10-minute idle timeout, 2-hour lifetime, new-connection
// rate), all in injected time with a trace per message.
//
// It knows nothing of sockets: a transport (serve's gorilla/websocket endpoint, the replay
// runner's virtual connections, a test) calls Connect, Conn.Receive and Conn.Closed, and the
// gateway talks back through the connection's Peer. So virtual-time tests exercise the
// same code that serve runs.
//
// AWS's behaviour, with sources: /work/shared/reference/aws-facts-v2.md §15–21, cited as
// "fact N"; summarised with links in docs/websocket.md and docs/fidelity.md.
package websocket

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"apigwlab/engine/clock"
	"apigwlab/engine/integration"
	"apigwlab/engine/lambda"
	"apigwlab/engine/model"
	"apigwlab/engine/reqid"
	"apigwlab/engine/throttle"
)

// Limits of WebSocket APIs (fact 103, D-q-ws).
const (
	MaxMessageBytes    = 128 * 1024
	MaxFrameBytes      = 32 * 1024
	IdleTimeout        = 10 * time.Minute
	MaxConnectionAge   = 2 * time.Hour
	NewConnectionsRate = 500 // per second per account and Region (raisable)
)

// Close codes the gateway sends (RFC 6455 §7.4.1; fact 104, 106).
const (
	CloseNormal         = 1000
	CloseGoingAway      = 1001
	CloseUnsupported    = 1003
	CloseNoStatus       = 1005
	CloseAbnormal       = 1006
	CloseMessageTooBig  = 1009
	reasonNormal        = "Connection Closed Normally"
	reasonNoStatus      = "Client-side close frame status not set"
	reasonGoingAway     = "Going away"
	reasonBinary        = "Currently binary payloads are not supported"
	reasonAbnormal      = "Connection closed abnormally"
	defaultIntegTimeout = time.Duration(model.MaxWebSocketIntegrationTimeout) * time.Millisecond
)

// Env is what a WebSocket API uses from the gateway that hosts it.
type Env struct {
	Clock  clock.Clock
	Lambda *lambda.Service
	HTTP   *http.Client
	// Backends are the workspace's simulated HTTP backends (nil: every URL is real).
	Backends        *integration.Backends
	Region, Account string
	Seed            uint64
	// Connects is the account's new-connection bucket (500/s); shared by the account's
	// WebSocket APIs. Nil: a bucket of NewConnectionsRate is made per API.
	Connects *throttle.Bucket
	// Throttle is the gateway's throttler: stage and route throttling of new connections and
	// messages, within the account's limits shared with REST and HTTP APIs. Nil: only the
	// new-connection rate applies.
	Throttle *throttle.Throttler
	// Observe, when set, is called after every exchange (connect, message, disconnect,
	// @connections call) — serve logs them, the TUI and replay count them. It must not call
	// back into the API.
	Observe func(*Exchange)
}

// Peer is the client end of a connection as the gateway sees it: the transport implements
// it. Send must be safe for concurrent use (pushes arrive from @connections callers while a
// message is being answered).
type Peer interface {
	// Send delivers one text message to the client.
	Send(msg []byte) error
	// Close closes the connection from the gateway's side with a close frame.
	Close(code int, reason string)
}

// API is one deployed WebSocket API.
type API struct {
	Name, ID   string
	domainName string
	env        *Env
	// set is the stages as deployed now; Redeploy swaps it while connections run (a
	// connection reads its stage through Conn.cur, so a new deployment reaches it).
	set       atomic.Pointer[stageSet]
	ids       *reqid.Gen // AWS-style ids: 16 characters of base64url ending in "=" (fact 88)
	connects  *throttle.Bucket
	mu        sync.RWMutex
	conns     map[string]*Conn
	metricsMu sync.Mutex
	metrics   map[string]*Metrics
}

// stageSet is the API's stages by name, and their names sorted.
type stageSet struct {
	byName map[string]*stage
	names  []string
	// selection is the API's route selection expression (update-api changes it at once).
	selection selector
}

type stage struct {
	name string
	// deployed is false for a stage without a deployment (create-stage without
	// --deployment-id): it refuses handshakes as an unknown stage does.
	deployed bool
	vars     map[string]string
	routes   map[string]*route
	limits   throttle.MethodLimits // defaultRouteSettings and routeSettings throttling
	// accessLog is accessLogSettings.format ("" without access logs).
	accessLog string
}

type route struct {
	key      string
	models   *routeModels // request validation; nil without a modelSelectionExpression
	integ    *integ
	twoWay   bool
	authz    *authorizer
	authType string
}

type integ struct {
	typ     string
	fn      string
	qual    string
	uri     string
	method  string
	timeout time.Duration

	// MOCK, AWS and HTTP (nonproxy.go)
	nonProxy    bool
	tplSel      selector
	hasTplSel   bool
	templates   map[string]template
	passthrough string
	responses   []*intResponse
}

// Compile deploys a WebSocket API from its (validated) definition.
func Compile(a *model.V2API, env *Env) (*API, error) {
	if env.Clock == nil {
		env.Clock = clock.Real{}
	}
	if env.HTTP == nil {
		env.HTTP = http.DefaultClient
	}
	api := &API{
		Name: a.Name, ID: a.APIID, env: env,
		domainName: a.APIID + ".execute-api." + env.Region + ".amazonaws.com",
		ids:        reqid.New(env.Seed^reqid.Hash(a.Name), idStream),
		conns:      map[string]*Conn{}, metrics: map[string]*Metrics{},
		connects: env.Connects,
	}
	if api.connects == nil {
		api.connects = throttle.NewBucket(throttle.Limits{Rate: NewConnectionsRate, Burst: NewConnectionsRate}, env.Clock.Now())
	}
	if err := api.Redeploy(a); err != nil {
		return nil, err
	}
	return api, nil
}

// Redeploy rebuilds the API's stages from the model after a control-plane change (a new
// deployment, a stage created, changed or deleted): each stage serves the definition of its
// deployment (model.V2API.StageDefinition). Open connections stay open and their next
// message meets the new deployment; a connection whose stage is deleted keeps the stage it
// connected to.
func (api *API) Redeploy(a *model.V2API) error {
	sel, err := parseSelection(a.RouteSelectionExpression)
	if err != nil {
		return fmt.Errorf("routeSelectionExpression: %w", err)
	}
	set := &stageSet{byName: map[string]*stage{}, selection: sel}
	compiled := map[*model.V2API]map[string]*route{}
	for _, st := range a.Stages {
		if st == nil {
			continue
		}
		def := a.StageDefinition(st)
		routes := map[string]*route{}
		if def != nil {
			r, ok := compiled[def]
			if !ok {
				var err error
				if r, err = compileRoutes(def); err != nil {
					return err
				}
				compiled[def] = r
			}
			routes = r
		}
		cs := &stage{name: st.StageName, deployed: def != nil, vars: st.StageVariables, routes: routes, limits: throttle.V2StageLimits(st)}
		if l := st.AccessLogSettings; l != nil {
			cs.accessLog = l.Format
		}
		set.byName[st.StageName] = cs
		set.names = append(set.names, st.StageName)
	}
	sort.Strings(set.names)
	api.set.Store(set)
	return nil
}

// compileRoutes compiles a definition's routes with their integrations and authorizers.
func compileRoutes(a *model.V2API) (map[string]*route, error) {
	schemas, err := compileModels(a)
	if err != nil {
		return nil, err
	}
	authz := map[string]*authorizer{}
	for _, az := range a.Authorizers {
		if az == nil {
			continue
		}
		c, err := compileAuthorizer(az)
		if err != nil {
			return nil, fmt.Errorf("authorizer %s: %w", az.Name, err)
		}
		authz[az.Name] = c
		if az.AuthorizerID != "" {
			authz[az.AuthorizerID] = c
		}
	}
	routes := map[string]*route{}
	for key, r := range a.Routes {
		if r == nil {
			continue
		}
		in := a.RouteIntegration(r)
		if in == nil {
			return nil, fmt.Errorf("route %s: no integration", key)
		}
		ci, err := compileInteg(in)
		if err != nil {
			return nil, fmt.Errorf("route %s: %w", key, err)
		}
		cr := &route{key: key, integ: ci, twoWay: r.RouteResponseSelectionExpression == model.DefaultRouteKey, authType: r.AuthorizationType}
		if cr.models, err = compileRouteModels(r, schemas); err != nil {
			return nil, fmt.Errorf("route %s: %w", key, err)
		}
		if r.AuthorizationType == "CUSTOM" {
			if cr.authz = authz[r.AuthorizerID]; cr.authz == nil {
				return nil, fmt.Errorf("route %s: no authorizer %q", key, r.AuthorizerID)
			}
		}
		routes[key] = cr
	}
	return routes, nil
}

func compileInteg(in *model.V2Integration) (*integ, error) {
	c := &integ{typ: in.IntegrationType, uri: in.IntegrationURI, method: in.IntegrationMethod, timeout: defaultIntegTimeout}
	if in.TimeoutInMillis > 0 {
		c.timeout = time.Duration(in.TimeoutInMillis) * time.Millisecond
	}
	switch in.IntegrationType {
	case model.IntegrationAWSProxy:
		fn, qual, ok := model.LambdaTarget(in.IntegrationURI)
		if !ok {
			return nil, fmt.Errorf("integrationUri %q is not a Lambda function", in.IntegrationURI)
		}
		c.fn, c.qual = fn, qual
	case model.IntegrationHTTPProxy:
		if c.method == "" {
			c.method = http.MethodPost
		}
	case model.IntegrationAWS:
		fn, qual, ok := model.LambdaTarget(in.IntegrationURI)
		if !ok {
			return nil, fmt.Errorf("integrationUri %q is not a Lambda function", in.IntegrationURI)
		}
		c.fn, c.qual = fn, qual
	case model.IntegrationHTTP:
		if c.method == "" {
			c.method = http.MethodPost
		}
	case model.IntegrationMock:
	default:
		return nil, fmt.Errorf("integration type %q is not simulated on WebSocket APIs", in.IntegrationType)
	}
	if in.NonProxy() {
		c.nonProxy = true
		if c.passthrough == "" {
			c.passthrough = model.PassthroughWhenNoMatch
		}
		if err := compileNonProxy(c, in); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Stages are the API's stage names, sorted.
func (a *API) Stages() []string { return append([]string(nil), a.set.Load().names...) }

// DomainName is the API's execute-api host name.
func (a *API) DomainName() string { return a.domainName }

// RouteKeys are the API's route keys, sorted.
func (a *API) RouteKeys() []string {
	for _, st := range a.set.Load().byName {
		keys := make([]string, 0, len(st.routes))
		for k := range st.routes {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return keys
	}
	return nil
}

// Conns returns the open connections, oldest first.
func (a *API) Conns() []*Conn {
	a.mu.RLock()
	out := make([]*Conn, 0, len(a.conns))
	for _, c := range a.conns {
		out = append(out, c)
	}
	a.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool {
		if !out[i].connectedAt.Equal(out[j].connectedAt) {
			return out[i].connectedAt.Before(out[j].connectedAt)
		}
		return out[i].id < out[j].id
	})
	return out
}

// Conn returns an open connection by id.
func (a *API) Conn(id string) (*Conn, bool) {
	a.mu.RLock()
	c := a.conns[id]
	a.mu.RUnlock()
	return c, c != nil
}

// Sweep closes the connections that have been idle for 10 minutes or open for 2 hours at
// the clock's time, as AWS does (fact 103; the close code AWS uses is not documented, we send
// 1001 Going away, fact 106). serve calls it every second; virtual-time callers after
// advancing the clock. It returns the exchanges of the $disconnect routes it ran.
func (a *API) Sweep() []*Exchange {
	var out []*Exchange
	for _, c := range a.Conns() {
		if ex := c.Expire(); ex != nil {
			out = append(out, ex)
		}
	}
	return out
}

// Due is when the connection closes by itself if nothing moves on it: 10 minutes after the
// last message either way, or 2 hours after it opened, whichever comes first. The replay
// runner schedules Expire there instead of sweeping every connection every second.
func (c *Conn) Due() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	idle, age := c.lastActive.Add(IdleTimeout), c.connectedAt.Add(MaxConnectionAge)
	if age.Before(idle) {
		return age
	}
	return idle
}

// Expire closes the connection when it is due at the clock's time (Sweep for one
// connection); it returns the $disconnect exchange, or nil when the connection is not due or
// is already closed.
func (c *Conn) Expire() *Exchange {
	now := c.api.env.Clock.Now()
	c.mu.Lock()
	open := c.state == stateOpen
	idle, old := now.Sub(c.lastActive) >= IdleTimeout, now.Sub(c.connectedAt) >= MaxConnectionAge
	c.mu.Unlock()
	if !open || !(idle || old) {
		return nil
	}
	why := "idle for 10 minutes (no message in either direction)"
	if old {
		why = "open for 2 hours, the maximum connection duration"
	}
	return c.serverClose(CloseGoingAway, reasonGoingAway, why)
}

func (a *API) stage(name string) *stage { return a.set.Load().byName[name] }

// cur is the connection's stage as deployed now (the one it connected to when the stage
// has since been deleted).
func (c *Conn) cur() *stage {
	if s := c.api.stage(c.st.name); s != nil {
		return s
	}
	return c.st
}

// idStream keeps WebSocket ids as they were before reqid was shared with HTTP APIs.
const idStream = 0x9e3779b97f4a7c15

// validConnectionID reports whether id has the shape of a connection id; others get 400
// BadRequestException from @connections (fact 98).
func validConnectionID(id string) bool {
	if len(id) != 16 || id[15] != '=' {
		return false
	}
	return !strings.ContainsFunc(id[:15], func(r rune) bool { return !strings.ContainsRune(reqid.Alphabet, r) })
}
