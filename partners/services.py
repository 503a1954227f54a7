"""Writes that touch several models, send email or must be atomic. Keyword-only, typed, `<entity>_<verb>`."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from coproduction.easy_read.pictures import upload_code

from . import personal_data
from .access_needs import GROUPS, NEEDS, NEEDS_BY_CODE
from .models import (
    CommunicationPreference,
    GlossaryTerm,
    HowTold,
    Invitation,
    Membership,
    PartnerGroup,
    Partnership,
    Picture,
    Role,
    User,
    no_email_address,
)


def send_email(
    *, to: list[str], subject: str, template: str, context: dict, cc: list[str] | None = None
) -> None:
    """Send one email in plain text and HTML, rendered from the same words (`emails/<template>.txt|.html`)."""
    text = render_to_string(f"emails/{template}.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    # A subject is one line, whatever names went into it.
    subject = " ".join(subject.split())
    message = EmailMultiAlternatives(subject=subject, body=text, to=to, cc=cc or [])
    message.attach_alternative(html, "text/html")
    message.send()


@transaction.atomic
def partnership_create(*, founder: User, name: str, slug: str, purpose: str = "", **fields) -> Partnership:
    """Start a partnership; the person who starts it is its first coordinator."""
    partnership = Partnership.objects.create(name=name, slug=slug, purpose=purpose, **fields)
    Membership.objects.create(partnership=partnership, person=founder, role=Role.COORDINATOR)
    return partnership


def _support_cc(person: User | None) -> list[str]:
    """A support person the invitee or member asked us to copy in."""
    if person is None:
        return []
    pref = CommunicationPreference.objects.filter(person=person).first()
    return [pref.support_person_email] if pref and pref.support_person_email else []


def invitation_send(*, invitation: Invitation, request: HttpRequest) -> None:
    existing = account_for_email(invitation.email)
    send_email(
        to=[invitation.email],
        cc=_support_cc(existing),
        subject=f"You are invited to join {invitation.partnership.name}",
        template="invitation",
        context={
            "invitation": invitation,
            "accept_url": request.build_absolute_uri(invitation.get_accept_url()),
            "has_account": existing is not None,
        },
    )
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["sent_at"])


def account_for_email(email: str) -> User | None:
    """The account whose own address this is. Only the account's address counts: one someone has added to
    their account but not verified proves nothing."""
    return User.objects.filter(email__iexact=email).first()


def invitation_check_email(*, partnership: Partnership, email: str) -> None:
    """Refuse to invite someone who is already a current member or already has an invitation waiting."""
    email = email.lower()
    if Membership.objects.current().filter(partnership=partnership, person__email__iexact=email).exists():
        raise ValidationError({"email": "This person is already in the partnership."})
    if partnership.invitations.pending().filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": "This person already has an invitation waiting. You can send it again from the list."}
        )


@transaction.atomic
def invitation_create(
    *,
    partnership: Partnership,
    invited_by: User,
    email: str,
    role: str,
    group: PartnerGroup | None,
    message: str,
    request: HttpRequest,
) -> Invitation:
    # One invitation at a time per partnership, held by the database (not only the form's cache guard): two
    # presses of "Send invitation" at once on two servers make one invitation, and the second is told so.
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    invitation_check_email(partnership=partnership, email=email)
    invitation = Invitation.objects.create(
        partnership=partnership,
        invited_by=invited_by,
        email=email.lower(),
        role=role,
        group=group,
        message=message,
    )
    invitation_send(invitation=invitation, request=request)
    return invitation


def invitation_resend(*, invitation: Invitation, request: HttpRequest) -> Invitation:
    """Send a waiting or expired invitation again, with a fresh expiry date."""
    if invitation.status in {Invitation.Status.ACCEPTED, Invitation.Status.REVOKED}:
        raise ValidationError("This invitation has been used or withdrawn, so it cannot be sent again.")
    if (
        Membership.objects.current()
        .filter(partnership_id=invitation.partnership_id, person__email__iexact=invitation.email)
        .exists()
    ):
        raise ValidationError(
            f"{invitation.email} is already in the partnership, so there is no need to invite them."
        )
    invitation.renew()
    invitation.save(update_fields=["expires_at"])
    invitation_send(invitation=invitation, request=request)
    return invitation


def invitation_revoke(*, invitation: Invitation) -> None:
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError("Only a waiting invitation can be withdrawn.")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


@transaction.atomic
def invitation_accept(*, invitation: Invitation, person: User) -> Membership:
    """Join the partnership the invitation is for. The person's account email must match the invitation."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError("This invitation can no longer be used.")
    if person.email.lower() != invitation.email.lower():
        raise ValidationError("This invitation was sent to a different email address.")
    membership, created = Membership.objects.get_or_create(
        partnership=invitation.partnership,
        person=person,
        defaults={"role": invitation.role, "group": invitation.group},
    )
    if not created and membership.left_on is not None:
        # Someone who left and is invited back rejoins with the new role. Someone still in the partnership
        # keeps the role they have: an old invitation never changes it.
        membership.role = invitation.role
        membership.group = invitation.group
        membership.left_on = None
        membership.joined_on = timezone.localdate()
        membership.save()
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership


@transaction.atomic
def account_create_from_invitation(
    *, invitation: Invitation, full_name: str, known_as: str, password: str
) -> User:
    """Make an account for an invited person. The emailed link proves they own the address."""
    user = User.objects.create_user(
        email=invitation.email, password=password, full_name=full_name, known_as=known_as
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    invitation_accept(invitation=invitation, person=user)
    return user


def person_phone_set(*, person: User, phone: str) -> None:
    """The phone number given on the contact preferences form goes on the person's profile, where everything
    that rings or texts them reads it."""
    if person.phone != phone:
        person.phone = phone
        person.save(update_fields=["phone"])


def communication_preferences_for(*, person: User) -> CommunicationPreference:
    pref, _ = CommunicationPreference.objects.get_or_create(
        person=person, defaults={"channels": [CommunicationPreference.Channel.EMAIL]}
    )
    return pref


@transaction.atomic
def offline_partner_add(
    *,
    partnership: Partnership,
    added_by: User,
    full_name: str,
    known_as: str = "",
    phone: str = "",
    postal_address: str = "",
    support_person_name: str = "",
    role: str = Role.MEMBER,
    group: PartnerGroup | None = None,
    channels: list[str],
    paper_format: str = CommunicationPreference.PaperFormat.STANDARD,
    recorded_how: str = HowTold.PHONE,
) -> Membership:
    """Add a partner who has no email address or does not use computers: a person who cannot sign in (no
    password, an address that receives nothing), a membership without an invitation, and preferences the
    coordinator records for them. Packs go by post or phone because email is never one of their channels."""
    person = User(
        email=no_email_address(),
        full_name=full_name,
        known_as=known_as,
        phone=phone,
        offline=True,
        # Nobody signs in as them; is_active keeps Django and allauth from ever trying.
        is_active=False,
    )
    person.set_unusable_password()
    person.save()
    membership = Membership.objects.create(partnership=partnership, person=person, role=role, group=group)
    pref = CommunicationPreference(
        person=person,
        channels=[c for c in channels if c != CommunicationPreference.Channel.EMAIL],
        paper_format=paper_format,
        # Everything reaches them in their meeting pack, by post or phone: nothing is held for an email.
        frequency=CommunicationPreference.Frequency.PACKS_ONLY,
        postal_address=postal_address,
        support_person_name=support_person_name,
    )
    pref.mark_recorded(by=added_by, how=recorded_how)
    pref.save()
    return membership


# ---------------------------------------------------------------- a support person confirms their address

# How long the link in the email works; after that the person sends it again from their profile.
SUPPORT_PERSON_LINK_DAYS = 14
# Sending the email again is refused for a few minutes, so nobody's inbox can be flooded by a button.
SUPPORT_PERSON_RESEND_MINUTES = 5
_SUPPORT_SALT = "partners.support_person"


def support_person_token(pref: CommunicationPreference) -> str:
    """A signed link token naming the preference and the very address that is to confirm: changing the
    address makes every earlier link useless."""
    return signing.dumps(
        {"pref": pref.pk, "email": pref.support_person_email_waiting.lower()}, salt=_SUPPORT_SALT
    )


class SupportLinkError(Exception):
    """The confirmation link does not work: `reason` is "expired", "used" or "broken"."""

    def __init__(self, reason: str, pref: CommunicationPreference | None = None):
        super().__init__(reason)
        self.reason = reason
        self.pref = pref


def support_person_from_token(token: str) -> tuple[CommunicationPreference, str]:
    """The preference and address a confirmation link is for, or SupportLinkError."""
    try:
        data = signing.loads(token, salt=_SUPPORT_SALT, max_age=timedelta(days=SUPPORT_PERSON_LINK_DAYS))
    except signing.SignatureExpired as error:
        raise SupportLinkError("expired") from error
    except signing.BadSignature as error:
        raise SupportLinkError("broken") from error
    if not isinstance(data, dict):
        raise SupportLinkError("broken")
    pref = CommunicationPreference.objects.select_related("person").filter(pk=data.get("pref")).first()
    if pref is None:
        raise SupportLinkError("broken")
    email = str(data.get("email", ""))
    if pref.support_person_email_waiting.lower() != email:
        # Confirmed already, or the person has since given another address (or none).
        raise SupportLinkError("used", pref)
    return pref, email


def _support_person_ask(*, pref: CommunicationPreference, request: HttpRequest) -> None:
    person = pref.person
    partnerships = [m.partnership.name for m in person.memberships.current().select_related("partnership")]
    send_email(
        to=[pref.support_person_email_waiting],
        subject=f"{person.display_name} asks us to copy you in on their messages",
        template="support_person_confirm",
        context={
            "person": person,
            "support_name": pref.support_person_name,
            "partnerships": partnerships,
            "confirm_url": request.build_absolute_uri(
                reverse("partners:support_person_confirm", kwargs={"token": support_person_token(pref)})
            ),
            "days": SUPPORT_PERSON_LINK_DAYS,
        },
    )
    pref.support_person_asked_at = timezone.now()
    pref.save(update_fields=["support_person_asked_at"])


@transaction.atomic
def support_person_set(*, pref: CommunicationPreference, email: str, request: HttpRequest) -> bool:
    """The person gives (or changes, or removes) their support person's address. A new address is not
    copied in on anything until its owner confirms it through the emailed link; the old one stops at once.
    Returns whether a confirmation email went out."""
    email = email.strip()
    if not email:
        pref.support_person_email = pref.support_person_email_waiting = ""
        pref.support_person_asked_at = None
    elif email.lower() == pref.support_person_email.lower():
        pref.support_person_email_waiting = ""  # back to the address already confirmed
    elif email.lower() == pref.support_person_email_waiting.lower():
        return False  # still waiting: "Send the email again" is a button of its own
    else:
        pref.support_person_email = ""
        pref.support_person_email_waiting = email
        pref.save(update_fields=["support_person_email", "support_person_email_waiting"])
        _support_person_ask(pref=pref, request=request)
        return True
    pref.save(
        update_fields=["support_person_email", "support_person_email_waiting", "support_person_asked_at"]
    )
    return False


def support_person_ask_again(*, pref: CommunicationPreference, request: HttpRequest) -> None:
    if not pref.support_person_email_waiting:
        raise ValidationError("There is no support person waiting to confirm.")
    recent = timezone.now() - timedelta(minutes=SUPPORT_PERSON_RESEND_MINUTES)
    if pref.support_person_asked_at and pref.support_person_asked_at > recent:
        raise ValidationError(
            f"We emailed {pref.support_person_email_waiting} a few minutes ago. Give it time to arrive, and "
            "ask them to look in their junk or spam folder."
        )
    _support_person_ask(pref=pref, request=request)


@transaction.atomic
def support_person_confirm(*, token: str) -> CommunicationPreference:
    """The support person confirms through their link: from now on they are copied in."""
    pref, email = support_person_from_token(token)
    pref = CommunicationPreference.objects.select_for_update().select_related("person").get(pk=pref.pk)
    if pref.support_person_email_waiting.lower() != email:
        raise SupportLinkError("used", pref)
    pref.support_person_email = pref.support_person_email_waiting
    pref.support_person_email_waiting = ""
    pref.save(update_fields=["support_person_email", "support_person_email_waiting"])
    return pref


@transaction.atomic
def support_person_decline(*, token: str) -> CommunicationPreference:
    """Someone who does not want the copies (or does not know the person) says no: the address is dropped
    and nothing is ever sent to it."""
    pref, email = support_person_from_token(token)
    pref = CommunicationPreference.objects.select_for_update().select_related("person").get(pk=pref.pk)
    if pref.support_person_email_waiting.lower() != email:
        raise SupportLinkError("used", pref)
    pref.support_person_email_waiting = ""
    pref.support_person_asked_at = None
    pref.save(update_fields=["support_person_email_waiting", "support_person_asked_at"])
    return pref


def personal_data_export(*, person: User) -> dict:
    """Everything the workspace holds about a person, for them to download (every app's part)."""
    return personal_data.download(person=person)


@transaction.atomic
def account_delete(*, person: User) -> None:
    """Delete a person and their personal details. Partnership records keep their place as "a former partner".

    Memberships keep their role, group and dates with no person (models use SET_NULL); access needs and
    communication preferences go with the account; invitations to their address are removed; their name is
    taken out of every kept version and text of their partnerships (`personal_data.forget_everywhere`), and
    those partnerships' printed PDFs are deleted.
    """
    sole = [
        m.partnership.name
        for m in person.memberships.current().select_related("partnership")
        if _last_coordinator(m)
    ]
    if sole:
        raise ValidationError(
            f"You are the only coordinator of {', '.join(sole)}. Make someone else a coordinator first, "
            "so the partnership can carry on without you."
        )
    partnership_ids = list(
        Membership.objects.filter(person=person).values_list("partnership_id", flat=True).distinct()
    )
    # Names copied into words (minutes versions, reasons, notes...) go before the account: the foreign keys
    # the database sets null cannot find them.
    personal_data.forget_everywhere(person=person, partnership_ids=partnership_ids)
    Membership.objects.filter(person=person, left_on__isnull=True).update(left_on=timezone.localdate())
    Invitation.objects.filter(email__iexact=person.email).delete()
    person.delete()
    # Printed PDFs of those partnerships may name them: delete them (they are made again on demand), once
    # the deletion is certain, so a print made meanwhile from the old words cannot stay behind.
    transaction.on_commit(lambda: _forget_printed(partnership_ids))


def _forget_printed(partnership_ids: list[int]) -> None:
    from coproduction.printing import forget_printed  # the print pipeline loads WeasyPrint: only when needed

    forget_printed(partnership_ids=partnership_ids)


LAST_COORDINATOR = "Every partnership needs a coordinator. Make someone else a coordinator first."


def _last_coordinator(member: Membership) -> bool:
    """Whether `member` is the partnership's only current coordinator. Callers hold a transaction: the
    coordinators' rows are locked, so two coordinators stepping down at once cannot leave none."""
    if member.role != Role.COORDINATOR:
        return False
    others = list(
        Membership.objects.current()
        .select_for_update()
        .filter(partnership_id=member.partnership_id, role=Role.COORDINATOR)
        .exclude(pk=member.pk)
    )
    return not others


@transaction.atomic
def membership_change(*, member: Membership, role: str, group: PartnerGroup | None) -> Membership:
    if role != Role.COORDINATOR and _last_coordinator(member):
        raise ValidationError(LAST_COORDINATOR)
    member.role = role
    member.group = group
    member.save(update_fields=["role", "group"])
    return member


@transaction.atomic
def membership_end(*, member: Membership) -> Membership:
    """Record that someone has left. Their place in the records stays."""
    if _last_coordinator(member):
        raise ValidationError(LAST_COORDINATOR)
    member.left_on = timezone.localdate()
    member.save(update_fields=["left_on"])
    return member


def access_needs_summary(*, people: list[User], viewer: Membership) -> list[dict]:
    """Each need once, with how many people have it and the names the viewer may see.

    Coordinators and chairs see every name; others see names only of people who chose to share, and a
    count of the rest ("and 2 others"). `people` must have `access_needs` prefetched.
    """
    rows: dict[str, dict] = {}
    for person in people:
        may_name = viewer.may_name_needs_of(person)
        for need in person.access_needs.all():
            row = rows.setdefault(
                need.code, {"code": need.code, "label": need.label, "people": [], "unnamed": 0}
            )
            if may_name:
                row["people"].append(
                    {"name": person.display_name, "detail": need.detail_text, "note": need.note}
                )
            else:
                row["unnamed"] += 1
    order = {need.code: index for index, need in enumerate(NEEDS)}
    result = []
    for group, group_label in GROUPS.items():
        group_rows = sorted(
            (r for r in rows.values() if r["code"] in order and NEEDS_BY_CODE[r["code"]].group == group),
            key=lambda r: order[r["code"]],
        )
        for row in group_rows:
            row["count"] = len(row["people"]) + row["unnamed"]
            row["people"].sort(key=lambda p: p["name"].lower())
        if group_rows:
            result.append({"label": group_label, "rows": group_rows})
    return result


# ---------------------------------------------------------------- the partnership's own pictures


def picture_add(*, partnership: Partnership, name: str, alt_text: str, prepared, uploaded_by) -> Picture:
    """Keep a checked picture (`coproduction.images.PreparedImage`): stored under a name of our own, never
    the uploaded one."""
    picture = Picture(partnership=partnership, name=name, alt_text=alt_text, uploaded_by=uploaded_by)
    picture.image.save(f"picture{prepared.extension}", ContentFile(prepared.content), save=False)
    picture.save()
    return picture


def picture_delete(*, picture: Picture) -> None:
    """Remove a picture and its file. Points and glossary entries that chose it show no picture from now on
    (documents leave out a picture they cannot find)."""
    stored = picture.image.name
    storage = picture.image.storage
    GlossaryTerm.objects.filter(partnership_id=picture.partnership_id, picture=upload_code(picture)).update(
        picture=""
    )
    picture.delete()
    if stored:
        storage.delete(stored)
