"""The documentation cannot rot: its commands run, its links resolve, its facts are the code's.

Every command in a ``console``, ``sh`` or ``bash`` block of README.md, CONTRIBUTING.md and
docs/*.md is run or checked:

- ``nox -s NAME``: NAME is a session of noxfile.py (read with :mod:`ast`: running nox here
  would install environments); ``nox -l`` and ``nox`` alone are fine;
- ``bottomline …`` and ``python -m bottomline …``: the subcommand and every option exist; a
  synopsis (``[--year YYYY]``, ``SOURCE...``) is only checked, a real command is parsed by
  the real parser and, for ``ingest`` and ``actors check``, run in a copy of the repository
  (``/tmp/bottomline-try`` stands for a fresh folder), its output compared with the lines a
  ``console`` block shows under it;
- ``python tests/<file>.py ARG`` names a file that takes ARG; repository paths exist;
- a few system commands (``python -m pip install``, ``apt-get install``) are allowed as such.

Any other command fails: a new kind of command in the docs needs a rule here.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bottomline.cli import EXIT_LOCKED, build_parser
from conftest import ROOT

DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
SHELL_BLOCKS = {"console", "sh", "bash", "shell"}
#: Written in the docs for a scratch folder; each document's commands get a fresh one.
SCRATCH = "/tmp/bottomline-try"
#: Subcommands the test runs (in a copy of the repository), with the exit statuses that
#: mean the command worked (``actors check`` exits 1 when it lists mentions).
RUNNABLE = {("ingest",): {0}, ("actors", "check"): {0, 1}}
#: Folders whose files the docs name; a path under one of them must exist.
REPO_FOLDERS = ("tests", "src", "docs", "posts", "actors", "benchmarks", ".github", ".ci")
_PLACEHOLDER_RE = re.compile(r"^\[|\]$|\.\.\.$|^[A-Z][A-Z_]*$|…")


# -- reading the docs ----------------------------------------------------------------------------


@dataclass
class Command:
    doc: Path
    line: int
    text: str
    output: list[str] | None = None  # what a console block shows under it, if anything

    def __str__(self) -> str:
        return f"{self.doc.relative_to(ROOT)}:{self.line}: {self.text}"


@dataclass
class Block:
    info: str
    start: int
    lines: list[str] = field(default_factory=list)


def fenced_blocks(text: str) -> list[Block]:
    """Fenced code blocks, also indented ones in list items (info string, first line)."""
    blocks: list[Block] = []
    current: Block | None = None
    fence = ""
    indent = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if current is None:
            match = re.match(r"^(\s*)(`{3,}|~{3,})\s*([\w+-]*)", line)
            if match:
                indent, fence = len(match[1]), match[2]
                current = Block(match[3].lower(), number + 1)
            continue
        stripped = line.strip()
        if stripped.startswith(fence) and set(stripped) == {fence[0]}:
            blocks.append(current)
            current = None
            continue
        current.lines.append(line[indent:] if line[:indent].isspace() else line.lstrip())
    return blocks


def shell_commands(doc: Path) -> list[Command]:
    commands: list[Command] = []
    for block in fenced_blocks(doc.read_text(encoding="utf-8")):
        if block.info not in SHELL_BLOCKS:
            continue
        for offset, line in enumerate(block.lines):
            number = block.start + offset
            if block.info == "console":
                if line.startswith("$ "):
                    commands.append(Command(doc, number, line[2:].strip(), []))
                elif commands and commands[-1].output is not None and line.strip():
                    commands[-1].output.append(line.rstrip())
            elif line.strip() and not line.lstrip().startswith("#"):
                commands.append(Command(doc, number, line.strip()))
    return commands


def prose(text: str) -> str:
    """The text without its fenced blocks (inline code stays)."""
    kept = text.splitlines()
    for block in fenced_blocks(text):
        for index in range(block.start - 2, block.start + len(block.lines)):
            kept[index] = ""
    return "\n".join(kept)


# -- what exists -----------------------------------------------------------------------------------


def nox_sessions() -> set[str]:
    """The sessions noxfile.py registers: ``@nox.session(name=...)`` or the function's name."""
    sessions = set()
    tree = ast.parse((ROOT / "noxfile.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef):
            continue
        for decorator in node.decorator_list:
            call = decorator if isinstance(decorator, ast.Call) else None
            target = call.func if call else decorator
            if ast.unparse(target) != "nox.session":
                continue
            names = [k.value for k in (call.keywords if call else []) if k.arg == "name"]
            given = [n.value for n in names if isinstance(n, ast.Constant)]
            sessions.add(str(given[0]) if given else node.name)
    return sessions


def _subparser(argv: list[str]) -> tuple[argparse.ArgumentParser, tuple[str, ...], list[str]]:
    """The (sub)parser argv reaches, the subcommand words, and the arguments after them."""
    parser: argparse.ArgumentParser = build_parser()
    words: list[str] = []
    rest = list(argv)
    while rest:
        actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not actions or rest[0] not in actions[0].choices:
            break
        words.append(rest[0])
        parser = actions[0].choices[rest.pop(0)]
    return parser, tuple(words), rest


class Stale(AssertionError):
    """A command in the docs that does not work."""


def check_repo_paths(tokens: list[str]) -> None:
    for token in tokens:
        in_repo = token.split("/", 1)[0] in REPO_FOLDERS and "/" in token
        if in_repo and not list(ROOT.glob(token)):
            raise Stale(f"{token}: no such file in the repository")


def check_nox(args: list[str], sessions: set[str]) -> None:
    own = args[: args.index("--")] if "--" in args else args
    check_repo_paths(args[len(own) :])
    if own in ([], ["-l"], ["--list"]):
        return
    if len(own) == 2 and own[0] in ("-s", "--session"):
        if own[1] not in sessions:
            raise Stale(f"nox has no session {own[1]!r} (it has: {', '.join(sorted(sessions))})")
        return
    raise Stale(f"nox {' '.join(own)}: not a form the docs use (nox, nox -l, nox -s NAME)")


def check_bottomline(argv: list[str], names_only: bool = False) -> tuple[tuple[str, ...], bool]:
    """Check a ``bottomline`` command; (its subcommand, whether it is a synopsis).

    ``names_only``: only the subcommand and the option names (a command quoted in prose).
    """
    parser, words, rest = _subparser(argv)
    if not words and not any(t in ("-h", "--help", "--version") for t in rest):
        raise Stale(f"bottomline has no subcommand {rest[:1]}")
    options = set(parser._option_string_actions)
    synopsis = names_only or any(_PLACEHOLDER_RE.search(token) for token in rest)
    for token in rest:
        option = token.strip("[]").split("=", 1)[0]
        if option.startswith("--") and option not in options:
            raise Stale(f"bottomline {' '.join(words)} has no option {option}")
    if not synopsis:
        try:
            build_parser().parse_args(argv)
        except SystemExit as stop:
            if stop.code:
                raise Stale(f"bottomline {' '.join(argv)}: the parser rejects it") from None
        check_repo_paths(rest)
    return words, synopsis


# -- running ---------------------------------------------------------------------------------------


def repository_copy(destination: Path) -> Path:
    ignore = shutil.ignore_patterns(
        ".git", ".nox", "_build", ".mypy_cache", ".ruff_cache", ".hypothesis", "__pycache__"
    )
    shutil.copytree(ROOT, destination, ignore=ignore)
    return destination


def run_bottomline(command: Command, argv: list[str], copy: Path, scratch: Path) -> None:
    words = _subparser(argv)[1]
    real = [a.replace(SCRATCH, str(scratch)) for a in argv]
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "bottomline", *real],
        cwd=copy,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    allowed = {0} if "--help" in argv else RUNNABLE[words]
    if result.returncode not in allowed:
        raise Stale(f"exit status {result.returncode}: {result.stderr.strip()[-500:]}")
    if command.output:
        printed = [line.replace(str(scratch), SCRATCH) for line in result.stdout.splitlines()]
        if printed != command.output:
            raise Stale("it prints\n" + "\n".join(printed) + "\nnot\n" + "\n".join(command.output))


def check_command(command: Command, sessions: set[str], copy: Path | None, scratch: Path) -> None:
    """Raise :class:`Stale` unless the command works (runs it where that is possible)."""
    lexer = shlex.shlex(command.text, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    tokens = list(lexer)
    parts: list[list[str]] = [[]]
    for token in tokens:
        if token in ("&&", "||", "|", ";"):
            parts.append([])
        else:
            parts[-1].append(token)
    for argv in parts:
        if not argv:
            raise Stale("an empty command")
        program, args = argv[0], argv[1:]
        if program == "nox":
            check_nox(args, sessions)
        elif program == "bottomline" or argv[:3] == ["python", "-m", "bottomline"]:
            argv = args if program == "bottomline" else argv[3:]
            words, synopsis = check_bottomline(argv)
            runnable = words in RUNNABLE or "--help" in argv
            if not synopsis and runnable and copy is not None:
                run_bottomline(command, argv, copy, scratch)
        elif argv[:4] == ["python", "-m", "pip", "install"]:
            continue
        elif program == "python" and args and args[0].endswith(".py"):
            script = ROOT / args[0]
            if not script.is_file():
                raise Stale(f"{args[0]}: no such file")
            missing = [a for a in args[1:] if a not in script.read_text(encoding="utf-8")]
            if missing:
                raise Stale(f"{args[0]} takes no {missing}")
        elif argv[:2] == ["apt-get", "install"]:
            continue
        else:
            raise Stale(f"no rule for {program!r} in tests/test_docs.py")


# -- the tests -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sessions() -> set[str]:
    found = nox_sessions()
    assert {"build", "tests", "serve", "ingest", "lint"} <= found
    return found


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shell_command_in_the_docs_works(doc: Path, sessions, tmp_path: Path):
    copy = repository_copy(tmp_path / "repo")
    scratch = tmp_path / "try"
    problems = []
    for command in shell_commands(doc):
        try:
            check_command(command, sessions, copy, scratch)
        except Stale as stale:
            problems.append(f"{command}\n    {stale}")
    assert problems == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_commands_in_the_prose_name_real_sessions_and_options(doc: Path, sessions):
    text = prose(doc.read_text(encoding="utf-8"))
    problems = []
    for name in re.findall(r"nox -s ([\w-]+)", text):
        if name not in sessions:
            problems.append(f"nox -s {name}: no such session")
    for span in re.findall(r"`+\s?([^`]+?)\s?`+", text):
        start = span.find("bottomline ")
        if start < 0 or span[:start].strip() not in ("", "pbpaste \\|", "python -m"):
            continue
        line = re.split(r"\s\\?\|\s", span[start:])[0]
        try:
            check_bottomline(shlex.split(line)[1:], names_only=True)
        except (Stale, ValueError) as stale:
            problems.append(f"{span}: {stale}")
    assert problems == []


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", ""))
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = prose(path.read_text(encoding="utf-8"))
    return {_slug(m) for m in re.findall(r"^#{1,6}\s+(.+?)\s*$", text, re.MULTILINE)}


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_links_between_the_docs_resolve(doc: Path):
    text = re.sub(r"`[^`\n]*`", "", prose(doc.read_text(encoding="utf-8")))
    problems = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"^[a-z]+:", target):
            continue
        path_part, _, anchor = target.partition("#")
        path = (doc.parent / path_part).resolve() if path_part else doc
        if not path.exists():
            problems.append(f"{target}: no such file")
        elif anchor and path.suffix == ".md" and anchor not in _anchors(path):
            problems.append(f"{target}: no heading with that anchor in {path.name}")
    assert problems == []


def test_the_readme_opens_with_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    before, block = text.split("```sh\n", 1)
    title, *paragraphs = [p for p in before.split("\n\n") if p.strip()]
    assert title.startswith("# ") and len(paragraphs) <= 1
    assert block.split("```", 1)[0].splitlines() == [
        "python -m pip install nox && nox -s build    # builds the archive into _build/html",
        "python -m pip install nox && nox -s tests    # runs the whole test suite",
    ]
    assert len(text.splitlines()) <= 100, "README.md is the entry point: keep it short"
    for doc in ("docs/editing.md", "docs/importing.md", "docs/extension.md",
                "docs/search-internals.md", "CONTRIBUTING.md", "SECURITY.md"):  # fmt: skip
        assert f"]({doc})" in text, doc


def test_the_lock_message_and_status_are_the_ones_the_docs_quote(tmp_path: Path):
    from bottomline.importer.lock import ingest_lock

    source = ROOT / "tests/fixtures/raw/archive-json-in-script.js"
    (tmp_path / "posts").mkdir()
    with ingest_lock(tmp_path, say=lambda _text: None):
        result = subprocess.run(
            [sys.executable, "-m", "bottomline", "ingest", str(source)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
    assert result.returncode == EXIT_LOCKED == 75
    printed = re.sub(r"pid \d+", "pid …", result.stderr.strip())
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert f"`{printed}` and exit status {EXIT_LOCKED}" in readme
    importing = (ROOT / "docs/importing.md").read_text(encoding="utf-8")
    assert re.sub(r"pid \d+", "pid …", printed) in re.sub(r"pid \d+", "pid …", importing)
    assert f"exit status {EXIT_LOCKED}" in importing
    assert list((tmp_path / "posts").iterdir()) == [], "nothing was done"


def test_search_internals_names_what_the_code_has():
    from bottomline.records import ActorRecord, PostRecord
    from bottomline.sphinxext import search, state

    text = (ROOT / "docs/search-internals.md").read_text(encoding="utf-8")
    # The scripts, in their load order.
    positions = [text.find(f"| `{name}` |") for name in search.JS_FILES]
    assert -1 not in positions and positions == sorted(positions)
    assert f"now `{search.META_VERSION}`" in text
    # Every metadata field, top level and per row.
    import datetime as dt

    post = PostRecord(title="T", date=dt.date(2025, 1, 2), edition="AM", docname="posts/p")
    actor = ActorRecord(slug="a", name="A", kind="party")
    view = state.derive_from({"posts/p": post}, {"actors/a": actor}, {})
    meta = search.search_meta(view, ["posts/p", "actors/a"])
    meta["phrases"] = {"files": 1, "key": ""}
    fields = {*meta, *meta["posts"][0], *meta["actors"][0], *meta["phrases"]}
    assert [f for f in sorted(fields) if f"`{f}`" not in text] == []
    # The settings with their defaults, and every hook the extension connects.
    recorded: dict[str, list[Any]] = {"config": [], "events": []}

    class Recorder:
        def add_config_value(self, name: str, default: Any, *args: Any, **kwargs: Any) -> None:
            recorded["config"].append((name, default))

        def connect(self, event: str, handler: Any, priority: int = 500) -> None:
            recorded["events"].append((event, handler, priority))

        def __getattr__(self, name: str) -> Any:
            return lambda *args, **kwargs: None

    search.setup_search(Recorder())  # type: ignore[arg-type]
    for name, default in recorded["config"]:
        assert f"| `{name}` | `{default!r}`".replace("'", '"') in text, name
    for event, handler, priority in recorded["events"]:
        name = getattr(handler, "func", handler)
        qualname = getattr(name, "__qualname__", "")
        row = f"| `{event}`" + (f" (priority {priority})" if priority != 500 else "") + " |"
        assert f"{row} `{qualname}` |" in text, (event, qualname)


# -- the checker catches what has gone stale -------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "nox -s no-such-session",
        "python -m pip install nox && nox -s biuld",
        "bottomline ingest --no-such-option x.txt",
        "bottomline no-such-command",
        "bottomline ingest [--posts-dir posts] [--yeer YYYY] SOURCE...",
        "bottomline ingest --year 1066 tests/fixtures/raw/archive-json-in-script.js",
        "bottomline search-check --site _build/html tests/no-such-queries.toml",
        "python tests/test_fold_parity.py --rewrite",
        "make html",
    ],
)
def test_a_stale_command_fails(text: str, sessions, tmp_path: Path):
    with pytest.raises(Stale):
        check_command(Command(ROOT / "README.md", 1, text), sessions, None, tmp_path)


def test_a_command_printing_other_output_fails(sessions, tmp_path: Path):
    copy = repository_copy(tmp_path / "repo")
    shown = Command(
        ROOT / "README.md",
        1,
        "bottomline ingest --dry-run tests/fixtures/raw/archive-empty-feed.atom.xml",
        ["created 1, updated 0, unchanged 0, skipped 0, failed 0"],
    )
    with pytest.raises(Stale, match="it prints"):
        check_command(shown, sessions, copy, tmp_path / "try")
