package router

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
)

type route struct{ path, method string }

// build makes a tree whose values name their route, so a test can see which
// declaration answered.
func build(t testing.TB, routes ...route) *Tree[string] {
	t.Helper()
	tr := New[string]()
	for _, r := range routes {
		if err := tr.Add(r.path, r.method, r.method+" "+r.path); err != nil {
			t.Fatalf("Add(%q, %q): %v", r.path, r.method, err)
		}
	}
	return tr
}

func TestAddErrors(t *testing.T) {
	const (
		badPart = "Resource's path part only allow a-zA-Z0-9._-: or a valid greedy path variable and curly braces at the beginning and the end."
		badVerb = "Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY"
		exists  = "Method already exists for this resource"
	)
	tests := []struct {
		name   string
		before []route
		path   string
		method string
		want   string // "" means no error
	}{
		// Shape of the whole path.
		{name: "no leading slash", path: "pets", method: "GET", want: `invalid resource path "pets": must start with "/"`},
		{name: "empty", path: "", method: "GET", want: `invalid resource path "": must start with "/"`},
		{name: "empty segment", path: "/a//b", method: "GET", want: `invalid resource path "/a//b": empty path part`},
		{name: "double slash root", path: "//", method: "GET", want: `invalid resource path "//": trailing "/" is only allowed on the root resource "/"`},
		{name: "trailing slash", path: "/a/", method: "GET", want: `invalid resource path "/a/": trailing "/" is only allowed on the root resource "/"`},
		{name: "root", path: "/", method: "GET"},

		// Literal parts.
		{name: "space", path: "/a b", method: "GET", want: badPart},
		{name: "percent", path: "/a%20b", method: "GET", want: badPart},
		{name: "non-ascii", path: "/caf\u00e9", method: "GET", want: badPart},
		{name: "question mark", path: "/a?b", method: "GET", want: badPart},
		{name: "plus in literal", path: "/a+b", method: "GET", want: badPart},
		{name: "allowed punctuation", path: "/v1.0/x_y-z", method: "GET"},
		{name: "colon", path: "/events:batch", method: "GET"},
		{name: "dollar", path: "/$test", method: "GET"},
		{name: "comma", path: "/a,b", method: "GET"},

		// Variables.
		{name: "lone brace", path: "/{", method: "GET", want: badPart},
		{name: "empty braces", path: "/{}", method: "GET", want: badPart},
		{name: "unclosed", path: "/{a", method: "GET", want: badPart},
		{name: "unopened", path: "/a}", method: "GET", want: badPart},
		{name: "plus inside", path: "/{a+b}", method: "GET", want: badPart},
		{name: "only plus", path: "/{+}", method: "GET", want: badPart},
		{name: "double plus", path: "/{a++}", method: "GET", want: badPart},
		{name: "suffix after variable", path: "/{id}.html", method: "GET", want: badPart},
		{name: "prefix before variable", path: "/x{id}", method: "GET", want: badPart},
		{name: "nested braces", path: "/{{a}}", method: "GET", want: badPart},
		{name: "space in name", path: "/{a b}", method: "GET", want: badPart},
		{name: "variable", path: "/pets/{petId}", method: "GET"},
		{name: "greedy", path: "/files/{proxy+}", method: "ANY"},
		{name: "colon in name", path: "/{pro:xy+}", method: "ANY"},

		// Greedy must be last.
		{name: "child of greedy", path: "/{proxy+}/x", method: "GET", want: "Cannot create a child of a resource with a greedy path variable: {proxy+}"},
		{name: "variable under greedy", path: "/files/{path+}/{id}", method: "GET", want: "Cannot create a child of a resource with a greedy path variable: {path+}"},
		{name: "greedy parent checked before child syntax", path: "/{proxy+}/a b", method: "GET", want: "Cannot create a child of a resource with a greedy path variable: {proxy+}"},
		{name: "part syntax checked before greedy child", path: "/a b/{proxy+}/x", method: "GET", want: badPart},

		// One variable child per parent.
		{name: "param siblings", before: []route{{"/{id}", "GET"}}, path: "/{name}", method: "GET", want: "A sibling ({id}) of this resource already has a variable path part -- only one is allowed"},
		{name: "param then greedy", before: []route{{"/{id}", "GET"}}, path: "/{proxy+}", method: "ANY", want: "A sibling ({id}) of this resource already has a variable path part -- only one is allowed"},
		{name: "greedy then param", before: []route{{"/{proxy+}", "ANY"}}, path: "/{id}", method: "GET", want: "A sibling ({proxy+}) of this resource already has a variable path part -- only one is allowed"},
		{name: "two greedy", before: []route{{"/{a+}", "ANY"}}, path: "/{b+}", method: "ANY", want: "A sibling ({a+}) of this resource already has a variable path part -- only one is allowed"},
		{name: "same name greedy and not", before: []route{{"/{id}", "GET"}}, path: "/{id+}", method: "GET", want: "A sibling ({id}) of this resource already has a variable path part -- only one is allowed"},
		{name: "sibling of intermediate", before: []route{{"/pets/{id}/toys", "GET"}}, path: "/pets/{petId}", method: "GET", want: "A sibling ({id}) of this resource already has a variable path part -- only one is allowed"},
		{name: "deep sibling", before: []route{{"/pets/{id}/toys/{toy}", "GET"}}, path: "/pets/{id}/toys/{toyId}/x", method: "GET", want: "A sibling ({toy}) of this resource already has a variable path part -- only one is allowed"},
		{name: "same variable reused", before: []route{{"/{id}", "GET"}}, path: "/{id}/x", method: "GET"},
		{name: "literal beside variable", before: []route{{"/{id}", "GET"}}, path: "/search", method: "GET"},
		{name: "greedy beside literal", before: []route{{"/search", "GET"}}, path: "/{proxy+}", method: "ANY"},

		// Methods.
		{name: "unknown verb", path: "/a", method: "TRACE", want: badVerb},
		{name: "lower case verb", path: "/a", method: "get", want: badVerb},
		{name: "empty verb", path: "/a", method: "", want: badVerb},
		{name: "path errors first", path: "/a b", method: "TRACE", want: badPart},
		{name: "duplicate", before: []route{{"/pets", "GET"}}, path: "/pets", method: "GET", want: exists},
		{name: "duplicate ANY", before: []route{{"/pets", "ANY"}}, path: "/pets", method: "ANY", want: exists},
		{name: "duplicate on root", before: []route{{"/", "GET"}}, path: "/", method: "GET", want: exists},
		{name: "ANY beside GET", before: []route{{"/pets", "GET"}}, path: "/pets", method: "ANY"},
		{name: "method on intermediate", before: []route{{"/a/b", "GET"}}, path: "/a", method: "GET"},
		{name: "all verbs", before: []route{{"/v", "GET"}, {"/v", "POST"}, {"/v", "PUT"}, {"/v", "DELETE"}, {"/v", "PATCH"}, {"/v", "HEAD"}, {"/v", "OPTIONS"}}, path: "/v", method: "ANY"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr := build(t, tc.before...)
			before := tr.Resources()
			err := tr.Add(tc.path, tc.method, "new")
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("Add(%q, %q) = %v, want nil", tc.path, tc.method, err)
			case tc.want != "" && err == nil:
				t.Fatalf("Add(%q, %q) = nil, want %q", tc.path, tc.method, tc.want)
			case tc.want != "" && err.Error() != tc.want:
				t.Fatalf("Add(%q, %q) = %q, want %q", tc.path, tc.method, err, tc.want)
			}
			if err != nil {
				if after := tr.Resources(); !equalResources(before, after) {
					t.Fatalf("failed Add changed the tree:\nbefore %v\nafter  %v", before, after)
				}
				return
			}
			// A declared verb shadows ANY, so only a concrete verb must come
			// back with the new value.
			m, res := tr.Lookup(concrete(tc.path, tc.method))
			if res != Found || (tc.method != "ANY" && m.Value != "new") {
				t.Fatalf("after Add, Lookup = %+v, %v", m, res)
			}
		})
	}
}

// concrete turns a resource template into a request path it must match, and
// ANY into a verb.
func concrete(template, method string) (string, string) {
	parts := strings.Split(template, "/")
	for i, p := range parts {
		switch {
		case strings.HasSuffix(p, "+}"):
			parts[i] = "g/h"
		case strings.HasPrefix(p, "{"):
			parts[i] = "v"
		}
	}
	if method == "ANY" {
		method = "GET"
	}
	return method, strings.Join(parts, "/")
}

func equalResources(a, b []ResourceInfo) bool {
	return slices.EqualFunc(a, b, func(x, y ResourceInfo) bool {
		return x.Path == y.Path && slices.Equal(x.Methods, y.Methods)
	})
}

type lookupCase struct {
	method, path string
	res          Result
	resource     string
	verb         string // declared method that answered
	params       []Param
}

func runLookups(t *testing.T, tr *Tree[string], cases []lookupCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			m, res := tr.Lookup(tc.method, tc.path)
			if res != tc.res {
				t.Fatalf("Lookup(%q, %q) result = %v (%+v), want %v", tc.method, tc.path, res, m, tc.res)
			}
			if m.Resource != tc.resource {
				t.Errorf("Resource = %q, want %q", m.Resource, tc.resource)
			}
			if res != Found {
				if m.Method != "" || m.Value != "" || m.Params != nil {
					t.Errorf("non-Found match carries more than a resource: %+v", m)
				}
				return
			}
			if m.Method != tc.verb {
				t.Errorf("Method = %q, want %q", m.Method, tc.verb)
			}
			if want := tc.verb + " " + tc.resource; m.Value != want {
				t.Errorf("Value = %q, want %q", m.Value, want)
			}
			if !slices.Equal(m.Params, tc.params) {
				t.Errorf("Params = %#v, want %#v", m.Params, tc.params)
			}
		})
	}
}

func p(kv ...string) []Param {
	var ps []Param
	for i := 0; i < len(kv); i += 2 {
		ps = append(ps, Param{kv[i], kv[i+1]})
	}
	return ps
}

func TestLookupPrecedence(t *testing.T) {
	tr := build(t,
		route{"/", "GET"},
		route{"/pets", "GET"},
		route{"/pets", "POST"},
		route{"/pets/search", "GET"},
		route{"/pets/{petId}", "GET"},
		route{"/pets/{petId}", "DELETE"},
		route{"/users/{userId}/orders/{orderId}", "GET"},
		route{"/a/b/c", "GET"},
		route{"/a/{x}/d", "GET"},
		route{"/files/readme", "GET"},
		route{"/files/{proxy+}", "GET"},
		route{"/deep/x/y/z", "GET"},
		route{"/deep/{a}/y/w", "GET"},
		route{"/deep/{a}/{b+}", "GET"},
	)
	runLookups(t, tr, []lookupCase{
		// Literal beats {param} beats {proxy+}.
		{method: "GET", path: "/pets/search", res: Found, resource: "/pets/search", verb: "GET"},
		{method: "GET", path: "/pets/7", res: Found, resource: "/pets/{petId}", verb: "GET", params: p("petId", "7")},
		{method: "GET", path: "/files/readme", res: Found, resource: "/files/readme", verb: "GET"},
		{method: "GET", path: "/files/a", res: Found, resource: "/files/{proxy+}", verb: "GET", params: p("proxy", "a")},
		{method: "GET", path: "/users/u1/orders/o2", res: Found, resource: "/users/{userId}/orders/{orderId}", verb: "GET", params: p("userId", "u1", "orderId", "o2")},

		// Backtracking: a more specific branch that fails deeper down yields.
		{method: "GET", path: "/a/b/c", res: Found, resource: "/a/b/c", verb: "GET"},
		{method: "GET", path: "/a/b/d", res: Found, resource: "/a/{x}/d", verb: "GET", params: p("x", "b")},
		{method: "GET", path: "/files/readme/x", res: Found, resource: "/files/{proxy+}", verb: "GET", params: p("proxy", "readme/x")},
		{method: "GET", path: "/deep/x/y/z", res: Found, resource: "/deep/x/y/z", verb: "GET"},
		{method: "GET", path: "/deep/x/y/w", res: Found, resource: "/deep/{a}/y/w", verb: "GET", params: p("a", "x")},
		{method: "GET", path: "/deep/x/y/q", res: Found, resource: "/deep/{a}/{b+}", verb: "GET", params: p("a", "x", "b", "y/q")},
		{method: "GET", path: "/deep/x/q", res: Found, resource: "/deep/{a}/{b+}", verb: "GET", params: p("a", "x", "b", "q")},

		// Backtracking also happens on the method: a candidate without the
		// verb yields to a less specific one that has it.
		{method: "DELETE", path: "/pets/search", res: Found, resource: "/pets/{petId}", verb: "DELETE", params: p("petId", "search")},
		{method: "PUT", path: "/pets/search", res: NoMethod, resource: "/pets/search"},

		// Intermediate resources exist but have no methods.
		{method: "GET", path: "/a/b", res: NoMethod, resource: "/a/b"},
		{method: "GET", path: "/a", res: NoMethod, resource: "/a"},
		{method: "GET", path: "/users/u1", res: NoMethod, resource: "/users/{userId}"},
		{method: "GET", path: "/files", res: NoMethod, resource: "/files"},
		{method: "GET", path: "/deep/x", res: NoMethod, resource: "/deep/x"},
		{method: "GET", path: "/deep/q", res: NoMethod, resource: "/deep/{a}"},

		// Nothing there.
		{method: "GET", path: "/zzz", res: NoResource},
		{method: "GET", path: "/pets/7/x", res: NoResource},
		{method: "GET", path: "/a/b/c/d", res: NoResource},

		// Case-sensitive, no decoding of literals.
		{method: "GET", path: "/PETS", res: NoResource},
		{method: "GET", path: "/Pets/search", res: NoResource},
		{method: "GET", path: "/p%65ts", res: NoResource},
		{method: "GET", path: "/pets/Search", res: Found, resource: "/pets/{petId}", verb: "GET", params: p("petId", "Search")},
	})
}

func TestLookupGreedy(t *testing.T) {
	t.Run("under a parent", func(t *testing.T) {
		tr := build(t, route{"/parent/{proxy+}", "ANY"})
		runLookups(t, tr, []lookupCase{
			// Never zero segments.
			{method: "GET", path: "/parent", res: NoMethod, resource: "/parent"},
			{method: "GET", path: "/parent/", res: NoMethod, resource: "/parent"},
			{method: "GET", path: "/parent//", res: NoMethod, resource: "/parent"},
			{method: "GET", path: "/parent/x", res: Found, resource: "/parent/{proxy+}", verb: "ANY", params: p("proxy", "x")},
			{method: "GET", path: "/parent/x/", res: Found, resource: "/parent/{proxy+}", verb: "ANY", params: p("proxy", "x")},
			{method: "GET", path: "/parent/x/y/z", res: Found, resource: "/parent/{proxy+}", verb: "ANY", params: p("proxy", "x/y/z")},
			{method: "GET", path: "/parent/a%2Fb", res: Found, resource: "/parent/{proxy+}", verb: "ANY", params: p("proxy", "a%2Fb")},
			{method: "GET", path: "/parent//x", res: Found, resource: "/parent/{proxy+}", verb: "ANY", params: p("proxy", "/x")},
			{method: "GET", path: "/other/x", res: NoResource},
			{method: "GET", path: "/", res: NoMethod, resource: "/"},
		})
	})
	t.Run("at the root", func(t *testing.T) {
		// Values recorded against real AWS in LocalStack's
		// test_apigateway_lambda.snapshot.json (test_lambda_aws_proxy_integration).
		tr := build(t, route{"/{proxy+}", "ANY"}, route{"/hardcoded", "ANY"})
		runLookups(t, tr, []lookupCase{
			{method: "GET", path: "/", res: NoMethod, resource: "/"},
			{method: "GET", path: "", res: NoMethod, resource: "/"},
			{method: "GET", path: "/proxy-value", res: Found, resource: "/{proxy+}", verb: "ANY", params: p("proxy", "proxy-value")},
			{method: "GET", path: "/proxy-value/", res: Found, resource: "/{proxy+}", verb: "ANY", params: p("proxy", "proxy-value")},
			{method: "GET", path: "//proxy-value", res: Found, resource: "/{proxy+}", verb: "ANY", params: p("proxy", "proxy-value")},
			{method: "GET", path: "/proxy-value//double-slash", res: Found, resource: "/{proxy+}", verb: "ANY", params: p("proxy", "proxy-value//double-slash")},
			{method: "GET", path: "/proxy-value/api", res: Found, resource: "/{proxy+}", verb: "ANY", params: p("proxy", "proxy-value/api")},
			{method: "GET", path: "/proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com", res: Found, resource: "/{proxy+}", verb: "ANY",
				params: p("proxy", "proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com")},
			{method: "GET", path: "//hardcoded", res: Found, resource: "/hardcoded", verb: "ANY"},
			{method: "GET", path: "/hardcoded/x", res: Found, resource: "/{proxy+}", verb: "ANY", params: p("proxy", "hardcoded/x")},
			{method: "GET", path: "/a//b", res: Found, resource: "/{proxy+}", verb: "ANY", params: p("proxy", "a//b")},
		})
	})
}

func TestLookupMethods(t *testing.T) {
	tr := build(t,
		route{"/pets", "GET"},
		route{"/any", "ANY"},
		route{"/mixed", "ANY"},
		route{"/mixed", "GET"},
		route{"/opts", "OPTIONS"},
		route{"/head", "HEAD"},
	)
	runLookups(t, tr, []lookupCase{
		// Explicit beats ANY on the same resource.
		{method: "GET", path: "/mixed", res: Found, resource: "/mixed", verb: "GET"},
		{method: "POST", path: "/mixed", res: Found, resource: "/mixed", verb: "ANY"},
		// ANY covers all seven verbs, HEAD and OPTIONS included...
		{method: "GET", path: "/any", res: Found, resource: "/any", verb: "ANY"},
		{method: "POST", path: "/any", res: Found, resource: "/any", verb: "ANY"},
		{method: "PUT", path: "/any", res: Found, resource: "/any", verb: "ANY"},
		{method: "DELETE", path: "/any", res: Found, resource: "/any", verb: "ANY"},
		{method: "PATCH", path: "/any", res: Found, resource: "/any", verb: "ANY"},
		{method: "HEAD", path: "/any", res: Found, resource: "/any", verb: "ANY"},
		{method: "OPTIONS", path: "/any", res: Found, resource: "/any", verb: "ANY"},
		// ...and nothing else.
		{method: "TRACE", path: "/any", res: NoMethod, resource: "/any"},
		{method: "CONNECT", path: "/any", res: NoMethod, resource: "/any"},
		{method: "get", path: "/any", res: NoMethod, resource: "/any"},
		{method: "ANY", path: "/any", res: NoMethod, resource: "/any"},
		{method: "", path: "/any", res: NoMethod, resource: "/any"},
		// No HEAD for GET, no automatic OPTIONS.
		{method: "HEAD", path: "/pets", res: NoMethod, resource: "/pets"},
		{method: "OPTIONS", path: "/pets", res: NoMethod, resource: "/pets"},
		{method: "POST", path: "/pets", res: NoMethod, resource: "/pets"},
		{method: "OPTIONS", path: "/opts", res: Found, resource: "/opts", verb: "OPTIONS"},
		{method: "GET", path: "/opts", res: NoMethod, resource: "/opts"},
		{method: "HEAD", path: "/head", res: Found, resource: "/head", verb: "HEAD"},
		{method: "GET", path: "/head", res: NoMethod, resource: "/head"},
	})
}

// TestLookupMeasured replays trees and answers other emulator projects
// measured on real API Gateway.
func TestLookupMeasured(t *testing.T) {
	t.Run("ministack PR 1423", func(t *testing.T) {
		tr := build(t,
			route{"/{proxy+}", "ANY"},
			route{"/jobs/{operation_type}", "GET"},
			route{"/cors_only", "OPTIONS"},
		)
		runLookups(t, tr, []lookupCase{
			{method: "GET", path: "/jobs/reboot", res: Found, resource: "/jobs/{operation_type}", verb: "GET", params: p("operation_type", "reboot")},
			{method: "GET", path: "/jobs", res: Found, resource: "/{proxy+}", verb: "ANY", params: p("proxy", "jobs")},
			{method: "POST", path: "/jobs", res: Found, resource: "/{proxy+}", verb: "ANY", params: p("proxy", "jobs")},
			{method: "POST", path: "/jobs/reboot", res: Found, resource: "/{proxy+}", verb: "ANY", params: p("proxy", "jobs/reboot")},
			{method: "GET", path: "/cors_only", res: Found, resource: "/{proxy+}", verb: "ANY", params: p("proxy", "cors_only")},
		})
	})
	t.Run("floci PR 3399", func(t *testing.T) {
		tr := build(t,
			route{"/users/{userId}", "GET"},
			route{"/users/me", "PATCH"},
			route{"/roles/{roleId}", "GET"},
			route{"/roles/provision", "POST"},
			route{"/things/real", "GET"},
			route{"/things/{proxy+}", "ANY"},
		)
		runLookups(t, tr, []lookupCase{
			{method: "GET", path: "/users/me", res: Found, resource: "/users/{userId}", verb: "GET", params: p("userId", "me")},
			{method: "PATCH", path: "/users/me", res: Found, resource: "/users/me", verb: "PATCH"},
			{method: "GET", path: "/users/abc123", res: Found, resource: "/users/{userId}", verb: "GET", params: p("userId", "abc123")},
			{method: "POST", path: "/users/me", res: NoMethod, resource: "/users/me"},
			{method: "POST", path: "/roles/provision", res: Found, resource: "/roles/provision", verb: "POST"},
			{method: "GET", path: "/roles/provision", res: Found, resource: "/roles/{roleId}", verb: "GET", params: p("roleId", "provision")},
			{method: "GET", path: "/things/real", res: Found, resource: "/things/real", verb: "GET"},
			{method: "POST", path: "/things/real", res: Found, resource: "/things/{proxy+}", verb: "ANY", params: p("proxy", "real")},
		})
	})
}

func TestLookupPathForms(t *testing.T) {
	tr := build(t,
		route{"/", "GET"},
		route{"/pets", "GET"},
		route{"/pets/{petId}", "GET"},
		route{"/events:batch", "POST"},
	)
	runLookups(t, tr, []lookupCase{
		// Root and trailing slashes.
		{method: "GET", path: "/", res: Found, resource: "/", verb: "GET"},
		{method: "GET", path: "", res: Found, resource: "/", verb: "GET"},
		{method: "GET", path: "//", res: Found, resource: "/", verb: "GET"},
		{method: "GET", path: "/pets/", res: Found, resource: "/pets", verb: "GET"},
		{method: "GET", path: "/pets//", res: Found, resource: "/pets", verb: "GET"},
		{method: "GET", path: "//pets", res: Found, resource: "/pets", verb: "GET"},
		{method: "GET", path: "pets", res: Found, resource: "/pets", verb: "GET"},
		{method: "GET", path: "/pets/7/", res: Found, resource: "/pets/{petId}", verb: "GET", params: p("petId", "7")},
		// Empty inner segments match no literal and no {param}.
		{method: "GET", path: "/pets//7", res: NoResource},
		// Encoded values stay encoded; %2F does not split.
		{method: "GET", path: "/pets/test%2Balias", res: Found, resource: "/pets/{petId}", verb: "GET", params: p("petId", "test%2Balias")},
		{method: "GET", path: "/pets/foo%2Fbar/", res: Found, resource: "/pets/{petId}", verb: "GET", params: p("petId", "foo%2Fbar")},
		{method: "GET", path: "/pets/a b", res: Found, resource: "/pets/{petId}", verb: "GET", params: p("petId", "a b")},
		{method: "POST", path: "/events:batch", res: Found, resource: "/events:batch", verb: "POST"},
		{method: "POST", path: "/events%3Abatch", res: NoResource},
	})
}

func TestResources(t *testing.T) {
	tr := build(t,
		route{"/pets/{petId}", "GET"},
		route{"/pets/{petId}", "DELETE"},
		route{"/pets", "POST"},
		route{"/pets", "GET"},
		route{"/files/{proxy+}", "ANY"},
		route{"/a/b/c", "PATCH"},
	)
	got := tr.Resources()
	want := []ResourceInfo{
		{"/", []string{}},
		{"/a", []string{}},
		{"/a/b", []string{}},
		{"/a/b/c", []string{"PATCH"}},
		{"/files", []string{}},
		{"/files/{proxy+}", []string{"ANY"}},
		{"/pets", []string{"GET", "POST"}},
		{"/pets/{petId}", []string{"DELETE", "GET"}},
	}
	if !equalResources(got, want) {
		t.Fatalf("Resources() =\n%v\nwant\n%v", got, want)
	}
	for _, r := range got {
		if r.Methods == nil {
			t.Errorf("%s: Methods is nil, want empty", r.Path)
		}
	}
}

func TestZeroTree(t *testing.T) {
	var tr Tree[int]
	if m, res := tr.Lookup("GET", "/"); res != NoMethod || m.Resource != "/" {
		t.Fatalf("zero tree Lookup(/) = %+v, %v", m, res)
	}
	if _, res := tr.Lookup("GET", "/x"); res != NoResource {
		t.Fatalf("zero tree Lookup(/x) = %v", res)
	}
	if got := tr.Resources(); len(got) != 1 || got[0].Path != "/" {
		t.Fatalf("zero tree Resources() = %v", got)
	}
	if err := tr.Add("/x", "GET", 1); err != nil {
		t.Fatal(err)
	}
	if m, res := tr.Lookup("GET", "/x"); res != Found || m.Value != 1 {
		t.Fatalf("Lookup after Add on zero tree = %+v, %v", m, res)
	}
}

func TestResultString(t *testing.T) {
	for r, want := range map[Result]string{Found: "Found", NoResource: "NoResource", NoMethod: "NoMethod", Result(9): "Result(9)"} {
		if got := r.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", int(r), got, want)
		}
	}
}

func TestWideFanOut(t *testing.T) {
	// Enough literal siblings to switch to the map index.
	tr := New[int]()
	for i := range 50 {
		if err := tr.Add(fmt.Sprintf("/r%d", i), "GET", i); err != nil {
			t.Fatal(err)
		}
	}
	if err := tr.Add("/{id}", "GET", -1); err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		if m, res := tr.Lookup("GET", fmt.Sprintf("/r%d", i)); res != Found || m.Value != i {
			t.Fatalf("/r%d: %+v, %v", i, m, res)
		}
	}
	if m, res := tr.Lookup("GET", "/r50"); res != Found || m.Value != -1 {
		t.Fatalf("/r50: %+v, %v", m, res)
	}
}

func TestLookupAllocs(t *testing.T) {
	tr := benchTree(t)
	for _, tc := range []struct {
		method, path string
		max          float64
	}{
		{"GET", "/pets", 0},
		{"GET", "/api/v1/catalog/items", 0},
		{"GET", "/nope/nope", 0},
		{"POST", "/api/v1/catalog/items", 0},
		{"GET", "/users/u-1/orders/o-2", 1},
		{"GET", "/static/css/site/main.css", 1},
	} {
		got := testing.AllocsPerRun(100, func() { tr.Lookup(tc.method, tc.path) })
		if got > tc.max {
			t.Errorf("Lookup(%q, %q): %v allocs, want <= %v", tc.method, tc.path, got, tc.max)
		}
	}
}

func TestConcurrentLookup(t *testing.T) {
	tr := benchTree(t)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 1000 {
				if _, res := tr.Lookup("GET", "/users/u-1/orders/o-2"); res != Found {
					t.Error("concurrent lookup failed")
					return
				}
				tr.Resources()
			}
		})
	}
	wg.Wait()
}

// fuzzRoutes is a tree with every kind of part, sibling and fallback.
var fuzzRoutes = []route{
	{"/", "GET"},
	{"/pets", "GET"}, {"/pets", "POST"},
	{"/pets/search", "GET"},
	{"/pets/{petId}", "GET"}, {"/pets/{petId}", "DELETE"}, {"/pets/{petId}", "ANY"},
	{"/pets/{petId}/toys/{toyId}", "PUT"},
	{"/a/b/c", "GET"}, {"/a/{x}/d", "HEAD"},
	{"/files/readme", "OPTIONS"}, {"/files/{proxy+}", "GET"},
	{"/{root+}", "PATCH"},
	{"/x:y/$z/a,b", "ANY"},
}

func FuzzLookup(f *testing.F) {
	tr := build(f, fuzzRoutes...)
	declared := map[string]bool{}
	for _, r := range fuzzRoutes {
		declared[r.method+" "+r.path] = true
	}
	nodes := map[string]bool{}
	for _, r := range tr.Resources() {
		nodes[r.Path] = true
	}
	for _, s := range []struct{ m, p string }{
		{"GET", "/"}, {"GET", ""}, {"GET", "/pets/"}, {"DELETE", "/pets/search"}, {"GET", "/a/b/d"},
		{"HEAD", "/a/b/d"}, {"GET", "/files/readme/x"}, {"PATCH", "//x//y//"}, {"TRACE", "/pets"},
		{"GET", "/pets/7/toys/8"}, {"PUT", "/pets/%2F/toys/%zz"}, {"GET", "/x:y/$z/a,b/"}, {"get", "/pets"},
	} {
		f.Add(s.m, s.p)
	}
	f.Fuzz(func(t *testing.T, method, path string) {
		m, res := tr.Lookup(method, path)
		m2, res2 := tr.Lookup(method, path)
		if res != res2 || m.Resource != m2.Resource || m.Method != m2.Method || !slices.Equal(m.Params, m2.Params) {
			t.Fatalf("Lookup is not deterministic: %+v %v / %+v %v", m, res, m2, res2)
		}
		switch res {
		case NoResource:
			if m.Resource != "" || m.Method != "" || m.Value != "" || m.Params != nil {
				t.Fatalf("NoResource with a non-zero match: %+v", m)
			}
		case NoMethod:
			if !nodes[m.Resource] || m.Method != "" || m.Value != "" || m.Params != nil {
				t.Fatalf("bad NoMethod match: %+v", m)
			}
		case Found:
			if !declared[m.Method+" "+m.Resource] {
				t.Fatalf("Found %s %s, which was never added", m.Method, m.Resource)
			}
			if m.Value != m.Method+" "+m.Resource {
				t.Fatalf("Value %q does not belong to %s %s", m.Value, m.Method, m.Resource)
			}
			if m.Method != method && (m.Method != "ANY" || declared[method+" "+m.Resource]) {
				t.Fatalf("request %s answered by %s although %s %s is declared", method, m.Method, method, m.Resource)
			}
			// Putting the parameters back into the template gives the request
			// path without its outer slashes.
			if got, want := expand(t, m), "/"+strings.Trim(path, "/"); got != want {
				t.Fatalf("template %s with %v expands to %q, request path was %q", m.Resource, m.Params, got, want)
			}
		default:
			t.Fatalf("unknown result %v", res)
		}
	})
}

func expand(t *testing.T, m Match[string]) string {
	parts := strings.Split(m.Resource, "/")
	k := 0
	for i, part := range parts {
		if !strings.HasPrefix(part, "{") {
			continue
		}
		if k >= len(m.Params) {
			t.Fatalf("%s: too few params %v", m.Resource, m.Params)
		}
		name := strings.TrimSuffix(strings.Trim(part, "{}"), "+")
		if m.Params[k].Name != name {
			t.Fatalf("%s: param %d is %q, want %q", m.Resource, k, m.Params[k].Name, name)
		}
		if m.Params[k].Value == "" {
			t.Fatalf("%s: empty value for %s", m.Resource, name)
		}
		if !strings.HasSuffix(part, "+}") && strings.Contains(m.Params[k].Value, "/") {
			t.Fatalf("%s: value %q of non-greedy %s has a slash", m.Resource, m.Params[k].Value, name)
		}
		parts[i] = m.Params[k].Value
		k++
	}
	if k != len(m.Params) {
		t.Fatalf("%s: too many params %v", m.Resource, m.Params)
	}
	if m.Resource == "/" {
		return "/"
	}
	return strings.Join(parts, "/")
}

func FuzzAdd(f *testing.F) {
	for _, s := range []struct{ p, m string }{
		{"/pets/{id}", "GET"}, {"/{proxy+}", "ANY"}, {"/{proxy+}/x", "GET"}, {"/a//b", "GET"}, {"/a/", "POST"},
		{"/{", "GET"}, {"/{}", "GET"}, {"/{a+b}", "GET"}, {"/pets/{other}", "GET"}, {"/pets", "GET"}, {"/x", "TRACE"},
		{"", "GET"}, {"/", "ANY"}, {"/x:y/$z", "HEAD"}, {"/files/{p+}", "OPTIONS"},
	} {
		f.Add(s.p, s.m)
	}
	f.Fuzz(func(t *testing.T, path, method string) {
		tr := build(t, fuzzRoutes...)
		before := tr.Resources()
		err := tr.Add(path, method, "fuzz")
		if err != nil {
			if after := tr.Resources(); !equalResources(before, after) {
				t.Fatalf("failed Add(%q, %q) changed the tree", path, method)
			}
			if err.Error() == "" {
				t.Fatal("empty error text")
			}
			return
		}
		found := false
		for _, r := range tr.Resources() {
			if r.Path == path && slices.Contains(r.Methods, method) {
				found = true
			}
		}
		if !found {
			t.Fatalf("Add(%q, %q) succeeded but Resources() lacks it", path, method)
		}
		// Something with the method must answer a request shaped like the
		// template: at worst the new resource itself.
		rm, rp := concrete(path, method)
		if m, res := tr.Lookup(rm, rp); res != Found {
			t.Fatalf("after Add(%q, %q), Lookup(%q, %q) = %+v, %v", path, method, rm, rp, m, res)
		}
	})
}

// benchTree is a mid-sized API: literals, params and a greedy branch.
func benchTree(t testing.TB) *Tree[string] {
	t.Helper()
	routes := []route{
		{"/", "GET"},
		{"/pets", "GET"}, {"/pets", "POST"},
		{"/pets/{petId}", "GET"}, {"/pets/{petId}", "PUT"}, {"/pets/{petId}", "DELETE"},
		{"/users", "GET"},
		{"/users/{userId}", "GET"},
		{"/users/{userId}/orders", "GET"},
		{"/users/{userId}/orders/{orderId}", "GET"},
		{"/static/{proxy+}", "GET"},
		{"/health", "GET"},
	}
	for _, a := range []string{"catalog", "billing", "search", "admin", "reports", "inventory", "shipping", "auth", "profile", "media"} {
		routes = append(routes,
			route{"/api/v1/" + a, "GET"},
			route{"/api/v1/" + a + "/items", "GET"},
			route{"/api/v1/" + a + "/items/{itemId}", "GET"},
		)
	}
	return build(t, routes...)
}

func BenchmarkLookup(b *testing.B) {
	tr := benchTree(b)
	for _, bc := range []struct{ name, method, path string }{
		{"literal", "GET", "/api/v1/catalog/items"},
		{"literal_short", "GET", "/pets"},
		{"two_params", "GET", "/users/u-123/orders/o-456"},
		{"greedy", "GET", "/static/css/site/main.css"},
		{"no_resource", "GET", "/api/v2/nothing"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, res := tr.Lookup(bc.method, bc.path); res == Found && bc.name == "no_resource" {
					b.Fatal("unexpected match")
				}
			}
		})
	}
}
