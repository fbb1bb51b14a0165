"""Archives of uploads refused before anything is inflated, each refusal worded in the page's language.

The planner who zips the panel's workbooks reads why an archive was refused in
Persian on a Persian page (Persian digits; only the names inside the zip stay
as they are) and in English on an English one.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from rahbord.web.filetypes import ArchiveRefused, unpack_archive

LIMITS = {"max_members": 3, "max_total_bytes": 3_000_000, "max_member_bytes": 2_000_000}


def _zip(members: list[tuple[str, bytes]], compression=zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return buffer.getvalue()


def _duplicate() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive, pytest.warns(UserWarning, match="Duplicate name"):
        archive.writestr("a.xlsx", b"1")
        archive.writestr("a.xlsx", b"2")
    return buffer.getvalue()


CASES = {
    "too many": (lambda: _zip([(f"q{k}.xlsx", b"x") for k in range(4)]), "4 files; at most 3", "۴ فایل", "۳ فایل"),
    "outside": (lambda: _zip([("../../evil.xlsx", b"x")]), "outside itself", "بیرون از خودش", "../../evil.xlsx"),
    "twice": (_duplicate, "a.xlsx twice", "دو بار", "a.xlsx"),
    "member large": (lambda: _zip([("big.xlsx", b"x" * 2_100_000)]), "2.1 MB; one file may be at most 2.0 MB",
                     "۲٫۱ مگابایت", "۲٫۰ مگابایت"),
    "bomb": (lambda: _zip([("bomb.xlsx", b"\0" * 1_500_000)], zipfile.ZIP_DEFLATED), "compressed", "برابر فشرده",
             "bomb.xlsx"),
    "total": (lambda: _zip([(f"q{k}.xlsx", b"x" * 1_100_000) for k in range(3)]), "3.3 MB; at most 3.0 MB",
              "۳٫۳ مگابایت", "۳٫۰ مگابایت"),
}


@pytest.mark.parametrize("case", CASES)
def test_an_archive_is_refused_in_english_and_in_persian(case):
    make, english, *persian = CASES[case]
    data = make()
    with pytest.raises(ArchiveRefused) as en:
        unpack_archive(data, **LIMITS, lang="en")
    assert english in str(en.value) and en.value.expected
    with pytest.raises(ArchiveRefused) as fa:
        unpack_archive(data, **LIMITS, lang="fa")
    message = str(fa.value)
    for said in persian:
        assert said in message, (said, message)
    for text in (message, fa.value.expected):
        bare = re.sub(r"\S*\.xlsx", "", text)  # names inside the zip are shown as they are
        assert not re.search(r"[A-Za-z0-9]", bare), text


def test_a_sound_archive_unpacks():
    members = unpack_archive(_zip([("one.xlsx", b"1"), ("two.xlsx", b"22")]), **LIMITS, lang="fa")
    assert [(m.name, m.data) for m in members] == [("one.xlsx", b"1"), ("two.xlsx", b"22")]
