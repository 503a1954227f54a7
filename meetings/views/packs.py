"""Sending the meeting pack (a confirmation page, then the send) and the coordinator's print and post list."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from coproduction.forms import already_saved, first_time, posted
from coproduction.printing import VARIANT_LABELS, VARIANTS

from ..forms.packs import PackSendForm, PackTickForm
from ..models import Meeting
from ..permissions import meeting_access
from ..services import packs
from ..services.access_plan import may_see_bookings


def _print_list_url(meeting: Meeting) -> str:
    return reverse("meetings:pack_print_list", kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk})


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def pack_send(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership, meeting, powers = meeting_access(request, slug, pk, power="manage")
    context = {"partnership": partnership, "membership": membership, "meeting": meeting, "nav": "meetings"}
    try:
        packs.pack_send_check(meeting)
    except ValidationError as error:
        return render(
            request,
            "meetings/packs/message.html",
            {**context, "title": "The meeting pack cannot be sent", "message": " ".join(error.messages)},
        )
    # The meeting's deliveries once, for who had it, the latest send and the first (the deadline); its agenda
    # once, for "no agenda yet" and the easy read pack's points.
    deliveries = packs.delivery_facts(meeting)
    latest = packs.latest_delivery(deliveries)
    last_delivery, last_sent = (latest.pk, latest.sent_at) if latest else (None, None)
    prefetch_related_objects([meeting], "agenda_items")
    plans = packs.pack_plans(meeting, deliveries=deliveries)
    new = [plan for plan in plans if plan.last_sent is None]
    readiness = packs.pack_readiness(meeting, plans)
    form = PackSendForm(
        posted(request),
        already_sent=_when(last_sent) if last_sent else "",
        new_count=len(new),
        everyone_count=len(plans),
        last_delivery=last_delivery,
        anyway_label=packs.send_anyway_label(readiness),
    )
    if request.method == "POST" and form.is_valid():
        if not first_time(form, request):
            return already_saved(request, meeting.get_absolute_url())
        try:
            report = packs.pack_send(
                meeting=meeting,
                by=request.user,
                everyone=form.everyone,
                seen=form.seen_delivery,
                base_url=request.build_absolute_uri("/"),
                anyway=form.anyway,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(meeting.get_absolute_url())
        messages.success(request, report.summary())
        return redirect(_print_list_url(meeting) if report.for_coordinator else meeting.get_absolute_url())
    return render(
        request,
        "meetings/packs/send.html",
        {
            **context,
            "form": form,
            "plans": plans,
            "last_sent": last_sent,
            "deliveries": packs.newest_first(deliveries),
            "new_count": len(new),
            "no_agenda": not meeting.agenda_items.all(),
            "deadline": packs.deadline_status_from(
                meeting, (deliveries[0].sent_at, deliveries[0].late) if deliveries else None
            ),
            "not_ready": packs.not_ready(readiness),
            "to_look_at": [state for state in readiness.values() if state.warnings],
            "back_href": meeting.get_absolute_url(),
        },
    )


def pack_print_list(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership, meeting, powers = meeting_access(request, slug, pk, power="manage")
    if request.method == "POST":
        # A tick on one row: posted, contacted or called. Back to the list either way, with a message.
        form = PackTickForm(request.POST)
        form.is_valid()
        try:
            delivery = packs.delivery_tick(
                meeting=meeting,
                delivery_pk=form.delivery_pk,
                what=form.cleaned_data.get("what", ""),
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            name = delivery.person.display_name if delivery.person else "a former partner"
            messages.success(request, f"Recorded for {name}.")
        return redirect(_print_list_url(meeting))
    to_print = packs.print_list(meeting)
    variants = {variant for variant, _, _ in to_print.counts}
    if to_print.on_request:
        variants.add("standard")  # what a braille or audio service works from
    downloads = [
        (VARIANT_LABELS[variant], packs.pdf_path(meeting, variant))
        for variant in VARIANTS
        if variant in variants
    ]
    return render(
        request,
        "meetings/packs/print_list.html",
        {
            "partnership": partnership,
            "membership": membership,
            "meeting": meeting,
            "nav": "meetings",
            "print_list": to_print,
            "downloads": downloads,
            "send_href": reverse("meetings:pack_send", kwargs={"slug": slug, "pk": meeting.pk}),
            "tick_action": _print_list_url(meeting),
        },
    )


def pack_sent(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Who was sent the meeting pack, in what, how and when. The format each person was sent can tell what
    they need, so only those who see needs by name open it (`may_see_bookings`: coordinators, chairs, the
    meeting's chairs); the Send page shows the same list to the coordinators, who send it."""
    partnership, membership, meeting, powers = meeting_access(request, slug, pk)
    if not may_see_bookings(membership, meeting, chairs_meeting=powers.chair):
        raise PermissionDenied
    return render(
        request,
        "meetings/packs/sent.html",
        {
            "partnership": partnership,
            "membership": membership,
            "meeting": meeting,
            "nav": "meetings",
            "deliveries": packs.newest_first(packs.delivery_facts(meeting)),
        },
    )
