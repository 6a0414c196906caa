"""The extension's one state layer: per-document records, and a derived view of them all.

- Three domains hold only per-document records, each table keyed by docname, cleared and
  merged by docname as ``sphinx.ext.todo`` does, so parallel and incremental reads keep
  them right: ``post`` (a :class:`PostRecord` per post), ``actor`` (an
  :class:`ActorRecord` per actor page, the :class:`ActorMention` of every page) and
  ``bottomline`` (per page: its generated parts, the outlets it cites, its words for
  phrase search).
- :class:`Derived` is everything computed across documents (chronological order,
  neighbours, the actor index, mentions by actor and by post, co-mentions, affiliations,
  outlets), built by the pure :func:`derive_from` from plain data.  :func:`derived` returns
  it for an environment, computed once the documents are read; it lives on the domain
  instance, which Sphinx never pickles, so nothing derived outlives a build.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, ClassVar, NamedTuple

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.util.nodes import make_refnode

from bottomline.formats import KINDS
from bottomline.outlets import outlet_slug
from bottomline.records import ActorMention, ActorRecord, Citation, PostRecord
from bottomline.text import name_key

#: The shape of the domains' data; bump when a record or table changes, so a pickled
#: environment of the old shape is dropped (it is also the extension's ``env_version``).
DATA_VERSION = 5
#: Rankings of related updates kept between builds: the last build's records and the new
#: ones (an incremental build derives both, in whatever order its handlers ask).
RANKINGS_KEPT = 2


class PartRef(NamedTuple):
    """A generated part a page holds: its kind and its options (sorted pairs)."""

    kind: str
    options: tuple[tuple[str, Any], ...] = ()


# -- the domains ------------------------------------------------------------------------


class RecordDomain(Domain):
    """A domain whose data is tables of per-document records, keyed by docname."""

    tables: ClassVar[tuple[str, ...]] = ()
    #: Tables a ``-j`` reader process keeps whole (:func:`forget_page_records`).
    kept_by_readers: ClassVar[tuple[str, ...]] = ()

    def clear_doc(self, docname: str) -> None:
        for table in self.tables:
            self.data[table].pop(docname, None)

    def forget_pages(self) -> None:
        """Forget every page's records (but those of :data:`kept_by_readers`)."""
        for table in self.tables:
            if table not in self.kept_by_readers:
                self.data[table].clear()

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for table in self.tables:
            mine = self.data[table]
            for docname, value in otherdata[table].items():
                if docname in docnames:
                    mine[docname] = value

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []


class PostDomain(RecordDomain):
    """``posts``: a :class:`PostRecord` per post.  Also holds this build's :class:`Derived`."""

    name = "post"
    label = "Posts"
    tables = ("posts",)
    # ``related``: the last rankings of related updates, by what they were made from
    # (:attr:`Derived.related`); kept in the pickled environment for the next build.
    initial_data: ClassVar[dict[str, Any]] = {"posts": {}, "related": {}}
    data_version = DATA_VERSION

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        # Transient: Sphinx never pickles domain instances, only their ``data``.
        self.derived_view: Derived | None = None


class ActorDomain(RecordDomain):
    """``actors``: an :class:`ActorRecord` per actor page; ``mentions``: per page, the
    :class:`ActorMention` of each ``{actor}`` role.  Resolves ``{actor}`` references."""

    name = "actor"
    label = "Actors"
    tables = ("actors", "mentions")
    kept_by_readers = ("actors",)  # a hundred or so: cheap to send back, and kept to be safe
    object_types: ClassVar[dict[str, ObjType]] = {"actor": ObjType("actor", "ref")}
    initial_data: ClassVar[dict[str, Any]] = {"actors": {}, "mentions": {}}
    dangling_warnings: ClassVar[dict[str, str]] = {"ref": "unknown actor %(target)r"}
    data_version = DATA_VERSION

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: addnodes.pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        view = derived(env)
        actor_doc = view.lookup(target)
        if actor_doc is None:
            return None
        title = view.actors[actor_doc].display_title
        reference = make_refnode(builder, fromdocname, actor_doc, None, contnode, title)
        reference["classes"].append("actor")
        return reference

    def resolve_any_xref(  # type: ignore[override]
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: addnodes.pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        reference = self.resolve_xref(env, fromdocname, builder, "ref", target, node, contnode)
        return [("actor:ref", reference)] if reference is not None else []

    def get_objects(self) -> Any:
        for docname, actor in sorted(self.data["actors"].items()):
            # By name: the search page finds actors by what readers type.
            yield (actor.name, actor.display_title, "actor", docname, "", 1)


class PageDomain(RecordDomain):
    """Per page: ``parts`` (its generated parts), ``outlets`` (the outlets it cites),
    ``words`` (where its words stand, for phrase search)."""

    name = "bottomline"
    label = "bottomline pages"
    tables = ("parts", "outlets", "words")
    initial_data: ClassVar[dict[str, Any]] = {"parts": {}, "outlets": {}, "words": {}}
    data_version = DATA_VERSION


DOMAINS = (PostDomain, ActorDomain, PageDomain)


class ReaderProcesses:
    """A ``-j`` read: each reader process sends back only the records of its own pages.

    Sphinx forks a reader per chunk of pages, and each sends its whole environment back
    to be merged: with it the records of every page merged before the fork, though only
    the chunk's pages are taken from it (``merge_domaindata``).  At 3,000 updates our
    records are most of a 23 MB environment, pickled and unpickled once per chunk.  So a
    reader, before its first page, forgets every page's records: reading a page needs
    only its own (the pages it reads were cleared before the fork).
    """

    def __init__(self) -> None:
        self.main = 0  # the process that started reading
        self.emptied = 0  # the reader process that has forgotten the others' records

    def start(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        """``env-before-read-docs``: the main process."""
        self.main = os.getpid()

    def note(self, app: Sphinx, docname: str, source: list[str]) -> None:
        """``source-read``: in a reader process, before its first page, forget the rest."""
        pid = os.getpid()
        if pid not in (self.main, self.emptied):
            self.emptied = pid
            forget_page_records(app.env)


def forget_page_records(env: BuildEnvironment) -> None:
    """Forget the records of every page (of the tables readers do not keep)."""
    for name in list(env.domaindata):
        domain = env.get_domain(name)
        if isinstance(domain, RecordDomain):
            domain.forget_pages()


def _domain(env: BuildEnvironment, name: str) -> Any:
    return env.get_domain(name)


def posts(env: BuildEnvironment) -> dict[str, PostRecord]:
    """Every post read, by docname."""
    return _domain(env, "post").data["posts"]


def actors(env: BuildEnvironment) -> dict[str, ActorRecord]:
    """Every actor page read, by docname."""
    return _domain(env, "actor").data["actors"]


def mentions(env: BuildEnvironment) -> dict[str, tuple[ActorMention, ...]]:
    """The actor mentions of every page that has any, by docname."""
    return _domain(env, "actor").data["mentions"]


def page_parts(env: BuildEnvironment) -> dict[str, tuple[PartRef, ...]]:
    """The generated parts of every page that has any, by docname."""
    return _domain(env, "bottomline").data["parts"]


def outlet_citers(env: BuildEnvironment) -> dict[str, tuple[str, ...]]:
    """Pages that cite outlets, with the outlets they cite (canonical, first citation first)."""
    return _domain(env, "bottomline").data["outlets"]


def page_words(env: BuildEnvironment) -> dict[str, str]:
    """Where every word stands on each page, as phrase search sees them (``search.py``)."""
    return _domain(env, "bottomline").data["words"]


def add_part(env: BuildEnvironment, docname: str, kind: str, **options: Any) -> None:
    """Note that ``docname`` holds a generated part (read time)."""
    table = page_parts(env)
    table[docname] = (*table.get(docname, ()), PartRef(kind, tuple(sorted(options.items()))))


# -- the derived view --------------------------------------------------------------------


class PostLine(NamedTuple):
    """A post as one line of a list (listings, timelines, neighbours): what it shows."""

    docname: str
    title: str
    date: date
    edition: str


class Settings(NamedTuple):
    """What the generated parts need of the configuration and the set of pages."""

    outlets_page: str | None = None  # the outlets page, when the site has it
    archive_page: str | None = None  # the archive page, when the site has it
    latest_count: int = 20


class OutletCitation(NamedTuple):
    """A bullet of a post cites an outlet."""

    docname: str
    citation: Citation


@dataclass(frozen=True)
class Derived:
    """Everything computed across documents; read-only, rebuilt after every read.

    Drafts are in ``posts`` (their own page shows them, in the preview) and nowhere else:
    every view across documents (order, neighbours, mentions, outlets, months, related
    updates) is made of published posts only, so each feature leaves drafts out for free.
    """

    posts: Mapping[str, PostRecord]
    actors: Mapping[str, ActorRecord]
    mentions: Mapping[str, tuple[ActorMention, ...]]
    settings: Settings
    #: Post docnames, oldest first.
    order: tuple[str, ...]
    #: Post docname -> how it is shown in a list (made once: every listing shows it).
    lines: Mapping[str, PostLine]
    #: Docname -> its place in ``order``.
    position: Mapping[str, int]
    #: Folded name, alias or slug (``text.name_key``) -> actor docname.
    index: Mapping[str, str]
    #: Post -> {actor docname: the sentence of its first mention ("" if only in front matter)}.
    by_post: Mapping[str, Mapping[str, str]]
    #: Actor docname -> the posts mentioning it, oldest first.
    by_actor: Mapping[str, tuple[str, ...]]
    #: Actor docname -> (other actor, posts mentioning both), most first, then by name.
    co_mentions: Mapping[str, tuple[tuple[str, int], ...]]
    #: Actor docname -> actors it declares or that declare it, by name.
    affiliated: Mapping[str, tuple[str, ...]]
    #: Outlet (its name, :attr:`outlet_names`) -> the posts citing it, newest first; A to Z.
    cited_by: Mapping[str, tuple[str, ...]]
    #: Outlet slug -> the name its page shows, for every outlet a published post cites.
    outlet_names: Mapping[str, str] = field(default_factory=dict)
    #: Canonical outlet -> each bullet citing it, newest post first (bullets in page order).
    citations: Mapping[str, tuple[OutletCitation, ...]] = field(default_factory=dict)
    #: (year, month) -> its posts, newest first; months oldest first.
    by_month: Mapping[tuple[int, int], tuple[str, ...]] = field(default_factory=dict)
    _sort_names: Mapping[str, str] = field(default_factory=dict, repr=False)
    #: Where the last ranking of related updates is kept (the post domain's data), or None.
    related_memo: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    @property
    def months(self) -> tuple[tuple[int, int], ...]:
        """Every month with a post, oldest first."""
        return tuple(self.by_month)

    @cached_property
    def related(self) -> Mapping[str, tuple[str, ...]]:
        """Post (drafts too) -> its related updates, best first (``related.rank_related``).

        Made on first use: only a build that shows or plans related updates pays for it.
        An incremental build derives the views of the last build's records and of the new
        ones; the ranking of the last build's is the one it kept (``related_memo``), so
        it is ranked once, not twice, and not at all when nothing it depends on changed.
        """
        from bottomline.sphinxext.related import rank_related, ranking_key

        memo = self.related_memo
        if memo is None:
            return rank_related(self.posts, self.order, self.by_post, self.index)
        key = ranking_key(self.posts, self.order, self.by_post, self.index)
        if key not in memo:
            memo[key] = rank_related(self.posts, self.order, self.by_post, self.index)
            while len(memo) > RANKINGS_KEPT:
                del memo[next(iter(memo))]  # the oldest
        related: Mapping[str, tuple[str, ...]] = memo[key]
        return related

    def lookup(self, alias: str) -> str | None:
        """The docname of the actor page ``alias`` (any spelling, or the slug) names."""
        return self.index.get(name_key(alias))

    def neighbours(self, docname: str) -> tuple[str | None, str | None]:
        """The posts just before and just after ``docname`` in time."""
        i = self.position[docname]
        before = self.order[i - 1] if i > 0 else None
        after = self.order[i + 1] if i + 1 < len(self.order) else None
        return before, after

    def sort_name(self, actor_doc: str) -> str:
        return self._sort_names.get(actor_doc, actor_doc)

    def kinds(self) -> list[str]:
        """Every kind an actor has: the known ones in glossary order, then any other."""
        present = {actor.kind for actor in self.actors.values()}
        return [k for k in KINDS if k in present] + sorted(present - set(KINDS))


def derive_from(
    post_records: Mapping[str, PostRecord],
    actor_records: Mapping[str, ActorRecord],
    page_mentions: Mapping[str, tuple[ActorMention, ...]],
    settings: Settings | None = None,
    related_memo: dict[str, Any] | None = None,
) -> Derived:
    """The derived view of plain records (pure: no Sphinx)."""
    settings = settings or Settings()
    # Drafts take no place in time: no listing, neighbour, timeline or count shows them.
    published = [d for d, post in post_records.items() if not post.draft]
    order = tuple(sorted(published, key=lambda d: post_records[d].sort_key))
    position = {docname: i for i, docname in enumerate(order)}
    sort_names = {doc: name_key(actor.name) for doc, actor in actor_records.items()}

    index: dict[str, str] = {}
    for docname in sorted(actor_records):
        for name in actor_records[docname].names:
            index.setdefault(name_key(name), docname)
    for docname in sorted(actor_records):
        # The slug works too ({actor}`kataib-hezbollah`), unless it is an alias elsewhere.
        index.setdefault(name_key(actor_records[docname].slug), docname)

    by_post: dict[str, dict[str, str]] = {}
    by_actor: dict[str, list[str]] = {}
    for post in order:
        found: dict[str, str] = {}
        for mention in page_mentions.get(post, ()):
            actor_doc = index.get(mention.key)
            if actor_doc is not None and not found.get(actor_doc):
                found[actor_doc] = mention.sentence
        for slug in post_records[post].actors:
            actor_doc = index.get(name_key(slug))
            if actor_doc is not None:
                found.setdefault(actor_doc, "")
        if found:
            by_post[post] = found
            for actor_doc in found:
                by_actor.setdefault(actor_doc, []).append(post)

    co_counts: dict[str, Counter[str]] = {}
    for found in by_post.values():
        for actor_doc in found:
            counter = co_counts.setdefault(actor_doc, Counter())
            counter.update(other for other in found if other != actor_doc)
    co_mentions = {
        actor_doc: tuple(
            sorted(counts.items(), key=lambda item: (-item[1], sort_names.get(item[0], item[0])))
        )
        for actor_doc, counts in co_counts.items()
    }

    linked: dict[str, set[str]] = {doc: set() for doc in actor_records}
    for docname, actor in actor_records.items():
        for slug in actor.affiliations:
            other = index.get(name_key(slug))
            if other is not None and other != docname:
                linked[docname].add(other)
                linked[other].add(docname)
    affiliated = {
        doc: tuple(sorted(others, key=lambda d: sort_names[d])) for doc, others in linked.items()
    }

    # Outlets are one per slug: two spellings of an outlet the table does not know share
    # only a slug ("Example Wire", "EXAMPLE WIRE").  Each is named by its most cited
    # spelling (then A to Z), never by the order pages were read in.
    citing: dict[str, list[str]] = {}
    names: dict[str, Counter[str]] = {}
    for post in reversed(order):
        for outlet in post_records[post].outlets:
            slug = outlet_slug(outlet)
            names.setdefault(slug, Counter())[outlet] += 1
            if post not in citing.setdefault(slug, [])[-1:]:
                citing[slug].append(post)
    outlet_names = {
        slug: min(counts, key=lambda n: (-counts[n], n.casefold(), n))
        for slug, counts in names.items()
    }
    cited_by = {
        outlet_names[slug]: tuple(citing[slug])
        for slug in sorted(citing, key=lambda slug: outlet_names[slug].casefold())
    }
    bullets: dict[str, list[OutletCitation]] = {}
    months: dict[tuple[int, int], list[str]] = {}
    for post in reversed(order):
        record = post_records[post]
        for citation in record.citations:
            name = outlet_names.get(outlet_slug(citation.outlet), citation.outlet)
            bullets.setdefault(name, []).append(OutletCitation(post, citation))
        months.setdefault((record.date.year, record.date.month), []).append(post)

    return Derived(
        posts=dict(post_records),
        actors=dict(actor_records),
        mentions=dict(page_mentions),
        settings=settings,
        order=order,
        lines={d: PostLine(d, p.title, p.date, p.edition) for d, p in post_records.items()},
        position=position,
        index=index,
        by_post=by_post,
        by_actor={doc: tuple(posts) for doc, posts in by_actor.items()},
        co_mentions=co_mentions,
        affiliated=affiliated,
        cited_by=cited_by,
        citations={outlet: tuple(found) for outlet, found in bullets.items()},
        outlet_names=outlet_names,
        by_month={month: tuple(months[month]) for month in sorted(months)},
        _sort_names=sort_names,
        related_memo=related_memo,
    )


def post_line(view: Derived, docname: str) -> PostLine:
    return view.lines[docname]


def settings_of(env: BuildEnvironment) -> Settings:
    config = env.config
    outlets, archive = config.bottomline_outlets_page, config.bottomline_archive_page
    return Settings(
        outlets_page=outlets if outlets in env.all_docs else None,
        archive_page=archive if archive in env.all_docs else None,
        latest_count=int(config.bottomline_latest_count),
    )


def derive(env: BuildEnvironment) -> Derived:
    """The derived view of the environment's records as they are now."""
    return derive_from(posts(env), actors(env), mentions(env), settings_of(env), related_memo(env))


def related_memo(env: BuildEnvironment) -> dict[str, Any]:
    """Where the environment keeps its last ranking of related updates."""
    memo: dict[str, Any] = _domain(env, "post").data["related"]
    return memo


class Records(NamedTuple):
    """Every record of every page at one moment (shallow copies): what all views come from."""

    posts: dict[str, PostRecord]
    actors: dict[str, ActorRecord]
    mentions: dict[str, tuple[ActorMention, ...]]
    parts: dict[str, tuple[PartRef, ...]]
    citers: dict[str, tuple[str, ...]]
    settings: Settings
    docnames: frozenset[str]

    def derive(self, related_memo: dict[str, Any] | None = None) -> Derived:
        return derive_from(self.posts, self.actors, self.mentions, self.settings, related_memo)

    def inputs(self) -> tuple[Any, ...]:
        """What the views depend on.  A page that is not a post shows no sentence of its
        mentions anywhere: only where its roles link, so only their names count."""
        mentions = {
            docname: found if docname in self.posts else tuple(m.key for m in found)
            for docname, found in self.mentions.items()
        }
        return (*self[:2], mentions, *self[3:])


def records(env: BuildEnvironment) -> Records:
    """A snapshot of the environment's records, unaffected by what is read next."""
    return Records(
        dict(posts(env)),
        dict(actors(env)),
        dict(mentions(env)),
        dict(page_parts(env)),
        dict(outlet_citers(env)),
        settings_of(env),
        frozenset(env.all_docs),
    )


def derived(env: BuildEnvironment) -> Derived:
    """The derived view for this build, computed on first use after the documents are read."""
    holder = _domain(env, "post")
    if holder.derived_view is None:
        holder.derived_view = derive(env)
    return holder.derived_view


def forget_derived(env: BuildEnvironment) -> None:
    """The records are about to change: the next :func:`derived` recomputes."""
    _domain(env, "post").derived_view = None
