"""The Chinese edition in a Chinese JupyterLab (Chromium): its index runs clean through the Chinese Run
menu, its Chinese text is drawn with a CJK font, and JupyterLab's own menus are Chinese once the
language pack is selected.

Everything else the English notebooks get in the browser, the Chinese ones get from the same tests,
parametrized over notebooks/zh/ (ids ``zh-…``): Run All, the keyboard sweep and every explorer against
torch, with the kernel idle and with none (tests/test_browser.py), and the slideshow at 1280×720
(tests/test_slides.py). This file holds only what is Chinese-specific: the Chinese interface, and an
explorer drawn in Chinese moving by keyboard there. Screenshots go to artifacts/browser-zh/ (git-ignored).
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
        page.wait_for_selector("text=helpers 与 torch 一致： True", timeout=120_000)   # T(): 00 speaks Chinese
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


def test_zh_explorer_speaks_chinese_and_moves_by_keyboard(chinese_lab, browser):
    """In a Chinese JupyterLab, the Chinese edition's explorer is drawn by the page in Chinese (``lang="zh"``,
    labels and sentence from the catalogue's zh texts through ctx) and every key acts on its controls, with
    torch's numbers after each (test_browser.sweep)."""
    from test_browser import EXPLORER, check_explorer, sweep
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    try:
        open_notebook(page, chinese_lab.url("notebooks/zh/06_output_padding_dilation_groups.ipynb"))
        run_all(page, menu=("运行", "运行所有单元格"))
        explorers = page.locator(EXPLORER)
        assert explorers.count() >= 1
        for i in range(explorers.count()):
            ex = explorers.nth(i)
            ex.scroll_into_view_if_needed()
            assert ex.get_attribute("lang") == "zh"
            labels = ex.locator(".tconv-control label").all_inner_texts()
            assert labels and all(any("\u4e00" <= ch <= "\u9fff" for ch in label) for label in labels), labels
            check_explorer(ex, f"zh 06 explorer {i}")
            assert sweep(page, ex, f"zh 06 explorer {i}") > 0
            SHOTS.mkdir(parents=True, exist_ok=True)
            ex.screenshot(path=str(SHOTS / f"zh_06_explorer_{i}.png"))
    finally:
        page.close()
