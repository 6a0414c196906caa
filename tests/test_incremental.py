"""Incremental builds are exact: after any change, an incremental build writes the same site as
a fresh one, and rewrites only the pages whose content changed.

Black-box tests: every build is ``sphinx-build`` in a subprocess, as ``nox -s build`` runs it,
on a copy of ``tests/roots/test-incremental``.  Each kind of change a writer makes (a post
added, moved to another month, year or edition, an actor mention, an alias, an actor page,
an outlet spelling, ...) is a small function that edits the sources and keeps the strict build
passing; the tests apply them one at a time, and in random sequences, and compare the
incremental output with a fresh (``-E``) build of the same sources, byte for byte.

The root's listing pages are ``orphan: true`` rather than in a toctree of ``index``: stock
Sphinx rewrites every page whose toctree lists a page it writes, so with a toctree ``index``
would be written whenever the archive is, and the tests of which pages are written would
measure that rule instead of the extension.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import re
import shutil
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from bottomline import formats
from bottomline.formats import KINDS, POSTS_DIR, parse_post_path
from bottomline.text import name_key
from helpers import sphinx_build

ROOT = Path(__file__).parent / "roots" / "test-incremental"
STRICT = ("-n", "-W", "--keep-going")
SEARCH_META = "bottomline-searchmeta.js"
LATEST = 3  # the ``:limit:`` of ``{latest-updates}`` in the root's index.md
#: Spellings a post may cite; each folds to an outlet the root already cites.  "Example Wire"
#: is unknown to the outlet table, so its spellings share only a slug: which one a page shows
#: must not depend on the order pages were read in.
OUTLET_SPELLINGS = ("AL-Monitor", "Al Monitor", "EXAMPLE WIRE", "reuters", "Example-Wire")

ACTOR_ROLE = re.compile(r"\{actor\}`([^`]*)`")
EXPLICIT = re.compile(r"(?s)(.*?)\s*<([^<>]+)>")


# -- the sources: posts and actor pages as front matter and body ----------------------------


def fold(name: str) -> str:
    """An actor name as the ``{actor}`` role compares it (case, apostrophes, hyphens, spaces)."""
    return name_key(name)


def role_parts(content: str) -> tuple[str, str]:
    """(link text, target) of an ``{actor}`` role's content."""
    explicit = EXPLICIT.fullmatch(content)
    return (explicit.group(1), explicit.group(2)) if explicit else (content, content)


@dataclass(repr=False)
class Page:
    """A MyST page with YAML front matter, edited in memory and written back with ``save``."""

    path: Path
    meta: dict[str, Any]
    body: str

    def __repr__(self) -> str:  # short: pages show up in failure reports
        return f"{type(self).__name__}({self.path.name})"

    @classmethod
    def load(cls, path: Path) -> Page:
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        return cls(path, yaml.safe_load(front), body)

    def text(self) -> str:
        # Empty lists are left out, as a writer would.
        meta = {k: v for k, v in self.meta.items() if v != []}
        front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
        return f"---\n{front}---\n{self.body}"

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(self.text(), encoding="utf-8")


@dataclass(repr=False)
class Post(Page):
    @property
    def date(self) -> dt.date:
        return self.meta["date"]

    @property
    def edition(self) -> str:
        return self.meta["edition"]

    @property
    def slug(self) -> str:
        named = parse_post_path(f"{self.path.parent.name}/{self.path.name}")
        assert named, self.path
        return named.slug

    @property
    def actors(self) -> list[str]:
        return self.meta.setdefault("actors", [])

    def move(self, date: dt.date, edition: str) -> None:
        """New date and edition: front matter and file name must agree, so the file moves."""
        old = self.path
        self.meta["date"], self.meta["edition"] = date, edition
        self.path = post_path(old.parents[2], date, edition, self.slug)
        self.save()
        old.unlink()

    def add_bullet(self, line: str) -> None:
        """A bullet at the end of the last section, just before "What it all means"."""
        head, sep, tail = self.body.partition(":::{what-it-means}")
        assert sep, self.path
        self.body = f"{head.rstrip()}\n- {line}\n\n{sep}{tail}"


@dataclass(repr=False)
class Actor(Page):
    @property
    def slug(self) -> str:
        return self.path.stem

    def names(self) -> set[str]:
        """Every folded name a role may use for this actor."""
        return {fold(n) for n in [self.meta["name"], self.slug, *self.meta.get("aliases", [])]}


def post_path(srcdir: Path, date: dt.date, edition: str, slug: str) -> Path:
    return srcdir / POSTS_DIR / formats.post_path(date, edition, slug)


@dataclass
class Site:
    """A copy of the test root, read afresh on every call (files are the only state)."""

    srcdir: Path
    numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def posts(self) -> list[Post]:
        found = [Post.load(p) for p in (self.srcdir / "posts").rglob("*.md")]
        return sorted(found, key=lambda p: (p.date, p.edition, p.slug))

    def actors(self) -> list[Actor]:
        found = sorted((self.srcdir / "actors").glob("*.md"))
        return [Actor.load(p) for p in found if p.stem != "index"]

    def taken(self, date: dt.date, edition: str) -> bool:
        return any((p.date, p.edition) == (date, edition) for p in self.posts())

    def number(self) -> int:
        """A number not used before in this site: unique slugs, aliases and sentences."""
        return next(self.numbers)

    def actor_of(self, content: str) -> str | None:
        """The slug an ``{actor}`` role's content links to."""
        target = fold(role_parts(content)[1])
        return next((a.slug for a in self.actors() if target in a.names()), None)

    def unlink_actor(self, post: Post, slug: str) -> None:
        """``post`` no longer mentions ``slug``: its roles become plain text, the list drops it."""

        def plain(match: re.Match[str]) -> str:
            if self.actor_of(match.group(1)) != slug:
                return match.group(0)
            return role_parts(match.group(1))[0]

        body = ACTOR_ROLE.sub(plain, post.body)
        if body == post.body and slug not in post.actors:
            return  # untouched: a file saved unchanged would still be re-read
        post.body = body
        if slug in post.actors:
            post.actors.remove(slug)
        post.save()


# -- the kinds of change ---------------------------------------------------------------------
#
# Each takes the site and ``pick``, which chooses one of a sorted list of candidates (the
# middle one in the step-by-step test, a drawn one in the property test), edits the sources so
# the strict build still passes, and returns what it did, for failure messages.

Pick = Callable[[Sequence[Any]], Any]


class Inapplicable(Exception):
    """The change has no target in the site as it is now (e.g. no post left to delete)."""


def choose(pick: Pick, candidates: Sequence[Any]) -> Any:
    if not candidates:
        raise Inapplicable
    return pick(candidates)


def middle(candidates: Sequence[Any]) -> Any:
    return candidates[len(candidates) // 2]


def no_change(site: Site, pick: Pick) -> str:
    return "no change"


def add_post(site: Site, pick: Pick) -> str:
    """A new post on a free date and edition, mentioning one or two actors, citing an outlet."""
    slots = [
        (day, edition)
        for day in (dt.date(2024, 12, 28), dt.date(2025, 1, 15), dt.date(2025, 2, 5))
        for edition in ("AM", "PM")
        if not site.taken(day, edition)
    ]
    day, edition = choose(pick, slots)
    actors = site.actors()
    pairs = [(a, b) for a in actors for b in actors if a.slug < b.slug] + [(a,) for a in actors]
    mentioned = choose(pick, pairs)
    outlet = choose(pick, OUTLET_SPELLINGS)
    n = site.number()
    roles = " and ".join(f"{{actor}}`{a.meta['name']}`" for a in mentioned)
    post = Post(
        post_path(site.srcdir, day, edition, f"added-{n}"),
        {
            "title": f"Test Update: Added {n}",
            "date": day,
            "edition": edition,
            "outlets": [outlet],
            "actors": [a.slug for a in mentioned],
        },
        f"\n# Test Update: Added {n}\n\n:::{{bottom-line}}\n"
        f"A synthetic added update about {roles}.\n:::\n\n## Added\n\n"
        f"- An added bullet. ({{outlet}}`{outlet}`)\n\n"
        ":::{what-it-means}\n- Added test text.\n:::\n",
    )
    post.save()
    return f"add post {post.path.name}"


def delete_post(site: Site, pick: Pick) -> str:
    posts = site.posts()
    post = choose(pick, posts if len(posts) > 2 else [])
    post.path.unlink()
    return f"delete post {post.path.name}"


def move_post_across_month(site: Site, pick: Pick) -> str:
    """To the last day of the month before or the first of the month after, same year."""
    moves = []
    for post in site.posts():
        first = post.date.replace(day=1)
        for day in (first - dt.timedelta(days=1), (first + dt.timedelta(days=31)).replace(day=1)):
            if day.year == post.date.year and not site.taken(day, post.edition):
                moves.append((post, day))
    post, day = choose(pick, moves)
    old = post.path.name
    post.move(day, post.edition)
    return f"move {old} to {day}"


def move_post_across_year(site: Site, pick: Pick) -> str:
    """To 31 December of the year before or 1 January of the year after (another folder)."""
    moves = []
    for post in site.posts():
        year = post.date.year
        for day in (dt.date(year - 1, 12, 31), dt.date(year + 1, 1, 1)):
            if not site.taken(day, post.edition):
                moves.append((post, day))
    post, day = choose(pick, moves)
    old = post.path.name
    post.move(day, post.edition)
    return f"move {old} to {day}"


def change_edition(site: Site, pick: Pick) -> str:
    other = {"AM": "PM", "PM": "AM"}
    posts = [p for p in site.posts() if not site.taken(p.date, other[p.edition])]
    post = choose(pick, posts)
    old = post.path.name
    post.move(post.date, other[post.edition])
    return f"{old} becomes {post.edition}"


def add_actor_mention(site: Site, pick: Pick) -> str:
    """A bullet linking an actor the post did not mention (under any of its names)."""
    mentions = [
        (post, actor, name)
        for post in site.posts()
        for actor in site.actors()
        if actor.slug not in post.actors
        for name in [actor.meta["name"], *actor.meta.get("aliases", [])]
    ]
    post, actor, name = choose(pick, mentions)
    post.add_bullet(f"A synthetic mention of {{actor}}`{name}`.")
    post.actors.append(actor.slug)
    post.save()
    return f"{post.path.name} mentions {actor.slug} as {name!r}"


def remove_actor_mention(site: Site, pick: Pick) -> str:
    mentions = [(post, slug) for post in site.posts() for slug in post.actors]
    post, slug = choose(pick, mentions)
    site.unlink_actor(post, slug)
    return f"{post.path.name} no longer mentions {slug}"


def rename_alias(site: Site, pick: Pick) -> str:
    """An actor's alias changes; posts that link with it follow, so the build stays strict."""
    aliases = [(a, alias) for a in site.actors() for alias in a.meta.get("aliases", [])]
    used = {fold(role_parts(c)[1]) for p in site.posts() for c in ACTOR_ROLE.findall(p.body)}
    # Prefer an alias a post uses: then the change reaches other pages.
    actor, alias = choose(pick, [c for c in aliases if fold(c[1]) in used] or aliases)
    new = f"{alias} Variant {site.number()}"
    actor.meta["aliases"] = [new if a == alias else a for a in actor.meta["aliases"]]
    actor.save()

    def renamed(match: re.Match[str]) -> str:
        text, target = role_parts(match.group(1))
        if fold(target) != fold(alias):
            return match.group(0)
        return f"{{actor}}`{new}`" if text == target else f"{{actor}}`{text} <{new}>`"

    for post in site.posts():
        body = ACTOR_ROLE.sub(renamed, post.body)
        if body != post.body:
            post.body = body
            post.save()
    return f"{actor.slug}: alias {alias!r} becomes {new!r}"


def add_actor_page(site: Site, pick: Pick) -> str:
    """A new actor nothing mentions yet, maybe affiliated with an existing one."""
    kind = choose(pick, KINDS)
    affiliations = choose(pick, [[]] + [[a.slug] for a in site.actors()])
    n = site.number()
    actor = Actor(
        site.srcdir / "actors" / f"test-council-{n}.md",
        {
            "name": f"Test Council {n}",
            "kind": kind,
            "aliases": [f"TC{n}"],
            "affiliations": affiliations,
        },
        f"\n# Test Council {n}\n\nA fictional council added by the test suite. "
        "It meets only in test data.\n",
    )
    actor.save()
    return f"add actor {actor.slug} ({kind}, affiliations {affiliations})"


def delete_actor_page(site: Site, pick: Pick) -> str:
    """An actor page goes, and every reference to it with it (roles, lists, affiliations)."""
    actors = site.actors()
    actor = choose(pick, actors if len(actors) > 2 else [])
    for post in site.posts():
        site.unlink_actor(post, actor.slug)
    for other in actors:
        if actor.slug in other.meta.get("affiliations", []):
            other.meta["affiliations"].remove(actor.slug)
            other.save()
    actor.path.unlink()
    return f"delete actor {actor.slug}"


def change_actor_kind(site: Site, pick: Pick) -> str:
    changes = [(a, kind) for a in site.actors() for kind in KINDS if kind != a.meta["kind"]]
    actor, kind = choose(pick, changes)
    old = actor.meta["kind"]
    actor.meta["kind"] = kind
    actor.save()
    return f"{actor.slug}: kind {old} becomes {kind}"


def edit_bottom_line(site: Site, pick: Pick) -> str:
    post = choose(pick, site.posts())
    head, sep, tail = post.body.partition(":::{bottom-line}\n")
    text, close, rest = tail.partition("\n:::")
    post.body = f"{head}{sep}{text} An edited synthetic sentence {site.number()}.{close}{rest}"
    post.save()
    return f"edit the bottom line of {post.path.name}"


def add_outlet_spelling(site: Site, pick: Pick) -> str:
    """A post cites an outlet the site knows under another spelling of its name."""
    post = choose(pick, site.posts())
    spelling = choose(pick, OUTLET_SPELLINGS)
    post.add_bullet(f"A citation spelled differently. ({{outlet}}`{spelling}`)")
    outlets = post.meta.setdefault("outlets", [])
    if spelling not in outlets:
        outlets.append(spelling)
    post.save()
    return f"{post.path.name} cites {spelling!r}"


def add_post_in_new_month(site: Site, pick: Pick) -> str:
    """A post in a month (or a year) no post has yet: a new month page, year page, archive
    entry and previous / next month links."""
    slots = [d for d in (dt.date(2025, 3, 4), dt.date(2025, 4, 1), dt.date(2023, 11, 20))]
    free = [
        d for d in slots if not any(p.date.replace(day=1) == d.replace(day=1) for p in site.posts())
    ]
    day = choose(pick, free)
    n = site.number()
    actor = choose(pick, site.actors())
    post = Post(
        post_path(site.srcdir, day, "AM", f"month-{n}"),
        {"title": f"Test Update: Month {n}", "date": day, "edition": "AM", "outlets": ["Reuters"],
         "actors": [actor.slug]},
        f"\n# Test Update: Month {n}\n\n:::{{bottom-line}}\nA synthetic update in a new month "
        f"about {{actor}}`{actor.meta['name']}`.\n:::\n\n## Month\n\n"
        f"- A bullet of a new month. ({{outlet}}`Reuters`)\n\n"
        ":::{what-it-means}\n- Month test text.\n:::\n",
    )  # fmt: skip
    post.save()
    return f"add post {post.path.name}"


def change_outlet(site: Site, pick: Pick) -> str:
    """A post's citation of one outlet becomes a citation of another (new or known)."""
    cited = [p for p in site.posts() if "{outlet}`" in p.body]
    post = choose(pick, cited)
    old = re.search(r"\{outlet\}`([^`]*)`", post.body)
    assert old is not None
    new = choose(pick, [o for o in ("Shafaq News", "Example Wire", "Al-Monitor") if o != old[1]])
    post.body = post.body.replace(old[0], f"{{outlet}}`{new}`", 1)
    post.meta["outlets"] = [o for o in post.meta.get("outlets", []) if o != old[1]] + [new]
    post.save()
    return f"{post.path.name} cites {new!r} instead of {old[1]!r}"


def make_draft(site: Site, pick: Pick) -> str:
    """A published post becomes a draft: gone from the published site."""
    published = [p for p in site.posts() if not p.meta.get("draft")]
    post = choose(pick, published if len(published) > 2 else [])
    post.meta["draft"] = True
    post.save()
    return f"{post.path.name} becomes a draft"


def publish_draft(site: Site, pick: Pick) -> str:
    """A draft is published (its ``draft`` key removed)."""
    post = choose(pick, [p for p in site.posts() if p.meta.get("draft")])
    del post.meta["draft"]
    post.save()
    return f"{post.path.name} is published"


def edit_actor_profile(site: Site, pick: Pick) -> str:
    """One sentence of an actor page's own prose (its last paragraph) is rewritten."""
    actor = choose(pick, site.actors())
    head, _, paragraph = actor.body.rstrip("\n").rpartition("\n")
    sentences = paragraph.split(". ")
    sentences[-1] = f"Its profile was edited in sentence {site.number()}."
    actor.body = f"{head}\n{'. '.join(sentences)}\n"
    actor.save()
    return f"edit the profile of {actor.slug}"


#: Every kind of change, in the order the step-by-step test applies them.
CHANGES: tuple[Callable[[Site, Pick], str], ...] = (
    no_change,
    add_post,
    edit_bottom_line,
    move_post_across_month,
    move_post_across_year,
    change_edition,
    add_actor_mention,
    remove_actor_mention,
    rename_alias,
    add_actor_page,
    change_actor_kind,
    add_outlet_spelling,
    add_post_in_new_month,
    change_outlet,
    make_draft,
    edit_actor_profile,
    publish_draft,
    delete_actor_page,
    delete_post,
    no_change,
)


# -- building and comparing ------------------------------------------------------------------


def build(srcdir: Path, out: Path, *args: str) -> str:
    """A strict build into ``out/html`` with doctrees in ``out/doctrees``; its stdout."""
    result = sphinx_build(srcdir, out / "html", *STRICT, *args, doctrees=out / "doctrees")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return result.stdout


def written(stdout: str) -> set[str]:
    """Docnames a sphinx-build run wrote, from its "writing output... docname" lines."""
    return set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", stdout))


def build_both(srcdir: Path, incremental: Path, fresh: Path, jobs: str) -> None:
    """The incremental build and a fresh one of the same sources, side by side (they share
    nothing but the sources, which neither writes)."""
    shutil.rmtree(fresh, ignore_errors=True)  # -E alone would keep pages of removed sources
    with ThreadPoolExecutor(2) as pool:
        runs = [
            pool.submit(build, srcdir, incremental, "-j", jobs),
            pool.submit(build, srcdir, fresh, "-E", "-j", jobs),
        ]
        for run in runs:
            run.result()


def output(html: Path) -> dict[str, bytes]:
    """The files compared: every page, and the search metadata.  Nothing is stripped: the
    root's theme writes no build time into pages (``html_last_updated_fmt`` is unset)."""
    files = {p.relative_to(html).as_posix(): p.read_bytes() for p in html.rglob("*.html")}
    files[SEARCH_META] = (html / SEARCH_META).read_bytes()
    return files


def first_diff(ours: dict[str, bytes], theirs: dict[str, bytes]) -> str | None:
    """The first file both builds wrote that differs, as a short unified diff."""
    for name in sorted(ours.keys() & theirs.keys()):
        if ours[name] != theirs[name]:
            diff = difflib.unified_diff(
                theirs[name].decode().splitlines(),
                ours[name].decode().splitlines(),
                f"fresh/{name}",
                f"incremental/{name}",
                n=1,
                lineterm="",
            )
            return f"{name} differs:\n" + "\n".join(itertools.islice(diff, 30))
    return None


def difference(incremental: Path, fresh: Path, reported: set[str] | None = None) -> str | None:
    """How the incremental site differs from the fresh one (None: it does not): the files
    only one of them has, and the first file that differs, as a short unified diff.

    Files in ``reported`` were already reported as in one build only (by an earlier step on
    the same output): they are left out of the message, and new ones are added to the set.
    """
    ours, theirs = output(incremental / "html"), output(fresh / "html")
    reported = set() if reported is None else reported
    extra = sorted(ours.keys() - theirs.keys() - reported)
    missing = sorted(theirs.keys() - ours.keys() - reported)
    reported.update(extra, missing)
    problems = [first_diff(ours, theirs)]
    if extra or missing:
        problems.insert(0, f"only in the incremental build: {extra}; only in the fresh: {missing}")
    return "\n".join(p for p in problems if p) or None


@pytest.fixture
def site(tmp_path: Path) -> Site:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    return Site(srcdir)


# -- incremental equals fresh ----------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_incremental_matches_fresh_after_each_change(site: Site, tmp_path: Path, jobs: str):
    incremental, fresh = tmp_path / "incremental", tmp_path / "fresh"
    build(site.srcdir, incremental, "-j", jobs)
    # Every step runs even after one fails, so one run shows every kind of change that breaks.
    # A page left behind by one step stays in the output: it is reported once, by that step.
    failures: list[str] = []
    reported: set[str] = set()
    for change in CHANGES:
        did = change(site, middle)
        build_both(site.srcdir, incremental, fresh, jobs)
        if (problem := difference(incremental, fresh, reported)) is not None:
            failures.append(f"after {change.__name__} ({did}): {problem}")
    assert not failures, "\n\n".join(failures)


@settings(
    max_examples=6,
    deadline=None,
    database=None,
    # An example is three builds (~4 s); shrinking would rerun hundreds.  The failure
    # message lists the changes applied, which is what a shrunk example would show.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(
    changes=st.lists(st.sampled_from(CHANGES[1:-1]), min_size=2, max_size=4),
    jobs=st.sampled_from(["1", "2"]),
    data=st.data(),
)
def test_incremental_matches_fresh_after_random_changes(
    tmp_path_factory: pytest.TempPathFactory,
    changes: list[Callable[[Site, Pick], str]],
    jobs: str,
    data: st.DataObject,
):
    work = tmp_path_factory.mktemp("random")
    site = Site(work / "src")
    shutil.copytree(ROOT, site.srcdir)
    incremental, fresh = work / "incremental", work / "fresh"
    build(site.srcdir, incremental, "-j", jobs)

    def drawn(options: Sequence[Any]) -> Any:
        # An index, not the option: hypothesis would print every page drawn in full.
        return options[data.draw(st.integers(0, len(options) - 1))]

    done = []
    for change in changes:
        try:
            done.append(change(site, drawn))
        except Inapplicable:
            done.append(f"{change.__name__}: nothing to change")
    build_both(site.srcdir, incremental, fresh, jobs)
    problem = difference(incremental, fresh)
    assert problem is None, f"after {done} with -j {jobs}: {problem}"


# -- only the pages that change are written --------------------------------------------------


def neighbours(site: Site, docname: str) -> set[str]:
    """The docnames of the posts just before and just after ``docname`` in time."""
    order = [p.path.relative_to(site.srcdir).with_suffix("").as_posix() for p in site.posts()]
    at = order.index(docname)
    return set(order[max(at - 1, 0) : at]) | set(order[at + 1 : at + 2])


NEW_POST = """---
title: "Test Update: Inserted"
date: {date}
edition: {edition}
outlets:
- Reuters
actors:
- ministry-of-testing
- sample-party
---

# Test Update: Inserted

:::{{bottom-line}}
The {{actor}}`Testing Ministry` met the {{actor}}`Sample Party` in a synthetic meeting.
:::

## The meeting

- The meeting produced no real news. ({{outlet}}`Reuters`)

:::{{what-it-means}}
- Inserted test text.
:::
"""


@pytest.mark.parametrize(
    ("date", "edition", "on_landing_page"),
    [("2025-01-15", "AM", False), ("2025-02-05", "PM", True)],
    ids=["older-than-the-latest", "among-the-latest"],
)
def test_pages_rewritten_after_adding_one_update(
    site: Site, tmp_path: Path, date: str, edition: str, on_landing_page: bool
):
    out = tmp_path / "out"
    build(site.srcdir, out)
    day = dt.date.fromisoformat(date)
    path = post_path(site.srcdir, day, edition, "inserted")
    path.write_text(NEW_POST.format(date=date, edition=edition), encoding="utf-8")
    docname = path.relative_to(site.srcdir).with_suffix("").as_posix()
    latest = [p.path for p in site.posts()][-LATEST:]
    assert (path in latest) is on_landing_page  # the case is what its id says

    expected = {
        docname,
        *neighbours(site, docname),
        "archive",  # its month's count changes
        "outlets",  # Reuters' count changes
        "actors/ministry-of-testing",
        "actors/sample-party",
        "actors/index",  # its counts change
    } | ({"index"} if on_landing_page else set())
    before = output(out / "html")
    wrote = written(build(site.srcdir, out))
    assert expected <= wrote
    # Beyond those, only posts whose related updates now differ: every page written changed,
    # and every source page that changed was written.
    after = output(out / "html")
    changed = {
        name.removesuffix(".html")
        for name in after
        if name.endswith(".html") and before.get(name) != after[name]
    }
    sources = {
        p.relative_to(site.srcdir).with_suffix("").as_posix() for p in site.srcdir.rglob("*.md")
    }
    assert wrote == changed & sources
    assert all(d.startswith("posts/") for d in wrote - expected)


def test_editing_an_actor_profile_rewrites_only_that_page(site: Site, tmp_path: Path):
    out = tmp_path / "out"
    build(site.srcdir, out)
    page = site.srcdir / "actors/jane-placeholder.md"
    text = page.read_text(encoding="utf-8")
    edited = text.replace("She gives invented interviews.", "She gives no interviews at all.")
    assert edited != text
    page.write_text(edited, encoding="utf-8")
    assert written(build(site.srcdir, out)) == {"actors/jane-placeholder"}


def test_noop_rebuild_writes_nothing(site: Site, tmp_path: Path):
    out = tmp_path / "out"
    build(site.srcdir, out)
    assert written(build(site.srcdir, out)) == set()
