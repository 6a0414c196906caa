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
- ``(Reuters, AP)`` and ``(Reuters and AP)`` are citations only when every part is a known
  outlet, since commas and "and" are common inside sentences.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bottomline.model import Citation
from bottomline.outlets import canonical_outlet, known_outlet
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
    if _DOMAIN_RE.match(part):
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
    content = normalise_space(content)
    label = _LABEL_RE.match(content)
    if label:
        content = content[label.end() :]
    parts = [normalise_space(p) for p in content.split(";")]
    parts = [p for p in parts if p]
    if not parts:
        return None
    if label:
        return parts if all(_labelled_part_ok(p) for p in parts) else None
    pieces = [normalise_space(p) for p in re.split(r",|\band\b", content)]
    if len(pieces) > 1 and all(p and known_outlet(p) for p in pieces):
        return pieces
    if all(looks_like_outlet(p) for p in parts):
        return parts
    return None


def _trailing_parenthesis(text: str) -> tuple[int, int, str] | None:
    """(index of "(", index of ")", what follows ")") for a parenthesis ending ``text``."""
    stripped = text.rstrip()
    tail = ""
    if stripped.endswith((".", ",", ";")) and stripped[:-1].rstrip().endswith(")"):
        tail, stripped = stripped[-1], stripped[:-1].rstrip()
    if not stripped.endswith(")"):
        return None
    depth = 0
    for index in range(len(stripped) - 1, -1, -1):
        char = stripped[index]
        if char == ")":
            depth += 1
        elif char == "(":
            depth -= 1
            if depth == 0:
                return index, len(stripped) - 1, tail
    return None


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


def split_sources(text: str, links: Sequence[LinkSpan] = ()) -> tuple[str, list[Citation]]:
    """Cut the trailing source parenthesis (or several) off a bullet's text.

    Returns the text without them and the citations in the order written.  A link that
    wraps a source (or its parenthesis) gives that citation its URL, if it is http(s).
    """
    citations: list[Citation] = []
    rest = text.rstrip()
    sentence_end = ""
    while True:
        found = _trailing_parenthesis(rest)
        if found is None:
            break
        open_at, close_at, tail = found
        before = rest[:open_at].rstrip()
        names = parse_citation(rest[open_at + 1 : close_at])
        if names is None or not before:
            break
        spans = _part_spans(rest, open_at + 1, close_at, names)
        found_citations = []
        for name, (start, end) in zip(names, spans, strict=True):
            url = None
            for link in links:
                overlaps = link.start < end and start < link.end
                wraps = link.start <= open_at + 1 and close_at <= link.end
                if overlaps or wraps:
                    url = _safe_url(link.href)
                    break
            found_citations.append(Citation(canonical_outlet(name), name, url))
        citations[:0] = found_citations
        sentence_end = sentence_end or tail
        rest = before
    if sentence_end and not rest.endswith((".", "!", "?", "\u2026", sentence_end)):
        rest += sentence_end  # "… on Tuesday (Rudaw)." keeps its full stop
    return (rest if citations else text.strip()), citations
