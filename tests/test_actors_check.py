"""``bottomline actors check``: unlinked mentions of known actors in posts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bottomline.actors_check import check_posts, main
from bottomline.registry import load_registry

ROOT = Path(__file__).parent / "roots" / "test-actors"

POST = """---
title: "Kata'ib Hezbollah in the title is front matter"
date: 2025-09-24
edition: AM
actors:
- kataib-hezbollah
---

# A heading about the PMF is not checked

:::{bottom-line}
The {actor}`PMF` is linked, the PMF is not.
:::

## Section

- Kata’ib Hezbollah and [the CBI](https://example.org/CBI) and `KH` in code.
  - Nested: {actor}`the group <kataib-hezbollah>` and kh in lower case, KHALID, Central Bank of Iraq

```text
KH inside a code block
```
"""


@pytest.fixture
def posts(tmp_path: Path) -> Path:
    directory = tmp_path / "posts" / "2025"
    directory.mkdir(parents=True)
    (directory / "2025-09-24-am-check.md").write_text(POST, encoding="utf-8")
    return tmp_path / "posts"


def test_lists_each_unlinked_mention_with_file_and_line(posts):
    found = check_posts(posts, load_registry(ROOT / "actors"))
    post = posts / "2025" / "2025-09-24-am-check.md"
    assert [str(u) for u in found] == [
        f"{post}:12: PMF → popular-mobilization-forces",
        f"{post}:17: Kata’ib Hezbollah → kataib-hezbollah",
        f"{post}:18: Central Bank of Iraq → central-bank-of-iraq",
    ]


def test_command_exits_1_when_mentions_are_unlinked(posts, capsys):
    code = main(["--posts-dir", str(posts), "--actors-dir", str(ROOT / "actors")])
    out = capsys.readouterr().out
    assert code == 1
    assert ":12: PMF → popular-mobilization-forces" in out
    assert "3 unlinked actor mention(s)" in out


def test_command_exits_0_on_linked_posts(tmp_path, capsys):
    shutil.copytree(ROOT / "posts", tmp_path / "posts")
    code = main(["--posts-dir", str(tmp_path / "posts"), "--actors-dir", str(ROOT / "actors")])
    assert code == 0
    assert (
        capsys.readouterr().out
        == f"every mention of a known actor in {tmp_path / 'posts'} is linked\n"
    )


def test_command_reports_a_bad_actor_page_in_one_line(posts, tmp_path, capsys):
    actors = tmp_path / "actors"
    actors.mkdir()
    (actors / "broken.md").write_text("---\nname: Broken\nkind: militia\n---\n", encoding="utf-8")
    code = main(["--posts-dir", str(posts), "--actors-dir", str(actors)])
    err = capsys.readouterr().err
    assert code == 2
    assert (
        err == "error: actors/broken.md: unknown kind 'militia' (one of: armed-group, party, "
        "state-body, government, foreign-state, international-organisation, company, person)\n"
    )


def test_the_bottomline_command_has_actors_check(posts, capsys):
    from bottomline.cli import main as bottomline

    argv = ["actors", "check", "--posts-dir", str(posts), "--actors-dir", str(ROOT / "actors")]
    assert bottomline(argv) == 1
    assert "Central Bank of Iraq → central-bank-of-iraq" in capsys.readouterr().out
