package cache

import (
	"strings"
	"testing"
	"time"
)

// FuzzCache drives random operations against a tiny cache and a naive reference model (a
// slice in recency order), checking after every step that nothing panics, the byte count
// never exceeds the capacity, the accounting adds up, and hits, misses and evictions match
// the model.
func FuzzCache(f *testing.F) {
	f.Add(uint16(200), []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add(uint16(0), []byte{0, 0, 0, 1, 1, 1})
	f.Add(uint16(64), []byte{0, 10, 0, 20, 1, 10, 3, 200, 1, 10, 2, 0, 1, 20})
	f.Add(uint16(1000), []byte("put get flush advance bypass put put put get"))
	f.Fuzz(func(t *testing.T, capacity uint16, ops []byte) {
		c := NewBytes(int64(capacity))
		type ref struct {
			k       Key
			size    int
			expires time.Time
		}
		var model []ref // most recently used first
		find := func(k Key) int {
			for i, r := range model {
				if r.k == k {
					return i
				}
			}
			return -1
		}
		now := t0
		var hits, misses int64
		for len(ops) >= 2 {
			op, arg := ops[0]%5, ops[1]
			ops = ops[2:]
			k := smallKey(string(rune('a' + arg%8)))
			switch op {
			case 0: // put: body length and TTL from arg
				body := strings.Repeat("x", int(arg))
				ttl := time.Duration(arg%7) * time.Second
				stored, evicted := c.Put(k, Entry{Status: 200, Body: body}, ttl, now)
				size := k.Size() + len(body)
				wantStored := ttl > 0 && size <= int(capacity)
				if ttl > 0 {
					if i := find(k); i >= 0 {
						model = append(model[:i], model[i+1:]...)
					}
				}
				wantEvicted := 0
				if wantStored {
					total := size
					for _, r := range model {
						total += r.size
					}
					for total > int(capacity) {
						total -= model[len(model)-1].size
						model = model[:len(model)-1]
						wantEvicted++
					}
					model = append([]ref{{k, size, now.Add(ttl)}}, model...)
				}
				if stored != wantStored || evicted != wantEvicted {
					t.Fatalf("Put(size %d, ttl %v) = %v, %d; model says %v, %d", size, ttl, stored, evicted, wantStored, wantEvicted)
				}
			case 1: // get
				e, age, ok := c.Get(k, now)
				i := find(k)
				wantOK := i >= 0 && now.Before(model[i].expires)
				if i >= 0 {
					r := model[i]
					model = append(model[:i], model[i+1:]...)
					if wantOK {
						model = append([]ref{r}, model...)
					}
				}
				if ok != wantOK {
					t.Fatalf("Get = %v, model says %v", ok, wantOK)
				}
				if ok {
					hits++
					if e.Size != model[0].size || age < 0 {
						t.Fatalf("entry size %d age %v, model size %d", e.Size, age, model[0].size)
					}
				} else {
					misses++
				}
			case 2:
				c.Flush()
				model = nil
			case 3:
				now = now.Add(time.Duration(arg) * 100 * time.Millisecond)
			case 4:
				c.CountBypass()
				misses++
			}
			s := c.Stats()
			if s.Bytes > s.Capacity || s.Bytes < 0 {
				t.Fatalf("bytes %d, capacity %d", s.Bytes, s.Capacity)
			}
			var want int64
			for _, r := range model {
				want += int64(r.size)
			}
			if s.Entries != len(model) || s.Bytes != want || s.Hits != hits || s.Misses != misses {
				t.Fatalf("stats %+v; model has %d entries, %d bytes, %d hits, %d misses", s, len(model), want, hits, misses)
			}
		}
	})
}
