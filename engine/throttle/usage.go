package throttle

import (
	"fmt"
	"time"
)

// Usage is a GetUsage answer: per API key, one [used, remaining] pair per UTC
// day from StartDate to EndDate inclusive.
//
// Shape: API reference GetUsage / Usage ("the usage data, as daily logs of
// used and remaining quotas, over the specified time interval indexed over
// the API keys in a usage plan … [used quota, remaining quota]"). The SDKs and
// the AWS CLI, which apigwlab's verbs mirror, call the map "items" (JS SDK v3
// GetUsageCommand: items: MapOfKeyUsages); on the REST wire the same member is
// named "values". Position is only set by a paged answer, which this one never
// is, so it is omitted as the CLI omits it.
type Usage struct {
	UsagePlanID string              `json:"usagePlanId"`
	StartDate   string              `json:"startDate"`
	EndDate     string              `json:"endDate"`
	Position    string              `json:"position,omitempty"`
	Items       map[string][][2]int `json:"items"`
}

// NoQuota is the "remaining" reported for a key whose plan has no quota. AWS
// does not document that case; -1 cannot be mistaken for an exhausted quota.
const NoQuota = -1

const dateLayout = "2006-01-02"

// Usage reports, like GetUsage, the requests each API key of plan planID
// made per UTC day between the days of start and end (inclusive), and what
// was left of its quota at the end of each day. keyID "" reports every key
// seen in the plan; a key never seen has no entry.
//
// Used counts the requests admitted (a 429 is not counted). Remaining is the
// quota limit minus the requests of the quota period up to and including that
// day (so a WEEK quota's remaining falls day by day and jumps back when the
// week starts again), computed with the plan's quota as last seen by Check.
func (t *Throttler) Usage(planID, keyID string, start, end time.Time) (Usage, error) {
	first, last := dayOf(start.UnixNano()), dayOf(end.UnixNano())
	u := Usage{
		UsagePlanID: planID,
		StartDate:   start.UTC().Format(dateLayout),
		EndDate:     end.UTC().Format(dateLayout),
		Items:       map[string][][2]int{},
	}
	if last < first {
		return u, fmt.Errorf("usage: end date %s is before start date %s", u.EndDate, u.StartDate)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for k, c := range t.clients {
		if k.plan != planID || (keyID != "" && k.key != keyID) {
			continue
		}
		rows := make([][2]int, 0, last-first+1)
		for day := first; day <= last; day++ {
			used := c.sum(day, day)
			remaining := NoQuota
			if c.hasQuota {
				ps, _ := c.quota.PeriodAt(time.Unix(0, day*nsPerDay).UTC())
				remaining = max(c.quota.Limit-c.sum(dayOf(ps.UnixNano()), day), 0)
			}
			rows = append(rows, [2]int{used, remaining})
		}
		u.Items[k.key] = rows
	}
	return u, nil
}
