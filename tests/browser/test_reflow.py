"""Reflow (WCAG 1.4.10) and text spacing (1.4.12): at 320 CSS px wide nothing scrolls sideways, also with
the WCAG text-spacing overrides and with the person's text size set to extra large."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from partners.models import User
from tests.browser.conftest import COORDINATOR, SLUG, submit_empty
from tests.browser.test_axe_sweep import WORK_PLAN_CASES
from tests.browser.test_meetings_pages import PATHS as MEETINGS_PATHS
from tests.browser.test_meetings_pages import meetings_extras
from tests.browser.test_pack_pages import PATHS as PACK_PATHS
from tests.browser.test_pack_pages import pack_extras, send_pack

NARROW = {"width": 320, "height": 640}
TEXT_SPACING_CSS = (
    "* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }"
    " p { margin-bottom: 2em !important; }"
)
# The page's width, and the innermost elements that stick out past the viewport's right edge.
MEASURE = """() => {
  const limit = window.innerWidth;
  const wide = [...document.body.querySelectorAll('*')].filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.right > limit + 0.5;
  });
  const innermost = wide.filter(el => !wide.some(other => other !== el && el.contains(other)));
  return {
    scrollWidth: document.documentElement.scrollWidth,
    culprits: innermost.slice(0, 6).map(el => {
      const box = el.getBoundingClientRect();
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + [...el.classList].map(c => '.' + c).join('');
      const text = (el.textContent || '').trim().slice(0, 60);
      return `${name} (right edge at ${Math.round(box.right)}px): ${text}`;
    }),
  };
}"""


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """The meetings pages' papers and venue photos go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


def _meetings(name: str) -> Callable[[], str]:
    """A meetings page on the demo's meetings, with the paper, photo, correction and second version of the
    minutes the demo lacks made first (see test_meetings_pages)."""
    return lambda: MEETINGS_PATHS[name](meetings_extras())


def _packs(name: str, *, sent: bool = False) -> Callable[[], str]:
    """A pack, document or easy read page of the demo's next meeting, with the picture, glossary words and
    easy read words the demo lacks made first (see test_pack_pages); `sent`: after sending the pack."""

    def build() -> str:
        extras = pack_extras()
        if sent:
            send_pack(extras)
        return PACK_PATHS[name](extras)

    return build


def _ground_rules(name: str, *args: Callable[[], object]) -> Callable[[], str]:
    """A ground rules page of the demo (its version 1, its proposals on the next meeting's agenda)."""
    return lambda: reverse(f"groundrules:{name}", args=[SLUG, *[arg() for arg in args]])


def _open_proposal_pk() -> int:
    from groundrules.models import Proposal

    return Proposal.objects.filter(partnership__slug=SLUG, status="open").order_by("pk").first().pk


def _next_meeting_pk() -> int:
    from meetings.models import Meeting

    return Meeting.objects.get(partnership__slug=SLUG, title="Planning the 50 conversations").pk


@dataclass(frozen=True)
class Page:
    who: str | None
    path: Callable[[], str]
    act: Callable | None = None
    prepare: Callable[[], None] | None = None


# The work plan: every page the axe sweep opens (forms with their errors included), the same way.
WORK_PLAN_PAGES = {
    case_id: Page(case.who, case.path, act=case.act, prepare=case.prepare)
    for case_id, case in WORK_PLAN_CASES.items()
    if case.status == 200
}


PAGES = {
    "sign-in": Page(None, lambda: reverse("account_login")),
    "workspace": Page(COORDINATOR, lambda: reverse("workspace", args=[SLUG])),
    "people": Page(COORDINATOR, lambda: reverse("partners:member_list", args=[SLUG])),
    "access-needs-overview": Page(COORDINATOR, lambda: reverse("partners:access_needs", args=[SLUG])),
    "invitation-new-errors": Page(
        COORDINATOR, lambda: reverse("partners:invitation_new", args=[SLUG]), act=submit_empty
    ),
    "profile": Page(COORDINATOR, lambda: reverse("partners:profile")),
    "access-need-add": Page(COORDINATOR, lambda: reverse("partners:access_need_add")),
    "invitations": Page(COORDINATOR, lambda: reverse("partners:invitation_list", args=[SLUG])),
    # The heaviest meetings pages.
    "meeting": Page(COORDINATOR, _meetings("meeting-next")),
    "agenda": Page(COORDINATOR, _meetings("agenda")),
    "access-plan": Page(COORDINATOR, _meetings("access-plan")),
    "action-log": Page(COORDINATOR, _meetings("action-log-all")),
    "minutes": Page(COORDINATOR, _meetings("minutes-out-for-comment")),
    "minutes-write": Page(COORDINATOR, _meetings("minutes-write")),
    "minutes-compare": Page(COORDINATOR, _meetings("minutes-compare")),
    "venue": Page(COORDINATOR, _meetings("venue")),
    "papers": Page(COORDINATOR, _meetings("papers")),
    "run-before-start": Page(COORDINATOR, _meetings("run-before-start")),
    # Meeting packs and easy read.
    "pack-large-print": Page(COORDINATOR, _packs("pack-large_print-next")),
    "pack-easy-read": Page(COORDINATOR, _packs("pack-easy_read-next")),
    "easy-read": Page(COORDINATOR, _packs("easy-read")),
    "easy-read-point": Page(COORDINATOR, _packs("easy-read-point")),
    "print-list": Page(COORDINATOR, _packs("print-list", sent=True)),
    # The ground rules.
    "ground-rules-agenda-add": Page(COORDINATOR, _ground_rules("agenda_add")),
    "ground-rules-agree-at-meeting": Page(COORDINATOR, _ground_rules("meeting_agree", _next_meeting_pk)),
    "ground-rules-agree-errors": Page(
        COORDINATOR, _ground_rules("meeting_agree", _next_meeting_pk), act=submit_empty
    ),
    "ground-rules-concerns": Page(COORDINATOR, _ground_rules("concerns")),
    "ground-rules-statement": Page(COORDINATOR, _ground_rules("statement")),
    "ground-rules-statement-people": Page(COORDINATOR, _ground_rules("statement_people")),
    "ground-rules-statement-point-add-errors": Page(
        COORDINATOR, _ground_rules("statement_point_add"), act=submit_empty
    ),
    "ground-rules-proposals": Page(COORDINATOR, _ground_rules("proposals")),
    "ground-rules-suggestions": Page(COORDINATOR, _ground_rules("suggestions")),
    "ground-rules-proposal": Page(COORDINATOR, _ground_rules("proposal_detail", _open_proposal_pk)),
    "ground-rules-proposal-add-errors": Page(COORDINATOR, _ground_rules("proposal_add"), act=submit_empty),
    "ground-rules-proposal-record": Page(COORDINATOR, _ground_rules("proposal_record", _open_proposal_pk)),
    "ground-rules-current": Page(COORDINATOR, _ground_rules("current")),
    "ground-rules-versions": Page(COORDINATOR, _ground_rules("versions")),
    "ground-rules-version": Page(COORDINATOR, _ground_rules("version_detail", lambda: 1)),
    "ground-rules-version-compare": Page(COORDINATOR, _ground_rules("version_compare")),
    "ground-rules-settings": Page(COORDINATOR, _ground_rules("settings")),
    "ground-rules-print-easy-read": Page(
        COORDINATOR, lambda: reverse("groundrules:current_web", kwargs={"slug": SLUG, "variant": "easy_read"})
    ),
    "ground-rules-print-large-print": Page(
        COORDINATOR,
        lambda: reverse("groundrules:current_web", kwargs={"slug": SLUG, "variant": "large_print"}),
    ),
    **WORK_PLAN_PAGES,
}


@pytest.mark.parametrize("page_id", PAGES)
def test_page_reflows_at_320_px(page_id, invitations, page, url, signed_in):
    spec = PAGES[page_id]
    if spec.prepare:
        spec.prepare()
    if spec.who:
        signed_in(spec.who)
    page.set_viewport_size(NARROW)
    target = url(spec.path())

    def open_page() -> None:
        response = page.goto(target)
        if spec.act:
            response = spec.act(page)
        assert response.status == 200, f"{target} answered {response.status}"
        assert page.url == target, f"{target} ended up at {page.url}"
        if spec.act:
            assert page.locator(".govuk-error-summary").is_visible(), "The form came back without its errors"

    problems = []

    def check(variant: str) -> None:
        measured = page.evaluate(MEASURE)
        if measured["scrollWidth"] > NARROW["width"]:
            problems.append(
                f"{variant}: the page is {measured['scrollWidth']}px wide; sticking out: "
                + "; ".join(measured["culprits"])
            )

    open_page()
    check("at 320px")
    page.add_style_tag(content=TEXT_SPACING_CSS)
    check("with WCAG 1.4.12 text spacing")
    if spec.who:
        User.objects.filter(email=spec.who).update(text_size=User.TextSize.EXTRA_LARGE)
        open_page()
        assert "cp-text-xlarge" in (page.locator("html").get_attribute("class") or "").split()
        check("with extra large text")

    assert not problems, f"{page_id} ({target}) scrolls sideways at 320 CSS px:\n" + "\n".join(problems)
