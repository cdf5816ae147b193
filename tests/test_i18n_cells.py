"""The notebooks' own words reach the reader in the notebook's language (issue 19, "A Chinese reader").

Both editions run the same code cells (tests/test_editions.py), so a label printed by a cell
(``print("helpers agree with torch:", ok)``), a figure title or a table header written in code is seen
by the Chinese reader too. Such a text is written ``T("helpers agree with torch:")`` (helpers.i18n.T,
gettext style: the English is the key, so the student still reads it in the code) and its Chinese is
``helpers/texts/zh/cells/NN.toml``. Checked here:

1. no string literal of a code cell reads as English prose unless it is the key of a ``T(...)`` call
   (a scan of each cell's ``ast``: identifiers, format specs, paths and keys used in code are no prose);
2. every ``T`` key has a Chinese entry with the same ``{fields}``, numbers and symbols, in the project's
   terms, and every entry is used;
3. ``T`` follows the language and fills its fields;
4. the committed Chinese notebooks' text outputs have no English prose line (torch's own messages,
   listed below with their reason, aside). This one reads the committed outputs: it passes once the
   notebooks are re-executed (``make notebooks``).
"""
from __future__ import annotations

import ast
import re
import string
import tomllib
from collections import Counter

import nbformat
import pytest
from conftest import NOTEBOOK_DIR, ROOT, ZH_DIR

from helpers import i18n
from helpers.i18n import T

NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
ZH_NOTEBOOKS = sorted(ZH_DIR.glob("*.ipynb"))
CELLS = ROOT / "helpers" / "texts" / "zh" / i18n.CELLS

# Two words in a row ("copies per", "padding, stride", "half (same"): prose, not a name or a value
# ("helpers: output_padding" is a label and a parameter's name).
PROSE = re.compile(r"(?<![\w.])[A-Za-z]{2,}[,;:)]?\s+\(?[a-z]{2,}(?!\w)")
# A lone English word a reader sees ("equal:", "train", "7×7 input, k = 3:"): three letters or more, not
# part of a name (x.grad, output_padding, F.interpolate, conv2d) nor a call or keyword (outer(, padding=).
WORD = re.compile(r"(?<![\w.'])[a-z]{3,}(?![\w(=.])")
# Words that are code a student types, the same in both editions (names of modules, parameters, attributes).
CODE_WORDS = {"torch", "helpers", "numpy", "padding", "stride", "dilation", "groups", "weight", "bias", "grad",
              "vec", "zeros", "reflect", "same", "nearest", "bilinear", "tent"}
# Keyword arguments whose value is shown to the reader (the others, mode="nearest", padding="same", are code).
SHOWN_KEYWORDS = {"title", "label", "xlabel", "ylabel", "titles", "labels", "caption", "text", "name", "names"}
# Literals that match PROSE and are not translated, each with the reason.
NOT_PROSE = {
    "  B = outer(tent, tent):": "a formula over the cell's own function and variable names (10)",
}


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_language("en")


# ---------------------------------------------------------------- 1. the scan of the code cells

def _t_calls(tree):
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name) and node.func.id == "T"]


def _code_only(tree):
    """ids of the string constants that are code, not words: format specs, subscripts (``d["key"]``),
    comparisons, keyword values other than SHOWN_KEYWORDS, ``T``'s own arguments (its key and fields)."""
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            skip |= {id(n) for n in ast.walk(node.format_spec)}
        elif isinstance(node, ast.Subscript):
            skip |= {id(n) for n in ast.walk(node.slice)}
        elif isinstance(node, ast.Compare):
            skip |= {id(n) for n in [node.left, *node.comparators]}
        elif isinstance(node, ast.keyword) and node.arg not in SHOWN_KEYWORDS:
            if isinstance(node.value, ast.Constant):
                skip.add(id(node.value))
    for call in _t_calls(tree):
        if call.args:
            skip.add(id(call.args[0]))
    return skip


def english_literals(source):
    """(line, text) of every string literal of a code cell that reads as English prose and reaches the
    reader untranslated: a plain literal, or the text parts of an f-string (which ``T`` cannot look up
    whole: write ``T("… {name} …", name=value)``)."""
    tree = ast.parse(source)
    skip = _code_only(tree)
    parts = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and id(node) not in skip:
            text = "".join(v.value if isinstance(v, ast.Constant) else "{…}" for v in node.values)
            if _reads_as_english(text.replace("{…}", " ")):
                found.append((node.lineno, text))
        elif (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
              and id(node) not in parts and _reads_as_english(node.value) and node.value not in NOT_PROSE
              and not re.fullmatch(r"[\w./-]+", node.value) and not node.value.isidentifier()):   # a name or a path
            found.append((node.lineno, node.value))
    return sorted(found)


def _reads_as_english(text):
    return bool(PROSE.search(text)) or any(w not in CODE_WORDS for w in WORD.findall(text))


def test_scanner_finds_labels_titles_and_f_strings_and_spares_code():
    source = ('print("helpers agree with torch:", ok)\nax.set_title("deconv of the image")\n'
              'print(f"stride {s}: copies per cell")\nplot(x, title="copies per output cell")\n'
              'print(T("helpers agree with torch:"), T("stride {s}: copies", s=s))\n'
              'y = F.interpolate(x, mode="nearest exact")\nv = d["some key here"]\nif m == "some mode name": pass\n'
              'print(f"{value:>4} {name}")\np = "data/grace_hopper.jpg"\nprint("equal:", "x.grad == conv2d(G):", "padding=1:")\n'
              'print("7×7 input, k = 3:", "helpers == torch:")\nz = "output_padding"\n')
    assert english_literals(source) == [(1, "helpers agree with torch:"), (2, "deconv of the image"),
                                        (3, "stride {…}: copies per cell"), (4, "copies per output cell"),
                                        (11, "equal:"), (12, "7×7 input, k = 3:")]


def _cells(path):
    nb = nbformat.read(path, as_version=4)
    return [(i, cell.source) for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_english_prose_outside_T(path):
    found = [f"{path.name} cell {i} line {line}: {text!r}" for i, source in _cells(path)
             for line, text in english_literals(source)]
    assert not found, ("English a Chinese reader would see, written in a shared code cell: write it "
                       "T(\"…\") (fields: T(\"… {name} …\", name=value)) and give it a Chinese entry in "
                       "helpers/texts/zh/cells/NN.toml:\n" + "\n".join(found))


# ---------------------------------------------------------------- 2. the catalogue

def _keys(path):
    """[(cell, key)] of the ``T`` calls in the notebook's code cells; a key that is no literal is None."""
    out = []
    for i, source in _cells(path):
        for call in _t_calls(ast.parse(source)):
            arg = call.args[0] if call.args else None
            out.append((i, arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None))
    return out


def _fields(text):
    return Counter((name, conv, spec) for _, name, spec, conv in string.Formatter().parse(text) if name is not None)


NUMBER = re.compile(r"\d+(?:\.\d+)?")
SYMBOLS = "×−·²→=≠±°|%ᵀ"


def _catalogue_files():
    return {path.stem: tomllib.loads(path.read_text(encoding="utf-8")) for path in sorted(CELLS.glob("*.toml"))}


def test_the_notebooks_say_their_words_with_T():
    used = {key for path in NOTEBOOKS for _, key in _keys(path)}
    assert len(used) > 150, f"only {len(used)} texts go through T"
    bad = [f"{path.name} cell {i}" for path in NOTEBOOKS for i, key in _keys(path) if key is None]
    assert not bad, f"T needs its English written out as a literal (it is the key): {bad}"


def test_every_T_key_has_a_chinese_entry_with_the_same_fields():
    chinese = i18n.cell_catalogue("zh")
    missing, fields = [], []
    for path in NOTEBOOKS:
        for i, key in _keys(path):
            if key is None:
                continue
            if key not in chinese:
                missing.append(f"{path.name} cell {i}: {key!r}")
            elif _fields(chinese[key]) != _fields(key):
                fields.append(f"{key!r} → {chinese[key]!r}")
    assert not missing, "T keys without a Chinese entry in helpers/texts/zh/cells/:\n" + "\n".join(missing)
    assert not fields, "Chinese entries whose {fields} differ from the English:\n" + "\n".join(fields)


def test_each_notebook_has_its_catalogue_and_every_entry_is_used():
    files = _catalogue_files()
    for path in NOTEBOOKS:
        keys = {key for _, key in _keys(path) if key}
        stem = path.stem[:2]
        if keys:
            assert stem in files, f"no helpers/texts/zh/cells/{stem}.toml for {path.name}"
            assert keys <= set(files[stem]), (stem, sorted(keys - set(files[stem])))
            assert set(files[stem]) <= keys, f"{stem}.toml has entries {path.name} never uses: " \
                                             f"{sorted(set(files[stem]) - keys)}"
    assert set(files) <= {p.stem[:2] for p in NOTEBOOKS}, sorted(files)
    seen = {}
    for stem, entries in files.items():
        for english, chinese in entries.items():
            assert seen.setdefault(english, chinese) == chinese, f"{english!r} translated two ways ({stem}.toml)"


def _entries():
    return sorted(i18n.cell_catalogue("zh").items())


@pytest.mark.parametrize("english, chinese", _entries(), ids=[e[:40] for e, _ in _entries()])
def test_chinese_entry_keeps_numbers_symbols_and_formulas(english, chinese):
    from golden import distinct_values, same_formulas
    assert re.search(r"[\u4e00-\u9fff]", chinese), f"not translated: {english!r} → {chinese!r}"
    lost = Counter(NUMBER.findall(english)) - Counter(NUMBER.findall(chinese))
    assert not lost, f"{english!r} → {chinese!r}: numbers missing {dict(lost)}"
    lost = Counter(c for c in english if c in SYMBOLS) - Counter(c for c in chinese if c in SYMBOLS)
    assert not lost, f"{english!r} → {chinese!r}: symbols missing {dict(lost)}"
    values = distinct_values(english)
    missing = same_formulas(english.format(**values), chinese.format(**values))
    assert not missing, f"{english!r} → {chinese!r}: formulas not in the Chinese: {missing}"


def test_chinese_entries_use_the_projects_terms():
    from test_zh_terms import _term_problems
    problems = [p for english, chinese in _entries() for p in _term_problems(f"cells: {english!r}", chinese)]
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- 3. the lookup

def test_T_fills_fields_and_follows_the_language(tmp_path, monkeypatch):
    (tmp_path / "zh" / i18n.CELLS).mkdir(parents=True)
    (tmp_path / "zh" / i18n.CELLS / "99.toml").write_text(
        '"stride {s}: {value:+.2f}" = "步幅 {s}：{value:+.2f}"\n"a {{brace}}" = "括号 {{brace}}"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "TEXT_DIR", tmp_path)
    i18n.cell_catalogue.cache_clear()
    try:
        assert T("stride {s}: {value:+.2f}", s=2, value=0.5) == "stride 2: +0.50", "English: the key itself, filled"
        i18n.set_language("zh")
        assert T("stride {s}: {value:+.2f}", s=2, value=-0.125) == "步幅 2：-0.12"
        assert T("a {{brace}}") == "括号 {brace}", "always formatted: a literal brace is doubled"
        assert T("not in the catalogue {n}", n=3) == "not in the catalogue 3", "a missing entry falls back to English"
        with pytest.raises(KeyError):
            T("stride {s}: {value:+.2f}", s=2)
        i18n.set_language("en")
        assert T("a {{brace}}") == "a {brace}"
    finally:
        i18n.cell_catalogue.cache_clear()


def test_T_reads_the_real_catalogue():
    i18n.set_language("zh")
    assert T("helpers agree with torch:") == "helpers 与 torch 一致："
    assert T("k {k}, s {s}: copies per interior cell {counts}", k=4, s=2, counts=[4]) == "k 4，s 2：每个内部格的副本数 [4]"
    i18n.set_language("en")
    assert T("k {k}, s {s}: copies per interior cell {counts}", k=4, s=2, counts=[4]) == \
        "k 4, s 2: copies per interior cell [4]"


# ---------------------------------------------------------------- 4. what the Chinese reader sees

# Output text that stays English, each with the reason: torch's own texts, printed as torch prints them
# (the label a cell prints around them goes through T). The rest of the line is still scanned.
TORCH_TEXTS = {
    re.compile(r"(RuntimeError|ValueError|TypeError): .*"): "torch's own error message, after the cell's label",
    re.compile(r"requested an output size of .*"): "torch's ValueError for ConvTranspose2d(output_size=…) (10)",
    re.compile(r"Given input size per channel: .*Output size is too small"): "torch's RuntimeError for a too large padding (02)",
    re.compile(r"output padding must be smaller than either stride or dilation.*"): "torch's RuntimeError (06)",
    re.compile(r"Parameter containing:"): "torch's repr of an nn.Parameter",
    re.compile(r"(tensor\(|Conv(Transpose)?\dd\(|Sequential\(|^\s*\(\d+\): ).*"): "torch's repr of a tensor or module",
    re.compile(r"(grad_fn|requires_grad|dtype)=.*"): "the tail of torch's repr of a tensor",
    re.compile(re.escape("B = outer(tent, tent):")): "a formula over the cell's own names (10), NOT_PROSE in the code",
}
RICH = ("text/markdown", "text/html", "image/png", "image/svg+xml", "application/vnd.jupyter.widget-view+json")


def output_texts(nb):
    """(cell, text) of what a reader reads as text: streams, and text/plain or text/markdown of results
    (text/plain only when nothing richer is shown: a figure's "<Figure size …>" is never seen)."""
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if out.output_type == "stream":
                yield i, out.text
            elif out.output_type in ("execute_result", "display_data"):
                data = out.get("data", {})
                if "text/markdown" in data:
                    yield i, data["text/markdown"]
                elif "text/plain" in data and not any(kind in data for kind in RICH):
                    yield i, data["text/plain"]
            elif out.output_type == "error":
                yield i, f"{out.ename}: {out.evalue}"


def english_output_lines(nb):
    """(cell, line) of every output line that reads as English prose and is none of TORCH_TEXTS."""
    found = []
    for i, text in output_texts(nb):
        for line in text.splitlines():
            rest = line
            for pattern in TORCH_TEXTS:
                rest = pattern.sub(" ", rest)
            if PROSE.search(rest):
                found.append((i, line))
    return found


def test_output_scan_finds_english_and_spares_torch():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x")])
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="helpers 与 torch 一致： True\n"
                                                  "copies per output cell\nRuntimeError: Given transposed=1, weight of size\n"
                                                  "标签：ValueError: Only zeros padding mode is supported\n"),
                           nbformat.v4.new_output("display_data", data={"text/plain": "<Figure size 640x480 with 1 Axes>",
                                                                        "image/png": ""})]
    assert english_output_lines(nb) == [(0, "copies per output cell")]


@pytest.mark.parametrize("path", ZH_NOTEBOOKS, ids=lambda p: f"zh-{p.stem}")
def test_chinese_outputs_have_no_english_prose(path):
    found = english_output_lines(nbformat.read(path, as_version=4))
    assert not found, (f"{path.relative_to(ROOT)} shows English (re-executed after the change? `make notebooks`):\n"
                       + "\n".join(f"cell {i}: {line.strip()[:100]}" for i, line in found))
