"""The browser side of the explorers (helpers/js): the bundle is built from its sources, every copy saved in
the committed notebooks is that bundle, and `node --test tests/js/` passes — the views against fixtures
whose numbers torch computed (tools/fixtures/, tests/js/fixtures/)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from tools import build_js, widget_state

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(ROOT.glob("notebooks/*.ipynb")) + sorted(ROOT.glob("notebooks/zh/*.ipynb"))


def test_the_bundle_is_built_from_its_sources():
    assert build_js.main(["--check"]) == 0, "helpers/js/explorers.js is stale: run `python tools/build_js.py`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_saved_explorers_carry_the_current_module(path):
    """A notebook opened without running draws its explorers with the module saved in it: that must be today's."""
    nb = nbformat.read(path, as_version=4)
    module = widget_state.BUNDLE.read_text(encoding="utf-8")
    saved = widget_state.saved_modules(nb)
    assert all(text == module for text in saved), f"{path.name}: run `python tools/build_js.py` to refresh"


def test_every_explorer_output_has_its_saved_model_and_a_still_picture():
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        models = nb.metadata.get("widgets", {}).get(widget_state.STATE, {}).get("state", {})
        for cell in nb.cells:
            for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
                data = output.get("data", {})
                view = data.get(widget_state.VIEW)
                if view:
                    assert view["model_id"] in models, f"{path.name}: output {view['model_id']} has no saved model"
                    assert {"image/svg+xml", "text/html"} & set(data), f"{path.name}: no still picture for GitHub"


def test_node_runs_the_views_against_torch_fixtures():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (Node 20 runs tests/js)")
    tests = sorted((ROOT / "tests" / "js").glob("*.test.mjs"))
    assert tests, "no tests/js/*.test.mjs"
    done = subprocess.run([node, "--test", *map(str, tests)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    summary = "\n".join(line for line in done.stdout.splitlines() if line.startswith("# "))
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert "# fail 0" in summary
