"""Related updates: each post ends with the earlier and later updates on the same story.

Two posts are on the same story when they share actors and *uncommon* words.  Each feature
a post has (an actor it mentions, a distinct word of its text, :func:`post_terms`) weighs
``log(N / df)`` (an actor :data:`ACTOR_WEIGHT` times more): a word in two posts of three
thousand weighs about 7, a word or actor every post has nothing (drafts count only in the
preview, where they are built).  A candidate's score is the sum of what it shares, times a
time decay (half at :data:`HALF_LIFE_DAYS`), and it is listed only if what it shares weighs at least
:data:`MIN_SHARED` (one feature found in a fifth of the posts or fewer): a post that shares
only a common actor is not the same story.

Cheap at thousands of posts: no comparison of every pair.  Each post keeps only its
:data:`TERMS_PER_POST` rarest words (all its actors), and features found in more than
:data:`COMMON_SHARE` of the posts are skipped; candidates come from an inverted index of
those features, so the work is the sum of the kept features' document frequencies.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NamedTuple

from docutils import nodes
from sphinx.application import Sphinx

from bottomline.records import PostRecord
from bottomline.sphinxext import state
from bottomline.sphinxext.shared import NO_SEARCH, Part, post_list
from bottomline.sphinxext.state import PostLine, post_line
from bottomline.text import is_search_word, name_key

if TYPE_CHECKING:
    from bottomline.sphinxext.state import Derived

RELATED = "related-updates"
#: At most this many related updates per post (earlier and later together).
LIMIT = 5
#: The words of a post kept for ranking: its rarest ones (the others only slow it down).
TERMS_PER_POST = 15
#: A feature in more than this share of the posts says little about the story (and would
#: make every post a candidate of every other): skipped.
COMMON_SHARE = 0.03
#: A shared feature weighs this much more if it is an actor than if it is a word.
ACTOR_WEIGHT = 1.5
#: What the shared features must weigh at least: one found in a fifth of the posts.
MIN_SHARED = math.log(5)
#: A candidate this many days away counts half.
HALF_LIFE_DAYS = 45

#: Words that say nothing about a story (folded, as :func:`bottomline.text.search_words`
#: gives them).  Common words of the archive need no list: they weigh little anyway.
_STOP_TEXT = """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers him his how i if in into is it its
    itself just me more most my no nor not now of off on once only or other our out over own
    said same says she should so some such than that the their them then there these they
    this those through to too under until up very was we were what when where which while
    who whom why will with would you your yet new one two three week day month year today
    update updates bottom line what it all means
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


def post_terms(words: Iterable[str]) -> str:
    """The distinct words of a post that may tell its story, sorted, one space between
    them, from its search words (:func:`bottomline.text.search_words`: folded, compounds
    joined).

    Stop words, short words and short numbers are left out; a plural ``s`` is dropped so
    "sanctions" and "sanction" are one word.
    """
    found = set()
    for word in set(words):
        if len(word) < 3 or word in STOP_WORDS or not is_search_word(word):
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        found.add(word)
    return " ".join(sorted(found))


def note_terms(env: Any, docname: str, words: list[str], compounds: list[str]) -> None:
    """``doctree-read``: a post's :func:`post_terms`, from the words the search reads
    (:func:`bottomline.sphinxext.search.collect_words`: one pass over the page for both)."""
    posts = state.posts(env)
    record = posts.get(docname)
    if record is not None:
        posts[docname] = replace(record, terms=post_terms(itertools.chain(words, compounds)))


def _features(
    record: PostRecord, actors: Sequence[str], index: Mapping[str, str]
) -> tuple[set[str], set[str]]:
    """(actor docnames, words) of a post."""
    found = set(actors)
    for slug in record.actors:
        actor_doc = index.get(name_key(slug))
        if actor_doc is not None:
            found.add(actor_doc)
    return found, set(record.terms.split())


def ranking_key(
    posts: Mapping[str, PostRecord],
    order: Sequence[str],
    by_post: Mapping[str, Mapping[str, str]],
    index: Mapping[str, str],
) -> str:
    """A digest of everything :func:`rank_related` reads: equal keys, equal rankings.

    Cheap next to ranking (one pass, no scoring).  ``repr`` of strings, numbers and tuples
    is the same in every process, unlike ``hash``."""
    digest = hashlib.blake2b(digest_size=16)
    for docname in sorted(posts):
        record = posts[docname]
        found = (
            record.date.toordinal(),
            record.actors,
            record.terms,
            tuple(by_post.get(docname, ())),
        )
        digest.update(repr((docname, found)).encode())
    digest.update(repr(tuple(order)).encode())
    digest.update(repr(sorted(index.items())).encode())
    return digest.hexdigest()


def rank_related(
    posts: Mapping[str, PostRecord],
    order: Sequence[str],
    by_post: Mapping[str, Mapping[str, str]],
    index: Mapping[str, str],
    limit: int = LIMIT,
) -> dict[str, tuple[str, ...]]:
    """Every post's related updates (published ones only), best first.  Pure.

    Drafts get related updates too (their preview shows them) but are no one's.
    """
    # Drafts count in the frequencies when they are built (the preview): their words are
    # then part of the archive being read.
    count = len(posts)
    features: dict[str, tuple[set[str], set[str]]] = {
        d: _features(record, tuple(by_post.get(d, ())), index) for d, record in posts.items()
    }
    df: dict[str, int] = {}
    for actors, words in features.values():
        for feature in (*("@" + a for a in actors), *words):
            df[feature] = df.get(feature, 0) + 1
    cap = max(COMMON_SHARE * count, 10)
    weight = {f: math.log(count / n) for f, n in df.items() if 1 < n <= cap and n < count}
    for f in weight:
        if f.startswith("@"):
            weight[f] *= ACTOR_WEIGHT

    def kept(d: str) -> list[str]:
        actors, words = features[d]
        rare = sorted((w for w in words if w in weight), key=lambda w: (-weight[w], w))
        return [f for f in ("@" + a for a in sorted(actors)) if f in weight] + rare[:TERMS_PER_POST]

    kept_of = {d: kept(d) for d in posts}
    postings: dict[str, list[str]] = {}
    for d in order:
        for f in kept_of[d]:
            postings.setdefault(f, []).append(d)

    day = {d: record.date.toordinal() for d, record in posts.items()}
    related: dict[str, tuple[str, ...]] = {}
    for d in posts:
        shared: defaultdict[str, float] = defaultdict(float)
        for f in kept_of[d]:
            w = weight[f]
            for other in postings.get(f, ()):
                shared[other] += w
        shared.pop(d, None)
        here = day[d]
        best = heapq.nsmallest(
            limit,
            (
                (-total * HALF_LIFE_DAYS / (HALF_LIFE_DAYS + abs(day[other] - here)), other)
                for other, total in shared.items()
                if total >= MIN_SHARED
            ),
        )
        related[d] = tuple(other for _, other in best)
    return related


# -- the part at the end of every post -------------------------------------------------------


class RelatedView(NamedTuple):
    """What a post's "Related updates" shows: earlier and later ones, each oldest first."""

    earlier: tuple[tuple[PostLine, str], ...]
    later: tuple[tuple[PostLine, str], ...]


def related_view(view: Derived, docname: str, options: Mapping[str, Any]) -> RelatedView:
    post = view.posts.get(docname)
    if post is None:
        return RelatedView((), ())
    chosen = sorted(view.related.get(docname, ()), key=lambda d: view.posts[d].sort_key)
    shown = [(post_line(view, d), view.posts[d].bottom_line) for d in chosen]
    key = post.sort_key
    return RelatedView(
        tuple(item for item in shown if view.posts[item[0].docname].sort_key < key),
        tuple(item for item in shown if view.posts[item[0].docname].sort_key > key),
    )


def render_related(app: Sphinx, docname: str, view: RelatedView) -> list[nodes.Node]:
    if not view.earlier and not view.later:
        return []
    box = nodes.container(classes=["bl-related", NO_SEARCH])
    box += nodes.rubric("Related updates", "Related updates", classes=["bl-related-title"])
    for label, items in (("Earlier", view.earlier), ("Later", view.later)):
        if not items:
            continue
        box += nodes.paragraph(label, label, classes=["bl-related-when"])
        lines = [line for line, _ in items]
        box += post_list(
            app.builder,
            docname,
            lines,
            "bl-related-list",
            sentences=[b for _, b in items],
            sentence_class="bl-bottom-line",
        )
    return [box]


PARTS = {RELATED: Part(related_view, render_related)}
