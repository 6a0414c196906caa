"""Sharing (``sphinxext/sharing.py``): canonical links, OpenGraph and Twitter card tags and
the sitemap, all from ``site_url``; none of them without it."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from sphinx.errors import ConfigError

from bottomline.sphinxext.sharing import description, normalise_site_url
from helpers import read_html, sphinx_build

ROOT = Path(__file__).parent / "roots" / "test-sharing"
POST = "posts/2025/2025-06-01-am-shared-update"
DRAFT = "posts/2025/2025-06-02-pm-draft-update"
SITE = "https://example.org/archive/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def tags(path: Path) -> dict[str, str]:
    """The page's ``<meta property|name=…>`` tags and its canonical link."""
    soup = read_html(path)
    found = {
        (meta.get("property") or meta.get("name")): meta["content"]
        for meta in soup.select("head meta[content]")
        if meta.get("property") or meta.get("name")
    }
    canonical = soup.select_one('head link[rel="canonical"]')
    if canonical is not None:
        found["canonical"] = canonical["href"]
    return found


@pytest.mark.sphinx("html", testroot="sharing")
def test_post_shares_its_bottom_line(app):
    app.build()
    assert app.warning.getvalue() == ""
    found = tags(Path(app.outdir) / f"{POST}.html")
    bottom_line = 'Rates held & "nothing" moved <today>.'
    assert found["og:title"] == "A Shared Update"
    assert found["og:type"] == "article"
    assert found["og:url"] == f"{SITE}{POST}.html"
    assert found["og:site_name"] == "Sharing test"
    # The bottom line, not the page's first paragraph, and still the same text once parsed.
    assert found["og:description"] == bottom_line
    assert found["description"] == bottom_line
    assert found["twitter:card"] == "summary"
    assert found["article:published_time"] == "2025-06-01"
    assert found["canonical"] == f"{SITE}{POST}.html"
    assert "og:image" not in found  # no social card images


@pytest.mark.sphinx("html", testroot="sharing")
def test_other_pages_share_their_first_paragraph(app):
    app.build()
    found = tags(Path(app.outdir) / "index.html")
    assert found["og:type"] == "website"
    assert found["og:url"] == f"{SITE}index.html"
    assert found["og:description"].startswith("A page that is not an update")
    assert found["canonical"] == f"{SITE}index.html"


@pytest.mark.sphinx(
    "html", testroot="sharing", srcdir="sharing-preview", confoverrides={"bottomline_drafts": True}
)
def test_sitemap_lists_every_published_page(app):
    app.build()
    root = etree.parse(str(Path(app.outdir) / "sitemap.xml")).getroot()
    locs = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert locs == sorted(locs)
    assert f"{SITE}index.html" in locs
    assert f"{SITE}{POST}.html" in locs
    # Generated pages without a source are there; search and the index are not; nor a draft.
    assert f"{SITE}2025/06/index.html" in locs
    assert not [loc for loc in locs if "search" in loc or "genindex" in loc]
    assert (Path(app.outdir) / f"{DRAFT}.html").is_file()  # the preview shows the draft
    assert f"{SITE}{DRAFT}.html" not in locs
    assert all(loc.startswith(SITE) for loc in locs)
    # Nor in the feeds, nor redirected to from its old address.
    feed = (Path(app.outdir) / "feeds" / "atom.xml").read_text(encoding="utf-8")
    assert "A Shared Update" in feed and "Draft" not in feed
    assert (Path(app.outdir) / "2025" / "06" / "shared-update.html").is_file()
    assert not (Path(app.outdir) / "2025" / "06" / "draft-update.html").exists()


@pytest.mark.sphinx(
    "html", testroot="sharing", srcdir="sharing-local", confoverrides={"site_url": ""}
)
def test_without_site_url_nothing_claims_an_address(app):
    app.build()
    assert app.warning.getvalue() == ""  # sphinx-sitemap's "no address" warning is expected
    outdir = Path(app.outdir)
    assert not (outdir / "sitemap.xml").exists()
    found = tags(outdir / f"{POST}.html")
    assert not [name for name in found if name.startswith(("og:", "twitter:", "article:"))]
    assert "canonical" not in found
    # Search engines may still read the description of a local copy.
    assert found["description"] == 'Rates held & "nothing" moved <today>.'


def test_site_url_is_normalised_and_checked():
    assert normalise_site_url("") == ""
    assert normalise_site_url(None) == ""
    assert normalise_site_url(" https://example.org/a ") == "https://example.org/a/"
    assert normalise_site_url("http://example.org/") == "http://example.org/"
    for bad in ("example.org", "ftp://example.org/", "javascript:alert(1)", "https://x/?q=1"):
        with pytest.raises(ConfigError, match="site_url"):
            normalise_site_url(bad)


def test_a_bad_site_url_stops_the_build_with_one_clear_line(tmp_path: Path):
    result = sphinx_build(ROOT, tmp_path / "out", "-D", "site_url=example.org")
    assert result.returncode != 0
    assert "site_url must be an http:// or https:// address" in result.stderr
    assert "'example.org'" in result.stderr


def test_long_descriptions_are_cut_at_a_word():
    text = "word " * 100
    cut = description(text, 40)
    assert len(cut) <= 40 and cut.endswith("word…")
    assert description("Short and  plain.") == "Short and plain."


def test_a_build_never_imports_matplotlib_for_social_cards(tmp_path: Path):
    """sphinxext-opengraph would import matplotlib (a second per build) for social cards the
    archive never draws; the build loads it without them, and says nothing about it."""
    assert importlib.util.find_spec("matplotlib") is not None  # installed: the import would run
    script = (
        "import sys\n"
        "from sphinx.cmd.build import main\n"
        f"status = main(['-b', 'html', '-q', '-D', 'site_url={SITE}', {str(ROOT)!r}, "
        f"{str(tmp_path / 'out')!r}])\n"
        "print(status, 'matplotlib' in sys.modules, "
        "sys.modules['sphinxext.opengraph'].create_social_card)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.stdout.splitlines() == ["0 False None"], result.stderr
    assert result.stderr == ""
    assert tags(tmp_path / "out" / f"{POST}.html")["og:description"]


def test_enabling_social_cards_warns_that_it_has_no_effect(tmp_path: Path):
    result = sphinx_build(ROOT, tmp_path / "out", "-D", "ogp_social_cards.enable=1")
    assert "ogp_social_cards: the archive does not draw social cards" in result.stderr
