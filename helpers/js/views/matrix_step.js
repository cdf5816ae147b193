// MatrixStepExplorer (07_matrix_view): vec(Y) = C·vec(X) one row at a time; the output cell ("pick") is the
// step that Play / ◀ / ▶ move. Same sliders and bounds as views/matrix.js.

import { exampleKernel } from "../core.js";
import { MATRIX_KEYS, arangeGrid, matrixColumns, matrixControl, matrixAdapt, matrixConv, matrixRowStep, matrixStepSentence } from "../lib/matrix_ops.js";
import { matrixStepSvg } from "../lib/matrix_svg.js";

/** The numbers of one step: X, K, C, taps, m and stepping.matrix_row_step(C, vec(X), pick). */
function compute(state) {
  const { input_size: n, kernel_size: k, stride: s, padding: p, pick } = state;
  const x = arangeGrid(n);   // arange(n·n) at every size (matrix.arange_grid)
  const K = exampleKernel(1, 1, k)[0][0];
  const { C, taps, m } = matrixConv(K, n, s, p);
  const step = matrixRowStep(C, x.flat(), pick);
  return { x, K, C, taps, m, step };
}

function view(state, ctx) {
  const { input_size: n } = state;
  const { x, K, C, taps, m, step } = compute(state);
  const sentence = matrixStepSentence(ctx, step, m);
  const picture = matrixStepSvg(ctx, C, x, step, taps, [n, n], [m, m], K, sentence);
  const output = {
    C, row: step.row, cols: step.cols, coeffs: step.coeffs, values: step.values, value: step.value,
    y_so_far: step.soFar.map((v) => (Number.isNaN(v) ? null : v)),
  };
  return { picture, above: "", below: "", output, sentence };
}

export const spec = {
  keys: MATRIX_KEYS,
  css: "tconv-matrix-explorer tconv-animated",
  pictureClass: "tconv-matrix-view",
  columns: matrixColumns,
  control: matrixControl,
  adapt: (state, changed) => matrixAdapt(state),
  view,
  step: "pick",
};
spec.compute = compute;
