"""Report charts: SVG (vector, embedded in the HTML as data URIs).

The bar charts are written directly as SVG (:mod:`reports.svg`): a report
needs no matplotlib, and WeasyPrint draws a few hundred plain elements
instead of matplotlib's clip paths and style declarations (together about
1.5 s of a report's rendering).  SVG renderers do not shape Arabic script,
so Persian labels are shaped with arabic-reshaper and put in visual order
with python-bidi before drawing, in a Noto Arabic font; numbers use Persian
digits.  Persian charts also read right to left: labels on the right, bars
growing leftwards.

Text stays text: the PDF text is searchable, and WeasyPrint draws one
``<text>`` per label instead of glyph paths.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass

from .formatting import format_number

__all__ = ["Bar", "bar_chart", "bar_chart_html_labels", "svg_data_uri", "shape_text", "font_family", "GROUP_COLOURS"]

# SWOT colours that stay distinct in greyscale print (light → dark).
GROUP_COLOURS = {"S": "#2e7d32", "W": "#c62828", "O": "#1565c0", "T": "#ef6c00"}
_FALLBACK_COLOURS = ("#5e35b1", "#00838f", "#6d4c41", "#546e7a", "#ad1457", "#9e9d24")
HIGHLIGHT = "#1a237e"
MUTED = "#7986cb"

#: chart fonts, first choice first: Latin metrics for English charts; Persian
#: ones first for Persian charts (Latin ids and digits fall back to Noto Sans)
FONT_FAMILY = {"en": ("Noto Sans", "Noto Sans Arabic", "DejaVu Sans"),
               "fa": ("Noto Sans Arabic", "Noto Sans", "DejaVu Sans")}


def font_family(lang: str) -> str:
    """The chart font list as an SVG ``font-family`` value."""
    return ", ".join(FONT_FAMILY["fa" if lang == "fa" else "en"])


def group_colour(group_id: str, index: int) -> str:
    return GROUP_COLOURS.get(group_id, _FALLBACK_COLOURS[index % len(_FALLBACK_COLOURS)])


def shape_text(text: str, lang: str) -> str:
    """Persian text in presentation forms and visual order (arabic-reshaper + python-bidi).

    Chart labels are SVG ``<text>``, and neither
    WeasyPrint's SVG renderer (glyph by glyph, no shaping, no bidi) nor
    a browser can be trusted to shape Arabic script the same way, so the
    text is shaped here; :meth:`reports.svg.Svg.text` then stops a browser
    from reordering it a second time.
    """
    if lang != "fa" or not any("\u0600" <= ch <= "\u06ff" for ch in text):
        return text
    import arabic_reshaper
    from bidi.algorithm import get_display

    return get_display(arabic_reshaper.reshape(text), base_dir="R")


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
    label_sink: list | None = None,
) -> str:
    """A horizontal bar chart (first bar on top) as SVG text.

    Each bar carries its value at its end; ``legend`` is ``[(label, colour)]``.
    ``label_fraction`` of the width is kept for the bar labels: margins are
    fixed rather than measured, so callers keep labels short.  Persian charts
    read right to left: labels on the right, bars growing leftwards.

    With ``label_sink`` (a list), the bar labels are not drawn: each is
    appended to it as a dict for :func:`bar_chart_html_labels`.
    """
    from .svg import CM, Svg, nice_ticks

    rtl = lang == "fa"
    n = len(bars)
    top_cm, axis_cm, legend_cm = 0.15, 0.75, (0.7 if legend else 0.0)
    width = width_cm * CM
    height = (top_cm + bar_height_cm * n + axis_cm + legend_cm) * CM
    svg = Svg(width, height, font_family=font_family(lang))
    plot_width = width * (1 - label_fraction - 0.03)
    left = width * (0.02 if rtl else label_fraction)
    right = left + plot_width
    top, row = top_cm * CM, bar_height_cm * CM
    bottom = top + row * n
    values = [b.value for b in bars]
    largest = max(values) if values else 1.0
    span = largest * 1.16 if largest > 0 else 1.0

    def x_of(value: float) -> float:  # value → x; Persian bars grow from the right edge
        return right - value / span * plot_width if rtl else left + value / span * plot_width

    ticks = nice_ticks(0.0, span, 7)
    for tick in ticks:
        svg.line(x_of(tick), top, x_of(tick), bottom, "#dddddd", 0.5)
    for k, bar in enumerate(bars):
        y = top + row * (k + 0.15)
        svg.rect(x_of(0.0), y, x_of(bar.value) - x_of(0.0), row * 0.7, bar.colour)
    svg.line(left, bottom, right, bottom, "#888888", 0.6)
    svg.line(x_of(0.0), top, x_of(0.0), bottom, "#888888", 0.6)
    for tick in ticks:
        svg.line(x_of(tick), bottom, x_of(tick), bottom + 3, "#444444", 0.6)
        svg.text(x_of(tick), bottom + 9, format_number(tick, lang, 2), 7, anchor="middle", fill="#444444")
    gap = 4.0
    for k, bar in enumerate(bars):
        y = top + row * (k + 0.5)
        if label_sink is not None:
            # left edge (Persian) or right edge (English) and vertical middle, in % of the chart
            x = right + gap if rtl else left - gap
            label_sink.append({"text": bar.label, "x": f"{100 * (x if rtl else width - x) / width:.2f}",
                               "y": f"{100 * y / height:.2f}"})
        elif rtl:
            svg.text(right + gap, y, shape_text(bar.label, lang), 8.5, anchor="start")
        else:
            svg.text(left - gap, y, bar.label, 8.5, anchor="end")
        end = x_of(bar.value)
        pad = largest * 0.012 / span * plot_width
        svg.text(end - pad if rtl else end + pad, y, format_number(bar.value, lang, digits), 7,
                 anchor="end" if rtl else "start")
    if legend:
        entries = [(shape_text(label, lang), colour) for label, colour in legend]
        if rtl:
            entries.reverse()
        size, box = 7.5, 7.0
        widths = [box + 3 + _text_width(label, size) + 12 for label, _ in entries]
        x = (width - sum(widths)) / 2
        y = height - legend_cm * CM / 2
        for (label, colour), w in zip(entries, widths):
            svg.rect(x, y - box / 2, box, box, colour)
            svg.text(x + box + 3, y, label, size, anchor="start")
            x += w
    return svg.to_string()


def bar_chart_html_labels(bars: Sequence[Bar], lang: str, *, html_labels: bool = True, **options) -> dict:
    """:func:`bar_chart` with the bar labels left out of the SVG, for the HTML to print over it.

    WeasyPrint lays SVG text out letter by letter, so long labels in SVG cost
    far more than the same words in HTML (where Pango also shapes Persian
    itself).  Returns ``{"uri", "labels", "side"}``: the chart as a data URI
    and ``[{"text", "x", "y"}]`` — ``x`` is the label's distance, in % of the
    chart width, from the chart's left edge (Persian: labels start there and
    run right to left) or right edge (English: labels end there); ``y`` is the
    label's vertical middle in % of the chart height.  ``side`` names the CSS
    property ``x`` goes to.
    """
    if not html_labels:  # an image for another medium (DOCX): the labels drawn in the SVG
        return {"uri": svg_data_uri(bar_chart(bars, lang, **options)), "labels": [], "side": "left" if lang == "fa" else "right"}
    labels: list[dict] = []
    svg = bar_chart(bars, lang, label_sink=labels, **options)
    return {"uri": svg_data_uri(svg), "labels": labels, "side": "left" if lang == "fa" else "right"}


def _text_width(text: str, size: float) -> float:
    """A label's approximate width in points (no font metrics at hand: ~0.55 em a character)."""
    return 0.55 * size * len(text)


def svg_data_uri(svg: str) -> str:
    """An ``<img src>``-ready data URI: each chart stays a separate document (no id clashes)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
