"""Is what a portal sent a spend file? The checks made on a body before it is received.

Portals answer a missing or private file in ways a naive download would keep: an HTML "not
found" or error page with status 200, a redirect to a login page, an empty body, a PDF. Each is
refused with its reason. A body that passes is named for what its bytes are (an Excel workbook is
`.xlsx` whatever its address says), so the readers see it as it is.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from sources.portals.http import Fetched

SNIFF_BYTES = 64 * 1024
HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
                        rb"<(?:!doctype\s+html|html|head|body|meta|title|script|div|p|h1)\b",
                        re.IGNORECASE | re.DOTALL)
LOGIN_ADDRESS = re.compile(r"(?<![a-z])(log-?in|log-?on|sign-?in|sso|auth|oauth2?|saml|cas|"
                           r"account|session)(?![a-z])", re.IGNORECASE)
PASSWORD_FIELD = re.compile(rb"<input[^>]+type\s*=\s*[\"']?password", re.IGNORECASE)
ZIP, OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
TEXT_SUFFIXES = {".csv", ".tsv", ".txt"}


def refusal(fetched: Fetched, head: bytes) -> str | None:
    """Why the body is not a spend file, or None. `head` is the body's first bytes."""
    name = fetched_name(fetched)
    if not head.strip():
        return f"{name} from {fetched.url} is empty"
    if head.startswith(b"%PDF"):
        return f"{name} from {fetched.url} is a PDF document, not a spreadsheet of spend"
    if HTML_START.search(head[:SNIFF_BYTES]):
        return login_refusal(fetched, head) or (
            f"{name} from {fetched.url} is a web page (HTML), not a spend file: the portal "
            "sent an error or 'not found' page under the file's address")
    return None


def login_refusal(fetched: Fetched, head: bytes) -> str | None:
    """Why an HTML answer is a login page (a redirect to a login address, or a password field),
    or None."""
    if fetched.redirects and LOGIN_ADDRESS.search(_where(fetched.final_url)):
        return (f"{fetched.url} redirected to {fetched.final_url}, a login page, not the file: "
                "the portal may have made it private or moved it")
    if PASSWORD_FIELD.search(head):
        return (f"{fetched.url} answered with a login page (a form asking for a password), not "
                "the file")
    return None


def address_name(url: str) -> str:
    """A file name for an address with no file behind it (a catalogue's API, a page)."""
    parts = urlsplit(url)
    last = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1]) or parts.netloc
    return _safe(f"{last}?{unquote(parts.query)}" if parts.query else last) or "listing"


def fetched_name(fetched: Fetched, listed_name: str | None = None) -> str:
    """A safe file name for a fetched body: the portal's own name for it (Content-Disposition),
    else its address's last part, else the name it is listed under."""
    for candidate in (fetched.filename, _last_segment(fetched.final_url),
                      _last_segment(fetched.url), listed_name):
        name = _safe(candidate or "")
        if name:
            return name
    return "download"


def named_for_content(name: str, head: bytes) -> str:
    """`name` with the suffix its bytes call for: .xlsx for a zip workbook, .xls for an old one,
    else the text suffix it has, or .csv."""
    stem, suffix = _split(name)
    if head.startswith(ZIP):
        return f"{stem}.xlsx" if suffix not in (".xlsx", ".xlsm") else name
    if head.startswith(OLE):
        return f"{stem}.xls"
    return name if suffix in TEXT_SUFFIXES else f"{stem}{suffix}.csv" if suffix else f"{stem}.csv"


def _split(name: str) -> tuple[str, str]:
    suffix = PurePosixPath(name).suffix.lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,5}", suffix or ".x"):
        return name, ""
    return (name[: -len(suffix)] if suffix else name), suffix


def _safe(name: str) -> str:
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[^\w .,()&£+-]", "_", name).strip(" .")
    return name[:120]


def _where(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.netloc} {unquote(parts.path)} {unquote(parts.query)}"


def _last_segment(url: str) -> str:
    return unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
