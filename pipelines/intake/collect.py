"""Collecting councils' spend files from their own portals.

For each council whose profile has a `source:`, a collection reads the portal's listing (a CKAN
dataset, a page of links) or works out the addresses a pattern gives, and asks for each file it
does not have yet. What arrives is checked (not a web page, a login page or a PDF; a spend file
whose months can be told), then received exactly like a file dropped into the inbox: archived in
the landing area with a manifest that also records the address and the time it was fetched.
What cannot be used is refused with its reason, in `meta.loads` like any refused file (the data
quality page lists it) and, when the portal sent a body, in `refused/spend/<council>/` with a
report beside it. Every request is recorded in `meta.fetches`, so the next collection asks only
for what is new: files it has are asked about conditionally (ETag / Last-Modified) or, when the
portal gave no validator, not at all.

Loading is the caller's: the command line runs `ingest_spend` for the months received, and in
Dagster the `load_collected_spend` sensor does after each `collect_spend` run.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from filelock import FileLock

from basics.files import FileRefused, sha256_of
from basics.periods import parse_period
from basics.settings import Paths, configure_environment
from loading.contract import Lineage
from pipelines.intake import Received, load_spend
from pipelines.launch import run_job
from sources.landing import LandedFile, Remote, land, landed_files
from sources.portals import content
from sources.portals.http import Fetched, Fetcher, FetchFailed, Politeness, user_agent
from sources.portals.listing import (
    ListingChanged,
    Offered,
    ckan_files,
    linked_files,
    outside_range,
    pattern_files,
)
from sources.portals.source import PortalSource
from sources.spend.plan import plan_spend
from sources.spend.profiles import CouncilProfile, get_profile, load_profiles
from warehouse.connection import read_only, writer
from warehouse.fetches import Fetch, PortalState, fetches_of_run, portal_state, record_fetch
from warehouse.ingest import refuse

LISTING_MAX_BYTES = 20 * 1024 * 1024


class NoSource(LookupError):
    """A council asked for whose profile says nothing of where it publishes."""


class CollectionFailed(RuntimeError):
    """The collection run itself failed (not a file refused: a fault to report)."""


@dataclass
class Collection:
    """What one collection did for one council: the listing read and every file asked for."""

    council: str
    source: PortalSource
    fetches: list[Fetch] = field(default_factory=list)
    landed: list[LandedFile] = field(default_factory=list)
    requests: int = 0

    @property
    def refused(self) -> list[Fetch]:
        return [f for f in self.fetches if f.outcome == "refused"]

    def count(self, outcome: str, role: str = "file") -> int:
        return sum(f.outcome == outcome and f.role == role for f in self.fetches)


def collect_spend(councils: Iterable[str] | None = None, run_id: str | None = None,
                  politeness: Politeness | None = None,
                  today: dt.date | None = None) -> list[Collection]:
    """Collect what is new from the portals of `councils` (default: every council with a
    `source:`), one council after another."""
    p = configure_environment()
    profiles = [_with_source(get_profile(c)) for c in councils] if councils else [
        prof for prof in load_profiles().values() if prof.portal is not None]
    settings = collect_settings(p)
    politeness = politeness or settings["politeness"]
    with Fetcher(p.tmp / "collect", politeness, settings["agent"]) as fetcher:
        return [Collector(p, profile, fetcher, run_id, today or dt.date.today()).run()
                for profile in sorted(profiles, key=lambda prof: prof.slug)]


def collect_settings(p: Paths) -> dict:
    """`config/collect.yaml`: `contact` (a web address or e-mail for the User-Agent, so a portal's
    staff can reach whoever runs the collection), `timeout_seconds`, `attempts`,
    `pause_seconds`."""
    file = p.config / "collect.yaml"
    given = (yaml.safe_load(file.read_text(encoding="utf-8")) or {}) if file.exists() else {}
    if not isinstance(given, dict):
        raise FileRefused(f"{file}: expected keys like `contact:` and `pause_seconds:`")
    contact = given.get("contact")
    if contact is not None and not re.fullmatch(r"[ -~]{1,200}", str(contact)):
        raise FileRefused(f"{file}: `contact:` must be one line of plain text (a web address "
                          "or e-mail), at most 200 characters")
    base = Politeness()
    politeness = Politeness(
        timeout=float(given.get("timeout_seconds", base.timeout)),
        attempts=max(1, int(given.get("attempts", base.attempts))),
        backoff=float(given.get("backoff_seconds", base.backoff)),
        pause=float(given.get("pause_seconds", base.pause)))
    return {"politeness": politeness, "agent": user_agent(contact and str(contact))}


class Collector:
    """One council's collection: its listing, then each file offered."""

    def __init__(self, p: Paths, profile: CouncilProfile, fetcher: Fetcher,
                 run_id: str | None, today: dt.date):
        self.p, self.profile, self.fetcher = p, profile, fetcher
        self.source: PortalSource = profile.portal
        self.run_id, self.today = run_id, today
        self.result = Collection(profile.slug, self.source)
        # month -> (address, name) of the file from this portal that reports on it
        self.taken: dict[str, tuple[str, str]] = {}
        self.scratch = p.tmp / "collect" / profile.slug

    def run(self) -> Collection:
        before = self.fetcher.requests
        self.scratch.parent.mkdir(parents=True, exist_ok=True)
        # One collection of a council at a time (the schedule's and a command's, say): the
        # second waits, then finds what the first received and asks only conditionally.
        with FileLock(str(self.scratch.with_suffix(".lock"))):
            with writer(self.p.warehouse) as con:
                state = portal_state(con, self.profile.slug, self.source.url)
            try:
                wanted = [item for item in self._offered(state) or []
                          if self.source.wanted(item.name, item.url)
                          and not outside_range(item, self.source)]
                self.taken = _months_received(state, {item.url for item in wanted})
                for item in wanted:
                    self._file(item, state)
            finally:
                shutil.rmtree(self.scratch, ignore_errors=True)
        self.result.requests = self.fetcher.requests - before
        return self.result

    # The listing -----------------------------------------------------------------------------

    def _offered(self, state: PortalState) -> list[Offered] | None:
        if self.source.kind == "pattern":
            return pattern_files(self.source, self.today)
        last = state.listing
        fetch = self._fetch_row("listing", self.source.url)
        fetch.file_name = content.address_name(self.source.url)
        got = None
        try:
            got = self.fetcher.get(self.source.url, LISTING_MAX_BYTES,
                                   etag=last and last["etag"],
                                   last_modified=last and last["last_modified"],
                                   name_hint="the listing")
            fetch.http_status, fetch.final_url = got.status, got.final_url
            fetch.etag, fetch.last_modified = got.etag, got.last_modified
            if got.status == 304 and last is not None:
                fetch.outcome, fetch.offered = "unchanged", last["offered"]
                fetch.file_hash = last["file_hash"]
                self._record(fetch)
                return [Offered(**o) for o in last["offered"]]
            if got.status == 304:
                raise ListingChanged(f"{self.source.url} answered 304 Not Modified to a first "
                                     "request")
            fetch.file_hash, fetch.file_bytes = sha256_of(got.path), got.size
            offered = self._read_listing(got)
        except (FetchFailed, ListingChanged) as err:
            fetch.http_status = fetch.http_status or getattr(err, "status", None)
            self._refuse(fetch, str(err), state.last_listing_attempt)
            return None
        finally:
            self._discard(got)
        fetch.outcome, fetch.offered = "fetched", [o.as_json() for o in offered]
        self._record(fetch)
        return offered

    def _read_listing(self, got: Fetched) -> list[Offered]:
        body = got.path.read_bytes()
        login = content.login_refusal(got, body[: content.SNIFF_BYTES])
        if login:
            raise ListingChanged(login)
        kind = self.source.kind
        offered = ckan_files(body, self.source.url) if kind == "ckan" else linked_files(
            body, self.source.url)
        wanted = [o for o in offered if self.source.wanted(o.name, o.url)]
        if not wanted:
            what = "dataset lists" if kind == "ckan" else "page links to"
            also = f" matching `{self.source.match}`" if self.source.match else ""
            raise ListingChanged(f"{self.source.url}: the {what} no CSV or XLSX file{also} (any "
                                 "more): has the portal changed? Check the address in the "
                                 "council's `source:`")
        return offered

    # Each file -------------------------------------------------------------------------------

    def _file(self, item: Offered, state: PortalState) -> None:
        have = state.have.get(item.url)
        fetch = self._fetch_row("file", item.url, item)
        changed_in_catalogue = bool(have and item.version and item.version != have[
            "listed_version"])
        if have and not changed_in_catalogue and not (have["etag"] or have["last_modified"]):
            return  # no way to ask whether it changed without fetching it again: not asked
        asks = have if have and not changed_in_catalogue else None
        try:
            got = self.fetcher.get(item.url, self.source.max_bytes,
                                   etag=asks and asks["etag"],
                                   last_modified=asks and asks["last_modified"],
                                   name_hint=item.name)
        except FetchFailed as err:
            fetch.http_status = err.status
            if self.source.kind == "pattern" and err.status in (404, 410):
                fetch.outcome, fetch.message = "not_published", err.reason
                self._record(fetch)
            else:
                self._refuse(fetch, err.reason, state.last_attempt.get(item.url))
            return
        try:
            self._received(fetch, got, item, have, state)
        finally:
            self._discard(got)

    def _received(self, fetch: Fetch, got: Fetched, item: Offered, have: dict | None,
                  state: PortalState) -> None:
        fetch.http_status, fetch.final_url = got.status, got.final_url
        fetch.etag, fetch.last_modified = got.etag, got.last_modified
        if got.status == 304 and have is None:
            self._refuse(fetch, f"{item.url} answered 304 Not Modified to a first request",
                         state.last_attempt.get(item.url))
            return
        if got.status == 304:
            self._again(fetch, have, item, state)
            return
        digest = sha256_of(got.path)
        if have and digest == have["file_hash"]:
            self._again(fetch, have, item, state)  # the portal ignored the validator
            return
        fetch.file_hash, fetch.file_bytes = digest, got.size
        self._check_and_land(fetch, got, item, state)

    def _again(self, fetch: Fetch, have: dict, item: Offered, state: PortalState) -> None:
        """The portal still has the file received last time. A file refused then is checked
        again from the copy kept under refused/ (the council's profile may have been put right
        since), without fetching it again."""
        kept = Path(have["landed_path"]) if have["landed_path"] else None
        if have["periods"] is not None or kept is None or not kept.is_file():
            self._unchanged(fetch, have)
            return
        fetch.file_hash, fetch.file_bytes = have["file_hash"], have["file_bytes"]
        self.scratch.mkdir(parents=True, exist_ok=True)
        copy = self.scratch / f".kept-{uuid.uuid4().hex[:8]}"
        shutil.copyfile(kept, copy)
        final = have["final_url"] or item.url
        again = Fetched(url=item.url, status=200, final_url=final, path=copy,
                        size=have["file_bytes"] or 0, filename=have["file_name"],
                        redirects=[item.url] if final != item.url else [])
        try:
            self._check_and_land(fetch, again, item, state)
        finally:
            self._discard(again)

    def _check_and_land(self, fetch: Fetch, got: Fetched, item: Offered,
                        state: PortalState) -> None:
        with got.path.open("rb") as f:
            head = f.read(content.SNIFF_BYTES)
        fetch.file_name = content.named_for_content(content.fetched_name(got, item.name), head)
        reason = content.refusal(got, head)
        if reason:
            self._refuse(fetch, reason, state.last_attempt.get(item.url), body=got.path)
            return
        folder = self.scratch / uuid.uuid4().hex[:8]
        folder.mkdir(parents=True)
        got.path = got.path.rename(folder / fetch.file_name)
        self._land(fetch, got.path, item, state)

    def _land(self, fetch: Fetch, path: Path, item: Offered, state: PortalState) -> None:
        try:
            stated = parse_period(item.period) if item.period else None
            plan = plan_spend(path, self.profile, self.p.tmp, stated)
        except FileRefused as err:
            self._refuse(fetch, f"{err} (fetched from {item.url})",
                         state.last_attempt.get(item.url), body=path)
            return
        except Exception as err:  # a reader's fault on a strange file: refused, never a crash
            self._refuse(fetch, f"{fetch.file_name}: could not be read as a spend file "
                         f"({type(err).__name__}: {err}) (fetched from {item.url})",
                         state.last_attempt.get(item.url), body=path)
            return
        months = [f"{m:%Y-%m}" for m in plan.period.months]
        clash = {m: self.taken[m] for m in months
                 if m in self.taken and self.taken[m][0] != item.url}
        if clash:
            other_url, other = next(iter(clash.values()))
            self._refuse(fetch, f"{fetch.file_name} from {item.url} reports on "
                         f"{', '.join(sorted(clash))}, as does {other} from {other_url} on the "
                         "same portal; only the one received first is kept. If this one is "
                         "another body's file (or a copy in another format), narrow the "
                         "council's `source: match:`; if it corrects the other, load it with "
                         "`socialvalue ingest spend`", state.last_attempt.get(item.url),
                         body=path)
            return
        landed = land("spend", self.profile.slug, path, months, plan.period.label, url=item.url,
                      fetched_at=fetch.requested_at.isoformat(timespec="seconds"),
                      detected=plan.detection.as_manifest(self.profile))
        self.taken.update(dict.fromkeys(months, (item.url, fetch.file_name)))
        fetch.outcome, fetch.periods, fetch.landed_path = "fetched", months, landed.path
        self.result.landed.append(landed)
        self._record(fetch)

    def _unchanged(self, fetch: Fetch, have: dict) -> None:
        fetch.outcome = "unchanged"
        for key in ("file_name", "file_hash", "file_bytes", "periods", "landed_path"):
            setattr(fetch, key, have[key])
        fetch.etag = fetch.etag or have["etag"]
        fetch.last_modified = fetch.last_modified or have["last_modified"]
        self._record(fetch)

    # Recording -------------------------------------------------------------------------------

    def _fetch_row(self, role: str, url: str, item: Offered | None = None) -> Fetch:
        return Fetch(council=self.profile.slug, source_url=self.source.url, role=role, url=url,
                     outcome="", listed_name=item and item.name,
                     listed_period=item and item.period, listed_version=item and item.version,
                     dagster_run_id=self.run_id)

    def _refuse(self, fetch: Fetch, reason: str, last: dict | None,
                body: Path | None = None) -> None:
        """Refuse a listing or file: in meta.loads (once while the portal gives the same
        answer), with the body and its report under refused/ when there is one."""
        fetch.outcome, fetch.message = "refused", reason
        name = fetch.file_name or content.fetched_name(
            Fetched(url=fetch.url, status=0, final_url=fetch.url), fetch.listed_name)
        fetch.file_name = name
        repeated = bool(last and last["outcome"] == "refused" and last["message"] == reason)
        if body is not None:
            fetch.file_hash = fetch.file_hash or sha256_of(body)
            kept = last and last["landed_path"] and last["file_hash"] == fetch.file_hash
            fetch.landed_path = (last["landed_path"] if repeated and kept and Path(
                last["landed_path"]).is_file() else str(self._keep_refused(body, name, reason,
                                                                           fetch)))
        with writer(self.p.warehouse) as con:
            if not repeated:
                lineage = Lineage(Remote(fetch.url, name), fetch.file_hash or "-",
                                  fetch.file_bytes or 0, str(uuid.uuid4()), fetch.requested_at,
                                  self.run_id)
                fetch.load_id = refuse(con, "spend", self.profile.slug, lineage,
                                       reason).load_id
            record_fetch(con, fetch)
        self.result.fetches.append(fetch)

    def _keep_refused(self, body: Path, name: str, reason: str, fetch: Fetch) -> Path:
        stamp = fetch.requested_at.strftime("%Y%m%d-%H%M%S")
        target = self.p.refused / "spend" / self.profile.slug / f"{stamp}-{name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(body, target)
        target.with_name(target.name + ".error.txt").write_text(
            f"{name}, fetched from {fetch.url} at {fetch.requested_at:%Y-%m-%d %H:%M}, was "
            f"refused: nothing in it was loaded.\n\nReason: {reason}\n\n"
            "The next collection asks the portal again only if the file changes there. To load "
            "a corrected file by hand: socialvalue ingest spend FILE --council "
            f"{self.profile.slug}\n\nDetails:\n"
            f"{json.dumps(fetch.as_json(), indent=2, default=str)}\n", encoding="utf-8")
        return target

    def _record(self, fetch: Fetch) -> None:
        with writer(self.p.warehouse) as con:
            record_fetch(con, fetch)
        self.result.fetches.append(fetch)

    @staticmethod
    def _discard(got: Fetched | None) -> None:
        if got is not None and got.path is not None:
            got.path.unlink(missing_ok=True)


def _months_received(state: PortalState, still_offered: set[str]) -> dict[str, tuple[str, str]]:
    """The months already received from addresses the portal still offers. A new address for
    one of them is a second file for the month, not a re-issue: a re-issue at a new address
    is one whose earlier address the portal no longer offers."""
    taken: dict[str, tuple[str, str]] = {}
    for url, row in state.have.items():
        if url in still_offered:
            for month in row["periods"] or []:
                taken.setdefault(month, (url, row["file_name"]))
    return taken


def collected_in_run(run_id: str) -> list[LandedFile]:
    """The files a `collect_spend` run received, as landed, in the order received."""
    p = configure_environment()
    if not p.warehouse.exists():  # a collection with no council to collect for
        return []
    with read_only(p.warehouse) as con:
        fetched = [f for f in fetches_of_run(con, run_id)
                   if f["role"] == "file" and f["outcome"] == "fetched"]
    by_path = {}
    for council in {f["council"] for f in fetched}:
        by_path.update({landed.path: landed for landed in landed_files("spend", council)})
    return [by_path[f["landed_path"]] for f in fetched if f["landed_path"] in by_path]


def collect_and_load(councils: list[str] | None, verbose: bool = False) -> dict:
    """Run the `collect_spend` job for `councils` (default: every council with a `source:`),
    then `ingest_spend` for the council-months it received: what the command line does."""
    for council in councils or []:
        _with_source(get_profile(council))
    collect_settings(configure_environment())  # a mistake in collect.yaml: one line, here
    if not councils and not any(prof.portal for prof in load_profiles().values()):
        return {"run_id": None, "fetches": [], "files": []}
    config = {"ops": {"collect_spend_files": {"config": {"councils": list(councils or [])}}}}
    outcome = run_job("collect_spend", run_config=config, verbose=verbose)
    if not outcome.success:
        raise CollectionFailed(f"the collection failed: {outcome.error}")
    with read_only(configure_environment().warehouse) as con:
        fetches = fetches_of_run(con, outcome.run_id)
    received: dict[str, list[Received]] = {}
    for landed in collected_in_run(outcome.run_id):
        received.setdefault(landed.scope, []).append(
            Received(landed.received_as, landed=landed))
    loads = [summary for council, files in sorted(received.items())
             for summary in load_spend(files, council, verbose)]
    return {"run_id": outcome.run_id, "fetches": fetches, "files": loads}


def _with_source(profile: CouncilProfile) -> CouncilProfile:
    if profile.portal is None:
        raise NoSource(f"{profile.name} ({profile.slug}) has no `source:` in its profile "
                       f"{profile.source}: add where it publishes its spend files (see README, "
                       "'Collect spend files from councils' portals')")
    return profile
