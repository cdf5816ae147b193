"""Re-execute notebooks headless and normalise them so committed outputs are reproducible.

Usage (from the repository root; `make notebooks` runs the first form on every notebook):

    python tools/execute_notebooks.py notebooks/*.ipynb          # in place
    python tools/execute_notebooks.py notebooks/02_padding.ipynb -o /tmp/02.ipynb

Each notebook runs in a fresh `python3` kernel of *this* interpreter's environment (never a kernelspec
found elsewhere on the machine), with the notebook's own folder (`notebooks/`) as working directory and
a 300 s timeout per cell. Afterwards `normalise` removes what changes from run to run without changing
what a student sees, so re-running an unchanged notebook gives a byte-identical file.

Tests import `execute_notebook`, `normalise` and `comparable` from here (tests/conftest.py).
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import io
import json
import os
import sys
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from traitlets import default

try:
    from tools import widget_state
except ImportError:   # run as a script: tools/ is on sys.path
    import widget_state

KERNEL_NAME = "python3"
TIMEOUT = 300
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
KERNELSPEC = {"name": KERNEL_NAME, "display_name": "Python 3 (ipykernel)", "language": "python"}

# Environment of the kernel. PNGs from Matplotlib's Agg backend carry no timestamp (only a
# "Software" tag naming the Matplotlib version), so they are byte-identical from run to run with
# the same pinned packages; SOURCE_DATE_EPOCH does the same for SVG/PDF output (Matplotlib reads it
# for their date fields), and a fixed hash seed keeps the order of sets of strings stable.
KERNEL_ENV = {"SOURCE_DATE_EPOCH": "0", "PYTHONHASHSEED": "0"}


class _CurrentEnvKernelSpecManager(KernelSpecManager):
    """Knows one kernel, `python3`, run by this interpreter (`sys.executable -m ipykernel_launcher`)."""

    def get_kernel_spec(self, kernel_name):
        if kernel_name != KERNEL_NAME:
            raise NoSuchKernel(kernel_name)
        from ipykernel.kernelspec import RESOURCES, get_kernel_dict

        return self.kernel_spec_class(resource_dir=RESOURCES, **get_kernel_dict())


class _CurrentEnvKernelManager(AsyncKernelManager):
    @default("kernel_spec_manager")
    def _kernel_spec_manager_default(self):
        return _CurrentEnvKernelSpecManager()


def execute_notebook(path, *, timeout=TIMEOUT, allow_errors=False):
    """Run the notebook at `path` top to bottom; return the executed, normalised notebook node.

    The file itself is not changed. With allow_errors=False a failing cell raises
    nbclient.exceptions.CellExecutionError; with True, errors are kept as `error` outputs.
    """
    path = Path(path).resolve()
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=KERNEL_NAME,
        kernel_manager_class=_CurrentEnvKernelManager,
        allow_errors=allow_errors,
        record_timing=False,
        store_widget_state=True,   # explorers drawn live from the saved state, no kernel needed
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute(cwd=str(path.parent), env={**os.environ, **KERNEL_ENV})
    return normalise(nb)


def normalise(nb):
    """Return a copy of `nb` without the parts that change between identical runs.

    - keeps the explorers' saved widget state with stable ids (tools/widget_state.stabilise), so JupyterLab,
      Notebook 7, the static site and the offline slides draw them live without running the notebook;
      drops each cell's `metadata.execution` (timings) and `metadata.language_info.version`;
    - sets `metadata.kernelspec` to the `python3` kernel (so JupyterLab opens it without asking);
    - numbers executed code cells 1, 2, 3, ... in order (also in their `execute_result` outputs);
      code cells that were not executed keep `None`;
    - joins consecutive stream outputs of the same name (their split depends on timing);
    - widget views whose model was not saved keep their data with `model_id` blanked (JupyterLab hides
      those instead of showing "Error displaying widget: model not found"); the explorers' outputs carry a
      still picture too (SVG or HTML) for viewers without widgets (GitHub).
    """
    nb = copy.deepcopy(nb)
    widget_state.stabilise(nb)
    saved = nb.metadata.get("widgets", {}).get(widget_state.STATE, {}).get("state", {})
    nb.metadata.get("language_info", {}).pop("version", None)
    nb.metadata["kernelspec"] = nbformat.from_dict(dict(KERNELSPEC))
    count = 0
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        if cell.get("execution_count") is not None:
            count += 1
            cell.execution_count = count
        cell.outputs = _merge_streams(cell.get("outputs", []))
        for output in cell.outputs:
            if output.get("output_type") == "execute_result":
                output["execution_count"] = cell.execution_count
            data = output.get("data", {})
            view = data.get(WIDGET_VIEW)
            if isinstance(view, dict) and "model_id" in view and view["model_id"] not in saved:
                view["model_id"] = ""
    return nb


def _merge_streams(outputs):
    """Join consecutive stdout (or stderr) outputs into one: how ipykernel splits a cell's printing
    into messages depends on timing (its flush timer), not on what the cell printed."""
    merged = []
    for output in outputs:
        if (output.get("output_type") == "stream" and merged and merged[-1].get("output_type") == "stream"
                and merged[-1].get("name") == output.get("name")):
            merged[-1]["text"] += output["text"]
        else:
            merged.append(output)
    return merged


def _png_pixels(b64):
    """Decode a base64 PNG into a short, comparable description of its pixels."""
    import base64

    from PIL import Image  # Pillow comes with Matplotlib

    with Image.open(io.BytesIO(base64.b64decode(b64))) as image:
        rgba = image.convert("RGBA")
        return f"png {rgba.width}x{rgba.height} sha256={hashlib.sha256(rgba.tobytes()).hexdigest()}"


def comparable(nb):
    """The parts of a notebook that a fresh run must reproduce, as plain data for `==`.

    One entry per cell: (cell_type, source, execution_count, outputs). PNG images are compared by
    their decoded pixels, so a different PNG encoder build cannot fail the comparison, but one
    changed pixel does.
    """
    cells = []
    for cell in normalise(nb).cells:
        outputs = []
        for output in cell.get("outputs", []):
            output = copy.deepcopy(dict(output))
            data = output.get("data")
            if data and "image/png" in data:
                data = dict(data)
                data["image/png"] = _png_pixels(data["image/png"])
                output["data"] = data
            outputs.append(output)
        cells.append((cell.cell_type, cell.source, cell.get("execution_count"), outputs))
    return cells


def _readable(cell):
    """A cell as text lines for a diff: its source, then each output's text (pictures by a digest)."""
    kind, source, count, outputs = cell
    lines = [f"[{kind} {count}]", *source.splitlines()]
    for output in outputs:
        if output.get("output_type") == "stream":
            lines += [f"<{output.get('name')}>", *output.get("text", "").splitlines()]
            continue
        if output.get("output_type") == "error":
            lines.append(f"<error> {output.get('ename')}: {output.get('evalue')}")
            continue
        for mime, value in sorted(output.get("data", {}).items()):
            value = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
            if mime in ("image/png", "image/svg+xml") or len(value) > 4000:
                lines.append(f"<{mime}> {len(value)} chars sha256={hashlib.sha256(value.encode()).hexdigest()[:16]}")
            else:
                lines += [f"<{mime}>", *value.splitlines()]
    return lines


def _pictures(nb_cell):
    """[(extension, bytes)] of the pictures a notebook cell shows (PNG decoded, SVG as text)."""
    import base64

    out = []
    for output in nb_cell.get("outputs", []):
        data = output.get("data", {})
        if "image/png" in data:
            out.append(("png", base64.b64decode(data["image/png"])))
        if "image/svg+xml" in data:
            svg = data["image/svg+xml"]
            out.append(("svg", ("".join(svg) if isinstance(svg, list) else svg).encode("utf-8")))
    return out


def _side_by_side(old_png, new_png, target):
    """One PNG with the committed picture on the left and the fresh one on the right (red divider)."""
    from PIL import Image

    with Image.open(io.BytesIO(old_png)) as a, Image.open(io.BytesIO(new_png)) as b:
        a, b = a.convert("RGB"), b.convert("RGB")
        both = Image.new("RGB", (a.width + b.width + 12, max(a.height, b.height)), "white")
        both.paste(a, (0, 0))
        both.paste(Image.new("RGB", (4, both.height), (200, 0, 0)), (a.width + 4, 0))
        both.paste(b, (a.width + 12, 0))
        both.save(target)


def explain_difference(stored, fresh, name, folder):
    """What changed between a committed notebook and a fresh run, for a test failure message.

    Returns a unified text diff of the differing cells (sources, printed text, picture digests) and
    writes every differing picture to ``folder`` (git-ignored): ``<name>_cell<i>_<k>_old.<ext>`` and
    ``_new.<ext>``, and for PNGs ``_side_by_side.png`` (committed left, fresh right), so a changed
    picture is looked at before it is committed.
    """
    import difflib

    folder = Path(folder)
    old_cells, new_cells = comparable(stored), comparable(fresh)
    old_nb, new_nb = normalise(stored), normalise(fresh)
    report, written = [], []
    for index in range(max(len(old_cells), len(new_cells))):
        old = old_cells[index] if index < len(old_cells) else ("missing", "", None, [])
        new = new_cells[index] if index < len(new_cells) else ("missing", "", None, [])
        if old == new:
            continue
        report += difflib.unified_diff(_readable(old), _readable(new), f"{name} cell {index} (committed)",
                                       f"{name} cell {index} (fresh run)", lineterm="", n=2)
        olds = _pictures(old_nb.cells[index]) if index < len(old_nb.cells) else []
        news = _pictures(new_nb.cells[index]) if index < len(new_nb.cells) else []
        for k in range(max(len(olds), len(news))):
            pair = [olds[k] if k < len(olds) else None, news[k] if k < len(news) else None]
            if pair[0] == pair[1]:
                continue
            folder.mkdir(parents=True, exist_ok=True)
            stem = folder / f"{name}_cell{index}_{k}"
            for tag, item in zip(("old", "new"), pair):
                if item is not None:
                    target = stem.with_name(f"{stem.name}_{tag}.{item[0]}")
                    target.write_bytes(item[1])
                    written.append(target)
            if all(item is not None and item[0] == "png" for item in pair):
                _side_by_side(pair[0][1], pair[1][1], stem.with_name(f"{stem.name}_side_by_side.png"))
                written.append(stem.with_name(f"{stem.name}_side_by_side.png"))
    text = "\n".join(report)
    if len(text) > 6000:
        text = text[:6000] + "\n… (diff cut)"
    if written:
        text += "\n\nPictures that changed (look at them before committing):\n" + "\n".join(f"  {p}" for p in written)
    return text


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path, help="notebook files to execute")
    parser.add_argument("-o", "--output", type=Path, help="write here instead of in place (one notebook only)")
    parser.add_argument("--timeout", type=int, default=TIMEOUT, help="seconds per cell (default %(default)s)")
    parser.add_argument("--allow-errors", action="store_true", help="keep going past failing cells")
    args = parser.parse_args(argv)
    if args.output and len(args.notebooks) != 1:
        parser.error("--output needs exactly one notebook")
    for path in args.notebooks:
        target = args.output or path
        print(f"executing {path} -> {target}", flush=True)
        nb = execute_notebook(path, timeout=args.timeout, allow_errors=args.allow_errors)
        nbformat.validate(nb)
        nbformat.write(nb, target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
