package labs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// a small valid lab used by the tests; {{OBJ}} is replaced by objectives.
const testLab = `id: t
title: Test lab
level: beginner
minutes: 5
topics: [test]
workspace:
  restApis:
    - name: api
      resources:
        /health:
          GET:
            integration:
              type: MOCK
              requestTemplates: {application/json: '{"statusCode": 200}'}
              integrationResponses:
                - statusCode: "200"
                  responseTemplates: {application/json: '{"status": "ok", "n": 1}'}
                  responseParameters: {method.response.header.X-Env: "'test'"}
            methodResponses:
              - {statusCode: "200", responseParameters: {method.response.header.X-Env: true}}
        /items:
          GET:
            integration: {type: AWS_PROXY, uri: "function:items"}
      stages:
        - stageName: prod
          variables: {alias: live}
          methodSettings:
            "*/*": {throttlingRateLimit: 5, throttlingBurstLimit: 5}
  functions:
    - functionName: items
      returns: {statusCode: 200, body: '{"items": []}'}
steps:
  - title: one
    instructions: do it
    hints: [a hint]
    explanation: because
    objectives:
{{OBJ}}
`

func parseTestLab(t *testing.T, objectives string) *Lab {
	t.Helper()
	src := strings.Replace(testLab, "{{OBJ}}", objectives, 1)
	l, err := Parse("t.yaml", []byte(src), nil)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return l
}

func TestParseErrorsNameFileAndLine(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"unknown field", "id: x\ntitle: T\nlevel: beginner\nminutes: 3\nstepz: []\n", "t.yaml:5: unknown field stepz"},
		{"bad level", "id: x\ntitle: T\nlevel: guru\nminutes: 3\n", "t.yaml:3: level: want beginner, intermediate or advanced"},
		{"bad id", "id: X Y\ntitle: T\nlevel: beginner\nminutes: 3\n", "t.yaml:1: id: want a lab id"},
		{"no workspace", "id: x\ntitle: T\nlevel: beginner\nminutes: 3\nsteps: []\n", "workspace: a lab needs a starting workspace"},
		{"no steps", "id: x\ntitle: T\nlevel: beginner\nminutes: 3\nworkspace: {restApis: []}\n", "steps: a lab needs at least one step"},
		{"bad yaml", "id: x\ntitle: [\n", "t.yaml:"},
		{"bad workspace", "id: x\ntitle: T\nlevel: beginner\nminutes: 3\nworkspace:\n  restApiz: []\nsteps: []\n", "t.yaml:6: workspace: the starting workspace is not valid"},
		{"objective without kind", strings.Replace(testLab, "{{OBJ}}", "      - title: nothing\n        expect: {status: 200}", 1), "t.yaml:38: steps[0].objectives[0]: an objective needs exactly one of request"},
		{"objective with two kinds", strings.Replace(testLab, "{{OBJ}}", "      - title: two\n        request: {method: GET, path: /prod/health}\n        state: {command: get-stage --stage-name prod, path: x}\n        expect: {status: 200}", 1), "t.yaml:38: steps[0].objectives[0]: an objective needs exactly one"},
		{"request without expectations", strings.Replace(testLab, "{{OBJ}}", "      - title: r\n        request: {method: GET, path: /prod/health}", 1), "expect: say what the answer must be"},
		{"request without stage path", strings.Replace(testLab, "{{OBJ}}", "      - title: r\n        request: {method: GET, path: prod}\n        expect: {status: 200}", 1), "request: needs method and a path starting with /"},
		{"state with bad path", strings.Replace(testLab, "{{OBJ}}", "      - title: s\n        state: {command: get-stage --stage-name prod, path: 'a[\"b'}\n        expect: {exists: true}", 1), "state.path: unclosed"},
		{"unknown objective field", strings.Replace(testLab, "{{OBJ}}", "      - title: r\n        request: {method: GET, path: /prod/health, verb: GET}\n        expect: {status: 200}", 1), "t.yaml:39: unknown field verb"},
		{"replay with a bad metric", strings.Replace(testLab, "{{OBJ}}", "      - title: r\n        replay: {traffic: [{from: 0s, to: 1s, rate: 1/s, request: {method: GET, path: /prod/health}}], expect: [{metric: nope, atLeast: 1}]}", 1), "t.yaml:38: steps[0].objectives[0].replay: "},
		{"cors without an Origin", strings.Replace(testLab, "{{OBJ}}", "      - title: r\n        request: {method: GET, path: /prod/health}\n        expect: {cors: allowed}", 1), "expect.cors: the request needs an Origin header"},
		{"cors verdict misspelt", strings.Replace(testLab, "{{OBJ}}", "      - title: r\n        request: {method: GET, path: /prod/health, headers: {Origin: 'https://a.example'}}\n        expect: {cors: ok}", 1), `expect.cors: want allowed or blocked, got "ok"`},
		{"bad access log pattern", strings.Replace(testLab, "{{OBJ}}", "      - title: r\n        request: {method: GET, path: /prod/health}\n        expect: {accessLogMatches: '('}", 1), "expect.accessLogMatches: error parsing regexp"},
		{"wrong solution without why", strings.Replace(testLab, "{{OBJ}}", "      - title: r\n        request: {method: GET, path: /prod/health}\n        expect: {status: 200}\n    wrong:\n      - commands: [flush-stage-cache --stage-name prod]", 1), "steps[0].wrong[0]: a wrong solution needs why"},
		{"bad edit", strings.Replace(testLab, "{{OBJ}}", "      - title: r\n        request: {method: GET, path: /prod/health}\n        expect: {status: 200}\n    solution:\n      edits: [{path: a}]", 1), "steps[0].solution.edits[0]: an edit needs a path and either set or delete"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("t.yaml", []byte(tt.src), nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestObjectiveKinds(t *testing.T) {
	tests := []struct {
		name, obj string
		met       bool
		observed  string // a substring of Observed
	}{
		{"request status and json subset", `{title: x, request: {method: GET, path: /prod/health}, expect: {status: 200, json: {status: ok}}}`, true, "status 200"},
		{"request wrong status", `{title: x, request: {method: GET, path: /prod/nope}, expect: {status: 200}}`, false, "status 403"},
		{"request exact body", `{title: x, request: {method: GET, path: /prod/health}, expect: {body: '{"status": "ok", "n": 1}'}}`, true, ""},
		{"request contains", `{title: x, request: {method: GET, path: /prod/nope}, expect: {contains: Missing Authentication Token}}`, true, ""},
		{"request json mismatch", `{title: x, request: {method: GET, path: /prod/health}, expect: {json: {n: 2}}}`, false, `body "`},
		{"request header", `{title: x, request: {method: GET, path: /prod/health}, expect: {headers: {X-Env: test}}}`, true, `X-Env "test"`},
		{"request absent header", `{title: x, request: {method: GET, path: /prod/nope}, expect: {noHeaders: [X-Env]}}`, true, ""},
		{"request gateway response", `{title: x, request: {method: GET, path: /prod/nope}, expect: {gatewayResponse: MISSING_AUTHENTICATION_TOKEN}}`, true, ""},
		{"request function", `{title: x, request: {method: GET, path: /prod/items}, expect: {function: items, cache: none}}`, true, "function items"},
		{"request repeated hits the throttle", `{title: x, request: {method: GET, path: /prod/items, times: 7, every: 1ms}, expect: {status: 429}}`, true, "status 429"},
		{"requests counts", `{title: x, requests: {count: 20, rate: 1000, request: {method: GET, path: /prod/items}}, expect: {counts: {"200": {equals: 5}, "429": {atLeast: 10}}}}`, true, "429 × 15"},
		{"requests counts unmet", `{title: x, requests: {count: 20, rate: 1000, request: {method: GET, path: /prod/items}}, expect: {counts: {"200": {equals: 20}}}}`, false, "200 × 5"},
		{"state equals", `{title: x, state: {command: get-stage --stage-name prod, path: 'methodSettings["*/*"].throttlingRateLimit'}, expect: {equals: 5}}`, true, "= 5"},
		{"state string", `{title: x, state: {command: get-stage --stage-name prod, path: variables.alias}, expect: {equals: live}}`, true, `"live"`},
		{"state bounds unmet", `{title: x, state: {command: get-stage --stage-name prod, path: 'methodSettings["*/*"].throttlingBurstLimit'}, expect: {atLeast: 10}}`, false, "= 5"},
		{"state equals another path", `{title: x, state: {command: get-stage --stage-name prod, path: 'methodSettings["*/*"].throttlingRateLimit'}, expect: {equalsPath: 'methodSettings["*/*"].throttlingBurstLimit'}}`, true, "= 5"},
		{"state equals another path unmet", `{title: x, state: {command: get-stage --stage-name prod, path: variables.alias}, expect: {equalsPath: stageName}}`, false, `"live"`},
		{"request the browser blocks", `{title: x, request: {method: GET, path: /prod/health, headers: {Origin: "https://a.example"}}, expect: {cors: blocked}}`, true, "browser blocked"},
		{"request the browser allows unmet", `{title: x, request: {method: GET, path: /prod/health, headers: {Origin: "https://a.example"}}, expect: {cors: allowed}}`, false, "browser blocked"},
		{"state absent", `{title: x, state: {command: get-stage --stage-name prod, path: canarySettings}, expect: {exists: false}}`, true, "absent"},
		{"state bad command", `{title: x, state: {command: get-stage --stage-name nope, path: x}, expect: {exists: true}}`, false, "error"},
		{"replay meets", `{title: x, replay: {traffic: [{from: 0s, to: 2s, rate: 10/s, request: {method: GET, path: /prod/items}}], expect: [{metric: status.429.count, atLeast: 1}]}}`, true, "status.429.count"},
		{"replay fails", `{title: x, replay: {traffic: [{from: 0s, to: 2s, rate: 10/s, request: {method: GET, path: /prod/items}}], expect: [{metric: status.5XX.count, atLeast: 1}]}}`, false, "status.5XX.count"},
		{"template of the workspace", `{title: x, template: {resource: /health, method: GET, response: true, statusCode: "200"}, expect: {json: {status: ok}}}`, true, "output"},
		{"template inline", `{title: x, template: {source: '{"id": "$input.params(''id'')", "n": $input.json(''$.n'')}', body: '{"n": 3}', params: {path.id: "7"}}, expect: {json: {id: "7", n: 3}}}`, true, ""},
		{"template missing", `{title: x, template: {resource: /items, method: GET}, expect: {contains: x}}`, false, "none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := parseTestLab(t, "      - "+tt.obj)
			env := Env{File: "ws.yaml", Workspace: []byte(l.Workspace)}
			res, err := l.Check(env, 0)
			if err != nil {
				t.Fatal(err)
			}
			r := res.Results[0]
			if r.Met != tt.met || !strings.Contains(r.Observed, tt.observed) || r.Reason == "" || strings.Contains(r.Reason, "\n") {
				t.Fatalf("met %v (want %v), observed %q (want %q in it), goal %q, reason %q", r.Met, tt.met, r.Observed, tt.observed, r.Goal, r.Reason)
			}
		})
	}
}

func TestCommandsApplyBeforeChecks(t *testing.T) {
	l := parseTestLab(t, `      - {title: x, state: {command: get-stage --stage-name prod, path: variables.alias}, expect: {equals: next}}`)
	env := Env{File: "ws.yaml", Workspace: []byte(l.Workspace), CommandsFile: "commands.log"}
	if res, _ := l.Check(env, 0); res.Met() {
		t.Fatal("met before the command")
	}
	env.Commands = []string{"", "update-stage --stage-name prod --patch-operations op=replace,path=/variables/alias,value=next"}
	if res, err := l.Check(env, 0); err != nil || !res.Met() {
		t.Fatalf("not met after the command: %v %+v", err, res)
	}
	env.Commands = []string{"", "update-stage --stage-name nope"}
	if _, err := l.Check(env, 0); err == nil || !strings.HasPrefix(err.Error(), "commands.log:2: ") {
		t.Fatalf("a bad command: %v, want commands.log:2", err)
	}
	env = Env{File: "ws.yaml", Workspace: []byte("restApiz: []\n")}
	if _, err := l.Check(env, 0); err == nil || !strings.Contains(err.Error(), "ws.yaml:1") {
		t.Fatalf("a bad workspace: %v, want ws.yaml:1", err)
	}
}

func TestApplyEdits(t *testing.T) {
	ws := "# keep me\nrestApis:\n  - name: api\n    stages:\n      - stageName: prod\n        variables: {a: b}\n"
	l := parseTestLab(t, `      - {title: x, request: {method: GET, path: /prod/health}, expect: {status: 200}}`)
	_ = l
	tests := []struct {
		name, edits, want string
		err               string
	}{
		{"set by name", `[{path: restApis/api/stages/prod/variables/a, set: c}]`, "variables: {a: c}", ""},
		{"create on the way", `[{path: restApis/api/stages/prod/methodSettings/*~1*/cachingEnabled, set: true}]`, "'*/*':", ""},
		{"append", `[{path: restApis/api/stages/-, set: {stageName: dev}}]`, "stageName: dev", ""},
		{"delete", `[{path: restApis/api/stages/prod/variables, delete: true}]`, "", ""},
		{"by index", `[{path: restApis/0/name, set: other}]`, "name: other", ""},
		{"missing item", `[{path: restApis/nope/name, set: x}]`, "", `no item "nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(testLab, "{{OBJ}}", "      - {title: x, request: {method: GET, path: /prod/health}, expect: {status: 200}}\n    solution:\n      edits: "+tt.edits, 1)
			l, err := Parse("t.yaml", []byte(src), nil)
			if err != nil {
				t.Fatal(err)
			}
			out, err := ApplyEdits([]byte(ws), l.Steps[0].Solution.Edits)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(out), "# keep me") || !strings.Contains(string(out), tt.want) {
				t.Fatalf("got\n%s\nwant the comment and %q", out, tt.want)
			}
			if tt.name == "delete" && strings.Contains(string(out), "variables") {
				t.Fatalf("not deleted:\n%s", out)
			}
		})
	}
}

func TestUserLabDirectory(t *testing.T) {
	dir := t.TempDir()
	src := strings.Replace(testLab, "id: t\n", "id: my-lab\n", 1)
	src = strings.Replace(src, "{{OBJ}}", "      - {title: x, request: {method: GET, path: /prod/health}, expect: {status: 200}}", 1)
	if err := os.WriteFile(filepath.Join(dir, "my-lab.yaml"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cat, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if l, err := cat.Get("my-lab"); err != nil || l.Source != filepath.Join(dir, "my-lab.yaml") {
		t.Fatalf("user lab: %v %v", l, err)
	}
	if cat.Labs[0].ID != "first-rest-api-mock" {
		t.Fatalf("bundled labs come first, got %s", cat.Labs[0].ID)
	}
	// A broken user lab names its file and line; the bundled labs still load.
	if err := os.WriteFile(filepath.Join(dir, "z.yaml"), []byte("id: z\nbogus: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cat, err = Load(dir)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "z.yaml")+":2") || len(cat.Labs) < 15 {
		t.Fatalf("broken user lab: %v", err)
	}
}

func TestManifestOrderAndIDs(t *testing.T) {
	cat, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"first-rest-api-mock", "lambda-proxy-502", "write-a-handler", "non-proxy-mapping", "vtl-workshop", "request-validation",
		"stages-variables-aliases", "deployments-canary", "redeploy-trap", "openapi-import", "cfn-redeploy-trap", "lambda-permissions", "binary-payloads", "throttling", "api-keys-usage-plans", "caching",
		"lambda-authorizers", "request-authorizers", "cognito-scopes", "iam-resource-policies", "private-apis", "cors", "timeouts-observability", "http-integrations",
		"http-api-jwt-cors", "migrate-rest-to-http", "websocket-chat", "websocket-push"}
	if len(cat.Labs) != len(want) {
		t.Fatalf("%d labs, want %d", len(cat.Labs), len(want))
	}
	for i, l := range cat.Labs {
		if l.ID != want[i] {
			t.Errorf("lab %d is %s, want %s", i+1, l.ID, want[i])
		}
		if l.Title == "" || l.Level == "" || l.Minutes == 0 {
			t.Errorf("%s: title, level and minutes are needed in the list", l.ID)
		}
		if l.Status != StatusComing && (len(l.Steps) < 2 || len(l.Steps) > 5) {
			t.Errorf("%s has %d steps, want 2–5", l.ID, len(l.Steps))
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(strings.Replace(testLab, "{{OBJ}}", "      - {title: x, request: {method: GET, path: /prod/health}, expect: {status: 200}}", 1)))
	f.Add([]byte("id: x\nsteps: [{objectives: [{replay: {}}]}]\n"))
	f.Add([]byte("workspace: file.yaml\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Parse("f.yaml", data, nil)
		if err == nil && l == nil {
			t.Fatal("nil lab without error")
		}
	})
}

func FuzzJSONPath(f *testing.F) {
	for _, s := range []string{`a.b`, `methodSettings["*/*"].x`, `a[0].b`, `["`, `[x]`, `$.a`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := parseJSONPath(s)
		if err == nil {
			p.lookup(map[string]any{"a": []any{1.0}})
		}
	})
}

// TestCORSObjectiveOnHTTPAPI: expect.cors reads the engine's cors hop, which HTTP APIs
// record too (issue #18: it always failed for them).
func TestCORSObjectiveOnHTTPAPI(t *testing.T) {
	src := strings.Replace(testLab, `  restApis:
    - name: api
`, `  httpApis:
    - name: web
      corsConfiguration: {allowOrigins: ["https://app.example.com"], allowMethods: [GET]}
      routes:
        "GET /items": {integration: {integrationType: AWS_PROXY, integrationUri: "function:items", payloadFormatVersion: "2.0"}}
  restApis:
    - name: api
`, 1)
	src = strings.Replace(src, "{{OBJ}}", `      - {title: a, request: {api: web, method: OPTIONS, path: /items, headers: {Origin: "https://app.example.com", Access-Control-Request-Method: GET}}, expect: {status: 204, cors: allowed}}
      - {title: b, request: {api: web, method: GET, path: /items, headers: {Origin: "https://app.example.com"}}, expect: {status: 200, cors: allowed}}
      - {title: c, request: {api: web, method: GET, path: /items, headers: {Origin: "https://evil.example"}}, expect: {status: 200, cors: blocked}}`, 1)
	l, err := Parse("t.yaml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := l.Check(Env{File: "ws.yaml", Workspace: []byte(l.Workspace)}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Results {
		if !r.Met {
			t.Errorf("%s: not met: %s", r.Goal, r.Reason)
		}
	}
}
