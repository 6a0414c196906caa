"""Sessions for building, checking and previewing the archive.  ``nox -l`` lists them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["build", "tests"]

ROOT = Path(__file__).parent
BUILD_DIR = ROOT / "_build"
HTML_DIR = BUILD_DIR / "html"
CONSTRAINTS = ("-c", str(ROOT / "constraints.txt"))
PYTHON = "3.11"
SPHINX_STRICT = ["-n", "-W", "--keep-going"]


def install(session: nox.Session, *extras: str) -> None:
    """Install the package (with ``extras``) at the pinned versions."""
    target = f".[{','.join(extras)}]" if extras else "."
    session.install("-e", target, *CONSTRAINTS)


def ensure_chromium(session: nox.Session) -> None:
    """Make sure the browser tests have a Chromium to drive.

    Debian's ``/usr/bin/chromium`` (installed with apt-get when we are root), else the one
    Playwright downloads.  If neither works the browser tests fail, saying why: they never skip.
    """
    if os.environ.get("BOTTOMLINE_CHROMIUM") or shutil.which("chromium"):
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {"DEBIAN_FRONTEND": "noninteractive"}
        apt = ("apt-get", "install", "-y", "--no-install-recommends", "chromium")
        try:
            session.run(*apt, external=True, env=env)
        except nox.command.CommandFailed:
            session.run("apt-get", "update", external=True, env=env)
            session.run(*apt, external=True, env=env)
        return
    session.run("playwright", "install", "chromium")
    path = session.run(
        "python",
        "-c",
        "from playwright.sync_api import sync_playwright\n"
        "with sync_playwright() as p: print(p.chromium.executable_path)",
        silent=True,
    )
    session.env["BOTTOMLINE_CHROMIUM"] = str(path).strip()


def sphinx_build(session: nox.Session, builder: str, outdir: Path, *extra: str) -> None:
    session.run(
        "sphinx-build",
        "-b",
        builder,
        "-d",
        str(BUILD_DIR / "doctrees"),
        *extra,
        str(ROOT),
        str(outdir),
    )


def source_date_epoch(session: nox.Session) -> None:
    """Date the build by its last commit (unless set), so a rebuild gives the same bytes."""
    if os.environ.get("SOURCE_DATE_EPOCH") or not (ROOT / ".git").exists():
        return
    stamp = session.run(
        "git", "-C", str(ROOT), "log", "-1", "--format=%ct", external=True, silent=True
    )
    if isinstance(stamp, str) and stamp.strip().isdigit():
        session.env["SOURCE_DATE_EPOCH"] = stamp.strip()


def publish(session: nox.Session, action: str, outdir: Path, *sphinx_args: str) -> None:
    """``build`` or ``serve`` through ``bottomline.publish``: swap in only a good build."""
    doctrees = BUILD_DIR / ("doctrees" if action == "build" else "serve-doctrees")
    publish_args = [action, str(ROOT), str(outdir), "--doctrees", str(doctrees)]
    if action == "serve":
        publish_args += ["--watch", str(ROOT / "src" / "bottomline")]
    session.run("python", "-m", "bottomline.publish", *publish_args, "--", *sphinx_args)


@nox.session(python=PYTHON)
def build(session: nox.Session) -> None:
    """Build the archive into _build/html (incremental; ``-- --fresh`` for a clean build)."""
    install(session)
    args = list(session.posargs)
    extra = ["-j", "auto", *SPHINX_STRICT]
    if "--fresh" in args:
        args.remove("--fresh")
        extra.append("-E")
    # Built beside _build/html and swapped in only when it succeeded (bottomline.publish):
    # a failed or killed build never leaves a half-written site to publish.
    source_date_epoch(session)
    publish(session, "build", HTML_DIR, *extra, *args)
    session.log(f"The archive is in {HTML_DIR}; open {HTML_DIR / 'index.html'}")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the test suite (extra arguments go to pytest)."""
    install(session, "test")
    ensure_chromium(session)
    session.run("pytest", *(session.posargs or ["tests"]))


@nox.session(python=PYTHON)
def verify(session: nox.Session) -> None:
    """Check a published site against a fresh build: ``-- [SITE] [sphinx args]``."""
    install(session)
    args = list(session.posargs)
    site = args.pop(0) if args and not args[0].startswith("-") else str(HTML_DIR)
    source_date_epoch(session)
    session.run("python", "-m", "bottomline.publish", "verify", str(ROOT), site, "--", *args)


@nox.session(python=PYTHON)
def serve(session: nox.Session) -> None:
    """Preview the archive on http://127.0.0.1:8000, rebuilding on every change."""
    install(session, "serve")
    # The last good build stays served while a broken one fails (bottomline.publish).
    # "-D bottomline_drafts=1": the preview shows drafts, with a banner (never published).
    drafts = ("-D", "bottomline_drafts=1")
    publish(session, "serve", BUILD_DIR / "serve", *drafts, *SPHINX_STRICT, *session.posargs)


@nox.session(python=PYTHON)
def ingest(session: nox.Session) -> None:
    """Import raw updates: ``nox -s ingest -- [options] SOURCE...`` (``bottomline ingest -h``)."""
    install(session)
    session.run("bottomline", "ingest", *(session.posargs or ["--help"]))


@nox.session(name="actors-check", python=PYTHON)
def actors_check(session: nox.Session) -> None:
    """List mentions of known actors in posts that are not linked to their pages."""
    install(session)
    session.run("bottomline", "actors", "check", *session.posargs)


@nox.session(python=PYTHON)
def linkcheck(session: nox.Session) -> None:
    """Check every external link in the archive (needs the network)."""
    install(session)
    sphinx_build(session, "linkcheck", BUILD_DIR / "linkcheck", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Run ruff (lint and format check) and mypy."""
    install(session, "lint")
    session.run("ruff", "check", "src", "tests", "noxfile.py", "conf.py")
    session.run("ruff", "format", "--check", "src", "tests", "noxfile.py", "conf.py")
    session.run("mypy")


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Time our builds against stock Sphinx + MyST + furo on a synthetic archive (BENCHMARKS.md).

    ``nox -s bench -- --sizes 200,1000,3000`` writes benchmarks/results.json,
    benchmarks/bench.png and the tables of BENCHMARKS.md; ``nox -s bench -- --posts 1000
    --scenarios noop,add-one,edit-actor --repeat 5`` only prints.  The options are
    ``python -m bottomline.bench --help``.
    """
    install(session, "test", "bench")
    if "--no-browser" not in session.posargs:
        ensure_chromium(session)
    session.run("python", "-m", "bottomline.bench", *(session.posargs or ["--posts", "1000"]))


@nox.session(name="search-check", python=PYTHON)
def search_check(session: nox.Session) -> None:
    """Run the reader queries in tests/queries-site.toml against a built site in Chromium."""
    install(session, "test")
    ensure_chromium(session)
    args = session.posargs or ["--site", str(HTML_DIR), str(ROOT / "tests" / "queries-site.toml")]
    session.run("python", "-m", "bottomline.search_check", *args)


@nox.session(python=False)
def clean(session: nox.Session) -> None:
    """Remove the build output."""
    shutil.rmtree(BUILD_DIR, ignore_errors=True)
