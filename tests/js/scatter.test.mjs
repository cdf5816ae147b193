// ScatterExplorer in the browser (helpers/js/views/scatter.js) against tests/js/fixtures/scatter.json
// (tools/fixtures/scatter.py): the picture byte for byte (SHA-256 of the SVG; the SVG itself where the
// fixture carries it), the sentence, the formula line, the readout, the output grid (torch's numbers)
// and the controls' bounds after adapt (Python's _adapt), in English and in Chinese.
// Reference: helpers/explorers/scatter.py (ScatterExplorer).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { VIEWS } from "../../helpers/js/explorers.js";

const spec = VIEWS.scatter;
const fixtures = JSON.parse(readFileSync(new URL("./fixtures/scatter.json", import.meta.url), "utf8"));
const sha = (text) => createHash("sha256").update(text, "utf8").digest("hex");
const KEYS = spec.keys;

function named(state) {
  const { x, weight, ...rest } = state;
  return JSON.stringify(x === null ? rest : { ...rest, x, weight });
}

/** Where two texts first differ, with some context (an SVG is too long to print whole). */
function firstDiff(got, want) {
  let i = 0;
  while (i < got.length && got[i] === want[i]) i++;
  return `first difference at ${i}: got …${got.slice(Math.max(0, i - 120), i + 120)}… want …${want.slice(Math.max(0, i - 120), i + 120)}…`;
}

function pick(state) {
  return Object.fromEntries(KEYS.map((k) => [k, state[k]]));
}

function close(got, want, where) {
  assert.equal(got.length, want.length, `${where}: rows`);
  got.forEach((row, r) => {
    assert.equal(row.length, want[r].length, `${where}: columns of row ${r}`);
    row.forEach((v, c) => {
      assert.ok(Math.abs(v - want[r][c]) <= 1e-9 * Math.max(1, Math.abs(want[r][c])),
        `${where}: Y[${r}, ${c}] = ${v}, torch ${want[r][c]}`);
    });
  });
}

function checkBounds(state, bounds, groupsValues, where) {
  for (const [name, [lo, hi]] of Object.entries(bounds)) {
    const c = spec.control(name, state);
    if (c.values) {
      assert.deepEqual(c.values, groupsValues, `${where}: ${name} values`);
      assert.deepEqual([c.values[0], c.values.at(-1)], [lo, hi], `${where}: ${name} bounds`);
    } else {
      assert.deepEqual([c.lo, c.hi], [lo, hi], `${where}: ${name} bounds`);
    }
  }
}

for (const [language, { ctx, cases, transitions }] of Object.entries(fixtures)) {
  test(`scatter ${language}: ${cases.length} states, pictures and numbers equal Python's and torch's`, () => {
    assert.ok(cases.length > 0);
    for (const c of cases) {
      const where = `${language} ${c.config} ${named(c.state)}`;
      const adapted = spec.adapt(c.state, null);
      assert.deepEqual(pick(adapted), c.state, `${where}: adapt(state, null) moved a value`);
      const shown = spec.columns(c.state).flat();
      for (const name of Object.keys(c.bounds)) assert.ok(shown.includes(name) || name === "out_channel", `${where}: ${name} shown`);
      checkBounds(c.state, c.bounds, c.groups_values, where);
      const v = spec.view(adapted, ctx);
      if (c.message) {
        assert.equal(v.message, c.message, `${where}: message`);
        continue;
      }
      assert.equal(v.message, undefined, `${where}: unexpected message ${v.message}`);
      if (c.picture !== null) assert.ok(v.picture === c.picture, `${where}: picture, ${firstDiff(v.picture, c.picture)}`);
      assert.equal(sha(v.picture), c.picture_sha256, `${where}: picture (SHA-256)`);   // run the fixture with more full pictures to see a difference
      assert.equal(v.sentence, c.sentence, `${where}: sentence`);
      assert.equal(v.above, c.above, `${where}: formula line`);
      assert.equal(v.below, c.below, `${where}: readout`);
      close(v.output, c.output, where);
    }
  });

  test(`scatter ${language}: ${transitions.length} moves adapt like Python's _adapt`, () => {
    for (const t of transitions) {
      const [[name, value]] = Object.entries(t.set);
      const where = `${language} ${t.config} ${named(t.from)} → ${name}=${value}`;
      const start = spec.adapt(t.from, null);          // as mounted: the state Python sent
      const next = spec.adapt({ ...start, [name]: value }, name);
      assert.deepEqual(pick(next), t.state, `${where}: state`);
      checkBounds(next, t.bounds, spec.control("groups", next).values, where);
    }
  });
}

test("scatter: columns follow Python's layout", () => {
  const base = fixtures.en.cases.find((c) => c.config === "04").state;
  assert.deepEqual(spec.columns(base), [["in_channels", "out_channels", "stride", "padding", "out_channel"], ["step", "row", "col"]]);
  const one = fixtures.en.cases.find((c) => c.config === "01").state;
  assert.deepEqual(spec.columns(one), [["input_size", "kernel_size"], ["step", "row", "col"]]);
  assert.equal(spec.step, "step");
});

test(`scatter: conv_transpose2d port equals torch on ${fixtures.en.conv.length} problems (groups, dilation, rectangles)`, () => {
  for (const c of fixtures.en.conv) {
    const got = spec.convTranspose2d(c.x, c.weight, c.params);
    const where = `${JSON.stringify(c.params)} x ${c.x.length}×${c.x[0].length}×${c.x[0][0].length} weight ${c.weight.length}×${c.weight[0].length}×${c.weight[0][0].length}×${c.weight[0][0][0].length}`;
    assert.equal(got.length, c.output.length, `${where}: output channels`);
    got.forEach((plane, o) => close(plane, c.output[o], `${where} channel ${o}`));
  }
});

test("scatter: with groups > 1 the step control, ◀/▶ and Play count only the copies that reach the output channel shown (issue 19)", () => {
  for (const language of ["en", "zh"]) {
    const steps = fixtures[language].cases.filter((c) => c.group_step);
    assert.ok(steps.length >= 300, `${language}: ${steps.length} group steps`);
    for (const c of steps) {
      const where = `${language} ${c.config} ${named(c.state)}`;
      const s = spec.adapt(c.state, null);
      const [x] = spec.data(s);
      const n = x.length * x[0].length * x[0][0].length;
      assert.ok(s.groups > 1);
      assert.equal(spec.control("step", s).hi, n / s.groups, `${where}: Play runs over this channel's group's copies`);
      const v = spec.view(s, fixtures[language].ctx);
      close(v.output, c.output, where);   // torch with only the group's first `step` (element, channel) pairs
      assert.equal(v.below.includes("&nbsp;"), s.step < n / s.groups, `${where}: the partial note`);
    }
  }
});

test("scatter: 04's and 06's explorers, as their notebook cells build them, start at the lesson's numbers (issue 19)", () => {
  for (const language of ["en", "zh"]) {
    const { lessons, ctx } = fixtures[language];
    assert.deepEqual(lessons.map((l) => l.config), ["04", "06a", "06b", "06b"]);
    for (const l of lessons) {
      const s = spec.adapt(l.state, null);
      assert.deepEqual(pick(s), l.state, `${language} ${l.config}: the start state stays`);
      close(spec.view(s, ctx).output, l.output, `${language} ${l.config}: torch on the lesson's tensors`);
    }
  }
});
