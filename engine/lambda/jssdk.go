package lambda

import (
	"fmt"
	"strings"
	"sync"

	"github.com/dop251/goja"
)

// The AWS SDK for JavaScript v3's @aws-sdk/client-apigatewaymanagementapi, as far as a
// WebSocket backend uses it: ApiGatewayManagementApiClient with send() of
// PostToConnectionCommand, GetConnectionCommand and DeleteConnectionCommand, the aggregated
// ApiGatewayManagementApi client (postToConnection, getConnection, deleteConnection), and the
// modeled exceptions. The Node.js 18+ runtimes bundle SDK v3 only (require("aws-sdk") fails
// there too). Calls go to the Service's Connections synchronously; send() returns a settled
// promise. Shapes follow the SDK:
//
//   - output: {$metadata: {httpStatusCode, requestId, attempts: 1, totalRetryDelay: 0}};
//     GetConnection adds ConnectedAt and LastActiveAt (Date) and Identity {SourceIp, UserAgent};
//   - errors: instances of GoneException (410), ForbiddenException (403),
//     LimitExceededException (429), PayloadTooLargeException (413), else
//     ApiGatewayManagementApiServiceException, with name, $fault "client", $metadata, and
//     message from the body's "message", or "UnknownError" when the body has none — a 410's
//     empty body gives "UnknownError" (smithy-client decorateServiceException).
//
// The client needs its endpoint, https://{domainName}/{stage} from the event's
// requestContext, as on AWS (without it the SDK would call execute-api's regional host).

const sdkConnectionsModule = "@aws-sdk/client-apigatewaymanagementapi"

var jsSDKConnections = sync.OnceValue(func() *goja.Program { // compiled at first use, not in init
	return goja.MustCompile("client-apigatewaymanagementapi.js", `(function (call) {
	class ApiGatewayManagementApiServiceException extends Error {
		constructor(o) {
			super(o.message);
			this.name = o.name;
			this.$fault = o.$fault;
			this.$metadata = o.$metadata;
		}
	}
	function modeled(name, fault) {
		const E = class extends ApiGatewayManagementApiServiceException {
			constructor(o) { super(Object.assign({}, o, {name: name, $fault: fault})); }
		};
		Object.defineProperty(E, "name", {value: name});
		return E;
	}
	const GoneException = modeled("GoneException", "client");
	const ForbiddenException = modeled("ForbiddenException", "client");
	const LimitExceededException = modeled("LimitExceededException", "client");
	const PayloadTooLargeException = modeled("PayloadTooLargeException", "client");
	const modeledErrors = {GoneException, ForbiddenException, LimitExceededException, PayloadTooLargeException};

	function endpointOf(config) {
		let e = config && config.endpoint;
		if (e && typeof e === "object" && e.hostname) {
			e = (e.protocol || "https:") + "//" + e.hostname + (e.port ? ":" + e.port : "") + (e.path || "");
		}
		if (!e) {
			throw new Error("ApiGatewayManagementApiClient needs an endpoint: new ApiGatewayManagementApiClient({endpoint: " +
				"'https://' + event.requestContext.domainName + '/' + event.requestContext.stage})");
		}
		return String(e);
	}
	function metadata(a) {
		return {httpStatusCode: a.status, requestId: a.requestId, extendedRequestId: undefined, cfId: undefined, attempts: 1, totalRetryDelay: 0};
	}
	function run(config, method, input) {
		input = input || {};
		if (typeof input.ConnectionId !== "string" || input.ConnectionId === "") {
			throw new Error("ConnectionId is required: the connection to call, e.g. event.requestContext.connectionId");
		}
		const a = call(method, endpointOf(config), input.ConnectionId, method === "POST" ? input.Data : undefined);
		const $metadata = metadata(a);
		if (a.status >= 300) {
			let body = {};
			try { body = a.body ? JSON.parse(a.body) : {}; } catch (e) {}
			const Ctor = modeledErrors[a.type] || ApiGatewayManagementApiServiceException;
			const err = new Ctor({name: a.type || String(a.status), $fault: a.status >= 500 ? "server" : "client", $metadata: $metadata,
				message: body.message || body.Message || "UnknownError"});
			throw err;
		}
		if (method === "GET") {
			const b = JSON.parse(a.body);
			return {$metadata: $metadata, ConnectedAt: new Date(b.connectedAt),
				Identity: {SourceIp: b.identity.sourceIp, UserAgent: b.identity.userAgent === null ? undefined : b.identity.userAgent},
				LastActiveAt: new Date(b.lastActiveAt)};
		}
		return {$metadata: $metadata};
	}
	function command(method) {
		return class { constructor(input) { this.input = input; this.method = method; } };
	}
	const PostToConnectionCommand = command("POST");
	const GetConnectionCommand = command("GET");
	const DeleteConnectionCommand = command("DELETE");
	class ApiGatewayManagementApiClient {
		constructor(config) { this.config = config || {}; }
		send(cmd, cb) {
			let p;
			try {
				p = Promise.resolve(run(this.config, cmd.method, cmd.input));
			} catch (e) {
				p = Promise.reject(e);
			}
			if (typeof cb === "function") {
				p.then(function (r) { cb(null, r); }, function (e) { cb(e); });
				return;
			}
			return p;
		}
		destroy() {}
	}
	class ApiGatewayManagementApi extends ApiGatewayManagementApiClient {
		postToConnection(input, cb) { return this.send(new PostToConnectionCommand(input), cb); }
		getConnection(input, cb) { return this.send(new GetConnectionCommand(input), cb); }
		deleteConnection(input, cb) { return this.send(new DeleteConnectionCommand(input), cb); }
	}
	return {ApiGatewayManagementApiClient, ApiGatewayManagementApi, PostToConnectionCommand, GetConnectionCommand,
		DeleteConnectionCommand, ApiGatewayManagementApiServiceException, GoneException, ForbiddenException,
		LimitExceededException, PayloadTooLargeException};
})`, false)
})

// sdkConnections returns the module for require, built once per environment.
func (e *jsEnv) sdkConnections() goja.Value {
	if e.sdkConns != nil {
		return e.sdkConns
	}
	vm := e.vm
	factory, err := vm.RunProgram(jsSDKConnections())
	if err != nil {
		panic(vm.NewGoError(err))
	}
	fn, _ := goja.AssertFunction(factory)
	m, err := fn(goja.Undefined(), vm.ToValue(e.connectionsCall))
	if err != nil {
		panic(err)
	}
	e.sdkConns = m
	return m
}

// connectionsCall is the shim's way out: one @connections call through the Service's
// Connections. It answers {status, type, body, requestId}, or throws the network error an
// unreachable endpoint gives.
func (e *jsEnv) connectionsCall(method, endpoint, id string, data goja.Value) goja.Value {
	vm := e.vm
	var payload []byte
	if method == "POST" {
		switch x := exportData(data).(type) {
		case string:
			payload = []byte(x)
		case []byte:
			payload = x
		default:
			panic(vm.NewTypeError("Data must be a string or a Uint8Array (e.g. JSON.stringify(message)), not " + data.String()))
		}
	}
	var conns Connections
	if c := e.call; c != nil && c.in != nil {
		conns = c.in.conns
	}
	host := endpoint
	if i := strings.Index(host, "//"); i >= 0 {
		host = host[i+2:]
	}
	host, _, _ = strings.Cut(host, "/")
	if conns == nil {
		ex := vm.NewGoError(fmt.Errorf("getaddrinfo ENOTFOUND %s (apigwlab: no WebSocket API answers @connections here)", host))
		_ = ex.Set("code", "ENOTFOUND")
		panic(ex)
	}
	a, err := conns.Call(e.r.fn, method, endpoint, id, payload)
	if err != nil {
		ex := vm.NewGoError(fmt.Errorf("getaddrinfo ENOTFOUND %s (apigwlab: %v)", host, err))
		_ = ex.Set("code", "ENOTFOUND")
		panic(ex)
	}
	o := vm.NewObject()
	_ = o.Set("status", a.Status)
	_ = o.Set("type", a.ErrorType)
	_ = o.Set("body", string(a.Body))
	_ = o.Set("requestId", a.RequestID)
	return o
}

// exportData turns the SDK's Data (a string, Uint8Array or ArrayBuffer) into Go.
func exportData(v goja.Value) any {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return nil
	}
	switch x := v.Export().(type) {
	case string:
		return x
	case []byte:
		return x
	case goja.ArrayBuffer:
		return x.Bytes()
	}
	return nil
}
