"""torch as the oracle for what the pictures and sentences show, and readers for what they drew.

Nothing here calls ``helpers``: every expected value comes from ``torch.nn.functional`` on float64
tensors, or from structured inputs whose outputs name what happened:

* ``torch_taps``: which input element's copy lands on each cell of the full output grid, and with
  which kernel tap. Each element alone (a one-hot input, all elements as one batch) is scattered
  through a kernel whose taps hold their own number + 1, so torch's output *is* the tap number.
* ``autograd_pairs``: the same question answered by autograd for one cell (d y / d x says which input
  elements reach it, d y / d weight with a one-hot input says through which tap).
"""
from __future__ import annotations

import re
from pathlib import Path
import xml.etree.ElementTree as ET

import numpy as np
import torch
import torch.nn.functional as F
from conftest import T, tt  # noqa: F401  (tt: importers of oracle use it from here too)

NS = "{http://www.w3.org/2000/svg}"
LETTERS = "abcdefghijklmnopqrstuvwxyz"
SEED_X = np.array([[[0.0, 1.0], [2.0, 3.0]]])        # the seed post's input
SEED_K = np.array([[[[4.0, 7.0], [2.0, 2.0]]]])      # and kernel
CASES = [   # parameter combinations every picture test runs through
    dict(),
    dict(padding=1),
    dict(stride=2),
    dict(stride=2, padding=1, output_padding=1),
    dict(stride=3, output_padding=2),
    dict(dilation=2),
    dict(stride=2, dilation=2, padding=1),
]


def torch_tconv(x, w, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """conv_transpose2d of one sample (C, H, W) → NumPy (C_out, H', W')."""
    return F.conv_transpose2d(tt(x)[None], tt(w), stride=stride, padding=padding, output_padding=output_padding,
                              groups=groups, dilation=dilation)[0].numpy()


def torch_accepts(x, w, **kw):
    """Whether torch's conv_transpose2d takes one sample x (C, H, W) with weight w and these parameters."""
    try:
        F.conv_transpose2d(tt(x)[None], tt(w), **kw)
        return True
    except RuntimeError:
        return False


def torch_full_grid(x, w, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """The uncropped grid the pictures draw: torch's padding-0 output, plus the rows/cols that
    output_padding adds beyond it when it exceeds padding (visible rows run p .. p + H_out − 1)."""
    return torch_tconv(x, w, stride=stride, padding=0, output_padding=max(0, output_padding - padding),
                       groups=groups, dilation=dilation)


def torch_taps(x_shape, w_shape, out_channel=0, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """int array (n_elements, rows, cols) on the full grid of output channel ``out_channel``: the kernel
    tap number (a·kW + b) through which element e (row-major over channels, rows, cols) reaches each
    cell, −1 where its copy does not land."""
    c_in, h, w = x_shape
    _, cg_out, kh, kw = w_shape
    n = c_in * h * w
    onehots = torch.eye(n, dtype=T).reshape(n, c_in, h, w)
    numbered = (torch.arange(kh * kw, dtype=T) + 1).reshape(1, 1, kh, kw).expand(c_in, cg_out, kh, kw)
    y = F.conv_transpose2d(onehots, numbered.contiguous(), stride=stride, padding=0,
                           output_padding=max(0, output_padding - padding), groups=groups, dilation=dilation)
    return np.rint(y[:, out_channel].numpy()).astype(int) - 1


def element_index(e, x_shape):
    """(c, i, j) of element number e."""
    c_in, h, w = x_shape
    return e // (h * w), (e // w) % h, e % w


def expected_pairs(x, w, out_channel, taps, fr, fc, upto=None):
    """[(e, c, i, j, a, b, x value, kernel value)] for full-grid cell (fr, fc), in element order, from torch_taps."""
    x, w = np.asarray(x, float), np.asarray(w, float)
    o = out_channel % w.shape[1]
    kw = w.shape[3]
    out = []
    for e in np.flatnonzero(taps[:, fr, fc] >= 0):
        if upto is not None and e >= upto:
            continue
        c, i, j = element_index(e, x.shape)
        a, b = divmod(int(taps[e, fr, fc]), kw)
        out.append((int(e), c, i, j, a, b, x[c, i, j], w[c, o, a, b]))
    return out


def autograd_pairs(x, w, out_channel, row, col, **params):
    """[(x value, kernel value)] for *visible* cell (row, col), in element order, by autograd alone."""
    x, w = np.asarray(x, float), np.asarray(w, float)
    ones_x = torch.ones((1, *x.shape), dtype=T, requires_grad=True)
    F.conv_transpose2d(ones_x, torch.ones(w.shape, dtype=T), **params)[0, out_channel, row, col].backward()
    reach = ones_x.grad[0].numpy() != 0            # elements whose copy reaches the cell
    o = out_channel % w.shape[1]
    pairs = []
    for c, i, j in zip(*np.nonzero(reach)):
        onehot = torch.zeros((1, *x.shape), dtype=T)
        onehot[0, c, i, j] = 1
        wt = torch.ones(w.shape, dtype=T, requires_grad=True)
        F.conv_transpose2d(onehot, wt, **params)[0, out_channel, row, col].backward()
        (a, b), = zip(*np.nonzero(wt.grad[c, o].numpy()))
        pairs.append((x[c, i, j], w[c, o, a, b]))
    return pairs


# ---------------------------------------------------------------- reading what was drawn

def classes(el):
    return (el.get("class") or "").split()


def parse_sum(text):
    """'28 = 0·2 + 1·2' → (28.0, [(0, 2), (1, 2)]); '0 (no … reaches …)' → (0.0, [])."""
    text = text.replace("\u00a0", " ").replace("\u2212", "-").replace("(-", "-").strip()
    text = re.sub(r"(-[\d.]+)\)", r"\1", text)                 # (−999) → -999
    m = re.fullmatch(r"(-?[\d.]+)(?: [=≈] (.+?))?(?: \((?:no|the other) [^)]*\))?", text)
    assert m, f"not a sum: {text!r}"
    pairs = []
    if m[2]:
        for term in m[2].split(" + "):
            a, b = term.strip().split("·")
            pairs.append((float(a), float(b)))
    return float(m[1]), pairs


def close_pairs(got, want, tol=0.00501):
    """Two lists of (a, b) pairs agree term by term, numbers written with ≤ 2 decimals."""
    assert len(got) == len(want), f"{len(got)} terms drawn, torch has {len(want)}: {got} vs {want}"
    for (a, b), (a2, b2) in zip(got, want):
        assert abs(a - a2) <= tol and abs(b - b2) <= tol, f"term {a}·{b} drawn, torch pairs {a2}·{b2}"


def svg_cells(root, cls):
    """{(r, c): g element} for ``<g class=cls data-r data-c>`` cells (cropped ones left out)."""
    return {(int(g.get("data-r")), int(g.get("data-c"))): g for g in root.iter(NS + "g")
            if cls in classes(g) and "cropped" not in classes(g)}


def cells_grid(cells, what):
    """{(r, c): value} covering a full rectangle → 2-D array."""
    assert cells, f"no {what} cells drawn"
    h = max(r for r, _ in cells) + 1
    w = max(c for _, c in cells) + 1
    assert len(cells) == h * w, f"{what}: drawn cells do not form a {h}×{w} rectangle"
    grid = np.zeros((h, w))
    for (r, c), v in cells.items():
        grid[r, c] = v
    return grid


def group_cells(svg, cls, text_cls=None):
    """Numbers drawn in ``<g class="cls" data-r data-c>`` cells of an SVG (text or parsed root); empty text is 0."""
    root = ET.fromstring(svg) if isinstance(svg, str) else svg
    cells = {}
    for g in root.iter(NS + "g"):
        if cls not in classes(g) or "cropped" in classes(g):
            continue
        texts = [t for t in g.iter(NS + "text") if text_cls is None or text_cls in classes(t)]
        text = (texts[0].text or "").strip() if texts else ""
        cells[(int(g.get("data-r")), int(g.get("data-c")))] = float(text) if text else 0.0
    return cells


def text_of(g, cls="v"):
    ts = [t for t in g.iter(NS + "text") if cls in classes(t)]
    return ts[0].text if ts else None


def value_of(g):
    return float(text_of(g))


def stripe_fills(g):
    return [r.get("fill") for r in g.iter(NS + "rect") if "s" in classes(r)]


def tags(g):
    return [t.text for t in g.iter(NS + "text") if "tag" in classes(t)]


def cell_box(g):
    """(x, y, size) of a cell: its border rect (the one with fill="none")."""
    border = [r for r in g.iter(NS + "rect") if r.get("fill") == "none"][0]
    return float(border.get("x")), float(border.get("y")), float(border.get("width"))


CELL_CLASSES = ("x", "k", "y", "xa", "ka", "ya", "yb", "p", "kf", "m", "mt", "xi", "kk", "yi")


def frames(root, cls="pick"):
    """[(panel, ch, r, c)] of the cells that ``rect.cls`` frames sit on, found by *geometry*: the frame's
    top-left corner and size against every cell's border (ch is -1 where cells carry no channel).
    Frames wider than one cell (a window, a matrix row) are left out."""
    cells = []
    for g in root.iter(NS + "g"):
        kind = [c for c in classes(g) if c in CELL_CLASSES]
        if kind:
            x, y, size = cell_box(g)
            cells.append((x, y, size, kind[0], int(g.get("data-ch", -1)), int(g.get("data-r")), int(g.get("data-c"))))
    out = []
    for r in root.iter(NS + "rect"):
        if cls not in classes(r):
            continue
        x, y, w, h = (float(r.get(a)) for a in ("x", "y", "width", "height"))
        hits = [c[3:] for c in cells if abs(c[0] - x) < 0.6 and abs(c[1] - y) < 0.6 and abs(c[2] - w) < 0.6
                and abs(c[2] - h) < 0.6]
        if abs(w - h) < 0.6:
            assert len(hits) == 1, f"a {cls} frame at ({x}, {y}) sits on {len(hits)} cells"
            out.append(hits[0])
    return sorted(out)


def check_layout(root, cls, key=lambda g: 0):
    """Cells of one panel lie on a grid in reading order: x = x0 + c·size, y = y0 + r·size."""
    panels = {}
    for g in root.iter(NS + "g"):
        if cls in classes(g) and "cropped" not in classes(g) or (cls == "y" and "y" in classes(g)):
            x, y, size = cell_box(g)
            fr, fc = int(g.get("data-fr", g.get("data-r"))), int(g.get("data-fc", g.get("data-c")))
            panels.setdefault(key(g), []).append((fr, fc, x, y, size))
    for cells in panels.values():
        r0, c0, x0, y0, size = min(cells)
        for r, c, x, y, s in cells:
            assert abs(x - (x0 + (c - c0) * size)) < 0.6 and abs(y - (y0 + (r - r0) * size)) < 0.6, \
                f"{cls} cell ({r}, {c}) is drawn out of place"


def parse_svg(svg):
    return ET.fromstring(svg) if isinstance(svg, str) else svg


def _letter_names(longest=3):
    """Every name of one to ``longest`` lower-case letters, shortest first, then alphabetical:
    a … z, aa, ab, … zz, aaa, … (the spreadsheet-column order, listed rather than computed)."""
    import itertools
    return ["".join(t) for n in range(1, longest + 1) for t in itertools.product(LETTERS, repeat=n)]


LETTER_NAMES = _letter_names()


def letter(e):
    return LETTER_NAMES[e]


# ---------------------------------------------------------------- the scatter picture, panel by panel

MAX_STRIPES = 4   # the design: up to four copies as stripes, more as a count


def check_scatter_picture(svg, x, w, palette, stride=1, padding=0, output_padding=0, groups=1, dilation=1,
                          out_channel=0, upto=None, pick=None, empty="#ffffff", crop_text=None):
    """Every number, colour, letter, tooltip and frame of a scatter SVG against torch.

    ``upto``: how many of the copies that reach ``out_channel`` are added (with ``groups > 1`` only its
    group's input channels send it copies: their elements in order). ``palette``: the element colours in order (colour of element e is palette[e % len]); ``crop_text``:
    the colour cropped numbers must have (the contrast test checks it separately)."""
    root = parse_svg(svg)
    x, w = np.asarray(x, float), np.asarray(w, float)
    params = dict(stride=stride, padding=padding, output_padding=output_padding, groups=groups, dilation=dilation)
    c_in, h, wd = x.shape
    cg_in, cg_out = c_in // groups, w.shape[1]
    o = out_channel % cg_out
    chans = range((out_channel // cg_out) * cg_in, (out_channel // cg_out + 1) * cg_in)
    n = cg_in * h * wd                       # the copies that reach out_channel: elements first .. first + n - 1
    first = chans[0] * h * wd
    upto = n if upto is None else upto
    added = first + upto                     # element numbers below this one are added
    colour = lambda e: palette[e % len(palette)]
    # input panels: value, colour (white until added), letter
    xs = {(int(g.get("data-ch")), int(g.get("data-r")), int(g.get("data-c"))): g
          for g in root.iter(NS + "g") if "x" in classes(g)}
    assert set(xs) == {(c, i, j) for c in chans for i in range(h) for j in range(wd)}, "input panel cells"
    for (c, i, j), g in xs.items():
        e = (c * h + i) * wd + j
        assert value_of(g) == x[c, i, j], f"X[{c}][{i},{j}] drawn {text_of(g)}, x has {x[c, i, j]}"
        assert stripe_fills(g) == [colour(e) if e < added else empty], f"X[{c}][{i},{j}] colour"
        assert tags(g) == [letter(e)], f"X[{c}][{i},{j}] letter"
    ks = {(int(g.get("data-ch")), int(g.get("data-r")), int(g.get("data-c"))): g
          for g in root.iter(NS + "g") if "k" in classes(g)}
    assert set(ks) == {(c, a, b) for c in chans for a in range(w.shape[2]) for b in range(w.shape[3])}
    for (c, a, b), g in ks.items():
        assert value_of(g) == w[c, o, a, b], f"K[{c},{o}][{a},{b}] drawn {text_of(g)}, weight has {w[c, o, a, b]}"
    # output grid: every cell, visible or cropped
    mask = (np.arange(x.size) < added).reshape(x.shape)
    full = torch_full_grid(x * mask, w, **params)[out_channel]
    final = torch_full_grid(x, w, **params)[out_channel]
    y = torch_tconv(x, w, **params)[out_channel]
    taps = torch_taps(x.shape, w.shape, out_channel, **params)
    ys = [g for g in root.iter(NS + "g") if "y" in classes(g)]
    assert len(ys) == full.size, f"{len(ys)} output cells drawn, the full grid has {full.size}"
    seen = set()
    for g in ys:
        fr, fc = int(g.get("data-fr")), int(g.get("data-fc"))
        seen.add((fr, fc))
        assert abs(value_of(g) - full[fr, fc]) <= 0.00501, f"cell {fr},{fc} drawn {text_of(g)}, torch {full[fr, fc]}"
        vr, vc = fr - padding, fc - padding
        visible = 0 <= vr < y.shape[0] and 0 <= vc < y.shape[1]
        assert ("cropped" in classes(g)) != visible, f"cell {fr},{fc}: cropped mark"
        assert (int(g.get("data-r")), int(g.get("data-c"))) == ((vr, vc) if visible else (-1, -1))
        want = expected_pairs(x, w, out_channel, taps, fr, fc, added)
        assert g.get("data-from") == " ".join(str(t[0]) for t in want), f"cell {fr},{fc}: copies listed"
        tip = g.find(NS + "title").text
        if visible:
            if 1 <= len(want) <= MAX_STRIPES:
                assert stripe_fills(g) == [colour(t[0]) for t in want], f"cell {fr},{fc}: stripes"
                assert tags(g) == [letter(t[0]) for t in want], f"cell {fr},{fc}: letters"
            else:
                assert stripe_fills(g) == [empty] and tags(g) == []
                cnt = text_of(g, "cnt")
                assert (cnt == f"×{len(want)}") if want else cnt is None, f"cell {fr},{fc}: count {cnt}"
            m = re.fullmatch(r"Y\[(\d+),(\d+)\] = (.*)", tip)
            assert m and (int(m[1]), int(m[2])) == (vr, vc), tip
            if upto == n:
                value, pairs = parse_sum(m[3])
                assert abs(value - final[fr, fc]) <= 0.00501
                close_pairs(pairs, [(t[6], t[7]) for t in expected_pairs(x, w, out_channel, taps, fr, fc)])
            else:
                assert abs(float(m[3]) - full[fr, fc]) <= 0.00501
        else:
            assert "removed by padding" in tip
            if crop_text is not None:
                assert [t.get("fill") for t in g.iter(NS + "text") if "v" in classes(t)] == [crop_text]
    assert len(seen) == full.size
    for cls in ("x", "k"):
        check_layout(root, cls, key=lambda g: g.get("data-ch"))
    check_layout(root, "y")
    # frames: the picked cell, the elements and taps that meet there
    if pick is not None:
        meet = expected_pairs(x, w, out_channel, taps, pick[0] + padding, pick[1] + padding)
        want = sorted([("x", c, i, j) for _, c, i, j, _, _, _, _ in meet] + [("k", c, a, b) for _, c, _, _, a, b, _, _
                                                                                in meet] + [("y", -1, *pick)])
        assert frames(root) == want, f"pick frames {frames(root)} != torch's {want}"
    else:
        assert frames(root) == []
    newest = element_index(added - 1, x.shape) if 1 <= upto < n else None
    dashed = [tuple(float(r.get(a)) for a in ("x", "y", "width", "height")) for r in root.iter(NS + "rect")
              if "current-copy" in classes(r)]
    if newest is not None and (taps[added - 1] >= 0).any():
        rr, cc = np.nonzero(taps[added - 1] >= 0)
        corner = [g for g in ys if (int(g.get("data-fr")), int(g.get("data-fc"))) == (rr.min(), cc.min())][0]
        x0, y0, size = cell_box(corner)
        want = (x0, y0, (cc.max() - cc.min() + 1) * size, (rr.max() - rr.min() + 1) * size)
        assert len(dashed) == 1 and np.allclose(dashed[0], want, atol=0.6), "the newest copy's footprint is outlined"
    else:
        assert dashed == []
    if newest is not None and newest[0] in chans:
        assert frames(root, "current") == [("x", *newest)], "the newest copy's input element is outlined"
    else:
        assert frames(root, "current") == []
    return root


# ---------------------------------------------------------------- 10's upsampling, by torch

def d2l_bilinear_kernel(k):
    """D2L's bilinear_kernel (chapter_computer-vision/fcn), written out independently."""
    factor = (k + 1) // 2
    center = factor - 1 if k % 2 == 1 else factor - 0.5
    og = (torch.arange(k, dtype=T).reshape(-1, 1), torch.arange(k, dtype=T).reshape(1, -1))
    return (1 - torch.abs(og[0] - center) / factor) * (1 - torch.abs(og[1] - center) / factor)


@torch.no_grad()
def torch_upsample(img, f, method):
    """10's three upsamplings of ``img`` by ``f``, computed by torch (float64) as operations.upsample_image documents them."""
    x = tt(img)[None, None]
    if method == "bilinear":
        k = 2 * f - f % 2           # FCN's kernel size; (64 − 1)·f − 2p + k = 64·f needs p = (k − f) / 2
        return F.conv_transpose2d(x, d2l_bilinear_kernel(k)[None, None], stride=f, padding=(k - f) // 2)[0, 0]
    K = torch.tensor(np.random.default_rng(0).uniform(0.0, 1.0, (3, 3)), dtype=T)   # the documented recipe
    if method == "random":
        # 3×3 kernel scaled to sum f²; (64 − 1)·f − 2p + 3 + op = 64·f with 0 ≤ op < f
        p, op = {1: (1, 0), 2: (1, 1), 3: (0, 0), 4: (0, 1)}[f]
        return F.conv_transpose2d(x, (K * f * f / K.sum())[None, None], stride=f, padding=p, output_padding=op)[0, 0]
    big = F.interpolate(x, scale_factor=f, mode="nearest")
    return F.conv2d(big, (K / K.sum())[None, None], padding=1)[0, 0]


# ---------------------------------------------------------------- the lessons' explorers, built from the notebooks

#: notebook → the cells that define the numbers its ScatterExplorer cells start from (found by a line they hold)
LESSON_CELLS = {
    "04_multi_channel.ipynb": ("k = k.reshape(2, 1, 2, 2)", "w2 = torch.zeros(2, 2, 2, 2)"),
    "06_output_padding_dilation_groups.ipynb": ("Xd, Kd = ", "X2 = torch.tensor("),
}


def lesson_explorers(notebook, edition=""):
    """Run a notebook's import cell, the cells of ``LESSON_CELLS[notebook]`` and its ``ScatterExplorer(`` cells
    in one namespace, the way the notebook runs them. Returns (the explorers in cell order, the namespace
    holding the lesson's tensors). ``edition``: "" (English) or "zh"; the helpers' language is English again
    afterwards (the explorers draw in it at their next move)."""
    import ast
    import contextlib
    import io

    import nbformat

    from helpers import i18n
    language = i18n.get_language()
    path = Path(__file__).resolve().parents[1] / "notebooks" / edition / notebook
    code = [c.source for c in nbformat.read(path, 4).cells if c.cell_type == "code"]
    imports = next(s for s in code if "from helpers.explorers.scatter import ScatterExplorer" in s)
    lessons = [next(s for s in code if anchor in s) for anchor in LESSON_CELLS[notebook]]
    explorer_cells = [s for s in code if s.startswith("ScatterExplorer(")]
    ns, explorers = {}, []
    with contextlib.redirect_stdout(io.StringIO()):
        for source in [imports, *lessons]:
            exec(compile(source, str(path), "exec"), ns)
    for source in explorer_cells:
        tree = ast.parse(source)
        assert isinstance(tree.body[-1], ast.Expr), source
        explorers.append(eval(compile(ast.Expression(tree.body[-1].value), str(path), "eval"), ns))
    i18n.set_language(language)
    return explorers, ns
