"""Pages for people (profile, access needs, communication) and a partnership's people, groups and
invitations."""

import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Prefetch,
    ProtectedError,
    Q,
    RestrictedError,
    Value,
    When,
    Window,
)
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from coproduction.access import partnership_access
from coproduction.forms import posted
from coproduction.pagination import paginate
from coproduction.rows import row_url

from . import personal_data, services
from .forms import (
    AccessNeedForm,
    AccessNeedOnBehalfForm,
    AccessNeedSharingForm,
    CommunicationOnBehalfForm,
    CommunicationPreferenceForm,
    ConfirmDeleteAccountForm,
    DisplayPreferencesForm,
    InvitationAccountForm,
    InvitationForm,
    MembershipForm,
    NewPartnershipForm,
    OfflinePartnerForm,
    PartnerGroupForm,
    PartnershipForm,
    ProfileForm,
)
from .models import (
    ROLES_MANAGING,
    AccessNeed,
    CommunicationPreference,
    Invitation,
    Membership,
    PartnerGroup,
    Partnership,
    Role,
    User,
    current_membership_q,
)

# ---------------------------------------------------------------- the person's own profile


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    person = request.user
    return render(
        request,
        "partners/profile.html",
        {
            "nav": "profile",
            "needs": person.access_needs.all(),
            "communication": CommunicationPreference.objects.filter(person=person).first(),
            "memberships": person.memberships.current().select_related("partnership", "group"),
        },
    )


def _fresh(user: User) -> User:
    """A separate copy of the signed-in person for a form, so rejected input never shows in the header."""
    return User.objects.get(pk=user.pk)


def _edit_own(request: HttpRequest, form_class, *, title: str, success: str, **form_kwargs) -> HttpResponse:
    form = form_class(posted(request), **form_kwargs)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, success)
        return redirect("partners:profile")
    return render(
        request,
        "form_page.html",
        {"form": form, "title": title, "nav": "profile", "back_href": reverse("partners:profile")},
    )


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    return _edit_own(
        request,
        ProfileForm,
        title="Your details",
        success="Your details are saved.",
        instance=_fresh(request.user),
    )


@login_required
def display_preferences(request: HttpRequest) -> HttpResponse:
    return _edit_own(
        request,
        DisplayPreferencesForm,
        title="How pages look for you",
        success="Your display preferences are saved. Every page now uses them.",
        instance=_fresh(request.user),
    )


@login_required
def communication(request: HttpRequest) -> HttpResponse:
    pref = services.communication_preferences_for(person=request.user)
    form = CommunicationPreferenceForm(posted(request), instance=pref, person=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.instance.mark_own()
            form.save()
            services.person_phone_set(person=request.user, phone=form.cleaned_data["phone"])
            asked = services.support_person_set(
                pref=pref, email=form.cleaned_data["support_person_email"], request=request
            )
        messages.success(request, "Your communication preferences are saved.")
        if asked:
            messages.info(
                request,
                f"We have emailed {pref.support_person_email_waiting} a link to confirm. We copy them in "
                "once they confirm.",
            )
        return redirect("partners:profile")
    return render(
        request,
        "partners/communication.html",
        {"form": form, "pref": pref, "nav": "profile", "back_href": reverse("partners:profile")},
    )


@login_required
@require_POST
def support_person_send_again(request: HttpRequest) -> HttpResponse:
    pref = services.communication_preferences_for(person=request.user)
    try:
        services.support_person_ask_again(pref=pref, request=request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"We have emailed {pref.support_person_email_waiting} the link again.")
    return redirect("partners:profile")


@never_cache  # names the person and their email address
def support_person_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the email to a support person. No account needed: the link itself is the proof, and it
    names the very address that is to confirm. Saying yes or no is a button, never the visit alone (mail
    scanners open links)."""
    try:
        pref, email = services.support_person_from_token(token)
    except services.SupportLinkError as error:
        return render(
            request,
            "partners/support_person_link.html",
            {"reason": error.reason, "pref": error.pref},
            status=404 if error.reason == "broken" else 410,
        )
    if request.method == "POST":
        answer = request.POST.get("answer")
        try:
            if answer == "yes":
                services.support_person_confirm(token=token)
            elif answer == "no":
                services.support_person_decline(token=token)
        except services.SupportLinkError as error:  # answered a moment ago in another tab
            return render(
                request,
                "partners/support_person_link.html",
                {"reason": error.reason, "pref": error.pref},
                status=410,
            )
        if answer in ("yes", "no"):
            return render(
                request,
                "partners/support_person_done.html",
                {"person": pref.person, "email": email, "confirmed": answer == "yes"},
            )
    return render(
        request,
        "partners/support_person_confirm.html",
        {
            "person": pref.person,
            "email": email,
            "support_name": pref.support_person_name,
            "partnerships": [
                m.partnership.name for m in pref.person.memberships.current().select_related("partnership")
            ],
            "error": request.method == "POST",
        },
    )


@login_required
def access_needs(request: HttpRequest) -> HttpResponse:
    sharing_form = AccessNeedSharingForm(posted(request), instance=_fresh(request.user))
    if request.method == "POST" and sharing_form.is_valid():
        sharing_form.save()
        messages.success(request, "Your choice about sharing your access needs is saved.")
        return redirect("partners:my_access_needs")
    return render(
        request,
        "partners/my_access_needs.html",
        {
            "needs": request.user.access_needs.all(),
            "sharing_form": sharing_form,
            "nav": "profile",
            **_joining(request),
        },
    )


@login_required
def access_need_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    need = (
        get_object_or_404(AccessNeed, person=request.user, pk=pk) if pk else AccessNeed(person=request.user)
    )
    form = AccessNeedForm(posted(request), instance=need, person=request.user)
    if request.method == "POST" and form.is_valid():
        form.instance.mark_own()  # now in the person's own words, whoever wrote it down before
        saved = form.save()
        messages.success(request, f"Your access need \u201c{saved.label}\u201d is saved.")
        return redirect("partners:my_access_needs")
    title = f"Change your access need: {need.label}" if pk else "Add an access need"
    return render(
        request,
        "partners/access_need_form.html",
        {"form": form, "title": title, "nav": "profile", "back_href": reverse("partners:my_access_needs")},
    )


@login_required
def access_need_delete(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(AccessNeed, person=request.user, pk=pk)
    if request.method == "POST":
        need.delete()
        messages.success(request, f"Your access need \u201c{need.label}\u201d is removed.")
        return redirect("partners:my_access_needs")
    return render(
        request,
        "confirm.html",
        {
            "title": f"Remove your access need \u201c{need.label}\u201d?",
            "body": "Your partnerships will no longer plan for it.",
            "button": "Remove access need",
            "cancel_href": reverse("partners:my_access_needs"),
            "nav": "profile",
        },
    )


@login_required
@never_cache
def my_data(request: HttpRequest) -> HttpResponse:
    """What the download holds, in plain words, before the person downloads it."""
    return render(
        request, "partners/my_data.html", {"sections": personal_data.sections().values(), "nav": "profile"}
    )


@login_required
@never_cache  # it holds access needs: no browser or proxy may keep a copy
def data_download(request: HttpRequest) -> HttpResponse:
    data = services.personal_data_export(person=request.user)
    response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="my-coproduction-data.json"'
    return response


@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    form = ConfirmDeleteAccountForm(posted(request))
    if request.method == "POST" and form.is_valid():
        person = request.user
        try:
            services.account_delete(person=person)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(request, "Your account and your personal details are deleted.")
            return redirect("account_login")
    return render(request, "partners/account_delete.html", {"form": form, "nav": "profile"})


# ---------------------------------------------------------------- starting a partnership, joining one


@login_required
def partnership_new(request: HttpRequest) -> HttpResponse:
    form = NewPartnershipForm(posted(request))
    if request.method == "POST" and form.is_valid():
        partnership = services.partnership_create(founder=request.user, **form.cleaned_data)
        messages.success(request, f"{partnership.name} is started. You are its coordinator.")
        return redirect(partnership)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": "Start a partnership",
            "intro": "You will be its first coordinator. You can then add the partner groups and invite "
            "people.",
            "back_href": reverse("home"),
        },
    )


# Where a new member goes after their access needs: the partnership's welcome page (how it works together
# and its ground rules, in the groundrules app, which reads the same key). Named by its URL only: partners
# never imports the apps built on it.
JOINING_SESSION_KEY = "joining_partnership"


def _after_joining(invitation: Invitation) -> str:
    """Someone who already had an account has told us their access needs: on to the welcome page."""
    if invitation.role == Role.VISITING_EXPERT:
        return invitation.partnership.get_absolute_url()
    return reverse("groundrules:welcome", kwargs={"slug": invitation.partnership.slug})


def _joining(request: HttpRequest) -> dict:
    """For the access needs page of someone who has just joined: where to continue once they are done."""
    joining = request.session.get(JOINING_SESSION_KEY)
    if not isinstance(joining, dict) or not joining.get("slug"):
        return {}
    return {
        "joining_name": joining.get("name") or "",
        "joining_href": reverse("groundrules:welcome", kwargs={"slug": joining["slug"]}),
    }


def _invitation_unusable(request: HttpRequest, invitation: Invitation | None) -> HttpResponse:
    status = invitation.status if invitation else "unknown"
    return render(
        request, "partners/invitation_unusable.html", {"status": status}, status=410 if invitation else 404
    )


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation email. Works signed out (set up an account) or signed in (join)."""
    invitation = (
        Invitation.objects.select_related("partnership", "invited_by", "group").filter(token=token).first()
    )
    if invitation is None or invitation.status != Invitation.Status.PENDING:
        return _invitation_unusable(request, invitation)
    user = request.user
    if user.is_authenticated:
        if user.email.lower() != invitation.email:
            return render(
                request, "partners/invitation_wrong_person.html", {"invitation": invitation}, status=403
            )
        if request.method == "POST":
            try:
                services.invitation_accept(invitation=invitation, person=user)
            except ValidationError:  # used up by a second click a moment ago
                invitation.refresh_from_db()
                return _invitation_unusable(request, invitation)
            messages.success(request, f"You have joined {invitation.partnership.name}.")
            return redirect(_after_joining(invitation))
        return render(request, "partners/invitation_join.html", {"invitation": invitation})
    if services.account_for_email(invitation.email) is not None:
        return render(request, "partners/invitation_sign_in.html", {"invitation": invitation})
    form = InvitationAccountForm(posted(request), email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.account_create_from_invitation(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                known_as=form.cleaned_data["known_as"],
                password=form.cleaned_data["password"],
            )
        except (ValidationError, IntegrityError):  # a double submit made the account a moment ago
            invitation.refresh_from_db()
            return _invitation_unusable(request, invitation)
        login(request, person, backend="django.contrib.auth.backends.ModelBackend")
        if invitation.role != Role.VISITING_EXPERT:
            # After their access needs, the new member goes on to how the partnership works together.
            request.session[JOINING_SESSION_KEY] = {
                "slug": invitation.partnership.slug,
                "name": invitation.partnership.name,
            }
        messages.success(
            request,
            f"Welcome to {invitation.partnership.name}. "
            "Tell us your access needs so every meeting works for you.",
        )
        return redirect("partners:my_access_needs")
    return render(request, "partners/invitation_account.html", {"invitation": invitation, "form": form})


# ---------------------------------------------------------------- a partnership's people


PEOPLE_PER_PAGE = 50
LEFT_PREVIEW = 5  # people who have left, shown on the people page before "See all"


def member_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The partnership's people, 50 to a page, and the few who left most recently with a link to all of
    them (`?who=left`: a page of its own, 50 to a page, most recent leavers first)."""
    partnership, membership = partnership_access(request, slug)
    current = Membership.objects.current().filter(partnership=partnership)
    former = (
        Membership.objects.filter(partnership=partnership)
        .exclude(pk__in=current.values("pk"))
        .select_related("person", "group")
        .order_by(F("left_on").desc(nulls_last=True), "-pk")
    )
    context = {"partnership": partnership, "membership": membership, "nav": "members"}
    if request.GET.get("who") == "left":
        page = paginate(request, former, PEOPLE_PER_PAGE)
        return render(request, "partners/member_left_list.html", {**context, "page": page})
    page = paginate(
        request,
        # "No group" first on every database (PostgreSQL puts NULL last, SQLite first).
        current.select_related("person", "group").order_by(
            F("group__name").asc(nulls_first=True), "person__full_name", "pk"
        ),
        PEOPLE_PER_PAGE,
    )
    detail = row_url("partners:member_detail", partnership.slug)
    if membership.is_coordinator:
        edit = row_url("partners:member_edit", partnership.slug)
        leave = row_url("partners:member_leave", partnership.slug)
    for member in page.object_list:
        member.detail_href = detail(member.pk)
        if membership.is_coordinator:
            member.edit_href, member.leave_href = edit(member.pk), leave(member.pk)
    # The few who left last, each row carrying how many left in all: one query, whatever the number.
    recent = list(former.annotate(left_count=Window(Count("pk")))[:LEFT_PREVIEW])
    left_count = recent[0].left_count if recent else 0
    return render(
        request,
        "partners/member_list.html",
        {**context, "page": page, "former": recent, "left_count": left_count},
    )


def member_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug)
    # People who have left are not shown here: their details are no longer the partnership's business.
    member = get_object_or_404(
        Membership.objects.current().select_related("person", "group"), partnership=partnership, pk=pk
    )
    person = member.person
    show_needs = membership.may_name_needs_of(person)
    return render(
        request,
        "partners/member_detail.html",
        {
            "partnership": partnership,
            "membership": membership,
            "member": member,
            "needs": person.access_needs.all() if show_needs else None,
            # Coordinators need to know how to reach people; others see the person's chosen name only.
            "communication": CommunicationPreference.objects.filter(person=person).first()
            if membership.is_coordinator or membership.person_id == person.pk
            else None,
            # A partner without email cannot write their own records: a coordinator writes them down.
            "records_for_them": person.offline and membership.is_coordinator,
            "nav": "members",
        },
    )


def member_offline_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a partner who has no email address or does not use computers: no invitation, no account to
    sign in with; the coordinator records their preferences as they were told them."""
    partnership, membership = partnership_access(request, slug, roles=ROLES_MANAGING)
    form = OfflinePartnerForm(posted(request), partnership=partnership)
    if request.method == "POST" and form.is_valid():
        member = services.offline_partner_add(
            partnership=partnership, added_by=request.user, **form.cleaned_data
        )
        messages.success(
            request,
            f"{member.name} is in the partnership. Their meeting packs go by post or phone. "
            "Add the access needs they told you about.",
        )
        return redirect("partners:member_detail", slug=partnership.slug, pk=member.pk)
    return render(
        request,
        "form_page.html",
        {
            "partnership": partnership,
            "membership": membership,
            "form": form,
            "title": "Add a partner who does not use email",
            "intro": "For someone who has no email address or does not use computers. They get their "
            "meeting packs by post or by phone, and you record their access needs and how they want to hear "
            "from the partnership for them. They cannot sign in.",
            "back_href": reverse("partners:member_list", kwargs={"slug": partnership.slug}),
            "nav": "members",
        },
    )


def _offline_member(request: HttpRequest, slug: str, pk: int):
    """The partnership, the coordinator's membership and an offline partner's membership. Only people who
    cannot write their own records have them written by a coordinator: anyone else gets 404."""
    partnership, membership = partnership_access(request, slug, roles=ROLES_MANAGING)
    member = get_object_or_404(
        Membership.objects.current().select_related("person"),
        partnership=partnership,
        pk=pk,
        person__offline=True,
    )
    return partnership, membership, member


def member_access_need_edit(
    request: HttpRequest, slug: str, pk: int, need_pk: int | None = None
) -> HttpResponse:
    """Add an access need for an offline partner, or change one."""
    partnership, membership, member = _offline_member(request, slug, pk)
    person = member.person
    need = get_object_or_404(AccessNeed, person=person, pk=need_pk) if need_pk else AccessNeed(person=person)
    form = AccessNeedOnBehalfForm(posted(request), instance=need, person=person)
    if request.method == "POST" and form.is_valid():
        form.instance.mark_recorded(by=request.user, how=form.cleaned_data["recorded_how"])
        saved = form.save()
        messages.success(request, f"{member.name}'s access need \u201c{saved.label}\u201d is saved.")
        return redirect("partners:member_detail", slug=partnership.slug, pk=member.pk)
    title = (
        f"Change {member.name}'s access need: {need.label}"
        if need_pk
        else f"Add an access need for {member.name}"
    )
    return render(
        request,
        "partners/access_need_form.html",
        {
            "partnership": partnership,
            "membership": membership,
            "form": form,
            "title": title,
            "intro": f"Write down what {member.name} told you. Their page says who recorded it, when, "
            "and how they told you.",
            "back_href": reverse(
                "partners:member_detail", kwargs={"slug": partnership.slug, "pk": member.pk}
            ),
            "nav": "members",
        },
    )


def member_access_need_delete(request: HttpRequest, slug: str, pk: int, need_pk: int) -> HttpResponse:
    partnership, membership, member = _offline_member(request, slug, pk)
    need = get_object_or_404(AccessNeed, person=member.person, pk=need_pk)
    back = reverse("partners:member_detail", kwargs={"slug": partnership.slug, "pk": member.pk})
    if request.method == "POST":
        need.delete()
        messages.success(request, f"{member.name}'s access need \u201c{need.label}\u201d is removed.")
        return redirect(back)
    return render(
        request,
        "confirm.html",
        {
            "partnership": partnership,
            "membership": membership,
            "title": f"Remove {member.name}'s access need \u201c{need.label}\u201d?",
            "body": "Their partnerships will no longer plan for it.",
            "button": "Remove access need",
            "cancel_href": back,
            "nav": "members",
        },
    )


def member_communication(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership, member = _offline_member(request, slug, pk)
    person = member.person
    pref = services.communication_preferences_for(person=person)
    form = CommunicationOnBehalfForm(posted(request), instance=pref, person=person)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.instance.mark_recorded(by=request.user, how=form.cleaned_data["recorded_how"])
            form.save()
            services.person_phone_set(person=person, phone=form.cleaned_data["phone"])
            services.support_person_set(
                pref=pref, email=form.cleaned_data["support_person_email"], request=request
            )
        messages.success(request, f"How {member.name} wants to hear from us is saved.")
        return redirect("partners:member_detail", slug=partnership.slug, pk=member.pk)
    return render(
        request,
        "form_page.html",
        {
            "partnership": partnership,
            "membership": membership,
            "form": form,
            "title": f"How {member.name} wants to hear from us",
            "back_href": reverse(
                "partners:member_detail", kwargs={"slug": partnership.slug, "pk": member.pk}
            ),
            "nav": "members",
        },
    )


def member_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=ROLES_MANAGING)
    member = get_object_or_404(
        Membership.objects.current().select_related("person"), partnership=partnership, pk=pk
    )
    form = MembershipForm(
        posted(request), partnership=partnership, initial={"role": member.role, "group": member.group}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_change(member=member, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("role", error)
        else:
            messages.success(request, f"{member.name}'s role and group are saved.")
            return redirect("partners:member_list", slug=partnership.slug)
    return render(
        request,
        "form_page.html",
        {
            "partnership": partnership,
            "membership": membership,
            "form": form,
            "title": f"Change {member.name}'s role or group",
            "back_href": reverse("partners:member_list", kwargs={"slug": partnership.slug}),
            "nav": "members",
        },
    )


def member_leave(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=ROLES_MANAGING)
    member = get_object_or_404(
        Membership.objects.current().select_related("person"), partnership=partnership, pk=pk
    )
    if request.method == "POST":
        try:
            services.membership_end(member=member)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"{member.name} has left the partnership. Their records stay.")
            if member.person_id == request.user.pk:
                return redirect("home")  # they no longer see the partnership
        return redirect("partners:member_list", slug=partnership.slug)
    return render(
        request,
        "confirm.html",
        {
            "partnership": partnership,
            "membership": membership,
            "title": f"Record that {member.name} has left?",
            "body": "They will no longer see this partnership. What they took part in stays in the records.",
            "button": "Record that they have left",
            "cancel_href": reverse("partners:member_list", kwargs={"slug": partnership.slug}),
            "nav": "members",
        },
    )


def partnership_access_needs(request: HttpRequest, slug: str) -> HttpResponse:
    """Everyone's access needs in this partnership, shown only as far as the viewer may see them."""
    partnership, membership = partnership_access(request, slug)
    people = [
        m.person
        for m in Membership.objects.current()
        .filter(partnership=partnership)
        .select_related("person")
        .prefetch_related(Prefetch("person__access_needs"))
    ]
    summary = services.access_needs_summary(people=people, viewer=membership)
    return render(
        request,
        "partners/access_needs.html",
        {"partnership": partnership, "membership": membership, "summary": summary, "nav": "access_needs"},
    )


# ---------------------------------------------------------------- partner groups


def group_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug)
    groups = partnership.groups.annotate(
        member_count=Count("memberships", filter=current_membership_q("memberships__"))
    )
    return render(
        request,
        "partners/group_list.html",
        {"partnership": partnership, "membership": membership, "groups": groups, "nav": "members"},
    )


def group_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=ROLES_MANAGING)
    group = get_object_or_404(PartnerGroup, partnership=partnership, pk=pk) if pk else None
    form = PartnerGroupForm(posted(request), instance=group, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"The group \u201c{saved.name}\u201d is saved.")
        return redirect("partners:group_list", slug=partnership.slug)
    return render(
        request,
        "form_page.html",
        {
            "partnership": partnership,
            "membership": membership,
            "form": form,
            "title": f"Change the group \u201c{group.name}\u201d" if group else "Add a group",
            "back_href": reverse("partners:group_list", kwargs={"slug": partnership.slug}),
            "nav": "members",
        },
    )


def group_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=ROLES_MANAGING)
    group = get_object_or_404(PartnerGroup, partnership=partnership, pk=pk)
    if request.method == "POST":
        try:
            group.delete()
        except (ProtectedError, RestrictedError):
            messages.error(
                request,
                f"\u201c{group.name}\u201d owns action points. Give them to someone else first, "
                "so nothing is left without anyone to do it.",
            )
            return redirect("partners:group_list", slug=partnership.slug)
        messages.success(
            request, f"The group \u201c{group.name}\u201d is removed. Its members stay in the partnership."
        )
        return redirect("partners:group_list", slug=partnership.slug)
    return render(
        request,
        "confirm.html",
        {
            "partnership": partnership,
            "membership": membership,
            "title": f"Remove the group \u201c{group.name}\u201d?",
            "body": "Its members stay in the partnership, without a group.",
            "button": "Remove group",
            "cancel_href": reverse("partners:group_list", kwargs={"slug": partnership.slug}),
            "nav": "members",
        },
    )


# ---------------------------------------------------------------- invitations


INVITATIONS_PER_PAGE = 25


def invitation_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Invitations, 25 to a page: the ones still waiting first, then the rest, newest first."""
    partnership, membership = partnership_access(request, slug, roles=ROLES_MANAGING)
    waiting = Q(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())
    invitations = (
        partnership.invitations.select_related("invited_by", "group")
        .annotate(settled=Case(When(waiting, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("settled", "-created_at", "-pk")
    )
    page = paginate(request, invitations, INVITATIONS_PER_PAGE)
    resend = row_url("partners:invitation_resend", partnership.slug)
    revoke = row_url("partners:invitation_revoke", partnership.slug)
    for invitation in page.object_list:
        invitation.state = invitation.status
        invitation.resend_href, invitation.revoke_href = resend(invitation.pk), revoke(invitation.pk)
    return render(
        request,
        "partners/invitation_list.html",
        {"partnership": partnership, "membership": membership, "page": page, "nav": "members"},
    )


def invitation_new(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=ROLES_MANAGING)
    form = InvitationForm(posted(request), partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                partnership=partnership, invited_by=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"An invitation is on its way to {invitation.email}.")
            return redirect("partners:invitation_list", slug=partnership.slug)
    return render(
        request,
        "form_page.html",
        {
            "partnership": partnership,
            "membership": membership,
            "form": form,
            "title": "Invite someone to the partnership",
            "back_href": reverse("partners:invitation_list", kwargs={"slug": partnership.slug}),
            "nav": "members",
        },
    )


@require_POST
def invitation_resend(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, _ = partnership_access(request, slug, roles=ROLES_MANAGING)
    invitation = get_object_or_404(Invitation, partnership=partnership, pk=pk)
    try:
        services.invitation_resend(invitation=invitation, request=request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            f"The invitation to {invitation.email} is sent again. "
            f"It now lasts until {timezone.localtime(invitation.expires_at):%-d %B %Y}.",
        )
    return redirect("partners:invitation_list", slug=partnership.slug)


@require_POST
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, _ = partnership_access(request, slug, roles=ROLES_MANAGING)
    invitation = get_object_or_404(Invitation, partnership=partnership, pk=pk)
    try:
        services.invitation_revoke(invitation=invitation)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, f"The invitation to {invitation.email} is withdrawn. The link no longer works."
        )
    return redirect("partners:invitation_list", slug=partnership.slug)


# ---------------------------------------------------------------- the partnership's settings


def partnership_edit(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug, roles=ROLES_MANAGING)
    # The form gets its own copy, so a rejected slug never reaches the page's links.
    form = PartnershipForm(posted(request), instance=Partnership.objects.get(pk=partnership.pk))
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, "The partnership's settings are saved.")
        return redirect("partners:partnership_edit", slug=saved.slug)
    return render(
        request,
        "form_page.html",
        {
            "partnership": partnership,
            "membership": membership,
            "form": form,
            "title": "Partnership settings",
            "nav": "settings",
        },
    )
