package websocket

// Metrics are a stage's CloudWatch metrics for WebSocket APIs, named as AWS names them
// (apigateway-websocket-api-logging / metrics: ConnectCount, MessageCount,
// IntegrationError, ClientError, ExecutionError, IntegrationLatency).
type Metrics struct {
	ConnectCount     int64
	MessageCount     int64 // messages from and to clients (replies, error frames, pushes)
	IntegrationError int64
	ClientError      int64
	ExecutionError   int64
	// IntegrationLatencySum and Integrations give the mean IntegrationLatency (ms).
	IntegrationLatencyMsSum int64
	Integrations            int64
	// Disconnects counts $disconnect events (not an AWS metric; replay and the TUI chart it).
	Disconnects int64
}

func (a *API) record(ex *Exchange) {
	a.metricsMu.Lock()
	defer a.metricsMu.Unlock()
	m := a.metrics[ex.Stage]
	if m == nil {
		m = &Metrics{}
		a.metrics[ex.Stage] = m
	}
	switch ex.EventType {
	case EventConnect:
		m.ConnectCount++
	case EventMessage:
		m.MessageCount++
	case EventDisconnect:
		m.Disconnects++
	}
	if ex.Reply != nil {
		m.MessageCount++
	}
	if ex.IntegrationError {
		m.IntegrationError++
	}
	if ex.ClientError {
		m.ClientError++
	}
	if ex.ExecutionError {
		m.ExecutionError++
	}
	if ex.Integrated {
		m.Integrations++
		m.IntegrationLatencyMsSum += ex.IntegrationLatency.Milliseconds()
	}
}

// Metrics returns a copy of a stage's metrics so far.
func (a *API) Metrics(stage string) Metrics {
	a.metricsMu.Lock()
	defer a.metricsMu.Unlock()
	if m := a.metrics[stage]; m != nil {
		return *m
	}
	return Metrics{}
}
