"""Hostile files are refused before parsing, in bounded time and memory; workers contain crashes."""

from __future__ import annotations

import os
import time
import zipfile

import pytest
from _surveys_helpers import rewrite_zip, sheet_part, small_model
from hypothesis import given
from hypothesis import strategies as st

from mcda.errors import QuestionnaireError
from surveys import Expert, read_responses, write_questionnaire
from surveys.safety import SafetyLimits, WorkerFailure, check_xlsx, map_isolated, run_isolated


@pytest.fixture(scope="module")
def model():
    return small_model()


@pytest.fixture(scope="module")
def clean(model, tmp_path_factory):
    return write_questionnaire(model, Expert("E1", "One"), tmp_path_factory.mktemp("clean") / "q.xlsx", lang="en")


def _refused(model, path, part_contains: str | None = None, message: str = ""):
    """check_xlsx and read_responses both refuse the file, quickly, naming it (and the part)."""
    start = time.perf_counter()
    problems = check_xlsx(path)
    assert problems, "check_xlsx accepted a hostile file"
    with pytest.raises(QuestionnaireError) as exc:
        read_responses(model, [path])
    assert time.perf_counter() - start < 20
    p = exc.value.problems[0]
    assert p.file == str(path) and p.severity == "error"
    if part_contains is not None:
        assert part_contains in p.sheet
    assert message in p.message, p.message
    return p


def test_clean_questionnaire_passes(clean):
    assert check_xlsx(clean) == []
    assert check_xlsx(clean.read_bytes(), name="upload.xlsx") == []


def test_huge_declared_dimension_is_refused_before_calamine(model, clean, tmp_path):
    part = sheet_part(clean, "Groups")

    def huge(xml: bytes) -> bytes:
        return xml.replace(b'<dimension ref="', b'<dimension ref="A1:XFD2000000" old="', 1) \
            if b"<dimension" in xml else xml.replace(b"<sheetData>", b'<dimension ref="A1:XFD2000000"/><sheetData>', 1)

    path = rewrite_zip(clean, tmp_path / "huge.xlsx", {part: huge})
    _refused(model, path, part_contains="worksheets", message="row 2,000,000")


def test_far_away_cell_without_dimension_is_refused(model, clean, tmp_path):
    part = sheet_part(clean, "Groups")

    def far(xml: bytes) -> bytes:
        import re

        xml = re.sub(rb"<dimension[^>]*/>", b"", xml)
        # single quotes and the r attribute last: the scan must still see it
        return xml.replace(b"</sheetData>", b"<row r='1048576'><c t='n' r='XFD1048576'><v>1</v></c></row></sheetData>")

    path = rewrite_zip(clean, tmp_path / "far.xlsx", {part: far})
    _refused(model, path, part_contains="worksheets", message="column 16,384")


def test_doctype_entity_is_refused(model, clean, tmp_path):
    bomb = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n'
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>')
    path = rewrite_zip(clean, tmp_path / "entity.xlsx", {}, extra={"xl/sharedStrings.xml": bomb})
    _refused(model, path, part_contains="sharedStrings", message="DOCTYPE")


def test_doctype_in_utf16_is_refused(clean, tmp_path):
    xml = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'.encode("utf-16")
    path = rewrite_zip(clean, tmp_path / "u16.xlsx", {}, extra={"xl/custom.xml": xml})
    assert "DOCTYPE" in check_xlsx(path)[0].message


def test_zip_bomb_ratio_is_refused_without_inflating(model, clean, tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(clean) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))
        zout.writestr("xl/media/padding.xml", b"<a>" + b" " * (30 * 1024 * 1024) + b"</a>")
    assert path.stat().st_size < 1024 * 1024
    _refused(model, path, part_contains="padding", message="zip bomb")


def test_declared_sizes_and_entry_counts(clean, tmp_path):
    path = rewrite_zip(clean, tmp_path / "many.xlsx", {}, extra={f"xl/x{k}.bin": b"" for k in range(40)})
    assert "zip entries" in check_xlsx(path, SafetyLimits(max_entries=30))[0].message
    big = check_xlsx(clean, SafetyLimits(max_part_bytes=1000))
    assert big and "declares" in big[0].message and big[0].sheet


def test_duplicate_and_traversal_names_are_refused(clean, tmp_path):
    path = tmp_path / "names.xlsx"
    with zipfile.ZipFile(clean) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))
        with pytest.warns(UserWarning, match="Duplicate name"):
            zout.writestr("xl/workbook.xml", b"<workbook/>")
        zout.writestr("../../etc/evil.xml", b"<x/>")
    messages = " ".join(p.message for p in check_xlsx(path))
    assert "twice" in messages and "unsafe path" in messages


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"id,S,W\nE1,3,5\n", "plain text"),
        (b"%PDF-1.7 ...", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "legacy .xls"),
        (b"", "empty"),
        (b"PK\x03\x04garbage", "damaged"),
    ],
)
def test_non_xlsx_content_is_refused_whatever_the_name(model, tmp_path, content, expected):
    path = tmp_path / "answers.xlsx"
    path.write_bytes(content)
    assert expected in check_xlsx(path)[0].message
    with pytest.raises(QuestionnaireError) as exc:
        read_responses(model, [path])
    assert exc.value.problems[0].file == str(path)


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hello")
    assert "not an Excel workbook" in check_xlsx(path)[0].message


def test_missing_file(tmp_path):
    assert "cannot be opened" in check_xlsx(tmp_path / "nope.xlsx")[0].message


# ---------------------------------------------------------------- workers with limits
def _crash(_):
    os.abort()


def _sleep(seconds):
    time.sleep(seconds)
    return "slept"


def _allocate(n_bytes):
    return len(bytearray(n_bytes))


def _square(x):
    return x * x


def _fail(_):
    raise RuntimeError("boom")


def test_map_isolated_runs_tasks_and_keeps_order():
    assert map_isolated(_square, range(7), workers=2) == [x * x for x in range(7)]
    assert map_isolated(_square, []) == []


def test_a_crashing_task_is_pinpointed_and_the_rest_succeed():
    results = map_isolated(_crash_or_square, [1, 2, -1, 3], workers=2)
    assert results[0] == 1 and results[1] == 4 and results[3] == 9
    assert isinstance(results[2], WorkerFailure) and "abnormally" in results[2].reason


def _crash_or_square(x):
    if x < 0:
        os.abort()
    return x * x


def test_timeouts_and_exceptions_become_failures():
    limits = SafetyLimits(timeout_seconds=1.0)
    start = time.perf_counter()
    result = run_isolated(_sleep, 30, limits)
    assert isinstance(result, WorkerFailure) and "longer than" in result.reason
    assert time.perf_counter() - start < 10
    failed = run_isolated(_fail, None)
    assert isinstance(failed, WorkerFailure) and "boom" in failed.reason


@pytest.mark.skipif(not hasattr(os, "fork"), reason="RLIMIT_AS is POSIX only")
def test_memory_limit_stops_a_runaway_worker():
    limits = SafetyLimits(worker_memory_bytes=600 * 1024 * 1024)
    result = run_isolated(_allocate, 4 * 1024 * 1024 * 1024, limits)
    assert isinstance(result, WorkerFailure)
    assert run_isolated(_allocate, 1024, limits) == 1024


def test_calamine_abort_on_a_huge_sheet_is_contained_in_its_worker(clean, tmp_path):
    """Even if a hostile file got past the checks, the native abort costs one worker, not the app."""
    from surveys.reader import read_workbook_values

    part = sheet_part(clean, "Groups")
    path = rewrite_zip(clean, tmp_path / "huge.xlsx", {
        part: lambda xml: xml.replace(b"</sheetData>", b'<row r="2000000"><c r="XFD2000000"><v>1</v></c></row></sheetData>')
    })
    results = map_isolated(read_workbook_values, [str(path), str(clean)], SafetyLimits(timeout_seconds=60), workers=2)
    assert isinstance(results[0], WorkerFailure)
    assert results[1]["map"] is not None


# ---------------------------------------------------------------- the long-lived pool
def _pid(_):
    return os.getpid()


def test_workers_are_kept_between_calls_and_recycled_after_n_files():
    from surveys.safety import ReaderPool

    pool = ReaderPool(max_workers=1, max_tasks=3)
    try:
        first = map_isolated(_pid, [0, 1, 2], pool=pool)
        assert len(set(first)) == 1 and first[0] != os.getpid()  # one worker, reused, not this process
        again = map_isolated(_pid, [0, 1], pool=pool)
        assert first[0] not in again and len(set(again)) == 1  # 3 files done: retired, a fresh one serves
        third = map_isolated(_pid, [0], pool=pool)
        assert third == again[:1]  # still under its 3 files: kept
        assert pool.started == 2
    finally:
        pool.shutdown()


def test_a_crash_or_timeout_replaces_the_worker_and_the_pool_goes_on():
    from surveys.safety import ReaderPool

    pool = ReaderPool(max_workers=1)
    try:
        before = map_isolated(_pid, [0], pool=pool)[0]
        results = map_isolated(_crash_or_square, [-1, 3], pool=pool)
        assert isinstance(results[0], WorkerFailure) and results[1] == 9
        after = map_isolated(_pid, [0], pool=pool)[0]
        assert after != before  # the crashed worker was replaced
        slow = map_isolated(_sleep, [30], SafetyLimits(timeout_seconds=0.5), pool=pool)[0]
        assert isinstance(slow, WorkerFailure) and "longer than" in slow.reason
        assert map_isolated(_pid, [0], pool=pool)[0] not in (before, after)
        os.kill(pool.pids()[0], 9)  # killed while idle (OOM killer, an operator): the next call still works
        assert map_isolated(_square, [4], pool=pool) == [16]
    finally:
        pool.shutdown()


def test_concurrent_callers_share_the_pool_within_its_size():
    from concurrent.futures import ThreadPoolExecutor

    from surveys.safety import ReaderPool

    pool = ReaderPool(max_workers=2)
    try:
        with ThreadPoolExecutor(6) as threads:
            outcomes = list(threads.map(lambda k: map_isolated(_pid, [k, k], pool=pool, workers=2), range(12)))
        pids = {pid for pair in outcomes for pid in pair}
        assert len(pids) <= 2 and pool.started <= 2  # never more processes than the pool allows
    finally:
        pool.shutdown()


# ---------------------------------------------------------------- the quick box and the exact count
def _with_cells(clean, tmp_path, name, cells: bytes, *, keep_dimension: bool = True):
    """The clean questionnaire with ``cells`` (XML rows) added to its Groups sheet, the dimension kept (a lie)."""
    part = sheet_part(clean, "Groups")

    def add(xml: bytes) -> bytes:
        import re

        if not keep_dimension:
            xml = re.sub(rb"<dimension[^>]*/>", b"", xml)
        return xml.replace(b"</sheetData>", cells + b"</sheetData>")

    return rewrite_zip(clean, tmp_path / name, {part: add})


@pytest.mark.parametrize("cells, shown", [
    (b'<row r="2000000"><c r="B2000000"><v>1</v></c></row>', "row 2,000,000"),  # under a small <dimension>
    (b'<row r="7"><c r="A0000001048576"><v>1</v></c></row>', "row 1,048,576"),  # leading zeros are still far
    (b"<row r = '7'><c t='n' r = 'AAAAA7'><v>1</v></c></row>", "column 475,255"),  # five letters, spaced, quoted
    (b'<row r="7"><c r="XFE1"><v>1</v></c></row>', "column 16,385"),  # one column past Excel's last
    (b'<row r="1048577"><c r="A1048577"><v>1</v></c></row>', "row 1,048,577"),  # one row past Excel's last
    (b'<row\nr\n=\n"7"><c\tr\t=\t\'AAAAA7\'><v>1</v></c></row>', "column 475,255"),  # newlines and tabs
    # no space after the previous attribute's quote: not well-formed XML, but calamine reads it as cell XFE7
    (b'<row r="7"><c t="n"r="XFE7"><v>1</v></c></row>', "column 16,385"),
    (b"<row r='7'><c t='n's='0'r='B2000000'><v>1</v></c></row>", "row 2,000,000"),
])
def test_a_small_dimension_does_not_hide_a_far_cell(model, clean, tmp_path, cells, shown):
    path = _with_cells(clean, tmp_path, "lie.xlsx", cells)
    _refused(model, path, part_contains="worksheets", message=shown)


def test_cells_beyond_the_quick_box_are_added_up_exactly(clean, tmp_path):
    """Rows past 999 or columns past ZZ are not refused for that: the used area is counted exactly."""
    near = _with_cells(clean, tmp_path, "near.xlsx", b'<row r="1500"><c r="KN1500"><v>1</v></c></row>')
    assert check_xlsx(near) == []  # 1,500 rows × 300 columns is a sane sheet
    refused = check_xlsx(near, SafetyLimits(max_cells=400_000))
    assert refused and "row 1,500" in refused[0].message and "worksheets" in refused[0].sheet


# Attributes Excel writes whose names end in "r", with numbers that would be far rows if read as a
# cell's r: the first page number ("Auto" is written as 4294967295), a date filter's year and hour, a
# custom view's filter flag.  Placed where the schema puts them (autoFilter and customSheetViews before
# mergeCells, pageSetup after pageMargins).
_PAGE_SETUP = (b'<pageSetup paperSize="9" firstPageNumber="4294967295" orientation="landscape" '
               b'useFirstPageNumber="1" horizontalDpi="4294967292" verticalDpi="4294967292"/>')
_BEFORE_MERGES = (b'<autoFilter ref="A1:B3"><filterColumn colId="0"><filters><dateGroupItem year="2024" month="3" '
                  b'day="5" hour="23" dateTimeGrouping="hour"/></filters></filterColumn></autoFilter>'
                  b'<customSheetViews><customSheetView guid="{3F2504E0-4F89-11D3-9A0C-0305E82C3301}" filter="1" '
                  b'showRuler="0"><pageSetup firstPageNumber="4294967295" useFirstPageNumber="1"/>'
                  b'</customSheetView></customSheetViews>')


def _with_excel_attributes(xml: bytes) -> bytes:
    import re

    anchor = re.search(rb"<mergeCells\b|<dataValidations\b|<pageMargins\b|</worksheet>", xml)
    xml = xml[:anchor.start()] + _BEFORE_MERGES + xml[anchor.start():]
    if b"<pageMargins" in xml:
        return re.sub(rb"(<pageMargins\b[^>]*/>)", lambda m: m.group(1) + _PAGE_SETUP, xml, count=1)
    margins = b'<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    return xml.replace(b"</worksheet>", margins + _PAGE_SETUP + b"</worksheet>", 1)


def test_attributes_ending_in_r_are_not_cell_references(model, tmp_path):
    """firstPageNumber="4294967295" is no row 4,294,967,295: an honest expert's answers are read, not refused."""
    from surveys import synthetic_panel

    filled = synthetic_panel(model, 1, seed=3, out_dir=tmp_path / "answers", lang="fa").paths[0]
    with zipfile.ZipFile(filled) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    path = rewrite_zip(filled, tmp_path / "page-setup.xlsx", dict.fromkeys(sheets, _with_excel_attributes))
    with zipfile.ZipFile(path) as z:
        assert all(b'firstPageNumber="4294967295"' in z.read(n) for n in sheets)
    assert check_xlsx(path) == []
    # a date filter's year="2024" is no row 2,024 either: the sheet's rows still fit in 1,000
    assert check_xlsx(path, SafetyLimits(max_rows=1_000)) == []
    got, want = read_responses(model, [path]), read_responses(model, [filled])
    assert got.problems == () and got.judgments.keys() == want.judgments.keys()
    for key, matrices in want.judgments.items():
        assert (got.judgments[key] == matrices).all(), key


def test_inspect_hands_back_the_parts_it_inflated(clean, tmp_path):
    from surveys.safety import inspect_xlsx

    problems, parts = inspect_xlsx(clean.read_bytes(), keep=True)
    with zipfile.ZipFile(clean) as z:
        xml = {n: z.read(n) for n in z.namelist() if n.endswith((".xml", ".rels"))}
    assert problems == [] and parts == xml
    assert inspect_xlsx(clean)[1] == {}  # not asked for
    lie = _with_cells(clean, tmp_path, "lie.xlsx", b'<row r="2000000"><c r="B2000000"><v>1</v></c></row>')
    problems, parts = inspect_xlsx(lie, keep=True)
    assert problems and parts == {}  # nothing of a refused file goes on


_DECOYS = ("firstPageNumber", "year", "hour", "filter", "border", "x:r", "xr")  # names ending in r, not r


@given(
    quote=st.sampled_from(['"', "'"]), before=st.sampled_from(["", " ", "\t"]), after=st.sampled_from(["", " "]),
    letters=st.text("ABCXYZaz", max_size=6), zeros=st.integers(0, 3), row=st.integers(0, 10**11),
    gap=st.sampled_from([" ", "\n", "\t", ""]), decoy=st.sampled_from(_DECOYS), decoy_row=st.integers(0, 2**32),
    decoy_first=st.booleans(),
)
def test_the_quick_search_finds_every_reference_outside_the_box(quote, before, after, letters, zeros, row, gap,
                                                                 decoy, decoy_row, decoy_first):
    """No reference the exact count would read as outside rows 1–999 × columns A–ZZ escapes the quick search;
    an attribute whose name merely ends in r (before or after the cell's r, spaced or not) is no reference."""
    from surveys.safety import _BOX_COLUMNS, _BOX_ROWS, _REF, _column_number, _far_reference

    ref = f'r{before}={after}{quote}{letters}{"0" * zeros}{row}{quote}'
    alone = f'<c {ref} s="1"><v>1</v></c>'.encode()
    other = f'{decoy}={quote}{letters}{decoy_row}{quote}'
    # the gap after a closing quote may be empty (calamine still reads the next attribute)
    attrs = f'{other}{gap}{ref}' if decoy_first else f'{ref}{gap}{other}'
    xml = f'<c t="n" {attrs} s="1"><v>1</v></c>'.encode()
    refs = _REF.findall(alone)
    assert _REF.findall(xml) == refs  # the decoy adds nothing, wherever it stands
    assert _REF.findall(f'<pageSetup {other}/>'.encode()) == []
    outside = [(letters_, digits) for letters_, digits in refs
               if int(digits) > _BOX_ROWS or (letters_ and _column_number(letters_) > _BOX_COLUMNS)]
    if outside:
        assert _far_reference(alone)
    assert _far_reference(xml) == _far_reference(alone)  # nor does the decoy make the quick search see a far cell
    assert not _far_reference(f'<pageSetup {other}/>'.encode())


def test_tasks_larger_and_smaller_than_a_pipe_reach_the_worker_whole():
    """An upload goes to a worker in one write where the pipe holds it, in turns where it does not."""
    from surveys.safety import ReaderPool

    pool = ReaderPool(max_workers=1)
    try:
        sizes = [0, 100_000, 1 << 20, 5 * (1 << 20) + 7]
        assert map_isolated(len, [b"x" * n for n in sizes], pool=pool) == sizes
        if hasattr(__import__("fcntl"), "F_GETPIPE_SZ"):
            import fcntl

            worker = pool.acquire(SafetyLimits().worker_memory_bytes, 1)[0]
            try:
                assert fcntl.fcntl(worker.proc.stdin.fileno(), fcntl.F_GETPIPE_SZ) >= 1 << 20
            finally:
                pool.release(worker)
    finally:
        pool.shutdown()


# ---------------------------------------------------------------- a large part, streamed in pieces
def _stored_with_part(clean, path, part: str, xml: bytes):
    """The clean questionnaire with ``part`` replaced by (or added as) ``xml``, stored uncompressed.

    Stored, so a few MB of padding is no zip bomb to the ratio check and the part's bytes are streamed as written.
    """
    with zipfile.ZipFile(clean) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != part:
                zout.writestr(info.filename, zin.read(info.filename))
        zout.writestr(part, xml, compress_type=zipfile.ZIP_STORED)
    return path


def _across_a_boundary(head: bytes, piece: bytes, split: int, tail: bytes, pad: bytes = b"<!-- -->") -> bytes:
    """``head`` + padding + ``piece`` + ``tail`` grown past the whole-part size, so that the scan's fourth
    streamed piece ends ``split`` bytes into ``piece``.  The padding is comments (an XML parser skips them)."""
    from surveys.safety import _CHUNK, _WHOLE

    boundary = 4 * _CHUNK
    before = boundary - split - len(head)
    assert before > 0 and 0 < split < len(piece)
    body = head + pad * (before // len(pad)) + b" " * (before % len(pad)) + piece
    assert body[boundary - split:boundary - split + len(piece)] == piece
    after = _WHOLE + _CHUNK - len(body) - len(tail)
    return body + pad * (after // len(pad) + 1) + tail


def _sheet_across(clean, tmp_path, piece: bytes, split: int, pad: bytes = b"<!-- -->", name: str = "large.xlsx"):
    part = sheet_part(clean, "Groups")
    with zipfile.ZipFile(clean) as z:
        xml = z.read(part)
    head, _, tail = xml.partition(b"</sheetData>")
    return _stored_with_part(clean, tmp_path / name, part, _across_a_boundary(head, piece, split, b"</sheetData>" + tail,
                                                                               pad))


@pytest.mark.parametrize("piece, split, shown", [
    # a row padded with 100 and with 1,000 leading zeros, cut in the middle of its zeros
    (b'<row r="7"><c r="A' + b"0" * 100 + b'2000000"><v>1</v></c></row>', 110, "row 2,000,000"),
    (b'<row r="7"><c r="A' + b"0" * 1000 + b'2000000"><v>1</v></c></row>', 520, "row 2,000,000"),
    (b'<row r="' + b"0" * 1000 + b'2000000"><c r="A7"><v>1</v></c></row>', 700, "row 2,000,000"),
    # spaces and newlines around "=", cut before and after it
    (b'<row r="7"><c r' + b" " * 500 + b"=" + b"\n" * 500 + b'"XFD7"><v>1</v></c></row>', 300, "column 16,384"),
    (b'<row r="7"><c r' + b" " * 500 + b"=" + b"\n" * 500 + b'"XFD7"><v>1</v></c></row>', 900, "column 16,384"),
    # a short reference cut anywhere (the digits themselves)
    (b'<row r="7"><c r="B2000000"><v>1</v></c></row>', 23, "row 2,000,000"),
])
def test_a_far_cell_across_a_streamed_piece_boundary_is_refused(model, clean, tmp_path, piece, split, shown):
    """A sheet part of 4 MB or more is scanned in pieces: a reference of any length cut by a piece boundary
    is still read whole."""
    path = _sheet_across(clean, tmp_path, piece, split)
    with zipfile.ZipFile(path) as z:
        from surveys.safety import _WHOLE

        assert z.getinfo(sheet_part(clean, "Groups")).file_size >= _WHOLE
    p = _refused(model, path, part_contains="worksheets", message=shown)
    assert "too far" in p.message or "reaching" in p.message


def test_an_endless_tag_in_a_streamed_sheet_is_refused_as_damaged(model, clean, tmp_path):
    """A run with no ">" longer than any cell's text is not carried from piece to piece without bound: refused."""
    piece = b'<row r="7"><c r="A' + b"0" * 600_000 + b'2000000"><v>1</v></c></row>'
    path = _sheet_across(clean, tmp_path, piece, 300_000)
    _refused(model, path, part_contains="worksheets", message="damaged part")


def test_a_doctype_and_a_shared_strings_count_across_a_boundary_are_refused(clean, tmp_path):
    doctype = b'<!' + b" " * 500 + b'DOCTYPE x SYSTEM "http://example.org/x.dtd">'
    custom = _across_a_boundary(b'<?xml version="1.0"?>', doctype, 200, b"<x/>")
    path = _stored_with_part(clean, tmp_path / "doctype.xlsx", "xl/custom.xml", custom)
    assert "DOCTYPE" in check_xlsx(path)[0].message
    sst = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="' + b"0" * 500 + b'2000000">'
    strings = _across_a_boundary(b'<?xml version="1.0"?>', sst, len(sst) - 5, b"<si><t>a</t></si></sst>")
    path = _stored_with_part(clean, tmp_path / "sst.xlsx", "xl/sharedStrings.xml", strings)
    problems = check_xlsx(path)
    assert problems and "shared strings" in problems[0].message and "2,000,000" in problems[0].message


def test_a_large_honest_sheet_is_still_accepted(clean, tmp_path):
    """Thousands of ordinary cells and an inline text as long as Excel allows (32,767 characters, escaped:
    114 KB), each cut by piece boundaries, are no reason to refuse a sheet."""
    rows = b"".join(b'<row r="%d"><c r="C%d" t="n"><v>1</v></c></row>' % (k, k) for k in range(1000, 11_000))
    text = ("پ&" * 16_384)[:32_767].replace("&", "&amp;").encode()
    assert len(text) > 100_000
    piece = rows + b'<row r="11000"><c r="D11000" t="inlineStr"><is><t>' + text + b"</t></is></c></row>"
    path = _sheet_across(clean, tmp_path, piece, len(rows) + 60_000, name="honest.xlsx")
    assert check_xlsx(path) == []
    near = _sheet_across(clean, tmp_path, b'<row r="950"><c r="ZZ' + b"0" * 30 + b'950"><v>1</v></c></row>', 40,
                         name="near.xlsx")
    assert check_xlsx(near) == []


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_doctype_across_a_boundary_in_utf16_is_refused(clean, tmp_path, encoding):
    """A UTF-16 part is decoded in the byte order its first bytes declare, in every streamed piece."""
    def enc(text: str) -> bytes:
        return text.encode(encoding)

    doctype = enc("<!" + " " * 300 + 'DOCTYPE x SYSTEM "http://example.org/x.dtd">')
    xml = _across_a_boundary("\ufeff".encode(encoding) + enc('<?xml version="1.0" encoding="UTF-16"?>'), doctype,
                             400, enc("<x/>"), pad=enc("<!-- -->"))
    path = _stored_with_part(clean, tmp_path / "u16.xlsx", "xl/custom.xml", xml)
    problems = check_xlsx(path)
    assert problems and "DOCTYPE" in problems[0].message


def test_a_large_blob_in_another_part_is_no_damaged_part(clean, tmp_path):
    """A part searched only for <!DOCTYPE (a Power Query's base64 blob in customXml, 6 MB without a ">") is
    not refused for its long text: only sheets and the shared strings need a reference read whole."""
    import base64

    blob = base64.b64encode(bytes(range(256)) * 18_000)  # about 6 MB of base64, not a ">" in it
    xml = b'<?xml version="1.0"?><DataMashup xmlns="http://schemas.microsoft.com/DataMashup">' + blob + b"</DataMashup>"
    path = _stored_with_part(clean, tmp_path / "query.xlsx", "customXml/item1.xml", xml)
    assert check_xlsx(path) == []
    # a DOCTYPE after the blob is still found
    path = _stored_with_part(clean, tmp_path / "query-doctype.xlsx", "customXml/item1.xml",
                             blob + b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')
    assert "DOCTYPE" in check_xlsx(path)[0].message


@pytest.mark.parametrize("attributes", [b'x=">"', b"x='>'", b'x=" uniqueCount=\'1\' >"'])
def test_a_shared_strings_count_behind_a_quoted_angle_bracket_is_found(clean, tmp_path, attributes):
    """An attribute value may hold ">" (or a decoy count): the count is still read, and refused when too high
    (calamine would otherwise try to allocate it and abort)."""
    sst = (b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           + attributes + b' uniqueCount="2000000000"><si><t>a</t></si></sst>')
    path = _stored_with_part(clean, tmp_path / "sst.xlsx", "xl/sharedStrings.xml", sst)
    problems = check_xlsx(path)
    assert problems and "shared strings" in problems[0].message and "2,000,000,000" in problems[0].message
