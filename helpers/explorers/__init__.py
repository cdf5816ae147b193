"""The explorers: one anywidget per kind, computing and drawing in the reader's browser (helpers/js/) and,
for reading their numbers in Python, with the NumPy reference (``base`` says how).

| class | module | notebook |
| --- | --- | --- |
| ``ScatterExplorer``, ``OwnNumbersExplorer`` | ``scatter`` | 01–04, 06, 11 |
| ``ShapeExplorer`` | ``shape`` | 05 |
| ``MatrixExplorer``, ``MatrixStepExplorer``, ``MatrixTransposedStepExplorer`` | ``matrix`` | 07 |
| ``SlidingWindowExplorer`` | ``window`` | 08 |
| ``OverlapExplorer`` | ``overlap`` | 09 |
| ``UpsampleExplorer`` | ``upsample`` | 10 |

The numbers they scatter: ``data.example_input`` / ``data.example_kernel``.
"""
from .base import PLAY_INTERVAL, Explorer
from .data import example_input, example_kernel
from .matrix import MatrixExplorer, MatrixStepExplorer, MatrixTransposedStepExplorer
from .overlap import OverlapExplorer
from .scatter import SLIDERS, OwnNumbersExplorer, ScatterExplorer, parse_rows
from .shape import ShapeExplorer
from .upsample import UpsampleExplorer
from .window import SlidingWindowExplorer

__all__ = ["Explorer", "ScatterExplorer", "OwnNumbersExplorer", "ShapeExplorer", "MatrixExplorer",
           "MatrixStepExplorer", "MatrixTransposedStepExplorer", "SlidingWindowExplorer", "OverlapExplorer", "UpsampleExplorer", "example_input",
           "example_kernel", "parse_rows", "SLIDERS", "PLAY_INTERVAL"]
