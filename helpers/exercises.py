"""Answer checkers for the exercises in the notebooks.

A reader types an answer and calls ``check("02.1", (4, 4))``; the result shows
"✓ Correct: …" with the worked reasoning, or "✗ Not yet — hint: …" that guides without
giving the answer away; the unanswered stub ``check("02.1", None)`` shows a neutral "✎ Your answer
here: …" prompt. Keys are ``"NN.k"``: notebook ``NN``, exercise ``k``. Every expected
answer is *computed* from ``operations`` and ``shapes`` (never typed in), so the exercises
follow the helpers the notebooks teach with.

Accepted answers: ints, floats, tuples, lists, NumPy arrays/scalars and anything with
``.tolist()`` (torch tensors); ``torch.Size`` is a tuple. Strings are refused, never parsed or run.

``question(key)`` gives the text, ``solution(key)`` the answer with a worked paragraph (used by
solutions.ipynb), ``keys(notebook)`` the registered keys. Introduced in 01_basic_operation.ipynb.
"""
from __future__ import annotations

import html
import math
import numbers
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, NamedTuple

import numpy as np

from . import operations as ops
from . import shapes

__all__ = [
    "check",
    "question",
    "solution",
    "keys",
    "CheckResult",
    "Solution",
    "Exercise",
    "EXERCISES",
    "NOTEBOOKS",
]

#: Notebook number -> notebook file stem.
NOTEBOOKS = {
    "01": "01_basic_operation",
    "02": "02_padding",
    "03": "03_stride",
    "04": "04_multi_channel",
    "05": "05_shape_inverse",
    "06": "06_output_padding_dilation_groups",
    "07": "07_matrix_view",
    "08": "08_equivalent_convolution",
    "09": "09_checkerboard",
    "10": "10_upsampling_in_practice",
}

_KINDS = ("int", "float", "tuple", "set", "array")
_NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four"}
_TOL = 1e-6


@dataclass(frozen=True)
class Exercise:
    """One exercise: its question, how to compute the answer, and how to help.

    kind: ``"int"``, ``"float"``, ``"tuple"`` (ordered ints, e.g. a shape), ``"set"`` (ints in any
    order) or ``"array"`` (2-D numbers). ``what`` names the answer in format messages ("the shape").
    ``mistakes()`` lists recognisable wrong answers with a targeted hint each.
    """
    key: str
    question: str
    kind: str
    expected: Callable[[], Any]
    explain: Callable[[], str]
    hints: tuple[str, ...]
    mistakes: Callable[[], list] = field(default=lambda: [])
    what: str = "the answer"

    @property
    def notebook(self) -> str:
        return NOTEBOOKS[self.key[:2]]

    def answer(self):
        """The expected answer in its canonical form (int, float, tuple of ints, sorted list, 2-D array)."""
        return _canonical(self.kind, self.expected())


EXERCISES: dict[str, Exercise] = {}


def _add(key, question, kind, expected, explain, hints, mistakes=None, what="the answer"):
    assert kind in _KINDS and re.fullmatch(r"\d\d\.\d+", key) and key[:2] in NOTEBOOKS and key not in EXERCISES
    EXERCISES[key] = Exercise(key, question, kind, expected, explain, tuple(hints),
                              mistakes or (lambda: []), what)


# ---------------------------------------------------------------- formatting

def _fmt(value) -> str:
    """Compact text for an answer: integral floats as ints, arrays as nested lists."""
    if isinstance(value, np.ndarray):
        return _fmt(value.tolist())
    if isinstance(value, np.generic):
        return _fmt(value.item())
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}"
    if isinstance(value, tuple):
        inner = ", ".join(_fmt(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(_fmt(v) for v in value) + "]"
    return str(value)


def _terms(x, k, row, col, **kw) -> str:
    """``x[0,0]·K[1,1] + … = 0·4 + … = 10``: the products that make output cell (row, col), one channel."""
    x = np.asarray(x, dtype=float)
    k = np.asarray(k, dtype=float)
    terms = ops.contributing_terms(x[None], k[None, None], 0, row, col, **kw)
    value = ops.conv_transpose2d(x[None], k[None, None], **kw)[0, row, col]
    names = " + ".join(f"x[{i},{j}]·K[{a},{b}]" for _, i, j, a, b in terms)
    nums = " + ".join(f"{_fmt(x[i, j])}·{_fmt(k[a, b])}" for _, i, j, a, b in terms)
    return f"{names} = {nums} = {_fmt(float(value))}"


def _square(n: int) -> tuple[int, int]:
    return (n, n)


# ---------------------------------------------------------------- small computations from helpers

def _tconv(x, k, **kw) -> np.ndarray:
    """One-channel transposed convolution through ``operations.conv_transpose2d``: (H, W) -> (H', W')."""
    return ops.conv_transpose2d(np.asarray(x, dtype=float)[None], np.asarray(k, dtype=float)[None, None], **kw)[0]


def _largest_valid(valid: Callable[[int], None], start: int = 0, limit: int = 1000) -> int:
    """The largest v >= start for which ``valid(v)`` does not raise ValueError (values are tried upwards)."""
    v = start
    while v < limit:
        try:
            valid(v + 1)
        except ValueError:
            return v
        v += 1
    raise RuntimeError("no upper limit found")  # pragma: no cover - a bug in an exercise


def _interior(counts: np.ndarray, k: int) -> np.ndarray:
    """The cells of an overlap-count map at least k away from every edge (where every copy is complete)."""
    return counts[k:-k, k:-k] if counts.ndim == 2 else counts[k:-k]


def _interior_overlap(k: int, s: int) -> np.ndarray:
    """Overlap counts of the interior of a 2-D transposed conv (kernel k, stride s) on a big enough input."""
    return _interior(ops.overlap_count(4 * k, k, s), k)


def _axis_overlap(n: int, k: int, s: int) -> np.ndarray:
    """Overlap counts along one axis: a 1×n input, a 1×k kernel, stride (1, s)."""
    return ops.overlap_count((1, n), (1, k), (1, s))[0]


def _interior_axis_overlap(k: int, s: int) -> list[int]:
    """The distinct overlap counts in the interior of one axis (kernel k, stride s), sorted."""
    return sorted(set(_interior(_axis_overlap(4 * k, k, s), k).tolist()))


def _weight_shape(c_in, c_out, k, groups=1):
    """ConvTranspose2d's weight shape (C_in, C_out/groups, k, k), checked against operations.conv_transpose2d."""
    shape = (c_in, c_out // groups, k, k)
    y = ops.conv_transpose2d(np.zeros((c_in, 1, 1)), np.zeros(shape), groups=groups)
    assert y.shape[0] == c_out
    return shape


def _param_count(c_in: int, c_out: int, k: int, groups: int = 1, bias: bool = True) -> int:
    """Learnable numbers of ConvTranspose2d: the weight's entries plus one bias per output channel."""
    return int(np.prod(_weight_shape(c_in, c_out, k, groups))) + (c_out if bias else 0)


# ---------------------------------------------------------------- reading answers

class _Unreadable(Exception):
    """The answer can't be checked as given; the message says what to give instead."""


def _form(ex: Exercise, expected) -> str:
    """How to write an answer for this exercise, with an example that is never the answer itself."""
    if ex.kind == "int":
        return "Give a single whole number (an int)."
    if ex.kind == "float":
        return "Give a single number (an int or a float, e.g. a fraction like 3 / 8)."
    if ex.kind == "tuple":
        n = len(expected)
        examples = {2: [(3, 5), (2, 7)], 4: [(2, 3, 4, 5), (6, 1, 2, 2)]}.get(n, [tuple(range(2, n + 2))])
        example = next(e for e in examples + [()] if e != expected)
        return f"Give {ex.what} as a tuple of {_NUMBER_WORDS.get(n, n)} ints like {_fmt(example)}."
    if ex.kind == "set":
        return f"Give {ex.what} as a list of ints like [5, 7] (any order)."
    example = next(e for e in ([[1, 2], [3, 4]], [[5, 6], [7, 8]]) if not np.array_equal(e, expected))
    return (f"Give {ex.what} as a 2-D array: a list of rows like {_fmt(example)} "
            "(a NumPy array or a torch tensor works too).")


def _plain(value, depth=0):
    """An answer as an int/float or nested lists of them; raises _Unreadable for anything else.

    Duck-typed: NumPy/torch objects go through ``.tolist()``. Strings are refused, never evaluated.
    """
    if isinstance(value, (str, bytes, bytearray)):
        raise _Unreadable("That's text (a string) — answers are checked as numbers, and text is never "
                          "run or parsed. Remove the quotes.")
    if value is None:
        raise _Unreadable("The answer is None — did you forget to fill it in (or to return it)?")
    if isinstance(value, (bool, np.bool_)):
        raise _Unreadable("True/False is not a number here.")
    if isinstance(value, np.generic):
        return _plain(value.item(), depth)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        v = float(value)
        if not math.isfinite(v):
            raise _Unreadable(f"{v} is not a finite number.")
        return v
    if isinstance(value, (list, tuple, set, frozenset)):
        if depth >= 4:
            raise _Unreadable("The answer is nested too deeply.")
        if len(value) > 10_000:
            raise _Unreadable("The answer is far too long for this exercise.")
        items = [_plain(v, depth + 1) for v in value]
        if isinstance(value, (set, frozenset)):
            if any(isinstance(v, list) for v in items):
                raise _Unreadable("A set can't hold rows.")
            items = sorted(items)
        return items
    tolist = getattr(value, "tolist", None)
    if callable(tolist):
        converted = tolist()
        if converted is value or type(converted) is type(value):
            raise _Unreadable(f"I can't read a {type(value).__name__}.")
        return _plain(converted, depth)
    raise _Unreadable(f"I can't read a {type(value).__name__} as an answer.")


def _is_scalar(v) -> bool:
    return isinstance(v, (int, float))


def _rect_shape(v):
    """The shape of a rectangular nested list of numbers, or None if it's ragged."""
    if _is_scalar(v):
        return ()
    shapes_ = [_rect_shape(item) for item in v]
    if not shapes_:
        return (0,)
    if any(s is None for s in shapes_) or len(set(shapes_)) != 1:
        return None
    return (len(v),) + shapes_[0]


def _read(ex: Exercise, answer, expected):
    """The answer in the exercise's canonical form; raises _Unreadable with what to give instead."""
    form = _form(ex, expected)
    try:
        v = _plain(answer)
    except _Unreadable as err:
        raise _Unreadable(f"{err} {form}") from None
    if ex.kind in ("int", "float"):
        if not _is_scalar(v):
            raise _Unreadable(f"That's a list or an array, but a single number is asked for. {form}")
        return v
    if _is_scalar(v):
        raise _Unreadable(f"That's a single number. {form}")
    if ex.kind in ("tuple", "set"):
        if any(not _is_scalar(item) for item in v):
            raise _Unreadable(f"That has nested rows. {form}")
        if any(isinstance(item, float) and not item.is_integer() for item in v):
            raise _Unreadable(f"These are whole numbers: no fractions. {form}")
        v = [int(item) for item in v]
        if ex.kind == "tuple":
            if len(v) != len(expected):
                raise _Unreadable(f"That has {len(v)} number{'s' * (len(v) != 1)}. {form}")
            return tuple(v)
        if not v:
            raise _Unreadable(f"The list is empty. {form}")
        return sorted(v)
    shape = _rect_shape(v)
    if shape is None:
        raise _Unreadable(f"The rows have different lengths (or mix numbers and lists). {form}")
    if len(shape) != expected.ndim:
        raise _Unreadable(f"That is {len(shape)}-dimensional. {form}")
    if 0 in shape:
        raise _Unreadable(f"That array is empty. {form}")
    return np.asarray(v, dtype=float)


def _canonical(kind, value):
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "tuple":
        return tuple(int(v) for v in value)
    if kind == "set":
        return sorted(int(v) for v in value)
    return np.asarray(value, dtype=float)


def _same(kind, got, want) -> bool:
    if kind in ("int", "float"):
        return abs(got - want) <= _TOL * (1 + abs(want))
    if kind in ("tuple", "set"):
        return list(got) == list(want)
    return got.shape == want.shape and bool(np.allclose(got, want, rtol=_TOL, atol=_TOL))


def _diagnose(ex: Exercise, got, want) -> str:
    """A sentence about what's off, never stating the expected value."""
    if ex.kind in ("int", "float"):
        notes = []
        if ex.kind == "int" and isinstance(got, float) and not got.is_integer():
            notes.append("The answer is a whole number.")
        if got < 0 <= want:
            notes.append("This quantity can't be negative.")
        return " ".join(notes)
    if ex.kind == "tuple":
        return "Sizes are at least one each." if "shape" in ex.what and min(got) < 1 <= min(want) else ""
    if ex.kind == "set":
        counts = Counter(got)
        got_set, want_set = set(got), set(want)
        dupes = " (and list each size once)" if max(counts.values()) > 1 else ""
        if got_set == want_set:
            return "The sizes are right, but list each one once."
        if got_set < want_set:
            return f"Every size you listed is right, but some are missing{dupes}."
        if got_set > want_set:
            return f"All the right sizes are there, but some of yours don't fit{dupes}."
        if got_set & want_set:
            return f"Some of your sizes are right, some aren't{dupes}."
        return f"None of these sizes fit{dupes}."
    if got.shape != want.shape:
        def word(axis, name):
            more = got.shape[axis] > want.shape[axis]
            return f"{'fewer' if more else 'more'} {name}"
        diffs = [word(a, n) for a, n in ((0, "rows"), (1, "columns")) if got.shape[a] != want.shape[a]]
        return f"Your array is {got.shape[0]}×{got.shape[1]}, but the answer has {' and '.join(diffs)}."
    wrong = np.argwhere(~np.isclose(got, want, rtol=_TOL, atol=_TOL))
    if got.size == 1:
        return "The shape is right but the value is off."
    r, c = wrong[0]
    n = len(wrong)
    if n == got.size:
        return "The shape is right, but every cell is off."
    return (f"The shape is right; {n} of the {got.size} cells {'is' if n == 1 else 'are'} off "
            f"(the first at row {r}, col {c}).")


# ---------------------------------------------------------------- results

_ATTEMPTS: Counter = Counter()


@dataclass(frozen=True, repr=False)
class CheckResult:
    """What ``check`` returns: ``.correct`` and a ``.message``; displays as ✓/✗ in a notebook (glyphs every font has, unlike emoji).

    ``.answered`` is False while the answer is still ``None`` (the stub as shipped): that shows as a
    neutral grey "✎ Your answer here: …" prompt, not as a red ✗, so unanswered exercises do not look
    like errors on a slide.
    """
    key: str
    correct: bool
    message: str
    answered: bool = True

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        mark = "✓ " if self.correct else "✗ " if self.answered else "✎ "
        return mark + self.message

    def _repr_html_(self) -> str:
        if not self.answered:
            colour, background = "#37474f", "#f3f5f7"  # neutral slate on light grey, contrast 9:1
        else:
            colour, background = ("#1b5e20", "#e8f5e9") if self.correct else ("#8a1c1c", "#fdecea")
        return (f'<div style="border-left:4px solid {colour};background:{background};color:{colour};'
                f'padding:6px 10px;margin:4px 0;font-family:sans-serif">'
                f"<b>{self.key}</b> {html.escape(repr(self))}</div>")


class Solution(NamedTuple):
    """The expected answer and a worked paragraph; displays nicely in solutions.ipynb."""
    answer: Any
    explanation: str

    def __repr__(self) -> str:
        return f"Answer: {_fmt(self.answer)}\n{self.explanation}"

    def _repr_html_(self) -> str:
        return (f'<div style="font-family:sans-serif"><p><b>Answer:</b> <code>{html.escape(_fmt(self.answer))}'
                f"</code></p><p>{html.escape(self.explanation)}</p></div>")


def _get(key) -> Exercise:
    if isinstance(key, str):
        m = re.fullmatch(r"\s*(\d{1,2})\.(\d+)\s*", key)
        if m:
            key = f"{int(m.group(1)):02d}.{int(m.group(2))}"
            if key in EXERCISES:
                return EXERCISES[key]
    known = ", ".join(EXERCISES)
    raise ValueError(f"key must name a registered exercise as 'NN.k' (notebook, exercise), e.g. '02.1'; "
                     f"got {key!r}. Known keys: {known}.")


def keys(notebook: str | int | None = None) -> list[str]:
    """Registered exercise keys, all or for one notebook (``"02"``, ``2`` or ``"02_padding"``)."""
    if notebook is None:
        return list(EXERCISES)
    nb = f"{int(notebook):02d}" if isinstance(notebook, int) else str(notebook)[:2]
    if nb not in NOTEBOOKS:
        raise ValueError(f"notebook must be one of {', '.join(NOTEBOOKS)} (or its file name), got {notebook!r}.")
    return [k for k in EXERCISES if k.startswith(nb + ".")]


def question(key: str) -> str:
    """The question text of exercise ``key`` ("NN.k")."""
    return _get(key).question


def solution(key: str) -> Solution:
    """The expected answer of exercise ``key`` and a worked explanation. Used by solutions.ipynb."""
    ex = _get(key)
    return Solution(ex.answer(), ex.explain())


def check(key: str, answer) -> CheckResult:
    """Check a reader's answer to exercise ``key`` ("NN.k"), e.g. ``check("02.1", (4, 4))``.

    Returns a CheckResult (``.correct``, ``.message``). A wrong answer gets a hint, never the
    expected value; an answer in the wrong form gets a sentence on what to give; ``None`` (not yet
    answered) gets a neutral prompt saying what to write.
    """
    ex = _get(key)
    want = ex.answer()
    if answer is None:
        return CheckResult(ex.key, False, "Your answer here: replace None with your prediction and run the cell. "
                           f"{_form(ex, want)} (A function that returns nothing also gives None.)", answered=False)
    try:
        got = _read(ex, answer, want)
    except _Unreadable as err:
        return CheckResult(ex.key, False, f"Not yet — {err}")
    if _same(ex.kind, got, want):
        return CheckResult(ex.key, True, f"Correct: {_fmt(want)}. {ex.explain()}")
    _ATTEMPTS[ex.key] += 1
    for wrong, hint in ex.mistakes():
        if _same(ex.kind, got, _canonical(ex.kind, wrong)):
            return CheckResult(ex.key, False, f"Not yet — hint: {hint}")
    hint = ex.hints[min(_ATTEMPTS[ex.key], len(ex.hints)) - 1]
    note = _diagnose(ex, got, want)
    return CheckResult(ex.key, False, f"Not yet — {note} Hint: {hint}" if note else f"Not yet — hint: {hint}")


# ================================================================ the exercises
# Inputs are written once here; every answer and explanation is computed from them with the helpers.

# ---- 01 basic operation
_X011, _K011 = [[1, 2], [3, 4]], [[1, 0], [0, 1]]
_X013, _K013 = [[0, 1], [2, 3]], [[1, 2], [3, 4]]

_add(
    "01.1",
    "X = [[1, 2], [3, 4]] and K = [[1, 0], [0, 1]], stride 1, no padding: what is the 3×3 output Y "
    "of the transposed convolution?",
    "array",
    lambda: _tconv(_X011, _K011),
    lambda: (f"Each input X[i, j] adds the copy X[i, j]·K with its top-left corner at (i, j). K is the "
             f"identity, so each copy puts its value on a short diagonal; adding the four copies gives "
             f"Y = {_fmt(_tconv(_X011, _K011))}. The centre is shared by two copies: "
             f"Y[1, 1] = {_terms(_X011, _K011, 1, 1)}."),
    ["Each input element X[i, j] paints a copy of K scaled by X[i, j], with its top-left corner at "
     "output (i, j); add the overlapping copies cell by cell.",
     "Start from a 3×3 grid of zeros and add the four scaled copies of K one at a time."],
    lambda: [(ops.conv2d(np.asarray(_X011, dtype=float)[None], np.asarray(_K011, dtype=float)[None, None])[0],
              "That's an ordinary convolution (a window sliding over X). The transposed convolution goes the "
              "other way: every input element paints a whole copy of K."),
             (_tconv(_X011, np.fliplr(_K011)), "It looks like you mirrored the kernel. In the scatter view "
              "each copy is K itself, with K[0, 0] placed at (i, j).")],
    what="Y",
)

_add(
    "01.2",
    "What is the output shape of a transposed convolution of a 3×3 input with a 2×2 kernel "
    "(stride 1, padding 0)?",
    "tuple",
    lambda: _square(shapes.conv_transpose_output_size(3, 2)),
    lambda: (f"Along each axis: {shapes.conv_transpose_formula(3, 2)}. The last copy starts at the last "
             f"input position and sticks out by the kernel size minus one."),
    ["A transposed convolution grows its input: every input cell paints a whole kernel-sized window.",
     "Along each axis the output length is (n − 1)·s + k − 2p, here with s = 1 and p = 0."],
    lambda: [(_square(shapes.conv_output_size(3, 2)), "That's what an ordinary Conv2d gives: it shrinks "
              "its input. The transposed convolution goes the other way and grows it."),
             ((3, 3), "The output is not the input's size: each input cell paints a window as big as "
              "the kernel, and the last windows stick out past the input's edge.")],
    what="the shape",
)

_add(
    "01.3",
    "X = [[0, 1], [2, 3]] and K = [[1, 2], [3, 4]], stride 1, no padding: what is the value of the "
    "centre output cell Y[1, 1]?",
    "int",
    lambda: int(round(_tconv(_X013, _K013)[1, 1])),
    lambda: (f"All four copies cover the centre, each with a different tap: "
             f"Y[1, 1] = {_terms(_X013, _K013, 1, 1)}. Note that x[0, 0] meets the bottom-right tap "
             f"K[1, 1], not K[0, 0]."),
    ["All four input cells' copies cover the centre cell; for each one, find which kernel tap lands there.",
     "The copy from X[i, j] covers output (i + a, j + b) with tap K[a, b]; for the centre cell, a = one − i "
     "and b = one − j."],
    lambda: [(int(round(_tconv(_X013, np.flip(_K013))[1, 1])),
              "You paired X[i, j] with K[i, j] (a dot product). In the scatter, the copy from X[i, j] covers "
              "output (i + a, j + b) with tap K[a, b], so the top-left input meets the kernel's "
              "bottom-right tap at the centre.")],
    what="Y[1, 1]",
)

# ---- 02 padding
_add(
    "02.1",
    "What is the output shape of ConvTranspose2d with kernel_size=3, padding=1 (stride 1) on a 4×4 input?",
    "tuple",
    lambda: _square(shapes.conv_transpose_output_size(4, 3, padding=1)),
    lambda: (f"Per axis: {shapes.conv_transpose_formula(4, 3, padding=1)}. The full output is "
             f"{shapes.conv_transpose_output_size(4, 3)} long; padding=1 crops one row/column from each "
             f"side, which here gives back the input's size."),
    ["Compute the full output first, (n − 1)·s + k, then let padding crop p from every side.",
     "In ConvTranspose2d, padding shrinks the output: the opposite of what it does in Conv2d."],
    lambda: [(_square(shapes.conv_transpose_output_size(4, 3)), "That's the full output before cropping. In "
              "ConvTranspose2d, padding removes p rows/columns from each side of the output."),
             (_square(shapes.conv_transpose_output_size(4 + 2, 3)), "Padding doesn't add zeros around the input "
              "here: in a transposed convolution it crops the output."),
             (_square(shapes.conv_transpose_output_size(4, 3) - 1), "Padding crops from both sides: top and "
              "bottom, left and right.")],
    what="the shape",
)

_add(
    "02.2",
    "X = [[0, 1], [2, 3]], K = [[1, 2], [3, 4]], stride 1, padding=1: what is the output array?",
    "array",
    lambda: _tconv(_X013, _K013, padding=1),
    lambda: (f"Without padding the output is {_fmt(_tconv(_X013, _K013))} "
             f"({shapes.conv_transpose_formula(2, 2)} per side). padding=1 crops one row/column from every "
             f"side ({shapes.conv_transpose_formula(2, 2, padding=1)}), leaving "
             f"{_fmt(_tconv(_X013, _K013, padding=1))}: only the centre, where "
             f"{_terms(_X013, _K013, 0, 0, padding=1)}."),
    ["Padding crops the full output: compute the padding-0 result first, then remove its border.",
     "ConvTranspose2d's padding removes p rows/columns from every side of the full output."],
    lambda: [(_tconv(_X013, _K013), "That's the full output. padding=1 crops one row and one column from "
              "every side of it."),
             (_tconv(_X013, np.flip(_K013), padding=1), "The cell is right but you paired X[i, j] with "
              "K[i, j]: in the scatter, x[0, 0] meets the bottom-right tap at the centre.")],
    what="the output",
)

_add(
    "02.3",
    "What is the largest padding ConvTranspose2d accepts for a 3×3 input and a 3×3 kernel (stride 1)?",
    "int",
    lambda: _largest_valid(lambda p: shapes.conv_transpose_output_size(3, 3, padding=p)),
    lambda: (lambda p: f"The full output is {shapes.conv_transpose_output_size(3, 3)} long and padding "
             f"removes p from each side, so at least one row must remain: with padding={p}, "
             f"{shapes.conv_transpose_formula(3, 3, padding=p)}; one more would leave "
             f"{shapes.conv_transpose_output_size(3, 3) - 2 * (p + 1)}, and torch refuses.")(
        _largest_valid(lambda p: shapes.conv_transpose_output_size(3, 3, padding=p))),
    ["The full output is (n − 1)·s + k long; padding removes p from the top and p from the bottom.",
     "Find the largest p that still leaves at least one row: full length − twice p must stay positive."],
    lambda: [(_largest_valid(lambda p: shapes.conv_transpose_output_size(3, 3, padding=p)) + 1,
              "With that much padding nothing would be left: torch needs at least one output row after "
              "the crop.")],
    what="the padding",
)

# ---- 03 stride
_X033 = [[1, 2], [3, 4]]


def _first_stride_without_overlap(n, k):
    s = 1
    while ops.overlap_count(n, k, s).max() > 1:
        s += 1
    return s


_add(
    "03.1",
    "What is the output shape of a transposed convolution of a 2×2 input with kernel_size=2, stride=3 "
    "(no padding)?",
    "tuple",
    lambda: _square(shapes.conv_transpose_output_size(2, 2, stride=3)),
    lambda: (f"Per axis: {shapes.conv_transpose_formula(2, 2, stride=3)}. The copies start 3 apart "
             f"(at 0 and 3) and are 2 wide, so a one-cell gap of zeros sits between them."),
    ["Copies of the kernel start s cells apart: the last one starts at (n − 1)·s and is k cells long.",
     "Draw the two copies along one row and count the cells, including the gap between them."],
    lambda: [(_square(2 * 3), "n·s would be right if every copy were s cells wide, but the last copy is only "
              "k cells long, starting at (n − 1)·s."),
             (_square(shapes.conv_transpose_output_size(2, 2)), "That's the stride-1 size: with stride s the "
              "copies start s cells apart.")],
    what="the shape",
)

_add(
    "03.2",
    "What is the smallest stride at which the copies of a 3×3 kernel no longer overlap?",
    "int",
    lambda: _first_stride_without_overlap(2, 3),
    lambda: (lambda s: f"Copies start s apart and are 3 cells wide, so they overlap while s < 3. At stride={s} "
             f"each copy starts right where the previous one ends: along one axis the copies of two inputs "
             f"cover the cells {_fmt(_axis_overlap(2, 3, s))} times, never more than once, while stride {s - 1} "
             f"gives {_fmt(_axis_overlap(2, 3, s - 1))}.")(_first_stride_without_overlap(2, 3)),
    ["Copies start s cells apart and are k cells wide; they overlap when the next one starts before the "
     "previous one ends.",
     "Compare the stride with the kernel's width."],
    lambda: [(_first_stride_without_overlap(2, 3) - 1, "At this stride neighbouring copies still share cells: "
              "draw two copies side by side."),
             (_first_stride_without_overlap(2, 3) + 1, "No overlap there, but copies can sit edge to edge "
              "without overlapping: a smaller stride works.")],
    what="the stride",
)

_add(
    "03.3",
    "X = [[1, 2], [3, 4]], K = [[1, 1], [1, 1]], stride 2, padding 0: what is the output array?",
    "array",
    lambda: _tconv(_X033, np.ones((2, 2)), stride=2),
    lambda: (f"Per axis {shapes.conv_transpose_formula(2, 2, stride=2)}. K is all ones, so each input "
             f"paints a 2×2 block of its own value; with stride 2 the blocks start 2 apart and tile the "
             f"output without overlapping: {_fmt(_tconv(_X033, np.ones((2, 2)), stride=2))}. This is "
             f"nearest-neighbour upsampling."),
    ["Each input value paints a block of its own value (K is all ones), and the blocks start s cells apart.",
     "First find the output size, then place the four blocks."],
    lambda: [(_tconv(_X033, np.ones((2, 2))), "That's the stride-1 output. With stride 2 the copies start two "
              "cells apart, so here they don't overlap.")],
    what="the output",
)

# ---- 04 multi-channel
_X04 = np.array([[[0, 1], [2, 3]], [[4, 5], [7, 8]]], dtype=float)           # (C_in=2, 2, 2)
_W04 = np.array([[[[0, 1], [2, 3]]], [[[4, 5], [2, 3]]]], dtype=float)      # (C_in=2, C_out=1, 2, 2)


def _pixel_contribution(row, col, channels=None):
    """The block that input pixel (row, col) paints into output channel 0, summed over ``channels``."""
    sc = ops.scatter_copies(_X04, _W04)
    chans = list(range(_X04.shape[0])) if channels is None else channels
    k = _W04.shape[2]
    return sc.copies[chans, row, col, 0].sum(0)[row:row + k, col:col + k]


_add(
    "04.1",
    "What is the weight shape of nn.ConvTranspose2d(3, 5, kernel_size=2)?",
    "tuple",
    lambda: _weight_shape(3, 5, 2),
    lambda: (f"ConvTranspose2d stores (in_channels, out_channels / groups, kH, kW) = {_fmt(_weight_shape(3, 5, 2))}: "
             f"each of the 3 input channels owns a stack of 5 kernels of 2×2, one per output channel. Conv2d is "
             f"the other way round, (out_channels, in_channels / groups, kH, kW)."),
    ["The weight has four axes: two channel axes, then the kernel's height and width.",
     "Think scatter: each input channel paints its own stack of kernels, one per output channel."],
    lambda: [((5, 3, 2, 2), "That's Conv2d's layout. ConvTranspose2d stores the input channels on the first "
              "axis.")],
    what="the weight shape",
)

_add(
    "04.2",
    "In the two-channel example (x channels [[0, 1], [2, 3]] and [[4, 5], [7, 8]]; kernels [[0, 1], [2, 3]] "
    "and [[4, 5], [2, 3]]; one output channel), what 2×2 block does the input pixel at row 0, col 1 add "
    "to the output?",
    "array",
    lambda: _pixel_contribution(0, 1),
    lambda: (f"The pixel has value {_fmt(_X04[0, 0, 1])} in channel 0 and {_fmt(_X04[1, 0, 1])} in channel 1; "
             f"each paints its channel's kernel and the copies add: {_fmt(_X04[0, 0, 1])}·{_fmt(_W04[0, 0])} + "
             f"{_fmt(_X04[1, 0, 1])}·{_fmt(_W04[1, 0])} = {_fmt(_pixel_contribution(0, 1))}, placed at "
             f"rows 0–1, cols 1–2 of the 3×3 output."),
    ["The pixel at row 0, col 1 has a value in each input channel, and each channel has its own kernel.",
     "Its contribution is x0[0, 1]·K0 + x1[0, 1]·K1, a 2×2 block."],
    lambda: [(_pixel_contribution(0, 1, [0]), "That's only channel 0's copy. The pixel has a value in every "
              "input channel; each paints its own kernel and the copies add."),
             (_pixel_contribution(0, 1, [1]), "That's only channel 1's copy. The pixel has a value in every "
              "input channel; each paints its own kernel and the copies add."),
             (_W04[0, 0] + _W04[1, 0], "Scale each kernel by the pixel's value in that channel before adding.")],
    what="the block",
)

_add(
    "04.3",
    "How many learnable parameters does nn.ConvTranspose2d(4, 8, kernel_size=3) have (with its bias)?",
    "int",
    lambda: _param_count(4, 8, 3),
    lambda: (f"The weight is (4, 8, 3, 3): 4·8·3·3 = {_param_count(4, 8, 3, bias=False)} numbers, plus one bias "
             f"per output channel (8): {_param_count(4, 8, 3)}."),
    ["Count the numbers in the weight and add the bias.",
     "weight.numel() + bias.numel(): the weight has four axes, the bias one value per output channel."],
    lambda: [(_param_count(4, 8, 3, bias=False), "Don't forget the bias: one value per output channel."),
             (_param_count(4, 8, 3, bias=False) + 4, "The bias has one value per output channel, not per input "
              "channel.")],
    what="the number of parameters",
)

# ---- 05 shape inverse
_add(
    "05.1",
    "Conv2d(kernel_size=5, stride=4, padding=2) maps 100 → 25, and ConvTranspose2d with the same parameters "
    "maps 25 → 97. Which output_padding gives back 100?",
    "int",
    lambda: shapes.output_padding_for(100, 5, 4, 2),
    lambda: (lambda op: f"Conv2d: {shapes.conv_output_formula(100, 5, 4, 2)}; the floor drops {op} rows, so "
             f"97 to 100 all map to 25. ConvTranspose2d: {shapes.conv_transpose_formula(25, 5, 4, 2, op)}, so "
             f"output_padding={op} = (100 + 2·2 − 1·(5 − 1) − 1) mod 4 restores the size.")(
        shapes.output_padding_for(100, 5, 4, 2)),
    ["output_padding adds rows at the bottom/right of the transposed output; compare the size you get with "
     "the size you want.",
     "The difference between the target size and the size ConvTranspose2d gives is the output_padding."],
    lambda: [(shapes.output_padding_for(100, 5, 4, 2) + 1, "output_padding must be smaller than the stride (or "
              "the dilation), so torch refuses that."),
             (0, "With output_padding = 0 you get the size you're trying to fix.")],
    what="the output_padding",
)

_add(
    "05.2",
    "Which input sizes does Conv2d(kernel_size=3, stride=4, padding=1) map to 8? Give all of them.",
    "set",
    lambda: [n for n, _ in shapes.conv_input_sizes(8, 3, 4, 1)],
    lambda: (lambda sizes: f"Conv2d's size is ⌊(n + 2·1 − 3) / 4⌋ + 1; the floor lets {len(sizes)} sizes give 8: "
             + "; ".join(shapes.conv_output_formula(n, 3, 4, 1) for n in sizes)
             + f". ConvTranspose2d gives back {sizes[0]} and output_padding 0–{len(sizes) - 1} picks the others.")(
        [n for n, _ in shapes.conv_input_sizes(8, 3, 4, 1)]),
    ["The smallest such input is what ConvTranspose2d gives back from the output; the floor in Conv2d's "
     "formula lets the next few sizes map to the same output.",
     "Check each candidate n with the Conv2d formula ⌊(n + 2p − k) / s⌋ + 1."],
    lambda: [([n for n, _ in shapes.conv_input_sizes(8, 3, 4, 1)][:1], "That's one of them. With stride s, "
              "Conv2d's floor division sends several input sizes to the same output.")],
    what="the input sizes",
)

_add(
    "05.3",
    "What is the output length of ConvTranspose2d(kernel_size=4, stride=2, padding=1) on an input of length 7?",
    "int",
    lambda: shapes.conv_transpose_output_size(7, 4, 2, 1),
    lambda: (f"{shapes.conv_transpose_formula(7, 4, 2, 1)}. With k = 2s and p = s/2 the layer doubles the "
             f"length exactly."),
    ["Use (n − 1)·s − 2p + k (with output_padding 0, dilation 1).",
     "The full output is (n − 1)·s + k long; padding crops p from both ends."],
    lambda: [(shapes.conv_transpose_output_size(7, 4, 2), "That's the full output: padding crops p from both "
              "ends."),
             (shapes.conv_transpose_output_size(7, 4, 2) - 1, "Padding crops from both ends, not just one.")],
    what="the length",
)

# ---- 06 output_padding, dilation, groups
_add(
    "06.1",
    "What is the output length of a transposed convolution with input length 5, kernel_size=3, stride=2, "
    "padding=1, output_padding=1, dilation=2?",
    "int",
    lambda: shapes.conv_transpose_output_size(5, 3, 2, 1, 1, 2),
    lambda: (f"Term by term: {shapes.conv_transpose_formula(5, 3, 2, 1, 1, 2)}. The dilated kernel spans "
             f"2·(3 − 1) + 1 = 5 cells, and output_padding=1 is allowed because it is below max(stride, dilation) = 2."),
    ["Use the full formula (n − 1)·s − 2p + d·(k − 1) + output_padding + 1, term by term.",
     "Dilation spreads the kernel's taps d apart; output_padding adds at the bottom/right."],
    lambda: [(shapes.conv_transpose_output_size(5, 3, 2, 1, 1, 1), "Dilation spreads the kernel's taps: a "
              "kernel of size k spans d·(k − 1) + 1 cells."),
             (shapes.conv_transpose_output_size(5, 3, 2, 1, 0, 2), "output_padding adds to the size at the "
              "bottom/right: don't leave it out."),
             (shapes.conv_transpose_output_size(5, 3, 2, 0, 1, 2), "padding crops p from both ends of the "
              "transposed output.")],
    what="the length",
)

_add(
    "06.2",
    "What is the weight shape of nn.ConvTranspose2d(4, 6, kernel_size=3, groups=2)?",
    "tuple",
    lambda: _weight_shape(4, 6, 3, groups=2),
    lambda: (f"(in_channels, out_channels / groups, kH, kW) = (4, 6/2, 3, 3) = {_fmt(_weight_shape(4, 6, 3, 2))}: "
             f"each input channel only feeds the 6/2 output channels of its own group, so it owns that many "
             f"kernels. The bias still has one value per output channel (6)."),
    ["Groups split the channels into independent blocks; each input channel only owns kernels for the "
     "output channels of its own group.",
     "ConvTranspose2d's weight is (in_channels, out_channels / groups, kH, kW)."],
    lambda: [((4, 6, 3, 3), "With groups, each input channel connects only to the output channels of its own "
              "group: out_channels / groups of them."),
             ((6, 2, 3, 3), "That's Conv2d's layout (out_channels, in_channels / groups, kH, kW). "
              "ConvTranspose2d puts the input channels first."),
             ((2, 3, 3, 3), "The first axis holds every input channel (of all groups), not one group's.")],
    what="the weight shape",
)

_add(
    "06.3",
    "What is the largest output_padding ConvTranspose2d allows with stride=3 and dilation=1?",
    "int",
    lambda: _largest_valid(lambda op: shapes.check_transpose_params((3, 3), (0, 0), (op, op), (1, 1))),
    lambda: (lambda op: f"output_padding must be smaller than stride or dilation, so with stride 3 it is 0, 1 or "
             f"{op}: a stride-3 Conv2d sends 3 neighbouring input sizes to the same output, and output_padding "
             f"picks one of them.")(
        _largest_valid(lambda op: shapes.check_transpose_params((3, 3), (0, 0), (op, op), (1, 1)))),
    ["output_padding only chooses among the input sizes a strided Conv2d maps to the same output; how many "
     "are there for this stride?",
     "Try it: run nn.ConvTranspose2d(1, 1, 3, stride=3, output_padding=…) on a small input and raise "
     "output_padding until torch refuses."],
    lambda: [(_largest_valid(lambda op: shapes.check_transpose_params((3, 3), (0, 0), (op, op), (1, 1))) + 1,
              "output_padding must be strictly smaller than the stride (or the dilation).")],
    what="the output_padding",
)

# ---- 07 matrix view
_K07 = np.array([[1, 2], [3, 4]], dtype=float)

_add(
    "07.1",
    "For a 4×4 input and a 2×2 kernel (stride 1), what is the shape of the matrix C with "
    "vec(conv2d(X, K)) = C · vec(X)?",
    "tuple",
    lambda: ops.conv_matrix(_K07, (4, 4)).shape,
    lambda: (lambda C: f"Conv2d gives a {shapes.conv_output_size(4, 2)}×{shapes.conv_output_size(4, 2)} output "
             f"({shapes.conv_output_formula(4, 2)}), so C has one row per output cell and one column per "
             f"input cell: {_fmt(C.shape)}. The transposed convolution multiplies by Cᵀ, "
             f"{_fmt(C.T.shape)}, which maps {C.shape[0]} numbers back to {C.shape[1]}.")(ops.conv_matrix(_K07, (4, 4))),
    ["vec(Y) = C · vec(X): C has one column per input element and one row per output element.",
     "First find the Conv2d output size, then flatten both grids."],
    lambda: [(ops.conv_matrix(_K07, (4, 4)).T.shape, "C maps the flattened input (length H·W) to the flattened "
              "output: rows are outputs, columns are inputs."),
             ((2, 2), "C isn't the output grid: it is a matrix acting on the flattened input.")],
    what="the shape of C",
)

_add(
    "07.2",
    "For that C (4×4 input, 2×2 kernel with no zero entries, stride 1), how many entries are non-zero?",
    "int",
    lambda: int(np.count_nonzero(ops.conv_matrix(_K07, (4, 4)))),
    lambda: (lambda C: f"Each of C's {C.shape[0]} rows is one output cell and holds the 4 kernel taps in the "
             f"columns of the input cells under its window: {C.shape[0]}·4 = {np.count_nonzero(C)} non-zeros out "
             f"of {C.size}. For K = [[1, 2], [3, 4]], C = {_fmt(C)}.")(ops.conv_matrix(_K07, (4, 4))),
    ["Each row of C is one output position; its non-zero entries are the kernel's taps.",
     "Count the rows, then the non-zeros in each row."],
    lambda: [(ops.conv_matrix(_K07, (4, 4)).size, "Most entries of C are zero: a row only touches the input "
              "cells under its kernel window."),
             (ops.conv_matrix(_K07, (4, 4)).shape[0], "Count every non-zero in every row, not the rows.")],
    what="the count",
)

_add(
    "07.3",
    "What is the shape of C for a 4×4 input and a 3×3 kernel with stride 2 and padding 1?",
    "tuple",
    lambda: ops.conv_matrix(np.ones((3, 3)), (4, 4), stride=2, padding=1).shape,
    lambda: (lambda C: f"Conv2d's output is {shapes.conv_output_formula(4, 3, 2, 1)} per side, i.e. "
             f"{C.shape[0]} output cells, from 16 input cells: C is {_fmt(C.shape)} and the transposed "
             f"convolution's Cᵀ is {_fmt(C.T.shape)}.")(ops.conv_matrix(np.ones((3, 3)), (4, 4), stride=2, padding=1)),
    ["vec(Y) = C · vec(X): one row per output cell of the Conv2d, one column per input cell.",
     "Find the Conv2d output size with ⌊(n + 2p − k) / s⌋ + 1 first."],
    lambda: [(ops.conv_matrix(np.ones((3, 3)), (4, 4), stride=2, padding=1).T.shape, "C maps the flattened input "
              "to the flattened output: rows are outputs, columns are inputs."),
             (ops.conv_matrix(np.ones((3, 3)), (4, 4), padding=1).shape, "With stride 2 the Conv2d output is "
              "smaller: only every other window position is used."),
             (ops.conv_matrix(np.ones((3, 3)), (4, 4), stride=2).shape, "Padding adds a border of zeros around the "
              "input before the windows are placed.")],
    what="the shape of C",
)

# ---- 08 equivalent convolution
_K08 = np.array([[1, 2], [3, 4]], dtype=float)


def _equivalent_pad(k, padding, stride=1, dilation=1):
    """Top padding of the direct convolution equal to a transposed conv (from equivalent_conv_parts)."""
    _, pads, _ = ops.equivalent_conv_parts(np.ones((1, k, k)), np.ones((1, 1, k, k)), stride, padding, 0, dilation)
    return pads[0]


def _flipped(kernel):
    _, _, w = ops.equivalent_conv_parts(np.ones((1, 2, 2)), np.asarray(kernel, dtype=float)[None, None])
    return w[0, 0]


_add(
    "08.1",
    "A transposed convolution with kernel_size=3, padding=1 (stride 1, dilation 1) equals a direct "
    "convolution of a padded input. How much padding goes on each side?",
    "int",
    lambda: _equivalent_pad(3, 1),
    lambda: (f"dilation·(kernel_size − 1) − padding = 1·(3 − 1) − 1 = {_equivalent_pad(3, 1)}. With padding 0 "
             f"the direct convolution would be a 'full' one ({_equivalent_pad(3, 0)} on each side, so the "
             f"kernel can hang over the edge by all but one tap); the transposed convolution's padding crops "
             f"that back."),
    ["With padding = 0 the equivalent convolution pads the input with a border one cell narrower than the "
     "kernel; each unit of the transposed convolution's padding removes one cell of that border.",
     "A 'full' convolution lets the kernel hang over the edge by all but one tap; the transposed "
     "convolution's padding crops that back."],
    lambda: [(_equivalent_pad(3, 0), "That's the padding for a transposed convolution with padding = 0; its "
              "padding is subtracted from it."),
             (0, "With no padding, the direct convolution would shrink the input: it can't equal the transposed "
              "one.")],
    what="the padding",
)

_add(
    "08.2",
    "What is the shape of a 2×2 input after inserting zeros for stride 3?",
    "tuple",
    lambda: ops.zero_insert(np.zeros((2, 2)), 3).shape,
    lambda: (f"Between neighbours go stride − 1 = 2 zeros, so each axis becomes (2 − 1)·3 + 1 = "
             f"{ops.zero_insert(np.zeros(2 * (2,)), 3).shape[0]}: "
             f"{_fmt(ops.zero_insert(np.array([[1.0, 2.0], [3.0, 4.0]]), 3))} for [[1, 2], [3, 4]]."),
    ["Between each pair of neighbouring elements you insert s − 1 zeros.",
     "Count the elements plus the zeros along one row; nothing goes after the last element."],
    lambda: [((2 * 3, 2 * 3), "No zeros go after the last element: zeros only go between neighbours."),
             ((2 + 3, 2 + 3), "Between neighbours you insert s − 1 zeros, not s.")],
    what="the shape",
)

_add(
    "08.3",
    "Which kernel does the equivalent direct convolution use for the transposed convolution with "
    "K = [[1, 2], [3, 4]]?",
    "array",
    lambda: _flipped(_K08),
    lambda: (f"The kernel rotated by 180° (rows and columns reversed): {_fmt(_flipped(_K08))}. In the scatter, "
             f"input X[i, j] meets tap K[a, b] at output (i + a, j + b); a sliding window reads its inputs in the "
             f"opposite order, so the direct convolution needs the flipped kernel."),
    ["The equivalent convolution uses the kernel rotated by 180°.",
     "Reverse both the row order and the column order."],
    lambda: [(_K08, "That's K itself: the direct convolution needs the kernel rotated by 180°."),
             (_K08.T, "That's a transpose (a mirror about the diagonal), not a rotation."),
             (_K08[:, ::-1], "You reversed the columns only: reverse the rows as well."),
             (_K08[::-1, :], "You reversed the rows only: reverse the columns as well.")],
    what="the kernel",
)

# ---- 09 checkerboard


def _first_even_kernel(s, k_min, limit=100):
    """The smallest kernel size >= k_min whose interior overlap (stride s) is the same everywhere."""
    for k in range(k_min, limit):
        inner = _interior_overlap(k, s)
        if inner.min() == inner.max():
            return k
    raise RuntimeError("no even kernel found")  # pragma: no cover


_add(
    "09.1",
    "A 2-D transposed convolution with kernel_size=5 and stride=2 runs on a 5×5 input (padding 0). What is the "
    "largest number of kernel copies that land on one output cell?",
    "int",
    lambda: int(ops.overlap_count(5, 5, 2).max()),
    lambda: (f"Along one axis the copies (5 wide, 2 apart) cover the cells "
             f"{_fmt(_axis_overlap(5, 5, 2))} times. In 2-D the two axes multiply, so where two of the most "
             f"covered rows and columns cross a cell gets {ops.overlap_count(5, 5, 2).max()}: the overlap map is a "
             f"checkerboard."),
    ["Count, for one axis, how many copies cover each output position; the 2-D count is the row count times "
     "the column count.",
     "With kernel_size not divisible by the stride, some cells are covered by more copies than their neighbours."],
    lambda: [(int(_axis_overlap(5, 5, 2).max()), "That's the count along one axis; in 2-D "
              "the overlaps of rows and columns multiply."),
             (5 * 5, "That counts the kernel's taps, not the copies landing on one output cell.")],
    what="the count",
)

_add(
    "09.2",
    "With stride 3, what is the smallest kernel size of at least 4 whose interior overlap is even (every "
    "interior output cell gets the same number of copies)?",
    "int",
    lambda: _first_even_kernel(3, 4),
    lambda: (lambda k: "Uneven overlap happens when the kernel size is not a multiple of the stride. "
             + " ".join(f"k={j}: interior cells along one axis get {' or '.join(map(str, _interior_axis_overlap(j, 3)))} "
                        f"{'copy' if _interior_axis_overlap(j, 3) == [1] else 'copies'}."
                        for j in range(4, k + 1))
             + f" So k={k}, the first multiple of 3 from 4 up; in 2-D every interior cell then gets "
               f"{_interior_overlap(k, 3).max()}.")(_first_even_kernel(3, 4)),
    ["Uneven overlap happens when the kernel size is not a multiple of the stride.",
     "For each k from four up, count the copies covering a few neighbouring interior cells."],
    lambda: ([(k, "Neighbouring interior cells still get different numbers of copies at this size.")
              for k in range(4, _first_even_kernel(3, 4))]
             + [(_first_even_kernel(3, 4) + 3, "That one is even too, but there is a smaller one."),
                (3, "The question asks for a kernel size of at least four.")]),
    what="the kernel size",
)

_add(
    "09.3",
    "In a 2-D transposed convolution with kernel_size=8 and stride=2 (a large input of ones, a kernel of ones), "
    "how many kernel copies land on each interior output cell?",
    "int",
    lambda: int(_interior_overlap(8, 2).max()),
    lambda: (f"Along one axis 8/2 = {_fmt(_interior_axis_overlap(8, 2))[1:-1]} copies cover each interior cell; in "
             f"2-D the axes multiply: {int(_interior_overlap(8, 2).max())}, the same on every interior cell because "
             f"8 is divisible by 2 (no checkerboard)."),
    ["Count how many copies cover one interior cell along a row, then along a column.",
     "In 2-D the counts of the two axes multiply."],
    lambda: [(_interior_axis_overlap(8, 2)[-1], "That's the count along one "
              "axis; in 2-D the overlaps of rows and columns multiply."),
             (8 * 8, "That counts the kernel's taps, not the copies that land on one output cell.")],
    what="the count",
)

# ---- 10 upsampling in practice


def _magnifier(s, n=16):
    """(kernel_size, padding) from k = 2s, p = s/2, checked to magnify an n-long input exactly s times."""
    k = 2 * s
    matches = [p for p in range(k) if shapes.conv_transpose_output_size(n, k, s, p) == s * n]
    assert matches == [s // 2]
    return (k, matches[0])


_add(
    "10.1",
    "A stride-4 transposed convolution should magnify exactly ×4 with the recipe kernel_size = 2·stride, "
    "padding = stride/2. Give (kernel_size, padding).",
    "tuple",
    lambda: _magnifier(4),
    lambda: (lambda kp: f"kernel_size = 2·4 = {kp[0]}, padding = 4/2 = {kp[1]}. Check: "
             f"(n − 1)·4 − 2·{kp[1]} + {kp[0]} = 4n − 4 − {2 * kp[1]} + {kp[0]} = 4n, e.g. "
             f"{shapes.conv_transpose_formula(16, kp[0], 4, kp[1])} = 4·16.")(_magnifier(4)),
    ["Substitute the stride into kernel_size = 2·stride and padding = stride/2.",
     "Check your pair with (n − 1)·s − 2p + k: it should come to s·n."],
    lambda: [(_magnifier(4)[::-1], "Give (kernel_size, padding) in that order."),
             ((4, _magnifier(4)[1]), "The recipe's kernel is twice the stride."),
             ((_magnifier(4)[0], 4), "The recipe's padding is half the stride.")],
    what="the pair (kernel_size, padding)",
)

_add(
    "10.2",
    "What is the output length for an input of length 16 under that layer (stride 4 with the ×4 recipe)?",
    "int",
    lambda: shapes.conv_transpose_output_size(16, _magnifier(4)[0], 4, _magnifier(4)[1]),
    lambda: (f"{shapes.conv_transpose_formula(16, _magnifier(4)[0], 4, _magnifier(4)[1])}: exactly 4·16, "
             f"as the recipe promises."),
    ["Use (n − 1)·s − 2p + k with the kernel_size and padding from the recipe.",
     "Work out the full length (n − 1)·s + k first, then crop p from both ends."],
    lambda: [(shapes.conv_transpose_output_size(16, _magnifier(4)[0], 4), "That's the full output: padding crops "
              "p from both ends."),
             (shapes.conv_transpose_output_size(16, _magnifier(4)[0], 4) - _magnifier(4)[1], "Padding crops from "
              "both ends, not just one.")],
    what="the length",
)

_add(
    "10.3",
    "FCN's bilinear kernel for factor 4 (operations.bilinear_kernel(4)) is 8×8. What is its entry in row 1, "
    "column 2 (counting from 0)?",
    "float",
    lambda: float(ops.bilinear_kernel(4)[1, 2]),
    lambda: (lambda b, t: f"bilinear_kernel(4) is the outer product of the 1-D tent {_fmt(t)} with itself "
             f"(1 − |i − 3.5| / 4 for i = 0…7), so entry [1, 2] is {_fmt(float(t[1]))} · {_fmt(float(t[2]))} = "
             f"{_fmt(float(b[1, 2]))}.")(ops.bilinear_kernel(4), 1 - np.abs(np.arange(8) - 3.5) / 4),
    ["bilinear_kernel(f) is the outer product of a 1-D tent with itself; for f = 4 the tent is 1 − |i − 3.5| / 4.",
     "Work out the tent's values at i = 1 and i = 2, then multiply them."],
    lambda: [(float(1 - abs(1 - 3.5) / 4), "That's the 1-D tent at i = 1; the 2-D kernel multiplies two tent "
              "values."),
             (float(1 - abs(2 - 3.5) / 4), "That's the 1-D tent at i = 2; the 2-D kernel multiplies two tent "
              "values.")],
    what="the value",
)

# 10.4: a DCGAN-style generator (Radford et al. 2016), layers as (in_channels, out_channels, kernel_size, stride, padding)
_DCGAN_Z = (100, 1, 1)
_DCGAN = [(100, 512, 4, 1, 0), (512, 256, 4, 2, 1), (256, 128, 4, 2, 1), (128, 64, 4, 2, 1), (64, 3, 4, 2, 1)]


def _dcgan_shapes(padding=None, stride=None, channels="out"):
    """The (C, H, W) rows after each layer of _DCGAN; ``padding``/``stride`` override every layer's
    (to build the recognisable mistakes), ``channels="in"`` keeps the input channel count."""
    from .upsampling import generator_shapes
    layers = [(ci, co, k, s if stride is None else stride, p if padding is None else padding)
              for ci, co, k, s, p in _DCGAN]
    rows = generator_shapes(_DCGAN_Z, layers)
    if channels == "in":
        rows = [(ci,) + row[1:] for (ci, *_), row in zip(_DCGAN, rows)]
    return [list(row) for row in rows]


def _dcgan_explain():
    from .upsampling import generator_shapes
    h, steps = _DCGAN_Z[1], []
    for (ci, co, k, s, p), (c, hh, ww) in zip(_DCGAN, generator_shapes(_DCGAN_Z, _DCGAN)):
        steps.append(f"{shapes.conv_transpose_formula(h, k, s, p)} → ({c}, {hh}, {ww})")
        h = hh
    return ("Each layer gives H_out = (H − 1)·stride − 2·padding + (kernel_size − 1) + 1 and out_channels "
            "channels: " + "; ".join(steps) + ". The first layer (stride 1, no padding) turns the 1×1 code into "
            "a 4×4 map; each k = 4, s = 2, p = 1 layer after it doubles the size exactly, the ×2 recipe of this "
            "notebook. BatchNorm2d, ReLU and Tanh between the layers keep the shape.")


_add(
    "10.4",
    "A DCGAN generator feeds z of shape (100, 1, 1) through ConvTranspose2d(100, 512, 4, 1, 0), "
    "ConvTranspose2d(512, 256, 4, 2, 1), ConvTranspose2d(256, 128, 4, 2, 1), ConvTranspose2d(128, 64, 4, 2, 1) "
    "and ConvTranspose2d(64, 3, 4, 2, 1), arguments (in_channels, out_channels, kernel_size, stride, padding). "
    "Give the shape (C, H, W) after each layer, one row per layer.",
    "array",
    lambda: _dcgan_shapes(),
    _dcgan_explain,
    ["Apply H_out = (H − 1)·stride − 2·padding + kernel_size one layer at a time, starting from H = 1; "
     "the channels after a layer are its out_channels.",
     "The first layer has stride 1 and padding 0; every later layer has kernel 4, stride 2, padding 1."],
    lambda: [(_dcgan_shapes(padding=0), "padding = 1 crops one row and one column from each side of the "
              "later layers' outputs: subtract 2·padding."),
             (_dcgan_shapes(stride=1), "The later layers have stride 2: (H − 1) is multiplied by the stride."),
             (_dcgan_shapes(channels="in"), "The sizes are right; after a layer the channel count is its "
                                            "out_channels (the second argument), not its in_channels.")],
    what="the shapes (one row (C, H, W) per layer)",
)
