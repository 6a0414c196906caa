"""``bottomline actors check``: mentions of known actors that posts do not link.

Every alias the registry knows, found in a post's text outside a link, a role or code,
is reported as ``file:line: alias → slug``.  Front matter, code blocks, directive
fences and headings are not checked (the importer links body text only).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bottomline.formats import ACTORS_DIR, POSTS_DIR, split_front_matter
from bottomline.registry import Registry, RegistryError, load_registry

_FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
_DIRECTIVE_FENCE_RE = re.compile(r"^\s*:{3,}")
_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s")


@dataclass(frozen=True)
class Unlinked:
    """A mention of ``slug`` as ``alias`` on ``line`` of ``path`` that is not a link."""

    path: Path
    line: int
    alias: str
    slug: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.alias} → {self.slug}"


def _body_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) of the prose of a MyST page: no front matter, code or headings."""
    lines = text.splitlines()
    split = split_front_matter(text)
    start = split.body_line - 1 if split else 0
    fence: str | None = None
    for index in range(start, len(lines)):
        line = lines[index]
        match = _FENCE_RE.match(line)
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        if match:
            fence = match.group(1)
            continue
        if _DIRECTIVE_FENCE_RE.match(line) or _HEADING_RE.match(line):
            continue
        yield index + 1, line


def unlinked_mentions(path: Path, registry: Registry) -> list[Unlinked]:
    """Every mention of a known actor in the post at ``path`` that is not linked."""
    text = path.read_text(encoding="utf-8")
    found = []
    for number, line in _body_lines(text):
        for mention in registry.find_mentions(line):
            found.append(Unlinked(path, number, line[mention.start : mention.end], mention.slug))
    return found


def check_posts(posts_dir: Path, registry: Registry) -> list[Unlinked]:
    """Unlinked mentions in every post under ``posts_dir``, by file and line."""
    found: list[Unlinked] = []
    for path in sorted(Path(posts_dir).rglob("*.md")):
        found.extend(unlinked_mentions(path, registry))
    return found


def add_actors_command(subparsers: argparse._SubParsersAction) -> None:
    """Register ``actors check`` on the ``bottomline`` command's subparsers."""
    actors = subparsers.add_parser("actors", help="work with the actor glossary")
    actions = actors.add_subparsers(dest="actors_command", required=True)
    check = actions.add_parser(
        "check", help="list mentions of known actors that posts do not link (exit 1 if any)"
    )
    check.add_argument("--posts-dir", type=Path, default=Path(POSTS_DIR))
    check.add_argument("--actors-dir", type=Path, default=Path(ACTORS_DIR))
    check.set_defaults(func=run_check)


def run_check(args: argparse.Namespace) -> int:
    """``bottomline actors check``: print unlinked mentions; 1 if any, 2 on bad input."""
    for directory in (args.posts_dir, args.actors_dir):
        if not Path(directory).is_dir():
            print(f"error: {directory}: no such directory", file=sys.stderr)
            return 2
    try:
        registry = load_registry(args.actors_dir)
    except RegistryError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    found = check_posts(args.posts_dir, registry)
    for unlinked in found:
        print(unlinked)
    if found:
        print(f"{len(found)} unlinked actor mention(s); link them with {{actor}}`…`.")
        return 1
    print(f"every mention of a known actor in {args.posts_dir} is linked")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run ``actors check`` alone (``python -m bottomline.actors_check``)."""
    parser = argparse.ArgumentParser(prog="bottomline")
    add_actors_command(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["actors", "check", *(sys.argv[1:] if argv is None else argv)])
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
