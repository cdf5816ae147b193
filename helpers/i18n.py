"""The reader's language, and every sentence ``helpers`` shows, by id, in that language.

A notebook picks its language once, in its first code cell: ``set_language("zh")``. Modules that
show text call ``tr(id, **fields)`` when they build it, so a switch applies to everything drawn,
printed or raised afterwards.

The words live in ``helpers/texts/<language>/<name>.toml``, one file per module ("captions.toml",
"widgets.toml", …; "checker.toml" for the answer checker's sentences) and one per notebook's
exercises ("04.toml", read as tables by ``helpers.checker``). An id is ``"<name>.<key>"``, and
a key may reach into a table (``"widgets.label.stride"``). Ids are stable: editing the English
changes no id, so its Chinese stays attached. tests/test_i18n.py checks that every id used in
``helpers`` exists in every language with the same fields, and that every id is used.
"""
from __future__ import annotations

import functools
import tomllib
from pathlib import Path

LANGUAGES = ("en", "zh")
#: Where the texts live: ``TEXT_DIR / language / f"{name}.toml"``.
TEXT_DIR = Path(__file__).resolve().parent / "texts"
_current = "en"


def set_language(language: str) -> str:
    """Show every later picture, label, message and exercise text in ``language`` ("en" or "zh")."""
    global _current
    if language not in LANGUAGES:
        raise ValueError(tr("i18n.unknown_language", choices=", ".join(map(repr, LANGUAGES)), language=language))
    _current = language
    return _current


def get_language() -> str:
    """The language set by ``set_language`` ("en" until it is called)."""
    return _current


@functools.cache
def _load(language: str, name: str) -> dict:
    path = TEXT_DIR / language / f"{name}.toml"
    if not path.exists():
        return {}
    with path.open("rb") as f:
        return tomllib.load(f)


def _merge(english: dict, local: dict) -> dict:
    """``english`` with every entry ``local`` has replaced, table by table (so a partial translation works)."""
    return {key: _merge(value, local[key]) if isinstance(value, dict) and isinstance(local.get(key), dict)
            else local.get(key, value) for key, value in english.items()}


@functools.cache
def _texts(language: str, name: str) -> dict:
    return _merge(_load("en", name), _load(language, name))


def texts(name: str) -> dict:
    """The text file ``name`` ("04", "checker", "captions") as a table, in the current language,
    English for any entry the language lacks. Do not modify the result (it is shared)."""
    return _texts(_current, name)


def tr(text_id: str, /, **fields) -> str:
    """The text ``text_id`` ("<file>.<key>", e.g. ``"captions.even_many"``) in the current language,
    ``str.format`` fields filled in (always formatted, so a literal brace is written ``{{`` or ``}}``).
    Example: ``tr("widgets.upsample_input_title", n=4)`` → "input 4×4"."""
    name, _, key = text_id.partition(".")
    entry = texts(name)
    for part in key.split("."):
        entry = entry[part]
    return entry.format(**fields)
