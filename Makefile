# The command index of vetml. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
NODE_MODULES := node_modules/.package-lock.json
HTMX := src/vetml/web/static/vendor/htmx.min.js
EDITOR := src/vetml/web/static/vendor/editor.js
PAIR := src/vetml/web/static/vendor/pair.js

.PHONY: run test setup system-deps browser-deps lint fmt validate clean cluster

## setup: Debian packages, .venv with vetml and its dev tools, and the front-end assets
setup: system-deps $(INSTALLED) $(HTMX) $(EDITOR) $(PAIR)

system-deps:
	@bash scripts/system-deps.sh

browser-deps:
	@bash scripts/system-deps.sh --browser

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip==25.3
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(INSTALLED)

$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund --silent

$(HTMX): $(NODE_MODULES)
	mkdir -p $(dir $(HTMX))
	cp node_modules/htmx.org/dist/htmx.min.js $(HTMX)

# The assessment page's code editor: CodeMirror 6 and its Python mode, bundled into one file we serve.
$(EDITOR): $(NODE_MODULES) src/vetml/web/frontend/editor.mjs
	mkdir -p $(dir $(EDITOR))
	node_modules/.bin/esbuild src/vetml/web/frontend/editor.mjs --bundle --minify --format=iife --log-level=warning --outfile=$(EDITOR)

# The pair-programming editor: CodeMirror 6 bound to a shared Yjs text (y-codemirror.next), synced by y-websocket.
$(PAIR): $(NODE_MODULES) src/vetml/web/frontend/pair.mjs
	mkdir -p $(dir $(PAIR))
	node_modules/.bin/esbuild src/vetml/web/frontend/pair.mjs --bundle --minify --format=iife --log-level=warning --outfile=$(PAIR)

## run: migrate the database, load the question bank, seed the demo organisation (skip: NO_DEMO=1), serve on http://127.0.0.1:8000
run: setup
	$(BIN)/vetml db upgrade
	$(BIN)/vetml bank load
	$(if $(NO_DEMO),@echo "No demo data (NO_DEMO set). Create your first admin: $(BIN)/vetml users create --role admin --email you@example.com --name 'Your Name'")
	$(BIN)/vetml serve $(if $(NO_DEMO),--no-demo,--demo)

## cluster: on the local PostgreSQL and Redis (VETML_DATABASE_URL, VETML_BROKER_URL), migrate, load the bank, start 2 web processes and 2 workers
cluster: setup
	PYTHON=$(BIN)/python bash scripts/cluster.sh

## test: lint, type-check, validate the bank and run the test suite
test: setup browser-deps lint validate
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

validate: setup
	$(BIN)/vetml bank validate --strict
	$(BIN)/vetml challenges validate

fmt: setup
	$(BIN)/ruff check --fix src tests
	$(BIN)/ruff format src tests

clean:
	rm -rf $(VENV) node_modules var $(HTMX) $(EDITOR) $(PAIR)
