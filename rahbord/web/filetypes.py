"""What an uploaded file really is, judged by its bytes, never by its name.

A filled questionnaire must be an Office Open XML workbook (a zip holding
``[Content_Types].xml`` and ``xl/workbook.xml``); a zip without them is an
archive of workbooks and is unpacked here, within limits (member count,
unpacked size, compression ratio, no ``..`` or absolute names, no nested
archives).  The deeper checks of a workbook's own XML (entities, sheet
dimensions) belong to :mod:`surveys`' reader, which every workbook goes
through afterwards.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass

__all__ = ["sniff", "Member", "unpack_archive", "ArchiveRefused", "XLSX", "ZIP", "TEXT", "OTHER"]

XLSX, ZIP, TEXT, OTHER = "xlsx", "zip", "text", "other"

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_RATIO = 200  # unpacked / packed size of one member; workbooks compress ~5–20×


def sniff(data: bytes) -> str:
    """``xlsx``, ``zip`` (an archive of other files), ``text`` (UTF-8) or ``other``."""
    if data.startswith(_ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return OTHER
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return XLSX
        return ZIP
    if data.startswith(_OLE_MAGIC) or b"\x00" in data[:8192]:
        return OTHER
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return OTHER
    return TEXT


def describe(data: bytes) -> str:
    """A few words on what a refused file looks like, for the message."""
    if data.startswith(_OLE_MAGIC):
        return "an old-style .xls / Office 97 file"
    if data.startswith(b"%PDF"):
        return "a PDF document"
    if data[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xe1"):
        return "an image"
    kind = sniff(data)
    return {TEXT: "a text file", ZIP: "a zip archive that is not a workbook", OTHER: "not a workbook"}.get(kind, kind)


class ArchiveRefused(ValueError):
    """A zip of uploads that cannot be unpacked safely."""


@dataclass(frozen=True, slots=True)
class Member:
    name: str
    data: bytes


def unpack_archive(data: bytes, *, max_members: int, max_total_bytes: int, max_member_bytes: int) -> list[Member]:
    """The regular files of a zip archive, checked before anything is inflated."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ArchiveRefused(f"not a readable zip archive ({error})") from error
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        infos = [i for i in infos if not _is_junk(i.filename)]
        if len(infos) > max_members:
            raise ArchiveRefused(f"the archive holds {len(infos)} files; at most {max_members} are accepted at once")
        total = 0
        seen = set()
        for info in infos:
            name = info.filename
            normal = posixpath.normpath(name)
            if name.startswith(("/", "\\")) or normal.startswith("..") or ":" in name:
                raise ArchiveRefused(f"the archive names a file outside itself: {name!r}")
            if normal in seen:
                raise ArchiveRefused(f"the archive holds {name!r} twice")
            seen.add(normal)
            if info.file_size > max_member_bytes:
                raise ArchiveRefused(
                    f"{name} unpacks to {info.file_size:,} bytes; one file may be at most {max_member_bytes:,}"
                )
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
                raise ArchiveRefused(f"{name} is compressed {info.file_size // info.compress_size}× (a zip bomb?)")
            total += info.file_size
        if total > max_total_bytes:
            raise ArchiveRefused(f"the archive unpacks to {total:,} bytes; at most {max_total_bytes:,} are accepted")
        members = []
        for info in infos:
            # read at most the declared size + 1: a lying header cannot inflate further
            with archive.open(info) as handle:
                content = handle.read(info.file_size + 1)
            if len(content) > info.file_size:
                raise ArchiveRefused(f"{info.filename} is larger than its zip header says")
            members.append(Member(posixpath.basename(info.filename) or info.filename, content))
        return members


def _is_junk(name: str) -> bool:
    base = posixpath.basename(name)
    return name.startswith("__MACOSX/") or base.startswith("._") or base in {".DS_Store", "Thumbs.db", "desktop.ini"}
