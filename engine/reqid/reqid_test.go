package reqid

import (
	"strings"
	"testing"
)

func TestIDs(t *testing.T) {
	a, b := New(7, 1), New(7, 1)
	for i := 0; i < 100; i++ {
		id := a.Next()
		if id != b.Next() {
			t.Fatal("the same seed drew different ids")
		}
		if len(id) != 16 || id[15] != '=' || strings.ContainsFunc(id[:15], func(r rune) bool { return !strings.ContainsRune(Alphabet, r) }) {
			t.Fatalf("id %q is not 15 base64url characters and =", id)
		}
	}
	// NextTraced draws three numbers: the id is the first, as Next's would be.
	c, d := New(7, 1), New(7, 1)
	id, tr := c.NextTraced()
	if id != d.Next() || tr == [2]uint64{} {
		t.Errorf("NextTraced = %q %v", id, tr)
	}
	if Hash("") != 14695981039346656037 || Hash("a") != 0xaf63dc4c8601ec8c {
		t.Errorf("Hash is not FNV-1a: %x", Hash("a"))
	}
}
