package model

import (
	"strings"
	"testing"
)

// TestDomainValidation: validate refuses what CreateDomainName, CreateBasePathMapping,
// CreateApiMapping, CreateVpcLink and PutIntegration refuse, at file:line.
func TestDomainValidation(t *testing.T) {
	const head = `region: eu-west-1
restApis:
  - name: orders
    resources:
      /items:
        GET: {integration: {type: MOCK}}
    stages: [{stageName: prod}]
httpApis:
  - name: shop
    routes: {"GET /x": {integration: {integrationType: HTTP_PROXY, integrationUri: "https://example.com", integrationMethod: GET}}}
    stages: [{stageName: $default}]
websocketApis:
  - name: chat
    routes: {$default: {integration: {integrationType: MOCK}}}
    stages: [{stageName: prod}]
`
	const edgeOK = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
	const regOK = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
	cases := []struct {
		name, yaml, want string
	}{
		{"edge cert in another Region", `domainNames:
  - {domainName: api.example.com, certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc"}`,
			`t.yaml:17:51: domainNames[0].certificateArn: Invalid certificate ARN: arn:aws:acm:eu-west-1:123456789012:certificate/abc. Certificate must be in 'us-east-1'.`},
		{"regional cert outside the API's Region", `domainNames:
  - {domainName: api.example.com, endpointType: REGIONAL, regionalCertificateArn: "` + edgeOK + `"}`,
			`t.yaml:17:83: domainNames[0].regionalCertificateArn: Invalid certificate ARN: arn:aws:acm:us-east-1:123456789012:certificate/abc. Certificate must be in 'eu-west-1'.`},
		{"regional default from the certificate", `domainNames:
  - {domainName: api.example.com, regionalCertificateArn: "` + regOK + `"}`, ``},
		{"not a domain name", `domainNames:
  - {domainName: "api example", certificateArn: "` + edgeOK + `"}`,
			`t.yaml:17:18: domainNames[0].domainName: "api example" is not a domain name: write labels of letters, digits and hyphens, e.g. api.example.com`},
		{"v1 base path with a slash", `domainNames:
  - domainName: api.example.com
    certificateArn: "` + edgeOK + `"
    basePathMappings: [{basePath: orders/v1, restApiId: orders, stage: prod}]`,
			`t.yaml:19:35: domainNames[0].basePathMappings[0].basePath: API Gateway V1 doesn't support the slash character (/) in base path mappings. To create a multi-level base path mapping, use API Gateway V2.`},
		{"multi-level on EDGE", `domainNames:
  - domainName: api.example.com
    certificateArn: "` + edgeOK + `"
    apiMappings: [{apiMappingKey: shop/v1, apiId: shop, stage: $default}]`,
			`t.yaml:19:35: domainNames[0].apiMappings[0].apiMappingKey: Multi-level API mapping key "shop/v1" needs a REGIONAL domain name with the TLS_1_2 security policy (api.example.com is EDGE, TLS_1_2)`},
		{"multi-level to a WebSocket API", `domainNames:
  - domainName: api.example.com
    regionalCertificateArn: "` + regOK + `"
    apiMappings: [{apiMappingKey: chat/v1, apiId: chat, stage: prod}]`,
			`t.yaml:19:35: domainNames[0].apiMappings[0].apiMappingKey: Multi-level API mapping key "chat/v1" cannot map a WebSocket API`},
		{"same path twice across v1 and v2", `domainNames:
  - domainName: api.example.com
    regionalCertificateArn: "` + regOK + `"
    basePathMappings: [{basePath: orders, restApiId: orders, stage: prod}]
    apiMappings: [{apiMappingKey: orders, apiId: shop, stage: $default}]`,
			`t.yaml:20:35: domainNames[0].apiMappings[0].apiMappingKey: Base path already exists for this domain name`},
		{"two roots", `domainNames:
  - domainName: api.example.com
    regionalCertificateArn: "` + regOK + `"
    basePathMappings: [{basePath: (none), restApiId: orders, stage: prod}, {restApiId: orders}]`,
			`t.yaml:19:76: domainNames[0].basePathMappings[1].basePath: Only one base path mapping is allowed if the base path is empty.`},
		{"unknown stage", `domainNames:
  - domainName: api.example.com
    certificateArn: "` + edgeOK + `"
    basePathMappings: [{basePath: orders, restApiId: orders, stage: beta}]`,
			`t.yaml:19:69: domainNames[0].basePathMappings[0].stage: Invalid stage identifier specified: orders has no stage "beta"`},
		{"VPC link without name, bad ARN", `vpcLinks:
  - {targetArns: [invalid-arn]}`,
			"t.yaml:17:5: vpcLinks[0].name: Name cannot be empty\nt.yaml:17:18: vpcLinks[0].targetArns: Invalid ARN. ARN is not well formed invalid-arn"},
		{"integration names an unknown VPC link", `vpcLinks:
  - {name: nlb, targetArns: ["arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/n/1"]}
restApis:
  - name: private
    resources:
      /x:
        GET: {integration: {type: HTTP_PROXY, httpMethod: GET, uri: "http://nlb.internal", connectionType: VPC_LINK, connectionId: nope}}`,
			`t.yaml:11:132: restApis[1].resources./x.GET.integration.connectionId: Invalid Vpc Link identifier specified nope`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := head + tc.yaml + "\n"
			if strings.Contains(tc.yaml, "\nrestApis:") {
				// a second restApis block: splice its API into the first list
				parts := strings.SplitN(tc.yaml, "\nrestApis:\n", 2)
				src = strings.Replace(head, "httpApis:", strings.TrimPrefix(parts[1], "\n")+"\nhttpApis:", 1) + parts[0] + "\n"
			}
			_, err := Parse("t.yaml", []byte(src))
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("errors:\n got %s\nwant %s\nin\n%s", got, tc.want, src)
			}
		})
	}
}
