"""Where a post goes, and whether it may be written there.

- ``posts/<YYYY>/<YYYY-MM-DD>-<am|pm>-<slug>.md``; the raw original next to ``posts/``
  under ``raw/<YYYY>/<same stem>.<txt|html|xml-entry.html>``.
- Idempotent: the same source twice gives byte-identical files and "unchanged".
- A post edited by hand (its body no longer hashes to the ``body_sha256`` the importer
  stored) or a different post at the same path is never overwritten without ``force``.
- Files are written to a temporary file and renamed, so a failure never leaves half a file.
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import yaml

from bottomline.formats import post_path, split_front_matter
from bottomline.importer.dates import title_slug
from bottomline.importer.myst import MentionFinder, render_body, render_post, sha256
from bottomline.model import RAW_TEXT, Update
from bottomline.records import FRONT_MATTER_KEYS

CREATED, UPDATED, UNCHANGED, SKIPPED, FAILED = (
    "created",
    "updated",
    "unchanged",
    "skipped",
    "failed",
)
STATUSES = (CREATED, UPDATED, UNCHANGED, SKIPPED, FAILED)


@dataclass
class Outcome:
    """What happened to one post (or to a source that gave none)."""

    status: str
    subject: str  # the post's path when there is one, else the source's label
    reason: str = ""
    path: Path | None = None
    actors: list[str] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)

    def line(self) -> str:
        """One line, whatever the reason holds (an error message may span several)."""
        subject, reason = " ".join(self.subject.split()), " ".join(self.reason.split())
        return f"{self.status} {subject}" + (f" ({reason})" if reason else "")


@dataclass(frozen=True)
class Paths:
    post: Path
    raw: Path
    raw_file: str  # the raw original, relative to the project (posts-dir's parent)


def paths_for(update: Update, posts_dir: Path) -> Paths:
    """Where ``update`` (with its date resolved) and its raw original go."""
    assert update.date is not None and update.edition is not None
    slug = title_slug(update.title, update.provenance.source_url)
    relative = PurePosixPath(post_path(update.date, update.edition, slug))
    year, stem = relative.parent.name, relative.stem
    raw = posts_dir.parent / "raw" / year / f"{stem}.{update.provenance.raw_kind}"
    return Paths(
        post=posts_dir / relative,
        raw=raw,
        raw_file=f"raw/{year}/{raw.name}",
    )


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory.

    The rename makes the file the old or the new one, never a part, whenever the process
    stops.  It is not flushed to the disk here: :func:`flush_to_disk` does that once per
    batch (one file at a time costs more than the rest of an import).
    """
    try:
        handle, temporary = _temporary_file(path)
    except (FileNotFoundError, NotADirectoryError):
        # The directory is missing (most writes go to one that is there: no mkdir each).
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = _temporary_file(path)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError) and error.filename is None:
            error.filename = str(path)  # a failed write names no file; say which one
        raise


def _temporary_file(path: Path) -> tuple[int, str]:
    return tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")


def flush_to_disk() -> None:
    """Make what the batch wrote durable (a power cut after this loses nothing)."""
    if hasattr(os, "sync"):
        os.sync()


def split_page(text: str) -> tuple[dict[str, Any], str] | None:
    """A post page's front matter (parsed) and body, or ``None`` if it has none."""
    split = split_front_matter(text)
    if split is None:
        return None
    try:
        meta = yaml.safe_load(split.yaml)
    except yaml.YAMLError:
        return None
    if not isinstance(meta, dict):
        return None
    return meta, split.body


def display(path: Path) -> str:
    """``path`` relative to the working directory when it is under it."""
    cwd = os.getcwd()
    # Most paths are plainly under it: no file system call (resolving costs one per part).
    plain = os.path.abspath(path)
    if plain.startswith(cwd.rstrip(os.sep) + os.sep):
        return Path(os.path.relpath(plain, cwd)).as_posix()
    try:
        return path.resolve().relative_to(_resolved(cwd)).as_posix()
    except ValueError:
        return path.as_posix()


@functools.lru_cache(maxsize=16)
def _resolved(directory: str) -> Path:
    # The working directory, resolved once rather than for every file a batch names.
    return Path(directory).resolve()


class BloggerIndex:
    """Which existing posts hold which Blogger post id (read once, kept up to date).

    A post id is told apart within its blog only (an Atom id is ``blog-<blog>.post-<post>``):
    posts of two blogs may share one, and their addresses tell them apart.
    """

    def __init__(self, posts_dir: Path) -> None:
        self.posts_dir = posts_dir
        self._posts: dict[str, dict[Path, str | None]] | None = None

    def _load(self) -> dict[str, dict[Path, str | None]]:
        if self._posts is None:
            self._posts = {}
            for path in sorted(self.posts_dir.glob("*/*.md")):
                try:
                    parsed = split_page(path.read_text(encoding="utf-8"))
                except (OSError, UnicodeDecodeError):
                    continue
                if parsed and parsed[0].get("blogger_id"):
                    url = parsed[0].get("source_url")
                    held = self._posts.setdefault(str(parsed[0]["blogger_id"]), {})
                    held[path] = str(url) if url else None
        return self._posts

    def get(self, blogger_id: str | None, source_url: str | None = None) -> Path | None:
        """The post holding ``blogger_id``, unless it is another blog's post (its address
        is on another site and at another path than ``source_url``)."""
        if not blogger_id:
            return None
        held = self._load().get(blogger_id, {})
        return next((path for path, url in held.items() if not other_blog(url, source_url)), None)

    def remember(self, blogger_id: str | None, path: Path, source_url: str | None = None) -> None:
        if blogger_id:
            self._load().setdefault(blogger_id, {})[path] = source_url


def other_blog(url: str | None, other: str | None) -> bool:
    """Whether two posts' addresses are of two blogs: another host and another path.

    A blog that moved to its own domain keeps its posts' paths (``/2025/11/x.html``), so
    one post at two hosts is still one post; an unknown address tells nothing.
    """
    if not url or not other:
        return False
    first, second = urlsplit(url), urlsplit(other)
    hosts = [(part.hostname or "").removeprefix("www.") for part in (first, second)]
    return hosts[0] != hosts[1] and first.path.rstrip("/") != second.path.rstrip("/")


# A role in a rendered body: "{outlet}`Rudaw`", "{actor}`Parliament <Council of Representatives>`".
_ROLE_RE = re.compile(r"\{[\w:-]+\}`([^`<]*?)(?:\s*<[^`>]*>)?`")


def text_key(body: str) -> str:
    """A rendered post body's words and numbers only: what two versions of one post share
    however their lists were written (a browser copy drops markers, spacing and nesting)."""
    return "".join(char for char in _ROLE_RE.sub(r"\1", body).casefold() if char.isalnum())


def same_text(body: str, other: str) -> bool:
    """Whether two rendered bodies say the same once markers and white space are ignored."""
    return body == other or text_key(body) == text_key(other)


def post_key(update: Update) -> tuple[date, str, str]:
    """What makes two updates one post: date, edition and title (as its slug)."""
    assert update.date is not None and update.edition is not None
    return update.date, update.edition, title_slug(update.title, update.provenance.source_url)


def body_of(update: Update) -> str:
    """The post body ``update`` renders to, without actor links (to compare texts)."""
    return render_body(update, None)[0]


def _same_post(relative: str, meta: dict[str, Any]) -> str:
    return (
        f"the same post as {relative}, which was imported from "
        f"{meta.get('raw_file') or 'its Blogger page or feed'}: the page or feed version is "
        "kept over a copy; use --force to replace it with this copied text"
    )


def _refusal(existing: str, new_page: str, update: Update, relative: str) -> tuple[str, str] | None:
    """Why the existing page at ``relative`` must not be replaced, as (status, reason)."""
    parsed = split_page(existing)
    if parsed is None:
        return SKIPPED, (
            f"{relative} was not written by the importer (no front matter); "
            "use --force to overwrite"
        )
    meta, body = parsed
    stored = meta.get("body_sha256")
    if not stored:
        return SKIPPED, (
            f"{relative} was not written by the importer (no body_sha256); use --force to overwrite"
        )
    if sha256(body) != stored:
        return SKIPPED, (
            f"{relative} was edited by hand (body differs from what the importer wrote); "
            "use --force to overwrite"
        )
    added = [key for key in meta if key not in FRONT_MATTER_KEYS]
    if added:
        return SKIPPED, (
            f"{relative} was edited by hand (front matter has {', '.join(map(str, added))}, "
            "which the importer does not write); use --force to overwrite"
        )
    old_id = str(meta["blogger_id"]) if meta.get("blogger_id") else None
    new_id = update.provenance.blogger_id
    new_meta, new_body = split_page(new_page) or ({}, "")
    if old_id and new_id and old_id != new_id:
        return FAILED, (
            f"{relative} already holds a different post (Blogger post {old_id}, this is "
            f"{new_id}); use --force to overwrite"
        )
    same_raw = meta.get("raw_sha256") == new_meta.get("raw_sha256")
    # The same update from a page or feed and from a browser copy differs in how its lists
    # came out, not in its words: that is one post, not a collision.
    if not (old_id and new_id) and not same_raw and not same_text(body, new_body):
        return FAILED, (
            f"{relative} already holds a different post (imported from "
            f"{meta.get('raw_file', 'another source')}, whose text differs); "
            "use --force to overwrite"
        )
    old_raw = str(meta.get("raw_file") or "")
    if update.provenance.raw_kind == RAW_TEXT and (old_id or not old_raw.endswith(".txt")):
        # The page or feed (with its address, id and time) is kept, whichever came first:
        # otherwise the two would replace each other on every run.
        return SKIPPED, _same_post(relative, meta)
    if old_id and not new_id:
        return SKIPPED, (
            f"{relative} was imported from {meta.get('raw_file', 'a Blogger page or feed')} "
            "with its Blogger metadata; use --force to replace it"
        )
    return None


def _only_original_differs(existing: str, new_page: str) -> bool:
    """Whether two pages say the same and only their raw originals differ: one post read
    from another of Blogger's outputs (its Atom and its RSS entry, a JSON feed)."""
    old, new = split_page(existing), split_page(new_page)
    if old is None or new is None or old[1] != new[1]:
        return False
    return {**old[0], "raw_sha256": ""} == {**new[0], "raw_sha256": ""}


def write_update(
    update: Update,
    posts_dir: Path,
    *,
    registry: MentionFinder | None = None,
    force: bool = False,
    dry_run: bool = False,
    index: BloggerIndex | None = None,
    staged: dict[Path, str] | None = None,
) -> Outcome:
    """Render ``update`` and write it (and its raw original) unless something forbids it.

    In a dry run, ``staged`` (post path -> page) holds what the run would have written so
    far, so a later entry meets it as it would on disk: the dry run reports what the real
    run does (a copy after its page is "skipped", not "created" twice)."""
    paths = paths_for(update, posts_dir)
    raw: bytes | None = update.provenance.raw  # None: keep the original already there
    rendered = render_post(
        update, raw_sha256=sha256(update.provenance.raw), raw_file=paths.raw_file, registry=registry
    )
    relative = display(paths.post)
    outcome = Outcome(CREATED, relative, path=paths.post, actors=rendered.actors)
    pending = staged.get(paths.post) if staged is not None else None
    if pending is not None or paths.post.exists():
        try:
            existing = pending if pending is not None else paths.post.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            return Outcome(FAILED, update.provenance.label, f"cannot read {relative}: {error}")
        if existing == rendered.text or (
            not force and _only_original_differs(existing, rendered.text)
        ):
            outcome.status = UNCHANGED
            raw = None  # the post's own original stays the one it names
        else:
            refusal = None if force else _refusal(existing, rendered.text, update, relative)
            if refusal is not None:
                status, reason = refusal
                subject = update.provenance.label
                return Outcome(status, subject, reason, path=paths.post)
            outcome.status = UPDATED
            if force:
                outcome.reason = "forced"
    elif index is not None and not force:
        elsewhere = index.get(update.provenance.blogger_id, update.provenance.source_url)
        if elsewhere is not None and elsewhere != paths.post:
            return Outcome(
                SKIPPED,
                update.provenance.label,
                f"Blogger post {update.provenance.blogger_id} is already {display(elsewhere)}; "
                f"use --force to import it again as {relative}",
            )
    if not dry_run:
        if raw is not None and (not paths.raw.exists() or paths.raw.read_bytes() != raw):
            atomic_write(paths.raw, raw)
        if outcome.status != UNCHANGED:
            atomic_write(paths.post, rendered.text.encode("utf-8"))
    elif staged is None:
        return outcome  # a dry run of one update: nothing later meets it
    elif outcome.status != UNCHANGED:
        staged[paths.post] = rendered.text
    if index is not None:
        index.remember(update.provenance.blogger_id, paths.post, update.provenance.source_url)
    return outcome
