"""Random consistency indices (Saaty; Alonso & Lamata 2006) and the linear CR criterion."""

__all__: list[str] = []
