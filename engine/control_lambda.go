package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"apigwlab/engine/lambda"
	"apigwlab/engine/model"
)

// Lambda's control plane where API Gateway depends on it (aws lambda list-functions,
// get-function, update-function-configuration, publish-version, get-alias, list-aliases,
// update-alias; the permission verbs are in permissions.go). The verbs print what the aws
// CLI prints for Lambda (botocore's lambda 2015-03-31 model: FunctionConfiguration,
// AliasConfiguration) and fail with Lambda's exceptions; serve answers the same verbs at
// Lambda's REST paths (server/lambdaplane.go), so the palette, lab steps and
// `aws lambda --endpoint-url` share one implementation. Changes take effect on the next
// invocation, as on AWS: functions are not part of an API Gateway deployment.

func init() {
	for name, run := range map[string]func(*Gateway, flagSet) (string, error){
		"list-functions":                (*Gateway).listFunctions,
		"get-function":                  (*Gateway).getFunction,
		"get-function-configuration":    (*Gateway).getFunctionConfiguration,
		"update-function-configuration": (*Gateway).updateFunctionConfiguration,
		"publish-version":               (*Gateway).publishVersion,
		"list-versions-by-function":     (*Gateway).listVersionsByFunction,
		"get-alias":                     (*Gateway).getAlias,
		"list-aliases":                  (*Gateway).listAliases,
		"update-alias":                  (*Gateway).updateAlias,
		"invoke":                        (*Gateway).invokeVerb, // lambda_invoke.go
	} {
		verbTable[name] = run
	}
	maps.Copy(verbFlags, map[string][]string{
		"list-functions":                {"max-items", "marker", "function-version", "master-region"},
		"get-function":                  {"function-name", "qualifier"},
		"get-function-configuration":    {"function-name", "qualifier"},
		"update-function-configuration": {"function-name", "timeout", "memory-size", "environment", "handler", "runtime", "role"},
		"publish-version":               {"function-name", "description", "code-sha256", "revision-id"},
		"list-versions-by-function":     {"function-name", "max-items", "marker"},
		"get-alias":                     {"function-name", "name"},
		"list-aliases":                  {"function-name", "function-version", "max-items", "marker"},
		"update-alias":                  {"function-name", "name", "function-version", "routing-config", "description", "revision-id"},
		"invoke":                        {"function-name", "payload", "qualifier", "invocation-type", "log-type", "client-context"},
	})
}

// Lambda's limits (Lambda developer guide, "Lambda quotas"; botocore's model: Timeout min 1,
// MemorySize min 128 max 10240): out of range is a ValidationException, as the API answers
// a value that breaks a model constraint.
const (
	maxFunctionTimeout   = 900
	minMemory, maxMemory = 128, 10240
)

// lambdaSpec is a function's current model, or Lambda's ResourceNotFoundException.
func (g *Gateway) lambdaSpec(name, qual string) (model.Function, error) {
	spec := g.lambda.Spec(name)
	if spec == nil || (qual != "" && !g.lambda.Exists(name, qual)) {
		return model.Function{}, fmt.Errorf("ResourceNotFoundException: Function not found: %s", g.lambda.ARN(name, qual))
	}
	return *spec, nil
}

// functionConfiguration is Lambda's FunctionConfiguration of one version ("$LATEST" or a
// number). apigwlab's functions have no deployment package: CodeSize is 0 and CodeSha256 a
// digest of the function's model. A function without a timeout reports 900 (Lambda's
// maximum): apigwlab then applies none.
func (g *Gateway) functionConfiguration(spec model.Function, ver string) map[string]any {
	timeout := int(time.Duration(spec.Timeout) / time.Second)
	if spec.Timeout == 0 {
		timeout = maxFunctionTimeout
	}
	mem := spec.MemorySize
	if mem == 0 {
		mem = 128
	}
	qual := ""
	if ver != lambda.Latest {
		qual = ver
	}
	c := map[string]any{
		"FunctionName": spec.FunctionName, "FunctionArn": g.lambda.ARN(spec.FunctionName, qual),
		"Role":     "arn:aws:iam::" + g.accountID() + ":role/" + spec.FunctionName + "-role",
		"CodeSize": 0, "Description": "", "Timeout": timeout, "MemorySize": mem,
		"LastModified": g.clock.Now().UTC().Format("2006-01-02T15:04:05.000-0700"),
		"CodeSha256":   codeSha(spec, ver), "Version": ver,
		"TracingConfig": map[string]string{"Mode": "PassThrough"}, "RevisionId": revisionID(spec),
		"State": "Active", "LastUpdateStatus": "Successful", "PackageType": "Zip",
		"Architectures": []string{"x86_64"}, "EphemeralStorage": map[string]int{"Size": 512},
	}
	if spec.Runtime != "" {
		c["Runtime"] = spec.Runtime
	}
	if spec.Handler != "" {
		c["Handler"] = spec.Handler
	}
	if len(spec.Environment) > 0 {
		c["Environment"] = map[string]any{"Variables": spec.Environment}
	}
	return c
}

func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// codeSha stands for Lambda's CodeSha256: a digest of what the version runs.
func codeSha(spec model.Function, ver string) string {
	b := spec.Behavior
	h, src := spec.Handler, spec.Source
	for _, v := range spec.Versions {
		if v != nil && v.Version == ver {
			b, h, src = v.Behavior, v.Handler, v.Source
		}
	}
	doc, _ := json.Marshal([]any{b.Returns, b.Error, b.Echo, h, src, spec.Command})
	return digest(doc)
}

// revisionID changes whenever the function's configuration does, as Lambda's RevisionId.
func revisionID(spec model.Function) string {
	doc, _ := json.Marshal([]any{spec.FunctionName, spec.Timeout, spec.MemorySize, spec.Environment, spec.Behavior.Returns,
		len(spec.Versions), spec.Aliases})
	d := digest(doc)
	return d[:8] + "-" + d[8:12] + "-" + d[12:16] + "-" + d[16:20] + "-" + d[20:32]
}

// listFunctions is ListFunctions: every function's $LATEST, sorted by name
// (--function-version ALL adds the published versions). Pagination: --max-items and the
// --marker the previous page returned as NextMarker.
func (g *Gateway) listFunctions(f flagSet) (string, error) {
	var all []map[string]any
	for _, name := range g.lambda.Names() {
		spec := *g.lambda.Spec(name)
		all = append(all, g.functionConfiguration(spec, lambda.Latest))
		if f.get("function-version") == "ALL" {
			for _, v := range spec.Versions {
				if v != nil {
					all = append(all, g.functionConfiguration(spec, v.Version))
				}
			}
		}
	}
	return lambdaList("Functions", all, f)
}

// lambdaList prints one page of a Lambda list answer as {KEY: […], NextMarker}.
func lambdaList(key string, all []map[string]any, f flagSet) (string, error) {
	page, next, err := lambdaPage(all, f)
	if err != nil {
		return "", err
	}
	out := map[string]any{key: page}
	if next != "" {
		out["NextMarker"] = next
	}
	return toJSON(out), nil
}

// lambdaPage cuts one page: --max-items (1–10000, default 50) from the --marker on.
func lambdaPage(all []map[string]any, f flagSet) ([]map[string]any, string, error) {
	max := 50
	if v := f.get("max-items"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10000 {
			return nil, "", fmt.Errorf("InvalidParameterValueException: MaxItems must be a number between 1 and 10000, not %q", v)
		}
		max = n
	}
	from := 0
	if m := f.get("marker"); m != "" {
		n, err := strconv.Atoi(m)
		if err != nil || n < 0 || n > len(all) {
			return nil, "", fmt.Errorf("InvalidParameterValueException: Invalid marker: %s", m)
		}
		from = n
	}
	to := min(from+max, len(all))
	next := ""
	if to < len(all) {
		next = strconv.Itoa(to)
	}
	if all == nil {
		all = []map[string]any{}
	}
	return all[from:to], next, nil
}

// getFunction is GetFunction: {Configuration, Code}. apigwlab keeps no deployment package,
// so Code names none (RepositoryType S3 without a Location).
func (g *Gateway) getFunction(f flagSet) (string, error) {
	name, qual := f.get("function-name"), f.get("qualifier")
	spec, err := g.lambdaSpec(name, qual)
	if err != nil {
		return "", err
	}
	return toJSON(map[string]any{"Configuration": g.functionConfiguration(spec, g.versionOf(spec, qual)),
		"Code": map[string]string{"RepositoryType": "S3"}}), nil
}

func (g *Gateway) getFunctionConfiguration(f flagSet) (string, error) {
	name, qual := f.get("function-name"), f.get("qualifier")
	spec, err := g.lambdaSpec(name, qual)
	if err != nil {
		return "", err
	}
	return toJSON(g.functionConfiguration(spec, g.versionOf(spec, qual))), nil
}

// versionOf names the version a qualifier selects: an alias reports its (first) version.
func (g *Gateway) versionOf(spec model.Function, qual string) string {
	if qual == "" || qual == lambda.Latest {
		return lambda.Latest
	}
	if t := spec.Aliases[qual]; t != nil {
		return aliasVersion(t)
	}
	return qual
}

// aliasVersion is an alias's FunctionVersion: its one version, or with routing weights the
// version the rest of the traffic goes to (the largest weight).
func aliasVersion(t *model.AliasTarget) string {
	if t.Version != "" {
		return t.Version
	}
	best, bw := "", -1.0
	for _, v := range slices.Sorted(maps.Keys(t.Weights)) {
		if t.Weights[v] > bw {
			best, bw = v, t.Weights[v]
		}
	}
	return best
}

// updateFunctionConfiguration is UpdateFunctionConfiguration: --timeout SECONDS (1–900),
// --memory-size MB (128–10240), --environment Variables={K=V,…} (or the JSON
// {"Variables": {…}}; it replaces the variables, as on AWS). The next
// invocation sees the change. --handler, --runtime and --role are refused: apigwlab uploads
// no code (edit the workspace file).
func (g *Gateway) updateFunctionConfiguration(f flagSet) (string, error) {
	name := f.get("function-name")
	if _, err := g.lambdaSpec(name, ""); err != nil {
		return "", err
	}
	for _, o := range []string{"handler", "runtime", "role"} {
		if f.has(o) {
			return "", fmt.Errorf("InvalidParameterValueException: apigwlab does not change a function's --%s: edit the function in the workspace file", o)
		}
	}
	var edits []func(*model.Function)
	if v := f.get("timeout"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxFunctionTimeout {
			return "", fmt.Errorf("ValidationException: 1 validation error detected: Value '%s' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to %d and greater than or equal to 1", v, maxFunctionTimeout)
		}
		edits = append(edits, func(s *model.Function) { s.Timeout = model.Duration(time.Duration(n) * time.Second) })
	}
	if v := f.get("memory-size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < minMemory || n > maxMemory {
			return "", fmt.Errorf("ValidationException: 1 validation error detected: Value '%s' at 'memorySize' failed to satisfy constraint: Member must have value less than or equal to %d and greater than or equal to %d", v, maxMemory, minMemory)
		}
		edits = append(edits, func(s *model.Function) { s.MemorySize = n })
	}
	if f.has("environment") {
		vars, err := parseEnvironment(f.get("environment"))
		if err != nil {
			return "", err
		}
		edits = append(edits, func(s *model.Function) { s.Environment = vars })
	}
	apply := func(s *model.Function) error {
		for _, e := range edits {
			e(s)
		}
		return nil
	}
	if err := g.lambda.Update(name, apply); err != nil {
		return "", err
	}
	if fn, err := g.functionModel(name); err == nil {
		_ = apply(fn) // the workspace's model follows, so an export keeps the change
	}
	return g.getFunctionConfiguration(flagSet{"function-name": {name}})
}

// parseEnvironment reads --environment: Variables={K=V,K2=V2} (the CLI's shorthand) or
// {"Variables": {"K": "V"}}.
func parseEnvironment(v string) (map[string]string, error) {
	var doc struct{ Variables map[string]string }
	if strings.HasPrefix(strings.TrimSpace(v), "{") {
		if err := json.Unmarshal([]byte(v), &doc); err != nil {
			return nil, fmt.Errorf("InvalidParameterValueException: --environment %q: write Variables={KEY=VALUE,…} or {\"Variables\": {…}}", v)
		}
		return doc.Variables, nil
	}
	inner, ok := strings.CutPrefix(strings.TrimSpace(v), "Variables=")
	if !ok {
		return nil, fmt.Errorf("InvalidParameterValueException: --environment %q: write Variables={KEY=VALUE,…} or {\"Variables\": {…}}", v)
	}
	vars := map[string]string{}
	inner = strings.TrimSuffix(strings.TrimPrefix(inner, "{"), "}")
	for _, kv := range strings.Split(inner, ",") {
		if strings.TrimSpace(kv) == "" {
			continue
		}
		k, val, ok := strings.Cut(kv, "=")
		if !ok {
			return nil, fmt.Errorf("InvalidParameterValueException: --environment %q: %q is not KEY=VALUE", v, kv)
		}
		vars[strings.TrimSpace(k)] = val
	}
	return vars, nil
}

// publishVersion is PublishVersion: $LATEST as it is now (its behaviour and, for a code
// function, its handler and code) becomes the next version number. As on AWS, when
// $LATEST has not changed since the last published version, that version is returned and
// none is made (Lambda developer guide, "Creating function versions").
func (g *Gateway) publishVersion(f flagSet) (string, error) {
	name := f.get("function-name")
	if _, err := g.lambdaSpec(name, ""); err != nil {
		return "", err
	}
	var published *model.Version
	err := g.lambda.Update(name, func(s *model.Function) error {
		last := 0
		var lastV *model.Version
		for _, v := range s.Versions {
			if n, err := strconv.Atoi(v.Version); err == nil && n > last {
				last, lastV = n, v
			}
		}
		nv := &model.Version{Version: strconv.Itoa(last + 1), Behavior: s.Behavior, Handler: s.Handler, Source: s.Source}
		if lastV != nil && reflect.DeepEqual(lastV.Behavior, nv.Behavior) && lastV.Handler == nv.Handler && lastV.Source == nv.Source {
			published = lastV
			return nil
		}
		published = nv
		s.Versions = append(slices.Clone(s.Versions), nv)
		return nil
	})
	if err != nil {
		return "", err
	}
	if fn, err := g.functionModel(name); err == nil && !slices.ContainsFunc(fn.Versions, func(v *model.Version) bool { return v.Version == published.Version }) {
		fn.Versions = append(fn.Versions, published)
	}
	c := g.functionConfiguration(*g.lambda.Spec(name), published.Version)
	if d := f.get("description"); d != "" {
		c["Description"] = d
	}
	return toJSON(c), nil
}

// listVersionsByFunction is ListVersionsByFunction: $LATEST then each published version.
func (g *Gateway) listVersionsByFunction(f flagSet) (string, error) {
	spec, err := g.lambdaSpec(f.get("function-name"), "")
	if err != nil {
		return "", err
	}
	all := []map[string]any{g.functionConfiguration(spec, lambda.Latest)}
	for _, v := range spec.Versions {
		if v != nil {
			all = append(all, g.functionConfiguration(spec, v.Version))
		}
	}
	return lambdaList("Versions", all, f)
}

// aliasConfiguration is Lambda's AliasConfiguration.
func (g *Gateway) aliasConfiguration(fn, name string, t *model.AliasTarget) map[string]any {
	ver := aliasVersion(t)
	out := map[string]any{"AliasArn": g.lambda.ARN(fn, name), "Name": name, "FunctionVersion": ver, "Description": "",
		"RevisionId": revisionID(model.Function{FunctionName: fn + ":" + name + ":" + ver})}
	if len(t.Weights) > 1 {
		extra := map[string]float64{}
		for v, w := range t.Weights {
			if v != ver {
				extra[v] = w
			}
		}
		out["RoutingConfig"] = map[string]any{"AdditionalVersionWeights": extra}
	}
	return out
}

// getAlias is GetAlias.
func (g *Gateway) getAlias(f flagSet) (string, error) {
	fn, name := f.get("function-name"), f.get("name")
	spec, err := g.lambdaSpec(fn, "")
	if err != nil {
		return "", err
	}
	t := spec.Aliases[name]
	if t == nil {
		return "", fmt.Errorf("ResourceNotFoundException: Cannot find alias arn: %s", g.lambda.ARN(fn, name))
	}
	return toJSON(g.aliasConfiguration(fn, name, t)), nil
}

// listAliases is ListAliases (--function-version keeps the aliases of that version).
func (g *Gateway) listAliases(f flagSet) (string, error) {
	fn := f.get("function-name")
	spec, err := g.lambdaSpec(fn, "")
	if err != nil {
		return "", err
	}
	var all []map[string]any
	for _, name := range slices.Sorted(maps.Keys(spec.Aliases)) {
		a := g.aliasConfiguration(fn, name, spec.Aliases[name])
		if v := f.get("function-version"); v == "" || a["FunctionVersion"] == v {
			all = append(all, a)
		}
	}
	return lambdaList("Aliases", all, f)
}

// updateAlias points a Lambda alias at a version, optionally with weighted routing, as
// "aws lambda update-alias --function-name F --name live --function-version 3
// --routing-config AdditionalVersionWeights={4=0.1}" does (or the JSON
// {"AdditionalVersionWeights": {"4": 0.1}} the API carries). It prints the AliasConfiguration.
func (g *Gateway) updateAlias(f flagSet) (string, error) {
	fn, name := f.get("function-name"), f.get("name")
	if fn == "" || name == "" {
		return "", fmt.Errorf("update-alias needs --function-name and --name (and --function-version or --routing-config)")
	}
	spec, err := g.lambdaSpec(fn, "")
	if err != nil {
		return "", err
	}
	old := spec.Aliases[name]
	if old == nil {
		return "", fmt.Errorf("ResourceNotFoundException: Alias not found: %s", g.lambda.ARN(fn, name))
	}
	ver := f.get("function-version")
	if ver == "" {
		ver = aliasVersion(old)
	}
	target := &model.AliasTarget{Version: ver}
	if f.has("routing-config") {
		extra, err := parseRoutingConfig(f.get("routing-config"))
		if err != nil {
			return "", err
		}
		if len(extra) > 0 {
			weights := map[string]float64{}
			rest := 1.0
			for k, w := range extra {
				weights[k] = w
				rest -= w
			}
			weights[ver] = rest
			target = &model.AliasTarget{Weights: weights}
		}
	} else if len(old.Weights) > 1 && f.get("function-version") == "" {
		target = old // only a description: the routing stays
	}
	if err := g.lambda.Set(fn, lambda.Change{Aliases: map[string]*model.AliasTarget{name: target}}); err != nil {
		return "", fmt.Errorf("InvalidParameterValueException: %w", err)
	}
	if m, err := g.functionModel(fn); err == nil {
		aliases := maps.Clone(m.Aliases)
		if aliases == nil {
			aliases = map[string]*model.AliasTarget{}
		}
		aliases[name] = target
		m.Aliases = aliases
	}
	return toJSON(g.aliasConfiguration(fn, name, target)), nil
}

// parseRoutingConfig reads AdditionalVersionWeights={4=0.1} or {"AdditionalVersionWeights": {"4": 0.1}}.
func parseRoutingConfig(rc string) (map[string]float64, error) {
	bad := fmt.Errorf("InvalidParameterValueException: --routing-config %q: write AdditionalVersionWeights={4=0.1}", rc)
	if strings.HasPrefix(strings.TrimSpace(rc), "{") {
		var doc struct{ AdditionalVersionWeights map[string]float64 }
		if err := json.Unmarshal([]byte(rc), &doc); err != nil {
			return nil, bad
		}
		for _, w := range doc.AdditionalVersionWeights {
			if w < 0 || w > 1 {
				return nil, bad
			}
		}
		return doc.AdditionalVersionWeights, nil
	}
	inner := strings.Trim(strings.TrimPrefix(strings.TrimSpace(rc), "AdditionalVersionWeights="), "{} ")
	out := map[string]float64{}
	if inner == "" {
		return out, nil
	}
	for _, kv := range strings.Split(inner, ",") {
		k, v, ok := strings.Cut(kv, "=")
		w, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if !ok || err != nil || w < 0 || w > 1 {
			return nil, bad
		}
		out[strings.Trim(strings.TrimSpace(k), `"`)] = w
	}
	return out, nil
}
