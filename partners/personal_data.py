"""A person's data across the whole workspace: what their download holds, and forgetting them when they
delete their account.

`partners` imports no other app (DESIGN's import rule), yet meetings (and later apps) keep data about people.
So each app that does has a module `<app>/services/personal_data.py`, found here by name the way Django's
admin finds `admin.py` modules. Each such module (and this one, for partners) says:

- `SECTIONS`: section name -> what it holds, in plain words (the "What your data download holds" page);
- `EXPORTED`: every link to a person ("app.Model.field") it puts in the download, with its section;
- `NOT_PERSONAL`: links to a person it deliberately leaves out, each with the reason;
- `export(*, person) -> dict`: the sections, for the download;
- `forget(*, person, names, partnership_ids)`: called before the account is deleted, in the same
  transaction, to take the person's name out of text the app kept (foreign keys are set null by the
  database; names copied into words are not).

tests/partners/test_data_download.py walks every model: a new link to a person fails it until someone
decides which of the two lists it belongs in.
"""

import re
from collections.abc import Iterable
from importlib import import_module
from types import ModuleType

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

from .models import (
    FORMER_PARTNER,
    AccessNeed,
    CommunicationPreference,
    Invitation,
    Membership,
    Picture,
    User,
)

HOOK_MODULE = "services.personal_data"

SECTIONS = {
    "profile": "Your details: email address, full name, the name to use, pronouns, phone number and when you "
    "joined.",
    "email_addresses": "The email addresses on your account, and whether each is confirmed.",
    "two_factor_authentication": "Whether you use two-factor authentication, and since when (not its "
    "secret codes).",
    "display_preferences": "How pages look for you: text size, contrast and easy read first.",
    "access_needs": "Your access needs in your own words, and whether you share them with partners by name.",
    "communication_preferences": "How you want to hear from us: how to contact you, the format of your "
    "papers, how often, your postal address and your support person.",
    "memberships": "The partnerships you are or were in, with your role, group and dates.",
    "invitations_received": "Invitations sent to your email address.",
    "invitations_sent": "Invitations you sent to other people.",
    "pictures_uploaded": "Pictures you added for easy read.",
}

EXPORTED = {
    "partners.Membership.person": "memberships",
    "partners.AccessNeed.person": "access_needs",
    "partners.CommunicationPreference.person": "communication_preferences",
    "partners.Invitation.invited_by": "invitations_sent",
    "partners.Picture.uploaded_by": "pictures_uploaded",
    "account.EmailAddress.user": "email_addresses",
    "mfa.Authenticator.user": "two_factor_authentication",
}

NOT_PERSONAL = {
    "partners.AccessNeed.recorded_by": "Who wrote down an access need for a partner who does not use email. "
    "It is part of that partner's record, not the writer's: their download would otherwise hold someone "
    "else's access needs. It is set empty when the writer's account goes.",
    "partners.CommunicationPreference.recorded_by": "Who wrote down how a partner who does not use email "
    "wants to hear from us. It is part of that partner's record, for the same reason.",
    "admin.LogEntry.user": "The Django admin's own record of changes made by site staff. It is for the "
    "people who run the site, not part of the workspace, and goes with the account.",
}


def hook_modules() -> list[ModuleType]:
    """Every app's personal data module (this one first), found by name so partners imports none of them."""
    modules = [import_module(__name__)]
    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, HOOK_MODULE):
            modules.append(import_module(f"{app_config.name}.{HOOK_MODULE}"))
    return modules


def sections() -> dict[str, str]:
    """Every section of the download, in order, with what it holds."""
    result: dict[str, str] = {}
    for module in hook_modules():
        result.update(module.SECTIONS)
    return result


def exported_links() -> dict[str, str]:
    result: dict[str, str] = {}
    for module in hook_modules():
        result.update(module.EXPORTED)
    return result


def not_personal_links() -> dict[str, str]:
    result: dict[str, str] = {}
    for module in hook_modules():
        result.update(module.NOT_PERSONAL)
    return result


def download(*, person: User) -> dict:
    """Everything the workspace holds about a person, for them to download."""
    data: dict = {"exported_at": timezone.now().isoformat(), "what_this_file_holds": sections()}
    for module in hook_modules():
        data.update(module.export(person=person))
    return data


def forget_everywhere(*, person: User, partnership_ids: list[int]) -> None:
    """Take the person's name out of every app's kept words, in the partnerships they were part of."""
    names = person_names(person)
    for module in hook_modules():
        module.forget(person=person, names=names, partnership_ids=partnership_ids)


# ---------------------------------------------------------------- names in words


def person_names(person: User) -> list[str]:
    """The ways a person's name was written into text: full name, the name they use, their email address,
    and each part of their full name ("Ms Brownlee left early"). Longest first, so "Fiona Brownlee" goes
    whole rather than as two former partners.

    A surname that is also an ordinary capitalised word ("Hall") is taken out of their partnerships' text
    too: a record that reads oddly is the lesser harm than a name left behind after the person asked to go.
    """
    # A part that is also a month or a day ("May", "June") would rewrite dates all over the record.
    parts = [part for part in person.full_name.split() if part.lower() not in _CALENDAR_WORDS]
    names = {name.strip() for name in (person.full_name, person.known_as, person.email, *parts) if name}
    # One letter is no name to search for (and initials would rewrite every "A" or "I").
    return sorted((name for name in names if len(name) >= 2), key=len, reverse=True)


_CALENDAR_WORDS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)

# "Ms Brownlee" becomes "a former partner", not "Ms a former partner".
_TITLE = r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Cllr)\.? )?"


def names_pattern(names: Iterable[str]) -> re.Pattern | None:
    names = list(names)
    if not names:
        return None
    # Whole words only, as written: the known-as name "Al" must not rewrite "all" or "Alan".
    return re.compile(_TITLE + r"(?<!\w)(?:" + "|".join(re.escape(name) for name in names) + r")(?!\w)")


def _former(match: re.Match) -> str:
    before = match.string[: match.start()].rstrip()
    starts_sentence = not before or before[-1] in ".!?:\n\u201c\"'("
    return FORMER_PARTNER if starts_sentence else FORMER_PARTNER.lower()


def without_names(text: str, pattern: re.Pattern | None) -> str:
    """`text` with every mention of the person replaced by "a former partner"."""
    if not text or pattern is None:
        return text
    return pattern.sub(_former, text)


def scrub_rows(queryset, fields: list[str], pattern: re.Pattern | None) -> int:
    """Rewrite `fields` of every row in `queryset` that mentions the person. Returns how many rows changed."""
    if pattern is None:
        return 0
    changed = []
    for row in queryset.only("pk", *fields):
        dirty = False
        for name in fields:
            before = getattr(row, name)
            after = without_names(before, pattern)
            if after != before:
                setattr(row, name, after)
                dirty = True
        if dirty:
            changed.append(row)
    if changed:
        queryset.model.objects.bulk_update(changed, fields)
    return len(changed)


# ---------------------------------------------------------------- partners' own part


def export(*, person: User) -> dict:
    pref = CommunicationPreference.objects.filter(person=person).first()
    return {
        "profile": {
            "email": person.email,
            "full_name": person.full_name,
            "known_as": person.known_as,
            "pronouns": person.pronouns,
            "phone": person.phone,
            "date_joined": person.date_joined.isoformat(),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=person)
        ],
        "two_factor_authentication": [
            {"type": authenticator.type, "created_at": authenticator.created_at.isoformat()}
            for authenticator in Authenticator.objects.filter(user=person)
        ],
        "display_preferences": {
            "text_size": person.text_size,
            "high_contrast": person.high_contrast,
            "easy_read_first": person.easy_read_first,
        },
        "access_needs": {
            "shared_with_partners_by_name": person.share_access_needs,
            "needs": [
                {
                    "code": need.code,
                    "need": need.label,
                    "detail": need.detail_text,
                    "note": need.note,
                    "recorded_for_you": need.recorded_text,
                }
                for need in AccessNeed.objects.filter(person=person)
            ],
        },
        "communication_preferences": None
        if pref is None
        else {
            "channels": pref.channels,
            "paper_format": pref.paper_format,
            "frequency": pref.frequency,
            "contact_between_meetings": pref.contact_between_meetings,
            "best_times": pref.best_times,
            "postal_address": pref.postal_address,
            "support_person_name": pref.support_person_name,
            "support_person_email": pref.support_person_email,
            "support_person_email_waiting_to_confirm": pref.support_person_email_waiting,
            "recorded_for_you": pref.recorded_text,
        },
        "memberships": [
            {
                "partnership": m.partnership.name,
                "role": m.get_role_display(),
                "group": m.group.name if m.group else None,
                "joined_on": m.joined_on.isoformat(),
                "left_on": m.left_on.isoformat() if m.left_on else None,
            }
            for m in Membership.objects.filter(person=person).select_related("partnership", "group")
        ],
        "invitations_received": [
            {"partnership": i.partnership.name, "role": i.get_role_display(), "status": i.status}
            for i in Invitation.objects.filter(email__iexact=person.email).select_related("partnership")
        ],
        "invitations_sent": [
            {
                "partnership": i.partnership.name,
                "email": i.email,
                "role": i.get_role_display(),
                "message": i.message,
                "created_at": i.created_at.isoformat(),
                "status": i.status,
            }
            for i in Invitation.objects.filter(invited_by=person).select_related("partnership")
        ],
        "pictures_uploaded": [
            {
                "partnership": p.partnership.name,
                "name": p.name,
                "description": p.alt_text,
                "created_at": p.created_at.isoformat(),
            }
            for p in Picture.objects.filter(uploaded_by=person).select_related("partnership")
        ],
    }


def forget(*, person: User, names: list[str], partnership_ids: list[int]) -> None:
    pattern = names_pattern(names)
    scrub_rows(Invitation.objects.filter(partnership_id__in=partnership_ids), ["message"], pattern)
    scrub_rows(Picture.objects.filter(partnership_id__in=partnership_ids), ["name", "alt_text"], pattern)
