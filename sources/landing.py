"""The landing archive: a copy of every file received, and the partitions it reports on.

Files land under `<SOCIALVALUE_HOME>/landing/<dataset>/<scope folder>/`, named by the first 12
characters of their SHA-256 and their original name (shortened if long), each with a JSON manifest
beside it. The scope often comes from inside the file (a funder's org id, a catalogue's framework
and edition), so it never becomes a path as it is: a scope that is not a plain slug gets a folder
named by a slug of it and a hash (`scope_folder`), and the manifest keeps the scope itself.

A partition run (a council's month, a partnership's quarter) loads the newest landed file that
reports on that partition, so a corrected re-issue replaces the earlier file simply by arriving
later, and a backfill reloads exactly what was received.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from basics.files import sha256_of, short_name
from basics.progress import report
from basics.settings import paths

MANIFEST_SUFFIX = ".manifest.json"
# A scope that can be a folder name as it is: what council and partnership slugs look like.
PLAIN_SCOPE = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


@dataclass(frozen=True)
class LandedFile:
    """One received file as archived: its copy, its identity and what it reports on."""

    dataset: str
    scope: str
    sha256: str
    path: str
    original_path: str
    landed_at: str
    periods: list[str]
    period_label: str | None
    url: str | None = None         # a file collected from a portal: its address there
    fetched_at: str | None = None  # and when it was fetched
    # What detecting the file found when it was received (its layout, how its dates are
    # written), for the load to read it by; None in an archive landed before it travelled.
    detected: dict | None = None

    @property
    def file(self) -> Path:
        return Path(self.path)

    @property
    def received_as(self) -> Path | Remote:
        """What lineage names as the file's origin: the path it was sent from, or its address."""
        if self.url:
            return Remote(self.url, self.file.name.split("-", 1)[-1])
        return Path(self.original_path)


@dataclass(frozen=True)
class Remote:
    """A file's address on a council's portal, standing for a local path in lineage (its text
    is the address, its name the file's)."""

    url: str
    name: str

    def __str__(self) -> str:
        return self.url


def land(dataset: str, scope: str, source: Path, periods: list[str],
         period_label: str | None, url: str | None = None,
         fetched_at: str | None = None, detected: dict | None = None) -> LandedFile:
    """Archive `source` (fetched from `url` at `fetched_at`, for a file collected from a
    portal) with what detection found in it, if any; landing the same bytes twice keeps the
    first arrival."""
    folder = paths().landing / dataset / scope_folder(scope)
    folder.mkdir(parents=True, exist_ok=True)
    name = short_name(source.name)
    partial = folder / f".incoming-{name}"
    digest = _copy_hashing(source, partial)
    target = folder / f"{digest[:12]}-{name}"
    manifest = target.with_name(target.name + MANIFEST_SUFFIX)
    if manifest.exists():
        partial.unlink()
        return _read(manifest)
    partial.replace(target)
    landed = LandedFile(dataset, scope, digest, str(target), url or str(source.resolve()),
                        dt.datetime.now().isoformat(timespec="microseconds"), sorted(periods),
                        period_label, url, fetched_at, detected)
    manifest.write_text(json.dumps(asdict(landed), indent=2))
    return landed


def scope_folder(scope: str) -> str:
    """The landing folder of `scope`: the scope itself when it is a plain slug (`oldham`), else
    a slug of it and a hash of the whole (`illustrative-2026-27-3f9a1c2b7d`), so that text from
    inside a file (`../../x`, `/var/x`, `2026/27`) never names a path."""
    if PLAIN_SCOPE.fullmatch(scope):
        return scope
    slug = re.sub(r"[^a-z0-9]+", "-", scope.lower()).strip("-")[:40] or "scope"
    return f"{slug}-{hashlib.sha256(scope.encode()).hexdigest()[:10]}"


def landed_files(dataset: str, scope: str | None = None) -> list[LandedFile]:
    root = paths().landing / dataset
    # A scope that is not a plain slug is looked for in every folder, by its manifests: an
    # archive written before scope folders were hashed has it under its own name.
    folder = scope if scope and PLAIN_SCOPE.fullmatch(scope) else "*"
    found = (_read(m) for m in root.glob(f"{folder}/*{MANIFEST_SUFFIX}"))
    return sorted((f for f in found if scope is None or f.scope == scope),
                  key=lambda f: f.landed_at)


def current_files(dataset: str, scope: str, periods: list[str]) -> dict[str, LandedFile]:
    """For each period, the newest landed file of `scope` that reports on it."""
    chosen: dict[str, LandedFile] = {}
    for landed in landed_files(dataset, scope):
        for period in landed.periods:
            if period in periods:
                chosen[period] = landed  # files are in arrival order: later ones win
    return chosen


def _copy_hashing(source: Path, target: Path) -> str:
    """Copy `source` to `target` and return the SHA-256 of the copy: the kernel copies (no pass
    through Python), then the copy itself is hashed, so the hash is of the bytes archived."""
    report(f"receiving {source.name}", None)
    shutil.copyfile(source, target)
    return sha256_of(target, label=f"receiving {source.name}")


def _read(manifest: Path) -> LandedFile:
    return LandedFile(**json.loads(manifest.read_text()))
