// 05_shape_inverse's ShapeExplorer in the browser: Conv2d then ConvTranspose2d on one axis, which input sizes
// collide, and how output_padding picks one (helpers/widgets.py: ShapeExplorer; helpers/shapes.py:
// conv_output_size, conv_transpose_output_size, conv_input_sizes, output_padding_for and the two formulas;
// helpers/captions.py: shape_verdict, shape_back_refused; helpers/svg.py: shape_chain_html).

import { tr, escape } from "../core.js";

/** A ValueError of helpers/shapes.py: the sentence the explorer shows instead of the chain. */
class Refusal extends Error {}

const floorDiv = (a, b) => Math.floor(a / b);
const mod = (a, b) => ((a % b) + b) % b;          // Python's %, for b > 0

// ---------------------------------------------------------------- shapes.py (ints in the sliders' bounds)

/** shapes.conv_output_size; throws a Refusal with shapes.py's sentence where the kernel does not fit. */
function convOutputSize(texts, size, k, s, p, d) {
  const span = d * (k - 1) + 1;
  const padded = size + 2 * p;
  const need = -floorDiv(-(span - size), 2);
  if (padded < span && k <= padded) {      // the undilated kernel fits: dilation's fault
    throw new Refusal(tr(texts, "shapes.dilation_too_large", { kernel_size: k, span, dilation: d, size, padding: p,
      padded, most: floorDiv(padded - 1, k - 1), need }));
  }
  if (padded < span) {
    throw new Refusal(tr(texts, "shapes.kernel_too_large", { kernel_size: k, span, dilation: d, size, padding: p, padded, need }));
  }
  return floorDiv(padded - span, s) + 1;
}

/** shapes.max_transpose_padding */
function maxTransposePadding(size, k, s, op, d) {
  return floorDiv((size - 1) * s + d * (k - 1) + op, 2);
}

/** shapes.conv_transpose_output_size (output_padding already below max(stride, dilation)); throws a Refusal
 * with shapes.py's sentence where padding leaves no output. */
function transposeOutputSize(texts, size, k, s, p, op, d) {
  const full = (size - 1) * s + d * (k - 1) + 1;
  const out = full - 2 * p + op;
  if (out < 1) {
    throw new Refusal(tr(texts, "shapes.padding_too_large", { padding: p, full: full + op, out,
      most: maxTransposePadding(size, k, s, op, d) }));
  }
  return out;
}

/** shapes.output_padding_for */
function outputPaddingFor(texts, size, k, s, p, d) {
  convOutputSize(texts, size, k, s, p, d);
  return mod(size + 2 * p - d * (k - 1) - 1, s);
}

/** shapes.conv_input_sizes: [[input size, output_padding that gives it back], ...] for every size Conv2d maps to m. */
function convInputSizes(texts, m, k, s, p, d) {
  const span = d * (k - 1) + 1;
  const smallest = (m - 1) * s + span - 2 * p;
  const out = [];
  for (let n = Math.max(smallest, 1); n < smallest + s; n++) {
    if (n + 2 * p >= span && convOutputSize(texts, n, k, s, p, d) === m) out.push([n, outputPaddingFor(texts, n, k, s, p, d)]);
  }
  return out;
}

/** shapes.conv_output_formula */
function convOutputFormula(texts, size, k, s, p, d) {
  const out = convOutputSize(texts, size, k, s, p, d);
  return `⌊(${size} + 2·${p} − ${d}·(${k} − 1) − 1) / ${s}⌋ + 1 = ${out}`;
}

/** shapes.conv_transpose_formula */
function convTransposeFormula(texts, size, k, s, p, op, d) {
  const out = transposeOutputSize(texts, size, k, s, p, op, d);
  return `(${size} − 1)·${s} − 2·${p} + ${d}·(${k} − 1) + ${op} + 1 = ${out}`;
}

// ---------------------------------------------------------------- captions.py and svg.py

/** captions.shape_verdict → [ok, text] */
function shapeVerdict(texts, n, back, need) {
  if (back === n) return [true, tr(texts, "captions.shape_ok")];
  return [false, tr(texts, "captions.shape_set_output_padding", { back, n, need })];
}

/** svg.shape_chain_html */
function shapeChainHtml(ctx, n, k, s, p, d, op, m, back, family, need) {
  const texts = ctx.texts;
  const [ok, verdict] = shapeVerdict(texts, n, back, need);
  const td = 'style="padding:4px 16px;border-bottom:1px solid #ddd;text-align:center"';
  const rows = family.map(([size, op_]) =>
    `<tr class="row" style="background:${size === n ? "#e8f5e9;font-weight:bold" : "white"}"><td ${td}>${size}</td>` +
    `<td ${td}>${m}</td><td ${td}>${op_}</td><td ${td}><code>tconv(y, output_size=(${size}, ${size}))</code>` +
    "</td></tr>").join("");
  const head = ["svg.chain_input_size", "svg.chain_conv_output", "svg.chain_output_padding", "svg.chain_or"]
    .map((id) => `<th ${td}>${tr(texts, id)}</th>`).join("");
  const colour = ok ? "#1e7b4f" : ctx.PICK;
  return (
    `<div class="tconv-shape-chain" style="font-size:17px;line-height:1.7;font-family:${ctx.FONT}">` +
    `<div><b>Conv2d</b>: n = ${n} → m = ${escape(convOutputFormula(texts, n, k, s, p, d))}</div>` +
    `<div><b>ConvTranspose2d</b>: m = ${m} → ${escape(convTransposeFormula(texts, m, k, s, p, op, d))}` +
    ` &nbsp; <span class="tconv-verdict" data-ok="${ok ? 1 : 0}" style="color:${colour};font-weight:bold">` +
    `${escape(verdict)}</span></div>` +
    "<div style='margin-top:8px'>" +
    tr(texts, family.length > 1 ? "svg.chain_maps_many" : "svg.chain_maps_one", { count: family.length, m }) +
    "</div>" +
    '<table class="tconv-family" style="border-collapse:collapse;margin-top:4px;font-size:16px">' +
    `<tr>${head}</tr>${rows}</table></div>`);
}

// ---------------------------------------------------------------- the explorer (widgets.ShapeExplorer)

const ORDER = ["size", "kernel_size", "stride", "padding", "dilation", "output_padding"];

/** ShapeExplorer's slider bounds: [lo, hi]; output_padding stays below max(stride, dilation) (_adapt). */
function bounds(name, st) {
  switch (name) {
    case "size": return [1, 70];
    case "kernel_size": return [1, 7];
    case "stride": return [1, 5];
    case "padding": return [0, 4];
    case "dilation": return [1, 3];
    case "output_padding": return [0, Math.max(st.stride, st.dilation) - 1];
    default: throw new Error(`no control ${name}`);
  }
}

function adapt(state) {
  const next = { ...state };
  for (const name of ORDER) {
    const [lo, hi] = bounds(name, next);
    next[name] = Math.min(hi, Math.max(lo, Math.trunc(Number(next[name]))));
  }
  return next;
}

/** ShapeExplorer._compute: {picture, sentence, output}, or {message} where a layer refuses the settings. */
function compute(st, ctx) {
  const texts = ctx.texts;
  const n = st.size, k = st.kernel_size, s = st.stride, p = st.padding, d = st.dilation, op = st.output_padding;
  try {
    const m = convOutputSize(texts, n, k, s, p, d);
    let back;
    try {
      back = transposeOutputSize(texts, m, k, s, p, op, d);
    } catch (err) {    // say which layer refuses: Conv2d took these settings
      if (!(err instanceof Refusal)) throw err;
      throw new Refusal(tr(texts, "captions.shape_back_refused", { n, m, k, s, p, d, reason: err.message }));
    }
    const family = convInputSizes(texts, m, k, s, p, d);
    const need = outputPaddingFor(texts, n, k, s, p, d);
    const output = { conv: m, transposed: back, family, needed_output_padding: need };
    const sentence = shapeVerdict(texts, n, back, need)[1];
    return { picture: shapeChainHtml(ctx, n, k, s, p, d, op, m, back, family, need), sentence, output };
  } catch (err) {
    if (err instanceof Refusal) return { message: err.message };
    throw err;
  }
}

export const spec = {
  keys: ORDER,
  css: "tconv-shape-explorer",
  pictureClass: "tconv-shapes",
  columns: () => [["size", "kernel_size", "stride"], ["padding", "dilation", "output_padding"]],
  control(name, state) {
    const [lo, hi] = bounds(name, state);
    return { type: "range", lo, hi };
  },
  adapt: (state) => adapt(state),
  view(state, ctx) {
    const got = compute(state, ctx);
    if (got.message) return { message: got.message };
    return { picture: got.picture, above: "", below: "", output: got.output, sentence: got.sentence };
  },
};
spec.bounds = bounds;
spec.compute = compute;
spec.convOutputSize = convOutputSize;
spec.transposeOutputSize = transposeOutputSize;
spec.convInputSizes = convInputSizes;
spec.outputPaddingFor = outputPaddingFor;
