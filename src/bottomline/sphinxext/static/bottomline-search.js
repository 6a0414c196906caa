/*
 * bottomline-search.js: search the archive the way readers remember names.
 *
 * The engine is Sphinx's own searchindex.js (loaded by Sphinx on search.html, lazily
 * here on every other page); bottomline-searchmeta.js adds dates, editions, bottom lines,
 * actors and aliases. Query words go through BottomlineFold.searchWords and Sphinx's
 * English stemmer, exactly as the Python side indexed them.
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
    aliasExact: 100, // the query is one of the actor's names: its page comes first
    aliasPrefix: 10, // the query starts one of the actor's names
    otherPage: -3, // listings and the like come after updates and actors
  };
  const MIN_CHARS = 2;
  const SUGGEST_LIMIT = 8;
  const PAGE_SIZE = 50;
  const PHRASE_FETCH_LIMIT = 40;
  const MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
  ]; // prettier-ignore
  const DOCNAME_DATE_RE = /(?:^|\/)(\d{4}-\d{2}-\d{2})-(am|pm)-[^/]*$/;
  const QUOTES_RE = /["\u201c\u201d\u201e]([^"\u201c\u201d\u201e]*)["\u201c\u201d\u201e]/g;
  // A run of text that is one word to a reader: letters, digits, marks and apostrophes.
  const WORD_RUN_RE = /[\p{L}\p{N}\p{M}'\u2019\u2018\u02bc\u02bb]+/gu;

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

  /** Sphinx's index: already on its way on search.html, loaded here everywhere else. */
  const indexLoaded = () =>
    new Promise((resolve, reject) => {
      const stockPage = typeof Search !== "undefined" && typeof Search.performSearch === "function";
      if (typeof Search === "undefined") {
        // searchindex.js calls Search.setIndex(...): give it somewhere to land.
        window.Search = { _index: null, setIndex: (index) => (window.Search._index = index) };
      }
      if (Search._index) return resolve(Search._index);
      const original = Search.setIndex;
      Search.setIndex = (index) => {
        original.call(Search, index);
        resolve(index);
      };
      if (!stockPage) loadScript(siteUrl("searchindex.js")).catch(reject);
    });

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
      this.stopwords = window.stopwords || new Set();
      this.kindLabels = meta.kinds || {};
      this.docs = index.docnames.map((docname, id) => ({
        id,
        docname,
        title: index.titles[id] || "",
        filename: index.filenames[id],
        type: "page",
      }));
      for (const [id, bottomLine, actorIds, date, edition] of meta.posts || []) {
        // The date and edition are in the file name, unless the metadata says otherwise.
        const named = DOCNAME_DATE_RE.exec(this.docs[id].docname) || [];
        Object.assign(this.docs[id], {
          type: "post",
          date: date ?? named[1] ?? "",
          edition: edition ?? (named[2] || "").toUpperCase(),
          bottomLine,
          actors: actorIds,
        });
      }
      this.actors = (meta.actors || []).map(([docId, slug, name, kind, aliases], id) => {
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
      this.sourceCache = new Map();
    }

    /** What the index stores for a word: Sphinx lowercases the stem (``stem(w).lower()``). */
    stem(word) {
      return this.stemmer.stemWord(word).toLowerCase();
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
      const stem = this.stem(word);
      const exact = new Set([word, stem]);
      for (const term of exact) {
        if (this.terms.hasOwnProperty(term)) add(this.terms[term], SCORE.textExact);
        if (this.titleTerms.hasOwnProperty(term)) add(this.titleTerms[term], SCORE.titleExact);
        addActors(term, SCORE.textExact, SCORE.titleExact);
      }
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
          if (this.terms.hasOwnProperty(shorter)) add(this.terms[shorter], SCORE.textPrefix);
          if (this.titleTerms.hasOwnProperty(shorter)) add(this.titleTerms[shorter], SCORE.titlePrefix);
          addActors(shorter, SCORE.textPrefix, SCORE.titlePrefix);
          if (scores.size) break;
        }
      }
      return scores;
    }

    /** The query as requirements: every group must match one of its alternatives. */
    parse(raw) {
      const phrases = [];
      const text = String(raw || "").replace(QUOTES_RE, (_, inner) => {
        const words = F.fold(inner).split(" ").filter(Boolean).map(F.stripArabicArticle);
        if (words.length) phrases.push(words);
        return ` ${inner} `;
      });
      const groups = [];
      const highlight = new Set();
      for (const chunk of text.split(/\s+/)) {
        if (!chunk) continue;
        const all = F.searchWords(chunk);
        const partCount = F.fold(chunk).split(" ").filter(Boolean).length;
        const parts = all.slice(0, partCount);
        const compounds = all.slice(partCount);
        parts.forEach((w) => F.isSearchWord(w) && highlight.add(w));
        compounds.forEach((w) => highlight.add(w));
        const alternatives = [];
        const kept = parts.filter((w) => this.keep(w));
        if (kept.length) alternatives.push(kept);
        for (const compound of compounds) if (this.keep(compound)) alternatives.push([compound]);
        if (kept.length === 1 && parts.length === 1) {
          const word = kept[0];
          // "alNujaba" typed joined: the Latin article comes off when the joined word is unknown.
          const article = /^(al|el)(.{3,})$/u.exec(word);
          if (article && !this.hasExact(word)) {
            alternatives.push([article[2]]);
            highlight.add(article[2]);
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
        if (alternatives.length) groups.push(alternatives);
      }
      const key = F.nameKey(text);
      // A query that names an actor also lights up the actor's other names in results.
      const named = [this.actorsByKey.get(key), ...text.split(/\s+/).map((c) => this.actorsByKey.get(F.nameKey(c)))];
      for (const actor of named) {
        if (!actor) continue;
        for (const name of [actor.name, ...actor.aliases]) {
          F.searchWords(name).filter((w) => this.keep(w)).forEach((w) => highlight.add(w));
        }
      }
      return { raw: String(raw || ""), groups, phrases, highlight: [...highlight], key };
    }

    /** Ranked results for a query and filters (docs with .score), phrases still unchecked. */
    candidates(query, filters) {
      const wordCache = new Map();
      const wordScores = (word) => {
        if (!wordCache.has(word)) wordCache.set(word, this.matchWord(word));
        return wordCache.get(word);
      };
      let total = null; // Map(docId -> score), null until the first group
      for (const alternatives of query.groups) {
        const groupScores = new Map();
        for (const words of alternatives) {
          let altScores = null;
          for (const word of words) {
            const scores = wordScores(word);
            if (altScores === null) altScores = new Map(scores);
            else {
              for (const [id, score] of altScores) {
                if (scores.has(id)) altScores.set(id, score + scores.get(id));
                else altScores.delete(id);
              }
            }
          }
          for (const [id, score] of altScores || []) {
            if ((groupScores.get(id) || 0) < score) groupScores.set(id, score);
          }
        }
        if (total === null) total = groupScores;
        else {
          for (const [id, score] of total) {
            if (groupScores.has(id)) total.set(id, score + groupScores.get(id));
            else total.delete(id);
          }
        }
      }
      const filtering = Object.values(filters).some((v) => v);
      if (total === null) {
        // No words (only filters): every post and actor the filters allow.
        total = new Map();
        if (filtering) this.docs.forEach((doc) => doc.type !== "page" && total.set(doc.id, 0));
      }
      // Any name of an actor finds the actor page first.
      if (query.key.length >= MIN_CHARS) {
        for (const actor of this.actors) {
          if (actor.docId < 0) continue;
          let boost = 0;
          if (actor.keys.includes(query.key)) boost = SCORE.aliasExact;
          else if (query.groups.length && actor.keys.some((k) => k.startsWith(query.key))) boost = SCORE.aliasPrefix;
          if (boost && (total.has(actor.docId) || boost === SCORE.aliasExact)) {
            total.set(actor.docId, (total.get(actor.docId) || 0) + boost);
          }
        }
      }
      const results = [];
      for (const [id, score] of total) {
        const doc = this.docs[id];
        if (!this.passes(doc, filters, filtering)) continue;
        results.push({ doc, score: score + (doc.type === "page" ? SCORE.otherPage : 0) });
      }
      results.sort(
        (a, b) =>
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

    /** The words of what a reader sees of a doc without fetching it. */
    knownText(doc) {
      const parts = [doc.title, doc.bottomLine || ""];
      if (doc.actor) parts.push(doc.actor.name, ...doc.actor.aliases);
      return parts.join(" \n ");
    }

    static containsPhrase(text, phrase) {
      const words = F.fold(text).split(" ").filter(Boolean).map(F.stripArabicArticle);
      return ` ${words.join(" ")} `.includes(` ${phrase.join(" ")} `);
    }

    /** The page's text: its source as Sphinx copied it (roles unwrapped), or its HTML. */
    async pageText(doc) {
      if (this.sourceCache.has(doc.id)) return this.sourceCache.get(doc.id);
      const promise = (async () => {
        const suffix = options().SOURCELINK_SUFFIX ?? ".txt";
        try {
          const response = await fetch(siteUrl(`_sources/${doc.filename}${suffix}`));
          if (response.ok) {
            return (await response.text())
              .replace(/\{[\w:.-]+\}`([^`<]*?)\s*(?:<[^`>]*>)?`/g, "$1") // {actor}`text <target>`
              .replace(/^:::+.*$/gm, " ");
          }
        } catch (error) {
          // fall through to the HTML page
        }
        try {
          const response = await fetch(pageUrl(doc.docname));
          if (!response.ok) return "";
          const page = new DOMParser().parseFromString(await response.text(), "text/html");
          const main = page.querySelector('[role="main"]') || page.body;
          return main ? main.textContent : "";
        } catch (error) {
          return "";
        }
      })();
      this.sourceCache.set(doc.id, promise);
      return promise;
    }

    /** Keep the results whose text has every phrase, words in that order. */
    async checkPhrases(results, phrases, limit) {
      if (!phrases.length) return results;
      const kept = [];
      const pending = [];
      for (const result of results) {
        const known = this.knownText(result.doc);
        if (phrases.every((p) => Engine.containsPhrase(known, p))) kept.push(result);
        else if (pending.length < limit) pending.push(result);
      }
      const checked = await Promise.all(
        pending.map(async (result) => {
          const text = `${this.knownText(result.doc)} \n ${await this.pageText(result.doc)}`;
          return phrases.every((p) => Engine.containsPhrase(text, p)) ? result : null;
        }),
      );
      const confirmed = new Set([...kept, ...checked.filter(Boolean)]);
      return results.filter((r) => confirmed.has(r));
    }

    /** Search: ranked results, phrases checked. */
    async search(raw, filters = {}, limit = Infinity) {
      const query = this.parse(raw);
      let results = this.candidates(query, filters);
      if (query.phrases.length) results = await this.checkPhrases(results, query.phrases, PHRASE_FETCH_LIMIT);
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

  /** Append text to parent, wrapping the words that match the query in <mark>. */
  const appendHighlighted = (parent, text, highlight) => {
    const forms = highlight.filter((w) => codePoints(w) >= 2);
    let last = 0;
    for (const match of String(text).matchAll(WORD_RUN_RE)) {
      const words = F.fold(match[0]).split(" ").filter(Boolean).map(F.stripArabicArticle);
      const joined = words.join("");
      const hit = forms.some((form) => words.some((w) => w.startsWith(form)) || joined.startsWith(form));
      if (!hit) continue;
      if (match.index > last) parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      parent.appendChild(el("mark", "bl-hit", match[0]));
      last = match.index + match[0].length;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
    return parent;
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
      appendHighlighted(aliases, doc.actor.aliases.join(", "), highlight);
      item.appendChild(aliases);
    }
    return item;
  };

  // -- the as-you-type box (every page) -------------------------------------------------------

  let suggestCount = 0;
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
      input.addEventListener("focus", () => ready().catch(() => {}));
      input.addEventListener("input", (event) => this.update(event.timeStamp));
      input.addEventListener("keydown", (event) => this.key(event));
      input.addEventListener("blur", () => setTimeout(() => this.close(), 150));
      this.list.addEventListener("mousedown", (event) => event.preventDefault());
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
      } else if (event.key === "Enter" && !this.list.hidden && this.active >= 0) {
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
      status.textContent = results.length
        ? `${results.length} page${results.length === 1 ? "" : "s"} found.`
        : "No page matches. Try fewer words, another spelling or fewer filters.";
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
    if (container && typeof Search !== "undefined" && typeof Search.performSearch === "function") {
      // Sphinx's own results list is replaced by ours; its index loading is kept.
      Search.performSearch = () => {};
      Search.query = () => {};
      resultsPage(container).catch((error) => {
        container.textContent = `Search is unavailable: ${error.message}`;
      });
    }
    const inputs = new Set(document.querySelectorAll('input.sidebar-search, form[role="search"] input[name="q"]'));
    for (const input of inputs) if (!input.closest(".bl-search-form")) new Suggest(input);
  };

  window.BottomlineSearch = {
    setMeta: (meta) => metaResolve(meta),
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
