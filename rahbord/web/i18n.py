"""The interface's words in English and Persian (a small message catalogue).

Keys are short English phrases' ids; a missing Persian entry falls back to
English, a missing key shows the key itself (and a test checks there is none).
Numbers are formatted by the reports' own formatter (:func:`number`).
"""

from __future__ import annotations

import json

from rahbord.store.jobs import MESSAGE_REF, message_ref

__all__ = ["LANGS", "MESSAGES", "direction", "integer", "message_ref", "moment", "number", "stored_detail",
           "stored_message", "translator"]

LANGS = ("fa", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    "app_name": ("rahbord", "راهبرد"),
    "tagline": ("SWOT · AHP · ANP decision support",
                "پشتیبان تصمیم راهبردی · سوات · تحلیل سلسله‌مراتبی و شبکه‌ای"),
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
    "monotonous_password": ("The password needs at least 5 different characters.",
                            "گذرواژه باید دست‌کم ۵ نویسهٔ گوناگون داشته باشد."),
    "common_password": ("This password is on a list of common passwords that are guessed first: choose another.",
                        "این گذرواژه در فهرست گذرواژه‌های رایج است که پیش از همه حدس زده می‌شوند؛ گذرواژهٔ دیگری برگزینید."),
    "email_password": ("The password must not be your e-mail address.", "گذرواژه نباید نشانی رایانامهٔ شما باشد."),
    "account_ready": ("If this e-mail had no account, it has one now: sign in with the password you chose.",
                      "اگر این رایانامه حسابی نداشت، اکنون دارد: با گذرواژه‌ای که برگزیدید وارد شوید."),
    "too_many_signins": ("Too many failed sign-ins. Try again in {seconds} seconds.",
                         "ورودهای ناموفق بسیار شد. {seconds} ثانیهٔ دیگر دوباره تلاش کنید."),
    "account": ("Account", "حساب"),
    "change_password": ("Change the password", "تغییر گذرواژه"),
    "current_password": ("Current password", "گذرواژهٔ کنونی"),
    "new_password": ("New password", "گذرواژهٔ تازه"),
    "bad_current_password": ("The current password is not right.", "گذرواژهٔ کنونی درست نیست."),
    "password_changed": ("The password is changed; every other sign-in has ended.",
                         "گذرواژه تغییر کرد؛ همهٔ ورودهای دیگر پایان یافت."),
    "password_change_ends_others": ("Changing it signs you out everywhere else.",
                                    "با تغییر آن، از هر جای دیگر خارج می‌شوید."),
    "sign_out_everywhere": ("Sign out everywhere", "خروج از همه‌جا"),
    "cr_warnings": ("Inconsistent answers (CR above {threshold}): call these experts back",
                    "پاسخ‌های ناسازگار (نسبت سازگاری بیش از {threshold}): با این کارشناسان تماس بگیرید"),
    "cr_warnings_hint": ("The answers are kept and counted; a revision workbook for each expert is on the results page.",
                         "پاسخ‌ها نگه داشته و شمرده می‌شوند؛ کارپوشهٔ بازبینی هر کارشناس در صفحهٔ نتایج است."),
    "cr": ("CR", "نسبت ناسازگاری"),
    "judgment_to_revisit": ("Judgment to revisit (now → consistent)", "داوری برای بازبینی (اکنون ← سازگار)"),
    "expert_name_needed": ("The expert needs a name.", "کارشناس باید نام داشته باشد."),
    "bad_expert_weight": ("The expert's weight {value} is not a number from {low} to {high}.",
                          "وزن کارشناس {value} عددی از {low} تا {high} نیست."),
    "sign_out_everywhere_hint": ("Ends every sign-in of this account, on every computer and browser, this one included.",
                                 "همهٔ ورودهای این حساب را در هر رایانه و مرورگری، از جمله همین یکی، پایان می‌دهد."),
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
    "position_ratings": ("Experts also rate how well the city handles each factor now (1–4, for the IFE/EFE tables and the strategic position)",
                         "خبرگان وضع کنونی شهر در هر عامل را هم از ۱ تا ۴ ارزیابی می‌کنند (برای جدول‌های ارزیابی عوامل داخلی و خارجی و موقعیت راهبردی)"),
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
    "model_file_expected": ("expected a YAML model file (.yaml) or an .xlsx model workbook",
                            "پروندهٔ مدل YAML (‎.yaml) یا کارپوشهٔ مدل (‎.xlsx) لازم است"),
    "expert_list_expected": ("expected a CSV or .xlsx list of experts",
                             "فهرست کارشناسان در پروندهٔ CSV یا ‎.xlsx لازم است"),
    "name": ("Name", "نام"),
    "role": ("Role", "سمت"),
    "weight": ("Weight", "وزن"),
    "language": ("Language", "زبان"),
    "add_expert": ("Add an expert", "افزودن کارشناس"),
    "add": ("Add", "افزودن"),
    "remove": ("Remove", "حذف"),
    "expert_list_file": ("Or upload a list (CSV or XLSX: id, name, email, role, weight, lang)",
                         "یا فهرستی بارگذاری کنید (CSV یا XLSX: شناسه، نام، ایمیل، سمت، وزن، زبان)"),
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
    "robustness_draws": ("Monte Carlo draws (0: no robustness check)", "نمونه‌های مونت‌کارلو (۰: بدون بررسی پایداری)"),
    "robustness_draws_hint": ("Judgments perturbed on the scale and the panel resampled this many times; weight sweeps and other MCDA methods come with it.",
                              "قضاوت‌ها روی مقیاس جابه‌جا و گروه خبرگان به همین تعداد بار بازنمونه‌گیری می‌شوند؛ تحلیل حساسیت وزن‌ها و روش‌های دیگر نیز همراه آن است."),
    "bad_option": ("{field}: that choice is not offered; pick one from the list.",
                   "{field}: این گزینه در فهرست نیست؛ یکی از گزینه‌های فهرست را برگزینید."),
    "bad_draws": ("Monte Carlo draws: {value!r} is not a whole number from 0 to {most}.",
                  "نمونه‌های مونت‌کارلو: «{value}» عدد صحیحی از ۰ تا {most} نیست."),
    "draws_short": ("{n} draws", "{n} نمونه"),
    "robustness": ("How robust is the ranking?", "رتبه‌بندی چقدر پایدار است؟"),
    "no_robustness": ("This run was made without the robustness check (0 Monte Carlo draws). Run the analysis again with draws to see it.",
                      "این اجرا بدون بررسی پایداری (۰ نمونهٔ مونت‌کارلو) انجام شده است. برای دیدن آن، تحلیل را با نمونه‌ها دوباره اجرا کنید."),
    "runs": ("Earlier runs", "اجراهای پیشین"),
    "run": ("Run", "اجرا"),
    "job": ("Job", "کار"),
    "job_queued": ("waiting to start", "در صف"),
    "job_running": ("running", "در حال اجرا"),
    "job_done": ("done", "انجام شد"),
    "job_failed": ("failed", "ناموفق"),
    "job_wait": ("This page updates by itself.", "این صفحه خودش به‌روز می‌شود."),
    # a job's progress and failure, stored as a catalogue reference (message_ref) and worded per page
    "step_reading_answers": ("reading the answers", "خواندن پاسخ‌ها"),
    "step_priorities": ("priorities and consistency of every expert", "اولویت‌ها و سازگاری هر کارشناس"),
    "step_aggregation": ("group aggregation and consensus", "تجمیع گروهی و اجماع"),
    "step_synthesis": ("global factor weights and strategy scores", "وزن سراسری عامل‌ها و امتیاز راهبردها"),
    "step_robustness": ("robustness: weight sweeps, other methods, {draws} Monte Carlo draws",
                        "پایداری: تحلیل حساسیت وزن‌ها، روش‌های دیگر و {draws} نمونهٔ مونت‌کارلو"),
    "step_saving": ("saving the results", "ذخیرهٔ نتایج"),
    "step_loading": ("loading the results", "بارگیری نتایج"),
    "step_rendering": ("rendering the {kind} report", "ساختن گزارش {kind}"),
    "step_rendering_comparison": ("rendering the {kind} comparison", "ساختن گزارش مقایسه ({kind})"),
    "step_baseline_answers": ("reading the baseline's answers", "خواندن پاسخ‌های اجرای پایه"),
    "step_scenario": ("scenario {name}", "سناریوی «{name}»"),
    "job_no_answers": ("no accepted questionnaire to analyse", "پرسش‌نامهٔ پذیرفته‌ای برای تحلیل نیست"),
    "job_run_gone": ("the run of this report no longer exists", "اجرای این گزارش دیگر وجود ندارد"),
    "job_comparison_gone": ("this comparison no longer exists", "این مقایسه دیگر وجود ندارد"),
    "job_comparison_not_ready": ("the comparison of this report is not ready or no longer exists",
                                 "مقایسهٔ این گزارش آماده نیست یا دیگر وجود ندارد"),
    "job_scenario_problems": ("{n} problem(s) in the scenarios", "{n} ایراد در سناریوها"),
    "job_requeued": ("the server stopped during this job; it was queued again",
                     "کارساز در میانهٔ این کار از کار افتاد؛ کار دوباره در صف گذاشته شد"),
    "job_error_unexpected": ("The job stopped on an unexpected error. Try again; if it happens again, send the "
                             "technical detail below to whoever runs this server.",
                             "کار با خطایی پیش‌بینی‌نشده متوقف شد. دوباره بکوشید؛ اگر باز هم رخ داد، جزئیات فنی زیر "
                             "را برای گردانندهٔ این کارساز بفرستید."),
    "error_all_inconsistent": ("Every one of the {n} experts exceeds the consistency threshold ({threshold}) in at "
                               "least one comparison set, so leaving out inconsistent experts would leave no one. "
                               "Run the analysis keeping them, or raise the threshold.",
                               "هر {n} کارشناس دست‌کم در یک مجموعهٔ مقایسه از آستانهٔ ناسازگاری ({threshold}) "
                               "فراتر رفته‌اند؛ کنار گذاشتن کارشناسان ناسازگار کسی را باقی نمی‌گذارد. تحلیل را با "
                               "نگه داشتن آنان اجرا کنید یا آستانه را بالاتر ببرید."),
    "error_disconnected": ("In {n} questionnaire(s) the answers to the set {set} leave some items unconnected to "
                           "the others, so their weights cannot be computed. Ask those experts to answer at least "
                           "one comparison linking every item.",
                           "در {n} پرسش‌نامه پاسخ‌های یک مجموعهٔ مقایسه برخی گزینه‌ها را بی‌پیوند با بقیه گذاشته "
                           "است و وزن آن‌ها را نمی‌توان حساب کرد. از این کارشناسان بخواهید دست‌کم یک مقایسه که هر "
                           "گزینه را به دیگران پیوند دهد پاسخ دهند."),
    "error_responses_do_not_fit": ("The answers do not fit the study's current model. Issue questionnaires of "
                                   "this model and upload them again.",
                                   "پاسخ‌ها با مدل کنونی مطالعه جور نیستند. پرسش‌نامه‌های همین مدل را بفرستید و "
                                   "پاسخ‌ها را دوباره بارگذاری کنید."),
    "error_questionnaire_problems": ("{n} problem(s) in {files} of {total} questionnaire files: see the table below.",
                                     "{n} ایراد در {files} پرونده از {total} پروندهٔ پرسش‌نامه؛ جدول زیر را ببینید."),
    "technical_detail": ("Technical detail", "جزئیات فنی"),
    "job_gave_up": ("stopped {attempts} times without finishing (the server was restarted)",
                    "{attempts} بار بی‌آنکه به پایان برسد متوقف شد (کارساز از نو راه‌اندازی شد)"),
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
    "scenarios": ("Scenarios", "سناریوها"),
    "scenario": ("Scenario", "سناریو"),
    "scenarios_intro": ("A scenario changes the baseline analysis: other experts or weights, another aggregation, "
                        "what-if group weights, fewer strategies. Compare scenarios with a run to see which "
                        "conclusions hold.",
                        "هر سناریو تحلیل پایه را تغییر می‌دهد: کارشناسان یا وزن‌های دیگر، تجمیع دیگر، وزن فرضی "
                        "گروه‌ها، راهبردهای کمتر. سناریوها را با یک اجرا مقایسه کنید تا ببینید کدام نتیجه‌ها پابرجا "
                        "می‌مانند."),
    "no_scenarios": ("No scenario defined yet.", "هنوز سناریویی تعریف نشده است."),
    "no_changes": ("no change (the baseline)", "بدون تغییر (پایه)"),
    "changes": ("Changes", "تغییرات"),
    "define_scenario": ("Define a scenario", "تعریف سناریو"),
    "scenario_name": ("Scenario name", "نام سناریو"),
    "scenario_name_hint": ("Short; shown as a column heading.", "کوتاه؛ عنوان ستون می‌شود."),
    "scenario_name_taken": ("A scenario with this name already exists in this study.",
                            "سناریویی با این نام در این مطالعه هست."),
    "description_en": ("Description (English)", "شرح (انگلیسی)"),
    "description_fa": ("Description (Persian)", "شرح (فارسی)"),
    "scenario_experts": ("Experts: leave some out, or give new weights (empty = as in the baseline)",
                         "کارشناسان: کنار گذاشتن یا وزن تازه (خالی = مانند پایه)"),
    "leave_out": ("Leave out", "کنار گذاشتن"),
    "new_weight": ("New weight", "وزن تازه"),
    "scenario_method": ("Method", "روش"),
    "as_baseline": ("as in the baseline", "مانند پایه"),
    "cr_threshold": ("CR threshold", "آستانهٔ نسبت ناسازگاری"),
    "what_if_groups": ("What-if group weights", "وزن فرضی گروه‌ها"),
    "what_if_groups_hint": ("Leave empty to keep the weights from the judgments. The grey numbers are the latest "
                            "run's weights; e.g. double T's to make threats weigh double.",
                            "برای نگه داشتن وزن‌های برآمده از داوری‌ها خالی بگذارید. عددهای خاکستری وزن‌های آخرین "
                            "اجرا هستند؛ برای نمونه وزن تهدیدها را دو برابر کنید تا دو برابر وزن بگیرند."),
    "rescale_weights": ("Scale them so they add up to 1", "به‌گونه‌ای مقیاس شوند که جمعشان ۱ شود"),
    "group_weights_sum": ("The group weights add up to {total}, not 1. Correct them, or tick «Scale them so they "
                          "add up to 1» below and save again: each weight is then divided by {total}.",
                          "جمع وزن گروه‌ها {total} است، نه ۱. آن‌ها را درست کنید، یا گزینهٔ «به‌گونه‌ای مقیاس شوند "
                          "که جمعشان ۱ شود» را در پایین بزنید و دوباره ذخیره کنید: هر وزن بر {total} تقسیم می‌شود."),
    "rescale_and_save": ("Scale to 1 and save", "مقیاس به ۱ و ذخیره"),
    "strategies_ranked": ("Strategies to rank", "راهبردهای رتبه‌بندی‌شونده"),
    "save_scenario": ("Save the scenario", "ذخیرهٔ سناریو"),
    "scenario_form_has_problems": ("The scenario has problems; see the marked fields.",
                                   "سناریو ایراد دارد؛ خانه‌های نشان‌دار را ببینید."),
    "upload_scenario": ("Or upload a scenario file (YAML, as for rahbord compare)",
                        "یا پروندهٔ سناریو بارگذاری کنید (YAML، همان که فرمان مقایسهٔ راهبرد در خط فرمان می‌خواند)"),
    "scenario_file": ("Scenario file", "پروندهٔ سناریو"),
    "scenario_file_expected": ("a scenario YAML file: name, description, changes",
                               "پروندهٔ YAML سناریو: name، description، changes"),
    "scenario_has_problems": ("The scenario file has problems", "پروندهٔ سناریو ایراد دارد"),
    "compare": ("Compare", "مقایسه"),
    "compare_with_baseline": ("Compare with the baseline", "مقایسه با پایه"),
    "baseline_run": ("Baseline", "پایه"),
    "need_run": ("Run the analysis first: scenarios are compared with a run.",
                 "نخست تحلیل را اجرا کنید: سناریوها با یک اجرا مقایسه می‌شوند."),
    "need_scenarios": ("Choose at least one scenario to compare.", "دست‌کم یک سناریو برای مقایسه برگزینید."),
    "comparisons": ("Comparisons", "مقایسه‌ها"),
    "comparison": ("Scenario comparison", "مقایسهٔ سناریوها"),
    "view_comparison": ("View the comparison", "دیدن مقایسه"),
    "comparison_pending": ("The scenarios are being analysed; this page shows the comparison when they are done.",
                           "سناریوها در حال تحلیل‌اند؛ پس از پایان، مقایسه در این صفحه می‌آید."),
    "comparison_failed": ("The comparison failed; its job lists the problems.",
                          "مقایسه ناموفق بود؛ ایرادها در صفحهٔ کار آمده است."),
    "comparison_reports": ("Comparison report", "گزارش مقایسه"),
    "comparison_pdf": ("PDF", "PDF"),
    "comparison_html": ("HTML", "HTML"),
    "present": ("Present", "نمایش"),
    "exit_present": ("Leave the presentation", "خروج از نمایش"),
    "not_found": ("Not found", "پیدا نشد"),
    "not_found_text": ("There is nothing here, or it is not yours.", "چیزی اینجا نیست یا از آنِ شما نیست."),
    "forbidden_csrf": ("The form expired or did not come from this site. Reload the page and try again.",
                       "فرم کهنه شده یا از این وبگاه نیامده است. صفحه را دوباره بارگیری و دوباره تلاش کنید."),
    "refused": ("Upload refused", "بارگذاری پذیرفته نشد"),
    "upload_round_closed": ("The round was closed on {when}: no more answers are taken. To accept this workbook, "
                            "reopen the round on the study page (Round of answers: Reopen the round).",
                            "دور پاسخ‌گویی در {when} بسته شده است و پاسخ تازه‌ای پذیرفته نمی‌شود. برای پذیرفتن این "
                            "پرونده، دور را در صفحهٔ مطالعه بازگشایی کنید (دور پاسخ‌گویی: بازگشایی دور)."),
    "upload_too_many": ("{n} files: at most {limit} at once", "{n} پرونده: هر بار دست‌بالا {limit} پرونده"),
    "back": ("Back", "بازگشت"),
    "server_error": ("Something went wrong", "خطایی رخ داد"),
    "server_error_text": ("The server could not finish this page; the error is in its log. Try again later, "
                          "or tell whoever runs this server.",
                          "کارساز نتوانست این صفحه را کامل کند؛ خطا در گزارش کارساز ثبت شد. بعداً دوباره تلاش کنید "
                          "یا به گردانندهٔ این کارساز خبر دهید."),
    "s_star": ("S* (Goepel)", "شاخص اجماع گوپل"),
    "kendall_w": ("Kendall's W", "ضریب هماهنگی کندال"),
    "left_out_title": ("Experts left out of the calculation", "کارشناسانی که از محاسبه کنار گذاشته شدند"),
    "left_out_lead": ("{n} of {total} experts were left out of this run:", "{n} کارشناس از {total} کارشناس در این اجرا کنار گذاشته شدند:"),
    "left_out_third": ("This is more than a third of the panel: the ranking rests on {kept} experts only. "
                       "Call the experts back with their revision sheets, or run the analysis again keeping them.",
                       "این بیش از یک‌سوم هیئت کارشناسان است: رتبه‌بندی تنها بر داوری {kept} کارشناس استوار است. "
                       "با برگهٔ بازنگری با این کارشناسان تماس بگیرید، یا تحلیل را بدون کنار گذاشتن آن‌ها دوباره اجرا کنید."),
    "weighted_spearman": ("r_w", "همبستگی اسپیرمن وزنی"),
    "ws_coefficient": ("WS", "ضریب شباهت رتبه‌ها (سالابون)"),
    "kendall_tau": ("Kendall τ", "تاو کندال"),
    "excluded_inconsistent": ("inconsistent: consistency ratio above {threshold} in {sets}",
                              "ناسازگار: نسبت ناسازگاری بیش از {threshold} در {sets}"),
    "yes": ("yes", "بله"),
    "no": ("no", "خیر"),
    "experts_added": ("{n} experts added.", "{n} کارشناس افزوده شد."),
    "expert_key": ("Expert id", "شناسهٔ کارشناس"),
    "answered": ("answered", "پاسخ‌داده"),
    # ---- answering online through a personal link (issue 12) ----
    "online_title": ("Your questionnaire", "پرسش‌نامهٔ شما"),
    "online_for": ("For {name}", "برای {name}"),
    "online_intro": ("Compare each pair on the scale between the two items: the nearer your choice is to an item, "
                     "the more important it is; the middle means equal. Each answer is saved as you give it, so you "
                     "can stop and come back later with the same link, on this or another device.",
                     "هر دو گزینه را روی طیف میان آن دو مقایسه کنید: هر چه انتخاب شما به گزینه‌ای نزدیک‌تر باشد، آن "
                     "گزینه مهم‌تر است؛ میانه یعنی یکسان. هر پاسخ همان‌گاه ذخیره می‌شود، پس می‌توانید دست نگه دارید و "
                     "بعداً با همین پیوند، در همین یا دستگاهی دیگر، ادامه دهید."),
    "online_progress": ("{k} of {n} answered", "{k} از {n} پاسخ داده شده"),
    "online_set_groups": ("With respect to the goal «{goal}»: which group is more important, and how much?",
                          "با توجه به هدف «{goal}»: کدام گروه مهم‌تر است و چه اندازه؟"),
    "online_set_factors": ("Within «{group}»: which factor is more important, and how much?",
                           "در گروه «{group}»: کدام عامل مهم‌تر است و چه اندازه؟"),
    "online_set_dependence": ("Influence on «{group}»: which has the stronger influence, and how much?",
                              "اثر بر «{group}»: کدام اثر بیشتری دارد و چه اندازه؟"),
    "online_set_strategies": ("With respect to the factor «{factor}»: which strategy is better, and how much?",
                              "با توجه به عامل «{factor}»: کدام راهبرد بهتر است و چه اندازه؟"),
    "online_set_network": ("With respect to «{factor}»: which factor influences it more, and how much?",
                           "با توجه به «{factor}»: کدام عامل اثر بیشتری بر آن دارد و چه اندازه؟"),
    "online_set_clusters": ("With respect to the factors of «{group}»: which cluster influences them more, and how "
                            "much?", "با توجه به عوامل «{group}»: کدام خوشه اثر بیشتری بر آن‌ها دارد و چه اندازه؟"),
    "online_set_feedback": ("For the strategy «{strategy}»: which factor matters more, and how much?",
                            "برای راهبرد «{strategy}»: کدام عامل مهم‌تر است و چه اندازه؟"),
    "online_ratings": ("Rate each strategy on each factor", "امتیاز هر راهبرد در هر عامل"),
    "online_rate_strategy": ("How well does «{strategy}» do on each factor?",
                             "«{strategy}» در هر عامل چه اندازه خوب است؟"),
    "online_vs": ("or", "یا"),
    "online_equal": ("equal", "یکسان"),
    "online_toward": ("{n} toward «{item}»", "{n} به سوی «{item}»"),
    "online_point": ("{verbal} ({n}) for «{item}»", "{verbal} ({n}) برای «{item}»"),
    "online_state_incomplete": ("Incomplete: {k} of {n} answered", "ناقص: {k} از {n} پاسخ داده شده"),
    "online_state_consistent": ("Consistent", "سازگار"),
    "online_state_slightly": ("Slightly inconsistent", "اندکی ناسازگار"),
    "online_state_inconsistent": ("Inconsistent: please revisit", "ناسازگار: لطفاً بازنگری کنید"),
    "online_cr": ("Consistency ratio {cr} (limit {limit})", "نرخ ناسازگاری {cr} (حد مجاز {limit})"),
    "online_revisit": ("Most at odds with your other answers: «{a}» or «{b}», now {now}; {fits} would fit them.",
                       "بیشترین ناهمخوانی با دیگر پاسخ‌های شما: «{a}» یا «{b}»، اکنون {now}؛ {fits} با آن‌ها جور است."),
    "online_submit": ("Submit my answers", "فرستادن پاسخ‌هایم"),
    "online_submit_hint": ("You can change your answers and submit again until the planner closes the round.",
                           "تا زمانی که برنامه‌ریز این دور را نبسته است، می‌توانید پاسخ‌ها را تغییر دهید و دوباره بفرستید."),
    "online_unanswered": ("{n} questions are still unanswered: answer them all, then submit.",
                          "{n} پرسش هنوز بی‌پاسخ است: به همه پاسخ دهید و سپس بفرستید."),
    "online_submitted": ("Your answers were received on {when}. Thank you! You may still change them and submit "
                         "again.", "پاسخ‌های شما در {when} رسید. سپاس! هنوز می‌توانید آن‌ها را تغییر دهید و دوباره بفرستید."),
    "online_not_accepted": ("Your answers could not be taken; the planner can see why.",
                            "پاسخ‌های شما پذیرفته نشد؛ برنامه‌ریز علت را می‌بیند."),
    "online_round_closed": ("The planner has closed this round: the answers can no longer be changed.",
                            "برنامه‌ریز این دور را بسته است: پاسخ‌ها دیگر تغییر نمی‌کنند."),
    "online_link_revoked_title": ("This link was withdrawn", "این پیوند پس گرفته شده است"),
    "online_link_revoked": ("The planner withdrew this link. Ask them for a new one: the answers you gave are kept.",
                            "برنامه‌ریز این پیوند را پس گرفته است. پیوند تازه‌ای بخواهید: پاسخ‌هایی که داده‌اید نگه داشته شده است."),
    "online_link_expired_title": ("This link has expired", "مهلت این پیوند گذشته است"),
    "online_link_expired": ("This link was valid until {when}. Ask the planner for a new one: the answers you gave "
                            "are kept.", "این پیوند تا {when} معتبر بود. از برنامه‌ریز پیوند تازه‌ای بخواهید: پاسخ‌هایی که "
                            "داده‌اید نگه داشته شده است."),
    "online_saved": ("Saved", "ذخیره شد"),
    "online_not_saved": ("Not saved: check the connection and answer again.",
                         "ذخیره نشد: اتصال را بررسی کنید و دوباره پاسخ دهید."),
    "online_bad_answer": ("This is not an answer this questionnaire asks for.", "این پاسخی نیست که این پرسش‌نامه می‌خواهد."),
    "online_too_many": ("Too many tries from this address. Try again in {seconds} seconds.",
                        "تلاش‌های بسیار از این نشانی. {seconds} ثانیهٔ دیگر دوباره تلاش کنید."),
    "online_links": ("Answering online", "پاسخ‌گویی برخط"),
    "online_links_intro": ("Each expert can answer online through a personal link, without an account. A link opens "
                           "only that expert's questionnaire; a new link withdraws the old one, and the answers given "
                           "so far are kept.",
                           "هر کارشناس می‌تواند با پیوند شخصی خود، بی‌نیاز از حساب، برخط پاسخ دهد. هر پیوند تنها "
                           "پرسش‌نامهٔ همان کارشناس را باز می‌کند؛ پیوند تازه پیوند پیشین را باطل می‌کند و پاسخ‌های داده‌شده "
                           "می‌مانند."),
    "online_link": ("Personal link", "پیوند شخصی"),
    "online_copy": ("Copy", "رونوشت"),
    "online_copied": ("Copied", "رونوشت شد"),
    "online_new_link": ("New link", "پیوند تازه"),
    "online_revoke": ("Withdraw", "پس گرفتن"),
    "online_valid_until": ("valid until {when}", "معتبر تا {when}"),
    "online_withdrawn": ("withdrawn", "پس گرفته شده"),
    "online_expired_on": ("expired on {when}", "منقضی در {when}"),
    "online_no_link": ("no link", "بی‌پیوند"),
    "online_days": ("Valid for (days)", "مدت اعتبار (روز)"),
    "online_new_links_all": ("New links for every expert", "پیوند تازه برای همهٔ کارشناسان"),
    "online_links_csv": ("Links as a text table", "فهرست پیوندها (پروندهٔ متنی)"),
    "online_links_xlsx": ("Links as an Excel workbook", "فهرست پیوندها (کارپوشهٔ اکسل)"),
    "online_invitations": ("Print the invitations (a scannable code for each expert)",
                           "چاپ دعوت‌نامه‌ها (رمزینه‌ای برای هر کارشناس)"),
    "online_state": ("Online", "برخط"),
    "online_not_started": ("not started", "آغاز نشده"),
    "online_in_progress": ("in progress ({k} of {n})", "در حال پاسخ ({k} از {n})"),
    "online_done": ("submitted", "فرستاده شده"),
    "online_cr_ok": ("consistent", "سازگار"),
    "online_cr_bad": ("{n} inconsistent sets", "{n} مجموعهٔ ناسازگار"),
    "online_round": ("Round of answers", "دور پاسخ‌گویی"),
    "online_round_open": ("Open: experts may answer and change their answers.",
                          "باز: کارشناسان می‌توانند پاسخ دهند و پاسخ خود را تغییر دهند."),
    "online_round_closed_on": ("Closed on {when}: the answers can no longer change.",
                               "بسته در {when}: پاسخ‌ها دیگر تغییر نمی‌کنند."),
    "online_close_round": ("Close the round", "بستن دور"),
    "online_reopen_round": ("Reopen the round", "بازگشایی دور"),
    "online_invitation_title": ("Invitation to answer", "دعوت به پاسخ‌گویی"),
    "online_invitation_text": ("{name}, you are invited to answer the questionnaire of «{study}». Open the link, or "
                               "scan the code with your phone's camera; no account is needed, and your answers are "
                               "saved as you give them.",
                               "{name}، شما به پاسخ‌گویی به پرسش‌نامهٔ «{study}» دعوت شده‌اید. پیوند را باز کنید یا رمزینه را "
                               "با دوربین تلفن همراه بخوانید؛ به حساب نیازی نیست و پاسخ‌ها همان‌گاه ذخیره می‌شوند."),
    "online_print": ("Print", "چاپ"),
    "online_expert_code": ("Expert", "کارشناس"),
    "notes": ("Notes", "یادداشت‌ها"),
    # a live workshop (issue 12): the facilitator's control page, the projector, the participants' phones
    "workshop_title": ("Live workshop", "کارگاه زنده"),
    "workshop_section_intro": ("Participants vote on each comparison on their phones as you step through them; "
                               "their votes become the study's responses.",
                               "شرکت‌کنندگان با تلفن همراه دربارهٔ هر مقایسه، همان‌گاه که شما پیش می‌روید، رأی می‌دهند؛ "
                               "رأی‌ها پاسخ‌های مطالعه می‌شوند."),
    "workshop_start": ("Start a live session", "آغاز نشست زنده"),
    "workshop_sessions": ("Sessions", "نشست‌ها"),
    "workshop_session_on": ("Session of {when}", "نشست {when}"),
    "workshop_join_title": ("Join on your phone", "با تلفن همراه بپیوندید"),
    "workshop_code": ("Session code", "رمز نشست"),
    "workshop_join_at": ("Open", "نشانی"),
    "workshop_controls": ("Facilitator", "گرداننده"),
    "workshop_previous": ("Previous", "پیشین"),
    "workshop_next": ("Next comparison", "مقایسهٔ بعدی"),
    "workshop_close_voting": ("Close voting", "بستن رأی‌گیری"),
    "workshop_open_voting": ("Reopen voting", "بازگشایی رأی‌گیری"),
    "workshop_finish": ("Finish: votes become responses", "پایان: رأی‌ها پاسخ شوند"),
    "workshop_finish_hint": ("Each participant's votes become one response; the analysis starts by itself.",
                             "رأی‌های هر شرکت‌کننده یک پاسخ می‌شود و تحلیل خودبه‌خود آغاز می‌شود."),
    "workshop_open_projector": ("Open the projector view", "باز کردن نمای نمایشگر"),
    "workshop_projector": ("Projector", "نمایشگر"),
    "workshop_step": ("Comparison {k} of {n}", "مقایسهٔ {k} از {n}"),
    "workshop_voting_open": ("voting is open", "رأی‌گیری باز است"),
    "workshop_voting_closed": ("voting is closed", "رأی‌گیری بسته است"),
    "workshop_finished_state": ("The session is finished.", "نشست پایان یافته است."),
    "workshop_finished_thanks": ("The session is finished. Thank you for voting.",
                                 "نشست پایان یافت. از رأی شما سپاسگزاریم."),
    "workshop_voted": ("{k} of {n} have voted", "{k} از {n} نفر رأی داده‌اند"),
    "workshop_spread": ("How the votes are spread over the scale", "پراکندگی رأی‌ها روی مقیاس"),
    "workshop_group_mean": ("Group's geometric mean", "میانگین هندسی گروه"),
    "workshop_no_votes_yet": ("no vote yet", "هنوز رأیی نیست"),
    "workshop_mean_toward": ("{n} toward «{item}»", "{n} به سوی «{item}»"),
    "workshop_mean_equal": ("{value} — equal", "{value} — برابر"),
    "workshop_mean_rating": ("mean rating {value}", "میانگین امتیاز {value}"),
    "workshop_no_votes": ("Nobody voted: no response was made.", "کسی رأی نداد؛ پاسخی ساخته نشد."),
    "workshop_finished": ("The session is finished: {accepted} responses accepted, {refused} refused.",
                          "نشست پایان یافت: {accepted} پاسخ پذیرفته و {refused} پاسخ پذیرفته نشد."),
    "workshop_no_analysis": ("No response was accepted, so no analysis was started.",
                             "هیچ پاسخی پذیرفته نشد، پس تحلیلی آغاز نشد."),
    "workshop_analysis_running": ("The analysis of the votes is running…", "تحلیل رأی‌ها در جریان است…"),
    "workshop_analysis_failed": ("The analysis of the votes failed: see the study page.",
                                 "تحلیل رأی‌ها ناموفق بود؛ صفحهٔ مطالعه را ببینید."),
    "workshop_results_ready": ("The group's result", "نتیجهٔ گروه"),
    "workshop_open_results": ("Open the full results", "باز کردن همهٔ نتایج"),
    "workshop_unknown_code": ("No live session has this code: check it on the screen and type it again.",
                              "نشست زنده‌ای با این رمز نیست؛ آن را روی پرده ببینید و دوباره بنویسید."),
    "workshop_enter_code": ("The code on the screen", "رمز روی پرده"),
    "workshop_join": ("Join", "پیوستن"),
    "workshop_your_name": ("Your name", "نام شما"),
    "workshop_name_needed": ("Write your name to join.", "برای پیوستن نام خود را بنویسید."),
    "workshop_you_are": ("you are", "شما:"),
    "workshop_join_first": ("Join the session first.", "نخست به نشست بپیوندید."),
    "workshop_moved_on": ("The facilitator has moved on to another comparison.",
                          "گرداننده به مقایسهٔ دیگری رفته است."),
    "workshop_vote_saved": ("vote counted", "رأی شمرده شد"),
    "workshop_vote_button": ("Vote", "رأی"),
    "whatif_title": ("What if the weights were different?", "اگر وزن‌ها دیگرگونه بودند؟"),
    "whatif_intro": ("Move a group's weight (the others keep their proportions) or pick a factor and move its "
                     "weight: the ranking is recomputed exactly from this run. Red marks on a track: where the "
                     "leading strategy changes.",
                     "وزن یک گروه را جابه‌جا کنید (دیگران به همان نسبت می‌مانند) یا عاملی را برگزینید و وزنش را "
                     "تغییر دهید: رتبه‌بندی دقیقاً از همین اجرا دوباره حساب می‌شود. نشانه‌های سرخ روی هر نوار: "
                     "جایی که راهبرد نخست عوض می‌شود."),
    "whatif_factor": ("One factor's weight", "وزن یک عامل"),
    "whatif_reset": ("Back to the analysis' weights", "بازگشت به وزن‌های تحلیل"),
    "whatif_top": ("Leading strategy", "راهبرد نخست"),
    "whatif_marks": ("Grey mark: the analysis' weight.", "نشانهٔ خاکستری: وزن تحلیل."),
    "workshop_nothing_to_vote": ("This study's model asks nothing to vote on.",
                                 "مدل این مطالعه پرسشی برای رأی‌گیری ندارد."),
}

def stored_message(text: str, lang: str) -> str:
    """A stored message in ``lang``: a :func:`message_ref` worded from the catalogue (whole numbers in the
    language's digits); any other text as it was stored."""
    if not (text or "").startswith(MESSAGE_REF):
        return text or ""
    try:
        data = json.loads(text[len(MESSAGE_REF):])
        values = {k: integer(v, lang) if isinstance(v, int) and not isinstance(v, bool)
                  else number(v, lang) if isinstance(v, float) else v
                  for k, v in (data.get("values") or {}).items()}
        key = data["key"]
        if key == "job_error":  # a failed job: its known error from the catalogue, else the generic sentence
            key = f"error_{values.get('error')}" if f"error_{values.get('error')}" in MESSAGES else "job_error_unexpected"
        return translator(lang)(key, **values)
    except (ValueError, KeyError, TypeError, AttributeError):
        return text


def stored_detail(text: str) -> str:
    """The technical account of a failed job's stored message (its exception's text), "" for any other message."""
    if not (text or "").startswith(MESSAGE_REF):
        return ""
    try:
        data = json.loads(text[len(MESSAGE_REF):])
        return str(data["values"]["detail"]) if data.get("key") == "job_error" else ""
    except (ValueError, KeyError, TypeError, AttributeError):
        return ""


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


#: the planners' clock: a Persian page gives times in Iran's time zone, an English one in UTC (as stored)
_IRAN = "Asia/Tehran"


def moment(when, lang: str, seconds: bool = False) -> str:
    """A stored (UTC) time for a list: the Jalali date and Tehran time in Persian digits in fa
    (``۱۲ آذر ۱۴۰۵، ۱۸:۱۹``), ``2026-12-02 14:49`` in en."""
    if when is None:
        return ""
    clock = "%H:%M:%S" if seconds else "%H:%M"
    if lang != "fa":
        return when.strftime(f"%Y-%m-%d {clock}")
    from datetime import timezone
    from zoneinfo import ZoneInfo

    from reports.formatting import jalali_date, to_persian_digits

    local = (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).astimezone(ZoneInfo(_IRAN))
    return f"{jalali_date(local.date(), 'fa')}، {to_persian_digits(local.strftime(clock))}"


def direction(lang: str) -> str:
    return "rtl" if lang == "fa" else "ltr"
