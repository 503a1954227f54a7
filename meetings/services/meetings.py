"""Setting up meetings, series, roles and replies."""

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, F, FilteredRelation, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from partners.models import Membership, Partnership, Role, User

from ..models import Attendance, Meeting, MeetingRole, MeetingSeries
from .agenda import agenda_start
from .record import require_unlocked


@transaction.atomic
def _check_no_overlap(meeting: Meeting) -> None:
    """The same partners cannot be in two of the partnership's meetings at once."""
    clash = (
        Meeting.objects.filter(
            partnership_id=meeting.partnership_id,
            starts_at__lt=meeting.ends_at,
            ends_at__gt=meeting.starts_at,
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .exclude(pk=meeting.pk)
        .first()
    )
    if clash is not None:
        starts, ends = timezone.localtime(clash.starts_at), timezone.localtime(clash.ends_at)
        raise ValidationError(
            f"This overlaps with \u201c{clash.title}\u201d on {starts.day} {starts:%B %Y}, "
            f"{starts:%H:%M} to {ends:%H:%M}. Choose another time, or change that meeting first."
        )


def meeting_create(*, partnership: Partnership, created_by: User, **fields) -> Meeting:
    """A new meeting with its agenda started from the partnership's standing items."""
    meeting = Meeting(partnership=partnership, created_by=created_by, **fields)
    meeting.full_clean(exclude=["partnership", "created_by"])
    _check_no_overlap(meeting)
    meeting.save()
    agenda_start(meeting=meeting)
    return meeting


def meeting_update(*, meeting: Meeting, **fields) -> Meeting:
    require_unlocked(meeting)
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.full_clean(exclude=["partnership", "created_by"])
    _check_no_overlap(meeting)
    meeting.save()
    return meeting


@dataclass(frozen=True)
class SeriesRule:
    """ "Monthly on the first Tuesday, 10:00 to 12:30, for 6 months" or "every 2 weeks on Wednesday"."""

    frequency: str  # "monthly" or "weekly"
    weekday: int  # Monday is 0
    week_of_month: int  # 1 to 4, or -1 for the last; monthly only
    interval_weeks: int  # weekly only
    start_time: time
    end_time: time
    first_date: date
    count: int

    def describe(self) -> str:
        day = calendar.day_name[self.weekday]
        times = f"{self.start_time:%H:%M} to {self.end_time:%H:%M}"
        if self.frequency == "monthly":
            which = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}[self.week_of_month]
            return f"Monthly on the {which} {day}, {times}, {self.count} meetings"
        every = "Every week" if self.interval_weeks == 1 else f"Every {self.interval_weeks} weeks"
        return f"{every} on {day}, {times}, {self.count} meetings"

    def dates(self) -> list[date]:
        if self.frequency == "weekly":
            first = self.first_date + timedelta(days=(self.weekday - self.first_date.weekday()) % 7)
            return [first + timedelta(weeks=self.interval_weeks * n) for n in range(self.count)]
        result = []
        year, month = self.first_date.year, self.first_date.month
        while len(result) < self.count:
            day = _nth_weekday(year, month, self.weekday, self.week_of_month)
            if day >= self.first_date:
                result.append(day)
            month += 1
            if month > 12:
                year, month = year + 1, 1
        return result


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    days = [
        d
        for d in calendar.Calendar().itermonthdates(year, month)
        if d.month == month and d.weekday() == weekday
    ]
    return days[n - 1] if n > 0 else days[-1]


@transaction.atomic
def series_create(*, partnership: Partnership, created_by: User, rule: SeriesRule, **fields) -> list[Meeting]:
    """Make every meeting of a series in one step; each can be changed afterwards on its own."""
    if rule.count < 1:
        raise ValidationError("A series needs at least one meeting.")
    if rule.end_time <= rule.start_time:
        raise ValidationError({"end_time": "The meetings must end after they start."})
    zone = ZoneInfo(partnership.time_zone)
    series = MeetingSeries.objects.create(
        partnership=partnership, description=rule.describe(), created_by=created_by
    )
    meetings = []
    for day in rule.dates():
        starts = datetime.combine(day, rule.start_time, tzinfo=zone)
        ends = datetime.combine(day, rule.end_time, tzinfo=zone)
        meetings.append(
            meeting_create(
                partnership=partnership,
                created_by=created_by,
                series=series,
                starts_at=starts,
                ends_at=ends,
                **fields,
            )
        )
    return meetings


def meeting_cancel(*, meeting: Meeting, reason: str) -> Meeting:
    if meeting.is_held:
        raise ValidationError("This meeting has already happened, so it cannot be cancelled.")
    require_unlocked(meeting)
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancelled_reason = reason
    meeting.save(update_fields=["status", "cancelled_reason"])
    return meeting


_ATTENDANCE_FIELDS = [f.attname for f in Attendance._meta.concrete_fields]


def invited_people(meeting: Meeting) -> list[tuple[User, Attendance | None]]:
    """Everyone invited to a meeting, with their attendance row where one exists, sorted by name.

    Everyone in the partnership is invited unless excluded; visiting experts only when asked to this meeting.
    One query however many people there are (`invited_people_rows`)."""
    return [(person, attendance) for person, attendance, _ in invited_people_rows(meeting)]


def invited_people_rows(
    meeting: Meeting, more: Callable[[QuerySet[User]], QuerySet[User]] | None = None
) -> list[tuple[User, Attendance | None, list[User]]]:
    """`invited_people`, each person with every row the query gave for them, in one query: the partnership's
    current members, each with their role and their attendance row for this meeting (at most one: a person
    replies once). `more` may add columns to the people, even ones from what a person has many of (one row
    each, so a person may come in several rows: the first is the person, all are in the list)."""
    membership = Membership.objects.current().filter(
        partnership_id=meeting.partnership_id, person_id=OuterRef("pk")
    )
    people = with_attendance(
        User.objects.filter(Exists(membership)).annotate(member_role=Subquery(membership.values("role")[:1])),
        meeting,
    )
    if more is not None:
        people = more(people)
    rows: dict[int, list[User]] = {}
    for row in people.order_by("full_name", "pk"):
        rows.setdefault(row.pk, []).append(row)
    invited = []
    for found in rows.values():
        person = found[0]
        attendance = attendance_of(person)
        if is_invited(person.member_role, attendance):
            invited.append((person, attendance, found))
    return invited


def with_attendance(people: QuerySet[User], meeting: Meeting) -> QuerySet[User]:
    """People with their attendance row for `meeting` (at most one: a person replies once) as columns of the
    same query, read back by `attendance_of`."""
    return people.annotate(
        here=FilteredRelation("attendances", condition=Q(attendances__meeting=meeting))
    ).annotate(**{f"here_{name}": F(f"here__{name}") for name in _ATTENDANCE_FIELDS})


def attendance_of(person: User) -> Attendance | None:
    """The attendance row `with_attendance` read beside the person, or None when they have none."""
    if person.here_id is None:
        return None
    attendance = Attendance.from_db(
        Attendance.objects.db,
        _ATTENDANCE_FIELDS,
        [getattr(person, f"here_{name}") for name in _ATTENDANCE_FIELDS],
    )
    attendance.person = person
    return attendance


def is_invited(role: str | None, attendance: Attendance | None) -> bool:
    """The rule: everyone in the partnership unless left out of this meeting; visiting experts only when
    asked to it (they have an attendance row)."""
    if attendance is not None and attendance.excluded:
        return False
    return not (role == Role.VISITING_EXPERT and attendance is None)


# Who counts as coming: attending, not sure, or not replied yet. Plans are made for all of them.
COMING = frozenset({Attendance.Reply.ATTENDING, Attendance.Reply.NOT_SURE, Attendance.Reply.NO_REPLY})


def coming_people(people: list[tuple[User, Attendance | None]]) -> list[User]:
    """From `invited_people(meeting)`, the people the meeting plans for."""
    return [person for person, attendance in people if attendance is None or attendance.reply in COMING]


def reply_record(*, meeting: Meeting, person: User, reply: str, takes_part: str = "") -> Attendance:
    """A person's reply. For a hybrid meeting, someone coming says whether they will be in the room or
    online (`takes_part`); it is kept only while they say they are coming."""
    if meeting.is_cancelled:
        raise ValidationError("This meeting is cancelled, so replies are closed.")
    if meeting.is_held:
        raise ValidationError("This meeting has already happened, so replies are closed.")
    if reply not in Attendance.Reply.values or reply == Attendance.Reply.NO_REPLY:
        raise ValidationError("Choose attending, not attending or not sure.")
    if takes_part and takes_part not in Attendance.TakesPart.values:
        raise ValidationError("Choose in the room or online.")
    if meeting.format != Meeting.Format.HYBRID or reply == Attendance.Reply.NOT_ATTENDING:
        takes_part = ""
    elif reply == Attendance.Reply.ATTENDING and not takes_part:
        raise ValidationError("Say whether you will be in the room or online.")
    attendance, _ = Attendance.objects.get_or_create(
        meeting=meeting, person=person, defaults={"partnership_id": meeting.partnership_id}
    )
    if attendance.excluded:
        raise ValidationError("You are not invited to this meeting.")
    attendance.reply = reply
    attendance.takes_part = takes_part
    attendance.replied_at = timezone.now()
    attendance.save(update_fields=["reply", "takes_part", "replied_at"])
    return attendance


@transaction.atomic
def invitations_set(*, meeting: Meeting, invited_person_ids: set[int], listed_person_ids: set[int]) -> None:
    """Who is invited: members left out are marked excluded; visiting experts ticked are invited.

    Only the people the form listed change, so someone who joined while the form was open is not left out.
    """
    require_unlocked(meeting)
    members = (
        Membership.objects.current()
        .filter(partnership_id=meeting.partnership_id, person_id__in=listed_person_ids)
        .select_related("person")
    )
    for membership in members:
        invited = membership.person_id in invited_person_ids
        attendance = Attendance.objects.filter(meeting=meeting, person_id=membership.person_id).first()
        default_invited = membership.role != Role.VISITING_EXPERT
        if attendance is None:
            if invited == default_invited:
                continue
            attendance = Attendance(
                partnership_id=meeting.partnership_id, meeting=meeting, person=membership.person
            )
        if membership.role == Role.VISITING_EXPERT and not invited:
            if attendance.pk:
                attendance.delete()
            continue
        attendance.excluded = not invited
        attendance.save()


@transaction.atomic
def presence_record(*, meeting: Meeting, present_person_ids: set[int]) -> None:
    """The chair marks who is present; everyone invited who is not ticked is marked absent. Recording who
    came to a meeting that has happened also marks it held."""
    require_unlocked(meeting)
    if meeting.is_past and meeting.status in {Meeting.Status.PLANNED, Meeting.Status.PAPERS_SENT}:
        meeting.status = Meeting.Status.HELD
        meeting.save(update_fields=["status"])
    for person, attendance in invited_people(meeting):
        present = person.pk in present_person_ids
        if attendance is None:
            if not present:
                continue
            attendance = Attendance(partnership_id=meeting.partnership_id, meeting=meeting, person=person)
        attendance.present = present
        attendance.save()


@transaction.atomic
def roles_set(
    *, meeting: Meeting, chairs: list[User], minute_takers: list[User], facilitators: list[User]
) -> None:
    require_unlocked(meeting)
    MeetingRole.objects.filter(meeting=meeting).delete()
    for role, people in (
        (MeetingRole.Role.CHAIR, chairs),
        (MeetingRole.Role.MINUTE_TAKER, minute_takers),
        (MeetingRole.Role.FACILITATOR, facilitators),
    ):
        MeetingRole.objects.bulk_create(
            MeetingRole(partnership_id=meeting.partnership_id, meeting=meeting, person=p, role=role)
            for p in people
        )
    if meeting.chair_in_control_id and meeting.chair_in_control_id not in {c.pk for c in chairs}:
        meeting.chair_in_control = chairs[0] if chairs else None
        meeting.save(update_fields=["chair_in_control"])


def continuity(*, partnership: Partnership) -> dict:
    """The toolkit wants the same people from start to finish: of the current partners who were members for
    every meeting held so far (joined on or before the day of the first, and not left by the day of the
    last), how many have been at every one. Someone who joined later could never have been at them all, so
    counting them would make the figure look worse than it is. Three queries."""
    held = Meeting.objects.filter(
        partnership=partnership, status__in=[Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED]
    )
    members = Membership.objects.current().filter(partnership=partnership).exclude(role=Role.VISITING_EXPERT)
    span = held.aggregate(first=Min("starts_at"), last=Max("starts_at"), count=Count("pk"))
    held_count = span["count"]
    if not held_count:
        return {"held": 0, "members": members.count(), "at_every": 0}
    zone = ZoneInfo(partnership.time_zone)
    first_day = timezone.localtime(span["first"], zone).date()
    last_day = timezone.localtime(span["last"], zone).date()
    # A member on a day: joined on or before it, and not left on or before it (as Membership.current()).
    members = members.filter(joined_on__lte=first_day).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=last_day)
    )
    at_every = (
        members.annotate(
            times_present=Count(
                "person__attendances",
                filter=Q(person__attendances__present=True, person__attendances__meeting__in=held),
            )
        )
        .filter(times_present=held_count)
        .count()
    )
    return {"held": held_count, "members": members.count(), "at_every": at_every}
