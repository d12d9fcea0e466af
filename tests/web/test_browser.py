"""Browser tests: Playwright drives Debian's Chromium through what a newcomer does, on a live loopback server.

Build a scenario in the studio and run it, watch the progress turn into charts and the map, run the baseline and the
CASE proposal and compare them (the claim panel included), fill the eligibility form, search the evidence. Every
request the pages make must stay inside the app (offline), and no page may throw a script error. Screenshots are
kept in out/test-artifacts/web/.
"""

from __future__ import annotations

import os
import shutil

import pytest

from tests.web.conftest import ARTIFACTS

CHROMIUM = os.environ.get("RELOKANT_CHROMIUM", "/usr/bin/chromium")
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright (python) is not installed")
if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set RELOKANT_CHROMIUM)",
                allow_module_level=True)

pytestmark = pytest.mark.browser
TIMEOUT_MS = 90_000


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A page whose requests outside the app are refused and recorded, as are its script errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server)
    outside, errors = [], []

    def only_the_app(route):
        if route.request.url.startswith(live_server) or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_app)
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert not outside, f"the page asked for resources outside the app: {outside}"
    assert not errors, f"script errors: {errors}"


def _shot(tab, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_studio_build_run_and_watch_the_charts(page):
    page.goto("/studio?from=baseline")
    page.fill("#name", "card-from-2025")
    page.fill("#horizon", "2026-06")
    page.click("button[data-add='CASE_RELOCANT_CARD_*']")
    row = page.locator("#switches tbody tr").last
    row.locator("input[type=date]").first.fill("2025-01-01")
    row.locator("input[data-name='min_share_of_time']").fill("0.5")
    page.fill("#p-network_elasticity", "0.5")
    page.fill("#sample_size", "2000")
    page.fill("#draws", "2")
    page.click("#build")
    page.wait_for_function("document.querySelector('#yaml').value.includes('CASE_RELOCANT_CARD_*')")
    assert "valid" in page.inner_text("#studio-message")
    _shot(page, "01-studio")
    page.click("#save")
    page.wait_for_function("document.querySelector('#studio-message').textContent.includes('Saved')")
    page.click("#run")
    page.wait_for_url("**/runs/j*")
    page.wait_for_selector("#status.done")
    page.wait_for_selector("#chart-map .geo")  # the map drew its countries: the topojson came from the app
    page.wait_for_selector("#chart-stock_by_destination .main-svg")
    assert page.locator("#impacts tbody tr").count() >= 6
    assert "/results.csv" in page.get_attribute("#dl-csv", "href")
    _shot(page, "02-run-results")


def test_bad_studio_input_shows_one_line(page):
    page.goto("/studio?from=baseline")
    page.fill("#p-network_elasticity", "7")
    page.click("#build")
    page.wait_for_selector("#studio-message.problem")
    assert "documented range" in page.inner_text("#studio-message")


def test_compare_baseline_with_the_case_proposal_and_read_the_claim(page):
    page.goto("/")
    page.fill("#quick-pair input[name=sample_size]", "2000")
    page.fill("#quick-pair input[name=draws]", "2")
    page.click("#quick-pair button")
    page.wait_for_url("**/compare?a=j*")
    # The selectors show the two runs asked for (still jobs at first), never "choose…".
    assert "baseline" in page.inner_text("#run-a option:checked")
    assert "case-proposal" in page.inner_text("#run-b option:checked")
    page.wait_for_selector("#compare-table tbody tr")
    assert page.input_value("#run-a").startswith("r") and page.input_value("#run-b").startswith("r")
    assert "baseline" in page.inner_text("#run-a option:checked")
    assert "Paired" in page.inner_text("#paired")
    page.wait_for_selector("#chart-difference .main-svg")
    page.wait_for_function("document.querySelector('#claim').textContent.includes('3 million')")
    _shot(page, "03-compare-claim")


def test_eligibility_form(page):
    page.goto("/eligibility")
    page.fill("#age", "31")
    page.select_option("#education", "master")
    page.select_option("#lang-en", "C1")
    page.fill("#isco", "2512")
    page.fill("#years_last5", "5")
    page.check("#has_offer")
    page.select_option("#offer_country", "DE")
    page.fill("#salary", "60000")
    page.fill("#date", "2025-03-01")
    page.select_option("#country", "DE")
    page.click("#check")
    page.wait_for_selector("#route-cards .route.eligible")
    assert "EU_BLUE_CARD_DE" in page.inner_text("#route-cards")
    # A route not open to the person shows what failed; opening "Why not" fetches every check of that route.
    closed = page.locator("#route-cards .route.not-eligible details").first
    failed_only = closed.locator("li").count()
    with page.expect_response(lambda response: "detail=full" in response.url):
        closed.locator("summary").click()
    page.wait_for_function("(n) => document.querySelector('#route-cards .route.not-eligible details')"
                           ".querySelectorAll('li').length >= n", arg=failed_only)
    assert closed.locator("li.fail").count() >= 1
    _shot(page, "04-eligibility")
    page.fill("#age", "300")
    page.click("#check")
    page.wait_for_selector("#eligibility-message.problem")
    assert "age" in page.inner_text("#eligibility-message")


def test_evidence_search(page):
    page.goto("/evidence")
    page.fill("input[name=q]", "georgia")
    page.click("form[role=search] button")
    page.wait_for_url("**/evidence?q=georgia*")
    assert page.locator("table.evidence tbody tr").count() >= 1
    _shot(page, "05-evidence")
