# The front door: `make run` and `make test` work on a fresh clone with python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATABASE ?= officer.sqlite3

.PHONY: run test system-packages fuzz check lint typecheck lint-proto importlint generate check-generated bench clean

$(STAMP): pyproject.toml constraints.txt solver-requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	$(BIN)/pip install --quiet --no-deps -r solver-requirements.txt
	touch $(STAMP)

## run: install, migrate a SQLite database, load the small demo city, serve on 127.0.0.1:50051
run: $(STAMP)
	$(BIN)/officer-module migrate --database-url sqlite:///$(DATABASE) --log-format console
	$(BIN)/officer-module dev host-sim --size small --database-url sqlite:///$(DATABASE) --log-format console
	$(BIN)/officer-module serve --database-url sqlite:///$(DATABASE) --log-format console

## test: install and run the whole suite (local PostgreSQL and RabbitMQ, or the URLs in
## DATABASE_URL and AMQP_URL, or Docker)
test: $(STAMP)
	./deploy/system-packages.sh
	$(BIN)/pytest

## system-packages: the Debian packages the reports (a CJK font, Pango) and their tests
## (poppler, Chromium) need, installed when missing
system-packages:
	./deploy/system-packages.sh

## fuzz: the hostile client of tests/fuzz, with many more (and fresh random) examples
FUZZ_EXAMPLES ?= 3000
fuzz: $(STAMP)
	OFFICER_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) OFFICER_FUZZ_RANDOM=1 $(BIN)/pytest tests/fuzz

## check: everything CI checks besides the tests
check: lint typecheck importlint lint-proto check-generated

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy service adapters contracts tests

importlint: $(STAMP)
	$(BIN)/lint-imports

lint-proto: $(STAMP)
	$(BIN)/python -m contracts.codegen --descriptor-set-only
	$(BIN)/buf lint build/officer.binpb --path officer

## generate: regenerate protobuf code and JSON schemas (commit the result)
generate: $(STAMP)
	$(BIN)/python -m contracts.codegen

check-generated: $(STAMP)
	$(BIN)/python -m contracts.codegen --check

## bench: run the benchmarks in tests/bench (BENCH lines at the end)
bench: $(STAMP)
	@for script in tests/bench/bench_*.py; do [ -e "$$script" ] || continue; $(BIN)/python -m "tests.bench.$$(basename "$$script" .py)" || exit 1; done

clean:
	rm -rf $(VENV) build .mypy_cache .ruff_cache .pytest_cache
