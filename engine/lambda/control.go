package lambda

import (
	"sort"

	"apigwlab/engine/model"
)

// Names lists the functions, sorted.
func (s *Service) Names() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.fns))
	for n := range s.fns {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Update edits a function's model and recompiles it (UpdateFunctionConfiguration,
// PublishVersion). edit gets a shallow copy of the model: it must copy a slice or map before
// changing it. All or nothing, as Set: an invalid result leaves the function untouched, and
// run-time state (environments, counters) carries over.
func (s *Service) Update(name string, edit func(spec *model.Function) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.fns[name]
	if f == nil {
		return &NotFoundError{ARN: s.ARN(name, "")}
	}
	spec := *f.spec
	if err := edit(&spec); err != nil {
		return err
	}
	nf, err := compileFunction(&spec, f, s.runnerFor)
	if err != nil {
		return err
	}
	s.fns[name] = nf
	return nil
}
