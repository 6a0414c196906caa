"""A Blogger post page: raw bytes or str -> :class:`Update` (one per post on the page).

Everything comes from the page's own structure, never from guesses about its text: the
post is ``div.post-body`` (in other templates ``.entry-content``, ``[itemprop=articleBody]``
or ``#post-body-<id>``), its title ``.post-title`` (else ``og:title`` or the page title),
its time ``abbr.published[title]``, ``time.published[datetime]``, ``datePublished`` or any
``.published`` with an ISO time (else the day's ``.date-header``), its id
``meta[itemprop=postId]``, its address ``link[rel=canonical]``.  Inside the post body,
``<ul>`` nesting or a ``margin-left`` gives a bullet's level; ``<h1>``-``<h6>`` and
bold-only blocks are headings; images and their captions, scripts, forms, share buttons
and hidden elements are not content.

Feed entries are kept under ``raw/`` as small pages of the same shape
(:func:`entry_page`), so re-reading a kept original goes through this module too.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html

from bottomline.importer.dates import fill_in, parse_date_header, parse_timestamp, split_title
from bottomline.importer.read_text import MARKER_DEPTH, bullet_marker, clean_text, decode
from bottomline.importer.sources import LinkSpan
from bottomline.importer.structure import Line, build_body
from bottomline.model import (
    RAW_FEED_ENTRY,
    RAW_HTML,
    Entry,
    ImportFailure,
    NotAnUpdate,
    Provenance,
    TitleDate,
    Update,
)

_GENERATOR = "bottomline importer: kept post"
_BODY_START = "<!-- bottomline:post-body -->"
_BODY_END = "<!-- /bottomline:post-body -->"

_BLOCKS = frozenset(
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote",
        "table", "tr", "td", "th", "section", "article", "header", "footer", "pre", "dl", "dt",
        "dd", "center", "figure", "figcaption", "hr", "address", "main", "aside", "nav",
        "details", "summary", "tbody", "thead", "tfoot", "caption",
    }
)  # fmt: skip
_SKIPPED = frozenset(
    {
        "script", "style", "noscript", "iframe", "object", "embed", "form", "input", "button",
        "select", "textarea", "video", "audio", "svg", "canvas", "template", "img", "map",
        "head", "title", "picture", "source", "track", "math",
    }
)  # fmt: skip
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Inside a post body, but not the post: image captions, "Read more »", share buttons, the
# footer Blogger adds to every post in its feeds.
_SKIPPED_CLASSES = frozenset(
    {
        "tr-caption", "wp-caption-text", "image-caption", "jump-link", "post-share-buttons",
        "share-buttons", "sharing", "post-footer", "blog-pager", "blogger-post-footer",
    }
)  # fmt: skip
_BOLD_RE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.I)
_BIG_RE = re.compile(r"font-size\s*:\s*(?:large|x-large|xx-large|larger|(?:1[89]|[2-9]\d)px)", re.I)
_HIDDEN_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# "40px", "1.5em", ".5in" (Word's list paragraphs), "2cm".
_LENGTH = r"(-?(?:\d+(?:\.\d+)?|\.\d+))\s*(px|pt|em|rem|in|cm|mm|%)?"
# A run of white space, as one space (a single space, the usual, needs no change).
_WS_RE = re.compile(r"[ \t\n\r\f]{2,}|[\t\n\r\f]")


def _length(value: str, unit: str | None) -> float:
    number = float(value)
    scale = {"pt": 4 / 3, "em": 16, "rem": 16, "in": 96, "cm": 96 / 2.54, "mm": 96 / 25.4}
    return number * scale.get((unit or "px").lower(), 1)


def _indent_of(style: str) -> float:
    """The left margin plus padding a ``style`` attribute gives, in px."""
    total = 0.0
    for prop in ("margin", "padding"):
        left = re.search(rf"{prop}-left\s*:\s*{_LENGTH}", style, re.I)
        if left:
            total += _length(left[1], left[2])
            continue
        short = re.search(rf"{prop}\s*:\s*([^;]+)", style, re.I)
        if short:
            values = re.findall(_LENGTH, short[1])
            if values:  # CSS shorthand: 1 value, 2 (v h), 3 (t h b) or 4 (t r b l)
                left_value = values[{1: 0, 2: 1, 3: 1}.get(len(values), 3)]
                total += _length(*left_value)
    return max(total, 0.0)


@dataclass(frozen=True)
class _Context:
    depth: int = 0  # <ul>/<ol> levels
    li: int = 0  # id of the <li> this text is in (0: none)
    margin: float = 0.0
    heading: bool = False
    bold: bool = False
    link: str | None = None


@dataclass
class _Buffer:
    text: str = ""
    links: list[LinkSpan] = field(default_factory=list)
    bold: int = 0
    letters: int = 0
    leading: int = 0  # non-breaking spaces before the first word: typed indentation
    context: _Context | None = None


class _Walker:
    """Walks a post body, turning blocks and ``<br>`` into :class:`Line` objects."""

    def __init__(self) -> None:
        self.lines: list[tuple[Line, int]] = []  # (line, id of the <li> it came from)
        self.buffer = _Buffer()
        self._next_li = 0

    def add_text(self, raw: str | None, context: _Context) -> None:
        if not raw:
            return
        if self.buffer.context is None:
            stripped = raw.lstrip(" \t\n\r\f\u00a0\u202f")
            self.buffer.leading += raw[: len(raw) - len(stripped)].count("\u00a0")
            if not stripped.strip():
                return
            self.buffer.context = context
        text = _WS_RE.sub(" ", clean_text(raw).replace("\n", " "))
        if self.buffer.text.endswith(" ") or not self.buffer.text:
            text = text.lstrip(" ")
        if not text:
            return
        start = len(self.buffer.text)
        self.buffer.text += text
        letters = len("".join(text.split()))  # the characters that are not white space
        self.buffer.letters += letters
        if context.bold or context.heading:
            self.buffer.bold += letters
        if context.link is not None:
            self.buffer.links.append(LinkSpan(start, start + len(text), context.link))

    def flush(self) -> None:
        if self.buffer.context is None:
            # Nothing buffered (every block flushes twice) but typed indentation, which a
            # line break ends: what a new buffer would hold.
            self.buffer.leading = 0
            return
        buffer, self.buffer = self.buffer, _Buffer()
        context = buffer.context
        text = buffer.text.rstrip()
        if context is None or not text.strip():
            return
        line = Line(
            text=text,
            indent=round(context.margin + context.depth * 40 + buffer.leading * 5),
            bullet=bool(context.li),
            heading=not context.li and buffer.bold == buffer.letters,
            links=[link for link in buffer.links if link.start < len(text)],
        )
        found = bullet_marker(text)
        if not context.li:
            if found:
                marker, end = found
                line = _cut(line, end)
                line.bullet, line.heading, line.marker = True, False, marker
                line.indent += MARKER_DEPTH.get(marker, 0)
        elif found and found[0] != "o":  # a "•" typed inside an <li>
            line = _cut(line, found[1])
        if context.li and self.lines and self.lines[-1][1] == context.li:
            # A second block (or <br>) inside the same <li> continues that bullet.
            previous, li = self.lines[-1]
            offset = len(previous.text) + 1
            previous.text = f"{previous.text} {line.text}"
            previous.links.extend(
                LinkSpan(link.start + offset, link.end + offset, link.href) for link in line.links
            )
            return
        self.lines.append((line, context.li))

    def walk(self, element: etree._Element, context: _Context) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else None
        if tag is None or tag in _SKIPPED or tag == "figcaption":
            return
        if _SKIPPED_CLASSES.intersection((element.get("class") or "").split()):
            return
        style = element.get("style") or ""
        if (style and _HIDDEN_RE.search(style)) or element.get("hidden") is not None:
            return
        if tag == "br":
            self.flush()
            return
        block = tag in _BLOCKS
        if block:
            self.flush()
        # The context inside, field by field (one new context, not one per change).
        depth, li, margin = context.depth, context.li, context.margin
        heading, bold, link = context.heading, context.bold, context.link
        if tag in ("ul", "ol"):
            depth, li = depth + 1, 0
        elif tag == "li":
            self._next_li += 1
            li = self._next_li
        elif tag == "blockquote":
            margin += 40
        if block and style:
            margin += _indent_of(style)
        heading = heading or tag in _HEADINGS
        if tag in ("b", "strong") or (style and (_BOLD_RE.search(style) or _BIG_RE.search(style))):
            bold = True
        if tag == "a":
            href = element.get("href")
            link = href.strip() if href else None
        inner = _Context(depth, li, margin, heading, bold, link)
        self.add_text(element.text, inner)
        for child in element:
            self.walk(child, inner)
            self.add_text(child.tail, inner)
        if block:
            self.flush()


def _cut(line: Line, count: int) -> Line:
    """``line`` without its first ``count`` characters (a bullet marker)."""
    links = [
        LinkSpan(max(link.start - count, 0), link.end - count, link.href)
        for link in line.links
        if link.end > count
    ]
    return Line(text=line.text[count:], indent=line.indent, bullet=line.bullet, links=links)


def body_lines(body: etree._Element) -> list[Line]:
    """The lines of a post body, in order."""
    walker = _Walker()
    walker.add_text(body.text, _Context())
    for child in body:
        walker.walk(child, _Context())
        walker.add_text(child.tail, _Context())
    walker.flush()
    return [line for line, _ in walker.lines]


# -- the page ---------------------------------------------------------------------------------


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _first(element: etree._Element, *xpaths: str) -> str | None:
    for xpath in xpaths:
        for found in element.xpath(xpath):
            value = found if isinstance(found, str) else found.text_content()
            value = " ".join(str(value).split())
            if value:
                return value
    return None


def parse_page(text: str) -> etree._Element:
    """An HTML document, parsed without fetching anything."""
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if not text.strip():
        raise ImportFailure("the page is empty")
    parser = lxml_html.HTMLParser(no_network=True, remove_comments=False, recover=True)
    try:
        root = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise ImportFailure(f"cannot parse the page as HTML ({error})") from None
    return root


def fragment(markup: str) -> etree._Element:
    """An element holding the HTML fragment ``markup`` (a post body's content).

    The fragment goes straight into ``<body>``: stray closing tags in it cannot move its
    text outside the element returned.
    """
    # <html>, <head> and <body> tags mean nothing inside a post, and a stray "</body>"
    # would make the parser drop everything after it.
    markup = re.sub(r"</?(?:html|head|body)\b[^>]*>", " ", markup, flags=re.I)
    root = parse_page(f"<html><body>{markup}</body></html>")
    body = root.find("body")
    return body if body is not None else root


def _decode_page(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    try:
        return decode(data, "page")
    except ImportFailure:
        declared = re.search(rb"charset=[\"']?([\w.-]+)", data[:4096], re.I)
        if declared is None or b"\x00" in data:
            raise
        try:
            return data.decode(declared[1].decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            raise ImportFailure(
                f"the page is neither UTF-8 nor its declared {declared[1].decode()!r}"
            ) from None


def _post_bodies(root: etree._Element) -> list[etree._Element]:
    """The post bodies on a page: ``div.post-body`` in Blogger's own templates; in others
    ``.entry-content``, ``[itemprop=articleBody]`` or the ``post-body-<id>`` element."""
    found: list[etree._Element] = []
    for xpath in (
        f"//*[{_has_class('post-body')}]",
        f"//*[{_has_class('entry-content')}]",
        "//*[@itemprop='articleBody' or contains(concat(' ', @itemprop, ' '), ' articleBody ')]",
        "//*[starts-with(@id, 'post-body-')]",
        f"//*[{_has_class('post-content')}]",
    ):
        found = root.xpath(xpath)
        if found:
            break
    # A post body inside another is part of it, not a second post.
    return [el for el in found if not any(other in el.iterancestors() for other in found)]


def _post_of(body: etree._Element) -> etree._Element | None:
    for ancestor in body.iterancestors():
        classes = (ancestor.get("class") or "").split()
        if (
            {"post", "post-outer", "hentry", "blog-post"}.intersection(classes)
            or ancestor.get("itemprop") == "blogPost"
            or (ancestor.get("itemtype") or "").endswith("/BlogPosting")
        ):
            return ancestor
    return None


@dataclass
class PageMeta:
    title: str | None = None
    published: datetime | None = None
    blogger_id: str | None = None
    url: str | None = None
    day: date | None = None  # Blogger's date header above the post ("Monday, October 6, 2025")


# Where templates keep the post's time: Blogger's own (abbr, time), schema.org, Open Graph,
# and third-party templates ("span.published[datetime]").
_PUBLISHED_XPATHS = (
    f".//abbr[{_has_class('published')}]/@title",
    f".//time[{_has_class('published')}]/@datetime",
    ".//*[@itemprop='datePublished']/@datetime",
    ".//*[@itemprop='datePublished']/@content",
    ".//*[@itemprop='datePublished']/@title",
    ".//meta[@property='article:published_time']/@content",
    f".//*[{_has_class('published')}]/@datetime",
    f".//*[{_has_class('published')}]/@title",
)
_ISO_TIME_RE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _published(scope: etree._Element) -> datetime | None:
    """The first full ISO 8601 time in the places templates keep it ("October 9" is not)."""
    for xpath in _PUBLISHED_XPATHS:
        for value in scope.xpath(xpath):
            if _ISO_TIME_RE.match(str(value)):
                found = parse_timestamp(str(value))
                if found is not None:
                    return found
    return None


# "<!-- saved from url=(0063)https://…/post.html -->": what a browser adds to a saved page.
_SAVED_FROM_RE = re.compile(r"<!--\s*saved from url=\(\d+\)(?P<url>https?://[^\s>]+?)\s*-->", re.I)
_ABSOLUTE_RE = re.compile(r"^https?://[^\s/]", re.I)


def _saved_from(text: str) -> str | None:
    match = _SAVED_FROM_RE.search(text[:4096])
    return match["url"] if match else None


def _page_url(root: etree._Element, address: str | None) -> str | None:
    """The post's address: the canonical link, else ``og:url``; a relative one is resolved
    against the page's own address (``<base href>``, or where it was saved from)."""
    found = [
        " ".join(str(value).split())
        for value in root.xpath(
            "//link[@rel='canonical']/@href | //meta[@property='og:url']/@content"
        )
    ]
    absolute = next((url for url in found if _ABSOLUTE_RE.match(url)), None)
    if absolute is not None or not found:
        return absolute
    base = _first(root, "//base/@href")
    base = base if base and _ABSOLUTE_RE.match(base) else address
    if base is None or not _ABSOLUTE_RE.match(base):
        return None
    return urljoin(base, found[0])


def _meta_of(
    root: etree._Element, body: etree._Element, single: bool, address: str | None = None
) -> PageMeta:
    post = _post_of(body)
    scopes = [post] if post is not None else []
    if single or post is None:
        scopes.append(root)
    meta = PageMeta()
    for scope in scopes:
        meta.title = meta.title or _first(
            scope,
            f".//*[{_has_class('post-title')}]",
            f".//*[{_has_class('entry-title')}]",
        )
        meta.published = meta.published or _published(scope)
        meta.blogger_id = meta.blogger_id or _first(scope, ".//meta[@itemprop='postId']/@content")
    # Templates that hide the post's time still show the day's date header above it.
    meta.day = parse_date_header(
        _first(body, f"preceding::*[{_has_class('date-header')}][1]") or ""
    )
    if meta.blogger_id is None:
        match = re.match(r"post-body-(\d+)$", body.get("id") or "")
        meta.blogger_id = match[1] if match else None
    if single:
        meta.url = _page_url(root, address)
        meta.title = meta.title or _first(root, "//meta[@property='og:title']/@content")
        meta.title = meta.title or _series_title(_first(root, "//head/title"))
    elif post is not None:
        meta.url = _first(
            post,
            f".//a[{_has_class('timestamp-link')}]/@href",
            f".//*[{_has_class('post-title')}]//a/@href",
        )
        if meta.url and address and not _ABSOLUTE_RE.match(meta.url):
            meta.url = urljoin(address, meta.url)
    if meta.url and not re.match(r"^https?://", meta.url, re.I):
        meta.url = None
    return meta


# Blogger serves its static pages ("About", "Contact") at /p/<name>.html, posts at /YYYY/MM/.
_STATIC_PAGE_RE = re.compile(r"^https?://[^/?#]+/p/[^/?#]+\.html?(?:[?#].*)?$", re.I)


def is_static_page(url: str | None) -> bool:
    """Whether ``url`` is the address of a Blogger static page, not of a post."""
    return bool(url and _STATIC_PAGE_RE.match(url))


def _series_title(page_title: str | None) -> str | None:
    """The post's title in a page ``<title>`` ("Blog Name: What's New in Iraq: …")."""
    if not page_title:
        return None
    match = re.search(r"what[\u2019'`]?s\s+new\b", page_title, re.I)
    return page_title[match.start() :] if match else None


def _cut_short(body: etree._Element) -> bool:
    """Whether a post body on a page listing posts stops at its "Read more »" link."""
    post = _post_of(body)
    scope = post if post is not None else body
    return bool(
        scope.xpath(f".//*[{_has_class('jump-link')}]")
        or scope.xpath(".//a[contains(@href, '#more')]")
    )


# What a post that is no update holds instead of text: Blogger's photo posts, embedded
# gists, videos and frames.
_EMBED_HOSTS = (("gist.github.com", "an embedded GitHub gist"),)


def _what_is_there(body: etree._Element) -> str:
    """What a post body without text holds, in a few words, for the skip message."""
    for src in body.xpath(".//script/@src | .//iframe/@src"):
        for host, what in _EMBED_HOSTS:
            if host in src:
                return what
    if body.xpath(".//script | .//iframe | .//object | .//embed | .//video"):
        return "only something embedded (a script, a frame or a video)"
    if body.xpath(".//img"):
        return "only pictures"
    return "nothing"


def _not_an_update(body: etree._Element, problem: NotAnUpdate, titled: bool) -> NotAnUpdate:
    """``problem`` said plainly: a photo post or an embed is named as what it is."""
    what = _what_is_there(body)
    if body_lines(body):
        if what == "only pictures":
            return NotAnUpdate(
                "a photo post (pictures and captions, no bottom line): not an update"
            )
        if not titled:
            return NotAnUpdate("an untitled post with no bottom line: not an update")
        return problem
    if what == "nothing":
        return NotAnUpdate("an empty post (no text): not an update")
    if what == "only pictures":
        return NotAnUpdate("a photo post (only pictures and their captions): not an update")
    return NotAnUpdate(f"a post with {what} and no text: not an update")


def update_from_body(body: etree._Element, meta: PageMeta, provenance: Provenance) -> Update:
    """An update from a post body element and its page metadata.

    A post without text, or without a bottom line (a photo post, an embedded gist, an
    announcement) is :class:`NotAnUpdate`, so a batch skips it; a post that is an update
    but breaks the format is an :class:`ImportFailure`.
    """
    try:
        parts = build_body(body_lines(body))
    except NotAnUpdate as problem:
        raise _not_an_update(body, problem, titled=bool(meta.title)) from None
    except ImportFailure:
        if _cut_short(body):
            raise ImportFailure(
                "the post is cut short at 'Read more »' (a page listing several posts): "
                "import the post's own page or the blog's feed instead"
            ) from None
        raise
    if not meta.title:
        where = (
            "the entry has no title"
            if provenance.raw_kind == RAW_FEED_ENTRY
            else "the post has no title (no .post-title, og:title or page title)"
        )
        raise ImportFailure(f"{where}; an update's title gives its date and edition")
    title, title_date = split_title(meta.title)
    if meta.day is not None:
        fill_in(title_date, TitleDate(meta.day.month, meta.day.day, meta.day.year))
    provenance.blogger_id = provenance.blogger_id or meta.blogger_id
    provenance.source_url = provenance.source_url or meta.url
    provenance.published = provenance.published or meta.published
    return parts.update(title, title_date, provenance)


def _entry(label: str, build) -> Entry:  # type: ignore[no-untyped-def]
    try:
        return Entry(label=label, update=build())
    except (ImportFailure, NotAnUpdate) as problem:
        return Entry(label=label, problem=problem)


def read_html(
    data: bytes | str,
    label: str = "<html>",
    address: str | None = None,
    raw: bytes | None = None,
    raw_kind: str = RAW_HTML,
) -> list[Entry]:
    """Every post on a Blogger page (a post page holds one).  Raises ImportFailure.

    ``address`` is where the page was saved from, if known (a relative canonical link is
    resolved against it); ``raw`` and ``raw_kind`` the original to keep, when the page
    came out of another file (a page saved as MHTML).
    """
    if raw is None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
    text = _decode_page(data)
    address = address or _saved_from(text)
    kept = _read_kept_entry(text, raw, label)
    if kept is not None:
        return [kept]
    root = parse_page(text)
    bodies = _post_bodies(root)
    if not bodies:
        raise ImportFailure("no Blogger post body (div.post-body) in the page")
    if len(bodies) == 1:
        meta = _meta_of(root, bodies[0], single=True, address=address)
        if is_static_page(meta.url):
            return [Entry(label, problem=NotAnUpdate("a Blogger page (/p/…), not a post"))]
        provenance = Provenance(label=label, raw=raw, raw_kind=raw_kind)
        return [_entry(label, lambda: update_from_body(bodies[0], meta, provenance))]
    entries = []
    for number, body in enumerate(bodies, start=1):
        meta = _meta_of(root, body, single=False, address=address)
        content = lxml_html.tostring(body, encoding="unicode", with_tail=False)
        page = entry_page(content, meta, RAW_HTML)
        provenance = Provenance(label=f"{label} post {number}", raw=page, raw_kind=RAW_HTML)
        entries.append(
            _entry(provenance.label, lambda b=body, m=meta, p=provenance: update_from_body(b, m, p))
        )
    return entries


# -- kept entries -----------------------------------------------------------------------------


def entry_page(
    content_html: str, meta: PageMeta, raw_kind: str, extra: dict[str, str] | None = None
) -> bytes:
    """A small page holding one post's content and metadata, the way Blogger lays it out.

    The content is kept byte for byte between two comments, so reading the page back
    (:func:`read_html`) sees exactly what the feed held.
    """

    def attr(value: str | None) -> str:
        return html.escape(value or "", quote=True)

    published = meta.published.isoformat() if meta.published else ""
    metas = "".join(
        f'<meta name="{attr(name)}" content="{attr(value)}">\n'
        for name, value in (extra or {}).items()
    )
    page = (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="generator" content="{_GENERATOR}">\n'
        f'<meta name="bottomline:raw-kind" content="{attr(raw_kind)}">\n'
        f"{metas}"
        f"<title>{html.escape(meta.title or '')}</title>\n"
        + (f'<link rel="canonical" href="{attr(meta.url)}">\n' if meta.url else "")
        + "</head>\n<body>\n"
        + (
            f'<h2 class="date-header"><span>{meta.day.isoformat()}</span></h2>\n'
            if meta.day
            else ""
        )
        + '<div class="post hentry">\n'
        + (
            f'<meta itemprop="postId" content="{attr(meta.blogger_id)}">\n'
            if meta.blogger_id
            else ""
        )
        + f'<h3 class="post-title entry-title">{html.escape(meta.title or "")}</h3>\n'
        + (f'<abbr class="published" title="{attr(published)}"></abbr>\n' if published else "")
        + f'<div class="post-body entry-content">\n{_BODY_START}\n{content_html}\n{_BODY_END}\n'
        + "</div>\n</div>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")


def _read_kept_entry(text: str, raw: bytes, label: str) -> Entry | None:
    """A page written by :func:`entry_page`, read back from its head and marked content."""
    if _GENERATOR not in text[:2048]:
        return None
    start, end = text.find(_BODY_START), text.rfind(_BODY_END)
    head_end = text.find("</head>")
    if start < 0 or end < start or head_end < 0 or head_end > start:
        return None
    head = parse_page(text[:start] + "</div></div></body></html>")
    container = fragment(text[start + len(_BODY_START) : end])
    meta = PageMeta(
        title=_first(head, f"//*[{_has_class('post-title')}]"),
        published=parse_timestamp(_first(head, f"//abbr[{_has_class('published')}]/@title")),
        blogger_id=_first(head, "//meta[@itemprop='postId']/@content"),
        url=_first(head, "//link[@rel='canonical']/@href"),
        day=parse_date_header(_first(head, f"//*[{_has_class('date-header')}]") or ""),
    )
    kind = _first(head, "//meta[@name='bottomline:raw-kind']/@content") or RAW_FEED_ENTRY
    provenance = Provenance(label=label, raw=raw, raw_kind=kind)
    return _entry(label, lambda: update_from_body(container, meta, provenance))
