/*
 * bottomline-search-box.js: the as-you-type box (every page) and the search button in
 * furo's phone header. An ARIA combobox: ↑/↓ choose, Enter opens, Escape closes.
 */
"use strict";

(function (root) {
  const NS = root.BottomlineSearch;
  const { el, renderResult, queryNotes, helpLink } = NS.Render;
  const { MIN_CHARS } = NS.Engine;
  const { ready, searchPageUrl } = NS.Load;

  const SUGGEST_LIMIT = 8;
  const REMEMBER_KEY = "bottomline-search-box";
  /** Timings of the last rendering, read by the benchmark (bottomline.bench). */
  const stats = { lastInputToRenderMs: null, lastQueryMs: null, renders: 0 };
  let suggestCount = 0;

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
      // Closed a moment after the box loses focus (a tap on a suggestion lands first), and
      // only if focus has not come back meanwhile: a late timer must not close new results.
      input.addEventListener("blur", () =>
        setTimeout(() => {
          if (root.document.activeElement !== input) this.close();
        }, 150),
      );
      this.list.addEventListener("mousedown", (event) => event.preventDefault());
      this.list.addEventListener("click", () => this.remember());
    }

    /** Keep what was typed for when the reader comes back (browsers forget autocomplete=off boxes). */
    remember() {
      try {
        sessionStorage.setItem(REMEMBER_KEY, JSON.stringify({ page: root.location.href, q: this.input.value }));
      } catch (error) {
        // storage may be off (private mode, file://); the box just starts empty then
      }
    }

    restore() {
      try {
        const saved = JSON.parse(sessionStorage.getItem(REMEMBER_KEY) || "null");
        const navigation = performance.getEntriesByType("navigation")[0];
        if (saved && saved.page === root.location.href && navigation && navigation.type === "back_forward") {
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
        root.location.href = this.options()[this.active].href;
      }
    }

    allResultsUrl(query) {
      const action = this.form && this.form.getAttribute("action") ? this.form.action : searchPageUrl();
      const url = new URL(action, root.location.href);
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
      const found = await engine.search(query, {}, SUGGEST_LIMIT);
      if (generation !== this.generation) return; // a newer keystroke won
      stats.lastQueryMs = performance.now() - started;
      this.render(engine, found, query);
      stats.renders += 1;
      // Measured at the next frame, when the results are on screen (see bottomline.bench).
      requestAnimationFrame(() => {
        stats.lastInputToRenderMs = performance.now() - keyTime;
        this.list.dataset.renderMs = stats.lastInputToRenderMs.toFixed(1);
        this.list.dataset.renderedQuery = query;
      });
    }

    /** An entry of the list that is a link the arrows reach, like a result. */
    option(node, suffix) {
      node.id = `${this.id}-${suffix}`;
      node.setAttribute("role", "option");
      node.setAttribute("aria-selected", "false");
      this.list.appendChild(node);
    }

    render(engine, { query: parsed, results, explain }, query) {
      // The same words shown again (the box refocused, a late answer): the entry the reader
      // chose with the arrows stays chosen, so Enter opens it and not the results page.
      const chosen =
        this.list.dataset.query === query && this.active >= 0
          ? this.options()[this.active].getAttribute("href")
          : null;
      this.list.replaceChildren();
      this.active = -1;
      this.input.removeAttribute("aria-activedescendant");
      results.forEach((result, i) => this.option(renderResult(engine, result, explain.highlight, true), i));
      if (!results.length) this.list.appendChild(el("div", "bl-suggest-empty", "No matching pages"));
      const notes = queryNotes(parsed, explain);
      if (notes) this.list.appendChild(el("div", "bl-suggest-note", notes));
      const all = el("a", "bl-suggest-all");
      all.href = this.allResultsUrl(query);
      all.append("See all results for ", el("q", "", query.trim()));
      this.option(all, "all");
      const help = helpLink(engine, "bl-suggest-help");
      if (help) this.option(help, "help");
      this.list.dataset.query = query;
      this.list.hidden = false;
      this.input.setAttribute("aria-expanded", "true");
      const again = this.options().findIndex((option) => option.getAttribute("href") === chosen);
      if (chosen !== null && again >= 0) this.setActive(again);
    }
  }

  /**
   * On a phone furo keeps its sidebar, and the search box in it, behind the menu button. A
   * search button in the header opens an as-you-type box right under it: Enter or a tap on
   * the button opens it and puts the cursor in it; Escape closes the suggestions, then the box.
   * The box is made the first time it is opened (most pages never need it).
   */
  const addHeaderSearch = () => {
    const header = root.document.querySelector("header.mobile-header");
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
        input.value = new URLSearchParams(root.location.search).get("q") || "";
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

  NS.Box = { SUGGEST_LIMIT, Suggest, addHeaderSearch, stats };
  NS.stats = stats;
  if (typeof module !== "undefined" && module.exports) module.exports = NS.Box;
})(typeof window !== "undefined" ? window : globalThis);
