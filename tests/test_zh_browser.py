"""The Chinese edition in a Chinese JupyterLab (Chromium): its index runs clean through the Chinese Run
menu, its Chinese text is drawn with a CJK font, and JupyterLab's own menus are Chinese once the
language pack is selected.

Everything else the English notebooks get in the browser, the Chinese ones get from the same tests,
parametrized over notebooks/zh/ (ids ``zh-…``): Run All and every explorer against torch
(tests/test_browser.py) and the slideshow at 1280×720 (tests/test_slides.py). This file holds only
what is Chinese-specific. Screenshots go to artifacts/browser-zh/ (git-ignored).
"""
from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from tools.labserver import open_notebook, run_all

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "artifacts" / "browser-zh"

pytestmark = pytest.mark.browser   # conftest skips it, saying why, when Chromium is absent

# The user setting that Settings → Language → 中文 (简体, 中国) writes.
LANGUAGE_SETTING = "@jupyterlab/translation-extension:plugin"


def _set_language(lab, setting):
    """Write the interface language as Settings → Language does (JupyterLab's settings API)."""
    body = json.dumps({"raw": json.dumps(setting)}).encode()
    request = urllib.request.Request(f"{lab.base}/lab/api/settings/{LANGUAGE_SETTING}?token={lab.token}",
                                     data=body, method="PUT", headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=30).close()


@pytest.fixture
def chinese_lab(lab):
    """The session's JupyterLab with its interface language set to Simplified Chinese for one test."""
    _set_language(lab, {"locale": "zh_CN"})
    yield lab   # the `lab` fixture restores the server's settings afterwards


def test_zh_index_runs_in_a_chinese_jupyterlab(chinese_lab, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        open_notebook(page, chinese_lab.url("notebooks/zh/00_index.ipynb"))
        run_all(page, menu=("运行", "运行所有单元格"))   # the Chinese Run menu, as a person would
        page.wait_for_selector("text=helpers agrees with torch: True", timeout=120_000)
        outputs = page.locator(".jp-OutputArea-output").all_inner_texts()
        assert not [o for o in outputs if "Traceback" in o or "Error" in o], outputs
        menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
        assert {"文件", "编辑", "运行", "帮助"} <= set(menus), f"menu bar: {menus}"
        heading = page.locator(".jp-RenderedMarkdown h1").first
        assert "手算转置卷积" in heading.inner_text()
        cdp = page.context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": ".jp-RenderedMarkdown h1"})["nodeId"]
        used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        assert any("CJK" in f["familyName"] and f["glyphCount"] >= 6 for f in used), used
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.evaluate("window.jupyterapp.shell.currentWidget.content.activeCellIndex = 0")
        page.locator(".jp-Notebook .jp-Cell").first.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "zh_index_chinese_ui.png"))
    finally:
        page.close()
