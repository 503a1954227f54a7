"""The agreed versions of the ground rules: the current version (everyone reads it, observers and visiting
experts too), all versions, one version, comparing two, the printed documents in each variant, and the ground
rules settings (coordinators and chairs).

A published version never changes: there is no form that edits one, and its "change" address says so.
Observers read the current version only (403 elsewhere); visiting experts too (404 elsewhere).
"""

from types import SimpleNamespace

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse

from coproduction.access import is_read_only, partnership_access
from coproduction.easy_read.pictures import picture_choices
from coproduction.forms import posted
from coproduction.pagination import paginate
from coproduction.params import query_int_or_404
from coproduction.printing import VARIANT_LABELS, VARIANTS, parts_response
from coproduction.rows import row_url
from partners.models import Role

from ..forms.settings import RulesSettingsForm
from ..models import RulesVersion
from ..permissions import MANAGING_ROLES
from ..services import documents
from ..services.rules import compare, current_version, days_for, settings_for

PAGE_SIZE = 20

NEVER_CHANGES = (
    "A published version of the ground rules never changes. To change a rule, propose a change, and the "
    "partners will agree a new version at a meeting."
)
SAME_VERSION = "These are the same version: choose two different versions to compare."


# ---------------------------------------------------------------- helpers


def _reader(request: HttpRequest, slug: str):
    """The versions pages beyond the current one: 404 for visiting experts and outsiders, 403 for
    observers."""
    partnership, membership = partnership_access(request, slug)
    if is_read_only(membership):
        raise PermissionDenied
    return partnership, membership


def _versions(partnership):
    return RulesVersion.objects.filter(partnership=partnership).select_related("meeting", "decision")


def _version(partnership, number: int) -> RulesVersion:
    return get_object_or_404(_versions(partnership), partnership=partnership, number=number)


def _with_partnership(version: RulesVersion, partnership) -> RulesVersion:
    version.partnership = partnership  # the one read by the access helper: no query for it
    return version


def _print_links(slug: str, version: RulesVersion, *, current: bool) -> list[documents.PrintLink]:
    links = []
    for variant in VARIANTS:
        kwargs = {"slug": slug, "variant": variant}
        if current:
            pdf = reverse("groundrules:current_pdf", kwargs=kwargs)
            web = reverse("groundrules:current_web", kwargs=kwargs)
        else:
            kwargs["number"] = version.number
            pdf = reverse("groundrules:version_pdf", kwargs=kwargs)
            web = reverse("groundrules:version_web", kwargs=kwargs)
        links.append(documents.PrintLink(variant, VARIANT_LABELS[variant], pdf, web))
    return links


def _rules_for_page(version: RulesVersion, partnership, days: int) -> list:
    """The version's rules, numbered, with each easy read picture for the page (two queries at most)."""
    rules = documents.numbered_rules(version, days=days)
    found = picture_choices([rule.easy_read_picture for rule in rules], partnership)
    for rule in rules:
        # As the include "coproduction/easy_read/_words.html" reads a point: the words people read (the
        # papers notice rule with its days), the picture, and how the hidden words name it.
        rule.shown = SimpleNamespace(
            text=rule.words,
            easy_read_text=rule.easy_words,
            easy_picture=found.get(rule.easy_read_picture),
            reference=f"rule {rule.number}",
        )
    return rules


def _version_page(
    request: HttpRequest,
    partnership,
    membership,
    version: RulesVersion,
    current: RulesVersion | None,
    *,
    template: str,
    next_version: RulesVersion | None = None,
) -> HttpResponse:
    _with_partnership(version, partnership)
    is_current = current is not None and current.pk == version.pk
    rules = _rules_for_page(version, partnership, days_for(version, current=current))
    facts = documents.version_facts(version, current=current, next_version=next_version)
    slug = partnership.slug
    return render(
        request,
        template,
        {
            "partnership": partnership,
            "membership": membership,
            "version": version,
            "facts": facts,
            "rules": rules,
            "is_current": is_current,
            "print_links": _print_links(slug, version, current=is_current),
            "reads_all": not is_read_only(membership),
            "may_manage": membership.role in MANAGING_ROLES,
            "meeting_href": reverse(
                "meetings:meeting_detail", kwargs={"slug": slug, "pk": version.meeting_id}
            ),
            "decision_href": reverse(
                "meetings:decision_detail", kwargs={"slug": slug, "pk": version.decision_id}
            ),
            "proposals_href": reverse("groundrules:proposals", kwargs={"slug": slug}),
            "suggestions_href": reverse("groundrules:suggestions", kwargs={"slug": slug}),
            "nav": "groundrules",
        },
    )


# ---------------------------------------------------------------- the current version and one version


def current(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, visiting_experts=True)
    version = current_version(partnership)
    if version is None:
        return render(
            request,
            "groundrules/versions/none_yet.html",
            {
                "partnership": partnership,
                "membership": membership,
                "reads_all": not is_read_only(membership),
                "proposals_href": reverse("groundrules:proposals", kwargs={"slug": slug}),
                "suggestions_href": reverse("groundrules:suggestions", kwargs={"slug": slug}),
                "nav": "groundrules",
            },
        )
    return _version_page(
        request, partnership, membership, version, version, template="groundrules/versions/current.html"
    )


def version_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug)
    version = _version(partnership, number)
    newer = list(_versions(partnership).filter(number__gt=number).order_by("number")[:1])
    if newer and is_read_only(membership):
        raise PermissionDenied  # observers read the current version only
    latest = current_version(partnership) if newer else version
    return _version_page(
        request,
        partnership,
        membership,
        version,
        latest,
        template="groundrules/versions/detail.html",
        next_version=newer[0] if newer else None,
    )


def version_edit(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """A published version never changes: GET and POST both get a page saying so, and nothing is saved."""
    partnership, membership = _reader(request, slug)
    version = _version(partnership, number)
    return render(
        request,
        "groundrules/versions/never_changes.html",
        {
            "partnership": partnership,
            "membership": membership,
            "version": version,
            "message": NEVER_CHANGES,
            "propose_href": reverse("groundrules:proposal_add", kwargs={"slug": slug}),
            "nav": "groundrules",
        },
    )


# ---------------------------------------------------------------- all versions


def versions(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = _reader(request, slug)
    rows = _versions(partnership).annotate(rules_count=Count("rules")).order_by("-number")
    page = paginate(request, rows, PAGE_SIZE)
    version_url = row_url("groundrules:version_detail", slug, key="number")
    meeting_url = row_url("meetings:meeting_detail", slug)
    decision_url = row_url("meetings:decision_detail", slug)
    for version in page.object_list:
        version.detail_url = version_url(version.number)
        version.meeting_url = meeting_url(version.meeting_id)
        version.decision_url = decision_url(version.decision_id)
    return render(
        request,
        "groundrules/versions/list.html",
        {
            "partnership": partnership,
            "membership": membership,
            "page": page,
            "nav": "groundrules",
        },
    )


# ---------------------------------------------------------------- comparing two versions


class CompareForm(forms.Form):
    def __init__(self, *args, numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(n), f"Version {n}") for n in numbers]
        for name, label in (("from", "Compare from"), ("to", "Compare with")):
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=choices,
                coerce=int,
                error_messages={
                    "required": f"Choose a version to {label.lower()}.",
                    "invalid_choice": "Choose a version from the list: there is no version with that number.",
                },
            )


def version_compare(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = _reader(request, slug)
    numbers = list(
        RulesVersion.objects.filter(partnership=partnership)
        .order_by("-number")
        .values_list("number", flat=True)
    )
    asked = "from" in request.GET or "to" in request.GET
    if asked:
        data = request.GET
    elif len(numbers) >= 2:  # the previous version and the current one
        data = {"from": str(numbers[1]), "to": str(numbers[0])}
    else:
        data = None
    form = CompareForm(data, numbers=numbers)
    comparison = before = after = None
    same = False
    if form.is_bound and form.is_valid():
        first, second = form.cleaned_data["from"], form.cleaned_data["to"]
        if first == second:
            same = True
        else:
            found = {v.number: v for v in _versions(partnership).filter(number__in=[first, second])}
            latest = numbers[0]
            before, after = found[first], found[second]
            current = before if before.number == latest else after if after.number == latest else None
            before_rules = documents.numbered_rules(
                _with_partnership(before, partnership), days=days_for(before, current=current)
            )
            after_rules = documents.numbered_rules(
                _with_partnership(after, partnership), days=days_for(after, current=current)
            )
            comparison = compare(before_rules, after_rules)
    return render(
        request,
        "groundrules/versions/compare.html",
        {
            "partnership": partnership,
            "membership": membership,
            "form": form,
            "numbers": numbers,
            "comparison": comparison,
            "before": before,
            "after": after,
            "same": same,
            "nav": "groundrules",
        },
    )


# ---------------------------------------------------------------- the printed documents


def _part(request: HttpRequest) -> int | None:
    """The part asked for (`?part=2`, for an easy read document printed in parts), None when none was asked
    for; 404 for anything else."""
    return query_int_or_404(request, "part", minimum=1)


def _pdf(
    request: HttpRequest, partnership, membership, version: RulesVersion, current, variant: str, *, back_href
) -> HttpResponse:
    """The PDF, made in the request (a version of the ground rules is short) and kept by the print pipeline;
    for an easy read document printed in parts, the part asked for or a page listing them."""
    _with_partnership(version, partnership)
    part = _part(request)
    parts = documents.ground_rules_pdf(version, variant, current=current)
    return parts_response(
        request,
        part,
        parts,
        {"partnership": partnership, "membership": membership, "meeting": None, "nav": "groundrules"},
        title=f"Ground rules, version {version.number}, in easy read, in {len(parts)} parts",
        back_href=back_href,
    )


def _web(
    request: HttpRequest, partnership, version: RulesVersion, current, variant: str, *, back_href, pdf_href
) -> HttpResponse:
    _with_partnership(version, partnership)
    context = documents.ground_rules_context(version, variant, current=current)
    context.update(
        back_href=back_href,
        back_label=f"Back to the ground rules, version {version.number}",
        pdf_href=pdf_href,
    )
    if request.user.is_authenticated:  # the person's text size and contrast, as on every other page
        context["display_classes"] = request.user.html_classes()
    response = HttpResponse(documents.ground_rules_html(context, variant))
    response["Cache-Control"] = "private, no-cache"
    return response


def _current_or_404(partnership) -> RulesVersion:
    version = current_version(partnership)
    if version is None:
        raise Http404
    return version


def current_pdf(request: HttpRequest, slug: str, variant: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, visiting_experts=True)
    version = _current_or_404(partnership)
    back_href = reverse("groundrules:current", kwargs={"slug": slug})
    return _pdf(request, partnership, membership, version, version, variant, back_href=back_href)


def current_web(request: HttpRequest, slug: str, variant: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, visiting_experts=True)
    version = _current_or_404(partnership)
    return _web(
        request,
        partnership,
        version,
        version,
        variant,
        back_href=reverse("groundrules:current", kwargs={"slug": slug}),
        pdf_href=reverse("groundrules:current_pdf", kwargs={"slug": slug, "variant": variant}),
    )


def _older(request: HttpRequest, slug: str, number: int):
    """An older version for its documents: observers read the current version only (403)."""
    partnership, membership = partnership_access(request, slug)
    version = _version(partnership, number)
    latest = current_version(partnership)
    if is_read_only(membership) and latest.pk != version.pk:
        raise PermissionDenied
    return partnership, membership, version, latest


def version_pdf(request: HttpRequest, slug: str, number: int, variant: str) -> HttpResponse:
    partnership, membership, version, latest = _older(request, slug, number)
    back_href = reverse("groundrules:version_detail", kwargs={"slug": slug, "number": number})
    return _pdf(request, partnership, membership, version, latest, variant, back_href=back_href)


def version_web(request: HttpRequest, slug: str, number: int, variant: str) -> HttpResponse:
    partnership, _, version, latest = _older(request, slug, number)
    kwargs = {"slug": slug, "number": number}
    return _web(
        request,
        partnership,
        version,
        latest,
        variant,
        back_href=reverse("groundrules:version_detail", kwargs=kwargs),
        pdf_href=reverse("groundrules:version_pdf", kwargs={**kwargs, "variant": variant}),
    )


# ---------------------------------------------------------------- settings


def rules_settings(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=MANAGING_ROLES)
    instance = settings_for(partnership)
    form = RulesSettingsForm(posted(request), instance=instance)
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, "The ground rules settings are saved.")
        return redirect("groundrules:settings", slug=slug)
    return render(
        request,
        "groundrules/versions/settings.html",
        {
            "partnership": partnership,
            "membership": membership,
            "form": form,
            "notice_days": partnership.papers_notice_days,
            "partnership_settings_href": reverse("partners:partnership_edit", kwargs={"slug": slug}),
            "may_change_partnership": membership.role == Role.COORDINATOR,
            "nav": "groundrules",
        },
    )


def urlpatterns(prefix: str, variants) -> list:
    return [
        path(prefix + "", current, name="current"),
        path(prefix + "versions/", versions, name="versions"),
        path(prefix + "versions/compare/", version_compare, name="version_compare"),
        path(prefix + "versions/<int:number>/", version_detail, name="version_detail"),
        path(prefix + "versions/<int:number>/change/", version_edit, name="version_edit"),
        path(prefix + "settings/", rules_settings, name="settings"),
        *(
            path(f"{prefix}print/{variant}.pdf", current_pdf, {"variant": variant}, name="current_pdf")
            for variant in variants
        ),
        *(
            path(f"{prefix}print/{variant}/", current_web, {"variant": variant}, name="current_web")
            for variant in variants
        ),
        *(
            path(
                f"{prefix}versions/<int:number>/print/{variant}.pdf",
                version_pdf,
                {"variant": variant},
                name="version_pdf",
            )
            for variant in variants
        ),
        *(
            path(
                f"{prefix}versions/<int:number>/print/{variant}/",
                version_web,
                {"variant": variant},
                name="version_web",
            )
            for variant in variants
        ),
    ]
