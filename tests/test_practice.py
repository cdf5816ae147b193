"""Notebook 10's practice: one grey scale for compared pictures, an honest verdict on a flat
input, pixel shuffle (helpers/upsampling.py) and the DCGAN exercise 10.4, each checked against torch.

Expected values come from torch (``F.pixel_shuffle``, ``F.conv_transpose2d``, an ``nn.Sequential``
generator) or from hand reasoning written next to the assert, never from the code under test.
"""
from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

matplotlib.use("Agg")

from helpers import upsampling as U  # noqa: E402
from helpers.captions import flat_input_line, tile_verdict  # noqa: E402
from helpers.exercises import check, question, solution  # noqa: E402
from helpers.figures import plot_images, plot_pixel_shuffle  # noqa: E402
from helpers.palette import element_color, element_label  # noqa: E402

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "10_upsampling_in_practice.ipynb"


def _rendered(ax):
    """The RGBA colours an imshow axis paints, one per pixel."""
    im = ax.images[0]
    return im.cmap(im.norm(np.asarray(im.get_array(), dtype=float)))


# ---------------------------------------------------------------- plot_images: one grey scale


def _portrait_corners():
    """The top-left 12×12 of the portrait upsampled ×2 by F.interpolate and by the bilinear transposed
    convolution (notebook 10's corner panels), both computed by torch."""
    import matplotlib.pyplot as plt
    from matplotlib import cbook
    with cbook.get_sample_data("grace_hopper.jpg") as f:
        rgb = plt.imread(f)
    gray = rgb.astype(np.float32) @ np.array([0.299, 0.587, 0.114], np.float32) / 255
    x = torch.from_numpy(gray[:512].reshape(64, 8, 64, 8).mean(axis=(1, 3)))[None, None]
    tent = torch.tensor([0.25, 0.75, 0.75, 0.25])
    w = torch.outer(tent, tent)[None, None]
    up_tconv = F.conv_transpose2d(x, w, stride=2, padding=1)[0, 0, :12, :12].numpy()
    up_interp = F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)[0, 0, :12, :12].numpy()
    return up_interp, up_tconv


def test_shared_scale_paints_equal_values_alike():
    """10's two portrait corners: inside the rim the two corners agree to float32 rounding,
    so on one scale they must look the same; on their own scales they did not."""
    a, b = _portrait_corners()
    assert np.abs(a - b)[1:, 1:].max() < 1e-6 and np.abs(a - b)[0].max() > 0.05   # inside equal, rim darker
    own = plot_images([a, b], ["interpolate", "tconv"])
    shared = plot_images([a, b], ["interpolate", "tconv"], shared=True)
    grouped = plot_images([a, b, a, b], ["a", "b", "a", "b"], shared=[(0, 1), (2, 3)])
    inside = np.s_[1:, 1:]
    assert np.abs(_rendered(own.axes[0])[inside] - _rendered(own.axes[1])[inside]).max() > 0.05   # the bug
    for fig, pairs in ((shared, [(0, 1)]), (grouped, [(0, 1), (2, 3)])):
        for i, j in pairs:
            ci, cj = _rendered(fig.axes[i]), _rendered(fig.axes[j])
            assert np.abs(ci[inside] - cj[inside]).max() < 1e-3
            assert (ci[0, :, :3].mean(axis=-1) > cj[0, :, :3].mean(axis=-1) + 0.05).any()   # the darker rim shows


def test_shared_scale_spans_all_panels_of_a_group():
    dark, light, other = np.full((3, 3), 0.2), np.full((3, 3), 0.8), np.array([[5.0, 7.0], [6.0, 9.0]])
    dark[0, 0], light[0, 0] = 0.1, 0.9
    fig = plot_images([dark, light, other], ["dark", "light", "other"], shared=[(0, 1)])
    norms = [ax.images[0].norm for ax in fig.axes]
    assert (norms[0].vmin, norms[0].vmax) == (norms[1].vmin, norms[1].vmax) == (0.1, 0.9)
    assert (norms[2].vmin, norms[2].vmax) == (5.0, 9.0)        # not in a group: its own range
    fig = plot_images([dark, other], ["dark", "other"], shared=True)
    assert all((ax.images[0].norm.vmin, ax.images[0].norm.vmax) == (0.1, 9.0) for ax in fig.axes)
    fig = plot_images([dark, light], ["dark", "light"], vmin=0, vmax=1)
    assert all((ax.images[0].norm.vmin, ax.images[0].norm.vmax) == (0, 1) for ax in fig.axes)
    with pytest.raises(ValueError, match="2-D"):
        plot_images([dark, np.zeros((3, 3, 3))], ["dark", "rgb"], shared=True)


# ---------------------------------------------------------------- a flat input: constant or a tile


@pytest.mark.parametrize("period", [(1, 2), (2, 2), (2, 3), (4, 4)])
def test_repeating_tile_finds_the_smallest_period(period):
    rng = np.random.default_rng(sum(period))
    tile = rng.normal(size=period)           # random values: no smaller period along either axis
    image = np.tile(tile, (24 // period[0], 24 // period[1]))
    assert U.repeating_tile(image) == period
    assert tile_verdict(period) == f"a repeating {period[0]}×{period[1]} tile"


def test_constant_image_is_no_pattern_and_noise_is_no_tile():
    assert U.repeating_tile(np.full((10, 10), 0.3)) == (1, 1)
    assert tile_verdict((1, 1)) == "constant (no pattern at all)"
    noise = np.random.default_rng(0).normal(size=(24, 24))
    assert U.repeating_tile(noise) is None
    assert tile_verdict(None) == "no repeating tile up to 8×8"
    with pytest.raises(ValueError, match="image must be 2-D"):
        U.repeating_tile(np.zeros(5))


def test_flat_input_verdict_against_torch_decoders():
    """Regression (10, cell 21): a resize-convolution's constant answer is reported as constant, a random
    stride-2 transposed convolution's as a 2×2 tile (torch computes both)."""
    torch.manual_seed(0)
    flat = torch.ones(1, 1, 12, 12)
    with torch.no_grad():
        tconv = nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1, output_padding=1)(flat)[0, 0, 4:-4, 4:-4].numpy()
        resize = nn.Sequential(nn.Upsample(scale_factor=2), nn.Conv2d(1, 1, 3, padding=1))(flat)[0, 0, 4:-4, 4:-4].numpy()
    assert U.repeating_tile(tconv) == (2, 2)
    assert U.repeating_tile(resize) == (1, 1)
    line = flat_input_line("resize-conv", np.ptp(resize), U.repeating_tile(resize))
    assert "constant (no pattern at all)" in line and "tile" not in line
    assert "a repeating 2×2 tile" in flat_input_line("transposed", np.ptp(tconv), U.repeating_tile(tconv))


def test_committed_verdicts_never_call_a_constant_a_tile():
    nb = json.loads(NOTEBOOK.read_text())
    text = "".join("".join(o.get("text", "")) for c in nb["cells"] for o in c.get("outputs", []))
    lines = re.findall(r"output spread (\S+) away from the border, (.*)", text)
    assert len(lines) == 3, lines
    for spread, verdict in lines:
        if float(spread) == 0:
            assert verdict == "constant (no pattern at all)"
        else:
            assert verdict.startswith("a repeating")


# ---------------------------------------------------------------- pixel shuffle


SHAPES = list(itertools.product([(), (2,)], [1, 2, 3], [1, 2, 3, 4], [1, 2, 5], [1, 3, 4]))


@pytest.mark.parametrize("lead,c,r,h,w", SHAPES)
def test_pixel_shuffle_equals_torch(lead, c, r, h, w):
    x = np.random.default_rng(c * 100 + r * 10 + h + w).normal(size=(*lead, c * r * r, h, w))
    want = F.pixel_shuffle(torch.from_numpy(x).reshape(-1, c * r * r, h, w), r).reshape(*lead, c, h * r, w * r)
    got = U.pixel_shuffle(x, r)
    assert got.shape == tuple(want.shape)
    np.testing.assert_array_equal(got, want.numpy())


def test_pixel_shuffle_by_hand():
    """Channel i·r + j of a group goes to sub-pixel (i, j): channels 0..3 of a 1×1 image fill a 2×2 block
    row by row."""
    np.testing.assert_array_equal(U.pixel_shuffle(np.arange(4).reshape(4, 1, 1), 2), [[[0, 1], [2, 3]]])


@pytest.mark.parametrize("x,r,match", [(np.zeros((3, 2, 2)), 2, "not a multiple of upscale_factor"),
                                       (np.zeros((4, 2, 2)), 0, "at least 1"),
                                       (np.zeros((4, 2, 2)), 2.0, "upscale_factor must be an int"),
                                       (np.zeros((4, 2)), 2, "at least 3 dimensions")])
def test_pixel_shuffle_refuses_bad_input(x, r, match):
    with pytest.raises(ValueError, match=match):
        U.pixel_shuffle(x, r)


@pytest.mark.parametrize("c,h,w,r", [(4, 2, 2, 2), (9, 2, 3, 3), (8, 1, 2, 2)])
def test_shuffle_sources_equal_torch(c, h, w, r):
    index = torch.arange(c)[:, None, None].expand(c, h, w).contiguous()
    np.testing.assert_array_equal(U.shuffle_sources(c, h, w, r), F.pixel_shuffle(index[None], r)[0].numpy())


@pytest.mark.parametrize("c_in,c_out,r,h,w", [(1, 1, 2, 3, 3), (3, 2, 2, 5, 4), (2, 3, 3, 2, 2), (4, 1, 1, 3, 3)])
def test_kernel_r_stride_r_tconv_is_conv_then_shuffle(c_in, c_out, r, h, w):
    gen = torch.Generator().manual_seed(c_in + c_out + r)
    layer = nn.ConvTranspose2d(c_in, c_out, r, stride=r)
    with torch.no_grad():
        layer.weight.copy_(torch.randn(layer.weight.shape, generator=gen, dtype=torch.float32))
        layer.bias.copy_(torch.randn(c_out, generator=gen))
    x = torch.randn(1, c_in, h, w, generator=gen)
    with torch.no_grad():
        want = layer(x)[0].double().numpy()
    w1 = U.subpixel_weight(layer.weight.detach().numpy())
    assert w1.shape == (c_out * r * r, c_in, 1, 1)
    bias = np.repeat(layer.bias.detach().numpy(), r * r)
    np.testing.assert_allclose(U.subpixel_upsample(x[0].numpy(), w1, r, bias), want, atol=1e-5)
    with torch.no_grad():                      # and the same route in torch: Conv2d 1×1, then PixelShuffle
        torch_route = F.pixel_shuffle(F.conv2d(x, torch.from_numpy(w1), torch.from_numpy(bias)), r)[0]
    np.testing.assert_allclose(torch_route.double().numpy(), want, atol=1e-5)


def test_subpixel_refuses_bad_shapes():
    with pytest.raises(ValueError, match="weight must be"):
        U.subpixel_weight(np.zeros((2, 2, 2, 3)))
    with pytest.raises(ValueError, match="conv_weight"):
        U.subpixel_upsample(np.zeros((3, 2, 2)), np.zeros((4, 2, 1, 1)), 2)


def test_icnr_weights_keep_a_flat_input_flat():
    """Equal filters in each group of r² (ICNR) give a constant answer; torch's random ones a 2×2 tile."""
    r = 2
    torch.manual_seed(0)
    conv = nn.Conv2d(3, 2 * r * r, 1, bias=False)
    flat = torch.ones(1, 3, 6, 6)
    with torch.no_grad():
        random_out = F.pixel_shuffle(conv(flat), r)[0].numpy()
        conv.weight.copy_(conv.weight[::r * r].repeat_interleave(r * r, dim=0))
        icnr_out = F.pixel_shuffle(conv(flat), r)[0].numpy()
    w_random = np.random.default_rng(1).normal(size=(2 * r * r, 3, 1, 1))
    w_icnr = np.repeat(w_random[::r * r], r * r, axis=0)
    for c in range(2):
        assert U.repeating_tile(random_out[c]) == (2, 2) and U.repeating_tile(icnr_out[c]) == (1, 1)
        assert U.repeating_tile(U.subpixel_upsample(np.ones((3, 6, 6)), w_random, r)[c]) == (2, 2)
        assert U.repeating_tile(U.subpixel_upsample(np.ones((3, 6, 6)), w_icnr, r)[c]) == (1, 1)


def test_pixel_shuffle_figure_shows_where_each_channel_lands():
    x = np.arange(1, 17).reshape(4, 2, 2)
    fig = plot_pixel_shuffle(x, 2)
    *channels, _arrow, out = fig.axes
    assert len(channels) == 4
    want = F.pixel_shuffle(torch.from_numpy(x)[None], 2)[0, 0].numpy()
    source = F.pixel_shuffle(torch.arange(4)[:, None, None].expand(4, 2, 2).contiguous()[None], 2)[0, 0].numpy()

    def cells(ax, gid):
        return {(int(t.get_position()[1]), int(t.get_position()[0])): t.get_text() for t in ax.texts if t.get_gid() == gid}

    numbers, letters = cells(out, "v"), cells(out, "tag")
    fills = {(int(p.get_y()), int(p.get_x())): matplotlib.colors.to_hex(p.get_facecolor())
             for p in out.patches if p.get_facecolor()[3] > 0}
    for (r, c), v in np.ndenumerate(want):
        assert numbers[(r, c)] == str(v)
        assert letters[(r, c)] == element_label(source[r, c])            # second cue: the letter
        assert fills[(r, c)] == element_color(source[r, c]).lower()     # first cue: the colour
    for k, ax in enumerate(channels):
        assert set(cells(ax, "tag").values()) == {element_label(k)}
        assert sorted(int(v) for v in cells(ax, "v").values()) == sorted(x[k].ravel().tolist())
    with pytest.raises(ValueError, match="upscale_factor r = 2"):
        plot_pixel_shuffle(np.zeros((3, 2, 2)), 2)


# ---------------------------------------------------------------- the DCGAN exercise (10.4)


LAYERS = [(100, 512, 4, 1, 0), (512, 256, 4, 2, 1), (256, 128, 4, 2, 1), (128, 64, 4, 2, 1), (64, 3, 4, 2, 1)]


def _dcgan():
    """DCGAN's generator (Radford et al. 2016) as a torch nn.Sequential: BatchNorm2d and ReLU between the
    transposed convolutions, Tanh at the end."""
    mods = []
    for n, (ci, co, k, s, p) in enumerate(LAYERS):
        mods.append(nn.ConvTranspose2d(ci, co, k, s, p, bias=False))
        mods += [nn.BatchNorm2d(co), nn.ReLU()] if n < len(LAYERS) - 1 else [nn.Tanh()]
    return nn.Sequential(*mods)


def _torch_shapes(model, z):
    seen = []
    hooks = [m.register_forward_hook(lambda m, i, o: seen.append(tuple(o.shape[1:])))
             for m in model if isinstance(m, nn.ConvTranspose2d)]
    with torch.no_grad():
        out = model.eval()(z)
    for h in hooks:
        h.remove()
    return seen, tuple(out.shape[1:])


def test_generator_shapes_equal_a_torch_dcgan():
    seen, final = _torch_shapes(_dcgan(), torch.zeros(2, 100, 1, 1))
    assert final == (3, 64, 64)                      # DCGAN makes 64×64 RGB images
    assert U.generator_shapes((100, 1, 1), LAYERS) == seen
    np.testing.assert_array_equal(solution("10.4").answer, np.array(seen, dtype=float))
    assert check("10.4", [list(s) for s in seen]).correct
    assert check("10.4", torch.tensor(seen)).correct


def test_generator_shapes_refuses_a_channel_mismatch():
    with pytest.raises(ValueError, match="layer 1 expects 256 input channels but gets 512"):
        U.generator_shapes((100, 1, 1), [(100, 512, 4, 1, 0), (256, 128, 4, 2, 1)])


def test_dcgan_exercise_hints_name_the_mistake():
    no_padding = [[512, 4, 4], [256, 10, 10], [128, 22, 22], [64, 46, 46], [3, 94, 94]]   # (H − 1)·2 + 4 by hand
    in_channels = [[100, 4, 4], [512, 8, 8], [256, 16, 16], [128, 32, 32], [64, 64, 64]]
    assert "2·padding" in check("10.4", no_padding).message
    assert "out_channels" in check("10.4", in_channels).message
    wrong_last = [[512, 4, 4], [256, 8, 8], [128, 16, 16], [64, 32, 32], [3, 64, 63]]
    result = check("10.4", wrong_last)
    assert not result.correct and "row 4, col 2" in result.message and "64" not in result.message.split("Hint")[0]
    for text in (question("10.4"),):
        assert "ConvTranspose2d(100, 512, 4, 1, 0)" in text and "(C, H, W)" in text


def test_notebook_10_writes_its_questions_in_markdown():
    nb = json.loads(NOTEBOOK.read_text())
    code = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "question(" not in code
    markdown = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    for key in ("10.1", "10.2", "10.3", "10.4"):
        assert f'check("{key}", answer)' in code
        assert f"**Exercise {key}.** {question(key)}" in markdown
