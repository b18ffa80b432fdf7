package websocket_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"apigwlab/engine/websocket"
)

const mockYAML = `
apiVersion: apigwlab/v1
websocketApis:
  - name: chat
    apiId: fjnq7njcv2
    authorizers:
      - {name: tokenAuth, authorizerType: REQUEST, authorizerUri: function:auth, identitySource: [route.request.querystring.token]}
    integrations:
      mock:
        integrationType: MOCK
        templateSelectionExpression: ${request.body.action}
        requestTemplates:
          $default: '{"statusCode": 200}'
          status: '{"statusCode": $input.json(''$.code'')}'
        integrationResponses:
          - integrationResponseKey: $default
            templateSelectionExpression: \$default
            responseTemplates:
              $default: '{"you":"$context.connectionId","principal":"$context.authorizer.principalId","route":"$context.routeKey","stage":"$stageVariables.env","msg":"$context.messageId"}'
          - integrationResponseKey: /4\d\d/
            templateSelectionExpression: ${integration.response.statuscode}
            responseTemplates:
              "404": '{"error":"not found"}'
              $default: '{"error":"client error $context.eventType"}'
    routes:
      $connect:
        integration: {integrationType: MOCK, requestTemplates: {$default: '{"statusCode": 200}'}}
        authorizationType: CUSTOM
        authorizerId: tokenAuth
      $default:
        target: integrations/mock
        routeResponseSelectionExpression: $default
      status:
        target: integrations/mock
        routeResponseSelectionExpression: $default
      quiet:
        target: integrations/mock
      lookup:
        integration:
          integrationType: AWS
          integrationUri: function:lookup
          requestTemplates: {$default: '{"id": $input.json(''$.id''), "who": "$context.authorizer.principalId"}'}
          integrationResponses:
            - integrationResponseKey: $default
              responseTemplates: {$default: 'name=$input.path(''$.name'') who=$input.path(''$.who'')'}
            - integrationResponseKey: /.*not found.*/
              responseTemplates: {$default: '{"message":"no such id"}'}
        routeResponseSelectionExpression: $default
      strict:
        integration:
          integrationType: MOCK
          templateSelectionExpression: \$default
          passthroughBehavior: NEVER
          requestTemplates: {other: '{"statusCode": 200}'}
          integrationResponses: [{integrationResponseKey: $default}]
        routeResponseSelectionExpression: $default
    stages:
      - stageName: prod
        stageVariables: {env: production}
functions:
  - functionName: auth
    returns:
      principalId: alice
      policyDocument: {Version: "2012-10-17", Statement: [{Action: execute-api:Invoke, Effect: Allow, Resource: "*"}]}
  - functionName: lookup
    echo: true
    cases:
      - when: {$.id: 7}
        returns: {name: Rex}
      - when: {$.id: 9}
        error: {errorMessage: "id 9 not found"}
`

// MOCK and AWS (Lambda custom) integrations with request templates, integration responses
// chosen by key and response templates chosen by their selection expression, as AWS renders
// them; one-way routes send nothing.
func TestMockAndTemplates(t *testing.T) {
	f := setup(t, mockYAML)
	c, p, res := f.connect(t, "token=t")
	if res.Status != 101 {
		t.Fatalf("connect through a MOCK $connect: %d %s", res.Status, res.Body)
	}
	for _, tc := range []struct{ msg, want string }{
		{`{"action":"hello"}`, `{"you":"` + c.ID() + `","principal":"alice","route":"$default","stage":"production","msg":"%m"}`},
		{`not json`, `{"you":"` + c.ID() + `","principal":"alice","route":"$default","stage":"production","msg":"%m"}`},
		{`{"action":"status","code":404}`, `{"error":"not found"}`},
		{`{"action":"status","code":418}`, `{"error":"client error MESSAGE"}`},
		{`{"action":"status","code":204}`, `{"you":"` + c.ID() + `","principal":"alice","route":"status","stage":"production","msg":"%m"}`},
		{`{"action":"quiet"}`, ``}, // one-way
		{`{"action":"lookup","id":7}`, `name=Rex who=`},
		{`{"action":"lookup","id":9}`, `{"message":"no such id"}`},
		{`{"action":"status"}`, `{"message": "Internal server error", "connectionId":"%c", "requestId":"%r"}`}, // $input.json of a missing code: "" is no statusCode
		{`{"action":"strict"}`, `{"message": "Internal server error", "connectionId":"%c", "requestId":"%r"}`}, // NEVER without a matching template
	} {
		before := len(p.frames)
		ex := c.Receive(websocket.Inbound{Data: []byte(tc.msg), Trace: true})
		got := ""
		if len(p.frames) > before {
			got = p.last()
		}
		want := strings.NewReplacer("%m", ex.MessageID, "%c", c.ID(), "%r", ex.RequestID).Replace(tc.want)
		if got != want {
			t.Errorf("%s:\n got %s\nwant %s", tc.msg, got, want)
		}
	}
	// the Lambda got the rendered request, not the proxy event
	ex := c.Receive(websocket.Inbound{Data: []byte(`{"action":"lookup","id":3}`), Trace: true})
	if string(ex.Event) != `{"id": 3, "who": "alice"}` || string(ex.Reply) != "name= who=alice" {
		t.Errorf("AWS integration: event %s, reply %s", ex.Event, ex.Reply)
	}
}

// An HTTP (non-proxy) integration gets the rendered request; the integration response is
// chosen by the backend's status and its template by a response header.
func TestHTTPIntegrationTemplates(t *testing.T) {
	var (
		mu  sync.Mutex
		got []string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, r.Method+" "+string(b))
		mu.Unlock()
		w.Header().Set("X-Kind", "fancy")
		if strings.Contains(string(b), "missing") {
			w.WriteHeader(404)
			io.WriteString(w, `{"why":"no such item"}`)
			return
		}
		io.WriteString(w, `{"item":"book"}`)
	}))
	defer srv.Close()
	f := setup(t, `
apiVersion: apigwlab/v1
websocketApis:
  - name: shop
    routes:
      $default:
        integration:
          integrationType: HTTP
          integrationMethod: PUT
          integrationUri: `+srv.URL+`/items
          requestTemplates: {$default: '{"want":$input.json(''$.want''),"conn":"$context.connectionId"}'}
          integrationResponses:
            - integrationResponseKey: $default
              templateSelectionExpression: ${integration.response.header.X-Kind}
              responseTemplates: {fancy: 'you get a $input.path(''$.item'')', $default: plain}
            - integrationResponseKey: /404/
              responseTemplates: {$default: 'sorry: $input.path(''$.why'')'}
        routeResponseSelectionExpression: $default
    stages: [{stageName: prod}]
`)
	c, p, _ := f.connect(t, "")
	c.Receive(websocket.Inbound{Data: []byte(`{"want":"book"}`)})
	c.Receive(websocket.Inbound{Data: []byte(`{"want":"missing"}`)})
	want := []string{`PUT {"want":"book","conn":"` + c.ID() + `"}`, `PUT {"want":"missing","conn":"` + c.ID() + `"}`}
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("backend got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if strings.Join(p.frames, "|") != "you get a book|sorry: no such item" {
		t.Errorf("frames %q", p.frames)
	}
}

// BenchmarkReceiveMock is one message through a two-way MOCK route with request and response
// templates, trace off.
func BenchmarkReceiveMock(b *testing.B) {
	f := setup(b, mockYAML)
	res := f.api.Connect(&websocket.ConnectRequest{Stage: "prod", RawQuery: "token=t", Peer: nopPeer{}})
	f.gw.ObserveWebSocket(nil)
	in := websocket.Inbound{Data: []byte(`{"action":"status","code":404}`)}
	b.ReportAllocs()
	for b.Loop() {
		res.Conn.Receive(in)
	}
}
