package engine

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"apigwlab/engine/export"
	"apigwlab/engine/model"
)

// apigatewayv2 integrations, stages, deployments and authorizers (see control_v2.go).

// --- integrations ---

type v2IntegrationOut struct {
	ConnectionType                         string                       `json:"ConnectionType"`
	IntegrationID                          string                       `json:"IntegrationId"`
	IntegrationMethod                      string                       `json:"IntegrationMethod,omitempty"`
	IntegrationResponseSelectionExpression string                       `json:"IntegrationResponseSelectionExpression,omitempty"`
	IntegrationType                        string                       `json:"IntegrationType"`
	IntegrationURI                         string                       `json:"IntegrationUri,omitempty"`
	PassthroughBehavior                    string                       `json:"PassthroughBehavior,omitempty"`
	PayloadFormatVersion                   string                       `json:"PayloadFormatVersion"`
	RequestParameters                      map[string]string            `json:"RequestParameters,omitempty"`
	RequestTemplates                       map[string]string            `json:"RequestTemplates,omitempty"`
	ResponseParameters                     map[string]map[string]string `json:"ResponseParameters,omitempty"`
	TemplateSelectionExpression            string                       `json:"TemplateSelectionExpression,omitempty"`
	TimeoutInMillis                        int                          `json:"TimeoutInMillis"`
}

// v2IntegrationJSON is an Integration as the AWS CLI prints it (create-integration's example
// in the AWS CLI reference: ConnectionType INTERNET, IntegrationMethod POST for Lambda,
// TimeoutInMillis 30000 when not set).
func v2IntegrationJSON(id string, in *model.V2Integration) v2IntegrationOut {
	out := v2IntegrationOut{ConnectionType: "INTERNET", IntegrationID: id, IntegrationMethod: in.IntegrationMethod,
		IntegrationType: in.IntegrationType, IntegrationURI: in.IntegrationURI, PayloadFormatVersion: in.PayloadFormatVersion,
		RequestParameters: in.RequestParameters, ResponseParameters: in.ResponseParameters, TimeoutInMillis: in.TimeoutInMillis}
	if out.IntegrationType == model.IntegrationAWSProxy && out.IntegrationMethod == "" {
		out.IntegrationMethod = "POST"
	}
	if out.PayloadFormatVersion == "" {
		out.PayloadFormatVersion = model.PayloadFormat10
	}
	if out.TimeoutInMillis == 0 {
		out.TimeoutInMillis = model.MaxV2IntegrationTimeout
	}
	out.RequestTemplates, out.TemplateSelectionExpression = in.RequestTemplates, in.TemplateSelectionExpression
	out.PassthroughBehavior, out.IntegrationResponseSelectionExpression = in.PassthroughBehavior, in.IntegrationResponseSelectionExpression
	return out
}

// wsIntegrationJSON is a WebSocket API's integration: 29 s is its timeout limit and default
// (fact 43), and a non-proxy integration reports the response selection AWS fixes for it.
func wsIntegrationJSON(id string, in *model.V2Integration) v2IntegrationOut {
	out := v2IntegrationJSON(id, in)
	if in.TimeoutInMillis == 0 {
		out.TimeoutInMillis = model.MaxWebSocketIntegrationTimeout
	}
	if in.NonProxy() && out.PassthroughBehavior == "" {
		out.PassthroughBehavior = model.PassthroughWhenNoMatch
	}
	return out
}

// v2IntegJSON is an integration of a as the AWS CLI prints it.
func v2IntegJSON(a *model.V2API, id string, in *model.V2Integration) v2IntegrationOut {
	if a.ProtocolType == model.ProtocolWebSocket {
		return wsIntegrationJSON(id, in)
	}
	return v2IntegrationJSON(id, in)
}

func (g *Gateway) v2GetIntegrations(f flagSet) (string, error) {
	a, err := g.v2Read(f)
	if err != nil {
		return "", err
	}
	all := allIntegrations(a)
	ids := make([]string, 0, len(all))
	for id := range all {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	items := []v2IntegrationOut{}
	for _, id := range ids {
		items = append(items, v2IntegJSON(a, id, all[id]))
	}
	return v2List(f, items)
}

// allIntegrations are an API's integrations by id: the named ones and, for a WebSocket API,
// its routes' inline ones under the id prepareV2 would give them.
func allIntegrations(a *model.V2API) map[string]*model.V2Integration {
	out := make(map[string]*model.V2Integration, len(a.Integrations))
	for id, in := range a.Integrations {
		if in != nil {
			out[id] = in
		}
	}
	for k, r := range a.Routes {
		if r != nil && r.Integration != nil {
			out[inlineIntegrationID(a, k)] = r.Integration
		}
	}
	return out
}

func v2Integration(a *model.V2API, f flagSet) (string, *model.V2Integration, error) {
	id := f.get("integration-id")
	if id == "" {
		return "", nil, fmt.Errorf("--integration-id is required (get-integrations lists them)")
	}
	if in := allIntegrations(a)[id]; in != nil {
		return id, in, nil
	}
	// Unconfirmed wording (docs/fidelity.md).
	return "", nil, fmt.Errorf("NotFoundException: Invalid Integration identifier specified %s", id)
}

func (g *Gateway) v2GetIntegration(f flagSet) (string, error) {
	return g.v2Show(f, func(a *model.V2API) (any, error) {
		id, in, err := v2Integration(a, f)
		if err != nil {
			return nil, err
		}
		return v2IntegJSON(a, id, in), nil
	})
}

func (g *Gateway) v2CreateIntegration(f flagSet) (string, error) {
	a, api, err := g.v2API(f)
	if err != nil {
		return "", err
	}
	return g.v2Edit(a, api, func() (any, error) {
		in := &model.V2Integration{}
		if err := applyIntegrationFlags(a, in, f); err != nil {
			return nil, err
		}
		id := shortID(fmt.Sprintf("integration:%s:%d", a.APIID, len(a.Integrations)), 7)
		for a.Integrations[id] != nil {
			id = shortID("integration:"+id, 7)
		}
		if a.Integrations == nil {
			a.Integrations = map[string]*model.V2Integration{}
		}
		a.Integrations[id] = in
		return v2IntegJSON(a, id, in), nil
	})
}

func (g *Gateway) v2UpdateIntegration(f flagSet) (string, error) {
	a, api, err := g.v2API(f)
	if err != nil {
		return "", err
	}
	id, in, err := v2Integration(a, f)
	if err != nil {
		return "", err
	}
	return g.v2Edit(a, api, func() (any, error) {
		cp := *in
		if err := applyIntegrationFlags(a, &cp, f); err != nil {
			return nil, err
		}
		a.Integrations[id] = &cp
		return v2IntegJSON(a, id, &cp), nil
	})
}

func (g *Gateway) v2DeleteIntegration(f flagSet) (string, error) {
	a, api, err := g.v2API(f)
	if err != nil {
		return "", err
	}
	id, _, err := v2Integration(a, f)
	if err != nil {
		return "", err
	}
	for _, k := range sortedRouteKeys(a) {
		if a.Routes[k].Target == "integrations/"+id {
			// Unconfirmed wording (docs/fidelity.md); AWS refuses to delete an integration a
			// route still targets.
			return "", fmt.Errorf("ConflictException: Cannot delete Integration %s: route %s (%s) targets it; update-route --target first", id, a.Routes[k].RouteID, k)
		}
	}
	return g.v2Edit(a, api, func() (any, error) {
		delete(a.Integrations, id)
		return nil, nil
	})
}

// applyIntegrationFlags sets an integration from create-integration/update-integration
// options and checks it as HTTP APIs do.
func applyIntegrationFlags(a *model.V2API, in *model.V2Integration, f flagSet) error {
	if f.has("integration-type") {
		in.IntegrationType = f.get("integration-type")
	}
	if f.has("integration-uri") {
		in.IntegrationURI = f.get("integration-uri")
	}
	if f.has("integration-method") {
		in.IntegrationMethod = f.get("integration-method")
	}
	if f.has("payload-format-version") {
		in.PayloadFormatVersion = f.get("payload-format-version")
	}
	if f.has("timeout-in-millis") {
		n, err := strconv.Atoi(f.get("timeout-in-millis"))
		if a.ProtocolType == model.ProtocolWebSocket && err == nil && (n < 50 || n > model.MaxWebSocketIntegrationTimeout) {
			return fmt.Errorf("BadRequestException: Invalid timeoutInMillis %s: between 50 and 29000 for WebSocket APIs", f.get("timeout-in-millis"))
		}
		if err != nil || n < 50 || n > model.MaxV2IntegrationTimeout {
			// botocore: IntegerWithLengthBetween50And30000
			return fmt.Errorf("BadRequestException: Invalid timeoutInMillis %s: between 50 and 30000 for HTTP APIs", f.get("timeout-in-millis"))
		}
		in.TimeoutInMillis = n
	}
	if f.has("connection-type") && f.get("connection-type") != "INTERNET" {
		return fmt.Errorf("BadRequestException: apigwlab has no VPC links: --connection-type INTERNET only")
	}
	if f.has("request-parameters") {
		m, err := stringMapArg(f, "request-parameters")
		if err != nil {
			return err
		}
		in.RequestParameters = m
	}
	if v := f.get("response-parameters"); f.has("response-parameters") {
		var m map[string]map[string]string
		if v != "" {
			if err := json.Unmarshal([]byte(v), &m); err != nil {
				return fmt.Errorf("--response-parameters: %v (JSON: {\"404\": {\"overwrite:statuscode\": \"410\"}})", err)
			}
		}
		in.ResponseParameters = m
	}
	if err := applyWSIntegrationFlags(a, in, f); err != nil {
		return err
	}
	if a.ProtocolType == model.ProtocolWebSocket {
		return nil // wsCheck validates the API as changed
	}
	return checkV2Integration(in)
}

// checkV2Integration checks an integration as HTTP APIs take it (create-integration,
// import-api).
func checkV2Integration(in *model.V2Integration) error {
	switch in.IntegrationType {
	case model.IntegrationAWSProxy:
		if _, _, ok := model.V2LambdaTarget(in.IntegrationURI); !ok {
			return fmt.Errorf("BadRequestException: Invalid integration URI %q for AWS_PROXY: a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME) or function:NAME", in.IntegrationURI)
		}
		switch in.PayloadFormatVersion {
		case model.PayloadFormat10, model.PayloadFormat20:
		case "":
			return fmt.Errorf("BadRequestException: --payload-format-version is required for an AWS_PROXY integration of an HTTP API: 2.0 (the console's default) or 1.0")
		default:
			return fmt.Errorf("BadRequestException: Invalid payload format version %s: 1.0 or 2.0", in.PayloadFormatVersion)
		}
	case model.IntegrationHTTPProxy:
		if !strings.HasPrefix(in.IntegrationURI, "http://") && !strings.HasPrefix(in.IntegrationURI, "https://") {
			return fmt.Errorf("BadRequestException: Invalid integration URI %q for HTTP_PROXY: an http(s) URL", in.IntegrationURI)
		}
		if in.PayloadFormatVersion != "" && in.PayloadFormatVersion != model.PayloadFormat10 {
			return fmt.Errorf("BadRequestException: HTTP_PROXY integrations support payload format version 1.0 only")
		}
	case "":
		return fmt.Errorf("BadRequestException: IntegrationType is required: AWS_PROXY (Lambda) or HTTP_PROXY (a URL)")
	default:
		return fmt.Errorf("BadRequestException: Invalid integration type %s for an HTTP API: AWS_PROXY or HTTP_PROXY (apigwlab has no AWS service integrations)", in.IntegrationType)
	}
	return nil
}

// --- stages ---

type v2RouteSettingsOut struct {
	DataTraceEnabled       bool     `json:"DataTraceEnabled,omitempty"`
	DetailedMetricsEnabled bool     `json:"DetailedMetricsEnabled"`
	LoggingLevel           string   `json:"LoggingLevel,omitempty"`
	ThrottlingBurstLimit   *int     `json:"ThrottlingBurstLimit,omitempty"`
	ThrottlingRateLimit    *float64 `json:"ThrottlingRateLimit,omitempty"`
}

type v2AccessLogOut struct {
	DestinationArn string `json:"DestinationArn,omitempty"`
	Format         string `json:"Format,omitempty"`
}

type v2StageOut struct {
	AccessLogSettings           *v2AccessLogOut               `json:"AccessLogSettings,omitempty"`
	AutoDeploy                  bool                          `json:"AutoDeploy,omitempty"`
	CreatedDate                 string                        `json:"CreatedDate"`
	DefaultRouteSettings        v2RouteSettingsOut            `json:"DefaultRouteSettings"`
	DeploymentID                string                        `json:"DeploymentId,omitempty"`
	Description                 string                        `json:"Description,omitempty"`
	LastDeploymentStatusMessage string                        `json:"LastDeploymentStatusMessage,omitempty"`
	LastUpdatedDate             string                        `json:"LastUpdatedDate"`
	RouteSettings               map[string]v2RouteSettingsOut `json:"RouteSettings"`
	StageName                   string                        `json:"StageName"`
	StageVariables              map[string]string             `json:"StageVariables"`
	Tags                        map[string]string             `json:"Tags"`
}

func routeSettingsJSON(s *model.RouteSettings) v2RouteSettingsOut {
	if s == nil {
		return v2RouteSettingsOut{}
	}
	return v2RouteSettingsOut{DataTraceEnabled: s.DataTraceEnabled, DetailedMetricsEnabled: s.DetailedMetricsEnabled,
		LoggingLevel: s.LoggingLevel, ThrottlingBurstLimit: s.ThrottlingBurstLimit, ThrottlingRateLimit: s.ThrottlingRateLimit}
}

// v2StageJSON is a Stage as the AWS CLI prints it (DefaultRouteSettings, RouteSettings,
// StageVariables and Tags always present; LocalStack issue 3647 quotes AWS's get-stage).
func v2StageJSON(a *model.V2API, s *model.V2Stage) v2StageOut {
	out := v2StageOut{AutoDeploy: s.AutoDeploy, CreatedDate: v2Time(s.CreatedDate),
		DefaultRouteSettings: routeSettingsJSON(s.DefaultRouteSettings), DeploymentID: s.DeploymentID,
		Description: s.Description, LastUpdatedDate: v2Time(s.LastUpdatedDate), RouteSettings: map[string]v2RouteSettingsOut{},
		StageName: s.StageName, StageVariables: map[string]string{}, Tags: map[string]string{}}
	if s.CreatedDate.IsZero() {
		out.CreatedDate, out.LastUpdatedDate = v2Time(a.CreatedDate), v2Time(a.CreatedDate)
	}
	for k, v := range s.RouteSettings {
		out.RouteSettings[k] = routeSettingsJSON(v)
	}
	for k, v := range s.StageVariables {
		out.StageVariables[k] = v
	}
	if l := s.AccessLogSettings; l != nil {
		out.AccessLogSettings = &v2AccessLogOut{DestinationArn: l.DestinationArn, Format: l.Format}
	}
	if s.AutoDeploy && s.DeploymentID != "" {
		// Unconfirmed wording (docs/fidelity.md).
		out.LastDeploymentStatusMessage = "Successfully deployed stage with deployment ID '" + s.DeploymentID + "'"
	}
	return out
}

func (g *Gateway) v2GetStages(f flagSet) (string, error) {
	a, err := g.v2Read(f)
	if err != nil {
		return "", err
	}
	items := []v2StageOut{}
	for _, s := range a.Stages {
		if s != nil {
			items = append(items, v2StageJSON(a, s))
		}
	}
	return v2List(f, items)
}

func v2Stage(a *model.V2API, f flagSet) (*model.V2Stage, error) {
	name := f.get("stage-name")
	if name == "" {
		return nil, fmt.Errorf("--stage-name is required")
	}
	if s := a.Stage(name); s != nil {
		return s, nil
	}
	// "Invalid stage identifier specified" (AWS's answer to GetStage for a stage that does not
	// exist, as quoted in localstack/localstack#3086)
	return nil, fmt.Errorf("NotFoundException: Invalid stage identifier specified")
}

func (g *Gateway) v2GetStage(f flagSet) (string, error) {
	return g.v2Show(f, func(a *model.V2API) (any, error) {
		s, err := v2Stage(a, f)
		if err != nil {
			return nil, err
		}
		return v2StageJSON(a, s), nil
	})
}

// v2StageChange applies a stage change (create-stage, update-stage, delete-stage): the
// stage's settings take effect at once, as on AWS; the definition the stage serves changes
// only by --deployment-id, or — for a stage that gets autoDeploy — to the current one.
func (g *Gateway) v2StageChange(a *model.V2API, change func() error) error {
	saved := slices.Clone(a.Stages)
	copies := make([]model.V2Stage, len(a.Stages))
	for i, s := range a.Stages {
		if s != nil {
			copies[i] = *s
		}
	}
	deps := len(a.Deployments)
	undo := func() {
		a.Stages = saved
		for i, s := range a.Stages {
			if s != nil {
				*s = copies[i]
			}
		}
		a.Deployments = a.Deployments[:deps]
	}
	if err := change(); err != nil {
		undo()
		return err
	}
	autoDeployV2(a, g.clock.Now())
	_, api, err := g.v2API(flagSet{"api-id": {a.APIID}})
	if err != nil {
		undo()
		return err
	}
	if err := g.v2Redeploy(a, api); err != nil {
		undo()
		_ = api.Redeploy(a)
		return err
	}
	return nil
}

func (g *Gateway) v2CreateStage(f flagSet) (string, error) {
	a, _, err := g.v2API(f)
	if err != nil {
		return "", err
	}
	name := f.get("stage-name")
	if name == "" {
		return "", fmt.Errorf("BadRequestException: StageName is required")
	}
	if a.Stage(name) != nil {
		// Unconfirmed wording (docs/fidelity.md).
		return "", fmt.Errorf("ConflictException: Stage %s already exists", name)
	}
	now := g.clock.Now()
	s := &model.V2Stage{StageName: name, CreatedDate: now, LastUpdatedDate: now}
	err = g.v2StageChange(a, func() error {
		if err := applyStageFlags(a, s, f); err != nil {
			return err
		}
		a.Stages = append(a.Stages, s)
		return nil
	})
	if err != nil {
		return "", err
	}
	return toJSON(v2StageJSON(a, s)), nil
}

// v2StageArg resolves --api-id (an HTTP API: one that changes) and --stage-name.
func (g *Gateway) v2StageArg(f flagSet) (*model.V2API, *model.V2Stage, error) {
	a, _, err := g.v2API(f)
	if err != nil {
		return nil, nil, err
	}
	s, err := v2Stage(a, f)
	return a, s, err
}

func (g *Gateway) v2UpdateStage(f flagSet) (string, error) {
	a, s, err := g.v2StageArg(f)
	if err != nil {
		return "", err
	}
	err = g.v2StageChange(a, func() error {
		s.LastUpdatedDate = g.clock.Now()
		return applyStageFlags(a, s, f)
	})
	if err != nil {
		return "", err
	}
	return toJSON(v2StageJSON(a, s)), nil
}

func (g *Gateway) v2DeleteStage(f flagSet) (string, error) {
	a, s, err := g.v2StageArg(f)
	if err != nil {
		return "", err
	}
	if err := g.mappedBy(a.Name, a.APIID, s.StageName); err != nil {
		return "", err
	}
	return "", g.v2StageChange(a, func() error {
		a.Stages = slices.DeleteFunc(slices.Clone(a.Stages), func(x *model.V2Stage) bool { return x == s })
		return nil
	})
}

// applyStageFlags sets a stage from create-stage/update-stage options.
func applyStageFlags(a *model.V2API, s *model.V2Stage, f flagSet) error {
	if f.has("description") {
		s.Description = f.get("description")
	}
	if v, set, err := boolArg(f, "auto-deploy"); err != nil {
		return err
	} else if set {
		if v && a.ProtocolType == model.ProtocolWebSocket {
			// automatic deployments are an HTTP API feature (aws-facts-v2 fact 70: "HTTP-only: … automatic deployments")
			return fmt.Errorf("BadRequestException: AutoDeploy is supported only for HTTP APIs: create-deployment --api-id %s --stage-name %s deploys a WebSocket API", a.APIID, s.StageName)
		}
		s.AutoDeploy = v
	}
	if f.has("deployment-id") {
		id := f.get("deployment-id")
		if a.Deployment(id) == nil {
			// Unconfirmed wording (docs/fidelity.md).
			return fmt.Errorf("NotFoundException: Invalid deployment identifier specified %s", id)
		}
		if s.AutoDeploy {
			return fmt.Errorf("BadRequestException: the stage has autoDeploy: it serves every change; update-stage --no-auto-deploy first to pin deployment %s", id)
		}
		s.DeploymentID = id
	}
	if f.has("stage-variables") {
		m, err := stringMapArg(f, "stage-variables")
		if err != nil {
			return err
		}
		if s.StageVariables == nil {
			s.StageVariables = map[string]string{}
		} else {
			s.StageVariables = cloneMap(s.StageVariables)
		}
		for k, v := range m {
			s.StageVariables[k] = v // UpdateStage merges variables
		}
	}
	if f.has("default-route-settings") {
		rs, err := routeSettingsArg(f.get("default-route-settings"))
		if err != nil {
			return fmt.Errorf("--default-route-settings: %w", err)
		}
		s.DefaultRouteSettings = rs
	}
	if f.has("route-settings") {
		var raw map[string]json.RawMessage
		if err := json.Unmarshal([]byte(f.get("route-settings")), &raw); err != nil {
			return fmt.Errorf("--route-settings: %v (JSON: {\"GET /pets\": {\"ThrottlingBurstLimit\": 5}})", err)
		}
		out := map[string]*model.RouteSettings{}
		for k, v := range s.RouteSettings {
			out[k] = v
		}
		for k, v := range raw {
			if a.Routes[k] == nil {
				return fmt.Errorf("NotFoundException: Invalid route key %s in --route-settings: the API has no such route", k)
			}
			rs, err := routeSettingsArg(string(v))
			if err != nil {
				return fmt.Errorf("--route-settings %s: %w", k, err)
			}
			out[k] = rs
		}
		s.RouteSettings = out
	}
	if f.has("access-log-settings") {
		var l model.AccessLogSettings
		if err := shorthandOrJSON(f.get("access-log-settings"), &l); err != nil {
			return fmt.Errorf("--access-log-settings: %w (DestinationArn=ARN,Format='$context.requestId')", err)
		}
		s.AccessLogSettings = &l
	}
	return nil
}

// routeSettingsArg reads RouteSettings: JSON or ThrottlingBurstLimit=5,ThrottlingRateLimit=10.
func routeSettingsArg(v string) (*model.RouteSettings, error) {
	var rs model.RouteSettings
	if err := shorthandOrJSON(v, &rs); err != nil {
		return nil, err
	}
	return &rs, nil
}

// shorthandOrJSON decodes a structure option given as JSON or the AWS CLI shorthand
// Key=value,Key2=value2 into a struct whose yaml names are the members' (json decoding
// matches member names without regard to case, so ThrottlingBurstLimit and
// throttlingBurstLimit both work).
func shorthandOrJSON(v string, into any) error {
	v = strings.TrimSpace(v)
	if !strings.HasPrefix(v, "{") {
		obj := map[string]any{}
		for _, kv := range splitShorthand(v) {
			k, val, ok := strings.Cut(kv, "=")
			if !ok {
				return fmt.Errorf("%q: write Key=value,Key2=value2 or JSON", v)
			}
			var parsed any
			if json.Unmarshal([]byte(val), &parsed) != nil {
				parsed = val
			}
			obj[k] = parsed
		}
		b, _ := json.Marshal(obj)
		v = string(b)
	}
	dec := json.NewDecoder(strings.NewReader(v))
	dec.DisallowUnknownFields()
	return dec.Decode(into)
}

// boolArg reads a boolean option: --x / --no-x as the AWS CLI writes them, or --x true|false
// (serve's control plane passes a JSON body's booleans so).
func boolArg(f flagSet, name string) (value, set bool, err error) {
	if f.has("no-" + name) {
		return false, true, nil
	}
	if !f.has(name) {
		return false, false, nil
	}
	switch v := f.get(name); v {
	case "", "true":
		return true, true, nil
	case "false":
		return false, true, nil
	default:
		return false, false, fmt.Errorf("--%s %q: write --%s or --no-%s", name, v, name, name)
	}
}

// shorthandLists reads the AWS CLI shorthand of a structure whose members are lists:
// AllowOrigins=https://a.example,AllowMethods=GET,POST is {AllowOrigins: [https://a.example],
// AllowMethods: [GET, POST]} (a part without "=" continues the last member's list).
func shorthandLists(v string) (map[string][]string, error) {
	out := map[string][]string{}
	last := ""
	for _, part := range strings.Split(v, ",") {
		if k, val, ok := strings.Cut(part, "="); ok && k != "" && !strings.ContainsAny(k, "/:") {
			last = k
			out[k] = []string{val}
			continue
		}
		if last == "" {
			return nil, fmt.Errorf("%q: write Key=value,Key2=value2", v)
		}
		out[last] = append(out[last], part)
	}
	return out, nil
}

// corsArg reads --cors-configuration: JSON or AllowOrigins=https://a.example,AllowMethods=GET,POST.
func corsArg(v string) (*model.CorsConfiguration, error) {
	var raw struct {
		AllowCredentials bool
		AllowHeaders     []string
		AllowMethods     []string
		AllowOrigins     []string
		ExposeHeaders    []string
		MaxAge           *int
	}
	if !strings.HasPrefix(strings.TrimSpace(v), "{") {
		lists, err := shorthandLists(v)
		if err != nil {
			return nil, fmt.Errorf("BadRequestException: --cors-configuration %q: write AllowOrigins=https://a.example,AllowMethods=GET,POST or JSON", v)
		}
		obj := map[string]any{}
		for k, list := range lists {
			obj[k] = list
			switch strings.ToLower(k) {
			case "allowcredentials":
				obj[k] = list[0] == "true"
			case "maxage":
				n, err := strconv.Atoi(list[0])
				if err != nil {
					return nil, fmt.Errorf("BadRequestException: --cors-configuration MaxAge %q is not a number", list[0])
				}
				obj[k] = n
			}
		}
		b, _ := json.Marshal(obj)
		v = string(b)
	}
	dec := json.NewDecoder(strings.NewReader(v))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("BadRequestException: --cors-configuration: %v", err)
	}
	if raw.MaxAge != nil && (*raw.MaxAge < -1 || *raw.MaxAge > 86400) {
		return nil, fmt.Errorf("BadRequestException: --cors-configuration MaxAge %d: between -1 and 86400", *raw.MaxAge)
	}
	return &model.CorsConfiguration{AllowCredentials: raw.AllowCredentials, AllowHeaders: raw.AllowHeaders,
		AllowMethods: raw.AllowMethods, AllowOrigins: raw.AllowOrigins, ExposeHeaders: raw.ExposeHeaders, MaxAge: raw.MaxAge}, nil
}

// --- deployments ---

type v2DeploymentOut struct {
	AutoDeployed     bool   `json:"AutoDeployed"`
	CreatedDate      string `json:"CreatedDate"`
	DeploymentID     string `json:"DeploymentId"`
	DeploymentStatus string `json:"DeploymentStatus"`
	Description      string `json:"Description,omitempty"`
}

func v2DeploymentJSON(a *model.V2API, d *model.Deployment) v2DeploymentOut {
	at := d.CreatedDate
	if at.IsZero() {
		at = a.CreatedDate // the file's deployment, made as the API was deployed
	}
	return v2DeploymentOut{AutoDeployed: d.AutoDeployed, CreatedDate: v2Time(at), DeploymentID: d.ID,
		DeploymentStatus: "DEPLOYED", Description: d.Description}
}

// v2CreateDeployment freezes the API's current definition; with --stage-name the stage
// serves it from now on.
func (g *Gateway) v2CreateDeployment(f flagSet) (string, error) {
	a, api, err := g.v2API(f)
	if err != nil {
		return "", err
	}
	var s *model.V2Stage
	if f.get("stage-name") != "" {
		if s, err = v2Stage(a, f); err != nil {
			return "", err
		}
	}
	d := deployV2(a, f.get("description"), false, g.clock.Now())
	if s != nil {
		old := s.DeploymentID
		s.DeploymentID, s.LastUpdatedDate = d.ID, g.clock.Now()
		if err := g.v2Redeploy(a, api); err != nil {
			s.DeploymentID = old
			a.Deployments = a.Deployments[:len(a.Deployments)-1]
			_ = api.Redeploy(a)
			return "", err
		}
	}
	return toJSON(v2DeploymentJSON(a, d)), nil
}

func (g *Gateway) v2GetDeployments(f flagSet) (string, error) {
	a, err := g.v2Read(f)
	if err != nil {
		return "", err
	}
	items := []v2DeploymentOut{}
	for _, d := range a.Deployments {
		items = append(items, v2DeploymentJSON(a, d))
	}
	return v2List(f, items)
}

func (g *Gateway) v2GetDeployment(f flagSet) (string, error) {
	return g.v2Show(f, func(a *model.V2API) (any, error) {
		d := a.Deployment(f.get("deployment-id"))
		if d == nil {
			return nil, fmt.Errorf("NotFoundException: Invalid deployment identifier specified %s", f.get("deployment-id"))
		}
		return v2DeploymentJSON(a, d), nil
	})
}

// --- authorizers ---

type v2JWTOut struct {
	Audience []string `json:"Audience,omitempty"`
	Issuer   string   `json:"Issuer,omitempty"`
}

type v2AuthorizerOut struct {
	AuthorizerID                   string    `json:"AuthorizerId"`
	AuthorizerPayloadFormatVersion string    `json:"AuthorizerPayloadFormatVersion,omitempty"`
	AuthorizerResultTTLInSeconds   *int      `json:"AuthorizerResultTtlInSeconds,omitempty"`
	AuthorizerType                 string    `json:"AuthorizerType"`
	AuthorizerURI                  string    `json:"AuthorizerUri,omitempty"`
	EnableSimpleResponses          bool      `json:"EnableSimpleResponses,omitempty"`
	IdentitySource                 []string  `json:"IdentitySource"`
	JWTConfiguration               *v2JWTOut `json:"JwtConfiguration,omitempty"`
	Name                           string    `json:"Name"`
}

// v2AuthzJSON is an authorizer of a: a WebSocket API's has no caching TTL.
func v2AuthzJSON(a *model.V2API, z *model.V2Authorizer) v2AuthorizerOut {
	out := v2AuthorizerJSON(z)
	if a.ProtocolType == model.ProtocolWebSocket {
		out.AuthorizerResultTTLInSeconds = nil
	}
	return out
}

func v2AuthorizerJSON(z *model.V2Authorizer) v2AuthorizerOut {
	out := v2AuthorizerOut{AuthorizerID: z.AuthorizerID, AuthorizerType: z.AuthorizerType, IdentitySource: z.IdentitySource, Name: z.Name}
	if out.IdentitySource == nil {
		out.IdentitySource = []string{}
	}
	if z.AuthorizerType == model.AuthorizerJWT {
		if len(z.IdentitySource) == 0 {
			out.IdentitySource = []string{"$request.header.Authorization"}
		}
		if j := z.JWTConfiguration; j != nil {
			out.JWTConfiguration = &v2JWTOut{Audience: j.Audience, Issuer: j.Issuer}
		}
		return out
	}
	ttl := z.AuthorizerResultTTLInSeconds
	out.AuthorizerPayloadFormatVersion, out.AuthorizerResultTTLInSeconds = z.AuthorizerPayloadFormatVersion, &ttl
	out.AuthorizerURI, out.EnableSimpleResponses = z.AuthorizerURI, z.EnableSimpleResponses
	return out
}

func (g *Gateway) v2GetAuthorizers(f flagSet) (string, error) {
	a, err := g.v2Read(f)
	if err != nil {
		return "", err
	}
	items := []v2AuthorizerOut{}
	for _, z := range a.Authorizers {
		if z != nil {
			items = append(items, v2AuthzJSON(a, z))
		}
	}
	return v2List(f, items)
}

func (g *Gateway) v2GetAuthorizer(f flagSet) (string, error) {
	return g.v2Show(f, func(a *model.V2API) (any, error) {
		z := v2Authorizer(a, f.get("authorizer-id"))
		if z == nil {
			return nil, fmt.Errorf("NotFoundException: Invalid authorizer identifier specified %s", f.get("authorizer-id"))
		}
		return v2AuthzJSON(a, z), nil
	})
}

// undeployedV2 names an HTTP API's stages whose deployment differs from its current
// definition (APIInfo.Undeployed, the TUI's ● undeployed).
func undeployedV2(a *model.V2API) []string {
	var out []string
	for _, s := range a.Stages {
		if s != nil && a.Undeployed(s) {
			out = append(out, s.StageName)
		}
	}
	sort.Strings(out)
	return out
}

// --- export ---

// ExportHTTPAPI writes an HTTP API as apigatewayv2's ExportApi does: a stage's deployment,
// or with no stage the API's current definition ("a representation of the latest API
// configuration", ExportApi's stageName). ext is includeExtensions (AWS's default: true).
func (g *Gateway) ExportHTTPAPI(ref, stage string, ext bool) (*export.Result, error) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	f := flagSet{"api-id": {ref}}
	if stage != "" {
		f["stage-name"] = []string{stage}
	}
	return g.v2Export(f, ext)
}

func (g *Gateway) v2Export(f flagSet, ext bool) (*export.Result, error) {
	a, _, err := g.v2API(f)
	if err != nil {
		return nil, err
	}
	if err := v2HTTPOnly(a, "export-api"); err != nil {
		return nil, err
	}
	def, at := a, a.CreatedDate
	if f.get("stage-name") != "" {
		s, err := v2Stage(a, f)
		if err != nil {
			return nil, err
		}
		d := a.StageDeployment(s)
		if d == nil || d.V2 == nil {
			return nil, fmt.Errorf("BadRequestException: stage %s has no deployment to export: create-deployment --api-id %s --stage-name %s", s.StageName, a.Name, s.StageName)
		}
		def = d.V2
		if !d.CreatedDate.IsZero() {
			at = d.CreatedDate
		}
	}
	return export.HTTPAPI(def, export.HTTPOptions{APIID: a.APIID, Region: g.region(), AccountID: g.accountID(),
		Stage: f.get("stage-name"), Version: at.UTC().Format("2006-01-02 15:04:05") + "UTC", Extensions: ext})
}

// v2ExportAPI is export-api: --specification OAS30, --output-type JSON|YAML, --stage-name,
// --include-extensions/--no-include-extensions; it prints the document (the AWS CLI writes
// it to the file named last).
func (g *Gateway) v2ExportAPI(f flagSet) (string, error) {
	if s := f.get("specification"); s != "" && s != "OAS30" {
		return "", fmt.Errorf("BadRequestException: Invalid specification %s: OAS30 is the only one", s)
	}
	out := f.get("output-type")
	if out == "" {
		out = "JSON"
	}
	if out != "JSON" && out != "YAML" {
		return "", fmt.Errorf("BadRequestException: Invalid output type %s: JSON or YAML", out)
	}
	if v := f.get("export-version"); v != "" && v != "1.0" {
		return "", fmt.Errorf("BadRequestException: Invalid export version %s: 1.0 is the only one", v)
	}
	ext, set, err := boolArg(f, "include-extensions")
	if err != nil {
		return "", err
	}
	res, err := g.v2Export(f, ext || !set)
	if err != nil {
		return "", err
	}
	if out == "YAML" {
		return string(res.YAML()), nil
	}
	return string(res.JSON()), nil
}
