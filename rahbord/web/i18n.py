"""The interface's words in English and Persian (a small message catalogue).

Keys are short English phrases' ids; a missing Persian entry falls back to
English, a missing key shows the key itself (and a test checks there is none).
Numbers are formatted by the reports' own formatter (:func:`number`).
"""

from __future__ import annotations

__all__ = ["LANGS", "MESSAGES", "translator", "number", "integer", "direction"]

LANGS = ("fa", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    "app_name": ("rahbord", "راهبرد"),
    "tagline": ("SWOT · AHP · ANP decision support", "پشتیبان تصمیم SWOT · AHP · ANP"),
    "other_lang": ("فارسی", "English"),
    "sign_in": ("Sign in", "ورود"),
    "sign_up": ("Create an account", "ساخت حساب"),
    "sign_out": ("Sign out", "خروج"),
    "email": ("E-mail", "رایانامه"),
    "password": ("Password", "گذرواژه"),
    "password_hint": ("At least 10 characters.", "دست‌کم ۱۰ نویسه."),
    "your_name": ("Your name", "نام شما"),
    "no_account": ("No account yet?", "حساب ندارید؟"),
    "have_account": ("Already have an account?", "حساب دارید؟"),
    "bad_login": ("The e-mail or password is not right.", "رایانامه یا گذرواژه درست نیست."),
    "email_taken": ("An account with this e-mail already exists.", "حسابی با این رایانامه وجود دارد."),
    "bad_email": ("Enter a valid e-mail address.", "نشانی رایانامهٔ درستی وارد کنید."),
    "short_password": ("The password must have at least 10 characters.", "گذرواژه باید دست‌کم ۱۰ نویسه باشد."),
    "signup_closed": ("Sign-up is closed on this server.", "ثبت‌نام در این کارساز بسته است."),
    "studies": ("Studies", "مطالعه‌ها"),
    "my_studies": ("My studies", "مطالعه‌های من"),
    "no_studies": ("No study yet. Start one below.", "هنوز مطالعه‌ای نیست. از پایین یکی بسازید."),
    "new_study": ("New study", "مطالعهٔ تازه"),
    "study_title": ("Study title", "عنوان مطالعه"),
    "from_library": ("From a ready model", "از یک مدل آماده"),
    "from_file": ("From a model file (YAML or model workbook)", "از پروندهٔ مدل (YAML یا کارپوشهٔ مدل)"),
    "from_form": ("Write the model in a form", "نوشتن مدل در فرم"),
    "open_form": ("Open the model form", "باز کردن فرم مدل"),
    "create": ("Create", "ساختن"),
    "model_file": ("Model file", "پروندهٔ مدل"),
    "created": ("Created", "ساخته شده"),
    "experts": ("Experts", "کارشناسان"),
    "responses": ("Responses", "پاسخ‌ها"),
    "results": ("Results", "نتایج"),
    "model": ("Model", "مدل"),
    "goal": ("Goal", "هدف"),
    "groups": ("Groups", "گروه‌ها"),
    "group": ("Group", "گروه"),
    "factors": ("Factors", "عامل‌ها"),
    "factor": ("Factor", "عامل"),
    "strategies": ("Strategies", "راهبردها"),
    "strategy": ("Strategy", "راهبرد"),
    "evaluation": ("Strategies evaluated by", "ارزیابی راهبردها با"),
    "ratings": ("ratings", "رتبه‌دهی"),
    "pairwise": ("pairwise comparison", "مقایسهٔ زوجی"),
    "judgments_per_expert": ("Judgments asked of each expert", "شمار داوری‌های هر کارشناس"),
    "download_model": ("Download the model (YAML)", "دریافت مدل (YAML)"),
    "id": ("Id", "شناسه"),
    "label_en": ("Label (English)", "برچسب (انگلیسی)"),
    "label_fa": ("Label (Persian)", "برچسب (فارسی)"),
    "title_en": ("Title (English)", "عنوان (انگلیسی)"),
    "title_fa": ("Title (Persian)", "عنوان (فارسی)"),
    "goal_en": ("Goal (English)", "هدف (انگلیسی)"),
    "goal_fa": ("Goal (Persian)", "هدف (فارسی)"),
    "model_id": ("Model id", "شناسهٔ مدل"),
    "version": ("Version", "نسخه"),
    "add_row": ("Add a row", "افزودن سطر"),
    "form_has_problems": ("The model has problems; see the marked fields.", "مدل ایراد دارد؛ خانه‌های نشان‌دار را ببینید."),
    "model_has_problems": ("The model file has problems:", "پروندهٔ مدل ایراد دارد:"),
    "name": ("Name", "نام"),
    "role": ("Role", "سمت"),
    "weight": ("Weight", "وزن"),
    "language": ("Language", "زبان"),
    "add_expert": ("Add an expert", "افزودن کارشناس"),
    "add": ("Add", "افزودن"),
    "remove": ("Remove", "حذف"),
    "expert_list_file": ("Or upload a list (CSV or XLSX: name, email, role, weight, lang)",
                         "یا فهرستی بارگذاری کنید (CSV یا XLSX: name، email، role، weight، lang)"),
    "upload": ("Upload", "بارگذاری"),
    "no_experts": ("No expert registered yet.", "هنوز کارشناسی ثبت نشده است."),
    "questionnaires": ("Questionnaires", "پرسش‌نامه‌ها"),
    "download_all_zip": ("All questionnaires (zip)", "همهٔ پرسش‌نامه‌ها (zip)"),
    "persian": ("Persian", "فارسی"),
    "english": ("English", "انگلیسی"),
    "upload_filled": ("Upload filled questionnaires (several .xlsx files, or a .zip of them)",
                      "بارگذاری پرسش‌نامه‌های پرشده (چند پروندهٔ ‎.xlsx یا یک ‎.zip)"),
    "file": ("File", "پرونده"),
    "sheet": ("Sheet", "برگه"),
    "cell": ("Cell", "خانه"),
    "problem": ("Problem", "ایراد"),
    "expected": ("Expected", "مورد انتظار"),
    "status": ("Status", "وضعیت"),
    "expert": ("Expert", "کارشناس"),
    "uploaded": ("Uploaded", "بارگذاری"),
    "st_accepted": ("accepted", "پذیرفته"),
    "st_rejected": ("refused", "ردشده"),
    "st_error": ("could not be read", "خوانده نشد"),
    "st_stored": ("stored", "ذخیره‌شده"),
    "st_replaced": ("replaced", "جایگزین‌شده"),
    "st_archive": ("archive", "بایگانی"),
    "problems_found": ("Problems found in the uploaded files", "ایرادهای یافته‌شده در پرونده‌های بارگذاری‌شده"),
    "upload_summary": ("{accepted} accepted, {refused} refused.", "{accepted} پذیرفته، {refused} ردشده."),
    "history": ("All uploads (earlier versions kept)", "همهٔ بارگذاری‌ها (نسخه‌های پیشین نگه داشته می‌شوند)"),
    "current_answers": ("Answers in use", "پاسخ‌های در کار"),
    "no_uploads": ("No filled questionnaire uploaded yet.", "هنوز پرسش‌نامهٔ پرشده‌ای بارگذاری نشده است."),
    "analysis": ("Analysis", "تحلیل"),
    "run_analysis": ("Run the analysis", "اجرای تحلیل"),
    "method": ("Priority method", "روش اولویت"),
    "eigen": ("eigenvector", "بردار ویژه"),
    "geometric": ("geometric mean", "میانگین هندسی"),
    "aggregation": ("Aggregation", "تجمیع"),
    "aij": ("judgments (AIJ)", "داوری‌ها (AIJ)"),
    "aip": ("priorities (AIP)", "اولویت‌ها (AIP)"),
    "exclude_inconsistent": ("Leave out inconsistent experts", "کنار گذاشتن کارشناسان ناسازگار"),
    "need_answers": ("Upload at least one accepted questionnaire first.", "نخست دست‌کم یک پرسش‌نامهٔ پذیرفته بارگذاری کنید."),
    "runs": ("Earlier runs", "اجراهای پیشین"),
    "run": ("Run", "اجرا"),
    "job": ("Job", "کار"),
    "job_queued": ("waiting to start", "در صف"),
    "job_running": ("running", "در حال اجرا"),
    "job_done": ("done", "انجام شد"),
    "job_failed": ("failed", "ناموفق"),
    "job_wait": ("This page updates by itself.", "این صفحه خودش به‌روز می‌شود."),
    "view_results": ("View the results", "دیدن نتایج"),
    "download": ("Download", "دریافت"),
    "ranking": ("Strategy ranking", "رتبه‌بندی راهبردها"),
    "rank": ("Rank", "رتبه"),
    "score": ("Score", "امتیاز"),
    "group_weights": ("Group weights", "وزن گروه‌ها"),
    "factor_weights": ("Factor weights", "وزن عامل‌ها"),
    "local_weight": ("Local weight", "وزن محلی"),
    "global_weight": ("Global weight", "وزن سراسری"),
    "consistency": ("Consistency per expert", "سازگاری هر کارشناس"),
    "consistency_note": ("CR above {threshold} is flagged; send those experts a revision sheet.",
                         "نسبت ناسازگاری بیش از {threshold} نشان‌دار است؛ برای این کارشناسان برگهٔ بازنگری بفرستید."),
    "revision_sheet": ("Revision sheet", "برگهٔ بازنگری"),
    "no_revision_needed": ("This expert's answers are within the consistency threshold: nothing to revise.",
                           "پاسخ‌های این کارشناس در آستانهٔ سازگاری است: چیزی برای بازنگری نیست."),
    "consensus": ("Consensus", "اجماع"),
    "comparison_set": ("Comparison set", "مجموعهٔ مقایسه"),
    "excluded": ("excluded", "کنار گذاشته"),
    "reports": ("Reports", "گزارش‌ها"),
    "make_report": ("Make", "ساختن"),
    "report_pdf": ("PDF report", "گزارش PDF"),
    "report_html": ("HTML report", "گزارش HTML"),
    "report_xlsx": ("Excel workbook", "کارپوشهٔ اکسل"),
    "scenarios_later": ("Scenario comparison is not available in this version.",
                        "مقایسهٔ سناریوها در این نسخه در دسترس نیست."),
    "not_found": ("Not found", "پیدا نشد"),
    "not_found_text": ("There is nothing here, or it is not yours.", "چیزی اینجا نیست یا از آنِ شما نیست."),
    "forbidden_csrf": ("The form expired or did not come from this site. Reload the page and try again.",
                       "فرم کهنه شده یا از این وبگاه نیامده است. صفحه را دوباره بارگیری و دوباره تلاش کنید."),
    "refused": ("Upload refused", "بارگذاری پذیرفته نشد"),
    "back": ("Back", "بازگشت"),
    "unavailable": ("This part of rahbord is not available yet: {what}", "این بخش راهبرد هنوز در دسترس نیست: {what}"),
    "s_star": ("S* (Goepel)", "S* (گوپل)"),
    "kendall_w": ("Kendall's W", "W کندال"),
    "yes": ("yes", "بله"),
    "no": ("no", "خیر"),
    "experts_added": ("{n} experts added.", "{n} کارشناس افزوده شد."),
    "expert_key": ("Expert id", "شناسهٔ کارشناس"),
    "answered": ("answered", "پاسخ‌داده"),
    "notes": ("Notes", "یادداشت‌ها"),
}

def translator(lang: str):
    """``t(key, **values)`` in ``lang``."""
    index = 1 if lang == "fa" else 0

    def t(key: str, **values) -> str:
        entry = MESSAGES.get(key)
        text = key if entry is None else (entry[index] or entry[0])
        return text.format(**values) if values else text

    return t


def number(value, lang: str, digits: int = 3) -> str:
    """A number for the page, formatted as the reports format it (Persian digits in fa)."""
    from reports.formatting import format_number

    return format_number(value, lang, digits)


def integer(value, lang: str) -> str:
    from reports.formatting import format_int

    return format_int(value, lang)


def direction(lang: str) -> str:
    return "rtl" if lang == "fa" else "ltr"
