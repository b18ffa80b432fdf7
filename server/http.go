package server

import (
	"net/http"
	"time"
)

// Timeouts of serve's http.Server, against slow or stuck clients.
const (
	// ReadHeaderTimeout bounds a client that opens a connection and dribbles its headers
	// (slowloris).
	ReadHeaderTimeout = 10 * time.Second
	// ReadTimeout bounds reading a whole request, a 10 MB body included.
	ReadTimeout = 60 * time.Second
	// WriteTimeout runs from the end of the request headers to the end of the response,
	// and the simulated latency is really waited: it must exceed the 29 s integration
	// timeout plus an authorizer and margin. Longer waits extend it per request.
	WriteTimeout = 60 * time.Second
	// IdleTimeout closes keep-alive connections nobody uses.
	IdleTimeout = 120 * time.Second
	// ShutdownTimeout is how long Ctrl+C waits for in-flight requests (a request sleeping
	// for a 29 s timeout can finish) before closing connections.
	ShutdownTimeout = 30 * time.Second
	// MaxHeaderBytes bounds the request line and headers net/http reads. AWS's own limit,
	// 10240 bytes of header values, is applied by the handler (MaxHeaderValueBytes) with
	// AWS's 413; this bound is looser so that it never hides AWS's answer.
	MaxHeaderBytes = 64 << 10
)

// HTTPServer returns the http.Server serve runs h with.
func HTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
	}
}
