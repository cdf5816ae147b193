"""The other upsampling route and what a trained decoder paints: pixel shuffle, its link to the
transposed convolution, repeating tiles, and shapes through a DCGAN-style generator.

Plain NumPy arrays and ints in and out; tests/test_practice.py checks each function against torch
(``F.pixel_shuffle``, ``F.conv_transpose2d``, an ``nn.Sequential`` generator). Introduced in
10_upsampling_in_practice.ipynb.
"""
from __future__ import annotations

import numpy as np

from . import shapes
from .i18n import tr

__all__ = ["pixel_shuffle", "shuffle_sources", "subpixel_weight", "subpixel_upsample", "repeating_tile",
           "generator_shapes"]


def _factor(r) -> int:
    r = shapes.as_int(r, "upscale_factor")
    if r < 1:
        raise ValueError(tr("upsampling.factor", r=r))
    return r


def pixel_shuffle(x, r):
    """Rearrange ``(..., C·r², H, W)`` into ``(..., C, H·r, W·r)``, as ``torch.nn.PixelShuffle(r)``.

    Output pixel ``[c, h·r + i, w·r + j]`` is input ``[c·r² + i·r + j, h, w]``: each group of r²
    channels fills the r×r block of sub-pixels above one input pixel.
    """
    r = _factor(r)
    x = np.asarray(x)
    if x.ndim < 3:
        raise ValueError(tr("upsampling.shuffle_ndim", shape=x.shape))
    *lead, channels, h, w = x.shape
    if channels % (r * r):
        raise ValueError(tr("upsampling.shuffle_channels", channels=channels, r2=r * r))
    c = channels // (r * r)
    y = x.reshape(*lead, c, r, r, h, w)
    n = len(lead)
    y = y.transpose(*range(n), n, n + 3, n + 1, n + 4, n + 2)     # (..., C, H, r, W, r)
    return y.reshape(*lead, c, h * r, w * r)


def shuffle_sources(channels, h, w, r):
    """Which input channel each output pixel of ``pixel_shuffle`` comes from: ints ``(C, H·r, W·r)``."""
    index = np.broadcast_to(np.arange(channels)[:, None, None], (channels, h, w))
    return pixel_shuffle(index, r)


def subpixel_weight(weight):
    """The 1×1 convolution weight ``(C_out·r², C_in, 1, 1)`` that, followed by ``pixel_shuffle(r)``,
    equals a transposed convolution with weight ``(C_in, C_out, r, r)``, stride r, padding 0.

    Entry ``[o·r² + i·r + j, c]`` is ``weight[c, o, i, j]``: tap (i, j) of the kernel becomes channel
    ``i·r + j`` of its group, and the shuffle puts that channel at sub-pixel (i, j).
    """
    weight = np.asarray(weight)
    if weight.ndim != 4 or weight.shape[2] != weight.shape[3]:
        raise ValueError(tr("upsampling.subpixel_weight", shape=weight.shape))
    c_in, c_out, r, _ = weight.shape
    return weight.transpose(1, 2, 3, 0).reshape(c_out * r * r, c_in, 1, 1)


def subpixel_upsample(x, conv_weight, r, bias=None):
    """A 1×1 convolution (weight ``(C·r², C_in, 1, 1)``, optional bias ``(C·r²,)``) then
    ``pixel_shuffle(r)``: x ``(C_in, H, W)`` → ``(C, H·r, W·r)``."""
    x = np.asarray(x, dtype=float)
    w = np.asarray(conv_weight, dtype=float)
    if x.ndim != 3 or w.ndim != 4 or w.shape[1] != x.shape[0] or w.shape[2:] != (1, 1):
        raise ValueError(tr("upsampling.subpixel_shapes", x_shape=x.shape, w_shape=w.shape))
    y = np.einsum("oc,chw->ohw", w[:, :, 0, 0], x)
    if bias is not None:
        y = y + np.asarray(bias, dtype=float)[:, None, None]
    return pixel_shuffle(y, r)


def repeating_tile(image, max_period=8, atol=1e-6):
    """The smallest ``(rows, cols)`` period with which a 2-D image repeats, or None.

    ``(1, 1)`` means the image is constant (within ``atol``): every tile repeats trivially, so it
    shows no pattern at all. Periods up to ``max_period`` are tried; None if none fits.
    """
    a = np.asarray(image, dtype=float)
    if a.ndim != 2:
        raise ValueError(tr("upsampling.tile_ndim", shape=a.shape))

    def period(axis):
        for p in range(1, min(max_period, a.shape[axis] - 1) + 1):
            head = np.take(a, range(a.shape[axis] - p), axis=axis)
            tail = np.take(a, range(p, a.shape[axis]), axis=axis)
            if np.allclose(head, tail, rtol=0, atol=atol):
                return p
        return None

    rows, cols = period(0), period(1)
    return None if rows is None or cols is None else (rows, cols)


def generator_shapes(shape, layers):
    """Shapes ``(C, H, W)`` after each transposed convolution of a generator.

    shape: the input ``(C, H, W)``; layers: ``(in_channels, out_channels, kernel_size, stride, padding)``
    each, as ``nn.ConvTranspose2d``'s positional arguments. Returns a list of tuples, one per layer.
    """
    c, h, w = (shapes.as_int(v, "shape") for v in shape)
    out = []
    for n, (c_in, c_out, k, s, p) in enumerate(layers):
        if c_in != c:
            raise ValueError(tr("upsampling.generator_channels", n=n, c_in=c_in, c=c))
        h = shapes.conv_transpose_output_size(h, k, s, p)
        w = shapes.conv_transpose_output_size(w, k, s, p)
        c = c_out
        out.append((c, h, w))
    return out
