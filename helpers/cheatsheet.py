"""The computations behind 11_summary.ipynb's cheat sheet: one transposed convolution seen three ways.

``three_views`` returns the output Y of one channel computed by the scatter (01–03), by the matrix Cᵀ
(07) and by the direct convolution over the zero-inserted, padded input with the flipped kernel (08).
The notebook checks that all three equal torch. Introduced in 11_summary.ipynb.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import operations as ops
from . import shapes


class ThreeViews(NamedTuple):
    """One channel's output three ways, each ``(H_out, W_out)``, and the matrix used by the second.

    ``C`` ``(H·W, H_out·W_out)`` is the matrix of the Conv2d that maps Y's shape back to X's
    (``operations.conv_matrix``); the transposed convolution is ``C.T @ vec(X)``.
    """
    scatter: np.ndarray
    matrix: np.ndarray
    zero_insertion: np.ndarray
    C: np.ndarray


def three_views(x, kernel, stride: int = 1, padding: int = 0) -> ThreeViews:
    """Y of ``conv_transpose2d`` for one channel x ``(H, W)``, kernel ``(k, k)``, three ways (square input)."""
    x = np.asarray(x, dtype=float)
    kernel = np.asarray(kernel, dtype=float)
    sc = ops.scatter_copies(x[None], kernel[None, None], stride=stride, padding=padding)
    scatter = sc.copies.sum((0, 1, 2))[0, sc.top:sc.top + sc.height, sc.left:sc.left + sc.width]
    n_out = shapes.conv_transpose_output_size(x.shape[0], kernel.shape[0], stride, padding)
    C = ops.conv_matrix(kernel, (n_out, n_out), stride=stride, padding=padding)
    matrix = (C.T @ x.ravel()).reshape(n_out, n_out)
    _, _, direct = ops.equivalent_conv(x[None], kernel[None, None], stride=stride, padding=padding)
    return ThreeViews(scatter, matrix, direct[0], C)
