"""What co-production means to us: the statement, each group's commitment and each person's answer; the
coordinators' pages to change the statement, record commitments and see who has answered; and the welcome
page a new member sees after their access needs."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone

from coproduction.access import partnership_access
from coproduction.easy_read.pictures import with_easy_pictures
from coproduction.forms import posted, service_errors
from coproduction.pagination import paginate
from coproduction.rows import row_url
from partners.models import Membership, PartnerGroup

from ..forms.statement import AnswerForm, GroupCommitmentForm, RecordAnswerForm, StatementPointForm
from ..models import PersonalCommitment, StatementPoint
from ..permissions import MANAGING_ROLES, may_manage, may_take_part, require_partner
from ..services import statement as services
from ..services.rules import current_version, days_for, version_rules

PEOPLE_PER_PAGE = 50
NOT_YET_SAID = "We will let the coordinator know, so they can go through it with you."
# Where a new member who has just joined is sent on from their access needs (set by partners' joining).
JOINING_SESSION_KEY = "joining_partnership"


def _statement_url(slug: str) -> str:
    return reverse("groundrules:statement", kwargs={"slug": slug})


def _people_url(slug: str) -> str:
    return reverse("groundrules:statement_people", kwargs={"slug": slug})


def _points(partnership, request: HttpRequest) -> list[StatementPoint]:
    points = services.statement_points(partnership)
    with_easy_pictures(points, partnership, request.user)
    return points


def _answer_saved(request: HttpRequest, answer: str) -> None:
    if answer == PersonalCommitment.Answer.AGREE:
        messages.success(
            request, "Thank you. Your answer is saved: you understand this and agree to work this way."
        )
    else:
        messages.success(request, f"Your answer is saved: you do not understand this yet. {NOT_YET_SAID}")


# ---------------------------------------------------------------- the statement


def statement(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug)
    if request.method == "POST":
        require_partner(membership)
    mine = services.commitment_for(partnership, request.user)
    form = AnswerForm(posted(request), initial={"answer": mine.answer if mine else None})
    if form.is_bound and form.is_valid():
        answer = form.cleaned_data["answer"]
        services.commitment_give(partnership=partnership, person=request.user, answer=answer)
        _answer_saved(request, answer)
        return redirect(_statement_url(slug))
    points = _points(partnership, request)
    manage = may_manage(membership)
    if manage:
        point_url = row_url("groundrules:statement_point_edit", slug)
        remove_url = row_url("groundrules:statement_point_remove", slug)
        move_url = row_url("groundrules:statement_point_move", slug)
        for point in points:
            point.edit_url, point.remove_url, point.move_url = (
                point_url(point.pk),
                remove_url(point.pk),
                move_url(point.pk),
            )
        commit_url = row_url("groundrules:statement_group_commit", slug)
    groups = services.groups_with_commitments(partnership)
    if manage:
        for group in groups:
            group.commit_url = commit_url(group.pk)
    return render(
        request,
        "groundrules/statement/statement.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": "groundrules",
            "points": points,
            "groups": groups,
            "mine": mine,
            "form": form if may_take_part(membership) else None,
            "manage": manage,
            "not_yet_said": NOT_YET_SAID,
        },
    )


# ---------------------------------------------------------------- changing the statement


def _point(partnership, pk: int) -> StatementPoint:
    return get_object_or_404(StatementPoint, partnership=partnership, pk=pk)


def _point_form_page(request, partnership, membership, form, *, title: str) -> HttpResponse:
    return render(
        request,
        "groundrules/statement/point_form.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": "groundrules",
            "form": form,
            "title": title,
            "back_href": _statement_url(partnership.slug),
        },
    )


def point_add(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=MANAGING_ROLES)
    form = StatementPointForm(posted(request), partnership=partnership, submit="Add the point")
    if form.is_bound and form.is_valid():
        try:
            services.point_add(partnership=partnership, by=request.user, **form.service_fields())
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "The point is added to the statement.")
            return redirect(_statement_url(slug))
    return _point_form_page(request, partnership, membership, form, title="Add a point to the statement")


def point_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=MANAGING_ROLES)
    point = _point(partnership, pk)
    form = StatementPointForm(
        posted(request), instance=point, partnership=partnership, submit="Save the point"
    )
    if form.is_bound and form.is_valid():
        try:
            services.point_change(point=point, by=request.user, **form.service_fields())
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "The point is saved.")
            return redirect(_statement_url(slug))
    return _point_form_page(request, partnership, membership, form, title="Change a point of the statement")


def point_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=MANAGING_ROLES)
    point = _point(partnership, pk)
    if request.method == "POST":
        services.point_remove(point=point)
        messages.success(request, f"The point \u201c{point.text[:80]}\u201d is removed from the statement.")
        return redirect(_statement_url(slug))
    return render(
        request,
        "confirm.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": "groundrules",
            "title": "Remove this point from the statement?",
            "body": f"\u201c{point.text}\u201d. People who have already answered keep their answer.",
            "button": "Remove the point",
            "cancel_href": _statement_url(slug),
        },
    )


def point_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=MANAGING_ROLES)
    point = _point(partnership, pk)
    if request.method == "POST":
        up = request.POST.get("direction") != "down"
        if services.point_move(point=point, up=up):
            messages.success(request, f"The point is moved {'up' if up else 'down'}.")
        else:
            messages.info(request, f"The point is already {'first' if up else 'last'}.")
    return redirect(_statement_url(slug) + f"#point-{point.pk}")


# ---------------------------------------------------------------- a group's commitment


def group_commit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=MANAGING_ROLES)
    group = get_object_or_404(
        PartnerGroup.objects.select_related("commitment"), partnership=partnership, pk=pk
    )
    existing = getattr(group, "commitment", None)  # a missing one-to-one raises an AttributeError
    initial = (
        {"committed_by": existing.committed_by, "committed_on": existing.committed_on}
        if existing
        else {"committed_on": timezone.localdate()}
    )
    form = GroupCommitmentForm(posted(request), initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.group_commit(
                group=group,
                committed_by=form.cleaned_data["committed_by"],
                committed_on=form.cleaned_data["committed_on"],
                recorded_by=request.user,
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, f"{group.name}\u2019s commitment to the statement is recorded.")
            return redirect(_statement_url(slug))
    return render(
        request,
        "form_page.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": "groundrules",
            "form": form,
            "title": f"Record that {group.name} commits to the statement",
            "intro": "Who committed on the group\u2019s behalf, and when. For example, its director at a "
            "board meeting.",
            "back_href": _statement_url(slug),
        },
    )


# ---------------------------------------------------------------- who has answered


def people(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=MANAGING_ROLES)
    page = paginate(request, services.asked_members(partnership), PEOPLE_PER_PAGE)
    person_url = row_url("groundrules:statement_person", slug)
    helped_url = row_url("groundrules:statement_person_helped", slug)
    for row in page.object_list:
        row.record_url = person_url(row.pk)
        row.helped_url = helped_url(row.pk)
        row.answer_words = PersonalCommitment.Answer(row.answer).label if row.answer else ""
    notices = services.home_notices(partnership, coordinator=True)
    return render(
        request,
        "groundrules/statement/people.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": "groundrules",
            "page": page,
            "not_seen": notices["not_seen"],
            "not_understood": notices["not_understood"],
            "statement_url": _statement_url(slug),
        },
    )


def _asked_member(partnership, pk: int) -> Membership:
    member = get_object_or_404(
        Membership.objects.current().select_related("person"), partnership=partnership, pk=pk
    )
    if member.role in services.NOT_ASKED:
        raise PermissionDenied
    return member


def person_record(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=MANAGING_ROLES)
    member = _asked_member(partnership, pk)
    existing = services.commitment_for(partnership, member.person)
    form = RecordAnswerForm(posted(request), initial={"answer": existing.answer if existing else None})
    if form.is_bound and form.is_valid():
        services.commitment_give(
            partnership=partnership,
            person=member.person,
            answer=form.cleaned_data["answer"],
            recorded_by=request.user,
        )
        messages.success(request, f"{member.name}\u2019s answer is recorded.")
        return redirect(_people_url(slug))
    return render(
        request,
        "form_page.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": "groundrules",
            "form": form,
            "title": f"Record {member.name}\u2019s answer",
            "intro": "For an answer they gave on paper, by phone or in person. The people page will say the "
            "coordinator recorded it.",
            "back_href": _people_url(slug),
        },
    )


def person_helped(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=MANAGING_ROLES)
    member = _asked_member(partnership, pk)
    if request.method == "POST":
        try:
            services.commitment_helped(partnership=partnership, person=member.person)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"Saved: you went through it with {member.name}. They can give their answer again when they "
                "are ready, or you can record it for them.",
            )
    return redirect(_people_url(slug))


# ---------------------------------------------------------------- joining


def welcome(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug)
    joining = request.session.get(JOINING_SESSION_KEY)
    if isinstance(joining, dict) and joining.get("slug") == slug:
        request.session.pop(JOINING_SESSION_KEY, None)
    workspace_url = reverse("workspace", kwargs={"slug": slug})
    if request.method == "POST":
        require_partner(membership)
    mine = services.commitment_for(partnership, request.user)
    form = AnswerForm(
        posted(request),
        initial={"answer": mine.answer if mine else None},
        submit="Save my answer and continue",
    )
    if form.is_bound and form.is_valid():
        answer = form.cleaned_data["answer"]
        services.commitment_give(partnership=partnership, person=request.user, answer=answer)
        _answer_saved(request, answer)
        return redirect(workspace_url)
    current = current_version(partnership)
    rules = version_rules(current, days=days_for(current, current=current)) if current else []
    for rule in rules:
        rule.easy_read_text = rule.easy_words  # as people read it, with the papers notice
    points = _points(partnership, request)
    with_easy_pictures(rules, partnership, request.user)
    return render(
        request,
        "groundrules/statement/welcome.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": "groundrules",
            "points": points,
            "current": current,
            "rules": rules,
            "mine": mine,
            "form": form if may_take_part(membership) else None,
            "workspace_url": workspace_url,
            "not_yet_said": NOT_YET_SAID,
        },
    )


def urlpatterns(prefix: str) -> list:
    s = prefix + "statement/"
    return [
        path(s, statement, name="statement"),
        path(s + "points/new/", point_add, name="statement_point_add"),
        path(s + "points/<int:pk>/", point_edit, name="statement_point_edit"),
        path(s + "points/<int:pk>/remove/", point_remove, name="statement_point_remove"),
        path(s + "points/<int:pk>/move/", point_move, name="statement_point_move"),
        path(s + "groups/<int:pk>/commit/", group_commit, name="statement_group_commit"),
        path(s + "people/", people, name="statement_people"),
        path(s + "people/<int:pk>/", person_record, name="statement_person"),
        path(s + "people/<int:pk>/helped/", person_helped, name="statement_person_helped"),
        path(prefix + "welcome/", welcome, name="welcome"),
    ]
