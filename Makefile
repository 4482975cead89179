# The two commands a newcomer needs (see README.md):
#   make serve   build and serve the site with live reload on http://127.0.0.1:8000/nms-handbook/
#   make test    run the whole test suite (data checks, strict build, HTML and browser tests)
# Each creates .venv and installs the pinned requirements by itself.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test chromium clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.site-deps: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(VENV)/.test-deps: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt -r requirements-test.txt
	touch $@ $(VENV)/.site-deps

serve: $(VENV)/.site-deps
	$(BIN)/mkdocs serve

# The static site in site/. Never add -q or -v: with them MkDocs 1.6 ignores --strict.
build: $(VENV)/.site-deps
	$(BIN)/mkdocs build --strict

chromium:
	@bash .ci/ensure-chromium

test: $(VENV)/.test-deps chromium
	$(BIN)/python -m pytest

clean:
	rm -rf site dist .pytest_cache
