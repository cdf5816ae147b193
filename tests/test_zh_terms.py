"""The Chinese edition says one thing one way (issue 19, "A Chinese reader").

Checked in what a Chinese reader reads: the markdown cells of notebooks/zh/*.ipynb (code spans
removed) and every sentence of helpers/texts/zh/*.toml. Expectations come from the issue's findings
and from the labels the explorers really show (helpers/texts/zh/widgets.toml ``[label]``), not from the
files under test: one term per concept, the glossary's entries, controls named by their Chinese
labels, 0-based row/column numbers that say so, the Chinese cheat sheet's make target.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
ZH = sorted((ROOT / "notebooks" / "zh").glob("*.ipynb"))
TEXTS = sorted((ROOT / "helpers" / "texts" / "zh").glob("*.toml"))

# variant -> the term the edition uses instead
FORBIDDEN = {"分散叠加": "散布", "种子文章": "原博文", "步长": "步幅", "伪影": "棋盘效应",
             "花纹": "图案", "尺寸": "大小", "笔记本": "notebook",
             "输出单元": "输出格", "输入单元": "输入格"}
# 反卷积 (deconvolution) is a common but misleading name: it may appear only where the line warns about it
MISLEADING = "反卷积"
WARNS = re.compile(r"误导|撤销|抵消|不是|逆")
# 单元格 is a notebook cell; a cell of a drawn grid is a 单元 (or 格)
GRID_CELL = re.compile(r"(白色|中心|角上|边上|输出|输入|共享|点选|选中)单元格|单元格(里的条纹|的和|上落)")
GLOSSARY_WARNING = "⚠"


def _code_free(markdown: str) -> str:
    markdown = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    return re.sub(r"`[^`]*`", " ", markdown)


def _markdown(path):
    nb = nbformat.read(path, as_version=4)
    return [(i, _code_free(c.source)) for i, c in enumerate(nb.cells) if c.cell_type == "markdown"]


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _texts():
    for path in TEXTS:
        for s in _strings(tomllib.loads(path.read_text(encoding="utf-8"))):
            yield path.name, s


def _term_problems(where, text):
    out = []
    for line in text.splitlines():
        if GLOSSARY_WARNING in line:      # the glossary line that explains a misleading name
            continue
        out += [f"{where}: {bad!r} (use {good}): {line.strip()[:90]}" for bad, good in FORBIDDEN.items() if bad in line]
        if MISLEADING in line and not WARNS.search(line):
            out.append(f"{where}: {MISLEADING!r} without a warning that it is misleading: {line.strip()[:90]}")
        out += [f"{where}: 单元格 for a grid cell (use 单元): {m.group(0)}" for m in GRID_CELL.finditer(line)]
    return out


def test_the_term_rule_catches_each_variant_and_spares_the_glossary_warning():
    for bad in FORBIDDEN:
        assert _term_problems("x", f"这里写了{bad}。")
    assert _term_problems("x", "白色单元格表示这份副本没有落到那里")
    assert not _term_problems("x", "运行下面的单元格；每个输出格收到几份副本？")
    assert not _term_problems("x", "⚠ **反卷积**：这个名字有误导性。")
    assert _term_problems("x", "这一层也叫反卷积。")
    assert not _term_problems("x", "这一层有时被称为反卷积，但它并不能撤销一次卷积。")


@pytest.mark.parametrize("path", ZH, ids=lambda p: p.stem)
def test_zh_markdown_uses_one_term_per_concept(path):
    problems = [p for i, text in _markdown(path) for p in _term_problems(f"{path.name}[{i}]", text)]
    assert not problems, "\n".join(problems)


def test_zh_helper_texts_use_one_term_per_concept():
    problems = [p for name, s in _texts() for p in _term_problems(name, s)]
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- the glossary

def _glossary():
    text = nbformat.read(ROOT / "notebooks" / "zh" / "00_index.ipynb", as_version=4)
    return "\n".join(c.source for c in text.cells if c.cell_type == "markdown" and "术语对照" in c.source)


@pytest.mark.parametrize("zh, en, notebook", [("散布", "scatter", "01"), ("插零", "zero insertion", "08"),
                                             ("像素重排", "pixel shuffle", "10"), ("跳跃连接", "skip connection", "05"),
                                             ("逐通道", "channel", "04"), ("反卷积", "deconvolution", "05")])
def test_glossary_has_the_term_with_its_english_and_its_notebook(zh, en, notebook):
    rows = [line for line in _glossary().splitlines() if line.startswith(f"| {zh}")]
    assert rows, f"the glossary in 00_index has no row for {zh}"
    assert en in rows[0].lower(), rows[0]
    if zh != "反卷积":
        assert notebook in rows[0], rows[0]


def test_glossary_warns_that_deconvolution_is_not_the_inverse():
    warning = [line for line in _glossary().splitlines() if GLOSSARY_WARNING in line and "反卷积" in line
               and not line.startswith("|")]
    assert warning, "no warning line for 反卷积"
    assert "不是" in warning[0] and "逆" in warning[0] and "05_shape_inverse.ipynb" in warning[0], warning[0]


# ---------------------------------------------------------------- controls by the labels the reader sees

def _labels(language):
    data = tomllib.loads((ROOT / "helpers" / "texts" / language / "widgets.toml").read_text(encoding="utf-8"))
    return data["label"]


def test_no_english_control_label_in_zh_prose():
    english = {v for k, v in _labels("en").items() if v != k}  # labels that are not the parameter's own name
    english |= {"play", "pick row / col"}
    assert "copies added" in english and "out channels" in english
    problems = []
    for path in ZH:
        nb = nbformat.read(path, as_version=4)
        problems += [f"{path.name}[{i}]: {m.group(0)!r}" for i, c in enumerate(nb.cells) if c.cell_type == "markdown"
                     for m in re.finditer(r"`[^`]+`\s*滑块", c.source)]   # a parameter's name is no slider's label
        for i, text in _markdown(path):
            for label in english:
                if re.search(rf"(?<![A-Za-z_]){re.escape(label)}(?![A-Za-z_])", text):
                    problems.append(f"{path.name}[{i}]: {label!r}")
            problems += [f"{path.name}[{i}]: {m.group(0)!r}" for m in re.finditer(r"滑块\s*[A-Za-z_]+|[A-Za-z_]+\s*滑块", text)]
    assert not problems, "controls named in English, which the Chinese explorer never shows:\n" + "\n".join(problems)


def _explorer_cells(path):
    """The markdown cells of the explorer section: from its heading (## 探索器) to the end."""
    cells = _markdown(path)
    start = next((n for n, (i, text) in enumerate(cells) if text.lstrip().startswith("## 探索器")), None)
    return [] if start is None else cells[start:]


@pytest.mark.parametrize("path", [p for p in ZH if p.stem[:2].isdigit()], ids=lambda p: p.stem)
def test_bold_control_names_near_an_explorer_are_the_zh_labels(path):
    from helpers.operations import UPSAMPLE_METHODS
    steps = tomllib.loads((ROOT / "helpers" / "texts" / "zh" / "widgets.toml").read_text(encoding="utf-8"))
    allowed = set(_labels("zh").values()) | set(UPSAMPLE_METHODS) | {steps["step_back"], steps["step_forward"]}
    bad = [f"{path.name}[{i}]: **{b}**" for i, text in _explorer_cells(path)
           for b in re.findall(r"\*\*([^*]+)\*\*", text) if b.removeprefix("▶ ") not in allowed]
    assert not bad, "bold names that are no label of the zh explorers:\n" + "\n".join(bad)


def test_play_and_copies_labels_exist_in_zh():
    labels = _labels("zh")
    assert labels["play"] == "播放" and labels["step"] == "已叠加副本"  # what the prose quotes


# ---------------------------------------------------------------- numbers, commands, links, wording

def test_a_0_based_row_number_says_so():
    """第 1 行 reads as the top row to a Chinese reader: a cell with a literal row number ≥ 1 says it counts
    from 0 (从 0 数起/开始数), or counts from 第 0 行 itself. Code comments (translated) count as prose."""
    problems = []
    for path in ZH:
        cells = nbformat.read(path, as_version=4).cells
        comments = [(i, "\n".join(line for line in c.source.splitlines() if line.lstrip().startswith("#")))
                    for i, c in enumerate(cells) if c.cell_type == "code"]
        for i, text in _markdown(path) + comments:
            hit = re.search(r"第 ?[1-9][0-9–\-]* ?行", text)
            if hit and "从 0" not in text and not re.search(r"第 ?0 ?行", text):
                problems.append(f"{path.name}[{i}]: {text[max(hit.start() - 40, 0):hit.end() + 20]}")
    assert not problems, "\n".join(problems)


def test_checker_and_caption_row_numbers_say_they_count_from_0():
    from helpers import set_language
    from helpers.captions import output_padding_note
    from helpers.i18n import tr
    set_language("zh")
    try:
        off = tr("checker.diagnose.cells_off", n=1, size=9, row=1, col=1)
        note = output_padding_note(1, [5], [5])
    finally:
        set_language("en")
    assert "[1, 1]" in off and "从 0" in off and "第 1 行" not in off, off
    assert "从 0" in note and "第 5 行" not in note, note


def test_summary_names_the_chinese_cheat_sheet_target():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^cheatsheet-zh:", makefile, re.M)
    nb = nbformat.read(ROOT / "notebooks" / "zh" / "11_summary.ipynb", as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "make cheatsheet-zh" in text
    assert "英文版速查表" not in text.replace("`make cheatsheet` 生成英文版", "")


def test_d2l_zh_transposed_convolution_chapter_is_linked():
    url = "https://zh.d2l.ai/chapter_computer-vision/transposed-conv.html"
    linked = [p.name for p in ZH if url in "".join(c.source for c in nbformat.read(p, as_version=4).cells)]
    assert {"00_index.ipynb", "01_basic_operation.ipynb"} <= set(linked), linked


@pytest.mark.parametrize("phrase", ["供数", "下去和回来", "0 上画 1", "大的往返，用卷积自己的权重"])
def test_awkward_phrases_are_gone(phrase):
    found = [f"{p.name}[{i}]" for p in ZH for i, text in _markdown(p) if phrase in text]
    assert not found, f"{phrase!r} in {found}"


def test_translating_guide_says_the_edition_is_complete():
    guide = (ROOT / "docs" / "translating.md").read_text(encoding="utf-8")
    assert "still to do" not in guide and "is not yet" not in guide


@pytest.mark.parametrize("path", ZH, ids=lambda p: p.stem)
def test_zh_code_comments_use_one_term_per_concept(path):
    """The ``#`` comments a translator may translate follow the same terms."""
    nb = nbformat.read(path, as_version=4)
    problems = [p for i, c in enumerate(nb.cells) if c.cell_type == "code"
                for line in c.source.splitlines() if "#" in line
                for p in _term_problems(f"{path.name}[{i}]", line.split("#", 1)[1])]
    assert not problems, "\n".join(problems)
