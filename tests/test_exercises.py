"""Exercise checkers (helpers/exercises.py: the engine helpers/checker.py, the bank helpers/bank/, the texts
helpers/texts/): every expected answer is recomputed here with torch,
correct answers pass in every accepted form, wrong ones fail without revealing the answer, and
strings are refused without being evaluated."""

from __future__ import annotations

import functools
import importlib
import json
import re
from fractions import Fraction
from pathlib import Path

import nbformat
import numpy as np
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from conftest import tt
from helpers import checker, i18n
from helpers.exercises import EXERCISES, NOTEBOOKS, check, keys, question, solution
from helpers.i18n import set_language

KEYS = list(EXERCISES)


# The engine's marks in each language, written here (not read from helpers/texts/): every check, hint and
# stub test below runs in English and in Chinese (set_language), and asserts the same things in both.
PHRASES = {
    "en": dict(correct="Correct: ", not_yet="Not yet — ", stub="✎ Your answer here: ",
               stub_none="✎ Your answer here: replace None", give="Give ", string="string",
               never="never run or parsed", tuple_of="tuple of", whole="whole numbers", answer="Answer: ",
               answer_label="Answer:", array="2-D array", ragged="different lengths", single="single number"),
    "zh": dict(correct="正确：", not_yet="还不对——", stub="✎ 在这里写你的答案：",
               stub_none="✎ 在这里写你的答案：把 None 换成", give="请", string="字符串",
               never="既不会被运行也不会被解析", tuple_of="元组", whole="都是整数", answer="答案： ",
               answer_label="答案：", array="二维数组", ragged="长度不一", single="要的是一个数"),
}


@pytest.fixture(params=sorted(PHRASES))
def lang(request):
    """Run the test in ``request.param`` ("en", "zh"), then switch back to English."""
    set_language(request.param)
    yield request.param
    set_language("en")


pytestmark = pytest.mark.usefixtures("fresh_attempts")   # conftest: attempts counted from zero


# ---------------------------------------------------------------- expected answers, from torch only

def _t(a):
    return tt(a, batch=True)


def _tconv(x, k, **kw):
    return F.conv_transpose2d(_t(x), _t(k), **kw)[0, 0]


def _runs(fn):
    try:
        fn()
    except RuntimeError:
        return False
    return True


def _largest_accepted(fn, limit=12):
    """The largest v in 0..limit-1 for which torch accepts fn(v); asserts torch refuses every larger v."""
    ok = [v for v in range(limit) if _runs(lambda: fn(v))]
    assert ok == list(range(len(ok))), ok  # accepted values are 0..m, refused above
    return ok[-1]


def _size(module, n, dims=2):
    with torch.no_grad():
        return module(torch.zeros((1, 1) + (n,) * dims)).shape[-1]


def _jacobian(fn, n):
    """The matrix C of a linear map of a flattened n×n input, by autograd."""
    return torch.autograd.functional.jacobian(lambda v: fn(v.reshape(1, 1, n, n)).flatten(),
                                              torch.zeros(n * n, dtype=torch.float64))


X_SEED = torch.tensor([[[0.0, 1.0], [2.0, 3.0]], [[4.0, 5.0], [7.0, 8.0]]]).reshape(1, 2, 2, 2)
W_SEED = torch.tensor([[[0.0, 1.0], [2.0, 3.0]], [[4.0, 5.0], [2.0, 3.0]]]).reshape(2, 1, 2, 2)


def _pixel_block():
    mask = torch.zeros_like(X_SEED)
    mask[..., 0, 1] = 1
    y = F.conv_transpose2d(X_SEED * mask, W_SEED)[0, 0]
    block = y[0:2, 1:3]
    assert y.abs().sum() == block.abs().sum()  # nothing outside the 2×2 block
    return block.numpy()


def _output_padding_100():
    with torch.no_grad():
        down = nn.Conv2d(1, 1, 5, stride=4, padding=2)(torch.zeros(1, 1, 100, 100))
        assert down.shape[-1] == 25 and _size(nn.ConvTranspose2d(1, 1, 5, stride=4, padding=2), 25) == 97
        ops = [op for op in range(4)
               if nn.ConvTranspose2d(1, 1, 5, stride=4, padding=2, output_padding=op)(down).shape[-1] == 100]
    assert len(ops) == 1
    return ops[0]


def _equivalent_padding():
    torch.manual_seed(0)
    x, w = torch.rand(1, 1, 5, 5, dtype=torch.float64), torch.rand(1, 1, 3, 3, dtype=torch.float64)
    want = F.conv_transpose2d(x, w, padding=1)
    qs = [q for q in range(4)
          if (got := F.conv2d(F.pad(x, (q,) * 4), torch.flip(w, [2, 3]))).shape == want.shape
          and torch.allclose(got, want)]
    assert len(qs) == 1
    return qs[0]


def _zero_inserted_shape():
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64).reshape(1, 1, 2, 2)
    xd = F.conv_transpose2d(x, torch.ones(1, 1, 1, 1, dtype=torch.float64), stride=3)  # 1×1 kernel: zero insertion
    assert xd.count_nonzero() == 4 and xd[0, 0, ::3, ::3].equal(x[0, 0])
    w = torch.rand(1, 1, 2, 2, dtype=torch.float64)
    assert torch.allclose(F.conv2d(F.pad(xd, (1,) * 4), torch.flip(w, [2, 3])), F.conv_transpose2d(x, w, stride=3))
    return tuple(xd.shape[-2:])


def _flipped_kernel():
    k = torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64).reshape(1, 1, 2, 2)
    flipped = torch.flip(k, [2, 3])
    x = torch.rand(1, 1, 4, 4, dtype=torch.float64)
    assert torch.allclose(F.conv2d(F.pad(x, (1,) * 4), flipped), F.conv_transpose2d(x, k))
    assert not torch.allclose(F.conv2d(F.pad(x, (1,) * 4), k), F.conv_transpose2d(x, k))
    return flipped[0, 0].numpy()


def _first_even_kernel(s, k_min):
    for k in range(k_min, 40):
        y = F.conv_transpose1d(torch.ones(1, 1, 30), torch.ones(1, 1, k), stride=s)[0, 0]
        if y[k:-k].unique().numel() == 1:
            return k
    raise AssertionError("none found")


def _interior_overlap_2d(k, s):
    y = F.conv_transpose2d(torch.ones(1, 1, 10, 10), torch.ones(1, 1, k, k), stride=s)[0, 0]
    inner = y[k:-k, k:-k]
    assert inner.unique().numel() == 1
    return int(inner[0, 0])


def _magnifier_padding(s):
    k = 2 * s
    ps = [p for p in range(k)
          if all(_size(nn.ConvTranspose1d(1, 1, k, stride=s, padding=p), n, dims=1) == s * n for n in (3, 7, 16))]
    assert len(ps) == 1
    return (k, ps[0])


def _bilinear_entry(factor, r, c):
    """FCN's bilinear kernel is the response of bilinear upsampling (align_corners=False) to one impulse."""
    impulse = torch.zeros(1, 1, 9, 9, dtype=torch.float64)
    impulse[0, 0, 4, 4] = 1
    response = F.interpolate(impulse, scale_factor=factor, mode="bilinear", align_corners=False)[0, 0]
    rows, cols = response.nonzero(as_tuple=True)
    patch = response[rows.min():rows.max() + 1, cols.min():cols.max() + 1]
    assert patch.shape == (2 * factor, 2 * factor)  # kernel_size 2·factor
    return float(patch[r, c])


TORCH = {
    "01.1": lambda: _tconv([[1, 2], [3, 4]], [[1, 0], [0, 1]]).numpy(),
    "01.2": lambda: tuple(F.conv_transpose2d(torch.zeros(1, 1, 3, 3), torch.zeros(1, 1, 2, 2)).shape[-2:]),
    "01.3": lambda: int(_tconv([[0, 1], [2, 3]], [[1, 2], [3, 4]])[1, 1]),
    "02.1": lambda: tuple(nn.ConvTranspose2d(1, 1, 3, padding=1)(torch.zeros(1, 1, 4, 4)).shape[-2:]),
    "02.2": lambda: _tconv([[0, 1], [2, 3]], [[1, 2], [3, 4]], padding=1).numpy(),
    "02.3": lambda: _largest_accepted(
        lambda p: F.conv_transpose2d(torch.zeros(1, 1, 3, 3), torch.zeros(1, 1, 3, 3), padding=p)),
    "03.1": lambda: tuple(F.conv_transpose2d(torch.zeros(1, 1, 2, 2), torch.zeros(1, 1, 2, 2), stride=3).shape[-2:]),
    "03.2": lambda: min(s for s in range(1, 10)
                        if F.conv_transpose2d(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 3, 3), stride=s).max() == 1),
    "03.3": lambda: _tconv([[1, 2], [3, 4]], [[1, 1], [1, 1]], stride=2).numpy(),
    "04.1": lambda: tuple(nn.ConvTranspose2d(3, 5, kernel_size=2).weight.shape),
    "04.2": _pixel_block,
    "04.3": lambda: sum(p.numel() for p in nn.ConvTranspose2d(4, 8, kernel_size=3).parameters()),
    "05.1": _output_padding_100,
    "05.2": lambda: (lambda conv: [n for n in range(1, 60) if _size(conv, n) == 8])(
        nn.Conv2d(1, 1, 3, padding=1, stride=4)),
    "05.3": lambda: _size(nn.ConvTranspose1d(1, 1, 4, stride=2, padding=1), 7, dims=1),
    "06.1": lambda: _size(nn.ConvTranspose1d(1, 1, 3, stride=2, padding=1, output_padding=1, dilation=2), 5, dims=1),
    "06.2": lambda: tuple(nn.ConvTranspose2d(4, 6, kernel_size=3, groups=2).weight.shape),
    "06.3": lambda: _largest_accepted(
        lambda op: F.conv_transpose2d(torch.zeros(1, 1, 3, 3), torch.zeros(1, 1, 3, 3), stride=3, output_padding=op)),
    "07.1": lambda: tuple(_jacobian(lambda x: F.conv2d(x, _t([[1, 2], [3, 4]])), 4).shape),
    "07.2": lambda: int(_jacobian(lambda x: F.conv2d(x, _t([[1, 2], [3, 4]])), 4).count_nonzero()),
    "07.3": lambda: tuple(_jacobian(lambda x: F.conv2d(x, _t(np.ones((3, 3))), stride=2, padding=1), 4).shape),
    "08.1": _equivalent_padding,
    "08.2": _zero_inserted_shape,
    "08.3": _flipped_kernel,
    "09.1": lambda: int(F.conv_transpose2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 5, 5), stride=2).max()),
    "09.2": lambda: _first_even_kernel(3, 4),
    "09.3": lambda: _interior_overlap_2d(8, 2),
    "10.1": lambda: _magnifier_padding(4),
    "10.2": lambda: _size(nn.ConvTranspose1d(1, 1, *_magnifier_padding(4)[:1], stride=4,
                                             padding=_magnifier_padding(4)[1]), 16, dims=1),
    "10.3": lambda: _bilinear_entry(4, 1, 2),
}



@functools.cache
def torch_expected(key):
    """TORCH[key](), computed once per session (tests must not mutate the result)."""
    return TORCH[key]()


# Hand-checked values of the torch computations above (a check on the test's set-up, not on the module).
BY_HAND = {"01.3": 0 * 4 + 1 * 3 + 2 * 2 + 3 * 1, "04.3": 4 * 8 * 3 * 3 + 8, "05.2": [29, 30, 31, 32],
           "06.1": (5 - 1) * 2 - 2 * 1 + 2 * (3 - 1) + 1 + 1, "10.3": 0.375 * 0.625,
           # 06.4: copies of X[i, j]·K at (2i, 2j), taps 2 apart, in a 5×5 grid; the output is its rows/cols 1–4
           # (crop 1 at the top/left, output_padding gives back the bottom/right): full[2, 2] = 1·3 + 2·0 + 3·1 + 4·2
           "06.4": [[0, 0, 0, 0], [0, 1 * 3 + 2 * 0 + 3 * 1 + 4 * 2, 0, 2 * 3 + 4 * 1], [0, 0, 0, 0],
                    [0, 3 * 3 + 4 * 0, 0, 4 * 3]],
           "07.4": (2, 3, 2, 2),
           # 07.5: dL/dK[a, b] = Σ X[i, j]·G[i + a, j + b]
           "07.5": [[1 * 1 + 2 * 0 + 3 * 2 + 1 * 1, 1 * 0 + 2 * 2 + 3 * 1 + 1 * 0],
                    [1 * 2 + 2 * 1 + 3 * 0 + 1 * -1, 1 * 1 + 2 * 0 + 3 * -1 + 1 * 1]]}

# Numbers each question must state.
QUESTION_NUMBERS = {
    "01.1": ["[[1, 2], [3, 4]]", "[[1, 0], [0, 1]]", "3×3"],
    "01.2": ["3×3", "2×2", "stride 1", "padding 0"],
    "01.3": ["[[0, 1], [2, 3]]", "[[1, 2], [3, 4]]", "Y[1, 1]"],
    "02.1": ["kernel_size=3", "padding=1", "4×4"],
    "02.2": ["[[0, 1], [2, 3]]", "[[1, 2], [3, 4]]", "padding=1"],
    "02.3": ["3×3 input", "3×3 kernel", "stride 1"],
    "03.1": ["2×2", "kernel_size=2", "stride=3"],
    "03.2": ["3×3"],
    "03.3": ["[[1, 2], [3, 4]]", "[[1, 1], [1, 1]]", "stride 2", "padding 0"],
    "04.1": ["nn.ConvTranspose2d(3, 5, kernel_size=2)"],
    "04.2": ["[[0, 1], [2, 3]]", "[[4, 5], [7, 8]]", "[[4, 5], [2, 3]]", "row 0, col 1"],
    "04.3": ["nn.ConvTranspose2d(4, 8, kernel_size=3)", "bias"],
    "05.1": ["kernel_size=5", "stride=4", "padding=2", "100", "25", "97"],
    "05.2": ["kernel_size=3", "padding=1", "stride=4", "to 8"],
    "05.3": ["kernel_size=4", "stride=2", "padding=1", "length 7"],
    "06.1": ["length 5", "kernel_size=3", "stride=2", "padding=1", "output_padding=1", "dilation=2"],
    "06.2": ["nn.ConvTranspose2d(4, 6, kernel_size=3, groups=2)"],
    "06.3": ["stride=3", "dilation=1"],
    "07.1": ["4×4", "2×2", "stride 1"],
    "07.2": ["4×4", "2×2", "stride 1"],
    "07.3": ["4×4", "3×3", "stride 2", "padding 1"],
    "08.1": ["kernel_size=3", "padding=1", "stride 1", "dilation 1"],
    "08.2": ["2×2", "stride 3"],
    "08.3": ["[[1, 2], [3, 4]]"],
    "09.1": ["kernel_size=5", "stride=2", "5×5", "padding 0"],
    "09.2": ["stride 3", "at least 4"],
    "09.3": ["kernel_size=8", "stride=2"],
    "10.1": ["stride-4", "×4", "2·stride", "stride/2"],
    "10.2": ["length 16", "stride 4"],
    "10.3": ["factor 4", "bilinear_kernel(4)", "row 1", "column 2"],
}

def _load_oracles():
    """Exercises added later bring their torch expectations in tests/exercise_oracles/<name>.py.

    Each such file defines ``TORCH`` (key -> a function computing the answer with torch only) and
    ``QUESTION_NUMBERS`` (key -> snippets its question must state), exactly like the dicts above.
    """
    for path in sorted((Path(__file__).resolve().parent / "exercise_oracles").glob("*.py")):
        module = importlib.import_module(f"exercise_oracles.{path.stem}")   # as tests/test_summary.py imports it
        assert not set(module.TORCH) & set(TORCH), f"{path.name} redefines {set(module.TORCH) & set(TORCH)}"
        TORCH.update(module.TORCH)
        QUESTION_NUMBERS.update(module.QUESTION_NUMBERS)


_load_oracles()


def _same(kind, got, want):
    if kind == "array":
        return np.shape(got) == np.shape(want) and np.allclose(got, want)
    if kind == "float":
        return abs(got - want) < 1e-9
    if kind == "set":
        return sorted(got) == sorted(want)
    return got == want


# ---------------------------------------------------------------- coverage and expected values

def test_every_notebook_has_two_to_five_exercises():
    assert set(k[:2] for k in KEYS) == set(NOTEBOOKS) == {f"{n:02d}" for n in range(1, len(NOTEBOOKS) + 1)}
    for nb in NOTEBOOKS:
        # a lesson's few (07: three on C, then the weight gradient's shape and numbers); a review quiz more
        assert 2 <= len(keys(nb)) <= (5 if nb <= "10" else 12), (nb, keys(nb))
    assert set(TORCH) == set(KEYS) == set(QUESTION_NUMBERS)


def test_torch_values_match_hand_reasoning():
    for key, value in BY_HAND.items():
        assert _same(EXERCISES[key].kind, torch_expected(key), value), key


@pytest.mark.parametrize("key", KEYS)
def test_expected_answer_matches_torch(key, lang):
    e = EXERCISES[key]
    want = torch_expected(key)
    got = solution(key).answer
    assert _same(e.kind, got, want), f"{key}: helpers give {got!r}, torch gives {want!r}"


@pytest.mark.parametrize("key", KEYS)
def test_question_states_its_numbers(key):
    text = question(key)
    for snippet in QUESTION_NUMBERS[key]:
        assert snippet in text, f"{key}: question does not mention {snippet!r}: {text}"
    assert 1 <= text.count("?") + text.count(". Give") <= 2


@pytest.mark.parametrize("key", KEYS)
def test_solution_has_one_paragraph_explanation(key, lang):
    sol = solution(key)
    assert isinstance(sol.explanation, str) and len(sol.explanation) > (40 if lang == "en" else 15)
    assert "\n" not in sol.explanation
    assert repr(sol).startswith(PHRASES[lang]["answer"])
    assert PHRASES[lang]["answer_label"] in sol._repr_html_()
    answer, explanation = sol
    assert explanation == sol.explanation


@pytest.mark.parametrize("key", KEYS)
def test_registry_entries_are_complete(key, lang):
    e = EXERCISES[key]
    assert e.kind in ("int", "float", "tuple", "set", "array")
    assert 1 <= len(e.hints) <= 2 and all(h.strip() for h in e.hints)
    assert e.notebook.startswith(key[:2] + "_")


# ---------------------------------------------------------------- correct answers in every form

def _correct_forms(kind, want):
    if kind == "int":
        return [want, np.int64(want), np.int32(want), float(want), torch.tensor(want), np.array(want)]
    if kind == "float":
        return [want, np.float64(want), torch.tensor(want, dtype=torch.float64), Fraction(want).limit_denominator(10_000),
                want + 1e-9]
    if kind == "tuple":
        return [tuple(want), list(want), np.array(want), torch.Size(want), torch.tensor(want),
                tuple(np.int64(v) for v in want)]
    if kind == "set":
        return [list(want), tuple(want), list(reversed(want)), np.array(want), torch.tensor(want), set(want)]
    arr = np.asarray(want)
    return [arr.tolist(), arr, arr.astype(np.float32), arr.astype(int), torch.tensor(arr),
            tuple(tuple(row) for row in arr.tolist()), [np.array(row) for row in arr]]


@pytest.mark.parametrize("key", KEYS)
def test_correct_answer_passes_in_every_accepted_form(key, lang):
    e = EXERCISES[key]
    for form in _correct_forms(e.kind, torch_expected(key)):
        result = check(key, form)
        assert result.correct, f"{key}: {form!r} rejected: {result.message}"
        assert result.message.startswith(PHRASES[lang]["correct"])
        assert repr(result).startswith("✓ " + PHRASES[lang]["correct"])
        assert bool(result)


# ---------------------------------------------------------------- wrong answers never reveal the answer

def _forbidden(kind, want):
    """Ways the expected answer could be written in a message."""
    if kind == "int":
        return [re.compile(rf"(?<![\w.]){want}(?![\w.])")]  # a standalone number ("Conv2d" is a name)
    if kind == "float":
        frac = Fraction(want).limit_denominator(1000)
        return [re.compile(re.escape(f"{want:g}".lstrip("0"))),
                re.compile(rf"{frac.numerator}\s*/\s*{frac.denominator}")]
    values = list(want) if kind != "array" else np.asarray(want).astype(int).ravel().tolist()
    if kind == "array":
        texts = [str(np.asarray(want).astype(int).tolist()), str(np.asarray(want).tolist()), str(np.asarray(want))]
        if len(values) == 1:
            return [re.compile(re.escape(t)) for t in texts] + [re.compile(rf"(?<![\w.]){values[0]}(?![\w.])")]
        return [re.compile(re.escape(t)) for t in texts]
    seps = [", ", ",", "×", "x", " × "]
    return [re.compile(re.escape(sep.join(map(str, values)))) for sep in seps]


def _wrong_answers(kind, want):
    if kind == "int":
        return [want + 1, want - 1, want * 2 + 3, want + 0.5, -want - 1]
    if kind == "float":
        return [want + 0.1, want * 2, 0.0]
    if kind == "tuple":
        w = list(want)
        out = [tuple([w[0] + 1] + w[1:]), tuple(w[:-1] + [w[-1] + 1]), tuple(v + 7 for v in w), tuple([0] * len(w))]
        if w[::-1] != w:
            out.append(tuple(w[::-1]))
        return out
    if kind == "set":
        return [want[:-1], want + [want[-1] + 1], [want[0] - 1] + want[1:], [v + 100 for v in want], want + [want[0]]]
    arr = np.asarray(want, dtype=float)
    out = [arr + 1, arr * 0, np.pad(arr, ((0, 1), (0, 0))), np.pad(arr, ((0, 0), (0, 1)))]
    if arr.shape[0] > 1:
        out.append(arr[:-1])
    if not np.array_equal(arr, arr.T):
        out.append(arr.T)
    changed = arr.copy()
    changed[-1, -1] += 5
    out.append(changed)
    return out


def _assert_not_revealing(key, result, lang="en"):
    e = EXERCISES[key]
    want = solution(key).answer
    words = PHRASES[lang]
    assert not result.correct
    if result.answered:
        assert result.message.startswith(words["not_yet"])
        assert repr(result).startswith("✗ " + words["not_yet"])
    else:  # the unanswered stub, check(key, None): a neutral prompt
        assert repr(result).startswith(words["stub"])
    for pattern in _forbidden(e.kind, want):
        assert not pattern.search(result.message), f"{key}: message reveals the answer ({pattern.pattern}): {result.message}"


@pytest.mark.parametrize("key", KEYS)
def test_wrong_answers_fail_without_revealing_the_answer(key, lang):
    e = EXERCISES[key]
    for wrong in _wrong_answers(e.kind, torch_expected(key)):
        for _ in range(3):  # later attempts show the later hints: none may reveal either
            _assert_not_revealing(key, check(key, wrong), lang)


@pytest.mark.parametrize("key", KEYS)
def test_recognised_mistakes_get_their_targeted_hint(key, lang):
    e = EXERCISES[key]
    mistakes = e.mistakes()
    assert mistakes, f"{key}: no recognisable mistakes registered"
    for wrong, hint in mistakes:
        result = check(key, wrong)
        _assert_not_revealing(key, result, lang)
        assert hint in result.message


@pytest.mark.parametrize("key", KEYS)
def test_hints_progress_with_attempts(key, lang):
    e = EXERCISES[key]
    want = torch_expected(key)
    wrong = {"int": lambda: want * 2 + 3, "float": lambda: want + 0.1,
             "tuple": lambda: tuple(v + 7 for v in want), "set": lambda: [v + 100 for v in want],
             "array": lambda: np.asarray(want) + 1}[e.kind]()
    assert e.hints[0] in check(key, wrong).message
    assert e.hints[-1] in check(key, wrong).message
    assert e.hints[-1] in check(key, wrong).message


def test_targeted_hints_for_typical_mistakes():
    assert "crop" in check("02.1", (6, 6)).message                    # the size without the padding crop
    assert "Conv2d's layout" in check("04.1", (5, 3, 2, 2)).message   # Conv2d's weight layout
    assert "one axis" in check("09.1", 3).message                     # the 1-D overlap count
    assert "full output" in check("02.2", _tconv([[0, 1], [2, 3]], [[1, 2], [3, 4]]).numpy()).message
    assert "mirrored" in check("01.1", _tconv([[1, 2], [3, 4]], [[0, 1], [1, 0]]).numpy()).message
    assert "ordinary convolution" in check("01.1", [[5]]).message
    message = check("01.1", np.zeros((2, 3))).message
    assert "2×3" in message and "more rows" in message and "columns" not in message
    message = check("01.1", np.zeros((3, 3))).message
    assert "The shape is right" in message and "cells are off" in message and "row 0, col 0" in message
    assert "every cell is off" in check("01.1", np.full((3, 3), 9)).message


@pytest.mark.parametrize("language, words", [("en", ("padding zeros", "stops too early")), ("zh", ("填充的零", "停得太早"))])
def test_hints_name_the_mistake_behind_07_3_and_11_7(language, words):
    """(4, 36) is C of the zero-padded 6×6 input (padding counted as columns); [4, 8] are the even kernels
    but stops before the range's end (12 = 3·4 is even too)."""
    pad_cols = F.conv2d(torch.zeros(1, 1, 6, 6), torch.zeros(1, 1, 3, 3), stride=2).numel(), 6 * 6
    assert pad_cols == (4, 36)
    set_language(language)
    try:
        got = check("07.3", pad_cols)
        assert not got.correct and words[0] in got.message
        got = check("11.7", [4, 8])
        assert not got.correct and words[1] in got.message
    finally:
        set_language("en")


def _values_mistakes():
    """06.4's and 11.9's typical wrong answers, each made with torch from the mistake it stands for."""
    x, k = [[1, 2], [3, 4]], [[2, 1], [0, 3]]
    kw = dict(stride=2, padding=1, output_padding=1, dilation=2)
    full = _tconv(x, k, stride=2, dilation=2)          # no crop, no output_padding: 5×5
    op0 = _tconv(x, k, stride=2, padding=1, dilation=2)
    mistakes_06 = {
        "no_dilation": _tconv(x, k, stride=2, padding=1, output_padding=1),                 # taps side by side
        "zeros": F.pad(op0, (0, 1, 0, 1)),                                                  # op appends zeros
        "wrong_side": full[:-1, :-1],                                                       # cropped at the bottom
        "no_crop": _tconv(x, k, stride=2, output_padding=1, dilation=2),
        "flip": _tconv(x, torch.flip(torch.tensor(k), [0, 1]).tolist(), **kw),
    }
    x9, k9 = [[2, 1], [1, 3]], [[1, 2, 0], [3, 1, 2], [0, 1, 4]]
    y9 = _tconv(x9, k9, **kw)
    full9 = _tconv(x9, k9, stride=2, dilation=2)
    mistakes_11 = {
        "wrong_side": (int(full9[3, 3]), int(full9[5, 3])),                                 # no top/left crop
        "zeros": (int(y9[3, 3]), 0),                                                        # op row taken as zeros
        "swapped": (int(y9[3, 3]), int(y9[3, 5])),
        "flip": tuple(int(v) for v in _tconv(x9, torch.flip(torch.tensor(k9), [0, 1]).tolist(), **kw)[[3, 5], [3, 3]]),
    }
    return {"06.4": {n: v.numpy() for n, v in mistakes_06.items()}, "11.9": mistakes_11}


def _weight_gradient_mistakes():
    """07.5's typical wrong answers, from torch: the flipped result, X flipped (a true convolution), the
    transpose, and dL/dX (the gradient with respect to the input, by autograd)."""
    x = _t([[1, 2], [3, 1]]).requires_grad_()
    k = _t([[1, 0], [2, 1]]).requires_grad_()
    g = _t([[1, 0, 2], [2, 1, 0], [0, -1, 1]])
    (F.conv_transpose2d(x, k) * g).sum().backward()
    dk = k.grad[0, 0]
    return {"flip": torch.flip(dk, [0, 1]).numpy(),
            "flip_x": F.conv2d(g, torch.flip(x.detach(), [2, 3]))[0, 0].numpy(),
            "transposed": dk.T.numpy(),
            "input_gradient": x.grad[0, 0].numpy()}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_value_and_weight_gradient_exercises_name_each_mistake(language):
    """Issue 19: the common mistakes with stride + padding + output_padding + dilation (forgetting the dilation
    holes, cropping the wrong side, output_padding as zeros or left out, the flipped kernel) and with the weight
    gradient (flipping, dL/dX instead of dL/dK) each get their own hint, in English and Chinese."""
    words = {"en": {("06.4", "no_dilation"): "hole", ("06.4", "zeros"): "not add zeros",
                    ("06.4", "wrong_side"): "wrong side", ("06.4", "no_crop"): "crops",
                    ("06.4", "flip"): "flipped", ("11.9", "wrong_side"): "without the crop",
                    ("11.9", "zeros"): "not zeros", ("11.9", "swapped"): "swapped", ("11.9", "flip"): "flipped",
                    ("07.5", "flip"): "flipped the result", ("07.5", "flip_x"): "flipped X",
                    ("07.5", "transposed"): "swapped", ("07.5", "input_gradient"): "dL/dX",
                    ("07.4", "output"): "output Y", ("07.4", "conv2d_layout"): "Conv2d's",
                    ("07.4", "input"): "shape of x"},
             "zh": {("06.4", "no_dilation"): "空洞", ("06.4", "zeros"): "不是零", ("06.4", "wrong_side"): "裁错",
                    ("06.4", "no_crop"): "裁剪", ("06.4", "flip"): "翻转", ("11.9", "wrong_side"): "没有裁剪",
                    ("11.9", "zeros"): "不是零", ("11.9", "swapped"): "弄反", ("11.9", "flip"): "翻转",
                    ("07.5", "flip"): "把结果翻转", ("07.5", "flip_x"): "把 X 翻转", ("07.5", "transposed"): "弄反",
                    ("07.5", "input_gradient"): "dL/dX", ("07.4", "output"): "输出 Y",
                    ("07.4", "conv2d_layout"): "Conv2d", ("07.4", "input"): "x（"}}[language]
    y_shape = tuple(nn.ConvTranspose2d(2, 3, kernel_size=2)(torch.zeros(1, 2, 4, 4)).shape)
    wrong = _values_mistakes() | {"07.5": _weight_gradient_mistakes(),
                                  "07.4": {"output": y_shape, "conv2d_layout": tuple(nn.Conv2d(2, 3, 2).weight.shape),
                                           "input": (1, 2, 4, 4)}}
    assert {(key, name) for key, table in wrong.items() for name in table} == set(words)
    set_language(language)
    try:
        for (key, name), word in words.items():
            checker._ATTEMPTS.clear()
            result = check(key, wrong[key][name])
            _assert_not_revealing(key, result, language)
            assert word in result.message, (key, name, result.message)
            assert not any(hint in result.message for hint in EXERCISES[key].hints), (key, name, result.message)
    finally:
        set_language("en")


# ---------------------------------------------------------------- answers in the wrong form

@pytest.mark.parametrize("key", KEYS)
def test_strings_are_rejected_never_evaluated(key, tmp_path, lang):
    marker = tmp_path / "evaluated"
    attack = f"__import__('os').system('touch {marker}')"
    for text in (attack, f"open({str(marker)!r}, 'w')", str(solution(key).answer), repr(torch_expected(key)), b"4"):
        result = check(key, text)
        assert not result.correct
        assert PHRASES[lang]["string"] in result.message and PHRASES[lang]["never"] in result.message
        _assert_not_revealing(key, result, lang)
    assert not marker.exists()
    result = check(key, [attack])
    assert not result.correct and not marker.exists()


@pytest.mark.parametrize("key", KEYS)
def test_unreadable_answers_say_what_to_give(key, lang):
    e = EXERCISES[key]
    words = PHRASES[lang]
    for bad in (None, True, object(), {"a": 1}, float("nan"), 1j, [[1, 2], [3]], [[[[[[1]]]]]]):
        result = check(key, bad)
        _assert_not_revealing(key, result, lang)
        assert words["give"] in result.message, f"{key}: {bad!r}: {result.message}"
    if e.kind == "tuple":
        assert words["tuple_of"] in check(key, 3).message
        assert words["tuple_of"] in check(key, list(range(len(torch_expected(key)) + 1))).message
        assert words["whole"] in check(key, [1.5] * len(torch_expected(key))).message
    if e.kind == "array":
        assert words["array"] in check(key, 3).message
        assert words["ragged"] in check(key, [[1, 2], [3]]).message
        assert words["array"] in check(key, [1, 2, 3]).message
    if e.kind in ("int", "float"):
        assert words["single"] in check(key, [1, 2]).message


def test_tensor_and_numpy_scalars_are_read():
    assert check("01.3", torch.tensor(10.0)).correct
    assert check("01.3", np.float32(10.0)).correct
    assert not check("01.3", 10.5).correct
    assert "whole number" in check("01.3", 10.5).message
    assert check("10.3", torch.tensor(0.234375, dtype=torch.float32)).correct
    assert check("04.1", nn.ConvTranspose2d(3, 5, kernel_size=2).weight.shape).correct
    assert check("07.1", torch.zeros(9, 16).shape).correct


def test_set_answers_get_diagnosed():
    assert "missing" in check("05.2", [29, 30]).message
    assert "don't fit" in check("05.2", [28, 29, 30, 31, 32]).message
    assert "once" in check("05.2", [29, 29, 30, 31, 32]).message


# ---------------------------------------------------------------- keys, display

def test_keys_and_lookup():
    assert keys("02") == keys(2) == keys("02_padding") == ["02.1", "02.2", "02.3"]
    assert check("2.1", (4, 4)).correct  # "2.1" is read as "02.1"
    with pytest.raises(ValueError, match="key"):
        check("12.1", 3)
    with pytest.raises(ValueError, match="key"):
        question("2")
    with pytest.raises(ValueError, match="notebook"):
        keys("12")


def test_html_display_escapes_and_marks_the_result():
    good, bad = check("02.1", (4, 4)), check("02.1", "<script>")
    assert "✓" in good._repr_html_() and "02.1" in good._repr_html_()
    assert "✗" in bad._repr_html_() and "<script>" not in bad._repr_html_()


NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"


@pytest.mark.parametrize("path", sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb")), ids=lambda p: p.name)
def test_notebook_exercises_state_the_registered_question(path):
    """A notebook that checks "NN.k" shows that exercise's current question, so its wording cannot go stale."""
    nb = json.loads(path.read_text())
    code = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    shown = "".join("".join(c["source"]) for c in nb["cells"]) + json.dumps([c.get("outputs", []) for c in nb["cells"]])
    used = sorted(set(re.findall(r'check\("(\d\d\.\d)"', code)))
    if path.name.startswith(tuple(f"{n:02d}_" for n in range(1, 11))):
        assert used, f"{path.name} has no exercises"
    for key in used:
        assert key.startswith(path.name[:2]), f"{path.name} checks another notebook's exercise {key}"
        text = question(key)
        assert text in shown or json.dumps(text)[1:-1] in shown, f"{path.name} does not show the question of {key}"


# ---------------------------------------------------------------- the unanswered stub

def _contrast(foreground, background):
    """WCAG contrast ratio of two '#rrggbb' colours."""
    def luminance(hex_colour):
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("key", KEYS)
def test_unanswered_stub_is_a_neutral_prompt(key, lang):
    """`check(key, None)` (what the notebooks ship) asks for an answer: no ✗, no red, no attempt counted."""
    words = PHRASES[lang]
    result = check(key, None)
    assert not result.correct and not result.answered
    assert repr(result).startswith(words["stub_none"])
    assert "✗" not in repr(result) and words["not_yet"].rstrip(" —") not in result.message
    assert words["give"] in result.message  # says in which form to answer
    _assert_not_revealing(key, result, lang)
    page = result._repr_html_()
    assert "✗" not in page and "✎" in page and key in page
    colours = re.findall(r"#[0-9a-fA-F]{6}", page)
    assert colours, page
    for colour in colours:  # grey: no channel stands out (red was #8a1c1c on #fdecea)
        r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
        assert max(r, g, b) - min(r, g, b) <= 40, f"{colour} is not a neutral colour"
    text, background = re.search(r"background:(#\w{6});color:(#\w{6})", page).group(2, 1)
    assert _contrast(text, background) >= 4.5
    assert checker._ATTEMPTS[key] == 0, "an unanswered stub must not count as a wrong attempt (it would skip hints)"


def test_answered_results_keep_their_marks():
    """Only None is neutral: a wrong answer (even 0 or an empty list) is still a red ✗."""
    for answer in (0, [], (0, 0)):
        result = check("02.1", answer)
        assert result.answered and repr(result).startswith("✗ ")
        assert "#8a1c1c" in result._repr_html_()
    assert repr(check("02.1", (4, 4))).startswith("✓ ")


@pytest.mark.parametrize("path", sorted(NOTEBOOK_DIR.glob("*.ipynb")), ids=lambda p: p.name)
def test_committed_stubs_show_the_neutral_prompt(path):
    """The saved output of every `check(key, None)` stub is the prompt, never a red ✗ box."""
    nb = json.loads(path.read_text())
    for index, cell in enumerate(nb["cells"]):
        source = "".join(cell["source"])
        if cell["cell_type"] != "code" or not re.search(r"^answer = None\b", source, re.M):
            continue
        shown = json.dumps(cell.get("outputs", []), ensure_ascii=False)
        assert "✎ Your answer here" in shown, f"{path.name} cell {index}: stub output is not the prompt"
        assert "✗" not in shown and "#8a1c1c" not in shown, f"{path.name} cell {index}: stub shows a red ✗"


# ---------------------------------------------------------------- answers a student tried

def test_huge_numbers_get_a_clear_message_not_an_overflow():
    """check("10.3", 10**400) raised OverflowError in the float comparison."""
    for key, answer in (("10.3", 10 ** 400), ("10.3", -10 ** 400), ("10.3", Fraction(10 ** 400, 3)), ("10.3", 1e300),
                        ("01.3", 10 ** 400), ("02.1", (10 ** 400, 4)), ("01.1", [[10 ** 400] * 3] * 3)):
        result = check(key, answer)
        _assert_not_revealing(key, result)
        assert "far too large" in result.message and "Give " in result.message, result.message


def test_a_float_near_miss_is_told_to_give_the_value_exactly():
    """0.234 and 0.2344 for 10.3 were told to "work out the tent's values" though the method was right."""
    want = torch_expected("10.3")
    for close in (0.234, 0.2344, round(want, 3), want * (1 + 1e-3), want * (1 - 1.5e-2)):
        result = check("10.3", close)
        _assert_not_revealing("10.3", result)
        assert "Close" in result.message and "exactly" in result.message, result.message
        assert not any(hint in result.message for hint in EXERCISES["10.3"].hints)
    for far in (want * 1.5, 0.5, 0.0):
        assert "Close" not in check("10.3", far).message
    for tent_value, hint in EXERCISES["10.3"].mistakes():  # a recognised mistake keeps its own hint
        assert hint in check("10.3", tent_value).message
    assert check("10.3", 15 / 64) and check("10.3", Fraction(15, 64))   # exact forms pass
    text = check("10.3", "15/64")                                     # text is still never parsed
    assert not text and "Remove the quotes" in text.message


def test_a_near_miss_only_applies_to_float_answers():
    assert "Close" not in check("05.2", [29, 30, 31, 33]).message
    assert "Close" not in check("04.3", torch_expected("04.3") + 1).message


def test_a_batched_torch_result_is_told_to_take_index_0_0():
    """An answer pasted from tconv(x) (shape (1, 1, H, W)) where a 2-D grid is expected: told to take [0, 0]."""
    x = _t([[1, 2], [3, 4]])
    weight = nn.Parameter(_t([[1, 0], [0, 1]]))        # requires_grad, as a layer's weight has
    y = F.conv_transpose2d(x, weight)                   # (1, 1, 3, 3) with a grad_fn
    result = check("01.1", y)
    _assert_not_revealing("01.1", result)
    assert "[0, 0]" in result.message and "(1, 1, 3, 3)" in result.message and "batch and channel" in result.message
    result = check("01.1", y[0])
    assert "[0]" in result.message and "channel axis" in result.message and "[0, 0]" not in result.message
    assert check("01.1", y[0, 0]) and check("01.1", y.detach().numpy()[0, 0])
    assert "batch" not in check("01.1", np.zeros((2, 1, 3, 3))).message  # not a single result: plain "4-dimensional"


def test_answers_that_require_grad_are_read():
    layer = nn.ConvTranspose2d(3, 5, kernel_size=2)
    assert check("04.1", layer.weight.shape) and check("04.1", torch.tensor(layer.weight.shape))
    assert check("01.3", torch.tensor(10.0, requires_grad=True))
    assert check("01.3", torch.tensor(5.0, requires_grad=True) * 2)           # non-leaf, with grad_fn
    assert check("08.3", nn.Parameter(torch.tensor([[4.0, 3.0], [2.0, 1.0]])))
    assert check("10.3", torch.tensor(0.375, requires_grad=True) * 0.625)
    assert not check("08.3", nn.Parameter(torch.tensor([[1.0, 2.0], [3.0, 4.0]])))


def test_issue_12_wording():
    assert "a = 1 − i and b = 1 − j" in EXERCISES["01.3"].hints[1] and "one − i" not in EXERCISES["01.3"].hints[1]
    worked = solution("01.1").explanation
    assert "All four copies cover the centre" in worked and "shared by two" not in worked
    # 05.1's second hint guides to the formula without doing the subtraction for the reader
    second = EXERCISES["05.1"].hints[1]
    assert "difference" not in second and "97" not in second and "output_padding" in second


# ---------------------------------------------------------------- layout: engine, bank, texts

HELPERS = Path(__file__).resolve().parents[1] / "helpers"


def test_one_bank_module_and_one_text_file_per_notebook():
    for nb in NOTEBOOKS:
        assert (HELPERS / "bank" / f"nb{nb}.py").exists(), nb
        text = i18n._load("en", nb)
        assert sorted(text) == keys(nb), f"helpers/texts/en/{nb}.toml has texts for {sorted(text)}, bank {keys(nb)}"
        for key, entry in text.items():
            assert {"question", "hints", "explain", "what"} <= set(entry), key


@pytest.mark.parametrize("key", KEYS)
def test_explanations_fill_every_placeholder(key, lang):
    assert "{" not in solution(key).explanation and "}" not in solution(key).explanation.replace("{}", "")


def test_texts_follow_the_language_with_english_fallback(tmp_path, monkeypatch):
    """A translation file replaces what it has, entry by entry; everything else stays English."""
    for name in ("01", "checker"):
        (tmp_path / "en").mkdir(exist_ok=True)
        (tmp_path / "en" / f"{name}.toml").write_bytes((HELPERS / "texts" / "en" / f"{name}.toml").read_bytes())
    (tmp_path / "zh").mkdir()
    (tmp_path / "zh" / "01.toml").write_text('["01.2"]\nquestion = "问题二"\n["01.2".mistakes]\nconv2d = "普通卷积"\n',
                                            encoding="utf-8")
    (tmp_path / "zh" / "checker.toml").write_text('not_yet_hint = "还不对 — 提示：{hint}"\n', encoding="utf-8")
    english_question, english_hints = question("01.2"), EXERCISES["01.2"].hints
    monkeypatch.setattr(i18n, "TEXT_DIR", tmp_path)
    i18n._load.cache_clear()
    i18n._texts.cache_clear()
    try:
        set_language("zh")
        assert question("01.2") == "问题二" and EXERCISES["01.2"].hints == english_hints
        assert question("01.1") == EXERCISES["01.1"].text["question"].strip() and "3×3 output" in question("01.1")
        assert check("01.2", (2, 2)).message == "还不对 — 提示：普通卷积"
        assert "same_size" not in EXERCISES["01.2"].text["mistakes"]["same_size"]  # English, not missing
        set_language("en")
        assert question("01.2") == english_question
    finally:
        set_language("en")
        i18n._load.cache_clear()
        i18n._texts.cache_clear()


# ---------------------------------------------------------------- questions as Markdown, written from the bank

def _exercise_markdown_tool():
    from tools import exercise_markdown
    return exercise_markdown


# Notebooks whose exercise questions are Markdown cells written by tools/exercise_markdown.py.
MARKDOWN_QUESTIONS = [p for p in sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb")) if "01" <= p.name[:2] <= "10"]  # 11 states its quiz its own way (tests/test_summary.py)


@pytest.mark.parametrize("path", MARKDOWN_QUESTIONS, ids=lambda p: p.name)
def test_exercise_questions_are_markdown_cells_equal_to_the_bank(path):
    tool = _exercise_markdown_tool()
    nb = nbformat.read(path, as_version=4)
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    used = sorted(set(re.findall(r'check\("(\d\d\.\d)"', code)))
    assert used
    for key in used:
        assert f"**Exercise {key}.** {question(key)}" in markdown, f"{path.name}: no Markdown cell states {key}"
    assert "question(" not in code.replace("from helpers.exercises import check, question", "")
    again = tool.render(nbformat.read(path, as_version=4))
    assert [c.source for c in again.cells] == [c.source for c in nb.cells], \
        f"{path.name}: run tools/exercise_markdown.py on it"


def test_exercise_markdown_tool_converts_the_printed_layout():
    """The older printed layout (a label cell + print(question(...))) becomes one Markdown cell per question."""
    tool = _exercise_markdown_tool()
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    nb = nbformat.v4.new_notebook(cells=[
        md("# Title"), code("x = 1"),
        md("## Exercises\n\nPredict.\n\n**Exercise 04.1**"), md("notes", metadata={"slideshow": {"slide_type": "notes"}}),
        code('print(question("04.1"))'), code('answer = None\ncheck("04.1", answer)'),
        md("**04.2**: a blurb", metadata={"slideshow": {"slide_type": "subslide"}}),
        code('print(question("04.2"))\nanswer = None\ncheck("04.2", answer)'),
        md("## Explorer"), code('print(question("04.3"))'),
    ])
    cells = tool.render(nb).cells
    assert [c.source for c in cells] == [
        "# Title", "x = 1", "## Exercises\n\nPredict.", "notes",
        f"**Exercise 04.1.** {question('04.1')}", 'answer = None\ncheck("04.1", answer)',
        f"**Exercise 04.2.** {question('04.2')}", 'answer = None\ncheck("04.2", answer)',
        "## Explorer", 'print(question("04.3"))']   # outside the section: untouched
    assert cells[4].metadata["slideshow"] == {"slide_type": "subslide"}
    assert [c.source for c in tool.render(nb).cells] == [c.source for c in cells]   # idempotent


@pytest.mark.parametrize("language", ["en", "zh"])
def test_05_texts_use_05s_form_of_the_size_formulas(language):
    """05 writes (n − 1)·s − 2p + k + output_padding and ⌊(n + 2p − k) / s⌋ + 1, without dilation (06
    introduces it): no question, hint, mistake or solution of 05 may switch to the d·(k − 1) form."""
    set_language(language)
    try:
        table = i18n.texts("05")
        shown = [solution(key).explanation for key in keys("05")]
        for key in keys("05"):
            entry = table[key]
            shown += [entry["question"], *entry["hints"], *entry.get("mistakes", {}).values()]
            wrong = [w for w, _ in EXERCISES[key].mistakes()]
            shown += [check(key, w).message for w in wrong]
        for text in shown:
            assert not re.search(r"\d·\(\d+ − 1\)|d·\(k − 1\)", text), text
            assert "dilation" not in text and "膨胀" not in text, text
    finally:
        set_language("en")


# ---------------------------------------------------------------- targeted hints, pairs written by hand

from golden import expected as _golden, params as _golden_params, shown as _shown  # noqa: E402


def _first_message(key, answer):
    from helpers import checker
    checker._ATTEMPTS.clear()
    return check(key, answer).message


# Each typical mistake worked out by hand from the question (not from the bank's ``wrong()``), with the
# message it must get in tests/golden/sentences.toml [hints].
GOLDEN_HINTS = {
    # 01.1: X = [[1, 2], [3, 4]], K = identity; Conv2d would slide K over X: 1·1 + 4·1 = 5
    "01.1_conv2d": lambda: _first_message("01.1", [[5]]),
    # the scatter with K mirrored to [[0, 1], [1, 0]]
    "01.1_mirrored": lambda: _first_message("01.1", [[0, 1, 2], [1, 5, 4], [3, 4, 0]]),
    "01.2_conv2d": lambda: _first_message("01.2", (2, 2)),          # 3×3 conv 2×2 shrinks to 2×2
    "01.2_same_size": lambda: _first_message("01.2", (3, 3)),
    "01.3_dot_product": lambda: _first_message("01.3", 0 * 1 + 1 * 2 + 2 * 3 + 3 * 4),
    "04.1_conv2d_layout": lambda: _first_message("04.1", (5, 3, 2, 2)),
    "04.3_no_bias": lambda: _first_message("04.3", 4 * 8 * 3 * 3),
    "04.3_bias_per_input": lambda: _first_message("04.3", 4 * 8 * 3 * 3 + 4),
}


@pytest.mark.parametrize("name, language", _golden_params(GOLDEN_HINTS, "hints"))
def test_typical_mistake_gets_its_own_hint(name, language):
    assert _shown(GOLDEN_HINTS[name], language) == _golden("hints")[name][language]
