"""The Book Creator in a real headless Chromium (Debian's chromium + chromium-driver, driven
by Selenium): search, add three articles, reorder them, export an EPUB, download it; the
book passes epubcheck and has the chapters in the chosen order. Every page passes axe-core
with no serious or critical violation.

axe-core comes from ``tests/serve_browser/node_modules`` (``npm install --prefix
tests/serve_browser``, part of the README's test command); a missing copy fails the test.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from tests.serve_support import Server, make_library, nav_titles
from tests.test_epub import run_epubcheck

AXE = Path(__file__).resolve().parent / "serve_browser" / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    srv = Server(make_library(tmp_path_factory.mktemp("browser") / "library"), "-j", "1")
    srv.library = srv_library = Path(srv.log.name).parent / "library"  # type: ignore[attr-defined]
    assert srv_library.is_dir()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    chromium = shutil.which("chromium")
    driver_path = shutil.which("chromedriver")
    if chromium is None or driver_path is None:
        pytest.fail("chromium and chromium-driver are not installed (see .ci/apt-test.txt)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    downloads = tmp_path_factory.mktemp("downloads")
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    driver.downloads = downloads  # type: ignore[attr-defined]
    driver.set_page_load_timeout(30)
    driver.set_window_size(1024, 768)
    yield driver
    driver.quit()


def _wait(driver: WebDriver, condition, timeout: float = 20.0):  # type: ignore[no-untyped-def]
    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(condition)


def _axe(driver: WebDriver) -> list[str]:
    """Serious and critical axe-core violations of the page now shown."""
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing: run 'npm install --no-package-lock --prefix {AXE.parents[2]}'")
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations)));")
    return [f"{v['id']} ({v['impact']}): {v['help']} x{len(v['nodes'])}"
            for v in json.loads(result) if v["impact"] in ("serious", "critical")]


def _texts(driver: WebDriver, css: str) -> list[str]:
    """Texts of the elements matching ``css``, read in one script: search results are
    replaced while typing, so element handles read one by one can go stale."""
    return driver.execute_script(  # type: ignore[no-any-return]
        "return Array.from(document.querySelectorAll(arguments[0]), e => e.textContent.trim());", css)


def _add_from_search(driver: WebDriver, query: str, title: str, count: int) -> None:
    box = driver.find_element(By.ID, "q")
    box.clear()
    box.send_keys(query)  # search as you type: no submit
    _wait(driver, lambda d: _texts(d, "#results li > a") == [title])
    driver.find_element(By.CSS_SELECTOR, "#results button.add").click()
    _wait(driver, lambda d: f"({count} chapters)" in d.find_element(By.ID, "status").text)


def _chapters(driver: WebDriver) -> list[str]:
    return _texts(driver, "#chapters > li > .label")


def test_make_a_book_in_the_browser(server: Server, browser: WebDriver) -> None:
    browser.get(server.base + "/")
    assert _axe(browser) == []
    for count, (query, title) in enumerate((("tok", "Tokyo Tower"), ("alexan", "Alexandria"),
                                            ("lovelace", "Ada Lovelace")), 1):
        _add_from_search(browser, query, title, count)

    browser.get(server.base + "/books/my-book")
    _wait(browser, lambda d: d.find_element(By.ID, "book").get_attribute("data-ready") == "true")
    assert _chapters(browser) == ["Tokyo Tower", "Alexandria", "Ada Lovelace"]
    assert _axe(browser) == []

    # By keyboard: focus the last chapter, Alt+Up twice moves it to the top; focus follows it.
    last = browser.find_elements(By.CSS_SELECTOR, "#chapters > li")[2]
    last.send_keys(Keys.ALT, Keys.ARROW_UP)
    browser.switch_to.active_element.send_keys(Keys.ALT, Keys.ARROW_UP)
    _wait(browser, lambda d: _chapters(d) == ["Ada Lovelace", "Tokyo Tower", "Alexandria"])
    # By drag: WebDriver's mouse actions do not start HTML5 drag and drop in Chromium, so
    # the drag events are dispatched to the page's own handlers (drop Alexandria on Ada).
    browser.execute_script("""
        const items = document.querySelectorAll('#chapters > li');
        const data = new DataTransfer();
        items[2].dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: data}));
        items[0].dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: data}));
        items[0].dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: data}));""")
    _wait(browser, lambda d: _chapters(d) == ["Alexandria", "Ada Lovelace", "Tokyo Tower"])
    browser.find_element(By.ID, "book-title").send_keys("Three lives", Keys.TAB)

    browser.find_element(By.CSS_SELECTOR, "#format option[value='epub']").click()
    browser.find_element(By.ID, "export-button").click()
    _wait(browser, lambda d: d.find_elements(By.ID, "download-link"), timeout=120)
    assert browser.find_element(By.ID, "progress").get_attribute("value") == "1"
    browser.find_element(By.ID, "download-link").click()
    downloads: Path = browser.downloads  # type: ignore[attr-defined]
    deadline = time.monotonic() + 30
    while not [p for p in downloads.glob("*.epub")]:
        assert time.monotonic() < deadline, f"no download: {list(downloads.iterdir())}"
        time.sleep(0.1)
    epub = next(downloads.glob("*.epub"))
    time.sleep(0.3)  # Chromium renames the .crdownload once complete
    assert epub.name == "Three_lives.epub"
    assert nav_titles(epub.read_bytes()) == ["Alexandria", "Ada Lovelace", "Tokyo Tower"]
    assert run_epubcheck(epub) == []
    # The saved book is the file the page edited.
    saved = json.loads((server.library / "books" / "my-book.json").read_text())
    assert saved["title"] == "Three lives" and [c["article"] for c in saved["chapters"]] == ["Alexandria", "Ada Lovelace", "Tokyo Tower"]


def test_library_and_article_pages_pass_axe(server: Server, browser: WebDriver) -> None:
    for path in ("/?q=tower", "/article/Tokyo_Tower", "/books"):
        browser.get(server.base + path)
        assert _axe(browser) == [], path


def test_library_works_by_keyboard(server: Server, browser: WebDriver) -> None:
    """Tab from the top reaches the search box, and Enter on a result's button adds it."""
    browser.get(server.base + "/")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    for _ in range(12):
        if browser.switch_to.active_element.get_attribute("id") == "q":
            break
        browser.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("id") == "q"
    browser.switch_to.active_element.send_keys("insertion")
    _wait(browser, lambda d: _texts(d, "#results li > a") == ["Insertion sort"])
    button = browser.find_element(By.CSS_SELECTOR, "#results button.add")
    button.send_keys(Keys.ENTER)
    _wait(browser, lambda d: "Added Insertion sort" in d.find_element(By.ID, "status").text)
