"""One normalisation on both sides: bottomline/text.py and bottomline-fold.js agree.

The JavaScript runs in Chromium, as shipped in the built search test site, over a table of
inputs, every assigned code point, random mixtures, and Sphinx's stemmer on both sides.

``python tests/test_fold_parity.py --write`` regenerates the Unicode tables at the top of
bottomline-fold.js from this Python's ``unicodedata`` (after a Python upgrade).
"""

from __future__ import annotations

import json
import random
import sys
import unicodedata
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bottomline import text
from bottomline.sphinxext.search import BottomlineSearchLanguage
from bottomline.sphinxext.shared import ASSETS_DIR

FOLD_JS = ASSETS_DIR / "bottomline-fold.js"
BEGIN = "  // BEGIN GENERATED UNICODE TABLES (python tests/test_fold_parity.py --write)\n"
END = "  // END GENERATED UNICODE TABLES\n"


def _ranges(code_points: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for cp in code_points:
        if runs and runs[-1][1] == cp - 1:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp])
    return runs


def _js_char(cp: int) -> str:
    return f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\u{{{cp:x}}}"


def unicode_tables_js() -> str:
    """The generated block of bottomline-fold.js: what JavaScript lacks for ``fold``.

    - the code points ``unicodedata.combining`` drops (JavaScript has no combining class);
    - where ``str.casefold`` differs from ``toLowerCase`` for a code point that can still
      be there when ``fold`` casefolds (after NFKC and mark stripping).
    """
    combining = [cp for cp in range(0x110000) if unicodedata.combining(chr(cp))]
    klass = "".join(
        _js_char(a) if a == b else f"{_js_char(a)}-{_js_char(b)}" for a, b in _ranges(combining)
    )

    def stable(ch: str) -> bool:
        stripped = "".join(
            c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)
        )
        return (
            unicodedata.normalize("NFKC", ch) == ch and unicodedata.normalize("NFC", stripped) == ch
        )

    runs: list[list[int]] = []
    special: dict[str, str] = {}
    for cp in range(0x110000):
        ch = chr(cp)
        if ch.casefold() == ch.lower() or not stable(ch):
            continue
        folded = ch.casefold()
        if len(folded) != 1:
            special[ch] = folded
            continue
        delta = ord(folded) - cp
        if runs and runs[-1][1] == cp - 1 and runs[-1][2] == delta:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp, delta])
    special_js = ", ".join(
        f'"{_js_char(ord(k))}": "{"".join(_js_char(ord(c)) for c in v)}"'
        for k, v in sorted(special.items())
    )
    return (
        BEGIN
        + f'  const UNICODE_VERSION = "{unicodedata.unidata_version}";\n'
        + f"  const COMBINING_RE = /[{klass}]/gu;\n"
        + f"  const CASEFOLD_RUNS = {json.dumps(runs, separators=(',', ':'))};\n"
        + f"  const CASEFOLD_SPECIAL = {{{special_js}}};\n"
        + END
    )


def _current_block() -> str:
    source = FOLD_JS.read_text(encoding="utf-8")
    start, end = source.index(BEGIN), source.index(END) + len(END)
    return source[start:end]


def write_tables() -> None:
    source = FOLD_JS.read_text(encoding="utf-8")
    FOLD_JS.write_text(source.replace(_current_block(), unicode_tables_js()), encoding="utf-8")


def test_js_unicode_tables_match_this_python():
    assert _current_block() == unicode_tables_js(), (
        "bottomline-fold.js's Unicode tables are not this Python's "
        f"(unicodedata {unicodedata.unidata_version}): run python tests/test_fold_parity.py --write"
    )


# -- the inputs ----------------------------------------------------------------------------

TABLE = [
    # Latin, accents and case
    "Kata'ib Hezbollah", "Kata’ib Hezbollah", "Kataib Hezbollah", "KATA‘IB-HEZBOLLAH",
    "Kataʼib", "Kata`ib", "Kata´ib", "Kata′ib", "Kataʻib", "Kataʿib", "Kataʾib",
    "al-Nujaba", "al Nujaba", "Nujaba", "alNujaba", "AL–NUJABA", "al‐Nujaba", "al‑Nujaba",
    "Iraq—Turkey", "minus−sign", "S-400 deal", "S‒400", "F-16s", "e-mail",
    "Muqtadā al-Ṣadr", "Ṣadr", "Türkiye", "Erdoğan", "Ḥaydar al-ʿAbādī", "Nūrī al-Mālikī",
    "São Paulo", "Ångström", "Œuvre", "Straße", "STRASSE", "ẞ", "ﬁnance", "Ⅻ", "①②", "½",
    "İstanbul", "ıi", "ΣΊΣΥΦΟΣ", "ὈΔΥΣΣΕΎΣ", "ᾈ", "Ꭰꭰ", "ǅemal", "ǈ",
    "x\u0301y", "n\u0303", "A\u030a", "\u1e9b\u0323",
    # Arabic: hamza forms, taa marbuta, alef maqsura, diacritics, tatweel, the article
    "أحمد", "إبراهيم", "آية", "ٱلله", "ا", "مدرسة", "مدرسه", "مستشفى", "مستشفي",
    "كَتَائِبُ حِزْبِ اللهِ", "كتائب حزب الله", "حزبُ اللّٰه", "مـــحـــمـــد", "الحشد الشعبي",
    "والحشد", "بالحشد", "فالحشد", "كالحشد", "للحشد", "الى", "إلى", "ال", "الله", "لله",
    "البنك المركزي العراقي", "حركة النجباء", "النُّجَبَاء", "مقتدى الصدر", "ؤ ئ ء",
    "١٢٣ ٤٥٦", "٢٠٢٥", "۱۴۰۳",
    # Persian letters, mixed scripts, other scripts
    "ایران", "کرمانشاه", "پیشمرگه", "گرگان", "چای", "ژاله",
    "Kata'ib (كتائب) Hezbollah", "PMF/الحشد", "Asa'ib Ahl al-Haq — عصائب أهل الحق",
    "Курдистан", "Ελλάδα", "עִבְרִית", "हिन्दी", "日本語テキスト", "한국어", "ไทย",
    # emoji, symbols, spacing, numbers
    "🇮🇶 Iraq 🛢️ oil", "👍🏽", "oil 🛢 price", "S-400🚀", "a\u200db", "zero\u200bwidth",
    "  spaced\u00a0out\u202fwords\u2009here  ", "tab\tand\nnewline", "under_score", "x_y-z",
    "$1,310 per dollar", "1,415 dinars", "2025-09-24", "v2.0", "3rd", "",
    "١٬٣١٠ دينار", "1,310,000", "12,3456", "1,2,3", "000 007 0400", "F-16s 2026 ٢٠٢٦", "1٬310",
    "KH's statement", "the CBI’s auction", "Asa'ib's", "x'sy", "KH'S", "ﬁ's", "é's", "1's", "'s",
    "'", "’’", "--", "-al-", "al-", "-Nujaba", "a-b-c-d",
    # abbreviations with dots, letters and digits
    "U.S.", "the U.S.'s envoy", "U.S.’s", "U.N. envoy", "U.K", "a.m.", "U.S.-backed",
    "U.S.Army", "e.g., this", "Plan B. The", "1.5 billion", "x.1.b", "ab.c.d", "é.Ü.", "ك.ب",
    "...", "a..b", ".u.s.", "U. S.", "Kurdistan24", "24Kurdistan", "Kurdistan 24",
]  # fmt: skip


def test_search_words_join_numbers_and_name_compounds_only():
    assert text.search_words("$1,310 a dollar") == ["1310", "a", "dollar"]
    assert text.search_words("١٬٤٢٠ دينار") == ["1420", "دينار"]
    assert text.search_words("S-400") == ["s", "400", "s400"]
    assert text.search_words("the CBI’s auction") == ["the", "cbi", "auction"]
    assert text.search_words("Kata'ib") == ["kataib"]
    # Dates and ranges are not names: their parts only.
    assert text.search_words("2025-09-24") == ["2025", "09", "24"]
    assert text.search_words("2023–2025") == ["2023", "2025"]
    # Abbreviations with dots are one word, like the same letters without them.
    assert text.search_words("U.S. and U.N. envoys") == ["us", "and", "un", "envoys"]
    assert text.search_words("the U.S.’s plan, a.m.") == ["the", "us", "plan", "am"]
    assert text.search_words("U.S.-backed") == ["us", "backed", "usbacked"]
    assert text.search_words("1.5 and x.1.b") == ["1", "5", "and", "x", "1", "b"]
    assert text.search_words("Plan B. The") == ["plan", "b", "the"]
    words = ["400", "1310", "2025", "12", "5", "000", "0400", "s", "kh"]
    assert [w for w in words if text.is_search_word(w)] == ["400", "1310", "2025", "kh"]


def _random_inputs(count: int) -> list[str]:
    """Seeded mixtures of the characters that matter, to catch interactions."""
    alphabet = (
        "aAbKkÍéèÜüßİıΣσςŞşsS '’‘ʼ`´-–—‐−_ .,;:!?()«»\"0123456789...."
        "أإآاٱةهىيیکكئؤءحزبالنجشعدَُِّْٰـ١٢٣"
        "\u0301\u0308\u0323\u200d\u00a0🛢👍🏽🇮🇶Ꭰꭰﬁ½①٬٠"
    )
    rng = random.Random(20250924)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24))) for _ in range(count)]


def _assigned_code_points() -> list[str]:
    skip = {"Cn", "Co", "Cs"}
    return [chr(cp) for cp in range(0x110000) if unicodedata.category(chr(cp)) not in skip]


def _python_side(inputs: list[str]) -> dict[str, list[Any]]:
    return {
        "fold": [text.fold(s) for s in inputs],
        "nameKey": [text.name_key(s) for s in inputs],
        "searchWords": [text.search_words(s) for s in inputs],
        "searchParts": [list(text.search_parts(s)) for s in inputs],
        "kept": [[w for w in text.search_words(s) if text.is_search_word(w)] for s in inputs],
    }


JS_SIDE = """(inputs) => {
  const F = window.BottomlineFold;
  return {
    fold: inputs.map(F.fold),
    nameKey: inputs.map(F.nameKey),
    searchWords: inputs.map(F.searchWords),
    searchParts: inputs.map((s) => { const p = F.searchParts(s); return [p.words, p.compounds]; }),
    kept: inputs.map((s) => F.searchWords(s).filter(F.isSearchWord)),
  };
}"""


def _mismatches(inputs: list[str], python: dict[str, list[Any]], js: dict[str, list[Any]]):
    found = []
    for name, expected in python.items():
        for source, want, got in zip(inputs, expected, js[name], strict=True):
            if want != got:
                found.append((name, source, [hex(ord(c)) for c in source][:6], want, got))
    return found


@pytest.fixture
def site_page(page: Any, search_url: str) -> Any:
    page.goto(f"{search_url}index.html")
    page.wait_for_function("() => window.BottomlineFold !== undefined")
    return page


@pytest.mark.browser
def test_table_folds_the_same_in_python_and_javascript(site_page: Any):
    js = site_page.evaluate(JS_SIDE, TABLE)
    assert _mismatches(TABLE, _python_side(TABLE), js) == []
    # And the table really exercises the rules (not a tautology over empty strings).
    assert text.fold("Kata’ib") == "kataib" and js["fold"][TABLE.index("Kata’ib Hezbollah")] == (
        "kataib hezbollah"
    )
    assert js["searchWords"][TABLE.index("الحشد الشعبي")] == ["حشد", "شعبي"]


@pytest.mark.browser
def test_random_mixtures_fold_the_same(site_page: Any):
    inputs = _random_inputs(3000)
    js = site_page.evaluate(JS_SIDE, inputs)
    assert _mismatches(inputs, _python_side(inputs), js) == []


@pytest.mark.browser
def test_every_assigned_code_point_folds_the_same(site_page: Any):
    """Code point by code point, for every character this Python's Unicode assigns.

    A browser whose Unicode data is newer may still differ on characters whose properties
    Unicode changed since; none such is known between Unicode 14 and 16.
    """
    inputs = _assigned_code_points()
    js_fold = site_page.evaluate("(inputs) => inputs.map(window.BottomlineFold.fold)", inputs)
    python_fold = [text.fold(ch) for ch in inputs]
    bad = [
        (hex(ord(ch)), unicodedata.name(ch, "?"), want, got)
        for ch, want, got in zip(inputs, python_fold, js_fold, strict=True)
        if want != got
    ]
    assert bad == [], f"{len(bad)} code points differ, first: {bad[:10]}"


@pytest.mark.browser
def test_constants_and_stop_words_are_shared(site_page: Any):
    site_page.evaluate("() => BottomlineSearch.ready()")
    shared = site_page.evaluate(
        """() => ({apostrophes: BottomlineFold.APOSTROPHES, hyphens: BottomlineFold.HYPHENS,
                   articles: [...BottomlineFold.ARTICLES].sort(),
                   stopwords: [...window.stopwords].sort()})"""
    )
    assert shared["apostrophes"] == text.APOSTROPHES
    assert shared["hyphens"] == text.HYPHENS
    assert shared["articles"] == sorted(text.ARTICLES)
    assert shared["stopwords"] == sorted(BottomlineSearchLanguage.stopwords)


@pytest.mark.browser
def test_stemming_agrees(site_page: Any):
    """Sphinx's JavaScript English stemmer gives what PyStemmer gave the index."""
    words = sorted(
        {w for s in [*TABLE, *_random_inputs(300)] for w in text.search_words(s)}
        | {"militias", "elections", "mobilization", "governors", "parties", "sanctions"}
    )
    js = site_page.evaluate(
        "async (ws) => { const engine = await BottomlineSearch.ready();"
        " return ws.map(w => engine.stem(w)); }",
        words,
    )
    language = BottomlineSearchLanguage({})
    python = [language.stem(w).lower() for w in words]  # what IndexBuilder.feed stores
    assert [(w, p, j) for w, p, j in zip(words, python, js, strict=True) if p != j] == []


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write_tables()
        print(f"wrote Unicode {unicodedata.unidata_version} tables into {FOLD_JS}")
    else:
        sys.exit("usage: python tests/test_fold_parity.py --write")


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127)) | st.text(alphabet="aA1 ,.-'`sS_0"))
def test_ascii_search_parts_fast_path_equals_the_general_one(sample):
    assert text._ascii_search_parts(sample) == text._any_search_parts(sample)


_MIXED = st.sampled_from(["\n", "\n\n", " ", "-", "\u2019", "'s", ",", ".", "\u0627\u0644"])


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.characters(max_codepoint=127), max_size=12)
        | st.text(
            alphabet="aA1 ,.-'`sS_0\u2019\u2013\u00e9\u0627\u0644\u0661\u066c\u0301", max_size=12
        )
        | st.text(max_size=6)
        | _MIXED,
        max_size=12,
    ).map("".join)
)
def test_search_parts_line_by_line_equal_the_whole_text_at_once(sample):
    assert text.search_parts(sample) == text._any_search_parts(sample)
