package server

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzServe sends arbitrary methods, paths, queries, headers and bodies through the adapter
// and the gateway: any input gets an answer with a valid status, never a panic.
func FuzzServe(f *testing.F) {
	f.Add("GET", "/prod/pets", "a=1", "Origin", "https://x.example", "")
	f.Add("OPTIONS", "/prod/echo/%zz/..", "x=%", "Access-Control-Request-Method", "PUT", "{")
	f.Add("POST", "//prod//echo", "", "Host", "abc.execute-api.x", `{"a":1}`)
	h := New(gateway(f), Options{})
	f.Fuzz(func(t *testing.T, method, path, query, hname, hvalue, body string) {
		if method == "" || strings.ContainsAny(method, " \r\n") {
			method = "GET"
		}
		r := &http.Request{Method: method, URL: &url.URL{Path: path, RawQuery: query}, Header: http.Header{},
			Host: "127.0.0.1", RemoteAddr: "127.0.0.1:1", Body: http.NoBody}
		if body != "" {
			r.Body = httpBody(body)
			r.ContentLength = int64(len(body))
		}
		if hname != "" {
			r.Header[hname] = []string{hvalue}
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r.WithContext(t.Context()))
		if w.Code < 200 || w.Code > 599 {
			t.Fatalf("status %d for %s %q", w.Code, method, path)
		}
	})
}

type stringBody struct{ *strings.Reader }

func (stringBody) Close() error { return nil }

func httpBody(s string) stringBody { return stringBody{strings.NewReader(s)} }
