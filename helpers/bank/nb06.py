"""Exercises of 06_output_padding_dilation_groups.ipynb; texts in texts/<language>/06.toml."""
from .. import shapes
from ..captions import fmt
from ..checker import exercise
from .common import largest_valid, weight_shape


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
