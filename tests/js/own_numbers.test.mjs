// OwnNumbersExplorer in the browser (helpers/js/views/own_numbers.js) against tests/js/fixtures/own_numbers.json
// (tools/fixtures/own_numbers.py): typed numbers drawn byte for byte as Python draws them (SHA-256 of the SVG;
// the SVG itself where the fixture carries it), the sentence, the hint and formula lines, the readout, the output
// grid (torch's numbers), the sliders' bounds, and the sentence for text Python refuses, in English and Chinese.
// Reference: helpers/explorers/scatter.py (OwnNumbersExplorer, parse_rows).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { VIEWS } from "../../helpers/js/explorers.js";

const spec = VIEWS.own_numbers;
const fixtures = JSON.parse(readFileSync(new URL("./fixtures/own_numbers.json", import.meta.url), "utf8"));
const sha = (text) => createHash("sha256").update(text, "utf8").digest("hex");
const pick = (state) => Object.fromEntries(spec.keys.map((k) => [k, state[k]]));

function firstDiff(got, want) {
  let i = 0;
  while (i < got.length && got[i] === want[i]) i++;
  return `first difference at ${i}: got …${got.slice(Math.max(0, i - 120), i + 120)}… want …${want.slice(Math.max(0, i - 120), i + 120)}…`;
}

function close(got, want, where) {
  assert.equal(got.length, want.length, `${where}: rows`);
  got.forEach((row, r) => {
    assert.equal(row.length, want[r].length, `${where}: columns of row ${r}`);
    row.forEach((v, c) => assert.ok(Math.abs(v - want[r][c]) <= 1e-9 * Math.max(1, Math.abs(want[r][c])),
      `${where}: Y[${r}, ${c}] = ${v}, torch ${want[r][c]}`));
  });
}

function checkBounds(state, bounds, where) {
  for (const [name, [lo, hi]] of Object.entries(bounds)) {
    const c = spec.control(name, state);
    assert.deepEqual([c.lo, c.hi], [lo, hi], `${where}: ${name} bounds`);
  }
}

for (const [language, { ctx, cases, transitions }] of Object.entries(fixtures)) {
  test(`own numbers ${language}: ${cases.length} states, pictures, numbers and refusals equal Python's and torch's`, () => {
    assert.ok(cases.some((c) => c.message) && cases.some((c) => !c.message));
    for (const c of cases) {
      const where = `${language} ${c.config} ${JSON.stringify(c.state)}`;
      const adapted = spec.adapt(c.state, null);
      assert.deepEqual(pick(adapted), c.state, `${where}: adapt(state, null) moved a value`);
      const v = spec.view(adapted, ctx);
      checkBounds(c.state, c.bounds, where);
      if (c.message) {
        assert.equal(v.message, c.message, `${where}: message`);
        continue;
      }
      assert.equal(v.message, undefined, `${where}: unexpected message ${v.message}`);
      assert.equal(v.above, c.above, `${where}: formula line`);
      if (c.picture !== null) assert.ok(v.picture === c.picture, `${where}: picture, ${firstDiff(v.picture, c.picture)}`);
      assert.equal(sha(v.picture), c.picture_sha256, `${where}: picture (SHA-256)`);
      assert.equal(v.sentence, c.sentence, `${where}: sentence`);
      assert.equal(v.below, c.below, `${where}: readout`);
      close(v.output, c.output, where);
    }
  });

  test(`own numbers ${language}: ${transitions.length} moves and retyped boxes adapt like Python's _adapt`, () => {
    for (const t of transitions) {
      const [[name, value]] = Object.entries(t.set);
      const where = `${language} ${t.config} ${JSON.stringify(t.from)} → ${name}=${JSON.stringify(value)}`;
      const start = spec.adapt(t.from, null);
      const next = spec.adapt({ ...start, [name]: value }, name);
      assert.deepEqual(pick(next), t.state, `${where}: state`);
      checkBounds(next, t.bounds, where);
      const v = spec.view(next, ctx);
      assert.equal(v.message || "", t.message, `${where}: message`);
    }
  });
}

test("own numbers: columns and text boxes as Python lays them out", () => {
  const state = fixtures.en.cases[0].state;
  assert.deepEqual(spec.columns(state), [["x_rows", "k_rows", "stride", "padding", "output_padding"], ["step", "row", "col"]]);
  assert.deepEqual(spec.control("x_rows", state), { type: "text", placeholder: "1 2; 3 4" });
  assert.deepEqual(spec.control("k_rows", state), { type: "text", placeholder: "4 7; 2 2" });
  assert.equal(spec.step, "step");
});

for (const [language, { ctx, parses }] of Object.entries(fixtures)) {
  test(`own numbers ${language}: parse_rows reads ${parses.length} texts as Python does (numbers or the sentence)`, () => {
    const box = ctx.texts["widgets.label.x_rows"];
    for (const p of parses) {
      const got = VIEWS.scatter.parseRows(ctx.texts, p.text, box, 6, 999);
      if (p.error !== undefined) assert.equal(got.error, p.error, `${language} ${JSON.stringify(p.text)}`);
      else assert.deepEqual(got.rows, p.rows, `${language} ${JSON.stringify(p.text)}`);
    }
  });
}
