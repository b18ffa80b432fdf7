package websocket

import (
	"strconv"

	"apigwlab/engine/lambda"
)

// PushResult is one @connections POST a route's declared function made (its pushes:).
type PushResult struct {
	ConnectionID string
	Status       int    // 200, or the error's: 410 GoneException, 413, …
	Error        string // x-amzn-ErrorType; "" on success
}

// push makes a declared function's pushes, in order, through Call, the path serve's
// @connections endpoint takes: self is this connection, others and all the stage's open
// connections (all includes this one, which during $connect answers 410, fact 82). A push
// whose $.PATH found nothing in the event is skipped and said so in the trace.
func (c *Conn) push(fn string, ps []lambda.Push, ex *Exchange) {
	a := c.api
	hop := ex.Trace.Hop("@connections", "", 0, 0)
	sent, gone := 0, 0
	for _, p := range ps {
		var ids []string
		switch p.To {
		case "self":
			ids = []string{c.id}
		case "others", "all":
			for _, o := range a.Conns() {
				if o.st.name == c.st.name && (p.To == "all" || o != c) {
					ids = append(ids, o.id)
				}
			}
		case "":
			if hop != nil {
				hop.Fact("skipped", "to: "+p.Declared+" is not in the event")
			}
		default:
			ids = []string{p.To}
		}
		for _, id := range ids {
			status, typ, _, _ := a.Call("function "+fn, "POST", c.st.name, id, p.Data)
			ex.Pushes = append(ex.Pushes, PushResult{ConnectionID: id, Status: status, Error: typ})
			if status == 200 {
				sent++
			} else if status == 410 {
				gone++
			}
			if hop != nil {
				hop.Fact("POST @connections/"+id, answerText(status, typ))
			}
		}
	}
	if hop != nil {
		decide := strconv.Itoa(sent) + " sent"
		if gone > 0 {
			decide += ", " + strconv.Itoa(gone) + " gone (410)"
		}
		if n := len(ex.Pushes) - sent - gone; n > 0 {
			decide += ", " + strconv.Itoa(n) + " refused"
		}
		hop.Decide(decide + " by " + fn)
	}
}

func answerText(status int, typ string) string {
	if typ == "" {
		return strconv.Itoa(status)
	}
	return strconv.Itoa(status) + " " + typ
}
