"""The actor registry: loading actor pages, resolving aliases, finding mentions and candidates."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bottomline.registry import (
    Actor,
    Mention,
    Registry,
    RegistryError,
    distinct_candidates,
    find_candidates,
    load_registry,
    read_actor,
    write_stub,
)

ACTORS_DIR = Path(__file__).parent / "roots" / "test-actors" / "actors"


@pytest.fixture
def registry() -> Registry:
    return Registry(
        [
            Actor(
                "kataib-hezbollah",
                "Kata'ib Hezbollah",
                "armed-group",
                ("Kataib Hezbollah", "KH", "كتائب حزب الله"),
            ),
            Actor(
                "popular-mobilization-forces",
                "Popular Mobilization Forces",
                "state-body",
                ("PMF", "Hashd al-Shaabi", "al-Hashd al-Shaabi"),
            ),
            Actor(
                "harakat-hezbollah-al-nujaba",
                "Harakat Hezbollah al-Nujaba",
                "armed-group",
                ("al-Nujaba",),
            ),
            Actor("hezbollah", "Hezbollah", "armed-group"),
            Actor("central-bank-of-iraq", "Central Bank of Iraq", "state-body", ("CBI",)),
        ]
    )


def spans(text: str, registry: Registry) -> list[tuple[str, str]]:
    return [(text[m.start : m.end], m.slug) for m in registry.find_mentions(text)]


# -- load_registry ---------------------------------------------------------------------------


def test_load_registry_reads_the_actor_pages_and_skips_the_glossary():
    registry = load_registry(ACTORS_DIR)
    assert sorted(registry.actors) == [
        "ali-al-alaq",
        "central-bank-of-iraq",
        "kataib-hezbollah",
        "popular-mobilization-forces",
    ]
    kh = registry.actors["kataib-hezbollah"]
    assert kh.name == "Kata'ib Hezbollah"
    assert kh.kind == "armed-group"
    assert kh.aliases == ("Kataib Hezbollah", "KH", "كتائب حزب الله")
    assert kh.affiliations == ("popular-mobilization-forces",)
    assert registry.paths["kataib-hezbollah"] == ACTORS_DIR / "kataib-hezbollah.md"


@pytest.mark.parametrize(
    "spelling",
    [
        "Kata'ib Hezbollah",
        "Kata’ib Hezbollah",
        "Kataʼib Hezbollah",
        "Kataib Hezbollah",
        "kataib-hezbollah",
        "KATA'IB  HEZBOLLAH",
        "Kata’ib-Hezbollah",
        "kh",
        "كتائب حزب الله",
        "كتائبُ حزبِ الله",
    ],
)
def test_every_spelling_resolves_to_one_actor(spelling):
    actor = load_registry(ACTORS_DIR).resolve(spelling)
    assert actor is not None and actor.slug == "kataib-hezbollah"


def test_unknown_names_do_not_resolve():
    registry = load_registry(ACTORS_DIR)
    assert registry.resolve("Kata'ib Sayyid al-Shuhada") is None
    assert registry.resolve("Hezbollah") is None


def write_page(directory: Path, name: str, front_matter: str) -> Path:
    path = directory / "actors" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front_matter}---\n\n# Title\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("front_matter", "message"),
    [
        (
            "name: [unclosed\nkind: party\n",
            "actors/bad.md: bad YAML in front matter: line 3: expected",
        ),
        ("kind: party\n", "actors/bad.md: missing 'name'"),
        ("name: Somebody\n", "actors/bad.md: missing 'kind'"),
        ("name: Somebody\nkind: militia\n", "actors/bad.md: unknown kind 'militia'"),
        ("name: Somebody\nkind: party\naliases: KH\n", "actors/bad.md: aliases must be a list"),
        ("name: Somebody\nkind: party\naffiliations: [nobody]\n", "unknown affiliation 'nobody'"),
    ],
)
def test_bad_actor_pages_name_the_file(tmp_path, front_matter, message):
    write_page(tmp_path, "bad.md", front_matter)
    with pytest.raises(RegistryError) as caught:
        load_registry(tmp_path / "actors")
    assert str(caught.value).startswith("actors/bad.md: ")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_an_alias_claimed_by_two_actors_names_both_files(tmp_path):
    write_page(tmp_path, "a.md", "name: Alpha Front\nkind: armed-group\naliases: [AF]\n")
    write_page(tmp_path, "b.md", "name: Beta Front\nkind: armed-group\naliases: [A-F]\n")
    with pytest.raises(RegistryError, match=r"^actors/b\.md: alias 'A-F' .* actors/a\.md$"):
        load_registry(tmp_path / "actors")


def test_read_actor_without_front_matter(tmp_path):
    path = tmp_path / "actors" / "plain.md"
    path.parent.mkdir()
    path.write_text("# Just a page\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"^actors/plain\.md: no front matter"):
        read_actor(path)


# -- find_mentions ---------------------------------------------------------------------------


def test_mentions_in_every_apostrophe_hyphen_and_case_form(registry):
    text = (
        "Kata’ib Hezbollah, Kata'ib Hezbollah, Kataib Hezbollah, KATAIB-HEZBOLLAH and "
        "kata'ib  hezbollah; in Arabic كتائب حزب الله."
    )
    found = spans(text, registry)
    assert [slug for _, slug in found] == ["kataib-hezbollah"] * 6
    assert [span for span, _ in found] == [
        "Kata’ib Hezbollah",
        "Kata'ib Hezbollah",
        "Kataib Hezbollah",
        "KATAIB-HEZBOLLAH",
        "kata'ib  hezbollah",
        "كتائب حزب الله",
    ]


def test_mention_offsets_point_into_the_original_text(registry):
    text = "Before\u00a0the PMF\u2019s men met al\u2011Nujaba."
    mentions = registry.find_mentions(text)
    assert mentions == [
        Mention(text.index("PMF"), text.index("PMF") + 3, "popular-mobilization-forces"),
        Mention(text.index("al"), text.index("Nujaba") + 6, "harakat-hezbollah-al-nujaba"),
    ]


def test_longest_match_wins(registry):
    text = "Harakat Hezbollah al-Nujaba is not Hezbollah; al-Hashd al-Shaabi is one name."
    assert spans(text, registry) == [
        ("Harakat Hezbollah al-Nujaba", "harakat-hezbollah-al-nujaba"),
        ("Hezbollah", "hezbollah"),
        ("al-Hashd al-Shaabi", "popular-mobilization-forces"),
    ]


def test_no_match_inside_a_word(registry):
    text = "KHALID met the PMFs in Hezbollahstan; the CBIs and unKH stayed away; KHs and xPMF."
    assert spans(text, registry) == []


def test_possessives_still_mention_the_actor(registry):
    assert spans("Kata’ib Hezbollah’s statement and the CBI's rate.", registry) == [
        ("Kata’ib Hezbollah", "kataib-hezbollah"),
        ("CBI", "central-bank-of-iraq"),
    ]


def test_abbreviations_match_only_in_capitals(registry):
    text = "kh is a word, Kh too; KH is the group and pmf is not the PMF."
    assert spans(text, registry) == [
        ("KH", "kataib-hezbollah"),
        ("PMF", "popular-mobilization-forces"),
    ]


def test_no_match_inside_another_link_role_or_url(registry):
    text = (
        "[the KH statement](https://example.org/KH) and {actor}`Kata'ib Hezbollah` and "
        "{outlet}`Hezbollah` and `PMF` and https://example.org/Hezbollah-news and "
        "<https://example.org/CBI> but the CBI itself."
    )
    assert spans(text, registry) == [("CBI", "central-bank-of-iraq")]


def test_explicit_skip_spans(registry):
    text = "KH and PMF"
    assert [m.slug for m in registry.find_mentions(text, skip=[(0, 2)])] == [
        "popular-mobilization-forces"
    ]


def test_empty_registry_and_text():
    assert Registry().find_mentions("Kata'ib Hezbollah") == []
    assert Registry().resolve("x") is None


# -- candidates and stubs --------------------------------------------------------------------


def test_candidates_are_actor_like_names_not_in_the_registry(registry):
    text = (
        "The Badr Organization and Kata’ib Sayyid al-Shuhada's fighters met Kata'ib Hezbollah "
        "and the Central Bank of Iraq on Sunday. Asa’ib Ahl al-Haq stayed away. "
        "Prime Minister Mohammed Shia al-Sudani spoke. Markets were calm in Baghdad. "
        "[Saraya Awliya al-Dam](https://example.org) is a link."
    )
    assert find_candidates(text, registry) == [
        "Badr Organization",
        "Kata’ib Sayyid al-Shuhada",
        "Asa’ib Ahl al-Haq",
        "Prime Minister Mohammed Shia al-Sudani",
    ]


def test_known_parts_are_cut_out_of_candidates(registry):
    # "Iraqi" alone is left once the known Popular Mobilization Forces are cut out.
    assert find_candidates("The Iraqi Popular Mobilization Forces moved.", registry) == []


def test_each_candidate_once(registry):
    text = "Saraya al-Salam moved. Then Saraya al‑Salam stopped; SARAYA AL-SALAM is quiet."
    assert find_candidates(text, registry) == ["Saraya al-Salam"]


@pytest.mark.parametrize(
    "text",
    [
        "Kataib Hezbollahs words were clear.",  # a possessive typed without its apostrophe
        "Kataib Hezbollah’s words were clear.",
        "KATAIB HEZBOLLAHS words were clear.",
        "The Kataib Hezbollahs Secretary-General Abu Ali spoke.",
        "Iraqi Kataib Hezbollahs statement came late.",
        "The Central Bank of Iraqs auction shrank.",
    ],
)
def test_a_known_actor_in_the_possessive_is_no_candidate(registry, text):
    assert find_candidates(text, registry) == []


def test_the_rest_of_a_run_after_a_known_possessive_is_still_a_candidate(registry):
    text = "Kataib Hezbollahs Saraya Awliya al-Dam Brigades moved."
    assert find_candidates(text, registry) == ["Saraya Awliya al-Dam Brigades"]


def test_no_candidate_resolves_to_a_known_actor(registry):
    text = (
        "Kataib Hezbollahs men, the Harakat Hezbollah al-Nujabas fighters, the Popular "
        "Mobilization Forces and Saraya al-Salam met Badr Organizations officers."
    )
    found = find_candidates(text, registry)
    assert found == ["Saraya al-Salam", "Badr Organizations"]
    assert all(registry.resolve(name) is None for name in found)


def test_an_unknown_name_and_its_possessive_are_one_candidate(registry):
    text = "The Saraya Awliya al-Dams fighters left; Saraya Awliya al-Dam stayed."
    assert find_candidates(text, registry) == ["Saraya Awliya al-Dam"]
    assert distinct_candidates(["Saraya al-Dams", "SARAYA AL-DAM", "Saraya al-Dam"]) == [
        "SARAYA AL-DAM"
    ]


def test_write_stub_creates_a_loadable_page_and_never_overwrites(tmp_path):
    actors = tmp_path / "actors"
    path = write_stub(actors, "Kata’ib Sayyid al-Shuhada")
    assert path == actors / "kataib-sayyid-al-shuhada.md"
    actor = load_registry(actors).resolve("Kataib Sayyid al Shuhada")
    assert actor is not None
    assert (actor.name, actor.kind) == ("Kata’ib Sayyid al-Shuhada", "armed-group")
    before = path.read_text(encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_stub(actors, "Kataib Sayyid al-Shuhada")
    assert path.read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    ("name", "kind"),
    [("Ministry of Oil", "state-body"), ("Rafidain Bank", "company"), ("Taqaddum Party", "party")],
)
def test_write_stub_guesses_a_kind(tmp_path, name, kind):
    actor = read_actor(write_stub(tmp_path, name))
    assert actor.kind == kind


@pytest.mark.parametrize("name", ["", "Bad {actor}`x`", "<script>Front</script>", "Line\nbreak: x"])
def test_write_stub_refuses_names_that_are_markup(tmp_path, name):
    with pytest.raises(ValueError):
        write_stub(tmp_path, name)
    assert list(tmp_path.iterdir()) == []


# Text where folding has work to do: separators, apostrophes, marks, Arabic, expansions.
_FOLDABLE = st.text(
    alphabet=st.one_of(
        st.sampled_from("aZ9 ,.-_'`\n\t"),
        st.sampled_from("\u2019\u02bc\u00b4\u0301\u064e\u0640\u00df\u00bd\ufb01\u0130\u00e9"),
        st.sampled_from("\u0627\u0644\u062d\u0634\u062f\u0623\u0629\u06cc \u00a0\u2013"),
        st.characters(),
    )
)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(_FOLDABLE, st.text()))
def test_folding_a_piece_at_a_time_equals_folding_each_character(text):
    from bottomline.registry import _fold_any_with_offsets, _fold_by_character

    assert _fold_any_with_offsets(text) == _fold_by_character(text)


@settings(max_examples=1000, deadline=None)
@given(
    st.one_of(
        st.text(alphabet=st.characters(max_codepoint=127)),
        st.text(alphabet=st.sampled_from("aB7 '`,.()-\n")),
    )
)
def test_ascii_folding_fast_path_equals_folding_each_character(text):
    from bottomline.registry import _fold_ascii_with_offsets, _fold_by_character

    assert _fold_ascii_with_offsets(text) == _fold_by_character(text)


@settings(max_examples=300, deadline=None)
@given(_FOLDABLE)
def test_folded_runs_give_each_folded_character_its_origin(text):
    from bottomline.registry import _fold_by_character, _fold_char

    folded = _fold_by_character(text)
    # Each folded character is (part of) the fold of the character it says it came from.
    for index, char in enumerate(folded.text):
        source = text[folded.origin(index)]
        assert char == " " or char in _fold_char(source)[0]
    origins = [folded.origin(index) for index in range(len(folded.text))]
    assert origins == sorted(origins)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("aW w.@:/<>[]()`{}x \n")) | st.text())
def test_texts_without_a_link_hint_have_no_links(text):
    from bottomline.registry import _LINKISH_RE, _without_links, linkish_spans

    assert linkish_spans(text) == [match.span() for match in _LINKISH_RE.finditer(text)]
    assert _without_links(text) == _LINKISH_RE.sub(" ", text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("aSs\u017f'\u2019 \n")))
def test_possessives_are_found_as_the_pattern_alone_finds_them(name):
    from bottomline.registry import _ANY_POSSESSIVE_RE, _without_possessive

    stripped = _ANY_POSSESSIVE_RE.sub("", name)
    assert _without_possessive(name) == (stripped if stripped != name else None)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["Kataib", "Hezbollahs", "Hezbollah", "'s", "s", "al-", "Badr", "KH"]))
    .map("".join)
    .filter(lambda word: word and not any(char.isspace() for char in word))
)
def test_a_one_word_run_has_one_word_parts(word):
    # Why find_candidates passes over one-word runs without cutting them.
    from bottomline.registry import _run_parts

    registry = load_registry(ACTORS_DIR)
    assert all(len(part.split()) <= 1 for part in _run_parts(word, registry))
