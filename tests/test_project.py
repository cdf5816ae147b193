"""The project's set-up files agree with each other: pins, slides, README and CI (Binder: test_launch.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib

import nbformat
import pytest
from conftest import ROOT, notebook_params, require_notebook

def _name(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def _pinned(requirement):
    match = re.fullmatch(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([^\s;,]+)\s*", requirement)
    assert match, f"not an exact pin (name==version): {requirement!r}"
    return _name(match[1]), match[2]


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _pyproject_pins():
    project = _pyproject()["project"]
    runtime = dict(_pinned(r) for r in project["dependencies"])
    test = dict(_pinned(r) for r in project["optional-dependencies"]["test"])
    return runtime, test


def test_pyproject_pins_every_dependency_exactly():
    runtime, test = _pyproject_pins()
    assert set(runtime) == {"jupyterlab", "ipywidgets", "anywidget", "numpy", "matplotlib", "pillow", "torch",
                            "jupyterlab-slideshow", "jupyterlab-fonts",
                            # the Chinese edition: JupyterLab's Chinese menus (Matplotlib's CJK font
                            # ships in helpers/fontdata/, tests/test_fonts.py)
                            "jupyterlab-language-pack-zh-cn"}
    assert runtime["torch"] == "2.13.0"
    assert {"pytest", "hypothesis", "nbclient", "nbformat", "ipykernel", "playwright", "pyyaml"} <= set(test)
    assert _pyproject()["tool"]["setuptools"]["packages"] == ["helpers", "helpers.bank", "helpers.explorers"]


def test_the_package_ships_every_helpers_module_and_the_explorers_browser_side():
    """A non-editable install gets every package under helpers/ and the files they read at run time: the
    texts, the font, and the explorers' ES module and styles (anywidget's ``_esm`` / ``_css``)."""
    setuptools = _pyproject()["tool"]["setuptools"]
    packages = {p.parent.relative_to(ROOT).as_posix().replace("/", ".") for p in (ROOT / "helpers").rglob("__init__.py")}
    assert set(setuptools["packages"]) == packages
    from helpers.explorers.base import BUNDLE, STYLES
    shipped = setuptools["package-data"]["helpers"]
    for path in (BUNDLE, STYLES):
        rel = path.relative_to(ROOT / "helpers")
        assert any(rel.match(pattern) for pattern in shipped), f"{rel} is not in package-data"


def test_every_pin_has_a_reason():
    """Each dependency line in pyproject.toml follows a comment saying why it is there."""
    lines = (ROOT / "pyproject.toml").read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if re.fullmatch(r'\s*"[A-Za-z0-9._-]+==[^"]+",\s*', line):
            assert lines[index - 1].strip().startswith("#"), f"no comment above {line.strip()}"


# Binder's and the conda route's files: tests/test_launch.py

LAUNCH_DOCS = ("pyproject.toml", "environment.yml", "binder/postBuild", "binder/requirements.txt",
               "binder/jupyter_server_config.py", "Makefile", "README.md", "docs/teaching-guide.md")


def test_launch_docs_name_only_files_that_exist():
    """Paths the set-up files and docs name (binder/environment.yml was one) exist in the repository."""
    pattern = re.compile(r"(?<![\w./~-])((?:binder|tests|tools|docs|benchmarks|helpers|\.ci)/[\w./*-]*[\w*])")
    missing = {}
    for name in LAUNCH_DOCS:
        for path in pattern.findall((ROOT / name).read_text(encoding="utf-8")):
            if "*" not in path and not (ROOT / path).exists():
                missing.setdefault(name, set()).add(path)
    assert not missing, missing


# ---------------------------------------------------------------- README and CI


def _readme():
    return (ROOT / "README.md").read_text(encoding="utf-8")


def _quick_start_commands():
    section = re.search(r"^## Quick start\n(.*?)(?=^## )", _readme(), re.S | re.M)
    assert section, "README has no '## Quick start' section"
    block = re.search(r"```[a-z]*\n(.*?)```", section[1], re.S)
    assert block, "Quick start has no code block"
    return [line.strip() for line in block[1].splitlines() if line.strip() and not line.strip().startswith("#")]


def test_readme_quick_start_is_make_lab_and_make_check():
    assert _quick_start_commands() == ["make lab", "make check"]


def test_make_check_runs_both_tiers_and_make_test_leaves_out_the_slow_markers():
    """The tiers split the suite by the markers declared in pyproject.toml, and `make check` runs all."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    rules = dict(re.findall(r"^([\w-]+): \$\(STAMP\)\n\t(.+)$", makefile, re.M))
    slow = re.search(r"^SLOW := (.+)$", makefile, re.M)[1]
    assert slow == "browser or launch or export or cpu"
    assert rules["test"] == '$(PY) -m pytest -m "not ($(SLOW))" $(ARGS)'
    assert rules["test-browser"] == '$(PY) -m pytest -m "$(SLOW)" $(ARGS)'
    assert rules["check"] == "$(PY) -m pytest $(ARGS)"
    declared = {m.split(":")[0] for m in tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]
                ["ini_options"]["markers"]}
    assert declared == set(slow.split(" or "))


def test_a_test_that_starts_chromium_unmarked_is_refused():
    """conftest.py refuses, when collecting, a slow test without its tier marker (it would run in `make test`)."""
    from conftest import unmarked_slow_tests

    class Item:
        def __init__(self, nodeid, function, fixturenames=(), markers=()):
            self.nodeid, self.function, self.fixturenames, self.markers = nodeid, function, fixturenames, markers

        def get_closest_marker(self, name):
            return name if name in self.markers else None

    import test_summary
    prints_a_pdf = test_summary.test_cheatsheet_prints_on_at_most_two_a4_pages   # runs Chromium itself

    def adds():
        assert 1 + 1 == 2

    items = [Item("a", prints_a_pdf), Item("b", adds, ("lab",)), Item("c", adds, ("binder_env",)),
             Item("d", prints_a_pdf, markers=("browser",)), Item("e", adds, ("lab",), ("browser",)), Item("f", adds)]
    assert [found.split(":")[0] for found in unmarked_slow_tests(items)] == ["a", "b", "c"]


def test_ci_runs_the_readme_test_command():
    ci = ROOT / ".ci" / "run"
    assert os.access(ci, os.X_OK), ".ci/run is not executable"
    lines = [line.strip() for line in ci.read_text(encoding="utf-8").splitlines()]
    assert "set -euo pipefail" in lines
    commands = [line for line in lines if line and not line.startswith("#")]
    assert commands[-1] == _quick_start_commands()[1]


def test_readme_binder_badge_opens_the_index():
    match = re.search(
        r"\[!\[Binder\]\(https://mybinder\.org/badge_logo\.svg\)\]"
        r"\((https://mybinder\.org/v2/gh/[\w.-]+/[\w.-]+/[\w.-]+\?urlpath=([^)\s]+))\)",
        _readme(),
    )
    assert match, "README has no Binder badge"
    assert match[2] == "lab/tree/notebooks/00_index.ipynb"
    assert (ROOT / "notebooks" / "00_index.ipynb").exists()


def _section(heading):
    match = re.search(rf"^{re.escape(heading)}\n(.*?)(?=^## )", _readme(), re.S | re.M)
    assert match, f"README has no {heading!r}"
    return match[1]


def test_readme_states_mybinders_real_limits():
    """mybinder.org-deploy's configuration: 100 sessions per repository at once, a memory guarantee of
    450 MB and a limit of 2 GB, idle sessions culled after 10 minutes; no "1 GB" guarantee, no "no quota"."""
    binder = " ".join(_section("## Binder").split())
    for fact in ("memory guarantee of 450 MB", "limit of 2 GB", "10 minutes", "At most 100 sessions of one repository",
                 "higher quota"):
        assert fact in binder, f"README's Binder section does not say {fact!r}"
    config = (ROOT / "binder" / "jupyter_server_config.py").read_text(encoding="utf-8")
    for text, where in ((binder, "README's Binder section"), (config, "binder/jupyter_server_config.py")):
        assert not re.search(r"\b1 GB\b|1024 MiB|no quota", text), f"{where} still states the old limits"
    assert "450 MB" in config and "2 GB" in config


def test_readme_gives_a_route_for_a_class_of_200():
    hub = " ".join(_section("## On a JupyterHub").split())
    assert "### A class of 200" in hub
    route = hub[hub.index("### A class of 200"):]
    assert "JupyterHub" in route and "mybinder.org-deploy" in route and "100 sessions" in route


# ---------------------------------------------------------------- slides


@pytest.mark.parametrize("path", notebook_params())
def test_every_cell_has_slide_metadata(path):
    nb = nbformat.read(require_notebook(path), as_version=4)
    kinds = [cell.metadata.get("slideshow", {}).get("slide_type") for cell in nb.cells]
    missing = [index for index, kind in enumerate(kinds) if kind not in {"slide", "subslide", "fragment", None, "skip", "notes"}]
    assert not missing, f"{path.name}: cells without a valid metadata.slideshow.slide_type: {missing}"
    assert kinds[0] == "slide", f"{path.name}: the first cell must start a slide"
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            assert kinds[index] == "slide", f"{path.name}: section heading in cell {index} must start a slide"
        if cell.cell_type == "code" and re.search(r"\b\w+Explorer\(", cell.source):
            assert kinds[index] in {"slide", "subslide"}, f"{path.name}: the explorer in cell {index} needs its own slide"


def test_slideshow_extension_is_enabled():
    result = subprocess.run(
        [sys.executable, "-m", "jupyter", "labextension", "list"], capture_output=True, text=True, timeout=120
    )
    listing = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
    deck = [line for line in listing.splitlines() if "jupyterlab-slideshow" in line]
    assert deck, f"jupyterlab-slideshow is not installed:\n{listing}"
    assert "enabled" in deck[0] and "OK" in deck[0], deck[0]
