// The explorers' shared core: the same text, number and SVG builders as helpers/svg.py and
// helpers/captions.py, so a picture drawn here is the picture Python draws for the same numbers.
// Pure functions only: nothing here touches the DOM (tests/js runs them in Node).

// ---------------------------------------------------------------- texts (helpers/texts/<lang>/*.toml)

/** The text `id` from `texts` (flat id → template, sent by Python from the catalogue), `{field}`s filled in. */
export function tr(texts, id, fields = {}) {
  const template = texts[id];
  if (template === undefined) throw new Error(`no text ${id}`);
  return template.replace(/\{\{|\}\}|\{([A-Za-z_][A-Za-z_0-9]*)\}/g, (whole, name) => {
    if (whole === "{{") return "{";
    if (whole === "}}") return "}";
    if (!(name in fields)) throw new Error(`text ${id} needs the field ${name}`);
    return String(fields[name]);
  });
}

// ---------------------------------------------------------------- numbers as Python writes them

/** Python's html.escape(text, quote=True). */
export function escape(text) {
  text = String(text);
  if (!/[&<>"']/.test(text)) return text;   // most attribute values: nothing to replace
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
}

/** Python's round(v, digits) for a float (round half to even on the exact binary value). */
export function pyRound(v, digits = 0) {
  const s = pyFixed(v, digits);
  return Number(s);
}

/** Python's f"{v:.{digits}f}": the exact binary value rounded half to even. */
export function pyFixed(v, digits) {
  if (Object.is(v, -0)) return "-" + (0).toFixed(digits);   // JS drops the sign of −0; Python keeps it
  const s = v.toFixed(digits);              // correct except at exact ties, where JS rounds up (away from 0)
  const scaled = Math.abs(v) * 10 ** digits;
  const frac = scaled - Math.floor(scaled);
  if (frac === 0.5 && isExactTie(Math.abs(v), digits)) {
    const down = Math.floor(scaled);
    const even = down % 2 === 0 ? down : down + 1;
    const text = (even / 10 ** digits).toFixed(digits);
    return (v < 0 ? "-" : "") + text;
  }
  return s;
}

function isExactTie(a, digits) {
  // a·10^digits = k + 1/2 exactly: a's exact decimal expansion ends in 5 at position digits + 1
  const exact = exactDecimal(a);            // {digits: BigInt, scale}
  if (exact.scale !== digits + 1) return false;
  return exact.digits % 10n === 5n;
}

/** The exact decimal value of a finite double: {digits, scale} with value = digits / 10^scale (digits ≥ 0 for a ≥ 0). */
function exactDecimal(a) {
  if (a === 0) return { digits: 0n, scale: 0 };
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, a);
  const hi = buf.getUint32(0), lo = buf.getUint32(4);
  const expBits = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp;
  if (expBits === 0) exp = -1074; else { mant |= 1n << 52n; exp = expBits - 1075; }
  if (exp >= 0) return { digits: mant << BigInt(exp), scale: 0 };
  // mant / 2^-exp = mant·5^-exp / 10^-exp
  let digits = mant * 5n ** BigInt(-exp), scale = -exp;
  while (scale > 0 && digits % 10n === 0n) { digits /= 10n; scale -= 1; }
  return { digits, scale };
}

/** svg._num: a number as an SVG attribute (one decimal at most, trailing zeros dropped). */
export function num(v) {
  if (typeof v !== "number") return String(v);
  if (Number.isInteger(v) && !Object.is(v, -0)) return String(v);
  return pyFixed(v, 1).replace(/0+$/, "").replace(/\.$/, "");
}

// ---------------------------------------------------------------- decimals (captions' Decimal arithmetic)

/** A decimal number: value = n / 10^s, n a BigInt. */
export class Dec {
  constructor(n, s) { this.n = n; this.s = s; }
  static parse(text) {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
    if (!m) throw new Error(`not a decimal: ${text}`);
    const frac = m[3] || "";
    let n = BigInt((m[2] || "0") + frac), s = frac.length - Number(m[4] || 0);
    if (s < 0) { n *= 10n ** BigInt(-s); s = 0; }
    return new Dec(m[1] === "-" ? -n : n, s);
  }
  align(other) {
    const s = Math.max(this.s, other.s);
    return [this.n * 10n ** BigInt(s - this.s), other.n * 10n ** BigInt(s - other.s), s];
  }
  add(o) { const [a, b, s] = this.align(o); return new Dec(a + b, s); }
  mul(o) { return new Dec(this.n * o.n, this.s + o.s); }
  eq(o) { const [a, b] = this.align(o); return a === b; }
  normalize() {
    let n = this.n, s = this.s;
    while (s > 0 && n % 10n === 0n) { n /= 10n; s -= 1; }
    return new Dec(n, s);
  }
  toNumber() { return Number(this.toString()); }
  /** Plain notation, no exponent (Python's format(d, "f") of the normalized value). */
  toString() {
    const neg = this.n < 0n;
    let t = (neg ? -this.n : this.n).toString();
    if (this.s > 0) {
      t = t.padStart(this.s + 1, "0");
      t = t.slice(0, t.length - this.s) + "." + t.slice(t.length - this.s);
    }
    return (neg ? "-" : "") + t;
  }
}

/** Python's repr(float) split into shortest digits and decimal exponent; `sci` when repr uses an exponent. */
function shortest(v) {
  const [mant, e] = Math.abs(v).toExponential().split("e");
  const digits = mant.replace(".", "");
  const exp = Number(e);
  return { neg: v < 0 || Object.is(v, -0), digits, exp, sci: exp < -4 || exp >= 16 };
}

/** Decimal(repr(v)) */
export function decOfFloat(v) {
  const { neg, digits, exp } = shortest(v);
  const s = digits.length - 1 - exp;
  let n = BigInt(digits), scale = s;
  if (scale < 0) { n *= 10n ** BigInt(-scale); scale = 0; }
  return new Dec(neg ? -n : n, scale);
}

/** captions.fmt(value): at most two decimals, half away from zero, "28" not "28.0". */
export function fmt(value) {
  if (Array.isArray(value)) return "[" + value.map((v) => fmt(v)).join(", ") + "]";
  const v = Number(value);
  const r = pyRound(v);
  if (Math.abs(v - r) < 1e-9) return r !== 0 ? String(r) : "0";
  const d = decOfFloat(v);                          // quantize to 0.01, ROUND_HALF_UP
  let q;
  if (d.s <= 2) q = new Dec(d.n * 10n ** BigInt(2 - d.s), 2);
  else {
    const div = 10n ** BigInt(d.s - 2);
    const mag = d.n < 0n ? -d.n : d.n;
    let k = mag / div;
    if ((mag % div) * 2n >= div) k += 1n;
    q = new Dec(d.n < 0n ? -k : k, 2);
  }
  let s = q.toString();
  s = s.replace(/0+$/, "").replace(/\.$/, "");
  return s === "-0" || s === "" ? "0" : s;
}

/** captions._exact_decimal: the short decimal v was typed as, or null (more than 6 decimals or 12 digits). */
export function exactDecimalOf(v) {
  if (!Number.isFinite(v)) return null;
  if (shortest(v).sci) return null;
  const d = decOfFloat(v).normalize();
  const digits = (d.n < 0n ? -d.n : d.n).toString().replace(/^0+(?=.)/, "");
  return d.s <= 6 && (d.n === 0n ? 1 : digits.length) <= 12 ? decOfFloat(v) : null;
}

/** captions._dec_text: plain, no trailing zeros, a true minus. */
export function decText(d) {
  let s = d.normalize().toString();
  if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
  return s === "-0" || s === "" ? "0" : s.replace(/-/g, "\u2212");
}

function factor(text) {
  text = text.replace(/-/g, "\u2212");
  return text.startsWith("\u2212") ? `(${text})` : text;
}

/** captions.sum_text(value, pairs, nothing): "28 = 0·2 + 1·2 + …" ("0 (nothing)" with no pairs). */
export function sumText(texts, value, pairs, nothing = null) {
  if (!pairs.length) {
    if (nothing === null) nothing = tr(texts, "captions.sum_no_copy");
    return `${decText(Dec.parse(fmt(value)))} (${nothing})`;
  }
  const exact = pairs.map(([a, b]) => [exactDecimalOf(a), exactDecimalOf(b)]);
  if (exact.every(([a, b]) => a !== null && b !== null)) {
    const total = exact.reduce((t, [a, b]) => t.add(a.mul(b)), new Dec(0n, 0));
    if (Math.abs(total.toNumber() - value) <= 1e-9 * Math.max(1, Math.abs(value))) {
      return `${decText(total)} = ` + exact.map(([a, b]) => `${factor(decText(a))}·${factor(decText(b))}`).join(" + ");
    }
  }
  const shown = pairs.map(([a, b]) => [Dec.parse(fmt(a)), Dec.parse(fmt(b))]);
  const total = Dec.parse(fmt(value));
  const sum = shown.reduce((t, [a, b]) => t.add(a.mul(b)), new Dec(0n, 0));
  const same = Dec.parse(fmt(sum.toNumber())).eq(total);
  return `${decText(total)} ${same ? "=" : "≈"} ` + shown.map(([a, b]) => `${factor(decText(a))}·${factor(decText(b))}`).join(" + ");
}

// ---------------------------------------------------------------- shapes (helpers/shapes.py's rules)

/** shapes.conv_transpose_output_size, or null where torch refuses (no error text: callers' bounds avoid it). */
export function transposeSize(n, k, s = 1, p = 0, op = 0, d = 1) {
  const out = (n - 1) * s - 2 * p + d * (k - 1) + op + 1;
  return out >= 1 ? out : null;
}

/** shapes.conv_output_size (floor), or null when the kernel does not fit. */
export function convSize(n, k, s = 1, p = 0, d = 1) {
  const span = n + 2 * p - d * (k - 1) - 1;
  return span >= 0 ? Math.floor(span / s) + 1 : null;
}

/** shapes.max_transpose_padding: the largest padding that leaves at least one output cell. */
export function maxTransposePadding(n, k, s = 1, op = 0, d = 1) {
  return Math.max(0, Math.floor(((n - 1) * s + d * (k - 1) + op) / 2));
}

/** Common divisors of a and b, ascending. */
export function divisors(a, b) {
  const out = [];
  for (let g = 1; g <= Math.min(a, b); g++) if (a % g === 0 && b % g === 0) out.push(g);
  return out;
}

// ---------------------------------------------------------------- the numbers every explorer scatters

/** helpers/explorers/data.py example_input(channels, height, width): channel c is (arange(H·W) + 4c) mod 10. */
export function exampleInput(channels, height, width) {
  const out = [];
  for (let c = 0; c < channels; c++) {
    const plane = [];
    for (let i = 0; i < height; i++) {
      const row = [];
      for (let j = 0; j < width; j++) row.push((i * width + j + 4 * c) % 10);
      plane.push(row);
    }
    out.push(plane);
  }
  return out;
}

const KERNEL_VALUES = [4, 7, 2, 2, 1, 3, 5, 6, 2, 1, 4, 3];

/** helpers/explorers/data.py example_kernel(in_channels, out_per_group, kh, kw): the explorers' small integer kernels. */
export function exampleKernel(inChannels, outPerGroup, kh, kw = kh) {
  const L = KERNEL_VALUES.length;
  const out = [];
  for (let c = 0; c < inChannels; c++) {
    const per = [];
    for (let o = 0; o < outPerGroup; o++) {
      const shift = c * outPerGroup + o;
      const rolled = KERNEL_VALUES.map((_, k) => KERNEL_VALUES[(((k + 3 * shift) % L) + L) % L]);
      const m = [];
      for (let a = 0; a < kh; a++) {
        const row = [];
        for (let b = 0; b < kw; b++) row.push(rolled[(a * kw + b) % L]);
        m.push(row);
      }
      per.push(m);
    }
    out.push(per);
  }
  return out;
}

// ---------------------------------------------------------------- palette (helpers/palette.py; PALETTE is sent by Python)

export function elementLabel(n) {
  let letters = "";
  n += 1;
  while (n) {
    const r = (n - 1) % 26;
    n = Math.floor((n - 1) / 26);
    letters = String.fromCharCode(97 + r) + letters;
  }
  return letters;
}

export function elementColor(pal, n) { return pal.PALETTE[n % pal.PALETTE.length]; }
export function tapColor(pal, t) { return pal.TAP_PALETTE[t % pal.TAP_PALETTE.length]; }

/** palette.stripes(elements) → [fills, labels, count] */
export function stripes(pal, elements) {
  if (elements.length >= 1 && elements.length <= pal.MAX_STRIPES) {
    return [elements.map((e) => elementColor(pal, e)), elements.map(elementLabel), elements.length];
  }
  return [[pal.EMPTY_FILL], [], elements.length];
}

// ---------------------------------------------------------------- SVG builders (helpers/svg.py)

/** svg._attrs: [name, value] pairs (class_ → class, _ → -), nulls left out, values escaped. */
export function attrs(pairs) {
  const parts = [];
  for (const [name, value] of pairs) {
    if (value === null || value === undefined) continue;
    const key = name === "class_" ? "class" : name.replace(/_/g, "-");
    const text = typeof value === "number" ? num(value) : String(value);
    parts.push(`${key}="${escape(text)}"`);
  }
  return parts.join(" ");
}

/** svg.el(tag, text, **attrs); `a` is an object whose key order is the attribute order. */
export function el(tag, text = null, a = {}) {
  const pairs = Object.entries(a);
  const head = pairs.length ? `<${tag} ${attrs(pairs)}` : `<${tag}`;
  return text === null ? head + "/>" : `${head}>${escape(String(text))}</${tag}>`;
}

const NUMBER_EM = 0.64;

function numberWidth(text) {
  let w = 0;
  for (const ch of String(text)) w += ch === "\u2212" ? 0.84 : NUMBER_EM;
  return w;
}

/** svg._fit */
export function fit(text, size, font) {
  const width = numberWidth(text) || 1;
  return Math.max(1, Math.min(font, Math.trunc((size - 6) / width)));
}

/** svg._fit_size */
export function fitSize(texts, size, font = 10) {
  const longest = texts.reduce((m, t) => Math.max(m, numberWidth(t)), 0);
  return Math.max(size, Math.ceil(longest * font + 6));
}

/** svg.cell(x, y, size, text, cls, r, c, {fills, font, title, labels, count, pattern, text_fill, data, tag_font, text_y}) */
export function cell(pal, x, y, size, text, cls, r, c, o = {}) {
  const fills = o.fills || [pal.EMPTY_FILL];
  const labels = o.labels || [];
  const count = o.count === undefined ? null : o.count;
  const font = fit(text, size, o.font || Math.max(11, Math.trunc(size * 0.42)));
  const head = { class_: cls, data_r: r, data_c: c };
  for (const [k, v] of Object.entries(o.data || {})) head[`data_${k}`] = v;
  const out = [`<g ${attrs(Object.entries(head))}>`];
  if (o.title) out.push(el("title", o.title));
  const w = size / Math.max(1, fills.length);
  fills.forEach((colour, k) => out.push(el("rect", null, { x: x + k * w, y, width: w + 0.3, height: size, fill: colour, class_: "s" })));
  if (o.pattern) out.push(el("rect", null, { x, y, width: size, height: size, fill: `url(#${o.pattern})` }));
  out.push(el("rect", null, { x, y, width: size, height: size, fill: "none", stroke: "#666", stroke_width: 1 }));
  const tagFont = o.tag_font || Math.max(10, Math.trunc(size * 0.24));
  labels.forEach((label, k) => out.push(el("text", label, { class_: "tag", x: x + (k + 0.5) * w, y: y + tagFont * 0.7, font_size: tagFont, fill: pal.TEXT })));
  if (count !== null && count > labels.length) {
    out.push(el("text", `×${count}`, { class_: "cnt", x: x + size / 2, y: y + tagFont * 0.7, font_size: tagFont, fill: pal.TEXT }));
  }
  const ty = o.text_y === undefined || o.text_y === null ? size / 2 + (labels.length || count ? tagFont * 0.25 : 0) : o.text_y;
  out.push(el("text", text, { class_: "v", x: x + size / 2, y: y + ty, font_size: font, fill: o.text_fill || pal.TEXT }));
  out.push("</g>");
  return out.join("");
}

/** svg._outline */
export function outline(out, x, y, w, h, colour, width = 3, dash = null, cls = "", data = null) {
  const a = { class_: cls, x, y, width: w, height: h, fill: "none", stroke: colour, stroke_width: width, stroke_dasharray: dash };
  for (const [k, v] of Object.entries(data || {})) a[`data_${k}`] = v;
  out.push(el("rect", null, a));
}

/** svg._label */
export function label(out, x, y, text, size = 15) {
  out.push(el("text", text, { class_: "lbl", x, y, font_size: size }));
}

const WIDE_CLASS = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef";
const WIDE = new RegExp(`[${WIDE_CLASS}]`, "g");

function len(text) { return [...text].length; }

/** svg._text_w */
export function textW(text, font) {
  return (len(text) + (text.match(WIDE) || []).length * 2 / 3) * font * 0.6;
}

const CLOSING = new Set("，。：；、）》」』！？");

/** svg._wrap_wide */
export function wrapWide(text, width, font) {
  const tokens = text.match(new RegExp(`[${WIDE_CLASS}]|[^ \\t\\n${WIDE_CLASS}]+|[ \\t\\n]+`, "g")) || [];
  const lines = [];
  let line = "";
  const isSpace = (t) => /^\s+$/.test(t);
  for (const token of tokens) {
    if (line && !isSpace(token) && !CLOSING.has(token) && textW(line + token, font) > width) {
      lines.push(line.trimEnd());
      line = "";
    }
    if (!(isSpace(token) && !line)) line += isSpace(token) ? " " : token;
  }
  return line.trim() ? [...lines, line.trimEnd()] : lines;
}

// Python's textwrap.wrap(text, width) with its defaults (break_long_words, break_on_hyphens, drop_whitespace)
const WS = "[\\t\\n\\x0b\\x0c\\r ]";
const NWS = "[^\\t\\n\\x0b\\x0c\\r ]";
const WP = "[\\p{L}\\p{N}_!\"'&.,?]";
const LT = "[\\p{L}\\p{Nl}\\p{No}_]";
const WORDSEP = new RegExp(
  `(${WS}+|(?<=${WP})-{2,}(?=[\\p{L}\\p{N}_])|${NWS}+?(?:-(?:(?<=${LT}{2}-)|(?<=${LT}-${LT}-))(?=${LT}-?${LT})|(?=${WS}|$)|(?<=${WP})(?=-{2,}[\\p{L}\\p{N}_])))`,
  "u");

export function textwrap(text, width) {
  text = text.replace(/[\t\n\x0b\x0c\r]/g, " ");
  const chunks = text.split(WORDSEP).filter((c) => c);
  chunks.reverse();
  const lines = [];
  while (chunks.length) {
    const cur = [];
    let curLen = 0;
    if (chunks[chunks.length - 1].trim() === "" && lines.length) chunks.pop();
    while (chunks.length) {
      const l = len(chunks[chunks.length - 1]);
      if (curLen + l <= width) { cur.push(chunks.pop()); curLen += l; } else break;
    }
    if (chunks.length && len(chunks[chunks.length - 1]) > width) {
      const spaceLeft = width < 1 ? 1 : width - curLen;
      const chunk = [...chunks[chunks.length - 1]];
      let end = spaceLeft;
      if (chunk.length > spaceLeft) {
        const hyphen = chunk.slice(0, spaceLeft).lastIndexOf("-");
        if (hyphen > 0 && chunk.slice(0, hyphen).some((ch) => ch !== "-")) end = hyphen + 1;
      }
      cur.push(chunk.slice(0, end).join(""));
      chunks[chunks.length - 1] = chunk.slice(end).join("");
      curLen = cur.reduce((t, c) => t + len(c), 0);
    }
    if (cur.length && cur[cur.length - 1].trim() === "") { curLen -= len(cur[cur.length - 1]); cur.pop(); }
    if (cur.length) lines.push(cur.join(""));
  }
  return lines;
}

/** svg._caption: word-wrapped caption lines, first baseline at y + font; returns the y below the last line. */
export function caption(out, x, y, text, width, font = 16, bold = false) {
  const chars = Math.max(16, Math.trunc(width / (font * 0.6)));
  text = text.replace(/\[(-?\d+), (-?\d+)\]/g, "[$1,\u00a0$2]");
  WIDE.lastIndex = 0;
  let lines = new RegExp(`[${WIDE_CLASS}]`).test(text) ? wrapWide(text, width, font) : textwrap(text, chars);
  if (!lines.length) lines = [""];
  for (const line of lines) {
    y += font * 1.3;
    out.push(el("text", line, { class_: "cap", x, y: pyRound(y, 1), font_size: font, font_weight: bold ? "bold" : null }));
  }
  return y + font * 0.4;
}

/** svg._svg_doc; `style` is svg._STYLE and `defs` svg._DEFS and `font` the font-family (all sent by Python). */
export function svgDoc(pal, cls, width, height, body, extraAttrs = "", extraStyle = "") {
  width = Math.ceil(width);
  height = Math.ceil(height);
  return `<svg xmlns="http://www.w3.org/2000/svg" class="${cls}" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMinYMin meet" ` +
    `style="width:100%;max-width:${Math.trunc(width * pal.GROW)}px;height:auto" font-family="${pal.FONT}"${extraAttrs}>` +
    `<defs>${pal.DEFS}</defs><style>${pal.STYLE}${extraStyle}</style>` +
    `<rect class="bg" x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>` +
    body.join("") + "</svg>";
}

/** svg.message_html(text), the sentence shown instead of a picture. `template` is sent by Python. */
export function messageHtml(pal, text) {
  return pal.MESSAGE.replace("{text}", escape(text));
}
