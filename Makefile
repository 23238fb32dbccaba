# mathlab: `make figures`, `make test`, `make bench`.
# Each target creates .venv on first use and installs mathlab into it (editable).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PYTEST_ARGS ?= -n 2

.PHONY: figures test bench docs docs-check clean venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps re-run the install whenever pyproject.toml changes.
$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.docs: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[docs,notebooks]"
	touch $@ $(VENV)/.runtime

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.runtime

venv: $(VENV)/.runtime

figures: $(VENV)/.runtime
	MPLBACKEND=Agg $(BIN)/python scripts/make_figures.py

test: $(VENV)/.test
	MPLBACKEND=Agg $(BIN)/python -m pytest $(PYTEST_ARGS)

# The documentation site, offline, warnings as errors: docs/_build/html/index.html.
docs: $(VENV)/.docs
	MPLBACKEND=Agg $(BIN)/python -m sphinx -W --keep-going -q -b html docs docs/_build/html

# Open the index and gallery pages in headless Chromium and check that every image loads.
docs-check:
	$(BIN)/python docs/check_site.py

bench: $(VENV)/.test
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis docs/_build docs/_gallery_src docs/gallery docs/tutorials docs/api/generated
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
