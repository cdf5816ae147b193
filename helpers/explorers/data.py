"""The small integers every explorer scatters (introduced in 01_basic_operation.ipynb)."""
from __future__ import annotations

import numpy as np

__all__ = ["example_input", "example_kernel", "one_channel_data", "KERNEL_VALUES"]

KERNEL_VALUES = [4, 7, 2, 2, 1, 3, 5, 6, 2, 1, 4, 3]


def example_input(channels: int, height: int, width: int) -> np.ndarray:
    """Channel c is ``(arange(H·W) + 4c) mod 10``, shape ``(C, H, W)``; the 2×2 single-channel case is the
    seed's ``[[0, 1], [2, 3]]``."""
    base = np.arange(height * width).reshape(height, width)
    return np.stack([(base + 4 * c) % 10 for c in range(channels)]).astype(float)


def example_kernel(in_channels: int, out_per_group: int, kh: int, kw: int | None = None) -> np.ndarray:
    """Small integer kernels, shape ``(C_in, C_out/groups, kH, kW)``; the 2×2 single one is the seed's
    ``[[4, 7], [2, 2]]``."""
    kw = kh if kw is None else kw
    out = np.empty((in_channels, out_per_group, kh, kw))
    for c in range(in_channels):
        for o in range(out_per_group):
            shift = c * out_per_group + o
            out[c, o] = np.resize(np.roll(KERNEL_VALUES, -3 * shift), kh * kw).reshape(kh, kw)
    return out


def one_channel_data(n: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The one-channel X ``(n, n)`` and K ``(k, k)`` that 07's and 08's explorers draw."""
    return example_input(1, n, n)[0], example_kernel(1, 1, k)[0, 0]
