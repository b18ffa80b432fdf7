package server

import (
	"encoding/json"
	"net/http"
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
	route, flags, ok := s.cpMatch(w, r, start, lambdaRoutes, "Lambda")
	if !ok || !s.cpBody(w, r, start, body, flags, kebab) {
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

// lambdaError writes Lambda's error shape: {"Type": "User", "Message": …} with
// x-amzn-ErrorType (botocore reads the code from the header and Message from the body;
// LocalStack's lambda snapshots recorded against AWS show Type "User" for these errors).
func (s *Server) lambdaError(w http.ResponseWriter, r *http.Request, start time.Time, status int, typ, msg string) {
	b, _ := json.Marshal(map[string]string{"Type": "User", "Message": msg})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-amzn-ErrorType", typ)
	w.Header().Set("x-amzn-RequestId", requestID())
	w.WriteHeader(status)
	_, _ = w.Write(b)
	s.logLine(r, start, status, "", 0, "", "(lambda control plane: "+typ+")")
}
