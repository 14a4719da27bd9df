"""Pages to HTML: Jinja2 with autoescaping on, and each chart's data embedded in its page.

The data goes in a `<script type="application/json">` element, with `<`, `>` and `&` written
as JSON escapes so that no string from the data (a partner called `</script><script>...`) can
end the element. The Content-Security-Policy allows scripts only from the site's own files and
no connections at all: even an injected handler would not run, and nothing can be fetched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup
from plotly.utils import PlotlyJSONEncoder

from dashboards.site.model import Link, Page

TEMPLATES = Path(__file__).with_name("templates")
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; font-src 'self'; connect-src 'none'; base-uri 'none'; "
       "form-action 'none'")
_SCRIPT_SAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                0x2028: "\\u2028", 0x2029: "\\u2029"}


def embed(data: object) -> Markup:
    """JSON that can sit inside a script element whatever strings it holds."""
    text = json.dumps(data, cls=PlotlyJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.translate(_SCRIPT_SAFE))


@dataclass
class SiteInfo:
    """What every page shows besides its own content: navigation, the sample-data banner, the
    price basis, the suppression policy and when the site was built."""

    partnerships: list[Link] = field(default_factory=list)
    councils: list[Link] = field(default_factory=list)
    sample_data: bool = False
    sample_notice: str = ""
    basis: str = ""
    policy: str = ""
    built_at: str = ""
    overdue: str = ""            # the banner when feeds are overdue ("" when none is)

    @staticmethod
    def embed(data: object) -> Markup:
        return embed(data)

    @staticmethod
    def json_attr(data: object) -> str:
        """JSON for an HTML attribute (the template escapes it as any attribute value)."""
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=False, lstrip_blocks=False)


def render(page: Page, site: SiteInfo, env: jinja2.Environment | None = None) -> str:
    return (env or environment()).get_template("base.html").render(
        page=page, site=site, csp=CSP)
