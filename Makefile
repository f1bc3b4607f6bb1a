# The two commands: `make run` and `make test`. Everything else is a step they take.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STATIC := src/commonweal/static
GOVUK := node_modules/govuk-frontend/dist/govuk

.PHONY: run test install frontend lint audit format bench openapi clean

run: install
	$(BIN)/commonweal demo

test: install
	$(BIN)/pytest

install: $(VENV)/.installed frontend

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip setuptools
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

frontend: $(STATIC)/commonweal/commonweal.css $(STATIC)/govuk/.copied $(STATIC)/leaflet/.copied

$(STATIC)/commonweal/commonweal.css: node_modules/.installed src/commonweal/static_src/commonweal.scss
	mkdir -p $(STATIC)/commonweal
	npm run --silent build

$(STATIC)/govuk/.copied: node_modules/.installed Makefile
	mkdir -p $(STATIC)/govuk
	cp -R $(GOVUK)/assets $(STATIC)/govuk/
	cp $(GOVUK)/govuk-frontend.min.js $(GOVUK)/govuk-frontend.min.js.map $(STATIC)/govuk/
	touch $@

$(STATIC)/leaflet/.copied: node_modules/.installed Makefile
	mkdir -p $(STATIC)/leaflet
	cp -R node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map \
		node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images $(STATIC)/leaflet/
	touch $@

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit --quiet --recursive src --exclude '*/tests/*,*/conftest.py'

# Known vulnerabilities in the installed packages. Needs PyPI's JSON API (or OSV), which
# this project's CI machines cannot reach, so it is not part of `make lint`: run it
# where they are reachable, and before each release.
audit: install
	$(BIN)/pip-audit --strict --skip-editable --progress-spinner off

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

openapi: install
	$(BIN)/commonweal spectacular --file docs/openapi/v1.yaml --validate --fail-on-warn

bench: install
	$(BIN)/commonweal migrate --verbosity 0
	$(BIN)/commonweal load-reference --verbosity 0
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) node_modules var $(STATIC)/commonweal/commonweal.css $(STATIC)/govuk
