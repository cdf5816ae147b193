"""The words of the slides: few enough to read aloud, and the seed post cited wherever it is quoted.

A slide is the run of cells from one cell with `slide_type` "slide" or "subslide" to the next; cells
marked "-" or "fragment" belong to the slide before them, cells marked "notes" (speaker notes, shown as
ordinary markdown in JupyterLab) or "skip" are not on any slide.

How the prose words on a slide are counted (`prose_words`), over its markdown cells only:
- a word is a run of letters, digits and joiners (`'`, `-`, `_`, `.`, `/`) that holds at least one
  letter: "Conv2d", "top-left" and "X[i," count one each, "3×3", "28" or "→" count none;
  in the English notebooks a run of CJK characters (the seed post's title "转置卷积") is one word;
  in the Chinese edition (notebooks/zh/) every CJK character counts ``CJK_WORDS_PER_CHARACTER`` = 0.5
  word, and Latin words in it count as above (see "Chinese slides" below);
- headings count like any prose (they are on the slide, the audience reads them);
- an inline code span (`x.shape[0]`) and an inline formula ($H + k - 1$) count as ONE word each,
  whatever is inside;
- display formulas ($$ … $$) and fenced code blocks count nothing: they are pictures to look at, not
  prose to read (the slides' browser test checks that they fit);
- a link counts its text only, never its address; an image counts nothing; HTML tags count nothing,
  the text between them counts;
- a table counts the words in its cells (numbers alone count nothing, as everywhere).
Code cells and outputs are not prose and count nothing here.

Chinese slides: Chinese has no spaces, and one "word" per run of characters would let a Chinese slide
hold a paragraph. The same limit is applied by converting characters to English words: a modern
Chinese word is one to two characters (most often two), and an English sentence translated into
Chinese takes about 1.5–2 characters per English word. Measured on this series itself (the first
translated notebooks, zh/00, zh/03 and zh/04, slide by slide against their English originals): 1,470
Chinese characters stood in for 817 English words, 1.8 characters per word. Two characters per word
(0.5 word per character) is the round figure at the lenient end of that range: a Chinese slide may
carry about 80 characters where the English carries 40 words. Full-width punctuation counts nothing,
like English punctuation.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from conftest import NOTEBOOKS, ZH_DIR, edition_params, label, require_notebook

MAX_WORDS = 40  # a slide a hall can read while listening: at most about 40 words of prose
CJK_WORDS_PER_CHARACTER = 0.5  # Chinese slides: two characters make one word (module docstring)
ON_SLIDE = {"slide", "subslide", "fragment", "-"}

CITATION_URL = "https://www.cnblogs.com/sxq-blog/p/16689306.html"
CITATION_PARTS = ["转置卷积", "SXQ-BLOG", "cnblogs", "2022-09-13", CITATION_URL]

_FENCE = re.compile(r"^```.*?^```[ \t]*$", re.S | re.M)
_DISPLAY_MATH = re.compile(r"\$\$.+?\$\$", re.S)
_INLINE_MATH = re.compile(r"(?<!\\)\$[^$\n]+?\$")
_CODE_SPAN = re.compile(r"`[^`\n]+`")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_TOKEN = re.compile(r"[\w'\-./\[\],]+")


def prose_words(markdown, chinese=False):
    """The number of prose words in one markdown cell's source (rules in the module docstring);
    ``chinese``: count CJK text by characters (``CJK_WORDS_PER_CHARACTER`` each), for notebooks/zh/."""
    text = _FENCE.sub(" ", markdown)
    text = _DISPLAY_MATH.sub(" ", text)
    text = _INLINE_MATH.sub(" W ", text)
    text = _CODE_SPAN.sub(" W ", text)
    text = _IMAGE.sub(" ", text)
    text = _LINK.sub(r" \1 ", text)
    text = _TAG.sub(" ", text)
    runs = _CJK.findall(text)
    cjk = sum(map(len, runs)) * CJK_WORDS_PER_CHARACTER if chinese else len(runs)
    text = _CJK.sub(" ", text)
    return cjk + sum(1 for token in _TOKEN.findall(text) if re.search(r"[^\W\d_]", token))


def slide_type(cell):
    return cell.metadata.get("slideshow", {}).get("slide_type", "-")


def slides(nb):
    """[(index of the cell that starts the slide, [its cells])] in order; notes and skip left out."""
    result = []
    for index, cell in enumerate(nb.cells):
        kind = slide_type(cell)
        if kind in {"notes", "skip"}:
            continue
        if kind in {"slide", "subslide"} or not result:
            result.append((index, []))
        result[-1][1].append(cell)
    return result


def slide_words(nb, chinese=False):
    """[(number of the slide from 1, index of its first cell, its title, prose words on it)]."""
    rows = []
    for number, (start, cells) in enumerate(slides(nb), 1):
        words = sum(prose_words(cell.source, chinese) for cell in cells if cell.cell_type == "markdown")
        first = next((c.source for c in cells if c.cell_type == "markdown" and c.source.strip()), cells[0].source)
        title = first.strip().splitlines()[0][:60] if first.strip() else "(empty)"
        rows.append((number, start, title, words))
    return rows


# ---------------------------------------------------------------- the counting rules


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("## One input element, many outputs", 5),
        ("The output has $H + k - 1$ rows.", 5),  # the formula is one word
        ("$$H_\\text{out} = (H - 1)\\cdot s + k$$", 0),  # a display formula counts nothing
        ("Call `nn.ConvTranspose2d(1, 1, kernel_size=2)` once.", 3),  # a code span is one word
        ("A 3×3 input gives 28 → 16.", 3),  # numbers and symbols are not words
        ("[Next: 02 · Padding →](02_padding.ipynb)", 2),  # a link counts its text only
        ("![scatter](figure.svg) Copies <b>add</b> up.", 3),
        ('"转置卷积" by SXQ-BLOG', 3),  # a CJK run is one word; SXQ-BLOG is one
        ("| Symbol | Meaning |\n|---|---|\n| k | kernel size |", 5),
        ("```python\nfor i in range(3):\n    pass\n```\nDone.", 1),
        ("X[i, j] meets K[r − i, c − j].", 7),
    ],
)
def test_prose_words_counts_as_documented(markdown, expected):
    assert prose_words(markdown) == expected


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("## 步幅是副本的间距", 4.0),  # eight characters, half a word each
        ("步幅（stride）只改变一件事。", 5.0),  # 8 characters and one Latin word; full-width punctuation is nothing
        ("输出 $H + k - 1$ 行，`padding=1` 裁掉一圈。", 5.5),  # 7 characters; formula and code span one word each
        ("[下一篇：04 · 多通道 →](04_multi_channel.ipynb)", 3.0),  # the link's text only
        ("《转置卷积》（SXQ-BLOG，博客园 cnblogs）", 5.5),  # 7 characters + SXQ-BLOG + cnblogs
        ("$$H_\\text{out} = (H - 1)\\cdot s + k$$", 0),
    ],
)
def test_chinese_prose_counts_characters(markdown, expected):
    assert prose_words(markdown, chinese=True) == expected


def test_chinese_limit_is_about_80_characters():
    """80 characters are the 40 English words of a full slide; in the English rule they would count 1."""
    text = "转置卷积" * 20
    assert prose_words(text, chinese=True) == MAX_WORDS and prose_words(text) == 1


def test_slides_group_cells_and_leave_out_notes():
    cells = [
        nbformat.v4.new_markdown_cell("## A title", metadata={"slideshow": {"slide_type": "slide"}}),
        nbformat.v4.new_markdown_cell("two words", metadata={"slideshow": {"slide_type": "-"}}),
        nbformat.v4.new_markdown_cell("many words " * 50, metadata={"slideshow": {"slide_type": "notes"}}),
        nbformat.v4.new_code_cell("print(1)", metadata={"slideshow": {"slide_type": "-"}}),
        nbformat.v4.new_markdown_cell("three more words", metadata={"slideshow": {"slide_type": "fragment"}}),
        nbformat.v4.new_markdown_cell("hidden " * 50, metadata={"slideshow": {"slide_type": "skip"}}),
        nbformat.v4.new_markdown_cell("next slide", metadata={"slideshow": {"slide_type": "subslide"}}),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    assert [(start, len(group)) for start, group in slides(nb)] == [(0, 4), (6, 1)]
    assert [row[3] for row in slide_words(nb)] == [7, 2]


# ---------------------------------------------------------------- the notebooks


def _is_chinese(path):
    return path.parent == ZH_DIR


@pytest.mark.parametrize("path", edition_params())
def test_few_words_on_every_slide(path):
    nb = nbformat.read(require_notebook(path), as_version=4)
    chinese = _is_chinese(path)
    unit = f" ({int(1 / CJK_WORDS_PER_CHARACTER)} Chinese characters = 1 word)" if chinese else ""
    long = [f"slide {number} (cell {start}, {title!r}): {words:g} words"
            for number, start, title, words in slide_words(nb, chinese) if words > MAX_WORDS]
    assert not long, (f"{label(path)}: more than {MAX_WORDS} words{unit} of prose on a slide; move what a reader "
                      f"needs into a speaker-notes cell (slide_type 'notes'):\n" + "\n".join(long))


@pytest.mark.parametrize("path", edition_params())
def test_notes_follow_a_slide(path):
    """Speaker notes belong to the slide before them: a notebook never starts with notes."""
    nb = nbformat.read(require_notebook(path), as_version=4)
    assert slide_type(nb.cells[0]) == "slide", f"{label(path)}: the first cell must start a slide"


_MENTION = re.compile(r"\b(blog|blog's|seed post|the post|post's|SXQ|cnblogs)\b", re.I)
# How the Chinese edition speaks of it (no \b: Python counts CJK characters as word characters)
_MENTION_ZH = re.compile(r"SXQ|cnblogs|博客|博文|种子文章", re.I)


def _mentions(nb, chinese=False):
    """(cell index, excerpt) of every markdown cell and code comment that speaks of the seed post."""
    found = []
    for index, cell in enumerate(nb.cells):
        text = cell.source
        if cell.cell_type == "code":
            text = "\n".join(line.partition("#")[2] for line in text.splitlines() if "#" in line)
        match = (_MENTION_ZH if chinese else _MENTION).search(text)
        if match:
            found.append((index, cell.cell_type, text[max(0, match.start() - 40):match.end() + 40]))
    return found


@pytest.mark.parametrize("path", edition_params())
def test_the_seed_post_is_cited_where_it_is_quoted(path):
    """Every markdown cell that speaks of the blog post links to it (its address is in the cell); a notebook that quotes it gives the
    full citation (title, author, site, date, link) at least once, and code comments that name it sit
    in a notebook that cites it."""
    nb = nbformat.read(require_notebook(path), as_version=4)
    mentions = _mentions(nb, _is_chinese(path))
    uncited = [f"cell {index}: …{excerpt}…" for index, kind, excerpt in mentions
               if kind == "markdown" and CITATION_URL not in nb.cells[index].source]
    assert not uncited, f"{label(path)}: the seed post is mentioned without a link to it:\n" + "\n".join(uncited)
    if mentions:
        full = [index for index, cell in enumerate(nb.cells)
                if cell.cell_type == "markdown" and all(part in cell.source for part in CITATION_PARTS)]
        assert full, f"{label(path)} quotes the seed post but never gives its full citation {CITATION_PARTS}"


def test_mention_finder_sees_the_blog():
    cells = [nbformat.v4.new_markdown_cell("As the blog puts it, copies add."),
             nbformat.v4.new_code_cell("w = k  # the blog's kernels"),
             nbformat.v4.new_markdown_cell("Post-processing and a blogger are not mentions.")]
    assert [index for index, _, _ in _mentions(nbformat.v4.new_notebook(cells=cells))] == [0, 1]


def test_mention_finder_sees_the_blog_in_chinese():
    cells = [nbformat.v4.new_markdown_cell("例子来自种子文章。"),
             nbformat.v4.new_code_cell("w = k  # 博客的卷积核"),
             nbformat.v4.new_markdown_cell("转置卷积（transposed convolution）不是反卷积。")]
    assert [index for index, _, _ in _mentions(nbformat.v4.new_notebook(cells=cells), chinese=True)] == [0, 1]


def test_series_has_notebooks():
    assert NOTEBOOKS, "no notebooks found"
