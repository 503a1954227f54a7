"""The access plan: the needs of everyone coming to a meeting, set against the venue and what is booked.

Each need appears once, with how many people need it, and a status: met by the venue, arranged, planned in
the agenda or meeting times, or not met. It is worked out fresh on every view, so changing the venue, a
reply or a booking changes the plan at once.

What a booking says ("Wheelchair-accessible taxi booked for Fi"), who booked it and what it cost can name the
person it is for, so they follow the same rule as the need itself: `may_see_bookings` says who may see them,
and `booking_view` is what every page, printed document and email shows of a booking. Everyone else sees
the need's status in words that name nobody ("Accessible transport: arranged").
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.db.models import Exists, F, OuterRef, QuerySet, Subquery
from django.utils import timezone

from coproduction.access import is_read_only
from partners.access_needs import GROUPS, NEEDS, NEEDS_BY_CODE, Need
from partners.models import AccessNeed, Membership, Role, User

from ..models import AgendaItem, Arrangement, Attendance, Meeting, MeetingRole, PackDelivery, Paper
from .agenda import agenda_timing
from .meetings import COMING, coming_people, invited_people

MET_BY_VENUE = "venue"
ARRANGED = "arranged"
PLANNED = "planned"
NOT_NEEDED = "not_needed"
NOT_MET = "not_met"

STATUS_LABELS = {
    MET_BY_VENUE: "Met by the venue",
    ARRANGED: "Arranged",
    PLANNED: "Planned",
    NOT_NEEDED: "Not needed for this meeting",
    NOT_MET: "Not met",
}

# Paper formats counted for the pack: from people's access needs and their communication preferences.
PAPER_FORMAT_LABELS = {
    "large_print": "large print",
    "easy_read": "easy read",
    "braille": "braille (on request)",
    "audio": "audio (on request)",
    "electronic": "electronic text for a screen reader",
    "plain_text": "plain-text email",
    "bsl_video": "BSL video",
    "coloured_paper": "coloured paper or a particular font",
}
_PREFERENCE_FORMATS = {"large_print", "easy_read", "braille", "audio", "plain_text"}

# The pack formats that can be "not ready": easy read (words people write, and a check) and large print; in
# both, each paper needs its own version in that format.
CHECKED_FORMATS = ("easy_read", "large_print")
# The need "Extra time to read papers" (partners.access_needs): N days more before the meeting.
EXTRA_READING_TIME = "extra_reading_time"


def person_papers_deadline(meeting: Meeting, extra_days: int = 0) -> datetime:
    """When this person's papers must go: the meeting's papers deadline, `extra_days` earlier for someone
    who needs extra time to read them."""
    return meeting.papers_deadline - timedelta(days=extra_days or 0)


def extra_days_from(pairs: Iterable[tuple[int, int | None]]) -> dict[int, int]:
    """{person: extra days to read papers} from their "Extra time to read papers" needs as (person, days)
    pairs; the most, if someone recorded it twice. The one place that reads the need."""
    days: dict[int, int] = {}
    for person_id, extra in pairs:
        if extra:
            days[person_id] = max(extra, days.get(person_id, 0))
    return days


def earliest_papers_deadline(meeting: Meeting) -> datetime:
    """When the first pack must go: the papers deadline of whoever invited needs the most extra time to read
    (the meeting's own deadline when nobody does). Two queries."""
    ids = [person.pk for person, _ in invited_people(meeting)]
    needs = AccessNeed.objects.filter(person_id__in=ids, code=EXTRA_READING_TIME)
    return person_papers_deadline(
        meeting, max(extra_days_from(needs.values_list("person_id", "days")).values(), default=0)
    )


class PaperTitle(NamedTuple):
    pk: int
    title: str


def papers_without(meeting: Meeting) -> dict[str, list[PaperTitle]]:
    """The meeting's papers that have no version of their own in each checked format, by title. One query."""
    return _papers_without([meeting.pk]).get(meeting.pk, {variant: [] for variant in CHECKED_FORMATS})


def papers_without_from(papers: Iterable[Paper]) -> dict[str, list[PaperTitle]]:
    """`papers_without` from the meeting's papers in hand, each with all its versions (`loaded_versions`),
    in the order `papers_without` gives them (title, then record). No query."""
    return {
        variant: [
            PaperTitle(paper.pk, paper.title)
            for paper in papers
            if variant not in {version.format for version in paper.loaded_versions}
        ]
        for variant in CHECKED_FORMATS
    }


def _papers_without(meeting_ids: list[int]) -> dict[int, dict[str, list[PaperTitle]]]:
    """`papers_without` for several meetings, by meeting: one query (none when there are no meetings)."""
    if not meeting_ids:
        return {}
    formats: dict[int, dict[PaperTitle, set[str]]] = {}
    for meeting_id, pk, title, paper_format in (
        Paper.objects.filter(meeting_id__in=meeting_ids)
        .order_by("title", "pk")
        .values_list("meeting_id", "pk", "title", "versions__format")
    ):
        formats.setdefault(meeting_id, {}).setdefault(PaperTitle(pk, title), set()).add(paper_format)
    return {
        meeting_id: {
            variant: [paper for paper, have in papers.items() if variant not in have]
            for variant in CHECKED_FORMATS
        }
        for meeting_id, papers in formats.items()
    }


def _day(moment: datetime, meeting: Meeting) -> str:
    local = moment.astimezone(ZoneInfo(meeting.partnership.time_zone))
    return f"{local.day} {local:%B}"


def may_see_bookings(
    viewer: Membership | None, meeting: Meeting, *, chairs_meeting: bool | None = None
) -> bool:
    """The one rule for who sees needs by name, and with them what a booking says, who booked it and its
    cost: the partnership's coordinators and chairs (`Membership.sees_access_needs`) and the chairs of this
    meeting. Nobody else: not partner members, observers or visiting experts, and not `None`, which is what
    printed documents and emails going to many people ask as.

    `chairs_meeting` is whether `viewer` chairs this meeting, where the caller knows it already (the access
    plan page has it from `meeting_access`); it is asked only after the role checks above it, so it never
    lets an observer or a visiting expert in. At most one query (only for a member who might chair this
    meeting, when the caller does not say).
    """
    if viewer is None:
        return False
    if viewer.sees_access_needs:
        return True
    # Observers and visiting experts take part without running anything, so a meeting role never gives them
    # other people's needs.
    if is_read_only(viewer) or not viewer.person_id:
        return False
    if chairs_meeting is not None:
        return chairs_meeting
    return MeetingRole.objects.filter(
        meeting=meeting, person_id=viewer.person_id, role=MeetingRole.Role.CHAIR
    ).exists()


@dataclass(frozen=True)
class BookingView:
    """What may be shown of one booking. `full` only for those `may_see_bookings`; otherwise the description,
    who booked it, when and its cost are left empty and only the need's status in words is there."""

    pk: int
    need_code: str
    need_label: str
    full: bool
    description: str = ""
    booked_on: date | None = None
    booked_by: str = ""
    cost: Decimal | None = None

    @property
    def status_words(self) -> str:
        """ "Accessible transport: arranged": names nobody, whoever reads it."""
        return f"{self.need_label}: arranged"


def booking_view(arrangement: Arrangement, *, full: bool) -> BookingView:
    """The booking as a viewer may see it; `full` is `may_see_bookings(viewer, arrangement.meeting)`, worked
    out once per page rather than once per booking."""
    need = NEEDS_BY_CODE.get(arrangement.need_code)
    label = need.label if need else arrangement.get_need_code_display()
    if not full:
        return BookingView(pk=arrangement.pk, need_code=arrangement.need_code, need_label=label, full=False)
    booker = arrangement.booked_by if arrangement.booked_by_id else None
    booked_by = booker.display_name if booker else ""
    return BookingView(
        pk=arrangement.pk,
        need_code=arrangement.need_code,
        need_label=label,
        full=True,
        description=arrangement.description,
        booked_on=arrangement.booked_on,
        booked_by=booked_by,
        cost=arrangement.cost,
    )


@dataclass
class PlanPerson:
    name: str
    detail: str
    note: str


@dataclass
class PlanRow:
    need: Need
    people: list[PlanPerson] = field(default_factory=list)
    unnamed: int = 0
    status: str = NOT_MET
    explanation: str = ""
    arrangements: list[BookingView] = field(default_factory=list)
    person_ids: list[int] = field(default_factory=list)
    # What fixes a need that is not met, for those who may change the meeting: the words of the link and
    # its page ("meeting_edit" for the start time, length or venue; "agenda" for breaks).
    fix_text: str = ""
    fix_page: str = ""

    @property
    def fix(self) -> bool:
        return self.status == NOT_MET and bool(self.fix_page)

    @property
    def count(self) -> int:
        return len(self.people) + self.unnamed

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def is_met(self) -> bool:
        return self.status != NOT_MET

    @property
    def group_label(self) -> str:
        return GROUPS[self.need.group]

    @property
    def booking_status_words(self) -> str:
        """For those who may not see bookings: one line however many things are booked for this need."""
        return self.arrangements[0].status_words if self.arrangements else ""


@dataclass
class AccessPlan:
    meeting: Meeting
    rows: list[PlanRow]
    people_coming: int
    paper_counts: list[tuple[str, int]]
    # Whether the viewer sees names and what bookings say (`may_see_bookings`).
    sees_bookings: bool = False
    # Bookings for needs nobody coming has any more (someone sent apologies): the access plan lists them for
    # those who may see bookings, so they can be cancelled, and for nobody else: beside the list of apologies
    # it would tell them what the people who are not coming need.
    other_arrangements: list[BookingView] = field(default_factory=list)

    @property
    def unmet(self) -> list[PlanRow]:
        return [row for row in self.rows if not row.is_met]

    @property
    def groups(self) -> list[tuple[str, list[PlanRow]]]:
        grouped: dict[str, list[PlanRow]] = {}
        for row in self.rows:
            grouped.setdefault(row.group_label, []).append(row)
        return list(grouped.items())

    def papers_summary(self) -> str:
        """ "3 large print, 2 easy read, 1 braille (on request)"."""
        return ", ".join(f"{count} {label}" for label, count in self.paper_counts)


def access_plan(
    meeting: Meeting,
    viewer: Membership | None,
    *,
    people: list | None = None,
    agenda: list[AgendaItem] | None = None,
    chairs_meeting: bool | None = None,
    needs: "NeedsAndPreferences | None" = None,
    papers: list[Paper] | None = None,
) -> AccessPlan:
    """The plan as `viewer` may see it: every name and what each booking says for those who
    `may_see_bookings` (coordinators, chairs, chairs of this meeting); else the names `viewer` may see anyway
    (Membership.may_name_needs_of), counts for the rest, and each booking as its need's status in words.
    `viewer=None` (a printed document, an email to many) names nobody.

    Who is named is decided by `may_see_bookings` alone, so no caller can name more than the rule allows;
    `chairs_meeting` is passed on to it (see there). `people` is `invited_people(meeting)` and `agenda` the
    meeting's agenda items in order, where the caller has them already; so are `needs`, the needs and paper
    formats of (at least) everyone coming (`_needs_and_preferences`, or `with_needs` and `needs_from` on a
    query of the people), and `papers`, the meeting's papers each with all its versions in title order
    (`papers_without_from`). A fixed number of queries whatever the group size and whichever needs people
    have: after `people`, one each for the needs with everyone's paper format, the bookings, the agenda, the
    packs sent and the papers.
    """
    full = may_see_bookings(viewer, meeting, chairs_meeting=chairs_meeting)
    coming = coming_people(invited_people(meeting) if people is None else people)
    by_pk = {person.pk: person for person in coming}
    if needs is None:
        needs, preferences = _needs_and_preferences(list(by_pk))
    else:  # read with the people: only the people coming count
        needs, preferences = (
            [need for need in needs[0] if need.person_id in by_pk],
            [(pk, paper_format) for pk, paper_format in needs[1] if pk in by_pk],
        )
    arrangements = list(Arrangement.objects.filter(meeting=meeting).select_related("booked_by"))

    rows: dict[str, PlanRow] = {}
    formats: dict[str, set[int]] = {}
    for need in needs:
        row = rows.setdefault(need.code, PlanRow(need=NEEDS_BY_CODE[need.code]))
        person = by_pk[need.person_id]
        row.person_ids.append(person.pk)
        if full or (viewer is not None and viewer.may_name_needs_of(person)):
            row.people.append(PlanPerson(name=person.display_name, detail=need.detail_text, note=need.note))
        else:
            row.unnamed += 1
        paper_format = NEEDS_BY_CODE[need.code].paper_format
        if paper_format:
            formats.setdefault(paper_format, set()).add(person.pk)
    for person_id, paper_format in preferences:
        if paper_format in _PREFERENCE_FORMATS:
            formats.setdefault(paper_format, set()).add(person_id)

    other_arrangements = []
    for arrangement in arrangements:
        shown = booking_view(arrangement, full=full)
        if arrangement.need_code in rows:
            rows[arrangement.need_code].arrangements.append(shown)
        else:
            other_arrangements.append(shown)

    if agenda is None:
        agenda = _agendas([meeting]).get(meeting.pk, [])
    for row in rows.values():
        _decide(row, meeting, needs, agenda, arranged=bool(row.arrangements))
    missing = None if papers is None else {meeting.pk: papers_without_from(papers)}
    packs = _pack_states([meeting], {meeting.pk: needs}, missing=missing)[meeting.pk]
    for row in rows.values():
        _met_by_pack(row, meeting, packs)

    paper_counts = [
        (PAPER_FORMAT_LABELS[code], len(formats[code])) for code in PAPER_FORMAT_LABELS if formats.get(code)
    ]
    return AccessPlan(
        meeting=meeting,
        rows=_in_vocabulary_order(rows.values()),
        people_coming=len(coming),
        paper_counts=paper_counts,
        sees_bookings=full,
        other_arrangements=other_arrangements,
    )


REGULAR_BREAKS = "regular_breaks"
_NEED_ORDER = {need.code: index for index, need in enumerate(NEEDS)}
_NEED_FIELDS = [f.attname for f in AccessNeed._meta.concrete_fields]


def _in_vocabulary_order(rows: Iterable[PlanRow]) -> list[PlanRow]:
    return sorted(rows, key=lambda r: _NEED_ORDER[r.need.code])


def _needs_and_preferences(person_ids: list[int]) -> tuple[list[AccessNeed], list[tuple[int, str]]]:
    """The access needs of these people (in the model's order, code then record) and each one's paper format
    from their communication preferences, as (person, format): one query, from the people's side so that
    someone with a preference and no need is counted too."""
    needs: list[AccessNeed] = []
    preferences: list[tuple[int, str]] = []
    found = (
        User.objects.filter(pk__in=person_ids)
        .order_by("access_needs__code", "access_needs__pk", "pk")
        .values_list("pk", "communication__paper_format", *(f"access_needs__{f}" for f in _NEED_FIELDS))
    )
    seen: set[int] = set()
    for person_id, paper_format, *need in found:
        if person_id not in seen and paper_format is not None:
            preferences.append((person_id, paper_format))
        seen.add(person_id)
        if need[0] is not None:
            needs.append(AccessNeed.from_db(AccessNeed.objects.db, _NEED_FIELDS, need))
    return needs, preferences


# The access needs and paper formats of some people: (their needs, in code then record order; each one's
# paper format from their communication preferences, as (person, format)).
NeedsAndPreferences = tuple[list[AccessNeed], list[tuple[int, str]]]


def with_needs(people: QuerySet[User]) -> QuerySet[User]:
    """The people with what `_needs_and_preferences` reads, in the same query: one row per access need (a
    person with none comes once), carrying the need's columns and the person's paper format (`needs_from`)."""
    return people.annotate(
        need_paper_format=F("communication__paper_format"),
        **{f"need_{name}": F(f"access_needs__{name}") for name in _NEED_FIELDS},
    )


def needs_from(rows: Iterable[User]) -> NeedsAndPreferences:
    """`_needs_and_preferences` from the rows of a query `with_needs`: the same needs in the same order."""
    needs: list[AccessNeed] = []
    preferences: dict[int, str] = {}
    for row in rows:
        if row.need_paper_format is not None:
            preferences.setdefault(row.pk, row.need_paper_format)
        if row.need_id is not None:
            columns = [getattr(row, f"need_{name}") for name in _NEED_FIELDS]
            needs.append(AccessNeed.from_db(AccessNeed.objects.db, _NEED_FIELDS, columns))
    needs.sort(key=lambda need: (need.code, need.pk))
    return needs, list(preferences.items())


def _agendas(meetings: list[Meeting]) -> dict[int, list[AgendaItem]]:
    """Each meeting's agenda items in order: one query for them all (none when there are no meetings)."""
    if not meetings:
        return {}
    agendas: dict[int, list[AgendaItem]] = {}
    for item in AgendaItem.objects.filter(meeting__in=meetings).order_by("meeting_id", "position", "pk"):
        agendas.setdefault(item.meeting_id, []).append(item)
    return agendas


def _pack_states(
    meetings: list[Meeting],
    needs: dict[int, list[AccessNeed]],
    *,
    missing: dict[int, dict[str, list[PaperTitle]]] | None = None,
) -> dict[int, "PackState"]:
    """For each meeting, the packs sent and the papers with no version in a checked format: one query for the
    packs and one for the papers (none when the caller has them: `missing`, `_papers_without`'s answer),
    however many meetings. Always both, whichever needs people have, so a page asks the same number of
    queries as needs come and go."""
    sent = _sent([m.pk for m in meetings])
    if missing is None:
        missing = _papers_without([m.pk for m in meetings])
    return {
        m.pk: PackState(
            sent=sent.get(m.pk, {}),
            missing_papers=missing.get(m.pk, {variant: [] for variant in CHECKED_FORMATS}),
            extra_days=extra_days_from(
                (n.person_id, n.days) for n in needs[m.pk] if n.code == EXTRA_READING_TIME
            ),
        )
        for m in meetings
    }


def _sent(meeting_ids: list[int]) -> dict[int, dict[int, list["Sent"]]]:
    """What each person was sent, by meeting: a format need is met by a ready pack in that format sent in
    time. One query (none when no meeting asks)."""
    if not meeting_ids:
        return {}
    sent: dict[int, dict[int, list[Sent]]] = {}
    for (
        meeting_id,
        person_id,
        variant,
        channel,
        sent_at,
        done_at,
        called_at,
        ready,
    ) in PackDelivery.objects.filter(meeting_id__in=meeting_ids).values_list(
        "meeting_id", "person_id", "variant", "channel", "sent_at", "done_at", "called_at", "ready"
    ):
        # An email goes when it is sent; a pack on the print and post list only when it is ticked as posted
        # (or the person rung), so pressing Send meets nobody's need by post.
        if channel in (PackDelivery.Channel.EMAIL, PackDelivery.Channel.DIGEST):
            went = sent_at
        else:
            went = min((t for t in (done_at, called_at) if t), default=None)
        sent.setdefault(meeting_id, {}).setdefault(person_id, []).append(Sent(variant, sent_at, ready, went))
    return sent


def _coming_to(role: str, attended: bool, excluded: bool | None, reply: str | None) -> bool:
    """`invited_people` and `coming_people` for one member and one meeting, from their membership role and
    attendance row (`attended`: whether they have one): invited unless excluded, visiting experts only when
    asked; coming when attending, not sure or not replied yet."""
    if attended and excluded:
        return False
    if role == Role.VISITING_EXPERT and not attended:
        return False
    return not attended or reply in COMING


def unmet_needs(meetings: list[Meeting]) -> dict[int, list[PlanRow]]:
    """For the workspace home: the needs not met yet for each of a few meetings of one partnership, worked out
    as each one's access plan works them out, naming nobody (rows carry the need and how many, no names).

    Four queries however many meetings, people and needs: the needs of the partnership's members, each with
    their role, their reply to each meeting and whether that meeting has a booking for the need; then the
    agendas, the packs sent and the papers of these meetings. Keep the meetings few (their replies and
    bookings are columns of that first query). None when there are no meetings."""
    if not meetings:
        return {}
    members = Membership.objects.current().filter(partnership_id=meetings[0].partnership_id)
    columns = {"member_role": Subquery(members.filter(person_id=OuterRef("person_id")).values("role")[:1])}
    for m in meetings:
        attendance = Attendance.objects.filter(meeting_id=m.pk, person_id=OuterRef("person_id"))
        columns[f"excluded_{m.pk}"] = Subquery(attendance.values("excluded")[:1])
        columns[f"reply_{m.pk}"] = Subquery(attendance.values("reply")[:1])
        columns[f"booked_{m.pk}"] = Exists(
            Arrangement.objects.filter(meeting_id=m.pk, need_code=OuterRef("code"))
        )
    everyone = list(
        AccessNeed.objects.filter(person_id__in=members.values("person_id"))
        .annotate(**columns)
        .order_by("code", "pk")
    )

    needs: dict[int, list[AccessNeed]] = {}
    rows: dict[int, dict[str, PlanRow]] = {}
    for m in meetings:
        excluded, reply = f"excluded_{m.pk}", f"reply_{m.pk}"
        needs[m.pk] = [
            n
            for n in everyone
            if _coming_to(
                n.member_role, getattr(n, excluded) is not None, getattr(n, excluded), getattr(n, reply)
            )
        ]
        rows[m.pk] = {}
        for need in needs[m.pk]:
            row = rows[m.pk].setdefault(need.code, PlanRow(need=NEEDS_BY_CODE[need.code]))
            row.person_ids.append(need.person_id)
            row.unnamed += 1

    agendas = _agendas(meetings)
    for m in meetings:
        for row in rows[m.pk].values():
            booked = any(getattr(n, f"booked_{m.pk}") for n in needs[m.pk] if n.code == row.need.code)
            _decide(row, m, needs[m.pk], agendas.get(m.pk, []), arranged=booked)
    packs = _pack_states(meetings, needs)
    for m in meetings:
        for row in rows[m.pk].values():
            _met_by_pack(row, m, packs[m.pk])
    return {
        m.pk: [row for row in _in_vocabulary_order(rows[m.pk].values()) if not row.is_met] for m in meetings
    }


# The pack variants that meet a format need. Braille, audio, BSL video and coloured paper are made outside
# the workspace, so only a booking meets those.
PACK_MEETS = {
    "large_print": {"large_print"},
    "easy_read": {"easy_read"},
    "electronic": {"standard", "large_print"},
}


class Sent(NamedTuple):
    variant: str
    sent_at: datetime
    ready: bool | None  # None: sent before readiness was recorded
    went_at: datetime | None  # when it reached them: emailed, or ticked as posted; None: not yet


@dataclass
class PackState:
    sent: dict[int, list[Sent]]
    missing_papers: dict[str, list[PaperTitle]]
    extra_days: dict[int, int]


def _met_by_pack(row: PlanRow, meeting: Meeting, packs: PackState) -> None:
    """A format need is met only by a READY pack in that format, sent by that person's papers deadline (and,
    for large print and easy read, every paper having its own version in it); "Extra time to read papers"
    by a pack sent by that person's earlier deadline. When not, the reason is said in words naming nobody.
    A booking for the need (`_decide`) counts as met: it is how the coordinator records another way."""
    if row.status != NOT_MET or not row.person_ids:
        return
    if row.need.code == EXTRA_READING_TIME:
        variants = None  # any pack, as long as it went in time
    else:
        variants = PACK_MEETS.get(row.need.paper_format or "")
        if not variants:
            return
    checked = row.need.paper_format in CHECKED_FORMATS
    label = PAPER_FORMAT_LABELS.get(row.need.paper_format or "", "")
    reasons: list[str] = []
    met = True
    pack = f"The {label} pack" if checked else "The meeting pack"
    for person_id in row.person_ids:
        deadline = person_papers_deadline(meeting, packs.extra_days.get(person_id, 0))
        theirs = sorted(
            (s for s in packs.sent.get(person_id, []) if variants is None or s.variant in variants),
            key=lambda s: s.sent_at,
        )
        if not theirs:
            met = False
            reasons.append(f"{pack} has not been sent yet.")
            continue
        good = [s for s in theirs if s.went_at and s.went_at <= deadline and (not checked or s.ready)]
        if good:
            continue
        met = False
        first = theirs[0]
        if not any(s.went_at for s in theirs):
            reasons.append(f"{pack} is on the print and post list, but not marked as posted yet.")
        elif checked and not any(s.ready for s in theirs):
            reasons.append(f"{pack} was sent on {_day(first.sent_at, meeting)}, but it was not ready.")
        else:
            went = next((s.went_at for s in theirs if s.went_at), first.sent_at)
            reasons.append(f"{pack} was sent on {_day(went, meeting)}, after the papers deadline.")
    if checked:
        for paper in packs.missing_papers.get(row.need.paper_format, []):
            met = False
            reasons.append(f"\u201c{paper.title}\u201d has no {label} version.")
    if met:
        row.status = ARRANGED
        row.explanation = (
            "The meeting pack was sent in time for the extra days to read it."
            if variants is None
            else "The meeting pack was sent in this format, ready and in time."
        )
    else:
        row.explanation = " ".join(dict.fromkeys(reasons))


def _decide(
    row: PlanRow, meeting: Meeting, needs: list[AccessNeed], agenda: list[AgendaItem], *, arranged: bool
) -> None:
    """The row's status from what is booked for it (`arranged`), the venue, the agenda and the meeting's
    times. `agenda` is only read for regular breaks."""
    need = row.need
    if arranged:
        row.status = ARRANGED
        return
    in_person = meeting.format != Meeting.Format.ONLINE
    venue_features = set(meeting.venue.features) if (in_person and meeting.venue_id) else set()
    if need.met_by_features:
        met_by = [f for f in need.met_by_features if f in venue_features]
        if met_by:
            row.status = MET_BY_VENUE
            return
        if not in_person and not need.arrangement:
            row.status = NOT_NEEDED
            row.explanation = "The meeting is online."
            return
        if in_person and not meeting.venue_id:
            row.explanation = "No venue is chosen yet."
            row.fix_text, row.fix_page = "Choose the venue", "meeting_edit"
            return
        if in_person and not need.arrangement:
            row.fix_text, row.fix_page = "Choose another venue", "meeting_edit"
    details = [n for n in needs if n.code == need.code]
    if need.code == REGULAR_BREAKS:
        every = min((n.minutes for n in details if n.minutes), default=None)
        timing = agenda_timing(meeting, agenda, break_every=every)
        if every and not timing.break_gaps:
            row.status = PLANNED
            row.explanation = f"The agenda has a break at least every {every} minutes."
        elif every:
            start, end = timing.break_gaps[0]
            minutes = int((end - start).total_seconds() // 60)
            row.explanation = (
                f"The agenda goes {minutes} minutes without a break from {timezone.localtime(start):%H:%M}; "
                f"someone coming needs one at least every {every} minutes."
            )
            row.fix_text, row.fix_page = "Add breaks to the agenda", "agenda"
        return
    if need.code == "longest_meeting":
        limit = min((n.minutes for n in details if n.minutes), default=None)
        if limit and meeting.duration_minutes <= limit:
            row.status = PLANNED
            row.explanation = f"The meeting is {meeting.duration_minutes} minutes long."
        elif limit:
            row.explanation = (
                f"The meeting is {meeting.duration_minutes} minutes long; someone can manage {limit}."
            )
            row.fix_text, row.fix_page = "Change the meeting times", "meeting_edit"
        return
    if need.code == "earliest_start":
        latest = max((n.earliest_start for n in details if n.earliest_start), default=None)
        starts = timezone.localtime(meeting.starts_at).time()
        if latest and starts >= latest:
            row.status = PLANNED
            row.explanation = f"The meeting starts at {starts:%H:%M}."
        elif latest:
            row.explanation = (
                f"The meeting starts at {starts:%H:%M}; someone cannot start before {latest:%H:%M}."
            )
            row.fix_text, row.fix_page = "Change the start time", "meeting_edit"
        return
