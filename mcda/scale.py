"""Saaty's 1–9 scale: values, verbal labels (English/Persian), parsing of written judgments."""

__all__: list[str] = []
