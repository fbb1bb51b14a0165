"""One registry per analysis choice: priority method, aggregation, random-index table, completion, synthesis mode,
group weighting, fuzzy analysis.

Every part of rahbord that offers or reads one of these choices — the
analysis options, scenario files, the web app's forms, the report's method
page and its change lines — reads the registry, so a choice is named, labelled
(in English and Persian) and explained in one place, and adding one is a
registry entry, not an edit in eleven files (as pymcdm keeps one small class
per method).

>>> import mcda
>>> mcda.PRIORITY_METHODS.names
('eigen', 'geometric')
>>> mcda.PRIORITY_METHODS["geometric"].label("fa")
'میانگین هندسی سطرها'
>>> mcda.AGGREGATIONS.check("AIP", field="aggregation")
Traceback (most recent call last):
...
mcda.options.UnknownOptionError: `aggregation` must be one of aij, aip (got 'AIP')

A priority method outside the built-in two brings its own ``weights``
function (a stack ``(N, n, n)`` with NaN for unanswered pairs → ``(N, n)``
weights summing to 1); λmax, CI and CR stay those of the matrix itself, as
for the geometric mean (Saaty's CR does not depend on how the weights are
derived).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from .errors import ArgumentError, ArgumentTypeError
from .fuzzy import NOT_OFFERED as FUZZY_NOT_OFFERED
from .random_index import RANDOM_INDEX_TABLES

__all__ = [
    "Option",
    "OptionRegistry",
    "UnknownOptionError",
    "PRIORITY_METHODS",
    "AGGREGATIONS",
    "RI_TABLES",
    "COMPLETIONS",
    "SYNTHESIS_MODES",
    "GROUP_WEIGHTINGS",
    "FUZZY_METHODS",
    "OPTION_REGISTRIES",
]


class UnknownOptionError(ArgumentError):
    """A choice that its registry does not hold (the message lists the ones it does)."""


@dataclass(frozen=True, slots=True)
class Option:
    """One named choice, with what a report and a form need to show it.

    ``weights`` is set only for priority methods that are not built in:
    ``weights(stack) -> (N, n)`` on a validated stack (NaN = unanswered).
    """

    name: str
    label_en: str
    label_fa: str
    description_en: str = ""
    description_fa: str = ""
    reference: str = ""
    formula: str = ""
    weights: Callable | None = None

    def label(self, lang: str) -> str:
        return self.label_fa if lang == "fa" else self.label_en

    def description(self, lang: str) -> str:
        return self.description_fa if lang == "fa" else self.description_en


class OptionRegistry(Mapping[str, Option]):
    """An ordered, named set of :class:`Option` s for one field of the analysis options.

    It is a read-only mapping ``name → Option``; :meth:`register` and
    :meth:`unregister` are the only ways to change it.  ``not_offered`` maps
    names deliberately left out to the reason, which :meth:`check` gives to
    whoever asks for one of them.
    """

    def __init__(self, field: str, title_en: str, title_fa: str, options: tuple[Option, ...],
                 not_offered: Mapping[str, str] | None = None):
        self.field = field
        self.title_en = title_en
        self.title_fa = title_fa
        self.not_offered: Mapping[str, str] = dict(not_offered or {})
        self._options: dict[str, Option] = {}
        for option in options:
            self.register(option)

    def __getitem__(self, name: str) -> Option:
        return self._options[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._options)

    def __len__(self) -> int:
        return len(self._options)

    def __repr__(self) -> str:
        return f"OptionRegistry({self.field!r}: {', '.join(self._options)})"

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._options)

    def title(self, lang: str) -> str:
        return self.title_fa if lang == "fa" else self.title_en

    def register(self, option: Option) -> Option:
        """Add ``option``; a name already taken is an error (unregister it first)."""
        if not isinstance(option, Option):
            raise ArgumentTypeError(f"register() takes an mcda.Option (got {type(option).__name__})")
        if option.name in self._options:
            raise UnknownOptionError(f"`{self.field}` already has a choice named {option.name!r}")
        self._options[option.name] = option
        return option

    def unregister(self, name: str) -> Option:
        self.check(name)
        return self._options.pop(name)

    def check(self, value, field: str | None = None) -> str:
        """``value`` if it names a choice, else :class:`UnknownOptionError` listing the choices."""
        if isinstance(value, str) and value in self._options:
            return value
        why = f": {self.not_offered[value]}" if isinstance(value, str) and value in self.not_offered else ""
        raise UnknownOptionError(
            f"`{field or self.field}` must be one of {', '.join(self._options)} (got {value!r}){why}"
        )

    def label(self, name: str, lang: str) -> str:
        return self._options[name].label(lang) if name in self._options else str(name)


PRIORITY_METHODS = OptionRegistry(
    "method",
    "Priority method",
    "روش محاسبهٔ اولویت‌ها",
    (
        Option(
            "eigen",
            "principal right eigenvector",
            "بردار ویژهٔ راست اصلی",
            "The weights are the principal right eigenvector of the judgment matrix, normalised to sum 1; "
            "an incomplete matrix is completed first.",
            "وزن‌ها بردار ویژهٔ راست اصلی ماتریس داوری‌ها هستند که جمعشان یک شده است؛ ماتریس ناقص پیش از آن کامل می‌شود.",
            "Saaty (1980), The Analytic Hierarchy Process",
            "A w = λmax w,  Σ wᵢ = 1",
        ),
        Option(
            "geometric",
            "row geometric mean",
            "میانگین هندسی سطرها",
            "The weights are the geometric means of the rows, normalised to sum 1 (logarithmic least squares "
            "over the answered pairs when some are missing).",
            "وزن‌ها میانگین هندسی هر سطر هستند که جمعشان یک شده است (کمترین مربعات لگاریتمی روی جفت‌های پاسخ‌داده‌شده، اگر برخی پاسخ نگرفته باشند).",
            "Crawford & Williams (1985), J. Math. Psychology 29(4)",
            "wᵢ ∝ (Πⱼ aᵢⱼ)^(1/n)",
        ),
    ),
)

AGGREGATIONS = OptionRegistry(
    "aggregation",
    "Aggregation of the experts",
    "تجمیع نظر خبرگان",
    (
        Option(
            "aij",
            "aggregation of individual judgments (AIJ)",
            "تجمیع داوری‌های فردی",
            "Each judgment of the group is the weighted geometric mean of the experts' judgments; "
            "the group's weights are derived from that matrix.",
            "هر داوری گروه میانگین هندسی وزنی داوری‌های خبرگان است و وزن‌های گروه از همان ماتریس به دست می‌آید.",
            "Forman & Peniwati (1998), EJOR 108(1)",
            "aᵢⱼ = Πₖ aᵢⱼ⁽ᵏ⁾^λₖ",
        ),
        Option(
            "aip",
            "aggregation of individual priorities (AIP)",
            "تجمیع اولویت‌های فردی",
            "Each expert's weights are derived first; the group's weights are their weighted arithmetic mean.",
            "نخست وزن‌های هر خبره به دست می‌آید و وزن‌های گروه میانگین حسابی وزنی آن‌هاست.",
            "Forman & Peniwati (1998), EJOR 108(1)",
            "wᵢ = Σₖ λₖ wᵢ⁽ᵏ⁾",
        ),
    ),
)

# The tables themselves (values and sources) live in mcda.random_index; this registry offers them.
RI_TABLES = OptionRegistry(
    "ri_table",
    "Random index table",
    "جدول شاخص تصادفی",
    tuple(
        Option(table.name, table.label_en, table.label_fa, reference=table.source)
        for table in RANDOM_INDEX_TABLES.values()
    ),
)

COMPLETIONS = OptionRegistry(
    "completion",
    "Completion of unanswered comparisons",
    "تکمیل مقایسه‌های بی‌پاسخ",
    (
        Option(
            "lambda-max",
            "λmax-optimal completion",
            "تکمیل با بیشترین سازگاری",
            "Unanswered pairs take the values that make the matrix as consistent as possible (the smallest λmax); "
            "the weights are its eigenvector.",
            "مقایسه‌های بی‌پاسخ مقادیری می‌گیرند که ماتریس را تا جای ممکن سازگار کند (کمترین مقدار ویژهٔ بیشینه)؛ وزن‌ها بردار ویژهٔ آن است.",
            "Bozóki, Fülöp & Rónyai (2010), Math. and Computer Modelling 52(1–2)",
        ),
        Option(
            "harker",
            "Harker's method",
            "روش هارکر",
            "Unanswered pairs are replaced by 0 and the diagonal by 1 plus the number of them in the row; "
            "the weights are that matrix's eigenvector.",
            "مقایسه‌های بی‌پاسخ صفر و قطر برابر یک به‌علاوهٔ شمار آن‌ها در سطر می‌شود؛ وزن‌ها بردار ویژهٔ آن ماتریس است.",
            "Harker (1987), Mathematical Modelling 9(3–5)",
        ),
        Option(
            "llsm",
            "logarithmic least squares",
            "کمترین مربعات لگاریتمی",
            "Unanswered pairs take the ratio of the weights that fit the answered pairs best in the least-squares "
            "sense on a log scale.",
            "مقایسه‌های بی‌پاسخ نسبت وزن‌هایی را می‌گیرند که در مقیاس لگاریتمی بهترین برازش کمترین مربعات را با پاسخ‌ها دارند.",
            "Kwiesielewicz (1996); Bozóki, Fülöp & Rónyai (2010)",
        ),
    ),
)

SYNTHESIS_MODES = OptionRegistry(
    "synthesis",
    "Synthesis of the strategies' scores",
    "ترکیب امتیاز راهبردها",
    (
        Option("auto", "by the model (raw ratings or distributive)", "بر پایهٔ مدل (رتبه‌های خام یا توزیعی)",
               "Raw rating intensities for a ratings model, distributive for a pairwise one.",
               "شدت رتبه‌ها به همان صورت برای مدل رتبه‌ای و حالت توزیعی برای مدل مقایسهٔ زوجی."),
        Option("distributive", "distributive", "توزیعی",
               "Each factor's strategy scores sum to 1.", "امتیاز راهبردها در هر عامل جمعاً یک می‌شود.",
               "Saaty (1980)"),
        Option("ideal", "ideal", "ایده‌آل",
               "Each factor's strategy scores are divided by their maximum.", "امتیاز راهبردها در هر عامل بر بیشینهٔ آن‌ها تقسیم می‌شود.",
               "Belton & Gear (1983); Saaty (1994)"),
        Option("raw", "raw ratings", "رتبه‌های خام",
               "The rating intensities as given (absolute measurement).", "شدت رتبه‌ها همان‌گونه که داده شده (سنجش مطلق).",
               "Saaty (1986), Management Science 32(7)"),
    ),
)

# The model says which question its experts answered about the groups; "auto" follows it (a scenario
# may override it).  The arithmetic is mcda.group_scaling for both (see mcda.GROUP_WEIGHTING_METHODS).
GROUP_WEIGHTINGS = OptionRegistry(
    "group_weighting",
    "Weighting of the SWOT groups",
    "وزن‌دهی گروه‌های سوات",
    (
        Option("auto", "as the model asks", "بر پایهٔ مدل",
               "The procedure the model's questionnaire asked for (direct unless the model names Kurttila's).",
               "همان روشی که پرسش‌نامهٔ مدل پرسیده است (مستقیم، مگر آنکه مدل روش کورتیلا را بخواهد)."),
        Option("direct", "groups compared directly", "مقایسهٔ مستقیم گروه‌ها",
               "The groups are compared pairwise with respect to the goal; their priorities scale the factors' "
               "local weights.",
               "گروه‌ها نسبت به هدف دوبه‌دو مقایسه می‌شوند و اولویت آن‌ها وزن محلی عامل‌ها را مقیاس می‌دهد.",
               "Saaty (1980), The Analytic Hierarchy Process",
               "g_f = w_group(f) · l_f"),
        Option("kurttila", "groups compared through their most important factors (A'WOT)",
               "مقایسهٔ گروه‌ها از راه مهم‌ترین عامل هر گروه",
               "Each group is represented by its factor of highest local priority; the representatives are "
               "compared pairwise and their priorities are the groups' scaling factors, which multiply the "
               "factors' local priorities.",
               "هر گروه را عاملِ دارای بیشترین اولویت محلی‌اش نمایندگی می‌کند؛ نماینده‌ها دوبه‌دو مقایسه می‌شوند "
               "و اولویت آن‌ها ضریب مقیاس گروه‌هاست که در اولویت محلی عامل‌ها ضرب می‌شود.",
               "Kurttila, Pesonen, Kangas & Kajanus (2000), Forest Policy and Economics 1(1) 41–52",
               "g_f = p_group(f) · l_f,  p = priorities of the representatives"),
    ),
)

# Fuzzy AHP is computed beside the crisp weights, on the same answers (mcda.fuzzy); "none" leaves it out.
# Chang's extent analysis is refused with its reason (mcda.fuzzy.NOT_OFFERED: Wang, Luo & Hua 2008).
FUZZY_METHODS = OptionRegistry(
    "fuzzy",
    "Fuzzy AHP beside the crisp result",
    "تحلیل سلسله‌مراتبی فازی در کنار نتیجهٔ قطعی",
    (
        Option("none", "none (crisp weights only)", "هیچ (فقط وزن‌های قطعی)",
               "Only the crisp weights are computed.", "فقط وزن‌های قطعی محاسبه می‌شود."),
        Option("buckley", "Buckley's fuzzy geometric mean, centroid", "میانگین هندسی فازی باکلی، مرکز ثقل",
               "Each judgment becomes a triangular fuzzy number (k → (k−1, k, k+1)); the fuzzy weights are the rows' "
               "fuzzy geometric means divided by their fuzzy sum, defuzzified by the centroid and normalised. "
               "Shown beside the crisp weights and ranking, never instead of them.",
               "هر داوری یک عدد فازی مثلثی می‌شود (هر درجه با یک درجه پایین‌تر و بالاتر)؛ وزن فازی هر سطر میانگین هندسی "
               "فازی آن تقسیم بر جمع فازی همهٔ سطرهاست که با مرکز ثقل قطعی و سپس نرمال می‌شود. این نتیجه در کنار وزن‌ها "
               "و رتبه‌بندی قطعی نشان داده می‌شود، نه به جای آن‌ها.",
               "Buckley (1985), Fuzzy Sets and Systems 17(3) 233–247",
               "wᵢ = rᵢ ⊗ (Σ r)⁻¹ = (lᵢ/Σu, mᵢ/Σm, uᵢ/Σl),  w = (l + m + u)/3"),
        Option("buckley-graded", "Buckley's fuzzy geometric mean, graded mean", "میانگین هندسی فازی باکلی، میانگین درجه‌بندی‌شده",
               "As Buckley's method with the centroid, but each fuzzy weight is defuzzified by the graded mean "
               "(l + 4m + u)/6, which leans towards the most likely value.",
               "همانند روش باکلی با مرکز ثقل، ولی هر وزن فازی با میانگین درجه‌بندی‌شده قطعی می‌شود که به مقدار محتمل‌تر "
               "نزدیک‌تر است.",
               "Buckley (1985); Liu, Eckert & Earl (2020), Expert Systems with Applications 161, Eq. 41",
               "wᵢ = rᵢ ⊗ (Σ r)⁻¹,  w = (l + 4m + u)/6"),
    ),
    not_offered=FUZZY_NOT_OFFERED,
)

#: every registry by the analysis-option field it serves
OPTION_REGISTRIES: Mapping[str, OptionRegistry] = {
    registry.field: registry
    for registry in (PRIORITY_METHODS, AGGREGATIONS, RI_TABLES, COMPLETIONS, SYNTHESIS_MODES, GROUP_WEIGHTINGS,
                     FUZZY_METHODS)
}
