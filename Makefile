# 求職者マイページ — the two commands of the README, and their parts.
GO       ?= go
CHROMIUM ?= /usr/bin/chromium
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test vet gotest fuzz e2e e2e-shared chromium bench

## run: My Page on http://localhost:8080 with the embedded store under ./data
run:
	$(GO) run ./server

## test: everything, on a fresh machine
test: vet gotest fuzz e2e

vet:
	$(GO) vet ./...
	@unformatted=$$(gofmt -l auth server views static); if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi

gotest:
	$(GO) test -count=1 ./...

# Every form parser, fuzzed briefly; the seeds in testdata/fuzz also run in gotest.
FUZZ_TARGETS = FuzzRegister FuzzLogin FuzzBasic FuzzPreferences FuzzWorkplace FuzzPR FuzzJobSearch FuzzFormBody FuzzParseAdvance FuzzParseSet
FUZZTIME ?= 3s
fuzz:
	@for f in $(FUZZ_TARGETS); do \
		echo "fuzz $$f ($(FUZZTIME))"; \
		$(GO) test ./server/web/form -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 1s || exit 1; \
	done

## e2e: the browser suite once, against one server that two runs share at the same time: the pc
## project in one, the smartphone project in the other (e2e/shared-server.sh --split)
e2e: chromium e2e/node_modules/.installed bin/mailpit
	e2e/shared-server.sh --split

## e2e-shared: one server, and the whole suite run twice at the same time against it (twice the work)
e2e-shared: chromium e2e/node_modules/.installed bin/mailpit
	e2e/shared-server.sh

# Mailpit, the SMTP server the e2e suite sends to and reads mail from (its
# API), built once into bin/ (git-ignored); the first build takes minutes.
MAILPIT_VERSION = v1.33.1
bin/mailpit:
	GOBIN=$(CURDIR)/bin $(GO) install github.com/axllent/mailpit@$(MAILPIT_VERSION)

# Debian's Chromium: Playwright cannot download a browser here.
chromium:
	@test -x $(CHROMIUM) || { $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends chromium fonts-noto-cjk; }

e2e/node_modules/.installed: e2e/package.json e2e/package-lock.json
	cd e2e && npm ci --no-audit --no-fund
	touch $@

## bench: the real server under load (server/loadtest); results in server/loadtest/out/.
## SEEKERS=N fills the store with N generated seekers first (server fill), e.g. make bench SEEKERS=100000
SEEKERS ?= 0
bench:
	SEEKERS=$(SEEKERS) $(GO) run ./server/loadtest
