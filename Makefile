# socialvalue: two commands for a newcomer.
#   make demo   install, run the whole pipeline on the bundled sample data, publish the dashboards
#   make test   install with test tools and the headless browser, lint, run the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-dev browser lint audit lock ui serve bench bench-shared clean

demo: install
	$(BIN)/socialvalue demo

test: install-dev browser
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	scripts/audit-dependencies
	$(BIN)/pytest

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# The dependencies come from the lock, each checked against its hash; then the project itself.
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@# Writes .env (SOCIALVALUE_HOME, DAGSTER_HOME) so `dagster dev` keeps its runs in data/.
	$(BIN)/python -c "from basics.settings import configure_environment as c; c()"
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e '.[dev]'
	touch $@

# Known vulnerabilities in the locked dependencies (skipped, saying so, when PyPI is unreachable).
audit: install-dev
	scripts/audit-dependencies

# Re-pin every dependency within pyproject.toml's bounds, with hashes, for every platform.
lock: install-dev
	$(BIN)/pip install --quiet "uv>=0.13,<0.14"
	$(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
		--custom-compile-command "make lock" -o requirements.lock -q
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--generate-hashes --custom-compile-command "make lock" -o requirements-dev.lock -q

browser:
	scripts/ensure-chromium
	scripts/ensure-axe

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports

ui: install
	$(BIN)/socialvalue ui

serve: install
	$(BIN)/socialvalue serve

bench: install-dev
	$(BIN)/python -m benchmarks.ingest --rows 1000000 5000000

# The embedded warehouse against the shared one with 1, 2 and 4 workers (starts its own
# PostgreSQL through scripts/ensure-postgres; see deploy/README.md).
bench-shared: install-dev
	$(BIN)/python -m benchmarks.shared --councils 24 --months 12 --rows 5000 --workers 1 2 4

clean:
	rm -rf data .env benchmarks/work .pytest_cache .cache
