"""Under ``set_language("zh")`` every worked explanation is Chinese: no English word glued in by the bank.

The explanations are templates from ``helpers/texts/<language>/NN.toml`` filled by
``helpers/bank/nbNN.py`` with computed values; a word the bank writes itself (" or ", "step") would stay
English in the Chinese text. For every exercise whose notebook has a Chinese text file, the Chinese
explanation may hold only ASCII words that are code: identifiers the English texts write as code
(in backticks; with an underscore, a digit or CamelCase; called, indexed or assigned: ``name(``,
``name[``, ``name=``, ``name =``; dotted: ``torch.nn``; in a formula: ``2·stride``, ``stride/2``;
capitalised inside a sentence: ``Tanh``, ``DCGAN``), such as ``stride``, ``kernel_size``, ``ConvTranspose2d``, ``nn``; besides them only the few names and
operators of ``NOTATION``. Single letters (H, k, s, X, K) are notation and always allowed.
"""
from __future__ import annotations

import re
import tomllib

import pytest

from helpers import exercises as ex
from helpers.i18n import TEXT_DIR
from helpers.i18n import set_language

ZH_FILES = sorted(p.stem for p in (TEXT_DIR / "zh").glob("[0-9][0-9].toml"))
ZH_KEYS = [key for key in sorted(ex.EXERCISES) if key[:2] in ZH_FILES]

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CODE_SPAN = re.compile(r"`([^`]+)`")
_AS_CODE_AFTER = re.compile(r"\s*=|[(\[·]|/\s*\d|\.[A-Za-z_]")   # name=, name =, name(, name[, stride/2, torch.nn
_AS_CODE_BEFORE = re.compile(r"(?:[A-Za-z_0-9]\.|·|\d\s*/)$")      # nn.Conv2d, 2·stride, 1/stride
_MID_SENTENCE = re.compile(r"[\w,;)]\s+$")   # a capital here starts a name (Tanh, FCN, DCGAN), not a sentence
_FIELD = re.compile(r"\{[^{}]*\}")                                  # a template's {fields} are not shown
NOTATION = {"torch", "PyTorch", "NumPy", "mod"}   # names and an operator the Chinese keeps as they are


def _strings(table) -> list[str]:
    """Every string in a parsed TOML table, nested tables and lists included."""
    if isinstance(table, str):
        return [table]
    values = table.values() if isinstance(table, dict) else table
    return [s for v in values for s in _strings(v)]


def _code_words(text: str) -> set[str]:
    """The words ``text`` writes as code (see the module docstring)."""
    text = _FIELD.sub(" ", text)
    found = {w for span in _CODE_SPAN.findall(text) for w in _WORD.findall(span)}
    for m in _WORD.finditer(text):
        word = m.group()
        if ("_" in word or re.search(r"\d", word) or re.search(r"[a-z][A-Z]", word)
                or _AS_CODE_AFTER.match(text, m.end()) or _AS_CODE_BEFORE.search(text, 0, m.start())
                or (word[0].isupper() and _MID_SENTENCE.search(text, 0, m.start()))):
            found.add(word)
    return found


def _english_code_words() -> set[str]:
    words = set()
    for path in sorted((TEXT_DIR / "en").glob("[0-9][0-9].toml")):
        with path.open("rb") as f:
            for text in _strings(tomllib.load(f)):
                words |= _code_words(text)
    return words


ALLOWED = _english_code_words() | NOTATION


def _ascii_words(text: str) -> list[str]:
    """The ASCII words of ``text`` with at least two letters."""
    return [w for w in _WORD.findall(text) if len(re.findall(r"[A-Za-z]", w)) >= 2]


@pytest.fixture
def chinese():
    set_language("zh")
    yield
    set_language("en")


def test_the_allow_list_holds_code_and_no_prose():
    assert {"stride", "padding", "kernel_size", "output_padding", "ConvTranspose2d", "Conv2d"} <= ALLOWED
    assert not {"or", "step", "the", "and", "copies", "so", "each", "row", "rows", "right"} & ALLOWED, sorted(ALLOWED)


def test_the_check_finds_a_glued_english_word():
    assert _code_words("ConvTranspose2d(stride=2) or `nn.Conv2d`") == {"ConvTranspose2d", "stride", "nn", "Conv2d"}
    assert [w for w in _ascii_words("k = 1：0 or 1；kernel_size = 4") if w not in ALLOWED] == ["or"]


def test_there_are_chinese_texts():
    assert "11" in ZH_FILES and len(ZH_KEYS) >= 3 * len(ZH_FILES)


@pytest.mark.parametrize("key", ZH_KEYS)
def test_chinese_explanation_has_no_english_words(key, chinese):
    text = ex.solution(key).explanation
    assert re.search(r"[\u4e00-\u9fff]", text), f"{key}: the explanation is not Chinese: {text}"
    stray = [w for w in _ascii_words(text) if w not in ALLOWED]
    assert not stray, f"{key}: English in the Chinese explanation: {stray}: {text}"
