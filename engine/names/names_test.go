package names

import "testing"

func TestSuggest(t *testing.T) {
	cands := []string{"timeoutInMillis", "StringNotEquals", "restApis", "GET"}
	for in, want := range map[string]string{
		"restAPIs":        "restApis",        // case
		"StringNotEqualz": "StringNotEquals", // one edit
		"timeout":         "timeoutInMillis", // a prefix
		"ge":              "",                // too short to guess
		"banana":          "",
	} {
		if got := Suggest(in, cands); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", in, got, want)
		}
	}
	if d := Distance("kitten", "sitting"); d != 3 {
		t.Errorf("Distance = %d", d)
	}
}
