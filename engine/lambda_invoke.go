package engine

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"apigwlab/engine/lambda"
)

// Lambda's Invoke (aws lambda invoke; POST /2015-03-31/functions/{FunctionName}/invocations),
// for the palette (the invoke verb) and serve (server/lambdaplane.go). Facts, from botocore's
// lambda 2015-03-31 model and LocalStack's lambda snapshots recorded against AWS
// (tests/aws/services/lambda_/test_lambda.snapshot.json, 2025-11):
//
//   - X-Amz-Invocation-Type RequestResponse (default) answers 200 with the function's
//     payload, X-Amz-Executed-Version, and X-Amz-Function-Error: Unhandled when the function
//     failed (the error document is the payload); Event answers 202 with no payload, the
//     function still runs; DryRun answers 204 after the checks, without running it;
//   - X-Amz-Log-Type: Tail adds X-Amz-Log-Result, the last 4 KB of the execution log
//     (START, the function's lines, END, REPORT), base64-encoded; synchronous calls only;
//   - an unknown function is 404 ResourceNotFoundException "Function not found: ARN:$LATEST"
//     (the qualifier invoked, $LATEST when none was given);
//   - a payload that is not JSON is 400 InvalidRequestContentException "Could not parse
//     request body into json: Could not parse payload into json: <Jackson's words>";
//   - a function whose concurrency is used up is 429 TooManyRequestsException with a Reason;
//   - a payload of 6291456 bytes or more (synchronous), or over 1 MB (Event: the Invoke
//     reference's current asynchronous limit) is 413 RequestEntityTooLargeException "Request
//     must be smaller than N bytes for the InvokeFunction operation" (the synchronous text as
//     measured by Zac Charles; the asynchronous one is unconfirmed).

// Invoke payload limits (Lambda quotas; the Invoke API reference).
const (
	invokeMaxSync  = lambdaMaxRequest
	invokeMaxAsync = 1 << 20
	// logTailBytes is how much of the log X-Amz-Log-Result carries.
	logTailBytes = 4096
)

// FunctionCall is one Invoke.
type FunctionCall struct {
	// FunctionName is a name, name:qualifier, a full ARN or a partial ARN
	// (ACCOUNT:function:NAME), each with an optional :qualifier.
	FunctionName string
	// Qualifier is a version or alias ("" or $LATEST: the unpublished version).
	Qualifier string
	// InvocationType is RequestResponse (also ""), Event or DryRun.
	InvocationType string
	// LogType is None (also "") or Tail.
	LogType string
	// Payload is the event, JSON; empty means {}.
	Payload []byte
}

// FunctionAnswer is Invoke's answer.
type FunctionAnswer struct {
	// Status is 200 (RequestResponse), 202 (Event) or 204 (DryRun).
	Status int
	// Payload is the function's answer or error document; empty for Event and DryRun.
	Payload []byte
	// FunctionError is "" or "Unhandled" (X-Amz-Function-Error).
	FunctionError string
	// LogResult is X-Amz-Log-Result: base64 of the log's last 4 KB; "" unless Tail.
	LogResult string
	// ExecutedVersion is X-Amz-Executed-Version; "" for Event and DryRun.
	ExecutedVersion string
	// RequestID is the invocation's request id (x-amzn-RequestId).
	RequestID string
	// Duration is how long the function ran (simulated or measured), cold start included.
	Duration time.Duration
}

// LambdaError is one of Lambda's API errors: its HTTP status, exception name
// (x-amzn-ErrorType), message and, for throttling, Reason.
type LambdaError struct {
	Status  int
	Type    string
	Message string
	Reason  string
	// Body is the exact body Lambda sends, when it is more than Type and message
	// (throttling); "" otherwise.
	Body []byte
}

func (e *LambdaError) Error() string { return e.Type + ": " + e.Message }

// PreparedInvoke is an Invoke whose checks passed: Run calls the function.
type PreparedInvoke struct {
	g         *Gateway
	call      FunctionCall
	name      string
	qualifier string
	rid       string
}

// PrepareInvoke checks an Invoke as Lambda does before running anything: the invocation and
// log types, the payload's size, the function and qualifier, the payload's JSON. Its error
// is a *LambdaError.
func (g *Gateway) PrepareInvoke(c FunctionCall) (*PreparedInvoke, error) {
	switch c.InvocationType {
	case "":
		c.InvocationType = "RequestResponse"
	case "RequestResponse", "Event", "DryRun":
	default:
		return nil, enumError(c.InvocationType, "invocationType", "[Event, RequestResponse, DryRun]")
	}
	switch c.LogType {
	case "", "None", "Tail":
	default:
		return nil, enumError(c.LogType, "logType", "[None, Tail]")
	}
	limit := invokeMaxSync
	if c.InvocationType == "Event" {
		limit = invokeMaxAsync
	}
	if len(c.Payload) >= limit {
		return nil, &LambdaError{Status: 413, Type: "RequestEntityTooLargeException",
			Message: "Request must be smaller than " + strconv.Itoa(limit) + " bytes for the InvokeFunction operation"}
	}
	name, qual, err := g.functionRef(c.FunctionName, c.Qualifier)
	if err != nil {
		return nil, err
	}
	if !g.lambda.Exists(name, qual) {
		shown := qual
		if shown == "" {
			shown = lambda.Latest
		}
		return nil, &LambdaError{Status: 404, Type: "ResourceNotFoundException", Message: "Function not found: " + g.lambda.ARN(name, shown)}
	}
	if len(c.Payload) == 0 {
		c.Payload = []byte("{}")
	} else if p := lambda.JacksonProblem(c.Payload); p != "" {
		return nil, &LambdaError{Status: 400, Type: "InvalidRequestContentException",
			Message: "Could not parse request body into json: Could not parse payload into json: " + p}
	}
	rid, _, _ := g.ids.next()
	return &PreparedInvoke{g: g, call: c, name: name, qualifier: qual, rid: rid}, nil
}

// enumError is the ValidationException of a value outside a model enum (the form of
// Lambda's other ValidationExceptions; the enum list in the model's order).
func enumError(v, member, set string) *LambdaError {
	return &LambdaError{Status: 400, Type: "ValidationException",
		Message: "1 validation error detected: Value '" + v + "' at '" + member + "' failed to satisfy constraint: Member must satisfy enum value set: " + set}
}

// functionRef reads Invoke's FunctionName (a name, name:qualifier, or an ARN) and Qualifier.
func (g *Gateway) functionRef(ref, qualifier string) (name, qual string, err error) {
	name, arnQual := ref, ""
	if parts := strings.Split(ref, ":"); len(parts) > 1 {
		switch {
		case len(parts) >= 7 && parts[0] == "arn" && parts[5] == "function": // arn:aws:lambda:REGION:ACCOUNT:function:NAME[:Q]
			if region := parts[3]; region != g.region() {
				return "", "", &LambdaError{Status: 404, Type: "ResourceNotFoundException",
					Message: "Functions from '" + region + "' are not reachable in this region ('" + g.region() + "')"}
			}
			name = parts[6]
			if len(parts) > 7 {
				arnQual = parts[7]
			}
		case len(parts) >= 3 && parts[1] == "function": // ACCOUNT:function:NAME[:Q]
			name = parts[2]
			if len(parts) > 3 {
				arnQual = parts[3]
			}
		default: // NAME:Q
			name, arnQual = parts[0], parts[1]
		}
	}
	if qualifier != "" && arnQual != "" && qualifier != arnQual {
		return "", "", &LambdaError{Status: 400, Type: "InvalidParameterValueException",
			Message: "The derived qualifier from the function name does not match the specified qualifier."}
	}
	if qualifier == "" {
		qualifier = arnQual
	}
	return name, qualifier, nil
}

// RequestID is the invocation's request id (x-amzn-RequestId, the log's RequestId).
func (p *PreparedInvoke) RequestID() string { return p.rid }

// Type is the invocation type that will run: RequestResponse, Event or DryRun.
func (p *PreparedInvoke) Type() string { return p.call.InvocationType }

// Run invokes the function (not for DryRun, which answers 204 at once). An Event invocation
// runs and is counted like any other; its answer is 202 whatever the function did, and a
// throttled Event is dropped (Lambda would queue and retry it). A throttled synchronous one is
// a *LambdaError (429).
func (p *PreparedInvoke) Run() (FunctionAnswer, error) {
	g, rid := p.g, p.rid
	ans := FunctionAnswer{RequestID: rid}
	switch p.call.InvocationType {
	case "DryRun":
		ans.Status = 204
		return ans, nil
	}
	start := g.clock.Now()
	payload := p.call.Payload
	res, err := g.lambda.Invoke(&lambda.Invocation{Function: p.name, Qualifier: p.qualifier,
		Event: func() []byte { return payload }, Now: start, RequestID: rid})
	if err != nil {
		var nf *lambda.NotFoundError
		if errors.As(err, &nf) { // the function went away since PrepareInvoke
			return ans, &LambdaError{Status: 404, Type: nf.ErrorType(), Message: nf.Error()}
		}
		return ans, err
	}
	if p.call.InvocationType == "Event" {
		ans.Status = 202
		return ans, nil
	}
	if res.Throttled {
		var doc struct{ Reason, Message string }
		_ = json.Unmarshal(res.Payload, &doc)
		return ans, &LambdaError{Status: 429, Type: "TooManyRequestsException", Message: doc.Message, Reason: doc.Reason, Body: res.Payload}
	}
	ans.Status = 200
	ans.Duration = res.Duration
	ans.Payload = res.Payload
	ans.FunctionError = res.FunctionError
	ans.ExecutedVersion = res.ExecutedVersion
	if p.call.LogType == "Tail" {
		ans.LogResult = base64.StdEncoding.EncodeToString(tail(executionLog(rid, res, g.lambda.Spec(p.name).MemorySize), logTailBytes))
	}
	return ans, nil
}

// executionLog is the invocation's log as Lambda writes it to CloudWatch Logs: START, the
// function's lines, END and REPORT (LocalStack's test_invocation_with_logs snapshot,
// recorded against AWS). apigwlab measures no memory, so REPORT has no "Max Memory Used",
// and a cold start's time is part of Duration (no "Init Duration").
func executionLog(rid string, res lambda.Result, memoryMB int) []byte {
	if memoryMB == 0 {
		memoryMB = 128
	}
	var b strings.Builder
	b.WriteString("START RequestId: " + rid + " Version: " + res.ExecutedVersion + "\n")
	for _, l := range res.Logs {
		b.WriteString(l + "\n")
	}
	b.WriteString("END RequestId: " + rid + "\n")
	ms := float64(res.Duration) / float64(time.Millisecond)
	fmt.Fprintf(&b, "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %d MB\t\n",
		rid, ms, max(1, int64(math.Ceil(ms))), memoryMB)
	return []byte(b.String())
}

// tail is the last n bytes of b.
func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// invokeVerb is the palette's `invoke` (aws lambda invoke): it prints what the aws CLI
// prints (StatusCode, FunctionError, LogResult, ExecutedVersion) and, instead of writing the
// CLI's outfile, the payload as Payload. --payload is raw JSON, as with the CLI's
// --cli-binary-format raw-in-base64-out.
func (g *Gateway) invokeVerb(f flagSet) (string, error) {
	// The aws CLI's outfile comes last, after the last option's value: each option's first
	// value is its own.
	get := func(name string) string {
		if v := f[name]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	name := get("function-name")
	if name == "" {
		return "", fmt.Errorf("invoke needs --function-name; usage: %s", Usage("invoke"))
	}
	p, err := g.PrepareInvoke(FunctionCall{FunctionName: name, Qualifier: get("qualifier"),
		InvocationType: get("invocation-type"), LogType: get("log-type"), Payload: []byte(get("payload"))})
	if err != nil {
		return "", err
	}
	a, err := p.Run()
	if err != nil {
		return "", err
	}
	out := map[string]any{"StatusCode": a.Status}
	if a.FunctionError != "" {
		out["FunctionError"] = a.FunctionError
	}
	if a.LogResult != "" {
		out["LogResult"] = a.LogResult
	}
	if a.ExecutedVersion != "" {
		out["ExecutedVersion"] = a.ExecutedVersion
	}
	if a.Status == 200 {
		out["Payload"] = string(a.Payload)
	}
	return toJSON(out), nil
}

// JacksonProblem is "" for a JSON document, else Lambda's (Jackson's) description of its
// first syntax error (lambda.JacksonProblem).
func JacksonProblem(b []byte) string { return lambda.JacksonProblem(b) }
