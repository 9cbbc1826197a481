"""Search, as a reader uses it: /search/?q=<words> (DESIGN.md), Pagefind's index of the review
pages, the search box on every page, filters, and nothing fetched from anywhere else."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import Browsing

STATUS = "[data-portal-search-status]"


def results(browsing: Browsing, address: str) -> list[tuple[str, str]]:
    """Open a search address; each result's link and the line about it, once the status is set."""
    page = browsing.page
    page.goto(address)
    page.wait_for_function(f"document.querySelector('{STATUS}').textContent.endsWith('.')")
    return [
        (
            item.locator("a").first.get_attribute("href") or "",
            item.locator(".portal-search__about").text_content() or "",
        )
        for item in page.locator(".portal-search__result").all()
    ]


def test_a_linked_search_shows_results_without_typing(browsing: Browsing, site_base: str) -> None:
    found = results(browsing, f"{site_base}/search/?q=seminars")
    # "seminars" is only in one of Suffolk's review-wide next steps: the result is its row.
    assert found == [
        (
            "/reviews/suffolk-avoidant-family/actions/#across-the-review",
            "Action table · Serious case review · Suffolk Local Safeguarding Children Board · 2014",
        )
    ]
    assert browsing.page.locator(STATUS).text_content() == "1 result for “seminars”."
    title = browsing.page.locator(".portal-search__title").first.text_content()
    assert title == "Working with an avoidant family"  # the review's title, no ¶


def test_a_review_is_one_result_whichever_of_its_pages_the_words_are_on(
    browsing: Browsing, site_base: str
) -> None:
    """Its overview, briefing and action table are one record: a word on many reviews' pages
    finds each review once, and words on two of its pages find it too."""
    found = results(browsing, f"{site_base}/search/?q=neglect")
    reviews = [urlsplit(link).path.split("/")[2] for link, _ in found]
    assert len(found) > 3 and len(reviews) == len(set(reviews))
    count = browsing.page.locator(STATUS).text_content()
    assert count == f"{len(found)} results for “neglect”."
    # "Bournemouth" is only on the Suffolk review's overview, "seminars" only in its action table.
    both = results(browsing, f"{site_base}/search/?q=bournemouth+seminars")
    assert [urlsplit(link).path.split("/")[2] for link, _ in both] == ["suffolk-avoidant-family"]


@pytest.mark.parametrize("words", ["supervision", "neglect", "chronology"])
def test_a_result_links_to_the_words_its_excerpt_shows(
    browsing: Browsing, site_base: str, words: str
) -> None:
    """Pagefind's excerpt is where a review's words are closest together, which may be on another
    of its pages than the first of them: the link goes to the page, and the place on it, of the
    words shown. (These words' first place and excerpt are on different pages of some reviews.)"""
    page = browsing.page
    assert results(browsing, f"{site_base}/search/?q={words}")
    shown = page.evaluate(
        """() => [...document.querySelectorAll('.portal-search__result')].map(item => {
            const nodes = [...item.querySelector('.portal-search__excerpt').childNodes];
            const marked = nodes.findIndex(node => node.nodeName === 'MARK');
            return [item.querySelector('a').getAttribute('href'),
                    nodes.slice(marked).map(node => node.textContent).join('')];
        })"""
    )
    pages = {urlsplit(link).path for link, _ in shown}
    assert len(shown) > 1 and any(path.endswith("/actions/") for path in pages)
    for link, words_on in shown:
        # The first word marked and the two after it, on the linked page, after its anchor.
        phrase = re.sub(r"\W", "", "".join(words_on.split()[:3])).lower()
        page.goto(site_base + link)
        after = page.evaluate(
            """() => {
                const start = location.hash ? document.getElementById(location.hash.slice(1)) : null;
                const article = document.querySelector('article');
                const range = document.createRange();
                range.selectNodeContents(article);
                if (start) range.setStartBefore(start);
                return range.toString();
            }"""
        )
        assert phrase in re.sub(r"\W", "", after).lower(), (link, words_on)


def test_an_excerpt_with_angle_brackets_still_gives_its_place(browsing: Browsing, site_base: str) -> None:
    """The hostile review says "otterfish" once in its summary and three times in a next step
    with "aged <5" after them: the excerpt and the link are the next step's (Pagefind's excerpt
    writes < as &lt;)."""
    found = results(browsing, f"{site_base}/search/?q=otterfish")
    assert [(urlsplit(link).path, about.split(" · ")[0]) for link, about in found] == [
        ("/reviews/child-x/actions/", "Action table")
    ]
    shown = browsing.page.locator(".portal-search__excerpt").first.text_content() or ""
    assert "otterfish otterfish otterfish: checks for children aged <5" in shown


def test_a_word_only_in_a_briefing_links_to_the_briefing(browsing: Browsing, site_base: str) -> None:
    # "ordinary" is only in one of the Suffolk briefing's own questions for reflection.
    found = results(browsing, f"{site_base}/search/?q=ordinary")
    assert found == [
        (
            "/reviews/suffolk-avoidant-family/briefing/#questions",
            "Seven-minute briefing · Serious case review · Suffolk Local Safeguarding Children Board · 2014",
        )
    ]
    browsing.page.goto(site_base + found[0][0])
    assert browsing.page.locator("#questions").count() == 1


@pytest.mark.parametrize(
    "words,review,anchor",
    [
        # In the overview's first recommendation, and closer together in the action table's.
        ("SMART", "/reviews/bolton-child-sb/actions/", "recommendation-1"),
        ("diagram", "/reviews/bolton-child-sb/actions/", "recommendation-4"),  # one of its responses
        ("supervision", "/reviews/slough-baby-jw/", "learning-4"),  # its excerpt on the overview
    ],
)
def test_a_result_in_the_learning_links_to_its_place(
    browsing: Browsing, site_base: str, words: str, review: str, anchor: str
) -> None:
    found = results(browsing, f"{site_base}/search/?q={words}")
    to_review = [link for link, _ in found if urlsplit(link).path == review]
    assert to_review and urlsplit(to_review[0]).fragment.startswith(anchor), found
    browsing.page.goto(site_base + to_review[0])
    assert browsing.page.locator(f"#{urlsplit(to_review[0]).fragment}").count() == 1


def test_the_search_box_on_every_page_goes_to_the_search_page(browsing: Browsing, site_base: str) -> None:
    page = browsing.page
    page.goto(f"{site_base}/reviews/bolton-child-sb/")
    box = page.get_by_role("searchbox", name="Search reviews")
    box.fill("neglect")
    box.press("Enter")
    page.wait_for_url("**/search/?q=neglect")
    page.wait_for_function(f"document.querySelector('{STATUS}').textContent.endsWith('.')")
    assert page.locator(".portal-search__result").count() > 0


def only_suffolk(browsing: Browsing) -> list[str]:
    """Tick the Suffolk partnership's filter on the search page shown; the line about each result."""
    page = browsing.page
    page.get_by_role("group", name="Partnership").get_by_label(
        "Suffolk Local Safeguarding Children Board", exact=False
    ).check()
    page.wait_for_url("**partnership=Suffolk**")
    page.wait_for_function(f"document.querySelector('{STATUS}').textContent.endsWith('.')")
    return [item.text_content() or "" for item in page.locator(".portal-search__about").all()]


def test_a_filter_narrows_the_results_and_is_in_the_address(browsing: Browsing, site_base: str) -> None:
    page = browsing.page
    everything = results(browsing, f"{site_base}/search/?q=neglect")
    partnerships = {about.split(" · ")[2] for _, about in everything}
    assert len(partnerships) > 1
    narrowed = only_suffolk(browsing)
    assert narrowed and len(narrowed) < len(everything)
    assert all("Suffolk Local Safeguarding Children Board" in about for about in narrowed)
    again = results(browsing, page.url)  # the address alone gives the same results
    assert [about for _, about in again] == narrowed


def test_drafts_and_embargoed_reviews_are_not_found(browsing: Browsing, site_base: str) -> None:
    assert results(browsing, f"{site_base}/search/?q=seminars")  # the search works: none found means none
    for slug in ("draftonly", "embargoed"):
        marker = f"{slug.upper()}MARKER"  # in the unpublished review's title and learning
        found = results(browsing, f"{site_base}/search/?q={marker}")
        assert [link for link, _ in found if f"/reviews/{slug}" in link] == []
        assert marker.lower() not in browsing.page.locator(".portal-search__results").inner_text().lower()


def test_a_hostile_review_is_found_and_shown_as_text(browsing: Browsing, site_base: str) -> None:
    page = browsing.page
    found = results(browsing, f"{site_base}/search/?q=onerror")
    assert found  # the hostile review's words are in the index, as words
    live = page.evaluate(
        """() => [...document.querySelectorAll('.portal-search__results *')]
            .filter(node => !['LI', 'H2', 'A', 'P', 'MARK'].includes(node.tagName)
                            || [...node.attributes].some(a => a.name.startsWith('on')))
            .map(node => node.outerHTML)"""
    )
    assert live == []


def test_search_fetches_nothing_from_anywhere_else(browsing: Browsing, site_base: str) -> None:
    requested: list[str] = []
    browsing.page.on("request", lambda request: requested.append(request.url))
    results(browsing, f"{site_base}/search/?q=supervision")
    assert requested and [url for url in requested if not url.startswith(site_base)] == []
    assert browsing.page.context.cookies() == []


def test_the_content_note_is_not_in_a_snippet(browsing: Browsing, site_base: str) -> None:
    """Every review's page starts with its content note; its words are not indexed."""
    results(browsing, f"{site_base}/search/?q=Samaritans")
    assert browsing.page.locator(STATUS).text_content() == "0 results for “Samaritans”."


def test_only_the_newest_search_shows_its_results(browsing: Browsing, site_base: str) -> None:
    """A search started while another is still loading its results: only the newer one's
    results are shown, whatever order the two finish in."""
    page = browsing.page
    page.goto(f"{site_base}/search/?q=neglect")
    box = page.locator("#portal-search-q")
    box.fill("seminars")
    box.press("Enter")  # at once: "neglect" may still be loading its many results
    page.wait_for_function(f"document.querySelector('{STATUS}').textContent.includes('seminars')")
    page.wait_for_timeout(1000)  # long enough for the older search to finish, if it were to show
    links = [item.get_attribute("href") for item in page.locator(".portal-search__result a").all()]
    assert links == ["/reviews/suffolk-avoidant-family/actions/#across-the-review"]
    assert page.locator(STATUS).text_content() == "1 result for “seminars”."


@pytest.mark.parametrize("first", [10, 3])
def test_more_than_the_first_few_results_are_all_shown(
    browsing: Browsing, site_base: str, built: Path, first: int
) -> None:
    """The first few (ten) are shown one by one as soon as each loads, then the rest: every
    result is on the page, in the order of the search, by the time the count is announced. The
    sample has ten reviews: with three shown first, the rest are loaded after them."""
    script = (built / "assets/search.js").read_text(encoding="utf-8")
    assert "var FIRST = 10;" in script
    changed = script.replace("var FIRST = 10;", f"var FIRST = {first};")
    browsing.context.route(
        "**/assets/search.js", lambda route: route.fulfill(body=changed, content_type="text/javascript")
    )
    found = results(browsing, f"{site_base}/search/?q=the")
    status = browsing.page.locator(STATUS).text_content() or ""
    count = int(status.split(" ")[0])
    assert count > 3
    assert len(found) == min(count, 50)
    order = browsing.page.evaluate(
        """async () => {
            const pagefind = await import('/pagefind/pagefind.js');
            const search = await pagefind.search('the');
            return Promise.all(search.results.slice(0, 50).map(async hit => (await hit.data()).url));
        }"""
    )
    assert [urlsplit(link).path.split("/")[2] for link, _ in found] == [url.split("/")[2] for url in order]


def test_clearing_the_box_while_a_search_loads_shows_no_results(browsing: Browsing, site_base: str) -> None:
    page = browsing.page
    page.goto(f"{site_base}/search/?q=neglect")
    box = page.locator("#portal-search-q")
    box.fill("")
    box.press("Enter")  # at once: "neglect" may still be loading
    page.wait_for_function(f"document.querySelector('{STATUS}').textContent.startsWith('Type words')")
    page.wait_for_timeout(1000)  # long enough for the older search to finish, if it were to show
    assert page.locator(".portal-search__result").count() == 0
    assert (page.locator(STATUS).text_content() or "").startswith("Type words")
