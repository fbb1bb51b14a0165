"""What the scenario checker says, in the language of whoever reads it (the web form in Persian, files and the CLI
in English).

Each entry is ``(message, expected)``.  The checks a planner meets in the web
scenario form are worded in both languages; the rarer ones of a hand-written
YAML file are English.  Ids (``E001``, ``S``) are shown as they are; whole
numbers in a Persian message take Persian digits.
"""

from __future__ import annotations

from mcda.digits import localize_digits

__all__ = ["SCENARIO_TEXT", "scenario_text"]

SCENARIO_TEXT: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "not_a_number": ("weight {value!r} is not a number", ""),
        "negative": ("weight {value!r} must be a finite number ≥ 0", ""),
        "sum": ("weights sum to {total}, not 1", "weights that add up to 1"),
        "no_name": ("must be a non-empty text (got {value!r})", ""),
        "all_zero": ("all expert weights are 0", "at least one positive weight"),
        "bad_cr": ("{value!r} is not a number between 0 and 1", "e.g. 0.1"),
        "unknown_expert": ("unknown expert {value!r}", "{hint}"),
        "nobody_left": ("no expert would be left", "keep at least one expert"),
        "unknown_group": ("unknown group {value!r}", "groups: {groups}"),
        "missing_groups": ("no weight for group(s) {missing}", "a weight for every group: {groups}"),
        "unknown_strategy": ("unknown strategy {value!r}", "strategies: {strategies}"),
        "two_strategies": ("a ranking needs at least two strategies", ""),
        "expert_ids": ("expert ids of the responses: {ids}", ""),
    },
    "fa": {
        "not_a_number": ("وزن «{value}» عدد نیست", "عددی مانند ۰٫۵ یا ۲"),
        "negative": ("وزن «{value}» باید عددی متناهی و نامنفی باشد", "عددی برابر یا بزرگ‌تر از صفر"),
        "sum": ("جمع وزن‌ها {total} است، نه ۱", "وزن‌هایی که جمعشان ۱ شود"),
        "no_name": ("نام سناریو خالی است", "نامی کوتاه"),
        "all_zero": ("وزن همهٔ کارشناسان صفر است", "دست‌کم یک وزن مثبت"),
        "bad_cr": ("«{value}» عددی میان ۰ و ۱ نیست", "مانند ۰٫۱"),
        "unknown_expert": ("کارشناس «{value}» در پاسخ‌ها نیست", "{hint}"),
        "nobody_left": ("هیچ کارشناسی نمی‌ماند", "دست‌کم یک کارشناس را نگه دارید"),
        "unknown_group": ("گروه «{value}» در مدل نیست", "گروه‌ها: {groups}"),
        "missing_groups": ("وزن گروه‌های {missing} داده نشده است", "برای هر گروه وزنی بنویسید: {groups}"),
        "unknown_strategy": ("راهبرد «{value}» در مدل نیست", "راهبردها: {strategies}"),
        "two_strategies": ("رتبه‌بندی دست‌کم دو راهبرد می‌خواهد", "دست‌کم دو راهبرد را برگزینید"),
        "expert_ids": ("شناسهٔ کارشناسان پاسخ‌ها: {ids}", ""),
    },
}


def scenario_text(key: str, lang: str, **values) -> tuple[str, str]:
    """``(message, expected)`` for ``key`` in ``lang`` (English when unknown); in Persian, numbers take Persian
    digits and lists the Persian comma."""
    if lang == "fa" and isinstance(values.get("total"), str):
        values["total"] = localize_digits(values["total"].replace(".", "٫"), "fa")  # the Persian decimal separator
    if lang == "fa":
        values = {k: localize_digits(str(v), "fa") if isinstance(v, (int, float)) and not isinstance(v, bool)
                  else v.replace(", ", "، ") if isinstance(v, str) and k in ("groups", "missing", "strategies", "ids")
                  else v for k, v in values.items()}
    message, expected = SCENARIO_TEXT.get(lang, SCENARIO_TEXT["en"])[key]
    return message.format(**values), expected.format(**values)
