"""The ingest benchmark: synthetic raw updates in the shapes maintainers bring, timed in.

Three shapes, from the same seeded updates (:func:`raw_updates`): text copied from a
post page (one ``.txt`` per update, its name starting with the date, as maintainers save
them), a Blogger post page (one ``.html`` each, Blogger's classic layout), and one Blogger
Atom feed holding them all.  :func:`time_ingest` imports a shape into an empty archive
with the real actor registry, in this process, after one untimed warm-up run, and reports
updates per second.  ``python -m bottomline.bench`` runs it on a sample of each size
(:func:`ingest_figures`), and with ``--feed-5000`` times a 5,000-entry feed through the
real command line in a child process (:func:`time_feed_cli`); BENCHMARKS.md has figures.
"""

from __future__ import annotations

import html
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bottomline.bench import OUTLETS, Actor, Writer

SHAPES = ("text", "html", "feed")
BLOG = "https://benchdesk.example.blogspot.com"


@dataclass
class Bullet:
    text: str
    outlet: str | None
    subs: list[str] = field(default_factory=list)


@dataclass
class RawUpdate:
    """One synthetic update, before it is rendered in a raw shape."""

    number: int
    day: date
    edition: str
    title: str
    bottom_line: str
    sections: list[tuple[str, list[Bullet]]]
    means: list[str]

    @property
    def full_title(self) -> str:
        return f"What's New in Iraq: {self.title} {self.day:%B} {self.day.day}, {self.edition}"

    @property
    def slug(self) -> str:
        return f"update-{self.number:05d}"

    @property
    def url(self) -> str:
        return f"{BLOG}/{self.day:%Y/%m}/{self.slug}.html"

    @property
    def published(self) -> str:
        hour = 8 if self.edition == "AM" else 18
        return f"{self.day.isoformat()}T{hour:02d}:15:00.000-05:00"

    @property
    def post_id(self) -> str:
        return f"{7000000000000000000 + self.number}"


def _plain_sentence(writer: Writer, max_names: int = 2) -> str:
    """A sentence naming actors as plain text, the way the blog writes them."""
    mentioned: list[Actor] = []
    sentence = writer.sentence(mentioned, max_names)
    for actor in mentioned:  # the roles become the names they show
        for name in actor.names:
            shown = name.replace("`", "'")
            sentence = sentence.replace(f"{{actor}}`{shown}`", shown)
    return sentence


def raw_updates(count: int, writer: Writer, first: date = date(2025, 1, 1)) -> list[RawUpdate]:
    """``count`` updates, two a day (AM, PM) from ``first``, in the blog's shape."""
    rng = writer.rng
    updates = []
    for number in range(count):
        sections = []
        for _ in range(rng.randint(2, 4)):
            bullets = []
            for _ in range(rng.randint(2, 5)):
                subs = [_plain_sentence(writer, 1)] if rng.random() < 0.3 else []
                outlet = rng.choice(OUTLETS) if rng.random() < 0.8 else None
                bullets.append(Bullet(_plain_sentence(writer), outlet, subs))
            sections.append((writer.title(), bullets))
        updates.append(
            RawUpdate(
                number=number,
                day=first + timedelta(days=number // 2),
                edition="AM" if number % 2 == 0 else "PM",
                title=writer.title(),
                bottom_line=_plain_sentence(writer),
                sections=sections,
                means=[_plain_sentence(writer, 1) for _ in range(rng.randint(2, 3))],
            )
        )
    return updates


# -- the three shapes -----------------------------------------------------------------------


def _cited(bullet: Bullet) -> str:
    return f"{bullet.text} ({bullet.outlet})" if bullet.outlet else bullet.text


def as_copied_text(update: RawUpdate) -> str:
    """The update as a browser copy of its post page gives it (with Blogger's chrome)."""
    lines = ["Loading...", "", update.full_title, "", "Good morning, all.", ""]
    lines += [
        f"The bottom line is that {update.bottom_line[0].lower()}{update.bottom_line[1:]}",
        "",
    ]
    for heading, bullets in update.sections:
        lines += [heading, ""]
        for bullet in bullets:
            lines += [f"  • {_cited(bullet)}", ""]
            lines += [line for sub in bullet.subs for line in (f"    • {sub}", "")]
    lines += ["What It All Means", ""]
    lines += [line for text in update.means for line in (f"  • {text}", "")]
    lines += ["Home item", "Powered by Blogger.", "", "Popular Posts", "", "Search This Blog", ""]
    return "\n".join(lines)


def _post_body_html(update: RawUpdate) -> str:
    esc = html.escape
    parts = ["<p>Good morning, all.</p>"]
    parts.append(f"<p>The bottom line is that {esc(update.bottom_line)}</p>")
    for heading, bullets in update.sections:
        parts.append(f'<h3 style="text-align: left;"><b>{esc(heading)}</b></h3>')
        parts.append('<ul style="text-align: left;">')
        for bullet in bullets:
            subs = "".join(f"<li>{esc(sub)}</li>" for sub in bullet.subs)
            parts.append(
                f"<li>{esc(_cited(bullet))}" + (f"<ul>{subs}</ul>" if subs else "") + "</li>"
            )
        parts.append("</ul>")
    parts.append('<h3 style="text-align: left;"><b>What It All Means</b></h3><ul>')
    parts += [f"<li>{esc(text)}</li>" for text in update.means]
    parts.append("</ul>")
    return "\n".join(parts)


def as_post_page(update: RawUpdate) -> str:
    """The update as a saved Blogger post page (the classic layout's structure)."""
    esc = html.escape
    title = esc(update.full_title, quote=True)
    return f"""<!DOCTYPE html>
<html class='v2' dir='ltr' lang='en'>
<head>
<meta content='text/html; charset=UTF-8' http-equiv='Content-Type'/>
<title>Bench Desk: {title}</title>
<link href='{update.url}' rel='canonical'/>
<meta content='{update.url}' property='og:url'/>
<script type='text/javascript'>var tracker = 'UA-000-1';</script>
</head>
<body>
<div class='navbar section' id='navbar'><div class='widget Navbar'>Loading...</div></div>
<div class='header-outer'><h1 class='title'>Bench Desk</h1></div>
<div class='blog-posts hfeed'><div class='date-outer'>
<h2 class='date-header'><span>{update.day:%A, %B} {update.day.day}, {update.day.year}</span></h2>
<div class='post-outer'><div class='post hentry' itemprop='blogPost'>
<meta content='{update.post_id}' itemprop='postId'/>
<h3 class='post-title entry-title' itemprop='name'>
{title}
</h3>
<div class='post-body entry-content' id='post-body-{update.post_id}'>
{_post_body_html(update)}
</div>
<div class='post-footer'><span class='post-timestamp'>at
<a class='timestamp-link' href='{update.url}' rel='bookmark'>
<abbr class='published' title='{update.published}'>8:15 AM</abbr></a></span></div>
</div></div></div></div>
<div class='sidebar section'><div class='widget PopularPosts'><h2>Popular Posts</h2></div></div>
<div class='footer-outer'>Powered by <a href='https://www.blogger.com'>Blogger</a>.</div>
</body>
</html>
"""


def as_atom_feed(updates: list[RawUpdate]) -> str:
    """All the updates as one Blogger Atom feed, newest first."""
    esc = html.escape
    entries = []
    for update in reversed(updates):
        title = esc(update.full_title, quote=True)
        entries.append(
            f"<entry><id>tag:blogger.com,1999:blog-3333.post-{update.post_id}</id>"
            f"<published>{update.published}</published><updated>{update.published}</updated>"
            f"<title type='text'>{title}</title>"
            f"<content type='html'>{esc(_post_body_html(update))}</content>"
            f"<link rel='alternate' type='text/html' href='{update.url}' title='{title}'/>"
            "<author><name>Bench Desk</name></author></entry>"
        )
    newest = updates[-1].published if updates else "2025-01-01T00:00:00.000-05:00"
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        "<feed xmlns='http://www.w3.org/2005/Atom'>"
        f"<id>tag:blogger.com,1999:blog-3333</id><updated>{newest}</updated>"
        "<title type='text'>Bench Desk</title>"
        f"<link rel='alternate' type='text/html' href='{BLOG}/'/>"
        + "\n".join(entries)
        + "</feed>\n"
    )


def write_raw(updates: list[RawUpdate], shape: str, outdir: Path) -> list[Path]:
    """Write ``updates`` in ``shape`` into ``outdir``; the source files, in import order."""
    outdir.mkdir(parents=True, exist_ok=True)
    if shape == "feed":
        path = outdir / "blog-feed.atom.xml"
        path.write_text(as_atom_feed(updates), encoding="utf-8")
        return [path]
    render: Callable[[RawUpdate], str] = as_copied_text if shape == "text" else as_post_page
    suffix = ".txt" if shape == "text" else ".html"
    paths = []
    for update in updates:
        name = f"{update.day.isoformat()}-{update.edition.lower()}-{update.slug}{suffix}"
        path = outdir / name
        path.write_text(render(update), encoding="utf-8")
        paths.append(path)
    return paths


# -- timing -------------------------------------------------------------------------------


@dataclass
class IngestRun:
    shape: str
    updates: int
    seconds: float
    statuses: dict[str, int]

    @property
    def per_second(self) -> float:
        return self.updates / self.seconds if self.seconds else 0.0


def ingest_once(
    sources: list[Path], posts_dir: Path, actors_dir: Path
) -> tuple[float, dict[str, int]]:
    """Import ``sources`` into ``posts_dir`` as ``bottomline ingest`` does; (seconds, counts)."""
    from bottomline.cli import load_actor_registry
    from bottomline.importer.batch import Options, entries, ingest

    start = time.perf_counter()
    registry, find_candidates = load_actor_registry(actors_dir)
    options = Options(posts_dir=posts_dir, registry=registry, find_candidates=find_candidates)
    everything = list(entries([str(path) for path in sources], lambda: b""))
    summary = ingest(everything, options, lambda outcome: None)
    return time.perf_counter() - start, dict(summary.counts)


def time_ingest(
    updates: list[RawUpdate], shape: str, actors_dir: Path, workdir: Path | None = None
) -> IngestRun:
    """Import ``updates`` in ``shape`` into an empty archive: warm-up, then the timed run."""
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        root = Path(tmp)
        sources = write_raw(updates, shape, root / "raw-in")
        ingest_once(write_raw(updates[:20], shape, root / "warm-in"), root / "warm", actors_dir)
        seconds, counts = ingest_once(sources, root / "posts", actors_dir)
        shutil.rmtree(root / "posts", ignore_errors=True)
    return IngestRun(shape, len(updates), seconds, counts)


def ingest_report(runs: list[IngestRun]) -> dict[str, Any]:
    """The figures of the ingest runs, by shape."""
    return {
        run.shape: {
            "updates": run.updates,
            "seconds": round(run.seconds, 3),
            "per_second": round(run.per_second, 1),
            "statuses": run.statuses,
        }
        for run in runs
    }


def ingest_figures(
    updates: list[RawUpdate],
    actors_dir: Path,
    repeat: int = 1,
    workdir: Path | None = None,
    shapes: tuple[str, ...] = SHAPES,
) -> dict[str, Any]:
    """Each shape of ``updates`` imported ``repeat`` times (:func:`time_ingest`), by shape:
    the median rate and time, every run's rate, and the statuses of the last run."""
    figures: dict[str, Any] = {}
    for shape in shapes:
        runs = [time_ingest(updates, shape, actors_dir, workdir) for _ in range(repeat)]
        figures[shape] = {
            "updates": len(updates),
            "seconds": round(statistics.median(run.seconds for run in runs), 3),
            "per_second": round(statistics.median(run.per_second for run in runs), 1),
            "runs_per_second": [round(run.per_second, 1) for run in runs],
            "statuses": runs[-1].statuses,
        }
    return figures


def time_feed_cli(
    updates: list[RawUpdate], actors_dir: Path, workdir: Path | None = None
) -> dict[str, Any]:
    """``python -m bottomline ingest FEED`` of one Atom feed of ``updates``, in a child process,
    into an empty archive: its wall time (the interpreter's start included), rate and status."""
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        root = Path(tmp).resolve()
        [feed] = write_raw(updates, "feed", root / "raw-in")
        command = [sys.executable, "-m", "bottomline", "ingest", str(feed)]
        command += ["--posts-dir", str(root / "posts"), "--actors-dir", str(actors_dir.resolve())]
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=root)
        seconds = time.perf_counter() - started
        written = len(list((root / "posts").rglob("*.md")))
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0:
        raise SystemExit(
            f"bottomline ingest failed ({result.returncode}):\n{result.stderr[-3000:]}"
        )
    return {
        "entries": len(updates),
        "seconds": round(seconds, 2),
        "per_second": round(len(updates) / seconds, 1) if seconds else None,
        "posts_written": written,
        "summary": lines[-1] if lines else "",
        "command": "python -m bottomline ingest FEED --posts-dir POSTS --actors-dir ACTORS",
    }
