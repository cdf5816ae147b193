"""The notebooks run headless, their committed outputs are what a fresh run gives, they navigate, and
they show the seed post's numbers: the English series (notebooks/*.ipynb) and its Chinese edition
(notebooks/zh/*.ipynb, ids ``zh-<stem>``) alike. tests/test_editions.py checks that the two editions
are in step (same cells and code); the checks here are the ones both editions need.

Each notebook is executed once per session (fixture `executed` in conftest.py) and shared by the
checks below. To refresh committed outputs after a change: `make notebooks` (`make notebooks-zh`).
"""

from __future__ import annotations

import json
import os
import re

import nbformat
import pytest
import torch
import torch.nn.functional as F
from conftest import (NOTEBOOK_DIR, NOTEBOOKS, ROOT, ZH_DIR, edition_params, execute_notebooks, label,
                      require_notebook)

CORE = ["00_index", "01_basic_operation", "02_padding", "03_stride", "04_multi_channel", "05_shape_inverse"]
# The numbered lessons, in reading order (notebooks/solutions.ipynb is not one of them).
SERIES = [path for path in NOTEBOOKS if re.match(r"\d\d_", path.name)]


def test_core_notebooks_exist():
    missing = [name for name in CORE if not (NOTEBOOK_DIR / f"{name}.ipynb").exists()]
    assert not missing, f"core notebooks missing from notebooks/: {missing}"


# ---------------------------------------------------------------- execution and freshness


def _text(output):
    """What an output shows as text: stream text, text/plain, or an error's name and message."""
    if output.output_type == "stream":
        return output.text
    if output.output_type == "error":
        return f"{output.ename}: {output.evalue}"
    return output.get("data", {}).get("text/plain", "")


@pytest.mark.parametrize("path", edition_params())
def test_runs_without_errors(path, executed):
    nb = executed(require_notebook(path))
    problems = [
        f"cell {index}: {output.output_type} {getattr(output, 'name', '')}: {_text(output)[:300]}"
        for index, cell in enumerate(nb.cells)
        for output in cell.get("outputs", [])
        if output.output_type == "error" or (output.output_type == "stream" and output.name == "stderr")
    ]
    assert not problems, f"{label(path)}: errors or stderr output (warnings) in a fresh run:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", edition_params())
def test_committed_outputs_are_fresh(path, executed):
    fresh_nb = executed(require_notebook(path))
    stored_nb = nbformat.read(path, as_version=4)
    if execute_notebooks.comparable(stored_nb) != execute_notebooks.comparable(fresh_nb):
        name = label(path)
        diff = execute_notebooks.explain_difference(stored_nb, fresh_nb, name[:-6].replace("/", "_"), FRESHNESS)
        pytest.fail(f"{name}: committed outputs differ from a fresh run. Look at what changed (below, and "
                    f"the pictures in {FRESHNESS.relative_to(ROOT)}/), then re-execute it "
                    f"(`python tools/execute_notebooks.py notebooks/{name}`) and commit.\n{diff}", pytrace=False)


FRESHNESS = ROOT / "artifacts" / "freshness"   # git-ignored (.gitignore: artifacts/)


def test_freshness_failure_shows_text_and_pictures(tmp_path):
    """A changed number shows as a text diff; a changed picture is written old/new and side by side."""
    import base64
    import io as _io

    from PIL import Image

    def png(colour):
        buf = _io.BytesIO()
        Image.new("RGB", (4, 3), colour).save(buf, format="PNG")
        return base64.b64encode(buf.getvalue()).decode()

    def notebook(number, colour):
        cell = nbformat.v4.new_code_cell("show()")
        cell.execution_count = 1
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"Y[1, 1] = {number}\n"),
                        nbformat.v4.new_output("display_data", data={"image/png": png(colour), "text/plain": "<Figure>"})]
        return nbformat.v4.new_notebook(cells=[cell])

    text = execute_notebooks.explain_difference(notebook(28, "white"), notebook(17, "red"), "nb", tmp_path)
    assert "-Y[1, 1] = 28" in text and "+Y[1, 1] = 17" in text
    side = tmp_path / "nb_cell0_0_side_by_side.png"
    assert side.exists() and str(side) in text
    with Image.open(side) as im:
        assert im.size == (4 + 4 + 12, 3) and im.getpixel((0, 0)) == (255, 255, 255) and im.getpixel((19, 2)) == (255, 0, 0)
    assert (tmp_path / "nb_cell0_0_old.png").exists() and (tmp_path / "nb_cell0_0_new.png").exists()
    assert execute_notebooks.explain_difference(notebook(28, "white"), notebook(28, "white"), "nb", tmp_path) == ""


@pytest.mark.parametrize("path", edition_params())
def test_saved_widget_state_is_stable(path):
    """What normalise leaves (tools/widget_state.py): stable model ids only (``tconv-<kind>-<n>``), each
    output's widget model saved (or its id blanked), every saved explorer module the current bundle
    (tools/build_js.py refreshes them), and the python3 kernelspec."""
    from tools import widget_state
    raw = json.loads(require_notebook(path).read_text(encoding="utf-8"))
    assert raw["metadata"].get("kernelspec", {}).get("name") == "python3", f"{label(path)}: kernelspec is not python3"
    state = raw["metadata"].get("widgets", {}).get(widget_state.STATE, {}).get("state", {})
    unstable = [mid for mid in state if not re.fullmatch(r"tconv-[a-z_]+-\d+", mid)]
    assert not unstable, f"{label(path)} saves widget models with random ids {unstable}; re-execute it"
    shown = [o["data"][widget_state.VIEW]["model_id"] for c in raw["cells"] for o in c.get("outputs", [])
             if isinstance(o.get("data", {}).get(widget_state.VIEW), dict)]
    lost = [mid for mid in shown if mid and mid not in state]
    assert not lost, f"{label(path)}: outputs show widget models that are not saved: {lost}"
    module = widget_state.BUNDLE.read_text(encoding="utf-8")
    stale = sum(text != module for text in widget_state.saved_modules(nbformat.from_dict(raw)))
    assert not stale, f"{label(path)}: {stale} saved explorer modules are not helpers/js/explorers.js; run tools/build_js.py"


# ---------------------------------------------------------------- navigation

_LINK = re.compile(r"\]\(\s*<?([^)\s>]+?\.ipynb)(?:#[^)\s]*)?>?(?:\s+\"[^\"]*\")?\s*\)|href=\"([^\"#]+?\.ipynb)")


def _linked_notebooks(markdown, folder=NOTEBOOK_DIR):
    """The local notebooks ``markdown`` links to, resolved from ``folder`` (web addresses left out)."""
    return {(folder / (a or b)).resolve() for a, b in _LINK.findall(markdown) if "://" not in (a or b)}


def _exists_or_planned(link):
    """A notebook that exists, or a Chinese one still to be translated (tests/test_editions.py: ZH_MISSING)."""
    from test_editions import ZH_MISSING
    return link.exists() or (link.parent == ZH_DIR.resolve() and (NOTEBOOK_DIR / link.name).exists()
                             and link.stem in ZH_MISSING)


@pytest.mark.parametrize("path", edition_params())
def test_ends_with_navigation(path):
    """The last cell is markdown linking to its edition's index (except in the index itself) and to the
    next lesson of the series in the same edition (where there is one); every notebook it links to
    exists (a Chinese one may still be listed as to be translated)."""
    nb = nbformat.read(require_notebook(path), as_version=4)
    folder, name = path.parent, label(path)
    last = nb.cells[-1]
    assert last.cell_type == "markdown", f"{name}: last cell is {last.cell_type}, not a navigation cell"
    links = _linked_notebooks(last.source, folder)
    assert links, f"{name}: last cell links to no notebook:\n{last.source}"
    broken = sorted(os.path.relpath(link, ROOT) for link in links if not _exists_or_planned(link))
    assert not broken, f"{name}: navigation links to missing notebooks {broken}"
    if path.name != "00_index.ipynb":
        assert (folder / "00_index.ipynb").resolve() in links, f"{name}: no link back to its 00_index.ipynb"
    english = NOTEBOOK_DIR / path.name
    if english in SERIES and SERIES.index(english) + 1 < len(SERIES):
        following = folder / SERIES[SERIES.index(english) + 1].name
        assert following.resolve() in links, f"{name}: no link to the next lesson {label(following)}"


# ---------------------------------------------------------------- the seed post's numbers

_NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_TOKEN = re.compile(r"\[|\]|" + _NUMBER.pattern)


def canonical(text):
    """Brackets and numbers of `text` only, numbers written plainly: both
    'tensor([[[[ 0.,  4.], [ 8., 28.]]]], grad_fn=...)' and the NumPy print '[[ 0.  4.]\\n [ 8. 28.]]'
    become '[[[[0,4],[8,28]]]]' and '[[0,4],[8,28]]'."""
    parts = []
    for token in _TOKEN.findall(text):
        if token not in "[]":
            value = float(token)
            token = str(int(value)) if value.is_integer() else repr(value)
        if parts and parts[-1] != "[" and token != "]":
            parts.append(",")
        parts.append(token)
    return "".join(parts)


def test_canonical_matcher():
    printed = "tensor([[[[ 0.,  4.,  7.],\n          [ 8., 28., 23.]]]], grad_fn=<ConvolutionBackward0>)"
    assert canonical(printed) == "[[[[0,4,7],[8,28,23]]]]"
    assert canonical("[[ 0.  4.  7.]\n [ 8. 28. 23.]]") == "[[0,4,7],[8,28,23]]"
    assert canonical(str([[0.0, 4.0, 7.0], [8.0, 28.0, 23.0]])) in canonical(printed)
    assert canonical("[[0, 4, 7, 9]]").find(canonical("[[0, 4, 7]]")) == -1  # a wider array is no match
    assert canonical("[[10, 4, 7]]").find(canonical("[[0, 4, 7]]")) == -1


def _seed_expectations():
    """What the seed blog post prints, recomputed with torch (bias-free layers, as in the post)."""
    x = torch.tensor([[0.0, 1.0], [2.0, 3.0]]).reshape(1, 1, 2, 2)
    k = torch.tensor([[4.0, 7.0], [2.0, 2.0]]).reshape(1, 1, 2, 2)
    x2 = torch.tensor([[[0.0, 1.0], [2.0, 3.0]], [[4.0, 5.0], [7.0, 8.0]]]).reshape(1, 2, 2, 2)
    k2 = torch.tensor([[[0.0, 1.0], [2.0, 3.0]], [[4.0, 5.0], [2.0, 3.0]]]).reshape(2, 1, 2, 2)
    multi = F.conv_transpose2d(x2, k2)
    # The first input pixel's copy: each channel's pixel times that channel's kernel, summed over channels.
    first_pixel = (x2[0, :, 0, 0].reshape(2, 1, 1) * k2[:, 0]).sum(dim=0)
    torch.manual_seed(0)
    X = torch.rand(1, 10, 16, 16)
    conv = torch.nn.Conv2d(10, 20, kernel_size=5, padding=2, stride=3)
    tconv = torch.nn.ConvTranspose2d(20, 10, kernel_size=5, padding=2, stride=3)
    with torch.no_grad():
        round_trip = tconv(conv(X)).shape
    return {
        "01_basic_operation": {"arrays": [F.conv_transpose2d(x, k)[0, 0]]},
        "02_padding": {"arrays": [F.conv_transpose2d(x, k, padding=1)[0, 0]]},
        "03_stride": {"arrays": [F.conv_transpose2d(x, k, stride=4)[0, 0]]},
        "04_multi_channel": {"arrays": [multi[0, 0], first_pixel], "texts": [str(multi.shape)]},
        "05_shape_inverse": {"texts": [str(round_trip)], "lines": [str(round_trip == X.shape)]},
    }


SEEDS = _seed_expectations()


def test_seed_expectations_are_the_posts_numbers():
    """The torch results above are the numbers the seed post prints (a check on the set-up, not on torch)."""
    assert SEEDS["01_basic_operation"]["arrays"][0].tolist() == [[0, 4, 7], [8, 28, 23], [4, 10, 6]]
    assert SEEDS["02_padding"]["arrays"][0].tolist() == [[28]]
    assert SEEDS["03_stride"]["arrays"][0].tolist() == [
        [0, 0, 0, 0, 4, 7],
        [0, 0, 0, 0, 2, 2],
        [0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0],
        [8, 14, 0, 0, 12, 21],
        [4, 4, 0, 0, 6, 6],
    ]
    assert SEEDS["04_multi_channel"]["arrays"][0].tolist() == [[16, 40, 26], [36, 93, 61], [18, 49, 33]]
    assert SEEDS["04_multi_channel"]["arrays"][1].tolist() == [[16, 20], [8, 12]]
    assert SEEDS["04_multi_channel"]["texts"] == ["torch.Size([1, 1, 3, 3])"]
    assert SEEDS["05_shape_inverse"] == {"texts": ["torch.Size([1, 10, 16, 16])"], "lines": ["True"]}


def _seed_params():
    """The English notebooks that show the post's numbers (each must exist), and their Chinese editions so far."""
    return ([pytest.param(NOTEBOOK_DIR / f"{name}.ipynb", id=name) for name in sorted(SEEDS)]
            + [pytest.param(ZH_DIR / f"{name}.ipynb", id=f"zh-{name}") for name in sorted(SEEDS)
               if (ZH_DIR / f"{name}.ipynb").exists()])


@pytest.mark.parametrize("path", _seed_params())
def test_seed_numbers_appear(path, executed):
    name = path.stem
    assert path.exists(), f"{label(path)} does not exist yet"
    texts = [_text(output) for cell in executed(path).cells for output in cell.get("outputs", [])]
    texts = ["".join(text) if isinstance(text, list) else text for text in texts]
    expected = SEEDS[name]
    for array in expected.get("arrays", []):
        wanted = canonical(str(array.tolist()))
        assert any(wanted in canonical(text) for text in texts), f"{label(path)}: no output shows {wanted}"
    for snippet in expected.get("texts", []):
        wanted = re.sub(r"\s+", "", snippet)
        assert any(wanted in re.sub(r"\s+", "", text) for text in texts), f"{label(path)}: no output shows {snippet}"
    for line in expected.get("lines", []):
        assert any(line == row.strip() for text in texts for row in text.splitlines()), (
            f"{label(path)}: no output line is exactly {line!r}"
        )


def test_normalise_joins_split_streams_and_keeps_the_still_picture():
    """How ipykernel splits printing into messages depends on timing; the picture must survive the kernel."""
    cell = nbformat.v4.new_code_cell("print('a'); print('b')")
    cell.execution_count = 7
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="a\n"),
        nbformat.v4.new_output("stream", name="stdout", text="b\n"),
        nbformat.v4.new_output("stream", name="stderr", text="w\n"),
        nbformat.v4.new_output("display_data", data={
            "text/plain": "ScatterExplorer()", "image/svg+xml": "<svg/>",
            "application/vnd.jupyter.widget-view+json": {"model_id": "abc", "version_major": 2, "version_minor": 0}}),
        nbformat.v4.new_output("display_data", data={
            "text/plain": "IntProgress()",
            "application/vnd.jupyter.widget-view+json": {"model_id": "def", "version_major": 2, "version_minor": 0}}),
    ]
    nb = nbformat.v4.new_notebook(cells=[cell])
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {
        "abc": {"model_name": "AnyModel", "model_module": "anywidget", "model_module_version": "~0.11.*",
                "state": {"kind": "scatter"}}}, "version_major": 2, "version_minor": 0}}
    normalised = execute_notebooks.normalise(nb)
    out = normalised.cells[0].outputs
    assert [o.get("text") for o in out[:2]] == ["a\nb\n", "w\n"]
    # the explorer keeps its still picture and its live view (its model saved under a stable id) ...
    assert set(out[2]["data"]) == {"text/plain", "image/svg+xml", "application/vnd.jupyter.widget-view+json"}
    assert out[2]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"] == "tconv-scatter-1"
    assert list(normalised.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]) == [
        "tconv-scatter-1"]
    # ... a widget whose model was not saved is hidden (blank id), not "model not found"
    assert out[3]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"] == ""
    assert cell.outputs[0]["text"] == "a\n", "normalise must not change its input"
