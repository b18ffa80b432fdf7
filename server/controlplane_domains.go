package server

import "strings"

// The control-plane routes of custom domain names, base path mappings, VPC links and
// client certificates (botocore apigateway 2015-07-09) and of apigatewayv2's domain names
// and API mappings (2018-11-29), added to the tables of controlplane.go and
// controlplane_v2.go; success statuses are the models' http.responseCode.
func init() {
	for verb, status := range map[string]int{"create-domain-name": 201, "delete-domain-name": 202,
		"create-base-path-mapping": 201, "delete-base-path-mapping": 202, "create-vpc-link": 202,
		"delete-vpc-link": 202, "generate-client-certificate": 201, "delete-client-certificate": 202} {
		cpStatus[verb] = status // before buildRoutes, which reads it
	}
	cpRoutes = append(cpRoutes, buildRoutes([]struct{ method, path, verb string }{
		{"POST", "/domainnames", "create-domain-name"},
		{"GET", "/domainnames", "get-domain-names"},
		{"GET", "/domainnames/{domain-name}", "get-domain-name"},
		{"PATCH", "/domainnames/{domain-name}", "update-domain-name"},
		{"DELETE", "/domainnames/{domain-name}", "delete-domain-name"},
		{"POST", "/domainnames/{domain-name}/basepathmappings", "create-base-path-mapping"},
		{"GET", "/domainnames/{domain-name}/basepathmappings", "get-base-path-mappings"},
		{"GET", "/domainnames/{domain-name}/basepathmappings/{base-path}", "get-base-path-mapping"},
		{"PATCH", "/domainnames/{domain-name}/basepathmappings/{base-path}", "update-base-path-mapping"},
		{"DELETE", "/domainnames/{domain-name}/basepathmappings/{base-path}", "delete-base-path-mapping"},
		{"POST", "/vpclinks", "create-vpc-link"},
		{"GET", "/vpclinks", "get-vpc-links"},
		{"GET", "/vpclinks/{vpc-link-id}", "get-vpc-link"},
		{"PATCH", "/vpclinks/{vpc-link-id}", "update-vpc-link"},
		{"DELETE", "/vpclinks/{vpc-link-id}", "delete-vpc-link"},
		{"POST", "/clientcertificates", "generate-client-certificate"},
		{"GET", "/clientcertificates", "get-client-certificates"},
		{"GET", "/clientcertificates/{client-certificate-id}", "get-client-certificate"},
		{"PATCH", "/clientcertificates/{client-certificate-id}", "update-client-certificate"},
		{"DELETE", "/clientcertificates/{client-certificate-id}", "delete-client-certificate"},
	})...)
	for _, verb := range []string{"get-domain-names", "get-base-path-mappings", "get-vpc-links", "get-client-certificates"} {
		wireItems[verb] = "item"
	}
	for _, p := range []string{"domainnames", "vpclinks", "clientcertificates"} {
		cpPrefixes[p] = true
	}
	for _, r := range []struct {
		method, path, verb string
		status             int
	}{
		{"POST", "/v2/domainnames", "create-domain-name", 201},
		{"GET", "/v2/domainnames", "get-domain-names", 200},
		{"GET", "/v2/domainnames/{domain-name}", "get-domain-name", 200},
		{"DELETE", "/v2/domainnames/{domain-name}", "delete-domain-name", 204},
		{"POST", "/v2/domainnames/{domain-name}/apimappings", "create-api-mapping", 201},
		{"GET", "/v2/domainnames/{domain-name}/apimappings", "get-api-mappings", 200},
		{"GET", "/v2/domainnames/{domain-name}/apimappings/{api-mapping-id}", "get-api-mapping", 200},
		{"DELETE", "/v2/domainnames/{domain-name}/apimappings/{api-mapping-id}", "delete-api-mapping", 204},
	} {
		v2Routes = append(v2Routes, cpRoute{method: r.method, pattern: strings.Split(strings.Trim(r.path, "/"), "/"), verb: r.verb, status: r.status})
	}
}
