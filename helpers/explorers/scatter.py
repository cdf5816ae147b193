"""01–06's and 11's explorer: the scattered output grid of ``conv_transpose2d`` (``ScatterExplorer``), and
01's "your own numbers" (``OwnNumbersExplorer``, X and K typed in two text boxes)."""
from __future__ import annotations

from html import escape

import numpy as np
import traitlets

from .. import captions, operations, palette, shapes, svg
from ..i18n import tr
from .base import Explorer, View
from .data import example_input, example_kernel

__all__ = ["ScatterExplorer", "OwnNumbersExplorer", "parse_rows", "SLIDERS"]

SLIDERS = {  # name: (min, max) of the sliders a ScatterExplorer can show
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
#: the controls that change how many kernel copies reach the output channel shown (its group's input elements)
COUNT_KEYS = ("input_size", "in_channels", "groups", "x", "x_rows")
#: the order ``set`` applies them: the bounds of later ones follow from earlier ones
ORDER = ("input_size", "kernel_size", "stride", "dilation", "in_channels", "out_channels", "groups",
         "output_padding", "padding")


def _divisors(a: int, b: int) -> list[int]:
    return [g for g in range(1, min(a, b) + 1) if a % g == 0 and b % g == 0]


class ScatterExplorer(Explorer):
    """Sliders that redraw the scattered output grid of ``conv_transpose2d``.

    ``controls`` names the sliders to show (keys of ``SLIDERS``); the others stay at the values given.
    Also: a Play control that adds the kernel copies one input element at a time (``step``), and row/column
    sliders that pick an output cell and spell out its sum. ``output`` is the visible grid drawn
    ``(H_out, W_out)``; ``sentence`` the picked cell's sum; ``params`` what is shown. ``x``/``weight`` fix
    the data (then the size and channel sliders cannot be shown).

    ``seed=(x, weight)`` starts from a lesson's numbers while every slider still works: x ``(C, n, n)``,
    weight ``(C_in, C_out/groups, k, k)`` (torch's layout; tensors or nested lists). The explorer starts
    with ``in_channels``, ``input_size`` and ``kernel_size`` taken from them (unless given) and draws the
    example numbers (``data.example_input``/``example_kernel``) with the seed written over them where both
    have an entry: ``x[c, i, j]`` and ``weight[c, o, a, b]`` are the seed's wherever the seed has that index,
    the example number elsewhere (a new channel, row or column). A note above the picture says when the
    drawing holds such example numbers. Introduced in 01_basic_operation.ipynb.
    """

    KIND = "scatter"
    KEYS = ("controls", "input_size", "kernel_size", "stride", "padding", "output_padding", "dilation",
            "in_channels", "out_channels", "groups", "out_channel", "step", "row", "col", "x", "weight",
            "seed_x", "seed_weight")
    css_name = "tconv-scatter-explorer"
    controls = traitlets.List(traitlets.Unicode()).tag(sync=True)
    input_size = traitlets.Int(2).tag(sync=True)
    kernel_size = traitlets.Int(2).tag(sync=True)
    stride = traitlets.Int(1).tag(sync=True)
    padding = traitlets.Int(0).tag(sync=True)
    output_padding = traitlets.Int(0).tag(sync=True)
    dilation = traitlets.Int(1).tag(sync=True)
    in_channels = traitlets.Int(1).tag(sync=True)
    out_channels = traitlets.Int(1).tag(sync=True)
    groups = traitlets.Int(1).tag(sync=True)
    out_channel = traitlets.Int(0).tag(sync=True)
    step = traitlets.Int(0).tag(sync=True)
    row = traitlets.Int(0).tag(sync=True)
    col = traitlets.Int(0).tag(sync=True)
    x = traitlets.List(allow_none=True, default_value=None).tag(sync=True)
    weight = traitlets.List(allow_none=True, default_value=None).tag(sync=True)
    seed_x = traitlets.List(allow_none=True, default_value=None).tag(sync=True)
    seed_weight = traitlets.List(allow_none=True, default_value=None).tag(sync=True)

    def __init__(self, controls=("input_size", "kernel_size", "stride", "padding"), *, input_size=None,
                 kernel_size=None, stride=1, padding=0, output_padding=0, dilation=1, in_channels=None,
                 out_channels=1, groups=1, out_channel=0, x=None, weight=None, seed=None, **more):
        if isinstance(controls, str):  # one slider's name, not its letters
            controls = (controls,)
        unknown = [c for c in controls if c not in SLIDERS]
        if unknown:
            raise ValueError(tr("widgets.unknown_sliders", unknown=unknown, choices=list(SLIDERS)))
        seeded = self._seed(seed, x, weight)
        if seeded is not None:   # the lesson's sizes, unless the call gives others
            in_channels = len(seeded[0]) if in_channels is None else in_channels
            input_size = len(seeded[0][0]) if input_size is None else input_size
            kernel_size = len(seeded[1][0][0]) if kernel_size is None else kernel_size
        input_size = 2 if input_size is None else input_size
        kernel_size = 2 if kernel_size is None else kernel_size
        in_channels = 1 if in_channels is None else in_channels
        fixed = None
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
            fixed = (x.tolist(), weight.tolist())
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
        values = dict(input_size=input_size, kernel_size=kernel_size, stride=stride, padding=padding,
                      output_padding=output_padding, dilation=dilation, in_channels=in_channels,
                      out_channels=out_channels, groups=groups)
        for name in controls:   # a slider shown must hold its value
            lo, hi = SLIDERS[name]
            if not lo <= values[name] <= hi:
                raise ValueError(tr("widgets.out_of_range", name=name, lo=lo, hi=hi, value=values[name]))
        state = {"controls": list(controls), **{k: int(v) for k, v in values.items()}, "out_channel": int(out_channel),
                 "step": 0, "row": 0, "col": 0, "x": fixed[0] if fixed else None, "weight": fixed[1] if fixed else None,
                 "seed_x": seeded[0] if seeded else None, "seed_weight": seeded[1] if seeded else None}
        state = self._adapt(state, None)
        h, w = self._out_shape(state)
        state.update(step=self._elements(state), row=h // 2, col=w // 2)   # all copies, the centre cell
        super().__init__(**state, **more)

    @staticmethod
    def _seed(seed, x, weight):
        """``seed=(x, weight)`` as two nested lists of floats, or None; ValueError naming ``seed`` if unusable."""
        if seed is None:
            return None
        if x is not None or weight is not None:
            raise ValueError(tr("widgets.seed_and_fixed"))
        try:
            sx, sw = (np.asarray(a.detach().cpu().numpy() if hasattr(a, "detach") else a, float) for a in seed)
        except (TypeError, ValueError):
            raise ValueError(tr("widgets.seed_shapes", x_shape=None, w_shape=None)) from None
        if (sx.ndim != 3 or sw.ndim != 4 or sx.shape[0] != sw.shape[0] or sx.shape[1] != sx.shape[2]
                or sw.shape[2] != sw.shape[3] or 0 in sx.shape or 0 in sw.shape):
            raise ValueError(tr("widgets.seed_shapes", x_shape=sx.shape, w_shape=sw.shape))
        if not (np.isfinite(sx).all() and np.isfinite(sw).all()):
            raise ValueError(tr("widgets.seed_shapes", x_shape=sx.shape, w_shape=sw.shape))
        return sx.tolist(), sw.tolist()

    # -- the state's rules ---------------------------------------------------------
    @staticmethod
    def _data(state):
        """X ``(C_in, H, W)`` and the weight ``(C_in, C_out/groups, kH, kW)`` drawn: the fixed data, or the
        example numbers with the seed written over them where it has the same index."""
        if state["x"] is not None:
            return np.asarray(state["x"], float), np.asarray(state["weight"], float)
        n, k = state["input_size"], state["kernel_size"]
        x = example_input(state["in_channels"], n, n)
        w = example_kernel(state["in_channels"], state["out_channels"] // state["groups"], k)
        for drawn, seed in ((x, state.get("seed_x")), (w, state.get("seed_weight"))):
            if seed is not None:
                seed = np.asarray(seed, float)
                common = tuple(slice(0, min(a, b)) for a, b in zip(drawn.shape, seed.shape))
                drawn[common] = seed[common]
        return x, w

    @staticmethod
    def _extends_seed(state, x, w):
        """Whether the drawing holds numbers that are not the seed's (a channel, row or column past it)."""
        if state.get("seed_x") is None:
            return False
        sx, sw = np.asarray(state["seed_x"]), np.asarray(state["seed_weight"])
        return (any(a > b for a, b in zip(x.shape, sx.shape)) or any(a > b for a, b in zip(w.shape, sw.shape)))

    @classmethod
    def _elements(cls, state):
        """How many kernel copies reach the output channel shown: one per input element of its group's
        input channels (all of them when groups is 1). The step control and Play count these."""
        x, _ = cls._data(state)
        return int(x.size) // state["groups"]

    @classmethod
    def _out_shape(cls, state):
        x, w = cls._data(state)
        args = (state["stride"], state["padding"], state["output_padding"], state["dilation"])
        return tuple(shapes.conv_transpose_output_size(x.shape[1 + i], w.shape[2 + i], *args) for i in (0, 1))

    def _control_names(self):
        return tuple(n for n in ORDER if n in self.controls) + ("out_channel", "step", "row", "col")

    def _control(self, name, state):
        if name == "groups":
            return {"type": "range", "values": _divisors(state["in_channels"], state["out_channels"])}
        if name == "output_padding":
            return {"type": "range", "lo": 0, "hi": max(state["stride"], state["dilation"]) - 1}
        if name == "padding":   # the largest padding that leaves at least one row and one column
            x, w = self._data(state)
            return {"type": "range", "lo": 0, "hi": max(0, min(
                shapes.max_transpose_padding(x.shape[1 + i], w.shape[2 + i], state["stride"],
                                             state["output_padding"], state["dilation"]) for i in (0, 1)))}
        if name == "out_channel":
            return {"type": "range", "lo": 0, "hi": max(state["out_channels"] - 1, 0)}
        if name == "step":
            return {"type": "range", "lo": 0, "hi": self._elements(state)}
        if name in ("row", "col"):
            return {"type": "range", "lo": 0, "hi": self._out_shape(state)[name == "col"] - 1}
        lo, hi = SLIDERS[name]
        return {"type": "range", "lo": lo, "hi": hi}

    def _adapt(self, state, changed):
        state = dict(state)
        shown = state["controls"]
        if "groups" in shown:
            ok = _divisors(state["in_channels"], state["out_channels"])
            if state["groups"] not in ok:
                state["groups"] = max(g for g in ok if g <= state["groups"])
        if "output_padding" in shown:
            state["output_padding"] = min(state["output_padding"], max(state["stride"], state["dilation"]) - 1)
        if "padding" in shown:
            state["padding"] = min(state["padding"], self._control("padding", state)["hi"])
        state["out_channel"] = min(state["out_channel"], max(state["out_channels"] - 1, 0))
        elements = self._elements(state)
        if changed in COUNT_KEYS or state["step"] > elements:
            state["step"] = elements   # a new number of copies: show them all
        h, w = self._out_shape(state)
        state["row"], state["col"] = min(state["row"], h - 1), min(state["col"], w - 1)
        return state

    def _compute(self, state):
        x, w = self._data(state)
        args = dict(stride=state["stride"], padding=state["padding"], output_padding=state["output_padding"],
                    groups=state["groups"], dilation=state["dilation"])
        oc, upto, pick = state["out_channel"], state["step"], (state["row"], state["col"])
        # the formula also validates: a bad combination raises ValueError with a sentence
        formula = captions.output_formula(x.shape[1], w.shape[2], state["stride"], state["padding"],
                                          state["output_padding"], state["dilation"])
        gv = operations.grid_view(x, w, out_channel=oc, upto=upto, **args)
        picture = svg.scatter_svg(x, w, out_channel=oc, upto=upto, pick=pick, view=gv, **args)
        full = gv if upto == gv.count else operations.grid_view(x, w, out_channel=oc, **args)
        sentence = captions.terms_text(x, w, oc, pick[0], pick[1], full.visible[pick], **args)
        note = "" if upto == gv.count else " &nbsp;" + escape(self._partial_note(x, w, state, gv))
        head, rest = formula.split(" = ", 1)
        above = f'<div class="tconv-formula"><b>{escape(head)}</b> = {escape(rest)}</div>'
        if self._extends_seed(state, x, w):
            above = f'<div class="tconv-hint">{escape(tr("widgets.scatter_seed_note"))}</div>' + above
        below = (f'<div class="tconv-readout"><span style="font-size:16px"><b style="color:{palette.PICK}">'
                 f"Y[{pick[0]}, {pick[1]}]</b> = {escape(sentence)}</span>{note}</div>")
        return View(picture, above, below, output=gv.visible.copy(), sentence=sentence)

    @staticmethod
    def _partial_note(x, w, state, gv):
        """The note under a grid that shows only the first ``gv.upto`` of the ``gv.count`` copies reaching it."""
        groups = state["groups"]
        if groups == 1:
            return tr("widgets.scatter_partial_note", upto=gv.upto, total=gv.count)
        per = x.shape[0] // groups
        first = state["out_channel"] // w.shape[1] * per
        inputs = ", ".join(f"X[{c}]" for c in range(first, first + per))
        return tr("widgets.scatter_partial_note_group", upto=gv.upto, total=gv.count,
                  out_channel=state["out_channel"], inputs=inputs)

    @property
    def values(self) -> dict:
        """The nine layer parameters shown (sizes, stride, padding, …), by name."""
        return {k: getattr(self, k) for k in SLIDERS}

    def __repr__(self):
        shown = ", ".join(f"{k}={getattr(self, k)}" for k in self.controls)
        return f"ScatterExplorer({shown})"


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
    """The scatter of the reader's own X and K, typed in two text boxes ("X rows", "K rows": rows separated
    by ``;``, e.g. ``"1 2; 3 4"``), with stride, padding and output_padding sliders whose bounds follow the
    typed sizes (padding up to the largest torch accepts, output_padding up to stride − 1). Draws the same
    picture as ``ScatterExplorer`` (one channel): X up to ``MAX_X``×``MAX_X``, K up to ``MAX_K``×``MAX_K``,
    numbers within ±``MAX_ABS``. Text that cannot be used shows a sentence naming the box and why, never a
    traceback; meanwhile padding cannot grow. ``output`` is the visible output ``(H_out, W_out)``. The
    widget root also carries the CSS class ``tconv-own-numbers``. Introduced in 01_basic_operation.ipynb.
    """

    KIND = "own_numbers"
    KEYS = ("x_rows", "k_rows", "stride", "padding", "output_padding", "step", "row", "col")
    TEXTS = ("x_rows", "k_rows")
    MAX_X, MAX_K, MAX_ABS = 6, 4, 999
    x_rows = traitlets.Unicode("0 1; 2 3").tag(sync=True)
    k_rows = traitlets.Unicode("4 7; 2 2").tag(sync=True)

    def __init__(self, x="0 1; 2 3", weight="4 7; 2 2", *, stride=1, padding=0, output_padding=0):
        X, K = self._parse(x, weight)
        super().__init__(controls=("stride", "padding", "output_padding"), stride=stride, padding=padding,
                         output_padding=output_padding, x=X[None], weight=K[None, None], x_rows=x, k_rows=weight)

    @classmethod
    def _parse(cls, x_text, k_text):
        return (parse_rows(x_text, tr("widgets.label.x_rows"), cls.MAX_X, cls.MAX_ABS),
                parse_rows(k_text, tr("widgets.label.k_rows"), cls.MAX_K, cls.MAX_ABS))

    def _scatter_state(self, state):
        """The ScatterExplorer state of the typed numbers (ValueError naming the box if they cannot be used)."""
        X, K = self._parse(state["x_rows"], state["k_rows"])
        return {"controls": ["stride", "padding", "output_padding"], "input_size": X.shape[0],
                "kernel_size": K.shape[0], "dilation": 1, "in_channels": 1, "out_channels": 1, "groups": 1,
                "out_channel": 0, "x": X[None].tolist(), "weight": K[None, None].tolist(),
                **{k: state[k] for k in ("stride", "padding", "output_padding", "step", "row", "col")}}

    def _control_names(self):
        return self.TEXTS + ("stride", "output_padding", "padding", "step", "row", "col")

    def _control(self, name, state):
        if name in self.TEXTS:
            return {"type": "text", "placeholder": {"x_rows": "1 2; 3 4", "k_rows": "4 7; 2 2"}[name]}
        if set(state) == set(self.KEYS):
            try:
                state = self._scatter_state(state)
            except ValueError:   # text that cannot be used: only what needs no numbers moves
                if name == "output_padding":
                    return {"type": "range", "lo": 0, "hi": state["stride"] - 1}
                if name == "stride":
                    return {"type": "range", "lo": 1, "hi": SLIDERS["stride"][1]}
                return {"type": "range", "lo": 0, "hi": state[name]}
        return super()._control(name, state)

    def _adapt(self, state, changed):
        if set(state) != set(self.KEYS):
            return super()._adapt(state, changed)
        try:
            full = self._scatter_state(state)
        except ValueError:
            return state
        full = super()._adapt(full, "x" if changed in self.TEXTS else changed)
        return {**state, **{k: full[k] for k in ("stride", "padding", "output_padding", "step", "row", "col")}}

    def _compute(self, state):
        if set(state) != set(self.KEYS):
            return super()._compute(state)
        view = super()._compute(self._scatter_state(state))
        hint = f'<div class="tconv-hint">{escape(captions.own_numbers_hint())}</div>'
        return view._replace(above=hint + view.above)

    def _check_text(self, name, value):
        limit = {"x_rows": self.MAX_X, "k_rows": self.MAX_K}[name]
        parse_rows(value, tr(f"widgets.label.{name}"), limit, self.MAX_ABS)

    @property
    def values(self) -> dict:
        return {k: getattr(self, k) for k in ("stride", "padding", "output_padding")}

    def __repr__(self):
        return (f"OwnNumbersExplorer(x={self.x_rows!r}, weight={self.k_rows!r}, stride={self.stride}, "
                f"padding={self.padding}, output_padding={self.output_padding})")
