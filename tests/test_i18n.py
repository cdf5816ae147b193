"""helpers.i18n: the language switch and ``tr``; every ``tr("…")`` template in helpers/ has its Chinese.

The scan reads helpers/**/*.py with ``ast`` (no import), so a template added anywhere in the package
without an entry in helpers/catalogue_zh.py fails here, naming the file and line.
"""
from __future__ import annotations

import ast
import string

import pytest
from conftest import ROOT

from helpers import i18n
from helpers.catalogue_zh import CATALOGUE

HELPERS = sorted((ROOT / "helpers").rglob("*.py"))   # subpackages too


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_language("en")


def _tr_calls(path):
    """(line, template or None) of every call ``tr(...)`` / ``i18n.tr(...)`` in the file at ``path``;
    None when the first argument is not one string literal (then nobody could look it up)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            if name == "tr":
                first = node.args[0] if node.args else None
                literal = isinstance(first, ast.Constant) and isinstance(first.value, str)
                yield node.lineno, first.value if literal else None


def _templates():
    """{template: [file:line, …]} over helpers/*.py."""
    found = {}
    for path in HELPERS:
        for line, template in _tr_calls(path):
            found.setdefault(template, []).append(f"{path.relative_to(ROOT)}:{line}")
    return found


def _fields(template):
    return sorted(name for _, name, _, _ in string.Formatter().parse(template) if name is not None)


def test_scanner_finds_calls_and_non_literal_templates(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('from .i18n import tr\nx = tr("A {n}.", n=1)\ny = i18n.tr("B" " c")\nz = tr(f"{x}")\n'
                      'w = translate("D")\n')
    assert list(_tr_calls(sample)) == [(2, "A {n}."), (3, "B c"), (4, None)]


def test_every_tr_template_is_a_literal():
    bad = _templates().get(None, [])
    assert not bad, f"tr() needs one string literal as its template (an f-string cannot be looked up): {bad}"


def test_every_tr_template_has_chinese():
    missing = {t: where for t, where in _templates().items() if t is not None and t not in CATALOGUE}
    assert not missing, ("English templates without a Chinese entry in helpers/catalogue_zh.py "
                         f"(docs/translating.md says how to add one): {missing}")


def test_every_catalogue_entry_belongs_to_a_tr_call():
    """An entry whose English no tr() call uses any more is stale: the English text changed."""
    stale = sorted(set(CATALOGUE) - set(_templates()))
    assert not stale, f"helpers/catalogue_zh.py has entries no tr() call uses (English changed?): {stale}"


@pytest.mark.parametrize("english", sorted(CATALOGUE))
def test_chinese_keeps_the_fields_and_is_chinese(english):
    chinese = CATALOGUE[english]
    assert _fields(chinese) == _fields(english), f"fields differ: {english!r} vs {chinese!r}"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese), f"not Chinese: {chinese!r}"
    assert chinese != english


def test_tr_follows_the_language_and_fills_fields():
    template = "language must be one of {choices}, not {language!r}"
    assert i18n.tr(template, choices="'en', 'zh'", language="fr") == "language must be one of 'en', 'zh', not 'fr'"
    i18n.set_language("zh")
    assert i18n.tr(template, choices="'en', 'zh'", language="fr") == "language 只能是 'en', 'zh' 之一，而不是 'fr'"
    assert i18n.tr("No entry for this {x}.", x=1) == "No entry for this 1.", "falls back to English"
    assert i18n.tr("{{literal}} braces") == "{literal} braces"
    i18n.set_language("en")
    assert i18n.tr(template, choices="a", language="b") == "language must be one of a, not 'b'"


def test_set_language_rejects_unknown_languages_in_the_current_language():
    with pytest.raises(ValueError, match=r"language must be one of 'en', 'zh', not 'fr'"):
        i18n.set_language("fr")
    i18n.set_language("zh")
    with pytest.raises(ValueError, match=r"language 只能是 'en', 'zh' 之一，而不是 'fr'"):
        i18n.set_language("fr")
    assert i18n.get_language() == "zh", "a rejected language leaves the current one"


def test_formula_checker_sees_a_swap():
    from golden import distinct_values, same_formulas
    v = distinct_values("✗ {back} ≠ {n}: set output_padding to {need}")
    english = "✗ {back} ≠ {n}: set output_padding to {need}".format(**v)
    assert same_formulas(english, "✗ {back} ≠ {n}：把 output_padding 设为 {need}".format(**v)) == []
    assert same_formulas(english, "✗ {n} ≠ {back}：把 output_padding 设为 {need}".format(**v)) == ["101≠202"]


@pytest.mark.parametrize("english", sorted(CATALOGUE))
def test_chinese_puts_each_value_where_the_english_does(english):
    """Rendered with a different number in every field, each formula of the English sentence
    (``Y[101, 202]``, ``202 ≠ 101``, ``101×202``) appears unchanged in the Chinese one: a swapped
    placeholder fails here, where comparing the sets of field names could not see it."""
    from golden import distinct_values, same_formulas
    values = distinct_values(english)
    missing = same_formulas(english.format(**values), CATALOGUE[english].format(**values))
    assert not missing, f"{english!r} → {CATALOGUE[english]!r}: these formulas are not in the Chinese: {missing}"
