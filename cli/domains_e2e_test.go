package cli

import (
	"io"
	"net/http"
	"os/exec"
	"strings"
	"testing"
)

// TestAWSCLIDrivesCustomDomains: the real aws CLI against serve makes a domain name, a base
// path mapping (apigateway) and an API mapping (apigatewayv2), curl reaches both APIs by
// Host at once, a VPC link and a client certificate are made; serve --state keeps all of
// it across a restart.
func TestAWSCLIDrivesCustomDomains(t *testing.T) {
	if _, err := exec.LookPath("aws"); err != nil {
		t.Skip("the aws CLI is not installed (.ci/run installs it: apt-get install -y awscli)")
	}
	const cert = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
	dir := t.TempDir()
	p := runServe(t, "-f", "examples/custom-domain.yaml", "--state", dir, "--no-sleep")
	ep := p.base
	must := func(service string, args ...string) map[string]any {
		t.Helper()
		obj, stderr, err := awsService(t, service, ep, args...)
		if err != nil {
			t.Fatalf("aws %s %s: %v\n%s", service, strings.Join(args, " "), err, stderr)
		}
		return obj
	}
	get := func(base, host, path string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", base+path, nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}

	d := must("apigateway", "create-domain-name", "--domain-name", "shop.example.com", "--regional-certificate-arn", cert,
		"--endpoint-configuration", "types=REGIONAL", "--security-policy", "TLS_1_2")
	if d["domainName"] != "shop.example.com" || d["regionalDomainName"] != "d-rq194ut5yv.execute-api.us-east-1.amazonaws.com" ||
		d["regionalHostedZoneId"] != "Z1UJRXOUMOOFQ8" || d["domainNameStatus"] != "AVAILABLE" {
		t.Errorf("create-domain-name: %v", d)
	}
	if _, stderr, err := awsService(t, "apigateway", ep, "create-domain-name", "--domain-name", "edge.example.com",
		"--certificate-arn", "arn:aws:acm:eu-west-1:123456789012:certificate/x"); err == nil ||
		!strings.Contains(stderr, "An error occurred (BadRequestException) when calling the CreateDomainName operation: Invalid certificate ARN: arn:aws:acm:eu-west-1:123456789012:certificate/x. Certificate must be in 'us-east-1'.") {
		t.Errorf("an EDGE certificate outside us-east-1: %v %s", err, stderr)
	}
	if m := must("apigateway", "create-base-path-mapping", "--domain-name", "shop.example.com", "--base-path", "v1",
		"--rest-api-id", "ikhft9co60", "--stage", "prod"); m["basePath"] != "v1" || m["restApiId"] != "ikhft9co60" || m["stage"] != "prod" {
		t.Errorf("create-base-path-mapping: %v", m)
	}
	if code, body := get(ep, "shop.example.com", "/v1/items"); code != 200 || !strings.Contains(body, `"path":"/v1/items"`) || !strings.Contains(body, `"domainName":"shop.example.com"`) {
		t.Errorf("GET /v1/items by Host: %d %s", code, body)
	}
	if list := must("apigateway", "get-base-path-mappings", "--domain-name", "shop.example.com"); len(list["items"].([]any)) != 1 {
		t.Errorf("get-base-path-mappings: %v", list)
	}
	am := must("apigatewayv2", "create-api-mapping", "--domain-name", "shop.example.com", "--api-id", "fevar3busu",
		"--stage", "$default", "--api-mapping-key", "pets/v2")
	if am["ApiMappingKey"] != "pets/v2" || am["ApiId"] != "fevar3busu" || am["Stage"] != "$default" {
		t.Errorf("create-api-mapping: %v", am)
	}
	if code, body := get(ep, "shop.example.com", "/pets/v2/pets/3"); code != 200 || !strings.Contains(body, `"rawPath":"/pets/v2/pets/3"`) {
		t.Errorf("GET /pets/v2/pets/3 by Host: %d %s", code, body)
	}
	if code, body := get(ep, "shop.example.com", "/nothing"); code != 403 || body != `{"message":"Forbidden"}` {
		t.Errorf("no mapping: %d %s", code, body)
	}
	if dn := must("apigatewayv2", "get-domain-names"); len(dn["Items"].([]any)) != 3 {
		t.Errorf("apigatewayv2 get-domain-names: %v", dn)
	}
	link := must("apigateway", "create-vpc-link", "--name", "nlb", "--target-arns",
		"arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/my-nlb/50dc6c495c0c9188")
	if link["status"] != "PENDING" {
		t.Errorf("create-vpc-link: %v", link)
	}
	if got := must("apigateway", "get-vpc-link", "--vpc-link-id", link["id"].(string)); got["status"] != "AVAILABLE" || got["statusMessage"] != "Your vpc link is ready for use" {
		t.Errorf("get-vpc-link: %v", got)
	}
	cc := must("apigateway", "generate-client-certificate", "--description", "backend")
	if pem, _ := cc["pemEncodedCertificate"].(string); !strings.HasPrefix(pem, "-----BEGIN CERTIFICATE-----") {
		t.Errorf("generate-client-certificate: %v", cc)
	}
	p.stop(t)

	// serve --state kept the domain, both mappings, the link and the certificate
	p = runServe(t, "-f", "examples/custom-domain.yaml", "--state", dir, "--no-sleep")
	if code, body := get(p.base, "shop.example.com", "/v1/items"); code != 200 || !strings.Contains(body, `"path":"/v1/items"`) {
		t.Errorf("after a restart, GET /v1/items by Host: %d %s", code, body)
	}
	if code, _ := get(p.base, "shop.example.com", "/pets/v2/pets/3"); code != 200 {
		t.Errorf("after a restart, the API mapping: %d", code)
	}
	if _, stderr, err := awsService(t, "apigateway", p.base, "get-vpc-link", "--vpc-link-id", link["id"].(string)); err != nil {
		t.Errorf("after a restart, get-vpc-link: %v %s", err, stderr)
	}
	if _, stderr, err := awsService(t, "apigateway", p.base, "get-client-certificate", "--client-certificate-id", cc["clientCertificateId"].(string)); err != nil {
		t.Errorf("after a restart, get-client-certificate: %v %s", err, stderr)
	}
}
