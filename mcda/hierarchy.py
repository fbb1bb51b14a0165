"""Hierarchy synthesis for SWOT-AHP (A'WOT): global factor weights and strategy scores."""

__all__: list[str] = []
