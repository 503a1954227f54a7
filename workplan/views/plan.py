"""The plan page, outcomes, themes (and moving them), outputs, comments and suggestions.

Everyone who reads the plan (visiting experts too) sees the plan page and each outcome's page; coordinators
and chairs change outcomes and themes; a task's leads add its outputs; partners propose outcomes and
comment. Observers and visiting experts read only.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone

from coproduction.access import partnership_access
from coproduction.easy_read.pictures import picture_choices
from coproduction.forms import already_saved, first_time, not_saved, posted, service_errors
from coproduction.rows import row_url
from partners.models import Role

from ..forms.plan import (
    NO_THEME,
    CommentForm,
    OutcomeAddForm,
    OutcomeForm,
    OutcomeStatusForm,
    OutputAddForm,
    OutputForm,
    ThemeAddForm,
    ThemeForm,
    ThemeMoveForm,
    ThemeRemoveForm,
)
from ..models import Comment, Outcome, Output, Ranking, Task, Theme
from ..permissions import (
    may_manage,
    may_take_part,
    may_update_task,
    require_manager,
    require_partner,
    require_task_updater,
    seen_meetings,
)
from ..services import outcomes as services
from ..services.documents import print_links
from ..services.outcomes import MoveRefused, agreed_decision, has_tasks_words, leads_words, ordinal
from ..services.plan import plan_for
from ..services.schedule import day_words, quoted
from ..services.tasks import owner_words

NAV = "workplan"
COMMENTS_SHOWN = 50


# ---------------------------------------------------------------- addresses


def _plan_url(slug: str) -> str:
    return reverse("workplan:plan", kwargs={"slug": slug})


def _outcome_url(slug: str, pk: int) -> str:
    return reverse("workplan:outcome", kwargs={"slug": slug, "pk": pk})


def _context(partnership, membership, **more) -> dict:
    return {"partnership": partnership, "membership": membership, "nav": NAV, **more}


# ---------------------------------------------------------------- reading the plan for a page


def _dates_words(task: Task) -> str:
    words = f"{day_words(task.planned_start)} to {day_words(task.planned_end)}"
    if task.expected_end != task.planned_end and task.status != Task.Status.DONE:
        words += f". Now expected to end on {day_words(task.expected_end)}"
    return words


def _order_decisions(outcomes: list[Outcome]) -> dict:
    """The decisions that agreed the themes' order, by key: one query, and none when nothing is agreed."""
    from meetings.models import Decision

    ids = {t.order_decision_id for o in outcomes for t in o.themes_list} - {None}
    if not ids:
        return {}
    return {d.pk: d for d in Decision.objects.filter(pk__in=ids).only("pk", "year", "number")}


def _cached_order_decisions(outcome: Outcome) -> dict:
    """The same, for themes read with their order decision (no query)."""
    return {t.order_decision_id: t.order_decision for t in outcome.themes_list if t.order_decision_id}


def _prepare(
    outcomes: list[Outcome],
    partnership,
    request: HttpRequest,
    membership,
    *,
    decisions: dict,
    output_leads: bool = False,
    extra_pictures: tuple[str, ...] = (),
) -> dict:
    """What the plan's templates show, worked out once: words for leads, dates, owners, status and order;
    addresses for each row; who may change what; the easy read pictures (one query at most, with any
    `extra_pictures` the page shows to everyone, which are returned). No queries from templates.
    `output_leads`: the outputs were read with their lead groups, so say who leads each."""
    slug = partnership.slug
    manage = may_manage(membership)
    urls = {
        name: row_url(f"workplan:{name}", slug)
        for name in (
            "outcome",
            "task",
            "theme_edit",
            "theme_remove",
            "theme_move",
            "ranking_open",
            "output_add",
            "output_edit",
            "output_remove",
        )
    }
    points = []
    for outcome in outcomes:
        outcome.url = urls["outcome"](outcome.pk)
        outcome.leads_words = leads_words(outcome)
        outcome.status_words = _status_words(outcome)
        outcome.task_total = len(outcome.tasks_list)
        themes = outcome.themes_list
        for theme in themes:
            theme.order_decision = decisions.get(theme.order_decision_id)
        agreed = agreed_decision(themes) if themes else None
        outcome.order_agreed_at = agreed
        outcome.order_words = _order_words(outcome, themes, agreed, decisions)
        if manage:
            outcome.rank_url = urls["ranking_open"](outcome.pk)
        for place, theme in enumerate(themes, start=1):
            theme.place = place
            theme.place_words = ordinal(place)
            theme.first, theme.last = place == 1, place == len(themes)
            if manage:
                theme.move_url = urls["theme_move"](theme.pk)
                theme.edit_url = urls["theme_edit"](theme.pk)
                theme.remove_url = urls["theme_remove"](theme.pk)
        points += [outcome, *themes]
        for task in outcome.tasks_list:
            task.url = urls["task"](task.pk)
            task.dates_words = _dates_words(task)
            task.owner_words = owner_words(task)
            task.outputs_list = list(task.outputs.all())  # prefetched by plan_for
            task.may_update = may_update_task(membership, task)
            if task.may_update:
                task.output_add_url = urls["output_add"](task.pk)
            for output in task.outputs_list:
                output.leads_words = leads_words(output) if output_leads and output.leads else ""
                if task.may_update:
                    output.edit_url = urls["output_edit"](output.pk)
                    output.remove_url = urls["output_remove"](output.pk)
            points += [task, *task.outputs_list]
    return _pictures(points, partnership, request.user, extra_pictures)


def _pictures(points: list, partnership, user, extra: tuple[str, ...]) -> dict:
    """As `with_easy_pictures` (each point's `easy_picture`, for someone who reads easy read first), and
    the pictures in `extra`, in one query at most."""
    codes = list(extra)
    if user.easy_read_first:
        codes += [point.easy_read_picture for point in points]
    found = picture_choices(codes, partnership) if any(codes) else {}
    if user.easy_read_first:
        for point in points:
            point.easy_picture = found.get(point.easy_read_picture)
    return found


def _status_words(outcome: Outcome) -> str:
    if outcome.status == Outcome.Status.AGREED:
        return f"Agreed on {day_words(outcome.agreed_on)}" if outcome.agreed_on else "Agreed"
    if outcome.status == Outcome.Status.PROPOSED:
        return "Proposed, not agreed yet"
    return "No longer in the plan"


def _order_words(outcome: Outcome, themes: list[Theme], agreed, decisions: dict) -> str:
    if not themes:
        return ""
    if agreed is not None and outcome.order_changed_on:
        return (
            f"Order agreed at {agreed.reference}, then changed on {day_words(outcome.order_changed_on)} with "
            "Move up or Move down (what has changed says why)."
        )
    if agreed is not None:
        return f"Order agreed at {agreed.reference}."
    earlier = {t.order_decision_id for t in themes} - {None}
    if earlier:
        newer = [quoted(t.title) for t in themes if t.order_decision_id is None]
        decision = decisions.get(next(iter(earlier)))
        at = f" at {decision.reference}" if decision else ""
        return (
            f"Order not agreed yet: the order was agreed{at} before {' and '.join(newer)} "
            f"{'was' if len(newer) == 1 else 'were'} added."
        )
    return "Order not agreed yet."


def _progress(done: int, total: int) -> dict:
    return {"done": done, "total": total}


# ---------------------------------------------------------------- the plan page


def plan(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, visiting_experts=True)
    the_plan = plan_for(partnership)
    kept, dropped = the_plan.outcomes, the_plan.dropped
    _prepare(kept, partnership, request, membership, decisions=_order_decisions(kept))
    outcome_url = row_url("workplan:outcome", slug)
    for outcome in dropped:
        outcome.url = outcome_url(outcome.pk)
    done = sum(t.status == Task.Status.DONE for t in the_plan.tasks)
    for task in the_plan.next_due:
        task.due_words = day_words(task.expected_end)
    return render(
        request,
        "workplan/plan/plan.html",
        _context(
            partnership,
            membership,
            plan=the_plan,
            agreed=[o for o in the_plan.outcomes if o.status == Outcome.Status.AGREED],
            proposed=[o for o in the_plan.outcomes if o.status == Outcome.Status.PROPOSED],
            dropped=dropped,
            progress=_progress(done, len(the_plan.tasks)),
            manage=may_manage(membership),
            take_part=may_take_part(membership),
            prints=print_links(slug),
        ),
    )


# ---------------------------------------------------------------- an outcome's page


def _seen(linked, seen, lookup: str):
    """Linked decisions or meetings: only those of the `seen` meetings, when given (`seen_meetings`)."""
    return linked.all() if seen is None else linked.filter(**{lookup: seen})


def outcome(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, visiting_experts=True)
    found = services.outcome_plan(partnership, pk)
    if found is None:
        raise Http404
    pictures = _prepare(
        [found],
        partnership,
        request,
        membership,
        decisions=_cached_order_decisions(found),
        output_leads=True,
        extra_pictures=(found.easy_read_picture,),
    )
    expert = membership.role == Role.VISITING_EXPERT
    seen = seen_meetings(membership)
    comments, more_comments = None, False
    if not expert:
        # The latest comments, oldest first; all of them when asked (one query either way).
        every = request.GET.get("comments") == "all"
        rows = Comment.objects.filter(outcome=found, task__isnull=True).select_related("author")
        if every:
            comments = list(rows.order_by("created_at", "pk"))
        else:
            comments = list(rows.order_by("-created_at", "-pk")[: COMMENTS_SHOWN + 1])
            more_comments = len(comments) > COMMENTS_SHOWN
            comments = comments[:COMMENTS_SHOWN][::-1]
        for comment in comments:
            comment.day = day_words(timezone.localdate(comment.created_at))
    comment_form = None
    if may_take_part(membership):
        comment_form = CommentForm()
        comment_form.helper.form_action = reverse("workplan:outcome_comment", kwargs={"slug": slug, "pk": pk})
    # A ranking partners are answering now: the page says so and links to it (no other page leads a partner
    # to it). Only asked when there are themes to rank, and not for visiting experts, who do not rank.
    ranking = None
    if len(found.themes_list) >= 2 and not expert:
        ranking = Ranking.objects.filter(outcome=found, closed_at__isnull=True).only("pk", "method").first()
    return render(
        request,
        "workplan/plan/outcome.html",
        _context(
            partnership,
            membership,
            outcome=found,
            picture=pictures.get(found.easy_read_picture),
            more_comments=more_comments,
            comments_shown=COMMENTS_SHOWN,
            decisions=list(_seen(found.decisions, seen, "meeting__in").order_by("-year", "-number")),
            meetings=list(_seen(found.meetings, seen, "pk__in").order_by("-starts_at")),
            expert=expert,
            comments=comments,
            comment_form=comment_form,
            manage=may_manage(membership),
            proposed_by=found.created_by.display_name if found.created_by_id and found.created_by else "",
            created_day=day_words(timezone.localdate(found.created_at)),
            ranking=ranking,
            take_part=may_take_part(membership),
            ranking_url=reverse("workplan:ranking", kwargs={"slug": slug, "pk": ranking.pk})
            if ranking
            else "",
        ),
    )


# ---------------------------------------------------------------- adding and changing outcomes


def _outcome(partnership, pk: int) -> Outcome:
    return get_object_or_404(Outcome, partnership=partnership, pk=pk)


def _form_page(request, partnership, membership, form, *, title: str, caption: str, back_href: str, **more):
    return render(
        request,
        "workplan/plan/form.html",
        _context(
            partnership, membership, form=form, title=title, caption=caption, back_href=back_href, **more
        ),
    )


def _add_page(
    request: HttpRequest, partnership, membership, form, *, add, said, back: str, to=None, **page
) -> HttpResponse:
    """The page that adds a theme or an output: once the form is valid (and sent for the first time),
    `add()` calls the service; `said(added)` is the message, and the page goes to `to(added)` (or `back`)."""
    if form.is_bound and form.is_valid():
        if not first_time(form, request):
            return already_saved(request, back)
        try:
            added = add()
        except ValidationError as error:
            not_saved(form, request)
            service_errors(form, error)
        else:
            messages.success(request, said(added))
            return redirect(to(added) if to else back)
    return _form_page(request, partnership, membership, form, back_href=back, **page)


def _change_page(
    request: HttpRequest, partnership, membership, form, *, save, noun: str, back: str, **page
) -> HttpResponse:
    """The page that changes an outcome, a theme or an output: once the form is valid, `save()` calls the
    service, which says whether anything changed."""
    if form.is_bound and form.is_valid():
        try:
            changed = save()
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, f"The {noun} is saved." if changed else "Nothing was changed.")
            return redirect(back)
    return _form_page(request, partnership, membership, form, back_href=back, **page)


OUTCOME_INTRO = (
    "An outcome is the change we want to see, and for whom: for example \u201cMore disabled people in "
    "employment\u201d. What we will do to get there comes next, as tasks."
)


def outcome_add(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, visiting_experts=True)
    require_partner(membership)
    manage = may_manage(membership)
    form = OutcomeAddForm(
        posted(request),
        partnership=partnership,
        may_agree=manage,
        submit="Add the outcome" if manage else "Propose the outcome",
    )
    if form.is_bound and form.is_valid():
        if not first_time(form, request):
            return already_saved(request, _plan_url(slug))
        agreed = manage and bool(form.cleaned_data.get("agreed"))
        try:
            added = services.outcome_add(
                partnership=partnership,
                by=request.user,
                agreed=agreed,
                **form.service_fields(),
                **form.links(),
            )
        except ValidationError as error:
            not_saved(form, request)
            service_errors(form, error)
        else:
            if agreed:
                messages.success(request, f"{quoted(added.title)} is added to the plan as an agreed outcome.")
            else:
                messages.success(
                    request,
                    f"{quoted(added.title)} is proposed. The coordinators and chairs will agree it with the "
                    "partners, usually at a meeting.",
                )
            return redirect(_outcome_url(slug, added.pk))
    intro = OUTCOME_INTRO
    if not manage:
        intro += " Coordinators and chairs then agree it with the partners, usually at a meeting."
    return _form_page(
        request,
        partnership,
        membership,
        form,
        title="Add an outcome" if manage else "Propose an outcome",
        caption="The work plan",
        back_href=_plan_url(slug),
        intro=intro,
    )


def outcome_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, visiting_experts=True)
    require_manager(membership)
    found = _outcome(partnership, pk)
    form = OutcomeForm(posted(request), instance=found, partnership=partnership, submit="Save the outcome")
    return _change_page(
        request,
        partnership,
        membership,
        form,
        save=lambda: services.outcome_save(
            outcome=found, by=request.user, **form.service_fields(), **form.links()
        ),
        noun="outcome",
        back=_outcome_url(slug, pk),
        title="Change the outcome",
        caption=found.title,
        intro=OUTCOME_INTRO,
    )


def outcome_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, visiting_experts=True)
    require_manager(membership)
    found = _outcome(partnership, pk)
    back = _outcome_url(slug, pk)
    count = Task.objects.filter(outcome=found).count()
    if request.method == "POST":
        try:
            services.outcome_remove(outcome=found, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
        messages.success(request, f"{quoted(found.title)} is taken out of the plan.")
        return redirect(_plan_url(slug))
    if count:
        return render(
            request,
            "workplan/plan/outcome_remove_blocked.html",
            _context(
                partnership,
                membership,
                outcome=found,
                count_words=has_tasks_words(count),
                count=count,
                back_href=back,
                status_href=reverse("workplan:outcome_status", kwargs={"slug": slug, "pk": pk}),
            ),
        )
    return render(
        request,
        "confirm.html",
        _context(
            partnership,
            membership,
            title="Take this outcome out of the plan?",
            body=f"{quoted(found.title)}, its themes, comments and suggestions will be removed. It has no "
            "tasks. To keep it on record instead, change its status to \u201cNo longer in the plan\u201d.",
            button="Take the outcome out",
            cancel_href=back,
        ),
    )


def outcome_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, visiting_experts=True)
    require_manager(membership)
    found = _outcome(partnership, pk)
    form = OutcomeStatusForm(posted(request), partnership=partnership, initial={"status": found.status})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            changed = services.outcome_status(
                outcome=found,
                by=request.user,
                status=data["status"],
                reason=data["reason"],
                decision=data.get("decision"),
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            if changed:
                messages.success(request, f"{quoted(found.title)} is now: {_status_words(found).lower()}.")
            else:
                messages.info(request, f"{quoted(found.title)} already had that status. Nothing was changed.")
            return redirect(_outcome_url(slug, pk))
    return _form_page(
        request,
        partnership,
        membership,
        form,
        title="Agree the outcome, or take it out of the plan",
        caption=found.title,
        back_href=_outcome_url(slug, pk),
        intro=f"It is now: {_status_words(found).lower()}. An outcome taken out of the plan stays on record, "
        "with why.",
    )


def outcome_comment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, visiting_experts=True)
    require_partner(membership)
    found = _outcome(partnership, pk)
    back = _outcome_url(slug, pk) + "#comments"
    form = CommentForm(posted(request))
    if form.is_bound and form.is_valid():
        if not first_time(form, request):
            return already_saved(request, back)
        try:
            services.comment_add(
                outcome=found, by=request.user, kind=form.cleaned_data["kind"], text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            not_saved(form, request)
            service_errors(form, error)
        else:
            kind = "suggestion" if form.cleaned_data["kind"] == Comment.Kind.SUGGESTION else "comment"
            messages.success(request, f"Thank you. Your {kind} is added.")
            return redirect(back)
    return _form_page(
        request,
        partnership,
        membership,
        form,
        title="Comment or suggest a change",
        caption=found.title,
        back_href=_outcome_url(slug, pk),
        intro="Everyone in the partnership sees what you write, with your name. Your access needs stay "
        "private unless you write them here.",
    )


# ---------------------------------------------------------------- themes


def _theme(partnership, pk: int) -> Theme:
    return get_object_or_404(Theme.objects.select_related("outcome"), partnership=partnership, pk=pk)


def theme_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, visiting_experts=True)
    require_manager(membership)
    found = _outcome(partnership, pk)
    back = _outcome_url(slug, pk)
    form = ThemeAddForm(posted(request), partnership=partnership, submit="Add the theme")
    return _add_page(
        request,
        partnership,
        membership,
        form,
        add=lambda: services.theme_add(outcome=found, by=request.user, **form.service_fields()),
        said=lambda theme: (
            f"The theme {quoted(theme.title)} is added, last in the order. Its place is not "
            "agreed until the partners agree the order."
        ),
        back=back,
        to=lambda theme: f"{back}#theme-{theme.pk}",
        title="Add a theme",
        caption=found.title,
        intro="A theme (or priority) is a part of the work. The partners agree the order to tackle the "
        "themes in.",
    )


def theme_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, visiting_experts=True)
    require_manager(membership)
    theme = _theme(partnership, pk)
    back = _outcome_url(slug, theme.outcome_id) + f"#theme-{theme.pk}"
    form = ThemeForm(posted(request), instance=theme, partnership=partnership, submit="Save the theme")
    return _change_page(
        request,
        partnership,
        membership,
        form,
        save=lambda: services.theme_save(theme=theme, by=request.user, **form.service_fields()),
        noun="theme",
        back=back,
        title="Change the theme",
        caption=theme.outcome.title,
    )


def theme_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, visiting_experts=True)
    require_manager(membership)
    theme = _theme(partnership, pk)
    back = _outcome_url(slug, theme.outcome_id)
    count = Task.objects.filter(theme=theme).count()
    if count == 0 and request.method == "POST" and "move_to" not in request.POST:
        try:
            services.theme_remove(theme=theme, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(reverse("workplan:theme_remove", kwargs={"slug": slug, "pk": pk}))
        messages.success(request, f"The theme {quoted(theme.title)} is taken out.")
        return redirect(back)
    if count == 0 and request.method != "POST":
        return render(
            request,
            "confirm.html",
            _context(
                partnership,
                membership,
                title=f"Take the theme {quoted(theme.title)} out?",
                body="It has no tasks. The other themes keep their order.",
                button="Take the theme out",
                cancel_href=back,
            ),
        )
    others = list(
        Theme.objects.filter(outcome_id=theme.outcome_id).exclude(pk=theme.pk).order_by("position", "pk")
    )
    form = ThemeRemoveForm(posted(request), others=others, count=count)
    if form.is_bound and form.is_valid():
        move_to = form.chosen()
        try:
            moved = services.theme_remove(theme=theme, by=request.user, move_to=move_to)
        except ValidationError as error:
            service_errors(form, error)
        else:
            where = f"to {quoted(move_to.title)}" if move_to else "out of any theme, and stay in the outcome"
            messages.success(
                request,
                f"The theme {quoted(theme.title)} is taken out. Its {has_tasks_words(moved)} moved {where}.",
            )
            return redirect(back)
    return render(
        request,
        "workplan/plan/theme_remove.html",
        _context(
            partnership, membership, form=form, theme=theme, count=count, back_href=back, no_theme=NO_THEME
        ),
    )


def theme_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, visiting_experts=True)
    require_manager(membership)
    theme = _theme(partnership, pk)
    themes = list(
        Theme.objects.filter(outcome_id=theme.outcome_id)
        .select_related("order_decision")
        .order_by("position", "pk")
    )
    agreed = agreed_decision(themes)
    place = next(n for n, t in enumerate(themes, start=1) if t.pk == theme.pk)
    from_plan = (request.POST.get("back") or request.GET.get("back")) == "plan"
    back = (_plan_url(slug) if from_plan else _outcome_url(slug, theme.outcome_id)) + f"#theme-{theme.pk}"
    form = ThemeMoveForm(
        posted(request), initial={"place": place, "confirmed": "yes", "back": "plan" if from_plan else ""}
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        up = data["direction"] == "up"
        if agreed is not None and not data.get("confirmed"):
            # A button on the plan: the order was agreed, so say what this changes and ask why, first.
            form = ThemeMoveForm(
                initial={
                    "direction": data["direction"],
                    "place": data.get("place") or place,
                    "confirmed": "yes",
                    "back": "plan" if from_plan else "",
                }
            )
        else:
            try:
                words = services.theme_move(
                    theme=theme,
                    up=up,
                    by=request.user,
                    reason=data["reason"],
                    expected_place=data.get("place"),
                )
            except MoveRefused as refused:
                messages.info(request, str(refused))
            else:
                messages.success(request, f"Moved: {words}.")
            return redirect(back)
    return render(
        request,
        "workplan/plan/theme_move.html",
        _context(
            partnership,
            membership,
            form=form,
            theme=theme,
            place_words=ordinal(place),
            count=len(themes),
            agreed=agreed,
            back_href=back,
        ),
    )


# ---------------------------------------------------------------- outputs


def _task(partnership, pk: int) -> Task:
    return get_object_or_404(Task.objects.select_related("outcome"), partnership=partnership, pk=pk)


def _output(partnership, pk: int) -> Output:
    return get_object_or_404(
        Output.objects.select_related("task", "task__outcome"), partnership=partnership, pk=pk
    )


def _after_output(slug: str, task: Task) -> str:
    return _outcome_url(slug, task.outcome_id) + f"#task-{task.pk}"


def output_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, visiting_experts=True)
    task = _task(partnership, pk)
    require_task_updater(membership, task)
    back = _after_output(slug, task)
    form = OutputAddForm(posted(request), partnership=partnership, submit="Add the output")
    return _add_page(
        request,
        partnership,
        membership,
        form,
        add=lambda: services.output_add(task=task, by=request.user, **form.service_fields()),
        said=lambda output: f"{quoted(task.title)} will produce {quoted(output.title)}.",
        back=back,
        title="Add an output",
        caption=task.title,
        intro="An output is what the task produces: a training course, a guide, a report.",
    )


def output_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, visiting_experts=True)
    output = _output(partnership, pk)
    require_task_updater(membership, output.task)
    back = _after_output(slug, output.task)
    form = OutputForm(posted(request), instance=output, partnership=partnership, submit="Save the output")
    return _change_page(
        request,
        partnership,
        membership,
        form,
        save=lambda: services.output_save(output=output, by=request.user, **form.service_fields()),
        noun="output",
        back=back,
        title="Change the output",
        caption=output.task.title,
    )


def output_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, visiting_experts=True)
    output = _output(partnership, pk)
    require_task_updater(membership, output.task)
    back = _after_output(slug, output.task)
    if request.method == "POST":
        services.output_remove(output=output, by=request.user)
        messages.success(
            request, f"{quoted(output.task.title)} will no longer produce {quoted(output.title)}."
        )
        return redirect(back)
    return render(
        request,
        "confirm.html",
        _context(
            partnership,
            membership,
            title=f"Take the output {quoted(output.title)} out?",
            body=f"{quoted(output.task.title)} will no longer say it produces it. The task itself stays.",
            button="Take the output out",
            cancel_href=back,
        ),
    )


def urlpatterns(prefix: str) -> list:
    return [
        path(prefix + "", plan, name="plan"),
        path(prefix + "outcomes/add/", outcome_add, name="outcome_add"),
        path(prefix + "outcomes/<int:pk>/", outcome, name="outcome"),
        path(prefix + "outcomes/<int:pk>/edit/", outcome_edit, name="outcome_edit"),
        path(prefix + "outcomes/<int:pk>/remove/", outcome_remove, name="outcome_remove"),
        path(prefix + "outcomes/<int:pk>/status/", outcome_status, name="outcome_status"),
        path(prefix + "outcomes/<int:pk>/comment/", outcome_comment, name="outcome_comment"),
        path(prefix + "outcomes/<int:pk>/themes/add/", theme_add, name="theme_add"),
        path(prefix + "themes/<int:pk>/edit/", theme_edit, name="theme_edit"),
        path(prefix + "themes/<int:pk>/remove/", theme_remove, name="theme_remove"),
        path(prefix + "themes/<int:pk>/move/", theme_move, name="theme_move"),
        path(prefix + "tasks/<int:pk>/outputs/add/", output_add, name="output_add"),
        path(prefix + "outputs/<int:pk>/edit/", output_edit, name="output_edit"),
        path(prefix + "outputs/<int:pk>/remove/", output_remove, name="output_remove"),
    ]
