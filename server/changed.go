package server

import (
	"bytes"
	"net/http"
	"strings"

	"apigwlab/engine"
)

// planeHandler answers one control plane: API Gateway's (serveControlPlane) or Lambda's
// (serveLambdaPlane).
type planeHandler func(w http.ResponseWriter, r *http.Request, gw *engine.Gateway, body []byte)

// serveNoting answers a control-plane request with serve and, when it may have changed the
// gateway (any method but GET and HEAD, answered 2xx), calls Options.Changed before the answer
// leaves: a client that hears "created" can rely on serve --state having written it. Lambda's
// plane goes through here too: add-permission or update-alias must survive a restart.
func (s *Server) serveNoting(serve planeHandler, w http.ResponseWriter, r *http.Request, gw *engine.Gateway, body []byte) {
	// Invoke changes nothing, and an Event invocation's 202 must leave before the function runs.
	if s.opts.Changed == nil || r.Method == http.MethodGet || r.Method == http.MethodHead || isInvocation(r) {
		serve(w, r, gw, body)
		return
	}
	rec := &heldAnswer{header: w.Header()}
	serve(rec, r, gw, body)
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	if rec.status >= 200 && rec.status < 300 {
		s.opts.Changed(gw)
	}
	w.WriteHeader(rec.status)
	w.Write(rec.body.Bytes())
}

// heldAnswer keeps a control-plane answer (they are small JSON documents) until the change
// is saved; its headers are the real writer's.
type heldAnswer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (h *heldAnswer) Header() http.Header { return h.header }

func (h *heldAnswer) WriteHeader(code int) {
	if h.status == 0 {
		h.status = code
	}
}

func (h *heldAnswer) Write(b []byte) (int, error) {
	if h.status == 0 {
		h.status = http.StatusOK
	}
	return h.body.Write(b)
}

// isInvocation tells Lambda's Invoke (POST /2015-03-31/functions/{FunctionName}/invocations).
func isInvocation(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/invocations")
}
