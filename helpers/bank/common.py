"""Small computations the exercises (and ``helpers.quiz``'s variants of them) share, all through helpers.

Each returns plain NumPy arrays, ints or tuples; ``terms`` writes a worked sum in notation only
(``x[0,0]·K[1,1] + … = 0·4 + … = 10``), no words.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import operations as ops
from .. import shapes
from ..captions import fmt

__all__ = ["tconv", "terms", "square", "largest_valid", "interior_overlap", "axis_overlap",
           "interior_axis_overlap", "weight_shape", "param_count", "first_stride_without_overlap",
           "equivalent_pad", "flipped", "first_even_kernel", "magnifier", "weight_gradient", "tap_terms"]


def tconv(x, k, **kw) -> np.ndarray:
    """One-channel transposed convolution through ``operations.conv_transpose2d``: (H, W) -> (H', W')."""
    return ops.conv_transpose2d(np.asarray(x, dtype=float)[None], np.asarray(k, dtype=float)[None, None], **kw)[0]


def terms(x, k, row, col, **kw) -> str:
    """``x[0,0]·K[1,1] + … = 0·4 + … = 10``: the products that make output cell (row, col), one channel."""
    x = np.asarray(x, dtype=float)
    k = np.asarray(k, dtype=float)
    found = ops.contributing_terms(x[None], k[None, None], 0, row, col, **kw)
    value = ops.conv_transpose2d(x[None], k[None, None], **kw)[0, row, col]
    names = " + ".join(f"x[{i},{j}]·K[{a},{b}]" for _, i, j, a, b in found)
    nums = " + ".join(f"{fmt(x[i, j], exact=True)}·{fmt(k[a, b], exact=True)}" for _, i, j, a, b in found)
    return f"{names} = {nums} = {fmt(float(value), exact=True)}"


def square(n: int) -> tuple[int, int]:
    return (n, n)


def largest_valid(valid: Callable[[int], None], start: int = 0, limit: int = 1000) -> int:
    """The largest v >= start for which ``valid(v)`` does not raise ValueError (values are tried upwards)."""
    v = start
    while v < limit:
        try:
            valid(v + 1)
        except ValueError:
            return v
        v += 1
    raise RuntimeError("no upper limit found")  # pragma: no cover - a bug in an exercise


def _interior(counts: np.ndarray, k: int) -> np.ndarray:
    """The cells of an overlap-count map at least k away from every edge (where every copy is complete)."""
    return counts[k:-k, k:-k] if counts.ndim == 2 else counts[k:-k]


def interior_overlap(k: int, s: int) -> np.ndarray:
    """Overlap counts of the interior of a 2-D transposed conv (kernel k, stride s) on a big enough input."""
    return _interior(ops.overlap_count(4 * k, k, s), k)


def axis_overlap(n: int, k: int, s: int) -> np.ndarray:
    """Overlap counts along one axis: a 1×n input, a 1×k kernel, stride (1, s)."""
    return ops.overlap_count((1, n), (1, k), (1, s))[0]


def interior_axis_overlap(k: int, s: int) -> list[int]:
    """The distinct overlap counts in the interior of one axis (kernel k, stride s), sorted."""
    return sorted(set(_interior(axis_overlap(4 * k, k, s), k).tolist()))


def weight_shape(c_in, c_out, k, groups=1):
    """ConvTranspose2d's weight shape (C_in, C_out/groups, k, k), checked against operations.conv_transpose2d."""
    shape = (c_in, c_out // groups, k, k)
    y = ops.conv_transpose2d(np.zeros((c_in, 1, 1)), np.zeros(shape), groups=groups)
    assert y.shape[0] == c_out
    return shape


def param_count(c_in: int, c_out: int, k: int, groups: int = 1, bias: bool = True) -> int:
    """Learnable numbers of ConvTranspose2d: the weight's entries plus one bias per output channel."""
    return int(np.prod(weight_shape(c_in, c_out, k, groups))) + (c_out if bias else 0)


def first_stride_without_overlap(n, k):
    """The smallest stride at which the copies of a k×k kernel on an n×n input overlap nowhere."""
    s = 1
    while ops.overlap_count(n, k, s).max() > 1:
        s += 1
    return s


def equivalent_pad(k, padding, stride=1, dilation=1):
    """Top padding of the direct convolution equal to a transposed conv (from equivalent_conv_parts)."""
    _, pads, _ = ops.equivalent_conv_parts(np.ones((1, k, k)), np.ones((1, 1, k, k)), stride, padding, 0, dilation)
    return pads[0]


def flipped(kernel):
    """The kernel the equivalent direct convolution uses (from equivalent_conv_parts): (k, k) -> (k, k)."""
    _, _, w = ops.equivalent_conv_parts(np.ones((1, 2, 2)), np.asarray(kernel, dtype=float)[None, None])
    return w[0, 0]


def first_even_kernel(s, k_min, limit=100):
    """The smallest kernel size >= k_min whose interior overlap (stride s) is the same everywhere."""
    for k in range(k_min, limit):
        inner = interior_overlap(k, s)
        if inner.min() == inner.max():
            return k
    raise RuntimeError("no even kernel found")  # pragma: no cover


def magnifier(s, n=16):
    """(kernel_size, padding) from k = 2s, p = s/2, checked to magnify an n-long input exactly s times."""
    k = 2 * s
    matches = [p for p in range(k) if shapes.conv_transpose_output_size(n, k, s, p) == s * n]
    assert matches == [s // 2]
    return (k, matches[0])


def weight_gradient(x, g, kernel_shape, **kw) -> np.ndarray:
    """dL/dK of a one-channel transposed convolution Y = tconv(x, K) for the upstream gradient g = dL/dY.

    Y is linear in K: Y = Σ K[a, b]·tconv(x, E_ab) with E_ab the one-hot kernel of tap (a, b), so
    dL/dK[a, b] = Σ g ⊙ tconv(x, E_ab), every tap's response computed by ``operations.conv_transpose2d``.
    """
    g = np.asarray(g, dtype=float)
    out = np.zeros(kernel_shape)
    for a, b in np.ndindex(*kernel_shape):
        one_hot = np.zeros(kernel_shape)
        one_hot[a, b] = 1
        response = tconv(x, one_hot, **kw)
        assert response.shape == g.shape, (response.shape, g.shape)
        out[a, b] = float((g * response).sum())
    return out


def tap_terms(x, g, kernel_shape, a, b, **kw) -> str:
    """``X[0,0]·G[0,1] + … = 1·0 + … = 7``: the products that make dL/dK[a, b] (one channel), no words.

    Tap (a, b) meets X[i, j] on the output cell (r, c) where ``operations.contributing_terms`` pairs them.
    """
    x = np.asarray(x, dtype=float)
    g = np.asarray(g, dtype=float)
    shape = tconv(x, np.zeros(kernel_shape), **kw).shape
    met = [(i, j, r, c) for r, c in np.ndindex(*shape)
           for _, i, j, ta, tb in ops.contributing_terms(x[None], np.zeros((1, 1) + tuple(kernel_shape)), 0, r, c, **kw)
           if (ta, tb) == (a, b)]
    met.sort()
    value = sum(x[i, j] * g[r, c] for i, j, r, c in met)
    names = " + ".join(f"X[{i},{j}]·G[{r},{c}]" for i, j, r, c in met)
    nums = " + ".join(f"{fmt(x[i, j], exact=True)}·{fmt(g[r, c], exact=True)}" for i, j, r, c in met)
    return f"{names} = {nums} = {fmt(float(value), exact=True)}"
