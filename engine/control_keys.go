package engine

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"apigwlab/engine/model"
)

// API keys and usage plans created, listed and deleted as CreateApiKey, GetApiKeys,
// GetApiKey, DeleteApiKey, CreateUsagePlan, GetUsagePlans, GetUsagePlan, DeleteUsagePlan and
// GetUsagePlanKeys do; the other key and plan verbs are in control.go.

func (g *Gateway) keyID(k *model.APIKey) string {
	if ck := g.keys[k.Value]; ck != nil {
		return ck.id
	}
	return k.ID
}

func (g *Gateway) apiKeyJSON(k *model.APIKey, withValue bool) map[string]any {
	out := map[string]any{"id": g.keyID(k), "name": k.Name, "enabled": k.Enabled == nil || *k.Enabled, "stageKeys": []string{}}
	if withValue {
		out["value"] = k.Value
	}
	return out
}

// createAPIKey: --name, --value (at least 20 characters; generated when absent), --enabled.
func (g *Gateway) createAPIKey(f flagSet) (string, error) {
	name := f.get("name")
	if name == "" {
		name = shortID(fmt.Sprintf("apikey-name:%d", len(g.ws.APIKeys)), 10)
	}
	value := f.get("value")
	if value == "" {
		value = shortID(fmt.Sprintf("apikey-value:%s:%d", name, len(g.ws.APIKeys)), 40)
	}
	if len(value) < 20 {
		return "", fmt.Errorf("BadRequestException: API Key value should be at least 20 characters")
	}
	if g.keys[value] != nil || g.apiKeyModel(name) != nil {
		return "", fmt.Errorf("ConflictException: API Key already exists")
	}
	// --enabled is a boolean switch in the AWS CLI (no value); --enabled false also reads
	enabled := f.has("enabled") && f.get("enabled") != "false"
	k := &model.APIKey{Name: name, Value: value, Enabled: &enabled}
	g.ws.APIKeys = append(g.ws.APIKeys, k)
	if err := g.compileKeys(g.ws); err != nil {
		g.ws.APIKeys = g.ws.APIKeys[:len(g.ws.APIKeys)-1]
		return "", fmt.Errorf("BadRequestException: %v", err)
	}
	return toJSON(g.apiKeyJSON(k, true)), nil
}

func (g *Gateway) getAPIKeys(f flagSet) (string, error) {
	var all []map[string]any
	for _, k := range g.ws.APIKeys {
		if q := f.get("name-query"); q != "" && !strings.HasPrefix(k.Name, q) {
			continue
		}
		all = append(all, g.apiKeyJSON(k, f.get("include-values") == "true"))
	}
	return pageJSON(f, all)
}

// pageJSON answers a list: {"items": […], "position": next}.
func pageJSON(f flagSet, all []map[string]any) (string, error) {
	items, next, err := page(f, all)
	if err != nil {
		return "", err
	}
	out := map[string]any{"items": items}
	if items == nil {
		out["items"] = []any{}
	}
	if next != "" {
		out["position"] = next
	}
	return toJSON(out), nil
}

func (g *Gateway) getAPIKey(f flagSet) (string, error) {
	k := g.apiKeyModel(f.get("api-key"))
	if k == nil {
		return "", fmt.Errorf("NotFoundException: Invalid API Key identifier specified")
	}
	return toJSON(g.apiKeyJSON(k, f.get("include-value") == "true")), nil
}

func (g *Gateway) deleteAPIKey(f flagSet) (string, error) {
	k := g.apiKeyModel(f.get("api-key"))
	if k == nil {
		return "", fmt.Errorf("NotFoundException: Invalid API Key identifier specified")
	}
	g.ws.APIKeys = slices.DeleteFunc(g.ws.APIKeys, func(x *model.APIKey) bool { return x == k })
	return "", g.compileKeys(g.ws)
}

// createUsagePlan: --name, --description, --api-stages (JSON [{"apiId":…,"stage":…}] or
// apiId=…,stage=…), --throttle (JSON or burstLimit=…,rateLimit=…), --quota (limit=…,period=…).
func (g *Gateway) createUsagePlan(f flagSet) (string, error) {
	name := f.get("name")
	if name == "" {
		return "", fmt.Errorf("BadRequestException: Invalid usage plan name specified: a name is required")
	}
	for _, p := range g.ws.UsagePlans {
		if p.Name == name {
			return "", fmt.Errorf("ConflictException: a usage plan named %s already exists (apigwlab refers to plans by name: choose another)", name)
		}
	}
	p := &model.UsagePlan{Name: name, Description: f.get("description")}
	if v := f.get("throttle"); v != "" {
		m, err := numberMap(v, "--throttle")
		if err != nil {
			return "", err
		}
		p.Throttle = &model.ThrottleSettings{RateLimit: m["rateLimit"], BurstLimit: int(m["burstLimit"])}
	}
	if v := f.get("quota"); v != "" {
		m, err := numberMap(v, "--quota")
		if err != nil {
			return "", err
		}
		period := "DAY"
		for _, kv := range strings.Split(strings.Trim(v, "{}"), ",") {
			if k, val, _ := strings.Cut(kv, "="); k == "period" {
				period = val
			}
		}
		var raw struct{ Period string }
		if json.Unmarshal([]byte(v), &raw) == nil && raw.Period != "" {
			period = raw.Period
		}
		p.Quota = &model.QuotaSettings{Limit: int(m["limit"]), Offset: int(m["offset"]), Period: period}
	}
	for _, v := range f["api-stages"] {
		var stages []struct{ APIID, Stage string }
		if strings.HasPrefix(strings.TrimSpace(v), "[") {
			var raw []map[string]any
			if err := json.Unmarshal([]byte(v), &raw); err != nil {
				return "", fmt.Errorf("--api-stages: %v", err)
			}
			for _, r := range raw {
				stages = append(stages, struct{ APIID, Stage string }{fmt.Sprint(r["apiId"]), fmt.Sprint(r["stage"])})
			}
		} else {
			var s struct{ APIID, Stage string }
			for _, kv := range strings.Split(v, ",") {
				k, val, _ := strings.Cut(kv, "=")
				switch k {
				case "apiId":
					s.APIID = val
				case "stage":
					s.Stage = val
				}
			}
			stages = append(stages, s)
		}
		for _, s := range stages {
			api := g.byKey[s.APIID]
			if api == nil {
				return "", fmt.Errorf("NotFoundException: Invalid API identifier specified %s:%s", g.accountID(), s.APIID)
			}
			if api.stages[s.Stage] == nil {
				return "", fmt.Errorf("NotFoundException: Invalid stage identifier specified")
			}
			p.APIStages = append(p.APIStages, &model.APIStage{API: api.name, Stage: s.Stage})
		}
	}
	g.ws.UsagePlans = append(g.ws.UsagePlans, p)
	if err := g.compileKeys(g.ws); err != nil {
		g.ws.UsagePlans = g.ws.UsagePlans[:len(g.ws.UsagePlans)-1]
		return "", fmt.Errorf("BadRequestException: %v", err)
	}
	return g.usagePlanJSON(p), nil
}

// numberMap reads {"a": 1} or a=1,b=2.
func numberMap(v, flag string) (map[string]float64, error) {
	out := map[string]float64{}
	if strings.HasPrefix(strings.TrimSpace(v), "{") && strings.Contains(v, `"`) {
		var raw map[string]any
		if err := json.Unmarshal([]byte(v), &raw); err != nil {
			return nil, fmt.Errorf("%s: %v", flag, err)
		}
		for k, x := range raw {
			if n, ok := x.(float64); ok {
				out[k] = n
			}
		}
		return out, nil
	}
	for _, kv := range strings.Split(strings.Trim(v, "{}"), ",") {
		k, val, _ := strings.Cut(kv, "=")
		if n, err := strconv.ParseFloat(val, 64); err == nil {
			out[k] = n
		}
	}
	return out, nil
}

func (g *Gateway) getUsagePlans(f flagSet) (string, error) {
	var all []map[string]any
	for _, p := range g.ws.UsagePlans {
		var m map[string]any
		if err := json.Unmarshal([]byte(g.usagePlanJSON(p)), &m); err != nil {
			return "", err
		}
		all = append(all, m)
	}
	return pageJSON(f, all)
}

func (g *Gateway) getUsagePlan(f flagSet) (string, error) {
	p, err := g.usagePlanFor(f)
	if err != nil {
		return "", err
	}
	return g.usagePlanJSON(p), nil
}

func (g *Gateway) deleteUsagePlan(f flagSet) (string, error) {
	p, err := g.usagePlanFor(f)
	if err != nil {
		return "", err
	}
	g.ws.UsagePlans = slices.DeleteFunc(g.ws.UsagePlans, func(x *model.UsagePlan) bool { return x == p })
	for _, k := range g.ws.APIKeys {
		k.UsagePlans = slices.DeleteFunc(slices.Clone(k.UsagePlans), func(n string) bool { return n == p.Name || n == p.ID })
	}
	return "", g.compileKeys(g.ws)
}

// getUsagePlanKeys lists the keys of a plan: {items: [{id, type: API_KEY, name, value}]}.
func (g *Gateway) getUsagePlanKeys(f flagSet) (string, error) {
	p, err := g.usagePlanFor(f)
	if err != nil {
		return "", err
	}
	var all []map[string]any
	for _, k := range g.ws.APIKeys {
		if slices.Contains(k.UsagePlans, p.Name) || (p.ID != "" && slices.Contains(k.UsagePlans, p.ID)) {
			all = append(all, map[string]any{"id": g.keyID(k), "type": "API_KEY", "name": k.Name, "value": k.Value})
		}
	}
	return pageJSON(f, all)
}
