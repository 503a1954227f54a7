"""Proposals for the ground rules: a partner proposes a new rule, new words for a rule, or taking a rule out;
the partners respond Yes / Not sure / No and comment; the proposer or a manager changes or withdraws it while
it is under discussion. Agreeing it is the meeting's (`services.rules.version_agree`).

Every function refuses with a `ValidationError` in plain words; the views put it on the form.
"""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Value
from django.utils import dateformat, timezone

from partners.models import Membership, Partnership, Role, User

from ..defaults import STARTER_SUGGESTIONS
from ..models import IN_PRACTICE_MAX_LENGTH, RULE_MAX_LENGTH, Comment, Proposal, Response, VersionRule
from .rules import current_version, rule_words

TEXT_REQUIRED = "Enter the rule in plain words"
TEXT_TOO_LONG = "The rule must be {max:,} characters or fewer. You have written {n:,}."
RULE_NOT_FOUND = (
    "The current ground rules have no rule like that. Choose the rule to change or take out from the "
    "current ground rules."
)
NO_RULES_YET = (
    "Your partnership has not agreed any ground rules yet, so there is no rule to change or take out. "
    "Propose a new rule instead."
)
NOTICE_DAYS = "Enter how many days before a meeting, a number from 1 to 60"
REASON_FOR_NO = "Say why you said No, so the partners can talk about it"
ANSWER_REQUIRED = "Choose Yes, Not sure or No"
COMMENT_REQUIRED = "Enter your comment"
COMMENT_TOO_LONG = "Your comment must be 3,000 characters or fewer. You have written {n:,}."
REASON_TOO_LONG = "The reason must be 2,000 characters or fewer. You have written {n:,}."
NOT_A_PARTNER = "Choose a partner from the list: observers and visiting experts do not respond to proposals."
HOW_REQUIRED = "Choose how they told you: on paper, by phone or in person"
NOT_OPEN = "This proposal was {what} on {day}, so it is not taking {things}."

READ_ONLY = (Role.OBSERVER, Role.VISITING_EXPERT)

RECORDED_HOW = [
    ("paper", "On paper"),
    ("phone", "By phone"),
    ("in_person", "In person"),
]
RECORDED_WORDS = {"paper": "on paper", "phone": "from a phone call", "in_person": "in person"}
# What the partners answered to: changing these after responses is said on the proposal's page.
ANSWERED_FIELDS = ("text", "easy_read_text", "easy_read_picture", "in_practice", "notice_days")


# ---------------------------------------------------------------- reading


def day_words(moment, partnership: Partnership) -> str:
    """ "3 December 2026", in the partnership's time zone."""
    return dateformat.format(timezone.localtime(moment, ZoneInfo(partnership.time_zone)).date(), "j F Y")


def proposals_for(partnership: Partnership, person: User | None = None):
    """The partnership's proposals with their counts of Yes / Not sure / No and whether `person` has
    responded (one query however many responses; `mine` is False without a person)."""
    return (
        Proposal.objects.filter(partnership=partnership)
        .select_related("proposed_by", "agenda_item", "agenda_item__meeting")
        .annotate(
            yes_count=Count("responses", filter=Q(responses__answer=Response.Answer.YES)),
            not_sure_count=Count("responses", filter=Q(responses__answer=Response.Answer.NOT_SURE)),
            no_count=Count("responses", filter=Q(responses__answer=Response.Answer.NO)),
            mine=Exists(Response.objects.filter(proposal=OuterRef("pk"), person=person))
            if person is not None
            else Value(False),
        )
    )


def open_proposals(partnership: Partnership, person: User | None = None):
    """Proposals under discussion, oldest first, with their counts (and `mine` for `person`)."""
    return proposals_for(partnership, person).filter(status=Proposal.Status.OPEN).order_by("created_at", "pk")


def closed_proposals(partnership: Partnership, person: User | None = None):
    return (
        proposals_for(partnership, person)
        .exclude(status=Proposal.Status.OPEN)
        .order_by("-status_changed_at", "-created_at", "-pk")
    )


def rules_by_key(partnership: Partnership) -> dict[int, VersionRule]:
    """The current version's rules by key (one or two queries), each with `words` as people read them."""
    version = current_version(partnership)
    if version is None:
        return {}
    days = partnership.papers_notice_days
    result = {}
    for rule in version.rules.all():
        rule.words = rule_words(rule.text, uses_papers_notice=rule.uses_papers_notice, days=days)
        result[rule.key] = rule
    return result


@dataclass
class Suggestion:
    index: int
    text: str
    easy_read_text: str
    easy_read_picture: str
    uses_papers_notice: bool
    words: str
    in_current: bool = False
    proposed: bool = False


def suggestion(index: int, partnership: Partnership) -> Suggestion | None:
    if not 0 <= index < len(STARTER_SUGGESTIONS):
        return None
    text, easy, picture, notice = STARTER_SUGGESTIONS[index]
    words = rule_words(text, uses_papers_notice=notice, days=partnership.papers_notice_days)
    return Suggestion(index, text, easy, picture, notice, words)


def _same(a: str, b: str) -> bool:
    return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()


def suggestions(partnership: Partnership) -> list[Suggestion]:
    """The starter suggestions, each saying whether the current version holds it already (the same words) or
    an open proposal proposes it (two or three queries)."""
    current = [rule.text for rule in rules_by_key(partnership).values()]
    proposed = list(
        Proposal.objects.filter(partnership=partnership, status=Proposal.Status.OPEN).values_list(
            "text", flat=True
        )
    )
    result = []
    for index in range(len(STARTER_SUGGESTIONS)):
        item = suggestion(index, partnership)
        item.in_current = any(_same(item.text, text) for text in current)
        item.proposed = any(_same(item.text, text) for text in proposed)
        result.append(item)
    return result


def not_responded(proposal: Proposal):
    """Current partners (not observers or visiting experts) who have not responded, by name (one query)."""
    return (
        Membership.objects.current()
        .filter(partnership_id=proposal.partnership_id)
        .exclude(role__in=READ_ONLY)
        .exclude(person__in=Response.objects.filter(proposal=proposal).values("person"))
        .select_related("person")
        .order_by("person__full_name", "pk")
    )


def partners(partnership: Partnership):
    """Current partners who may respond (for a coordinator recording a response)."""
    return (
        Membership.objects.current()
        .filter(partnership=partnership)
        .exclude(role__in=READ_ONLY)
        .select_related("person")
        .order_by("person__full_name", "pk")
    )


def changed_after_words(proposal: Proposal) -> str:
    """ "Changed on 6 December 2026, after 2 people responded" (empty when not changed after responses)."""
    n = proposal.changed_after_responses
    if not n or not proposal.words_changed_at:
        return ""
    day = day_words(proposal.words_changed_at, proposal.partnership)
    return f"Changed on {day}, after {n} {'person' if n == 1 else 'people'} responded"


def recorded_words(response: Response) -> str:
    """ "recorded by Morag from a phone call" (empty for a response given here)."""
    if not response.recorded_by_id:
        return ""
    by = response.recorded_by.display_name if response.recorded_by else "a coordinator"
    how = RECORDED_WORDS.get(response.recorded_how, "")
    return f"recorded by {by}{' ' + how if how else ''}"


# ---------------------------------------------------------------- checks


def require_open(proposal: Proposal, things: str = "responses") -> None:
    if proposal.is_open:
        return
    what = {
        Proposal.Status.WITHDRAWN: "withdrawn",
        Proposal.Status.AGREED: "agreed",
        Proposal.Status.NOT_AGREED: "not agreed",
    }.get(proposal.status, "decided")
    when = proposal.status_changed_at or proposal.created_at
    raise ValidationError(
        NOT_OPEN.format(what=what, day=day_words(when, proposal.partnership), things=things), code="not_open"
    )


def _check_words(kind: str, text: str) -> str:
    text = (text or "").strip()
    if kind in (Proposal.Kind.ADD, Proposal.Kind.CHANGE) and not text:
        raise ValidationError({"text": TEXT_REQUIRED}, code="required")
    if len(text) > RULE_MAX_LENGTH:
        raise ValidationError(
            {"text": TEXT_TOO_LONG.format(max=RULE_MAX_LENGTH, n=len(text))}, code="max_length"
        )
    return text


def rule_for(partnership: Partnership, kind: str, rule_key: int | None) -> VersionRule | None:
    """The current rule a change or removal is about; a plain refusal for a key not in the current version."""
    if kind == Proposal.Kind.ADD:
        return None
    rules = rules_by_key(partnership)
    if not rules:
        raise ValidationError(NO_RULES_YET, code="no_rules")
    if rule_key not in rules:
        raise ValidationError(RULE_NOT_FOUND, code="rule_not_found")
    return rules[rule_key]


def _fields(kind, text, easy_read_text, easy_read_picture, in_practice, helped_write, why, notice, days):
    if notice and (days is None or not 1 <= days <= 60):
        raise ValidationError({"notice_days": NOTICE_DAYS}, code="notice_days")
    return {
        "kind": kind,
        "text": _check_words(kind, text),
        "easy_read_text": (easy_read_text or "").strip(),
        "easy_read_picture": easy_read_picture or "",
        "in_practice": (in_practice or "").strip()[:IN_PRACTICE_MAX_LENGTH],
        "helped_write": (helped_write or "").strip()[:300],
        "why": (why or "").strip()[:IN_PRACTICE_MAX_LENGTH],
        "uses_papers_notice": bool(notice),
        "notice_days": days if notice else None,
    }


# ---------------------------------------------------------------- writing


def proposal_add(
    *,
    partnership: Partnership,
    by: User,
    kind: str = Proposal.Kind.ADD,
    rule_key: int | None = None,
    text: str = "",
    easy_read_text: str = "",
    easy_read_picture: str = "",
    in_practice: str = "",
    helped_write: str = "",
    why: str = "",
    uses_papers_notice: bool = False,
    notice_days: int | None = None,
) -> Proposal:
    if kind not in Proposal.Kind.values:
        raise ValidationError({"kind": "Choose a new rule, a change to a rule, or taking a rule out"})
    rule = rule_for(partnership, kind, rule_key)
    if rule is not None:
        uses_papers_notice = rule.uses_papers_notice
        if kind == Proposal.Kind.REMOVE:
            # Taking a rule out: the proposal names the rule in its words, so every list reads clearly.
            text, easy_read_text, easy_read_picture = rule.text, rule.easy_read_text, rule.easy_read_picture
            notice_days = partnership.papers_notice_days if uses_papers_notice else None
    if uses_papers_notice and notice_days is None:
        notice_days = partnership.papers_notice_days
    fields = _fields(
        kind, text, easy_read_text, easy_read_picture, in_practice, helped_write, why,
        uses_papers_notice, notice_days,
    )  # fmt: skip
    return Proposal.objects.create(
        partnership=partnership,
        rule_key=rule.key if rule is not None else None,
        proposed_by=by,
        **fields,
    )


def proposal_edit(
    *,
    proposal: Proposal,
    text: str = "",
    easy_read_text: str = "",
    easy_read_picture: str = "",
    in_practice: str = "",
    helped_write: str = "",
    why: str = "",
    notice_days: int | None = None,
) -> Proposal:
    """New words for a proposal under discussion (its kind and rule stay as proposed)."""
    require_open(proposal, "changes")
    if proposal.kind == Proposal.Kind.REMOVE:
        text, easy_read_text, easy_read_picture = (
            proposal.text,
            proposal.easy_read_text,
            proposal.easy_read_picture,
        )
        notice_days = proposal.notice_days
    fields = _fields(
        proposal.kind, text, easy_read_text, easy_read_picture, in_practice, helped_write, why,
        proposal.uses_papers_notice, notice_days,
    )  # fmt: skip
    with transaction.atomic():
        fresh = Proposal.objects.select_for_update().get(pk=proposal.pk)
        fresh.partnership = proposal.partnership
        require_open(fresh, "changes")
        # New words after people responded: their answers are kept, and the page says how many answered
        # before the change, so they can check them. The why and who helped are not what they answered.
        changed = any(getattr(fresh, name) != fields[name] for name in ANSWERED_FIELDS)
        responded = Response.objects.filter(proposal=fresh).count() if changed else 0
        if responded:
            fields["words_changed_at"] = timezone.now()
            fields["changed_after_responses"] = responded
        for name, value in fields.items():
            setattr(proposal, name, value)
        proposal.save(update_fields=list(fields))
    return proposal


def proposal_withdraw(*, proposal: Proposal) -> Proposal:
    with transaction.atomic():
        fresh = Proposal.objects.select_for_update().get(pk=proposal.pk)
        fresh.partnership = proposal.partnership
        require_open(fresh, "changes")
        proposal.status = Proposal.Status.WITHDRAWN
        proposal.status_changed_at = timezone.now()
        proposal.save(update_fields=["status", "status_changed_at"])
    return proposal


def respond(
    proposal: Proposal,
    person: User,
    answer: str,
    reason: str = "",
    recorded_by: User | None = None,
    how: str = "",
) -> Response:
    """The person's answer; answering again changes it. A coordinator recording it says how they were told."""
    require_open(proposal)
    reason = (reason or "").strip()
    if answer not in Response.Answer.values:
        raise ValidationError({"answer": ANSWER_REQUIRED}, code="required")
    if answer == Response.Answer.NO and not reason:
        raise ValidationError({"reason": REASON_FOR_NO}, code="reason_required")
    if len(reason) > 2000:
        raise ValidationError({"reason": REASON_TOO_LONG.format(n=len(reason))}, code="max_length")
    if recorded_by is not None:
        if how not in RECORDED_WORDS:
            raise ValidationError({"how": HOW_REQUIRED}, code="how")
        if not partners(proposal.partnership).filter(person=person).exists():
            raise ValidationError({"person": NOT_A_PARTNER}, code="not_a_partner")
    with transaction.atomic():
        fresh = Proposal.objects.select_for_update().get(pk=proposal.pk)
        fresh.partnership = proposal.partnership
        require_open(fresh)
        response, _ = Response.objects.update_or_create(
            proposal=proposal,
            person=person,
            defaults={
                "partnership_id": proposal.partnership_id,
                "answer": answer,
                "reason": reason,
                "answered_at": timezone.now(),
                "recorded_by": recorded_by,
                "recorded_how": how if recorded_by is not None else "",
            },
        )
    return response


def comment_add(*, proposal: Proposal, author: User, text: str) -> Comment:
    require_open(proposal, "comments")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": COMMENT_REQUIRED}, code="required")
    if len(text) > 3000:
        raise ValidationError({"text": COMMENT_TOO_LONG.format(n=len(text))}, code="max_length")
    return Comment.objects.create(
        partnership_id=proposal.partnership_id, proposal=proposal, author=author, text=text
    )


def partner_people(partnership: Partnership):
    """The people a coordinator may record a response for: current partners, by name."""
    return User.objects.filter(pk__in=partners(partnership).values("person")).order_by("full_name", "pk")
