package engine

import (
	"encoding/base64"
	"strconv"
	"strings"

	"apigwlab/engine/gwresponse"
	"apigwlab/engine/integration"
)

// Payload encodings of non-proxy integrations: how an API's binaryMediaTypes, the
// request's Content-Type or Accept, and the integration's (or integration response's)
// contentHandling decide whether a payload passes as is, is base64-encoded into text or
// is base64-decoded into a binary blob. Source: the two tables of the developer guide
// page api-gateway-payload-encodings-workflow, copied into docs/fidelity.md.

const (
	convertToText   = "CONVERT_TO_TEXT"
	convertToBinary = "CONVERT_TO_BINARY"
)

// payloadAction is what API Gateway does to a payload on its way through.
type payloadAction uint8

const (
	keepText   payloadAction = iota // text stays text; templates apply
	encodeText                      // binary -> base64 text; templates see the base64 ($input.body)
	decodeBlob                      // text -> base64-decoded blob, before any template; none applies
	passBinary                      // binary passes unmodified; no template applies
)

// binary reports whether the payload is binary after the conversion, so that no
// mapping template applies to it.
func (a payloadAction) binary() bool { return a == decodeBlob || a == passBinary }

// requestAction is AWS's request table: a binary method request (Content-Type matches
// binaryMediaTypes) is base64-encoded by CONVERT_TO_TEXT and otherwise passed through;
// a text one is base64-decoded by CONVERT_TO_BINARY and otherwise kept.
func requestAction(binary bool, handling string) payloadAction {
	if binary {
		if handling == convertToText {
			return encodeText
		}
		return passBinary
	}
	if handling == convertToBinary {
		return decodeBlob
	}
	return keepText
}

// responseAction is AWS's response table. acceptBinary: the first media type of the
// request's Accept matches binaryMediaTypes.
//   - text payload: decoded by CONVERT_TO_BINARY, and with no contentHandling when the
//     client accepts binary; kept otherwise.
//   - binary payload: encoded by CONVERT_TO_TEXT, and with no contentHandling when the
//     client accepts text; passed through otherwise.
func responseAction(binary, acceptBinary bool, handling string) payloadAction {
	if binary {
		if handling == convertToText || (handling == "" && !acceptBinary) {
			return encodeText
		}
		return passBinary
	}
	if handling == convertToBinary || (handling == "" && acceptBinary) {
		return decodeBlob
	}
	return keepText
}

// firstMediaType is the first media type of an Accept header: "When a request contains
// multiple media types in its Accept header, API Gateway only honors the first Accept
// media type" (api-gateway-payload-encodings-workflow, Tip).
func firstMediaType(accept string) string {
	first, _, _ := strings.Cut(accept, ",")
	return strings.TrimSpace(first)
}

// base64Decode decodes a text payload into a blob. Padding is optional and surrounding
// white space (a trailing newline) is ignored; anything else that is not base64 fails.
func base64Decode(s string) (string, bool) {
	s = strings.TrimSpace(s)
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		if b, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "=")); err != nil {
			return "", false
		}
	}
	return string(b), true
}

// errBinaryConversion is the failure of a text-to-binary conversion: "If the conversion
// fails, it returns a 500 response indicating an API configuration error"
// (api-gateway-payload-encodings-workflow). The log line is the one users report for a
// response ("Execution failed due to configuration error: Unable to transform
// response"); the request's is assumed to match.
func errBinaryConversion(side string) *gwresponse.Error {
	e := gwresponse.Internal(500, "Execution failed due to configuration error: Unable to transform "+side)
	e.Type = gwresponse.APIConfigurationError
	return e
}

// isBinaryType reports whether a media type matches the API's binaryMediaTypes.
func (c *call) isBinaryType(mediaType string) bool {
	return integration.IsBinary(mediaType, c.api.binaryMediaTypes)
}

// describe says, for the trace, what happened to a payload of n bytes.
func (a payloadAction) describe(handling string, n int) string {
	h := handling
	if h == "" {
		h = "no contentHandling"
	}
	switch a {
	case encodeText:
		return "binary, " + h + ": base64-encoded (" + strconv.Itoa(n) + " bytes)"
	case decodeBlob:
		return "text, " + h + ": base64-decoded into a binary blob, no mapping template"
	case passBinary:
		return "binary, " + h + ": passed through unmodified, no mapping template (" + strconv.Itoa(n) + " bytes)"
	}
	return ""
}
