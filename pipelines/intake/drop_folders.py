"""Drop folders: files analysts put in `inbox/` are received, then moved out of the way.

`inbox/spend/<council>/` takes a council's spend files; `inbox/outcomes/` partners' outcome
returns (each file names its partnership; a sub-folder named after a partnership makes sure of
it); `inbox/<dataset>/` each reference dataset, under the names the `ingest` command uses
(`partnerships`, `partners`, `catalogue`, `prices`, `evidence`, `self-assessment`, `grants`,
`inputs`, and the organisation registers `charities-ew`, `charities-scotland`, `charities-ni`,
`companies`, `mutuals`, `housing-providers`).
A file is listed once it has not changed for a few seconds (so a copy in progress is not read
half-written); the sensors (pipelines/sensors.py) only list, and the `receive_dropped` run
(pipelines/receiving.py) receives. A file received is moved to `processed/` beside it; a refused
file is moved to `refused/<dataset>/<scope>/` with its error report beside it
(`<name>.error.txt`), so the inbox only ever holds what is still to do.

Each file is received alone: whatever goes wrong with one (a limit, a damaged workbook, a name the
file system cannot copy), it is refused with its reason and the others in the same run go on. A
symbolic link is refused without being followed (it could point anywhere on the machine), and so
is a linked folder.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from basics.files import FileRefused, short_name
from basics.settings import paths
from pipelines.intake import (
    Received,
    receive_outcomes,
    receive_reference,
    receive_spend,
    record_refusal,
)
from sources.datasets import OUTCOMES, SPEND, reference_datasets
from sources.spend.profiles import BadProfile, UnknownCouncil, get_profile, profile_problems

SETTLE_SECONDS = 10
PROCESSED = "processed"
# inbox folder -> reference dataset, as declared (sources/datasets.py; the folder names are the
# `socialvalue ingest` verbs)
REFERENCE_FOLDERS = {d.folder: d.name for d in reference_datasets()}


@dataclass(frozen=True)
class Dropped:
    """A file found in a drop folder, ready to receive."""

    dataset: str
    scope: str | None
    path: Path


def waiting_spend(now: float | None = None, settle: float = SETTLE_SECONDS
                  ) -> tuple[list[Dropped], list[str]]:
    """Spend files ready in the inbox, and notes on folders that cannot be used."""
    inbox = paths().inbox / SPEND.folder
    inbox.mkdir(parents=True, exist_ok=True)
    now = time.time() if now is None else now
    ready, notes = [], []
    for folder in sorted(p for p in inbox.iterdir() if p.is_dir()):
        if folder.is_symlink():
            notes.append(f"{folder}: a linked folder, not read; put the files themselves in "
                         "the inbox")
            continue
        files = _settled(folder, now, settle)
        if not files:
            continue
        # Any council's name or code names its folder; a profile's slug names another body's.
        try:
            council = get_profile(folder.name).slug
        except (UnknownCouncil, BadProfile) as err:
            notes.append(f"{folder}: {err}")
            continue
        ready += [Dropped(SPEND.name, council, f) for f in files]
    # A profile file that cannot be read stops only its council, but is worth saying each tick.
    return ready, notes + profile_problems()


def waiting_outcomes(now: float | None = None, settle: float = SETTLE_SECONDS) -> list[Dropped]:
    """Outcome returns ready in `inbox/outcomes/` (scope: the sub-folder's partnership, if any)."""
    inbox = paths().inbox / OUTCOMES.folder
    inbox.mkdir(parents=True, exist_ok=True)
    now = time.time() if now is None else now
    ready = [Dropped(OUTCOMES.name, None, f) for f in _settled(inbox, now, settle)]
    for folder in sorted(p for p in inbox.iterdir()
                         if p.is_dir() and not p.is_symlink() and p.name != PROCESSED):
        ready += [Dropped(OUTCOMES.name, folder.name, f)
                  for f in _settled(folder, now, settle)]
    return ready


def waiting_reference(now: float | None = None, settle: float = SETTLE_SECONDS
                      ) -> list[Dropped]:
    """Reference files ready in their drop folders, in the order they must load (registers and
    catalogue first: later datasets are checked against them)."""
    now = time.time() if now is None else now
    ready = []
    for folder, dataset in REFERENCE_FOLDERS.items():
        inbox = paths().inbox / folder
        inbox.mkdir(parents=True, exist_ok=True)
        ready += [Dropped(dataset, None, f) for f in _settled(inbox, now, settle)]
    return ready


def receive_dropped(dropped: Dropped) -> Received:
    """Receive one dropped file and clear it from the inbox; anything that goes wrong with it is
    its refusal, never the end of the run."""
    try:
        if dropped.path.is_symlink():
            raise FileRefused(f"{dropped.path.name}: a symbolic link, not a file; links are not "
                              "followed: put the file itself in the inbox")
        received = _receive(dropped)
    except Exception as err:  # one bad file is refused alone; the run goes on
        received = Received(dropped.path, refusal=_refusal(dropped, err))
    try:
        if received.refusal:
            move_refused(dropped, received.refusal)
        else:
            move_processed(dropped.path)
    except OSError as err:
        reason = f"{dropped.path.name}: could not be moved out of the inbox ({err.strerror})"
        return Received(dropped.path, refusal={**(received.refusal or {}), "message": reason})
    return received


def _receive(dropped: Dropped) -> Received:
    if dropped.dataset == SPEND.name:
        return receive_spend(dropped.path, dropped.scope)
    if dropped.dataset == OUTCOMES.name:
        return receive_outcomes(dropped.path, dropped.scope)
    return receive_reference(dropped.dataset, dropped.path)


def _refusal(dropped: Dropped, err: Exception) -> dict:
    """A refusal for a file whose receiving failed (recorded, as any refusal is)."""
    if isinstance(err, FileRefused):
        reason = str(err)
    elif isinstance(err, RecursionError):
        reason = f"{dropped.path.name}: nested too deeply to read"
    elif isinstance(err, OSError):
        reason = f"{dropped.path.name}: cannot be read or copied ({err.strerror or 'error'})"
    else:
        reason = f"{dropped.path.name}: cannot be read ({type(err).__name__})"
    try:
        return record_refusal(dropped.dataset, dropped.scope, dropped.path, reason)
    except Exception:  # the report in refused/ still says why
        return {"path": str(dropped.path), "dataset": dropped.dataset, "scope": dropped.scope,
                "status": "refused", "message": reason}


def move_processed(path: Path) -> Path:
    target = _free_name(path.parent / PROCESSED / short_name(path.name))
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(path, target)
    return target


def move_refused(dropped: Dropped, summary: dict) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = _free_name(paths().refused / dropped.dataset / (dropped.scope or "all") /
                        f"{stamp}-{short_name(dropped.path.name)}")
    target.parent.mkdir(parents=True, exist_ok=True)
    if dropped.path.is_symlink():
        dropped.path.unlink()  # a link is not kept either: it would still lead to its target
    else:
        shutil.move(dropped.path, target)
    report = target.with_name(target.name + ".error.txt")
    report.write_text(
        f"{dropped.path.name} was refused: nothing in it was loaded.\n\n"
        f"Reason: {summary.get('message')}\n\n"
        f"Fix the file (or the council profile), then drop it into {dropped.path.parent} "
        "again.\n\n"
        f"Details:\n{json.dumps(summary, indent=2, default=str)}\n", encoding="utf-8")
    return target


def _settled(folder: Path, now: float, settle: float) -> list[Path]:
    # A link is taken (to be refused unread), judged by its own time, not its target's.
    return sorted(f for f in folder.iterdir()
                  if (f.is_symlink() or f.is_file()) and not f.name.startswith((".", "~$"))
                  and now - f.lstat().st_mtime >= settle)


def _free_name(path: Path) -> Path:
    if not path.exists():
        return path
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return path.with_name(f"{path.stem}-{stamp}{path.suffix}")
