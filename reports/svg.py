"""A minimal SVG writer for the report's charts (bars, lines, text), no matplotlib.

Why not matplotlib here: importing it and saving a figure cost more than a
second per report, and its SVG (a clip path, a ``style`` declaration to parse
and a ``<defs>``/``<use>`` pair per mark) is slow for WeasyPrint to draw.
These charts need rectangles, lines, dots and a few labels, so they are
written directly, with presentation attributes and one ``<text>`` per label.

Coordinates are in points (1/72 inch): ``width`` / ``height`` are given in
points and the SVG says so, so font sizes are the printed sizes.  Text from
users is escaped; Persian text is shaped and put in visual order first
(:func:`reports.charts.shape_text`) and drawn with bidi reordering turned off,
because an SVG renderer would otherwise reorder it a second time.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape, quoteattr

__all__ = ["Svg", "nice_ticks", "CM"]

CM = 72 / 2.54  # points per centimetre


def _n(x: float) -> str:
    """Short, exact-enough coordinates (0.01 pt) keep the SVG small."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class Svg:
    """Collects SVG elements; :meth:`to_string` gives the document."""

    def __init__(self, width: float, height: float, *, font_family: str) -> None:
        self.width, self.height = float(width), float(height)
        self.font_family = font_family
        self._parts: list[str] = []

    def rect(self, x: float, y: float, w: float, h: float, fill: str) -> None:
        if w < 0:
            x, w = x + w, -w
        self._parts.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" fill="{fill}"/>')

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str, width: float = 0.5,
             dash: str | None = None) -> None:
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        self._parts.append(f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{stroke}" '
                           f'stroke-width="{_n(width)}"{extra}/>')

    def path(self, points, stroke: str, width: float = 1.0) -> None:
        """An open polyline through ``points`` (one element, however many points)."""
        d = "M" + " L".join(f"{_n(x)} {_n(y)}" for x, y in points)
        self._parts.append(f'<path d="{d}" fill="none" stroke="{stroke}" stroke-width="{_n(width)}" '
                           f'stroke-linejoin="round"/>')

    def dot(self, x: float, y: float, r: float, fill: str) -> None:
        self._parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="{fill}"/>')

    def text(self, x: float, y: float, text: str, size: float, *, anchor: str = "start", fill: str = "#222222",
             weight: str | None = None, middle: bool = True) -> None:
        """A label at ``(x, y)``; ``middle`` puts ``y`` at the middle of the digits, not on the baseline.

        The text must already be in visual order (see the module docstring).
        """
        baseline = y + 0.35 * size if middle else y
        bold = f' font-weight="{weight}"' if weight else ""
        self._parts.append(
            f'<text x="{_n(x)}" y="{_n(baseline)}" font-size="{_n(size)}" text-anchor="{anchor}" fill="{fill}"{bold} '
            f'direction="ltr" unicode-bidi="bidi-override">{escape(text)}</text>'
        )

    def vertical_text(self, x: float, y: float, text: str, size: float, *, fill: str = "#222222",
                      weight: str | None = None) -> None:
        """A label centred at ``(x, y)`` turned a quarter to read bottom to top (an axis title)."""
        bold = f' font-weight="{weight}"' if weight else ""
        self._parts.append(
            f'<text x="0" y="{_n(0.35 * size)}" font-size="{_n(size)}" text-anchor="middle" fill="{fill}"{bold} '
            f'direction="ltr" unicode-bidi="bidi-override" transform="translate({_n(x)} {_n(y)}) rotate(-90)">'
            f'{escape(text)}</text>'
        )

    def to_string(self) -> str:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(self.width)}pt" height="{_n(self.height)}pt" '
            f'viewBox="0 0 {_n(self.width)} {_n(self.height)}" font-family={quoteattr(self.font_family)}>'
            + "".join(self._parts)
            + "</svg>"
        )


def nice_ticks(low: float, high: float, most: int = 6) -> list[float]:
    """At most ``most`` round tick values (steps of 1, 2, 2.5 or 5 × 10^k) covering ``[low, high]``.

    >>> nice_ticks(0, 0.47)
    [0.0, 0.1, 0.2, 0.3, 0.4]
    """
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return [low] if math.isfinite(low) else []
    raw = (high - low) / max(1, most - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw * (1 - 1e-9))
    first = math.ceil(low / step - 1e-9)
    last = math.floor(high / step + 1e-9)
    return [round(k * step, 12) + 0.0 for k in range(first, last + 1)]
