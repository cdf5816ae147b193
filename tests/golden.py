"""Golden sentences: what a student sees, in English and Chinese, written down in tests/golden/sentences.toml.

Each test module that checks sentences keeps its recipes (how to make the sentence: a call with fixed
numbers) in a dict ``{name: function}`` and compares what the function returns, in each language, with
the entry ``[section.name]`` (``en = "…"``, ``zh = "…"``) of the TOML file. The expected sentences are
written out in full with their numbers in place, so a placeholder swapped in a template, a wrong
number or a reworded sentence all fail; they test the output, never how helpers look the text up.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

from helpers import i18n

FILE = Path(__file__).resolve().parent / "golden" / "sentences.toml"
LANGUAGES = ("en", "zh")


def expected(section: str) -> dict:
    """``{name: {"en": sentence, "zh": sentence}}`` of one section of the golden file."""
    with FILE.open("rb") as f:
        return tomllib.load(f).get(section, {})


def shown(make, language: str) -> str:
    """What ``make()`` returns (or the message of the ValueError it raises) in ``language``."""
    i18n.set_language(language)
    try:
        return str(make())
    except ValueError as err:
        return str(err)
    finally:
        i18n.set_language("en")


def params(recipes: dict, section: str):
    """(name, language) pairs for ``pytest.mark.parametrize`` (a recipe without a golden entry fails its test)."""
    return [(name, language) for name in recipes for language in LANGUAGES]


# ---------------------------------------------------------------- placeholders: rendered, not compared as sets

import re  # noqa: E402
import string  # noqa: E402

_TOKEN = re.compile(r"\b[1-9]0[1-9]\b")          # the distinct values ``distinct_values`` puts in: 101, 202, …
_FORMULA = re.compile(r"(?:[0-9=≠×+−·()\[\],→–/<>≤≥⌊⌋\- \u00a0]|\.(?=[.0-9]))+")


def distinct_values(template: str) -> dict:
    """``{field: value}`` with a different number for every field of ``template`` (101, 202, 303, …), so a
    sentence rendered from it shows which field went where."""
    names = list(dict.fromkeys(name for _, name, _, _ in string.Formatter().parse(template) if name))
    return {name: (i % 9 + 1) * 101 + (i // 9) for i, name in enumerate(names)}


def formulas(text: str, token: re.Pattern = _TOKEN) -> list[str]:
    """The runs of ``text`` that are formulas over two or more filled-in values (``"202 ≠ 101"``,
    ``"[303, 404]"``, ``"101×202"``): their order is meaning, a translation keeps them as they are."""
    found = []
    for m in _FORMULA.finditer(text):
        run = "".join(m.group().split()).strip(",(")
        tokens = list(token.finditer(run))
        joins = [run[a.end():b.start()] for a, b in zip(tokens, tokens[1:])]
        # two values joined by an operator (202≠101, 101×202) or listed inside brackets ([101,202])
        if any(re.search(r"[=≠×+−·→–/<>≤≥⌊⌋\-]", j) or ("[" in run[:tokens[0].start()] and "," in j)
               for j in joins):
            found.append(run)
    return found


def same_formulas(english: str, chinese: str, token: re.Pattern = _TOKEN) -> list[str]:
    """The formulas of ``english`` (rendered) missing from ``chinese`` (rendered); [] when all are there.
    ``token``: what counts as a value (the distinct values by default; any number for real sentences)."""
    flat = "".join(chinese.replace("（", "(").replace("）", ")").replace("，", ",").split())
    return [f for f in formulas(english, token) if f not in flat]
