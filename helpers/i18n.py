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
        raise ValueError(tr("language must be one of {choices}, not {language!r}",
                            choices=", ".join(map(repr, LANGUAGES)), language=language))
    _current = language
    return _current


def get_language() -> str:
    """The language set by ``set_language`` ("en" until it is called)."""
    return _current


def tr(template: str, /, **fields) -> str:
    """``template`` (English, with ``str.format`` fields) in the current language, fields filled in.

    The Chinese template comes from ``helpers/catalogue_zh.py`` (``CATALOGUE``: English template →
    Chinese template, the same field names); a template without an entry stays English, and
    tests/test_i18n.py fails for it. Always formatted, so a literal brace is written ``{{`` or ``}}``.
    Example: ``tr("The output is {h}×{w}.", h=3, w=3)``.
    """
    text = template
    if _current == "zh":
        from .catalogue_zh import CATALOGUE
        text = CATALOGUE.get(template, template)
    return text.format(**fields)
