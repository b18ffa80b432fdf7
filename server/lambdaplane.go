package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"apigwlab/engine"
	"apigwlab/engine/iam"
)

// Lambda's control plane (botocore's lambda 2015-03-31 model) on serve's port, so that
//
//	aws lambda --endpoint-url http://127.0.0.1:3000 remove-permission --function-name f --statement-id apigw
//
// changes the functions the gateway calls. Each operation runs the palette verb of the same
// name (engine/control_lambda.go, engine/permissions.go), as the API Gateway control plane
// does (controlplane.go).
//
// Lambda's paths all start with /2015-03-31/ (its API version). A request is Lambda's when
// it is signed for the lambda service (Credential=…/REGION/lambda/aws4_request, as the aws
// CLI and SDKs sign it), or, unsigned, when its first path segment is 2015-03-31 and that is
// not a stage of the served API (a stage may be named so: then sign the call, or rename the
// stage).

// lambdaVersion is the first path segment of every Lambda operation.
const lambdaVersion = "2015-03-31"

var lambdaRoutes = buildRoutes([]struct{ method, path, verb string }{
	{"POST", "/2015-03-31/functions/{function-name}/policy", "add-permission"},
	{"GET", "/2015-03-31/functions/{function-name}/policy", "get-policy"},
	{"DELETE", "/2015-03-31/functions/{function-name}/policy/{statement-id}", "remove-permission"},
	{"GET", "/2015-03-31/functions", "list-functions"},
	{"GET", "/2015-03-31/functions/{function-name}", "get-function"},
	{"GET", "/2015-03-31/functions/{function-name}/configuration", "get-function-configuration"},
	{"PUT", "/2015-03-31/functions/{function-name}/configuration", "update-function-configuration"},
	{"POST", "/2015-03-31/functions/{function-name}/versions", "publish-version"},
	{"GET", "/2015-03-31/functions/{function-name}/versions", "list-versions-by-function"},
	{"GET", "/2015-03-31/functions/{function-name}/aliases", "list-aliases"},
	{"GET", "/2015-03-31/functions/{function-name}/aliases/{name}", "get-alias"},
	{"PUT", "/2015-03-31/functions/{function-name}/aliases/{name}", "update-alias"},
	{"POST", "/2015-03-31/functions/{function-name}/invocations", "invoke"},
})

// lambdaStatus: success statuses from botocore's lambda model (http.responseCode).
var lambdaStatus = map[string]int{"add-permission": 201, "remove-permission": 204, "publish-version": 201}

// lambdaErrorStatus: the HTTP status of each Lambda exception (botocore's lambda model,
// error.httpStatusCode).
var lambdaErrorStatus = map[string]int{"ResourceNotFoundException": 404, "ResourceConflictException": 409,
	"InvalidParameterValueException": 400, "ValidationException": 400, "PreconditionFailedException": 412,
	"TooManyRequestsException": 429, "ServiceException": 500}

// isLambdaPlane tells a Lambda control-plane request (see above).
func isLambdaPlane(r *http.Request, stages func(string) bool) bool {
	if scope := sigV4Service(r.Header.Get("Authorization")); scope != "" {
		return scope == "lambda"
	}
	first, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	return first == lambdaVersion && !stages(first)
}

// serveLambdaPlane answers one Lambda control-plane request.
func (s *Server) serveLambdaPlane(w http.ResponseWriter, r *http.Request, gw *engine.Gateway, body []byte) {
	start := s.opts.Now()
	sr := &iam.Request{Method: r.Method, Path: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery, Host: r.Host,
		Header: headersOf(r, nil), Body: string(body)}
	if f := gw.CheckSignature(sr, "lambda", time.Now()); f != nil {
		s.lambdaError(w, r, start, http.StatusForbidden, f.ErrorType(), f.Message)
		return
	}
	route, flags, ok := s.cpMatchOr(w, r, start, lambdaRoutes, "Lambda", s.lambdaFail(body))
	if !ok {
		return
	}
	if route.verb == "invoke" {
		s.lambdaInvoke(w, r, start, gw, flags, body)
		return
	}
	if !s.cpBodyOr(w, r, start, body, flags, kebab, s.lambdaFail(body)) {
		return
	}
	out, err := gw.Run(route.verb, flags)
	if err != nil {
		msg := err.Error()
		typ := "InvalidParameterValueException"
		if t, rest, ok := strings.Cut(msg, ": "); ok && strings.HasSuffix(t, "Exception") && !strings.Contains(t, " ") {
			typ, msg = t, rest
		}
		status := lambdaErrorStatus[typ]
		if status == 0 {
			status = http.StatusBadRequest
		}
		s.lambdaError(w, r, start, status, typ, msg)
		return
	}
	status := lambdaStatus[route.verb]
	if status == 0 {
		status = http.StatusOK
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-amzn-RequestId", requestID())
	w.WriteHeader(status)
	if status != http.StatusNoContent {
		_, _ = w.Write([]byte(out))
	}
	s.logLine(r, start, status, "", 0, "", "(lambda control plane: "+route.verb+")")
}

// lambdaFail answers what the shared control-plane code refuses in Lambda's words: an
// operation apigwlab does not know is UnknownOperationException (404; apigwlab's text, AWS's
// unconfirmed), a body that is not JSON InvalidRequestContentException with Jackson's detail,
// as Lambda's parser words it.
func (s *Server) lambdaFail(body []byte) cpFailer {
	return func(w http.ResponseWriter, r *http.Request, start time.Time, status int, typ, msg string) {
		switch typ {
		case "NotFoundException":
			typ = "UnknownOperationException"
		case "SerializationException":
			p := engine.JacksonProblem(body)
			if p == "" {
				p = "the body is JSON but not an object" // apigwlab's words
			}
			typ, msg = "InvalidRequestContentException", "Could not parse request body into json: "+p
		}
		s.lambdaError(w, r, start, status, typ, msg)
	}
}

// lambdaMessageLower lists the exceptions whose message member botocore's lambda model
// spells "message"; the others (ResourceNotFoundException, ServiceException, …) spell it
// "Message". LocalStack's snapshots recorded against AWS (test_lambda_api, test_lambda,
// 2025-11) show the body keeps the model's casing: ResourceNotFoundException
// {"Message","Type"}, ResourceConflictException, InvalidParameterValueException,
// InvalidRequestContentException and PreconditionFailedException {"Type","message"},
// TooManyRequestsException {"Reason","Type","message"}. ValidationException,
// RequestEntityTooLargeException and UnknownOperationException are not in the model; their
// "message" is unconfirmed (docs/fidelity.md).
var lambdaMessageLower = map[string]bool{"InvalidParameterValueException": true, "InvalidRequestContentException": true,
	"ResourceConflictException": true, "PreconditionFailedException": true, "TooManyRequestsException": true,
	"RequestTooLargeException": true, "UnsupportedMediaTypeException": true, "PolicyLengthExceededException": true,
	"ProvisionedConcurrencyConfigNotFoundException": true, "ResourceNotReadyException": true,
	"SerializedRequestEntityTooLargeException": true, "CodeStorageExceededException": true, "AliasLimitExceededException": true,
	"ValidationException": true, "RequestEntityTooLargeException": true, "UnknownOperationException": true}

// lambdaError writes Lambda's error shape: {"Type": "User", "Message"|"message": …} with
// x-amzn-ErrorType (botocore reads the code from the header).
func (s *Server) lambdaError(w http.ResponseWriter, r *http.Request, start time.Time, status int, typ, msg string) {
	key := "Message"
	if lambdaMessageLower[typ] {
		key = "message"
	}
	b, _ := json.Marshal(map[string]string{"Type": "User", key: msg})
	s.lambdaAnswer(w, r, start, status, typ, b)
}

// lambdaAnswer writes one Lambda error body as it is.
func (s *Server) lambdaAnswer(w http.ResponseWriter, r *http.Request, start time.Time, status int, typ string, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-amzn-ErrorType", typ)
	w.Header().Set("x-amzn-RequestId", requestID())
	w.WriteHeader(status)
	_, _ = w.Write(body)
	s.logLine(r, start, status, "", 0, "", "(lambda control plane: "+typ+")")
}

// lambdaInvoke answers Invoke (engine/lambda_invoke.go has the facts): the payload is the
// body as it is, the invocation and log types are headers. An Event invocation is answered
// 202 before the function runs, as Lambda queues it; the function then runs in this request's
// goroutine, so serve's shutdown waits for it.
func (s *Server) lambdaInvoke(w http.ResponseWriter, r *http.Request, start time.Time, gw *engine.Gateway, flags map[string][]string, body []byte) {
	first := func(k string) string {
		if v := flags[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	p, err := gw.PrepareInvoke(engine.FunctionCall{FunctionName: first("function-name"), Qualifier: first("qualifier"),
		InvocationType: r.Header.Get("X-Amz-Invocation-Type"), LogType: r.Header.Get("X-Amz-Log-Type"), Payload: body})
	if err != nil {
		s.lambdaInvokeError(w, r, start, err)
		return
	}
	h := w.Header()
	if p.Type() == "Event" {
		h.Set("x-amzn-RequestId", p.RequestID())
		h.Set("Content-Length", "0")
		w.WriteHeader(http.StatusAccepted)
		_ = http.NewResponseController(w).Flush()
		a, _ := p.Run()
		s.logLine(r, start, http.StatusAccepted, "", 0, a.RequestID, "(lambda invoke, Event: "+first("function-name")+" ran)")
		return
	}
	a, err := p.Run()
	if err != nil {
		s.lambdaInvokeError(w, r, start, err)
		return
	}
	// As the data plane does: the function's simulated duration passes before it answers.
	if !s.simulatedWait(w, r, start, a.Duration) {
		s.logLine(r, start, a.Status, "", a.Duration, a.RequestID, "(lambda invoke: client went away before the simulated duration)")
		return
	}
	h.Set("x-amzn-RequestId", a.RequestID)
	if a.Status == http.StatusNoContent {
		w.WriteHeader(a.Status)
		s.logLine(r, start, a.Status, "", 0, a.RequestID, "(lambda invoke, DryRun)")
		return
	}
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(a.Payload)))
	h.Set("X-Amz-Executed-Version", a.ExecutedVersion)
	if a.FunctionError != "" {
		h.Set("X-Amz-Function-Error", a.FunctionError)
	}
	if a.LogResult != "" {
		h.Set("X-Amz-Log-Result", a.LogResult)
	}
	w.WriteHeader(a.Status)
	_, _ = w.Write(a.Payload)
	s.logLine(r, start, a.Status, "", a.Duration, a.RequestID, "(lambda invoke: "+first("function-name")+")")
}

// lambdaInvokeError answers a refused Invoke: Lambda's exception, or its exact throttling body.
func (s *Server) lambdaInvokeError(w http.ResponseWriter, r *http.Request, start time.Time, err error) {
	var le *engine.LambdaError
	if !errors.As(err, &le) {
		s.lambdaError(w, r, start, http.StatusInternalServerError, "ServiceException", err.Error())
		return
	}
	if le.Body != nil {
		s.lambdaAnswer(w, r, start, le.Status, le.Type, le.Body)
		return
	}
	s.lambdaError(w, r, start, le.Status, le.Type, le.Message)
}
