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

__all__ = ["CJK_FAMILY", "SVG_CJK_FAMILIES", "cjk_font_path", "use_cjk_fonts", "svg_font_family"]

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
