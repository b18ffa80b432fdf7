// A TOKEN authorizer that allows exactly the method it was called for: its policy's
// Resource is the event's methodArn. With authorizerResultTtlInSeconds above 0, API
// Gateway caches this policy under the token and reuses it for every method the token
// calls next — so a second path is denied (403) until the cache entry expires. That is
// the cached-policy trap; widen the Resource (…/prod/GET/*) to escape it.
exports.handler = async (event) => {
  console.log("authorizing", event.methodArn);
  if (event.authorizationToken === "deny") {
    throw new Error("Unauthorized"); // exactly "Unauthorized": API Gateway answers 401
  }
  return {
    principalId: "user-" + event.authorizationToken,
    policyDocument: {
      Version: "2012-10-17",
      Statement: [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: event.methodArn }],
    },
    context: { token: event.authorizationToken },
  };
};
