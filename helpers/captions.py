"""Every sentence an explorer or figure shows: sums spelled out term by term, verdicts and captions.

Each function takes numbers that ``operations``/``shapes`` computed and returns plain text (never
HTML): "28 = 0·2 + 1·2 + 2·7 + 3·4" pairs each input value with the kernel tap it meets, as
``operations.contributing_terms`` / ``operations.landings`` say. tests/test_captions.py checks every
sentence against torch (autograd tells which input meets which tap). Introduced in
01_basic_operation.ipynb; each sentence's notebook named in its docstring.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from . import operations, shapes
from .i18n import tr

__all__ = ["fmt", "sum_text", "terms_text", "cell_tip", "cropped_tip", "output_formula", "overlap_verdict",
           "matrix_sentence", "upsample_caption", "shape_verdict", "shape_back_refused", "scatter_repeat_note",
           "own_numbers_hint", "typed_rows_problem", "conv_size_steps", "transpose_size_steps", "output_padding_note",
           "matrix_step_sentence", "matrix_transposed_step_sentence", "window_step_sentence", "tile_verdict", "flat_input_line"]


def fmt(value, exact: bool = False) -> str:
    """A number as a student would write it, ``28`` not ``28.0``; arrays, tuples and lists as nested
    lists/tuples of such numbers (``(4, 4)``, ``[[0, 1], [2, 3]]``).

    By default (pictures and their sentences) at most two decimals, rounded half away from zero as by
    hand (``0.125`` → ``0.13``, ``0.001`` → ``0``, ``2.999`` → ``3``). ``exact=True`` (answers and worked
    solutions, where a rounded number would be a wrong answer) writes integral floats as ints and
    every other number as ``:g`` does (``0.375`` → ``0.375``)."""
    if isinstance(value, np.ndarray):
        return fmt(value.tolist(), exact)
    if isinstance(value, tuple):
        inner = ", ".join(fmt(v, exact) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(fmt(v, exact) for v in value) + "]"
    if exact:
        if isinstance(value, np.generic):
            value = value.item()
        if isinstance(value, float):
            return str(int(value)) if value.is_integer() else f"{value:g}"
        return str(value)
    v = float(value)
    if abs(v - round(v)) < 1e-9:
        return str(int(round(v))) if round(v) != 0 else "0"
    s = str(Decimal(repr(v)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _exact_decimal(value):
    """``value`` as the short decimal it was typed as (``0.125`` → Decimal("0.125")), or None when it has
    more than 6 decimals or 12 digits (a computed value such as 1/3, which only a rounded form can show)."""
    d = Decimal(repr(float(value))) if np.isfinite(value) else None
    if d is None or "e" in repr(float(value)).lower():
        return None
    t = d.normalize().as_tuple()
    return d if -t.exponent <= 6 and len(t.digits) <= 12 else None


def _dec_text(d) -> str:
    """A Decimal written plainly (no exponent, no trailing zeros), a true minus for negatives."""
    s = format(d.normalize(), "f")
    s = s.rstrip("0").rstrip(".") if "." in s else s
    return "0" if s in ("-0", "") else s.replace("-", "\u2212")


def _factor(text) -> str:
    """A factor of a product: a negative one in parentheses with a true minus, ``999·(−999)``."""
    text = text.replace("-", "\u2212")
    return f"({text})" if text.startswith("\u2212") else text


def sum_text(value, pairs, nothing=None) -> str:
    """``"28 = 0·2 + 1·2 + …"`` from the value and ``[(input value, kernel value), …]``; with no pairs
    ``"0 (nothing)"`` (``nothing`` by default: no kernel copy reaches this cell). A negative factor is
    written in parentheses with a true minus (``999·(−999)``). The terms always add up to the total
    shown: numbers with a short exact decimal (typed ones) are written exactly (``0.0625 = 0.125·0.5``,
    not ``0.06 = 0.13·0.5``); others rounded to two decimals, with ``≈`` when the rounded terms do not
    add up to the rounded total."""
    if not pairs:
        if nothing is None:
            nothing = tr("captions.sum_no_copy")
        return f"{_dec_text(Decimal(fmt(value)))} ({nothing})"
    exact = [(_exact_decimal(a), _exact_decimal(b)) for a, b in pairs]
    if all(a is not None and b is not None for a, b in exact):
        total = sum(a * b for a, b in exact)
        if abs(float(total) - float(value)) <= 1e-9 * max(1.0, abs(float(value))):
            return f"{_dec_text(total)} = " + " + ".join(f"{_factor(_dec_text(a))}·{_factor(_dec_text(b))}"
                                                       for a, b in exact)
    shown = [(Decimal(fmt(a)), Decimal(fmt(b))) for a, b in pairs]
    total = Decimal(fmt(value))
    same = Decimal(fmt(float(sum(a * b for a, b in shown)))) == total
    return (f"{_dec_text(total)} {'=' if same else '≈'} "
            + " + ".join(f"{_factor(_dec_text(a))}·{_factor(_dec_text(b))}" for a, b in shown))


def terms_text(x, weight, out_channel, row, col, value, stride=1, padding=0, output_padding=0,
               groups=1, dilation=1) -> str:
    """The sum behind one output cell, e.g. ``28 = 0·2 + 1·2 + 2·7 + 3·4`` (input value · kernel value).

    x ``(C_in, H, W)``, weight ``(C_in, C_out/groups, kH, kW)``; the products come from
    ``operations.contributing_terms``. Introduced in 01_basic_operation.ipynb; used again in
    08_equivalent_convolution.ipynb.
    """
    x = np.asarray(x, dtype=float)
    weight = np.asarray(weight, dtype=float)
    terms = operations.contributing_terms(x, weight, out_channel, row, col, stride, padding, output_padding,
                                          groups, dilation)
    o = out_channel % weight.shape[1]
    return sum_text(value, [(x[c, i, j], weight[c, o, a, b]) for c, i, j, a, b in terms])


def cell_tip(row, col, value, here, x, weight, out_channel, complete=True) -> str:
    """Tooltip of visible output cell ``Y[row, col]``: its sum over ``here`` (``operations.landings``
    entries ``(e, c, i, j, a, b)``); while copies are still being added (``complete`` False) just the value."""
    if not complete:
        return f"Y[{row},{col}] = {fmt(value)}"
    o = out_channel % weight.shape[1]
    return f"Y[{row},{col}] = " + sum_text(value, [(x[c, i, j], weight[c, o, a, b]) for _, c, i, j, a, b in here])


def cropped_tip(padding, value) -> str:
    """Tooltip of a cell that padding removes."""
    return tr("captions.cropped_tip", padding=padding, value=fmt(value))


def output_formula(size, kernel_size, stride, padding, output_padding, dilation) -> str:
    """``output height = (H − 1)·stride − … = n``, substituted (ScatterExplorer's formula line)."""
    return tr("captions.output_formula",
              steps=shapes.conv_transpose_formula(size, kernel_size, stride, padding, output_padding, dilation))


def overlap_verdict(input_size, kernel_size, stride, padding, counts) -> str:
    """The sentence under the overlap map: even (kernel a multiple of stride) or a checkerboard, with the
    counts of the interior (``operations.overlap_interior``). Introduced in 09_checkerboard.ipynb."""
    n, k, s, p = input_size, kernel_size, stride, padding
    counts = np.asarray(counts)
    t, l, h, w = operations.overlap_interior(n, k, s, p)
    inner = counts[t:t + h, l:l + w]
    if k % s == 0:
        per = (k // s) ** 2
        f = dict(k=k, s=s, per=per, lo=counts.min(), hi=counts.max())
        if inner.size == 0:
            return (tr("captions.even_small_one", **f) if per == 1 else
                    tr("captions.even_small_many", **f))
        return (tr("captions.even_one", **f)
                if per == 1 else
                tr("captions.even_many", **f))
    vals = inner if inner.size and inner.min() != inner.max() else counts
    where = tr("captions.where_interior") if vals is inner else tr("captions.where_all")
    why = (tr("captions.why_smaller", k=k, s=s) if k < s else
           tr("captions.why_not_multiple", k=k, s=s))
    f = dict(why=why, where=where, n=n, lo=vals.min(), hi=vals.max())
    if vals.min() == vals.max():
        return (tr("captions.uneven_small_one", **f) if vals.min() == 1 else
                tr("captions.uneven_small_many", **f))
    if vals.min() == 0:
        return tr("captions.uneven_gaps", **f)
    return tr("captions.uneven_checkerboard", **f)


def matrix_sentence(C, pick, out_width) -> str:
    """Row ``pick`` of the convolution matrix C spelled out, and what column ``pick`` of Cᵀ does with it.
    Introduced in 07_matrix_view.ipynb."""
    r, c = divmod(pick, out_width)
    cols = np.flatnonzero(C[pick])
    terms = " + ".join(f"{fmt(C[pick, j])}·x{j}" for j in cols) or "0"
    return tr("captions.matrix_sentence", pick=pick, r=r, c=c, terms=terms, cells=", ".join(f"x{j}" for j in cols))


def upsample_caption(n, f, info) -> str:
    """What the upsampling layer is and why it does (not) print a checkerboard; ``info`` from
    ``operations.upsample_image``. Each verdict is chosen from counts computed for this very setting
    (``operations.overlap_count``, ``operations.nearest_conv_reach``), so it holds at every factor.
    Introduced in 10_upsampling_in_practice.ipynb."""
    k = info["kernel"].shape[0]
    if info["method"] == "nearest+conv":
        seen, taps = operations.nearest_conv_reach(n, f, k, info["padding"])
        inner = seen[taps == k * k]
        f_ = dict(f=f, n=n, nf=n * f, k=k, taps=k * k, lo=inner.min(), hi=inner.max())
        return (tr("captions.upsample_nearest_conv_same", **f_) if inner.min() == inner.max() else
                tr("captions.upsample_nearest_conv", **f_))
    p, op = info["padding"], info["output_padding"]
    size = (tr("captions.upsample_method_op", k=k, f=f, p=p, op=op)
            if op else tr("captions.upsample_method", k=k, f=f, p=p))
    formula = (f"({n} − 1)·{f} − 2·{p} + {k}" + (f" + {op}" if op else "") + f" = {n * f}").replace(" ", "\u00a0")
    counts = operations.overlap_count(n, k, f, p, op)
    t, l, h, w = operations.overlap_interior(n, k, f, p)
    inner = counts[t:t + h, l:l + w]
    lo, hi = counts.min(), counts.max()
    if info["method"] == "bilinear":
        if f == 1:
            why = tr("captions.upsample_identity")
        else:
            weights = operations.conv_transpose2d(np.ones((1, n, n)), info["kernel"][None, None], stride=f,
                                                  padding=p, output_padding=op)[0]
            why = tr("captions.upsample_bilinear", lo=lo, hi=hi, edge=fmt(weights.min()))
    elif lo == hi:
        why = tr("captions.upsample_even", k=k, f=f, c=lo)
    elif inner.size and inner.min() == inner.max():
        why = (tr("captions.upsample_blur", c=inner.min(), lo=lo) if f == 1 else
               tr("captions.upsample_even_inside", k=k, f=f, c=inner.min(), lo=lo))
    elif hi <= 1:
        why = tr("captions.upsample_gaps", k=k, f=f)
    else:
        why = (tr("captions.upsample_uneven_gaps", k=k, f=f, hi=hi) if lo == 0 else
               tr("captions.upsample_uneven", k=k, f=f, lo=lo, hi=hi))
    return tr("captions.upsample_line", method=info["method"], size=size, formula=formula, why=why)


def shape_verdict(n, back, need) -> tuple[bool, str]:
    """``(ok, text)``: whether Conv2d then ConvTranspose2d gives size ``n`` back, and what to set if not.
    Introduced in 05_shape_inverse.ipynb."""
    if back == n:
        return True, tr("captions.shape_ok")
    return False, tr("captions.shape_set_output_padding", back=back, n=n, need=need)


def shape_back_refused(n, k, s, p, d, m, reason) -> str:
    """ShapeExplorer's sentence when Conv2d accepts ``n`` but the transposed convolution back refuses
    the same parameters (e.g. n=1, k=1, s=5, p=3): which layer refuses, and why. Introduced in
    05_shape_inverse.ipynb."""
    return tr("captions.shape_back_refused",
              n=n, m=m, k=k, s=s, p=p, d=d, reason=reason)


def scatter_repeat_note(n_elements, n_colours) -> str:
    """The note under a scatter picture with more input elements than colours: the letters tell them
    apart. Introduced in 01_basic_operation.ipynb."""
    return tr("captions.colours_repeat", n_elements=n_elements, n_colours=n_colours)


# ---------------------------------------------------------------- "Your own numbers" (OwnNumbersExplorer)

def own_numbers_hint() -> str:
    """How to type numbers, in the reader's language (the line above OwnNumbersExplorer's picture)."""
    return tr("captions.own_numbers_hint")


def typed_rows_problem(box, problem, **d) -> str:
    """Why the text in ``box`` ("X rows" or "K rows") cannot be used, naming the box (never a traceback).
    ``problem``: empty, empty_row, not_a_number, not_finite, too_big_value, ragged, too_large. Introduced
    in 01_basic_operation.ipynb (``OwnNumbersExplorer``)."""
    for key in ("got", "want"):  # "1 number", "2 numbers"
        if key in d:
            d[key] = (tr("captions.rows_count_one", n=d[key]) if d[key] == 1 else
                      tr("captions.rows_count_many", n=d[key]))
    texts = {
        "empty": lambda: tr("captions.rows_empty", box=box, **d),
        "empty_row": lambda: tr("captions.rows_empty_row",
                                box=box, **d),
        "not_a_number": lambda: tr("captions.rows_not_a_number", box=box, **d),
        "not_finite": lambda: tr("captions.rows_not_finite",
                                 box=box, **d),
        "too_big_value": lambda: tr("captions.rows_too_big_value", box=box, **d),
        "ragged": lambda: tr("captions.rows_ragged", box=box, **d),
        "too_large": lambda: tr("captions.rows_too_large", box=box, **d),
    }
    return texts[problem]()


# ---------------------------------------------------------------- 05/06: sizes without dilation, output_padding marks


def conv_size_steps(n, kernel_size, stride=1, padding=0) -> str:
    """Conv2d's size along one axis in 05's own form, ``⌊(n + 2p − k) / s⌋ + 1``, substituted:
    ``⌊(16 + 2·2 − 5) / 3⌋ + 1 = 6``. No dilation term (06 adds it). Introduced in 05_shape_inverse.ipynb."""
    m = shapes.conv_output_size(n, kernel_size, stride, padding)
    return f"⌊({n} + 2·{padding} − {kernel_size}) / {stride}⌋ + 1 = {m}"


def transpose_size_steps(m, kernel_size, stride=1, padding=0, output_padding=0) -> str:
    """ConvTranspose2d's size along one axis in 05's form, ``(m − 1)·s − 2p + k (+ op)``, substituted:
    ``(6 − 1)·3 − 2·2 + 5 = 16``; the ``+ op`` term only when output_padding is not 0.
    Introduced in 05_shape_inverse.ipynb."""
    n = shapes.conv_transpose_output_size(m, kernel_size, stride, padding, output_padding)
    extra = f" + {output_padding}" if output_padding else ""
    return f"({m} − 1)·{stride} − 2·{padding} + {kernel_size}{extra} = {n}"


def output_padding_note(output_padding, rows, cols) -> str:
    """The note under a scatter figure that marks what ``output_padding`` adds: the output's new
    row and column numbers (``rows``/``cols``, 0-based in the output). Introduced in 05 and 06."""
    def span(idx):
        idx = list(idx)
        return str(idx[0]) if len(idx) == 1 else f"{idx[0]}–{idx[-1]}"
    what = []
    if len(rows):
        what.append(tr("captions.span_row_many", span=span(rows)) if len(rows) > 1 else
                    tr("captions.span_row_one", span=span(rows)))
    if len(cols):
        what.append(tr("captions.span_column_many", span=span(cols)) if len(cols) > 1 else
                    tr("captions.span_column_one", span=span(cols)))
    what = tr("captions.span_both", rows=what[0], columns=what[1]) if len(what) == 2 else "".join(what)
    return tr("captions.output_padding_note", output_padding=output_padding,
              what=what)

# ---------------------------------------------------------------- the animations (07, 08)

def matrix_step_sentence(step, out_width) -> str:
    """Step ``step.row`` of ``C @ vec(X)`` (a ``stepping.RowStep``) spelled out: "Step 2 of 4: row 1 of C ·
    vec(X) = 4·1 + 7·2 + … = 37 = Y[0, 1]". Introduced in 07_matrix_view.ipynb."""
    r, c = divmod(step.row, out_width)
    terms = (" + ".join(f"{fmt(a)}·{fmt(b)}" for a, b in zip(step.coeffs, step.values))
             or tr("captions.matrix_step_no_input"))
    return tr("captions.matrix_step",
              number=step.row + 1, total=step.so_far.size, row=step.row, terms=terms, value=fmt(step.value), r=r, c=c)


def matrix_transposed_step_sentence(step, out_width) -> str:
    """Step ``step.row`` of ``Cᵀ @ vec(Y)`` (a ``stepping.RowStep`` of Cᵀ) spelled out: "Step 2 of 9: row 1 of
    Cᵀ · vec(Y) = 7·0 + 4·1 = 4, output cell Z[0, 1] of the transposed convolution". Introduced in
    07_matrix_view.ipynb (``MatrixTransposedStepExplorer``)."""
    r, c = divmod(step.row, out_width)
    terms = (" + ".join(f"{fmt(a)}·{fmt(b)}" for a, b in zip(step.coeffs, step.values))
             or tr("captions.matrix_tstep_no_input"))
    return tr("captions.matrix_tstep",
              number=step.row + 1, total=step.so_far.size, row=step.row, terms=terms, value=fmt(step.value), r=r, c=c)


def window_step_sentence(step) -> str:
    """One position of 08's sliding window (a ``stepping.WindowStep``): the products of input elements and
    flipped-kernel taps under it, and how many taps sit on zeros. Introduced in 08_equivalent_convolution.ipynb."""
    total = step.padded.shape[0] - step.flipped.shape[0] + 1
    total *= step.padded.shape[1] - step.flipped.shape[1] + 1
    kh, kw = step.flipped.shape
    inside = step.kinds[step.r:step.r + kh, step.c:step.c + kw] == "input"
    pairs = [(step.window[a, b], step.flipped[a, b]) for a in range(kh) for b in range(kw) if inside[a, b]]
    zeros = kh * kw - len(pairs)
    text = " + ".join(f"{fmt(a)}·{fmt(b)}" for a, b in pairs) if pairs else tr("captions.window_step_empty")
    f = dict(done=step.done, total=total, r=step.r, c=step.c, text=text, value=fmt(step.value), zeros=zeros)
    if not zeros:
        return tr("captions.window_step", **f)
    if zeros == 1:
        return tr("captions.window_step_zeros_one", **f)
    return tr("captions.window_step_zeros_many", **f)


# ---------------------------------------------------------------- 10_upsampling_in_practice: decoders and pixel shuffle


def tile_verdict(tile, max_period=8) -> str:
    """What ``upsampling.repeating_tile`` found, in words: a constant image is "no pattern at all"
    (it repeats every tile trivially), a real period is "a repeating r×c tile"."""
    if tile is None:
        return tr("captions.tile_none", n=max_period)
    if tuple(tile) == (1, 1):
        return tr("captions.tile_constant")
    return tr("captions.tile_repeats", h=tile[0], w=tile[1])


def flat_input_line(name, spread, tile, max_period=8) -> str:
    """One decoder's answer to a flat input, away from the border: its spread and its pattern."""
    return tr("captions.flat_input_line", name=name,
              spread=spread, verdict=tile_verdict(tile, max_period))
