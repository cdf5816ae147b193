"""The explorers: ipywidgets controls wired to computed results and pictures, nothing more.

Each explorer builds its controls once (``_Explorer._build``), then on every change adapts the slider
bounds so the combination stays valid, asks ``operations``/``shapes`` for the numbers, ``captions``
for the sentences and ``svg`` for the picture, and swaps it into one ``ipywidgets.HTML``. Invalid
parameters show a sentence (the ``ValueError`` message), never a traceback. Every explorer has
``params`` (what is shown), ``output`` (the numbers drawn), ``sentence``, ``message`` ("" or the
sentence shown instead), ``set(**values)`` (move controls from code), ``widget`` (the VBox, CSS classes
``tconv-explorer`` and one per explorer, e.g. ``tconv-scatter-explorer``; controls in
``tconv-controls``, the picture in ``tconv-picture-box`` plus its own class) and a static SVG/HTML
fallback for viewers without widgets.

Introduced in 01_basic_operation.ipynb (``ScatterExplorer``, ``OwnNumbersExplorer``),
05_shape_inverse.ipynb (``ShapeExplorer``), 07_matrix_view.ipynb (``MatrixExplorer``,
``MatrixStepExplorer``), 08_equivalent_convolution.ipynb (``SlidingWindowExplorer``),
09_checkerboard.ipynb (``OverlapExplorer``) and 10_upsampling_in_practice.ipynb (``UpsampleExplorer``).
"""
from __future__ import annotations

from contextlib import contextmanager
from html import escape

import ipywidgets as widgets
import numpy as np

from . import captions, operations, palette, shapes, stepping, svg
from .i18n import tr

__all__ = ["example_input", "example_kernel", "ScatterExplorer", "ShapeExplorer", "OverlapExplorer", "MatrixExplorer",
           "UpsampleExplorer", "OwnNumbersExplorer", "parse_rows", "MatrixStepExplorer", "SlidingWindowExplorer",
           "PLAY_INTERVAL"]

KERNEL_VALUES = [4, 7, 2, 2, 1, 3, 5, 6, 2, 1, 4, 3]


def example_input(channels: int, height: int, width: int) -> np.ndarray:
    """Small integers an explorer scatters: channel c is ``(arange(H·W) + 4c) mod 10``, shape ``(C, H, W)``.

    The 2×2 single-channel case is the seed's ``[[0, 1], [2, 3]]``. Introduced in 01_basic_operation.ipynb
    (the numbers every explorer scatters).
    """
    base = np.arange(height * width).reshape(height, width)
    return np.stack([(base + 4 * c) % 10 for c in range(channels)]).astype(float)


def example_kernel(in_channels: int, out_per_group: int, kh: int, kw: int | None = None) -> np.ndarray:
    """Small integer kernels, shape ``(C_in, C_out/groups, kH, kW)``; the 2×2 single one is the seed's ``[[4, 7], [2, 2]]``.

    Introduced in 01_basic_operation.ipynb (the kernels every explorer scatters).
    """
    kw = kh if kw is None else kw
    out = np.empty((in_channels, out_per_group, kh, kw))
    for c in range(in_channels):
        for o in range(out_per_group):
            shift = c * out_per_group + o
            out[c, o] = np.resize(np.roll(KERNEL_VALUES, -3 * shift), kh * kw).reshape(kh, kw)
    return out


def _one_channel_data(n: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The one-channel X (n, n) and K (k, k) that 07's and 08's explorers draw."""
    return example_input(1, n, n)[0], example_kernel(1, 1, k)[0, 0]


def _divisors(a: int, b: int) -> list[int]:
    return [g for g in range(1, min(a, b) + 1) if a % g == 0 and b % g == 0]


PLAY_INTERVAL = 900   # ms between the steps of every Play control: above one redraw (benchmarks/bench_animation.py),
                      # so playing never queues redraws in the kernel

SLIDERS = {  # name: (min, max); the label is slider_label(name)
    "input_size": (1, 5),
    "kernel_size": (1, 4),
    "stride": (1, 4),
    "padding": (0, 4),
    "output_padding": (0, 3),
    "dilation": (1, 3),
    "in_channels": (1, 3),
    "out_channels": (1, 3),
    "groups": (1, 3),
}


def slider_label(name: str) -> str:
    """The label of the control ``name`` (a key of ``SLIDERS``, or another explorer control such as
    "step", "row", "play") in the reader's language: ``widgets.label.<name>`` in helpers/texts/.
    Built when an explorer is made, after the notebook's ``set_language``."""
    return tr(f"widgets.label.{name}")


class _Explorer:
    """One explorer: controls → ``_adapt`` (narrow bounds so every position is valid) → ``_compute``
    (ask operations/shapes for the numbers, captions for the sentences, svg for the picture) → the
    picture widget. Subclasses define ``_controls``, ``_adapt`` and ``_compute``; they only wire.

    State after every change: ``params`` (what is shown), ``output`` (the numbers drawn), ``sentence``
    (the caption, or ""), ``message`` ("" or the sentence shown instead of a picture), ``svg`` (the
    picture), ``widget`` (the VBox, CSS classes ``tconv-explorer`` and ``css_name``).
    """

    css_class = "tconv-explorer"
    css_name = "tconv-explorer-generic"
    picture_class = "tconv-picture"

    def _init_state(self):
        self._busy = False
        self.svg, self.output, self.message, self.params, self.sentence = "", None, "", {}, ""

    def _build(self, rows, above=(), below=()):
        """Lay the controls out in ``rows`` (lists of widgets, one VBox each), then ``above``, the
        picture, ``below``; wire every control to ``_refresh`` and draw."""
        self.picture = widgets.HTML()
        self.picture.add_class(self.picture_class)
        self.picture.add_class("tconv-picture-box")
        with self._hold():
            self._adapt_quietly()
        for w in self._controls().values():
            w.observe(self._refresh, names="value")
        boxes = widgets.HBox([widgets.VBox(list(col)) for col in rows])
        boxes.add_class("tconv-controls")
        self.widget = widgets.VBox([boxes, *above, self.picture, *below])
        self.widget.add_class(self.css_class)
        self.widget.add_class(self.css_name)
        self._draw()

    def _adapt_quietly(self):
        """``_adapt``, where an invalid state is left for ``_draw`` to explain in a sentence."""
        try:
            self._adapt()
        except ValueError as err:
            self.message = str(err)

    def _refresh(self, change=None):
        if self._busy:
            return
        with self._hold():
            self._adapt_quietly()
        self._draw()

    @contextmanager
    def _hold(self):
        self._busy = True
        try:
            yield
        finally:
            self._busy = False

    def _draw(self):
        try:
            self.svg = self._compute()
            self.picture.value = self.svg
            self.message = ""
        except ValueError as err:
            self._show_message(str(err))
        except (ArithmeticError, IndexError, KeyError, TypeError, RuntimeError) as err:
            # a bug, never a traceback in the widget: a sentence naming the error, to report
            self._show_message(tr("widgets.draw_failed", kind=type(err).__name__, err=err))

    def _show_message(self, text):
        self.message = text
        self.output = None
        self.picture.value = svg.message_html(text)

    def _adapt(self):
        """Narrow the bounds of the controls that depend on the others (default: none)."""

    def _compute(self) -> str:
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = repr(self)
        if self.message:
            bundle["text/html"] = svg.message_html(self.message)
        elif self.svg.startswith("<svg"):
            bundle["image/svg+xml"] = self.svg  # a still picture where widgets cannot run (GitHub)
        elif self.svg:
            bundle["text/html"] = self.svg
        return bundle

    # -- moving controls from code ------------------------------------------
    def _controls(self) -> dict:
        """name → widget, in the order ``set`` applies them (bounds of later ones depend on earlier ones)."""
        return dict(self.sliders)

    def _values(self):
        return {k: w.value for k, w in self._controls().items()}

    def __repr__(self):
        return f"{type(self).__name__}(" + ", ".join(f"{k}={v!r}" for k, v in self._values().items()) + ")"

    def set(self, **values):
        """Move several controls at once and redraw once; returns self.

        Values are applied in dependency order (sizes first, then the bounds they imply), whatever
        the keyword order, so ``set(padding=3, input_size=5)`` works. A value outside a control's
        range (given the values before it) raises ValueError naming the control and its range; then
        nothing has changed: every control is back where it was (all or nothing).
        """
        controls = self._controls()
        unknown = [n for n in values if n not in controls]
        if unknown:
            raise ValueError(tr("widgets.set_unknown", name=unknown[0],
                                names=list(controls)))
        before = self._snapshot()
        try:
            with self._hold():
                for name, w in controls.items():
                    if name not in values:
                        continue
                    value = values[name]
                    if isinstance(w, widgets.Dropdown):
                        if value not in w.options:
                            raise ValueError(tr("widgets.set_not_option", name=name,
                                                options=list(w.options), value=value))
                    elif isinstance(w, widgets.Text):
                        if not isinstance(value, str):
                            raise ValueError(tr("widgets.set_not_text", name=name, value=value))
                        self._check_text(name, value)
                    else:
                        value = shapes.as_int(value, name)
                        if not w.min <= value <= w.max:
                            raise ValueError(self._range_message(name, value, w.min, w.max))
                    w.value = value
                    self._adapt_quietly()
        except ValueError as err:
            self._restore(before)
            raise ValueError(tr("widgets.set_unchanged", err=err)) from None
        except BaseException:
            self._restore(before)
            raise
        finally:
            self._draw()
        return self

    def _range_message(self, name, value, lo, hi):
        """Why ``name=value`` is outside its slider's range ``lo..hi``; explorers whose bound follows from
        other controls name those controls (``OverlapExplorer``'s padding)."""
        return tr("widgets.set_outside_range", name=name, value=value, lo=lo, hi=hi)

    def _check_text(self, name, value):
        """Raise ValueError if text box ``name`` cannot take ``value`` (explorers with text boxes)."""

    def _snapshot(self):
        """Every control's value and bounds, for ``_restore``."""
        return [(w, getattr(w, "min", None), getattr(w, "max", None), w.value) for w in self._controls().values()]

    def _restore(self, snapshot):
        """Put every control back as ``_snapshot`` found it (bounds first, then the value)."""
        with self._hold():
            for w, lo, hi, value in snapshot:
                if lo is not None:
                    _set_bounds(w, lo, hi)
                w.value = value
            self.message = ""
            self._adapt_quietly()


def _int_slider(value, lo, hi, label, label_width="120px"):
    return widgets.IntSlider(value=value, min=lo, max=hi, description=label, continuous_update=True,
                             style={"description_width": label_width}, layout=widgets.Layout(width="330px"))


def _check_range(name, value, lo, hi):
    value = shapes.as_int(value, name)
    if not lo <= value <= hi:
        raise ValueError(tr("widgets.out_of_range", name=name, lo=lo,
                            hi=hi, value=value))
    return value


class ScatterExplorer(_Explorer):
    """Sliders that redraw the scattered output grid of ``conv_transpose2d``.

    ``controls`` names the sliders to show (keys of ``SLIDERS``); the others stay at the values
    given. Also: a Play control that adds the kernel copies one input element at a time, and
    row/column sliders that pick an output cell and spell out its sum. After every change
    ``params``, ``output`` (the visible grid drawn, ``(H_out, W_out)``) and ``message`` describe
    what is shown; ``sentence`` is the picked cell's sum. Introduced in 01_basic_operation.ipynb.
    """

    css_name = "tconv-scatter-explorer"
    picture_class = "tconv-grid"

    def __init__(self, controls=("input_size", "kernel_size", "stride", "padding"), *, input_size=2,
                 kernel_size=2, stride=1, padding=0, output_padding=0, dilation=1, in_channels=1,
                 out_channels=1, groups=1, out_channel=0, x=None, weight=None):
        if isinstance(controls, str):  # one slider's name, not its letters
            controls = (controls,)
        unknown = [c for c in controls if c not in SLIDERS]
        if unknown:
            raise ValueError(tr("widgets.unknown_sliders", unknown=unknown, choices=list(SLIDERS)))
        self._fixed = None
        if x is not None or weight is not None:
            if x is None or weight is None:
                raise ValueError(tr("widgets.x_and_weight"))
            x, weight = np.asarray(x, float), np.asarray(weight, float)
            sized = [c for c in controls if c in ("input_size", "kernel_size", "in_channels", "out_channels")]
            if sized:
                raise ValueError(tr("widgets.fixed_sizes", sized=sized))
            if x.ndim != 3 or weight.ndim != 4:
                raise ValueError(tr("widgets.fixed_shapes", x_shape=x.shape, w_shape=weight.shape))
            # torch's checks (channels, groups, every size on both axes), as a ValueError naming the parameter
            operations.conv_transpose2d(x, weight, stride=stride, padding=padding, output_padding=output_padding,
                                        groups=groups, dilation=dilation)
            in_channels, input_size, kernel_size = x.shape[0], x.shape[1], weight.shape[2]
            out_channels = weight.shape[1] * groups
            self._fixed = (x, weight)
        # refuse what torch refuses before any slider could quietly clamp it
        for name, value in (("input_size", input_size), ("kernel_size", kernel_size), ("in_channels", in_channels),
                            ("out_channels", out_channels), ("groups", groups)):
            if shapes.as_int(value, name) < 1:
                raise ValueError(tr("widgets.at_least_1", name=name, value=value))
        for name, value in (("stride", stride), ("padding", padding), ("output_padding", output_padding),
                            ("dilation", dilation)):
            shapes.as_int(value, name)
        shapes.check_transpose_params(*[(v, v) for v in (stride, padding, output_padding, dilation)])
        shapes.conv_transpose_output_size(input_size, kernel_size, stride, padding, output_padding, dilation)
        if in_channels % groups or out_channels % groups:
            raise ValueError(tr("widgets.groups_divide", groups=groups, in_channels=in_channels,
                                out_channels=out_channels))
        if not 0 <= shapes.as_int(out_channel, "out_channel") < out_channels:
            raise ValueError(tr("widgets.out_channel_range", last=out_channels - 1, out_channel=out_channel))
        self._init_state()
        self.controls = tuple(controls)
        self.values = dict(input_size=input_size, kernel_size=kernel_size, stride=stride, padding=padding,
                           output_padding=output_padding, dilation=dilation, in_channels=in_channels,
                           out_channels=out_channels, groups=groups)
        self.sliders = {}
        for name in controls:
            lo, hi = SLIDERS[name]
            self.sliders[name] = _int_slider(self.values[name], lo, max(hi, self.values[name]), slider_label(name),
                                             "110px")
        self.out_channel = _int_slider(out_channel, 0, max(out_channels - 1, 0), slider_label("out_channel"), "110px")
        self.play = widgets.Play(value=0, min=0, max=1, step=1, interval=PLAY_INTERVAL,
                                 description=slider_label("play"))
        self.step = _int_slider(0, 0, 1, slider_label("step"), "110px")
        widgets.jslink((self.play, "value"), (self.step, "value"))
        self.row = _int_slider(0, 0, 0, slider_label("row"), "110px")
        self.col = _int_slider(0, 0, 0, slider_label("col"), "110px")
        self.formula = widgets.HTML(layout=widgets.Layout(margin="4px 0"))
        self.formula.add_class("tconv-formula")
        self.readout = widgets.HTML()
        self.readout.add_class("tconv-readout")
        self._initial = True
        show_oc = "out_channels" in controls or out_channels > 1
        left = [*self.sliders.values()] + ([self.out_channel] if show_oc else [])
        right = [widgets.HBox([self.play, self.step]), self.row, self.col]
        self._build([left, right], above=[self.formula], below=[self.readout])

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

    def _adapt(self):
        """Read the sliders, then narrow the bounds that depend on them so every position is valid."""
        initial, self._initial = self._initial, False
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
        x, w = self._data()
        if "padding" in self.sliders:   # the largest padding that leaves at least one row and one column
            self.sliders["padding"].max = max(0, min(
                shapes.max_transpose_padding(x.shape[1 + i], w.shape[2 + i], v["stride"], v["output_padding"],
                                             v["dilation"]) for i in (0, 1)))
        self._read()
        self.out_channel.max = max(v["out_channels"] - 1, 0)
        n = x.size
        if initial or self.step.max != n:
            # first draw or a new number of copies: show them all (also when there is one element)
            self.play.max = self.step.max = n
            self.step.value = n
        h = shapes.conv_transpose_output_size(x.shape[1], w.shape[2], v["stride"], v["padding"],
                                              v["output_padding"], v["dilation"])
        wd = shapes.conv_transpose_output_size(x.shape[2], w.shape[3], v["stride"], v["padding"],
                                               v["output_padding"], v["dilation"])
        self.row.max, self.col.max = h - 1, wd - 1
        if initial:
            self.row.value, self.col.value = h // 2, wd // 2

    def _compute(self):
        v = self.values
        x, w = self._data()
        args = dict(stride=v["stride"], padding=v["padding"], output_padding=v["output_padding"],
                    groups=v["groups"], dilation=v["dilation"])
        oc, upto, pick = self.out_channel.value, self.step.value, (self.row.value, self.col.value)
        self.params = dict(v, out_channel=oc, step=upto, pick=pick)
        # the formula also validates: a bad combination raises ValueError with a sentence
        formula = captions.output_formula(x.shape[1], w.shape[2], v["stride"], v["padding"], v["output_padding"],
                                          v["dilation"])
        gv = operations.grid_view(x, w, out_channel=oc, upto=upto, **args)
        picture = svg.scatter_svg(x, w, out_channel=oc, upto=upto, pick=pick, view=gv, **args)
        self.output = gv.visible.copy()
        full = gv if upto == x.size else operations.grid_view(x, w, out_channel=oc, **args)
        self.sentence = captions.terms_text(x, w, oc, pick[0], pick[1], full.visible[pick], **args)
        note = "" if upto == x.size else " &nbsp;" + escape(tr("widgets.scatter_partial_note",
                                                             upto=upto, total=x.size))
        self.formula.value = f"<b>{escape(formula.split(' = ', 1)[0])}</b> = {escape(formula.split(' = ', 1)[1])}"
        self.readout.value = (f'<span style="font-size:16px"><b style="color:{palette.PICK}">'
                              f"Y[{pick[0]}, {pick[1]}]</b> = {escape(self.sentence)}</span>{note}")
        return picture

    def _show_message(self, text):
        super()._show_message(text)
        self.formula.value = self.readout.value = ""   # nothing stale beside the sentence
        self.sentence = ""

    def _controls(self):
        order = ["input_size", "kernel_size", "stride", "dilation", "in_channels", "out_channels", "groups",
                 "output_padding", "padding"]
        named = {n: self.sliders[n] for n in order if n in self.sliders}
        named.update(out_channel=self.out_channel, step=self.step, row=self.row, col=self.col)
        return named

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

    css_name = "tconv-shape-explorer"
    picture_class = "tconv-shapes"

    def __init__(self, size=16, kernel_size=5, stride=3, padding=2, dilation=1, output_padding=0):
        # refuse what torch refuses before any slider could quietly clamp it
        for name, value, lo in (("size", size, 1), ("kernel_size", kernel_size, 1), ("stride", stride, 1),
                                ("padding", padding, 0), ("dilation", dilation, 1),
                                ("output_padding", output_padding, 0)):
            if shapes.as_int(value, name) < lo:
                raise ValueError(tr("widgets.at_least", name=name, lo=lo, value=value))
        shapes.check_transpose_params((stride,) * 2, (padding,) * 2, (output_padding,) * 2, (dilation,) * 2)
        shapes.conv_output_size(size, kernel_size, stride, padding, dilation)
        self._init_state()
        specs = dict(size=(1, 70, size), kernel_size=(1, 7, kernel_size), stride=(1, 5, stride),
                     padding=(0, 4, padding), dilation=(1, 3, dilation), output_padding=(0, 4, output_padding))
        self.sliders = {k: _int_slider(v, lo, max(hi, v), slider_label(k), "110px")
                        for k, (lo, hi, v) in specs.items()}
        sl = list(self.sliders.values())
        self._build([sl[:3], sl[3:]])

    def _adapt(self):
        v = self._values()
        self.sliders["output_padding"].max = max(v["stride"], v["dilation"]) - 1

    def _compute(self):
        v = self._values()
        self.params = dict(v)
        n, k, s, p, d, op = v["size"], v["kernel_size"], v["stride"], v["padding"], v["dilation"], v["output_padding"]
        m = shapes.conv_output_size(n, k, s, p, d)
        try:
            back = shapes.conv_transpose_output_size(m, k, s, p, op, d)
        except ValueError as err:  # say which layer refuses: Conv2d took these settings
            raise ValueError(captions.shape_back_refused(n, k, s, p, d, m, str(err))) from None
        family = shapes.conv_input_sizes(m, k, s, p, d)
        need = shapes.output_padding_for(n, k, s, p, d)
        self.output = {"conv": m, "transposed": back, "family": family, "needed_output_padding": need}
        self.sentence = captions.shape_verdict(n, back, need)[1]
        return svg.shape_chain_html(n, k, s, p, d, op, m, back, family, need)


# ---------------------------------------------------------------- shared plumbing

def _set_bounds(slider, lo, hi):
    """Move an IntSlider's range to [lo, hi] (clamping its value) without ever having min > max."""
    if lo > slider.max:
        slider.max = hi
        slider.min = lo
    else:
        slider.min = lo
        slider.max = hi


# ---------------------------------------------------------------- 09_checkerboard

def _overlap_profile(n, k, s, p):
    """1-D overlap count ``(W_out,)``: how many of the n windows ``[i·s, i·s + k)`` cover each cell, ``p`` cropped per side."""
    return operations.overlap_count((1, n), (1, k), stride=(1, s), padding=(0, p))[0]


def _overlap_padding_message(n, k, s, p):
    """Why padding ``p`` is too large: it crops the whole ``(n − 1)·s + k``-long full output, so the cause
    is the input size, kernel size and stride that make it that short (not a limit of the explorer)."""
    full = (n - 1) * s + k
    return tr("widgets.overlap_padding_too_large", p=p, n=n, k=k, s=s, full=full,
              left=str(full - 2 * p).replace("-", "−"),
              most=shapes.max_transpose_padding(n, k, s))


class OverlapExplorer(_Explorer):
    """How many kernel copies land on each output cell, as input size, kernel size, stride and padding move.

    Draws ``operations.overlap_count`` as a heat map with the count in every cell, the 1-D profile
    along the top and a verdict: even overlap when the kernel size is a multiple of the stride,
    a checkerboard otherwise. ``output`` is the counts array ``(H_out, W_out)``; ``sentence`` the
    verdict. Sliders: input size 1..8, kernel size 1..8, stride 1..8, padding 0..(largest valid).
    Introduced in 09_checkerboard.ipynb.
    """

    css_name = "tconv-overlap-explorer"
    picture_class = "tconv-overlap-map"

    def __init__(self, input_size=4, kernel_size=3, stride=2, padding=0):
        n = _check_range("input_size", input_size, 1, 8)
        k = _check_range("kernel_size", kernel_size, 1, 8)
        s = _check_range("stride", stride, 1, 8)
        pmax = shapes.max_transpose_padding(n, k, s)
        p = shapes.as_int(padding, "padding")
        if p > pmax:   # not this explorer's limit: input size, kernel size and stride leave nothing to crop
            raise ValueError(_overlap_padding_message(n, k, s, p))
        p = _check_range("padding", p, 0, pmax)
        self._init_state()
        self.sliders = {"input_size": _int_slider(n, 1, 8, slider_label("input_size")),
                        "kernel_size": _int_slider(k, 1, 8, slider_label("kernel_size")),
                        "stride": _int_slider(s, 1, 8, slider_label("stride")),
                        "padding": _int_slider(p, 0, pmax, slider_label("padding"))}
        sl = list(self.sliders.values())
        self._build([sl[:2], sl[2:]])

    def _adapt(self):
        v = self._values()
        self.sliders["padding"].max = shapes.max_transpose_padding(v["input_size"], v["kernel_size"], v["stride"])

    def _range_message(self, name, value, lo, hi):
        if name == "padding" and value > hi:
            v = self._values()
            return _overlap_padding_message(v["input_size"], v["kernel_size"], v["stride"], value)
        return super()._range_message(name, value, lo, hi)

    def _compute(self):
        v = self._values()
        n, k, s, p = v["input_size"], v["kernel_size"], v["stride"], v["padding"]
        self.params = dict(v)
        counts = operations.overlap_count(n, k, s, p)
        self.output = counts
        self.interior = operations.overlap_interior(n, k, s, p)
        self.sentence = captions.overlap_verdict(n, k, s, p, counts)
        return svg.overlap_svg(counts, _overlap_profile(n, k, s, p), self.interior, note=self.sentence)


# ---------------------------------------------------------------- 07_matrix_view

class MatrixExplorer(_Explorer):
    """The convolution as a matrix: ``vec(Y) = C @ vec(X)``, and the transposed convolution as ``Cᵀ``.

    Sliders: input size 2..5, kernel size 1..3, stride 1..3, padding (from the least that lets the
    kernel fit to kernel_size − 1), and the output cell to pick (a row of C). The kernel is
    ``example_kernel(1, 1, k)[0, 0]``. Draws C (each non-zero entry shows its kernel value, coloured
    by kernel tap) beside Cᵀ; the picked row of C is the matching column of Cᵀ. ``output`` is C
    ``(H_out·W_out, H·W)``; ``sentence`` spells out the picked row. Introduced in 07_matrix_view.ipynb.
    """

    css_name = "tconv-matrix-explorer"
    picture_class = "tconv-matrix-view"

    def __init__(self, input_size=3, kernel_size=2, stride=1, padding=0, pick=0):
        n = _check_range("input_size", input_size, 2, 5)
        k = _check_range("kernel_size", kernel_size, 1, 3)
        s = _check_range("stride", stride, 1, 3)
        lo, hi = self._padding_range(n, k)
        p = _check_range("padding", padding, lo, hi)
        m = shapes.conv_output_size(n, k, s, p) ** 2
        pick = _check_range("pick", pick, 0, m - 1)
        self._init_state()
        self.sliders = {"input_size": _int_slider(n, 2, 5, slider_label("input_size")),
                        "kernel_size": _int_slider(k, 1, 3, slider_label("kernel_size")),
                        "stride": _int_slider(s, 1, 3, slider_label("stride")),
                        "padding": _int_slider(p, lo, hi, slider_label("padding")),
                        "pick": _int_slider(pick, 0, m - 1, slider_label("pick"))}
        sl = list(self.sliders.values())
        self._build([sl[:3], sl[3:]])

    @staticmethod
    def _padding_range(n, k):
        """Padding from the least that lets a k-kernel fit the padded n-input, to k − 1."""
        return max(0, -(-(k - n) // 2)), k - 1

    def _adapt(self):
        v = self._values()
        _set_bounds(self.sliders["padding"], *self._padding_range(v["input_size"], v["kernel_size"]))
        v = self._values()
        m = shapes.conv_output_size(v["input_size"], v["kernel_size"], v["stride"], v["padding"])
        self.sliders["pick"].max = m * m - 1

    def _compute(self):
        v = self._values()
        n, k, s, p, pick = v["input_size"], v["kernel_size"], v["stride"], v["padding"], v["pick"]
        self.params = dict(v)
        K = example_kernel(1, 1, k)[0, 0]
        C = operations.conv_matrix(K, (n, n), stride=s, padding=p)
        taps = operations.conv_matrix_taps(k, (n, n), stride=s, padding=p)
        m = shapes.conv_output_size(n, k, s, p)
        self.output = C
        self.sentence = captions.matrix_sentence(C, pick, m)
        return svg.matrix_svg(C, taps, (n, n), (m, m), K, pick=pick, caption=self.sentence)


# ---------------------------------------------------------------- 08_equivalent_convolution

class _WindowControls(_Explorer):
    """The controls of 08's explorer (``SlidingWindowExplorer``): input size 1..4, kernel size 1..4,
    stride 1..3, output_padding 0..stride − 1, padding 0..min(kernel_size − 1, largest valid), position
    (output cell, row-major); the bounds follow each other so that every position is valid.
    Data: ``example_input(1, n, n)[0]`` and ``example_kernel(1, 1, k)[0, 0]``."""

    css_name = "tconv-equivalent-explorer"
    picture_class = "tconv-equivalent-view"

    def __init__(self, input_size=2, kernel_size=2, stride=2, padding=0, output_padding=0, position=None):
        n = _check_range("input_size", input_size, 1, 4)
        k = _check_range("kernel_size", kernel_size, 1, 4)
        s = _check_range("stride", stride, 1, 3)
        op = _check_range("output_padding", output_padding, 0, s - 1)
        p = _check_range("padding", padding, 0, self._padding_max(n, k, s, op))
        size = shapes.conv_transpose_output_size(n, k, s, p, op)
        position = size * (size // 2) + size // 2 if position is None else position
        position = _check_range("position", position, 0, size * size - 1)
        self._init_state()
        self.sliders = {"input_size": _int_slider(n, 1, 4, slider_label("input_size")),
                        "kernel_size": _int_slider(k, 1, 4, slider_label("kernel_size")),
                        "stride": _int_slider(s, 1, 3, slider_label("stride")),
                        "output_padding": _int_slider(op, 0, s - 1, slider_label("output_padding")),
                        "padding": _int_slider(p, 0, self._padding_max(n, k, s, op), slider_label("padding")),
                        "position": _int_slider(position, 0, size * size - 1, slider_label("position"))}
        sl = list(self.sliders.values())
        self._build([sl[:3], sl[3:]])

    @staticmethod
    def _padding_max(n, k, s, op):
        return min(k - 1, shapes.max_transpose_padding(n, k, s, op))

    def _adapt(self):
        v = self._values()
        self.sliders["output_padding"].max = v["stride"] - 1
        v = self._values()
        self.sliders["padding"].max = self._padding_max(v["input_size"], v["kernel_size"], v["stride"],
                                                        v["output_padding"])
        v = self._values()
        size = shapes.conv_transpose_output_size(v["input_size"], v["kernel_size"], v["stride"], v["padding"],
                                                 v["output_padding"])
        self.sliders["position"].max = size * size - 1


# ---------------------------------------------------------------- 10_upsampling_in_practice

class UpsampleExplorer(_Explorer):
    """Upsample a 64×64 photo by 1–4× three ways and see which one prints a checkerboard.

    Controls: ``factor`` slider 1..4 and ``method`` dropdown (``"bilinear"``, ``"random"``,
    ``"nearest+conv"``; see ``operations.upsample_image``). Shows the input, the output (same display size)
    and a zoom into the output's centre. ``output`` is the upsampled array ``(64·f, 64·f)``
    (unclipped; the pictures clip to [0, 1]); ``sentence`` the layer and its size formula.
    Introduced in 10_upsampling_in_practice.ipynb.
    """

    css_name = "tconv-upsample-explorer"
    picture_class = "tconv-upsample-view"
    ZOOM = (24, 24, 16, 16)  # top, left, height, width of the zoomed region, in input pixels

    def __init__(self, factor=2, method="bilinear"):
        f = _check_range("factor", factor, 1, 4)
        if method not in operations.UPSAMPLE_METHODS:
            raise ValueError(tr("widgets.upsample_method", methods=list(operations.UPSAMPLE_METHODS), method=method))
        self._init_state()
        self.image = operations.sample_image(64)
        self.sliders = {"factor": _int_slider(f, 1, 4, slider_label("factor")),
                        "method": widgets.Dropdown(options=list(operations.UPSAMPLE_METHODS), value=method,
                                                   description=slider_label("method"), style={"description_width": "120px"},
                                                   layout=widgets.Layout(width="330px"))}
        self._build([list(self.sliders.values())])

    def _adapt(self):
        pass

    def _compute(self):
        v = self._values()
        f, method = v["factor"], v["method"]
        self.params = dict(v)
        out, info = operations.upsample_image(self.image, f, method)
        t, l, h, w = self.ZOOM
        zoom = out[t * f:(t + h) * f, l * f:(l + w) * f]
        n = self.image.shape[0]
        self.sentence = captions.upsample_caption(n, f, info)
        self.output, self.info = out, info
        return svg.images_svg(
            [self.image, out, zoom],
            [tr("widgets.upsample_input_title", n=n), tr("widgets.upsample_output_title", size=n * f, method=method),
             tr("widgets.upsample_zoom_title", h=h * f, w=w * f)],
            caption=self.sentence, cls="tconv-images tconv-upsample", frames=[(1, (t * f, l * f, h * f, w * f))])


# ---------------------------------------------------------------- 01_basic_operation: your own numbers

def parse_rows(text: str, box: str, limit: int, max_abs: float = 999) -> np.ndarray:
    """The 2-D array typed in a text box: rows separated by ``;`` (or new lines), numbers by spaces or
    commas, e.g. ``"1 2; 3 4"`` → ``[[1, 2], [3, 4]]`` (float). Raises ValueError naming ``box`` and why
    (empty, not a number, ragged rows, more than ``limit`` rows or columns, a value beyond ``max_abs``).
    Introduced in 01_basic_operation.ipynb (``OwnNumbersExplorer``)."""
    if not isinstance(text, str):
        raise ValueError(tr("widgets.rows_not_text", box=box, text=text))
    cleaned = text.replace("−", "-").replace("\n", ";").strip().strip(";").strip()
    if not cleaned:
        raise ValueError(captions.typed_rows_problem(box, "empty"))
    rows = []
    for r, row in enumerate(cleaned.split(";"), start=1):
        tokens = row.replace(",", " ").split()
        if not tokens:
            raise ValueError(captions.typed_rows_problem(box, "empty_row", row=r))
        values = []
        for token in tokens:
            try:
                v = float(token)
            except ValueError:
                raise ValueError(captions.typed_rows_problem(box, "not_a_number", token=token, row=r)) from None
            if not np.isfinite(v):
                raise ValueError(captions.typed_rows_problem(box, "not_finite", token=token, row=r))
            if abs(v) > max_abs:
                raise ValueError(captions.typed_rows_problem(box, "too_big_value", token=token, row=r,
                                                             limit=max_abs))
            values.append(v)
        if rows and len(values) != len(rows[0]):
            raise ValueError(captions.typed_rows_problem(box, "ragged", row=r, got=len(values), want=len(rows[0])))
        rows.append(values)
    if len(rows) > limit or len(rows[0]) > limit:
        raise ValueError(captions.typed_rows_problem(box, "too_large", rows=len(rows), cols=len(rows[0]),
                                                     limit=limit))
    return np.array(rows, dtype=float)


class OwnNumbersExplorer(ScatterExplorer):
    """The scatter of the reader's own X and K, typed in two text boxes ("X rows", "K rows": rows
    separated by ``;``, e.g. ``"1 2; 3 4"``), with stride, padding and output_padding sliders whose
    bounds follow the typed sizes (padding up to the largest torch accepts, output_padding up to
    stride − 1). Draws the same picture as ``ScatterExplorer`` (one channel): X up to
    ``MAX_X``×``MAX_X``, K up to ``MAX_K``×``MAX_K``, numbers within ±``MAX_ABS``. Text that cannot be
    used shows a sentence naming the box and why, never a traceback. ``output`` is the visible output
    ``(H_out, W_out)``. The widget root also carries the CSS class ``tconv-own-numbers``.
    Introduced in 01_basic_operation.ipynb ("Your own numbers").
    """

    MAX_X, MAX_K, MAX_ABS = 6, 4, 999

    def __init__(self, x="0 1; 2 3", weight="4 7; 2 2", *, stride=1, padding=0, output_padding=0):
        X, K = self._parse(x, weight)
        style = {"description_width": "110px"}
        self.x_box = widgets.Text(value=x, description=slider_label("x_rows"), placeholder="1 2; 3 4", continuous_update=False,
                                  style=style, layout=widgets.Layout(width="330px"))
        self.k_box = widgets.Text(value=weight, description=slider_label("k_rows"), placeholder="4 7; 2 2",
                                  continuous_update=False, style=style, layout=widgets.Layout(width="330px"))
        self.hint = widgets.HTML(f'<span style="font-size:16px">{escape(captions.own_numbers_hint())}</span>')
        super().__init__(controls=("stride", "padding", "output_padding"), stride=stride, padding=padding,
                         output_padding=output_padding, x=X[None], weight=K[None, None])
        self.widget.add_class("tconv-own-numbers")

    def _parse(self, x_text, k_text):
        return (parse_rows(x_text, slider_label("x_rows"), self.MAX_X, self.MAX_ABS),
                parse_rows(k_text, slider_label("k_rows"), self.MAX_K, self.MAX_ABS))

    def _build(self, rows, above=(), below=()):
        left, *rest = rows
        super()._build([[self.x_box, self.k_box, *left], *rest], above=[self.hint, *above], below=below)

    def _read_boxes(self):
        X, K = self._parse(self.x_box.value, self.k_box.value)
        self._fixed = (X[None], K[None, None])

    def _adapt(self):
        self._read_boxes()
        super()._adapt()

    def _compute(self):
        self._read_boxes()
        return super()._compute()

    def _check_text(self, name, value):
        box = {"x_rows": self.MAX_X, "k_rows": self.MAX_K}[name]
        parse_rows(value, slider_label(name), box, self.MAX_ABS)

    def _controls(self):
        return {"x_rows": self.x_box, "k_rows": self.k_box, **super()._controls()}

    def __repr__(self):
        v = self.values
        return (f"OwnNumbersExplorer(x={self.x_box.value!r}, weight={self.k_box.value!r}, stride={v['stride']}, "
                f"padding={v['padding']}, output_padding={v['output_padding']})")

# ---------------------------------------------------------------- the animations (07, 08)


class _Stepping:
    """Mixin for an explorer whose slider ``self._step_name`` is an animation step: adds a Play control
    (``ipywidgets.Play``, linked in the browser to that slider) and ◀ / ▶ buttons, under the sliders.
    The Play's bounds follow the slider's on every change; the slider stays the one source of truth
    (``set(...)`` and the browser both move it), so every frame is an ordinary, checked redraw."""

    _step_name = ""

    def _add_player(self):
        slider = self.sliders[self._step_name]
        self.play = widgets.Play(value=slider.value, min=slider.min, max=slider.max, step=1,
                                 interval=PLAY_INTERVAL, description=slider_label("play"), show_repeat=False)
        widgets.jslink((self.play, "value"), (slider, "value"))
        self.back = widgets.Button(description=tr("widgets.step_back"), tooltip=tr("widgets.step_back_tip"),
                                   layout=widgets.Layout(width="90px"))
        self.forward = widgets.Button(description=tr("widgets.step_forward"), tooltip=tr("widgets.step_forward_tip"),
                                      layout=widgets.Layout(width="90px"))
        self.back.on_click(lambda _: self.step_by(-1))
        self.forward.on_click(lambda _: self.step_by(1))
        # indented like the sliders' tracks: in the slideshow the output's prompt overlay covers the left edge
        bar = widgets.HBox([self.play, self.back, self.forward], layout=widgets.Layout(margin="2px 0 2px 124px"))
        bar.add_class("tconv-player")
        controls, *rest = self.widget.children
        self.widget.children = (controls, bar, *rest)
        self.widget.add_class("tconv-animated")
        self._sync_player()

    def _sync_player(self):
        play = getattr(self, "play", None)
        if play is not None:
            slider = self.sliders[self._step_name]
            play.max = max(slider.max, play.min)
            play.value = min(play.value, play.max)

    def step_by(self, delta):
        """Move the step slider by ``delta`` (clamped to its range) and redraw; returns self."""
        slider = self.sliders[self._step_name]
        slider.value = int(np.clip(slider.value + shapes.as_int(delta, "delta"), slider.min, slider.max))
        return self

    def _adapt(self):
        super()._adapt()
        self._sync_player()


class MatrixStepExplorer(_Stepping, MatrixExplorer):
    """``vec(Y) = C @ vec(X)`` one row at a time: row i of C times vec(X) gives output cell i of Conv2d.

    Same sliders, kernel and bounds as ``MatrixExplorer`` (the "output cell (row)" slider is the step),
    plus Play and ◀ / ▶ step buttons. X is ``example_input(1, n, n)[0]`` (``arange`` for n ≤ 3), Conv2d's
    input. Each step frames row i of C, the input cells it multiplies (coloured by kernel tap) and the
    output cell it produces; earlier outputs stay filled in. ``step`` is the ``stepping.RowStep``,
    ``output`` is C, ``sentence`` spells the row out. Introduced in 07_matrix_view.ipynb.
    """

    _step_name = "pick"

    def __init__(self, input_size=3, kernel_size=2, stride=1, padding=0, pick=0):
        super().__init__(input_size, kernel_size, stride, padding, pick)
        self._add_player()

    def _compute(self):
        v = self._values()
        n, k, s, p, i = v["input_size"], v["kernel_size"], v["stride"], v["padding"], v["pick"]
        self.params = dict(v)
        x, K = _one_channel_data(n, k)
        C = operations.conv_matrix(K, (n, n), stride=s, padding=p)
        taps = operations.conv_matrix_taps(k, (n, n), stride=s, padding=p)
        m = shapes.conv_output_size(n, k, s, p)
        self.step = stepping.matrix_row_step(C, x.ravel(), i)
        self.output = C
        self.sentence = captions.matrix_step_sentence(self.step, m)
        return svg.matrix_step_svg(C, x, self.step, taps, (n, n), (m, m), K, caption=self.sentence)


class SlidingWindowExplorer(_Stepping, _WindowControls):
    """08's direct convolution as an animation: the flipped kernel's window slides over the zero-inserted,
    padded input one output cell at a time, as in Dumoulin & Visin's conv_arithmetic animations.

    The sliders of ``_WindowControls`` (the "output cell" slider is the step), plus Play and ◀ / ▶ step
    buttons. Each step shows the window's input cells with the flipped-kernel tap
    each meets, the products and the output value; output cells already produced are shaded. ``step`` is
    the ``stepping.WindowStep``, ``output`` the whole output (equal to ``conv_transpose2d``), ``sentence``
    the window's sum. Introduced in 08_equivalent_convolution.ipynb.
    """

    _step_name = "position"

    def __init__(self, input_size=2, kernel_size=2, stride=2, padding=0, output_padding=0, position=0):
        super().__init__(input_size, kernel_size, stride, padding, output_padding, position)
        self._add_player()

    def _compute(self):
        v = self._values()
        n, k, s, p, op = v["input_size"], v["kernel_size"], v["stride"], v["padding"], v["output_padding"]
        self.params = dict(v)
        x, K = _one_channel_data(n, k)
        self.step = stepping.window_step(x, K, s, p, op, v["position"])
        self.output = operations.equivalent_conv(x[None], K[None, None], s, p, op)[2][0]
        self.sentence = captions.window_step_sentence(self.step)
        return svg.equivalent_svg(x, K, s, p, op, pick=(self.step.r, self.step.c), caption=self.sentence,
                                  done=self.step.done)
