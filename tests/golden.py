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
