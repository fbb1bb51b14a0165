"""surveys — questionnaires out (Excel workbooks), validated judgments in.

>>> import surveys
>>> sorted(surveys.__all__)[:3]
['Assignment', 'Design', 'Expert']

The public names are loaded on first use (PEP 562), so ``import surveys``
stays cheap: the reader's worker processes and the web app do not pay for
openpyxl unless they write workbooks.
"""

from __future__ import annotations

import importlib

from .responses import Expert, Responses

_LAZY = {
    # designs
    "Assignment": "designs",
    "Design": "designs",
    "complete_design": "designs",
    "incomplete_design": "designs",
    # writer
    "write_questionnaire": "questionnaire",
    "write_questionnaires": "questionnaire",
    "questionnaire_filename": "questionnaire",
    # reader and safety
    "read_responses": "reader",
    "read_experts": "experts",
    "SafetyLimits": "safety",
    "check_xlsx": "safety",
    # synthetic panels
    "synthetic_panel": "panel",
    "SyntheticPanel": "panel",
    "LatentTruth": "panel",
    "draw_truth": "panel",
    # revision sheets
    "write_revision_sheet": "revision",
    "revision_plan": "revision",
    # the model workbook (criteria in Excel)
    "write_model_workbook": "model_workbook",
    "read_model_workbook": "model_workbook",
    "check_model_workbook": "model_workbook",
}

__all__ = ["Expert", "Responses", *_LAZY]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'surveys' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
