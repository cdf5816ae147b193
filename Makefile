# Everything runs in ./.venv, made on first use from python3.11; no activation needed.
#   make lab        open the series in JupyterLab
#   make check      run every test: both tiers below (what .ci/run runs)
#   make test       the fast tier, run all day: every test but the browser, launch and export ones
#                   (notebooks executed in parallel; a few minutes)
#   make test-browser  the browser tier: JupyterLab and Chromium (one JupyterLab for the session), the
#                   Binder/launch rehearsal (tests/test_launch.py), the slide export (tests/test_export.py)
#   Tiers are pytest markers (pyproject.toml); ARGS="-k shapes -x" adds pytest options to any of the three.
#   make bench      run every benchmarks/bench_*.py (each prints a table)
#   make notebooks  re-execute all notebooks in place (refreshes committed outputs)
#   make slides     offline reveal.js slides of every notebook in build/slides/ (no network needed)
#   make site       the static website of both editions in _site/ (explorers live; no network needed)
#   make quiz       a fresh variant of the exercises with an answer key (SEED=n picks the variant)
#   make cheatsheet  the printable cheat sheet of notebook 11 in build/cheatsheet.html (two A4 pages at most)
#   make cheatsheet-zh  the Chinese cheat sheet (notebooks/zh/11_summary.ipynb) in build/cheatsheet-zh.html
#   make binder-check  rehearse Binder: env from binder/ only, postBuild, server as Binder starts it, browser

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
# Re-install only when pyproject.toml changes (or the venv is new).
STAMP := $(VENV)/.installed
# JupyterLab refuses to run as root without this flag (containers, CI machines).
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test test-browser check bench notebooks env slides site quiz binder-check cheatsheet cheatsheet-zh

env: $(STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)

# torch's CPU build first (tools/install_torch.py: on Linux PyPI's torch is the CUDA build; when the CPU
# index is unreachable it stops with what to do instead of falling back to CUDA; TORCH_CPU=0 skips it),
# then the project, then no nvidia-* package may have come in. tools/install_settings.py installs the
# JupyterLab settings and the kernel limit into .venv and trusts both editions' notebooks (the same step
# as binder/postBuild and the conda route).
TORCH_CPU ?= 1
$(STAMP): pyproject.toml binder/overrides.json binder/jupyter_server_config.py tools/install_settings.py tools/install_torch.py | $(PY)
	$(if $(filter 1,$(TORCH_CPU)),$(PY) tools/install_torch.py)
	$(PY) -m pip install -e ".[test]"
	$(if $(filter 1,$(TORCH_CPU)),$(PY) tools/install_torch.py --check)
	$(PY) tools/install_settings.py
	touch $(STAMP)

# Notebooks re-executed since `make env` need trusting again: both editions are trusted before JupyterLab
# starts, so each explorer shows its still picture (SVG) before its cell is run; untrusted notebooks
# show only the text fallback.
lab: $(STAMP)
	$(PY) tools/install_settings.py --trust-only
	$(VENV)/bin/jupyter lab $(ALLOW_ROOT) notebooks/00_index.ipynb

# The tiers by pytest marker (tests/conftest.py refuses a test that starts JupyterLab, Chromium, a Binder
# environment or the slide export without its marker, so none slips into the fast tier).
SLOW := browser or launch or export or cpu
ARGS ?=
test: $(STAMP)
	$(PY) -m pytest -m "not ($(SLOW))" $(ARGS)

test-browser: $(STAMP)
	$(PY) -m pytest -m "$(SLOW)" $(ARGS)

check: $(STAMP)
	$(PY) -m pytest $(ARGS)

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
	$(PY) tools/make_solutions.py --no-execute --language zh
	$(PY) tools/slide_metadata.py notebooks/*.ipynb notebooks/zh/*.ipynb
	$(PY) tools/execute_notebooks.py notebooks/*.ipynb notebooks/zh/*.ipynb

# Offline HTML slides (reveal.js and MathJax copied from installed packages): open build/slides/index.html.
slides: $(STAMP)
	$(PY) tools/export_slides.py

# The static website of both editions from the committed outputs (tools/build_site.py; nothing executed):
# open _site/index.html, or publish _site/ (.github/workflows/site.yml deploys it to GitHub Pages).
site: $(STAMP)
	$(PY) tools/build_site.py

# A quiz variant with new numbers and, after it, the answer key: `make quiz SEED=7`.
SEED ?= 1
quiz: $(STAMP)
	@$(PY) tools/quiz.py --seed $(SEED)

# Binder's build and launch done here (tools/binder_check.py); the environment is cached by the hash
# of binder/requirements.txt and binder/runtime.txt under ~/.cache/tconv-notebooks/.
binder-check: $(STAMP)
	$(PY) tools/binder_check.py

# The Chinese edition (notebooks/zh/; docs/translating.md): `make lab-zh` opens its index,
# `make notebooks-zh` re-executes its notebooks in place (as `make notebooks` does for notebooks/*.ipynb).
.PHONY: lab-zh notebooks-zh
lab-zh: $(STAMP)
	$(PY) tools/install_settings.py --trust-only
	$(VENV)/bin/jupyter lab $(ALLOW_ROOT) notebooks/zh/00_index.ipynb

notebooks-zh: $(STAMP)
	$(PY) tools/make_solutions.py --no-execute --language zh
	$(PY) tools/slide_metadata.py notebooks/zh/*.ipynb
	$(PY) tools/execute_notebooks.py notebooks/zh/*.ipynb

# The cheat-sheet cells of notebooks/11_summary.ipynb with their committed outputs, one self-contained HTML
# file with print CSS for A4 (tests/test_summary.py prints it with Chromium and counts the pages).
cheatsheet: $(STAMP)
	$(PY) tools/cheatsheet.py

# The same sheet from the Chinese edition's notebooks/zh/11_summary.ipynb (lang="zh-CN", CJK fonts first).
cheatsheet-zh: $(STAMP)
	$(PY) tools/cheatsheet.py --lang zh
