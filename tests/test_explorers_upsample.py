"""Tests for helpers/explorers/upsample.py's ``UpsampleExplorer`` (10): every factor 1..4 × every method, the
upsampled image against torch (``conv_transpose2d`` with D2L's bilinear kernel or the documented random
kernel, ``interpolate`` + ``conv2d``), and the PNG drawn against it. ``d2l_bilinear_kernel`` and
``torch_upsample`` live in tests/oracle.py (also used by tests/test_captions.py, test_zh_helpers.py, test_browser.py)."""
from __future__ import annotations

import base64
import io
import xml.etree.ElementTree as ET

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PIL import Image

from helpers import operations
from oracle import d2l_bilinear_kernel, torch_upsample  # noqa: F401  (test_captions, test_zh_helpers import them from here)
from helpers.explorers import UpsampleExplorer

from conftest import T, tt  # noqa: E402
from oracle import NS  # noqa: E402

pytestmark = pytest.mark.usefixtures("plain_cpu_kernels")


def test_upsample_every_state():
    e = UpsampleExplorer()
    assert e.image_array.shape == (64, 64) and 0 <= e.image_array.min() < e.image_array.max() <= 1
    states = 0
    for method in operations.UPSAMPLE_METHODS:
        e.sliders["method"].value = method
        for f in range(1, 5):
            e.sliders["factor"].value = f
            states += 1
            assert e.message == ""
            expected = torch_upsample(e.image_array, f, method).numpy()
            assert e.output.shape == (64 * f, 64 * f)
            np.testing.assert_allclose(e.output, expected, atol=1e-12)
            root = ET.fromstring(e.svg)
            images = list(root.iter(NS + "image"))
            assert len(images) == 3
            png = Image.open(io.BytesIO(base64.b64decode(images[1].get("href").split(",", 1)[1])))
            drawn = np.asarray(png, dtype=float)
            assert drawn.shape == (64 * f, 64 * f)
            assert np.abs(drawn - np.clip(expected, 0, 1) * 255).max() <= 0.5 + 1e-9
            assert f"{64 * f}" in e.sentence
    assert states == 12


def test_upsample_checkerboard_claims():
    """On a flat image, bilinear stays flat inside, the random kernel with stride 2 prints a 2-periodic pattern."""
    flat = np.full((16, 16), 0.5)
    bil = torch_upsample(flat, 2, "bilinear").numpy()[4:-4, 4:-4]
    rnd = torch_upsample(flat, 2, "random").numpy()[4:-4, 4:-4]
    ncv = torch_upsample(flat, 2, "nearest+conv").numpy()[4:-4, 4:-4]
    assert np.ptp(bil) < 1e-12 and np.ptp(ncv) < 1e-12 and np.ptp(rnd) > 0.05
    np.testing.assert_allclose(rnd[:-2, :-2], rnd[2:, 2:])
    for method, expected in (("bilinear", bil), ("random", rnd), ("nearest+conv", ncv)):
        out, _ = operations.upsample_image(flat, 2, method)
        np.testing.assert_allclose(out[4:-4, 4:-4], expected, atol=1e-12)
    e = UpsampleExplorer(factor=2, method="random")
    assert "checkerboard" in e.sentence
    e.set(method="nearest+conv")
    assert "no checkerboard" in e.sentence



def test_the_image_is_sent_to_the_browser_as_plain_numbers():
    """``image`` is the synced trait (nested lists, what the browser upsamples); ``image_array`` the same
    numbers as NumPy; ``info`` says which kernel the method used."""
    e = UpsampleExplorer(factor=3, method="random")
    assert isinstance(e.image, list) and len(e.image) == 64 and all(len(row) == 64 for row in e.image)
    np.testing.assert_array_equal(e.image_array, np.asarray(e.image, dtype=float))
    assert e.sliders["method"].options == list(operations.UPSAMPLE_METHODS)
    assert (e.sliders["factor"].min, e.sliders["factor"].max) == (1, 4)
    assert "image" not in e.sliders, "the photo is data, not a control"
    assert e.info is not None and e.info["method"] == "random"
