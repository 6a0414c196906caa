"""The derived view, the view functions and the planner on plain data: no Sphinx build."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bottomline.records import ActorMention, ActorRecord, PostRecord
from bottomline.sphinxext import actors, chronology, listings, outlet_pages, posts
from bottomline.sphinxext.incremental import changed_pages, page_views
from bottomline.sphinxext.state import Derived, PartRef, Settings, derive_from
from bottomline.text import name_key

KH, PMF, CBI = "actors/kataib-hezbollah", "actors/popular-mobilization-forces", "actors/cbi"
P1 = "posts/2024/2024-12-30-pm-first"
P2 = "posts/2025/2025-01-02-am-second"
P3 = "posts/2025/2025-01-02-pm-third"


def post(docname: str, title: str, *, outlets: tuple[str, ...] = (), fm: tuple = ()) -> PostRecord:
    name = docname.rsplit("/", 1)[-1]
    return PostRecord(
        title=title,
        date=date.fromisoformat(name[:10]),
        edition=name[11:13].upper(),
        outlets=outlets,
        actors=fm,
        bottom_line=f"Bottom line of {title}.",
        docname=docname,
    )


ACTORS = {
    KH: ActorRecord("kataib-hezbollah", "Kata'ib Hezbollah", "armed-group", ("KH",), (PMF[7:],)),
    PMF: ActorRecord(
        "popular-mobilization-forces", "Popular Mobilization Forces", "state-body", ("PMF",)
    ),
    CBI: ActorRecord("cbi", "Central Bank of Iraq", "state-body", ("CBI",)),
}
POSTS = {
    P1: post(P1, "First", outlets=("Rudaw",), fm=("kataib-hezbollah",)),
    P2: post(P2, "Second", outlets=("Rudaw", "Shafaq News")),
    P3: post(P3, "Third", fm=("cbi",)),
}


def mention(alias: str, sentence: str) -> ActorMention:
    return ActorMention(name_key(alias), sentence)


MENTIONS = {
    P1: (mention("KH", "KH spoke."), mention("PMF", "The PMF and KH met.")),
    P2: (mention("Kataib Hezbollah", "Kataib Hezbollah again."), mention("CBI", "CBI held.")),
    P3: (mention("nobody", "Unknown."),),
}
PARTS = {
    "index": (PartRef("latest", (("limit", 2),)),),
    "archive": (PartRef("archive"),),
    "outlets": (PartRef("outlets"),),
    "actors/index": (PartRef("glossary"),),
    **{doc: (PartRef("timeline"), PartRef("related")) for doc in ACTORS},
}
SETTINGS = Settings(outlets_page="outlets", archive_page="archive", latest_count=20)
CITERS = {P1: ("Rudaw",), P2: ("Rudaw", "Shafaq News")}


def derived(**changes) -> Derived:
    records = {"posts": POSTS, "actors": ACTORS, "mentions": MENTIONS, **changes}
    return derive_from(records["posts"], records["actors"], records["mentions"], SETTINGS)


def views(view: Derived) -> dict:
    docs = [*view.posts, *view.actors, *PARTS]
    return page_views(view, dict.fromkeys(docs), PARTS, CITERS)


# -- the derived view ------------------------------------------------------------------------


def test_order_neighbours_and_index():
    view = derived()
    assert view.order == (P1, P2, P3)
    assert view.neighbours(P2) == (P1, P3)
    assert view.neighbours(P1) == (None, P2) and view.neighbours(P3) == (P2, None)
    for alias in ("Kata’ib Hezbollah", "KATAIB-HEZBOLLAH", "kh", "kataib-hezbollah"):
        assert view.lookup(alias) == KH
    assert view.lookup("nobody") is None


def test_mentions_by_post_and_by_actor_with_the_first_sentence():
    view = derived()
    assert view.by_post[P1] == {KH: "KH spoke.", PMF: "The PMF and KH met."}
    assert view.by_post[P3] == {CBI: ""}  # only in the front matter
    assert view.by_actor[KH] == (P1, P2)
    assert view.by_actor[CBI] == (P2, P3)


def test_co_mentions_and_affiliations_both_ways():
    view = derived()
    assert view.co_mentions[KH] == ((CBI, 1), (PMF, 1))  # equal counts: by name
    assert view.affiliated[KH] == (PMF,)
    assert view.affiliated[PMF] == (KH,)
    assert view.affiliated[CBI] == ()


def test_outlets_a_to_z_with_posts_newest_first():
    assert dict(derived().cited_by) == {"Rudaw": (P2, P1), "Shafaq News": (P2,)}


# -- view functions --------------------------------------------------------------------------


def test_post_views():
    view = derived()
    meta = posts.meta_view(view, P1, {})
    assert meta == posts.MetaView(date(2024, 12, 30), "PM", False)
    tags = posts.tags_view(view, P1, {})
    assert tags is not None
    assert [(a.docname, a.name, a.kind) for a in tags.actors] == [
        (KH, "Kata'ib Hezbollah", "armed-group")
    ]
    assert tags.outlets == (("Rudaw", "outlets/rudaw", ""),)
    nav = posts.nav_view(view, P2)
    assert nav is not None
    assert (nav.previous.title, nav.next.title) == ("First", "Third")
    assert posts.meta_view(view, "index", {}) is None
    assert posts.tags_view(view, "index", {}) is None


def test_actor_views():
    view = derived()
    timeline = actors.timeline_view(view, CBI, {})
    assert [(e.post.title, e.sentence) for e in timeline] == [
        ("Third", ""),
        ("Second", "CBI held."),
    ]
    affiliated, co = actors.related_view(view, KH, {})
    assert [a.docname for a in affiliated] == [PMF]
    assert [(a.docname, n) for a, n in co] == [(CBI, 1), (PMF, 1)]
    glossary = actors.glossary_view(view, "actors/index", {})
    assert [kind for kind, _ in glossary] == ["armed-group", "state-body"]
    assert [(e.link.title, e.updates) for e in glossary[1][1]] == [
        ("Central Bank of Iraq", 2),
        ("Popular Mobilization Forces", 1),
    ]
    assert actors.refs_view(view, P3) == ((name_key("nobody"), None),)


def test_listing_views():
    view = derived()
    assert [c.line.title for c in listings.latest_view(view, "index", {"limit": 2})] == [
        "Third",
        "Second",
    ]
    archive = chronology.archive_index_view(view, "archive", {})
    assert [(y.year, y.updates, [(m.month, m.updates) for m in y.months]) for y in archive] == [
        (2025, 2, [((2025, 1), 2)]),
        (2024, 1, [((2024, 12), 1)]),
    ]
    assert outlet_pages.outlet_index_view(view, "outlets", {}) == (
        ("Rudaw", "outlets/rudaw", 2),
        ("Shafaq News", "outlets/shafaq-news", 1),
    )


# -- the planner -----------------------------------------------------------------------------


def _changed(**changes) -> list[str]:
    return changed_pages(views(derived()), views(derived(**changes)))


def test_nothing_changed_nothing_to_write():
    assert _changed() == []


def test_adding_a_post_rewrites_its_neighbour_listings_and_actors():
    new = "posts/2025/2025-01-10-am-fourth"
    added = {**POSTS, new: post(new, "Fourth", outlets=("Rudaw",))}
    mentions = {**MENTIONS, new: (mention("PMF", "PMF again."),)}
    # Not KH or CBI: their timelines and co-mention counts are as they were.
    assert _changed(posts=added, mentions=mentions) == sorted(
        [P3, new, "index", "archive", "outlets", PMF, "actors/index"]
    )


def test_editing_an_actor_page_that_shows_nothing_new_rewrites_nothing_else():
    # The same record (a profile sentence changed): no other page's view changes.
    assert _changed(actors={**ACTORS, KH: replace(ACTORS[KH])}) == []


def test_a_new_alias_rewrites_the_pages_that_use_it():
    mentions = {**MENTIONS, P3: (mention("the Bank", "The Bank moved."),)}
    before = views(derived(mentions=mentions))
    aliased = {**ACTORS, CBI: replace(ACTORS[CBI], aliases=("CBI", "the Bank"))}
    after = views(derived(mentions=mentions, actors=aliased))
    changed = changed_pages(before, after)
    assert P3 in changed  # its role now links
    assert CBI in changed  # the timeline has the sentence now
    assert "actors/index" in changed  # the glossary shows the new alias
    assert P1 not in changed and P2 not in changed


@pytest.mark.parametrize("field", ["title", "date", "edition", "bottom_line"])
def test_a_post_change_reaches_exactly_the_pages_showing_that_field(field):
    values = {
        "title": "Second, retitled",
        "date": date(2025, 1, 3),
        "edition": "PM",
        "bottom_line": "Another bottom line.",
    }
    changed = _changed(posts={**POSTS, P2: replace(POSTS[P2], **{field: values[field]})})
    if field == "bottom_line":
        assert changed == ["index"]  # only the cards show it
    else:
        # Its neighbours, the latest updates and the timelines of the actors it mentions
        # (and itself, when its header shows the change: it is re-read anyway).  The
        # archive and outlet indexes show counts only: the same.
        assert set(changed) - {P2} == {P1, P3, "index", KH, CBI}


def test_a_removed_page_is_not_written_and_a_new_page_is():
    before = {"a": (1,), "b": (2,)}
    assert changed_pages(before, {"b": (2,), "c": (3,)}) == ["c"]
    assert changed_pages(before, {"a": (0,), "b": (2,)}) == ["a"]


def test_an_unknown_placeholder_kind_is_an_error():
    from docutils.utils import new_document

    from bottomline.sphinxext.incremental import PARTS
    from bottomline.sphinxext.shared import fill_placeholders, make_placeholder

    document = new_document("page")
    document += make_placeholder("no-such-part")
    with pytest.raises(KeyError, match="no-such-part"):
        fill_placeholders(None, document, "page", PARTS, derived())  # type: ignore[arg-type]
    assert set(PARTS) == {
        "timeline", "related", "glossary", "latest", "archive", "archive-nav", "outlets",
        "post-meta", "post-tags", "related-updates",
    }  # fmt: skip


def test_the_planner_compares_views_only_when_records_changed():
    from bottomline.sphinxext.incremental import pages_to_rewrite
    from bottomline.sphinxext.state import Records

    def snapshot(**changes) -> Records:
        tables = {"posts": POSTS, "actors": ACTORS, "mentions": MENTIONS, **changes}
        docs = frozenset([*tables["posts"], *tables["actors"], *PARTS])
        return Records(
            dict(tables["posts"]), dict(tables["actors"]), dict(tables["mentions"]),
            dict(PARTS), CITERS, SETTINGS, docs,
        )  # fmt: skip

    assert pages_to_rewrite(snapshot(), snapshot()) == []
    retitled = {**POSTS, P2: replace(POSTS[P2], title="Second, retitled")}
    assert pages_to_rewrite(snapshot(), snapshot(posts=retitled)) == sorted(
        [P1, P3, "index", KH, CBI]
    )


def test_the_planner_leaves_out_the_pages_the_build_reads():
    from bottomline.sphinxext.incremental import pages_to_rewrite
    from bottomline.sphinxext.state import Records

    def snapshot(posts) -> Records:
        docs = frozenset([*posts, *ACTORS, *PARTS])
        return Records(
            dict(posts), dict(ACTORS), dict(MENTIONS), dict(PARTS), CITERS, SETTINGS, docs
        )

    retitled = {**POSTS, P2: replace(POSTS[P2], title="Second, retitled")}
    before, after = snapshot(POSTS), snapshot(retitled)
    everything = sorted([P1, P3, "index", KH, CBI])
    assert pages_to_rewrite(before, after) == everything
    # Pages read are written anyway: not compared (a full build compares nothing).
    assert pages_to_rewrite(before, after, written={P2, P1, "index"}) == sorted([P3, KH, CBI])
    assert pages_to_rewrite(before, after, written=after.docnames) == []
    assert pages_to_rewrite(snapshot({}), after, written=after.docnames) == []
