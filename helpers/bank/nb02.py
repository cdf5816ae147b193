"""Exercises of 02_padding.ipynb; texts in texts/<language>/02.toml."""
import numpy as np

from .. import shapes
from ..captions import fmt
from ..checker import exercise
from .common import largest_valid, square, tconv, terms
from .nb01 import K3, X3


def _largest_padding():
    return largest_valid(lambda p: shapes.conv_transpose_output_size(3, 3, padding=p))


exercise(
    "02.1", "tuple",
    lambda: square(shapes.conv_transpose_output_size(4, 3, padding=1)),
    lambda t: t["explain"].format(formula=shapes.conv_transpose_formula(4, 3, padding=1),
                                  full=shapes.conv_transpose_output_size(4, 3)),
    lambda: [(square(shapes.conv_transpose_output_size(4, 3)), "full"),
             (square(shapes.conv_transpose_output_size(4 + 2, 3)), "padded_input"),
             (square(shapes.conv_transpose_output_size(4, 3) - 1), "one_side")],
    sizes=True,
)

exercise(
    "02.2", "array",
    lambda: tconv(X3, K3, padding=1),
    lambda t: t["explain"].format(full=fmt(tconv(X3, K3), exact=True), full_formula=shapes.conv_transpose_formula(2, 2),
                                  formula=shapes.conv_transpose_formula(2, 2, padding=1),
                                  y=fmt(tconv(X3, K3, padding=1), exact=True), centre=terms(X3, K3, 0, 0, padding=1)),
    lambda: [(tconv(X3, K3), "full"), (tconv(X3, np.flip(K3), padding=1), "dot_product")],
)

exercise(
    "02.3", "int",
    _largest_padding,
    lambda t: t["explain"].format(full=shapes.conv_transpose_output_size(3, 3), p=_largest_padding(),
                                  formula=shapes.conv_transpose_formula(3, 3, padding=_largest_padding()),
                                  left=shapes.conv_transpose_output_size(3, 3) - 2 * (_largest_padding() + 1)),
    lambda: [(_largest_padding() + 1, "too_much")],
)
