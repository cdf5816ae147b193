// 07_matrix_view's numbers and sentences, shared by views/matrix.js and views/matrix_step.js: ports of
// matrix.arange_grid, operations.conv_matrix/conv_matrix_taps, stepping.matrix_row_step
// and captions.matrix_sentence/matrix_step_sentence. Pure functions (Node runs them).

import { tr, fmt, convSize } from "../core.js";

/** MatrixExplorer's padding bounds: from the least that lets a k-kernel fit the padded n-input, to k − 1. */
export function matrixPaddingRange(n, k) {
  return [Math.max(0, Math.ceil((k - n) / 2)), k - 1];
}

/** Output side m of the n×n input, k×k kernel, stride s, padding p (shapes.conv_output_size). */
export function matrixOutSize(n, k, s, p) {
  return convSize(n, k, s, p);
}

/** operations.conv_matrix and conv_matrix_taps for a square input: {C (M×N), taps (M×N, −1 where C is zero), m}.
 *  Row i = output cell i (row-major), column j = input cell j; entry = the kernel tap a·k + b over cell j. */
export function matrixConv(K, n, s, p) {
  const kh = K.length, kw = K[0].length;
  const mh = convSize(n, kh, s, p), mw = convSize(n, kw, s, p);
  const M = mh * mw, N = n * n;
  const C = Array.from({ length: M }, () => new Array(N).fill(0));
  const taps = Array.from({ length: M }, () => new Array(N).fill(-1));
  for (let oy = 0; oy < mh; oy++) {
    for (let ox = 0; ox < mw; ox++) {
      const i = oy * mw + ox;
      for (let a = 0; a < kh; a++) {
        for (let b = 0; b < kw; b++) {
          const r = oy * s - p + a, c = ox * s - p + b;
          if (r < 0 || r >= n || c < 0 || c >= n) continue;
          C[i][r * n + c] += K[a][b];
          taps[i][r * n + c] = a * kw + b;
        }
      }
    }
  }
  for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) if (C[i][j] === 0) taps[i][j] = -1;
  return { C, taps, m: mh };
}

/** stepping.matrix_row_step(C, x, row): {row, cols, coeffs, values, value, soFar} (soFar: NaN after row). */
export function matrixRowStep(C, x, row) {
  const cols = [];
  C[row].forEach((v, j) => { if (v !== 0) cols.push(j); });
  const dot = (i) => C[i].reduce((t, v, j) => t + v * x[j], 0);
  const soFar = C.map((_, i) => (i <= row ? dot(i) : NaN));
  const coeffs = cols.map((j) => C[row][j]);
  const values = cols.map((j) => x[j]);
  const value = cols.reduce((t, j) => t + C[row][j] * x[j], 0);
  return { row, cols, coeffs, values, value, soFar };
}

/** captions.matrix_sentence(C, pick, out_width) */
export function matrixSentence(ctx, C, pick, outWidth) {
  const r = Math.floor(pick / outWidth), c = pick % outWidth;
  const cols = [];
  C[pick].forEach((v, j) => { if (v !== 0) cols.push(j); });
  const terms = cols.map((j) => `${fmt(C[pick][j])}·x${j}`).join(" + ") || "0";
  return tr(ctx.texts, "captions.matrix_sentence", { pick, r, c, terms, cells: cols.map((j) => `x${j}`).join(", ") });
}

/** captions.matrix_step_sentence(step, out_width) */
export function matrixStepSentence(ctx, step, outWidth) {
  const r = Math.floor(step.row / outWidth), c = step.row % outWidth;
  const terms = step.coeffs.map((a, k) => `${fmt(a)}·${fmt(step.values[k])}`).join(" + ")
    || tr(ctx.texts, "captions.matrix_step_no_input");
  return tr(ctx.texts, "captions.matrix_step", {
    number: step.row + 1, total: step.soFar.length, row: step.row, terms, value: fmt(step.value), r, c,
  });
}

/** captions.matrix_transposed_step_sentence(step, out_width): a row of Cᵀ times vec(Y). */
export function matrixTransposedStepSentence(ctx, step, outWidth) {
  const r = Math.floor(step.row / outWidth), c = step.row % outWidth;
  const terms = step.coeffs.map((a, k) => `${fmt(a)}·${fmt(step.values[k])}`).join(" + ")
    || tr(ctx.texts, "captions.matrix_tstep_no_input");
  return tr(ctx.texts, "captions.matrix_tstep", {
    number: step.row + 1, total: step.soFar.length, row: step.row, terms, value: fmt(step.value), r, c,
  });
}

/** matrix.arange_grid(n): arange(n·n) as n rows of n numbers (07's X, and the Y of the transposed step). */
export function arangeGrid(n) {
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => r * n + c));
}

/** C's transpose (rows of columns). */
export function transpose(A) {
  return A[0].map((_, j) => A.map((row) => row[j]));
}

// ---------------------------------------------------------------- the controls both matrix views share

/** MatrixExplorer's sliders, in the order set() applies them, and their bounds given the others. */
export const MATRIX_KEYS = ["input_size", "kernel_size", "stride", "padding", "pick"];

export function matrixColumns() {
  return [["input_size", "kernel_size", "stride"], ["padding", "pick"]];
}

export function matrixControl(name, state) {
  if (name === "input_size") return { type: "range", lo: 2, hi: 5 };
  if (name === "kernel_size" || name === "stride") return { type: "range", lo: 1, hi: 3 };
  const [lo, hi] = matrixPaddingRange(state.input_size, state.kernel_size);
  if (name === "padding") return { type: "range", lo, hi };
  if (name === "pick") {
    const p = Math.min(hi, Math.max(lo, state.padding));
    const m = convSize(state.input_size, state.kernel_size, state.stride, p);
    return { type: "range", lo: 0, hi: m * m - 1 };
  }
  throw new Error(`no control ${name}`);
}

function matrixClamp(v, lo, hi) {
  v = Math.round(Number(v));
  if (!Number.isFinite(v)) v = lo;
  return Math.min(hi, Math.max(lo, v));
}

/** MatrixExplorer._adapt: every slider clamped into its range, sizes first, then padding, then pick. */
export function matrixAdapt(state) {
  const next = { ...state };
  for (const name of MATRIX_KEYS) {
    const { lo, hi } = matrixControl(name, next);
    next[name] = matrixClamp(next[name], lo, hi);
  }
  return next;
}
