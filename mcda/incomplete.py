"""Incomplete matrices: connectivity, Harker's method, logarithmic least squares."""

__all__: list[str] = []
