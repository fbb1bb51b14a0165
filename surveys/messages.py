"""What the reader tells about an answer cell, in the language of the questionnaire.

The expert who fills a Persian questionnaire reads the fix in Persian, with
Persian digits; an English questionnaire gets English.  Each entry is
``(message, expected)``: what is wrong, and what to do instead.  Item ids
(``S1``) and the expert's own text are shown as they are.
"""

from __future__ import annotations

from mcda.digits import localize_digits

__all__ = ["ANSWER_TEXT", "FILE_TEXT", "READER_TEXT", "SAFETY_TEXT", "answer_text", "file_text", "reader_text",
           "safety_text", "show_value", "show_code", "show_cells", "pair_name"]

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


# What the reader tells about a whole questionnaire file or its hidden sheet, and across files.  Codes
# (a model id, a content hash, a comparison-set id, cell references) come in already quoted by
# :func:`show_code` and are shown as the spreadsheet shows them; item and expert ids and file names as
# they are; whole numbers in the language's digits.  The Persian texts call the hidden sheet by what it
# is, not by its name: the problem's ``sheet`` names it.
READER_TEXT: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "unreadable": ("could not be read as a workbook ({failure})",
                       "an intact .xlsx questionnaire; save it again from Excel or LibreOffice"),
        "refused": ("was refused: {reason}", "a questionnaire workbook of normal size"),
        "no_map": ("is not a rahbord questionnaire: the hidden sheet '_rahbord' is missing (was the content "
                   "copied into another workbook?)", "the questionnaire workbook you were sent, filled in and saved"),
        "map_damaged": ("the hidden sheet '_rahbord' was edited or damaged (missing: {missing})",
                        "an unedited questionnaire; send the expert a new one"),
        "checksum": ("the hidden sheet '_rahbord' was edited (its checksum does not match): the expert id, the "
                     "model version or the answer cells can no longer be trusted",
                     "an unedited questionnaire; send the expert a new one"),
        "other_model": ("was issued for the model {issued}, not {model}", "a questionnaire of the model {model}"),
        "other_version": ("was answered on another version of the model (version {version}, content hash {hash}); "
                          "the current version is {current}, hash {current_hash}",
                          "a questionnaire issued for the current model version; send the expert the current "
                          "questionnaire"),
        "unknown_pair": ("the answer map names an unknown comparison ({set}: {a} vs {b})",
                         "an unedited questionnaire of this model version"),
        "unknown_rating": ("the answer map names an unknown rating ({a} × {b})",
                           "an unedited questionnaire of this model version"),
        "unknown_position": ("the answer map names an unknown current-position rating ({a})",
                             "an unedited questionnaire of this model version"),
        "unknown_kind": ("the answer map has an unknown row kind {kind}",
                         "an unedited questionnaire of this model version"),
        "missing_sheet": ("the sheet is missing ({count} answers expected on it): was it deleted or renamed?",
                          "the questionnaire with all its sheets; send the expert a new one if needed"),
        "no_answers": ("has no answers at all (this is the first answer cell)",
                       "the questionnaire filled in (the yellow cells)"),
        "partial": ("{count} of {asked} answers are empty ({cells}); accepted as a partial answer",
                    "every yellow cell answered"),
        "cut_off": ("{set}: too few answers — {names} {verb} not linked to the other items by any answered "
                    "comparison, so their weights cannot be computed",
                    "answer at least one of the rows linking them: {cells}"),
        "cut_off_no_link": ("{set}: too few answers — {names} {verb} not linked to the other items by any answered "
                            "comparison, so their weights cannot be computed",
                            "answer the comparisons of this sheet"),
        "duplicate": ("expert '{expert}' also answered in {other}: the same expert cannot be counted twice",
                      "one workbook per expert; remove one of the two files"),
        "not_on_panel": ("expert '{expert}' is not on the panel list", "a workbook issued to one of the listed experts"),
        "no_workbook": ("no workbook from expert '{expert}' ({name})", "every listed expert's questionnaire"),
        "no_files": ("no questionnaire files were given", "one or more .xlsx files"),
        "summary": ("{n} problem{s} in {files} of {total} questionnaire file{fs}",
                    "correct the cells listed and upload the workbooks again"),
    },
    "fa": {
        "unreadable": ("به صورت کارپوشه اکسل خوانده نشد: ساختار درونی فایل آسیب دیده است",
                       "پرسش‌نامه‌ای سالم؛ آن را دوباره در اکسل یا لیبره‌آفیس ذخیره کنید"),
        "refused": ("پذیرفته نشد: خواندن آن از زمان یا حافظه مجاز گذشت یا خواننده را از کار انداخت",
                    "کارپوشه پرسش‌نامه‌ای با اندازه معمول"),
        "no_map": ("پرسش‌نامه راهبرد نیست: برگه پنهان پرسش‌نامه در آن نیست (آیا محتوا به کارپوشه دیگری "
                   "رونوشت شده است؟)", "همان کارپوشه پرسش‌نامه‌ای که فرستاده شد، پرشده و ذخیره‌شده"),
        "map_damaged": ("برگه پنهان پرسش‌نامه ویرایش شده یا آسیب دیده است ({count} مورد از داده‌هایش نیست)",
                        "پرسش‌نامه‌ای ویرایش‌نشده؛ پرسش‌نامه تازه‌ای برای کارشناس بفرستید"),
        "checksum": ("برگه پنهان پرسش‌نامه ویرایش شده است (کد وارسی‌اش نمی‌خواند): شناسه کارشناس، نسخه مدل و "
                     "نشانی خانه‌های پاسخ دیگر قابل اعتماد نیست",
                     "پرسش‌نامه‌ای ویرایش‌نشده؛ پرسش‌نامه تازه‌ای برای کارشناس بفرستید"),
        "other_model": ("برای مدل {issued} صادر شده است، نه مدل {model}", "پرسش‌نامه‌ای از مدل {model}"),
        "other_version": ("به نسخه دیگری از مدل پاسخ داده شده است (نسخه {version}، کد محتوا {hash})؛ نسخه کنونی "
                          "{current} با کد محتوای {current_hash} است",
                          "پرسش‌نامه‌ای که برای نسخه کنونی مدل صادر شده؛ پرسش‌نامه کنونی را برای کارشناس بفرستید"),
        "unknown_pair": ("نقشه پاسخ‌ها مقایسه‌ای ناشناخته را نام می‌برد ({set}: {a} در برابر {b})",
                         "پرسش‌نامه ویرایش‌نشده‌ای از همین نسخه مدل"),
        "unknown_rating": ("نقشه پاسخ‌ها امتیازی ناشناخته را نام می‌برد ({a} × {b})",
                           "پرسش‌نامه ویرایش‌نشده‌ای از همین نسخه مدل"),
        "unknown_position": ("نقشه پاسخ‌ها امتیاز وضع موجودی ناشناخته را نام می‌برد ({a})",
                             "پرسش‌نامه ویرایش‌نشده‌ای از همین نسخه مدل"),
        "unknown_kind": ("نقشه پاسخ‌ها ردیفی از نوع ناشناخته {kind} دارد",
                         "پرسش‌نامه ویرایش‌نشده‌ای از همین نسخه مدل"),
        "missing_sheet": ("این برگه در کارپوشه نیست ({count} پاسخ روی آن انتظار می‌رفت): آیا پاک یا تغییرنام "
                          "داده شده است؟",
                          "پرسش‌نامه با همه برگه‌هایش؛ در صورت نیاز پرسش‌نامه تازه‌ای برای کارشناس بفرستید"),
        "no_answers": ("هیچ پاسخی ندارد (این نخستین خانه پاسخ است)", "پرسش‌نامه پرشده (خانه‌های زرد)"),
        "partial": ("{count} پاسخ از {asked} پاسخ خالی است ({cells})؛ به عنوان پاسخ ناقص پذیرفته شد",
                    "پاسخ به همه خانه‌های زرد"),
        "cut_off": ("پاسخ‌ها کافی نیست — {names} با هیچ مقایسه پاسخ‌داده‌شده‌ای به گزینه‌های دیگر پیوند ندارد، "
                    "پس وزن آن حساب‌شدنی نیست",
                    "دست‌کم به یکی از ردیف‌هایی که آن را پیوند می‌دهد پاسخ دهید: {cells}"),
        "cut_off_no_link": ("پاسخ‌ها کافی نیست — {names} با هیچ مقایسه پاسخ‌داده‌شده‌ای به گزینه‌های دیگر پیوند "
                            "ندارد، پس وزن آن حساب‌شدنی نیست",
                            "به مقایسه‌های این برگه پاسخ دهید"),
        "duplicate": ("کارشناس {expert} در {other} هم پاسخ داده است؛ یک کارشناس دو بار شمرده نمی‌شود",
                      "برای هر کارشناس یک کارپوشه؛ یکی از دو فایل را کنار بگذارید"),
        "not_on_panel": ("کارشناس {expert} در فهرست کارشناسان نیست",
                         "کارپوشه‌ای که برای یکی از کارشناسان فهرست صادر شده است"),
        "no_workbook": ("از کارشناس {expert} ({name}) کارپوشه‌ای نرسیده است", "پرسش‌نامه همه کارشناسان فهرست"),
        "no_files": ("هیچ فایل پرسش‌نامه‌ای داده نشد", "یک یا چند فایل اکسل"),
        "summary": ("{n} ایراد در {files} پرونده از {total} پروندهٔ پرسش‌نامه",
                    "خانه‌های نام‌برده را درست کنید و پرونده‌ها را دوباره بارگذاری کنید"),
    },
}


def reader_text(key: str, lang: str, **fields) -> tuple[str, str]:
    """``(message, expected)`` of a problem with a whole file, its hidden sheet or the set of files.

    Whole numbers among ``fields`` are written with the language's digits
    (English when the language is unknown).
    """
    lang = lang if lang in READER_TEXT else "en"
    shown = {k: localize_digits(str(v), "fa") if lang == "fa" and isinstance(v, int) else v
             for k, v in fields.items()}
    message, expected = READER_TEXT[lang][key]
    return message.format(**shown), expected.format(**shown)


def show_cells(cells, lang: str, limit: int = 8) -> str:
    """Cell references as the spreadsheet shows them, at most ``limit`` and «…» for more."""
    listed = [show_code(c, lang) if lang == "fa" else c for c in cells[:limit]]
    more = " …" if len(cells) > limit else ""
    return ("، " if lang == "fa" else ", ").join(listed) + more


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


# Why an uploaded file is refused before it is parsed (surveys.safety.check_xlsx): a foreign, damaged or
# hostile file.  The English texts follow the file's name ("notes.xlsx: is empty (0 bytes)"); the Persian ones
# stand alone.  ``{part}`` is the name of the part inside the zip, shown as it is; numbers come formatted
# (thousands and decimals) and are written in the language's digits and separators.
SAFETY_TEXT: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "cannot_open": ("cannot be opened: {reason}", "a readable .xlsx file"),
        "empty": ("is empty (0 bytes)", "an .xlsx workbook saved by Excel or LibreOffice"),
        "legacy_or_password": ("is a legacy .xls workbook or a password-protected .xlsx, which cannot be read",
                               "save it as 'Excel Workbook (.xlsx)' without a password"),
        "not_xlsx": ("is not an Excel workbook (.xlsx): its content looks like {kind}, whatever its name says",
                     "the questionnaire .xlsx you were sent, saved as 'Excel Workbook (.xlsx)'"),
        "too_large": ("is {size} MB, larger than any questionnaire (limit {limit} MB)",
                      "the questionnaire workbook as sent, without pasted images or extra sheets"),
        "damaged_zip": ("is a damaged zip/xlsx file ({reason})", "an intact .xlsx; save it again from Excel"),
        "too_many_entries": ("has {n} zip entries (limit {limit})", "a normal .xlsx workbook"),
        "duplicate_entry": ("contains the zip entry {part!r} twice", "a workbook saved by Excel"),
        "unsafe_path": ("contains an unsafe path {part!r}", "a workbook saved by Excel"),
        "part_too_large": ("declares {size} MB for one part (limit {limit} MB)", "a workbook of normal size"),
        "zip_bomb": ("has a part that inflates {ratio}× (limit {limit}×): a zip bomb", "a workbook saved by Excel"),
        "total_too_large": ("declares {size} MB uncompressed (limit {limit} MB)", "a workbook of normal size"),
        "no_workbook_xml": ("is a zip file but not an Excel workbook (no xl/workbook.xml)",
                            "the questionnaire .xlsx you were sent"),
        "sheet_too_large": ("has a sheet of {size} MB of XML (limit {limit} MB)",
                            "the questionnaire as sent, without data pasted into it"),
        "damaged_part": ("has a damaged part ({reason})", "an intact .xlsx; save it again"),
        "shared_strings": ("declares {n} shared strings (limit {limit})", "a workbook of normal size"),
        "sheet_too_far": ("declares a sheet reaching row {row} and column {column} (limits {rows} rows, {columns} "
                          "columns): refused as a hostile or damaged file",
                          "the questionnaire as sent; do not paste data far below or beside the table"),
        "doctype": ("contains an XML document type declaration (<!DOCTYPE/<!ENTITY), which Excel never writes: "
                    "refused as a possible XML-entity attack", "a workbook saved by Excel or LibreOffice"),
        "kind_pdf": ("a PDF document", ""),
        "kind_markup": ("an XML/HTML document", ""),
        "kind_archive": ("a compressed archive", ""),
        "kind_text": ("plain text (e.g. CSV or a renamed .txt)", ""),
        "kind_binary": ("binary data", ""),
    },
    "fa": {
        "cannot_open": ("این فایل باز نمی‌شود", "فایل اکسل (‎.xlsx) خواندنی"),
        "empty": ("این فایل خالی است (۰ بایت)", "کارپوشه اکسلی که اکسل یا لیبره‌آفیس ذخیره کرده باشد"),
        "legacy_or_password": ("این فایل کارپوشه اکسل قدیمی (قالب ۹۷ تا ۲۰۰۳) یا کارپوشه‌ای با گذرواژه است و خواندنی نیست",
                               "آن را بی‌گذرواژه با قالب «کارپوشه اکسل (‎.xlsx)» ذخیره کنید"),
        "not_xlsx": ("این فایل کارپوشه اکسل نیست: محتوای آن {kind} است، هر نامی که داشته باشد",
                     "همان پرسش‌نامه‌ای که برایتان فرستاده شده، با قالب «کارپوشه اکسل (‎.xlsx)» ذخیره‌شده"),
        "too_large": ("حجم این فایل {size} مگابایت است، بیش از هر پرسش‌نامه‌ای (دست‌بالا {limit} مگابایت)",
                      "همان پرسش‌نامه فرستاده‌شده، بی تصویر چسبانده یا برگهٔ افزوده"),
        "damaged_zip": ("این فایل آسیب دیده است و باز نمی‌شود", "کارپوشهٔ سالم؛ آن را دوباره در اکسل ذخیره کنید"),
        "too_many_entries": ("این فایل {n} بخش دارد (دست‌بالا {limit})", "کارپوشه اکسل معمولی"),
        "duplicate_entry": ("بخش «{part}» دو بار در این فایل آمده است", "کارپوشه‌ای که اکسل ذخیره کرده باشد"),
        "unsafe_path": ("بخش «{part}» نشانی ناامنی دارد", "کارپوشه‌ای که اکسل ذخیره کرده باشد"),
        "part_too_large": ("یک بخش این فایل {size} مگابایت اعلام کرده است (دست‌بالا {limit} مگابایت)",
                           "کارپوشه‌ای با اندازهٔ معمولی"),
        "zip_bomb": ("یک بخش این فایل {ratio} برابر باز می‌شود (دست‌بالا {limit} برابر): بمب فشرده",
                     "کارپوشه‌ای که اکسل ذخیره کرده باشد"),
        "total_too_large": ("این فایل پس از گشودن {size} مگابایت می‌شود (دست‌بالا {limit} مگابایت)",
                            "کارپوشه‌ای با اندازهٔ معمولی"),
        "no_workbook_xml": ("این فایل فشرده است اما کارپوشه اکسل نیست", "همان پرسش‌نامه‌ای که برایتان فرستاده شده"),
        "sheet_too_large": ("یک برگهٔ این فایل {size} مگابایت داده دارد (دست‌بالا {limit} مگابایت)",
                            "همان پرسش‌نامه فرستاده‌شده، بی داده‌ای که در آن چسبانده شده باشد"),
        "damaged_part": ("بخشی از این فایل آسیب دیده است", "کارپوشهٔ سالم؛ آن را دوباره ذخیره کنید"),
        "shared_strings": ("این فایل {n} متن مشترک اعلام کرده است (دست‌بالا {limit})", "کارپوشه‌ای با اندازهٔ معمولی"),
        "sheet_too_far": ("یک برگهٔ این فایل تا ردیف {row} و ستون {column} می‌رسد (دست‌بالا {rows} ردیف و {columns} "
                          "ستون): به‌عنوان فایل آسیب‌دیده یا زیان‌بار پذیرفته نشد",
                          "همان پرسش‌نامه فرستاده‌شده؛ داده‌ای دور از جدول، زیر یا کنار آن نچسبانید"),
        "doctype": ("این فایل اعلان نوع سند در داده‌های خود دارد که اکسل هرگز نمی‌نویسد: به‌عنوان حمله‌ای احتمالی "
                    "پذیرفته نشد", "کارپوشه‌ای که اکسل یا لیبره‌آفیس ذخیره کرده باشد"),
        "kind_pdf": ("یک سند پی‌دی‌اف", ""),
        "kind_markup": ("یک سند وب یا داده‌های نشانه‌گذاری‌شده", ""),
        "kind_archive": ("یک فایل فشرده", ""),
        "kind_text": ("متن ساده (مانند فایل جدولی متنی یا فایل متنی تغییرنام‌یافته)", ""),
        "kind_binary": ("داده‌های دودویی", ""),
    },
}

_FA_NUMBER = str.maketrans({",": "٬", ".": "٫"})


def safety_text(key: str, lang: str, **fields) -> tuple[str, str]:
    """``(message, expected)`` refusing a file before it is parsed, in ``lang`` (English when unknown).

    Amounts come formatted (``"20.5"``, ``"2,000,000"``); in Persian they take Persian digits and separators.
    ``part`` and ``reason`` (a name inside the zip, a library's account) are shown as they are.

    >>> safety_text("too_large", "fa", size="20.5", limit="20")[0]
    'حجم این فایل ۲۰٫۵ مگابایت است، بیش از هر پرسش‌نامه‌ای (دست‌بالا ۲۰ مگابایت)'
    """
    lang = lang if lang in SAFETY_TEXT else "en"

    def shown(name, value):
        if name in ("part", "reason") or lang != "fa":
            return value
        return localize_digits(str(value).translate(_FA_NUMBER), "fa")

    values = {name: shown(name, value) for name, value in fields.items()}
    message, expected = SAFETY_TEXT[lang][key]
    return message.format(**values), expected.format(**values)
