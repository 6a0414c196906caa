"""What a post and an actor are, defined once: :class:`PostRecord` and :class:`ActorRecord`.

Pure Python, no Sphinx.  The importer writes a post's front matter from a
:class:`PostRecord`; the registry and the Sphinx extension read front matter through
:func:`parse_post_meta` and :func:`parse_actor_meta`, so every reader agrees on every field.

Front matter arrives in two forms and both are accepted: parsed YAML (lists, dates) from
the importer and the registry, and MyST's ``env.metadata`` inside Sphinx, where every value
is text and a list is JSON text.  A problem is returned as a message, never raised: the
registry raises it, Sphinx warns with the file and line.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from bottomline.formats import (
    EDITIONS,
    KINDS,
    POST_PATH_PATTERN,
    POSTS_DIR,
    parse_post_path,
    post_relative,
)
from bottomline.outlets import canonical_outlet

#: The keys of a post's front matter, in the order the importer writes them.
FRONT_MATTER_KEYS = (
    "title", "date", "edition", "outlets", "actors", "source_url", "blogger_id",
    "raw_sha256", "body_sha256", "raw_file",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PostRecord:
    """One update: its front matter, and the bottom line its body gives."""

    title: str
    date: dt.date
    edition: str  # "AM" | "PM"
    outlets: tuple[str, ...] = ()  # in order of first citation; canonical once parsed
    actors: tuple[str, ...] = ()  # actor slugs
    source_url: str = ""
    blogger_id: str = ""
    raw_sha256: str = ""
    body_sha256: str = ""
    raw_file: str = ""
    bottom_line: str = ""  # plain text, from the body (never in front matter)
    docname: str = ""  # where Sphinx found it ("" before it is written)
    #: ``draft: true`` in the front matter: shown in the preview only, never listed.  A key
    #: only maintainers write (not in :data:`FRONT_MATTER_KEYS`), so the importer treats a
    #: draft as edited by hand and never overwrites it.
    draft: bool = False
    citations: tuple[Citation, ...] = ()  # from the body: each outlet citation, in order
    # From the body: its distinct uncommon words, sorted, one space between (related
    # updates).  One string, not a tuple: a word is an object, a tuple of 150 of them per
    # update was the largest thing in the environment.
    terms: str = ""

    @property
    def sort_key(self) -> tuple[dt.date, int, str, str]:
        """Chronological order: date, AM before PM, then title and docname (stable)."""
        return (self.date, EDITIONS.index(self.edition), self.title, self.docname)

    def front_matter(self) -> dict[str, Any]:
        """The front matter the importer writes, in :data:`FRONT_MATTER_KEYS` order.

        Lists are always written (an empty list says "none"); empty strings are left out.
        """
        values: dict[str, Any] = {
            "title": self.title,
            "date": self.date,
            "edition": self.edition,
            "outlets": list(self.outlets),
            "actors": list(self.actors),
            "source_url": self.source_url,
            "blogger_id": self.blogger_id,
            "raw_sha256": self.raw_sha256,
            "body_sha256": self.body_sha256,
            "raw_file": self.raw_file,
        }
        return {key: values[key] for key in FRONT_MATTER_KEYS if values[key] != ""}


@dataclass(frozen=True, slots=True)
class ActorRecord:
    """One actor, as its page's front matter describes it."""

    slug: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()  # every other name, without the name itself
    affiliations: tuple[str, ...] = ()  # slugs of other actors
    designations: tuple[str, ...] = ()
    title: str = ""  # the page title as shown, when it differs from the name

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias."""
        return (self.name, *self.aliases)

    @property
    def display_title(self) -> str:
        """What links to the actor page show."""
        return self.title or self.name


class Citation(NamedTuple):
    """A bullet cites an outlet: its canonical name, the spelling used, the bullet's text."""

    outlet: str
    spelling: str
    text: str


class ActorMention(NamedTuple):
    """A page names an actor: the folded name (``text.name_key``) and the sentence of its
    first mention under that name (a page keeps one per name)."""

    key: str
    sentence: str


# -- reading front matter ----------------------------------------------------------------


def as_list(value: Any) -> list[str] | None:
    """A front matter list as YAML or MyST gives it, or ``None`` if it is not a list.

    ``None`` and ``""`` are the empty list; MyST stores a list as JSON text, so a string
    that is not a JSON list was a single value in the YAML: not a list.
    """
    if value is None or value == "":
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        return None
    return [str(v).strip() for v in value]


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.datetime.fromisoformat(str(value).strip()).date()
    except ValueError:
        return None


#: How ``draft`` may be written: YAML booleans, or MyST's text of them.
_DRAFT_VALUES = {"true": True, "yes": True, "false": False, "no": False, "": False}


def _as_flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    return _DRAFT_VALUES.get(str(value).strip().lower() if value is not None else "")


def is_draft(meta: Mapping[str, Any]) -> bool:
    """Whether front matter marks a draft (an unreadable ``draft`` value counts as one)."""
    return _as_flag(meta.get("draft")) is not False


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _string_list(
    meta: Mapping[str, Any], key: str, problems: list[str], *, unique: bool = True
) -> tuple[str, ...]:
    items = as_list(meta.get(key))
    if items is None:
        problems.append(f"{key} must be a list of strings")
        return ()
    if any(not item for item in items):
        problems.append(f"{key} has an empty entry")
        items = [item for item in items if item]
    return tuple(dict.fromkeys(items)) if unique else tuple(items)


def parse_post_meta(
    meta: Mapping[str, Any],
    docname: str,
    *,
    posts_dir: str = POSTS_DIR,
    fallback_title: str = "",
) -> tuple[PostRecord | None, list[str]]:
    """The post that front matter ``meta`` describes, and what is wrong with it.

    ``docname`` is the page's path in the project without its suffix
    (``posts/2025/2025-10-02-am-slug``); its file name must agree with the date and
    edition.  Without a valid date a post has no place in time: no record.
    """
    problems: list[str] = []
    title = _text(meta.get("title")) or _text(fallback_title)
    if not title:
        problems.append("post has no title in its front matter")
    day = _as_date(meta.get("date", ""))
    if day is None:
        problems.append(
            f"post front matter 'date' must be an ISO date YYYY-MM-DD, got {meta.get('date')!r}"
        )
    edition = _text(meta.get("edition")).upper()
    if edition not in EDITIONS:
        problems.append(
            f"post front matter 'edition' must be AM or PM, got {meta.get('edition')!r}"
        )
    named = parse_post_path(post_relative(docname, posts_dir) or docname)
    if named is None:
        problems.append(f"post file name must be {POST_PATH_PATTERN}")
    elif day is not None and edition in EDITIONS and (named.date, named.edition) != (day, edition):
        problems.append(
            f"post file name does not match its front matter date {day} and edition {edition}"
        )
    outlets = tuple(
        dict.fromkeys(canonical_outlet(o) for o in _string_list(meta, "outlets", problems))
    )
    actors = _string_list(meta, "actors", problems)
    draft = _as_flag(meta.get("draft"))
    if draft is None:
        problems.append(f"post front matter 'draft' must be true or false, got {meta['draft']!r}")
    if day is None:
        return None, problems
    record = PostRecord(
        title=title,
        date=day,
        edition=edition if edition in EDITIONS else EDITIONS[0],
        outlets=outlets,
        actors=actors,
        source_url=_text(meta.get("source_url")),
        blogger_id=_text(meta.get("blogger_id")),
        raw_sha256=_text(meta.get("raw_sha256")),
        body_sha256=_text(meta.get("body_sha256")),
        raw_file=_text(meta.get("raw_file")),
        docname=docname,
        # A draft whose flag is unreadable stays a draft: never published by mistake.
        draft=draft is not False,
    )
    return record, problems


def is_actor_meta(meta: Mapping[str, Any]) -> bool:
    """Whether front matter describes an actor: it has a ``name`` and a ``kind``."""
    return bool(_text(meta.get("name"))) and bool(_text(meta.get("kind")))


def parse_actor_meta(meta: Mapping[str, Any], slug: str) -> tuple[ActorRecord | None, list[str]]:
    """The actor that front matter ``meta`` describes, and what is wrong with it.

    No ``name`` or no ``kind``: no record.  An unknown kind is a problem, but the record
    keeps it as written (the glossary shows it under its own heading).
    """
    problems: list[str] = []
    name = _text(meta.get("name"))
    kind = _text(meta.get("kind"))
    if not name:
        problems.append("missing 'name'")
    if not kind:
        problems.append("missing 'kind'")
    elif kind not in KINDS:
        problems.append(f"unknown kind {kind!r} (one of: {', '.join(KINDS)})")
    aliases = tuple(a for a in _string_list(meta, "aliases", problems) if a != name)
    affiliations = _string_list(meta, "affiliations", problems)
    designations = _string_list(meta, "designations", problems, unique=False)
    if not name or not kind:
        return None, problems
    record = ActorRecord(
        slug=slug,
        name=name,
        kind=kind,
        aliases=aliases,
        affiliations=affiliations,
        designations=designations,
    )
    return record, problems


def with_body(
    record: PostRecord,
    *,
    outlets: tuple[str, ...],
    bottom_line: str,
    citations: tuple[Citation, ...] = (),
    terms: str = "",
) -> PostRecord:
    """``record`` with what its body says: the outlets cited first, then the bottom line,
    each citation, the words the related updates compare."""
    cited = tuple(dict.fromkeys((*outlets, *record.outlets)))
    return replace(record, outlets=cited, bottom_line=bottom_line, citations=citations, terms=terms)
