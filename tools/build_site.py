"""The static website of both editions (`make site`): every notebook as an HTML page with its committed
outputs, formulas, figures and navigation, and every explorer live in the reader's browser.

Usage (from the repository root):

    python tools/build_site.py                 # both editions -> _site/  (open _site/index.html)
    python tools/build_site.py -o /tmp/site    # elsewhere
    python tools/build_site.py --notebooks notebooks/09_checkerboard.ipynb   # only these pages (tests)

Notebooks are NOT executed: the pages show the outputs committed in them (executed with their widget
state saved, tools/execute_notebooks.py). The English edition (notebooks/*.ipynb) is the site's root, the
Chinese edition (notebooks/zh/*.ipynb) is ``zh/``; each edition's ``index.html`` is its 00_index notebook.
Every page has a bar with Contents, Previous, Next and the same page in the other edition, at its top and
bottom.

Nothing is fetched from the network when the site is built or read; the folder works from file:// (copy it
anywhere and open index.html) and as a web site (.github/workflows/site.yml publishes it on GitHub Pages):
- pages are nbconvert's HTML (``lab`` template) without require.js or any CDN address;
- formulas: MathJax 2 copied from the pinned ``jupyter-server-mathjax`` package (as `make slides` does);
- explorers: helpers/js/host.js (nbconvert's ``widget_renderer_url``), a small anywidget host that runs
  each explorer's ES module, saved in the notebook's widget state, against an in-page model
  (tools/widget_host.py; the module text and the texts are stored once in ``_assets/shared/``);
- a picture from the web (the Binder badge) becomes its alt text, so a reader offline sees no broken image.

Why not Jupyter Book 2 / mystmd: docs/site.md.
"""
from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import sys
from pathlib import Path

import jinja2
import nbformat
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:   # run as a script (`make site`): `tools` is importable from the root
    sys.path.insert(0, str(ROOT))

from tools import widget_host  # noqa: E402
from tools.export_slides import is_external, mathjax_source  # noqa: E402
DEFAULT_OUT = ROOT / "_site"
ASSETS = "_assets"
FOLDER = {"en": "", "zh": "zh/"}          # where each edition's pages go, under the site's root
LANGUAGE_CODE = {"en": "en", "zh": "zh-CN"}
INDEX = "00_index"

# The navigation bar's words, per edition (site chrome, not notebook text).
NAV = {
    "en": {"contents": "Contents", "previous": "Previous", "next": "Next", "other": "中文",
           "other_title": "本页的中文版", "site": "Transposed convolution, number by number"},
    "zh": {"contents": "目录", "previous": "上一篇", "next": "下一篇", "other": "English",
           "other_title": "This page in English", "site": "转置卷积，逐个数字看懂"},
}

SITE_CSS = """
body.jp-Notebook { max-width: 1100px; margin: 0 auto; padding: 0 16px 24px; }
nav.site-nav { display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: baseline; padding: 10px 0;
  margin: 0 0 12px; border-bottom: 1px solid #ccc; font: 16px/1.4 "DejaVu Sans", Arial, "Noto Sans CJK SC", sans-serif; }
nav.site-nav.bottom { border-bottom: 0; border-top: 1px solid #ccc; margin: 24px 0 0; }
nav.site-nav .site-title { font-weight: bold; margin-right: auto; color: #111; text-decoration: none; }
nav.site-nav a { color: #1f5a96; }
nav.site-nav .disabled { color: #767676; }
.offline-badge { display: inline-block; padding: 1px 8px; border: 1px solid #767676; border-radius: 3px; }
"""

# MathJax 2 as `make slides` configures it (STIX-Web fonts, shipped in jupyter-server-mathjax).
MATHJAX = """
<script type="text/x-mathjax-config">
MathJax.Hub.Config({
  tex2jax: {inlineMath: [["$", "$"], ["\\\\(", "\\\\)"]], displayMath: [["$$", "$$"], ["\\\\[", "\\\\]"]],
            processEscapes: true, processEnvironments: true},
  "HTML-CSS": {availableFonts: ["STIX-Web"], preferredFont: "STIX-Web", webFont: "STIX-Web", imageFont: null,
               // MathJax's placeholder font is url('about:blank'), which a page from file:// may not load
               // (a console error): a local() source asks for no file at all
               styles: {"@font-face": {"font-family": "MathJax_Blank", src: "local('MathJax_Blank')"}}},
  messageStyle: "none"
});
</script>
<script async src="{{ resources.mathjax_url }}"></script>
"""

TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_js_mathjax -%}""" + MATHJAX + """{%- endblock html_head_js_mathjax -%}
{% block jupyter_widgets %}
{%- if "widgets" in nb.metadata -%}
{%- for src in resources.shared_scripts %}
<script defer src="{{ src }}"></script>
{%- endfor %}
<script defer src="{{ resources.widget_renderer_url }}"></script>
{%- endif -%}
{% endblock jupyter_widgets %}
{% block notebook_css %}
{%- for href in resources.stylesheets %}
<link rel="stylesheet" href="{{ href }}">
{%- endfor %}
<style type="text/css">{{ resources.lab_inline_css }}{{ resources.site_css }}</style>
{% endblock notebook_css %}
""" + widget_host.WIDGET_VIEW_BLOCK


def editions(source: Path = ROOT / "notebooks") -> dict[str, Path]:
    """Each edition's folder: the English notebooks in ``source``, the Chinese ones in ``source/zh``."""
    return {"en": Path(source), "zh": Path(source) / "zh"}


def lab_styles() -> tuple[list[Path], str]:
    """nbconvert's ``lab`` template styles: its two CSS files (written once into _assets/lab/ and linked from
    every page, instead of 250 KB inlined in each) and the few rules the template writes inline."""
    from jupyter_core.paths import jupyter_path
    for base in jupyter_path("nbconvert", "templates", "lab"):
        static = Path(base) / "static"
        if (static / "index.css").is_file():
            template = (Path(base) / "index.html.j2").read_text(encoding="utf-8")
            block = template.split("{% block notebook_css %}", 1)[1].split("{% endblock notebook_css %}", 1)[0]
            inline = re.findall(r'<style type="text/css">(.*?)</style>', block, re.S)
            return [static / "index.css", static / "theme-light.css"], "".join(inline)
    raise FileNotFoundError("nbconvert's lab template (share/jupyter/nbconvert/templates/lab/static/index.css)")


def notebooks(folder: Path) -> list[Path]:
    """An edition's notebooks in reading order: the index, the numbered chapters, then the solutions."""
    numbered = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
    rest = [folder / "solutions.ipynb"] if (folder / "solutions.ipynb").exists() else []
    return numbered + rest


def page_name(path: Path) -> str:
    return "index.html" if path.stem == INDEX else f"{path.stem}.html"


def page_path(edition: str, path: Path) -> str:
    """The page's path under the site's root, e.g. ``zh/03_stride.html``."""
    return FOLDER[edition] + page_name(path)


def _relative(from_page: str, to_page: str) -> str:
    return os.path.relpath(to_page, os.path.dirname(from_page) or ".").replace(os.sep, "/")


def title(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


class Site:
    """Both editions' page lists, so that every page can link to the others."""

    def __init__(self, source: Path = ROOT / "notebooks", only: list[Path] | None = None):
        self.folders = {edition: folder.resolve() for edition, folder in editions(source).items()}
        self.pages: dict[Path, tuple[str, str]] = {}   # notebook (resolved) → (edition, page path)
        self.order: dict[str, list[Path]] = {}
        for edition, folder in self.folders.items():
            paths = [p.resolve() for p in notebooks(folder)]
            if only is not None:
                wanted = {Path(p).resolve() for p in only}
                paths = [p for p in paths if p in wanted]
            self.order[edition] = paths
            for p in paths:
                self.pages[p] = (edition, page_path(edition, p))

    def twin(self, path: Path) -> Path | None:
        """The same notebook in the other edition, if it is on the site."""
        edition, _ = self.pages[path]
        other = self.folders["zh" if edition == "en" else "en"] / path.name
        return other if other in self.pages else None

    def page_of(self, link: str, source: Path) -> str | None:
        """The site page a notebook link in ``source`` points to (relative to the source's page), or None."""
        target = link.split("#")[0]
        if not target.endswith(".ipynb"):
            return None
        resolved = (source.parent / target).resolve()
        if resolved not in self.pages:
            return None
        anchor = link[len(target):]
        return _relative(self.pages[source][1], self.pages[resolved][1]) + anchor


def _nav(site: Site, path: Path, nb_titles: dict[Path, str], where: str) -> str:
    edition, here = site.pages[path]
    words = NAV[edition]
    order = site.order[edition]
    i = order.index(path)
    index_page = FOLDER[edition] + "index.html"

    def link(target: Path | None, text: str, rel: str) -> str:
        if target is None:
            return f'<span class="disabled">{html.escape(text)}</span>'
        label = f"{text}: {nb_titles[target]}"
        return (f'<a href="{_relative(here, site.pages[target][1])}" rel="{rel}" title="{html.escape(label)}">'
                f'{html.escape(text)}</a>')

    parts = [f'<a class="site-title" href="{_relative(here, index_page)}">{html.escape(words["site"])}</a>',
             f'<a href="{_relative(here, index_page)}" rel="contents">{html.escape(words["contents"])}</a>',
             link(order[i - 1] if i > 0 else None, "← " + words["previous"], "prev"),
             link(order[i + 1] if i + 1 < len(order) else None, words["next"] + " →", "next")]
    twin = site.twin(path)
    if twin is not None:
        lang = LANGUAGE_CODE["zh" if edition == "en" else "en"]
        parts.append(f'<a href="{_relative(here, site.pages[twin][1])}" hreflang="{lang}" lang="{lang}" '
                     f'title="{html.escape(words["other_title"])}">{html.escape(words["other"])}</a>')
    return f'<nav class="site-nav {where}">' + " ".join(parts) + "</nav>"


def _rewrite(body: str, site: Site, path: Path, nav_top: str, nav_bottom: str) -> str:
    """Notebook links → site pages, web pictures → their alt text, the navigation bars added."""
    soup = BeautifulSoup(body, "html.parser")
    for a in soup.find_all("a", href=True):
        href = a["href"]
        if is_external(href):
            continue
        page = site.page_of(href, path)
        if page is not None:
            a["href"] = page
        elif href.split("#")[0].endswith(".ipynb"):   # a notebook not on the site: its name as text
            a.replace_with(*a.contents)
    for img in soup.find_all("img", src=True):
        if is_external(img["src"]):
            badge = soup.new_tag("span", attrs={"class": "offline-badge"})
            badge.string = img.get("alt", "")
            img.replace_with(badge)
    soup.html["lang"] = LANGUAGE_CODE[site.pages[path][0]]
    main = soup.find("main")
    main.insert(0, BeautifulSoup(nav_top, "html.parser"))
    main.append(BeautifulSoup(nav_bottom, "html.parser"))
    return str(soup)


def build_page(site: Site, path: Path, out: Path, titles: dict[Path, str]) -> Path:
    edition, rel = site.pages[path]
    nb = nbformat.read(path, as_version=4)
    prefix = "../" * rel.count("/")
    assets = out / ASSETS
    shared = widget_host.share(nb)
    scripts = [f"{prefix}{ASSETS}/{name}" for name in widget_host.write_shared(assets, shared)] if shared else []
    exporter = HTMLExporter(
        extra_loaders=[jinja2.DictLoader({"site.html.j2": TEMPLATE})], template_file="site.html.j2",
        mathjax_url=f"{prefix}{ASSETS}/mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full",
        widget_renderer_url=f"{prefix}{ASSETS}/host.js", require_js_url="", language_code=edition,
    )
    css, inline = lab_styles()
    resources = {"metadata": {"name": titles[path], "path": str(path.parent)}, "shared_scripts": scripts,
                 "site_css": SITE_CSS + widget_host.HOST_CSS, "lab_inline_css": inline,
                 "stylesheets": [f"{prefix}{ASSETS}/lab/{c.name}" for c in css]}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    body = _rewrite(body, site, path, _nav(site, path, titles, "top"), _nav(site, path, titles, "bottom"))
    target = out / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body, encoding="utf-8")
    return target


def write_contents(site: Site, edition: str, out: Path, titles: dict[Path, str]) -> Path:
    """A plain contents page for an edition built without its 00_index notebook (a partial build)."""
    words = NAV[edition]
    here = FOLDER[edition] + "index.html"
    items = "\n".join(f'<li><a href="{_relative(here, site.pages[p][1])}">{html.escape(titles[p])}</a></li>'
                      for p in site.order[edition])
    target = out / here
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f'<!DOCTYPE html>\n<html lang="{LANGUAGE_CODE[edition]}"><head><meta charset="utf-8">'
                      f'<title>{html.escape(words["site"])}</title><style>{SITE_CSS}</style></head>'
                      f'<body><main><h1>{html.escape(words["site"])}</h1><ol>\n{items}\n</ol></main></body></html>\n',
                      encoding="utf-8")
    return target


def copy_assets(out: Path) -> None:
    assets = out / ASSETS
    widget_host.copy_host(assets)
    (assets / "lab").mkdir(parents=True, exist_ok=True)
    for css in lab_styles()[0]:
        shutil.copy2(css, assets / "lab" / css.name)
    shutil.copytree(mathjax_source(), assets / "mathjax", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("localization", "__pycache__"))


def build(out: Path = DEFAULT_OUT, only: list[Path] | None = None, source: Path = ROOT / "notebooks") -> list[Path]:
    """Write the site into ``out`` (emptied first) from the notebooks in ``source`` (English) and
    ``source/zh`` (Chinese), or only those in ``only``; returns the pages written."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    copy_assets(out)
    (out / ".nojekyll").write_text("")   # GitHub Pages: serve _assets/ as it is
    site = Site(source, only)
    titles = {p: title(nbformat.read(p, as_version=4), p.stem) for p in site.pages}
    pages = [build_page(site, p, out, titles) for edition in site.order for p in site.order[edition]]
    for edition in site.order:
        if not (out / FOLDER[edition] / "index.html").exists():
            write_contents(site, edition, out, titles)
    return pages


def size(folder: Path) -> int:
    return sum(f.stat().st_size for f in Path(folder).rglob("*") if f.is_file())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT, help="output folder (default: _site)")
    parser.add_argument("--notebooks", nargs="*", type=Path, help="only these notebooks (default: all)")
    parser.add_argument("--source", type=Path, default=ROOT / "notebooks",
                        help="folder of the English notebooks, the Chinese in its zh/ (default: notebooks)")
    args = parser.parse_args(argv)
    pages = build(args.out, args.notebooks, args.source)
    print(f"{len(pages)} pages, {size(args.out) / 1e6:.1f} MB in {args.out}")
    print(f"open {Path(args.out) / 'index.html'} in a browser (no network needed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
