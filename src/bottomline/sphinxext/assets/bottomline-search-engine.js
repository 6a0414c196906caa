/*
 * bottomline-search-engine.js: postings, matching, typo distance, ranking and phrases.
 *
 * new Engine(index, meta, {stemmer, stopwords, fetchPhrases}) reads Sphinx's index
 * (terms, titleterms, docnames, titles) and bottomline-searchmeta.js (fields by name).
 * engine.parse(raw) is Query.parse with what the archive knows; engine.rank(query,
 * filters) returns {results, explain} and never changes the query: what it found out
 * (typos corrected, words still being typed, missing words, dates that matched nothing,
 * what to highlight) is in explain, which the result notes and highlighting read.
 * engine.search(raw, filters, limit) also checks quoted phrases on word positions
 * (fetchPhrases(n) gives the object of bottomline-phrases/<n>.js).
 * No DOM; tests/test_search_js.py runs it table-driven on a small fixed index.
 */
"use strict";

(function (root) {
  const F = root.BottomlineFold;
  const Q = root.BottomlineSearch.Query;
  const { codePoints } = Q;

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
  };
  const MIN_CHARS = 2;

  // -- typo distance -------------------------------------------------------------------------

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

  // -- postings ------------------------------------------------------------------------------

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

  /** Sphinx stores one page as a number, several as a list. */
  const postings = (value) => (value === undefined ? [] : typeof value === "number" ? [value] : value);

  // -- word positions, for phrases (bottomline-phrases/<n>.js) --------------------------------

  /** The position file of a word: FNV-1a over its code points (Python: search.phrase_file). */
  const phraseFile = (word, files) => {
    let hash = 0x811c9dc5;
    for (const char of word) hash = Math.imul(hash ^ char.codePointAt(0), 0x01000193) >>> 0;
    return hash % files;
  };

  /** Where the words stand on each page; fetches only the files of the words asked for. */
  class PhrasePositions {
    /** info: the metadata's phrases field ({files, key}); fetchFile(n) -> Promise of its rows. */
    constructor(info, fetchFile) {
      this.files = info ? info.files : 0;
      this.fetchFile = fetchFile;
      this.rows = new Map(); // file number -> {word: [page step, count, position steps…]…}
      this.loading = new Map();
      this.decoded = new Map();
    }

    async load(words) {
      if (!this.files || !this.fetchFile) throw new Error("this site has no word positions");
      const numbers = new Set([...words].map((word) => phraseFile(word, this.files)));
      await Promise.all(
        [...numbers].map((n) => {
          if (!this.loading.has(n)) {
            const done = Promise.resolve(this.fetchFile(n)).then((rows) => this.rows.set(n, rows || {}));
            done.catch(() => this.loading.delete(n)); // tried again next time
            this.loading.set(n, done);
          }
          return this.loading.get(n);
        }),
      );
    }

    /** Map(page id -> Set of positions) of a word. */
    of(word) {
      if (this.decoded.has(word)) return this.decoded.get(word);
      const file = this.rows.get(phraseFile(word, this.files));
      const row = (file || {})[word] || [];
      const pages = new Map();
      for (let i = 0, page = 0; i < row.length; ) {
        page += row[i];
        const count = row[i + 1];
        const positions = new Set();
        for (let k = 0, at = 0; k < count; k++) positions.add((at += row[i + 2 + k]));
        pages.set(page, positions);
        i += 2 + count;
      }
      if (file) this.decoded.set(word, pages);
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

  /** What one ranking found out as it matched words; made per call, never kept. */
  const newScratch = () => ({ corrections: new Map(), truncated: new Map(), words: new Map() });

  class Engine {
    constructor(index, meta, { stemmer, stopwords, fetchPhrases } = {}) {
      this.terms = index.terms;
      this.titleTerms = index.titleterms;
      this.termKeys = Object.keys(this.terms).sort();
      this.titleKeys = Object.keys(this.titleTerms).sort();
      this.stemmer = stemmer;
      this.stems = new Map();
      this.stopwords = stopwords || new Set();
      this.kindLabels = meta.kinds || {};
      this.help = meta.help || null; // the docname of the "How to search" page, if any
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
        const actor = { id, docId, slug, name, kind, aliases, posts: [], keys: [name, ...aliases].map(F.nameKey) };
        if (docId >= 0) Object.assign(this.docs[docId], { type: "actor", actor });
        return actor;
      });
      this.actorsByKey = new Map();
      for (const actor of this.actors) {
        for (const key of actor.keys) if (key && !this.actorsByKey.has(key)) this.actorsByKey.set(key, actor);
      }
      for (const doc of this.docs) if (doc.type === "post") for (const id of doc.actors) this.actors[id].posts.push(doc.id);
      // Every word of every name, as the index would store it -> the actors it names, so a
      // word of any alias finds the posts that mention the actor under any other name.
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
      this.positions = new PhrasePositions(meta.phrases, fetchPhrases);
      this.lexicon = Q.lexiconOf({
        stopwords: this.stopwords,
        newest: this.newest,
        stem: (word) => this.stem(word),
        keep: (word) => this.keep(word),
        hasExact: (word) => this.hasExact(word),
        actorByKey: (key) => this.actorsByKey.get(key) || null,
        nearestActor: (key) => this.nearestActor(key),
      });
    }

    /** What the index stores for a word: Sphinx lowercases the stem (``stem(w).lower()``). */
    stem(word) {
      // Remembered: bottom lines are stemmed word by word to rank updates about the query.
      let stem = this.stems.get(word);
      if (stem === undefined) {
        stem = this.stemmer ? this.stemmer.stemWord(word).toLowerCase() : word;
        this.stems.set(word, stem);
      }
      return stem;
    }

    keep(word) {
      return F.isSearchWord(word) && !this.stopwords.has(word);
    }

    hasExact(word) {
      const stem = this.stem(word);
      return [word, stem].some((t) => Object.hasOwn(this.terms, t) || Object.hasOwn(this.titleTerms, t) || this.aliasWords.has(t));
    }

    /** The query the reader typed, read with what this archive knows (a frozen Query). */
    parse(raw) {
      return Q.parse(raw, this.lexicon);
    }

    /** Docs matching one query word, each with its best score: Map(docId -> score). */
    matchWord(word, scratch) {
      const scores = new Map();
      const add = (files, score) => {
        for (const id of postings(files)) if ((scores.get(id) || 0) < score) scores.set(id, score);
      };
      // A word of an actor's name: the actor's page (as a title word) and every post that
      // mentions the actor, whatever name the post used.
      const addActors = (form, textScore, titleScore) => {
        for (const actor of this.aliasWords.get(form) || []) {
          add(actor.posts, textScore);
          if (actor.docId >= 0) add(actor.docId, titleScore);
        }
      };
      const addTerm = (term, textScore, titleScore) => {
        if (Object.hasOwn(this.terms, term)) add(this.terms[term], textScore);
        if (Object.hasOwn(this.titleTerms, term)) add(this.titleTerms[term], titleScore);
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
            scratch.truncated.set(word, shorter); // highlighted, not said: it is being typed
            break;
          }
        }
      }
      if (scores.size === 0) {
        // A typo: the closest words the archive has ("hezbolah" -> "hezbollah").
        const near = this.nearTerms(word, stem);
        for (const term of near) addTerm(term, SCORE.near, SCORE.titlePrefix);
        if (near.length) scratch.corrections.set(word, near);
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

    /** Docs a group matches: Map(docId -> score). */
    groupScores(group, scratch) {
      const wordScores = (word) => {
        if (!scratch.words.has(word)) scratch.words.set(word, this.matchWord(word, scratch));
        return scratch.words.get(word);
      };
      const scores = new Map();
      for (const { words, bonus } of group.alternatives) {
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

    /** The stems of a post's bottom line (remembered per post: the text never changes). */
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

    /** Whether a post's bottom line has one of the group's alternatives (by stem). */
    inBottomLine(doc, group, scratch) {
      const stems = this.bottomLineStems(doc);
      const has = (word) =>
        stems.has(this.stem(word)) ||
        stems.has(scratch.truncated.get(word)) ||
        (scratch.corrections.get(word) || []).some((t) => stems.has(t));
      return group.alternatives.some(({ words }) => words.every(has));
    }

    /**
     * Ranked results for a query and filters, phrases still unchecked: {results: [{doc,
     * score}], explain: {corrections, partial, datesIgnored, named, highlight}}.
     */
    rank(query, filters = {}) {
      const scratch = newScratch();
      let partial = null;
      let datesIgnored = false;
      const required = query.groups.filter((g) => !g.optional);
      const perGroup = required.map((group) => this.groupScores(group, scratch));
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
            partial = { matched: best, of, missing };
          }
        }
      }
      // Asking words ("say", "news") only stand in when nothing else was typed.
      for (const group of query.groups.filter((g) => g.optional && !g.filler)) {
        const scores = this.groupScores(group, scratch);
        if (total) for (const [id, score] of scores) if (total.has(id)) total.set(id, total.get(id) + score);
      }
      const corrections = [...scratch.corrections].map(([word, terms]) => ({ word, terms }));
      const filtering = Object.values(filters).some((v) => v);
      if (total === null) {
        // No words (only filters or dates): every post and actor they allow.
        total = new Map();
        if (filtering || query.dates.length) this.docs.forEach((doc) => doc.type !== "page" && total.set(doc.id, 0));
      }
      // Any name of an actor finds the actor page first; its start, typed right or (when a
      // word had a typo) nearly right, puts the page higher.
      const keyLength = codePoints(query.key);
      const startEdits = corrections.length && keyLength >= 6 ? (keyLength < 10 ? 1 : 2) : 0;
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
        for (const id of near.posts) if ((total.get(id) || 0) < postScore) total.set(id, postScore);
        partial = null;
      }
      const named = query.nameActor || near;
      for (const [id, score] of total) {
        const doc = this.docs[id];
        let bonus = doc.type === "page" ? SCORE.otherPage : 0;
        // The query names one actor: updates about it come before other actors' pages.
        if (named && doc.type === "actor" && doc.actor !== named) bonus += SCORE.otherActor;
        if (doc.type === "post") for (const group of required) if (this.inBottomLine(doc, group, scratch)) bonus += SCORE.bottomLine;
        total.set(id, score + bonus);
      }
      if (query.dates.length) {
        // Dates typed in the query hold for updates; only the actor the query names stays.
        const passes = (doc) =>
          doc.type === "post" ? query.dates.every((c) => c.test(doc)) : named && doc.actor === named;
        const kept = [...total].filter(([id]) => passes(this.docs[id]));
        if (!query.groups.length || kept.some(([id]) => this.docs[id].type === "post")) total = new Map(kept);
        else datesIgnored = true;
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
      // Corrected and half-typed words light up as the words found.
      const words = new Set(query.highlight.words);
      for (const { terms } of corrections) terms.forEach((t) => words.add(t));
      for (const shorter of scratch.truncated.values()) words.add(shorter);
      const explain = {
        corrections,
        partial,
        datesIgnored,
        named: named || null,
        phraseUnchecked: 0,
        highlight: { words, phrases: [...query.phrases, ...query.highlight.names], quoted: query.phrases },
      };
      return { results, explain };
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
     * stay, unchecked, and explain says how many: a phrase never silently drops a page.
     */
    async checkPhrases(query, results, explain) {
      const { phrases } = query;
      const known = (doc, phrase) => this.knownWords(doc).includes(` ${phrase.join(" ")} `);
      const pending = results.filter((r) => !phrases.every((p) => known(r.doc, p)));
      if (!pending.length) return { results, explain };
      try {
        await this.positions.load(new Set(phrases.flat()));
      } catch (error) {
        return { results, explain: { ...explain, phraseUnchecked: pending.length } };
      }
      const out = new Set(pending.filter((r) => !phrases.every((p) => this.positions.has(r.doc.id, p))));
      return { results: results.filter((r) => !out.has(r)), explain };
    }

    /** Search: {query, results, explain}, ranked, phrases checked. */
    async search(raw, filters = {}, limit = Infinity) {
      const query = this.parse(raw);
      let { results, explain } = this.rank(query, filters);
      if (query.phrases.length) ({ results, explain } = await this.checkPhrases(query, results, explain));
      return { query, results: results.slice(0, limit), explain: Object.freeze(explain) };
    }
  }

  const api = { SCORE, MIN_CHARS, Engine, PhrasePositions, editDistance, allowedEdits, prefixRange, postings, phraseFile };
  root.BottomlineSearch.Engine = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : globalThis);
