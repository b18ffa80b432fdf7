package cfn

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Result is a translated template.
type Result struct {
	// Workspace holds the workspace keys the template gives: restApis, httpApis, functions,
	// usagePlans, apiKeys (AWS's field names, as a workspace file writes them).
	Workspace map[string]any
	// Definitions are the REST APIs' inline OpenAPI documents (DefinitionBody, Body) by API
	// name, their intrinsic functions evaluated.
	Definitions map[string]any
	// Lines are the template lines of each API and function by name, for error positions.
	Lines map[string]int
	// Report says what was translated, what was left out and the traps to know about.
	Report []string
	// Deployments are the template's AWS::ApiGateway::Deployment resources, for comparing
	// a stack update with the template deployed before.
	Deployments []Deployment
}

// Deployment is an AWS::ApiGateway::Deployment: the API it deploys (by name), the stages
// that serve it (its StageName, and AWS::ApiGateway::Stage resources whose DeploymentId
// refers to it), and ReplaceKey, the properties whose change makes CloudFormation replace
// it (RestApiId, DeploymentCanarySettings) rather than update it in place.
type Deployment struct {
	LogicalID, API string
	Stages         []string
	ReplaceKey     string
}

// Translate reads a SAM or CloudFormation template (YAML or JSON).
func Translate(file string, data []byte, opt Options) (*Result, error) {
	if opt.StackName == "" {
		opt.StackName = strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	}
	t, err := parse(file, data, opt)
	if err != nil {
		return nil, err
	}
	x := &translator{t: t, apis: map[string]*restOut{}, httpAPIs: map[string]*httpOut{}, fnByID: map[string]map[string]any{},
		keys: map[string]map[string]any{}, plans: map[string]map[string]any{}, lines: map[string]int{}, aliases: map[string]string{}}
	x.run()
	if t.r.err != nil {
		return nil, t.r.err
	}
	return x.result(), nil
}

type translator struct {
	t          *Template
	apis       map[string]*restOut // by logical id
	apiOrder   []*restOut
	httpAPIs   map[string]*httpOut
	httpOrder  []*httpOut
	functions  []map[string]any
	fnByID     map[string]map[string]any
	plans      map[string]map[string]any // by logical id (or generated name)
	planOrder  []string
	keys       map[string]map[string]any
	keyOrder   []string
	lines      map[string]int
	aliases    map[string]string   // function logical id → AutoPublishAlias
	unsupport  map[string][]string // type → logical ids
	deployTrap []string
	deploys    []Deployment
}

type restOut struct {
	id, name    string
	line        int
	fields      map[string]any
	paths       []string
	methods     map[string]map[string]any // path → verb → method
	stages      []map[string]any
	authorizers []any
	authTypes   map[string]string // authorizer name → CUSTOM or COGNITO_USER_POOLS
	models      map[string]any
	validators  []any
	responses   map[string]any
	definition  any
	defFile     string
	defaultAuth string
	keyRequired bool
}

type httpOut struct {
	id, name string
	line     int
	fields   map[string]any
	routes   map[string]any
	stages   []any
}

func (x *translator) note(format string, args ...any) { x.t.report(format, args...) }

func (x *translator) unsupported(res *resource) {
	if x.unsupport == nil {
		x.unsupport = map[string][]string{}
	}
	x.unsupport[res.typ] = append(x.unsupport[res.typ], res.id)
}

// run translates resources in dependency order: APIs and functions first, then what refers
// to them.
func (x *translator) run() {
	t := x.t
	passes := [][]string{
		{"AWS::Serverless::Api", "AWS::ApiGateway::RestApi", "AWS::Serverless::HttpApi"},
		{"AWS::Serverless::Function", "AWS::Lambda::Function"},
		{"AWS::ApiGateway::Authorizer", "AWS::ApiGateway::Model", "AWS::ApiGateway::RequestValidator", "AWS::ApiGateway::GatewayResponse", "AWS::ApiGateway::Resource"},
		{"AWS::ApiGateway::Method", "AWS::ApiGateway::Deployment"},
		{"AWS::ApiGateway::Stage"},
		{"AWS::ApiGateway::UsagePlan", "AWS::ApiGateway::ApiKey"},
		{"AWS::ApiGateway::UsagePlanKey"},
	}
	known := map[string]bool{}
	for _, p := range passes {
		for _, typ := range p {
			known[typ] = true
		}
	}
	for _, pass := range passes {
		for _, id := range t.order {
			res := t.resources[id]
			if !slices.Contains(pass, res.typ) || !t.included(res) {
				continue
			}
			x.translate(res)
		}
	}
	// SAM's implicit APIs get their events after the functions, so events of every function
	// land on an API that exists.
	x.functionEvents()
	for _, id := range t.order {
		res := t.resources[id]
		switch {
		case known[res.typ]:
		case res.typ == "AWS::Lambda::Permission":
			// Not needed: simulated functions accept the gateway's calls.
		case strings.HasPrefix(res.typ, "AWS::ApiGatewayV2::"):
			x.unsupported(res)
		default:
			x.unsupported(res)
		}
	}
}

func (x *translator) translate(res *resource) {
	p := x.t.properties(res)
	switch res.typ {
	case "AWS::Serverless::Api":
		x.samAPI(res, p)
	case "AWS::ApiGateway::RestApi":
		a := x.api(res.id, x.t.name(res), res.line)
		setStr(a.fields, "description", p["Description"])
		copyIf(a.fields, "binaryMediaTypes", p["BinaryMediaTypes"])
		setStr(a.fields, "apiKeySource", p["ApiKeySourceType"])
		copyIf(a.fields, "policy", p["Policy"])
		if ec, ok := p["EndpointConfiguration"].(map[string]any); ok {
			a.fields["endpointConfiguration"] = pick(ec, "Types", "types", "VpcEndpointIds", "vpcEndpointIds")
		}
		if b, ok := p["Body"]; ok {
			a.definition = b
		}
		if _, ok := p["BodyS3Location"]; ok {
			x.note("%s: BodyS3Location is not read (no S3 here): put the OpenAPI document in Body, or write openapi: FILE in the workspace", res.id)
		}
	case "AWS::Serverless::HttpApi":
		x.samHTTPAPI(res, p)
	case "AWS::Serverless::Function", "AWS::Lambda::Function":
		x.function(res, p)
	case "AWS::ApiGateway::Authorizer":
		if a := x.apiRef(res, p["RestApiId"]); a != nil {
			az := map[string]any{"name": x.t.name(res)}
			setStr(az, "type", p["Type"])
			setStr(az, "authorizerUri", p["AuthorizerUri"])
			setStr(az, "identitySource", p["IdentitySource"])
			setStr(az, "identityValidationExpression", p["IdentityValidationExpression"])
			copyIf(az, "authorizerResultTtlInSeconds", p["AuthorizerResultTtlInSeconds"])
			copyIf(az, "providerARNs", p["ProviderARNs"])
			a.authorizers = append(a.authorizers, az)
		}
	case "AWS::ApiGateway::Model":
		if a := x.apiRef(res, p["RestApiId"]); a != nil {
			m := map[string]any{"schema": p["Schema"]}
			setStr(m, "contentType", p["ContentType"])
			a.models[x.t.name(res)] = m
		}
	case "AWS::ApiGateway::RequestValidator":
		if a := x.apiRef(res, p["RestApiId"]); a != nil {
			v := map[string]any{"name": x.t.name(res)}
			copyIf(v, "validateRequestBody", p["ValidateRequestBody"])
			copyIf(v, "validateRequestParameters", p["ValidateRequestParameters"])
			a.validators = append(a.validators, v)
		}
	case "AWS::ApiGateway::GatewayResponse":
		if a := x.apiRef(res, p["RestApiId"]); a != nil {
			gr := pick(p, "StatusCode", "statusCode", "ResponseParameters", "responseParameters", "ResponseTemplates", "responseTemplates")
			a.responses[scalarString(p["ResponseType"])] = gr
		}
	case "AWS::ApiGateway::Resource":
		// Paths are computed when methods refer to them.
	case "AWS::ApiGateway::Method":
		x.cfnMethod(res, p)
	case "AWS::ApiGateway::Deployment":
		x.cfnDeployment(res, p)
	case "AWS::ApiGateway::Stage":
		if a := x.apiRef(res, p["RestApiId"]); a != nil {
			a.addStage(stageFrom(scalarString(p["StageName"]), p))
			// DeploymentId: !Ref SomeDeployment evaluates to the deployment's logical id.
			for i := range x.deploys {
				if d := &x.deploys[i]; d.LogicalID == scalarString(p["DeploymentId"]) && d.API == a.name {
					d.Stages = append(d.Stages, scalarString(p["StageName"]))
				}
			}
		}
	case "AWS::ApiGateway::UsagePlan":
		plan := map[string]any{"name": x.t.name(res)}
		setStr(plan, "description", p["Description"])
		if th, ok := p["Throttle"].(map[string]any); ok {
			plan["throttle"] = pick(th, "RateLimit", "rateLimit", "BurstLimit", "burstLimit")
		}
		if q, ok := p["Quota"].(map[string]any); ok {
			plan["quota"] = pick(q, "Limit", "limit", "Offset", "offset", "Period", "period")
		}
		var stages []any
		for _, s := range asList(p["ApiStages"]) {
			sm, _ := s.(map[string]any)
			st := map[string]any{"api": scalarString(sm["ApiId"]), "stage": scalarString(sm["Stage"])}
			if th, ok := sm["Throttle"].(map[string]any); ok {
				per := map[string]any{}
				for k, v := range th {
					vm, _ := v.(map[string]any)
					per[k] = pick(vm, "RateLimit", "rateLimit", "BurstLimit", "burstLimit")
				}
				st["throttle"] = per
			}
			stages = append(stages, st)
		}
		plan["apiStages"] = stages
		x.addPlan(res.id, plan)
	case "AWS::ApiGateway::ApiKey":
		name := x.t.name(res)
		key := map[string]any{"name": name, "value": scalarString(p["Value"])}
		if key["value"] == "" {
			key["value"] = generatedKey(name)
			x.note("API key %s has no Value: CloudFormation would generate one; here its value is %s", name, key["value"])
		}
		copyIf(key, "enabled", p["Enabled"])
		x.addKey(res.id, key)
	case "AWS::ApiGateway::UsagePlanKey":
		if kt := scalarString(p["KeyType"]); kt != "" && kt != "API_KEY" {
			x.note("%s: KeyType %s: the only key type is API_KEY", res.id, kt)
		}
		keyName, planName := scalarString(p["KeyId"]), scalarString(p["UsagePlanId"])
		for _, k := range x.keys {
			if k["name"] == keyName {
				k["usagePlans"] = append(asList(k["usagePlans"]), planName)
			}
		}
	}
}

func (x *translator) api(id, name string, line int) *restOut {
	if a := x.apis[id]; a != nil {
		return a
	}
	a := &restOut{id: id, name: name, line: line, fields: map[string]any{}, methods: map[string]map[string]any{},
		authTypes: map[string]string{}, models: map[string]any{}, responses: map[string]any{}}
	x.apis[id] = a
	x.apiOrder = append(x.apiOrder, a)
	x.lines["restApi:"+name] = line
	return a
}

// apiRef finds the REST API a resource's RestApiId names (a Ref gives the API's name).
func (x *translator) apiRef(res *resource, v any) *restOut {
	name := scalarString(v)
	for _, a := range x.apiOrder {
		if a.name == name || a.id == name {
			return a
		}
	}
	x.note("%s (%s): RestApiId %q is not a REST API of this template; left out", res.id, res.typ, name)
	return nil
}

func (a *restOut) addMethod(path, verb string, m map[string]any) {
	if _, ok := a.methods[path]; !ok {
		a.methods[path] = map[string]any{}
		a.paths = append(a.paths, path)
	}
	a.methods[path][verb] = m
}

func (a *restOut) addStage(st map[string]any) {
	for i, s := range a.stages {
		if s["stageName"] == st["stageName"] {
			a.stages[i] = st
			return
		}
	}
	a.stages = append(a.stages, st)
}

// stageFrom reads a stage's properties (AWS::ApiGateway::Stage, a deployment's
// StageDescription, an AWS::Serverless::Api).
func stageFrom(name string, p map[string]any) map[string]any {
	st := map[string]any{"stageName": name}
	setStr(st, "description", p["Description"])
	if v, ok := p["Variables"].(map[string]any); ok {
		st["variables"] = v
	}
	copyIf(st, "cacheClusterEnabled", p["CacheClusterEnabled"])
	setStr(st, "cacheClusterSize", p["CacheClusterSize"])
	copyIf(st, "tracingEnabled", p["TracingEnabled"])
	if c, ok := p["CanarySetting"].(map[string]any); ok {
		st["canarySettings"] = pick(c, "PercentTraffic", "percentTraffic", "StageVariableOverrides", "stageVariableOverrides", "UseStageCache", "useStageCache", "DeploymentId", "deploymentId")
	}
	if l, ok := p["AccessLogSetting"].(map[string]any); ok {
		st["accessLogSettings"] = pick(l, "DestinationArn", "destinationArn", "Format", "format")
	}
	ms := map[string]any{}
	for _, s := range asList(p["MethodSettings"]) {
		sm, _ := s.(map[string]any)
		// ResourcePath is written /~1pets (slashes as ~1), "/*" for every resource.
		path := strings.TrimPrefix(scalarString(sm["ResourcePath"]), "/")
		if path == "" {
			path = "~1"
		}
		verb := scalarString(sm["HttpMethod"])
		ms[path+"/"+verb] = pick(sm, "ThrottlingBurstLimit", "throttlingBurstLimit", "ThrottlingRateLimit", "throttlingRateLimit",
			"CachingEnabled", "cachingEnabled", "CacheTtlInSeconds", "cacheTtlInSeconds", "CacheDataEncrypted", "cacheDataEncrypted",
			"MetricsEnabled", "metricsEnabled", "LoggingLevel", "loggingLevel", "DataTraceEnabled", "dataTraceEnabled")
	}
	if len(ms) > 0 {
		st["methodSettings"] = ms
	}
	return st
}

// samAPI translates AWS::Serverless::Api.
func (x *translator) samAPI(res *resource, p map[string]any) {
	a := x.api(res.id, x.t.name(res), res.line)
	setStr(a.fields, "description", p["Description"])
	copyIf(a.fields, "binaryMediaTypes", p["BinaryMediaTypes"])
	setStr(a.fields, "apiKeySource", p["ApiKeySourceType"])
	switch ec := p["EndpointConfiguration"].(type) {
	case string:
		a.fields["endpointConfiguration"] = map[string]any{"types": []any{ec}}
	case map[string]any:
		e := map[string]any{"types": []any{ec["Type"]}}
		copyIf(e, "vpcEndpointIds", ec["VPCEndpointIds"])
		a.fields["endpointConfiguration"] = e
	}
	stageName := scalarString(p["StageName"])
	if stageName == "" {
		stageName = "Prod"
	}
	a.addStage(stageFrom(stageName, p))
	if b, ok := p["DefinitionBody"]; ok {
		a.definition = b
	}
	if u, ok := p["DefinitionUri"].(string); ok {
		a.defFile = u
	}
	for name, m := range asMap(p["Models"]) {
		a.models[name] = map[string]any{"contentType": "application/json", "schema": m}
	}
	for typ, gr := range asMap(p["GatewayResponses"]) {
		gm := asMap(gr)
		out := map[string]any{}
		setStr(out, "statusCode", gm["StatusCode"])
		if rp := asMap(gm["ResponseParameters"]); len(rp) > 0 {
			params := map[string]any{}
			for kind, vals := range rp {
				loc := map[string]string{"Headers": "header", "Paths": "path", "QueryStrings": "querystring"}[kind]
				for k, v := range asMap(vals) {
					params["gatewayresponse."+loc+"."+k] = v
				}
			}
			out["responseParameters"] = params
		}
		if rt := asMap(gm["ResponseTemplates"]); len(rt) > 0 {
			out["responseTemplates"] = rt
		}
		a.responses[typ] = out
	}
	if _, ok := p["Cors"]; ok {
		x.note("%s: Cors is not translated: SAM would add OPTIONS methods; write them (or gatewayResponses) in the workspace", res.id)
	}
	auth := asMap(p["Auth"])
	a.defaultAuth = scalarString(auth["DefaultAuthorizer"])
	a.keyRequired, _ = auth["ApiKeyRequired"].(bool)
	for _, name := range slices.Sorted(maps.Keys(asMap(auth["Authorizers"]))) {
		az := asMap(asMap(auth["Authorizers"])[name])
		a.authorizers = append(a.authorizers, x.samAuthorizer(name, az, a))
	}
	if _, ok := auth["ResourcePolicy"]; ok {
		x.note("%s: Auth.ResourcePolicy is not translated: write the API's policy in the workspace", res.id)
	}
	if up := asMap(auth["UsagePlan"]); len(up) > 0 {
		x.samUsagePlan(res.id, a, stageName, up)
	}
}

func (x *translator) samAuthorizer(name string, az map[string]any, a *restOut) map[string]any {
	id := asMap(az["Identity"])
	out := map[string]any{"name": name}
	if pool, ok := az["UserPoolArn"]; ok {
		a.authTypes[name] = "COGNITO_USER_POOLS"
		out["type"] = "COGNITO_USER_POOLS"
		var arns []any
		for _, v := range asList(pool) {
			arns = append(arns, poolName(scalarString(v)))
		}
		out["providerARNs"] = arns
		if h := scalarString(id["Header"]); h != "" {
			out["identitySource"] = "method.request.header." + h
		}
		return out
	}
	a.authTypes[name] = "CUSTOM"
	typ := strings.ToUpper(scalarString(az["FunctionPayloadType"]))
	if typ == "" {
		typ = "TOKEN"
	}
	out["type"] = typ
	out["authorizerUri"] = functionURI(scalarString(az["FunctionArn"]))
	if typ == "TOKEN" {
		h := scalarString(id["Header"])
		if h == "" {
			h = "Authorization"
		}
		out["identitySource"] = "method.request.header." + h
	} else {
		var srcs []string
		for _, h := range asList(id["Headers"]) {
			srcs = append(srcs, "method.request.header."+scalarString(h))
		}
		for _, q := range asList(id["QueryStrings"]) {
			srcs = append(srcs, "method.request.querystring."+scalarString(q))
		}
		for _, s := range asList(id["StageVariables"]) {
			srcs = append(srcs, "stageVariables."+scalarString(s))
		}
		for _, c := range asList(id["Context"]) {
			srcs = append(srcs, "context."+scalarString(c))
		}
		if len(srcs) > 0 {
			out["identitySource"] = strings.Join(srcs, ", ")
		}
	}
	setStr(out, "identityValidationExpression", id["ValidationExpression"])
	copyIf(out, "authorizerResultTtlInSeconds", id["ReauthorizeEvery"])
	return out
}

// samUsagePlan translates Auth.UsagePlan: PER_API makes a plan and a key for this API,
// SHARED one plan and key for every API that asks for it (as SAM names them).
func (x *translator) samUsagePlan(apiID string, a *restOut, stage string, up map[string]any) {
	mode := scalarString(up["CreateUsagePlan"])
	var planID, planName, keyName string
	switch mode {
	case "PER_API":
		planID, planName, keyName = apiID+"UsagePlan", apiID+"UsagePlan", apiID+"ApiKey"
	case "SHARED":
		planID, planName, keyName = "ServerlessUsagePlan", "ServerlessUsagePlan", "ServerlessApiKey"
	default:
		return
	}
	if n := scalarString(up["UsagePlanName"]); n != "" && mode == "PER_API" {
		planName = n
	}
	plan := x.plans[planID]
	if plan == nil {
		plan = map[string]any{"name": planName}
		setStr(plan, "description", up["Description"])
		if th := asMap(up["Throttle"]); len(th) > 0 {
			plan["throttle"] = pick(th, "RateLimit", "rateLimit", "BurstLimit", "burstLimit")
		}
		if q := asMap(up["Quota"]); len(q) > 0 {
			plan["quota"] = pick(q, "Limit", "limit", "Offset", "offset", "Period", "period")
		}
		x.addPlan(planID, plan)
		value := generatedKey(keyName)
		x.addKey(keyName, map[string]any{"name": keyName, "value": value, "usagePlans": []any{planName}})
		x.note("usage plan %s with API key %s (value %s): SAM generates the key's value; send it as x-api-key", planName, keyName, value)
	}
	plan["apiStages"] = append(asList(plan["apiStages"]), map[string]any{"api": a.name, "stage": stage})
}

func (x *translator) addPlan(id string, plan map[string]any) {
	x.plans[id] = plan
	x.planOrder = append(x.planOrder, id)
}

func (x *translator) addKey(id string, key map[string]any) {
	x.keys[id] = key
	x.keyOrder = append(x.keyOrder, id)
}

// generatedKey is a stable API key value for a key the template does not give one.
func generatedKey(name string) string {
	sum := sha256.Sum256([]byte("apigwlab-cfn-key:" + name))
	return hex.EncodeToString(sum[:])[:40]
}

var lambdaARN = regexp.MustCompile(`^arn:aws[a-z-]*:lambda:[^:]+:[^:]+:function:([^:/]+(?::[^:/]+)?)$`)

// functionURI turns a function ARN (GetAtt Fn.Arn) into function:NAME; integration ARNs and
// other values are kept.
func functionURI(arn string) string {
	if m := lambdaARN.FindStringSubmatch(arn); m != nil {
		return "function:" + m[1]
	}
	return arn
}

// poolName reads a user pool from arn:aws:cognito-idp:…:userpool/ID (GetAtt Pool.Arn gives
// the pool's name here, which the workspace's userPools match).
func poolName(v string) string { return v }

// function translates AWS::Serverless::Function and AWS::Lambda::Function into a simulated
// function. It echoes the event unless Metadata.apigwlab says how it behaves
// (returns, error, latency, cases, echo: the workspace's function fields).
func (x *translator) function(res *resource, p map[string]any) {
	name := x.t.name(res)
	fn := map[string]any{"functionName": name}
	if to, ok := p["Timeout"]; ok {
		fn["timeout"] = scalarString(to) + "s"
	}
	copyIf(fn, "reservedConcurrency", p["ReservedConcurrentExecutions"])
	var behaviour map[string]any
	if res.meta != nil {
		meta, _ := x.t.r.value(res.meta, 1).(map[string]any)
		behaviour = asMap(meta["apigwlab"])
	}
	if len(behaviour) == 0 {
		behaviour = map[string]any{"echo": true}
	}
	maps.Copy(fn, behaviour)
	if alias := scalarString(p["AutoPublishAlias"]); alias != "" {
		v := map[string]any{"version": "1"}
		for _, k := range []string{"returns", "error", "latency", "echo"} {
			copyIf(v, k, behaviour[k])
		}
		fn["versions"] = []any{v}
		fn["aliases"] = map[string]any{alias: "1"}
		x.aliases[res.id] = alias
	}
	x.functions = append(x.functions, fn)
	x.fnByID[res.id] = fn
	x.lines["function:"+name] = res.line
}

// functionEvents adds each SAM function's Api and HttpApi events to their APIs (the implicit
// ServerlessRestApi / ServerlessHttpApi when the event names none).
func (x *translator) functionEvents() {
	for _, id := range x.t.order {
		res := x.t.resources[id]
		fn := x.fnByID[id]
		if fn == nil || res.typ != "AWS::Serverless::Function" {
			continue
		}
		uri := "function:" + scalarString(fn["functionName"])
		if alias := x.aliases[id]; alias != "" {
			uri += ":" + alias
		}
		p := x.t.properties(res)
		for _, evName := range slices.Sorted(maps.Keys(asMap(p["Events"]))) {
			ev := asMap(asMap(p["Events"])[evName])
			props := asMap(ev["Properties"])
			switch scalarString(ev["Type"]) {
			case "Api":
				x.apiEvent(res, evName, props, uri)
			case "HttpApi":
				x.httpAPIEvent(res, props, uri)
			default:
				x.note("%s: event %s of type %s is not an API event; left out", id, evName, scalarString(ev["Type"]))
			}
		}
	}
}

func (x *translator) apiEvent(res *resource, evName string, props map[string]any, uri string) {
	var a *restOut
	if ref := scalarString(props["RestApiId"]); ref != "" {
		a = x.apiRef(res, ref)
		if a == nil {
			return
		}
	} else {
		a = x.apis["ServerlessRestApi"]
		if a == nil {
			a = x.api("ServerlessRestApi", "ServerlessRestApi", res.line)
			a.addStage(map[string]any{"stageName": "Prod"})
			x.note("implicit API ServerlessRestApi (stage Prod) for the Api events without RestApiId, as SAM creates it")
		}
	}
	path := scalarString(props["Path"])
	verb := strings.ToUpper(scalarString(props["Method"]))
	if path == "" || verb == "" {
		x.note("%s: event %s needs Path and Method; left out", res.id, evName)
		return
	}
	m := map[string]any{"integration": map[string]any{"type": "AWS_PROXY", "uri": uri}}
	auth := asMap(props["Auth"])
	keyRequired := a.keyRequired
	if v, ok := auth["ApiKeyRequired"].(bool); ok {
		keyRequired = v
	}
	if keyRequired {
		m["apiKeyRequired"] = true
	}
	authorizer := a.defaultAuth
	if v := scalarString(auth["Authorizer"]); v != "" {
		authorizer = v
	}
	switch authorizer {
	case "", "NONE":
	case "AWS_IAM":
		m["authorizationType"] = "AWS_IAM"
	default:
		typ := a.authTypes[authorizer]
		if typ == "" {
			x.note("%s: event %s names authorizer %s, which API %s does not define; left without authorization", res.id, evName, authorizer, a.name)
			break
		}
		m["authorizationType"] = typ
		m["authorizerId"] = authorizer
		copyIf(m, "authorizationScopes", auth["AuthorizationScopes"])
	}
	params := map[string]any{}
	for _, rp := range asList(props["RequestParameters"]) {
		switch v := rp.(type) {
		case string:
			params[v] = false
		case map[string]any:
			for k, opts := range v {
				req, _ := asMap(opts)["Required"].(bool)
				params[k] = req
			}
		}
	}
	if len(params) > 0 {
		m["requestParameters"] = params
	}
	if rm := asMap(props["RequestModel"]); len(rm) > 0 {
		m["requestModels"] = map[string]any{"application/json": rm["Model"]}
	}
	a.addMethod(path, verb, m)
}

// samHTTPAPI translates AWS::Serverless::HttpApi.
func (x *translator) samHTTPAPI(res *resource, p map[string]any) {
	h := x.httpAPI(res.id, x.t.name(res), res.line)
	setStr(h.fields, "description", p["Description"])
	stage := map[string]any{"stageName": "$default", "autoDeploy": true}
	if s := scalarString(p["StageName"]); s != "" {
		stage["stageName"] = s
	}
	if v := asMap(p["StageVariables"]); len(v) > 0 {
		stage["stageVariables"] = v
	}
	h.stages = []any{stage}
	if c := asMap(p["CorsConfiguration"]); len(c) > 0 {
		h.fields["corsConfiguration"] = pick(c, "AllowOrigins", "allowOrigins", "AllowMethods", "allowMethods",
			"AllowHeaders", "allowHeaders", "ExposeHeaders", "exposeHeaders", "MaxAge", "maxAge", "AllowCredentials", "allowCredentials")
	}
	if _, ok := p["DefinitionBody"]; ok {
		x.note("%s: DefinitionBody of an HTTP API is not read yet; its routes come from the functions' HttpApi events", res.id)
	}
	if _, ok := p["Auth"]; ok {
		x.note("%s: Auth of an HTTP API is not translated yet; write its authorizers in the workspace", res.id)
	}
}

func (x *translator) httpAPI(id, name string, line int) *httpOut {
	if h := x.httpAPIs[id]; h != nil {
		return h
	}
	h := &httpOut{id: id, name: name, line: line, fields: map[string]any{}, routes: map[string]any{}}
	x.httpAPIs[id] = h
	x.httpOrder = append(x.httpOrder, h)
	x.lines["httpApi:"+name] = line
	return h
}

func (x *translator) httpAPIEvent(res *resource, props map[string]any, uri string) {
	var h *httpOut
	if ref := scalarString(props["ApiId"]); ref != "" {
		for _, c := range x.httpOrder {
			if c.name == ref || c.id == ref {
				h = c
			}
		}
		if h == nil {
			x.note("%s: HttpApi event names ApiId %q, not an HTTP API of this template; left out", res.id, ref)
			return
		}
	} else {
		h = x.httpAPIs["ServerlessHttpApi"]
		if h == nil {
			h = x.httpAPI("ServerlessHttpApi", "ServerlessHttpApi", res.line)
			h.stages = []any{map[string]any{"stageName": "$default", "autoDeploy": true}}
			x.note("implicit HTTP API ServerlessHttpApi (stage $default) for the HttpApi events without ApiId, as SAM creates it")
		}
	}
	key := "$default"
	if path := scalarString(props["Path"]); path != "" {
		verb := strings.ToUpper(scalarString(props["Method"]))
		if verb == "" {
			verb = "ANY"
		}
		key = verb + " " + path
	}
	pf := scalarString(props["PayloadFormatVersion"])
	if pf == "" {
		pf = "2.0"
	}
	in := map[string]any{"integrationType": "AWS_PROXY", "integrationUri": uri, "payloadFormatVersion": pf}
	copyIf(in, "timeoutInMillis", props["TimeoutInMillis"])
	h.routes[key] = map[string]any{"integration": in}
}

// cfnMethod translates AWS::ApiGateway::Method.
func (x *translator) cfnMethod(res *resource, p map[string]any) {
	a := x.apiRef(res, p["RestApiId"])
	if a == nil {
		return
	}
	path, ok := x.resourcePath(scalarString(p["ResourceId"]), 0)
	if !ok {
		x.note("%s: ResourceId is not a resource of API %s (write !Ref MyResource or !GetAtt MyApi.RootResourceId); left out", res.id, a.name)
		return
	}
	m := pick(p, "AuthorizationType", "authorizationType", "AuthorizerId", "authorizerId", "ApiKeyRequired", "apiKeyRequired",
		"OperationName", "operationName", "RequestParameters", "requestParameters", "RequestModels", "requestModels",
		"RequestValidatorId", "requestValidatorId", "AuthorizationScopes", "authorizationScopes")
	var mrs []any
	for _, r := range asList(p["MethodResponses"]) {
		mrs = append(mrs, pick(asMap(r), "StatusCode", "statusCode", "ResponseParameters", "responseParameters", "ResponseModels", "responseModels"))
	}
	if len(mrs) > 0 {
		m["methodResponses"] = mrs
	}
	if in := asMap(p["Integration"]); len(in) > 0 {
		out := pick(in, "Type", "type", "Uri", "uri", "IntegrationHttpMethod", "httpMethod", "TimeoutInMillis", "timeoutInMillis",
			"RequestParameters", "requestParameters", "RequestTemplates", "requestTemplates", "PassthroughBehavior", "passthroughBehavior",
			"ContentHandling", "contentHandling", "CacheKeyParameters", "cacheKeyParameters", "CacheNamespace", "cacheNamespace")
		var irs []any
		for _, r := range asList(in["IntegrationResponses"]) {
			irs = append(irs, pick(asMap(r), "StatusCode", "statusCode", "SelectionPattern", "selectionPattern",
				"ResponseParameters", "responseParameters", "ResponseTemplates", "responseTemplates", "ContentHandling", "contentHandling"))
		}
		if len(irs) > 0 {
			out["integrationResponses"] = irs
		}
		m["integration"] = out
	}
	a.addMethod(path, strings.ToUpper(scalarString(p["HttpMethod"])), m)
}

// resourcePath follows ParentId up to the API's root.
func (x *translator) resourcePath(ref string, depth int) (string, bool) {
	id, ok := strings.CutPrefix(ref, resourceRef)
	if !ok || depth > 100 {
		return "", false
	}
	if strings.HasSuffix(id, "/") {
		return "/", true
	}
	res := x.t.resources[id]
	if res == nil || res.typ != "AWS::ApiGateway::Resource" {
		return "", false
	}
	p := x.t.properties(res)
	parent, ok := x.resourcePath(scalarString(p["ParentId"]), depth+1)
	if !ok {
		return "", false
	}
	return strings.TrimSuffix(parent, "/") + "/" + scalarString(p["PathPart"]), true
}

// cfnDeployment translates AWS::ApiGateway::Deployment: its StageName (with
// StageDescription) becomes a stage. The report warns of CloudFormation's deployment trap.
func (x *translator) cfnDeployment(res *resource, p map[string]any) {
	a := x.apiRef(res, p["RestApiId"])
	if a == nil {
		return
	}
	d := Deployment{LogicalID: res.id, API: a.name, ReplaceKey: a.id + " " + canonicalJSON(p["DeploymentCanarySettings"])}
	if s := scalarString(p["StageName"]); s != "" {
		a.addStage(stageFrom(s, asMap(p["StageDescription"])))
		d.Stages = append(d.Stages, s)
	}
	x.deploys = append(x.deploys, d)
	x.deployTrap = append(x.deployTrap, res.id)
}

// canonicalJSON writes a property value with sorted keys (encoding/json sorts map keys), to
// compare two templates' values.
func canonicalJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func (x *translator) result() *Result {
	ws := map[string]any{}
	var apis []any
	defs := map[string]any{}
	for _, a := range x.apiOrder {
		api := map[string]any{"name": a.name}
		maps.Copy(api, a.fields)
		if len(a.paths) > 0 {
			// A mapping in the template's order (resources: {/pets: {GET: …}}).
			resources := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
			for _, p := range a.paths {
				var v yaml.Node
				if err := v.Encode(a.methods[p]); err != nil {
					continue
				}
				resources.Content = append(resources.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: p}, &v)
			}
			api["resources"] = resources
		}
		if len(a.stages) > 0 {
			stages := make([]any, len(a.stages))
			for i, s := range a.stages {
				stages[i] = s
			}
			api["stages"] = stages
		}
		if len(a.authorizers) > 0 {
			api["authorizers"] = a.authorizers
		}
		if len(a.models) > 0 {
			api["models"] = a.models
		}
		if len(a.validators) > 0 {
			api["requestValidators"] = a.validators
		}
		if len(a.responses) > 0 {
			api["gatewayResponses"] = a.responses
		}
		// File paths stay relative to the template; the caller resolves them.
		if a.defFile != "" {
			api["openapi"] = a.defFile
		}
		if a.definition != nil {
			if inc, ok := includeLocation(a.definition); ok {
				api["openapi"] = inc
			} else {
				defs[a.name] = a.definition
			}
		}
		apis = append(apis, api)
	}
	if len(apis) > 0 {
		ws["restApis"] = apis
	}
	var httpAPIs []any
	for _, h := range x.httpOrder {
		api := map[string]any{"name": h.name, "routes": h.routes, "stages": h.stages}
		maps.Copy(api, h.fields)
		httpAPIs = append(httpAPIs, api)
	}
	if len(httpAPIs) > 0 {
		ws["httpApis"] = httpAPIs
	}
	if len(x.functions) > 0 {
		fns := make([]any, len(x.functions))
		for i, f := range x.functions {
			fns[i] = f
		}
		ws["functions"] = fns
	}
	var plans, keys []any
	for _, id := range x.planOrder {
		plans = append(plans, x.plans[id])
	}
	for _, id := range x.keyOrder {
		keys = append(keys, x.keys[id])
	}
	if len(plans) > 0 {
		ws["usagePlans"] = plans
	}
	if len(keys) > 0 {
		ws["apiKeys"] = keys
	}
	report := append([]string(nil), x.t.notes...)
	for _, d := range x.deployTrap {
		report = append(report, fmt.Sprintf("deployment trap: %s (AWS::ApiGateway::Deployment) is created once; a stack update that changes methods but not this resource does not redeploy, so the stage keeps serving the old API. Change its logical id (or use AWS::Serverless::Api, which does) to redeploy. apigwlab serves the template as written, unless the import names the template deployed before (deployed:) to replay a stack update.", d))
	}
	for _, typ := range slices.Sorted(maps.Keys(x.unsupport)) {
		report = append(report, fmt.Sprintf("not translated: %s (%s)", typ, strings.Join(x.unsupport[typ], ", ")))
	}
	return &Result{Workspace: ws, Definitions: defs, Lines: x.lines, Report: report, Deployments: x.deploys}
}

// includeLocation reads Fn::Transform AWS::Include {Location: FILE}.
func includeLocation(v any) (string, bool) {
	tr := asMap(asMap(v)["Fn::Transform"])
	if scalarString(tr["Name"]) != "AWS::Include" {
		return "", false
	}
	loc := scalarString(asMap(tr["Parameters"])["Location"])
	return loc, loc != "" && !strings.HasPrefix(loc, "s3://")
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func asList(v any) []any {
	switch l := v.(type) {
	case []any:
		return l
	case nil:
		return nil
	}
	return []any{v}
}

// pick copies the given properties under new names: pick(p, "From", "to", …).
func pick(p map[string]any, pairs ...string) map[string]any {
	out := map[string]any{}
	for i := 0; i+1 < len(pairs); i += 2 {
		if v, ok := p[pairs[i]]; ok {
			out[pairs[i+1]] = v
		}
	}
	return out
}

func setStr(m map[string]any, k string, v any) {
	if s := scalarString(v); s != "" {
		m[k] = s
	}
}

func copyIf(m map[string]any, k string, v any) {
	if v != nil {
		m[k] = v
	}
}
