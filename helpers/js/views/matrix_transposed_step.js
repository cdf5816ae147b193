// MatrixTransposedStepExplorer (07_matrix_view): the transposed convolution vec(Z) = Cᵀ·vec(Y) one row of Cᵀ
// (one output cell of conv_transpose2d) at a time; "pick" is the step that Play / ◀ / ▶ move, over the n·n rows
// of Cᵀ. Same sliders as views/matrix.js otherwise; Y = arange(m·m), the transposed convolution's input.

import { exampleKernel, tr } from "../core.js";
import {
  MATRIX_KEYS, arangeGrid, transpose, matrixColumns, matrixControl, matrixAdapt, matrixConv, matrixRowStep,
  matrixTransposedStepSentence,
} from "../lib/matrix_ops.js";
import { matrixStepSvg } from "../lib/matrix_svg.js";

/** The numbers of one step: Y, K, C, Cᵀ, taps, m and stepping.matrix_row_step(Cᵀ, vec(Y), pick). */
function compute(state) {
  const { input_size: n, kernel_size: k, stride: s, padding: p, pick } = state;
  const K = exampleKernel(1, 1, k)[0][0];
  const { C, taps, m } = matrixConv(K, n, s, p);
  const y = arangeGrid(m);
  const Ct = transpose(C);
  const step = matrixRowStep(Ct, y.flat(), pick);
  return { y, K, C, Ct, taps, m, step };
}

function view(state, ctx) {
  const { input_size: n } = state;
  const { y, K, C, Ct, taps, m, step } = compute(state);
  const t = (id, f) => tr(ctx.texts, id, f);
  const sentence = matrixTransposedStepSentence(ctx, step, n);
  const titles = {
    x: t("svg.tstep_y_title"), y: t("svg.tstep_z_title"), vec: t("svg.tstep_vec_title", { last: m * m - 1 }),
    c: t("svg.tstep_c_title", { M: m * m, N: n * n }), out: "vec(Z)", x_tag: "y", y_tag: "z",
  };
  const picture = matrixStepSvg(ctx, Ct, y, step, transpose(taps), [m, m], [n, n], K, sentence, 690, titles);
  const output = {
    C, row: step.row, cols: step.cols, coeffs: step.coeffs, values: step.values, value: step.value,
    z_so_far: step.soFar.map((v) => (Number.isNaN(v) ? null : v)),
  };
  return { picture, above: "", below: "", output, sentence };
}

/** The step runs over Cᵀ's n·n rows (the transposed convolution's output cells), not C's. */
function control(name, state) {
  if (name === "pick") return { type: "range", lo: 0, hi: state.input_size * state.input_size - 1 };
  return matrixControl(name, state);
}

function adapt(state) {
  const next = matrixAdapt({ ...state, pick: 0 });
  const { hi } = control("pick", next);
  let v = Math.round(Number(state.pick));
  if (!Number.isFinite(v)) v = 0;
  next.pick = Math.min(hi, Math.max(0, v));
  return next;
}

export const spec = {
  keys: MATRIX_KEYS,
  css: "tconv-matrix-explorer tconv-animated",
  pictureClass: "tconv-matrix-view",
  columns: matrixColumns,
  control,
  adapt: (state, changed) => adapt(state),
  view,
  step: "pick",
};
spec.compute = compute;
