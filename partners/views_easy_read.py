"""Easy read pages of a partnership: its own pictures (coordinators add and remove them; members see them)
and its glossary of hard words (everyone sees it; coordinators and chairs change it)."""

import os

from django.apps import apps
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from coproduction.access import partnership_access
from coproduction.easy_read import pictures
from coproduction.forms import posted
from coproduction.pagination import paginate
from coproduction.rows import row_url

from . import services
from .forms_easy_read import DUPLICATE_WORD, GlossaryTermForm, PictureForm
from .models import ROLES_MANAGING, GlossaryTerm, Picture, Role

# The glossary is written by those who prepare easy read: coordinators and chairs.
ROLES_GLOSSARY = frozenset({Role.COORDINATOR, Role.CHAIR})
NAV = "easy_read"


# ---------------------------------------------------------------- pictures


def picture_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug)
    page = paginate(request, Picture.objects.filter(partnership=partnership))
    file_url = row_url("partners:picture_file", partnership.slug)
    delete_url = row_url("partners:picture_delete", partnership.slug)
    for picture in page.object_list:
        picture.url, picture.delete_href = file_url(picture.pk), delete_url(picture.pk)
    return render(
        request,
        "partners/easy_read/picture_list.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": NAV,
            "page": page,
            "bundled_count": len(pictures.bundled()),
            "credit": pictures.CREDIT,
        },
    )


def picture_add(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=ROLES_MANAGING)
    form = PictureForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and form.is_valid():
        picture = services.picture_add(
            partnership=partnership,
            name=form.cleaned_data["name"],
            alt_text=form.cleaned_data["alt_text"],
            prepared=form.prepared,
            uploaded_by=request.user,
        )
        messages.success(
            request, f"The picture \u201c{picture.name}\u201d is added. Location data in it has been removed."
        )
        return redirect("partners:picture_list", slug=partnership.slug)
    return render(
        request,
        "form_page.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": NAV,
            "form": form,
            "title": "Add a picture for easy read",
            "intro": "For example a symbol your partnership has a licence for, or a photo of the venue. "
            "Location data is removed from the picture when you upload it.",
            "back_href": reverse("partners:picture_list", kwargs={"slug": partnership.slug}),
        },
    )


def picture_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=ROLES_MANAGING)
    picture = get_object_or_404(Picture, partnership=partnership, pk=pk)
    list_href = reverse("partners:picture_list", kwargs={"slug": partnership.slug})
    if request.method == "POST":
        services.picture_delete(picture=picture)
        messages.success(request, f"The picture \u201c{picture.name}\u201d is removed.")
        return redirect(list_href)
    return render(
        request,
        "confirm.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": NAV,
            "title": f"Remove the picture \u201c{picture.name}\u201d?",
            "body": "Easy read points and glossary words that use it will have no picture until someone "
            "chooses another.",
            "button": "Remove picture",
            "cancel_href": list_href,
        },
    )


def _on_an_experts_agenda(picture: Picture, membership) -> bool:
    """Whether the agenda of a meeting this visiting expert is invited to shows the picture: the only
    pictures an expert's pack (and so the expert) may see. Looked up by model name, since partners imports
    no other app (DESIGN: imports flow one way)."""
    agenda_item = apps.get_model("meetings", "AgendaItem")
    return agenda_item.objects.filter(
        partnership=picture.partnership_id,
        easy_read_picture=pictures.upload_code(picture),
        meeting__attendances__person_id=membership.person_id,
        meeting__attendances__excluded=False,
    ).exists()


def picture_file(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """The picture itself, only for the partnership's members (and its visiting experts, whose meeting
    papers may show it)."""
    partnership, membership = partnership_access(request, slug, visiting_experts=True)
    picture = get_object_or_404(Picture, partnership=partnership, pk=pk)
    if membership.role == Role.VISITING_EXPERT and not _on_an_experts_agenda(picture, membership):
        raise Http404
    try:
        handle = picture.image.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    extension = os.path.splitext(picture.image.name)[1].lower()
    response = FileResponse(
        handle,
        filename=f"picture-{picture.pk}{extension}",
        content_type="image/jpeg" if extension in {".jpg", ".jpeg"} else "image/png",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response


# ---------------------------------------------------------------- the glossary


def glossary(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug)
    page = paginate(request, GlossaryTerm.objects.filter(partnership=partnership))
    found = pictures.picture_choices([term.picture for term in page.object_list], partnership)
    edit_url = row_url("partners:glossary_edit", partnership.slug)
    delete_url = row_url("partners:glossary_delete", partnership.slug)
    for term in page.object_list:
        term.picture_choice = found.get(term.picture)
        term.edit_href, term.delete_href = edit_url(term.pk), delete_url(term.pk)
    return render(
        request,
        "partners/easy_read/glossary.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": NAV,
            "page": page,
            "may_edit": membership.role in ROLES_GLOSSARY,
            "credit": pictures.credit_for(found),
        },
    )


def glossary_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=ROLES_GLOSSARY)
    term = get_object_or_404(GlossaryTerm, partnership=partnership, pk=pk) if pk else None
    form = GlossaryTermForm(posted(request), instance=term, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved = form.save()
        except IntegrityError:  # the same word added by someone else a moment ago
            form.add_error("word", DUPLICATE_WORD.format(word=form.cleaned_data["word"]))
        else:
            messages.success(request, f"\u201c{saved.word}\u201d is saved in the glossary.")
            return redirect("partners:glossary", slug=partnership.slug)
    return render(
        request,
        "form_page.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": NAV,
            "form": form,
            "title": f"Change \u201c{term.word}\u201d in the glossary"
            if term
            else "Add a word to the glossary",
            "intro": "Easy read documents show each glossary word in bold where it is used, and list the "
            "words with their explanations at the end.",
            "back_href": reverse("partners:glossary", kwargs={"slug": partnership.slug}),
        },
    )


def glossary_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=ROLES_GLOSSARY)
    term = get_object_or_404(GlossaryTerm, partnership=partnership, pk=pk)
    list_href = reverse("partners:glossary", kwargs={"slug": partnership.slug})
    if request.method == "POST":
        term.delete()
        messages.success(request, f"\u201c{term.word}\u201d is removed from the glossary.")
        return redirect(list_href)
    return render(
        request,
        "confirm.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": NAV,
            "title": f"Remove \u201c{term.word}\u201d from the glossary?",
            "body": "Easy read documents will no longer explain this word.",
            "button": "Remove word",
            "cancel_href": list_href,
        },
    )
