# apigwlab — make run starts the app, make test runs every test.
GO ?= go
BIN := bin/apigwlab

.PHONY: run build install startup test bench bench-serve load-serve bench-ws load-ws fuzz fuzz-short lint clean

run: ## start the terminal UI
	$(GO) run .

build: ## build bin/apigwlab
	$(GO) build -o $(BIN) .

install: ## put apigwlab in $(go env GOPATH)/bin (add it to PATH for the bare `apigwlab` commands)
	$(GO) install .

startup: ## start-up figures: apigwlab --help and the TUI's first frame (medians, needs tmux)
	scripts/startup.sh

test: lint ## vet, then every test with the race detector
	$(GO) vet ./...
	$(GO) test -race -timeout 20m ./...

bench: ## hot-path benchmarks (engine pipeline, router, lambda)
	$(GO) test -run '^$$' -bench . -benchmem ./engine/...

bench-serve: ## serve's requests/s over loopback (MOCK method) beside a bare net/http server
	APIGWLAB_BENCH_SERVE=1 $(GO) test -run '^TestServeThroughputRatio$$' -bench BenchmarkServeThroughput -benchtime 2s -v ./server/

load-serve: ## serve under 400 hostile connections (10 MB declared, 1 byte sent): RSS < 200 MB, loopback only
	APIGWLAB_LOAD=1 $(GO) test -count=1 -run '^TestServeHostileBodiesLoad$$' -v ./cli/

bench-ws: ## WebSocket echo round trips over loopback: serve beside a bare gorilla/websocket echo server
	$(GO) test -run '^$$' -bench BenchmarkWebSocketEcho -benchtime 20000x -benchmem ./server/

load-ws: ## serve holding 10,000 idle WebSocket connections on loopback; prints memory per connection
	APIGWLAB_WS_LOAD=1 $(GO) test -count=1 -timeout 10m -run '^TestServeWebSocketIdleLoad$$' -v ./cli/

fuzz-short: ## every fuzz target for 5,000 executions (CI runs it; .ci/fuzz; KEEP=1 keeps new inputs in testdata/fuzz)
	.ci/fuzz

FUZZTIME ?= 10s
fuzz: ## a longer run of every fuzz target
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz'); do \
	    echo "fuzz $$pkg $$f"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 10s $$pkg || exit 1; \
	  done; \
	done

lint: ## gofmt check
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

clean:
	rm -rf bin
