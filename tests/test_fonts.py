"""helpers.fonts: Chinese renders in Matplotlib figures and in the explorers' SVGs, Latin text as before.

Matplotlib: a figure titled "转置卷积" drawn through ``helpers.figures`` raises no missing-glyph
warning, each character is drawn from Noto Sans SC (the subset in helpers/fontdata/), and the four drawn
characters differ from each other and from the box Matplotlib draws for a character no font has.
Latin text renders pixel for pixel as without the fallback. The subset holds every CJK character of the
Chinese edition and of helpers' texts, and draws them as the full font does. Browser: Chromium (Debian's, with
Debian's fonts-noto-cjk that .ci/run installs, as a reader's system has its own CJK fonts) draws an
SVG with the Chinese family list using a Simplified Chinese CJK font for all four glyphs;
the screenshot goes to artifacts/fonts/ (git-ignored).
"""
from __future__ import annotations

import io
import warnings
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT

from helpers import fonts, i18n

WORD = "转置卷积"
SHOTS = ROOT / "artifacts" / "fonts"


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_language("en")


def test_the_shipped_font_file_has_the_glyphs_and_its_licence():
    from fontTools.ttLib import TTFont
    path = fonts.cjk_font_path()
    assert path == ROOT / "helpers" / "fontdata" / "NotoSansSC-Regular-subset.otf", path
    assert path.stat().st_size < 2_000_000, "the subset should stay small (tools/font_subset.py)"
    font = TTFont(path, lazy=True)
    assert font["name"].getDebugName(1) == fonts.CJK_FAMILY
    assert "Open Font License" in font["name"].getDebugName(13)
    cmap = font.getBestCmap()
    text = WORD + "填充步幅多通道输出膨胀分组棋盘效应，。（）：" + "0123456789"
    assert not [ch for ch in text if ord(ch) not in cmap]
    licence = (path.parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Adobe" in licence
    assert "helpers/fontdata/OFL.txt" in (ROOT / "README.md").read_text(encoding="utf-8")


def _is_cjk(ch):
    """Han characters, CJK symbols and punctuation, fullwidth forms (what Noto Sans SC is there for)."""
    code = ord(ch)
    return 0x3000 <= code <= 0x303F or 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF


def _chinese_texts():
    """Every text the series can hand Matplotlib in Chinese: the zh notebooks (sources and outputs),
    helpers' Python sources (the catalogue, labels, titles) and the Chinese exercise texts."""
    import json
    texts = {}
    for path in sorted((ROOT / "notebooks" / "zh").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            texts[path.name] = texts.get(path.name, "") + "".join(cell["source"])
            for output in cell.get("outputs", []):
                texts[path.name] += "".join(output.get("text", "")) + "".join(output.get("data", {}).get("text/plain", ""))
    for path in [*sorted((ROOT / "helpers").rglob("*.py")), *sorted((ROOT / "helpers" / "texts" / "zh").rglob("*.toml"))]:
        texts[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    return texts


def test_every_chinese_character_of_the_series_is_in_the_subset():
    from fontTools.ttLib import TTFont
    cmap = TTFont(fonts.cjk_font_path(), lazy=True).getBestCmap()
    texts = _chinese_texts()
    assert len(texts) > 20 and sum("转置卷积" in t for t in texts.values()) > 5, "the scan found no Chinese"
    missing = {name: "".join(sorted({ch for ch in text if _is_cjk(ch) and ord(ch) not in cmap}))
               for name, text in texts.items()}
    missing = {name: chars for name, chars in missing.items() if chars}
    assert not missing, f"characters missing from the font subset (run `python tools/font_subset.py`): {missing}"
    # and a reader's own title in common Chinese words
    assert all(ord(ch) in cmap for ch in "你好世界学习深度网络图像处理反卷积上采样")


def _full_font():
    """Noto Sans SC Regular in full (pylopdf-fonts-zh-cn, where the subset was cut from), if installed."""
    from importlib.util import find_spec
    spec = find_spec("pylopdf_fonts_zh_cn")
    path = Path(spec.origin).parent / "NotoSansSC-Regular.otf" if spec and spec.origin else None
    return path if path and path.is_file() else None


def test_the_subset_draws_chinese_exactly_as_the_full_font():
    """So the committed Chinese figures keep their pixels."""
    full = _full_font()
    if full is None:
        pytest.skip("the full Noto Sans SC (pylopdf-fonts-zh-cn) is not installed to compare with")
    from matplotlib.font_manager import FontProperties
    text = "转置卷积：步幅 2，填充 1（输出 5×5）"
    pictures = []
    for path in (full, fonts.cjk_font_path()):
        import matplotlib
        from matplotlib.figure import Figure
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        fig = Figure(figsize=(6, 0.8), dpi=100)
        FigureCanvasAgg(fig)
        fig.text(0.02, 0.25, text, fontsize=20, fontproperties=FontProperties(fname=str(path), size=20))
        fig.canvas.draw()
        pictures.append(np.asarray(fig.canvas.buffer_rgba())[..., :3].copy())
    assert (pictures[0] < 128).sum() > 500
    assert np.array_equal(pictures[0], pictures[1])


def test_tools_font_subset_remakes_the_committed_file(tmp_path):
    full = _full_font()
    if full is None:
        pytest.skip("the full Noto Sans SC (pylopdf-fonts-zh-cn) is not installed")
    import sys
    sys.path.insert(0, str(ROOT))
    from tools import font_subset
    font_subset.make(full, tmp_path / "subset.otf")
    assert (tmp_path / "subset.otf").read_bytes() == fonts.cjk_font_path().read_bytes()


def _draw(text, families=None, size=(3.2, 0.8), fontsize=28):
    """Grey pixels (H, W) of ``text`` drawn alone on a white figure, and the warnings raised."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    with warnings.catch_warnings(record=True) as caught, matplotlib.rc_context():
        warnings.simplefilter("always")
        if families is not None:
            matplotlib.rcParams["font.family"] = families
        fig = Figure(figsize=size, dpi=100)
        FigureCanvasAgg(fig)
        fig.text(0.02, 0.25, text, fontsize=fontsize)
        fig.canvas.draw()
        pixels = np.asarray(fig.canvas.buffer_rgba())[..., :3].mean(axis=2)
    return pixels, [str(w.message) for w in caught]


def _ink(pixels):
    """The bounding box of the non-white pixels, cropped."""
    rows, cols = np.nonzero(pixels < 250)
    return pixels[rows.min():rows.max() + 1, cols.min():cols.max() + 1] if rows.size else pixels[:0, :0]


def test_chinese_title_through_helpers_has_no_missing_glyphs():
    import matplotlib
    from matplotlib.font_manager import fontManager, FontProperties
    from helpers.figures import plot_heatmap
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = plot_heatmap(np.arange(4.0).reshape(2, 2), title=WORD)
        fig.canvas.draw()
    glyph_warnings = [str(w.message) for w in caught if "missing from" in str(w.message) or "Glyph" in str(w.message)]
    assert not glyph_warnings, glyph_warnings
    title = fig.axes[0].title
    assert title.get_text() == WORD
    paths = [Path(p) for p in fontManager._find_fonts_by_props(FontProperties(family=title.get_family()))]
    assert fonts.cjk_font_path() in paths, f"the title's font chain {paths} does not reach Noto Sans SC"
    assert paths[0].name.startswith("DejaVuSans"), f"Latin must come first from DejaVu Sans: {paths}"
    assert fonts.CJK_FAMILY in matplotlib.rcParams["font.family"]


def test_chinese_glyphs_are_real_glyphs_not_boxes():
    fonts.use_cjk_fonts()
    import matplotlib
    family = list(matplotlib.rcParams["font.family"])
    box, _ = _draw("\ue000", family)                      # a private-use character: no font has it
    shapes = []
    for ch in WORD:
        pixels, messages = _draw(ch, family)
        assert not [m for m in messages if "missing" in m], messages
        shapes.append(_ink(pixels))
    box = _ink(box)
    for k, shape in enumerate(shapes):
        assert shape.size and (shape < 128).sum() > 30, f"{WORD[k]} drew (almost) nothing"
        assert shape.shape != box.shape or not np.array_equal(shape, box), f"{WORD[k]} is the missing-glyph box"
        for j in range(k):
            same = shape.shape == shapes[j].shape and np.array_equal(shape, shapes[j])
            assert not same, f"{WORD[j]} and {WORD[k]} drew the same picture (boxes?)"
    # without the fallback the same characters are missing: the test can tell the difference
    _, messages = _draw(WORD, ["sans-serif"])
    assert any("missing from" in m for m in messages), messages


def test_latin_text_is_drawn_exactly_as_without_the_fallback():
    fonts.use_cjk_fonts()
    text = "Transposed convolution: Y[1, 1] = 28, H_out = 3 × 3"
    before, _ = _draw(text, ["sans-serif"], size=(9, 0.8), fontsize=20)
    after, _ = _draw(text, ["sans-serif", fonts.CJK_FAMILY], size=(9, 0.8), fontsize=20)
    assert (before < 250).sum() > 1000
    assert np.array_equal(before, after)


def test_use_cjk_fonts_is_idempotent():
    import matplotlib
    first = fonts.use_cjk_fonts()
    assert fonts.use_cjk_fonts() == first == list(matplotlib.rcParams["font.family"])
    assert first.count(fonts.CJK_FAMILY) == 1


def test_svg_font_family_adds_chinese_fonts_only_in_chinese():
    from helpers.svg import SVG_FONT, message_html
    assert fonts.svg_font_family(SVG_FONT) == SVG_FONT
    assert f"font-family:{SVG_FONT}\"" in message_html("x")
    i18n.set_language("zh")
    zh = fonts.svg_font_family(SVG_FONT)
    assert zh.startswith("DejaVu Sans, Arial, ") and zh.endswith(", sans-serif")
    assert zh.index("Noto Sans CJK SC") < zh.index("Microsoft YaHei") < zh.index("sans-serif")
    assert f"font-family:{zh}\"" in message_html("x")
    assert fonts.svg_font_family("A, B") == "A, B, " + ", ".join(fonts.SVG_CJK_FAMILIES)


# ---------------------------------------------------------------- the browser

SVG_PAGE = """<!doctype html><html><body style="margin:0;background:#fff">
<svg xmlns="http://www.w3.org/2000/svg" width="420" height="90" font-family="{family}">
<text id="zh" x="10" y="60" font-size="48">{word}</text></svg></body></html>"""


@pytest.mark.browser
def test_chromium_draws_the_chinese_svg_text_with_a_cjk_font(browser):
    from PIL import Image
    from helpers.svg import SVG_FONT
    i18n.set_language("zh")
    page = browser.new_page(viewport={"width": 440, "height": 100})
    try:
        page.set_content(SVG_PAGE.format(family=fonts.svg_font_family(SVG_FONT), word=WORD))
        extents = page.evaluate("""() => { const t = document.getElementById('zh');
            return [...Array(t.getNumberOfChars()).keys()].map(i => { const e = t.getExtentOfChar(i);
                                                                      return [e.x, e.width]; }); }""")
        assert len(extents) == 4 and min(w for _, w in extents) > 30, extents
        cdp = page.context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "#zh"})["nodeId"]
        used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        cjk = [f for f in used if "CJK" in f["familyName"] or f["familyName"] in fonts.SVG_CJK_FAMILIES]
        assert cjk and sum(f["glyphCount"] for f in cjk) == 4, f"fonts Chromium used: {used}"
        assert all(f["familyName"].endswith("SC") or f["familyName"] in fonts.SVG_CJK_FAMILIES for f in cjk), used
        SHOTS.mkdir(parents=True, exist_ok=True)
        shot = page.locator("svg").screenshot(path=str(SHOTS / "svg_zh.png"))
    finally:
        page.close()
    grey = np.asarray(Image.open(io.BytesIO(shot)).convert("L"), dtype=float)
    # each character's own cell: ink in every one, and four different pictures (missing-glyph boxes
    # would be four identical outlines)
    cells = [grey[:, int(round(x)):int(round(x + w))] < 128 for x, w in extents]
    assert all(cell.sum() > 50 for cell in cells), [int(cell.sum()) for cell in cells]
    assert len({cell.tobytes() for cell in cells}) == 4
