package engine

import (
	"encoding/json"
	"fmt"
	"maps"
	"strings"
)

// tag-resource, untag-resource and get-tags (TagResource, UntagResource, GetTags): tags of
// a REST API (arn:aws:apigateway:REGION::/restapis/ID) or of one of its stages
// (…/restapis/ID/stages/NAME), the ARNs API Gateway gives them. They are kept in the
// workspace (tags: on the API and the stage) and take effect at once; nothing in the
// gateway depends on them.

// tagsArg resolves --resource-arn to the tag map it names (created on demand when make).
func (g *Gateway) tagsArg(f flagSet) (*map[string]string, error) {
	arn := f.get("resource-arn")
	prefix := "arn:aws:apigateway:" + g.region() + "::/restapis/"
	rest, ok := strings.CutPrefix(arn, prefix)
	if !ok {
		// apigwlab's wording: which ARNs it tags
		return nil, fmt.Errorf("BadRequestException: Invalid resource ARN %s: apigwlab tags REST APIs (%sID) and stages (%sID/stages/NAME)", arn, prefix, prefix)
	}
	id, stage, hasStage := strings.Cut(rest, "/stages/")
	api := g.byKey[id]
	if api == nil || strings.Contains(id, "/") {
		return nil, fmt.Errorf("NotFoundException: Invalid API identifier specified %s:%s", g.accountID(), id)
	}
	if !hasStage {
		return &api.model.Tags, nil
	}
	s := api.stageModel(stage)
	if s == nil || api.stages[stage] == nil {
		return nil, fmt.Errorf("NotFoundException: Invalid Stage identifier specified")
	}
	return &s.Tags, nil
}

// tagResource adds or replaces tags: --tags k=v,k2=v2 or JSON. AWS answers 204.
func (g *Gateway) tagResource(f flagSet) (string, error) {
	tags, err := g.tagsArg(f)
	if err != nil {
		return "", err
	}
	add, err := stringMapArg(f, "tags")
	if err != nil {
		return "", err
	}
	if len(add) == 0 {
		return "", fmt.Errorf("BadRequestException: tag-resource needs --tags key=value,…")
	}
	if err := checkTags(add); err != nil {
		return "", err
	}
	if *tags == nil {
		*tags = map[string]string{}
	}
	maps.Copy(*tags, add)
	return "", nil
}

// checkTags refuses what TagResource's input validation refuses: a key of more than 128
// characters or starting with aws:, a value of more than 256 (botocore's TagResourceRequest
// documentation). apigwlab's wording.
func checkTags(tags map[string]string) error {
	for k, v := range tags {
		switch {
		case k == "" || len(k) > 128:
			return fmt.Errorf("BadRequestException: tag key %q: 1 to 128 characters", k)
		case strings.HasPrefix(strings.ToLower(k), "aws:"):
			return fmt.Errorf("BadRequestException: tag key %q: keys starting with aws: are reserved", k)
		case len(v) > 256:
			return fmt.Errorf("BadRequestException: tag %s: a value has at most 256 characters", k)
		}
	}
	return nil
}

// untagResource removes tags by key: --tag-keys k k2 (AWS answers 204).
func (g *Gateway) untagResource(f flagSet) (string, error) {
	tags, err := g.tagsArg(f)
	if err != nil {
		return "", err
	}
	for _, v := range f["tag-keys"] {
		keys := []string{v}
		if strings.HasPrefix(strings.TrimSpace(v), "[") {
			keys = nil
			if err := json.Unmarshal([]byte(v), &keys); err != nil {
				return "", fmt.Errorf("--tag-keys: %v", err)
			}
		}
		for _, k := range keys {
			delete(*tags, k)
		}
	}
	return "", nil
}

// getTags answers {"tags": {…}}.
func (g *Gateway) getTags(f flagSet) (string, error) {
	tags, err := g.tagsArg(f)
	if err != nil {
		return "", err
	}
	out := map[string]string{}
	maps.Copy(out, *tags)
	return toJSON(map[string]any{"tags": out}), nil
}

// tagsFlag reads --tags of create-rest-api and create-stage.
func tagsFlag(f flagSet) (map[string]string, error) {
	t, err := stringMapArg(f, "tags")
	if err != nil {
		return nil, err
	}
	return t, checkTags(t)
}
