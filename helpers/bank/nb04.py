"""Exercises of 04_multi_channel.ipynb; texts in texts/<language>/04.toml."""
import numpy as np

from .. import operations as ops
from ..captions import fmt
from ..checker import exercise
from .common import param_count, weight_shape

X = np.array([[[0, 1], [2, 3]], [[4, 5], [7, 8]]], dtype=float)           # (C_in=2, 2, 2)
W = np.array([[[[0, 1], [2, 3]]], [[[4, 5], [2, 3]]]], dtype=float)      # (C_in=2, C_out=1, 2, 2)


def pixel_contribution(row, col, channels=None):
    """The block that input pixel (row, col) paints into output channel 0, summed over ``channels``."""
    sc = ops.scatter_copies(X, W)
    chans = list(range(X.shape[0])) if channels is None else channels
    k = W.shape[2]
    return sc.copies[chans, row, col, 0].sum(0)[row:row + k, col:col + k]


exercise(
    "04.1", "tuple",
    lambda: weight_shape(3, 5, 2),
    lambda t: t["explain"].format(shape=fmt(weight_shape(3, 5, 2), exact=True)),
    lambda: [((5, 3, 2, 2), "conv2d_layout")],
    sizes=True,
)

exercise(
    "04.2", "array",
    lambda: pixel_contribution(0, 1),
    lambda t: t["explain"].format(x0=fmt(X[0, 0, 1], exact=True), x1=fmt(X[1, 0, 1], exact=True),
                                  k0=fmt(W[0, 0], exact=True), k1=fmt(W[1, 0], exact=True),
                                  block=fmt(pixel_contribution(0, 1), exact=True)),
    lambda: [(pixel_contribution(0, 1, [0]), "channel_0"), (pixel_contribution(0, 1, [1]), "channel_1"),
             (W[0, 0] + W[1, 0], "unscaled")],
)

exercise(
    "04.3", "int",
    lambda: param_count(4, 8, 3),
    lambda t: t["explain"].format(weights=param_count(4, 8, 3, bias=False), total=param_count(4, 8, 3)),
    lambda: [(param_count(4, 8, 3, bias=False), "no_bias"), (param_count(4, 8, 3, bias=False) + 4, "bias_per_input")],
)
