"""The minutes of a meeting: reading them, writing them per agenda item, partners' views, sending them for
comments, corrections, approval at the next meeting, unlocking, and their versions."""

from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from coproduction.access import is_read_only
from coproduction.forms import posted
from coproduction.pagination import paginate
from coproduction.params import query_int, query_int_or_404
from partners.models import Membership, Partnership

from ..forms.minutes import (
    CorrectionAcceptForm,
    CorrectionAnswerForm,
    CorrectionForm,
    MinutesApproveForm,
    MinutesForm,
    MinutesUnlockForm,
    PartnerViewChangeForm,
    PartnerViewForm,
    tidy_text,
)
from ..models import Correction, Meeting, Minutes, MinutesVersion, PartnerView, person_name
from ..permissions import meeting_access
from ..services import minutes as services
from ..services.access_plan import may_see_bookings
from ..services.meetings import invited_people

# People who follow a meeting without being one of the partners: they read the minutes, but neither add views
# nor suggest corrections.


def _minutes_url(meeting: Meeting) -> str:
    return reverse("meetings:minutes", kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk})


def _base(partnership: Partnership, membership: Membership, meeting: Meeting, **context) -> dict:
    return {
        "partnership": partnership,
        "membership": membership,
        "meeting": meeting,
        "nav": "meetings",
        **context,
    }


def _form_page(
    request, partnership, membership, meeting, form, *, title: str, intro: str = ""
) -> HttpResponse:
    return render(
        request,
        "form_page.html",
        _base(
            partnership,
            membership,
            meeting,
            form=form,
            title=title,
            intro=intro,
            back_href=_minutes_url(meeting),
        ),
    )


def _message(
    request,
    partnership,
    membership,
    meeting,
    *,
    title: str,
    message: str,
    status: int = 200,
    back_href: str | None = None,
) -> HttpResponse:
    """A plain page that says why something cannot be done, with a way back."""
    return render(
        request,
        "meetings/minutes/message.html",
        _base(
            partnership,
            membership,
            meeting,
            title=title,
            message=message,
            back_href=back_href or _minutes_url(meeting),
        ),
        status=status,
    )


def _locked(request, partnership, membership, meeting) -> HttpResponse:
    return _message(
        request,
        partnership,
        membership,
        meeting,
        title="These minutes are locked",
        message=services.LOCKED_MESSAGE,
    )


def _minutes_to_change(request: HttpRequest, meeting: Meeting) -> Minutes:
    """The minutes, made the first time someone changes them (a POST); a page that only shows a form writes
    nothing and costs no more the first time than the next (`services.minutes_in_hand`)."""
    return services.minutes_for(meeting) if request.method == "POST" else services.minutes_in_hand(meeting)


# ---------------------------------------------------------------- reading


def minutes_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership, meeting, powers = meeting_access(request, slug, pk)
    # Reading writes nothing: minutes nobody has written yet show as a blank draft.
    minutes, following = services.minutes_page_minutes(meeting, with_next=powers.chair)
    items = services.minute_items(meeting, with_text_of=minutes)
    # The chair's notes are working notes for whoever writes the minutes (they may hold things said in
    # passing that the minutes leave out), so only the minute-taker and the chairs see them.
    entries, other = services.minutes_page_items(
        minutes,
        items=items,
        viewer=request.user,
        all_corrections=powers.minutes,
        with_notes=powers.minutes or powers.chair,
        texts={item.pk: item.minute_text for item in items},
    )
    attendee = not is_read_only(membership)
    return render(
        request,
        "meetings/minutes/minutes.html",
        _base(
            partnership,
            membership,
            meeting,
            minutes=minutes,
            entries=entries,
            other=other,
            powers=powers,
            can_write=powers.minutes and not minutes.locked,
            can_add_own_view=attendee and not minutes.locked,
            can_correct=attendee and minutes.status == Minutes.Status.OUT_FOR_COMMENT and not minutes.locked,
            open_corrections=sum(
                1 for e in [*entries, other] for c in e.corrections if c.status == Correction.Status.OPEN
            ),
            has_text=any(e.text for e in entries) or bool(other.text),
            # "Approve the minutes" is offered at the next meeting, once it has started or is today (the first
            # later meeting is the earliest one they can be approved at).
            can_approve=powers.chair
            and minutes.status != Minutes.Status.APPROVED
            and following is not None
            and following.starts_at < services.end_of_today(meeting),
            next_meeting=following if minutes.status == Minutes.Status.OUT_FOR_COMMENT else None,
            # A format by name can reveal a need (large print, easy read), and an address is personal: the
            # list is for those who may see needs by name, as the access plan's bookings are.
            post_list=_post_list(minutes, membership, meeting, powers),
        ),
    )


def _post_list(minutes: Minutes, membership: Membership, meeting: Meeting, powers) -> list:
    if minutes.status != Minutes.Status.OUT_FOR_COMMENT:
        return []
    if not may_see_bookings(membership, meeting, chairs_meeting=powers.chair):
        return []
    return services.minutes_post_list(minutes)  # no query when nobody takes post


# ---------------------------------------------------------------- writing


def minutes_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership, meeting, powers = meeting_access(request, slug, pk, power="minutes")
    # Showing the form writes nothing; saving makes the minutes (at revision 0, as the form was shown).
    minutes = _minutes_to_change(request, meeting)
    if minutes.locked:
        return _locked(request, partnership, membership, meeting)
    items = services.minute_items(meeting)
    conflict = None
    from_notes: set[int] = set()
    if request.method == "POST":
        form = MinutesForm(request.POST, items=items)
        if form.is_valid():
            try:
                services.minutes_save(
                    minutes=minutes,
                    revision=form.cleaned_data["revision"],
                    texts=form.texts(),
                    by=request.user,
                )
            except services.MinutesLocked:
                return _locked(request, partnership, membership, meeting)
            except services.MinutesConflict as clash:
                conflict = clash
                # Keep every word typed, but carry the revision now saved so the next save can go through.
                data = request.POST.copy()
                data["revision"] = str(clash.revision)
                form = MinutesForm(data, items=items)
            else:
                messages.success(request, "The minutes are saved.")
                return redirect(_minutes_url(meeting))
    else:
        texts, from_notes = services.starting_texts(minutes, items)
        form = MinutesForm(
            initial={"revision": minutes.revision}
            | {MinutesForm.field_name(item): texts.get(item.pk, "") for item in items},
            items=items,
        )
    rows = []
    for item in items:
        field = form[MinutesForm.field_name(item)]
        theirs = conflict.theirs.get(item.pk, "") if conflict else None
        same = theirs is not None and tidy_text(field.value() or "") == theirs
        rows.append(
            {
                "item": item,
                "field": field,
                "theirs": theirs,
                "same": same,
                "from_notes": item.pk in from_notes,
            }
        )
    return render(
        request,
        "meetings/minutes/edit.html",
        _base(partnership, membership, meeting, form=form, rows=rows, conflict=conflict, minutes=minutes),
    )


def _partner_view(meeting: Meeting, view_pk: int) -> PartnerView:
    return get_object_or_404(
        PartnerView.objects.select_related("person", "agenda_item", "minutes"),
        partnership_id=meeting.partnership_id,
        minutes__meeting=meeting,
        pk=view_pk,
    )


def partner_view_add(request: HttpRequest, slug: str, pk: int, view_pk: int | None = None) -> HttpResponse:
    """The minute-taker records anyone's view; any partner may add their own.

    At a view's own address (`partner_view`, with `view_pk`): the minute-taker changes or removes it
    (`?remove=1` asks first), and the person quoted confirms it is what they said (a POST with `confirm`)."""
    partnership, membership, meeting, powers = meeting_access(request, slug, pk)
    if not powers.minutes and is_read_only(membership):
        raise PermissionDenied
    if view_pk is not None:
        return _partner_view_page(request, partnership, membership, meeting, powers, view_pk)
    minutes = _minutes_to_change(request, meeting)
    if minutes.locked:
        return _locked(request, partnership, membership, meeting)
    items = services.minute_items(meeting)
    people = [person for person, _ in invited_people(meeting)] if powers.minutes else None
    form = PartnerViewForm(
        posted(request), items=items, people=people, initial={"agenda_item": query_int(request, "item")}
    )
    if request.method == "POST" and form.is_valid():
        person = form.chosen_person() if people is not None else request.user
        try:
            services.partner_view_add(
                minutes=minutes,
                agenda_item=form.cleaned_data["agenda_item"],
                person=person,
                words=form.cleaned_data["words"],
                bsl_video_url=form.cleaned_data["bsl_video_url"],
                by=request.user,
            )
        except services.MinutesLocked:
            return _locked(request, partnership, membership, meeting)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            whose = "Your view" if person.pk == request.user.pk else f"{person.display_name}'s view"
            messages.success(request, f"{whose} is added to the minutes.")
            return redirect(_minutes_url(meeting))
    title = "Add a partner's view to the minutes" if people is not None else "Add your view to the minutes"
    return _form_page(
        request,
        partnership,
        membership,
        meeting,
        form,
        title=title,
        intro=f"{meeting.title}. The view appears in the minutes in the person's own words, with their name.",
    )


def _partner_view_page(request, partnership, membership, meeting, powers, view_pk: int) -> HttpResponse:
    view = _partner_view(meeting, view_pk)
    minutes = view.minutes
    minutes.meeting = meeting
    whose = person_name(view.person)
    if request.method == "POST" and "confirm" in request.POST:
        if view.person_id != request.user.pk:
            raise PermissionDenied
        try:
            services.partner_view_confirm(view=view, person=request.user)
        except services.MinutesLocked:
            return _locked(request, partnership, membership, meeting)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Thank you. The minutes show that you confirmed these are your words.")
        return redirect(f"{_minutes_url(meeting)}#view-{view.pk}")
    if not powers.minutes:
        raise PermissionDenied
    if minutes.locked:
        return _locked(request, partnership, membership, meeting)
    if query_int(request, "remove") == 1:
        if request.method == "POST":
            try:
                services.partner_view_remove(view=view, by=request.user)
            except services.MinutesLocked:
                return _locked(request, partnership, membership, meeting)
            except ValidationError as error:
                messages.info(request, " ".join(error.messages))
            else:
                messages.success(
                    request, f"{whose}'s view is taken out of the minutes. It is kept in their versions."
                )
            return redirect(_minutes_url(meeting))
        return render(
            request,
            "meetings/minutes/view_remove.html",
            _base(partnership, membership, meeting, view=view, whose=whose, back_href=_minutes_url(meeting)),
        )
    form = PartnerViewChangeForm(
        posted(request), initial={"words": view.words, "bsl_video_url": view.bsl_video_url}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_view_change(
                view=view,
                words=form.cleaned_data["words"],
                bsl_video_url=form.cleaned_data["bsl_video_url"],
                by=request.user,
            )
        except services.MinutesLocked:
            return _locked(request, partnership, membership, meeting)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{whose}'s view is saved. The words before are kept in the versions.")
            return redirect(f"{_minutes_url(meeting)}#view-{view.pk}")
    view_url = reverse(
        "meetings:partner_view", kwargs={"slug": partnership.slug, "pk": meeting.pk, "view_pk": view.pk}
    )
    return render(
        request,
        "meetings/minutes/view_change.html",
        _base(
            partnership,
            membership,
            meeting,
            form=form,
            view=view,
            whose=whose,
            remove_href=f"{view_url}?remove=1",
            back_href=_minutes_url(meeting),
        ),
    )


def minutes_send(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership, meeting, powers = meeting_access(request, slug, pk, power="minutes")
    minutes = _minutes_to_change(request, meeting)
    if minutes.locked:
        return _locked(request, partnership, membership, meeting)
    if request.method == "POST":
        try:
            result = services.minutes_send(
                minutes=minutes,
                by=request.user,
                minutes_url=request.build_absolute_uri(_minutes_url(meeting)),
                base_url=request.build_absolute_uri("/"),
            )
        except services.MinutesLocked:
            return _locked(request, partnership, membership, meeting)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_minutes_url(meeting))
        messages.success(request, _sent_message(result, sees_list=may_see_bookings(membership, meeting)))
        return redirect(_minutes_url(meeting))
    people = invited_people(meeting)
    plans = services.minutes_plans(minutes, people)
    formats = Counter(plan.pack.variant_label for plan in plans)
    return render(
        request,
        "meetings/minutes/send.html",
        _base(
            partnership,
            membership,
            meeting,
            minutes=minutes,
            plans=plans,
            # Who gets which format can reveal a need: by name only for those who may see needs by name.
            by_name=may_see_bookings(membership, meeting),
            formats=sorted(formats.items()),
            present={person.pk for person, attendance in people if attendance and attendance.present},
            comments_by=services.comments_wanted_by(meeting),
            back_href=_minutes_url(meeting),
        ),
    )


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def _sent_message(result: services.SendResult, *, sees_list: bool = True) -> str:
    """ "The minutes are sent for comments. 6 people were emailed; 1 person gets them by post..."

    `sees_list`: whether the sender sees the print and post list on the minutes page (it names formats, so
    only those who may see needs by name do). A minute-taker who does not is told a coordinator has it, not
    sent to a list they cannot see."""
    emailed = len(result.emailed)
    message = (
        f"The minutes are sent for comments. {_people(emailed)} {'was' if emailed == 1 else 'were'} emailed."
    )
    where = "the list on the minutes page" if sees_list else "the list they see on the minutes page"
    if result.by_post:
        todo = "print them from" if sees_list else "a coordinator prints and posts them from"
        message += f" {_people(len(result.by_post))} by post: {todo} {where}."
    if result.to_contact:
        todo = "see" if sees_list else "a coordinator contacts them from"
        message += (
            f" {_people(len(result.to_contact))} to contact by phone, text or video call: {todo} {where}."
        )
    if result.not_reached:
        names = ", ".join(person.display_name for person in result.not_reached)
        message += f" The email could not be delivered to {names}: please contact them another way."
    if result.comments_by:
        message += f" Comments are wanted by {services.day_in_words(result.comments_by)}."
    return message


# ---------------------------------------------------------------- corrections


def correction_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership, meeting, powers = meeting_access(request, slug, pk)
    if is_read_only(membership):
        raise PermissionDenied
    # Minutes nobody has written are not out for comment: the page says so, writing nothing.
    minutes = services.minutes_in_hand(meeting)
    if minutes.locked or minutes.status == Minutes.Status.APPROVED:
        return _message(
            request,
            partnership,
            membership,
            meeting,
            title="These minutes can no longer be corrected",
            message=services.LOCKED_CORRECTION_MESSAGE,
        )
    if minutes.status != Minutes.Status.OUT_FOR_COMMENT:
        return _message(
            request,
            partnership,
            membership,
            meeting,
            title="These minutes are not out for comments yet",
            message=services.NOT_OUT_FOR_COMMENT_MESSAGE,
        )
    items = services.minute_items(meeting)
    # "Suggest other words" for a view quoted in the minutes: only the person quoted, about that view.
    view_pk = query_int_or_404(request, "view", minimum=1)
    view = _partner_view(meeting, view_pk) if view_pk is not None else None
    if view is not None and view.person_id != request.user.pk:
        raise PermissionDenied
    form = CorrectionForm(
        posted(request),
        items=items,
        about_view=view is not None,
        initial={"agenda_item": query_int(request, "item"), "text": view.words if view else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.correction_add(
                minutes=minutes,
                agenda_item=view.agenda_item if view else form.cleaned_data["agenda_item"],
                text=form.cleaned_data["text"],
                bsl_video_url=form.cleaned_data["bsl_video_url"],
                partner_view=view,
                author=request.user,
            )
        except ValidationError as error:
            # Locked or closed while the form was open: say so plainly rather than fail.
            return _message(
                request,
                partnership,
                membership,
                meeting,
                title="Your correction was not sent",
                message=" ".join(error.messages),
            )
        messages.success(
            request, "Your correction is sent to the minute-taker. Their answer will show on this page."
        )
        return redirect(_minutes_url(meeting))
    if view is not None:
        title = "Suggest other words for your view"
        intro = (
            f"{meeting.title}, \u201c{view.agenda_item.title}\u201d. Change your words below, or give a link "
            "to a BSL video. The minute-taker will change the minutes or answer you."
        )
    else:
        title = "Suggest a correction to the minutes"
        intro = f"{meeting.title}. The minute-taker will accept your correction or answer it."
    return _form_page(request, partnership, membership, meeting, form, title=title, intro=intro)


def _correction(partnership: Partnership, meeting: Meeting, correction_pk: int) -> Correction:
    return get_object_or_404(
        Correction.objects.select_related("author", "agenda_item", "minutes", "partner_view__person"),
        partnership=partnership,
        minutes__meeting=meeting,
        pk=correction_pk,
    )


def _correction_page(request, partnership, membership, meeting, correction, form, *, title: str, **extra):
    return render(
        request,
        "meetings/minutes/correction_respond.html",
        _base(
            partnership,
            membership,
            meeting,
            correction=correction,
            form=form,
            title=title,
            back_href=_minutes_url(meeting),
            **extra,
        ),
    )


def correction_accept(request: HttpRequest, slug: str, pk: int, correction_pk: int) -> HttpResponse:
    partnership, membership, meeting, powers = meeting_access(request, slug, pk, power="minutes")
    correction = _correction(partnership, meeting, correction_pk)
    minutes = correction.minutes
    minutes.meeting = meeting
    if minutes.locked:
        return _message(
            request,
            partnership,
            membership,
            meeting,
            title="These minutes are locked",
            message="These minutes are approved and locked, so a correction can no longer change them. "
            "You can still answer it, or a coordinator can unlock the minutes.",
        )
    if correction.status != Correction.Status.OPEN or correction.agenda_item is None:
        return _message(
            request,
            partnership,
            membership,
            meeting,
            title="This correction cannot be accepted",
            message="This correction has already been dealt with."
            if correction.status != Correction.Status.OPEN
            else "The agenda item this correction is about is no longer on the agenda. Answer it instead.",
        )
    item = correction.agenda_item
    view = correction.partner_view
    view_of = person_name(view.person) if view is not None else ""
    conflict = None
    if request.method == "POST":
        form = CorrectionAcceptForm(request.POST, item_title=item.title, view_of=view_of)
        if form.is_valid():
            try:
                services.correction_accept(
                    correction=correction,
                    text=form.cleaned_data["text"],
                    revision=form.cleaned_data["revision"],
                    response=form.cleaned_data["response"],
                    view_words=form.cleaned_data.get("view_words") if view else None,
                    view_video_url=form.cleaned_data.get("view_video_url") if view else None,
                    by=request.user,
                )
            except services.MinutesLocked:
                return _locked(request, partnership, membership, meeting)
            except services.MinutesConflict as clash:
                conflict = clash
                data = request.POST.copy()
                data["revision"] = str(clash.revision)
                form = CorrectionAcceptForm(data, item_title=item.title, view_of=view_of)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "The correction is accepted and the minutes are saved.")
                return redirect(_minutes_url(meeting))
    else:
        initial = {"revision": minutes.revision, "text": services.saved_texts(minutes).get(item.pk, "")}
        if view is not None:
            initial |= {"view_words": view.words, "view_video_url": view.bsl_video_url}
        form = CorrectionAcceptForm(initial=initial, item_title=item.title, view_of=view_of)
    return _correction_page(
        request,
        partnership,
        membership,
        meeting,
        correction,
        form,
        title="Accept a correction",
        conflict=conflict,
        theirs=conflict.theirs.get(item.pk, "") if conflict else None,
    )


def correction_answer(request: HttpRequest, slug: str, pk: int, correction_pk: int) -> HttpResponse:
    partnership, membership, meeting, powers = meeting_access(request, slug, pk, power="minutes")
    correction = _correction(partnership, meeting, correction_pk)
    if correction.status != Correction.Status.OPEN:
        return _message(
            request,
            partnership,
            membership,
            meeting,
            title="This correction is already dealt with",
            message=f"This correction has already been {correction.get_status_display().lower()}.",
        )
    form = CorrectionAnswerForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.correction_answer(
                correction=correction, response=form.cleaned_data["response"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, "Your answer is sent. The person who suggested the correction will see it."
            )
            return redirect(_minutes_url(meeting))
    return _correction_page(
        request, partnership, membership, meeting, correction, form, title="Answer a correction"
    )


# ---------------------------------------------------------------- approval and unlocking


def minutes_approve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership, meeting, powers = meeting_access(request, slug, pk, power="chair")
    minutes = services.minutes_in_hand(meeting)
    if minutes.status == Minutes.Status.APPROVED:
        messages.info(request, "These minutes are already approved.")
        return redirect(_minutes_url(meeting))
    following = services.later_meetings(meeting).first()
    if following is None:
        return _message(
            request,
            partnership,
            membership,
            meeting,
            title="There is no later meeting yet",
            message="Minutes are approved at a later meeting. Set up the next meeting first, then approve "
            "these minutes there.",
        )
    # The first later meeting is the earliest they can be approved at: until it starts (or is today), none.
    if following.starts_at >= services.end_of_today(meeting):
        return _message(
            request,
            partnership,
            membership,
            meeting,
            title="The minutes are approved at the next meeting",
            message=f"These minutes are approved by the people at the next meeting, {following.title} on "
            f"{services.day_in_words(timezone.localtime(following.starts_at).date())}. \u201cApprove the "
            "minutes\u201d is offered here from that day. Until then, partners can suggest corrections.",
        )
    choices = services.approval_choices(meeting, following)
    form = MinutesApproveForm(posted(request), meetings=choices, initial={"at_meeting": choices[-1].pk})
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_approve(
                minutes=services.minutes_for(meeting),
                at_meeting=form.cleaned_data["at_meeting"],
                by=request.user,
            )
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
            return redirect(_minutes_url(meeting))
        messages.success(request, "The minutes are approved and locked.")
        return redirect(_minutes_url(meeting))
    open_count = (
        Correction.objects.filter(minutes=minutes, status=Correction.Status.OPEN).count() if minutes.pk else 0
    )
    intro = (
        f"{meeting.title}. Once approved, the minutes are locked: nobody can change them unless a "
        "coordinator unlocks them and says why."
    )
    if open_count:
        intro += (
            f" {open_count} suggested {'correction is' if open_count == 1 else 'corrections are'} still "
            "waiting for the minute-taker."
        )
    return _form_page(
        request, partnership, membership, meeting, form, title="Approve the minutes", intro=intro
    )


def minutes_unlock(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership, meeting, powers = meeting_access(request, slug, pk, power="manage")
    minutes = _minutes_to_change(request, meeting)
    if not minutes.locked:
        messages.info(request, "These minutes are not locked.")
        return redirect(_minutes_url(meeting))
    form = MinutesUnlockForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_unlock(minutes=minutes, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.success(request, "The minutes are unlocked and back to a draft.")
            return redirect(_minutes_url(meeting))
    return _form_page(
        request,
        partnership,
        membership,
        meeting,
        form,
        title="Unlock the approved minutes",
        intro=f"{meeting.title}. The minutes go back to a draft so they can be changed, and will need "
        "approving again. The reason is kept in their history.",
    )


# ---------------------------------------------------------------- versions


VERSIONS_PER_PAGE = 20


def minutes_versions(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership, meeting, powers = meeting_access(request, slug, pk)
    minutes = services.minutes_in_hand(meeting)
    # Every save keeps a version, so the list grows as long as the minutes are worked on: 20 a page, newest
    # first, each knowing the version before it (on this page or the next) in the same query.
    page = paginate(request, services.versions_newest_first(minutes), VERSIONS_PER_PAGE)
    return render(
        request,
        "meetings/minutes/versions.html",
        _base(
            partnership,
            membership,
            meeting,
            minutes=minutes,
            versions=page.object_list,
            page=page,
            back_href=_minutes_url(meeting),
        ),
    )


def minutes_compare(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership, meeting, powers = meeting_access(request, slug, pk)
    minutes = services.minutes_in_hand(meeting)
    start, end = query_int(request, "from"), query_int(request, "to")
    versions = {}
    if start is not None and end is not None and minutes.pk is not None:
        versions = {
            v.revision: v
            for v in MinutesVersion.objects.filter(minutes=minutes, revision__in=[start, end]).select_related(
                "created_by"
            )
        }
    if start not in versions or end not in versions:
        return _message(
            request,
            partnership,
            membership,
            meeting,
            title="Those versions were not found",
            message="Choose two versions of these minutes to compare from the list of versions.",
            status=404,
            back_href=reverse(
                "meetings:minutes_versions", kwargs={"slug": partnership.slug, "pk": meeting.pk}
            ),
        )
    older, newer = sorted([versions[start], versions[end]], key=lambda v: v.revision)
    return render(
        request,
        "meetings/minutes/compare.html",
        _base(
            partnership,
            membership,
            meeting,
            minutes=minutes,
            older=older,
            newer=newer,
            diffs=services.versions_compare(
                older, newer, titles={item.pk: item.title for item in services.minute_items(meeting)}
            ),
            back_href=reverse(
                "meetings:minutes_versions", kwargs={"slug": partnership.slug, "pk": meeting.pk}
            ),
        ),
    )
