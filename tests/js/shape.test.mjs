// views/shape.js (05's ShapeExplorer) against tests/js/fixtures/shape.json (tools/fixtures/shape.py): the chain's
// HTML byte for byte, the verdict, the message where a layer refuses, the slider bounds and adapt's moves as
// Python's _adapt, and the sizes as torch's Conv2d / ConvTranspose2d.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { VIEWS } from "../../helpers/js/explorers.js";

const fixture = JSON.parse(readFileSync(new URL("./fixtures/shape.json", import.meta.url), "utf-8"));
const spec = VIEWS.shape;

function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i}:\n  js:     …${a.slice(Math.max(0, i - 80), i + 80)}\n  python: …${b.slice(Math.max(0, i - 80), i + 80)}`;
}

for (const [lang, edition] of Object.entries(fixture)) {
  const { ctx, cases } = edition;
  const messages = cases.filter((c) => c.message).length;

  test(`shape (${lang}): ${cases.length} states (${messages} refused) show Python's chain or message, and torch's sizes`, () => {
    for (const c of cases) {
      const name = JSON.stringify(c.state);
      assert.deepEqual(spec.adapt(c.state, null), c.state, `${name}: a valid state stays as it is`);
      const got = spec.view(c.state, ctx);
      if (c.message) {
        assert.ok(c.torch_refuses, `${name}: torch refuses too`);
        assert.deepEqual(got, { message: c.message }, `${name}: message`);
      } else {
        assert.equal(got.message, undefined, `${name}: no message (${got.message})`);
        if (got.picture !== c.picture) assert.fail(`${name}: picture differs ${firstDifference(got.picture, c.picture)}`);
        assert.equal(got.sentence, c.sentence, `${name}: sentence`);
        assert.equal(got.above, c.above, `${name}: above`);
        assert.equal(got.below, c.below, `${name}: below`);
        assert.deepEqual(got.output, c.output, `${name}: sizes equal torch's`);
      }
      for (const [key, [lo, hi]] of Object.entries(c.bounds)) {
        const b = spec.control(key, c.state);
        assert.deepEqual([b.lo, b.hi], [lo, hi], `${name}: bounds of ${key}`);
      }
    }
    assert.ok(messages > 0, "some states are refused");
  });

  if (edition.moves) {
    test(`shape (${lang}): ${edition.moves.length} slider moves adapt as Python's _adapt`, () => {
      for (const m of edition.moves) {
        const name = `${JSON.stringify(m.state)} → ${m.name}=${m.value}`;
        const after = spec.adapt({ ...m.state, [m.name]: m.value }, m.name);
        assert.deepEqual(after, m.after, name);
        for (const [key, [lo, hi]] of Object.entries(m.bounds)) {
          const b = spec.control(key, after);
          assert.deepEqual([b.lo, b.hi], [lo, hi], `${name}: bounds of ${key}`);
        }
      }
    });
  }
}

test("shape: out-of-range values are clamped into the sliders' bounds", () => {
  const got = spec.adapt({ size: 99, kernel_size: 0, stride: 2, padding: -1, dilation: 1, output_padding: 3 }, null);
  assert.deepEqual(got, { size: 70, kernel_size: 1, stride: 2, padding: 0, dilation: 1, output_padding: 1 });
});

test("shape: the declared shape of the spec", () => {
  assert.equal(spec.step, undefined);
  assert.deepEqual(spec.columns({}).flat().sort(), spec.keys.slice().sort());
});
