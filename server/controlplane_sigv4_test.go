package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"apigwlab/engine"
	"apigwlab/engine/model"
)

// TestControlPlaneSignatures: with IAM keys in the workspace, control-plane calls must be
// signed for apigateway with one of them (signed here with the AWS SDK's own signer, as the
// aws CLI signs).
func TestControlPlaneSignatures(t *testing.T) {
	ws, err := model.Parse("ws.yaml", []byte(`
restApis:
  - name: pets
    resources:
      /pets: {GET: {integration: {type: MOCK, requestTemplates: {application/json: '{"statusCode": 200}'}}}}
    stages: [{stageName: prod}]
iam:
  users:
    - userName: alice
      accessKeys: [{accessKeyId: AKIAALICE000000000001, secretAccessKey: alice-secret}]
`))
	if err != nil {
		t.Fatal(err)
	}
	gw, err := engine.New(ws, engine.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(gw, Options{}))
	t.Cleanup(srv.Close)
	send := func(key, secret, service, body string) (int, string, string) {
		req, _ := http.NewRequest("POST", srv.URL+"/restapis", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if key != "" {
			sum := sha256.Sum256([]byte(body))
			err := v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: key, SecretAccessKey: secret},
				req, hex.EncodeToString(sum[:]), service, "us-east-1", time.Now())
			if err != nil {
				t.Fatal(err)
			}
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("x-amzn-ErrorType"), string(b)
	}
	for _, tc := range []struct {
		name, key, secret, service, body string
		status                           int
		errType, bodyHas                 string
	}{
		{"alice's key signs", "AKIAALICE000000000001", "alice-secret", "apigateway", `{"name":"a"}`, 201, "", `"name": "a"`},
		{"a wrong secret", "AKIAALICE000000000001", "nope", "apigateway", `{"name":"b"}`, 403, "InvalidSignatureException",
			`{"message":"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'POST\n/restapis\n`},
		{"an unknown key", "AKIAUNKNOWN000000000", "x", "apigateway", `{"name":"c"}`, 403, "UnrecognizedClientException", `{"message":"The security token included in the request is invalid."}`},
		{"signed for another service", "AKIAALICE000000000001", "alice-secret", "execute-api", `{"name":"d"}`, 403,
			"MissingAuthenticationTokenException", `{"message":"Missing Authentication Token"}`}, // signed for execute-api: the data plane, which has no POST /restapis
		{"not signed at all", "", "", "", `{"name":"e"}`, 403, "MissingAuthenticationTokenException", `{"message":"Missing Authentication Token"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, typ, body := send(tc.key, tc.secret, tc.service, tc.body)
			if status != tc.status || typ != tc.errType || !strings.Contains(body, tc.bodyHas) {
				t.Fatalf("%d %q %s; want %d %q with %s", status, typ, body, tc.status, tc.errType, tc.bodyHas)
			}
		})
	}
}
