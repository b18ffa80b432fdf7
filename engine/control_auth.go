package engine

import (
	"fmt"
	"slices"
	"strconv"
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
	api, i, err := g.authorizerArg(f)
	if err != nil {
		return "", err
	}
	cp := *api.model.Authorizers[i]
	err = patchEach(f, func(op patchOp) error {
		if op.Op != "replace" || !slices.Contains(authorizerPatchPaths, op.Path) {
			return fmt.Errorf("BadRequestException: Invalid patch path '%s' specified for op '%s'. apigwlab applies op replace to %v", op.Path, op.Op, authorizerPatchPaths)
		}
		switch op.Path {
		case "/authorizerResultTtlInSeconds":
			n, err := strconv.Atoi(op.Value)
			if err != nil || n < 0 || n > 3600 {
				return fmt.Errorf("BadRequestException: authorizerResultTtlInSeconds must be a whole number from 0 to 3600, got %q", op.Value)
			}
			cp.AuthorizerResultTTLInSeconds = &n
		case "/authorizerUri":
			cp.AuthorizerURI = op.Value
		case "/identitySource":
			cp.IdentitySource = op.Value
		case "/identityValidationExpression":
			cp.IdentityValidationExpression = op.Value
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	err = g.editDefinition(api, func() (func(), error) {
		old := api.model.Authorizers
		api.model.Authorizers = slices.Clone(old)
		api.model.Authorizers[i] = &cp
		return func() { api.model.Authorizers = old }, nil
	})
	if err != nil {
		return "", err
	}
	return toJSON(authorizerJSON(&cp)), nil
}
