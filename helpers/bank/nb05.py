"""Exercises of 05_shape_inverse.ipynb; texts in texts/<language>/05.toml."""
from .. import captions, shapes
from ..checker import exercise


def _sizes():
    return [n for n, _ in shapes.conv_input_sizes(8, 3, 4, 1)]


def _op():
    return shapes.output_padding_for(100, 5, 4, 2)


exercise(
    "05.1", "int",
    _op,
    # 05's own form of the formulas (no dilation term: 06 adds it), as the notebook writes them
    lambda t: t["explain"].format(conv=captions.conv_size_steps(100, 5, 4, 2), op=_op(),
                                  tconv=captions.transpose_size_steps(25, 5, 4, 2, _op()),
                                  rest=f"(100 + 2·2 − 5) mod 4 = {(100 + 2 * 2 - 5) % 4}"),
    lambda: [(_op() + 1, "too_large"), (0, "zero")],
)

exercise(
    "05.2", "set",
    _sizes,
    lambda t: t["explain"].format(count=len(_sizes()), smallest=_sizes()[0], largest_op=len(_sizes()) - 1,
                                  formulas="; ".join(captions.conv_size_steps(n, 3, 4, 1) for n in _sizes())),
    lambda: [(_sizes()[:1], "only_one")],
)

exercise(
    "05.3", "int",
    lambda: shapes.conv_transpose_output_size(7, 4, 2, 1),
    lambda t: t["explain"].format(formula=captions.transpose_size_steps(7, 4, 2, 1)),
    lambda: [(shapes.conv_transpose_output_size(7, 4, 2), "full"),
             (shapes.conv_transpose_output_size(7, 4, 2) - 1, "one_end")],
)
