package vtl

import "testing"

// benchTemplate is a typical request mapping template: parameters, escaping, a loop.
const benchTemplate = `#set($params = $input.params())
{
  "id": "$input.params('id')",
  "name": "$util.escapeJavaScript($name)",
  "items": [
#foreach($item in $items)
    {"n": $item.n, "label": "$item.label.toUpperCase()"}#if($foreach.hasNext),#end
#end
  ],
  "count": $items.size()
}
`

func benchVars() map[string]any {
	items := make([]any, 5)
	for i := range items {
		items[i] = map[string]any{"n": i, "label": "item"}
	}
	return map[string]any{
		"input": &fakeInput{params: newParams()},
		"util":  fakeUtil{},
		"name":  `O'Brien "Bob"`,
		"items": items,
	}
}

func TestBenchTemplate(t *testing.T) {
	tp, err := Parse("bench", benchTemplate)
	if err != nil {
		t.Fatal(err)
	}
	got, err := tp.Render(benchVars(), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "id": "7",
  "name": "O\'Brien \"Bob\"",
  "items": [
    {"n": 0, "label": "ITEM"},    {"n": 1, "label": "ITEM"},    {"n": 2, "label": "ITEM"},    {"n": 3, "label": "ITEM"},    {"n": 4, "label": "ITEM"}  ],
  "count": 5
}
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("bench", benchTemplate); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	tp, err := Parse("bench", benchTemplate)
	if err != nil {
		b.Fatal(err)
	}
	vars := benchVars()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tp.Render(vars, nil); err != nil {
			b.Fatal(err)
		}
	}
}
