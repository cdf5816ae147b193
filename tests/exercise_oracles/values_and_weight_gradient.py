"""Torch oracles of the exercises added for issue 19: 06.4 (output values with stride, padding, output_padding
and dilation at once), 07.4 and 07.5 (the gradient with respect to the weight, by autograd).

Loaded by tests/test_exercises.py (see README.md here); every expected answer comes from torch only.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from conftest import tt


def _t(a):
    return tt(a, batch=True)


def _weight_grad_shape():
    """layer.weight.grad after a backward pass through nn.ConvTranspose2d(2, 3, kernel_size=2) on (1, 2, 4, 4)."""
    torch.manual_seed(0)
    layer = nn.ConvTranspose2d(2, 3, kernel_size=2)
    x = torch.rand(1, 2, 4, 4)
    y = layer(x)
    (y * torch.rand_like(y)).sum().backward()
    return tuple(layer.weight.grad.shape)


def _weight_grad():
    """dL/dK of Y = conv_transpose2d(X, K) with L = Σ G ⊙ Y, by autograd."""
    k = _t([[1, 0], [2, 1]]).requires_grad_()
    y = F.conv_transpose2d(_t([[1, 2], [3, 1]]), k)
    (y * _t([[1, 0, 2], [2, 1, 0], [0, -1, 1]])).sum().backward()
    return k.grad[0, 0].numpy()


TORCH = {
    "06.4": lambda: F.conv_transpose2d(_t([[1, 2], [3, 4]]), _t([[2, 1], [0, 3]]), stride=2, padding=1,
                                       output_padding=1, dilation=2)[0, 0].numpy(),
    "07.4": _weight_grad_shape,
    "07.5": _weight_grad,
}

# Numbers each question must state.
QUESTION_NUMBERS = {
    "06.4": ["[[1, 2], [3, 4]]", "[[2, 1], [0, 3]]", "stride=2", "padding=1", "output_padding=1", "dilation=2"],
    "07.4": ["nn.ConvTranspose2d(2, 3, kernel_size=2)", "(1, 2, 4, 4)", "weight.grad"],
    "07.5": ["[[1, 2], [3, 1]]", "[[1, 0], [2, 1]]", "[[1, 0, 2], [2, 1, 0], [0, -1, 1]]", "stride 1", "padding 0"],
}
