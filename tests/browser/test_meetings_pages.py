"""Every page of the meetings app, checked with axe against WCAG 2.2 AA and best practice: 0 violations.

The pages are reached as the demo accounts reach them, on the demo partnership's meetings: the two past
meetings ("Getting started", with approved and locked minutes; "What gets in the way of work", whose minutes
are out for comment) and the next one ("Planning the 50 conversations"). What the demo lacks is made here
through the ORM and the app's services (`meetings_extras`): a paper with a PDF version, a library paper, a
venue photo, a suggested correction, a second version of the minutes, and a meeting to cancel.

To keep the suite fast the pages are visited in journeys: one test per journey signs in once and visits every
page on it, reporting every page that fails (wrong status, a redirect, missing errors, axe violations)
together at the end rather than stopping at the first.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import (
    ActionPoint,
    AgendaItem,
    Arrangement,
    Decision,
    Meeting,
    Minutes,
    StandingItem,
    Venue,
)
from meetings.services.minutes import correction_add, minutes_save, saved_texts
from partners.models import PartnerGroup, Partnership, User
from tests.browser.conftest import COORDINATOR, MEMBER, SLUG
from tests.browser.journeys import Visit, errors, visit_page
from tests.factories import make_meeting, make_paper, make_pdf_bytes, make_venue_photo

NEXT = "Planning the 50 conversations"
PAST_APPROVED = "Getting started"
PAST_OUT_FOR_COMMENT = "What gets in the way of work"
TO_CANCEL = "Summer get-together"
CANCEL_REASON = "Too few people can come in the school holidays."


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded papers and photos go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


# ---------------------------------------------------------------- what the demo lacks, made here


@dataclass(frozen=True)
class Extras:
    """Primary keys of the demo objects the pages are about, and of the ones made here."""

    next: int
    approved: int  # the past meeting with approved, locked minutes
    out_for_comment: int  # the past meeting whose minutes are out for comment
    to_cancel: int
    item: int  # an ordinary item on the next meeting's agenda
    standing_item: int
    arrangement: int
    venue: int
    photo: int
    paper: int
    library_paper: int
    correction: int
    older_revision: int
    newer_revision: int
    decision: int
    action_point: int  # overdue, owned by Disabled People's Voice, so member@example.org is an owner
    person_owner: int  # a person's key for the action log's owner filter
    group_owner: int  # a partner group's key for it


def meetings_extras() -> Extras:
    """Find the demo's meetings objects and make what the demo lacks. Call once per test."""
    partnership = Partnership.objects.get(slug=SLUG)
    morag = User.objects.get(email=COORDINATOR)
    jamie = User.objects.get(email=MEMBER)
    aileen = User.objects.get(email="minutes@example.org")
    meetings = {m.title: m for m in Meeting.objects.filter(partnership=partnership)}
    upcoming, approved, out = meetings[NEXT], meetings[PAST_APPROVED], meetings[PAST_OUT_FOR_COMMENT]
    item = AgendaItem.objects.get(meeting=upcoming, title="Where people find out about jobs")
    venue = Venue.objects.get(partnership=partnership, name="Riverside Community Hub")

    to_cancel = make_meeting(partnership, title=TO_CANCEL, days_ahead=45, created_by=morag)
    photo = make_venue_photo(
        venue, uploaded_by=morag, alt_text="Level entrance with automatic double doors under a canopy"
    )
    paper = make_paper(
        partnership,
        meeting=upcoming,
        agenda_item=item,
        uploaded_by=morag,
        title="Where disabled people in Riverside hear about jobs",
        description="A summary of what the jobcentre and the council's employment team found.",
        content=make_pdf_bytes(),
        filename="where-people-hear-about-jobs.pdf",
    )
    library_paper = make_paper(
        partnership,
        uploaded_by=jamie,
        title="The social model of disability",
        description="A two-page introduction for new partners.",
        filename="social-model.pdf",
    )

    # The out-for-comment minutes: a correction from Jamie, and a second version so there are two to compare.
    minutes = Minutes.objects.get(meeting=out)
    out_item = AgendaItem.objects.filter(meeting=out, title__startswith="Talking about").get()
    correction = correction_add(
        minutes=minutes,
        agenda_item=out_item,
        text="I said interviews, not job adverts. Please change the second sentence.",
        author=jamie,
    )
    older = minutes.revision
    texts = saved_texts(minutes)
    texts[out_item.pk] = (
        f"{texts.get(out_item.pk, '')}\nJamie said job interviews are the hardest part.\n"
        "The council will ask the jobcentre how it books interpreters."
    ).strip()
    minutes_save(minutes=minutes, revision=older, texts=texts, by=aileen)
    minutes.refresh_from_db()

    chair = User.objects.get(email="chair@example.org")
    dpo = PartnerGroup.objects.get(partnership=partnership, name="Disabled People's Voice")
    return Extras(
        next=upcoming.pk,
        approved=approved.pk,
        out_for_comment=out.pk,
        to_cancel=to_cancel.pk,
        item=item.pk,
        standing_item=StandingItem.objects.filter(partnership=partnership).first().pk,
        arrangement=Arrangement.objects.get(meeting=upcoming, need_code="bsl_interpreter").pk,
        venue=venue.pk,
        photo=photo.pk,
        paper=paper.pk,
        library_paper=library_paper.pk,
        correction=correction.pk,
        older_revision=older,
        newer_revision=minutes.revision,
        decision=Decision.objects.filter(partnership=partnership).order_by("number").first().pk,
        action_point=ActionPoint.objects.get(partnership=partnership, owner_group=dpo, status="open").pk,
        person_owner=chair.pk,
        group_owner=dpo.pk,
    )


# ---------------------------------------------------------------- addresses


def _p(name: str, *fields: str, query: str = "") -> Callable[[Extras], str]:
    """The address of a meetings page in the demo partnership; `fields` name the Extras that fill it in."""

    def build(extras: Extras) -> str:
        return reverse(f"meetings:{name}", args=[SLUG, *(getattr(extras, f) for f in fields)]) + query

    return build


def _plain(name: str) -> Callable[[Extras], str]:
    return lambda extras: reverse(name)


def _compare(extras: Extras) -> str:
    path = reverse("meetings:minutes_compare", args=[SLUG, extras.out_for_comment])
    return f"{path}?from={extras.older_revision}&to={extras.newer_revision}"


def _action_log(query: str) -> Callable[[Extras], str]:
    def build(extras: Extras) -> str:
        filled = query.format(person=extras.person_owner, group=extras.group_owner)
        return reverse("meetings:action_list", args=[SLUG]) + filled

    return build


# Every page's address, by name; the reflow test uses these too.
PATHS: dict[str, Callable[[Extras], str]] = {
    "meeting-list": _p("meeting_list"),
    "meeting-next": _p("meeting_detail", "next"),
    "meeting-past": _p("meeting_detail", "approved"),
    "meeting-new": _p("meeting_new"),
    "series-new": _p("series_new"),
    "meeting-change": _p("meeting_edit", "next"),
    "meeting-cancel": _p("meeting_cancel", "to_cancel"),
    "meeting-cancelled": _p("meeting_detail", "to_cancel"),
    "invited": _p("meeting_invitations", "next"),
    "present": _p("meeting_presence", "out_for_comment"),
    "roles": _p("meeting_roles", "next"),
    "agenda": _p("agenda", "next"),
    "item-add": _p("item_add", "next"),
    "item-change": _p("item_edit", "next", "item"),
    "item-remove": _p("item_delete", "next", "item"),
    "standing-items": _p("standing_items"),
    "standing-item-add": _p("standing_item_add"),
    "standing-item-change": _p("standing_item_edit", "standing_item"),
    "standing-item-remove": _p("standing_item_delete", "standing_item"),
    "access-plan": _p("access_plan", "next"),
    "arrangement-add": _p("arrangement_add", "next"),
    "arrangement-add-for-need": _p("arrangement_add", "next", query="?need=hearing_loop"),
    "arrangement-change": _p("arrangement_edit", "next", "arrangement"),
    "arrangement-remove": _p("arrangement_delete", "next", "arrangement"),
    "venues": _p("venue_list"),
    "venue": _p("venue_detail", "venue"),
    "venue-add": _p("venue_add"),
    "venue-change": _p("venue_edit", "venue"),
    "venue-remove": _p("venue_delete", "venue"),
    "venue-photo-add": _p("venue_photo_add", "venue"),
    "venue-photo-remove": _p("venue_photo_delete", "venue", "photo"),
    "papers": _p("paper_list", "next"),
    "paper-add": _p("paper_add", "next"),
    "paper": _p("paper_detail", "next", "paper"),
    "paper-version-add": _p("paper_version_add", "next", "paper"),
    "library": _p("library"),
    "library-add": _p("library_add"),
    "library-paper": _p("library_paper_detail", "library_paper"),
    "library-version-add": _p("library_version_add", "library_paper"),
    "minutes-approved": _p("minutes", "approved"),
    "minutes-out-for-comment": _p("minutes", "out_for_comment"),
    "minutes-write": _p("minutes_edit", "out_for_comment"),
    "minutes-write-locked": _p("minutes_edit", "approved"),
    "partner-view-add": _p("partner_view_add", "out_for_comment"),
    "correction-add": _p("correction_add", "out_for_comment"),
    "correction-add-locked": _p("correction_add", "approved"),
    "correction-accept": _p("correction_accept", "out_for_comment", "correction"),
    "correction-answer": _p("correction_answer", "out_for_comment", "correction"),
    "minutes-versions": _p("minutes_versions", "out_for_comment"),
    "minutes-compare": _compare,
    "minutes-send": _p("minutes_send", "out_for_comment"),
    "minutes-approve": _p("minutes_approve", "out_for_comment"),
    "minutes-unlock": _p("minutes_unlock", "approved"),
    "decisions": _p("decision_list"),
    "decision": _p("decision_detail", "decision"),
    "decision-change": _p("decision_edit", "decision"),
    "decision-add": _p("decision_add", "next"),
    "action-log": _action_log(""),
    "action-log-open": _action_log("?show=open"),
    "action-log-overdue": _action_log("?show=overdue"),
    "action-log-closed": _action_log("?show=closed"),
    "action-log-all": _action_log("?show=all"),
    "action-log-mine": _action_log("?show=all&owner=mine"),
    "action-log-person": _action_log("?show=all&owner=person-{person}"),
    "action-log-group": _action_log("?show=open&owner=group-{group}"),
    "action-point": _p("action_detail", "action_point"),
    "action-point-change": _p("action_edit", "action_point"),
    "action-point-add": _p("action_point_add", "next"),
    "follow": _p("follow", "next"),
    "my-calendar": _plain("meetings:my_calendar"),
    "workspace": lambda extras: reverse("workspace", args=[SLUG]),
    "run-before-start": _p("run", "next"),
    "run-end-confirm": _p("run_end", "next"),
}


# ---------------------------------------------------------------- what to do on a page before axe runs


def _cancel_with_reason(page):
    page.locator("input[name=reason]").fill(CANCEL_REASON)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Cancel the meeting").click()
    return navigation.value


def _drop_without_reason(page):
    """The owner marks the action point dropped but gives no reason: the form comes back with the error."""
    page.get_by_role("radio", name="Dropped").check()
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Save").click()
    return navigation.value


def _start_running(extras: Extras) -> None:
    """The coordinator started the next meeting and has the Run meeting page: its end can be confirmed."""
    first = AgendaItem.objects.filter(meeting_id=extras.next).order_by("position", "pk").first()
    now = timezone.now()
    AgendaItem.objects.filter(pk=first.pk).update(started_at=now)
    Meeting.objects.filter(pk=extras.next).update(
        run_started_at=now, current_item=first, chair_in_control=User.objects.get(email=COORDINATOR)
    )


JOURNEYS: dict[str, tuple[str, list[Visit]]] = {
    "coordinator-sets-up-meetings": (
        COORDINATOR,
        [
            Visit("meeting-list", expect=(NEXT, PAST_APPROVED)),
            Visit("meeting-next", expect=(NEXT, "not met")),
            Visit("meeting-past", expect=(PAST_APPROVED,)),
            Visit("meeting-new"),
            errors("meeting-new"),
            Visit("series-new"),
            errors("series-new"),
            Visit("meeting-change"),
            Visit("invited"),
            Visit("present"),
            Visit("roles"),
            Visit("meeting-cancel", expect=(TO_CANCEL,)),
            Visit(
                "meeting-cancel",
                act=_cancel_with_reason,
                lands_on="meeting-cancelled",
                expect=(CANCEL_REASON,),
            ),
            Visit("my-calendar", expect_selector="main input#feed-url[value*='/calendar/']"),
            Visit("workspace", expect=(NEXT, "Write the ground rules in easy read")),
        ],
    ),
    "coordinator-builds-the-agenda": (
        COORDINATOR,
        [
            Visit(
                "agenda", expect=("Where people find out about jobs", "Action points from earlier meetings")
            ),
            Visit("item-add"),
            errors("item-add"),
            Visit("item-change"),
            Visit("item-remove"),
            Visit("standing-items"),
            Visit("standing-item-add"),
            Visit("standing-item-change"),
            Visit("standing-item-remove"),
            Visit("access-plan", expect=("not met",)),
            Visit("arrangement-add"),
            Visit("arrangement-add-for-need"),
            errors("arrangement-add"),
            Visit("arrangement-change"),
            Visit("arrangement-remove"),
            Visit("run-before-start", expect=("Start the meeting",)),
            Visit("run-end-confirm", before=_start_running),
        ],
    ),
    "coordinator-venues-and-papers": (
        COORDINATOR,
        [
            Visit("venues", expect=("Riverside Community Hub", "Riverside Council Chambers")),
            Visit("venue", expect_selector="main img[alt^='Level entrance']"),
            Visit("venue-add"),
            errors("venue-add"),
            Visit("venue-change"),
            Visit("venue-remove"),
            Visit("venue-photo-add"),
            errors("venue-photo-add"),
            Visit("venue-photo-remove"),
            Visit("papers", expect=("Where disabled people in Riverside hear about jobs",)),
            Visit("paper-add"),
            errors("paper-add"),
            Visit("paper", expect=("PDF",)),
            Visit("paper-version-add"),
            Visit("library", expect=("The social model of disability",)),
            Visit("library-add"),
            errors("library-add"),
            Visit("library-paper"),
            Visit("library-version-add"),
        ],
    ),
    "coordinator-minutes": (
        COORDINATOR,
        [
            Visit("minutes-approved", expect=("Job interviews are the hardest part",)),
            Visit("minutes-out-for-comment", expect=("I said interviews, not job adverts",)),
            Visit("minutes-write"),
            Visit("partner-view-add"),
            Visit("correction-accept"),
            Visit("correction-answer"),
            Visit("minutes-versions"),
            Visit("minutes-compare", expect=("Jamie said job interviews are the hardest part.",)),
            Visit("minutes-send"),
            Visit("minutes-approve"),
            Visit("minutes-unlock"),
            Visit("minutes-write-locked", expect=("These minutes are locked",)),
        ],
    ),
    "coordinator-decisions-and-action-points": (
        COORDINATOR,
        [
            Visit("decisions", expect=("We will meet on the first Tuesday",)),
            Visit("decision"),
            Visit("decision-change"),
            Visit("decision-add"),
            errors("decision-add"),
            Visit("action-log", expect=("Write the ground rules in easy read",)),
            Visit("action-log-open"),
            Visit("action-log-overdue", expect=("overdue",)),
            Visit("action-log-closed", expect=("Find a neutral venue with step-free access",)),
            Visit("action-log-all"),
            Visit("action-log-mine"),
            Visit("action-log-person", expect=("Ask the jobcentre how they book BSL interpreters",)),
            Visit("action-log-group"),
            Visit("action-point"),
            Visit("action-point-change"),
            Visit("action-point-add"),
            errors("action-point-add"),
        ],
    ),
    "member-takes-part": (
        MEMBER,
        [
            Visit("workspace", expect=(NEXT, "Write the ground rules in easy read")),
            Visit("meeting-next", expect=(NEXT,)),
            Visit("access-plan", expect=("You see names only of people who chose to share their needs",)),
            Visit("item-add", expect=("Anyone in the partnership can propose an item",)),
            errors("item-add"),
            Visit("minutes-out-for-comment"),
            Visit("correction-add"),
            errors("correction-add"),
            Visit("correction-add-locked", expect=("These minutes can no longer be corrected",)),
            Visit("partner-view-add"),
            Visit("action-point", expect_selector="main form input[name=status][type=radio]"),
            Visit("action-point", act=_drop_without_reason, shows_errors=True),
            Visit("action-log-mine", expect=("Write the ground rules in easy read",)),
            Visit("follow", expect=(NEXT,)),
            Visit("my-calendar"),
        ],
    ),
}


@pytest.mark.parametrize("journey", JOURNEYS)
def test_meetings_pages_have_no_axe_violations(journey, page, url, signed_in):
    who, visits = JOURNEYS[journey]
    extras = meetings_extras()
    signed_in(who)
    problems = []
    for visit in visits:
        problems += visit_page(page, url, PATHS, visit, extras)
    assert not problems, f"{len(problems)} problem(s) on the {journey} journey:\n\n" + "\n\n".join(problems)
