"""The machinery behind the transposed-convolution notebook series.

One module per concern: ``operations`` (NumPy reference with torch's semantics; its fast evaluation
in the private ``_fast``), ``shapes`` (size arithmetic and parameter checks), ``figures`` (Matplotlib
figures), ``svg`` (the explorers' pictures), ``captions`` (the sentences built from numbers, and
``fmt``), ``palette`` (colours and letters), ``drawing`` (the pictures under one name, as the notebooks
import them), ``explorers`` (the live explorers: anywidgets drawn in the browser), ``exercises`` (answer checkers: the engine
``checker``, the ``bank`` of exercises) and ``i18n`` (the reader's language, and ``tr(id)``: every word
shown, from ``texts/<language>/*.toml``).
"""
from .operations import conv2d, conv_transpose2d, scatter_copies, contributing_terms
from .shapes import conv_output_size, conv_transpose_output_size
from .i18n import T, set_language, get_language

__all__ = [
    "conv2d",
    "conv_transpose2d",
    "scatter_copies",
    "contributing_terms",
    "conv_output_size",
    "conv_transpose_output_size",
    "T",
    "set_language",
    "get_language",
]
