"""Shared test fixtures: paths of the series, and one execution per notebook per test session."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, settings

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


# ---------------------------------------------------------------- the Chinese edition

ZH_DIR = NOTEBOOK_DIR / "zh"
ZH_NOTEBOOKS = sorted(ZH_DIR.glob("*.ipynb"))


def zh_notebook_params():
    """`notebooks/zh/*.ipynb` as pytest params with ids ``zh-<stem>`` (none while nothing is translated)."""
    return [pytest.param(path, id=f"zh-{path.stem}") for path in ZH_NOTEBOOKS]


def edition_params():
    """Every notebook of both editions: ``notebook_params()`` then ``zh_notebook_params()``."""
    return notebook_params() + zh_notebook_params()


def label(path):
    """``03_stride.ipynb`` or ``zh/03_stride.ipynb``: a notebook's name relative to notebooks/, for messages."""
    return Path(path).relative_to(NOTEBOOK_DIR).as_posix()


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


# ---------------------------------------------------------------- torch and hypothesis settings

# The tensors in the tests are tiny: torch's intra-op thread pool only adds overhead, and on a busy
# machine its spinning threads make each call ~50× slower. (Only the benchmarks measure threaded speed.)
torch.set_num_threads(1)

# Deterministic under CI (derandomize, no example database); no deadline anywhere because the first
# torch call in a process is slow.
settings.register_profile("ci", derandomize=True, database=None, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROFILE = settings.get_profile("ci" if os.environ.get("CI") else "dev")
_SCALE = float(os.environ.get("HYPOTHESIS_EXAMPLES_SCALE", "1"))  # e.g. 20 for a deep local run


def prop(max_examples):
    """``@settings`` for one property test, on top of the ci/dev profile."""
    return settings(parent=PROFILE, max_examples=max(1, int(max_examples * _SCALE)))


T = torch.float64


def tt(a):
    """A float64 tensor of ``a``."""
    return torch.as_tensor(np.asarray(a, dtype=float), dtype=T)


@pytest.fixture(scope="module")
def plain_cpu_kernels():
    """oneDNN builds a new primitive for every new shape (~5 ms each); sweeps that try thousands of
    shapes use torch's reference CPU kernels instead (same results, 0.02 ms per call)."""
    saved = torch.backends.mkldnn.enabled
    torch.backends.mkldnn.enabled = False
    yield
    torch.backends.mkldnn.enabled = saved

SOLUTIONS_NOTEBOOK = NOTEBOOK_DIR / "solutions.ipynb"


@pytest.fixture(scope="module")
def lab():
    """A throw-away JupyterLab serving a fresh copy of the series (tools/labserver.py), per test module."""
    from tools.labserver import LabServer
    with LabServer() as server:
        trust_all(server)
        yield server


def trust_all(server):
    """Trust every notebook the server serves, notebooks/zh/ included (LabServer trusts notebooks/*.ipynb
    only): the stored explorer pictures (SVG) render only in trusted notebooks."""
    import subprocess
    import sys
    zh = sorted(str(p) for p in (server.root / "notebooks").glob("*/*.ipynb"))
    if zh:
        subprocess.run([sys.executable, "-m", "jupyter", "trust", *zh], check=True, capture_output=True)


def require_chromium():
    """Call at the top of a browser test module: skips the module, saying why, when Debian's Chromium is
    absent; under CI=true a missing Chromium is an error (.ci/run installs it)."""
    from tools.labserver import CHROMIUM
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            raise RuntimeError(f"CI needs Chromium at {CHROMIUM} for the browser tests (.ci/run installs it).")
        pytest.skip(f"Chromium is not installed at {CHROMIUM}: `apt-get install chromium` to run the browser tests.",
                    allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium driven by Playwright (never a downloaded browser), per test module."""
    from tools.labserver import chromium
    with chromium() as b:
        yield b


@pytest.fixture
def fresh_attempts():
    """Hints depend on how many wrong attempts were made: the test starts (and leaves) from zero."""
    from helpers import checker
    checker._ATTEMPTS.clear()
    yield
    checker._ATTEMPTS.clear()
