// UpsampleExplorer (10_upsampling_in_practice) in the browser: helpers/js/views/upsample.js against the Python
// explorer (picture apart from the PNG data, sentence, bounds) and torch (the upsampled numbers), all 12 states
// of tests/js/fixtures/upsample.json (python tools/fixtures/upsample.py), English and Chinese. The PNGs the
// view encodes are decoded here (node:zlib) and their grey levels compared with Python's PNGs'.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { inflateSync } from "node:zlib";
import { VIEWS } from "../../helpers/js/explorers.js";

const fixture = JSON.parse(readFileSync(new URL("./fixtures/upsample.json", import.meta.url), "utf-8"));
const spec = VIEWS.upsample;
const HREF = /href="data:image\/png;base64,([^"]*)"/g;
const PLACEHOLDER = 'href="data:image/png;base64,IMG"';
const name = (state) => JSON.stringify(state);

function close(got, want, what) {
  assert.ok(Number.isFinite(got) && Math.abs(got - want) <= 1e-9 * Math.abs(want) + 1e-15,
    `${what}: ${got} vs torch ${want}`);
}

/** A PNG's chunks checked (signature, CRCs, IHDR) and its grey levels (H, W) decoded. */
function decodePng(bytes) {
  assert.deepEqual([...bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], "PNG signature");
  let at = 8, width = 0, height = 0;
  const idat = [];
  const table = [];
  for (let n = 0; n < 256; n++) { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; table.push(c >>> 0); }
  const crc = (b) => { let c = 0xffffffff; for (const x of b) c = table[(c ^ x) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  while (at < bytes.length) {
    const len = bytes.readUInt32BE(at), type = bytes.toString("latin1", at + 4, at + 8);
    const data = bytes.subarray(at + 8, at + 8 + len);
    assert.equal(bytes.readUInt32BE(at + 8 + len), crc(bytes.subarray(at + 4, at + 8 + len)), `CRC of ${type}`);
    if (type === "IHDR") {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4);
      assert.deepEqual([...data.subarray(8)], [8, 0, 0, 0, 0], "8-bit greyscale, no interlace");
    } else if (type === "IDAT") idat.push(data);
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));   // also checks the zlib header and Adler-32
  assert.equal(raw.length, height * (width + 1));
  const grey = Buffer.alloc(width * height);
  for (let r = 0; r < height; r++) {
    assert.equal(raw[r * (width + 1)], 0, "filter 0");
    raw.copy(grey, r * width, r * (width + 1) + 1, (r + 1) * (width + 1));
  }
  return { width, height, grey };
}

for (const [lang, { ctx, image, random_kernel, cases }] of Object.entries(fixture)) {
  for (const c of cases) {
    const state = { ...c.state, image };
    test(`upsample ${lang} ${name(c.state)}: output equals torch, picture and sentence equal Python's`, () => {
      const got = spec.view(state, ctx);
      assert.equal(got.message, undefined);
      assert.equal(got.sentence, c.sentence, "sentence");
      assert.equal(got.above, c.above);
      assert.equal(got.below, c.below);
      assert.equal(got.picture.replace(HREF, PLACEHOLDER), c.picture, "picture apart from the PNG data");
      const out = got.output, m = 64 * c.state.factor;
      assert.equal(out.length, m);
      for (const row of out) assert.equal(row.length, m);
      if (c.output) c.output.forEach((row, r) => row.forEach((v, col) => close(out[r][col], v, `output[${r}][${col}]`)));
      for (const [r, row] of Object.entries(c.output_rows || {})) row.forEach((v, col) => close(out[r][col], v, `output[${r}][${col}]`));
      c.row_sums.forEach((v, r) => close(out[r].reduce((a, b) => a + b, 0), v, `sum of row ${r}`));
      c.col_sums.forEach((v, col) => close(out.reduce((a, row) => a + row[col], 0), v, `sum of column ${col}`));
      // the three PNGs: valid, the right sizes, the grey levels Python's PNGs have
      const pngs = [...got.picture.matchAll(HREF)].map((match) => Buffer.from(match[1], "base64"));
      assert.equal(pngs.length, 3);
      const sizes = [64, m, 16 * c.state.factor];
      const python = fixture.en.cases.find((e) => name(e.state) === name(c.state)).png_grey;
      pngs.forEach((png, i) => {
        const { width, height, grey } = decodePng(png);
        assert.deepEqual([width, height], [sizes[i], sizes[i]], `image ${i} size`);
        const digest = createHash("sha256").update(grey).digest("hex").slice(0, 32);
        if (digest === c.png_grey_sha256[i]) return;
        // only the output image (and its zoom) can differ, and only where value·255 sits on a .5 tie:
        // there the last bit of NumPy's sum or of ours picks the level
        assert.notEqual(i, 0, "the input image's grey levels differ from Python's PNG");
        const img = i === 1 ? out : out.slice(24 * c.state.factor, 40 * c.state.factor)
          .map((row) => row.slice(24 * c.state.factor, 40 * c.state.factor));
        const want = i === 1 ? Buffer.from(python, "base64") : null;
        let ties = 0;
        img.forEach((row, r) => row.forEach((v, col) => {
          const scaled = Math.min(1, Math.max(0, v)) * 255;
          const tie = Math.abs(scaled - Math.floor(scaled) - 0.5) < 1e-9;
          const level = grey[r * width + col];
          if (want) {
            const diff = Math.abs(level - want[r * width + col]);
            assert.ok(diff === 0 || (tie && diff === 1), `image ${i} pixel [${r}][${col}]: ${level} vs Python ${want[r * width + col]} (value ${v})`);
          }
          assert.ok(Math.abs(level - scaled) <= 0.5 + 1e-9, `image ${i} pixel [${r}][${col}]: ${level} for ${v}`);
          if (tie) ties += 1;
        }));
        assert.ok(ties > 0, `image ${i}: grey levels differ from Python's PNG with no tie to explain it`);
      });
    });
  }

  test(`upsample ${lang}: adapt keeps every state; controls give Python's bounds and options`, () => {
    for (const c of cases) {
      const state = { ...c.state, image };
      assert.deepEqual(spec.adapt(state, null), state, name(c.state));
      const f = spec.control("factor", state), mth = spec.control("method", state);
      assert.deepEqual([f.type, f.lo, f.hi], ["range", ...c.bounds.factor]);
      assert.deepEqual([mth.type, mth.options], ["select", c.bounds.method]);
    }
  });
}

test("upsample: adapt brings factor and method back inside their range", () => {
  const s = spec.adapt({ factor: 9, method: "bicubic", image: [[0]] }, "factor");
  assert.equal(s.factor, 4);
  assert.equal(s.method, "bilinear");
  assert.equal(spec.adapt({ factor: 0, method: "random" }, "factor").factor, 1);
});

test("upsample: the random kernel is NumPy's default_rng(0).uniform(0, 1, (3, 3)), bit for bit", () => {
  for (const { random_kernel, uniforms } of Object.values(fixture)) {
    assert.deepEqual(spec.randomKernel(), random_kernel);
    assert.deepEqual(spec.uniforms(12345, uniforms.length), uniforms);
  }
});
