"""Property: whatever text a raw update holds, in any field, the built page shows it literally.

One Sphinx app is reused for every example: each example writes one post page (and removes
the previous one) and the build only reads and writes what changed, which keeps hundreds of
adversarial fields within seconds.  The test root enables every MyST extension the site may
use (colon fences, substitutions, math, attributes, definition lists, linkify when
installed) and keeps raw HTML off, as the site does.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bottomline.importer.myst import render_post
from bottomline.model import RAW_TEXT, Citation, Item, Provenance, Section, TitleDate, Update
from bottomline.outlets import canonical_outlet

# Pieces of markup a raw update might hold, by accident or on purpose.
MARKUP = [
    "<script>alert(1)</script>", "<b>bold</b>", "<!-- c -->", "&amp;", "&#60;", "&lt;",
    "{{ name }}", "{{name}}", "$x$", "$$\nx\n$$", "\\(x\\)", "[^1]", "[^1]: note",
    "<http://evil.example>", "[x](javascript:alert(1))", "![i](x.png)", "[x]: http://y",
    "http://evil.example/a", "www.example.com", "mail@example.com", "# ", "## ", "> ",
    "- ", "* ", "+ ", "1. ", "2) ", "| a | b |\n|---|---|", "*a*", "**b**", "_c_", "__d__",
    "~~e~~", "`code`", "```{raw} html\n<b>x</b>\n```", ":::{note}\nx\n:::", "{note}`x`",
    "{actor}`KH`", "{outlet}`Reuters`", "{#id .class}", "[span]{.class}", "---", "***",
    "\\", "\\\\", "\\*", "%", ": definition", "Term\n: def", "(c)", "...", "--", "\"q\"",
    "'a'", "\u00a0", "\r\n", "\n\n", "\t", "\x00", "\x1b[31m", "\u2028", "\ufeff",
    "Kata\u2019ib", "\u0627\u0644\u0633\u0648\u0645\u0631\u064a\u0629", "1,310.5", ":class: x",
    "<", ">", "&", "`", "{", "}", "[", "]", "(", ")", "!", "|", "^", "~", "=", "@",
]  # fmt: skip
CHARACTERS = st.characters(blacklist_categories=("Cs",))


def field_text() -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(MARKUP), st.text(CHARACTERS, min_size=1, max_size=6))
    return st.lists(piece, min_size=1, max_size=6).map("".join).filter(lambda s: expected(s))


def expected(text: str) -> str:
    """What the page must show: control characters gone, white space runs as one space."""
    kept = "".join(c for c in text if c.isspace() or unicodedata.category(c) != "Cc")
    return " ".join(kept.split())


def shown(element) -> str:
    for anchor in element.select("a.headerlink"):
        anchor.decompose()
    return " ".join(element.get_text().split())


FIELDS = st.fixed_dictionaries(
    {
        "title": field_text(),
        "intro": field_text(),
        "bottom": field_text(),
        "heading": field_text(),
        "bullet": field_text(),
        "nested": field_text(),
        "outlet": field_text().filter(lambda s: "`" not in s),
        "takeaway": field_text(),
        "takeaway_is_bullet": st.booleans(),
    }
)


FIELD_NAMES = ("title", "intro", "bottom", "heading", "bullet", "nested", "outlet", "takeaway")


def update_from(fields: dict[str, str]) -> Update:
    return Update(
        title=fields["title"],
        title_date=TitleDate(1, 1, 2025, "AM"),
        intro=[fields["intro"]],
        bottom_line=[fields["bottom"]],
        sections=[
            Section(
                fields["heading"],
                [
                    Item(
                        fields["bullet"],
                        [Citation(fields["outlet"], fields["outlet"])],
                        [Item(fields["nested"])],
                    )
                ],
            )
        ],
        # As bullets, a second one follows: what the first bullet's text does to the
        # block after it is part of what is tested.
        takeaway=[Item(fields["takeaway"], bullet=fields["takeaway_is_bullet"])]
        + ([Item("Last point.")] if fields["takeaway_is_bullet"] else []),
        provenance=Provenance("example", b"raw", RAW_TEXT),
        date=date(2025, 1, 1),
        edition="AM",
    )


@pytest.mark.sphinx("html", testroot="import-escaping", srcdir="import-escaping-fields")
def test_any_text_in_any_field_comes_out_literally(app):
    srcdir, outdir = Path(app.srcdir), Path(app.outdir)
    posts = srcdir / "posts" / "2025"
    posts.mkdir(parents=True)
    app.build()
    numbers = itertools.count()
    written: list[Path] = []

    @settings(
        max_examples=200,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(fields=FIELDS)
    # Found by hand: "\---" opening a list in an admonition was read as front matter.
    @example(fields={**dict.fromkeys(FIELD_NAMES, "---"), "takeaway_is_bullet": True})
    # Found by hypothesis: a first takeaway bullet "0---" opened front matter inside the
    # admonition (mdit-py-plugins counts the dashes from the item's second character).
    @example(
        fields={**dict.fromkeys(FIELD_NAMES, "x"), "takeaway": "0---", "takeaway_is_bullet": True}
    )
    def check(fields: dict[str, str]) -> None:
        for old in written:
            old.unlink()
        written.clear()
        page = posts / f"2025-01-01-am-example-{next(numbers)}.md"
        post = render_post(update_from(fields), raw_sha256="0" * 64, raw_file="raw/x.txt")
        page.write_text(post.text, encoding="utf-8")
        written.append(page)
        app.warning.seek(0)
        app.warning.truncate()
        app.build()
        assert app.warning.getvalue() == "", post.text

        html = (outdir / "posts" / "2025" / page.with_suffix(".html").name).read_text()
        soup = BeautifulSoup(html, "html.parser")
        body = soup.select_one("[role=main]")
        # Nothing in the text became markup: no element a post does not make.
        for tag in ("script", "ol", "table", "em", "strong", "code", "img", "blockquote", "dl",
                    "hr", "del", "s", "sup", "math", "pre", "iframe", "b", "i", "h3"):  # fmt: skip
            assert body.find(tag) is None, (tag, post.text)
        # The only links are to the cited outlet's page, named as the outlet is.
        outlet = canonical_outlet(expected(fields["outlet"]))
        for link in body.find_all("a"):
            if "headerlink" in link.get("class", []):
                continue
            assert re.fullmatch(r"(\.\./)*outlets/[^/:?#]+\.html", link["href"]), link
            assert shown(link) == outlet, link
        assert not body.select(".math, .footnote, .footnote-reference, .substitution")
        assert len(body.find_all("h1")) == 1 and len(body.find_all("h2")) == 1
        items = body.find_all("li")
        assert len(items) == (4 if fields["takeaway_is_bullet"] else 2)

        assert shown(body.find("h1")) == expected(fields["title"])
        paragraphs = [
            p
            for p in body.find("h1").parent.find_all("p", recursive=False)
            if "bl-post-tags" not in p.get("class", [])  # the actors and outlets line
        ]
        assert [shown(p) for p in paragraphs] == [expected(fields["intro"])]
        bottom = body.select_one("div.bottom-line").find_all("p")
        assert shown(bottom[1]) == expected(fields["bottom"])
        assert shown(body.find("h2")) == expected(fields["heading"])
        nested = items[0].find("ul")
        assert shown(nested) == expected(fields["nested"])
        nested.decompose()
        assert shown(items[0]) == f"{expected(fields['bullet'])} ({outlet})"
        meaning = body.select_one("div.what-it-means").find_all("p")
        assert shown(meaning[1]) == expected(fields["takeaway"])

    check()
    assert next(numbers) >= 202  # every example (and the explicit ones) was built and checked
