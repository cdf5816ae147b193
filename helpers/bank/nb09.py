"""Exercises of 09_checkerboard.ipynb; texts in texts/<language>/09.toml."""
from .. import operations as ops
from ..captions import fmt
from ..checker import exercise
from .common import axis_overlap, first_even_kernel, interior_axis_overlap, interior_overlap


def _even():
    return first_even_kernel(3, 4)


def _explain_even(t):
    steps = []
    for j in range(4, _even() + 1):
        counts = interior_axis_overlap(j, 3)
        steps.append(t["step_one" if counts == [1] else "step"].format(k=j, counts=t["or"].join(map(str, counts))))
    return t["explain"].format(steps=" ".join(steps), k=_even(), count=interior_overlap(_even(), 3).max())


exercise(
    "09.1", "int",
    lambda: int(ops.overlap_count(5, 5, 2).max()),
    lambda t: t["explain"].format(axis=fmt(axis_overlap(5, 5, 2), exact=True), most=ops.overlap_count(5, 5, 2).max()),
    lambda: [(int(axis_overlap(5, 5, 2).max()), "one_axis"), (5 * 5, "taps")],
)

exercise(
    "09.2", "int",
    _even,
    _explain_even,
    lambda: ([(k, "uneven") for k in range(4, _even())] + [(_even() + 3, "larger"), (3, "below_bound")]),
)

exercise(
    "09.3", "int",
    lambda: int(interior_overlap(8, 2).max()),
    lambda t: t["explain"].format(axis=fmt(interior_axis_overlap(8, 2), exact=True)[1:-1],
                                  count=int(interior_overlap(8, 2).max())),
    lambda: [(interior_axis_overlap(8, 2)[-1], "one_axis"), (8 * 8, "taps")],
)
