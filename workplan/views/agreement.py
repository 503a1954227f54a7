"""Ranking themes and recording the agreed order; agreeing the plan at a meeting (its snapshot), what has
changed since, and the plan's settings.

Who may do what (workplan.permissions): coordinators and chairs open a ranking, change the settings; partners
(not observers or visiting experts) answer a ranking; everyone who reads the plan, but visiting experts, sees
the result, the agreed versions and what has changed; a meeting's chairs and the coordinators record what the
meeting agreed (the order of the themes, the plan).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone

from coproduction.access import is_read_only, partnership_access
from coproduction.easy_read.pictures import with_easy_pictures
from coproduction.forms import already_saved, first_time, not_saved, posted, service_errors
from coproduction.pagination import paginate
from coproduction.rows import row_url
from meetings.permissions import powers_for

from ..forms.agreement import (
    AgreeOrderForm,
    DotsAnswerForm,
    PlanAgreeForm,
    PlanSettingsForm,
    RankAnswerForm,
    RankingOpenForm,
    theme_field,
)
from ..models import Outcome, PlanVersion, Ranking, RankingAnswer, Theme
from ..permissions import may_manage, may_take_part, require_manager, require_partner
from ..services import agreement as services
from ..services.schedule import day_words, settings_for

VERSIONS_PAGE = 20
CHANGES_SHOWN = 50
CHANGES_PAGE = 50
SINCE = ("agreed", "meeting", "all")


def _context(partnership, membership, **more) -> dict:
    return {"partnership": partnership, "membership": membership, "nav": "workplan", **more}


def _ranking_url(slug: str, pk: int) -> str:
    return reverse("workplan:ranking", kwargs={"slug": slug, "pk": pk})


def _outcome_url(slug: str, pk: int) -> str:
    return reverse("workplan:outcome", kwargs={"slug": slug, "pk": pk})


def _themes(outcome_id: int) -> list[Theme]:
    return list(Theme.objects.filter(outcome_id=outcome_id).order_by("position", "pk"))


def _may_record(membership) -> bool:
    """Coordinators and chairs, and whoever chairs one of the partnership's meetings (never observers or
    visiting experts)."""
    if is_read_only(membership):
        return False
    return may_manage(membership) or services.chairs_a_meeting(membership)


def _require_recorder(membership) -> None:
    if not _may_record(membership):
        raise PermissionDenied


def _check_chair(form, membership) -> bool:
    """The chosen meeting is one this person chairs (or they coordinate or chair the partnership)."""
    meeting = form.cleaned_data["meeting"]
    if powers_for(meeting, membership).chair:
        return True
    form.add_error("meeting", "Choose a meeting you chair: only its chairs and the coordinators record it")
    return False


# ---------------------------------------------------------------- opening a ranking


def ranking_open(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug)
    require_manager(membership)
    outcome = get_object_or_404(Outcome, partnership=partnership, pk=pk)
    themes = _themes(outcome.pk)
    current = services.open_ranking(outcome)
    form = RankingOpenForm(posted(request))
    ready = current is None and len(themes) >= 2 and outcome.status != Outcome.Status.DROPPED
    if form.is_bound and ready and form.is_valid():
        if not first_time(form, request):
            return already_saved(request, _outcome_url(slug, outcome.pk))
        try:
            ranking = services.ranking_open(
                outcome=outcome, method=form.cleaned_data["method"], by=request.user
            )
        except ValidationError as error:
            not_saved(form, request)
            service_errors(form, error)
        else:
            messages.success(
                request,
                f"Partners can now rank the themes of \u2018{outcome.title}\u2019. Send them this page: "
                "each partner gives their answer here, and everyone sees the result so far.",
            )
            return redirect(_ranking_url(slug, ranking.pk))
    elif form.is_bound and not ready:
        messages.error(request, "Nothing was started: see why below.")
    return render(
        request,
        "workplan/agreement/ranking_open.html",
        _context(
            partnership,
            membership,
            outcome=outcome,
            themes=themes,
            current=current,
            current_url=_ranking_url(slug, current.pk) if current else "",
            dropped=outcome.status == Outcome.Status.DROPPED,
            form=form,
            outcome_url=_outcome_url(slug, outcome.pk),
            theme_add_url=reverse("workplan:theme_add", kwargs={"slug": slug, "pk": outcome.pk}),
        ),
    )


# ---------------------------------------------------------------- a ranking: answering and its result


def _answer_form(ranking: Ranking, themes: list[Theme], data, mine: dict[int, int]):
    form_class = RankAnswerForm if ranking.method == Ranking.Method.RANK else DotsAnswerForm
    initial = {theme_field(theme): mine[theme.pk] for theme in themes if theme.pk in mine}
    return form_class(data, themes=themes, outcome_title=ranking.outcome.title, initial=initial)


def ranking(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug)
    ranking = get_object_or_404(
        Ranking.objects.select_related("outcome", "decision__meeting"), partnership=partnership, pk=pk
    )
    closed = ranking.closed_at is not None
    if request.method == "POST":
        require_partner(membership)
    themes = _themes(ranking.outcome_id)
    answers = list(
        RankingAnswer.objects.filter(ranking=ranking).values_list("person_id", "theme_id", "value")
    )
    mine = {theme_id: value for person_id, theme_id, value in answers if person_id == request.user.pk}
    may_answer = may_take_part(membership) and not closed
    form = _answer_form(ranking, themes, posted(request), mine) if may_answer else None
    if request.method == "POST" and not may_answer:
        messages.error(request, services.CLOSED.format(where=services.agreed_where(ranking.decision)))
        return redirect(_ranking_url(slug, ranking.pk))
    if form is not None and form.is_bound and form.is_valid():
        try:
            services.ranking_answer(ranking=ranking, person=request.user, values=form.values())
        except ValidationError as error:
            service_errors(form, error)
        else:
            again = "changed" if mine else "saved"
            messages.success(
                request,
                f"Your answer is {again}. You can change it until the order of the themes is agreed.",
            )
            return redirect(_ranking_url(slug, ranking.pk))
    partners = list(services.partners_of(partnership))
    result = services.ranking_result(ranking, themes, answers, partners)
    with_easy_pictures(themes, partnership, request.user)
    manage = may_manage(membership)
    return render(
        request,
        "workplan/agreement/ranking.html",
        _context(
            partnership,
            membership,
            ranking=ranking,
            outcome=ranking.outcome,
            themes=themes,
            closed=closed,
            agreed_where=services.agreed_where(ranking.decision) if ranking.decision_id else "",
            agreed_order=themes if ranking.decision_id else [],
            decision_url=(
                reverse("meetings:decision_detail", kwargs={"slug": slug, "pk": ranking.decision_id})
                if ranking.decision_id
                else ""
            ),
            form=form,
            answered=bool(mine),
            result=result,
            manage=manage,
            not_answered=[m.name for m in result.not_answered] if manage else [],
            may_record=not closed and _may_record(membership),
            agree_url=reverse("workplan:ranking_agree", kwargs={"slug": slug, "pk": ranking.pk}),
            outcome_url=_outcome_url(slug, ranking.outcome_id),
            opened_on=day_words(timezone.localtime(ranking.opened_at).date()),
        ),
    )


# ---------------------------------------------------------------- recording the agreed order


def ranking_agree(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug)
    _require_recorder(membership)
    ranking = get_object_or_404(
        Ranking.objects.select_related("outcome", "decision__meeting"), partnership=partnership, pk=pk
    )
    if ranking.closed_at is not None:
        if request.method == "POST":
            messages.info(
                request, services.ALREADY_AGREED.format(where=services.agreed_where(ranking.decision))
            )
        return redirect(_ranking_url(slug, ranking.pk))
    themes = _themes(ranking.outcome_id)
    ids = services.agree_meeting_ids(partnership, membership, manager=may_manage(membership))
    meetings = services.agree_meetings(ids)
    answers = list(
        RankingAnswer.objects.filter(ranking=ranking).values_list("person_id", "theme_id", "value")
    )
    result = services.ranking_result(ranking, themes, answers, list(services.partners_of(partnership)))
    initial = {theme_field(theme): place for place, theme in enumerate(result.order, start=1)}
    if ids:
        initial["meeting"] = ids[0]
    form = AgreeOrderForm(
        posted(request),
        themes=themes,
        meetings=meetings,
        outcome_title=ranking.outcome.title,
        initial=initial,
    )
    if form.is_bound and len(themes) >= 2 and form.is_valid() and _check_chair(form, membership):
        data = form.how_data()
        try:
            decision = services.ranking_agree(
                ranking=ranking,
                meeting=form.cleaned_data["meeting"],
                order=form.order(),
                by=request.user,
                **data,
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(
                request,
                f"The order of the themes of \u2018{ranking.outcome.title}\u2019 is agreed. The decision "
                f"{decision.reference} is in the decisions register.",
            )
            return redirect(_ranking_url(slug, ranking.pk))
    return render(
        request,
        "workplan/agreement/ranking_agree.html",
        _context(
            partnership,
            membership,
            ranking=ranking,
            outcome=ranking.outcome,
            result=result,
            form=form,
            has_meetings=bool(ids),
            enough_themes=len(themes) >= 2,
            ranking_url=_ranking_url(slug, ranking.pk),
        ),
    )


# ---------------------------------------------------------------- agreeing the plan


def plan_agree(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug)
    _require_recorder(membership)
    ids = services.agree_meeting_ids(partnership, membership, manager=may_manage(membership))
    meetings = services.agree_meetings(ids)
    number = services.next_version_number(partnership)
    initial = {"expected": number}
    if ids:
        initial["meeting"] = ids[0]
    form = PlanAgreeForm(posted(request), meetings=meetings, initial=initial)
    if form.is_bound and form.is_valid() and _check_chair(form, membership):
        try:
            version = services.plan_agree(
                partnership=partnership,
                meeting=form.cleaned_data["meeting"],
                expected_number=form.cleaned_data["expected"],
                by=request.user,
                **form.how_data(),
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(
                request,
                f"Version {version.number} of the work plan is agreed. The decision "
                f"{version.decision.reference} is in the decisions register.",
            )
            return redirect("workplan:version", slug=slug, number=version.number)
    outcomes = list(
        Outcome.objects.filter(partnership=partnership)
        .exclude(status=Outcome.Status.DROPPED)
        .order_by("position", "pk")
        .only("pk", "title", "status")
    )
    outcome_url = row_url("workplan:outcome", slug)
    for outcome in outcomes:
        outcome.url = outcome_url(outcome.pk)
    agreed = [o for o in outcomes if o.status == Outcome.Status.AGREED]
    return render(
        request,
        "workplan/agreement/plan_agree.html",
        _context(
            partnership,
            membership,
            form=form,
            number=number,
            current=services.latest_version(partnership),
            agreed=agreed,
            proposed=[o for o in outcomes if o.status == Outcome.Status.PROPOSED],
            has_meetings=bool(ids),
        ),
    )


# ---------------------------------------------------------------- agreed versions

# The plan's history (versions, what has changed) is for everyone who reads the plan but visiting experts:
# partnership_access without visiting_experts=True gives them a 404.


def versions(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug)
    every = (
        PlanVersion.objects.filter(partnership=partnership)
        .select_related("meeting", "decision")
        .order_by("-number")
    )
    page = paginate(request, every, VERSIONS_PAGE)
    version_url = row_url("workplan:version", slug, key="number")
    meeting_url = row_url("meetings:meeting_detail", slug)
    decision_url = row_url("meetings:decision_detail", slug)
    for version in page.object_list:
        version.url = version_url(version.number)
        version.meeting_url = meeting_url(version.meeting_id)
        version.decision_url = decision_url(version.decision_id)
        version.counts = services.snapshot_counts(version.snapshot or {})
        version.day = day_words(version.agreed_on)
    return render(
        request,
        "workplan/agreement/versions.html",
        _context(
            partnership,
            membership,
            page=page,
            may_record=_may_record(membership),
        ),
    )


def version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug)
    version = get_object_or_404(
        PlanVersion.objects.select_related("meeting", "decision"), partnership=partnership, number=number
    )
    latest = services.next_version_number(partnership) - 1
    return render(
        request,
        "workplan/agreement/version.html",
        _context(
            partnership,
            membership,
            version=version,
            day=day_words(version.agreed_on),
            outcomes=services.snapshot_outcomes(version.snapshot or {}),
            counts=services.snapshot_counts(version.snapshot or {}),
            is_latest=version.number == latest,
            latest=latest,
            meeting_url=reverse("meetings:meeting_detail", kwargs={"slug": slug, "pk": version.meeting_id}),
            decision_url=reverse(
                "meetings:decision_detail", kwargs={"slug": slug, "pk": version.decision_id}
            ),
        ),
    )


# ---------------------------------------------------------------- what has changed


def _since_list(partnership, since, which: str, slug: str) -> dict:
    """Up to CHANGES_SHOWN changes since a moment, and how many more there are. Two queries, always: the
    count is asked whether or not there are more, so the page costs the same for 5 changes as for 5,000."""
    rows = services.changes_since(partnership, since, limit=CHANGES_SHOWN)
    more = max(services.changes_query(partnership, since).count() - CHANGES_SHOWN, 0)
    return {
        "rows": rows,
        "more": more,
        "all_url": reverse("workplan:changes_all", kwargs={"slug": slug, "since": which}),
    }


def changes(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug)
    version = services.latest_version(partnership)
    meeting = services.last_meeting(partnership)
    since_agreed = _since_list(partnership, version.created_at, "agreed", slug) if version else None
    since_meeting = (
        _since_list(partnership, services.meeting_ended(meeting), "meeting", slug) if meeting else None
    )
    comparison = services.compare_with_now(version) if version else None
    if version:
        version.day = day_words(version.agreed_on)
    return render(
        request,
        "workplan/agreement/changes.html",
        _context(
            partnership,
            membership,
            version=version,
            meeting=meeting,
            meeting_day=services.meeting_day(meeting) if meeting else "",
            since_agreed=since_agreed,
            since_meeting=since_meeting,
            comparison=comparison,
            shown=CHANGES_SHOWN,
            may_record=_may_record(membership),
            every_url=reverse("workplan:changes_all", kwargs={"slug": slug, "since": "all"}),
        ),
    )


def changes_all(request: HttpRequest, slug: str, since: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug)
    if since not in SINCE:
        raise Http404
    heading = "Every change to the plan"
    moment = None
    if since == "agreed":
        version = services.latest_version(partnership)
        if version is None:
            raise Http404
        moment = version.created_at
        heading = (
            f"Since the plan was agreed (version {version.number}, at {version.meeting.title}, "
            f"{day_words(version.agreed_on)})"
        )
    elif since == "meeting":
        meeting = services.last_meeting(partnership)
        if meeting is None:
            raise Http404
        moment = services.meeting_ended(meeting)
        heading = f"Since the last meeting ({meeting.title}, {services.meeting_day(meeting)})"
    page = paginate(request, services.changes_query(partnership, moment), CHANGES_PAGE)
    page.object_list = services.change_rows(page.object_list)
    return render(
        request,
        "workplan/agreement/changes_all.html",
        _context(partnership, membership, page=page, heading=heading),
    )


# ---------------------------------------------------------------- settings


def plan_settings(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug)
    require_manager(membership)
    now = settings_for(partnership)
    form = PlanSettingsForm(
        posted(request),
        initial={
            "contingency_percent": now.contingency_percent,
            "networks_weeks": now.networks_weeks,
            "networks_lead_weeks": now.networks_lead_weeks,
        },
    )
    if form.is_bound and form.is_valid():
        try:
            services.settings_save(partnership=partnership, **form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "The work plan settings are saved.")
            return redirect("workplan:settings", slug=slug)
    return render(request, "workplan/agreement/settings.html", _context(partnership, membership, form=form))


def urlpatterns(prefix: str) -> list:
    return [
        path(prefix + "outcomes/<int:pk>/rank/", ranking_open, name="ranking_open"),
        path(prefix + "rankings/<int:pk>/", ranking, name="ranking"),
        path(prefix + "rankings/<int:pk>/agree/", ranking_agree, name="ranking_agree"),
        path(prefix + "agree/", plan_agree, name="plan_agree"),
        path(prefix + "versions/", versions, name="versions"),
        path(prefix + "versions/<int:number>/", version, name="version"),
        path(prefix + "changes/", changes, name="changes"),
        path(prefix + "changes/<slug:since>/", changes_all, name="changes_all"),
        path(prefix + "settings/", plan_settings, name="settings"),
    ]
