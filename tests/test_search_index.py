"""What the search extension writes: searchindex.js words, hidden alias terms, metadata."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from bottomline.sphinxext.search import JS_FILES, META_VERSION, SCRIPT
from bottomline.sphinxext.shared import ASSETS_DIR
from browser import ROOTS, build_root
from helpers import search_index

DRONE = "posts/2025/2025-03-10-am-drone-warning"
FRIDAY = "posts/2025/2025-02-04-pm-friday-statements"
KH_PAGE = "actors/kataib-hezbollah"


def _docs(index: dict[str, Any], value: int | list[int] | None) -> set[str]:
    if value is None:
        return set()
    ids = [value] if isinstance(value, int) else value
    return {index["docnames"][i] for i in ids}


def _meta(outdir: Path) -> dict[str, Any]:
    text = (outdir / "bottomline-searchmeta.js").read_text(encoding="utf-8")
    match = re.fullmatch(r"BottomlineSearch\.setMeta\((.*)\);\n", text, re.DOTALL)
    assert match, "bottomline-searchmeta.js is not a BottomlineSearch.setMeta(...) call"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def built(search_site: tuple[Path, str]) -> tuple[Path, dict[str, Any]]:
    outdir, warnings = search_site
    assert "WARNING" not in warnings, warnings
    return outdir, search_index(outdir)


def test_names_are_indexed_whole_and_folded(built):
    _, index = built
    terms = index["terms"]
    assert DRONE in _docs(index, terms.get("hezbollah")) or DRONE in _docs(index, terms.get("kh"))
    # Stock Sphinx splits Kata'ib into "kata" + "ib"; here it is one folded word.
    assert "kataib" in index["titleterms"]
    assert not {"kata", "ib"} & (set(terms) | set(index["titleterms"]))
    # Accents folded: Muqtadā al-Ṣadr -> muqtada, sadr; the article "al" is a stop word.
    assert {"muqtada", "sadr"} <= set(index["titleterms"])
    assert "al" not in terms and "al" not in index["titleterms"]
    # Arabic: the article stripped, ة folded to ه (from «حركة النجباء» in the post's text).
    assert FRIDAY in _docs(index, terms.get("نجباء"))
    assert FRIDAY in _docs(index, terms.get("حركه"))
    assert "النجباء" not in terms
    # Hyphenated compounds are also indexed joined: S-400 -> s400.
    assert "posts/2025/2025-05-12-pm-air-defence-talks" in _docs(index, terms.get("s400"))


def test_numbers_and_possessives_are_indexed_whole(built):
    _, index = built
    terms = index["terms"]
    rate = "posts/2025/2025-09-15-pm-rate-holds"
    assert rate in _docs(index, terms.get("1310"))  # "1,310"
    assert rate in _docs(index, terms.get("1420"))  # "١٬٤٢٠", Arabic digits and separator
    assert "310" not in terms, "the digits after a thousands separator are not a number"
    short = [t for t in terms if t.isdecimal() and (len(t) < 3 or t.startswith("0"))]
    assert short == []
    # "Ankara's" is indexed as Ankara (and "KH's" would be KH, not "khs").
    titleterms = index["titleterms"]
    ankara = _docs(index, terms.get("ankara")) | _docs(index, titleterms.get("ankara"))
    assert "posts/2025/2025-05-12-pm-air-defence-talks" in ankara
    assert "ankaras" not in terms and "ankaras" not in titleterms
    # S-400 keeps its number as a word too (a reader may type "S 400").
    assert "posts/2025/2025-05-12-pm-air-defence-talks" in _docs(index, terms.get("400"))


def test_posts_are_indexed_under_their_own_words_only(built):
    """Aliases reach posts through the metadata's actor lists, not as index words."""
    outdir, index = built
    terms = index["terms"]
    # The drone post only writes "KH" and "Hashd al-Shaabi".
    assert DRONE in _docs(index, terms.get("kh"))
    for alias_word in ("hizballah", "kataib", "كتايب", "popular", "pmf"):
        assert DRONE not in _docs(index, terms.get(alias_word)), alias_word
    meta = _meta(outdir)
    drone = next(row for row in meta["posts"] if index["docnames"][row["doc"]] == DRONE)
    actors = meta["actors"]
    named = {name for i in drone["actors"] for name in [actors[i]["name"], *actors[i]["aliases"]]}
    assert {"Kata'ib Hizballah", "كتائب حزب الله", "Popular Mobilization Forces"} <= named


def test_actor_pages_carry_their_aliases_as_title_words(built):
    _, index = built
    titleterms = index["titleterms"]
    for alias_word in ("kh", "hizballah", "كتايب", "حزب"):
        assert _docs(index, titleterms.get(alias_word)) == {KH_PAGE}, alias_word


def test_hidden_words_never_reach_the_page(built):
    outdir, _ = built
    drone = (outdir / f"{DRONE}.html").read_text(encoding="utf-8")
    assert "Hizballah" not in drone and "كتائب" not in drone
    actor = (outdir / f"{KH_PAGE}.html").read_text(encoding="utf-8")
    # The aliases show once, in the page's own "also known as" line, not as extra titles.
    assert actor.count("Hizballah") == 1


def test_metadata_is_aligned_with_the_index(built):
    outdir, index = built
    meta = _meta(outdir)
    # Named fields and a version the browser checks (bottomline-search-load.js).
    assert set(meta) == {"version", "kinds", "help", "actors", "posts", "phrases"}
    assert meta["version"] == META_VERSION
    load_js = (ASSETS_DIR / "bottomline-search-load.js").read_text(encoding="utf-8")
    assert f"const META_VERSION = {META_VERSION};" in load_js
    assert meta["help"] is None  # this site has no how-to-search page
    posts = {index["docnames"][row["doc"]]: row for row in meta["posts"]}
    assert posts[DRONE]["bottomLine"] == "KH warned that drones would answer any new strike."
    fields = {"doc", "bottomLine", "actors", "date", "edition"}
    assert all(set(row) == fields for row in meta["posts"])
    mentioned = {meta["actors"][i]["slug"] for i in posts[DRONE]["actors"]}
    assert mentioned == {"kataib-hezbollah", "popular-mobilization-forces"}
    actors = {row["slug"]: row for row in meta["actors"]}
    assert index["docnames"][actors["kataib-hezbollah"]["doc"]] == KH_PAGE
    assert actors["kataib-hezbollah"]["kind"] == "armed-group"
    assert "KH" in actors["kataib-hezbollah"]["aliases"]
    assert meta["kinds"]["armed-group"] == "Armed group"


def test_section_titles_only_sphinx_reads_are_left_out(built):
    _, index = built
    assert index["alltitles"] == {}  # (stock Sphinx fills it: test_switched_off_…)
    assert "bank" in index["titleterms"]  # section titles are still title words


def test_source_file_names_only_sphinx_reads_are_left_out(built):
    _, index = built
    # One empty name per page, so Sphinx can read the index back page for page.
    assert index["filenames"] == [""] * len(index["docnames"])


def test_metadata_cannot_close_a_script_tag(built):
    outdir, _ = built
    text = (outdir / "bottomline-searchmeta.js").read_text(encoding="utf-8")
    assert "<script>" in text  # the markup drill post's bottom line, as text
    assert "</script" not in text


def test_every_page_loads_the_search_scripts(built):
    outdir, _ = built
    for page in ("index.html", f"{DRONE}.html", f"{KH_PAGE}.html", "search.html"):
        html = (outdir / page).read_text(encoding="utf-8")
        # One script, not one per part.
        ours = [
            src for src in re.findall(r'<script[^>]* src="([^"]+)"', html) if "bottomline" in src
        ]
        assert len(ours) == 1 and ours[0].startswith(
            f"{'../' * page.count('/')}_static/{SCRIPT}?v="
        ), (page, ours)
        assert not [name for name in JS_FILES if f"_static/{name}" in html], page
        assert "bottomline-search.css" in html, page
    # Its parts, each once and in the order each needs the ones before it.
    bundle = (outdir / "_static" / SCRIPT).read_text(encoding="utf-8")
    at = [bundle.find(f"/* {name} */\n") for name in JS_FILES]
    assert -1 not in at and at == sorted(at), at
    for name in JS_FILES:
        part = (ASSETS_DIR / name).read_text(encoding="utf-8")
        assert bundle.count(part) == 1, name
    language_data = (outdir / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert "BottomlineFold.searchWords" in language_data


def test_switched_off_it_is_stock_sphinx(tmp_path: Path):
    outdir, _ = build_root("search", tmp_path, bottomline_search=False)
    index = search_index(outdir)
    assert {"kata", "ib"} <= set(index["terms"]) | set(index["titleterms"])
    assert DRONE not in _docs(index, index["terms"].get("hizballah"))
    assert "Drone Warning Near the Border" in index["alltitles"]
    assert f"{DRONE}.md" in index["filenames"]
    assert not (outdir / "bottomline-searchmeta.js").exists()
    assert "bottomline-search" not in (outdir / "index.html").read_text(encoding="utf-8")


def _build(srcdir: Path, builddir: Path, **kwargs: Any) -> str:
    warnings = io.StringIO()
    app = SphinxTestApp(
        "html", srcdir=srcdir, builddir=builddir, warning=warnings, status=io.StringIO(), **kwargs
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return warnings.getvalue()


def test_incremental_build_follows_a_new_alias(tmp_path: Path):
    srcdir, builddir = tmp_path / "src", tmp_path / "build"
    shutil.copytree(ROOTS / "test-search", srcdir)
    _build(srcdir, builddir)
    index = search_index(builddir / "html")
    assert "thunderbolt" not in index["terms"]

    page = srcdir / "actors" / "kataib-hezbollah.md"
    page.write_text(page.read_text().replace("- KH\n", "- KH\n- Thunderbolt Brigades\n"))
    _build(srcdir, builddir)
    index = search_index(builddir / "html")
    # The actor page is re-indexed with its new alias; the metadata that lets the new
    # alias find the posts mentioning the actor is rewritten on every build.
    assert _docs(index, index["titleterms"].get("thunderbolt")) == {KH_PAGE}
    actors = {row["slug"]: row for row in _meta(builddir / "html")["actors"]}
    assert "Thunderbolt Brigades" in actors["kataib-hezbollah"]["aliases"]


def test_parallel_build_writes_the_same_index(tmp_path: Path, search_site):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-search", srcdir)
    _build(srcdir, tmp_path / "build", parallel=2)
    serial_out = search_site[0]
    parallel_out = tmp_path / "build" / "html"
    assert search_index(parallel_out) == search_index(serial_out)
    assert _meta(parallel_out) == _meta(serial_out)


def test_metadata_gives_every_post_its_date_edition_and_snippet():
    from datetime import date

    from bottomline.records import PostRecord
    from bottomline.sphinxext.search import search_meta
    from bottomline.sphinxext.state import derive_from

    def post(docname: str, day: str, edition: str, bottom_line: str) -> PostRecord:
        return PostRecord(
            title=docname,
            date=date.fromisoformat(day),
            edition=edition,
            bottom_line=bottom_line,
            docname=docname,
        )

    records = [
        post("posts/2025/2025-03-10-am-fine", "2025-03-10", "AM", "A"),
        post("posts/2025/2025-03-11-pm-moved", "2025-03-12", "PM", "B"),
        post("posts/2025/odd-name", "2025-03-13", "AM", "C " * 80),
    ]
    view = derive_from({p.docname: p for p in records}, {}, {})
    rows = search_meta(view, [p.docname for p in records], snippet=20)["posts"]
    assert rows[0] == {
        "doc": 0,
        "bottomLine": "A",
        "actors": [],
        "date": "2025-03-10",
        "edition": "AM",
    }
    assert rows[1] == {
        "doc": 1,
        "bottomLine": "B",
        "actors": [],
        "date": "2025-03-12",
        "edition": "PM",
    }
    assert (rows[2]["date"], rows[2]["edition"]) == ("2025-03-13", "AM")
    assert rows[2]["bottomLine"] == "C C C C C C C C C…"


#: The one file that talks to Sphinx's ``Search`` object.
SEARCH_JS = ASSETS_DIR / "bottomline-search-load.js"
SECTION_START = "// -- Sphinx's Search object: every use of it is in this section"
SECTION_END = "// -- end of the uses of Sphinx's Search object"


def _methods(searchtools: str) -> dict[str, str]:
    """The bodies of the ``Search`` object's methods in Sphinx's ``searchtools.js``."""
    body = searchtools[searchtools.index("const Search = {") :]
    parts = re.split(r"\n  (\w+): ", body)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_sphinx_search_hooks_still_exist():
    """What ``bottomline-search-load.js`` relies on in Sphinx's ``searchtools.js``: if this
    fails, Sphinx changed it; adapt the one section of that file that uses it."""
    import sphinx

    searchtools = Path(sphinx.__file__).parent / "themes" / "basic" / "static" / "searchtools.js"
    methods = _methods(searchtools.read_text(encoding="utf-8"))
    # Public: setIndex receives the index; hasIndex says whether it has come.
    assert re.match(r"\(index\) => \{\s*Search\._index = index;", methods["setIndex"])
    # The one private read: the index itself, where hasIndex looks for it.
    assert methods["_index"].startswith("null")
    assert re.match(r"\(\) => Search\._index !== null", methods["hasIndex"])
    # search.html's "?q=" reaches performSearch, the documented entry point we replace ...
    assert "if (query) Search.performSearch(query);" in methods["init"]
    # ... and replacing it is enough: only performSearch (directly, or through deferQuery and
    # setIndex) starts Sphinx's own query and result list.
    starters = {name for name, body in methods.items() if "Search.query(" in body}
    assert starters == {"performSearch", "setIndex"}
    assert {n for n, b in methods.items() if "Search.deferQuery(" in b} == {"performSearch"}


SPHINX_USE = re.compile(r"(?<![\w.])Search\.\w|typeof Search\b|\.Search\b")


def test_our_uses_of_sphinx_search_are_in_one_place():
    source = SEARCH_JS.read_text(encoding="utf-8")
    start, end = source.index(SECTION_START), source.index(SECTION_END)
    # "Search.x", "typeof Search", "root.Search": code, not the word in a sentence.
    uses = [m.start() for m in SPHINX_USE.finditer(source)]
    assert uses, "the section is gone: update this test"
    outside = [source[u : u + 40] for u in uses if not start < u < end]
    assert outside == []
    others = sorted(ASSETS_DIR.glob("*.js"))
    assert len(others) >= 8, "the search scripts moved: update this test"
    for path in others:
        if path != SEARCH_JS:
            assert not SPHINX_USE.findall(path.read_text(encoding="utf-8")), path.name
    section = source[start:end]
    private = set(re.findall(r"(?<![\w.])Search\.(_\w+)", section))
    assert private == {"_index"}, "only the index itself is read from Sphinx's private state"
    # Only performSearch is replaced (assigned), and setIndex wrapped.
    assigned = set(re.findall(r"(?<![\w.])Search\.(\w+) =", section))
    assert assigned == {"performSearch", "setIndex"}
