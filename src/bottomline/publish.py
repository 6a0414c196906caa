"""Build the site beside the published one and swap it in only when the build succeeded.

``nox -s build`` and ``nox -s serve`` build through :func:`build_atomically`, so the folder a
host or the preview server publishes is always the last good build, never a half-written
or failed one:

1. The last good build is copied (with its timestamps, so Sphinx's incremental build sees
   what is up to date) to a staging folder beside it, ``.<name>.staging``.
2. Sphinx builds into the staging folder, in a child process, with the usual doctree folder.
3. Only when Sphinx exits 0 is the staging folder exchanged with the published one, in one
   ``renameat2(RENAME_EXCHANGE)`` call on Linux (a reader sees the old site or the new one,
   never a mix), then the old one is removed.

A build that fails on a warning still writes every page (``--keep-going``), and the
environment it saved matches the staging folder, so the next build continues from that
folder.  A build that is killed or crashes may leave the environment ahead of its pages:
a marker file in the doctree folder says so, and the next build starts from the published
site with a fresh environment (``-E``), after a one-line notice.

``verify`` (``nox -s verify``) checks a published site against its sources: it builds them
afresh in a temporary folder and compares every file, byte for byte (SECURITY.md).
"""

from __future__ import annotations

import argparse
import ctypes
import errno
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

#: In the doctree folder while Sphinx runs; left behind when it was killed or crashed.
UNFINISHED_MARKER = ".bottomline-build-unfinished"

#: Sphinx's exit statuses after which the staging folder is complete: 0, and 1 (a warning
#: turned into an error, with ``--keep-going`` every page was still written).
_COMPLETE_STATUSES = (0, 1)

# renameat2(2), Linux 3.15+ and glibc 2.28+.
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def staging_dir(outdir: Path) -> Path:
    return outdir.parent / f".{outdir.name}.staging"


def exchange(first: Path, second: Path) -> None:
    """Swap two folders atomically where the system can, else with two quick renames."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        renameat2 = None
    if renameat2 is not None:
        done = renameat2(
            _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
        )
        if done == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
            raise OSError(code, os.strerror(code), str(first))
    # Not Linux, or a file system without exchange: a moment with no folder at all, but
    # never a half-written one.
    aside = first.parent / f".{first.name}.swap"
    shutil.rmtree(aside, ignore_errors=True)
    os.rename(first, aside)
    os.rename(second, first)
    os.rename(aside, second)


def _prepare_staging(outdir: Path, doctreedir: Path, say: Callable[[str], None]) -> bool:
    """Make the staging folder; True when the environment must be rebuilt from scratch."""
    staging = staging_dir(outdir)
    marker = doctreedir / UNFINISHED_MARKER
    fresh = marker.exists()
    if fresh:
        say(
            "notice: the last build did not finish (killed or crashed); "
            "rebuilding everything from the published site"
        )
    if staging.exists() and not fresh:
        return False  # the last build failed on a warning: its pages match the environment
    shutil.rmtree(staging, ignore_errors=True)
    if outdir.is_dir():
        shutil.copytree(outdir, staging, symlinks=True)
    else:
        staging.mkdir(parents=True)
    return fresh


def build_atomically(
    srcdir: Path,
    outdir: Path,
    doctreedir: Path,
    sphinx_args: Sequence[str] = (),
    builder: str = "html",
    say: Callable[[str], None] = print,
) -> int:
    """Build ``srcdir`` and publish it at ``outdir`` only if Sphinx succeeds; its exit status."""
    outdir, doctreedir = outdir.absolute(), doctreedir.absolute()
    outdir.parent.mkdir(parents=True, exist_ok=True)
    doctreedir.mkdir(parents=True, exist_ok=True)
    fresh = _prepare_staging(outdir, doctreedir, say)
    staging = staging_dir(outdir)
    marker = doctreedir / UNFINISHED_MARKER
    marker.write_text(f"{os.getpid()}\n", encoding="utf-8")
    command = [sys.executable, "-m", "sphinx", "build", "-b", builder, "-d", str(doctreedir)]
    command += [*(["-E"] if fresh else []), *sphinx_args, str(srcdir), str(staging)]
    status = subprocess.run(command, check=False).returncode
    if status not in _COMPLETE_STATUSES:
        say(f"error: the build stopped (exit status {status}); {outdir} is unchanged")
        return status or 1
    marker.unlink(missing_ok=True)
    if status != 0:
        say(f"error: the build failed; {outdir} still holds the last good build")
        return status
    if outdir.exists():
        exchange(outdir, staging)
        shutil.rmtree(staging)
    else:
        os.rename(staging, outdir)
    return 0


# -- verifying a published site -----------------------------------------------------------

#: Sphinx's cache of doctrees, which a site built without ``-d`` keeps inside it: not a page.
_NOT_PUBLISHED = (".doctrees",)


def _files(folder: Path) -> dict[str, Path]:
    return {
        path.relative_to(folder).as_posix(): path
        for path in folder.rglob("*")
        if path.is_file() and path.relative_to(folder).parts[0] not in _NOT_PUBLISHED
    }


def compare_sites(built: Path, published: Path) -> list[str]:
    """One line per file that differs between two sites (missing, extra or other bytes)."""
    ours, theirs = _files(built), _files(published)
    lines = [f"missing from the published site: {name}" for name in sorted(ours.keys() - theirs)]
    lines += [f"not made by the sources: {name}" for name in sorted(theirs.keys() - ours)]
    lines += [
        f"differs: {name}"
        for name in sorted(ours.keys() & theirs.keys())
        if ours[name].read_bytes() != theirs[name].read_bytes()
    ]
    return lines


def verify(
    srcdir: Path,
    published: Path,
    sphinx_args: Sequence[str] = (),
    say: Callable[[str], None] = print,
) -> int:
    """Build ``srcdir`` afresh and compare it with ``published``: 0 when they are the same.

    The same sources, pinned versions, ``sphinx_args`` (``-D site_url=…``) and
    ``SOURCE_DATE_EPOCH`` as the published build give the same bytes in every file.
    """
    if not published.is_dir():
        say(f"error: {published} is not a folder")
        return 2
    with tempfile.TemporaryDirectory(prefix="bottomline-verify-") as tmp:
        built = Path(tmp) / "html"
        command = [sys.executable, "-m", "sphinx", "build", "-b", "html", "-E", "-q"]
        command += ["-d", str(Path(tmp) / "doctrees"), *sphinx_args, str(srcdir), str(built)]
        status = subprocess.run(command, check=False).returncode
        if status != 0:
            say(f"error: the fresh build of {srcdir} failed (exit status {status})")
            return 2
        differences = compare_sites(built, published)
        for line in differences:
            say(line)
        if differences:
            say(f"{published} is not what {srcdir} builds: {len(differences)} files differ")
            return 1
        say(f"{published} is what {srcdir} builds: {len(_files(built))} files, byte for byte")
        return 0


# -- the preview server ------------------------------------------------------------------------

#: Folders whose changes never call for a rebuild.
_IGNORED_PARTS = {"_build", ".nox", ".git", "__pycache__", ".pytest_cache", ".mypy_cache", "raw"}


def _is_source_change(path: str) -> bool:
    parts = Path(path).parts
    name = parts[-1] if parts else ""
    return not (_IGNORED_PARTS.intersection(parts) or name.startswith(".") or name.endswith("~"))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the stdlib's name)
        pass


def serve(
    srcdir: Path,
    outdir: Path,
    doctreedir: Path,
    sphinx_args: Sequence[str],
    host: str = "127.0.0.1",
    port: int = 8000,
    watch: Sequence[Path] = (),
) -> int:
    """Serve the last good build of ``srcdir`` and rebuild it whenever a source changes.

    The server reads files by the folder's path on every request, so after a swap it serves
    the new build; while a build fails it goes on serving the last good one.
    """
    import watchfiles

    build = functools.partial(build_atomically, srcdir, outdir, doctreedir, sphinx_args)
    # Each top-level entry on its own: watching the project folder itself would also set up
    # watches over .nox's thousands of folders.
    watched = [path for path in sorted(srcdir.iterdir()) if _is_source_change(path.name)]
    build()
    outdir.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_QuietHandler, directory=str(outdir))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving {outdir} on http://{host}:{server.server_address[1]}/ (Ctrl+C stops)")
    try:
        filter_ = lambda _change, path: _is_source_change(path)  # noqa: E731
        for changes in watchfiles.watch(*watched, *watch, watch_filter=filter_):
            print(f"Changed: {', '.join(sorted({Path(p).name for _, p in changes})[:5])}")
            if build() == 0:
                print("Rebuilt: reload the page")
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bottomline.publish",
        description="Build the archive beside the published copy; swap it in when it succeeds.",
    )
    parser.add_argument("action", choices=("build", "serve", "verify"))
    parser.add_argument("srcdir", type=Path)
    parser.add_argument("outdir", type=Path, help="the site (for verify: the published one)")
    parser.add_argument("--doctrees", type=Path, help="Sphinx's doctree folder (build, serve)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--watch", type=Path, action="append", default=[])
    parser.epilog = "Arguments after -- go to sphinx-build."
    argv = list(sys.argv[1:] if argv is None else argv)
    split = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:split])
    sphinx_args = argv[split + 1 :]
    if args.action == "verify":
        return verify(args.srcdir, args.outdir, sphinx_args)
    if args.doctrees is None:
        parser.error(f"{args.action} needs --doctrees")
    if args.action == "build":
        return build_atomically(args.srcdir, args.outdir, args.doctrees, sphinx_args)
    return serve(
        args.srcdir, args.outdir, args.doctrees, sphinx_args, port=args.port, watch=args.watch
    )


if __name__ == "__main__":
    sys.exit(main())
