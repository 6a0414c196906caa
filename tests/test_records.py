"""The format facts and the records, without Sphinx: one definition every reader shares."""

from __future__ import annotations

import json
from datetime import date

import pytest
import yaml

from bottomline.formats import (
    ACTOR_KINDS,
    EDITIONS,
    KINDS,
    actor_kind,
    parse_post_path,
    post_path,
    split_front_matter,
)
from bottomline.records import (
    FRONT_MATTER_KEYS,
    ActorRecord,
    PostRecord,
    as_list,
    is_actor_meta,
    parse_actor_meta,
    parse_post_meta,
    with_body,
)

DOC = "posts/2025/2025-10-02-am-oil-and-the-dinar"


# -- formats ---------------------------------------------------------------------------------


def test_post_path_round_trips():
    relative = post_path(date(2025, 10, 2), "AM", "oil-and-the-dinar")
    assert relative == "2025/2025-10-02-am-oil-and-the-dinar.md"
    assert parse_post_path(relative) == (date(2025, 10, 2), "AM", "oil-and-the-dinar")
    assert parse_post_path(relative.removesuffix(".md")) == parse_post_path(relative)


@pytest.mark.parametrize(
    "relative",
    [
        "2024/2025-10-02-am-year-folder-disagrees",
        "2025/2025-13-02-am-no-such-month",
        "2025/2025-10-02-noon-edition",
        "2025/2025-10-02-am-Capitals",
        "2025-10-02-am-no-year-folder",
    ],
)
def test_paths_off_the_pattern_give_nothing(relative):
    assert parse_post_path(relative) is None


def test_post_path_refuses_an_unknown_edition():
    with pytest.raises(ValueError, match="edition"):
        post_path(date(2025, 1, 1), "NOON", "x")


def test_kinds_table_is_the_one_order_and_has_every_label():
    assert tuple(ACTOR_KINDS) == KINDS
    assert KINDS[0] == "armed-group" and KINDS[-1] == "person"
    assert actor_kind("armed-group").singular == "Armed group"
    assert actor_kind("armed-group").plural == "Armed groups"
    assert actor_kind("person").plural == "People"
    assert all(kind.colour for kind in ACTOR_KINDS.values())
    # An unknown kind is shown as written, in a muted badge.
    assert (actor_kind("guild").singular, actor_kind("guild").colour) == ("guild", "muted")


def test_front_matter_splits_with_the_body_line():
    text = "\ufeff---\ntitle: X\ndate: 2025-10-02\n---\n\n# X\n"
    split = split_front_matter(text)
    assert split is not None
    assert yaml.safe_load(split.yaml) == {"title": "X", "date": date(2025, 10, 2)}
    assert split.body == "\n# X\n"
    assert split.body_line == 5
    assert split_front_matter("# No front matter\n") is None
    assert split_front_matter("---\nnever closed\n") is None
    assert split_front_matter("---\r\na: 1\r\n---\r\nbody") is not None


# -- posts -----------------------------------------------------------------------------------

YAML_META = {
    "title": "What's New in Iraq: Oil and the Dinar",
    "date": date(2025, 10, 2),
    "edition": "AM",
    "outlets": ["Shafaq News", "AL-Monitor"],
    "actors": ["central-bank-of-iraq"],
    "raw_sha256": "ab" * 32,
}


def _as_myst(meta: dict) -> dict[str, str]:
    """Front matter as MyST leaves it in ``env.metadata``: text, lists as JSON."""
    return {
        key: json.dumps(value) if isinstance(value, list) else str(value)
        for key, value in meta.items()
    }


def test_yaml_and_myst_front_matter_give_the_same_record():
    from_yaml, problems = parse_post_meta(YAML_META, DOC)
    assert problems == []
    from_myst, problems = parse_post_meta(_as_myst(YAML_META), DOC)
    assert problems == []
    assert from_yaml == from_myst
    assert from_yaml is not None
    assert from_yaml.date == date(2025, 10, 2)
    assert from_yaml.outlets == ("Shafaq News", "Al-Monitor")  # canonical spellings
    assert from_yaml.actors == ("central-bank-of-iraq",)
    assert from_yaml.docname == DOC


def test_the_importers_front_matter_reads_back_as_the_same_record():
    record = PostRecord(
        title="What's New in Iraq: Oil",
        date=date(2025, 10, 2),
        edition="AM",
        outlets=("Rudaw",),
        actors=(),
        source_url="https://example.blogspot.com/2025/10/oil.html",
        raw_sha256="cd" * 32,
        body_sha256="ef" * 32,
        raw_file="raw/2025/2025-10-02-am-oil.txt",
        docname=DOC,
    )
    meta = record.front_matter()
    assert list(meta) == [k for k in FRONT_MATTER_KEYS if k in meta]
    assert "blogger_id" not in meta  # empty strings are left out
    assert meta["actors"] == []  # lists are always written
    written = yaml.safe_load(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False))
    again, problems = parse_post_meta(written, DOC)
    assert problems == [] and again == record


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"date": "2 October"}, "'date' must be an ISO date"),
        ({"edition": "noon"}, "'edition' must be AM or PM"),
        ({"date": date(2025, 10, 3)}, "does not match its front matter date 2025-10-03"),
        ({"edition": "PM"}, "does not match its front matter date 2025-10-02 and edition PM"),
        ({"title": ""}, "no title"),
        ({"outlets": "Rudaw"}, "outlets must be a list of strings"),
        ({"actors": ["x", ""]}, "actors has an empty entry"),
    ],
)
def test_each_post_problem_is_one_message(change, problem):
    record, problems = parse_post_meta({**YAML_META, **change}, DOC)
    assert len(problems) == 1 and problem in problems[0], problems
    assert (record is None) == ("date" in change and isinstance(change["date"], str))


def test_a_title_from_the_page_is_no_problem():
    record, problems = parse_post_meta({**YAML_META, "title": ""}, DOC, fallback_title="Oil")
    assert problems == [] and record is not None and record.title == "Oil"


def test_a_file_name_off_the_pattern_is_a_problem():
    _, problems = parse_post_meta(YAML_META, "posts/2025/oil")
    assert problems == ["post file name must be <YYYY>/<YYYY-MM-DD>-<am|pm>-<slug>.md"]


def test_chronological_order_is_date_then_edition():
    def post(day: str, edition: str, title: str) -> PostRecord:
        return PostRecord(title, date.fromisoformat(day), edition)

    posts = [
        post("2025-01-02", "PM", "a"),
        post("2025-01-02", "AM", "z"),
        post("2024-12-31", "PM", "m"),
    ]
    assert [p.title for p in sorted(posts, key=lambda p: p.sort_key)] == ["m", "z", "a"]
    assert EDITIONS == ("AM", "PM")


def test_the_body_adds_cited_outlets_first_and_the_bottom_line():
    record, _ = parse_post_meta(YAML_META, DOC)
    assert record is not None
    full = with_body(record, outlets=("Rudaw", "Shafaq News"), bottom_line="Rates hold.")
    assert full.outlets == ("Rudaw", "Shafaq News", "Al-Monitor")
    assert full.bottom_line == "Rates hold."
    assert full.front_matter() == {**record.front_matter(), "outlets": list(full.outlets)}


# -- actors ----------------------------------------------------------------------------------

ACTOR_META = {
    "name": "Kata'ib Hezbollah",
    "kind": "armed-group",
    "aliases": ["KH", "Kata'ib Hezbollah", "Kataib Hezbollah"],
    "affiliations": ["popular-mobilization-forces"],
    "designations": ["US FTO (2009)"],
}


def test_actor_record_from_yaml_and_from_myst_agree():
    from_yaml, problems = parse_actor_meta(ACTOR_META, "kataib-hezbollah")
    assert problems == []
    from_myst, problems = parse_actor_meta(_as_myst(ACTOR_META), "kataib-hezbollah")
    assert problems == [] and from_yaml == from_myst
    assert from_yaml == ActorRecord(
        slug="kataib-hezbollah",
        name="Kata'ib Hezbollah",
        kind="armed-group",
        aliases=("KH", "Kataib Hezbollah"),  # the name itself is not an alias
        affiliations=("popular-mobilization-forces",),
        designations=("US FTO (2009)",),
    )
    assert from_yaml.names == ("Kata'ib Hezbollah", "KH", "Kataib Hezbollah")
    assert from_yaml.display_title == "Kata'ib Hezbollah"


@pytest.mark.parametrize(
    ("change", "problem", "has_record"),
    [
        ({"name": ""}, "missing 'name'", False),
        ({"kind": None}, "missing 'kind'", False),
        ({"kind": "guild"}, "unknown kind 'guild'", True),
        ({"aliases": "KH"}, "aliases must be a list of strings", True),
        ({"affiliations": [""]}, "affiliations has an empty entry", True),
    ],
)
def test_each_actor_problem_is_one_message(change, problem, has_record):
    record, problems = parse_actor_meta({**ACTOR_META, **change}, "kataib-hezbollah")
    assert len(problems) == 1 and problem in problems[0], problems
    assert (record is not None) == has_record


def test_what_is_an_actor_page():
    assert is_actor_meta(ACTOR_META)
    assert not is_actor_meta({"name": "Glossary"})
    assert not is_actor_meta({"title": "Actors", "kind": ""})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, []),
        ("", []),
        (["a", 2], ["a", "2"]),
        ('["a", "b"]', ["a", "b"]),
        ("just text", None),
        ('{"a": 1}', None),
        ([["nested"]], None),
    ],
)
def test_front_matter_lists_in_both_forms(value, expected):
    assert as_list(value) == expected
