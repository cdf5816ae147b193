"""The words of the slides: few enough to read aloud, and the seed post cited wherever it is quoted.

A slide is the run of cells from one cell with `slide_type` "slide" or "subslide" to the next; cells
marked "-" or "fragment" belong to the slide before them, cells marked "notes" (speaker notes, shown as
ordinary markdown in JupyterLab) or "skip" are not on any slide.

How the prose words on a slide are counted (`prose_words`), over its markdown cells only:
- a word is a run of letters, digits and joiners (`'`, `-`, `_`, `.`, `/`) that holds at least one
  letter: "Conv2d", "top-left" and "X[i," count one each, "3×3", "28" or "→" count none;
  a run of CJK characters is one word;
- headings count like any prose (they are on the slide, the audience reads them);
- an inline code span (`x.shape[0]`) and an inline formula ($H + k - 1$) count as ONE word each,
  whatever is inside;
- display formulas ($$ … $$) and fenced code blocks count nothing: they are pictures to look at, not
  prose to read (the slides' browser test checks that they fit);
- a link counts its text only, never its address; an image counts nothing; HTML tags count nothing,
  the text between them counts;
- a table counts the words in its cells (numbers alone count nothing, as everywhere).
Code cells and outputs are not prose and count nothing here.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from conftest import NOTEBOOKS, notebook_params, require_notebook

MAX_WORDS = 40  # issue 10: "at most about 40 words of prose on a slide"
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


def prose_words(markdown):
    """The number of prose words in one markdown cell's source (rules in the module docstring)."""
    text = _FENCE.sub(" ", markdown)
    text = _DISPLAY_MATH.sub(" ", text)
    text = _INLINE_MATH.sub(" W ", text)
    text = _CODE_SPAN.sub(" W ", text)
    text = _IMAGE.sub(" ", text)
    text = _LINK.sub(r" \1 ", text)
    text = _TAG.sub(" ", text)
    cjk = len(_CJK.findall(text))
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


def slide_words(nb):
    """[(number of the slide from 1, index of its first cell, its title, prose words on it)]."""
    rows = []
    for number, (start, cells) in enumerate(slides(nb), 1):
        words = sum(prose_words(cell.source) for cell in cells if cell.cell_type == "markdown")
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


@pytest.mark.parametrize("path", notebook_params())
def test_few_words_on_every_slide(path):
    nb = nbformat.read(require_notebook(path), as_version=4)
    long = [f"slide {number} (cell {start}, {title!r}): {words} words"
            for number, start, title, words in slide_words(nb) if words > MAX_WORDS]
    assert not long, (f"{path.name}: more than {MAX_WORDS} words of prose on a slide; move what a reader "
                      f"needs into a speaker-notes cell (slide_type 'notes'):\n" + "\n".join(long))


@pytest.mark.parametrize("path", notebook_params())
def test_notes_follow_a_slide(path):
    """Speaker notes belong to the slide before them: a notebook never starts with notes."""
    nb = nbformat.read(require_notebook(path), as_version=4)
    assert slide_type(nb.cells[0]) == "slide", f"{path.name}: the first cell must start a slide"


_MENTION = re.compile(r"\b(blog|blog's|seed post|the post|post's|SXQ|cnblogs)\b", re.I)


def _mentions(nb):
    """(cell index, excerpt) of every markdown cell and code comment that speaks of the seed post."""
    found = []
    for index, cell in enumerate(nb.cells):
        text = cell.source
        if cell.cell_type == "code":
            text = "\n".join(line.partition("#")[2] for line in text.splitlines() if "#" in line)
        match = _MENTION.search(text)
        if match:
            found.append((index, cell.cell_type, text[max(0, match.start() - 40):match.end() + 40]))
    return found


@pytest.mark.parametrize("path", notebook_params())
def test_the_seed_post_is_cited_where_it_is_quoted(path):
    """Every markdown cell that speaks of the blog post links to it (its address is in the cell); a notebook that quotes it gives the
    full citation (title, author, site, date, link) at least once, and code comments that name it sit
    in a notebook that cites it."""
    nb = nbformat.read(require_notebook(path), as_version=4)
    mentions = _mentions(nb)
    uncited = [f"cell {index}: …{excerpt}…" for index, kind, excerpt in mentions
               if kind == "markdown" and CITATION_URL not in nb.cells[index].source]
    assert not uncited, f"{path.name}: the seed post is mentioned without a link to it:\n" + "\n".join(uncited)
    if mentions:
        full = [index for index, cell in enumerate(nb.cells)
                if cell.cell_type == "markdown" and all(part in cell.source for part in CITATION_PARTS)]
        assert full, f"{path.name} quotes the seed post but never gives its full citation {CITATION_PARTS}"


def test_mention_finder_sees_the_blog():
    cells = [nbformat.v4.new_markdown_cell("As the blog puts it, copies add."),
             nbformat.v4.new_code_cell("w = k  # the blog's kernels"),
             nbformat.v4.new_markdown_cell("Post-processing and a blogger are not mentions.")]
    assert [index for index, _, _ in _mentions(nbformat.v4.new_notebook(cells=cells))] == [0, 1]


def test_series_has_notebooks():
    assert NOTEBOOKS, "no notebooks found"
