package engine

import (
	"fmt"
	"slices"
	"strconv"

	"apigwlab/engine/model"
)

// flushStageAuthorizersCache is FlushStageAuthorizersCache:
// flush-stage-authorizers-cache --rest-api-id A --stage-name S drops every cached
// authorizer result of the stage, so the next request of each identity calls the
// authorizer again.
func (g *Gateway) flushStageAuthorizersCache(f flagSet) (string, error) {
	api, st, err := g.apiStage(f)
	if err != nil {
		return "", err
	}
	g.authCache.FlushScope(api.id + "/" + st.name)
	return "", nil
}

// authorizerPatchPaths are the UpdateAuthorizer patch paths apigwlab applies (op replace).
var authorizerPatchPaths = []string{"/authorizerResultTtlInSeconds", "/authorizerUri", "/identitySource", "/identityValidationExpression"}

// updateAuthorizer is UpdateAuthorizer:
// update-authorizer --rest-api-id A --authorizer-id ID --patch-operations op=replace,path=/authorizerResultTtlInSeconds,value=0
//
// As on AWS, the change is made to the API, not to what stages run: a stage keeps the
// authorizer of its deployment until the next create-deployment (methods of a deployment
// hold the authorizer they were compiled with).
func (g *Gateway) updateAuthorizer(f flagSet) (string, error) {
	api, err := g.apiFor(f)
	if err != nil {
		return "", err
	}
	id := f.get("authorizer-id")
	if id == "" {
		return "", fmt.Errorf("--authorizer-id is required (the authorizer's name or id)")
	}
	i := slices.IndexFunc(api.model.Authorizers, func(a *model.Authorizer) bool { return a != nil && (a.Name == id || a.ID == id) })
	if i < 0 {
		return "", fmt.Errorf("NotFoundException: Invalid Authorizer identifier specified %s:%s", g.accountID(), id)
	}
	ops, err := parsePatchOps(f["patch-operations"])
	if err != nil {
		return "", err
	}
	cp := *api.model.Authorizers[i]
	for _, op := range ops {
		if op.Op != "replace" || !slices.Contains(authorizerPatchPaths, op.Path) {
			return "", fmt.Errorf("BadRequestException: Invalid patch path '%s' specified for op '%s'. apigwlab applies op replace to %v", op.Path, op.Op, authorizerPatchPaths)
		}
		switch op.Path {
		case "/authorizerResultTtlInSeconds":
			n, err := strconv.Atoi(op.Value)
			if err != nil || n < 0 || n > 3600 {
				return "", fmt.Errorf("BadRequestException: authorizerResultTtlInSeconds must be a whole number from 0 to 3600, got %q", op.Value)
			}
			cp.AuthorizerResultTTLInSeconds = &n
		case "/authorizerUri":
			cp.AuthorizerURI = op.Value
		case "/identitySource":
			cp.IdentitySource = op.Value
		case "/identityValidationExpression":
			cp.IdentityValidationExpression = op.Value
		}
	}
	az, err := compileAuthorizer(&cp)
	if err != nil {
		return "", fmt.Errorf("BadRequestException: %w", err)
	}
	if cp.Type == "COGNITO_USER_POOLS" {
		if err := g.bindPool(az, &cp); err != nil {
			return "", fmt.Errorf("BadRequestException: %w", err)
		}
	}
	api.model.Authorizers[i] = &cp
	api.addAuthorizer(&cp, az)
	api.changed() // the stages' deployments now differ from the API
	out := map[string]any{"id": cp.ID, "name": cp.Name, "type": cp.Type, "authorizerResultTtlInSeconds": int(az.cfg.ResultTTL.Seconds())}
	if cp.ID == "" {
		out["id"] = cp.Name
	}
	for k, v := range map[string]string{"authorizerUri": cp.AuthorizerURI, "identitySource": cp.IdentitySource, "identityValidationExpression": cp.IdentityValidationExpression} {
		if v != "" {
			out[k] = v
		}
	}
	if len(cp.ProviderARNs) > 0 {
		out["providerARNs"] = cp.ProviderARNs
	}
	return toJSON(out), nil
}
