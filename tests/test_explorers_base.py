"""Tests for helpers/explorers/base.py (and context.py, data.py): what every explorer shares.

Each explorer is an anywidget whose state is one synced trait per key; ``sliders`` gives each control with
its current bounds (``Control``), ``set`` moves several at once (all or nothing), a moved trait makes the
others adapt, a state that cannot be drawn shows a sentence (never a traceback), and the picture Python
draws is the still fallback where widgets cannot run. Checked here for every kind: construction with
invalid arguments (ValueError naming the parameter), random walks over every control (values in random
order, bounds included) that must never reach an invalid state, refused ``set`` calls that change nothing
(not even a trait sent to the browser), the static fallback, the one Play interval, the ``ctx`` sent to the
browser and the golden refusals. Each kind's numbers against torch: tests/test_explorers_<kind>.py.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from helpers import i18n, palette, svg
from helpers.explorers import (PLAY_INTERVAL, Explorer, MatrixExplorer, MatrixStepExplorer, OverlapExplorer,
                               MatrixTransposedStepExplorer,
                               OwnNumbersExplorer, ScatterExplorer, ShapeExplorer, SlidingWindowExplorer,
                               UpsampleExplorer, example_input, example_kernel)
from helpers.explorers.base import BUNDLE, STYLES, Control, Stepping, check_range
from helpers.explorers.context import TEXT_FILES, context, flat_texts

from oracle import NS  # noqa: E402
from test_explorers_scatter import ALL, check_padding_bound, check_scatter_state  # noqa: E402

pytestmark = pytest.mark.usefixtures("plain_cpu_kernels")

KINDS = [ScatterExplorer, OwnNumbersExplorer, ShapeExplorer, OverlapExplorer, MatrixExplorer, MatrixStepExplorer,
         MatrixTransposedStepExplorer,
         SlidingWindowExplorer, UpsampleExplorer]


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_language("en")


def all_explorers():
    return [
        ScatterExplorer(controls=ALL),
        ShapeExplorer(),
        OverlapExplorer(),
        MatrixExplorer(),
        SlidingWindowExplorer(),
        UpsampleExplorer(),
        OwnNumbersExplorer(),
        MatrixStepExplorer(),
        MatrixTransposedStepExplorer(),
    ]


# ---------------------------------------------------------------- the numbers every explorer scatters

def test_example_data_is_the_seeds():
    np.testing.assert_array_equal(example_input(1, 2, 2), [[[0, 1], [2, 3]]])
    np.testing.assert_array_equal(example_kernel(1, 1, 2), [[[[4, 7], [2, 2]]]])
    x = example_input(3, 4, 5)
    assert x.shape == (3, 4, 5) and x.dtype == float
    np.testing.assert_array_equal(x[2], (np.arange(20).reshape(4, 5) + 8) % 10)
    w = example_kernel(2, 3, 2, 3)
    assert w.shape == (2, 3, 2, 3) and w.dtype == float and (w == np.rint(w)).all() and (w > 0).all()
    assert len({w[c, o].tobytes() for c in range(2) for o in range(3)}) > 1, "not one kernel copied"


# ---------------------------------------------------------------- invalid arguments

@pytest.mark.parametrize("make, name", [
    (lambda: ScatterExplorer(stride=0), "stride"),
    (lambda: ScatterExplorer(padding=-1), "padding"),
    (lambda: ScatterExplorer(padding=3), "padding"),
    (lambda: ScatterExplorer(output_padding=1), "output_padding"),
    (lambda: ScatterExplorer(dilation=0), "dilation"),
    (lambda: ScatterExplorer(input_size=0), "input.size"),
    (lambda: ScatterExplorer(kernel_size=0), "kernel_size"),
    (lambda: ScatterExplorer(in_channels=3, groups=2), "groups"),
    (lambda: ScatterExplorer(in_channels=0), "in_channels"),
    (lambda: ScatterExplorer(out_channel=1), "out_channel"),
    (lambda: ScatterExplorer(controls=("size",)), "controls"),
    (lambda: ScatterExplorer(stride=1.5), "stride"),
    (lambda: ScatterExplorer(x=np.ones((1, 2, 2))), "weight"),
    (lambda: ScatterExplorer(controls=(), x=np.ones((2, 2, 2)), weight=np.ones((1, 1, 2, 2))), "channels"),
    (lambda: ScatterExplorer(controls=(), x=np.ones((1, 3, 1)), weight=np.ones((1, 1, 1, 1)), padding=1),
     "padding"),
    (lambda: ScatterExplorer(controls=("stride",), stride=5), "stride must be between 1 and 4"),
    (lambda: ShapeExplorer(size=0), "size"),
    (lambda: ShapeExplorer(stride=0), "stride"),
    (lambda: ShapeExplorer(dilation=0), "dilation"),
    (lambda: ShapeExplorer(padding=-2), "padding"),
    (lambda: ShapeExplorer(stride=3, output_padding=3), "output_padding"),
    (lambda: ShapeExplorer(size=1, kernel_size=7, padding=0), "kernel_size"),
    (lambda: ShapeExplorer(size=71), "size must be between 1 and 70"),
    (lambda: OverlapExplorer(input_size=9), "input_size"),
    (lambda: OverlapExplorer(kernel_size=0), "kernel_size"),
    (lambda: OverlapExplorer(stride=9), "stride"),
    (lambda: OverlapExplorer(input_size=1, kernel_size=2, padding=1), "padding"),
    (lambda: MatrixExplorer(input_size=1), "input_size"),
    (lambda: MatrixExplorer(kernel_size=4), "kernel_size"),
    (lambda: MatrixExplorer(stride=0), "stride"),
    (lambda: MatrixExplorer(input_size=2, kernel_size=3, padding=0), "padding"),
    (lambda: MatrixExplorer(kernel_size=2, padding=2), "padding"),
    (lambda: MatrixExplorer(pick=4), "pick"),
    (lambda: SlidingWindowExplorer(input_size=5), "input_size"),
    (lambda: SlidingWindowExplorer(stride=2, output_padding=2), "output_padding"),
    (lambda: SlidingWindowExplorer(kernel_size=2, padding=2), "padding"),
    (lambda: SlidingWindowExplorer(position=16), "position"),
    (lambda: UpsampleExplorer(factor=5), "factor"),
    (lambda: UpsampleExplorer(factor=0), "factor"),
    (lambda: UpsampleExplorer(method="bicubic"), "method"),
    (lambda: OwnNumbersExplorer(x="1 2; 3"), "X rows"),
])
def test_invalid_arguments_name_the_parameter(make, name):
    with pytest.raises(ValueError, match=name):
        make()


def test_check_range_names_the_parameter_and_its_range():
    assert check_range("stride", 3, 1, 4) == 3 and isinstance(check_range("stride", np.int64(3), 1, 4), int)
    with pytest.raises(ValueError, match=r"^stride must be between 1 and 4 for this explorer, got 9\.$"):
        check_range("stride", 9, 1, 4)
    with pytest.raises(ValueError, match=r"^stride must be between 1 and 4 for this explorer, got 0\.$"):
        check_range("stride", 0, 1, 4)
    with pytest.raises(ValueError, match="stride"):
        check_range("stride", 1.5, 1, 4)


# ---------------------------------------------------------------- set(): dependency order, all or nothing

def test_set_refuses_out_of_range_and_unknown():
    e = ScatterExplorer()
    with pytest.raises(ValueError, match="padding=5 is outside"):
        e.set(padding=5)
    with pytest.raises(ValueError, match="'groups' is not a control"):
        e.set(groups=2)
    assert e.message == "" and e.output is not None
    # dependency order: the padding range follows the sizes set in the same call
    e.set(padding=3, input_size=5, kernel_size=3)
    assert e.values["padding"] == 3 and e.message == ""
    u = UpsampleExplorer()
    with pytest.raises(ValueError, match="method must be one of"):
        u.set(method="bicubic")
    assert u.set(factor=3) is u


SET_TRIES = [  # (explorer, a set() call whose later value is out of range once the earlier ones apply)
    (lambda: ScatterExplorer(controls=ALL), dict(output_padding=4, stride=2)),
    (lambda: ScatterExplorer(controls=ALL), dict(input_size=5, kernel_size=3, padding=4, stride=1)),
    (lambda: ShapeExplorer(), dict(size=10, stride=2, output_padding=3)),
    (lambda: OverlapExplorer(), dict(input_size=1, kernel_size=1, stride=1, padding=3)),
    (lambda: MatrixExplorer(), dict(input_size=5, kernel_size=3, stride=1, pick=999)),
    (lambda: SlidingWindowExplorer(), dict(stride=3, output_padding=2, padding=3)),
    (lambda: UpsampleExplorer(), dict(factor=3, method="bicubic")),
    (lambda: OwnNumbersExplorer(), dict(x_rows="1 2 3; 4 5 6", stride=2, k_rows="1 2; 3")),
]


@pytest.mark.parametrize("index", range(len(SET_TRIES)))
def test_set_is_all_or_nothing(index):
    """A refused ``set`` (``.set(output_padding=4, stride=2)``: output_padding must stay below stride)
    leaves every control, bound, picture and number exactly as before, even when an earlier value fitted,
    and sends nothing to the browser (no trait changes)."""
    make, values = SET_TRIES[index]
    e = make()
    controls = e.sliders
    before = {n: (w.value, w.min, w.max) for n, w in controls.items()}
    svg_before, params_before = e.svg, dict(e.params)
    changes = []
    e.observe(changes.append)
    with pytest.raises(ValueError, match="Nothing was changed"):
        e.set(**values)
    after = {n: (w.value, w.min, w.max) for n, w in controls.items()}
    assert after == before
    assert e.svg == svg_before and e.params == params_before and e.message == ""
    assert changes == [], f"a refused set() changed {[c['name'] for c in changes]}"


def test_set_sends_one_consistent_state():
    """``set`` assigns the adapted state once: every trait that changes changes once, to its final value."""
    e = ScatterExplorer(controls=ALL)
    changes = []
    e.observe(changes.append, names=list(e.KEYS))
    e.set(input_size=4, kernel_size=3, stride=2, padding=1, output_padding=1)
    names = [c["name"] for c in changes]
    assert len(names) == len(set(names)), names
    assert {c["name"]: c["new"] for c in changes} == {n: e.state[n] for n in names}
    check_scatter_state(e, [])


# ---------------------------------------------------------------- Control: what a slider offers

def test_controls_read_and_move_the_traits():
    e = MatrixExplorer(input_size=4, kernel_size=3, padding=1)
    sl = e.sliders
    assert list(sl) == list(MatrixExplorer.CONTROLS) and all(isinstance(c, Control) for c in sl.values())
    assert (sl["padding"].value, sl["padding"].min, sl["padding"].max) == (1, 0, 2)
    assert sl["padding"].values is None and sl["padding"].options is None
    sl["input_size"].value = 2                     # like a drag in the browser: the others adapt
    assert e.input_size == 2 and e.padding == 1 and e.sliders["padding"].min == 1
    assert repr(e.sliders["padding"]) == "Control(padding=1, min=1, max=2)"
    assert repr(e) == "MatrixExplorer(input_size=2, kernel_size=3, stride=1, padding=1, pick=0)"
    assert e.widget is e, "the explorer is the widget"


def test_a_state_that_cannot_be_drawn_shows_a_sentence():
    e = ShapeExplorer().set(size=1, kernel_size=7, padding=0)
    assert e.message.startswith("kernel_size=7") and e.output is None and e.sentence == ""
    assert e.svg == svg.message_html(e.message) and "Traceback" not in e.svg
    assert e.above == e.below == ""
    bundle = e._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert data["text/html"] == svg.message_html(e.message)


def test_a_bug_shows_a_sentence_naming_it_not_a_traceback(monkeypatch):
    e = OverlapExplorer()

    def broken(state):
        raise IndexError("index 9 is out of bounds")

    monkeypatch.setattr(e, "_compute", broken)
    e.sliders["stride"].value = 3                  # a new state: computed again
    assert e.output is None and "IndexError" in e.message and "index 9 is out of bounds" in e.message
    assert "Traceback" not in e.svg


def test_results_follow_the_state_they_were_computed_for():
    """``output``/``svg``/``sentence`` are computed for the current traits whenever they are read."""
    e = OverlapExplorer(input_size=3, kernel_size=3, stride=2)
    first = e.svg, e.sentence, e.output.copy()
    e.stride = 1                                   # a trait set directly, as the browser does
    assert e.svg != first[0] and e.sentence != first[1] and e.output.shape != first[2].shape
    e.stride = 2
    assert (e.svg, e.sentence) == first[:2]
    np.testing.assert_array_equal(e.output, first[2])


def test_results_follow_the_language_they_were_computed_in():
    """The same state read after switching the language gives the other language's sentence and picture."""
    e = OverlapExplorer(input_size=3, kernel_size=3, stride=2)
    english = e.sentence, e.svg
    i18n.set_language("zh")
    try:
        assert e.sentence != english[0] and re.search(r"[\u4e00-\u9fff]", e.sentence), e.sentence
        assert e.svg != english[1]
    finally:
        i18n.set_language("en")
    assert (e.sentence, e.svg) == english


def test_a_control_set_from_python_is_checked_like_set():
    """``sliders[name].value = v`` outside the control's range raises, naming it, and changes nothing (the
    browser cannot send such a value; a cell can)."""
    e = MatrixExplorer(input_size=3, kernel_size=2)
    before = e.state
    with pytest.raises(ValueError, match=r"stride"):
        e.sliders["stride"].value = 9
    with pytest.raises(ValueError, match=r"padding"):
        e.sliders["padding"].value = -1
    assert e.state == before
    e.sliders["stride"].value = 2
    assert e.stride == 2


# ---------------------------------------------------------------- random walks

def random_walk(e, rng, moves):
    names = list(e.sliders)
    for _ in range(moves):
        name = names[rng.integers(len(names))]
        w = e.sliders[name]
        if w.options is not None:
            w.value = w.options[rng.integers(len(w.options))]
        elif w.values is not None:                  # groups: only the divisors are offered
            w.value = w.values[rng.integers(len(w.values))]
        elif w.min is None:                         # a text box
            w.value = ["0 1; 2 3", "1 -2 3", "5", "1 2; 3 4; 5 6", "0.5 1; 2 -1"][rng.integers(5)]
        else:
            choice = rng.random()
            value = w.min if choice < 0.2 else w.max if choice < 0.4 else int(rng.integers(w.min, w.max + 1))
            w.value = value          # any exception in an observer propagates here and fails the test
        for other, c in e.sliders.items():
            if c.min is not None and c.options is None:
                assert c.min <= c.value <= c.max, f"{type(e).__name__}: {other}={c.value} outside {c.min}..{c.max}"
        assert "Traceback" not in e.svg
        if isinstance(e, ShapeExplorer):
            assert (e.message == "") == (e.output is not None)
        else:
            assert e.message == "", f"{type(e).__name__} reached an invalid state: {e.message}"
        if isinstance(e, Stepping) and rng.random() < 0.2:
            e.step_by(int(rng.integers(-3, 4)))


@pytest.mark.parametrize("index", range(8))
def test_random_walk_never_raises(index):
    rng = np.random.default_rng(100 + index)
    e = all_explorers()[index]
    random_walk(e, rng, 60 if isinstance(e, UpsampleExplorer) else 250)
    if isinstance(e, ScatterExplorer):
        check_scatter_state(e, [])
        check_padding_bound(e)


# ---------------------------------------------------------------- stepping: Play and ◀ / ▶ live in the browser

@pytest.mark.parametrize("make, step", [(MatrixStepExplorer, "pick"), (SlidingWindowExplorer, "position")])
def test_step_by_moves_the_step_control_within_its_bounds(make, step):
    e = make()
    assert e.STEP == step and isinstance(e, Stepping)
    top = e.sliders[step].max
    assert e.step_by(1) is e and getattr(e, step) == 1
    e.step_by(top + 5)
    assert getattr(e, step) == top
    e.step_by(-1)
    assert getattr(e, step) == top - 1
    e.step_by(-100)
    assert getattr(e, step) == 0 == e.sliders[step].min
    with pytest.raises(ValueError, match="delta"):
        e.step_by(1.5)


def test_every_play_control_waits_the_same_interval():
    """01–06's "copies added" Play and 07/08's animations step at one pace, the one benchmarked: the
    browser reads it from ``ctx``."""
    for e in (ScatterExplorer(), MatrixStepExplorer(), SlidingWindowExplorer(), OwnNumbersExplorer()):
        assert e.ctx["PLAY_INTERVAL"] == PLAY_INTERVAL >= 600
    assert context()["PLAY_INTERVAL"] == PLAY_INTERVAL


# ---------------------------------------------------------------- what the browser receives

def test_every_kind_is_one_widget_with_its_own_view():
    kinds = [cls.KIND for cls in KINDS]
    assert len(set(kinds)) == len(kinds) and all(kinds)
    names = {cls.css_name for cls in KINDS if cls not in (OwnNumbersExplorer, MatrixStepExplorer,
                                                                  MatrixTransposedStepExplorer)}
    assert len(names) == 6
    assert all(n.startswith("tconv-") and n.endswith("-explorer") for n in names)
    for e in all_explorers():
        assert isinstance(e, Explorer) and e.kind == e.KIND
        synced = set(e.keys)
        assert set(e.KEYS) | {"kind", "ctx", "_esm", "_css"} <= synced, set(e.KEYS) - synced
        assert set(e.CONTROLS) <= set(e.KEYS) or isinstance(e, ScatterExplorer)
        assert set(e.sliders) <= set(e.KEYS), "every control is a synced trait"
        assert json.loads(json.dumps(e.state)) == e.state, "the state is plain JSON"
        assert e.params == e.state


def test_the_module_and_styles_are_the_bundle():
    e = OverlapExplorer()
    module, styles = BUNDLE.read_text(encoding="utf-8"), STYLES.read_text(encoding="utf-8")
    assert BUNDLE.name == "explorers.js" and STYLES.name == "explorers.css"
    esm = e._esm if isinstance(e._esm, str) else e._esm.read_text(encoding="utf-8")
    assert esm == module or str(e._esm) == str(BUNDLE)
    assert "export default" in module and "VIEWS" in module
    assert ".tconv-" in styles


@pytest.mark.parametrize("language", ["en", "zh"])
def test_ctx_carries_the_texts_and_the_picture_constants(language):
    i18n.set_language(language)
    ctx = context()
    assert ctx["lang"] == language
    assert ctx["texts"] == flat_texts()
    assert set(TEXT_FILES) == {key.split(".")[0] for key in ctx["texts"]}
    assert ctx["texts"]["widgets.label.stride"] == i18n.tr("widgets.label.stride")
    assert ctx["PALETTE"] == list(palette.PALETTE) and ctx["TAP_PALETTE"] == list(palette.TAP_PALETTE)
    assert ctx["MESSAGE"] == svg.message_html("{text}") and "{text}" in ctx["MESSAGE"]
    assert json.loads(json.dumps(ctx)) == ctx, "ctx travels as JSON"
    e = ScatterExplorer()
    assert e.ctx == ctx, "each explorer gets the ctx of the language it was made in"


def test_mimebundle_static_fallback():
    for e in all_explorers():
        bundle = e._repr_mimebundle_()
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        view = data["application/vnd.jupyter.widget-view+json"]
        assert view["model_id"] == e.model_id
        assert data["text/plain"] == repr(e)
        static = data.get("image/svg+xml") or data.get("text/html")
        assert static and "Traceback" not in static
        if "image/svg+xml" in data:
            ET.fromstring(data["image/svg+xml"])
            assert data["image/svg+xml"] == e.svg
        else:
            assert e.svg in data["text/html"] and e.above in data["text/html"] and e.below in data["text/html"]
        assert e.params and e.output is not None


# ---------------------------------------------------------------- golden refusals and titles (tests/golden/sentences.toml)

from golden import expected as _golden, params as _golden_params, shown as _shown  # noqa: E402


def _image_titles(e):
    """The titles written above UpsampleExplorer's three images (``text.lbl``), joined by " | "."""
    picture = e.svg[e.svg.index("<svg"):]
    return " | ".join(t.text for t in ET.fromstring(picture).iter(NS + "text") if "lbl" in (t.get("class") or ""))


GOLDEN = {
    "range_refusal": lambda: check_range("stride", 9, 1, 4),
    "not_a_control": lambda: ScatterExplorer().set(colour=3),
    "upsample_titles": lambda: _image_titles(UpsampleExplorer()),
    "shape_back_refused": lambda: ShapeExplorer().set(size=1, kernel_size=1, stride=5, padding=3).message,
}


@pytest.mark.parametrize("name, language", _golden_params(GOLDEN, "widgets"))
def test_golden_widget_text(name, language):
    assert _shown(GOLDEN[name], language) == _golden("widgets")[name][language]
