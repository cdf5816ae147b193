"""The explorers' saved widget state in the committed notebooks: what lets JupyterLab, Notebook 7, the static
site and the offline slides draw a live explorer in a notebook opened without running it.

nbclient saves every widget model of a run (``store_widget_state=True``) under
``metadata.widgets["application/vnd.jupyter.widget-state+json"]`` with random model ids, and each
anywidget model carries its own copy of the ES module (``_esm``). ``stabilise`` makes that reproducible:
ids become ``tconv-<kind>-<n>`` in the order the outputs show them (the outputs' ``model_id`` and every
``IPY_MODEL_`` reference renamed alike), models no output reaches are dropped. ``refresh`` rewrites the
``_esm`` and ``_css`` copies from helpers/js/explorers.js and explorers.css, so changing the module does not need a re-run
(tools/build_js.py calls it; tests/test_js.py checks every copy is current).
"""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATE = "application/vnd.jupyter.widget-state+json"
VIEW = "application/vnd.jupyter.widget-view+json"
BUNDLE = ROOT / "helpers" / "js" / "explorers.js"


def _refs(value, out):
    """Every ``IPY_MODEL_<id>`` inside a model's state."""
    if isinstance(value, str) and value.startswith("IPY_MODEL_"):
        out.append(value[len("IPY_MODEL_"):])
    elif isinstance(value, dict):
        for v in value.values():
            _refs(v, out)
    elif isinstance(value, list):
        for v in value:
            _refs(v, out)
    return out


def _rename(value, names):
    if isinstance(value, str) and value.startswith("IPY_MODEL_"):
        return "IPY_MODEL_" + names.get(value[len("IPY_MODEL_"):], value[len("IPY_MODEL_"):])
    if isinstance(value, dict):
        return {k: _rename(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_rename(v, names) for v in value]
    return value


def stabilise(nb) -> None:
    """Stable ids and only the models the outputs show (in place); without saved state, nothing changes."""
    saved = nb.metadata.get("widgets", {}).get(STATE)
    if not saved:
        return
    models = saved.get("state", {})
    names, order = {}, []
    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            view = output.get("data", {}).get(VIEW)
            if isinstance(view, dict) and view.get("model_id") in models and view["model_id"] not in names:
                order.append(view["model_id"])
                names[view["model_id"]] = None
    reached, queue = [], list(order)
    while queue:
        mid = queue.pop(0)
        if mid in reached or mid not in models:
            continue
        reached.append(mid)
        queue.extend(_refs(models[mid].get("state", {}), []))
    counts: dict[str, int] = {}
    for mid in reached:
        state = models[mid].get("state", {})
        kind = state.get("kind") or models[mid].get("model_name", "model").removesuffix("Model").lower()
        counts[kind] = counts.get(kind, 0) + 1
        names[mid] = f"tconv-{kind}-{counts[kind]}"
    saved["state"] = {names[mid]: _rename(models[mid], names) for mid in reached}
    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            view = output.get("data", {}).get(VIEW)
            if isinstance(view, dict) and view.get("model_id") in names:
                view["model_id"] = names[view["model_id"]]


def refresh(nb, module: str, styles: str) -> bool:
    """Put ``module`` (the ES module's text) and ``styles`` (its CSS) in every saved explorer model; True if
    anything changed."""
    changed = False
    for model in nb.metadata.get("widgets", {}).get(STATE, {}).get("state", {}).values():
        state = model.get("state", {})
        for key, text in (("_esm", module), ("_css", styles)):
            if key in state and state[key] != text:
                state[key] = text
                changed = True
    return changed


def refresh_notebooks(paths) -> list[Path]:
    """``refresh`` each notebook file with the current bundle; returns the files rewritten."""
    import nbformat

    module = BUNDLE.read_text(encoding="utf-8")
    styles = BUNDLE.with_name("explorers.css").read_text(encoding="utf-8")
    written = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if refresh(nb, module, styles):
            nbformat.write(nb, path)
            written.append(Path(path))
    return written


def saved_modules(nb) -> list[str]:
    """The ``_esm`` text of every saved explorer model."""
    return [m["state"]["_esm"] for m in nb.metadata.get("widgets", {}).get(STATE, {}).get("state", {}).values()
            if "_esm" in m.get("state", {})]


if __name__ == "__main__":
    print(json.dumps([str(p) for p in refresh_notebooks(sorted(ROOT.glob("notebooks/**/*.ipynb")))]))
