package engine

import (
	"fmt"
	"strconv"

	"apigwlab/engine/gwresponse"
	"apigwlab/engine/model"
	"apigwlab/engine/throttle"
)

// apiKey is an API key as deployed, with the usage plan it belongs to on each API stage.
type apiKey struct {
	id, name, value string
	enabled         bool
	plans           map[planStage]*throttle.PlanLimits
	planNames       []string // usage plans as the workspace names them
}

type planStage struct{ apiID, stage string }

// compileKeys builds API keys and their usage plans' limits per API stage.
func (g *Gateway) compileKeys(ws *model.Workspace) error {
	plans := map[string][]*model.APIStage{}
	limits := map[string]map[planStage]*throttle.PlanLimits{}
	for _, p := range ws.UsagePlans {
		byStage := map[planStage]*throttle.PlanLimits{}
		for _, as := range p.APIStages {
			api := g.byKey[as.API]
			if api == nil {
				return fmt.Errorf("usage plan %s: no REST API %q", p.Name, as.API)
			}
			pl := &throttle.PlanLimits{ID: planID(p), Name: p.Name}
			if t := p.Throttle; t != nil {
				pl.Throttle = &throttle.Limits{Rate: t.RateLimit, Burst: t.BurstLimit}
			}
			if q := p.Quota; q != nil {
				pl.Quota = &throttle.Quota{Limit: q.Limit, Offset: q.Offset, Period: throttle.Period(q.Period)}
			}
			if len(as.Throttle) > 0 {
				raw := map[string]throttle.Limits{}
				for k, t := range as.Throttle {
					raw[k] = throttle.Limits{Rate: t.RateLimit, Burst: t.BurstLimit}
				}
				m, err := throttle.ParseMethodLimits(raw)
				if err != nil {
					return fmt.Errorf("usage plan %s: %w", p.Name, err)
				}
				pl.Methods = m
			}
			byStage[planStage{api.id, as.Stage}] = pl
		}
		plans[p.Name] = p.APIStages
		limits[p.Name] = byStage
		if p.ID != "" {
			limits[p.ID] = byStage
		}
	}
	g.keys = map[string]*apiKey{}
	for _, k := range ws.APIKeys {
		key := &apiKey{id: k.ID, name: k.Name, value: k.Value, enabled: k.Enabled == nil || *k.Enabled,
			plans: map[planStage]*throttle.PlanLimits{}, planNames: k.UsagePlans}
		if key.id == "" {
			key.id = shortID("apikey:"+k.Name, 10)
		}
		for _, pn := range k.UsagePlans {
			for ps, pl := range limits[pn] {
				key.plans[ps] = pl
			}
		}
		g.keys[k.Value] = key
	}
	return nil
}

func planID(p *model.UsagePlan) string {
	if p.ID != "" {
		return p.ID
	}
	return shortID("usageplan:"+p.Name, 6)
}

// stageThrottle reads a stage's methodSettings throttles; a setting that gives only one of
// rate and burst keeps AWS's default for the other (10000 rps, 5000 burst).
func stageThrottle(s *model.Stage) (throttle.MethodLimits, error) {
	raw := map[string]throttle.Limits{}
	for k, ms := range s.MethodSettings {
		if ms == nil || (ms.ThrottlingRateLimit == nil && ms.ThrottlingBurstLimit == nil) {
			continue
		}
		l := throttle.DefaultAccountLimits
		if ms.ThrottlingRateLimit != nil {
			l.Rate = *ms.ThrottlingRateLimit
		}
		if ms.ThrottlingBurstLimit != nil {
			l.Burst = *ms.ThrottlingBurstLimit
		}
		raw[k] = l
	}
	if len(raw) == 0 {
		return nil, nil
	}
	return throttle.ParseMethodLimits(raw)
}

// apiKeyStep enforces apiKeyRequired: the key comes from the x-api-key header (apiKeySource
// HEADER) or from a Lambda authorizer's usageIdentifierKey (AUTHORIZER). A missing,
// unknown or disabled key, or one in no usage plan of this API stage, is 403
// {"message":"Forbidden"} (aws-facts.md §4.1).
func apiKeyStep(c *call) *gwresponse.Error {
	hop := c.trace.Hop("api key", "", c.elapsed, 0)
	value, ok := "", false
	if c.api.apiKeySource == "AUTHORIZER" {
		value, ok = c.authorizerKey, c.authorizerKey != ""
	} else {
		value, ok = c.req.Header.Get("x-api-key")
	}
	forbid := func(reason string) *gwresponse.Error {
		if hop != nil {
			hop.Decide("answered 403").Fact("reason", reason)
		}
		return gwresponse.ErrForbiddenKey
	}
	if !ok || value == "" {
		if c.api.apiKeySource == "AUTHORIZER" {
			return forbid("the method requires an API key and apiKeySource is AUTHORIZER: the authorizer returned no usageIdentifierKey")
		}
		return forbid("the method requires an API key: send it in the x-api-key header")
	}
	key := c.g.keys[value]
	switch {
	case key == nil:
		return forbid("no API key has this value")
	case !key.enabled:
		return forbid("API key " + key.name + " is disabled")
	}
	plan := key.plans[planStage{c.api.id, c.stage.name}]
	if plan == nil {
		return forbid("API key " + key.name + " is in no usage plan for " + c.api.name + "/" + c.stage.name)
	}
	c.key, c.plan = key, plan
	c.ctx.APIKey, c.ctx.APIKeyID = key.value, key.id
	if hop != nil {
		hop.Decide("pass").Fact("key", key.name+" ("+key.id+")").Fact("usagePlan", plan.Name)
	}
	return nil
}

func requiresKey(m *method) bool { return m.model.APIKeyRequired }

// throttleStep applies the usage plan's quota and throttles, the stage's method
// throttles and the account throttle, in AWS's order (engine/throttle).
func throttleStep(c *call) *gwresponse.Error {
	r := throttle.Request{API: c.api.id, Stage: c.stage.name, Resource: c.m.resource, Method: c.req.Method,
		StageLimits: c.stage.throttle}
	if c.m.httpMethod != "ANY" {
		r.Method = c.m.httpMethod
	}
	if c.key != nil {
		r.Key, r.KeyName, r.Plan = c.key.id, c.key.name, c.plan
	}
	d := c.g.throttler.Check(&r, c.at())
	if d.OK {
		if c.trace != nil {
			h := c.trace.Hop("throttle", "pass", c.elapsed, 0)
			h.Fact("closest", d.String())
			if d.QuotaLimit > 0 {
				h.Fact("quota", strconv.Itoa(d.QuotaUsed)+" of "+strconv.Itoa(d.QuotaLimit)+" this "+string(d.QuotaPeriod))
			}
		}
		return nil
	}
	if c.trace != nil {
		h := c.trace.Hop("throttle", "answered 429", c.elapsed, 0)
		h.Fact("level", d.Level).Fact("refused by", d.String())
		switch {
		case d.Level == throttle.LevelQuota:
			c.trace.Logf(c.at(), "Key quota exhausted for Usage Plan ID %s, Limit: %d Period: %s", c.plan.ID, d.QuotaLimit, d.QuotaPeriod)
		case d.Level == throttle.LevelPlan || d.Level == throttle.LevelPlanMethod:
			c.trace.Logf(c.at(), "Key throttle limit exceeded for Usage Plan ID %s, Limit: %.2f Burst: %d", c.plan.ID, d.Limits.Rate, d.Limits.Burst)
		}
	}
	if d.Level == throttle.LevelQuota {
		return gwresponse.ErrQuotaExceeded
	}
	return gwresponse.ErrThrottled
}
