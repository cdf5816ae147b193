"""helpers/checker.py: the engine's sentences word for word, and its boundaries.

The sentences (tests/golden/sentences.toml, section ``checker``) are written out with their numbers
in place in both languages: which cell is named first, which diagnosis a set answer gets, what a near
miss says. The boundaries: a float answer exactly 2 % off is a near miss and one just beyond is not;
an answer of 0 is not "negative"; a float that is not whole gets the "whole number" note, an integral
one does not; hints progress with the attempts.
"""
from __future__ import annotations

import pytest

from golden import expected, params, shown
from helpers import checker
from helpers.exercises import EXERCISES, check

pytestmark = pytest.mark.usefixtures("fresh_attempts")   # conftest: attempts counted from zero


def _first(key, answer):
    """The message of a first attempt (attempts reset, so the hint is always the first one)."""
    checker._ATTEMPTS.clear()
    return check(key, answer).message


# 01.1: X = [[1, 2], [3, 4]], K = identity, so Y = [[1, 2, 0], [3, 5, 2], [0, 3, 4]] (worked by hand).
GOLDEN = {
    "correct_int": lambda: _first("01.3", 10),
    "correct_04_3": lambda: _first("04.3", 296),
    "near_miss": lambda: _first("10.3", 0.2343),
    "negative": lambda: _first("01.3", -3),
    "zero_is_not_negative": lambda: _first("01.3", 0),
    "integral_float_is_whole": lambda: _first("01.3", 4.0),
    "not_whole": lambda: _first("01.3", 4.5),
    "one_cell_off": lambda: _first("01.1", [[1, 2, 0], [3, 5, 2], [0, 4, 4]]),
    "cells_off": lambda: _first("01.1", [[1, 2, 0], [3, 5, 2], [9, 4, 9]]),
    "every_cell_off": lambda: _first("01.1", [[9] * 3] * 3),
    "array_shape": lambda: _first("01.1", [[0, 0, 0], [0, 0, 0]]),
    "set_missing": lambda: _first("05.2", [29, 30]),
    "set_extra": lambda: _first("05.2", [28, 29, 30, 31, 32]),
    "set_some": lambda: _first("05.2", [29, 40]),
    "set_none": lambda: _first("05.2", [1, 2]),
    "set_once": lambda: _first("05.2", [29, 29, 30, 31, 32]),
    "tuple_count": lambda: _first("02.1", (4, 4, 4)),
    "tuple_count_one": lambda: _first("02.1", (4,)),
    "sizes_positive": lambda: _first("04.1", (3, 5, 0, 2)),
    "unanswered_tuple": lambda: _first("02.1", None),
    "string": lambda: _first("01.3", "10"),
}


@pytest.mark.parametrize("name, language", params(GOLDEN, "checker"))
def test_golden_message(name, language):
    """✓ / ✗ / near-miss / diagnosis sentences, word for word with their numbers, in both languages."""
    assert shown(GOLDEN[name], language) == expected("checker")[name][language]


def test_near_miss_window_is_two_percent_inclusive():
    ex = EXERCISES["10.3"]                       # a float exercise
    assert checker._near_miss(ex, 51.0, 50.0)    # exactly 2 % off: 1.0 ≤ 0.02·50 (both exact in binary)
    assert checker._near_miss(ex, 49.0, 50.0)
    assert not checker._near_miss(ex, 51.01, 50.0)
    assert not checker._near_miss(ex, 48.99, 50.0)
    assert not checker._near_miss(ex, 0.5, 0.0), "no near miss around an answer of 0"
    assert not checker._near_miss(EXERCISES["01.3"], 10.1, 10), "only float exercises have near misses"


@pytest.mark.parametrize("factor, near", [(1.019, True), (0.981, True), (1.03, False), (0.97, False), (1.2, False)])
def test_near_miss_in_a_check(factor, near):
    want = 0.234375                              # 10.3's answer, 15/64
    message = check("10.3", want * factor).message
    assert ("Close:" in message) is near, message


def test_hints_progress_then_stay_on_the_last():
    hints = EXERCISES["01.3"].hints
    assert len(hints) >= 2
    seen = [check("01.3", 7).message for _ in range(len(hints) + 1)]
    for n, message in enumerate(seen):
        assert message.endswith(hints[min(n, len(hints) - 1)]), (n, message)
