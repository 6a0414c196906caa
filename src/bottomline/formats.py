"""The archive's format facts, each defined once (docs/editing.md, "The post page format").

Pure Python, no Sphinx: the importer, the registry, the Sphinx extension and the
benchmark all import these and restate none of them.

- where a post lives: ``posts/<YYYY>/<YYYY-MM-DD>-<am|pm>-<slug>.md`` (:func:`post_path`,
  :func:`parse_post_path`);
- the editions, AM before PM;
- the actor kinds, in glossary order, with their badge text, heading and badge colour;
- the admonitions every post has;
- the front matter splitter (:func:`split_front_matter`);
- where the generated pages live: a year, a month, an outlet (:func:`year_page`,
  :func:`month_page`, :func:`outlet_page`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

#: Editions in the order they appear in a day.
EDITIONS: tuple[str, ...] = ("AM", "PM")
#: The sphinx-design colour of each edition's badge.
EDITION_COLOURS = {"AM": "info", "PM": "secondary"}

#: Default folders of the archive, relative to the Sphinx source directory.
POSTS_DIR = "posts"
ACTORS_DIR = "actors"

#: A post's path relative to the posts folder, without the ``.md`` suffix.
POST_PATH_RE = re.compile(
    r"^(?P<year>\d{4})/(?P<date>\d{4}-\d{2}-\d{2})-(?P<edition>am|pm)-(?P<slug>[a-z0-9-]+)$"
)
#: What the post path pattern means, for messages.
POST_PATH_PATTERN = "<YYYY>/<YYYY-MM-DD>-<am|pm>-<slug>.md"


class PostPath(NamedTuple):
    """What a post's file name says about it."""

    date: date
    edition: str  # "AM" | "PM"
    slug: str


def post_relative(docname: str, posts_dir: str = POSTS_DIR) -> str | None:
    """``docname`` relative to the posts folder, or ``None`` when it is not under it."""
    prefix = posts_dir.rstrip("/") + "/"
    return docname[len(prefix) :] if docname.startswith(prefix) else None


def post_path(day: date, edition: str, slug: str) -> str:
    """``2025/2025-10-02-am-slug.md``: where a post goes, relative to the posts folder."""
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {', '.join(EDITIONS)}, got {edition!r}")
    return f"{day.year:04d}/{day.isoformat()}-{edition.lower()}-{slug}.md"


def parse_post_path(relative: str) -> PostPath | None:
    """The date, edition and slug a post path gives, or ``None`` if it has not the pattern.

    ``relative`` is relative to the posts folder, with or without ``.md``; the year folder
    must agree with the date.
    """
    match = POST_PATH_RE.match(relative.removesuffix(".md"))
    if match is None:
        return None
    try:
        day = date.fromisoformat(match["date"])
    except ValueError:
        return None
    if match["year"] != match["date"][:4]:
        return None
    return PostPath(day, match["edition"].upper(), match["slug"])


# -- actor kinds -------------------------------------------------------------------------


@dataclass(frozen=True)
class ActorKind:
    """How an actor kind is shown: on its badge, as a glossary heading, in which colour."""

    key: str  # as written in front matter: "armed-group"
    singular: str  # badge text: "Armed group"
    plural: str  # glossary heading: "Armed groups"
    colour: str  # sphinx-design colour name: "danger"


#: Every actor kind, in glossary order.
ACTOR_KINDS: dict[str, ActorKind] = {
    kind.key: kind
    for kind in (
        ActorKind("armed-group", "Armed group", "Armed groups", "danger"),
        ActorKind("party", "Party", "Parties", "primary"),
        ActorKind("state-body", "State body", "State bodies", "secondary"),
        ActorKind("government", "Government", "Governments", "success"),
        ActorKind("foreign-state", "Foreign state", "Foreign states", "warning"),
        ActorKind(
            "international-organisation",
            "International organisation",
            "International organisations",
            "info",
        ),
        ActorKind("company", "Company", "Companies", "dark"),
        ActorKind("person", "Person", "People", "light"),
    )
}
KINDS: tuple[str, ...] = tuple(ACTOR_KINDS)


def actor_kind(key: str) -> ActorKind:
    """The kind ``key`` names; an unknown one is shown as written, in a muted badge."""
    return ACTOR_KINDS.get(key) or ActorKind(key, key, key, "muted")


# -- the two admonitions -----------------------------------------------------------------

BOTTOM_LINE = "bottom-line"
WHAT_IT_MEANS = "what-it-means"
#: Directive name -> the title it shows.
ADMONITION_TITLES = {BOTTOM_LINE: "The bottom line", WHAT_IT_MEANS: "What it all means"}


# -- front matter ------------------------------------------------------------------------

_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.M)


class FrontMatter(NamedTuple):
    """A page split at its front matter."""

    yaml: str  # the text between the ``---`` lines
    body: str  # everything after the closing ``---`` line
    body_line: int  # the 1-based line number the body starts on


def split_front_matter(text: str) -> FrontMatter | None:
    """``text`` split into its YAML front matter and body, or ``None`` when it has none.

    A leading byte order mark is ignored; the front matter must open on the first line.
    """
    text = text.removeprefix("\ufeff")
    match = _FRONT_MATTER_RE.match(text)
    if match is None:
        return None
    return FrontMatter(match.group(1), text[match.end() :], text.count("\n", 0, match.end()) + 1)


# -- generated pages ---------------------------------------------------------------------

#: The folder of the outlet pages (``outlets/<slug>``), next to the ``outlets`` index page.
OUTLETS_DIR = "outlets"


def year_page(year: int) -> str:
    """The docname of a year's page: ``2025/index`` (URL ``/2025/``)."""
    return f"{year:04d}/index"


def month_page(year: int, month: int) -> str:
    """The docname of a month's page: ``2025/10/index`` (URL ``/2025/10/``)."""
    return f"{year:04d}/{month:02d}/index"


def outlet_page(slug: str) -> str:
    """The docname of an outlet's page: ``outlets/shafaq-news``."""
    return f"{OUTLETS_DIR}/{slug}"
