"""The agenda: standing items, order, timings, and breaks that come from people's access needs."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import FilteredRelation, Max, Min, Q
from django.utils import timezone

from partners.models import AccessNeed, Partnership

from ..models import AgendaItem, Attendance, Meeting, StandingItem
from .record import require_unlocked

CANCELLED_MESSAGE = "This meeting is cancelled, so its agenda cannot change."


# What every new partnership's agenda starts with, until the partnership edits its own list. The toolkit
# asks for an access check at the start and a quick process check at the end of every meeting. Each has easy
# read words and a picture, written by people (short sentences, one idea each), so a new meeting's easy read
# pack does not start with these points missing.
@dataclass(frozen=True)
class DefaultStandingItem:
    title: str
    purpose: str
    minutes: int
    special: str
    at_end: bool
    description: str
    easy_read_text: str
    easy_read_picture: str


DEFAULT_STANDING_ITEMS = [
    DefaultStandingItem(
        "Welcome and access check",
        AgendaItem.Purpose.INFORMATION,
        10,
        AgendaItem.Special.ACCESS_CHECK,
        False,
        "Is everyone's access working? Introductions, and the ground rules.",
        "We say hello. We check everyone can take part.",
        "openmoji:1F44B",
    ),
    DefaultStandingItem(
        "Apologies",
        AgendaItem.Purpose.INFORMATION,
        5,
        AgendaItem.Special.APOLOGIES,
        False,
        "",
        "We say who cannot come today.",
        "openmoji:1F464",
    ),
    DefaultStandingItem(
        "Minutes of the last meeting",
        AgendaItem.Purpose.DECISION,
        10,
        AgendaItem.Special.LAST_MINUTES,
        False,
        "Are the minutes right? If so, we approve them.",
        "We check the notes from last time are right.",
        "openmoji:1F4DD",
    ),
    DefaultStandingItem(
        "Action points from earlier meetings",
        AgendaItem.Purpose.DISCUSSION,
        15,
        AgendaItem.Special.ACTION_POINTS,
        False,
        "",
        "We check the jobs people said they would do.",
        "openmoji:1F4CB",
    ),
    DefaultStandingItem(
        "Any other business",
        AgendaItem.Purpose.DISCUSSION,
        10,
        AgendaItem.Special.AOB,
        True,
        "",
        "You can talk about something else.",
        "openmoji:1F4A1",
    ),
    DefaultStandingItem(
        "How did today go?",
        AgendaItem.Purpose.DISCUSSION,
        10,
        AgendaItem.Special.PROCESS_CHECK,
        True,
        "A quick check on how we worked together today.",
        "We say how the meeting went for us.",
        "openmoji:1F600",
    ),
]


def standing_items_for(partnership: Partnership) -> list[StandingItem]:
    """The partnership's standing items, made from the defaults the first time they are needed."""
    items = list(StandingItem.objects.filter(partnership=partnership))
    if items:
        return items
    StandingItem.objects.bulk_create(
        StandingItem(
            partnership=partnership,
            position=index,
            title=default.title,
            purpose=default.purpose,
            duration_minutes=default.minutes,
            special=default.special,
            at_end=default.at_end,
            description=default.description,
            easy_read_text=default.easy_read_text,
            easy_read_picture=default.easy_read_picture,
        )
        for index, default in enumerate(DEFAULT_STANDING_ITEMS)
    )
    return list(StandingItem.objects.filter(partnership=partnership))


def agenda_start(*, meeting: Meeting) -> None:
    """Start a new agenda with the standing items: the opening ones first, the closing ones last."""
    require_unlocked(meeting)
    standing = standing_items_for(meeting.partnership)
    AgendaItem.objects.bulk_create(
        AgendaItem(
            partnership_id=meeting.partnership_id,
            meeting=meeting,
            position=(index + 1) * 10 + (1000 if item.at_end else 0),
            title=item.title,
            purpose=item.purpose,
            duration_minutes=item.duration_minutes,
            description=item.description,
            special=item.special,
            easy_read_text=item.easy_read_text,
            easy_read_picture=item.easy_read_picture,
        )
        for index, item in enumerate(standing)
    )


def _require_changeable(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError(CANCELLED_MESSAGE)
    require_unlocked(meeting)


@transaction.atomic
def item_add(*, meeting: Meeting, **fields) -> AgendaItem:
    """A new item goes before the closing standing items (any other business, how did today go).

    Who may add one at all (and when) is the view's check: `permissions.may_add_agenda_item`."""
    _require_changeable(meeting)
    _renumber(meeting)  # items now stand 10 apart, so there is room between any two
    items = AgendaItem.objects.filter(meeting=meeting)
    first_closing = items.filter(
        special__in=[AgendaItem.Special.AOB, AgendaItem.Special.PROCESS_CHECK]
    ).aggregate(Min("position"))["position__min"]
    if first_closing is not None:
        position = first_closing - 5
    else:
        position = (items.aggregate(Max("position"))["position__max"] or 0) + 10
    item = AgendaItem(partnership_id=meeting.partnership_id, meeting=meeting, position=position, **fields)
    item.full_clean(exclude=["partnership", "meeting"])
    item.save()
    _renumber(meeting)
    item.refresh_from_db()
    return item


@transaction.atomic
def item_save(*, item: AgendaItem) -> AgendaItem:
    """Save changes to an item (its form has already set them on `item`)."""
    _require_changeable(item.meeting)
    item.full_clean(exclude=["partnership", "meeting"])
    item.save()
    return item


@transaction.atomic
def item_remove(*, item: AgendaItem) -> None:
    """Take an item off the agenda, unless something was minuted under it: minutes are never lost."""
    require_unlocked(item.meeting_id)
    item.minute_entries.filter(text="").delete()
    if item.minute_entries.exists() or item.partner_views.exists():
        raise ValidationError(
            f"\u201c{item.title}\u201d has minutes written under it, so it stays on the agenda. "
            "Move what was minuted to another item first."
        )
    item.delete()


def _renumber(meeting: Meeting) -> None:
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk"))
    for index, item in enumerate(items):
        item.position = (index + 1) * 10
    AgendaItem.objects.bulk_update(items, ["position"])


@transaction.atomic
def item_move(*, item: AgendaItem, direction: str) -> bool:
    """Move an item one place up or down. Returns False when it is already at that end."""
    require_unlocked(item.meeting_id)
    items = list(
        AgendaItem.objects.select_for_update().filter(meeting_id=item.meeting_id).order_by("position", "pk")
    )
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(items):
        return False
    items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items):
        other.position = (position + 1) * 10
    AgendaItem.objects.bulk_update(items, ["position"])
    return True


@transaction.atomic
def item_split(*, item: AgendaItem) -> tuple[AgendaItem, AgendaItem]:
    """Split an item into two parts of half the time each, one straight after the other, so a break can go
    between them. The first part keeps everything attached to the item (papers, minutes, what it carries
    automatically); the second is a plain continuation with the same words."""
    _require_changeable(item.meeting)
    if item.duration_minutes < 2:
        raise ValidationError(f"\u201c{item.title}\u201d takes 1 minute, so it cannot be split.")
    title = item.title
    first_minutes = (item.duration_minutes + 1) // 2
    second_minutes = item.duration_minutes - first_minutes
    _renumber(item.meeting)  # items stand 10 apart, so the second part fits just after the first
    item.refresh_from_db()
    item.title = _part_title(title, 1)
    item.duration_minutes = first_minutes
    item.save(update_fields=["title", "duration_minutes"])
    second = AgendaItem.objects.create(
        partnership_id=item.partnership_id,
        meeting_id=item.meeting_id,
        position=item.position + 5,
        title=_part_title(title, 2),
        purpose=item.purpose,
        duration_minutes=second_minutes,
        lead_id=item.lead_id,
        description=item.description,
        proposed_by_id=item.proposed_by_id,
        easy_read_text=item.easy_read_text,
        easy_read_picture=item.easy_read_picture,
    )
    _renumber(item.meeting)
    return item, second


def _part_title(title: str, part: int) -> str:
    suffix = f" (part {part})"
    return title[: AgendaItem._meta.get_field("title").max_length - len(suffix)] + suffix


@dataclass
class TimedItem:
    item: AgendaItem
    starts: datetime
    ends: datetime

    @property
    def hours(self) -> str:
        """ "10:30 to 10:45" in local time: what `{{ starts|date:"H:i" }} to {{ ends|date:"H:i" }}` shows, for
        a fraction of the date filter's time."""
        return f"{timezone.localtime(self.starts):%H:%M} to {timezone.localtime(self.ends):%H:%M}"


@dataclass
class AgendaTiming:
    items: list[TimedItem]
    total_minutes: int
    meeting_minutes: int
    # Access needs the agenda must respect.
    break_every: int | None = None
    break_gaps: list[tuple[datetime, datetime]] = field(default_factory=list)
    # Items longer than anyone coming can go without a break: no break can be put around them, so the page
    # names each and offers to split it in two.
    too_long_for_breaks: list[AgendaItem] = field(default_factory=list)

    @property
    def overrun_minutes(self) -> int:
        return max(0, self.total_minutes - self.meeting_minutes)

    @property
    def spare_minutes(self) -> int:
        return max(0, self.meeting_minutes - self.total_minutes)


def break_interval_needed(meeting: Meeting, people: list | None = None) -> int | None:
    """The shortest "a break at least every N minutes" among the people coming, or None when nobody coming
    needs regular breaks. `people` is `invited_people(meeting)` where the caller has it already; without it,
    one small query (`_break_needs`) finds the same people among those who need breaks, rather than
    listing everyone invited."""
    from .meetings import coming_people

    if people is None:
        return min(_break_needs(meeting), default=None)
    coming = [p.pk for p in coming_people(people)]
    return AccessNeed.objects.filter(
        person_id__in=coming, code="regular_breaks", minutes__isnull=False
    ).aggregate(Min("minutes"))["minutes__min"]


def _break_needs(meeting: Meeting) -> list[int]:
    """The minutes of the "regular breaks" needs of the people coming to `meeting`: the same people as
    `coming_people(invited_people(meeting))`. Current members of the partnership, invited by the one rule
    (`is_invited`), and not saying they are not coming (`COMING`). One query with plain joins (Django builds
    it in a fraction of the time subqueries take) over only the people who need breaks."""
    from .meetings import COMING, is_invited

    today = timezone.localdate()
    rows = (
        AccessNeed.objects.filter(
            code="regular_breaks",
            minutes__isnull=False,
            person__memberships__partnership_id=meeting.partnership_id,
        )
        .annotate(
            here=FilteredRelation(
                "person__attendances", condition=Q(person__attendances__meeting_id=meeting.pk)
            )
        )
        .values_list(
            "minutes",
            "person__memberships__role",
            "person__memberships__left_on",
            "here__id",
            "here__excluded",
            "here__reply",
        )
    )
    found = []
    for minutes, role, left_on, here, excluded, reply in rows:
        if left_on is not None and left_on <= today:
            continue  # not a current member (`current_membership_q`)
        attendance = None if here is None else Attendance(excluded=excluded, reply=reply)
        if is_invited(role, attendance) and (attendance is None or attendance.reply in COMING):
            found.append(minutes)
    return found


def agenda_timing(
    meeting: Meeting, items: list[AgendaItem], *, break_every: int | None = None
) -> AgendaTiming:
    """Planned start and end of each item, whether they fit the meeting, and where a needed break is missing.

    `items` are the meeting's agenda items in order (already fetched, so this runs no queries).
    """
    timed = []
    clock = meeting.starts_at
    for item in items:
        ends = clock + timedelta(minutes=item.duration_minutes)
        timed.append(TimedItem(item=item, starts=clock, ends=ends))
        clock = ends
    gaps = []
    if break_every:
        # Any stretch longer than `break_every` minutes without a break item is a gap people will notice.
        stretch_start = meeting.starts_at
        for entry in timed:
            if entry.item.is_break:
                if (entry.starts - stretch_start) > timedelta(minutes=break_every):
                    gaps.append((stretch_start, entry.starts))
                stretch_start = entry.ends
        end = min(clock, meeting.ends_at) if timed else meeting.ends_at
        if (end - stretch_start) > timedelta(minutes=break_every):
            gaps.append((stretch_start, end))
    return AgendaTiming(
        items=timed,
        total_minutes=sum(i.duration_minutes for i in items),
        meeting_minutes=meeting.duration_minutes,
        break_every=break_every,
        break_gaps=gaps,
        too_long_for_breaks=[
            i for i in items if break_every and not i.is_break and i.duration_minutes > break_every
        ],
    )


@transaction.atomic
def breaks_propose(*, meeting: Meeting, break_minutes: int = 10) -> int:
    """Add breaks so no stretch is longer than the shortest break interval anyone coming needs.

    Returns how many breaks were added. Breaks are agenda items: they show, and removing one is visible.
    """
    require_unlocked(meeting)
    every = break_interval_needed(meeting)
    if not every:
        return 0
    added = 0
    for _ in range(50):  # each pass adds at most one break; an agenda never needs this many
        items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk"))
        timing = agenda_timing(meeting, items, break_every=every)
        if not timing.break_gaps:
            break
        gap_start, _gap_end = timing.break_gaps[0]
        limit = gap_start + timedelta(minutes=every)
        # Put the break after the last item that ends within the allowed stretch.
        candidates = [t for t in timing.items if gap_start < t.ends <= limit]
        if not candidates:
            break  # a single item longer than the interval: the page says so; the chair splits it
        after = candidates[-1].item
        _renumber(meeting)  # items stand 10 apart, so the break fits just after `after`
        after.refresh_from_db()
        AgendaItem.objects.create(
            partnership_id=meeting.partnership_id,
            meeting=meeting,
            position=after.position + 5,
            title="Break",
            purpose=AgendaItem.Purpose.BREAK,
            duration_minutes=break_minutes,
        )
        _renumber(meeting)
        added += 1
    return added
