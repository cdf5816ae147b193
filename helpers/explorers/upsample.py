"""10_upsampling_in_practice's explorer: upsample a photo three ways (``UpsampleExplorer``)."""
from __future__ import annotations

import numpy as np
import traitlets

from .. import captions, operations, svg
from ..i18n import tr
from .base import Explorer, View, check_range

__all__ = ["UpsampleExplorer"]

#: top, left, height, width of the zoomed region, in input pixels
ZOOM = (24, 24, 16, 16)
#: each image's width and the titles' and caption's size in the picture: three 200-px images make a 680-px
#: picture, which a 1280×720 slide shows at about its natural size, so 19-px text renders ≥ 18 px
DISPLAY, FONT = 200, 19


class UpsampleExplorer(Explorer):
    """Upsample a 64×64 photo by 1–4× three ways and see which one prints a checkerboard.

    Controls: ``factor`` 1..4 and ``method`` (``"bilinear"``, ``"random"``, ``"nearest+conv"``; see
    ``operations.upsample_image``). Shows the input, the output (same display size) and a zoom into the
    output's centre. ``output`` is the upsampled array ``(64·f, 64·f)`` (unclipped; the pictures clip to
    [0, 1]); ``sentence`` the layer and its size formula; ``image`` the input (also sent to the browser,
    which computes the upsampling itself). Introduced in 10_upsampling_in_practice.ipynb.
    """

    KIND = "upsample"
    KEYS = ("factor", "method", "image")
    CONTROLS = ("factor", "method")
    css_name = "tconv-upsample-explorer"
    ZOOM = ZOOM
    factor = traitlets.Int(2).tag(sync=True)
    method = traitlets.Unicode("bilinear").tag(sync=True)
    image = traitlets.List().tag(sync=True)

    def __init__(self, factor=2, method="bilinear"):
        f = check_range("factor", factor, 1, 4)
        if method not in operations.UPSAMPLE_METHODS:
            raise ValueError(tr("widgets.upsample_method", methods=list(operations.UPSAMPLE_METHODS), method=method))
        super().__init__(factor=f, method=method, image=operations.sample_image(64).tolist())

    @property
    def image_array(self) -> np.ndarray:
        return np.asarray(self.image, dtype=float)

    def _control(self, name, state):
        if name == "method":
            return {"type": "select", "options": list(operations.UPSAMPLE_METHODS)}
        return {"type": "range", "lo": 1, "hi": 4}

    def _compute(self, state):
        f, method = state["factor"], state["method"]
        image = np.asarray(state["image"], dtype=float)
        out, info = operations.upsample_image(image, f, method)
        t, l, h, w = ZOOM
        zoom = out[t * f:(t + h) * f, l * f:(l + w) * f]
        n = image.shape[0]
        sentence = captions.upsample_caption(n, f, info)
        picture = svg.images_svg(
            [image, out, zoom],
            [tr("widgets.upsample_input_title", n=n), tr("widgets.upsample_output_title", size=n * f, method=method),
             tr("widgets.upsample_zoom_title", h=h * f, w=w * f)],
            display=DISPLAY, caption=sentence, cls="tconv-images tconv-upsample",
            frames=[(1, (t * f, l * f, h * f, w * f))], title_font=FONT, caption_font=FONT, title_lines=3)
        return View(picture, output=out, sentence=sentence, extra={"info": info})

    @property
    def info(self):
        view, _ = self._result()
        return None if view is None else view.extra["info"]

    def __repr__(self):
        return f"UpsampleExplorer(factor={self.factor}, method={self.method!r})"
