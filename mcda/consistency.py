"""Consistency: CI, CR, GCI, and which judgments to revise."""

__all__: list[str] = []
