"""What an uploaded file really is, judged by its bytes, never by its name.

A filled questionnaire must be an Office Open XML workbook (a zip holding
``[Content_Types].xml`` and ``xl/workbook.xml``); a zip without them is an
archive of workbooks and is unpacked here, within limits (member count,
unpacked size, compression ratio, no ``..`` or absolute names, no nested
archives).  The deeper checks of a workbook's own XML (entities, sheet
dimensions) belong to :mod:`surveys`' reader, which every workbook goes
through afterwards.

A zip is taken as an archive of answers only when it holds a workbook: a Word
or PowerPoint file (also a zip) or a zip of text files renamed ``.xlsx`` is
refused as not a workbook, and nothing inside it is stored.  A damaged member
(a wrong checksum, an unsupported compression method, broken compressed data,
a password) refuses the archive with the member's name and what is wrong, in
the planner's language (:data:`surveys.messages.FILE_TEXT`).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass

from mcda.digits import localize_digits
from surveys.messages import file_text

__all__ = ["sniff", "describe", "not_a_workbook", "refusal", "Member", "unpack_archive", "ArchiveRefused", "XLSX", "ZIP",
           "DOCUMENT", "TEXT", "OTHER", "WORKBOOK_NAMES"]

XLSX, ZIP, DOCUMENT, TEXT, OTHER = "xlsx", "zip", "document", "text", "other"
#: names a workbook goes by: a zip under such a name is a renamed file, not an archive of answers
WORKBOOK_NAMES = (".xlsx", ".xlsm", ".xltx", ".xls")

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_RATIO = 200  # unpacked / packed size of one member; workbooks compress ~5–20×


def _zip_names(data: bytes) -> list[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def sniff(data: bytes, filename: str = "") -> str:
    """``xlsx``, ``zip`` (an archive holding workbooks), ``document`` (an Office file that is not a
    workbook), ``text`` (UTF-8) or ``other``.

    A zip under a workbook's name (``answers.xlsx``) that is not a workbook is ``other``: a renamed
    file, refused, never unpacked.
    """
    if data.startswith(_ZIP_MAGIC):
        names = _zip_names(data)
        if names is None:
            return OTHER
        present = set(names)
        if "[Content_Types].xml" in present and "xl/workbook.xml" in present:
            return XLSX
        if "[Content_Types].xml" in present or "mimetype" in present:
            return DOCUMENT
        if filename.lower().endswith(WORKBOOK_NAMES):
            return OTHER
        if not any(n.lower().endswith(".xlsx") and not _is_junk(n) for n in names):
            return OTHER
        return ZIP
    if data.startswith(_OLE_MAGIC) or b"\x00" in data[:8192]:
        return OTHER
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return OTHER
    return TEXT


def refusal(data: bytes, filename: str, lang: str) -> tuple[str, str] | None:
    """``(message, expected)`` in ``lang`` for a zip that is not what it claims (see :func:`sniff`), or None."""
    if not data.startswith(_ZIP_MAGIC):
        return None
    names = _zip_names(data)
    if names is None:
        return file_text("damaged_zip", lang)
    present = set(names)
    if "[Content_Types].xml" in present and "xl/workbook.xml" in present:
        return None
    if "[Content_Types].xml" in present or "mimetype" in present:
        kind = ("word" if any(n.startswith("word/") for n in names) else
                "powerpoint" if any(n.startswith("ppt/") for n in names) else
                "opendocument" if "mimetype" in present else "office")
        return file_text("document", lang, document=file_text(kind, lang)[0])
    if filename.lower().endswith(WORKBOOK_NAMES):
        return file_text("zip_not_workbook", lang)
    if not any(n.lower().endswith(".xlsx") and not _is_junk(n) for n in names):
        return file_text("no_workbook_in_zip", lang)
    return None


def describe(data: bytes, lang: str = "en") -> str:
    """A few words on what a refused file looks like, for the message, in ``lang``."""
    if data.startswith(_OLE_MAGIC):
        key = "old_xls"
    elif data.startswith(b"%PDF"):
        key = "pdf"
    elif data[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xe1"):
        key = "image"
    else:
        key = {TEXT: "text_file", ZIP: "zip_other", DOCUMENT: "office"}.get(sniff(data), "other_file")
    return file_text(key, lang)[0]


def not_a_workbook(data: bytes, lang: str) -> tuple[str, str]:
    """``(message, expected)`` for a file that is not an Excel workbook, in ``lang``."""
    return file_text("not_workbook", lang, kind=describe(data, lang))


class ArchiveRefused(ValueError):
    """A zip of uploads that cannot be unpacked safely; ``expected`` says what to send instead."""

    def __init__(self, message: str, expected: str = ""):
        super().__init__(message)
        self.expected = expected


def _megabytes(size: int, lang: str) -> str:
    """``size`` bytes in MB with one decimal, in the language's digits (``20.5``, ``۲۰٫۵``)."""
    text = f"{size / 1e6:,.1f}"
    return localize_digits(text.translate(str.maketrans({",": "٬", ".": "٫"})), "fa") if lang == "fa" else text


def _refused(key: str, lang: str, **fields) -> ArchiveRefused:
    return ArchiveRefused(*file_text(key, lang, **fields))


def _damage(info: zipfile.ZipInfo, error: BaseException, lang: str) -> ArchiveRefused:
    """A member that cannot be inflated, named, with what is wrong (never a server error)."""
    member = info.filename
    if info.flag_bits & 0x1 or (isinstance(error, RuntimeError) and "password" in str(error)):
        key, fields = "encrypted", {}
    elif isinstance(error, NotImplementedError):
        key, fields = "unsupported_method", {"method": int(info.compress_type)}
    elif isinstance(error, zipfile.BadZipFile) and "CRC" in str(error):
        key, fields = "bad_crc", {}
    else:  # zlib.error, a truncated stream, a lying header
        key, fields = "broken_deflate", {}
    return ArchiveRefused(*file_text(key, lang, member=member, **fields))


#: what reading a damaged member raises: a wrong CRC, an unknown method (9 = Deflate64), broken deflate
#: data, a password, a stream cut short
MEMBER_ERRORS = (zipfile.BadZipFile, NotImplementedError, zlib.error, RuntimeError, EOFError, OSError, ValueError)


@dataclass(frozen=True, slots=True)
class Member:
    name: str
    data: bytes


def unpack_archive(data: bytes, *, max_members: int, max_total_bytes: int, max_member_bytes: int,
                   lang: str = "en") -> list[Member]:
    """The regular files of a zip archive, checked before anything is inflated.

    Raises :class:`ArchiveRefused` (worded in ``lang``) for any archive that cannot be
    unpacked whole: no member is returned from an archive with one bad member.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ArchiveRefused(*file_text("damaged_zip", lang)) from error
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        infos = [i for i in infos if not _is_junk(i.filename)]
        if len(infos) > max_members:
            raise _refused("archive_too_many", lang, n=len(infos), most=max_members)
        total = 0
        seen = set()
        for info in infos:
            name = info.filename
            normal = posixpath.normpath(name)
            if name.startswith(("/", "\\")) or normal.startswith("..") or ":" in name:
                raise _refused("archive_outside", lang, member=name)
            if normal in seen:
                raise _refused("archive_twice", lang, member=name)
            seen.add(normal)
            if info.file_size > max_member_bytes:
                raise _refused("archive_member_large", lang, member=name, size=_megabytes(info.file_size, lang),
                               most=_megabytes(max_member_bytes, lang))
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
                raise _refused("archive_ratio", lang, member=name, ratio=info.file_size // info.compress_size)
            total += info.file_size
        if total > max_total_bytes:
            raise _refused("archive_total", lang, size=_megabytes(total, lang), most=_megabytes(max_total_bytes, lang))
        members = []
        for info in infos:
            if info.flag_bits & 0x1:
                raise _damage(info, RuntimeError("password"), lang)
            # read at most the declared size + 1: a lying header cannot inflate further
            try:
                with archive.open(info) as handle:
                    content = handle.read(info.file_size + 1)
            except MEMBER_ERRORS as error:
                raise _damage(info, error, lang) from error
            if len(content) > info.file_size:
                raise _refused("archive_lying", lang, member=info.filename)
            members.append(Member(posixpath.basename(info.filename) or info.filename, content))
        return members


def _is_junk(name: str) -> bool:
    base = posixpath.basename(name)
    return name.startswith("__MACOSX/") or base.startswith("._") or base in {".DS_Store", "Thumbs.db", "desktop.ini"}
