package mapping

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"apigwlab/engine/vtl"
)

// petsBody is the PetStore payload of the developer guide's mapping examples.
const petsBody = `[{"id":1,"type":"dog","price":249.99},{"id":2,"type":"cat","price":124.99},{"id":3,"type":"fish","price":0.99}]`

func render(t *testing.T, src string, in *Input) Result {
	t.Helper()
	tp, err := Compile("test", src)
	if err != nil {
		t.Fatalf("Compile(%q): %v", src, err)
	}
	res, err := tp.Render(in)
	if err != nil {
		t.Fatalf("Render(%q): %v", src, err)
	}
	return res
}

func TestRender(t *testing.T) {
	body := `{"pets":[{"id":1,"type":"dog","price":249.99},{"id":2,"type":"cat","price":124.99}],` +
		`"n":10,"neg":-3,"f":10.5,"e":1E3,"big":1e20,"small":0.0001,"huge":123456789012345678901234,` +
		`"s":"say \"hi\"","url":"https://x/y","t":true,"nul":null,"o":{"a":1,"b":[{"c":5}]},"empty":{},"list":[1,2]}`
	in := &Input{Body: body}
	tests := []struct {
		name, src, want string
	}{
		// $input.body: the raw payload.
		{"body", `$input.body`, body},
		// $input.json: compact JSON of the match.
		{"json root", `$input.json('$.o')`, `{"a":1,"b":[{"c":5}]}`},
		{"json pets", `$input.json('$.pets')`, `[{"id":1,"type":"dog","price":249.99},{"id":2,"type":"cat","price":124.99}]`},
		{"json string is quoted", `$input.json('$.s')`, `"say \"hi\""`},
		{"json slash kept", `$input.json('$.url')`, `"https://x/y"`},
		{"json int", `$input.json('$.n')`, `10`},
		{"json double", `$input.json('$.f')`, `10.5`},
		{"json exponent is a Double", `$input.json('$.e')`, `1000.0`},
		{"json large double", `$input.json('$.big')`, `1.0E20`},
		{"json bigint exact", `$input.json('$.huge')`, `123456789012345678901234`},
		{"json bool", `$input.json('$.t')`, `true`},
		{"json null", `$input.json('$.nul')`, `null`},
		{"json empty object", `$input.json('$.empty')`, `{}`},
		{"json missing", `[$input.json('$.missing')]`, `[""]`},
		{"json missing deep", `[$input.json('$.o.x.y')]`, `[""]`},
		{"json wildcard list", `$input.json('$.pets[*].type')`, `["dog","cat"]`},
		{"json no-match list", `$input.json('$.pets[*].nope')`, `[]`},
		{"json path without $", `$input.json('n')`, `10`},
		// $input.path: native values.
		{"path int prints as integer", `$input.path('$.n')`, `10`},
		{"path negative int", `$input.path('$.neg')`, `-3`},
		{"path double", `$input.path('$.f')`, `10.5`},
		{"path 1E3 is Double", `$input.path('$.e')`, `1000.0`},
		{"path 1e20", `$input.path('$.big')`, `1.0E20`},
		{"path 0.0001", `$input.path('$.small')`, `1.0E-4`},
		{"path bigint", `$input.path('$.huge')`, `123456789012345678901234`},
		{"path arithmetic", `#set($x = $input.path('$.n') + 1)$x`, `11`},
		{"path double arithmetic", `#set($x = $input.path('$.f') * 2)$x`, `21.0`},
		// A LinkedHashMap prints Java-style, the JSONArray inside it as JSON (LocalStack
		// VTLJsonDict docstring: '{a=1, b=[{"c":5}]}').
		{"path object prints as Java map", `$input.path('$.o')`, `{a=1, b=[{"c":5}]}`},
		{"path list prints as JSON", `$input.path('$.pets') $input.path('$.pets[*]').size() $input.path('$.pets').count()`, `[{"id":1,"type":"dog","price":249.99},{"id":2,"type":"cat","price":124.99}] 2 2`},
		{"template list stays Java", `#set($l = [1, "a"])#set($p = $input.path('$.o.b'))#set($q = $p.subList(0, 1))$l $q $l.count()`, `[1, a] [{c=5}] `}, // count() is not on ArrayList: null, printed as nothing
		{"path object property", `$input.path('$.o').a $input.path('$').o.b[0].c`, `1 5`},
		{"path size", `$input.path('$.pets').size() $input.path('$.o').size()`, `2 2`},
		{"path string", `$input.path('$.s')`, `say "hi"`},
		{"path bool in if", `#if($input.path('$.t'))yes#end`, `yes`},
		{"path missing is empty string", `[$input.path('$.missing')]`, `[]`},
		{"path missing equals ''", `#if($input.path('$.missing') == '')default#end`, `default`},
		// API Gateway prints a null as nothing (LS snapshot test_input_path_template_formatting)
		{"path null prints nothing", `$input.path('$.nul')`, ``},
		{"path null quiet", `[$!input.path('$.nul')]`, `[]`},
		{"path foreach", `#foreach($p in $input.path('$.pets'))$p.id:$p.type#if($foreach.hasNext),#end#end`, `1:dog,2:cat`},
		{"path keySet", `#foreach($k in $input.path('$.o').keySet())$k #end`, `a b `},
		{"path indefinite", `$input.path('$..c')`, `[5]`},
		{"path and json share one parse", `$input.path('$.n')$input.json('$.n')$input.path('$.f')`, `101010.5`},
		// ${...} and quiet forms.
		{"braced", `${input.body.length()}`, fmt.Sprint(len(body))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := render(t, tc.src, in).Output; got != tc.want {
				t.Errorf("%s\n got: %s\nwant: %s", tc.src, got, tc.want)
			}
		})
	}
}

// TestEmptyBody: AWS substitutes {} for an empty payload (LocalStack PR #12413 for
// $input.body; "body-json": {} in real passthrough captures for $input.json('$')).
func TestEmptyBody(t *testing.T) {
	in := &Input{}
	for src, want := range map[string]string{
		`$input.body`:                  `{}`,
		`$input.json('$')`:             `{}`,
		`[$input.json('$.a')]`:         `[""]`,
		`[$input.path('$.a')]`:         `[]`,
		`$input.path('$').size()`:      `0`,
		`$util.urlEncode($input.body)`: `%7B%7D`,
	} {
		if got := render(t, src, in).Output; got != want {
			t.Errorf("%s = %q, want %q", src, got, want)
		}
	}
	// A nil *Input renders like an empty one.
	tp, _ := Compile("nil", `$input.body|$context.requestId|$stageVariables.x|`)
	res, err := tp.Render(nil)
	if err != nil || res.Output != `{}|||` {
		t.Errorf("Render(nil) = %q, %v", res.Output, err)
	}
}

// The "Parameter mapping" example of the developer guide (api-gateway-mapping-template-
// reference, "$input Variable Template Examples"): every parameter, with Velocity 1.7
// whitespace.
const docAllParams = `#set($allParams = $input.params())
{
  "params" : {
    #foreach($type in $allParams.keySet())
    #set($params = $allParams.get($type))
    "$type" : {
      #foreach($paramName in $params.keySet())
      "$paramName" : "$util.escapeJavaScript($params.get($paramName))"
      #if($foreach.hasNext),#end
      #end
    }
    #if($foreach.hasNext),#end
    #end
  }
}
`

func TestDocAllParamsTemplate(t *testing.T) {
	in := &Input{
		Path:   []Param{{"petId", "7"}},
		Query:  []Param{{"q", "a'b"}},
		Header: []Param{{"X-Api", "k"}},
	}
	want := `{
  "params" : {
        "path" : {
            "petId" : "7"
                }
    ,        "querystring" : {
            "q" : "a\'b"
                }
    ,        "header" : {
            "X-Api" : "k"
                }
          }
}
`
	if got := render(t, docAllParams, in).Output; got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// The console's "Method Request passthrough" body mapping template.
const consolePassthrough = `##  See http://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
##  This template will pass through all parameters including path, querystring, header, stage variables, and context through to the integration endpoint via the body/payload
#set($allParams = $input.params())
{
"body-json" : $input.json('$'),
"params" : {
#foreach($type in $allParams.keySet())
    #set($params = $allParams.get($type))
"$type" : {
    #foreach($paramName in $params.keySet())
    "$paramName" : "$util.escapeJavaScript($params.get($paramName))"
        #if($foreach.hasNext),#end
    #end
}
    #if($foreach.hasNext),#end
#end
},
"stage-variables" : {
#foreach($key in $stageVariables.keySet())
"$key" : "$util.escapeJavaScript($stageVariables.get($key))"
    #if($foreach.hasNext),#end
#end
},
"context" : {
    "account-id" : "$context.identity.accountId",
    "api-id" : "$context.apiId",
    "api-key" : "$context.identity.apiKey",
    "authorizer-principal-id" : "$context.authorizer.principalId",
    "caller" : "$context.identity.caller",
    "cognito-authentication-provider" : "$context.identity.cognitoAuthenticationProvider",
    "cognito-authentication-type" : "$context.identity.cognitoAuthenticationType",
    "cognito-identity-id" : "$context.identity.cognitoIdentityId",
    "cognito-identity-pool-id" : "$context.identity.cognitoIdentityPoolId",
    "http-method" : "$context.httpMethod",
    "stage" : "$context.stage",
    "source-ip" : "$context.identity.sourceIp",
    "user" : "$context.identity.user",
    "user-agent" : "$context.identity.userAgent",
    "user-arn" : "$context.identity.userArn",
    "request-id" : "$context.requestId",
    "resource-id" : "$context.resourceId",
    "resource-path" : "$context.resourcePath"
    }
}
`

// TestConsolePassthrough reproduces a real capture (a GET with no body and no
// credentials): "body-json": {}, and "" for every unset identity field and for the
// principal id, as logged Lambda events from this template show.
func TestConsolePassthrough(t *testing.T) {
	in := &Input{
		Query:     []Param{{"deviceid", "d1"}},
		Header:    []Param{{"Accept", "*/*"}, {"User-Agent", "PostmanRuntime/7.29.0"}},
		StageVars: map[string]string{"env": "dev", "alias": "live"},
		Context: Context{APIID: "8m1vc7t6z5", HTTPMethod: "GET", Stage: "dev",
			RequestID: "ad30c506-de6f-4f5a-ad64-f402f687492c", ResourceID: "j0ypwc", ResourcePath: "/status",
			Identity: Identity{SourceIP: "54.239.119.17", UserAgent: "PostmanRuntime/7.29.0"}},
	}
	want := `{
"body-json" : {},
"params" : {
"path" : {
    }
    ,"querystring" : {
        "deviceid" : "d1"
            }
    ,"header" : {
        "Accept" : "*\/*"
        ,        "User-Agent" : "PostmanRuntime\/7.29.0"
            }
    },
"stage-variables" : {
"alias" : "live"
    ,"env" : "dev"
    },
"context" : {
    "account-id" : "",
    "api-id" : "8m1vc7t6z5",
    "api-key" : "",
    "authorizer-principal-id" : "",
    "caller" : "",
    "cognito-authentication-provider" : "",
    "cognito-authentication-type" : "",
    "cognito-identity-id" : "",
    "cognito-identity-pool-id" : "",
    "http-method" : "GET",
    "stage" : "dev",
    "source-ip" : "54.239.119.17",
    "user" : "",
    "user-agent" : "PostmanRuntime/7.29.0",
    "user-arn" : "",
    "request-id" : "ad30c506-de6f-4f5a-ad64-f402f687492c",
    "resource-id" : "j0ypwc",
    "resource-path" : "/status"
    }
}
`
	if got := render(t, consolePassthrough, in).Output; got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestDocPetsExamples: the developer guide's PetStore transformations ("Understanding
// mapping templates") and the $input.json('$.pets') / .size() examples.
func TestDocPetsExamples(t *testing.T) {
	in := &Input{Body: petsBody}
	tpl := `#set($inputRoot = $input.path('$'))
[
#foreach($elem in $inputRoot)
  {
    "description" : "Item $elem.id is a $elem.type.",
    "askingPrice" : $elem.price
  }#if($foreach.hasNext),#end

#end
]`
	want := `[
  {
    "description" : "Item 1 is a dog.",
    "askingPrice" : 249.99
  },
  {
    "description" : "Item 2 is a cat.",
    "askingPrice" : 124.99
  },
  {
    "description" : "Item 3 is a fish.",
    "askingPrice" : 0.99
  }
]`
	if got := render(t, tpl, in).Output; got != want {
		t.Errorf("foreach template:\n got: %s\nwant: %s", got, want)
	}

	// The complex example: a price threshold inside the loop.
	tpl = `#set($inputRoot = $input.path('$'))
{
  "choices": [
#foreach($elem in $inputRoot)
    {
      "kind": "$elem.type",
      "suggestedPrice": "$elem.price #if($elem.price > 100) is expensive #else is cheap #end"
    }#if($foreach.hasNext),#end
#end
  ]
}`
	want = `{
  "choices": [
    {
      "kind": "dog",
      "suggestedPrice": "249.99  is expensive "
    },    {
      "kind": "cat",
      "suggestedPrice": "124.99  is expensive "
    },    {
      "kind": "fish",
      "suggestedPrice": "0.99  is cheap "
    }  ]
}`
	if got := render(t, tpl, in).Output; got != want {
		t.Errorf("threshold template:\n got: %q\nwant: %q", got, want)
	}

	in = &Input{Body: `{"pets":` + petsBody + `}`}
	if got := render(t, `{"pets": $input.json('$.pets'), "count": $input.path('$.pets').size()}`, in).Output; got != `{"pets": `+petsBody+`, "count": 3}` {
		t.Errorf("pets json: %s", got)
	}

	// The "$input" example: POST /things/abc.
	in = &Input{Body: `{"things" : {"1" : {},"2" : {},"3" : {}}}`, Path: []Param{{"id", "abc"}}}
	tpl = `{
    "id" : "$input.params('id')",
    "count" : "$input.path('$.things').size()",
    "things" : $input.json('$.things')
}`
	want = `{
    "id" : "abc",
    "count" : "3",
    "things" : {"1":{},"2":{},"3":{}}
}`
	if got := render(t, tpl, in).Output; got != want {
		t.Errorf("things:\n got: %s\nwant: %s", got, want)
	}

	// $util.parseJson example of the reference page.
	in = &Input{Body: `{"errorMessage":"{\"key1\":\"var1\",\"key2\":{\"arr\":[1,2,3]}}"}`}
	tpl = `#set ($errorMessageObj = $util.parseJson($input.path('$.errorMessage')))
{
   "errorMessageObjKey2ArrVal" : $errorMessageObj.key2.arr[0]
}
`
	want = `{
   "errorMessageObjKey2ArrVal" : 1
}
`
	if got := render(t, tpl, in).Output; got != want {
		t.Errorf("parseJson:\n got: %q\nwant: %q", got, want)
	}
}

func TestParams(t *testing.T) {
	in := &Input{
		Path:   []Param{{"id", "p"}, {"empty", ""}},
		Query:  []Param{{"id", "q"}, {"tag", "a"}, {"tag", "b"}, {"only", "q1"}, {"empty", "qe"}},
		Header: []Param{{"id", "h"}, {"X-Trace", "t1"}, {"Only", "h1"}, {"hdr", "x"}, {"HDR", "y"}},
	}
	tests := []struct{ src, want string }{
		{`$input.params('id')`, `p`},       // path first
		{`$input.params('only')`, `q1`},    // query before header
		{`$input.params('x-trace')`, `t1`}, // header names ignore case
		{`$input.params('X-TRACE')`, `t1`},
		{`$input.params('hdr')`, `y`},      // last matching header
		{`$input.params('tag')`, `b`},      // repeated query name: last value
		{`[$input.params('empty')]`, `[]`}, // present but empty path param wins
		{`[$input.params('nope')]`, `[]`},  // absent: ""
		{`$input.params()`, `{path={id=p, empty=}, querystring={id=q, tag=b, only=q1, empty=qe}, header={id=h, X-Trace=t1, Only=h1, hdr=x, HDR=y}}`},
		{`$input.params().keySet()`, `[path, querystring, header]`},
		{`$input.params().header.get('X-Trace')`, `t1`},
		{`$input.params().querystring.tag`, `b`},
		{`$input.params().path.size()`, `2`},
	}
	for _, tc := range tests {
		if got := render(t, tc.src, in).Output; got != tc.want {
			t.Errorf("%s = %q, want %q", tc.src, got, tc.want)
		}
	}
}

func TestStageVariables(t *testing.T) {
	in := &Input{StageVars: map[string]string{"name": "v1", "alias": "live"}}
	tests := []struct{ src, want string }{
		{`$stageVariables.name`, `v1`},
		{`$stageVariables['name']`, `v1`},
		{`${stageVariables.name}`, `v1`},
		{`${stageVariables['name']}`, `v1`},
		{`$stageVariables.get('alias')`, `live`},
		{`[$stageVariables.missing]`, `[]`}, // real AWS canary capture: missing renders ""
		{`[$stageVariables['missing']]`, `[]`},
		{`#foreach($k in $stageVariables.keySet())$k=$stageVariables.get($k);#end`, `alias=live;name=v1;`},
		{`$stageVariables.containsKey('name') $stageVariables.size() $stageVariables.isEmpty()`, `true 2 false`},
		{`$stageVariables`, `{alias=live, name=v1}`},
		{`arn:aws:lambda:us-east-1:1:function:f:${stageVariables.alias}`, `arn:aws:lambda:us-east-1:1:function:f:live`},
	}
	for _, tc := range tests {
		if got := render(t, tc.src, in).Output; got != tc.want {
			t.Errorf("%s = %q, want %q", tc.src, got, tc.want)
		}
	}
}

func TestContext(t *testing.T) {
	in := &Input{Context: Context{
		AccountID: "123456789012", APIID: "abcd1234", DomainName: "abcd1234.execute-api.us-east-1.amazonaws.com",
		DomainPrefix: "abcd1234", ExtendedRequestID: "MKbB-HYDIAMEq0w=", HTTPMethod: "POST",
		Path: "/prod/pets/7", Protocol: "HTTP/1.1", RequestID: "req-1",
		RequestTime: "09/Apr/2015:12:34:56 +0000", RequestTimeEpoch: 1428582896000,
		ResourceID: "res1", ResourcePath: "/pets/{petId}", Stage: "prod", DeploymentID: "dep1",
		IsCanaryRequest: true,
		Identity:        Identity{SourceIP: "192.0.2.1", UserAgent: "curl/8", APIKey: "key-1", APIKeyID: "kid"},
		Authorizer: Authorizer{
			PrincipalID: "user|a1",
			Claims:      map[string]any{"sub": "s-1", "email": "a@b.c", "cognito:groups": "admin"},
			Fields:      map[string]any{"key": "value", "numKey": float64(1), "boolKey": true, "pi": 3.5},
		},
		Error: ContextError{Message: `Say "no"`, ResponseType: "ACCESS_DENIED", ValidationErrorString: "bad"},
	}}
	tests := []struct{ src, want string }{
		{`$context.accountId $context.apiId $context.stage $context.deploymentId`, `123456789012 abcd1234 prod dep1`},
		{`$context.domainName $context.domainPrefix`, `abcd1234.execute-api.us-east-1.amazonaws.com abcd1234`},
		{`$context.httpMethod $context.path $context.protocol $context.resourcePath $context.resourceId`, `POST /prod/pets/7 HTTP/1.1 /pets/{petId} res1`},
		{`$context.requestId $context.extendedRequestId`, `req-1 MKbB-HYDIAMEq0w=`},
		{`$context.requestTime|$context.requestTimeEpoch`, `09/Apr/2015:12:34:56 +0000|1428582896000`},
		{`$context.isCanaryRequest #if($context.isCanaryRequest)canary#end`, `true canary`},
		{`$context.identity.sourceIp $context.identity.userAgent $context.identity.apiKey $context.identity.apiKeyId`, `192.0.2.1 curl/8 key-1 kid`},
		{`[$context.identity.caller][$context.identity.userArn][$context.identity.principalOrgId]`, `[][][]`},
		{`#foreach($k in $context.identity.keySet())#if($context.identity.get($k) != "")$k=$context.identity.get($k);#end#end`,
			`apiKey=key-1;apiKeyId=kid;sourceIp=192.0.2.1;userAgent=curl/8;`},
		{`$context.identity.containsKey('user') $context.identity.size()`, `true 14`},
		{`$context.identity`, `{accountId=, apiKey=key-1, apiKeyId=kid, caller=, cognitoAuthenticationProvider=, cognitoAuthenticationType=, cognitoIdentityId=, cognitoIdentityPoolId=, principalOrgId=, sourceIp=192.0.2.1, user=, userAgent=curl/8, userArn=, accessKey=}`},
		{`$context.authorizer.principalId`, `user|a1`},
		{`#foreach($k in $context.authorizer.keySet())$k #end`, `principalId claims boolKey key numKey pi `},
		// Lambda authorizer context values are stringified (reference page example).
		{`$context.authorizer.key $context.authorizer.numKey $context.authorizer.boolKey $context.authorizer.pi`, `value 1 true 3.5`},
		{`$context.authorizer.claims.sub $context.authorizer.claims.email $context.authorizer.claims['cognito:groups']`, `s-1 a@b.c admin`},
		{`[$context.authorizer.claims]`, `[]`},
		{`$context.error.message|$context.error.messageString|$context.error.responseType|$context.error.validationErrorString`,
			`Say "no"|"Say \"no\""|ACCESS_DENIED|bad`},
		{`{"message":$context.error.messageString}`, `{"message":"Say \"no\""}`},
		// Unknown keys print literally, as Velocity prints nulls.
		{`$context.nope $context.identity.nope`, ` `}, // null prints nothing, as on API Gateway
		{`$!context.nope|`, `|`},
		{`$input $util`, `$input $util`},
	}
	for _, tc := range tests {
		if got := render(t, tc.src, in).Output; got != tc.want {
			t.Errorf("%s\n got %q\nwant %q", tc.src, got, tc.want)
		}
	}
	// $context prints as a map.
	if got := render(t, `$context`, &Input{Context: Context{Stage: "dev"}}).Output; !strings.HasPrefix(got, "{accountId=, apiId=, authorizer={principalId=}, ") || !strings.HasSuffix(got, ", stage=dev}") {
		t.Errorf("$context = %s", got)
	}
	// No authorizer at all: principalId prints "" (real passthrough captures); a missing
	// claim is null, printed as nothing.
	if got := render(t, `[$context.authorizer.principalId][$context.authorizer.claims.sub]`, &Input{}).Output; got != `[][]` {
		t.Errorf("no authorizer: %q", got)
	}
}

func TestEscapeJavaScriptInTemplate(t *testing.T) {
	in := &Input{Body: `{"msg":"it's \"quoted\"\n\ttab/é😀"}`}
	got := render(t, `$util.escapeJavaScript($input.path('$.msg'))`, in).Output
	want := `it\'s \"quoted\"\n\ttab\/\u00E9\uD83D\uDE00`
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	// The docs' workaround turns \' back into ' for JSON.
	got = render(t, `$util.escapeJavaScript($input.path('$.msg')).replaceAll("\\'","'")`, in).Output
	if want := strings.ReplaceAll(want, `\'`, `'`); got != want {
		t.Errorf("replaceAll workaround: got %s, want %s", got, want)
	}
	// The docs' advice for bodies: escape the JSON text itself.
	got = render(t, `"$util.escapeJavaScript($input.json('$'))"`, &Input{Body: `{"a":"b"}`}).Output
	if want := `"{\"a\":\"b\"}"`; got != want {
		t.Errorf("escape json: got %s, want %s", got, want)
	}
}

func TestUtilInTemplate(t *testing.T) {
	tests := []struct{ src, want string }{
		{`$util.urlEncode('a b&c=d/é*~')`, `a+b%26c%3Dd%2F%C3%A9*%7E`},
		{`$util.urlDecode('a+b%26c%3Dd%2F%C3%A9')`, `a b&c=d/é`},
		{`$util.base64Encode('hello world')`, `aGVsbG8gd29ybGQ=`},
		{`$util.base64Decode('aGVsbG8gd29ybGQ=')`, `hello world`},
		{`$util.base64Decode($util.base64Encode('é€'))`, `é€`},
		{`#set($o = $util.parseJson('{"a":[1,2.5,"x"],"b":{"c":null}}'))$o.a[1] $o.a.size() $o.b.c.length()`, `2.5 3 `},
		{`$util.parseJson('[3,2]').get(0)`, `3`},
		{`$util.parseJson('"str"')`, `str`},
		{`$util.escapeJavaScript(42)`, `42`},
		{`$util.nope('x')`, ``}, // no such method: null, printed as nothing
	}
	for _, tc := range tests {
		if got := render(t, tc.src, &Input{}).Output; got != tc.want {
			t.Errorf("%s = %q, want %q", tc.src, got, tc.want)
		}
	}
}

func TestOverrides(t *testing.T) {
	tpl := `#set($context.requestOverride.header.X-Custom = "c1")
#set($context.requestOverride.querystring.page = 2)
#set($context.requestOverride.path.petId = $input.params('id'))
#set($ignored = $context.requestOverride.header.put("X-Put", "p"))
#set($context.requestOverride.header['X-Multi'] = ["a", "b"])
#set($context.responseOverride.status = 404)
#set($context.responseOverride.header.Location = "/x")
done`
	res := render(t, tpl, &Input{Path: []Param{{"id", "9"}}})
	if res.Output != "done" {
		t.Errorf("output %q", res.Output)
	}
	ro := res.RequestOverride
	if fmt.Sprint(ro.Header) != "map[X-Custom:c1 X-Multi:a,b X-Put:p]" || fmt.Sprint(ro.Query) != "map[page:2]" || fmt.Sprint(ro.Path) != "map[petId:9]" {
		t.Errorf("request override %+v", ro)
	}
	if res.ResponseOverride.Status != 404 || res.ResponseOverride.Header["Location"] != "/x" {
		t.Errorf("response override %+v", res.ResponseOverride)
	}

	// Status counts only as an integer 100–599 (aws-facts §3.5).
	for src, want := range map[string]int{
		`#set($context.responseOverride.status = 201)`:                   201,
		`#set($context.responseOverride.status = 100)`:                   100,
		`#set($context.responseOverride.status = 599)`:                   599,
		`#set($context.responseOverride.status = 99)`:                    0,
		`#set($context.responseOverride.status = 600)`:                   0,
		`#set($context.responseOverride.status = "201")`:                 0,
		`#set($context.responseOverride.status = 201.0)`:                 0,
		`#set($context.responseOverride.status = $input.path('$.code'))`: 418,
		`#set($context.responseOverride.status = $input.path('$.str'))`:  0,
		`no override`: 0,
	} {
		res := render(t, src, &Input{Body: `{"code":418,"str":"418"}`})
		if res.ResponseOverride.Status != want {
			t.Errorf("%s: status %d, want %d", src, res.ResponseOverride.Status, want)
		}
	}

	// Seeds: a response template sees (and can extend) what the request template set.
	in := &Input{Context: Context{
		RequestOverride:  RequestOverride{Header: map[string]string{"X-From-Request": "1"}},
		ResponseOverride: ResponseOverride{Status: 202},
	}}
	res = render(t, `$context.requestOverride.header.X-From-Request $context.responseOverride.status#set($context.responseOverride.header.H = "v")`, in)
	if res.Output != "1 202" || res.ResponseOverride.Status != 202 || res.ResponseOverride.Header["H"] != "v" ||
		res.RequestOverride.Header["X-From-Request"] != "1" {
		t.Errorf("seeded: %+v", res)
	}
	// Untouched overrides come back empty.
	res = render(t, `x`, &Input{})
	if res.RequestOverride.Header != nil || res.ResponseOverride.Status != 0 || res.ResponseOverride.Header != nil {
		t.Errorf("untouched: %+v", res)
	}
}

func TestErrors(t *testing.T) {
	// A syntax error names line and column.
	_, err := Compile("pets.vm", "{\n  \"a\": #if($x\n}")
	var ve *vtl.Error
	if !errors.As(err, &ve) || ve.Name != "pets.vm" || ve.Line < 2 {
		t.Fatalf("Compile error = %v", err)
	}
	if !strings.HasPrefix(err.Error(), fmt.Sprintf("pets.vm:%d:%d: ", ve.Line, ve.Col)) {
		t.Errorf("error text %q", err)
	}

	// A body that is not JSON: json/path fail with a *BodyError carrying AWS's text.
	tp, _ := Compile("req", "{\n  \"a\": $input.json('$.a')\n}")
	_, err = tp.Render(&Input{Body: "a=1&b=2"})
	var be *BodyError
	if !errors.As(err, &be) {
		t.Fatalf("want *BodyError, got %T %v", err, err)
	}
	if !strings.HasPrefix(be.Message(), BodyParsePrefix+"Unrecognized token 'a'") {
		t.Errorf("message %q", be.Message())
	}
	if !errors.As(err, &ve) || ve.Line != 2 {
		t.Errorf("position: %v", err)
	}
	// ... but a template that never reads it as JSON is fine (parsing is lazy).
	tp, _ = Compile("raw", `$input.body`)
	if res, err := tp.Render(&Input{Body: "a=1&b=2"}); err != nil || res.Output != "a=1&b=2" {
		t.Errorf("raw body: %q %v", res.Output, err)
	}

	// A bad JSONPath and bad $util input abort the render with a position.
	for _, src := range []string{`$input.json('$[')`, `$input.path('$.a.max()')`, `$util.parseJson('{')`, `$util.urlDecode('%zz')`, `$util.urlDecode('%4')`} {
		tp, err := Compile("bad", src)
		if err != nil {
			t.Fatal(err)
		}
		_, err = tp.Render(&Input{Body: `{"a":[1]}`})
		if !errors.As(err, &ve) || ve.Line != 1 {
			t.Errorf("%s: got %v", src, err)
		}
		if errors.As(err, &be) {
			t.Errorf("%s: not a body error: %v", src, err)
		}
	}
}

// TestForeachLimit: AWS allows 1,000 #foreach iterations.
func TestForeachLimit(t *testing.T) {
	tp, _ := Compile("loop", `#foreach($i in [1..1000])#end ok`)
	if res, err := tp.Render(&Input{}); err != nil || res.Output != " ok" {
		t.Errorf("1000 iterations: %q %v", res.Output, err)
	}
	tp, _ = Compile("loop", `#foreach($i in [1..1001])#end`)
	if _, err := tp.Render(&Input{}); err == nil {
		t.Error("1001 iterations should fail")
	}
}

// TestConcurrentRender exercises the pooled state and the path cache under -race.
func TestConcurrentRender(t *testing.T) {
	tp, _ := Compile("c", `$input.params('id'):$input.path('$.n'):$input.json('$.a[*]')#set($context.responseOverride.status = $input.path('$.n'))`)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				n := 200 + (g*200+i)%300
				in := &Input{Body: fmt.Sprintf(`{"n":%d,"a":[%d]}`, n, i), Path: []Param{{"id", fmt.Sprint(g)}}}
				res, err := tp.Render(in)
				want := fmt.Sprintf("%d:%d:[%d]", g, n, i)
				if err != nil || res.Output != want || res.ResponseOverride.Status != n {
					t.Errorf("got %q %d %v, want %q", res.Output, res.ResponseOverride.Status, err, want)
					return
				}
			}
		}(g)
	}
	wg.Wait()
}

// TestRenderRecyclesPayloadSlabs renders payloads of different shapes one after the
// other: the pooled parser slabs are reused between renders, and no value of one
// render may show through in the next.
func TestRenderRecyclesPayloadSlabs(t *testing.T) {
	tpl, err := Compile("t", `$input.path('$') $input.json('$') #foreach($x in $input.path('$.l'))[$x]#end`)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ body, want string }{
		{`{"a":1,"b":{"c":[1,2,{"d":"e"}]},"l":[{"k":1},{}]}`, `{a=1, b={c=[1,2,{"d":"e"}]}, l=[{"k":1},{}]} {"a":1,"b":{"c":[1,2,{"d":"e"}]},"l":[{"k":1},{}]} [{k=1}][{}]`},
		{`{"l":[]}`, `{l=[]} {"l":[]} `},
		{`{"z":{},"l":[[]]}`, `{z={}, l=[[]]} {"z":{},"l":[[]]} [[]]`},
		{``, `{} {} `},
	}
	for round := 0; round < 3; round++ {
		for _, c := range cases {
			res, err := tpl.Render(&Input{Body: c.body})
			if err != nil {
				t.Fatal(err)
			}
			if res.Output != c.want {
				t.Fatalf("round %d, body %s:\n got %s\nwant %s", round, c.body, res.Output, c.want)
			}
		}
	}
}
