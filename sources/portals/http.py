"""Fetching from councils' portals, politely and safely.

Every request names the project in its User-Agent, asks conditionally when the portal gave a
validator last time (ETag / Last-Modified: an unchanged file costs a `304 Not Modified` and no
body), has a timeout, follows at most a few redirects and only to http(s) addresses, and streams
the body to disk, stopping at the size limit. A busy or failing portal (429, 5xx, a dropped
connection, a timeout) is asked again after a growing pause; one host is asked at most once a
`pause` seconds. What cannot be fetched ends as `FetchFailed` with one line saying why.
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import httpx

from basics.progress import report

CHUNK = 1 << 16
RETRYABLE = {408, 425, 429, 500, 502, 503, 504}
REDIRECTS = {301, 302, 303, 307, 308}


class FetchFailed(Exception):
    """A file or listing that could not be fetched. `transient` when asking again later may
    succeed (the portal was down or slow); `status` is the HTTP status, if there was one."""

    def __init__(self, reason: str, status: int | None = None, transient: bool = False,
                 retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.transient = transient
        self.retry_after = retry_after


@dataclass(frozen=True)
class Politeness:
    """How patiently and how often a portal is asked."""

    timeout: float = 30.0        # seconds to connect, and between two pieces of a body
    attempts: int = 3            # tries of one request when the portal is busy or down
    backoff: float = 2.0         # seconds before the second try; doubles each try after
    max_wait: float = 120.0      # the longest pause between tries, whatever Retry-After says
    pause: float = 1.0           # seconds between two requests to the same host
    max_seconds: float = 600.0   # the longest one download may take
    max_redirects: int = 5


@dataclass
class Fetched:
    """A portal's answer: a body saved to `path` (status 200), or `304 Not Modified`."""

    url: str
    status: int
    final_url: str
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    filename: str | None = None   # the name the portal gives it (Content-Disposition)
    path: Path | None = None
    size: int = 0
    redirects: list[str] = field(default_factory=list)


def user_agent(contact: str | None = None) -> str:
    """'socialvalue/0.1.0 (+<project or contact address>; ...)': who is asking, and where to
    find out why."""
    try:
        version = metadata.version("socialvalue")
        urls = metadata.metadata("socialvalue").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        version, urls = "dev", []
    home = contact or next((u.split(",", 1)[1].strip() for u in urls), None)
    about = "collects councils' published Transparency Code spend files"
    return f"socialvalue/{version} (+{home}; {about})" if home else (
        f"socialvalue/{version} (socialvalue, open-source social value measurement; {about})")


class Fetcher:
    """One HTTP client for a collection: fetches addresses to files under `scratch`."""

    def __init__(self, scratch: Path, politeness: Politeness | None = None,
                 agent: str | None = None):
        self.scratch = scratch
        self.politeness = politeness or Politeness()
        self.requests = 0
        self._last_at: dict[str, float] = {}
        p = self.politeness
        self._client = httpx.Client(
            follow_redirects=False, timeout=httpx.Timeout(p.timeout),
            headers={"User-Agent": agent or user_agent()}, trust_env=True)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self._client.close()

    def get(self, url: str, max_bytes: int, etag: str | None = None,
            last_modified: str | None = None, name_hint: str = "download") -> Fetched:
        """GET `url` (conditionally, when given a validator), retrying what may pass."""
        conditional = {k: v for k, v in (("If-None-Match", etag),
                                         ("If-Modified-Since", last_modified)) if v}
        p = self.politeness
        for attempt in range(1, p.attempts + 1):
            try:
                return self._follow(url, conditional, max_bytes, name_hint)
            except FetchFailed as err:
                if not err.transient or attempt == p.attempts:
                    if err.transient and p.attempts > 1:
                        err.reason = f"{err.reason} (tried {p.attempts} times)"
                        err.args = (err.reason,)
                    raise
                wait = min(err.retry_after or p.backoff * 2 ** (attempt - 1), p.max_wait)
                report(f"{_short(url)}: {err.reason}; asking again in {wait:.0f} s", None)
                time.sleep(wait)
        raise AssertionError("unreachable")

    def _follow(self, url: str, headers: dict, max_bytes: int, name_hint: str) -> Fetched:
        redirects: list[str] = []
        current = url
        while True:
            _check_scheme(current, url)
            self._wait_for_host(current)
            self.requests += 1
            try:
                with self._client.stream("GET", current, headers=headers) as response:
                    if response.status_code in REDIRECTS:
                        target = response.headers.get("Location")
                        if not target:
                            raise FetchFailed(f"{_short(current)} answered "
                                              f"{response.status_code} with no address to go to",
                                              response.status_code)
                        redirects.append(current)
                        if len(redirects) > self.politeness.max_redirects:
                            raise FetchFailed(f"{_short(url)} redirected more than "
                                              f"{self.politeness.max_redirects} times")
                        current = urljoin(current, target)
                        continue
                    return self._answer(url, current, response, redirects, max_bytes,
                                        name_hint)
            except httpx.TimeoutException as err:
                raise FetchFailed(f"{_short(current)} did not answer within "
                                  f"{self.politeness.timeout:g} s", transient=True) from err
            except (httpx.UnsupportedProtocol, httpx.InvalidURL) as err:
                raise FetchFailed(f"{_short(current)} is not an address that can be fetched "
                                  f"({err})") from err
            except httpx.TransportError as err:
                raise FetchFailed(f"{_short(current)} could not be reached "
                                  f"({type(err).__name__}: {err})", transient=True) from err

    def _answer(self, url: str, final: str, response: httpx.Response, redirects: list[str],
                max_bytes: int, name_hint: str) -> Fetched:
        status = response.status_code
        common = dict(url=url, final_url=final, redirects=redirects,
                      etag=response.headers.get("ETag"),
                      last_modified=response.headers.get("Last-Modified"),
                      content_type=response.headers.get("Content-Type"))
        if status == 304:
            return Fetched(status=304, **common)
        if status in RETRYABLE:
            raise FetchFailed(f"{_short(final)} answered HTTP {status} "
                              f"({response.reason_phrase})", status, transient=True,
                              retry_after=_retry_after(response.headers.get("Retry-After")))
        if status in (404, 410):
            raise FetchFailed(f"{_short(final)} is not there (HTTP {status} "
                              f"{response.reason_phrase})", status)
        if status in (401, 403):
            raise FetchFailed(f"{_short(final)} refused access (HTTP {status}): the portal asks "
                              "for a login or blocks the request", status)
        if status != 200:
            raise FetchFailed(f"{_short(final)} answered HTTP {status} "
                              f"({response.reason_phrase}), not the file", status)
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise FetchFailed(f"{_short(final)} is {_mb(int(declared))}, larger than the limit "
                              f"of {_mb(max_bytes)} (`max_mb` in the council's source)", status)
        filename = _disposition_name(response.headers.get("Content-Disposition"))
        expected = int(declared) if declared and declared.isdigit() else None
        path, size = self._save(response, final, max_bytes, filename or name_hint, expected)
        return Fetched(status=200, filename=filename, path=path, size=size, **common)

    def _save(self, response: httpx.Response, final: str, max_bytes: int, name: str,
              expected: int | None) -> tuple[Path, int]:
        self.scratch.mkdir(parents=True, exist_ok=True)
        path = self.scratch / f".fetching-{uuid.uuid4().hex}"
        started, size = time.monotonic(), 0
        try:
            with path.open("wb") as out:
                for chunk in response.iter_bytes(CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchFailed(f"{_short(final)} is larger than the limit of "
                                          f"{_mb(max_bytes)} (`max_mb` in the council's source);"
                                          " stopped reading it", 200)
                    if time.monotonic() - started > self.politeness.max_seconds:
                        raise FetchFailed(f"{_short(final)} took longer than "
                                          f"{self.politeness.max_seconds:g} s to download",
                                          200, transient=True)
                    out.write(chunk)
                    # Content-Length counts the bytes sent, perhaps compressed: a guide only.
                    report(f"fetching {name}", min(size / expected, 1.0) if expected else None)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return path, size

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).netloc
        last = self._last_at.get(host)
        if last is not None:
            time.sleep(max(0.0, last + self.politeness.pause - time.monotonic()))
        self._last_at[host] = time.monotonic()


def _check_scheme(current: str, first: str) -> None:
    scheme = urlsplit(current).scheme.lower()
    if scheme not in ("http", "https"):
        where = "" if current == first else f" ({_short(first)} redirected there)"
        raise FetchFailed(f"{_short(current)} is not an http(s) address{where}: not fetched")


def _retry_after(value: str | None) -> float | None:
    return float(value) if value and value.strip().isdigit() else None


def _disposition_name(header: str | None) -> str | None:
    if not header:
        return None
    if m := re.search(r"filename\*\s*=\s*[^']*'[^']*'([^;]+)", header, re.IGNORECASE):
        return unquote(m[1].strip().strip('"'))
    if m := re.search(r'filename\s*=\s*"([^"]+)"|filename\s*=\s*([^;]+)', header,
                      re.IGNORECASE):
        return (m[1] or m[2]).strip()
    return None


def _mb(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _short(url: str, limit: int = 120) -> str:
    return url if len(url) <= limit else url[: limit - 3] + "..."
