// A small anywidget host for pages without Jupyter: the static site (`make site`) and the offline slides
// (`make slides`). nbconvert writes the notebook's saved widget state into one
// <script type="application/vnd.jupyter.widget-state+json"> and each widget output as a
// <script type="application/vnd.jupyter.widget-view+json">{"model_id": ...}</script>; this script (nbconvert's
// `widget_renderer_url`, a classic script: it also runs from file://) draws every such output with its
// model's ES module (`_esm`, imported once per distinct text through a blob: URL, since a page opened from
// file:// cannot import a module file) and styles (`_css`, injected once per distinct text). The model lives
// in the page: get / set (fires `change:<name>` and `change`) / on / off / save_changes (nothing to save) /
// send (nobody listens). Nothing is fetched from the network.
//
// Where a module cannot draw (e.g. a kind it has no view for), the output's still picture stays: the page
// builder puts it inside the output as `.tconv-still` (tools/build_site.py).
//
// Long strings many models share (the module, its CSS, the texts) may be moved out of the page by the
// builder: a state value {"$shared": key} stands for window.TCONV_SHARED[key], set by a plain
// <script src> file that the browser caches across pages.
(function () {
  "use strict";
  var STATE = "application/vnd.jupyter.widget-state+json";
  var VIEW = "application/vnd.jupyter.widget-view+json";
  var modules = new Map();   // _esm text → Promise of the imported module
  var styles = new Set();    // _css texts already in the page

  function resolve(value) {
    if (value && typeof value === "object" && !Array.isArray(value) && typeof value.$shared === "string") {
      var shared = window.TCONV_SHARED || {};
      if (!(value.$shared in shared)) throw new Error("host.js: shared value " + value.$shared + " is not loaded");
      return shared[value.$shared];
    }
    return value;
  }

  function same(a, b) { return a === b || JSON.stringify(a) === JSON.stringify(b); }

  function Model(id, state, manager) {
    this.model_id = id;
    this.state = {};
    for (var key in state) this.state[key] = resolve(state[key]);
    this.listeners = {};
    this.widget_manager = manager;
  }
  Model.prototype.get = function (name) { return this.state[name]; };
  Model.prototype.set = function (name, value) {
    var old = this.state[name];
    this.state[name] = value;
    if (!same(old, value)) {
      this.trigger("change:" + name, value);
      this.trigger("change", name);
    }
  };
  Model.prototype.on = function (name, callback) {
    (this.listeners[name] = this.listeners[name] || []).push(callback);
  };
  Model.prototype.off = function (name, callback) {
    if (name === undefined) { this.listeners = {}; return; }
    if (callback === undefined) { delete this.listeners[name]; return; }
    this.listeners[name] = (this.listeners[name] || []).filter(function (c) { return c !== callback; });
  };
  Model.prototype.trigger = function (name, arg) {
    var list = (this.listeners[name] || []).slice();
    for (var i = 0; i < list.length; i++) list[i].call(this, arg);
  };
  Model.prototype.save_changes = function () {};   // no kernel behind the page
  Model.prototype.send = function () {};

  function importOnce(text) {
    if (!modules.has(text)) {
      var url = URL.createObjectURL(new Blob([text], { type: "text/javascript" }));
      modules.set(text, import(url));
    }
    return modules.get(text);
  }

  function styleOnce(text) {
    if (!text || styles.has(text)) return;
    styles.add(text);
    var style = document.createElement("style");
    style.setAttribute("data-anywidget-css", "");
    style.textContent = text;
    document.head.appendChild(style);
  }

  async function widgetOf(module) {
    var widget = module.default;
    if (typeof widget === "function") widget = await widget();
    return widget;
  }

  async function show(script, models, initialised) {
    var view = JSON.parse(script.textContent);
    var model = models.get(view.model_id);
    var box = script.parentElement;
    if (!model || typeof model.get("_esm") !== "string") return false;   // not an anywidget: the still picture stays
    var el = document.createElement("div");
    el.className = "tconv-host";
    try {
      styleOnce(model.get("_css"));
      var widget = await widgetOf(await importOnce(model.get("_esm")));
      if (widget.initialize && !initialised.has(model)) {
        initialised.add(model);
        await widget.initialize({ model: model });
      }
      box.appendChild(el);
      await widget.render({ model: model, el: el });
      if (!el.firstChild) throw new Error("render drew nothing");
    } catch (err) {
      el.remove();
      box.setAttribute("data-host-error", String(err && err.message || err));
      console.warn("host.js: " + view.model_id + " stays a still picture:", err);
      return false;
    }
    var still = box.querySelector(".tconv-still");
    if (still) still.remove();
    box.setAttribute("data-host", "live");
    return true;
  }

  async function main() {
    var saved = document.querySelector('script[type="' + STATE + '"]');
    if (!saved) return;
    var state = JSON.parse(saved.textContent).state || {};
    var models = new Map();
    var manager = { get_model: function (id) { return Promise.resolve(models.get(id)); } };
    for (var id in state) models.set(id, new Model(id, state[id].state || {}, manager));
    var initialised = new Set();
    var views = document.querySelectorAll('script[type="' + VIEW + '"]');
    // one after the other, in page order: the first explorer is live as early as possible
    var live = 0;
    for (var i = 0; i < views.length; i++) {
      if (await show(views[i], models, initialised) && ++live === 1) {
        // when the first explorer answered, in ms since the page started loading (tests, benchmarks)
        document.documentElement.setAttribute("data-host-first-live", performance.now().toFixed(1));
      }
    }
    document.documentElement.setAttribute("data-host-ready", String(live));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", main);
  else main();
})();
