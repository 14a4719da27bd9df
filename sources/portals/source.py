"""A council's portal as its profile states it: the kind of publication and its address.

    source:
      kind: ckan        # ckan | links | pattern
      url: https://datamillnorth.org/api/action/package_show?id=wakefield-council-spend-over-500-pounds
      match: "Harrogate Borough Council"  # optional: only files whose name or address matches
      from: 2024-04     # optional: no file for an earlier period is fetched
      to: 2023-03       # optional: nor for a later one (a council abolished, an address retired)
      max_mb: 100       # optional: a file larger than this is refused (default 100)

`kind` may be left out: an address with `{...}` month placeholders is a pattern, a CKAN
`package_show` (or `/dataset/<id>`) address a catalogue, anything else a page of links. The whole
`source:` may also be just the address.

- `ckan`: a CKAN dataset whose resources are the spend files (DataMill North, data.gov.uk, the
  London Datastore). The address is the API's `package_show?id=...` or the dataset's page.
- `links`: a web page that links to each period's CSV or XLSX file.
- `pattern`: an address with the period in it, e.g.
  `https://www.example.gov.uk/spend/{yyyy}-{mm}.csv`. Month placeholders: `{yyyy}` `{yy}` `{mm}`
  `{m}` `{month}` (april) `{Month}` (April) `{MONTH}` `{mon}` (apr) `{Mon}` `{MON}`; an address
  with `{q}` steps by financial-year quarter instead, with `{fy}` (2024-25), `{fy_start}` (2024)
  and `{fy_end}` (2025).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit, urlunsplit

KINDS = ("ckan", "links", "pattern")
KEYS = {"kind", "url", "match", "from", "to", "max_mb"}
MONTH_FIELDS = {"yyyy", "yy", "mm", "m", "month", "Month", "MONTH", "mon", "Mon", "MON"}
QUARTER_FIELDS = {"q", "fy", "fy_start", "fy_end"}
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
DEFAULT_MAX_MB = 100


class BadSource(ValueError):
    """A `source:` that cannot be used, with what to write instead."""


@dataclass(frozen=True)
class PortalSource:
    """Where a council publishes its spend files, and which of them to collect."""

    kind: str
    url: str
    match: str | None = None
    start: str | None = None  # 'YYYY-MM': nothing for an earlier period is fetched
    end: str | None = None    # 'YYYY-MM': nothing for a later period is fetched
    max_mb: float = DEFAULT_MAX_MB

    @property
    def max_bytes(self) -> int:
        return int(self.max_mb * 1024 * 1024)

    @property
    def by_quarter(self) -> bool:
        return self.kind == "pattern" and "{q}" in self.url

    def wanted(self, *texts: str) -> bool:
        """Whether a file with these names or addresses is one to collect (`match:`)."""
        return self.match is None or any(
            re.search(self.match, t or "", re.IGNORECASE) for t in texts)


def parse_source(data) -> PortalSource | None:
    """The `source:` of a profile, checked; None when the profile has none."""
    if data is None:
        return None
    if isinstance(data, str):
        data = {"url": data}
    if not isinstance(data, dict):
        raise BadSource("`source:` must be an address or a mapping with `kind:` and `url:`")
    unknown = set(data) - KEYS
    if unknown:
        raise BadSource(f"`source:` has unknown keys {sorted(unknown)}; keys are {sorted(KEYS)}")
    url = str(data.get("url") or "").strip()
    _check_address(url)
    kind = str(data.get("kind") or _kind_of(url))
    if kind not in KINDS:
        raise BadSource(f"`source: kind:` must be one of {', '.join(KINDS)}, not {kind!r}")
    if kind == "pattern":
        _check_pattern(url)
    elif PLACEHOLDER.search(url):
        raise BadSource(f"`source: url:` has a placeholder {{...}} but the kind is {kind}; "
                        "write `kind: pattern`")
    if kind == "ckan":
        url = ckan_api_address(url)
    start, end = _check_month(data.get("from"), "from"), _check_month(data.get("to"), "to")
    if start and end and end < start:
        raise BadSource(f"`source: to:` {end} is before `from:` {start}")
    return PortalSource(kind=kind, url=url, match=_check_match(data.get("match")),
                        start=start, end=end,
                        max_mb=_check_size(data.get("max_mb", DEFAULT_MAX_MB)))


def ckan_api_address(url: str) -> str:
    """A CKAN dataset's `package_show` API address, from that address or the dataset's page."""
    parts = urlsplit(url)
    if parts.path.rstrip("/").endswith("/api/3/action/package_show") or parts.path.rstrip(
            "/").endswith("/api/action/package_show"):
        if not parse_qs(parts.query).get("id"):
            raise BadSource(f"{url}: a CKAN package_show address needs `?id=<dataset>`")
        return url
    m = re.search(r"^(.*?)/dataset/([^/]+)/?$", parts.path)
    if not m:
        raise BadSource(f"{url}: not a CKAN dataset address; give the dataset's page "
                        "(.../dataset/<name>) or its API address "
                        "(.../api/action/package_show?id=<name>)")
    return urlunsplit((parts.scheme, parts.netloc, f"{m[1]}/api/3/action/package_show",
                       f"id={m[2]}", ""))


def pattern_address(pattern: str, period_start: dt.date) -> str:
    """The address `pattern` gives for the month (or financial-year quarter) starting on
    `period_start`."""
    fy = period_start.year if period_start.month >= 4 else period_start.year - 1
    month = calendar.month_name[period_start.month]
    values = {
        "yyyy": f"{period_start.year}", "yy": f"{period_start.year % 100:02d}",
        "mm": f"{period_start.month:02d}", "m": f"{period_start.month}",
        "month": month.lower(), "Month": month, "MONTH": month.upper(),
        "mon": month[:3].lower(), "Mon": month[:3], "MON": month[:3].upper(),
        "q": f"{(period_start.month - 4) % 12 // 3 + 1}", "fy": f"{fy}-{(fy + 1) % 100:02d}",
        "fy_start": f"{fy}", "fy_end": f"{fy + 1}",
    }
    return PLACEHOLDER.sub(lambda m: values[m[1]], pattern)


def _kind_of(url: str) -> str:
    if PLACEHOLDER.search(url):
        return "pattern"
    path = urlsplit(url).path
    if "/action/package_show" in path or re.search(r"/dataset/[^/]+/?$", path):
        return "ckan"
    return "links"


def _check_address(url: str) -> None:
    if not url:
        raise BadSource("`source:` needs `url:`, the address the council publishes at")
    parts = urlsplit(PLACEHOLDER.sub("x", url))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadSource(f"`source: url:` {url!r} must be an http:// or https:// address")
    if parts.username or parts.password:
        raise BadSource("`source: url:` must not carry a user name or password")


def _check_pattern(url: str) -> None:
    used = set(PLACEHOLDER.findall(url))
    unknown = used - MONTH_FIELDS - QUARTER_FIELDS
    if unknown:
        raise BadSource(f"`source: url:` has unknown placeholders {sorted(unknown)}; use "
                        f"{sorted(MONTH_FIELDS)} for months or {sorted(QUARTER_FIELDS)} for "
                        "financial-year quarters")
    if not used:
        raise BadSource("a `kind: pattern` address needs the period in it, e.g. "
                        "{yyyy}-{mm} or {Month}-{yyyy}")
    if "q" in used and used & MONTH_FIELDS:
        raise BadSource("`source: url:` mixes month and quarter placeholders: use one or the "
                        "other")
    if "q" not in used and used & QUARTER_FIELDS:
        raise BadSource("`source: url:` has a financial-year placeholder but no {q}")


def _check_match(match) -> str | None:
    if match is None:
        return None
    try:
        re.compile(str(match))
    except re.error as err:
        raise BadSource(f"`source: match:` is not a valid regular expression ({err})") from err
    return str(match)


def _check_month(value, key: str) -> str | None:
    if value is None:
        return None
    text = value.strftime("%Y-%m") if isinstance(value, dt.date) else str(value)
    if not re.fullmatch(r"20\d{2}-(0[1-9]|1[0-2])", text):
        raise BadSource(f"`source: {key}:` must be a month like 2024-04, not {value!r}")
    return text


def _check_size(value) -> float:
    try:
        size = float(value)
    except (TypeError, ValueError) as err:
        raise BadSource(f"`source: max_mb:` must be a number, not {value!r}") from err
    if not 0 < size <= 2048:
        raise BadSource("`source: max_mb:` must be more than 0 and at most 2048")
    return size
