// MatrixExplorer (07_matrix_view): the convolution as a matrix, vec(Y) = C·vec(X), next to Cᵀ (the transposed
// convolution); the picked output cell is a row of C and a column of Cᵀ. State = widgets.MatrixExplorer's sliders.

import { exampleKernel } from "../core.js";
import { MATRIX_KEYS, matrixColumns, matrixControl, matrixAdapt, matrixConv, matrixSentence } from "../lib/matrix_ops.js";
import { matrixSvg } from "../lib/matrix_svg.js";

/** The numbers MatrixExplorer draws: K, C (M×N), its taps, the output side m. */
function compute(state) {
  const { input_size: n, kernel_size: k, stride: s, padding: p } = state;
  const K = exampleKernel(1, 1, k)[0][0];
  const { C, taps, m } = matrixConv(K, n, s, p);
  return { K, C, taps, m };
}

function view(state, ctx) {
  const { input_size: n, pick } = state;
  const { K, C, taps, m } = compute(state);
  const sentence = matrixSentence(ctx, C, pick, m);
  const picture = matrixSvg(ctx, C, taps, [n, n], [m, m], K, pick, sentence);
  return { picture, above: "", below: "", output: C, sentence };
}

export const spec = {
  keys: MATRIX_KEYS,
  css: "tconv-matrix-explorer",
  pictureClass: "tconv-matrix-view",
  columns: matrixColumns,
  control: matrixControl,
  adapt: (state, changed) => matrixAdapt(state),
  view,
};
spec.compute = compute;
