package engine

import "fmt"

// HintedError is a control-plane error whose AWS text is known, with apigwlab's hint for the
// palette and lab exec. Its Error() carries both; the HTTP control plane answers AWS's text
// alone (AWSMessage), so a real client sees exactly what AWS sends.
type HintedError struct {
	Type string // "NotFoundException", …
	AWS  string // AWS's message
	Hint string // what to do, in apigwlab's words
}

func (e *HintedError) Error() string {
	return fmt.Sprintf("%s: %s (%s)", e.Type, e.AWS, e.Hint)
}

// AWSMessage is the error as AWS renders it: "Type: message" without the hint.
func (e *HintedError) AWSMessage() string { return e.Type + ": " + e.AWS }
