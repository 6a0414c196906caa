"""Actors: the ``{actor}`` role, actor pages and the actor glossary.

- A page whose front matter has ``name`` and ``kind`` is an actor page.  At read time it
  gets its header facts (kind badge, aliases) and two sections, "Mentioned in" and
  "Related actors", whose bodies are placeholders filled at ``doctree-resolved``.
- ``{actor}`Kata'ib Hezbollah``` links any alias to the actor page (folded with
  :func:`bottomline.text.name_key`); an unknown actor is a warning at its file and line.
- :class:`ActorDomain` keeps, per document, the actors it defines and the mentions it
  makes (actor key and sentence), so timelines survive parallel and incremental builds.
- ``{actor-glossary}``: every actor grouped by kind, with aliases and mention counts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Set
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from bottomline.registry import KINDS
from bottomline.sphinxext.posts import display_date, front_matter_list
from bottomline.text import name_key, normalise_space

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
CSS_FILE = "bottomline-actors.css"

#: Heading of each kind in the glossary, in glossary order.
KIND_LABELS = {
    "armed-group": "Armed groups",
    "party": "Parties",
    "state-body": "State bodies",
    "government": "Governments",
    "foreign-state": "Foreign states",
    "international-organisation": "International organisations",
    "company": "Companies",
    "person": "People",
}
#: The badge text of each kind on an actor page.
KIND_SINGULAR = {
    "armed-group": "Armed group",
    "party": "Party",
    "state-body": "State body",
    "government": "Government",
    "foreign-state": "Foreign state",
    "international-organisation": "International organisation",
    "company": "Company",
    "person": "Person",
}
#: sphinx-design badge colour of each kind.
KIND_COLOURS = {
    "armed-group": "danger",
    "party": "primary",
    "state-body": "secondary",
    "government": "success",
    "foreign-state": "warning",
    "international-organisation": "info",
    "company": "dark",
    "person": "light",
}
RELATED_LIMIT = 5
SENTENCE_LIMIT = 300


# -- nodes -----------------------------------------------------------------------------------


class actor_timeline(nodes.General, nodes.Element):
    """Placeholder for an actor's "Mentioned in" timeline."""


class actor_related(nodes.General, nodes.Element):
    """Placeholder for an actor's related actors."""


class actor_glossary(nodes.General, nodes.Element):
    """Placeholder for the glossary of every actor."""


def _skip_node(self: Any, node: nodes.Element) -> None:
    # Placeholders are replaced at doctree-resolved; a builder that skips that event
    # must not print them.
    raise nodes.SkipNode


def sd_badge(text: str, colour: str, *classes: str) -> nodes.inline:
    """A sphinx-design badge (the node ``{bdg-<colour>}`` makes)."""
    badge_classes = ["sd-sphinx-override", "sd-badge", f"sd-bg-{colour}", f"sd-bg-text-{colour}"]
    return nodes.inline(text, text, classes=[*badge_classes, *classes])


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


# -- the domain ------------------------------------------------------------------------------


class ActorDomain(Domain):
    """Actors (by the docname of their page) and the mentions every document makes.

    Per-document data (cleared and merged by docname):
      ``actors``: {docname: {name, kind, aliases, affiliations}}
      ``mentions``: {docname: [[actor key, sentence, line], ...]}
      ``glossaries``: {docname: line}
    Derived at ``env-updated`` from all of the above and the post domain:
      ``index``: {name key: actor docname}
      ``by_actor``: {actor docname: [[post docname, sentence], ...]} (chronological)
      ``by_post``: {post docname: [actor docname, ...]}
    Between ``env-get-outdated`` and ``env-get-updated`` only:
      ``pending``: {"docs": [...], "read": [...]} pages to rewrite, documents being read
    """

    name = "actor"
    label = "Actors"
    roles: ClassVar[dict[str, Any]] = {"ref": ActorRole()}
    object_types: ClassVar[dict[str, ObjType]] = {"actor": ObjType("actor", "ref")}
    initial_data: ClassVar[dict[str, Any]] = {
        "actors": {},
        "mentions": {},
        "glossaries": {},
        "index": {},
        "by_actor": {},
        "by_post": {},
    }
    dangling_warnings: ClassVar[dict[str, str]] = {"ref": "unknown actor %(target)r"}
    data_version = 1

    @property
    def actors(self) -> dict[str, dict[str, Any]]:
        return self.data["actors"]

    @property
    def mentions(self) -> dict[str, list[list[Any]]]:
        return self.data["mentions"]

    @property
    def glossaries(self) -> dict[str, int]:
        return self.data["glossaries"]

    def clear_doc(self, docname: str) -> None:
        self.actors.pop(docname, None)
        self.mentions.pop(docname, None)
        self.glossaries.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in ("actors", "mentions", "glossaries"):
            for docname, value in otherdata[key].items():
                if docname in docnames:
                    self.data[key][docname] = value

    def lookup(self, alias: str) -> str | None:
        """The docname of the actor page ``alias`` names, if any."""
        return self.data["index"].get(name_key(alias))

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
        actor_doc = self.lookup(target)
        if actor_doc is None:
            return None
        reference = make_refnode(
            builder, fromdocname, actor_doc, None, contnode, self.actors[actor_doc]["title"]
        )
        reference["classes"].append("actor")
        return reference

    def resolve_any_xref(
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

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for docname, actor in sorted(self.actors.items()):
            # By name: the search page finds actors by what readers type.
            yield (actor["name"], actor["title"], "actor", docname, "", 1)

    # -- derived data: who is mentioned where ------------------------------------------------

    def rebuild_index(self, posts: dict[str, dict[str, Any]]) -> None:
        """Recompute ``index``, ``by_actor`` and ``by_post`` from the per-document data."""
        index: dict[str, str] = {}
        for docname in sorted(self.actors):
            for name in (self.actors[docname]["name"], *self.actors[docname]["aliases"]):
                index.setdefault(name_key(name), docname)
        for docname in sorted(self.actors):
            # The slug works too ({actor}`kataib-hezbollah`), unless it is an alias elsewhere.
            index.setdefault(name_key(docname.rsplit("/", 1)[-1]), docname)
        self.data["index"] = index

        by_post: dict[str, dict[str, str]] = {}
        for post in sorted(posts, key=lambda d: _post_order(posts, d)):
            found: dict[str, str] = {}
            for key, sentence, _line in self.mentions.get(post, []):
                actor_doc = index.get(key)
                if actor_doc is not None and not found.get(actor_doc):
                    found[actor_doc] = sentence
            for slug in posts[post].get("actors", []):
                actor_doc = index.get(name_key(slug))
                if actor_doc is not None:
                    found.setdefault(actor_doc, "")
            if found:
                by_post[post] = found
        by_actor: dict[str, list[list[str]]] = {}
        for post, found in by_post.items():
            for actor_doc, sentence in found.items():
                by_actor.setdefault(actor_doc, []).append([post, sentence])
        self.data["by_post"] = {post: list(found) for post, found in by_post.items()}
        self.data["by_actor"] = by_actor

    def affiliated(self, actor_doc: str) -> list[str]:
        """Actors ``actor_doc`` declares or that declare ``actor_doc``, by name."""
        found = {self.lookup(slug) for slug in self.actors[actor_doc]["affiliations"]}
        for other, actor in self.actors.items():
            if any(self.lookup(slug) == actor_doc for slug in actor["affiliations"]):
                found.add(other)
        found.discard(None)
        found.discard(actor_doc)
        return sorted((d for d in found if d is not None), key=self.sort_name)

    def co_mentioned(self, actor_doc: str) -> list[tuple[str, int]]:
        """Actors mentioned in the same posts as ``actor_doc``, most often first."""
        counts: Counter[str] = Counter()
        for post, _sentence in self.data["by_actor"].get(actor_doc, []):
            counts.update(d for d in self.data["by_post"].get(post, []) if d != actor_doc)
        return sorted(counts.items(), key=lambda item: (-item[1], self.sort_name(item[0])))

    def sort_name(self, actor_doc: str) -> str:
        return name_key(self.actors[actor_doc]["name"]) if actor_doc in self.actors else actor_doc

    def neighbours(self, actor_doc: str) -> set[str]:
        """Actor pages that show ``actor_doc``'s name: affiliated and co-mentioned."""
        if actor_doc not in self.actors:
            return set()
        return set(self.affiliated(actor_doc)) | {d for d, _ in self.co_mentioned(actor_doc)}


def actor_domain(env: BuildEnvironment) -> ActorDomain:
    domain = env.get_domain("actor")
    assert isinstance(domain, ActorDomain)
    return domain


def post_infos(env: BuildEnvironment) -> dict[str, dict[str, Any]]:
    """Post metadata by docname, from the post domain (title, date, edition, ...)."""
    return env.get_domain("post").data["posts"]


def _post_order(posts: dict[str, dict[str, Any]], docname: str) -> tuple[str, str, str, str]:
    info = posts[docname]
    return (info.get("date", ""), info.get("edition", ""), info.get("title", ""), docname)


# -- reading ---------------------------------------------------------------------------------

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


def _is_actor_page(meta: dict[str, Any]) -> bool:
    return bool(str(meta.get("name", "")).strip()) and bool(str(meta.get("kind", "")).strip())


def collect_actors(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: record the mentions of every page, and actor pages themselves."""
    env = app.env
    docname = env.docname
    domain = actor_domain(env)
    mentions = []
    for xref in doctree.findall(addnodes.pending_xref):
        if xref.get("refdomain") != "actor":
            continue
        line = xref.line or (xref.parent.line if xref.parent is not None else None) or 0
        mentions.append([name_key(xref["reftarget"]), _mention_sentence(xref), line])
    if mentions:
        domain.mentions[docname] = mentions

    meta = env.metadata.get(docname, {})
    if _is_actor_page(meta):
        _read_actor_page(app, doctree, docname, meta)


def _read_actor_page(
    app: Sphinx, doctree: nodes.document, docname: str, meta: dict[str, Any]
) -> None:
    # Actor pages are reached through the glossary and links, not through a toctree.
    meta["orphan"] = True
    name = normalise_space(str(meta["name"]))
    kind = str(meta["kind"]).strip()
    if kind not in KINDS:
        logger.warning(
            "actor page kind %r is not one of: %s",
            kind,
            ", ".join(KINDS),
            location=(docname, 1),
            type="bottomline",
            subtype="actor",
        )
    aliases = [a for a in dict.fromkeys(front_matter_list(meta.get("aliases"))) if a != name]
    section = next(iter(doctree.findall(nodes.section)), None)
    title = section[0] if section is not None and isinstance(section[0], nodes.title) else None
    actor_domain(app.env).actors[docname] = {
        "name": name,
        # The page title as shown (smartquotes applied): what links to the page display.
        "title": normalise_space(title.astext()) if title is not None else name,
        "kind": kind,
        "aliases": aliases,
        "affiliations": front_matter_list(meta.get("affiliations")),
    }

    container: nodes.Element = section if section is not None else doctree
    position = 1 if title is not None else 0
    designations = front_matter_list(meta.get("designations"))
    container.insert(position, _facts(kind, aliases, designations))
    for heading, ident, placeholder in (
        ("Mentioned in", "actor-mentioned-in", actor_timeline()),
        ("Related actors", "actor-related", actor_related()),
    ):
        part = nodes.section(ids=[ident], names=[nodes.fully_normalize_name(heading)])
        part += nodes.title(heading, heading)
        part += placeholder
        container += part


def _facts(kind: str, aliases: list[str], designations: list[str]) -> nodes.container:
    """The header of an actor page: its kind as a badge, every alias, any designations."""
    facts = nodes.container(classes=["bl-actor-facts"])
    line = nodes.paragraph()
    label = KIND_SINGULAR.get(kind, kind)
    line += sd_badge(label, KIND_COLOURS.get(kind, "muted"), "bl-actor-kind")
    facts += line
    if aliases:
        names = nodes.paragraph(classes=["bl-actor-aliases"])
        names += nodes.inline("Also known as: ", "Also known as: ", classes=["bl-label"])
        for i, alias in enumerate(aliases):
            if i:
                names += nodes.Text(", ")
            names += nodes.inline(alias, alias, classes=["bl-actor-alias"])
        facts += names
    if designations:
        listed = nodes.paragraph(classes=["bl-actor-designations"])
        listed += nodes.inline("Designations: ", "Designations: ", classes=["bl-label"])
        listed += nodes.Text("; ".join(designations))
        facts += listed
    return facts


class ActorGlossaryDirective(SphinxDirective):
    """``{actor-glossary}``: every actor, grouped by kind (filled once all pages are read)."""

    def run(self) -> list[nodes.Node]:
        actor_domain(self.env).glossaries[self.env.docname] = self.lineno
        node = actor_glossary()
        self.set_source_info(node)
        return [node]


def rebuild_index(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: every page is read; work out who is mentioned where."""
    actor_domain(env).rebuild_index(post_infos(env))


# -- incremental builds ----------------------------------------------------------------------


def _pages_showing(domain: ActorDomain, docnames: Iterable[str]) -> set[str]:
    """Pages whose generated parts depend on ``docnames`` (posts or actor pages)."""
    pages: set[str] = set()
    for docname in docnames:
        # A post: the actors it mentions show it in their timelines.
        pages.update(domain.data["by_post"].get(docname, []))
        if docname in domain.actors:
            # An actor page: its own page, pages that show its name, posts linking to it.
            pages.add(docname)
            pages.update(domain.neighbours(docname))
            pages.update(post for post, _ in domain.data["by_actor"].get(docname, []))
    return pages


def note_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: remember the pages that show what is about to change.

    This is the last moment the old mentions of changed and removed documents are known.
    """
    domain = actor_domain(env)
    domain.data["pending"] = {"docs": sorted(_pages_showing(domain, changed | removed))}
    if removed & (set(domain.actors) | set(domain.data["by_post"])):
        domain.data["pending"]["docs"].extend(domain.glossaries)
    return []


def note_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: remember which documents this build reads."""
    actor_domain(env).data.setdefault("pending", {"docs": []})["read"] = list(docnames)


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: actor pages, glossaries and posts whose generated parts changed."""
    domain = actor_domain(env)
    pending = domain.data.pop("pending", {})
    read = pending.get("read", [])
    pages = set(pending.get("docs", [])) | _pages_showing(domain, read)
    # Any actor read or any page shown on an actor page changes the glossary's counts.
    if pages or any(d in domain.actors or d in domain.data["by_post"] for d in read):
        pages.update(domain.glossaries)
    return sorted(pages & set(env.all_docs))


# -- writing ---------------------------------------------------------------------------------


def _warn(message: str, docname: str, line: int = 1) -> None:
    logger.warning(message, location=(docname, line), type="bottomline", subtype="actor")


def _link(builder: Builder, fromdoc: str, todoc: str, text: str, *classes: str) -> nodes.reference:
    uri = builder.get_relative_uri(fromdoc, todoc)
    return nodes.reference(text, text, refuri=uri, internal=True, classes=list(classes))


def _actor_link(app: Sphinx, fromdoc: str, actor_doc: str) -> nodes.reference:
    title = actor_domain(app.env).actors[actor_doc]["title"]
    return _link(app.builder, fromdoc, actor_doc, title, "actor")


def resolve_actor_parts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: fill timelines, related actors and glossaries; check links."""
    domain = actor_domain(app.env)
    if docname in domain.actors:
        _check_actor(domain, docname)
    posts = post_infos(app.env)
    if docname in posts:
        for slug in posts[docname].get("actors", []):
            if domain.lookup(slug) is None:
                _warn(f"unknown actor {slug!r} in front matter 'actors'", docname)
    fillers = {actor_timeline: _timeline, actor_related: _related, actor_glossary: _glossary}
    # One walk over the doctree: this runs for every page written.
    for node in list(doctree.findall(lambda n: type(n) in fillers)):
        node.replace_self(fillers[type(node)](app, docname))


def _check_actor(domain: ActorDomain, docname: str) -> None:
    actor = domain.actors[docname]
    for slug in actor["affiliations"]:
        if domain.lookup(slug) is None:
            _warn(f"unknown affiliation {slug!r}", docname)
    for name in (actor["name"], *actor["aliases"]):
        owner = domain.lookup(name)
        if owner is not None and owner != docname:
            source = domain.env.doc2path(owner)
            _warn(f"alias {name!r} is also claimed by {source}", docname)


def _timeline(app: Sphinx, docname: str) -> list[nodes.Node]:
    domain = actor_domain(app.env)
    posts = post_infos(app.env)
    entries = [(p, s) for p, s in domain.data["by_actor"].get(docname, []) if p in posts]
    if not entries:
        return [nodes.paragraph("", "No update mentions this actor yet.")]
    newest_first = list(reversed(entries))
    first, last = entries[0][0], entries[-1][0]

    summary = nodes.paragraph(classes=["bl-actor-summary"])
    count = len(entries)
    summary += nodes.Text(f"{count} update{'s' if count != 1 else ''}; first mentioned ")
    summary += _link(app.builder, docname, first, display_date(posts[first]["date"]))
    if last != first:
        summary += nodes.Text(", last mentioned ")
        summary += _link(app.builder, docname, last, display_date(posts[last]["date"]))
    summary += nodes.Text(".")

    timeline = nodes.bullet_list(classes=["bl-actor-timeline"])
    for post, sentence in newest_first:
        info = posts[post]
        item = nodes.list_item()
        head = nodes.paragraph()
        head += nodes.inline("", display_date(info["date"]), classes=["bl-date"])
        head += nodes.Text(" ")
        head += sd_badge(info["edition"], "secondary", "bl-edition")
        head += nodes.Text(" ")
        head += _link(app.builder, docname, post, info["title"])
        item += head
        if sentence:
            item += nodes.paragraph(sentence, sentence, classes=["bl-actor-sentence"])
        timeline += item
    return [summary, _month_chart(entries, posts), timeline]


def _months(first: str, last: str) -> Iterator[str]:
    """Every ``YYYY-MM`` from ``first`` to ``last``."""
    year, month = int(first[:4]), int(first[5:7])
    while f"{year:04d}-{month:02d}" <= last:
        yield f"{year:04d}-{month:02d}"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _month_chart(entries: list[tuple[str, str]], posts: dict[str, dict[str, Any]]) -> nodes.Node:
    """Mentions per month as bars: classes set the widths, no script and no inline style."""
    counts = Counter(posts[post]["date"][:7] for post, _ in entries)
    valid = sorted(m for m in counts if re.fullmatch(r"\d{4}-\d{2}", m) and m[5:7] != "00")
    chart = nodes.bullet_list(classes=["bl-actor-chart"])
    if not valid:
        return chart
    peak = max(counts.values())
    for month in _months(valid[0], valid[-1]):
        value = counts.get(month, 0)
        label = date(int(month[:4]), int(month[5:7]), 1).strftime("%b %Y")
        step = round(10 * value / peak)
        item = nodes.list_item(classes=["bl-chart-row"])
        row = nodes.paragraph()
        row += nodes.inline(label, label, classes=["bl-chart-label"])
        row += nodes.inline("", "", classes=["bl-chart-bar", f"bl-chart-w{step}"])
        row += nodes.inline(str(value), str(value), classes=["bl-chart-count"])
        item += row
        chart += item
    return chart


def _related(app: Sphinx, docname: str) -> list[nodes.Node]:
    domain = actor_domain(app.env)
    if docname not in domain.actors:
        return []
    result: list[nodes.Node] = []
    affiliated = domain.affiliated(docname)
    if affiliated:
        line = nodes.paragraph(classes=["bl-actor-affiliations"])
        line += nodes.inline("Affiliated with: ", "Affiliated with: ", classes=["bl-label"])
        for i, other in enumerate(affiliated):
            if i:
                line += nodes.Text(", ")
            line += _actor_link(app, docname, other)
        result.append(line)
    co_mentioned = domain.co_mentioned(docname)[:RELATED_LIMIT]
    if co_mentioned:
        line = nodes.paragraph(classes=["bl-actor-co-mentioned"])
        line += nodes.inline(
            "Often mentioned with: ", "Often mentioned with: ", classes=["bl-label"]
        )
        for i, (other, count) in enumerate(co_mentioned):
            if i:
                line += nodes.Text(", ")
            line += _actor_link(app, docname, other)
            line += nodes.Text(f" ({count})")
        result.append(line)
    if not result:
        result.append(nodes.paragraph("", "No related actors yet."))
    return result


def _glossary(app: Sphinx, docname: str) -> list[nodes.Node]:
    domain = actor_domain(app.env)
    posts = post_infos(app.env)
    by_kind: dict[str, list[str]] = {}
    for actor_doc, actor in domain.actors.items():
        by_kind.setdefault(actor["kind"], []).append(actor_doc)
    result: list[nodes.Node] = []
    known = [k for k in KINDS if k in by_kind]
    for kind in known + sorted(set(by_kind) - set(KINDS)):
        heading = KIND_LABELS.get(kind, kind)
        result.append(nodes.rubric(heading, heading, ids=[f"kind-{kind}"]))
        entries = nodes.bullet_list(classes=["bl-actor-glossary", f"bl-kind-{kind}"])
        for actor_doc in sorted(by_kind[kind], key=domain.sort_name):
            actor = domain.actors[actor_doc]
            count = sum(1 for p, _ in domain.data["by_actor"].get(actor_doc, []) if p in posts)
            entry = nodes.paragraph()
            entry += _actor_link(app, docname, actor_doc)
            if actor["aliases"]:
                aliases = nodes.inline(classes=["bl-actor-aliases"])
                aliases += nodes.Text(" (")
                for i, alias in enumerate(actor["aliases"]):
                    if i:
                        aliases += nodes.Text(", ")
                    aliases += nodes.inline(alias, alias, classes=["bl-actor-alias"])
                aliases += nodes.Text(")")
                entry += aliases
            counted = f" · {count} update{'s' if count != 1 else ''}"
            entry += nodes.inline(counted, counted, classes=["bl-actor-count"])
            entries += nodes.list_item("", entry)
        result.append(entries)
    if not result:
        result.append(nodes.paragraph("", "No actors yet."))
    return result


def add_static_path(app: Sphinx, config: Any) -> None:
    """``config-inited``: ship ``bottomline-actors.css`` with the HTML.

    Done at config-inited, not builder-inited, so the pickled config and the next run's
    config agree (no spurious "configuration has changed"); a new list, never the default.
    """
    if str(STATIC_DIR) not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, str(STATIC_DIR)]


def setup_actors(app: Sphinx) -> None:
    """Register the actor role, domain, glossary directive and the events that feed them."""
    app.add_domain(ActorDomain)
    app.add_role("actor", ActorRole())
    app.add_directive("actor-glossary", ActorGlossaryDirective)
    for node in (actor_timeline, actor_related, actor_glossary):
        app.add_node(
            node, html=(_skip_node, None), latex=(_skip_node, None), text=(_skip_node, None)
        )
    # Before Sphinx's collectors (priority 500) so the generated sections reach the page toc;
    # MyST has already put the front matter into env.metadata while parsing.
    app.connect("doctree-read", collect_actors, priority=400)
    app.connect("env-updated", rebuild_index)
    app.connect("env-get-outdated", note_outdated)
    app.connect("env-before-read-docs", note_read)
    app.connect("env-get-updated", pages_to_rewrite)
    app.connect("doctree-resolved", resolve_actor_parts)
    app.connect("config-inited", add_static_path)
    app.add_css_file(CSS_FILE)
