"""The ground rules at meetings: proposals onto a meeting's agenda, the chair's record of what the meeting
agreed (a decision in the register and the next version), who the new version went to, and concerns from
people who missed the meeting."""

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone

from coproduction.access import partnership_access
from coproduction.forms import already_saved, first_time, not_saved, posted
from coproduction.pagination import paginate
from coproduction.params import parse_int
from meetings.models import SentReminder
from meetings.permissions import meeting_access

from ..forms.meeting import AgendaAddForm, AgreeForm, ConcernForm, ConcernsToMeetingForm
from ..models import Concern, Proposal, RulesVersion
from ..permissions import MANAGING_ROLES, require_partner
from ..services import meeting as services
from ..services.rules import current_version, settings_for, version_agree

PAGE_SIZE = 25


def version_url(slug: str, number: int) -> str:
    return reverse("groundrules:version_detail", kwargs={"slug": slug, "number": number})


def _proposals_url(slug: str) -> str:
    return reverse("groundrules:proposals", kwargs={"slug": slug})


# ---------------------------------------------------------------- proposals onto an agenda


def agenda_add(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=MANAGING_ROLES)
    meetings = services.agenda_meetings(partnership)
    proposals = services.open_proposals(partnership).order_by("created_at", "pk")
    initial = {"proposals": list(services.free_proposals(partnership).values_list("pk", flat=True))}
    if meetings_first := meetings.first():
        initial["meeting"] = meetings_first.pk
    form = AgendaAddForm(posted(request), meetings=meetings, proposals=proposals, initial=initial)
    if form.is_bound and form.is_valid():
        meeting = form.cleaned_data["meeting"]
        try:
            item = services.agenda_add(meeting=meeting, proposals=list(form.cleaned_data["proposals"]))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"The proposals are on the agenda of {meeting.title} ({services.meeting_day(meeting)}) as "
                f"\u201c{item.title}\u201d.",
            )
            return redirect("meetings:agenda", slug=slug, pk=meeting.pk)
    return render(
        request,
        "groundrules/meeting/agenda_add.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": "groundrules",
            "form": form,
            "has_meetings": meetings_first is not None,
            "has_proposals": bool(form.fields["proposals"].choices),
            "proposals_url": _proposals_url(slug),
        },
    )


# ---------------------------------------------------------------- agreeing at the meeting


def meeting_agree(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership, meeting, _powers = meeting_access(request, slug, pk, power="chair")
    here, others = services.proposals_for_meeting(meeting)
    proposals = [*here, *others]
    if request.method == "POST":
        # A proposal the page showed that is no longer open (withdrawn, or decided a moment ago) is still
        # read from the form, so the chair is told why rather than it being dropped quietly.
        named = {
            number
            for key in request.POST
            if key.startswith("proposal_")
            and (number := parse_int(key.removeprefix("proposal_"), minimum=1)) is not None
            and number < 2**63
        }
        shown = {p.pk for p in proposals}
        if named - shown:
            proposals += list(
                Proposal.objects.filter(partnership=partnership, pk__in=named - shown).order_by("created_at")
            )
    current = current_version(partnership)
    number = (current.number if current else 0) + 1
    review_months = settings_for(partnership).review_months
    initial = {
        "expected": number,
        "review_on": timezone.localdate() + relativedelta(months=review_months),
    }
    form = AgreeForm(posted(request), proposals=proposals, here=len(here), initial=initial)
    if form.is_bound and form.is_valid():
        agreed, not_agreed = form.decided()
        data = form.cleaned_data
        item = next((p.agenda_item for p in here if p.agenda_item_id), None)
        try:
            agreement = version_agree(
                meeting=meeting,
                agreed=agreed,
                not_agreed=not_agreed,
                recorded_by=request.user,
                expected_number=data["expected"],
                agenda_item=item,
                how=data["how"],
                votes_for=data.get("votes_for"),
                votes_against=data.get("votes_against"),
                abstentions=data.get("abstentions"),
                review_on=data["review_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            version = agreement.version
            if version is None:
                messages.success(
                    request,
                    f"Recorded: the meeting did not agree those proposals, so the ground rules stay as they "
                    f"are. The decision {agreement.decision.reference} is in the decisions register.",
                )
                return redirect("meetings:decision_detail", slug=slug, pk=agreement.decision.pk)
            services.version_send_later(version, request.build_absolute_uri("/"))
            messages.success(
                request,
                f"Version {version.number} of the ground rules is agreed. The decision "
                f"{agreement.decision.reference} is in the decisions register. It is being sent to the "
                "people who missed the meeting.",
            )
            return redirect(version_url(slug, version.number))
    return render(
        request,
        "groundrules/meeting/agree.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": "meetings",
            "meeting": meeting,
            "form": form,
            "number": number,
            "here": here,
            "others": others,
            "current": current,
            "run_url": reverse("meetings:run", kwargs={"slug": slug, "pk": meeting.pk}),
        },
    )


# ---------------------------------------------------------------- who the new version went to


def version_sent(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=MANAGING_ROLES)
    version = get_object_or_404(
        RulesVersion.objects.select_related("meeting", "meeting__partnership", "partnership"),
        partnership=partnership,
        number=number,
    )
    people = services.absentees(version)
    emailed = set(
        SentReminder.objects.filter(kind=services.SENT_KIND, key=f"version:{version.pk}").values_list(
            "person_id", flat=True
        )
    )
    return render(
        request,
        "groundrules/meeting/version_sent.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": "groundrules",
            "version": version,
            "meeting_day": services.day_words(version.agreed_on),
            "by_email": [a for a in people if a.by_email],
            "offline": [a for a in people if not a.by_email],
            "emailed": emailed,
            "version_url": version_url(slug, version.number),
            "concerns_until": services.day_words(version.concerns_until),
        },
    )


# ---------------------------------------------------------------- concerns


def concern_add(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug)
    require_partner(membership)
    version = get_object_or_404(
        RulesVersion.objects.select_related("meeting", "partnership"), partnership=partnership, number=number
    )
    ended = "" if version.concerns_open() else services.concerns_ended_words(version)
    present = services.was_present(version, request.user)
    form = ConcernForm(posted(request))
    if form.is_bound and not ended and not present and form.is_valid():
        if not first_time(form, request):
            return already_saved(
                request, reverse("groundrules:concern_add", kwargs={"slug": slug, "number": number})
            )
        try:
            concern = services.concern_raise(
                version=version, person=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            not_saved(form, request)
            form.add_error("text", error)
        else:
            if concern.agenda_item_id:
                meeting = concern.agenda_item.meeting
                where = f"It goes on the agenda of {meeting.title} on {services.meeting_day(meeting)}."
            else:
                where = "It will go on the agenda of the next meeting when one is set up."
            messages.success(
                request,
                f"Thank you. Your concern is sent. {where} Version {version.number} stands meanwhile.",
            )
            return redirect("groundrules:concern_add", slug=slug, number=number)
    if form.is_bound and (ended or present):
        messages.error(request, ended or "You were at the meeting that agreed this version.")
    mine = list(
        Concern.objects.filter(version=version, person=request.user).select_related("agenda_item__meeting")
    )
    return render(
        request,
        "groundrules/meeting/concern_add.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": "groundrules",
            "version": version,
            "form": form,
            "ended": ended,
            "present": present,
            "mine": mine,
            "meeting_day": services.day_words(version.agreed_on),
            "concerns_until": services.day_words(version.concerns_until),
            "version_url": version_url(slug, version.number),
            "proposals_url": _proposals_url(slug),
        },
    )


def concerns(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=MANAGING_ROLES)
    meetings = services.agenda_meetings(partnership)
    waiting = (
        Concern.objects.filter(partnership=partnership)
        .filter(agenda_item__isnull=True)
        .select_related("version")
    )
    form = ConcernsToMeetingForm(
        posted(request),
        meetings=meetings,
        concerns=waiting,
        initial={"concerns": list(waiting.values_list("pk", flat=True))},
    )
    if form.is_bound and form.is_valid():
        meeting = form.cleaned_data["meeting"]
        try:
            services.concerns_to_meeting(meeting=meeting, concerns=list(form.cleaned_data["concerns"]))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"The concerns are on the agenda of {meeting.title} ({services.meeting_day(meeting)}).",
            )
            return redirect("groundrules:concerns", slug=slug)
    every = (
        Concern.objects.filter(partnership=partnership)
        .select_related("version", "person", "agenda_item__meeting")
        .order_by("-created_at", "-pk")
    )
    page = paginate(request, every, PAGE_SIZE)
    return render(
        request,
        "groundrules/meeting/concerns.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": "groundrules",
            "page": page,
            "form": form,
            "has_waiting": bool(form.fields["concerns"].choices),
            "has_meetings": meetings.exists(),
        },
    )


def urlpatterns(prefix: str) -> list:
    return [
        path(prefix + "proposals/agenda/", agenda_add, name="agenda_add"),
        path(prefix + "meetings/<int:pk>/agree/", meeting_agree, name="meeting_agree"),
        path(prefix + "versions/<int:number>/sent/", version_sent, name="version_sent"),
        path(prefix + "versions/<int:number>/concern/", concern_add, name="concern_add"),
        path(prefix + "concerns/", concerns, name="concerns"),
    ]
