"""The timeline (a list by month first, then a drawn SVG with its table), activities, and the CSV and
iCalendar exports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse

from coproduction.access import partnership_access
from coproduction.forms import already_saved, first_time, not_saved, posted, service_errors
from coproduction.params import query_int
from coproduction.rows import row_url

from ..forms.timeline import MeetingActivityAddForm, MeetingActivityForm, NetworksAddForm, NetworksForm
from ..models import Activity, Task
from ..permissions import MANAGING_ROLES, may_manage
from ..services import exports
from ..services import timeline as services
from ..services.plan import plan_for


def _activities_url(slug: str) -> str:
    return reverse("workplan:activities", kwargs={"slug": slug})


def timeline(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, visiting_experts=True)
    found = services.timeline_for(partnership, membership)
    return render(
        request,
        "workplan/timeline/timeline.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": "workplan",
            "timeline": found,
            "plan": found.plan,
            "markers": services.MARKERS,
            "meeting_shape": services.MEETING_SHAPE,
            "manage": may_manage(membership),
        },
    )


# ---------------------------------------------------------------- activities


def activities(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, visiting_experts=True)
    manage = may_manage(membership)
    found = services.activity_list(partnership, membership)
    task_url = row_url("workplan:task", slug)
    meeting_url = row_url("meetings:meeting_detail", slug)
    edit_url = row_url("workplan:activity_edit", slug)
    remove_url = row_url("workplan:activity_remove", slug)
    for activity in found:
        activity.task_url = task_url(activity.task_id) if activity.task_id else ""
        activity.meeting_url = meeting_url(activity.meeting_id) if activity.meeting_id else ""
        if manage:
            activity.edit_url, activity.remove_url = edit_url(activity.pk), remove_url(activity.pk)
    return render(
        request,
        "workplan/timeline/activities.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": "workplan",
            "activities": found,
            "rhythm": services.rhythm_for(partnership),
            "manage": manage,
        },
    )


def _form_page(request, partnership, membership, form, *, title: str, kind: str) -> HttpResponse:
    return render(
        request,
        "workplan/timeline/activity_form.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": "workplan",
            "form": form,
            "title": title,
            "kind": kind,
            "back_href": _activities_url(partnership.slug),
        },
    )


def _saved(request: HttpRequest, activity: Activity, verb: str) -> None:
    what = activity.title or (activity.meeting.title if activity.meeting else "The activity")
    messages.success(request, f"\u2018{what}\u2019 is {verb}.")
    warning = services.lead_warning(activity, activity.task)
    if warning:
        messages.warning(request, f"{warning}. You may want to start it earlier.")


def _task_for_defaults(request: HttpRequest, partnership) -> Task | None:
    pk = query_int(request, "task", minimum=1)
    return Task.objects.filter(partnership=partnership, pk=pk).first() if pk else None


def activity_add(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=MANAGING_ROLES, visiting_experts=True)
    kind = request.GET.get("kind") or request.POST.get("kind")
    if kind not in Activity.Kind.values:
        return render(
            request,
            "workplan/timeline/activity_choose.html",
            {
                "partnership": partnership,
                "membership": membership,
                "nav": "workplan",
                "back_href": _activities_url(slug),
            },
        )
    if kind == Activity.Kind.MEETING:
        form = MeetingActivityAddForm(posted(request), partnership=partnership, submit="Add to the plan")
        title = "Add a meeting to the plan"
    else:
        task = _task_for_defaults(request, partnership)
        initial = services.networks_defaults(partnership, task)
        if task is not None:
            initial["task"] = task
        form = NetworksAddForm(
            posted(request), partnership=partnership, initial=initial, submit="Add to the plan"
        )
        title = "Add a time to involve our networks"
    if form.is_bound and form.is_valid():
        if not first_time(form, request):
            return already_saved(request, _activities_url(slug))
        try:
            activity = services.activity_add(
                partnership=partnership, by=request.user, kind=kind, **form.service_fields()
            )
        except ValidationError as error:
            not_saved(form, request)
            service_errors(form, error)
        else:
            _saved(request, activity, "added to the plan")
            return redirect(_activities_url(slug))
    return _form_page(request, partnership, membership, form, title=title, kind=kind)


def _activity(partnership, pk: int) -> Activity:
    activity = get_object_or_404(
        Activity.objects.select_related("meeting", "task"), partnership=partnership, pk=pk
    )
    activity.partnership = partnership
    return activity


def activity_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=MANAGING_ROLES, visiting_experts=True)
    activity = _activity(partnership, pk)
    if activity.kind == Activity.Kind.MEETING:
        form = MeetingActivityForm(
            posted(request),
            partnership=partnership,
            activity=activity,
            initial={"meeting": activity.meeting, "task": activity.task, "theme": activity.theme_id},
            submit="Save",
        )
        title = "Change the meeting in the plan"
    else:
        form = NetworksForm(
            posted(request),
            partnership=partnership,
            initial={
                "title": activity.title,
                "description": activity.description,
                "task": activity.task,
                "lead_weeks": activity.lead_weeks
                if activity.lead_weeks is not None
                else services.networks_defaults(partnership, None)["lead_weeks"],
                "starts_on": activity.starts_on,
                "ends_on": activity.ends_on,
            },
            submit="Save",
        )
        title = "Change the time to involve our networks"
    if form.is_bound and form.is_valid():
        try:
            services.activity_save(activity=activity, **form.service_fields())
        except ValidationError as error:
            service_errors(form, error)
        else:
            _saved(request, activity, "saved")
            return redirect(_activities_url(slug))
    return _form_page(request, partnership, membership, form, title=title, kind=activity.kind)


def activity_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=MANAGING_ROLES, visiting_experts=True)
    activity = _activity(partnership, pk)
    what = activity.title or (activity.meeting.title if activity.meeting else "this activity")
    if request.method == "POST":
        services.activity_remove(activity=activity)
        messages.success(request, f"\u2018{what}\u2019 is taken out of the plan.")
        return redirect(_activities_url(slug))
    body = (
        f"\u2018{what}\u2019 will no longer be in the work plan. The meeting itself stays on the meetings "
        "pages."
        if activity.kind == Activity.Kind.MEETING
        else f"\u2018{what}\u2019 will no longer be in the work plan."
    )
    return render(
        request,
        "confirm.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": "workplan",
            "title": "Take this out of the plan?",
            "body": body,
            "button": "Take it out of the plan",
            "cancel_href": _activities_url(slug),
        },
    )


# ---------------------------------------------------------------- exports


def export_csv(request: HttpRequest, slug: str) -> HttpResponse:
    # Everyone who reads the plan may take it away as a file, visiting experts too: it holds nothing the
    # plan page does not show them (no access needs, no meetings).
    partnership, membership = partnership_access(request, slug, visiting_experts=True)
    plan = plan_for(partnership)
    # The byte order mark tells Excel the file is UTF-8, so "Fi’s group" does not come out as "Fiâ€™s group".
    response = HttpResponse("\ufeff" + exports.plan_csv(plan), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{partnership.slug}-work-plan.csv"'
    return response


def export_ics(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, visiting_experts=True)
    plan = plan_for(partnership)
    task_url = row_url("workplan:task", slug)
    text = exports.plan_calendar(
        plan,
        name=f"{partnership.name}: work plan",
        task_url=lambda pk: request.build_absolute_uri(task_url(pk)),
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{partnership.slug}-work-plan.ics"'
    return response


def urlpatterns(prefix: str) -> list:
    return [
        path(prefix + "timeline/", timeline, name="timeline"),
        path(prefix + "activities/", activities, name="activities"),
        path(prefix + "activities/add/", activity_add, name="activity_add"),
        path(prefix + "activities/<int:pk>/edit/", activity_edit, name="activity_edit"),
        path(prefix + "activities/<int:pk>/remove/", activity_remove, name="activity_remove"),
        path(prefix + "export/plan.csv", export_csv, name="export_csv"),
        path(prefix + "export/plan.ics", export_ics, name="export_ics"),
    ]
