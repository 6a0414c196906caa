"""The benchmark's synthetic archive is a valid site: every generated post builds strictly."""

from __future__ import annotations

from pathlib import Path

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
