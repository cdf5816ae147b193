"""Shared test fixtures: paths of the series, one execution per notebook per test session (all run in
parallel on first use), one JupyterLab per session for the browser tier.

Tiers (markers in pyproject.toml): `make test` runs everything but ``browser``, ``launch`` and ``export``;
`make test-browser` runs those three; `make check` runs both. ``tools/`` is imported as the package
``tools`` everywhere (pyproject's ``pythonpath = ["."]``).
"""

from __future__ import annotations

import inspect
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))

from tools import execute_notebooks  # noqa: E402


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


def _execute(path):
    try:
        return execute_notebooks.execute_notebook(path, allow_errors=True)
    except Exception as error:  # a dead kernel or a timeout: fail every test of it, run once
        return error


def _notebooks_wanted(items):
    """The notebooks that this session's tests pass to `executed` (their .ipynb parameters)."""
    return {Path(value).resolve() for item in items if "executed" in getattr(item, "fixturenames", ())
            for value in getattr(getattr(item, "callspec", None), "params", {}).values()
            if isinstance(value, (str, Path)) and str(value).endswith(".ipynb")}


@pytest.fixture(scope="session")
def executed(request):
    """`executed(path)` -> the notebook run afresh (errors kept as outputs); each runs once per session.
    The first call runs every notebook the session's tests ask for, os.cpu_count() at a time (each in
    its own kernel process), so the notebooks' ~2 minutes of work is shared by the cores."""
    cache = {}
    wanted = _notebooks_wanted(request.session.items)

    def run(path):
        path = Path(path).resolve()
        if path not in cache:
            batch = sorted((wanted - cache.keys()) | {path})
            with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
                cache.update(zip(batch, pool.map(_execute, batch)))
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


def tt(a, *, batch=False):
    """A float64 tensor of the array-like ``a`` (None stays None: an absent bias); ``batch=True`` adds
    the batch and channel axes torch's conv functions want, (H, W) -> (1, 1, H, W). The one helper for
    this: tests import it from here."""
    if a is None:
        return None
    t = torch.as_tensor(np.asarray(a, dtype=float), dtype=T)
    return t.reshape(1, 1, *t.shape) if batch else t


@pytest.fixture(scope="module")
def plain_cpu_kernels():
    """oneDNN builds a new primitive for every new shape (~5 ms each); sweeps that try thousands of
    shapes use torch's reference CPU kernels instead (same results, 0.02 ms per call)."""
    saved = torch.backends.mkldnn.enabled
    torch.backends.mkldnn.enabled = False
    yield
    torch.backends.mkldnn.enabled = saved

SOLUTIONS_NOTEBOOK = NOTEBOOK_DIR / "solutions.ipynb"


@pytest.fixture(scope="session")
def lab_server():
    """One throw-away JupyterLab serving a fresh copy of the series (tools/labserver.py) for the session."""
    from tools.labserver import LabServer
    with LabServer() as server:
        trust_all(server)
        yield server


@pytest.fixture
def lab(lab_server):
    """The session's JupyterLab; after each test its kernels are shut down, the notebooks it served copied
    afresh (JupyterLab autosaves) and its user settings restored (LabServer.reset), so every test starts
    from the series as committed, whatever the test before it left (a slideshow left running, say)."""
    yield lab_server
    lab_server.reset()


def trust_all(server):
    """Trust every notebook the server serves, notebooks/zh/ included (LabServer trusts notebooks/*.ipynb
    only): the stored explorer pictures (SVG) render only in trusted notebooks."""
    import subprocess
    import sys
    zh = sorted(str(p) for p in (server.root / "notebooks").glob("*/*.ipynb"))
    if zh:
        subprocess.run([sys.executable, "-m", "jupyter", "trust", *zh], check=True, capture_output=True)


def require_chromium():
    """Skips the test, saying why, when Debian's Chromium is absent; under CI=true a missing Chromium is
    an error (.ci/run installs it). Every test marked ``browser`` gets it (pytest_runtest_setup below)."""
    from tools.labserver import CHROMIUM
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            raise RuntimeError(f"CI needs Chromium at {CHROMIUM} for the browser tests (.ci/run installs it).")
        pytest.skip(f"Chromium is not installed at {CHROMIUM}: `apt-get install chromium` to run the browser tests.",
                    allow_module_level=True)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if item.get_closest_marker("browser"):
        require_chromium()


# ---------------------------------------------------------------- tiers: every slow test carries its marker

# What only the browser tier may do: the fixtures that start JupyterLab, Chromium or a Binder environment,
# and the names in a test's own code that start one.
TIER_FIXTURES = {"lab": "browser", "lab_server": "browser", "browser": "browser", "page": "browser",
                 "chinese_lab": "browser", "binder_env": "launch", "decks": "export"}
TIER_CODE = re.compile(r"sync_playwright|launch_browser|LabServer\(|/usr/bin/chromium|CHROMIUM\b|\bexport\("
                       r"|binder_check\.(?:environment|rehearsal_server|smoke|hub_check)\(")
TIERS = ("browser", "launch", "export")


def unmarked_slow_tests(items):
    """``nodeid: why`` for each test that starts JupyterLab, Chromium, a Binder environment or the slide
    export without a tier marker (``browser``, ``launch``, ``export``) that keeps it out of `make test`."""
    found = []
    for item in items:
        if any(item.get_closest_marker(tier) for tier in TIERS):
            continue
        fixtures = sorted(set(getattr(item, "fixturenames", ())) & TIER_FIXTURES.keys())
        function = getattr(item, "function", None)
        try:
            code = TIER_CODE.search(inspect.getsource(function)) if function else None
        except (OSError, TypeError):
            code = None
        if fixtures or code:
            found.append(f"{item.nodeid}: uses {fixtures or code[0]!r}")
    return found


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Before `-m` deselects anything: a slow test without its marker would run in the fast tier."""
    found = unmarked_slow_tests(items)
    if found:
        raise pytest.UsageError("mark these tests browser, launch or export (tests/conftest.py):\n  "
                                + "\n  ".join(found))


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium driven by Playwright (never a downloaded browser), per test module
    (Playwright's sync API runs one at a time: tests/test_export.py and tools/binder_check.py start their own)."""
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
