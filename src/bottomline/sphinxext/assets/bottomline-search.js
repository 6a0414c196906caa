/*
 * bottomline-search.js: search the archive the way readers remember names. The start.
 *
 * The parts, loaded before this file in this order (sphinxext/search.py JS_FILES), each a
 * classic script on window.BottomlineSearch (no build step; works from file://):
 *   bottomline-fold.js            BottomlineFold: the twin of bottomline/text.py
 *   bottomline-search-query.js    .Query: parse(raw) -> frozen Query (words, dates, phrases)
 *   bottomline-search-engine.js   .Engine: postings, matching, typos, rank -> {results, explain}
 *   bottomline-search-load.js     .Load: index and metadata loading, Sphinx's Search adapter
 *   bottomline-search-render.js   .Render: results, highlighting, notes
 *   bottomline-search-box.js      .Box: the as-you-type box and the phone header's button
 *   bottomline-search-results.js  .Results: the results page with its filters
 * docs/search-internals.md says how they fit together.
 */
"use strict";

(function (root) {
  const NS = root.BottomlineSearch;

  const start = () => {
    const container = root.document.getElementById("search-results");
    if (container && NS.Load.onSphinxSearchPage()) {
      // Sphinx's own results list is replaced by ours; its index loading is kept.
      NS.Load.replaceSphinxResults();
      NS.Results.resultsPage(container).catch((error) => {
        container.textContent = `Search is unavailable: ${error.message}`;
      });
    }
    NS.Box.addHeaderSearch();
    const inputs = new Set(root.document.querySelectorAll('input.sidebar-search, form[role="search"] input[name="q"]'));
    for (const input of inputs) if (!input.closest(".bl-search-form, .bl-header-search")) new NS.Box.Suggest(input);
  };

  NS.ready = NS.Load.ready;
  NS.phraseFile = NS.Engine.phraseFile;
  /** Ranked results as plain data, for tests and the benchmark. */
  NS.query = async (raw, filters = {}) => {
    const engine = await NS.Load.ready();
    const { results } = await engine.search(raw, filters);
    return results.map((r) => ({ docname: r.doc.docname, score: r.score, title: r.doc.title }));
  };

  if (root.document.readyState === "loading") root.document.addEventListener("DOMContentLoaded", start);
  else start();
})(window);
