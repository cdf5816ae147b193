"""The colours and second cues of every picture (Matplotlib figures and SVGs use the same ones).

Input element ``n`` (row-major over channels, rows, columns) has a fill colour and a letter: the
colour from Paul Tol's "light" scheme, whose first four colours stay at least CIE76 ΔE 15 apart under
normal vision and simulated deuteranopia, protanopia and tritanopia (tests/test_palette.py measures
it), and the letters (a, b, c, …, z, aa, ab, …: unique for every element, while the 8 colours repeat)
written in the element's input cell and on every stripe its copy paints, so which element a copy came from never depends on colour alone. When more than
``MAX_STRIPES`` copies land on one cell the stripes would be too thin to read: the cell shows the
count (``×n``) instead. Introduced in 01_basic_operation.ipynb.
"""
from __future__ import annotations

import string

from .i18n import tr

__all__ = ["PALETTE", "TAP_PALETTE", "MAX_STRIPES", "element_color", "element_label", "tap_color", "stripes",
           "CROP_FILL", "CROP_TEXT", "TEXT", "PICK", "INSERTED_FILL", "PADDING_FILL", "EMPTY_FILL"]

# Paul Tol's "light" scheme (https://personal.sron.nl/~pault/#sec:qualitative), pale grey left out
# (it is the cropped cells' fill). Dark text (#111) on each is at least 7.5:1.
PALETTE = ["#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF", "#44BB99", "#BBCC33", "#AAAA00"]
TAP_PALETTE = PALETTE                # kernel taps in 07's matrix view
TEXT = "#111111"                     # numbers on white or on a palette colour
CROP_FILL = "#ebebeb"                # cells that padding removes (hatched too)
CROP_TEXT = "#555555"                # their numbers: 6.2:1 on CROP_FILL
PICK = "#c0392b"                     # the picked cell and what meets there (frames, never a fill)
EMPTY_FILL = "#ffffff"               # a cell no copy has reached (yet)
INSERTED_FILL = "#ffffff"            # 08: zeros put between input elements (white, dotted: not a colour)
PADDING_FILL = "#dddddd"             # 08: zeros around the input (grey, hatched)
MAX_STRIPES = 4                      # more copies than this on one cell: show the count instead


def element_color(n: int) -> str:
    """Fill colour (hex) of input element number ``n``, in every picture."""
    return PALETTE[int(n) % len(PALETTE)]


def element_label(n: int) -> str:
    """The letters that name input element ``n``, unique for every ``n ≥ 0``: a … z, then aa, ab, … az,
    ba, … zz, aaa, … (spreadsheet columns, no digits to mistake for a value). Colours repeat after
    ``len(PALETTE)`` elements; the letters never do."""
    n = int(n)
    if n < 0:
        raise ValueError(tr("palette.element_number", n=n))
    letters = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        letters = string.ascii_lowercase[r] + letters
    return letters


def tap_color(t: int) -> str:
    """Fill colour of kernel tap number ``t`` (row-major ``a·kW + b``); introduced in 07_matrix_view.ipynb."""
    return TAP_PALETTE[int(t) % len(TAP_PALETTE)]


def stripes(elements) -> tuple[list[str], list[str], int]:
    """How a cell reached by the copies of ``elements`` (element numbers, in order) is painted.

    Returns ``(fills, labels, count)``: one stripe colour and letter per element when there are
    1..``MAX_STRIPES`` of them; otherwise a single plain fill, no letters and ``count`` = how many
    copies (0 for none), which the picture writes as ``×n``.
    """
    elements = [int(e) for e in elements]
    if 1 <= len(elements) <= MAX_STRIPES:
        return [element_color(e) for e in elements], [element_label(e) for e in elements], len(elements)
    return [EMPTY_FILL], [], len(elements)
