"""Facts about a received file before its contents are read: kind, content hash, text encoding."""

from __future__ import annotations

import hashlib
from pathlib import Path

from basics.progress import report

CHUNK = 1 << 22

TEXT_KINDS = {".csv": "csv", ".txt": "csv", ".tsv": "csv"}
SHEET_KINDS = {".xlsx": "xlsx", ".xlsm": "xlsx"}


class FileRefused(ValueError):
    """A file the pipeline will not load at all, with the one-line reason and what to do."""


class UnreadableFile(FileRefused):
    """A file that cannot be read as any kind of table we know."""


def short_name(name: str, limit: int = 100) -> str:
    """`name` cut to `limit` characters (keeping its extension), for copies made beside other
    names: a name near the file system's 255-byte limit cannot take a prefix."""
    if len(name) <= limit:
        return name
    suffix = Path(name).suffix[:12]
    return name[:limit - len(suffix)] + suffix


def file_kind(path: Path) -> str:
    """'csv', 'xlsx' or 'json', from the name and, for spreadsheets, the zip signature."""
    suffix = path.suffix.lower()
    if suffix in SHEET_KINDS:
        with path.open("rb") as f:
            if f.read(2) != b"PK":
                raise UnreadableFile(f"{path.name}: named {suffix} but is not an Excel workbook")
        return "xlsx"
    if suffix == ".xls":
        raise UnreadableFile(
            f"{path.name}: old-style .xls workbooks are not read; save it as .xlsx or .csv"
        )
    if suffix == ".json":
        return "json"
    return TEXT_KINDS.get(suffix, "csv")


def sha256_of(path: Path, label: str | None = None) -> str:
    """The file's SHA-256, the identity of its contents for lineage and reloads."""
    digest = hashlib.sha256()
    size = path.stat().st_size or 1
    done = 0
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
            done += len(chunk)
            report(label or f"hashing {path.name}", done / size)
    return digest.hexdigest()


def text_encoding(path: Path, sample_bytes: int = 1 << 20) -> str:
    """'utf-8-sig' (byte-order mark), 'utf-8', 'utf-16' (Excel's "Unicode text"), or 'cp1252'
    (Windows exports), from the file's start.

    A file that is not valid UTF-8 in its first megabyte is taken as Windows-1252, the encoding of
    Excel's 'CSV' export on English Windows; a non-UTF-8 byte later in a file is caught by the
    reader, which then re-reads the file as Windows-1252. UTF-16 is known by its byte-order mark,
    or without one by the zero byte beside every ASCII character; read as anything else it would
    be garbled, so it is read as UTF-16.
    """
    with path.open("rb") as f:
        head = f.read(sample_bytes)
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if utf16 := _utf16_without_mark(head):
        return utf16
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as err:
        # A multi-byte character cut at the sample's end is not a sign of another encoding.
        if err.start < len(head) - 4:
            return "cp1252"
    return "utf-8"


def _utf16_without_mark(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when every other byte of the sample is zero (ASCII text in
    UTF-16), else None."""
    sample = head[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None
