# socialvalue: two commands for a newcomer.
#   make demo   install, run the whole pipeline on the bundled sample data, publish the dashboards
#   make test   install with test tools and the headless browser, lint, run the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-dev browser lint ui serve bench clean

demo: install
	$(BIN)/socialvalue demo

test: install-dev browser
	$(BIN)/ruff check .
	$(BIN)/pytest

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@# Writes .env (SOCIALVALUE_HOME, DAGSTER_HOME) so `dagster dev` keeps its runs in data/.
	$(BIN)/python -c "from socialvalue.settings import configure_environment as c; c()"
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

browser:
	scripts/ensure-chromium
	scripts/ensure-axe

lint: install-dev
	$(BIN)/ruff check .

ui: install
	$(BIN)/socialvalue ui

serve: install
	$(BIN)/socialvalue serve

bench: install-dev
	$(BIN)/python -m benchmarks.ingest --rows 1000000 5000000

clean:
	rm -rf data .env benchmarks/work .pytest_cache .cache
