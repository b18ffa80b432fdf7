package lambda

// timeHeap is a min-heap of instants (Unix nanoseconds). It is written out rather than
// built on container/heap because that API boxes every element in an interface, which
// would allocate on each warm invocation.
type timeHeap []int64

// push adds an instant.
func (h *timeHeap) push(t int64) {
	*h = append(*h, t)
	h.up(len(*h) - 1)
}

// replaceMin overwrites the earliest instant and restores the heap order.
func (h timeHeap) replaceMin(t int64) {
	h[0] = t
	h.down(0)
}

// expire drops every instant at or before now: executions that have finished.
func (h *timeHeap) expire(now int64) {
	s := *h
	for len(s) > 0 && s[0] <= now {
		last := len(s) - 1
		s[0] = s[last]
		s = s[:last]
		s.down(0)
	}
	*h = s
}

func (h timeHeap) down(i int) {
	n := len(h)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && h[r] < h[l] {
			m = r
		}
		if h[i] <= h[m] {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

// remove drops one instant equal to t, if present.
func (h *timeHeap) remove(t int64) {
	s := *h
	for i, x := range s {
		if x != t {
			continue
		}
		last := len(s) - 1
		s[i] = s[last]
		s = s[:last]
		if i < last {
			s.down(i)
			s.up(i)
		}
		*h = s
		return
	}
}

func (h timeHeap) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if h[p] <= h[i] {
			return
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
}
