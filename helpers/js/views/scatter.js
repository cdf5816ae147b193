// ScatterExplorer (01–06, 11): sliders for the shapes and channels, Play adds the kernel copies one input
// element at a time, row/col pick an output cell whose sum is spelled out. State = helpers/widgets.py's
// control names; `controls` lists the sliders shown (the others stay at their values); x/weight are null
// (the example numbers) or fixed nested lists; seed_x/seed_weight null or a lesson's numbers, written over the
// example numbers wherever both have the index.

import { scatterAdapt, scatterControl, scatterCompute, scatterData, scatterGridView, scatterConvTranspose2d, scatterLandings, scatterTerms, scatterParseRows } from "../lib/scatter_draw.js";

export const spec = {
  keys: ["controls", "input_size", "kernel_size", "stride", "padding", "output_padding", "dilation", "in_channels",
    "out_channels", "groups", "out_channel", "step", "row", "col", "x", "weight", "seed_x", "seed_weight"],
  css: "tconv-scatter-explorer",
  pictureClass: "tconv-grid",
  step: "step",
  columns(state) {
    const shown = [...state.controls];
    if (shown.includes("out_channels") || state.out_channels > 1) shown.push("out_channel");
    return [shown, ["step", "row", "col"]];
  },
  control(name, state) {
    return scatterControl(name, state);
  },
  adapt(state, changed) {
    return scatterAdapt(state, changed);
  },
  view(state, ctx) {
    return scatterCompute(state, ctx);
  },
};
spec.data = scatterData;
spec.gridView = scatterGridView;
spec.convTranspose2d = scatterConvTranspose2d;
spec.landings = scatterLandings;
spec.terms = scatterTerms;
spec.parseRows = scatterParseRows;
