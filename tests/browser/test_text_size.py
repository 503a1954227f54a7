"""The largest text size with higher contrast, in a real Chromium: the person's classes are on <html> of every
page (the web versions of the meeting pack and minutes included), nothing scrolls sideways at 320px, and no
word is broken apart across lines, in the main content or the workspace's side panel. Long web addresses in
links may wrap: they have no whole word to keep."""

from collections.abc import Callable

import pytest
from django.urls import reverse

from partners.models import User
from tests.browser.conftest import MEMBER, SLUG
from tests.browser.test_pack_pages import PackExtras, pack_extras

WIDE = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}

# Elements whose computed style lets the browser break a word anywhere, and words of the visible text of
# main and the side panel that the browser laid out over more than one line (a Range over the word has more
# than one box). Words inside links are left out: a web address may wrap.
FIND_BROKEN_WORDS = """() => {
  const visible = el => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
  };
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + [...el.classList].map(c => '.' + c).join('');
  const breakers = [];
  for (const el of document.querySelectorAll('body, body *')) {
    if (el.closest('a') || !visible(el)) continue;
    const style = getComputedStyle(el);
    if (style.wordBreak === 'break-all' || style.overflowWrap === 'anywhere') {
      breakers.push(`${name(el)}: word-break ${style.wordBreak}, overflow-wrap ${style.overflowWrap}`);
    }
  }
  const roots = [...document.querySelectorAll('main, .govuk-grid-column-one-third')];
  const split = [];
  let words = 0;
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('a, script, style, .govuk-visually-hidden') || !visible(parent)) continue;
      // A word is letters and digits between spaces and hyphens: a line may end after the hyphen of
      // "step-free", as in print. Web and email addresses may wrap anywhere: they have no whole word to keep.
      for (const match of node.data.matchAll(/[^\\s\u2010-\u2014-]+/g)) {
        if (/@|:\\/\\/|^www\\./.test(match[0])) continue;
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        // One box per line the word is on; empty boxes are collapsed whitespace.
        const boxes = [...range.getClientRects()].filter(r => r.width > 0);
        const lines = new Set(boxes.map(r => Math.round(r.top)));
        words += 1;
        if (lines.size > 1) split.push(`"${match[0]}" in ${name(parent)}`);
      }
    }
  }
  return {breakers: [...new Set(breakers)].slice(0, 10), split: [...new Set(split)].slice(0, 15), words,
          scrollWidth: document.documentElement.scrollWidth, classes: document.documentElement.className};
}"""


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _web(document: str, meeting: str) -> Callable[[PackExtras], str]:
    return lambda extras: reverse(
        "meetings:document_web",
        kwargs={"slug": SLUG, "pk": getattr(extras, meeting), "document": document, "variant": "standard"},
    )


def _meetings(name: str) -> Callable[[PackExtras], str]:
    return lambda extras: reverse(f"meetings:{name}", args=[SLUG, extras.next])


PAGES = {
    "workspace home": lambda extras: reverse("workspace", args=[SLUG]),
    "meeting page": _meetings("meeting_detail"),
    "agenda": _meetings("agenda"),
    "access plan": _meetings("access_plan"),
    "meeting pack (web)": _web("pack", "next"),
    "minutes (web)": _web("minutes", "past"),
}


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_extra_large_text_and_higher_contrast_never_break_words(path, page, url, signed_in, request):
    label = request.node.callspec.id
    extras = pack_extras()
    User.objects.filter(email=MEMBER).update(text_size=User.TextSize.EXTRA_LARGE, high_contrast=True)
    signed_in(MEMBER)

    problems = []
    response = page.goto(url(path(extras)))
    assert response.status == 200, f"The {label} answered {response.status}"
    for viewport in (WIDE, NARROW):
        page.set_viewport_size(viewport)
        found = page.evaluate(FIND_BROKEN_WORDS)
        where = f"{label} at {viewport['width']}px"
        classes = found["classes"].split()
        assert {"cp-text-xlarge", "cp-contrast-high"} <= set(classes), f"{where}: <html> is {classes}"
        assert found["words"] > 20, f"{where}: only {found['words']} words of text were checked"
        if viewport is NARROW and found["scrollWidth"] > NARROW["width"]:
            problems.append(f"{where}: the page is {found['scrollWidth']}px wide and scrolls sideways")
        if found["breakers"]:
            problems.append(f"{where}: may break any word: " + "; ".join(found["breakers"]))
        if found["split"]:
            problems.append(f"{where}: words split across lines: " + "; ".join(found["split"]))
    page.set_viewport_size(WIDE)

    assert not problems, "At extra large text with higher contrast:\n" + "\n".join(problems)
