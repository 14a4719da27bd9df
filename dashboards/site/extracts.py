"""The funder extracts the site links to, as their index (`site/extracts/index.json`) lists
them. The extracts are built by their own asset; when the index is missing or unreadable the
pages say the extracts are not built yet, and the site is published all the same.

Paths come from a file, so each is checked before it becomes a link: relative, inside the site
folder, present on disk, never a URL (no `javascript:` link can come from the index).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote


@dataclass(frozen=True)
class ExtractFile:
    href: str          # relative to the site folder, URL-quoted
    name: str
    format: str
    table: str
    bytes: int | None


@dataclass(frozen=True)
class Extract:
    partnership_id: str
    partnership_name: str
    files: list[ExtractFile]
    zip_href: str | None = None
    zip_bytes: int | None = None


@dataclass(frozen=True)
class ExtractIndex:
    extracts: dict[str, Extract] = field(default_factory=dict)
    built_at: str | None = None
    problem: str | None = None   # why there are no extracts to link to

    def get(self, partnership_id: str) -> Extract | None:
        return self.extracts.get(partnership_id)


def safe_href(site: Path, path: object) -> str | None:
    """`path` (relative to the site folder) as a quoted relative link, or None when it is not
    a plain relative path to a file inside the site."""
    if not isinstance(path, str) or not path or "\\" in path or re.match(r"^[a-zA-Z]+:", path):
        return None
    pure = PurePosixPath(path)
    if pure.is_absolute() or any(part in ("..", "") for part in pure.parts):
        return None
    target = (site / pure).resolve()
    if not target.is_file() or site.resolve() not in target.parents:
        return None
    return quote(pure.as_posix())


def read_index(site: Path) -> ExtractIndex:
    """The extracts listed in `site/extracts/index.json` that are really there."""
    file = site / "extracts" / "index.json"
    if not file.exists():
        return ExtractIndex(problem="The funder extracts have not been built yet.")
    try:
        index = json.loads(file.read_text(encoding="utf-8"))
        entries = index["extracts"]
    except (OSError, ValueError, KeyError, TypeError):
        return ExtractIndex(problem="The funder extracts' index could not be read; the "
                                    "extracts will be linked once they are rebuilt.")
    extracts = {}
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("partnership_id"), str):
            continue
        pid = entry["partnership_id"]
        files, zips = [], []
        for item in entry.get("files") or []:
            href = safe_href(site, item.get("path")) if isinstance(item, dict) else None
            if href:
                size = item.get("bytes")
                file = ExtractFile(
                    href=href, name=PurePosixPath(item["path"]).name,
                    format=str(item.get("format") or ""), table=str(item.get("table") or ""),
                    bytes=size if isinstance(size, int) else None)
                (zips if file.name.endswith(".zip") else files).append(file)
        if not zips and safe_href(site, f"extracts/{pid}.zip"):
            zipped = site / "extracts" / f"{pid}.zip"
            zips.append(ExtractFile(href=safe_href(site, f"extracts/{pid}.zip"),
                                    name=zipped.name, format="zip", table="",
                                    bytes=zipped.stat().st_size))
        extracts[pid] = Extract(
            partnership_id=pid, partnership_name=str(entry.get("partnership_name") or pid),
            files=files, zip_href=zips[0].href if zips else None,
            zip_bytes=zips[0].bytes if zips else None)
    return ExtractIndex(extracts=extracts, built_at=str(index.get("built_at") or "") or None)


def size(n: int | None) -> str:
    if n is None:
        return ""
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024
    return ""
