"""helpers.quiz and tools/quiz.py: fresh exercise variants whose answers torch confirms.

Each question states its numbers in ``params``; the checks below recompute every answer from those
numbers with torch (layers, autograd-free functional calls, or the definition itself), never with
helpers. Seeds give the same quiz every time, different seeds different quizzes, no answer equals the
notebook exercise's (so solutions.ipynb cannot answer it), and every number a question needs is in its text.
"""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from conftest import tt
from helpers import exercises
from helpers.captions import fmt
from helpers.quiz import VARIANTS, answer_key, markdown, quiz, variant

ROOT = Path(__file__).resolve().parents[1]
SEEDS = range(40)


_t = tt   # conftest: float64 tensor


def _tconv(x, k, **kw):
    """One-channel transposed convolution by torch: (H, W), (kH, kW) -> (H', W')."""
    return F.conv_transpose2d(_t(x)[None, None], _t(k)[None, None], **kw)[0, 0].numpy()


def _tconv_len(n, k, s=1, p=0, op=0, d=1):
    """Output length along one axis, from running a torch layer on a 1×n input."""
    layer = nn.ConvTranspose1d(1, 1, k, stride=s, padding=p, output_padding=op, dilation=d, bias=False)
    return layer(torch.zeros(1, 1, n)).shape[-1]


def _conv_len(n, k, s=1, p=0):
    return nn.Conv1d(1, 1, k, stride=s, padding=p)(torch.zeros(1, 1, n)).shape[-1]


def _refuses(fn) -> bool:
    try:
        fn()
    except RuntimeError:
        return True
    return False


def _conv_matrix(k, h, w, s=1, p=0):
    """C with vec(conv2d(X, K)) = C·vec(X), column by column from torch on unit images."""
    eye = torch.eye(h * w, dtype=torch.float64).reshape(h * w, 1, h, w)
    return F.conv2d(eye, _t(k)[None, None], stride=s, padding=p).reshape(h * w, -1).T.numpy()


def _ones_counts(n, k, s):
    return F.conv_transpose2d(torch.ones(1, 1, n, n), torch.ones(1, 1, k, k), stride=s)[0, 0]


def _interior(k, s):
    """Overlap counts away from the border (k cells in) of a large input of ones."""
    return _ones_counts(4 * k, k, s)[k:-k, k:-k]


def _bilinear(f):
    """FCN / d2l's bilinear_kernel, written from its definition (not from helpers)."""
    size = 2 * f - f % 2
    center = f - 1 if size % 2 == 1 else f - 0.5
    og = torch.arange(size, dtype=torch.float64)
    tent = 1 - torch.abs(og - center) / f
    return torch.outer(tent, tent)


def _torch_answer(key: str, q):
    """The answer to quiz question ``q`` (a variant of exercise ``key``), computed with torch."""
    P = q.params
    if key == "01.1":
        return _tconv(P["X"], P["K"])
    if key == "01.2":
        return (_tconv_len(P["H"], P["k"]), _tconv_len(P["W"], P["k"]))
    if key == "01.3":
        return _tconv(P["X"], P["K"])[P["row"], P["col"]]
    if key == "02.1":
        m = _tconv_len(P["n"], P["k"], p=P["p"])
        return (m, m)
    if key == "02.2":
        return _tconv(P["X"], P["K"], padding=1)
    if key == "02.3":  # torch returns an empty tensor when the crop leaves exactly 0, and refuses below
        x, w = torch.zeros(1, 1, P["n"], P["n"]), torch.zeros(1, 1, P["k"], P["k"])
        ok = [p for p in range(50)
              if not _refuses(lambda: F.conv_transpose2d(x, w, stride=P["s"], padding=p))
              and F.conv_transpose2d(x, w, stride=P["s"], padding=p).numel() > 0]
        return max(ok)
    if key == "03.1":
        m = _tconv_len(P["n"], P["k"], s=P["s"])
        return (m, m)
    if key == "03.2":
        return next(s for s in range(1, 50) if _ones_counts(2, P["k"], s).max() == 1)
    if key == "03.3":
        return _tconv(P["X"], P["K"], stride=P["s"])
    if key in ("04.1", "06.2"):
        layer = nn.ConvTranspose2d(P["in_channels"], P["out_channels"], P["k"], groups=P.get("groups", 1))
        return tuple(layer.weight.shape)
    if key == "04.2":
        x = torch.stack([_t(P["x0"]), _t(P["x1"])])[None]
        w = torch.stack([_t(P["K0"]), _t(P["K1"])])[:, None]
        only = torch.zeros_like(x)
        r, c = P["row"], P["col"]
        only[0, :, r, c] = x[0, :, r, c]
        return F.conv_transpose2d(only, w)[0, 0, r:r + 2, c:c + 2].numpy()
    if key == "04.3":
        layer = nn.ConvTranspose2d(P["in_channels"], P["out_channels"], P["k"], bias=P["bias"])
        return sum(t.numel() for t in layer.parameters())
    if key == "05.1":
        m = _conv_len(P["n"], P["k"], P["s"], P["p"])
        return next(op for op in range(P["s"]) if _tconv_len(m, P["k"], P["s"], P["p"], op) == P["n"])
    if key == "05.2":
        return [n for n in range(1, 200) if n + 2 * P["p"] >= P["k"] and _conv_len(n, P["k"], P["s"], P["p"]) == P["m"]]
    if key == "05.3":
        return _tconv_len(P["n"], P["k"], P["s"], P["p"])
    if key == "06.1":
        return _tconv_len(P["n"], P["k"], P["s"], P["p"], P["op"], P["d"])
    if key == "06.3":
        x, w = torch.zeros(1, 1, 3, 3), torch.zeros(1, 1, 2, 2)
        ok = [op for op in range(20) if not _refuses(lambda: F.conv_transpose2d(
            x, w, stride=P["s"], output_padding=op, dilation=P["d"]))]
        return max(ok)
    if key == "06.4":
        return _tconv(P["X"], P["K"], stride=P["s"], padding=P["p"], output_padding=P["op"], dilation=P["d"])
    if key == "07.4":  # a backward pass through the layer, then the gradient's shape
        layer = nn.ConvTranspose2d(P["in_channels"], P["out_channels"], P["k"])
        y = layer(torch.rand(1, P["in_channels"], P["n"], P["n"]))
        (y * torch.rand_like(y)).sum().backward()
        return tuple(layer.weight.grad.shape)
    if key == "07.5":  # dL/dK by autograd, L = Σ G ⊙ conv_transpose2d(X, K)
        k = _t(P["K"])[None, None].requires_grad_()
        y = F.conv_transpose2d(_t(P["X"])[None, None], k, stride=P["s"])
        (y * _t(P["G"])[None, None]).sum().backward()
        return k.grad[0, 0].numpy()
    if key == "07.1":
        return _conv_matrix(np.ones((P["k"], P["k"])), P["H"], P["W"]).shape
    if key == "07.2":
        return int(np.count_nonzero(_conv_matrix(np.arange(1, P["k"] ** 2 + 1).reshape(P["k"], P["k"]), P["H"], P["W"])))
    if key == "07.3":
        return _conv_matrix(np.ones((P["k"], P["k"])), P["n"], P["n"], P["s"], P["p"]).shape
    if key == "08.1":  # the pad with which a direct convolution of the flipped kernel equals the transposed one
        k, d = P["k"], P["d"]
        n = 3 * k * d  # an input big enough for any padding the layer allows
        x, w = torch.rand(1, 1, n, n, dtype=torch.float64), torch.rand(1, 1, k, k, dtype=torch.float64)
        want = F.conv_transpose2d(x, w, padding=P["p"], dilation=d)

        def direct(pad):
            try:
                return F.conv2d(F.pad(x, (pad,) * 4), w.flip(2, 3), dilation=d)
            except RuntimeError:  # the padded input is still smaller than the dilated kernel
                return None

        return next(pad for pad in range(40) if (y := direct(pad)) is not None
                    and y.shape == want.shape and torch.allclose(y, want))
    if key == "08.2":  # zero insertion is a transposed convolution with a 1×1 kernel of one
        x = torch.ones(1, 1, P["H"], P["W"])
        return tuple(F.conv_transpose2d(x, torch.ones(1, 1, 1, 1), stride=P["s"]).shape[-2:])
    if key == "08.3":
        k = _t(P["K"])
        x = torch.rand(1, 1, 4, 4, dtype=torch.float64)
        n = k.shape[0] - 1
        assert torch.allclose(F.conv2d(F.pad(x, (n,) * 4), k.flip(0, 1)[None, None]),
                              F.conv_transpose2d(x, k[None, None]))
        return k.flip(0, 1).numpy()
    if key == "09.1":
        return int(_ones_counts(P["n"], P["k"], P["s"]).max())
    if key == "09.2":
        return next(k for k in range(P["low"], 100) if _interior(k, P["s"]).unique().numel() == 1)
    if key == "09.3":
        inner = _interior(P["k"], P["s"])
        assert inner.unique().numel() == 1
        return int(inner.max())
    if key == "10.1":  # the recipe names the pair; torch confirms it magnifies exactly s times
        s = P["s"]
        k, p = 2 * s, s // 2
        assert _tconv_len(16, k, s, p) == 16 * s
        return (k, p)
    if key == "10.2":
        return _tconv_len(P["n"], 2 * P["s"], P["s"], P["s"] // 2)
    if key == "10.3":
        return float(_bilinear(P["factor"])[P["row"], P["col"]])
    if key == "10.4":  # the generator's layers run in torch, one shape per layer
        y, rows = torch.zeros(1, *P["z"]), []
        for c_in, c_out, k, s, p in P["layers"]:
            y = nn.ConvTranspose2d(c_in, c_out, k, stride=s, padding=p)(y)
            rows.append(list(y.shape[1:]))
        return np.array(rows)
    raise AssertionError(f"no torch check for {key}")


def _equal(kind, got, want) -> bool:
    if kind == "array":
        want = np.asarray(want, dtype=float)
        return got.shape == want.shape and np.allclose(got, want)
    if kind == "float":
        return abs(got - float(want)) < 1e-9
    if kind == "set":
        return list(got) == sorted(int(v) for v in want)
    if kind == "tuple":
        return tuple(got) == tuple(int(v) for v in want)
    return got == int(round(float(want)))


def test_every_exercise_of_01_to_10_has_a_variant():
    assert sorted(VARIANTS) == sorted(k for k in exercises.keys() if k[:2] <= "10")  # 11 is a review quiz itself
    assert [q.key for q in quiz(0)] == list(VARIANTS)


@pytest.mark.parametrize("key", list(VARIANTS))
def test_answers_equal_torch_for_many_seeds(key):
    for seed in SEEDS:
        q = variant(key, seed)
        assert q.kind == exercises.EXERCISES[key].kind
        want = _torch_answer(key, q)
        assert _equal(q.kind, q.answer, want), f"{key} seed {seed}: {q.text} -> {q.answer}, torch {want}"


@pytest.mark.parametrize("key", list(VARIANTS))
def test_no_variant_is_answered_by_the_solutions(key):
    original = exercises.solution(key).answer
    for seed in SEEDS:
        q = variant(key, seed)
        assert not _equal(q.kind, q.answer, original), f"{key} seed {seed} has the notebook's answer {original}"


def _numbers(value):
    """The numbers a parameter holds, as the text prints them."""
    if isinstance(value, (bool, np.bool_)):
        return []
    return [str(int(v)) if float(v).is_integer() else f"{v:g}" for v in np.ravel(np.asarray(value, dtype=float))]


@pytest.mark.parametrize("key", list(VARIANTS))
def test_every_question_states_all_it_needs(key):
    """Each parameter's numbers appear in the text, so the answer is fixed by what the student reads."""
    for seed in SEEDS:
        q = variant(key, seed)
        text_numbers = re.findall(r"\d+(?:\.\d+)?", q.text)
        for name, value in q.params.items():
            for number in _numbers(value):
                assert number in text_numbers, f"{key} seed {seed}: {name}={value} is not stated in {q.text!r}"
        if "bias" in q.params:
            assert ("bias=False" in q.text) != q.params["bias"]
        assert "{" not in q.text and "None" not in q.text
        if q.kind == "set":
            assert q.answer and "all" in q.text.lower()


def test_same_seed_same_quiz_and_different_seeds_differ():
    first, again = quiz(11), quiz(11)
    assert [(q.text, fmt(q.answer, exact=True)) for q in first] == [(q.text, fmt(q.answer, exact=True)) for q in again]
    texts = {seed: tuple(q.text for q in quiz(seed)) for seed in range(12)}
    assert len(set(texts.values())) == len(texts)
    for a in range(4):  # two quizzes share at most a few questions (some skills have few variants)
        for b in range(a + 1, 5):
            same = sum(x == y for x, y in zip(texts[a], texts[b]))
            assert same <= 6, (a, b, same)


def test_a_question_depends_only_on_seed_and_key():
    whole = {q.key: q.text for q in quiz(5)}
    part = quiz(5, ["02", 3])
    assert [q.key for q in part] == [k for k in VARIANTS if k[:2] in ("02", "03")]
    assert all(whole[q.key] == q.text for q in part)


@pytest.mark.parametrize("bad", [-1, 1.5, "7", True, None])
def test_bad_seed_is_refused_with_its_name(bad):
    with pytest.raises(ValueError, match="seed"):
        quiz(bad)


def test_unknown_notebook_is_refused():
    with pytest.raises(ValueError, match="notebooks must be among"):
        quiz(1, ["12"])


def test_a_notebook_without_variants_is_refused_not_an_empty_sheet():
    """11's exercises mix 01–10 and have no variant: asking for 11 alone used to print a sheet with no question."""
    assert not any(key.startswith("11.") for key in VARIANTS)
    with pytest.raises(ValueError, match=r"notebooks: 11 has no quiz variant.*pick from 01–10"):
        quiz(1, ["11"])
    with pytest.raises(ValueError, match="notebooks: 11"):
        quiz(1, ["01", "11"])
    run = subprocess.run([sys.executable, "tools/quiz.py", "--notebooks", "11"], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 2 and run.stdout == "" and "--notebooks" not in run.stdout
    assert "notebooks: 11 has no quiz variant" in run.stderr and "Traceback" not in run.stderr
    assert len(quiz(1)) == len(VARIANTS)                                   # the default still covers 01–10


def test_sheet_has_no_answers_and_key_has_them_all():
    questions = quiz(3)
    sheet, key = markdown(questions, 3), answer_key(questions, 3)
    assert len(re.findall(r"^\d+\. ", sheet, re.M)) == len(questions) == len(re.findall(r"^\d+\. ", key, re.M))
    for number, q in enumerate(questions, 1):
        assert f"{number}. **{fmt(q.answer, exact=True)}**" in key
        assert q.working not in sheet


def test_make_quiz_prints_the_sheet_then_the_key():
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "quiz.py"), "--seed", "4", "--notebooks", "01", "02"],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    sheet, _, key = run.stdout.partition("# Answer key")
    assert sheet.startswith("# Quiz") and "page-break-after" in sheet
    assert len(re.findall(r"^\d+\. ", sheet, re.M)) == 6 == len(re.findall(r"^\d+\. ", key, re.M))
    assert run.stdout == subprocess.run([sys.executable, "tools/quiz.py", "--seed", "4", "--notebooks", "01", "02"],
                                        capture_output=True, text=True, check=True, cwd=ROOT).stdout
    bad = subprocess.run([sys.executable, "tools/quiz.py", "--seed", "-2"], capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2 and "seed" in bad.stderr and "Traceback" not in bad.stderr


def test_quiz_uses_only_public_names_of_other_modules():
    """helpers/quiz.py builds on the exercises' public API (bank.common, checker), not on private helpers."""
    tree = ast.parse((ROOT / "helpers" / "quiz.py").read_text(encoding="utf-8"))
    imported = [alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names]
    assert "tconv" in imported and "fmt" in imported
    assert not [name for name in imported if name.startswith("_")], imported
