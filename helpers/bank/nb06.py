"""Exercises of 06_output_padding_dilation_groups.ipynb; texts in texts/<language>/06.toml."""
import numpy as np

from .. import shapes
from ..captions import fmt
from ..checker import exercise
from .common import largest_valid, tconv, terms, weight_shape


def _largest_op():
    return largest_valid(lambda op: shapes.check_transpose_params((3, 3), (0, 0), (op, op), (1, 1)))


exercise(
    "06.1", "int",
    lambda: shapes.conv_transpose_output_size(5, 3, 2, 1, 1, 2),
    lambda t: t["explain"].format(formula=shapes.conv_transpose_formula(5, 3, 2, 1, 1, 2)),
    lambda: [(shapes.conv_transpose_output_size(5, 3, 2, 1, 1, 1), "no_dilation"),
             (shapes.conv_transpose_output_size(5, 3, 2, 1, 0, 2), "no_output_padding"),
             (shapes.conv_transpose_output_size(5, 3, 2, 0, 1, 2), "no_padding")],
)

exercise(
    "06.2", "tuple",
    lambda: weight_shape(4, 6, 3, groups=2),
    lambda t: t["explain"].format(shape=fmt(weight_shape(4, 6, 3, 2), exact=True)),
    lambda: [((4, 6, 3, 3), "no_groups"), ((6, 2, 3, 3), "conv2d_layout"), ((2, 3, 3, 3), "one_group")],
    sizes=True,
)

exercise(
    "06.3", "int",
    _largest_op,
    lambda t: t["explain"].format(op=_largest_op()),
    lambda: [(_largest_op() + 1, "stride")],
)


# 06.4: one output computed with every size parameter at once (stride, padding, output_padding, dilation)
X4, K4 = [[1, 2], [3, 4]], [[2, 1], [0, 3]]
KW4 = dict(stride=2, padding=1, output_padding=1, dilation=2)


def _y4(**changes):
    return tconv(X4, K4, **(KW4 | changes))


def _full4():
    """The full scatter grid (no crop, no output_padding) the output is cut from."""
    return tconv(X4, K4, stride=2, dilation=2)


def _explain4(t):
    y, full = _y4(), _full4()
    return t["explain"].format(full=fmt(full, exact=True), n_full=full.shape[0], y=fmt(y, exact=True),
                               formula=shapes.conv_transpose_formula(2, 2, 2, 1, 1, 2),
                               terms=terms(X4, K4, 1, 1, **KW4))


exercise(
    "06.4", "array", _y4, _explain4,
    lambda: [(_y4(dilation=1), "no_dilation"),
             (np.pad(_y4(output_padding=0), ((0, 1), (0, 1))), "zeros"),
             (_full4()[:-1, :-1], "wrong_side"),
             (_y4(padding=0), "no_crop"),
             (_y4(output_padding=0), "no_output_padding"),
             (tconv(X4, np.flip(K4), **KW4), "flip")],
)
