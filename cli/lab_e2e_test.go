package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// labEnv points progress at a fresh directory and returns it with a lab directory.
func labEnv(t *testing.T) (cfg, dir string) {
	t.Helper()
	root := t.TempDir()
	cfg = filepath.Join(root, "config")
	t.Setenv("APIGWLAB_CONFIG_DIR", cfg)
	t.Setenv("APIGWLAB_LABS_DIR", "")
	return cfg, filepath.Join(root, "lab")
}

func TestLabCompletesLabOneFromTheCLI(t *testing.T) {
	cfg, dir := labEnv(t)
	const id = "first-rest-api-mock"

	out, _, code := apigwlab(t, "", "lab", "list")
	if code != 0 || !strings.Contains(out, " 1. first-rest-api-mock") || !strings.Contains(out, ". timeouts-observability") {
		t.Fatalf("lab list: exit %d\n%s", code, out)
	}

	out, errOut, code := apigwlab(t, "", "lab", "start", id, "--dir", dir)
	if code != 0 || !strings.Contains(out, "Step 1/3: Add GET /health") {
		t.Fatalf("lab start: exit %d\n%s%s", code, out, errOut)
	}
	ws, err := os.ReadFile(filepath.Join(dir, "workspace.yaml"))
	if err != nil || !strings.HasPrefix(string(ws), "# Lab first-rest-api-mock:") {
		t.Fatalf("workspace.yaml: %v\n%s", err, ws)
	}
	if _, err := os.Stat(filepath.Join(dir, "README.md")); err != nil {
		t.Fatal(err)
	}
	if _, _, code := apigwlab(t, "", "lab", "start", id, "--dir", dir); code != 2 {
		t.Fatalf("a second start without --force: exit %d, want 2", code)
	}

	out, _, code = apigwlab(t, "", "lab", "check", id, "--dir", dir)
	if code != 1 || !strings.Contains(out, "✗ GET /dev/health answers 200") || !strings.Contains(out, "observed: status 403") ||
		!strings.Contains(out, "✓ GET /dev/version still answers 200") {
		t.Fatalf("check on the starting workspace: exit %d, want 1\n%s", code, out)
	}

	out, _, _ = apigwlab(t, "", "lab", "hint", id)
	out2, _, _ := apigwlab(t, "", "lab", "hint", id)
	if !strings.Contains(out, "Hint 1/3") || strings.Contains(out, "Hint 2/3") || !strings.Contains(out2, "Hint 2/3") {
		t.Fatalf("hints do not progress:\n%s\n---\n%s", out, out2)
	}

	out, _, code = apigwlab(t, "n\n", "lab", "solution", id, "--dir", dir)
	if code != 0 || !strings.Contains(out, "Not shown") || strings.Contains(out, "integrationResponses") {
		t.Fatalf("solution without confirmation: exit %d\n%s", code, out)
	}

	for step := 1; step <= 3; step++ {
		out, errOut, code = apigwlab(t, "", "lab", "solution", id, "--dir", dir, "--yes", "--apply")
		if code != 0 || !strings.Contains(out, "Applied to") {
			t.Fatalf("solution --apply, step %d: exit %d\n%s%s", step, code, out, errOut)
		}
		out, errOut, code = apigwlab(t, "", "lab", "check", id, "--dir", dir)
		if code != 0 || !strings.Contains(out, "Step met. Why it works") {
			t.Fatalf("check after the solution of step %d: exit %d\n%s%s", step, code, out, errOut)
		}
	}
	if !strings.Contains(out, "Lab first-rest-api-mock complete ✓") {
		t.Fatalf("last check:\n%s", out)
	}
	out, _, _ = apigwlab(t, "", "lab", "list")
	if !strings.Contains(out, "✓  1. first-rest-api-mock") {
		t.Fatalf("lab list after completing:\n%s", out)
	}
	prog, err := os.ReadFile(filepath.Join(cfg, "progress.json"))
	if err != nil || !strings.Contains(string(prog), `"version": 1`) || !strings.Contains(string(prog), `"completed"`) {
		t.Fatalf("progress.json: %v\n%s", err, prog)
	}
	if _, err := os.Stat(filepath.Join(dir, "workspace.yaml.bak")); err != nil {
		t.Fatalf("the edited workspace was not kept: %v", err)
	}

	out, _, code = apigwlab(t, "", "lab", "reset", id, "--dir", dir)
	if code != 0 || !strings.Contains(out, "reset") {
		t.Fatalf("reset: exit %d\n%s", code, out)
	}
	if _, _, code := apigwlab(t, "", "lab", "check", id, "--dir", dir); code != 1 {
		t.Fatalf("check after reset: exit %d, want 1", code)
	}
}

func TestLabCheckBadWorkspaceExits2WithFileLine(t *testing.T) {
	_, dir := labEnv(t)
	if _, _, code := apigwlab(t, "", "lab", "start", "caching", "--dir", dir); code != 0 {
		t.Fatal("start")
	}
	ws := filepath.Join(dir, "workspace.yaml")
	if err := os.WriteFile(ws, []byte("apiVersion: apigwlab/v1\nrestApis:\n  - name: shop\n    resourcez: {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := apigwlab(t, "", "lab", "check", "caching", "--dir", dir)
	if code != 2 || !strings.Contains(errOut, ws+":4") {
		t.Fatalf("exit %d, want 2 naming %s:4\n%s", code, ws, errOut)
	}
	if _, errOut, code := apigwlab(t, "", "lab", "check", "caching", "--dir", filepath.Join(dir, "nope")); code != 2 || !strings.Contains(errOut, "lab start") {
		t.Fatalf("missing directory: exit %d\n%s", code, errOut)
	}
}

func TestLabExecKeepsCommandsForChecks(t *testing.T) {
	_, dir := labEnv(t)
	const id = "deployments-canary"
	if _, _, code := apigwlab(t, "", "lab", "start", id, "--dir", dir); code != 0 {
		t.Fatal("start")
	}
	// A bad verb is refused and not kept.
	if _, errOut, code := apigwlab(t, "", "lab", "exec", id, "--dir", dir, "--", "update-stage", "--stage-name", "nope"); code != 2 || errOut == "" {
		t.Fatalf("bad verb: exit %d", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "commands.log")); !os.IsNotExist(err) {
		t.Fatalf("a refused command was kept: %v", err)
	}
	out, errOut, code := apigwlab(t, "", "lab", "exec", id, "--dir", dir, "--", "create-deployment", "--stage-name", "prod",
		"--canary-settings", "percentTraffic=10,stageVariableOverrides={alias=canary}")
	if code != 0 || !strings.Contains(errOut, "commands.log") {
		t.Fatalf("exec: exit %d\n%s%s", code, out, errOut)
	}
	// get-* verbs read the state with the kept commands applied, and are not kept.
	out, _, code = apigwlab(t, "", "lab", "exec", id, "--dir", dir, "--", "get-stage", "--stage-name", "prod")
	if code != 0 || !strings.Contains(out, `"percentTraffic": 10`) {
		t.Fatalf("get-stage: exit %d\n%s", code, out)
	}
	log, _ := os.ReadFile(filepath.Join(dir, "commands.log"))
	if strings.Count(string(log), "\n") != 1 || !strings.HasPrefix(string(log), "create-deployment") {
		t.Fatalf("commands.log:\n%s", log)
	}
	out, _, code = apigwlab(t, "", "lab", "check", id, "--dir", dir, "--json")
	if code != 0 || !strings.Contains(out, `"met": true`) {
		t.Fatalf("check: exit %d\n%s", code, out)
	}
}

func TestLabCorruptProgressIsReportedAndSetAside(t *testing.T) {
	cfg, _ := labEnv(t)
	if err := os.MkdirAll(cfg, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cfg, "progress.json"), []byte("{oops"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := apigwlab(t, "", "lab", "list")
	if code != 0 || !strings.Contains(errOut, "set aside as") || !strings.Contains(out, "first-rest-api-mock") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	moved, _ := filepath.Glob(filepath.Join(cfg, "progress.json.corrupt-*"))
	if len(moved) != 1 {
		t.Fatalf("corrupt file not set aside: %v", moved)
	}
}

func TestLabComingAndUnknown(t *testing.T) {
	_, dir := labEnv(t)
	// A user lab directory with a manifest announcing a lab still to be written.
	own := filepath.Join(filepath.Dir(dir), "mylabs")
	if err := os.MkdirAll(own, 0o755); err != nil {
		t.Fatal(err)
	}
	manifest := "labs:\n  - {id: later, status: coming, title: Later, level: advanced, minutes: 5}\n"
	if err := os.WriteFile(filepath.Join(own, "manifest.yaml"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code := apigwlab(t, "", "lab", "list", "--labs-dir", own)
	if code != 0 || !strings.Contains(out, ". later ") || !strings.Contains(out, "coming soon") {
		t.Fatalf("list with a user directory: exit %d\n%s", code, out)
	}
	if _, errOut, code := apigwlab(t, "", "lab", "start", "later", "--labs-dir", own, "--dir", dir); code != 2 || !strings.Contains(errOut, "coming") {
		t.Fatalf("coming lab: exit %d\n%s", code, errOut)
	}
	if _, errOut, code := apigwlab(t, "", "lab", "show", "nope"); code != 2 || !strings.Contains(errOut, `no lab "nope"`) {
		t.Fatalf("unknown lab: exit %d\n%s", code, errOut)
	}
}

// Issue 15 bug 10: the error told the user to run "apigwlab lab start ID", a placeholder.
func TestLabExecBeforeStartNamesTheLab(t *testing.T) {
	_, dir := labEnv(t)
	_, errOut, code := apigwlab(t, "", "lab", "exec", "deployments-canary", "--dir", dir, "--", "get-stage", "--stage-name", "prod")
	want := "apigwlab lab start deployments-canary --dir " + dir
	if code != 2 || !strings.Contains(errOut, want) || strings.Contains(errOut, " ID ") {
		t.Fatalf("exit %d, want 2 and %q:\n%s", code, want, errOut)
	}
}

// Issue 15 bug 4: lab exec ran a command with a misspelt option and kept it in commands.log.
func TestLabExecRefusesUnknownOptions(t *testing.T) {
	_, dir := labEnv(t)
	if _, errOut, code := apigwlab(t, "", "lab", "start", "deployments-canary", "--dir", dir); code != 0 {
		t.Fatalf("lab start: exit %d\n%s", code, errOut)
	}
	_, errOut, code := apigwlab(t, "", "lab", "exec", "deployments-canary", "--dir", dir, "--",
		"create-deployment", "--stage-name", "prod", "--canary-setings", "percentTraffic=10")
	if code != 2 || !strings.Contains(errOut, "Unknown options: --canary-setings, percentTraffic=10 (did you mean --canary-settings?)") {
		t.Fatalf("exit %d, want 2 and the AWS CLI's refusal:\n%s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "commands.log")); !os.IsNotExist(err) {
		t.Fatalf("the refused command was kept in commands.log (%v)", err)
	}
}

// A finished lab passes `lab check --all`: a step a later one undoes on purpose (the
// canary's 10% split, ended by promotion) is shown with why, not counted as unmet.
func TestLabCheckAllOnAFinishedLab(t *testing.T) {
	_, dir := labEnv(t)
	const id = "deployments-canary"
	if _, _, code := apigwlab(t, "", "lab", "start", id, "--dir", dir); code != 0 {
		t.Fatal("start")
	}
	// the verbs of each step's solution; the step is checked after its last verb
	for _, step := range [][][]string{
		{{"create-deployment", "--stage-name", "prod", "--canary-settings", "percentTraffic=10,stageVariableOverrides={alias=canary}"}},
		{{"update-stage", "--stage-name", "prod", "--patch-operations",
			"op=replace,path=/canarySettings/percentTraffic,value=0.0",
			"op=copy,from=/canarySettings/deploymentId,path=/deploymentId",
			"op=copy,from=/canarySettings/stageVariableOverrides,path=/variables"}},
		// the challenge: a new method, to 5% of the traffic first
		{
			{"create-resource", "--parent-id", "/orders", "--path-part", "{id}"},
			{"put-method", "--resource-id", "/orders/{id}", "--http-method", "GET", "--authorization-type", "NONE"},
			{"put-integration", "--resource-id", "/orders/{id}", "--http-method", "GET", "--type", "AWS_PROXY",
				"--integration-http-method", "POST", "--uri", "function:orders:${stageVariables.alias}"},
			{"create-deployment", "--stage-name", "prod", "--canary-settings", "percentTraffic=5"},
		},
	} {
		for _, verb := range step {
			if out, errOut, code := apigwlab(t, "", append([]string{"lab", "exec", id, "--dir", dir, "--"}, verb...)...); code != 0 {
				t.Fatalf("exec %s: exit %d\n%s%s", verb[0], code, out, errOut)
			}
		}
		if out, _, code := apigwlab(t, "", "lab", "check", id, "--dir", dir); code != 0 {
			t.Fatalf("check after %s: exit %d\n%s", step[len(step)-1][0], code, out)
		}
	}
	out, _, code := apigwlab(t, "", "lab", "check", id, "--dir", dir, "--all")
	if code != 0 || !strings.Contains(out, "(met earlier; a later step changes it: step 2 promotes the canary") || !strings.Contains(out, "complete ✓") {
		t.Fatalf("check --all on the finished lab: exit %d\n%s", code, out)
	}
}

// lab start/reset --dir never loses a file it would write over: a README.md of the
// learner's own project is refused without --force, and kept as README.md.bak with it.
func TestLabStartKeepsTheLearnersFiles(t *testing.T) {
	_, dir := labEnv(t)
	const id = "first-rest-api-mock"
	os.MkdirAll(dir, 0o755)
	readme := filepath.Join(dir, "README.md")
	os.WriteFile(readme, []byte("# my project\n"), 0o644)
	_, errOut, code := apigwlab(t, "", "lab", "start", id, "--dir", dir)
	if code != 2 || !strings.Contains(errOut, readme+" would be replaced: choose another --dir, or use --force (each old file is kept as NAME.bak)") {
		t.Fatalf("start over a README: exit %d\n%s", code, errOut)
	}
	if b, _ := os.ReadFile(readme); string(b) != "# my project\n" {
		t.Fatalf("README.md changed: %q", b)
	}
	if out, errOut, code := apigwlab(t, "", "lab", "start", id, "--dir", dir, "--force"); code != 0 {
		t.Fatalf("start --force: exit %d\n%s%s", code, out, errOut)
	}
	if b, _ := os.ReadFile(readme + ".bak"); string(b) != "# my project\n" {
		t.Fatalf("README.md.bak: %q", b)
	}
	// reset: commands.log and an edited README are kept as .bak too.
	os.WriteFile(filepath.Join(dir, "commands.log"), []byte("update-stage --stage-name prod\n"), 0o644)
	os.WriteFile(readme, []byte("# my notes\n"), 0o644)
	if out, errOut, code := apigwlab(t, "", "lab", "reset", id, "--dir", dir); code != 0 {
		t.Fatalf("reset: exit %d\n%s%s", code, out, errOut)
	}
	for f, want := range map[string]string{"README.md.bak": "# my notes\n", "commands.log.bak": "update-stage --stage-name prod\n"} {
		if b, _ := os.ReadFile(filepath.Join(dir, f)); string(b) != want {
			t.Errorf("%s: %q, want %q", f, b, want)
		}
	}
}

// Issue 15 item 7: a lab is found from any working directory (its directory is kept in the
// progress), a workspace without the earlier steps' work says so, and a completed lab whose
// workspace fails is not reported "complete ✓" with exit 1.
func TestLabDirectoryIsKeptInTheProgress(t *testing.T) {
	_, root := labEnv(t)
	const id = "first-rest-api-mock"
	a, b := filepath.Join(root, "a"), filepath.Join(root, "b")
	if _, errOut, code := apigwlab(t, "", "lab", "start", id, "--dir", a); code != 0 {
		t.Fatalf("lab start: exit %d\n%s", code, errOut)
	}
	// no --dir, and the repository root is not the lab's directory
	out, errOut, code := apigwlab(t, "", "lab", "check", id)
	if code != 1 || !strings.Contains(out, "✗ GET /dev/health answers 200") {
		t.Fatalf("check without --dir: exit %d, want 1 on the started workspace\n%s%s", code, out, errOut)
	}
	for step := 0; step < 3; step++ {
		if _, errOut, code := apigwlab(t, "", "lab", "solution", id, "--yes", "--apply"); code != 0 {
			t.Fatalf("solution --apply: exit %d\n%s", code, errOut)
		}
		if out, _, code := apigwlab(t, "", "lab", "check", id); code != 0 {
			t.Fatalf("check after the solution of step %d: exit %d\n%s", step+1, code, out)
		}
	}
	// a fresh workspace elsewhere: the lab is done, but this workspace has none of it
	if _, errOut, code := apigwlab(t, "", "lab", "start", id, "--dir", b); code != 0 {
		t.Fatalf("second start: exit %d\n%s", code, errOut)
	}
	out, _, code = apigwlab(t, "", "lab", "check", id)
	if code != 1 || strings.Contains(out, "complete ✓") || !strings.Contains(out, "was completed before, but this workspace no longer meets") {
		t.Fatalf("a done lab on a fresh workspace: exit %d, want 1 and no \"complete ✓\"\n%s", code, out)
	}
}

func TestLabCheckWarnsWhenEarlierWorkIsMissing(t *testing.T) {
	_, root := labEnv(t)
	const id = "first-rest-api-mock"
	a, b := filepath.Join(root, "a"), filepath.Join(root, "b")
	apigwlab(t, "", "lab", "start", id, "--dir", a)
	apigwlab(t, "", "lab", "solution", id, "--yes", "--apply")
	if out, _, code := apigwlab(t, "", "lab", "check", id); code != 0 || !strings.Contains(out, "Next: step 2/3") {
		t.Fatalf("step 1: exit %d\n%s", code, out)
	}
	apigwlab(t, "", "lab", "start", id, "--dir", b)
	out, _, _ := apigwlab(t, "", "lab", "check", id)
	want := "Warning: " + b + " lacks the work of step 1 (GET /dev/health answers 200 {\"status\":\"ok\"}: not met)"
	if !strings.Contains(out, "Step 2/3") || !strings.Contains(out, want) {
		t.Fatalf("want step 2 checked and %q:\n%s", want, out)
	}
}
