"""The shipped models speak Persian in Persian (issue 13): no acronym or English word in a ``*_fa`` field.

A Persian title, description, label, short label or TOWS reason of a library
model may hold Latin only where the model's own ids travel inside the sentence
(``(O5، O8)``: ids are ASCII by design) or a proper name the domain file keeps in
Latin in its Persian column (``../shared/domain/tehran-city-diplomacy.md``).
SWOT, AHP and ANP are said in words, as the report says them.
"""

from __future__ import annotations

import re

import pytest

from criteria import library_models, load_library_model, model_to_data
from criteria.catalogue import pgettext

LATIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
#: Latin proper names a Persian label keeps, and why (nothing else)
PROPER_NAMES = {
    # United Cities and Local Governments: the source paper (Basirat & Jalili, table 4, S1) and the domain
    # file's Persian column write the organisation's Latin acronym, as Persian practitioners do
    "UCLG": "domain file, S1 (Persian column)",
}


def _persian_fields(data, path=""):
    """(path, text) of every Persian string in a model's plain data, however deep."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key.endswith("_fa") and isinstance(value, str):
                yield f"{path}.{key}", value
            else:
                yield from _persian_fields(value, f"{path}.{key}")
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _persian_fields(item, f"{path}[{i}]")


@pytest.mark.parametrize("name", library_models())
def test_persian_labels_of_a_library_model_hold_no_latin_but_ids_and_proper_names(name):
    model = load_library_model(name)
    ids = {*model.group_ids, *model.factor_ids, *model.strategy_ids}
    fields = list(_persian_fields(model_to_data(model)))
    assert any(path == ".title_fa" for path, _ in fields) and len(fields) > 10, fields[:3]
    found = {path: words for path, text in fields
             if (words := [w for w in LATIN.findall(text) if w not in ids and w not in PROPER_NAMES])}
    assert not found, f"{name}: Latin in Persian fields: {found}"


def test_the_anp_model_is_titled_in_the_reports_words():
    """Its Persian title names the method as the report's cover does (سوات با فرایند تحلیل شبکه‌ای)."""
    title = load_library_model("tehran-city-diplomacy-anp").title_fa
    assert "سوات با فرایند تحلیل شبکه‌ای" in title
    assert "سوات با فرایند تحلیل شبکه‌ای" in pgettext("report.report_kind_anp", "fa")
