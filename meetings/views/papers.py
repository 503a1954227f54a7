"""Papers: files for a meeting's agenda items, and the partnership's background library.

Meeting papers follow the meeting: anyone who may see the meeting may read them (a visiting expert only for
the meeting they are invited to); its coordinators, chairs and minute-takers add and replace them. The
library is for the whole partnership (visiting experts get 404) and anyone but an observer may add to it.
Files are only ever served by these views, after the access check.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from coproduction.access import partnership_access
from coproduction.forms import already_saved, first_time, not_saved
from coproduction.pagination import paginate
from coproduction.params import query_int

from ..forms.papers import BslVideoForm, LargePrintForm, PaperForm, PaperVersionForm
from ..models import Meeting, Paper, PaperVersion
from ..permissions import meeting_access
from ..services import papers as services
from ..services.paper_large_print import large_print_source, paper_large_print_make
from ..uploads import private_file_response


def _bound(request: HttpRequest):
    return (request.POST, request.FILES) if request.method == "POST" else ()


def _form_page(request: HttpRequest, context: dict, form, *, title: str, intro: str, back_href: str):
    return render(
        request,
        "form_page.html",
        {**context, "form": form, "title": title, "intro": intro, "back_href": back_href},
    )


def _download(version: PaperVersion) -> HttpResponse:
    """Images open in the browser; everything else downloads under the name it was uploaded with."""
    if version.is_video:
        raise Http404("A BSL video is a link: the paper's page links to it.")
    return private_file_response(
        version.file,
        content_type=version.content_type,
        filename=version.original_name,
        as_attachment=not version.content_type.startswith("image/"),
    )


def _upload_failed(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# ---------------------------------------------------------------- meeting papers


def _meeting(request: HttpRequest, slug: str, pk: int, *, write: bool = False):
    partnership, membership, meeting, powers = meeting_access(request, slug, pk)
    can_add = services.can_add_meeting_papers(membership, powers)
    if write and not can_add:
        raise PermissionDenied
    context = {
        "partnership": partnership,
        "membership": membership,
        "meeting": meeting,
        "can_add": can_add,
        "nav": "meetings",
    }
    return partnership, meeting, context


def paper_list(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, meeting, context = _meeting(request, slug, pk)
    return render(
        request,
        "meetings/papers/list.html",
        {**context, "groups": services.meeting_papers_by_item(meeting)},
    )


def paper_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, meeting, context = _meeting(request, slug, pk, write=True)
    initial = {}
    item = query_int(request, "item", minimum=1)  # "?item=²" is no item, not a crash
    if item is not None:
        initial["agenda_item"] = item
    form = PaperForm(*_bound(request), meeting=meeting, initial=initial)
    list_url = reverse("meetings:paper_list", kwargs={"slug": slug, "pk": meeting.pk})
    if request.method == "POST" and form.is_valid():
        if not first_time(form, request):
            return already_saved(request, list_url)
        try:
            paper = services.paper_add(
                partnership=partnership,
                meeting=meeting,
                agenda_item=form.cleaned_data["agenda_item"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                format=form.cleaned_data["format"],
                checked=form.checked,
                uploaded_by=request.user,
            )
        except ValidationError as error:
            not_saved(form, request)
            _upload_failed(form, error)
        else:
            messages.success(request, f"The paper \u201c{paper.title}\u201d is uploaded.")
            return redirect(list_url)
    return _form_page(
        request,
        context,
        form,
        title=f"Add a paper for {meeting.title}",
        intro="Papers go out with the meeting pack. Everyone invited to the meeting can read them.",
        back_href=list_url,
    )


def _meeting_paper(partnership, meeting: Meeting, paper_pk: int) -> Paper:
    return get_object_or_404(
        Paper.objects.select_related("agenda_item"), partnership=partnership, meeting=meeting, pk=paper_pk
    )


def paper_detail(request: HttpRequest, slug: str, pk: int, paper_pk: int) -> HttpResponse:
    partnership, meeting, context = _meeting(request, slug, pk)
    paper = _meeting_paper(partnership, meeting, paper_pk)
    make = reverse("meetings:paper_large_print", kwargs={"slug": slug, "pk": pk, "paper_pk": paper.pk})
    return _detail_page(request, context, paper, make_href=make)


def paper_large_print(request: HttpRequest, slug: str, pk: int, paper_pk: int) -> HttpResponse:
    partnership, meeting, context = _meeting(request, slug, pk, write=True)
    paper = _meeting_paper(partnership, meeting, paper_pk)
    detail = reverse("meetings:paper_detail", kwargs={"slug": slug, "pk": pk, "paper_pk": paper.pk})
    return _large_print_make(request, paper, detail)


def paper_version_add(request: HttpRequest, slug: str, pk: int, paper_pk: int) -> HttpResponse:
    partnership, meeting, context = _meeting(request, slug, pk, write=True)
    paper = _meeting_paper(partnership, meeting, paper_pk)
    detail = reverse("meetings:paper_detail", kwargs={"slug": slug, "pk": pk, "paper_pk": paper.pk})
    return _version_add_page(request, context, paper, detail)


def paper_download(request: HttpRequest, slug: str, pk: int, paper_pk: int, version_pk: int) -> HttpResponse:
    partnership, meeting, _ = _meeting(request, slug, pk)
    version = get_object_or_404(
        PaperVersion,
        partnership=partnership,
        paper__meeting=meeting,
        paper_id=paper_pk,
        pk=version_pk,
    )
    return _download(version)


# ---------------------------------------------------------------- the background library


def _library(request: HttpRequest, slug: str, *, write: bool = False):
    partnership, membership = partnership_access(
        request, slug, roles=services.LIBRARY_CONTRIBUTORS if write else None
    )
    context = {
        "partnership": partnership,
        "membership": membership,
        "meeting": None,
        "can_add": services.can_add_to_library(membership),
        "nav": "library",
    }
    return partnership, context


def library(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, context = _library(request, slug)
    papers = services.papers_with_versions(
        Paper.objects.filter(partnership=partnership, meeting__isnull=True).order_by("title", "pk")
    )
    page = paginate(request, papers)
    return render(
        request,
        "meetings/papers/library.html",
        {**context, "page": page, "rows": services.paper_rows(page.object_list)},
    )


def library_add(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, context = _library(request, slug, write=True)
    form = PaperForm(*_bound(request), meeting=None)
    library_url = reverse("meetings:library", kwargs={"slug": slug})
    if request.method == "POST" and form.is_valid():
        if not first_time(form, request):
            return already_saved(request, library_url)
        try:
            paper = services.paper_add(
                partnership=partnership,
                meeting=None,
                agenda_item=None,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                format=form.cleaned_data["format"],
                checked=form.checked,
                uploaded_by=request.user,
            )
        except ValidationError as error:
            not_saved(form, request)
            _upload_failed(form, error)
        else:
            messages.success(request, f"\u201c{paper.title}\u201d is added to the library.")
            return redirect(library_url)
    return _form_page(
        request,
        context,
        form,
        title="Add to the background library",
        intro="Background information helps everyone take part as equals. Anyone in the partnership can "
        "read what you add.",
        back_href=library_url,
    )


def _library_paper(partnership, paper_pk: int) -> Paper:
    return get_object_or_404(Paper, partnership=partnership, meeting__isnull=True, pk=paper_pk)


def library_paper_detail(request: HttpRequest, slug: str, paper_pk: int) -> HttpResponse:
    partnership, context = _library(request, slug)
    paper = _library_paper(partnership, paper_pk)
    make = reverse("meetings:library_large_print", kwargs={"slug": slug, "paper_pk": paper.pk})
    return _detail_page(request, context, paper, make_href=make)


def library_large_print(request: HttpRequest, slug: str, paper_pk: int) -> HttpResponse:
    partnership, context = _library(request, slug, write=True)
    paper = _library_paper(partnership, paper_pk)
    detail = reverse("meetings:library_paper_detail", kwargs={"slug": slug, "paper_pk": paper.pk})
    return _large_print_make(request, paper, detail)


def library_version_add(request: HttpRequest, slug: str, paper_pk: int) -> HttpResponse:
    partnership, context = _library(request, slug, write=True)
    paper = _library_paper(partnership, paper_pk)
    detail = reverse("meetings:library_paper_detail", kwargs={"slug": slug, "paper_pk": paper.pk})
    return _version_add_page(request, context, paper, detail)


def library_download(request: HttpRequest, slug: str, paper_pk: int, version_pk: int) -> HttpResponse:
    partnership, _ = _library(request, slug)
    version = get_object_or_404(
        PaperVersion,
        partnership=partnership,
        paper__meeting__isnull=True,
        paper_id=paper_pk,
        pk=version_pk,
    )
    return _download(version)


# ---------------------------------------------------------------- shared pages


def _detail_page(request: HttpRequest, context: dict, paper: Paper, *, make_href: str) -> HttpResponse:
    history = services.version_history(paper, all_of=request.GET.get("versions", ""))
    versions = [version for group in history for version in group.versions]
    has_large_print = any(v.format == PaperVersion.Format.LARGE_PRINT for v in versions)
    source = large_print_source(versions)
    return render(
        request,
        "meetings/papers/detail.html",
        {
            **context,
            "paper": paper,
            "history": history,
            "has_large_print": has_large_print,
            "bsl_video": services.newest_bsl_video(versions),
            # Only a Word or plain text paper can be set again in large print here; otherwise ask the author.
            "large_print_form": LargePrintForm(action=make_href, again=has_large_print)
            if source is not None and context["can_add"]
            else None,
        },
    )


def _large_print_make(request: HttpRequest, paper: Paper, detail_href: str) -> HttpResponse:
    """POST only: make the large print version, then back to the paper's page with what happened."""
    if request.method != "POST":
        return redirect(detail_href)
    form = LargePrintForm(request.POST, action="")
    if not form.is_valid():
        messages.error(request, "Something went wrong with the button. Press it again.")
        return redirect(detail_href)
    if not first_time(form, request):
        return already_saved(request, detail_href)
    try:
        made = paper_large_print_make(paper=paper, made_by=request.user)
    except ValidationError as error:
        not_saved(form, request)
        messages.error(request, " ".join(error.messages))
        return redirect(detail_href)
    note = (
        f" {made.pictures_left_out} picture{'s were' if made.pictures_left_out != 1 else ' was'} left out: "
        "check whether the paper still makes sense without them."
        if made.pictures_left_out
        else ""
    )
    messages.success(
        request,
        f"The large print version of \u201c{paper.title}\u201d is made: version {made.version.number}, "
        f"listed below.{note}",
    )
    return redirect(detail_href)


def _version_add_page(request: HttpRequest, context: dict, paper: Paper, detail_href: str) -> HttpResponse:
    # "Add a large print version" (from the Send page, say) arrives with ?format=large_print chosen already.
    asked = request.GET.get("format", "")
    if asked == PaperVersion.Format.BSL_VIDEO:
        return _bsl_video_page(request, context, paper, detail_href)
    initial = {"format": asked} if asked in PaperVersion.Format.values else {}
    form = PaperVersionForm(*_bound(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        if not first_time(form, request):
            return already_saved(request, detail_href)
        try:
            version = services.paper_version_add(
                paper=paper,
                format=form.cleaned_data["format"],
                checked=form.checked,
                uploaded_by=request.user,
            )
        except ValidationError as error:
            not_saved(form, request)
            _upload_failed(form, error)
        else:
            messages.success(
                request,
                f"Version {version.number} ({version.get_format_display().lower()}) of "
                f"\u201c{paper.title}\u201d is uploaded. Earlier versions are kept.",
            )
            return redirect(detail_href)
    return _form_page(
        request,
        context,
        form,
        title=f"Upload a new version of {paper.title}",
        intro="The new file becomes the current one. Earlier versions stay listed on the paper's page.",
        back_href=detail_href,
    )


def _bsl_video_page(request: HttpRequest, context: dict, paper: Paper, detail_href: str) -> HttpResponse:
    """The paper in BSL, as a link to a video (the same address as a new version, with ?format=bsl_video)."""
    form = BslVideoForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if not first_time(form, request):
            return already_saved(request, detail_href)
        try:
            version = services.paper_bsl_video_add(
                paper=paper, video_url=form.cleaned_data["video_url"], added_by=request.user
            )
        except ValidationError as error:
            not_saved(form, request)
            _upload_failed(form, error)
        else:
            replaced = " It replaces the earlier one, which is kept." if version.number > 1 else ""
            messages.success(
                request,
                f"The BSL video of \u201c{paper.title}\u201d is added: people can watch it in BSL.{replaced}",
            )
            return redirect(detail_href)
    return _form_page(
        request,
        context,
        form,
        title=f"Add a BSL video of {paper.title}",
        intro="Partners whose language is British Sign Language can watch the paper in BSL. The paper's page "
        "and the meeting pack link to the video.",
        back_href=detail_href,
    )
