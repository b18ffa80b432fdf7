package websocket

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"apigwlab/engine/wire"
)

// Real API Gateway WebSocket events, as AWS delivered them to a function (facts the
// engine's events are byte-compared with, after removing whitespace; key order matters):
// connect.json and disconnect.json as published in aws-powertools/powertools-lambda-python's
// test events (apiGatewayWebSocketApiConnect/Disconnect, captured 2024-11), message.json as
// aws/aws-lambda-go's events test data (apigw-websocket-request-send-message, 2024-01).
var captures = map[string]string{
	"connect.json": `{
  "headers": {
      "Host": "fjnq7njcv2.execute-api.us-east-1.amazonaws.com",
      "Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits",
      "Sec-WebSocket-Key": "+W5xw47OHh3OTFsWKjGu9Q==",
      "Sec-WebSocket-Version": "13",
      "X-Amzn-Trace-Id": "Root=1-6731ebfc-08e1e656421db73c5d2eef31",
      "X-Forwarded-For": "166.90.225.1",
      "X-Forwarded-Port": "443",
      "X-Forwarded-Proto": "https"
  },
  "multiValueHeaders": {
      "Host": ["fjnq7njcv2.execute-api.us-east-1.amazonaws.com"],
      "Sec-WebSocket-Extensions": ["permessage-deflate; client_max_window_bits"],
      "Sec-WebSocket-Key": ["+W5xw47OHh3OTFsWKjGu9Q=="],
      "Sec-WebSocket-Version": ["13"],
      "X-Amzn-Trace-Id": ["Root=1-6731ebfc-08e1e656421db73c5d2eef31"],
      "X-Forwarded-For": ["166.90.225.1"],
      "X-Forwarded-Port": ["443"],
      "X-Forwarded-Proto": ["https"]
  },
  "requestContext": {
      "routeKey": "$connect",
      "eventType": "CONNECT",
      "extendedRequestId": "BFHPhFe3IAMF95g=",
      "requestTime": "11/Nov/2024:11:35:24 +0000",
      "messageDirection": "IN",
      "stage": "prod",
      "connectedAt": 1731324924553,
      "requestTimeEpoch": 1731324924561,
      "identity": {
          "sourceIp": "166.90.225.1"
      },
      "requestId": "BFHPhFe3IAMF95g=",
      "domainName": "asasasas.execute-api.us-east-1.amazonaws.com",
      "connectionId": "BFHPhfCWIAMCKlQ=",
      "apiId": "asasasas"
  },
  "isBase64Encoded": false
}`,
	"disconnect.json": `{
    "headers": {
        "Host": "asasasas.execute-api.us-east-1.amazonaws.com",
        "x-api-key": "",
        "X-Forwarded-For": "",
        "x-restapi": ""
    },
    "multiValueHeaders": {
        "Host": ["asasasas.execute-api.us-east-1.amazonaws.com"],
        "x-api-key": [""],
        "X-Forwarded-For": [""],
        "x-restapi": [""]
    },
    "requestContext": {
        "routeKey": "$disconnect",
        "disconnectStatusCode": 1005,
        "eventType": "DISCONNECT",
        "extendedRequestId": "BFbOeE87IAMF31w=",
        "requestTime": "11/Nov/2024:13:51:49 +0000",
        "messageDirection": "IN",
        "disconnectReason": "Client-side close frame status not set",
        "stage": "prod",
        "connectedAt": 1731332735513,
        "requestTimeEpoch": 1731333109875,
        "identity": {
            "sourceIp": "166.90.225.1"
        },
        "requestId": "BFbOeE87IAMF31w=",
        "domainName": "asasasas.execute-api.us-east-1.amazonaws.com",
        "connectionId": "BFaT_fALIAMCKug=",
        "apiId": "asasasas"
    },
    "isBase64Encoded": false
}`,
	"message.json": `{
  "requestContext": {
    "routeKey": "$default",
    "messageId": "R1knPc2ntjMCFIA=",
    "eventType": "MESSAGE",
    "extendedRequestId": "R1knPH17NjMFftw=",
    "requestTime": "20/Jan/2024:11:55:00 +0000",
    "messageDirection": "IN",
    "stage": "prod",
    "connectedAt": 1705751697419,
    "requestTimeEpoch": 1705751700453,
    "identity": {
      "userAgent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36",
      "sourceIp": "49.105.91.154"
    },
    "requestId": "R1knPH17NjMFftw=",
    "domainName": "dl7ptocha9.execute-api.ap-northeast-1.amazonaws.com",
    "connectionId": "R1kmxc2VNjMCFIA=",
    "apiId": "gy415nuibc"
  },
  "body": "{\r\n\t\"a\": 1\r\n}",
  "isBase64Encoded": false
}`,
}

func capture(t *testing.T, name string) string {
	t.Helper()
	raw, ok := captures[name]
	if !ok {
		t.Fatalf("no capture %s", name)
	}
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(raw)); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func ms(n int64) time.Time { return time.UnixMilli(n).UTC() }

// The events are byte-compared with real captures (captures above).
func TestEventsMatchCaptures(t *testing.T) {
	for _, tc := range []struct {
		file string
		in   eventInput
	}{
		{"connect.json", eventInput{eventType: EventConnect, routeKey: "$connect", requestID: "BFHPhFe3IAMF95g=", stage: "prod",
			connectionID: "BFHPhfCWIAMCKlQ=", apiID: "asasasas", domainName: "asasasas.execute-api.us-east-1.amazonaws.com",
			sourceIP: "166.90.225.1", connectedAt: ms(1731324924553), at: ms(1731324924561),
			header: wire.Headers{{Name: "Host", Value: "fjnq7njcv2.execute-api.us-east-1.amazonaws.com"},
				{Name: "Sec-WebSocket-Extensions", Value: "permessage-deflate; client_max_window_bits"},
				{Name: "Sec-WebSocket-Key", Value: "+W5xw47OHh3OTFsWKjGu9Q=="}, {Name: "Sec-WebSocket-Version", Value: "13"},
				{Name: "X-Amzn-Trace-Id", Value: "Root=1-6731ebfc-08e1e656421db73c5d2eef31"}, {Name: "X-Forwarded-For", Value: "166.90.225.1"},
				{Name: "X-Forwarded-Port", Value: "443"}, {Name: "X-Forwarded-Proto", Value: "https"}}}},
		{"message.json", eventInput{eventType: EventMessage, routeKey: "$default", messageID: "R1knPc2ntjMCFIA=", requestID: "R1knPH17NjMFftw=",
			stage: "prod", connectionID: "R1kmxc2VNjMCFIA=", apiID: "gy415nuibc", domainName: "dl7ptocha9.execute-api.ap-northeast-1.amazonaws.com",
			sourceIP: "49.105.91.154", userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36",
			connectedAt: ms(1705751697419), at: ms(1705751700453), body: []byte("{\r\n\t\"a\": 1\r\n}")}},
		{"disconnect.json", eventInput{eventType: EventDisconnect, routeKey: "$disconnect", requestID: "BFbOeE87IAMF31w=", stage: "prod",
			connectionID: "BFaT_fALIAMCKug=", apiID: "asasasas", domainName: "asasasas.execute-api.us-east-1.amazonaws.com",
			sourceIP: "166.90.225.1", connectedAt: ms(1731332735513), at: ms(1731333109875), disconnectCode: 1005,
			disconnectWhy: "Client-side close frame status not set",
			header:        (&Conn{api: &API{domainName: "asasasas.execute-api.us-east-1.amazonaws.com"}}).disconnectHeaders()}},
	} {
		if got, want := string(tc.in.json()), capture(t, tc.file); got != want {
			t.Errorf("%s:\n got %s\nwant %s", tc.file, got, want)
		}
	}
}

func TestErrorFrameBytes(t *testing.T) {
	// wscat capture (aws-facts-v2 fact 93)
	want := `{"message": "Forbidden", "connectionId":"XDmENcnwIE0CFEQ=", "requestId":"XDmGEE2RoE0FRdQ="}`
	if got := string(errorFrame("Forbidden", "XDmENcnwIE0CFEQ=", "XDmGEE2RoE0FRdQ=")); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestSelection(t *testing.T) {
	for _, tc := range []struct{ expr, msg, want string }{
		{"$request.body.action", `{"action":"join"}`, "join"},
		{"$request.body.action", `{"x":1}`, ""},
		{"$request.body.a.b", `{"a":{"b":"deep"}}`, "deep"},
		{"${request.body.service}/${request.body.action}", `{"service":"chat","action":"join"}`, "chat/join"},
		{"$request.body.items", `{"items":["item1","item2"]}`, "[item1, item2]"},
		{"$request.body.n", `{"n":42}`, "42"},
		{`\$default`, `{}`, "$default"},
	} {
		s, err := parseSelection(tc.expr)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := s.eval([]byte(tc.msg)); got != tc.want {
			t.Errorf("%s on %s: %q, want %q", tc.expr, tc.msg, got, tc.want)
		}
	}
}

func FuzzSelection(f *testing.F) {
	f.Add("$request.body.action", `{"action":"x"}`)
	f.Add("${request.body.a}/${request.body.b}", `{"a":[1,{"b":2}]}`)
	f.Fuzz(func(t *testing.T, expr, msg string) {
		s, err := parseSelection(expr)
		if err != nil {
			return
		}
		s.eval([]byte(msg))
		_ = s.String()
	})
}
