"""The benchmark: a synthetic archive, built with and without the search extension.

    python -m bottomline.bench --posts 2000            # generate, build twice, measure
    python -m bottomline.bench gen 2000 /tmp/archive   # only generate (= bottomline bench-gen)

The synthetic archive copies the real site's frame (``conf.py``, templates, landing,
archive and outlets pages, every actor page under ``actors/``) and adds N posts in the
post format: two editions a day, a bottom line, two to four sections of bullets citing
outlets, and ``{actor}`` roles naming actors of the real registry by any of their names.
Its words come from the real pages' vocabulary, shuffled by a seeded random generator;
they are not sentences anyone wrote.

Reported: build time and peak memory of both builds; ``searchindex.js`` (and the search
metadata) raw and gzipped, bytes per update, the extension's share; index load time and
keystroke-to-rendered-results time in headless Chromium.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

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
FRAME_FILES = ("conf.py", "index.md", "archive.md", "outlets.md")
FRAME_DIRS = ("_templates", "_static", "actors")
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
    for path in [*base.glob("posts/*/*.md"), *base.glob("actors/*.md")]:
        body = path.read_text(encoding="utf-8").split("---", 2)[-1]
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
    """One post in the post page format (README, "The post page format")."""
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
    actors = load_actors(outdir / "actors") if (outdir / "actors").is_dir() else []
    if not actors:
        raise SystemExit(f"{base / 'actors'}: no actor pages to mention (use --base)")
    writer = Writer(vocabulary(base), actors, seed)
    posts = []
    first = date(2026, 1, 1) - timedelta(days=(count + 1) // 2)
    for number in range(count):
        day = first + timedelta(days=number // 2)
        edition = "AM" if number % 2 == 0 else "PM"
        title = writer.title()
        slug = slugify(title)[:60].strip("-") or "update"
        path = outdir / "posts" / str(day.year) / f"{day.isoformat()}-{edition.lower()}-{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(post_text(writer, day, edition, title), encoding="utf-8")
        posts.append(path)
    return posts


# -- measuring -----------------------------------------------------------------------------


@dataclass
class Build:
    label: str
    outdir: Path
    seconds: float
    peak_mb: float
    warnings: int


def build(srcdir: Path, outdir: Path, label: str, *extra: str, jobs: str = "auto") -> Build:
    """A fresh sphinx-build in a child process: wall time and that child's peak memory."""
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-E", "-q", "-j", jobs]
    command += ["-d", str(outdir.parent / f"{outdir.name}.doctrees"), *extra]
    command += [str(srcdir), str(outdir)]
    # Peak memory of this one child: measured by a wrapper, as RUSAGE_CHILDREN is cumulative.
    wrapper = (
        "import resource, subprocess, sys, json;"
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
        "sys.stderr.write(r.stderr);"
        "u = resource.getrusage(resource.RUSAGE_CHILDREN);"
        "print(json.dumps({'rc': r.returncode, 'maxrss_kb': u.ru_maxrss}))"
    )
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", wrapper, *command], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    report = json.loads(result.stdout.strip().splitlines()[-1])
    if report["rc"] != 0:
        raise SystemExit(f"sphinx-build failed ({label}):\n{result.stderr[-3000:]}")
    warnings = result.stderr.count("WARNING")
    return Build(label, outdir, seconds, report["maxrss_kb"] / 1024, warnings)


def sizes(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=9))


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


def measure(
    count: int, workdir: Path, base: Path, jobs: str = "auto", browser: bool = True
) -> dict[str, Any]:
    """Generate ``count`` posts, build with and without the search extension, measure."""
    srcdir = workdir / "src"
    if srcdir.exists():
        shutil.rmtree(srcdir)
    generate_archive(count, srcdir, base)
    stock = build(srcdir, workdir / "html-stock", "stock", "-D", "bottomline_search=0", jobs=jobs)
    ours = build(srcdir, workdir / "html-search", "search", jobs=jobs)
    stock_raw, stock_gz = sizes(stock.outdir / "searchindex.js")
    index_raw, index_gz = sizes(ours.outdir / "searchindex.js")
    meta_raw, meta_gz = sizes(ours.outdir / "bottomline-searchmeta.js")
    report: dict[str, Any] = {
        "posts": count,
        "builds": {
            b.label: {
                "seconds": round(b.seconds, 1),
                "peak_mb": round(b.peak_mb),
                "warnings": b.warnings,
            }
            for b in (stock, ours)
        },
        "stock_index": {"raw": stock_raw, "gzip": stock_gz},
        "search_index": {"raw": index_raw, "gzip": index_gz},
        "search_meta": {"raw": meta_raw, "gzip": meta_gz},
        "bytes_per_update": {
            "stock_raw": round(stock_raw / count),
            "search_raw": round((index_raw + meta_raw) / count),
            "search_gzip": round((index_gz + meta_gz) / count),
        },
        "extension_share": {
            "index_only_raw": round(index_raw / stock_raw - 1, 3),
            "index_only_gzip": round(index_gz / stock_gz - 1, 3),
            "with_meta_raw": round((index_raw + meta_raw) / stock_raw - 1, 3),
            "with_meta_gzip": round((index_gz + meta_gz) / stock_gz - 1, 3),
        },
    }
    if browser:
        report["browser"] = time_keystrokes(ours.outdir, list(BENCH_QUERIES))
    return report


def print_report(report: dict[str, Any]) -> None:
    kib = 1024
    print(f"Synthetic archive: {report['posts']} updates")
    for label, b in report["builds"].items():
        seconds, peak, warnings = b["seconds"], b["peak_mb"], b["warnings"]
        print(f"  build ({label:6}): {seconds:7.1f} s, peak {peak} MB, {warnings} warnings")
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


def _add_gen_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("count", type=int, metavar="N", help="how many updates")
    parser.add_argument("outdir", type=Path, metavar="OUTDIR", help="the Sphinx project to write")
    parser.add_argument(
        "--base", type=Path, default=Path.cwd(), help="the real site to copy actors/ from (.)"
    )
    parser.add_argument("--seed", type=int, default=2025, help="random seed (2025)")
    parser.set_defaults(func=run_gen)


def run_gen(args: argparse.Namespace) -> int:
    posts = generate_archive(args.count, args.outdir, args.base, args.seed)
    print(f"wrote {len(posts)} posts into {args.outdir / 'posts'}")
    return 0


def add_bench_gen_command(subparsers: argparse._SubParsersAction) -> None:
    """Register ``bottomline bench-gen N OUTDIR``."""
    gen = subparsers.add_parser(
        "bench-gen",
        help="write a synthetic archive of N updates (for the benchmark)",
        description="Write a Sphinx project with N synthetic updates mentioning the real actors.",
    )
    _add_gen_arguments(gen)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["gen"]:
        gen = argparse.ArgumentParser(prog="python -m bottomline.bench gen")
        _add_gen_arguments(gen)
        args = gen.parse_args(argv[1:])
        return run_gen(args)
    parser = argparse.ArgumentParser(
        prog="python -m bottomline.bench", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--posts", type=int, default=2000, help="synthetic updates (2000)")
    parser.add_argument("--base", type=Path, default=Path.cwd(), help="the real site (actors/)")
    parser.add_argument("--workdir", type=Path, help="keep the archive and builds here")
    parser.add_argument("--jobs", default="auto", help="sphinx-build -j (auto)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium timings")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bottomline-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        report = measure(args.posts, workdir, args.base, args.jobs, not args.no_browser)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
