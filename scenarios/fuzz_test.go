package scenarios

import (
	"errors"
	"testing"
	"time"

	"apigwlab/engine/model"
)

// FuzzParse feeds scenario files (the bundled ones as seeds, WebSocket ones included) to the
// parser and, when one parses, to a capped run: neither may panic, and a refused file must
// say where.
func FuzzParse(f *testing.F) {
	infos, err := Bundled()
	if err != nil {
		f.Fatal(err)
	}
	for _, in := range infos {
		data, err := bundledFS.ReadFile("bundled/" + in.Name + ".yaml")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := Parse("f.yaml", data, func(p string) (*model.Workspace, error) { return nil, errors.New("no files") })
		if err != nil {
			var errs model.Errors
			if !errors.As(err, &errs) || len(errs) == 0 {
				t.Fatalf("error without a position: %v", err)
			}
			return
		}
		Run(sc, Options{MaxDuration: 3 * time.Hour, MaxRequests: 3000, NoSeries: true})
	})
}
