package throttle

import (
	"fmt"
	"time"
)

// Period is a quota period, as QuotaSettings.period spells it.
type Period string

// The quota periods AWS accepts (API reference, QuotaSettings: "DAY", "WEEK"
// or "MONTH").
const (
	Day   Period = "DAY"
	Week  Period = "WEEK"
	Month Period = "MONTH"
)

// Quota is AWS's QuotaSettings: at most Limit requests per Period for each API
// key of a usage plan.
//
// Offset is the day the period starts, the meaning given by the current SDK
// references (docs.rs aws-sdk-apigateway QuotaSettings, rubydoc
// aws-sdk-apigateway 1.73, pub.dev aws_apigateway_api: "The day that a time
// period starts. For example, with a time period of WEEK, an offset of 0
// starts on Sunday, and an offset of 1 starts on Monday"). The older API
// reference text ("the number of requests subtracted from the given limit in
// the initial time period", API_QuotaSettings) is the legacy meaning and is
// not implemented. Periods are computed in UTC:
//   - DAY: from 00:00 UTC; the offset must be 0.
//   - WEEK: from 00:00 UTC on weekday Offset (0 = Sunday … 6 = Saturday).
//   - MONTH: from 00:00 UTC on day Offset+1 of the month (0 = the 1st, counted
//     like WEEK's 0-based offset), or the month's last day when the month is
//     shorter. AWS does not spell out MONTH offsets; this is our reading.
type Quota struct {
	Limit  int
	Offset int
	Period Period
}

// Validate reports a quota AWS would not accept or whose period we cannot
// place; messages say what to write instead.
func (q Quota) Validate() error {
	if q.Limit < 0 {
		return fmt.Errorf("quota limit %d is negative: use 0 or more requests", q.Limit)
	}
	switch q.Period {
	case Day:
		if q.Offset != 0 {
			return fmt.Errorf("quota offset %d with period DAY: a DAY quota starts at 00:00 UTC, so its offset must be 0", q.Offset)
		}
	case Week:
		if q.Offset < 0 || q.Offset > 6 {
			return fmt.Errorf("quota offset %d with period WEEK: use 0 (Sunday) to 6 (Saturday)", q.Offset)
		}
	case Month:
		if q.Offset < 0 || q.Offset > 30 {
			return fmt.Errorf("quota offset %d with period MONTH: use 0 (the 1st) to 30 (the 31st)", q.Offset)
		}
	default:
		return fmt.Errorf("quota period %q: use DAY, WEEK or MONTH", string(q.Period))
	}
	return nil
}

// PeriodAt returns the quota period containing now: its first instant and the
// instant the quota resets. An unknown period is treated as DAY and an
// out-of-range offset is folded into range, so a bad setting still counts
// (Validate is where it is reported).
func (q Quota) PeriodAt(now time.Time) (start, end time.Time) {
	now = now.UTC()
	y, m, d := now.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	switch q.Period {
	case Week:
		first := ((q.Offset % 7) + 7) % 7
		back := (int(now.Weekday()) - first + 7) % 7
		start = today.AddDate(0, 0, -back)
		return start, start.AddDate(0, 0, 7)
	case Month:
		if sd := monthStartDay(y, m, q.Offset); d >= sd {
			start = time.Date(y, m, sd, 0, 0, 0, 0, time.UTC)
		} else {
			py, pm, _ := time.Date(y, m-1, 1, 0, 0, 0, 0, time.UTC).Date()
			start = time.Date(py, pm, monthStartDay(py, pm, q.Offset), 0, 0, 0, 0, time.UTC)
		}
		ny, nm, _ := time.Date(start.Year(), start.Month()+1, 1, 0, 0, 0, 0, time.UTC).Date()
		return start, time.Date(ny, nm, monthStartDay(ny, nm, q.Offset), 0, 0, 0, 0, time.UTC)
	default:
		return today, today.AddDate(0, 0, 1)
	}
}

// monthStartDay is the day of month m on which a MONTH period with this
// offset starts: offset+1, clamped to the month's length.
func monthStartDay(y int, m time.Month, offset int) int {
	sd := offset + 1
	if sd < 1 {
		sd = 1
	}
	if last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day(); sd > last {
		sd = last
	}
	return sd
}
