"""Offline HTML slides of the notebooks, for halls without a reliable network (`make slides`).

Usage (from the repository root):

    python tools/export_slides.py                                  # every numbered notebook -> build/slides/
    python tools/export_slides.py notebooks/01_basic_operation.ipynb -o /tmp/slides

Each notebook becomes ``<out>/<name>.slides.html``, a reveal.js deck of its committed outputs, plus
``<out>/index.html`` listing the decks. The explorers are live: their ES module, saved in the notebook's
widget state, runs in the deck through helpers/js/host.js (tools/widget_host.py), as on the static site;
where a notebook has no saved state, or the module has no view for an explorer, its still picture shows.
A presenter's clicker (PageDown/PageUp) moves the deck even while an explorer's control has focus
(helpers/js/controls.js hands the key to reveal.js). Nothing in the folder loads anything from the network:

- reveal.js (the deck, its white theme and fonts, and the speaker-notes plugin) is copied from the
  ``sphinx-revealjs`` package, and MathJax 2 (formulas) from ``jupyter-server-mathjax``; both are
  installed by pip with the project (pyproject.toml), never fetched when the slides are made or shown;
- the notebook styles and every picture are inlined by nbconvert;
- links to web pages (citations, Binder) become plain text with the address in brackets, and a
  picture from the web becomes its alt text: a hall without network shows them instead of failing.

The folder can be copied to a USB stick and opened from any browser: open ``index.html``. In a deck,
`S` opens the speaker view with the notes, `F` goes full screen, `Esc` shows all slides. Next to each deck,
``<name>.notes.html`` (tools/speaker_notes.py) lists every slide with its notes, for the presenter's screen
during the live slideshow in JupyterLab, which shows no notes.
"""

from __future__ import annotations

import argparse
import copy
import html
import re
import shutil
import sys
from pathlib import Path

import jinja2
import nbformat
from bs4 import BeautifulSoup
from nbconvert import SlidesExporter

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:   # run as a script (`make slides`): `tools` is importable from the root
    sys.path.insert(0, str(ROOT))

from tools import widget_host  # noqa: E402
DEFAULT_OUT = ROOT / "build" / "slides"
ASSETS = "_assets"
REVEAL_DIR = f"{ASSETS}/reveal.js"
MATHJAX_URL = f"{ASSETS}/mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full"
EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)  # a scheme or protocol-relative
LOCAL_SCHEMES = ("data:", "#", "mailto:")

# The slide size reveal.js lays out and then scales to the screen; 1280×720 is a projector's 16:9.
WIDTH, HEIGHT = 1280, 720

# A lecture hall reads 24 px prose and 20 px code at 1280×720. reveal.js scales the whole
# slide with the screen, so these sizes hold at any projector resolution.
HALL_CSS = """
:root {
  --jp-content-font-size1: 24px;
  --jp-ui-font-size1: 20px;
  --jp-code-font-size: 20px;
  --jp-content-line-height: 1.35;
  --jp-cell-prompt-width: 0px;
}
.reveal { font-size: 24px; }
.reveal .slides { text-align: left; }
/* A slide longer than the screen scrolls (mouse wheel) instead of being cut off. */
.reveal .slides > section, .reveal .slides > section > section {
  padding: 12px 24px; box-sizing: border-box; height: 100%; overflow-y: auto;
}
/* A slide with sub-slides is a stack of sections: the stack itself takes no padding (else the sub-slides sit
   24 px right of the screen's edge and their right side is cut) and never scrolls. */
.reveal .slides > section.stack { padding: 0; overflow: visible; }
/* The notebook's spacing, as compact as the live slideshow's (binder/overrides.json): reveal's theme gives
   a <pre> 90 % of the width, a shadow and 20 px margins, and a cell's output is indented by the prompt's room. */
.reveal .jp-Cell { padding: 3px 0; }
.reveal .jp-Collapser { display: none; }
.reveal .jp-Cell-outputWrapper { margin-top: 3px; }
.reveal .jp-OutputArea-output { padding: 0; }
.reveal .jp-InputArea pre, .reveal div.jp-OutputArea-output > pre {
  width: 100%; margin: 0; box-shadow: none; box-sizing: border-box; padding: 4px 8px; letter-spacing: -0.3px;
}
.reveal .jp-InputArea .jp-Editor { padding: 0; }
.reveal .jp-RenderedHTMLCommon { --jp-content-heading-margin-top: 0.4em; --jp-content-heading-margin-bottom: 0.5em; }
/* JupyterLab lets a markdown cell scroll; on a slide a glyph 1 px below its box drew a scrollbar beside a heading. */
.reveal .jp-RenderedMarkdown { overflow: visible; }
.reveal .jp-RenderedHTMLCommon h1, .reveal .jp-RenderedHTMLCommon h2, .reveal .jp-RenderedHTMLCommon h3 {
  margin: 0.4em 0 0.5em;
}
.reveal .jp-RenderedHTMLCommon p, .reveal .jp-RenderedHTMLCommon ul, .reveal .jp-RenderedHTMLCommon ol {
  margin-top: 0; margin-bottom: 0.5em; line-height: 1.35;
}
.reveal .jp-InputPrompt, .reveal .jp-OutputPrompt { display: none; }
.reveal .jp-RenderedHTMLCommon { font-size: 24px; }
.reveal .jp-RenderedHTMLCommon h1 { font-size: 44px; }
.reveal .jp-RenderedHTMLCommon h2 { font-size: 36px; }
/* reveal's theme writes headings in capitals; the notebooks' headings keep their own case. */
.reveal .slides h1, .reveal .slides h2, .reveal .slides h3, .reveal .slides h4, .reveal .slides h5, .reveal .slides h6 {
  text-transform: none;
}
.reveal pre, .reveal code, .reveal .highlight pre { font-size: 20px; line-height: 1.25; }
.reveal .jp-OutputArea-output pre { font-size: 20px; }
/* Long code lines wrap, as in the live slideshow (binder/overrides.json), instead of running off the slide. */
.reveal .jp-InputArea pre, .reveal .jp-OutputArea-output pre { white-space: pre-wrap; overflow-wrap: anywhere; }
.reveal .jp-OutputArea-output img, .reveal .jp-OutputArea-output svg { max-width: 100%; width: auto; height: auto; }
/* Vector pictures (the explorers' grids) grow to the slide's width, as far as the height allows. */
.reveal .jp-OutputArea-output img[src^="data:image/svg+xml"] {
  width: 100%; max-height: 560px; object-fit: contain; object-position: left top;
}
.reveal .offline-link .address { font-size: 0.8em; color: #333; overflow-wrap: anywhere; }
/* A picture keeps its proportions; the deck's script below shrinks the pictures of a slide that is too tall. */
.reveal .tconv-live .tconv-picture-box svg { width: auto; height: auto; max-width: 100%; }
""" + widget_host.HOST_CSS

# The reveal template of nbconvert without what it fetches from CDNs: no jQuery, RequireJS, Mermaid or
# widget manager; reveal.js, its notes plugin and the explorers' host are plain local scripts.
TEMPLATE = """{%- extends 'reveal/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_js_mathjax -%}
<script type="text/x-mathjax-config">
MathJax.Hub.Config({
  tex2jax: {inlineMath: [["$", "$"], ["\\\\(", "\\\\)"]], displayMath: [["$$", "$$"], ["\\\\[", "\\\\]"]],
            processEscapes: true, processEnvironments: true,
            ignoreClass: "tex2jax_ignore|notes"},  // the speaker view copies notes as HTML: keep their TeX
  "HTML-CSS": {availableFonts: ["STIX-Web"], preferredFont: "STIX-Web", webFont: "STIX-Web", imageFont: null,
               scale: 100,
               // MathJax's placeholder font is url('about:blank'), which a page from file:// may not load
               // (a console error): a local() source asks for no file at all
               styles: {"@font-face": {"font-family": "MathJax_Blank", src: "local('MathJax_Blank')"}}},
  messageStyle: "none"
});
</script>
<script src="{{ resources.mathjax_url }}"></script>
{%- endblock html_head_js_mathjax -%}
{%- block html_head_css -%}<style type="text/css">{{ resources.hall_css }}</style>{%- endblock html_head_css -%}
{% block footer_js %}
<script src="{{ resources.reveal.url_prefix }}/dist/reveal.js"></script>
<script src="{{ resources.reveal.url_prefix }}/plugin/notes/notes.js"></script>
<script>
Reveal.initialize({
  controls: true, progress: true, history: true, slideNumber: "c/t",
  transition: "none", width: {{ resources.reveal.width }}, height: {{ resources.reveal.height }},
  center: false, margin: 0, plugins: [RevealNotes]
});
Reveal.on("slidechanged", function (event) {
  if (window.MathJax && MathJax.Hub) { MathJax.Hub.Queue(["Rerender", MathJax.Hub, event.currentSlide]); }
});
</script>
<script>
// A picture may make its slide taller than 1280×720 (a large figure, an explorer's grid, two rows of
// panels): after every drawing and on every slide change, the pictures of the slide on screen (figures,
// live explorers, still pictures) shrink together until the slide fits, never below MIN_SHARE of their own
// height; text and code keep their hall sizes. A slide that cannot fit that way is split in the notebook
// (tools/slide_metadata.py), and tests/test_export.py walks every deck to check that each slide fits.
(function () {
  var PICTURES = ".jp-OutputArea-output img, .jp-RenderedSVG > svg, .tconv-live .tconv-picture-box svg, " +
                 ".tconv-still svg, .tconv-still img";
  var MIN_SHARE = 0.35;
  function fit(section) {
    if (!section) return;
    var pictures = [].slice.call(section.querySelectorAll(PICTURES)).filter(function (p) {
      return !p.closest(".tconv-controls") && p.getClientRects().length;
    });
    if (!pictures.length) return;
    var scale = Reveal.getScale() || 1;
    pictures.forEach(function (p) { p.style.maxHeight = ""; });
    var own = pictures.map(function (p) { return p.getBoundingClientRect().height / scale; });
    for (var round = 0; round < 4; round++) {   // a picture narrower than the slide may gain little per px
      var over = section.scrollHeight - section.clientHeight;
      if (over <= 0) return;
      var total = 0, heights = pictures.map(function (p) { return p.getBoundingClientRect().height / scale; });
      heights.forEach(function (h) { total += h; });
      if (total <= 0) return;
      pictures.forEach(function (p, i) {
        var wanted = heights[i] - (over + 2) * heights[i] / total;
        p.style.maxHeight = Math.max(own[i] * MIN_SHARE, Math.floor(wanted)) + "px";
      });
    }
  }
  function current() { fit(Reveal.getCurrentSlide()); }
  new MutationObserver(function (records) {
    for (var k = 0; k < records.length; k++) {
      var box = records[k].target.closest && records[k].target.closest(".tconv-picture-box");
      if (box) { fit(box.closest("section")); return; }
    }
  }).observe(document.querySelector(".reveal .slides"), {childList: true, subtree: true});
  document.addEventListener("load", function (event) {   // a picture that loads late changes its slide
    if (event.target.tagName === "IMG") fit(event.target.closest("section"));
  }, true);
  Reveal.on("ready", current);
  Reveal.on("slidechanged", current);
  Reveal.on("resize", current);
  if (window.MathJax && MathJax.Hub) MathJax.Hub.Register.MessageHook("End Rerender", current);
})();
</script>
{%- for src in resources.shared_scripts %}
<script src="{{ src }}"></script>
{%- endfor %}
{%- if resources.shared_scripts %}
<script src="{{ resources.host_url }}"></script>
{%- endif %}
{% endblock footer_js %}
""" + widget_host.WIDGET_VIEW_BLOCK


def _package_dir(module: str) -> Path:
    return Path(__import__(module).__file__).resolve().parent


def reveal_source() -> Path:
    """reveal.js as shipped inside the sphinx-revealjs package (dist/, plugin/)."""
    return _package_dir("sphinx_revealjs") / "_static" / "revealjs"


def mathjax_source() -> Path:
    """MathJax 2 as shipped inside the jupyter-server-mathjax package (MathJax.js, config/, jax/, fonts/)."""
    return _package_dir("jupyter_server_mathjax") / "static"


def copy_assets(out: Path) -> None:
    """Copy the parts of reveal.js and MathJax the decks load into ``out/_assets``."""
    reveal, target = reveal_source(), out / REVEAL_DIR
    for part in ("dist/reveal.js", "dist/reveal.css", "dist/theme/white.css", "plugin/notes/notes.js", "LICENSE"):
        (target / part).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(reveal / part, target / part)
    shutil.copytree(reveal / "dist/theme/fonts/source-sans-pro", target / "dist/theme/fonts/source-sans-pro",
                    dirs_exist_ok=True)
    shutil.copytree(mathjax_source(), out / ASSETS / "mathjax", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("localization", "__pycache__"))
    widget_host.copy_host(out / ASSETS)


def _offline_notebook(nb, out: Path):
    """A copy of ``nb`` whose explorers' shared values (module, styles, texts) are files in ``out/_assets``;
    returns it and the scripts the deck loads for them (none without saved widget state)."""
    nb = copy.deepcopy(nb)
    shared = widget_host.share(nb)
    if not shared or not widget_host.has_views(nb):
        return nb, []
    return nb, [f"{ASSETS}/{name}" for name in widget_host.write_shared(out / ASSETS, shared)]


def is_external(url: str | None) -> bool:
    """True for an address that would leave the export folder (``https:``, ``//host``, ``file:`` …)."""
    if not url or url.startswith(LOCAL_SCHEMES):
        return False
    return bool(EXTERNAL.match(url))


def _local_links(body: str, decks: set[str]) -> str:
    """Links to web pages as plain text with the address; links to exported notebooks to their decks."""
    soup = BeautifulSoup(body, "html.parser")
    for a in soup.find_all("a", href=True):
        href = a["href"]
        target = href.split("#")[0]
        if not is_external(href):
            if target.endswith(".ipynb"):
                if Path(target).stem in decks:  # the deck of that notebook, in the same folder
                    a["href"] = href.replace(target, f"{Path(target).stem}.slides.html", 1)
                else:  # a notebook without a deck here (e.g. solutions.ipynb): its name as text
                    a.replace_with(*a.contents)
            continue
        span = soup.new_tag("span", attrs={"class": "offline-link"})
        text = a.get_text()
        span.extend(a.contents[:])
        if text.strip() != href:
            address = soup.new_tag("span", attrs={"class": "address"})
            address.string = f" ({href})"
            span.append(address)
        a.replace_with(span)
    for img in soup.find_all("img", src=True):
        if is_external(img["src"]):
            img.replace_with(img.get("alt", ""))
    return str(soup)


def export_notebook(path: Path, out: Path, decks: set[str] | None = None) -> Path:
    """Write ``out/<stem>.slides.html`` for the notebook at ``path``; returns the file written."""
    path = Path(path)
    nb, scripts = _offline_notebook(nbformat.read(path, as_version=4), out)
    exporter = SlidesExporter(
        extra_loaders=[jinja2.DictLoader({"offline_reveal.html.j2": TEMPLATE})],
        template_file="offline_reveal.html.j2",
        reveal_url_prefix=REVEAL_DIR, reveal_theme="white", reveal_transition="none",
        reveal_width=str(WIDTH), reveal_height=str(HEIGHT), reveal_scroll=False, mathjax_url=MATHJAX_URL,
    )
    resources = {"metadata": {"name": path.stem, "path": str(path.parent)}, "hall_css": HALL_CSS,
                 "shared_scripts": scripts, "host_url": f"{ASSETS}/host.js"}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    body = _local_links(body, decks or {path.stem})
    target = out / f"{path.stem}.slides.html"
    target.write_text(body, encoding="utf-8")
    return target


def _title(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def write_index(paths: list[Path], out: Path) -> Path:
    """``out/index.html``: one link per deck, titled by the notebook's first heading."""
    items = "\n".join(f'<li><a href="{p.stem}.slides.html">{html.escape(_title(p))}</a> '
                      f'(<a href="{p.stem}.notes.html">speaker notes</a>)</li>' for p in paths)
    page = (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Transposed convolution: '
            f'slides</title><style>body{{font-family:sans-serif;font-size:24px;margin:2em;line-height:1.6}}'
            f'</style></head><body><h1>Transposed convolution, number by number: slides</h1>'
            f'<p>Open a deck; <b>F</b> full screen, <b>S</b> speaker notes, <b>Esc</b> overview.</p>'
            f'<ol>\n{items}\n</ol></body></html>\n')
    target = out / "index.html"
    target.write_text(page, encoding="utf-8")
    return target


def export(paths: list[Path], out: Path = DEFAULT_OUT) -> list[Path]:
    """Export every notebook in ``paths`` into ``out`` with the assets and an index; returns the decks."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(out)
    decks = {Path(p).stem for p in paths}
    written = [export_notebook(Path(p), out, decks) for p in paths]
    from tools.speaker_notes import write_notes  # imports this module: imported here, not at the top
    for p in paths:
        write_notes(Path(p), out, decks)
    write_index([Path(p) for p in paths], out)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to export (default: notebooks/[0-9]*.ipynb)")
    parser.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT, help="output folder (default: build/slides)")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    for deck in export(paths, args.out):
        print(deck)
    print(f"open {Path(args.out) / 'index.html'} in a browser (no network needed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
