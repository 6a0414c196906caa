"""The build under faults: a damaged environment, no network, malformed actor pages.

Each fault is made for real on a copy of a small root, and the build is ``sphinx-build`` in a
subprocess, as ``nox -s build`` runs it.
"""

from __future__ import annotations

import pickle
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import sphinx_build

ROOTS = Path(__file__).parent / "roots"
REPO = Path(__file__).parent.parent
STRICT = ("-n", "-W", "--keep-going")


def pages(outdir: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(outdir)): path.read_bytes() for path in sorted(outdir.rglob("*.html"))
    }


@pytest.fixture
def site(tmp_path: Path) -> Path:
    source = tmp_path / "src"
    shutil.copytree(ROOTS / "test-actors", source)
    return source


def build(source: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return sphinx_build(source, out / "html", *STRICT, *extra, doctrees=out / "doctrees")


def assert_no_traceback(done: subprocess.CompletedProcess[str]) -> None:
    output = done.stdout + done.stderr
    assert "Traceback" not in output and "Exception occurred" not in output, output[-3000:]


# -- a damaged environment ---------------------------------------------------------------------


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _older_env_version(path: Path) -> None:
    with path.open("rb") as stream:
        env = pickle.load(stream)
    env.version["bottomline.sphinxext"] -= 1  # what an older release of ours pickled
    with path.open("wb") as stream:
        pickle.dump(env, stream, pickle.HIGHEST_PROTOCOL)


def _garbage(path: Path) -> None:
    path.write_bytes(b"not a pickle at all\x00\xff")


@pytest.mark.parametrize(
    ("damage", "notice"),
    [
        (_truncate, r"loading pickled environment\.\.\. failed: .*"),
        (_garbage, r"loading pickled environment\.\.\. failed: .*"),
        (_older_env_version, r"loading pickled environment\.\.\. failed: .*version.*"),
    ],
    ids=["truncated", "garbage", "older-env-version"],
)
def test_a_damaged_environment_gives_a_full_build_with_a_one_line_notice(
    site: Path, tmp_path: Path, damage, notice: str
):
    first = build(site, tmp_path / "out")
    assert first.returncode == 0, first.stderr
    # A post changes, then the environment is damaged: the next build must not show stale pages.
    post = next((site / "posts").rglob("*.md"))
    post.write_text(post.read_text().replace("# ", "# Changed: ", 1))
    damage(tmp_path / "out" / "doctrees" / "environment.pickle")
    again = build(site, tmp_path / "out")
    assert again.returncode == 0, again.stderr
    assert_no_traceback(again)
    assert len(re.findall(notice, again.stdout)) == 1, again.stdout
    assert build(site, tmp_path / "fresh", "-E").returncode == 0
    assert pages(tmp_path / "out" / "html") == pages(tmp_path / "fresh" / "html")


def test_damaged_phrase_positions_give_a_full_build_not_a_traceback(site: Path, tmp_path: Path):
    first = build(site, tmp_path / "out")
    assert first.returncode == 0, first.stderr
    phrases = list((tmp_path / "out" / "doctrees").glob("bottomline-phrases*"))
    assert phrases, "the phrase positions were not stored beside the environment"
    for path in phrases:
        _truncate(path)
    post = next((site / "posts").rglob("*.md"))
    post.write_text(post.read_text().replace("# ", "# Changed: ", 1))
    again = build(site, tmp_path / "out")
    assert again.returncode == 0, again.stdout + again.stderr
    assert_no_traceback(again)
    assert build(site, tmp_path / "fresh", "-E").returncode == 0
    assert pages(tmp_path / "out" / "html") == pages(tmp_path / "fresh" / "html")
    for name in ("searchindex.js", "bottomline-phrases.js"):
        ours, theirs = tmp_path / "out" / "html" / name, tmp_path / "fresh" / "html" / name
        if theirs.exists():
            assert ours.read_bytes() == theirs.read_bytes(), name


# -- no network --------------------------------------------------------------------------------


def test_the_archive_builds_with_networking_disabled(tmp_path: Path):
    """The repository's own site, in a network namespace with no interface but loopback."""
    assert shutil.which("unshare"), "unshare (util-linux) is needed for this test"
    command = ["unshare", "-n", sys.executable, "-m", "sphinx", "-b", "html", "-q", *STRICT]
    command += ["-j", "2", "-d", str(tmp_path / "dt"), str(REPO), str(tmp_path / "html")]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    assert (tmp_path / "html" / "index.html").exists()


# -- malformed actor pages ---------------------------------------------------------------------

PROFILE = "\n# {name}\n\nA test profile.\n"


def _actor(front: str, name: str = "Test Actor") -> str:
    return f"---\n{front}---\n" + PROFILE.format(name=name)


@pytest.mark.parametrize(
    ("filename", "text", "problem"),
    [
        (
            "bad-yaml.md",
            _actor("name: Bad Yaml\nkind: [person\n"),
            r"bad-yaml\.md:\d+: (WARNING|ERROR): .*(YAML|front matter)",
        ),
        (
            "kataib-hezbollah-2.md",
            _actor("name: Kata'ib Hezbollah\nslug: kataib-hezbollah\nkind: militia\n"),
            r"kataib-hezbollah-2\.md:\d+: WARNING: .*(kataib-hezbollah|Kata'ib Hezbollah)",
        ),
        (
            "khalid-hamid.md",
            _actor("name: Khalid Hamid\nkind: person\naliases:\n- KH\n"),
            r"khalid-hamid\.md:\d+: WARNING: alias 'KH' is also claimed by",
        ),
        (
            "wrong-kind.md",
            _actor("name: Wrong Kind\nkind: spaceship\n"),
            r"wrong-kind\.md:\d+: WARNING: .*kind.*'spaceship'",
        ),
        (
            "lost-link.md",
            _actor("name: Lost Link\nkind: person\naffiliations:\n- no-such-page\n"),
            r"lost-link\.md:\d+: WARNING: unknown affiliation 'no-such-page'",
        ),
    ],
    ids=["bad-yaml", "duplicate-slug", "alias-twice", "unknown-kind", "missing-affiliation"],
)
def test_a_malformed_actor_page_fails_the_build_with_one_line_naming_it(
    site: Path, tmp_path: Path, filename: str, text: str, problem: str
):
    (site / "actors" / filename).write_text(text, encoding="utf-8")
    done = build(site, tmp_path / "out")
    assert done.returncode != 0, "a malformed actor page did not fail the strict build"
    assert_no_traceback(done)
    lines = [line for line in done.stderr.splitlines() if re.search(problem, line)]
    assert len(lines) == 1, done.stderr
    assert f"actors/{filename}" in lines[0]
