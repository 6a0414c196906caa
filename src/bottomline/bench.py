"""The benchmark: a synthetic archive, built with our extension and with stock Sphinx.

    python -m bottomline.bench --posts 1000            # generate, build both ways, measure
    python -m bottomline.bench --sizes 200,1000,3000   # each size; results.json, plot, tables
    python -m bottomline.bench gen 1000 /tmp/archive   # only generate (= bottomline bench-gen)
    python -m bottomline.bench render benchmarks/results.json --markdown BENCHMARKS.md

The synthetic archive copies the real site's frame (``conf.py``, templates, landing,
archive and outlets pages, every actor page under ``actors/``) and adds N posts in the
post format: two editions a day, a bottom line, two to four sections of bullets citing
outlets, and ``{actor}`` roles naming actors of the real registry by any of their names.
Its words come from the real pages' vocabulary, shuffled by a seeded random generator;
they are not sentences anyone wrote.

Its *stock twin* (:func:`write_stock_twin`) has the same pages for stock Sphinx + MyST +
furo, without the bottomline extension: admonitions for the post directives, Markdown
links for actor roles, plain text for outlets, a plain paragraph for the listings.

Each scenario (:data:`SCENARIOS`: full builds at ``-j 1`` and ``-j JOBS``, a no-op
rebuild, one update added, one actor profile edited) is run on both projects in the same
run, stock then ours, ``--repeat`` times; reported are the medians (wall time, peak
memory, HTML pages written), the ratio ours / stock, ``searchindex.js`` (and the search
metadata) raw and gzipped, bytes per update, the extension's share; index load time and
keystroke-to-rendered-results time in headless Chromium; ingest rates of raw updates
(:mod:`bottomline.bench_ingest`).  With ``--sizes``, :func:`size_results` flattens each
size's report for ``benchmarks/results.json``, :func:`markdown_section` makes the tables of
BENCHMARKS.md's generated section and :func:`write_plot` the plot.  BENCHMARKS.md says more.
"""

from __future__ import annotations

import argparse
import ast
import gzip
import hashlib
import json
import os
import platform
import posixpath
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from bottomline.formats import POSTS_DIR, parse_post_path, post_path, split_front_matter
from bottomline.text import slugify

OUTLETS = (
    "Shafaq News", "Rudaw", "Iraqi News", "Al-Monitor", "The New Region", "Kurdistan24",
    "Reuters", "Associated Press", "Baghdad Today", "Iraqi News Agency", "964 Media",
    "Asharq Al-Awsat", "The National", "Bloomberg", "Alsumaria",
)  # fmt: skip
TOPICS = (
    "budget tables", "dollar auction", "exchange rate", "oil exports", "salaries", "customs",
    "electricity", "gas imports", "elections", "sanctions", "banks", "reserves", "tariffs",
    "the pipeline", "the parallel market", "investment law", "the cabinet", "security",
)  # fmt: skip
#: Every post of a project, relative to its root.
POST_GLOB = f"{POSTS_DIR}/*/*.md"
FRAME_FILES = ("conf.py", "index.md", "archive.md", "outlets.md", "how-to-search.md")
FRAME_DIRS = ("_templates", "actors")
MINIMAL_CONF = """\
project = "bottomline benchmark"
language = "en"
extensions = ["bottomline.sphinxext"]
exclude_patterns = ["_build"]
html_theme = "furo"
myst_enable_extensions = ["colon_fence"]
"""
_WORD_RE = re.compile(r"[A-Za-z][a-z]+(?:'[a-z]+)?")
_ROLE_RE = re.compile(r"\{[\w:-]+\}`[^`]*`")


# -- generating ----------------------------------------------------------------------------


@dataclass
class Actor:
    slug: str
    names: list[str]


def load_actors(actors_dir: Path) -> list[Actor]:
    """Every actor page's slug and names, from the real registry."""
    from bottomline.registry import load_registry

    registry = load_registry(actors_dir)
    return [
        Actor(slug, [actor.name, *actor.aliases]) for slug, actor in sorted(registry.actors.items())
    ]


def vocabulary(base: Path) -> list[str]:
    """Words of the real pages (posts and actor profiles), most frequent first."""
    counts: Counter[str] = Counter()
    for path in [*base.glob(POST_GLOB), *base.glob("actors/*.md")]:
        text = path.read_text(encoding="utf-8")
        split = split_front_matter(text)
        body = split.body if split else text
        counts.update(w.lower() for w in _WORD_RE.findall(_ROLE_RE.sub(" ", body)))
    words = [w for w, _ in counts.most_common()]
    return words or ["the", "budget", "oil", "dollar", "bank", "rate", "market"]


class Writer:
    """Seeded text: Zipf-distributed words, actors by any of their names, outlets."""

    def __init__(self, words: list[str], actors: list[Actor], seed: int) -> None:
        self.rng = random.Random(seed)
        self.words = words
        # Zipf weights give a realistic mix of very common and rare words.
        self.weights = [1 / (rank + 1) for rank in range(len(words))]
        self.actors = actors

    @classmethod
    def for_archive(cls, base: Path, actors_dir: Path, seed: int) -> Writer:
        """A writer with the words of the real site ``base`` and the actors of ``actors_dir``."""
        actors = load_actors(actors_dir) if actors_dir.is_dir() else []
        if not actors:
            raise SystemExit(f"{actors_dir}: no actor pages to mention (use --base)")
        return cls(vocabulary(base), actors, seed)

    def phrase(self, count: int) -> str:
        return " ".join(self.rng.choices(self.words, self.weights, k=count))

    def number(self) -> str:
        return self.rng.choice(
            [f"{self.rng.randint(1000, 1600):,} dinars", f"{self.rng.randint(2, 95)} percent",
             f"${self.rng.randint(1, 90)} billion", f"{self.rng.randint(100, 4000):,} barrels"]
        )  # fmt: skip

    def sentence(self, mentioned: list[Actor], max_roles: int = 2) -> str:
        parts = [self.phrase(self.rng.randint(6, 12))]
        roles = self.rng.choices(range(max_roles + 1), [5, 4, 1][: max_roles + 1])[0]
        for _ in range(roles):
            actor = self.rng.choice(self.actors)
            if actor not in mentioned:
                mentioned.append(actor)
            name = self.rng.choice(actor.names).replace("`", "'")
            parts.append(f"{{actor}}`{name}`")
            parts.append(self.phrase(self.rng.randint(4, 10)))
        if self.rng.random() < 0.3:
            parts.append(f"at {self.number()}")
        text = " ".join(parts)
        return text[0].upper() + text[1:] + "."

    def title(self) -> str:
        words = self.rng.choice(TOPICS).split() + self.phrase(self.rng.randint(1, 3)).split()
        return " ".join(w.capitalize() if w not in ("the", "and", "of") else w for w in words)


def post_text(writer: Writer, day: date, edition: str, title: str) -> str:
    """One post in the post page format (docs/editing.md, "The post page format")."""
    rng = writer.rng
    mentioned: list[Actor] = []
    cited: list[str] = []

    def cite() -> str:
        outlet = rng.choice(OUTLETS)
        if outlet not in cited:
            cited.append(outlet)
        return f"({{outlet}}`{outlet}`)"

    body = [f"# What's New in Iraq: {title}", ""]
    bottom = " ".join(writer.sentence(mentioned) for _ in range(rng.randint(1, 3)))
    body += [":::{bottom-line}", bottom, ":::", ""]
    for _ in range(rng.randint(2, 4)):
        body += [f"## {writer.title()}", ""]
        for _ in range(rng.randint(2, 5)):
            body.append(f"- {writer.sentence(mentioned)} {cite()}")
            if rng.random() < 0.3:
                body.append(f"  - {writer.sentence(mentioned, 1)}")
        body.append("")
    body += [":::{what-it-means}"]
    body += [f"- {writer.sentence(mentioned, 1)}" for _ in range(rng.randint(2, 3))]
    body += [":::", ""]
    front = [
        "---",
        f"title: {json.dumps(f'What’s New in Iraq: {title}', ensure_ascii=False)}",
        f"date: {day.isoformat()}",
        f"edition: {edition}",
        "outlets:",
        *(f"- {o}" for o in cited),
        "actors:" if mentioned else "actors: []",
        *(f"- {a.slug}" for a in mentioned),
        "---",
        "",
    ]
    return "\n".join(front + body)


def post_file(day: date, edition: str, title: str, suffix: str = "") -> PurePosixPath:
    """Where a post goes in the project: ``posts/<YYYY>/<date>-<am|pm>-<slug>.md``."""
    slug = (slugify(title)[:60].strip("-") or "update") + suffix
    return PurePosixPath(POSTS_DIR, post_path(day, edition, slug))


def generate_archive(
    count: int, outdir: Path, base: Path | None = None, seed: int = 2025
) -> list[Path]:
    """Write a Sphinx project with ``count`` synthetic posts into ``outdir``; returns them."""
    base = Path(base or Path.cwd())
    outdir.mkdir(parents=True, exist_ok=True)
    for name in FRAME_FILES:
        if (base / name).is_file():
            shutil.copy2(base / name, outdir / name)
    for name in FRAME_DIRS:
        if (base / name).is_dir():
            shutil.copytree(base / name, outdir / name, dirs_exist_ok=True)
    if not (outdir / "conf.py").exists():
        (outdir / "conf.py").write_text(MINIMAL_CONF, encoding="utf-8")
    if not (outdir / "index.md").exists():
        (outdir / "index.md").write_text("# Benchmark archive\n", encoding="utf-8")
    writer = Writer.for_archive(base, outdir / "actors", seed)
    posts = []
    first = date(2026, 1, 1) - timedelta(days=(count + 1) // 2)
    for number in range(count):
        day = first + timedelta(days=number // 2)
        edition = "AM" if number % 2 == 0 else "PM"
        title = writer.title()
        path = outdir / post_file(day, edition, title)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(post_text(writer, day, edition, title), encoding="utf-8")
        posts.append(path)
    return posts


def extra_post(srcdir: Path, base: Path, seed: int = 2026) -> tuple[PurePosixPath, str]:
    """A new post for the archive in ``srcdir``, dated on its middle day: (path, text).

    A third edition of that day (PM, its own slug), so no post is replaced.
    """
    posts = sorted(srcdir.glob(POST_GLOB))
    if not posts:
        raise SystemExit(f"{srcdir / 'posts'}: no posts")
    middle = posts[len(posts) // 2]
    named = parse_post_path(f"{middle.parent.name}/{middle.name}")
    if named is None:
        raise SystemExit(f"{middle}: not a post file name")
    day = named.date
    writer = Writer.for_archive(base, srcdir / "actors", seed)
    title = writer.title()
    return post_file(day, "PM", title, "-added"), post_text(writer, day, "PM", title)


def front_matter(text: str) -> dict[str, Any]:
    """The YAML front matter of a page (``{}`` without one)."""
    split = split_front_matter(text)
    data = yaml.safe_load(split.yaml) if split else None
    return data if isinstance(data, dict) else {}


def most_mentioned_actor(srcdir: Path) -> PurePosixPath:
    """The page of the actor most posts of ``srcdir`` list in their front matter."""
    counts: Counter[str] = Counter()
    for path in srcdir.glob(POST_GLOB):
        counts.update(front_matter(path.read_text(encoding="utf-8")).get("actors") or [])
    if not counts:
        raise SystemExit(f"{srcdir / 'posts'}: no post mentions an actor")
    return PurePosixPath("actors", f"{counts.most_common(1)[0][0]}.md")


PROFILE_EDIT = "Edited for the benchmark: "


def edit_profile(text: str) -> str:
    """``text`` (an actor page) with the first sentence of its profile changed.

    The first prose line after the front matter and the heading gets :data:`PROFILE_EDIT`
    in front of it; a page without prose gets a sentence of it.
    """
    lines = text.split("\n")
    split = split_front_matter(text)
    start = split.body_line - 1 if split else 0
    for number in range(start, len(lines)):
        stripped = lines[number].strip()
        if stripped and not stripped.startswith(("#", ":::", "```", "- ", "* ", "|", ">")):
            lines[number] = PROFILE_EDIT + lines[number].lstrip()
            return "\n".join(lines)
    return text.rstrip("\n") + f"\n\n{PROFILE_EDIT}this page had no prose.\n"


# -- the stock twin ------------------------------------------------------------------------

STOCK_CONF = '''\
"""Stock Sphinx + MyST + furo: the benchmark's baseline, without the bottomline extension."""

project = "bottomline benchmark (stock)"
language = "en"
extensions = ["myst_parser", "sphinx_design"]
exclude_patterns = {exclude_patterns}
html_theme = "furo"
myst_enable_extensions = ["colon_fence"]
'''
#: Settings of the project's ``conf.py`` that are not the extension's and cost the same with
#: or without it (MyST syntax, heading anchors, smart quotes, page options): the stock twin
#: copies them, so the two builds differ only by bottomline.
SHARED_SETTINGS = (
    "language", "myst_enable_extensions", "myst_disable_syntax", "myst_heading_anchors",
    "smartquotes", "html_title", "html_short_title", "html_copy_source", "html_show_sourcelink",
    "html_last_updated_fmt",
)  # fmt: skip
#: The post directives, and the title and class of the admonition that stands in for each.
STOCK_ADMONITIONS = {"bottom-line": "The bottom line", "what-it-means": "What it all means"}
#: The extension's generated listings, which a stock build replaces by this paragraph.
LISTINGS = ("latest-updates", "post-archive", "archive-nav", "outlet-index", "actor-glossary")
LISTING_TEXT = "(A generated listing in the bottomline build; stock Sphinx has none.)"
#: The roles and directives of ours, none of which is left in a stock page.
OUR_MARKUP = ("actor", "actor:ref", "outlet", "feed", *STOCK_ADMONITIONS, *LISTINGS)
BOTTOMLINE_MARKUP_RE = re.compile(r"\{(?:" + "|".join(map(re.escape, OUR_MARKUP)) + r")\}")
_FENCE_RE = re.compile(r"^(?P<indent>\s*)(?P<fence>:{3,}|`{3,})\{(?P<name>[\w:-]+)\}.*$")
_ACTOR_RE = re.compile(r"\{actor(?::ref)?\}`(?P<content>[^`]*)`")
#: Roles whose stock twin is their text: an outlet's name, a feed link's words.
_AS_TEXT_RE = re.compile(r"\{(?:outlet|feed)\}`(?P<content>[^`]*)`")
_EXPLICIT_RE = re.compile(r"^(?P<text>.+?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)


def split_role(content: str) -> tuple[str, str]:
    """A role's ``text <target>`` or ``target``: (text, target)."""
    match = _EXPLICIT_RE.match(content)
    return (match["text"], match["target"]) if match else (content, content)


def _is_closing(line: str, fence: str) -> bool:
    stripped = line.strip()
    return len(stripped) >= len(fence) and set(stripped) == {fence[0]}


def _stock_blocks(lines: list[str]) -> list[str]:
    """The lines with the post directives as admonitions and the listings as a paragraph."""
    out: list[str] = []
    lines_iter = iter(lines)
    for line in lines_iter:
        match = _FENCE_RE.match(line)
        name = match["name"] if match else ""
        if match and name in STOCK_ADMONITIONS:
            indent, fence = match["indent"], match["fence"]
            out += [f"{indent}{fence}{{admonition}} {STOCK_ADMONITIONS[name]}"]
            out += [f"{indent}:class: {name}"]
        elif match and name in LISTINGS:
            for inner in lines_iter:
                if _is_closing(inner, match["fence"]):
                    break
            out.append(match["indent"] + LISTING_TEXT)
        else:
            out.append(line)
    return out


def stock_page(text: str, page: PurePosixPath, actor_slug: Callable[[str], str]) -> str:
    """The stock twin of one page ``page`` (relative to the project) in the bottomline format.

    ``actor_slug`` gives the slug of the actor a role names; post and actor pages (every
    page under ``posts/`` or ``actors/`` but the glossary) are made orphans, as stock
    Sphinx would otherwise warn that no toctree reaches them.
    """
    here = posixpath.dirname(page.as_posix()) or "."

    def link(match: re.Match[str]) -> str:
        shown, target = split_role(match["content"])
        href = posixpath.relpath(f"actors/{actor_slug(target)}.md", here)
        label = re.sub(r"([\\\[\]])", r"\\\1", shown)
        return f"[{label}]({href})"

    lines = _stock_blocks(text.split("\n"))
    body = _AS_TEXT_RE.sub(r"\g<content>", "\n".join(lines))
    body = _ACTOR_RE.sub(link, body)
    if page.parts[0] in ("posts", "actors") and page.name != "index.md":
        body = _with_orphan(body)
    return body


def _with_orphan(text: str) -> str:
    if text.startswith("---\n"):
        return "---\norphan: true\n" + text[len("---\n") :]
    return f"---\norphan: true\n---\n\n{text}"


def conf_value(conf: Path, name: str, default: Any) -> Any:
    """The literal value ``conf.py`` assigns to ``name`` (read, not run), else ``default``."""
    tree = ast.parse(conf.read_text(encoding="utf-8")) if conf.is_file() else ast.Module([], [])
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return ast.literal_eval(node.value)
    return default


class StockTwin:
    """How the pages of a bottomline project ``srcdir`` read for stock Sphinx."""

    def __init__(self, srcdir: Path) -> None:
        from bottomline.registry import load_registry

        self.srcdir = srcdir
        self.registry = load_registry(srcdir / "actors")

    def actor_slug(self, alias: str) -> str:
        actor = self.registry.resolve(alias)
        if actor is None:
            raise ValueError(f"{alias!r} is no actor of {self.srcdir / 'actors'}")
        return actor.slug

    def render(self, page: PurePosixPath, text: str) -> str:
        """The stock twin of ``text``, the page ``page`` of the project."""
        return stock_page(text, page, self.actor_slug)

    def conf(self) -> str:
        """The stock ``conf.py``: the project's exclude patterns and shared settings, nothing
        of ours."""
        conf = self.srcdir / "conf.py"
        exclude = conf_value(conf, "exclude_patterns", ["_build"])
        text = STOCK_CONF.format(exclude_patterns=json.dumps(list(exclude)))
        missing = object()
        for name in SHARED_SETTINGS:
            value = conf_value(conf, name, missing)
            if value is not missing:
                if name == "myst_enable_extensions":
                    value = sorted({"colon_fence", *value})
                text += f"{name} = {value!r}\n"
        return text

    def write(self, outdir: Path) -> list[Path]:
        """Write the twin into ``outdir``: the stock ``conf.py`` and every page; the pages.

        Nothing else of the project is copied (no templates or static files of ours).
        """
        outdir.mkdir(parents=True, exist_ok=True)
        (outdir / "conf.py").write_text(self.conf(), encoding="utf-8")
        pages = {
            page: self.render(page, (self.srcdir / page).read_text(encoding="utf-8"))
            for page in self.pages()
        }
        return write_pages(outdir, pages)

    def pages(self) -> list[PurePosixPath]:
        """The project's Markdown pages (not under ``_build``, ``_templates``, hidden dirs)."""
        return sorted(
            PurePosixPath(path.relative_to(self.srcdir).as_posix())
            for path in self.srcdir.rglob("*.md")
            if not any(part.startswith(("_", ".")) for part in path.relative_to(self.srcdir).parts)
        )


def write_stock_twin(srcdir: Path, outdir: Path) -> list[Path]:
    """Write the stock twin of the bottomline project ``srcdir`` into ``outdir``; its pages."""
    return StockTwin(srcdir).write(outdir)


def write_pages(root: Path, pages: Mapping[PurePosixPath, str | None]) -> list[Path]:
    """Write each page's text under ``root`` (``None``: delete the page); the paths written."""
    written = []
    for page, text in pages.items():
        path = root / page
        if text is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


# -- building ------------------------------------------------------------------------------

# Runs the command given and prints its exit status and peak memory: each build needs a
# wrapper of its own, as the benchmark's RUSAGE_CHILDREN is the peak over all its children.
_RUSAGE_WRAPPER = (
    "import resource, subprocess, sys, json;"
    "r = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
    "sys.stderr.write(r.stderr);"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN);"
    "print(json.dumps({'rc': r.returncode, 'maxrss_kb': u.ru_maxrss}))"
)


@dataclass(frozen=True)
class Variant:
    """One of the two projects compared: its sources, its build, how its pages read."""

    name: str
    srcdir: Path
    outdir: Path
    doctrees: Path
    #: A page in the bottomline format as this project has it: (page, text) -> text.
    render: Callable[[PurePosixPath, str], str]

    @classmethod
    def in_workdir(
        cls, workdir: Path, name: str, render: Callable[[PurePosixPath, str], str]
    ) -> Variant:
        """``<workdir>/<name>/``: ``src`` (the project), ``html`` and ``doctrees``."""
        root = workdir / name
        return cls(name, root / "src", root / "html", root / "doctrees", render)


def unchanged(page: PurePosixPath, text: str) -> str:
    """Our project's pages are in the bottomline format already."""
    return text


@dataclass(frozen=True)
class Run:
    """One sphinx-build: wall time, its peak memory, warnings, the HTML pages it wrote."""

    seconds: float
    peak_mb: float
    warnings: int
    written: int  # HTML files created or rewritten (their mtime changed)
    changed: int  # those of them whose bytes changed


def sphinx_command(variant: Variant, jobs: str, fresh: bool) -> list[str]:
    """``sphinx-build -b html`` of ``variant``, ``-E`` if ``fresh``, always the same doctrees."""
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "--no-color", "-j", jobs]
    command += ["-E"] if fresh else []
    return [*command, "-d", str(variant.doctrees), str(variant.srcdir), str(variant.outdir)]


def build(variant: Variant, jobs: str = "auto", fresh: bool = False) -> Run:
    """A sphinx-build of ``variant`` in a child process, incremental unless ``fresh``."""
    before = html_state(variant.outdir)
    command = [sys.executable, "-c", _RUSAGE_WRAPPER, *sphinx_command(variant, jobs, fresh)]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    report = json.loads(result.stdout.strip().splitlines()[-1])
    if report["rc"] != 0:
        raise SystemExit(f"sphinx-build failed ({variant.name}):\n{result.stderr[-3000:]}")
    written, changed = pages_written(before, html_state(variant.outdir))
    warnings = result.stderr.count("WARNING")
    return Run(seconds, report["maxrss_kb"] / 1024, warnings, written, changed)


def html_state(outdir: Path) -> dict[str, tuple[int, bytes]]:
    """Every HTML file under ``outdir``: its modification time (ns) and a digest of it."""
    return {
        path.relative_to(outdir).as_posix(): (
            path.stat().st_mtime_ns,
            hashlib.blake2b(path.read_bytes(), digest_size=16).digest(),
        )
        for path in outdir.rglob("*.html")
    }


def pages_written(
    before: Mapping[str, tuple[int, bytes]], after: Mapping[str, tuple[int, bytes]]
) -> tuple[int, int]:
    """How many pages a build wrote (new or a new mtime), and how many of them changed."""
    written = [page for page, (mtime, _) in after.items() if before.get(page, (None,))[0] != mtime]
    changed = [page for page in written if page not in before or before[page][1] != after[page][1]]
    return len(written), len(changed)


def read_page(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None


# -- scenarios -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Bench:
    """What the scenarios share: the projects (stock first), ``-j``, what they change."""

    variants: tuple[Variant, ...]
    jobs: str
    added: tuple[PurePosixPath, str]  # the update add-one writes, in the bottomline format
    actor_page: PurePosixPath  # the actor page edit-actor edits

    def variant(self, name: str) -> Variant:
        return next(v for v in self.variants if v.name == name)


def changed_build(bench: Bench, variant: Variant, pages: Mapping[PurePosixPath, str]) -> Run:
    """An incremental build after writing ``pages``, then the sources and build put back.

    Putting back (the old pages, an untimed build) leaves, as before this, an up-to-date
    build of the generated sources: where the next timed build starts.
    """
    originals = {page: read_page(variant.srcdir / page) for page in pages}
    write_pages(variant.srcdir, pages)
    run = build(variant, bench.jobs)
    write_pages(variant.srcdir, originals)
    for page, text in originals.items():
        if text is None:  # Sphinx leaves the HTML of a deleted page: so would the next run
            variant.outdir.joinpath(page).with_suffix(".html").unlink(missing_ok=True)
    build(variant, bench.jobs)
    return run


def full_serial(bench: Bench, variant: Variant) -> Run:
    """A clean build (``-E``) in one process."""
    return build(variant, "1", fresh=True)


def full_parallel(bench: Bench, variant: Variant) -> Run:
    """A clean build (``-E``) at ``-j JOBS``."""
    return build(variant, bench.jobs, fresh=True)


def noop(bench: Bench, variant: Variant) -> Run:
    """An incremental build with nothing changed."""
    return build(variant, bench.jobs)


def add_one(bench: Bench, variant: Variant) -> Run:
    """An incremental build after one new update, dated on the archive's middle day."""
    page, text = bench.added
    return changed_build(bench, variant, {page: variant.render(page, text)})


def edit_actor(bench: Bench, variant: Variant) -> Run:
    """An incremental build after one sentence of the most mentioned actor's profile changed."""
    text = (variant.srcdir / bench.actor_page).read_text(encoding="utf-8")
    return changed_build(bench, variant, {bench.actor_page: edit_profile(text)})


@dataclass(frozen=True)
class Scenario:
    name: str
    label: str  # for the table; ``{jobs}`` is the -j of the run
    incremental: bool  # starts from an up-to-date build
    run: Callable[[Bench, Variant], Run]


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        Scenario("full-serial", "full build -E -j 1", False, full_serial),
        Scenario("full-parallel", "full build -E -j {jobs}", False, full_parallel),
        Scenario("noop", "no-op rebuild", True, noop),
        Scenario("add-one", "add one update", True, add_one),
        Scenario("edit-actor", "edit one actor profile", True, edit_actor),
    )
}


def parse_scenarios(text: str) -> list[str]:
    """``noop,add-one`` (or ``all``): the scenario names, in the order they run."""
    names = {name.strip() for name in text.split(",") if name.strip()}
    if names == {"all"}:
        return list(SCENARIOS)
    unknown = names - set(SCENARIOS)
    if unknown or not names:
        known = ", ".join(SCENARIOS)
        raise argparse.ArgumentTypeError(f"unknown scenario {sorted(unknown)}; known: {known}")
    return [name for name in SCENARIOS if name in names]


def prepare(count: int, workdir: Path, base: Path, jobs: str, seed: int = 2025) -> Bench:
    """Generate ``count`` posts into ``<workdir>/ours/src``, its stock twin into ``stock/src``."""
    ours = Variant.in_workdir(workdir, "ours", unchanged)
    shutil.rmtree(workdir / ours.name, ignore_errors=True)
    generate_archive(count, ours.srcdir, base, seed)
    twin = StockTwin(ours.srcdir)
    stock = Variant.in_workdir(workdir, "stock", twin.render)
    shutil.rmtree(workdir / stock.name, ignore_errors=True)
    twin.write(stock.srcdir)
    return Bench(
        variants=(stock, ours),
        jobs=jobs,
        added=extra_post(ours.srcdir, base, seed + 1),
        actor_page=most_mentioned_actor(ours.srcdir),
    )


def run_scenarios(
    bench: Bench, names: Iterable[str], repeat: int
) -> dict[str, dict[str, list[Run]]]:
    """Every scenario ``repeat`` times on every variant, alternating: stock, ours, stock, ...

    Without a full build among ``names``, each variant is built once (untimed) first.
    """
    names = list(names)
    runs: dict[str, dict[str, list[Run]]] = {
        name: {v.name: [] for v in bench.variants} for name in names
    }
    if all(SCENARIOS[name].incremental for name in names):
        for variant in bench.variants:
            build(variant, bench.jobs, fresh=True)
    for _ in range(repeat):
        for name in names:
            for variant in bench.variants:
                runs[name][variant.name].append(SCENARIOS[name].run(bench, variant))
    return runs


# -- reporting -----------------------------------------------------------------------------


def median_seconds(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def summarise(runs: list[Run]) -> dict[str, Any]:
    """Medians of ``runs`` (the most warnings any had), and every run."""
    return {
        "seconds": round(median_seconds(runs), 2),
        "peak_mb": round(statistics.median(r.peak_mb for r in runs)),
        "warnings": max(r.warnings for r in runs),
        "written": statistics.median_low(r.written for r in runs),
        "changed": statistics.median_low(r.changed for r in runs),
        "runs": [
            {**asdict(r), "seconds": round(r.seconds, 3), "peak_mb": round(r.peak_mb, 1)}
            for r in runs
        ],
    }


def ratio(ours: float, stock: float) -> float | None:
    return round(ours / stock, 3) if stock > 0 else None


def scenario_report(bench: Bench, runs: dict[str, dict[str, list[Run]]]) -> dict[str, Any]:
    """Per scenario: its label, each variant's summary, and the time ratio ours / stock."""
    report = {}
    for name, by_variant in runs.items():
        report[name] = {
            "label": SCENARIOS[name].label.format(jobs=bench.jobs),
            **{variant: summarise(variant_runs) for variant, variant_runs in by_variant.items()},
            "ratio": ratio(median_seconds(by_variant["ours"]), median_seconds(by_variant["stock"])),
        }
    return report


def sizes(path: Path) -> tuple[int, int]:
    """``path`` raw and gzipped (0, 0 if there is no such file)."""
    if not path.is_file():
        return 0, 0
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=9))


def index_report(ours: Path, stock: Path, count: int) -> dict[str, Any]:
    """Our search index (and metadata) against stock Sphinx's ``searchindex.js``."""
    stock_raw, stock_gz = sizes(stock / "searchindex.js")
    index_raw, index_gz = sizes(ours / "searchindex.js")
    meta_raw, meta_gz = sizes(ours / "bottomline-searchmeta.js")

    def share(size: int, of: int) -> float | None:
        return round(size / of - 1, 3) if of else None

    phrase_files = sorted(p for p in (ours / "bottomline-phrases").rglob("*") if p.is_file())
    phrase_sizes = [sizes(path) for path in phrase_files]
    return {
        "stock_index": {"raw": stock_raw, "gzip": stock_gz},
        "search_index": {"raw": index_raw, "gzip": index_gz},
        "search_meta": {"raw": meta_raw, "gzip": meta_gz},
        # Loaded only for a quoted phrase, each file gzipped on its own.
        "phrases": {
            "files": len(phrase_files),
            "raw": sum(raw for raw, _ in phrase_sizes),
            "gzip": sum(gz for _, gz in phrase_sizes),
        },
        "bytes_per_update": {
            "stock_raw": round(stock_raw / count),
            "search_raw": round((index_raw + meta_raw) / count),
            "search_gzip": round((index_gz + meta_gz) / count),
        },
        "extension_share": {
            "index_only_raw": share(index_raw, stock_raw),
            "index_only_gzip": share(index_gz, stock_gz),
            "with_meta_raw": share(index_raw + meta_raw, stock_raw),
            "with_meta_gzip": share(index_gz + meta_gz, stock_gz),
        },
    }


def machine() -> dict[str, Any]:
    """Where and with what the figures were measured."""
    versions: dict[str, str | None] = {}
    for dist in ("sphinx", "myst-parser", "sphinx-design", "furo", "docutils"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    return {
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
    }


def time_keystrokes(site: Path, queries: list[str]) -> dict[str, Any]:
    """Index load time and keystroke-to-rendered-results times in headless Chromium."""
    from playwright.sync_api import sync_playwright

    from bottomline.search_check import launch_chromium, serve

    posts = sorted(site.glob("posts/*/*.html"))
    page_path = posts[len(posts) // 2].relative_to(site).as_posix() if posts else "index.html"
    timings: list[float] = []
    engine: list[float] = []
    with serve(site) as url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page()
            page.goto(url + page_path)
            load_ms = page.evaluate(
                "async () => { const t = performance.now(); await BottomlineSearch.ready();"
                " return performance.now() - t; }"
            )
            box = page.locator("input.sidebar-search").first
            for query in queries:
                box.fill("")
                box.focus()
                for i, char in enumerate(query):
                    page.keyboard.type(char)
                    typed = query[: i + 1]
                    if len(typed.strip()) < 2:
                        continue
                    page.wait_for_function(
                        "(q) => { const l = document.querySelector('.bl-suggest');"
                        " return l && l.dataset.renderedQuery === q; }",
                        arg=typed,
                    )
                    stats = page.evaluate("() => BottomlineSearch.stats")
                    timings.append(stats["lastInputToRenderMs"])
                    engine.append(stats["lastQueryMs"])
        finally:
            browser.close()
    timings.sort()
    return {
        "page": page_path,
        "index_load_ms": round(load_ms, 1),
        "keystrokes": len(timings),
        "render_ms_median": round(statistics.median(timings), 1),
        "render_ms_p95": round(timings[int(0.95 * (len(timings) - 1))], 1),
        "render_ms_max": round(timings[-1], 1),
        "query_ms_median": round(statistics.median(engine), 2),
    }


BENCH_QUERIES = (
    "Kata'ib Hezbollah", "kataib", "al-Nujaba", "Nujaba", "الحشد الشعبي", "central bank",
    "dollar auction", "budget tables", "KH", "Sudani", "oil exports", "sanctions", "PMF",
)  # fmt: skip


#: How many raw updates the ingest figures of a size import at most, in each shape.
INGEST_SAMPLE = 500
#: The entries of the ``--feed-5000`` feed.
FEED_ENTRIES = 5000
INGEST_SEED = 2027


def raw_sample(count: int, base: Path, seed: int = INGEST_SEED) -> list[Any]:
    """``count`` seeded raw updates (:func:`bottomline.bench_ingest.raw_updates`)."""
    from bottomline.bench_ingest import raw_updates

    return raw_updates(count, Writer.for_archive(base, base / "actors", seed))


def measure_ingest(count: int, base: Path, repeat: int, workdir: Path) -> dict[str, Any]:
    """Ingest rates of ``count`` raw updates in every shape, into empty archives under
    ``workdir``, with the real registry of ``base``."""
    from bottomline.bench_ingest import ingest_figures

    return {
        "sample": count,
        **ingest_figures(raw_sample(count, base), base / "actors", repeat, workdir),
    }


def measure_feed(base: Path, workdir: Path, entries: int = FEED_ENTRIES) -> dict[str, Any]:
    """A feed of ``entries`` updates through ``python -m bottomline ingest`` (a child process)."""
    from bottomline.bench_ingest import time_feed_cli

    return time_feed_cli(raw_sample(entries, base), base / "actors", workdir)


def measure(
    count: int,
    workdir: Path,
    base: Path,
    jobs: str = "auto",
    browser: bool = True,
    scenarios: Iterable[str] = tuple(SCENARIOS),
    repeat: int = 3,
    ingest_sample: int = INGEST_SAMPLE,
) -> dict[str, Any]:
    """Generate ``count`` posts and their stock twin, run ``scenarios`` on both, measure.

    Then, unless ``ingest_sample`` is 0, import min(``count``, ``ingest_sample``) raw
    updates in each shape of :mod:`bottomline.bench_ingest`, ``repeat`` times each.
    """
    started = machine()
    bench = prepare(count, workdir, base, jobs)
    runs = run_scenarios(bench, scenarios, repeat)
    ours, stock = bench.variant("ours"), bench.variant("stock")
    report: dict[str, Any] = {
        "posts": count,
        "jobs": jobs,
        "repeat": repeat,
        "order": [v.name for v in bench.variants],
        "added": bench.added[0].as_posix(),
        "actor_page": bench.actor_page.as_posix(),
        "machine": started,
        "load_average_after": machine()["load_average"],
        "scenarios": scenario_report(bench, runs),
        **index_report(ours.outdir, stock.outdir, count),
    }
    if browser:
        report["browser"] = time_keystrokes(ours.outdir, list(BENCH_QUERIES))
    if ingest_sample > 0:
        report["ingest"] = measure_ingest(min(count, ingest_sample), base, repeat, workdir)
    return report


def format_table(rows: list[tuple[str, ...]]) -> str:
    """``rows`` (the first is the header) as aligned columns, the first left-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]

    def line(row: tuple[str, ...]) -> str:
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        return "  ".join(cells).rstrip()

    return "\n".join([line(rows[0]), "  ".join("-" * w for w in widths), *map(line, rows[1:])])


def scenario_rows(scenarios: Mapping[str, Any]) -> list[tuple[str, ...]]:
    """The table of :func:`print_report`: one row per scenario; "a/b" cells are ours/stock."""
    rows: list[tuple[str, ...]] = [
        ("scenario", "ours", "stock", "ratio", "pages written (ours/stock)", "changed", "peak MB")
    ]
    for result in scenarios.values():
        ours, stock, times = result["ours"], result["stock"], result["ratio"]
        pairs = (f"{ours[key]}/{stock[key]}" for key in ("written", "changed", "peak_mb"))
        rows.append(
            (
                result["label"],
                f"{ours['seconds']:.2f} s",
                f"{stock['seconds']:.2f} s",
                "-" if times is None else f"{times:.2f}x",
                *pairs,
            )
        )
    return rows


def print_report(report: dict[str, Any]) -> None:
    kib = 1024
    order = ", ".join(report["order"])
    load = "/".join(f"{x:.2f}" for x in report["machine"]["load_average"])
    print(
        f"Synthetic archive: {report['posts']} updates, -j {report['jobs']} on"
        f" {report['machine']['cpus']} CPUs (load average {load} at the start);"
        f" medians of {report['repeat']} runs, alternating {order}"
    )
    print(format_table(scenario_rows(report["scenarios"])))
    for result in report["scenarios"].values():
        ours, stock = result["ours"], result["stock"]
        if ours["warnings"] or stock["warnings"]:
            print(f"  {result['label']}: {ours['warnings']} / {stock['warnings']} warnings")
    files = (
        ("stock_index", "stock searchindex.js"),
        ("search_index", "searchindex.js"),
        ("search_meta", "bottomline-searchmeta.js"),
    )
    for key, label in files:
        raw, gz = report[key]["raw"] / kib, report[key]["gzip"] / kib
        print(f"  {label:26} {raw:9.1f} KiB raw {gz:8.1f} KiB gzip")
    per = report["bytes_per_update"]
    print(
        f"  bytes per update: stock {per['stock_raw']} raw;"
        f" with search {per['search_raw']} raw, {per['search_gzip']} gzip"
    )
    share = report["extension_share"]
    if None not in share.values():
        print(
            f"  extension adds: index {share['index_only_raw']:+.1%} raw"
            f" ({share['index_only_gzip']:+.1%} gzip); index + metadata"
            f" {share['with_meta_raw']:+.1%} raw ({share['with_meta_gzip']:+.1%} gzip)"
            "  [goal: at most +25%]"
        )
    if "browser" in report:
        b = report["browser"]
        print(
            f"  Chromium: index + metadata loaded in {b['index_load_ms']} ms;"
            f" keystroke -> rendered results over {b['keystrokes']} keystrokes:"
            f" median {b['render_ms_median']} ms, p95 {b['render_ms_p95']} ms,"
            f" max {b['render_ms_max']} ms (engine median {b['query_ms_median']} ms)"
            "  [goal: within 50 ms]"
        )
    if "ingest" in report:
        rates = ", ".join(
            f"{INGEST_LABELS[shape]} {figures['per_second']:.0f}/s"
            for shape, figures in report["ingest"].items()
            if shape in INGEST_LABELS
        )
        print(f"  ingest of {report['ingest']['sample']} raw updates: {rates}")


# -- results.json, the BENCHMARKS.md tables, the plot ---------------------------------------

INGEST_LABELS = {"text": "copied text", "html": "Blogger pages", "feed": "Atom feed"}
#: The key of each ingest shape's rate (updates per second) in results.json.
INGEST_KEYS = {"text": "ingest_per_s", "html": "ingest_html_per_s", "feed": "ingest_feed_per_s"}
#: The stem of each scenario's keys in results.json (``<stem>_s``, ``stock_<stem>_s``).
RESULT_KEYS = {
    "full-serial": "build_j1",
    "full-parallel": "build_jauto",
    "noop": "noop",
    "add-one": "add_one",
    "edit-actor": "edit_actor",
}
#: Keys every size of results.json has (``None`` where not measured: a scenario left out,
#: ``--no-browser``, no ``--feed-5000``).
REQUIRED_KEYS = (
    "n", "ingest_sample", "ingest_per_s", "ingest_html_per_s", "ingest_feed_per_s",
    "build_j1_s", "build_jauto_s", "stock_build_j1_s", "stock_build_jauto_s", "ratio_to_stock",
    "jauto_speedup", "stock_jauto_speedup", "noop_s", "stock_noop_s", "add_one_s",
    "stock_add_one_s", "add_one_pages_written", "stock_add_one_pages_written", "edit_actor_s",
    "stock_edit_actor_s", "peak_rss_mib", "stock_peak_rss_mib", "index_bytes",
    "index_gzip_bytes", "stock_index_bytes", "stock_index_gzip_bytes", "phrases_bytes",
    "phrases_gzip_bytes", "query_ms_median", "feed_5000_s",
)  # fmt: skip
RESULTS_START = "<!-- results:start -->"
RESULTS_END = "<!-- results:end -->"
PAYLOAD_LABELS = {"ours": "ours: searchindex.js + searchmeta", "stock": "stock: searchindex.js"}
PLOT_ALT = "Build time and search payload against archive size"
VARIANTS = ("ours", "stock")


def size_results(
    report: Mapping[str, Any], feed: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """One size's figures (a :func:`measure` report) as results.json has them: flat medians,
    the ratios, and under ``runs`` every run's value behind each median."""
    scenarios = report["scenarios"]
    out: dict[str, Any] = {"n": report["posts"], "jobs": report["jobs"], "repeat": report["repeat"]}
    runs: dict[str, dict[str, list[float]]] = {}
    ratios: dict[str, float | None] = {}
    for name, stem in RESULT_KEYS.items():
        result = scenarios.get(name)
        if result is not None:
            runs[f"{stem}_s"] = {v: [r["seconds"] for r in result[v]["runs"]] for v in VARIANTS}
        for prefix, variant in (("", "ours"), ("stock_", "stock")):
            seconds = runs[f"{stem}_s"][variant] if result else None
            out[f"{prefix}{stem}_s"] = round(statistics.median(seconds), 3) if seconds else None
        ratios[stem.removeprefix("build_")] = result["ratio"] if result else None
    out["ratio_to_stock"] = ratios

    def speedup(variant: str) -> float | None:
        serial, parallel = runs.get("build_j1_s"), runs.get("build_jauto_s")
        if serial is None or parallel is None:
            return None
        return ratio(statistics.median(serial[variant]), statistics.median(parallel[variant]))

    out["jauto_speedup"], out["stock_jauto_speedup"] = speedup("ours"), speedup("stock")
    add = scenarios.get("add-one")
    for prefix, variant in (("", "ours"), ("stock_", "stock")):
        out[f"{prefix}add_one_pages_written"] = add[variant]["written"] if add else None
        out[f"{prefix}add_one_pages_changed"] = add[variant]["changed"] if add else None
    if add is not None:
        runs["add_one_pages_written"] = {
            v: [r["written"] for r in add[v]["runs"]] for v in VARIANTS
        }
    # The peak of a repeat: the largest child of any of its scenarios.
    peaks = {
        v: [max(result[v]["runs"][i]["peak_mb"] for result in scenarios.values())
            for i in range(report["repeat"])]
        for v in VARIANTS
    } if scenarios else {}  # fmt: skip
    if peaks:
        runs["peak_rss_mib"] = peaks
    for prefix, variant in (("", "ours"), ("stock_", "stock")):
        peak = statistics.median(peaks[variant]) if peaks else None
        out[f"{prefix}peak_rss_mib"] = None if peak is None else round(peak, 1)
    index, meta, stock = report["search_index"], report["search_meta"], report["stock_index"]
    out["index_bytes"] = index["raw"] + meta["raw"]
    out["index_gzip_bytes"] = index["gzip"] + meta["gzip"]
    out["stock_index_bytes"] = stock["raw"]
    out["stock_index_gzip_bytes"] = stock["gzip"]
    out["index_gzip_ratio_to_stock"] = ratio(out["index_gzip_bytes"], stock["gzip"])
    phrases = report.get("phrases") or {}
    out["phrases_files"] = phrases.get("files")
    out["phrases_bytes"] = phrases.get("raw")
    out["phrases_gzip_bytes"] = phrases.get("gzip")
    browser = report.get("browser") or {}
    for key in ("query_ms_median", "render_ms_median", "render_ms_p95", "index_load_ms"):
        out[key] = browser.get(key)
    ingest = report.get("ingest") or {}
    out["ingest_sample"] = ingest.get("sample")
    for shape, key in INGEST_KEYS.items():
        figures = ingest.get(shape)
        out[key] = figures["per_second"] if figures else None
        if figures:
            runs[key] = {"ours": figures["runs_per_second"]}
    out["feed_5000_s"] = feed["seconds"] if feed else None
    out["machine"] = report["machine"]
    out["load_average_after"] = report["load_average_after"]
    out["runs"] = runs
    return out


def git_commit(base: Path) -> str | None:
    """The short commit of the repository ``base`` (``+dirty`` with changes), if it is one."""
    try:
        commit = subprocess.run(
            ["git", "-C", str(base), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        dirty = subprocess.run(
            ["git", "-C", str(base), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return None
    return commit + ("+dirty" if dirty else "")


def results_document(
    reports: list[dict[str, Any]],
    command: str,
    feed: Mapping[str, Any] | None = None,
    commit: str | None = None,
) -> dict[str, Any]:
    """results.json: how it was made, the ``--feed-5000`` figure, and one object per size."""
    return {
        "command": command,
        "commit": commit,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "feed_5000": dict(feed) if feed else None,
        "sizes": [size_results(report, feed) for report in reports],
    }


def _number(value: float | None, unit: str = "", digits: int = 2) -> str:
    return "–" if value is None else f"{value:,.{digits}f}{unit}"


def _span(values: list[float] | None, unit: str = "", digits: int = 2) -> str:
    if not values:
        return "–"
    low, high = min(values), max(values)
    return f"{low:,.{digits}f}–{high:,.{digits}f}{unit}"


def _times(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def size_table(size: Mapping[str, Any]) -> list[str]:
    """The Markdown table of one size of results.json, with where and how it was measured."""
    runs = size.get("runs", {})
    jobs = size["jobs"]

    def measured(label: str, key: str, unit: str, digits: int, ratio_of: float | None) -> str:
        spread = runs.get(key, {})
        cells = [
            label,
            _number(size.get(key), unit, digits),
            _span(spread.get("ours"), unit, digits),
            _number(size.get(f"stock_{key}"), unit, digits),
            _span(spread.get("stock"), unit, digits),
            _times(ratio_of),
        ]
        return "| " + " | ".join(cells) + " |"

    def ours_only(label: str, value: str, spread: str = "–") -> str:
        return f"| {label} | {value} | {spread} | – | – | – |"

    ratios = size["ratio_to_stock"]
    kib = 1024
    rows = [
        "| measure | ours (median) | ours (min–max) | stock (median) | stock (min–max) | ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        measured("full build `-E -j 1`", "build_j1_s", " s", 2, ratios.get("j1")),
        measured(f"full build `-E -j {jobs}`", "build_jauto_s", " s", 2, ratios.get("jauto")),
    ]
    if size.get("jauto_speedup") is not None:
        rows.append(
            f"| speed-up `-j {jobs}` over `-j 1` | {_times(size['jauto_speedup'])} | – |"
            f" {_times(size['stock_jauto_speedup'])} | – | – |"
        )
    rows += [
        measured("no-op rebuild", "noop_s", " s", 2, ratios.get("noop")),
        measured("add one update", "add_one_s", " s", 2, ratios.get("add_one")),
        measured("pages written (add one)", "add_one_pages_written", "", 0, None),
        measured("edit one actor profile", "edit_actor_s", " s", 2, ratios.get("edit_actor")),
        measured("peak RSS (largest child)", "peak_rss_mib", " MiB", 0, None),
        f"| search payload, gzip (index + metadata) | {size['index_gzip_bytes'] / kib:,.1f} KiB"
        f" | – | {size['stock_index_gzip_bytes'] / kib:,.1f} KiB | – |"
        f" {_times(size.get('index_gzip_ratio_to_stock'))} |",
        f"| search payload, raw | {size['index_bytes'] / kib:,.1f} KiB | – |"
        f" {size['stock_index_bytes'] / kib:,.1f} KiB | – |"
        f" {_times(ratio(size['index_bytes'], size['stock_index_bytes']))} |",
    ]
    if size.get("phrases_gzip_bytes") is not None:
        rows.append(
            ours_only(
                f"phrase files, gzip (only for a quoted phrase; {size['phrases_files']} files)",
                f"{size['phrases_gzip_bytes'] / kib:,.1f} KiB",
            )
        )
    if size.get("query_ms_median") is not None:
        rows.append(
            ours_only("search engine, median per keystroke", f"{size['query_ms_median']} ms")
        )
        rows.append(ours_only("keystroke to results, median", f"{size['render_ms_median']} ms"))
    for shape, key in INGEST_KEYS.items():
        if size.get(key) is not None:
            rows.append(
                ours_only(
                    f"ingest, {INGEST_LABELS[shape]} ({size['ingest_sample']:,} updates)",
                    f"{size[key]:,.0f}/s",
                    _span(runs.get(key, {}).get("ours"), "/s", 0),
                )
            )
    return rows


def _machine_lines(size: Mapping[str, Any], command: str, when: str) -> list[str]:
    m = size["machine"]
    load = " / ".join(f"{x:.2f}" for x in m["load_average"])
    after = " / ".join(f"{x:.2f}" for x in size["load_average_after"])
    versions = ", ".join(f"{name} {version or '–'}" for name, version in m["versions"].items())
    return [
        f"- Machine: {m['cpus']} CPUs, load average {load} at the start, {after} at the end;"
        f" {m['platform']}; Python {m['python']}.",
        f"- Versions: {versions}.",
        f"- Command: `{command}`" + (f" ({when})." if when else "."),
        f"- Medians of {size['repeat']} alternated runs (stock, ours), `-j {size['jobs']}`;"
        " peak RSS is the largest build process of a run (`ru_maxrss`).",
    ]


def markdown_section(results: Mapping[str, Any], plot: str | None = None) -> str:
    """The generated section of BENCHMARKS.md, markers included: per size its table."""
    when = ", ".join(str(x) for x in (results.get("commit"), results.get("date")) if x)
    lines = [
        RESULTS_START,
        "<!-- Written by python -m bottomline.bench (--markdown): edit outside the markers. -->",
        "",
    ]
    if plot:
        lines += [f"![{PLOT_ALT}]({plot})", ""]
    for size in results["sizes"]:
        lines += [f"### {size['n']:,} updates", ""]
        lines += [*_machine_lines(size, results["command"], when), ""]
        lines += [*size_table(size), ""]
    feed = results.get("feed_5000")
    if feed:
        lines += [
            f"A feed of {feed['entries']:,} entries through `{feed['command']}`, in a child"
            f" process: {feed['seconds']:.2f} s ({feed['per_second']:,.0f} updates/s;"
            f" {feed['summary']}).",
            "",
        ]
    lines.append(RESULTS_END)
    return "\n".join(lines)


def _marker_line(marker: str) -> re.Pattern[str]:
    return re.compile(rf"^[ \t]*{re.escape(marker)}[ \t]*$\n?", re.MULTILINE)


def replace_generated(text: str, section: str) -> str:
    """``text`` with what is between the results markers (them included, each on a line of
    its own) replaced by ``section``; without the markers, ``section`` is appended."""
    start = _marker_line(RESULTS_START).search(text)
    end = _marker_line(RESULTS_END).search(text, start.end() if start else 0)
    if start is None and not _marker_line(RESULTS_END).search(text):
        return text.rstrip("\n") + "\n\n" + section + "\n"
    if start is None or end is None:
        raise ValueError(
            f"{RESULTS_START} or {RESULTS_END} is missing (each on a line of its own), "
            "or out of order"
        )
    return text[: start.start()] + section + "\n" + text[end.end() :]


def write_markdown(path: Path, results: Mapping[str, Any], plot: Path | None = None) -> None:
    """Update the generated section of ``path`` (e.g. BENCHMARKS.md), keeping the rest."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    link = None
    if plot is not None:
        link = Path(os.path.relpath(plot.resolve(), path.resolve().parent)).as_posix()
    path.write_text(replace_generated(text, markdown_section(results, link)), encoding="utf-8")


def write_plot(results: Mapping[str, Any], path: Path) -> None:
    """``path``, a PNG: full build time (``-j auto``, ``-j 1``) and the gzipped search payload
    against N, ours and stock (needs matplotlib: the ``bench`` extra)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import StrMethodFormatter

    by_size = sorted(results["sizes"], key=lambda size: size["n"])
    figure = Figure(figsize=(10, 4.2), dpi=120, layout="constrained")
    times, payload = figure.subplots(1, 2)
    colours = {"ours": "tab:blue", "stock": "tab:orange"}
    for stem, style, jobs in (("build_jauto_s", "o-", "auto"), ("build_j1_s", "s--", "1")):
        for variant, prefix in (("ours", ""), ("stock", "stock_")):
            points = [size for size in by_size if size.get(prefix + stem) is not None]
            if not points:
                continue
            medians = [size[prefix + stem] for size in points]
            spreads = [
                size.get("runs", {}).get(stem, {}).get(variant) or [m]
                for size, m in zip(points, medians, strict=True)
            ]
            errors = [
                [max(m - min(s), 0) for m, s in zip(medians, spreads, strict=True)],
                [max(max(s) - m, 0) for m, s in zip(medians, spreads, strict=True)],
            ]
            label_jobs = points[0]["jobs"] if jobs == "auto" else "1"
            times.errorbar(
                [size["n"] for size in points],
                medians,
                yerr=errors,
                fmt=style,
                color=colours[variant],
                capsize=3,
                label=f"{variant}, -j {label_jobs}",
            )
    times.set(title="Full build (-E), median and min–max", xlabel="updates (N)", ylabel="seconds")
    for variant, key in (("ours", "index_gzip_bytes"), ("stock", "stock_index_gzip_bytes")):
        payload.plot(
            [size["n"] for size in by_size],
            [size[key] / 1024 for size in by_size],
            "o-",
            color=colours[variant],
            label=PAYLOAD_LABELS[variant],
        )
    payload.set(
        title="Search payload before the first result", xlabel="updates (N)", ylabel="KiB, gzip"
    )
    for axes in (times, payload):
        axes.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        axes.set_xlim(0, max(size["n"] for size in by_size) * 1.08)
        axes.set_ylim(0, axes.get_ylim()[1] * 1.1)
        axes.grid(True, alpha=0.3)
        if axes.get_legend_handles_labels()[0]:
            axes.legend()
        else:
            axes.text(0.5, 0.5, "not measured", ha="center", transform=axes.transAxes)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png", metadata={"Software": None})


def write_outputs(
    results: Mapping[str, Any],
    results_path: Path | None = None,
    markdown: Path | None = None,
    plot: Path | None = None,
) -> None:
    """Write results.json, the plot and the generated section of BENCHMARKS.md (each if asked)."""
    if results_path is not None:
        results_path.parent.mkdir(parents=True, exist_ok=True)
        results_path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {results_path}")
    if plot is not None:
        write_plot(results, plot)
        print(f"wrote {plot}")
    if markdown is not None:
        write_markdown(markdown, results, plot)
        print(f"updated the generated section of {markdown}")


# -- command line --------------------------------------------------------------------------


def _add_gen_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("count", type=int, metavar="N", help="how many updates")
    parser.add_argument("outdir", type=Path, metavar="OUTDIR", help="the Sphinx project to write")
    parser.add_argument(
        "--base", type=Path, default=Path.cwd(), help="the real site to copy actors/ from (.)"
    )
    parser.add_argument("--seed", type=int, default=2025, help="random seed (2025)")
    parser.add_argument(
        "--stock", type=Path, metavar="DIR", help="also write its stock twin (no extension) here"
    )
    parser.set_defaults(func=run_gen)


def run_gen(args: argparse.Namespace) -> int:
    posts = generate_archive(args.count, args.outdir, args.base, args.seed)
    print(f"wrote {len(posts)} posts into {args.outdir / 'posts'}")
    if args.stock:
        pages = write_stock_twin(args.outdir, args.stock)
        print(f"wrote its stock twin ({len(pages)} pages) into {args.stock}")
    return 0


def add_bench_gen_command(subparsers: argparse._SubParsersAction) -> None:
    """Register ``bottomline bench-gen N OUTDIR``."""
    gen = subparsers.add_parser(
        "bench-gen",
        help="write a synthetic archive of N updates (for the benchmark)",
        description="Write a Sphinx project with N synthetic updates mentioning the real actors.",
    )
    _add_gen_arguments(gen)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _not_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def parse_sizes(text: str) -> list[int]:
    """``200,1000,3000``: the archive sizes, in the order given (each at least 1, once)."""
    sizes: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            raise argparse.ArgumentTypeError(f"empty size in {text!r}; give e.g. 200,1000,3000")
        try:
            value = int(part.replace("_", ""))
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{part!r} is not a number of updates; give e.g. 200,1000,3000"
            ) from None
        if value < 1:
            raise argparse.ArgumentTypeError(f"a size must be at least 1 update, got {value}")
        if value in sizes:
            raise argparse.ArgumentTypeError(f"size {value} is given twice in {text!r}")
        sizes.append(value)
    return sizes


def _render_main(argv: list[str]) -> int:
    """``python -m bottomline.bench render RESULTS``: the tables and plot from results.json."""
    parser = argparse.ArgumentParser(
        prog="python -m bottomline.bench render",
        description="Write the BENCHMARKS.md section and the plot from a results.json again.",
    )
    parser.add_argument("results", type=Path, metavar="RESULTS", help="a results.json")
    parser.add_argument("--markdown", type=Path, metavar="FILE", help="e.g. BENCHMARKS.md")
    parser.add_argument("--plot", type=Path, metavar="FILE", help="e.g. benchmarks/bench.png")
    args = parser.parse_args(argv)
    results = json.loads(args.results.read_text(encoding="utf-8"))
    write_outputs(results, None, args.markdown, args.plot)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bottomline.bench", description=__doc__.split("\n\n")[0]
    )
    size = parser.add_mutually_exclusive_group()
    size.add_argument(
        "--posts",
        type=_positive,
        metavar="N",
        help="one size, N synthetic updates (1000); writes no results files unless asked",
    )
    size.add_argument(
        "--sizes",
        type=parse_sizes,
        metavar="N,N,...",
        help="archive sizes, e.g. 200,1000,3000; writes benchmarks/results.json, "
        "benchmarks/bench.png and the generated section of BENCHMARKS.md",
    )
    parser.add_argument("--base", type=Path, default=Path.cwd(), help="the real site (actors/)")
    parser.add_argument("--workdir", type=Path, help="keep the archives and builds here")
    parser.add_argument(
        "--jobs", default="auto", help="sphinx-build -j for every scenario but full-serial (auto)"
    )
    parser.add_argument(
        "--scenarios",
        type=parse_scenarios,
        default=list(SCENARIOS),
        help=f"comma-separated, run in this order: {','.join(SCENARIOS)} (all)",
    )
    parser.add_argument(
        "--repeat", type=_positive, default=3, help="runs of each scenario; the median (3)"
    )
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium timings")
    parser.add_argument(
        "--ingest-sample",
        type=_not_negative,
        default=INGEST_SAMPLE,
        metavar="K",
        help=f"import min(N, K) raw updates per shape and size; 0: no ingest ({INGEST_SAMPLE})",
    )
    parser.add_argument(
        "--feed-5000",
        action="store_true",
        help=f"also time a {FEED_ENTRIES:,}-entry feed through python -m bottomline ingest",
    )
    parser.add_argument("--json", type=Path, help="also write the full report(s) as JSON here")
    parser.add_argument(
        "--results", type=Path, metavar="FILE", help="results.json (--sizes: benchmarks/...)"
    )
    parser.add_argument(
        "--markdown",
        type=Path,
        metavar="FILE",
        help="update the generated section of FILE (--sizes: BENCHMARKS.md)",
    )
    parser.add_argument(
        "--plot", type=Path, metavar="FILE", help="the PNG plot (--sizes: benchmarks/bench.png)"
    )
    parser.add_argument(
        "--no-write",
        action="store_true",
        help="with --sizes, write only the files --results, --markdown and --plot name",
    )
    return parser


def output_paths(args: argparse.Namespace) -> tuple[Path | None, Path | None, Path | None]:
    """results.json, the Markdown file and the plot to write: those named, and with
    ``--sizes`` (unless ``--no-write``) the repository's own for the others."""
    results_path, markdown, plot = args.results, args.markdown, args.plot
    if args.sizes and not args.no_write:
        results_path = results_path or args.base / "benchmarks" / "results.json"
        markdown = markdown or args.base / "BENCHMARKS.md"
        plot = plot or args.base / "benchmarks" / "bench.png"
    return results_path, markdown, plot


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["gen"]:
        gen = argparse.ArgumentParser(prog="python -m bottomline.bench gen")
        _add_gen_arguments(gen)
        args = gen.parse_args(argv[1:])
        return run_gen(args)
    if argv[:1] == ["render"]:
        return _render_main(argv[1:])
    args = build_parser().parse_args(argv)
    sizes = args.sizes or [args.posts or 1000]
    results_path, markdown, plot = output_paths(args)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bottomline-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    reports: list[dict[str, Any]] = []
    feed = None
    try:
        for count in sizes:
            size_dir = workdir if len(sizes) == 1 else workdir / str(count)
            report = measure(
                count,
                size_dir,
                args.base,
                args.jobs,
                not args.no_browser,
                args.scenarios,
                args.repeat,
                args.ingest_sample,
            )
            if args.workdir is None and size_dir != workdir:
                shutil.rmtree(size_dir, ignore_errors=True)
            print_report(report)
            reports.append(report)
        if args.feed_5000:
            feed = measure_feed(args.base, workdir)
            print(
                f"{feed['entries']:,}-entry feed through bottomline ingest: {feed['seconds']} s"
                f" ({feed['per_second']}/s; {feed['summary']})"
            )
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        full: Any = reports[0] if len(reports) == 1 else reports
        if feed and len(reports) == 1:
            full = {**full, "feed_5000": feed}
        args.json.write_text(json.dumps(full, indent=2), encoding="utf-8")
    command = shlex.join(["python", "-m", "bottomline.bench", *argv])
    results = results_document(reports, command, feed, git_commit(args.base))
    write_outputs(results, results_path, markdown, plot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
