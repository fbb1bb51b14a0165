"""surveys — questionnaires out (Excel workbooks), validated judgments in.

>>> import surveys
>>> sorted(surveys.__all__)[:3]
['Assignment', 'Design', 'Expert']
"""

from __future__ import annotations

# the model workbook moved to criteria (it is the model's file format); these names stay here too
from criteria.workbook import check_model_workbook, read_model_workbook, write_model_workbook

from .designs import Assignment, Design, complete_design, incomplete_design
from .experts import read_experts
from .panel import LatentTruth, SyntheticPanel, draw_truth, synthetic_panel
from .questionnaire import questionnaire_filename, write_questionnaire, write_questionnaires
from .reader import read_responses
from .responses import Expert, Responses
from .revision import revision_plan, write_revision_sheet
from .safety import SafetyLimits, check_xlsx

__all__ = [
    "Expert", "Responses",
    "Assignment", "Design", "complete_design", "incomplete_design",
    "write_questionnaire", "write_questionnaires", "questionnaire_filename",
    "read_responses", "read_experts", "SafetyLimits", "check_xlsx",
    "synthetic_panel", "SyntheticPanel", "LatentTruth", "draw_truth",
    "write_revision_sheet", "revision_plan",
    "write_model_workbook", "read_model_workbook", "check_model_workbook",
]
