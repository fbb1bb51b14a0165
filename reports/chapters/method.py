"""The method: the steps of SWOT-AHP (or SWOT-ANP), Saaty's scale, the formulas,
every choice the analysis made (method, aggregation, RI table, …) and the references."""

from __future__ import annotations

import numpy as np

import mcda
from analysis.results import Results

from ..formatting import format_number, gregorian_date, jalali_date, localize_digits, software_label
from ..strings import text_for
from .base import Chapter, Settings
from .labels import item_label

__all__ = ["CHAPTER", "REFERENCES", "REFERENCES_FA", "build"]

REFERENCES = (
    "Saaty, T. L. (1980). The Analytic Hierarchy Process. New York: McGraw-Hill.",
    (
        "Kurttila, M., Pesonen, M., Kangas, J., & Kajanus, M. (2000). Utilizing the analytic hierarchy process (AHP) "
        "in SWOT analysis — a hybrid method and its application to a forest-certification case (A'WOT). "
        "Forest Policy and Economics, 1(1), 41–52."
    ),
    (
        "Yüksel, İ., & Dağdeviren, M. (2007). Using the analytic network process (ANP) in a SWOT analysis — "
        "a case study for a textile firm. Information Sciences, 177(16), 3364–3382."
    ),
    (
        "Aguarón, J., & Moreno-Jiménez, J. M. (2003). The geometric consistency index: approximated thresholds. "
        "European Journal of Operational Research, 147(1), 137–145."
    ),
    (
        "Alonso, J. A., & Lamata, M. T. (2006). Consistency in the analytic hierarchy process: a new approach. "
        "International Journal of Uncertainty, Fuzziness and Knowledge-Based Systems, 14(4), 445–459."
    ),
    (
        "Goepel, K. D. (2013). Implementing the analytic hierarchy process as a standard method for multi-criteria "
        "decision making in corporate enterprises — a new AHP Excel template with multiple inputs. "
        "Proceedings of the International Symposium on the Analytic Hierarchy Process (ISAHP 2013), Kuala Lumpur."
    ),
    (
        "Forman, E., & Peniwati, K. (1998). Aggregating individual judgments and priorities with the analytic "
        "hierarchy process. European Journal of Operational Research, 108(1), 165–169."
    ),
)

#: The same works for a Persian reader: authors as Persian papers write them, titles and journals in
#: Persian, numbers in Persian digits (a Persian page carries no Latin; the note says they are in English).
REFERENCES_FA = (
    "ساعتی، ت. ال. (۱۹۸۰). فرایند تحلیل سلسله‌مراتبی. نیویورک: مک‌گرو-هیل.",
    (
        "کورتیلا، م.، پسونن، م.، کانگاس، ی. و کایانوس، م. (۲۰۰۰). به‌کارگیری فرایند تحلیل سلسله‌مراتبی در تحلیل سوات: "
        "روشی ترکیبی و کاربرد آن در گواهی‌دهی جنگل. نشریهٔ سیاست و اقتصاد جنگل، دورهٔ ۱، شمارهٔ ۱، صفحه‌های ۴۱ تا ۵۲."
    ),
    (
        "یوکسل، ا. و داغ‌دویرن، م. (۲۰۰۷). به‌کارگیری فرایند تحلیل شبکه‌ای در تحلیل سوات: مطالعهٔ موردی یک کارخانهٔ "
        "نساجی. نشریهٔ علوم اطلاعات، دورهٔ ۱۷۷، شمارهٔ ۱۶، صفحه‌های ۳۳۶۴ تا ۳۳۸۲."
    ),
    (
        "آگوارون، خ. و مورنو-خیمنز، خ. م. (۲۰۰۳). شاخص ناسازگاری هندسی: آستانه‌های تقریبی. نشریهٔ اروپایی "
        "پژوهش عملیاتی، دورهٔ ۱۴۷، شمارهٔ ۱، صفحه‌های ۱۳۷ تا ۱۴۵."
    ),
    (
        "آلونسو، خ. آ. و لاماتا، م. ت. (۲۰۰۶). سازگاری در فرایند تحلیل سلسله‌مراتبی: رویکردی نو. نشریهٔ بین‌المللی "
        "عدم قطعیت، فازی بودن و سامانه‌های دانش‌بنیان، دورهٔ ۱۴، شمارهٔ ۴، صفحه‌های ۴۴۵ تا ۴۵۹."
    ),
    (
        "گوپل، ک. د. (۲۰۱۳). به‌کارگیری فرایند تحلیل سلسله‌مراتبی به‌عنوان روشی استاندارد برای تصمیم‌گیری چندمعیاره "
        "در سازمان‌ها: الگوی تازهٔ صفحه‌گسترده با ورودی‌های چندگانه. مجموعه‌مقالات همایش بین‌المللی فرایند تحلیل "
        "سلسله‌مراتبی، ۲۰۱۳، کوالالامپور."
    ),
    (
        "فورمن، ا. و پنیواتی، ک. (۱۹۹۸). تجمیع داوری‌ها و اولویت‌های فردی در فرایند تحلیل سلسله‌مراتبی. نشریهٔ "
        "اروپایی پژوهش عملیاتی، دورهٔ ۱۰۸، شمارهٔ ۱، صفحه‌های ۱۶۵ تا ۱۶۹."
    ),
)
_REFERENCE_POSITION_FA = ("دیوید، ف. ر. (۲۰۱۱). مدیریت راهبردی: مفاهیم و موردها (ویراست سیزدهم)، فصل‌های ۳، ۴ و ۶ "
                          "(ماتریس‌های ارزیابی عوامل خارجی و داخلی و ماتریس داخلی–خارجی). نیوجرسی: پرنتیس هال.")

# Saaty (1980), Table 1: the fundamental scale.
_SCALE = (
    ("1", "Equal importance", "اهمیت یکسان"),
    (3, "Moderate importance of one over another", "اهمیت اندک یکی بر دیگری"),
    (5, "Strong importance", "اهمیت قوی"),
    (7, "Very strong importance", "اهمیت بسیار قوی"),
    (9, "Extreme importance", "اهمیت مطلق"),
    ("2, 4, 6, 8", "Intermediate values between adjacent judgments", "مقادیر میانی بین دو قضاوت مجاور"),
    ("1/2 … 1/9", "Reciprocals: a_ji = 1 / a_ij", "معکوس‌ها: اگر الف نسبت به ب ۳ بگیرد، ب نسبت به الف ۱/۳ می‌گیرد"),
)

# (formula, English explanation, Persian explanation, the formula in Persian words: a Persian page has no Latin symbols)
_FORMULAS = (
    ("CI = (λmax − n) / (n − 1),  CR = CI / RI(n)", "Consistency index and ratio; RI is the random index.",
     ("شاخص ناسازگاری و نسبت ناسازگاری؛ ن شمار اجزای ماتریس، λ بیشینه بزرگ‌ترین مقدار ویژهٔ آن و شاخص تصادفی میانگین "
      "شاخص ناسازگاری ماتریس‌های تصادفی هم‌اندازه است."),
     "شاخص ناسازگاری = (λ بیشینه − ن) ÷ (ن − ۱)؛ نسبت ناسازگاری = شاخص ناسازگاری ÷ شاخص تصادفی"),
    ("GCI = 2 / ((n − 1)(n − 2)) · Σi<j ln²(aᵢⱼ wⱼ / wᵢ)",
     "Geometric consistency index; thresholds 0.31 (n = 3), 0.35 (n = 4), 0.37 (n > 4) (Aguarón & Moreno-Jiménez 2003).",
     ("شاخص ناسازگاری هندسی؛ خطای هر داوری = داوری × وزن دوم ÷ وزن اول؛ آستانه‌ها ۰٫۳۱ برای ماتریس سه‌درسه، ۰٫۳۵ برای "
      "چهاردرچهار و ۰٫۳۷ برای بزرگ‌تر (آگوارون و مورنو-خیمنز ۲۰۰۳)."),
     "شاخص ناسازگاری هندسی = ۲ ÷ ((ن − ۱)(ن − ۲)) × جمع مربع لگاریتم طبیعی خطای داوری‌ها"),
    ("aᵢⱼᴳ = Πₖ (aᵢⱼ⁽ᵏ⁾)^λₖ", "AIJ: weighted geometric mean of the experts' judgments (λₖ: expert weights).",
     "تجمیع داوری‌های فردی: میانگین هندسی وزنی داوری‌های خبرگان (λ: وزن هر خبره).",
     "داوری گروه = حاصل‌ضرب داوری‌های خبرگان، هر یک به توان وزن خبره"),
    ("wᴳ = Σₖ λₖ w⁽ᵏ⁾", "AIP: weighted arithmetic mean of the experts' priorities.",
     "تجمیع اولویت‌های فردی: میانگین حسابی وزنی اولویت‌های خبرگان.",
     "وزن گروهی = جمع وزن هر خبره × اولویت‌های همان خبره"),
    ("g_f = w_group(f) · l_f", "Global factor weight = group weight × local factor weight (Kurttila et al. 2000).",
     "وزن کلی هر عامل از وزن گروه آن و وزن محلی‌اش درون گروه (کورتیلا و همکاران ۲۰۰۰).",
     "وزن کلی عامل = وزن گروه × وزن محلی عامل"),
    ("s_a = Σ_f g_f · x_af", "Strategy score: global factor weights times the strategy's local scores.",
     "امتیاز راهبرد: وزن کلی عوامل ضرب در امتیاز محلی راهبرد.",
     "امتیاز راهبرد = جمع (وزن کلی عامل × امتیاز محلی راهبرد در آن عامل)"),
)
#: the priority methods' formulas and sources in Persian words (the registry's are in Latin symbols)
_METHOD_FORMULA_FA = {
    "eigen": ("ماتریس داوری‌ها × بردار وزن = λ بیشینه × بردار وزن؛ جمع وزن‌ها = ۱", "ساعتی ۱۹۸۰"),
    "geometric": ("وزن هر جزء ∝ ریشهٔ ن‌ام حاصل‌ضرب داوری‌های سطر آن", "کرافورد و ویلیامز ۱۹۸۵"),
}

_STEPS = {
    "en": (
        "Each expert compares the SWOT groups with respect to the goal and the factors within each group on Saaty's 1–9 scale.",
        "Each expert's priorities and consistency (CR, GCI) are computed for every comparison set.",
        "The experts' judgments are aggregated into one group judgment per set, and group priorities derived from it.",
        "Global factor weights = group weight × local factor weight (A'WOT).",
        "Strategies are evaluated against every factor; their scores are the weighted sum over factors, and they are ranked.",
    ),
    "fa": (
        "هر خبره گروه‌های سوات را نسبت به هدف، و عوامل درون هر گروه را با مقیاس ۱ تا ۹ ساعتی مقایسه می‌کند.",
        "اولویت‌ها و سازگاری (نسبت ناسازگاری و شاخص ناسازگاری هندسی) هر خبره برای هر مجموعهٔ مقایسه محاسبه می‌شود.",
        "قضاوت‌های خبرگان در هر مجموعه به یک قضاوت گروهی تجمیع و اولویت‌های گروهی از آن استخراج می‌شود.",
        "وزن کلی عوامل = وزن گروه × وزن محلی عامل (روش کورتیلا و همکاران ۲۰۰۰).",
        "راهبردها نسبت به هر عامل ارزیابی می‌شوند؛ امتیاز هر راهبرد مجموع وزنی بر روی عوامل است و رتبه‌بندی می‌شوند.",
    ),
}
# Kurttila et al. (2000), A'WOT step 3: the groups are compared through their most important factors.
_STEP_KURTTILA = {
    "en": ("Each expert compares the factors within each group on Saaty's 1–9 scale, then compares the groups, "
           "each represented by its most important factor (the one of highest local priority; Kurttila et al. 2000)."),
    "fa": ("هر خبره عوامل درون هر گروه را با مقیاس ۱ تا ۹ ساعتی مقایسه می‌کند و سپس گروه‌ها را مقایسه می‌کند، "
           "هر گروه با نمایندگی مهم‌ترین عاملش (عاملی که بیشترین اولویت محلی را دارد؛ کورتیلا و همکاران ۲۰۰۰)."),
}
_STEP_KURTTILA_SCALING = {
    "en": "The priorities of the representatives are the groups' scaling factors: global factor weight = scaling factor × local factor weight (A'WOT).",
    "fa": "اولویت نماینده‌ها ضریب مقیاس گروه‌هاست: وزن کلی عامل = ضریب مقیاس گروه × وزن محلی عامل.",
}
_STEP_ANP = {
    "en": "Inner dependence among the groups (SWOT-ANP): group weights are multiplied by the inner dependence matrix (Yüksel & Dağdeviren 2007).",
    "fa": "وابستگی درونی میان گروه‌ها (سوات با فرایند تحلیل شبکه‌ای): وزن گروه‌ها در ماتریس وابستگی درونی ضرب می‌شود (یوکسل و داغ‌دویرن ۲۰۰۷).",
}

# IFE / EFE, the IE matrix and the strategic position (reports/chapters/position.py), when the panel rated them
_STEP_POSITION = {
    "en": "Each expert also rates every factor 1–4 for the city's current position; the panel's mean rating times the "
          "factor's global weight renormalised within the internal (S, W) or external (O, T) factors gives the IFE and "
          "EFE totals (1–4, 2.5 average). IE matrix cuts 2.0 and 3.0 on both totals (cells I–IX); strategic position: "
          "both totals against 2.5 (aggressive SO, conservative WO, competitive ST, defensive WT) (David 2011).",
    "fa": "هر خبره وضع کنونی شهر را در هر عامل هم از ۱ تا ۴ امتیاز می‌دهد؛ میانگین امتیاز خبرگان ضرب در وزن کلی عامل که "
          "در میان عوامل داخلی (قوت و ضعف) یا خارجی (فرصت و تهدید) به جمع ۱ رسانده شده، جمع امتیاز وزنی عوامل داخلی و "
          "خارجی را می‌دهد (از ۱ تا ۴، میانگین ۲٫۵). مرزهای ماتریس داخلی–خارجی ۲ و ۳ در هر دو جمع است (خانه‌های ۱ تا ۹) و "
          "موقعیت راهبردی از مقایسهٔ هر دو جمع با ۲٫۵ به دست می‌آید: تهاجمی، محافظه‌کارانه، رقابتی یا تدافعی (دیوید ۲۰۱۱).",
}
_FORMULA_POSITION = (
    "IFE = Σ_{f∈S∪W} (g_f / Σ g) · r̄_f,  EFE = Σ_{f∈O∪T} (g_f / Σ g) · r̄_f",
    "Total weighted scores: weights renormalised within each side, r̄_f the panel's weighted arithmetic mean rating 1–4.",
    "جمع امتیاز وزنی: وزن‌ها درون هر بخش به جمع ۱ رسانده می‌شوند و امتیاز هر عامل میانگین حسابی وزنی امتیاز ۱ تا ۴ خبرگان است.",
    "جمع امتیاز وزنی عوامل داخلی (یا خارجی) = جمع (وزن عامل ÷ جمع وزن‌های همان بخش) × میانگین امتیاز عامل",
)
_REFERENCE_POSITION = ("David, F. R. (2011). Strategic Management: Concepts and Cases (13th ed.), ch. 3, 4 and 6 "
                       "(EFE, IFE and IE matrices). Upper Saddle River, NJ: Prentice Hall.")


def _representatives(results: Results, lang: str, group_weighting: str) -> list[tuple[str, str]]:
    """Under Kurttila's weighting, the factor that stands for each group (the panel's highest local priority)."""
    if group_weighting != "kurttila":
        return []
    groups = [results.group_ids.index(f["group"]) for f in results.model["factors"]]
    chosen = mcda.representative_factors(results.local_factor_weights, groups)
    sep = "؛ " if lang == "fa" else "; "
    return [(text_for(lang)["opt_representatives"],
             sep.join(f"{item_label(results, g, lang)}: {item_label(results, results.factor_ids[int(k)], lang)}"
                      for g, k in zip(results.group_ids, chosen)))]


def _method_formula(name: str, lang: str) -> tuple[str, str]:
    """The chosen priority method's formula and explanation, as its registry entry gives them."""
    option = mcda.PRIORITY_METHODS.get(name)
    if option is None:
        return ("", localize_digits(str(name), lang))
    if lang == "fa":
        formula, source = _METHOD_FORMULA_FA.get(name, ("", ""))
        return (formula, f"اولویت‌ها: {option.description(lang)} ({source})" if source else f"اولویت‌ها: {option.description(lang)}")
    heading = "Priorities"
    return (option.formula, f"{heading}: {option.description(lang)} ({option.reference})" if option.reference
            else f"{heading}: {option.description(lang)}")


def computed_at(created: str, lang: str) -> str:
    """When the results were computed: a Jalali date and Tehran time in Persian, a UTC date and time in English."""
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo

    try:
        when = datetime.fromisoformat(created)
    except (TypeError, ValueError):
        return localize_digits(str(created), lang)
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    if lang == "fa":
        local = when.astimezone(ZoneInfo("Asia/Tehran"))
        return f"{jalali_date(local, 'fa')}، ساعت {localize_digits(local.strftime('%H:%M'), 'fa')} به وقت تهران"
    utc = when.astimezone(timezone.utc)
    return f"{gregorian_date(utc, 'en')}, {utc.strftime('%H:%M')} UTC"


def _model_version(results: Results, lang: str) -> str:
    """The model's id, version and hash; in Persian its title and version (an id and a hex hash are Latin)."""
    if lang != "fa":
        return f"{results.model_id} {results.model_version} · {results.model_hash}"
    version = f"نسخهٔ {localize_digits(str(results.model_version), lang)}"
    title = results.model.get("title_fa") or ""
    return f"{title}، {version}" if title else version


def build(results: Results, lang: str, settings: Settings) -> dict:
    t = text_for(lang)
    opts = results.options
    weights = [e.weight for e in results.experts]
    equal = np.allclose(weights, weights[0]) if weights else True
    def chosen(field: str) -> str:
        option = mcda.OPTION_REGISTRIES[field].get(opts.get(field))
        if option is None:  # results saved by a version that offered a choice this one does not
            return localize_digits(str(opts.get(field, "")), lang)
        return f"{option.label(lang)} — {option.description(lang)}" if option.description(lang) else option.label(lang)

    # results saved before the group weighting was a choice compared the groups directly
    opts = {**opts, "group_weighting": opts.get("group_weighting") or "direct"}
    choices = [
        (mcda.GROUP_WEIGHTINGS.title(lang), chosen("group_weighting")),
        *_representatives(results, lang, opts["group_weighting"]),
        (mcda.PRIORITY_METHODS.title(lang), chosen("method")),
        (mcda.AGGREGATIONS.title(lang), chosen("aggregation")),
        (mcda.RI_TABLES.title(lang), chosen("ri_table")),
        (t["opt_threshold"], format_number(opts["cr_threshold"], lang, 2)),
        (t["opt_exclude"], t["yes"] if opts["exclude_inconsistent"] else t["no"]),
        (mcda.SYNTHESIS_MODES.title(lang), chosen("synthesis")),
        # named only when asked for, so a crisp-only report reads as before
        *([(mcda.FUZZY_METHODS.title(lang), chosen("fuzzy"))] if opts.get("fuzzy", "none") != "none" else []),
        (t["opt_expert_weights"], t["opt_expert_weights_equal"] if equal else t["opt_expert_weights_given"]),
        (t["opt_model_hash"], _model_version(results, lang)),
        (t["opt_software"], software_label(results.software_version, lang)),
        (t["opt_created"], computed_at(results.created, lang)),
    ]
    steps = list(_STEPS[lang])
    if opts["group_weighting"] == "kurttila":
        steps[0], steps[3] = _STEP_KURTTILA[lang], _STEP_KURTTILA_SCALING[lang]
    if results.inner_dependence is not None:
        steps.insert(3, _STEP_ANP[lang])
    if results.network is not None:
        steps.insert(4 if results.inner_dependence is not None else 3, t["method_step_network"])
    formulas = [(formula_fa, fa) if lang == "fa" else (f, en) for f, en, fa, formula_fa in _FORMULAS]
    references = REFERENCES_FA if lang == "fa" else REFERENCES
    if results.network is not None:
        references = (*references, t["reference_network"])
    if results.position is not None:
        steps.append(_STEP_POSITION[lang])
        formula, en, fa, formula_fa = _FORMULA_POSITION
        formulas.append((formula_fa, fa) if lang == "fa" else (formula, en))
        references = (*references, _REFERENCE_POSITION_FA if lang == "fa" else _REFERENCE_POSITION)
    return {
        "contents": [t["method"]],
        "steps": steps,
        "scale": [(localize_digits(str(v), lang), fa if lang == "fa" else en) for v, en, fa in _SCALE],
        "formulas": [_method_formula(opts["method"], lang)] + formulas,
        "choices": choices,
        "references": references,
    }


CHAPTER = Chapter("method", "report/method.html.j2", build)
