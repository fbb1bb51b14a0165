"""Priority vectors from pairwise matrices: principal eigenvector and row geometric mean, batched."""

__all__: list[str] = []
