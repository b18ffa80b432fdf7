package integration

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
)

// looseStatus finds statusCode in a MOCK template's output that is not strict JSON.
var looseStatus = regexp.MustCompile(`(?:^|[{,\s])["']?statusCode["']?\s*:\s*["']?(\d{3})["']?\s*[,}]`)

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
		// AWS reads statusCode from text that is not strict JSON too: the CDK's CORS
		// OPTIONS methods send {statusCode: 200} (LS snapshot
		// test_integration_mock_with_path_param; LS mock.py "Aws probably has a custom
		// token parser"), and a template whose statements print text before the object
		// still answers (test_integration_mock_with_vtl_map_assignation).
		if m := looseStatus.FindStringSubmatch(rendered); m != nil {
			n, _ := strconv.Atoi(m[1])
			return n, nil
		}
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
