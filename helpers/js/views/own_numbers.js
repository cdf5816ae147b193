// OwnNumbersExplorer (01, "Your own numbers"): the reader types X and K in two boxes (rows separated by ;),
// stride / padding / output_padding sliders whose bounds follow the typed sizes, and the same scatter
// picture as ScatterExplorer (one channel). Text that cannot be used shows a sentence naming the box.

import { escape, tr } from "../core.js";
import { scatterAdapt, scatterControl, scatterCompute, scatterParseRows, scatterSliders } from "../lib/scatter_draw.js";

const MAX_X = 6, MAX_K = 4, MAX_ABS = 999;   // OwnNumbersExplorer.MAX_X, MAX_K, MAX_ABS
const SLIDERS = ["stride", "padding", "output_padding"];

/** The typed X and K, or the sentence saying why they cannot be used (X's problem first, as in Python). */
function parse(state, texts) {
  const box = (name) => tr(texts, `widgets.label.${name}`);
  const x = scatterParseRows(texts, String(state.x_rows), box("x_rows"), MAX_X, MAX_ABS);
  if (x.error) return { error: x.error };
  const k = scatterParseRows(texts, String(state.k_rows), box("k_rows"), MAX_K, MAX_ABS);
  if (k.error) return { error: k.error };
  return { X: x.rows, K: k.rows };
}

/** The ScatterExplorer state these numbers make (one channel, dilation 1, groups 1). */
function scatterState(state, X, K) {
  return {
    controls: SLIDERS, input_size: X.length, kernel_size: K.length, stride: state.stride, padding: state.padding,
    output_padding: state.output_padding, dilation: 1, in_channels: 1, out_channels: 1, groups: 1, out_channel: 0,
    step: state.step, row: state.row, col: state.col, x: [X], weight: [[K]],
  };
}

// adapt and control have no ctx: they parse with the text ids as their own words (only "usable or not" matters there)
const NO_TEXTS = new Proxy({}, { get: (_, id) => (typeof id === "string" ? id : undefined) });

export const spec = {
  keys: ["x_rows", "k_rows", "stride", "padding", "output_padding", "step", "row", "col"],
  css: "tconv-scatter-explorer tconv-own-numbers",
  pictureClass: "tconv-grid",
  step: "step",
  columns() {
    return [["x_rows", "k_rows", ...SLIDERS], ["step", "row", "col"]];
  },
  control(name, state) {
    if (name === "x_rows") return { type: "text", placeholder: "1 2; 3 4" };
    if (name === "k_rows") return { type: "text", placeholder: "4 7; 2 2" };
    const typed = parse(state, NO_TEXTS);
    if (typed.error) {
      // text that cannot be used: only what needs no numbers moves (padding cannot grow meanwhile)
      if (name === "output_padding") return { type: "range", lo: 0, hi: state.stride - 1 };
      if (name === "stride") return { type: "range", lo: 1, hi: scatterSliders.stride[1] };
      return { type: "range", lo: 0, hi: state[name] };
    }
    return scatterControl(name, scatterState(state, typed.X, typed.K));
  },
  adapt(state, changed) {
    const typed = parse(state, NO_TEXTS);
    if (typed.error) return { ...state };    // nothing to bound the sliders by: nothing moves
    const s = scatterAdapt(scatterState(state, typed.X, typed.K), changed === "x_rows" || changed === "k_rows" ? "x" : changed);
    return { ...state, stride: s.stride, padding: s.padding, output_padding: s.output_padding, step: s.step,
      row: s.row, col: s.col };
  },
  view(state, ctx) {
    // how to type numbers: above the picture, and above the sentence that says what is wrong with them
    const hint = `<div class="tconv-hint">${escape(tr(ctx.texts, "captions.own_numbers_hint"))}</div>`;
    const typed = parse(state, ctx.texts);
    if (typed.error) return { message: typed.error, above: hint };
    const result = scatterCompute(scatterState(state, typed.X, typed.K), ctx);
    return { ...result, above: hint + result.above };
  },
};
spec.parse = parse;
spec.limits = { MAX_X, MAX_K, MAX_ABS };
