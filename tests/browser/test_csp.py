"""The Content-Security-Policy in a real Chromium: key pages load with no violation reported, and GOV.UK
Frontend's JavaScript (started by our own static file) still runs.

This uses a browser context of its own that obeys the policy, as a person's browser does (the sweeps'
shared context may bypass it to inject axe)."""

import pytest
from django.urls import reverse

from meetings.models import AgendaItem, Meeting, Venue
from tests.browser.conftest import COORDINATOR, SLUG, VIEWPORT, sign_in

NEXT_MEETING = "Planning the 50 conversations"


@pytest.fixture
def strict_page(chromium, demo):
    context = chromium.new_context(viewport=VIEWPORT, locale="en-GB", bypass_csp=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    violations: list[str] = []
    # Chromium reports each blocked script, style or picture on the console ("Refused to ... because it
    # violates the following Content Security Policy directive"), and also as a DOM event.
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text or "Permissions-Policy" in message.text
            else None
        ),
    )
    page.violations = violations
    yield page
    context.close()


def _record_dom_violations(page) -> None:
    page.evaluate(
        """() => {
            window.__cspViolations = window.__cspViolations || [];
            document.addEventListener("securitypolicyviolation", (event) =>
                window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`));
        }"""
    )


def _key_pages() -> list[str]:
    meeting = Meeting.objects.get(partnership__slug=SLUG, title=NEXT_MEETING)
    venue = Venue.objects.get(partnership__slug=SLUG, name="Riverside Community Hub")
    item = AgendaItem.objects.get(meeting=meeting, title="Where people find out about jobs")
    tenant = {"slug": SLUG}
    in_meeting = {"slug": SLUG, "pk": meeting.pk}
    return [
        reverse("home"),
        reverse("workspace", kwargs=tenant),
        reverse("partners:profile"),
        reverse("partners:member_list", kwargs=tenant),
        reverse("partners:access_needs", kwargs=tenant),
        reverse("partners:picture_list", kwargs=tenant),
        reverse("partners:glossary", kwargs=tenant),
        reverse("meetings:meeting_list", kwargs=tenant),
        reverse("meetings:meeting_detail", kwargs=in_meeting),
        reverse("meetings:access_plan", kwargs=in_meeting),
        reverse("meetings:venue_detail", kwargs={"slug": SLUG, "pk": venue.pk}),
        reverse("meetings:action_list", kwargs=tenant),
        # Pages with scripts of their own: the live agenda (a timer, refreshing), easy read writing guidance.
        reverse("meetings:run", kwargs=in_meeting),
        reverse("meetings:follow", kwargs=in_meeting),
        reverse("meetings:easy_read", kwargs=in_meeting),
        reverse(
            "meetings:easy_read_point", kwargs={**in_meeting, "kind": "agenda_item", "point_id": item.pk}
        ),
        reverse("meetings:document_web", kwargs={**in_meeting, "document": "agenda", "variant": "standard"}),
        reverse("meetings:document_web", kwargs={**in_meeting, "document": "pack", "variant": "easy_read"}),
        reverse("meetings:action_log_web", kwargs={"slug": SLUG, "variant": "large_print"}),
        reverse("groundrules:current_web", kwargs={"slug": SLUG, "variant": "easy_read"}),
        reverse("groundrules:version_web", kwargs={"slug": SLUG, "number": 1, "variant": "large_print"}),
        reverse("workplan:print_web", kwargs={"slug": SLUG, "variant": "easy_read"}),
        reverse("workplan:print_web", kwargs={"slug": SLUG, "variant": "large_print"}),
    ]


def test_sign_in_page_runs_govuk_frontend_under_the_policy(strict_page, live_server):
    page = strict_page
    page.goto(f"{live_server.url}{reverse('account_login')}")
    # init.js (a module from our own address) ran initAll(): the password box got its "Show" button.
    page.wait_for_selector(".govuk-password-input__toggle:not([hidden])")
    classes = page.evaluate("document.body.className")
    assert "js-enabled" in classes
    assert "govuk-frontend-supported" in classes
    assert page.violations == []


def test_key_pages_load_with_no_policy_violation(strict_page, live_server):
    page = strict_page
    sign_in(page, live_server.url, COORDINATOR)
    problems = []
    for path in _key_pages():
        page.violations.clear()
        response = page.goto(f"{live_server.url}{path}")
        if response is None or response.status != 200:
            problems.append(f"{path} answered {response.status if response else 'nothing'}")
            continue
        _record_dom_violations(page)
        page.wait_for_load_state("networkidle")
        problems += [f"{path}: {text}" for text in page.violations]
        problems += [f"{path}: {text}" for text in page.evaluate("window.__cspViolations")]
        # Styles still apply: a GOV.UK page has its fonts and layout from main.css, a document its own.
        if not any(part in path for part in ("/documents/", "/action-points/", "/print/")):
            width = page.evaluate(
                "getComputedStyle(document.querySelector('.govuk-width-container')).maxWidth"
            )
            if width in ("", "none"):
                problems.append(f"{path}: main.css did not apply")
    assert problems == []


def test_an_inline_script_would_be_refused(strict_page, live_server):
    # The check above can fail: the same browser reports an inline script the policy forbids.
    page = strict_page
    page.goto(f"{live_server.url}{reverse('account_login')}")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.__ranInline = true";
            document.body.append(script);
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ranInline === undefined")
    assert any("Content Security Policy" in text for text in page.violations)
