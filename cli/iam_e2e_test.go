package cli

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// startServe runs `apigwlab serve` on a free loopback port and returns its base URL.
func startServe(t *testing.T, workspace string) string {
	t.Helper()
	cmd := exec.Command(binary, "serve", "-f", workspace, "--addr", "127.0.0.1:0")
	cmd.Dir = ".."
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() })
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if i := strings.Index(lines.Text(), "http://127.0.0.1:"); i >= 0 {
			base := strings.Fields(lines.Text()[i:])[0]
			go io.Copy(io.Discard, out) // keep the server's log pipe drained
			return strings.TrimSuffix(base, "/")
		}
	}
	t.Fatalf("serve printed no address; stderr: %s", logs.String())
	return ""
}

// TestServeIAMWithCurlAndSDK drives `apigwlab serve` with real SigV4 clients: curl's
// --aws-sigv4 and Go's HTTP client signed by the AWS SDK.
func TestServeIAMWithCurlAndSDK(t *testing.T) {
	base := startServe(t, "examples/iam.yaml")

	t.Run("curl --aws-sigv4", func(t *testing.T) {
		curl, err := exec.LookPath("curl")
		if err != nil {
			t.Skip("curl is not installed (.ci/run installs it)")
		}
		run := func(user, path string) (int, string, string) {
			out, err := exec.Command(curl, "-s", "-D", "-", "--aws-sigv4", "aws:amz:us-east-1:execute-api", "--user", user, base+path).Output()
			if err != nil {
				t.Fatalf("curl: %v", err)
			}
			head, body, _ := strings.Cut(strings.ReplaceAll(string(out), "\r\n", "\n"), "\n\n")
			status := 0
			if f := strings.Fields(head); len(f) > 1 {
				status = atoi(f[1])
			}
			errType := ""
			for _, l := range strings.Split(head, "\n") {
				if k, v, ok := strings.Cut(l, ":"); ok && strings.EqualFold(k, "x-amzn-ErrorType") {
					errType = strings.TrimSpace(v)
				}
			}
			return status, errType, body
		}
		status, _, body := run("AKIAALICE0EXAMPLE01:alice-secret", "/prod/pets")
		if status != 200 || body != `[{"id": 1, "type": "dog"}, {"id": 2, "type": "cat"}]` {
			t.Errorf("right secret: %d %s", status, body)
		}
		status, errType, body := run("AKIAALICE0EXAMPLE01:wrong", "/prod/pets?b=2&a=1")
		var msg struct{ Message string }
		json.Unmarshal([]byte(body), &msg)
		if status != 403 || errType != "InvalidSignatureException" ||
			!strings.HasPrefix(msg.Message, "The request signature we calculated does not match the signature you provided.") ||
			!strings.Contains(msg.Message, "'GET\n/prod/pets\na=1&b=2\nhost:"+strings.TrimPrefix(base, "http://")+"\nx-amz-date:") {
			t.Errorf("wrong secret: %d %s %s", status, errType, body)
		}
		status, errType, body = run("AKIAALICE0EXAMPLE01:alice-secret", "/prod/admin")
		if status != 403 || errType != "AccessDeniedException" || !strings.HasSuffix(body, `/prod/GET/admin with an explicit deny"}`) {
			t.Errorf("denied by policy: %d %s %s", status, errType, body)
		}
	})

	t.Run("Go client signed by the SDK", func(t *testing.T) {
		do := func(path, key, secret, host, vpce string) (int, string, string) {
			req, _ := http.NewRequest("GET", base+path, nil)
			if host != "" {
				req.Host = host
			}
			if vpce != "" {
				req.Header.Set("x-apigwlab-vpce", vpce)
			}
			if key != "" {
				sum := sha256.Sum256(nil)
				if err := v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: key, SecretAccessKey: secret},
					req, hex.EncodeToString(sum[:]), "execute-api", "us-east-1", time.Now()); err != nil {
					t.Fatal(err)
				}
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, resp.Header.Get("x-amzn-ErrorType"), string(b)
		}
		status, _, body := do("/prod/whoami", "ASIAREPORTEXAMPLE01", "reporting-secret", "", "")
		if status != 200 || !strings.Contains(body, `"userArn": "arn:aws:sts::123456789012:assumed-role/reporting/nightly-job"`) {
			t.Errorf("role: %d %s", status, body)
		}
		status, errType, body := do("/prod/pets", "AKIAUNKNOWN00000000", "x", "", "")
		if status != 403 || errType != "UnrecognizedClientException" || body != `{"message":"The security token included in the request is invalid."}` {
			t.Errorf("unknown key: %d %s %s", status, errType, body)
		}
		status, errType, body = do("/prod/pets", "", "", "", "")
		if status != 403 || errType != "MissingAuthenticationTokenException" || body != `{"message":"Missing Authentication Token"}` {
			t.Errorf("unsigned: %d %s %s", status, errType, body)
		}
		const private = "iamintern1.execute-api.us-east-1.amazonaws.com"
		status, errType, body = do("/prod/health", "", "", private, "")
		if status != 403 || errType != "ForbiddenException" || body != `{"message":"Forbidden"}` {
			t.Errorf("private API without a VPC endpoint: %d %s %s", status, errType, body)
		}
		status, _, body = do("/prod/health", "", "", private, "vpce-0a1b2c3d4e5f60718")
		if status != 200 || body != `{"healthy": true}` {
			t.Errorf("private API through its VPC endpoint: %d %s", status, body)
		}
	})
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func TestInvokeSigV4Flags(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		status int
		body   string
	}{
		{"signed", []string{"GET", "/prod/pets", "--sigv4", "AKIAALICE0EXAMPLE01:alice-secret"}, 200, `[{"id": 1, "type": "dog"}, {"id": 2, "type": "cat"}]`},
		{"wrong secret", []string{"GET", "/prod/pets", "--sigv4", "AKIAALICE0EXAMPLE01:nope"}, 403, ""},
		{"IP denied by the resource policy", []string{"GET", "/prod/status", "--source-ip", "198.51.100.7"}, 403,
			`{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:iampets001/prod/GET/status with an explicit deny"}`},
		{"private API through the VPC endpoint", []string{"--api", "internal", "GET", "/prod/health", "--vpce", "vpce-0a1b2c3d4e5f60718"}, 200, `{"healthy": true}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := apigwlab(t, "", append([]string{"invoke", "-f", "examples/iam.yaml", "--json"}, tt.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var r invokeResult
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatal(err)
			}
			if r.Status != tt.status || (tt.body != "" && r.Body != tt.body) {
				t.Errorf("got %d %s", r.Status, r.Body)
			}
		})
	}
	_, errOut, code := apigwlab(t, "", "invoke", "-f", "examples/iam.yaml", "GET", "/prod/pets", "--sigv4", "nocolon")
	if code != 2 || !strings.Contains(errOut, "write ACCESS_KEY_ID:SECRET") {
		t.Errorf("bad --sigv4: %d %s", code, errOut)
	}
	out, _, code := apigwlab(t, "", "validate", "examples/iam.yaml")
	if code != 0 || !strings.Contains(out, "valid") {
		t.Errorf("validate examples/iam.yaml: %d %s", code, out)
	}
}
