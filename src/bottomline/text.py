"""Folding names and words the way readers type them.

One concept, one place: the importer, the actor registry and the search index all
fold text with these functions, and ``sphinxext/assets/bottomline-fold.js`` is their
JavaScript twin (``tests/test_fold_parity.py`` checks that both agree).
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

#: Every character readers (and Blogger, and Sphinx's smartquotes) use as an apostrophe.
APOSTROPHES = "'\u2019\u2018\u02bc\u02bb\u02b9\u0060\u00b4\u2032\u02bf\u02be"
#: Hyphens and dashes that join the parts of a name (``al-Nujaba``, ``Iraq–Turkey``).
HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"

_APOSTROPHE_RE = re.compile(f"[{re.escape(APOSTROPHES)}]")
# Arabic diacritics (harakat, shadda, sukun, superscript alef) and the tatweel.
_ARABIC_MARKS_RE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans(
    {
        "\u0623": "\u0627",  # أ -> ا
        "\u0625": "\u0627",  # إ -> ا
        "\u0622": "\u0627",  # آ -> ا
        "\u0671": "\u0627",  # ٱ -> ا
        "\u0629": "\u0647",  # ة -> ه
        "\u0649": "\u064a",  # ى -> ي
        "\u06cc": "\u064a",  # Persian ی -> ي
        "\u06a9": "\u0643",  # Persian ک -> ك
        # Arabic-Indic and Persian digits -> 0-9, so "١٣١٠" finds 1,310.
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
    }
)
_NON_WORD_RE = re.compile(r"[\W_]+")
#: Unicode's space separators (category Zs); none lies above U+3000.
SPACE_SEPARATORS = "".join(c for c in map(chr, range(0x3001)) if unicodedata.category(c) == "Zs")
#: Unicode's control characters (category Cc): U+0000-U+001F and U+007F-U+009F.
CONTROLS = "".join(c for c in map(chr, range(0xA0)) if unicodedata.category(c) == "Cc")


# What normalise_space changes: a run of spaces and tabs, or one tab (a single space,
# most of them, stays as it is).
_SPACE_RUN_RE = re.compile(r"[ \t\f\v]{2,}|[\t\f\v]")


def normalise_space(text: str) -> str:
    """Non-breaking and other odd spaces become plain spaces; runs collapse to one."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    return _SPACE_RUN_RE.sub(" ", text).strip()


def _fold_letters(text: str) -> str:
    """``fold`` before separators collapse: letters folded, punctuation still in place."""
    if text.isascii():
        # The same result, fast: ASCII is already normalised, has no marks and no Arabic,
        # and casefolds as it lowercases (most of an English archive's text).
        return _APOSTROPHE_RE.sub("", text).lower()
    text = unicodedata.normalize("NFKC", text)
    text = _APOSTROPHE_RE.sub("", text)
    text = _ARABIC_MARKS_RE.sub("", text)
    text = text.translate(_ARABIC_LETTERS)
    # Combining marks are never ASCII: only the runs of other characters are filtered.
    text = _NON_ASCII_RUN_RE.sub(_drop_combining, unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFC", text).casefold()


_NON_ASCII_RUN_RE = re.compile(r"[^\x00-\x7f]+")


def _drop_combining(match: re.Match[str]) -> str:
    return "".join(ch for ch in match[0] if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Fold ``text`` for matching: case, accents, apostrophes, Arabic letter variants.

    Apostrophes disappear (``Kata’ib`` -> ``kataib``), hyphens become spaces
    (``al-Nujaba`` -> ``al nujaba``), Latin accents and Arabic diacritics are dropped
    and the usual Arabic letter variants are unified.  Word boundaries survive, so the
    result can still be split into words.
    """
    return _NON_WORD_RE.sub(" ", _fold_letters(text)).strip()


@functools.lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """The key two spellings of one name share: folded, with every separator removed.

    ``Kata'ib Hezbollah``, ``Kata’ib-Hezbollah`` and ``KATAIB HEZBOLLAH`` all give
    ``kataibhezbollah``.  Cached: the same few hundred names are looked up for every post.
    """
    return fold(text).replace(" ", "")


def slugify(text: str) -> str:
    """A lowercase ASCII slug: apostrophes dropped, other separators as ``-``.

    ``Kata’ib Sayyid al-Shuhada`` -> ``kataib-sayyid-al-shuhada``.  Text with no Latin
    letters at all (an Arabic-only name) keeps its folded letters; a name with no letters
    or digits at all (``---``) gets ``name-`` and a hash of it, so the slug is never empty
    for a non-empty name.
    """
    folded = fold(text)
    ascii_only = folded.encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")
    if slug:
        return slug
    slug = re.sub(r"\s+", "-", folded).strip("-")
    if re.search(r"[^\W_]", slug) or not text:
        return slug
    digest = hashlib.blake2s(text.encode("utf-8", "surrogatepass"), digest_size=5)
    return f"name-{digest.hexdigest()}"


# --- search words: what the search index stores and the browser looks up ---------------
# The JavaScript twin of everything below is ``searchWords`` in bottomline-fold.js.

#: Articles that carry no meaning on their own: ``al-Nujaba`` and ``Nujaba`` are one name.
ARTICLES = frozenset({"al", "el", "\u0627\u0644"})
#: Arabic prefixes of the article ("ال", with "و", "ب", "ف", "ك" before it, and "لل").
ARABIC_ARTICLE_PREFIXES = (
    "\u0648\u0627\u0644",  # وال
    "\u0628\u0627\u0644",  # بال
    "\u0641\u0627\u0644",  # فال
    "\u0643\u0627\u0644",  # كال
    "\u0644\u0644",  # لل
    "\u0627\u0644",  # ال
)
_HYPHEN_RE = re.compile(f"[{re.escape(HYPHENS)}]")
# Letters and digits joined by hyphens: "al-Nujaba", "S-400", "Iraq–Turkey".
_COMPOUND_RE = re.compile(rf"[^\W_]+(?:[{re.escape(HYPHENS)}][^\W_]+)+")
# A number written with thousands separators (Latin or Arabic): "1,310", "١٬٣١٠".
_THOUSANDS_RE = re.compile("(?<![0-9])[0-9]{1,3}(?:[,\u066c][0-9]{3})+(?![0-9])")
_THOUSANDS_SEPARATOR_RE = re.compile("[,\u066c]")
# An English possessive: "KH's", "the CBI’s", "the U.S.'s" (before the apostrophe goes:
# "khs" is no word).
_POSSESSIVE_RE = re.compile(
    rf"(?:(?<=[^\W_])|(?<=[^\W_]\.))[{re.escape(APOSTROPHES)}][sS](?![^\W_])"
)
# An abbreviation written with dots: single letters, each but the last followed by one
# ("U.S.", "U.N.", "a.m.").  Joined, it is the word readers type ("us", "un").  Candidates
# may hold digits ("1.5"): only all-letter ones are joined (see _join_dotted).
_DOTTED_RE = re.compile(r"(?<![^\W_])[^\W_](?:\.[^\W_])+\.?(?![^\W_])")
#: Shortest bare number worth indexing: "400" (S-400) and "1310" yes, "12" and "5" no.
MIN_NUMBER_DIGITS = 3


def strip_arabic_article(word: str) -> str:
    """``الحشد`` -> ``حشد``: the article (and a conjunction or preposition before it) goes.

    At least two letters must remain, so short words that merely start like the article
    survive.  Applied to the index and to queries alike, so both sides always agree.
    """
    if word.isascii():
        return word
    for prefix in ARABIC_ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix) :]
    return word


def _join_number(match: re.Match[str]) -> str:
    return _THOUSANDS_SEPARATOR_RE.sub("", match[0])


def _join_dotted(match: re.Match[str]) -> str:
    joined = match[0].replace(".", "")
    return joined if joined.isalpha() else match[0]


def search_parts(text: str) -> tuple[list[str], list[str]]:
    """:func:`search_words` in two lists: the words of ``text`` in order, then the joined
    compounds.  Phrases are matched on the first list (``searchParts`` in JavaScript)."""
    if text.isascii():
        return _ascii_search_parts(text)
    if "\n" not in text:
        return _any_search_parts(text)
    # Line by line: no word, compound, number or possessive spans a line break, so the
    # lists are the lines' lists joined, and the ASCII lines (most of a post's text, even
    # one with a name in Arabic or a curly quote) take the fast path.
    words: list[str] = []
    compounds: list[str] = []
    for line in text.split("\n"):
        line_words, line_compounds = (
            _ascii_search_parts(line) if line.isascii() else _any_search_parts(line)
        )
        words += line_words
        compounds += line_compounds
    return words, compounds


def _any_search_parts(text: str) -> tuple[list[str], list[str]]:
    text = _POSSESSIVE_RE.sub("", unicodedata.normalize("NFKC", text))
    letters = _THOUSANDS_RE.sub(_join_number, _fold_letters(text))
    letters = _DOTTED_RE.sub(_join_dotted, letters)
    words = [strip_arabic_article(w) for w in _NON_WORD_RE.split(letters) if w]
    compounds = []
    for compound in _COMPOUND_RE.findall(letters):
        if not any(ch.isalpha() for ch in compound):
            continue  # dates and ranges ("2025-09-24", "2023–2025") are not names
        parts = [strip_arabic_article(p) for p in _HYPHEN_RE.split(compound)]
        if parts[0] in ARTICLES:
            parts = parts[1:]
        if len(parts) > 1:
            compounds.append("".join(parts))
    return words, compounds


def _ascii_search_parts(text: str) -> tuple[list[str], list[str]]:
    # search_parts for ASCII text (most of an English archive), the same result: NFKC and
    # the Arabic article change no ASCII, and each pattern runs only where the character
    # it needs is present (the apostrophe, the comma, the dot, the hyphen).
    if "'" in text or "`" in text:
        text = _POSSESSIVE_RE.sub("", text)
        text = _APOSTROPHE_RE.sub("", text)
    letters = text.lower()
    if "," in letters:
        letters = _THOUSANDS_RE.sub(_join_number, letters)
    if "." in letters:
        letters = _DOTTED_RE.sub(_join_dotted, letters)
    words = [w for w in _NON_WORD_RE.split(letters) if w]
    if "-" not in letters:
        return words, []
    compounds = []
    for compound in _COMPOUND_RE.findall(letters):
        if not any(ch.isalpha() for ch in compound):
            continue
        parts = compound.split("-")
        if parts[0] in ARTICLES:
            parts = parts[1:]
        if len(parts) > 1:
            compounds.append("".join(parts))
    return words, compounds


def search_words(text: str) -> list[str]:
    """The words the search index stores for ``text`` (before stemming and stop words).

    Folded like :func:`fold`, with the Arabic article stripped from each word, plus the
    joined form of every hyphenated compound (``S-400`` -> ``s``, ``400``, ``s400``) so a
    reader who types it joined finds it.  Numbers lose their thousands separators
    (``1,310`` -> ``1310``), names their possessive (``KH's`` -> ``kh``), abbreviations
    their dots (``U.S.`` -> ``us``, one word, as in ``US``).  A leading Latin article joins
    nothing: ``al-Nujaba`` gives ``al`` (a stop word) and ``nujaba``.
    """
    words, compounds = search_parts(text)
    return words + compounds


def is_search_word(word: str) -> bool:
    """Whether a search word is worth indexing: not a lone Latin letter, not a short number.

    Numbers of three digits or more are kept: readers look up rates and models
    (``1310``, ``400``); one- and two-digit numbers (and ``000``) mean little alone.
    """
    if word.isdecimal():
        return len(word) >= MIN_NUMBER_DIGITS and not word.startswith("0")
    return bool(word) and not (len(word) == 1 and word.isascii())
