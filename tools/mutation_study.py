"""Mutation study: plant one deliberate bug at a time in ``helpers/`` and see which test (if any) catches it.

Usage (from the repository root, with the project's Python):

    python tools/mutation_study.py                  # every mutation in MUTATIONS, table to stdout
    python tools/mutation_study.py --only s1,c2     # some of them
    python tools/mutation_study.py --module svg     # those of one module
    python tools/mutation_study.py --check          # only confirm every pattern still matches (no tests)
    python tools/mutation_study.py --sweeps         # missed ones also run the widget sweeps (minutes each)
    python tools/mutation_study.py --freshness      # missed ones also get the notebooks' freshness test

Each mutation is a pattern (the old text, whitespace-tolerant) and its replacement in one file of
``helpers/`` (Python, or a text TOML of ``helpers/texts/<language>/``). The pattern must match exactly
once: a pattern that no longer matches the code is reported as STALE and the study exits with 2 before
running anything, so the list cannot silently rot. Then, per mutation, only the browser-free tests
mapped to its module (``MODULE_TESTS``, mirror file first) run with ``-x``: the first failing test is
the one that caught the bug. Files run one at a time (each collected alone) and the exhaustive widget
sweeps (``SLOW``) are left out. pytest runs in a child forked from a process that has already imported
torch, NumPy, Matplotlib and pytest (never ``helpers``), so a mutation costs its tests and not the
start-up; bytecode is never written, so no stale ``.pyc`` can hide a mutation. The file is restored
afterwards (also on Ctrl-C / SIGTERM): the repository is never left mutated.

The notebooks' freshness test (tests/test_notebooks.py, which executes notebooks) is not part of a
mutation's run: a bug that only it notices is a bug the unit tests miss. ``--freshness`` runs it, for the
notebooks listed with a mutation, on the missed ones only.

Results (issue 20, 83 mutations; caught / mutations by the browser-free tests without the sweeps). Before:
the tests as they were (tests/test_checker.py, tests/golden/ and the golden, visual-cue, boundary and
formula-placement tests did not exist yet); after: with them, re-measured once every visible string had
moved to helpers/texts/ (17 mutations re-targeted to where their logic or sentence now lives; o2 and c2,
whose ``equivalent_sentence`` was removed, plant the same bugs in 08's ``window_step_sentence``).

    module        before    after
    operations     9/10     10/10
    _fast          2/2       2/2
    stepping       2/2       2/2
    upsampling     2/2       2/2
    palette        6/6       6/6
    figures        1/1       1/1
    shapes         3/6       6/6
    svg           12/18     18/18
    captions       9/12     12/12
    widgets        3/4       4/4
    checker        4/10     10/10
    bank           2/3       3/3
    texts          2/7       7/7
    all           57/83     83/83

Issue 18 moved the explorers from helpers/widgets.py to helpers/explorers/ (anywidgets): module ``widgets``
became ``explorers`` (o4, o17, w1, w2 plant the same bugs in overlap.py, scatter.py, base.py, upsample.py)
and test_widgets.py became tests/test_explorers_<kind>.py (``EXPLORER_TESTS``).

The issue's 13 are s1, v1, v2, v3, v4, c1, c2, k1, k2, b1, t1, t2 and t3/t7 (01.1's hints swapped in the
English / Chinese TOML: the English swap was already caught). Time on 2 cores shared with other jobs:
a full run after takes 245 s (83/83, 1–13 s per mutation; c1 is caught by
test_upsample_caption_divisibility_beyond_the_explorer, added as it was missed: with the explorer's 3×3
kernel a stride that is a multiple of the kernel never occurs); before, 2685 s summed, as each of the 26
missed mutations ran every file of its module. (Figures copied by hand from the runs' output.)
"""
from __future__ import annotations

import argparse
import os
import re
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Browser-free tests only: the browser, launch and export tiers are deselected by marker.
MARKERS = "not browser and not launch and not export"
PYTEST_ARGS = ["-x", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", "--no-header", "-rfE",
               "-m", MARKERS, "-W", "ignore::DeprecationWarning"]

# The exhaustive widget sweeps (minutes each under load) are left out (``--sweeps``: for missed mutations).
SLOW = "sweep or every_pick"
EXPLORER_TESTS = ["test_explorers_base", "test_explorers_scatter", "test_own_numbers", "test_explorers_shape",
                  "test_explorers_overlap", "test_explorers_matrix", "test_explorers_window", "test_explorers_upsample"]
SLOW_FILES = set(EXPLORER_TESTS) | {"test_animation", "test_zh_helpers"}

# The test files that check each module, the module's mirror first (``-x`` stops at the first failure).
MODULE_TESTS = {
    "operations": ["test_operations", "test_captions", "test_svg", *EXPLORER_TESTS],
    "_fast": ["test_operations"],
    "stepping": ["test_animation"],
    "upsampling": ["test_practice"],
    "palette": ["test_palette", "test_svg", "test_figures", *EXPLORER_TESTS],
    "figures": ["test_figures", "test_lessons", "test_practice"],
    "shapes": ["test_shapes", "test_operations", *EXPLORER_TESTS, "test_lessons"],
    "svg": ["test_svg", *EXPLORER_TESTS, "test_zh_helpers", "test_practice"],
    "captions": ["test_captions", *EXPLORER_TESTS, "test_animation", "test_zh_helpers", "test_practice",
                 "test_lessons"],
    "explorers": [*EXPLORER_TESTS, "test_zh_helpers"],
    "checker": ["test_checker", "test_exercises", "test_zh_helpers"],
    "bank": ["test_exercises", "test_checker", "test_solutions", "test_zh_explanations"],
    "texts": ["test_exercises", "test_checker", "test_i18n", "test_zh_helpers", "test_zh_explanations",
              "test_captions", "test_shapes", "test_svg", *EXPLORER_TESTS],
}

EN, ZH = "helpers/texts/en/", "helpers/texts/zh/"

# (id, module, what the bug does, file, old text, new text). ``old`` matches with any run of whitespace
# standing for any other (so re-wrapping a line keeps it matching); ``new`` is inserted literally.
MUTATIONS = [
    # ---------------------------------------------------------------- operations
    ("u1", "operations", "crop off by one", "helpers/operations.py",
     "y = np.ascontiguousarray(y[:, :, p[0]:p[0] + out[0]", "y = np.ascontiguousarray(y[:, :, p[0] + 1:p[0] + 1 + out[0]"),
    ("u2", "operations", "contributing_terms row shifted", "helpers/operations.py",
     "a, ra = divmod(R - i * s[0], d[0])", "a, ra = divmod(R - i * s[0] + 1, d[0])"),
    ("u3", "operations", "zero_insert flips rows", "helpers/operations.py",
     "out[..., ::sh, ::sw] = X", "out[..., ::sh, ::sw] = X[..., ::-1, :]"),
    ("u4", "operations", "overlap_count ignores output_padding", "helpers/operations.py",
     "output_padding=output_padding, dilation=dilation)\n    return np.rint",
     "output_padding=0, dilation=dilation)\n    return np.rint"),
    ("u5", "operations", "conv_matrix column order reversed", "helpers/operations.py",
     "return cols.reshape(h * w, -1).T.copy()", "return cols.reshape(h * w, -1).T[:, ::-1].copy()"),
    ("u9", "operations", "grid_view sums one copy too many", "helpers/operations.py",
     "keep = (np.arange(n) < first + upto)", "keep = (np.arange(n) <= first + upto)"),
    ("f7", "operations", "OverlapExplorer interior one cell too small", "helpers/operations.py",
     "return (lo, lo, hi - lo + 1, hi - lo + 1) if lo <= hi", "return (lo, lo, hi - lo, hi - lo) if lo <= hi"),
    ("f8", "operations", "MatrixExplorer tap colours shifted", "helpers/operations.py",
     "stride, padding)).astype(int) - 1", "stride, padding)).astype(int) % (kh * kw)"),
    ("o14", "operations", "landings ignore dilation on rows", "helpers/operations.py",
     "land[i * sh + a * dh][j * sw + b * dw]", "land[i * sh + a][j * sw + b * dw]"),
    ("o15", "operations", "08: input and inserted cells swapped", "helpers/operations.py",
     'np.where(xd[0] == 1, "input", "inserted")', 'np.where(xd[0] == 1, "inserted", "input")'),
    # ---------------------------------------------------------------- _fast, stepping, upsampling
    ("x1", "_fast", "scatter_sum: taps added at the flipped column", "helpers/_fast.py",
     "acc[ra, rb, :, :, :, qa:qa + h, qb:qb + wd] += copies[:, a, c]",
     "acc[ra, rb, :, :, :, qa:qa + h, qb:qb + wd] += copies[:, a, kw - 1 - c]"),
    ("x2", "_fast", "phase_sum: shifted input one row short", "helpers/_fast.py",
     "hh = min(h, hq - qa)", "hh = min(h - 1, hq - qa)"),
    ("st1", "stepping", "matrix step: so-far vector one row behind", "helpers/stepping.py",
     "so_far[:row + 1] = C[:row + 1] @ x", "so_far[:row] = C[:row] @ x"),
    ("st2", "stepping", "window step counts itself twice", "helpers/stepping.py",
     "float(products.sum()), position + 1)", "float(products.sum()), position + 2)"),
    ("up1", "upsampling", "pixel_shuffle swaps sub-pixel rows and columns", "helpers/upsampling.py",
     "y = y.transpose(*range(n), n, n + 3, n + 1, n + 4, n + 2)",
     "y = y.transpose(*range(n), n, n + 3, n + 2, n + 4, n + 1)"),
    ("up2", "upsampling", "subpixel weight taps transposed", "helpers/upsampling.py",
     "re:weight\\.transpose\\(1, 2, 3, 0\\)", "weight.transpose(1, 3, 2, 0)"),
    # ---------------------------------------------------------------- palette, figures
    ("o9", "palette", "element letters shifted", "helpers/palette.py",
     "letters = string.ascii_lowercase[r] + letters", "letters = string.ascii_lowercase[(r + 1) % 26] + letters"),
    ("o10", "palette", "many copies drawn as thin stripes again", "helpers/palette.py",
     "if 1 <= len(elements) <= MAX_STRIPES:", "if 1 <= len(elements):"),
    ("o11", "palette", "cropped numbers faint again (#888)", "helpers/palette.py",
     'CROP_TEXT = "#555555"', 'CROP_TEXT = "#888888"'),
    ("o12", "palette", "the old palette (deuteranopia ΔE 10.9)", "helpers/palette.py",
     'PALETTE = ["#77AADD", "#EE8866", "#EEDD88", "#FFAABB"', 'PALETTE = ["#8ecae6", "#ffb703", "#90be6d", "#f4978e"'),
    ("o13", "palette", "inserted zero coloured like element 0", "helpers/palette.py",
     'INSERTED_FILL = "#ffffff"', 'INSERTED_FILL = "#88b4e0"'),
    ("p1", "palette", "tap colours start at the second colour", "helpers/palette.py",
     "return TAP_PALETTE[int(t) % len(TAP_PALETTE)]", "return TAP_PALETTE[(int(t) + 1) % len(TAP_PALETTE)]"),
    ("o16", "figures", "figure: output letters name the next element", "helpers/figures.py",
     "[[[int(k) for k in np.flatnonzero(gv.lands[:, r, c] & keep)]",
     "[[[int(k) + 1 for k in np.flatnonzero(gv.lands[:, r, c] & keep)]"),
    # ---------------------------------------------------------------- shapes
    ("u6", "shapes", "max_transpose_padding off by one", "helpers/shapes.py",
     "return ((size - 1) * stride + dilation * (kernel_size - 1) + output_padding) // 2",
     "return ((size - 1) * stride + dilation * (kernel_size - 1) + output_padding) // 2 + 1"),
    ("u7", "shapes", "conv size floor → ceil", "helpers/shapes.py",
     "return (size + 2 * padding - span) // stride + 1", "return -(-(size + 2 * padding - span) // stride) + 1"),
    ("u8", "shapes", "output_padding_for off by one", "helpers/shapes.py",
     "return (size + 2 * padding - dilation * (kernel_size - 1) - 1) % stride",
     "return (size + 2 * padding - dilation * (kernel_size - 1)) % stride"),
    ("s1", "shapes", 'refusal advises floor padding ("at least 2" → "at least 1")', "helpers/shapes.py",
     "padded=size + 2 * padding, need=-(-(span - size) // 2))", "padded=size + 2 * padding, need=(span - size) // 2)"),
    ("s2", "shapes", "too-large-padding refusal advises one more than allowed", "helpers/shapes.py",
     "most=max_transpose_padding(size, kernel_size, stride, output_padding, dilation)",
     "most=max_transpose_padding(size, kernel_size, stride, output_padding, dilation) + 1"),
    ("s3", "shapes", "too-large-padding refusal names the full length without output_padding", "helpers/shapes.py",
     "full=full + output_padding, out=out,", "full=full, out=out,"),
    # ---------------------------------------------------------------- svg
    ("u11", "svg", "scatter output cell text off by one", "helpers/svg.py",
     "value = gv.values[r, c]\n", "value = gv.values[r, c] + (r == 1)\n"),
    ("f1", "svg", "input-panel number off by one", "helpers/svg.py",
     "small, fmt(x[c, i, j]), \"x\"", "small, fmt(x[c, i, j] + 1), \"x\""),
    ("f3", "svg", "pick frames mark flipped taps", "helpers/svg.py",
     "_outline(out, kx + b * small, y0 + a * small,", "_outline(out, kx + (kw - 1 - b) * small, y0 + (kh - 1 - a) * small,"),
    ("f4", "svg", "cropped (grey) values off by one", "helpers/svg.py",
     "big, fmt(value), \"y cropped\"", "big, fmt(value + 1), \"y cropped\""),
    ("f5", "svg", "equivalent_svg window shows the unflipped kernel", "helpers/svg.py",
     "×{fmt(Kf[a, b])}", "×{fmt(K[a, b])}"),
    ("f6", "svg", "matrix_svg kernel panel transposed", "helpers/svg.py",
     "marks=[fmt(v) for v in kernel.ravel()]", "marks=[fmt(v) for v in kernel.T.ravel()]"),
    ("n1", "svg", "stripes include the not-yet-added copy during Play", "helpers/svg.py",
     "here = [t for t in land[r][c] if t[0] < upto_e]", "here = [t for t in land[r][c] if t[0] <= upto_e]"),
    ("o3", "svg", "matrix X index grid numbered from 1", "helpers/svg.py",
     "marks[k] if marks else k,", "marks[k] if marks else k + 1,"),
    ("o5", "svg", "ShapeExplorer family table's output_padding column off", "helpers/svg.py",
     "<td {td}>{op_}</td>", "<td {td}>{op_ + 1}</td>"),
    ("o6", "svg", "input element colours shifted by one", "helpers/svg.py",
     "[element_color(e)] if added else [EMPTY_FILL]", "[element_color(e + 1)] if added else [EMPTY_FILL]"),
    ("o8", "svg", "Play outline on the wrong element", "helpers/svg.py",
     "i, j = divmod(upto_e - 1 - c * h * w, w)", "i, j = divmod(upto_e - c * h * w, w)"),
    ("o18", "svg", "kernel panel shows the wrong out channel", "helpers/svg.py",
     "fmt(weight[c, o, a, b]), \"k\"", "fmt(weight[c, (o + 1) % weight.shape[1], a, b]), \"k\""),
    ("v1", "svg", "overlap map: dark cells keep black text", "helpers/svg.py",
     "return np.asarray(counts, float) / max(float(vmax), 1.0) >",
     "return np.asarray(counts, float) / max(float(vmax), 1.0) > 5 *"),
    ("v2", "svg", "family table highlights the wrong row", "helpers/svg.py",
     '"#e8f5e9;font-weight:bold" if size == n else "white"',
     '"#e8f5e9;font-weight:bold" if size == family[0][0] else "white"'),
    ("v3", "svg", "zoom frame drawn on the wrong image", "helpers/svg.py",
     "if index == len(heights):", "if index == len(heights) + 1:"),
    ("v4", "svg", 'legend says "stride − 1 = stride" zeros between', "helpers/svg.py",
     "n=sh - 1), \"dots\")", "n=sh), \"dots\")"),
    ("v5", "svg", "legend swatches: inserted zeros hatched, padding dotted", "helpers/svg.py",
     "(PADDING_FILL, tr(\"svg.legend_padding\"), \"hatch\")", "(PADDING_FILL, tr(\"svg.legend_padding\"), \"dots\")"),
    ("v6", "svg", "verdict always green", "helpers/svg.py",
     'colour = "#1e7b4f" if ok else PICK', 'colour = "#1e7b4f"'),
    # ---------------------------------------------------------------- captions
    ("u10", "captions", "fmt rounds half down", "helpers/captions.py",
     "rounding=ROUND_HALF_UP", "rounding='ROUND_HALF_DOWN'"),
    ("f2", "captions", "tooltips pair inputs with flipped taps", "helpers/captions.py",
     "(x[c, i, j], weight[c, o, a, b]) for _, c, i, j, a, b in here]",
     "(x[c, i, j], weight[c, o, weight.shape[2] - 1 - a, weight.shape[3] - 1 - b]) for _, c, i, j, a, b in here]"),
    ("n2", "captions", "ShapeExplorer verdict always says the shape comes back", "helpers/captions.py",
     "    if back == n:\n", "    if True:\n"),
    ("o1", "captions", "readout pairs x with the transposed tap", "helpers/captions.py",
     "weight[c, o, a, b]) for c, i, j, a, b in terms]", "weight[c, o, b, a]) for c, i, j, a, b in terms]"),
    ("o2", "captions", "08 step sentence pairs the window with the unflipped kernel", "helpers/captions.py",
     "pairs = [(step.window[a, b], step.flipped[a, b])", "pairs = [(step.window[a, b], step.flipped[kh - 1 - a, kw - 1 - b])"),
    ("o7", "captions", "matrix sentence names the wrong input cell", "helpers/captions.py",
     'f"{fmt(C[pick, j])}·x{j}"', 'f"{fmt(C[pick, j])}·x{j + 1}"'),
    ("c1", "captions", "upsample caption: divisibility tested backwards (stride a multiple of kernel: \"even\")",
     "helpers/captions.py", "    elif lo == hi:\n        why = tr(\"captions.upsample_even\"",
     "    elif lo == hi or f % k == 0:\n        why = tr(\"captions.upsample_even\""),
    ("c2", "captions", '08 step sentence: "the other 2 tap sit on zeros" (singular for 2)', "helpers/captions.py",
     "    if zeros == 1:\n", "    if zeros in (1, 2):\n"),
    ("c3", "captions", "overlap verdict: lo and hi swapped", "helpers/captions.py",
     "f = dict(why=why, where=where, n=n, lo=vals.min(), hi=vals.max())",
     "f = dict(why=why, where=where, n=n, lo=vals.max(), hi=vals.min())"),
    ("c4", "captions", "output_padding note: singular and plural swapped", "helpers/captions.py",
     "tr(\"captions.span_row_many\", span=span(rows)) if len(rows) > 1 else",
     "tr(\"captions.span_row_many\", span=span(rows)) if len(rows) >= 1 else"),
    ("c5", "captions", "shape verdict advises the wrong output_padding", "helpers/captions.py",
     "back=back, n=n, need=need)", "back=back, n=n, need=need + 1)"),
    ("c6", "captions", "08 step sentence: zeros counted as one tap fewer", "helpers/captions.py",
     "zeros = kh * kw - len(pairs)", "zeros = kh * kw - len(pairs) - 1"),
    # ---------------------------------------------------------------- explorers (helpers/widgets.py until issue 18)
    ("o4", "explorers", "overlap 1-D profile ignores padding", "helpers/explorers/overlap.py",
     "stride=(1, s), padding=(0, p))[0]", "stride=(1, s), padding=(0, 0))[0]"),
    ("o17", "explorers", "readout spells out the transposed cell", "helpers/explorers/scatter.py",
     "captions.terms_text(x, w, oc, pick[0], pick[1], full.visible[pick], **args)",
     "captions.terms_text(x, w, oc, pick[1], pick[0], full.visible[pick[1], pick[0]], **args)"),
    ("w1", "explorers", "range refusal names lo for hi", "helpers/explorers/base.py",
     "tr(\"widgets.out_of_range\", name=name, lo=lo, hi=hi, value=value)",
     "tr(\"widgets.out_of_range\", name=name, lo=lo, hi=lo, value=value)"),
    ("w2", "explorers", "upsample zoom title: size of the input zoom, not the output's", "helpers/explorers/upsample.py",
     "tr(\"widgets.upsample_zoom_title\", h=h * f, w=w * f)", "tr(\"widgets.upsample_zoom_title\", h=h, w=w)"),
    # ---------------------------------------------------------------- checker (the engine)
    ("u12", "checker", "tolerance 1000× looser", "helpers/checker.py", "TOL = 1e-6", "TOL = 1e-3"),
    ("u13", "checker", "arrays compared by shape only", "helpers/checker.py",
     "return got.shape == want.shape and bool(np.allclose(got, want, rtol=TOL, atol=TOL))",
     "return got.shape == want.shape"),
    ("k1", "checker", "near-miss window 2 % → 20 %", "helpers/checker.py",
     "NEAR = 0.02 ", "NEAR = 0.2 "),
    ("k2", "checker", 'an answer of 0 told "can\'t be negative"', "helpers/checker.py",
     "if got < 0 <= want:", "if got <= 0 <= want:"),
    ("k3", "checker", "hints never progress past the first", "helpers/checker.py",
     "hint = ex.hints[min(_ATTEMPTS[ex.key], len(ex.hints)) - 1]", "hint = ex.hints[0]"),
    ("k4", "checker", "set diagnosis: missing and extra swapped", "helpers/checker.py",
     "return tr(\"checker.diagnose.set_missing\", dupes=dupes)", "return tr(\"checker.diagnose.set_extra\", dupes=dupes)"),
    ("k5", "checker", "first wrong cell: row and column swapped", "helpers/checker.py",
     "n=n, size=got.size, row=r, col=c)", "n=n, size=got.size, row=c, col=r)"),
    ("k6", "checker", "near miss counted strictly inside 2 %", "helpers/checker.py",
     "abs(got - want) <= NEAR * abs(want)", "abs(got - want) < NEAR * abs(want)"),
    ("k7", "checker", "the form asks for a tuple of the wrong count of ints", "helpers/checker.py",
     "count = tr(f\"checker.number_words.{n}\") if 1 <= n <= 4 else str(n)",
     "count = tr(f\"checker.number_words.{n + 1}\") if 1 <= n <= 3 else str(n)"),
    ("k8", "checker", "tuple count: singular for every count", "helpers/checker.py",
     "raise unreadable(\"count_one\" if len(v) == 1 else \"count\", n=len(v))", "raise unreadable(\"count_one\", n=len(v))"),
    # ---------------------------------------------------------------- bank (exercises' computations)
    ("f9", "bank", "worked solution pairs X[i, j] with K[i, j]", "helpers/bank/common.py",
     'names = " + ".join(f"x[{i},{j}]·K[{a},{b}]" for _, i, j, a, b in found)\n    nums = " + ".join(f"{fmt(x[i, j], exact=True)}·{fmt(k[a, b], exact=True)}" for _, i, j, a, b in found)',
     'names = " + ".join(f"x[{i},{j}]·K[{i},{j}]" for _, i, j, a, b in found)\n    nums = " + ".join(f"{fmt(x[i, j], exact=True)}·{fmt(k[i, j], exact=True)}" for _, i, j, a, b in found)'),
    ("b1", "bank", "04.3 worked solution with wrong arithmetic", "helpers/bank/nb04.py",
     "weights=param_count(4, 8, 3, bias=False), total=param_count(4, 8, 3)",
     "weights=param_count(4, 8, 3, bias=False), total=param_count(4, 8, 3) + 4"),
    ("b2", "bank", "04.1 mistake recognises the right answer's transpose as Conv2d's", "helpers/bank/nb04.py",
     "lambda: [((5, 3, 2, 2), \"conv2d_layout\")]", "lambda: [((3, 5, 2, 2), \"conv2d_layout\")]"),
    # ---------------------------------------------------------------- texts: catalogue and TOML
    ("t1", "texts", "Chinese verdict template with {back}/{n} swapped", ZH + "captions.toml",
     "\"✗ {back} ≠ {n}：把 output_padding 设为 {need}\"", "\"✗ {n} ≠ {back}：把 output_padding 设为 {need}\""),
    ("t2", "texts", "Chinese first wrong cell: row and column swapped", ZH + "checker.toml",
     "cells_off = \"形状对了；{size} 格中有 {n} 格不对（第一处在 [{row}, {col}]，",
     "cells_off = \"形状对了；{size} 格中有 {n} 格不对（第一处在 [{col}, {row}]，"),
    ("t3", "texts", "01.1's two mistake hints swapped in the TOML", EN + "01.toml",
     "re:(\\[\"01\\.1\"\\.mistakes\\]\\nconv2d = )(\"[^\\n]*\")\\nmirrored = (\"[^\\n]*\")",
     "\\1\\3\nmirrored = \\2"),
    ("t7", "texts", "01.1's two mistake hints swapped in the Chinese TOML", ZH + "01.toml",
     "re:(\\[\"01\\.1\"\\.mistakes\\]\\nconv2d = )(\"[^\\n]*\")\\nmirrored = (\"[^\\n]*\")",
     "\\1\\3\nmirrored = \\2"),
    ("t4", "texts", "English diagnosis says positive for negative", EN + "checker.toml",
     "negative = \"This quantity can't be negative.\"", "negative = \"This quantity can't be positive.\""),
    ("t5", "texts", "Chinese overlap verdict: {lo}/{hi} swapped", ZH + "captions.toml",
     "不均匀：{why}——{where}在 {lo} 到 {hi} 之间变化：出现棋盘效应。", "不均匀：{why}——{where}在 {hi} 到 {lo} 之间变化：出现棋盘效应。"),
    ("t6", "texts", "Chinese near-miss sentence loses the answer given", ZH + "checker.toml",
     "re:(near_miss = \"[^\\n]*?)\\{got\\}", "\\1{{got}}"),
]


def _pattern(old: str) -> re.Pattern:
    """``re:…`` is a regular expression; otherwise the literal text, any whitespace run matching any other."""
    if old.startswith("re:"):
        return re.compile(old[3:])
    lead, inner, trail = re.fullmatch(r"(\s*)(.*?)(\s*)", old, re.S).groups()   # ends stay literal
    return re.compile(re.escape(lead) + r"\s+".join(re.escape(part) for part in re.split(r"\s+", inner))
                      + re.escape(trail))


def _replacement(old: str, new: str):
    return new if old.startswith("re:") else (lambda m: new)


def _still_parses(rel: str, text: str) -> str:
    """'' if the mutated file still parses (a bug, not a syntax error the import would catch), else why not."""
    try:
        if rel.endswith(".py"):
            compile(text, rel, "exec")
        elif rel.endswith(".toml"):
            import tomllib
            tomllib.loads(text)
    except (SyntaxError, ValueError) as err:
        return f"mutated file does not parse: {err}"
    return ""


def stale(root: Path, mutations) -> list[str]:
    """Mutations whose pattern does not match their file exactly once, or whose result does not parse."""
    bad = []
    for mid, _, _, rel, old, new in mutations:
        path = root / rel
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        mutated, n = _pattern(old).subn(_replacement(old, new), text)
        if n != 1:
            bad.append(f"{mid}: {rel} matched {n}×")
        elif mutated == text or _still_parses(rel, mutated):
            bad.append(f"{mid}: {rel}: {_still_parses(rel, mutated) or 'replacement changes nothing'}")
    return bad


def _preload():
    """Import what every test needs (not ``helpers``) once, before forking a child per mutation."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    for name in ("numpy", "torch", "matplotlib.pyplot", "pytest", "hypothesis", "ipywidgets", "anywidget", "nbformat",
                 "PIL.Image"):
        try:
            __import__(name)
        except ImportError:
            pass


def _pytest_in_child(root: Path, args: list[str], log: Path, timeout: int) -> int:
    """``pytest args`` in a forked child (fresh ``helpers``, no bytecode written); its exit code."""
    pid = os.fork()
    if pid == 0:  # child
        rc = 98
        try:
            fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            signal.alarm(timeout)
            os.chdir(root)
            sys.dont_write_bytecode = True
            sys.path.insert(0, str(root))
            import pytest
            rc = int(pytest.main(args))
        except BaseException as err:  # noqa: BLE001 - the child must always exit
            print(f"mutation_study child: {err!r}", flush=True)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(rc)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _first_failure(log: Path) -> str:
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith(("FAILED ", "ERROR ")):
            return line.split(" ", 1)[1].split(" - ")[0]
    return ""


def study(root: Path, mutations, freshness=False, notebooks=None, log_dir=None, sweeps=False):
    """Run every mutation; returns rows (id, module, what, verdict, first failing test, seconds)."""
    log_dir = Path(log_dir or (Path(os.environ.get("TMPDIR", "/tmp")) / "mutation_study"))
    log_dir.mkdir(parents=True, exist_ok=True)
    _preload()
    rows = []
    for mid, module, what, rel, old, new in mutations:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        mutated, n = _pattern(old).subn(_replacement(old, new), text)
        assert n == 1 and mutated != text, f"{mid}: pattern matched {n}× (run --check)"
        tests = [f"tests/{name}.py" for name in MODULE_TESTS[module] if (root / "tests" / f"{name}.py").exists()]
        log = log_dir / f"{mid}.log"
        t0 = time.time()
        rc, first = 0, ""
        try:
            path.write_text(mutated, encoding="utf-8")
            # one file at a time (collecting only that file), mirror first; stop at the first that fails
            for test in tests:
                rc = _pytest_in_child(root, PYTEST_ARGS + ["-k", f"not ({SLOW})", test], log, timeout=900)
                first = _first_failure(log)
                if rc not in (0, 5):
                    break
            for test in ([t for t in tests if Path(t).stem in SLOW_FILES] if sweeps and rc in (0, 5) else []):
                rc = _pytest_in_child(root, PYTEST_ARGS + ["-k", SLOW, test], log, timeout=1800)
                first = _first_failure(log)
                if rc not in (0, 5):
                    break
            if rc in (0, 5) and freshness and (notebooks or {}).get(mid):
                ids = " or ".join(notebooks[mid])
                rc = _pytest_in_child(root, PYTEST_ARGS + ["tests/test_notebooks.py", "-k",
                                                           f"committed_outputs_are_fresh and ({ids})"], log, 3600)
                first = _first_failure(log) and "freshness only: " + _first_failure(log)
        finally:
            path.write_text(text, encoding="utf-8")
        verdict = "caught" if rc not in (0, 5) and first else "MISSED" if rc in (0, 5) else f"ERROR rc={rc}"
        rows.append((mid, module, what, verdict, first, time.time() - t0))
        print(f"{mid:5s} {module:10s} {verdict:8s} {rows[-1][5]:5.1f}s {first}", file=sys.stderr, flush=True)
    return rows


def summary(rows) -> str:
    """The per-module caught/total table and the missed list, as Markdown."""
    lines = ["| module | caught | of |", "|---|---|---|"]
    modules = list(dict.fromkeys(r[1] for r in rows))
    for module in modules:
        mine = [r for r in rows if r[1] == module]
        lines.append(f"| {module} | {sum(r[3] == 'caught' for r in mine)} | {len(mine)} |")
    lines.append(f"| all | {sum(r[3] == 'caught' for r in rows)} | {len(rows)} |")
    missed = [f"{r[0]} ({r[1]}: {r[2]})" for r in rows if r[3] != "caught"]
    if missed:
        lines.append("\nNot caught: " + "; ".join(missed))
    return "\n".join(lines)


def _restore_on_signal():
    def handler(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, handler)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=str(ROOT))
    ap.add_argument("--only", default="", help="comma-separated ids")
    ap.add_argument("--module", default="", help="comma-separated modules")
    ap.add_argument("--check", action="store_true", help="only confirm that every pattern matches once")
    ap.add_argument("--sweeps", action="store_true", help="a missed mutation also runs the widget sweeps (SLOW)")
    ap.add_argument("--freshness", action="store_true", help="missed mutations also run the freshness test")
    args = ap.parse_args(argv)
    root = Path(args.root).resolve()
    mutations = MUTATIONS
    if args.only:
        mutations = [m for m in mutations if m[0] in set(args.only.split(","))]
    if args.module:
        mutations = [m for m in mutations if m[1] in set(args.module.split(","))]
    ids = [m[0] for m in MUTATIONS]
    assert len(ids) == len(set(ids)), "duplicate mutation ids"
    assert all(m[1] in MODULE_TESTS for m in MUTATIONS), "a mutation's module has no tests mapped"
    bad = stale(root, mutations)
    if bad:
        print("STALE mutations (pattern must match once and leave a file that parses):\n  " + "\n  ".join(bad), file=sys.stderr)
        return 2
    if args.check:
        print(f"{len(mutations)} mutations, every pattern matches once.")
        return 0
    _restore_on_signal()
    t0 = time.time()
    rows = study(root, mutations, args.freshness, NOTEBOOKS, sweeps=args.sweeps)
    print("| id | module | mutation | result | first failing test | s |")
    print("|---|---|---|---|---|---|")
    for mid, module, what, verdict, test, took in rows:
        print(f"| {mid} | {module} | {what} | {verdict} | {test} | {took:.0f} |")
    print()
    print(summary(rows))
    print(f"\n{sum(r[3] == 'caught' for r in rows)} of {len(rows)} caught by browser-free tests "
          f"in {time.time() - t0:.0f} s.")
    return 0 if all(r[3] == "caught" for r in rows) else 1


# Notebooks whose committed outputs show each mutation (for --freshness): English stems, their zh twin too.
NOTEBOOKS = {
    "v3": ["10_upsampling_in_practice"], "v4": ["08_equivalent_convolution"], "b1": ["solutions"],
}

if __name__ == "__main__":
    sys.exit(main())
