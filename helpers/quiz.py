"""Graded variants of the exercises: new numbers from a seed, answers computed with ``helpers``.

``quiz(seed)`` gives one fresh question per exercise of 01–10 (``quiz(seed, ["02", "03"])`` for some
lessons). Each ``Question`` tests the same skill as the exercise it varies (``key``, e.g. "02.1"),
with numbers drawn from ``seed``; its answer is computed by ``operations`` and ``shapes`` (through
the same small computations as the exercises, ``bank.common``), never typed in, and never equals the notebook
exercise's answer, so neither solutions.ipynb nor ``exercises.solution()`` gives it away. The same
seed always gives the same quiz; a question depends only on the seed and its key.

``markdown(questions)`` and ``answer_key(questions)`` format the sheet and the key (``make quiz``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from . import operations as ops
from . import shapes
from .bank.common import (
    axis_overlap,
    equivalent_pad,
    first_even_kernel,
    first_stride_without_overlap,
    flipped,
    interior_overlap,
    largest_valid,
    magnifier,
    param_count,
    tconv,
    terms,
    weight_gradient,
    weight_shape,
)
from .captions import fmt
from .checker import canonical, same
from .exercises import EXERCISES, NOTEBOOKS, solution

__all__ = ["Question", "quiz", "variant", "markdown", "answer_key", "VARIANTS"]

_DRAWS = 200  # redraws allowed until a variant's answer differs from the notebook exercise's


@dataclass(frozen=True)
class Question:
    """One quiz question: the exercise it varies, its text, the answer and how to get it.

    ``answer`` is in the exercise's canonical form (``kind``: int, float, tuple of ints, sorted list
    of ints, or a 2-D float array); ``params`` holds every number the question states.
    """
    key: str
    text: str
    kind: str
    answer: Any
    working: str
    params: dict = field(default_factory=dict)

    @property
    def notebook(self) -> str:
        return NOTEBOOKS[self.key[:2]]


def _ints(rng, low, high, size):
    """An int array of ``size`` drawn uniformly from ``low..high`` (inclusive)."""
    return rng.integers(low, high + 1, size=size).astype(float)


def _n(rng, low, high) -> int:
    return int(rng.integers(low, high + 1))


def _grid(a) -> str:
    return fmt(np.asarray(a, dtype=float), exact=True)


def _shape_of(n) -> str:
    return "×".join(str(v) for v in n)


# Each variant draws its numbers with ``rng`` and returns (text, params, answer, working).

def _v01_1(rng):
    x, k = _ints(rng, 0, 4, (2, 2)), _ints(rng, 0, 3, (2, 2))
    y = tconv(x, k)
    return (f"X = {_grid(x)} and K = {_grid(k)}, stride 1, no padding: what is the "
            f"{_shape_of(y.shape)} output Y of the transposed convolution?",
            {"X": x, "K": k}, y,
            f"Add the four copies X[i, j]·K, each with its top-left corner at (i, j): Y = {fmt(y, exact=True)}.")


def _v01_2(rng):
    h, w, k = _n(rng, 2, 7), _n(rng, 2, 7), _n(rng, 2, 5)
    out = (shapes.conv_transpose_output_size(h, k), shapes.conv_transpose_output_size(w, k))
    return (f"What is the output shape of a transposed convolution of a {h}×{w} input with a {k}×{k} "
            f"kernel (stride 1, padding 0)? Give (height, width).",
            {"H": h, "W": w, "k": k}, out,
            f"Height {shapes.conv_transpose_formula(h, k)}; width {shapes.conv_transpose_formula(w, k)}.")


def _v01_3(rng):
    x, k = _ints(rng, 0, 5, (2, 2)), _ints(rng, 1, 5, (2, 2))
    r, c = _n(rng, 0, 2), _n(rng, 0, 2)
    y = tconv(x, k)
    return (f"X = {_grid(x)} and K = {_grid(k)}, stride 1, no padding: what is the value of the output "
            f"cell Y[{r}, {c}] (row {r}, column {c}, counting from 0)?",
            {"X": x, "K": k, "row": r, "col": c}, int(round(y[r, c])),
            f"Y[{r}, {c}] = {terms(x, k, r, c)}.")


def _square_output(text, n, k, s=1, p=0):
    """A question on the output shape of a square n×n input (kernel k, stride s, padding p)."""
    m = shapes.conv_transpose_output_size(n, k, s, p)
    params = {"n": n, "k": k} | ({"s": s} if s != 1 else {}) | ({"p": p} if p else {})
    return text, params, (m, m), f"Per axis: {shapes.conv_transpose_formula(n, k, s, p)}."


def _v02_1(rng):
    n, k = _n(rng, 3, 9), _n(rng, 2, 5)
    p = _n(rng, 1, min(3, shapes.max_transpose_padding(n, k)))
    return _square_output(f"What is the output shape of ConvTranspose2d with kernel_size={k}, padding={p} "
                          f"(stride 1) on a {n}×{n} input?", n, k, p=p)


def _v02_2(rng):
    x, k = _ints(rng, 0, 4, (3, 3)), _ints(rng, 0, 3, (2, 2))
    y = tconv(x, k, padding=1)
    return (f"X = {_grid(x)}, K = {_grid(k)}, stride 1, padding=1: what is the output array?",
            {"X": x, "K": k, "padding": 1}, y,
            f"The full output {fmt(tconv(x, k), exact=True)} ({shapes.conv_transpose_formula(3, 2)} per side) "
            f"loses one row/column on every side: {fmt(y, exact=True)}.")


def _v02_3(rng):
    n, k, s = _n(rng, 2, 6), _n(rng, 2, 5), _n(rng, 1, 3)
    p = largest_valid(lambda v: shapes.conv_transpose_output_size(n, k, s, v))
    return (f"What is the largest padding with which ConvTranspose2d still gives a non-empty output for a "
            f"{n}×{n} input, a {k}×{k} kernel and stride {s}?",
            {"n": n, "k": k, "s": s}, p,
            f"The full output is {shapes.conv_transpose_output_size(n, k, s)} long; with padding={p}, "
            f"{shapes.conv_transpose_formula(n, k, s, p)}; padding={p + 1} would leave "
            f"{shapes.conv_transpose_output_size(n, k, s) - 2 * (p + 1)}.")


def _v03_1(rng):
    n, k, s = _n(rng, 2, 5), _n(rng, 1, 4), _n(rng, 2, 5)
    return _square_output(f"What is the output shape of a transposed convolution of a {n}×{n} input with "
                          f"kernel_size={k}, stride={s} (no padding)?", n, k, s=s)


def _v03_2(rng):
    k = _n(rng, 2, 8)
    s = first_stride_without_overlap(2, k)
    return (f"What is the smallest stride at which the copies of a {k}×{k} kernel no longer overlap?",
            {"k": k}, s,
            f"Copies start s apart and are {k} wide: stride {s} gives the per-axis coverage "
            f"{fmt(axis_overlap(2, k, s), exact=True)}, stride {s - 1} gives {fmt(axis_overlap(2, k, s - 1), exact=True)}.")


def _v03_3(rng):
    x, k, s = _ints(rng, 1, 5, (2, 2)), _ints(rng, 0, 3, (2, 2)), _n(rng, 2, 3)
    y = tconv(x, k, stride=s)
    return (f"X = {_grid(x)}, K = {_grid(k)}, stride {s}, padding 0: what is the output array?",
            {"X": x, "K": k, "s": s}, y,
            f"Per axis {shapes.conv_transpose_formula(2, 2, stride=s)}; the copies start {s} apart: {fmt(y, exact=True)}.")


def _v04_1(rng):
    c_in, c_out, k = _n(rng, 1, 8), _n(rng, 1, 8), _n(rng, 1, 5)
    shape = weight_shape(c_in, c_out, k)
    return (f"What is the weight shape of nn.ConvTranspose2d({c_in}, {c_out}, kernel_size={k})?",
            {"in_channels": c_in, "out_channels": c_out, "k": k}, shape,
            f"(in_channels, out_channels, kH, kW) = {fmt(shape, exact=True)}.")


def _v04_2(rng):
    x, w = _ints(rng, 0, 5, (2, 2, 2)), _ints(rng, 0, 5, (2, 1, 2, 2))
    r, c = _n(rng, 0, 1), _n(rng, 0, 1)
    alone = np.zeros_like(x)
    alone[:, r, c] = x[:, r, c]
    block = ops.conv_transpose2d(alone, w)[0, r:r + 2, c:c + 2]
    return (f"An input with two channels, x0 = {_grid(x[0])} and x1 = {_grid(x[1])}; kernels K0 = {_grid(w[0, 0])} "
            f"(for x0) and K1 = {_grid(w[1, 0])} (for x1); one output channel, stride 1. What 2×2 block does the "
            f"input pixel at row {r}, col {c} add to the output?",
            {"x0": x[0], "x1": x[1], "K0": w[0, 0], "K1": w[1, 0], "row": r, "col": c}, block,
            f"{fmt(x[0, r, c], exact=True)}·{fmt(w[0, 0], exact=True)} + "
            f"{fmt(x[1, r, c], exact=True)}·{fmt(w[1, 0], exact=True)} = {fmt(block, exact=True)}, "
            f"at rows {r}–{r + 1}, cols {c}–{c + 1}.")


def _v04_3(rng):
    c_in, c_out, k = _n(rng, 1, 16), _n(rng, 1, 16), _n(rng, 1, 5)
    bias = bool(rng.integers(0, 2))
    count = param_count(c_in, c_out, k, bias=bias)
    words = "with its bias" if bias else "with bias=False"
    return (f"How many learnable parameters does nn.ConvTranspose2d({c_in}, {c_out}, kernel_size={k}) have "
            f"({words})?",
            {"in_channels": c_in, "out_channels": c_out, "k": k, "bias": bias}, count,
            f"{c_in}·{c_out}·{k}·{k} = {param_count(c_in, c_out, k, bias=False)}"
            + (f" plus {c_out} biases = {count}." if bias else " (no bias)."))


def _v05_1(rng):
    k, s = _n(rng, 2, 7), _n(rng, 2, 4)
    p = _n(rng, 0, (k - 1) // 2)
    n = _n(rng, 10, 60)
    op = shapes.output_padding_for(n, k, s, p)
    m = shapes.conv_output_size(n, k, s, p)
    back = shapes.conv_transpose_output_size(m, k, s, p)
    return (f"Conv2d(kernel_size={k}, stride={s}, padding={p}) maps {n} → {m}, and ConvTranspose2d with the "
            f"same parameters maps {m} → {back}. Which output_padding gives back {n}?",
            {"n": n, "k": k, "s": s, "p": p}, op,
            f"Conv2d: {shapes.conv_output_formula(n, k, s, p)}; ConvTranspose2d: "
            f"{shapes.conv_transpose_formula(m, k, s, p, op)}.")


def _v05_2(rng):
    k, s, m = _n(rng, 1, 5), _n(rng, 2, 4), _n(rng, 2, 12)
    p = _n(rng, 0, (k - 1) // 2)
    sizes = [n for n, _ in shapes.conv_input_sizes(m, k, s, p)]
    return (f"Which input sizes does Conv2d(kernel_size={k}, stride={s}, padding={p}) map to {m}? Give all "
            f"of them.",
            {"k": k, "s": s, "p": p, "m": m}, sizes,
            "; ".join(shapes.conv_output_formula(n, k, s, p) for n in sizes) + ".")


def _v05_3(rng):
    k, s, n = _n(rng, 2, 6), _n(rng, 1, 4), _n(rng, 3, 20)
    p = _n(rng, 0, k - 1)
    m = shapes.conv_transpose_output_size(n, k, s, p)
    return (f"What is the output length of ConvTranspose2d(kernel_size={k}, stride={s}, padding={p}) on an "
            f"input of length {n}?",
            {"k": k, "s": s, "p": p, "n": n}, m, f"{shapes.conv_transpose_formula(n, k, s, p)}.")


def _v06_1(rng):
    n, k, s, d = _n(rng, 2, 9), _n(rng, 2, 4), _n(rng, 1, 3), _n(rng, 1, 3)
    op = _n(rng, 0, max(s, d) - 1)
    p = _n(rng, 0, min(2, shapes.max_transpose_padding(n, k, s, op, d)))
    m = shapes.conv_transpose_output_size(n, k, s, p, op, d)
    return (f"What is the output length of a transposed convolution with input length {n}, kernel_size={k}, "
            f"stride={s}, padding={p}, output_padding={op}, dilation={d}?",
            {"n": n, "k": k, "s": s, "p": p, "op": op, "d": d}, m,
            f"{shapes.conv_transpose_formula(n, k, s, p, op, d)}.")


def _v06_2(rng):
    g = _n(rng, 2, 4)
    c_in, c_out, k = g * _n(rng, 1, 4), g * _n(rng, 1, 4), _n(rng, 1, 5)
    shape = weight_shape(c_in, c_out, k, groups=g)
    return (f"What is the weight shape of nn.ConvTranspose2d({c_in}, {c_out}, kernel_size={k}, groups={g})?",
            {"in_channels": c_in, "out_channels": c_out, "k": k, "groups": g}, shape,
            f"(in_channels, out_channels / groups, kH, kW) = ({c_in}, {c_out}/{g}, {k}, {k}) = {fmt(shape, exact=True)}.")


def _v06_3(rng):
    s, d = _n(rng, 1, 6), _n(rng, 1, 6)
    op = largest_valid(lambda v: shapes.check_transpose_params((s, s), (0, 0), (v, v), (d, d)))
    return (f"What is the largest output_padding ConvTranspose2d allows with stride={s} and dilation={d}?",
            {"s": s, "d": d}, op,
            f"output_padding must be smaller than the stride or the dilation: at most max({s}, {d}) − 1 = {op}.")


def _v06_4(rng):
    x, k = _ints(rng, 1, 4, (2, 2)), _ints(rng, 0, 3, (2, 2))
    s, d, p = _n(rng, 2, 3), _n(rng, 2, 3), _n(rng, 1, 2)
    op = _n(rng, 0, max(s, d) - 1)
    y = tconv(x, k, stride=s, padding=p, output_padding=op, dilation=d)
    full = tconv(x, k, stride=s, dilation=d)
    bottom = p - op   # what is left of the bottom/right crop after output_padding takes some back
    end = (f"crops {bottom} at the bottom/right" if bottom > 0 else "keeps the bottom/right edge" if bottom == 0
           else f"adds {-bottom} zero row(s)/column(s) past the grid at the bottom/right")
    return (f"X = {_grid(x)}, K = {_grid(k)}, stride={s}, padding={p}, output_padding={op}, dilation={d}: "
            f"what is the output array?",
            {"X": x, "K": k, "s": s, "p": p, "op": op, "d": d}, y,
            f"Copies with corners {s} apart and taps {d} apart fill the full grid {fmt(full, exact=True)}; padding "
            f"crops {p} at the top/left, and with output_padding {op} the output {end}: {fmt(y, exact=True)}.")


def _v07_1(rng):
    h, w, k = _n(rng, 3, 6), _n(rng, 3, 6), _n(rng, 2, 3)
    C = ops.conv_matrix(np.ones((k, k)), (h, w))
    return (f"For a {h}×{w} input and a {k}×{k} kernel (stride 1, no padding), what is the shape of the "
            f"matrix C with vec(conv2d(X, K)) = C · vec(X)?",
            {"H": h, "W": w, "k": k}, C.shape,
            f"One row per output cell ({shapes.conv_output_size(h, k)}×{shapes.conv_output_size(w, k)}), one "
            f"column per input cell ({h}×{w}): {fmt(C.shape, exact=True)}.")


def _v07_2(rng):
    h, w, k = _n(rng, 3, 6), _n(rng, 3, 6), _n(rng, 2, 3)
    C = ops.conv_matrix(_ints(rng, 1, 9, (k, k)), (h, w))
    return (f"Let C be the matrix with vec(conv2d(X, K)) = C · vec(X) for a {h}×{w} input X and a {k}×{k} kernel K "
            f"with no zero entries (stride 1, no padding). How many entries of C are non-zero?",
            {"H": h, "W": w, "k": k}, int(np.count_nonzero(C)),
            f"{C.shape[0]} rows (output cells) with {k * k} kernel taps each: {np.count_nonzero(C)} of {C.size}.")


def _v07_3(rng):
    n, k, s = _n(rng, 4, 7), _n(rng, 2, 3), _n(rng, 2, 3)
    p = _n(rng, 0, 1)
    C = ops.conv_matrix(np.ones((k, k)), (n, n), stride=s, padding=p)
    return (f"What is the shape of C for a {n}×{n} input and a {k}×{k} kernel with stride {s} and padding {p}?",
            {"n": n, "k": k, "s": s, "p": p}, C.shape,
            f"Conv2d's output per side: {shapes.conv_output_formula(n, k, s, p)}; C is "
            f"(outputs, inputs) = {fmt(C.shape, exact=True)}.")


def _v07_4(rng):
    c_in, c_out, k, n = _n(rng, 1, 6), _n(rng, 1, 6), _n(rng, 1, 4), _n(rng, 2, 6)
    shape = weight_shape(c_in, c_out, k)
    return (f"layer = nn.ConvTranspose2d({c_in}, {c_out}, kernel_size={k}) gets x of shape (1, {c_in}, {n}, {n}); "
            f"after loss = (layer(x) * G).sum() and loss.backward(), what is the shape of layer.weight.grad?",
            {"in_channels": c_in, "out_channels": c_out, "k": k, "n": n}, shape,
            f"One number per weight: the weight's shape (in_channels, out_channels, kH, kW) = {fmt(shape, exact=True)}.")


def _v07_5(rng):
    x, k, s = _ints(rng, 1, 3, (2, 2)), _ints(rng, 0, 2, (2, 2)), _n(rng, 1, 2)
    n = s + 2   # the output side (2 − 1)·s + 2
    g = _ints(rng, 0, 3, (n, n))
    dk = weight_gradient(x, g, (2, 2), stride=s)
    return (f"Y = conv_transpose2d(X, K) with X = {_grid(x)}, K = {_grid(k)} (stride {s}, padding 0), and the "
            f"upstream gradient G = dL/dY = {_grid(g)}. What is dL/dK?",
            {"X": x, "K": k, "s": s, "G": g}, dk,
            f"Tap K[a, b] meets X[i, j] on the output cell ({s}·i + a, {s}·j + b), so dL/dK[a, b] = "
            f"Σ X[i, j]·G[{s}·i + a, {s}·j + b]: {fmt(dk, exact=True)}.")


def _v08_1(rng):
    k, d = _n(rng, 2, 7), _n(rng, 1, 2)
    p = _n(rng, 0, min(d * (k - 1), shapes.max_transpose_padding(k, k, 1, 0, d)))  # a pad ≥ 0, a valid layer
    pad = equivalent_pad(k, p, 1, d)
    return (f"A transposed convolution with kernel_size={k}, padding={p}, dilation={d} (stride 1) equals a "
            f"direct convolution of a padded input. How much padding goes on each side?",
            {"k": k, "p": p, "d": d}, pad, f"dilation·(kernel_size − 1) − padding = {d}·({k} − 1) − {p} = {pad}.")


def _v08_2(rng):
    h, w, s = _n(rng, 2, 5), _n(rng, 2, 5), _n(rng, 2, 5)
    shape = ops.zero_insert(np.zeros((h, w)), s).shape
    return (f"What is the shape of a {h}×{w} input after inserting zeros for stride {s}?",
            {"H": h, "W": w, "s": s}, shape,
            f"(n − 1)·s + 1 per axis: ({h} − 1)·{s} + 1 = {shape[0]}, ({w} − 1)·{s} + 1 = {shape[1]}.")


def _v08_3(rng):
    k = _ints(rng, 0, 9, (_n(rng, 2, 3),) * 2)
    rotated = flipped(k)
    return (f"Which kernel does the equivalent direct convolution use for the transposed convolution with "
            f"K = {_grid(k)}?",
            {"K": k}, rotated, f"K rotated by 180° (rows and columns reversed): {fmt(rotated, exact=True)}.")


def _v09_1(rng):
    s = _n(rng, 2, 3)
    k = s * _n(rng, 1, 2) + _n(rng, 1, s - 1)  # not a multiple of the stride: uneven overlap
    n = _n(rng, 3, 6)
    counts = ops.overlap_count(n, k, s)
    return (f"A 2-D transposed convolution with kernel_size={k} and stride={s} runs on a {n}×{n} input "
            f"(padding 0). What is the largest number of kernel copies that land on one output cell?",
            {"k": k, "s": s, "n": n}, int(counts.max()),
            f"Per axis the copies cover the cells {fmt(axis_overlap(n, k, s), exact=True)} times; in 2-D the counts "
            f"multiply: {counts.max()}.")


def _v09_2(rng):
    s, low = _n(rng, 2, 5), _n(rng, 3, 9)
    low += low % s == 0  # start between two multiples, so the answer is not the bound itself
    k = first_even_kernel(s, low)
    return (f"With stride {s}, what is the smallest kernel size of at least {low} whose interior overlap is even "
            f"(every interior output cell gets the same number of copies)?",
            {"s": s, "low": low}, k, f"The first multiple of {s} from {low} up: {k}.")


def _v09_3(rng):
    s = _n(rng, 2, 4)
    k = s * _n(rng, 1, 4)
    count = int(interior_overlap(k, s).max())
    return (f"In a 2-D transposed convolution with kernel_size={k} and stride={s} (a large input of ones, a "
            f"kernel of ones), how many kernel copies land on each interior output cell?",
            {"k": k, "s": s}, count, f"({k}/{s})² = {count}: {k} is a multiple of {s}, so every interior cell "
                                    f"gets the same count.")


def _v10_1(rng):
    s = 2 * _n(rng, 1, 4)
    kp = magnifier(s)
    return (f"A stride-{s} transposed convolution should magnify exactly ×{s} with the recipe kernel_size = "
            f"2·stride, padding = stride/2. Give (kernel_size, padding).",
            {"s": s}, kp, f"(2·{s}, {s}/2) = {fmt(kp, exact=True)}; check: {shapes.conv_transpose_formula(16, kp[0], s, kp[1])}.")


def _v10_2(rng):
    s, n = 2 * _n(rng, 1, 4), _n(rng, 5, 40)
    k, p = magnifier(s)
    m = shapes.conv_transpose_output_size(n, k, s, p)
    return (f"What is the output length for an input of length {n} under a stride-{s} layer built with the ×{s} "
            f"recipe (kernel_size = 2·stride, padding = stride/2)?",
            {"s": s, "n": n}, m, f"{shapes.conv_transpose_formula(n, k, s, p)}.")


def _v10_3(rng):
    f = _n(rng, 2, 4)
    size = ops.bilinear_kernel(f).shape[0]
    i, j = _n(rng, 0, size - 1), _n(rng, 0, size - 1)
    value = float(ops.bilinear_kernel(f)[i, j])
    tent = 1 - np.abs(np.arange(size) - (size - 1) / 2) / f  # the 1-D profile whose outer product it is
    assert abs(tent[i] * tent[j] - value) < 1e-12
    return (f"FCN's bilinear kernel for factor {f} (operations.bilinear_kernel({f})) is {size}×{size}. What is "
            f"its entry in row {i}, column {j} (counting from 0)?",
            {"factor": f, "row": i, "col": j}, value,
            f"The outer product of the tent 1 − |i − {fmt((size - 1) / 2, exact=True)}| / {f} with itself: "
            f"{fmt(float(tent[i]), exact=True)} · {fmt(float(tent[j]), exact=True)} = {fmt(value, exact=True)}.")


def _v10_4(rng):
    c, c1, k1 = _n(rng, 16, 128), 2 ** _n(rng, 6, 9), _n(rng, 2, 5)
    layers, cin = [(c, c1, k1, 1, 0)], c1
    for _ in range(_n(rng, 2, 4)):
        cout = max(cin // 2, 3)
        layers.append((cin, cout, 4, 2, 1))
        cin = cout
    from .upsampling import generator_shapes
    rows = [list(r) for r in generator_shapes((c, 1, 1), layers)]
    names = ", ".join(f"ConvTranspose2d{layer}" for layer in layers)
    return (f"A DCGAN-style generator feeds z of shape ({c}, 1, 1) through {names}, arguments (in_channels, "
            f"out_channels, kernel_size, stride, padding). Give the shape (C, H, W) after each layer, one row per layer.",
            {"z": (c, 1, 1), "layers": layers}, rows,
            "H_out = (H − 1)·stride − 2·padding + kernel_size per layer: " + "; ".join(fmt(tuple(r), exact=True) for r in rows) + ".")


#: Exercise key -> the function that draws a variant of it.
VARIANTS: dict[str, Callable] = {
    "01.1": _v01_1, "01.2": _v01_2, "01.3": _v01_3,
    "02.1": _v02_1, "02.2": _v02_2, "02.3": _v02_3,
    "03.1": _v03_1, "03.2": _v03_2, "03.3": _v03_3,
    "04.1": _v04_1, "04.2": _v04_2, "04.3": _v04_3,
    "05.1": _v05_1, "05.2": _v05_2, "05.3": _v05_3,
    "06.1": _v06_1, "06.2": _v06_2, "06.3": _v06_3, "06.4": _v06_4,
    "07.1": _v07_1, "07.2": _v07_2, "07.3": _v07_3, "07.4": _v07_4, "07.5": _v07_5,
    "08.1": _v08_1, "08.2": _v08_2, "08.3": _v08_3,
    "09.1": _v09_1, "09.2": _v09_2, "09.3": _v09_3,
    "10.1": _v10_1, "10.2": _v10_2, "10.3": _v10_3, "10.4": _v10_4,
}


def variant(key: str, seed: int) -> Question:
    """The quiz question varying exercise ``key`` for ``seed``; its answer differs from the exercise's."""
    if key not in VARIANTS:
        raise ValueError(f"key must be an exercise with a quiz variant, one of {', '.join(VARIANTS)}; got {key!r}.")
    kind = EXERCISES[key].kind
    original = solution(key).answer
    rng = np.random.default_rng([int(seed), int(key[:2]), int(key[3:])])
    for _ in range(_DRAWS):
        text, params, answer, working = VARIANTS[key](rng)
        answer = canonical(kind, answer)
        if not same(kind, answer, original):
            return Question(key, text, kind, answer, working, params)
    raise RuntimeError(f"no variant of {key} with a new answer in {_DRAWS} draws")  # pragma: no cover


def quiz(seed: int, notebooks=None) -> list[Question]:
    """One question per exercise of the given notebooks (``"01"``…``"10"``; default all), from ``seed``."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number ≥ 0, got {seed!r}.")
    chosen = list(NOTEBOOKS) if notebooks is None else [f"{int(n):02d}" for n in notebooks]
    unknown = [n for n in chosen if n not in NOTEBOOKS]
    if unknown:
        raise ValueError(f"notebooks must be among {', '.join(NOTEBOOKS)}; got {', '.join(unknown)}.")
    quizzable = sorted({key[:2] for key in VARIANTS})
    without = [n for n in chosen if n not in quizzable]
    if without and notebooks is not None:
        raise ValueError(f"notebooks: {', '.join(without)} has no quiz variant (11's exercises mix the lessons "
                         f"01–10, whose variants are the quiz); pick from {quizzable[0]}–{quizzable[-1]}, "
                         f"e.g. --notebooks {' '.join(quizzable[:3])}.")
    return [variant(key, seed) for key in VARIANTS if key[:2] in chosen]


def _answer_text(q: Question) -> str:
    return fmt(q.answer, exact=True)


def markdown(questions: list[Question], seed: int) -> str:
    """The question sheet as Markdown, numbered, with the lesson each question comes from."""
    lines = [f"# Quiz: transposed convolution (variant {seed})", "",
             "Answer each question by hand. Give shapes as tuples such as (rows, columns), arrays as lists of rows.", ""]
    for number, q in enumerate(questions, 1):
        lines += [f"{number}. *({q.notebook[:2]})* {q.text}", ""]
    return "\n".join(lines)


def answer_key(questions: list[Question], seed: int) -> str:
    """The answer key as Markdown: the answer of each numbered question and how it is computed."""
    lines = [f"# Answer key: quiz variant {seed}", ""]
    for number, q in enumerate(questions, 1):
        lines += [f"{number}. **{_answer_text(q)}** — {q.working} *(varies exercise {q.key})*", ""]
    return "\n".join(lines)
