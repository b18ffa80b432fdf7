package model

import (
	"fmt"
	"maps"
	"math"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"
)

// The validator checks every value of a decoded workspace against AWS's rules and collects
// every problem with its position, its field path, the accepted values and how to fix it.
// Sources of the AWS rules are given next to each table below.

var (
	// HTTP methods of an API Gateway REST API method (AWS Method.httpMethod; ANY is the
	// catch-all, cf. x-amazon-apigateway-any-method).
	httpMethods = []string{"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY"}
	// Method.authorizationType (AWS API reference, Method).
	authorizationTypes = []string{"NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"}
	integrationTypes   = []string{IntegrationAWSProxy, IntegrationAWS, IntegrationHTTPProxy, IntegrationHTTP, IntegrationMock}
	// Integration.passthroughBehavior (doc_source/integration-passthrough-behaviors.md).
	passthroughBehaviors = []string{PassthroughWhenNoMatch, PassthroughWhenNoTemplates, PassthroughNever}
	// contentHandling (doc_source/api-gateway-swagger-extensions-integration.md).
	contentHandlings = []string{"CONVERT_TO_TEXT", "CONVERT_TO_BINARY"}
	apiKeySources    = []string{"HEADER", "AUTHORIZER"}
	loggingLevels    = []string{"OFF", "ERROR", "INFO"}
	// Exact API values (aws-facts §4.2, from the AWS service model via LocalStack's enums).
	cacheControlStrategies = []string{"FAIL_WITH_403", "SUCCEED_WITH_RESPONSE_HEADER", "SUCCEED_WITHOUT_RESPONSE_HEADER"}
	// Stage.cacheClusterSize in GB (aws-facts §4.2).
	cacheClusterSizes = []string{"0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"}
	quotaPeriods      = []string{"DAY", "WEEK", "MONTH"}
	// The 21 gateway response types, alphabetical (real AWS GetGatewayResponses, aws-facts §1.1).
	gatewayResponseTypes = []string{
		"ACCESS_DENIED", "API_CONFIGURATION_ERROR", "AUTHORIZER_CONFIGURATION_ERROR",
		"AUTHORIZER_FAILURE", "BAD_REQUEST_BODY", "BAD_REQUEST_PARAMETERS", "DEFAULT_4XX",
		"DEFAULT_5XX", "EXPIRED_TOKEN", "INTEGRATION_FAILURE", "INTEGRATION_TIMEOUT",
		"INVALID_API_KEY", "INVALID_SIGNATURE", "MISSING_AUTHENTICATION_TOKEN", "QUOTA_EXCEEDED",
		"REQUEST_TOO_LARGE", "RESOURCE_NOT_FOUND", "THROTTLED", "UNAUTHORIZED",
		"UNSUPPORTED_MEDIA_TYPE", "WAF_FILTERED",
	}
)

var (
	regionRe    = lazyRE(`^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$`)
	accountIDRe = lazyRE(`^\d{12}$`)
	awsIDRe     = lazyRE(`^[a-z0-9]{10}$`)
	mediaTypeRe = lazyRE(`^[^\s/]+/[^\s/]+$`)
	statusRe    = lazyRE(`^[1-5][0-9][0-9]$`)
	// A literal path part: AWS's CreateResource error reads "Resource's path part only allow
	// a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign
	// before the closing brace." (real AWS message, claudiajs/claudia#11; moto's copy). Real
	// AWS also accepts ':' (getmoto/moto#6148, aws/aws-cdk#22477), so ':' is allowed here.
	literalPartRe  = lazyRE(`^[a-zA-Z0-9._:-]+$`)
	variablePartRe = lazyRE(`^\{[a-zA-Z0-9._-]+\+?\}$`)
	// Stage names: "Stage names can only contain alphanumeric characters, hyphens, and
	// underscores. Maximum length is 128 characters." (AWS API reference, Stage.stageName).
	stageNameRe = lazyRE(`^[A-Za-z0-9_-]+$`)
	// Stage variables: "Variable names can have alphanumeric and underscore characters, and the
	// values must match [A-Za-z0-9-._~:/?#&=,]+" (AWS API reference, CreateDeployment/Stage
	// variables). AWS's own error for a bad value also lists the space ("Please use values
	// with alphanumeric characters and the symbols ' ', '-', '.', '_', ':', '/', '?', '&', '='
	// and ','", sirceljm/aws-lambda-blog#10), so a space is accepted too. Limits (names at most
	// 64 characters, values at most 512, 100 variables per stage): doc_source/limits.md.
	stageVarNameRe  = lazyRE(`^[A-Za-z0-9_]+$`)
	stageVarValueRe = lazyRE(`^[A-Za-z0-9\-._~:/?#&=, ]+$`)
	stageVarRefRe   = lazyRE(`\$\{stageVariables\.[A-Za-z0-9_]+\}`)
	pathParamRe     = lazyRE(`\{[^{}/]+\}`)
	// Lambda names (AWS Lambda API reference, FunctionName pattern and 64-character limit;
	// alias Name pattern (?!^[0-9]+$)([a-zA-Z0-9-_]+), at most 128 characters).
	functionNameRe = lazyRE(`^[a-zA-Z0-9_-]{1,64}$`)
	aliasNameRe    = lazyRE(`^[a-zA-Z0-9_-]{1,128}$`)
	qualifierRe    = lazyRE(`^(\$LATEST|[a-zA-Z0-9_-]+)$`)
	versionRe      = lazyRE(`^[1-9][0-9]*$`)
	digitsRe       = lazyRE(`^[0-9]+$`)

	methodRequestParamRe   = lazyRE(`^method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.\S+$`)
	integrationRequestKey  = lazyRE(`^integration\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.\S+$`)
	methodResponseHeaderRe = lazyRE(`^method\.response\.header\.\S+$`)
	gatewayHeaderRe        = lazyRE(`^gatewayresponse\.header\.\S+$`)
	cacheKeyParamRe        = lazyRE(`^(method|integration)\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.\S+$`)
	// Sources of an integration request parameter (doc_source/
	// api-gateway-swagger-extensions-integration-requestParameters.md): a method request
	// parameter, the body or a JSONPath into it, a 'static value', a stage or context variable.
	paramSourceRe = lazyRE(`^(method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.\S+|method\.request\.body(\.\S+)?|'.*'|\$?stageVariables\.[A-Za-z0-9_]+|\$?context\.\S+)$`)

	// Lambda integration URIs. Short forms are apigwlab's; the long form is AWS's
	// (doc_source/api-gateway-swagger-extensions-integration.md example).
	lambdaShortRe = lazyRE(`^function:([^:/]+)(?::([^:/]+))?$`)
	lambdaARNRe   = lazyRE(`^arn:aws:apigateway:([^:/]+):lambda:path/+2015-03-31/functions/arn:aws:lambda:([^:/]+):([^:/]+):function:([^:/]+)(?::([^:/]+))?/invocations$`)
	// Any other AWS service integration (type AWS): arn:aws:apigateway:REGION:SERVICE:action/…
	// or …:path/… (API reference, Integration.uri).
	serviceURIRe = lazyRE(`^arn:aws:apigateway:[^:/]+:[a-z0-9.-]+:(action|path)/.+$`)
)

// LambdaTarget extracts the function name and qualifier (alias or version, "" when absent)
// from an AWS or AWS_PROXY integration uri: function:NAME, function:NAME:QUALIFIER or
// arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]/invocations.
// Either may still contain ${stageVariables.x}. ok is false for any other uri.
func LambdaTarget(uri string) (name, qualifier string, ok bool) {
	if m := lambdaShortRe.FindStringSubmatch(uri); m != nil {
		return m[1], m[2], true
	}
	if m := lambdaARNRe.FindStringSubmatch(uri); m != nil {
		return m[4], m[5], true
	}
	return "", "", false
}

// lambdaFnARNRe is a Lambda function's own ARN, which HTTP APIs take as an AWS_PROXY
// integrationUri or an authorizerUri (REST APIs need the apigateway invocation ARN).
var lambdaFnARNRe = lazyRE(`^arn:aws:lambda:([^:/]+):([^:/]+):function:([^:/]+)(?::([^:/]+))?$`)

// V2LambdaTarget is LambdaTarget for HTTP APIs, which also take the function's ARN
// (arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]), as `aws apigatewayv2
// create-integration --integration-uri` and CloudFormation usually write it.
func V2LambdaTarget(uri string) (name, qualifier string, ok bool) {
	if m := lambdaFnARNRe.FindStringSubmatch(uri); m != nil {
		return m[3], m[4], true
	}
	return LambdaTarget(uri)
}

type validator struct {
	s     *session
	w     *Workspace
	funcs map[string]*Function
	apis  []*RestAPI
	api   *RestAPI // the REST API being checked (its authorizers resolve methods' authorizerId)
}

// posOf is the Pos field of a struct pointer (zero when it has none).
func posOf(owner any) Pos {
	rv := reflect.ValueOf(owner)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return Pos{}
	}
	f := rv.Elem().FieldByName("Pos")
	if f.IsValid() && f.Type() == posType {
		return f.Interface().(Pos)
	}
	return Pos{}
}

// where is the position and full path of field of owner, whose own path is base.
func (v *validator) where(owner any, base, field string) (Pos, string) {
	if b, ok := v.s.bases[owner]; ok {
		base = b
	}
	path := joinPath(base, field)
	if field != "" {
		if fp, ok := v.s.fields[fieldKey{owner, field}]; ok {
			if fp.path != "" {
				path = fp.path
			}
			return fp.val, path
		}
	}
	p := posOf(owner)
	if p.Line == 0 {
		if fp, ok := v.s.fields[fieldKey{owner, ""}]; ok {
			p = fp.val
		}
	}
	return p, path
}

// at reports a problem with field of owner (a struct pointer) whose path is base. Fields
// that failed to decode are not reported again.
func (v *validator) at(owner any, base, field, msg string) {
	if field != "" && v.s.bad[fieldKey{owner, field}] {
		return
	}
	pos, path := v.where(owner, base, field)
	v.s.add(pos, path, msg)
}

// atKey reports a problem with the key of map field (at the key's position).
func (v *validator) atKey(owner any, base, field, key, msg string) {
	pos, path := v.where(owner, base, field)
	if fp, ok := v.s.fields[fieldKey{owner, field + "." + key}]; ok {
		pos = fp.key
	}
	v.s.add(pos, path, msg)
}

// atVal reports a problem with the value of map field entry key.
func (v *validator) atVal(owner any, base, field, key, msg string) {
	if v.s.bad[fieldKey{owner, field + "." + key}] {
		return
	}
	v.at(owner, base, field+"."+key, msg)
}

func (v *validator) enum(owner any, base, field, val string, allowed []string, what string) bool {
	if val == "" || slices.Contains(allowed, val) {
		return true
	}
	v.at(owner, base, field, enumMsg(val, allowed, what))
	return false
}

func enumMsg(val string, allowed []string, what string) string {
	msg := fmt.Sprintf("%q is not %s: use one of %s", val, what, strings.Join(allowed, ", "))
	if s := suggest(val, allowed); s != "" {
		msg += " (did you mean " + s + "?)"
	}
	return msg
}

func quoteList(items []string) string {
	if len(items) == 0 {
		return "none"
	}
	return strings.Join(items, ", ")
}

func (v *validator) workspace() {
	w := v.w
	if w.APIVersion != "" && w.APIVersion != APIVersion {
		v.at(w, "", "apiVersion", fmt.Sprintf("%q is not supported: use %s (or leave apiVersion out)", w.APIVersion, APIVersion))
	}
	if w.Region != "" && !regionRe.MatchString(w.Region) {
		v.at(w, "", "region", fmt.Sprintf("%q is not an AWS Region name: write one such as us-east-1 or eu-west-2", w.Region))
	}
	if w.AccountID != "" && !accountIDRe.MatchString(w.AccountID) {
		v.at(w, "", "accountId", fmt.Sprintf("%q is not an AWS account id: use 12 digits, e.g. 123456789012", w.AccountID))
	}
	if t := w.Account.Throttle; t != nil {
		v.throttle(t, "account.throttle")
	}

	v.funcs = map[string]*Function{}
	for _, f := range w.Functions {
		if f != nil && f.FunctionName != "" {
			if _, dup := v.funcs[f.FunctionName]; !dup {
				v.funcs[f.FunctionName] = f
			}
		}
	}
	for _, api := range w.RestAPIs {
		if api != nil {
			v.apis = append(v.apis, api)
		}
	}

	names := map[string]*RestAPI{}
	ids := map[string]*RestAPI{}
	for i, api := range w.RestAPIs {
		if api == nil {
			continue
		}
		base := fmt.Sprintf("restApis[%d]", i)
		if api.Name == "" {
			v.at(api, base, "name", "missing: every REST API needs a name (usage plans and --api refer to it)")
		} else if first, dup := names[api.Name]; dup {
			v.at(api, base, "name", fmt.Sprintf("duplicate REST API name %q (first at %s): give each API its own name; usage plans and --api refer to APIs by name", api.Name, first.Pos))
		} else {
			names[api.Name] = api
		}
		if api.ID != "" {
			if !awsIDRe.MatchString(api.ID) {
				v.at(api, base, "id", fmt.Sprintf("%q is not a REST API id: use 10 lowercase letters and digits like AWS's ids (e.g. a1b2c3d4e5), or leave id out to derive one from the name", api.ID))
			} else if first, dup := ids[api.ID]; dup {
				v.at(api, base, "id", fmt.Sprintf("duplicate REST API id %q (also used by %s): ids must be unique", api.ID, first.Name))
			} else {
				ids[api.ID] = api
			}
		}
		v.restAPI(api, base)
	}
	v.httpAPIs(names)
	v.websocketAPIs(names)

	for i, f := range w.Functions {
		if f != nil {
			v.function(i, f)
		}
	}
	v.backends()
	v.usagePlans()
	v.apiKeys()
	v.userPools()
	v.iam()
	v.domains() // validate_domains.go
}

func (v *validator) throttle(t *ThrottleSettings, base string) {
	// A bucket with a rate but no burst can never hold a whole token: every request would be
	// 429. AWS's console asks for both; say so rather than silently refuse all traffic.
	if (t.RateLimit > 0) != (t.BurstLimit > 0) {
		field := "rateLimit"
		if t.BurstLimit > 0 {
			field = "burstLimit"
		}
		v.at(t, base, field, fmt.Sprintf("give both rateLimit and burstLimit (got rateLimit %g, burstLimit %d): a bucket with burst 0 refuses every request, one with rate 0 never refills", t.RateLimit, t.BurstLimit))
	}
	if t.BurstLimit < 0 {
		v.at(t, base, "burstLimit", fmt.Sprintf("%d is negative: use 0 or more requests", t.BurstLimit))
	}
	if t.RateLimit < 0 || math.IsNaN(t.RateLimit) {
		v.at(t, base, "rateLimit", fmt.Sprintf("%g is negative: use 0 or more requests per second", t.RateLimit))
	}
}

func countMethods(rs []*Resource) int {
	n := 0
	for _, r := range rs {
		if r != nil {
			n += len(r.Methods)
		}
	}
	return n
}

func (v *validator) restAPI(api *RestAPI, base string) {
	v.api = api
	v.authorizers(api, base)
	v.apiAccess(api, base)
	v.enum(api, base, "apiKeySource", api.APIKeySource, apiKeySources, "an API key source")
	for j, mt := range api.BinaryMediaTypes {
		if !mediaTypeRe.MatchString(mt) {
			v.at(api, base, fmt.Sprintf("binaryMediaTypes[%d]", j), fmt.Sprintf("%q is not a media type: write type/subtype, e.g. image/png or */*", mt))
		}
	}
	v.resources(api, base, "resources", api.Resources)
	v.models(api, base)

	deps := map[string]*Deployment{}
	for j, d := range api.Deployments {
		if d == nil {
			continue
		}
		dbase := fmt.Sprintf("%s.deployments[%d]", base, j)
		switch first, dup := deps[d.ID]; {
		case d.ID == "":
			v.at(d, dbase, "id", "missing: stages refer to a deployment by its id, e.g. id: v1")
		case dup:
			v.at(d, dbase, "id", fmt.Sprintf("duplicate deployment id %q (first at %s): deployment ids are unique in an API", d.ID, first.Pos))
		default:
			deps[d.ID] = d
		}
		if len(d.Resources) > 0 || d.OpenAPI != "" {
			v.resources(d, dbase, "resources", d.Resources)
			if countMethods(d.Resources) == 0 {
				v.at(d, dbase, "resources", "the deployment has no methods: add at least one (AWS: \"The REST API doesn't contain any methods\")")
			}
		}
	}
	if len(api.Stages) > 0 && countMethods(api.Resources) == 0 && !allStagesOnOwnDeployments(api, deps) {
		v.at(api, base, "resources", "the API has no methods, so its stages cannot serve anything: add one, e.g. /: {GET: {integration: {type: MOCK, requestTemplates: {application/json: '{\"statusCode\": 200}'}, integrationResponses: [{statusCode: \"200\"}]}}} (AWS: \"The REST API doesn't contain any methods\")")
	}

	stageNames := map[string]*Stage{}
	for j, st := range api.Stages {
		if st == nil {
			continue
		}
		sbase := fmt.Sprintf("%s.stages[%d]", base, j)
		if first, dup := stageNames[st.StageName]; dup && st.StageName != "" {
			v.at(st, sbase, "stageName", fmt.Sprintf("duplicate stage name %q (first at %s): stage names are unique in an API", st.StageName, first.Pos))
		} else {
			stageNames[st.StageName] = st
		}
		v.stage(api, st, sbase, deps)
	}

	for _, typ := range slices.Sorted(maps.Keys(api.GatewayResponses)) {
		gr := api.GatewayResponses[typ]
		gbase := base + ".gatewayResponses." + typ
		if !slices.Contains(gatewayResponseTypes, typ) {
			v.atKey(api, base, "gatewayResponses", typ, enumMsg(typ, gatewayResponseTypes, "a gateway response type"))
		}
		if gr == nil {
			continue
		}
		if gr.StatusCode != "" && !statusRe.MatchString(gr.StatusCode) {
			v.at(gr, gbase, "statusCode", statusMsg(gr.StatusCode))
		}
		for _, k := range slices.Sorted(maps.Keys(gr.ResponseParameters)) {
			if !gatewayHeaderRe.MatchString(k) {
				v.atKey(gr, gbase, "responseParameters", k, fmt.Sprintf("%q is not a gateway response parameter: use gatewayresponse.header.NAME (the response header to set)", k))
			}
		}
		v.gatewayResponseSources(gr, gbase)
		v.templates(gr, gbase, "responseTemplates", gr.ResponseTemplates)
		v.templateSyntax(gr, gbase, "responseTemplates", gr.ResponseTemplates, true)
	}
}

func allStagesOnOwnDeployments(api *RestAPI, deps map[string]*Deployment) bool {
	for _, st := range api.Stages {
		if st == nil {
			continue
		}
		d := deps[st.DeploymentID]
		if st.DeploymentID == "" || d == nil || len(d.Resources) == 0 {
			return false
		}
	}
	return true
}

func statusMsg(code string) string {
	return fmt.Sprintf("%q is not an HTTP status code: use three digits from 100 to 599, e.g. \"200\"", code)
}

func (v *validator) templates(owner any, base, field string, m map[string]string) {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if !mediaTypeRe.MatchString(k) {
			v.atKey(owner, base, field, k, fmt.Sprintf("%q is not a content type: templates are keyed by content type, e.g. application/json", k))
		}
	}
}

// pathParts splits a valid resource path into its parts ("/" has none).
func pathParts(p string) []string {
	if p == "/" {
		return nil
	}
	return strings.Split(p[1:], "/")
}

// checkPath returns what is wrong with a resource path, or "".
func checkPath(p string) string {
	switch {
	case p == "":
		return "empty path: write / for the root resource"
	case !strings.HasPrefix(p, "/"):
		return fmt.Sprintf("path %q must start with \"/\": write /%s", p, p)
	case p == "/":
		return ""
	case strings.HasSuffix(p, "/"):
		return fmt.Sprintf("path %q ends with \"/\": write %s (only the root resource is \"/\")", p, strings.TrimRight(p, "/"))
	}
	parts := pathParts(p)
	for i, part := range parts {
		switch {
		case part == "":
			return fmt.Sprintf("path %q has an empty part (//): remove the extra slash", p)
		case strings.HasPrefix(part, "{") || strings.HasSuffix(part, "}") || strings.HasSuffix(part, "+}"):
			if !variablePartRe.MatchString(part) {
				return fmt.Sprintf("path part %q is not a valid variable: write {name} or, for the rest of the path, {name+}, with letters, digits and . _ - in the name (AWS: \"Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.\")", part)
			}
			if strings.HasSuffix(part, "+}") && i < len(parts)-1 {
				return fmt.Sprintf("path %q puts a resource under the greedy variable %s, which must be the last part of a path (AWS: \"Cannot create a child of a resource with a greedy path variable: %s\")", p, part, part)
			}
		case !literalPartRe.MatchString(part):
			return fmt.Sprintf("path part %q is not valid: use letters, digits and . _ - : in a literal part, or {name} / {name+} for a variable (AWS: \"Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.\")", part)
		}
	}
	return ""
}

// resources validates a resource tree: paths, the one-variable-per-parent rule, methods.
func (v *validator) resources(owner any, base, field string, rs []*Resource) {
	rbase := joinPath(base, field)
	seen := map[string]*Resource{}
	type sibling struct {
		part string
		r    *Resource
	}
	variables := map[string]sibling{} // parent path → its variable child
	reported := map[string]bool{}
	for _, r := range rs {
		if r == nil {
			continue
		}
		pb := joinPath(rbase, r.Path)
		if first, dup := seen[r.Path]; dup {
			v.at(r, pb, "", fmt.Sprintf("duplicate resource %s (first at %s): declare each path once (AWS: \"Another resource with the same parent already has this name\")", r.Path, first.Pos))
			continue
		}
		seen[r.Path] = r
		if msg := checkPath(r.Path); msg != "" {
			v.at(r, pb, "", msg)
		} else {
			parts := pathParts(r.Path)
			for i, part := range parts {
				if !strings.HasPrefix(part, "{") {
					continue
				}
				parent := "/" + strings.Join(parts[:i], "/")
				sib, ok := variables[parent]
				if !ok {
					variables[parent] = sibling{part, r}
					continue
				}
				if sib.part != part && !reported[parent+"\x00"+part] {
					reported[parent+"\x00"+part] = true
					v.at(r, pb, "", fmt.Sprintf("A sibling (%s) of this resource already has a variable path part -- only one is allowed (AWS): under %s use %s (as in %s), not %s", sib.part, parent, sib.part, sib.r.Path, part))
				}
			}
		}
		methods := map[string]*Method{}
		for _, m := range r.Methods {
			if m == nil {
				continue
			}
			mbase := joinPath(pb, m.HTTPMethod)
			if first, dup := methods[m.HTTPMethod]; dup {
				v.at(m, mbase, "", fmt.Sprintf("duplicate method %s (first at %s)", m.HTTPMethod, first.Pos))
				continue
			}
			methods[m.HTTPMethod] = m
			if !slices.Contains(httpMethods, m.HTTPMethod) {
				msg := fmt.Sprintf("%q is not an HTTP method API Gateway supports: use one of %s", m.HTTPMethod, strings.Join(httpMethods, ", "))
				if up := strings.ToUpper(m.HTTPMethod); slices.Contains(httpMethods, up) {
					msg = fmt.Sprintf("%q: method names are upper case: write %s", m.HTTPMethod, up)
				}
				v.at(m, mbase, "", msg)
			}
			v.method(m, mbase)
		}
	}
}

func (v *validator) method(m *Method, base string) {
	if v.enum(m, base, "authorizationType", m.AuthorizationType, authorizationTypes, "an authorization type") {
		v.methodAuth(m, base)
	}
	v.methodRefs(m, base)
	for _, k := range slices.Sorted(maps.Keys(m.RequestParameters)) {
		if !methodRequestParamRe.MatchString(k) {
			v.atKey(m, base, "requestParameters", k, fmt.Sprintf("%q is not a method request parameter: write method.request.path.NAME, method.request.querystring.NAME or method.request.header.NAME %s", k, awsMapping("Invalid mapping expression specified: "+k)))
		}
	}
	v.templates(m, base, "requestModels", m.RequestModels)
	codes := map[string]int{}
	for j, mr := range m.MethodResponses {
		if mr == nil {
			continue
		}
		mrbase := fmt.Sprintf("%s.methodResponses[%d]", base, j)
		switch first, dup := codes[mr.StatusCode]; {
		case mr.StatusCode == "":
			v.at(mr, mrbase, "statusCode", "missing: a method response needs a statusCode, e.g. \"200\"")
		case !statusRe.MatchString(mr.StatusCode):
			v.at(mr, mrbase, "statusCode", statusMsg(mr.StatusCode))
		case dup:
			v.at(mr, mrbase, "statusCode", fmt.Sprintf("status %s is already declared by methodResponses[%d]", mr.StatusCode, first))
		default:
			codes[mr.StatusCode] = j
		}
		for _, k := range slices.Sorted(maps.Keys(mr.ResponseParameters)) {
			if !methodResponseHeaderRe.MatchString(k) {
				v.atKey(mr, mrbase, "responseParameters", k, fmt.Sprintf("%q is not a method response parameter: write method.response.header.NAME", k))
			}
		}
		v.templates(mr, mrbase, "responseModels", mr.ResponseModels)
	}
	if m.Integration == nil {
		msg := "missing: every method needs an integration, e.g. integration: {type: MOCK} (AWS: \"No integration defined for method\")"
		if _, imported := v.s.bases[m]; imported {
			msg = "missing: every method needs an integration, e.g. x-amazon-apigateway-integration: {type: mock} (AWS: \"No integration defined for method\")"
		}
		v.at(m, base, "integration", msg)
		return
	}
	v.integration(m.Integration, joinPath(base, "integration"))
	v.methodMappings(m, base)
}

func (v *validator) integration(in *Integration, base string) {
	v.connection(in, base) // validate_domains.go
	typeOK := true
	if in.Type == "" {
		v.at(in, base, "type", "missing: use one of "+strings.Join(integrationTypes, ", "))
		typeOK = false
	} else if !slices.Contains(integrationTypes, in.Type) {
		typeOK = false
		msg := enumMsg(in.Type, integrationTypes, "an integration type")
		if strings.Contains(strings.ToLower(in.Type), "lambda") {
			msg += " (Lambda proxy integrations are AWS_PROXY, Lambda custom integrations AWS)"
		}
		v.at(in, base, "type", msg)
	}
	lambda := false
	switch in.Type {
	case IntegrationAWSProxy, IntegrationAWS:
		if in.URI == "" {
			v.at(in, base, "uri", fmt.Sprintf("missing: a %s integration needs the function to call: uri: function:NAME (or function:NAME:ALIAS, or the full arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/arn:aws:lambda:…:function:NAME/invocations)", in.Type))
		} else {
			lambda = v.lambdaURI(in, base)
		}
	case IntegrationHTTP, IntegrationHTTPProxy:
		if in.URI == "" {
			v.at(in, base, "uri", fmt.Sprintf("missing: a %s integration needs the backend URL, e.g. uri: https://example.com/pets/{id}", in.Type))
		} else if msg := checkHTTPURI(in.URI); msg != "" {
			v.at(in, base, "uri", msg)
		}
	}
	if typeOK {
		switch in.Type {
		case IntegrationAWS:
			if lambda && in.HTTPMethod != "" && in.HTTPMethod != "POST" {
				v.at(in, base, "httpMethod", fmt.Sprintf("%q: Lambda is invoked with POST: set httpMethod: POST or leave it out", in.HTTPMethod))
			} else if !lambda {
				v.enum(in, base, "httpMethod", in.HTTPMethod, httpMethods, "an HTTP method")
			}
		case IntegrationHTTP, IntegrationHTTPProxy:
			if in.HTTPMethod == "" {
				v.at(in, base, "httpMethod", "missing: the method used to call the backend, e.g. httpMethod: GET (ANY passes the client's method on)")
			} else {
				v.enum(in, base, "httpMethod", in.HTTPMethod, httpMethods, "an HTTP method")
			}
		}
	}
	// timeoutInMillis: 50–29000, 0 meaning AWS's default of 29000 (doc_source/limits.md;
	// x-amazon-apigateway-integration: "Integration timeouts between 50 ms and 29,000 ms").
	// Since June 2024 Regional and private REST APIs may go beyond 29 s after a quota
	// increase; edge-optimized APIs cannot ("You can increase the default value to longer
	// than 29 seconds for Regional or private APIs only", Integration.timeoutInMillis, API
	// reference; What's New 2024-06-04). The docs name no ceiling: 300000 ms is the figure
	// AWS support gives on re:Post (unconfirmed, see docs/fidelity.md).
	if t, limit := in.TimeoutInMillis, maxIntegrationTimeout(v.api); t != 0 && (t < 50 || t > limit) {
		msg := fmt.Sprintf("%d is out of range: accepted 50–%d", t, limit)
		if t > limit && limit == DefaultIntegrationTimeout {
			msg += " (only Regional and private APIs can go beyond 29 s, after a quota increase: endpointConfiguration: {types: [REGIONAL]})"
		}
		v.at(in, base, "timeoutInMillis", msg)
	}
	v.enum(in, base, "passthroughBehavior", in.PassthroughBehavior, passthroughBehaviors, "a passthrough behavior")
	v.enum(in, base, "contentHandling", in.ContentHandling, contentHandlings, "a content handling")
	for _, k := range slices.Sorted(maps.Keys(in.RequestParameters)) {
		if !integrationRequestKey.MatchString(k) {
			v.atKey(in, base, "requestParameters", k, fmt.Sprintf("%q is not an integration request parameter: write integration.request.path.NAME, integration.request.querystring.NAME or integration.request.header.NAME", k))
		}
		if val := in.RequestParameters[k]; !paramSourceRe.MatchString(val) {
			v.atVal(in, base, "requestParameters", k, fmt.Sprintf("%q is not a parameter source: use method.request.{path|querystring|header}.NAME, method.request.body, a 'quoted literal', stageVariables.NAME or context.NAME", val))
		}
	}
	v.templates(in, base, "requestTemplates", in.RequestTemplates)
	v.templateSyntax(in, base, "requestTemplates", in.RequestTemplates, false)
	for j, k := range in.CacheKeyParameters {
		if !cacheKeyParamRe.MatchString(k) {
			v.at(in, base, fmt.Sprintf("cacheKeyParameters[%d]", j), fmt.Sprintf("%q is not a request parameter: cache keys are written method.request.querystring.NAME, method.request.path.NAME or method.request.header.NAME", k))
		}
	}
	codes := map[string]int{}
	deflt := -1
	for j, ir := range in.IntegrationResponses {
		if ir == nil {
			continue
		}
		ibase := fmt.Sprintf("%s.integrationResponses[%d]", base, j)
		switch first, dup := codes[ir.StatusCode]; {
		case ir.StatusCode == "":
			v.at(ir, ibase, "statusCode", "missing: the method response status this maps to, e.g. statusCode: \"200\"")
		case !statusRe.MatchString(ir.StatusCode):
			v.at(ir, ibase, "statusCode", statusMsg(ir.StatusCode))
		case dup:
			v.at(ir, ibase, "statusCode", fmt.Sprintf("status %s is already mapped by integrationResponses[%d]: AWS keys integration responses by status code, so give each its own", ir.StatusCode, first))
		default:
			codes[ir.StatusCode] = j
		}
		if ir.SelectionPattern == "" {
			if deflt >= 0 {
				v.at(ir, ibase, "selectionPattern", fmt.Sprintf("missing: integrationResponses[%d] is already the default (no selectionPattern); give this one a pattern", deflt))
			} else {
				deflt = j
			}
		} else if _, err := regexp.Compile(ir.SelectionPattern); err != nil {
			// AWS evaluates selectionPattern as a Java regular expression; apigwlab uses Go's
			// RE2, which covers the common subset but has no lookarounds or backreferences.
			v.at(ir, ibase, "selectionPattern", fmt.Sprintf("%q is not a valid regular expression: %s (apigwlab uses Go's RE2 syntax; AWS uses Java's, so avoid lookarounds and backreferences)", ir.SelectionPattern, reErr(err)))
		}
		for _, k := range slices.Sorted(maps.Keys(ir.ResponseParameters)) {
			if !methodResponseHeaderRe.MatchString(k) {
				v.atKey(ir, ibase, "responseParameters", k, fmt.Sprintf("%q is not a method response parameter: write method.response.header.NAME", k))
			}
		}
		v.templates(ir, ibase, "responseTemplates", ir.ResponseTemplates)
		v.templateSyntax(ir, ibase, "responseTemplates", ir.ResponseTemplates, false)
		v.enum(ir, ibase, "contentHandling", ir.ContentHandling, contentHandlings, "a content handling")
	}
}

func reErr(err error) string {
	msg := err.Error()
	return strings.TrimPrefix(msg, "error parsing regexp: ")
}

// checkHTTPURI returns what is wrong with an HTTP integration URL, or "".
func checkHTTPURI(u string) string {
	rest := stageVarRefRe.ReplaceAllString(u, "stagevar")
	if strings.Contains(rest, "${") {
		return fmt.Sprintf("%q: only ${stageVariables.NAME} can be substituted in a uri", u)
	}
	if strings.HasPrefix(u, "${stageVariables.") {
		return "" // the whole URL comes from a stage variable
	}
	rest = pathParamRe.ReplaceAllString(rest, "param")
	pu, err := url.Parse(rest)
	if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
		return fmt.Sprintf("%q is not an absolute http(s) URL: write e.g. https://example.com/pets/{id} (${stageVariables.NAME} and {param} may appear in it)", u)
	}
	return ""
}

// lambdaURI checks an AWS/AWS_PROXY uri; it reports whether it names a Lambda function.
func (v *validator) lambdaURI(in *Integration, base string) bool {
	return v.lambdaURIAt(in, in.Type, in.URI, base, "uri")
}

// lambdaURIAt checks a Lambda uri written in field of owner (an integration of type typ, or
// an authorizer); it reports whether it names a Lambda function.
func (v *validator) lambdaURIAt(owner any, typ, uri, base, field string) bool {
	name, qual, ok := LambdaTarget(uri)
	if !ok {
		if typ == IntegrationAWS && serviceURIRe.MatchString(uri) && !strings.Contains(uri, ":lambda:") {
			v.at(owner, base, field, fmt.Sprintf("%q is an AWS service integration: apigwlab simulates Lambda, HTTP and MOCK integrations, not other AWS services yet", uri))
			return false
		}
		msg := fmt.Sprintf("%q is not a Lambda function uri: write function:NAME, function:NAME:ALIAS or arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/arn:aws:lambda:REGION:ACCOUNT:function:NAME/invocations", uri)
		if typ == IntegrationAWS {
			msg += " (or, for another AWS service, arn:aws:apigateway:REGION:SERVICE:action/ACTION)"
		}
		v.at(owner, base, field, msg)
		return true
	}
	if strings.Contains(stageVarRefRe.ReplaceAllString(uri, ""), "${") {
		v.at(owner, base, field, fmt.Sprintf("%q: only ${stageVariables.NAME} can be substituted in a uri", uri))
		return true
	}
	if strings.Contains(name, "${") {
		return true // the function is chosen per request by a stage variable
	}
	if !functionNameRe.MatchString(name) {
		v.at(owner, base, field, fmt.Sprintf("%q is not a valid Lambda function name: use letters, digits, hyphens and underscores, at most 64 characters", name))
		return true
	}
	f := v.funcs[name]
	if f == nil {
		names := slices.Sorted(maps.Keys(v.funcs))
		var msg string
		if len(names) == 0 {
			msg = fmt.Sprintf("function %q is not declared: add it under functions: (- functionName: %s)", name, name)
		} else {
			msg = fmt.Sprintf("function %q is not declared: declared functions are %s", name, strings.Join(names, ", "))
			if s := suggest(name, names); s != "" {
				msg += " (did you mean " + s + "?)"
			}
		}
		v.at(owner, base, field, msg)
		return true
	}
	if qual == "" || strings.Contains(qual, "${") || qual == "$LATEST" {
		return true
	}
	if !qualifierRe.MatchString(qual) {
		v.at(owner, base, field, fmt.Sprintf("%q is not a valid alias or version: use $LATEST, a version number or an alias name", qual))
		return true
	}
	if _, ok := f.Aliases[qual]; ok {
		return true
	}
	for _, ver := range f.Versions {
		if ver != nil && ver.Version == qual {
			return true
		}
	}
	v.at(owner, base, field, fmt.Sprintf("function %q has no alias or version %q: %s", name, qual, qualifiers(f)))
	return true
}

func qualifiers(f *Function) string {
	aliases := slices.Sorted(maps.Keys(f.Aliases))
	var versions []string
	for _, ver := range f.Versions {
		if ver != nil {
			versions = append(versions, ver.Version)
		}
	}
	if len(aliases) == 0 && len(versions) == 0 {
		return "it has no aliases or versions; use $LATEST or declare them under aliases: and versions:"
	}
	return fmt.Sprintf("its aliases are %s and its versions %s (and $LATEST)", quoteList(aliases), quoteList(versions))
}

// stageResources is what a stage serves: its deployment's own resources, or the API's.
func stageResources(api *RestAPI, st *Stage) []*Resource {
	if st.DeploymentID != "" {
		for _, d := range api.Deployments {
			if d != nil && d.ID == st.DeploymentID && (len(d.Resources) > 0 || d.OpenAPI != "") {
				return d.Resources
			}
		}
	}
	return api.Resources
}

func findResource(rs []*Resource, path string) *Resource {
	for _, r := range rs {
		if r != nil && r.Path == path {
			return r
		}
	}
	return nil
}

func methodNames(r *Resource) []string {
	var out []string
	for _, m := range r.Methods {
		if m != nil {
			out = append(out, m.HTTPMethod)
		}
	}
	return out
}

func resourcePaths(rs []*Resource) []string {
	var out []string
	for _, r := range rs {
		if r != nil {
			out = append(out, r.Path)
		}
	}
	return out
}

// checkMethodRef checks that resource path and method exist in rs ("*" matches anything).
func checkMethodRef(rs []*Resource, path, method string) string {
	if method != "*" && !slices.Contains(httpMethods, method) {
		return fmt.Sprintf("%q is not an HTTP method: use one of %s, or * for all", method, strings.Join(httpMethods, ", "))
	}
	if path == "*" || path == "/*" {
		return ""
	}
	r := findResource(rs, path)
	if r == nil {
		paths := resourcePaths(rs)
		msg := fmt.Sprintf("no resource %s in this API: its resources are %s", path, quoteList(paths))
		if s := suggest(path, paths); s != "" {
			msg += " (did you mean " + s + "?)"
		}
		return msg
	}
	if method != "*" && !slices.Contains(methodNames(r), method) {
		return fmt.Sprintf("resource %s has no %s method: its methods are %s", path, method, quoteList(methodNames(r)))
	}
	return ""
}

// parseMethodSettingKey splits a stage methodSettings key: "*/*", or the resource path with
// its leading slash stripped, a slash and the method ("pets/GET", "pets/{petId}/DELETE").
// "~1" stands for "/" as in AWS's patch paths ("~1pets~1{petId}/GET"). AWS's key format:
// aws-facts §4.1 (real AWS GetStage snapshots).
func parseMethodSettingKey(key string) (path, method string, ok bool) {
	k := strings.ReplaceAll(key, "~1", "/")
	i := strings.LastIndex(k, "/")
	if i < 0 || i == len(k)-1 {
		return "", "", false
	}
	res, method := k[:i], k[i+1:]
	if res == "*" || res == "/*" {
		// "*/*" is AWS's only wildcard: "pets/*" or "*/GET" are not method setting keys.
		return "*", method, method == "*"
	}
	if method == "*" || strings.Contains(res, "*") {
		return "", "", false
	}
	res = strings.TrimPrefix(res, "/")
	if strings.HasPrefix(res, "/") {
		return "", "", false
	}
	return "/" + res, method, true
}

func (v *validator) stage(api *RestAPI, st *Stage, base string, deps map[string]*Deployment) {
	switch {
	case st.StageName == "":
		v.at(st, base, "stageName", "missing: every stage needs a stageName, the first part of its URL (/prod/pets)")
	case len(st.StageName) > 128 || !stageNameRe.MatchString(st.StageName):
		v.at(st, base, "stageName", fmt.Sprintf("%q is not a valid stage name: use letters, digits, hyphens and underscores, at most 128 (AWS: \"Stage names can only contain alphanumeric characters, hyphens, and underscores. Maximum length is 128 characters.\")", st.StageName))
	}
	if st.DeploymentID != "" && deps[st.DeploymentID] == nil {
		v.at(st, base, "deploymentId", noDeployment(st.DeploymentID, deps))
	}
	v.stageVariables(st, base, "variables", st.Variables)
	rs := stageResources(api, st)
	for _, key := range slices.Sorted(maps.Keys(st.MethodSettings)) {
		ms := st.MethodSettings[key]
		path, method, ok := parseMethodSettingKey(key)
		if !ok {
			v.atKey(st, base, "methodSettings", key, fmt.Sprintf("%q is not a method setting key: use */* for all methods, or the resource path without its leading slash, a slash and the method, e.g. pets/GET or pets/{petId}/DELETE", key))
		} else if msg := checkMethodRef(rs, path, method); msg != "" {
			v.atKey(st, base, "methodSettings", key, fmt.Sprintf("%q: %s", key, msg))
		}
		if ms == nil {
			continue
		}
		mbase := base + ".methodSettings." + key
		if r := ms.ThrottlingRateLimit; r != nil && (*r < 0 || math.IsNaN(*r)) {
			v.at(ms, mbase, "throttlingRateLimit", fmt.Sprintf("%g is negative: use 0 or more requests per second", *r))
		}
		if b := ms.ThrottlingBurstLimit; b != nil && *b < 0 {
			v.at(ms, mbase, "throttlingBurstLimit", fmt.Sprintf("%d is negative: use 0 or more requests", *b))
		}
		// cacheTtlInSeconds: 0–3600, default 300 (doc_source/api-gateway-caching.md).
		if t := ms.CacheTTLInSeconds; t != nil && (*t < 0 || *t > 3600) {
			v.at(ms, mbase, "cacheTtlInSeconds", fmt.Sprintf("%d is out of range: accepted 0–3600 seconds", *t))
		}
		v.enum(ms, mbase, "loggingLevel", ms.LoggingLevel, loggingLevels, "a logging level")
		v.enum(ms, mbase, "unauthorizedCacheControlHeaderStrategy", ms.UnauthorizedCacheControlHeaderStrategy, cacheControlStrategies, "a cache control strategy")
	}
	v.enum(st, base, "cacheClusterSize", st.CacheClusterSize, cacheClusterSizes, "a cache cluster size (GB)")
	if c := st.CanarySettings; c != nil {
		cbase := base + ".canarySettings"
		if c.PercentTraffic < 0 || c.PercentTraffic > 100 || math.IsNaN(c.PercentTraffic) {
			v.at(c, cbase, "percentTraffic", fmt.Sprintf("%g is out of range: accepted 0–100 (percent of the stage's requests)", c.PercentTraffic))
		}
		if c.DeploymentID != "" && deps[c.DeploymentID] == nil {
			v.at(c, cbase, "deploymentId", noDeployment(c.DeploymentID, deps))
		}
		v.stageVariables(c, cbase, "stageVariableOverrides", c.StageVariableOverrides)
	}
}

func noDeployment(id string, deps map[string]*Deployment) string {
	if len(deps) == 0 {
		return fmt.Sprintf("no deployment %q: the API has no deployments; declare it under deployments: (- id: %s), or leave deploymentId out to serve the API as written", id, id)
	}
	ids := slices.Sorted(maps.Keys(deps))
	msg := fmt.Sprintf("no deployment %q in this API: its deployments are %s", id, strings.Join(ids, ", "))
	if s := suggest(id, ids); s != "" {
		msg += " (did you mean " + s + "?)"
	}
	return msg
}

func (v *validator) stageVariables(owner any, base, field string, vars map[string]string) {
	if len(vars) > 100 {
		v.at(owner, base, field, fmt.Sprintf("%d stage variables: AWS allows at most 100 per stage", len(vars)))
	}
	for _, name := range slices.Sorted(maps.Keys(vars)) {
		switch {
		case !stageVarNameRe.MatchString(name):
			v.atKey(owner, base, field, name, fmt.Sprintf("%q is not a valid stage variable name: use letters, digits and underscores (AWS: [A-Za-z0-9_]+)", name))
		case len(name) > 64:
			v.atKey(owner, base, field, name, fmt.Sprintf("%q is too long for a stage variable name: AWS allows at most 64 characters", name))
		}
		val := vars[name]
		switch {
		case val == "":
			v.atVal(owner, base, field, name, "empty value: AWS requires at least one character (remove the variable instead)")
		case len(val) > 512:
			v.atVal(owner, base, field, name, fmt.Sprintf("the value has %d characters: AWS allows at most 512", len(val)))
		case !stageVarValueRe.MatchString(val):
			bad := strings.IndexFunc(val, func(r rune) bool { return !stageVarValueRe.MatchString(string(r)) })
			v.atVal(owner, base, field, name, fmt.Sprintf("%q contains %q, which AWS does not allow in a stage variable value: use letters, digits, spaces and - . _ ~ : / ? # & = ,", val, []rune(val[bad:])[0]))
		}
	}
}

// code checks a code function: what it runs, and that it declares no outcome of its own.
func (v *validator) code(f *Function, base string) {
	c := &f.Code
	if !c.IsCode() {
		if c.Runtime != "" {
			v.at(c, base, "runtime", fmt.Sprintf("runtime %s without code: give handler: file.export or code: for JavaScript, or command: for a Runtime API process", c.Runtime))
		}
		for j, ver := range f.Versions {
			if ver != nil && (ver.Handler != "" || ver.Source != "") {
				v.at(ver, fmt.Sprintf("%s.versions[%d]", base, j), versionCodeField(ver), "a version can pin code only in a code function: give the function handler:, code: or command: too")
			}
		}
		return
	}
	js := c.Command == ""
	switch {
	case js && c.Runtime != "" && !strings.HasPrefix(c.Runtime, "nodejs"):
		v.at(c, base, "runtime", fmt.Sprintf("runtime %s runs only through command: (the Lambda Runtime API); in-process code is JavaScript: runtime nodejs20.x", c.Runtime))
	case js && c.Handler != "" && c.Source == "" && !strings.Contains(c.Handler, "."):
		v.at(c, base, "handler", fmt.Sprintf("%q is not file.export: write handler: index.handler for the export handler of index.js beside the workspace", c.Handler))
	case !js && c.Source != "":
		v.at(c, base, "code", "give either code: (JavaScript run in-process) or command: (a Runtime API process), not both")
	}
	if c.MemorySize != 0 && (c.MemorySize < 128 || c.MemorySize > 10240) {
		v.at(c, base, "memorySize", fmt.Sprintf("%d MB is out of range: Lambda accepts 128–10240", c.MemorySize))
	}
	outcome := func(b *Behavior) string {
		switch {
		case b.Returns != nil:
			return "returns"
		case b.Error != nil:
			return "error"
		case b.Echo:
			return "echo"
		case len(b.Pushes) > 0:
			return "pushes"
		}
		return ""
	}
	const why = " declares an answer, but a code function computes it: remove it (latency stays: it is the duration replays simulate)"
	if k := outcome(&f.Behavior); k != "" {
		v.at(&f.Behavior, base, k, k+why)
	}
	if len(f.Cases) > 0 {
		v.at(f, base, "cases", "cases"+why)
	}
	for j, ver := range f.Versions {
		if ver == nil {
			continue
		}
		if k := outcome(&ver.Behavior); k != "" {
			v.at(&ver.Behavior, fmt.Sprintf("%s.versions[%d]", base, j), k, k+why)
		}
		if ver.Source != "" && !js {
			v.at(ver, fmt.Sprintf("%s.versions[%d]", base, j), "code", "a command function's version cannot pin JavaScript code")
		}
	}
}

// versionCodeField names the code field a version sets, for the error's position.
func versionCodeField(ver *Version) string {
	if ver.Handler != "" {
		return "handler"
	}
	return "code"
}

func (v *validator) function(i int, f *Function) {
	base := fmt.Sprintf("functions[%d]", i)
	switch {
	case f.FunctionName == "":
		v.at(f, base, "functionName", "missing: every function needs a functionName (integrations call function:NAME)")
	case !functionNameRe.MatchString(f.FunctionName):
		v.at(f, base, "functionName", fmt.Sprintf("%q is not a valid Lambda function name: use letters, digits, hyphens and underscores, at most 64 characters", f.FunctionName))
	case v.funcs[f.FunctionName] != f:
		v.at(f, base, "functionName", fmt.Sprintf("duplicate function %q (first at %s): function names are unique", f.FunctionName, v.funcs[f.FunctionName].Pos))
	}
	v.behavior(&f.Behavior, base, f.Pos)
	v.code(f, base)
	// Lambda timeouts run from 1 s to 900 s (doc_source of AWS Lambda, configuration-timeout).
	if t := time.Duration(f.Timeout); t != 0 && (t < time.Second || t > 900*time.Second) {
		v.at(f, base, "timeout", fmt.Sprintf("%s is out of range: accepted 1s–900s (Lambda's limits)", t))
	}
	if t := time.Duration(f.ColdStart); t < 0 {
		v.at(f, base, "coldStart", fmt.Sprintf("%s is negative", t))
	}
	if rc := f.ReservedConcurrency; rc != nil && *rc < 0 {
		v.at(f, base, "reservedConcurrency", fmt.Sprintf("%d is negative: use 0 or more concurrent executions", *rc))
	}
	v.permissions(f, base)
	for j, c := range f.Cases {
		if c == nil {
			continue
		}
		cbase := fmt.Sprintf("%s.cases[%d]", base, j)
		if len(c.When) == 0 {
			v.at(c, cbase, "when", "missing: a case needs when: {field: value} to pick the events it handles (the function's own behaviour is the fallback)")
		}
		for _, k := range slices.Sorted(maps.Keys(c.When)) {
			if k == "" {
				v.atKey(c, cbase, "when", k, "an empty field name: write a top-level event field or a JSONPath such as $.queryStringParameters.id")
			}
		}
		v.behavior(&c.Behavior, cbase, c.Pos)
	}
	versions := map[string]*Version{}
	for j, ver := range f.Versions {
		if ver == nil {
			continue
		}
		vbase := fmt.Sprintf("%s.versions[%d]", base, j)
		switch first, dup := versions[ver.Version]; {
		case ver.Version == "":
			v.at(ver, vbase, "version", "missing: a published version has a number, e.g. version: 1")
		case ver.Version == "$LATEST":
			v.at(ver, vbase, "version", "$LATEST is the function itself: published versions are numbered 1, 2, 3, …")
		case !versionRe.MatchString(ver.Version):
			v.at(ver, vbase, "version", fmt.Sprintf("%q is not a version number: Lambda versions are whole numbers 1, 2, 3, …", ver.Version))
		case dup:
			v.at(ver, vbase, "version", fmt.Sprintf("duplicate version %s (first at %s)", ver.Version, first.Pos))
		default:
			versions[ver.Version] = ver
		}
		v.behavior(&ver.Behavior, vbase, ver.Pos)
	}
	for _, name := range slices.Sorted(maps.Keys(f.Aliases)) {
		a := f.Aliases[name]
		abase := base + ".aliases." + name
		if !aliasNameRe.MatchString(name) || digitsRe.MatchString(name) {
			v.atKey(f, base, "aliases", name, fmt.Sprintf("%q is not a valid alias name: use letters, digits, hyphens and underscores, not only digits (AWS: (?!^[0-9]+$)([a-zA-Z0-9-_]+))", name))
		}
		if a == nil {
			continue
		}
		known := func(ver string) bool { return ver == "$LATEST" || versions[ver] != nil }
		avail := fmt.Sprintf("published versions are %s (and $LATEST)", quoteList(slices.Sorted(maps.Keys(versions))))
		if a.Weights == nil {
			switch {
			case a.Version == "":
				v.at(a, abase, "version", "missing: point the alias at a version (live: 3) or at weighted versions (live: {\"3\": 0.9, \"4\": 0.1})")
			case !known(a.Version):
				v.at(a, abase, "version", fmt.Sprintf("alias %s points at version %q, which is not published: %s", name, a.Version, avail))
			}
			continue
		}
		if len(a.Weights) == 0 && !v.s.bad[fieldKey{a, "weights"}] {
			v.at(a, abase, "", "no versions: weighted routing needs versions and weights, e.g. {\"3\": 0.9, \"4\": 0.1}")
			continue
		}
		sum := 0.0
		for _, ver := range slices.Sorted(maps.Keys(a.Weights)) {
			w := a.Weights[ver]
			sum += w
			if ver == "$LATEST" {
				v.atKey(a, abase, "weights", ver, "$LATEST cannot take part in weighted routing: route between published versions (AWS: \"$LATEST is not supported for an alias pointing to more than 1 version\")")
				continue
			}
			if !known(ver) {
				v.atKey(a, abase, "weights", ver, fmt.Sprintf("alias %s routes to version %q, which is not published: %s", name, ver, avail))
			}
			if w < 0 || w > 1 {
				v.atVal(a, abase, "weights", ver, fmt.Sprintf("weight %g is out of range: accepted 0–1", w))
			}
		}
		if math.Abs(sum-1) > 0.001 && !v.s.bad[fieldKey{a, "weights"}] {
			v.at(a, abase, "", fmt.Sprintf("the weights add up to %g: they must add up to 1, e.g. {\"3\": 0.9, \"4\": 0.1}", sum))
		}
	}
}

func (v *validator) behavior(b *Behavior, base string, parent Pos) {
	if _, ok := v.s.fields[fieldKey{b, ""}]; !ok {
		v.s.fields[fieldKey{b, ""}] = fieldPos{key: parent, val: parent}
	}
	if b.Returns != nil && b.Error != nil {
		v.at(b, base, "error", "both returns and error are set: a handler either returns a value or raises an error; remove one")
	}
	if b.Echo && (b.Returns != nil || b.Error != nil) {
		v.at(b, base, "echo", "echo returns the event it receives: remove returns and error, or the echo")
	}
	for j, p := range b.Pushes {
		if p == nil {
			continue
		}
		pbase := joinPath(base, fmt.Sprintf("pushes[%d]", j))
		if p.To == "" {
			v.at(p, pbase, "to", "missing: push to self, others, all, a connection id, or $.PATH of the event (e.g. $.body.to)")
		}
	}
	v.latency(b, b.Latency, joinPath(base, "latency"))
}

// latency checks a latency written as field "latency" of owner (a behaviour or a backend
// answer), whose path is lbase.
func (v *validator) latency(owner any, l *Latency, lbase string) {
	if l == nil {
		return
	}
	switch {
	case l.Fixed < 0:
		v.at(l, lbase, "fixed", fmt.Sprintf("%s is negative", l.Fixed))
	case l.P50 < 0:
		v.at(l, lbase, "p50", fmt.Sprintf("%s is negative", l.P50))
	case l.P99 < 0:
		v.at(l, lbase, "p99", fmt.Sprintf("%s is negative", l.P99))
	case v.s.bad[fieldKey{owner, "latency"}]:
		// Part of the latency did not decode: comparing what did would only mislead.
	case l.Fixed != 0 && (l.P50 != 0 || l.P99 != 0):
		v.at(l, lbase, "fixed", "fixed and p50/p99 are both set: give a fixed latency or a distribution")
	case l.P50 != 0 && l.P99 == 0:
		v.at(l, lbase, "p99", "missing: a distribution needs both p50 and p99, e.g. {p50: 20ms, p99: 200ms}")
	case l.P99 != 0 && l.P50 == 0:
		v.at(l, lbase, "p50", "missing: a distribution needs both p50 and p99, e.g. {p50: 20ms, p99: 200ms}")
	case l.P99 < l.P50:
		v.at(l, lbase, "p99", fmt.Sprintf("%s is below p50 (%s): p99 must be at least p50", l.P99, l.P50))
	}
}

// apiStageKey identifies an API stage across plans.
type apiStageKey struct {
	api   *RestAPI
	stage string
}

func (v *validator) findAPI(ref string) *RestAPI {
	for _, api := range v.apis {
		if api.Name == ref {
			return api
		}
	}
	for _, api := range v.apis {
		if api.ID == ref || (api.ID == "" && api.Name != "" && deriveID("restapi", api.Name) == ref) {
			return api
		}
	}
	return nil
}

func (v *validator) usagePlans() {
	names := map[string]*UsagePlan{}
	for i, p := range v.w.UsagePlans {
		if p == nil {
			continue
		}
		base := fmt.Sprintf("usagePlans[%d]", i)
		switch first, dup := names[p.Name]; {
		case p.Name == "":
			v.at(p, base, "name", "missing: every usage plan needs a name (API keys refer to it)")
		case dup:
			v.at(p, base, "name", fmt.Sprintf("duplicate usage plan name %q (first at %s): give each plan its own name", p.Name, first.Pos))
		default:
			names[p.Name] = p
		}
		if p.Throttle != nil {
			v.throttle(p.Throttle, base+".throttle")
		}
		if q := p.Quota; q != nil {
			qbase := base + ".quota"
			if q.Period == "" {
				v.at(q, qbase, "period", "missing: a quota counts requests per DAY, WEEK or MONTH")
			} else {
				v.enum(q, qbase, "period", q.Period, quotaPeriods, "a quota period")
			}
			if q.Limit < 0 {
				v.at(q, qbase, "limit", fmt.Sprintf("%d is negative: use 0 or more requests", q.Limit))
			}
			if q.Offset < 0 {
				v.at(q, qbase, "offset", fmt.Sprintf("%d is negative", q.Offset))
			}
		}
		seen := map[apiStageKey]int{}
		for j, as := range p.APIStages {
			if as == nil {
				continue
			}
			asbase := fmt.Sprintf("%s.apiStages[%d]", base, j)
			var api *RestAPI
			if as.API == "" {
				v.at(as, asbase, "api", "missing: the REST API (name or id) this plan applies to")
			} else if api = v.findAPI(as.API); api == nil {
				var names []string
				for _, a := range v.apis {
					names = append(names, a.Name)
				}
				msg := fmt.Sprintf("no REST API named %q: the APIs are %s", as.API, quoteList(names))
				if v.isHTTPAPI(as.API) {
					msg = fmt.Sprintf("%q is an HTTP API: %s", as.API, noREST("API keys or usage plans"))
				} else if s := suggest(as.API, names); s != "" {
					msg += " (did you mean " + s + "?)"
				}
				v.at(as, asbase, "api", msg)
			}
			var st *Stage
			if as.Stage == "" {
				v.at(as, asbase, "stage", "missing: the stage of the API this plan applies to, e.g. stage: prod")
			} else if api != nil {
				var stages []string
				for _, s := range api.Stages {
					if s != nil && !slices.Contains(stages, s.StageName) {
						stages = append(stages, s.StageName)
						if s.StageName == as.Stage {
							st = s
						}
					}
				}
				if st == nil {
					v.at(as, asbase, "stage", fmt.Sprintf("API %s has no stage %q: its stages are %s", api.Name, as.Stage, quoteList(stages)))
				}
			}
			if api != nil && st != nil {
				k := apiStageKey{api, st.StageName}
				if first, dup := seen[k]; dup {
					v.at(as, asbase, "", fmt.Sprintf("the plan already includes %s/%s (apiStages[%d])", api.Name, st.StageName, first))
				} else {
					seen[k] = j
				}
			}
			for _, key := range slices.Sorted(maps.Keys(as.Throttle)) {
				if api != nil && st != nil {
					if msg := checkThrottleKey(stageResources(api, st), key); msg != "" {
						v.atKey(as, asbase, "throttle", key, fmt.Sprintf("%q: %s", key, msg))
					}
				}
				if t := as.Throttle[key]; t != nil {
					v.throttle(t, asbase+".throttle."+key)
				}
			}
		}
	}
}

// checkThrottleKey checks a usage plan per-method throttle key: "/path/METHOD" or "/*/*"
// (aws-facts §4.1: "/pets/GET").
func checkThrottleKey(rs []*Resource, key string) string {
	i := strings.LastIndex(key, "/")
	if !strings.HasPrefix(key, "/") || i == len(key)-1 {
		return "not a method throttle key: write /RESOURCE-PATH/METHOD (e.g. /pets/GET or /pets/{petId}/DELETE), or /*/* for all methods"
	}
	path, method := key[:i], key[i+1:]
	if path == "" {
		path = "/" // "/GET": the root resource
	}
	return checkMethodRef(rs, path, method)
}

func (v *validator) findPlan(ref string) *UsagePlan {
	for _, p := range v.w.UsagePlans {
		if p != nil && p.Name == ref {
			return p
		}
	}
	for _, p := range v.w.UsagePlans {
		if p != nil && p.ID == ref {
			return p
		}
	}
	return nil
}

func (v *validator) apiKeys() {
	names := map[string]*APIKey{}
	values := map[string]int{}
	for i, k := range v.w.APIKeys {
		if k == nil {
			continue
		}
		base := fmt.Sprintf("apiKeys[%d]", i)
		switch first, dup := names[k.Name]; {
		case k.Name == "":
			v.at(k, base, "name", "missing: every API key needs a name")
		case dup:
			v.at(k, base, "name", fmt.Sprintf("duplicate API key name %q (first at %s): give each key its own name", k.Name, first.Pos))
		default:
			names[k.Name] = k
		}
		// API key values: at least 20 characters (AWS CreateApiKey; CDK ApiKeyOptions.value
		// "Must be at least 20 characters long"), at most 128.
		switch first, dup := values[k.Value]; {
		case k.Value == "":
			v.at(k, base, "value", "missing: the key clients send in x-api-key, at least 20 characters (AWS's minimum)")
		case len(k.Value) < 20:
			v.at(k, base, "value", fmt.Sprintf("%q has %d characters: AWS requires at least 20", k.Value, len(k.Value)))
		case len(k.Value) > 128:
			v.at(k, base, "value", fmt.Sprintf("the value has %d characters: AWS allows at most 128", len(k.Value)))
		case dup:
			v.at(k, base, "value", fmt.Sprintf("the same value as apiKeys[%d]: API key values must be unique", first))
		default:
			values[k.Value] = i
		}
		type member struct {
			plan *UsagePlan
			idx  int
		}
		stages := map[apiStageKey]member{}
		seenPlans := map[*UsagePlan]int{}
		for j, ref := range k.UsagePlans {
			field := fmt.Sprintf("usagePlans[%d]", j)
			p := v.findPlan(ref)
			if p == nil {
				var plans []string
				for _, up := range v.w.UsagePlans {
					if up != nil {
						plans = append(plans, up.Name)
					}
				}
				msg := fmt.Sprintf("no usage plan named %q: the plans are %s", ref, quoteList(plans))
				if s := suggest(ref, plans); s != "" {
					msg += " (did you mean " + s + "?)"
				}
				v.at(k, base, field, msg)
				continue
			}
			if first, dup := seenPlans[p]; dup {
				v.at(k, base, field, fmt.Sprintf("plan %s is already listed (usagePlans[%d])", p.Name, first))
				continue
			}
			seenPlans[p] = j
			for _, as := range p.APIStages {
				if as == nil {
					continue
				}
				api := v.findAPI(as.API)
				if api == nil {
					continue
				}
				sk := apiStageKey{api, as.Stage}
				if m, clash := stages[sk]; clash && m.plan != p {
					v.at(k, base, field, fmt.Sprintf("plans %s and %s both include %s/%s: AWS lets a key belong to only one usage plan per API stage", m.plan.Name, p.Name, api.Name, as.Stage))
					break
				}
				stages[sk] = member{p, j}
			}
		}
	}
}

// maxRaisedIntegrationTimeout is the longest integration timeout a Regional or private REST
// API may be given after a quota increase.
const maxRaisedIntegrationTimeout = 300000

// maxIntegrationTimeout is the longest timeoutInMillis api accepts: 29 s for an
// edge-optimized API (the default endpoint type), more for Regional and private ones.
func maxIntegrationTimeout(api *RestAPI) int {
	if api != nil && api.EndpointConfiguration != nil {
		for _, t := range api.EndpointConfiguration.Types {
			if t == "REGIONAL" || t == "PRIVATE" {
				return maxRaisedIntegrationTimeout
			}
		}
	}
	return DefaultIntegrationTimeout
}

// permissions checks a function's resource-based policy as AddPermission would.
func (v *validator) permissions(f *Function, base string) {
	ids := map[string]*Permission{}
	for j, p := range f.Permissions {
		if p == nil {
			continue
		}
		pbase := fmt.Sprintf("%s.permissions[%d]", base, j)
		switch first, dup := ids[p.StatementID]; {
		case p.StatementID == "":
			v.at(p, pbase, "statementId", "missing: every statement has an id, as aws lambda add-permission --statement-id writes it")
		case dup:
			v.at(p, pbase, "statementId", fmt.Sprintf("The statement id (%s) provided already exists (first at %s): statement ids are unique", p.StatementID, first.Pos))
		default:
			ids[p.StatementID] = p
		}
		if p.Principal == "" {
			v.at(p, pbase, "principal", "missing: API Gateway's principal is apigateway.amazonaws.com")
		}
		if a := p.Action; a != "" && a != "lambda:InvokeFunction" && a != "lambda:*" {
			v.at(p, pbase, "action", fmt.Sprintf("%q does not let API Gateway invoke the function: use lambda:InvokeFunction", a))
		}
		if a := p.SourceArn; a != "" && !strings.HasPrefix(a, "arn:") {
			v.at(p, pbase, "sourceArn", fmt.Sprintf("%q is not an ARN: write arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/PATH (wildcards * and ?)", a))
		}
		if q := p.Qualifier; q == "$LATEST" {
			v.at(p, pbase, "qualifier", "Lambda does not support adding policies to version $LATEST: leave qualifier out for the function itself")
		}
	}
}
