package model

import (
	"fmt"
	"strings"
)

// Custom domain names, VPC links and client certificates: the account-level resources of
// API Gateway that sit beside the APIs (botocore apigateway 2015-07-09: DomainName,
// BasePathMapping, VpcLink, ClientCertificate; apigatewayv2 2018-11-29: ApiMapping). A
// domain name is one resource in both services: a REST API's base path mapping and an
// HTTP API's API mapping live on the same domain and share its paths.

// Endpoint types of a custom domain name.
const (
	EndpointEdge     = "EDGE"
	EndpointRegional = "REGIONAL"
)

// Security policies of a custom domain name (botocore SecurityPolicy; the TLS 1.3 policies
// added in 2025 are not modelled).
const (
	TLS10 = "TLS_1_0"
	TLS12 = "TLS_1_2"
)

// NoBasePath is how AWS writes the empty base path: get-base-path-mappings prints
// "(none)" and the CLI takes --base-path '(none)' (botocore CreateBasePathMappingRequest
// basePath: "Specify '(none)' if you do not want callers to specify a base path name").
const NoBasePath = "(none)"

// DomainName is a custom domain name: requests whose Host is DomainName reach the API stage
// its longest matching base path (or API mapping key) names, with that path stripped.
type DomainName struct {
	DomainName string `yaml:"domainName"`
	// EndpointType is EDGE (a CloudFront distribution; certificateArn in us-east-1) or
	// REGIONAL (regionalCertificateArn in the workspace's Region). Default: REGIONAL when
	// only regionalCertificateArn is given, else EDGE (AWS's default).
	EndpointType           string `yaml:"endpointType"`
	CertificateArn         string `yaml:"certificateArn"`
	RegionalCertificateArn string `yaml:"regionalCertificateArn"`
	// SecurityPolicy is TLS_1_0 or TLS_1_2 (default TLS_1_2).
	SecurityPolicy          string                   `yaml:"securityPolicy"`
	MutualTLSAuthentication *MutualTLSAuthentication `yaml:"mutualTlsAuthentication"`
	// BasePathMappings map a single-level base path to a REST API's stage (apigateway).
	BasePathMappings []*BasePathMapping `yaml:"basePathMappings"`
	// APIMappings map a key, which may have several levels (orders/v1), to an HTTP,
	// WebSocket or REST API's stage (apigatewayv2).
	APIMappings []*APIMapping     `yaml:"apiMappings"`
	Tags        map[string]string `yaml:"tags"`
	Pos         Pos               `yaml:"-"`
}

// MutualTLSAuthentication names the truststore of a domain name with mutual TLS.
type MutualTLSAuthentication struct {
	TruststoreURI     string `yaml:"truststoreUri"` // s3://bucket/key.pem
	TruststoreVersion string `yaml:"truststoreVersion"`
	Pos               Pos    `yaml:"-"`
}

// BasePathMapping maps a base path of a domain to a REST API's stage.
type BasePathMapping struct {
	// BasePath is one path segment, or "" / "(none)" for the domain's root.
	BasePath string `yaml:"basePath"`
	// RestAPIID names the REST API by name or id.
	RestAPIID string `yaml:"restApiId"`
	// Stage is the stage served; "" means callers name the stage after the base path.
	Stage string `yaml:"stage"`
	Pos   Pos    `yaml:"-"`
}

// APIMapping maps a key of a domain to an API's stage (apigatewayv2).
type APIMapping struct {
	// APIMappingID is the mapping's id; derived when empty.
	APIMappingID string `yaml:"apiMappingId"`
	// APIMappingKey is "" for the root, or one or more segments: orders, orders/v1.
	APIMappingKey string `yaml:"apiMappingKey"`
	// APIID names an HTTP, WebSocket or REST API by name or id.
	APIID string `yaml:"apiId"`
	Stage string `yaml:"stage"`
	Pos   Pos    `yaml:"-"`
}

// VPCLink is a REST API VPC link (apigateway VpcLink): integrations with connectionType
// VPC_LINK name it in connectionId.
type VPCLink struct {
	ID          string            `yaml:"id"` // derived from the name when empty
	Name        string            `yaml:"name"`
	Description string            `yaml:"description"`
	TargetArns  []string          `yaml:"targetArns"` // network load balancer ARNs
	Tags        map[string]string `yaml:"tags"`
	Pos         Pos               `yaml:"-"`
}

// ClientCertificate is a client certificate API Gateway would present to HTTP backends of
// the stages that name it (clientCertificateId). apigwlab records it; no TLS is done.
type ClientCertificate struct {
	ClientCertificateID string `yaml:"clientCertificateId"` // derived when empty
	Description         string `yaml:"description"`
	// CreatedDate is when generate-client-certificate made it (RFC 3339); the certificate
	// is valid 365 days from then. Left out: 2026-01-01.
	CreatedDate string            `yaml:"createdDate"`
	Tags        map[string]string `yaml:"tags"`
	Pos         Pos               `yaml:"-"`
}

// Endpoint is the domain's endpoint type with the default applied.
func (d *DomainName) Endpoint() string {
	switch {
	case d.EndpointType != "":
		return d.EndpointType
	case d.RegionalCertificateArn != "" && d.CertificateArn == "":
		return EndpointRegional
	}
	return EndpointEdge
}

// Policy is the domain's security policy with the default applied.
func (d *DomainName) Policy() string {
	if d.SecurityPolicy == "" {
		return TLS12
	}
	return d.SecurityPolicy
}

// DomainByName finds a custom domain name (case-insensitive, as DNS names are).
func (w *Workspace) DomainByName(name string) *DomainName {
	for _, d := range w.DomainNames {
		if d != nil && strings.EqualFold(d.DomainName, name) {
			return d
		}
	}
	return nil
}

// IsRootPath reports whether a base path or API mapping key names the domain's root.
func IsRootPath(p string) bool { return p == "" || p == NoBasePath || p == "/" }

// CertificateProblem checks a domain's certificate against its endpoint type, as
// CreateDomainName does: an EDGE domain's certificate (certificateArn) must be an ACM
// certificate in us-east-1, the Region of CloudFront; a REGIONAL domain's
// (regionalCertificateArn) one in the API's Region. It returns the field at fault and
// AWS's message, or "" when the certificate is right.
//
// Source for the wording: "Invalid certificate ARN: arn:aws:acm:us-west-2:…:certificate/….
// Certificate must be in 'us-east-1'." (a real CreateDomainName error quoted in
// nzoschke/gofaas#13); the ACM user guide: "To use an ACM certificate with Amazon
// CloudFront, you must request or import the certificate in the US East (N. Virginia)
// region". The REGIONAL message follows the same form (unconfirmed, docs/fidelity.md).
func CertificateProblem(endpoint, certArn, regionalArn, region string) (field, msg string) {
	switch endpoint {
	case EndpointEdge:
		if certArn == "" {
			return "certificateArn", "An EDGE domain name needs certificateArn: an ACM certificate in us-east-1 (CloudFront's Region)"
		}
		if r, ok := acmRegion(certArn); !ok || r != "us-east-1" {
			return "certificateArn", fmt.Sprintf("Invalid certificate ARN: %s. Certificate must be in 'us-east-1'.", certArn)
		}
	case EndpointRegional:
		if regionalArn == "" {
			return "regionalCertificateArn", "A REGIONAL domain name needs regionalCertificateArn: an ACM certificate in the API's Region (" + region + ")"
		}
		if r, ok := acmRegion(regionalArn); !ok || r != region {
			return "regionalCertificateArn", fmt.Sprintf("Invalid certificate ARN: %s. Certificate must be in '%s'.", regionalArn, region)
		}
	}
	return "", ""
}

// acmRegion reads the Region of arn:aws:acm:REGION:ACCOUNT:certificate/ID.
func acmRegion(arn string) (string, bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "acm" || !strings.HasPrefix(parts[5], "certificate/") ||
		!accountIDRe.MatchString(parts[4]) {
		return "", false
	}
	return parts[3], true
}

// BasePathProblem checks a REST base path mapping's path (apigateway): one segment of
// letters, digits and $-_.+!*'(), or the root. Source: "API Gateway V1 doesn't support the
// slash character (/) in base path mappings. To create a multi-level base path mapping,
// use API Gateway V2." (real BadRequestException, aws/chalice#1897,
// hashicorp/terraform-provider-aws#21986); the characters are those aws-cdk's
// BasePathMapping checks for AWS's rule.
func BasePathProblem(p string) string {
	if IsRootPath(p) {
		return ""
	}
	if strings.Contains(p, "/") {
		return "API Gateway V1 doesn't support the slash character (/) in base path mappings. To create a multi-level base path mapping, use API Gateway V2."
	}
	return segmentProblem(p)
}

// MappingKeyProblem checks an API mapping key (apigatewayv2): segments as BasePathProblem's,
// several allowed when the domain is REGIONAL with TLS_1_2 and the API not a WebSocket API
// (the console's rule: "To configure paths with multiple levels, for example v1/signup, your
// domain name must be regional, use the TLS 1.2 security policy, and can't be mapped to a
// WebSocket API", quoted in aws/aws-cdk#14822; wording here apigwlab's).
func MappingKeyProblem(key string, d *DomainName, websocket bool) string {
	if IsRootPath(key) {
		return ""
	}
	if strings.HasPrefix(key, "/") || strings.HasSuffix(key, "/") || strings.Contains(key, "//") {
		return fmt.Sprintf("Invalid API mapping key %q: write segments without leading, trailing or double slashes (orders/v1)", key)
	}
	for _, seg := range strings.Split(key, "/") {
		if msg := segmentProblem(seg); msg != "" {
			return msg
		}
	}
	if strings.Contains(key, "/") {
		switch {
		case d.Endpoint() != EndpointRegional || d.Policy() != TLS12:
			return fmt.Sprintf("Multi-level API mapping key %q needs a REGIONAL domain name with the TLS_1_2 security policy (%s is %s, %s)", key, d.DomainName, d.Endpoint(), d.Policy())
		case websocket:
			return fmt.Sprintf("Multi-level API mapping key %q cannot map a WebSocket API", key)
		}
	}
	return ""
}

func segmentProblem(seg string) string {
	for _, r := range seg {
		if (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') || strings.ContainsRune("$-_.+!*'()", r) {
			continue
		}
		return fmt.Sprintf("Invalid base path %q: a base path may only contain letters, numbers, and one of $-_.+!*'()", seg)
	}
	return ""
}

// MappingPaths lists the paths a domain's mappings take (base paths and API mapping keys,
// "" for the root), with the mapping that takes each.
func (d *DomainName) MappingPaths() map[string]any {
	out := map[string]any{}
	for _, m := range d.BasePathMappings {
		if m != nil {
			out[NormalPath(m.BasePath)] = m
		}
	}
	for _, m := range d.APIMappings {
		if m != nil {
			out[NormalPath(m.APIMappingKey)] = m
		}
	}
	return out
}

// NormalPath is a base path or mapping key as compared: "" for the root.
func NormalPath(p string) string {
	if IsRootPath(p) {
		return ""
	}
	return strings.Trim(p, "/")
}

// PathTaken says why a new mapping cannot take path p on d: AWS's ConflictException
// messages "Base path already exists for this domain name" (aws/aws-extensions-for-dotnet-cli#102,
// serverless-domain-manager#214) and, for a second root mapping, "Only one base path
// mapping is allowed if the base path is empty." (serverless-domain-manager#179).
func (d *DomainName) PathTaken(p string) string {
	if _, taken := d.MappingPaths()[NormalPath(p)]; !taken {
		return ""
	}
	if NormalPath(p) == "" {
		return "Only one base path mapping is allowed if the base path is empty."
	}
	return "Base path already exists for this domain name"
}

// DeriveID is the id apigwlab gives a resource of kind named name when the workspace
// names none (10 characters of [a-z0-9], the same for the same name).
func DeriveID(kind, name string) string { return deriveID(kind, name) }

// defaultDomains gives VPC links, client certificates and API mappings the ids a
// workspace leaves out: six characters, as AWS's look (a1b2c3), the same for the same name.
func defaultDomains(w *Workspace) {
	for _, l := range w.VPCLinks {
		if l != nil && l.ID == "" && l.Name != "" {
			l.ID = deriveID("vpclink", l.Name)[:6]
		}
	}
	for i, c := range w.ClientCertificates {
		if c != nil && c.ClientCertificateID == "" {
			c.ClientCertificateID = deriveID("clientcert", fmt.Sprint(i, c.Description))[:6]
		}
		if c != nil && c.CreatedDate == "" {
			c.CreatedDate = "2026-01-01T00:00:00Z"
		}
	}
	for _, d := range w.DomainNames {
		if d == nil {
			continue
		}
		for _, m := range d.APIMappings {
			if m != nil && m.APIMappingID == "" {
				m.APIMappingID = deriveID("apimapping", d.DomainName+"\x00"+NormalPath(m.APIMappingKey))[:6]
			}
		}
	}
}
