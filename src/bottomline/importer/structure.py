"""From lines to an update's parts: intro, bottom line, sections, what it all means.

Text and HTML readers both reduce a post to :class:`Line` objects (text, nesting depth,
bullet or not, heading or not) and this module alone decides the structure, so the same
update gives the same post whichever shape it came in.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from bottomline.importer.sources import LinkSpan, is_source_only, split_sources
from bottomline.model import (
    ImportFailure,
    Item,
    NotAnUpdate,
    Provenance,
    Section,
    TitleDate,
    Update,
)

# Emoji, dingbats and Markdown emphasis around a label: "📌 BOTTOM LINE:", "**Bottom line:**".
_DECORATION = "*_#=~>"
_BOTTOM_LINE_RE = re.compile(
    r"^(?:(?:the\s+)?bottom[\s\-]+line\b|bluf\b)(?P<after>.*)$", re.I | re.S
)
# "Bottom line up front:", "Bottom line for IQD holders:": still only the label.
_LABEL_QUALIFIER = (
    r"(?:\s+up\s+front|\s+for\s+(?:us|you|today|tonight|investors|iqd|the\s+dinar|dinar"
    r"|iqd\s+holders|dinar\s+holders|iqd\s+investors|dinar\s+investors))?"
)
_LABEL_AFTER_RE = re.compile(
    _LABEL_QUALIFIER + r"(?:(?:\s*(?:is|was)\s+that\b[\s,:\-\u2013\u2014*_]*)"
    r"|\s*(?:is|was)\s+this\s*[:\-\u2013\u2014.]+[\s*_]*"
    r"|\s*(?:is|was)?\s*[*_]*\s*[:,\-\u2013\u2014]+[\s*_]*)",
    re.I,
)
# "What It All Means", "WHAT IT MEANS:", "What This Means for IQD Holders", "What Does It Mean?"
_CLOSING_LABEL = (
    r"(?:what\s+(?:it|this|that|all\s+this)\s+(?:all\s+)?means?"
    r"|what\s+does\s+(?:it|this|that|all\s+this)\s+(?:all\s+)?mean)"
    r"(?:\s+for\s+(?:us|you|investors|iqd(?:\s+holders|\s+investors)?|the\s+(?:dinar|iqd|rate)"
    r"|dinar\s+(?:holders|investors)|holders))?"
)
_CLOSING_RE = re.compile(rf"^{_CLOSING_LABEL}\s*[:.!?]?$", re.I)
# "What it all means: the rate waits." -- the label and the first takeaway on one line.
_CLOSING_INLINE_RE = re.compile(
    rf"^[^\w]*{_CLOSING_LABEL}[*_]*\s*[:\u2013\u2014-]+[*_]*\s*(?P<rest>\w.*)$", re.I | re.S
)
_MAX_HEADING_WORDS = 15
_MAX_PLAIN_HEADING_WORDS = 10
_SENTENCE_ENDS = (".", "!", "?", "\u2026", ")", "]", '"', "\u201d", "\u2019")


def undecorated(text: str) -> str:
    """``text`` without emoji, symbols or Markdown emphasis at either end."""
    if text[:1].isascii() and text[:1].isalnum() and text[-1].isascii() and text[-1].isalnum():
        return text  # letters or digits at both ends, the usual: nothing to take off
    return _undecorated_by_character(text)


def _is_decoration(char: str) -> bool:
    return char.isspace() or char in _DECORATION or unicodedata.category(char) in (
        "So", "Sk", "Cf", "Mn", "Cs", "Co",
    )  # fmt: skip


def _undecorated_by_character(text: str) -> str:
    """:func:`undecorated` without its shortcut: each end character looked at in turn."""
    start, end = 0, len(text)
    while start < end and _is_decoration(text[start]):
        start += 1
    while end > start and _is_decoration(text[end - 1]):
        end -= 1
    return text[start:end]


@dataclass
class Line:
    """One line of a post: a paragraph, a bullet, or a heading."""

    text: str
    indent: int = 0  # the nesting signal: leading spaces (text), margin in px (HTML)
    bullet: bool = False  # a bullet (its marker already removed)
    heading: bool = False  # the markup says it is a heading (<h3>, a bold-only line)
    links: list[LinkSpan] = field(default_factory=list)
    marker: str = ""  # the bullet marker as written ("•", "1."), kept where it is not a list


@dataclass
class Body:
    intro: list[str]
    bottom_line: list[str]
    sections: list[Section]
    takeaway: list[Item]

    def update(self, title: str, title_date: TitleDate, provenance: Provenance) -> Update:
        """The update these parts make, under ``title``."""
        return Update(
            title=title,
            title_date=title_date,
            intro=self.intro,
            bottom_line=self.bottom_line,
            sections=self.sections,
            takeaway=self.takeaway,
            provenance=provenance,
        )


def is_bottom_line(line: Line) -> bool:
    return not line.bullet and bool(_BOTTOM_LINE_RE.match(_label_start(line.text)))


def is_closing(line: Line) -> bool:
    """The "What It All Means" / "What It Means (for IQD Holders)" heading (or label)."""
    if line.bullet:
        return False
    return bool(_CLOSING_RE.match(undecorated(line.text)) or _CLOSING_INLINE_RE.match(line.text))


def _label_start(text: str) -> str:
    """``text`` from its first letter on: "📌 **Bottom line:** …" -> "Bottom line:** …"."""
    start = len(text) - len(undecorated(text + "x")) + 1
    return text[start:]


def heading_text(text: str) -> str:
    """A section heading as shown: no Markdown marks around it ("## ", "**"), no colon
    after it; "#1 Story" keeps its number sign."""
    text = text.strip()
    stripped = re.sub(r"^(?:#+\s+|[*_=~>]+\s*)|\s*[*_=~]+$", "", text).strip()
    text = stripped or text
    return re.sub(r"\s*[:\u2013\u2014-]+$", "", text).strip() or text


def _bottom_line_text(text: str) -> str | None:
    """The bottom line without its label, or ``None`` for a label on its own line."""
    text = _label_start(text)
    match = _BOTTOM_LINE_RE.match(text)
    assert match is not None
    after = match["after"]
    label = _LABEL_AFTER_RE.match(after)
    if label is None:
        # "The bottom line is simple: …": the label is part of the sentence.
        return text.strip()
    rest = after[label.end() :].strip()
    # The author's words as written, first letter included: the admonition's title says
    # "The bottom line", and "customs…" reads on from it.
    return rest or None


def _is_heading(lines: list[Line], index: int) -> bool:
    line = lines[index]
    if line.bullet:
        return False
    if line.heading:
        return True
    following = lines[index + 1] if index + 1 < len(lines) else None
    if following is None:
        return False
    text = line.text.strip()
    if following.bullet:
        return len(text.split()) <= _MAX_HEADING_WORDS and not text.endswith(".")
    # Lists copied without their markers: a short line that is no sentence, above a
    # sentence ("Salaries" above "The ministry said … (Rudaw)").
    following_text = following.text.strip()
    return (
        not following.heading
        and not is_closing(following)
        and len(text.split()) <= _MAX_PLAIN_HEADING_WORDS
        and not text.endswith(_SENTENCE_ENDS + (",", ";"))
        and not text[:1].islower()
        and following_text.endswith(_SENTENCE_ENDS)
        and len(following_text.split()) > len(text.split())
    )


def _item(line: Line) -> Item:
    text, sources = split_sources(line.text, line.links)
    return Item(text=text, sources=sources, bullet=line.bullet)


class _ListBuilder:
    """Items of one section, nesting bullets by their indentation."""

    def __init__(self) -> None:
        self.items: list[Item] = []
        self._stack: list[tuple[int, Item]] = []
        self._last_line: Line | None = None

    def continues(self, line: Line) -> bool:
        """Whether ``line`` is the wrapped rest of the last bullet.

        It is when it is indented under the bullet, when it is only the bullet's source
        ("(Rudaw)" on a line of its own), or when the bullet stops mid-sentence and the line
        goes on in lower case (a bullet hard-wrapped without indentation).
        """
        last = self._last_line
        if line.bullet or last is None or not last.bullet or not self._stack:
            return False
        mid_sentence = not last.text.rstrip().endswith(_SENTENCE_ENDS + (":",))
        return (
            (line.indent > 0 and line.indent >= last.indent)
            or is_source_only(line.text)
            or (mid_sentence and line.text[:1].islower())
        )

    def add(self, line: Line) -> None:
        last = self._last_line
        if last is not None and self.continues(line):
            merged = Line(
                text=f"{last.text} {line.text}",
                indent=last.indent,
                bullet=True,
                links=[*last.links, *(_shift(link, len(last.text) + 1) for link in line.links)],
            )
            _, item = self._stack[-1]
            replacement = _item(merged)
            item.text, item.sources = replacement.text, replacement.sources
            self._last_line = merged
            return
        self._last_line = line
        item = _item(line)
        if not line.bullet:
            self._stack.clear()
            self.items.append(item)
            return
        while self._stack and self._stack[-1][0] >= line.indent:
            self._stack.pop()
        if self._stack:
            self._stack[-1][1].children.append(item)
        else:
            self.items.append(item)
        self._stack.append((line.indent, item))


def _shift(link: LinkSpan, offset: int) -> LinkSpan:
    return LinkSpan(link.start + offset, link.end + offset, link.href)


def build_body(lines: list[Line]) -> Body:
    """Split a post's lines (after the title) into its parts.

    Everything after the closing heading is the closing section, bullets and paragraphs
    alike: a reader hands over only the post (the text reader cuts the page chrome off).
    The lines are read, never changed (the text reader shares them between calls).
    """
    # A line without a letter or digit ("* * *", "———", "🇮🇶") only decorates the page.
    lines = [line for line in lines if any(char.isalnum() for char in line.text)]
    if not lines:
        raise NotAnUpdate("an empty post (no text): not an update")
    start = next((i for i, line in enumerate(lines) if is_bottom_line(line)), None)
    if start is None:
        raise NotAnUpdate(
            "not an update: no bottom line ('The bottom line is that …' or 'Bottom line:')"
        )
    # Before the bottom line nothing is a list: a "1." or "•" there is part of the text.
    intro = [f"{line.marker} {line.text}" if line.marker else line.text for line in lines[:start]]

    bottom_line: list[str] = []
    first = _bottom_line_text(lines[start].text)
    index = start + 1
    if first is not None:
        bottom_line.append(first)
    elif index < len(lines) and not lines[index].bullet and not is_closing(lines[index]):
        # The text under a "Bottom line:" label.
        bottom_line.append(lines[index].text.strip())
        index += 1
    else:
        # "Bottom line:" over bullets: they are the bottom line, up to the first heading.
        while index < len(lines) and lines[index].bullet:
            bottom_line.append(lines[index].text.strip())
            index += 1
    while (
        index < len(lines)
        and not lines[index].bullet
        and not is_closing(lines[index])
        and not _is_heading(lines, index)
    ):
        bottom_line.append(lines[index].text.strip())
        index += 1
    if not bottom_line:
        raise ImportFailure("the 'Bottom line:' label has no text after it")

    sections: list[Section] = []
    builder: _ListBuilder | None = None
    while index < len(lines) and not is_closing(lines[index]):
        line = lines[index]
        wrapped = builder is not None and not line.heading and builder.continues(line)
        if not wrapped and _is_heading(lines, index):
            builder = _ListBuilder()
            sections.append(Section(heading=heading_text(line.text)))
        else:
            if builder is None:
                builder = _ListBuilder()
                sections.append(Section(heading=""))
            builder.add(line)
            sections[-1].items = builder.items
        index += 1
    if index == len(lines):
        raise ImportFailure("the post has no closing 'What It All Means' section")

    takeaway = _ListBuilder()
    inline = _CLOSING_INLINE_RE.match(lines[index].text)
    rest = [Line(inline["rest"].strip())] if inline else []
    for line in rest + lines[index + 1 :]:
        takeaway.add(line)
    if not takeaway.items:
        raise ImportFailure("the 'What It All Means' section is empty")
    return Body(intro=intro, bottom_line=bottom_line, sections=sections, takeaway=takeaway.items)
