"""A meeting's documents and the partnership's action log: PDFs to download and print, and the same documents
as web pages. Anyone who may see the meeting may read its documents (a visiting expert only for the meeting
they are invited to); the action log is for the whole partnership, so visiting experts get 404 there."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from coproduction.access import partnership_access
from coproduction.params import query_int_or_404
from coproduction.printing import VARIANT_LABELS, parts_response

from ..models import Meeting, PrintJob
from ..services import documents as services
from ..services import print_jobs


def _part(request: HttpRequest) -> int | None:
    """The part asked for (`?part=2`), None when none was asked for; 404 for anything else."""
    return query_int_or_404(request, "part", minimum=1)


def _not_ready(request: HttpRequest, job: PrintJob, context: dict, *, label: str, web_href: str):
    """The document is being made in the background, or could not be made: a plain page saying so, with the
    web version (ready at once) and a way back. Nothing refreshes by itself; the person reloads when ready."""
    failed = job.status == PrintJob.Status.FAILED
    response = render(
        request,
        "print_failed.html" if failed else "meetings/documents/preparing.html",
        {
            **context,
            "label": label,
            "variant_label": VARIANT_LABELS.get(job.variant, job.variant),
            "web_href": web_href,
            "here": request.get_full_path(),
            "job": job,
        },
        # 202: accepted, not made yet. 503: not available now, try later.
        status=503 if failed else 202,
    )
    response["Cache-Control"] = "private, no-cache"
    return response


def _web_page(
    request: HttpRequest,
    context: dict,
    document: str,
    variant: str,
    *,
    back_href: str,
    back_label: str,
    pdf_href: str,
):
    """The document's own complete web page (the same HTML the PDF is made from, with its language, title,
    one main landmark and the variant's stylesheet), with a way back and a link to the PDF at the top."""
    context = {**context, "back_href": back_href, "back_label": back_label, "pdf_href": pdf_href}
    if request.user.is_authenticated:  # the person's text size and contrast, as on every other page
        context["display_classes"] = request.user.html_classes()
    response = HttpResponse(services.document_html(context, document, variant))
    response["Cache-Control"] = "private, no-cache"
    return response


# ---------------------------------------------------------------- a meeting's documents


def _meeting(
    request: HttpRequest, slug: str, pk: int, *, printing: tuple[str, str] | None = None, pack: bool = False
):
    """`permissions.meeting_access` without the caller's powers, which reading a document never needs (they
    cost a query): the meeting through the partnership, 404 for outsiders and for visiting experts not
    invited to it. With what its documents would otherwise ask for one by one: its latest easy read check
    and, when `printing` (document, variant), whether a job for that PDF is unfinished (`print_jobs`); for
    the `pack`, what it reads of the meetings it looks back to (`with_earlier`)."""
    partnership, membership = partnership_access(request, slug, visiting_experts=True)
    meetings = services.with_latest_check(
        Meeting.objects.select_related("venue", "partnership", "minutes").visible_to(membership)
    )
    if pack:
        meetings = services.with_earlier(meetings)
    if printing is not None:
        document, variant = printing
        meetings = print_jobs.with_pending_jobs(
            meetings, document=document, variant=variant, viewer_membership=membership
        )
    meeting = get_object_or_404(meetings, partnership=partnership, pk=pk)
    return partnership, membership, meeting


def document_pdf(request: HttpRequest, slug: str, pk: int, document: str, variant: str) -> HttpResponse:
    partnership, membership, meeting = _meeting(
        request, slug, pk, printing=(document, variant), pack=document == "pack"
    )
    part = _part(request)
    context = {"partnership": partnership, "membership": membership, "meeting": meeting, "nav": "meetings"}
    made = print_jobs.meeting_document_files(
        meeting=meeting,
        document=document,
        variant=variant,
        viewer_membership=membership,
        pending=meeting.print_pending,
    )
    if isinstance(made, PrintJob):
        return _not_ready(
            request,
            made,
            {**context, "back_href": meeting.get_absolute_url()},
            label=services.DOCUMENT_LABELS[document],
            web_href=reverse(
                "meetings:document_web",
                kwargs={"slug": slug, "pk": meeting.pk, "document": document, "variant": variant},
            ),
        )
    return parts_response(
        request,
        part,
        made,
        context,
        title=f"{services.DOCUMENT_LABELS[document]} in easy read, in {len(made)} parts",
        back_href=meeting.get_absolute_url(),
    )


def document_web(request: HttpRequest, slug: str, pk: int, document: str, variant: str) -> HttpResponse:
    partnership, membership, meeting = _meeting(request, slug, pk, pack=document == "pack")
    return _web_page(
        request,
        services.document_context(meeting, document, variant, membership),
        document,
        variant,
        back_href=meeting.get_absolute_url(),
        back_label=f"Back to the meeting page: {meeting.title}",
        pdf_href=reverse(
            "meetings:document_pdf",
            kwargs={"slug": slug, "pk": meeting.pk, "document": document, "variant": variant},
        ),
    )


# ---------------------------------------------------------------- the partnership's action log


def action_log_pdf(request: HttpRequest, slug: str, variant: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug)
    part = _part(request)
    context = {"partnership": partnership, "membership": membership, "meeting": None, "nav": "action_points"}
    back_href = reverse("meetings:action_list", kwargs={"slug": slug})
    made = print_jobs.action_log_files(partnership=partnership, variant=variant)
    if isinstance(made, PrintJob):
        return _not_ready(
            request,
            made,
            {**context, "back_href": back_href},
            label="Action log",
            web_href=reverse("meetings:action_log_web", kwargs={"slug": slug, "variant": variant}),
        )
    return parts_response(
        request,
        part,
        made,
        context,
        title=f"Action log in easy read, in {len(made)} parts",
        back_href=back_href,
    )


def action_log_web(request: HttpRequest, slug: str, variant: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug)
    return _web_page(
        request,
        services.action_log_context(partnership, variant),
        "actions",
        variant,
        back_href=reverse("meetings:action_list", kwargs={"slug": slug}),
        back_label="Back to action points",
        pdf_href=reverse("meetings:action_log_pdf", kwargs={"slug": slug, "variant": variant}),
    )
