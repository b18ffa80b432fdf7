// A Lambda proxy handler: reads a query parameter and the authorizer's context, counts
// invocations of this warm environment (module state survives between invocations).
let calls = 0;

export const handler = async (event, context) => {
  calls++;
  const name = event.queryStringParameters?.name ?? "world";
  console.log(`hello ${name} (call ${calls} of this environment)`);
  return {
    statusCode: 200,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      message: `hello ${name}`,
      principal: event.requestContext?.authorizer?.principalId ?? null,
      requestId: context.awsRequestId,
      calls,
    }),
  };
};
