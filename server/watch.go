package server

import (
	"context"
	"os"
	"slices"
	"sync/atomic"
	"time"

	"apigwlab/engine"
)

// Reloader redeploys a workspace when one of its files changes (serve --watch).
//
// It polls the files' modification time and size rather than using inotify (fsnotify):
// editors save by writing a new file and renaming it over the old one (vim, JetBrains), which
// drops a watch on the file itself; polling a handful of small files twice a second sees
// every such save, works the same on every OS and on network or container mounts, and needs
// no dependency.
type Reloader struct {
	// Server receives the new gateway.
	Server *Server
	// Load reads and deploys the workspace, returning the files it read (the workspace and
	// any OpenAPI files it imports). An error leaves the running gateway in place.
	Load func() (*engine.Gateway, []string, error)
	// Interval between polls; 0 means 500 ms.
	Interval time.Duration
	// Reloaded is told of each successful reload; Failed of each workspace that did not
	// load (its error lists every problem with file:line).
	Reloaded func(gw *engine.Gateway)
	Failed   func(err error)

	polls atomic.Int64 // polls done (tests wait for a number of polls, not for time)
}

// stamp is what a poll compares: a file's modification time and size (missing: zero).
type stamp struct {
	mod  int64 // UnixNano: comparable with ==
	size int64
	ok   bool
}

func stamps(files []string) []stamp {
	out := make([]stamp, len(files))
	for i, f := range files {
		if fi, err := os.Stat(f); err == nil {
			out[i] = stamp{mod: fi.ModTime().UnixNano(), size: fi.Size(), ok: true}
		}
	}
	return out
}

// Start notes the files as they are now and polls them in a goroutine until ctx ends. The
// first look is taken before Start returns, so a save right after it is not missed.
func (r *Reloader) Start(ctx context.Context, files []string) {
	last := stamps(files)
	go r.run(ctx, files, last)
}

// A changed file is deployed only once it is complete: its size and modification time
// unchanged across two consecutive polls, no process holding it open for writing (Linux),
// and a successful load (parse and validation). Editors that save by rename are seen at
// once; a script that writes in place and pauses keeps the file open and is waited for. A
// failed load is reported once per version of the files.
func (r *Reloader) run(ctx context.Context, files []string, last []stamp) {
	every := r.Interval
	if every <= 0 {
		every = 500 * time.Millisecond
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	var pending []stamp // the changed stamps seen at the previous poll
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		r.polls.Add(1)
		now := stamps(files)
		if slices.Equal(now, last) {
			pending = nil
			continue
		}
		if !slices.Equal(now, pending) {
			pending = now // changed since the last poll: still being written, perhaps
			continue
		}
		if slices.ContainsFunc(files, beingWritten) {
			continue
		}
		pending = nil
		gw, read, err := r.Load()
		if err != nil {
			// Keep serving the old gateway; remember this version so the same errors are
			// printed once, not at every poll.
			last = now
			if r.Failed != nil {
				r.Failed(err)
			}
			continue
		}
		r.Server.Swap(gw)
		if !slices.Equal(read, files) {
			files = read
			now = stamps(files)
		}
		last = now
		if r.Reloaded != nil {
			r.Reloaded(gw)
		}
	}
}
