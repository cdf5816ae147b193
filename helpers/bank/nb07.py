"""Exercises of 07_matrix_view.ipynb; texts in texts/<language>/07.toml."""
import numpy as np

from .. import operations as ops
from .. import shapes
from ..captions import fmt
from ..checker import exercise

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
