// The scatter picture shared by the "scatter" and "own_numbers" views: ports of helpers/operations.py
// (grid_view, landings, contributing_terms, conv_transpose2d with groups and dilation), helpers/shapes.py
// (conv_transpose_formula), helpers/captions.py (terms_text, cell_tip, cropped_tip, output_formula,
// scatter_repeat_note) and helpers/svg.py (scatter_svg), plus the explorer state rules of
// helpers/widgets.py (ScatterExplorer._adapt, _compute) and parse_rows (OwnNumbersExplorer).
// x is nested lists (C_in, H, W), weight (C_in, C_out/groups, kH, kW); arguments {stride, padding,
// output_padding, groups, dilation} are ints (the same on both axes, as the explorers use them).

import { exampleInput, exampleKernel, tr, escape, fmt, sumText, transposeSize, maxTransposePadding, divisors, elementColor, elementLabel, stripes, el, fitSize, cell, outline, label, textW, caption, svgDoc } from "../core.js";

// ---------------------------------------------------------------- Python's text forms

/** Python's repr(float) (json.dumps writes floats this way): 0.0, 1.5, 1e-05, 1e+16. */
export function scatterFloatRepr(v) {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "Infinity" : "-Infinity";
  const neg = v < 0 || Object.is(v, -0);
  const [mant, e] = Math.abs(v).toExponential().split("e");
  const exp = Number(e);
  let body;
  if (exp < -4 || exp >= 16) {
    body = `${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  } else {
    body = String(Math.abs(v));
    if (!body.includes(".")) body += ".0";
  }
  return (neg ? "-" : "") + body;
}

/** Python's json.dumps of nested lists of floats / ints / null (default separators). */
function scatterJson(value, floats) {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "[" + value.map((v) => scatterJson(v, floats)).join(", ") + "]";
  if (typeof value === "number") return floats ? scatterFloatRepr(value) : String(value);
  return JSON.stringify(value);
}

/** Python's repr(str). */
export function scatterStrRepr(s) {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of s) {
    const cp = ch.codePointAt(0);
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (cp < 0x20 || cp === 0x7f) out += "\\x" + cp.toString(16).padStart(2, "0");
    else if (!scatterPrintable(ch)) {
      out += cp <= 0xff ? "\\x" + cp.toString(16).padStart(2, "0")
        : cp <= 0xffff ? "\\u" + cp.toString(16).padStart(4, "0") : "\\U" + cp.toString(16).padStart(8, "0");
    } else out += ch;
  }
  return quote + out + quote;
}

// str.isprintable: not in categories Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs (space itself is printable)
const SCATTER_UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;
function scatterPrintable(ch) { return ch === " " || !SCATTER_UNPRINTABLE.test(ch); }

/** tr with Python's {name!r} conversions (repr of a str field). */
export function scatterTr(texts, id, fields) {
  const template = texts[id];
  if (template === undefined) throw new Error(`no text ${id}`);
  const extra = {};
  const t = template.replace(/\{([A-Za-z_][A-Za-z_0-9]*)!r\}/g, (whole, name) => {
    extra[`${name}__repr`] = scatterStrRepr(String(fields[name]));
    return `{${name}__repr}`;
  });
  return tr({ [id]: t }, id, { ...fields, ...extra });
}

// ---------------------------------------------------------------- operations.py

function scatterDims(x, weight) {
  return {
    cIn: x.length, h: x[0].length, w: x[0][0].length,
    cgOut: weight[0].length, kh: weight[0][0].length, kw: weight[0][0][0].length,
  };
}

/** The full-grid size, the visible window and the group of one output channel. */
export function scatterGeometry(x, weight, p) {
  const d = scatterDims(x, weight);
  const fullH = (d.h - 1) * p.stride + p.dilation * (d.kh - 1) + 1;
  const fullW = (d.w - 1) * p.stride + p.dilation * (d.kw - 1) + 1;
  const height = fullH - 2 * p.padding + p.output_padding, width = fullW - 2 * p.padding + p.output_padding;
  return {
    ...d, fullH, fullW, height, width, top: p.padding, left: p.padding,
    rows: Math.max(fullH, p.padding + height), cols: Math.max(fullW, p.padding + width),
    cgIn: d.cIn / p.groups,
  };
}

/** operations.landings: land[r][c] = [[e, c, i, j, a, b], ...] on the full grid, for one output channel. */
export function scatterLandings(x, weight, p, outChannel) {
  const g = scatterGeometry(x, weight, p);
  const land = Array.from({ length: g.rows }, () => Array.from({ length: g.cols }, () => []));
  const group = Math.floor(outChannel / g.cgOut);
  for (let c = group * g.cgIn; c < (group + 1) * g.cgIn; c++) {
    for (let i = 0; i < g.h; i++) {
      for (let j = 0; j < g.w; j++) {
        const e = (c * g.h + i) * g.w + j;
        for (let a = 0; a < g.kh; a++) {
          for (let b = 0; b < g.kw; b++) land[i * p.stride + a * p.dilation][j * p.stride + b * p.dilation].push([e, c, i, j, a, b]);
        }
      }
    }
  }
  return land;
}

/** operations.grid_view: the first `upto` copies that reach one output channel (its group's input elements,
 *  in element order) summed on its full grid; n: how many reach it, first: the element number of the first. */
export function scatterGridView(x, weight, p, outChannel, upto = null) {
  const g = scatterGeometry(x, weight, p);
  const n = g.cgIn * g.h * g.w;
  if (upto === null) upto = n;
  const values = Array.from({ length: g.rows }, () => new Array(g.cols).fill(0));
  const group = Math.floor(outChannel / g.cgOut), o = outChannel % g.cgOut;
  const first = group * n;
  for (let c = group * g.cgIn; c < (group + 1) * g.cgIn; c++) {
    for (let i = 0; i < g.h; i++) {
      for (let j = 0; j < g.w; j++) {
        if ((c * g.h + i) * g.w + j >= first + upto) continue;
        for (let a = 0; a < g.kh; a++) {
          for (let b = 0; b < g.kw; b++) values[i * p.stride + a * p.dilation][j * p.stride + b * p.dilation] += x[c][i][j] * weight[c][o][a][b];
        }
      }
    }
  }
  const visible = [];
  for (let r = 0; r < g.height; r++) visible.push(values[r + g.top].slice(g.left, g.left + g.width));
  return { ...g, values, visible, upto, n, first };
}

/** Where element e's copy lands: [rMin, rMax, cMin, cMax] on the full grid (operations.grid_view's lands). */
function scatterCopyBox(g, p, e) {
  const j = e % g.w, i = Math.floor(e / g.w) % g.h;
  return [i * p.stride, i * p.stride + (g.kh - 1) * p.dilation, j * p.stride, j * p.stride + (g.kw - 1) * p.dilation];
}

/** operations.contributing_terms: [[c, i, j, a, b], ...] of visible output cell (row, col), in (c, i, j) order. */
export function scatterTerms(x, weight, p, outChannel, row, col) {
  const g = scatterGeometry(x, weight, p);
  const group = Math.floor(outChannel / g.cgOut);
  const R = row + p.padding, C = col + p.padding;
  const terms = [];
  const divmod = (a, b) => { const q = Math.floor(a / b); return [q, a - q * b]; };
  for (let c = group * g.cgIn; c < (group + 1) * g.cgIn; c++) {
    for (let i = 0; i < g.h; i++) {
      const [a, ra] = divmod(R - i * p.stride, p.dilation);
      if (ra || a < 0 || a >= g.kh) continue;
      for (let j = 0; j < g.w; j++) {
        const [b, rb] = divmod(C - j * p.stride, p.dilation);
        if (rb || b < 0 || b >= g.kw) continue;
        terms.push([c, i, j, a, b]);
      }
    }
  }
  return terms;
}

/** operations.conv_transpose2d for one sample: (C_out, H_out, W_out) nested lists. */
export function scatterConvTranspose2d(x, weight, p) {
  const g = scatterGeometry(x, weight, p);
  const out = [];
  for (let oc = 0; oc < g.cgOut * p.groups; oc++) out.push(scatterGridView(x, weight, p, oc).visible);
  return out;
}

// ---------------------------------------------------------------- shapes.py / captions.py

/** shapes.conv_transpose_formula */
export function scatterTransposeFormula(size, k, s, p, op, d) {
  const out = transposeSize(size, k, s, p, op, d);
  return `(${size} − 1)·${s} − 2·${p} + ${d}·(${k} − 1) + ${op} + 1 = ${out}`;
}

/** captions.output_formula */
export function scatterOutputFormula(texts, size, k, s, p, op, d) {
  return tr(texts, "captions.output_formula", { steps: scatterTransposeFormula(size, k, s, p, op, d) });
}

/** captions.terms_text: "28 = 0·2 + 1·2 + 2·7 + 3·4" for visible cell (row, col) of out_channel. */
export function scatterTermsText(texts, x, weight, p, outChannel, row, col, value) {
  const o = outChannel % weight[0].length;
  const terms = scatterTerms(x, weight, p, outChannel, row, col);
  return sumText(texts, value, terms.map(([c, i, j, a, b]) => [x[c][i][j], weight[c][o][a][b]]));
}

/** captions.cell_tip */
export function scatterCellTip(texts, row, col, value, here, x, weight, outChannel, complete = true) {
  if (!complete) return `Y[${row},${col}] = ${fmt(value)}`;
  const o = outChannel % weight[0].length;
  return `Y[${row},${col}] = ` + sumText(texts, value, here.map(([, c, i, j, a, b]) => [x[c][i][j], weight[c][o][a][b]]));
}

/** captions.cropped_tip */
export function scatterCroppedTip(texts, padding, value) {
  return tr(texts, "captions.cropped_tip", { padding, value: fmt(value) });
}

/** captions.scatter_repeat_note */
export function scatterRepeatNote(texts, nElements, nColours) {
  return tr(texts, "captions.colours_repeat", { n_elements: nElements, n_colours: nColours });
}

// ---------------------------------------------------------------- svg.py: scatter_svg

const scatterClip = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

/** svg.scatter_svg(x, weight, **p, out_channel, upto, pick, view=gv) */
export function scatterSvg(ctx, x, weight, p, outChannel, upto, pick, gv, maxWidth = 760) {
  const texts = ctx.texts;
  const { cIn, h, w, cgIn, cgOut, kh, kw, rows, cols } = gv;
  const grp = Math.floor(outChannel / cgOut);
  const chans = [];
  for (let c = grp * cgIn; c < (grp + 1) * cgIn; c++) chans.push(c);
  const o = outChannel % cgOut;
  const total = cIn * h * w, n = gv.n;            // n: the copies that reach outChannel, elements first .. first + n - 1
  const added = gv.first + upto;                  // element numbers below this one are added
  const land = scatterLandings(x, weight, p, outChannel);
  let picked = [];
  if (pick !== null) picked = land[pick[0] + gv.top][pick[1] + gv.left];

  let small = Math.trunc(scatterClip(260 / Math.max(w + kw, 1), 30, 48));
  let big = Math.trunc(scatterClip((maxWidth - 2 * small * Math.max(w, 1) - small * Math.max(kw, 1) - 60) / Math.max(cols, 1), 24, 56));
  const numbers = [];
  for (const plane of x) for (const r of plane) for (const v of r) numbers.push(fmt(v));
  for (const a of weight) for (const b of a) for (const r of b) for (const v of r) numbers.push(fmt(v));
  small = fitSize(numbers, small);
  big = fitSize(gv.values.flat().map((v) => fmt(v)), big);
  const gap = 22, topPad = 30;
  const leftW = small * (w + kw) + gap * 2;
  const blockH = small * Math.max(h, kh) + topPad + 8;
  const out = [];
  chans.forEach((c, rowI) => {
    const y0 = topPad + rowI * blockH;
    const kx = 8 + small * w + gap;
    label(out, 8, y0 - 7, cIn > 1 ? `X[${c}]` : tr(texts, "svg.scatter_x_title"), 17);
    label(out, kx, y0 - 7, cIn > 1 || cgOut > 1 ? `K[${c},${o}]` : tr(texts, "svg.scatter_k_title"), 17);
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        const e = (c * h + i) * w + j;
        out.push(cell(ctx, 8 + j * small, y0 + i * small, small, fmt(x[c][i][j]), "x", i, j,
          { fills: [e < added ? elementColor(ctx, e) : ctx.EMPTY_FILL], labels: [elementLabel(e)], data: { ch: c, e } }));
      }
    }
    for (let a = 0; a < kh; a++) {
      for (let b = 0; b < kw; b++) {
        out.push(cell(ctx, kx + b * small, y0 + a * small, small, fmt(weight[c][o][a][b]), "k", a, b, { data: { ch: c } }));
      }
    }
    for (const [, cc, i, j, a, b] of picked) {
      if (cc === c) {
        outline(out, 8 + j * small, y0 + i * small, small, small, ctx.PICK, 3, null, "pick", { panel: "x", ch: c, r: i, c: j });
        outline(out, kx + b * small, y0 + a * small, small, small, ctx.PICK, 3, null, "pick", { panel: "k", ch: c, r: a, c: b });
      }
    }
    if (upto < n && c * h * w <= added - 1 && added - 1 < (c + 1) * h * w) {
      const k = added - 1 - c * h * w, i = Math.floor(k / w), j = k % w;
      outline(out, 8 + j * small, y0 + i * small, small, small, "#222", 3, null, "current", { panel: "x", ch: c, r: i, c: j });
    }
  });
  const ox = leftW + 24, oy = topPad;
  const font = Math.max(12, Math.trunc(big * 0.4));
  const badge = Math.max(10, Math.trunc(big * 0.32));   // the ×n badge (many copies on one cell): larger than the letters
  const title = tr(texts, "svg.scatter_y_title", { h: gv.height, w: gv.width, rows, cols });
  label(out, ox, oy - 7, title, 18);
  const complete = upto === n;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const value = gv.values[r][c];
      const here = land[r][c].filter((t) => t[0] < added);
      const [fills, labels, count] = stripes(ctx, here.map((t) => t[0]));
      const vis = r >= gv.top && r < gv.top + gv.height && c >= gv.left && c < gv.left + gv.width;
      const data = { fr: r, fc: c, from: here.map((t) => String(t[0])).join(" ") };
      if (vis) {
        const vr = r - gv.top, vc = c - gv.left;
        // count 0 passed as null: Python's `labels or count` is false for 0 (core.cell tests `count !== null`)
        out.push(cell(ctx, ox + c * big, oy + r * big, big, fmt(value), "y", vr, vc, {
          fills, font, title: scatterCellTip(texts, vr, vc, value, land[r][c], x, weight, outChannel, complete),
          labels, count: count === 0 ? null : count, data, tag_font: count > labels.length ? badge : null,
        }));
      } else {
        out.push(cell(ctx, ox + c * big, oy + r * big, big, fmt(value), "y cropped", -1, -1, {
          fills: [ctx.CROP_FILL], font, title: scatterCroppedTip(texts, p.padding, value), labels: [], count: null,
          pattern: "hatch", text_fill: ctx.CROP_TEXT, data,
        }));
      }
    }
  }
  outline(out, ox + gv.left * big, oy + gv.top * big, gv.width * big, gv.height * big, "#111", 3, null, "window");
  if (upto >= 1 && upto < n) {   // the newest copy (it reaches this output channel)
    const [r0, r1, c0, c1] = scatterCopyBox(gv, p, added - 1);
    outline(out, ox + c0 * big, oy + r0 * big, (c1 - c0 + 1) * big, (r1 - r0 + 1) * big, "#222", 3, "6,4", "current-copy");
  }
  if (pick !== null) {
    outline(out, ox + (pick[1] + gv.left) * big, oy + (pick[0] + gv.top) * big, big, big, ctx.PICK, 4, null, "pick",
      { panel: "y", r: pick[0], c: pick[1] });
  }
  let height = Math.max(topPad + chans.length * blockH, oy + rows * big + 10);
  const width = Math.max(ox + cols * big + 10, ox + textW(title, 18) + 10);
  if (total > ctx.PALETTE.length) {
    height = caption(out, 8, height - 4, scatterRepeatNote(texts, total, ctx.PALETTE.length), width - 16, 18);
  }
  const params = "{" + [
    ["x", scatterJson(x, true)], ["weight", scatterJson(weight, true)], ["stride", p.stride], ["padding", p.padding],
    ["output_padding", p.output_padding], ["groups", p.groups], ["dilation", p.dilation], ["out_channel", outChannel],
    ["upto", upto], ["pick", pick === null ? "null" : scatterJson(pick, false)],
  ].map(([k, v]) => `"${k}": ${v}`).join(", ") + "}";
  return svgDoc(ctx, "tconv-svg", width, height, out, ` data-params="${escape(params)}"`,
    `g.y:hover rect{stroke:${ctx.PICK};stroke-width:3}`);
}

// ---------------------------------------------------------------- the explorers (widgets.py)

/** widgets.SLIDERS: name → [min, max] (a slider's max also reaches its value, as Python's max(hi, value)). */
export const scatterSliders = {
  input_size: [1, 5], kernel_size: [1, 4], stride: [1, 4], padding: [0, 4], output_padding: [0, 3],
  dilation: [1, 3], in_channels: [1, 3], out_channels: [1, 3], groups: [1, 3],
};

/** Write `seed` over `drawn` (nested lists) wherever both have the index (ScatterExplorer._data). */
function scatterOverwrite(drawn, seed) {
  for (let i = 0; i < Math.min(drawn.length, seed.length); i++) {
    if (Array.isArray(drawn[i])) scatterOverwrite(drawn[i], seed[i]);
    else drawn[i] = seed[i];
  }
}

/** ScatterExplorer._data: the state's x and weight (fixed data, or the example numbers with the seed written over them). */
export function scatterData(s) {
  if (s.x !== null && s.x !== undefined) return [s.x, s.weight];
  const x = exampleInput(s.in_channels, s.input_size, s.input_size);
  const weight = exampleKernel(s.in_channels, Math.floor(s.out_channels / s.groups), s.kernel_size);
  if (s.seed_x !== null && s.seed_x !== undefined) {
    scatterOverwrite(x, s.seed_x);
    scatterOverwrite(weight, s.seed_weight);
  }
  return [x, weight];
}

/** ScatterExplorer._extends_seed: whether the drawing holds numbers past the seed's (a channel, row or column). */
function scatterExtendsSeed(s, x, weight) {
  if (s.seed_x === null || s.seed_x === undefined) return false;
  const shape = (a) => (Array.isArray(a) ? [a.length, ...shape(a[0])] : []);
  const past = (a, b) => shape(a).some((n, i) => n > shape(b)[i]);
  return past(x, s.seed_x) || past(weight, s.seed_weight);
}

function scatterParams(s) {
  return { stride: s.stride, padding: s.padding, output_padding: s.output_padding, groups: s.groups, dilation: s.dilation };
}

/** The padding slider's largest value: the largest that leaves one row and one column. */
function scatterPaddingMax(s, x, weight) {
  const n = [x[0].length, x[0][0].length], k = [weight[0][0].length, weight[0][0][0].length];
  return Math.max(0, Math.min(...[0, 1].map((i) => maxTransposePadding(n[i], k[i], s.stride, s.output_padding, s.dilation))));
}

/** The controls that change how many kernel copies reach the output channel shown (scatter.COUNT_KEYS). */
export const scatterCountKeys = ["input_size", "in_channels", "groups", "x", "x_rows"];

/** ScatterExplorer._elements: the copies that reach the output channel shown (its group's input elements). */
function scatterElements(s, x) {
  return (x.length * x[0].length * x[0][0].length) / s.groups;
}

/** ScatterExplorer._control: the bounds of one control (after scatterAdapt). */
export function scatterControl(name, s) {
  if (name === "groups") return { type: "range", values: divisors(s.in_channels, s.out_channels) };
  if (name === "output_padding") return { type: "range", lo: 0, hi: Math.max(s.stride, s.dilation) - 1 };
  const [x, weight] = scatterData(s);
  if (name === "padding") return { type: "range", lo: 0, hi: scatterPaddingMax(s, x, weight) };
  if (name === "out_channel") return { type: "range", lo: 0, hi: Math.max(s.out_channels - 1, 0) };
  if (name === "step") return { type: "range", lo: 0, hi: scatterElements(s, x) };
  const p = scatterParams(s);
  const g = scatterGeometry(x, weight, p);
  if (name === "row") return { type: "range", lo: 0, hi: g.height - 1 };
  if (name === "col") return { type: "range", lo: 0, hi: g.width - 1 };
  const [lo, hi] = scatterSliders[name];
  return { type: "range", lo, hi };
}

/** ScatterExplorer._adapt: a new state with every value in bounds (the shown sliders that depend on the
 *  others clamped, groups down to a common divisor, the step to all copies when their number may have changed). */
export function scatterAdapt(state, changed) {
  const s = { ...state };
  const shown = s.controls || [];
  if (shown.includes("groups")) {
    const ok = divisors(s.in_channels, s.out_channels);
    if (!ok.includes(s.groups)) s.groups = Math.max(...ok.filter((g) => g <= s.groups));
  }
  if (shown.includes("output_padding")) s.output_padding = Math.min(s.output_padding, Math.max(s.stride, s.dilation) - 1);
  const [x, weight] = scatterData(s);
  if (shown.includes("padding")) s.padding = Math.min(s.padding, scatterPaddingMax(s, x, weight));
  s.out_channel = Math.min(s.out_channel, Math.max(s.out_channels - 1, 0));
  const n = scatterElements(s, x);
  if (scatterCountKeys.includes(changed) || s.step > n) s.step = n;   // a new number of copies: show them all
  const g = scatterGeometry(x, weight, scatterParams(s));
  s.row = Math.min(s.row, g.height - 1);
  s.col = Math.min(s.col, g.width - 1);
  return s;
}

/** ScatterExplorer._partial_note: the note under a grid that shows only some of the copies reaching it. */
function scatterPartialNote(texts, x, weight, s, gv) {
  if (s.groups === 1) return tr(texts, "widgets.scatter_partial_note", { upto: gv.upto, total: gv.n });
  const per = x.length / s.groups, first = Math.floor(s.out_channel / weight[0].length) * per;
  const inputs = Array.from({ length: per }, (_, i) => `X[${first + i}]`).join(", ");
  return tr(texts, "widgets.scatter_partial_note_group", { upto: gv.upto, total: gv.n, out_channel: s.out_channel, inputs });
}

/** ScatterExplorer._compute: {picture, above (formula line), below (readout), output, sentence}. */
export function scatterCompute(s, ctx) {
  const texts = ctx.texts;
  const [x, weight] = scatterData(s);
  const p = scatterParams(s);
  const oc = s.out_channel, upto = s.step, pick = [s.row, s.col];
  const cOut = weight[0].length * s.groups;
  if (oc >= cOut) {
    // fixed data with a groups slider: fewer output channels than the out_channel slider allows (Python says so too)
    return { message: tr(texts, "operations.out_channel_range", { last: cOut - 1, out_channel: oc }) };
  }
  const formula = scatterOutputFormula(texts, x[0].length, weight[0][0].length, s.stride, s.padding, s.output_padding, s.dilation);
  const gv = scatterGridView(x, weight, p, oc, upto);
  const picture = scatterSvg(ctx, x, weight, p, oc, upto, pick, gv);
  const full = upto === gv.n ? gv : scatterGridView(x, weight, p, oc);
  const sentence = scatterTermsText(texts, x, weight, p, oc, pick[0], pick[1], full.visible[pick[0]][pick[1]]);
  const note = upto === gv.n ? "" : " &nbsp;" + escape(scatterPartialNote(texts, x, weight, s, gv));
  const cut = formula.indexOf(" = ");
  let above = `<div class="tconv-formula"><b>${escape(formula.slice(0, cut))}</b> = ${escape(formula.slice(cut + 3))}</div>`;
  if (scatterExtendsSeed(s, x, weight)) above = `<div class="tconv-hint">${escape(tr(texts, "widgets.scatter_seed_note"))}</div>` + above;
  const below = `<div class="tconv-readout"><span style="font-size:16px"><b style="color:${ctx.PICK}">` +
    `Y[${pick[0]}, ${pick[1]}]</b> = ${escape(sentence)}</span>${note}</div>`;
  return { picture, above, below, output: gv.visible, sentence };
}

// ---------------------------------------------------------------- parse_rows (OwnNumbersExplorer)

// str.isspace (what Python's str.split() and str.strip() take away)
const SCATTER_WS = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const SCATTER_SPLIT = new RegExp(`[${SCATTER_WS}]+`);
const SCATTER_STRIP = new RegExp(`^[${SCATTER_WS}]+|[${SCATTER_WS}]+$`, "g");
const SCATTER_FLOAT = /^[+-]?(?:(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?|inf|infinity|nan)$/i;

function scatterPySplit(text) { return text.split(SCATTER_SPLIT).filter((t) => t !== ""); }
function scatterPyStrip(text) { return text.replace(SCATTER_STRIP, ""); }

/** Python's float(token), or null where it raises ValueError (Unicode digits count, as in Python). */
export function scatterPyFloat(token) {
  let ascii = "";
  for (const ch of token) {
    if (/\p{Nd}/u.test(ch) && ch.codePointAt(0) > 0x7f) {
      let cp = ch.codePointAt(0), start = cp;
      while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start -= 1;
      ascii += String((cp - start) % 10);
    } else if (new RegExp(`[${SCATTER_WS}]`).test(ch)) ascii += " ";
    else ascii += ch;
  }
  ascii = ascii.trim();
  if (!SCATTER_FLOAT.test(ascii)) return null;
  const low = ascii.toLowerCase().replace(/^[+-]/, "");
  const neg = ascii.startsWith("-");
  if (low === "nan") return NaN;
  if (low === "inf" || low === "infinity") return neg ? -Infinity : Infinity;
  return Number(ascii.replace(/_/g, ""));
}

/** captions.typed_rows_problem */
function scatterRowsProblem(texts, box, problem, d) {
  for (const key of ["got", "want"]) {
    if (key in d) d[key] = tr(texts, d[key] === 1 ? "captions.rows_count_one" : "captions.rows_count_many", { n: d[key] });
  }
  return scatterTr(texts, `captions.rows_${problem}`, { box, ...d });
}

/** widgets.parse_rows: {rows: number[][]} or {error: sentence}. */
export function scatterParseRows(texts, text, box, limit, maxAbs = 999) {
  const cleaned = scatterPyStrip(scatterPyStrip(text.replace(/\u2212/g, "-").replace(/\n/g, ";")).replace(/^;+|;+$/g, ""));
  if (!cleaned) return { error: scatterRowsProblem(texts, box, "empty", {}) };
  const rows = [];
  const parts = cleaned.split(";");
  for (let r = 1; r <= parts.length; r++) {
    const tokens = scatterPySplit(parts[r - 1].replace(/,/g, " "));
    if (!tokens.length) return { error: scatterRowsProblem(texts, box, "empty_row", { row: r }) };
    const values = [];
    for (const token of tokens) {
      const v = scatterPyFloat(token);
      if (v === null) return { error: scatterRowsProblem(texts, box, "not_a_number", { token, row: r }) };
      if (!Number.isFinite(v)) return { error: scatterRowsProblem(texts, box, "not_finite", { token, row: r }) };
      if (Math.abs(v) > maxAbs) return { error: scatterRowsProblem(texts, box, "too_big_value", { token, row: r, limit: maxAbs }) };
      values.push(v);
    }
    if (rows.length && values.length !== rows[0].length) {
      return { error: scatterRowsProblem(texts, box, "ragged", { row: r, got: values.length, want: rows[0].length }) };
    }
    rows.push(values);
  }
  if (rows.length > limit || rows[0].length > limit) {
    return { error: scatterRowsProblem(texts, box, "too_large", { rows: rows.length, cols: rows[0].length, limit }) };
  }
  return { rows };
}
