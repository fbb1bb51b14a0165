"""Refuse hostile workbooks before any spreadsheet parser sees them.

An .xlsx file is a zip of XML parts.  A few-KB upload can declare a cell at
``XFD2000000`` (python-calamine then aborts the *whole process* allocating
the range — a Rust abort Python cannot catch), inflate a part to gigabytes
(a zip bomb), or carry a ``<!DOCTYPE`` with entity definitions (billion
laughs, external entities).  :func:`check_xlsx` looks at the zip with the
standard library only, streaming each part in bounded chunks, and returns
every :class:`~mcda.errors.Problem` it finds — in bounded time and memory,
because it never decompresses more than the declared sizes it has already
accepted.

:func:`run_isolated` and :func:`map_isolated` then run the actual parsing in
long-lived worker processes (a :class:`ReaderPool`) with an address-space
limit (``RLIMIT_AS``) and a wall-clock timeout per file, so that a file that
still slips through costs one worker, not the application: a crashed or
timed-out file becomes a Problem naming it, and a fresh worker takes the
place of the lost one.

The checks, in order (each one cheap, the dangerous ones first):

1. content, not name: the zip signature ``PK\\x03\\x04``; an OLE2 header means
   a legacy .xls or a password-protected workbook, both refused with advice;
2. file size, number of entries, duplicate names, ``..`` / absolute paths;
3. declared uncompressed sizes (per part and in total) and the compression
   ratio of large parts;
4. every XML part is streamed and scanned for ``<!DOCTYPE`` / ``<!ENTITY``
   (also in UTF-16); worksheets are scanned for the ``<dimension>`` and the
   largest row and column any cell or row declares in its ``r`` attribute
   (read as a parser reads it: leading zeros skipped, any number of letters;
   other attributes ending in r, such as ``firstPageNumber``, ignored) — one
   search settles a sheet whose dimension and references all lie within rows
   1–999 and columns A–ZZ, the rest are counted exactly; the shared-strings
   table for its declared count.

:func:`inspect_xlsx` also hands back the parts it inflated, so the reader's
look at the answer cells' XML (:mod:`surveys.cellscan`) does not inflate
them again.
"""

from __future__ import annotations

import atexit
import io
import os
import pickle
import re
import selectors
import struct
import subprocess
import sys
import threading
import time
import zipfile
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any, Callable, Sequence

from mcda.errors import Problem

from .messages import safety_text

__all__ = ["SafetyLimits", "WorkerFailure", "ReaderPool", "reader_pool", "check_xlsx", "inspect_xlsx", "run_isolated",
           "map_isolated", "ZIP_MAGIC", "OLE_MAGIC"]

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class SafetyLimits:
    """Bounds for one uploaded workbook; generous for any real questionnaire.

    A filled Tehran questionnaire is ~60 KB zipped, ~600 KB of XML, a few
    hundred rows and under 30 columns.  The dimension limit keeps the area
    calamine allocates (rows × columns) far below what would exhaust memory.
    """

    max_file_bytes: int = 20 * _MB
    max_entries: int = 500
    max_part_bytes: int = 100 * _MB
    max_sheet_bytes: int = 25 * _MB  # one worksheet's XML; bounds cells without an r attribute too
    max_total_bytes: int = 200 * _MB
    max_ratio: float = 200.0  # applied to parts larger than ratio_floor_bytes
    ratio_floor_bytes: int = 1 * _MB
    max_rows: int = 100_000
    max_columns: int = 1_000
    max_cells: int = 5_000_000  # rows × columns of a sheet's used range
    max_shared_strings: int = 1_000_000
    worker_memory_bytes: int = 2048 * _MB
    timeout_seconds: float = 60.0


_CHUNK = 256 * 1024
# What one streamed piece hands on to the next: everything after its last ">".
# No pattern searched here (a reference, <!DOCTYPE, <dimension ref=…>, <sst
# count=…>) holds a ">", so one cut by a piece boundary always begins after the
# piece's last ">" and is read whole with the next piece, however long its
# leading zeros or its spaces around "=" are (a fixed overlap let a reference
# padded past it through).  A run without ">" is carried up to _CARRY bytes: more
# than any cell's text (Excel holds 32,767 characters, at most 6 bytes each
# escaped as &quot;: 196 KB; 64 KB would cut an honest Persian cell of 32,767
# letters).  A longer run is refused as a damaged part rather than cut short:
# cutting it anywhere could split the very reference it was built to hide, and
# carrying it whole would let one run without ">" hold the whole part in memory.
_CARRY = 256 * 1024
# what a part searched only for <!DOCTYPE (not a sheet, not the shared strings) keeps of a longer run
_DOCTYPE_OVERLAP = 64
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_DOCTYPE_16 = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
# An element's other attributes, up to the one wanted: a quoted value is skipped whole, since it may hold a
# ">" (<sst x=">" uniqueCount="2000000000"> had hidden its count, and calamine then aborted allocating it).
_ATTRIBUTES = rb"""(?:[^>"']|"[^"]*"|'[^']*')*?"""
# The closing quote is required: a value cut at a piece's end is not taken for the whole one.
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b" + _ATTRIBUTES + rb"\sref\s*=\s*[\"']([^\"']*)[\"']")
# Only <c> elements carry an r attribute of letters + digits and only <row>
# elements one of digits alone: one pattern finds both (no letters: a row).
# It matches an attribute named exactly "r": the r must follow whitespace or a
# quote.  Whitespace, as XML separates attributes; a quote too, because
# calamine reads <c t="n"r="XFE7"> (no space after the previous value, not
# well-formed XML) as cell XFE7.  A bare "r" would also take every attribute
# whose name ends in r for a reference: Excel writes <pageSetup
# firstPageNumber="4294967295"> (row 4,294,967,295) and <dateGroupItem
# year="2024">, and an honest file would be refused as "too far".  A prefixed
# x:r is not r to calamine and is not matched either.  The lookbehind comes
# after the literal "r", so the search still jumps from "r" to "r" (a leading
# lookbehind or character class scans every byte, about 10× slower).  Any
# quote and spacing around "=" is accepted, as calamine accepts it, so no
# attribute order or formatting hides a far-away cell.
# Leading zeros are skipped and letters are not bounded, as a parser reads
# them: r="A000001048576" is row 1,048,576 and r="AAAAA1" column 475,255.
_NAMED_R = rb"r(?<=[\s\"']r)"
_REF = re.compile(_NAMED_R + rb"\s*+=\s*+[\"']([A-Za-z]*+)0*+(\d{1,10})")
# The same references, found only when one lies outside the box of rows 1–999
# and columns A–ZZ (702): three letters or more, or a row of four digits or more
# (leading zeros aside).  A sheet in which this finds nothing — the common case —
# needs no per-reference work at all (the search costs about half the findall).
_FAR_TAIL = rb"\s*+=\s*+[\"'][A-Za-z]{0,2}+(?:[A-Za-z]|0*+[1-9]\d{3})"
_FAR_REF = re.compile(_NAMED_R + _FAR_TAIL)
# _FAR_REF without the lookbehind: a superset of its matches (any attribute
# ending in r), with no lookbehind to try at each "r" — the common sheet, where
# it finds nothing, is settled as fast as before the lookbehind (measured on the
# Tehran questionnaire: 1.02 ms both; the lookbehind alone 1.2 ms); only after a
# hit does _FAR_REF search again from there.
_FAR_HINT = re.compile(rb"r" + _FAR_TAIL)
_BOX_ROWS, _BOX_COLUMNS = 999, 702
# A part up to this size is read and scanned in one piece (one pass of each
# pattern, no overlapping windows); a larger one is streamed in _CHUNK pieces.
_WHOLE = 4 * _MB
_SST_COUNT = re.compile(rb"<(?:\w+:)?sst\b" + _ATTRIBUTES + rb"\s(?:uniqueCount|count)\s*=\s*[\"'](\d+)[\"']")
_AREA = re.compile(r"^\$?([A-Za-z]{1,4})\$?(\d{1,9})(?::\$?([A-Za-z]{1,4})\$?(\d{1,9}))?$")


def _far_reference(window: bytes) -> bool:
    """Whether ``window`` holds a cell or row reference outside the box (:data:`_FAR_REF`), found quickly."""
    hint = _FAR_HINT.search(window)
    return hint is not None and _FAR_REF.search(window, hint.start()) is not None


def _column_number(letters) -> int:
    if isinstance(letters, bytes):
        letters = letters.decode("ascii")
    n = 0
    for ch in letters[:5].upper():  # five letters are past any sheet's last column (AAAAA = 475,255)
        n = n * 26 + (ord(ch) - 64)
    return n


def _display(source) -> str:
    if isinstance(source, (str, os.PathLike)):
        return str(source)
    return getattr(source, "name", "") or "<upload>"


def _read_head(source, limit: int) -> tuple[bytes | None, int, str | None]:
    """(first bytes, size, error) of a path or bytes without reading more than needed."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        return data[:8], len(data), None
    try:
        size = os.path.getsize(source)
        with open(source, "rb") as fh:
            return fh.read(8), size, None
    except OSError as exc:
        return None, 0, f"cannot be opened: {exc.strerror or exc}"


def check_xlsx(source, limits: SafetyLimits | None = None, *, name: str | None = None,
               lang: str = "en") -> list[Problem]:
    """Every reason to refuse ``source`` (a path or the file's bytes) before parsing it.

    Returns an empty list for a workbook that is safe to hand to a parser.
    Problems name the file and, where it applies, the zip part (in ``sheet``),
    worded in ``lang`` ("fa" or "en", :data:`surveys.messages.SAFETY_TEXT`).

    >>> check_xlsx(b"hello", name="notes.xlsx")[0].message  # doctest: +ELLIPSIS
    'is not an Excel workbook (.xlsx): ...
    >>> check_xlsx(b"", name="notes.xlsx", lang="fa")[0].message
    'این فایل خالی است (۰ بایت)'
    """
    return inspect_xlsx(source, limits, name=name, lang=lang)[0]


def inspect_xlsx(source, limits: SafetyLimits | None = None, *, name: str | None = None, lang: str = "en",
                 keep: bool = False) -> tuple[list[Problem], dict[str, bytes]]:
    """:func:`check_xlsx`'s problems, and (``keep=True``) the XML parts it read, decompressed, by zip name.

    The reader hands the parts on to :mod:`surveys.cellscan`, so no part is
    inflated twice.  The parts are returned only for a file without problems
    (and are bounded by the limits the check has just applied).
    """
    limits = limits or SafetyLimits()
    file = name or _display(source)

    def problem(key: str, part: str = "", **fields) -> Problem:
        return Problem(file, part, "", *safety_text(key, lang, part=part, **fields), lang=lang)

    head, size, error = _read_head(source, 8)
    if error:
        return [problem("cannot_open", reason=error)], {}
    if size == 0:
        return [problem("empty")], {}
    if head.startswith(OLE_MAGIC):
        return [problem("legacy_or_password")], {}
    if not head.startswith(ZIP_MAGIC):
        return [problem("not_xlsx", kind=safety_text(_guess_kind(head), lang)[0])], {}
    if size > limits.max_file_bytes:
        return [problem("too_large", size=f"{size / _MB:.1f}", limit=f"{limits.max_file_bytes / _MB:.0f}")], {}
    try:
        fh = io.BytesIO(source) if isinstance(source, (bytes, bytearray, memoryview)) else open(source, "rb")
    except OSError as exc:  # pragma: no cover - checked above
        return [problem("cannot_open", reason=str(exc))], {}
    parts: dict[str, bytes] | None = {} if keep else None
    with fh:
        try:
            zf = zipfile.ZipFile(fh)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
            return [problem("damaged_zip", reason=str(exc))], {}
        with zf:
            problems = _check_zip(zf, limits, problem, parts)
    return problems, ({} if problems or parts is None else parts)


def _guess_kind(head: bytes) -> str:
    """The :data:`~surveys.messages.SAFETY_TEXT` key naming what a file that is not a zip holds."""
    if head.startswith(b"%PDF"):
        return "kind_pdf"
    if head[:5].lower() in (b"<?xml", b"<html", b"<!doc"):
        return "kind_markup"
    if head.startswith((b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")):
        return "kind_archive"
    try:
        head.decode("utf-8")
        return "kind_text"
    except UnicodeDecodeError:
        return "kind_binary"


def _check_zip(zf: zipfile.ZipFile, limits: SafetyLimits, problem, kept: dict[str, bytes] | None = None
               ) -> list[Problem]:
    problems: list[Problem] = []
    infos = zf.infolist()
    if len(infos) > limits.max_entries:
        return [problem("too_many_entries", n=str(len(infos)), limit=str(limits.max_entries))]
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        folded = name.replace("\\", "/").casefold()
        if folded in seen:
            problems.append(problem("duplicate_entry", name))
        seen.add(folded)
        parts = folded.split("/")
        if ".." in parts or folded.startswith("/") or re.match(r"^[a-z]:", folded):
            problems.append(problem("unsafe_path", name))
        if info.file_size > limits.max_part_bytes:
            problems.append(problem("part_too_large", name, size=f"{info.file_size / _MB:.0f}",
                                    limit=f"{limits.max_part_bytes / _MB:.0f}"))
        if info.file_size > limits.ratio_floor_bytes:
            ratio = info.file_size / max(1, info.compress_size)
            if ratio > limits.max_ratio:
                problems.append(problem("zip_bomb", name, ratio=f"{ratio:.0f}", limit=f"{limits.max_ratio:.0f}"))
        total += info.file_size
    if total > limits.max_total_bytes:
        problems.append(problem("total_too_large", size=f"{total / _MB:.0f}",
                                limit=f"{limits.max_total_bytes / _MB:.0f}"))
    if problems:
        return problems
    if "xl/workbook.xml" not in seen:
        return [problem("no_workbook_xml")]
    for info in infos:
        lower = info.filename.casefold()
        if not (lower.endswith((".xml", ".rels", ".vml")) or lower == "[content_types].xml"):
            continue
        is_sheet = lower.startswith("xl/worksheets/") and lower.endswith(".xml")
        is_sst = lower == "xl/sharedstrings.xml"
        if is_sheet and info.file_size > limits.max_sheet_bytes:
            problems.append(problem("sheet_too_large", info.filename, size=f"{info.file_size / _MB:.0f}",
                                    limit=f"{limits.max_sheet_bytes / _MB:.0f}"))
            continue
        try:
            problems.extend(_scan_part(zf, info, limits, problem, is_sheet, is_sst, kept))
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            problems.append(problem("damaged_part", info.filename, reason=str(exc)))
    return problems


def _scan_part(zf, info, limits: SafetyLimits, problem, is_sheet: bool, is_sst: bool,
               parts: dict[str, bytes] | None = None) -> list[Problem]:
    problems: list[Problem] = []
    name = info.filename
    max_row = max_col = 0
    min_row = min_col = None
    dimension_seen = False
    tail = b""
    first = True
    utf16 = False
    kept: list[bytes] = []
    # a small part in one read (one pass of each pattern), a large one in bounded pieces
    whole = info.file_size < _WHOLE
    piece = info.file_size + 1 if whole else _CHUNK
    # within the box, no reference can break a limit (rows, columns, nor their product)
    boxed = whole and limits.max_rows >= _BOX_ROWS and limits.max_columns >= _BOX_COLUMNS \
        and limits.max_cells >= _BOX_ROWS * _BOX_COLUMNS
    # zipfile never yields more than the declared (already accepted) size and
    # checks the CRC at the end, so a part that lies about its size fails here.
    with zf.open(info) as stream:
        while True:
            chunk = stream.read(piece)
            if not chunk:
                break
            if parts is not None:
                kept.append(chunk)
            if first:
                utf16 = chunk[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(chunk) > 3 and chunk[1:2] == b"\x00")
                # decided once: a later window (a carried tail + a piece) has no byte order mark of its own
                encoding = "utf-16-be" if chunk[:2] == b"\xfe\xff" else "utf-16-le"
                first = False
            window = tail + chunk if tail else chunk
            if utf16:
                text = window.decode(encoding, errors="ignore")
                if _DOCTYPE_16.search(text):
                    return [_doctype_problem(problem, name)]
            elif _DOCTYPE.search(window):
                return [_doctype_problem(problem, name)]
            if is_sheet:
                if not dimension_seen and (m := _DIMENSION.search(window)):
                    dimension_seen = True
                    area = _AREA.match(m.group(1).decode("ascii", "replace"))
                    if area:
                        c1, r1 = _column_number(area.group(1)), int(area.group(2))
                        c2 = _column_number(area.group(3)) if area.group(3) else c1
                        r2 = int(area.group(4)) if area.group(4) else r1
                        min_row, min_col = min(r1, r2), min(c1, c2)
                        max_row, max_col = max(max_row, r1, r2), max(max_col, c1, c2)
                # in the box (the dimension and every reference) nothing needs adding up; else one
                # findall + built-in min/max: no Python loop per cell
                in_box = boxed and max_row <= _BOX_ROWS and max_col <= _BOX_COLUMNS and not _far_reference(window)
                refs = () if in_box else _REF.findall(window)
                if refs:
                    numbers = list(map(int, map(itemgetter(1), refs)))
                    max_row = max(max_row, max(numbers))
                    min_row = min(numbers) if min_row is None else min(min_row, min(numbers))
                    letters = set(map(itemgetter(0), refs))
                    letters.discard(b"")  # a <row r="…">: a row number only
                    if letters:
                        columns = list(map(_column_number, letters))
                        max_col = max(max_col, max(columns))
                        min_col = min(columns) if min_col is None else min(min_col, min(columns))
                if max_row > limits.max_rows or max_col > limits.max_columns:
                    break
            if is_sst and (m := _SST_COUNT.search(window)):
                if int(m.group(1)) > limits.max_shared_strings:
                    return [problem("shared_strings", name, n=f"{int(m.group(1)):,}",
                                    limit=f"{limits.max_shared_strings:,}")]
                is_sst = False
            if whole:
                continue  # the one piece: nothing follows it
            # from the last ">" on (see _CARRY); in UTF-16 from an even offset, so the next window decodes
            cut = window.rfind(b">")
            if cut < 0:
                tail = window
            else:
                tail = window[cut - cut % 2 if utf16 else cut:]
            if len(tail) > _CARRY:
                if is_sheet or is_sst:
                    return [problem("damaged_part", name, reason=f"more than {_CARRY // 1024} KB of XML without a "
                                                                 "'>' (longer than any cell's text)")]
                # any other part (a query's base64 blob in customXml) is searched only for <!DOCTYPE, which
                # an XML parser reads only as one unbroken token: a short overlap keeps it whole
                tail = tail[-_DOCTYPE_OVERLAP:]
    if is_sheet and (max_row or max_col):
        rows = max_row - (min_row or 1) + 1
        cols = max_col - (min_col or 1) + 1
        if max_row > limits.max_rows or max_col > limits.max_columns or rows * cols > limits.max_cells:
            problems.append(problem("sheet_too_far", name, row=f"{max_row:,}", column=f"{max_col:,}",
                                    rows=f"{limits.max_rows:,}", columns=f"{limits.max_columns:,}"))
    if parts is not None and not problems:
        parts[name] = kept[0] if len(kept) == 1 else b"".join(kept)
    return problems


def _doctype_problem(problem, name: str) -> Problem:
    return problem("doctype", name)


# ---------------------------------------------------------------------------
# Parsing in worker processes with limits
# ---------------------------------------------------------------------------
# Workers are plain subprocesses (``python -c … _worker_main``) talking over
# pipes, not multiprocessing: they need no ``if __name__ == "__main__"`` guard
# in the caller's script, are safe to start from a threaded web server (no
# fork of a threaded parent), and each runs one task at a time, so a crash or
# a timeout names exactly the file that caused it.
#
# They are long-lived: starting Python and importing the reader costs far more
# than reading one workbook, so one process-wide :class:`ReaderPool` keeps them
# between calls (and between the web app's requests).  A worker is retired
# after ``max_tasks`` files or any failure (crash, timeout, an exception such
# as MemoryError that may leave it damaged) and a fresh one takes its place;
# each keeps its memory limit for life and every task its own time limit.


@dataclass(frozen=True, slots=True)
class WorkerFailure:
    """A task that crashed, ran out of memory or time in its worker."""

    reason: str


def _limit_self(memory_bytes: int | None) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return
    if memory_bytes:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        new = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
        resource.setrlimit(resource.RLIMIT_AS, (new, hard))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core dump of a worker that hit its limit


def _send(fd: int, obj) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(struct.pack("<Q", len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def _recv(fd: int):
    def exactly(n: int) -> bytes:
        chunks, left = [], n
        while left:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                raise EOFError("worker closed its pipe")
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    (size,) = struct.unpack("<Q", exactly(8))
    return pickle.loads(exactly(size))


def _worker_main() -> None:
    """Entry point of a worker: ``memory_bytes`` in argv, tasks on stdin, results on stdout.

    The worker ends when its parent closes the pipe — on purpose, or because
    the parent died (even by ``kill -9``), so no worker outlives its server.
    """
    _limit_self(int(sys.argv[1]) if len(sys.argv) > 1 else None)
    stdin, stdout = sys.stdin.fileno(), sys.stdout.fileno()
    sys.stdout = sys.stderr  # stray prints must not corrupt the result stream
    import surveys.reader  # noqa: F401  (the reader's imports are paid once, before the first file)

    while True:
        try:
            # pickle names the function by module and qualified name and imports it here
            func, arg = _recv(stdin)
        except EOFError:
            return
        except BaseException as exc:  # a task that cannot be unpickled is reported, not fatal
            _send(stdout, ("error", f"{type(exc).__name__}: {exc}"))
            continue
        try:
            reply = ("ok", func(arg))
        except BaseException as exc:  # reported to the parent as data
            reply = ("error", f"{type(exc).__name__}: {exc}")
        _send(stdout, reply)


_PIPE_BYTES = 1 << 20


def _widen(pipe) -> None:
    """Let a pipe hold a whole upload (1 MB; Linux' default is 64 KB).

    A task (a workbook's bytes and the pickled model) then goes to an idle
    worker in one write, instead of in 64 KB turns, each of which waits for
    the worker to be scheduled — most of an upload's time on a busy machine.
    Where the system does not allow it the pipe keeps its size.
    """
    try:
        import fcntl

        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass


class _Worker:
    def __init__(self, memory_bytes: int):
        # The worker sees the parent's import path, as a multiprocessing child would.
        paths = [str(Path(__file__).resolve().parent.parent), *(p for p in sys.path if p)]
        code = (f"import sys; sys.path[:0] = {paths!r}; "
                "from surveys.safety import _worker_main; _worker_main()")
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
        self.memory_bytes = memory_bytes
        self.proc = subprocess.Popen([sys.executable, "-c", code, str(memory_bytes)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        for pipe in (self.proc.stdin, self.proc.stdout):
            _widen(pipe)
        self.task: int | None = None
        self.deadline = 0.0
        self.tasks_done = 0
        self.healthy = True

    @property
    def pid(self) -> int:
        return self.proc.pid

    def submit(self, k: int, func: Callable, arg, timeout: float) -> None:
        self.task, self.deadline = k, time.monotonic() + timeout
        self.tasks_done += 1
        _send(self.proc.stdin.fileno(), (func, arg))

    def kill(self) -> None:
        self.healthy = False
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            try:
                pipe.close()
            except OSError:  # pragma: no cover
                pass

    def close(self) -> None:
        self.healthy = False
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):  # pragma: no cover
            pass
        self.kill()


class ReaderPool:
    """Long-lived limited worker processes, shared by every :func:`map_isolated` call of this process.

    ``max_workers`` processes at most (callers beyond wait for one to come
    free); each worker is retired after ``max_tasks`` tasks or any failure.
    Thread-safe: the web app's requests read their uploads at the same time.

    >>> pool = ReaderPool(max_workers=1)
    >>> map_isolated(abs, [-1, -2], pool=pool)
    [1, 2]
    >>> pool.shutdown()
    """

    def __init__(self, max_workers: int | None = None, max_tasks: int = 500):
        self.max_workers = max(1, max_workers or max(4, os.cpu_count() or 1))
        self.max_tasks = max(1, int(max_tasks))
        self._idle: list[_Worker] = []
        self._busy = 0
        self._cond = threading.Condition()
        self._owner = os.getpid()
        self.started = 0  # processes started over the pool's life (tests and benchmarks read it)

    def _forked(self) -> None:
        # a forked child must not use (or kill) its parent's workers
        if os.getpid() != self._owner:
            self._idle, self._busy, self._owner = [], 0, os.getpid()

    def _spawn(self, memory_bytes: int) -> _Worker:
        self.started += 1
        return _Worker(memory_bytes)

    def acquire(self, memory_bytes: int, wanted: int) -> list[_Worker]:
        """Between 1 and ``wanted`` workers with that memory limit (waits only for the first)."""
        with self._cond:
            self._forked()
            taken: list[_Worker] = []
            while True:
                while len(taken) < wanted:
                    worker = self._take_idle(memory_bytes)
                    if worker is None:
                        if self._busy + len(self._idle) >= self.max_workers and self._idle:
                            self._idle.pop(0).close()  # an idle worker of another limit makes room
                        if self._busy + len(self._idle) >= self.max_workers:
                            break
                        worker = self._spawn(memory_bytes)
                    self._busy += 1
                    taken.append(worker)
                if taken:
                    return taken
                self._cond.wait()

    def _take_idle(self, memory_bytes: int) -> _Worker | None:
        for k, worker in enumerate(self._idle):
            if worker.memory_bytes == memory_bytes:
                del self._idle[k]
                if worker.proc.poll() is None:
                    return worker
                worker.kill()  # died while idle (killed from outside): forget it
                return self._take_idle(memory_bytes)
        return None

    def replace(self, worker: _Worker) -> _Worker:
        """A fresh worker in the place of a failed one (already killed or killed here)."""
        worker.kill()
        with self._cond:
            return self._spawn(worker.memory_bytes)

    def release(self, worker: _Worker) -> None:
        """Give a worker back: kept for the next caller if healthy and not worn out, else retired."""
        keep = worker.healthy and worker.tasks_done < self.max_tasks and worker.proc.poll() is None
        if not keep:
            worker.close()
        with self._cond:
            if os.getpid() == self._owner:
                self._busy = max(0, self._busy - 1)
                if keep:
                    self._idle.append(worker)
            self._cond.notify()

    def warm(self, n: int | None = None, memory_bytes: int | None = None) -> None:
        """Start ``n`` workers now (default: all), so the first uploads do not wait for Python to start."""
        memory_bytes = memory_bytes or SafetyLimits().worker_memory_bytes
        workers = self.acquire(memory_bytes, n or self.max_workers)
        for worker in workers:
            self.release(worker)

    def pids(self) -> list[int]:
        """Process ids of the idle workers."""
        with self._cond:
            return [w.pid for w in self._idle]

    def shutdown(self) -> None:
        """End every idle worker (busy ones end when their caller gives them back)."""
        with self._cond:
            idle, self._idle = self._idle, []
            self.max_tasks = 0 if self._busy else self.max_tasks
        for worker in idle:
            worker.close()


_POOL = ReaderPool()
atexit.register(_POOL.shutdown)


def reader_pool() -> ReaderPool:
    """The process-wide pool :func:`map_isolated` uses by default."""
    return _POOL


def map_isolated(func: Callable, items: Sequence, limits: SafetyLimits | None = None,
                 workers: int | None = None, *, pool: ReaderPool | None = None) -> list[Any]:
    """``[func(x) for x in items]`` in worker processes limited in memory and time.

    ``func`` must be a module-level function; items and results are pickled.
    A slot whose task raised, crashed its worker (a native abort, the memory
    limit) or ran past ``limits.timeout_seconds`` holds a
    :class:`WorkerFailure` instead of a result; the other items are unaffected.
    The workers come from ``pool`` (default: the process-wide
    :func:`reader_pool`), up to ``workers`` of them at once.  Falls back to
    running in this process where worker processes are not available (no
    ``resource`` module, i.e. Windows).
    """
    limits = limits or SafetyLimits()
    items = list(items)
    if not items:
        return []
    if os.name != "posix":  # pragma: no cover
        return [_call_inline(func, x) for x in items]
    pool = pool or _POOL
    wanted = max(1, min(workers or (os.cpu_count() or 1), len(items)))
    results: list[Any] = [None] * len(items)
    pending = list(range(len(items)))[::-1]
    selector = selectors.DefaultSelector()
    held = pool.acquire(limits.worker_memory_bytes, wanted)
    idle = list(held)
    retried: set[int] = set()

    def failed(worker: _Worker, reason: str) -> None:
        results[worker.task] = WorkerFailure(reason)
        fresh = pool.replace(worker)
        held[held.index(worker)] = fresh
        idle.append(fresh)

    def start_tasks() -> None:
        while pending and idle:
            worker = idle.pop()
            k = pending.pop()
            try:
                worker.submit(k, func, items[k], limits.timeout_seconds)
            except OSError:  # the worker died between tasks: the task goes to a fresh one
                pending.append(k)
                fresh = pool.replace(worker)
                held[held.index(worker)] = fresh
                idle.append(fresh)
                continue
            selector.register(worker.proc.stdout, selectors.EVENT_READ, worker)

    try:
        start_tasks()
        while selector.get_map():
            now = time.monotonic()
            timeout = max(0.0, min(w.deadline for w in (key.data for key in selector.get_map().values())) - now)
            for key, _ in selector.select(timeout):
                worker: _Worker = key.data
                selector.unregister(worker.proc.stdout)
                try:
                    status, value = _recv(worker.proc.stdout.fileno())
                except (EOFError, OSError, pickle.UnpicklingError, struct.error):
                    code = worker.proc.wait()
                    if worker.tasks_done > 1 and worker.task not in retried:
                        # a worker that had served before may have died of something else (killed while
                        # idle): the file gets one more try on a fresh worker before it is blamed
                        retried.add(worker.task)
                        pending.append(worker.task)
                        fresh = pool.replace(worker)
                        held[held.index(worker)] = fresh
                        idle.append(fresh)
                        continue
                    failed(worker, f"the parser process stopped abnormally (exit code {code}); the file is "
                                   "probably too large for its memory limit or damaged")
                    continue
                if status == "ok":
                    results[worker.task] = value
                    idle.append(worker)
                else:  # an exception (MemoryError among them) may leave the worker damaged: retire it
                    failed(worker, f"the parser failed ({value})")
            now = time.monotonic()
            for key in list(selector.get_map().values()):
                worker = key.data
                if now >= worker.deadline:
                    selector.unregister(worker.proc.stdout)
                    failed(worker, f"parsing took longer than {limits.timeout_seconds:.0f} s and was stopped")
            start_tasks()
    except BaseException:
        for key in list(selector.get_map().values()):  # a worker mid-task cannot be reused
            key.data.kill()
        raise
    finally:
        selector.close()
        for worker in held:
            pool.release(worker)
    return results


def run_isolated(func: Callable, arg, limits: SafetyLimits | None = None) -> Any:
    """``func(arg)`` in one limited worker process; a :class:`WorkerFailure` when it fails."""
    return map_isolated(func, [arg], limits, workers=1)[0]


def _call_inline(func: Callable, arg) -> Any:  # pragma: no cover - Windows fallback
    try:
        return func(arg)
    except Exception as exc:
        return WorkerFailure(f"the parser failed ({type(exc).__name__}: {exc})")
