"""Report charts: matplotlib → SVG (vector, embedded in the HTML as data URIs).

matplotlib does not shape Arabic script, so Persian labels are shaped with
arabic-reshaper and put in visual order with python-bidi before drawing, in a
Noto Arabic font; numbers use Persian digits.  Persian charts also read right
to left: labels on the right, bars growing leftwards.

Text stays text (``svg.fonttype = "none"``): the SVG is small, the PDF text is
searchable, and WeasyPrint draws a handful of ``<text>`` nodes instead of
thousands of glyph paths (the difference between ~0.3 s and ~4 s per report).
"""

from __future__ import annotations

import base64
import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from .formatting import format_number

__all__ = ["Bar", "bar_chart", "svg_data_uri", "shape_text", "GROUP_COLOURS"]

# SWOT colours that stay distinct in greyscale print (light → dark).
GROUP_COLOURS = {"S": "#2e7d32", "W": "#c62828", "O": "#1565c0", "T": "#ef6c00"}
_FALLBACK_COLOURS = ("#5e35b1", "#00838f", "#6d4c41", "#546e7a", "#ad1457", "#9e9d24")
HIGHLIGHT = "#1a237e"
MUTED = "#7986cb"

_RC = {
    "font.family": ["Noto Sans", "Noto Sans Arabic", "DejaVu Sans"],
    "font.size": 8.5,
    "svg.fonttype": "none",
    "svg.hashsalt": "rahbord",  # reproducible ids
    "text.parse_math": False,  # a label like "$x$" is text, not TeX
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#888888",
    "axes.linewidth": 0.6,
    "xtick.color": "#444444",
    "ytick.color": "#222222",
    "xtick.major.width": 0.6,
    "ytick.major.size": 0,
}


# Persian charts: Persian metrics first; Latin ids and digits fall back to Noto Sans.
_RC_FA = ("Noto Sans Arabic", "Noto Sans", "DejaVu Sans")


def group_colour(group_id: str, index: int) -> str:
    return GROUP_COLOURS.get(group_id, _FALLBACK_COLOURS[index % len(_FALLBACK_COLOURS)])


def shape_text(text: str, lang: str) -> str:
    """Persian text in presentation forms and visual order (arabic-reshaper + python-bidi).

    Chart labels are SVG ``<text>`` (``svg.fonttype = "none"``), and neither
    WeasyPrint's SVG renderer (glyph by glyph, no shaping, no bidi) nor
    matplotlib's own layout can be trusted to shape Arabic script, so the
    text is shaped here; :func:`_freeze_text_direction` then stops a browser
    from reordering it a second time.
    """
    if lang != "fa" or not any("\u0600" <= ch <= "\u06ff" for ch in text):
        return text
    import arabic_reshaper
    from bidi.algorithm import get_display

    return get_display(arabic_reshaper.reshape(text), base_dir="R")


def _freeze_text_direction(svg: str) -> str:
    """Every ``<text>`` is already in visual order: tell renderers not to reorder it."""
    return svg.replace("<text ", '<text direction="ltr" unicode-bidi="bidi-override" ')


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float
    colour: str


def bar_chart(
    bars: Sequence[Bar],
    lang: str,
    *,
    width_cm: float = 16.0,
    bar_height_cm: float = 0.5,
    label_fraction: float = 0.4,
    legend: Sequence[tuple[str, str]] = (),
    digits: int = 3,
) -> str:
    """A horizontal bar chart (first bar on top) as SVG text.

    Each bar carries its value at its end; ``legend`` is ``[(label, colour)]``.
    ``label_fraction`` of the width is kept for the bar labels: margins are
    fixed rather than measured (``tight_layout`` measures every label again
    and triples the drawing time), so callers keep labels short.
    """
    import matplotlib
    import matplotlib.ticker
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    rtl = lang == "fa"
    n = len(bars)
    top_cm, axis_cm, legend_cm = 0.15, 0.75, (0.7 if legend else 0.0)
    height_cm = top_cm + bar_height_cm * n + axis_cm + legend_cm
    rc = dict(_RC)
    if rtl:  # Persian first: its metrics lay out the labels
        rc["font.family"] = list(_RC_FA)
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(width_cm / 2.54, height_cm / 2.54))
        plot_width = 1 - label_fraction - 0.03
        left = 0.02 if rtl else label_fraction
        bottom = (axis_cm + legend_cm) / height_cm
        ax = fig.add_axes((left, bottom, plot_width, (bar_height_cm * n) / height_cm))
        positions = list(range(n))
        values = [b.value for b in bars]
        ax.barh(positions, values, color=[b.colour for b in bars], height=0.7)
        ax.set_yticks(positions, [shape_text(b.label, lang) for b in bars])
        ax.set_ylim(n - 0.5, -0.5)
        top = max(values) if values else 1.0
        ax.set_xlim(0, top * 1.16 if top > 0 else 1.0)
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(6))
        ax.xaxis.set_major_formatter(lambda x, _pos: format_number(x, lang, 2))
        ax.tick_params(axis="x", labelsize=7)
        for y, value in zip(positions, values):
            ax.text(
                value + top * 0.012,
                y,
                format_number(value, lang, digits),
                va="center",
                ha="right" if rtl else "left",
                fontsize=7,
                color="#222222",
            )
        if rtl:
            ax.invert_xaxis()
            ax.yaxis.tick_right()
            ax.spines["right"].set_visible(True)
            ax.spines["left"].set_visible(False)
        ax.grid(axis="x", color="#dddddd", linewidth=0.5)
        ax.set_axisbelow(True)
        if legend:
            handles = [Patch(color=colour, label=shape_text(label, lang)) for label, colour in legend]
            fig.legend(
                handles=handles,
                loc="lower center",
                ncol=len(handles),
                frameon=False,
                fontsize=7.5,
                bbox_to_anchor=(0.5, 0.0),
            )
        buffer = io.StringIO()
        with warnings.catch_warnings():
            # a character no installed font has is drawn as a box; the report
            # still renders, and the label is in the tables in full
            warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
            fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return _freeze_text_direction(buffer.getvalue())


def svg_data_uri(svg: str) -> str:
    """An ``<img src>``-ready data URI: each chart stays a separate document (no id clashes)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
