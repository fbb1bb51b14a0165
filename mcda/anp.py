"""Analytic Network Process: supermatrix, weighting, limit matrix, SWOT-ANP."""

__all__: list[str] = []
