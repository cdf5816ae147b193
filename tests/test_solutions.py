"""notebooks/solutions.ipynb answers every exercise, and every worked sum pairs inputs with the right taps.

tools/make_solutions.py writes solutions.ipynb from the exercise registry (`make notebooks` runs it);
here we check the committed notebook against the registry and against the notebooks that ask the
questions, and read every worked explanation's "x[i,j]·K[a,b] + … = … = v" sums: each input must meet
the tap that the scatter gives it (x[i, j] lands at (i·s + d·a − p, j·s + d·b − p)), and where the
explanation names the cell and every value, torch must compute the same number.
"""
from __future__ import annotations

import itertools
import re

import nbformat
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from helpers import exercises
from conftest import NOTEBOOK_DIR, SOLUTIONS_NOTEBOOK  # noqa: E402

SUM = re.compile(r"(?:Y\[(\d+), (\d+)\] = )?((?:x\[\d+,\d+\]·K\[\d+,\d+\](?: \+ )?)+) = ([-\d.·+ ]+?) = (-?[\d.]+)")
NAMES = re.compile(r"x\[(\d+),(\d+)\]·K\[(\d+),(\d+)\]")


def _code(path):
    nb = nbformat.read(path, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code")


def test_solutions_notebook_covers_every_exercise():
    shown = re.findall(r'solution\("(\d\d\.\d+)"\)', _code(SOLUTIONS_NOTEBOOK))
    assert sorted(shown) == sorted(exercises.keys()), "solutions.ipynb is stale: run `make notebooks`"
    assert len(shown) == len(set(shown))


def test_every_exercise_a_notebook_checks_has_a_solution():
    asked = set()
    for path in sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb")):
        asked |= set(re.findall(r'check\(\s*"(\d\d\.\d+)"', _code(path)))
    assert asked, "no notebook calls check(...)"
    assert asked <= set(exercises.keys())
    for key in sorted(asked):
        assert exercises.solution(key).explanation.strip(), key


def _worked_sums():
    for key in exercises.keys():
        for m in SUM.finditer(exercises.solution(key).explanation):
            yield pytest.param(key, m, id=f"{key}:{m.start()}")


WORKED = list(_worked_sums())


def test_some_worked_sums_exist():
    assert len(WORKED) >= 3


@pytest.mark.parametrize("key, m", WORKED)
def test_worked_sum_pairs_each_input_with_its_tap(key, m):
    names = [tuple(int(v) for v in t) for t in NAMES.findall(m[3])]
    nums = [tuple(float(v) for v in t.split("·")) for t in m[4].split(" + ")]
    assert len(names) == len(nums), f"{key}: {len(names)} names but {len(nums)} products"
    assert sum(a * b for a, b in nums) == pytest.approx(float(m[5])), f"{key}: the products do not add up"
    # the same input (and the same tap) always shows the same value
    xs, ks = {}, {}
    for (i, j, a, b), (xv, kv) in zip(names, nums):
        assert xs.setdefault((i, j), xv) == xv and ks.setdefault((a, b), kv) == kv
    # pairing: some stride s ≥ 1, padding p ≥ 0 and dilation d ≥ 1 put every x[i, j]'s tap (a, b) on one cell
    row, col = (int(m[1]), int(m[2])) if m[1] else (None, None)
    fits = []
    for s, p, d in itertools.product(range(1, 6), range(0, 5), range(1, 4)):
        rows = {i * s + d * a - p for i, _, a, _ in names}
        cols = {j * s + d * b - p for _, j, _, b in names}
        if len(rows) == len(cols) == 1 and (row is None or (rows, cols) == ({row}, {col})):
            fits.append((s, p, d))
    assert fits, f"{key}: no stride/padding puts {names} on one output cell: an input is paired with the wrong tap"
    # where every value of a 2-D x and K is named, torch computes the same number at that cell
    h, w = max(i for i, _ in xs) + 1, max(j for _, j in xs) + 1
    kh, kw = max(a for a, _ in ks) + 1, max(b for _, b in ks) + 1
    if row is not None and len(xs) == h * w and len(ks) == kh * kw:
        X = torch.zeros(1, 1, h, w, dtype=torch.float64)
        K = torch.zeros(1, 1, kh, kw, dtype=torch.float64)
        for (i, j), v in xs.items():
            X[0, 0, i, j] = v
        for (a, b), v in ks.items():
            K[0, 0, a, b] = v
        s, p, d = fits[0]   # output_padding max(s, d) − 1 keeps every cell the crop would take at the bottom/right
        y = F.conv_transpose2d(X, K, stride=s, padding=p, output_padding=max(s, d) - 1, dilation=d)[0, 0]
        assert float(y[row, col]) == pytest.approx(float(m[5])), f"{key}: torch gives {float(y[row, col])}"


def test_checker_refuses_a_near_miss():
    """A numeric answer off by 1e-4 (relative) is not 'correct'; the exact answer is."""
    tried = 0
    for key in exercises.keys():
        answer = exercises.solution(key).answer
        if isinstance(answer, (int, float, np.integer, np.floating)) and not isinstance(answer, bool) and answer:
            assert exercises.check(key, answer), key
            assert not exercises.check(key, float(answer) * (1 + 1e-4)), key
            tried += 1
        elif isinstance(answer, np.ndarray) and answer.dtype.kind == "f" and answer.size:
            assert exercises.check(key, answer), key
            off = answer.copy()
            off.flat[0] += 1e-3 * (1 + abs(off.flat[0]))
            assert not exercises.check(key, off), key
            tried += 1
    assert tried >= 5
