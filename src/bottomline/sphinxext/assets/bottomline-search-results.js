/*
 * bottomline-search-results.js: the results page (search.html): the words, the filters
 * (year, edition, actor kind, actor) kept in the address, and the results a page at a time.
 */
"use strict";

(function (root) {
  const NS = root.BottomlineSearch;
  const F = root.BottomlineFold;
  const { el, renderResult, queryNotes, onlyCommon, helpLink } = NS.Render;

  const FILTERS = ["year", "edition", "kind", "actor"];
  /** Results shown at a time (NS.pageSize, which tests may lower). */
  const PAGE_SIZE = 50;

  const readParams = () => {
    const params = new URLSearchParams(root.location.search);
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

  /** The form: words, filters with the choices this archive has, and the button. */
  const searchForm = (engine, state) => {
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
    const years = [...new Set(engine.posts.map((d) => d.date.slice(0, 4)))]
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
    return { form, input };
  };

  const resultsPage = async (container) => {
    const engine = await NS.Load.ready();
    const { form, input } = searchForm(engine, readParams());
    container.replaceChildren(form);
    const help = helpLink(engine, "bl-search-help-link");
    if (help) container.appendChild(el("p", "bl-search-help")).appendChild(help);
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
      const url = new URL(root.location.href);
      url.search = params.toString();
      root.history.replaceState(null, "", url.href);
      root.document.querySelectorAll('input[name="q"]').forEach((other) => other !== input && (other.value = q));
      list.dataset.state = "searching";
      if (!q.trim() && !FILTERS.some((name) => filters[name])) {
        list.replaceChildren();
        status.textContent = "Type a name or words to search the archive.";
        list.dataset.state = "done";
        return;
      }
      const { query, results, explain } = await engine.search(q, filters);
      if (current !== generation) return;
      // Long lists come a page at a time, so a common word stays quick on a phone.
      let shown = 0;
      const showMore = () => {
        more.remove();
        const size = NS.pageSize;
        const next = results.slice(shown, shown + size);
        list.append(...next.map((r) => renderResult(engine, r, explain.highlight, false)));
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
      const found = results.length
        ? `${results.length} page${results.length === 1 ? "" : "s"} found.`
        : onlyCommon(query)
          ? ""
          : "No page matches. Try fewer words, another spelling or fewer filters.";
      status.textContent = [found, queryNotes(query, explain)].filter(Boolean).join(" ");
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

  NS.Results = { FILTERS, PAGE_SIZE, readParams, resultsPage };
  NS.pageSize = PAGE_SIZE;
  if (typeof module !== "undefined" && module.exports) module.exports = NS.Results;
})(typeof window !== "undefined" ? window : globalThis);
