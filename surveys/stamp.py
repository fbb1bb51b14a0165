"""Many copies of one workbook that differ only in a few texts: build once, stamp each copy.

A panel's questionnaires are the same workbook but for the expert's name, id,
role, e-mail and weight (on the sheet headers, the instructions and the
hidden ``_rahbord`` sheet) and the map's checksum.  Building and saving one
with openpyxl takes a few hundred milliseconds, most of it the live
consistency formulas; writing the same bytes again with a few texts
replaced takes a few.  :class:`StampedWorkbook` keeps a saved workbook whose
varying texts are *tokens* (ASCII words that occur nowhere else), keeps
every zip entry without a token in its compressed form, and for each copy
fills the tokens with XML-escaped values and writes a new zip: only the
entries that hold a token are compressed again.

The caller decides what may be stamped: a value goes verbatim into the
XML text of cells, so it must not need anything the writer would have done
differently (no control characters, no leading or trailing white space —
see :func:`stampable`).
"""

from __future__ import annotations

import re
import struct
import time
import zipfile
import zlib
from collections.abc import Mapping
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

__all__ = ["StampedWorkbook", "stampable", "token"]

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_DEFLATE = 8
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def token(name: str) -> str:
    """The placeholder text of the field ``name`` (ASCII letters and digits: written verbatim in XML)."""
    if not name.isalnum() or not name.isascii():
        raise ValueError(f"a stamp field name must be ASCII letters and digits (got {name!r})")
    return f"RahbordStampQ{name}Q"


def stampable(value: str) -> bool:
    """Whether ``value`` can replace a token as it is: no control characters, no outer white space."""
    return not _CONTROL.search(value) and value == value.strip()


def _dos_time(moment: float) -> tuple[int, int]:
    t = time.localtime(moment)
    year = max(1980, t.tm_year)
    return (t.tm_hour << 11) | (t.tm_min << 5) | (t.tm_sec // 2), ((year - 1980) << 9) | (t.tm_mon << 5) | t.tm_mday


class StampedWorkbook:
    """A saved .xlsx (``data``) whose ``fields`` tokens are filled in per copy by :meth:`write`."""

    def __init__(self, data: bytes, fields: tuple[str, ...]):
        self.fields = tuple(fields)
        marks = {token(f).encode("ascii"): f for f in self.fields}
        pattern = re.compile(b"|".join(re.escape(m) for m in marks))
        # per entry: ("raw", name, crc, size, compressed) or ("stamp", name, [bytes | field, ...])
        self._entries: list[tuple] = []
        found: set[str] = set()
        with zipfile.ZipFile(BytesIO(data)) as archive:
            for info in archive.infolist():
                content = archive.read(info)  # checks the CRC
                parts: list[bytes | str] = []
                at = 0
                for match in pattern.finditer(content):
                    parts.append(content[at:match.start()])
                    parts.append(marks[match.group()])
                    found.add(marks[match.group()])
                    at = match.end()
                if parts:
                    parts.append(content[at:])
                    self._entries.append(("stamp", info.filename, parts))
                else:
                    self._entries.append(("raw", info.filename, info.CRC, info.file_size, _packed(data, info, content)))
        missing = [f for f in self.fields if f not in found]
        if missing:
            raise ValueError(f"the workbook holds no token for {', '.join(missing)}")

    def write(self, path, values: Mapping[str, str]) -> Path:
        """Write a copy with every token replaced by ``values[field]`` (XML-escaped) to ``path``."""
        filled = {f: escape(str(values[f])).encode("ascii", "xmlcharrefreplace") for f in self.fields}
        clock, day = _dos_time(time.time())
        out = bytearray()
        central = bytearray()
        for entry in self._entries:
            name = entry[1].encode("utf-8")
            if entry[0] == "raw":
                crc, size, packed = entry[2], entry[3], entry[4]
            else:
                content = b"".join(p if isinstance(p, bytes) else filled[p] for p in entry[2])
                crc, size, packed = zlib.crc32(content), len(content), _deflate(content)
            offset = len(out)
            out += _LOCAL.pack(0x04034B50, 20, 0x800, _DEFLATE, clock, day, crc, len(packed), size, len(name), 0)
            out += name
            out += packed
            central += _CENTRAL.pack(0x02014B50, 20, 20, 0x800, _DEFLATE, clock, day, crc, len(packed), size,
                                     len(name), 0, 0, 0, 0, 0, offset)
            central += name
        n = len(self._entries)
        end = _END.pack(0x06054B50, 0, 0, n, n, len(central), len(out), 0)
        path = Path(path)
        path.write_bytes(bytes(out + central + end))
        return path


def _packed(data: bytes, info: zipfile.ZipInfo, content: bytes) -> bytes:
    """The entry's deflated bytes as they are in ``data`` (no second compression), else deflated here."""
    if info.compress_type != zipfile.ZIP_DEFLATED:
        return _deflate(content)
    start = info.header_offset
    signature, *_, name_length, extra_length = _LOCAL.unpack_from(data, start)
    if signature != 0x04034B50:  # pragma: no cover - zipfile read it through the same header
        return _deflate(content)
    start += _LOCAL.size + name_length + extra_length
    return data[start:start + info.compress_size]


def _deflate(content: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return packer.compress(content) + packer.flush()
