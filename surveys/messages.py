"""What the reader tells about an answer cell, in the language of the questionnaire.

The expert who fills a Persian questionnaire reads the fix in Persian, with
Persian digits; an English questionnaire gets English.  Each entry is
``(message, expected)``: what is wrong, and what to do instead.  Item ids
(``S1``) and the expert's own text are shown as they are.
"""

from __future__ import annotations

from mcda.digits import localize_digits

__all__ = ["ANSWER_TEXT", "FILE_TEXT", "answer_text", "file_text", "show_value", "show_code", "pair_name"]

ANSWER_TEXT: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "not_on_scale": ("{pair}: {value} is not on the 1–9 scale",
                         "a whole number from 1 to 9, or pick from the list"),
        "between_points": ("{pair}: {value} lies between two points of the 1–9 scale",
                           "a whole number from 1 to 9, or pick from the list"),
        "reversed": ("{pair}: B is chosen as the more important item, but 'how much' holds the fraction {value}, "
                     "which would say that A is the more important one",
                     "if B is more important, pick a whole number from 1 to 9; if A is, choose A"),
        "reversed_a": ("{pair}: A is chosen as the more important item, but 'how much' holds the fraction {value}, "
                       "which would say that A is less important than B",
                       "if B is more important, choose B and pick a whole number from 1 to 9; if A is, keep A and "
                       "pick a whole number from 1 to 9"),
        "formula": ("{pair}: the cell holds the formula {code}; an answer must be typed or picked, not computed",
                    "delete the formula and pick the answer from the list"),
        "error_value": ("{pair}: the cell holds the error value {code}",
                        "delete it and pick the answer from the list"),
        "merged": ("{pair}: the answer cell is merged with other cells ({code}), so one value would stand for "
                   "several answers",
                   "unmerge the cells and give each row its own answer"),
        "date": ("{pair}: holds a date or time ({value}); the spreadsheet turned a typed fraction into a date",
                 "pick from the list, or type the fraction as text ('1/3)"),
        "date_format": ("{pair}: the cell is formatted as a date or time, so a typed answer is turned into a date",
                        "set the cell's format back to Text and pick the answer from the list"),
        "number_in_label": ("{pair}: {value} is a number where a choice from the list belongs",
                            "pick the answer from the list"),
        "equal_but": ("{pair}: says Equal but also {value}",
                      "Equal with an empty 'how much' (or 1), or choose A or B"),
        "no_side": ("{pair}: gives {value} but not which item is more important",
                    "choose A, B or Equal in the 'which' column"),
        "bad_side": ("{pair}: {value} is not a choice of item", "A, B or Equal from the list"),
        "half": ("a direction is chosen but not how much: the pair is treated as unanswered",
                 "a value 1–9 in 'how much'"),
        "bad_rating": ("{pair}: {value} is not a rating level", "{levels}"),
        "position_off_scale": ("{pair}: {value} is not a current-position rating from 1 to 4", "{levels}"),
        "bad_position": ("{pair}: {value} is not one of the four current-position ratings", "{levels}"),
        "marks": ("{pair}: {value} cells of the row are marked; one mark per row says one judgment",
                  "keep exactly one mark in the row and clear the others"),
    },
    "fa": {
        "not_on_scale": ("{pair}: مقدار {value} روی مقیاس ۱ تا ۹ نیست",
                         "عدد صحیح ۱ تا ۹ را بنویسید یا از فهرست انتخاب کنید"),
        "between_points": ("{pair}: مقدار {value} میان دو درجه مقیاس ۱ تا ۹ است",
                           "عدد صحیح ۱ تا ۹ را بنویسید یا از فهرست انتخاب کنید"),
        "reversed": ("{pair}: «ب» مهم‌تر انتخاب شده، اما در «چقدر مهم‌تر؟» کسر {value} آمده که معنایش "
                     "برتری «الف» است",
                     "اگر ب مهم‌تر است، عدد صحیح ۱ تا ۹ را انتخاب کنید؛ اگر الف مهم‌تر است، «الف» را انتخاب کنید"),
        "reversed_a": ("{pair}: «الف» مهم‌تر انتخاب شده، اما در «چقدر مهم‌تر؟» کسر {value} آمده که معنایش "
                       "کم‌اهمیت‌تر بودن «الف» از «ب» است",
                       "اگر ب مهم‌تر است، «ب» را انتخاب کنید و عدد صحیح ۱ تا ۹ را بنویسید؛ اگر الف مهم‌تر است، "
                       "«الف» را نگه دارید و عدد صحیح ۱ تا ۹ را بنویسید"),
        "formula": ("{pair}: در خانه پاسخ فرمول {code} نوشته شده؛ پاسخ باید تایپ یا از فهرست انتخاب شود",
                    "فرمول را پاک کنید و پاسخ را از فهرست انتخاب کنید"),
        "error_value": ("{pair}: خانه پاسخ مقدار خطای {code} دارد",
                        "آن را پاک کنید و پاسخ را از فهرست انتخاب کنید"),
        "merged": ("{pair}: خانه پاسخ با خانه‌های دیگر ادغام شده ({code})؛ یک مقدار به جای چند پاسخ نشسته است",
                   "ادغام خانه‌ها را بردارید و به هر ردیف جداگانه پاسخ دهید"),
        "date": ("{pair}: در خانه تاریخ یا زمان ({value}) آمده؛ برنامه صفحه‌گسترده کسر تایپ‌شده را به تاریخ "
                 "تبدیل کرده است",
                 "از فهرست انتخاب کنید یا کسر را به صورت متن بنویسید"),
        "date_format": ("{pair}: قالب خانه تاریخ یا زمان است و پاسخ تایپ‌شده به تاریخ تبدیل می‌شود",
                        "قالب خانه را به «متن» برگردانید و پاسخ را از فهرست انتخاب کنید"),
        "number_in_label": ("{pair}: به جای گزینه‌ای از فهرست، عدد {value} آمده است",
                            "پاسخ را از فهرست انتخاب کنید"),
        "equal_but": ("{pair}: «یکسان» انتخاب شده اما مقدار {value} هم آمده است",
                      "«یکسان» با ستون «چقدر» خالی (یا ۱)، یا «الف» یا «ب» را انتخاب کنید"),
        "no_side": ("{pair}: مقدار {value} آمده اما مشخص نشده کدام گزینه مهم‌تر است",
                    "در ستون «کدام مهم‌تر است؟» یکی از «الف»، «ب» یا «یکسان» را انتخاب کنید"),
        "bad_side": ("{pair}: {value} از گزینه‌های فهرست نیست",
                     "یکی از «الف»، «ب» یا «یکسان» را از فهرست انتخاب کنید"),
        "half": ("مشخص شده کدام گزینه مهم‌تر است اما نه چقدر؛ این ردیف بی‌پاسخ به شمار می‌آید",
                 "در ستون «چقدر مهم‌تر؟» عددی از ۱ تا ۹"),
        "bad_rating": ("{pair}: {value} از سطوح امتیاز نیست", "{levels}"),
        "position_off_scale": ("{pair}: {value} امتیاز وضع موجود از ۱ تا ۴ نیست", "{levels}"),
        "bad_position": ("{pair}: {value} از چهار امتیاز وضع موجود نیست", "{levels}"),
        "marks": ("{pair}: {value} خانه از این ردیف علامت خورده؛ هر ردیف تنها یک علامت می‌پذیرد",
                  "تنها یک علامت در ردیف نگه دارید و بقیه را پاک کنید"),
    },
}

_PAIR = {"en": "{a} vs {b}", "fa": "{a} در برابر {b}"}


def pair_name(a: str, b: str, lang: str) -> str:
    return _PAIR.get(lang, _PAIR["en"]).format(a=a, b=b)


def show_value(value, lang: str) -> str:
    """A cell's value as the expert typed it, quoted; Persian digits in a Persian questionnaire."""
    # calamine reads every number as a float: show a typed 0 as '0', not '0.0'
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    text = text if len(text) <= 40 else text[:37] + "..."
    if lang == "fa":
        if isinstance(value, (int, float)):
            text = text.replace(".", "٫")  # the Persian decimal separator
        return f"«{localize_digits(text, 'fa')}»"
    return repr(text)


def show_code(text: str, lang: str) -> str:
    """A formula, an error value or a cell range exactly as the spreadsheet shows it (never re-digited)."""
    return f"«{text}»" if lang == "fa" else repr(text)


def answer_text(key: str, lang: str, **fields) -> tuple[str, str]:
    """``(message, expected)`` for ``key`` in ``lang`` (English when the language is unknown)."""
    message, expected = ANSWER_TEXT.get(lang, ANSWER_TEXT["en"])[key]
    return message.format(**fields), expected.format(**fields)


# What is wrong with an uploaded file as a whole (a damaged or foreign zip), for the person who sent it.
# ``{member}`` is the name of the part inside the archive, shown as it is.
FILE_TEXT: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "bad_crc": ("{member} inside the archive is damaged: its checksum does not match (the file was changed or "
                    "cut short on its way)", "send the file again, as saved by Excel or zipped again"),
        "unsupported_method": ("{member} inside the archive is packed with a compression method ({method}) that "
                               "cannot be read here", "zip the files again with the zip built into Windows or macOS"),
        "broken_deflate": ("{member} inside the archive is damaged: its compressed data is broken",
                           "send the file again, as saved by Excel or zipped again"),
        "encrypted": ("{member} inside the archive is protected by a password",
                      "zip the files again without a password"),
        "damaged_zip": ("the archive is damaged and cannot be opened", "send the file again"),
        "document": ("this is {document}, not an Excel workbook, whatever its name says",
                     "the filled questionnaire workbook as downloaded from rahbord"),
        "zip_not_workbook": ("this is a zip archive, not an Excel workbook, whatever its name says",
                             "the filled questionnaire workbook itself, or a .zip of such workbooks"),
        "no_workbook_in_zip": ("this zip archive holds no Excel workbook",
                               "a .zip of filled questionnaire workbooks"),
        "word": ("a Word document", ""),
        "powerpoint": ("a PowerPoint presentation", ""),
        "opendocument": ("an OpenDocument file", ""),
        "office": ("an Office document of another kind", ""),
        "not_workbook": ("this is {kind}, not an Excel workbook",
                         "a filled questionnaire (.xlsx) as downloaded from rahbord"),
        "old_xls": ("an old-style .xls / Office 97 file", ""),
        "pdf": ("a PDF document", ""),
        "image": ("an image", ""),
        "text_file": ("a text file", ""),
        "zip_other": ("a zip archive that is not a workbook", ""),
        "other_file": ("a file of another kind", ""),
    },
    "fa": {
        "bad_crc": ("{member} درون فایل فشرده آسیب دیده است: کد وارسی آن نمی‌خواند (فایل در راه تغییر کرده یا "
                    "ناقص رسیده است)", "فایل را دوباره بفرستید، همان‌گونه که اکسل ذخیره کرده یا دوباره فشرده شده"),
        "unsupported_method": ("{member} درون فایل فشرده با روشی فشرده شده ({method}) که این‌جا خواندنی نیست",
                               "فایل‌ها را دوباره با ابزار فشرده‌سازی خود ویندوز یا مک فشرده کنید"),
        "broken_deflate": ("{member} درون فایل فشرده آسیب دیده است: داده‌های فشرده‌اش شکسته است",
                           "فایل را دوباره بفرستید، همان‌گونه که اکسل ذخیره کرده یا دوباره فشرده شده"),
        "encrypted": ("{member} درون فایل فشرده با گذرواژه قفل شده است",
                      "فایل‌ها را دوباره بدون گذرواژه فشرده کنید"),
        "damaged_zip": ("فایل فشرده آسیب دیده است و باز نمی‌شود", "فایل را دوباره بفرستید"),
        "document": ("این فایل {document} است، نه کارپوشه اکسل، هر نامی که داشته باشد",
                     "کارپوشه پرسش‌نامه پرشده، همان که از راهبرد دریافت کرده‌اید"),
        "zip_not_workbook": ("این فایل یک فایل فشرده است، نه کارپوشه اکسل، هر نامی که داشته باشد",
                             "خود کارپوشه پرسش‌نامه پرشده، یا فایل فشرده‌ای از چنین کارپوشه‌هایی"),
        "no_workbook_in_zip": ("در این فایل فشرده هیچ کارپوشه اکسلی نیست",
                               "فایل فشرده‌ای از کارپوشه‌های پرسش‌نامه پرشده"),
        "word": ("یک سند ورد", ""),
        "powerpoint": ("یک ارائه پاورپوینت", ""),
        "opendocument": ("یک سند اپن‌داکیومنت", ""),
        "office": ("یک سند آفیس از نوعی دیگر", ""),
        "not_workbook": ("این فایل {kind} است، نه کارپوشه اکسل",
                         "پرسش‌نامه پرشده (‎.xlsx)، همان که از راهبرد دریافت کرده‌اید"),
        "old_xls": ("یک کارپوشه اکسل قدیمی (قالب ۹۷ تا ۲۰۰۳)", ""),
        "pdf": ("یک سند PDF", ""),
        "image": ("یک تصویر", ""),
        "text_file": ("یک فایل متنی", ""),
        "zip_other": ("یک فایل فشرده که کارپوشه نیست", ""),
        "other_file": ("فایلی از نوعی دیگر", ""),
    },
}


def file_text(key: str, lang: str, **fields) -> tuple[str, str]:
    """``(message, expected)`` about a whole uploaded file, in ``lang`` (English when unknown).

    Numbers among ``fields`` are written with the language's digits.
    """
    shown = {k: localize_digits(str(v), "fa") if lang == "fa" and isinstance(v, int) else v
             for k, v in fields.items()}
    message, expected = FILE_TEXT.get(lang, FILE_TEXT["en"])[key]
    return message.format(**shown), expected.format(**shown)
