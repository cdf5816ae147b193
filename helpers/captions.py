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

__all__ = ["fmt", "sum_text", "terms_text", "cell_tip", "cropped_tip", "output_formula", "overlap_verdict",
           "matrix_sentence", "equivalent_sentence", "upsample_caption", "shape_verdict",
           "shape_back_refused", "scatter_repeat_note", "OWN_NUMBERS_HINT", "typed_rows_problem"]


def fmt(v) -> str:
    """A number as a student would write it: ``28`` not ``28.0``; otherwise at most two decimals,
    rounded half away from zero as by hand (``0.125`` → ``0.13``, ``0.001`` → ``0``, ``2.999`` → ``3``)."""
    v = float(v)
    if abs(v - round(v)) < 1e-9:
        return str(int(round(v))) if round(v) != 0 else "0"
    s = str(Decimal(repr(v)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def sum_text(value, pairs, nothing="no kernel copy reaches this cell") -> str:
    """``"28 = 0·2 + 1·2 + …"`` from the value and ``[(input value, kernel value), …]``; with no pairs
    ``"0 (nothing)"``."""
    if not pairs:
        return f"{fmt(value)} ({nothing})"
    return f"{fmt(value)} = " + " + ".join(f"{fmt(a)}·{fmt(b)}" for a, b in pairs)


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
    return f"removed by padding={padding} (full-grid value {fmt(value)})"


def output_formula(size, kernel_size, stride, padding, output_padding, dilation) -> str:
    """``output height = (H − 1)·stride − … = n``, substituted (ScatterExplorer's formula line)."""
    return ("output height = (H − 1)·stride − 2·padding + dilation·(k − 1) + output_padding + 1 = "
            + shapes.conv_transpose_formula(size, kernel_size, stride, padding, output_padding, dilation))


def overlap_verdict(input_size, kernel_size, stride, padding, counts) -> str:
    """The sentence under the overlap map: even (kernel a multiple of stride) or a checkerboard, with the
    counts of the interior (``operations.overlap_interior``). Introduced in 09_checkerboard.ipynb."""
    n, k, s, p = input_size, kernel_size, stride, padding
    counts = np.asarray(counts)
    t, l, h, w = operations.overlap_interior(n, k, s, p)
    inner = counts[t:t + h, l:l + w]
    if k % s == 0:
        per = (k // s) ** 2
        text = f"even: kernel {k} is a multiple of stride {s} — interior cells all get {per} cop{'y' if per == 1 else 'ies'}"
        if inner.size == 0:
            text += (f" (this input is too small to have an interior: every cell is near the border, "
                     f"so counts here run from {counts.min()} to {counts.max()})")
        return text + "."
    vals = inner if inner.size and inner.min() != inner.max() else counts
    where = "interior counts" if vals is inner else "counts"
    why = f"kernel {k} is smaller than stride {s}" if k < s else f"kernel {k} is not a multiple of stride {s}"
    if vals.min() == vals.max():
        return (f"uneven: {why} — but with input size {n} every cell gets {vals.min()} "
                f"cop{'y' if vals.min() == 1 else 'ies'}; make the input larger to see the pattern.")
    tail = ": some cells get no copy at all" if vals.min() == 0 else ": a checkerboard"
    return f"uneven: {why} — {where} vary between {vals.min()} and {vals.max()}{tail}."


def matrix_sentence(C, pick, out_width) -> str:
    """Row ``pick`` of the convolution matrix C spelled out, and what column ``pick`` of Cᵀ does with it.
    Introduced in 07_matrix_view.ipynb."""
    r, c = divmod(pick, out_width)
    cols = np.flatnonzero(C[pick])
    terms = " + ".join(f"{fmt(C[pick, j])}·x{j}" for j in cols) or "0"
    return (f"Row {pick} of C is output cell Y[{r}, {c}] = {terms}. Column {pick} of Cᵀ holds the "
            f"same numbers: the transposed convolution sends Y[{r}, {c}] back to input cells "
            f"{', '.join(f'x{j}' for j in cols)}, one copy of K scaled by Y[{r}, {c}].")


def equivalent_sentence(x, K, stride, padding, output_padding, row, col) -> str:
    """Both sums behind ``Y[row, col]`` in 08: the scatter's products and the direct convolution's
    (window value · flipped-kernel value, input elements only). x ``(H, W)``, K ``(kH, kW)``.
    Introduced in 08_equivalent_convolution.ipynb."""
    s, p, op = stride, padding, output_padding
    k = K.shape[0]
    P, wc, Y = operations.equivalent_conv(x[None], K[None, None], s, p, op)
    P, Kf, Y = P[0], wc[0, 0], Y[0]
    kinds = operations.padded_input_kinds(x.shape[0], k, s, p, op)
    scatter = [(x[i, j], K[a, b]) for _, i, j, a, b in
               operations.contributing_terms(x[None], K[None, None], 0, row, col, s, p, op)]
    window, inside = P[row:row + k, col:col + k], kinds[row:row + k, col:col + k] == "input"
    direct = [(window[a, b], Kf[a, b]) for a in range(k) for b in range(k) if inside[a, b]]
    zeros = k * k - len(direct)
    value = Y[row, col]
    a_text = sum_text(value, scatter, "no copy of K reaches it")
    b_text = (f"{fmt(value)} = " + " + ".join(f"{fmt(a)}·{fmt(b)}" for a, b in direct) if direct else fmt(value)) + (
        f" (the other {zeros} tap{'s' if zeros != 1 else ''} of the flipped kernel sit on zeros)" if zeros else "")
    return (f"(a) Scatter: Y[{row}, {col}] = {a_text}.  (b) Direct convolution: Y[{row}, {col}] = {b_text}.  "
            f"Same products, same number: the transposed convolution is an ordinary convolution with "
            f"the kernel flipped, over the input with {s - 1} zero{'s' if s != 2 else ''} inserted "
            f"between elements and padded by k − 1 − padding = {k - 1 - p}"
            + (f" (plus output_padding = {op} more at the bottom and right)." if op else "."))


def upsample_caption(n, f, info) -> str:
    """What the upsampling layer is and why it does (not) print a checkerboard; ``info`` from
    ``operations.upsample_image``. Introduced in 10_upsampling_in_practice.ipynb."""
    k = info["kernel"].shape[0]
    if info["method"] == "nearest+conv":
        return (f"nearest+conv: each pixel becomes a {f}×{f} block ({n} → {n * f}), then a 3×3 convolution "
                "with padding 1 (the same random kernel, scaled to sum 1). Every output pixel sees the same "
                "number of input pixels: no checkerboard.")
    p, op = info["padding"], info["output_padding"]
    size = f"ConvTranspose2d, kernel {k}×{k}, stride {f}, padding {p}" + (f", output_padding {op}" if op else "")
    formula = (f"({n} − 1)·{f} − 2·{p} + {k}" + (f" + {op}" if op else "") + f" = {n * f}").replace(" ", "\u00a0")
    if info["method"] == "bilinear":
        why = ("kernel 1 with stride 1 copies the image." if f == 1 else
               "the bilinear kernel blends overlapping copies into a smooth image (the border is darker: "
               "fewer copies reach it).")
    elif k % f == 0:
        why = ("stride 1: every cell gets 9 copies, the random kernel just blurs." if f == 1 else
               f"kernel {k} is a multiple of stride {f}: each pixel gets exactly one copy, but from different "
               f"kernel taps, so a random kernel still prints a {f}×{f} pattern.")
    else:
        why = (f"kernel {k} is not a multiple of stride {f}: copies overlap unevenly and print a checkerboard"
               f"{' (and leave gaps)' if k < f else ''}.")
    return f"{info['method']}: {size}: {formula}. {why[0].upper()}{why[1:]}"


def shape_verdict(n, back, need) -> tuple[bool, str]:
    """``(ok, text)``: whether Conv2d then ConvTranspose2d gives size ``n`` back, and what to set if not.
    Introduced in 05_shape_inverse.ipynb."""
    if back == n:
        return True, "✓ the shape comes back"
    return False, f"✗ {back} ≠ {n}: set output_padding to {need}"


def shape_back_refused(n, k, s, p, d, m, reason) -> str:
    """ShapeExplorer's sentence when Conv2d accepts ``n`` but the transposed convolution back refuses
    the same parameters (e.g. n=1, k=1, s=5, p=3): which layer refuses, and why. Introduced in
    05_shape_inverse.ipynb."""
    return (f"Conv2d accepts these settings (n = {n} → m = {m}), but the ConvTranspose2d back from m = {m} "
            f"with the same kernel_size={k}, stride={s}, padding={p}, dilation={d} does not: {reason}")


def scatter_repeat_note(n_elements, n_colours) -> str:
    """The note under a scatter picture with more input elements than colours: the letters tell them
    apart. Introduced in 01_basic_operation.ipynb."""
    return (f"{n_elements} input elements, {n_colours} colours: colours repeat, "
            "the letters never do (a … z, then aa, ab, …).")


# ---------------------------------------------------------------- "Your own numbers" (OwnNumbersExplorer)

OWN_NUMBERS_HINT = "Type rows separated by ; and numbers by spaces, e.g. 1 2; 3 4, then press Enter."


def typed_rows_problem(box, problem, **d) -> str:
    """Why the text in ``box`` ("X rows" or "K rows") cannot be used, naming the box (never a traceback).
    ``problem``: empty, empty_row, not_a_number, not_finite, too_big_value, ragged, too_large. Introduced
    in 01_basic_operation.ipynb (``OwnNumbersExplorer``)."""
    texts = {
        "empty": "{box} is empty: type rows of numbers, e.g. 1 2; 3 4.",
        "empty_row": "{box}: row {row} is empty (two ; in a row?): every row needs at least one number.",
        "not_a_number": "{box}: {token!r} in row {row} is not a number: use digits, a minus sign and a "
                        "decimal point, e.g. 1 2; 3 4.",
        "not_finite": "{box}: {token!r} in row {row} is not a finite number: use ordinary numbers.",
        "too_big_value": "{box}: {token} in row {row} is outside −{limit} … {limit}: the picture writes "
                         "every number in its cell, so keep them small.",
        "ragged": "{box}: row {row} has {got} but row 1 has {want}: every row needs the same count of numbers.",
        "too_large": "{box}: {rows} rows × {cols} columns is more than {limit} × {limit}, the largest this "
                     "explorer draws readably.",
    }
    for key in ("got", "want"):  # "1 number", "2 numbers"
        if key in d:
            d[key] = f"{d[key]} number" + ("" if d[key] == 1 else "s")
    return texts[problem].format(box=box, **d)


# ---------------------------------------------------------------- 05/06: sizes without dilation, output_padding marks
__all__ += ["conv_size_steps", "transpose_size_steps", "output_padding_note"]


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
        what.append(f"row{'s' if len(rows) > 1 else ''} {span(rows)}")
    if len(cols):
        what.append(f"column{'s' if len(cols) > 1 else ''} {span(cols)}")
    return f"dashed, hatched: output_padding={output_padding} adds {' and '.join(what)}"

# ---------------------------------------------------------------- the animations (07, 08)

def matrix_step_sentence(step, out_width) -> str:
    """Step ``step.row`` of ``C @ vec(X)`` (a ``stepping.RowStep``) spelled out: "Step 2 of 4: row 1 of C ·
    vec(X) = 4·1 + 7·2 + … = 37 = Y[0, 1]". Introduced in 07_matrix_view.ipynb."""
    r, c = divmod(step.row, out_width)
    terms = " + ".join(f"{fmt(a)}·{fmt(b)}" for a, b in zip(step.coeffs, step.values)) or "0 (no input cell)"
    return (f"Step {step.row + 1} of {step.so_far.size}: row {step.row} of C · vec(X) = {terms} = "
            f"{fmt(step.value)}, output cell Y[{r}, {c}].")


def window_step_sentence(step) -> str:
    """One position of 08's sliding window (a ``stepping.WindowStep``): the products of input elements and
    flipped-kernel taps under it, and how many taps sit on zeros. Introduced in 08_equivalent_convolution.ipynb."""
    total = step.padded.shape[0] - step.flipped.shape[0] + 1
    total *= step.padded.shape[1] - step.flipped.shape[1] + 1
    kh, kw = step.flipped.shape
    inside = step.kinds[step.r:step.r + kh, step.c:step.c + kw] == "input"
    pairs = [(step.window[a, b], step.flipped[a, b]) for a in range(kh) for b in range(kw) if inside[a, b]]
    zeros = kh * kw - len(pairs)
    text = " + ".join(f"{fmt(a)}·{fmt(b)}" for a, b in pairs) if pairs else "no input element under the window"
    return (f"Step {step.done} of {total}: window at Y[{step.r}, {step.c}] = {text} = {fmt(step.value)}"
            + (f"; the other {zeros} tap{'s' if zeros != 1 else ''} sit on zeros." if zeros else "."))


__all__ += ["matrix_step_sentence", "window_step_sentence"]

# ---------------------------------------------------------------- 10_upsampling_in_practice: decoders and pixel shuffle

__all__ += ["tile_verdict", "flat_input_line"]


def tile_verdict(tile, max_period=8) -> str:
    """What ``upsampling.repeating_tile`` found, in words: a constant image is "no pattern at all"
    (it repeats every tile trivially), a real period is "a repeating r×c tile"."""
    if tile is None:
        return f"no repeating tile up to {max_period}×{max_period}"
    if tuple(tile) == (1, 1):
        return "constant (no pattern at all)"
    return f"a repeating {tile[0]}×{tile[1]} tile"


def flat_input_line(name, spread, tile, max_period=8) -> str:
    """One decoder's answer to a flat input, away from the border: its spread and its pattern."""
    return f"{name:<18} flat grey in: output spread {spread:.3g} away from the border, {tile_verdict(tile, max_period)}"

