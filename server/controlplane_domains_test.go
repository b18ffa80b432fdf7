package server

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"apigwlab/engine"
	"apigwlab/engine/model"
)

// TestDomainRoutes: the HTTP control plane of domain names, base path mappings, API
// mappings, VPC links and client certificates, at botocore's paths and statuses, with the
// wire's shapes; a mapping made over HTTP routes data-plane requests by Host at once.
func TestDomainRoutes(t *testing.T) {
	src, err := os.ReadFile("../examples/custom-domain.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ws, err := model.Parse("custom-domain.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	gw, err := engine.New(ws, engine.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(gw.Close)
	srv := httptest.NewServer(New(gw, Options{}))
	t.Cleanup(srv.Close)
	const cert = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
	for _, tc := range []struct {
		method, path, host, body string
		status                   int
		errType, want            string
	}{
		{"POST", "/domainnames", "", `{"domainName":"shop.example.com","regionalCertificateArn":"` + cert + `","endpointConfiguration":{"types":["REGIONAL"]},"securityPolicy":"TLS_1_2"}`, 201, "",
			`{"domainName":"shop.example.com","domainNameArn":"arn:aws:apigateway:us-east-1::/domainnames/shop.example.com","domainNameStatus":"AVAILABLE","endpointConfiguration":{"types":["REGIONAL"]},"regionalCertificateArn":"` + cert + `","regionalDomainName":"d-rq194ut5yv.execute-api.us-east-1.amazonaws.com","regionalHostedZoneId":"Z1UJRXOUMOOFQ8","securityPolicy":"TLS_1_2"}`},
		{"POST", "/domainnames", "", `{"domainName":"edge.example.com","certificateArn":"arn:aws:acm:eu-west-1:123456789012:certificate/x"}`, 400, "BadRequestException",
			`{"message":"Invalid certificate ARN: arn:aws:acm:eu-west-1:123456789012:certificate/x. Certificate must be in 'us-east-1'."}`},
		{"GET", "/domainnames/nope.example.com", "", "", 404, "NotFoundException", `{"message":"Invalid domain name identifier specified"}`},
		{"POST", "/domainnames/shop.example.com/basepathmappings", "", `{"basePath":"v1/orders","restApiId":"orders","stage":"prod"}`, 400, "BadRequestException",
			`{"message":"API Gateway V1 doesn't support the slash character (/) in base path mappings. To create a multi-level base path mapping, use API Gateway V2."}`},
		{"POST", "/domainnames/shop.example.com/basepathmappings", "", `{"basePath":"v1","restApiId":"ikhft9co60","stage":"prod"}`, 201, "", `{"basePath":"v1","restApiId":"ikhft9co60","stage":"prod"}`},
		{"POST", "/domainnames/shop.example.com/basepathmappings", "", `{"basePath":"v1","restApiId":"orders","stage":"prod"}`, 409, "ConflictException", `{"message":"Base path already exists for this domain name"}`},
		{"GET", "/v1/items", "shop.example.com", "", 200, "", `"path":"/v1/items"`},
		{"GET", "/domainnames/shop.example.com/basepathmappings", "", "", 200, "", `{"item":[{"basePath":"v1","restApiId":"ikhft9co60","stage":"prod"}]}`},
		{"GET", "/domainnames/shop.example.com/basepathmappings/%28none%29", "", "", 404, "NotFoundException", `{"message":"Invalid base path mapping identifier specified"}`},
		{"PATCH", "/domainnames/shop.example.com/basepathmappings/v1", "", `{"patchOperations":[{"op":"replace","path":"/basePath","value":"v2"}]}`, 200, "", `{"basePath":"v2","restApiId":"ikhft9co60","stage":"prod"}`},
		{"DELETE", "/domainnames/shop.example.com/basepathmappings/v2", "", "", 202, "", ``},
		{"POST", "/v2/domainnames/shop.example.com/apimappings", "", `{"apiId":"fevar3busu","stage":"$default","apiMappingKey":"pets/v2"}`, 201, "", `{"apiId":"fevar3busu","apiMappingId":"emb1uc","apiMappingKey":"pets/v2","stage":"$default"}`},
		{"GET", "/pets/v2/pets/3", "shop.example.com", "", 200, "", `"rawPath":"/pets/v2/pets/3"`},
		{"GET", "/v2/domainnames/shop.example.com/apimappings", "", "", 200, "", `{"items":[{"apiId":"fevar3busu","apiMappingId":"emb1uc","apiMappingKey":"pets/v2","stage":"$default"}]}`},
		{"DELETE", "/v2/domainnames/shop.example.com/apimappings/emb1uc", "", "", 204, "", ``},
		{"GET", "/v2/domainnames/shop.example.com", "", "", 200, "", `{"apiMappingSelectionExpression":"$request.basepath","domainName":"shop.example.com","domainNameArn":"arn:aws:apigateway:us-east-1::/domainnames/shop.example.com","domainNameConfigurations":[{"apiGatewayDomainName":"d-rq194ut5yv.execute-api.us-east-1.amazonaws.com","certificateArn":"` + cert + `","domainNameStatus":"AVAILABLE","endpointType":"REGIONAL","hostedZoneId":"Z1UJRXOUMOOFQ8","securityPolicy":"TLS_1_2"}],"tags":{}}`},
		{"DELETE", "/v2/domainnames/shop.example.com", "", "", 204, "", ``},
		{"DELETE", "/domainnames/shop.example.com", "", "", 404, "NotFoundException", `{"message":"Invalid domain name identifier specified"}`},
		{"POST", "/vpclinks", "", `{"name":"","targetArns":[]}`, 400, "BadRequestException", `{"message":"Name cannot be empty"}`},
		{"POST", "/vpclinks", "", `{"name":"nlb","targetArns":["invalid-arn"]}`, 400, "BadRequestException", `{"message":"Invalid ARN. ARN is not well formed invalid-arn"}`},
		{"POST", "/vpclinks", "", `{"name":"nlb","targetArns":["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/n/1"]}`, 202, "",
			`{"id":"8wexrj","name":"nlb","status":"PENDING","targetArns":["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/n/1"]}`},
		{"GET", "/vpclinks", "", "", 200, "", `{"item":[{"id":"8wexrj","name":"nlb","status":"AVAILABLE","statusMessage":"Your vpc link is ready for use","targetArns":["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/n/1"]}]}`},
		{"GET", "/vpclinks/invalid-id", "", "", 404, "NotFoundException", `{"message":"Invalid Vpc Link identifier specified"}`},
		{"DELETE", "/vpclinks/8wexrj", "", "", 202, "", ``},
		{"POST", "/clientcertificates", "", `{"description":"backend"}`, 201, "", `"pemEncodedCertificate":"-----BEGIN CERTIFICATE-----`},
		{"GET", "/clientcertificates/nope", "", "", 404, "NotFoundException", `{"message":"Invalid Client Certificate identifier specified"}`},
	} {
		req, _ := http.NewRequest(tc.method, srv.URL+tc.path, strings.NewReader(tc.body))
		if tc.host != "" {
			req.Host = tc.host
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		got := string(b)
		var c bytes.Buffer
		if json.Compact(&c, b) == nil {
			got = c.String() // apigateway's answers are indented, as the verbs print them
		}
		if resp.StatusCode != tc.status || resp.Header.Get("x-amzn-ErrorType") != tc.errType {
			t.Errorf("%s %s: %d %q %s, want %d %q", tc.method, tc.path, resp.StatusCode, resp.Header.Get("x-amzn-ErrorType"), got, tc.status, tc.errType)
			continue
		}
		if strings.HasPrefix(tc.want, "{") && got != tc.want || !strings.HasPrefix(tc.want, "{") && !strings.Contains(got, tc.want) {
			t.Errorf("%s %s:\n got %s\nwant %s", tc.method, tc.path, got, tc.want)
		}
	}
}
