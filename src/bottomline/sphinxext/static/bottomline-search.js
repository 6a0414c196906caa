/*
 * bottomline-search.js: search the archive the way readers remember names.
 *
 * The engine is Sphinx's own searchindex.js (loaded by Sphinx on search.html, lazily
 * here on every other page); bottomline-searchmeta.js adds dates, editions, bottom lines,
 * actors and aliases; bottomline-phrases/<n>.js, loaded only for a quoted phrase and only
 * the files of its words, say where each word stands on each page. Query words go through
 * BottomlineFold.searchWords and Sphinx's English stemmer, exactly as the Python side
 * indexed them.
 *
 * Safety: nothing from a page or a query is ever parsed as HTML. Every element is built
 * with createElement and filled with textContent.
 */
"use strict";

(function () {
  const F = window.BottomlineFold;

  const SCORE = {
    titleExact: 15,
    titlePrefix: 7,
    textExact: 5,
    textPrefix: 2,
    near: 2, // a word one or two letters from what was typed
    bottomLine: 3, // the word is in the update's bottom line: the update is about it
    dateMatch: 15, // "2025" or "October": an update of that time, or that names it, comes first
    aliasExact: 100, // the query is one of the actor's names: its page comes first
    aliasNear: 60, // the query is one or two letters from one of the actor's names
    aliasPrefix: 10, // the query starts one of the actor's names
    otherActor: -10, // when the query names an actor, other actors' pages come after updates
    otherPage: -25, // listings (which repeat every title) come after updates and actors
    missingWord: 100, // per query word a page lacks, when no page or few pages have them all
    joined: 20, // "Kurdistan 24" found written joined ("Kurdistan24"): it has both words
  };
  const MIN_CHARS = 2;
  const SUGGEST_LIMIT = 8;
  const PAGE_SIZE = 50;
  const MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
  ]; // prettier-ignore
  const QUOTES_RE = /["\u201c\u201d\u201e]([^"\u201c\u201d\u201e]*)["\u201c\u201d\u201e]/g;
  // A run of text that is one word to a reader: letters, digits, marks and apostrophes,
  // hyphenated compounds ("al-Sudani", "S-400"), numbers with separators ("1,310") and
  // abbreviations with dots ("U.S.").
  const WORD_CHARS = "\\p{L}\\p{N}\\p{M}'\\u2019\\u2018\\u02bc\\u02bb";
  const WORD_RUN_RE = new RegExp(
    `[0-9]{1,3}(?:[,\\u066c][0-9]{3})+(?![0-9])|\\p{L}(?:\\.\\p{L})+\\.?(?![\\p{L}\\p{N}])|[${WORD_CHARS}]+(?:[-\\u2010\\u2011\\u2013][${WORD_CHARS}]+)*`,
    "gu",
  );
  /**
   * Words that ask rather than name ("what did we say about…"): ignored, unless nothing
   * else is typed. (Stop words such as "what", "about" are not searched at all.)
   */
  const FILLER_WORDS = new Set(
    ("say said says saying tell told write wrote written mention mentioned mentions news latest " +
      "newest recent recently update updates anything anyone something someone happened " +
      "happening going please show find give info information regarding re concerning know " +
      "since till til ago " + // "since" without a date after it
      // contractions, folded: "what's" is "whats" (the stop words list spells them with "'")
      "whats whos hows wheres whens whys thats theres dont didnt doesnt isnt arent wasnt " +
      "hasnt havent cant couldnt wont wouldnt im ive youre weve theyre lets").split(" "),
  );
  /** Asking for the newest: results by date, newest first. */
  const NEWEST_WORDS = new Set(["latest", "newest", "recent", "recently"]);
  /** "PM edition", "morning briefing": the edition, not the words. */
  const EDITION_WORDS = new Map([["am", "AM"], ["pm", "PM"], ["morning", "AM"], ["evening", "PM"]]);
  const EDITION_NOUNS = new Set(["edition", "editions", "briefing", "briefings", "update", "updates"]);

  // -- dates in the query: "since June", "in October 2025", "2025" ---------------------------

  const MONTH_WORDS = new Map();
  MONTHS.forEach((name, i) => {
    const word = name.toLowerCase();
    MONTH_WORDS.set(word, i + 1);
    MONTH_WORDS.set(word.slice(0, 3), i + 1);
  });
  MONTH_WORDS.set("sept", 9);
  // Also ordinary words: months only next to a preposition, a day or a year.
  const AMBIGUOUS_MONTHS = new Set(["may", "mar", "march", "jan", "dec", "sep", "jun", "jul", "aug", "oct", "nov", "feb", "apr"]);
  const DATE_PREPOSITIONS = new Map([
    ["since", "from"], ["from", "from"], ["after", "after"], ["before", "before"],
    ["until", "until"], ["till", "until"], ["til", "until"], ["in", "in"], ["during", "in"],
    ["between", "between"],
  ]); // prettier-ignore
  const YEAR_RE = /^(19|20)\d\d$/;
  const DAY_RE = /^(\d{1,2})(?:st|nd|rd|th)?$/;

  const pad = (n) => String(n).padStart(2, "0");
  const isoDay = (y, m, d) => `${y}-${pad(m)}-${pad(d)}`;
  const lastDay = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();

  /** A date the reader typed at tokens[i]: {y, m, d, length} (parts may be missing), or null. */
  const readDate = (tokens, i, afterPreposition) => {
    const day = (t) => {
      const match = DAY_RE.exec(t || "");
      return match && Number(match[1]) >= 1 && Number(match[1]) <= 31 ? Number(match[1]) : null;
    };
    const year = (t) => (YEAR_RE.test(t || "") ? Number(t) : null);
    const month = (t) => MONTH_WORDS.get(t || "") || null;
    let j = i;
    const found = {};
    if (day(tokens[j]) && month(tokens[j + 1])) found.d = day(tokens[j++]); // "15 October"
    if (month(tokens[j])) {
      found.m = month(tokens[j]);
      const ambiguous = AMBIGUOUS_MONTHS.has(tokens[j]);
      j++;
      if (!found.d && day(tokens[j]) && !year(tokens[j])) found.d = day(tokens[j++]); // "October 15"
      if (year(tokens[j])) found.y = year(tokens[j++]);
      if (ambiguous && !afterPreposition && !found.d && !found.y) return null;
    } else if (year(tokens[j]) && !found.d) {
      found.y = year(tokens[j++]);
    } else {
      return null;
    }
    found.length = j - i;
    return found;
  };

  /** First and last ISO day a typed date covers; a month without a year is its latest one. */
  const dateSpan = (date, newest) => {
    let { y } = date;
    if (!y) {
      // "since June" in an archive whose newest update is from January 2026: June 2025.
      const [ny, nm, nd] = newest.split("-").map(Number);
      y = date.m < nm || (date.m === nm && (date.d || 1) <= nd) ? ny : ny - 1;
    }
    if (!date.m) return [isoDay(y, 1, 1), isoDay(y, 12, 31)];
    if (!date.d) return [isoDay(y, date.m, 1), isoDay(y, date.m, lastDay(y, date.m))];
    return [isoDay(y, date.m, date.d), isoDay(y, date.m, date.d)];
  };

  const dateLabel = (date) =>
    [date.d, date.m ? MONTHS[date.m - 1] : "", date.y].filter(Boolean).join(" ");

  /** The condition a typed date sets with its preposition: {test(iso), label}. */
  const dateCondition = (relation, date, newest) => {
    const [start, end] = dateSpan(date, newest);
    // "in October" (no year): every October; "since October": the latest one.
    const everyYear = relation === "in" && date.m && !date.y;
    const sameDay = (iso) =>
      Number(iso.slice(5, 7)) === date.m && (!date.d || Number(iso.slice(8, 10)) === date.d);
    const tests = {
      in: everyYear ? sameDay : (iso) => iso >= start && iso <= end,
      from: (iso) => iso >= start,
      after: (iso) => iso > end,
      before: (iso) => iso < start,
      until: (iso) => iso <= end,
    };
    const words = { in: date.d ? "on" : "in", from: "since", after: "after", before: "before", until: "until" };
    const shown = everyYear || date.y ? date : { ...date, y: Number(start.slice(0, 4)) };
    return { test: tests[relation], label: `${words[relation]} ${dateLabel(shown)}` };
  };

  /** "this year", "last month", "past week", counted back from the newest update. */
  const relativeCondition = (which, unit, newest) => {
    const [y, m, d] = newest.split("-").map(Number);
    const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
    const spans = {
      year: {
        this: [isoDay(y, 1, 1), newest],
        last: [isoDay(y - 1, 1, 1), isoDay(y - 1, 12, 31)],
        past: [isoDay(y - 1, m, Math.min(d, lastDay(y - 1, m))), newest],
      },
      month: {
        this: [isoDay(y, m, 1), newest],
        last: [isoDay(py, pm, 1), isoDay(py, pm, lastDay(py, pm))],
        past: [isoDay(py, pm, Math.min(d, lastDay(py, pm))), newest],
      },
    };
    const weekAgo = new Date(Date.UTC(y, m - 1, d - 7)).toISOString().slice(0, 10);
    const [start, end] = unit === "week" ? [weekAgo, newest] : spans[unit][which];
    const label = which === "past" ? `in the past ${unit}` : `${which} ${unit}`;
    return { test: (iso) => iso >= start && iso <= end, label };
  };

  /**
   * The dates in query tokens (folded words): {used: token indexes taken, conditions: what
   * every update must meet ("since June", "in October 2025", "last month"), soft: a bare
   * "2025" or "October" at a token index, which ranks updates of that time first}.
   */
  const readDates = (tokens, newest) => {
    const used = new Set();
    const conditions = [];
    const soft = [];
    const take = (from, length) => {
      for (let k = from; k < from + length; k++) used.add(k);
    };
    for (let i = 0; i < tokens.length; i++) {
      const relation = DATE_PREPOSITIONS.get(tokens[i]);
      const date = readDate(tokens, relation ? i + 1 : i, Boolean(relation));
      if (!date) continue;
      if (relation === "between") {
        const and = i + 1 + date.length;
        const second = tokens[and] === "and" ? readDate(tokens, and + 1, true) : null;
        if (!second) continue;
        const [start] = dateSpan(date, newest);
        const [, end] = dateSpan(second, newest);
        const label = `between ${dateLabel(date)} and ${dateLabel(second)}`;
        conditions.push({ test: (iso) => iso >= start && iso <= end, label });
        take(i, 2 + date.length + second.length);
      } else if (relation) {
        conditions.push(dateCondition(relation, date, newest));
        take(i, 1 + date.length);
      } else if (date.length === 1) {
        const test = date.m
          ? (iso) => Number(iso.slice(5, 7)) === date.m
          : (iso) => iso.startsWith(String(date.y));
        soft.push({ index: i, test, label: dateLabel(date) });
      } else {
        conditions.push(dateCondition("in", date, newest)); // "October 2025", "15 October"
        take(i, date.length);
      }
      i = Math.max(i, ...used);
    }
    for (let i = 0; i + 1 < tokens.length; i++) {
      const [which, unit] = tokens.slice(i, i + 2);
      if (used.has(i) || used.has(i + 1)) continue;
      if (!["this", "last", "past"].includes(which) || !["week", "month", "year"].includes(unit)) continue;
      conditions.push(relativeCondition(which, unit, newest));
      take(i, 2);
    }
    for (let i = 0; i + 1 < tokens.length; i++) {
      const edition = EDITION_WORDS.get(tokens[i]);
      if (!edition || !EDITION_NOUNS.has(tokens[i + 1]) || used.has(i) || used.has(i + 1)) continue;
      conditions.push({ doc: (doc) => doc.edition === edition, label: `in the ${edition} edition` });
      take(i, 2);
    }
    const onDate = ({ test, doc, label }) => ({ label, test: doc || ((d) => test(d.date || "")) });
    return { used, conditions: conditions.map(onDate), soft };
  };

  /** Edit distance (adjacent swaps count one) if at most max, else max + 1. */
  const editDistance = (a, b, max) => {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    let previous2 = null;
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const current = [i];
      let best = i;
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (previous2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, previous2[j - 2] + 1);
        }
        current.push(value);
        best = Math.min(best, value);
      }
      if (best > max) return max + 1;
      previous2 = previous;
      previous = current;
    }
    return previous[b.length];
  };
  /** How many letters a typed word of this length may be off: none under 4, two from 8. */
  const allowedEdits = (length) => (length < 4 ? 0 : length < 8 ? 1 : 2);

  // -- loading -------------------------------------------------------------------------------

  const options = () => window.DOCUMENTATION_OPTIONS || {};
  const contentRoot = () => {
    const root = document.documentElement.dataset.content_root;
    return root !== undefined ? root : options().URL_ROOT || "";
  };
  /** A link to a page of the site, never anything a browser would run. */
  const siteUrl = (path) => {
    const safe = /^[a-z][a-z0-9+.-]*:/i.test(path) ? "./" + path : path;
    return contentRoot() + safe;
  };
  const pageUrl = (docname) => {
    if (options().BUILDER === "dirhtml") {
      if (docname === "index") return siteUrl("");
      return siteUrl(docname.replace(/(^|\/)index$/, "$1") + (docname.endsWith("index") ? "" : "/"));
    }
    return siteUrl(docname + (options().FILE_SUFFIX || ".html"));
  };
  const searchPageUrl = () =>
    options().BUILDER === "dirhtml" ? siteUrl("search/") : siteUrl("search" + (options().FILE_SUFFIX || ".html"));

  const loadScript = (url) =>
    new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`could not load ${url}`));
      document.head.appendChild(script);
    });

  let metaResolve;
  const metaLoaded = new Promise((resolve) => (metaResolve = resolve));

  // -- Sphinx's Search object: every use of it is in this section -----------------------------
  //
  // Public: searchindex.js calls Search.setIndex(index); Search.hasIndex() says whether it
  // has; Search.init() calls Search.performSearch(query), the documented entry point, for
  // "?q=" on search.html. Private, and only here: Sphinx's search page (furo's too) runs
  // searchindex.js before this file's code can wrap setIndex, so an index already there is
  // read from Search._index. tests/test_search_index.py::test_sphinx_search_hooks_still_exist
  // fails when Sphinx changes any of this.

  /** Whether this is Sphinx's search page (searchtools.js loaded). */
  const onSphinxSearchPage = () => typeof Search !== "undefined" && typeof Search.performSearch === "function";

  /** Sphinx's index: already there or on its way on search.html, loaded here everywhere else. */
  const indexLoaded = () =>
    new Promise((resolve, reject) => {
      const sphinxPage = onSphinxSearchPage();
      if (sphinxPage && Search.hasIndex()) return resolve(Search._index); // the private read
      // searchindex.js calls Search.setIndex(...): on other pages, give it somewhere to land.
      if (typeof Search === "undefined") window.Search = { setIndex: () => {} };
      const original = Search.setIndex;
      Search.setIndex = (index) => {
        original.call(Search, index);
        resolve(index);
      };
      if (!sphinxPage) loadScript(siteUrl("searchindex.js")).catch(reject);
    });

  /** On search.html, Sphinx's result list gives way to ours (which reads the address itself). */
  const replaceSphinxResults = () => {
    Search.performSearch = () => {};
  };
  // -- end of the uses of Sphinx's Search object ----------------------------------------------

  let readyPromise = null;
  /** Everything the engine needs; loads it the first time it is asked for. */
  const ready = () => {
    if (readyPromise) return readyPromise;
    const needsLanguage = typeof window.Stemmer === "undefined";
    readyPromise = Promise.all([
      indexLoaded(),
      metaLoaded,
      needsLanguage ? loadScript(siteUrl("_static/language_data.js")) : null,
      loadScript(siteUrl("bottomline-searchmeta.js")),
    ]).then(([index, meta]) => new Engine(index, meta));
    return readyPromise;
  };

  // -- word positions, for phrases (bottomline-phrases/<n>.js) --------------------------------

  const phraseFiles = new Map(); // file number -> {word: [page step, count, position steps…]…}

  /** The position file of a word: FNV-1a over its code points (Python: search.phrase_file). */
  const phraseFile = (word, files) => {
    let hash = 0x811c9dc5;
    for (const char of word) hash = Math.imul(hash ^ char.codePointAt(0), 0x01000193) >>> 0;
    return hash % files;
  };

  /** Where the words stand on each page; loads only the files of these words. */
  class PhrasePositions {
    constructor(info) {
      this.files = info ? info.files : 0;
      this.key = info ? info.key : "";
      this.loading = new Map();
      this.decoded = new Map();
    }

    async load(words) {
      if (!this.files) throw new Error("this site has no word positions");
      const numbers = new Set([...words].map((word) => phraseFile(word, this.files)));
      await Promise.all(
        [...numbers].map((n) => {
          if (!this.loading.has(n)) {
            const url = siteUrl(`bottomline-phrases/${n}.js?k=${encodeURIComponent(this.key)}`);
            this.loading.set(n, loadScript(url));
          }
          return this.loading.get(n);
        }),
      );
    }

    /** Map(page id -> Set of positions) of a word. */
    of(word) {
      if (this.decoded.has(word)) return this.decoded.get(word);
      const row = (phraseFiles.get(phraseFile(word, this.files)) || {})[word] || [];
      const pages = new Map();
      for (let i = 0, page = 0; i < row.length; ) {
        page += row[i];
        const count = row[i + 1];
        const positions = new Set();
        for (let k = 0, at = 0; k < count; k++) positions.add((at += row[i + 2 + k]));
        pages.set(page, positions);
        i += 2 + count;
      }
      this.decoded.set(word, pages);
      return pages;
    }

    /** Whether the words stand one after the other somewhere on the page. */
    has(pageId, phrase) {
      const [first, ...rest] = phrase.map((word) => this.of(word).get(pageId));
      if (!first || rest.some((positions) => !positions)) return false;
      for (const start of first) if (rest.every((positions, k) => positions.has(start + k + 1))) return true;
      return false;
    }
  }

  // -- the engine ----------------------------------------------------------------------------

  const codePoints = (text) => [...text].length;

  /** Keys of a sorted array that start with prefix. */
  const prefixRange = (sortedKeys, prefix) => {
    let lo = 0;
    let hi = sortedKeys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sortedKeys[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    const found = [];
    for (let i = lo; i < sortedKeys.length && sortedKeys[i].startsWith(prefix); i++) found.push(sortedKeys[i]);
    return found;
  };

  const postings = (value) => (value === undefined ? [] : typeof value === "number" ? [value] : value);

  const isoToDisplay = (iso) => {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!match) return iso || "";
    return `${Number(match[3])} ${MONTHS[Number(match[2]) - 1] || ""} ${match[1]}`;
  };

  class Engine {
    constructor(index, meta) {
      this.terms = index.terms;
      this.titleTerms = index.titleterms;
      this.termKeys = Object.keys(this.terms).sort();
      this.titleKeys = Object.keys(this.titleTerms).sort();
      this.stemmer = new window.Stemmer();
      this.stems = new Map();
      this.stopwords = window.stopwords || new Set();
      this.kindLabels = meta.kinds || {};
      this.docs = index.docnames.map((docname, id) => ({
        id,
        docname,
        title: index.titles[id] || "",
        type: "page",
      }));
      for (const row of meta.posts || []) {
        Object.assign(this.docs[row.doc], {
          type: "post",
          date: row.date,
          edition: row.edition,
          bottomLine: row.bottomLine,
          actors: row.actors,
        });
      }
      this.actors = (meta.actors || []).map((row, id) => {
        const { doc: docId, slug, name, kind, aliases } = row;
        const actor = { id, docId, slug, name, kind, aliases, keys: [name, ...aliases].map(F.nameKey) };
        if (docId >= 0) Object.assign(this.docs[docId], { type: "actor", actor });
        return actor;
      });
      this.actorsByKey = new Map();
      for (const actor of this.actors) {
        for (const key of actor.keys) if (key && !this.actorsByKey.has(key)) this.actorsByKey.set(key, actor);
      }
      // Every word of every name, as the index would store it -> the actors it names, so a
      // word of any alias finds the posts that mention the actor under any other name.
      for (const doc of this.docs) if (doc.type === "post") for (const id of doc.actors) (this.actors[id].posts ||= []).push(doc.id);
      this.aliasWords = new Map();
      for (const actor of this.actors) {
        for (const name of [actor.name, ...actor.aliases]) {
          for (const word of F.searchWords(name)) {
            if (!this.keep(word)) continue;
            for (const form of new Set([word, this.stem(word)])) {
              if (!this.aliasWords.has(form)) this.aliasWords.set(form, new Set());
              this.aliasWords.get(form).add(actor);
            }
          }
        }
      }
      this.aliasKeys = [...this.aliasWords.keys()].sort();
      this.posts = this.docs.filter((doc) => doc.type === "post");
      // "Since June" means the June before the newest update.
      this.newest = this.posts.reduce((newest, doc) => (doc.date > newest ? doc.date : newest), "") || new Date().toISOString().slice(0, 10);
      this.corrections = new Map();
      this.truncated = new Map();
      this.positions = new PhrasePositions(meta.phrases);
      setTimeout(() => this.warmUp(), 0);
    }

    /** What the index stores for a word: Sphinx lowercases the stem (``stem(w).lower()``). */
    stem(word) {
      // Remembered: bottom lines are stemmed word by word to rank updates about the query.
      let stem = this.stems.get(word);
      if (stem === undefined) {
        stem = this.stemmer.stemWord(word).toLowerCase();
        this.stems.set(word, stem);
      }
      return stem;
    }

    keep(word) {
      return F.isSearchWord(word) && !this.stopwords.has(word);
    }

    hasExact(word) {
      const stem = this.stem(word);
      return [word, stem].some(
        (t) => this.terms.hasOwnProperty(t) || this.titleTerms.hasOwnProperty(t) || this.aliasWords.has(t),
      );
    }

    /** Docs matching one query word, each with its best score: Map(docId -> score). */
    matchWord(word) {
      const scores = new Map();
      const add = (files, score) => {
        for (const id of postings(files)) if ((scores.get(id) || 0) < score) scores.set(id, score);
      };
      // A word of an actor's name: the actor's page (as a title word) and every post that
      // mentions the actor, whatever name the post used.
      const addActors = (form, textScore, titleScore) => {
        for (const actor of this.aliasWords.get(form) || []) {
          add(actor.posts || [], textScore);
          if (actor.docId >= 0) add(actor.docId, titleScore);
        }
      };
      const addTerm = (term, textScore, titleScore) => {
        if (this.terms.hasOwnProperty(term)) add(this.terms[term], textScore);
        if (this.titleTerms.hasOwnProperty(term)) add(this.titleTerms[term], titleScore);
        addActors(term, textScore, titleScore);
      };
      const stem = this.stem(word);
      const exact = new Set([word, stem]);
      for (const term of exact) addTerm(term, SCORE.textExact, SCORE.titleExact);
      if (codePoints(word) < 3) return scores;
      const addPrefixed = (prefix) => {
        for (const term of prefixRange(this.termKeys, prefix)) if (!exact.has(term)) add(this.terms[term], SCORE.textPrefix);
        for (const term of prefixRange(this.titleKeys, prefix)) if (!exact.has(term)) add(this.titleTerms[term], SCORE.titlePrefix);
        for (const form of prefixRange(this.aliasKeys, prefix)) if (!exact.has(form)) addActors(form, SCORE.textPrefix, SCORE.titlePrefix);
      };
      addPrefixed(word);
      if (scores.size === 0 && stem !== word) addPrefixed(stem);
      if (scores.size === 0) {
        // A word still being typed runs past its stem: "electi" is on its way to "elect".
        for (let cut = 1; cut <= 3 && codePoints(word) - cut >= 4; cut++) {
          const shorter = [...word].slice(0, -cut).join("");
          addTerm(shorter, SCORE.textPrefix, SCORE.titlePrefix);
          if (scores.size) {
            this.truncated.set(word, shorter); // highlighted, not said: it is being typed
            break;
          }
        }
      }
      if (scores.size === 0) {
        // A typo: the closest words the archive has ("hezbolah" -> "hezbollah").
        const near = this.nearTerms(word, stem);
        for (const term of near) addTerm(term, SCORE.near, SCORE.titlePrefix);
        if (near.length) this.corrections.set(word, near);
      }
      return scores;
    }

    /** The indexed words (and name words) closest to a word nothing matched. */
    nearTerms(word, stem) {
      const max = allowedEdits(codePoints(word));
      if (!max) return [];
      const found = new Map();
      for (const keys of [this.termKeys, this.titleKeys, this.aliasKeys]) {
        for (const key of keys) {
          if (key[0] !== word[0] || Math.abs(key.length - word.length) > max + 1) continue;
          const distance = Math.min(editDistance(word, key, max), editDistance(stem, key, max));
          if (distance <= max && !(found.get(key) <= distance)) found.set(key, distance);
        }
      }
      const best = Math.min(...found.values());
      return [...found].filter(([, distance]) => distance === best).map(([key]) => key);
    }

    /** The actor one or two letters away from a name typed whole ("kataib hizbollah"). */
    nearestActor(key) {
      const length = codePoints(key);
      if (length < 6) return null;
      const max = length < 10 ? 1 : 2;
      let best = null;
      let bestDistance = max + 1;
      for (const actor of this.actors) {
        for (const actorKey of actor.keys) {
          const distance = editDistance(key, actorKey, max);
          if (distance < bestDistance) [best, bestDistance] = [actor, distance];
        }
      }
      return best;
    }

    /** One typed chunk ("Kata'ib", "S-400", "alNujaba") as alternatives of words. */
    chunkGroup(chunk, highlight) {
      const { words: parts, compounds } = F.searchParts(chunk);
      const alternatives = [];
      const kept = parts.filter((w) => this.keep(w));
      if (kept.length) alternatives.push(kept);
      for (const compound of compounds) if (this.keep(compound)) alternatives.push([compound]);
      for (const word of [...kept, ...compounds]) {
        highlight.add(word);
        // "sanctions" lights up "sanctioned" too, through their stem.
        const stem = this.stem(word);
        if (codePoints(stem) >= 4) highlight.add(stem);
      }
      if (kept.length === 1 && parts.length === 1) {
        const word = kept[0];
        // "alNujaba" typed joined: the Latin article comes off when the joined word is unknown.
        const article = /^(al|el)(.{3,})$/u.exec(word);
        if (article && !this.hasExact(word)) {
          alternatives.push([article[2]]);
          highlight.add(article[2]);
        }
        // "Kurdistan24" typed joined, written apart ("Kurdistan 24"): its letters and its number.
        const split = /^(\p{L}+)([0-9]+)$/u.exec(word) || /^([0-9]+)(\p{L}+)$/u.exec(word);
        if (split && !this.hasExact(word)) {
          const apart = split.slice(1).filter((w) => this.keep(w));
          if (apart.length) alternatives.push(apart);
          apart.forEach((w) => highlight.add(w));
        }
        // "KataibHezbollah": one of an actor's names typed without its spaces.
        const actor = this.actorsByKey.get(F.nameKey(chunk));
        if (actor) {
          for (const name of [actor.name, ...actor.aliases]) {
            if (F.nameKey(name) !== F.nameKey(chunk)) continue;
            const words = F.searchWords(name).filter((w) => this.keep(w));
            if (words.length > 1) alternatives.push(words);
          }
        }
      }
      return { label: chunk, alternatives, optional: false, date: null };
    }

    /**
     * The query as requirements: every required group must match one of its alternatives;
     * optional groups never remove results (a bare "2025" ranks, asking words like "say"
     * are ignored). Dates typed in the query ("since June") become conditions on updates.
     */
    parse(raw) {
      // Tags pasted with the words ("<b>KH</b>") are not what the reader looks for.
      const source = String(raw || "").replace(/<\/?[a-z][^<>]*>/gi, " ");
      const phrases = [];
      const chunks = [];
      const addChunks = (part, quoted) => {
        for (const text of part.split(/\s+/)) if (text) chunks.push({ text, quoted });
      };
      let last = 0;
      for (const match of source.matchAll(QUOTES_RE)) {
        addChunks(source.slice(last, match.index), false);
        addChunks(match[1], true);
        const words = F.searchParts(match[1]).words;
        if (words.length) phrases.push(words);
        last = match.index + match[0].length;
      }
      addChunks(source.slice(last), false);
      // "S 400", "F 16": a lone letter before a number is one name.
      for (let i = 0; i + 1 < chunks.length; i++) {
        const [a, b] = chunks.slice(i, i + 2);
        if (!a.quoted && !b.quoted && /^[a-z]$/.test(F.nameKey(a.text)) && /^[0-9]/.test(F.nameKey(b.text))) {
          chunks.splice(i, 2, { text: `${a.text}-${b.text}`, quoted: false });
        }
      }
      const tokens = chunks.map((c) => (c.quoted ? "" : F.nameKey(c.text)));
      const dates = readDates(tokens, this.newest);
      const softDates = new Map(dates.soft.map((s) => [s.index, s]));
      const groups = [];
      const groupOf = new Map(); // chunk index -> its group
      const highlight = new Set();
      const named = [];
      const keyChunks = [];
      let common = 0;
      let newestFirst = false;
      chunks.forEach((chunk, i) => {
        if (dates.used.has(i)) return;
        const filler = !chunk.quoted && FILLER_WORDS.has(tokens[i]);
        if (!filler) keyChunks.push(chunk.text);
        if (!chunk.quoted && NEWEST_WORDS.has(tokens[i])) newestFirst = true;
        const group = this.chunkGroup(chunk.text, filler ? new Set() : highlight);
        const soft = softDates.get(i);
        if (soft) Object.assign(group, { date: soft.test, dateLabel: soft.label });
        if (!group.alternatives.length && !group.date) {
          if (F.searchWords(chunk.text).some((w) => this.stopwords.has(w))) common += 1; // "the", not "-"
          return;
        }
        // Asking words and a bare "2025" or "October" rank results; they never remove any.
        group.optional = filler || Boolean(group.date);
        group.filler = filler;
        groups.push(group);
        groupOf.set(i, group);
        const actor = this.actorsByKey.get(tokens[i]);
        if (actor) named.push(actor);
      });
      // "Kurdistan 24" typed apart, written joined ("Kurdistan24"): the joined word, when the
      // archive has it, answers for both, and ranks above pages with the word alone (a
      // two-digit number is no search word). Never for a date: "budget 2026" is two words.
      for (let i = 0; i + 1 < chunks.length; i++) {
        const [word, number] = [tokens[i], tokens[i + 1]];
        if (!/^\p{L}+$/u.test(word) || !/^[0-9]+$/.test(number) || !groupOf.has(i)) continue;
        if ([i, i + 1].some((k) => dates.used.has(k) || softDates.has(k))) continue;
        const joined = word + number;
        if (!this.hasExact(joined)) continue;
        groupOf.get(i).alternatives.push(Object.assign([joined], { bonus: SCORE.joined }));
        if (groupOf.has(i + 1)) groupOf.get(i + 1).alternatives.push([joined]);
        highlight.add(joined);
      }
      // Nothing else typed ("2025", "latest news"): then the date, or the words, are the search.
      if (groups.every((g) => g.optional)) {
        const dated = groups.filter((g) => g.date);
        (dated.length ? dated : groups).forEach((g) => (g.optional = false));
      }
      const key = F.nameKey(keyChunks.join(" "));
      const nameActor = this.actorsByKey.get(key) || null;
      const nearActor = nameActor || groups.length < 1 ? null : this.nearestActor(key);
      named.push(...[nameActor, nearActor].filter(Boolean));
      // The queried actor's names light up in results, as names, not word by word.
      const names = [];
      for (const actor of new Set(named)) {
        for (const name of [actor.name, ...actor.aliases]) {
          const words = F.searchParts(name).words;
          if (words.length) names.push(words);
        }
      }
      return {
        raw: String(raw || ""),
        groups,
        phrases,
        key,
        nameActor,
        nearActor,
        dates: dates.conditions,
        common,
        highlight: { words: highlight, phrases: [...phrases, ...names], quoted: phrases },
        corrections: [],
        partial: null,
        phraseUnchecked: 0,
        newestFirst,
        datesIgnored: false,
      };
    }

    /** Docs a group matches: Map(docId -> score). */
    groupScores(group, wordScores) {
      const scores = new Map();
      for (const words of group.alternatives) {
        let altScores = null;
        for (const word of words) {
          const found = wordScores(word);
          if (altScores === null) altScores = new Map(found);
          else {
            for (const [id, score] of altScores) {
              if (found.has(id)) altScores.set(id, score + found.get(id));
              else altScores.delete(id);
            }
          }
        }
        const bonus = words.bonus || 0; // a joined word standing for two typed apart
        for (const [id, score] of altScores || []) {
          if ((scores.get(id) || 0) < score + bonus) scores.set(id, score + bonus);
        }
      }
      if (group.date) {
        // An update naming the year counts as one from it: "2026 budget" is about 2026.
        for (const [id, score] of scores) {
          if (this.docs[id].type === "post") scores.set(id, Math.max(score, SCORE.dateMatch));
        }
        for (const doc of this.posts) {
          if (group.date(doc.date) && (scores.get(doc.id) || 0) < SCORE.dateMatch) scores.set(doc.id, SCORE.dateMatch);
        }
      }
      return scores;
    }

    /** Whether a post's bottom line has one of the group's alternatives (by stem). */
    bottomLineStems(doc) {
      if (!doc.bottomLineStems) {
        doc.bottomLineStems = new Set(F.searchWords(doc.bottomLine || "").map((w) => this.stem(w)));
      }
      return doc.bottomLineStems;
    }

    /** Stem (and split) every bottom line while the reader has not typed yet, a few at a time. */
    warmUp(from = 0) {
      const until = Math.min(from + 100, this.posts.length);
      for (let i = from; i < until; i++) {
        this.bottomLineStems(this.posts[i]);
        this.knownWords(this.posts[i]);
      }
      if (until < this.posts.length) setTimeout(() => this.warmUp(until), 0);
    }

    inBottomLine(doc, group) {
      this.bottomLineStems(doc);
      const stems = doc.bottomLineStems;
      const has = (word) =>
        stems.has(this.stem(word)) ||
        stems.has(this.truncated.get(word)) ||
        (this.corrections.get(word) || []).some((t) => stems.has(t));
      return group.alternatives.some((words) => words.every(has));
    }

    /** Ranked results for a query and filters (docs with .score), phrases still unchecked. */
    candidates(query, filters) {
      const wordCache = new Map();
      this.corrections = new Map();
      this.truncated = new Map();
      const wordScores = (word) => {
        if (!wordCache.has(word)) wordCache.set(word, this.matchWord(word));
        return wordCache.get(word);
      };
      const required = query.groups.filter((g) => !g.optional);
      const perGroup = required.map((group) => this.groupScores(group, wordScores));
      let total = null; // Map(docId -> score), null when no word is required
      if (perGroup.length) {
        const coverage = new Map(); // docId -> [groups matched, score]
        for (const scores of perGroup) {
          for (const [id, score] of scores) {
            const [count, sum] = coverage.get(id) || [0, 0];
            coverage.set(id, [count + 1, sum + score]);
          }
        }
        const of = perGroup.length;
        const full = [...coverage].filter(([, [count]]) => count === of);
        total = new Map(full.map(([id, [, sum]]) => [id, sum]));
        // A long question ("did Sudani meet anyone in Tehran") rarely has every word on one
        // page: with few pages having all, the pages missing one word follow them; with
        // none, the pages having the most words (and the reader is told).
        const best = Math.max(0, ...[...coverage.values()].map(([count]) => count));
        let least = of;
        if (!full.length && of > 1) least = Math.max(1, best - 1, Math.ceil(of / 2));
        else if (full.length < 5 && of >= 3) least = of - 1;
        if (least < of && best >= least) {
          for (const [id, [count, sum]] of coverage) {
            if (count >= least && count < of) total.set(id, sum - SCORE.missingWord * (of - count));
          }
          if (!full.length) {
            const missing = required.filter((_, i) => perGroup[i].size === 0).map((g) => g.label);
            query.partial = { matched: best, of, missing };
          }
        }
      }
      // Asking words ("say", "news") only stand in when nothing else was typed.
      for (const group of query.groups.filter((g) => g.optional && !g.filler)) {
        const scores = this.groupScores(group, wordScores);
        if (total) for (const [id, score] of scores) if (total.has(id)) total.set(id, total.get(id) + score);
      }
      query.corrections = [...this.corrections].map(([word, terms]) => ({ word, terms }));
      for (const { terms } of query.corrections) terms.forEach((t) => query.highlight.words.add(t));
      for (const shorter of this.truncated.values()) query.highlight.words.add(shorter);
      const filtering = Object.values(filters).some((v) => v);
      if (total === null) {
        // No words (only filters or dates): every post and actor they allow.
        total = new Map();
        if (filtering || query.dates.length) this.docs.forEach((doc) => doc.type !== "page" && total.set(doc.id, 0));
      }
      // Any name of an actor finds the actor page first; its start, typed right or (when a
      // word had a typo) nearly right, puts the page higher.
      const keyLength = codePoints(query.key);
      const startEdits = query.corrections.length && keyLength >= 6 ? (keyLength < 10 ? 1 : 2) : 0;
      const startsNearly = (k) =>
        [-1, 0, 1].some((d) => editDistance(query.key, [...k].slice(0, keyLength + d).join(""), startEdits) <= startEdits);
      if (query.key.length >= MIN_CHARS) {
        for (const actor of this.actors) {
          if (actor.docId < 0) continue;
          let boost = 0;
          if (actor.keys.includes(query.key)) boost = SCORE.aliasExact;
          else if (query.groups.length && actor.keys.some((k) => k.startsWith(query.key))) boost = SCORE.aliasPrefix;
          else if (startEdits && actor.keys.some(startsNearly)) boost = SCORE.aliasPrefix;
          if (boost && (total.has(actor.docId) || boost === SCORE.aliasExact)) {
            total.set(actor.docId, (total.get(actor.docId) || 0) + boost);
          }
        }
      }
      // A name typed one or two letters off: that actor's page and its updates.
      const near = query.nearActor;
      if (near) {
        if (near.docId >= 0) total.set(near.docId, (total.get(near.docId) || 0) + SCORE.aliasNear);
        const postScore = SCORE.textExact * Math.max(1, required.length);
        for (const id of near.posts || []) if ((total.get(id) || 0) < postScore) total.set(id, postScore);
        query.partial = null;
      }
      const named = query.nameActor || near;
      for (const [id, score] of total) {
        const doc = this.docs[id];
        let bonus = doc.type === "page" ? SCORE.otherPage : 0;
        // The query names one actor: updates about it come before other actors' pages.
        if (named && doc.type === "actor" && doc.actor !== named) bonus += SCORE.otherActor;
        if (doc.type === "post") for (const group of required) if (this.inBottomLine(doc, group)) bonus += SCORE.bottomLine;
        total.set(id, score + bonus);
      }
      if (query.dates.length) {
        // Dates typed in the query hold for updates; only the actor the query names stays.
        const passes = (doc) =>
          doc.type === "post" ? query.dates.every((c) => c.test(doc)) : named && doc.actor === named;
        const kept = [...total].filter(([id]) => passes(this.docs[id]));
        if (!query.groups.length || kept.some(([id]) => this.docs[id].type === "post")) total = new Map(kept);
        else query.datesIgnored = true;
      }
      const results = [];
      for (const [id, score] of total) {
        const doc = this.docs[id];
        if (this.passes(doc, filters, filtering)) results.push({ doc, score });
      }
      const first = (r) => (named && r.doc.actor === named ? 1 : 0);
      results.sort(
        (a, b) =>
          (query.newestFirst ? first(b) - first(a) || (b.doc.date || "").localeCompare(a.doc.date || "") : 0) ||
          b.score - a.score ||
          (b.doc.date || "").localeCompare(a.doc.date || "") ||
          (b.doc.edition || "").localeCompare(a.doc.edition || "") ||
          a.doc.title.localeCompare(b.doc.title),
      );
      return results;
    }

    passes(doc, filters, filtering) {
      if (!filtering) return true;
      if (doc.type === "page") return false;
      const post = doc.type === "post";
      if (filters.year && !(post && doc.date.startsWith(filters.year))) return false;
      if (filters.edition && !(post && doc.edition === filters.edition)) return false;
      if (filters.actor) {
        const ok = post
          ? doc.actors.some((id) => this.actors[id].slug === filters.actor)
          : doc.actor.slug === filters.actor;
        if (!ok) return false;
      }
      if (filters.kind) {
        const ok = post
          ? doc.actors.some((id) => this.actors[id].kind === filters.kind)
          : doc.actor.kind === filters.kind;
        if (!ok) return false;
      }
      return true;
    }

    /** The words of what the browser has of a doc (title, bottom line, names), " "-wrapped. */
    knownWords(doc) {
      if (doc.knownWords === undefined) {
        const parts = [doc.title, doc.bottomLine || ""];
        if (doc.actor) parts.push(doc.actor.name, ...doc.actor.aliases);
        doc.knownWords = ` ${F.searchParts(parts.join(" \n ")).words.join(" ")} `;
      }
      return doc.knownWords;
    }

    /**
     * Keep the results whose text has every phrase, words in that order: first by what the
     * browser has (title, bottom line, names), then by the word positions of the phrase's
     * words (a few small files; no page is fetched). If those cannot be loaded, the results
     * stay, unchecked, and the query says so: a phrase never silently drops a page.
     */
    async checkPhrases(query, results) {
      const { phrases } = query;
      const known = (doc, phrase) => this.knownWords(doc).includes(` ${phrase.join(" ")} `);
      const pending = results.filter((r) => !phrases.every((p) => known(r.doc, p)));
      if (!pending.length) return results;
      try {
        await this.positions.load(new Set(phrases.flat()));
      } catch (error) {
        query.phraseUnchecked = pending.length;
        return results;
      }
      const out = new Set(pending.filter((r) => !phrases.every((p) => this.positions.has(r.doc.id, p))));
      return results.filter((r) => !out.has(r));
    }

    /** Search: ranked results, phrases checked. */
    async search(raw, filters = {}, limit = Infinity) {
      const query = this.parse(raw);
      let results = this.candidates(query, filters);
      if (query.phrases.length) results = await this.checkPhrases(query, results);
      return { query, results: results.slice(0, limit) };
    }
  }

  // -- rendering (createElement and textContent only) ----------------------------------------

  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  /** A word of the text matches a highlighted form: whole, or starting with it (3+ letters). */
  const hits = (word, form) => word === form || (codePoints(form) >= 3 && word.startsWith(form));

  /**
   * Append text to parent, wrapping in <mark> the words that match the query and, whole,
   * the names and quoted phrases it asked for ("Central Bank of Iraq", not every "Iraq").
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
      if (start > last) parent.appendChild(document.createTextNode(text.slice(last, start)));
      parent.appendChild(el("mark", "bl-hit", text.slice(start, end)));
      last = end;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
    return parent;
  };

  /** What the reader should know about how the query was read: dates, typos, missing words. */
  const queryNotes = (query) => {
    const notes = [];
    const quote = (text) => `\u201c${text}\u201d`;
    if (query.common && !query.groups.length && !query.dates.length) {
      notes.push("Those words are too common to search for: add a name or a topic.");
    }
    if (query.dates.length) {
      const when = query.dates.map((c) => c.label).join(", ");
      notes.push(query.datesIgnored ? `No update ${when} matches these words; showing all updates.` : `Updates ${when}.`);
    }
    // (Not while the name is still being typed: "Popular Mobilization Forc".)
    const near = query.nearActor;
    if (near && !near.keys.some((k) => k.startsWith(query.key))) notes.push(`Showing results for ${near.name}.`);
    for (const { word, terms } of query.corrections) {
      if (!query.nearActor) notes.push(`Nothing has ${quote(word)}; showing ${quote(terms[0])}.`);
    }
    if (query.partial && query.partial.matched) {
      const { matched, of, missing } = query.partial;
      notes.push(`No page has all ${of} words; showing pages with ${matched}.`);
      if (missing.length) notes.push(`Nothing has ${missing.map(quote).join(", ")}.`);
    }
    if (query.phraseUnchecked) {
      const n = query.phraseUnchecked;
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
      item.href = pageUrl(doc.docname);
      item.appendChild(title);
    } else {
      const link = el("a", "bl-result-link");
      link.href = pageUrl(doc.docname);
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

  // -- the as-you-type box (every page) -------------------------------------------------------

  let suggestCount = 0;
  const REMEMBER_KEY = "bottomline-search-box";
  const stats = { lastInputToRenderMs: null, lastQueryMs: null, renders: 0 };

  class Suggest {
    constructor(input) {
      this.input = input;
      this.form = input.closest("form");
      this.id = `bl-suggest-${++suggestCount}`;
      this.list = el("div", "bl-suggest");
      this.list.id = this.id;
      this.list.setAttribute("role", "listbox");
      this.list.setAttribute("aria-label", "Search suggestions");
      this.list.hidden = true;
      (this.form || input.parentElement).appendChild(this.list);
      (this.form || input.parentElement).classList.add("bl-suggest-host");
      input.setAttribute("role", "combobox");
      input.setAttribute("aria-autocomplete", "list");
      input.setAttribute("aria-expanded", "false");
      input.setAttribute("aria-controls", this.id);
      input.setAttribute("autocomplete", "off");
      this.active = -1;
      this.generation = 0;
      input.addEventListener("focus", () => {
        ready().catch(() => {});
        // Back on this page with the words still there: offer their results again.
        if (this.list.hidden && input.value.trim().length >= MIN_CHARS) this.update(performance.now());
      });
      this.restore();
      input.addEventListener("input", (event) => this.update(event.timeStamp));
      input.addEventListener("keydown", (event) => this.key(event));
      input.addEventListener("blur", () => setTimeout(() => this.close(), 150));
      this.list.addEventListener("mousedown", (event) => event.preventDefault());
      this.list.addEventListener("click", () => this.remember());
    }

    /** Keep what was typed for when the reader comes back (browsers forget autocomplete=off boxes). */
    remember() {
      try {
        sessionStorage.setItem(REMEMBER_KEY, JSON.stringify({ page: window.location.href, q: this.input.value }));
      } catch (error) {
        // storage may be off (private mode, file://); the box just starts empty then
      }
    }

    restore() {
      try {
        const saved = JSON.parse(sessionStorage.getItem(REMEMBER_KEY) || "null");
        const navigation = performance.getEntriesByType("navigation")[0];
        if (saved && saved.page === window.location.href && navigation && navigation.type === "back_forward") {
          if (!this.input.value) this.input.value = saved.q;
        }
      } catch (error) {
        // as above
      }
    }

    options() {
      return [...this.list.querySelectorAll('[role="option"]')];
    }

    close() {
      this.list.hidden = true;
      this.input.setAttribute("aria-expanded", "false");
      this.input.removeAttribute("aria-activedescendant");
      this.active = -1;
    }

    setActive(index) {
      const all = this.options();
      if (!all.length) return;
      this.active = (index + all.length) % all.length;
      all.forEach((option, i) => option.setAttribute("aria-selected", String(i === this.active)));
      this.input.setAttribute("aria-activedescendant", all[this.active].id);
      all[this.active].scrollIntoView({ block: "nearest" });
    }

    key(event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (this.list.hidden) return;
        event.preventDefault();
        this.setActive(this.active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Escape") {
        this.close();
      } else if (event.key === "Enter") {
        this.remember();
        if (this.list.hidden || this.active < 0) return;
        event.preventDefault();
        window.location.href = this.options()[this.active].href;
      }
    }

    allResultsUrl(query) {
      const url = new URL(this.form && this.form.getAttribute("action") ? this.form.action : searchPageUrl(), window.location.href);
      url.search = new URLSearchParams({ q: query }).toString();
      return url.href;
    }

    async update(keyTime) {
      const query = this.input.value;
      const generation = ++this.generation;
      if (query.trim().length < MIN_CHARS) return this.close();
      let engine;
      try {
        engine = await ready();
      } catch (error) {
        return this.close();
      }
      const started = performance.now();
      const { query: parsed, results } = await engine.search(query, {}, SUGGEST_LIMIT);
      if (generation !== this.generation) return; // a newer keystroke won
      stats.lastQueryMs = performance.now() - started;
      this.render(engine, parsed, results, query);
      stats.renders += 1;
      // Measured at the next frame, when the results are on screen (see bottomline.bench).
      requestAnimationFrame(() => {
        stats.lastInputToRenderMs = performance.now() - keyTime;
        this.list.dataset.renderMs = stats.lastInputToRenderMs.toFixed(1);
        this.list.dataset.renderedQuery = query;
      });
    }

    render(engine, parsed, results, query) {
      this.list.replaceChildren();
      this.active = -1;
      this.input.removeAttribute("aria-activedescendant");
      results.forEach((result, i) => {
        const option = renderResult(engine, result, parsed.highlight, true);
        option.id = `${this.id}-${i}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        this.list.appendChild(option);
      });
      if (!results.length) this.list.appendChild(el("div", "bl-suggest-empty", "No matching pages"));
      const notes = queryNotes(parsed);
      if (notes) this.list.appendChild(el("div", "bl-suggest-note", notes));
      const all = el("a", "bl-suggest-all");
      all.id = `${this.id}-all`;
      all.setAttribute("role", "option");
      all.setAttribute("aria-selected", "false");
      all.href = this.allResultsUrl(query);
      all.append("See all results for ", el("q", "", query.trim()));
      this.list.appendChild(all);
      this.list.dataset.query = query;
      this.list.hidden = false;
      this.input.setAttribute("aria-expanded", "true");
    }
  }

  // -- a search button in furo's phone header ------------------------------------------------

  /**
   * On a phone furo keeps its sidebar, and the search box in it, behind the menu button. A
   * search button in the header opens an as-you-type box right under it: Enter or a tap on
   * the button opens it and puts the cursor in it; Escape closes the suggestions, then the box.
   * The box is made the first time it is opened (most pages never need it).
   */
  const addHeaderSearch = () => {
    const header = document.querySelector("header.mobile-header");
    const right = header && header.querySelector(".header-right");
    if (!right || header.querySelector(".bl-header-search-toggle")) return;
    const toggle = el("button", "bl-header-search-toggle");
    toggle.type = "button";
    toggle.title = "Search";
    toggle.setAttribute("aria-label", "Search");
    toggle.setAttribute("aria-expanded", "false");
    toggle.appendChild(el("span", "bl-header-search-icon")).setAttribute("aria-hidden", "true");
    right.prepend(toggle);
    let form = null;
    let input = null;
    let suggest = null;
    const show = (open) => {
      if (!form) {
        form = el("form", "bl-header-search");
        form.id = "bl-header-search";
        form.setAttribute("role", "search");
        form.method = "get";
        form.action = searchPageUrl();
        input = el("input", "bl-header-search-input");
        input.type = "search";
        input.name = "q";
        input.value = new URLSearchParams(window.location.search).get("q") || "";
        input.placeholder = "Search the archive";
        input.setAttribute("aria-label", "Search the archive");
        form.appendChild(input);
        header.appendChild(form);
        toggle.setAttribute("aria-controls", form.id);
        suggest = new Suggest(input);
        // Capture: runs before the box's own Escape, which closes the suggestions first.
        form.addEventListener(
          "keydown",
          (event) => {
            if (event.key !== "Escape" || !suggest.list.hidden) return;
            show(false);
            toggle.focus();
          },
          true,
        );
      }
      form.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
      if (open) input.focus();
      else suggest.close();
    };
    toggle.addEventListener("click", () => show(!form || form.hidden));
  };

  // -- the results page (search.html) --------------------------------------------------------

  const FILTERS = ["year", "edition", "kind", "actor"];

  const readParams = () => {
    const params = new URLSearchParams(window.location.search);
    const filters = {};
    for (const name of FILTERS) filters[name] = params.get(name) || "";
    return { q: params.get("q") || "", filters };
  };

  const select = (name, label, choices, value) => {
    const wrap = el("label", `bl-filter bl-filter-${name}`);
    wrap.appendChild(el("span", "bl-filter-label", label));
    const control = el("select");
    control.name = name;
    for (const [optionValue, optionLabel] of choices) {
      const option = el("option", "", optionLabel);
      option.value = optionValue;
      control.appendChild(option);
    }
    control.value = value;
    if (control.value !== value) control.value = "";
    wrap.appendChild(control);
    return wrap;
  };

  const resultsPage = async (container) => {
    const engine = await ready();
    const state = readParams();
    container.replaceChildren();
    const form = el("form", "bl-search-form");
    form.setAttribute("role", "search");
    form.method = "get";
    const queryLabel = el("label", "bl-filter bl-filter-q");
    queryLabel.appendChild(el("span", "bl-filter-label", "Search for"));
    const input = el("input", "bl-search-input");
    input.type = "search";
    input.name = "q";
    input.value = state.q;
    input.setAttribute("autocomplete", "off");
    queryLabel.appendChild(input);
    form.appendChild(queryLabel);

    const years = [...new Set(engine.docs.filter((d) => d.type === "post").map((d) => d.date.slice(0, 4)))]
      .filter((y) => /^\d{4}$/.test(y))
      .sort()
      .reverse();
    const kinds = [...new Set(engine.actors.map((a) => a.kind))].sort();
    const actors = [...engine.actors].sort((a, b) => F.fold(a.name).localeCompare(F.fold(b.name)));
    const filterBox = el("div", "bl-filters");
    filterBox.append(
      select("year", "Year", [["", "Any year"], ...years.map((y) => [y, y])], state.filters.year),
      select("edition", "Edition", [["", "AM and PM"], ["AM", "AM"], ["PM", "PM"]], state.filters.edition),
      select("kind", "Actor kind", [["", "Any kind"], ...kinds.map((k) => [k, engine.kindLabels[k] || k])], state.filters.kind),
      select("actor", "Actor", [["", "Any actor"], ...actors.map((a) => [a.slug, a.name])], state.filters.actor),
    );
    form.appendChild(filterBox);
    const submit = el("button", "bl-search-submit", "Search");
    submit.type = "submit";
    form.appendChild(submit);
    container.appendChild(form);
    const status = el("p", "bl-search-status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    container.appendChild(status);
    const list = el("ol", "bl-results");
    container.appendChild(list);

    let generation = 0;
    const run = async () => {
      const current = ++generation;
      const q = input.value;
      const filters = {};
      for (const name of FILTERS) filters[name] = form.elements[name].value;
      const params = new URLSearchParams();
      if (q) params.set("q", q);
      for (const name of FILTERS) if (filters[name]) params.set(name, filters[name]);
      const url = new URL(window.location.href);
      url.search = params.toString();
      window.history.replaceState(null, "", url.href);
      document.querySelectorAll('input[name="q"]').forEach((other) => other !== input && (other.value = q));
      list.dataset.state = "searching";
      if (!q.trim() && !FILTERS.some((name) => filters[name])) {
        list.replaceChildren();
        status.textContent = "Type a name or words to search the archive.";
        list.dataset.state = "done";
        return;
      }
      const { query, results } = await engine.search(q, filters);
      if (current !== generation) return;
      // Long lists come a page at a time, so a common word stays quick on a phone.
      let shown = 0;
      const showMore = () => {
        more.remove();
        const size = window.BottomlineSearch.pageSize;
        const next = results.slice(shown, shown + size);
        list.append(...next.map((r) => renderResult(engine, r, query.highlight, false)));
        shown += next.length;
        if (shown < results.length) {
          more.textContent = `Show ${Math.min(size, results.length - shown)} more`;
          list.after(more);
        }
      };
      const more = el("button", "bl-results-more");
      more.type = "button";
      more.addEventListener("click", showMore);
      container.querySelectorAll(".bl-results-more").forEach((b) => b.remove());
      list.replaceChildren();
      showMore();
      const onlyCommon = query.common && !query.groups.length && !query.dates.length;
      const found = results.length
        ? `${results.length} page${results.length === 1 ? "" : "s"} found.`
        : onlyCommon
          ? ""
          : "No page matches. Try fewer words, another spelling or fewer filters.";
      status.textContent = [found, queryNotes(query)].filter(Boolean).join(" ");
      list.dataset.state = "done";
      list.dataset.query = q;
    };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      run();
    });
    // Typing already searches; "change" is for the filters (a text box fires it on blur).
    form.addEventListener("change", (event) => event.target.tagName === "SELECT" && run());
    input.addEventListener("input", run);
    await run();
  };

  // -- start ---------------------------------------------------------------------------------

  const start = () => {
    const container = document.getElementById("search-results");
    if (container && onSphinxSearchPage()) {
      // Sphinx's own results list is replaced by ours; its index loading is kept.
      replaceSphinxResults();
      resultsPage(container).catch((error) => {
        container.textContent = `Search is unavailable: ${error.message}`;
      });
    }
    addHeaderSearch();
    const inputs = new Set(document.querySelectorAll('input.sidebar-search, form[role="search"] input[name="q"]'));
    for (const input of inputs) if (!input.closest(".bl-search-form, .bl-header-search")) new Suggest(input);
  };

  window.BottomlineSearch = {
    setMeta: (meta) => metaResolve(meta),
    /** Called by each bottomline-phrases/<n>.js file. */
    addPhrases: (number, words) => phraseFiles.set(number, words),
    phraseFile,
    /** Results shown at a time on the results page. */
    pageSize: PAGE_SIZE,
    ready,
    stats,
    /** Ranked results as plain data, for tests and the benchmark. */
    query: async (raw, filters = {}) => {
      const engine = await ready();
      const { results } = await engine.search(raw, filters);
      return results.map((r) => ({ docname: r.doc.docname, score: r.score, title: r.doc.title }));
    },
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
