"""Tests for tools/widget_state.py: the explorers' saved widget state in the committed notebooks.

``stabilise`` makes nbclient's saved state reproducible (ids ``tconv-<kind>-<n>`` in the order the outputs
show them, the outputs' ``model_id`` and every ``IPY_MODEL_`` reference renamed alike, models no output
reaches dropped); ``refresh`` rewrites every saved ``_esm`` / ``_css`` copy from the current bundle. Checked
on small notebooks written here by hand, and on the state of real explorers as ipywidgets saves it.
"""
from __future__ import annotations

import copy
import json

import ipywidgets
import nbformat

from helpers.explorers import OverlapExplorer, ScatterExplorer
from helpers.explorers.base import BUNDLE, STYLES
from tools import widget_state as WS

STATE, VIEW = WS.STATE, WS.VIEW


def model(kind=None, name="AnyModel", **state):
    """One saved model as nbclient writes it (``kind`` set for an explorer)."""
    if kind is not None:
        state = {"kind": kind, "_esm": "old module", "_css": "old styles", **state}
    return {"model_name": name, "model_module": "anywidget" if name == "AnyModel" else "@jupyter-widgets/base",
            "model_module_version": "~0.11.*", "state": state}


def view_output(model_id, still=True):
    data = {"text/plain": "Explorer()", VIEW: {"model_id": model_id, "version_major": 2, "version_minor": 0}}
    if still:
        data["image/svg+xml"] = "<svg/>"
    return {"output_type": "display_data", "data": data, "metadata": {}}


def notebook(cells, models):
    """A notebook of ``cells`` ([("code", [outputs]) or ("markdown", text)]) with ``models`` saved."""
    made = []
    for i, (kind, body) in enumerate(cells):
        if kind == "code":
            made.append({"id": f"c{i}", "cell_type": "code", "source": "", "metadata": {}, "execution_count": None,
                         "outputs": body})
        else:
            made.append({"id": f"c{i}", "cell_type": "markdown", "source": body, "metadata": {}})
    metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    if models is not None:
        metadata["widgets"] = {STATE: {"state": models, "version_major": 2, "version_minor": 0}}
    return nbformat.from_dict({"cells": made, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5})


def saved(nb):
    return nb.metadata["widgets"][STATE]["state"]


def shown_ids(nb):
    return [o["data"][VIEW]["model_id"] for c in nb.cells if c.cell_type == "code" for o in c.outputs
            if VIEW in o.get("data", {})]


# ---------------------------------------------------------------- stabilise

def test_ids_follow_the_outputs_and_references_are_renamed():
    nb = notebook(
        [("markdown", "# an explorer"),
         ("code", [{"output_type": "stream", "name": "stdout", "text": "hi\n"}, view_output("f00d")]),
         ("code", [view_output("beef")]),
         ("code", [view_output("a1")])],
        {"a1": model("scatter", layout="IPY_MODEL_l2"),
         "beef": model("overlap", layout="IPY_MODEL_l1"),
         "f00d": model("scatter", layout="IPY_MODEL_l1", children=["IPY_MODEL_beef", {"deep": "IPY_MODEL_a1"}]),
         "l1": model(name="LayoutModel", width="330px"),
         "l2": model(name="LayoutModel")})
    WS.stabilise(nb)
    assert shown_ids(nb) == ["tconv-scatter-1", "tconv-overlap-1", "tconv-scatter-2"]
    state = saved(nb)
    assert list(state) == ["tconv-scatter-1", "tconv-overlap-1", "tconv-scatter-2", "tconv-layout-1",
                           "tconv-layout-2"], "outputs' order first, then what they reference"
    first = state["tconv-scatter-1"]["state"]
    assert first["layout"] == "IPY_MODEL_tconv-layout-1"
    assert first["children"] == ["IPY_MODEL_tconv-overlap-1", {"deep": "IPY_MODEL_tconv-scatter-2"}]
    assert state["tconv-overlap-1"]["state"]["layout"] == "IPY_MODEL_tconv-layout-1", "one layout, shared"
    assert state["tconv-scatter-2"]["state"]["layout"] == "IPY_MODEL_tconv-layout-2"
    assert state["tconv-layout-1"]["state"] == {"width": "330px"}
    assert state["tconv-overlap-1"]["state"]["kind"] == "overlap" and state["tconv-overlap-1"]["model_name"] == "AnyModel"
    assert nb.cells[1].outputs[0]["text"] == "hi\n" and nb.cells[0].source == "# an explorer"


def test_models_no_output_reaches_are_dropped():
    nb = notebook([("code", [view_output("x1")]), ("code", [])],
                  {"x1": model("matrix_step"), "gone": model("matrix_step", layout="IPY_MODEL_l9"),
                   "l9": model(name="LayoutModel"), "orphan": model(name="LayoutModel")})
    WS.stabilise(nb)
    assert list(saved(nb)) == ["tconv-matrix_step-1"] and shown_ids(nb) == ["tconv-matrix_step-1"]


def test_a_model_shown_twice_keeps_one_id():
    nb = notebook([("code", [view_output("m")]), ("code", [view_output("m", still=False)])],
                  {"m": model("window")})
    WS.stabilise(nb)
    assert shown_ids(nb) == ["tconv-window-1", "tconv-window-1"] and list(saved(nb)) == ["tconv-window-1"]


def test_what_is_not_saved_is_left_alone():
    """An output whose model was not saved keeps its id (execute_notebooks.normalise blanks it); a reference
    to a model not saved stays as it is; a notebook without saved state does not change at all."""
    nb = notebook([("code", [view_output("lost"), view_output("kept")])],
                  {"kept": model("shape", layout="IPY_MODEL_missing")})
    WS.stabilise(nb)
    assert shown_ids(nb) == ["lost", "tconv-shape-1"]
    assert saved(nb)["tconv-shape-1"]["state"]["layout"] == "IPY_MODEL_missing"
    for models in (None, {}):
        nb = notebook([("code", [view_output("abc")])], models)
        before = copy.deepcopy(nb)
        WS.stabilise(nb)
        assert nb == before


def test_stabilise_is_idempotent_and_ignores_the_random_ids():
    """Two runs differ only in their random ids: after stabilise they are the same notebook."""
    def run(ids):
        a, b, lay = ids
        return notebook([("code", [view_output(a)]), ("code", [view_output(b)])],
                        {b: model("overlap", layout=f"IPY_MODEL_{lay}"), a: model("scatter", layout=f"IPY_MODEL_{lay}"),
                         lay: model(name="LayoutModel")})
    one, two = run(("1a", "2b", "3c")), run(("9z", "8y", "7x"))
    WS.stabilise(one)
    WS.stabilise(two)
    assert one == two
    again = copy.deepcopy(one)
    WS.stabilise(again)
    assert again == one


def test_real_explorers_saved_by_ipywidgets():
    """The state ipywidgets saves for live explorers (each references its LayoutModel): stable ids named
    by the explorer's ``kind``, the layout kept and referenced under its new id."""
    s, o = ScatterExplorer(), OverlapExplorer()
    manager = json.loads(json.dumps(ipywidgets.Widget.get_manager_state(widgets=[o, o.layout, s, s.layout])))
    manager["state"]["stale"] = copy.deepcopy(manager["state"][o.model_id])      # a widget from an earlier run
    nb = notebook([("code", [view_output(s.model_id)]), ("code", [view_output(o.model_id)])], manager["state"])
    WS.stabilise(nb)
    state = saved(nb)
    assert list(state) == ["tconv-scatter-1", "tconv-overlap-1", "tconv-layout-1", "tconv-layout-2"]
    assert state["tconv-scatter-1"]["state"]["layout"] == "IPY_MODEL_tconv-layout-1"
    assert state["tconv-overlap-1"]["state"]["layout"] == "IPY_MODEL_tconv-layout-2"
    assert state["tconv-layout-1"]["model_name"] == "LayoutModel"
    assert state["tconv-overlap-1"]["state"]["stride"] == o.stride and state["tconv-overlap-1"]["state"]["ctx"] == o.ctx
    assert WS.saved_modules(nb) == [BUNDLE.read_text(encoding="utf-8")] * 2


# ---------------------------------------------------------------- refresh

def test_refresh_rewrites_every_saved_module_and_style():
    nb = notebook([("code", [view_output("a"), view_output("b")])],
                  {"a": model("scatter"), "b": model("upsample", _esm="new module"), "l": model(name="LayoutModel")})
    assert WS.refresh(nb, "new module", "new styles") is True
    for mid in ("a", "b"):
        assert saved(nb)[mid]["state"]["_esm"] == "new module" and saved(nb)[mid]["state"]["_css"] == "new styles"
    assert "_esm" not in saved(nb)["l"]["state"] and "_css" not in saved(nb)["l"]["state"], "other models untouched"
    assert WS.saved_modules(nb) == ["new module", "new module"]
    assert WS.refresh(nb, "new module", "new styles") is False, "nothing left to change"
    empty = notebook([("code", [])], None)
    assert WS.refresh(empty, "m", "s") is False and WS.saved_modules(empty) == []


def test_refresh_notebooks_writes_only_the_stale_ones(tmp_path):
    module, styles = BUNDLE.read_text(encoding="utf-8"), STYLES.read_text(encoding="utf-8")
    stale = tmp_path / "stale.ipynb"
    fresh = tmp_path / "fresh.ipynb"
    nbformat.write(notebook([("code", [view_output("a")])], {"a": model("overlap")}), stale)
    nbformat.write(notebook([("code", [view_output("a")])], {"a": model("overlap", _esm=module, _css=styles)}), fresh)
    before = fresh.read_bytes()
    assert WS.refresh_notebooks([stale, fresh]) == [stale]
    assert fresh.read_bytes() == before
    written = nbformat.read(stale, as_version=4)
    assert WS.saved_modules(written) == [module]
    assert saved(written)["a"]["state"]["_css"] == styles
    assert WS.refresh_notebooks([stale, fresh]) == []
