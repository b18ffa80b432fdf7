package cli

import (
	"strings"
	"testing"
)

// TestWSInProcess drives `apigwlab ws -f` with the bundled chat example: route selection,
// a two-way reply, $default, a push through @connections, the idle timeout in virtual time.
func TestWSInProcess(t *testing.T) {
	in := `{"action":"sendMessage","text":"hi"}` + "\nhello\n/push from the backend\n/wait 10m\n"
	out, errOut, code := apigwlab(t, in, "ws", "-f", "examples/chat.yaml", "--query", "token=letmein")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"> {\"action\":\"sendMessage\",\"text\":\"hi\"}\n< {\"delivered\":true}\n",
		"> hello\n< Use {\"action\":\"sendMessage\",\"text\":\"…\"}\n",
		"< from the backend\nPOST @connections: 200\n",
		"Disconnected by the gateway (code: 1001, reason: \"Going away\")\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestWSTraceAndRefusal(t *testing.T) {
	out, _, code := apigwlab(t, "", "ws", "-f", "examples/chat.yaml", "--query", "token=deny", "-x", "hi")
	if code != 1 || out != "Refused at the handshake: HTTP 403 {\"message\":\"Forbidden\"}\n" {
		t.Errorf("deny: exit %d\n%s", code, out)
	}
	out, _, code = apigwlab(t, "", "ws", "-f", "examples/chat.yaml", "--query", "token=x", "--trace", "-x", `{"action":"nope","x":1}`)
	if code != 0 || !strings.Contains(out, `│ route           route $default`) || !strings.Contains(out, `│   value: "nope"`) ||
		!strings.Contains(out, "┌ DISCONNECT $disconnect") {
		t.Errorf("trace: exit %d\n%s", code, out)
	}
	_, errOut, code := apigwlab(t, "", "invoke", "-f", "examples/chat.yaml", "GET", "/production")
	if code != 2 || !strings.Contains(errOut, "has only WebSocket APIs, which take messages, not requests: apigwlab ws -f examples/chat.yaml") {
		t.Errorf("invoke a WebSocket API: %d %s", code, errOut)
	}
	_, errOut, code = apigwlab(t, "", "ws", "--url", "ws://127.0.0.1:1/x", "--trace")
	if code != 2 || !strings.Contains(errOut, "--trace needs -f") {
		t.Errorf("--url --trace: %d %s", code, errOut)
	}
}

// TestWSAgainstServe: the network client against `apigwlab serve`, whose stderr logs each message.
func TestWSAgainstServe(t *testing.T) {
	p := runServe(t, "-f", "examples/chat.yaml", "--no-sleep", "--seed", "1")
	url := "ws" + strings.TrimPrefix(p.base, "http") + "/production?token=letmein"
	out, errOut, code := apigwlab(t, "", "ws", "--url", url, "-x", `{"action":"sendMessage"}`, "-x", "plain")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Connected to ws://", "< {\"delivered\":true}\n", "< Use {"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, _, code = apigwlab(t, "", "ws", "--url", strings.Replace(url, "letmein", "deny", 1), "-x", "hi")
	if code != 1 || out != "Refused at the handshake: HTTP 403 {\"message\":\"Forbidden\"}\n" {
		t.Errorf("deny over the network: %d %s", code, out)
	}
	if code := p.stop(t); code != 0 {
		t.Errorf("serve exit %d", code)
	}
	if !strings.Contains(p.stderr.String(), "WS MESSAGE production") || !strings.Contains(p.stdout.String(), "WebSocket stage production: ws://") {
		t.Errorf("serve output:\n%s\n%s", p.stdout.String(), p.stderr.String())
	}
}
