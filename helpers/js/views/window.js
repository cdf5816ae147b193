// 08_equivalent_convolution's SlidingWindowExplorer in the browser: the flipped kernel's window slides over
// the zero-inserted, padded input one output cell at a time (helpers/widgets.py: _WindowControls and
// SlidingWindowExplorer; helpers/operations.py: equivalent_conv, padded_input_kinds, contributing_terms;
// helpers/stepping.py: window_step; helpers/captions.py: window_step_sentence; helpers/svg.py: equivalent_svg).

import { exampleInput, exampleKernel, tr, fmt, cell, el, outline, label, textW, caption, svgDoc, elementColor, elementLabel, transposeSize, maxTransposePadding, pyRound, textwrap, wrapWide } from "../core.js";

// ---------------------------------------------------------------- the numbers (operations, stepping)

/** operations.equivalent_conv and padded_input_kinds for one channel, padding ≤ k − 1 (every pad ≥ 0):
 * {padded, kinds, flipped, y}: the zero-inserted input with k − 1 − p zeros around it (+ op at the
 * bottom/right), what each of its cells is, the flipped kernel, and the direct convolution of the two. */
function equivalentConv(x, K, s, p, op) {
  const n = x.length, k = K.length;
  const inner = (n - 1) * s + 1;
  const t = k - 1 - p;                                   // top/left pad; bottom/right: t + op
  const size = inner + 2 * t + op;
  const padded = [], kinds = [];
  for (let r = 0; r < size; r++) {
    const row = [], kind = [];
    for (let c = 0; c < size; c++) {
      const i = r - t, j = c - t;
      if (i < 0 || j < 0 || i >= inner || j >= inner) { row.push(0); kind.push("padding"); }
      else if (i % s || j % s) { row.push(0); kind.push("inserted"); }
      else { row.push(x[i / s][j / s]); kind.push("input"); }
    }
    padded.push(row);
    kinds.push(kind);
  }
  const flipped = K.map((_, a) => K[k - 1 - a].slice().reverse());
  const out = size - k + 1;
  const y = [];
  for (let r = 0; r < out; r++) {
    const row = [];
    for (let c = 0; c < out; c++) {
      let v = 0;
      for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) v += padded[r + a][c + b] * flipped[a][b];
      row.push(v);
    }
    y.push(row);
  }
  return { padded, kinds, flipped, y };
}

/** operations.conv_transpose2d for one channel, dilation 1: every input element's kernel copy added into
 * the full grid, then padding cropped from each side (output_padding rows/cols added at the bottom/right). */
function convTranspose(x, K, s, p, op) {
  const n = x.length, k = K.length;
  const full = (n - 1) * s + k + op;
  const grid = Array.from({ length: full }, () => new Array(full).fill(0));
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) grid[i * s + a][j * s + b] += x[i][j] * K[a][b];
  }
  const out = full - 2 * p;
  return grid.slice(p, p + out).map((row) => row.slice(p, p + out));
}

/** operations.contributing_terms (one channel, groups 1, dilation 1): [i, j, a, b] for every input
 * element x[i, j] whose copy of tap K[a, b] lands on output cell (row, col), ordered by (i, j). */
function contributingTerms(n, k, s, p, row, col) {
  const terms = [];
  for (let i = 0; i < n; i++) {
    const a = row + p - i * s;
    if (a < 0 || a >= k) continue;
    for (let j = 0; j < n; j++) {
      const b = col + p - j * s;
      if (b < 0 || b >= k) continue;
      terms.push([i, j, a, b]);
    }
  }
  return terms;
}

/** stepping.window_step: the window at row-major output cell `position`. */
function windowStep(eq, position) {
  const { padded, kinds, flipped, y } = eq;
  const wo = y[0].length, k = flipped.length;
  const r = Math.floor(position / wo), c = position % wo;
  const window = [], products = [];
  let value = 0;
  for (let a = 0; a < k; a++) {
    window.push(padded[r + a].slice(c, c + k));
    products.push(window[a].map((v, b) => v * flipped[a][b]));
  }
  for (const row of products) for (const v of row) value += v;
  return { r, c, padded, kinds, flipped, window, products, value, done: position + 1 };
}

/** captions.window_step_sentence */
function windowSentence(texts, step) {
  const total = (step.padded.length - step.flipped.length + 1) * (step.padded[0].length - step.flipped[0].length + 1);
  const kh = step.flipped.length, kw = step.flipped[0].length;
  const pairs = [];
  for (let a = 0; a < kh; a++) for (let b = 0; b < kw; b++) {
    if (step.kinds[step.r + a][step.c + b] === "input") pairs.push([step.window[a][b], step.flipped[a][b]]);
  }
  const zeros = kh * kw - pairs.length;
  const text = pairs.length ? pairs.map(([a, b]) => `${fmt(a)}·${fmt(b)}`).join(" + ") : tr(texts, "captions.window_step_empty");
  const f = { done: step.done, total, r: step.r, c: step.c, text, value: fmt(step.value), zeros };
  if (!zeros) return tr(texts, "captions.window_step", f);
  return tr(texts, zeros === 1 ? "captions.window_step_zeros_one" : "captions.window_step_zeros_many", f);
}

// ---------------------------------------------------------------- the picture (svg.equivalent_svg)

const clip = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
const WIDE = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/;

/** svg._title_lines: a bold title's lines at most `width` px wide. */
function titleLines(text, width, font) {
  const lines = WIDE.test(text) ? wrapWide(text, width, font) : textwrap(text, Math.max(8, Math.trunc(width / (font * 0.62))));
  return lines.length ? lines : [""];
}

/** svg._title: the lines as labels, the last one's baseline at y. */
function title(out, x, y, lines, font) {
  const step = pyRound(font * 1.2);
  lines.forEach((line, n) => label(out, x, y - step * (lines.length - 1 - n), line, font));
}

function equivalentSvg(ctx, x, K, s, p, op, eq, pick, captionText, done, maxWidth = 980) {
  const t = (id, f) => tr(ctx.texts, id, f);
  const { padded: P, kinds, flipped: Kf, y: Y } = eq;
  const Yt = convTranspose(x, K, s, p, op);
  for (let r = 0; r < Y.length; r++) for (let c = 0; c < Y.length; c++) {
    if (Math.abs(Y[r][c] - Yt[r][c]) > 1e-8 + 1e-5 * Math.abs(Yt[r][c])) throw new Error(t("svg.equivalent_internal"));
  }
  const h = x.length, w = x[0].length, kh = K.length, kw = K[0].length, ho = Y.length, wo = Y[0].length;
  const Ph = P.length, Pw = P[0].length;
  const [pr, pc] = pick;
  // which input element sits in each "input" cell of the padded input (row-major, as in X)
  const elem = kinds.map((row) => row.map(() => -1));
  let next = 0;
  for (let r = 0; r < Ph; r++) for (let c = 0; c < Pw; c++) if (kinds[r][c] === "input") elem[r][c] = next++;
  const colsA = Math.max(w + kw + 1, wo);
  const margin = 16, gap = 48;
  const wide = (colsA + Pw + 1 + Math.max(kw, wo)) * 40 <= maxWidth - 2 * margin - gap;
  const colsB = wide ? Pw + 1 + Math.max(kw, wo) : Math.max(Pw, kw + 1 + wo);
  const cs = Math.trunc(clip((maxWidth - 2 * margin - gap) / (colsA + colsB), 24, 48));
  // numbers, tap labels and every text 0.46 of a cell; titles wrap to their panel's width (svg.py)
  const font = Math.trunc(clip(cs * 0.46, 12, 22));
  const tf = Math.trunc(clip(cs * 0.46, 15, 22));
  const step = pyRound(tf * 1.2);
  const ax0 = margin;
  const bx0 = margin + colsA * cs + gap;
  // svg.py measures the longest (b) label it expects, a fixed 31-character English text, in every language
  let width = Math.max(bx0 + colsB * cs + margin, bx0 + textW("#".repeat(31), 15) + margin);
  const out = [el("text", t("svg.equivalent_a_title"), { class_: "lbl", x: ax0, y: 26, font_size: Math.max(17, tf) }),
    el("text", t("svg.equivalent_b_title"), { class_: "lbl", x: bx0, y: 26, font_size: Math.max(17, tf) })];
  const pTitle = titleLines(t("svg.equivalent_x_padded", { h: Ph, w: Pw }), (wide ? (Pw + 1) * cs : colsB * cs) - 16, tf);
  const top = 64 + step * (pTitle.length - 1);

  function grid(x0, y0, values, cls, fills = null, labels = null, patterns = null, data = null, shown = null, textY = null) {
    values.forEach((row, r) => row.forEach((v, c) => {
      out.push(cell(ctx, x0 + c * cs, y0 + r * cs, cs, shown === null || shown[r][c] ? fmt(v) : "", cls, r, c, {
        fills: fills ? [fills[r][c]] : [ctx.EMPTY_FILL], font,
        labels: labels && labels[r][c] ? [labels[r][c]] : [],
        pattern: patterns ? patterns[r][c] : null,
        data: data ? { kind: data[r][c] } : null, text_y: textY,
      }));
    }));
  }

  // (a) X, K, then Y
  const terms = contributingTerms(h, kh, s, p, pr, pc);
  label(out, ax0, top - 8, "X", tf);
  grid(ax0, top, x, "xa", x.map((row, i) => row.map((_, j) => elementColor(ctx, i * w + j))),
    x.map((row, i) => row.map((_, j) => elementLabel(i * w + j))));
  const kx = ax0 + (w + 1) * cs;
  label(out, kx, top - 8, "K", tf);
  grid(kx, top, K, "ka");
  for (const [i, j, a, b] of terms) {
    outline(out, ax0 + j * cs, top + i * cs, cs, cs, ctx.PICK, 3, null, "pick", { panel: "xa", r: i, c: j });
    outline(out, kx + b * cs, top + a * cs, cs, cs, ctx.PICK, 3, null, "pick", { panel: "ka", r: a, c: b });
  }
  const yaTitle = titleLines(t("svg.equivalent_y_scatter", { h: ho, w: wo }), colsA * cs + gap - 16, tf);
  const ya = top + Math.max(h, kh) * cs + 40 + step * (yaTitle.length - 1);
  title(out, ax0, ya - 8, yaTitle, tf);
  grid(ax0, ya, Yt, "ya");
  outline(out, ax0 + pc * cs, ya + pr * cs, cs, cs, ctx.PICK, 4, null, "pick", { panel: "ya", r: pr, c: pc });
  const bottomA = ya + ho * cs;
  // (b) padded, zero-inserted input with the flipped kernel in the window
  title(out, bx0, top - 8, pTitle, tf);
  const fills = kinds.map((row, r) => row.map((kind, c) => (kind === "input" ? elementColor(ctx, elem[r][c])
    : kind === "inserted" ? ctx.INSERTED_FILL : ctx.PADDING_FILL)));
  const labels = kinds.map((row, r) => row.map((kind, c) => (kind === "input" ? elementLabel(elem[r][c]) : "")));
  const patterns = kinds.map((row) => row.map((kind) => ({ inserted: "dots", padding: "hatch" })[kind] || null));
  // the number a little above the middle: the flipped kernel's tap goes under it, bottom right
  grid(bx0, top, P, "p", fills, labels, patterns, kinds, null, pyRound(cs * 0.42, 1));
  const kfont = Math.trunc(clip(cs * 0.46, 10, 22));
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      const xx = bx0 + (pc + b) * cs, yy = top + (pr + a) * cs;
      out.push(el("text", `×${fmt(Kf[a][b])}`, { class_: "kf", data_r: a, data_c: b, x: xx + cs - 3,
        y: yy + cs - kfont * 0.45, font_size: kfont, fill: ctx.PICK, font_weight: "bold", style: "text-anchor:end" }));
    }
  }
  outline(out, bx0 + pc * cs, top + pr * cs, kw * cs, kh * cs, ctx.PICK, 4, null, "window");
  const ybTitle = titleLines(t("svg.equivalent_y_windows"), Math.max(kw, wo) * cs + margin - 4, tf);
  let kx_, ky_, yx, yb;
  if (wide) {
    kx_ = bx0 + (Pw + 1) * cs; ky_ = top;
    yx = kx_; yb = top + kh * cs + 40 + step * (ybTitle.length - 1);
  } else {
    kx_ = bx0; ky_ = top + Ph * cs + 40 + step * (ybTitle.length - 1);
    yx = bx0 + (kw + 1) * cs; yb = ky_;
  }
  width = Math.max(width, yx + textW(t("svg.equivalent_y_windows"), 15) + margin);
  label(out, kx_, ky_ - 8, t("svg.equivalent_k_flipped"), tf);
  grid(kx_, ky_, Kf, "kf");
  title(out, yx, yb - 8, ybTitle, tf);
  if (done === null) grid(yx, yb, Y, "yb");
  else {
    const isDone = (r, c) => r * wo + c < done - 1;
    grid(yx, yb, Y, "yb", Y.map((row, r) => row.map((_, c) => (isDone(r, c) ? ctx.DONE_FILL : ctx.EMPTY_FILL))), null, null,
      Y.map((row, r) => row.map((_, c) => (isDone(r, c) ? "done" : "todo"))),
      Y.map((row, r) => row.map((_, c) => r * wo + c < done)));   // the sums so far: later cells stay empty
  }
  outline(out, yx + pc * cs, yb + pr * cs, cs, cs, ctx.PICK, 4, null, "pick", { panel: "yb", r: pr, c: pc });
  // the legend under both parts, from the left edge (its lines are long at this size)
  let ly = Math.max(top + Ph * cs, yb + ho * cs, ky_ + kh * cs, bottomA) + 18;
  const sw = tf;
  for (const [fill, text, pattern] of [[elementColor(ctx, 0), t("svg.legend_input"), null],
    [ctx.INSERTED_FILL, t("svg.legend_inserted", { n: s - 1 }), "dots"],
    [ctx.PADDING_FILL, t("svg.legend_padding"), "hatch"]]) {
    out.push(el("rect", null, { x: ax0, y: ly, width: sw, height: sw, fill, stroke: "#666" }));
    if (pattern) out.push(el("rect", null, { x: ax0, y: ly, width: sw, height: sw, fill: `url(#${pattern})` }));
    out.push(el("text", text, { class_: "leg", x: ax0 + sw + 6, y: ly + sw - 3, font_size: tf }));
    width = Math.max(width, ax0 + sw + 6 + textW(text, tf) + margin);
    ly += sw + 6;
  }
  let height = Math.max(bottomA, ly) + 10;
  if (captionText) height = caption(out, margin, height, captionText, width - 2 * margin, tf);
  return svgDoc(ctx, "tconv-equivalent", width, height + 8, out);
}

// ---------------------------------------------------------------- the controls (_WindowControls)

const ORDER = ["input_size", "kernel_size", "stride", "output_padding", "padding", "position"];

function outSize(st) {
  return transposeSize(st.input_size, st.kernel_size, st.stride, st.padding, st.output_padding);
}

/** _WindowControls' slider bounds given the controls before it: [lo, hi]. */
function bounds(name, st) {
  switch (name) {
    case "input_size": return [1, 4];
    case "kernel_size": return [1, 4];
    case "stride": return [1, 3];
    case "output_padding": return [0, st.stride - 1];
    case "padding": return [0, Math.min(st.kernel_size - 1, maxTransposePadding(st.input_size, st.kernel_size, st.stride, st.output_padding))];
    case "position": { const size = outSize(st); return [0, size * size - 1]; }
    default: throw new Error(`no control ${name}`);
  }
}

/** _WindowControls._adapt: each slider's bounds follow the ones before it, values clamped (as ipywidgets does). */
function adapt(state) {
  const next = { ...state };
  for (const name of ORDER) {
    const [lo, hi] = bounds(name, next);
    next[name] = Math.min(hi, Math.max(lo, Math.trunc(Number(next[name]))));
  }
  return next;
}

function compute(st, ctx) {
  const n = st.input_size, k = st.kernel_size, s = st.stride, p = st.padding, op = st.output_padding;
  const x = exampleInput(1, n, n)[0], K = exampleKernel(1, 1, k)[0][0];
  const eq = equivalentConv(x, K, s, p, op);
  const step = windowStep(eq, st.position);
  const sentence = windowSentence(ctx.texts, step);
  const picture = equivalentSvg(ctx, x, K, s, p, op, eq, [step.r, step.c], sentence, step.done);
  return { picture, sentence, output: { y: eq.y, value: step.value }, step };
}

export const spec = {
  keys: ORDER,
  css: "tconv-equivalent-explorer",
  pictureClass: "tconv-equivalent-view",
  step: "position",
  columns: () => [["input_size", "kernel_size", "stride"], ["output_padding", "padding", "position"]],
  control(name, state) {
    const [lo, hi] = bounds(name, state);
    return { type: "range", lo, hi };
  },
  adapt: (state) => adapt(state),
  view(state, ctx) {
    const { picture, sentence, output } = compute(state, ctx);
    return { picture, above: "", below: "", output, sentence };
  },
};
spec.bounds = bounds;
spec.compute = compute;
spec.equivalentConv = equivalentConv;
spec.convTranspose = convTranspose;
