package labs

import (
	"testing"

	"gopkg.in/yaml.v3"
)

// Found trying lab http-integrations: "at $.headers it differs from" + the whole goal
// did not say what differed.
func TestJSONSubsetSaysWhatDiffers(t *testing.T) {
	const want = `{"method": "GET", "headers": {"x-client-version": "3.1"}, "ids": [1, 2]}`
	for _, c := range []struct{ body, why string }{
		{`{"message":"Missing Authentication Token"}`, `$.headers is missing, want {"x-client-version":"3.1"}`},
		{`{"method":"GET","headers":{"host":"a"},"ids":[1,2]}`, `$.headers.x-client-version is missing, want "3.1"`},
		{`{"method":"GET","headers":{"x-client-version":"3.0"},"ids":[1,2]}`, `$.headers.x-client-version is "3.0", want "3.1"`},
		{`{"method":"GET","headers":{"x-client-version":"3.1"},"ids":[1]}`, `$.ids is [1], want [1,2]`},
		{`{"method":"GET","headers":"x","ids":[1,2]}`, `$.headers is "x", want {"x-client-version":"3.1"}`},
		{`{"method":"GET","headers":{"x-client-version":"3.1"},"ids":[1,2],"more":1}`, ``},
	} {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(want), &n); err != nil {
			t.Fatal(err)
		}
		_, ok, why := jsonSubset(n.Content[0], c.body)
		if ok != (c.why == "") || why != c.why {
			t.Errorf("%s: ok %v, why %q; want %q", c.body, ok, why, c.why)
		}
	}
}

func TestShortJSONCutsLongValues(t *testing.T) {
	long := make([]any, 40)
	for i := range long {
		long[i] = 12345
	}
	if got := shortJSON(long); len(got) != 80 || got[77:] != "..." {
		t.Errorf("shortJSON = %q (%d bytes), want 77 bytes and ...", got, len(got))
	}
}
