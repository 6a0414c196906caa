"""``bottomline ingest``: the command line other tools rely on."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bottomline.cli import main
from helpers import DINARDESK, RAW

PORTS = RAW / "2025-11-03-am-ports-tariffs.txt"
BONDS = RAW / "2025-11-05-pm-bonds-and-salaries.txt"
PAGE = RAW / "2025-11-07-pm-power-before-winter.html"
FEED = RAW / "sampledesk-2025-11.atom.xml"
BROKEN_FEED = RAW / "feed-with-broken-entry.atom.xml"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """An empty project directory, the working directory of the command."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *args: str) -> tuple[int, list[str]]:
    status = main(["ingest", *args])
    return status, capsys.readouterr().out.splitlines()


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])


def test_text_html_and_feed_in_one_command(project, capsys):
    status, lines = run(capsys, "--year", "2025", str(PORTS), str(BONDS), str(PAGE), str(FEED))
    assert status == 0
    assert lines == [
        "created posts/2025/2025-11-03-am-ports-tariffs-and-the-dinar.md",
        "created posts/2025/2025-11-05-pm-bonds-and-salaries.md",
        "created posts/2025/2025-11-07-pm-power-before-winter.md",
        "created posts/2025/2025-11-12-pm-wheat-and-water.md",
        f"skipped {FEED} entry 2 ('Members Call Moves to Wednesday') "
        "(not an update: no bottom line ('The bottom line is that …' or 'Bottom line:'))",
        "created posts/2025/2025-11-10-am-the-wage-bill.md",
        "created posts/2025/2025-11-08-am-the-street-rate.md",
        "created 6, updated 0, unchanged 0, skipped 1, failed 0",
    ]
    raws = sorted(p.name for p in (project / "raw" / "2025").iterdir())
    assert raws == [
        "2025-11-03-am-ports-tariffs-and-the-dinar.txt",
        "2025-11-05-pm-bonds-and-salaries.txt",
        "2025-11-07-pm-power-before-winter.html",
        "2025-11-08-am-the-street-rate.xml-entry.html",
        "2025-11-10-am-the-wage-bill.xml-entry.html",
        "2025-11-12-pm-wheat-and-water.xml-entry.html",
    ]
    # The edition of "The Street Rate November 8" comes from its 07:30 publication time.
    assert front(project / "posts/2025/2025-11-08-am-the-street-rate.md")["edition"] == "AM"


def test_a_second_run_is_unchanged_and_byte_identical(project, capsys):
    run(capsys, "--year", "2025", str(PORTS), str(FEED))
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    status, lines = run(capsys, "--year", "2025", str(PORTS), str(FEED))
    assert status == 0
    assert lines[-1] == "created 0, updated 0, unchanged 4, skipped 1, failed 0"
    assert all(line.startswith(("unchanged ", "skipped ")) for line in lines[:-1])
    after = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    assert after == before


def test_kept_raw_originals_can_be_ingested_again(project, capsys):
    run(capsys, "--year", "2025", str(PORTS), str(PAGE), str(FEED))
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    # docs/importing.md: "`bottomline ingest raw/*/*` re-imports everything", with no --year: a kept
    # copied text has no year in it, its name ("2025-11-03-am-…txt") gives it.
    raws = sorted(str(p) for p in (project / "raw" / "2025").iterdir())
    status, lines = run(capsys, *raws)
    assert status == 0
    assert lines[-1] == "created 0, updated 0, unchanged 5, skipped 0, failed 0"
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_standard_input_is_text(project, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BONDS.read_bytes())))
    status, lines = run(capsys, "--year", "2025", "-")
    assert (status, lines[0]) == (0, "created posts/2025/2025-11-05-pm-bonds-and-salaries.md")
    raw = project / "raw/2025/2025-11-05-pm-bonds-and-salaries.txt"
    assert raw.read_bytes() == BONDS.read_bytes()  # CRLF and all


def test_without_a_year_text_fails_with_a_clear_message(project, capsys):
    undated = project / "ports.txt"
    undated.write_bytes(PORTS.read_bytes())
    status, lines = run(capsys, "ports.txt")
    assert status == 1
    assert lines[0] == (
        "failed ports.txt (no year known for 'November 3': the source has no date metadata; "
        "give it with --year YYYY)"
    )
    assert not (project / "posts").exists()


def test_a_file_name_starting_with_the_date_gives_the_year(project, capsys):
    inputs = project / "inputs"
    inputs.mkdir()
    (inputs / "2024-11-03 copied.txt").write_bytes(PORTS.read_bytes())
    (inputs / "2024-11-04-ports.txt").write_bytes(PORTS.read_bytes())  # another day
    # A title without a date takes the whole date from the name.
    undated_title = BONDS.read_bytes().replace(b" November 5, PM", b" (PM)")
    (inputs / "2024-11-05-bonds.txt").write_bytes(undated_title)
    status, lines = run(
        capsys, *(str(inputs / name) for name in sorted(p.name for p in inputs.iterdir()))
    )
    assert lines == [
        "created posts/2024/2024-11-03-am-ports-tariffs-and-the-dinar.md",
        # A day the name does not give: the post before it gives the year (2024).
        "unchanged posts/2024/2024-11-03-am-ports-tariffs-and-the-dinar.md",
        "created posts/2024/2024-11-05-pm-bonds-and-salaries.md",
        "created 2, updated 0, unchanged 1, skipped 0, failed 0",
    ]
    status, lines = run(capsys, str(inputs / "2024-11-04-ports.txt"))
    assert lines[0] == (
        "failed inputs/2024-11-04-ports.txt (no year known for 'November 3': the source has "
        "no date metadata and the file name's date (2024-11-04) is another day; give it with "
        "--year YYYY)"
    )


def test_an_explicit_year_wins_over_the_file_name_for_the_first_post(project, capsys):
    source = project / "2024-11-03-ports.txt"
    source.write_bytes(PORTS.read_bytes())
    status, lines = run(capsys, "--year", "2025", str(source))
    assert lines[0] == "created posts/2025/2025-11-03-am-ports-tariffs-and-the-dinar.md"


def test_december_then_january_crosses_the_year(project, capsys, tmp_path):
    december = tmp_path / "dec.txt"
    january = tmp_path / "jan.txt"
    december.write_bytes(PORTS.read_bytes().replace(b"November 3, AM", b"December 30, AM"))
    january.write_bytes(BONDS.read_bytes().replace(b"November 5, PM", b"January 2, PM"))
    status, lines = run(capsys, "--year", "2025", str(december), str(january))
    assert status == 0
    assert lines[:2] == [
        "created posts/2025/2025-12-30-am-ports-tariffs-and-the-dinar.md",
        "created posts/2026/2026-01-02-pm-bonds-and-salaries.md",
    ]
    assert (project / "raw/2026/2026-01-02-pm-bonds-and-salaries.txt").exists()


def test_a_broken_feed_entry_fails_alone_and_the_exit_status_says_so(project, capsys):
    status, lines = run(capsys, str(BROKEN_FEED), str(PORTS), "--year", "2025")
    assert status == 1
    assert lines == [
        "created posts/2025/2025-11-14-am-wheat-and-water.md",
        f'failed {BROKEN_FEED} entry 2 ("What\'s New in Iraq: Half a Post November 13, PM") '
        "(the post has no closing 'What It All Means' section)",
        "created posts/2025/2025-11-13-am-the-street-rate.md",
        "created posts/2025/2025-11-03-am-ports-tariffs-and-the-dinar.md",
        "created 3, updated 0, unchanged 0, skipped 0, failed 1",
    ]
    assert not list(project.rglob("*half-a-post*"))
    assert not list(project.rglob("*.tmp"))


def test_every_bad_source_fails_alone(project, capsys):
    inputs = project / "inputs"
    inputs.mkdir()
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (inputs / "page.html").write_text("<html><body><p>The bottom line is that x.</p></body></html>")
    (inputs / "feed.xml").write_text("<feed><entry>")
    names = ["empty.txt", "photo.txt", "page.html", "feed.xml", "missing.txt"]
    status, lines = run(
        capsys, "--year", "2025", *(str(inputs / name) for name in names), str(inputs), str(PORTS)
    )
    assert status == 1
    # libxml2 words its own message; the line names the file and says what is wrong.
    assert lines[3].startswith("failed inputs/feed.xml (the feed is not well-formed XML (line 1: ")
    del lines[3]
    assert lines == [
        "failed inputs/empty.txt (the file is empty)",
        "failed inputs/photo.txt (the file is binary, not text)",
        "failed inputs/page.html (no Blogger post body (div.post-body) in the page)",
        "failed inputs/missing.txt (no such file)",
        "failed inputs (is a directory, not a file)",
        "created posts/2025/2025-11-03-am-ports-tariffs-and-the-dinar.md",
        "created 1, updated 0, unchanged 0, skipped 0, failed 6",
    ]


def test_hand_edited_posts_are_skipped_and_force_overwrites(project, capsys):
    run(capsys, "--year", "2025", str(PORTS))
    post = project / "posts/2025/2025-11-03-am-ports-tariffs-and-the-dinar.md"
    post.write_text(post.read_text().replace("Morning, all.", "Good morning."))
    status, lines = run(capsys, "--year", "2025", str(PORTS))
    assert status == 0
    assert lines[0] == (
        f"skipped {PORTS} (posts/2025/2025-11-03-am-ports-tariffs-and-the-dinar.md was edited by "
        "hand (body differs from what the importer wrote); use --force to overwrite)"
    )
    status, lines = run(capsys, "--year", "2025", "--force", str(PORTS))
    assert lines[0] == "updated posts/2025/2025-11-03-am-ports-tariffs-and-the-dinar.md (forced)"
    assert "Morning, all." in post.read_text()


def test_dry_run_reports_and_writes_nothing(project, capsys):
    status, lines = run(capsys, "--dry-run", "--year", "2025", str(PORTS))
    assert status == 0
    assert lines == [
        "created posts/2025/2025-11-03-am-ports-tariffs-and-the-dinar.md (dry run)",
        "created 1, updated 0, unchanged 0, skipped 0, failed 0 (dry run: nothing written)",
    ]
    assert list(project.iterdir()) == []


# Batches in which an entry meets what an earlier one wrote: the dry run must say what the
# real run then does.
DRY_RUN_BATCHES = {
    "page-then-copy": ["archive-same-post-page.html", "archive-same-post-copy.txt"],
    "copy-then-page": ["archive-same-post-copy.txt", "archive-same-post-page.html"],
    "atom-then-rss": ["archive-same-post.atom.xml", "archive-same-post.rss.xml"],
    "the-same-feed-twice": ["sampledesk-2025-11.atom.xml", "sampledesk-2025-11.atom.xml"],
    "copies-then-pages": [
        "2025-11-07-pm-power-before-winter.txt",
        "2025-11-17-pm-rain-and-patience.txt",
        "2025-11-07-pm-power-before-winter.html",
        "2025-11-17-pm-rain-and-patience.html",
        "2025-11-07-pm-power-before-winter.txt",
    ],
}


@pytest.mark.parametrize("names", DRY_RUN_BATCHES.values(), ids=DRY_RUN_BATCHES)
def test_a_dry_run_reports_what_the_real_run_does(project, capsys, names):
    sources = [str(RAW / name) for name in names]
    dry_status, dry = run(capsys, "--dry-run", "--year", "2025", *sources)
    assert list(project.iterdir()) == []
    status, real = run(capsys, "--year", "2025", *sources)
    assert (dry_status, [line.removesuffix(" (dry run)") for line in dry[:-1]]) == (
        status,
        real[:-1],
    )
    assert dry[-1] == real[-1] + " (dry run: nothing written)"
    assert any(line.startswith(("skipped", "unchanged")) for line in real), real


def write_actor(actors: Path, slug: str, name: str, kind: str, *aliases: str) -> None:
    actors.mkdir(exist_ok=True)
    meta = yaml.safe_dump({"name": name, "kind": kind, "aliases": list(aliases)})
    (actors / f"{slug}.md").write_text(f"---\n{meta}---\n\n# {name}\n")


def test_known_actors_become_links(project, capsys):
    write_actor(project / "actors", "rafidain-bank", "Rafidain Bank", "company", "Rafidain")
    status, lines = run(capsys, "--year", "2025", str(BONDS))
    assert (status, lines[0]) == (0, "created posts/2025/2025-11-05-pm-bonds-and-salaries.md")
    post = project / "posts/2025/2025-11-05-pm-bonds-and-salaries.md"
    assert "  - Most of the buyers were {actor}`Rafidain <rafidain-bank>` and Rasheed banks." in (
        post.read_text()
    )
    assert front(post)["actors"] == ["rafidain-bank"]


def test_names_that_look_like_actors_are_printed_per_post(project, capsys, tmp_path):
    write_actor(
        project / "actors", "central-bank-of-iraq", "Central Bank of Iraq", "state-body", "CBI"
    )
    text = PORTS.read_bytes().replace(
        b"Morning, all.", b"Morning, all. The Badr Organization met the CBI."
    )
    source = tmp_path / "with-actors.txt"
    source.write_bytes(text)
    status, lines = run(capsys, "--year", "2025", str(source))
    assert status == 0
    assert lines[1].startswith("  not in the actor registry: ")
    assert "Badr Organization" in lines[1]
    post = project / "posts/2025/2025-11-03-am-ports-tariffs-and-the-dinar.md"
    assert "{actor}`CBI <central-bank-of-iraq>`" in post.read_text()


def test_new_actors_creates_stub_pages_and_links_them(project, capsys, tmp_path):
    write_actor(
        project / "actors", "central-bank-of-iraq", "Central Bank of Iraq", "state-body", "CBI"
    )
    text = PORTS.read_bytes().replace(
        b"Morning, all.", b"Morning, all. The Badr Organization met the CBI."
    )
    source = tmp_path / "with-actors.txt"
    source.write_bytes(text)

    status, lines = run(capsys, "--new-actors", "--dry-run", "--year", "2025", str(source))
    assert status == 0
    assert "would create an actor page for 'Badr Organization' (dry run)" in lines
    assert not (project / "actors/badr-organization.md").exists()

    status, lines = run(capsys, "--new-actors", "--year", "2025", str(source))
    assert status == 0
    stub = project / "actors/badr-organization.md"
    assert (
        f"created actor page {Path('actors/badr-organization.md')} (a stub: complete it by hand)"
        in lines
    )
    assert front(stub)["name"] == "Badr Organization"
    post = project / "posts/2025/2025-11-03-am-ports-tariffs-and-the-dinar.md"
    # Linked in the same run, and listed in the front matter.
    assert "{actor}`Badr Organization <badr-organization>`" in post.read_text()
    assert "badr-organization" in front(post)["actors"]
    assert not [line for line in lines if "not in the actor registry" in line and "Badr" in line]

    # A second run never overwrites the (maybe completed) stub.
    stub.write_text(stub.read_text().replace("No profile yet.", "Written by hand."))
    run(capsys, "--new-actors", "--year", "2025", str(source))
    assert "Written by hand." in stub.read_text()


def test_new_actors_never_duplicates_a_known_actor_in_the_possessive(project, capsys, tmp_path):
    write_actor(
        project / "actors",
        "kataib-hezbollah",
        "Kata'ib Hezbollah",
        "armed-group",
        "Kataib Hezbollah",
    )
    text = PORTS.read_bytes().replace(
        b"Morning, all.",
        b"Morning, all. Kataib Hezbollahs words were clear; the Saraya Awliya al-Dams men "
        b"listened, and Saraya Awliya al-Dam said nothing.",
    )
    source = tmp_path / "possessives.txt"
    source.write_bytes(text)
    status, lines = run(capsys, "--new-actors", "--year", "2025", str(source))
    assert status == 0
    assert sorted(p.name for p in (project / "actors").iterdir()) == [
        "kataib-hezbollah.md",
        "saraya-awliya-al-dam.md",
    ]
    assert [line for line in lines if "actor page" in line] == [
        f"created actor page {Path('actors/saraya-awliya-al-dam.md')} (a stub: complete it by hand)"
    ]
    assert not [line for line in lines if "not in the actor registry" in line]


def test_an_unusable_actors_directory_stops_before_anything_is_written(project, capsys):
    status = main(["ingest", "--actors-dir", "nowhere", "--year", "2025", str(PORTS)])
    assert status == 2
    assert "error: nowhere: no such directory" in capsys.readouterr().err
    (project / "actors").mkdir()
    (project / "actors" / "bad.md").write_text("no front matter\n")
    status = main(["ingest", "--year", "2025", str(PORTS)])
    assert status == 2
    assert "actors/bad.md: no front matter" in capsys.readouterr().err
    assert not (project / "posts").exists()


def test_python_dash_m_bottomline_without_a_terminal_has_no_progress_bar(project):
    result = subprocess.run(
        [sys.executable, "-m", "bottomline", "ingest", "--year", "2025", str(PORTS), str(FEED)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout + result.stderr  # no terminal control codes
    assert (
        result.stdout.splitlines()[-1] == "created 4, updated 0, unchanged 0, skipped 1, failed 0"
    )


def test_output_closed_early_stops_quietly(project):
    """`bottomline ingest … | head -1`: no traceback when the reader has gone."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line: every write fails
    try:
        result = subprocess.run(
            [sys.executable, "-m", "bottomline", "ingest", "--dry-run", str(FEED)],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(write_end)
    assert result.stderr == ""
    assert result.returncode == 141  # as a shell reports a process ended by SIGPIPE
    assert not (project / "posts").exists()


def test_the_console_script_is_installed():
    script = shutil.which("bottomline", path=str(Path(sys.executable).parent))
    assert script is not None
    result = subprocess.run(
        [script, "ingest", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    for option in ("--posts-dir", "--actors-dir", "--year", "--dry-run", "--force", "SOURCE"):
        assert option in result.stdout
    # Every kind of source the reader takes is named (argparse may wrap at a hyphen).
    sources = " ".join(result.stdout.split()).replace("- ", "-")
    for kind in (".html", ".mhtml", "RSS", "Takeout", "?alt=json", "json-in-script", ".js"):
        assert kind in sources, kind


def _own_samples() -> list[str]:
    names = ("2025-*.txt", "2025-*.html", "sampledesk-2025-11.atom.xml")
    return [str(p) for name in names for p in sorted(RAW.glob(name))]


def _dinardesk_samples() -> list[str]:
    return sorted(str(p) for p in DINARDESK.iterdir() if p.suffix in (".txt", ".html", ".xml"))


# Two separate batches.  In the Sample Desk set two updates come as copied text and as their
# post page: the page, later in the batch, is kept (it has the address and Blogger id the copy
# lacks), so those two copies are "skipped" as the same post.  The Dinar Desk set holds a feed
# whose announcement is skipped.
SAMPLE_SETS = [
    pytest.param(_own_samples, "created 7, updated 0, unchanged 0, skipped 3, failed 0", id="own"),
    pytest.param(
        _dinardesk_samples, "created 7, updated 0, unchanged 0, skipped 1, failed 0", id="dinardesk"
    ),
]


@pytest.mark.parametrize(("samples", "summary"), SAMPLE_SETS)
def test_the_samples_all_import(project, capsys, samples, summary):
    status, lines = run(capsys, "--year", "2025", *samples())
    assert status == 0, lines
    assert lines[-1] == summary


def test_on_a_terminal_a_long_feed_shows_a_progress_bar(project):
    """`bottomline ingest` on a pseudo-terminal: the "Importing" bar, and every post created."""
    import fcntl
    import pty
    import select
    import struct
    import termios

    from bottomline.bench import Writer
    from bottomline.bench_ingest import raw_updates, write_raw

    root = Path(__file__).resolve().parent.parent
    writer = Writer.for_archive(root, root / "actors", seed=5)
    [feed] = write_raw(raw_updates(30, writer), "feed", project / "in")
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120"}
    for name in ("NO_COLOR", "TERM_PROGRAM", "CI", "FORCE_COLOR"):
        env.pop(name, None)
    command = [sys.executable, "-m", "bottomline", "ingest", str(feed)]
    command += ["--posts-dir", "posts", "--actors-dir", str(root / "actors")]
    try:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, env=env
        )
    finally:
        os.close(slave)
    output = b""
    try:
        while True:  # read as it comes, so the child never blocks on a full terminal
            ready, _, _ = select.select([master], [], [], 60)
            if not ready:
                break
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            output += chunk
        status = process.wait(timeout=60)
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
    text = output.decode("utf-8", "replace")
    assert status == 0, text
    assert "Importing" in text
    assert "created 30, updated 0, unchanged 0, skipped 0, failed 0" in text
    assert len(list((project / "posts").rglob("*.md"))) == 30
