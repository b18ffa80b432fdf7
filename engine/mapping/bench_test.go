package mapping

import (
	"fmt"
	"strings"
	"testing"
)

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

// BenchmarkRender20Lines is issue #6's target: a typical 20-line template against a 2 KB
// body, ≤ 20 µs/op.
func BenchmarkRender20Lines(b *testing.B) {
	body := body2KB()
	src := `#set($root = $input.path('$'))
#set($items = $root.items)
{
  "owner": "$util.escapeJavaScript($root.owner)",
  "requestId": "$context.requestId",
  "stage": "$context.stage",
  "alias": "$stageVariables.alias",
  "id": "$input.params('id')",
  "count": $items.size(),
  "items": [
#foreach($it in $items)
    {"id": $it.id, "name": "$it.name", "price": $it.price}#if($foreach.hasNext),#end
#end
  ],
  "cheap": $input.json('$.items[?(@.price < 3)].id'),
  "first": $input.json('$.items[0]'),
#if($items.size() > 10)
  "big": true
#else
  "big": false
#end
}`
	tpl, err := Compile("bench", src)
	if err != nil {
		b.Fatal(err)
	}
	in := &Input{Body: body, Path: []Param{{Name: "id", Value: "7"}}, StageVars: map[string]string{"alias": "live"},
		Context: Context{RequestID: "r-1", Stage: "prod"}}
	if _, err := tpl.Render(in); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for i := 0; i < b.N; i++ {
		if _, err := tpl.Render(in); err != nil {
			b.Fatal(err)
		}
	}
}

// body2KB is BenchmarkRender20Lines' payload: about 2 KB of small objects.
func body2KB() string {
	var items []string
	for i := 0; len(strings.Join(items, ",")) < 1900; i++ {
		items = append(items, fmt.Sprintf(`{"id":%d,"name":"pet-%d","price":%d.5,"tags":["a","b"]}`, i, i, i))
	}
	return `{"owner":"alice","items":[` + strings.Join(items, ",") + `]}`
}

// BenchmarkParseJSON2KB isolates the payload parse inside BenchmarkRender20Lines.
func BenchmarkParseJSON2KB(b *testing.B) {
	body := body2KB()
	var sc jsonScratch
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := parseJSONWith(body, &sc); err != nil {
			b.Fatal(err)
		}
	}
}
