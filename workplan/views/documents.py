"""The printed plan in standard, large print and easy read (PDF and web), and putting "Work plan: what is
late, what is next" on a meeting's agenda.

Everyone who can read the plan prints it, visiting experts too. Only coordinators and chairs put the item on
an agenda (403 for other members, 404 for visiting experts and outsiders).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse

from coproduction.access import partnership_access
from coproduction.forms import already_saved, first_time, not_saved, posted, service_errors
from coproduction.middleware import inline_style_sources
from coproduction.params import query_int_or_404
from coproduction.printing import parts_response

from ..forms.documents import AgendaAddForm
from ..permissions import MANAGING_ROLES
from ..services import documents


def _plan_href(slug: str) -> str:
    return reverse("workplan:plan", kwargs={"slug": slug})


# ---------------------------------------------------------------- the printed plan


def print_pdf(request: HttpRequest, slug: str, variant: str) -> HttpResponse:
    """The plan as a PDF, made in the request and kept by the print pipeline; for an easy read plan printed
    in parts, the part asked for (`?part=2`) or a page listing them."""
    partnership, membership = partnership_access(request, slug, visiting_experts=True)
    part = query_int_or_404(request, "part", minimum=1)
    parts = documents.plan_pdf(documents.plan_context(partnership, variant), variant)
    return parts_response(
        request,
        part,
        parts,
        {"partnership": partnership, "membership": membership, "meeting": None, "nav": "workplan"},
        title=f"{documents.document_title(partnership)}, in easy read, in {len(parts)} parts",
        back_href=_plan_href(slug),
    )


def print_web(request: HttpRequest, slug: str, variant: str) -> HttpResponse:
    """The plan as an accessible web page: the same HTML as the PDF."""
    partnership, _ = partnership_access(request, slug, visiting_experts=True)
    context = documents.plan_context(partnership, variant)
    context.update(
        back_href=_plan_href(slug),
        back_label="Back to the work plan",
        pdf_href=reverse("workplan:print_pdf", kwargs={"slug": slug, "variant": variant}),
        display_classes=request.user.html_classes(),  # the person's text size and contrast
    )
    html = documents.plan_html(context, variant)
    response = HttpResponse(html)
    response["Cache-Control"] = "private, no-cache"
    # The page carries its variant's stylesheet inline (the PDF's own markup): allow exactly that, by hash.
    response._csp_update = {"style-src": inline_style_sources(html)}
    return response


# ---------------------------------------------------------------- the agenda item


def agenda_add(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=MANAGING_ROLES)
    meetings = documents.agenda_meetings(partnership)
    choices = list(meetings)
    initial = {}
    free = next((m for m in choices if not m.has_plan_item), None)
    if free is not None:
        initial["meeting"] = free.pk
    form = AgendaAddForm(posted(request), meetings=meetings, initial=initial)
    if form.is_bound and form.is_valid():
        meeting = form.cleaned_data["meeting"]
        if not first_time(form, request):
            return already_saved(request, reverse("meetings:agenda", kwargs={"slug": slug, "pk": meeting.pk}))
        try:
            item = documents.agenda_add(meeting=meeting, by=request.user)
        except ValidationError as error:
            not_saved(form, request)
            service_errors(form, error)
        else:
            messages.success(
                request,
                f"\u201c{item.title}\u201d is on the agenda of {meeting.title} "
                f"({documents.meeting_day(meeting)}). Its list is in the meeting pack.",
            )
            return redirect("meetings:agenda", slug=slug, pk=meeting.pk)
    return render(
        request,
        "workplan/documents/agenda_add.html",
        {
            "partnership": partnership,
            "membership": membership,
            "form": form,
            "has_meetings": bool(choices),
            "all_have_it": bool(choices) and free is None,
            "item_title": documents.AGENDA_TITLE,
            "plan_href": _plan_href(slug),
            "nav": "workplan",
        },
    )


def urlpatterns(prefix: str, variants=()) -> list:
    return [
        path(prefix + "agenda/", agenda_add, name="agenda_add"),
        *(path(f"{prefix}print/{v}.pdf", print_pdf, {"variant": v}, name="print_pdf") for v in variants),
        *(path(f"{prefix}print/{v}/", print_web, {"variant": v}, name="print_web") for v in variants),
    ]
