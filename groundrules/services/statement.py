"""What co-production means to the partnership: its statement, and who has committed to it.

- The statement's points: added, changed, removed and moved up or down by coordinators and chairs.
- Each partner group's commitment (who committed on its behalf, and when).
- Each person's answer: "I understand this and I agree to work this way" or "I do not understand this yet"
  (which asks the coordinator to go through it with them). Coordinators record answers given on paper, by
  phone or in person, and mark that they went through it with someone.
- `home_notices`: what the workspace home says about the statement and the ground rules, in one query.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, Func, OuterRef, Q, Subquery
from django.utils import timezone

from partners.models import Membership, PartnerGroup, Partnership, Role, User

from ..defaults import DRAFT_STATEMENT
from ..models import RULE_MAX_LENGTH, GroupCommitment, PersonalCommitment, RulesVersion, StatementPoint

# People who are asked for their answer: everyone but observers and visiting experts, who read only.
NOT_ASKED = (Role.OBSERVER, Role.VISITING_EXPERT)

EMPTY_POINT = "Enter the point in plain words"
LONG_POINT = "The point must be {max} characters or fewer. It has {n}. Make it shorter, or split it in two."
EMPTY_WHO = "Enter who committed on the group\u2019s behalf, for example \u201cAileen Ross, Director\u201d"
FUTURE_DATE = "The date the group committed must be today or in the past"
NOT_ANSWERED = (
    "They have not given an answer yet. Record their answer once you have been through it with them."
)


@transaction.atomic
def statement_draft(partnership: Partnership) -> list[StatementPoint]:
    """Give a partnership with no statement the draft to start from. Does nothing if it has one."""
    if StatementPoint.objects.filter(partnership=partnership).exists():
        return []
    return StatementPoint.objects.bulk_create(
        StatementPoint(
            partnership=partnership,
            position=position,
            text=text,
            easy_read_text=easy,
            easy_read_picture=picture,
        )
        for position, (text, easy, picture) in enumerate(DRAFT_STATEMENT, start=1)
    )


# ---------------------------------------------------------------- the statement's points


def statement_points(partnership: Partnership) -> list[StatementPoint]:
    return list(StatementPoint.objects.filter(partnership=partnership).order_by("position", "pk"))


def _check_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": EMPTY_POINT}, code="empty")
    if len(text) > RULE_MAX_LENGTH:
        raise ValidationError(
            {"text": LONG_POINT.format(max=f"{RULE_MAX_LENGTH:,}", n=f"{len(text):,}")}, code="too_long"
        )
    return text


@transaction.atomic
def point_add(
    *, partnership: Partnership, text: str, easy_read_text: str = "", easy_read_picture: str = "", by: User
) -> StatementPoint:
    text = _check_text(text)
    last = (
        StatementPoint.objects.filter(partnership=partnership)
        .order_by("-position")
        .values("position")
        .first()
    )
    return StatementPoint.objects.create(
        partnership=partnership,
        position=(last["position"] if last else 0) + 1,
        text=text,
        easy_read_text=(easy_read_text or "").strip(),
        easy_read_picture=easy_read_picture or "",
        changed_by=by,
    )


def point_change(
    *, point: StatementPoint, text: str, easy_read_text: str = "", easy_read_picture: str = "", by: User
) -> StatementPoint:
    point.text = _check_text(text)
    point.easy_read_text = (easy_read_text or "").strip()
    point.easy_read_picture = easy_read_picture or ""
    point.changed_by = by
    point.changed_at = timezone.now()
    point.save(update_fields=["text", "easy_read_text", "easy_read_picture", "changed_by", "changed_at"])
    return point


def point_remove(*, point: StatementPoint) -> None:
    point.delete()


@transaction.atomic
def point_move(*, point: StatementPoint, up: bool) -> bool:
    """Move a point one place up or down. Positions are numbered afresh, so gaps and ties never stick.
    False when it is already first (or last)."""
    Partnership.objects.select_for_update().filter(pk=point.partnership_id).first()
    points = list(
        StatementPoint.objects.filter(partnership_id=point.partnership_id).order_by("position", "pk")
    )
    index = next((n for n, p in enumerate(points) if p.pk == point.pk), None)
    other = None if index is None else index - 1 if up else index + 1
    if other is None or not 0 <= other < len(points):
        return False
    points[index], points[other] = points[other], points[index]
    for position, each in enumerate(points, start=1):
        each.position = position
    StatementPoint.objects.bulk_update(points, ["position"])
    return True


# ---------------------------------------------------------------- the partner groups' commitments


def groups_with_commitments(partnership: Partnership) -> list[PartnerGroup]:
    """The partnership's groups, each with `commitment_or_none`. One query."""
    groups = list(
        PartnerGroup.objects.filter(partnership=partnership).select_related("commitment").order_by("name")
    )
    for group in groups:
        try:
            group.commitment_or_none = group.commitment
        except GroupCommitment.DoesNotExist:
            group.commitment_or_none = None
    return groups


def group_commit(*, group: PartnerGroup, committed_by: str, committed_on: date, recorded_by: User):
    committed_by = " ".join((committed_by or "").split())
    if not committed_by:
        raise ValidationError({"committed_by": EMPTY_WHO}, code="empty")
    if committed_on > timezone.localdate():
        raise ValidationError({"committed_on": FUTURE_DATE}, code="future")
    commitment, _ = GroupCommitment.objects.update_or_create(
        group=group,
        defaults={
            "partnership_id": group.partnership_id,
            "committed_by": committed_by,
            "committed_on": committed_on,
            "recorded_by": recorded_by,
            "recorded_at": timezone.now(),
        },
    )
    return commitment


# ---------------------------------------------------------------- each person's answer


def commitment_for(partnership: Partnership, person: User) -> PersonalCommitment | None:
    return PersonalCommitment.objects.filter(partnership=partnership, person=person).first()


def commitment_give(
    *, partnership: Partnership, person: User, answer: str, recorded_by: User | None = None
) -> PersonalCommitment:
    """Save what a person said (again, if they answer again). `recorded_by` is the coordinator who wrote
    down an answer given on paper, by phone or in person. Saying "not yet" again asks for help again."""
    if answer not in PersonalCommitment.Answer.values:
        raise ValidationError({"answer": "Choose one answer"}, code="invalid")
    commitment, _ = PersonalCommitment.objects.update_or_create(
        partnership=partnership,
        person=person,
        defaults={
            "answer": answer,
            "answered_at": timezone.now(),
            "recorded_by": recorded_by,
            "helped_at": None,
        },
    )
    return commitment


def commitment_helped(*, partnership: Partnership, person: User) -> PersonalCommitment:
    """The coordinator went through the statement and the ground rules with this person."""
    commitment = PersonalCommitment.objects.filter(partnership=partnership, person=person).first()
    if commitment is None:
        raise ValidationError(NOT_ANSWERED, code="not_answered")
    commitment.helped_at = timezone.now()
    commitment.save(update_fields=["helped_at"])
    return commitment


def asked_members(partnership: Partnership):
    """Everyone current in the partnership who is asked for an answer, with their answer annotated
    (`answer`, `answered_at`, `recorded_by_name`, `helped_at`; None when they have not seen it)."""
    mine = PersonalCommitment.objects.filter(partnership=partnership, person=OuterRef("person_id"))
    return (
        Membership.objects.current()
        .filter(partnership=partnership)
        .exclude(role__in=NOT_ASKED)
        .select_related("person", "group")
        .annotate(
            answer=Subquery(mine.values("answer")[:1]),
            answered_at=Subquery(mine.values("answered_at")[:1]),
            recorded_by_id=Subquery(mine.values("recorded_by_id")[:1]),
            helped_at=Subquery(mine.values("helped_at")[:1]),
        )
        .order_by("person__full_name", "pk")
    )


# ---------------------------------------------------------------- the workspace home


def _count(queryset) -> Subquery:
    return Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"))


def home_notices(partnership: Partnership, *, coordinator: bool, today: date | None = None) -> dict:
    """For the workspace home, in one query: whether the current ground rules are due for review, and (for
    coordinators) how many people have not seen the statement and the ground rules yet, and how many said
    they do not understand them yet (and nobody has gone through it with them since)."""
    today = today or timezone.localdate()
    current = RulesVersion.objects.filter(partnership=OuterRef("pk")).order_by("-number")
    columns = {"review_on": Subquery(current.values("review_on")[:1])}
    if coordinator:
        asked = Membership.objects.current().filter(partnership=OuterRef("pk")).exclude(role__in=NOT_ASKED)
        answered = PersonalCommitment.objects.filter(
            partnership=OuterRef("partnership_id"), person=OuterRef("person_id")
        )
        columns["not_seen"] = _count(asked.filter(~Exists(answered)))
        columns["not_understood"] = _count(
            asked.filter(
                Exists(answered.filter(Q(answer=PersonalCommitment.Answer.NOT_YET), helped_at__isnull=True))
            )
        )
    found = Partnership.objects.filter(pk=partnership.pk).annotate(**columns).values(*columns).get()
    review_on = found["review_on"]
    return {
        "review_due": review_on is not None and review_on <= today,
        "review_on": review_on,
        "not_seen": found.get("not_seen") or 0,
        "not_understood": found.get("not_understood") or 0,
    }
