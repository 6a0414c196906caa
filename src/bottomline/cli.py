"""The ``bottomline`` command: thin, it parses arguments and calls the package.

One function per subcommand registers it (``add_<name>_command(subparsers)``) and sets
``func``, the function that runs it and returns the exit status.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from rich.progress import Progress

from bottomline import __version__
from bottomline.formats import ACTORS_DIR, POSTS_DIR


def _year(value: str) -> int:
    try:
        year = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a year: {value!r}") from None
    if not 1900 <= year <= 2999:
        raise argparse.ArgumentTypeError(f"not a plausible year: {year}")
    return year


# -- bottomline ingest -------------------------------------------------------------------------


def add_ingest_command(subparsers: argparse._SubParsersAction) -> None:
    """Register ``ingest``: raw Blogger updates in, MyST posts out."""
    ingest = subparsers.add_parser(
        "ingest",
        help="import raw Blogger updates (text, post pages, Atom feeds) as posts",
        description=(
            "Turn raw updates into post pages under POSTS_DIR/<YYYY>/ and keep each raw "
            "original under POSTS_DIR/../raw/<YYYY>/.  Prints one line per post: created, "
            "updated, unchanged, skipped (why) or failed (why); exits 1 if any failed."
        ),
    )
    ingest.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="a text file copied from a post page; a Blogger post page (.html, or saved "
        "as one file: .mhtml/.mht); an Atom or RSS feed or a Blogger or Takeout export "
        "(.xml); Blogger's JSON feed (?alt=json, or ?alt=json-in-script as .js); or - "
        "for text on standard input. Each is told by its content first, then its name",
    )
    ingest.add_argument(
        "--posts-dir", type=Path, default=Path(POSTS_DIR), help=f"default: {POSTS_DIR}"
    )
    ingest.add_argument(
        "--actors-dir",
        type=Path,
        default=None,
        help="actor pages to link mentions to (default: actors, when it exists)",
    )
    ingest.add_argument(
        "--year",
        type=_year,
        help="the year of the first post whose source carries none (text copied from a page); "
        "it wins over a YYYY-MM-DD date at the start of the file name, which gives the year "
        "otherwise",
    )
    ingest.add_argument(
        "--dry-run", action="store_true", help="report what would happen, write nothing"
    )
    ingest.add_argument(
        "--force",
        action="store_true",
        help="overwrite posts edited by hand and different posts at the same path",
    )
    ingest.add_argument(
        "--new-actors",
        action="store_true",
        help="create stub pages in the actors directory for names that look like actors but "
        "are not in the registry, and link them (without it, they are only listed)",
    )
    ingest.set_defaults(func=run_ingest)


def load_actor_registry(actors_dir: Path | None) -> tuple[Any, Callable[..., list[str]] | None]:
    """The actor registry and ``find_candidates``, or (None, None) without actor pages.

    Raises ``ValueError`` with a one-line message for an unusable actors directory.
    """
    directory = actors_dir if actors_dir is not None else Path(ACTORS_DIR)
    if not directory.is_dir():
        if actors_dir is not None:
            raise ValueError(f"{directory}: no such directory")
        return None, None
    from bottomline.registry import RegistryError, find_candidates, load_registry

    try:
        return load_registry(directory), find_candidates
    except RegistryError as error:
        raise ValueError(str(error)) from None


def report_candidates(args: argparse.Namespace, outcome: Any, say: Callable[[str], None]) -> None:
    """Names in a post that look like actors but have no page."""
    if outcome.candidates:
        from bottomline.registry import distinct_candidates

        say(f"  not in the actor registry: {', '.join(distinct_candidates(outcome.candidates))}")


def create_actor_stubs(
    names: Iterable[str], actors_dir: Path, dry_run: bool, say: Callable[[str], None]
) -> int:
    """``--new-actors``: a stub page per new name, never overwriting a page; how many were made."""
    from bottomline.registry import write_stub

    created = 0
    for name in names:
        if dry_run:
            say(f"would create an actor page for {name!r} (dry run)")
            continue
        try:
            path = write_stub(actors_dir, name)
        except FileExistsError as error:
            say(f"actor page exists, not overwritten: {error.filename or name}")
        except ValueError as error:
            say(f"actor page not created: {error}")
        else:
            created += 1
            say(f"created actor page {path} (a stub: complete it by hand)")
    return created


def run_ingest(args: argparse.Namespace) -> int:
    """``bottomline ingest``: 0 when every source was handled, 1 when any failed."""
    from bottomline.importer.batch import STOP_ERRNOS, Options, entries

    try:
        registry, find_candidates = load_actor_registry(args.actors_dir)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    options = Options(
        posts_dir=args.posts_dir,
        year=args.year,
        dry_run=args.dry_run,
        force=args.force,
        registry=registry,
        find_candidates=find_candidates,
    )
    everything = list(entries(args.sources, lambda: sys.stdin.buffer.read()))
    if args.dry_run:
        return _import_all(args, everything, options, registry)
    from bottomline.importer.lock import ImportRunning, ingest_lock, remove_leftovers

    archive = args.posts_dir.parent
    try:
        with ingest_lock(archive, say=lambda text: print(text, file=sys.stderr)):
            remove_leftovers([args.posts_dir, archive / "raw"])
            return _import_all(args, everything, options, registry)
    except ImportRunning as running:
        print(f"error: {running}", file=sys.stderr)
        return EXIT_LOCKED
    except OSError as error:
        if error.errno not in STOP_ERRNOS:
            raise
        print(
            f"error: {error.filename or archive}: {os.strerror(error.errno or 0).lower()}; "
            "the import stopped: every file is complete (old or new, none half-written); "
            "make room and run the same command again",
            file=sys.stderr,
        )
        return 1


def _import_all(
    args: argparse.Namespace, everything: list[Any], options: Any, registry: Any
) -> int:
    """Create actor stubs if asked, import every entry, print the outcomes and the summary."""
    from bottomline.importer.batch import ingest

    if args.new_actors and registry is not None:
        # Stubs first, then import with them in the registry, so mentions of the new
        # actors are linked in this same run.  One page per actor: "Saraya al-Dams" in one
        # post and "Saraya al-Dam" in another are one name.
        from bottomline.importer.batch import candidates_for
        from bottomline.registry import distinct_candidates

        names = distinct_candidates(
            name for entry in everything for name in candidates_for(entry, options)
        )
        actors_dir = args.actors_dir if args.actors_dir is not None else Path(ACTORS_DIR)
        if create_actor_stubs(names, actors_dir, args.dry_run, print):
            registry, _ = load_actor_registry(actors_dir)
            options.registry = registry
    # A progress bar for long feeds, on a terminal only; the outcome lines print above it.
    progress = Progress(transient=True) if sys.stdout.isatty() else None

    def say(text: str) -> None:
        if progress is None:
            print(text, flush=True)
        else:
            progress.console.print(text, markup=False, highlight=False, soft_wrap=True)

    def report(outcome: Any) -> None:
        say(outcome.line() + (" (dry run)" if args.dry_run else ""))
        report_candidates(args, outcome, say)

    with progress or contextlib.nullcontext():
        task = progress.add_task("Importing", total=len(everything)) if progress else None
        summary = ingest(
            everything,
            options,
            report,
            advance=lambda: progress.advance(task) if progress and task is not None else None,
        )
    say(summary.line(args.dry_run))
    return 1 if summary.failed else 0


# -- the command -------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bottomline", description="Tools for the bottomline archive."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    add_ingest_command(subparsers)
    from bottomline.actors_check import add_actors_command

    add_actors_command(subparsers)
    from bottomline.bench import add_bench_gen_command
    from bottomline.search_check import add_search_check_command

    add_bench_gen_command(subparsers)
    add_search_check_command(subparsers)
    return parser


#: The exit status of ``ingest`` when another import holds the archive's lock (EX_TEMPFAIL:
#: nothing was done; try again later).
EXIT_LOCKED = 75

#: The exit status of a command whose output was closed early, as a shell reports a
#: process ended by SIGPIPE (128 + 13).
EXIT_BROKEN_PIPE = 141


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        status = int(args.func(args))
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`bottomline ingest … | head -1`): stop quietly, like any
        # Unix tool.  Python's final flush of stdout at exit would fail again and print
        # a traceback, so stdout now points at /dev/null.
        _stdout_to_devnull()
        return EXIT_BROKEN_PIPE
    return status


def _stdout_to_devnull() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no file descriptor (a test's captured stdout)
        pass
