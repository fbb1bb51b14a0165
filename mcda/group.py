"""Group decisions: AIJ, AIP, expert weights, consensus."""

__all__: list[str] = []
