package server

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
	"time"
	"unsafe"

	"apigwlab/engine"
)

// DefaultBodyBudget bounds the memory all request bodies being read or answered hold at
// once (Options.BodyBudget). Twelve full 10 MB bodies fit; a client that declares 10 MB
// and sends one byte holds one small buffer, not 10 MB.
const DefaultBodyBudget = 128 << 20

// bodyChunk is the first buffer a body is read into; buffers grow (doubling) only as bytes
// arrive, each growth charged to the budget first.
const bodyChunk = 4 << 10

// budgetWait is how long a body waits for memory other bodies hold before serve answers
// 503: waiting without bound could leave every reader holding part of the budget.
const budgetWait = 5 * time.Second

// errBusy is a body that could not get memory within budgetWait.
var errBusy = errors.New("request bodies in flight use the whole body budget")

// budget is a pool of bytes that bodies reserve before allocating them.
type budget struct {
	mu    sync.Mutex
	free  int64
	total int64
	wake  chan struct{} // closed when bytes are released
	wait  time.Duration // how long acquire waits for releases (budgetWait; tests shorten it)
}

func newBudget(n int64) *budget { return &budget{free: n, total: n, wait: budgetWait} }

// acquire reserves n bytes, waiting for releases until ctx ends or b.wait passes.
func (b *budget) acquire(ctx context.Context, n int64) error {
	var timer *time.Timer
	for {
		b.mu.Lock()
		if b.free >= n {
			b.free -= n
			b.mu.Unlock()
			if timer != nil {
				timer.Stop()
			}
			return nil
		}
		if n > b.total {
			b.mu.Unlock()
			return errBusy
		}
		if b.wake == nil {
			b.wake = make(chan struct{})
		}
		wake := b.wake
		b.mu.Unlock()
		if timer == nil {
			timer = time.NewTimer(b.wait)
		}
		select {
		case <-wake:
		case <-timer.C:
			return errBusy
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		}
	}
}

func (b *budget) release(n int64) {
	if n == 0 {
		return
	}
	b.mu.Lock()
	b.free += n
	if b.wake != nil {
		close(b.wake)
		b.wake = nil
	}
	b.mu.Unlock()
}

// used is the number of bytes bodies hold now.
func (b *budget) used() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.total - b.free
}

// readBody reads at most engine.MaxPayload bytes into a buffer that grows as bytes arrive,
// never from the declared Content-Length alone. It returns the body and the bytes it holds
// of the budget, which the caller releases once the answer is written. A body past the
// limit is errTooLarge and is not read further.
func (s *Server) readBody(r *http.Request) (string, int64, error) {
	if r.Body == nil || r.Body == http.NoBody || r.ContentLength == 0 {
		return "", 0, nil
	}
	limit := int64(engine.MaxPayload) + 1 // one byte more tells a too-large chunked body
	if r.ContentLength > 0 {
		limit = r.ContentLength
	}
	var buf []byte
	var held int64
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) >= limit {
				break
			}
			next := min(max(2*int64(cap(buf)), bodyChunk), limit)
			// Charged the growth only: the old buffer is garbage once copied.
			if err := s.bodies.acquire(r.Context(), next-held); err != nil {
				s.bodies.release(held)
				return "", 0, err
			}
			grown := make([]byte, len(buf), next)
			copy(grown, buf)
			buf, held = grown, next
		}
		n, err := r.Body.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			s.bodies.release(held)
			return "", 0, err
		}
	}
	if r.ContentLength > 0 && int64(len(buf)) < r.ContentLength {
		s.bodies.release(held)
		return "", 0, io.ErrUnexpectedEOF
	}
	if len(buf) > engine.MaxPayload {
		s.bodies.release(held)
		return "", 0, errTooLarge
	}
	if len(buf) == 0 {
		s.bodies.release(held)
		return "", 0, nil
	}
	// The buffer is never written again: the string shares it instead of copying 10 MB.
	return unsafe.String(&buf[0], len(buf)), held, nil
}
