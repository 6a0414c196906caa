"""One update, as the importer understands it: plain dataclasses, no markup.

Every string here is text exactly as the author wrote it (spaces normalised); turning it
into MyST, with escaping, is :mod:`bottomline.importer.myst`'s job alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bottomline.text import slugify

#: How a raw original is kept under ``raw/``: the suffix of the kept file.
RAW_TEXT = "txt"
RAW_HTML = "html"
RAW_FEED_ENTRY = "xml-entry.html"


class ImportFailure(Exception):
    """A source (or one feed entry) cannot be imported; the message says why."""


class NotAnUpdate(Exception):
    """A source that is not an update (an announcement, a page): skipped, with the reason."""


@dataclass(frozen=True)
class Citation:
    """An outlet a bullet cites."""

    name: str  # canonical name (bottomline.outlets.canonical_outlet)
    cited_as: str  # as the author wrote it
    url: str | None = None  # the http(s) link that wrapped it in HTML, if any


@dataclass
class Item:
    """A bullet (with its nested bullets) or, when ``bullet`` is false, a paragraph."""

    text: str
    sources: list[Citation] = field(default_factory=list)
    children: list[Item] = field(default_factory=list)
    bullet: bool = True


@dataclass
class Section:
    """A heading and what follows it; an empty heading is content before the first one."""

    heading: str
    items: list[Item] = field(default_factory=list)


@dataclass
class TitleDate:
    """The date the title carries: month and day, rarely a year; AM or PM when given."""

    month: int | None = None
    day: int | None = None
    year: int | None = None
    edition: str | None = None


@dataclass
class Provenance:
    """Where an update came from, and the raw original to keep."""

    label: str  # how messages name the source: a path, "<stdin>", "feed.xml entry 3"
    raw: bytes  # the original, kept byte for byte under raw/
    raw_kind: str  # RAW_TEXT, RAW_HTML or RAW_FEED_ENTRY
    blogger_id: str | None = None
    source_url: str | None = None
    published: datetime | None = None  # with the author's own UTC offset


@dataclass
class Update:
    """One AM or PM update."""

    title: str  # without the date part, with the series prefix ("What's New in Iraq: …")
    title_date: TitleDate
    intro: list[str]
    bottom_line: list[str]  # paragraphs, without the "The bottom line is that" label
    sections: list[Section]
    takeaway: list[Item]  # the "What It All Means" section
    provenance: Provenance
    date: date | None = None  # set once the year is known (importer.dates.resolve_date)
    edition: str | None = None

    def outlets(self) -> list[str]:
        """Canonical names of the outlets cited, in order of first citation."""
        # Keyed by slug: "FOO News" and "Foo News" are one unknown outlet.
        names: dict[str, str] = {}
        for item in self.all_items():
            for citation in item.sources:
                names.setdefault(slugify(citation.name), citation.name)
        return list(names.values())

    def all_items(self) -> list[Item]:
        """Every bullet and paragraph of the sections and the takeaway, depth first."""
        found: list[Item] = []

        def walk(items: list[Item]) -> None:
            for item in items:
                found.append(item)
                walk(item.children)

        for section in self.sections:
            walk(section.items)
        walk(self.takeaway)
        return found


@dataclass
class Entry:
    """One post a source holds (a feed holds many), or why it could not be read."""

    label: str
    update: Update | None = None
    problem: ImportFailure | NotAnUpdate | None = None
