// Checks shared by matrix.test.mjs and matrix_step.test.mjs: every fixture case (state → picture, sentence,
// output, bounds) and every transition (one slider moved → Python's values and bounds) against a view's spec.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

export function loadFixture(kind) {
  return JSON.parse(readFileSync(new URL(`./fixtures/${kind}.json`, import.meta.url), "utf-8"));
}

function sha(text) {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i}: JS …${a.slice(Math.max(0, i - 80), i + 80)}… Python …${b.slice(Math.max(0, i - 80), i + 80)}…`;
}

function boundsOf(spec, state) {
  return Object.fromEntries(spec.keys.map((name) => {
    const c = spec.control(name, state);
    return [name, [c.lo, c.hi]];
  }));
}

export function checkKind(kind, spec, fixture, checkOutput) {
  for (const [lang, { ctx, cases, transitions }] of Object.entries(fixture)) {
    test(`${kind} (${lang}): ${cases.length} states: picture, sentence, output, bounds as Python and torch`, () => {
      let full = 0;
      for (const c of cases) {
        const name = `${kind} ${lang} ${JSON.stringify(c.state)}`;
        assert.deepEqual(spec.adapt({ ...c.state }, null), c.state, `${name}: adapt moved a valid state`);
        assert.deepEqual(boundsOf(spec, c.state), c.bounds, `${name}: bounds`);
        const v = spec.view(c.state, ctx);
        assert.equal(v.message, undefined, `${name}: message`);
        assert.equal(c.message, "", `${name}: Python shows a message`);
        assert.equal(v.sentence, c.sentence, `${name}: sentence`);
        assert.equal(v.above, c.above, `${name}: above`);
        assert.equal(v.below, c.below, `${name}: below`);
        if (c.picture !== null) {
          full += 1;
          assert.ok(v.picture === c.picture, `${name}: picture differs ${firstDifference(v.picture, c.picture)}`);
        }
        assert.equal(sha(v.picture), c.picture_sha256, `${name}: picture (SHA-256) differs from Python's`);
        checkOutput(v.output, c.output, name);
      }
      assert.ok(full > 0, "some pictures compared in full");
    });
    test(`${kind} (${lang}): ${transitions.length} slider moves adapt as Python's _adapt`, () => {
      for (const t of transitions) {
        const [changed] = Object.keys(t.set);
        const name = `${kind} ${lang} ${JSON.stringify(t.from)} + ${JSON.stringify(t.set)}`;
        const from = spec.adapt({ ...t.from }, null);
        const { lo, hi } = spec.control(changed, from);
        assert.ok(lo <= t.set[changed] && t.set[changed] <= hi, `${name}: the value is outside the JS control's range`);
        const next = spec.adapt({ ...from, ...t.set }, changed);
        assert.deepEqual(next, t.state, `${name}: adapted state`);
        assert.deepEqual(boundsOf(spec, next), t.bounds, `${name}: bounds`);
      }
    });
  }
}
