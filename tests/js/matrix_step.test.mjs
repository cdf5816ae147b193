// MatrixStepExplorer in the browser (helpers/js/views/matrix_step.js) against Python's pictures and torch:
// C and the row step's numbers (vec(conv2d(X, K)) so far); tests/js/fixtures/matrix_step.json from
// tools/fixtures/matrix_step.py.
import { test } from "node:test";
import assert from "node:assert/strict";
import { VIEWS } from "../../helpers/js/explorers.js";
import { loadFixture, checkKind } from "./matrix_shared.mjs";

const spec = VIEWS.matrix_step;
const fixture = loadFixture("matrix_step");

checkKind("matrix_step", spec, fixture, (output, expected, name) => {
  assert.deepEqual(output, expected, `${name}: the step's numbers differ from torch's`);
});

test("matrix_step: Play / ◀ / ▶ move the picked output cell", () => {
  assert.equal(spec.step, "pick");
  const c = spec.control("pick", { input_size: 4, kernel_size: 2, stride: 1, padding: 0, pick: 0 });
  assert.deepEqual([c.lo, c.hi], [0, 8]);
});
