"""What the browser side of every explorer receives from Python: the texts in the reader's language and
the constants of the pictures, so that helpers/js draws with the same words, colours and styles as
helpers/svg.py. Sent once per explorer as its ``ctx`` trait (and saved with the notebook's widget state).
"""
from __future__ import annotations

from .. import palette, svg
from ..fonts import svg_font_family
from ..i18n import get_language, texts

#: The text files whose sentences an explorer can show (captions, labels, messages, picture words).
TEXT_FILES = ("widgets", "captions", "svg", "shapes", "stepping", "palette", "operations")

#: ms between the steps of every Play control: time to read one step's sentence (a redraw takes a few ms)
PLAY_INTERVAL = 900


def _flat(prefix: str, table: dict, out: dict) -> dict:
    for key, value in table.items():
        if isinstance(value, dict):
            _flat(f"{prefix}.{key}", value, out)
        else:
            out[f"{prefix}.{key}"] = value
    return out


def flat_texts() -> dict[str, str]:
    """Every id of ``TEXT_FILES`` → its template in the current language ("widgets.label.stride" → "stride")."""
    out: dict[str, str] = {}
    for name in TEXT_FILES:
        _flat(name, texts(name), out)
    return out


def context() -> dict:
    """The ``ctx`` trait: language, texts, palette colours, SVG font/style/defs, message template, timings."""
    return {
        "lang": get_language(),
        "texts": flat_texts(),
        "PALETTE": list(palette.PALETTE), "TAP_PALETTE": list(palette.TAP_PALETTE), "TEXT": palette.TEXT,
        "CROP_FILL": palette.CROP_FILL, "CROP_TEXT": palette.CROP_TEXT, "PICK": palette.PICK,
        "EMPTY_FILL": palette.EMPTY_FILL, "INSERTED_FILL": palette.INSERTED_FILL,
        "PADDING_FILL": palette.PADDING_FILL, "MAX_STRIPES": palette.MAX_STRIPES,
        "DONE_FILL": svg.DONE_FILL,
        "FONT": svg_font_family(svg.SVG_FONT), "STYLE": svg._STYLE, "DEFS": svg._DEFS, "GROW": svg.GROW,
        "MESSAGE": svg.message_html("{text}"),
        "PLAY_INTERVAL": PLAY_INTERVAL,
    }
