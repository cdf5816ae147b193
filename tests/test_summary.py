"""Notebook 11 (summary): its quiz bank 11.1–11.9 against torch, its three views against torch, its
place in the series' navigation, and the printable cheat sheet (self-contained, at most two A4 pages).

The quiz's keys 11.x are checked with every other exercise in tests/test_exercises.py (expected answers
from torch, accepted forms, wrong answers, hints, stubs); here: its answers reasoned by hand, and the
notebook shows each registered question.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys

import nbformat
import numpy as np
import pytest
import torch.nn.functional as F
from conftest import NOTEBOOK_DIR, ROOT, tt
from exercise_oracles.nb11_summary import QUESTION_NUMBERS
from exercise_oracles.nb11_summary import TORCH as TORCH_11

from helpers import exercises as ex
from helpers.cheatsheet import three_views

NB11 = NOTEBOOK_DIR / "11_summary.ipynb"
KEYS = [f"11.{k}" for k in range(1, 10)]


# ---------------------------------------------------------------- the quiz bank
# tests/test_exercises.py runs every exercise key, 11.x included (its torch oracles for 11 are in
# tests/exercise_oracles/nb11_summary.py): expected answers, accepted forms, wrong answers, hints, stubs.
# Here only what is particular to 11: its nine keys and their answer kinds, and answers reasoned by hand.

def _t(a):
    return tt(a, batch=True)


BY_HAND = {"11.1": (1, 4, 9, 9), "11.3": 1, "11.4": (6, 3, 2, 2), "11.5": (25, 4), "11.6": 2, "11.7": [4, 8, 12],
           "11.8": 40,
           # 11.9: Y[r, c] is the full grid's (r + 1, c + 1); 2i + 2a = 4 and 2j + 2b = 4 meet four copies,
           # 2i + 2a = 6 (i = 1, a = 2) with 2j + 2b = 4 two: x10·K22 + x11·K21
           "11.9": (2 * 4 + 1 * 1 + 1 * 2 + 3 * 1, 1 * 4 + 3 * 1)}


def _same(kind, got, want):
    if kind == "array":
        return np.shape(got) == np.shape(want) and np.allclose(got, want)
    if kind == "set":
        return sorted(got) == sorted(want)
    return got == want


def test_torch_values_match_hand_reasoning():
    for key, value in BY_HAND.items():
        assert _same(ex.EXERCISES[key].kind, TORCH_11[key](), value), key


def test_notebook_11_is_registered_with_its_nine_exercises():
    assert ex.NOTEBOOKS["11"] == "11_summary"
    assert ex.keys("11") == KEYS == sorted(TORCH_11) == sorted(QUESTION_NUMBERS)
    assert {ex.EXERCISES[k].kind for k in KEYS} >= {"int", "tuple", "set", "array"}


# ---------------------------------------------------------------- the notebook

def _nb():
    return nbformat.read(NB11, as_version=4)


def test_notebook_shows_each_registered_question_in_markdown_and_checks_it():
    nb = _nb()
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert sorted(set(re.findall(r'check\("(\d\d\.\d+)", answer\)', code))) == KEYS
    for key in KEYS:
        assert any(f"**Quiz {key}.** {ex.question(key)}" == m.strip() for m in markdown), key
    for cell in nb.cells:   # committed stubs show the neutral prompt, never a red ✗
        if cell.cell_type == "code" and re.search(r"^answer = None\b", cell.source, re.M):
            shown = json.dumps(cell.outputs, ensure_ascii=False)
            assert "✎ Your answer here" in shown and "✗" not in shown


def test_navigation_links_10_to_11_and_the_index_lists_11():
    last_10 = nbformat.read(NOTEBOOK_DIR / "10_upsampling_in_practice.ipynb", as_version=4).cells[-1].source
    assert "(11_summary.ipynb)" in last_10
    index = nbformat.read(NOTEBOOK_DIR / "00_index.ipynb", as_version=4)
    contents = next(c.source for c in index.cells if c.source.startswith("## The notebooks"))
    assert "| 11 | [Summary: cheat sheet and quiz](11_summary.ipynb) |" in contents
    last_11 = _nb().cells[-1].source
    assert "(10_upsampling_in_practice.ipynb)" in last_11 and "(00_index.ipynb)" in last_11


@pytest.mark.parametrize("stride, padding", [(1, 0), (2, 0), (2, 1), (3, 1), (3, 2)])
def test_three_views_equal_torch(stride, padding):
    rng = np.random.default_rng(stride * 10 + padding)
    for n, k in [(2, 2), (3, 3), (4, 3)]:
        x, kernel = rng.integers(-4, 5, (n, n)).astype(float), rng.integers(-4, 5, (k, k)).astype(float)
        if (n - 1) * stride + k - 2 * padding < 1:
            continue
        want = F.conv_transpose2d(_t(x), _t(kernel), stride=stride, padding=padding)[0, 0].numpy()
        views = three_views(x, kernel, stride, padding)
        for y in views[:3]:
            np.testing.assert_allclose(y, want)
        n_out = want.shape[0]
        assert views.C.shape == (n * n, n_out * n_out)
        conv = F.conv2d(_t(want), _t(kernel), stride=stride, padding=padding)[0, 0].numpy()
        np.testing.assert_allclose(views.C @ want.ravel(), conv.ravel())   # C is Conv2d's matrix


def test_three_views_cell_shows_torch_agreeing():
    out = "".join(o.get("text", "") for c in _nb().cells if c.cell_type == "code" and "three_views(" in c.source
                  for o in c.outputs)
    for name in ("scatter", "matrix Cᵀ", "zero insertion"):
        assert re.search(rf"{name}\s+equals torch: True", out), out
    assert "False" not in out


# ---------------------------------------------------------------- the printable cheat sheets (English and Chinese)

# Per edition: its notebook, the headings the sheet must hold, <html lang>, a word of its <title>, the start of
# the notebook's navigation line (never on paper) and what the footer names.
SHEETS = {
    "en": (NB11, ("Cheat sheet 1", "Cheat sheet 2", "The output-size formula", "Three views", "Upsampling recipes"),
           "en", "cheat sheet", "[← Previous", "Generated from notebooks/11_summary.ipynb"),
    "zh": (NOTEBOOK_DIR / "zh" / "11_summary.ipynb", ("速查表 1", "速查表 2", "输出大小公式", "三种视角", "上采样配方"),
           "zh-CN", "速查表", "[← 上一篇", "由 notebooks/zh/11_summary.ipynb 生成"),
}
CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei"]


@pytest.fixture(scope="module", params=sorted(SHEETS))
def sheet(request, tmp_path_factory):
    """(language, the sheet written by tools/cheatsheet.py --lang language)."""
    out = tmp_path_factory.mktemp(f"sheet-{request.param}") / "cheatsheet.html"
    subprocess.run([sys.executable, str(ROOT / "tools" / "cheatsheet.py"), "--lang", request.param,
                    "-o", str(out)], check=True, cwd=ROOT, capture_output=True)
    return request.param, out


def test_cheatsheet_is_self_contained_and_holds_the_computed_outputs(sheet):
    lang, path = sheet
    notebook, headings, _, _, _, _ = SHEETS[lang]
    page = path.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|iframe|object|embed)\b", page, re.I)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page.replace(
        'href="https://www.cnblogs.com/sxq-blog/p/16689306.html"', ""), re.I), "something would be fetched"
    assert not re.search(r"url\(\s*['\"]?(?!#)", page) and "@import" not in page   # url(#hatch): in-file patterns
    nb = nbformat.read(notebook, as_version=4)
    tagged = [c for c in nb.cells if "cheatsheet" in c.metadata.get("tags", [])]
    assert len(tagged) >= 10
    for cell in tagged:
        for output in cell.get("outputs", []):
            for line in output.get("text", "").splitlines():
                assert re.sub(r"\s+", " ", line.strip()).replace("&", "&amp;") in re.sub(r"[ \t]+", " ", page), line
    assert page.count("<svg") >= 2 and page.count("data:image/png;base64,") >= 2
    for heading in headings:
        assert heading in page


def test_cheatsheet_speaks_its_language_and_drops_the_navigation(sheet):
    lang, path = sheet
    notebook, _, html_lang, title_word, navigation, footer = SHEETS[lang]
    page = path.read_text(encoding="utf-8")
    assert f'<html lang="{html_lang}">' in page
    assert title_word in re.search(r"<title>(.*?)</title>", page).group(1)
    tagged = "".join(c.source for c in nbformat.read(notebook, as_version=4).cells
                     if "cheatsheet" in c.metadata.get("tags", []))
    assert navigation in tagged and navigation not in page, "the notebook's navigation line is printed"
    assert "00_index.ipynb" not in page
    assert footer in re.search(r'<p class="source">(.*?)</p>', page).group(1)
    body_fonts = [f.strip().strip('"') for f in re.search(r"body \{ font-family: ([^;]+);", page).group(1).split(",")]
    if lang == "zh":   # the Simplified Chinese fonts of each system come first, then the generic family
        assert body_fonts == CJK_FONTS + ["sans-serif"], body_fonts
        assert "../11_summary.ipynb" not in page   # the link to the English original belongs to the navigation
        assert "Generated from" not in page and "Cheat sheet" not in page
    else:
        assert not set(body_fonts) & set(CJK_FONTS) and not re.search(r"[\u4e00-\u9fff]", page)


@pytest.mark.browser
def test_cheatsheet_prints_on_at_most_two_a4_pages(sheet, tmp_path):
    lang, path = sheet
    pdf = tmp_path / "sheet.pdf"
    subprocess.run(["/usr/bin/chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", path.as_uri()],
                   check=True, capture_output=True, timeout=120)
    data = pdf.read_bytes()
    pages = re.findall(rb"/Type\s*/Page(?![s\w])", data)
    boxes = {tuple(round(float(v)) for v in m) for m in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)}
    assert 1 <= len(pages) <= 2, f"the {lang} cheat sheet prints on {len(pages)} pages"
    assert boxes == {(595, 842)}, f"not A4 (595×842 pt): {boxes}"


@pytest.mark.browser
def test_chinese_sheet_is_drawn_with_a_simplified_chinese_font(browser, tmp_path):
    """Chromium (as it prints) draws the zh sheet's headings, table cells and footer in a Simplified Chinese font.

    (Chromium falls back to a CJK font for Han characters by itself; with the CJK family first in the CSS,
    the Latin letters and digits of a Chinese line come from the same font, so the line is of one piece.)"""
    out = tmp_path / "cheatsheet-zh.html"
    subprocess.run([sys.executable, str(ROOT / "tools" / "cheatsheet.py"), "--lang", "zh", "-o", str(out)],
                   check=True, cwd=ROOT, capture_output=True)
    page = browser.new_page()
    try:
        page.goto(out.as_uri())
        cdp = page.context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        for selector in ("h2", "td:nth-child(2)", "p.source"):
            node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
            text = page.locator(selector).first.inner_text()
            used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            # the CJK font comes first, so it draws every glyph, Latin letters and digits included
            assert re.search(r"[\u4e00-\u9fff]", text) and used, selector
            assert all(f["familyName"] in CJK_FONTS for f in used), f"{selector} {text!r}: Chromium used {used}"
    finally:
        page.close()
