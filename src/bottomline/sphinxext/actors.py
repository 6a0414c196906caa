"""Actors: the ``{actor}`` role, actor pages and the actor glossary.

- ``{actor}`Kata'ib Hezbollah``` links any alias to the actor page (folded with
  :func:`bottomline.text.name_key`); an unknown actor is a warning at its file and line.
  Every page's mentions (folded name, first sentence) are recorded when it is read.
- A page whose front matter has ``name`` and ``kind`` is an actor page.
  :class:`ActorPageTransform` gives it its header facts (kind badge, aliases,
  designations) and two sections, "Mentioned in" and "Related actors", whose bodies are
  generated parts (``timeline``, ``related``).
- ``{actor-glossary}``: every actor grouped by kind, with aliases and mention counts.
- Cross-document checks (unknown affiliations and front-matter actors, an alias claimed
  twice) run at ``env-check-consistency``: every build that reads a page reports them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import date
from typing import Any, NamedTuple

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from bottomline.formats import actor_kind
from bottomline.records import ActorMention, ActorRecord, is_actor_meta, parse_actor_meta
from bottomline.sphinxext import state
from bottomline.sphinxext.feeds import feed_link, page_feed
from bottomline.sphinxext.shared import (
    NO_SEARCH,
    Part,
    display_date,
    kind_badge,
    link,
    make_placeholder,
    plural,
    post_list,
    text_node,
    warn,
)
from bottomline.sphinxext.state import Derived, PostLine, post_line
from bottomline.text import name_key, normalise_space

RELATED_LIMIT = 5
SENTENCE_LIMIT = 300
TIMELINE, RELATED, GLOSSARY = "timeline", "related", "glossary"


# -- the role ----------------------------------------------------------------------------------


class ActorRole(XRefRole):
    """``{actor}`alias``` or ``{actor}`text <alias>```: a link to the actor page."""

    innernodeclass = nodes.inline

    def __init__(self) -> None:
        super().__init__(warn_dangling=True)

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        # Registered both as ``actor`` and ``actor:ref``: always the actor domain.
        self.refdomain, self.reftype = "actor", "ref"
        self.classes = ["xref", "actor"]
        return self.create_xref_node()


# -- reading: mentions -------------------------------------------------------------------------

_SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9\u0600-\u06ff])")
# A piece ending like this did not end a sentence: "U.S.", "Mr.", "No."
_ABBREVIATION_END_RE = re.compile(r"(?:\b(?:[A-Z]\.)+|\b(?:Mr|Mrs|Ms|Dr|St|No|Gen|Col|Lt|Maj)\.)$")


def sentence_at(text: str, offset: int) -> str:
    """The sentence of ``text`` that contains ``offset``, at most ``SENTENCE_LIMIT`` long."""
    start = 0
    for match in _SENTENCE_END_RE.finditer(text):
        if _ABBREVIATION_END_RE.search(text[start : match.start()]):
            continue
        if match.start() >= offset:
            break
        start = match.end()
    end = len(text)
    for match in _SENTENCE_END_RE.finditer(text, offset):
        if not _ABBREVIATION_END_RE.search(text[start : match.start()]):
            end = match.start()
            break
    sentence = " ".join(text[start:end].split())  # source line breaks are spaces
    if len(sentence) > SENTENCE_LIMIT:
        sentence = sentence[: SENTENCE_LIMIT - 1].rsplit(" ", 1)[0] + "…"
    return sentence


def _mention_sentence(xref: nodes.Element) -> str:
    """The sentence around ``xref``: in its paragraph, list item or title."""
    block: nodes.Element = xref
    while block.parent is not None and not isinstance(
        block, nodes.paragraph | nodes.title | nodes.list_item | nodes.term
    ):
        block = block.parent
    offset = 0
    first_text = next(iter(xref.findall(nodes.Text)), None)
    for text in block.findall(nodes.Text):
        if text is first_text:
            break
        offset += len(text.astext())
    return sentence_at(block.astext(), offset)


def collect_mentions(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: record the actors every page mentions, with a sentence for each."""
    found: dict[str, str] = {}
    for xref in doctree.findall(addnodes.pending_xref):
        if xref.get("refdomain") != "actor":
            continue
        key = name_key(xref["reftarget"])
        if not found.get(key):
            found[key] = _mention_sentence(xref)
    if found:
        mentions = tuple(ActorMention(key, sentence) for key, sentence in found.items())
        state.mentions(app.env)[app.env.docname] = mentions


# -- reading: actor pages ------------------------------------------------------------------------


class ActorPageTransform(SphinxTransform):
    """An actor page gets its facts and its generated sections, and its record is kept.

    After Sphinx's smart quotes (750), so the title is kept as it is shown, and before
    Sphinx's ``DoctreeReadEvent`` (880), so the new sections reach the page's table of
    contents.  MyST puts the front matter into ``env.metadata`` while parsing.
    """

    default_priority = 800

    def apply(self, **kwargs: Any) -> None:
        env = self.env
        docname = env.docname
        meta = env.metadata.get(docname, {})
        if not is_actor_meta(meta):
            return
        record, problems = parse_actor_meta(meta, docname.rsplit("/", 1)[-1])
        for problem in problems:
            warn(f"actor page {problem}", docname, subtype="actor")
        assert record is not None  # is_actor_meta: it has a name and a kind
        # Actor pages are reached through the glossary and links, not through a toctree.
        meta["orphan"] = True
        section = next(iter(self.document.findall(nodes.section)), None)
        title = section[0] if section is not None and isinstance(section[0], nodes.title) else None
        shown = normalise_space(title.astext()) if title is not None else record.name
        if shown != record.name:
            # The title as shown (smartquotes applied): what links to the page display.
            record = replace(record, title=shown)
        state.actors(env)[docname] = record

        container: nodes.Element = section if section is not None else self.document
        container.insert(1 if title is not None else 0, _facts(record))
        for heading, ident, kind in (
            ("Mentioned in", "actor-mentioned-in", TIMELINE),
            ("Related actors", "actor-related", RELATED),
        ):
            part = nodes.section(ids=[ident], names=[nodes.fully_normalize_name(heading)])
            part += nodes.title(heading, heading)
            part += make_placeholder(kind)
            state.add_part(env, docname, kind)
            container += part


def _facts(record: ActorRecord) -> nodes.container:
    """The header of an actor page: its kind as a badge, every alias, any designations."""
    facts = nodes.container(classes=["bl-actor-facts"])
    line = nodes.paragraph()
    line += kind_badge(record.kind)
    facts += line
    if record.aliases:
        names = nodes.paragraph(classes=["bl-actor-aliases"])
        names += text_node("Also known as: ", "bl-label")
        _join(names, [text_node(alias, "bl-actor-alias") for alias in record.aliases])
        facts += names
    if record.designations:
        listed = nodes.paragraph(classes=["bl-actor-designations"])
        listed += text_node("Designations: ", "bl-label")
        listed += nodes.Text("; ".join(record.designations))
        facts += listed
    return facts


def _join(parent: nodes.Element, children: list[nodes.Node], separator: str = ", ") -> None:
    for i, child in enumerate(children):
        if i:
            parent += nodes.Text(separator)
        parent += child


class ActorGlossaryDirective(SphinxDirective):
    """``{actor-glossary}``: every actor, grouped by kind (filled once all pages are read)."""

    def run(self) -> list[nodes.Node]:
        state.add_part(self.env, self.env.docname, GLOSSARY)
        node = make_placeholder(GLOSSARY)
        self.set_source_info(node)
        return [node]


# -- checks across documents ---------------------------------------------------------------------


def check_actors(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: what no single page can know is wrong, on every build."""
    view = state.derived(env)
    for docname, actor in sorted(view.actors.items()):
        for slug in actor.affiliations:
            if view.lookup(slug) is None:
                warn(f"unknown affiliation {slug!r}", docname, subtype="actor")
        for name in actor.names:
            owner = view.lookup(name)
            if owner is not None and owner != docname:
                where = env.doc2path(owner)
                warn(f"alias {name!r} is also claimed by {where}", docname, subtype="actor")
    for docname in view.order:
        for slug in view.posts[docname].actors:
            if view.lookup(slug) is None:
                warn(f"unknown actor {slug!r} in front matter 'actors'", docname, subtype="actor")


# -- views ---------------------------------------------------------------------------------------


class ActorLink(NamedTuple):
    docname: str
    title: str


class TimelineEntry(NamedTuple):
    post: PostLine
    sentence: str


def actor_link(view: Derived, actor_doc: str) -> ActorLink:
    return ActorLink(actor_doc, view.actors[actor_doc].display_title)


def refs_view(view: Derived, docname: str) -> tuple[tuple[str, ActorLink | None], ...]:
    """Where each ``{actor}`` role of a page links: (folded name, actor page or None)."""
    keys = dict.fromkeys(m.key for m in view.mentions.get(docname, ()))
    return tuple(
        (key, actor_link(view, doc) if (doc := view.index.get(key)) else None) for key in keys
    )


def timeline_view(view: Derived, docname: str, options: Mapping[str, Any]) -> tuple:
    """Every post mentioning the actor, newest first, with the sentence of the mention."""
    entries = []
    for post in reversed(view.by_actor.get(docname, ())):
        entries.append(TimelineEntry(post_line(view, post), view.by_post[post][docname]))
    return tuple(entries)


def related_view(view: Derived, docname: str, options: Mapping[str, Any]) -> tuple:
    """(affiliated actors, the actors most often mentioned with this one and how often)."""
    if docname not in view.actors:
        return ((), ())
    affiliated = tuple(actor_link(view, other) for other in view.affiliated.get(docname, ()))
    co = tuple(
        (actor_link(view, other), count)
        for other, count in view.co_mentions.get(docname, ())[:RELATED_LIMIT]
    )
    return (affiliated, co)


class GlossaryEntry(NamedTuple):
    link: ActorLink
    aliases: tuple[str, ...]
    updates: int


def glossary_view(view: Derived, docname: str, options: Mapping[str, Any]) -> tuple:
    """Per kind, in glossary order: every actor by name, its aliases and update count."""
    by_kind: dict[str, list[str]] = {}
    for actor_doc, actor in view.actors.items():
        by_kind.setdefault(actor.kind, []).append(actor_doc)
    return tuple(
        (
            kind,
            tuple(
                GlossaryEntry(
                    actor_link(view, doc),
                    view.actors[doc].aliases,
                    len(view.by_actor.get(doc, ())),
                )
                for doc in sorted(by_kind[kind], key=view.sort_name)
            ),
        )
        for kind in view.kinds()
    )


# -- renderers -----------------------------------------------------------------------------------


def _months(first: str, last: str) -> Iterator[str]:
    """Every ``YYYY-MM`` from ``first`` to ``last``."""
    year, month = int(first[:4]), int(first[5:7])
    while f"{year:04d}-{month:02d}" <= last:
        yield f"{year:04d}-{month:02d}"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _month_chart(entries: tuple[TimelineEntry, ...]) -> nodes.Node:
    """Mentions per month as bars: classes set the widths, no script and no inline style."""
    # (An f-string, not strftime: this runs once per mention, in the serial part of -j.)
    counts = Counter(f"{entry.post.date.year:04d}-{entry.post.date.month:02d}" for entry in entries)
    chart = nodes.bullet_list(classes=["bl-actor-chart", NO_SEARCH])
    months = sorted(counts)
    peak = max(counts.values())
    for month in _months(months[0], months[-1]):
        value = counts.get(month, 0)
        label = date(int(month[:4]), int(month[5:7]), 1).strftime("%b %Y")
        row = nodes.paragraph()
        row += text_node(label, "bl-chart-label")
        width = f"bl-chart-w{round(10 * value / peak)}"
        row += nodes.inline("", "", classes=["bl-chart-bar", width])
        row += text_node(str(value), "bl-chart-count")
        chart += nodes.list_item("", row, classes=["bl-chart-row"])
    return chart


def render_timeline(app: Sphinx, docname: str, entries: tuple) -> list[nodes.Node]:
    if not entries:
        return [nodes.paragraph("", "No update mentions this actor yet.")]
    builder = app.builder
    last, first = entries[0].post, entries[-1].post
    summary = nodes.paragraph(classes=["bl-actor-summary", NO_SEARCH])
    summary += nodes.Text(f"{plural(len(entries), 'update')}; first mentioned ")
    summary += link(builder, docname, first.docname, display_date(first.date))
    if last.docname != first.docname:
        summary += nodes.Text(", last mentioned ")
        summary += link(builder, docname, last.docname, display_date(last.date))
    summary += nodes.Text(".")

    timeline = post_list(
        builder,
        docname,
        (entry.post for entry in entries),
        "bl-actor-timeline",
        sentences=(entry.sentence for entry in entries),
    )
    subscribe = nodes.paragraph(classes=["bl-subscribe", NO_SEARCH])
    subscribe += text_node("Subscribe: ", "bl-label")
    subscribe += feed_link(app, docname, page_feed(docname), "the updates that mention it (Atom)")
    return [summary, subscribe, _month_chart(entries), timeline]


def _actor_ref(app: Sphinx, docname: str, actor: ActorLink) -> nodes.reference:
    return link(app.builder, docname, actor.docname, actor.title, "actor")


def render_related(app: Sphinx, docname: str, related: tuple) -> list[nodes.Node]:
    affiliated, co_mentioned = related
    result: list[nodes.Node] = []
    if affiliated:
        line = nodes.paragraph(classes=["bl-actor-affiliations", NO_SEARCH])
        line += text_node("Affiliated with: ", "bl-label")
        _join(line, [_actor_ref(app, docname, other) for other in affiliated])
        result.append(line)
    if co_mentioned:
        line = nodes.paragraph(classes=["bl-actor-co-mentioned", NO_SEARCH])
        line += text_node("Often mentioned with: ", "bl-label")
        for i, (other, count) in enumerate(co_mentioned):
            if i:
                line += nodes.Text(", ")
            line += _actor_ref(app, docname, other)
            line += nodes.Text(f" ({count})")
        result.append(line)
    return result or [nodes.paragraph("", "No related actors yet.")]


def render_glossary(app: Sphinx, docname: str, kinds: tuple) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    for kind, entries in kinds:
        heading = actor_kind(kind).plural
        result.append(nodes.rubric(heading, heading, ids=[f"kind-{kind}"]))
        bullets = nodes.bullet_list(classes=["bl-actor-glossary", f"bl-kind-{kind}"])
        for entry in entries:
            line = nodes.paragraph()
            line += _actor_ref(app, docname, entry.link)
            if entry.aliases:
                aliases = nodes.inline(classes=["bl-actor-aliases"])
                aliases += nodes.Text(" (")
                _join(aliases, [text_node(alias, "bl-actor-alias") for alias in entry.aliases])
                aliases += nodes.Text(")")
                line += aliases
            line += text_node(f" · {plural(entry.updates, 'update')}", "bl-actor-count", NO_SEARCH)
            bullets += nodes.list_item("", line)
        result.append(bullets)
    return result or [nodes.paragraph("", "No actors yet.")]


PARTS = {
    TIMELINE: Part(timeline_view, render_timeline),
    RELATED: Part(related_view, render_related),
    GLOSSARY: Part(glossary_view, render_glossary),
}


def setup_actors(app: Sphinx) -> None:
    """Register the actor role, the actor page transform, the glossary and the checks."""
    app.add_role("actor", ActorRole())
    app.add_role_to_domain("actor", "ref", ActorRole())
    app.add_directive("actor-glossary", ActorGlossaryDirective)
    app.add_transform(ActorPageTransform)
    app.connect("doctree-read", collect_mentions)
    app.connect("env-check-consistency", check_actors)
