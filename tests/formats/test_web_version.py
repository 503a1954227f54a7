"""The web version of a printed document (`printing.render_html`) in a real Chromium: axe finds nothing, and
at 320px wide, with the WCAG text spacing, nothing scrolls sideways."""

import os
from pathlib import Path

import pytest

from coproduction import printing

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = Path(__file__).resolve().parent.parent / "browser" / "axe.min.js"
AXE_RUN = """async () => (await axe.run(document, {
  runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
  resultTypes: ["violations"],
})).violations.map(v => `${v.id}: ${v.nodes.map(n => n.html).join(" | ")}`)"""
TEXT_SPACING = (
    "* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }"
    " p { margin-bottom: 2em !important; }"
)
CONTEXT = {
    "picture": "openmoji:1F4C5",
    "chapters": range(2),
    "hard_words": ["council", "co-production"],
    "glossary": [{"word": "council", "explanation": "People who run services.", "picture": "openmoji:1F3E2"}],
}


@pytest.fixture(scope="module")
def page():
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}. CI must run the browser tests, not skip them.", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield browser.new_page()
        browser.close()


@pytest.mark.browser
@pytest.mark.parametrize("variant", printing.VARIANTS)
def test_the_web_version_passes_axe_and_reflows(page, variant):
    html = printing.render_html(template="print/sample.html", context=CONTEXT, variant=variant, title="Pack")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.set_content(html)
    page.add_script_tag(path=str(AXE_JS))

    assert page.evaluate(AXE_RUN) == []
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.add_style_tag(content=TEXT_SPACING)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
