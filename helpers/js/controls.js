// The explorers' controls and their wiring to a view: the only part of the bundle that touches the DOM.
//
// A view (views/<kind>.js) is a declarative `spec`:
//   keys          the model's synced traits that make the state (controls and fixed parameters)
//   columns(s)    control names per column, e.g. [["input_size", "stride"], ["padding"]]
//   control(n, s) {type: "range"|"select"|"text", ...} for control n: range {lo, hi} or {values: [...]}
//                 (a range over the valid values only, e.g. groups), select {options}, text {placeholder}
//   adapt(s, changed) → state with every value inside its bounds (the bounds follow the other controls)
//   view(s, ctx)  → {picture, above, below, output, sentence} (HTML strings) or {message}
//   step          optional: the control that Play / ◀ / ▶ move one step at a time
//   fixed         optional: keys of large fixed data (an image): compared by identity, left out of data-state
// The view computes and draws; this file builds the inputs, redraws on every input event (before telling
// the kernel, so a busy or stopped kernel never delays the picture) and follows changes made from Python.

import { tr, messageHtml } from "./core.js";

const SUPPRESS = "data-lm-suppress-shortcuts";   // Lumino: JupyterLab's and the slideshow's shortcuts leave this element alone

function make(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

/** A key that moves the slides (a presenter's clicker sends PageDown/PageUp) goes to the deck, not the control. */
function handOffSlideKeys(root, input) {
  input.addEventListener("keydown", (event) => {
    if (event.key !== "PageDown" && event.key !== "PageUp") return;
    const deck = document.body.dataset.jpDeckMode === "presenting" ? root.closest(".jp-Cell") : null;
    const reveal = root.closest(".reveal") ? document : null;
    const target = deck || reveal;
    if (!target) return;   // reading, not presenting: the key acts on the control
    event.preventDefault();
    event.stopPropagation();
    input.blur();
    if (deck) deck.focus();
    target.dispatchEvent(new KeyboardEvent("keydown", {
      key: event.key, code: event.code, keyCode: event.keyCode, which: event.which, bubbles: true,
    }));
  });
}

/** A click on a slider's track away from its thumb does not jump the value (a stray click in a lecture would
 *  take 05's size from 16 to 36): drag the thumb, or use the keys. The click still focuses the slider. */
function guardTrack(input) {
  input.addEventListener("mousedown", (event) => {
    const box = input.getBoundingClientRect();
    const lo = Number(input.min), hi = Number(input.max);
    const thumb = 18;   // px: Chromium's and Firefox's thumbs are 16–20 px wide
    const at = box.left + thumb / 2 + ((Number(input.value) - lo) / ((hi - lo) || 1)) * (box.width - thumb);
    if (Math.abs(event.clientX - at) > thumb) {
      event.preventDefault();
      input.focus();
    }
  });
}

function writeModel(model, state, keys) {
  try {
    for (const key of keys) model.set(key, state[key]);
    model.save_changes();
  } catch (err) {
    // no kernel (stopped, or a page without one): the picture is already drawn; Python hears nothing
  }
}

function sameValue(a, b) {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** How many numbers `value` holds (nested arrays), counting no further than `limit`. */
function countNumbers(value, limit) {
  if (!Array.isArray(value) && !ArrayBuffer.isView(value)) return typeof value === "object" && value ? Object.keys(value).length : 1;
  let n = 0;
  for (const item of value) {
    n += countNumbers(item, limit - n);
    if (n > limit) break;
  }
  return n;
}

//: outputs with more numbers than this are not copied into data-output (10's images): read `tconvOutput` instead
const OUTPUT_ATTRIBUTE_LIMIT = 4096;

/** render({model, el}) for `spec`; returns the cleanup function anywidget calls when the view goes away. */
export function mount(spec, model, el) {
  const ctx = model.get("ctx");
  const fixed = new Set(spec.fixed || []);
  const same = (key, a, b) => (fixed.has(key) ? a === b : sameValue(a, b));
  const t = (id, fields) => tr(ctx.texts, id, fields);
  const saved = Object.fromEntries(spec.keys.map((k) => [k, model.get(k)]));
  let state = spec.adapt(saved, null);

  const root = make("div", { class: `tconv-explorer tconv-live ${spec.css}`, lang: ctx.lang });
  root.setAttribute(SUPPRESS, "");
  const controlsBox = make("div", { class: "tconv-controls" });
  const player = make("div", { class: "tconv-player" });
  const above = make("div", { class: "tconv-above" });
  const picture = make("div", { class: `tconv-picture-box ${spec.pictureClass}`, "aria-live": "polite" });
  const below = make("div", { class: "tconv-below" });
  root.append(controlsBox, player, above, picture, below);
  el.replaceChildren(root);

  const inputs = {};   // name → {input, readout, kind, values}
  let timer = null;

  function buildControls() {
    controlsBox.replaceChildren();
    for (const column of spec.columns(state)) {
      const col = make("div", { class: "tconv-column" });
      for (const name of column) {
        const c = spec.control(name, state);
        const id = `tconv-${Math.random().toString(36).slice(2)}`;
        const row = make("div", { class: `tconv-control tconv-${c.type}`, "data-name": name });
        const lab = make("label", { for: id, text: t(`widgets.label.${name}`) });
        let input, readout = null;
        if (c.type === "select") {
          input = make("select", { id, name });
          for (const option of c.options) input.append(make("option", { value: option, text: option }));
        } else if (c.type === "text") {
          input = make("input", { id, name, type: "text", placeholder: c.placeholder || "", spellcheck: "false" });
        } else {
          input = make("input", { id, name, type: "range", step: "1" });
          readout = make("output", { for: id, class: "tconv-readout-value" });
        }
        input.setAttribute(SUPPRESS, "");
        handOffSlideKeys(root, input);
        if (c.type !== "text" && c.type !== "select") guardTrack(input);
        const event = c.type === "text" ? "change" : "input";
        input.addEventListener(event, () => onInput(name));
        if (c.type === "text") {   // Enter commits the typed rows (JupyterLab would otherwise keep them until blur)
          input.addEventListener("keydown", (e) => {
            if (e.key === "Enter") { e.preventDefault(); onInput(name); }
          });
        }
        row.append(lab, input);
        if (readout) row.append(readout);
        col.append(row);
        inputs[name] = { input, readout, type: c.type };
      }
      controlsBox.append(col);
    }
    if (spec.step) buildPlayer();
  }

  function buildPlayer() {
    player.replaceChildren();
    const play = make("button", { type: "button", class: "tconv-play", text: t("widgets.play_start") });
    const back = make("button", { type: "button", class: "tconv-back", text: t("widgets.step_back"), title: t("widgets.step_back_tip") });
    const forward = make("button", { type: "button", class: "tconv-forward", text: t("widgets.step_forward"), title: t("widgets.step_forward_tip") });
    for (const b of [play, back, forward]) { b.setAttribute(SUPPRESS, ""); handOffSlideKeys(root, b); }
    back.addEventListener("click", () => stepBy(-1));
    forward.addEventListener("click", () => stepBy(1));
    play.addEventListener("click", () => (timer ? stop() : start()));
    player.append(play, back, forward);
    player.playButton = play;
  }

  function bounds(name) {
    const c = spec.control(name, state);
    if (c.values) return { lo: 0, hi: c.values.length - 1, values: c.values };
    return c;
  }

  function stepBy(delta) {
    const b = bounds(spec.step);
    const next = Math.min(b.hi, Math.max(b.lo, state[spec.step] + delta));
    if (next === state[spec.step]) return false;
    change({ [spec.step]: next });
    return true;
  }

  function start() {
    const b = bounds(spec.step);
    if (state[spec.step] >= b.hi) change({ [spec.step]: b.lo });   // at the end: play again from the start
    timer = setInterval(() => { if (!stepBy(1)) stop(); }, ctx.PLAY_INTERVAL);
    player.playButton.textContent = t("widgets.play_stop");
    player.playButton.setAttribute("aria-pressed", "true");
  }

  function stop() {
    clearInterval(timer);
    timer = null;
    if (player.playButton) {
      player.playButton.textContent = t("widgets.play_start");
      player.playButton.setAttribute("aria-pressed", "false");
    }
  }

  function syncControls() {
    for (const [name, { input, readout, type }] of Object.entries(inputs)) {
      const c = spec.control(name, state);
      if (type === "range") {
        const values = c.values;
        const lo = values ? 0 : c.lo, hi = values ? values.length - 1 : c.hi;
        const index = values ? values.indexOf(state[name]) : state[name];
        input.min = String(lo);
        input.max = String(hi);
        input.value = String(index);
        input.disabled = lo === hi;
        input.setAttribute("aria-valuetext", String(state[name]));
        input.dataset.value = String(state[name]);
        readout.textContent = String(state[name]);
      } else if (type === "select") {
        input.value = state[name];
      } else if (document.activeElement !== input || input.value === "") {
        input.value = state[name];
      }
    }
  }

  function draw() {
    let result;
    try {
      result = spec.view(state, ctx);
    } catch (err) {
      // a bug, never a traceback: the sentence Python shows for one (widgets.draw_failed)
      result = { message: t("widgets.draw_failed", { kind: err.name || "Error", err: err.message }) };
    }
    if (result.message) {
      picture.innerHTML = messageHtml(ctx, result.message);
      above.innerHTML = result.above || "";   // e.g. how to type numbers, kept beside what is wrong with them
      below.replaceChildren();
      root.dataset.message = result.message;
      delete root.dataset.sentence;
      delete picture.dataset.output;
      picture.tconvOutput = null;
    } else {
      picture.innerHTML = result.picture;
      above.innerHTML = result.above || "";
      below.innerHTML = result.below || "";
      delete root.dataset.message;
      const output = result.output === undefined ? null : result.output;
      picture.tconvOutput = output;   // the numbers drawn, for tests and curious readers (devtools)
      if (countNumbers(output, OUTPUT_ATTRIBUTE_LIMIT) <= OUTPUT_ATTRIBUTE_LIMIT) picture.dataset.output = JSON.stringify(output);
      else delete picture.dataset.output;
      root.dataset.sentence = result.sentence || "";
    }
    root.dataset.state = JSON.stringify(Object.fromEntries(spec.keys.filter((k) => !fixed.has(k)).map((k) => [k, state[k]])));
  }

  function change(values) {
    state = spec.adapt({ ...state, ...values }, Object.keys(values)[0]);
    syncControls();
    draw();                                  // the picture first, then the kernel
    scheduleWrite();
  }

  // The kernel hears the state after the frame that shows the new picture: sending (JSON, websocket, or the
  // failure when there is no kernel) stays out of the key press → paint path. Writes are coalesced: a held
  // arrow key sends the latest state once per frame, never an older one after a newer (whose echo would move
  // the picture back).
  let writePending = false, writing = false;
  function flushWrite() {
    if (!writePending) return;
    writePending = false;
    const changed = spec.keys.filter((k) => !same(k, model.get(k), state[k]));
    if (!changed.length) return;
    writing = true;   // each model.set fires change:<key> at once: not news from Python, and half written
    try { writeModel(model, state, changed); } finally { writing = false; }
  }
  function scheduleWrite() {
    if (writePending) return;
    writePending = true;
    requestAnimationFrame(() => setTimeout(flushWrite, 0));
    setTimeout(flushWrite, 100);   // a hidden tab gets no animation frames
  }

  function onInput(name) {
    const { input, type } = inputs[name];
    let value;
    if (type === "range") {
      const c = spec.control(name, state);
      value = c.values ? c.values[Number(input.value)] : Number(input.value);
    } else value = input.value;
    if (type === "range" && name !== spec.step) stop();
    change({ [name]: value });
  }

  function fromModel() {
    if (writing) return;
    const incoming = Object.fromEntries(spec.keys.map((k) => [k, model.get(k)]));
    if (spec.keys.every((k) => same(k, incoming[k], state[k]))) return;   // our own write coming back
    const layout = JSON.stringify(spec.columns(incoming)) !== JSON.stringify(spec.columns(state));
    state = spec.adapt(incoming, null);
    if (layout) buildControls();
    syncControls();
    draw();
  }

  buildControls();
  syncControls();
  draw();
  const clamped = spec.keys.filter((k) => !same(k, saved[k], state[k]));
  if (clamped.length) writeModel(model, state, clamped);   // Python learns the values the controls show
  for (const key of spec.keys) model.on(`change:${key}`, fromModel);
  return () => {
    flushWrite();
    stop();
    for (const key of spec.keys) model.off(`change:${key}`, fromModel);
  };
}
