"""The helpers in Chinese (``set_language("zh")``): every explorer kind labels its controls in Chinese and
still draws only numbers torch computes; every English exercise text has its Chinese counterpart; the
tools write the Chinese exercise cells and solutions notebook in step with the English ones.

The explorer sweep reuses tests/test_explorers_<kind>.py's and tests/test_animation.py's checks (which
compare against torch) by import: each state is drawn in Chinese, then redrawn in English and checked
there, and the Chinese picture and sentence must carry exactly the numbers of the checked English ones
(the same multiset: Chinese word order may move a number within a sentence, never change or drop it).
The controls' labels and the Play / ◀ / ▶ words are drawn by the browser from the explorer's ``ctx``
(made in the language current when the explorer was made): they are checked there.
"""
from __future__ import annotations

import re
import string
import tomllib
import xml.etree.ElementTree as ET
from html import unescape

import nbformat
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from conftest import ROOT

import test_animation as TA
import test_explorers_matrix as TM
import test_explorers_overlap as TO
import test_explorers_scatter as TS
import test_explorers_shape as TSH
import test_explorers_upsample as TU
from helpers import captions, explorers as W, operations, set_language, shapes
from oracle import NS
from helpers.i18n import get_language
from test_editions import ZH_DIR, ZH_PREAMBLE, edition_differences

from tools import exercise_markdown, make_solutions

CJK = re.compile(r"[\u4e00-\u9fff]")
CHINESE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")   # characters or full-width punctuation
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
TEXTS = ROOT / "helpers" / "texts"


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


# ---------------------------------------------------------------- explorers in Chinese

def _labels(e):
    """Every text a control shows in the browser (from ``e.ctx``): each control's label, and for an explorer
    with a Play control (a copies or step control) the Play's words and the step buttons'."""
    texts = e.ctx["texts"]
    found = [texts[f"widgets.label.{name}"] for name in e.sliders]
    if "step" in e.sliders or isinstance(e, W.base.Stepping):
        found += [texts[i] for i in ("widgets.play_start", "widgets.play_stop", "widgets.step_back",
                                     "widgets.step_forward", "widgets.step_back_tip", "widgets.step_forward_tip")]
    return found


def _svg_numbers(html):
    """Sorted numbers the picture draws: every SVG <text> that is a number (cells, indices, counts, "×2" marks;
    the sentence under it is compared on its own), or all of the HTML's text for ShapeExplorer."""
    if html.startswith("<svg"):
        texts = [t.text for t in ET.fromstring(html).iter(NS + "text")
                 if t.text and re.fullmatch(r"[×x]?-?\d+(?:\.\d+)?", t.text.strip())]
    else:
        texts = [unescape(re.sub(r"<[^>]+>", " ", html))]
    return sorted(float(n) for t in texts for n in NUMBER.findall(t.replace("\u00a0", " ")))


def _numbers(text):
    return sorted(float(n) for n in NUMBER.findall(unescape(re.sub(r"<[^>]+>", " ", text))))


def _svg_numbers_in_place(html):
    """The numbers the picture draws in document order (each SVG <text> that is a number; the layout may
    shift with the words' widths, the order of the cells may not), or the HTML's numbers in reading order
    for ShapeExplorer: the same cells carry the same numbers in both languages, not merely the same multiset."""
    if html.startswith("<svg"):
        return [t.text.strip() for t in ET.fromstring(html).iter(NS + "text")
                if t.text and re.fullmatch(r"[×x]?-?\d+(?:\.\d+)?", t.text.strip())]
    return NUMBER.findall(unescape(re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " "))


def _formulas_kept(english, chinese):
    """The formulas of an English sentence (``Y[1, 2] = 3``, ``16 ≠ 17``) missing from the Chinese one."""
    from golden import same_formulas
    return same_formulas(unescape(re.sub(r"<[^>]+>", " ", english)), unescape(re.sub(r"<[^>]+>", " ", chinese)),
                         NUMBER)


def _drawn(e):
    """What the explorer shows now: picture, sentence, and what is above and below the picture (ScatterExplorer's
    formula and readout)."""
    return e.svg, e.sentence, [e.above, e.below]


def _redraw(e, language):
    """Compute ``e``'s current state again in ``language`` (Python draws in the current language; its results
    are kept per state, so they are dropped first)."""
    set_language(language)
    e._cache = None


def _in_both_languages(e, check_english):
    """Draw ``e``'s current state in Chinese, then in English (checked against torch by ``check_english``);
    the Chinese must show the same numbers and sentences with Chinese in them."""
    _redraw(e, "zh")
    assert e.message == "", e.message
    zh_picture, zh_sentence, zh_extra = _drawn(e)
    zh_output = None if e.output is None else np.array(e.output, copy=True)
    _redraw(e, "en")
    check_english(e)
    en_picture, en_sentence, en_extra = _drawn(e)
    if zh_output is not None:
        np.testing.assert_array_equal(zh_output, e.output)
    assert _svg_numbers(zh_picture) == _svg_numbers(en_picture), "the Chinese picture shows other numbers"
    assert _svg_numbers_in_place(zh_picture) == _svg_numbers_in_place(en_picture), "numbers moved in the picture"
    assert _numbers(zh_sentence) == _numbers(en_sentence), (zh_sentence, en_sentence)
    assert not _formulas_kept(en_sentence, zh_sentence), (en_sentence, zh_sentence)
    for zh, en in zip(zh_extra, en_extra):
        assert _numbers(zh) == _numbers(en), (zh, en)
        assert not _formulas_kept(en, zh), (en, zh)
    if re.search(r"\b[a-z]{4,}\b", en_sentence):    # words, not only a sum such as "28 = 0·2 + 1·2"
        assert CJK.search(zh_sentence), f"sentence not in Chinese: {zh_sentence!r}"
    return zh_picture, zh_sentence


def _zh(make):
    set_language("zh")
    e = make()
    assert e.ctx["lang"] == "zh"
    labels = _labels(e)
    assert labels and all(CJK.search(label) for label in labels), f"{type(e).__name__}: labels {labels}"
    return e


def test_scatter_explorer_in_chinese():
    e = _zh(lambda: W.ScatterExplorer(controls=TS.ALL))
    states = []
    configs = [dict(input_size=2, kernel_size=2, stride=1, padding=0),
               dict(input_size=3, kernel_size=3, stride=2, padding=1, output_padding=1),
               dict(input_size=2, kernel_size=2, stride=2, dilation=2, output_padding=1),
               dict(in_channels=2, out_channels=2, groups=2, input_size=3, kernel_size=2, stride=2, padding=1)]
    for config in configs:
        set_language("en")
        e.set(**config)
        for step in sorted({0, 1, e.sliders["step"].max}):   # copies added one at a time: "grid shows k of n"
            e.sliders["step"].value = step
            picture, _ = _in_both_languages(e, lambda ex: TS.check_scatter_state(ex, states))
            assert "完整网格" in picture, "the SVG's panel titles are Chinese"
            assert not re.search(r'class="cap"[^>]*>[，。：；、）]', picture), "no line starts with closing punctuation"
    assert len(states) >= 10


def test_scatter_readout_without_copies_in_chinese():
    set_language("zh")
    text = captions.sum_text(0, [])
    assert text == "0 (没有卷积核副本落到这一格)"


def test_shape_explorer_in_chinese():
    e = _zh(W.ShapeExplorer)

    def check(ex):
        v = ex.params
        n, k, s, p, d, op = (v[name] for name in ("size", "kernel_size", "stride", "padding", "dilation",
                                                  "output_padding"))
        m, back = TSH.torch_shape_chain(n, k, s, p, d, op)
        assert ex.output["conv"] == m and ex.output["transposed"] == back
        TSH.check_shape_html(ex.svg, n, m, back, k, s, p, d)

    for n, k, s, p, d, op in [(16, 5, 3, 2, 1, 0), (17, 5, 3, 2, 1, 1), (18, 5, 3, 2, 1, 0), (8, 3, 2, 1, 2, 1)]:
        set_language("en")
        e.set(size=n, kernel_size=k, stride=s, padding=p, dilation=d, output_padding=op)
        html, _ = _in_both_languages(e, check)
        assert "Conv2d 的输出" in html and "种输入大小" in html
    # a setting the transposed convolution refuses: the sentence says so in Chinese
    set_language("zh")
    e.set(size=1, kernel_size=1, stride=5, padding=3, dilation=1, output_padding=0)
    assert e.output is None and "Conv2d 接受这组设置" in e.message and "Traceback" not in e.svg


def test_overlap_explorer_in_chinese():
    e = _zh(W.OverlapExplorer)
    states = []
    for n, k, s, p in [(4, 3, 2, 0), (4, 4, 2, 1), (1, 2, 1, 0), (3, 2, 3, 0), (5, 3, 3, 1)]:
        set_language("en")
        e.set(input_size=n, kernel_size=k, stride=s, padding=p)
        picture, _ = _in_both_languages(e, lambda ex: TO.check_overlap_state(ex, states))
        assert "重叠次数" in picture
    set_language("zh")
    e.set(input_size=4, kernel_size=3, stride=2, padding=0)
    assert e.sentence.startswith("不均匀：") and "棋盘效应" in e.sentence


def test_matrix_explorer_in_chinese():
    e = _zh(W.MatrixExplorer)
    rng = np.random.default_rng(7)
    states = []
    for n, k, s, p, pick in [(3, 2, 1, 0, 0), (4, 3, 2, 1, 3), (5, 2, 3, 0, 1)]:
        set_language("en")
        e.set(input_size=n, kernel_size=k, stride=s, padding=p, pick=pick)
        picture, sentence = _in_both_languages(e, lambda ex: TM.check_matrix_state(ex, states, rng))
        assert sentence.startswith("C 的第") and "X（C 的列）" in picture and "Y（C 的行）" in picture


def test_upsample_explorer_in_chinese():
    e = _zh(W.UpsampleExplorer)
    assert e.sliders["method"].options == list(operations.UPSAMPLE_METHODS), "values stay the code's"

    def check(ex):
        f, method = ex.params["factor"], ex.params["method"]
        np.testing.assert_allclose(ex.output, TU.torch_upsample(ex.image_array, f, method).numpy(), atol=1e-12)

    for method in operations.UPSAMPLE_METHODS:
        for f in (1, 2, 3):
            set_language("en")
            e.set(method=method, factor=f)
            picture, _ = _in_both_languages(e, check)
            assert "放大：红框部分" in picture


def test_own_numbers_explorer_in_chinese():
    e = _zh(W.OwnNumbersExplorer)
    assert CJK.search(e.above), "the hint above the picture"
    states = []
    for x, k, s in [("0 1; 2 3", "4 7; 2 2", 1), ("1 2 3; 4 5 6", "1 -1", 2)]:
        set_language("en")
        e.set(x_rows=x, k_rows=k, stride=s)
        _in_both_languages(e, lambda ex: TS.check_scatter_state(ex, states))
    set_language("zh")
    with pytest.raises(ValueError, match="X 的各行：第 2 行有 1 个数，但第 1 行有 2 个数"):
        e.set(x_rows="1 2; 3")
    e.x_rows = "1 2; x"           # typed in the box: a Chinese sentence in the picture, never a traceback
    assert "不是数" in e.message and "Traceback" not in e.svg


def test_matrix_step_explorer_in_chinese():
    e = _zh(W.MatrixStepExplorer)
    texts = e.ctx["texts"]
    assert texts["widgets.step_back"] == "◀ 上一步" and texts["widgets.step_forward"] == "下一步 ▶"
    for n, k, s, p in [(3, 2, 1, 0), (4, 3, 2, 1)]:
        set_language("en")
        e.set(input_size=n, kernel_size=k, stride=s, padding=p, pick=0)
        for _ in range(e.sliders["pick"].max + 1):
            _in_both_languages(e, TA.check_matrix_step)
            set_language("en")
            e.step_by(1)
    _redraw(e, "zh")
    assert e.sentence.startswith("第 ") and "步，共" in e.sentence


def test_sliding_window_explorer_in_chinese():
    e = _zh(W.SlidingWindowExplorer)
    for n, k, s, p, op in [(2, 2, 2, 0, 0), (3, 3, 2, 1, 1)]:
        set_language("en")
        e.set(input_size=n, kernel_size=k, stride=s, output_padding=op, padding=p, position=0)
        for _ in range(e.sliders["position"].max + 1):
            _in_both_languages(e, TA.check_window_step)
            set_language("en")
            e.step_by(1)


def test_explorer_refusals_are_chinese():
    set_language("zh")
    e = W.OverlapExplorer()
    with pytest.raises(ValueError, match="超出了滑块当前的范围.*所有控件都保持原样"):
        e.set(stride=99)
    with pytest.raises(ValueError, match="在这个探索器里，input_size 必须在 1 到 8 之间"):
        W.OverlapExplorer(input_size=9)
    with pytest.raises(ValueError, match="padding=.* 对这个转置卷积来说太大了"):
        shapes.conv_transpose_output_size(2, 2, 1, 5)
    y = F.conv_transpose2d(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 2, 2), padding=1)
    assert y.shape[-1] == shapes.conv_transpose_output_size(2, 2, 1, 1), "numbers unchanged in Chinese"


def test_figure_titles_and_notes_are_chinese():
    import matplotlib
    matplotlib.use("Agg")
    from helpers import figures
    set_language("zh")
    x, w = np.arange(4.0).reshape(1, 2, 2), np.array([[[[4.0, 7.0], [2.0, 2.0]]]])
    fig = figures.plot_scatter(x, w, padding=1)
    texts = [t.get_text() for ax in fig.axes for t in [ax.title, *ax.texts]]
    assert "Y = 求和" in texts and "灰色：被填充裁掉" in texts
    matplotlib.pyplot.close(fig)


# ---------------------------------------------------------------- exercise texts: no English without Chinese

def _fields(text):
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name)


def _leaves(table, prefix=""):
    """{dotted key: string} of every string (and every list item) in a TOML table."""
    out = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_leaves(value, name + "."))
        elif isinstance(value, list):
            out.update({f"{name}[{i}]": v for i, v in enumerate(value) if isinstance(v, str)})
        elif isinstance(value, str):
            out[name] = value
    return out


def _load(language, stem):
    with (TEXTS / language / f"{stem}.toml").open("rb") as f:
        return tomllib.load(f)


ZH_NOTEBOOK_STEMS = sorted(p.name[:2] for p in ZH_DIR.glob("[0-9][0-9]_*.ipynb")
                           if (TEXTS / "en" / f"{p.name[:2]}.toml").exists())
# the engine's sentences always; every notebook that has a Chinese edition
EXERCISE_TEXTS = ["checker"] + ZH_NOTEBOOK_STEMS


@pytest.mark.parametrize("stem", EXERCISE_TEXTS)
def test_every_english_exercise_text_has_chinese(stem):
    """en keys ⊆ zh keys (every table, every list item), the same {fields}, and Chinese words."""
    assert (TEXTS / "zh" / f"{stem}.toml").exists(), (
        f"notebooks/zh/ has notebook {stem} but helpers/texts/zh/{stem}.toml is missing")
    en, zh = _leaves(_load("en", stem)), _leaves(_load("zh", stem))
    missing = sorted(set(en) - set(zh))
    assert not missing, f"texts/zh/{stem}.toml lacks: {missing}"
    for key, text in en.items():
        assert _fields(zh[key]) == _fields(text), f"{stem}.toml {key}: fields {_fields(zh[key])} ≠ {_fields(text)}"
        words = set(re.findall(r"[A-Za-z_]{3,}", re.sub(r"\{[^}]*\}", "", text))) - {"the"}
        # Chinese words, or only names kept as they are (e.g. what = "output_padding" for "the output_padding")
        assert CHINESE.search(zh[key]) or all(w in zh[key] for w in words), (
            f"{stem}.toml {key} is not Chinese: {zh[key]!r}")


def test_the_checker_is_complete_in_chinese():
    en, zh = _leaves(_load("en", "checker")), _leaves(_load("zh", "checker"))
    assert set(zh) == set(en), "checker.toml: the same entries in both languages, no stale Chinese ones"


def test_the_language_is_read_when_checking_not_at_import():
    from helpers.exercises import check
    set_language("en")
    assert repr(check("01.1", None)).startswith("✎ Your answer here")
    set_language("zh")
    assert repr(check("01.1", None)).startswith("✎ 在这里写你的答案")
    assert repr(check("01.1", "x")).startswith("✗ 还不对——这是文本（字符串）")
    set_language("en")
    assert repr(check("01.1", "x")).startswith("✗ Not yet — That's text")


# ---------------------------------------------------------------- the tools in Chinese

def test_make_solutions_zh_is_the_english_notebook_translated():
    english, chinese = make_solutions.build("en"), make_solutions.build("zh")
    assert edition_differences(english, chinese) == []
    setup = next(c for c in chinese.cells if c.cell_type == "code")
    assert setup.source.startswith(ZH_PREAMBLE)
    assert chinese.cells[-1].source == "[目录](00_index.ipynb)" and "../solutions.ipynb" in chinese.cells[0].source
    assert get_language() == "en", "building the Chinese notebook leaves the language as it was"
    committed = nbformat.read(ROOT / "notebooks" / "solutions.ipynb", as_version=4)
    assert [c.source for c in english.cells] == [c.source for c in committed.cells], "English unchanged"


def test_exercise_markdown_writes_chinese_questions(tmp_path):
    english = nbformat.read(ROOT / "notebooks" / "02_padding.ipynb", as_version=4)
    chinese = nbformat.read(ROOT / "notebooks" / "02_padding.ipynb", as_version=4)
    heading = next(c for c in chinese.cells if c.source.startswith("## Exercises"))
    heading.source = heading.source.replace("## Exercises", "## 练习", 1)
    for cell in chinese.cells:
        cell.source = re.sub(r"^\*\*Exercise (\d\d\.\d+)\.\*\* .*", r"**练习 \1.** 旧的题目", cell.source, flags=re.S)
    folder = tmp_path / "zh"
    folder.mkdir()
    path = folder / "02_padding.ipynb"
    nbformat.write(chinese, path)
    assert exercise_markdown.language_of(path) == "zh"
    assert exercise_markdown.main(["--check", str(path)]) == 1
    assert exercise_markdown.main([str(path)]) == 0 and exercise_markdown.main(["--check", str(path)]) == 0
    written = nbformat.read(path, as_version=4)
    assert len(written.cells) == len(english.cells)
    set_language("zh")
    from helpers.exercises import question
    questions = [c.source for c in written.cells if c.source.startswith("**练习 ")]
    assert questions == [f"**练习 {k}.** {question(k)}" for k in ("02.1", "02.2", "02.3")][:len(questions)]
    assert len(questions) >= 2


def test_zh_exercise_cells_equal_the_zh_bank():
    """What tests/test_exercises.py asks of the English notebooks 01–09: in every Chinese one there is, the
    exercise questions are the bank's Chinese text (texts/zh/NN.toml)."""
    stale = []
    for path in sorted(ZH_DIR.glob("0[1-9]_*.ipynb")):
        rendered = exercise_markdown.render(nbformat.read(path, as_version=4), "zh")
        committed = nbformat.read(path, as_version=4)
        if [c.source for c in rendered.cells] != [c.source for c in committed.cells]:
            stale.append(str(path.relative_to(ROOT)))
    assert not stale, f"run `python tools/exercise_markdown.py {' '.join(stale)}`"


@pytest.mark.parametrize("stem", EXERCISE_TEXTS)
def test_chinese_exercise_texts_put_each_value_where_the_english_does(stem):
    """Every exercise text and engine sentence rendered with a different number per field: each formula
    of the English (``row 101, col 202`` has none; ``101×202`` has one) is unchanged in the Chinese."""
    from golden import distinct_values, same_formulas
    en, zh = _leaves(_load("en", stem)), _leaves(_load("zh", stem))
    bad = {}
    for key, text in en.items():
        values = distinct_values(text)
        if len(values) >= 2 and key in zh:
            missing = same_formulas(text.format(**values), zh[key].format(**values))
            if missing:
                bad[key] = missing
    assert not bad, f"{stem}.toml: swapped or moved values in the Chinese: {bad}"
