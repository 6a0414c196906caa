"""An :class:`Update` as a MyST post page (docs/editing.md, "The post page format").

Everything in an update is untrusted text.  :func:`escape_inline` backslash-escapes every
ASCII punctuation character that MyST, CommonMark or an enabled MyST extension gives a
meaning to (roles, directives, fences, raw HTML, substitutions, math, footnotes, links,
emphasis, entities, tables, attributes), so no construct in a raw update becomes markup.
The few punctuation characters left as they are (``, . ; : ? ' " ( ) / - %``) have no
meaning in the middle of a line; at the start of a line, where ``-``, ``:``, ``%`` or
``1.`` would start a block, they are escaped too, and so are a ``.`` inside a word and a
``:`` before ``/`` (what the ``linkify`` extension would make a link of).  Front matter goes through
``yaml.safe_dump``.

Mentions of known actors become ``{actor}`text <slug>``` when a registry is given; each
text run is split at the registry's mention spans, so escaping never touches a role.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

import yaml

from bottomline.model import Citation, Item, Update
from bottomline.outlets import canonical_outlet
from bottomline.records import PostRecord
from bottomline.text import CONTROLS


class MentionFinder(Protocol):
    """What the importer needs of :class:`bottomline.registry.Registry`."""

    def find_mentions(self, text: str) -> list[Any]: ...


#: ASCII punctuation that is plain text anywhere but at the start of a line.
_MIDLINE_SAFE = frozenset(",.;:?'\"()/-%")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ORDERED_MARKER_RE = re.compile(r"^(\d{1,9})([.)])")
_SLUG_RE = re.compile(r"^[\w-]+$")
_ROLE_UNSAFE_RE = re.compile(r"[`<>\n]")


# Control characters that are not white space (white space is collapsed instead).
_INVISIBLE_CONTROLS_RE = re.compile(
    "[" + re.escape("".join(char for char in CONTROLS if not char.isspace())) + "]"
)
_PUNCTUATION_RE = re.compile(f"[{re.escape(''.join(sorted(_ASCII_PUNCTUATION)))}]")
# What needs a backslash in the middle of a line: punctuation with a meaning there, and
# "example.com" and "http://", what linkify would turn into links (a "." before a letter
# or digit, [^\W_], and a ":" before "/").
_MIDLINE_RE = re.compile(
    f"[{re.escape(''.join(sorted(_ASCII_PUNCTUATION - _MIDLINE_SAFE)))}]|\\.(?=[^\\W_])|:(?=/)"
)


def clean_inline(text: str) -> str:
    """One line of text: control characters dropped, every run of white space one space."""
    return " ".join(_INVISIBLE_CONTROLS_RE.sub("", text).split())


def _backslashed(match: re.Match[str]) -> str:
    return "\\" + match[0]


def escape_inline(text: str, *, line_start: bool = True) -> str:
    """``text`` as MyST that renders as exactly this text, never as markup.

    ``line_start``: the text begins a line (a paragraph, a list item, a heading), where
    block syntax (``- ``, ``1.``, ``:::``, ``% comment``, ``> quote``) would apply.
    """
    # The whole leading run ("---", ":::"): markdown-it reads "\---" at the start of a
    # nested block (a list item in an admonition) as front matter.
    leading_run = len(text) - len(text.lstrip(text[:1])) if line_start and text else 0
    escaped = _PUNCTUATION_RE.sub(_backslashed, text[:leading_run]) + _MIDLINE_RE.sub(
        _backslashed, text[leading_run:]
    )
    if line_start:
        # "2025. A year" must not become an ordered list (only a digit, \d, starts one:
        # the substitution costs even where it changes nothing).
        if escaped[:1].isdecimal():
            escaped = _ORDERED_MARKER_RE.sub(r"\1\\\2", escaped, count=1)
        if escaped[1:3] == "--":
            # mdit-py-plugins' front matter rule checks the document's first character but
            # counts dashes from the line's second one: in a directive whose content starts
            # with "- ", a first item "X--" (any X) opens front matter.
            escaped = escaped[0] + "\\" + escaped[1:]
    return escaped


def _role_safe(text: str) -> bool:
    """Whether ``text`` can sit inside a role's backticks as ``text <target>`` unchanged."""
    return bool(text.strip()) and text == text.strip() and not _ROLE_UNSAFE_RE.search(text)


@dataclass
class _Renderer:
    registry: MentionFinder | None
    actors: list[str] = field(default_factory=list)

    def inline(self, text: str, *, line_start: bool = True, link_actors: bool = True) -> str:
        text = clean_inline(text)
        mentions = self.registry.find_mentions(text) if self.registry and link_actors else []
        parts: list[str] = []
        cursor = 0
        for mention in sorted(mentions, key=lambda m: m.start):
            if mention.start < cursor or not _SLUG_RE.match(mention.slug):
                continue
            visible = text[mention.start : mention.end]
            if not _role_safe(visible) or visible.startswith(("!", "~")):
                continue  # left as plain text: a role could not show it as written
            before = text[cursor : mention.start]
            parts.append(escape_inline(before, line_start=line_start and cursor == 0))
            parts.append(f"{{actor}}`{visible} <{mention.slug}>`")
            if mention.slug not in self.actors:
                self.actors.append(mention.slug)
            cursor = mention.end
        rest = text[cursor:]
        parts.append(escape_inline(rest, line_start=line_start and cursor == 0))
        return "".join(parts)

    def citations(self, sources: list[Citation]) -> str:
        if not sources:
            return ""
        cited = []
        for source in sources:
            name = clean_inline(source.name)
            if _role_safe(name):
                cited.append(f"{{outlet}}`{name}`")
            else:
                # Shown as the role would show it: by its canonical name.
                cited.append(escape_inline(canonical_outlet(name), line_start=False))
        return " (" + "; ".join(cited) + ")"

    def item_text(self, item: Item) -> str:
        return self.inline(item.text) + self.citations(item.sources)

    def items(self, items: list[Item]) -> list[str]:
        """Blocks for a run of bullets and paragraphs: one list per run of bullets."""
        blocks: list[str] = []
        bullets: list[str] = []

        def walk(item: Item, depth: int) -> None:
            bullets.append("  " * depth + "- " + self.item_text(item))
            for child in item.children:
                walk(child, depth + 1)

        for item in items:
            if item.bullet:
                walk(item, 0)
                continue
            if bullets:
                blocks.append("\n".join(bullets))
                bullets = []
            blocks.append(self.item_text(item))
        if bullets:
            blocks.append("\n".join(bullets))
        return blocks


def render_body(update: Update, registry: MentionFinder | None = None) -> tuple[str, list[str]]:
    """The post's MyST body (everything after the front matter) and the actors it links."""
    renderer = _Renderer(registry)
    blocks = ["# " + renderer.inline(update.title, link_actors=False)]
    blocks += [renderer.inline(paragraph) for paragraph in update.intro]
    bottom = "\n\n".join(renderer.inline(paragraph) for paragraph in update.bottom_line)
    blocks.append(f":::{{bottom-line}}\n{bottom}\n:::")
    for section in update.sections:
        if section.heading:
            blocks.append("## " + renderer.inline(section.heading, link_actors=False))
        blocks += renderer.items(section.items)
    takeaway = "\n\n".join(renderer.items(update.takeaway))
    blocks.append(f":::{{what-it-means}}\n{takeaway}\n:::")
    return "\n" + "\n\n".join(blocks) + "\n", renderer.actors


def sha256(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


# libyaml's dumper writes the same text as the pure-Python one, five times faster.
_YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_YAML_RESOLVER = yaml.resolver.Resolver()
_YAML_STR = "tag:yaml.org,2002:str"
# One line of printable characters, short enough never to wrap: the dumper writes it
# as it is or in single quotes, never escaped.
_PRINTABLE_LINE_RE = re.compile(
    "[\x20-\x7e\u00a1-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]{1,10000}"
)


def _dump_yaml(meta: dict[str, Any]) -> str:
    return yaml.dump(
        meta,
        Dumper=_YAML_DUMPER,
        allow_unicode=True,
        sort_keys=False,
        width=1_000_000,
        default_flow_style=False,
    )


@functools.lru_cache(maxsize=4096)
def _simple_scalar(value: str) -> str | None:
    """``value`` as the dumper writes it, or ``None`` when that is not plain to see."""
    if not _PRINTABLE_LINE_RE.fullmatch(value):
        return None
    quoted = "'" + value.replace("'", "''") + "'"
    if ": " in value or " #" in value or value.endswith((":", " ")) or value.startswith(" "):
        return quoted  # what YAML would read as a mapping, a comment, or spaces to drop
    if not (value[0].isascii() and value[0].isalnum()):
        return None  # the first character may be an indicator ("- ", "&", "*")
    plain = _YAML_RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _YAML_STR
    return value if plain else quoted  # "1310", "yes" would not read back as strings


def _dump_simple(meta: dict[str, Any]) -> str | None:
    """What :func:`_dump_yaml` writes for a flat mapping of simple strings, dates and
    lists of them (every post's front matter), without its per-value machinery; ``None``
    for anything else."""
    lines = []
    for key, value in meta.items():
        if _simple_scalar(key) != key:
            return None
        if type(value) is date:
            lines.append(f"{key}: {value.isoformat()}")
        elif isinstance(value, list):
            lines.append(f"{key}:" if value else f"{key}: []")
            for item in value:
                written = _simple_scalar(item) if isinstance(item, str) else None
                if written is None:
                    return None
                lines.append(f"- {written}")
        else:
            written = _simple_scalar(value) if isinstance(value, str) else None
            if written is None:
                return None
            lines.append(f"{key}: {written}")
    return "".join(f"{line}\n" for line in lines)


def front_matter(record: PostRecord) -> str:
    """The YAML front matter block, keys in the order docs/editing.md gives, values YAML-safe."""
    meta = record.front_matter()
    dumped = _dump_simple(meta)
    return f"---\n{_dump_yaml(meta) if dumped is None else dumped}---\n"


@dataclass
class RenderedPost:
    text: str  # the whole page
    body: str
    actors: list[str]


def render_post(
    update: Update,
    *,
    raw_sha256: str,
    raw_file: str,
    registry: MentionFinder | None = None,
) -> RenderedPost:
    """The whole post page: front matter and body."""
    if update.date is None or update.edition is None:
        raise ValueError("resolve the update's date and edition before rendering it")
    body, actors = render_body(update, registry)
    record = PostRecord(
        title=clean_inline(update.title),
        date=update.date,
        edition=update.edition,
        outlets=tuple(clean_inline(name) for name in update.outlets()),
        actors=tuple(actors),
        source_url=update.provenance.source_url or "",
        blogger_id=update.provenance.blogger_id or "",
        raw_sha256=raw_sha256,
        body_sha256=sha256(body),
        raw_file=raw_file,
    )
    return RenderedPost(text=front_matter(record) + body, body=body, actors=actors)
