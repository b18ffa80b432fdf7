package cli

import (
	"os/exec"
	"strings"
	"testing"
)

// TestServeHTTPAPI drives `apigwlab serve` of an HTTP API with an HTTP client: the banner's
// base URLs ($default without a stage segment, dev with one), a Lambda route, 404, a CORS
// preflight answered by the gateway, and a JWT minted by `apigwlab token`.
func TestServeHTTPAPI(t *testing.T) {
	p := runServe(t, "-f", "examples/http-api.yaml", "--no-sleep", "--seed", "1")
	base := p.base
	resp, body := do(t, "GET", base+"/pets/7", nil)
	if resp.StatusCode != 200 || body != `{"id":7,"name":"Rex"}` || len(resp.Header.Get("apigw-requestid")) != 16 || resp.Header.Get("x-amzn-RequestId") != "" {
		t.Errorf("GET /pets/7: %d %s %v", resp.StatusCode, body, resp.Header)
	}
	resp, body = do(t, "GET", base+"/dev/pets/7", nil)
	if resp.StatusCode != 200 || body != `{"id":7,"name":"Rex"}` {
		t.Errorf("GET /dev/pets/7: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, "DELETE", base+"/pets/7", nil)
	if resp.StatusCode != 404 || body != `{"message":"Not Found"}` || resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("DELETE /pets/7: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, "OPTIONS", base+"/me", map[string]string{"Origin": "https://app.example.com", "Access-Control-Request-Method": "GET"})
	if resp.StatusCode != 204 || body != "" || resp.Header.Get("Access-Control-Allow-Origin") != "https://app.example.com" ||
		resp.Header.Get("Access-Control-Allow-Methods") != "GET,POST" || resp.Header.Get("Access-Control-Max-Age") != "300" {
		t.Errorf("preflight: %d %q %v", resp.StatusCode, body, resp.Header)
	}
	resp, body = do(t, "GET", base+"/me", map[string]string{"Origin": "https://app.example.com"})
	if resp.StatusCode != 401 || body != `{"message":"Unauthorized"}` || resp.Header.Get("www-authenticate") != "Bearer" ||
		resp.Header.Get("Access-Control-Allow-Origin") != "https://app.example.com" {
		t.Errorf("GET /me without a token: %d %s %v", resp.StatusCode, body, resp.Header)
	}
	out, err := exec.Command(binary, "token", "-f", "../examples/http-api.yaml", "--user-pool", "shop-users", "--user", "alice", "--client", "web").Output()
	if err != nil {
		t.Fatal(err)
	}
	tok := strings.TrimSpace(string(out))
	resp, body = do(t, "GET", base+"/me", map[string]string{"Authorization": "Bearer " + tok})
	if resp.StatusCode != 200 || !strings.Contains(body, `"cognito:username":"alice"`) || !strings.Contains(body, `"routeKey":"GET /me"`) {
		t.Errorf("GET /me with a token: %d %s", resp.StatusCode, body)
	}
	if code := p.stop(t); code != 0 {
		t.Errorf("exit %d", code)
	}
	banner := p.stdout.String()
	for _, want := range []string{"shop (", "HTTP API stage $default: " + base + "/\n", "HTTP API stage dev: " + base + "/dev/\n", "Try: curl -i " + base + "/hello"} {
		if !strings.Contains(banner, want) {
			t.Errorf("banner lacks %q:\n%s", want, banner)
		}
	}
}
