"""Tasks: adding, the task page, changing it (dates always with why), a lead's update (status in words and
the latest expected end), its action points, comments and suggestions, taking it out; and the new dates
proposed for tasks that wait for one that slipped, for a person to confirm or decline.

Who may do what (workplan.permissions): coordinators and chairs add, change and take out tasks; a task's
leads (and coordinators and chairs) update it and link its action points; partners comment; everyone who
can read the plan (observers and visiting experts too) reads the task page and the dates to confirm. Visiting
experts read a task's plan, not the partnership's discussion of it: no comments, history or action points.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import DateTimeField, Exists, F, OuterRef, Q, Value
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone

from coproduction.access import is_read_only
from coproduction.access import partnership_access as access
from coproduction.easy_read.pictures import with_easy_pictures
from coproduction.forms import already_saved, first_time, not_saved, posted, service_errors
from meetings.models import ActionPoint, Decision, Meeting
from partners.models import Membership, PartnerGroup, Role

from ..forms.tasks import (
    CommentForm,
    MoveForm,
    RemoveForm,
    TaskActionsForm,
    TaskAddForm,
    TaskEditForm,
    TaskUpdateForm,
)
from ..models import (
    Activity,
    Comment,
    Outcome,
    Output,
    PlanChange,
    ProposedMove,
    Task,
    TaskActionPoint,
    Theme,
)
from ..permissions import (
    is_task_lead,
    may_manage,
    may_take_part,
    may_update_task,
    seen_activities,
    seen_meetings,
)
from ..services import tasks as services
from ..services.outcomes import leads_words
from ..services.schedule import (
    contingency_words,
    day_words,
    length_words,
    local_day,
    quoted,
    settings_for,
    task_state,
    weeks_words,
)

NAV = "workplan"
LISTED = 50  # decisions, meetings and open action points offered on a form: the most recent
HISTORY = 50  # changes shown on a task's page: the most recent
COMMENTS_SHOWN = 50  # comments shown on a task's page: the most recent, unless all are asked for
DECIDED_SHOWN = 10  # proposals already decided, shown under the ones still open


def _and(words: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _task_url(slug: str, pk: int) -> str:
    return reverse("workplan:task", kwargs={"slug": slug, "pk": pk})


def _moves_url(slug: str) -> str:
    return reverse("workplan:moves", kwargs={"slug": slug})


def _context(partnership, membership, **extra) -> dict:
    return {"partnership": partnership, "membership": membership, "nav": NAV, **extra}


def _task(partnership, pk: int, **annotations) -> Task:
    """The task with what every page of it shows, fetched through the partnership. Its partnership comes
    with its plan settings (the contingency share), so reading them asks nothing more."""
    task = get_object_or_404(
        Task.objects.select_related(
            "partnership__plan_settings",
            "outcome",
            "theme",
            "lead_group",
            "second_lead_group",
            "owner_person",
            "owner_group",
            "done_with_open_actions_by",
        ).annotate(**annotations),
        partnership=partnership,
        pk=pk,
    )
    return task


def _share(task: Task) -> int:
    return settings_for(task.partnership).contingency_percent


def may_overrule_actions(membership: Membership, task: Task) -> bool:
    """Who may say a task is done while its action points are open: its owner (the owner person, or a member
    of the owner group), or a coordinator or chair."""
    if may_manage(membership):
        return True
    if is_read_only(membership):
        return False
    if task.owner_person_id is not None and task.owner_person_id == membership.person_id:
        return True
    return task.owner_group_id is not None and membership.group_id == task.owner_group_id


def _describe(task: Task, today=None) -> None:
    """The words a task's pages say about it, set on the task."""
    share = _share(task)
    task.state = task_state(task, today or timezone.localdate(), share)
    task.start_words = day_words(task.planned_start)
    task.end_words = day_words(task.planned_end)
    task.expected_words = day_words(task.expected_end)
    task.length_words = length_words(task.planned_start, task.planned_end)
    task.contingency_words = contingency_words(task, share)
    task.owner_words = services.owner_words(task)
    task.leads_words = leads_words(task)
    task.slip_words = (
        f"Taking longer than planned, by {weeks_words(task.state.slip_days)}" if task.state.slipped else ""
    )


# ---------------------------------------------------------------- what the forms offer


def _choices(partnership, outcome: Outcome, task: Task | None = None) -> dict:
    """Everything the task form offers, each in one query: the outcome's themes, the partnership's tasks
    (marked `needed` when this task needs them), its groups, the people who may own a task, and the most
    recent decisions and meetings (with those already linked, marked `linked`)."""
    themes = list(Theme.objects.filter(outcome=outcome).order_by("position", "pk"))
    tasks = Task.objects.filter(partnership=partnership).only("pk", "title", "expected_end", "planned_start")
    decisions = Decision.objects.filter(partnership=partnership)
    meetings = Meeting.objects.filter(partnership=partnership)
    if task is not None:
        tasks = tasks.annotate(
            needed=Exists(Task.needs.through.objects.filter(from_task_id=task.pk, to_task_id=OuterRef("pk")))
        )
        decisions = decisions.annotate(
            linked=Exists(Task.decisions.through.objects.filter(task_id=task.pk, decision_id=OuterRef("pk")))
        ).order_by("-linked", "-year", "-number")
        meetings = meetings.annotate(
            linked=Exists(Task.meetings.through.objects.filter(task_id=task.pk, meeting_id=OuterRef("pk")))
        ).order_by("-linked", "-starts_at", "-pk")
    else:
        decisions = decisions.order_by("-year", "-number")
        meetings = meetings.order_by("-starts_at", "-pk")
    people = [
        m.person
        for m in Membership.objects.current()
        .filter(partnership=partnership, person__isnull=False)
        .exclude(role__in=[Role.OBSERVER, Role.VISITING_EXPERT])
        .select_related("person")
        .order_by("person__full_name", "pk")
    ]
    if task is not None and task.owner_person_id and all(p.pk != task.owner_person_id for p in people):
        people.append(task.owner_person)  # an owner who has since left or become an observer stays chosen
    return {
        "themes": themes,
        "tasks": list(tasks.order_by("planned_start", "pk")),
        "groups": list(PartnerGroup.objects.filter(partnership=partnership).order_by("name", "pk")),
        "people": people,
        "decisions": _recent(decisions),
        "meetings": _recent(meetings),
    }


def _recent(queryset) -> list:
    """Those already linked (first in the query's order), then the LISTED most recent others."""
    rows = list(queryset[: LISTED * 2])
    linked = [r for r in rows if getattr(r, "linked", False)]
    return linked + [r for r in rows if not getattr(r, "linked", False)][:LISTED]


def _initial(task: Task, choices: dict) -> dict:
    owner = ""
    if task.owner_person_id:
        owner = f"person:{task.owner_person_id}"
    elif task.owner_group_id:
        owner = f"group:{task.owner_group_id}"
    return {
        "title": task.title,
        "description": task.description,
        "easy_read_text": task.easy_read_text,
        "easy_read_picture": task.easy_read_picture,
        "theme": task.theme_id,
        "planned_start": task.planned_start,
        "planned_end": task.planned_end,
        "expected_end": task.expected_end,
        "contingency_weeks": task.contingency_weeks,
        "owner": owner,
        "lead_group": task.lead_group_id,
        "second_lead_group": task.second_lead_group_id,
        "needs": [t.pk for t in choices["tasks"] if getattr(t, "needed", False)],
        "decisions": [d.pk for d in choices["decisions"] if d.linked],
        "meetings": [m.pk for m in choices["meetings"] if m.linked],
        "revision": task.revision,
    }


def _with_revision(data, revision: int):
    """The posted form with the task's current revision, so sending it again (after checking the task as it
    is now) saves."""
    data = data.copy()
    data["revision"] = str(revision)
    return data


def _easy_read_warning(request: HttpRequest, form) -> None:
    if form.easy_read_warnings:
        messages.warning(
            request,
            "The task is saved. Its easy read words need a look: " + " ".join(form.easy_read_warnings),
        )


def _moves_message(request: HttpRequest, made: list[ProposedMove]) -> None:
    """After a task slips: who waits for it, and that new dates wait for someone to confirm them."""
    if not made:
        return
    names = _and([quoted(m.task.title) for m in made])
    if len(made) == 1:
        words = f"{names} waits for this task. We have proposed new dates for it"
    else:
        words = f"{names} wait for this task. We have proposed new dates for them"
    messages.info(request, f"{words}: confirm them or keep the old dates.")


# ---------------------------------------------------------------- adding


def task_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = access(request, slug, visiting_experts=True)
    if not may_manage(membership):
        raise PermissionDenied
    outcome = get_object_or_404(
        Outcome.objects.select_related("partnership__plan_settings"), partnership=partnership, pk=pk
    )
    back = reverse("workplan:outcome", kwargs={"slug": slug, "pk": outcome.pk})
    if outcome.status == Outcome.Status.DROPPED:
        messages.info(request, f"{quoted(outcome.title)} is no longer in the plan, so it takes no new tasks.")
        return redirect(back)
    choices = _choices(partnership, outcome)
    form = TaskAddForm(
        posted(request),
        partnership=partnership,
        share_percent=settings_for(outcome.partnership).contingency_percent,
        **choices,
    )
    if form.is_bound and form.is_valid():
        if not first_time(form, request):
            return already_saved(request, back)
        try:
            task = services.task_add(
                partnership=partnership, outcome=outcome, by=request.user, **form.service_fields()
            )
        except ValidationError as error:
            not_saved(form, request)
            service_errors(form, error)
        else:
            messages.success(request, f"{quoted(task.title)} is added to the plan.")
            _easy_read_warning(request, form)
            return redirect(_task_url(slug, task.pk))
    return render(
        request,
        "workplan/tasks/form.html",
        _context(
            partnership,
            membership,
            form=form,
            title="Add a task",
            caption=outcome.title,
            intro=f"A task is something we will do to bring about {quoted(outcome.title)}.",
            back_href=back,
        ),
    )


# ---------------------------------------------------------------- the task page


def _task_page(request: HttpRequest, partnership, membership, pk: int, *, comment_form=None) -> HttpResponse:
    open_moves = ProposedMove.objects.filter(status=ProposedMove.Status.OPEN)
    task = _task(
        partnership,
        pk,
        moves_here=Exists(open_moves.filter(task_id=OuterRef("pk"))),
        moves_caused=Exists(open_moves.filter(because_of_id=OuterRef("pk"))),
    )
    _describe(task)
    expert = membership.role == Role.VISITING_EXPERT
    slug = partnership.slug
    # What it needs first and what waits for it: both directions in one query.
    needs, waiting = [], []
    for link in Task.needs.through.objects.filter(
        Q(from_task_id=task.pk) | Q(to_task_id=task.pk)
    ).select_related("from_task", "to_task"):
        if link.from_task_id == task.pk:
            needs.append(link.to_task)
        else:
            waiting.append(link.from_task)
    needs.sort(key=lambda t: (t.expected_end, t.pk))
    waiting.sort(key=lambda t: (t.planned_start, t.pk))
    not_done = [t for t in needs if t.status != Task.Status.DONE]
    for need in needs:
        need.done = need.status == Task.Status.DONE
        need.expected_words = day_words(need.expected_end)
    for follower in waiting:
        follower.start_words = day_words(follower.planned_start)
    outputs = list(Output.objects.filter(task=task).order_by("position", "pk"))
    activities = Activity.objects.filter(task=task).select_related("meeting").order_by("starts_on", "pk")
    activities = list(seen_activities(activities, membership))
    visible = seen_meetings(membership)
    for activity in activities:
        activity.when = _activity_when(activity)
    decisions, meetings = _links(task, visible)
    actions, changes, comments, more_changes = [], [], [], False
    more_comments, comments_count = False, 0
    if not expert:
        actions = [
            link.action_point
            for link in TaskActionPoint.objects.filter(task=task)
            .select_related("action_point__owner_person", "action_point__owner_group")
            .order_by("action_point__due_on", "action_point__year", "action_point__number")
        ]
        for action in actions:
            action.due_words = day_words(action.due_on)
        changes = list(PlanChange.objects.filter(task=task).select_related("changed_by")[: HISTORY + 1])
        more_changes = len(changes) > HISTORY
        changes = changes[:HISTORY]
        for change in changes:
            change.day = day_words(local_day(change.changed_at))
        comments, more_comments, comments_count = _comments(task, every=request.GET.get("comments") == "all")
    with_easy_pictures([task, *outputs], partnership, request.user)
    task.reference = task.title
    for output in outputs:
        output.text = output.description
        output.reference = output.title
    take_part = may_take_part(membership)
    if take_part and comment_form is None:
        comment_form = CommentForm()
    if comment_form is not None:
        comment_form.helper.form_action = reverse(
            "workplan:task_comment", kwargs={"slug": slug, "pk": task.pk}
        )
    open_count = sum(a.is_open for a in actions)
    return render(
        request,
        "workplan/tasks/detail.html",
        _context(
            partnership,
            membership,
            task=task,
            expert=expert,
            needs=needs,
            needs_words=_needs_words(not_done, needs),
            waiting=waiting,
            outputs=outputs,
            actions=actions,
            open_count=open_count,
            activities=activities,
            decisions=decisions,
            meetings=meetings,
            changes=changes,
            more_changes=more_changes,
            comments=comments,
            more_comments=more_comments,
            comments_count=comments_count,
            comments_shown=COMMENTS_SHOWN,
            comment_form=comment_form,
            errors_form=comment_form if comment_form is not None and comment_form.errors else None,
            manage=may_manage(membership),
            update=may_update_task(membership, task),
            take_part=take_part,
            outcome_href=reverse("workplan:outcome", kwargs={"slug": slug, "pk": task.outcome_id}),
        ),
    )


def _comments(task: Task, *, every: bool) -> tuple[list[Comment], bool, int]:
    """The task's comments, oldest first: the newest COMMENTS_SHOWN, or all of them when asked. Returns them,
    whether there are more, and how many there are in all (counted only when there are more)."""
    rows = Comment.objects.filter(task=task).select_related("author")
    if every:
        comments = list(rows.order_by("created_at", "pk"))
        more, count = False, len(comments)
    else:
        comments = list(rows.order_by("-created_at", "-pk")[: COMMENTS_SHOWN + 1])
        more = len(comments) > COMMENTS_SHOWN
        comments = comments[:COMMENTS_SHOWN][::-1]
        count = rows.count() if more else len(comments)
    for comment in comments:
        comment.day = day_words(local_day(comment.created_at))
    return comments, more, count


def _links(task: Task, visible=None) -> tuple[list[Decision], list[Meeting]]:
    """The decisions that set the task up and the meetings where it was discussed, in one query (both
    through tables, read together): the newest first. With `visible` (a visiting expert's meetings): only
    those meetings, and only the decisions made at them (a decision's words are its meeting's record)."""
    decision_links = Task.decisions.through.objects.filter(task_id=task.pk)
    meeting_links = Task.meetings.through.objects.filter(task_id=task.pk)
    if visible is not None:
        decision_links = decision_links.filter(decision__meeting__in=visible)
        meeting_links = meeting_links.filter(meeting__in=visible)
    decisions = decision_links.annotate(
        kind=Value("d"),
        key=F("decision_id"),
        year=F("decision__year"),
        number=F("decision__number"),
        words=F("decision__text"),
        when=Value(None, output_field=DateTimeField()),
    ).values_list("kind", "key", "year", "number", "words", "when")
    meetings = meeting_links.annotate(
        kind=Value("m"),
        key=F("meeting_id"),
        year=Value(0),
        number=Value(0),
        words=F("meeting__title"),
        when=F("meeting__starts_at"),
    ).values_list("kind", "key", "year", "number", "words", "when")
    found_decisions, found_meetings = [], []
    for kind, key, year, number, words, when in decisions.union(meetings, all=True):
        if kind == "d":
            found_decisions.append(Decision(pk=key, year=year, number=number, text=words))
        else:
            meeting = Meeting(pk=key, title=words, starts_at=when)
            meeting.day = day_words(local_day(when))
            found_meetings.append(meeting)
    found_decisions.sort(key=lambda d: (d.year, d.number), reverse=True)
    found_meetings.sort(key=lambda m: (m.starts_at, m.pk), reverse=True)
    return found_decisions, found_meetings


def _needs_words(not_done: list[Task], needs: list[Task]) -> str:
    if not needs:
        return "It does not need anything else to be done first."
    if not not_done:
        return "Everything it needs first is done."
    names = _and([quoted(t.title) for t in not_done])
    return f"Cannot start until {names} {'is' if len(not_done) == 1 else 'are'} done."


def _activity_when(activity: Activity) -> str:
    if activity.meeting_id:
        return day_words(local_day(activity.meeting.starts_at))
    if activity.starts_on and activity.ends_on:
        return f"{day_words(activity.starts_on)} to {day_words(activity.ends_on)}"
    return day_words(activity.starts_on or activity.ends_on)


def task_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = access(request, slug, visiting_experts=True)
    return _task_page(request, partnership, membership, pk)


def task_comment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = access(request, slug, visiting_experts=True)
    if not may_take_part(membership):
        raise PermissionDenied
    task = get_object_or_404(Task, partnership=partnership, pk=pk)
    back = _task_url(slug, pk) + "#comments"
    if request.method != "POST":
        return redirect(back)
    form = CommentForm(request.POST)
    if form.is_valid():
        if not first_time(form, request):
            return already_saved(request, back)
        try:
            comment = services.comment_add(
                task=task, author=request.user, kind=form.cleaned_data["kind"], text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            not_saved(form, request)
            service_errors(form, error)
        else:
            messages.success(
                request, f"Your {comment.get_kind_display().removeprefix('A ').lower()} is added."
            )
            return redirect(back)
    return _task_page(request, partnership, membership, pk, comment_form=form)


# ---------------------------------------------------------------- changing


def task_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = access(request, slug, visiting_experts=True)
    if not may_manage(membership):
        raise PermissionDenied
    task = _task(partnership, pk)
    choices = _choices(partnership, task.outcome, task)
    data = posted(request)
    form = TaskEditForm(
        data,
        initial=_initial(task, choices),
        partnership=partnership,
        share_percent=_share(task),
        task=task,
        **choices,
    )
    if form.is_bound and form.is_valid():
        try:
            made = services.task_save(
                task=task, revision=form.cleaned_data["revision"], by=request.user, **form.service_fields()
            )
        except ValidationError as error:
            if getattr(error, "code", None) in ("changed_meanwhile", "gone"):
                if error.code == "gone":
                    messages.info(request, services.TASK_GONE)
                    return redirect(reverse("workplan:plan", kwargs={"slug": slug}))
                # Show the task as it is now; keep what was typed, with the new revision to send again.
                task = _task(partnership, pk)
                form = TaskEditForm(
                    _with_revision(data, task.revision),
                    initial=_initial(task, choices),
                    partnership=partnership,
                    share_percent=_share(task),
                    task=task,
                    **choices,
                )
                form.is_valid()
            service_errors(form, error)
        else:
            messages.success(request, f"{quoted(task.title)} is saved.")
            _easy_read_warning(request, form)
            _moves_message(request, made)
            return redirect(_moves_url(slug) if made else _task_url(slug, pk))
    meanwhile = any(services.CHANGED_MEANWHILE in e for e in form.non_field_errors())
    _describe(task)
    return render(
        request,
        "workplan/tasks/form.html",
        _context(
            partnership,
            membership,
            form=form,
            title="Change the task",
            caption=task.title,
            task=task,
            meanwhile=meanwhile,
            intro="If the task is taking longer than planned, change the latest expected end and say why. "
            "Change the planned dates only when the plan itself changes.",
            back_href=_task_url(slug, pk),
        ),
    )


def task_update(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = access(request, slug, visiting_experts=True)
    task = _task(partnership, pk)
    if not may_update_task(membership, task):
        raise PermissionDenied
    overrule = may_overrule_actions(membership, task)
    still_open = services.open_actions(task)
    initial = {
        "status": task.status,
        "note": task.status_note,
        "expected_end": task.expected_end,
        "revision": task.revision,
    }
    data = posted(request)
    form = TaskUpdateForm(data, initial=initial, overrule=overrule and bool(still_open))
    if form.is_bound and form.is_valid():
        cleaned = form.cleaned_data
        try:
            made = services.task_update(
                task=task,
                revision=cleaned["revision"],
                by=request.user,
                status=cleaned["status"],
                note=cleaned.get("note") or "",
                expected_end=cleaned["expected_end"],
                reason=cleaned.get("reason") or "",
                open_actions_ok=bool(cleaned.get("open_actions_ok")),
                may_overrule_actions=overrule,
            )
        except ValidationError as error:
            if getattr(error, "code", None) in ("changed_meanwhile", "gone"):
                if error.code == "gone":
                    messages.info(request, services.TASK_GONE)
                    return redirect(reverse("workplan:plan", kwargs={"slug": slug}))
                task = _task(partnership, pk)
                still_open = services.open_actions(task)
                form = TaskUpdateForm(
                    _with_revision(data, task.revision),
                    initial=initial,
                    overrule=overrule and bool(still_open),
                )
                form.is_valid()
            service_errors(form, error)
        else:
            task.refresh_from_db()
            _describe(task)
            messages.success(request, f"{quoted(task.title)} is updated. {task.state.words}")
            _moves_message(request, made)
            return redirect(_moves_url(slug) if made else _task_url(slug, pk))
    _describe(task)
    return render(
        request,
        "workplan/tasks/update.html",
        _context(
            partnership,
            membership,
            form=form,
            task=task,
            still_open=still_open,
            overrule=overrule,
            meanwhile=any(services.CHANGED_MEANWHILE in e for e in form.non_field_errors()),
            back_href=_task_url(slug, pk),
        ),
    )


# ---------------------------------------------------------------- taking a task out


def task_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = access(request, slug, visiting_experts=True)
    if not may_manage(membership):
        raise PermissionDenied
    task = _task(partnership, pk)
    form = RemoveForm(posted(request))
    if form.is_bound and form.is_valid():
        title = task.title
        waiting = services.task_remove(task=task, by=request.user, reason=form.cleaned_data["reason"])
        words = f"{quoted(title)} is taken out of the plan."
        if waiting:
            names = _and([quoted(t.title) for t in waiting])
            words += f" {names} no longer {'waits' if len(waiting) == 1 else 'wait'} for it."
        messages.success(request, words)
        return redirect(reverse("workplan:outcome", kwargs={"slug": slug, "pk": task.outcome_id}))
    waiting = list(task.needed_by.order_by("planned_start", "pk"))
    counts = {
        "outputs": Output.objects.filter(task=task).count(),
        "comments": Comment.objects.filter(task=task).count(),
        "actions": TaskActionPoint.objects.filter(task=task).count(),
    }
    return render(
        request,
        "workplan/tasks/remove.html",
        _context(
            partnership,
            membership,
            form=form,
            task=task,
            waiting=waiting,
            waiting_words=_and([quoted(t.title) for t in waiting]) if waiting else "",
            counts=counts,
            back_href=_task_url(slug, pk),
        ),
    )


# ---------------------------------------------------------------- action points


def task_actions(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = access(request, slug, visiting_experts=True)
    task = _task(partnership, pk)
    if not may_update_task(membership, task):
        raise PermissionDenied
    linked = [
        link.action_point
        for link in TaskActionPoint.objects.filter(task=task)
        .select_related("action_point")
        .order_by("action_point__due_on", "pk")
    ]
    linked_ids = {a.pk for a in linked}
    recent = list(
        ActionPoint.objects.open()
        .filter(partnership=partnership)
        .exclude(pk__in=linked_ids)
        .select_related("plan_task__task")
        .order_by("-year", "-number")[:LISTED]
    )
    for action in linked:
        action.elsewhere = ""
    for action in recent:
        try:
            action.elsewhere = action.plan_task.task.title
        except TaskActionPoint.DoesNotExist:
            action.elsewhere = ""
    rows = linked + recent
    form = TaskActionsForm(posted(request), rows=rows, initial={"action_points": sorted(linked_ids)})
    if form.is_bound and form.is_valid():
        try:
            added, removed = services.task_actions_set(
                task=task, action_points=form.chosen(), by=request.user
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            if added or removed:
                messages.success(request, _actions_words(added, removed))
            else:
                messages.info(request, "Nothing was changed: the task has the same action points as before.")
            return redirect(_task_url(slug, pk) + "#action-points")
    return render(
        request,
        "workplan/tasks/actions.html",
        _context(
            partnership,
            membership,
            form=form,
            task=task,
            nothing=not rows,
            back_href=_task_url(slug, pk),
        ),
    )


def _actions_words(added: int, removed: int) -> str:
    bits = []
    if added:
        bits.append(f"{added} action point{'s' if added != 1 else ''} added to the task")
    if removed:
        bits.append(f"{removed} taken off it")
    return "; ".join(bits).capitalize() + "."


# ---------------------------------------------------------------- dates to confirm


def _may_decide(membership: Membership, task: Task) -> bool:
    """Confirm or decline new dates for a task: coordinators and chairs, and the task's own leads."""
    return may_manage(membership) or is_task_lead(membership, task)


def _moves_page(
    request: HttpRequest, partnership, membership, *, problem: dict | None = None
) -> HttpResponse:
    moves = list(
        ProposedMove.objects.filter(partnership=partnership, status=ProposedMove.Status.OPEN)
        .select_related("task", "because_of")
        .order_by("task__planned_start", "pk")
    )
    for move in moves:
        move.may_decide = _may_decide(membership, move.task)
        move.now_words = f"{day_words(move.task.planned_start)} to {day_words(move.task.planned_end)}"
        move.new_words = f"{day_words(move.new_start)} to {day_words(move.new_end)}"
        move.why = (
            f"It waits for {quoted(move.because_of.title)}, now expected to end on "
            f"{day_words(move.because_of.expected_end)}."
        )
        move.shift = _shift_words((move.new_start - move.task.planned_start).days)
        if problem and problem.get("pk") == move.pk:
            move.problem, move.reason = problem["message"], problem["reason"]
    decided = list(
        ProposedMove.objects.filter(partnership=partnership)
        .exclude(status=ProposedMove.Status.OPEN)
        .select_related("task", "because_of", "decided_by")
        .order_by("-decided_at", "-pk")[:DECIDED_SHOWN]
    )
    for move in decided:
        move.day = day_words(local_day(move.decided_at)) if move.decided_at else ""
        move.new_words = f"{day_words(move.new_start)} to {day_words(move.new_end)}"
    return render(
        request,
        "workplan/tasks/moves.html",
        _context(
            partnership,
            membership,
            moves=moves,
            decided=decided,
            any_decide=any(m.may_decide for m in moves),
            problem=problem,
        ),
    )


def _shift_words(days: int) -> str:
    """ "3 weeks later", "4 days earlier", "the same day"."""
    if days == 0:
        return "starts the same day"
    return f"{weeks_words(days)} {'later' if days > 0 else 'earlier'}"


def moves(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = access(request, slug, visiting_experts=True)
    return _moves_page(request, partnership, membership)


def move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = access(request, slug, visiting_experts=True)
    back = _moves_url(slug)
    proposal = (
        ProposedMove.objects.select_related("task", "because_of")
        .filter(partnership=partnership, pk=pk)
        .first()
    )
    if proposal is None:
        if request.method != "POST":
            raise Http404
        # Sent from a page open before the dates changed: the proposal was worked out again and went.
        messages.info(request, f"{services.MOVE_GONE} The dates still to confirm are below.")
        return redirect(back)
    if not _may_decide(membership, proposal.task):
        raise PermissionDenied
    if request.method != "POST":
        return redirect(back + f"#move-{pk}")
    form = MoveForm(request.POST)
    if not form.is_valid():
        message = " ".join(e for errors in form.errors.values() for e in errors)
        return _moves_page(
            request,
            partnership,
            membership,
            problem={"pk": pk, "message": message, "reason": str(request.POST.get("reason", ""))[:2000]},
        )
    title = quoted(proposal.task.title)
    try:
        if form.cleaned_data["action"] == "confirm":
            made = services.move_confirm(move=proposal, by=request.user)
            words = f"{title} now runs from {day_words(proposal.new_start)} to {day_words(proposal.new_end)}."
            if made:
                names = _and([quoted(m.task.title) for m in made])
                words += f" This moves {names} too: confirm {'it' if len(made) == 1 else 'them'} below."
            messages.success(request, words)
        else:
            services.move_decline(move=proposal, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, f"{title} keeps its dates. The plan\u2019s list of changes says so.")
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    return redirect(back)


def urlpatterns(prefix: str) -> list:
    return [
        path(prefix + "outcomes/<int:pk>/tasks/add/", task_add, name="task_add"),
        path(prefix + "tasks/<int:pk>/", task_detail, name="task"),
        path(prefix + "tasks/<int:pk>/edit/", task_edit, name="task_edit"),
        path(prefix + "tasks/<int:pk>/update/", task_update, name="task_update"),
        path(prefix + "tasks/<int:pk>/remove/", task_remove, name="task_remove"),
        path(prefix + "tasks/<int:pk>/comment/", task_comment, name="task_comment"),
        path(prefix + "tasks/<int:pk>/action-points/", task_actions, name="task_actions"),
        path(prefix + "moves/", moves, name="moves"),
        path(prefix + "moves/<int:pk>/", move, name="move"),
    ]
