"""What a portal offers: the spend files a CKAN dataset, a page of links or a pattern names.

A catalogue or page that no longer has the shape expected (not CKAN's answer, no resources, a
page that links to no spreadsheet any more) raises `ListingChanged`: collecting stops for that
council with the reason, rather than guessing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from basics.periods import Period, period_from_name
from sources.portals.source import PortalSource, pattern_address

SPREADSHEET_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls"}
SPREADSHEET_FORMATS = {"csv", "tsv", "xlsx", "xls", "excel", "text/csv",
                       "application/vnd.ms-excel",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
# A link whose address or text says what it is: "...-csv-file", "Download (XLSX, 45KB)".
SPREADSHEET_WORD = re.compile(r"(?<![a-z])(csv|xlsx?|excel|spreadsheet)(?![a-z])", re.IGNORECASE)
DEFAULT_MONTHS_BACK = 12


class ListingChanged(ValueError):
    """A portal's catalogue or page is not in the shape its source says it is."""


@dataclass(frozen=True)
class Offered:
    """One file a portal offers: its address, its name there, and what is known before
    fetching it."""

    url: str
    name: str
    period: str | None = None   # pattern: the period the address was built for
    version: str | None = None  # ckan: the catalogue's own note of the file's version

    def as_json(self) -> dict:
        return {"url": self.url, "name": self.name, "period": self.period,
                "version": self.version}


def ckan_files(body: bytes, address: str) -> list[Offered]:
    """The spreadsheet resources of a CKAN `package_show` answer."""
    try:
        answer = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ListingChanged(f"{address} did not answer with CKAN's JSON ({_what(body)})"
                             ) from err
    if not isinstance(answer, dict) or "success" not in answer:
        raise ListingChanged(f"{address} answered JSON that is not a CKAN API answer (no "
                             "`success`)")
    if answer["success"] is not True:
        error = answer.get("error")
        message = error.get("message") if isinstance(error, dict) else error
        raise ListingChanged(f"{address}: the catalogue answered with an error "
                             f"({str(message or 'no message')[:200]})")
    result = answer.get("result")
    resources = result.get("resources") if isinstance(result, dict) else None
    if not isinstance(resources, list) or not all(
            isinstance(r, dict) and isinstance(r.get("url"), str) for r in resources):
        raise ListingChanged(f"{address}: the catalogue's answer has no list of resources with "
                             "addresses (result.resources[].url): has the dataset moved?")
    offered = []
    for r in resources:
        url = urljoin(address, r["url"].strip())
        name = str(r.get("name") or "").strip() or _last_segment(url)
        fmt = str(r.get("format") or r.get("mimetype") or "").strip().lower()
        if fmt in SPREADSHEET_FORMATS or _suffix(url) in SPREADSHEET_SUFFIXES:
            version = {k: r[k] for k in ("last_modified", "size", "hash") if r.get(k)}
            offered.append(Offered(url, name, version=json.dumps(version, sort_keys=True)
                                   if version else None))
    return _unique(offered)


def linked_files(body: bytes, address: str) -> list[Offered]:
    """The links of a web page that lead to spreadsheets: by the address's suffix, or by the
    link's address or text naming CSV, XLSX or Excel."""
    text = _decode(body)
    if not re.search(r"<\s*(a|html|body)\b", text[:200_000], re.IGNORECASE):
        raise ListingChanged(f"{address} is not a web page any more ({_what(body)})")
    parser = _Links()
    parser.feed(text)
    base = urljoin(address, parser.base) if parser.base else address
    offered = []
    for href, label in parser.links:
        url = urljoin(base, href.strip())
        if urlsplit(url).scheme not in ("http", "https"):
            continue
        if _suffix(url) in SPREADSHEET_SUFFIXES or SPREADSHEET_WORD.search(
                f"{unquote(urlsplit(url).path)} {label}"):
            offered.append(Offered(url.split("#", 1)[0], label or _last_segment(url)))
    return _unique(offered)


def pattern_files(source: PortalSource, today: dt.date) -> list[Offered]:
    """Every complete month (or financial-year quarter) from the source's `from` (default: the
    last twelve months) to the last one ended before `today` (or the source's `to`), and its
    address."""
    step = 3 if source.by_quarter else 1
    this_period = _period_start(today.replace(day=1), source.by_quarter)
    last = _add_months(this_period, -step)
    if source.end:
        last = min(last, _period_start(dt.date(int(source.end[:4]), int(source.end[5:]), 1),
                                       source.by_quarter))
    if source.start:
        first = dt.date(int(source.start[:4]), int(source.start[5:]), 1)
    else:
        first = _add_months(this_period, -DEFAULT_MONTHS_BACK)
    first = _period_start(first, source.by_quarter)
    offered, start = [], first
    while start <= last:
        period = Period.fy_quarter(start.year if start.month >= 4 else start.year - 1,
                                   (start.month - 4) % 12 // 3 + 1) if source.by_quarter \
            else Period.month(start.year, start.month)
        url = pattern_address(source.url, start)
        offered.append(Offered(url, _last_segment(url), period=_key(period)))
        start = _add_months(start, step)
    return offered


def outside_range(offered: Offered, source: PortalSource) -> bool:
    """Whether the file plainly reports on a period before the source's `from` or after its
    `to` (by the period its name states; a file whose name states none is fetched)."""
    if not (source.start or source.end):
        return False
    stated = None
    for text in (offered.name, unquote(_last_segment(offered.url))):
        stated = stated or _period_or_none(text)
    if stated is None:
        return False
    return bool((source.start and f"{stated.end:%Y-%m}" < source.start)
                or (source.end and f"{stated.start:%Y-%m}" > source.end))


def _period_or_none(text: str) -> Period | None:
    try:
        return period_from_name(text)
    except ValueError:
        return None


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.base: str | None = None
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "base" and attrs.get("href") and self.base is None:
            self.base = attrs["href"]
        elif tag == "a" and attrs.get("href"):
            self._close()
            self._href, self._text = attrs["href"], []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a":
            self._close()

    def _close(self):
        if self._href is not None:
            self.links.append((self._href, " ".join(" ".join(self._text).split())))
        self._href = None


def _unique(offered: list[Offered]) -> list[Offered]:
    seen, out = set(), []
    for o in offered:
        if o.url not in seen:
            seen.add(o.url)
            out.append(o)
    return out


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


def _what(body: bytes) -> str:
    start = body.lstrip()[:20].lower()
    if not start:
        return "an empty answer"
    if start.startswith((b"<!doctype html", b"<html")):
        return "an HTML page"
    if start.startswith(b"{") or start.startswith(b"["):
        return "JSON"
    return "something else"


def _suffix(url: str) -> str:
    return PurePosixPath(unquote(urlsplit(url).path)).suffix.lower()


def _last_segment(url: str) -> str:
    return unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]) or urlsplit(url).netloc


def _period_start(month: dt.date, by_quarter: bool) -> dt.date:
    if not by_quarter:
        return month
    return _add_months(month, -((month.month - 4) % 3))


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _key(period: Period) -> str:
    """The period as `--period` writes it: '2024-04' or '2024-25-Q1'."""
    return period.label.replace(" ", "-")
