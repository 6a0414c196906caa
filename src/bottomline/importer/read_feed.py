"""A Blogger Atom feed or Blogger export (also RSS): raw bytes -> one :class:`Entry` per post.

Each ``<entry>`` has ``<id>`` ending in ``post-<digits>``, ``<published>``, ``<title>``,
``<content type='html'>`` (escaped HTML like a post body) and ``<link rel='alternate'>``.
A Blogger export also holds comments, settings, the template and static pages: comments,
settings and templates are not posts and are passed over silently; pages and drafts are
reported as skipped.  Every entry is read on its own, so one broken entry never stops the
others.
"""

from __future__ import annotations

import re

from lxml import etree

from bottomline.importer.dates import parse_timestamp
from bottomline.importer.read_html import PageMeta, entry_page, fragment, update_from_body
from bottomline.importer.read_text import decode
from bottomline.model import RAW_FEED_ENTRY, Entry, ImportFailure, NotAnUpdate, Provenance

ATOM = "http://www.w3.org/2005/Atom"
_NS = {"a": ATOM, "app": "http://purl.org/atom/app#", "b": "http://schemas.google.com/blogger/2018"}
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


def _atom_entry(entry: etree._Element, label: str) -> Entry | None:
    kinds = entry.xpath(f"a:category[@scheme='{_KIND_SCHEME}']/@term", namespaces=_NS)
    blogger_type = (_text(entry, "b:type") or "").upper()
    if any(kind.endswith(_NOT_POSTS) for kind in kinds) or blogger_type in (
        "COMMENT",
        "SETTINGS",
        "TEMPLATE",
    ):
        return None
    title = _text(entry, "a:title") or ""
    if entry.xpath("a:title/@type", namespaces=_NS) == ["html"] and title:
        title = fragment(title).text_content()  # an escaped-HTML title
    meta = PageMeta(
        title=" ".join(title.split()) or None,
        published=parse_timestamp(_text(entry, "a:published")),
        blogger_id=_blogger_id(_text(entry, "a:id")),
        url=_text(entry, "a:link[@rel='alternate']/@href"),
    )
    if any(kind.endswith("#page") for kind in kinds) or blogger_type == "PAGE":
        return Entry(label, problem=NotAnUpdate("a Blogger page, not a post"))
    status = (_text(entry, "b:status") or "").upper()
    if _text(entry, "app:control/app:draft") == "yes" or status in ("DRAFT", "DELETED"):
        return Entry(label, problem=NotAnUpdate(f"a {status.lower() or 'draft'} post"))
    content = entry.find(f"{{{ATOM}}}content")
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
    return _entry_from_content(label, content, meta, extra)


def _rss_item(item: etree._Element, label: str) -> Entry:
    guid = _text(item, "guid")
    meta = PageMeta(
        title=" ".join((_text(item, "title") or "").split()) or None,
        published=parse_timestamp(_text(item, "pubDate")),
        blogger_id=_blogger_id(guid),
        url=_text(item, "link"),
    )
    extra = {"bottomline:feed-id": guid or ""}
    return _entry_from_content(label, item.find("description"), meta, extra)


def _entry_from_content(
    label: str, content: etree._Element | None, meta: PageMeta, extra: dict[str, str]
) -> Entry:
    if meta.url and not re.match(r"^https?://", meta.url, re.I):
        meta.url = None
    if content is None:
        return Entry(label, problem=ImportFailure("the entry has no <content>"))
    if content.get("type") in ("xhtml", "application/xhtml+xml"):
        markup = "".join(etree.tostring(child, encoding="unicode") for child in content)
    else:
        # Escaped HTML is the element's text; an unresolved entity reference is left out.
        markup = (content.text or "") + "".join(child.tail or "" for child in content)
    if not markup.strip():
        return Entry(label, problem=ImportFailure("the entry's <content> is empty"))
    page = entry_page(markup, meta, RAW_FEED_ENTRY, extra)
    provenance = Provenance(label=label, raw=page, raw_kind=RAW_FEED_ENTRY)
    try:
        return Entry(label, update=update_from_body(fragment(markup), meta, provenance))
    except (ImportFailure, NotAnUpdate) as problem:
        return Entry(label, problem=problem)


def read_feed(data: bytes | str, label: str = "<feed>") -> list[Entry]:
    """One entry per post in the feed, in the feed's order.  Raises ImportFailure."""
    if isinstance(data, bytes):
        decode(data, "feed")  # a clear message for binary or non-UTF-8 files
    root = parse_feed(data)
    if not is_feed(root):
        raise ImportFailure(
            f"not an Atom or RSS feed (root element <{etree.QName(root).localname}>)"
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
    return entries


def _entry_label(label: str, number: int, element: etree._Element, *, rss: bool) -> str:
    title = _text(element, "title" if rss else "a:title")
    short = " ".join((title or "").split())
    if len(short) > 60:
        short = short[:57] + "..."
    return f"{label} entry {number}" + (f" ({short!r})" if short else "")
