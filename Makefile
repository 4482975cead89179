# The two commands a newcomer needs (see README.md):
#   make serve   build and serve the site with live reload on http://127.0.0.1:8000/nms-handbook/
#   make test    run the whole test suite (data checks, strict build, HTML and browser tests)
# Each creates .venv and installs the pinned requirements by itself.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check bundle test chromium java schema bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.site-deps: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(VENV)/.test-deps: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt -r requirements-test.txt
	touch $@ $(VENV)/.site-deps

# Live preview leaves out four slow steps: htmlproofer (anchors in macro output), the print-all page
# and the theme CSS purge, which change nothing a page shows, and search, whose box the preview then
# does not show. A data edit then shows in about 1.3 seconds instead of five (it also polls for
# edits more often: on_serve in macros/handbook/hooks.py). `make build`, `make bundle` and
# `make test` always run all four.
SERVE_ENV := HTMLPROOFER=false PRINT_SITE=false PURGE_THEME_CSS=false SEARCH=false

serve: $(VENV)/.site-deps
	$(SERVE_ENV) $(BIN)/mkdocs serve

# The static site in site/. Never add -q or -v: with them MkDocs 1.6 ignores --strict.
build: $(VENV)/.site-deps
	$(BIN)/mkdocs build --strict

# The data alone, in about a second: every file's types, fields, ids, citations and criteria logic,
# with the build's messages (macros/handbook/check.py; pre-commit runs the same).
check: $(VENV)/.site-deps
	cd macros && ../$(BIN)/python -m handbook.check

# The offline bundle: dist/nms-handbook-<VERSION>.zip, a strict build that works from file:// with no
# network (search, checklists, every page). Deterministic: the same tree gives the same bytes.
bundle: $(VENV)/.site-deps
	$(BIN)/python .ci/bundle.py --out dist

chromium:
	@bash .ci/ensure-chromium

# Java runs the Nu HTML Checker (tests/test_html_validity.py).
java:
	@bash .ci/ensure-java

test: $(VENV)/.test-deps chromium java
	$(BIN)/python -m pytest

# JSON Schemas of the data files (schema/*.schema.json), for editors; also fixes the first-line
# `# yaml-language-server: $schema=...` comment of every data file. tests/test_schema.py checks both.
schema: $(VENV)/.site-deps
	cd macros && ../$(BIN)/python -m handbook.schemas

# Benchmarks (build time, serve latency, page weight, offline zip, Lighthouse): prints a table and
# writes bench/results.md. Needs Node 20+ and npm for Lighthouse (installed into bench/node_modules).
bench: $(VENV)/.test-deps chromium
	cd bench && npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/python bench/run.py

clean:
	rm -rf site dist .pytest_cache
