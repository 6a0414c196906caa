"""The benchmark: its synthetic archive builds strictly, with our extension and as a stock twin."""

from __future__ import annotations

import argparse
import json
from pathlib import Path, PurePosixPath

import pytest

from bottomline.bench import (
    BOTTOMLINE_MARKUP_RE,
    REQUIRED_KEYS,
    RESULTS_END,
    RESULTS_START,
    build_parser,
    conf_value,
    edit_profile,
    output_paths,
    parse_sizes,
    replace_generated,
    stock_page,
    write_plot,
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


def test_sizes_write_results_json_the_markdown_tables_and_the_plot(tmp_path: Path, capsys):
    results, plot = tmp_path / "out" / "results.json", tmp_path / "out" / "bench.png"
    markdown = tmp_path / "BENCHMARKS.md"
    markdown.write_text(
        f"# Benchmarks\n\nHand-written.\n\n{RESULTS_START}\nold figures\n{RESULTS_END}\n\n"
        "## Profiling\n\nAlso kept.\n",
        encoding="utf-8",
    )
    argv = ["--sizes", "6", "--repeat", "1", "--no-browser", "--base", str(ROOT)]
    argv += ["--scenarios", "full-serial,noop", "--ingest-sample", "4", "--no-write"]
    argv += ["--results", str(results), "--markdown", str(markdown), "--plot", str(plot)]
    assert bench_main(argv) == 0
    capsys.readouterr()

    document = json.loads(results.read_text(encoding="utf-8"))
    assert document["command"] == "python -m bottomline.bench " + " ".join(argv)
    [size] = document["sizes"]
    assert set(REQUIRED_KEYS) <= set(size)
    assert size["n"] == 6 and size["ingest_sample"] == 4
    measured = ("build_j1_s", "stock_build_j1_s", "noop_s", "stock_noop_s", "peak_rss_mib")
    measured += ("stock_peak_rss_mib", "index_bytes", "index_gzip_bytes", "stock_index_bytes")
    measured += ("stock_index_gzip_bytes", "phrases_bytes", "ingest_per_s", "ingest_html_per_s")
    for key in (*measured, "ingest_feed_per_s"):
        assert size[key] > 0, key
    # Not run (a scenario left out, --no-browser, no --feed-5000): there, but null.
    for key in ("build_jauto_s", "add_one_s", "jauto_speedup", "query_ms_median", "feed_5000_s"):
        assert size[key] is None, key
    assert set(size["ratio_to_stock"]) == {"j1", "jauto", "noop", "add_one", "edit_actor"}
    assert size["ratio_to_stock"]["j1"] > 0 and size["ratio_to_stock"]["add_one"] is None
    assert len(size["runs"]["build_j1_s"]["ours"]) == 1
    assert size["index_gzip_bytes"] < size["index_bytes"]

    text = markdown.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\nHand-written.\n\n" + RESULTS_START)
    assert text.endswith(RESULTS_END + "\n\n## Profiling\n\nAlso kept.\n")
    assert "old figures" not in text and text.count(RESULTS_START) == 1
    section = text[text.index(RESULTS_START) : text.index(RESULTS_END)]
    assert "### 6 updates" in section and "| full build `-E -j 1` |" in section
    assert "sphinx 9" in section.lower() and "myst-parser" in section
    assert f"`{document['command']}`" in section
    assert "![Build time and search payload against archive size](out/bench.png)" in section
    assert plot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_the_generated_section_is_replaced_or_appended():
    section = f"{RESULTS_START}\nnew\n{RESULTS_END}"
    before = f"intro\n{RESULTS_START}\nold\n{RESULTS_END}\nrest\n"
    assert replace_generated(before, section) == f"intro\n{section}\nrest\n"
    assert replace_generated("# B\n\nintro\n", section) == f"# B\n\nintro\n\n{section}\n"
    with pytest.raises(ValueError, match="missing"):
        replace_generated(f"intro\n{RESULTS_START}\nold\n", section)
    # Markers quoted in the prose are not markers: only lines of their own are.
    quoted = f"Between `{RESULTS_START}` and `{RESULTS_END}`.\n"
    assert replace_generated(quoted + before, section) == f"{quoted}intro\n{section}\nrest\n"


def test_the_plot_is_a_png_for_several_sizes(tmp_path: Path):
    def size(n: int, seconds: float) -> dict:
        figures = {"n": n, "jobs": "auto", "index_gzip_bytes": 300 * n}
        figures |= {"stock_index_gzip_bytes": 250 * n, "build_j1_s": seconds}
        figures |= {"stock_build_j1_s": seconds * 0.8, "build_jauto_s": None}
        return figures | {"runs": {"build_j1_s": {"ours": [seconds, seconds * 1.1]}}}

    plot = tmp_path / "bench.png"
    write_plot({"sizes": [size(1000, 30.0), size(200, 6.0)]}, plot)
    assert plot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("200,abc", "'abc' is not a number of updates"),
        ("200,,1000", "empty size"),
        ("0", "at least 1"),
        ("200,200", "given twice"),
    ],
)
def test_bad_sizes_are_rejected_with_a_clear_error(text: str, message: str, capsys):
    with pytest.raises(argparse.ArgumentTypeError, match=message):
        parse_sizes(text)
    with pytest.raises(SystemExit) as exit_info:
        bench_main(["--sizes", text])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_sizes_write_the_repository_files_by_default_and_posts_none(tmp_path: Path):
    parser = build_parser()
    paths = output_paths(parser.parse_args(["--sizes", "200,1000", "--base", str(tmp_path)]))
    assert paths == (
        tmp_path / "benchmarks" / "results.json",
        tmp_path / "BENCHMARKS.md",
        tmp_path / "benchmarks" / "bench.png",
    )
    assert parse_sizes(" 200, 1000 ,3000") == [200, 1000, 3000]
    assert output_paths(parser.parse_args(["--posts", "200"])) == (None, None, None)
    assert output_paths(parser.parse_args(["--sizes", "200", "--no-write"])) == (None, None, None)
    with pytest.raises(SystemExit):
        parser.parse_args(["--posts", "200", "--sizes", "200"])
