// UpsampleExplorer (10_upsampling_in_practice): upsample a 64×64 photo by 1–4× three ways (bilinear
// ConvTranspose2d, a random-kernel ConvTranspose2d, nearest + 3×3 convolution) and show the input, the
// output and a zoom. Ports operations.upsample_image (with bilinear_kernel, overlap_count, overlap_interior,
// nearest_conv_reach), captions.upsample_caption and svg.images_svg; the images are PNGs encoded here
// (stored deflate), so the picture equals Python's apart from the images' data URLs.
//
// State: factor, method (the controls) and `image`, the input Python sends (operations.sample_image(64) as
// nested lists). The fixed random 3×3 kernel that "random" (scaled to sum f²) and "nearest+conv" (scaled to
// sum 1) use, operations._random_kernel() = np.random.default_rng(0).uniform(0, 1, (3, 3)), is generated here
// bit for bit (NumPy's SeedSequence + PCG64), so it needs no trait.

import { tr, el, fmt, label, outline, caption, textwrap, wrapWide, pyRound, svgDoc } from "../core.js";

const METHODS = ["bilinear", "random", "nearest+conv"];   // operations.UPSAMPLE_METHODS
const FACTORS = [1, 4];
const ZOOM = [24, 24, 16, 16];   // UpsampleExplorer.ZOOM: top, left, height, width of the zoom, in input pixels
const DISPLAY = 200, FONT = 19;   // UpsampleExplorer.DISPLAY, FONT: three 200-px images, 19-px titles (≥ 18 px on a 1280×720 slide)

const zeros = (h, w) => Array.from({ length: h }, () => new Array(w).fill(0));

/** ndarray.sum() of a small 2-D array (≤ 128 values) in NumPy's order (its pairwise sum: 8 partial sums). */
function sum2(a) {
  const v = a.flat();
  if (v.length < 8) return v.reduce((t, x) => t + x, 0);
  const r = v.slice(0, 8);
  let i = 8;
  for (; i < v.length - (v.length % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += v[i + j];
  let t = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
  for (; i < v.length; i++) t += v[i];
  return t;
}

/** numpy.rint for v ≥ 0: round half to even. */
function rint(v) {
  const r = Math.round(v);   // half up
  return r - v === 0.5 && (r & 1) === 1 ? r - 1 : r;
}

/** operations.bilinear_kernel(f): the (2f − f % 2)-square bilinear kernel. */
function bilinearKernel(f) {
  const size = 2 * f - (f % 2);
  const center = size % 2 === 1 ? f - 1 : f - 0.5;
  const filt = [];
  for (let i = 0; i < size; i++) filt.push(1 - Math.abs(i - center) / f);
  return filt.map((a) => filt.map((b) => a * b));
}

/** The flat size×size array as nested rows (plain arrays: the `output` a view returns). */
function toRows(flat, size) {
  const rows = new Array(size);
  for (let r = 0, at = 0; r < size; r++) {
    const row = new Array(size);
    for (let c = 0; c < size; c++, at++) row[c] = flat[at];
    rows[r] = row;
  }
  return rows;
}

/** operations.conv_transpose2d for one channel, square x and K: stride s, padding p, output_padding op. */
function convTranspose(x, K, s, p, op) {
  const n = x.length, k = K.length;
  const size = (n - 1) * s + k - 2 * p + op;
  const out = new Float64Array(size * size);
  for (let i = 0; i < n; i++) {
    const xrow = x[i];
    for (let a = 0; a < k; a++) {
      const r = i * s + a - p;
      if (r < 0 || r >= size) continue;
      const Krow = K[a], base = r * size;
      for (let j = 0; j < n; j++) {
        const v = xrow[j];
        for (let b = 0; b < k; b++) {
          const c = j * s + b - p;
          if (c >= 0 && c < size) out[base + c] += v * Krow[b];
        }
      }
    }
  }
  return toRows(out, size);
}

/** operations.conv2d (stride 1, zero padding p: a cross-correlation by the square K) of the nearest-neighbour
 * resize of the square x by f, whose pixel (i, j) is x[⌊i/f⌋][⌊j/f⌋]. */
function nearestConv(x, f, K, p) {
  const m = x.length * f, k = K.length;
  const big = [];
  for (let i = 0; i < m; i++) {
    const src = x[Math.floor(i / f)], row = new Float64Array(m);
    for (let j = 0; j < m; j++) row[j] = src[Math.floor(j / f)];
    big.push(row);
  }
  const size = m + 2 * p - k + 1;
  const out = new Float64Array(size * size);
  for (let r = 0; r < size; r++) {
    for (let a = 0; a < k; a++) {
      const i = r + a - p;
      if (i < 0 || i >= m) continue;
      const xrow = big[i], Krow = K[a], base = r * size;
      for (let c = 0; c < size; c++) {
        let t = 0;
        for (let b = 0; b < k; b++) {
          const j = c + b - p;
          if (j >= 0 && j < m) t += xrow[j] * Krow[b];
        }
        out[base + c] += t;
      }
    }
  }
  return toRows(out, size);
}

// ---------------------------------------------------------------- operations._random_kernel, generated identically

// NumPy's np.random.default_rng(seed).uniform(0, 1, n): SeedSequence(seed) → PCG64 (XSL-RR 128/64) → doubles
// (next_uint64 >> 11) · 2⁻⁵³, bit for bit (tests/js/upsample.test.mjs compares with NumPy's draw).
const M32 = 0xffffffffn, M64 = (1n << 64n) - 1n, M128 = (1n << 128n) - 1n;
const PCG_MULT = (2549297995355413924n << 64n) + 4865540595714422341n;
const mul32 = (a, b) => Number((BigInt(a) * BigInt(b)) & M32);

/** numpy.random.SeedSequence(seed).generate_state(n, uint64) for a seed < 2³² (pool size 4, no spawn key). */
function seedState(seed, n) {
  let hc = 0x43b0d7e5;   // INIT_A
  const hashmix = (value) => {
    value = (value ^ hc) >>> 0;
    hc = mul32(hc, 0x931e8875);   // MULT_A
    value = mul32(value, hc);
    return (value ^ (value >>> 16)) >>> 0;
  };
  const mix = (x, y) => {
    const r = Number((0xca01f9ddn * BigInt(x) - 0x4973f715n * BigInt(y)) & M32);
    return (r ^ (r >>> 16)) >>> 0;
  };
  const pool = [0, 1, 2, 3].map((i) => hashmix(i === 0 ? seed : 0));
  for (let s = 0; s < 4; s++) for (let d = 0; d < 4; d++) if (s !== d) pool[d] = mix(pool[d], hashmix(pool[s]));
  let hb = 0x8b51f9dd;   // INIT_B
  const words = [];
  for (let i = 0; i < 2 * n; i++) {
    let v = (pool[i % 4] ^ hb) >>> 0;
    hb = mul32(hb, 0x58f38ded);   // MULT_B
    v = mul32(v, hb);
    words.push((v ^ (v >>> 16)) >>> 0);
  }
  return Array.from({ length: n }, (_, i) => BigInt(words[2 * i]) | (BigInt(words[2 * i + 1]) << 32n));
}

/** np.random.default_rng(seed).uniform(0.0, 1.0, count) as a list. */
function uniforms(seed, count) {
  const [a, b, c, d] = seedState(seed, 4);
  const inc = ((((c << 64n) | d) << 1n) | 1n) & M128;
  let state = 0n;
  const step = () => { state = (state * PCG_MULT + inc) & M128; };
  step();
  state = (state + ((a << 64n) | b)) & M128;
  step();
  const out = [];
  for (let i = 0; i < count; i++) {
    step();
    const x = ((state >> 64n) ^ state) & M64, rot = state >> 122n;
    const word = ((x >> rot) | (x << ((64n - rot) & 63n))) & M64;
    out.push(Number(word >> 11n) / 9007199254740992);
  }
  return out;
}

let RANDOM_KERNEL = null;

/** operations._random_kernel(): np.random.default_rng(0).uniform(0.0, 1.0, (3, 3)). */
function randomKernel() {
  if (RANDOM_KERNEL === null) {
    const v = uniforms(0, 9);
    RANDOM_KERNEL = [v.slice(0, 3), v.slice(3, 6), v.slice(6, 9)];
  }
  return RANDOM_KERNEL.map((row) => row.slice());
}

/** operations.upsample_image(image, f, method) → [output, info]. */
function upsampleImage(image, f, method) {
  const rk = method === "bilinear" ? null : randomKernel();
  if (method === "nearest+conv") {
    const total = sum2(rk);
    const K = rk.map((row) => row.map((v) => v / total));
    return [nearestConv(image, f, K, 1), { method, kernel: K, padding: 1 }];
  }
  let K, k, p, op;
  if (method === "bilinear") {
    K = bilinearKernel(f);
    k = K.length;
    p = Math.floor((k - f) / 2);
    op = 0;
  } else {
    const total = sum2(rk);
    K = rk.map((row) => row.map((v) => v * f * f / total));
    k = 3;
    p = Math.max(0, -Math.floor(-(k - f) / 2));
    op = 2 * p - (k - f);
  }
  return [convTranspose(image, K, f, p, op), { method, kernel: K, stride: f, padding: p, output_padding: op }];
}

/** The 1-D overlap count of operations.overlap_count(n, k, s, p, op) (the 2-D map is its outer product). */
function overlapProfile(n, k, s, p, op = 0) {
  const size = (n - 1) * s + k - 2 * p + op;
  const out = [];
  for (let c = 0; c < size; c++) {
    const t = c + p;
    let count = 0;
    for (let i = 0; i < n; i++) if (i * s <= t && t < i * s + k) count += 1;
    out.push(count);
  }
  return out;
}

/** operations.overlap_interior → [top, left, height, width] (all 0 if none). */
function overlapInterior(n, k, s, p) {
  const size = (n - 1) * s + k - 2 * p;
  const lo = Math.max(k - s - p, 0), hi = Math.min(n * s - 1 - p, size - 1);
  return lo <= hi ? [lo, lo, hi - lo + 1, hi - lo + 1] : [0, 0, 0, 0];
}

/** operations.nearest_conv_reach, per axis: [seen, taps] (the 2-D arrays are their outer products). */
function nearestConvReach(n, f, k, p) {
  const m = n * f;
  const seen = [], taps = [];
  for (let i = 0; i < m; i++) {
    const pixels = new Set();
    let t = 0;
    for (let b = 0; b < k; b++) {
      const c = i - p + b;
      if (c >= 0 && c < m) { pixels.add(Math.floor(c / f)); t += 1; }
    }
    seen.push(pixels.size);
    taps.push(t);
  }
  return [seen, taps];
}

/** Min and max of the outer product a ⊗ a (counts: small integers ≥ 0, so min·min and max·max exactly). */
function outerMinMax(a) {
  const lo = Math.min(...a), hi = Math.max(...a);
  return [lo * lo, hi * hi];
}

/** captions.upsample_caption(n, f, info) */
function upsampleCaption(ctx, n, f, info) {
  const t = (id, fields) => tr(ctx.texts, id, fields);
  const k = info.kernel.length;
  if (info.method === "nearest+conv") {
    const [seen, taps] = nearestConvReach(n, f, k, info.padding);
    // seen[taps == k·k] in 2-D: taps ≤ k per axis, so both axes use all k taps
    const [lo, hi] = outerMinMax(seen.filter((_, i) => taps[i] === k));
    const fields = { f, n, nf: n * f, k, taps: k * k, lo, hi };
    return t(lo === hi ? "captions.upsample_nearest_conv_same" : "captions.upsample_nearest_conv", fields);
  }
  const p = info.padding, op = info.output_padding;
  const size = op ? t("captions.upsample_method_op", { k, f, p, op }) : t("captions.upsample_method", { k, f, p });
  const formula = (`(${n} − 1)·${f} − 2·${p} + ${k}` + (op ? ` + ${op}` : "") + ` = ${n * f}`).replace(/ /g, "\u00a0");
  const prof = overlapProfile(n, k, f, p, op);
  const [lo, hi] = outerMinMax(prof);
  const [it, , ih] = overlapInterior(n, k, f, p);
  const innerRows = prof.slice(it, it + ih);   // the interior is square: rows and columns alike
  const [ilo, ihi] = innerRows.length ? outerMinMax(innerRows) : [0, 0];
  let why;
  if (info.method === "bilinear") {
    if (f === 1) why = t("captions.upsample_identity");
    else {
      const ones = zeros(n, n).map((row) => row.fill(1));
      why = t("captions.upsample_bilinear", { lo, hi, edge: fmt(Math.min(...convTranspose(ones, info.kernel, f, p, op).map((row) => Math.min(...row)))) });
    }
  } else if (lo === hi) why = t("captions.upsample_even", { k, f, c: lo });
  else if (innerRows.length && ilo === ihi) {
    why = f === 1 ? t("captions.upsample_blur", { c: ilo, lo }) : t("captions.upsample_even_inside", { k, f, c: ilo, lo });
  } else if (hi <= 1) why = t("captions.upsample_gaps", { k, f });
  else why = lo === 0 ? t("captions.upsample_uneven_gaps", { k, f, hi }) : t("captions.upsample_uneven", { k, f, lo, hi });
  return t("captions.upsample_line", { method: info.method, size, formula, why });
}

// ---------------------------------------------------------------- PNG (svg.image_png), no DOM, no compression

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes, start, end) {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function adler32(bytes) {
  let a = 1, b = 0;
  for (let i = 0; i < bytes.length; i += 5552) {   // 5552 bytes never overflow the sums before the modulo
    const end = Math.min(bytes.length, i + 5552);
    for (let j = i; j < end; j++) { a += bytes[j]; b += a; }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** rint(clip(v, 0, 1)·255): one grey level of svg.image_png. */
function greyLevel(v) {
  return rint(Math.min(1, Math.max(0, v)) * 255);
}

/** The 8-bit grey levels of image (H, W) clipped to [0, 1], as svg.image_png writes them. */
function greyLevels(image) {
  return image.map((row) => row.map(greyLevel));
}

const be32 = (v) => [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];

/** An 8-bit greyscale PNG of `image` (values clipped to [0, 1]) as bytes: zlib with stored deflate blocks. */
function pngBytes(image) {
  const h = image.length, w = image[0].length;
  const raw = new Uint8Array(h * (w + 1));   // each row: filter byte 0, then the pixels
  for (let r = 0; r < h; r++) {
    const row = image[r], at = r * (w + 1) + 1;
    for (let c = 0; c < w; c++) raw[at + c] = greyLevel(row[c]);
  }
  const blocks = Math.max(1, Math.ceil(raw.length / 65535));
  const zlib = new Uint8Array(2 + raw.length + 5 * blocks + 4);
  zlib[0] = 0x78; zlib[1] = 0x01;
  let at = 2;
  for (let b = 0; b < blocks; b++) {
    const part = raw.subarray(b * 65535, Math.min(raw.length, (b + 1) * 65535));
    zlib[at] = b === blocks - 1 ? 1 : 0;
    zlib[at + 1] = part.length & 0xff; zlib[at + 2] = part.length >>> 8;
    zlib[at + 3] = ~part.length & 0xff; zlib[at + 4] = (~part.length >>> 8) & 0xff;
    zlib.set(part, at + 5);
    at += 5 + part.length;
  }
  zlib.set(be32(adler32(raw)), at);
  const ihdr = [...be32(w), ...be32(h), 8, 0, 0, 0, 0];
  const chunks = [["IHDR", ihdr], ["IDAT", zlib], ["IEND", []]];
  const total = 8 + chunks.reduce((t, [, data]) => t + 12 + data.length, 0);
  const out = new Uint8Array(total);
  out.set([137, 80, 78, 71, 13, 10, 26, 10], 0);
  let o = 8;
  for (const [type, data] of chunks) {
    const len = data.length;
    out.set(be32(len), o);
    for (let i = 0; i < 4; i++) out[o + 4 + i] = type.charCodeAt(i);
    out.set(data, o + 8);
    out.set(be32(crc32(out, o + 4, o + 8 + len)), o + 8 + len);
    o += 12 + len;
  }
  return out;
}

const B64 = new Uint8Array([..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].map((ch) => ch.charCodeAt(0)));

/** Base64 of bytes (RFC 4648, with padding). */
function base64(bytes) {
  const n = bytes.length, codes = new Uint8Array(4 * Math.ceil(n / 3));
  let o = 0;
  for (let i = 0; i < n; i += 3) {
    const a = bytes[i], b = i + 1 < n ? bytes[i + 1] : 0, c = i + 2 < n ? bytes[i + 2] : 0;
    const v = (a << 16) | (b << 8) | c;
    codes[o] = B64[v >>> 18];
    codes[o + 1] = B64[(v >>> 12) & 63];
    codes[o + 2] = i + 1 < n ? B64[(v >>> 6) & 63] : 61;   // "="
    codes[o + 3] = i + 2 < n ? B64[v & 63] : 61;
    o += 4;
  }
  const parts = [];
  for (let i = 0; i < codes.length; i += 8192) parts.push(String.fromCharCode.apply(null, codes.subarray(i, i + 8192)));
  return parts.join("");
}

/** svg.images_svg(images, titles, display, caption, cls, 0, 1, frames) with PNGs encoded here. */
function imagesSvg(ctx, images, titles, display, text, cls, frames, titleFont = 15, captionFont = 16, titleLines = 2) {
  const margin = 16, gap = 24;
  const step = pyRound(titleFont * 1.2);
  const top = 8 + titleLines * step;
  const out = [];
  let x = margin;
  const heights = [];
  images.forEach((img, index) => {
    const h = display * img.length / img[0].length;
    const title = titles[index];
    const lines = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/.test(title) ? wrapWide(title, display, titleFont)
      : textwrap(title, Math.max(12, Math.trunc(display / (titleFont * 0.58))));
    for (let n = 0; n < lines.length - 1; n++) {   // an opening bracket goes with the word after it (svg._OPENING)
      const last = lines[n].slice(-1);
      if ("（《「『".includes(last) && last) { lines[n + 1] = last + lines[n + 1]; lines[n] = lines[n].slice(0, -1).trimEnd(); }
    }
    lines.slice(0, titleLines).forEach((line, n) => label(out, x, top - 10 - step * (Math.min(lines.length, titleLines) - 1 - n), line, titleFont));
    out.push(el("image", null, { x, y: top, width: display, height: h, preserveAspectRatio: "none",
      style: "image-rendering:pixelated", image_rendering: "pixelated", href: `data:image/png;base64,${base64(pngBytes(img))}` }));
    out.push(el("rect", null, { x, y: top, width: display, height: h, fill: "none", stroke: "#333" }));
    const scale = display / img[0].length;
    for (const [which, [ft, fl, fh, fw]] of frames) {
      if (which === index) outline(out, x + fl * scale, top + ft * scale, fw * scale, fh * scale, ctx.PICK, 2.5, null, "zoom");
    }
    heights.push(h);
    x += display + gap;
  });
  const width = x - gap + margin;
  let height = top + Math.max(...heights) + 8;
  if (text) height = caption(out, margin, height, text, width - 2 * margin, captionFont);
  return svgDoc(ctx, cls, width, height + 8, out);
}

function control(name) {
  if (name === "method") return { type: "select", options: METHODS.slice() };
  return { type: "range", lo: FACTORS[0], hi: FACTORS[1] };
}

/** UpsampleExplorer._adapt has nothing to narrow: factor stays in 1..4, method one of the three. */
function adapt(state) {
  const next = { ...state };
  next.factor = Math.min(FACTORS[1], Math.max(FACTORS[0], Math.trunc(Number(next.factor)) || FACTORS[0]));
  if (!METHODS.includes(next.method)) next.method = METHODS[0];
  return next;
}

function view(state, ctx) {
  const { factor: f, method, image } = state;
  const [out, info] = upsampleImage(image, f, method);
  const [t, l, h, w] = ZOOM;
  const zoom = out.slice(t * f, (t + h) * f).map((row) => row.slice(l * f, (l + w) * f));
  const n = image.length;
  const sentence = upsampleCaption(ctx, n, f, info);
  const titles = [tr(ctx.texts, "widgets.upsample_input_title", { n }),
    tr(ctx.texts, "widgets.upsample_output_title", { size: n * f, method }),
    tr(ctx.texts, "widgets.upsample_zoom_title", { h: h * f, w: w * f })];
  const picture = imagesSvg(ctx, [image, out, zoom], titles, DISPLAY, sentence, "tconv-images tconv-upsample",
    [[1, [t * f, l * f, h * f, w * f]]], FONT, FONT, 3);
  return { picture, above: "", below: "", output: out, sentence, info };
}

export const spec = {
  keys: ["factor", "method", "image"],
  fixed: ["image"],
  css: "tconv-upsample-explorer",
  pictureClass: "tconv-upsample-view",
  columns: () => [["factor", "method"]],
  control,
  adapt,
  view,
};
spec.upsampleImage = upsampleImage;
spec.randomKernel = randomKernel;
spec.uniforms = uniforms;
spec.bilinearKernel = bilinearKernel;
spec.upsampleCaption = upsampleCaption;
spec.pngBytes = pngBytes;
spec.greyLevels = greyLevels;
spec.base64 = base64;
