package cli

import "testing"

// Found by trying lab http-integrations from inside its directory: "Applied to .. Check with".
func TestAppliedLineNamesTheDirectory(t *testing.T) {
	for _, c := range []struct{ dir, want string }{
		{".", "Applied to the lab in this directory. Check with: apigwlab lab check http-integrations"},
		{"lab-http-integrations", "Applied to lab-http-integrations. Check with: apigwlab lab check http-integrations"},
		{"lab-http", "Applied to lab-http. Check with: apigwlab lab check http-integrations --dir lab-http"},
	} {
		if got := appliedLine(c.dir, "http-integrations"); got != c.want {
			t.Errorf("appliedLine(%q) = %q, want %q", c.dir, got, c.want)
		}
	}
}
