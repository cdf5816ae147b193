"""Exercises of 08_equivalent_convolution.ipynb; texts in texts/<language>/08.toml."""
import numpy as np

from .. import operations as ops
from ..captions import fmt
from ..checker import exercise
from .common import equivalent_pad, flipped

K = np.array([[1, 2], [3, 4]], dtype=float)

exercise(
    "08.1", "int",
    lambda: equivalent_pad(3, 1),
    lambda t: t["explain"].format(pad=equivalent_pad(3, 1), full=equivalent_pad(3, 0)),
    lambda: [(equivalent_pad(3, 0), "full"), (0, "none")],
)

exercise(
    "08.2", "tuple",
    lambda: ops.zero_insert(np.zeros((2, 2)), 3).shape,
    lambda t: t["explain"].format(n=ops.zero_insert(np.zeros((2, 2)), 3).shape[0],
                                  example=fmt(ops.zero_insert(np.array([[1.0, 2.0], [3.0, 4.0]]), 3), exact=True)),
    lambda: [((2 * 3, 2 * 3), "after_last"), ((2 + 3, 2 + 3), "s_zeros")],
    sizes=True,
)

exercise(
    "08.3", "array",
    lambda: flipped(K),
    lambda t: t["explain"].format(flipped=fmt(flipped(K), exact=True)),
    lambda: [(K, "same"), (K.T, "transpose"), (K[:, ::-1], "columns_only"), (K[::-1, :], "rows_only")],
)
