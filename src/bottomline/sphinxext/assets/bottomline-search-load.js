/*
 * bottomline-search-load.js: the site's addresses, and loading the index, the metadata and
 * the phrase files; the one fenced adapter to Sphinx's Search object.
 *
 * ready() resolves to an Engine once searchindex.js (Sphinx's, already loading on
 * search.html, loaded here on every other page), bottomline-searchmeta.js and Sphinx's
 * language_data.js (stemmer and stop words) are in. The metadata is read by field name
 * and must be the version this script knows (META_VERSION, Python: search.META_VERSION).
 */
"use strict";

(function (root) {
  const NS = root.BottomlineSearch;
  /** The searchmeta wire format this script reads (bottomline/sphinxext/search.py). */
  const META_VERSION = 5;

  // -- addresses -----------------------------------------------------------------------------

  const options = () => root.DOCUMENTATION_OPTIONS || {};
  const contentRoot = () => {
    const rootPath = root.document.documentElement.dataset.content_root;
    return rootPath !== undefined ? rootPath : options().URL_ROOT || "";
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
      const script = root.document.createElement("script");
      script.src = url;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`could not load ${url}`));
      root.document.head.appendChild(script);
    });

  // -- the metadata and phrase files call back here -------------------------------------------

  let metaResolve;
  let metaReject;
  const metaLoaded = new Promise((resolve, reject) => ([metaResolve, metaReject] = [resolve, reject]));
  /** Called by bottomline-searchmeta.js. */
  const setMeta = (meta) => {
    if (!meta || meta.version !== META_VERSION) {
      const found = meta && meta.version;
      metaReject(new Error(`bottomline-searchmeta.js is version ${found}, this page reads ${META_VERSION}: rebuild the site`));
      return;
    }
    metaResolve(meta);
  };

  const phraseRows = new Map(); // file number -> {word: row}
  /** Called by each bottomline-phrases/<n>.js file. */
  const addPhrases = (number, rows) => phraseRows.set(number, rows);
  /** The rows of bottomline-phrases/<n>.js; key: the build's phrase key, so builds never mix. */
  const fetchPhraseFile = (number, key) => {
    const url = siteUrl(`bottomline-phrases/${number}.js?k=${encodeURIComponent(key)}`);
    // A classic script runs before its load event: its rows are in by then.
    return loadScript(url).then(() => phraseRows.get(number) || {});
  };

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
      if (typeof Search === "undefined") root.Search = { setIndex: () => {} };
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
    const needsLanguage = typeof root.Stemmer === "undefined";
    readyPromise = Promise.all([
      indexLoaded(),
      metaLoaded,
      needsLanguage ? loadScript(siteUrl("_static/language_data.js")) : null,
      loadScript(siteUrl("bottomline-searchmeta.js")),
    ]).then(([index, meta]) => {
      const key = meta.phrases ? meta.phrases.key : "";
      const engine = new NS.Engine.Engine(index, meta, {
        stemmer: new root.Stemmer(),
        stopwords: root.stopwords || new Set(),
        fetchPhrases: (number) => fetchPhraseFile(number, key),
      });
      setTimeout(() => engine.warmUp(), 0);
      return engine;
    });
    return readyPromise;
  };

  NS.Load = {
    META_VERSION,
    siteUrl,
    pageUrl,
    searchPageUrl,
    loadScript,
    onSphinxSearchPage,
    replaceSphinxResults,
    ready,
  };
  // The names the generated files call.
  NS.setMeta = setMeta;
  NS.addPhrases = addPhrases;
  if (typeof module !== "undefined" && module.exports) module.exports = NS.Load;
})(typeof window !== "undefined" ? window : globalThis);
