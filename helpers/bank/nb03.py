"""Exercises of 03_stride.ipynb; texts in texts/<language>/03.toml."""
import numpy as np

from .. import shapes
from ..captions import fmt
from ..checker import exercise
from .common import axis_overlap, first_stride_without_overlap, square, tconv

X3 = [[1, 2], [3, 4]]


def _stride():
    return first_stride_without_overlap(2, 3)


exercise(
    "03.1", "tuple",
    lambda: square(shapes.conv_transpose_output_size(2, 2, stride=3)),
    lambda t: t["explain"].format(formula=shapes.conv_transpose_formula(2, 2, stride=3)),
    lambda: [(square(2 * 3), "n_times_s"), (square(shapes.conv_transpose_output_size(2, 2)), "stride_1")],
    sizes=True,
)

exercise(
    "03.2", "int",
    _stride,
    lambda t: t["explain"].format(s=_stride(), coverage=fmt(axis_overlap(2, 3, _stride()), exact=True),
                                  smaller=_stride() - 1,
                                  smaller_coverage=fmt(axis_overlap(2, 3, _stride() - 1), exact=True)),
    lambda: [(_stride() - 1, "overlap"), (_stride() + 1, "larger")],
)

exercise(
    "03.3", "array",
    lambda: tconv(X3, np.ones((2, 2)), stride=2),
    lambda t: t["explain"].format(formula=shapes.conv_transpose_formula(2, 2, stride=2),
                                  y=fmt(tconv(X3, np.ones((2, 2)), stride=2), exact=True)),
    lambda: [(tconv(X3, np.ones((2, 2))), "stride_1")],
)
