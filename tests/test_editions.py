"""The Chinese edition (notebooks/zh/) is the English series with its words translated, nothing else.

For every notebooks/zh/X.ipynb there is notebooks/X.ipynb with the same cells in the same order: same
cell types, same slide metadata, code cells identical once ``#`` comments are removed (comments may be
translated), the same exercise keys ``check("NN.k"``; the one required difference is ``ZH_PREAMBLE``,
the first two lines of the first code cell, which switch ``helpers`` to Chinese. Each exercise's
question cell ``**练习 NN.k.** …`` states the Chinese bank's question (helpers/texts/zh/NN.toml).

Everything else the English notebooks are tested for, the Chinese ones are tested for by the same
tests, parametrized over both editions (ids ``zh-…``): running clean, fresh outputs, navigation and
the seed post's numbers (tests/test_notebooks.py), slide words and citations (tests/test_slide_text.py),
Run All and every explorer against torch in JupyterLab (tests/test_browser.py), the slideshow at
1280×720 (tests/test_slides.py).

Completeness is documented, not skipped: ``ZH_MISSING`` names the English notebooks that have no
Chinese edition yet, and a test checks that this list is exactly what is on disk. A translator who
adds notebooks/zh/X.ipynb removes X from it; the last one sets ``ZH_COMPLETE = True``, after which a
missing translation fails. docs/translating.md has the steps.
"""
from __future__ import annotations

import io
import os
import re
import subprocess
import tokenize

import nbformat
import pytest
from conftest import NOTEBOOK_DIR, ROOT, ZH_DIR, ZH_NOTEBOOKS, notebook_params, require_notebook, zh_notebook_params

ENGLISH = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
# The first code cell of every Chinese notebook starts with exactly these lines (then the English cell).
ZH_PREAMBLE = 'from helpers import set_language\nset_language("zh")\n'

# Flipped to True by the translator of the last notebook: from then on every English notebook needs its
# Chinese edition. While False, ZH_MISSING must list exactly the untranslated notebooks.
ZH_COMPLETE = True
ZH_MISSING: set[str] = set()   # one per line: a translator removes their own line

CHECK_KEY = re.compile(r"""\bcheck\(\s*["'](\d\d\.\d+)["']""")
CJK = re.compile(r"[\u3400-\u9fff]")


def zh_params():
    return zh_notebook_params() or [pytest.param(None, id="no-zh-notebooks")]


def _pair(path):
    assert path is not None, f"no Chinese notebook in {ZH_DIR.relative_to(ROOT)}"
    english = NOTEBOOK_DIR / path.name
    assert english.exists(), f"{path.relative_to(ROOT)} has no English original {english.relative_to(ROOT)}"
    return nbformat.read(english, as_version=4), nbformat.read(path, as_version=4)


def code_tokens(source):
    """The code's tokens without comments and non-logical line breaks (so comments may be translated,
    and a comment-only line removed), as (type, text) pairs; the raw lines if it does not tokenize."""
    try:
        return [(t.type, t.string) for t in tokenize.generate_tokens(io.StringIO(source).readline)
                if t.type not in (tokenize.COMMENT, tokenize.NL)]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return [line.rstrip() for line in source.splitlines() if line.strip()]


def without_preamble(source):
    """The first code cell of a Chinese notebook with ``ZH_PREAMBLE`` removed (AssertionError if absent)."""
    assert source.startswith(ZH_PREAMBLE), (
        f"the first code cell must start with the two lines\n{ZH_PREAMBLE}(it starts: {source[:80]!r})")
    return source[len(ZH_PREAMBLE):]


def edition_differences(english, chinese):
    """Where the notebook ``chinese`` is not ``english`` with words translated (empty when in step)."""
    problems = []
    if len(english.cells) != len(chinese.cells):
        return [f"{len(chinese.cells)} cells, the English has {len(english.cells)}"]
    first_code = next((k for k, cell in enumerate(english.cells) if cell.cell_type == "code"), None)
    for k, (en, zh) in enumerate(zip(english.cells, chinese.cells)):
        if en.cell_type != zh.cell_type:
            problems.append(f"cell {k}: {zh.cell_type}, the English is {en.cell_type}")
            continue
        if en.metadata.get("slideshow") != zh.metadata.get("slideshow"):
            problems.append(f"cell {k}: slide metadata {zh.metadata.get('slideshow')} != {en.metadata.get('slideshow')}")
        if en.cell_type == "code":
            source = zh.source
            if k == first_code:
                try:
                    source = without_preamble(source)
                except AssertionError as error:
                    problems.append(f"cell {k}: {error}")
            if code_tokens(source) != code_tokens(en.source):
                problems.append(f"cell {k}: code differs from the English (comments aside):\n--- en\n{en.source}\n"
                                f"--- zh\n{zh.source}")
    keys = [[CHECK_KEY.findall(cell.source) for cell in nb.cells] for nb in (english, chinese)]
    if keys[0] != keys[1]:
        problems.append(f"exercise keys check(\"NN.k\") differ: {keys[1]} != {keys[0]}")
    return problems


# ---------------------------------------------------------------- the rules, on made-up notebooks


def _nb(*cells):
    made = []
    for kind, source, slide in cells:
        cell = (nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell)(source)
        cell.metadata["slideshow"] = {"slide_type": slide}
        made.append(cell)
    return nbformat.v4.new_notebook(cells=made)


def test_the_rules_accept_a_translation_and_catch_every_kind_of_drift():
    en = _nb(("markdown", "# Padding", "slide"),
             ("code", "import torch  # the reference\nx = 1\n", "slide"),
             ("code", "# a comment line\ncheck(\"02.1\", answer)\n", "subslide"))
    zh = _nb(("markdown", "# 填充", "slide"),
             ("code", ZH_PREAMBLE + "import torch  # 参考实现\nx = 1\n", "slide"),
             ("code", "# 注释\ncheck(\"02.1\", answer)\n", "subslide"))
    assert edition_differences(en, zh) == []

    def changed(k, **edit):
        other = nbformat.from_dict(zh)
        other.cells[k].update(edit)
        return edition_differences(en, other)

    assert "code differs" in " ".join(changed(1, source=ZH_PREAMBLE + "import torch\nx = 2\n"))
    assert "must start with" in " ".join(changed(1, source="import torch\nx = 1\n"))
    assert "slide metadata" in " ".join(changed(2, metadata={"slideshow": {"slide_type": "slide"}}))
    assert "exercise keys" in " ".join(changed(2, source="check(\"02.2\", answer)\n"))
    assert "markdown, the English is code" in " ".join(changed(2, cell_type="markdown"))
    shorter = nbformat.from_dict(zh)
    shorter.cells.pop()
    assert edition_differences(en, shorter) == ["2 cells, the English has 3"]
    # a string is code, not a comment: translating it is a difference
    assert "code differs" in " ".join(changed(2, source="check(\"02.1\", answer)  # '答案'\nprint('答案')\n"))


# ---------------------------------------------------------------- the Chinese notebooks


def test_zh_folder_links_helpers_like_notebooks():
    link = ZH_DIR / "helpers"
    assert link.is_symlink() and os.readlink(link) == "../../helpers", "notebooks/zh/helpers -> ../../helpers"
    assert link.resolve() == (ROOT / "helpers").resolve()
    staged = subprocess.run(["git", "ls-files", "-s", "notebooks/zh/helpers"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout
    assert staged.startswith("120000 "), f"git must store notebooks/zh/helpers as a symlink: {staged!r}"


@pytest.mark.parametrize("path", zh_params())
def test_zh_notebook_is_the_english_one_translated(path):
    english, chinese = _pair(path)
    problems = edition_differences(english, chinese)
    assert not problems, f"{path.relative_to(ROOT)} is out of step with the English edition:\n" + "\n".join(problems)


_PLAIN = re.compile(r"`[^`]*`|\$\$.*?\$\$|\$[^$]*\$|\]\([^)]*\)|<[^>]+>|https?://\S+", re.S)


@pytest.mark.parametrize("path", zh_params())
def test_zh_markdown_is_chinese(path):
    """Every markdown cell that has words outside code, formulas and link targets has Chinese in it."""
    _, chinese = _pair(path)
    untranslated = [k for k, cell in enumerate(chinese.cells) if cell.cell_type == "markdown"
                    and re.search(r"[A-Za-z]{4,}", _PLAIN.sub(" ", cell.source)) and not CJK.search(cell.source)]
    assert not untranslated, f"{path.name}: markdown cells without Chinese: {untranslated}"


_LINK = re.compile(r"\]\(\s*<?([^)\s>]+?\.ipynb)(?:#[^)\s]*)?>?(?:\s+\"[^\"]*\")?\s*\)|href=\"([^\"#]+?\.ipynb)")


def _links(markdown):
    """The local notebooks that ``markdown`` links to (web addresses left out), resolved from notebooks/zh/."""
    return {(ZH_DIR / (a or b)).resolve() for a, b in _LINK.findall(markdown) if "://" not in (a or b)}


def _exists_or_planned(link):
    """A notebook that exists, or a Chinese notebook whose English original exists (still to be translated)."""
    return link.exists() or (link.parent == ZH_DIR.resolve() and (NOTEBOOK_DIR / link.name).exists()
                             and link.stem in ZH_MISSING)


@pytest.mark.parametrize("path", zh_params())
def test_zh_links_lead_to_notebooks(path):
    """Every notebook link in every cell resolves, or names a Chinese notebook still to be translated."""
    _, chinese = _pair(path)
    links = {link for cell in chinese.cells if cell.cell_type == "markdown" for link in _links(cell.source)}
    broken = sorted(os.path.relpath(link, ROOT) for link in links if not _exists_or_planned(link))
    assert not broken, f"zh/{path.name}: links to notebooks that neither exist nor are planned: {broken}"


ZH_QUESTION = re.compile(r"\*\*练习 (\d\d\.\d+)\.\*\* (.*)", re.S)


@pytest.fixture
def chinese():
    """helpers speak Chinese for one test, English again afterwards."""
    from helpers import set_language
    set_language("zh")
    yield
    set_language("en")


@pytest.mark.parametrize("path", zh_params())
def test_zh_exercises_state_the_chinese_question(path, chinese):
    """As tests/test_exercises.py for the English: every exercise "NN.k" the notebook checks has one
    question cell ``**练习 NN.k.** <question>`` whose question is the Chinese bank's
    (helpers/texts/zh/NN.toml, read through ``helpers.exercises.question``), and no question
    cell names an exercise the notebook does not check."""
    from helpers.exercises import question
    _, nb = _pair(path)
    used = sorted({key for cell in nb.cells if cell.cell_type == "code" for key in CHECK_KEY.findall(cell.source)})
    shown = {}
    for cell in nb.cells:
        match = ZH_QUESTION.match(cell.source.strip()) if cell.cell_type == "markdown" else None
        if match:
            shown.setdefault(match[1], []).append(match[2].strip())
    assert set(shown) <= set(used), f"zh/{path.name}: question cells for exercises it never checks: " \
                                    f"{sorted(set(shown) - set(used))}"
    for key in used:
        cells = shown.get(key, [])
        assert len(cells) == 1, f"zh/{path.name}: {len(cells)} cells '**练习 {key}.** …' (want one)"
        wanted = question(key)
        assert CJK.search(wanted), (f"exercise {key} has no Chinese question: add it to "
                                    f"helpers/texts/zh/{key[:2]}.toml")
        assert cells[0] == wanted, (f"zh/{path.name}: exercise {key} states\n  {cells[0]}\nbut the Chinese bank "
                                    f"(helpers/texts/zh/{key[:2]}.toml) asks\n  {wanted}")


# ---------------------------------------------------------------- completeness, documented


@pytest.mark.parametrize("path", notebook_params())
def test_english_notebook_is_translated_or_listed_missing(path):
    translated = (ZH_DIR / require_notebook(path).name).exists()
    if ZH_COMPLETE:
        assert translated, f"{path.name} has no Chinese edition notebooks/zh/{path.name} (ZH_COMPLETE is True)"
    elif translated:
        assert path.stem not in ZH_MISSING, f"zh/{path.name} exists now: remove {path.stem!r} from ZH_MISSING"
    else:
        assert path.stem in ZH_MISSING, (f"{path.name} has no Chinese edition and is not in ZH_MISSING "
                                         f"(tests/test_editions.py): add {path.stem!r} there, or translate it")


def test_missing_list_is_what_is_on_disk():
    """Documents, and keeps honest, which notebooks still lack a Chinese edition."""
    missing = {p.stem for p in ENGLISH} - {p.stem for p in ZH_NOTEBOOKS}
    if ZH_COMPLETE:
        assert not ZH_MISSING and not missing, f"ZH_COMPLETE is True but these lack a translation: {sorted(missing)}"
    else:
        assert ZH_MISSING == missing, (f"ZH_MISSING should be exactly {sorted(missing)} "
                                       f"(extra: {sorted(ZH_MISSING - missing)}, unlisted: {sorted(missing - ZH_MISSING)})")
        print(f"still to translate ({len(missing)} of {len(ENGLISH)}): {', '.join(sorted(missing))}")
