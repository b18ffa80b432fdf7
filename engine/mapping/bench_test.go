package mapping

import "testing"

// benchTemplate is a typical request template for a Lambda (AWS) integration: a few
// parameters, fields from the body, a loop, context and stage variables.
const benchTemplate = `#set($body = $input.path('$'))
{
  "id": "$input.params('id')",
  "user": "$util.escapeJavaScript($input.params('x-user'))",
  "name": $input.json('$.name'),
  "count": $input.path('$.items').size(),
  "items": [
#foreach($item in $input.path('$.items'))
    {"sku": "$item.sku", "qty": $item.qty}#if($foreach.hasNext),#end

#end
  ],
  "requestId": "$context.requestId",
  "stage": "$context.stage",
  "sourceIp": "$context.identity.sourceIp",
  "alias": "$stageVariables.alias"
}`

func benchInput() *Input {
	return &Input{
		Body:      `{"name":"order-42","items":[{"sku":"a-1","qty":2},{"sku":"b-2","qty":1},{"sku":"c-3","qty":5}],"note":"leave at the door"}`,
		Path:      []Param{{"id", "42"}},
		Query:     []Param{{"verbose", "true"}},
		Header:    []Param{{"Content-Type", "application/json"}, {"X-User", "alice"}, {"User-Agent", "curl/8.5"}},
		StageVars: map[string]string{"alias": "live"},
		Context: Context{RequestID: "c0ffee00-0000-4000-8000-000000000000", Stage: "prod",
			Identity: Identity{SourceIP: "192.0.2.1", UserAgent: "curl/8.5"}},
	}
}

func BenchmarkRender(b *testing.B) {
	tp, err := Compile("bench", benchTemplate)
	if err != nil {
		b.Fatal(err)
	}
	in := benchInput()
	if _, err := tp.Render(in); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := tp.Render(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderParallel shows the pooled state scaling across goroutines.
func BenchmarkRenderParallel(b *testing.B) {
	tp, _ := Compile("bench", benchTemplate)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		in := benchInput()
		for pb.Next() {
			if _, err := tp.Render(in); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
