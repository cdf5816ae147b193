"""Fonts that can write Chinese, for the Chinese edition (notebooks/zh/) and any Chinese title.

Matplotlib draws in the kernel, so the kernel needs a CJK font: a subset of Noto Sans SC (SIL OFL 1.1,
helpers/fontdata/OFL.txt) ships inside ``helpers`` itself, ``fontdata/NotoSansSC-Regular-subset.otf``
(1 MB: every character of the Chinese edition and of helpers' Chinese texts, plus the 3,755 most common
Chinese characters; tools/font_subset.py makes it). So every launch route (Binder, a JupyterHub image,
a plain clone, ``make env``, conda) has it without root, without a font package and without fetching
anything at run time. ``use_cjk_fonts()`` registers that file with Matplotlib and appends its family to
``rcParams["font.family"]``: Matplotlib (3.6 and later) takes each glyph from the first family that has
it, so Latin text and digits stay in DejaVu Sans exactly as before and only CJK characters fall back to
Noto Sans SC. ``figures`` calls it before it draws.

SVGs are drawn by the reader's browser with the reader's fonts. ``svg_font_family`` names the usual
Simplified Chinese fonts of each system (Noto Sans CJK SC on Linux, PingFang SC on macOS, Microsoft
YaHei on Windows) after the Latin ones when the language is "zh", so Han characters get Simplified
Chinese glyph shapes rather than whatever CJK font the browser would pick by itself; in English the
family list is returned unchanged.
"""
from __future__ import annotations

from pathlib import Path

import warnings

from .i18n import get_language, tr

__all__ = ["CJK_FAMILY", "SVG_CJK_FAMILIES", "cjk_font_path", "use_cjk_fonts", "svg_font_family",
           "DIGIT_PT_KEY", "DPI_KEY"]

CJK_FAMILY = "Noto Sans SC"                     # the family name inside the shipped font file
_FONT_FILE = Path(__file__).resolve().parent / "fontdata" / "NotoSansSC-Regular-subset.otf"
# Browsers try these in order for each glyph the Latin fonts lack (Linux, Linux/Google, Adobe, macOS, Windows).
SVG_CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei")

_registered = False


def cjk_font_path() -> Path | None:
    """The shipped Noto Sans SC subset (helpers/fontdata/), or None if the file is missing."""
    return _FONT_FILE if _FONT_FILE.is_file() else None


def use_cjk_fonts() -> list[str]:
    """Let Matplotlib write CJK: register Noto Sans SC and append it to ``rcParams["font.family"]``.

    Idempotent and cheap after the first call. Families already in the list come first, so text they can
    write looks as before. Returns the family list now in force (unchanged when the font is not installed).
    """
    global _registered
    import matplotlib
    from matplotlib import font_manager

    _stamp_pngs()

    path = cjk_font_path()
    if path is None:
        if get_language() == "zh" and not _registered:
            warnings.warn(tr("fonts.no_chinese_font"), stacklevel=2)
            _registered = True   # warn once
        return list(matplotlib.rcParams["font.family"])
    if not _registered:
        if not any(Path(entry.fname) == path for entry in font_manager.fontManager.ttflist):
            _add_every_weight(font_manager, path)
        _registered = True
    families = list(matplotlib.rcParams["font.family"])
    if CJK_FAMILY not in families:
        families.append(CJK_FAMILY)
        matplotlib.rcParams["font.family"] = families
    return families


def _add_every_weight(font_manager, path):
    """Register the Regular file for every weight, then the file itself (``addfont`` clears the lookup cache).

    The font is Regular only. Bold text (cell letters, titles) asks every family of the list for
    bold; without these entries Matplotlib would use Regular anyway but log "Failed to find font weight
    bold" on stderr, which the notebooks' tests rightly count as a warning. Chinese characters in bold
    text are therefore drawn in the regular weight.
    """
    import dataclasses

    from matplotlib.ft2font import FT2Font

    regular = font_manager.ttfFontProperty(FT2Font(str(path)))
    for weight in (100, 200, 300, 500, 600, 700, 800, 900):
        font_manager.fontManager.ttflist.append(dataclasses.replace(regular, weight=weight))
    font_manager.fontManager.addfont(str(path))


def svg_font_family(base: str) -> str:
    """``base`` (a CSS font-family list ending in a generic family) with ``SVG_CJK_FAMILIES`` before the
    generic family when the language is "zh"; ``base`` itself in English."""
    if get_language() != "zh":
        return base
    names = [name.strip() for name in base.split(",")]
    generic = names.pop() if names and names[-1] in {"sans-serif", "serif", "monospace"} else None
    names += [name for name in SVG_CJK_FAMILIES if name not in names]
    return ", ".join(names + ([generic] if generic else []))


# -- the size of the digits a figure draws, written into its PNG ------------------------------------------
# A slide must show every digit at 18 px or more (tests/test_slides.py). The browser can measure the PNG's
# rendered width but not the font sizes drawn into it, so every PNG that Matplotlib's Agg canvas writes in
# a kernel that drew with ``helpers`` carries two tEXt entries: the smallest font size (points) of any
# visible text that contains a digit, and the dpi it was drawn at. Digit height on screen, in CSS px =
# pt × dpi / 72 × rendered width / natural width.
DIGIT_PT_KEY, DPI_KEY = "tconv-digit-pt", "tconv-dpi"
_stamping = False


def _on_canvas(text) -> bool:
    try:
        box = text.get_window_extent()
    except Exception:  # noqa: BLE001  (a text that cannot be laid out is not drawn)
        return False
    fig_box = text.figure.bbox
    return box.width > 0 and box.x1 > fig_box.x0 and box.x0 < fig_box.x1 and box.y1 > fig_box.y0 and box.y0 < fig_box.y1


def _stamp_pngs():
    """Wrap ``FigureCanvasAgg.print_png`` once so that every PNG carries DIGIT_PT_KEY and DPI_KEY."""
    global _stamping
    if _stamping:
        return
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text
    plain = FigureCanvasAgg.print_png

    def print_png(self, filename_or_obj, *, metadata=None, pil_kwargs=None):
        # draw once, recording the texts that are drawn (tick labels of an axis turned off are not)
        sizes = []
        text_draw = Text.draw

        def draw(text, renderer):
            text_draw(text, renderer)
            if text.get_visible() and any(ch.isdigit() for ch in text.get_text()) and _on_canvas(text):
                sizes.append(text.get_fontsize())
        Text.draw = draw
        try:
            self.draw()
        finally:
            Text.draw = text_draw
        metadata = dict(metadata or {}, **{DPI_KEY: f"{self.figure.dpi:g}"})
        if sizes:
            metadata[DIGIT_PT_KEY] = f"{min(sizes):g}"
        return plain(self, filename_or_obj, metadata=metadata, pil_kwargs=pil_kwargs)

    # print_figure drops the options a print method of Matplotlib's own does not take (dpi, facecolor, …)
    print_png.__module__, print_png.__wrapped__ = plain.__module__, plain
    FigureCanvasAgg.print_png = print_png
    _stamping = True
