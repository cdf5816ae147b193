"""Live explorers in pages without Jupyter: what the static site (tools/build_site.py) and the offline slides
(tools/export_slides.py) share.

- ``HOST``: helpers/js/host.js, the small anywidget host nbconvert loads as its ``widget_renderer_url``.
- ``WIDGET_VIEW_BLOCK``: the nbconvert template block for a widget output: the view's model id for the
  host, plus the output's still picture (SVG, HTML or PNG), shown until the host draws the live explorer and
  kept where it cannot (no view for that kind, no JavaScript).
- ``share(nb)``: the long values every explorer model carries (its ES module ``_esm``, ``_css`` and the texts
  ``ctx``) replaced in the notebook's saved widget state by ``{"$shared": key}``; ``write_shared`` writes each
  value once as ``<assets>/shared/<key>.js`` (a plain script, so it loads from file:// too, and the browser
  caches it across pages). A notebook with twelve explorers would otherwise carry twelve copies of the module.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = ROOT / "helpers" / "js" / "host.js"
STATE = "application/vnd.jupyter.widget-state+json"
VIEW = "application/vnd.jupyter.widget-view+json"
SHARED_KEYS = ("_esm", "_css", "ctx")

WIDGET_VIEW_BLOCK = r"""
{%- block data_widget_view scoped %}
<div class="jupyter-widgets jp-OutputArea-output tconv-widget {{ extra_class }}">
<script type="application/vnd.jupyter.widget-view+json">{{ output.data['application/vnd.jupyter.widget-view+json'] | json_dumps | escape_html_script }}</script>
{%- if 'image/svg+xml' in output.data %}
<div class="tconv-still"><img src="data:image/svg+xml;base64,{{ output.data['image/svg+xml'] | text_base64 | escape_html }}" alt="{{ output.data.get('text/plain', '') | escape_html }}"></div>
{%- elif 'text/html' in output.data %}
<div class="tconv-still jp-RenderedHTMLCommon">{{ output.data['text/html'] }}</div>
{%- elif 'image/png' in output.data %}
<div class="tconv-still"><img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}" alt=""></div>
{%- endif %}
</div>
{%- endblock data_widget_view -%}
"""

# The still picture is as wide as the live explorer's picture would be.
HOST_CSS = """
.tconv-still img { max-width: 100%; height: auto; display: block; }
"""


def _key(value) -> str:
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def share(nb) -> dict[str, object]:
    """Replace each long shared value of the saved models (in place) by ``{"$shared": key}``; returns
    {key: value}. A notebook without saved widget state is left alone (returns {})."""
    shared: dict[str, object] = {}
    for model in nb.metadata.get("widgets", {}).get(STATE, {}).get("state", {}).values():
        state = model.get("state", {})
        for name in SHARED_KEYS:
            if name in state and not (isinstance(state[name], dict) and "$shared" in state[name]):
                key = _key(state[name])
                shared[key] = state[name]
                state[name] = {"$shared": key}
    return shared


def write_shared(assets: Path, shared: dict[str, object]) -> list[str]:
    """``assets/shared/<key>.js`` for each value (written once); returns the paths relative to ``assets``."""
    folder = assets / "shared"
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for key, value in sorted(shared.items()):
        path = folder / f"{key}.js"
        if not path.exists():
            # JSON is a JavaScript literal; U+2028/2029 are legal in string literals since ES2019
            path.write_text(f"(window.TCONV_SHARED = window.TCONV_SHARED || {{}})[{json.dumps(key)}] = "
                            f"{json.dumps(value, ensure_ascii=False)};\n", encoding="utf-8")
        names.append(f"shared/{key}.js")
    return names


def copy_host(assets: Path) -> str:
    """Copy host.js into ``assets``; returns its name there."""
    assets.mkdir(parents=True, exist_ok=True)
    shutil.copy2(HOST, assets / "host.js")
    return "host.js"


def has_views(nb) -> bool:
    """True when some output shows a widget whose model the notebook saved."""
    models = nb.metadata.get("widgets", {}).get(STATE, {}).get("state", {})
    return any(isinstance(o.get("data", {}).get(VIEW), dict) and o["data"][VIEW].get("model_id") in models
               for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
