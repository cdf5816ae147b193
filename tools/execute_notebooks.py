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
import os
import sys
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from traitlets import default

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
        store_widget_state=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute(cwd=str(path.parent), env={**os.environ, **KERNEL_ENV})
    return normalise(nb)


def normalise(nb):
    """Return a copy of `nb` without the parts that change between identical runs.

    - drops `metadata.widgets` (widget state: large, and useless without a live kernel),
      each cell's `metadata.execution` (timings) and `metadata.language_info.version`;
    - sets `metadata.kernelspec` to the `python3` kernel (so JupyterLab opens it without asking);
    - numbers executed code cells 1, 2, 3, ... in order (also in their `execute_result` outputs);
      code cells that were not executed keep `None`;
    - joins consecutive stream outputs of the same name (their split depends on timing);
    - drops widget-view data from outputs that carry a still picture too (the explorers add an SVG
      or HTML fallback): the id names a kernel-side widget that no longer exists, so JupyterLab,
      Notebook 7 and GitHub all show the picture until the cell is run again; widget views without a
      fallback keep their data with `model_id` blanked (JupyterLab hides those instead of showing
      "Error displaying widget: model not found").
    """
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
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
            if isinstance(view, dict) and ({"image/svg+xml", "text/html", "image/png"} & set(data)):
                del data[WIDGET_VIEW]
            elif isinstance(view, dict) and "model_id" in view:
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
