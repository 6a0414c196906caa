/*
 * bottomline-search-render.js: results as elements, the words that matched marked, and
 * the notes that say how the query was read (both from a ranking's explain).
 *
 * Safety: nothing from a page or a query is ever parsed as HTML. Every element is built
 * with createElement and filled with textContent.
 */
"use strict";

(function (root) {
  const F = root.BottomlineFold;
  const NS = root.BottomlineSearch;
  const { MONTHS, codePoints } = NS.Query;

  // A run of text that is one word to a reader: letters, digits, marks and apostrophes,
  // hyphenated compounds ("al-Sudani", "S-400"), numbers with separators ("1,310") and
  // abbreviations with dots ("U.S.").
  const WORD_CHARS = "\\p{L}\\p{N}\\p{M}'\\u2019\\u2018\\u02bc\\u02bb";
  const WORD_RUN_RE = new RegExp(
    `[0-9]{1,3}(?:[,\\u066c][0-9]{3})+(?![0-9])|\\p{L}(?:\\.\\p{L})+\\.?(?![\\p{L}\\p{N}])|[${WORD_CHARS}]+(?:[-\\u2010\\u2011\\u2013][${WORD_CHARS}]+)*`,
    "gu",
  );

  const el = (tag, className, text) => {
    const node = root.document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const isoToDisplay = (iso) => {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!match) return iso || "";
    return `${Number(match[3])} ${MONTHS[Number(match[2]) - 1] || ""} ${match[1]}`;
  };

  /** A word of the text matches a highlighted form: whole, or starting with it (3+ letters). */
  const hits = (word, form) => word === form || (codePoints(form) >= 3 && word.startsWith(form));

  /**
   * Append text to parent, wrapping in <mark> the words that match the query and, whole,
   * the names and quoted phrases it asked for ("Central Bank of Iraq", not every "Iraq").
   * highlight: explain.highlight ({words, phrases}).
   */
  const appendHighlighted = (parent, text, highlight) => {
    text = String(text);
    const runs = [...text.matchAll(WORD_RUN_RE)].map((match) => ({
      start: match.index,
      end: match.index + match[0].length,
      ...F.searchParts(match[0]),
    }));
    const spans = [];
    const flat = []; // [run index, word] for every word of the text, in order
    runs.forEach((run, r) => run.words.forEach((word) => flat.push([r, word])));
    for (const phrase of highlight.phrases) {
      for (let i = 0; i + phrase.length <= flat.length; i++) {
        const found = phrase.every((w, k) =>
          k === phrase.length - 1 ? hits(flat[i + k][1], w) : flat[i + k][1] === w,
        );
        if (found) spans.push([runs[flat[i][0]].start, runs[flat[i + phrase.length - 1][0]].end]);
      }
    }
    const forms = [...highlight.words].filter((w) => codePoints(w) >= 2);
    for (const run of runs) {
      if ([...run.words, ...run.compounds].some((w) => forms.some((form) => hits(w, form)))) spans.push([run.start, run.end]);
    }
    spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    let last = 0;
    for (const [start, end] of spans) {
      if (start < last) continue; // inside a longer mark already made
      if (start > last) parent.appendChild(root.document.createTextNode(text.slice(last, start)));
      parent.appendChild(el("mark", "bl-hit", text.slice(start, end)));
      last = end;
    }
    if (last < text.length) parent.appendChild(root.document.createTextNode(text.slice(last)));
    return parent;
  };

  /** Whether the query had only words too common to search for ("the", "of and"). */
  const onlyCommon = (query) => Boolean(query.common && !query.groups.length && !query.dates.length);

  /** What the reader should know about how the query was read: dates, typos, missing words. */
  const queryNotes = (query, explain) => {
    const notes = [];
    const quote = (text) => `\u201c${text}\u201d`;
    if (onlyCommon(query)) notes.push("Those words are too common to search for: add a name or a topic.");
    if (query.dates.length) {
      const when = query.dates.map((c) => c.label).join(", ");
      notes.push(explain.datesIgnored ? `No update ${when} matches these words; showing all updates.` : `Updates ${when}.`);
    }
    // (Not while the name is still being typed: "Popular Mobilization Forc".)
    const near = query.nearActor;
    if (near && !near.keys.some((k) => k.startsWith(query.key))) notes.push(`Showing results for ${near.name}.`);
    for (const { word, terms } of explain.corrections) {
      if (!near) notes.push(`Nothing has ${quote(word)}; showing ${quote(terms[0])}.`);
    }
    if (explain.partial && explain.partial.matched) {
      const { matched, of, missing } = explain.partial;
      notes.push(`No page has all ${of} words; showing pages with ${matched}.`);
      if (missing.length) notes.push(`Nothing has ${missing.map(quote).join(", ")}.`);
    }
    if (explain.phraseUnchecked) {
      const n = explain.phraseUnchecked;
      const pages = n === 1 ? "1 page: shown because it has" : `${n} pages: shown because they have`;
      notes.push(`The exact phrase could not be checked on ${pages} all its words.`);
    }
    return notes.join(" ");
  };

  const describe = (engine, doc) => {
    if (doc.type === "post") {
      return [isoToDisplay(doc.date), doc.edition ? `${doc.edition} edition` : ""].filter(Boolean).join(" · ");
    }
    if (doc.type === "actor") return engine.kindLabels[doc.actor.kind] || doc.actor.kind;
    return "";
  };

  /**
   * One result: title, date and edition (or kind and aliases), bottom line.
   * In the as-you-type box the whole item is the link (an ARIA option); on the results
   * page the title is.
   */
  const renderResult = (engine, result, highlight, asOption) => {
    const doc = result.doc;
    const item = el(asOption ? "a" : "li", `bl-result bl-result-${doc.type}`);
    item.dataset.docname = doc.docname;
    const title = appendHighlighted(el("span", "bl-result-title"), doc.title || doc.docname, highlight);
    if (asOption) {
      item.href = NS.Load.pageUrl(doc.docname);
      item.appendChild(title);
    } else {
      const link = el("a", "bl-result-link");
      link.href = NS.Load.pageUrl(doc.docname);
      link.appendChild(title);
      item.appendChild(link);
    }
    const facts = describe(engine, doc);
    if (facts) item.appendChild(el("span", "bl-result-meta", facts));
    if (doc.type === "post" && doc.bottomLine) {
      item.appendChild(appendHighlighted(el("span", "bl-result-snippet"), doc.bottomLine, highlight));
    } else if (doc.type === "actor" && doc.actor.aliases.length) {
      const aliases = el("span", "bl-result-aliases", "Also known as: ");
      // The words typed, not every name of the actor (that would mark the whole list).
      appendHighlighted(aliases, doc.actor.aliases.join(", "), { ...highlight, phrases: highlight.quoted });
      item.appendChild(aliases);
    }
    return item;
  };

  /** A link to the archive's "How to search" page, or null when the site has none. */
  const helpLink = (engine, className) => {
    if (!engine.help) return null;
    const link = el("a", className, "How to search");
    link.href = NS.Load.pageUrl(engine.help);
    return link;
  };

  NS.Render = { el, isoToDisplay, appendHighlighted, onlyCommon, queryNotes, describe, renderResult, helpLink };
  if (typeof module !== "undefined" && module.exports) module.exports = NS.Render;
})(typeof window !== "undefined" ? window : globalThis);
