"""Make helpers/fontdata/NotoSansSC-Regular-subset.otf, the Chinese font Matplotlib draws with (helpers/fonts.py).

    python tools/font_subset.py [FULL_FONT]

FULL_FONT is Noto Sans SC Regular (SIL OFL 1.1), ``NotoSansSC-Regular.otf`` (8.3 MB): from Noto CJK's
releases (https://github.com/notofonts/noto-cjk, Sans/SubsetOTF/SC/), or by default from the pip package
pylopdf-fonts-zh-cn 0.1.1 when it is installed (the series' font before this subset). Debian's
fonts-noto-cjk holds the same design as NotoSansCJK-Regular.ttc, under another family name
("Noto Sans CJK SC"), so it is not used: the committed figures were drawn with "Noto Sans SC".
The subset keeps the family name "Noto Sans SC", the glyph outlines and hints unchanged, and these characters:

- every non-ASCII character of helpers/ (Python sources, helpers/texts/zh/) and of the Chinese
  edition's notebooks (notebooks/zh/*.ipynb): everything the series can ask Matplotlib to draw;
- GB 2312 level 1 (the 3,755 most common Chinese characters), CJK punctuation (U+3000-303F) and fullwidth
  forms (U+FF01-FF5E), so a reader's own Chinese title draws too;
- printable ASCII (Latin text itself is drawn by DejaVu Sans first).

tests/test_fonts.py fails when a Chinese text gains a character the subset lacks: then run this again.
fontTools is pinned in pyproject.toml's [test] extra for this script.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "helpers" / "fontdata" / "NotoSansSC-Regular-subset.otf"
FAMILY = "Noto Sans SC"


def source_texts() -> list[Path]:
    """The files whose characters the subset must hold."""
    return [*sorted((ROOT / "helpers").rglob("*.py")), *sorted((ROOT / "helpers" / "texts" / "zh").rglob("*.toml")),
            *sorted((ROOT / "notebooks" / "zh").glob("*.ipynb"))]


def gb2312_level1() -> set[str]:
    """The 3,755 characters of GB 2312 level 1 (rows 16-55)."""
    chars = set()
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def wanted() -> set[str]:
    used = {ch for path in source_texts() for ch in path.read_text(encoding="utf-8") if ord(ch) > 127}
    extra = {chr(c) for c in [*range(0x20, 0x7F), *range(0x3000, 0x3040), *range(0xFF01, 0xFF5F)]}
    return used | gb2312_level1() | extra


def full_font() -> Path:
    try:
        from importlib import resources
        path = Path(str(resources.files("pylopdf_fonts_zh_cn") / "NotoSansSC-Regular.otf"))
        if path.is_file():
            return path
    except ModuleNotFoundError:
        pass
    raise SystemExit("font_subset: give the path of NotoSansSC-Regular.otf (Noto CJK's Sans/SubsetOTF/SC/)")


def make(source: Path, out: Path = OUT) -> tuple[int, int]:
    """Write the subset of ``source``; (characters kept, bytes written)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source, recalcTimestamp=False)   # the same bytes on every run
    if font["name"].getDebugName(1) != FAMILY:
        raise SystemExit(f"font_subset: {source} is {font['name'].getDebugName(1)!r}, not {FAMILY!r}")
    cmap = font.getBestCmap()
    codes = sorted(ord(ch) for ch in wanted() if ord(ch) in cmap)   # the few the font lacks (⌊ ▸ ✎) stay out
    options = subset.Options()
    options.name_IDs, options.name_languages, options.layout_features = ["*"], ["*"], ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codes)
    subsetter.subset(font)
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(out)
    return len(codes), out.stat().st_size


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else full_font()
    kept, size = make(source)
    print(f"{OUT.relative_to(ROOT)}: {kept} characters, {size / 1e6:.2f} MB (from {source})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
