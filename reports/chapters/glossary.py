"""The glossary appendix: every technical term the report uses, in plain words.

One entry per term, both languages; ``network`` entries (ANP) are shown only
for SWOT-ANP results.  The web pages can show the same explanations on hover
by reading :data:`GLOSSARY`.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.results import Results

from ..strings import text_for
from .base import Chapter, Settings

__all__ = ["CHAPTER", "GLOSSARY", "Term", "build"]


@dataclass(frozen=True, slots=True)
class Term:
    term_en: str
    term_fa: str
    meaning_en: str
    meaning_fa: str
    network: bool = False  # only for SWOT-ANP results
    robustness: bool = False  # only when the analysis ran the robustness check
    position: bool = False  # only when the results carry the IFE / EFE (current-position ratings)


GLOSSARY: tuple[Term, ...] = (
    Term("SWOT", "سوات (قوت، ضعف، فرصت، تهدید)",
         "Strengths and weaknesses (inside the city's organisation) and opportunities and threats (outside it).",
         "قوت‌ها و ضعف‌ها (درون سازمان شهر) و فرصت‌ها و تهدیدها (بیرون از آن)."),
    Term("AHP (analytic hierarchy process)", "فرایند تحلیل سلسله‌مراتبی",
         "A way to turn many pairwise judgments (\"how much more important is A than B?\") into weights.",
         "روشی برای تبدیل داوری‌های دوبه‌دو («الف چند برابر ب مهم‌تر است؟») به وزن."),
    Term("ANP (analytic network process)", "فرایند تحلیل شبکه‌ای",
         "AHP with influence among the SWOT groups taken into account (e.g. sanctions weaken the value of memberships).",
         "همان تحلیل سلسله‌مراتبی با در نظر گرفتن اثر گروه‌های سوات بر یکدیگر (مثلاً تحریم از ارزش عضویت‌ها می‌کاهد).", network=True),
    Term("Pairwise comparison, Saaty scale", "مقایسهٔ زوجی، مقیاس ساعتی",
         "Two items compared at a time on a 1–9 scale: 1 equal, 3 moderately, 5 strongly, 7 very strongly, 9 extremely more important.",
         "هر بار دو مورد روی مقیاس ۱ تا ۹ مقایسه می‌شوند: ۱ برابر، ۳ کمی، ۵ بسیار، ۷ خیلی بسیار و ۹ بی‌نهایت مهم‌تر."),
    Term("Eigenvector method", "روش بردار ویژه",
         "The standard AHP calculation of weights from a table of pairwise judgments; it uses every judgment, direct and indirect.",
         "محاسبهٔ معمول وزن‌ها در تحلیل سلسله‌مراتبی از جدول مقایسه‌های زوجی؛ همهٔ داوری‌های مستقیم و غیرمستقیم را به کار می‌گیرد."),
    Term("Geometric mean", "میانگین هندسی",
         "The average of numbers by multiplying them and taking the root; used to combine ratios fairly.",
         "میانگینی که از ضرب اعداد و گرفتن ریشه به دست می‌آید؛ برای ترکیب نسبت‌ها منصفانه است."),
    Term("Local and global weight", "وزن محلی و کلی",
         "Local: a factor's share within its SWOT group. Global: local weight × the group's weight, a share of the whole.",
         "محلی: سهم هر عامل درون گروه خود. کلی: وزن محلی × وزن گروه، یعنی سهم از کل."),
    Term("CR (consistency ratio)", "نسبت ناسازگاری",
         "How far an expert's judgments contradict each other (A > B, B > C but C > A); above 0.10 they should be revisited.",
         "میزان تناقض داوری‌های یک خبره با یکدیگر (الف > ب و ب > ج ولی ج > الف)؛ بالای ۰٫۱۰ باید بازبینی شوند. "
         "برابر است با شاخص ناسازگاری ماتریس داوری‌ها تقسیم بر شاخص تصادفی، یعنی میانگین همان شاخص برای ماتریس‌های تصادفی هم‌اندازه."),
    Term("GCI (geometric consistency index)", "شاخص ناسازگاری هندسی",
         "Another measure of the same contradictions, suited to the geometric-mean method (Aguarón & Moreno-Jiménez 2003).",
         "سنجهٔ دیگری برای همین تناقض‌ها که با روش میانگین هندسی سازگار است (آگوارون و مورنو-خیمنس ۲۰۰۳)."),
    Term("AIJ, AIP", "تجمیع داوری‌های فردی، تجمیع اولویت‌های فردی",
         "Two ways to combine the panel: AIJ averages the judgments themselves, AIP averages each expert's resulting weights.",
         "دو راه ترکیب داوری خبرگان: تجمیع داوری‌های فردی خود داوری‌ها را میانگین (هندسی) می‌گیرد و تجمیع اولویت‌های فردی وزن‌های به‌دست‌آمدهٔ هر خبره را."),
    Term("S* (consensus)", "شاخص اتفاق نظر",
         "How much the experts agree on the weights, from 0 (not at all) to 1 (fully) (Goepel 2013).",
         "میزان توافق خبرگان بر وزن‌ها، از ۰ (هیچ) تا ۱ (کامل) (گوپل ۲۰۱۳)."),
    Term("Kendall's W", "ضریب هماهنگی کندال",
         "How similarly the experts rank the items, from 0 (no agreement) to 1 (the same order).",
         "میزان شباهت رتبه‌بندی خبرگان، از ۰ (بدون توافق) تا ۱ (ترتیب یکسان)."),
    Term("Rank correlation (r_w, Kendall's τ)", "همبستگی رتبه‌ای (اسپیرمن وزنی و تاو کندال)",
         "How close two rankings of the same strategies are: 1 identical, 0 unrelated, −1 reversed; the weighted Spearman r_w counts the top places most.",
         "میزان نزدیکی دو رتبه‌بندی از راهبردها: ۱ یکسان، ۰ بی‌ارتباط، −۱ وارونه؛ اسپیرمن وزنی جابه‌جایی رتبه‌های بالا را مهم‌تر می‌شمارد.", robustness=True),
    Term("Monte Carlo simulation", "شبیه‌سازی مونت‌کارلو",
         "Repeating the whole calculation thousands of times with the judgments slightly changed at random, to see how often each strategy still comes first.",
         "تکرار چندهزارباره کل محاسبه با تغییرهای تصادفی کوچک در داوری‌ها، تا دیده شود هر راهبرد چند بار همچنان نخست می‌شود.", robustness=True),
    Term("Bootstrap", "بازنمونه‌گیری (بوت‌استرپ)",
         "Re-running the calculation with panels drawn at random from the same experts, to see how much the result depends on who was asked.",
         "تکرار محاسبه با هیئت‌هایی که به‌تصادف از همین خبرگان برگزیده می‌شوند، تا دیده شود نتیجه چقدر به افراد پاسخ‌دهنده وابسته است.", robustness=True),
    Term("Rank acceptability", "پذیرش رتبه",
         "The share of the Monte Carlo re-runs in which a strategy takes a given rank.",
         "سهم تکرارهای مونت‌کارلو که در آن‌ها یک راهبرد رتبهٔ معینی می‌گیرد.", robustness=True),
    Term("One-way sensitivity, crossing point", "تحلیل حساسیت یک‌متغیره، نقطهٔ تقاطع",
         "One weight is moved while the others keep their proportions; the crossing point is the weight at which another strategy overtakes.",
         "یک وزن تغییر می‌کند و بقیه به همان نسبت تنظیم می‌شوند؛ نقطهٔ تقاطع وزنی است که در آن راهبرد دیگری پیش می‌افتد.", robustness=True),
    Term("Other MCDA methods (TOPSIS, VIKOR, PROMETHEE …)", "روش‌های دیگر تصمیم‌گیری چندمعیاره (تاپسیس، ویکور، پرومته و …)",
         "Other ways of ranking the same strategies with the same weights; agreement among them makes the ranking more credible.",
         "راه‌های دیگر رتبه‌بندی همین راهبردها با همین وزن‌ها؛ همخوانی آن‌ها اعتبار رتبه‌بندی را بیشتر می‌کند.", robustness=True),
    Term("TOWS matrix", "ماتریس تاوز (ماتریس راهبردهای سوات)",
         "The strategies sorted by what they combine: SO uses strengths to take opportunities, WO overcomes weaknesses with opportunities, ST uses strengths against threats, WT reduces weaknesses and avoids threats.",
         "دسته‌بندی راهبردها بر پایهٔ آنچه ترکیب می‌کنند: قوت–فرصت (تهاجمی) قوت‌ها را برای بهره از فرصت‌ها به کار می‌گیرد، ضعف–فرصت (محافظه‌کارانه) ضعف‌ها را با فرصت‌ها رفع می‌کند، قوت–تهدید (رقابتی) قوت‌ها را در برابر تهدیدها و ضعف–تهدید (تدافعی) ضعف‌ها را می‌کاهد و از تهدیدها دوری می‌کند."),
    Term("QSPM (quantitative strategic planning matrix)", "ماتریس برنامه‌ریزی راهبردی کمّی",
         "A table of each strategy's attractiveness on each factor times the factor's weight, summed per strategy (David).",
         "جدول نمرهٔ جذابیت هر راهبرد در هر عامل ضرب در وزن عامل، که برای هر راهبرد جمع زده می‌شود (دیوید)."),
    Term("IFE and EFE matrices (internal and external factor evaluation)", "ماتریس‌های ارزیابی عوامل داخلی و خارجی",
         "Each factor's weight (renormalised to sum to 1 within the internal and within the external factors) times the panel's 1–4 rating of how well the city handles it or responds to it now; the sum, the total weighted score, runs from 1 to 4 with 2.5 as average (David, Strategic Management).",
         "وزن هر عامل (که در میان عوامل داخلی و در میان عوامل خارجی جداگانه به جمع ۱ رسانده شده) ضرب در امتیاز ۱ تا ۴ خبرگان به اینکه شهر اکنون تا چه اندازه از عهده آن برمی‌آید یا به آن پاسخ می‌دهد؛ جمع این حاصل‌ضرب‌ها، جمع امتیاز وزنی، از ۱ تا ۴ است و ۲٫۵ میانگین (دیوید، مدیریت راهبردی).", position=True),
    Term("IE matrix (internal–external)", "ماتریس داخلی–خارجی",
         "A 3×3 grid of the two totals: IFE strong (3.0–4.0), average (2.0–2.99) or weak (1.0–1.99) across, EFE high, medium or low down; cells I, II, IV say grow and build, III, V, VII hold and maintain, VI, VIII, IX harvest or divest (David).",
         "جدولی ۳ در ۳ از دو جمع امتیاز: عوامل داخلی قوی (۳ تا ۴)، متوسط (۲ تا ۲٫۹۹) یا ضعیف (۱ تا ۱٫۹۹) در عرض و عوامل خارجی زیاد، متوسط یا کم در طول؛ خانه‌های ۱، ۲ و ۴ رشد و توسعه، ۳، ۵ و ۷ حفظ و نگهداری و ۶، ۸ و ۹ برداشت یا واگذاری را توصیه می‌کنند (دیوید).", position=True),
    Term("Strategic position", "موقعیت راهبردی",
         "Both totals against 2.5: aggressive (SO strategies) when both are at least 2.5, conservative (WO) when only the external total is, competitive (ST) when only the internal total is, defensive (WT) when neither is; the convention of Persian SWOT studies.",
         "هر دو جمع در برابر ۲٫۵: تهاجمی (راهبردهای قوت–فرصت) وقتی هر دو دست‌کم ۲٫۵ باشند، محافظه‌کارانه (ضعف–فرصت) وقتی تنها جمع عوامل خارجی چنین باشد، رقابتی (قوت–تهدید) وقتی تنها جمع عوامل داخلی چنین باشد و تدافعی (ضعف–تهدید) وقتی هیچ‌یک نباشد؛ قراردادی رایج در مطالعات سوات فارسی.", position=True),
)


def build(results: Results, lang: str, settings: Settings) -> dict:
    t = text_for(lang)
    rows = [
        {"term": term.term_fa if lang == "fa" else term.term_en, "meaning": term.meaning_fa if lang == "fa" else term.meaning_en}
        for term in GLOSSARY
        if (results.is_network or not term.network) and (results.robustness is not None or not term.robustness)
        and (results.position is not None or not term.position)
    ]
    return {"contents": [t["glossary"]], "note": t["glossary_note"], "rows": rows}


CHAPTER = Chapter("glossary", "report/glossary.html.j2", build)
