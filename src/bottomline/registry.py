"""The actor registry: who the archive knows, by every name readers use.

Pure Python, no Sphinx: the importer uses it to link mentions and report unknown
actors, ``bottomline actors check`` to find unlinked mentions.  Actor pages
(``actors/<slug>.md``, format in docs/editing.md, "The actor page format") are the only
source.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick
import yaml

from bottomline.formats import split_front_matter
from bottomline.records import ActorRecord, parse_actor_meta
from bottomline.text import APOSTROPHES, HYPHENS, fold, name_key, slugify

#: The registry's actors are the records every reader shares.
Actor = ActorRecord


class RegistryError(ValueError):
    """An actor page is unusable; the message starts with the file it is about."""


@dataclass(frozen=True)
class Mention:
    """``text[start:end]`` names the actor ``slug``."""

    start: int
    end: int
    slug: str


# --- folding with an offset map -------------------------------------------------------


@dataclass
class _Folded:
    """``text`` folded, with a map back to where each folded character came from.

    The map is sparse: folded character ``i`` comes from ``origins[r] + i - starts[r]``
    for the last run ``r`` with ``starts[r] <= i``.  A run starts where the offset
    between folded and original text changes (a dropped apostrophe, ", " folded to one
    space), so most texts need a few runs, not one entry per character.
    """

    text: str
    starts: list[int]  # folded offset of each run's first character
    origins: list[int]  # original offset of each run's first character
    soft_ends: set[int] = field(default_factory=set)  # folded offsets right after an apostrophe

    def origin(self, index: int) -> int:
        """The offset in the original text of folded character ``index``."""
        run = bisect.bisect_right(self.starts, index) - 1
        return self.origins[run] + index - self.starts[run]


def _runs(origin: Sequence[int]) -> tuple[list[int], list[int]]:
    """A per-character origin list as the runs of :class:`_Folded`."""
    starts: list[int] = []
    origins: list[int] = []
    for index, source in enumerate(origin):
        if not index or source != origin[index - 1] + 1:
            starts.append(index)
            origins.append(source)
    return starts, origins


def _fold_with_offsets(text: str) -> _Folded:
    # text.fold works on whole strings; here each character goes through it alone so
    # every folded character keeps its original offset.  Separators become one space,
    # apostrophes and combining marks vanish, like in fold().
    return _fold_ascii_with_offsets(text) if text.isascii() else _fold_any_with_offsets(text)


def _fold_by_character(text: str) -> _Folded:
    """The fold of :func:`_fold_with_offsets`, defined one character at a time: what its
    faster ways (tested to give the same) do."""
    out: list[str] = []
    origin: list[int] = []
    soft_ends: set[int] = set()
    for index, char in enumerate(text):
        if char in APOSTROPHES:
            soft_ends.add(len(out))
            continue
        folded, category = _fold_char(char)
        if category == "M":
            continue
        if not folded:
            if category == "L":  # the tatweel and friends: part of a word
                continue
            if out and out[-1] != " ":
                out.append(" ")
                origin.append(index)
            continue
        for folded_char in folded:
            out.append(folded_char)
            origin.append(index)
    return _Folded("".join(out), *_runs(origin), soft_ends)


# Any text in pieces: ASCII words with single spaces between them (folded by lowering), a
# run of other ASCII characters but apostrophes (one separator), or any other character.
_PIECE_RE = re.compile(
    r"[A-Za-z0-9]+(?: [A-Za-z0-9]+)*|[\x00-\x26\x28-\x2f\x3a-\x40\x5b-\x5f\x7b-\x7f]+|.",
    re.DOTALL,
)


def _fold_any_with_offsets(text: str) -> _Folded:
    # _fold_by_character a piece at a time: most characters of a text with some Arabic in
    # it are still ASCII, which folds a word at a time.
    out: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    soft_ends: set[int] = set()
    size = 0
    follows = -1  # the original offset that continues the last run
    for piece in _PIECE_RE.finditer(text):
        chunk, index = piece[0], piece.start()
        first = chunk[0]
        if first in APOSTROPHES:
            soft_ends.add(size)
            continue
        if first.isascii():
            folded = chunk.lower() if first.isalnum() else ""
        else:
            folded, category = _fold_char(first)
            if category == "M" or (not folded and category == "L"):
                continue  # a combining mark, the tatweel: part of the word
        if not folded:  # a separator
            if not size or out[-1][-1] == " ":
                continue
            folded = " "
        if index != follows:
            starts.append(size)
            origins.append(index)
        if len(chunk) == 1 and len(folded) > 1:  # "ß" -> "ss": each comes from the one "ß"
            starts.extend(range(size + 1, size + len(folded)))
            origins.extend([index] * (len(folded) - 1))
            follows = index + 1
        else:
            follows = index + len(folded)
        out.append(folded)
        size += len(folded)
    return _Folded("".join(out), starts, origins, soft_ends)


# ASCII folds a byte at a time: letters lowered, digits kept, apostrophes dropped, any
# other byte a separator (a space).
_ASCII_APOSTROPHES = b"'`"
_ASCII_FOLD = bytes(
    (byte | 0x20 if chr(byte).isalpha() else byte) if chr(byte).isalnum() else 0x20
    for byte in range(256)
)
# The gaps between words that move offsets (all but one separator after a word, which
# folds to one space in place): longer gaps, apostrophes, a gap the text starts with.
# Written to start with a character class, which the regex engine scans for fast.
_ASCII_SHIFTING_GAP_RE = re.compile(
    r"[^a-z0-9](?:(?<=['`])[^a-z0-9]*|[^a-z0-9]+|(?<=\A.))", re.DOTALL
)


def _fold_ascii_with_offsets(text: str) -> _Folded:
    # The same result as the general loop for ASCII text (most of an English archive):
    # ASCII has no marks and folds as it lowercases; apostrophes vanish and every gap
    # with a separator in it becomes one space, except at the start.
    spaced_out = text.encode("ascii").translate(_ASCII_FOLD, _ASCII_APOSTROPHES)
    words = spaced_out.split()
    trailing = b" " if words and spaced_out.endswith(b" ") else b""
    folded = (b" ".join(words) + trailing).decode("ascii")
    if len(folded) == len(text):  # nothing dropped or merged: no offset moves
        return _Folded(folded, [0] if folded else [], [0] if folded else [])
    lower = text.lower()
    starts: list[int] = []
    origins: list[int] = []
    soft_ends: set[int] = set()
    if lower[0].isalnum():
        starts.append(0)
        origins.append(0)
    removed = 0  # original offset minus folded offset, after the gaps seen so far
    for gap in _ASCII_SHIFTING_GAP_RE.finditer(lower):
        begin, stop = gap.span()
        at = begin - removed  # where the gap's space (if any) goes in the folded text
        separator = stop - len(gap[0].lstrip("'`"))
        spaced = begin > 0 and separator < stop  # the space goes at the first separator
        for index in range(begin, stop):
            if lower[index] in "'`":
                soft_ends.add(at + (spaced and index > separator))
        if spaced and separator != begin:
            starts.append(at)
            origins.append(separator)
        after = at + spaced  # the next word, if there is one
        if stop < len(lower) and not (spaced and separator + 1 == stop):
            starts.append(after)
            origins.append(stop)
        removed = stop - after
    return _Folded(folded, starts, origins, soft_ends)


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> tuple[str, str]:
    """One character folded (``""`` for a separator), and its Unicode category's letter."""
    category = unicodedata.category(char)[0]
    if category == "M":
        return "", category
    return (fold(char) if char not in HYPHENS else ""), category


def _fold_alias(alias: str) -> str:
    return _fold_with_offsets(alias).text.strip()


def _is_abbreviation(alias: str) -> bool:
    """``KH``, ``PMF``: every cased letter upper case, so matched case-sensitively."""
    letters = [char for char in alias if char.isalpha()]
    return bool(letters) and any(c.isupper() for c in letters) and alias == alias.upper()


def _letters(text: str) -> str:
    return re.sub(r"\W", "", text)


# Spans of text that are already links or code: never look for mentions inside them.
_LINKISH_RE = re.compile(
    r"""
      \{[\w:-]+\}`[^`]*`            # a MyST role: {actor}`KH`, {outlet}`Reuters`
    | `[^`\n]*`                     # inline code
    | !?\[[^\]\n]*\]\([^)\n]*\)     # a Markdown link or image
    | <[a-z][\w+.-]*:[^>\s]*>       # an autolink <https://…>
    | (?:https?|ftp)://\S+          # a bare URL
    | \bwww\.\S+
    | \S+@\S+\.\w+                  # an e-mail address
    """,
    re.VERBOSE | re.IGNORECASE,
)


# Something every match of _LINKISH_RE holds: most texts hold none, and these few
# searches cost much less than the whole pattern tried at every offset.
_WWW_RE = re.compile(r"www\.", re.IGNORECASE)


def _may_have_links(text: str) -> bool:
    return (
        "`" in text
        or "[" in text
        or "<" in text
        or "@" in text
        or "://" in text
        or _WWW_RE.search(text) is not None
    )


def linkish_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that are links, roles or code, where no mention may start."""
    if not _may_have_links(text):
        return []
    return [match.span() for match in _LINKISH_RE.finditer(text)]


def _without_links(text: str) -> str:
    """``text`` with its links, roles and code blanked out."""
    return _LINKISH_RE.sub(" ", text) if _may_have_links(text) else text


#: Texts whose mentions a registry remembers before it starts again.
_MENTION_CACHE_SIZE = 50_000

# --- the registry ---------------------------------------------------------------------


class Registry:
    """Every known actor, looked up by any spelling of any of its names."""

    def __init__(self, actors: Iterable[Actor] = ()) -> None:
        self.actors: dict[str, Actor] = {}
        #: The page each actor was read from, when it was read from one.
        self.paths: dict[str, Path] = {}
        self._by_key: dict[str, str] = {}
        # folded alias -> (slug, exact forms when only abbreviations have this fold)
        self._patterns: dict[str, tuple[str, set[str] | None]] = {}
        self._automaton: ahocorasick.Automaton | None = None
        # Mentions per text: the importer looks for them twice in each bullet (to link
        # them and to find new names), the actors check once per line.
        self._mentions: dict[str, tuple[Mention, ...]] = {}
        for actor in actors:
            self.add(actor)

    def where(self, slug: str) -> str:
        """How messages name the page of ``slug``: ``actors/x.md``, or the slug."""
        path = self.paths.get(slug)
        return _display(path) if path is not None else slug

    def add(self, actor: Actor, path: Path | None = None) -> None:
        """Add ``actor``; a name another actor already uses is a :class:`RegistryError`."""
        where = _display(path) if path is not None else actor.slug
        if actor.slug in self.actors:
            raise RegistryError(
                f"{where}: slug {actor.slug!r} already used by {self.where(actor.slug)}"
            )
        keys: dict[str, str] = {}
        for alias in actor.names:
            key = name_key(alias)
            if not key:
                raise RegistryError(f"{where}: alias {alias!r} has no letters")
            owner = self._by_key.get(key)
            if owner is not None and owner != actor.slug:
                raise RegistryError(
                    f"{where}: alias {alias!r} is also claimed by {self.where(owner)}"
                )
            keys[key] = alias
        self.actors[actor.slug] = actor
        if path is not None:
            self.paths[actor.slug] = path
        for key in keys:
            self._by_key[key] = actor.slug
        self._mentions.clear()
        # The slug resolves too ({actor}`kataib-hezbollah`), unless it is someone's alias.
        self._by_key.setdefault(name_key(actor.slug), actor.slug)
        for alias in actor.names:
            folded = _fold_alias(alias)
            slug, exact = self._patterns.get(folded, (actor.slug, set()))
            if _is_abbreviation(alias):
                if exact is not None:
                    exact.add(_letters(alias))
            else:
                exact = None
            self._patterns[folded] = (slug, exact)
        self._automaton = None

    def resolve(self, alias: str) -> Actor | None:
        """The actor called ``alias`` (any case, apostrophe or hyphen form), or its slug."""
        slug = self._by_key.get(name_key(alias))
        if slug is None and alias in self.actors:
            slug = alias
        return None if slug is None else self.actors[slug]

    def _get_automaton(self) -> ahocorasick.Automaton:
        if self._automaton is None:
            automaton = ahocorasick.Automaton()
            for folded, (slug, exact) in self._patterns.items():
                automaton.add_word(folded, (len(folded), slug, exact))
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def find_mentions(
        self, text: str, skip: Sequence[tuple[int, int]] | None = None
    ) -> list[Mention]:
        """Non-overlapping mentions of known names in ``text``, in text order.

        Longest match wins; a match never starts or ends inside a word, never touches a
        span of ``skip`` (default: the links, roles and code in ``text``).  Apostrophe,
        hyphen and case variants match; all-caps abbreviations only in capitals.
        """
        if not self._patterns or not text:
            return []
        if skip is None:
            cached = self._mentions.get(text)
            if cached is None:
                if len(self._mentions) > _MENTION_CACHE_SIZE:
                    self._mentions.clear()
                cached = self._mentions[text] = tuple(self._find(text, linkish_spans(text)))
            return list(cached)
        return self._find(text, list(skip))

    def _find(self, text: str, skip: Sequence[tuple[int, int]]) -> list[Mention]:
        folded = _fold_with_offsets(text)
        haystack = folded.text
        candidates: list[tuple[int, int, str]] = []  # (start, end) in the original text
        for last, (length, slug, exact) in self._get_automaton().iter(haystack):
            begin, stop = last - length + 1, last + 1
            if not _at_word_start(haystack, begin) or not _at_word_end(folded, stop):
                continue
            start, end = folded.origin(begin), folded.origin(stop - 1) + 1
            while end < len(text) and _is_mark(text[end]):
                end += 1
            if exact is not None and _letters(text[start:end]) not in exact:
                continue
            if any(start < skip_end and skip_start < end for skip_start, skip_end in skip):
                continue
            candidates.append((start, end, slug))
        if not candidates:
            return []
        # Longest first, then leftmost; keep what does not overlap an earlier pick.
        candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
        chosen: list[Mention] = []
        for start, end, slug in candidates:
            if all(end <= m.start or m.end <= start for m in chosen):
                chosen.append(Mention(start, end, slug))
        return sorted(chosen, key=lambda m: m.start)


def _is_mark(char: str) -> bool:
    return unicodedata.category(char).startswith("M") or char == "\u0640"


def _at_word_start(haystack: str, begin: int) -> bool:
    return begin == 0 or haystack[begin - 1] == " "


def _at_word_end(folded: _Folded, stop: int) -> bool:
    haystack = folded.text
    if stop == len(haystack) or haystack[stop] == " ":
        return True
    # A possessive: "Kata'ib Hezbollah's" mentions Kata'ib Hezbollah.
    return (
        stop in folded.soft_ends
        and haystack[stop] == "s"
        and (stop + 1 == len(haystack) or haystack[stop + 1] == " ")
    )


# --- loading actor pages --------------------------------------------------------------


def _display(path: Path) -> str:
    """``actors/x.md``: the file as users name it."""
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


def read_actor(path: Path) -> Actor:
    """The actor described by the front matter of the page at ``path``."""
    where = _display(path)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RegistryError(f"{where}: cannot read: {error}") from error
    return _parse_actor(where, path.stem, source)


# A process that imports again reads the same pages again: each is parsed once (YAML
# costs more than the rest of loading the registry).  Actors are immutable.
@functools.lru_cache(maxsize=4096)
def _parse_actor(where: str, stem: str, source: str) -> Actor:
    split = split_front_matter(source)
    if split is None:
        raise RegistryError(f"{where}: no front matter (--- … ---) at the top")
    try:
        meta = yaml.safe_load(split.yaml)
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or "cannot parse"
        mark = getattr(error, "problem_mark", None)
        if mark is not None:  # the front matter starts on the file's second line
            problem = f"line {mark.line + 2}: {problem}"
        raise RegistryError(f"{where}: bad YAML in front matter: {problem}") from error
    if not isinstance(meta, dict):
        raise RegistryError(f"{where}: front matter is not a mapping of keys")
    actor, problems = parse_actor_meta(meta, stem)
    if problems or actor is None:
        raise RegistryError(f"{where}: {problems[0] if problems else 'not an actor page'}")
    return actor


def load_registry(actors_dir: Path) -> Registry:
    """Every actor page in ``actors_dir`` (``index.md``, the glossary, is not one)."""
    registry = Registry()
    for path in sorted(Path(actors_dir).glob("*.md")):
        if path.name == "index.md":
            continue
        registry.add(read_actor(path), path)
    for actor in registry.actors.values():
        for slug in actor.affiliations:
            if slug not in registry.actors:
                raise RegistryError(f"{registry.where(actor.slug)}: unknown affiliation {slug!r}")
            if slug == actor.slug:
                raise RegistryError(f"{registry.where(actor.slug)}: affiliated with itself")
    return registry


# --- names that look like actors ------------------------------------------------------

# Words that make a capitalised run look like the name of an actor (compared folded).
_ACTOR_WORDS = frozenset(
    {
        *("kataib", "katibat", "harakat", "brigades", "brigade", "battalions", "saraya"),
        *("asaib", "hezbollah", "hizballah", "hizbullah", "movement", "party", "ministry"),
        *("organization", "organisation", "front", "forces", "coalition", "alliance", "bank"),
        *("militia", "resistance", "army", "council", "commission", "authority", "company"),
        *("corporation", "bloc", "tayyar", "jaysh", "ansar", "badr", "agency", "committee"),
        *("group", "union", "current"),
    }
)
_APOS = re.escape(APOSTROPHES)
_HYPH = re.escape(HYPHENS)
# A word that starts with a capital (also after "al-"), or with "al-": its apostrophes
# and hyphens are part of it; a trailing possessive is not.
_CAP_WORD = rf"(?:[Aa][lL][{_HYPH}])?[A-Z][\w{_APOS}{_HYPH}]*"
# "and" and "in" are not joiners: "Badr and Kata'ib Hezbollah" are two names.
_JOIN_WORD = r"(?:of|the|for|al|ahl|wa|bin|ibn|el|ad|an|as|ash|at|az)"
_RUN_RE = re.compile(rf"{_CAP_WORD}(?:[ \u00a0]+(?:{_JOIN_WORD}[ \u00a0]+)*{_CAP_WORD})*")
_POSSESSIVE_RE = re.compile(rf"[{_APOS}]s$")
# Also typed without its apostrophe: "Kataib Hezbollahs words".
_ANY_POSSESSIVE_RE = re.compile(rf"(?<=\w)[{_APOS}]?s$", re.I)
_LEADING_RE = re.compile(
    r"^(?:(?:The|A|An|In|On|At|By|For|From|And|But|While|Meanwhile|Last|This|Next|Then|Also"
    r"|After|Before|Under|With|As|If|When|Since|During|Today|Yesterday|Earlier|Later|Now"
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s+)+"
)
_STUB_NAME_RE = re.compile(rf"^[\w .&{_APOS}{_HYPH}]+$")


def _looks_like_actor(name: str) -> bool:
    words = fold(name).split()
    if any(word in _ACTOR_WORDS for word in words):
        return True
    return bool(re.search(rf"\b[Aa]l[{_HYPH}]\w", name))


def _without_possessive(name: str) -> str | None:
    """``name`` without a trailing "'s", "’s" or bare "s", or ``None`` if it has none."""
    if name.removesuffix("\n")[-1:] not in ("s", "S", "\u017f"):  # "s" in any case, at "$"
        return None
    stripped = _ANY_POSSESSIVE_RE.sub("", name)
    return stripped if stripped != name else None


def _known_possessive(words: list[str], registry: Registry) -> tuple[int, int] | None:
    """The first span of ``words`` that is a known actor's name with a possessive on its
    last word, with or without the apostrophe ("Kataib Hezbollahs"), longest first."""
    for end, word in enumerate(words):
        base = _without_possessive(word)
        if base is None:
            continue
        for start in range(end + 1):
            if registry.resolve(" ".join([*words[start:end], base])) is not None:
                return start, end + 1
    return None


def _run_parts(run: str, registry: Registry) -> Iterator[str]:
    """A capitalised run, cut around the known actors in it that :meth:`Registry.find_mentions`
    does not see: possessives typed without an apostrophe."""
    words = run.split()
    while words:
        span = _known_possessive(words, registry)
        if span is None:
            yield " ".join(words)
            return
        yield " ".join(words[: span[0]])
        words = words[span[1] :]


def distinct_candidates(names: Iterable[str]) -> list[str]:
    """``names`` once each (compared folded), in order; "Saraya al-Dams" is left out when
    "Saraya al-Dam" is there too: one actor, one stub page."""
    by_key: dict[str, str] = {}
    for name in names:
        by_key.setdefault(name_key(name), name)
    return [
        name
        for name in by_key.values()
        if (base := _without_possessive(name)) is None or name_key(base) not in by_key
    ]


def find_candidates(text: str, registry: Registry) -> list[str]:
    """Capitalised runs of words in ``text`` that look like actors the registry lacks.

    Known mentions are cut out first, so ``the Iraqi Ministry of Oil`` is no candidate
    when ``Ministry of Oil`` is known; so is a known name in the possessive, with or
    without its apostrophe ("Kataib Hezbollahs words").  No candidate resolves to a
    known actor.  Each name is returned once, in text order.
    """
    pieces: list[str] = []
    cursor = 0
    for mention in registry.find_mentions(text):
        pieces.append(text[cursor : mention.start])
        cursor = mention.end
    pieces.append(text[cursor:])
    found: list[str] = []
    for piece in pieces:
        piece = _without_links(piece)
        for match in _RUN_RE.finditer(piece):
            if len(match.group(0).split()) < 2:
                continue  # its parts are one word at most, no candidate (see below)
            for part in _run_parts(match.group(0), registry):
                name = _POSSESSIVE_RE.sub("", part).strip()
                name = _LEADING_RE.sub("", name)
                name = name.rstrip("".join(HYPHENS) + APOSTROPHES)
                if len(name.split()) < 2:
                    # One word ("Brigades", "al-Sumaria") is too little to tell an actor.
                    continue
                if not _looks_like_actor(name) or registry.resolve(name) is not None:
                    continue
                found.append(name)
    return distinct_candidates(found)


def _guess_kind(name: str) -> str:
    words = set(fold(name).split())
    state_words = {"ministry", "council", "commission", "authority", "agency", "committee"}
    if words & state_words or {"central", "bank"} <= words:
        return "state-body"
    if words & {"bank", "company", "corporation"}:
        return "company"
    if words & {"party", "movement", "coalition", "alliance", "bloc", "current", "tayyar"}:
        return "party"
    if words & {"kataib", "harakat", "brigades", "saraya", "asaib", "jaysh"}:
        return "armed-group"
    if words & {"hezbollah", "hizballah", "forces", "front", "militia", "resistance", "army"}:
        return "armed-group"
    return "person"


def write_stub(actors_dir: Path, name: str) -> Path:
    """Create ``actors_dir/<slug>.md``, a stub page for ``name``; never overwrite a file.

    The kind is a guess from the name's words and the page says it is a stub, for a
    maintainer to check.  Raises :class:`FileExistsError` when the page exists and
    :class:`ValueError` for a name with characters that do not belong in a name.
    """
    name = " ".join(name.split())
    if not name or not _STUB_NAME_RE.match(name):
        raise ValueError(f"not a usable actor name: {name!r}")
    slug = slugify(name)
    path = Path(actors_dir) / f"{slug}.md"
    front_matter = yaml.safe_dump(
        {"name": name, "kind": _guess_kind(name), "aliases": [], "affiliations": []},
        allow_unicode=True,
        sort_keys=False,
    )
    body = (
        f"---\n{front_matter}---\n\n"
        "% Stub created by `bottomline ingest --new-actors`: check the kind, add aliases\n"
        "% and affiliations, and write a short neutral profile.\n\n"
        f"# {name}\n\n"
        "No profile yet.\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as stream:  # "x": refuses an existing file
        stream.write(body)
    return path
