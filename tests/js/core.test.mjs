// core.js against Python's own answers (fixtures written by tools/fixtures/core.py with CPython 3.11).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as core from "../../helpers/js/explorers.js";

const fixture = JSON.parse(readFileSync(new URL("./fixtures/core.json", import.meta.url)));

test("num equals svg._num", () => {
  for (const [v, want] of fixture.num) assert.equal(core.num(v), want, `num(${v})`);
});

test("fmt equals captions.fmt", () => {
  for (const [v, want] of fixture.fmt) assert.equal(core.fmt(v), want, `fmt(${v})`);
});

test("pyRound(v, 1) equals round(v, 1)", () => {
  for (const [v, want] of fixture.round1) assert.equal(core.pyRound(v, 1), want, `round(${v}, 1)`);
});

test("sumText equals captions.sum_text", () => {
  for (const [value, pairs, want] of fixture.sum_text) {
    assert.equal(core.sumText(fixture.texts, value, pairs), want, `sum_text(${value}, ${JSON.stringify(pairs)})`);
  }
});

test("textwrap equals textwrap.wrap", () => {
  for (const [text, width, want] of fixture.wrap) assert.deepEqual(core.textwrap(text, width), want, `wrap(${JSON.stringify(text)}, ${width})`);
});

test("wrapWide equals svg._wrap_wide", () => {
  for (const [text, width, font, want] of fixture.wrap_wide) assert.deepEqual(core.wrapWide(text, width, font), want, text);
});

test("tr fills fields as str.format does", () => {
  for (const [id, fields, want] of fixture.tr) assert.equal(core.tr(fixture.texts, id, fields), want, id);
});

test("elementLabel equals palette.element_label", () => {
  for (const [n, want] of fixture.labels) assert.equal(core.elementLabel(n), want, `label(${n})`);
});
