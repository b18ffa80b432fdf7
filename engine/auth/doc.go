// Package auth is the decision logic of API Gateway Lambda authorizers for REST APIs
// (TOKEN and REQUEST), the IAM-style evaluation of the policy an authorizer returns, and the
// authorizer result cache, all in injected time. It invokes nothing: the engine runs the
// simulated authorizer function itself and hands this package the function's output or error.
//
// The flow the engine drives, in AWS's order:
//
//	a.Validate()                         once, when the workspace is compiled
//	id, ok, why := a.Identity(req)       !ok → UnauthorizedOutcome(): 401, function not invoked
//	arn := MethodArn(region, account, apiID, stage, verb, path)
//	r, hit := cache.Get(Key{scope, a.Name, id}, now)      only when a.Caching()
//	  miss: invoke the function with TokenEvent / RequestEvent
//	        function error → ErrorOutcome(errorMessage)
//	        r, err := ParseOutput(value); err → ConfigurationErrorOutcome()
//	        cache.Put(key, r, a.ResultTTL, now)
//	d := r.Authorize(arn)                allowed, or 403 with AWS's body
//	$context.authorizer.* ← r.ContextValues(); proxy requestContext.authorizer ← r.AppendProxyAuthorizer
//
// Every rule is stated next to the code that implements it, with its source. Sources, in order
// of strength:
//   - real-AWS captures (LocalStack snapshot tests, recorded against AWS; captures people
//     posted in issues after trying AWS);
//   - the AWS API reference (Authorizer: identitySource, identityValidationExpression,
//     authorizerResultTtlInSeconds) and the developer guide (api-gateway-lambda-authorizer-
//     input.md, -output.md, configure-api-gateway-lambda-authorization-with-console.md,
//     IAM reference_policies_elements_resource.md);
//   - emulators (serverless-offline createAuthScheme.js / authMatchPolicyResource.ts /
//     authValidateContext.js, aws-sam-cli lambda_authorizer.py), which are weaker evidence and
//     are cited only where they agree with, or were corrected against, AWS.
//
// Where the evidence is thin the comment says so; /work/shared/reference/aws-facts.md §5 is
// the project's summary.
package auth
