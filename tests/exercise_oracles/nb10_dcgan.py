"""Torch oracle for exercise 10.4 (notebook 10's DCGAN shape trace; loaded by tests/test_exercises.py)."""
import numpy as np
import torch
from torch import nn


def _dcgan_torch_shapes():
    """The generator's layers run in torch, one (C, H, W) row per layer."""
    torch.manual_seed(0)
    layers = [nn.ConvTranspose2d(100, 512, 4, 1, 0), nn.ConvTranspose2d(512, 256, 4, 2, 1),
              nn.ConvTranspose2d(256, 128, 4, 2, 1), nn.ConvTranspose2d(128, 64, 4, 2, 1),
              nn.ConvTranspose2d(64, 3, 4, 2, 1)]
    rows, z = [], torch.zeros(1, 100, 1, 1)
    with torch.no_grad():
        for layer in layers:
            z = layer(z)
            rows.append(list(z.shape[1:]))
    return np.array(rows, dtype=float)


TORCH = {"10.4": _dcgan_torch_shapes}
QUESTION_NUMBERS = {"10.4": ["(100, 1, 1)", "ConvTranspose2d(100, 512, 4, 1, 0)", "ConvTranspose2d(64, 3, 4, 2, 1)",
                            "(C, H, W)"]}
