"""Exercises of 10_upsampling_in_practice.ipynb; texts in exercise_texts/<language>/10.toml."""
import numpy as np

from .. import operations as ops
from .. import shapes
from ..checker import exercise, fmt
from .common import magnifier


def _tent():
    return 1 - np.abs(np.arange(8) - 3.5) / 4


exercise(
    "10.1", "tuple",
    lambda: magnifier(4),
    lambda t: t["explain"].format(k=magnifier(4)[0], p=magnifier(4)[1], two_p=2 * magnifier(4)[1],
                                  example=shapes.conv_transpose_formula(16, magnifier(4)[0], 4, magnifier(4)[1])),
    lambda: [(magnifier(4)[::-1], "swapped"), ((4, magnifier(4)[1]), "kernel"), ((magnifier(4)[0], 4), "padding")],
)

exercise(
    "10.2", "int",
    lambda: shapes.conv_transpose_output_size(16, magnifier(4)[0], 4, magnifier(4)[1]),
    lambda t: t["explain"].format(formula=shapes.conv_transpose_formula(16, magnifier(4)[0], 4, magnifier(4)[1])),
    lambda: [(shapes.conv_transpose_output_size(16, magnifier(4)[0], 4), "full"),
             (shapes.conv_transpose_output_size(16, magnifier(4)[0], 4) - magnifier(4)[1], "one_end")],
)

exercise(
    "10.3", "float",
    lambda: float(ops.bilinear_kernel(4)[1, 2]),
    lambda t: t["explain"].format(tent=fmt(_tent()), t1=fmt(float(_tent()[1])), t2=fmt(float(_tent()[2])),
                                  value=fmt(float(ops.bilinear_kernel(4)[1, 2]))),
    lambda: [(float(1 - abs(1 - 3.5) / 4), "tent_1"), (float(1 - abs(2 - 3.5) / 4), "tent_2")],
)
