"""helpers.i18n: one text layer. Every sentence ``helpers`` shows has a stable id and a text per language.

The texts are ``helpers/texts/<language>/<name>.toml``; code asks for them with ``tr("<name>.<key>", **fields)``.
The scan reads helpers/**/*.py with ``ast`` (no import): every id a ``tr`` call names exists in every
language with the same fields, every id in the files is used, and no English sentence is left in a
string literal outside the text files (so an error message, a caption or a label cannot bypass the
reader's language). The explorers' JavaScript (helpers/js/**/*.js but the generated explorers.js) reads
the same texts from ``ctx.texts`` (``tr(ctx.texts, "<name>.<key>")``, ``t("…")``): every id written in
its string literals counts as used, must exist in every language and be one ``ctx`` carries
(``helpers.explorers.context.TEXT_FILES``), and no Chinese is written in it.
"""
from __future__ import annotations

import ast
import re
import string
import tomllib
from collections import Counter

import numpy as np
import pytest
from conftest import ROOT

from helpers import i18n

HELPERS = sorted((ROOT / "helpers").rglob("*.py"))   # subpackages too
JS_DIR = ROOT / "helpers" / "js"
JS_BUNDLE = JS_DIR / "explorers.js"                  # generated from the others by tools/build_js.py
JS_SOURCES = sorted(p for p in JS_DIR.rglob("*.js") if p != JS_BUNDLE and "node_modules" not in p.parts)
TEXTS = ROOT / "helpers" / "texts"
EXERCISE_FILE = re.compile(r"\d\d")                  # 01.toml … 11.toml: exercise tables, read by the checker


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_language("en")


# ---------------------------------------------------------------- the scan

def _id_patterns(node):
    """The ids a ``tr`` call's first argument can name: a literal, either branch of ``a if c else b``,
    or, for an f-string or ``"prefix." + name``, a regular expression of the ids it can build."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [re.escape(node.value)]
    if isinstance(node, ast.IfExp):
        return _id_patterns(node.body) + _id_patterns(node.orelse)
    if isinstance(node, ast.JoinedStr):
        return ["".join(re.escape(v.value) if isinstance(v, ast.Constant) else r"[\w]+" for v in node.values)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return [a + b for a in _id_patterns(node.left) for b in _id_patterns(node.right)]
    if isinstance(node, ast.Name):
        return [r"[\w]+"]
    return [None]


def _tr_calls(path):
    """(line, [id pattern or None, …]) of every call ``tr(...)`` / ``i18n.tr(...)`` in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            if name == "tr":
                yield node.lineno, _id_patterns(node.args[0]) if node.args else [None]


def _uses():
    """{id pattern: [file:line, …]} over helpers/**/*.py; a literal id's pattern is the escaped id."""
    found = {}
    for path in HELPERS:
        for line, patterns in _tr_calls(path):
            for pattern in patterns:
                found.setdefault(pattern, []).append(f"{path.relative_to(ROOT)}:{line}")
    return found


# ---------------------------------------------------------------- the scan of the explorers' JavaScript

HOLE = "\0"     # stands for a template literal's ${…} in a scanned string


_REGEX_BEFORE = set("(,=:[!&|?{};+-*%<>~^")     # a "/" after one of these (or a keyword) starts a regex literal
_REGEX_KEYWORDS = {"return", "typeof", "case", "in", "of", "else", "void", "delete", "new", "throw", "yield", "await"}


def _js_strings(text):
    """(line, value) of every string literal of a JavaScript source ('…', "…", `…`; a template literal's
    ``${…}`` parts become ``HOLE``), comments and regular expression literals (``/"/g``) skipped."""
    i, n, line, prev, word = 0, len(text), 1, "", ""
    while i < n:
        c, nxt = text[i], text[i + 1:i + 2]
        if c == "\n":
            line += 1
            i += 1
        elif c.isspace():
            i += 1
        elif c == "/" and nxt == "/":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif c == "/" and nxt == "*":
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            line += text.count("\n", i, end)
            i = end
        elif c == "/" and (prev in _REGEX_BEFORE or prev == "" or word in _REGEX_KEYWORDS):
            i, in_class = i + 1, False
            while i < n and (in_class or text[i] != "/") and text[i] != "\n":
                if text[i] == "\\":
                    i += 1
                elif text[i] == "[":
                    in_class = True
                elif text[i] == "]":
                    in_class = False
                i += 1
            i += 1
            while i < n and text[i].isalpha():   # flags
                i += 1
            prev, word = ")", ""
        elif c in "'\"`":
            start, value, i = line, [], i + 1
            while i < n and text[i] != c:
                if text[i] == "\\":
                    value.append(text[i:i + 2])
                    i += 2
                    continue
                if c == "`" and text.startswith("${", i):
                    depth, i = 1, i + 2
                    while i < n and depth:
                        depth += {"{": 1, "}": -1}.get(text[i], 0)
                        line += text[i] == "\n"
                        i += 1
                    value.append(HOLE)
                    continue
                line += text[i] == "\n"
                value.append(text[i])
                i += 1
            i += 1
            prev, word = c, ""
            yield start, "".join(value)
        elif c.isalnum() or c in "_$":
            j = i
            while j < n and (text[j].isalnum() or text[j] in "_$"):
                j += 1
            prev, word, i = text[j - 1], text[i:j], j
        else:
            prev, word, i = c, "", i + 1


def _js_id_pattern(value, stems):
    """The ids a JavaScript string can name: ``"captions.sum_no_copy"`` itself, a template literal
    (``widgets.label.${name}`` between backticks) or a prefix ``"widgets.label." + name`` as a regular expression; None for a
    string that is no text id (its first part is not a text file's name)."""
    m = re.fullmatch(r"([a-z_0-9]+)\.[\w.\0]*", value)
    if not m or m[1] not in stems:
        return None
    pattern = r"[\w]+".join(re.escape(part) for part in value.split(HOLE))
    return pattern + r"[\w]+" if value.endswith(".") else pattern


def _js_uses(paths=None):
    """{id pattern: [file:line, …]} of the ids written in helpers/js/**/*.js (not the generated bundle)."""
    stems = {path.stem for path in (TEXTS / "en").glob("*.toml") if not EXERCISE_FILE.fullmatch(path.stem)}
    found = {}
    for path in JS_SOURCES if paths is None else paths:
        for line, value in _js_strings(path.read_text(encoding="utf-8")):
            pattern = _js_id_pattern(value, stems)
            if pattern is not None:
                found.setdefault(pattern, []).append(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}:{line}")
    return found


def _flatten(table, prefix):
    for key, value in table.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def _catalogue(language, exercises=False):
    """{id: text} of every text file of ``language`` (the exercise files only when ``exercises``)."""
    out = {}
    for path in sorted((TEXTS / language).glob("*.toml")):
        if bool(EXERCISE_FILE.fullmatch(path.stem)) != exercises:
            continue
        with path.open("rb") as f:
            out.update(_flatten(tomllib.load(f), f"{path.stem}."))
    return out


def _fields(text):
    """The fields of a template with their conversion and format spec, as a multiset (order may differ
    between languages, the fields may not)."""
    return Counter((name, conv, spec) for _, name, spec, conv in string.Formatter().parse(text) if name is not None)


def test_scanner_finds_literal_conditional_and_built_ids(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('x = tr("a.b", n=1)\ny = i18n.tr("a.c" if n else "a.d")\nz = tr(f"w.label.{name}")\n'
                      'v = tr("c.u." + name)\nu = tr(name)\nw = translate("D")\n')
    assert list(_tr_calls(sample)) == [(1, [r"a\.b"]), (2, [r"a\.c", r"a\.d"]), (3, [r"w\.label\.[\w]+"]),
                                        (4, [r"c\.u\.[\w]+"]), (5, [r"[\w]+"])]


def test_there_are_texts_in_both_languages():
    assert i18n.LANGUAGES == ("en", "zh")
    english = _catalogue("en")
    assert len(english) > 250 and "widgets.label.stride" in english and "checker.correct" in english


def test_every_tr_call_names_its_id_in_the_code():
    """An id must be readable from the source (a literal, or a literal prefix), never a bare variable."""
    bad = {p: where for p, where in _uses().items() if p is None or p == r"[\w]+"}
    assert not bad, f"tr() needs its id written out (at least a 'file.' prefix): {bad}"


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_id_used_in_code_exists_in_every_language(language):
    ids = _catalogue(language)
    missing = {p: where for p, where in _uses().items()
               if p not in (None, r"[\w]+") and not any(re.fullmatch(p, i) for i in ids)}
    assert not missing, f"ids used in helpers/ without a text in helpers/texts/{language}/: {missing}"


def test_every_id_is_used():
    """An id no tr() call can name (in helpers/**/*.py, or written in the explorers' JavaScript) is dead
    text (e.g. left behind when a sentence was removed)."""
    patterns = [re.compile(p) for p in [*_uses(), *_js_uses()] if p is not None]
    unused = sorted(i for i in _catalogue("en") if not any(p.fullmatch(i) for p in patterns))
    assert not unused, f"helpers/texts/en/ has ids no tr() call uses: {unused}"


def test_js_scanner_finds_literal_conditional_and_built_ids(tmp_path):
    sample = tmp_path / "sample.js"
    sample.write_text('// "captions.in_a_comment"\nconst a = t("widgets.play_start");\n'
                      '/* tr(texts, "svg.in_a_block")\n */ const b = tr(ctx.texts, k ? "captions.even_one" : \'captions.even_many\', {});\n'
                      'const c = t(`widgets.label.${name}`); const d = tr(texts, "widgets.label." + name);\n'
                      'const e = ["shapes.kernel_too_large"]; const f = "http://www.w3.org/2000/svg"; const g = "a.b";\n'
                      'const h = `${x}px`; const i = "say \\"svg.quoted\\" here";\n'
                      'const j = s.replace(/"/g, "&quot;").replace(/\'/g, "x") / 2; const k = t("svg.after_regex");\n'
                      'const m = a / b / "c"; if (x) return /[/"]/.test(y) ? "palette.after_class" : "";\n', encoding="utf-8")
    uses = _js_uses([sample])
    assert {p: [w.rsplit(":", 1)[1] for w in where] for p, where in uses.items()} == {
        r"widgets\.play_start": ["2"], r"captions\.even_one": ["4"], r"captions\.even_many": ["4"],
        r"widgets\.label\.[\w]+": ["5", "5"], r"shapes\.kernel_too_large": ["6"], r"svg\.after_regex": ["8"],
        r"palette\.after_class": ["9"]}


def test_js_sources_are_scanned():
    """The scan sees the hand-written modules (core.js, controls.js, views/, lib/), never the generated bundle."""
    names = {p.relative_to(JS_DIR).as_posix() for p in JS_SOURCES}
    assert {"core.js", "controls.js"} <= names and "explorers.js" not in names
    assert r"widgets\.play_start" in _js_uses() and r"captions\.sum_no_copy" in _js_uses()


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_id_the_javascript_uses_exists_in_every_language(language):
    """The browser finds its texts in ``ctx.texts``: only the files of ``context.TEXT_FILES``, all in every
    language (a missing one would show its id, or nothing, to a reader)."""
    from helpers.explorers.context import TEXT_FILES
    ids = _catalogue(language)
    missing = {p: where for p, where in _js_uses().items() if not any(re.fullmatch(p, i) for i in ids)}
    assert not missing, f"ids used in helpers/js/ without a text in helpers/texts/{language}/: {missing}"
    outside = {p: where for p, where in _js_uses().items() if p.split("\\.", 1)[0] not in TEXT_FILES}
    assert not outside, f"ids used in helpers/js/ from a text file ctx does not carry ({TEXT_FILES}): {outside}"


def test_no_chinese_written_in_the_javascript():
    """Words reach the browser through ctx.texts only: no Chinese in a string literal of helpers/js/."""
    found = [f"{path.relative_to(ROOT)}:{line}: {value!r}" for path in JS_SOURCES
             for line, value in _js_strings(path.read_text(encoding="utf-8")) if re.search("[\u4e00-\u9fff]", value)]
    assert not found, "Chinese written in JavaScript instead of helpers/texts/zh/*.toml:\n" + "\n".join(found)


@pytest.mark.parametrize("exercises", [False, True], ids=["modules", "exercises"])
def test_every_language_has_the_same_ids_and_fields(exercises):
    english = _catalogue("en", exercises)
    for language in i18n.LANGUAGES[1:]:
        local = _catalogue(language, exercises)
        assert sorted(local) == sorted(english), (language, sorted(set(local) ^ set(english)))
        for text_id, text in english.items():
            if isinstance(text, str):
                assert _fields(local[text_id]) == _fields(text), f"{language} {text_id}: {local[text_id]!r} vs {text!r}"
            else:   # a list (hints): as many entries
                assert len(local[text_id]) == len(text), f"{language} {text_id}"


def test_chinese_texts_are_chinese():
    english = _catalogue("en")
    not_chinese = {i: t for i, t in _catalogue("zh").items() if not re.search("[\u4e00-\u9fff]", t)
                   and t == english[i] and not re.fullmatch(r"[\d\W]*", t)}
    assert not not_chinese, f"Chinese texts that are still English: {not_chinese}"


# ---------------------------------------------------------------- no English outside the text files

# String literals with English words that are not shown to a reader, each with the reason.
NOT_SHOWN = {
    ("helpers/svg.py", "zero-inserted, padded X (18×18)"): "a sample to measure the widest title, never drawn",
    ("helpers/figures.py", "axes fraction"): "a Matplotlib coordinate system",
    ("helpers/checker.py", "no text for exercise "): "a developer's error: an exercise registered without text",
    ("helpers/bank/common.py", "no upper limit found"): "a developer's error in an exercise's computation",
    ("helpers/bank/common.py", "no even kernel found"): "a developer's error in an exercise's computation",
}
# helpers/quiz.py writes the printed quiz for a lecturer (tools/quiz.py): English only, no language switch.
NOT_SCANNED = {"helpers/quiz.py"}
PROSE = re.compile(r"[A-Za-z]{2,} [a-z]{2,}")
MARKUP = re.compile(r"<|style=|font-family|:hover|\\u|tconv-")   # HTML, CSS, regexes, CSS classes


def _english_literals(path):
    """(line, text) of every string literal in the file at ``path`` that reads as English prose and is
    not a docstring or a ``tr`` id."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skip.add(id(first.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            if PROSE.search(node.value) and not MARKUP.search(node.value):
                yield node.lineno, node.value


def test_scanner_finds_english_in_errors_and_f_strings(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('"""A docstring is no text."""\nraise ValueError(f"size must be {n} or more")\n'
                      'x = tr("captions.even_one")\ny = "<div style=\'a b\'>"\nw = "(H, W)"\n')
    assert list(_english_literals(sample)) == [(2, "size must be "), (2, " or more")]


def test_no_english_sentence_outside_the_text_files():
    found = []
    for path in HELPERS:
        rel = str(path.relative_to(ROOT))
        if rel in NOT_SCANNED:
            continue
        found += [f"{rel}:{line}: {text!r}" for line, text in _english_literals(path) if (rel, text) not in NOT_SHOWN]
    assert not found, ("English a reader could see, written in code instead of helpers/texts/en/*.toml "
                       "(give it an id and tr(...)):\n" + "\n".join(found))


# ---------------------------------------------------------------- the lookup

def test_tr_follows_the_language_and_fills_fields():
    assert i18n.tr("i18n.unknown_language", choices="'en', 'zh'", language="fr") == \
        "language must be one of 'en', 'zh', not 'fr'"
    i18n.set_language("zh")
    assert i18n.tr("i18n.unknown_language", choices="'en', 'zh'", language="fr") == \
        "language 只能是 'en', 'zh' 之一，而不是 'fr'"
    assert i18n.tr("widgets.label.stride") == "步幅", "a key inside a table"
    i18n.set_language("en")
    assert i18n.tr("widgets.label.stride") == "stride"
    with pytest.raises(KeyError):
        i18n.tr("widgets.no_such_text")


def test_a_missing_translation_falls_back_to_english(tmp_path, monkeypatch):
    (tmp_path / "en").mkdir()
    (tmp_path / "zh").mkdir()
    (tmp_path / "en" / "demo.toml").write_text('a = "A {n}"\nb = "B {{literal}}"\n[t]\nc = "C"\n', encoding="utf-8")
    (tmp_path / "zh" / "demo.toml").write_text('a = "甲 {n}"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "TEXT_DIR", tmp_path)
    i18n._load.cache_clear()
    i18n._texts.cache_clear()
    try:
        i18n.set_language("zh")
        assert (i18n.tr("demo.a", n=1), i18n.tr("demo.b"), i18n.tr("demo.t.c")) == ("甲 1", "B {literal}", "C")
    finally:
        i18n.set_language("en")
        i18n._load.cache_clear()
        i18n._texts.cache_clear()


def test_set_language_rejects_unknown_languages_in_the_current_language():
    with pytest.raises(ValueError, match=r"language must be one of 'en', 'zh', not 'fr'"):
        i18n.set_language("fr")
    i18n.set_language("zh")
    with pytest.raises(ValueError, match=r"language 只能是 'en', 'zh' 之一，而不是 'fr'"):
        i18n.set_language("fr")
    assert i18n.get_language() == "zh", "a rejected language leaves the current one"


# ---------------------------------------------------------------- errors in the reader's language

def _errors():
    """(name, call, English, Chinese): a refused call and its message in each language, written here.
    Each message names the parameter and says why."""
    from helpers import explorers, operations, palette, shapes, stepping, upsampling
    one = np.ones((1, 1, 2, 2))
    return [
        ("conv_transpose2d padding", lambda: operations.conv_transpose2d(one, one, padding=3),
         "padding=3 is too large for the output's height: the full output is 3 long and padding crops 3 from each "
         "side, leaving -3. Use padding at most 1.",
         "padding=3 对输出的高度来说太大了：完整输出长 3，padding 从两侧各裁掉 3，只剩下 -3。padding 最多只能取 1。"),
        ("conv_transpose2d channels", lambda: operations.conv_transpose2d(np.ones((1, 2, 2, 2)), one),
         "input has 2 channels but the transposed weight's first axis is C_in, so weight (1, 1, 2, 2) expects 1 "
         "input channels (note: the reverse of Conv2d's layout).",
         "输入有 2 个通道，但转置卷积的 weight 第一个轴是 C_in，所以 weight (1, 1, 2, 2) 需要 1 个输入通道"
         "（注意：与 Conv2d 的布局相反）。"),
        ("conv2d padding='same'", lambda: operations.conv2d(one, one, stride=2, padding="same"),
         "padding='same' needs stride 1 (got stride=(2, 2)): with a larger stride no padding keeps the size.",
         "padding='same' 要求步幅为 1（这里 stride=(2, 2)）：步幅更大时，任何填充都无法保持大小不变。"),
        ("upsample_image factor", lambda: operations.upsample_image(np.ones((2, 2)), 0, "nearest"),
         "factor must be at least 1, got 0.", "factor 至少为 1，而不是 0。"),
        ("as_int bool", lambda: shapes.as_int(True, "stride"),
         "stride must be an int, not a bool (True).", "stride 必须是整数，不能是布尔值（True）。"),
        ("as_pair length", lambda: shapes.as_pair((1, 2, 3), "padding"),
         "padding must be an int or a pair of ints (h, w) for a 2-D convolution, got 3 values: (1, 2, 3).",
         "padding 必须是一个整数或一对整数 (h, w)（二维卷积），而这里有 3 个值：(1, 2, 3)。"),
        ("pixel_shuffle channels", lambda: upsampling.pixel_shuffle(np.ones((3, 2, 2)), 2),
         "x has 3 channels, which is not a multiple of upscale_factor² = 4.",
         "x 有 3 个通道，不是 upscale_factor² = 4 的整数倍。"),
        ("window_step position", lambda: stepping.window_step(np.ones((2, 2)), np.ones((2, 2)), 1, 0, 0, 9),
         "position must be between 0 and 8 (one per output cell), got 9.",
         "position 必须在 0 到 8 之间（每个输出格一个位置），而不是 9。"),
        ("element_label", lambda: palette.element_label(-1),
         "element number must be 0 or more, got -1.", "元素编号必须不小于 0，而不是 -1。"),
        ("ScatterExplorer groups", lambda: explorers.ScatterExplorer(in_channels=2, out_channels=3, groups=2),
         "groups=2 must divide in_channels=2 and out_channels=3.",
         "groups=2 必须能整除 in_channels=2 和 out_channels=3。"),
    ]


@pytest.mark.parametrize("case", range(10))
def test_errors_speak_the_readers_language(case):
    name, call, english, chinese = _errors()[case]
    with pytest.raises(ValueError) as err:
        call()
    assert str(err.value) == english, name
    i18n.set_language("zh")
    with pytest.raises(ValueError) as err:
        call()
    assert str(err.value) == chinese, name


def test_formula_checker_sees_a_swap():
    from golden import distinct_values, same_formulas
    v = distinct_values("✗ {back} ≠ {n}: set output_padding to {need}")
    english = "✗ {back} ≠ {n}: set output_padding to {need}".format(**v)
    assert same_formulas(english, "✗ {back} ≠ {n}：把 output_padding 设为 {need}".format(**v)) == []
    assert same_formulas(english, "✗ {n} ≠ {back}：把 output_padding 设为 {need}".format(**v)) == ["101≠202"]


def _templates():
    """(id, English, Chinese) of every module text that has fields (the exercise texts: test_zh_helpers)."""
    en, zh = _catalogue("en"), _catalogue("zh")
    return [(i, en[i], zh[i]) for i in sorted(en) if isinstance(en[i], str) and i in zh and _fields(en[i])]


@pytest.mark.parametrize("text_id, english, chinese", _templates(), ids=[t[0] for t in _templates()])
def test_chinese_puts_each_value_where_the_english_does(text_id, english, chinese):
    """Rendered with a different number in every field, each formula of the English sentence
    (``Y[101, 202]``, ``202 ≠ 101``, ``101×202``) appears unchanged in the Chinese one: a swapped
    placeholder fails here, where comparing the sets of field names could not see it."""
    from golden import distinct_values, same_formulas
    values = distinct_values(english)
    missing = same_formulas(english.format(**values), chinese.format(**values))
    assert not missing, f"{text_id}: {english!r} → {chinese!r}: these formulas are not in the Chinese: {missing}"
