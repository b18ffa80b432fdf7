package engine

import (
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"testing"

	"apigwlab/engine/wire"
)

const regCert = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789"

// TestDomainNameVerbs: apigateway's domain name and base path mapping verbs, with AWS's
// shapes and refusals; a mapping made through them routes at once.
func TestDomainNameVerbs(t *testing.T) {
	g := domainGateway(t)
	runSteps(t, g, [][2]string{
		{"aws apigateway create-domain-name --domain-name shop.example.com --certificate-arn arn:aws:acm:eu-west-1:123456789012:certificate/x", `error: BadRequestException: Invalid certificate ARN: arn:aws:acm:eu-west-1:123456789012:certificate/x. Certificate must be in 'us-east-1'.`},
		{"aws apigateway create-domain-name --domain-name shop.example.com --regional-certificate-arn arn:aws:acm:eu-west-1:123456789012:certificate/x --endpoint-configuration types=REGIONAL", `error: BadRequestException: Invalid certificate ARN: arn:aws:acm:eu-west-1:123456789012:certificate/x. Certificate must be in 'us-east-1'.`},
		{"aws apigateway create-domain-name --domain-name shop.example.com --regional-certificate-arn " + regCert + " --endpoint-configuration types=REGIONAL --security-policy TLS_1_2", `{"domainName":"shop.example.com","domainNameArn":"arn:aws:apigateway:us-east-1::/domainnames/shop.example.com","domainNameStatus":"AVAILABLE","endpointConfiguration":{"types":["REGIONAL"]},"regionalCertificateArn":"arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789","regionalDomainName":"d-rq194ut5yv.execute-api.us-east-1.amazonaws.com","regionalHostedZoneId":"Z1UJRXOUMOOFQ8","securityPolicy":"TLS_1_2"}`},
		{"aws apigateway create-domain-name --domain-name shop.example.com --certificate-arn " + regCert, `error: ConflictException: The domain name you provided already exists.`},
		{"aws apigateway get-domain-name --domain-name nope.example.com", `error: NotFoundException: Invalid domain name identifier specified`},
		{"aws apigateway create-base-path-mapping --domain-name shop.example.com --base-path v1/orders --rest-api-id orders --stage prod", `error: BadRequestException: API Gateway V1 doesn't support the slash character (/) in base path mappings. To create a multi-level base path mapping, use API Gateway V2.`},
		{"aws apigateway create-base-path-mapping --domain-name shop.example.com --base-path v1 --rest-api-id orders --stage beta", `error: BadRequestException: Invalid stage identifier specified`},
		{"aws apigateway create-base-path-mapping --domain-name shop.example.com --base-path v1 --rest-api-id nope --stage prod", `error: BadRequestException: Invalid REST API identifier specified`},
		{"aws apigateway create-base-path-mapping --domain-name shop.example.com --base-path v1 --rest-api-id orders --stage prod", `{"basePath":"v1","restApiId":"ikhft9co60","stage":"prod"}`},
		{"aws apigateway create-base-path-mapping --domain-name shop.example.com --base-path v1 --rest-api-id orders --stage prod", `error: ConflictException: Base path already exists for this domain name`},
		{"aws apigateway create-base-path-mapping --domain-name shop.example.com --rest-api-id orders", `{"basePath":"(none)","restApiId":"ikhft9co60"}`},
		{"aws apigateway create-base-path-mapping --domain-name shop.example.com --base-path '(none)' --rest-api-id orders --stage prod", `error: ConflictException: Only one base path mapping is allowed if the base path is empty.`},
		{"aws apigateway get-base-path-mappings --domain-name shop.example.com", `{"items":[{"basePath":"v1","restApiId":"ikhft9co60","stage":"prod"},{"basePath":"(none)","restApiId":"ikhft9co60"}]}`},
		{"aws apigateway update-base-path-mapping --domain-name shop.example.com --base-path v1 --patch-operations op=replace,path=/basePath,value=v2", `{"basePath":"v2","restApiId":"ikhft9co60","stage":"prod"}`},
		{"aws apigateway get-base-path-mapping --domain-name shop.example.com --base-path v1", `error: NotFoundException: Invalid base path mapping identifier specified`},
		{"aws apigateway delete-base-path-mapping --domain-name shop.example.com --base-path '(none)'", ``},
		{"aws apigateway update-domain-name --domain-name shop.example.com --patch-operations op=replace,path=/securityPolicy,value=TLS_1_0", `{"domainName":"shop.example.com","domainNameArn":"arn:aws:apigateway:us-east-1::/domainnames/shop.example.com","domainNameStatus":"AVAILABLE","endpointConfiguration":{"types":["REGIONAL"]},"regionalCertificateArn":"arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789","regionalDomainName":"d-rq194ut5yv.execute-api.us-east-1.amazonaws.com","regionalHostedZoneId":"Z1UJRXOUMOOFQ8","securityPolicy":"TLS_1_0"}`},
		{"aws apigateway get-domain-names --limit 1", `{"items":[{"domainName":"api.example.com","domainNameArn":"arn:aws:apigateway:us-east-1::/domainnames/api.example.com","domainNameStatus":"AVAILABLE","endpointConfiguration":{"types":["REGIONAL"]},"regionalCertificateArn":"arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789","regionalDomainName":"d-2s4bcr0g5w.execute-api.us-east-1.amazonaws.com","regionalHostedZoneId":"Z1UJRXOUMOOFQ8","securityPolicy":"TLS_1_2"}],"position":"1"}`},
	})
	r := g.Invoke(&Request{Method: "GET", Path: "/v2/items", Header: wire.Headers{{Name: "Host", Value: "shop.example.com"}}})
	if r.Status != 200 {
		t.Fatalf("through the new mapping: %d %s", r.Status, r.Body)
	}
	runSteps(t, g, [][2]string{
		{"aws apigateway delete-domain-name --domain-name shop.example.com", ``},
		{"aws apigateway get-base-path-mappings --domain-name shop.example.com", `error: NotFoundException: Invalid domain name identifier specified`},
	})
	if r := g.Invoke(&Request{Method: "GET", Path: "/v2/items", Header: wire.Headers{{Name: "Host", Value: "shop.example.com"}}}); r.Status != 403 || r.Body != `{"message":"Forbidden"}` {
		// the domain is gone: shop.example.com is no custom domain, so the default endpoint
		// answers, and orders has disableExecuteApiEndpoint
		t.Errorf("after delete-domain-name: %d %s", r.Status, r.Body)
	}
}

// TestAPIMappingVerbs: apigatewayv2's domain names and API mappings; the verbs spelt like
// apigateway's go to apigatewayv2 by its options or prefix.
func TestAPIMappingVerbs(t *testing.T) {
	g := domainGateway(t)
	runSteps(t, g, [][2]string{
		{"create-domain-name --domain-name v2.example.com --domain-name-configurations CertificateArn=" + regCert + ",EndpointType=REGIONAL,SecurityPolicy=TLS_1_2", `{"ApiMappingSelectionExpression":"$request.basepath","DomainName":"v2.example.com","DomainNameArn":"arn:aws:apigateway:us-east-1::/domainnames/v2.example.com","DomainNameConfigurations":[{"ApiGatewayDomainName":"d-24kfoepmc0.execute-api.us-east-1.amazonaws.com","CertificateArn":"arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789","DomainNameStatus":"AVAILABLE","EndpointType":"REGIONAL","HostedZoneId":"Z1UJRXOUMOOFQ8","SecurityPolicy":"TLS_1_2"}],"Tags":{}}`},
		{"aws apigatewayv2 get-domain-name --domain-name v2.example.com", `{"ApiMappingSelectionExpression":"$request.basepath","DomainName":"v2.example.com","DomainNameArn":"arn:aws:apigateway:us-east-1::/domainnames/v2.example.com","DomainNameConfigurations":[{"ApiGatewayDomainName":"d-24kfoepmc0.execute-api.us-east-1.amazonaws.com","CertificateArn":"arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789","DomainNameStatus":"AVAILABLE","EndpointType":"REGIONAL","HostedZoneId":"Z1UJRXOUMOOFQ8","SecurityPolicy":"TLS_1_2"}],"Tags":{}}`},
		{"aws apigatewayv2 create-api-mapping --domain-name v2.example.com --api-id shop --stage '$default' --api-mapping-key pets/v2", `{"ApiId":"fevar3busu","ApiMappingId":"oftbl2","ApiMappingKey":"pets/v2","Stage":"$default"}`},
		{"aws apigatewayv2 create-api-mapping --domain-name v2.example.com --api-id shop --stage '$default' --api-mapping-key pets/v2", `error: ConflictException: Base path already exists for this domain name`},
		{"aws apigatewayv2 create-api-mapping --domain-name v2.example.com --api-id chat --stage prod --api-mapping-key a/b", `error: NotFoundException: Invalid API identifier specified 123456789012:chat`},
		{"aws apigatewayv2 create-api-mapping --domain-name v2.example.com --api-id shop --stage beta", `error: BadRequestException: Invalid stage identifier specified`},
		{"aws apigatewayv2 create-api-mapping --domain-name v2.example.com --api-id orders --stage prod", `{"ApiId":"ikhft9co60","ApiMappingId":"2v4hwz","Stage":"prod"}`},
		{"aws apigatewayv2 get-api-mappings --domain-name v2.example.com", `{"Items":[{"ApiId":"fevar3busu","ApiMappingId":"oftbl2","ApiMappingKey":"pets/v2","Stage":"$default"},{"ApiId":"ikhft9co60","ApiMappingId":"2v4hwz","Stage":"prod"}]}`},
		{"aws apigatewayv2 get-domain-names --max-results 1", `{"Items":[{"ApiMappingSelectionExpression":"$request.basepath","DomainName":"api.example.com","DomainNameArn":"arn:aws:apigateway:us-east-1::/domainnames/api.example.com","DomainNameConfigurations":[{"ApiGatewayDomainName":"d-2s4bcr0g5w.execute-api.us-east-1.amazonaws.com","CertificateArn":"arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789","DomainNameStatus":"AVAILABLE","EndpointType":"REGIONAL","HostedZoneId":"Z1UJRXOUMOOFQ8","SecurityPolicy":"TLS_1_2"}],"Tags":{}}],"NextToken":"1"}`},
	})
	r := g.Invoke(&Request{Method: "GET", Path: "/pets/v2/pets/3", Header: wire.Headers{{Name: "Host", Value: "v2.example.com"}}})
	if r.Status != 200 {
		t.Fatalf("through the new API mapping: %d %s", r.Status, r.Body)
	}
	if r := g.Invoke(&Request{Method: "GET", Path: "/items", Header: wire.Headers{{Name: "Host", Value: "v2.example.com"}}}); r.Status != 200 {
		t.Fatalf("a REST API through an API mapping: %d %s", r.Status, r.Body)
	}
	var list struct {
		Items []struct{ ApiMappingId string }
	}
	out, _ := g.Exec("aws apigatewayv2 get-api-mappings --domain-name v2.example.com")
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list.Items) != 2 {
		t.Fatalf("get-api-mappings: %v %s", err, out)
	}
	runSteps(t, g, [][2]string{
		{"aws apigatewayv2 delete-api-mapping --domain-name v2.example.com --api-mapping-id " + list.Items[0].ApiMappingId, ``},
		{"aws apigatewayv2 delete-api-mapping --domain-name v2.example.com --api-mapping-id nope", `error: NotFoundException: Invalid API mapping identifier specified`},
	})
}

// TestVPCLinkVerbs: the VPC link lifecycle of LocalStack's AWS-validated test_vpc_link_lifecycle
// and its refusals; an integration naming a link.
func TestVPCLinkVerbs(t *testing.T) {
	g := domainGateway(t)
	const nlb = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/my-load-balancer/50dc6c495c0c9188"
	runSteps(t, g, [][2]string{
		{"create-vpc-link --name test-vpc-link --target-arns invalid-arn", `error: BadRequestException: Invalid ARN. ARN is not well formed invalid-arn`},
		{"create-vpc-link --name '' --target-arns " + nlb, `error: BadRequestException: Name cannot be empty`},
		{"create-vpc-link --name test-vpc-link --target-arns " + nlb, `{"id":"5vdoxc","name":"test-vpc-link","status":"PENDING","targetArns":["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/my-load-balancer/50dc6c495c0c9188"]}`},
		{"get-vpc-link --vpc-link-id invalid-id", `error: NotFoundException: Invalid Vpc Link identifier specified`},
		{"get-vpc-links", `{"items":[{"id":"5vdoxc","name":"test-vpc-link","status":"AVAILABLE","statusMessage":"Your vpc link is ready for use","targetArns":["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/my-load-balancer/50dc6c495c0c9188"]}]}`},
		{"put-integration --rest-api-id orders --resource-id /items --http-method GET --type HTTP_PROXY --integration-http-method GET --uri http://nlb.internal --connection-type VPC_LINK --connection-id nope", `error: BadRequestException: Invalid Vpc Link identifier specified nope`},
		{"put-integration --rest-api-id orders --resource-id /items --http-method GET --type HTTP_PROXY --integration-http-method GET --uri http://nlb.internal --connection-type VPC_LINK --connection-id '${stageVariables.vpcLinkId}'", `{"cacheKeyParameters":[],"cacheNamespace":"m7nnk1","connectionId":"${stageVariables.vpcLinkId}","connectionType":"VPC_LINK","httpMethod":"GET","passthroughBehavior":"WHEN_NO_MATCH","timeoutInMillis":29000,"type":"HTTP_PROXY","uri":"http://nlb.internal"}`},
	})
	var link struct{ ID string }
	out, _ := g.Exec("get-vpc-links")
	var links struct{ Items []struct{ ID string } }
	_ = json.Unmarshal([]byte(out), &links)
	link.ID = links.Items[0].ID
	runSteps(t, g, [][2]string{
		{"update-integration --rest-api-id orders --resource-id /items --http-method GET --patch-operations op=replace,path=/connectionId,value=" + link.ID, `{"cacheKeyParameters":[],"cacheNamespace":"m7nnk1","connectionId":"5vdoxc","connectionType":"VPC_LINK","httpMethod":"GET","passthroughBehavior":"WHEN_NO_MATCH","timeoutInMillis":29000,"type":"HTTP_PROXY","uri":"http://nlb.internal"}`},
		{"delete-vpc-link --vpc-link-id " + link.ID, `error: ConflictException: Cannot delete vpc link 5vdoxc: the integration of GET /items in orders uses it`},
		{"update-vpc-link --vpc-link-id " + link.ID + " --patch-operations op=replace,path=/name,value=renamed", `{"id":"5vdoxc","name":"renamed","status":"AVAILABLE","statusMessage":"Your vpc link is ready for use","tags":{},"targetArns":["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/my-load-balancer/50dc6c495c0c9188"]}`},
		{"update-vpc-link --vpc-link-id invalid-id --patch-operations op=replace,path=/name,value=x", `error: NotFoundException: Invalid Vpc Link identifier specified`},
		{"delete-vpc-link --vpc-link-id invalid-id", `error: NotFoundException: Invalid Vpc Link identifier specified`},
	})
}

// TestClientCertificateVerbs: records with AWS's shape; the PEM parses; a stage names one.
func TestClientCertificateVerbs(t *testing.T) {
	g := domainGateway(t)
	out, err := g.Exec("generate-client-certificate --description backend")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		ClientCertificateID, Description, PemEncodedCertificate string
		CreatedDate, ExpirationDate                             int64
	}
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode([]byte(c.PemEncodedCertificate))
	if block == nil {
		t.Fatalf("no PEM: %s", out)
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if cert.NotBefore.Unix() != c.CreatedDate || cert.NotAfter.Unix() != c.ExpirationDate || c.ExpirationDate-c.CreatedDate != 365*24*3600 {
		t.Errorf("validity %v–%v, dates %d–%d", cert.NotBefore, cert.NotAfter, c.CreatedDate, c.ExpirationDate)
	}
	runSteps(t, g, [][2]string{
		{"get-client-certificate --client-certificate-id nope", `error: NotFoundException: Invalid Client Certificate identifier specified`},
		{"update-stage --rest-api-id orders --stage-name prod --patch-operations op=replace,path=/clientCertificateId,value=nope", `error: NotFoundException: Invalid Client Certificate identifier specified`},
		{"update-client-certificate --client-certificate-id " + c.ClientCertificateID + " --patch-operations op=replace,path=/description,value=renamed", `{"clientCertificateId":"3xt0mh","createdDate":1772600767,"description":"renamed","expirationDate":1804136767,"pemEncodedCertificate":"-----BEGIN CERTIFICATE-----\nMIIBjjCCAUCgAwIBAgIJAMHT+jeRX+CiMAUGAytlcDBYMSkwJwYDVQQKEyBhcGln\nd2xhYiAoc2ltdWxhdGVkIEFQSSBHYXRld2F5KTErMCkGA1UEAxMiYXBpZ3dsYWIg\nY2xpZW50IGNlcnRpZmljYXRlIDN4dDBtaDAeFw0yNjAzMDQwNTA2MDdaFw0yNzAz\nMDQwNTA2MDdaMFgxKTAnBgNVBAoTIGFwaWd3bGFiIChzaW11bGF0ZWQgQVBJIEdh\ndGV3YXkpMSswKQYDVQQDEyJhcGlnd2xhYiBjbGllbnQgY2VydGlmaWNhdGUgM3h0\nMG1oMCowBQYDK2VwAyEAH8f9e6nko2/QRQP29/2RCBgWIU2OwV9A5iw1DwTUl5Sj\nJzAlMA4GA1UdDwEB/wQEAwIHgDATBgNVHSUEDDAKBggrBgEFBQcDAjAFBgMrZXAD\nQQDYJ0lF8vMn2uYyyMXZx12M3e82TT9Twpo/H2FU4EYV+Kz6rQMmoNfBUSt/ZMYh\n2p5SJ0Sd1kD7hFA7Jl9TQskL\n-----END CERTIFICATE-----\n"}`},
	})
	if _, err := g.Exec("update-stage --rest-api-id orders --stage-name prod --patch-operations op=replace,path=/clientCertificateId,value=" + c.ClientCertificateID); err != nil {
		t.Fatal(err)
	}
	runSteps(t, g, [][2]string{
		{"delete-client-certificate --client-certificate-id " + c.ClientCertificateID, `error: ConflictException: Cannot delete client certificate 3xt0mh: stage prod of orders uses it`},
		{"update-stage --rest-api-id orders --stage-name prod --patch-operations op=replace,path=/clientCertificateId,value=", `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","deploymentId":"44pmcz","lastUpdatedDate":1772600767,"methodSettings":{},"stageName":"prod","tracingEnabled":false}`},
		{"delete-client-certificate --client-certificate-id " + c.ClientCertificateID, ``},
		{"get-client-certificates", `{"items":[]}`},
	})
}

// TestDeleteMappedAPIRefused: an API or stage a custom domain's mapping names cannot be
// deleted (the mapping would name nothing and a state file holding it would not load);
// after delete-base-path-mapping it can.
func TestDeleteMappedAPIRefused(t *testing.T) {
	g := domainGateway(t)
	runSteps(t, g, [][2]string{
		{"aws apigateway delete-stage --rest-api-id orders --stage-name prod", `error: BadRequestException: base path mapping "orders" of domain name api.example.com names it: delete-base-path-mapping --domain-name api.example.com --base-path 'orders' first`},
		{"aws apigateway delete-rest-api --rest-api-id orders", `error: BadRequestException: base path mapping "orders" of domain name api.example.com names it: delete-base-path-mapping --domain-name api.example.com --base-path 'orders' first`},
		{"aws apigatewayv2 delete-stage --api-id shop --stage-name '$default'", `error: BadRequestException: API mapping "shop/v1" of domain name api.example.com names it: delete-api-mapping --domain-name api.example.com --api-mapping-id ` + g.ws.DomainNames[0].APIMappings[0].APIMappingID + ` first`},
		{"aws apigatewayv2 delete-api --api-id shop", `error: BadRequestException: API mapping "shop/v1" of domain name api.example.com names it: delete-api-mapping --domain-name api.example.com --api-mapping-id ` + g.ws.DomainNames[0].APIMappings[0].APIMappingID + ` first`},
		{"aws apigateway delete-base-path-mapping --domain-name api.example.com --base-path orders", ``},
		{"aws apigateway delete-base-path-mapping --domain-name both.example.com --base-path '(none)'", ``},
	})
	// legacy.example.com maps orders without a stage: the stage may go, the API may not
	runSteps(t, g, [][2]string{
		{"aws apigateway delete-stage --rest-api-id orders --stage-name prod", ``},
		{"aws apigateway delete-rest-api --rest-api-id orders", `error: BadRequestException: base path mapping "(none)" of domain name legacy.example.com names it: delete-base-path-mapping --domain-name legacy.example.com --base-path '(none)' first`},
	})
}
