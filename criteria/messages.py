"""What the model checker says, in the language of whoever reads it (the web form in Persian, the CLI in English).

Each entry is ``(message, expected)``.  The checks a planner meets in the model
form — an empty field, a duplicate or malformed id, a factor's unknown group, too
few groups or strategies — are worded here in both languages; the rarer checks
of a hand-written YAML file are English for now.  Ids (``S1``) are shown as they
are; whole numbers in a Persian message take Persian digits.
"""

from __future__ import annotations

from mcda.digits import localize_digits

__all__ = ["MODEL_TEXT", "field_title", "item_title", "model_text"]

MODEL_TEXT: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "empty": ("empty {what}", "a non-empty text"),
        "duplicate_id": ("duplicate id {ident!r}: already used by {first}",
                         "a different id for each group, factor, strategy and rating level"),
        "bad_id": ("{what} {ident!r} is not a valid id",
                   "an id of ASCII letters, digits, '_', '.' or '-' (at most 64 characters), e.g. S1"),
        "reserved_id": ("{what} {ident!r} is reserved (it names the goal)", "another id"),
        "unknown_group": ("factor {factor!r} names unknown group {group}", "{groups}"),
        "too_few_groups": ("a model needs at least 2 groups to compare, found {n}", "2 or more groups, e.g. S, W, O, T"),
        "too_few_strategies": ("a model needs at least 2 strategies to rank, found {n}", "2 or more candidate strategies"),
        "group_without_factor": ("group {group!r} has no factor", "at least one factor with group: {group}"),
        "group_one_factor": ("group {group!r} has only one factor ({factor}): nothing to compare inside it, it gets "
                             "local weight 1", "2 or more factors per group, or accept the single factor"),
        # the factor network (issue 15, item 6)
        "dependency_unknown_end": ("dependency {end} {ident!r} is neither a group nor a factor",
                                   "a group id ({groups}) or a factor id ({factors})"),
        "dependency_mixed": ("dependency {source} → {target} links a group and a factor",
                             "two groups (inner dependence among the groups) or two factors (a factor network)"),
        "dependency_self": ("factor {ident!r} is declared to depend on itself",
                            "a source factor that differs from the target factor"),
        "feedback_not_yes_no": ("feedback must be true or false, got {value}",
                                "true (each strategy feeds back to the factors: which factors matter more for it) "
                                "or false"),
        "cluster_weights_unknown": ("unknown cluster weighting {value}",
                                    "'compared' (the experts compare the clusters influencing each group) or 'equal' "
                                    "(every influencing cluster weighs the same)"),
        "cluster_weights_unused": ("cluster_weights has no effect: no factor depends on another factor",
                                   "dependencies between factors, or leave cluster_weights out"),
        "too_many_influencers": ("{n} factors of group {group!r} influence factor {factor!r}: more than {limit} "
                                 "is too many to compare reliably", "fewer influencing factors per group"),
    },
    "fa": {
        "empty": ("{what} خالی است", "متنی ناتهی بنویسید"),
        "duplicate_id": ("شناسهٔ «{ident}» تکراری است: پیش‌تر برای {first} به کار رفته",
                         "هر گروه، عامل، راهبرد و سطح امتیاز شناسهٔ جداگانه‌ای می‌خواهد"),
        "bad_id": ("«{ident}» برای {what} شناسهٔ درستی نیست",
                   "شناسه‌ای از حرف‌ها و رقم‌های لاتین، «_»، «.» یا «-» (تا ۶۴ نویسه)، مانند S1"),
        "reserved_id": ("{what} «{ident}» رزرو شده است (نام هدف است)", "شناسهٔ دیگری برگزینید"),
        "unknown_group": ("عامل «{factor}» به گروه ناشناختهٔ «{group}» اشاره می‌کند", "یکی از گروه‌ها: {groups}"),
        "too_few_groups": ("مدل دست‌کم ۲ گروه برای مقایسه می‌خواهد؛ {n} گروه دارد", "۲ گروه یا بیشتر، مانند S، W، O، T"),
        "too_few_strategies": ("مدل دست‌کم ۲ راهبرد برای رتبه‌بندی می‌خواهد؛ {n} راهبرد دارد", "۲ راهبرد یا بیشتر"),
        "group_without_factor": ("گروه «{group}» هیچ عاملی ندارد", "دست‌کم یک عامل در گروه {group}"),
        "group_one_factor": ("گروه «{group}» تنها یک عامل ({factor}) دارد: درون آن چیزی برای مقایسه نیست و وزن محلی "
                             "آن ۱ می‌شود", "دو عامل یا بیشتر در هر گروه، یا پذیرفتن همین یک عامل"),
        "dependency_unknown_end": ("{end} وابستگی، «{ident}»، نه گروه است نه عامل",
                                   "شناسهٔ یک گروه ({groups}) یا یک عامل ({factors})"),
        "dependency_mixed": ("وابستگی {source} ← {target} یک گروه را به یک عامل پیوند می‌دهد",
                             "دو گروه (وابستگی درونی میان گروه‌ها) یا دو عامل (شبکهٔ عوامل)"),
        "dependency_self": ("عامل «{ident}» به خودش وابسته اعلام شده است",
                            "عامل اثرگذاری جز خود عامل اثرپذیر"),
        "feedback_not_yes_no": ("بازخورد باید بله یا خیر باشد، اما «{value}» است",
                                "بله (هر راهبرد به عوامل بازخورد می‌دهد: کدام عامل برای آن مهم‌تر است) یا خیر"),
        "cluster_weights_unknown": ("روش وزن‌دهی خوشه‌ها، «{value}»، شناخته نیست",
                                    "مقایسه (خبرگان خوشه‌های اثرگذار بر هر گروه را مقایسه می‌کنند) یا برابر "
                                    "(همهٔ خوشه‌های اثرگذار هم‌وزن‌اند)"),
        "cluster_weights_unused": ("وزن‌دهی خوشه‌ها اثری ندارد: هیچ عاملی به عامل دیگری وابسته نیست",
                                   "وابستگی میان عوامل، یا حذف این فیلد"),
        "too_many_influencers": ("{n} عامل از گروه «{group}» بر عامل «{factor}» اثر می‌گذارند: بیش از {limit} "
                                 "عامل را نمی‌توان با اطمینان مقایسه کرد", "عوامل اثرگذار کمتر در هر گروه"),
    },
}

_KINDS = {"group": "گروه", "factor": "عامل", "strategy": "راهبرد", "rating level": "سطح امتیاز",
          "dependency": "وابستگی"}
_LISTS = {"groups": "group", "factors": "factor", "strategies": "strategy", "rating_scale": "rating level",
          "dependencies": "dependency"}
_NOUNS = {"label": ("label", "برچسب"), "short": ("short label", "برچسب کوتاه"), "title": ("title", "عنوان"),
          "goal": ("goal", "هدف"), "description": ("description", "شرح"), "tows_reason": ("TOWS reason", "دلیل نوع")}
_FIELDS_FA = {"id": "شناسه", "group": "گروه", "version": "نسخه", "source": "مبدأ", "target": "مقصد"}
_LANGUAGES_FA = {"en": "انگلیسی", "fa": "فارسی"}


def model_text(key: str, lang: str, **values) -> tuple[str, str]:
    """``(message, expected)`` for ``key`` in ``lang`` (English when unknown); numbers in Persian digits in fa."""
    if lang == "fa":
        values = {k: localize_digits(str(v), "fa") if isinstance(v, int) else v for k, v in values.items()}
    message, expected = MODEL_TEXT.get(lang, MODEL_TEXT["en"])[key]
    return message.format(**values), expected.format(**values)


def item_title(list_name: str, index: int, ident: str | None, lang: str) -> str:
    """``strategy P2`` / «راهبرد P2»; by position (``strategy 2``) when the item has no id yet."""
    kind = _LISTS.get(list_name, list_name)
    name = ident if ident else localize_digits(str(index + 1), lang)
    return f"{_KINDS.get(kind, kind) if lang == 'fa' else kind} {name}"


def field_title(field_name: str, who: str, lang: str) -> str:
    """The Persian name of a field of ``who`` (an :func:`item_title`, or ``"model"``): «برچسب فارسی راهبرد P2»."""
    base, _, field_lang = field_name.rpartition("_")
    if base and field_lang in _LANGUAGES_FA:
        noun = f"{_NOUNS.get(base, (base, base))[1]} {_LANGUAGES_FA[field_lang]}"
    else:
        noun = _FIELDS_FA.get(field_name, field_name)
    return f"{noun} مدل" if who == "model" else f"{noun} {who}"
