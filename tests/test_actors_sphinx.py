"""Actor pages, the {actor} role and the glossary, built with Sphinx."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import read_html, sphinx_build

ROOTS = Path(__file__).parent / "roots"
FIRST = "posts/2025/2025-09-24-am-first-post"
SECOND = "posts/2025/2025-10-02-pm-second-post"
KH = "actors/kataib-hezbollah"
PMF = "actors/popular-mobilization-forces"
CBI = "actors/central-bank-of-iraq"
ALAQ = "actors/ali-al-alaq"

NEW_POST = """---
title: "Third Post"
date: 2025-11-05
edition: AM
---

# Third Post

:::{bottom-line}
The {actor}`Central Bank of Iraq` raised rates. The {actor}`Hashd al-Shaabi` did not comment.
:::

## Section

- Nothing else.

:::{what-it-means}
- Rates matter.
:::
"""


def main(path: Path) -> BeautifulSoup:
    """The page's main content (theme chrome aside)."""
    found = read_html(path).select_one("[role=main]")
    assert found is not None, f"{path} has no main content"
    return found


def timeline(path: Path) -> list[tuple[str, str, str, str]]:
    """(date, edition, title, sentence) of every "Mentioned in" entry, in page order."""
    entries = []
    for item in main(path).select("ul.bl-actor-timeline > li"):
        sentence = item.select_one(".bl-actor-sentence")
        entries.append(
            (
                item.select_one(".bl-date").get_text(),
                item.select_one(".bl-edition").get_text(),
                item.select_one("a").get_text(),
                sentence.get_text() if sentence else "",
            )
        )
    return entries


def glossary_counts(path: Path) -> dict[str, str]:
    counts = {}
    for item in main(path).select("ul.bl-actor-glossary > li"):
        counts[item.select_one("a.actor").get_text()] = item.select_one(
            ".bl-actor-count"
        ).get_text()
    return counts


def written(stdout: str) -> set[str]:
    """Docnames a sphinx-build run wrote, from its "writing output... docname" lines."""
    return set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", stdout))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    source = tmp_path / "src"
    shutil.copytree(ROOTS / "test-actors", source)
    return source


def build(source: Path, out: Path, *args: str) -> str:
    result = sphinx_build(source, out / "html", "-n", "-W", *args, doctrees=out / "doctrees")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return result.stdout


# -- the role --------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="actors")
def test_every_alias_variant_links_to_the_same_page(app):
    app.build()
    assert app.warning.getvalue() == ""
    links = main(app.outdir / f"{FIRST}.html").select("a.actor")
    assert [a.get_text() for a in links] == [
        "PMF",
        "Kata’ib Hezbollah",  # curly
        "Kata’ib Hezbollah",  # straight, turned curly by smartquotes
        "Kataib Hezbollah",  # no apostrophe
        "KATAIB-HEZBOLLAH",  # hyphen and capitals
        "kata’ib  hezbollah",  # lower case, two spaces
        "كتائب حزب الله",  # Arabic script
        "the group",  # the slug, with a link text
    ]
    hrefs = [a["href"] for a in links]
    assert hrefs == [f"../../{PMF}.html"] + [f"../../{KH}.html"] * 7
    assert links[1]["title"] == "Kata’ib Hezbollah"


def test_an_unknown_actor_fails_the_strict_build_naming_file_and_line(tmp_path):
    result = sphinx_build(
        ROOTS / "test-actor-unknown",
        tmp_path / "html",
        "-n",
        "-W",
        "-E",
        doctrees=tmp_path / "doctrees",
    )
    assert result.returncode != 0
    post = "posts/2025/2025-09-24-am-unknown.md"
    assert re.search(
        rf"{re.escape(post)}:18: WARNING: unknown actor 'Saraya Nobody'", result.stderr
    )
    assert re.search(
        rf"{re.escape(post)}:1: WARNING: unknown actor 'nobody-at-all' in front matter",
        result.stderr,
    )
    # The known actor still resolves.
    assert "unknown actor 'PMF'" not in result.stderr


# -- actor pages -----------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="actors")
def test_actor_page_header_and_timeline(app):
    app.build()
    page = main(app.outdir / f"{PMF}.html")
    assert page.select_one(".bl-actor-kind.sd-badge").get_text() == "State body"
    assert [s.get_text() for s in page.select(".bl-actor-alias")] == ["PMF", "Hashd al-Shaabi"]
    assert page.select_one(".bl-actor-designations") is None
    kh = main(app.outdir / "actors/kataib-hezbollah.html")
    assert kh.select_one(".bl-actor-designations").get_text() == (
        "Designations: US Foreign Terrorist Organization (2009)"
    )
    assert timeline(app.outdir / f"{PMF}.html") == [
        (
            "2 October 2025",
            "PM",
            "Second Post",
            "The CBI sold dollars while the Hashd al-Shaabi watched.",
        ),
        ("24 September 2025", "AM", "First Post", "The PMF stayed calm."),
    ]
    summary = page.select_one(".bl-actor-summary").get_text()
    assert summary == "2 updates; first mentioned 24 September 2025, last mentioned 2 October 2025."
    chart = [
        (r.select_one(".bl-chart-label").get_text(), r.select_one(".bl-chart-count").get_text())
        for r in page.select(".bl-actor-chart li")
    ]
    assert chart == [("Sep 2025", "1"), ("Oct 2025", "1")]
    # The generated sections are part of the page's table of contents.
    assert [h.get_text().rstrip("¶") for h in page.select("h2")] == [
        "Mentioned in",
        "Related actors",
    ]


@pytest.mark.sphinx("html", testroot="actors")
def test_the_sentence_is_the_one_with_the_mention(app):
    app.build()
    # KH is first mentioned in the second sentence of the bottom line.
    assert timeline(app.outdir / f"{KH}.html") == [
        ("24 September 2025", "AM", "First Post", "Then Kata’ib Hezbollah issued a statement.")
    ]


@pytest.mark.sphinx("html", testroot="actors")
def test_related_actors_both_directions_and_co_mentions(app):
    app.build()
    kh = main(app.outdir / f"{KH}.html")
    pmf = main(app.outdir / f"{PMF}.html")
    cbi = main(app.outdir / f"{CBI}.html")

    def names(page: BeautifulSoup, selector: str) -> list[str]:
        return [a.get_text() for a in page.select(f"{selector} a.actor")]

    # KH declares the PMF; the PMF's page shows KH though it declares nothing.
    assert names(kh, ".bl-actor-affiliations") == ["Popular Mobilization Forces"]
    assert names(pmf, ".bl-actor-affiliations") == ["Kata’ib Hezbollah"]
    assert names(cbi, ".bl-actor-affiliations") == ["Ali al-Alaq"]
    co = pmf.select_one(".bl-actor-co-mentioned").get_text()
    assert co == (
        "Often mentioned with: Ali al-Alaq (1), Central Bank of Iraq (1), Kata’ib Hezbollah (1)"
    )


@pytest.mark.sphinx("html", testroot="actors")
def test_glossary_groups_by_kind_with_aliases_and_counts(app):
    app.build()
    page = main(app.outdir / "actors/index.html")
    assert [r.get_text() for r in page.select("p.rubric")] == [
        "Armed groups",
        "State bodies",
        "People",
    ]
    assert glossary_counts(app.outdir / "actors/index.html") == {
        "Kata’ib Hezbollah": " · 1 update",
        "Central Bank of Iraq": " · 1 update",
        "Popular Mobilization Forces": " · 2 updates",
        "Ali al-Alaq": " · 1 update",
    }
    kh_entry = page.select_one(".bl-kind-armed-group li")
    assert [s.get_text() for s in kh_entry.select(".bl-actor-alias")] == [
        "Kataib Hezbollah",
        "KH",
        "كتائب حزب الله",
    ]


@pytest.mark.sphinx("html", testroot="actors", srcdir="actors-escaping")
def test_page_text_in_generated_parts_is_escaped(app):
    post = app.srcdir / f"{FIRST}.md"
    post.write_text(
        post.read_text(encoding="utf-8")
        .replace('title: "First Post"', 'title: "First <b>bold</b> & Post"')
        .replace("Nothing else.", "A <i>tag</i> & more."),
        encoding="utf-8",
    )
    app.build()
    html = (app.outdir / f"{KH}.html").read_text(encoding="utf-8")
    assert "<b>bold</b>" not in html
    assert "First &lt;b&gt;bold&lt;/b&gt; &amp; Post" in html
    assert "<i>" not in html


# -- incremental and parallel builds ---------------------------------------------------------


def test_incremental_add_change_and_remove_a_post(site, tmp_path):
    out = tmp_path / "out"
    build(site, out)
    html = out / "html"
    assert [e[2] for e in timeline(html / f"{CBI}.html")] == ["Second Post"]

    new_post = site / "posts/2025/2025-11-05-am-third-post.md"
    new_post.write_text(NEW_POST, encoding="utf-8")
    stdout = build(site, out)
    assert [e[2] for e in timeline(html / f"{CBI}.html")] == ["Third Post", "Second Post"]
    assert [e[2] for e in timeline(html / f"{PMF}.html")] == [
        "Third Post",
        "Second Post",
        "First Post",
    ]
    assert glossary_counts(html / "actors/index.html")["Central Bank of Iraq"] == " · 2 updates"
    actor_pages = {d for d in written(stdout) if d.startswith("actors/")}
    # Exactly the pages the new post changes: KH and al-Alaq are not mentioned in it.
    assert actor_pages == {CBI, PMF, "actors/index"}

    # Change it: it no longer mentions the PMF.
    new_post.write_text(NEW_POST.replace("{actor}`Hashd al-Shaabi`", "militia"), encoding="utf-8")
    stdout = build(site, out)
    assert [e[2] for e in timeline(html / f"{PMF}.html")] == ["Second Post", "First Post"]
    assert "Third Post" in [e[2] for e in timeline(html / f"{CBI}.html")]
    assert PMF in written(stdout)

    new_post.unlink()
    stdout = build(site, out)
    assert [e[2] for e in timeline(html / f"{CBI}.html")] == ["Second Post"]
    assert glossary_counts(html / "actors/index.html")["Central Bank of Iraq"] == " · 1 update"
    assert {d for d in written(stdout) if d.startswith("actors/")} == {CBI, "actors/index"}


def test_incremental_actor_page_changes_reach_other_pages(site, tmp_path):
    out = tmp_path / "out"
    build(site, out)
    html = out / "html"
    # al-Alaq drops his affiliation: the central bank's page must stop showing him.
    page = site / f"{ALAQ}.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("- central-bank-of-iraq\n", ""), encoding="utf-8"
    )
    page.write_text(
        page.read_text(encoding="utf-8").replace("affiliations:\n", ""), encoding="utf-8"
    )
    build(site, out)
    assert main(html / f"{CBI}.html").select(".bl-actor-affiliations") == []

    # A new alias on an actor page links a post that used it (and the strict build passes).
    post = site / f"{SECOND}.md"
    post.write_text(
        post.read_text(encoding="utf-8").replace("{actor}`CBI`", "{actor}`the Bank`"),
        encoding="utf-8",
    )
    result = sphinx_build(site, html, "-n", "-W", doctrees=out / "doctrees")
    assert "unknown actor 'the Bank'" in result.stderr
    cbi = site / f"{CBI}.md"
    cbi.write_text(
        cbi.read_text(encoding="utf-8").replace("- CBI\n", "- CBI\n- the Bank\n"), encoding="utf-8"
    )
    build(site, out)
    links = main(html / f"{SECOND}.html").select("a.actor")
    assert [a.get_text() for a in links][0] == "the Bank"
    assert links[0]["href"] == "../../actors/central-bank-of-iraq.html"


def test_parallel_and_serial_builds_give_identical_actor_pages(tmp_path):
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    build(ROOTS / "test-actors", serial, "-E", "-j", "1")
    build(ROOTS / "test-actors", parallel, "-E", "-j", "2")
    pages = sorted(p.relative_to(serial / "html") for p in (serial / "html/actors").glob("*.html"))
    assert len(pages) == 5
    for page in pages:
        assert str(main(serial / "html" / page)) == str(main(parallel / "html" / page)), page


@pytest.mark.sphinx("html", testroot="actors", srcdir="actors-conflict")
def test_alias_claimed_twice_and_unknown_affiliation_are_warnings(app):
    (app.srcdir / "actors/khalid-hamid.md").write_text(
        "---\nname: Khalid Hamid\nkind: person\naliases:\n- KH\naffiliations:\n- nobody\n---\n\n"
        "# Khalid Hamid\n\nA test profile.\n",
        encoding="utf-8",
    )
    app.build()
    warnings = app.warning.getvalue()
    assert re.search(
        r"actors/khalid-hamid\.md:1: WARNING: alias 'KH' is also claimed by \S*"
        r"actors/kataib-hezbollah\.md",
        warnings,
    )
    assert re.search(r"actors/khalid-hamid\.md:1: WARNING: unknown affiliation 'nobody'", warnings)
    # The first claim (in file order) keeps the alias, so links do not change meaning.
    links = main(app.outdir / f"{FIRST}.html").select("a.actor")
    assert {a["href"] for a in links if a.get_text() != "PMF"} == {f"../../{KH}.html"}
