package lambda

import "fmt"

func newProcessRunner(fn string, c *codeSpec, s *Service) (runner, error) {
	return nil, fmt.Errorf("command functions are not built yet")
}
