// MatrixExplorer in the browser (helpers/js/views/matrix.js) against Python's pictures and torch's C:
// tests/js/fixtures/matrix.json from tools/fixtures/matrix.py.
import { test } from "node:test";
import assert from "node:assert/strict";
import { VIEWS } from "../../helpers/js/explorers.js";
import { loadFixture, checkKind } from "./matrix_shared.mjs";

const spec = VIEWS.matrix;
const fixture = loadFixture("matrix");

checkKind("matrix", spec, fixture, (output, expected, name) => {
  assert.deepEqual(output, expected, `${name}: C differs from torch's`);
});

test("matrix: out-of-range values are clamped into the sliders' bounds, sizes first", () => {
  const s = spec.adapt({ input_size: 9, kernel_size: 0, stride: 7, padding: -3, pick: 99 }, null);
  assert.deepEqual(s, { input_size: 5, kernel_size: 1, stride: 3, padding: 0, pick: 3 });   // m = 2
  const t = spec.adapt({ input_size: 2, kernel_size: 3, stride: 1, padding: 0, pick: 0 }, "kernel_size");
  assert.equal(t.padding, 1);   // a 3-kernel fits a 2-input only with padding ≥ 1
});
