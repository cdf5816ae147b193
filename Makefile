# Everything runs in ./.venv, made on first use from python3.11; no activation needed.
#   make lab        open the series in JupyterLab
#   make test       run the test suite
#   make bench      run every benchmarks/bench_*.py (each prints a table)
#   make notebooks  re-execute all notebooks in place (refreshes committed outputs)

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
# Re-install only when pyproject.toml changes (or the venv is new).
STAMP := $(VENV)/.installed
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings
# JupyterLab refuses to run as root without this flag (containers, CI machines).
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test bench notebooks env

env: $(STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml binder/overrides.json | $(PY)
	$(PY) -m pip install -e ".[test]"
	mkdir -p $(LAB_SETTINGS)
	cp binder/overrides.json $(LAB_SETTINGS)/overrides.json
	touch $(STAMP)

# Trusting the shipped notebooks lets JupyterLab show each explorer's still picture (SVG) before
# its cell is run again; untrusted notebooks show only the text fallback.
lab: $(STAMP)
	$(VENV)/bin/jupyter trust notebooks/*.ipynb
	$(VENV)/bin/jupyter lab $(ALLOW_ROOT) notebooks/00_index.ipynb

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	@set -e; found=0; \
	for f in benchmarks/bench_*.py; do \
		[ -e "$$f" ] || continue; found=1; \
		echo "== $$f"; $(PY) "$$f"; echo; \
	done; \
	if [ $$found = 0 ]; then echo "no benchmarks/bench_*.py found" >&2; exit 1; fi

# solutions.ipynb is written from the exercise registry first, so it always answers every exercise
# (tests/test_solutions.py checks), then every notebook is executed in place.
notebooks: $(STAMP)
	$(PY) tools/make_solutions.py --no-execute
	$(PY) tools/execute_notebooks.py notebooks/*.ipynb
