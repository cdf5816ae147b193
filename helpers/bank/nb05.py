"""Exercises of 05_shape_inverse.ipynb; texts in texts/<language>/05.toml."""
from .. import shapes
from ..checker import exercise


def _sizes():
    return [n for n, _ in shapes.conv_input_sizes(8, 3, 4, 1)]


def _op():
    return shapes.output_padding_for(100, 5, 4, 2)


exercise(
    "05.1", "int",
    _op,
    lambda t: t["explain"].format(conv=shapes.conv_output_formula(100, 5, 4, 2), op=_op(),
                                  tconv=shapes.conv_transpose_formula(25, 5, 4, 2, _op())),
    lambda: [(_op() + 1, "too_large"), (0, "zero")],
)

exercise(
    "05.2", "set",
    _sizes,
    lambda t: t["explain"].format(count=len(_sizes()), smallest=_sizes()[0], largest_op=len(_sizes()) - 1,
                                  formulas="; ".join(shapes.conv_output_formula(n, 3, 4, 1) for n in _sizes())),
    lambda: [(_sizes()[:1], "only_one")],
)

exercise(
    "05.3", "int",
    lambda: shapes.conv_transpose_output_size(7, 4, 2, 1),
    lambda t: t["explain"].format(formula=shapes.conv_transpose_formula(7, 4, 2, 1)),
    lambda: [(shapes.conv_transpose_output_size(7, 4, 2), "full"),
             (shapes.conv_transpose_output_size(7, 4, 2) - 1, "one_end")],
)
