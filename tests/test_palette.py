"""Tests for helpers/palette.py: colours every student can tell apart, and numbers every student can read.

The thresholds are the design's, not the code's: the first four element colours
stay at least CIE76 ΔE 15 apart under normal vision and under simulated deuteranopia, protanopia and
tritanopia (Machado, Oliveira & Fernandes 2009, severity 1.0, applied to linear RGB); cropped numbers
have at least 4.5:1 contrast (WCAG 2 relative luminance); 08's "inserted zero" fill is not close to
element 0's colour. The colour science is written out here, independently of helpers.
"""
from __future__ import annotations

import itertools
import re

import numpy as np
import pytest

from helpers import palette

# Machado et al. 2009, Table 1, severity 1.0 (https://www.inf.ufrgs.br/~oliveira/pubs_files/CVD_Simulation/CVD_Simulation.html)
MACHADO = {
    "normal": np.eye(3),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                        [0.2126729, 0.7151522, 0.0721750],
                        [0.0193339, 0.1191920, 0.9503041]])
D65 = np.array([0.95047, 1.0, 1.08883])
MIN_DELTA_E = 15
MIN_CONTRAST = 4.5


def linear_rgb(hex_colour):
    """sRGB hex → linear RGB in [0, 1] (IEC 61966-2-1)."""
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", hex_colour), hex_colour
    c = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def lab(hex_colour, vision="normal"):
    """CIELAB (D65) of a colour as seen with ``vision`` (Machado simulation on linear RGB, clipped)."""
    rgb = np.clip(MACHADO[vision] @ linear_rgb(hex_colour), 0, 1)
    xyz = SRGB_TO_XYZ @ rgb / D65
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a, b, vision="normal"):
    """CIE76 ΔE: Euclidean distance in CIELAB."""
    return float(np.linalg.norm(lab(a, vision) - lab(b, vision)))


def contrast(a, b):
    """WCAG 2 contrast ratio of two colours (relative luminance from linear RGB)."""
    lum = sorted((float(np.array([0.2126, 0.7152, 0.0722]) @ linear_rgb(c)) for c in (a, b)), reverse=True)
    return (lum[0] + 0.05) / (lum[1] + 0.05)


def test_colour_science_reproduces_the_issue_and_known_values():
    """The measurements the issue reports for the old palette, and textbook values, come out of this code."""
    assert lab("#ffffff") == pytest.approx([100, 0, 0], abs=0.01)
    assert lab("#ff0000") == pytest.approx([53.24, 80.09, 67.20], abs=0.05)     # sRGB red in CIELAB D65
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)          # WCAG's classic borderline grey
    old = ["#8ecae6", "#ffb703", "#90be6d", "#f4978e"]
    assert delta_e(old[2], old[3], "deuteranopia") == pytest.approx(10.9, abs=0.1)  # "the same khaki"
    assert contrast("#888888", "#e6e6e6") == pytest.approx(2.8, abs=0.05)            # the old cropped numbers


@pytest.mark.parametrize("vision", list(MACHADO))
def test_first_four_element_colours_stay_apart(vision):
    first = [palette.element_color(n) for n in range(4)]
    for a, b in itertools.combinations(first, 2):
        assert delta_e(a, b, vision) >= MIN_DELTA_E, f"{a} vs {b} under {vision}: ΔE {delta_e(a, b, vision):.1f}"


@pytest.mark.parametrize("vision", list(MACHADO))
def test_inserted_zero_is_not_element_zero(vision):
    assert delta_e(palette.INSERTED_FILL, palette.element_color(0), vision) >= MIN_DELTA_E


def test_numbers_are_readable_on_every_fill():
    assert contrast(palette.CROP_TEXT, palette.CROP_FILL) >= MIN_CONTRAST       # cropped numbers
    for fill in [*palette.PALETTE, palette.EMPTY_FILL, palette.INSERTED_FILL, palette.PADDING_FILL]:
        assert contrast(palette.TEXT, fill) >= MIN_CONTRAST, fill
    assert contrast(palette.PICK, "#ffffff") >= 3                                # frames: WCAG 1.4.11 for graphics


def test_every_element_has_a_second_cue():
    """A letter besides the colour; distinct for every element an explorer can show (3 channels × 5×5)."""
    labels = [palette.element_label(n) for n in range(75)]
    assert labels[:4] == ["a", "b", "c", "d"] and len(set(labels)) == 75
    fills, letters, count = palette.stripes([0, 1, 2])
    assert fills == [palette.element_color(n) for n in (0, 1, 2)] and letters == ["a", "b", "c"] and count == 3
    fills, letters, count = palette.stripes(range(8))        # 04's centre cell: a count, not 8 thin stripes
    assert len(fills) == 1 and letters == [] and count == 8


def delta_e_table():
    """Markdown table of the minimum pairwise ΔE of the first four colours per vision (for the report)."""
    first = [palette.element_color(n) for n in range(4)]
    rows = [f"| {v} | " + " | ".join(f"{delta_e(a, b, v):.1f}" for a, b in itertools.combinations(first, 2)) + " |"
            for v in MACHADO]
    head = "| vision | " + " | ".join(f"{i}–{j}" for i, j in itertools.combinations(range(4), 2)) + " |"
    return "\n".join([head, "|---" * 7 + "|", *rows])


if __name__ == "__main__":
    print(delta_e_table())
    print(f"cropped: {contrast(palette.CROP_TEXT, palette.CROP_FILL):.2f}:1; text on palette: "
          + ", ".join(f"{contrast(palette.TEXT, c):.1f}" for c in palette.PALETTE))


def test_letters_unique_beyond_the_explorers():
    """Letters continue a … z, aa, ab, … and never repeat, never contain digits (colours
    repeat after len(PALETTE), so the letters must not), far past the 75 elements an explorer can show."""
    import itertools
    names = [palette.element_label(n) for n in range(26 + 26 ** 2 + 10)]
    assert len(set(names)) == len(names) and all(n.isalpha() and n.islower() for n in names)
    expected = [*"abcdefghijklmnopqrstuvwxyz"] + ["".join(p) for p in itertools.product("abcdefghijklmnopqrstuvwxyz", repeat=2)]
    assert names[:len(expected)] == expected and names[len(expected)] == "aaa"
    assert palette.element_color(0) == palette.element_color(len(palette.PALETTE))   # colours do repeat
