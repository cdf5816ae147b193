"""Exercises of 10_upsampling_in_practice.ipynb; texts in texts/<language>/10.toml."""
import numpy as np

from .. import operations as ops
from .. import shapes
from ..captions import fmt
from ..checker import exercise
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
    lambda t: t["explain"].format(tent=fmt(_tent(), exact=True), t1=fmt(float(_tent()[1]), exact=True),
                                  t2=fmt(float(_tent()[2]), exact=True),
                                  value=fmt(float(ops.bilinear_kernel(4)[1, 2]), exact=True)),
    lambda: [(float(1 - abs(1 - 3.5) / 4), "tent_1"), (float(1 - abs(2 - 3.5) / 4), "tent_2")],
)

# 10.4: a DCGAN-style generator (Radford et al. 2016); layers as (in_channels, out_channels, kernel_size, stride, padding)
DCGAN_Z = (100, 1, 1)
DCGAN = [(100, 512, 4, 1, 0), (512, 256, 4, 2, 1), (256, 128, 4, 2, 1), (128, 64, 4, 2, 1), (64, 3, 4, 2, 1)]


def dcgan_shapes(padding=None, stride=None, channels="out"):
    """The (C, H, W) rows after each layer of DCGAN; ``padding``/``stride`` override every layer's (the
    recognisable mistakes), ``channels="in"`` keeps each layer's input channel count."""
    from ..upsampling import generator_shapes
    layers = [(ci, co, k, s if stride is None else stride, p if padding is None else padding)
              for ci, co, k, s, p in DCGAN]
    rows = generator_shapes(DCGAN_Z, layers)
    if channels == "in":
        rows = [(ci,) + tuple(row[1:]) for (ci, *_), row in zip(DCGAN, rows)]
    return [list(row) for row in rows]


def _dcgan_steps():
    from ..upsampling import generator_shapes
    h, steps = DCGAN_Z[1], []
    for (ci, co, k, s, p), (c, hh, ww) in zip(DCGAN, generator_shapes(DCGAN_Z, DCGAN)):
        steps.append(f"{shapes.conv_transpose_formula(h, k, s, p)} → ({c}, {hh}, {ww})")
        h = hh
    return "; ".join(steps)


exercise(
    "10.4", "array",
    dcgan_shapes,
    lambda t: t["explain"].format(steps=_dcgan_steps()),
    lambda: [(dcgan_shapes(padding=0), "padding"), (dcgan_shapes(stride=1), "stride"),
             (dcgan_shapes(channels="in"), "channels")],
)
