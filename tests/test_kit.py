"""The lecturer's kit beside the notebooks: the licence and credits, and the teaching guide's tracks.

The tracks in docs/teaching-guide.md name slides by notebook and section heading; the checks below
read the notebooks to confirm each named slide exists, that a track follows the notebooks' order,
and that the minutes add up to the track's length.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "teaching-guide.md"
SEED = ("转置卷积", "SXQ-BLOG", "cnblogs", "2022-09-13", "https://www.cnblogs.com/sxq-blog/p/16689306.html")
ROW = re.compile(r"^\|\s*(\d+)\s*\|\s*([0-9]{2}_[a-z_]+)\s*\|\s*(.+?)\s*\|\s*(.+?)\s*\|\s*$")


def _headings(notebook: str) -> list[str]:
    """The `#` and `##` headings of a notebook's Markdown cells, in order."""
    nb = nbformat.read(ROOT / "notebooks" / f"{notebook}.ipynb", as_version=4)
    return [line.lstrip("#").strip() for cell in nb.cells if cell.cell_type == "markdown"
            for line in cell.source.splitlines() if re.match(r"#{1,2} ", line)]


def _track(minutes: int):
    """(rows, stated total) of the guide's '## N-minute track' section; rows are (min, notebook, heading)."""
    text = GUIDE.read_text(encoding="utf-8")
    match = re.search(rf"^## {minutes}-minute track\n(.*?)(?=^## )", text, re.S | re.M)
    assert match, f"docs/teaching-guide.md has no '## {minutes}-minute track' section"
    section = match.group(1)
    rows = [(int(m[1]), m[2], m[3]) for m in map(ROW.match, section.splitlines()) if m]
    total = re.search(r"^Total: (\d+) minutes\.$", section, re.M)
    assert total, f"the {minutes}-minute track states no total"
    return rows, int(total.group(1))


@pytest.mark.parametrize("minutes", [20, 50])
def test_track_timings_add_up(minutes):
    rows, total = _track(minutes)
    assert len(rows) >= 8
    assert all(m >= 1 for m, _, _ in rows)
    assert sum(m for m, _, _ in rows) == total == minutes


@pytest.mark.parametrize("minutes", [20, 50])
def test_track_names_slides_that_exist_in_notebook_order(minutes):
    rows, _ = _track(minutes)
    position = {}
    for _, notebook, heading in rows:
        assert (ROOT / "notebooks" / f"{notebook}.ipynb").exists(), f"no notebook {notebook}"
        headings = _headings(notebook)
        assert heading in headings, f"{minutes}-minute track: {notebook} has no slide {heading!r}"
        here = (notebook, headings.index(heading))
        assert here > position.get("last", ("", -1)), f"{heading!r} is out of the notebooks' order"
        position["last"] = here


def test_guide_covers_the_routine_and_marks_the_start_command():
    text = GUIDE.read_text(encoding="utf-8")
    steps = re.findall(r"^### \d\. (\w+)", text, re.M)
    assert steps == ["Start", "Run", "Present", "Use", "Return"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("slides", "quiz"):
        assert f"make {target}" in text
        assert re.search(rf"^{target}:", makefile, re.M), f"the guide uses `make {target}`, the Makefile lacks it"
    assert all(part in text for part in SEED), "the guide's reuse section must credit the seed post in full"


def test_license_covers_code_and_text_and_credits_the_seed_post():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in text and "Permission is hereby granted, free of charge" in text
    assert "Creative Commons Attribution 4.0 International" in text and "CC BY 4.0" in text
    assert all(part in text for part in SEED)
    spdx = re.search(r"SPDX: (.+?)\.$", text, re.M).group(1)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == spdx == "MIT AND CC-BY-4.0"
    assert project["license-files"] == ["LICENSE"]


def test_readme_has_license_and_credits_and_points_to_the_kit():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## License and credits\n(.*?)(?=^## |\Z)", readme, re.S | re.M)
    assert match, "README.md needs a '## License and credits' section"
    section = match.group(1)
    assert "LICENSE" in section and "MIT" in section and "CC BY 4.0" in section
    assert all(part in section for part in SEED)
    for target in ("docs/teaching-guide.md", "make slides", "make quiz"):
        assert target in readme
