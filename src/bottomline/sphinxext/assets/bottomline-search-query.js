/*
 * bottomline-search-query.js: what the reader typed, read once into a frozen Query.
 *
 * parse(raw, lexicon) splits the words the way the index was made (BottomlineFold),
 * reads dates and editions ("since June", "PM edition"), phrases in quotes, abbreviations
 * ("U.S."), numbers ("1,310"), names typed joined or apart ("KataibHezbollah",
 * "Kurdistan 24") and asking words ("what did we say about"). The lexicon is what the
 * engine knows of the archive (stop words, stems, which words exist, actors' names, the
 * newest date); without one, nothing is known and no word is an actor.
 * No DOM; tests/test_search_js.py runs it table-driven in a blank page.
 */
"use strict";

(function (root) {
  const F = root.BottomlineFold;

  const MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
  ]; // prettier-ignore
  const QUOTES_RE = /["\u201c\u201d\u201e]([^"\u201c\u201d\u201e]*)["\u201c\u201d\u201e]/g;
  /** A joined word ("Kurdistan24") standing for the two typed apart ranks above either alone. */
  const JOINED_BONUS = 20;
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
   * every update must meet ("since June", "in October 2025", "last month"), each a
   * {label, test(doc)}; soft: a bare "2025" or "October" at a token index, which ranks
   * updates of that time first}.
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

  // -- words ---------------------------------------------------------------------------------

  const codePoints = (text) => [...text].length;

  /** What a parse knows without an archive: stop words only if given, no actors. */
  const lexiconOf = (given = {}) => {
    const stopwords = given.stopwords || new Set();
    return {
      stopwords,
      newest: given.newest || new Date().toISOString().slice(0, 10),
      stem: given.stem || ((word) => word),
      keep: given.keep || ((word) => F.isSearchWord(word) && !stopwords.has(word)),
      hasExact: given.hasExact || (() => false),
      actorByKey: given.actorByKey || (() => null),
      nearestActor: given.nearestActor || (() => null),
    };
  };

  /** One typed chunk ("Kata'ib", "S-400", "alNujaba") as alternatives of words. */
  const chunkGroup = (lexicon, chunk, highlight) => {
    const { words: parts, compounds } = F.searchParts(chunk);
    const alternatives = [];
    const kept = parts.filter((w) => lexicon.keep(w));
    if (kept.length) alternatives.push({ words: kept, bonus: 0 });
    for (const compound of compounds) if (lexicon.keep(compound)) alternatives.push({ words: [compound], bonus: 0 });
    for (const word of [...kept, ...compounds]) {
      highlight.add(word);
      // "sanctions" lights up "sanctioned" too, through their stem.
      const stem = lexicon.stem(word);
      if (codePoints(stem) >= 4) highlight.add(stem);
    }
    if (kept.length === 1 && parts.length === 1) {
      const word = kept[0];
      // "alNujaba" typed joined: the Latin article comes off when the joined word is unknown.
      const article = /^(al|el)(.{3,})$/u.exec(word);
      if (article && !lexicon.hasExact(word)) {
        alternatives.push({ words: [article[2]], bonus: 0 });
        highlight.add(article[2]);
      }
      // "Kurdistan24" typed joined, written apart ("Kurdistan 24"): its letters and its number.
      const split = /^(\p{L}+)([0-9]+)$/u.exec(word) || /^([0-9]+)(\p{L}+)$/u.exec(word);
      if (split && !lexicon.hasExact(word)) {
        const apart = split.slice(1).filter((w) => lexicon.keep(w));
        if (apart.length) alternatives.push({ words: apart, bonus: 0 });
        apart.forEach((w) => highlight.add(w));
      }
      // "KataibHezbollah": one of an actor's names typed without its spaces.
      const actor = lexicon.actorByKey(F.nameKey(chunk));
      if (actor) {
        for (const name of [actor.name, ...actor.aliases]) {
          if (F.nameKey(name) !== F.nameKey(chunk)) continue;
          const words = F.searchWords(name).filter((w) => lexicon.keep(w));
          if (words.length > 1) alternatives.push({ words, bonus: 0 });
        }
      }
    }
    return { label: chunk, alternatives, optional: false, filler: false, date: null, dateLabel: "" };
  };

  /** The typed text as chunks: {text, quoted}, and the quoted phrases as word lists. */
  const chunksOf = (raw) => {
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
    return { chunks, phrases };
  };

  /** Freeze what a Query owns (not the actors it points to, which belong to the engine). */
  const freezeQuery = (query) => {
    for (const group of query.groups) {
      group.alternatives.forEach((alternative) => Object.freeze(Object.freeze(alternative).words));
      Object.freeze(group.alternatives);
      Object.freeze(group);
    }
    query.phrases.forEach(Object.freeze);
    query.dates.forEach(Object.freeze);
    query.highlight.names.forEach(Object.freeze);
    for (const key of ["groups", "phrases", "dates", "words"]) Object.freeze(query[key]);
    Object.freeze(query.highlight.words);
    Object.freeze(query.highlight.names);
    Object.freeze(query.highlight);
    return Object.freeze(query);
  };

  /**
   * The query as requirements: every required group must match one of its alternatives;
   * optional groups never remove results (a bare "2025" ranks, asking words like "say"
   * are ignored). Dates typed in the query ("since June") become conditions on updates.
   * Returns a frozen Query: {raw, groups, phrases, key, nameActor, nearActor, dates,
   * common, newestFirst, highlight: {words, names}}.
   */
  const parse = (raw, given) => {
    const lexicon = lexiconOf(given);
    const { chunks, phrases } = chunksOf(raw);
    const tokens = chunks.map((c) => (c.quoted ? "" : F.nameKey(c.text)));
    const dates = readDates(tokens, lexicon.newest);
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
      const group = chunkGroup(lexicon, chunk.text, filler ? new Set() : highlight);
      const soft = softDates.get(i);
      if (soft) Object.assign(group, { date: soft.test, dateLabel: soft.label });
      if (!group.alternatives.length && !group.date) {
        if (F.searchWords(chunk.text).some((w) => lexicon.stopwords.has(w))) common += 1; // "the", not "-"
        return;
      }
      // Asking words and a bare "2025" or "October" rank results; they never remove any.
      group.optional = filler || Boolean(group.date);
      group.filler = filler;
      groups.push(group);
      groupOf.set(i, group);
      const actor = lexicon.actorByKey(tokens[i]);
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
      if (!lexicon.hasExact(joined)) continue;
      groupOf.get(i).alternatives.push({ words: [joined], bonus: JOINED_BONUS });
      if (groupOf.has(i + 1)) groupOf.get(i + 1).alternatives.push({ words: [joined], bonus: 0 });
      highlight.add(joined);
    }
    // Nothing else typed ("2025", "latest news"): then the date, or the words, are the search.
    if (groups.every((g) => g.optional)) {
      const dated = groups.filter((g) => g.date);
      (dated.length ? dated : groups).forEach((g) => (g.optional = false));
    }
    const key = F.nameKey(keyChunks.join(" "));
    const nameActor = lexicon.actorByKey(key) || null;
    const nearActor = nameActor || groups.length < 1 ? null : lexicon.nearestActor(key) || null;
    named.push(...[nameActor, nearActor].filter(Boolean));
    // The queried actor's names light up in results, as names, not word by word.
    const names = [];
    for (const actor of new Set(named)) {
      for (const name of [actor.name, ...actor.aliases]) {
        const words = F.searchParts(name).words;
        if (words.length) names.push(words);
      }
    }
    return freezeQuery({
      raw: String(raw || ""),
      groups,
      phrases,
      words: groups.flatMap((g) => g.alternatives.flatMap((a) => a.words)),
      key,
      nameActor,
      nearActor,
      dates: dates.conditions,
      common,
      newestFirst,
      highlight: { words: [...highlight], names },
    });
  };

  const api = {
    MONTHS,
    FILLER_WORDS,
    NEWEST_WORDS,
    JOINED_BONUS,
    codePoints,
    readDate,
    readDates,
    dateSpan,
    lexiconOf,
    chunksOf,
    parse,
  };
  root.BottomlineSearch = root.BottomlineSearch || {};
  root.BottomlineSearch.Query = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : globalThis);
