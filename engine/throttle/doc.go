// Package throttle is API Gateway's request throttling and usage-plan quotas:
// token buckets at each level AWS applies, per-key quota counters, and a
// GetUsage-style report. Time always comes from the caller, never from the
// wall clock, so replays in virtual time are deterministic.
//
// The AWS rules implemented, and where they come from:
//
//   - Token bucket, one token per request, capacity = burstLimit, refilled at
//     rateLimit tokens per second; the account default is 10,000 rps with
//     burst 5,000, shared by every API of the account in the Region
//     (developer guide, "Throttle requests to your REST APIs for better
//     throughput", doc_source/api-gateway-request-throttling.md). Its worked
//     example — 5,000 requests in the first millisecond, 5,000 more at the
//     101st: 6,000 served — is what a bucket that starts full and refills
//     continuously gives.
//   - Order: usage plan per-client per-method limits, usage plan per-client
//     limits, stage per-method limits (methodSettings, with "*/*" as the
//     default per method), account limits (same page, "How throttling limit
//     settings are applied"). A higher level's limit cannot lift a lower one:
//     "The default method throttling limits are bounded by the account-level
//     rate limits", which evaluating every level gives for free.
//   - Usage plan throttles and quotas are per API key and "aggregated across
//     all API stages within a usage plan" (doc_source/api-gateway-api-usage-plans.md).
//   - A refusal is 429: THROTTLED {"message":"Too Many Requests"} for a bucket,
//     QUOTA_EXCEEDED {"message":"Limit Exceeded"} for a quota (repost.aws
//     knowledge-center/api-gateway-429-limit, whose execution-log samples read
//     "Key throttle limit exceeded for Usage Plan ID …, Limit: 5.00 Burst: 10"
//     and "Key quota exhausted for Usage Plan ID … Limit: 500 Period: DAY").
//   - Quotas: limit requests per DAY, WEEK or MONTH, with offset = the day the
//     period starts (see Quota for the two documented meanings).
//   - Usage: GetUsage's [used, remaining] per key per day (see Usage).
//
// Choices where AWS is silent (each documented at its code): the quota is
// checked before the buckets; a refused request consumes nothing at any level;
// burst 0 refuses everything whatever the rate; "*/*" gives each method its
// own bucket; SetLimits keeps tokens and caps them at the new burst.
package throttle
