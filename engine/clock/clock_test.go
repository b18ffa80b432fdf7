package clock

import (
	"testing"
	"time"
)

func TestVirtualMovesOnlyWhenTold(t *testing.T) {
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	v := NewVirtual(start)
	if got := v.Now(); !got.Equal(start) {
		t.Fatalf("Now() = %v, want %v", got, start)
	}
	v.Advance(1500 * time.Millisecond)
	if got, want := v.Now(), start.Add(1500*time.Millisecond); !got.Equal(want) {
		t.Fatalf("after Advance Now() = %v, want %v", got, want)
	}
	v.Set(start)
	if got := v.Now(); !got.Equal(start) {
		t.Fatalf("after Set Now() = %v, want %v", got, start)
	}
}

func TestRealIsUTC(t *testing.T) {
	if loc := (Real{}).Now().Location(); loc != time.UTC {
		t.Fatalf("Real.Now() location = %v, want UTC", loc)
	}
}
