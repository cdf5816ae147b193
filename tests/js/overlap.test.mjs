// OverlapExplorer (09_checkerboard) in the browser: helpers/js/views/overlap.js against the Python explorer
// (picture, sentence, bounds) and torch (the counts), every fixture case of tests/js/fixtures/overlap.json
// (python tools/fixtures/overlap.py). Most cases carry the picture and counts as SHA-256 digests only.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { VIEWS } from "../../helpers/js/explorers.js";

const fixture = JSON.parse(readFileSync(new URL("./fixtures/overlap.json", import.meta.url), "utf-8"));
const spec = VIEWS.overlap;
const sha = (text) => createHash("sha256").update(text, "utf8").digest("hex").slice(0, 32);
const name = (state) => JSON.stringify(state);

for (const [lang, { ctx, cases }] of Object.entries(fixture)) {
  test(`overlap ${lang}: ${cases.length} states: counts equal torch, picture and sentence equal Python's`, () => {
    for (const c of cases) {
      const got = spec.view(c.state, ctx);
      assert.equal(got.message, undefined, name(c.state));
      assert.equal(got.sentence, c.sentence, `sentence, ${name(c.state)}`);
      if (c.output) assert.deepEqual(got.output, c.output, `counts, ${name(c.state)}`);
      assert.equal(sha(JSON.stringify(got.output)), c.output_sha256, `counts vs torch, ${name(c.state)}`);
      if (c.picture) assert.equal(got.picture, c.picture, `picture, ${name(c.state)}`);
      assert.equal(sha(got.picture), c.picture_sha256, `picture (digest), ${name(c.state)}`);
      assert.equal(got.above, c.above, name(c.state));
      assert.equal(got.below, c.below, name(c.state));
    }
  });

  test(`overlap ${lang}: adapt keeps every state and gives Python's slider bounds`, () => {
    for (const c of cases) {
      const adapted = spec.adapt({ ...c.state }, null);
      assert.deepEqual(adapted, c.state, name(c.state));
      for (const [key, [lo, hi]] of Object.entries(c.bounds)) {
        const b = spec.control(key, adapted);
        assert.deepEqual([b.lo, b.hi], [lo, hi], `bounds of ${key}, ${name(c.state)}`);
      }
    }
  });
}

test("overlap: adapt clamps padding when the sizes shrink (Python's slider max)", () => {
  const s = spec.adapt({ input_size: 1, kernel_size: 1, stride: 8, padding: 5 }, "input_size");
  assert.deepEqual(s, { input_size: 1, kernel_size: 1, stride: 8, padding: 0 });
  const t = spec.adapt({ input_size: 9, kernel_size: 0, stride: 3, padding: 30 }, "padding");
  assert.deepEqual(t, { input_size: 8, kernel_size: 1, stride: 3, padding: 10 });
});
