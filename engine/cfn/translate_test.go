package cfn

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestIntrinsics(t *testing.T) {
	tmpl := `
Parameters:
  Env: {Type: String, Default: test}
  Names: {Type: CommaDelimitedList, Default: "a,b,c"}
Mappings:
  Sizes: {test: {Mem: 128}, prod: {Mem: 1024}}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: {FunctionName: !Sub "${AWS::StackName}-${Env}"}
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: !Join ["-", [shop, !Ref Env, !Select [1, !Ref Names]]]
      Description: !Sub
        - "mem ${Mem} in ${AWS::Region}, fn ${Fn.Arn}, literal ${!Keep}, ${Missing}"
        - {Mem: !FindInMap [Sizes, !Ref Env, Mem]}
      BinaryMediaTypes: !If [NotProd, [image/png], !Ref AWS::NoValue]
      Policy: {"Fn::Split": [",", "x,y"]}
`
	for _, tc := range []struct {
		name   string
		params map[string]string
		want   map[string]any
	}{
		{"defaults", nil, map[string]any{"name": "shop-test-b",
			"description":      "mem 128 in eu-west-1, fn arn:aws:lambda:eu-west-1:111122223333:function:stack-test, literal ${Keep}, Missing",
			"binaryMediaTypes": []any{"image/png"}, "policy": []any{"x", "y"}}},
		{"overridden parameter", map[string]string{"Env": "prod"}, map[string]any{"name": "shop-prod-b",
			"description": "mem 1024 in eu-west-1, fn arn:aws:lambda:eu-west-1:111122223333:function:stack-prod, literal ${Keep}, Missing",
			"policy":      []any{"x", "y"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Translate("stack.yaml", []byte(tmpl), Options{Region: "eu-west-1", AccountID: "111122223333", Parameters: tc.params})
			if err != nil {
				t.Fatal(err)
			}
			got := res.Workspace["restApis"].([]any)[0].(map[string]any)
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %#v\nwant %#v", got, tc.want)
			}
		})
	}
}

func TestTranslateErrors(t *testing.T) {
	for _, tc := range []struct{ name, tmpl, want string }{
		{"not a template", "- a\n- b\n", "want a template"},
		{"no resources", "Parameters: {}\n", "no Resources"},
		{"parameter without default", "Parameters:\n  Env: {Type: String}\nResources: {}\n", "t.yaml:2:3: parameter Env has no Default"},
		{"unknown function", "Resources:\n  A: {Type: AWS::ApiGateway::RestApi, Properties: {Name: !Bogus x}}\n", ""},
		{"bad select", "Resources:\n  A: {Type: AWS::ApiGateway::RestApi, Properties: {Name: !Select [5, [a]]}}\n", "t.yaml:2:58: Fn::Select index 5 is out of range"},
		{"self condition", "Conditions:\n  C: !Condition C\nResources:\n  A: {Type: AWS::ApiGateway::RestApi, Condition: C}\n", "refers to itself"},
		{"missing mapping", "Resources:\n  A: {Type: AWS::ApiGateway::RestApi, Properties: {Name: !FindInMap [M, a, b]}}\n", "no M.a.b in Mappings"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Translate("t.yaml", []byte(tc.tmpl), Options{})
			if tc.want == "" {
				return // must not panic; an unknown tag is kept as a plain value
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
	_, err := Translate("t.yaml", []byte("Parameters: {A: {Type: String, Default: x}}\nResources: {}\n"), Options{Parameters: map[string]string{"B": "1"}})
	if err == nil || !strings.Contains(err.Error(), "B is not a parameter of the template (parameters: A)") {
		t.Fatalf("unknown override: %v", err)
	}
}

func TestSAMTranslation(t *testing.T) {
	data, err := os.ReadFile("testdata/sam-shop.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Translate("testdata/sam-shop.yaml", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ws := res.Workspace
	fns := ws["functions"].([]any)
	get := fns[1].(map[string]any)
	if get["functionName"] != "sam-shop-get-item" || get["timeout"] != "3s" || !reflect.DeepEqual(get["aliases"], map[string]any{"live": "1"}) {
		t.Errorf("GetItemFunction: %#v", get)
	}
	plan := ws["usagePlans"].([]any)[0].(map[string]any)
	if plan["name"] != "shop-basic" || !reflect.DeepEqual(plan["apiStages"], []any{map[string]any{"api": "sam-shop-api", "stage": "dev"}}) {
		t.Errorf("usage plan: %#v", plan)
	}
	key := ws["apiKeys"].([]any)[0].(map[string]any)
	if key["name"] != "ShopApiApiKey" || len(key["value"].(string)) != 40 {
		t.Errorf("api key: %#v", key)
	}
	if want := "not translated: AWS::DynamoDB::Table (ItemsTable)"; !strings.Contains(strings.Join(res.Report, "\n"), want) {
		t.Errorf("report %q lacks %q", res.Report, want)
	}
}

func FuzzTranslate(f *testing.F) {
	for _, name := range []string{"testdata/sam-shop.yaml", "testdata/cfn-greeter.json"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("Resources: {A: {Type: AWS::ApiGateway::Method, Properties: {ResourceId: !Ref A, RestApiId: !Ref A}}}"))
	f.Add([]byte("Resources: &a {A: *a}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = Translate("f.yaml", data, Options{})
	})
}
