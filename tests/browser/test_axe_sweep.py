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

# ---------------------------------------------------------------- the work plan (workplan/)
#
# The demo's plan: "More disabled people in employment" with its three themes in the agreed order, "Talk to
# 50 disabled people" taking longer because the venue was not ready, "Write what we heard" waiting for it
# with new dates proposed, the 50 conversations as a networks window, version 1 agreed, and Jamie's proposed
# outcome.


def _outcome_pk(status: str = "agreed") -> int:
    from workplan.models import Outcome

    return Outcome.objects.filter(partnership__slug=SLUG, status=status).order_by("pk").first().pk


def _plan_pk(model: str, **filters) -> Callable[[], int]:
    def find() -> int:
        from workplan import models

        return (
            getattr(models, model).objects.filter(partnership__slug=SLUG, **filters).order_by("pk").first().pk
        )

    return find


_slipped_task_pk = _plan_pk("Task", title="Talk to 50 disabled people")
_theme_pk = _plan_pk("Theme")
_output_pk = _plan_pk("Output", title="Guide for employers")
_networks_pk = _plan_pk("Activity", kind="networks")
_closed_ranking_pk = _plan_pk("Ranking", closed_at__isnull=False)
_open_ranking_pk = _plan_pk("Ranking", closed_at__isnull=True)


def open_a_ranking() -> None:
    """The demo's ranking is closed (its order agreed): a new one, open for answers, as the chair opens."""
    from workplan.models import Outcome, Ranking

    outcome = Outcome.objects.get(pk=_outcome_pk())
    chair = User.objects.get(email="chair@example.org")
    Ranking.objects.create(partnership=outcome.partnership, outcome=outcome, method="dots", opened_by=chair)


def _plan_page(name: str, *args) -> Callable[[], str]:
    return _tenant(f"workplan:{name}", *args)


def _plan_printed(variant: str) -> Callable[[], str]:
    return lambda: reverse("workplan:print_web", kwargs={"slug": SLUG, "variant": variant})


def _networks_add() -> str:
    return reverse("workplan:activity_add", args=[SLUG]) + "?kind=networks"


WORK_PLAN_CASES: dict[str, Case] = {
    "work-plan": Case(COORDINATOR, _plan_page("plan")),
    "work-plan-member": Case(MEMBER, _plan_page("plan")),
    "work-plan-easy-read-partner": Case("easyread@example.org", _plan_page("plan")),
    # Outcomes and themes.
    "work-plan-outcome": Case(COORDINATOR, _plan_page("outcome", _outcome_pk)),
    "work-plan-outcome-member": Case(MEMBER, _plan_page("outcome", _outcome_pk)),
    "work-plan-outcome-proposed": Case(COORDINATOR, _plan_page("outcome", lambda: _outcome_pk("proposed"))),
    "work-plan-outcome-add": Case(MEMBER, _plan_page("outcome_add")),
    "work-plan-outcome-add-errors": Case(
        MEMBER, _plan_page("outcome_add"), act=submit_empty, shows_errors=True
    ),
    "work-plan-outcome-change": Case(COORDINATOR, _plan_page("outcome_edit", _outcome_pk)),
    "work-plan-outcome-remove": Case(
        COORDINATOR, _plan_page("outcome_remove", lambda: _outcome_pk("proposed"))
    ),
    "work-plan-outcome-status": Case(
        COORDINATOR, _plan_page("outcome_status", lambda: _outcome_pk("proposed"))
    ),
    "work-plan-outcome-comment": Case(MEMBER, _plan_page("outcome_comment", _outcome_pk)),
    "work-plan-outcome-comment-errors": Case(
        MEMBER, _plan_page("outcome_comment", _outcome_pk), act=submit_empty, shows_errors=True
    ),
    "work-plan-theme-add": Case(COORDINATOR, _plan_page("theme_add", _outcome_pk)),
    "work-plan-theme-add-errors": Case(
        COORDINATOR, _plan_page("theme_add", _outcome_pk), act=submit_empty, shows_errors=True
    ),
    "work-plan-theme-change": Case(COORDINATOR, _plan_page("theme_edit", _theme_pk)),
    "work-plan-theme-remove": Case(COORDINATOR, _plan_page("theme_remove", _theme_pk)),
    "work-plan-theme-move": Case(COORDINATOR, _plan_page("theme_move", _theme_pk)),
    # Tasks and outputs.
    "work-plan-task": Case(COORDINATOR, _plan_page("task", _slipped_task_pk)),
    "work-plan-task-member": Case(MEMBER, _plan_page("task", _slipped_task_pk)),
    "work-plan-task-add": Case(COORDINATOR, _plan_page("task_add", _outcome_pk)),
    "work-plan-task-add-errors": Case(
        COORDINATOR, _plan_page("task_add", _outcome_pk), act=submit_empty, shows_errors=True
    ),
    "work-plan-task-change": Case(COORDINATOR, _plan_page("task_edit", _slipped_task_pk)),
    "work-plan-task-update": Case("cochair@example.org", _plan_page("task_update", _slipped_task_pk)),
    "work-plan-task-remove": Case(COORDINATOR, _plan_page("task_remove", _slipped_task_pk)),
    "work-plan-task-action-points": Case(COORDINATOR, _plan_page("task_actions", _slipped_task_pk)),
    "work-plan-output-add": Case(COORDINATOR, _plan_page("output_add", _slipped_task_pk)),
    "work-plan-output-add-errors": Case(
        COORDINATOR, _plan_page("output_add", _slipped_task_pk), act=submit_empty, shows_errors=True
    ),
    "work-plan-output-change": Case(COORDINATOR, _plan_page("output_edit", _output_pk)),
    "work-plan-output-remove": Case(COORDINATOR, _plan_page("output_remove", _output_pk)),
    "work-plan-moves": Case(COORDINATOR, _plan_page("moves")),
    # Ranking the themes, agreeing the plan, what has changed.
    "work-plan-ranking-open": Case(COORDINATOR, _plan_page("ranking_open", _outcome_pk)),
    "work-plan-ranking-result": Case(MEMBER, _plan_page("ranking", _closed_ranking_pk)),
    "work-plan-ranking-answer": Case(MEMBER, _plan_page("ranking", _open_ranking_pk), prepare=open_a_ranking),
    "work-plan-ranking-answer-errors": Case(
        MEMBER,
        _plan_page("ranking", _open_ranking_pk),
        prepare=open_a_ranking,
        act=submit_empty,
        shows_errors=True,
    ),
    "work-plan-ranking-agree": Case(
        COORDINATOR, _plan_page("ranking_agree", _open_ranking_pk), prepare=open_a_ranking
    ),
    "work-plan-agree": Case(COORDINATOR, _plan_page("plan_agree")),
    "work-plan-versions": Case(MEMBER, _plan_page("versions")),
    "work-plan-version": Case(MEMBER, _plan_page("version", 1)),
    "work-plan-changes": Case(MEMBER, _plan_page("changes")),
    "work-plan-changes-all": Case(MEMBER, _plan_page("changes_all", "all")),
    "work-plan-settings": Case(COORDINATOR, _plan_page("settings")),
    # The timeline and activities.
    "work-plan-timeline": Case(COORDINATOR, _plan_page("timeline")),
    "work-plan-timeline-member": Case(MEMBER, _plan_page("timeline")),
    "work-plan-activities": Case(COORDINATOR, _plan_page("activities")),
    "work-plan-activity-add": Case(COORDINATOR, _plan_page("activity_add")),
    "work-plan-activity-add-networks": Case(COORDINATOR, _networks_add),
    "work-plan-activity-add-networks-errors": Case(
        COORDINATOR, _networks_add, act=submit_empty, shows_errors=True
    ),
    "work-plan-activity-change": Case(COORDINATOR, _plan_page("activity_edit", _networks_pk)),
    "work-plan-activity-remove": Case(COORDINATOR, _plan_page("activity_remove", _networks_pk)),
    # Print, and the agenda item.
    "work-plan-print-standard": Case(COORDINATOR, _plan_printed("standard")),
    "work-plan-print-large": Case(COORDINATOR, _plan_printed("large_print")),
    "work-plan-print-easy-read": Case(MEMBER, _plan_printed("easy_read")),
    "work-plan-agenda-add": Case(COORDINATOR, _plan_page("agenda_add")),
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
    **WORK_PLAN_CASES,
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
