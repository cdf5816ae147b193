// MatrixTransposedStepExplorer in the browser (helpers/js/views/matrix_transposed_step.js) against Python's pictures
// and torch: C and the step's numbers (a row of Cᵀ times vec(Y); vec(conv_transpose2d(Y, K)) so far);
// tests/js/fixtures/matrix_transposed_step.json from tools/fixtures/matrix_transposed_step.py.
import { test } from "node:test";
import assert from "node:assert/strict";
import { VIEWS } from "../../helpers/js/explorers.js";
import { loadFixture, checkKind } from "./matrix_shared.mjs";

const spec = VIEWS.matrix_transposed_step;
const fixture = loadFixture("matrix_transposed_step");

checkKind("matrix_transposed_step", spec, fixture, (output, expected, name) => {
  assert.deepEqual(output, expected, `${name}: the step's numbers differ from torch's`);
});

test("matrix_transposed_step: Play / ◀ / ▶ move over Cᵀ's rows (the n·n output cells of the transposed conv)", () => {
  assert.equal(spec.step, "pick");
  const c = spec.control("pick", { input_size: 4, kernel_size: 2, stride: 1, padding: 0, pick: 0 });
  assert.deepEqual([c.lo, c.hi], [0, 15]);
});

test("matrix_transposed_step: the default state is notebook 01's scatter, [[0, 4, 7], [8, 28, 23], [4, 10, 6]]", () => {
  const last = spec.view({ input_size: 3, kernel_size: 2, stride: 1, padding: 0, pick: 8 }, fixture.en.ctx);
  assert.deepEqual(last.output.z_so_far, [0, 4, 7, 8, 28, 23, 4, 10, 6]);
});
