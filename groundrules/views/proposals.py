"""Proposals for the ground rules: the list (open ones first, then those decided or withdrawn), the starter
suggestions, proposing a rule (from a suggestion, or a change to a rule, or taking one out), a proposal's page
with its responses and comments, responding Yes / Not sure / No, commenting, changing and withdrawing a
proposal, and a coordinator recording a response given on paper, by phone or in person.

Observers and visiting experts read the current version only: observers get 403 here, visiting experts 404.
"""

from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse

from coproduction.access import is_read_only, partnership_access
from coproduction.easy_read.pictures import picture_choices
from coproduction.forms import already_saved, first_time, not_saved, posted, service_errors
from coproduction.pagination import paginate
from coproduction.params import parse_int, query_int
from coproduction.rows import row_url

from ..forms.proposals import CommentForm, ProposalAddForm, ProposalForm, RecordResponseForm, ResponseForm
from ..models import Proposal, Response
from ..permissions import MANAGING_ROLES, may_manage
from ..services import proposals as services
from ..services.rules import settings_for, with_words

PAGE_SIZE = 20


# ---------------------------------------------------------------- helpers


def _partner(request: HttpRequest, slug: str, **kwargs):
    """Partners only: 404 for visiting experts and outsiders (the access helper), 403 for observers."""
    partnership, membership = partnership_access(request, slug, **kwargs)
    if is_read_only(membership):
        raise PermissionDenied
    return partnership, membership


def _list_url(slug: str) -> str:
    return reverse("groundrules:proposals", kwargs={"slug": slug})


def _detail_url(slug: str, pk: int) -> str:
    return reverse("groundrules:proposal_detail", kwargs={"slug": slug, "pk": pk})


def _proposal(partnership, pk: int) -> Proposal:
    proposal = get_object_or_404(
        Proposal.objects.select_related("proposed_by", "agenda_item", "agenda_item__meeting", "decided_in"),
        partnership=partnership,
        pk=pk,
    )
    proposal.partnership = partnership  # the one the access helper read: no query for it
    return proposal


def _may_change(proposal: Proposal, membership, user) -> bool:
    return proposal.is_open and (may_manage(membership) or proposal.proposed_by_id == user.pk)


def _days(proposal: Proposal, partnership) -> int:
    return proposal.notice_days or partnership.papers_notice_days


def _shown(thing, *, words: str, easy_words: str, picture, reference: str) -> SimpleNamespace:
    """As the include "coproduction/easy_read/_words.html" reads a point."""
    return SimpleNamespace(
        text=words, easy_read_text=easy_words, easy_picture=picture, reference=reference, thing=thing
    )


def proposed_by_words(proposal: Proposal) -> str:
    """ "Proposed by Chloe, written with her support worker"."""
    name = proposal.proposed_by.display_name if proposal.proposed_by else "a former partner"
    helped = proposal.helped_write.strip()
    if not helped:
        return f"Proposed by {name}"
    if helped.lower().startswith(("written", "with", "helped")):
        return f"Proposed by {name}, {helped[0].lower()}{helped[1:]}"
    return f"Proposed by {name}. Who helped write it: {helped}"


# ---------------------------------------------------------------- the list


def proposals(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = _partner(request, slug)
    open_rows = list(services.open_proposals(partnership, request.user))
    page = paginate(request, services.closed_proposals(partnership, request.user), PAGE_SIZE)
    detail_url = row_url("groundrules:proposal_detail", slug)
    meeting_url = row_url("meetings:meeting_detail", slug)
    for proposal in [*open_rows, *page.object_list]:
        proposal.detail_url = detail_url(proposal.pk)
        proposal.by_words = proposed_by_words(proposal)
        proposal.meeting = proposal.agenda_item.meeting if proposal.agenda_item_id else None
        if proposal.meeting:
            proposal.meeting_url = meeting_url(proposal.meeting.pk)
        if proposal.status_changed_at:
            proposal.changed_day = services.day_words(proposal.status_changed_at, partnership)
    return render(
        request,
        "groundrules/proposals/list.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": "groundrules",
            "open_rows": open_rows,
            "page": page,
            "nothing": not open_rows and not page.paginator.count,
            "may_manage": may_manage(membership),
        },
    )


# ---------------------------------------------------------------- the starter suggestions


def suggestions(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = _partner(request, slug)
    items = services.suggestions(partnership)
    found = picture_choices([item.easy_read_picture for item in items], partnership)
    add_url = reverse("groundrules:proposal_add", kwargs={"slug": slug})
    for item in items:
        item.number = item.index + 1
        item.propose_url = f"{add_url}?suggestion={item.index}"
        item.shown = _shown(
            item,
            words=item.words,
            easy_words=item.easy_read_text,
            picture=found.get(item.easy_read_picture),
            reference=f"suggestion {item.number}",
        )
    return render(
        request,
        "groundrules/proposals/suggestions.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": "groundrules",
            "items": items,
        },
    )


# ---------------------------------------------------------------- proposing


def _add_context(request: HttpRequest, partnership, rules: dict) -> tuple[dict, list[str], object, bool]:
    """What the address asks for: a suggestion to start from, or a rule to change or take out. Returns the
    form's initial values, problems to say on the page, the rule asked about (or None) and whether to ask
    for the days of the papers notice."""
    initial = {"kind": Proposal.Kind.ADD}
    problems = []
    rule = None
    notice = False
    index = query_int(request, "suggestion", minimum=0)
    if "suggestion" in request.GET:
        item = services.suggestion(index, partnership) if index is not None else None
        if item is None:
            problems.append("There is no suggestion like that. Write your own rule, or choose a suggestion.")
        else:
            initial.update(text=item.text, easy_read_text=item.easy_read_text)
            initial["easy_read_picture"] = item.easy_read_picture
            notice = item.uses_papers_notice
    for kind in (Proposal.Kind.CHANGE, Proposal.Kind.REMOVE):
        if kind not in request.GET:
            continue
        key = query_int(request, kind, minimum=0)
        if not rules:
            problems.append(services.NO_RULES_YET)
        elif key not in rules:
            problems.append(services.RULE_NOT_FOUND)
        else:
            rule = rules[key]
            initial.update(kind=kind, rule_key=key)
            notice = rule.uses_papers_notice and kind == Proposal.Kind.CHANGE
            if kind == Proposal.Kind.CHANGE:
                initial.update(
                    text=rule.text,
                    easy_read_text=rule.easy_read_text,
                    easy_read_picture=rule.easy_read_picture,
                    in_practice=rule.in_practice,
                )
        break
    if notice:
        initial["notice_days"] = partnership.papers_notice_days
    return initial, problems, rule, notice


def proposal_add(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = _partner(request, slug)
    rules = services.rules_by_key(partnership)
    initial, problems, rule, notice = _add_context(request, partnership, rules)
    data = posted(request)
    if data is not None and not notice:
        # The rule chosen on the form may be the papers notice rule: ask for its days when it is.
        chosen = rules.get(parse_int(data.get("rule_key"), minimum=0))
        notice = bool(chosen and chosen.uses_papers_notice and data.get("kind") == Proposal.Kind.CHANGE)
    form = ProposalAddForm(data, initial=initial, partnership=partnership, rules=rules, notice=notice)
    if form.is_bound and form.is_valid():
        if not first_time(form, request):
            return already_saved(request, _list_url(slug))
        kind = form.cleaned_data["kind"]
        try:
            proposal = services.proposal_add(
                partnership=partnership,
                by=request.user,
                kind=kind,
                rule_key=form.cleaned_data.get("rule_key") if kind != Proposal.Kind.ADD else None,
                # A new rule is the papers notice rule only when it starts from that suggestion (a change
                # of the rule keeps it so in the service; nothing else borrows it).
                uses_papers_notice=notice
                and kind == Proposal.Kind.ADD
                and "suggestion" in request.GET
                and not any(k in request.GET for k in (Proposal.Kind.CHANGE, Proposal.Kind.REMOVE)),
                **form.service_fields(),
            )
        except ValidationError as error:
            not_saved(form, request)
            service_errors(form, error)
        else:
            messages.success(
                request, "Your proposal is sent. The partners can now say Yes, Not sure or No, and comment."
            )
            return redirect(_detail_url(slug, proposal.pk))
    if rule is not None:
        rule.picture = picture_choices([rule.easy_read_picture], partnership).get(rule.easy_read_picture)
    return render(
        request,
        "groundrules/proposals/form.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": "groundrules",
            "form": form,
            "title": "Propose a rule",
            "problems": problems,
            "rule": rule,
            "adding": True,
            "back_href": _list_url(slug),
            "suggestions_href": reverse("groundrules:suggestions", kwargs={"slug": slug}),
        },
    )


def proposal_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = _partner(request, slug)
    proposal = _proposal(partnership, pk)
    if not (may_manage(membership) or proposal.proposed_by_id == request.user.pk):
        raise PermissionDenied
    if not proposal.is_open:
        try:
            services.require_open(proposal, "changes")
        except ValidationError as error:
            messages.info(request, error.messages[0])
        return redirect(_detail_url(slug, pk))
    initial = {
        name: getattr(proposal, name)
        for name in ("text", "easy_read_text", "easy_read_picture", "in_practice", "helped_write", "why")
    }
    initial["notice_days"] = proposal.notice_days or partnership.papers_notice_days
    form = ProposalForm(
        posted(request),
        initial=initial,
        partnership=partnership,
        rules={},
        notice=proposal.uses_papers_notice and proposal.kind != Proposal.Kind.REMOVE,
        editing=True,
        kind=proposal.kind,
        submit="Save the proposal",
    )
    if form.is_bound and form.is_valid():
        try:
            services.proposal_edit(proposal=proposal, **form.service_fields())
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "The proposal is changed.")
            return redirect(_detail_url(slug, pk))
    responded = Response.objects.filter(proposal=proposal).count()
    # The rule a change or removal is about, as it reads now, beside the form.
    rule = None
    if proposal.kind != Proposal.Kind.ADD:
        rule = services.rules_by_key(partnership).get(proposal.rule_key)
        if rule is not None:
            rule.picture = picture_choices([rule.easy_read_picture], partnership).get(rule.easy_read_picture)
    return render(
        request,
        "groundrules/proposals/form.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": "groundrules",
            "form": form,
            "title": "Change the proposal",
            "proposal": proposal,
            "rule": rule,
            "responded": responded,
            "problems": [],
            "back_href": _detail_url(slug, pk),
        },
    )


def proposal_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = _partner(request, slug)
    proposal = _proposal(partnership, pk)
    if not (may_manage(membership) or proposal.proposed_by_id == request.user.pk):
        raise PermissionDenied
    back = _detail_url(slug, pk)
    if not proposal.is_open:
        try:
            services.require_open(proposal, "changes")
        except ValidationError as error:
            messages.info(request, error.messages[0])
        return redirect(back)
    if request.method == "POST":
        try:
            services.proposal_withdraw(proposal=proposal)
        except ValidationError as error:
            messages.info(request, error.messages[0])
        else:
            messages.success(request, "The proposal is withdrawn. It is no longer under discussion.")
        return redirect(back)
    words = proposal.text.strip() or proposal.get_kind_display()
    return render(
        request,
        "confirm.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": "groundrules",
            "title": "Withdraw this proposal?",
            "body": f"\u201c{words}\u201d. The partners will no longer be able to respond or comment. The "
            "responses and comments so far are kept.",
            "button": "Withdraw the proposal",
            "cancel_href": back,
        },
    )


# ---------------------------------------------------------------- a proposal's page


def _detail_page(
    request: HttpRequest,
    partnership,
    membership,
    proposal: Proposal,
    *,
    response_form=None,
    comment_form=None,
) -> HttpResponse:
    slug = partnership.slug
    with_words(proposal, days=_days(proposal, partnership))
    rule = None
    if proposal.kind != Proposal.Kind.ADD:
        rule = services.rules_by_key(partnership).get(proposal.rule_key)
        if rule is not None:
            with_words(rule, days=partnership.papers_notice_days)
    codes = [proposal.easy_read_picture, rule.easy_read_picture if rule else ""]
    found = picture_choices(codes, partnership)
    proposal.shown = _shown(
        proposal,
        words=proposal.words,
        easy_words=proposal.easy_words,
        picture=found.get(proposal.easy_read_picture),
        reference="the proposed rule",
    )
    if rule is not None:
        rule.shown = _shown(
            rule,
            words=rule.words,
            easy_words=rule.easy_words,
            picture=found.get(rule.easy_read_picture),
            reference="the rule now",
        )
    anonymous = settings_for(partnership).anonymous_responses
    responses = list(proposal.responses.select_related("person", "recorded_by").order_by("answered_at", "pk"))
    counts = dict.fromkeys(Response.Answer.values, 0)
    mine = None
    for response in responses:
        counts[response.answer] += 1
        response.recorded_words = services.recorded_words(response)
        response.before_change = bool(
            proposal.words_changed_at and response.answered_at < proposal.words_changed_at
        )
        if response.person_id == request.user.pk:
            mine = response
    manage = may_manage(membership)
    if response_form is None:
        initial = {"answer": mine.answer, "reason": mine.reason} if mine else None
        response_form = ResponseForm(initial=initial, submit="Change my answer" if mine else "Send my answer")
    comment_form = comment_form or CommentForm()
    response_form.helper.form_action = reverse(
        "groundrules:proposal_respond", kwargs={"slug": slug, "pk": proposal.pk}
    )
    comment_form.helper.form_action = reverse(
        "groundrules:proposal_comment", kwargs={"slug": slug, "pk": proposal.pk}
    )
    comments = list(proposal.comments.select_related("author"))
    for comment in comments:
        comment.day = services.day_words(comment.created_at, partnership)
    closed_message = ""
    if not proposal.is_open:
        try:
            services.require_open(proposal)
        except ValidationError as error:
            closed_message = error.messages[0]
    errors_form = response_form if response_form.errors else comment_form if comment_form.errors else None
    return render(
        request,
        "groundrules/proposals/detail.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": "groundrules",
            "proposal": proposal,
            "rule": rule,
            "by_words": proposed_by_words(proposal),
            "created_day": services.day_words(proposal.created_at, partnership),
            "changed_words": services.changed_after_words(proposal),
            "meeting": proposal.agenda_item.meeting if proposal.agenda_item_id else None,
            "anonymous": anonymous,
            "responses": responses,
            "with_reasons": [r for r in responses if r.reason.strip()],
            "counts": SimpleNamespace(
                yes=counts["yes"], not_sure=counts["not_sure"], no=counts["no"], all=len(responses)
            ),
            "mine": mine,
            "response_form": response_form,
            "comment_form": comment_form,
            "errors_form": errors_form,
            "comments": comments,
            "closed_message": closed_message,
            "may_change": _may_change(proposal, membership, request.user),
            "manage": manage,
            "waiting": list(services.not_responded(proposal)) if manage and proposal.is_open else [],
            "back_href": _list_url(slug),
        },
    )


def proposal_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = _partner(request, slug)
    proposal = _proposal(partnership, pk)
    return _detail_page(request, partnership, membership, proposal)


def proposal_respond(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = _partner(request, slug)
    proposal = _proposal(partnership, pk)
    if request.method != "POST":
        return redirect(_detail_url(slug, pk))
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            response = services.respond(
                proposal, request.user, form.cleaned_data["answer"], form.cleaned_data["reason"]
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(
                request, f"Your answer is saved: {response.get_answer_display()}. You can change it any time "
                "while the proposal is under discussion."
            )  # fmt: skip
            return redirect(_detail_url(slug, pk) + "#your-answer")
    return _detail_page(request, partnership, membership, proposal, response_form=form)


def proposal_comment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = _partner(request, slug)
    proposal = _proposal(partnership, pk)
    if request.method != "POST":
        return redirect(_detail_url(slug, pk))
    form = CommentForm(request.POST)
    if form.is_valid():
        if not first_time(form, request):
            return already_saved(request, _detail_url(slug, pk) + "#comments")
        try:
            services.comment_add(proposal=proposal, author=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            not_saved(form, request)
            service_errors(form, error)
        else:
            messages.success(request, "Your comment is added.")
            return redirect(_detail_url(slug, pk) + "#comments")
    return _detail_page(request, partnership, membership, proposal, comment_form=form)


def proposal_record(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=MANAGING_ROLES)
    proposal = _proposal(partnership, pk)
    back = _detail_url(slug, pk)
    if not proposal.is_open:
        try:
            services.require_open(proposal)
        except ValidationError as error:
            messages.info(request, error.messages[0])
        return redirect(back)
    form = RecordResponseForm(posted(request), people=services.partner_people(partnership))
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.respond(
                proposal,
                data["person"],
                data["answer"],
                data["reason"],
                recorded_by=request.user,
                how=data["how"],
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(
                request, f"{data['person'].display_name}\u2019s response is recorded: "
                f"{Response.Answer(data['answer']).label}."
            )  # fmt: skip
            return redirect(back)
    return render(
        request,
        "form_page.html",
        {
            "partnership": partnership,
            "membership": membership,
            "nav": "groundrules",
            "form": form,
            "title": "Record a response given on paper or by phone",
            "intro": f"For the proposal \u201c{(proposal.text.strip() or proposal.get_kind_display())[:200]}"
            "\u201d. If the person has responded already, this changes their answer.",
            "back_href": back,
        },
    )


def urlpatterns(prefix: str) -> list:
    return [
        path(prefix + "proposals/", proposals, name="proposals"),
        path(prefix + "proposals/suggestions/", suggestions, name="suggestions"),
        path(prefix + "proposals/add/", proposal_add, name="proposal_add"),
        path(prefix + "proposals/<int:pk>/", proposal_detail, name="proposal_detail"),
        path(prefix + "proposals/<int:pk>/respond/", proposal_respond, name="proposal_respond"),
        path(prefix + "proposals/<int:pk>/comment/", proposal_comment, name="proposal_comment"),
        path(prefix + "proposals/<int:pk>/change/", proposal_edit, name="proposal_edit"),
        path(prefix + "proposals/<int:pk>/withdraw/", proposal_withdraw, name="proposal_withdraw"),
        path(prefix + "proposals/<int:pk>/record/", proposal_record, name="proposal_record"),
    ]
