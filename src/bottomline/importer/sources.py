"""The trailing parenthesis of a bullet: which outlets it cites, if it cites any.

``… said on Tuesday. (Shafaq News)`` cites Shafaq News; ``… the Central Bank of Iraq
(CBI)`` does not cite anything, the parenthesis is part of the sentence.  The rule:

- a ``Source:`` / ``Sources:`` / ``via`` label always makes it a citation;
- otherwise every ``;``-separated part must look like an outlet: a known outlet
  (:mod:`bottomline.outlets`) always does; a name in Arabic script does (posts cite Arabic
  outlets by their own name); so does a short capitalised name (``Ink Stone News``) or a
  web domain (``rudaw.net``);
- an all-caps abbreviation that is not a known outlet (``CBI``, ``FTOs``, ``KRG``) is the
  short form a sentence defines, not a source; neither is anything with numbers only,
  sentence punctuation, a lower-case start (``(about 1,400)``, ``(al-Hashd al-Shaabi)``)
  or more than six words;
- ``(Reuters, AP)``, ``(Reuters and AP)`` and ``(Reuters/AP)`` are citations only when every
  part is a known outlet, since commas, "and" and slashes are common inside sentences;
- a web address is a citation of the outlet it belongs to (or of its host);
- square brackets (``[Rudaw]``) and braces (``{Euphrates News}``, as dinar-news blogs
  write them) count as a parenthesis, and a topic before the outlet is passed over
  (``{Economic: Al-Furat News}``); a leading known outlet followed by a slash
  (``Shafaq News/ On Monday, …``) is a source too; a source after a dash
  (``… on Tuesday. — Rudaw``) counts only when it is a known outlet, and one after a
  ``Source:`` label (``… on Tuesday. Source: Rudaw``) always does;
- a bare number after a source (``(Reuters) (2)``) does not hide the source; it stays in
  the text.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from bottomline.model import Citation
from bottomline.outlets import canonical_outlet, known_outlet, web_host
from bottomline.text import fold, normalise_space

_LABEL_RE = re.compile(
    r"^(?:sources?\s*[:\-\u2013\u2014]|via\s*[:\-\u2013\u2014]?|h/t\s*:?)\s*", re.I
)
_ARABIC_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
_ABBREVIATION_RE = re.compile(r"^[A-Z0-9&.'\u2019\-]*[A-Z][A-Z0-9&.'\u2019\-]*[A-Z][A-Z0-9.]*s?$")
_DOMAIN_RE = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$", re.I)
# Sentence punctuation that never occurs in an outlet's name.
_SENTENCE_RE = re.compile(r"[!?:\"\u201c\u201d=%$#*]|\.\s+[a-z]|,")
# Characters that cannot sit inside a MyST role's backticks, or its target syntax.
_ROLE_UNSAFE_RE = re.compile(r"[`<>]")
_CONNECTORS = frozenset(
    {
        "of", "the", "al", "el", "and", "for", "de", "du", "la", "le", "on", "in", "at", "by",
        "a", "an", "&", "news", "ul", "wa", "bin", "ibn",
    }
)  # fmt: skip
# Trailing parentheses that annotate the text, however capitalised.
_NOT_OUTLETS = frozenset(
    fold(word)
    for word in (
        "video", "photo", "photos", "opinion", "analysis", "exclusive", "update", "updated",
        "translated", "translation", "arabic", "english", "in arabic", "paywall", "link",
        "map", "chart", "graphic", "file", "est", "approx", "sic", "emphasis added",
        "full text", "watch", "listen", "thread", "continued", "cont", "see below",
        "see above", "pictured", "audio", "live", "breaking", "developing",
    )
)  # fmt: skip
_MAX_WORDS = 6
# "(2)", "[3]": a count or a note number, never a source.
_NUMBER_RE = re.compile(r"^\s*\d{1,3}\s*$")
# "… on Tuesday. — Rudaw", "… on Tuesday - Reuters/AP": known outlets only.
_DASH_SOURCE_RE = re.compile(
    r"\s[\-\u2013\u2014\u2015]+\s*(?P<names>[^\-\u2013\u2014()\[\]]{1,80})$"
)
# "… on Tuesday. Source: Rudaw", "… Sources: Rudaw; AP", "… Via: Reuters".
_LABEL_SOURCE_RE = re.compile(
    r"(?:^|(?<=[\s.;,]))(?P<label>sources?\s*[:\-\u2013\u2014]|via\s*[:\-\u2013\u2014])\s*"
    r"(?P<names>[^()\[\]]{1,80})$",
    re.I,
)
_OPENING = {")": "(", "]": "[", "}": "{"}
# "… on Tuesday. Rudaw": a known outlet after the end of a sentence (a link whose
# parenthesis was lost).  "U.S. State Department" is not one: the full stop must end a word.
_AFTER_SENTENCE_RE = re.compile(
    r"(?<=[a-z0-9%\u2019\u201d\"')]{2}[.!?])[\u2019\u201d\"']?\s+"
    r"(?P<names>\w(?:(?!\s[\-\u2013\u2014])[^.!?()\[\]\u2013\u2014]){1,59})$"
)
# "Rudaw: the KRG said …", "(Reuters) Oil rose …": a known outlet first.
_LEADING_SOURCE_RE = re.compile(
    r"^(?:[(\[{](?P<bracketed>[^()\[\]{}]{2,60})[)\]}]\s*[:\-\u2013\u2014]?"
    r"|(?P<named>[^:(){}]{2,40}):|(?P<slashed>[^/:(){}]{2,40}?)\s*/)\s+(?=\S)"
)
# "{Economic: Al-Furat News}", "(Politics: Shafaq News)": a topic of one to three words,
# then the outlet.
_TOPIC_RE = re.compile(r"^[A-Z][\w\-]*(?:\s+[\w\-]+){0,2}\s*:\s*(?P<rest>\S.*)$")


@dataclass(frozen=True)
class LinkSpan:
    """``text[start:end]`` was the text of an HTML ``<a href>``."""

    start: int
    end: int
    href: str


def _safe_url(href: str) -> str | None:
    """Only plain web links are kept; ``javascript:``, ``data:`` and friends never are."""
    href = href.strip()
    return href if re.match(r"^https?://[^\s<>`\"]+$", href, re.I) else None


# The same few outlets end most bullets: what their parentheses say is worked out once.
@functools.lru_cache(maxsize=1 << 14)
def looks_like_outlet(part: str) -> bool:
    """Whether one ``;``-part of a trailing parenthesis (no label) names an outlet."""
    part = normalise_space(part)
    if not part or _ROLE_UNSAFE_RE.search(part):
        return False
    if known_outlet(part) is not None:
        return True
    has_arabic, has_latin = bool(_ARABIC_RE.search(part)), bool(_LATIN_RE.search(part))
    if has_arabic and not has_latin:
        return len(part.split()) <= _MAX_WORDS
    if has_arabic:  # "Name - الاسم": judged by its Latin half
        latin = canonical_outlet(part)
        return latin != part and looks_like_outlet(latin)
    words = part.split()
    if not has_latin or len(words) > _MAX_WORDS or fold(part) in _NOT_OUTLETS:
        return False
    if _DOMAIN_RE.match(part) or web_host(part) is not None:
        return True
    if _SENTENCE_RE.search(part) or _ABBREVIATION_RE.match(part.replace(" ", "")):
        return False
    if not (words[0][0].isupper() or words[0][0].isdigit()):
        return False
    return all(
        word[0].isupper() or word[0].isdigit() or fold(word) in _CONNECTORS or "-" in word
        for word in words
    )


def _labelled_part_ok(part: str) -> bool:
    return bool(part) and not _ROLE_UNSAFE_RE.search(part) and len(part.split()) <= 12


def parse_citation(content: str) -> list[str] | None:
    """The outlet names (as cited) in a parenthesis' content, or ``None`` if it cites none."""
    names = _citation(content)
    return None if names is None else list(names)


@functools.lru_cache(maxsize=1 << 14)
def _citation(content: str) -> tuple[str, ...] | None:
    names = _parse_citation(content)
    return None if names is None else tuple(names)


def _parse_citation(content: str) -> list[str] | None:
    content = normalise_space(content)
    label = _LABEL_RE.match(content)
    if label:
        content = content[label.end() :]
    parts = [normalise_space(p) for p in content.split(";")]
    parts = [p for p in parts if p]
    if not parts:
        return None
    if label:
        if not all(_labelled_part_ok(p) for p in parts):
            return None
        named: list[str] = []
        for part in parts:  # "Source: Rudaw, AP": a list when every piece names an outlet
            pieces = [normalise_space(x) for x in re.split(r",|/|\band\b|&", part)]
            listed = len(pieces) > 1 and all(x and looks_like_outlet(x) for x in pieces)
            named += pieces if listed else [part]
        return named
    topic = _TOPIC_RE.match(content)
    if topic and known_outlet(topic["rest"]):
        return [normalise_space(topic["rest"])]
    return _known_list(content) or (parts if all(looks_like_outlet(p) for p in parts) else None)


def _known_list(content: str) -> list[str] | None:
    """``Reuters, AP`` / ``Reuters and AP`` / ``Reuters/AP``: parts that are all known outlets."""
    if web_host(content) is not None:
        return None  # a web address has slashes of its own
    pieces = [normalise_space(p) for p in re.split(r",|;|/|\band\b|&", content)]
    if len(pieces) > 1 and all(p and known_outlet(p) for p in pieces):
        return pieces
    return None


def _trailing_parenthesis(text: str) -> tuple[int, int, str] | None:
    """(index of "(" or "[", index of its closing bracket, what follows it) for a
    parenthesis or square brackets ending ``text``."""
    stripped = text.rstrip()
    tail = ""
    if stripped.endswith((".", ",", ";")) and stripped[:-1].rstrip().endswith((")", "]", "}")):
        tail, stripped = stripped[-1], stripped[:-1].rstrip()
    if not stripped.endswith((")", "]", "}")):
        return None
    closing = stripped[-1]
    opening = _OPENING[closing]
    # Back from the end, one bracket at a time (the text between needs no look).
    depth, cursor = 1, len(stripped) - 1
    while True:
        before_open = stripped.rfind(opening, 0, cursor)
        if before_open < 0:
            return None
        before_close = stripped.rfind(closing, before_open + 1, cursor)
        if before_close >= 0:
            depth, cursor = depth + 1, before_close
            continue
        depth, cursor = depth - 1, before_open
        if depth == 0:
            return before_open, len(stripped) - 1, tail


def _part_spans(text: str, start: int, end: int, parts: Sequence[str]) -> list[tuple[int, int]]:
    """Where each part sits inside ``text[start:end]`` (searched in order)."""
    spans, cursor = [], start
    for part in parts:
        found = text.find(part, cursor, end)
        if found < 0:
            # normalise_space changed it (double spaces): fall back to the whole parenthesis
            spans.append((start, end))
            continue
        spans.append((found, found + len(part)))
        cursor = found + len(part)
    return spans


@dataclass
class _Found:
    """One source cut off the end of a text."""

    before: str  # the text in front of it
    names: list[str]  # as cited
    spans: list[tuple[int, int]]  # where each name is in the text
    group: tuple[int, int]  # the whole source, brackets or dash included
    tail: str = ""  # a full stop written after the parenthesis


# The patterns above that end a text are tried at every offset of it; most texts lack a
# character each needs (a label's colon or dash, a dash), or show where it must start.
_LABEL_MARK_RE = re.compile("[:\\-\u2013\u2014]")
_DASH_MARK_RE = re.compile("[\\-\u2013\u2014\u2015]")


def _after_sentence(text: str) -> re.Match[str] | None:
    """:data:`_AFTER_SENTENCE_RE` searched in ``text`` from where it can only start: right
    after the last ".", "!" or "?" (its names hold none)."""
    last_stop = max(text.rfind("."), text.rfind("!"), text.rfind("?"))
    return _AFTER_SENTENCE_RE.search(text, last_stop + 1) if last_stop >= 0 else None


def _last_source(rest: str) -> _Found | None:
    """The source ending ``rest``, if it ends with one."""
    found = _trailing_parenthesis(rest)
    if found is not None:
        open_at, close_at, tail = found
        names = parse_citation(rest[open_at + 1 : close_at])
        if names is None:
            return None
        spans = _part_spans(rest, open_at + 1, close_at, names)
        return _Found(rest[:open_at].rstrip(), names, spans, (open_at, close_at + 1), tail)
    labelled = _LABEL_SOURCE_RE.search(rest) if _LABEL_MARK_RE.search(rest) else None
    if labelled is not None:
        names = parse_citation(labelled["label"] + " " + labelled["names"])
        if names is not None:
            start, end = labelled.start("names"), labelled.end("names")
            spans = _part_spans(rest, start, end, names)
            return _Found(rest[: labelled.start()].rstrip(), names, spans, (labelled.start(), end))
    after = _after_sentence(rest)
    if after is not None:
        content = normalise_space(after["names"])
        names = [content] if known_outlet(content) else _known_list(content)
        if names and web_host(content) is None:
            start, end = after.start("names"), after.end("names")
            spans = _part_spans(rest, start, end, names)
            return _Found(rest[:start].rstrip(), names, spans, (start, end))
    dashed = _DASH_SOURCE_RE.search(rest) if _DASH_MARK_RE.search(rest) else None
    if dashed is not None:
        content = normalise_space(dashed["names"])
        tail = "." if content.endswith(".") else ""  # "… — Rudaw." ends the sentence
        content = content[:-1].rstrip() if tail else content
        names = [content] if known_outlet(content) else _known_list(content)
        if names:
            start, end = dashed.start("names"), dashed.end("names")
            spans = _part_spans(rest, start, end, names)
            before = rest[: dashed.start()].rstrip()
            return _Found(before, names, spans, (dashed.start(), end), tail)
    return None


def _leading_source(text: str) -> tuple[list[str], list[tuple[int, int]], int] | None:
    """Known outlets a bullet starts with, where they are, and where its text starts."""
    match = _LEADING_SOURCE_RE.match(text)
    if match is None:
        return None
    group = next(name for name in ("bracketed", "named", "slashed") if match[name])
    content = normalise_space(match[group])
    topic = _TOPIC_RE.match(content) if group == "bracketed" else None
    if topic and known_outlet(topic["rest"]):
        content = normalise_space(topic["rest"])
    names = [content] if known_outlet(content) else _known_list(content)
    if not names or web_host(content) is not None:
        return None
    spans = _part_spans(text, match.start(group), match.end(group), names)
    return names, spans, match.end()


def _trailing_decoration(rest: str) -> tuple[str, str] | None:
    """``(text before, "🔥")`` for emoji after a source: "… (Rudaw) 🔥"."""
    end = len(rest)
    while end > 0 and (
        rest[end - 1].isspace() or unicodedata.category(rest[end - 1]) in ("So", "Sk", "Cf", "Mn")
    ):
        end -= 1
    if end == len(rest) or not rest[end:].strip():
        return None
    before = rest[:end].rstrip()
    return (before, rest[end:].strip()) if _last_source(before) else None


def _count_before_source(rest: str) -> tuple[str, str] | None:
    """``(text before, "(2)")`` when ``rest`` ends in a bare number after a source."""
    found = _trailing_parenthesis(rest)
    if found is None or found[2]:
        return None
    open_at, close_at, _ = found
    if not _NUMBER_RE.match(rest[open_at + 1 : close_at]):
        return None
    before = rest[:open_at].rstrip()
    return (before, rest[open_at : close_at + 1]) if _last_source(before) else None


def is_source_only(text: str) -> bool:
    """Whether ``text`` is nothing but a source: "(Rudaw)", "[Reuters; AP]", "— Rudaw"."""
    text = text.strip()
    if not text:
        return False
    found = _last_source("x " + text)
    return found is not None and found.before == "x"


def _link_url(
    links: Sequence[LinkSpan], start: int, end: int, group_start: int, group_end: int
) -> str | None:
    """The http(s) address of a link over a cited name or around its whole parenthesis."""
    for link in links:
        overlaps = link.start < end and start < link.end
        wraps = link.start <= group_start + 1 and group_end - 1 <= link.end
        if overlaps or wraps:
            return _safe_url(link.href)
    return None


def split_sources(text: str, links: Sequence[LinkSpan] = ()) -> tuple[str, list[Citation]]:
    """Cut the trailing source parenthesis (or several) off a bullet's text.

    Returns the text without them and the citations in the order written.  A link that
    wraps a source (or its parenthesis) gives that citation its URL, if it is http(s).
    A source written as a web address gives it that address.
    """
    citations: list[Citation] = []
    rest = text.rstrip()
    sentence_end = ""
    kept: list[str] = []  # "(2)" or "🔥" after a source: not a source, but part of the text
    while True:
        found = _last_source(rest)
        if found is None and not citations:
            held = _count_before_source(rest) or _trailing_decoration(rest)
            if held is not None:
                rest, piece = held
                kept.insert(0, piece)
                continue
        if found is None or not found.before:
            break
        found_citations = []
        group_start, group_end = found.group
        for name, (start, end) in zip(found.names, found.spans, strict=True):
            url = _link_url(links, start, end, group_start, group_end)
            if url is None and web_host(name) is not None:
                url = _safe_url(name if "://" in name else f"https://{name}")
            found_citations.append(Citation(canonical_outlet(name), name, url))
        citations[:0] = found_citations
        sentence_end = sentence_end or found.tail
        rest = found.before
    # A leading "Rudaw:" is the source only when none ends the bullet; with one, it is
    # more likely a topic ("INA: the cabinet met. (Shafaq News)").
    leading = None if citations else _leading_source(rest)
    if leading is not None:
        names, spans, body_start = leading
        cited = [
            Citation(canonical_outlet(name), name, _link_url(links, start, end, start, end))
            for name, (start, end) in zip(names, spans, strict=True)
        ]
        citations[:0] = cited
        rest = rest[body_start:]
    if not citations:
        return text.strip(), []
    # "Kurdistan24 - کوردستان 24" after a sentence reads as two; an outlet counts once.
    unique: dict[str, Citation] = {}
    for citation in citations:
        unique.setdefault(citation.name, citation)
    citations = list(unique.values())
    if sentence_end and not rest.endswith((".", "!", "?", "\u2026", sentence_end)):
        rest += sentence_end  # "… on Tuesday (Rudaw)." keeps its full stop
    if kept:
        rest = " ".join([rest, *kept])
    return rest, citations
