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

The notebooks' own code cells (the same code in both editions) say their words with ``T``, gettext
style: the English text itself is the key, so a student reads it in the code::

    print(T("helpers agree with torch:"), ok)
    print(T("stride {s}: copies per output cell", s=s))        # an f-string's fields become arguments
    ax.set_title(T("deconv of the image"))

In English ``T`` returns its text with the fields filled; in another language it looks the text up in
``helpers/texts/<language>/cells/*.toml`` (one file per notebook, TOML quoted keys,
``"helpers agree with torch:" = "helpers 与 torch 一致："``), English for a text the catalogue lacks.
tests/test_i18n_cells.py checks that every English sentence in a notebook's code cell is a ``T`` key,
that every key has a Chinese entry with the same fields, and that the outputs are Chinese.
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


#: The folder, inside ``TEXT_DIR / language``, of the catalogues of the notebooks' own words (``T``).
CELLS = "cells"


@functools.cache
def cell_catalogue(language: str) -> dict[str, str]:
    """{English text: text in ``language``} of every ``helpers/texts/<language>/cells/*.toml``
    (empty for English, whose texts are the keys themselves)."""
    found: dict[str, str] = {}
    for path in sorted((TEXT_DIR / language / CELLS).glob("*.toml")):
        with path.open("rb") as f:
            found.update(tomllib.load(f))
    return found


def T(english: str, /, **fields) -> str:
    """The notebook text ``english`` in the current language, ``str.format`` fields filled in (always
    formatted, so a literal brace is written ``{{`` or ``}}``; format specs such as ``{value:+.2f}``
    are kept). The English is the key: ``T("stride {s}:", s=2)`` → "stride 2:", in Chinese "步幅 2：".
    Named ``T``, not ``_``: IPython's display hook and ``for _ in`` loops rebind ``_``."""
    text = english if _current == "en" else cell_catalogue(_current).get(english, english)
    return text.format(**fields)


def tr(text_id: str, /, **fields) -> str:
    """The text ``text_id`` ("<file>.<key>", e.g. ``"captions.even_many"``) in the current language,
    ``str.format`` fields filled in (always formatted, so a literal brace is written ``{{`` or ``}}``).
    Example: ``tr("widgets.upsample_input_title", n=4)`` → "input 4×4"."""
    name, _, key = text_id.partition(".")
    entry = texts(name)
    for part in key.split("."):
        entry = entry[part]
    return entry.format(**fields)
