package lambda

import "apigwlab/engine/model"

// Spec is function name as it is now, with the changes Set made (set-function, update-alias,
// update-function-configuration), or nil: what a workspace export writes for it. The copy
// shares its unchanged parts with the service's, so the caller must not edit it.
func (s *Service) Spec(name string) *model.Function {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.fns[name]
	if f == nil {
		return nil
	}
	spec := *f.spec
	return &spec
}
