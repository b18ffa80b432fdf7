package engine

import (
	"github.com/santhosh-tekuri/jsonschema/v6"

	"fmt"
	"maps"
	"regexp"
	"strings"
	"time"

	"apigwlab/engine/gwresponse"
	"apigwlab/engine/integration"
	"apigwlab/engine/model"
	"apigwlab/engine/router"
	"apigwlab/engine/throttle"
)

// restAPI is a REST API as deployed: its deployments (frozen resource trees) and stages.
type restAPI struct {
	name, id         string
	region, account  string
	apiKeySource     string
	binaryMediaTypes []string
	deployments      map[string]*deployment
	stages           map[string]*stage
	model            *model.RestAPI
	domainName       string // {id}.execute-api.{region}.amazonaws.com
	templates        *templates
	definitions      // the API's current ones, which create-deployment freezes
	// bound lists every compiled Cognito authorizer, current or frozen in a deployment,
	// with its model, for bindPools.
	bound           []boundAuthorizer
	deploymentOrder []string        // deployment ids, oldest first
	access          *apiAccess      // endpoint type and resource policy (iamauth.go)
	created         time.Time       // when the gateway created it (get-export's default info.version)
	rev             int             // bumped by each control-plane change to model.Resources
	deleted         map[string]bool // ids of deployments delete-deployment removed: never given again
}

// definitions are an API's parts besides its resources that a deployment freezes with
// them, compiled: authorizers, models, request validators and gateway responses.
type definitions struct {
	authorizers map[string]*authorizer // by name and id
	models      map[string]*jsonschema.Schema
	validators  map[string]*model.RequestValidator
	responses   map[gwresponse.Type]*gwresponse.Custom
}

type boundAuthorizer struct {
	az     *authorizer
	m      *model.Authorizer
	frozen bool // in a deployment: its pool may have left the file since (then it verifies nothing)
}

// deployment is a frozen snapshot of an API's resources, compiled into a route tree, with
// the definitions it was deployed with.
type deployment struct {
	id        string
	defs      *definitions
	tree      *router.Tree[*method]
	methods   []*method
	resources []*model.Resource  // the frozen copy compiled into tree; never changed
	frozen    *model.Definitions // the definitions compiled into defs; never changed
	// differs caches whether resources differ from the API's current definition, as of
	// revision checkedRev-1 of the API (zero: never asked).
	differs    bool
	checkedRev int
}

// stage points at a deployment, with its variables and an optional canary.
type stage struct {
	name       string
	deployment *deployment
	vars       map[string]string
	canary     *canary
	model      *model.Stage
	throttle   throttle.MethodLimits // methodSettings throttles
	cache      *stageCache           // nil without cacheClusterEnabled
}

// canary is a stage's canary: a share of traffic sent to another deployment with
// stage variables overridden (aws-facts.md §6).
type canary struct {
	percent    float64
	deployment *deployment
	vars       map[string]string // stage variables merged with stageVariableOverrides
}

// method is one method of one deployment, compiled: everything known at deploy time is
// decided here, not per request.
type method struct {
	resource     string
	resourceID   string
	httpMethod   string
	model        *model.Method
	integ        *model.Integration
	timeout      time.Duration
	responses    []integrationResponse // non-default, in declaration order
	defaultResp  *integrationResponse  // the one with an empty selectionPattern
	steps        []step                // the pipeline after routing, filtered for this method
	lambdaName   string                // static Lambda target (no stage variables in the uri)
	lambdaQual   string
	lambdaDynURI bool
	authorizer   *authorizer             // CUSTOM: the Lambda authorizer
	validator    *model.RequestValidator // requestValidatorId
	mockStatic   map[string]int          // MOCK: statusCode of each template without references, parsed once
	access       accessSteps             // resource policy / AWS_IAM stages (iamauth.go)
	badMapping   string                  // a requestParameters key AWS refuses at run time (reqparams.go)
}

// integrationResponse is an integration response with its selection pattern compiled.
type integrationResponse struct {
	model   *model.IntegrationResponse
	status  int
	pattern *regexp.Regexp
	// noMethodResponse: the method declares method responses, none for this status. AWS
	// then fails the request: "Execution failed due to configuration error: Output mapping
	// refers to an invalid method response: 201" (reported against real AWS in
	// serverless-operations/serverless-apigateway-service-proxy#179). A method that declares
	// no method responses at all is let through (apigwlab workspaces may leave them out).
	noMethodResponse bool
}

func compileAPI(a *model.RestAPI, region, account string, tpls *templates) (*restAPI, error) {
	api := &restAPI{
		name:             a.Name,
		id:               a.ID,
		region:           region,
		account:          account,
		apiKeySource:     a.APIKeySource,
		binaryMediaTypes: a.BinaryMediaTypes,
		deployments:      map[string]*deployment{},
		stages:           map[string]*stage{},
		model:            a,
		templates:        tpls,
	}
	if api.id == "" {
		api.id = shortID("restapi:"+a.Name, 10)
	}
	api.domainName = api.id + ".execute-api." + region + ".amazonaws.com"
	defs, err := api.compileDefinitions(&model.Definitions{Authorizers: a.Authorizers, Models: a.Models,
		RequestValidators: a.RequestValidators, GatewayResponses: a.GatewayResponses}, false)
	if err != nil {
		return nil, err
	}
	api.definitions = *defs
	if err := compileAccess(api, a); err != nil {
		return nil, err
	}
	for _, d := range a.Deployments {
		if len(d.Resources) == 0 && !d.Frozen {
			// a deployment declared without resources freezes the API as written, now
			d.Resources, d.Frozen = model.CloneResources(a.Resources), true
		}
		d.Frozen = true
		if d.Defs == nil {
			d.Defs = model.SnapshotDefinitions(a)
		}
		dep, err := compileDeployment(api, d.ID, d.Resources, d.Defs)
		if err != nil {
			return nil, fmt.Errorf("deployment %s: %w", d.ID, err)
		}
		api.deployments[d.ID] = dep
		api.deploymentOrder = append(api.deploymentOrder, d.ID)
	}
	for _, s := range a.Stages {
		st, err := compileStage(api, s)
		if err != nil {
			return nil, err
		}
		api.stages[s.StageName] = st
	}
	return api, nil
}

// compileStage builds a stage from its model; the deployments it names must be compiled.
func compileStage(api *restAPI, s *model.Stage) (*stage, error) {
	st := &stage{name: s.StageName, vars: s.Variables, model: s}
	depID := s.DeploymentID
	if depID == "" {
		// A stage naming no deployment serves the API as the file is loaded: that becomes the
		// stage's first deployment, a frozen copy recorded in the model (as AWS's console
		// deploys a new stage), so that later changes to the API wait for create-deployment.
		if depID = api.model.FirstDeployment; api.deployments[depID] == nil {
			depID = api.newDeploymentID("deployment:" + api.model.Name)
			if _, err := api.deploy(depID, "", time.Time{}); err != nil {
				return nil, err
			}
			api.model.FirstDeployment = depID
		}
	}
	lim, err := stageThrottle(s)
	if err != nil {
		return nil, fmt.Errorf("stage %s: %w", s.StageName, err)
	}
	st.throttle = lim
	if st.deployment = api.deployments[depID]; st.deployment == nil {
		return nil, fmt.Errorf("stage %s: deployment %q does not exist", s.StageName, depID)
	}
	if c := s.CanarySettings; c != nil && c.PercentTraffic > 0 {
		cd := st.deployment
		if c.DeploymentID != "" {
			if cd = api.deployments[c.DeploymentID]; cd == nil {
				return nil, fmt.Errorf("stage %s: canary deployment %q does not exist", s.StageName, c.DeploymentID)
			}
		}
		vars := make(map[string]string, len(s.Variables)+len(c.StageVariableOverrides))
		for k, v := range s.Variables {
			vars[k] = v
		}
		for k, v := range c.StageVariableOverrides {
			vars[k] = v
		}
		st.canary = &canary{percent: c.PercentTraffic, deployment: cd, vars: vars}
	}
	if err := compileStageCache(st, api.stages[s.StageName]); err != nil {
		return nil, fmt.Errorf("stage %s: %w", s.StageName, err)
	}
	return st, nil
}

// deploy freezes the API's current resources into a new deployment, compiled and recorded in
// the model (create-deployment, and a stage's first deployment at load).
func (a *restAPI) deploy(id, description string, at time.Time) (*model.Deployment, error) {
	d := &model.Deployment{ID: id, Description: description, Resources: model.CloneResources(a.model.Resources),
		Frozen: true, CreatedDate: at}
	dep, err := compileDeployment(a, id, d.Resources, nil)
	if err != nil {
		return nil, err
	}
	d.Defs = dep.frozen
	a.deployments[id] = dep
	a.deploymentOrder = append(a.deploymentOrder, id)
	a.model.Deployments = append(a.model.Deployments, d)
	return d, nil
}

// newDeploymentID derives a deployment id from seed that no deployment of the API has yet
// (a reload carries deployments over, so a derived id may be taken).
func (a *restAPI) newDeploymentID(seed string) string {
	id := shortID(seed, 6)
	for a.deployments[id] != nil || a.deleted[id] {
		id = shortID("deployment:"+id, 6)
	}
	return id
}

// undeployed reports whether a stage serves a deployment that differs from the API's current
// definition (a change made since, waiting for create-deployment). The answer is kept per
// deployment and revision of the API, so asking is cheap.
func (a *restAPI) undeployed(st *stage) bool {
	d := st.deployment
	if d.checkedRev != a.rev+1 {
		d.differs = !model.SameResources(d.resources, a.model.Resources) || !model.SameDefinitions(d.frozen, a.model)
		d.checkedRev = a.rev + 1
	}
	return d.differs
}

// compileDefinitions compiles authorizers, models, request validators and gateway
// responses (the API's current ones, or those a deployment froze). Cognito authorizers are
// listed in api.bound for bindPools.
func (api *restAPI) compileDefinitions(d *model.Definitions, frozen bool) (*definitions, error) {
	t := &restAPI{name: api.name}
	src := &model.RestAPI{Name: api.name, Authorizers: d.Authorizers, Models: d.Models,
		RequestValidators: d.RequestValidators}
	if err := compileAuthorizers(t, src); err != nil {
		return nil, err
	}
	for _, m := range d.Authorizers {
		if az := t.authorizers[m.Name]; m.Type == "COGNITO_USER_POOLS" && az != nil {
			api.bound = append(api.bound, boundAuthorizer{az, m, frozen})
		}
	}
	if err := compileModels(t, src); err != nil {
		return nil, err
	}
	t.responses = make(map[gwresponse.Type]*gwresponse.Custom, len(d.GatewayResponses))
	for typ, r := range d.GatewayResponses {
		api.templates.compileAll("gatewayResponses."+typ, r.ResponseTemplates)
		t.responses[gwresponse.Type(typ)] = &gwresponse.Custom{
			StatusCode: r.StatusCode, Parameters: r.ResponseParameters, Templates: r.ResponseTemplates}
	}
	return &t.definitions, nil
}

// compileDeployment compiles frozen resources with the definitions frozen with them (frozen
// nil: the API's current definitions, which the deployment then keeps).
func compileDeployment(api *restAPI, id string, resources []*model.Resource, frozen *model.Definitions) (*deployment, error) {
	dep := &deployment{id: id, tree: router.New[*method](), resources: resources, frozen: frozen}
	view := api // the API as the methods see it: with the deployment's definitions
	if frozen != nil {
		defs, err := api.compileDefinitions(frozen, true)
		if err != nil {
			return nil, err
		}
		v := *api
		v.definitions = *defs
		view = &v
	} else {
		dep.frozen = model.SnapshotDefinitions(api.model)
	}
	dep.defs = &definitions{authorizers: maps.Clone(view.authorizers), models: maps.Clone(view.models),
		validators: maps.Clone(view.validators), responses: maps.Clone(view.responses)}
	for _, r := range resources {
		for _, m := range r.Methods {
			cm, err := compileMethod(view, r.Path, m)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", m.HTTPMethod, r.Path, err)
			}
			if err := dep.tree.Add(r.Path, m.HTTPMethod, cm); err != nil {
				return nil, fmt.Errorf("%s %s: %w", m.HTTPMethod, r.Path, err)
			}
			dep.methods = append(dep.methods, cm)
		}
	}
	return dep, nil
}

func compileMethod(api *restAPI, path string, m *model.Method) (*method, error) {
	if m.Integration == nil {
		// AWS's CreateDeployment answer for a method without an integration
		return nil, fmt.Errorf("BadRequestException: No integration defined for method: every method needs one (put-integration --type AWS_PROXY, AWS, HTTP_PROXY, HTTP or MOCK)")
	}
	cm := &method{
		resource:   path,
		resourceID: api.resourceID(path),
		httpMethod: m.HTTPMethod,
		model:      m,
		integ:      m.Integration,
		timeout:    m.Integration.Timeout(),
	}
	az, err := api.authorizerFor(m)
	if err != nil {
		return nil, err
	}
	cm.authorizer = az
	if err := api.compileValidation(cm); err != nil {
		return nil, err
	}
	api.templates.compileAll(m.HTTPMethod+" "+path+" requestTemplates", m.Integration.RequestTemplates)
	for _, ir := range m.Integration.IntegrationResponses {
		api.templates.compileAll(m.HTTPMethod+" "+path+" integration response "+ir.StatusCode, ir.ResponseTemplates)
		c := integrationResponse{model: ir, noMethodResponse: len(m.MethodResponses) > 0}
		if _, err := fmt.Sscanf(ir.StatusCode, "%d", &c.status); err != nil {
			return nil, fmt.Errorf("integration response statusCode %q is not a number", ir.StatusCode)
		}
		for _, mr := range m.MethodResponses {
			if mr != nil && mr.StatusCode == ir.StatusCode {
				c.noMethodResponse = false
			}
		}
		if ir.SelectionPattern == "" {
			if cm.defaultResp == nil {
				cm.defaultResp = &c
			}
			continue
		}
		// AWS matches the whole string with java.util.regex (Pattern.matches); Go's RE2 covers
		// the patterns people write for this (no backreferences or lookaround).
		re, err := regexp.Compile(`^(?s:` + ir.SelectionPattern + `)$`)
		if err != nil {
			return nil, fmt.Errorf("selectionPattern %q: %v", ir.SelectionPattern, err)
		}
		c.pattern = re
		cm.responses = append(cm.responses, c)
	}
	switch m.Integration.Type {
	case model.IntegrationAWSProxy, model.IntegrationAWS:
		if strings.Contains(m.Integration.URI, "${stageVariables.") {
			cm.lambdaDynURI = true
		} else {
			name, qual, err := integration.LambdaTarget(m.Integration.URI)
			if err != nil {
				return nil, err
			}
			cm.lambdaName, cm.lambdaQual = name, qual
		}
	case model.IntegrationMock:
		cm.mockStatic = map[string]int{}
		for _, tpl := range m.Integration.RequestTemplates {
			if !strings.ContainsAny(tpl, "$#") {
				if st, err := integration.MockStatus(strings.TrimSpace(tpl)); err == nil {
					cm.mockStatic[tpl] = st
				}
			}
		}
	case model.IntegrationHTTP, model.IntegrationHTTPProxy:
	default:
		return nil, fmt.Errorf("integration type %q is not one of AWS_PROXY, AWS, HTTP_PROXY, HTTP, MOCK", m.Integration.Type)
	}
	cm.badMapping = restrictedMapping(m.Integration)
	cm.access = api.accessFor(m)
	cm.steps = stepsFor(cm)
	return cm, nil
}

// selectResponse picks the integration response for an outcome text (a Lambda errorMessage or
// a backend status code): the first pattern that matches the whole text, else the default.
func (m *method) selectResponse(text string, isError bool) *integrationResponse {
	if isError {
		for i := range m.responses {
			if m.responses[i].pattern.MatchString(text) {
				return &m.responses[i]
			}
		}
	}
	return m.defaultResp
}
