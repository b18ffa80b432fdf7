//go:build !unix

package lambda

import "errors"

// newProcessRunner: command functions need process groups, which only Unix-like systems
// have here; JavaScript functions work everywhere.
func newProcessRunner(fn string, c *codeSpec, s *Service) (runner, error) {
	return nil, errors.New("command functions need Linux or macOS; JavaScript functions (code:, handler:) work here")
}
