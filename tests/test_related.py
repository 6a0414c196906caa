"""Related updates: ranked by the actors and uncommon words posts share, with a time decay.

``tests/roots/test-related`` is a small story where the right answer is clear: three posts
about the Ceyhan pipeline (two with the KRG), and three that share only the Central Bank of
Iraq, which every post mentions, with the pipeline post.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from bottomline.records import PostRecord
from bottomline.sphinxext import related
from bottomline.sphinxext.related import LIMIT, post_terms, rank_related, ranking_key
from bottomline.text import search_words
from helpers import read_html

EXPORTS = "posts/2025/2025-05-10-am-ceyhan-exports"


@pytest.mark.sphinx("html", testroot="related")
def test_the_same_story_beats_a_common_actor_on_a_real_build(app):
    app.build()
    assert app.warning.getvalue() == ""
    page = read_html(app.outdir / f"{EXPORTS}.html")
    box = page.select_one(".bl-related")
    assert box is not None
    groups = {
        when.get_text(): [a.get_text() for a in when.find_next("ul").select("a.bl-post-link")]
        for when in box.select(".bl-related-when")
    }
    # The dollar auction post is the day before, but shares only the CBI: not listed.
    assert groups == {"Earlier": ["Test: Pipeline Talks"], "Later": ["Test: Pipeline Volumes"]}
    bottom = [p.get_text() for p in box.select(".bl-bottom-line")]
    assert bottom[0].startswith("The KRG and Baghdad discussed restarting")
    link = box.select_one("a.bl-post-link")["href"]
    assert link == "2025-03-01-am-pipeline-talks.html"
    # A post with nothing uncommon in common with any other has no related updates at all.
    election = read_html(app.outdir / "posts/2025/2025-03-20-pm-election-turnout.html")
    assert election.select_one(".bl-related") is None


# -- the ranking on plain records ------------------------------------------------------------


def record(docname: str, day: date, terms: str, actors: tuple[str, ...] = ()) -> PostRecord:
    return PostRecord(
        title=docname,
        date=day,
        edition="AM",
        actors=actors,
        terms=post_terms(search_words(terms)),
        docname=docname,
    )


def rank(posts: dict[str, PostRecord]) -> dict[str, tuple[str, ...]]:
    order = sorted(posts, key=lambda d: posts[d].sort_key)
    published = [d for d in order if not posts[d].draft]
    index = {a: a for p in posts.values() for a in p.actors}
    return rank_related(posts, published, {}, index)


BASE = date(2025, 1, 1)
FILLER = [f"filler{i} common words about salaries" for i in range(8)]


def test_a_rare_word_and_an_actor_beat_a_common_actor_that_is_closer_in_time():
    posts = {
        "subject": record("subject", BASE + timedelta(days=60), "ceyhan pipeline", ("cbi", "krg")),
        "story": record("story", BASE, "ceyhan pipeline talks", ("cbi", "krg")),
        "near": record("near", BASE + timedelta(days=59), "salaries again", ("cbi",)),
    }
    for i, words in enumerate(FILLER):
        posts[f"f{i}"] = record(f"f{i}", BASE + timedelta(days=10 + i), words, ("cbi",))
    related = rank(posts)
    assert related["subject"] == ("story",)
    assert "subject" in related["story"]


def test_time_decay_orders_equal_stories_and_the_limit_holds():
    posts = {"subject": record("subject", BASE, "ceyhan pipeline", ("krg",))}
    for days in (200, 3, 40, 10, 90, 1, 400):
        posts[f"d{days}"] = record(f"d{days}", BASE + timedelta(days=days), "ceyhan pipeline")
    for i, words in enumerate(FILLER * 3):
        posts[f"f{i}"] = record(f"f{i}", BASE - timedelta(days=i + 1), words)
    related = rank(posts)["subject"]
    assert len(related) == LIMIT
    assert related == ("d1", "d3", "d10", "d40", "d90")


def test_drafts_are_no_ones_related_update_but_get_their_own():
    posts = {
        "a": record("a", BASE, "ceyhan pipeline", ("krg",)),
        "b": record("b", BASE + timedelta(days=1), "ceyhan pipeline", ("krg",)),
        "draft": replace(
            record("draft", BASE + timedelta(days=2), "ceyhan pipeline", ("krg",)), draft=True
        ),
    }
    for i, words in enumerate(FILLER):
        posts[f"f{i}"] = record(f"f{i}", BASE - timedelta(days=i + 1), words)
    related = rank(posts)
    assert related["a"] == ("b",) and related["b"] == ("a",)
    assert set(related["draft"]) == {"a", "b"}


def test_terms_leave_out_stop_words_short_words_and_plurals():
    terms = post_terms(
        search_words("The sanctions on the sanction list: Ceyhan's 12 pipelines, KH and 1,310.")
    )
    assert terms == "1310 ceyhan list pipeline sanction"  # "KH": too short


def test_ranking_three_thousand_posts_keeps_every_list_whole():
    """3,000 posts of 60 words from a 5,000-word vocabulary with 300 actors (its time is
    in the benchmark's full builds, not asserted here)."""
    import random

    rng = random.Random(7)
    vocabulary = [f"word{i}" for i in range(5000)]
    weights = [1 / (i + 1) for i in range(5000)]  # Zipf: a few words in every post
    posts = {}
    for i in range(3000):
        words = " ".join(rng.choices(vocabulary, weights, k=60))
        actors = tuple(f"a{rng.randrange(300)}" for _ in range(3)) + ("cbi",)
        posts[f"p{i}"] = record(f"p{i}", BASE + timedelta(days=i // 2), words, actors)
    related = rank(posts)
    assert set(related) == set(posts)
    assert all(len(found) <= LIMIT and d not in found for d, found in related.items())
    assert all(
        set(found) <= set(posts) and len(set(found)) == len(found) for found in related.values()
    )
    # (Every post names "cbi": too common to count.)  Each shares rarer words and actors
    # with others, so none is left without related updates.
    assert all(related.values())


# -- incremental builds rank once --------------------------------------------------------------

ROOT = Path(__file__).parent / "roots" / "test-related"
ADDED = """---
title: "Test: Ceyhan Tariffs"
date: 2025-05-20
edition: PM
actors:
- kurdistan-regional-government
---

# Test: Ceyhan Tariffs

:::{bottom-line}
The {actor}`KRG` and Baghdad argued over the Ceyhan pipeline tariff.
:::

## Details

- The pipeline tariff dispute delays the Ceyhan revenue.

:::{what-it-means}
- Invented text for the related updates tests.
:::
"""


def related_boxes(outdir: Path) -> dict[str, str]:
    """Every post's "Related updates" box, as HTML ("" for a post without one)."""
    boxes = {}
    for page in sorted((outdir / "posts").rglob("*.html")):
        box = read_html(page).select_one(".bl-related")
        boxes[page.relative_to(outdir).as_posix()] = str(box) if box else ""
    return boxes


def test_an_incremental_build_ranks_related_updates_once(tmp_path, monkeypatch, make_app):
    """The planner compares the last build's views with the new ones: the last build's
    ranking is kept with its records, so only the new records are ranked (and nothing when
    no record changed), and the pages equal a fresh build's."""
    calls: list[int] = []

    def counted(posts, *args, **kwargs):
        calls.append(len(posts))
        return rank_related(posts, *args, **kwargs)

    monkeypatch.setattr(related, "rank_related", counted)
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)

    def build(srcdir: Path, **kwargs) -> Path:
        app = make_app("html", srcdir=srcdir, **kwargs)
        app.build()
        # A second app in one process re-registers Sphinx's own nodes: its warning only.
        warnings = [w for w in app.warning.getvalue().splitlines() if "already registered" not in w]
        assert warnings == []
        return Path(app.outdir)

    build(src)
    assert calls == [6]  # the full build: once, kept for the next build
    build(src)
    assert calls == [6]  # nothing changed: nothing ranked
    (src / "posts" / "2025" / "2025-05-20-pm-ceyhan-tariffs.md").write_text(ADDED, "utf-8")
    out = build(src)
    assert calls == [6, 7]  # the new records only; the last build's ranking was kept
    boxes = related_boxes(out)
    assert "Test: Ceyhan Tariffs" in boxes[f"{EXPORTS}.html"]

    fresh = tmp_path / "fresh"
    shutil.copytree(src, fresh, ignore=shutil.ignore_patterns("_build"))
    assert related_boxes(build(fresh, freshenv=True)) == boxes


def test_the_ranking_key_changes_with_what_the_ranking_reads():
    day = date(2025, 5, 1)
    posts = {"a": record("a", day, "ceyhan pipeline"), "b": record("b", day, "ceyhan tariff")}
    order, by_post, index = ["a", "b"], {"a": {"actors/krg": ""}}, {"krg": "actors/krg"}
    key = ranking_key(posts, order, by_post, index)
    assert key == ranking_key(dict(posts), list(order), dict(by_post), dict(index))
    changed = [
        ({**posts, "b": replace(posts["b"], terms="other")}, order, by_post, index),
        ({**posts, "b": replace(posts["b"], date=day + timedelta(1))}, order, by_post, index),
        ({**posts, "b": replace(posts["b"], actors=("krg",))}, order, by_post, index),
        (posts, ["b", "a"], by_post, index),
        (posts, order, {"b": {"actors/krg": ""}}, index),
        (posts, order, by_post, {"krg": "actors/other"}),
    ]
    keys = {ranking_key(*inputs) for inputs in changed}
    assert key not in keys and len(keys) == len(changed)
