package server

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"apigwlab/engine"
	"apigwlab/engine/model"
)

func gateway(t testing.TB) *engine.Gateway {
	t.Helper()
	ws, err := model.Load("../examples/pets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	gw, err := engine.New(ws, engine.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return gw
}

func TestServeAnswersAsTheGateway(t *testing.T) {
	var log bytes.Buffer
	srv := httptest.NewServer(Handler(gateway(t), Options{Log: &log}))
	defer srv.Close()
	tests := []struct {
		method, path string
		header       map[string]string
		status       int
		body         string
		errType      string
	}{
		{"GET", "/prod/pets", nil, 200, `[{"id":1,"name":"Rex"},{"id":7,"name":"Tom"}]`, ""},
		{"GET", "/prod/nothing", nil, 403, `{"message":"Missing Authentication Token"}`, "MissingAuthenticationTokenException"},
		{"GET", "/prod/broken", nil, 502, `{"message": "Internal server error"}`, "InternalServerErrorException"},
		{"GET", "/prod/slow", nil, 504, `{"message": "Endpoint request timed out"}`, "InternalServerErrorException"},
		{"GET", "/prod/admin/stats", nil, 403, `{"message":"Forbidden"}`, "ForbiddenException"},
		{"GET", "/prod/admin/stats", map[string]string{"x-api-key": "alice-key-0123456789"}, 200, `{"pets": 2, "adoptedToday": 0}`, ""},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(tt.method, srv.URL+tt.path, nil)
		for k, v := range tt.header {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status || string(body) != tt.body {
			t.Errorf("%s %s: got %d %s", tt.method, tt.path, resp.StatusCode, body)
		}
		if resp.Header.Get("x-amzn-ErrorType") != tt.errType || len(resp.Header.Values("x-amzn-RequestId")) != 1 {
			t.Errorf("%s %s: headers %v", tt.method, tt.path, resp.Header)
		}
	}
	if !strings.Contains(log.String(), "GET /prod/broken → 502 DEFAULT_5XX") {
		t.Errorf("log:\n%s", log.String())
	}
}

func TestServeProxyEventSeesTheRequest(t *testing.T) {
	srv := httptest.NewServer(Handler(gateway(t), Options{}))
	defer srv.Close()
	resp, err := http.Post(srv.URL+"/prod/echo/a/b?x=1&x=2", "application/json", strings.NewReader(`{"name":"Rex"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	for _, want := range []string{`"body":"{\"name\":\"Rex\"}"`, `"multiValueQueryStringParameters":{"x":["1","2"]}`, `"sourceIp":"127.0.0.1"`, `"Host":"127.0.0.1:`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("event lacks %s:\n%s", want, body)
		}
	}
}

func TestServeRequestTooLarge(t *testing.T) {
	srv := httptest.NewServer(Handler(gateway(t), Options{}))
	defer srv.Close()
	resp, err := http.Post(srv.URL+"/prod/echo/x", "application/octet-stream", bytes.NewReader(make([]byte, engine.MaxPayload+1)))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 413 || string(body) != "HTTP content length exceeded 10485760 bytes." {
		t.Fatalf("got %d %q", resp.StatusCode, body)
	}
}
