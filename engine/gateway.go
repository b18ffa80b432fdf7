// Package engine is the API Gateway simulator: it compiles a workspace into deployed APIs and
// answers requests through AWS's pipeline, leaving a trace of every stage. It is a library:
// the CLI, the TUI, the replay runner and the HTTP server are all clients of Gateway.Invoke.
package engine

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"net/http"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"apigwlab/engine/auth"
	"apigwlab/engine/clock"
	"apigwlab/engine/httpapi"
	"apigwlab/engine/integration"
	"apigwlab/engine/lambda"
	"apigwlab/engine/model"
	"apigwlab/engine/observe"
	"apigwlab/engine/throttle"
	"apigwlab/engine/websocket"
)

// Options configure a Gateway.
type Options struct {
	// Clock supplies time; nil means the wall clock. Replays and tests pass a clock.Virtual.
	Clock clock.Clock
	// Seed drives request ids, canary draws and simulated latency; same seed ⇒ same run.
	Seed uint64
	// HTTPClient is used by HTTP and HTTP_PROXY integrations; nil means http.DefaultClient.
	HTTPClient *http.Client
	// DeclaredTime gives code functions their declared latency as duration (replays, labs:
	// deterministic reports); unset, the time their code really takes counts.
	DeclaredTime bool
}

// Gateway is a running API Gateway: the workspace's APIs deployed to their stages.
type Gateway struct {
	mu        sync.RWMutex
	ws        *model.Workspace
	clock     clock.Clock
	http      *http.Client
	backends  *integration.Backends // simulated HTTP backends; nil: every URL is real
	lambda    *lambda.Service
	apis      []*restAPI
	byKey     map[string]*restAPI // name and id
	ids       *ids
	canary    *ids // separate stream so canary draws don't shift request ids
	metrics   *observe.Metrics
	accessLog accessLogs
	proxies   proxyCache
	throttler *throttle.Throttler
	templates templates            // compiled mapping templates by source
	authCache *auth.Cache          // Lambda authorizer results by stage, authorizer and identity
	keys      map[string]*apiKey   // by value
	pools     userPools            // simulated Cognito user pools
	tokens    tokenCache           // Cognito tokens that verified
	iamDir    *principals          // IAM users, roles and VPC endpoints (iamauth.go)
	policies  map[string]*fnPolicy // Lambda resource-based policies by function (permissions.go)
	httpAPIs  []*httpapi.API       // HTTP APIs (httpapis.go)
	httpByKey map[string]*httpapi.API
	httpEnv   *httpapi.Env // what HTTP APIs share, for those create-api makes
	// WebSocket APIs (wsapis.go)
	wsAPIs     []*websocket.API
	wsByKey    map[string]*websocket.API
	wsEnv      websocket.Env // what WebSocket APIs share, for those create-api makes
	wsCount    atomic.Int32  // len(wsAPIs), read by serve without the lock
	wsObserver func(*websocket.Exchange)
}

// New deploys a workspace. The workspace should have passed model validation; New still
// returns an error (never panics) for anything it cannot deploy.
func New(ws *model.Workspace, opts Options) (*Gateway, error) {
	if ws == nil {
		return nil, fmt.Errorf("deploy: no workspace")
	}
	g := &Gateway{
		ws:        ws,
		clock:     opts.Clock,
		http:      opts.HTTPClient,
		ids:       newIDs(opts.Seed),
		canary:    newIDs(opts.Seed ^ 0x5eed),
		metrics:   observe.NewMetrics(),
		byKey:     map[string]*restAPI{},
		authCache: auth.NewCache(10000),
	}
	g.authCache = auth.NewCache(10000)
	if g.clock == nil {
		g.clock = clock.Real{}
	}
	region, account := ws.Region, ws.AccountID
	if region == "" {
		region = "us-east-1"
	}
	if account == "" {
		account = "123456789012"
	}
	dir := ""
	if ws.Source != "" {
		dir = filepath.Dir(ws.Source)
	}
	svc, err := lambda.New(ws.Functions, region, account, opts.Seed, lambda.Options{Dir: dir, DeclaredTime: opts.DeclaredTime})
	if err != nil {
		return nil, fmt.Errorf("deploy functions: %w", err)
	}
	g.lambda = svc
	g.policies = compilePolicies(ws)
	deployed := false
	defer func() {
		if !deployed {
			svc.Close() // a failed deployment leaves no function process behind
		}
	}()
	if g.backends, err = integration.NewBackends(ws.Backends, opts.Seed); err != nil {
		return nil, fmt.Errorf("deploy %w", err)
	}
	if g.pools, err = compilePools(ws, region); err != nil {
		return nil, fmt.Errorf("deploy user pools: %w", err)
	}
	if g.iamDir, err = compilePrincipals(ws, account); err != nil {
		return nil, fmt.Errorf("deploy %w", err)
	}
	for _, a := range ws.RestAPIs {
		api, err := compileAPI(a, region, account, &g.templates)
		if err != nil {
			return nil, fmt.Errorf("deploy API %s: %w", a.Name, err)
		}
		if err := g.bindPools(api); err != nil {
			return nil, fmt.Errorf("deploy API %s: %w", a.Name, err)
		}
		api.created = g.clock.Now()
		g.apis = append(g.apis, api)
		g.byKey[api.name] = api
		g.byKey[api.id] = api
	}
	accountLimits := throttle.DefaultAccountLimits
	if t := ws.Account.Throttle; t != nil {
		accountLimits = throttle.Limits{Rate: t.RateLimit, Burst: t.BurstLimit}
	}
	g.throttler = throttle.New(accountLimits)
	if err := g.compileKeys(ws); err != nil {
		return nil, fmt.Errorf("deploy usage plans: %w", err)
	}
	if err := g.compileHTTPAPIs(ws, region, account, opts.Seed); err != nil {
		return nil, err
	}
	if err := g.compileWebSocketAPIs(ws, region, account, opts.Seed); err != nil {
		return nil, err
	}
	deployed = true
	return g, nil
}

// Close stops what the gateway started: code functions' execution environments and their
// processes. A closed gateway still answers; code functions then start afresh.
func (g *Gateway) Close() { g.lambda.Close() }

// Metrics returns the gateway's CloudWatch-style metrics.
func (g *Gateway) Metrics() *observe.Metrics { return g.metrics }

// Lambda returns the simulated Lambda service (for control-plane verbs and reports).
func (g *Gateway) Lambda() *lambda.Service { return g.lambda }

// Now is the gateway's clock.
func (g *Gateway) Now() time.Time { return g.clock.Now() }

// API types of APIInfo.Type and Response.Type.
const (
	APITypeREST = "REST"
	APITypeHTTP = "HTTP"
)

// APIInfo describes one deployed API.
type APIInfo struct {
	Name, ID string
	Stages   []string
	// Type is APITypeREST, APITypeHTTP or APITypeWebSocket.
	Type string
	// Undeployed names the stages whose deployment differs from the API's current
	// definition: changes made since wait for create-deployment.
	Undeployed []string
}

// APIs lists the deployed APIs — REST APIs, then HTTP APIs, each in workspace order — with
// their stage names.
func (g *Gateway) APIs() []APIInfo {
	g.mu.RLock()
	defer g.mu.RUnlock()
	out := make([]APIInfo, 0, len(g.apis))
	for _, a := range g.apis {
		info := APIInfo{Name: a.name, ID: a.id, Type: APITypeREST}
		for name, st := range a.stages {
			info.Stages = append(info.Stages, name)
			if a.undeployed(st) {
				info.Undeployed = append(info.Undeployed, name)
			}
		}
		sort.Strings(info.Stages)
		sort.Strings(info.Undeployed)
		out = append(out, info)
	}
	for _, a := range g.httpAPIs {
		info := APIInfo{Name: a.Name, ID: a.ID, Stages: a.Stages(), Type: APITypeHTTP}
		if m := g.v2Model(a.ID); m != nil {
			info.Undeployed = undeployedV2(m)
		}
		out = append(out, info)
	}
	for _, a := range g.wsAPIs {
		info := APIInfo{Name: a.Name, ID: a.ID, Stages: a.Stages(), Type: APITypeWebSocket}
		if m := g.wsModel(a.ID); m != nil {
			info.Undeployed = undeployedV2(m)
		}
		out = append(out, info)
	}
	return out
}

// shortID derives a stable lowercase alphanumeric id of n characters from text, for ids the
// workspace does not give (AWS's are random; ours must be reproducible).
func shortID(text string, n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	sum := sha256.Sum256([]byte(text))
	out := make([]byte, n)
	for i := range out {
		if i > 0 && i%16 == 0 {
			// past 16 characters (an API key's 40) the hash is hashed again: it held
			// only 16 and create-api-key without --value panicked
			sum = sha256.Sum256(sum[:])
		}
		v := binary.BigEndian.Uint16(sum[2*(i%16):])
		out[i] = alphabet[int(v)%len(alphabet)]
	}
	return string(out)
}

// KeepDeployments prepares a workspace loaded again (the TUI's E, a lab's reload) to replace
// this gateway as AWS would see the change: the file is the APIs' new current definition, and
// each stage that exists in both keeps serving the deployment it serves now, until
// create-deployment. Deployments are carried over by API name; a stage new in the file gets
// a first deployment of the file as usual. serve --watch does not call this: it redeploys.
func (g *Gateway) KeepDeployments(ws *model.Workspace) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	keepV2Deployments(g.ws.HTTPAPIs, ws.HTTPAPIs)
	for _, a := range ws.RestAPIs {
		if a == nil {
			continue
		}
		old := g.byKey[a.Name]
		if old == nil || old.name != a.Name {
			continue
		}
		declared := map[string]bool{}
		for _, d := range a.Deployments {
			if d != nil {
				declared[d.ID] = true
			}
		}
		for _, d := range old.model.Deployments {
			if !declared[d.ID] {
				a.Deployments = append(a.Deployments, d) // frozen: never changed, safe to share
			}
		}
		for _, s := range a.Stages {
			if s == nil {
				continue
			}
			if st := old.stages[s.StageName]; st != nil && s.DeploymentID == "" {
				s.DeploymentID = st.deployment.id
				if c, oc := s.CanarySettings, st.model.CanarySettings; c != nil && oc != nil && c.DeploymentID == "" {
					c.DeploymentID = oc.DeploymentID
				}
			}
		}
	}
}
