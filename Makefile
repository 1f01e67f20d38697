# Gelar Inovasi: `make run` starts everything on embedded defaults, `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
export UV_PYTHON_DOWNLOADS := never
# Tests run in two processes, a file's tests in one, each process with its own Redis databases; beside
# them, the browser tests in a third (they share one running system); its output follows at the end.
TEST_WORKERS ?= 3

.PHONY: run test lint typecheck imports compose-check e2e browser fmt migrate migration seed clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

## run: the whole system on this machine (APIs on 8001/8002/8003, S3 on 8333); Ctrl-C stops it
run: $(VENV)/.synced
	$(BIN)/python -m shared.devtools.run

## test: lint, types, import contracts, compose file, then every test on real servers
test: lint typecheck imports compose-check
	@mkdir -p test-artifacts; \
	$(BIN)/python -m pytest tests/browser > test-artifacts/browser-tests.log 2>&1 & browser=$$!; \
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --ignore=tests/browser; rest=$$?; \
	wait $$browser; browser_status=$$?; \
	echo "--- browser tests (test-artifacts/browser-tests.log) ---"; cat test-artifacts/browser-tests.log; \
	exit $$(( rest || browser_status ))

lint: $(VENV)/.synced
	$(BIN)/ruff format --check shared services tests
	$(BIN)/ruff check shared services tests

typecheck: $(VENV)/.synced
	$(BIN)/mypy shared services tests

imports: $(VENV)/.synced
	$(BIN)/lint-imports

compose-check:
	@if command -v docker-compose >/dev/null; then \
		docker-compose -f docker-compose.yml config -q && echo "docker-compose.yml is valid"; \
	else echo "docker-compose is missing (apt-get install docker-compose): cannot validate docker-compose.yml"; exit 1; fi

## e2e: only the end-to-end tests (processes started as make run starts them)
e2e: $(VENV)/.synced
	$(BIN)/python -m pytest tests/e2e

## browser: only the browser tests (Debian's Chromium; screenshots in test-artifacts/browser/)
browser: $(VENV)/.synced
	$(BIN)/python -m pytest tests/browser

fmt: $(VENV)/.synced
	$(BIN)/ruff format shared services tests
	$(BIN)/ruff check --fix shared services tests

migrate: $(VENV)/.synced
	for s in submission review notification; do $(BIN)/python -m services.$$s migrate; done

seed: migrate
	$(BIN)/python -m services.submission seed-demo

## migration: SERVICE=review MESSAGE="what changed" makes a date-stamped migration from the models
migration: $(VENV)/.synced
	$(BIN)/python -m shared.devtools.makemigration $(SERVICE) "$(MESSAGE)"
	$(BIN)/ruff format services/$(SERVICE)/migrations

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
