"""The web version of a printed document (`printing.render_html`) in a real Chromium: axe finds nothing, and
at 320px wide, with the WCAG text spacing, nothing scrolls sideways."""

from pathlib import Path

import pytest

from coproduction import printing

AXE_JS = Path(__file__).resolve().parent / "axe.min.js"
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


@pytest.fixture
def page(chromium):
    # The browser suite's one Chromium (tests/browser/conftest.py): a second Playwright in the same test run
    # would clash with its event loop.
    page = chromium.new_page()
    yield page
    page.close()


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
