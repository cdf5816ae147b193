"""The reader's language for everything ``helpers`` shows (English by default).

A notebook picks its language once, in its first code cell: ``set_language("zh")``.
Modules that show text ask ``get_language()`` when they build it, so a switch applies to
everything drawn or printed afterwards.
"""
LANGUAGES = ("en", "zh")
_current = "en"


def set_language(language: str) -> str:
    """Show every later picture, label, message and exercise text in ``language`` ("en" or "zh")."""
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(map(repr, LANGUAGES))}, not {language!r}")
    _current = language
    return _current


def get_language() -> str:
    """The language set by ``set_language`` ("en" until it is called)."""
    return _current
