package integration

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// MockStatus reads the statusCode a MOCK integration's request template selects:
// {"statusCode": 200} (a number or a numeric string). No template means 200.
func MockStatus(rendered string) (int, error) {
	if rendered == "" {
		return 200, nil
	}
	var v struct {
		StatusCode json.RawMessage `json:"statusCode"`
	}
	if err := json.Unmarshal([]byte(rendered), &v); err != nil {
		return 0, fmt.Errorf("the MOCK request template must render JSON such as {\"statusCode\": 200}: %v", err)
	}
	if len(v.StatusCode) == 0 {
		return 0, fmt.Errorf("the MOCK request template renders no statusCode: write {\"statusCode\": 200}")
	}
	var n int
	if err := json.Unmarshal(v.StatusCode, &n); err != nil {
		var s string
		if json.Unmarshal(v.StatusCode, &s) != nil {
			return 0, fmt.Errorf("statusCode %s is not a number", v.StatusCode)
		}
		if n, err = strconv.Atoi(s); err != nil {
			return 0, fmt.Errorf("statusCode %q is not a number", s)
		}
	}
	return n, nil
}
