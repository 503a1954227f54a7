"""Every page a demo account can reach, checked with axe against WCAG 2.2 AA and best practice: 0 violations.

Each case names who is signed in, how to find the page in the demo data, the status the page must answer
with, and optionally what to do on it first (submit a form with errors) or what to change beforehand
(display preferences).

The meetings app's pages are swept in test_meetings_pages.py, a journey per test to keep the suite fast.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.urls import reverse

from partners.models import AccessNeed, Invitation, Membership, PartnerGroup, User
from tests.browser.conftest import (
    COORDINATOR,
    LATE_PARTNER,
    MEMBER,
    NEW_PARTNER,
    SLUG,
    assert_no_axe_violations,
    submit_empty,
)

# ---------------------------------------------------------------- looking pages up in the demo data


def _member_pk(email: str) -> int:
    return Membership.objects.get(partnership__slug=SLUG, person__email=email).pk


def _group_pk(name: str = "Disabled People's Voice") -> int:
    return PartnerGroup.objects.get(partnership__slug=SLUG, name=name).pk


def _need_pk(email: str = COORDINATOR, code: str = "regular_breaks") -> int:
    return AccessNeed.objects.get(person__email=email, code=code).pk


def _invitation_url(email: str) -> str:
    return Invitation.objects.get(partnership__slug=SLUG, email=email).get_accept_url()


def _tenant(name: str, *args) -> Callable[[], str]:
    return lambda: reverse(name, args=[SLUG, *[arg() if callable(arg) else arg for arg in args]])


def _named(name: str, *args) -> Callable[[], str]:
    return lambda: reverse(name, args=[arg() if callable(arg) else arg for arg in args])


def _meeting_pk(title: str = "Planning the 50 conversations") -> int:
    from meetings.models import Meeting

    return Meeting.objects.get(partnership__slug=SLUG, title=title).pk


def _statement_point_pk() -> int:
    from groundrules.models import StatementPoint

    return StatementPoint.objects.filter(partnership__slug=SLUG).first().pk


def _open_proposal_pk() -> int:
    from groundrules.models import Proposal

    return Proposal.objects.filter(partnership__slug=SLUG, status="open").order_by("pk").first().pk


def _printed(variant: str) -> Callable[[], str]:
    """The current ground rules printed in a variant, as a web page (the variant is the route's default)."""
    return lambda: reverse("groundrules:current_web", kwargs={"slug": SLUG, "variant": variant})


def _large_text_and_high_contrast() -> None:
    User.objects.filter(email=COORDINATOR).update(text_size=User.TextSize.EXTRA_LARGE, high_contrast=True)


# ---------------------------------------------------------------- actions on a page before axe runs


def _sign_in_with_wrong_password(page):
    page.locator("input[name=login]").fill(COORDINATOR)
    page.locator("input[name=password]").fill("not-the-right-password")
    with page.expect_navigation() as navigation:
        page.locator("input[name=password]").press("Enter")
    return navigation.value


def _confirm_password(page):
    """Setting up two-factor authentication asks for the password again first (allauth reauthentication)."""
    assert "/reauthenticate/" in page.url, f"Expected to be asked for the password again, got {page.url}"
    page.locator("input[name=password]").fill(settings.DEMO_PASSWORD)
    with page.expect_navigation() as navigation:
        page.locator("input[name=password]").press("Enter")
    return navigation.value


@dataclass(frozen=True)
class Case:
    who: str | None
    path: Callable[[], str]
    status: int = 200
    prepare: Callable[[], None] | None = None
    act: Callable | None = None
    shows_errors: bool = False
    html_classes: tuple[str, ...] = ()


# The ground rules (groundrules/): the demo's version 1 (agreed at its first meeting) and its two proposals
# on the next meeting's agenda. Peter missed the first meeting; Chloe reads in easy read.
GROUND_RULES_CASES: dict[str, Case] = {
    "ground-rules-agenda-add": Case(COORDINATOR, _tenant("groundrules:agenda_add")),
    "ground-rules-agenda-add-errors": Case(
        COORDINATOR, _tenant("groundrules:agenda_add"), act=submit_empty, shows_errors=True
    ),
    "ground-rules-agree-at-meeting": Case(COORDINATOR, _tenant("groundrules:meeting_agree", _meeting_pk)),
    "ground-rules-agree-at-meeting-errors": Case(
        COORDINATOR, _tenant("groundrules:meeting_agree", _meeting_pk), act=submit_empty, shows_errors=True
    ),
    "ground-rules-version-sent": Case(COORDINATOR, _tenant("groundrules:version_sent", 1)),
    "ground-rules-concerns": Case(COORDINATOR, _tenant("groundrules:concerns")),
    "ground-rules-concern-after-the-time": Case("council@example.org", _tenant("groundrules:concern_add", 1)),
    # What co-production means to us: the statement, its points, the groups' and people's commitments.
    "ground-rules-statement": Case(COORDINATOR, _tenant("groundrules:statement")),
    "ground-rules-statement-member": Case(MEMBER, _tenant("groundrules:statement")),
    "ground-rules-statement-not-yet": Case("easyread@example.org", _tenant("groundrules:statement")),
    "ground-rules-statement-point-add": Case(COORDINATOR, _tenant("groundrules:statement_point_add")),
    "ground-rules-statement-point-add-errors": Case(
        COORDINATOR, _tenant("groundrules:statement_point_add"), act=submit_empty, shows_errors=True
    ),
    "ground-rules-statement-point-change": Case(
        COORDINATOR, _tenant("groundrules:statement_point_edit", _statement_point_pk)
    ),
    "ground-rules-statement-point-remove": Case(
        COORDINATOR, _tenant("groundrules:statement_point_remove", _statement_point_pk)
    ),
    "ground-rules-group-commits": Case(COORDINATOR, _tenant("groundrules:statement_group_commit", _group_pk)),
    "ground-rules-statement-people": Case(COORDINATOR, _tenant("groundrules:statement_people")),
    "ground-rules-statement-person": Case(
        COORDINATOR, _tenant("groundrules:statement_person", lambda: _member_pk("easyread@example.org"))
    ),
    "ground-rules-welcome": Case(MEMBER, _tenant("groundrules:welcome")),
    # Proposals: the demo's two under discussion (phones on silent has Jamie's No and its reason).
    "ground-rules-proposals": Case(COORDINATOR, _tenant("groundrules:proposals")),
    "ground-rules-proposals-member": Case(MEMBER, _tenant("groundrules:proposals")),
    "ground-rules-suggestions": Case(MEMBER, _tenant("groundrules:suggestions")),
    "ground-rules-proposal-add": Case(MEMBER, _tenant("groundrules:proposal_add")),
    "ground-rules-proposal-add-errors": Case(
        MEMBER, _tenant("groundrules:proposal_add"), act=submit_empty, shows_errors=True
    ),
    "ground-rules-proposal": Case(COORDINATOR, _tenant("groundrules:proposal_detail", _open_proposal_pk)),
    "ground-rules-proposal-member": Case(MEMBER, _tenant("groundrules:proposal_detail", _open_proposal_pk)),
    "ground-rules-proposal-change": Case(
        COORDINATOR, _tenant("groundrules:proposal_edit", _open_proposal_pk)
    ),
    "ground-rules-proposal-withdraw": Case(
        COORDINATOR, _tenant("groundrules:proposal_withdraw", _open_proposal_pk)
    ),
    "ground-rules-proposal-record": Case(
        COORDINATOR, _tenant("groundrules:proposal_record", _open_proposal_pk)
    ),
    "ground-rules-proposal-record-errors": Case(
        COORDINATOR,
        _tenant("groundrules:proposal_record", _open_proposal_pk),
        act=submit_empty,
        shows_errors=True,
    ),
    # The versions.
    "ground-rules-current": Case(COORDINATOR, _tenant("groundrules:current")),
    "ground-rules-current-member": Case(MEMBER, _tenant("groundrules:current")),
    "ground-rules-versions": Case(COORDINATOR, _tenant("groundrules:versions")),
    "ground-rules-version": Case(COORDINATOR, _tenant("groundrules:version_detail", 1)),
    "ground-rules-version-compare": Case(COORDINATOR, _tenant("groundrules:version_compare")),
    "ground-rules-version-never-changes": Case(COORDINATOR, _tenant("groundrules:version_edit", 1)),
    "ground-rules-settings": Case(COORDINATOR, _tenant("groundrules:settings")),
    "ground-rules-print-standard": Case(COORDINATOR, _printed("standard")),
    "ground-rules-print-large": Case(COORDINATOR, _printed("large_print")),
    "ground-rules-print-easy-read": Case(COORDINATOR, _printed("easy_read")),
}

CASES: dict[str, Case] = {
    # Signed out.
    "sign-in": Case(None, _named("account_login")),
    "sign-in-by-code": Case(None, _named("account_request_login_code")),
    "password-reset": Case(None, _named("account_reset_password")),
    "sign-up-closed": Case(None, _named("account_signup")),
    "help": Case(None, _named("help")),
    "accessibility": Case(None, _named("accessibility")),
    "invitation-new-address": Case(None, lambda: _invitation_url(NEW_PARTNER)),
    # An expired link answers 410 Gone on purpose (partners.views.invitation_accept).
    "invitation-expired": Case(None, lambda: _invitation_url(LATE_PARTNER), status=410),
    "sign-in-wrong-password": Case(
        None, _named("account_login"), act=_sign_in_with_wrong_password, shows_errors=True
    ),
    # Signed in as the coordinator.
    "landing": Case(COORDINATOR, _named("home")),
    "workspace": Case(COORDINATOR, _tenant("workspace")),
    "people": Case(COORDINATOR, _tenant("partners:member_list")),
    "person": Case(COORDINATOR, _tenant("partners:member_detail", lambda: _member_pk("cochair@example.org"))),
    "change-role": Case(COORDINATOR, _tenant("partners:member_edit", lambda: _member_pk(MEMBER))),
    "record-leaving": Case(COORDINATOR, _tenant("partners:member_leave", lambda: _member_pk(MEMBER))),
    "access-needs-overview": Case(COORDINATOR, _tenant("partners:access_needs")),
    "groups": Case(COORDINATOR, _tenant("partners:group_list")),
    "group-add": Case(COORDINATOR, _tenant("partners:group_add")),
    "group-change": Case(COORDINATOR, _tenant("partners:group_edit", _group_pk)),
    "group-remove": Case(COORDINATOR, _tenant("partners:group_delete", _group_pk)),
    "invitations": Case(COORDINATOR, _tenant("partners:invitation_list")),
    "invitation-new": Case(COORDINATOR, _tenant("partners:invitation_new")),
    "invitation-new-errors": Case(
        COORDINATOR, _tenant("partners:invitation_new"), act=submit_empty, shows_errors=True
    ),
    "partnership-settings": Case(COORDINATOR, _tenant("partners:partnership_edit")),
    "partnership-new": Case(COORDINATOR, _named("partners:partnership_new")),
    "profile": Case(COORDINATOR, _named("partners:profile")),
    "profile-details": Case(COORDINATOR, _named("partners:profile_edit")),
    "display-preferences": Case(COORDINATOR, _named("partners:display_preferences")),
    "communication-preferences": Case(COORDINATOR, _named("partners:communication")),
    "my-access-needs": Case(COORDINATOR, _named("partners:my_access_needs")),
    "access-need-add": Case(COORDINATOR, _named("partners:access_need_add")),
    "access-need-add-errors": Case(
        COORDINATOR, _named("partners:access_need_add"), act=submit_empty, shows_errors=True
    ),
    "access-need-change": Case(COORDINATOR, _named("partners:access_need_edit", _need_pk)),
    "access-need-remove": Case(COORDINATOR, _named("partners:access_need_delete", _need_pk)),
    "account-delete": Case(COORDINATOR, _named("partners:account_delete")),
    "password-change": Case(COORDINATOR, _named("account_change_password")),
    "email-addresses": Case(COORDINATOR, _named("account_email")),
    "two-factor": Case(COORDINATOR, _named("mfa_index")),
    "confirm-password": Case(
        COORDINATOR, lambda: f"{reverse('account_reauthenticate')}?next={reverse('mfa_activate_totp')}"
    ),
    "two-factor-activate": Case(COORDINATOR, _named("mfa_activate_totp"), act=_confirm_password),
    "not-found": Case(COORDINATOR, lambda: reverse("workspace", args=["no-such-partnership"]), status=404),
    "workspace-extra-large-high-contrast": Case(
        COORDINATOR,
        _tenant("workspace"),
        prepare=_large_text_and_high_contrast,
        html_classes=("cp-text-xlarge", "cp-contrast-high"),
    ),
    "profile-extra-large-high-contrast": Case(
        COORDINATOR,
        _named("partners:profile"),
        prepare=_large_text_and_high_contrast,
        html_classes=("cp-text-xlarge", "cp-contrast-high"),
    ),
    # Signed in as a partner member.
    "forbidden": Case(MEMBER, _tenant("partners:partnership_edit"), status=403),
    "member-workspace": Case(MEMBER, _tenant("workspace")),
    "member-access-needs-overview": Case(MEMBER, _tenant("partners:access_needs")),
    # Fiona has access needs and has not shared them: the member sees her page without them.
    "member-person-not-shared": Case(
        MEMBER, _tenant("partners:member_detail", lambda: _member_pk("cochair@example.org"))
    ),
    **GROUND_RULES_CASES,
}


@pytest.mark.parametrize("case_id", CASES)
def test_page_has_no_axe_violations(case_id, invitations, page, url, signed_in):
    case = CASES[case_id]
    if case.prepare:
        case.prepare()
    if case.who:
        signed_in(case.who)
    target = url(case.path())

    response = page.goto(target)
    if case.act:
        response = case.act(page)

    assert response is not None
    assert response.status == case.status, f"{target} answered {response.status}, not {case.status}"
    assert page.url == target, f"{target} ended up at {page.url}"
    if case.shows_errors:
        summary = page.locator(".govuk-error-summary")
        assert summary.is_visible(), f"No error summary on {target} after a failed submission"
        assert summary.locator("a[href^='#']").count() >= 1, "The error summary does not link to the fields"
    for html_class in case.html_classes:
        assert html_class in (page.locator("html").get_attribute("class") or "").split()
    assert_no_axe_violations(page, f"{case_id} ({target})")
