"""Shared test fixtures: paths of the series, and one execution per notebook per test session."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))


def _load_execute_notebooks():
    spec = importlib.util.spec_from_file_location("execute_notebooks", ROOT / "tools" / "execute_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


execute_notebooks = _load_execute_notebooks()


def notebook_params():
    """`notebooks/*.ipynb` as pytest params; with no notebook at all, one param that fails the test."""
    if not NOTEBOOKS:
        return [pytest.param(None, id="no-notebooks")]
    return [pytest.param(path, id=path.stem) for path in NOTEBOOKS]


def require_notebook(path):
    assert path is not None, f"no notebooks found in {NOTEBOOK_DIR}: the series is missing"
    return path


@pytest.fixture(scope="session")
def executed():
    """`executed(path)` -> the notebook run afresh (errors kept as outputs); each runs once per session."""
    cache = {}

    def run(path):
        path = Path(path)
        if path not in cache:
            try:
                cache[path] = execute_notebooks.execute_notebook(path, allow_errors=True)
            except Exception as error:  # a dead kernel or a timeout: fail every test of it, run once
                cache[path] = error
        if isinstance(cache[path], Exception):
            raise AssertionError(f"{path.name} could not be executed: {cache[path]!r}") from cache[path]
        return cache[path]

    return run
