"""Text copied out of a Blogger post page: raw bytes or str -> :class:`Update`.

The shape (see ``RAW-FORMAT.md``): page chrome ("Loading..."), the title with month,
day and edition, an optional intro, the bottom line, sections of bullets nested by
indentation, the closing "What It All Means" section, then more page chrome.
"""

from __future__ import annotations

import re
import unicodedata

from bottomline.importer.dates import looks_like_title, parse_date_header, split_title
from bottomline.importer.structure import Line, build_body, is_bottom_line, is_closing
from bottomline.model import RAW_TEXT, ImportFailure, Provenance, Update

#: Bullet markers seen in copied posts; "o" is the nested level under "-".
_BULLET_RE = re.compile(
    r"^(?P<marker>[\u2022\u00b7\u25aa\u25e6\u25cf\u25cb\u2023\u2219\u2043*+\-\u2013o])\s+(?=\S)"
)
#: Markers that mean a deeper level when the indentation does not say (same indentation).
MARKER_DEPTH = {"o": 1, "\u25e6": 1, "\u25cb": 1, "\u25aa": 2, "\u2023": 2, "\u2043": 2}
# An image's alt text followed by Blogger's long numeric id.
_IMAGE_ALT_RE = re.compile(r"^.{0,300}?\s\d{12,}$")
#: Lines of Blogger page chrome, compared lower-cased with spaces collapsed.
CHROME_LINES = frozenset(
    {
        "loading...", "loading\u2026", "loading", "home item", "powered by blogger.",
        "powered by blogger", "popular posts", "search this blog", "home", "newer post",
        "older post", "newer posts", "older posts", "subscribe to: post comments (atom)",
        "subscribe to: posts (atom)", "email this", "blogthis!", "share to x",
        "share to twitter", "share to facebook", "share to pinterest", "no comments:",
        "post a comment", "read more", "read more \u00bb", "show more", "show less",
        "click to read read more view all said: related posts default comments menu",
        "related posts", "comments", "menu", "share", "labels:", "report abuse",
    }
)  # fmt: skip
_CHROME_RE = re.compile(
    r"^(?:posted by\b.*|labels?:.*|\d+ comments?:?|share (?:this|to)\b.*|copyright\b.*"
    r"|\u00a9.*|newer post.*older post.*|subscribe to:.*|search this blog.*)$",
    re.I,
)
_LOADING = frozenset({"loading...", "loading\u2026"})
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b"), None)


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


def clean_text(text: str) -> str:
    """Line endings to ``\\n``, odd spaces to spaces, control characters out; words untouched."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub("[\u2028\u2029\u0085\u000b\u000c]", "\n", text)
    text = text.translate(_INVISIBLE).expandtabs(4)
    return "".join(
        " "
        if unicodedata.category(char) == "Zs"
        else char
        if char == "\n" or unicodedata.category(char) != "Cc"
        else ""
        for char in text
    )


def is_chrome(text: str) -> bool:
    """Whether a line is Blogger page furniture rather than part of the post."""
    key = " ".join(text.split()).lower()
    return key in CHROME_LINES or bool(_CHROME_RE.match(key)) or bool(_IMAGE_ALT_RE.match(key))


def to_line(raw: str) -> Line:
    """A line of copied text, with its indentation and bullet marker read off.

    Indentation decides nesting; between bullets indented alike, an "o" or "◦" marker is
    one level below a "•" or "-" one.
    """
    stripped = raw.lstrip(" ")
    indent = (len(raw) - len(stripped)) * 4
    text = " ".join(stripped.split())
    marker = _BULLET_RE.match(text)
    if marker:
        depth = MARKER_DEPTH.get(marker["marker"], 0)
        return Line(text=text[marker.end() :], indent=indent + depth, bullet=True)
    return Line(text=text, indent=indent)


def read_text(data: bytes | str, label: str = "<text>") -> Update:
    """The update in text copied from a post page.  Raises ImportFailure / NotAnUpdate."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    text = clean_text(decode(data))
    lines = [line.rstrip() for line in text.split("\n")]
    lines = [line for line in lines if line.strip()]
    if not lines:
        raise ImportFailure("the file is empty")
    content = [line for line in lines if not _IMAGE_ALT_RE.match(line.strip())]

    # The title: the first line ending in "Month Day[, AM|PM]" before the bottom line;
    # without one, the first line that is not page chrome.  Above it is page chrome,
    # except a Blogger date header ("Monday, October 6, 2025"), which gives the year.
    bottom = next((i for i, line in enumerate(content) if is_bottom_line(to_line(line))), None)
    search = content[: bottom if bottom is not None else len(content)]
    title_at = next((i for i, line in enumerate(search) if looks_like_title(line)), None)
    if title_at is None:
        title_at = next(
            (
                i
                for i, line in enumerate(search)
                if not is_chrome(line) and parse_date_header(line) is None
            ),
            None,
        )
    if title_at is None:
        raise ImportFailure("no title line found before the bottom line")
    header_dates = [d for d in map(parse_date_header, content[:title_at]) if d is not None]
    title, title_date = split_title(content[title_at])
    if header_dates:
        header = header_dates[-1]
        if title_date.month is None:
            title_date.month, title_date.day = header.month, header.day
        if title_date.year is None and (title_date.month, title_date.day) == (
            header.month,
            header.day,
        ):
            title_date.year = header.year

    body_lines = content[title_at + 1 :]
    closing = next((i for i, line in enumerate(body_lines) if is_closing(to_line(line))), None)
    if closing is not None:
        end = next(
            (i for i in range(closing + 1, len(body_lines)) if is_chrome(body_lines[i])),
            len(body_lines),
        )
        body_lines = body_lines[:end]
    body_lines = [line for line in body_lines if " ".join(line.split()).lower() not in _LOADING]
    body = build_body([to_line(line) for line in body_lines], trailing_junk=True)
    return Update(
        title=title,
        title_date=title_date,
        intro=body.intro,
        bottom_line=body.bottom_line,
        sections=body.sections,
        takeaway=body.takeaway,
        provenance=Provenance(label=label, raw=raw, raw_kind=RAW_TEXT),
    )
