"""Torch oracles of notebook 11's quiz (11.1–11.9): each expected answer computed with torch only.

tests/test_summary.py checks the quiz against these; the split exercise tests (tests/test_exercises.py's
loader of tests/exercise_oracles/*.py) read the same ``TORCH`` and ``QUESTION_NUMBERS``.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from conftest import tt


def _t(a):
    return tt(a, batch=True)


def _interior_even(k, s):
    """Every interior cell of a long 1-D transposed conv of ones gets the same number of copies (torch)."""
    y = F.conv_transpose1d(torch.ones(1, 1, 8 * k), torch.ones(1, 1, k), stride=s)[0, 0]
    inner = y[2 * k:-2 * k]
    return bool((inner == inner[0]).all())


def _ct_shape():
    """Cᵀ of conv_transpose2d(k=3, s=2) on 2×2: its columns are the responses to one-hot inputs."""
    cols = [F.conv_transpose2d(torch.eye(4)[i].reshape(1, 1, 2, 2), torch.ones(1, 1, 3, 3), stride=2).flatten()
            for i in range(4)]
    return tuple(torch.stack(cols, 1).shape)


def _equivalent_pad():
    """Top zero rows: the padding q for which conv2d(pad(zero-inserted x, q), flipped K) == conv_transpose2d."""
    x, k = torch.arange(1.0, 5.0).reshape(1, 1, 2, 2), torch.arange(1.0, 17.0).reshape(1, 1, 4, 4)
    want = F.conv_transpose2d(x, k, stride=2, padding=1)
    stuffed = torch.zeros(1, 1, 3, 3)
    stuffed[..., ::2, ::2] = x
    outputs = {q: F.conv2d(F.pad(stuffed, (q,) * 4), k.flip(-1, -2)) for q in range(1, 5)}   # q = 0: 3×3 < 4×4
    found = [q for q, y in outputs.items() if y.shape == want.shape and torch.equal(y, want)]
    assert len(found) == 1
    return found[0]


def _chain():
    layer = torch.nn.ConvTranspose2d(1, 1, 4, stride=2, padding=1)
    y = torch.zeros(1, 1, 5, 5)
    with torch.no_grad():
        for _ in range(3):
            y = layer(y)
    return y.shape[-1]


def _two_cells():
    """(Y[3, 3], Y[5, 3]) of a transposed convolution with stride, padding, output_padding and dilation together."""
    y = F.conv_transpose2d(_t([[2, 1], [1, 3]]), _t([[1, 2, 0], [3, 1, 2], [0, 1, 4]]), stride=2, padding=1,
                           output_padding=1, dilation=2)[0, 0]
    return int(y[3, 3]), int(y[5, 3])


TORCH = {
    "11.1": lambda: tuple(torch.nn.ConvTranspose2d(8, 4, 3, stride=2, padding=1)(torch.zeros(1, 8, 5, 5)).shape),
    "11.2": lambda: F.conv_transpose2d(_t([[0, 1], [2, 3]]), _t([[4, 7], [2, 2]]), stride=3)[0, 0].numpy(),
    "11.3": lambda: next(op for op in range(2) if F.conv_transpose2d(torch.zeros(1, 1, 32, 32), torch.zeros(1, 1, 3, 3),
                                                                    stride=2, padding=1, output_padding=op).shape[-1] == 64),
    "11.4": lambda: tuple(torch.nn.ConvTranspose2d(6, 9, kernel_size=2, groups=3).weight.shape),
    "11.5": _ct_shape,
    "11.6": _equivalent_pad,
    "11.7": lambda: [k for k in range(1, 13) if _interior_even(k, 4)],
    "11.8": _chain,
    "11.9": _two_cells,
}


# Numbers each question must state.
QUESTION_NUMBERS = {
    "11.1": ["nn.ConvTranspose2d(8, 4, kernel_size=3, stride=2, padding=1)", "(1, 8, 5, 5)"],
    "11.2": ["[[0, 1], [2, 3]]", "[[4, 7], [2, 2]]", "stride 3", "padding 0"],
    "11.3": ["kernel_size=3", "stride=2", "padding=1", "64×64", "32×32", "63×63"],
    "11.4": ["nn.ConvTranspose2d(6, 9, kernel_size=2, groups=3)"],
    "11.5": ["kernel_size=3", "stride=2", "padding 0", "2×2"],
    "11.6": ["kernel_size=4", "stride=2", "padding=1"],
    "11.7": ["stride 4", "from 1 to 12"],
    "11.8": ["Three", "kernel_size=4", "stride=2", "padding=1", "5×5"],
    "11.9": ["[[2, 1], [1, 3]]", "[[1, 2, 0], [3, 1, 2], [0, 1, 4]]", "stride=2", "padding=1", "output_padding=1",
             "dilation=2", "Y[3, 3]", "Y[5, 3]"],
}
