"""Reciprocal pairwise-comparison matrices: construction and validation (batch first)."""

__all__: list[str] = []
