package engine

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"apigwlab/engine/clock"
	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

// payloadFact returns the "payload" fact of a traced response's hops, "" when none.
func payloadFacts(r *Response) string {
	var out []string
	for _, h := range r.Trace.Hops {
		for _, f := range h.Facts {
			if f.Key == "payload" {
				out = append(out, h.Stage+": "+f.Value)
			}
		}
	}
	return strings.Join(out, "; ")
}

// encodingWorkspace is POST /enc: a Lambda (AWS) integration whose function echoes the
// integration request payload back as its result, so one request exercises both of
// AWS's conversion tables (api-gateway-payload-encodings-workflow).
func encodingWorkspace(binaryTypes []string, reqHandling, respHandling, passthrough string, reqTemplates, respTemplates map[string]string) *model.Workspace {
	return &model.Workspace{
		RestAPIs: []*model.RestAPI{{Name: "enc", BinaryMediaTypes: binaryTypes,
			Resources: []*model.Resource{{Path: "/enc", Methods: []*model.Method{{HTTPMethod: "POST", Integration: &model.Integration{
				Type: model.IntegrationAWS, URI: "function:echoRaw", HTTPMethod: "POST",
				ContentHandling: reqHandling, PassthroughBehavior: passthrough, RequestTemplates: reqTemplates,
				IntegrationResponses: []*model.IntegrationResponse{{StatusCode: "200", ContentHandling: respHandling,
					ResponseTemplates: respTemplates}}}}}}},
			Stages: []*model.Stage{{StageName: "prod"}},
		}},
		Functions: []*model.Function{{FunctionName: "echoRaw", Behavior: model.Behavior{Echo: true}}},
	}
}

func TestContentHandlingNonProxy(t *testing.T) {
	png := []string{"image/png"}
	const internal = `{"message": "Internal server error"}`
	tests := []struct {
		name                    string
		binaryTypes             []string
		reqHandling, respHandle string
		passthrough             string
		reqTemplates, respTpls  map[string]string
		contentType, accept     string
		body                    string
		wantStatus              int
		wantBody                string
		wantFacts               string
		wantLog                 string
	}{
		{name: "text, nothing set: unchanged", contentType: "text/plain", body: "hello",
			wantStatus: 200, wantBody: "hello"},
		{name: "binary request, CONVERT_TO_TEXT: base64 to the integration", binaryTypes: png, reqHandling: convertToText,
			contentType: "image/png", body: "\x89PNG", wantStatus: 200, wantBody: "iVBORw==",
			wantFacts: "integration request: binary, CONVERT_TO_TEXT: base64-encoded (4 bytes)"},
		{name: "binary request, CONVERT_TO_TEXT: the template sees base64 as $input.body", binaryTypes: png, reqHandling: convertToText,
			reqTemplates: map[string]string{"image/png": `{"data": "$input.body"}`},
			contentType:  "image/png", body: "\x89PNG", wantStatus: 200, wantBody: `{"data": "iVBORw=="}`},
		{name: "binary request, no contentHandling: passed through, template not applied", binaryTypes: png,
			reqTemplates: map[string]string{"image/png": `{"data": "$input.body"}`},
			contentType:  "image/png", body: "\x89PNG", wantStatus: 200, wantBody: "\x89PNG",
			wantFacts: "integration request: binary, no contentHandling: passed through unmodified, no mapping template (4 bytes)"},
		{name: "binary request, CONVERT_TO_BINARY: passed through", binaryTypes: png, reqHandling: convertToBinary,
			contentType: "image/png", body: "\x89PNG", wantStatus: 200, wantBody: "\x89PNG"},
		{name: "binary passthrough needs the passthrough behaviour", binaryTypes: png, passthrough: model.PassthroughNever,
			reqTemplates: map[string]string{"image/png": `{"data": "$input.body"}`},
			contentType:  "image/png", body: "\x89PNG", wantStatus: 415, wantBody: `{"message":"Unsupported Media Type"}`},
		{name: "text request, binary types set, CONVERT_TO_TEXT: text stays text", binaryTypes: png, reqHandling: convertToText,
			contentType: "text/plain", body: "hello", wantStatus: 200, wantBody: "hello"},
		{name: "text request, CONVERT_TO_BINARY: base64-decoded", reqHandling: convertToBinary,
			contentType: "text/plain", body: "aGVsbG8=", wantStatus: 200, wantBody: "hello"},
		{name: "text request, CONVERT_TO_BINARY: decoded before any template, which does not apply", reqHandling: convertToBinary,
			reqTemplates: map[string]string{"application/json": `{"ignored": true}`},
			contentType:  "application/json", body: "aGVsbG8=", wantStatus: 200, wantBody: "hello",
			wantFacts: "integration request: text, CONVERT_TO_BINARY: base64-decoded into a binary blob, no mapping template"},
		{name: "text request, CONVERT_TO_BINARY of JSON fails before the template", reqHandling: convertToBinary,
			reqTemplates: map[string]string{"application/json": `$input.path('$.b64')`},
			contentType:  "application/json", body: `{"b64":"aGVsbG8="}`, wantStatus: 500, wantBody: internal,
			wantLog: "Execution failed due to configuration error: Unable to transform request"},
		{name: "text request, CONVERT_TO_BINARY of non-base64 is a 500", reqHandling: convertToBinary,
			contentType: "text/plain", body: "not base64!", wantStatus: 500, wantBody: internal},
		{name: "response text, binary Accept, no contentHandling: decoded", binaryTypes: png,
			contentType: "text/plain", accept: "image/png", body: "aGVsbG8=", wantStatus: 200, wantBody: "hello",
			wantFacts: "integration response: text, no contentHandling: base64-decoded into a binary blob, no mapping template"},
		{name: "response text, binary Accept, CONVERT_TO_TEXT: kept", binaryTypes: png, respHandle: convertToText,
			contentType: "text/plain", accept: "image/png", body: "aGVsbG8=", wantStatus: 200, wantBody: "aGVsbG8="},
		{name: "response text, text Accept, CONVERT_TO_BINARY: decoded", binaryTypes: png, respHandle: convertToBinary,
			contentType: "text/plain", accept: "text/html", body: "aGVsbG8=", wantStatus: 200, wantBody: "hello"},
		{name: "response CONVERT_TO_BINARY without binaryMediaTypes: decoded", respHandle: convertToBinary,
			contentType: "text/plain", body: "aGVsbG8=", wantStatus: 200, wantBody: "hello"},
		{name: "only the first Accept type counts", binaryTypes: png,
			contentType: "text/plain", accept: "text/html,image/png", body: "aGVsbG8=", wantStatus: 200, wantBody: "aGVsbG8="},
		{name: "response JSON payload cannot be decoded: the template comes after the conversion", binaryTypes: png,
			respTpls:    map[string]string{"image/png": `$input.path('$.img')`},
			contentType: "application/json", accept: "image/png", body: `{"img":"aGVsbG8="}`, wantStatus: 500, wantBody: internal,
			wantLog: "Execution failed due to configuration error: Unable to transform response"},
		{name: "response decoded: the response template does not apply", binaryTypes: png,
			respTpls:    map[string]string{"image/png": `{"ignored": true}`},
			contentType: "text/plain", accept: "image/png", body: "aGVsbG8=", wantStatus: 200, wantBody: "hello"},
		{name: "*/* makes JSON binary both ways: template skipped, response base64-encoded", binaryTypes: []string{"*/*"},
			reqTemplates: map[string]string{"application/json": `{"wrapped": $input.json('$')}`},
			contentType:  "application/json", body: `{"a":1}`, wantStatus: 200, wantBody: "eyJhIjoxfQ==",
			wantFacts: "integration request: binary, no contentHandling: passed through unmodified, no mapping template (7 bytes); " +
				"integration response: binary, no contentHandling: base64-encoded (7 bytes)"},
		{name: "response decode failure is a 500", binaryTypes: png,
			contentType: "text/plain", accept: "image/png", body: "%%%", wantStatus: 500, wantBody: internal},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := newGateway(t, encodingWorkspace(tc.binaryTypes, tc.reqHandling, tc.respHandle, tc.passthrough, tc.reqTemplates, tc.respTpls))
			h := wire.Headers{{Name: "Content-Type", Value: tc.contentType}}
			if tc.accept != "" {
				h.Add("Accept", tc.accept)
			}
			r := g.Invoke(&Request{Method: "POST", Path: "/prod/enc", Header: h, Body: tc.body, Trace: true})
			if r.Status != tc.wantStatus || r.Body != tc.wantBody {
				t.Fatalf("got %d %q, want %d %q\nfacts: %s", r.Status, r.Body, tc.wantStatus, tc.wantBody, payloadFacts(r))
			}
			if tc.wantFacts != "" && payloadFacts(r) != tc.wantFacts {
				t.Errorf("trace payload facts = %q, want %q", payloadFacts(r), tc.wantFacts)
			}
			if tc.wantLog != "" && !hasLog(r, tc.wantLog) {
				t.Errorf("execution log lacks %q", tc.wantLog)
			}
		})
	}
}

// TestContentHandlingBinaryBackend covers the binary rows of the response table with an
// HTTP backend that answers image/png.
func TestContentHandlingBinaryBackend(t *testing.T) {
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG"))
	}))
	defer backend.Close()
	tests := []struct {
		name, handling, accept string
		templates              map[string]string
		wantBody, wantFacts    string
	}{
		{name: "binary Accept, nothing set: binary, template skipped", accept: "image/png",
			templates: map[string]string{"image/png": `{"data": "$input.body"}`},
			wantBody:  "\x89PNG", wantFacts: "integration response: binary, no contentHandling: passed through unmodified, no mapping template (4 bytes)"},
		{name: "text Accept, nothing set: base64", accept: "application/json", wantBody: "iVBORw==",
			wantFacts: "integration response: binary, no contentHandling: base64-encoded (4 bytes)"},
		{name: "text Accept, CONVERT_TO_BINARY: binary", accept: "application/json", handling: convertToBinary, wantBody: "\x89PNG"},
		{name: "binary Accept, CONVERT_TO_TEXT: base64 seen by the template", accept: "image/png", handling: convertToText,
			templates: map[string]string{"image/png": `{"data": "$input.body"}`}, wantBody: `{"data": "iVBORw=="}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ws := &model.Workspace{RestAPIs: []*model.RestAPI{{Name: "img", BinaryMediaTypes: []string{"image/*"},
				Resources: []*model.Resource{{Path: "/img", Methods: []*model.Method{{HTTPMethod: "GET", Integration: &model.Integration{
					Type: model.IntegrationHTTP, URI: backend.URL + "/img", HTTPMethod: "GET",
					IntegrationResponses: []*model.IntegrationResponse{{StatusCode: "200", ContentHandling: tc.handling,
						ResponseTemplates: tc.templates}}}}}}},
				Stages: []*model.Stage{{StageName: "v1"}}}}}
			g, err := New(ws, Options{Clock: clock.NewVirtual(t0), Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			r := g.Invoke(&Request{Method: "GET", Path: "/v1/img", Header: wire.Headers{{Name: "Accept", Value: tc.accept}}, Trace: true})
			if r.Status != 200 || r.Body != tc.wantBody {
				t.Fatalf("got %d %q, want 200 %q\nfacts: %s", r.Status, r.Body, tc.wantBody, payloadFacts(r))
			}
			if tc.wantFacts != "" && payloadFacts(r) != tc.wantFacts {
				t.Errorf("trace payload facts = %q, want %q", payloadFacts(r), tc.wantFacts)
			}
		})
	}
}

// TestProxyBase64Response checks isBase64Encoded against the first Accept type only.
func TestProxyBase64Response(t *testing.T) {
	ws := petsWorkspace()
	ws.RestAPIs[0].BinaryMediaTypes = []string{"image/png"}
	ws.RestAPIs[0].Resources = append(ws.RestAPIs[0].Resources, &model.Resource{Path: "/png",
		Methods: []*model.Method{lambdaMethod("GET", model.IntegrationAWSProxy, "function:png")}})
	ws.Functions = append(ws.Functions, &model.Function{FunctionName: "png", Behavior: model.Behavior{
		Returns: map[string]any{"statusCode": float64(200), "headers": map[string]any{"Content-Type": "image/png"},
			"body": "aGVsbG8=", "isBase64Encoded": true}}})
	g := newGateway(t, ws)
	for _, tc := range []struct{ accept, want, fact string }{
		{"image/png", "hello", "integration: isBase64Encoded: decoded into 5 bytes (Accept matches binaryMediaTypes)"},
		{"image/png, text/html", "hello", "integration: isBase64Encoded: decoded into 5 bytes (Accept matches binaryMediaTypes)"},
		{"text/html, image/png", "aGVsbG8=", "integration: isBase64Encoded: sent as base64 text (the first Accept type does not match binaryMediaTypes)"},
	} {
		r := g.Invoke(&Request{Method: "GET", Path: "/prod/png", Header: wire.Headers{{Name: "Accept", Value: tc.accept}}, Trace: true})
		if r.Status != 200 || r.Body != tc.want || payloadFacts(r) != tc.fact {
			t.Errorf("Accept %q: got %d %q (%s), want %q (%s)", tc.accept, r.Status, r.Body, payloadFacts(r), tc.want, tc.fact)
		}
	}
}
