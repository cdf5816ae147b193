"""Exercises of 07_matrix_view.ipynb; texts in texts/<language>/07.toml."""
import numpy as np

from .. import operations as ops
from .. import shapes
from ..captions import fmt
from ..checker import exercise
from .common import tap_terms, weight_gradient, weight_shape

K = np.array([[1, 2], [3, 4]], dtype=float)


def _c(**kw):
    return ops.conv_matrix(K, (4, 4), **kw)


def _c3(**kw):
    return ops.conv_matrix(np.ones((3, 3)), (4, 4), **kw)


exercise(
    "07.1", "tuple",
    lambda: _c().shape,
    lambda t: t["explain"].format(m=shapes.conv_output_size(4, 2), formula=shapes.conv_output_formula(4, 2),
                                  shape=fmt(_c().shape, exact=True), shape_t=fmt(_c().T.shape, exact=True),
                                  rows=_c().shape[0], cols=_c().shape[1]),
    lambda: [(_c().T.shape, "transposed"), ((2, 2), "grid")],
    sizes=True,
)

exercise(
    "07.2", "int",
    lambda: int(np.count_nonzero(_c())),
    lambda t: t["explain"].format(rows=_c().shape[0], nonzero=np.count_nonzero(_c()), size=_c().size,
                                  C=fmt(_c(), exact=True)),
    lambda: [(_c().size, "all_entries"), (_c().shape[0], "rows")],
)

exercise(
    "07.3", "tuple",
    lambda: _c3(stride=2, padding=1).shape,
    lambda t: t["explain"].format(formula=shapes.conv_output_formula(4, 3, 2, 1), rows=_c3(stride=2, padding=1).shape[0],
                                  shape=fmt(_c3(stride=2, padding=1).shape, exact=True),
                                  shape_t=fmt(_c3(stride=2, padding=1).T.shape, exact=True)),
    lambda: [(_c3(stride=2, padding=1).T.shape, "transposed"), (_c3(padding=1).shape, "no_stride"),
             (_c3(stride=2).shape, "no_padding"),
             # C of the zero-padded 6×6 input: the padding zeros counted as columns
             (ops.conv_matrix(np.ones((3, 3)), (4 + 2 * 1, 4 + 2 * 1), stride=2).shape, "padded_columns")],
    sizes=True,
)


# 07.4 and 07.5: the gradient with respect to the weight
def _grad_shape():
    """Shape of layer.weight.grad for ConvTranspose2d(2, 3, kernel_size=2) on a (1, 2, 4, 4) input: the weight's."""
    return weight_shape(2, 3, 2)


def _y_shape():
    return (1,) + ops.conv_transpose2d(np.zeros((2, 4, 4)), np.zeros(_grad_shape())).shape


exercise(
    "07.4", "tuple", _grad_shape,
    lambda t: t["explain"].format(shape=fmt(_grad_shape(), exact=True), y_shape=fmt(_y_shape(), exact=True),
                                  count=int(np.prod(_grad_shape()))),
    lambda: [(_y_shape(), "output"), ((3, 2, 2, 2), "conv2d_layout"), ((1, 2, 4, 4), "input")],
    sizes=True,
)

X5 = [[1, 2], [3, 1]]
K5 = [[1, 0], [2, 1]]
G5 = [[1, 0, 2], [2, 1, 0], [0, -1, 1]]


def _dk():
    return weight_gradient(X5, G5, (2, 2))


def _dx():
    """dL/dX = conv2d(G, K) (07's 'and back'): the other gradient, the same 2×2 shape here."""
    return ops.conv2d(np.asarray(G5, dtype=float)[None], np.asarray(K5, dtype=float)[None, None])[0]


exercise(
    "07.5", "array", _dk,
    lambda t: t["explain"].format(dk=fmt(_dk(), exact=True), terms=tap_terms(X5, G5, (2, 2), 0, 1),
                                  terms_00=tap_terms(X5, G5, (2, 2), 0, 0)),
    lambda: [(np.flip(_dk()), "flip"),
             (ops.conv2d(np.asarray(G5, dtype=float)[None], np.flip(np.asarray(X5, dtype=float))[None, None])[0],
              "flip_x"),
             (_dk().T, "transposed"),
             (_dx(), "input_gradient")],
)
