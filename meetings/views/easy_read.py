"""Easy read for this meeting: the coordinator or a chair sees every point of the pack that needs easy read
words, writes them with a picture (guidance shown as they type), and records the check with people who use
easy read. Everything here needs the chair power (coordinators have it too)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone

from coproduction.easy_read.guidance import GOOD_READING_EASE, glossary_in, guidance
from coproduction.easy_read.pictures import picture_choices
from coproduction.forms import already_saved, first_time, posted

from ..forms.easy_read import EasyReadCheckForm, EasyReadPointForm
from ..permissions import meeting_access
from ..services import easy_read as services

NAV = "meetings"


def _context(partnership, membership, meeting, **extra) -> dict:
    return {"partnership": partnership, "membership": membership, "meeting": meeting, "nav": NAV, **extra}


def easy_read_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership, meeting, _ = meeting_access(request, slug, pk, power="chair")
    ready = services.readiness(meeting)
    pictures = picture_choices([p.easy_read_picture for p in ready.points], partnership)
    texts = [p.easy_read_text for p in ready.points if not p.missing]
    sections = [
        {
            "kind": kind,
            "title": title,
            "rows": [
                {"point": p, "picture": pictures.get(p.easy_read_picture)}
                for p in ready.points
                if p.kind == kind
            ],
        }
        for kind, title in services.SECTIONS.items()
    ]
    checks = list(meeting.easy_read_checks.select_related("recorded_by").order_by("-created_at", "-pk"))
    overall = guidance("\n".join(texts)) if texts else None
    return render(
        request,
        "meetings/easy_read/page.html",
        _context(
            partnership,
            membership,
            meeting,
            readiness=ready,
            sections=sections,
            checks=checks,
            overall=overall,
            good_score=GOOD_READING_EASE,
            glossary_terms=glossary_in(partnership, texts),
        ),
    )


def easy_read_point(request: HttpRequest, slug: str, pk: int, kind: str, point_id: int) -> HttpResponse:
    partnership, membership, meeting, _ = meeting_access(request, slug, pk, power="chair")
    try:
        point = services.point_get(meeting, kind, point_id)
    except LookupError:
        raise Http404 from None
    form = EasyReadPointForm(
        posted(request),
        initial={"easy_read_text": point.easy_read_text, "easy_read_picture": point.easy_read_picture},
        partnership=partnership,
    )
    page_href = reverse("meetings:easy_read", kwargs={"slug": slug, "pk": meeting.pk})
    if request.method == "POST" and form.is_valid() and "check" not in request.POST:
        services.easy_read_save(
            point=point,
            text=form.cleaned_data["easy_read_text"],
            picture=form.cleaned_data["easy_read_picture"],
            by=request.user,
        )
        messages.success(request, f"The easy read words for {point.name} are saved.")
        return redirect(page_href)
    return render(
        request,
        "meetings/easy_read/point.html",
        _context(
            partnership,
            membership,
            meeting,
            form=form,
            point=point,
            checking="check" in request.POST,
            back_href=page_href,
        ),
    )


def easy_read_check(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership, meeting, _ = meeting_access(request, slug, pk, power="chair")
    form = EasyReadCheckForm(posted(request))
    page_href = reverse("meetings:easy_read", kwargs={"slug": slug, "pk": meeting.pk})
    if request.method == "POST" and form.is_valid():
        if not first_time(form, request):
            return already_saved(request, page_href)
        services.easy_read_check_record(
            meeting=meeting,
            checked_by=form.cleaned_data["checked_by"],
            checked_on=form.cleaned_data["checked_on"],
            notes=form.cleaned_data["notes"],
            recorded_by=request.user,
        )
        messages.success(request, "The check with people who use easy read is recorded.")
        return redirect(page_href)
    return render(
        request,
        "form_page.html",
        _context(
            partnership,
            membership,
            meeting,
            form=form,
            title="Record a check with people who use easy read",
            intro=f"People who use easy read read the easy read pack for \u201c{meeting.title}\u201d "
            f"({dateformat.format(timezone.localtime(meeting.starts_at), 'j F Y')}) and said it was clear, "
            "or what to change.",
            back_href=page_href,
        ),
    )
