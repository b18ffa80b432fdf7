package wire

import "testing"

func TestParseQuery(t *testing.T) {
	got := ParseQuery("category=electronics&category=books&q=a+b&p=%2B&bad=%zz&flag#frag")
	want := []QueryParam{{"category", "electronics"}, {"category", "books"}, {"q", "a b"}, {"p", "+"}, {"bad", "%zz"}, {"flag", ""}}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("param %d = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestHeaders(t *testing.T) {
	h := Headers{{"Accept", "a"}, {"X-Multi", "1"}, {"x-multi", "2"}}
	if v, ok := h.Get("x-MULTI"); !ok || v != "2" {
		t.Fatalf("Get = %q %v, want the last value", v, ok)
	}
	if got := h.Values("X-Multi"); len(got) != 2 {
		t.Fatalf("Values = %v", got)
	}
	h.Set("x-multi", "3")
	if len(h) != 2 || h[1].Name != "X-Multi" || h[1].Value != "3" {
		t.Fatalf("Set = %v", h)
	}
	h.Del("accept")
	h.Add("B", "b")
	if len(h) != 2 || h.Value("b") != "b" || h.Value("Accept") != "" {
		t.Fatalf("Del/Add = %v", h)
	}
}
