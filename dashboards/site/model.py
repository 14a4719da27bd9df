"""What a page is made of: sections of headline cards, charts (each with its table view and text
summary), tables, and lists of links. Plain data: the templates turn it into HTML, escaping
every string that came from the warehouse."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup


@dataclass(frozen=True)
class Cell:
    """One table cell as shown: its text, and whether it is a hidden count (`c`)."""

    text: str
    numeric: bool = False
    suppressed: bool = False
    title: str | None = None
    href: str | None = None
    header: bool = False
    badge: str | None = None     # a state drawn as a badge: its css name (overdue, on-time...)


@dataclass
class Row:
    """A table row; `partnership` and `year` let the page's filters show or hide it."""

    cells: list[Cell]
    partnership: str | list[str] | None = None
    year: str | None = None
    total: bool = False


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[Row]
    numeric: list[bool] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    kind: str = "table"

    @property
    def suppressed_cells(self) -> int:
        return sum(c.suppressed for r in self.rows for c in r.cells)


@dataclass
class Summary:
    """A chart's numbers in words; `year` when it describes one financial year. With
    `sentences` (see `sentences.py`) the page re-tells it for the partnerships a reader picks."""

    text: str
    year: str | None = None
    sentences: list | None = None

    @classmethod
    def told(cls, sentences: list, year: str | None = None) -> Summary:
        from dashboards.site.sentences import render
        return cls(render(sentences), year, sentences)

    @property
    def data(self) -> list[dict] | None:
        from dashboards.site.sentences import as_data
        return as_data(self.sentences) if self.sentences else None


@dataclass
class Chart:
    """A Plotly figure (as plain JSON-ready data) with the table of its numbers and a summary.
    `alt` is the short description read out in place of the drawing."""

    id: str
    title: str
    figure: dict
    table: Table
    summaries: list[Summary]
    alt: str
    unit: str = ""
    height: int = 420
    kind: str = "chart"


@dataclass
class Figure:
    """A headline figure with its range and evidence: never a number without its uncertainty.
    `kind` names it for styling and tests (sroi, value, inputs, imperatives)."""

    label: str
    value: str
    range: str = ""
    detail: str = ""
    kind: str = ""


@dataclass
class Evidence:
    """The evidence behind an estimate: the share of its value resting on each grade (A best,
    D weakest), drawn as one small bar, with the weakest grade as a footnote."""

    shares: dict[str, float]
    headline: str
    footnote: str
    grades: dict[str, str] = field(default_factory=dict)   # grade -> what it means


@dataclass
class Card:
    """One partnership-year's headline figures."""

    title: str
    subtitle: str
    figures: list[Figure]
    href: str | None = None
    partnership: str | None = None
    year: str | None = None
    verdict: str | None = None          # above, straddles, below, unknown
    verdict_text: str = ""
    evidence: Evidence | None = None
    freshness: list[str] = field(default_factory=list)
    overdue: bool = False


@dataclass
class Cards:
    cards: list[Card]
    kind: str = "cards"
    wide: bool = False           # one card across the page, its figures side by side


@dataclass
class Link:
    text: str
    href: str | None
    detail: str = ""


@dataclass
class Links:
    intro: str
    links: list[Link]
    empty: str = ""
    kind: str = "links"


@dataclass
class Prose:
    """Paragraphs of plain text (escaped), or trusted HTML rendered from the project's own
    Markdown (`html`)."""

    paragraphs: list[str] = field(default_factory=list)
    html: Markup | None = None
    kind: str = "prose"


@dataclass
class Section:
    id: str
    title: str
    blocks: list
    intro: str = ""


@dataclass
class Filters:
    """The filters a page offers: financial years and partnerships (id, name)."""

    years: list[str] = field(default_factory=list)
    partnerships: list[tuple[str, str]] = field(default_factory=list)
    default_year: str | None = None

    @property
    def any(self) -> bool:
        return len(self.years) > 1 or len(self.partnerships) > 1


@dataclass
class Page:
    """One HTML file of the site. `path` is relative to the site folder."""

    path: str
    title: str
    nav: str
    lede: str
    sections: list[Section]
    filters: Filters = field(default_factory=Filters)
    notes: list[str] = field(default_factory=list)
    verdict: list[Summary] = field(default_factory=list)   # the main points, first on the page
    contents_after: int = 0      # sections shown before the "On this page" list
    download_view: bool = False  # offer the filtered accounts table as a CSV

    @property
    def root(self) -> str:
        """The relative way back to the site folder from this page."""
        return "../" * self.path.count("/")

    @property
    def charts(self) -> list[Chart]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]

    @property
    def tables(self) -> list[Table]:
        return ([b for s in self.sections for b in s.blocks if isinstance(b, Table)]
                + [c.table for c in self.charts])

    @property
    def suppressed_cells(self) -> int:
        return sum(t.suppressed_cells for t in self.tables)
