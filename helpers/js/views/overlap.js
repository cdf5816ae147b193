// OverlapExplorer (09_checkerboard): how many kernel copies land on each output cell, as a heat map with
// the 1-D profile on top and the verdict (even / checkerboard). Ports operations.overlap_count,
// operations.overlap_interior, captions.overlap_verdict and svg.overlap_svg (count_colors, _count_cells,
// _grid_lines) exactly.

import { tr, el, pyFixed, caption, outline, svgDoc, maxTransposePadding } from "../core.js";

const SIZES = { input_size: [1, 8], kernel_size: [1, 8], stride: [1, 8] };

/** Python's repr(float) for the values these pictures print with an f-string (never in exponent form here). */
function pyFloat(v) {
  return Number.isInteger(v) ? `${v}.0` : String(v);
}

/** numpy.rint: round half to even. */
function rint(v) {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** numpy's round(v, digits) on a float64 (what Python's round gives for a NumPy number): rint(v·10^d) / 10^d. */
function npRound(v, digits) {
  const m = 10 ** digits;
  return rint(v * m) / m;
}

const clip = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

/** The 1-D overlap count (W_out,): how many of the n windows [i·s, i·s + k) cover each cell, p cropped per side. */
function overlapProfile(n, k, s, p) {
  const size = (n - 1) * s + k - 2 * p;
  const out = [];
  for (let c = 0; c < size; c++) {
    const t = c + p;
    let count = 0;
    for (let i = 0; i < n; i++) if (i * s <= t && t < i * s + k) count += 1;
    out.push(count);
  }
  return out;
}

/** operations.overlap_count(n, k, s, p) for square sizes: conv_transpose2d(ones, ones) = profile ⊗ profile. */
function overlapCount(n, k, s, p) {
  const prof = overlapProfile(n, k, s, p);
  return prof.map((a) => prof.map((b) => a * b));
}

/** operations.overlap_interior: (top, left, height, width), all 0 if none. */
function overlapInterior(n, k, s, p) {
  const size = (n - 1) * s + k - 2 * p;
  const lo = Math.max(k - s - p, 0), hi = Math.min(n * s - 1 - p, size - 1);
  return lo <= hi ? [lo, lo, hi - lo + 1, hi - lo + 1] : [0, 0, 0, 0];
}

function minMax(rows) {
  let lo = Infinity, hi = -Infinity;
  for (const row of rows) for (const v of row) { if (v < lo) lo = v; if (v > hi) hi = v; }
  return [lo, hi];
}

/** captions.overlap_verdict */
function overlapVerdict(ctx, n, k, s, p, counts) {
  const t = (id, f) => tr(ctx.texts, id, f);
  const [it, il, ih, iw] = overlapInterior(n, k, s, p);
  const inner = counts.slice(it, it + ih).map((row) => row.slice(il, il + iw));
  const innerSize = ih * iw;
  const [clo, chi] = minMax(counts);
  if (k % s === 0) {
    const per = (k / s) ** 2;
    const f = { k, s, per, lo: clo, hi: chi };
    if (innerSize === 0) return t(per === 1 ? "captions.even_small_one" : "captions.even_small_many", f);
    return t(per === 1 ? "captions.even_one" : "captions.even_many", f);
  }
  const [ilo, ihi] = innerSize ? minMax(inner) : [0, 0];
  const useInner = innerSize > 0 && ilo !== ihi;
  const [lo, hi] = useInner ? [ilo, ihi] : [clo, chi];
  const where = t(useInner ? "captions.where_interior" : "captions.where_all");
  const why = k < s ? t("captions.why_smaller", { k, s }) : t("captions.why_not_multiple", { k, s });
  const f = { why, where, n, lo, hi };
  if (lo === hi) return t(lo === 1 ? "captions.uneven_small_one" : "captions.uneven_small_many", f);
  if (lo === 0) return t("captions.uneven_gaps", f);
  return t("captions.uneven_checkerboard", f);
}

// light yellow → orange → dark red, for counts (0 stays white): svg._RAMP
const RAMP = [[255, 247, 236], [253, 212, 158], [252, 141, 89], [215, 48, 31], [127, 0, 0]];

const COLORS = new Map();   // "count/vmax" → colour: few distinct counts, each coloured once (as count_colors does)

/** svg.count_colors for one count: a hex colour of the ramp, "#ffffff" for 0. */
function countColor(v, vmax) {
  const key = `${v}/${vmax}`;
  let colour = COLORS.get(key);
  if (colour === undefined) {
    colour = rampColor(v, vmax);
    if (COLORS.size < 4096) COLORS.set(key, colour);
  }
  return colour;
}

function rampColor(v, vmax) {
  if (v === 0) return "#ffffff";
  const t = clip(v / vmax, 0, 1) * (RAMP.length - 1);
  const lo = clip(Math.floor(t), 0, RAMP.length - 2);
  const f = t - lo;
  const hex = (i) => rint(RAMP[lo][i] * (1 - f) + RAMP[lo + 1][i] * f).toString(16).padStart(2, "0");
  return `#${hex(0)}${hex(1)}${hex(2)}`;
}

/** svg._grid_lines */
function gridLines(x0, y0, rows, cols, size, colour = "#999", width = 0.8) {
  let d = "";
  for (let r = 0; r <= rows; r++) d += `M${pyFloat(x0)},${pyFloat(y0 + r * size)}h${cols * size}`;
  for (let c = 0; c <= cols; c++) d += `M${pyFloat(x0 + c * size)},${pyFloat(y0)}v${rows * size}`;
  return el("path", null, { d, stroke: colour, stroke_width: width, fill: "none" });
}

/** svg._count_cells */
function countCells(counts, gx, gy, size, font, vmax) {
  const rows = counts.length, cols = counts[0].length;
  const fills = counts.map((row) => row.map((v) => countColor(v, vmax)));
  const xs = [];
  for (let c = 0; c < cols; c++) xs.push(pyFixed(gx + (c + 0.5) * size, 1));
  const parts = [];
  for (let r = 0; r < rows; r++) {
    let c = 0;
    while (c < cols) {
      let e = c + 1;
      while (e < cols && fills[r][e] === fills[r][c]) e += 1;
      parts.push(el("rect", null, { x: gx + c * size, y: gy + r * size, width: (e - c) * size, height: size, fill: fills[r][c] }));
      c = e;
    }
  }
  parts.push(gridLines(gx, gy, rows, cols, size));
  const dark = Math.max(vmax, 1);
  for (let r = 0; r < rows; r++) {
    parts.push(`<g class="row" data-r="${r}" transform="translate(0,${pyFloat(gy + (r + 0.5) * size)})" font-size="${font}">`);
    counts[r].forEach((v, c) => parts.push(`<text class="n${v / dark > 0.71 ? " d" : ""}" data-c="${c}" x="${xs[c]}">${v}</text>`));
    parts.push("</g>");
  }
  parts.push(el("rect", null, { x: gx, y: gy, width: cols * size, height: rows * size, fill: "none", stroke: "#333", stroke_width: 2 }));
  return parts.join("");
}

/** svg.overlap_svg(counts, profile, interior, note) */
function overlapSvg(ctx, counts, profile, interior, note, maxWidth = 860) {
  const rows = counts.length, cols = counts[0].length;
  const vmax = Math.max(4, minMax(counts)[1]);
  const margin = 20;
  // a wide, short picture (cells ≤ 34, text 20): a 1280×720 slide shows it near its natural size (svg.py)
  const size = Math.trunc(clip((maxWidth - 2 * margin) / Math.max(cols, 1), 13, 34));
  const font = Math.trunc(clip(size * 0.6, 8, 20));
  const text = 20;
  const width = Math.max(cols * size + 2 * margin, 760);
  const gx = (width - cols * size) / 2;
  const out = [];
  const title = tr(ctx.texts, "svg.overlap_title", { rows, cols });
  let y = caption(out, margin, 6, title, width - 2 * margin, text, true);
  if (note) y = caption(out, margin, y, note, width - 2 * margin, text);
  if (profile) {
    const pmax = Math.max(2, Math.max(...profile));
    const ph = 88;
    y += 4;
    out.push(el("text", tr(ctx.texts, "svg.overlap_profile_title"), { class_: "leg", x: margin, y: y + text, font_size: text, fill: "#444" }));
    const base = y + ph;
    const pfont = Math.trunc(clip(size * 0.6, 8, 20));
    profile.forEach((v, c) => {
      const h = (ph - 32 - pfont) * v / pmax;   // a NumPy float in Python: its round() is NumPy's
      out.push(el("rect", null, { class_: "bar", x: Number(pyFixed(gx + c * size + 1.5, 1)), y: npRound(base - h, 1),
        width: size - 3, height: npRound(h, 1), fill: countColor(v, vmax), stroke: "#555", stroke_width: 1 }));
      out.push(el("text", v, { class_: "p", data_c: c, x: Number(pyFixed(gx + (c + 0.5) * size, 1)),
        y: npRound(base - h - pfont * 0.7, 1), font_size: pfont }));
    });
    out.push(el("line", null, { x1: gx, y1: base, x2: gx + cols * size, y2: base, stroke: "#333", stroke_width: 1.5 }));
    y = base + 10;
  }
  const gy = y + 4;
  out.push(countCells(counts, gx, gy, size, font, vmax));
  const hasInterior = interior && interior[2] > 0 && interior[3] > 0;
  if (hasInterior) {
    const [t, l, h, w] = interior;
    outline(out, gx + l * size, gy + t * size, w * size, h * size, "#1d3557", 3, "8,5", "interior",
      { top: t, left: l, height: h, width: w });
  }
  let height = gy + rows * size + 6;
  if (hasInterior) height = caption(out, margin, height, tr(ctx.texts, "svg.overlap_frame_note"), width - 2 * margin, text);
  return svgDoc(ctx, "tconv-overlap", width, height + 8, out);
}

function control(name, state) {
  if (name === "padding") {
    return { type: "range", lo: 0, hi: maxTransposePadding(state.input_size, state.kernel_size, state.stride) };
  }
  const [lo, hi] = SIZES[name];
  return { type: "range", lo, hi };
}

/** OverlapExplorer._adapt: sizes inside 1..8, padding inside 0..max_transpose_padding(n, k, s). */
function adapt(state) {
  const next = { ...state };
  for (const [name, [lo, hi]] of Object.entries(SIZES)) next[name] = clip(Math.trunc(Number(next[name])), lo, hi);
  const c = control("padding", next);
  next.padding = clip(Math.trunc(Number(next.padding)), c.lo, c.hi);
  return next;
}

function view(state, ctx) {
  const { input_size: n, kernel_size: k, stride: s, padding: p } = state;
  const counts = overlapCount(n, k, s, p);
  const interior = overlapInterior(n, k, s, p);
  const sentence = overlapVerdict(ctx, n, k, s, p, counts);
  const picture = overlapSvg(ctx, counts, overlapProfile(n, k, s, p), interior, sentence);
  return { picture, above: "", below: "", output: counts, sentence, interior };
}

export const spec = {
  keys: ["input_size", "kernel_size", "stride", "padding"],
  css: "tconv-overlap-explorer",
  pictureClass: "tconv-overlap-map",
  columns: () => [["input_size", "kernel_size"], ["stride", "padding"]],
  control,
  adapt,
  view,
};
spec.overlapProfile = overlapProfile;
spec.overlapCount = overlapCount;
spec.overlapInterior = overlapInterior;
spec.overlapVerdict = overlapVerdict;
spec.countColor = countColor;
spec.overlapSvg = overlapSvg;
