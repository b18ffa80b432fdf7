package mapping

import (
	"strings"
	"testing"
)

// storeJSON is Goessner's JSONPath example document, also used by Jayway's README.
const storeJSON = `{
  "store": {
    "book": [
      {"category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95},
      {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99},
      {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3", "price": 8.99},
      {"category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings", "isbn": "0-395-19395-8", "price": 22.99}
    ],
    "bicycle": {"color": "red", "price": 19.95}
  },
  "expensive": 10
}`

// pathJSON evaluates a path and serializes the result; "<missing>" for no match.
func pathJSON(t *testing.T, path, doc string) string {
	t.Helper()
	root, err := parseJSON(doc)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	jp, err := compilePath(path)
	if err != nil {
		t.Fatalf("compile %q: %v", path, err)
	}
	v, found, err := evalPath(jp, root)
	if err != nil {
		t.Fatalf("eval %q: %v", path, err)
	}
	if !found {
		return "<missing>"
	}
	var b strings.Builder
	_ = writeJSON(&b, v)
	return b.String()
}

func TestJSONPath(t *testing.T) {
	tests := []struct{ path, want string }{
		{`$`, `{"store":{"book":[{"category":"reference","author":"Nigel Rees","title":"Sayings of the Century","price":8.95},{"category":"fiction","author":"Evelyn Waugh","title":"Sword of Honour","price":12.99},{"category":"fiction","author":"Herman Melville","title":"Moby Dick","isbn":"0-553-21311-3","price":8.99},{"category":"fiction","author":"J. R. R. Tolkien","title":"The Lord of the Rings","isbn":"0-395-19395-8","price":22.99}],"bicycle":{"color":"red","price":19.95}},"expensive":10}`},
		// Definite paths: one value or missing.
		{`$.expensive`, `10`},
		{`expensive`, `10`}, // "$." is prepended, as Jayway does
		{`$.store.bicycle.color`, `"red"`},
		{`$['store']['bicycle']["color"]`, `"red"`},
		{`$.store.book[0].title`, `"Sayings of the Century"`},
		{`$.store.book[-1].title`, `"The Lord of the Rings"`},
		{`$.store.book[ 1 ].author`, `"Evelyn Waugh"`},
		{`$.store.book[9]`, `<missing>`},
		{`$.store.book[0].isbn`, `<missing>`},
		{`$.nope.deeper`, `<missing>`},
		{`$.expensive.x`, `<missing>`},      // property of a number
		{`$.store.book.title`, `<missing>`}, // property of an array
		{`$.store.bicycle[0]`, `<missing>`}, // index of an object
		// Property merge as the last step (Jayway): an object of the keys present.
		{`$.store.book[2]['title','isbn','nope']`, `{"title":"Moby Dick","isbn":"0-553-21311-3"}`},
		// Indefinite paths: a list, possibly empty.
		{`$.store.book[*].author`, `["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]`},
		{`$..author`, `["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]`},
		{`$.store.*`, `[[{"category":"reference","author":"Nigel Rees","title":"Sayings of the Century","price":8.95},{"category":"fiction","author":"Evelyn Waugh","title":"Sword of Honour","price":12.99},{"category":"fiction","author":"Herman Melville","title":"Moby Dick","isbn":"0-553-21311-3","price":8.99},{"category":"fiction","author":"J. R. R. Tolkien","title":"The Lord of the Rings","isbn":"0-395-19395-8","price":22.99}],{"color":"red","price":19.95}]`},
		{`$.store..price`, `[8.95,12.99,8.99,22.99,19.95]`},
		{`$..book[2].title`, `["Moby Dick"]`},
		{`$..book[-1:].title`, `["The Lord of the Rings"]`},
		{`$..book[0,1].title`, `["Sayings of the Century","Sword of Honour"]`},
		{`$..book[:2].price`, `[8.95,12.99]`},
		{`$..book[1:3].price`, `[12.99,8.99]`},
		{`$..book[-2:].price`, `[8.99,22.99]`},
		{`$..book[5:].price`, `[]`},
		{`$..book[?(@.isbn)].title`, `["Moby Dick","The Lord of the Rings"]`},
		{`$..book[?(!@.isbn)].title`, `["Sayings of the Century","Sword of Honour"]`},
		{`$.store.book[?(@.price < 10)].title`, `["Sayings of the Century","Moby Dick"]`},
		{`$.store.book[?(@.price<=8.99)].price`, `[8.95,8.99]`},
		{`$..book[?(@.price > $.expensive)].price`, `[12.99,22.99]`},
		{`$..book[?(@.category == 'reference')].author`, `["Nigel Rees"]`},
		{`$..book[?(@.category != "reference")].price`, `[12.99,8.99,22.99]`},
		{`$..book[?(@.author =~ /.*REES/i)].title`, `["Sayings of the Century"]`},
		{`$..book[?(@.author =~ /Rees/)].title`, `[]`}, // =~ matches the whole string
		{`$..book[?(@.price > 10 && @.category == 'fiction')].price`, `[12.99,22.99]`},
		{`$..book[?(@.price < 9 || @.price > 20)].price`, `[8.95,8.99,22.99]`},
		{`$..book[?((@.price < 9) && !(@.isbn))].title`, `["Sayings of the Century"]`},
		{`$..book[?(@.category in ['reference','poetry'])].price`, `[8.95]`},
		{`$..book[?(@.category nin ['fiction'])].price`, `[8.95]`},
		{`$..book[?(@.missing == 1)]`, `[]`},
		{`$..nope`, `[]`},
		{`$.store.bicycle[?(@.color == 'red')].price`, `[19.95]`}, // a filter on an object tests the object
		{`$..[0].title`, `["Sayings of the Century"]`},
		{`$.store.book.length()`, `4`},
		{`$.store.book[0].title.length()`, `22`},
		{`$..book.length()`, `1`},
	}
	for _, tc := range tests {
		if got := pathJSON(t, tc.path, storeJSON); got != tc.want {
			t.Errorf("%s\n got %s\nwant %s", tc.path, got, tc.want)
		}
	}
}

// TestJSONPathScanOrder: ".." visits a node before its children (Jayway's scan).
func TestJSONPathScanOrder(t *testing.T) {
	doc := `{"a":{"name":"deep","b":[{"name":"deeper"}]},"name":"top"}`
	if got, want := pathJSON(t, `$..name`, doc), `["top","deep","deeper"]`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if got, want := pathJSON(t, `$..*`, `{"a":{"b":1},"c":[2]}`), `[{"b":1},[2],1,2]`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestJSONPathRootScalars(t *testing.T) {
	for _, tc := range []struct{ doc, path, want string }{
		{`"#foobar123"`, `$`, `"#foobar123"`},
		{`"#foobar123"`, `$.message`, `<missing>`},
		{`[1,2,3]`, `$[1]`, `2`},
		{`[1,2,3]`, `$.length()`, `3`},
		{`null`, `$.a`, `<missing>`},
		{`{"a":null}`, `$.a`, `null`},
		{`{"a":null}`, `$.a.b`, `<missing>`},
		{`{"a b":1,"c.d":2,"e'f":3}`, `$['a b']`, `1`},
		{`{"a b":1,"c.d":2,"e'f":3}`, `$['c.d']`, `2`},
		{`{"a b":1,"c.d":2,"e'f":3}`, `$['e\'f']`, `3`},
		{`{"partition-key":"k"}`, `$.partition-key`, `"k"`},
	} {
		if got := pathJSON(t, tc.path, tc.doc); got != tc.want {
			t.Errorf("%s on %s = %s, want %s", tc.path, tc.doc, got, tc.want)
		}
	}
}

func TestJSONPathErrors(t *testing.T) {
	for _, p := range []string{
		``, `$[`, `$.`, `$..`, `$.a[`, `$.a[]`, `$.a[x]`, `$['a`, `$[?(@.a ==)]`, `$[?(@.a`,
		`$.a.max()`, `$.a.length().b`, `$[(@.length-1)]`, `$[?(@.a =~ 'x')]`, `$[?(@.a in 'x')]`,
		`$[?(1)]`, `$[?(@.a =~ /(/)]`, `$ .a`, strings.Repeat("[?(", 40) + "@)]",
	} {
		if _, err := compilePath(p); err == nil {
			t.Errorf("compilePath(%q) should fail", p)
		}
	}
}

// TestJSONPathBudget: a pathological scan over a large document stops with an error
// instead of running away.
func TestJSONPathBudget(t *testing.T) {
	var b strings.Builder
	b.WriteString("[")
	for i := 0; i < 20000; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"a":[1,2,3,{"b":[4,5,6]}]}`)
	}
	b.WriteString("]")
	root, err := parseJSON(b.String())
	if err != nil {
		t.Fatal(err)
	}
	jp, _ := compilePath(`$..*..*..*`)
	if _, _, err := evalPath(jp, root); err != errPathTooExpensive {
		t.Errorf("want budget error, got %v", err)
	}
}
