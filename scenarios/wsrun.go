package scenarios

import (
	"bytes"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"apigwlab/engine"
	"apigwlab/engine/websocket"
	"apigwlab/engine/wire"
)

// Timeline kinds of the WebSocket part; after the REST kinds so that REST scenarios keep
// their order. At one instant: storms, expiries, client closes, connects, messages, pushes.
const (
	kindStorm   = 3
	kindDue     = 4 // a connection's idle timeout or 2-hour limit may have come
	kindClose   = 5 // a client's lifetime is over: it closes the connection
	kindConnect = 6
	kindMessage = 7
	kindPush    = 8
)

// wsAcc accumulates a WebSocket API's CloudWatch metrics (and a few of ours) over a window,
// a group or the run. IntegrationLatency goes to acc.integration with the requests'.
type wsAcc struct {
	connects, messagesIn, messagesOut                 int64 // ConnectCount; MessageCount = in + out
	integrationErrors, clientErrors, executionErrors  int64
	disconnects, pushes, errorFrames, replies, frames int64
	connectStatus                                     map[int]int64    // handshake answers: 101, 401, 403, 429…
	closeCodes                                        map[int]int64    // disconnectStatusCode of $disconnect events
	pushStatus                                        map[int]int64    // POST @connections answers: 200, 410…
	routes                                            map[string]int64 // messages per selected route
	maxOpen                                           int
}

func newWSAcc() *wsAcc {
	return &wsAcc{connectStatus: map[int]int64{}, closeCodes: map[int]int64{}, pushStatus: map[int]int64{}, routes: map[string]int64{}}
}

// wsExchange is an exchange as the statistics see it.
type wsExchange struct {
	ex        *websocket.Exchange
	closeCode int // the $disconnect's status code (client or gateway side)
}

func (w *wsAcc) add(x *wsExchange) {
	ex := x.ex
	switch ex.EventType {
	case websocket.EventConnect:
		w.connects++
		w.connectStatus[ex.Status]++
	case websocket.EventMessage:
		w.messagesIn++
		if ex.RouteKey != "" {
			w.routes[ex.RouteKey]++
		}
	case websocket.EventDisconnect:
		w.disconnects++
		w.closeCodes[x.closeCode]++
	case "":
		if strings.HasPrefix(ex.RouteKey, "POST") {
			w.pushes++
			w.pushStatus[ex.Status]++
		}
	}
	if ex.Reply != nil {
		w.messagesOut++
		switch {
		case ex.EventType == "":
		case ex.Error != "":
			w.errorFrames++
		default:
			w.replies++
		}
	}
	if ex.IntegrationError {
		w.integrationErrors++
	}
	if ex.ClientError {
		w.clientErrors++
	}
	if ex.ExecutionError {
		w.executionErrors++
	}
}

// vconn is one virtual client.
type vconn struct {
	group     int
	conn      *websocket.Conn
	connectAt time.Duration
	closed    bool
	leaving   bool  // the client itself is closing (end of its lifetime): no reconnect
	received  int64 // frames the gateway sent it
}

// vpeer is a virtual client's end of the socket.
type vpeer struct{ vc *vconn }

func (p vpeer) Send([]byte) error { p.vc.received++; return nil }
func (p vpeer) Close(int, string) { p.vc.closed = true }

// GroupResult is one connection group's share of the run.
type GroupResult struct {
	Name     string
	From, To time.Duration
	ws       *wsAcc
	received int64
}

type groupState struct {
	g     *ConnGroup
	api   *websocket.API
	arr   *phaseState // arrivals, as a traffic phase's
	rng   *rand.Rand
	query string
	head  wire.Headers
	bodys [][]byte
	res   *GroupResult
}

type pushState struct {
	p   *Push
	api *websocket.API
	arr *phaseState
	rng *rand.Rand
}

// backendTable is the connection ids a backend stored at $connect (a DynamoDB table in
// AWS's samples), in connect order.
type backendTable struct{ ids []string }

func (t *backendTable) forget(id string) {
	for i, x := range t.ids {
		if x == id {
			t.ids = append(t.ids[:i], t.ids[i+1:]...)
			return
		}
	}
}

// wsRun drives the scenario's virtual clients.
type wsRun struct {
	sc       *Scenario
	res      *Result
	rng      *rand.Rand
	groups   []*groupState
	pushes   []*pushState
	conns    []*vconn
	byID     map[string]*vconn
	tables   map[string]*backendTable // api/stage → ids
	open     int
	curGroup int // the group whose client is connecting (attribution of CONNECT)
	windows  []*WindowResult
	sec      *secondState
	push     func(item)
	ops      int64 // connects, messages and pushes sent: they count against --max-requests
	onSample func(second int, ex *websocket.Exchange, sent string)
	sampled  int // the last second a message was sampled in
}

func newWSRun(sc *Scenario, gw *engine.Gateway, seed uint64, res *Result, windows []*WindowResult, sec *secondState, push func(item)) (*wsRun, error) {
	if len(sc.Connections)+len(sc.Pushes) == 0 {
		return nil, nil
	}
	w := &wsRun{sc: sc, res: res, rng: rand.New(rand.NewPCG(seed, 0x5753)), byID: map[string]*vconn{},
		tables: map[string]*backendTable{}, windows: windows, sec: sec, push: push, curGroup: -1, sampled: -1}
	res.Total.ws = newWSAcc()
	sec.ws = newWSAcc()
	for _, win := range windows {
		win.acc.ws = newWSAcc()
	}
	api := func(name string) (*websocket.API, error) {
		a, ok := gw.WebSocketAPI(name)
		if !ok {
			return nil, fmt.Errorf("%s: no WebSocket API %q deployed", sc.Source, name)
		}
		return a, nil
	}
	for i, g := range sc.Connections {
		a, err := api(g.API)
		if err != nil {
			return nil, err
		}
		rate := g.Rate
		to := g.To
		if g.Count > 0 {
			if to == g.From {
				to = g.From + time.Nanosecond // all at From: the runner pushes them at once
			}
			r := float64(g.Count) / (to - g.From).Seconds()
			rate = Rate{From: r, To: r}
		}
		st := &groupState{g: g, api: a, rng: rand.New(rand.NewPCG(seed, 0x10000+uint64(i))),
			res: &GroupResult{Name: g.Name, From: g.From, To: g.To, ws: newWSAcc()}}
		st.arr = &phaseState{p: &Phase{From: g.From, To: to, Rate: rate, Arrival: g.Arrival}, rng: st.rng}
		q := url.Values{}
		for k, v := range g.Query {
			q.Set(k, v)
		}
		st.query = q.Encode()
		for _, k := range slices.Sorted(maps.Keys(g.Headers)) {
			st.head.Set(k, g.Headers[k])
		}
		for _, m := range g.Messages {
			body := []byte(m.Body)
			if m.Size > len(body) {
				body = append(body, bytes.Repeat([]byte{' '}, m.Size-len(body))...)
			}
			st.bodys = append(st.bodys, body)
		}
		w.groups = append(w.groups, st)
		res.Groups = append(res.Groups, st.res)
		if g.Count > 0 && g.To == g.From {
			for c := 0; c < g.Count; c++ {
				push(item{at: g.From, kind: kindConnect, phase: int32(i)})
			}
		} else if at, ok := st.arr.nextArrival(); ok {
			push(item{at: at, kind: kindConnect, phase: int32(i), client: 1})
		}
	}
	for i, p := range sc.Pushes {
		a, err := api(p.API)
		if err != nil {
			return nil, err
		}
		ps := &pushState{p: p, api: a, rng: rand.New(rand.NewPCG(seed, 0x20000+uint64(i)))}
		w.pushes = append(w.pushes, ps)
		ps.arr = &phaseState{p: &Phase{From: p.From, To: p.To, Rate: p.Rate, Arrival: p.Arrival}, rng: ps.rng}
		if at, ok := ps.arr.nextArrival(); ok {
			push(item{at: at, kind: kindPush, phase: int32(i)})
		}
	}
	for i := range sc.Disconnects {
		push(item{at: sc.Disconnects[i].At, kind: kindStorm, phase: int32(i)})
	}
	gw.ObserveWebSocket(w.observe)
	return w, nil
}

// estimate is the connects, messages and pushes a scenario's WebSocket part sends, for the
// volume cap (rate × duration, as for traffic phases).
func (sc *Scenario) wsEstimate() float64 {
	total := 0.0
	for _, g := range sc.Connections {
		n := float64(g.Count)
		if g.Count == 0 {
			n = (g.Rate.From + g.Rate.To) / 2 * (g.To - g.From).Seconds()
		}
		total += n
		for _, m := range g.Messages {
			stay := (sc.Duration - g.From).Seconds()
			if m.For > 0 {
				stay = min(stay, m.For.Seconds())
			}
			total += n * m.Rate * stay
		}
	}
	for _, p := range sc.Pushes {
		total += (p.Rate.From + p.Rate.To) / 2 * (min(p.To, sc.Duration) - p.From).Seconds()
	}
	return total
}

// observe counts every exchange of the run's WebSocket APIs: those the runner starts, and
// those the engine runs on its own (a function's @connections calls, $disconnect).
func (w *wsRun) observe(ex *websocket.Exchange) {
	x := wsExchange{ex: ex}
	var vc *vconn
	if ex.EventType != websocket.EventConnect {
		vc = w.byID[ex.ConnectionID]
	}
	switch ex.EventType {
	case websocket.EventConnect:
		if ex.Status == 101 {
			w.open++
		}
	case websocket.EventDisconnect:
		w.open--
		x.closeCode = ex.CloseCode
		if vc != nil {
			x.closeCode, _ = vc.conn.CloseStatus()
			vc.closed = true
			if !vc.leaving {
				w.reconnect(vc.group, ex.At)
			}
		}
	}
	if ex.EventType == "" {
		w.ops++ // @connections calls: the runner's pushes and those functions make
	}
	off := ex.At.Sub(w.sc.Start)
	w.res.Total.ws.add(&x)
	w.res.Total.addWS(ex)
	w.res.Total.ws.maxOpen = max(w.res.Total.ws.maxOpen, w.open)
	for _, win := range w.windows {
		if win.Window.Contains(off) {
			win.acc.ws.add(&x)
			win.acc.addWS(ex)
			win.acc.ws.maxOpen = max(win.acc.ws.maxOpen, w.open)
		}
	}
	g := w.curGroup
	if vc != nil {
		g = vc.group
	}
	if ex.EventType == "" && vc == nil {
		g = -1
	}
	if g >= 0 {
		gr := w.groups[g].res
		gr.ws.add(&x)
		gr.ws.maxOpen = max(gr.ws.maxOpen, w.open)
	}
	w.sec.ws.add(&x)
	w.sec.open = w.open
}

// handle runs one WebSocket item of the timeline at its instant (the clock is set).
func (w *wsRun) handle(it item) {
	switch it.kind {
	case kindConnect:
		w.connect(it)
	case kindMessage:
		w.message(it)
	case kindDue:
		vc := w.conns[it.client]
		if vc.closed {
			return
		}
		if vc.conn.Expire() == nil && !vc.closed {
			w.push(item{at: w.offset(vc.conn.Due()), kind: kindDue, client: it.client})
		}
	case kindClose:
		vc := w.conns[it.client]
		if !vc.closed {
			g := w.groups[vc.group].g
			vc.leaving = true
			vc.conn.Closed(g.CloseCode, g.CloseReason)
			vc.closed = true
		}
	case kindPush:
		ps := w.pushes[it.phase]
		w.pushNow(ps)
		if at, ok := ps.arr.nextArrival(); ok {
			w.push(item{at: at, kind: kindPush, phase: it.phase})
		}
	case kindStorm:
		w.storm(w.sc.Disconnects[it.phase])
	}
}

func (w *wsRun) offset(t time.Time) time.Duration { return t.Sub(w.sc.Start) }

func (w *wsRun) connect(it item) {
	st := w.groups[it.phase]
	g := st.g
	if it.client == 1 { // spread arrivals: the next one
		if at, ok := st.arr.nextArrival(); ok {
			w.push(item{at: at, kind: kindConnect, phase: it.phase, client: 1})
		}
	}
	w.ops++
	vc := &vconn{group: int(it.phase), connectAt: it.at}
	w.curGroup = int(it.phase)
	res := st.api.Connect(&websocket.ConnectRequest{Stage: g.Stage, Header: st.head, RawQuery: st.query, SourceIP: g.SourceIP, Peer: vpeer{vc}})
	w.curGroup = -1
	if res.Conn == nil {
		if it.client == 2 && (res.Status == 429 || res.Status >= 500) {
			w.reconnect(int(it.phase), w.sc.Start.Add(it.at)) // a reconnecting client retries
		}
		return
	}
	vc.conn = res.Conn
	idx := int32(len(w.conns))
	w.conns = append(w.conns, vc)
	w.byID[res.Conn.ID()] = vc
	key := st.api.Name + "/" + g.Stage
	t := w.tables[key]
	if t == nil {
		t = &backendTable{}
		w.tables[key] = t
	}
	t.ids = append(t.ids, res.Conn.ID())
	w.push(item{at: w.offset(res.Conn.Due()), kind: kindDue, client: idx})
	if g.Lifetime > 0 {
		life := g.Lifetime
		if g.LifetimeMax > g.Lifetime {
			life += time.Duration(st.rng.Int64N(int64(g.LifetimeMax - g.Lifetime)))
		}
		w.push(item{at: it.at + life, kind: kindClose, client: idx})
	}
	for i, m := range g.Messages {
		w.push(item{at: it.at + m.After + w.gap(st, m), kind: kindMessage, phase: int32(i), client: idx})
	}
}

// reconnect schedules a group's client to connect again after its reconnect delay.
func (w *wsRun) reconnect(group int, now time.Time) {
	st := w.groups[group]
	g := st.g
	if !g.Reconnects {
		return
	}
	delay := g.Reconnect
	if g.ReconnectMax > g.Reconnect {
		delay += time.Duration(st.rng.Int64N(int64(g.ReconnectMax - g.Reconnect)))
	}
	w.push(item{at: w.offset(now) + delay, kind: kindConnect, phase: int32(group), client: 2})
}

// gap is the time to a client's next message: 1/rate, or exponential for Poisson.
func (w *wsRun) gap(st *groupState, m *MessageSpec) time.Duration {
	g := 1 / m.Rate
	if m.Arrival == "poisson" {
		g = st.rng.ExpFloat64() / m.Rate
	}
	return time.Duration(math.Max(g*float64(time.Second), 1))
}

func (w *wsRun) message(it item) {
	vc := w.conns[it.client]
	if vc.closed {
		return
	}
	st := w.groups[vc.group]
	m := st.g.Messages[it.phase]
	if m.For > 0 && it.at-vc.connectAt-m.After >= m.For {
		return
	}
	w.ops++
	in := websocket.Inbound{Data: st.bodys[it.phase], Binary: m.Binary}
	if m.Frame > 0 {
		in.LargestFrame = min(m.Frame, len(in.Data))
	}
	if s := int(it.at / time.Second); w.onSample != nil && s != w.sampled {
		w.sampled = s
		in.Trace = true
		w.onSample(s, vc.conn.Receive(in), m.Body)
	} else {
		vc.conn.Receive(in)
	}
	if !vc.closed {
		w.push(item{at: it.at + w.gap(st, m), kind: kindMessage, phase: it.phase, client: it.client})
	}
}

// pushNow is the backend calling POST @connections for one push.
func (w *wsRun) pushNow(ps *pushState) {
	p := ps.p
	t := w.tables[ps.api.Name+"/"+p.Stage]
	var ids []string
	if p.Target == "known" {
		if t != nil {
			ids = append(ids, t.ids...)
		}
	} else {
		for _, c := range ps.api.Conns() {
			if c.Stage() == p.Stage {
				ids = append(ids, c.ID())
			}
		}
	}
	if len(ids) == 0 {
		return
	}
	if p.Pick == "random" {
		k := ps.rng.IntN(len(ids))
		ids = ids[k : k+1]
	}
	data := []byte(p.Data)
	for _, id := range ids {
		_, err := ps.api.PostToConnection(p.Stage, id, data)
		if err != nil && err.Status == 410 && p.OnGone == "forget" && t != nil {
			t.forget(id)
		}
	}
}

// storm drops connections at once: the clients vanish (1006 by default) and $disconnect runs
// for each.
func (w *wsRun) storm(s *Storm) {
	var open []*vconn
	for _, vc := range w.conns {
		if !vc.closed && (s.Group == "" || w.groups[vc.group].g.Name == s.Group) {
			open = append(open, vc)
		}
	}
	n := s.Count
	if s.Fraction > 0 {
		n = int(math.Round(s.Fraction * float64(len(open))))
	}
	n = min(n, len(open))
	// a partial Fisher–Yates shuffle picks n of them with the seed
	for i := 0; i < n; i++ {
		j := i + w.rng.IntN(len(open)-i)
		open[i], open[j] = open[j], open[i]
		open[i].conn.Closed(s.Code, s.Reason)
		open[i].closed = true
	}
}

// finish copies what the clients received into their groups.
func (w *wsRun) finish() {
	w.res.openAtEnd = w.open
	for _, vc := range w.conns {
		w.groups[vc.group].res.received += vc.received
	}
}

// addWS adds a WebSocket exchange's integration latency to the run's (AWS's
// IntegrationLatency is the same metric for every API type).
func (a *acc) addWS(ex *websocket.Exchange) {
	if ex.Integrated {
		a.integration.add(ex.IntegrationLatency)
	}
}

// closeWS copies the second's WebSocket counts into its sample and starts the next second.
func (s *secondState) closeWS() {
	w := s.ws
	if w == nil {
		return
	}
	c := &s.cur
	c.ConnectCount, c.MessageCount, c.Disconnects = w.connects, w.messagesIn+w.messagesOut, w.disconnects
	c.ClientError, c.IntegrationError, c.ExecutionError = w.clientErrors, w.integrationErrors, w.executionErrors
	c.Gone = w.pushStatus[410]
	*w = wsAcc{connectStatus: w.connectStatus, closeCodes: w.closeCodes, pushStatus: w.pushStatus, routes: w.routes}
	clear(w.connectStatus)
	clear(w.closeCodes)
	clear(w.pushStatus)
	clear(w.routes)
}

// wsMetric evaluates a WebSocket metric name; ok is false when m is not one.
func (a *acc) wsMetric(m string) (float64, bool, error) {
	w := a.ws
	if w == nil {
		w = &wsAcc{}
	}
	switch m {
	case "ConnectCount":
		return float64(w.connects), true, nil
	case "MessageCount":
		return float64(w.messagesIn + w.messagesOut), true, nil
	case "messages.in":
		return float64(w.messagesIn), true, nil
	case "messages.out":
		return float64(w.messagesOut), true, nil
	case "ClientError":
		return float64(w.clientErrors), true, nil
	case "IntegrationError":
		return float64(w.integrationErrors), true, nil
	case "ExecutionError":
		return float64(w.executionErrors), true, nil
	case "disconnect.count":
		return float64(w.disconnects), true, nil
	case "connections.max":
		return float64(w.maxOpen), true, nil
	}
	for _, k := range []struct {
		prefix string
		counts map[int]int64
		hint   string
	}{{"connect.", w.connectStatus, "connect.STATUS.count, e.g. connect.101.count or connect.403.count"},
		{"disconnect.", w.closeCodes, "disconnect.CODE.count, e.g. disconnect.1001.count"},
		{"push.", w.pushStatus, "push.STATUS.count, e.g. push.200.count or push.410.count"}} {
		rest, ok := strings.CutPrefix(m, k.prefix)
		if !ok {
			continue
		}
		code, ok := strings.CutSuffix(rest, ".count")
		n, err := strconv.Atoi(code)
		if !ok || err != nil || n < 100 || n > 4999 {
			return 0, true, fmt.Errorf("%q: write %s", m, k.hint)
		}
		return float64(k.counts[n]), true, nil
	}
	if rest, ok := strings.CutPrefix(m, "route."); ok {
		key, ok := strings.CutSuffix(rest, ".count")
		if !ok || key == "" {
			return 0, true, fmt.Errorf("%q: write route.KEY.count, e.g. route.sendMessage.count or route.$default.count", m)
		}
		return float64(w.routes[key]), true, nil
	}
	return 0, false, nil
}
