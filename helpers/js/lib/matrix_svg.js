// 07_matrix_view's pictures, shared by views/matrix.js and views/matrix_step.js: ports of svg._index_grid,
// svg._value_grid, svg._grid_lines, svg.matrix_svg and svg.matrix_step_svg, byte for byte.
// Python's numbers are ints or floats; where a float's repr reaches the text (a path's `d`), the
// coordinate travels with a flag saying whether Python holds it as a float ("200.0", not "200").

import { tr, fmt, el, cell, outline, label, textW, caption, svgDoc, tapColor } from "../core.js";

/** svg.MATRIX_FONT: every heading, index, tag and caption of 07's pictures (≥ 18 px in the slideshow). */
const MATRIX_FONT = 20;

/** str(v) of a Python int, or repr(v) of a Python float when `isFloat`. */
function matrixRepr(v, isFloat) {
  if (!isFloat) return String(v);
  return Number.isInteger(v) ? `${v}.0` : String(v);
}

/** Python's max(a, b) for numbers that may be floats: {v, f} (b only when strictly larger). */
function matrixMax(a, b) {
  return b.v > a.v ? b : a;
}

function matrixClip(v, lo, hi) {
  return Math.trunc(Math.min(hi, Math.max(lo, v)));
}

/** svg._grid_lines(x0, y0, rows, cols, cell_size, colour, width); x0 may be a Python float (`x0Float`). */
function matrixGridLines(x0, x0Float, y0, rows, cols, size, colour = "#999", width = 0.8) {
  let d = "";
  for (let r = 0; r <= rows; r++) d += `M${matrixRepr(x0, x0Float)},${y0 + r * size}h${cols * size}`;
  for (let c = 0; c <= cols; c++) d += `M${matrixRepr(x0 + c * size, x0Float)},${y0}v${rows * size}`;
  return el("path", null, { d, stroke: colour, stroke_width: width, fill: "none" });
}

/** svg._index_grid; returns the width used as {v, f} (f: a Python float). */
function matrixIndexGrid(ctx, out, x0, y0, rows, cols, size, fills, cls, text, marks = null, pick = null, o = {}) {
  const font = o.font || matrixClip(size * 0.42, 12, 18);
  const labelFont = o.label_font || 15;
  label(out, x0, y0 - 8, text, labelFont);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const k = r * cols + c;
      out.push(cell(ctx, x0 + c * size, y0 + r * size, size, marks ? marks[k] : k, cls, r, c,
        { fills: [k in fills ? fills[k] : ctx.EMPTY_FILL], font, data: { i: k } }));
    }
  }
  if (pick !== null) {
    const r = Math.floor(pick / cols), c = pick % cols;
    outline(out, x0 + c * size, y0 + r * size, size, size, ctx.PICK, 4, null, "pick");
  }
  return matrixMax({ v: cols * size, f: false }, { v: textW(text, labelFont), f: true });
}

/** svg._value_grid (values: rows of numbers, NaN = not computed yet, drawn blank); returns {v, f}. */
function matrixValueGrid(ctx, out, x0, y0, values, size, cls, text, tags, fills = {}, frames = [], o = {}) {
  const rows = values.length, cols = values[0].length;
  const font = o.font || matrixClip(size * 0.42, 12, 18);
  const labelFont = o.label_font || 15;
  label(out, x0, y0 - 8, text, labelFont);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const k = r * cols + c;
      const v = values[r][c];
      out.push(cell(ctx, x0 + c * size, y0 + r * size, size, Number.isNaN(v) ? "" : fmt(v), cls, r, c,
        { fills: [k in fills ? fills[k] : ctx.EMPTY_FILL], font, labels: [`${tags}${k}`], data: { i: k }, tag_font: o.tag_font }));
    }
  }
  for (const k of frames) {
    const r = Math.floor(k / cols), c = k % cols;
    outline(out, x0 + c * size, y0 + r * size, size, size, ctx.PICK, 4, null, "pick", { r, c });
  }
  return matrixMax({ v: cols * size, f: false }, { v: textW(text, labelFont), f: true });
}

/** svg.matrix_svg(C, taps, (n, n), (m, m), K, pick, caption): C beside Cᵀ, X, K and Y on top. */
export function matrixSvg(ctx, C, taps, inputShape, outputShape, kernel, pick, captionText, maxWidth = 720) {
  const t = (id, f) => tr(ctx.texts, id, f);
  const M = C.length, N = C[0].length;
  const f = MATRIX_FONT;
  const margin = 16, lab = 30, gap = 40;
  const out = [];
  const y = 38;
  // a left column: X, K and Y one under the other (every text at MATRIX_FONT: issue 19)
  const s1 = 40;
  const [h, w] = inputShape, [ho, wo] = outputShape;
  const xfills = {};
  if (pick !== null) C[pick].forEach((v, j) => { if (v !== 0) xfills[j] = tapColor(ctx, taps[pick][j]); });
  const grid = { font: f, label_font: f };
  let y0 = y;
  const widths = [matrixIndexGrid(ctx, out, margin, y0, h, w, s1, xfills, "xi", t("svg.matrix_x_title"), null, null, grid).v];
  y0 += h * s1 + 46;
  const kh = kernel.length, kw = kernel[0].length;
  const kf = {};
  for (let k = 0; k < kh * kw; k++) kf[k] = tapColor(ctx, k);
  widths.push(matrixIndexGrid(ctx, out, margin, y0, kh, kw, s1, kf, "kk", "K", kernel.flat().map((v) => fmt(v)), null, grid).v);
  y0 += kh * s1 + 46;
  const yfills = pick !== null ? { [pick]: "#fde2e2" } : {};
  widths.push(matrixIndexGrid(ctx, out, margin, y0, ho, wo, s1, yfills, "yi", t("svg.matrix_y_title"), null, pick, grid).v);
  const leftW = Math.ceil(Math.max(...widths)) + gap;
  const leftH = y0 + ho * s1;
  const m = matrixClip((maxWidth - leftW - 2 * margin - 2 * lab - gap) / (N + M), 14, 40);
  const mfont = matrixClip(m * 0.9, 9, 22);
  const ifont = matrixClip(m * 0.9, 8, f);
  const cx = margin + leftW + lab, cy = y + lab;
  const cTitle = t("svg.matrix_c_title", { M, N });
  const tx = Math.trunc(Math.max(cx + N * m + gap + lab, Math.ceil(cx + textW(cTitle, f) + 24)));
  const ctTitle = `Cᵀ (${N}×${M})`;
  label(out, cx, y - 8, cTitle, f);
  label(out, tx, y - 8, ctTitle, f);
  const width = Math.max(tx + M * m + margin, tx + textW(ctTitle, f) + margin, 560);
  for (let j = 0; j < N; j++) {
    out.push(el("text", j, { class_: "idx", x: cx + (j + 0.5) * m, y: cy - lab / 2, font_size: ifont }));
    out.push(el("text", j, { class_: "idx", x: tx - lab / 2, y: cy + (j + 0.5) * m, font_size: ifont }));
  }
  for (let i = 0; i < M; i++) {
    out.push(el("text", i, { class_: "idx", x: cx - lab / 2, y: cy + (i + 0.5) * m, font_size: ifont }));
    out.push(el("text", i, { class_: "idx", x: tx + (i + 0.5) * m, y: cy - lab / 2, font_size: ifont }));
  }
  out.push(matrixGridLines(cx, false, cy, M, N, m, "#d0d0d0", 1));
  out.push(matrixGridLines(tx, false, cy, N, M, m, "#d0d0d0", 1));
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      if (C[i][j] === 0) continue;
      const fill = taps[i][j] >= 0 ? tapColor(ctx, taps[i][j]) : "#eeeeee";
      for (const [cls, r, c, x_, y_] of [["m", i, j, cx + j * m, cy + i * m], ["mt", j, i, tx + i * m, cy + j * m]]) {
        out.push(cell(ctx, x_, y_, m, fmt(C[i][j]), cls, r, c, { fills: [fill], font: mfont, data: { tap: taps[i][j] } }));
      }
    }
  }
  for (const [x_, w_, h_] of [[cx, N, M], [tx, M, N]]) {
    out.push(el("rect", null, { x: x_, y: cy, width: w_ * m, height: h_ * m, fill: "none", stroke: "#333", stroke_width: 2 }));
  }
  if (pick !== null) {
    outline(out, cx - 2, cy + pick * m, N * m + 4, m, ctx.PICK, 4, null, "pick");
    outline(out, tx + pick * m, cy - 2, m, N * m + 4, ctx.PICK, 4, null, "pick");
  }
  let height = Math.max(cy + Math.max(M, N) * m, leftH) + 12;
  if (captionText) height = caption(out, margin, height, captionText, width - 2 * margin, f);
  return svgDoc(ctx, "tconv-matrix", width, height + 8, out);
}

/** svg.matrix_step_svg(C, x, step, taps, (n, n), (m, m), K, caption, titles): row step.row of C times vec(X)
 *  (or of Cᵀ times vec(Y), with the `titles` of that product: {x, y, vec, c, out, x_tag, y_tag}). */
export function matrixStepSvg(ctx, C, x, step, taps, inputShape, outputShape, kernel, captionText, maxWidth = 690,
  titles = null) {
  const t = (id, f) => tr(ctx.texts, id, f);
  const M = C.length, N = C[0].length;
  const [h] = inputShape, [ho, wo] = outputShape;
  const i = step.row;
  const f = MATRIX_FONT;
  const margin = 16, lab = 30, gap = 30;
  const out = [];
  // left column: X, K and Y so far one under the other; right: vec(X)ᵀ, C and vec(Y). Every text at
  // MATRIX_FONT units: the picture is about as wide as tall, so the slideshow draws it at scale ≥ 0.9
  // 54-unit cells for the slides' sizes (up to 3×3); bigger grids leave C its room
  const big = Math.max(h, ho, kernel.length) > 3;
  const s1 = big ? 42 : 54;
  let y = 38;
  const gfont = big ? 18 : 22, tfont = big ? 14 : f;
  const xfills = {};
  for (const j of step.cols) xfills[j] = tapColor(ctx, taps[i][j]);
  const names = titles || {
    x: t("svg.step_x_title"), y: t("svg.step_y_title"), vec: t("svg.step_vec_title", { last: N - 1 }),
    c: t("svg.step_c_title", { M, N }), out: "vec(Y)", x_tag: "x", y_tag: "y",
  };
  const grid = { font: gfont, label_font: f, tag_font: tfont };
  const xW = matrixValueGrid(ctx, out, margin, y, x, s1, "xs", names.x, names.x_tag, xfills, step.cols, grid);
  const ky = y + h * s1 + 46;
  const kf = {};
  const kh = kernel.length, kw = kernel[0].length;
  for (let k = 0; k < kh * kw; k++) kf[k] = tapColor(ctx, k);
  const kW = matrixValueGrid(ctx, out, margin, ky, kernel, s1, "kk", "K", "k", kf, [], grid);
  const yy = ky + kh * s1 + 46;
  const yfills = {};
  for (let k = 0; k < i; k++) yfills[k] = ctx.DONE_FILL;
  const soFar = Array.from({ length: ho }, (_, r) => step.soFar.slice(r * wo, (r + 1) * wo));
  const yW = matrixValueGrid(ctx, out, margin, yy, soFar, s1, "ys", names.y, names.y_tag, yfills, [i], grid);
  const leftW = Math.ceil(Math.max(xW.v, kW.v, yW.v));
  const leftH = yy + ho * s1;
  const bx = margin + leftW + gap;
  const m = matrixClip((maxWidth - bx - margin - lab - gap) / (N + 1), 16, 40);
  const mfont = matrixClip(m * 0.65, 10, 22);
  const ifont = matrixClip(m * 0.65, 10, f);
  const cx = bx + lab;
  let width = cx + margin;
  const vecTitle = names.vec;
  label(out, cx, y - 8, vecTitle, f);
  for (let j = 0; j < N; j++) {
    out.push(el("text", j, { class_: "idx", x: cx + (j + 0.5) * m, y: y + ifont * 0.6, font_size: ifont }));
  }
  y += ifont + 10;
  const xv = x.flat();
  for (let j = 0; j < N; j++) {
    out.push(cell(ctx, cx + j * m, y, m, fmt(xv[j]), "xv", 0, j, { fills: [j in xfills ? xfills[j] : ctx.EMPTY_FILL], font: mfont }));
  }
  for (const j of step.cols) outline(out, cx + j * m, y, m, m, ctx.PICK, 3, null, "pick", { panel: "xv", c: j });
  const cy = y + m + 40;
  const cRowTitle = names.c;
  // the output column right of C's heading, not over it (a narrow C: Cᵀ with few columns, or a 2×2 X)
  const yx = Math.max(cx + N * m + gap, Math.trunc(cx + textW(cRowTitle, f) + 16));
  label(out, cx, cy - 10, cRowTitle, f);
  label(out, yx, cy - 10, names.out, f);
  // the heading over the output column is wider than the column: room for both
  width = Math.max(width, yx + Math.max(m, textW(names.out, f)) + margin, cx + textW(cRowTitle, f) + margin,
    cx + textW(vecTitle, f) + margin);
  for (let r = 0; r < M; r++) {
    out.push(el("text", r, { class_: "idx", x: cx - lab / 2, y: cy + (r + 0.5) * m, font_size: ifont }));
  }
  out.push(matrixGridLines(cx, false, cy, M, N, m, "#d0d0d0", 1));
  for (let r = 0; r < M; r++) {
    for (let j = 0; j < N; j++) {
      if (C[r][j] === 0) continue;
      out.push(cell(ctx, cx + j * m, cy + r * m, m, fmt(C[r][j]), "m", r, j,
        { fills: [tapColor(ctx, taps[r][j])], font: mfont, data: { tap: taps[r][j] } }));
    }
  }
  out.push(el("rect", null, { x: cx, y: cy, width: N * m, height: M * m, fill: "none", stroke: "#333", stroke_width: 2 }));
  const yfont = mfont;
  for (let r = 0; r < M; r++) {
    const v = step.soFar[r];
    out.push(cell(ctx, yx, cy + r * m, m, Number.isNaN(v) ? "" : fmt(v), "yv", r, 0,
      { fills: [r < i ? ctx.DONE_FILL : ctx.EMPTY_FILL], font: yfont }));
  }
  out.push(el("text", "=", { x: (cx + N * m + yx) / 2, y: cy + (i + 0.5) * m, font_size: 20, font_weight: "bold", fill: ctx.PICK }));
  outline(out, cx - 2, cy + i * m, N * m + 4, m, ctx.PICK, 4, null, "row", { r: i });
  outline(out, yx, cy + i * m, m, m, ctx.PICK, 4, null, "current", { r: i, value: fmt(step.value) });
  let height = Math.max(cy + M * m, leftH) + 12;
  if (captionText) height = caption(out, margin, height, captionText, width - 2 * margin, f);
  return svgDoc(ctx, "tconv-matrix tconv-matrix-step", width, height + 8, out);
}
