"""The ground rules at meetings: proposals on a meeting's agenda (one item, "Ground rules: 3 proposals"), the
proposals and the rules in the meeting pack, the new version sent to the people who missed the meeting that
agreed it, their concerns (onto the next meeting's agenda), and the reminder when the rules are due for
review.

The meetings app never imports this app: the pack and the Run meeting page ask the hooks groundrules
registers (`register_hooks`, from `GroundRulesConfig.ready`), and `send_reminders` passes the review job in.
"""

import contextlib
import json
import logging
import smtplib
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, JSONObject
from django.urls import reverse
from django.utils import dateformat, timezone

from coproduction.access import READ_ONLY_ROLES
from meetings.models import AgendaItem, Meeting
from meetings.services import agenda as agenda_services
from meetings.services.meetings import invited_people
from meetings.services.packs import claim, email_send, pack_plans, site_url, unclaim
from partners.models import CommunicationPreference as Pref
from partners.models import Membership, Partnership, Role, User

from ..models import Concern, Proposal, Response, RulesSettings, RulesVersion, VersionRule
from .rules import with_words

logger = logging.getLogger(__name__)

PICTURE = "openmoji:1F4CB"  # a clipboard: the ground rules
CONCERN_PICTURE = "openmoji:1F914"  # a thinking face

# ---------------------------------------------------------------- dates in words


def day_words(day: date) -> str:
    """ "6 December 2026"."""
    return dateformat.format(day, "j F Y")


def meeting_day(meeting: Meeting) -> str:
    return day_words(timezone.localtime(meeting.starts_at, _zone(meeting.partnership)).date())


def _zone(partnership: Partnership):
    from zoneinfo import ZoneInfo

    return ZoneInfo(partnership.time_zone)


# ---------------------------------------------------------------- proposals on a meeting's agenda

AGENDA_EASY = "We talk about new ground rules.\nWe decide if we agree with them."
NOT_UPCOMING = "Choose a meeting that has not happened yet and is not cancelled."
NONE_CHOSEN = "Choose at least one proposal to put on the agenda."
DESCRIPTION_MAX = 2000


def proposals_title(count: int) -> str:
    return f"Ground rules: {count} proposal{'' if count == 1 else 's'}"


AGENDA_CHOICES = 10


def _upcoming(partnership: Partnership):
    return Meeting.objects.filter(partnership=partnership).upcoming()


def agenda_meetings(partnership: Partnership):
    """The meetings proposals and concerns can go on: the next few still to come and not cancelled, soonest
    first (a fixed number, so the page that offers them stays the same size as the years go by)."""
    soonest = _upcoming(partnership).order_by("starts_at", "pk").values("pk")
    return (
        Meeting.objects.filter(pk__in=soonest[:AGENDA_CHOICES])
        .select_related("partnership")
        .order_by("starts_at", "pk")
    )


def free_proposals(partnership: Partnership):
    """Open proposals not on the agenda of a meeting still to come (a cancelled or past meeting's agenda
    lets them go)."""
    upcoming = Meeting.objects.filter(partnership=partnership).upcoming()
    return (
        Proposal.objects.filter(partnership=partnership, status=Proposal.Status.OPEN)
        .exclude(agenda_item__meeting__in=upcoming)
        .order_by("created_at", "pk")
    )


def open_proposals(partnership: Partnership):
    return Proposal.objects.filter(partnership=partnership, status=Proposal.Status.OPEN).select_related(
        "agenda_item", "agenda_item__meeting"
    )


def proposal_line(proposal: Proposal) -> str:
    words = (proposal.text or "").strip() or proposal.get_kind_display()
    if len(words) > 150:
        words = words[:149].rstrip() + "\u2026"
    return f"{proposal.get_kind_display()}: {words}"


def _description(proposals: list[Proposal]) -> str:
    lines = ["The partners decide whether to agree these proposals for the ground rules:"]
    for proposal in proposals:
        line = f"- {proposal_line(proposal)}"
        if len("\n".join([*lines, line])) > DESCRIPTION_MAX - 40:
            lines.append(f"- and {len(proposals) - len(lines) + 1} more.")
            break
        lines.append(line)
    return "\n".join(lines)


def proposals_item(meeting: Meeting) -> AgendaItem | None:
    """The meeting's ground rules item (the one its proposals are on), if it has one."""
    item_id = (
        Proposal.objects.filter(partnership_id=meeting.partnership_id, agenda_item__meeting=meeting)
        .values_list("agenda_item_id", flat=True)
        .first()
    )
    return AgendaItem.objects.filter(pk=item_id).first() if item_id else None


@transaction.atomic
def agenda_add(*, meeting: Meeting, proposals: list[Proposal]) -> AgendaItem:
    """Put these proposals on the meeting's agenda: one item for them all ("Ground rules: 3 proposals"),
    made once and updated as more are added."""
    partnership = meeting.partnership
    if not proposals:
        raise ValidationError(NONE_CHOSEN)
    if not _upcoming(partnership).filter(pk=meeting.pk).exists():
        raise ValidationError(NOT_UPCOMING)
    ids = [p.pk for p in proposals]
    fresh = list(Proposal.objects.select_for_update().filter(partnership=partnership, pk__in=ids))
    for proposal in fresh:
        if not proposal.is_open:
            raise ValidationError(
                f"\u201c{proposal_line(proposal)}\u201d is no longer under discussion, so it cannot go on "
                "an agenda."
            )
    if len(fresh) != len(set(ids)):
        raise ValidationError("One of the proposals was removed. Choose from the list again.")
    item = proposals_item(meeting)
    on_item = list(Proposal.objects.filter(agenda_item=item).exclude(pk__in=ids)) if item else []
    every = sorted([*on_item, *fresh], key=lambda p: (p.created_at, p.pk))
    title = proposals_title(len(every))
    description = _description(every)
    if item is None:
        item = agenda_services.item_add(
            meeting=meeting,
            title=title,
            purpose=AgendaItem.Purpose.DECISION,
            duration_minutes=min(10 + 5 * len(every), 60),
            description=description,
            easy_read_text=AGENDA_EASY,
            easy_read_picture=PICTURE,
        )
    else:
        item.title = title
        item.description = description
        agenda_services.item_save(item=item)
    moved_from = {p.agenda_item_id for p in fresh if p.agenda_item_id and p.agenda_item_id != item.pk}
    Proposal.objects.filter(pk__in=ids).update(agenda_item=item)
    _recount(moved_from, partnership)
    return item


def _recount(item_ids: set[int], partnership: Partnership) -> None:
    """The items of meetings still to come that proposals moved away from: their title and notes count what
    is left on them, and an item left with none goes. A past or cancelled meeting's item is its record."""
    upcoming = _upcoming(partnership)
    for old in AgendaItem.objects.filter(pk__in=item_ids, meeting__in=upcoming).select_related("meeting"):
        left = list(Proposal.objects.filter(agenda_item=old).order_by("created_at", "pk"))
        if not left:
            agenda_services.item_remove(item=old)
            continue
        old.title = proposals_title(len(left))
        old.description = _description(left)
        agenda_services.item_save(item=old)


# ---------------------------------------------------------------- the meeting pack


class JSONList(models.Aggregate):
    """A JSON array of the rows' values, as text (SQLite and PostgreSQL), so the pack's agenda query carries
    what the ground rules add to it without a query of its own."""

    function = "JSON_GROUP_ARRAY"
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, function="JSON_AGG", template="%(function)s(%(expressions)s)::text"
        )


def _rules_in_pack() -> Q:
    return Q(ground_rules_in_pack=RulesSettings.InPack.ALWAYS) | Q(
        ground_rules_in_pack=RulesSettings.InPack.FIRST_THREE, ground_rules_before__lt=3
    )


def pack_item_queryset(items):
    """Annotate the pack's agenda items (`meetings.services.documents.PACK_ITEM_QUERIES`): each item's
    proposals (their words, pictures and counts of responses, as JSON) and, when the partnership's setting
    puts the ground rules in this meeting's pack, the current version's rules (as JSON)."""
    responses = Response.objects.filter(proposal=OuterRef("pk")).order_by().values("proposal")
    proposals = (
        Proposal.objects.filter(agenda_item=OuterRef("pk"))
        .order_by()
        .annotate(
            yes=Coalesce(Subquery(responses.filter(answer="yes").annotate(n=Count("pk")).values("n")), 0),
            not_sure=Coalesce(
                Subquery(responses.filter(answer="not_sure").annotate(n=Count("pk")).values("n")), 0
            ),
            no=Coalesce(Subquery(responses.filter(answer="no").annotate(n=Count("pk")).values("n")), 0),
        )
        .values("agenda_item")
        .annotate(
            rows=JSONList(
                JSONObject(
                    pk="pk",
                    kind="kind",
                    text="text",
                    easy="easy_read_text",
                    picture="easy_read_picture",
                    practice="in_practice",
                    notice="uses_papers_notice",
                    yes="yes",
                    not_sure="not_sure",
                    no="no",
                )
            )
        )
        .values("rows")
    )
    current = RulesVersion.objects.filter(partnership_id=OuterRef("partnership_id")).order_by("-number")
    rules = (
        VersionRule.objects.filter(version_id=OuterRef("ground_rules_version"))
        .order_by()
        .values("version")
        .annotate(
            rows=JSONList(
                JSONObject(
                    pk="pk",
                    position="position",
                    text="text",
                    easy="easy_read_text",
                    picture="easy_read_picture",
                    practice="in_practice",
                    notice="uses_papers_notice",
                    number="version__number",
                    agreed_on="version__agreed_on",
                )
            )
        )
        .values("rows")
    )
    before = (
        Meeting.objects.filter(
            partnership_id=OuterRef("partnership_id"), starts_at__lt=OuterRef("meeting__starts_at")
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by()
        .values("partnership_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    setting = RulesSettings.objects.filter(partnership_id=OuterRef("partnership_id")).values("in_pack")
    return (
        items.alias(
            ground_rules_in_pack=Coalesce(Subquery(setting[:1]), Value(RulesSettings.InPack.FIRST_THREE)),
            ground_rules_before=Coalesce(Subquery(before[:1]), 0),
        )
        .annotate(
            ground_rules_version=models.Case(
                models.When(_rules_in_pack(), then=Subquery(current.values("pk")[:1])),
                default=None,
                output_field=models.IntegerField(),
            )
        )
        .annotate(
            ground_rules_proposals=Subquery(proposals[:1], output_field=models.TextField()),
            ground_rules_rules=Subquery(rules[:1], output_field=models.TextField()),
        )
    )


@dataclass
class Row:
    """A proposal or a rule as the pack shows it (`with_words` gives it `words` and `easy_words`)."""

    pk: int
    text: str
    easy_read_text: str
    easy_read_picture: str
    in_practice: str
    uses_papers_notice: bool
    kind: str = ""
    yes: int = 0
    not_sure: int = 0
    no: int = 0
    position: int = 0
    number: int = 0
    agreed_on: str = ""
    words: str = ""
    easy_words: str = ""

    @property
    def kind_label(self) -> str:
        return Proposal.Kind(self.kind).label if self.kind in Proposal.Kind.values else ""

    @property
    def counts(self) -> str:
        return f"Responses so far: {self.yes} yes, {self.not_sure} not sure, {self.no} no."

    @property
    def easy_counts(self) -> str:
        return f"{self.yes} said yes.\n{self.not_sure} are not sure.\n{self.no} said no."


def _rows(raw: str | None, days: int) -> list[Row]:
    if not raw:
        return []
    data = json.loads(raw) if isinstance(raw, str) else raw
    rows = []
    for entry in data:
        if isinstance(entry, str):  # SQLite may give each object as text
            entry = json.loads(entry)
        row = Row(
            pk=entry["pk"],
            text=entry.get("text") or "",
            easy_read_text=entry.get("easy") or "",
            easy_read_picture=entry.get("picture") or "",
            in_practice=entry.get("practice") or "",
            uses_papers_notice=bool(entry.get("notice")),
            kind=entry.get("kind") or "",
            yes=entry.get("yes") or 0,
            not_sure=entry.get("not_sure") or 0,
            no=entry.get("no") or 0,
            position=entry.get("position") or 0,
            number=entry.get("number") or 0,
            agreed_on=entry.get("agreed_on") or "",
        )
        rows.append(with_words(row, days=days))
    return rows


def pack_content(meeting: Meeting, variant: str, items: list, document: str):
    """What the ground rules add to a meeting's documents (`meetings.services.documents.PACK_SECTIONS`):
    under the ground rules item, each proposal with its counts of responses (never names); and in the pack,
    when the setting says so, the section "Our ground rules". No query: the agenda items carry it all."""
    from meetings.services.documents import PackExtra, PackPart, PackPoint

    days = meeting.partnership.papers_notice_days
    extra = PackExtra()
    rules: list[Row] = []
    for item in items:
        proposals = sorted(_rows(getattr(item, "ground_rules_proposals", None), days), key=lambda r: r.pk)
        if proposals:
            points = []
            for number, row in enumerate(proposals, start=1):
                text = row.words or row.kind_label
                if row.in_practice.strip():
                    text += f"\n\nWhat this looks like in practice: {row.in_practice.strip()}"
                points.append(
                    PackPoint(
                        title=f"Proposal {number}: {row.kind_label}",
                        text=text,
                        details=[row.counts],
                        easy_read=row.easy_words,
                        picture=row.easy_read_picture,
                        easy_details=row.easy_counts,
                    )
                )
            extra.items[item.pk] = [
                PackPart(
                    heading="The proposals",
                    intro="Responses so far are counted; nobody is named.",
                    easy_intro="These are the new ground rules people want.",
                    points=points,
                )
            ]
        if not rules and getattr(item, "ground_rules_rules", None):
            rules = sorted(_rows(item.ground_rules_rules, days), key=lambda r: (r.position, r.pk))
    if rules and document == "pack":
        agreed = rules[0].agreed_on
        try:
            agreed = day_words(date.fromisoformat(str(agreed)[:10]))
        except ValueError:
            agreed = str(agreed)
        extra.sections.append(
            PackPart(
                heading="Our ground rules",
                anchor="ground-rules",
                intro=f"Version {rules[0].number}, agreed on {agreed}. We all agreed to work this way.",
                easy_intro="These are our ground rules.\nWe all agreed to them.",
                points=[
                    PackPoint(
                        title="" if variant == "easy_read" else f"Rule {number}",
                        text=row.words
                        + (f"\n\nIn practice: {row.in_practice.strip()}" if row.in_practice.strip() else ""),
                        easy_read=row.easy_words,
                        picture=row.easy_read_picture or PICTURE,
                    )
                    for number, row in enumerate(rules, start=1)
                ],
            )
        )
    return extra


# ---------------------------------------------------------------- the Run meeting page


def current_rules(partnership: Partnership) -> list[VersionRule]:
    """The current version's rules in order, with their words (one query)."""
    latest = RulesVersion.objects.filter(partnership=partnership).order_by("-number").values("pk")[:1]
    rules = list(VersionRule.objects.filter(version_id=Subquery(latest)).order_by("position", "key"))
    for rule in rules:
        with_words(rule, days=partnership.papers_notice_days)
    return rules


# ---------------------------------------------------------------- agreeing at a meeting


def proposals_for_meeting(meeting: Meeting) -> tuple[list[Proposal], list[Proposal]]:
    """The open proposals on this meeting's agenda, and the other open ones (one query)."""
    proposals = list(
        Proposal.objects.filter(partnership_id=meeting.partnership_id, status=Proposal.Status.OPEN)
        .select_related("agenda_item")
        .order_by("created_at", "pk")
    )
    here = [p for p in proposals if p.agenda_item_id and p.agenda_item.meeting_id == meeting.pk]
    others = [p for p in proposals if p not in here]
    return here, others


# ---------------------------------------------------------------- sending to people who missed the meeting

SENT_KIND = "rules_version"


@dataclass
class Absentee:
    person: User
    variant: str
    by_email: bool
    how: str  # "post", "phone or text message"...
    postal_address: str = ""


def absentees(version: RulesVersion) -> list[Absentee]:
    """Everyone invited to the meeting that agreed the version and not marked present, with their format
    and whether they take email."""
    meeting = version.meeting
    people = invited_people(meeting)
    # Observers and visiting experts read the current version on its page; they raise no concerns, so the
    # "you were not there" letter is for partners.
    read_only = set(
        Membership.objects.current()
        .filter(partnership_id=meeting.partnership_id, role__in=READ_ONLY_ROLES)
        .values_list("person_id", flat=True)
    )
    missed = [
        (person, attendance)
        for person, attendance in people
        if not (attendance and attendance.present) and person.pk not in read_only
    ]
    result = []
    for plan in pack_plans(meeting, people=missed, with_last_sent=False):
        by_email = Pref.Channel.EMAIL in plan.channels and plan.person.has_email
        result.append(
            Absentee(
                person=plan.person,
                variant=plan.variant,
                by_email=by_email,
                how="email"
                if by_email
                else plan.contact_by
                if Pref.Channel.POST not in plan.channels
                else "post",
                postal_address=plan.postal_address,
            )
        )
    return result


def version_paths(version: RulesVersion) -> dict[str, str]:
    slug = version.partnership.slug
    paths = {"concern": reverse("groundrules:concern_add", kwargs={"slug": slug, "number": version.number})}
    try:
        paths["web"] = reverse("groundrules:version_detail", kwargs={"slug": slug, "number": version.number})
    except Exception:  # the versions pages are another engineer's: until then, the current version
        paths["web"] = reverse("groundrules:current", kwargs={"slug": slug})
    return paths


def _files(version: RulesVersion, variant: str) -> list:
    """The version's PDF in the variant (groundrules.services.documents.ground_rules_files), or nothing
    until that is written: the email then links to the web page only."""
    try:
        from . import documents
    except ImportError:
        return []
    make = getattr(documents, "ground_rules_files", None)
    if make is None:
        return []
    try:
        return list(make(version, variant))
    except Exception:  # a PDF that cannot be made must not stop the email: it links to the web page
        logger.exception("Could not print version %s of the ground rules", version.pk)
        return []


@dataclass
class SentResult:
    emailed: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    offline: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"emailed": self.emailed, "failed": self.failed, "offline": self.offline}


def version_send(*, version_id: int, base_url: str = "") -> SentResult:
    """Email the new version to each person who missed its meeting, in their own format, each once."""
    version = (
        RulesVersion.objects.select_related("partnership", "meeting", "meeting__partnership")
        .filter(pk=version_id)
        .first()
    )
    result = SentResult()
    if version is None:
        return result
    base_url = (base_url or site_url()).rstrip("/")
    paths = version_paths(version)
    files: dict[str, list] = {}
    missed = absentees(version)
    prefs = {p.person_id: p for p in Pref.objects.filter(person_id__in=[a.person.pk for a in missed])}
    for absentee in missed:
        person = absentee.person
        if not absentee.by_email:
            result.offline.append(person.pk)
            continue
        sent = claim(kind=SENT_KIND, key=f"version:{version.pk}", person=person)
        if sent is None:
            continue
        if absentee.variant not in files:
            files[absentee.variant] = _files(version, absentee.variant)
        pref = prefs.get(person.pk)
        try:
            email_send(
                to=[person.email],
                cc=[pref.support_person_email] if pref and pref.support_person_email else None,
                subject=f"Version {version.number} of the ground rules: {version.partnership.name}",
                template="ground_rules_version",
                context={
                    "person": person,
                    "partnership": version.partnership,
                    "version": version,
                    "meeting": version.meeting,
                    "agreed_on": day_words(version.agreed_on),
                    "concerns_until": day_words(version.concerns_until),
                    "concern_url": base_url + paths["concern"],
                    "web_url": base_url + paths["web"],
                    "attached": bool(files[absentee.variant]),
                },
                attachments=files[absentee.variant],
                html=not (pref and pref.paper_format == Pref.PaperFormat.PLAIN_TEXT),
            )
        except (OSError, smtplib.SMTPException):
            logger.exception("Could not email version %s of the ground rules to %s", version.pk, person.pk)
            unclaim(sent)
            result.failed.append(person.pk)
        else:
            result.emailed.append(person.pk)
    RulesVersion.objects.filter(pk=version.pk, sent_at__isnull=True).update(sent_at=timezone.now())
    return result


def version_send_later(version: RulesVersion, base_url: str = "") -> None:
    """Queue the sending once the agreement is committed (the background task)."""
    from ..tasks import send_version_emails

    transaction.on_commit(lambda: send_version_emails.enqueue(version_id=version.pk, base_url=base_url))


# ---------------------------------------------------------------- concerns

CONCERN_TITLE = "Concern about the ground rules"
CONCERN_EASY = "Someone who missed a meeting is worried about our ground rules.\nWe talk about it."
CONCERNS_ENDED = (
    "The time to raise a concern about version {number} ended on {day}. You can still propose a change to a "
    "rule."
)
CONCERN_EMPTY = "Enter your concern."


def concerns_ended_words(version: RulesVersion) -> str:
    return CONCERNS_ENDED.format(number=version.number, day=day_words(version.concerns_until))


def next_meeting(partnership: Partnership) -> Meeting | None:
    return agenda_meetings(partnership).first()


def concern_item(meeting: Meeting) -> AgendaItem | None:
    item_id = (
        Concern.objects.filter(partnership_id=meeting.partnership_id, agenda_item__meeting=meeting)
        .values_list("agenda_item_id", flat=True)
        .first()
    )
    return AgendaItem.objects.filter(pk=item_id).first() if item_id else None


def concern_count_words(count: int) -> str:
    plural = "" if count == 1 else "s"
    return f"{count} concern{plural} about the ground rules from people who missed the meeting."


def concerns_to_meeting(*, meeting: Meeting, concerns: list[Concern]) -> AgendaItem:
    """Put these concerns on the meeting's agenda, in its one item "Concern about the ground rules"."""
    if not concerns:
        raise ValidationError("Choose at least one concern.")
    if not _upcoming(meeting.partnership).filter(pk=meeting.pk).exists():
        raise ValidationError(NOT_UPCOMING)
    item = concern_item(meeting)
    ids = [c.pk for c in concerns]
    count = len(ids) + (Concern.objects.filter(agenda_item=item).exclude(pk__in=ids).count() if item else 0)
    description = concern_count_words(count) + " The decision stands while the partners talk about them."
    if item is None:
        item = agenda_services.item_add(
            meeting=meeting,
            title=CONCERN_TITLE,
            purpose=AgendaItem.Purpose.DISCUSSION,
            duration_minutes=10,
            description=description,
            easy_read_text=CONCERN_EASY,
            easy_read_picture=CONCERN_PICTURE,
        )
    else:
        item.description = description
        agenda_services.item_save(item=item)
    Concern.objects.filter(pk__in=ids).update(agenda_item=item)
    return item


@transaction.atomic
def concern_raise(*, version: RulesVersion, person: User, text: str, today: date | None = None) -> Concern:
    """A concern from someone who missed the meeting: onto the next meeting's agenda, or waiting for one."""
    if not version.concerns_open(today):
        raise ValidationError(concerns_ended_words(version), code="ended")
    text = (text or "").strip()
    if not text:
        raise ValidationError(CONCERN_EMPTY, code="empty")
    concern = Concern.objects.create(
        partnership=version.partnership, version=version, person=person, text=text
    )
    meeting = next_meeting(version.partnership)
    if meeting is not None:
        # A locked agenda: the concern waits, and the concerns page says so.
        with contextlib.suppress(ValidationError):
            concerns_to_meeting(meeting=meeting, concerns=[concern])
        concern.refresh_from_db()
    return concern


def was_present(version: RulesVersion, person: User) -> bool:
    return version.meeting.attendances.filter(person=person, present=True).exists()


# ---------------------------------------------------------------- review reminders

REVIEW_KIND = "rules_review"


def rules_review_reminders(run) -> None:
    """To each partnership's coordinators and chairs, once, when the current version's review date comes
    (a job for `meetings.services.reminders.reminders_send(also=...)`)."""
    from meetings.services.reminders import Reminder

    today = timezone.localtime(run.now).date()
    latest = (
        RulesVersion.objects.filter(partnership=OuterRef("partnership")).order_by("-number").values("pk")[:1]
    )
    # Only each partnership's current version: an older one's review date no longer counts.
    due = RulesVersion.objects.annotate(latest=Subquery(latest)).filter(pk=F("latest"), review_on__lte=today)
    for version in due.select_related("partnership").order_by("pk"):
        partnership = version.partnership
        people = [
            m.person
            for m in Membership.objects.current()
            .filter(partnership=partnership, role__in=[Role.COORDINATOR, Role.CHAIR])
            .select_related("person")
            .order_by("person__full_name")
        ]
        run.prefs(people)
        path = version_paths(version)["web"]
        review_day = day_words(version.review_on)
        for person in people:
            if not person.has_email:
                continue
            run.send(
                Reminder(
                    kind=REVIEW_KIND,
                    key=f"version:{version.pk}",
                    person=person,
                    partnership=partnership,
                    subject=f"The ground rules are due for review: {partnership.name}",
                    template="ground_rules_review",
                    context={
                        "version": version,
                        "review_day": review_day,
                        "rules_url": run.url(path),
                        "proposals_url": run.url(
                            reverse("groundrules:proposals", kwargs={"slug": partnership.slug})
                        ),
                    },
                    digest_text=(
                        f"The ground rules (version {version.number}) were due for review by {review_day}."
                    ),
                    digest_link=path,
                )
            )
