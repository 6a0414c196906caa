"""The search in a real browser: results page, as-you-type box, safety, phone, no server."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlparse

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DRONE = "posts/2025/2025-03-10-am-drone-warning"
TUESDAY = "posts/2025/2025-06-02-am-tuesday-notes"
DRILL = "posts/2025/2025-07-01-am-markup-drill"
KH_PAGE = "actors/kataib-hezbollah"
RATE = "posts/2025/2025-09-15-pm-rate-holds"
XSS_QUERY = "<img src=x onerror=window.__xss=7><script>window.__xss=8</script> drill"


def results_page(page: Any, url: str, query: str, **filters: str) -> list[dict[str, Any]]:
    params = "&".join(f"{k}={quote(v)}" for k, v in {"q": query, **filters}.items())
    page.goto(f"{url}search.html?{params}")
    page.wait_for_selector("ol.bl-results[data-state=done]", state="attached")
    return page.eval_on_selector_all(
        "ol.bl-results > li",
        """items => items.map(li => ({
            docname: li.dataset.docname,
            title: li.querySelector('.bl-result-title').textContent,
            meta: li.querySelector('.bl-result-meta')?.textContent ?? '',
            snippet: li.querySelector('.bl-result-snippet')?.textContent ?? '',
            aliases: li.querySelector('.bl-result-aliases')?.textContent ?? '',
            marks: [...li.querySelectorAll('mark')].map(m => m.textContent),
        }))""",
    )


def type_in_box(page: Any, text: str) -> Any:
    box = page.locator("input.sidebar-search").first
    box.click()
    box.fill("")
    box.type(text)
    page.wait_for_function(
        "(q) => { const l = document.querySelector('.bl-suggest');"
        " return l && !l.hidden && l.dataset.query === q; }",
        arg=text,
    )
    return box


def suggestions(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        ".bl-suggest a.bl-result", "items => items.map(i => i.dataset.docname)"
    )


# -- results a reader can judge at a glance ---------------------------------------------------


def test_update_shows_title_date_edition_and_bottom_line(page, search_url):
    results = results_page(page, search_url, "auction rules")
    first = results[0]
    assert first["docname"] == TUESDAY
    assert first["title"] == "Tuesday Notes"
    assert first["meta"] == "2 June 2025 · AM edition"
    assert first["snippet"] == "The Central Bank of Iraq changed its dollar auction rules."
    assert {"auction", "rules"} <= set(first["marks"])
    # Sphinx's own result list is replaced, not shown as well.
    assert page.locator("#search-results ul.search, #search-results h2").count() == 0


def test_actor_shows_kind_and_aliases_and_alias_is_highlighted(page, search_url):
    results = results_page(page, search_url, "KH")
    actor, post = results[0], results[1]
    assert actor["docname"] == KH_PAGE
    assert actor["meta"] == "Armed group"
    assert actor["aliases"].startswith("Also known as: ")
    assert "KH" in actor["aliases"] and "كتائب حزب الله" in actor["aliases"]
    assert post["docname"] == DRONE
    assert "KH" in post["marks"]


def test_other_names_of_the_queried_actor_are_highlighted_whole(page, search_url):
    results = results_page(page, search_url, "CBI")
    tuesday = next(r for r in results if r["docname"] == TUESDAY)
    # The name as one mark: not every "Iraq" or "Bank" on its own.
    assert tuesday["marks"] == ["Central Bank of Iraq"]
    actor = next(r for r in results if r["docname"] == "actors/central-bank-of-iraq")
    assert actor["marks"][-1] == "CBI", "in the alias list only the typed name is marked"


def test_stop_words_are_not_highlighted_but_numbers_and_stems_are(page, search_url):
    results = results_page(page, search_url, "the dollar auction rule")
    tuesday = next(r for r in results if r["docname"] == TUESDAY)
    assert tuesday["marks"] == ["dollar", "auction", "rules"]
    rate = results_page(page, search_url, "1310")[0]
    assert rate["docname"] == RATE and "1,310" in rate["marks"]


# -- how the query was read, said in words -------------------------------------------------


def status(page: Any) -> str:
    return page.text_content(".bl-search-status") or ""


def test_dates_in_the_query_are_said_and_applied(page, search_url):
    results = results_page(page, search_url, "Kata'ib Hezbollah since June")
    assert "since June 2025" in status(page)
    assert [r["docname"] for r in results] == [KH_PAGE, RATE]
    results_page(page, search_url, "drones in 2024")
    assert "No update in 2024 matches these words; showing all updates." in status(page)


def test_a_typo_is_corrected_and_said(page, search_url):
    results = results_page(page, search_url, "Kataib Hezbolah")
    assert results[0]["docname"] == KH_PAGE
    assert "Showing results for Kata'ib Hezbollah." in status(page)
    results_page(page, search_url, "auction ruels")
    assert "Nothing has \u201cruels\u201d; showing \u201crule\u201d." in status(page)


def test_only_common_words_say_so(page, search_url):
    assert results_page(page, search_url, "the of and") == []
    assert status(page) == "Those words are too common to search for: add a name or a topic."


def test_missing_words_are_said(page, search_url):
    results = results_page(page, search_url, "drone warning Basra")
    assert results[0]["docname"] == DRONE
    said = status(page)
    assert "No page has all 3 words; showing pages with 2. Nothing has \u201cBasra\u201d." in said


def test_long_lists_come_a_page_at_a_time(page, search_url):
    everything = [r["docname"] for r in results_page(page, search_url, "", year="2025")]
    assert len(everything) >= 5
    page.evaluate("() => { BottomlineSearch.pageSize = 2; }")
    page.fill("input.bl-search-input", " ")  # searches again
    page.wait_for_selector("ol.bl-results[data-query=' '][data-state=done]", state="attached")
    assert page.locator("ol.bl-results > li").count() == 2
    more = page.locator("button.bl-results-more")
    assert more.text_content() == "Show 2 more"
    more.click()
    more.click()
    shown = page.eval_on_selector_all("ol.bl-results > li", "l => l.map(i => i.dataset.docname)")
    assert shown == everything[: len(shown)] and len(shown) == min(6, len(everything))


def test_result_links_open_the_page(page, search_url):
    results_page(page, search_url, "Nujaba")
    page.click("ol.bl-results > li:first-child a.bl-result-link")
    page.wait_for_load_state()
    assert page.url == f"{search_url}actors/harakat-al-nujaba.html"


# -- safety ------------------------------------------------------------------------------


def test_markup_in_titles_and_queries_is_shown_as_text_on_the_results_page(page, search_url):
    results = results_page(page, search_url, XSS_QUERY)
    drill = next(r for r in results if r["docname"] == DRILL)
    assert drill["title"].startswith("<img src=x onerror=")
    assert "<script>window.__xss=2</script>" in drill["snippet"]
    container = page.locator("#search-results")
    assert container.locator("img, script, b, i").count() == 0
    assert page.input_value("input.bl-search-input") == XSS_QUERY
    assert page.evaluate("window.__xss") is None


def test_markup_in_titles_and_queries_is_shown_as_text_in_the_box(page, search_url):
    page.goto(f"{search_url}index.html")
    type_in_box(page, XSS_QUERY)
    box = page.locator(".bl-suggest")
    assert box.locator("img, script, b, i").count() == 0
    titles = box.locator(".bl-result-title").all_text_contents()
    assert any(t.startswith("<img src=x onerror=") for t in titles)
    assert XSS_QUERY.strip() in box.locator(".bl-suggest-all").text_content()
    assert page.evaluate("window.__xss") is None


# -- as you type, on every page -----------------------------------------------------------


@pytest.mark.parametrize("path", ["index.html", f"{DRONE}.html", f"{KH_PAGE}.html", "search.html"])
def test_box_works_on_every_page(page, search_url, path):
    page.goto(f"{search_url}{path}")
    box = page.locator("input.sidebar-search").first
    assert box.get_attribute("role") == "combobox"
    # Every query the suggestions ever show is recorded, so "K" alone must never be one
    # (a condition, not a pause: under load a pause proves nothing).
    page.evaluate(
        """() => {
          window.__queries = [];
          new MutationObserver((changes) => {
            for (const c of changes) {
              const list = c.target;
              if (list.matches && list.matches(".bl-suggest") && !list.hidden)
                window.__queries.push(list.dataset.query);
            }
          }).observe(document.body, {
            subtree: true, attributes: true, attributeFilter: ["hidden", "data-query"],
          });
        }"""
    )
    type_in_box(page, "Kataib")  # the index is loaded: a search now answers at once
    assert suggestions(page)[0] == KH_PAGE
    box.fill("")
    box.type("K")
    # A search for "K" would be on screen by the second frame after the keystroke (its work
    # is microtasks on a loaded index): wait for those frames, not for a time.
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    expect(page.locator(".bl-suggest")).to_be_hidden()
    assert "K" not in page.evaluate("window.__queries"), "one character must not search"


def test_arrow_keys_and_enter_open_a_suggestion(page, search_url):
    page.goto(f"{search_url}index.html")
    box = type_in_box(page, "Kataib")
    options = page.locator('.bl-suggest [role="option"]')
    box.press("ArrowDown")
    box.press("ArrowDown")
    second = options.nth(1)
    expect(second).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", second.get_attribute("id"))
    box.press("ArrowUp")
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    target = options.nth(0).get_attribute("href")
    box.press("Enter")
    page.wait_for_url(f"**/{KH_PAGE}.html")
    assert target.endswith(f"{KH_PAGE}.html")


def test_enter_without_a_choice_opens_the_full_results(page, search_url):
    page.goto(f"{search_url}{DRONE}.html")
    box = type_in_box(page, "Nujaba")
    box.press("Enter")
    page.wait_for_url("**/search.html?**")
    assert parse_qs(urlparse(page.url).query)["q"] == ["Nujaba"]
    page.wait_for_selector("ol.bl-results[data-state=done]", state="attached")
    first = page.locator("ol.bl-results > li").first.get_attribute("data-docname")
    assert first == "actors/harakat-al-nujaba"


def test_a_typo_note_shows_in_the_box(page, search_url):
    page.goto(f"{search_url}index.html")
    type_in_box(page, "kataib hizbollah")
    assert suggestions(page)[0] == KH_PAGE
    assert page.text_content(".bl-suggest-note") == "Showing results for Kata'ib Hezbollah."


def test_back_button_keeps_the_words_in_the_box(page, search_url):
    page.goto(f"{search_url}{DRONE}.html")
    box = type_in_box(page, "Nujaba")
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url("**/actors/harakat-al-nujaba.html")
    page.go_back()
    page.wait_for_url(f"**/{DRONE}.html")
    box = page.locator("input.sidebar-search").first
    page.wait_for_function(
        "() => document.querySelector('input.sidebar-search').value === 'Nujaba'"
    )
    box.focus()
    page.wait_for_function(
        "() => { const l = document.querySelector('.bl-suggest'); return l && !l.hidden; }"
    )
    assert suggestions(page)[0] == "actors/harakat-al-nujaba"


def test_back_button_keeps_the_query_on_the_results_page(page, search_url):
    results_page(page, search_url, "KH since June")
    page.click("ol.bl-results > li:first-child a.bl-result-link")
    page.wait_for_url(f"**/{KH_PAGE}.html")
    page.go_back()
    page.wait_for_selector("ol.bl-results[data-state=done]", state="attached")
    assert page.input_value("input.bl-search-input") == "KH since June"
    shown = page.eval_on_selector_all("ol.bl-results > li", "l => l.map(i => i.dataset.docname)")
    assert shown == [KH_PAGE, RATE]


def test_escape_closes_the_box(page, search_url):
    page.goto(f"{search_url}index.html")
    box = type_in_box(page, "Kataib")
    box.press("Escape")
    expect(page.locator(".bl-suggest")).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")


# -- filters in the URL ------------------------------------------------------------------


def test_filters_combine_with_the_query_and_live_in_the_url(page, search_url):
    results = results_page(page, search_url, "CBI")
    assert "posts/2024/2024-06-03-am-monday-notes" in [r["docname"] for r in results]
    page.select_option("select[name=year]", "2025")
    page.select_option("select[name=edition]", "AM")
    page.wait_for_function("() => location.search.includes('edition=AM')")
    params = parse_qs(urlparse(page.url).query)
    assert params == {"q": ["CBI"], "year": ["2025"], "edition": ["AM"]}
    shown = page.eval_on_selector_all("ol.bl-results > li", "l => l.map(i => i.dataset.docname)")
    # The shared link shows the same list.
    again = [r["docname"] for r in results_page(page, search_url, "CBI", year="2025", edition="AM")]
    assert again == shown
    assert "posts/2024/2024-06-03-am-monday-notes" not in again
    assert page.input_value("select[name=year]") == "2025"


# -- a phone, and no server ---------------------------------------------------------------


def test_phone_sized_screen(chromium, search_url):
    context = chromium.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        results_page(page, search_url, "Kata'ib Hezbollah")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        # Filters two a row: the first result starts on the first screen.
        first = page.locator("ol.bl-results > li").first.bounding_box()
        assert first is not None and first["y"] < 740 - 60
        year, edition = (
            page.locator(f"select[name={n}]").bounding_box() for n in ("year", "edition")
        )
        assert year["y"] == edition["y"]
        # The sidebar (and its search box) is behind furo's menu button on a phone.
        page.goto(f"{search_url}{DRONE}.html")
        page.click("header.mobile-header label[for='__navigation']")
        type_in_box(page, "PMF")
        box = page.locator(".bl-suggest").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
        assert suggestions(page)[0] == "actors/popular-mobilization-forces"
    finally:
        context.close()


def test_box_works_from_files_without_a_server(page, search_site):
    outdir: Path = search_site[0]
    page.goto((outdir / DRONE).with_suffix(".html").as_uri())
    type_in_box(page, "KH")
    assert suggestions(page)[:2] == [KH_PAGE, DRONE]


def test_phone_header_has_a_search_button(chromium, search_url):
    """At 390px the search is one tap (or key) away in the header, not behind the menu."""
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{search_url}{DRONE}.html")
        toggle = page.locator("header.mobile-header button.bl-header-search-toggle")
        expect(toggle).to_be_visible()
        header = page.locator("header.mobile-header").bounding_box()
        button = toggle.bounding_box()
        assert button["x"] >= 0 and button["x"] + button["width"] <= 390
        assert (
            header["y"] <= button["y"]
            and button["y"] + button["height"] <= header["y"] + header["height"]
        )
        assert button["width"] >= 40 and button["height"] >= 40, "a finger-sized target"
        expect(toggle).to_have_attribute("aria-label", "Search")
        expect(page.locator(".bl-header-search")).to_be_hidden()
        # The keyboard reaches it, and Enter opens the box with the cursor in it.
        for _ in range(20):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('.bl-header-search-toggle')"):
                break
        else:
            pytest.fail("Tab never reaches the header's search button")
        page.keyboard.press("Enter")
        expect(toggle).to_have_attribute("aria-expanded", "true")
        expect(toggle).to_have_attribute("aria-controls", "bl-header-search")
        expect(page.locator(".bl-header-search-input")).to_be_focused()
        assert not page.evaluate("document.getElementById('__navigation').checked")
        page.keyboard.type("PMF")
        suggest = page.locator(".bl-header-search .bl-suggest")
        page.wait_for_function(
            "() => { const l = document.querySelector('.bl-header-search .bl-suggest');"
            " return l && !l.hidden && l.dataset.query === 'PMF'; }"
        )
        box = suggest.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        first = suggest.locator("a.bl-result").first.get_attribute("data-docname")
        assert first == "actors/popular-mobilization-forces"
        # Escape closes the suggestions, a second Escape the box (focus back on the button).
        page.keyboard.press("Escape")
        expect(suggest).to_be_hidden()
        expect(page.locator(".bl-header-search")).to_be_visible()
        page.keyboard.press("Escape")
        expect(page.locator(".bl-header-search")).to_be_hidden()
        expect(toggle).to_have_attribute("aria-expanded", "false")
        expect(toggle).to_be_focused()
        # Open again: arrows and Enter open a suggestion.
        toggle.click()
        expect(page.locator(".bl-header-search-input")).to_be_focused()
        page.keyboard.type("Nujaba")
        page.wait_for_function(
            "() => { const l = document.querySelector('.bl-header-search .bl-suggest');"
            " return l && !l.hidden && l.dataset.query === 'Nujaba'; }"
        )
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.wait_for_url("**/actors/harakat-al-nujaba.html")
    finally:
        context.close()
    assert errors == []


def test_no_header_search_button_on_a_wide_screen(page, search_url):
    page.goto(f"{search_url}{DRONE}.html")
    assert page.locator("button.bl-header-search-toggle").count() == 1
    expect(page.locator("button.bl-header-search-toggle")).to_be_hidden()
    expect(page.locator("input.sidebar-search").first).to_be_visible()
