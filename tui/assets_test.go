package tui

import (
	"bytes"
	"os"
	"testing"
)

// The built-in workspace is a copy of examples/pets.yaml (embed cannot reach ../examples):
// this test keeps the two the same.
func TestEmbeddedPetsMatchesExample(t *testing.T) {
	a, err := os.ReadFile("../examples/pets.yaml")
	if err != nil {
		t.Skip("no examples/pets.yaml")
	}
	b, err := os.ReadFile("assets/pets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("tui/assets/pets.yaml differs from examples/pets.yaml: cp examples/pets.yaml tui/assets/pets.yaml")
	}
}
