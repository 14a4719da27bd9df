"""Summaries that can be re-told for any choice of partnerships.

A summary that names partnerships ("two of the four partnerships return more than they cost:
A and B") must change when a reader unticks one. Rather than write every summary twice (here and
in the page's script), a summary is built as data: sentences made of fixed text, lists of items
that belong to partnerships, counts of a list's items and words that agree with a count. This
module renders it for the published page (every partnership chosen); `site.js` renders the same
data, the same way, whenever the filters change. A browser test holds the two to the same text.

Parts of a sentence:
    "text"                          fixed text
    Items(key, [Item, ...])         the items whose partnerships are chosen, joined
    Count(key)                      how many items of list `key` are shown ("four", "Two")
    Plural(key, one, many)          `one` when list `key` shows one item, else `many`
A Sentence with `needs` is left out (or replaced by `otherwise`) when that list shows nothing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


@dataclass
class Item:
    """A piece of text that belongs to one or more partnerships: shown when any of them is
    chosen (or, with `every`, only when all of them are: a statement about a pair)."""

    text: str
    partnerships: list[str] = field(default_factory=list)
    every: bool = False


@dataclass
class Items:
    key: str
    items: list[Item]
    sep: str = "; "
    last: str | None = None      # " and " before the last item, when set
    hidden: bool = False         # counted, never written (the whole set being compared)
    type: str = "items"


@dataclass
class Count:
    key: str
    capital: bool = False
    type: str = "count"


@dataclass
class Plural:
    key: str
    one: list
    many: list
    type: str = "plural"


@dataclass
class Sentence:
    parts: list
    needs: str | None = None
    otherwise: str = ""


def number(n: int, capital: bool = False) -> str:
    """One to ten in words (as the ONS writes them), larger numbers in figures."""
    word = WORDS[n] if 0 <= n < len(WORDS) else f"{n:,}"
    return word[:1].upper() + word[1:] if capital else word


def _shown(item: Item, chosen: set[str] | None) -> bool:
    if chosen is None or not item.partnerships:
        return True
    test = all if item.every else any
    return test(p in chosen for p in item.partnerships)


def _lists(sentences: list[Sentence]) -> dict[str, Items]:
    found: dict[str, Items] = {}

    def walk(parts: list) -> None:
        for part in parts:
            if isinstance(part, Items):
                found[part.key] = part
            elif isinstance(part, Plural):
                walk(part.one)
                walk(part.many)
    for sentence in sentences:
        walk(sentence.parts)
    return found


def render(sentences: list[Sentence], chosen: set[str] | None = None) -> str:
    """The sentences as text for the partnerships `chosen` (None: all)."""
    lists = _lists(sentences)
    shown = {k: [i.text for i in v.items if _shown(i, chosen)] for k, v in lists.items()}

    def parts(items: list) -> str:
        out = ""
        for part in items:
            if isinstance(part, str):
                out += part
            elif isinstance(part, Items):
                texts = shown[part.key]
                if part.hidden:
                    continue
                if part.last and len(texts) > 1:
                    out += part.sep.join(texts[:-1]) + part.last + texts[-1]
                else:
                    out += part.sep.join(texts)
            elif isinstance(part, Count):
                out += number(len(shown.get(part.key, [])), part.capital)
            elif isinstance(part, Plural):
                out += parts(part.one if len(shown.get(part.key, [])) == 1 else part.many)
        return out

    text = []
    for sentence in sentences:
        if sentence.needs and not shown.get(sentence.needs):
            if sentence.otherwise:
                text.append(sentence.otherwise)
            continue
        text.append(parts(sentence.parts))
    return " ".join(t for t in text if t)


def as_data(sentences: list[Sentence]) -> list[dict]:
    """The sentences as JSON-ready data for the page's script."""
    return [asdict(s) for s in sentences]
