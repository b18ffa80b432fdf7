// Package mapping is API Gateway's mapping-template layer on top of the vtl
// interpreter: it gives templates $input, $util, $context and $stageVariables with the
// behaviour REST APIs show, and reads back the $context.requestOverride and
// $context.responseOverride a template sets.
//
// Use: Compile once when a deployment is built, Render once per request (request
// templates), per integration response (response templates) or per gateway response.
// Selecting a template by Content-Type / Accept and applying passthroughBehavior are
// the engine's job, not this package's.
//
// Behaviour and sources (details beside the code):
//
//   - $input.body: the raw payload; an empty payload prints "{}" (real AWS, LocalStack
//     PR #12413).
//   - $input.json(x) / $input.path(x): Jayway JsonPath over the payload (reference
//     page links Jayway); see jsonpath.go for the dialect. path returns native values —
//     objects are ordered maps, arrays lists, integers int (prints "10"), other
//     numbers float64 (prints "10.5", 1E3 prints "1000.0" as Java's Double does); json
//     returns compact JSON as json-smart writes it. A definite path with no match gives
//     "" from path (AWS's Kinesis tutorial compares $input.path('$.ShardCount') with an
//     empty string)
//     and `""` from json (Velson). The payload is parsed at most once per Render, on
//     first use; an empty payload reads as {} (real captures: "body-json": {} for GETs).
//     A payload that is not JSON makes json/path fail the render with a *BodyError,
//     whose Message is AWS's 400 text "Could not parse request body into json: ...".
//   - $input.params(): {path, querystring, header} in that order; repeated names keep
//     the last value. $input.params(x): path, then query string, then header (header
//     names case-insensitive), else "".
//   - $util: escapeJavaScript (commons-lang rules: ' becomes \', / becomes \/,
//     non-ASCII becomes \uXXXX), parseJson, urlEncode / urlDecode (java.net.URLEncoder /
//     URLDecoder: space is +), base64Encode / base64Decode (UTF-8).
//   - $context: the reference page's variables (aws-facts.md §3.5). Unset identity
//     fields and principalId print "" (real passthrough captures); authorizer context
//     values print stringified; error.messageString is the message as a JSON string;
//     unknown keys are null. API Gateway prints any null as nothing and compares it
//     equal to "" (vtl.Options.EmptyNulls; LS snapshot test_input_path_template_formatting).
//   - $stageVariables.name, ['name'], ${stageVariables.name}; a missing one prints ""
//     (real AWS canary capture).
//   - Overrides: #set($context.requestOverride.header.X = ...) (also querystring, path)
//     and $context.responseOverride.header.X / .status come back in Result; a status
//     counts only when it is an integer from 100 to 599.
//   - Velocity limits: 1,000 #foreach iterations (API Gateway quotas), vtl's defaults
//     otherwise.
//   - JSON arrays (from $input.path, $input.json's tree and $util.parseJson) are
//     json-smart JSONArrays (vtl.NewJSONList): they print as compact JSON ("[1,2]",
//     "[{"a":1}]"), objects as Java maps ("{a=1, b=[2]}"), and offer .count(); lists
//     built in VTL print "[1, 2]" (LocalStack VTLJsonList / VTLJsonDict).
//   - The body is parsed once per render, on first use, into slab-allocated maps and
//     lists (vtl.JSONBuilder); compiled JSONPaths are cached per template.
//
// Known gaps:
//   - Values returned by $input.path share one parsed tree per render: a template that
//     mutates one ($l.add(x)) sees the change in later $input.path / $input.json calls.
//   - JSON numbers with more than 17 significant digits and a fraction are float64
//     (json-smart keeps BigDecimal); integers past 64 bits print exactly but cannot be
//     computed with.
//   - $input.params().header.get('x') is case-sensitive (a plain map); only
//     $input.params('x') ignores header case. AWS's exact rule is not documented.
//   - Printing $context.authorizer.claims gives "" rather than Velocity's null
//     literal; #if($context.identity.apiKey) is true for an unset key (the value is "",
//     which is what AWS prints).
//   - JSONPath functions other than length(), and the filter operators subsetof,
//     anyof, noneof, size and empty, are rejected with an error.
//   - Regular expressions in JSONPath filters use Go's RE2 syntax.
//   - base64Decode is lenient (commons-codec style); AWS's strictness is undocumented.
//
// Not confirmed by a real-AWS capture: `""` for $input.json on a missing path; the
// exact escaping of $input.json's strings (json-smart's default protector is assumed:
// '/' is not escaped, U+2000–U+20FF are); the wording of parse errors after the AWS
// prefix (Jackson-like here); case-insensitive header lookup in $input.params(x).
package mapping
