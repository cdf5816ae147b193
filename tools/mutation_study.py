"""Mutation study: plant one deliberate bug at a time and see which test (if any) catches it.

Usage (from the repository root):

    python tools/mutation_study.py                 # every mutation in MUTATIONS, table to stdout
    python tools/mutation_study.py --only b1,b2    # some of them
    python tools/mutation_study.py --root /tmp/old --set before   # the list written for the old code

Each mutation is a literal text replacement in one file of ``helpers/``. Before the tests run, the
mutation is confirmed *live*: its text occurs exactly once, and a probe (a short Python expression
over ``helpers``) prints something different with the bug than without it. Then the unit and
widget tests (``TESTS``; not the notebook freshness test, which compares with whatever was
committed last) run with ``-x``; the first failing test is the one that caught the bug. The file is
restored afterwards (also on Ctrl-C). The repository is never left mutated.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ["tests/test_operations.py", "tests/test_shapes.py", "tests/test_captions.py", "tests/test_palette.py",
         "tests/test_svg.py", "tests/test_figures.py", "tests/test_drawing.py", "tests/test_solutions.py",
         "tests/test_exercises.py", "tests/test_widgets.py"]

# (id, kind, file, old text, new text, probe expression). The probe runs with `import helpers.X as X`
# for drawing, widgets, operations, shapes, exercises, captions, svg, figures available.
PROBE_HEAD = ("import numpy as np, matplotlib; matplotlib.use('Agg');"
              "from helpers import drawing, widgets, operations, shapes, exercises;"
              "import importlib;"
              "captions = importlib.import_module('helpers.captions') if importlib.util.find_spec('helpers.captions') else None;")

BEFORE = [
    # ---- the 13 unit-test kinds (operations, shapes, visible Y numbers, checker)
    ("u1", "operations: crop off by one", "helpers/operations.py",
     "y = np.ascontiguousarray(y[:, :, p[0]:p[0] + out[0]", "y = np.ascontiguousarray(y[:, :, p[0] + 1:p[0] + 1 + out[0]",
     "operations.conv_transpose2d(np.arange(9.).reshape(1,3,3), np.ones((1,1,2,2)), padding=1)"),
    ("u2", "operations: contributing_terms row shifted", "helpers/operations.py",
     "a, ra = divmod(R - i * s[0], d[0])", "a, ra = divmod(R - i * s[0] + 1, d[0])",
     "operations.contributing_terms(np.ones((1,2,2)), np.ones((1,1,2,2)), 0, 1, 1)"),
    ("u3", "operations: zero_insert flips rows", "helpers/operations.py",
     "out[..., ::sh, ::sw] = X", "out[..., ::sh, ::sw] = X[..., ::-1, :]",
     "operations.zero_insert(np.arange(4.).reshape(2,2), 2)"),
    ("u4", "operations: overlap_count ignores output_padding", "helpers/operations.py",
     "output_padding=output_padding, dilation=dilation)\n    return np.rint",
     "output_padding=0, dilation=dilation)\n    return np.rint",
     "operations.overlap_count(3, 3, 2, 0, 1)"),
    ("u5", "operations: conv_matrix column order reversed", "helpers/operations.py",
     "return cols.reshape(h * w, -1).T.copy()", "return cols.reshape(h * w, -1).T[:, ::-1].copy()",
     "operations.conv_matrix(np.arange(4.).reshape(2,2), (3,3))"),
    ("u6", "shapes: transposed size off by one", "helpers/shapes.py",
     "return ((size - 1) * stride + dilation * (kernel_size - 1) + output_padding) // 2",
     "return ((size - 1) * stride + dilation * (kernel_size - 1) + output_padding) // 2 + 1",
     "shapes.max_transpose_padding(3, 3, 2)"),
    ("u7", "shapes: conv size floor → ceil", "helpers/shapes.py",
     "return (size + 2 * padding - span) // stride + 1", "return -(-(size + 2 * padding - span) // stride) + 1",
     "shapes.conv_output_size(17, 5, 3, 2)"),
    ("u8", "shapes: output_padding_for off by one", "helpers/shapes.py",
     "return (size + 2 * padding - dilation * (kernel_size - 1) - 1) % stride",
     "return (size + 2 * padding - dilation * (kernel_size - 1)) % stride",
     "shapes.output_padding_for(16, 5, 3, 2)"),
    ("u9", "visible Y: grid_view sums one copy too many", "helpers/drawing.py",
     "keep = (np.arange(n) < upto)", "keep = (np.arange(n) <= upto)",
     "drawing.grid_view(np.arange(4.).reshape(1,2,2), np.ones((1,1,2,2)), upto=1).values"),
    ("u10", "visible Y: fmt rounds half down", "helpers/drawing.py",
     "rounding=ROUND_HALF_UP", "rounding='ROUND_HALF_DOWN'", "drawing.fmt(0.125)"),
    ("u11", "visible Y: scatter output cell text off by one", "helpers/drawing.py",
     "value = f(gv.values[r, c])\n            here", "value = f(gv.values[r, c] + (r == 1))\n            here",
     "drawing.scatter_svg(np.arange(4.).reshape(1,2,2), np.ones((1,1,2,2)))"),
    ("u12", "checker: tolerance 1000× looser", "helpers/exercises.py",
     "_TOL = 1e-6", "_TOL = 1e-3", "exercises._TOL"),
    ("u13", "checker: arrays compared by shape only", "helpers/exercises.py",
     "return got.shape == want.shape and bool(np.allclose(got, want, rtol=_TOL, atol=_TOL))",
     "return got.shape == want.shape", "bool(exercises.check('01.1', np.zeros((3, 3))))"),
    # ---- the 9 caught only by freshness
    ("f1", "input-panel number off by one", "helpers/drawing.py",
     "_svg_grid(out, 8, y0, x[c], small", "_svg_grid(out, 8, y0, x[c] + 1, small",
     "drawing.scatter_svg(np.arange(4.).reshape(1,2,2), np.ones((1,1,2,2)))"),
    ("f2", "tooltips pair inputs with flipped taps", "helpers/drawing.py",
     "ks[(t[1], t[4], t[5])]", "ks[(t[1], kh - 1 - t[4], kw - 1 - t[5])]",
     "drawing.scatter_svg(np.arange(4.).reshape(1,2,2), np.arange(4.).reshape(1,1,2,2))"),
    ("f3", "pick frames mark flipped taps", "helpers/drawing.py",
     "_outline(out, 8 + small * w + gap + b * small, y0 + a * small,",
     "_outline(out, 8 + small * w + gap + (kw - 1 - b) * small, y0 + (kh - 1 - a) * small,",
     "drawing.scatter_svg(np.arange(4.).reshape(1,2,2), np.ones((1,1,2,2)), pick=(0, 0))"),
    ("f4", "cropped (grey) values off by one", "helpers/drawing.py",
     "tip = f\"removed by padding={padding} (full-grid value {value})\"\n                colours = [CROP_FILL]",
     "tip = f\"removed by padding={padding} (full-grid value {value})\"\n                colours = [CROP_FILL]; value = f(gv.values[r, c] + 1)",
     "drawing.scatter_svg(np.arange(4.).reshape(1,2,2), np.ones((1,1,2,2)), padding=1)"),
    ("f5", "equivalent_svg window shows the unflipped kernel", "helpers/drawing.py",
     "×{fmt(Kf[a, bb])}", "×{fmt(K[a, bb])}",
     "drawing.equivalent_svg(np.arange(4.).reshape(2,2), np.arange(4.).reshape(2,2))"),
    ("f6", "matrix_svg kernel panel transposed", "helpers/drawing.py",
     "marks=[fmt(v) for v in kernel.ravel()]", "marks=[fmt(v) for v in kernel.T.ravel()]",
     "widgets.MatrixExplorer(kernel_size=2).svg"),
    ("f7", "OverlapExplorer interior one cell too small", "helpers/widgets.py",
     "interior = (lo, lo, hi - lo + 1, hi - lo + 1)", "interior = (lo, lo, hi - lo, hi - lo)",
     "widgets.OverlapExplorer(input_size=6, kernel_size=3, stride=2).svg"),
    ("f8", "MatrixExplorer tap colours shifted", "helpers/widgets.py",
     "padding=p)).astype(int) - 1", "padding=p)).astype(int) % (k * k)",
     "widgets.MatrixExplorer(kernel_size=2).svg"),
    ("f9", "worked solution pairs X[i, j] with K[i, j]", "helpers/exercises.py",
     'names = " + ".join(f"x[{i},{j}]·K[{a},{b}]" for _, i, j, a, b in terms)\n    nums = " + ".join(f"{_fmt(x[i, j])}·{_fmt(k[a, b])}" for _, i, j, a, b in terms)',
     'names = " + ".join(f"x[{i},{j}]·K[{i},{j}]" for _, i, j, a, b in terms)\n    nums = " + ".join(f"{_fmt(x[i, j])}·{_fmt(k[i, j])}" for _, i, j, a, b in terms)',
     "exercises.solution('01.3').explanation if hasattr(exercises.solution('01.3'), 'explanation') else repr(exercises.solution('01.3'))"),
    # ---- the 2 caught by nothing headless
    ("n1", "stripes include the not-yet-added copy during Play", "helpers/drawing.py",
     "colours = [element_color(t[0]) for t in here if t[0] < upto]",
     "colours = [element_color(t[0]) for t in here if t[0] <= upto]",
     "drawing.scatter_svg(np.arange(4.).reshape(1,2,2), np.ones((1,1,2,2)), upto=1)"),
    ("n2", "ShapeExplorer verdict always says the shape comes back", "helpers/drawing.py",
     "ok = back == n", "ok = True", "widgets.ShapeExplorer(size=17).svg"),
    # ---- my own
    ("o1", "readout pairs x with the transposed tap", "helpers/drawing.py",
     "{fmt(weight[c, o, a, b])}\" for c, i, j, a, b in terms]", "{fmt(weight[c, o, b, a])}\" for c, i, j, a, b in terms]",
     "drawing.terms_text(np.arange(4.).reshape(1,2,2), np.arange(4.).reshape(1,1,2,2), 0, 1, 1, 0)"),
    ("o2", "EquivalentExplorer (b) pairs window with unflipped kernel", "helpers/widgets.py",
     "{fmt(wc[0, 0, a, bb])}", "{fmt(K[a, bb])}", "widgets.EquivalentExplorer().sentence"),
    ("o3", "matrix X index grid numbered from 1", "helpers/drawing.py",
     "{escape(marks[k] if marks else str(k))}", "{escape(marks[k] if marks else str(k + 1))}",
     "widgets.MatrixExplorer().svg"),
    ("o4", "overlap 1-D profile ignores padding", "helpers/widgets.py",
     "stride=(1, s), padding=(0, p))[0]", "stride=(1, s), padding=(0, 0))[0]",
     "widgets.OverlapExplorer(padding=1).svg"),
    ("o5", "ShapeExplorer family table's output_padding column off", "helpers/drawing.py",
     "<td {td}>{op_}</td>", "<td {td}>{op_ + 1}</td>", "widgets.ShapeExplorer().svg"),
    ("o6", "input element colours shifted by one", "helpers/drawing.py",
     "fills = [[[element_color(c * h * w + i * w + j)", "fills = [[[element_color(c * h * w + i * w + j + 1)",
     "drawing.scatter_svg(np.arange(4.).reshape(1,2,2), np.ones((1,1,2,2)))"),
    ("o7", "matrix sentence names the wrong input cell", "helpers/widgets.py",
     'f"{drawing.fmt(C[pick, j])}·x{j}"', 'f"{drawing.fmt(C[pick, j])}·x{j + 1}"', "widgets.MatrixExplorer().sentence"),
    ("o8", "Play outline on the wrong element", "helpers/drawing.py",
     "i, j = divmod(upto - 1 - c * h * w, w)", "i, j = divmod(upto - c * h * w, w)",
     "drawing.scatter_svg(np.arange(4.).reshape(1,2,2), np.ones((1,1,2,2)), upto=2)"),
]


def run(cmd, cwd, timeout=None):
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def probe(root, expr):
    code = PROBE_HEAD + f"print(repr({expr}))"
    r = run([sys.executable, "-c", code], cwd=root, timeout=300)
    return r.stdout if r.returncode == 0 else "ERROR " + r.stderr.strip().splitlines()[-1]


def study(root: Path, mutations, tests):
    rows = []
    tests = [t for t in tests if (root / t).exists()]
    for mid, kind, rel, old, new, expr in mutations:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        n = text.count(old)
        if n != 1:
            rows.append((mid, kind, f"NOT LIVE (text found {n}×)", "", 0.0))
            continue
        before = probe(root, expr)
        try:
            path.write_text(text.replace(old, new), encoding="utf-8")
            after = probe(root, expr)
            if after == before:
                rows.append((mid, kind, "NOT LIVE (probe unchanged)", "", 0.0))
                continue
            t0 = time.time()
            r = run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
                     *tests], cwd=root, timeout=3600)
            took = time.time() - t0
            failed = [line.split(" ", 1)[1].split(" - ")[0] for line in r.stdout.splitlines()
                      if line.startswith("FAILED ") or line.startswith("ERROR ")]
            verdict = "caught" if r.returncode != 0 else "MISSED"
            rows.append((mid, kind, verdict, failed[0] if failed else "", took))
        finally:
            path.write_text(text, encoding="utf-8")
        print(f"{mid:4s} {rows[-1][2]:8s} {rows[-1][3]}", file=sys.stderr, flush=True)
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=str(ROOT))
    ap.add_argument("--set", choices=["before", "after"], default="after")
    ap.add_argument("--only", default="")
    args = ap.parse_args(argv)
    root = Path(args.root).resolve()
    mutations = BEFORE if args.set == "before" else AFTER
    if args.only:
        keep = set(args.only.split(","))
        mutations = [m for m in mutations if m[0] in keep]
    rows = study(root, mutations, TESTS)
    print("| id | mutation | result | first failing test | s |")
    print("|---|---|---|---|---|")
    for mid, kind, verdict, test, took in rows:
        print(f"| {mid} | {kind} | {verdict} | {test} | {took:.0f} |")
    missed = [r for r in rows if r[2] != "caught"]
    print(f"\n{len(rows) - len(missed)} of {len(rows)} caught by unit/widget tests.")
    return 1 if missed else 0



SCATTER = "drawing.scatter_svg(np.arange(4.).reshape(1,2,2), np.arange(4.).reshape(1,1,2,2) + 1, pick=(1, 1), padding=0)"
AFTER = [
    # ---- the 13 unit-test kinds, at their new homes
    *[m for m in BEFORE if m[0] in ("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u12", "u13")],
    ("u9", "visible Y: grid_view sums one copy too many", "helpers/operations.py",
     "keep = (np.arange(n) < upto)", "keep = (np.arange(n) <= upto)",
     "operations.grid_view(np.arange(4.).reshape(1,2,2), np.ones((1,1,2,2)), upto=1).values"),
    ("u10", "visible Y: fmt rounds half down", "helpers/captions.py",
     "rounding=ROUND_HALF_UP", "rounding='ROUND_HALF_DOWN'", "drawing.fmt(0.125)"),
    ("u11", "visible Y: scatter output cell text off by one", "helpers/svg.py",
     "value = gv.values[r, c]\n", "value = gv.values[r, c] + (r == 1)\n", SCATTER),
    # ---- the 9 caught only by freshness
    ("f1", "input-panel number off by one", "helpers/svg.py",
     "small, fmt(x[c, i, j]), \"x\"", "small, fmt(x[c, i, j] + 1), \"x\"", SCATTER),
    ("f2", "tooltips pair inputs with flipped taps", "helpers/captions.py",
     "(x[c, i, j], weight[c, o, a, b]) for _, c, i, j, a, b in here]",
     "(x[c, i, j], weight[c, o, weight.shape[2] - 1 - a, weight.shape[3] - 1 - b]) for _, c, i, j, a, b in here]",
     SCATTER),
    ("f3", "pick frames mark flipped taps", "helpers/svg.py",
     "_outline(out, kx + b * small, y0 + a * small,", "_outline(out, kx + (kw - 1 - b) * small, y0 + (kh - 1 - a) * small,",
     SCATTER),
    ("f4", "cropped (grey) values off by one", "helpers/svg.py",
     "big, fmt(value), \"y cropped\"", "big, fmt(value + 1), \"y cropped\"",
     "drawing.scatter_svg(np.arange(4.).reshape(1,2,2), np.ones((1,1,2,2)), padding=1)"),
    ("f5", "equivalent_svg window shows the unflipped kernel", "helpers/svg.py",
     "×{fmt(Kf[a, b])}", "×{fmt(K[a, b])}",
     "drawing.equivalent_svg(np.arange(4.).reshape(2,2), np.arange(4.).reshape(2,2))"),
    ("f6", "matrix_svg kernel panel transposed", "helpers/svg.py",
     "marks=[fmt(v) for v in kernel.ravel()]", "marks=[fmt(v) for v in kernel.T.ravel()]",
     "widgets.MatrixExplorer(kernel_size=2).svg"),
    ("f7", "OverlapExplorer interior one cell too small", "helpers/operations.py",
     "return (lo, lo, hi - lo + 1, hi - lo + 1) if lo <= hi", "return (lo, lo, hi - lo, hi - lo) if lo <= hi",
     "widgets.OverlapExplorer(input_size=6, kernel_size=3, stride=2).svg"),
    ("f8", "MatrixExplorer tap colours shifted", "helpers/operations.py",
     "stride, padding)).astype(int) - 1", "stride, padding)).astype(int) % (kh * kw)",
     "widgets.MatrixExplorer(kernel_size=2).svg"),
    *[m for m in BEFORE if m[0] == "f9"],
    # ---- the 2 caught by nothing headless
    ("n1", "stripes include the not-yet-added copy during Play", "helpers/svg.py",
     "here = [t for t in land[r][c] if t[0] < upto]", "here = [t for t in land[r][c] if t[0] <= upto]",
     "drawing.scatter_svg(np.arange(4.).reshape(1,2,2), np.ones((1,1,2,2)), upto=1)"),
    ("n2", "ShapeExplorer verdict always says the shape comes back", "helpers/captions.py",
     "    if back == n:\n", "    if True:\n", "widgets.ShapeExplorer(size=17).svg"),
    # ---- my own
    ("o1", "readout pairs x with the transposed tap", "helpers/captions.py",
     "weight[c, o, a, b]) for c, i, j, a, b in terms]", "weight[c, o, b, a]) for c, i, j, a, b in terms]",
     "drawing.terms_text(np.arange(4.).reshape(1,2,2), np.arange(4.).reshape(1,1,2,2), 0, 1, 1, 0)"),
    ("o2", "EquivalentExplorer (b) pairs window with unflipped kernel", "helpers/captions.py",
     "direct = [(window[a, b], Kf[a, b])", "direct = [(window[a, b], K[a, b])", "widgets.EquivalentExplorer().sentence"),
    ("o3", "matrix X index grid numbered from 1", "helpers/svg.py",
     "marks[k] if marks else k,", "marks[k] if marks else k + 1,", "widgets.MatrixExplorer().svg"),
    ("o4", "overlap 1-D profile ignores padding", "helpers/widgets.py",
     "stride=(1, s), padding=(0, p))[0]", "stride=(1, s), padding=(0, 0))[0]",
     "widgets.OverlapExplorer(padding=1).svg"),
    ("o5", "ShapeExplorer family table's output_padding column off", "helpers/svg.py",
     "<td {td}>{op_}</td>", "<td {td}>{op_ + 1}</td>", "widgets.ShapeExplorer().svg"),
    ("o6", "input element colours shifted by one", "helpers/svg.py",
     "[element_color(e)] if added else [EMPTY_FILL]", "[element_color(e + 1)] if added else [EMPTY_FILL]", SCATTER),
    ("o7", "matrix sentence names the wrong input cell", "helpers/captions.py",
     'f"{fmt(C[pick, j])}·x{j}"', 'f"{fmt(C[pick, j])}·x{j + 1}"', "widgets.MatrixExplorer().sentence"),
    ("o8", "Play outline on the wrong element", "helpers/svg.py",
     "i, j = divmod(upto - 1 - c * h * w, w)", "i, j = divmod(upto - c * h * w, w)",
     "drawing.scatter_svg(np.arange(4.).reshape(1,2,2), np.ones((1,1,2,2)), upto=2)"),
    ("o9", "element letters shifted", "helpers/palette.py",
     "string.ascii_lowercase[n % 26]", "string.ascii_lowercase[(n + 1) % 26]", SCATTER),
    ("o10", "many copies drawn as thin stripes again", "helpers/palette.py",
     "if 1 <= len(elements) <= MAX_STRIPES:", "if 1 <= len(elements):",
     "drawing.scatter_svg(np.arange(9.).reshape(1,3,3), np.ones((1,1,3,3)))"),
    ("o11", "cropped numbers faint again (#888)", "helpers/palette.py",
     'CROP_TEXT = "#555555"', 'CROP_TEXT = "#888888"',
     "drawing.scatter_svg(np.arange(4.).reshape(1,2,2), np.ones((1,1,2,2)), padding=1)"),
    ("o12", "the old palette (deuteranopia ΔE 10.9)", "helpers/palette.py",
     'PALETTE = ["#77AADD", "#EE8866", "#EEDD88", "#FFAABB"', 'PALETTE = ["#8ecae6", "#ffb703", "#90be6d", "#f4978e"',
     "drawing.element_color(2)"),
    ("o13", "inserted zero coloured like element 0", "helpers/palette.py",
     'INSERTED_FILL = "#ffffff"', 'INSERTED_FILL = "#88b4e0"', "drawing.INSERTED_FILL"),
    ("o14", "landings ignore dilation on rows", "helpers/operations.py",
     "land[i * sh + a * dh][j * sw + b * dw]", "land[i * sh + a][j * sw + b * dw]",
     "operations.landings((1,2,2), (1,1,2,2), dilation=2)"),
    ("o15", "08: input and inserted cells swapped", "helpers/operations.py",
     'np.where(xd[0] == 1, "input", "inserted")', 'np.where(xd[0] == 1, "inserted", "input")',
     "operations.padded_input_kinds(2, 2, 2)"),
    ("o16", "figure: output letters name the next element", "helpers/figures.py",
     "[[[int(k) for k in np.flatnonzero(gv.lands[:, r, c] & keep)]", "[[[int(k) + 1 for k in np.flatnonzero(gv.lands[:, r, c] & keep)]",
     "[t.get_text() for t in drawing.plot_scatter(np.arange(4.).reshape(1,2,2), np.ones((1,1,2,2))).axes[-1].texts]"),
    ("o17", "readout spells out the transposed cell", "helpers/widgets.py",
     "captions.terms_text(x, w, oc, pick[0], pick[1], full.visible[pick], **args)",
     "captions.terms_text(x, w, oc, pick[1], pick[0], full.visible[pick[1], pick[0]], **args)",
     "widgets.ScatterExplorer(input_size=3, kernel_size=2).set(row=0, col=1).readout.value"),
    ("o18", "kernel panel shows the wrong out channel", "helpers/svg.py",
     "fmt(weight[c, o, a, b]), \"k\"", "fmt(weight[c, (o + 1) % weight.shape[1], a, b]), \"k\"",
     "drawing.scatter_svg(np.arange(8.).reshape(2,2,2), np.arange(16.).reshape(2,2,2,2), out_channel=0)"),
]

if __name__ == "__main__":
    sys.exit(main())
