"""tools/speaker_notes.py: every speaker note of a notebook, under the slide it belongs to, on a page that
loads nothing from the network (the presenter's screen during the live slideshow)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from conftest import NOTEBOOK_DIR, ROOT, edition_params, require_chromium
from tools.export_slides import is_external
from tools.speaker_notes import notes_page, write_notes


def _words(text):
    """The word tokens of Markdown or rendered text, for comparing a note with the page."""
    text = re.sub(r"\$[^$]*\$", " ", text)                       # formulas are typeset by MathJax
    text = re.sub(r"\]\([^)]*\)", " ", text)                      # Markdown link targets
    return " ".join(re.findall(r"\w+", text))


def _sections(page):
    soup = BeautifulSoup(page, "html.parser")
    for address in soup.select(".offline-link .address"):      # a web link's address, added for offline use
        address.decompose()
    return [(s.h2.get_text(" ", strip=True), _words(s.get_text(" "))) for s in soup.find_all("section")]


@pytest.mark.parametrize("path", [p for p in edition_params() if p.values[0] and p.values[0].name[0].isdigit()])
def test_every_note_appears_once_under_its_slide(path):
    nb = nbformat.read(path, as_version=4)
    sections = _sections(notes_page(path))
    # count the slides independently: a cell that starts a slide or a sub-slide, and the title slide
    kinds = [c.metadata.get("slideshow", {}).get("slide_type") for c in nb.cells]
    starts = sum(k in ("slide", "subslide") for k in kinds) + (kinds[0] not in ("slide", "subslide"))
    assert len(sections) == starts
    for index, cell in enumerate(nb.cells):
        if kinds[index] != "notes":
            continue
        # the slide a note belongs to: the last slide or sub-slide start before it
        start = max((i for i in range(index) if kinds[i] in ("slide", "subslide")), default=0)
        number = sum(k in ("slide", "subslide") for k in kinds[:start + 1]) - (kinds[0] in ("slide", "subslide")) + 1
        words = _words(cell.source)[:80]
        holders = [i for i, (_, text) in enumerate(sections) if words in text]
        assert holders, f"{path.name}: a note is missing: {words!r}"
        assert number - 1 in holders, f"{path.name}: note {words[:30]!r} is not under slide {sections[number - 1][0]!r}"


def test_01_by_hand():
    """01's first slides, read off the notebook by a person: numbers, openings and where a note sits."""
    sections = _sections(notes_page(NOTEBOOK_DIR / "01_basic_operation.ipynb"))
    assert sections[0][0] == "Slide 1 01 · The basic operation"
    assert sections[0][1].startswith("Slide 1 01 The basic operation After this notebook you will be able")
    assert sections[1][0] == "Slide 2 One input element, many outputs"
    assert "by SXQ BLOG cnblogs 2022 09 13" in sections[1][1]
    zh = _sections(notes_page(NOTEBOOK_DIR / "zh" / "05_shape_inverse.ipynb"))
    assert zh[2][0].startswith("幻灯片 2.1 ")


def test_the_page_loads_nothing_from_the_network(tmp_path):
    target = write_notes(NOTEBOOK_DIR / "05_shape_inverse.ipynb", tmp_path)
    soup = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
    addresses = [t.get("src") or t.get("href") for t in soup.find_all(["script", "link", "img", "a"])]
    assert not [a for a in addresses if is_external(a)]
    assert soup.html["lang"] == "en" and "_assets/mathjax/MathJax.js" in str(soup)


@pytest.mark.browser
def test_the_notes_page_shows_typeset_formulas_offline(tmp_path, browser):
    """Opened from the disk with every non-file request refused: MathJax typesets 05's formulas."""
    require_chromium()
    from tools.speaker_notes import main
    main(["-o", str(tmp_path), str(NOTEBOOK_DIR / "05_shape_inverse.ipynb")])
    page = browser.new_page()
    refused = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
               else (refused.append(route.request.url), route.abort()))
    page.goto((tmp_path / "05_shape_inverse.notes.html").as_uri())
    page.wait_for_function("() => document.querySelectorAll('.MathJax, .MathJax_CHTML, .MathJax_SVG').length > 0",
                           timeout=30_000)
    assert not refused
    page.close()
