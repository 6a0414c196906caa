"""Update -> MyST text (bottomline.importer.myst): layout, escaping, front matter, actors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pytest
import yaml

from bottomline.importer.batch import read_source
from bottomline.importer.myst import (
    escape_inline,
    render_body,
    render_post,
    sha256,
)
from bottomline.importer.read_text import read_text
from bottomline.model import RAW_TEXT, Citation, Item, Provenance, Section, TitleDate, Update
from bottomline.records import FRONT_MATTER_KEYS
from bottomline.registry import find_candidates, load_registry
from helpers import DINARDESK, RAW


def make_update(**fields) -> Update:
    values = dict(
        title="What's New in Iraq: A Test",
        title_date=TitleDate(11, 3, None, "AM"),
        intro=["An intro."],
        bottom_line=["The point."],
        sections=[
            Section(
                "Part One",
                [
                    Item(
                        "A bullet.",
                        [Citation("Rudaw", "Rudaw")],
                        [Item("Nested.", [Citation("AP", "AP"), Citation("Reuters", "Reuters")])],
                    ),
                    Item("A paragraph between lists.", bullet=False),
                    Item("After it."),
                ],
            )
        ],
        takeaway=[Item("It matters.")],
        provenance=Provenance("t.txt", b"raw bytes", RAW_TEXT),
        date=date(2025, 11, 3),
        edition="AM",
    )
    values.update(fields)
    return Update(**values)


def test_the_post_format():
    body, actors = render_body(make_update())
    assert body == (
        "\n"
        "# What's New in Iraq: A Test\n"
        "\n"
        "An intro.\n"
        "\n"
        ":::{bottom-line}\n"
        "The point.\n"
        ":::\n"
        "\n"
        "## Part One\n"
        "\n"
        "- A bullet. ({outlet}`Rudaw`)\n"
        "  - Nested. ({outlet}`AP`; {outlet}`Reuters`)\n"
        "\n"
        "A paragraph between lists.\n"
        "\n"
        "- After it.\n"
        "\n"
        ":::{what-it-means}\n"
        "- It matters.\n"
        ":::\n"
    )
    assert actors == []


def test_front_matter_keys_order_and_hashes():
    update = make_update(
        provenance=Provenance("p.html", b"<html>", "html", "123", "https://x.example/p.html")
    )
    post = render_post(update, raw_sha256=sha256(b"<html>"), raw_file="raw/2025/x.html")
    front, body = post.text.split("---\n", 2)[1:]
    meta = yaml.safe_load(front)
    assert list(meta) == list(FRONT_MATTER_KEYS)
    assert meta["title"] == "What's New in Iraq: A Test"
    assert meta["date"] == date(2025, 11, 3)
    assert meta["edition"] == "AM"
    assert meta["outlets"] == ["Rudaw", "AP", "Reuters"]
    assert meta["actors"] == []
    assert meta["blogger_id"] == "123"  # a string, not a number
    assert meta["raw_sha256"] == sha256(b"<html>")
    assert meta["body_sha256"] == sha256(body) == sha256(post.body)
    assert meta["raw_file"] == "raw/2025/x.html"


def test_unknown_provenance_is_left_out():
    post = render_post(make_update(), raw_sha256="0" * 64, raw_file="raw/2025/x.txt")
    meta = yaml.safe_load(post.text.split("---\n", 2)[1])
    assert "source_url" not in meta and "blogger_id" not in meta


@pytest.mark.parametrize(
    "title",
    [
        "---",
        "key: value",
        "- item",
        "{{ x }}",
        "'quoted' \"both\"",
        "# not a comment",
        "null",
        "2025-01-01",
        "...",
        "@at",
    ],
)
def test_front_matter_values_are_yaml_safe(title):
    post = render_post(make_update(title=title), raw_sha256="0" * 64, raw_file="raw/x.txt")
    assert post.text.count("\n---\n") == 1  # only the closing fence
    assert yaml.safe_load(post.text.split("---\n", 2)[1])["title"] == title


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        (
            "plain words, kept: (as) they/are; ok? 'yes' \"yes\" - 50%",
            "plain words, kept: (as) they/are; ok? 'yes' \"yes\" - 50%",
        ),
        ("{{ sub }}", "\\{\\{ sub \\}\\}"),
        ("$x$", "\\$x\\$"),
        ("[^1]", "\\[\\^1\\]"),
        ("<http://a.example>", "\\<http\\://a\\.example\\>"),
        ("[x](javascript:y)", "\\[x\\](javascript:y)"),
        ("{role}`x`", "\\{role\\}\\`x\\`"),
        (
            "*a* _b_ \\ &amp; | ~ ! # + = @ ^",
            "\\*a\\* \\_b\\_ \\\\ \\&amp; \\| \\~ \\! \\# \\+ \\= \\@ \\^",
        ),
        ("# h", "\\# h"),
        ("> q", "\\> q"),
        ("- l", "\\- l"),
        (":::{note}", "\\:\\:\\:\\{note\\}"),
        # A nested block starting "\---" would be read as front matter.
        ("---", "\\-\\-\\-"),
        ("--- x -", "\\-\\-\\- x -"),
        # mdit-py-plugins reads a first list item "0--" in a directive as front matter.
        ("0---", "0\\---"),
        ("a--b", "a\\--b"),
        ("% c", "\\% c"),
        ("1. one", "1\\. one"),
        ("2025) two", "2025\\) two"),
        ("x.com", "x\\.com"),
    ],
)
def test_escape_inline(text, escaped):
    assert escape_inline(text) == escaped


def test_line_start_rules_apply_only_at_the_start():
    assert escape_inline("- a - b", line_start=False) == "- a - b"
    assert escape_inline("1. a", line_start=False) == "1. a"


def test_every_text_field_is_escaped():
    nasty = "<b>x</b> {{y}}"
    update = make_update(
        title=nasty,
        intro=[nasty],
        bottom_line=[nasty],
        sections=[Section(nasty, [Item(nasty, [Citation("Rudaw", "Rudaw")])])],
        takeaway=[Item(nasty, bullet=False)],
    )
    body, _ = render_body(update)
    assert "<b>" not in body and "{{" not in body
    assert body.count("\\<b\\>x\\</b\\> \\{\\{y\\}\\}") == 6  # every field


def test_an_outlet_name_a_role_cannot_hold_is_written_as_text():
    item = Item("A bullet.", [Citation("Odd `Name`", "Odd `Name`"), Citation("Rudaw", "Rudaw")])
    body, _ = render_body(make_update(sections=[Section("S", [item])]))
    assert "- A bullet. (Odd \\`Name\\`; {outlet}`Rudaw`)" in body


def test_newlines_and_control_characters_inside_a_field_never_make_new_blocks():
    body, _ = render_body(make_update(intro=["one\n# two\r\n\n- three\x00\x1b"]))
    assert "\nOne" not in body
    assert "\none \\# two - three\n" in body


@dataclass
class FakeMention:
    start: int
    end: int
    slug: str


class FakeRegistry:
    """Finds the given names (a stand-in with the registry's find_mentions contract)."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    def find_mentions(self, text: str) -> list[FakeMention]:
        found = []
        for name, slug in self.names.items():
            for match in re.finditer(re.escape(name), text):
                found.append(FakeMention(match.start(), match.end(), slug))
        return sorted(found, key=lambda m: m.start)


def test_mentions_become_actor_roles_and_plain_parts_are_escaped():
    registry = FakeRegistry(
        {"Kata'ib Hezbollah": "kataib-hezbollah", "CBI": "central-bank-of-iraq"}
    )
    update = make_update(
        intro=["*Kata'ib Hezbollah* met the CBI."],
        bottom_line=["CBI first."],
        sections=[Section("Kata'ib Hezbollah", [Item("The CBI again. (Rudaw)")])],
        takeaway=[Item("Nothing.")],
    )
    body, actors = render_body(update, registry)
    assert (
        "\\*{actor}`Kata'ib Hezbollah <kataib-hezbollah>`\\* met the "
        "{actor}`CBI <central-bank-of-iraq>`." in body
    )
    assert ":::{bottom-line}\n{actor}`CBI <central-bank-of-iraq>` first.\n:::" in body
    assert "## Kata'ib Hezbollah\n" in body  # headings are not linked
    assert actors == ["kataib-hezbollah", "central-bank-of-iraq"]


def test_a_mention_a_role_could_not_show_stays_text():
    registry = FakeRegistry({"A`B": "ab", "C<D>": "cd"})
    body, actors = render_body(make_update(intro=["A`B and C<D>."]), registry)
    assert "A\\`B and C\\<D\\>." in body
    assert actors == []


def test_with_the_real_registry(tmp_path):
    actors = tmp_path / "actors"
    actors.mkdir()
    (actors / "kataib-hezbollah.md").write_text(
        "---\nname: Kata'ib Hezbollah\nkind: armed-group\n"
        "aliases:\n- Kataib Hezbollah\n---\n\n# KH\n"
    )
    (actors / "central-bank-of-iraq.md").write_text(
        "---\nname: Central Bank of Iraq\nkind: state-body\naliases:\n- CBI\n---\n\n# CBI\n"
    )
    registry = load_registry(actors)
    update = read_text((RAW / "2025-11-05-pm-bonds-and-salaries.txt").read_bytes())
    update.intro = ["Kataib Hezbollah and Kata’ib Hezbollah’s allies met the CBI."]
    update.date, update.edition = date(2025, 11, 5), "PM"
    post = render_post(update, raw_sha256="0" * 64, raw_file="raw/x.txt", registry=registry)
    assert (
        "{actor}`Kataib Hezbollah <kataib-hezbollah>` and "
        "{actor}`Kata’ib Hezbollah <kataib-hezbollah>`’s"
        " allies met the {actor}`CBI <central-bank-of-iraq>`." in post.body
    )
    meta = yaml.safe_load(post.text.split("---\n", 2)[1])
    assert meta["actors"] == ["kataib-hezbollah", "central-bank-of-iraq"]
    assert find_candidates("The Badr Organization met Harakat al-Nujaba.", registry)


# Feeds with no posts in them (a comments feed, an empty feed) hold nothing to render.
_NO_POSTS = ("archive-comments-feed.atom.xml", "archive-empty-feed.atom.xml")
SHAPES = sorted(
    p for p in RAW.iterdir() if p.suffix in (".txt", ".html", ".xml") and p.name not in _NO_POSTS
) + sorted(p for p in DINARDESK.iterdir() if p.suffix in (".txt", ".html", ".xml"))


def depths(items: list[Item], depth: int = 0) -> list[int]:
    found = []
    for item in items:
        if item.bullet:
            found.append(depth)
        found += depths(item.children, depth + 1)
    return found


@pytest.mark.parametrize("path", SHAPES, ids=lambda p: p.name)
def test_every_fixture_shape_renders_to_the_post_format(path):
    """raw -> model -> MyST on every sample: the MyST has exactly the model's structure."""
    updates = [e.update for e in read_source(path.read_bytes(), path.name) if e.update]
    assert updates
    for update in updates:
        update.date, update.edition = date(2025, 1, 1), update.title_date.edition or "AM"
        body, _ = render_body(update)
        lines = body.splitlines()
        assert lines[1] == "# " + escape_inline(update.title)
        assert body.count("\n:::{bottom-line}\n") == 1
        assert body.count("\n:::{what-it-means}\n") == 1
        assert body.endswith("\n:::\n")
        headings = [line[3:] for line in lines if line.startswith("## ")]
        assert headings == [escape_inline(s.heading) for s in update.sections if s.heading]
        bullets = [line for line in lines if line.lstrip(" ").startswith("- ")]
        expected = [d for s in update.sections for d in depths(s.items)] + depths(update.takeaway)
        assert [(len(b) - len(b.lstrip(" "))) // 2 for b in bullets] == expected
        cited = re.findall(r"\{outlet\}`([^`]*)`", body)
        assert cited == [c.name for item in update.all_items() for c in item.sources]
        assert (
            yaml.safe_load(
                render_post(update, raw_sha256="0" * 64, raw_file="raw/x").text.split("---\n")[1]
            )["outlets"]
            == update.outlets()
        )
