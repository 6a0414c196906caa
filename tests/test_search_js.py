"""The DOM-free search scripts, table-driven in one blank Chromium page.

``bottomline-search-query.js`` and ``bottomline-search-engine.js`` (with
``bottomline-fold.js`` and the built test site's ``language_data.js`` for Sphinx's stemmer
and stop words) run in ``about:blank``: no site, no server, no DOM.  The cases are data in
``tests/fixtures/search-js/``: parsing of words, abbreviations, numbers and phrases
(``parse.toml``), dates and editions (``dates.toml``), typo distance (``distance.toml``,
and random pairs against the Python version below), and ranking on a small fixed index
(``rank.toml`` on ``index.json``).
"""

from __future__ import annotations

import json
import random
import tomllib
from pathlib import Path
from typing import Any

import pytest

from bottomline.sphinxext.shared import ASSETS_DIR

CASES = Path(__file__).resolve().parent / "fixtures" / "search-js"
SCRIPTS = ("bottomline-fold.js", "bottomline-search-query.js", "bottomline-search-engine.js")

pytestmark = pytest.mark.browser


def _cases(name: str) -> list[dict[str, Any]]:
    with open(CASES / f"{name}.toml", "rb") as stream:
        return list(tomllib.load(stream)["case"])


@pytest.fixture(scope="module")
def blank(chromium: Any, search_site: tuple[Path, str]) -> Any:
    """One blank page with the query and engine scripts, and the fixed index's engine."""
    context = chromium.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("about:blank")
    page.add_script_tag(path=str(search_site[0] / "_static" / "language_data.js"))
    for name in SCRIPTS:
        page.add_script_tag(path=str(ASSETS_DIR / name))
    fixture = json.loads((CASES / "index.json").read_text(encoding="utf-8"))
    page.evaluate(
        """(fixture) => {
          const { Engine } = BottomlineSearch.Engine;
          window.makeEngine = (phraseFiles) =>
            new Engine(fixture.index, fixture.meta, {
              stemmer: new Stemmer(),
              stopwords,
              fetchPhrases: (n) =>
                phraseFiles
                  ? Promise.resolve(fixture[`phrase_file_${n}`])
                  : Promise.reject(new Error("offline")),
            });
          window.engine = makeEngine(true);
        }""",
        fixture,
    )
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


PARSE_JS = """(cases) => cases.map(({ q, newest }) => {
  const query = BottomlineSearch.Query.parse(q, {
    stopwords, newest, stem: (w) => new Stemmer().stemWord(w).toLowerCase(),
  });
  return {
    words: query.words,
    required: query.groups.filter((g) => !g.optional).map((g) => g.label),
    phrases: query.phrases,
    common: query.common,
    newest_first: query.newestFirst,
    labels: query.dates.map((c) => c.label),
    soft: query.groups.filter((g) => g.date).map((g) => g.dateLabel),
    frozen:
      Object.isFrozen(query) &&
      Object.isFrozen(query.groups) &&
      query.groups.every(Object.isFrozen),
  };
})"""


def _compare(case: dict[str, Any], got: dict[str, Any], fields: tuple[str, ...]) -> list[str]:
    return [
        f"{case['q']!r}: {field} {got[field]!r}, expected {case[field]!r}"
        for field in fields
        if field in case and got[field] != case[field]
    ]


def test_parse_reads_words_phrases_abbreviations_and_numbers(blank: Any):
    cases = _cases("parse")
    results = blank.evaluate(PARSE_JS, [{"q": c["q"], "newest": "2026-01-10"} for c in cases])
    fields = ("words", "required", "phrases", "common", "newest_first")
    problems = [p for c, got in zip(cases, results, strict=True) for p in _compare(c, got, fields)]
    assert problems == []
    assert all(got["frozen"] for got in results)
    assert len(cases) >= 40


DATES_JS = """(cases) => cases.map(({ q, newest, accept, reject }) => {
  const query = BottomlineSearch.Query.parse(q, { stopwords, newest });
  const doc = (d) =>
    /^\\d{4}-/.test(d) ? { date: d, edition: "AM" } : { date: newest, edition: d };
  const all = (d) => query.dates.every((c) => c.test(doc(d)));
  return {
    words: query.words,
    labels: query.dates.map((c) => c.label),
    soft: query.groups.filter((g) => g.date).map((g) => g.dateLabel),
    accepted: accept.filter(all),
    rejected: reject.filter((d) => !all(d)),
  };
})"""


def test_dates_and_editions_in_the_words(blank: Any):
    cases = _cases("dates")
    sent = [
        {
            "q": c["q"],
            "newest": c["newest"],
            "accept": c.get("accept", []),
            "reject": c.get("reject", []),
        }
        for c in cases
    ]
    results = blank.evaluate(DATES_JS, sent)
    problems = []
    checks = 0
    for case, got in zip(cases, results, strict=True):
        problems += _compare(case, got, ("labels", "soft", "words"))
        for kind, dates in (("accepted", "accept"), ("rejected", "reject")):
            checks += len(case.get(dates, []))
            if got[kind] != case.get(dates, []):
                problems.append(f"{case['q']!r}: {kind} only {got[kind]} of {case.get(dates, [])}")
    assert problems == []
    assert checks >= 80


def _osa(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours is one edit), capped."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i]
        for j in range(1, len(b) + 1):
            value = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] != b[j - 1])
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current.append(value)
        previous2, previous = previous, current
    return min(previous[len(b)], limit + 1)


def test_typo_distance(blank: Any):
    with open(CASES / "distance.toml", "rb") as stream:
        table = tomllib.load(stream)
    pairs = [case["pair"] for case in table["case"]]
    expected = [case["distance"] for case in table["case"]]
    rng = random.Random(14)
    for _ in range(400):
        a = "".join(rng.choice("abcde") for _ in range(rng.randint(0, 9)))
        b = list(a)
        for _ in range(rng.randint(0, 3)):
            at = rng.randint(0, max(0, len(b) - 1))
            edit = rng.choice("insert delete change swap")
            if edit == "i":
                b.insert(at, rng.choice("abcde"))
            elif edit == "d" and b:
                del b[at]
            elif edit == "c" and b:
                b[at] = rng.choice("abcde")
            elif edit == "s" and at + 1 < len(b):
                b[at], b[at + 1] = b[at + 1], b[at]
        limit = rng.randint(0, 3)
        pairs.append([a, "".join(b), limit])
        expected.append(_osa(a, "".join(b), limit))
    got = blank.evaluate(
        "(pairs) => pairs.map(([a, b, max]) => BottomlineSearch.Engine.editDistance(a, b, max))",
        pairs,
    )
    wrong = [(p, g, e) for p, g, e in zip(pairs, got, expected, strict=True) if g != e]
    assert wrong == []
    lengths = {int(k): v for k, v in table["allowed"].items()}
    allowed = blank.evaluate(
        "(ns) => ns.map((n) => BottomlineSearch.Engine.allowedEdits(n))", list(lengths)
    )
    assert dict(zip(lengths, allowed, strict=True)) == lengths


RANK_JS = """async (cases) => {
  const out = [];
  const offline = makeEngine(false);
  for (const { q, filters, phrase_files } of cases) {
    const e = phrase_files === false ? offline : engine;
    const query = e.parse(q);
    const before = JSON.stringify(query);
    const ranked = e.rank(query, filters || {});
    const unchanged = JSON.stringify(query) === before && Object.isFrozen(query);
    const { results, explain } = await e.search(q, filters || {});
    out.push({
      order: results.map((r) => r.doc.id),
      same_as_rank:
        query.phrases.length > 0 ||
        ranked.results.map((r) => r.doc.id).join() === results.map((r) => r.doc.id).join(),
      unchanged,
      corrections: Object.fromEntries(
        explain.corrections.map(({ word, terms }) => [word, terms[0]])
      ),
      partial: explain.partial ? [explain.partial.matched, explain.partial.of] : null,
      missing: explain.partial ? explain.partial.missing : null,
      dates_ignored: explain.datesIgnored,
      phrase_unchecked: explain.phraseUnchecked,
      highlight: [...explain.highlight.words],
      notes: BottomlineSearch.Render ? null : null,
      explain_frozen: Object.isFrozen(explain),
    });
  }
  return out;
}"""

NOTES_JS = """async (cases) => {
  const out = [];
  const offline = makeEngine(false);
  for (const { q, filters, phrase_files } of cases) {
    const e = phrase_files === false ? offline : engine;
    const { query, explain } = await e.search(q, filters || {});
    out.push(window.notesOf(query, explain));
  }
  return out;
}"""


def test_ranking_on_a_small_fixed_index(blank: Any):
    cases = _cases("rank")
    results = blank.evaluate(RANK_JS, cases)
    problems = []
    for case, got in zip(cases, results, strict=True):
        if "first" in case and (got["order"][:1] != [case["first"]]):
            problems.append(f"{case['q']!r}: first {got['order'][:1]}, expected {case['first']}")
        problems += _compare(
            case,
            got,
            ("order", "corrections", "partial", "missing", "dates_ignored", "phrase_unchecked"),
        )
        missing_light = set(case.get("highlight", [])) - set(got["highlight"])
        if missing_light:
            problems.append(f"{case['q']!r}: {sorted(missing_light)} not highlighted")
        if not (got["unchanged"] and got["same_as_rank"] and got["explain_frozen"]):
            problems.append(
                f"{case['q']!r}: ranking changed the query, or search differs from rank"
            )
    assert problems == []
    assert len(cases) >= 30


def test_result_notes_read_the_explanation(blank: Any):
    """The notes the reader sees come from the query and explain only (Render.queryNotes)."""
    blank.add_script_tag(path=str(ASSETS_DIR / "bottomline-search-render.js"))
    blank.evaluate("() => { window.notesOf = BottomlineSearch.Render.queryNotes; }")
    cases = [case for case in _cases("rank") if "notes" in case]
    got = blank.evaluate(NOTES_JS, cases)
    wrong = [(c["q"], g, c["notes"]) for c, g in zip(cases, got, strict=True) if g != c["notes"]]
    assert wrong == []
    assert len(cases) >= 8
