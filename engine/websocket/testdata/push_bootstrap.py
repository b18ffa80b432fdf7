# A Lambda custom runtime in Python's standard library (no SDK): it speaks the Runtime API
# and calls @connections at AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI, as a handler using
# boto3's apigatewaymanagementapi client without an endpoint_url would.
import json, os, urllib.error, urllib.request

api = os.environ["AWS_LAMBDA_RUNTIME_API"]
ep = os.environ["AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI"]
http = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # 127.0.0.1, never a proxy


def call(method, url, data=None):
    req = urllib.request.Request(url, data=data, method=method)
    try:
        with http.open(req) as r:
            return r.status, r.headers.get("x-amzn-ErrorType") or "", r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("x-amzn-ErrorType") or "", e.read().decode()


while True:
    with http.open(f"http://{api}/2018-06-01/runtime/invocation/next") as r:
        rid = r.headers["Lambda-Runtime-Aws-Request-Id"]
        event = json.loads(r.read())
    rc = event["requestContext"]
    msg = json.loads(event["body"])
    out = []
    for to in msg["to"]:
        status, typ, _ = call("POST", f"{ep}/{rc['stage']}/@connections/{to}", msg["text"].encode())
        out.append(f"{to}:{status}" + (f":{typ}" if typ else ""))
    # without a stage: the invoking connection's API and stage
    status, _, body = call("GET", f"{ep}/@connections/{rc['connectionId']}")
    out.append(f"me:{status}:{json.loads(body)['identity']['sourceIp']}")
    answer = json.dumps({"statusCode": 200, "body": " ".join(out)}).encode()
    call("POST", f"http://{api}/2018-06-01/runtime/invocation/{rid}/response", answer)
