"""Shape arithmetic for Conv2d and ConvTranspose2d, and the parameter checks torch applies.

Every function here works on one spatial dimension with plain ints, except the
``check_*`` helpers, which validate the ``(h, w)`` pairs used by ``operations``.
Introduced in 01_basic_operation.ipynb (transposed size), 05_shape_inverse.ipynb
(the Conv2d size, the inverse and ``output_padding``) and 06_output_padding_dilation_groups.ipynb
(the full formula, term by term).
"""
from __future__ import annotations

import operator
from collections.abc import Iterable

from .i18n import tr

__all__ = [
    "conv_output_size",
    "conv_transpose_output_size",
    "conv_output_formula",
    "conv_transpose_formula",
    "conv_input_sizes",
    "output_padding_for",
    "max_transpose_padding",
    "as_pair",
    "as_int",
    "check_transpose_params",
    "check_conv_params",
]


def as_int(value, name: str) -> int:
    """Return ``value`` as an int, refusing bools, floats, strings and other non-integers like torch does."""
    if isinstance(value, bool):
        raise ValueError(tr("shapes.int_not_bool", name=name, value=value))
    try:
        return operator.index(value)
    except TypeError:
        raise ValueError(tr("shapes.int_type", name=name, value=value, type=type(value).__name__)) from None


def as_pair(value, name: str) -> tuple[int, int]:
    """Return ``value`` (an int or a sequence of one or two ints) as an ``(h, w)`` pair of ints.

    Accepts what torch accepts for stride/padding/dilation/output_padding: ``2``, ``(2,)``,
    ``(2, 3)`` or ``[2, 3]``; refuses floats, bools, strings and sequences of another length.
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise ValueError(tr("shapes.pair_value", name=name, value=value))
    if isinstance(value, bool):
        raise ValueError(tr("shapes.pair_not_bool", name=name, value=value))
    try:  # an int, a NumPy integer or a 0-d integer array
        v = operator.index(value)
        return (v, v)
    except TypeError:
        pass
    if not isinstance(value, Iterable):
        raise ValueError(tr("shapes.pair_type", name=name, value=value, type=type(value).__name__))
    try:
        items = list(value)
    except TypeError:
        raise ValueError(tr("shapes.pair_value", name=name, value=value)) from None
    if any(isinstance(v, bool) for v in items):
        raise ValueError(tr("shapes.pair_not_bools", name=name, value=value))
    try:
        items = [operator.index(v) for v in items]
    except TypeError:
        raise ValueError(tr("shapes.pair_value", name=name, value=value)) from None
    if len(items) == 1:
        return (items[0], items[0])
    if len(items) != 2:
        raise ValueError(
            tr("shapes.pair_length", name=name, count=len(items), values=tuple(items))
        )
    return (items[0], items[1])


def _check_common(stride, padding, dilation):
    for axis, s in zip("hw", stride):
        if s < 1:
            raise ValueError(tr("shapes.stride_too_small", s=s, axis=axis))
    for axis, p in zip("hw", padding):
        if p < 0:
            raise ValueError(tr("shapes.padding_negative", p=p, axis=axis))
    for axis, d in zip("hw", dilation):
        if d < 1:
            raise ValueError(tr("shapes.dilation_too_small", d=d, axis=axis))


def check_transpose_params(stride, padding, output_padding, dilation):
    """Validate ConvTranspose2d hyper-parameters (already ``(h, w)`` pairs) the way torch does."""
    _check_common(stride, padding, dilation)
    for axis, op, s, d in zip("hw", output_padding, stride, dilation):
        if op < 0:
            raise ValueError(tr("shapes.output_padding_negative", op=op, axis=axis))
        if op >= s and op >= d:
            raise ValueError(
                tr("shapes.output_padding_too_large",
                   op=op, s=s, d=d, axis=axis, count=max(s, d), last=max(s, d) - 1)
            )


def check_conv_params(stride, padding, dilation):
    """Validate Conv2d hyper-parameters (already ``(h, w)`` pairs) the way torch does."""
    _check_common(stride, padding, dilation)


def _ints(**values) -> list[int]:
    """``as_int`` on each keyword (its name in the message), in order: the 1-D functions refuse
    floats and bools exactly as ``conv_transpose2d`` does."""
    return [as_int(v, name) for name, v in values.items()]


def _check_size_args(size, kernel_size):
    if size < 1:
        raise ValueError(tr("shapes.size_too_small", size=size))
    if kernel_size < 1:
        raise ValueError(tr("shapes.kernel_size_too_small", kernel_size=kernel_size))


def conv_transpose_output_size(size: int, kernel_size: int, stride: int = 1, padding: int = 0,
                               output_padding: int = 0, dilation: int = 1) -> int:
    """Output length of ConvTranspose2d along one axis.

    ``(size - 1)·stride - 2·padding + dilation·(kernel_size - 1) + output_padding + 1``.
    Raises ValueError, naming the parameter, where torch would refuse (a float or bool anywhere too).
    """
    size, kernel_size, stride, padding, output_padding, dilation = _ints(
        size=size, kernel_size=kernel_size, stride=stride, padding=padding, output_padding=output_padding,
        dilation=dilation)
    _check_size_args(size, kernel_size)
    check_transpose_params((stride,) * 2, (padding,) * 2, (output_padding,) * 2, (dilation,) * 2)
    full = (size - 1) * stride + dilation * (kernel_size - 1) + 1
    out = full - 2 * padding + output_padding
    if out < 1:
        raise ValueError(
            tr("shapes.padding_too_large", padding=padding,
               full=full + output_padding, out=out,
               most=max_transpose_padding(size, kernel_size, stride, output_padding, dilation))
        )
    return out


def max_transpose_padding(size: int, kernel_size: int, stride: int = 1, output_padding: int = 0,
                          dilation: int = 1) -> int:
    """The largest ``padding`` that leaves ConvTranspose2d at least one output row along one axis.

    ``padding`` crops that much from each side of the ``(size − 1)·stride + dilation·(kernel_size − 1)
    + 1 + output_padding``-long full output, so at most ``(full − 1) // 2``. The explorers' padding
    sliders stop there. Introduced in 02_padding.ipynb (``ScatterExplorer``).
    """
    size, kernel_size, stride, output_padding, dilation = _ints(
        size=size, kernel_size=kernel_size, stride=stride, output_padding=output_padding, dilation=dilation)
    return ((size - 1) * stride + dilation * (kernel_size - 1) + output_padding) // 2


def conv_output_size(size: int, kernel_size: int, stride: int = 1, padding: int = 0,
                     dilation: int = 1) -> int:
    """Output length of Conv2d along one axis: ``floor((size + 2·padding - dilation·(kernel_size-1) - 1) / stride) + 1``."""
    size, kernel_size, stride, padding, dilation = _ints(
        size=size, kernel_size=kernel_size, stride=stride, padding=padding, dilation=dilation)
    _check_size_args(size, kernel_size)
    check_conv_params((stride,) * 2, (padding,) * 2, (dilation,) * 2)
    span = dilation * (kernel_size - 1) + 1
    if size + 2 * padding < span and kernel_size <= size + 2 * padding:   # the undilated kernel fits: dilation's fault
        raise ValueError(
            tr("shapes.dilation_too_large",
               kernel_size=kernel_size, span=span, dilation=dilation, size=size, padding=padding,
               padded=size + 2 * padding, most=(size + 2 * padding - 1) // (kernel_size - 1),
               need=-(-(span - size) // 2)))
    if size + 2 * padding < span:
        raise ValueError(
            tr("shapes.kernel_too_large",
               kernel_size=kernel_size, span=span, dilation=dilation, size=size, padding=padding,
               padded=size + 2 * padding, need=-(-(span - size) // 2))
        )
    return (size + 2 * padding - span) // stride + 1


def conv_transpose_formula(size: int, kernel_size: int, stride: int = 1, padding: int = 0,
                           output_padding: int = 0, dilation: int = 1) -> str:
    """The transposed-size formula with the numbers substituted, e.g. ``(2 − 1)·1 − 2·0 + 1·(2 − 1) + 0 + 1 = 3``."""
    out = conv_transpose_output_size(size, kernel_size, stride, padding, output_padding, dilation)
    return (f"({size} − 1)·{stride} − 2·{padding} + {dilation}·({kernel_size} − 1) "
            f"+ {output_padding} + 1 = {out}")


def conv_output_formula(size: int, kernel_size: int, stride: int = 1, padding: int = 0,
                        dilation: int = 1) -> str:
    """The Conv2d size formula with numbers substituted, e.g. ``⌊(16 + 2·2 − 1·(5 − 1) − 1) / 3⌋ + 1 = 6``."""
    out = conv_output_size(size, kernel_size, stride, padding, dilation)
    return (f"⌊({size} + 2·{padding} − {dilation}·({kernel_size} − 1) − 1) / {stride}⌋ + 1 = {out}")


def output_padding_for(size: int, kernel_size: int, stride: int = 1, padding: int = 0,
                       dilation: int = 1) -> int:
    """The ``output_padding`` that makes ConvTranspose2d give back ``size`` after Conv2d shrank it.

    Equals ``(size + 2·padding − dilation·(kernel_size − 1) − 1) mod stride``: the rows Conv2d's
    floor division dropped. Introduced in 05_shape_inverse.ipynb.
    """
    conv_output_size(size, kernel_size, stride, padding, dilation)  # validates (ints only, like torch)
    return (size + 2 * padding - dilation * (kernel_size - 1) - 1) % stride


def conv_input_sizes(output_size: int, kernel_size: int, stride: int = 1, padding: int = 0,
                     dilation: int = 1) -> list[tuple[int, int]]:
    """All input sizes that Conv2d maps to ``output_size``, each with the ``output_padding`` that recovers it.

    Returns ``[(input_size, output_padding), ...]`` in increasing size, e.g. for k=5, p=2, s=3 and
    output 6: ``[(16, 0), (17, 1), (18, 2)]``. Introduced in 05_shape_inverse.ipynb.
    """
    output_size, kernel_size, stride, padding, dilation = _ints(
        output_size=output_size, kernel_size=kernel_size, stride=stride, padding=padding, dilation=dilation)
    if output_size < 1:
        raise ValueError(tr("shapes.output_size_too_small", output_size=output_size))
    check_conv_params((stride,) * 2, (padding,) * 2, (dilation,) * 2)
    if kernel_size < 1:
        raise ValueError(tr("shapes.kernel_size_too_small", kernel_size=kernel_size))
    span = dilation * (kernel_size - 1) + 1
    smallest = (output_size - 1) * stride + span - 2 * padding
    sizes = [n for n in range(max(smallest, 1), smallest + stride)
             if n + 2 * padding >= span and conv_output_size(n, kernel_size, stride, padding, dilation) == output_size]
    return [(n, output_padding_for(n, kernel_size, stride, padding, dilation)) for n in sizes]
