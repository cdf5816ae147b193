"""Committed outputs do not depend on the processor that made them.

oneDNN (convolutions), ATen (element-wise kernels, reductions) and MKL (matrix products) each choose their
code by the vector instructions of the CPU: SSE4.1, AVX2 or AVX-512. A float32 sum then adds in another
order and its last bits change; 300 training steps (10) amplify such bits into different pixels. The
committed outputs must reproduce on any x86-64 machine, CI's and students' included, so here this machine
runs every English notebook on the code paths of older processors (the environment variables below cap the
instructions each library may use) and compares the result with the committed outputs.
The Chinese notebooks run the identical code, so they are not run again.
"""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest

from conftest import NOTEBOOKS, ROOT, execute_notebooks, label

pytestmark = pytest.mark.cpu

# The code paths of two kinds of older processor, each library capped by its own variable.
CPU_KINDS = {
    "sse4.1": {"ONEDNN_MAX_CPU_ISA": "SSE41", "ATEN_CPU_CAPABILITY": "default", "MKL_ENABLE_INSTRUCTIONS": "SSE4_2"},
    "avx2": {"ONEDNN_MAX_CPU_ISA": "AVX2", "ATEN_CPU_CAPABILITY": "avx2", "MKL_ENABLE_INSTRUCTIONS": "AVX2"},
}

# float32 results whose last bits depend on the code path: a transposed convolution and a sum.
PROBE = """
import hashlib, torch
g = torch.Generator().manual_seed(0)
x, w = torch.randn(4, 8, 32, 32, generator=g), torch.randn(8, 8, 3, 3, generator=g)
y = torch.nn.functional.conv_transpose2d(x, w, stride=2)
print(hashlib.sha256(y.numpy().tobytes() + y.sum(dim=(2, 3)).numpy().tobytes()).hexdigest())
"""


def _probe(env):
    done = subprocess.run([sys.executable, "-c", PROBE], env={**os.environ, **env}, capture_output=True,
                          text=True, check=True)
    return done.stdout.strip()


def test_the_caps_change_float32_results():
    """Without this the test below could pass while the variables did nothing."""
    native = _probe({})
    assert _probe(CPU_KINDS["sse4.1"]) != native, "capping at SSE4.1 left float32 results unchanged"


def _run_all(env, folder):
    """Execute every English notebook in a subprocess with `env`, two at a time; {path: executed copy}."""
    def run(path):
        target = folder / path.name
        subprocess.run([sys.executable, str(ROOT / "tools" / "execute_notebooks.py"), str(path), "-o", str(target),
                        "--allow-errors"], env={**os.environ, **env}, capture_output=True, text=True, check=True)
        return path, nbformat.read(target, as_version=4)

    with ThreadPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1))) as pool:
        return dict(pool.map(run, NOTEBOOKS))


@pytest.mark.parametrize("kind", list(CPU_KINDS))
def test_outputs_are_the_same_on_another_processor(kind, tmp_path):
    fresh = _run_all(CPU_KINDS[kind], tmp_path)
    differing = {}
    for path, nb in fresh.items():
        stored = execute_notebooks.comparable(nbformat.read(path, as_version=4))
        new = execute_notebooks.comparable(nb)
        cells = [i for i, (a, b) in enumerate(zip(stored, new)) if a != b]
        if cells or len(stored) != len(new):
            differing[label(path)] = cells
    assert not differing, (f"on a {kind} processor these notebooks give other outputs (cell indices): {differing}; "
                           "compute those numbers so that the code path cannot change them (float64, exact integers, "
                           "or print a verdict instead of a rounding error)")
