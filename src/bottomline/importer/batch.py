"""A batch of sources in, one outcome per post out; one bad source never stops the others."""

from __future__ import annotations

import errno
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bottomline.importer.dates import date_in_name, resolve_date, title_slug
from bottomline.importer.read_feed import read_feed
from bottomline.importer.read_html import read_html
from bottomline.importer.read_mhtml import is_mhtml, read_mhtml
from bottomline.importer.read_text import read_texts
from bottomline.importer.write import (
    CREATED,
    FAILED,
    SKIPPED,
    STATUSES,
    UPDATED,
    BloggerIndex,
    Outcome,
    body_of,
    display,
    flush_to_disk,
    post_key,
    same_text,
    write_update,
)
from bottomline.model import RAW_TEXT, Entry, ImportFailure, NotAnUpdate, Update

STDIN = "-"
#: Write errors after which no other write can succeed: a full disk, a quota, a read-only
#: file system.  They stop the run instead of failing every later post one by one.
STOP_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})
_FEED_SUFFIXES = (".xml", ".atom", ".rss", ".json", ".js")
_CALLBACK_RE = re.compile(rb"[a-z_$][\w.$]*\s*\(\s*\{")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def sniff(data: bytes, name: str) -> str:
    """``"feed"``, ``"html"``, ``"mhtml"`` or ``"text"``: by the content first, then by the
    file name."""
    if is_mhtml(data):
        return "mhtml"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<feed", b"<rss")):
        return "html" if b"<html" in head and b"<feed" not in head else "feed"
    if head.startswith((b"<!doctype html", b"<html", b"<!--")) or b"<html" in head[:1024]:
        return "html"
    if head.startswith((b"{", b"// api callback")) or _CALLBACK_RE.match(head):
        # Blogger's JSON feed (?alt=json), or in a script (?alt=json-in-script), whose
        # call is gdata.io.handleScriptLoaded(…) unless the address names another
        # (&callback=showPosts).
        return "feed"
    suffix = Path(name).suffix.lower()
    if suffix in _FEED_SUFFIXES:
        return "feed"
    if suffix in _HTML_SUFFIXES:
        return "html"
    return "text"


def read_source(data: bytes, label: str) -> list[Entry]:
    """Every post a source holds; a source that cannot be read is one failed entry."""
    try:
        kind = sniff(data, label)
        if kind == "feed":
            return read_feed(data, label)
        if kind == "html":
            return read_html(data, label)
        if kind == "mhtml":
            return read_mhtml(data, label)
        return read_texts(data, label)
    except (ImportFailure, NotAnUpdate) as problem:
        return [Entry(label, problem=problem)]
    except Exception as error:  # a bug in a reader must not stop the other sources
        return [Entry(label, problem=_unexpected(error))]


def _unexpected(error: Exception) -> ImportFailure:
    return ImportFailure(f"unexpected {type(error).__name__} in the importer: {error} (a bug)")


def load(source: str, stdin: Callable[[], bytes]) -> tuple[str, bytes | None, str | None]:
    """(label, data, error) for a path or ``-``."""
    if source == STDIN:
        return "<stdin>", stdin(), None
    path = Path(source)
    label = display(path)
    try:
        return label, path.read_bytes(), None
    except FileNotFoundError:
        return label, None, "no such file"
    except IsADirectoryError:
        return label, None, "is a directory, not a file"
    except OSError as error:
        return label, None, f"cannot read: {error.strerror or error}"


@dataclass
class Options:
    posts_dir: Path = Path("posts")
    year: int | None = None
    dry_run: bool = False
    force: bool = False
    registry: Any = None  # a bottomline.registry.Registry, or None: no actor links
    find_candidates: Callable[[str, Any], list[str]] | None = None


@dataclass
class Summary:
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome.status] += 1

    @property
    def wrote(self) -> bool:
        return bool(self.counts[CREATED] or self.counts[UPDATED])

    @property
    def failed(self) -> int:
        return self.counts[FAILED]

    def line(self, dry_run: bool = False) -> str:
        text = ", ".join(f"{status} {self.counts[status]}" for status in STATUSES)
        return text + (" (dry run: nothing written)" if dry_run else "")


def candidates_for(entry: Entry, options: Options) -> list[str]:
    """Names in the post that look like actors but are not in the registry."""
    update = entry.update
    if update is None or options.registry is None or options.find_candidates is None:
        return []
    texts = [*update.intro, *update.bottom_line, *(item.text for item in update.all_items())]
    found: dict[str, None] = {}
    for text in texts:
        for name in options.find_candidates(text, options.registry):
            found.setdefault(name, None)
    return list(found)


@dataclass
class SourceEntry(Entry):
    """An entry, with the date its source file's name starts with ("2025-11-03-…")."""

    named: date | None = None


def entries(sources: Iterable[str], stdin: Callable[[], bytes]) -> Iterator[Entry]:
    """Every entry of every source, in the order given."""
    for source in sources:
        label, data, error = load(source, stdin)
        if data is None:
            yield Entry(label, problem=ImportFailure(error or "cannot read"))
            continue
        named = None if source == STDIN else date_in_name(Path(source).name)
        for entry in read_source(data, label):
            yield SourceEntry(entry.label, entry.update, entry.problem, named=named)


def resolve(entry: Entry, options: Options, previous: date | None) -> ImportFailure | None:
    """Give an entry's update its date and edition; the failure if it has none."""
    update = entry.update
    if entry.problem is not None or update is None or update.date is not None:
        return None
    try:
        update.date, update.edition = resolve_date(
            update.title_date,
            update.provenance.published,
            year=options.year,
            previous=previous,
            named=entry.named if isinstance(entry, SourceEntry) else None,
        )
    except ImportFailure as problem:
        return problem
    return None


def import_entry(
    entry: Entry,
    options: Options,
    previous: date | None,
    index: BloggerIndex,
    staged: dict[Path, str] | None = None,
) -> Outcome:
    """Resolve the date of one entry's update and write it."""
    if entry.problem is not None:
        status = SKIPPED if isinstance(entry.problem, NotAnUpdate) else FAILED
        return Outcome(status, entry.label, str(entry.problem))
    update = entry.update
    assert update is not None
    try:
        problem = resolve(entry, options, previous)
        if problem is not None:
            raise problem
        outcome = write_update(
            update,
            options.posts_dir,
            registry=options.registry,
            force=options.force,
            dry_run=options.dry_run,
            index=index,
            staged=staged,
        )
    except ImportFailure as problem:
        return Outcome(FAILED, entry.label, str(problem))
    except OSError as error:
        if error.errno in STOP_ERRNOS:
            raise  # every later write would fail too: the run stops (cli.run_ingest)
        return Outcome(FAILED, entry.label, f"cannot write: {error}")
    except Exception as error:  # a bug must not stop the other entries
        return Outcome(FAILED, entry.label, str(_unexpected(error)))
    outcome.candidates = candidates_for(entry, options)
    return outcome


def ingest(
    all_entries: list[Entry],
    options: Options,
    report: Callable[[Outcome], None],
    advance: Callable[[], None] = lambda: None,
) -> Summary:
    """Import every entry in order; ``report`` gets each outcome as it happens.

    A post without a year in its metadata takes it from ``options.year`` when it is the
    first, else from its file's name ("2025-11-03-…", when the title's month and day are
    that date's), else from the post before it in the batch (crossing into the next year
    after December).
    """
    summary = Summary()
    index = BloggerIndex(options.posts_dir)
    previous: date | None = None
    copies = _copies_of_later_pages(all_entries, options)
    # A dry run writes nothing, but each entry must meet what the ones before it would
    # have written, or the report differs from the real run's.
    staged: dict[Path, str] | None = {} if options.dry_run else None
    for number, entry in enumerate(all_entries):
        if number in copies:
            outcome = copies[number]
        else:
            outcome = import_entry(entry, options, previous, index, staged)
        if entry.update is not None and entry.update.date is not None:
            previous = entry.update.date
        summary.add(outcome)
        report(outcome)
        advance()
    if not options.dry_run and summary.wrote:
        flush_to_disk()
    return summary


def _copies_of_later_pages(all_entries: list[Entry], options: Options) -> dict[int, Outcome]:
    """Copied texts of a post whose page or feed entry comes later in the batch, skipped.

    The page or feed version (with its address, id and time) wins whichever came first;
    one that came before is handled by :func:`write_update`.  The dates are resolved here
    in the batch's order, as :func:`ingest` would; only a post met twice is rendered.  A
    copy first in the batch has no year of its own (no ``--year``, no date in its file's
    name): it is the later page's post when its month, day, edition and title are that
    page's, so the batch gives the same posts in any order.
    """
    kinds = {entry.update.provenance.raw_kind for entry in all_entries if entry.update}
    if RAW_TEXT not in kinds or len(kinds) < 2:
        return {}
    previous: date | None = None
    keys: dict[int, tuple[date, str, str]] = {}
    undated: list[int] = []  # copies whose year nothing before them gives
    for number, entry in enumerate(all_entries):
        if resolve(entry, options, previous) is None and entry.update and entry.update.date:
            previous = entry.update.date
            keys[number] = post_key(entry.update)
        elif (
            entry.problem is None and entry.update and entry.update.provenance.raw_kind == RAW_TEXT
        ):
            undated.append(number)
    last_page: dict[tuple[date, str, str], int] = {}
    for number, key in keys.items():
        update = all_entries[number].update
        if update is not None and update.provenance.raw_kind != RAW_TEXT:
            last_page[key] = number
    pairs = [(number, last_page.get(key)) for number, key in keys.items()]
    for number in undated:
        copy = all_entries[number].update
        assert copy is not None
        pairs.append((number, _page_of_undated_copy(copy, last_page)))
    skipped: dict[int, Outcome] = {}
    for number, page in sorted(pairs):
        if page is None or page < number:
            continue
        copy, original = all_entries[number].update, all_entries[page].update
        if copy is None or original is None:
            continue
        if copy.provenance.raw_kind == RAW_TEXT and same_text(body_of(copy), body_of(original)):
            reason = (
                f"the same post as {original.provenance.label}, later in this batch: the page "
                "or feed version is kept over a copy"
            )
            skipped[number] = Outcome(SKIPPED, copy.provenance.label, reason)
    return skipped


def _page_of_undated_copy(copy: Update, pages: dict[tuple[date, str, str], int]) -> int | None:
    """The page or feed entry (by its number in the batch) whose post a copy without a
    year is: the same month and day, the same edition (when the copy's title gives one)
    and the same title."""
    found = copy.title_date
    if found.month is None or found.day is None:
        return None
    slug = title_slug(copy.title, copy.provenance.source_url)
    matches = [
        number
        for (when, edition, page_slug), number in pages.items()
        if (when.month, when.day) == (found.month, found.day)
        and found.edition in (None, edition)
        and page_slug == slug
    ]
    return matches[0] if len(matches) == 1 else None  # two years' posts: no telling
