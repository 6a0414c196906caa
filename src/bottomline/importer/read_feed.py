"""A Blogger feed or export: raw bytes -> one :class:`Entry` per post.

Each Atom ``<entry>`` has ``<id>`` ending in ``post-<digits>``, ``<published>``,
``<title>``, ``<content type='html'>`` (escaped HTML like a post body, or CDATA, or
``type='xhtml'``) and ``<link rel='alternate'>``.  A Blogger export also holds comments,
settings, the template and static pages (marked by ``category`` kinds, or by
``blogger:type`` and ``blogger:status`` in the 2018 format): comments, settings and
templates are not posts and are passed over silently; pages, drafts and posts in the bin
are reported as skipped.  RSS (``?alt=rss``: ``item``, ``pubDate`` in UTC, shown in the
blog's own offset) and Blogger's JSON feed (``?alt=json``, read as the Atom it mirrors)
are read too.  Every entry is read on its own, so one broken entry never stops the others.
"""

from __future__ import annotations

import html
import json
import re
from datetime import datetime

from lxml import etree

from bottomline.importer.dates import parse_timestamp
from bottomline.importer.read_html import (
    PageMeta,
    entry_page,
    fragment,
    is_static_page,
    update_from_body,
)
from bottomline.importer.read_text import decode
from bottomline.model import RAW_FEED_ENTRY, Entry, ImportFailure, NotAnUpdate, Provenance

ATOM = "http://www.w3.org/2005/Atom"
_THREAD = "http://purl.org/syndication/thread/1.0"
_NS = {
    "a": ATOM,
    "app": "http://purl.org/atom/app#",
    "b": "http://schemas.google.com/blogger/2018",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
# Blogger export statuses of posts that are not published: drafts, posts in the bin,
# scheduled posts.
_PUBLISHED_STATUSES = ("", "LIVE", "PUBLISHED")
_SUMMARY_ONLY = (
    "the entry has only a summary, which Blogger cuts short (a feed set to 'Short'): "
    "import the full feed (…/feeds/posts/default) or the post page instead"
)
_KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
_NOT_POSTS = ("#comment", "#settings", "#template")


def _parser() -> etree.XMLParser:
    # No entities, no DTDs, no network: a feed is data, never instructions.
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, recover=False
    )


def parse_feed(data: bytes | str) -> etree._Element:
    """The feed's root element.  A file that is not well-formed XML is an ImportFailure."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not data.strip():
        raise ImportFailure("the feed is empty")
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFailure("the feed is binary, not XML")
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as error:
        raise ImportFailure(
            f"the feed is not well-formed XML (line {error.lineno}: {error.msg})"
        ) from None
    return root


def is_feed(root: etree._Element) -> bool:
    return root.tag in (f"{{{ATOM}}}feed", "rss")


def _text(element: etree._Element, xpath: str) -> str | None:
    found = element.xpath(xpath, namespaces=_NS)
    if not found:
        return None
    value = found[0] if isinstance(found[0], str) else (found[0].text or "")
    value = str(value).strip()
    return value or None


def _blogger_id(value: str | None) -> str | None:
    match = re.search(r"post-(\d+)$", value or "")
    return match[1] if match else None


# An entity reference still there after the XML parser unescaped the title: "&#39;",
# "&amp;".  Blogger's Takeout / "Back up content" exports escape titles twice.
_ENTITY_RE = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _unescaped_twice(title: str) -> str:
    """``What&#39;s New`` -> ``What's New``: a title escaped twice, as the author wrote it.

    Only complete references known to HTML are unescaped a second time, so a title
    escaped once that says "Rain & Patience" or "R&D;" stays as it is.
    """
    if "&" not in title:
        return title
    return _ENTITY_RE.sub(lambda match: html.unescape(match[0]), title)


def _title_of(element: etree._Element, *, rss: bool) -> str:
    """An entry's title as the author wrote it (an escaped-HTML title unescaped)."""
    title = _text(element, "title" if rss else "a:title") or ""
    if title and not rss and element.xpath("a:title/@type", namespaces=_NS) == ["html"]:
        title = fragment(title).text_content()  # an escaped-HTML title, unescaped once
    else:
        title = _unescaped_twice(title)
    return " ".join(title.split())


def _atom_entry(entry: etree._Element, label: str) -> Entry | None:
    kinds = entry.xpath(f"a:category[@scheme='{_KIND_SCHEME}']/@term", namespaces=_NS)
    blogger_type = (_text(entry, "b:type") or "").upper()
    if any(kind.endswith(_NOT_POSTS) for kind in kinds) or blogger_type in (
        "COMMENT",
        "SETTINGS",
        "TEMPLATE",
    ):
        return None
    meta = PageMeta(
        title=_title_of(entry, rss=False) or None,
        published=parse_timestamp(_text(entry, "a:published")),
        blogger_id=_blogger_id(_text(entry, "a:id")),
        url=_text(entry, "a:link[@rel='alternate']/@href"),
    )
    if (
        any(kind.endswith("#page") for kind in kinds)
        or blogger_type == "PAGE"
        or is_static_page(meta.url)
    ):
        return Entry(label, problem=NotAnUpdate("a Blogger page, not a post"))
    status = (_text(entry, "b:status") or "").upper()
    if _text(entry, "app:control/app:draft") == "yes" or status not in _PUBLISHED_STATUSES:
        if status in ("", "DRAFT"):
            return Entry(label, problem=NotAnUpdate("a draft post"))
        what = status.lower().replace("_", " ")
        return Entry(label, problem=NotAnUpdate(f"a {what} post, not published"))
    content = entry.find(f"{{{ATOM}}}content")
    summary_only = content is None
    if content is None:
        content = entry.find(f"{{{ATOM}}}summary")
    extra = {
        "bottomline:feed-id": _text(entry, "a:id") or "",
        "bottomline:updated": _text(entry, "a:updated") or "",
        "bottomline:categories": ", ".join(
            entry.xpath(f"a:category[not(@scheme='{_KIND_SCHEME}')]/@term", namespaces=_NS)
        ),
        "bottomline:author": _text(entry, "a:author/a:name") or "",
    }
    found = _entry_from_content(label, content, meta, extra)
    if summary_only and content is not None and found.problem is not None:
        found.problem = ImportFailure(_SUMMARY_ONLY)
    return found


def _rss_published(item: etree._Element) -> datetime | None:
    """An item's publication time in the blog's own time zone.

    Blogger's RSS gives ``pubDate`` in UTC, which can move an evening post to the next
    day and flips AM/PM; its ``atom:updated`` carries the blog's offset, so the time is
    shown in that offset.
    """
    published = parse_timestamp(_text(item, "pubDate"))
    updated = parse_timestamp(_text(item, "a:updated"))
    if published is None or published.tzinfo is None:
        return published
    if updated is not None and updated.tzinfo is not None:
        return published.astimezone(updated.tzinfo)
    return published


def _rss_item(item: etree._Element, label: str) -> Entry:
    guid = _text(item, "guid")
    meta = PageMeta(
        title=_title_of(item, rss=True) or None,
        published=_rss_published(item),
        blogger_id=_blogger_id(guid),
        url=_text(item, "link"),
    )
    extra = {"bottomline:feed-id": guid or ""}
    # content:encoded holds the whole post where a feed has both (description: a summary).
    content = item.find("content:encoded", namespaces=_NS)
    if content is None or not (content.text or "").strip():
        content = item.find("description")
    return _entry_from_content(label, content, meta, extra)


def _entry_from_content(
    label: str, content: etree._Element | None, meta: PageMeta, extra: dict[str, str]
) -> Entry:
    if meta.url and not re.match(r"^https?://", meta.url, re.I):
        meta.url = None
    if content is None:
        return Entry(label, problem=NotAnUpdate("an empty post (no content): not an update"))
    if content.get("type") in ("xhtml", "application/xhtml+xml"):
        markup = "".join(etree.tostring(child, encoding="unicode") for child in content)
    else:
        # Escaped HTML is the element's text; an unresolved entity reference is left out.
        markup = (content.text or "") + "".join(child.tail or "" for child in content)
    if not markup.strip():
        return Entry(label, problem=NotAnUpdate("an empty post (no text): not an update"))
    page = entry_page(markup, meta, RAW_FEED_ENTRY, extra)
    provenance = Provenance(label=label, raw=page, raw_kind=RAW_FEED_ENTRY)
    try:
        return Entry(label, update=update_from_body(fragment(markup), meta, provenance))
    except (ImportFailure, NotAnUpdate) as problem:
        return Entry(label, problem=problem)


# Blogger's JSON feed (``?alt=json``) spells "app:draft" as "app$draft".
_JSON_NAMESPACES = {
    "app": "http://purl.org/atom/app#",
    "blogger": "http://schemas.google.com/blogger/2008",
    "gd": "http://schemas.google.com/g/2005",
    "thr": "http://purl.org/syndication/thread/1.0",
    "openSearch": "http://a9.com/-/spec/opensearchrss/1.0/",
    "media": "http://search.yahoo.com/mrss/",
    "georss": "http://www.georss.org/georss",
}
# ``?alt=json-in-script`` wraps the JSON in a call, after a comment line:
# "// API callback\ngdata.io.handleScriptLoaded({...});".
_JSONP_RE = re.compile(r"^\s*[\w.$]+\((?P<json>.*)\)\s*;?\s*$", re.S)
_SCRIPT_COMMENT_RE = re.compile(r"^(?:\s*(?://[^\n]*|/\*.*?\*/))+", re.S)


def _without_script_comments(text: str) -> str:
    text = text.lstrip("\ufeff \t\r\n")
    return _SCRIPT_COMMENT_RE.sub("", text, count=1).lstrip() if text[:2] in ("//", "/*") else text


def is_json_feed(text: str) -> bool:
    """Whether ``text`` is JSON or a script (``?alt=json-in-script``), not XML: what is not
    XML is read as JSON, so a broken script is told apart as one, not as broken XML."""
    if text.lstrip("\ufeff \t\r\n")[:2] in ("//", "/*"):
        return True
    head = _without_script_comments(text[:4096])[:200]
    return head.startswith(("{", "[")) or bool(re.match(r"[\w.$]+\s*\(", head))


def _json_element(name: str, value: object) -> etree._Element:
    prefix, _, local = name.rpartition("$")
    namespace = _JSON_NAMESPACES.get(prefix, ATOM)
    element = etree.Element(f"{{{namespace}}}{local or name}")
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "$t":
                element.text = str(inner)
            elif isinstance(inner, str | int | float):
                if re.fullmatch(r"[A-Za-z_][\w.-]*", key):
                    element.set(key, str(inner))
            else:
                for child in inner if isinstance(inner, list) else [inner]:
                    element.append(_json_element(key, child))
    elif value is not None:
        element.text = str(value)
    return element


def parse_json_feed(text: str) -> etree._Element:
    """Blogger's JSON feed as the Atom feed it mirrors (``{"feed": {"entry": [...]}}``)."""
    text = _without_script_comments(text)
    if not text.strip():
        raise ImportFailure("the script holds no JSON feed (nothing but comments)")
    wrapped = _JSONP_RE.match(text) if not text.startswith(("{", "[")) else None
    if wrapped is None and not text.startswith(("{", "[")):
        if re.match(r"[\w.$]+\s*\(", text):
            raise ImportFailure(
                "the script's call is never closed ('…});' is missing): the file is cut "
                "short; download the feed again"
            )
        raise ImportFailure(
            "not a Blogger JSON feed: the script is not one call like "
            "gdata.io.handleScriptLoaded({...}); (?alt=json-in-script)"
        )
    try:
        data = json.loads(wrapped["json"] if wrapped else text.lstrip("\ufeff"))
    except json.JSONDecodeError as error:
        raise ImportFailure(
            f"the feed is not valid JSON (line {error.lineno}: {error.msg})"
        ) from None
    feed = data.get("feed") if isinstance(data, dict) else None
    if not isinstance(feed, dict):
        raise ImportFailure('not a Blogger JSON feed (no "feed" object)')
    return _json_element("feed", feed)


def read_feed(data: bytes | str, label: str = "<feed>") -> list[Entry]:
    """One entry per post in the feed, in the feed's order.  Raises ImportFailure."""
    text = decode(data, "feed") if isinstance(data, bytes) else data
    root = parse_json_feed(text) if is_json_feed(text) else parse_feed(data)
    if not is_feed(root):
        raise ImportFailure(
            f"not an Atom or RSS feed (root element <{etree.QName(root).localname}>)"
        )
    if _is_comments_feed(root):
        raise NotAnUpdate(
            "a comments feed, not posts: import the blog's posts feed (…/feeds/posts/default)"
        )
    entries: list[Entry] = []
    if root.tag == "rss":
        items = root.findall("channel/item")
        for number, item in enumerate(items, start=1):
            entries.append(_rss_item(item, _entry_label(label, number, item, rss=True)))
    else:
        for number, element in enumerate(root.findall(f"{{{ATOM}}}entry"), start=1):
            found = _atom_entry(element, _entry_label(label, number, element, rss=False))
            if found is not None:
                entries.append(found)
    if not entries:
        raise NotAnUpdate("an empty feed: it holds no posts")
    return entries


def _is_comments_feed(root: etree._Element) -> bool:
    """Blogger's comments feed (…/feeds/comments/default, or one post's): its id ends in
    ".comments", its own address has "/comments/", or every entry replies to a post."""
    rss = root.tag == "rss"
    feed_id = _text(root, "channel/guid" if rss else "a:id") or ""
    selves = root.xpath(
        "channel/a:link[@rel='self']/@href" if rss else "a:link[@rel='self']/@href",
        namespaces=_NS,
    )
    if feed_id.endswith(".comments") or any("/comments/" in str(href) for href in selves):
        return True
    entries = root.findall("channel/item") if rss else root.findall(f"{{{ATOM}}}entry")
    return bool(entries) and all(
        element.find(f"{{{_THREAD}}}in-reply-to") is not None for element in entries
    )


def _entry_label(label: str, number: int, element: etree._Element, *, rss: bool) -> str:
    short = _title_of(element, rss=rss)
    if len(short) > 60:
        short = short[:57] + "..."
    return f"{label} entry {number}" + (f" ({short!r})" if short else "")
