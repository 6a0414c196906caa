"""Text copied out of a Blogger post page: raw bytes or str -> :class:`Update`.

The shape (see ``RAW-FORMAT.md``): page chrome ("Loading...", the blog's header, a
sidebar), the title with month, day and edition (or a date line under it), an optional
intro, the bottom line, sections of bullets nested by indentation, the closing "What It
All Means" section, then more page chrome (footer, comments, widgets).  A copy of the
blog's home page holds several posts: :func:`read_texts` gives each.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable

from bottomline.importer.chrome import is_chrome_line, posted_by, posted_edition
from bottomline.importer.dates import (
    fill_in,
    looks_like_title,
    parse_date_header,
    parse_date_line,
    split_title,
)
from bottomline.importer.structure import Line, build_body, is_bottom_line, is_closing
from bottomline.model import (
    RAW_TEXT,
    Entry,
    ImportFailure,
    NotAnUpdate,
    Provenance,
    TitleDate,
    Update,
)
from bottomline.text import CONTROLS, SPACE_SEPARATORS

#: Bullet markers seen in copied posts; "o" is the nested level under "-"; numbered items
#: ("1.", "2)", "(3)") are bullets too: the post format has one kind of list.  A symbol
#: needs no space after it ("•Text"); a letter, digit or ASCII sign does ("- Text").
_BULLET_RE = re.compile(
    r"^(?:(?P<symbol>[\u2022\u00b7\u25aa\u25ab\u25e6\u25cf\u25cb\u25a0\u25a1\u25c6\u25c7\u2666"
    r"\u2756\u2023\u2219\u2043\u27a2\u27a4\u25b8\u25ba\u25b6\u2192\u2713\u2714\u25fe\u25fd])\s*"
    r"|(?P<ascii>[*+\-\u2013o]|\d{1,2}[.)]|\(\d{1,2}\))\s+)(?=\S)"
)
# Emoji used as bullets ("🔹 The ministry said …"); they also decorate headings
# ("🔥 IRAN"), so they mark a bullet only in front of a sentence.
_EMOJI_BULLET_RE = re.compile(
    "^(?P<emoji>[\U0001f539\U0001f538\U0001f537\U0001f536\U0001f4cc\U0001f449\u27a1\u2705"
    "\u2714\u2611\U0001f534\U0001f7e2\U0001f7e1\U0001f7e0\U0001f535\u26ab\u26aa\U0001f518"
    "\u25aa\u25ab\u25fe\u25fd\u2b50\U0001f4a5\U0001f4b5\U0001f4b0])\ufe0f?\\s+(?=\\S)"
)
_SENTENCE_ENDS = (".", "!", "?", "\u2026", ")", "]", '"', "\u201d", "\u2019")
#: Markers that mean a deeper level when the indentation does not say (same indentation).
MARKER_DEPTH = {
    "o": 1,
    "\u25e6": 1,
    "\u25cb": 1,
    "\u25aa": 2,
    "\u25ab": 2,
    "\u2023": 2,
    "\u2043": 2,
}


def bullet_marker(text: str) -> tuple[str, int] | None:
    """The bullet marker ``text`` starts with and where the text after it starts."""
    match = _BULLET_RE.match(text)
    if match:
        return match["symbol"] or match["ascii"], match.end()
    match = _EMOJI_BULLET_RE.match(text)
    if match:
        rest = text[match.end() :].rstrip()
        sentence = rest.endswith(_SENTENCE_ENDS) or len(rest.split()) > 8
        if sentence and not is_bottom_line(Line(rest)):  # "📌 Bottom line: …" is no bullet
            return match["emoji"], match.end()
    return None


# An image's alt text followed by Blogger's long numeric id: what a copy keeps of a picture.
_IMAGE_ALT_RE = re.compile(r"^.{0,300}?\s\d{12,}$")
_LOADING = frozenset({"loading...", "loading\u2026"})
_LOADING_PREFIX_RE = re.compile(r"^\s*loading(?:\.\.\.|\u2026)\s*(?=\S)", re.I)
_READ_MORE_RE = re.compile(r"^(?:read|continue reading|keep reading)\b.{0,20}$", re.I)
# "What's New in Iraq: …", the series these updates are published under.
_SERIES_RE = re.compile(r"^\W{0,3}what[\u2019'`\u02bc]?s\s+new\b", re.I)
# Invisible characters that copying from a browser leaves: zero-width space, word joiner,
# byte order mark, soft hyphen, and bidirectional controls (which can disguise text).
_INVISIBLE = (
    "\ufeff\u200b\u2060\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")


def decode(data: bytes | str, what: str = "file") -> str:
    """Bytes as text: UTF-8 (or UTF-16 with a byte order mark); a binary file is an error."""
    if isinstance(data, str):
        return data
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ImportFailure(f"the {what} is not valid UTF-16 text ({error.reason})") from None
    if b"\x00" in data:
        raise ImportFailure(f"the {what} is binary, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailure(
            f"the {what} is not UTF-8 text (byte {error.start}: {error.reason}); save it as UTF-8"
        ) from None


_SPACES_RE = re.compile(f"[{re.escape(SPACE_SEPARATORS)}]")
_CONTROLS_RE = re.compile(f"[{re.escape(CONTROLS.replace(chr(10), ''))}]")
_LINE_BREAKS_RE = re.compile("[\u2028\u2029\u0085\u000b\u000c]")
_ASCII_TO_CLEAN_RE = re.compile("[\x00-\x09\x0b-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Line endings to ``\\n``, odd spaces to spaces, control characters out; words untouched."""
    if text.isascii() and not _ASCII_TO_CLEAN_RE.search(text):
        return text  # what ASCII text needs cleaning is all control characters (\r, \t)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _LINE_BREAKS_RE.sub("\n", text)
    text = _INVISIBLE_RE.sub("", text).expandtabs(4)
    return _CONTROLS_RE.sub("", _SPACES_RE.sub(" ", text))


def is_chrome(text: str) -> bool:
    """Whether a line is Blogger page furniture rather than part of the post."""
    return is_chrome_line(text) or is_picture(text)


def is_picture(text: str) -> bool:
    """Whether a line is what a copy keeps of an image: its alt text and a long numeric id."""
    text = text.strip()
    # The pattern tries every offset of a line; one not ending in digits needs none.
    return text[-12:].isdecimal() and bool(_IMAGE_ALT_RE.match(text))


def to_line(raw: str) -> Line:
    """A line of copied text, with its indentation and bullet marker read off.

    Indentation decides nesting; between bullets indented alike, an "o" or "◦" marker is
    one level below a "•" or "-" one.
    """
    stripped = raw.lstrip(" ")
    indent = (len(raw) - len(stripped)) * 4
    text = " ".join(stripped.split())
    found = bullet_marker(text)
    if found:
        marker, end = found
        return Line(
            text=text[end:],
            indent=indent + MARKER_DEPTH.get(marker, 0),
            bullet=True,
            marker=marker,
        )
    return Line(text=text, indent=indent)


def _strong_title(line: str) -> bool:
    """A line that can only be an update's title: the series name, or a date with AM/PM."""
    if _SERIES_RE.match(line):
        return True
    title_date = split_title(line)[1]
    return title_date.month is not None and title_date.edition is not None


def _find_title(content: list[str]) -> int | None:
    """Where the title is in the lines of a copied page.

    The title is the line before the bottom line that ends in "Month Day[, AM|PM]" or
    starts with the series name.  When several such lines each have a bottom line after
    them (a "Popular Posts" widget above the post, with its snippets), the post's is the
    last one before the closing section.  Without any, it is the first line that is not
    page chrome.
    """
    lines = _structure_lines(content)
    closing = next((i for i, line in enumerate(lines) if is_closing(line)), len(lines))
    bottoms = [i for i in range(closing) if is_bottom_line(lines[i])]
    first_bottom = bottoms[0] if bottoms else len(content)
    strong = [i for i in range(closing) if _is_title_line(content[i])]
    followed = [i for i in strong if any(b > i for b in bottoms)]
    if len(followed) > 1:
        return followed[-1]
    search = [i for i in range(first_bottom) if not is_picture(content[i])]
    found = next((i for i in search if looks_like_title(content[i])), None)
    if found is None:
        found = next((i for i in search if _SERIES_RE.match(content[i])), None)
    if found is None:
        found = next(
            (
                i
                for i in search
                if not is_chrome(content[i]) and parse_date_header(content[i]) is None
            ),
            None,
        )
    return found


def _structure_lines(content: list[str]) -> list[Line]:
    """``content`` as :class:`Line` objects; a picture is an empty line, never a label.

    The lines are shared (see :func:`_structure_line`): read them, never change them.
    """
    return [_structure_line(line) for line in content]


# A page's lines are looked at several times over (where posts start, the title, the
# body) and chrome lines recur on every page: each is read once.
@functools.lru_cache(maxsize=1 << 14)
def _structure_line(text: str) -> Line:
    return Line("") if is_picture(text) else to_line(text)


@functools.lru_cache(maxsize=1 << 14)
def _is_title_line(text: str) -> bool:
    """Whether a line can be an update's title (not a bullet, label or picture)."""
    line = _structure_line(text)
    return bool(line.text) and not line.bullet and not is_bottom_line(line) and _strong_title(text)


def _key(line: str) -> str:
    return " ".join(line.split()).lower()


def _lines_of(data: bytes | str) -> list[str]:
    """The non-blank lines of a text (pictures' alt text included: see :func:`is_picture`)."""
    text = clean_text(decode(data))
    # "Loading..." run into the next line ("Loading...What's New in Iraq: …") by a copy.
    lines = [_LOADING_PREFIX_RE.sub("", line.rstrip()) for line in text.split("\n")]
    lines = [line for line in lines if line.strip()]
    if not lines:
        raise ImportFailure("the file is empty")
    return lines


def post_starts(content: list[str]) -> list[int]:
    """Where each whole post starts in text copied from a page showing several (the blog's
    home page): a title line whose bottom line and closing section come before the next
    title.  A "Popular Posts" snippet (a title and a bottom line, no closing) is none."""
    lines = _structure_lines(content)
    titles = [i for i, line in enumerate(lines) if _is_title_line(content[i])]
    starts = []
    for number, title in enumerate(titles):
        following = titles[number + 1] if number + 1 < len(titles) else len(lines)
        bottom = next((i for i in range(title + 1, following) if is_bottom_line(lines[i])), None)
        if bottom is not None and any(is_closing(lines[i]) for i in range(bottom + 1, following)):
            starts.append(title)
    return starts


def read_texts(data: bytes | str, label: str = "<text>") -> list[Entry]:
    """Every post in a copied text: one, or each of several copied off the home page."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        content = _lines_of(data)
    except ImportFailure as problem:
        return [Entry(label, problem=problem)]
    starts = post_starts(content)
    if len(starts) < 2:
        return [_entry(label, lambda: _read_post(content, label, raw))]
    # Each post keeps the date header right above its title; the chrome above that is the
    # footer of the post before ("Posted by … at 7:15 PM" gives that post's edition).
    cuts = [0]
    for start in starts[1:]:
        cut = start
        while cut > starts[len(cuts) - 1] + 1 and parse_date_header(content[cut - 1]):
            cut -= 1
        cuts.append(cut)
    cuts.append(len(content))
    entries = []
    for number, (begin, end) in enumerate(itertools.pairwise(cuts), start=1):
        part = content[begin:end]
        # Blogger puts one date header over all the posts of a day: a post without its
        # own takes the one above it.
        title_at = starts[number - 1]
        if not any(parse_date_header(line) for line in content[begin:title_at]):
            header = next(
                (line for line in reversed(content[:begin]) if parse_date_header(line)), None
            )
            part = [header, *part] if header else part
        part_label = f"{label} post {number}"
        part_raw = ("\n".join(part) + "\n").encode("utf-8")
        entries.append(
            _entry(part_label, functools.partial(_read_post, part, part_label, part_raw))
        )
    return entries


def _entry(label: str, build: Callable[[], Update]) -> Entry:
    try:
        return Entry(label, update=build())
    except (ImportFailure, NotAnUpdate) as problem:
        return Entry(label, problem=problem)


def read_text(data: bytes | str, label: str = "<text>") -> Update:
    """The update in text copied from a post page.  Raises ImportFailure / NotAnUpdate."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return _read_post(_lines_of(data), label, raw)


def _read_post(content: list[str], label: str, raw: bytes) -> Update:
    title_at = _find_title(content)
    if title_at is None:
        raise ImportFailure("no title line found before the bottom line")
    title, title_date = split_title(content[title_at])
    above = " ".join(content[title_at - 1].split()) if title_at else ""
    if above.endswith(":") and _SERIES_RE.match(above) and not _SERIES_RE.match(title):
        title = f"{above} {title}"  # "What's New in Iraq:" on a line of its own

    # Between the title and the bottom line: page chrome (share menus, "Posted by"), the
    # title again, and the date line some templates put under the title ("Monday, October
    # 6, 2025", "September 22, PM").  Above the title: chrome, and a Blogger date header.
    # A date line fills in what the title does not say.
    body_lines = content[title_at + 1 :]
    structure = _structure_lines(body_lines)
    start = next((i for i, line in enumerate(structure) if is_bottom_line(line)), 0)
    under_title = [d for d in map(parse_date_line, body_lines[:start]) if d is not None]
    above_title = [d for d in map(parse_date_header, content[:title_at]) if d is not None]
    for found in [*under_title, *(TitleDate(d.month, d.day, d.year) for d in above_title[-1:])]:
        fill_in(title_date, found)
    if title_date.edition is None:
        title_date.edition = posted_edition(content[title_at:])
    # The title again, and the blog's or author's name (a byline under the title in some
    # templates): known from the lines above the title and from "Posted by …".
    seen = {_key(line) for line in content[: title_at + 1]} | posted_by(content)
    seen |= {f"by {name}" for name in seen}
    body_lines = [
        line
        for line in body_lines[:start]
        if not is_chrome(line) and parse_date_line(line) is None and _key(line) not in seen
    ] + body_lines[start:]

    # After the closing section the author may go on in paragraphs ("See you tomorrow."):
    # they are kept, up to the first line of page chrome (a footer, a share row, a widget,
    # a picture), where the page takes over.
    structure = _structure_lines(body_lines)
    closing = next((i for i, line in enumerate(structure) if is_closing(line)), None)
    if closing is not None:
        end = next(
            (i for i in range(closing + 1, len(body_lines)) if is_chrome(body_lines[i])),
            len(body_lines),
        )
        body_lines = body_lines[:end]
    body_lines = [
        line for line in body_lines if not is_picture(line) and _key(line) not in _LOADING
    ]
    try:
        body = build_body(_structure_lines(body_lines))  # no pictures left: to_line each one
    except ImportFailure as problem:
        if closing is None and any(_READ_MORE_RE.match(line.strip()) for line in body_lines):
            raise ImportFailure(
                "the text stops at 'Read more »' (copied from the blog's home page, where "
                "posts are cut short): copy the text of the post's own page"
            ) from None
        raise problem
    return body.update(title, title_date, Provenance(label=label, raw=raw, raw_kind=RAW_TEXT))
