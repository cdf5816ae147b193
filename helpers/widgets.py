"""The explorers: ipywidgets controls wired to the drawing layer.

Each explorer builds its controls once, then on every change adapts the slider bounds so the
combination stays valid, asks ``drawing`` for a new picture and swaps it in place. Invalid
parameters show a sentence (the ``ValueError`` message), never a traceback.
Introduced in 01_basic_operation.ipynb (``ScatterExplorer``) and 05_shape_inverse.ipynb
(``ShapeExplorer``).
"""
from __future__ import annotations

from contextlib import contextmanager
from html import escape

import ipywidgets as widgets
import numpy as np

from . import drawing, shapes

__all__ = ["example_input", "example_kernel", "ScatterExplorer", "ShapeExplorer"]

KERNEL_VALUES = [4, 7, 2, 2, 1, 3, 5, 6, 2, 1, 4, 3]


def example_input(channels: int, height: int, width: int) -> np.ndarray:
    """Small integers an explorer scatters: channel c is ``(arange(H·W) + 4c) mod 10``, shape ``(C, H, W)``.

    The 2×2 single-channel case is the seed's ``[[0, 1], [2, 3]]``.
    """
    base = np.arange(height * width).reshape(height, width)
    return np.stack([(base + 4 * c) % 10 for c in range(channels)]).astype(float)


def example_kernel(in_channels: int, out_per_group: int, kh: int, kw: int | None = None) -> np.ndarray:
    """Small integer kernels, shape ``(C_in, C_out/groups, kH, kW)``; the 2×2 single one is the seed's ``[[4, 7], [2, 2]]``."""
    kw = kh if kw is None else kw
    out = np.empty((in_channels, out_per_group, kh, kw))
    for c in range(in_channels):
        for o in range(out_per_group):
            shift = c * out_per_group + o
            out[c, o] = np.resize(np.roll(KERNEL_VALUES, -3 * shift), kh * kw).reshape(kh, kw)
    return out


def _divisors(a: int, b: int) -> list[int]:
    return [g for g in range(1, min(a, b) + 1) if a % g == 0 and b % g == 0]


SLIDERS = {  # name: (label, min, max)
    "input_size": ("input size", 1, 5),
    "kernel_size": ("kernel size", 1, 4),
    "stride": ("stride", 1, 4),
    "padding": ("padding", 0, 4),
    "output_padding": ("output_padding", 0, 3),
    "dilation": ("dilation", 1, 3),
    "in_channels": ("in channels", 1, 3),
    "out_channels": ("out channels", 1, 3),
    "groups": ("groups", 1, 3),
}


class _Explorer:
    """Common plumbing: a guarded update loop and a message area for invalid states."""

    css_class = "tconv-explorer"

    def _guarded(self, change=None):
        if self._busy:
            return
        with self._hold():
            try:
                self._adapt()
            except ValueError:
                pass  # _draw shows the sentence
        self._safe_draw()

    @contextmanager
    def _hold(self):
        self._busy = True
        try:
            yield
        finally:
            self._busy = False

    def _safe_draw(self):
        try:
            self._draw()
            self.message = ""
        except ValueError as err:
            self._show_message(str(err))
        except Exception as err:  # an unexpected bug: still a sentence, and it names the error type
            self._show_message(f"Something went wrong drawing this state ({type(err).__name__}: {err}). "
                               "Please report it with the slider values.")

    def _show_message(self, text):
        self.message = text
        self.output = None
        self.picture.value = drawing.message_html(text)

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = repr(self)
        if not self.message and getattr(self, "svg", ""):
            bundle["image/svg+xml"] = self.svg  # a still picture where widgets cannot run (GitHub)
        return bundle


class ScatterExplorer(_Explorer):
    """Sliders that redraw the scattered output grid of ``conv_transpose2d``.

    ``controls`` names the sliders to show (keys of ``SLIDERS``); the others stay at the values
    given. Also: a Play control that adds the kernel copies one input element at a time, and
    row/column sliders that pick an output cell and spell out its sum. After every change
    ``params``, ``output`` (the visible grid drawn, ``(H_out, W_out)``) and ``message`` describe
    what is shown. Introduced in 01_basic_operation.ipynb.
    """

    def __init__(self, controls=("input_size", "kernel_size", "stride", "padding"), *, input_size=2,
                 kernel_size=2, stride=1, padding=0, output_padding=0, dilation=1, in_channels=1,
                 out_channels=1, groups=1, out_channel=0, x=None, weight=None):
        unknown = [c for c in controls if c not in SLIDERS]
        if unknown:
            raise ValueError(f"controls {unknown} are not explorer sliders; choose from {list(SLIDERS)}.")
        self._fixed = None
        if x is not None or weight is not None:
            if x is None or weight is None:
                raise ValueError("give both x (C_in, H, W) and weight (C_in, C_out/groups, kH, kW), or neither.")
            x, weight = np.asarray(x, float), np.asarray(weight, float)
            sized = [c for c in controls if c in ("input_size", "kernel_size", "in_channels", "out_channels")]
            if sized:
                raise ValueError(f"with fixed x and weight the sizes are fixed too: drop {sized} from controls.")
            in_channels, input_size, kernel_size = x.shape[0], x.shape[1], weight.shape[2]
            out_channels = weight.shape[1] * groups
            self._fixed = (x, weight)
        # refuse what torch refuses before any slider could quietly clamp it
        shapes.check_transpose_params(*[(v, v) for v in (stride, padding, output_padding, dilation)])
        shapes.conv_transpose_output_size(input_size, kernel_size, stride, padding, output_padding, dilation)
        if in_channels % groups or out_channels % groups:
            raise ValueError(f"groups={groups} must divide in_channels={in_channels} and out_channels={out_channels}.")
        self._busy = False
        self.controls = tuple(controls)
        self.values = dict(input_size=input_size, kernel_size=kernel_size, stride=stride, padding=padding,
                           output_padding=output_padding, dilation=dilation, in_channels=in_channels,
                           out_channels=out_channels, groups=groups)
        self.sliders = {}
        for name in controls:
            label, lo, hi = SLIDERS[name]
            self.sliders[name] = widgets.IntSlider(value=self.values[name], min=lo, max=max(hi, self.values[name]),
                                                   description=label, continuous_update=True,
                                                   style={"description_width": "110px"},
                                                   layout=widgets.Layout(width="330px"))
        self.out_channel = widgets.IntSlider(value=out_channel, min=0, max=max(out_channels - 1, 0),
                                             description="show out ch.", style={"description_width": "110px"},
                                             layout=widgets.Layout(width="330px"))
        self.play = widgets.Play(value=0, min=0, max=1, step=1, interval=800, description="play")
        self.step = widgets.IntSlider(value=0, min=0, max=1, description="copies added",
                                      style={"description_width": "110px"}, layout=widgets.Layout(width="330px"))
        widgets.jslink((self.play, "value"), (self.step, "value"))
        self.row = widgets.IntSlider(value=0, min=0, max=0, description="pick row",
                                     style={"description_width": "110px"}, layout=widgets.Layout(width="330px"))
        self.col = widgets.IntSlider(value=0, min=0, max=0, description="pick col",
                                     style={"description_width": "110px"}, layout=widgets.Layout(width="330px"))
        self.formula = widgets.HTML(layout=widgets.Layout(margin="4px 0"))
        self.formula.add_class("tconv-formula")
        self.readout = widgets.HTML()
        self.readout.add_class("tconv-readout")
        self.picture = widgets.HTML()
        self.picture.add_class("tconv-grid")
        self.svg, self.output, self.message, self.params = "", None, "", {}

        with self._hold():
            try:
                self._adapt(initial=True)
            except ValueError:
                pass
        for w in [*self.sliders.values(), self.out_channel, self.step, self.row, self.col]:
            w.observe(self._guarded, names="value")
        show_oc = "out_channels" in controls or out_channels > 1
        left = widgets.VBox([*self.sliders.values()] + ([self.out_channel] if show_oc else []))
        right = widgets.VBox([widgets.HBox([self.play, self.step]), self.row, self.col])
        self.widget = widgets.VBox([widgets.HBox([left, right]), self.formula, self.picture, self.readout])
        self.widget.add_class(self.css_class)
        self._safe_draw()

    # -- state ------------------------------------------------------------
    def _data(self):
        v = self.values
        if self._fixed is not None:
            return self._fixed
        g = v["groups"]
        return (example_input(v["in_channels"], v["input_size"], v["input_size"]),
                example_kernel(v["in_channels"], v["out_channels"] // g, v["kernel_size"]))

    def _read(self):
        for name, s in self.sliders.items():
            self.values[name] = s.value

    def _adapt(self, initial=False):
        """Read the sliders, then narrow the bounds that depend on them so every position is valid."""
        self._read()
        v = self.values
        if "groups" in self.sliders:
            ok = _divisors(v["in_channels"], v["out_channels"])
            s = self.sliders["groups"]
            s.max = max(ok)
            if v["groups"] not in ok:
                s.value = max(g for g in ok if g <= v["groups"])
        if "output_padding" in self.sliders:
            self.sliders["output_padding"].max = max(v["stride"], v["dilation"]) - 1
        self._read()
        if "padding" in self.sliders:
            full = (v["input_size"] - 1) * v["stride"] + v["dilation"] * (v["kernel_size"] - 1) + 1
            self.sliders["padding"].max = max(0, (full + v["output_padding"] - 1) // 2)
        self._read()
        self.out_channel.max = max(v["out_channels"] - 1, 0)
        x, w = self._data()
        n = x.size
        if self.step.max != n:
            # a new number of copies: show them all again
            self.play.max = self.step.max = n
            self.step.value = n
        h = shapes.conv_transpose_output_size(x.shape[1], w.shape[2], v["stride"], v["padding"],
                                              v["output_padding"], v["dilation"])
        wd = shapes.conv_transpose_output_size(x.shape[2], w.shape[3], v["stride"], v["padding"],
                                               v["output_padding"], v["dilation"])
        self.row.max, self.col.max = h - 1, wd - 1
        if initial:
            self.row.value, self.col.value = h // 2, wd // 2

    def _draw(self):
        v = self.values
        x, w = self._data()
        args = dict(stride=v["stride"], padding=v["padding"], output_padding=v["output_padding"],
                    groups=v["groups"], dilation=v["dilation"])
        self.params = dict(v, out_channel=self.out_channel.value, step=self.step.value,
                           pick=(self.row.value, self.col.value))
        # the formula also validates: a bad combination raises ValueError with a sentence
        hf = shapes.conv_transpose_formula(x.shape[1], w.shape[2], v["stride"], v["padding"],
                                           v["output_padding"], v["dilation"])
        upto = self.step.value
        gv = drawing.grid_view(x, w, out_channel=self.out_channel.value, upto=upto, **args)
        pick = (self.row.value, self.col.value)
        self.svg = drawing.scatter_svg(x, w, out_channel=self.out_channel.value, upto=upto, pick=pick, **args)
        self.picture.value = self.svg
        self.output = gv.visible.copy()
        self.formula.value = (f"<b>output height</b> = (H − 1)·stride − 2·padding + dilation·(k − 1) + "
                              f"output_padding + 1 = {escape(hf)}")
        full = gv if upto == x.size else drawing.grid_view(x, w, out_channel=self.out_channel.value, **args)
        total = full.visible[pick]
        text = drawing.terms_text(x, w, self.out_channel.value, pick[0], pick[1], total, **args)
        note = "" if upto == x.size else f" &nbsp;(grid shows {upto} of {x.size} copies; the sum uses all)"
        self.readout.value = (f'<span style="font-size:16px"><b style="color:{drawing.PICK}">'
                              f"Y[{pick[0]}, {pick[1]}]</b> = {escape(text)}</span>{note}")

    def set(self, **values):
        """Move several sliders at once (as a student would, one after another); returns self."""
        for name, value in values.items():
            target = {"out_channel": self.out_channel, "step": self.step, "row": self.row,
                      "col": self.col}.get(name) or self.sliders.get(name)
            if target is None:
                raise ValueError(f"{name!r} is not a control of this explorer; it has {list(self.sliders)}.")
            target.value = value
        return self

    def __repr__(self):
        shown = ", ".join(f"{k}={self.values[k]}" for k in self.controls)
        return f"ScatterExplorer({shown})"


class ShapeExplorer(_Explorer):
    """Conv2d then ConvTranspose2d on one axis: which sizes collide, and how output_padding chooses.

    Sliders: input size, kernel size, stride, padding, dilation and output_padding. Shows the chain
    ``n → Conv2d → m → ConvTranspose2d → n'`` with both formulas substituted, and a table of every
    size Conv2d maps to the same ``m`` with the output_padding that gives each back.
    Introduced in 05_shape_inverse.ipynb.
    """

    def __init__(self, size=16, kernel_size=5, stride=3, padding=2, dilation=1, output_padding=0):
        self._busy = False
        specs = dict(size=("input size n", 1, 70, size), kernel_size=("kernel size", 1, 7, kernel_size),
                     stride=("stride", 1, 5, stride), padding=("padding", 0, 4, padding),
                     dilation=("dilation", 1, 3, dilation),
                     output_padding=("output_padding", 0, 4, output_padding))
        self.sliders = {k: widgets.IntSlider(value=v, min=lo, max=max(hi, v), description=lab,
                                             style={"description_width": "110px"},
                                             layout=widgets.Layout(width="330px"))
                        for k, (lab, lo, hi, v) in specs.items()}
        self.picture = widgets.HTML()
        self.picture.add_class("tconv-shapes")
        self.svg, self.output, self.message, self.params = "", None, "", {}
        with self._hold():
            try:
                self._adapt()
            except ValueError:
                pass
        for s in self.sliders.values():
            s.observe(self._guarded, names="value")
        self.widget = widgets.VBox([widgets.HBox([widgets.VBox(list(self.sliders.values())[:3]),
                                                  widgets.VBox(list(self.sliders.values())[3:])]), self.picture])
        self.widget.add_class(self.css_class)
        self._safe_draw()

    def _adapt(self):
        v = {k: s.value for k, s in self.sliders.items()}
        self.sliders["output_padding"].max = max(v["stride"], v["dilation"]) - 1

    def _draw(self):
        v = {k: s.value for k, s in self.sliders.items()}
        self.params = dict(v)
        n, k, s, p, d, op = v["size"], v["kernel_size"], v["stride"], v["padding"], v["dilation"], v["output_padding"]
        m = shapes.conv_output_size(n, k, s, p, d)
        back = shapes.conv_transpose_output_size(m, k, s, p, op, d)
        family = shapes.conv_input_sizes(m, k, s, p, d)
        need = shapes.output_padding_for(n, k, s, p, d)
        self.output = {"conv": m, "transposed": back, "family": family, "needed_output_padding": need}
        ok = back == n
        rows = "".join(
            f'<tr style="background:{"#e8f5e9" if size == n else "white"}"><td>{size}</td><td>{m}</td>'
            f"<td>{op_}</td><td><code>tconv(y, output_size=({size}, {size}))</code></td></tr>"
            for size, op_ in family)
        verdict = ("✅ the shape comes back" if ok else
                   f"❌ {back} ≠ {n}: set output_padding to {need}" if need < max(s, d) else f"❌ {back} ≠ {n}")
        self.svg = (
            '<div class="tconv-shape-chain" style="font-size:16px;line-height:1.6">'
            f"<div><b>Conv2d</b>: n = {n} → m = {escape(shapes.conv_output_formula(n, k, s, p, d))}</div>"
            f"<div><b>ConvTranspose2d</b>: m = {m} → {escape(shapes.conv_transpose_formula(m, k, s, p, op, d))}"
            f" &nbsp; {verdict}</div>"
            f"<div style='margin-top:8px'>Conv2d maps <b>{len(family)}</b> input size{'s' if len(family) > 1 else ''}"
            f" to m = {m}; output_padding (or <code>output_size=</code>) picks one:</div>"
            '<table class="tconv-family" style="border-collapse:collapse;margin-top:4px">'
            "<tr><th>input size</th><th>Conv2d output</th><th>output_padding</th><th>or</th></tr>"
            f"{rows}</table></div>")
        self.picture.value = self.svg

    def __repr__(self):
        return "ShapeExplorer(" + ", ".join(f"{k}={s.value}" for k, s in self.sliders.items()) + ")"

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = repr(self)
        if not self.message:
            bundle["text/html"] = self.svg
        return bundle
