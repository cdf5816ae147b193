"""The checking engine behind ``check("02.1", answer)``: reading answers, comparing, diagnosing.

An exercise is registered by a bank module (``helpers/bank/nbNN.py``) with ``exercise(...)``: its key
``"NN.k"``, its kind and a function computing the expected answer from ``operations``/``shapes``.
Every word a reader sees comes from the text files in ``helpers/texts/<language>/`` (through
``helpers.i18n``): ``NN.toml`` per notebook (question, hints, explanation template, mistake messages),
read as tables with ``texts("NN")``, and ``checker.toml`` (this engine's own sentences, ``tr("checker.…")``),
in the language set by ``helpers.i18n.set_language``, English for any entry a language lacks.

Accepted answers: ints, floats, Fractions, tuples, lists, NumPy arrays/scalars and anything with
``.tolist()`` (torch tensors, also with ``requires_grad``); ``torch.Size`` is a tuple. Strings are
refused, never parsed or run. ``check`` returns a ``CheckResult`` (✓/✗/✎), ``solution`` a
``Solution``, ``question`` the text, ``keys`` the registered keys.
"""
from __future__ import annotations

import html
import math
import numbers
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, NamedTuple

import numpy as np

from .captions import fmt
from .i18n import TEXT_DIR, texts, tr

__all__ = [
    "check", "question", "solution", "keys", "exercise",
    "canonical", "same", "CheckResult", "Solution", "Exercise", "EXERCISES", "NOTEBOOKS",
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
    "11": "11_summary",
}

KINDS = ("int", "float", "tuple", "set", "array")
TOL = 1e-6
NEAR = 0.02            # a float answer within 2 % (relative) of the answer is a near miss
LARGEST = 10 ** 15     # larger numbers are no answer to any exercise (and would overflow a float)


# ---------------------------------------------------------------- formatting

# ---------------------------------------------------------------- the registry

@dataclass(frozen=True)
class Exercise:
    """One exercise: how to compute its answer, and its texts (from ``helpers/texts/<language>/NN.toml``).

    kind: ``"int"``, ``"float"``, ``"tuple"`` (ordered ints, e.g. a shape), ``"set"`` (ints in any
    order) or ``"array"`` (2-D numbers); ``sizes``: a tuple of sizes (each at least 1). ``explain_with(text)`` fills the text's ``explain`` template
    with computed values; ``wrong()`` lists recognisable wrong answers as (value, mistake id).
    """
    key: str
    kind: str
    expected: Callable[[], Any]
    explain_with: Callable[[dict], str]
    wrong: Callable[[], list]
    sizes: bool = False

    @property
    def notebook(self) -> str:
        return NOTEBOOKS[self.key[:2]]

    @property
    def text(self) -> dict:
        """This exercise's entry in ``helpers/texts/<language>/NN.toml``."""
        table = texts(self.key[:2])
        if self.key not in table:
            raise KeyError(f"no text for exercise {self.key} in {TEXT_DIR / 'en' / (self.key[:2] + '.toml')}")
        return table[self.key]

    @property
    def question(self) -> str:
        return self.text["question"].strip()

    @property
    def hints(self) -> tuple[str, ...]:
        return tuple(self.text["hints"])

    @property
    def what(self) -> str:
        return self.text.get("what", tr("checker.the_answer"))

    def explain(self) -> str:
        return self.explain_with(self.text)

    def mistakes(self) -> list:
        """Recognisable wrong answers with their targeted hint: [(value, sentence), …]."""
        messages = self.text.get("mistakes", {})
        return [(value, messages[name]) for value, name in self.wrong()]

    def answer(self):
        """The expected answer in its canonical form (int, float, tuple of ints, sorted list, 2-D array)."""
        return canonical(self.kind, self.expected())


EXERCISES: dict[str, Exercise] = {}


def exercise(key: str, kind: str, expected: Callable[[], Any], explain: Callable[[dict], str],
             mistakes: Callable[[], list] | None = None, sizes: bool = False) -> Exercise:
    """Register exercise ``key``; ``explain(text)`` -> the worked paragraph, ``mistakes()`` -> [(value, id)]."""
    assert kind in KINDS and re.fullmatch(r"\d\d\.\d+", key) and key[:2] in NOTEBOOKS and key not in EXERCISES, key
    EXERCISES[key] = Exercise(key, kind, expected, explain, mistakes or (lambda: []), sizes)
    return EXERCISES[key]


# ---------------------------------------------------------------- reading answers

class _Unreadable(Exception):
    """The answer can't be checked as given; the message says what to give instead."""


def _form(ex: Exercise, expected) -> str:
    """How to write an answer for this exercise, with an example that is never the answer itself."""
    if ex.kind in ("int", "float"):
        return tr(f"checker.form.{ex.kind}")
    if ex.kind == "tuple":
        n = len(expected)
        examples = {2: [(3, 5), (2, 7)], 4: [(2, 3, 4, 5), (6, 1, 2, 2)]}.get(n, [tuple(range(2, n + 2))])
        example = next(e for e in examples + [()] if e != expected)
        count = tr(f"checker.number_words.{n}") if 1 <= n <= 4 else str(n)
        return tr("checker.form.tuple", what=ex.what, count=count, example=fmt(example, exact=True))
    if ex.kind == "set":
        return tr("checker.form.set", what=ex.what)
    example = next(e for e in ([[1, 2], [3, 4]], [[5, 6], [7, 8]]) if not np.array_equal(e, expected))
    return tr("checker.form.array", what=ex.what, example=fmt(example, exact=True))


def _plain(value, depth=0):
    """An answer as an int/float or nested lists of them; raises _Unreadable for anything else.

    Duck-typed: NumPy/torch objects go through ``.tolist()``. Strings are refused, never evaluated.
    """
    if isinstance(value, (str, bytes, bytearray)):
        raise _Unreadable(tr("checker.unreadable.string"))
    if value is None:
        raise _Unreadable(tr("checker.unreadable.none"))
    if isinstance(value, (bool, np.bool_)):
        raise _Unreadable(tr("checker.unreadable.bool"))
    if isinstance(value, np.generic):
        return _plain(value.item(), depth)
    if isinstance(value, numbers.Integral):
        if abs(int(value)) > LARGEST:
            raise _Unreadable(tr("checker.unreadable.too_large"))
        return int(value)
    if isinstance(value, numbers.Real):
        try:
            v = float(value)
        except OverflowError:
            raise _Unreadable(tr("checker.unreadable.too_large")) from None
        if not math.isfinite(v):
            raise _Unreadable(tr("checker.unreadable.not_finite", value=v))
        if abs(v) > LARGEST:
            raise _Unreadable(tr("checker.unreadable.too_large"))
        return v
    if isinstance(value, (list, tuple, set, frozenset)):
        if depth >= 4:
            raise _Unreadable(tr("checker.unreadable.too_deep"))
        if len(value) > 10_000:
            raise _Unreadable(tr("checker.unreadable.too_long"))
        items = [_plain(v, depth + 1) for v in value]
        if isinstance(value, (set, frozenset)):
            if any(isinstance(v, list) for v in items):
                raise _Unreadable(tr("checker.unreadable.set_of_rows"))
            items = sorted(items)
        return items
    tolist = getattr(value, "tolist", None)
    if callable(tolist):
        converted = tolist()
        if converted is value or type(converted) is type(value):
            raise _Unreadable(tr("checker.unreadable.type", type=type(value).__name__))
        return _plain(converted, depth)
    raise _Unreadable(tr("checker.unreadable.type", type=type(value).__name__))


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

    def unreadable(name, **values):
        return _Unreadable(f"{tr('checker.unreadable.' + name, **values)} {form}")

    try:
        v = _plain(answer)
    except _Unreadable as err:
        raise _Unreadable(f"{err} {form}") from None
    if ex.kind in ("int", "float"):
        if not _is_scalar(v):
            raise unreadable("not_a_number")
        return v
    if _is_scalar(v):
        raise unreadable("a_number")
    if ex.kind in ("tuple", "set"):
        if any(not _is_scalar(item) for item in v):
            raise unreadable("nested")
        if any(isinstance(item, float) and not item.is_integer() for item in v):
            raise unreadable("fractions")
        v = [int(item) for item in v]
        if ex.kind == "tuple":
            if len(v) != len(expected):
                raise unreadable("count_one" if len(v) == 1 else "count", n=len(v))
            return tuple(v)
        if not v:
            raise unreadable("empty_list")
        return sorted(v)
    shape = _rect_shape(v)
    if shape is None:
        raise unreadable("ragged")
    if len(shape) > expected.ndim and set(shape[:len(shape) - expected.ndim]) == {1}:
        extra = len(shape) - expected.ndim
        index = "[" + ", ".join(["0"] * extra) + "]"
        raise unreadable("channel_axis" if extra == 1 else "batch_axes", ndim=len(shape),
                         shape=fmt(tuple(shape), exact=True), index=index)
    if len(shape) != expected.ndim:
        raise unreadable("ndim", ndim=len(shape))
    if 0 in shape:
        raise unreadable("empty_array")
    return np.asarray(v, dtype=float)


def canonical(kind: str, value):
    """``value`` in the canonical form of answers of this kind (see ``Exercise.answer``)."""
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "tuple":
        return tuple(int(v) for v in value)
    if kind == "set":
        return sorted(int(v) for v in value)
    return np.asarray(value, dtype=float)


def same(kind: str, got, want) -> bool:
    """Whether two canonical answers of this kind agree (numbers within a relative 1e-6)."""
    if kind in ("int", "float"):
        return abs(got - want) <= TOL * (1 + abs(want))
    if kind in ("tuple", "set"):
        return list(got) == list(want)
    return got.shape == want.shape and bool(np.allclose(got, want, rtol=TOL, atol=TOL))


def _near_miss(ex: Exercise, got, want) -> bool:
    """A float answer close to, but not equal to, the answer (rounded, or a decimal cut short)."""
    return ex.kind == "float" and want != 0 and abs(got - want) <= NEAR * abs(want)


def _diagnose(ex: Exercise, got, want) -> str:
    """A sentence about what's off, never stating the expected value."""
    if ex.kind in ("int", "float"):
        notes = []
        if ex.kind == "int" and isinstance(got, float) and not got.is_integer():
            notes.append(tr("checker.diagnose.whole"))
        if got < 0 <= want:
            notes.append(tr("checker.diagnose.negative"))
        return " ".join(notes)
    if ex.kind == "tuple":
        return tr("checker.diagnose.sizes_positive") if ex.sizes and min(got) < 1 <= min(want) else ""
    if ex.kind == "set":
        counts = Counter(got)
        got_set, want_set = set(got), set(want)
        dupes = tr("checker.diagnose.set_dupes") if max(counts.values()) > 1 else ""
        if got_set == want_set:
            return tr("checker.diagnose.set_once")
        if got_set < want_set:
            return tr("checker.diagnose.set_missing", dupes=dupes)
        if got_set > want_set:
            return tr("checker.diagnose.set_extra", dupes=dupes)
        if got_set & want_set:
            return tr("checker.diagnose.set_some", dupes=dupes)
        return tr("checker.diagnose.set_none", dupes=dupes)
    if got.shape != want.shape:
        diffs = [tr(f"checker.diagnose.{'fewer' if got.shape[a] > want.shape[a] else 'more'}_{name}")
                 for a, name in ((0, "rows"), (1, "columns")) if got.shape[a] != want.shape[a]]
        return tr("checker.diagnose.array_shape", rows=got.shape[0], cols=got.shape[1],
                       diffs=tr("checker.diagnose.and").join(diffs))
    wrong = np.argwhere(~np.isclose(got, want, rtol=TOL, atol=TOL))
    if got.size == 1:
        return tr("checker.diagnose.value_off")
    r, c = wrong[0]
    n = len(wrong)
    if n == got.size:
        return tr("checker.diagnose.every_cell_off")
    return tr("checker.diagnose.cells_off_one" if n == 1 else "checker.diagnose.cells_off",
             n=n, size=got.size, row=r, col=c)


# ---------------------------------------------------------------- results

_ATTEMPTS: Counter = Counter()


@dataclass(frozen=True, repr=False)
class CheckResult:
    """What ``check`` returns: ``.correct`` and a ``.message``; displays as ✓/✗ in a notebook (glyphs every font has, unlike emoji).

    ``.answered`` is False while the answer is still ``None`` (the stub as shipped): that shows as a
    neutral grey "✎ …" prompt, not as a red ✗, so unanswered exercises do not look like errors on a slide.
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
        return f"{tr('checker.answer_label')} {fmt(self.answer, exact=True)}\n{self.explanation}"

    def _repr_html_(self) -> str:
        return (f'<div style="font-family:sans-serif"><p><b>{html.escape(tr("checker.answer_label"))}</b> '
                f"<code>{html.escape(fmt(self.answer, exact=True))}</code></p><p>{html.escape(self.explanation)}</p></div>")


def _get(key) -> Exercise:
    if isinstance(key, str):
        m = re.fullmatch(r"\s*(\d{1,2})\.(\d+)\s*", key)
        if m:
            key = f"{int(m.group(1)):02d}.{int(m.group(2))}"
            if key in EXERCISES:
                return EXERCISES[key]
    raise ValueError(tr("checker.bad_key", key=repr(key), known=", ".join(EXERCISES)))


def keys(notebook: str | int | None = None) -> list[str]:
    """Registered exercise keys, all or for one notebook (``"02"``, ``2`` or ``"02_padding"``)."""
    if notebook is None:
        return list(EXERCISES)
    nb = f"{int(notebook):02d}" if isinstance(notebook, int) else str(notebook)[:2]
    if nb not in NOTEBOOKS:
        raise ValueError(tr("checker.bad_notebook", known=", ".join(NOTEBOOKS), notebook=repr(notebook)))
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
        return CheckResult(ex.key, False, tr("checker.unanswered", form=_form(ex, want)), answered=False)
    try:
        got = _read(ex, answer, want)
    except _Unreadable as err:
        return CheckResult(ex.key, False, tr("checker.not_yet", reason=err))
    if same(ex.kind, got, want):
        return CheckResult(ex.key, True, tr("checker.correct", answer=fmt(want, exact=True), explanation=ex.explain()))
    _ATTEMPTS[ex.key] += 1
    for wrong, hint in ex.mistakes():
        if same(ex.kind, got, canonical(ex.kind, wrong)):
            return CheckResult(ex.key, False, tr("checker.not_yet_hint", hint=hint))
    if _near_miss(ex, got, want):
        near = tr("checker.near_miss", got=fmt(got, exact=True))
        return CheckResult(ex.key, False, tr("checker.not_yet", reason=near))
    hint = ex.hints[min(_ATTEMPTS[ex.key], len(ex.hints)) - 1]
    note = _diagnose(ex, got, want)
    return CheckResult(ex.key, False, tr("checker.not_yet_note_hint", note=note, hint=hint) if note
                       else tr("checker.not_yet_hint", hint=hint))
