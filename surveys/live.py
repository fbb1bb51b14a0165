"""Consistency shown to the expert while answering: worksheet formulas, no macros.

Beside each comparison set the questionnaire shows, recomputed by the
spreadsheet application as the expert answers:

* the expert's current weights for the set (principal eigenvector);
* its consistency ratio CR = (λmax − n) / ((n − 1) RI(n)), with the random
  index of the table the analysis uses (``ri_table``; the value for the set's
  size is written into a hidden cell, so the formula needs no table); a set
  of two items is always consistent and shows no CR ("—");
* a state against the threshold: consistent (CR ≤ t, green), slightly
  inconsistent (t < CR ≤ 2t, amber), inconsistent (CR > 2t, red), or
  incomplete while some pair of the set is unanswered;
* when above the threshold, the judgment that most drives the inconsistency —
  the largest ``|ln(a_ij w_j / w_i)|``, the one :func:`mcda.consistency`
  names first — with the point of the 1–9 scale that would fit the rest
  (``w_i / w_j`` rounded in log space, as :func:`mcda.scale.nearest_scale_value`).

Everything is plain arithmetic that Excel and LibreOffice (7.4) both evaluate:
IF / INDEX / MATCH / SUMPRODUCT / GEOMEAN, no dynamic arrays, no LET or
LAMBDA.  The eigenvector comes from power iteration in hidden helper cells
(sheet ``_calc``, very hidden): started from the row geometric means — the
start :mod:`mcda.priorities` uses too — ``w_{k+1} = A w_k / Σ A w_k`` for
:data:`ITERATIONS` rows; for uniformly random 9×9 reciprocal matrices this is
within 1e-6 of LAPACK's CR after 30 rows.  Each answer is first turned into
``a_ij`` by formulas that read the dropdown entries, typed digits (Persian and
Arabic-Indic too), ``1/3`` and the verbal labels; what they cannot read
counts as unanswered (the reader, not the sheet, is the judge of an answer).

A set asked under an incomplete design (:mod:`surveys.designs`: the expert
compares only some pairs) gets the numbers the analysis computes for it:
the eigenvector and λmax of the λmax-optimal completion (Bozóki, Fülöp &
Rónyai 2010, the default ``completion``; :func:`mcda.consistency` and
``rahbord validate`` use it too).  Power iteration on Harker's (1987)
matrix — a missing entry 0, its row's diagonal 1 + the number missing —
gives a start, and :data:`COMPLETION_ITERATIONS` rows of a fixed-point
iteration move it to the optimum (see ``LiveConsistency._incomplete_weights``;
these rows are classic array formulas — MMULT, TRANSPOSE — which Excel
and LibreOffice have evaluated for decades).
The state is "incomplete" until every pair the design asks is answered;
the pairs it does not ask never count as unanswered.

The helper cells are locked formulas outside the answer map, so the reader
never looks at them.  ``_calc`` starts with one index row per set (set id,
CR, state code, worst i, worst j, suggested value) for tests and tools.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula

from criteria.catalogue import texts
from mcda.random_index import random_index

from .reader import SCALE_POINTS

__all__ = ["CALC_SHEET", "COMPLETION_ITERATIONS", "ITERATIONS", "STATE_CODES", "LiveConsistency", "LIVE_TEXT"]

CALC_SHEET = "_calc"
ITERATIONS = 30
COMPLETION_ITERATIONS = 50
STATE_CODES = {0: "incomplete", 1: "consistent", 2: "slightly", 3: "inconsistent"}
INDEX_HEADER = ("set", "cr", "state", "worst_i", "worst_j", "suggested", "answered", "lambda_max")

#: the live cells' words per language, from the catalogue's ``live.*`` entries (:mod:`criteria.catalogue`)
LIVE_TEXT = texts("live")

_GREEN = PatternFill("solid", fgColor="C6EFCE")
_AMBER = PatternFill("solid", fgColor="FFEB9C")
_RED = PatternFill("solid", fgColor="FFC7CE")
_DIGITS = {"ascii": "123456789", "fa": "۱۲۳۴۵۶۷۸۹", "ar": "١٢٣٤٥٦٧٨٩"}


def _digit(expr: str) -> str:
    """Formula: the value 1–9 of one character written in ASCII, Persian or Arabic-Indic digits, else 0."""
    return (f'IFERROR(FIND({expr},"{_DIGITS["ascii"]}"),IFERROR(FIND({expr},"{_DIGITS["fa"]}"),'
            f'IFERROR(FIND({expr},"{_DIGITS["ar"]}"),0)))')


def _persian_digits(expr: str) -> str:
    out = expr
    for d, p in zip("0123456789", "۰۱۲۳۴۵۶۷۸۹"):
        out = f'SUBSTITUTE({out},"{d}","{p}")'
    return out


def _connected(n: int, pairs) -> bool:
    """Do the pairs (i, j) link all n items?"""
    reached, frontier = {0}, [0]
    while frontier:
        k = frontier.pop()
        for i, j in pairs:
            for a, b in ((i, j), (j, i)):
                if a == k and b not in reached:
                    reached.add(b)
                    frontier.append(b)
    return len(reached) == n


def _q(text: str) -> str:
    """A string literal for a formula."""
    return '"' + text.replace('"', '""') + '"'


@dataclass(frozen=True, slots=True)
class PairCells:
    """Where one pair of a set is answered: (i, j) item indices, and its cells on ``sheet``."""

    i: int
    j: int
    kind: str  # "pair": (side, how) | "scale": the 17 cells of the row, A's 9 first
    cells: tuple[str, ...]


class LiveConsistency:
    """Writes the helper sheet and the display rows of every comparison set of one workbook."""

    def __init__(self, wb, lang: str, *, ri_table="saaty", threshold: float = 0.10, verbal_ref: str = ""):
        self.wb = wb
        self.lang = lang
        self.text = LIVE_TEXT[lang]
        self.ri_table = ri_table
        self.threshold = float(threshold)
        self.verbal_ref = verbal_ref
        self.ws = wb.create_sheet(CALC_SHEET)
        self.ws.sheet_state = "veryHidden"
        self.ws.protection.sheet = True
        for c, h in enumerate(INDEX_HEADER, start=1):
            self.ws.cell(row=1, column=c, value=h)
        self.n_sets = 0
        self.index_rows = 200  # the index table; the points row and the set blocks start below it
        points = self.index_rows + 1
        for c, value in enumerate(SCALE_POINTS, start=1):
            self.ws.cell(row=points, column=c, value=value)
        self.points_ref = f"'{CALC_SHEET}'!$A${points}:${get_column_letter(len(SCALE_POINTS))}${points}"
        self.next_row = self.index_rows + 3

    # --------------------------------------------------------------- helpers
    def _ref(self, row: int, col: int, absolute: bool = True) -> str:
        letter = get_column_letter(col)
        return f"${letter}${row}" if absolute else f"{letter}{row}"

    def _calc(self, row: int, col: int) -> str:
        return f"'{CALC_SHEET}'!{self._ref(row, col)}"

    def _put(self, row: int, col: int, value) -> None:
        self.ws.cell(row=row, column=col).value = value

    def _number_text(self, expr: str) -> str:
        return _persian_digits(expr) if self.lang == "fa" else expr

    def _array(self, row: int, col: int, width: int, formula: str, height: int = 1) -> None:
        """One array formula over ``height`` × ``width`` cells (Ctrl+Shift+Enter style, not a dynamic array)."""
        ref = f"{get_column_letter(col)}{row}:{get_column_letter(col + width - 1)}{row + height - 1}"
        self.ws.cell(row=row, column=col).value = ArrayFormula(ref, formula)

    def _incomplete_weights(self, r1: int, n: int, colsum: int, not_asked: list[int]) -> tuple[int, str]:
        """Rows giving the weights of the λmax-optimal completion of an incomplete design's set.

        ``r1`` is the first row of Harker's matrix ``H`` (a missing entry 0,
        its row's diagonal 1 + ``m_i``, the number missing in row ``i``).
        Returns the row of the weights (sum 1) and the formula of λmax.

        First :data:`ITERATIONS` power steps on ``H`` from equal weights:
        Harker's (1987) weights, the start.  Then the analysis' completion —
        the entries that minimise λmax (Bozóki, Fülöp & Rónyai 2010).  At
        that minimum each missing ``a_ij`` satisfies
        ``a_ij² = w_i u_j / (w_j u_i)`` (the derivative of λmax in
        ``ln a_ij`` is ``a_ij u_i w_j − a_ji u_j w_i``, ``w`` and ``u`` the
        right and left Perron vectors), so ``a_ij w_j = √(w_i/u_i) √(w_j u_j)``
        and one power step of ``w`` and of ``u`` on the matrix completed by
        that rule is, with ``M`` the 0/1 matrix of missing pairs::

            w ← (H w − m∘w + √(w/u) ∘ M √(w∘u)) / Σw
            u ← (Hᵀu − m∘u + √(u/w) ∘ M √(w∘u)) / Σu

        started from Harker's ``w`` and ``u = 1/w`` (exact for a consistent
        matrix).  The sum of the last ``w`` row is λmax.  After
        :data:`COMPLETION_ITERATIONS` steps the CR is within 0.011 of the
        analysis' on 960 random and noisy matrices of the Tehran model's
        incomplete designs (tests/test_surveys_live.py checks it in
        LibreOffice).  Each step is one array formula per vector (MMULT,
        element-wise arithmetic), which keeps the workbook small.
        """
        col = get_column_letter
        last = col(n)
        H = f"$A${r1}:${last}${r1 + n - 1}"
        transposed = colsum + 1
        self._array(transposed, 1, n, f"=TRANSPOSE({H})", height=n)
        HT = f"$A${transposed}:${last}${transposed + n - 1}"
        mask = transposed + n
        self._array(mask, 1, n, f"=({H}=0)*1", height=n)
        M = f"$A${mask}:${last}${mask + n - 1}"
        missing = mask + n
        for i in range(n):
            self._put(missing, 1 + i, not_asked[i])
        m = f"$A${missing}:${last}${missing}"
        colsums = f"$A${colsum}:${last}${colsum}"
        start = missing + 1
        for i in range(n):
            self._put(start, 1 + i, 1 / n)
        for k in range(1, ITERATIONS + 1):
            prev = f"$A${start + k - 1}:${last}${start + k - 1}"
            self._array(start + k, 1, n, f"=MMULT({prev},{HT})/SUMPRODUCT({colsums},{prev})")
        harker = f"$A${start + ITERATIONS}:${last}${start + ITERATIONS}"
        first = start + ITERATIONS + 1  # w in columns 1 … n, u in n+1 … 2n
        self._array(first, 1, n, f"={harker}")
        self._array(first, n + 1, n, f"=1/{harker}")
        for k in range(1, COMPLETION_ITERATIONS + 1):
            p = first + k - 1
            W = f"$A${p}:${last}${p}"
            U = f"${col(n + 1)}${p}:${col(2 * n)}${p}"
            cross = f"MMULT(SQRT({W}*{U}),{M})"
            self._array(p + 1, 1, n, f"=(MMULT({W},{HT})-{m}*{W}+SQRT({W}/{U})*{cross})/SUM({W})")
            self._array(p + 1, n + 1, n, f"=(MMULT({U},{H})-{m}*{U}+SQRT({U}/{W})*{cross})/SUM({U})")
        end = first + COMPLETION_ITERATIONS
        weights = end + 1
        self._array(weights, 1, n, f"=$A${end}:${last}${end}/SUM($A${end}:${last}${end})")
        return weights, f"SUM($A${end}:${last}${end})"

    # --------------------------------------------------------------- one set
    def add_set(self, sheet, set_id: str, items: tuple[str, ...], pairs: list[PairCells]) -> dict[str, str]:
        """Write the helper block of one set; returns formulas for the display cells, or None.

        ``sheet`` is the title of the sheet holding the answers; ``pairs`` are
        the pairs asked (every pair, or an incomplete design's share).  The
        result has ``weights``, ``state``, ``cr`` and ``revisit`` (formula
        strings).  None when the pairs asked do not link every item: no
        weights exist then (a design never asks that, see
        :mod:`surveys.designs`).
        """
        n = len(items)
        m = len(pairs)
        if n < 2 or not _connected(n, [(p.i, p.j) for p in pairs]):
            return None
        ws_name = sheet.replace("'", "''")
        r0 = self.next_row
        t = self.text
        # --- one row per pair: columns A value, B i, C j, D error, E side code, F text, G–I digits, J verbal, K value
        for k, p in enumerate(pairs):
            r = r0 + k
            self._put(r, 2, p.i + 1)
            self._put(r, 3, p.j + 1)
            if p.kind == "scale":
                rng = f"'{ws_name}'!{p.cells[0]}:{p.cells[-1]}"
                count = f"SUMPRODUCT((LEN(TRIM({rng}))>0)*1)"
                self._put(r, 1, f"=IF({count}=1,SUMPRODUCT((LEN(TRIM({rng}))>0)*{self.points_ref}),\"\")")
            else:
                side, how = (f"'{ws_name}'!{c}" for c in p.cells)
                a_id, b_id = items[p.i], items[p.j]
                self._put(r, 5, (f'=IF(TRIM({side})="",0,IF(OR(TRIM({side})="A",TRIM({side})="الف",'
                                 f'TRIM({side})={_q(a_id)}),1,IF(OR(TRIM({side})="B",TRIM({side})="ب",'
                                 f'TRIM({side})={_q(b_id)}),2,IF(OR(TRIM({side})="Equal",TRIM({side})="یکسان",'
                                 f'TRIM({side})="برابر"),3,-1))))'))
                F, G, H, I, J, K = (f"{get_column_letter(c)}{r}" for c in range(6, 12))
                self._put(r, 6, f'=IF(ISNUMBER({how}),"",SUBSTITUTE(TRIM({how})," ",""))')
                self._put(r, 7, f"=IF(LEN({F})=0,0,{_digit(f'LEFT({F},1)')})")
                self._put(r, 8, f'=IF(LEN({F})<2,0,IF(OR(MID({F},2,1)="/",MID({F},2,1)="⁄"),-1,'
                                f"{_digit(f'MID({F},2,1)')}))")
                self._put(r, 9, f"=IF(LEN({F})<3,0,{_digit(f'MID({F},3,1)')})")
                self._put(r, 10, f"=IFERROR(MOD(MATCH(TRIM({how}),{self.verbal_ref},0)-1,9)+1,0)"
                          if self.verbal_ref else "=0")
                self._put(r, 11, f'=IF(ISNUMBER({how}),{how},IF({F}="","",IF(AND({G}=1,{H}=-1,{I}>0),1/{I},'
                                 f'IF(AND({G}>0,{H}=0),{G},IF({J}>0,{J},"")))))')
                E = f"E{r}"
                self._put(r, 1, (f'=IF({E}=3,IF(OR({K}="",{K}=1),1,""),IF({E}=0,IF({K}=1,1,""),'
                                 f'IF(OR({E}<0,{K}=""),"",IF({K}<1,"",IF({E}=1,{K},1/{K})))))'))
        pair_rng = f"$A${r0}:$A${r0 + m - 1}"
        # --- the matrix (unanswered pairs count as 1 so nothing breaks; the display says "incomplete").
        # A pair the design does not ask is Harker's (1987): 0, and its row's diagonal gains 1.
        r1 = r0 + m
        where = {(p.i, p.j): r0 + k for k, p in enumerate(pairs)}
        not_asked = [sum((min(i, j), max(i, j)) not in where for j in range(n) if j != i) for i in range(n)]

        def entry(i: int, j: int):
            if i == j:
                return 1 + not_asked[i]
            if (min(i, j), max(i, j)) not in where:
                return 0
            src = f"$A${where[(min(i, j), max(i, j))]}"
            return f"=IF(ISNUMBER({src}),{src},1)" if i < j else f"=IF(ISNUMBER({src}),1/{src},1)"

        for i in range(n):
            for j in range(n):
                self._put(r1 + i, 1 + j, entry(i, j))
        last_col = get_column_letter(n)
        colsum = r1 + n
        for j in range(n):
            col = get_column_letter(1 + j)
            self._put(colsum, 1 + j, f"=SUM({col}{r1}:{col}{r1 + n - 1})")
        if any(not_asked):
            w, lambda_max = self._incomplete_weights(r1, n, colsum, not_asked)
        else:  # power iteration from the row geometric means
            start = colsum + 1
            for i in range(n):
                self._put(start, 1 + i, f"=GEOMEAN($A${r1 + i}:${last_col}${r1 + i})")
            for k in range(1, ITERATIONS + 1):
                r = start + k
                prev = f"$A${r - 1}:${last_col}${r - 1}"
                norm = f"SUMPRODUCT($A${colsum}:${last_col}${colsum},{prev})"
                for i in range(n):
                    self._put(r, 1 + i, f"=SUMPRODUCT($A${r1 + i}:${last_col}${r1 + i},{prev})/{norm}")
            w = start + ITERATIONS
            lambda_max = f"SUMPRODUCT($A${colsum}:${last_col}${colsum},$A${w}:${last_col}${w})"
        w_rng = f"$A${w}:${last_col}${w}"
        # --- error of each answered judgment: |ln(a_ij w_j / w_i)|, -1 when unanswered
        for k in range(m):
            r = r0 + k
            self._put(r, 4, f'=IF(ISNUMBER(A{r}),ABS(LN(A{r}*INDEX({w_rng},1,C{r})/INDEX({w_rng},1,B{r}))),-1)')
        # --- scalars
        s = w + 1
        self._put(s, 1, f"=COUNT({pair_rng})")                                          # answered
        self._put(s, 2, f"={lambda_max}")                                                # λmax
        self._put(s, 3, n)
        self._put(s, 4, random_index(n, table=self.ri_table))                             # RI(n), hidden
        self._put(s, 5, self.threshold)
        self._put(s, 6, f"=IF(D{s}>0,(B{s}-C{s})/((C{s}-1)*D{s}),0)")                    # CR
        self._put(s, 7, f"=IF(A{s}<{m},0,IF(F{s}<=E{s},1,IF(F{s}<=2*E{s},2,3)))")        # state
        err_rng = f"$D${r0}:$D${r0 + m - 1}"
        self._put(s, 8, f"=MATCH(MAX({err_rng}),{err_rng},0)")                            # worst pair (row)
        self._put(s, 9, f"=INDEX($B${r0}:$B${r0 + m - 1},H{s})")                           # its i (1-based)
        self._put(s, 10, f"=INDEX($C${r0}:$C${r0 + m - 1},H{s})")                          # its j
        self._put(s, 11, f"=INDEX({w_rng},1,I{s})/INDEX({w_rng},1,J{s})")                  # w_i / w_j
        self._put(s, 12, f"=IF(K{s}>=1,K{s},1/K{s})")                                      # ≥ 1
        self._put(s, 13, f"=MIN(9,IF(L{s}>=SQRT(INT(L{s})*(INT(L{s})+1)),INT(L{s})+1,INT(L{s})))")  # nearest point
        self._put(s, 14, f"=IF(M{s}=1,1,IF(K{s}>=1,M{s},1/M{s}))")                         # suggested a_ij
        # --- texts
        ids = s + 1
        for i, item in enumerate(items):
            self._put(ids, 1 + i, item)
        pct = s + 2
        for i, item in enumerate(items):
            number = self._number_text(f'TEXT(ROUND(INDEX({w_rng},1,{i + 1})*100,0),"0")')
            self._put(pct, 1 + i, f"={_q(item + ' ')}&{number}&{_q(t['percent'])}")
        self.next_row = pct + 2

        calc = self._calc
        state = calc(s, 7)
        weights = "&".join(f"{calc(pct, 1 + i)}" + (f"&{_q('  ·  ')}" if i < n - 1 else "") for i in range(n))
        cr_number = (f'INT(ROUND({calc(s, 6)},2))&{_q(t["decimal"])}&'
                     f'TEXT(MOD(ROUND({calc(s, 6)}*100,0),100),"00")')
        ids_rng = f"'{CALC_SHEET}'!$A${ids}:${last_col}${ids}"
        side_a, side_b = t["side"]
        k_text = (f'MID({_q(_DIGITS["fa"])},{calc(s, 13)},1)' if self.lang == "fa" else f"{calc(s, 13)}")
        suggestion = (f'IF({calc(s, 13)}=1,{_q(t["equal"])},IF({calc(s, 11)}>=1,{_q(side_a)},{_q(side_b)})'
                      f'&{_q(" · ")}&{k_text})')
        revisit = (f'INDEX({ids_rng},1,{calc(s, 9)})&{_q(t["vs"])}&INDEX({ids_rng},1,{calc(s, 10)})'
                   f'&{_q(t["fits"])}&{suggestion}')
        # the index row
        self.n_sets += 1
        if self.n_sets >= self.index_rows:  # pragma: no cover - 199 sets is far beyond any questionnaire
            raise ValueError("too many comparison sets for the consistency index")
        ix = 1 + self.n_sets
        for c, value in enumerate((set_id, f"={calc(s, 6)}", f"={state}", f"={calc(s, 9)}", f"={calc(s, 10)}",
                                   f"={calc(s, 14)}", f"={calc(s, 1)}", f"={calc(s, 2)}"), start=1):
            self._put(ix, c, value)
        incomplete = _q(t["incomplete"])
        return {
            "weights": f"=IF({state}=0,{incomplete},{weights})",
            "state": (f'=CHOOSE({state}+1,{incomplete},{_q(t["consistent"])},{_q(t["slightly"])},'
                      f'{_q(t["inconsistent"])})'),
            # a pair of items is always consistent: its CR is not a number to read
            "cr": (f'=IF({state}=0,{_q(t["none"])},{self._number_text(cr_number)})' if n > 2
                   else f'={_q(t["none"])}'),
            "revisit": f'=IF({state}>=2,{revisit},{_q(t["none"])})',
        }

    def color_state(self, ws, ref: str) -> None:
        """Green / amber / red fill of a displayed state cell (conditional formatting on its own text)."""
        t = self.text
        for key, fill in (("consistent", _GREEN), ("slightly", _AMBER), ("inconsistent", _RED)):
            ws.conditional_formatting.add(ref, FormulaRule(formula=[f"{ref}={_q(t[key])}"], fill=fill, stopIfTrue=True))
