// views/window.js (08's SlidingWindowExplorer) against tests/js/fixtures/window.json (tools/fixtures/window.py):
// the picture byte for byte (SHA-256; the whole SVG where the fixture has it), the sentence, the slider bounds
// and adapt's moves as Python's _adapt, and the numbers as torch's conv_transpose2d.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { VIEWS } from "../../helpers/js/explorers.js";

const fixture = JSON.parse(readFileSync(new URL("./fixtures/window.json", import.meta.url), "utf-8"));
const spec = VIEWS.window;
const sha = (text) => createHash("sha256").update(text, "utf-8").digest("hex");

function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i}:\n  js:     …${a.slice(Math.max(0, i - 80), i + 80)}\n  python: …${b.slice(Math.max(0, i - 80), i + 80)}`;
}

for (const [lang, edition] of Object.entries(fixture)) {
  const { ctx, cases, settings } = edition;

  test(`window (${lang}): ${cases.length} states draw Python's picture and sentence, and torch's numbers`, () => {
    let whole = 0;
    for (const c of cases) {
      const name = JSON.stringify(c.state);
      assert.deepEqual(spec.adapt(c.state, null), c.state, `${name}: a valid state stays as it is`);
      const got = spec.view(c.state, ctx);
      assert.equal(got.message, undefined, `${name}: no message`);
      assert.equal(got.sentence, c.sentence, `${name}: sentence`);
      assert.equal(got.above, "", `${name}: nothing above`);
      assert.equal(got.below, "", `${name}: nothing below`);
      if (c.picture !== undefined) {
        whole += 1;
        if (got.picture !== c.picture) assert.fail(`${name}: picture differs ${firstDifference(got.picture, c.picture)}`);
      }
      assert.equal(sha(got.picture), c.picture_sha256, `${name}: picture (SHA-256) differs from Python's`);
      assert.deepEqual(got.output.y, settings[c.output.y].y, `${name}: output equals torch's conv_transpose2d`);
      assert.equal(got.output.value, c.output.value, `${name}: the window's value equals torch's`);
      for (const [key, [lo, hi]] of Object.entries(settings[c.output.y].bounds)) {
        const b = spec.control(key, c.state);
        assert.deepEqual([b.lo, b.hi], [lo, hi], `${name}: bounds of ${key}`);
      }
    }
    assert.ok(whole > 0, "some cases carry the whole picture");
  });

  if (edition.sweep) {
    const total = Object.values(edition.sweep).reduce((n, steps) => n + steps.length, 0);
    test(`window (${lang}): every position of all ${Object.keys(edition.sweep).length} settings (${total} states) as Python and torch`, () => {
      for (const [key, steps] of Object.entries(edition.sweep)) {
        const [input_size, kernel_size, stride, output_padding, padding] = key.split(",").map(Number);
        const y = settings[key].y;
        assert.equal(steps.length, y.length * y.length, `${key}: one step per output cell`);
        steps.forEach(([value, sentence, picture], position) => {
          const state = { input_size, kernel_size, stride, output_padding, padding, position };
          const name = JSON.stringify(state);
          assert.deepEqual(spec.adapt(state, null), state, `${name}: a valid state stays as it is`);
          const got = spec.view(state, ctx);
          assert.equal(got.sentence, sentence, `${name}: sentence`);
          assert.equal(sha(got.picture), picture, `${name}: picture (SHA-256) differs from Python's`);
          assert.deepEqual(got.output.y, y, `${name}: output equals torch's conv_transpose2d`);
          assert.equal(got.output.value, value, `${name}: the window's value equals torch's`);
          assert.equal(got.output.value, y[Math.floor(position / y.length)][position % y.length], `${name}: value is y at the cell`);
        });
      }
    });
  }

  if (edition.moves) {
    test(`window (${lang}): ${edition.moves.length} slider moves adapt as Python's _adapt`, () => {
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

test("window: out-of-range values are clamped into the sliders' bounds", () => {
  const got = spec.adapt({ input_size: 9, kernel_size: 0, stride: 7, output_padding: 5, padding: 3, position: 999 }, null);
  assert.deepEqual(got, { input_size: 4, kernel_size: 1, stride: 3, output_padding: 2, padding: 0, position: 12 * 12 - 1 });
});

test("window: the declared shape of the spec", () => {
  assert.equal(spec.step, "position");
  assert.deepEqual(spec.keys.slice().sort(), ["input_size", "kernel_size", "output_padding", "padding", "position", "stride"]);
  assert.deepEqual(spec.columns({}).flat().sort(), spec.keys.slice().sort());
});
