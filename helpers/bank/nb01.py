"""Exercises of 01_basic_operation.ipynb; texts in texts/<language>/01.toml."""
import numpy as np

from .. import operations as ops
from .. import shapes
from ..captions import fmt
from ..checker import exercise
from .common import square, tconv, terms

X1, K1 = [[1, 2], [3, 4]], [[1, 0], [0, 1]]
X3, K3 = [[0, 1], [2, 3]], [[1, 2], [3, 4]]

exercise(
    "01.1", "array",
    lambda: tconv(X1, K1),
    lambda t: t["explain"].format(y=fmt(tconv(X1, K1), exact=True), centre=terms(X1, K1, 1, 1)),
    lambda: [(ops.conv2d(np.asarray(X1, dtype=float)[None], np.asarray(K1, dtype=float)[None, None])[0], "conv2d"),
             (tconv(X1, np.fliplr(K1)), "mirrored")],
)

exercise(
    "01.2", "tuple",
    lambda: square(shapes.conv_transpose_output_size(3, 2)),
    lambda t: t["explain"].format(formula=shapes.conv_transpose_formula(3, 2)),
    lambda: [(square(shapes.conv_output_size(3, 2)), "conv2d"), ((3, 3), "same_size")],
    sizes=True,
)

exercise(
    "01.3", "int",
    lambda: int(round(tconv(X3, K3)[1, 1])),
    lambda t: t["explain"].format(centre=terms(X3, K3, 1, 1)),
    lambda: [(int(round(tconv(X3, np.flip(K3))[1, 1])), "dot_product")],
)
