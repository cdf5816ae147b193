"""The browser's matrix explorers (helpers/js/views/matrix.js, matrix_step.js) against their fixtures.

The fixtures (tests/js/fixtures/matrix*.json, from tools/fixtures/matrix*.py) must still be what the Python
explorers draw: a seeded sample of their states is redrawn here and compared (picture SHA-256, sentence,
bounds). tests/test_js.py runs node, which checks every state of the fixtures against the bundle
(tests/js/matrix*.test.mjs).
"""
from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import pytest

from helpers import i18n
from helpers.explorers.matrix import MatrixExplorer, MatrixStepExplorer, MatrixTransposedStepExplorer

ROOT = Path(__file__).resolve().parent.parent
KINDS = {"matrix": MatrixExplorer, "matrix_step": MatrixStepExplorer,
         "matrix_transposed_step": MatrixTransposedStepExplorer}


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("language", ["en", "zh"])
def test_fixture_is_current(kind, language):
    data = json.loads((ROOT / "tests" / "js" / "fixtures" / f"{kind}.json").read_text(encoding="utf-8"))[language]
    i18n.set_language(language)
    try:
        explorer = KINDS[kind]()
        for case in random.Random(5).sample(data["cases"], 6):
            explorer.set(**case["state"])
            assert hashlib.sha256(explorer.svg.encode()).hexdigest() == case["picture_sha256"], (
                f"{case['state']}: stale picture, run `python tools/fixtures/{kind}.py`")
            assert explorer.sentence == case["sentence"], case["state"]
            assert {n: [w.min, w.max] for n, w in explorer.sliders.items()} == case["bounds"], case["state"]
    finally:
        i18n.set_language("en")
