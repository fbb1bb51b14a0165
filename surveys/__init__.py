"""surveys — questionnaires out (Excel workbooks), validated judgments in."""

from .responses import Expert, Responses

__all__ = ["Expert", "Responses"]
