"""Pictures of the scatter, gathered under one name for the notebooks.

The pictures live in one module per kind: ``figures`` (Matplotlib, the notebooks' static cells),
``svg`` (the explorers' SVGs), ``captions`` (every sentence and ``fmt``) and ``palette`` (colours and
letters). This module re-exports them so that ``from helpers.drawing import plot_scatter, terms_text``
keeps working; new code imports from the module that holds the function. ``grid_view`` and
``GridView`` are computations and live in ``operations``. Introduced in 01_basic_operation.ipynb.
"""
from __future__ import annotations

from .captions import fmt, terms_text
from .figures import plot_channels, plot_grid, plot_heatmap, plot_images, plot_scatter
from .operations import GridView, grid_view
from .palette import (CROP_FILL, INSERTED_FILL, PADDING_FILL, PALETTE, PICK, TAP_PALETTE, element_color,
                      element_label, tap_color)
from .svg import (SVG_FONT, count_colors, equivalent_svg, image_png, images_svg, matrix_svg, message_html,
                  overlap_svg, scatter_svg, shape_chain_html)

__all__ = [
    "fmt", "terms_text", "element_color", "element_label", "tap_color", "GridView", "grid_view",
    "scatter_svg", "message_html", "shape_chain_html", "count_colors", "overlap_svg", "matrix_svg",
    "equivalent_svg", "image_png", "images_svg", "plot_scatter", "plot_channels", "plot_grid", "plot_heatmap",
    "plot_images", "PALETTE", "TAP_PALETTE", "CROP_FILL", "INSERTED_FILL", "PADDING_FILL", "PICK", "SVG_FONT",
]
