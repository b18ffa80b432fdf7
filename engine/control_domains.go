package engine

import (
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"apigwlab/engine/model"
)

// The control-plane verbs of custom domain names, base path mappings (apigateway), API
// mappings (apigatewayv2), VPC links and client certificates, with botocore's shapes:
// apigateway's members in camelCase, apigatewayv2's in PascalCase as `aws apigatewayv2`
// prints them. What they change is in the workspace model (domainNames, vpcLinks,
// clientCertificates), which the data plane reads per request (domains.go): as on AWS, a
// mapping needs no deployment. The verbs register themselves in the verb tables here.
func init() {
	for name, run := range map[string]func(*Gateway, flagSet) (string, error){
		"create-domain-name":          (*Gateway).createDomainName,
		"get-domain-name":             (*Gateway).getDomainName,
		"get-domain-names":            (*Gateway).getDomainNames,
		"update-domain-name":          (*Gateway).updateDomainName,
		"delete-domain-name":          (*Gateway).deleteDomainName,
		"create-base-path-mapping":    (*Gateway).createBasePathMapping,
		"get-base-path-mapping":       (*Gateway).getBasePathMapping,
		"get-base-path-mappings":      (*Gateway).getBasePathMappings,
		"update-base-path-mapping":    (*Gateway).updateBasePathMapping,
		"delete-base-path-mapping":    (*Gateway).deleteBasePathMapping,
		"create-vpc-link":             (*Gateway).createVPCLink,
		"get-vpc-link":                (*Gateway).getVPCLink,
		"get-vpc-links":               (*Gateway).getVPCLinks,
		"update-vpc-link":             (*Gateway).updateVPCLink,
		"delete-vpc-link":             (*Gateway).deleteVPCLink,
		"generate-client-certificate": (*Gateway).generateClientCertificate,
		"get-client-certificate":      (*Gateway).getClientCertificate,
		"get-client-certificates":     (*Gateway).getClientCertificates,
		"update-client-certificate":   (*Gateway).updateClientCertificate,
		"delete-client-certificate":   (*Gateway).deleteClientCertificate,
	} {
		verbTable[name] = run
	}
	for name, fl := range map[string][]string{
		"create-domain-name": {"domain-name", "certificate-name", "certificate-body", "certificate-private-key",
			"certificate-chain", "certificate-arn", "regional-certificate-name", "regional-certificate-arn",
			"endpoint-configuration", "tags", "security-policy", "mutual-tls-authentication",
			"ownership-verification-certificate-arn"},
		"get-domain-name":             {"domain-name"},
		"get-domain-names":            {"position", "limit"},
		"update-domain-name":          {"domain-name", "patch-operations"},
		"delete-domain-name":          {"domain-name"},
		"create-base-path-mapping":    {"domain-name", "base-path", "rest-api-id", "stage"},
		"get-base-path-mapping":       {"domain-name", "base-path"},
		"get-base-path-mappings":      {"domain-name", "position", "limit"},
		"update-base-path-mapping":    {"domain-name", "base-path", "patch-operations"},
		"delete-base-path-mapping":    {"domain-name", "base-path"},
		"create-vpc-link":             {"name", "description", "target-arns", "tags"},
		"get-vpc-link":                {"vpc-link-id"},
		"get-vpc-links":               {"position", "limit"},
		"update-vpc-link":             {"vpc-link-id", "patch-operations"},
		"delete-vpc-link":             {"vpc-link-id"},
		"generate-client-certificate": {"description", "tags"},
		"get-client-certificate":      {"client-certificate-id"},
		"get-client-certificates":     {"position", "limit"},
		"update-client-certificate":   {"client-certificate-id", "patch-operations"},
		"delete-client-certificate":   {"client-certificate-id"},
	} {
		verbFlags[name] = fl
	}
	for name, run := range map[string]func(*Gateway, flagSet) (string, error){
		"create-domain-name": (*Gateway).v2CreateDomainName,
		"get-domain-name":    (*Gateway).v2GetDomainName,
		"get-domain-names":   (*Gateway).v2GetDomainNames,
		"delete-domain-name": (*Gateway).deleteDomainName,
		"create-api-mapping": (*Gateway).v2CreateAPIMapping,
		"get-api-mapping":    (*Gateway).v2GetAPIMapping,
		"get-api-mappings":   (*Gateway).v2GetAPIMappings,
		"delete-api-mapping": (*Gateway).v2DeleteAPIMapping,
	} {
		v2Verbs[name] = run
	}
	for name, fl := range map[string][]string{
		"create-domain-name": {"domain-name", "domain-name-configurations", "mutual-tls-authentication", "tags"},
		"get-domain-name":    {"domain-name"},
		"get-domain-names":   {"max-results", "next-token"},
		"delete-domain-name": {"domain-name"},
		"create-api-mapping": {"domain-name", "api-id", "stage", "api-mapping-key"},
		"get-api-mapping":    {"domain-name", "api-mapping-id"},
		"get-api-mappings":   {"domain-name", "max-results", "next-token"},
		"delete-api-mapping": {"domain-name", "api-mapping-id"},
	} {
		v2VerbFlags[name] = fl
	}
}

// domainVerbWantsV2 tells the two services' domain-name verbs apart when the command names
// no service: apigatewayv2's own options pick it (v2Wanted).
func domainVerbWantsV2(verb string, f flagSet) (decided, v2 bool) {
	switch verb {
	case "create-domain-name", "get-domain-name", "get-domain-names", "delete-domain-name", "update-domain-name":
		return true, f.has("domain-name-configurations") || f.has("max-results") || f.has("next-token")
	}
	return false, false
}

// Messages of AWS's refusals. "Invalid domain name identifier specified" is LocalStack's
// provider's (unconfirmed); "Invalid base path mapping identifier specified" is AWS's
// (serverless-domain-manager#613); "Invalid Vpc Link identifier specified" AWS's (LS
// snapshot test_get_vpc_link_invalid_id).
const (
	errNoDomain      = "NotFoundException: Invalid domain name identifier specified"
	errNoBasePath    = "NotFoundException: Invalid base path mapping identifier specified"
	errNoVPCLink     = "NotFoundException: Invalid Vpc Link identifier specified"
	errNoClientCert  = "NotFoundException: Invalid Client Certificate identifier specified"
	errNoAPIMapping  = "NotFoundException: Invalid API mapping identifier specified"
	errDomainTaken   = "ConflictException: The domain name you provided already exists."
	errBadStage      = "BadRequestException: Invalid stage identifier specified"
	errBadRestAPI    = "BadRequestException: Invalid REST API identifier specified"
	vpcLinkReadyText = "Your vpc link is ready for use"
)

// domainArg finds --domain-name.
func (g *Gateway) domainArg(f flagSet) (*model.DomainName, error) {
	if d := g.ws.DomainByName(f.get("domain-name")); d != nil {
		return d, nil
	}
	return nil, fmt.Errorf("%s", errNoDomain)
}

// hostedZones are API Gateway's Route 53 hosted zones of Regional endpoints (AWS General
// Reference, API Gateway endpoints; us-east-1's is in LocalStack's and AWS's samples, the
// others unconfirmed here); edgeZone is CloudFront's, "Z2FDTNDATAQYW2 for all the regions"
// (botocore DomainName.distributionHostedZoneId).
var hostedZones = map[string]string{"us-east-1": "Z1UJRXOUMOOFQ8", "us-east-2": "ZOJJZC49E0EPZ",
	"us-west-2": "Z2OJLYMUO9EFXC", "eu-west-1": "ZLY8HYME6SFDD", "eu-west-2": "ZJ5UAJN8Y3Z2Q",
	"eu-central-1": "Z1U9ULNL0V5AJ3", "ap-southeast-1": "ZL327KTPIQFUL", "ap-southeast-2": "Z2RPCDW04V8134",
	"ap-northeast-1": "Z1YSHQZHG15GKL"}

const edgeZone = "Z2FDTNDATAQYW2"

// domainTargets are the names a domain's DNS record would point at: the Regional endpoint
// d-XXXXXXXXXX.execute-api.REGION.amazonaws.com or the CloudFront distribution
// dXXXXXXXXXXXXX.cloudfront.net (made up, stable per domain name).
func (g *Gateway) domainTargets(d *model.DomainName) (regional, zone, distribution string) {
	id := model.DeriveID("domain", strings.ToLower(d.DomainName))
	zone = hostedZones[g.region()]
	if zone == "" {
		zone = "Z" + strings.ToUpper(id)
	}
	return "d-" + id + ".execute-api." + g.region() + ".amazonaws.com", zone,
		"d" + id + model.DeriveID("cloudfront", d.DomainName)[:3] + ".cloudfront.net"
}

func (g *Gateway) domainARN(d *model.DomainName) string {
	return "arn:aws:apigateway:" + g.region() + "::/domainnames/" + d.DomainName
}

// domainNameJSON is apigateway's DomainName.
func (g *Gateway) domainNameJSON(d *model.DomainName) map[string]any {
	regional, zone, dist := g.domainTargets(d)
	out := map[string]any{"domainName": d.DomainName, "domainNameArn": g.domainARN(d),
		"endpointConfiguration": map[string]any{"types": []string{d.Endpoint()}},
		"domainNameStatus":      "AVAILABLE", "securityPolicy": d.Policy()}
	if d.Endpoint() == model.EndpointEdge {
		out["certificateArn"], out["distributionDomainName"], out["distributionHostedZoneId"] = d.CertificateArn, dist, edgeZone
	} else {
		out["regionalCertificateArn"], out["regionalDomainName"], out["regionalHostedZoneId"] = d.RegionalCertificateArn, regional, zone
	}
	if m := d.MutualTLSAuthentication; m != nil {
		mt := map[string]any{"truststoreUri": m.TruststoreURI, "truststoreWarnings": []string{}}
		if m.TruststoreVersion != "" {
			mt["truststoreVersion"] = m.TruststoreVersion
		}
		out["mutualTlsAuthentication"] = mt
	}
	if len(d.Tags) > 0 {
		out["tags"] = d.Tags
	}
	return out
}

// checkDomain refuses what CreateDomainName refuses (model.CertificateProblem, …).
func (g *Gateway) checkDomain(d *model.DomainName) error {
	if !slices.Contains([]string{model.EndpointEdge, model.EndpointRegional}, d.Endpoint()) {
		return fmt.Errorf("BadRequestException: Invalid endpoint type %q: apigwlab models EDGE and REGIONAL custom domain names", d.Endpoint())
	}
	if p := d.Policy(); p != model.TLS10 && p != model.TLS12 {
		return fmt.Errorf("BadRequestException: Invalid security policy %q: use TLS_1_0 or TLS_1_2", p)
	}
	if _, msg := model.CertificateProblem(d.Endpoint(), d.CertificateArn, d.RegionalCertificateArn, g.region()); msg != "" {
		return fmt.Errorf("BadRequestException: %s", msg)
	}
	if msg := model.MutualTLSProblem(d); msg != "" {
		return fmt.Errorf("BadRequestException: %s", msg)
	}
	return nil
}

func (g *Gateway) createDomainName(f flagSet) (string, error) {
	d, err := g.newDomain(f)
	if err != nil {
		return "", err
	}
	if f.get("certificate-body") != "" || f.get("certificate-name") != "" && f.get("certificate-arn") == "" {
		return "", fmt.Errorf("BadRequestException: apigwlab takes ACM certificates only: give --certificate-arn (EDGE) or --regional-certificate-arn (REGIONAL)")
	}
	d.CertificateArn, d.RegionalCertificateArn, d.SecurityPolicy = f.get("certificate-arn"), f.get("regional-certificate-arn"), f.get("security-policy")
	if v := f.get("endpoint-configuration"); v != "" {
		var ec struct{ Types []string }
		if err := jsonOrShorthand(v, &ec); err != nil || len(ec.Types) != 1 {
			return "", fmt.Errorf("BadRequestException: --endpoint-configuration: give one type, e.g. types=REGIONAL or '{\"types\":[\"REGIONAL\"]}'")
		}
		d.EndpointType = ec.Types[0]
	}
	if err := g.addDomain(d); err != nil {
		return "", err
	}
	return toJSON(g.domainNameJSON(d)), nil
}

// newDomain reads what both services' create-domain-name take alike: --domain-name (not
// taken), --mutual-tls-authentication and --tags.
func (g *Gateway) newDomain(f flagSet) (*model.DomainName, error) {
	name := f.get("domain-name")
	if name == "" {
		return nil, fmt.Errorf("BadRequestException: --domain-name is required")
	}
	if g.ws.DomainByName(name) != nil {
		return nil, fmt.Errorf("%s", errDomainTaken)
	}
	d := &model.DomainName{DomainName: name}
	if v := f.get("mutual-tls-authentication"); v != "" {
		var m struct{ TruststoreURI, TruststoreVersion string }
		if err := jsonOrShorthand(v, &m); err != nil {
			return nil, fmt.Errorf("BadRequestException: --mutual-tls-authentication: %v", err)
		}
		d.MutualTLSAuthentication = &model.MutualTLSAuthentication{TruststoreURI: m.TruststoreURI, TruststoreVersion: m.TruststoreVersion}
	}
	var err error
	if d.Tags, err = stringMapArg(f, "tags"); err != nil {
		return nil, err
	}
	return d, nil
}

// addDomain checks a new domain as CreateDomainName does and adds it.
func (g *Gateway) addDomain(d *model.DomainName) error {
	if err := g.checkDomain(d); err != nil {
		return err
	}
	g.ws.DomainNames = append(g.ws.DomainNames, d)
	return nil
}

func (g *Gateway) getDomainName(f flagSet) (string, error) {
	d, err := g.domainArg(f)
	if err != nil {
		return "", err
	}
	return toJSON(g.domainNameJSON(d)), nil
}

func (g *Gateway) getDomainNames(f flagSet) (string, error) {
	all := []map[string]any{}
	for _, d := range g.ws.DomainNames {
		if d != nil {
			all = append(all, g.domainNameJSON(d))
		}
	}
	return pageJSON(f, all)
}

// updateDomainName patches /certificateArn, /regionalCertificateArn, /securityPolicy,
// /endpointConfiguration/types/0, /mutualTlsAuthentication/truststoreUri and
// /mutualTlsAuthentication/truststoreVersion (replace).
func (g *Gateway) updateDomainName(f flagSet) (string, error) {
	d, err := g.domainArg(f)
	if err != nil {
		return "", err
	}
	cp := *d
	if d.MutualTLSAuthentication != nil {
		m := *d.MutualTLSAuthentication
		cp.MutualTLSAuthentication = &m
	}
	err = patchEach(f, func(op patchOp) error {
		if op.Op != "replace" {
			return fmt.Errorf("BadRequestException: Invalid patch operation specified. Must be one of: [replace]")
		}
		mtls := func() *model.MutualTLSAuthentication {
			if cp.MutualTLSAuthentication == nil {
				cp.MutualTLSAuthentication = &model.MutualTLSAuthentication{}
			}
			return cp.MutualTLSAuthentication
		}
		switch op.Path {
		case "/certificateArn":
			cp.CertificateArn = op.Value
		case "/regionalCertificateArn":
			cp.RegionalCertificateArn = op.Value
		case "/securityPolicy":
			cp.SecurityPolicy = op.Value
		case "/endpointConfiguration/types/0":
			cp.EndpointType = op.Value
		case "/mutualTlsAuthentication/truststoreUri":
			mtls().TruststoreURI = op.Value
		case "/mutualTlsAuthentication/truststoreVersion":
			mtls().TruststoreVersion = op.Value
		default:
			return fmt.Errorf("BadRequestException: Invalid patch path %s", op.Path)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	if err := g.checkDomain(&cp); err != nil {
		return "", err
	}
	for _, m := range cp.APIMappings {
		if msg := model.MappingKeyProblem(m.APIMappingKey, &cp, g.wsModel(m.APIID) != nil); msg != "" {
			return "", fmt.Errorf("BadRequestException: %s", msg)
		}
	}
	*d = cp
	return toJSON(g.domainNameJSON(d)), nil
}

// deleteDomainName deletes a domain with its mappings (both services: DeleteDomainName).
func (g *Gateway) deleteDomainName(f flagSet) (string, error) {
	d, err := g.domainArg(f)
	if err != nil {
		return "", err
	}
	g.ws.DomainNames = slices.DeleteFunc(g.ws.DomainNames, func(x *model.DomainName) bool { return x == d })
	return "", nil
}

// basePathJSON is apigateway's BasePathMapping: the root is "(none)", the API its id.
func (g *Gateway) basePathJSON(m *model.BasePathMapping) map[string]any {
	bp := model.NormalPath(m.BasePath)
	if bp == "" {
		bp = model.NoBasePath
	}
	out := map[string]any{"basePath": bp, "restApiId": m.RestAPIID}
	if a := g.byKey[m.RestAPIID]; a != nil {
		out["restApiId"] = a.id
	}
	if !model.IsRootPath(m.Stage) {
		out["stage"] = m.Stage
	}
	return out
}

// checkBasePathMapping refuses what CreateBasePathMapping refuses for m on d (taking path
// unless keep names the mapping being changed).
func (g *Gateway) checkBasePathMapping(d *model.DomainName, m *model.BasePathMapping, keep any) error {
	if msg := model.BasePathProblem(m.BasePath); msg != "" {
		return fmt.Errorf("BadRequestException: %s", msg)
	}
	if owner, taken := d.MappingPaths()[model.NormalPath(m.BasePath)]; taken && owner != keep {
		return fmt.Errorf("ConflictException: %s", d.PathTaken(m.BasePath))
	}
	api := g.byKey[m.RestAPIID]
	if api == nil {
		return fmt.Errorf("%s", errBadRestAPI)
	}
	if !model.IsRootPath(m.Stage) && api.stages[m.Stage] == nil {
		return fmt.Errorf("%s", errBadStage)
	}
	return nil
}

func (g *Gateway) createBasePathMapping(f flagSet) (string, error) {
	d, err := g.domainArg(f)
	if err != nil {
		return "", err
	}
	m := &model.BasePathMapping{BasePath: f.get("base-path"), RestAPIID: f.get("rest-api-id"), Stage: f.get("stage")}
	if err := g.checkBasePathMapping(d, m, nil); err != nil {
		return "", err
	}
	if a := g.byKey[m.RestAPIID]; a != nil {
		m.RestAPIID = a.name // the workspace names APIs by name
	}
	d.BasePathMappings = append(d.BasePathMappings, m)
	return toJSON(g.basePathJSON(m)), nil
}

// basePathArg finds --base-path on --domain-name ("(none)" is the root).
func (g *Gateway) basePathArg(f flagSet) (*model.DomainName, *model.BasePathMapping, error) {
	d, err := g.domainArg(f)
	if err != nil {
		return nil, nil, err
	}
	want := model.NormalPath(f.get("base-path"))
	for _, m := range d.BasePathMappings {
		if m != nil && model.NormalPath(m.BasePath) == want {
			return d, m, nil
		}
	}
	return nil, nil, fmt.Errorf("%s", errNoBasePath)
}

func (g *Gateway) getBasePathMapping(f flagSet) (string, error) {
	_, m, err := g.basePathArg(f)
	if err != nil {
		return "", err
	}
	return toJSON(g.basePathJSON(m)), nil
}

func (g *Gateway) getBasePathMappings(f flagSet) (string, error) {
	d, err := g.domainArg(f)
	if err != nil {
		return "", err
	}
	all := []map[string]any{}
	for _, m := range d.BasePathMappings {
		if m != nil {
			all = append(all, g.basePathJSON(m))
		}
	}
	return pageJSON(f, all)
}

// updateBasePathMapping patches /basePath, /restapiId and /stage (replace; AWS spells the
// API's path /restapiId).
func (g *Gateway) updateBasePathMapping(f flagSet) (string, error) {
	d, m, err := g.basePathArg(f)
	if err != nil {
		return "", err
	}
	cp := *m
	err = patchEach(f, func(op patchOp) error {
		if op.Op != "replace" {
			return fmt.Errorf("BadRequestException: Invalid patch operation specified. Must be one of: [replace]")
		}
		switch op.Path {
		case "/basePath":
			cp.BasePath = op.Value
		case "/restapiId", "/restApiId":
			cp.RestAPIID = op.Value
		case "/stage":
			cp.Stage = op.Value
		default:
			return fmt.Errorf("BadRequestException: Invalid patch path %s", op.Path)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	if err := g.checkBasePathMapping(d, &cp, m); err != nil {
		return "", err
	}
	if a := g.byKey[cp.RestAPIID]; a != nil {
		cp.RestAPIID = a.name
	}
	*m = cp
	return toJSON(g.basePathJSON(m)), nil
}

func (g *Gateway) deleteBasePathMapping(f flagSet) (string, error) {
	d, m, err := g.basePathArg(f)
	if err != nil {
		return "", err
	}
	d.BasePathMappings = slices.DeleteFunc(d.BasePathMappings, func(x *model.BasePathMapping) bool { return x == m })
	return "", nil
}

// v2DomainJSON is apigatewayv2's DomainName, as `aws apigatewayv2` prints it.
func (g *Gateway) v2DomainJSON(d *model.DomainName) map[string]any {
	regional, zone, dist := g.domainTargets(d)
	conf := map[string]any{"DomainNameStatus": "AVAILABLE", "EndpointType": d.Endpoint(), "SecurityPolicy": d.Policy()}
	if d.Endpoint() == model.EndpointEdge {
		conf["ApiGatewayDomainName"], conf["CertificateArn"], conf["HostedZoneId"] = dist, d.CertificateArn, edgeZone
	} else {
		conf["ApiGatewayDomainName"], conf["CertificateArn"], conf["HostedZoneId"] = regional, d.RegionalCertificateArn, zone
	}
	out := map[string]any{"ApiMappingSelectionExpression": "$request.basepath", "DomainName": d.DomainName,
		"DomainNameArn": g.domainARN(d), "DomainNameConfigurations": []any{conf}, "Tags": map[string]string{}}
	if len(d.Tags) > 0 {
		out["Tags"] = d.Tags
	}
	if m := d.MutualTLSAuthentication; m != nil {
		mt := map[string]any{"TruststoreUri": m.TruststoreURI}
		if m.TruststoreVersion != "" {
			mt["TruststoreVersion"] = m.TruststoreVersion
		}
		out["MutualTlsAuthentication"] = mt
	}
	return out
}

// v2CreateDomainName: --domain-name-configurations CertificateArn=…,EndpointType=REGIONAL
// (one configuration; REGIONAL by default, as apigatewayv2 makes them).
func (g *Gateway) v2CreateDomainName(f flagSet) (string, error) {
	d, err := g.newDomain(f)
	if err != nil {
		return "", err
	}
	d.EndpointType = model.EndpointRegional
	if v := f.get("domain-name-configurations"); v != "" {
		var confs []map[string]string
		if strings.HasPrefix(strings.TrimSpace(v), "[") {
			err = json.Unmarshal([]byte(v), &confs)
		} else {
			var one map[string]string
			err = jsonOrShorthand(v, &one)
			confs = append(confs, one)
		}
		if err != nil || len(confs) != 1 {
			return "", fmt.Errorf("BadRequestException: --domain-name-configurations: give one configuration, e.g. CertificateArn=ARN,EndpointType=REGIONAL")
		}
		for k, val := range confs[0] {
			switch strings.ToLower(k) {
			case "certificatearn":
				d.RegionalCertificateArn = val
			case "endpointtype":
				d.EndpointType = val
			case "securitypolicy":
				d.SecurityPolicy = val
			}
		}
		if d.EndpointType == model.EndpointEdge {
			d.CertificateArn, d.RegionalCertificateArn = d.RegionalCertificateArn, ""
		}
	}
	if err := g.addDomain(d); err != nil {
		return "", err
	}
	return toJSON(g.v2DomainJSON(d)), nil
}

func (g *Gateway) v2GetDomainName(f flagSet) (string, error) {
	d, err := g.domainArg(f)
	if err != nil {
		return "", err
	}
	return toJSON(g.v2DomainJSON(d)), nil
}

func (g *Gateway) v2GetDomainNames(f flagSet) (string, error) {
	all := []map[string]any{}
	for _, d := range g.ws.DomainNames {
		if d != nil {
			all = append(all, g.v2DomainJSON(d))
		}
	}
	return v2List(f, all)
}

// mappedAPI finds the API an API mapping names: a REST, HTTP or WebSocket API, by id or
// name; its id and whether it has stage.
func (g *Gateway) mappedAPI(ref, stage string) (id string, websocket, hasStage, found bool) {
	if a := g.byKey[ref]; a != nil {
		return a.id, false, a.stages[stage] != nil, true
	}
	for _, list := range [][]*model.V2API{g.ws.HTTPAPIs, g.ws.WebSocketAPIs} {
		for _, a := range list {
			if a != nil && (a.APIID == ref || a.Name == ref) {
				has := slices.ContainsFunc(a.Stages, func(s *model.V2Stage) bool { return s != nil && s.StageName == stage })
				return a.APIID, a.ProtocolType == model.ProtocolWebSocket, has, true
			}
		}
	}
	return "", false, false, false
}

func apiMappingJSON(id string, m *model.APIMapping) map[string]any {
	out := map[string]any{"ApiId": id, "ApiMappingId": m.APIMappingID, "Stage": m.Stage}
	if k := model.NormalPath(m.APIMappingKey); k != "" {
		out["ApiMappingKey"] = k
	}
	return out
}

func (g *Gateway) v2CreateAPIMapping(f flagSet) (string, error) {
	d, err := g.domainArg(f)
	if err != nil {
		return "", err
	}
	m := &model.APIMapping{APIMappingKey: f.get("api-mapping-key"), APIID: f.get("api-id"), Stage: f.get("stage")}
	id, websocket, hasStage, found := g.mappedAPI(m.APIID, m.Stage)
	switch {
	case !found:
		return "", fmt.Errorf("NotFoundException: Invalid API identifier specified %s:%s", g.accountID(), m.APIID)
	case m.Stage == "" || !hasStage:
		return "", fmt.Errorf("%s", errBadStage)
	}
	if msg := model.MappingKeyProblem(m.APIMappingKey, d, websocket); msg != "" {
		return "", fmt.Errorf("BadRequestException: %s", msg)
	}
	if msg := d.PathTaken(m.APIMappingKey); msg != "" {
		return "", fmt.Errorf("ConflictException: %s", msg)
	}
	m.APIID = id
	m.APIMappingID = model.DeriveID("apimapping", d.DomainName+"\x00"+model.NormalPath(m.APIMappingKey))[:6]
	d.APIMappings = append(d.APIMappings, m)
	return toJSON(apiMappingJSON(id, m)), nil
}

func (g *Gateway) apiMappingArg(f flagSet) (*model.DomainName, *model.APIMapping, error) {
	d, err := g.domainArg(f)
	if err != nil {
		return nil, nil, err
	}
	for _, m := range d.APIMappings {
		if m != nil && m.APIMappingID == f.get("api-mapping-id") {
			return d, m, nil
		}
	}
	return nil, nil, fmt.Errorf("%s", errNoAPIMapping)
}

func (g *Gateway) mappingAPIID(m *model.APIMapping) string {
	if id, _, _, ok := g.mappedAPI(m.APIID, m.Stage); ok {
		return id
	}
	return m.APIID
}

func (g *Gateway) v2GetAPIMapping(f flagSet) (string, error) {
	_, m, err := g.apiMappingArg(f)
	if err != nil {
		return "", err
	}
	return toJSON(apiMappingJSON(g.mappingAPIID(m), m)), nil
}

func (g *Gateway) v2GetAPIMappings(f flagSet) (string, error) {
	d, err := g.domainArg(f)
	if err != nil {
		return "", err
	}
	all := []map[string]any{}
	for _, m := range d.APIMappings {
		if m != nil {
			all = append(all, apiMappingJSON(g.mappingAPIID(m), m))
		}
	}
	return v2List(f, all)
}

func (g *Gateway) v2DeleteAPIMapping(f flagSet) (string, error) {
	d, m, err := g.apiMappingArg(f)
	if err != nil {
		return "", err
	}
	d.APIMappings = slices.DeleteFunc(d.APIMappings, func(x *model.APIMapping) bool { return x == m })
	return "", nil
}

// vpcLinkJSON is apigateway's VpcLink; status is AVAILABLE once created (AWS takes 2–4
// minutes; create answers PENDING, as AWS does).
func vpcLinkJSON(l *model.VPCLink, status string, withTags bool) map[string]any {
	out := map[string]any{"id": l.ID, "name": l.Name, "status": status, "targetArns": l.TargetArns}
	if status == "AVAILABLE" {
		out["statusMessage"] = vpcLinkReadyText
	}
	if l.Description != "" {
		out["description"] = l.Description
	}
	if withTags || len(l.Tags) > 0 {
		tags := l.Tags
		if tags == nil {
			tags = map[string]string{}
		}
		out["tags"] = tags
	}
	return out
}

func (g *Gateway) createVPCLink(f flagSet) (string, error) {
	l := &model.VPCLink{Name: f.get("name"), Description: f.get("description")}
	var err error
	if f.has("target-arns") {
		l.TargetArns = listArg(f["target-arns"]) // control_v2.go
	}
	if l.Name == "" {
		return "", fmt.Errorf("BadRequestException: Name cannot be empty")
	}
	if len(l.TargetArns) == 0 {
		return "", fmt.Errorf("BadRequestException: --target-arns is required: the ARN of a network load balancer")
	}
	for _, arn := range l.TargetArns {
		if msg := model.VPCLinkTargetProblem(arn); msg != "" {
			return "", fmt.Errorf("BadRequestException: %s", msg)
		}
	}
	if l.Tags, err = stringMapArg(f, "tags"); err != nil {
		return "", err
	}
	l.ID = model.DeriveID("vpclink", l.Name)[:6]
	for n := 1; g.ws.VPCLinkByRef(l.ID) != nil; n++ {
		l.ID = model.DeriveID("vpclink", fmt.Sprint(l.Name, n))[:6] // AWS allows two links of one name
	}
	g.ws.VPCLinks = append(g.ws.VPCLinks, l)
	return toJSON(vpcLinkJSON(l, "PENDING", false)), nil
}

func (g *Gateway) vpcLinkArg(f flagSet) (*model.VPCLink, error) {
	for _, l := range g.ws.VPCLinks {
		if l != nil && l.ID == f.get("vpc-link-id") {
			return l, nil
		}
	}
	return nil, fmt.Errorf("%s", errNoVPCLink)
}

func (g *Gateway) getVPCLink(f flagSet) (string, error) {
	l, err := g.vpcLinkArg(f)
	if err != nil {
		return "", err
	}
	return toJSON(vpcLinkJSON(l, "AVAILABLE", true)), nil
}

func (g *Gateway) getVPCLinks(f flagSet) (string, error) {
	all := []map[string]any{}
	for _, l := range g.ws.VPCLinks {
		if l != nil {
			all = append(all, vpcLinkJSON(l, "AVAILABLE", false))
		}
	}
	return pageJSON(f, all)
}

// updateVPCLink patches /name and /description (replace).
func (g *Gateway) updateVPCLink(f flagSet) (string, error) {
	l, err := g.vpcLinkArg(f)
	if err != nil {
		return "", err
	}
	cp := *l
	err = patchEach(f, func(op patchOp) error {
		switch {
		case op.Op != "replace":
			return fmt.Errorf("BadRequestException: Invalid patch operation specified. Must be one of: [replace]")
		case op.Path == "/name":
			if op.Value == "" {
				return fmt.Errorf("BadRequestException: Name cannot be empty")
			}
			cp.Name = op.Value
		case op.Path == "/description":
			cp.Description = op.Value
		default:
			return fmt.Errorf("BadRequestException: Invalid patch path %s", op.Path)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	*l = cp
	return toJSON(vpcLinkJSON(l, "AVAILABLE", true)), nil
}

// deleteVPCLink refuses a link an integration still names (apigwlab's wording: a workspace
// must stay loadable, and AWS's answer is unconfirmed).
func (g *Gateway) deleteVPCLink(f flagSet) (string, error) {
	l, err := g.vpcLinkArg(f)
	if err != nil {
		return "", err
	}
	for _, a := range g.ws.RestAPIs {
		for _, r := range a.Resources {
			for _, m := range r.Methods {
				if in := m.Integration; in != nil && in.ConnectionType == model.ConnectionVPCLink && (in.ConnectionID == l.ID || in.ConnectionID == l.Name) {
					return "", fmt.Errorf("ConflictException: Cannot delete vpc link %s: the integration of %s %s in %s uses it", l.ID, m.HTTPMethod, r.Path, a.Name)
				}
			}
		}
	}
	g.ws.VPCLinks = slices.DeleteFunc(g.ws.VPCLinks, func(x *model.VPCLink) bool { return x == l })
	return "", nil
}

// checkConnection refuses an integration naming a VPC link the workspace does not have
// (PutIntegration, UpdateIntegration); ${stageVariables.NAME} is resolved per request.
func (g *Gateway) checkConnection(in *model.Integration) error {
	switch in.ConnectionType {
	case "", model.ConnectionInternet:
		return nil
	case model.ConnectionVPCLink:
	default:
		return fmt.Errorf("BadRequestException: Invalid connection type %s: use INTERNET or VPC_LINK", in.ConnectionType)
	}
	switch {
	case in.ConnectionID == "":
		return fmt.Errorf("BadRequestException: Connection id must be specified for VPC_LINK connection type")
	case strings.HasPrefix(in.ConnectionID, "${stageVariables."):
		return nil
	case g.ws.VPCLinkByRef(in.ConnectionID) == nil:
		return fmt.Errorf("BadRequestException: %s", model.VPCLinkRefProblem(in.ConnectionID))
	}
	return nil
}

// clientCertJSON is apigateway's ClientCertificate, with a PEM certificate that parses: a
// self-signed Ed25519 certificate made from the id (AWS's is RSA and signed by AWS), valid
// 365 days from its creation, as AWS's are.
func clientCertJSON(c *model.ClientCertificate) map[string]any {
	created, _ := time.Parse(time.RFC3339, c.CreatedDate)
	expires := created.AddDate(1, 0, 0)
	out := map[string]any{"clientCertificateId": c.ClientCertificateID, "pemEncodedCertificate": clientCertPEM(c.ClientCertificateID, created, expires),
		"createdDate": created.Unix(), "expirationDate": expires.Unix()}
	if c.Description != "" {
		out["description"] = c.Description
	}
	if len(c.Tags) > 0 {
		out["tags"] = c.Tags
	}
	return out
}

func clientCertPEM(id string, from, until time.Time) string {
	seed := sha256.Sum256([]byte("apigwlab client certificate " + id))
	key := ed25519.NewKeyFromSeed(seed[:])
	tmpl := &x509.Certificate{SerialNumber: new(big.Int).SetBytes(seed[:8]),
		Subject:   pkix.Name{CommonName: "apigwlab client certificate " + id, Organization: []string{"apigwlab (simulated API Gateway)"}},
		NotBefore: from, NotAfter: until, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(nil, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return ""
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

func (g *Gateway) generateClientCertificate(f flagSet) (string, error) {
	c := &model.ClientCertificate{Description: f.get("description"), CreatedDate: g.clock.Now().UTC().Format(time.RFC3339)}
	var err error
	if c.Tags, err = stringMapArg(f, "tags"); err != nil {
		return "", err
	}
	c.ClientCertificateID = model.DeriveID("clientcert", c.CreatedDate+c.Description)[:6]
	for n := 1; g.ws.ClientCertificateByID(c.ClientCertificateID) != nil; n++ {
		c.ClientCertificateID = model.DeriveID("clientcert", fmt.Sprint(c.CreatedDate, c.Description, n))[:6]
	}
	g.ws.ClientCertificates = append(g.ws.ClientCertificates, c)
	return toJSON(clientCertJSON(c)), nil
}

func (g *Gateway) clientCertArg(f flagSet) (*model.ClientCertificate, error) {
	if c := g.ws.ClientCertificateByID(f.get("client-certificate-id")); c != nil {
		return c, nil
	}
	return nil, fmt.Errorf("%s", errNoClientCert)
}

func (g *Gateway) getClientCertificate(f flagSet) (string, error) {
	c, err := g.clientCertArg(f)
	if err != nil {
		return "", err
	}
	return toJSON(clientCertJSON(c)), nil
}

func (g *Gateway) getClientCertificates(f flagSet) (string, error) {
	all := []map[string]any{}
	for _, c := range g.ws.ClientCertificates {
		if c != nil {
			all = append(all, clientCertJSON(c))
		}
	}
	return pageJSON(f, all)
}

// updateClientCertificate patches /description (replace).
func (g *Gateway) updateClientCertificate(f flagSet) (string, error) {
	c, err := g.clientCertArg(f)
	if err != nil {
		return "", err
	}
	desc := c.Description
	err = patchEach(f, func(op patchOp) error {
		if op.Op != "replace" || op.Path != "/description" {
			return fmt.Errorf("BadRequestException: Invalid patch path %s", op.Path)
		}
		desc = op.Value
		return nil
	})
	if err != nil {
		return "", err
	}
	c.Description = desc
	return toJSON(clientCertJSON(c)), nil
}

// deleteClientCertificate refuses a certificate a stage still names (apigwlab's wording).
func (g *Gateway) deleteClientCertificate(f flagSet) (string, error) {
	c, err := g.clientCertArg(f)
	if err != nil {
		return "", err
	}
	for _, a := range g.ws.RestAPIs {
		for _, st := range a.Stages {
			if st != nil && st.ClientCertificateID == c.ClientCertificateID {
				return "", fmt.Errorf("ConflictException: Cannot delete client certificate %s: stage %s of %s uses it", c.ClientCertificateID, st.StageName, a.Name)
			}
		}
	}
	g.ws.ClientCertificates = slices.DeleteFunc(g.ws.ClientCertificates, func(x *model.ClientCertificate) bool { return x == c })
	return "", nil
}

// jsonOrShorthand reads an option given as JSON or as the CLI's shorthand k=v,k2=v2 into
// v (a struct or map; keys match case-insensitively, as encoding/json's do; a list value
// in shorthand, types=REGIONAL, becomes a one-element list).
func jsonOrShorthand(s string, v any) error {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "{") {
		return json.Unmarshal([]byte(s), v)
	}
	obj := map[string]any{}
	for _, part := range splitShorthand(s) {
		k, val, ok := strings.Cut(part, "=")
		if !ok {
			return fmt.Errorf("%q: write key=value", part)
		}
		obj[strings.TrimSpace(k)] = val
	}
	b, _ := json.Marshal(obj)
	if err := json.Unmarshal(b, v); err != nil {
		// a list field given one value in shorthand
		for k, val := range obj {
			obj[k] = []any{val}
		}
		b, _ = json.Marshal(obj)
		return json.Unmarshal(b, v)
	}
	return nil
}

// mappedBy refuses deleting an API (stage "") or one of its stages while a custom domain's
// base path or API mapping names it: the mapping would point at nothing, and a state file
// holding it would no longer load. apigwlab's wording (AWS's answer here is unconfirmed).
func (g *Gateway) mappedBy(name, id, stage string) error {
	names := func(api, st string) bool {
		return (api == name || api == id) && (stage == "" || st == stage)
	}
	for _, d := range g.ws.DomainNames {
		if d == nil {
			continue
		}
		for _, m := range d.BasePathMappings {
			if m != nil && names(m.RestAPIID, m.Stage) {
				return fmt.Errorf("BadRequestException: base path mapping %q of domain name %s names it: delete-base-path-mapping --domain-name %s --base-path '%s' first",
					m.BasePath, d.DomainName, d.DomainName, m.BasePath)
			}
		}
		for _, m := range d.APIMappings {
			if m != nil && names(m.APIID, m.Stage) {
				return fmt.Errorf("BadRequestException: API mapping %q of domain name %s names it: delete-api-mapping --domain-name %s --api-mapping-id %s first",
					m.APIMappingKey, d.DomainName, d.DomainName, m.APIMappingID)
			}
		}
	}
	return nil
}
