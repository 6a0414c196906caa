"""The benchmark: its synthetic archive builds strictly, with our extension and as a stock twin."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from bottomline.bench import (
    BOTTOMLINE_MARKUP_RE,
    conf_value,
    edit_profile,
    stock_page,
    write_stock_twin,
)
from bottomline.bench import main as bench_main
from bottomline.cli import main
from conftest import ROOT
from helpers import read_html, sphinx_build


def test_bench_gen_writes_an_archive_that_builds_strictly(tmp_path: Path, capsys):
    project = tmp_path / "archive"
    assert main(["bench-gen", "--base", str(ROOT), "6", str(project)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote 6 posts into {project / 'posts'}"
    posts = sorted(project.glob("posts/*/*.md"))
    assert len(posts) == 6
    result = sphinx_build(project, tmp_path / "html", "-n", "-W", "--keep-going")
    assert result.returncode == 0, result.stderr
    landing = read_html(tmp_path / "html" / "index.html")
    assert len(landing.select(".bl-card")) == 6
    # The posts name real actors, so their pages list them.
    linked = {a["href"] for p in posts for a in read_html(
        tmp_path / "html" / p.relative_to(project).with_suffix(".html")
    ).select("a.bl-actor-link")}  # fmt: skip
    assert linked


def test_stock_page_turns_our_markup_into_stock_markdown():
    page = "\n".join(
        [
            "---",
            "date: 2025-10-02",
            "---",
            "",
            ":::{bottom-line}",
            "{actor}`The bank <CBI>` met {actor}`Sudani`. ({outlet}`Shafaq News`)",
            ":::",
            "",
            "::::{what-it-means}",
            "- More [soon].",
            "::::",
            "",
            ":::{latest-updates}",
            ":count: 5",
            ":::",
        ]
    )
    slugs = {"CBI": "central-bank-of-iraq", "Sudani": "mohammed-shia-al-sudani"}
    stock = stock_page(page, PurePosixPath("posts/2025/x.md"), slugs.__getitem__)
    assert stock.split("\n") == [
        "---",
        "orphan: true",
        "date: 2025-10-02",
        "---",
        "",
        ":::{admonition} The bottom line",
        ":class: bottom-line",
        "[The bank](../../actors/central-bank-of-iraq.md) met"
        " [Sudani](../../actors/mohammed-shia-al-sudani.md). (Shafaq News)",
        ":::",
        "",
        "::::{admonition} What it all means",
        ":class: what-it-means",
        "- More [soon].",
        "::::",
        "",
        "(A generated listing in the bottomline build; stock Sphinx has none.)",
    ]
    # Pages outside posts/ and actors/ are in a toctree: no orphans there.
    assert stock_page("# Hi\n", PurePosixPath("index.md"), slugs.__getitem__) == "# Hi\n"


def test_edit_profile_changes_the_first_sentence_of_the_prose():
    page = "---\nname: X\n---\n\n# X\n\nX is a bank. It sells dollars.\n"
    edited = edit_profile(page)
    assert edited != page
    assert edited.replace("Edited for the benchmark: ", "") == page


def test_the_stock_twin_builds_with_stock_sphinx_without_warnings(tmp_path: Path):
    ours, stock = tmp_path / "ours", tmp_path / "stock"
    assert main(["bench-gen", "--base", str(ROOT), "6", str(ours)]) == 0
    pages = write_stock_twin(ours, stock)
    assert sorted(p.relative_to(stock) for p in pages) == sorted(
        p.relative_to(ours)
        for p in ours.rglob("*.md")
        if not str(p.relative_to(ours)).startswith("_")
    )
    assert not (stock / "_templates").exists()
    extensions = conf_value(stock / "conf.py", "extensions", None)
    assert extensions == ["myst_parser", "sphinx_design"]
    assert conf_value(stock / "conf.py", "templates_path", None) is None
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not BOTTOMLINE_MARKUP_RE.search(text), page
        assert "{actor" not in text and "{outlet" not in text, page

    result = sphinx_build(stock, tmp_path / "html", "-n", "-W", "--keep-going")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    # Every actor a post names is a link to its page; every post has both admonitions.
    for post in sorted(stock.glob("posts/*/*.md")):
        html = read_html(tmp_path / "html" / post.relative_to(stock).with_suffix(".html"))
        assert html.select(".admonition.bottom-line") and html.select(".admonition.what-it-means")
        hrefs = [a["href"] for a in html.select("a.reference.internal")]
        assert any(href.startswith("../../actors/") and href != "../../actors/index.html"
                   for href in hrefs), post  # fmt: skip


def test_the_incremental_scenarios_measure_both_variants(tmp_path: Path, capsys):
    report_path = tmp_path / "bench.json"
    argv = ["--posts", "6", "--repeat", "1", "--no-browser", "--base", str(ROOT)]
    argv += ["--scenarios", "noop,add-one,edit-actor", "--workdir", str(tmp_path / "work")]
    assert bench_main([*argv, "--json", str(report_path)]) == 0
    assert "add one update" in capsys.readouterr().out
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert list(report["scenarios"]) == ["noop", "add-one", "edit-actor"]
    for name, result in report["scenarios"].items():
        for variant in ("ours", "stock"):
            figures = result[variant]
            assert figures["seconds"] > 0 and figures["peak_mb"] > 0, (name, variant)
            assert figures["warnings"] == 0, (name, variant)
            assert len(figures["runs"]) == 1
            if name != "noop":  # the changed page at least
                assert figures["written"] >= 1 and figures["changed"] >= 1, (name, variant)
        assert result["ratio"] is not None
    assert report["stock_index"]["raw"] > 0 and report["search_index"]["raw"] > 0
    # Each change was undone: the sources are the generated ones again.
    work = tmp_path / "work"
    assert not list(work.glob("*/src/posts/*/*-added.md"))
    assert "Edited for the benchmark" not in "".join(
        p.read_text(encoding="utf-8") for p in work.glob("*/src/actors/*.md")
    )
