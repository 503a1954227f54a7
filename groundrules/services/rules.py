"""The ground rules as versions: the current version, a rule's words, comparing two versions, and the chair's
decision at a meeting that publishes the next version.

A published version never changes: nothing here edits one. The rule that information goes out well before a
meeting says how long from the partnership's papers notice: the current version reads the setting (change one
and the other follows), older versions the notice they were agreed with, and agreeing a proposal with its own
number of days changes the setting.
"""

from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from meetings.models import Attendance, Decision, Meeting
from meetings.services.actions import decision_record
from partners.models import Partnership, User

from ..models import Proposal, RulesSettings, RulesVersion, VersionRule


def settings_for(partnership: Partnership) -> RulesSettings:
    """The partnership's ground rules settings, or the defaults (unsaved) until someone changes them."""
    try:
        return partnership.rules_settings
    except RulesSettings.DoesNotExist:
        return RulesSettings(partnership=partnership)


def current_version(partnership: Partnership) -> RulesVersion | None:
    """The newest agreed version, or None before the partnership agrees its first."""
    return (
        RulesVersion.objects.filter(partnership=partnership)
        .select_related("meeting", "decision")
        .order_by("-number")
        .first()
    )


def notice_words(days: int) -> str:
    return f"at least {days} day{'' if days == 1 else 's'} before"


def rule_words(text: str, *, uses_papers_notice: bool, days: int) -> str:
    """ "Information is sent out well before a meeting (at least 10 days before)"."""
    text = (text or "").strip()
    if not uses_papers_notice:
        return text
    return f"{text.rstrip('.')} ({notice_words(days)})."


def easy_rule_words(text: str, *, uses_papers_notice: bool, days: int) -> str:
    text = (text or "").strip()
    if not uses_papers_notice or not text:
        return text
    return f"{text} {notice_words(days).capitalize()} the meeting."


def days_for(version: RulesVersion, *, current: RulesVersion | None = None) -> int:
    """The papers notice a version's rule says: the setting for the current version, its own for the rest."""
    is_current = current is not None and current.pk == version.pk
    return version.partnership.papers_notice_days if is_current else version.papers_notice_days


def version_rules(version: RulesVersion, *, days: int) -> list[VersionRule]:
    """The version's rules in order, each with `words` and `easy_words` as people read them."""
    rules = list(version.rules.all())
    for rule in rules:
        with_words(rule, days=days)
    return rules


def with_words(rule, *, days: int):
    """Set `words` and `easy_words` on a rule or a proposal (anything with `text`, `easy_read_text` and
    `uses_papers_notice`)."""
    rule.words = rule_words(rule.text, uses_papers_notice=rule.uses_papers_notice, days=days)
    rule.easy_words = easy_rule_words(
        rule.easy_read_text, uses_papers_notice=rule.uses_papers_notice, days=days
    )
    return rule


# ---------------------------------------------------------------- comparing versions


@dataclass
class Change:
    before: VersionRule
    after: VersionRule
    words_changed: bool
    easy_changed: bool
    practice_changed: bool


@dataclass
class Comparison:
    added: list[VersionRule] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    removed: list[VersionRule] = field(default_factory=list)

    @property
    def nothing(self) -> bool:
        return not (self.added or self.changed or self.removed)


def compare(before: list[VersionRule], after: list[VersionRule]) -> Comparison:
    """Rules added, changed and removed between two versions' rules (each with `words`, as `version_rules`
    gives them), matched by their key."""
    old = {rule.key: rule for rule in before}
    new = {rule.key: rule for rule in after}
    result = Comparison()
    for rule in after:
        if rule.key not in old:
            result.added.append(rule)
            continue
        was = old[rule.key]
        change = Change(
            before=was,
            after=rule,
            words_changed=was.words != rule.words,
            easy_changed=(was.easy_words, was.easy_read_picture) != (rule.easy_words, rule.easy_read_picture),
            practice_changed=was.in_practice.strip() != rule.in_practice.strip(),
        )
        if change.words_changed or change.easy_changed or change.practice_changed:
            result.changed.append(change)
    result.removed = [rule for rule in before if rule.key not in new]
    return result


# ---------------------------------------------------------------- agreeing a version at a meeting

NO_RULES = (
    "The ground rules would have no rules left. Agree at least one rule, or keep a rule from the last "
    "version."
)
ALREADY_DECIDED = (
    "These proposals were already decided (version {number} was agreed). Nothing was recorded twice."
)
NOT_STARTED = (
    "This meeting has not started yet. Record what the meeting agreed once it has started, from the Run "
    "meeting page or the meeting's page."
)
CLASH = (
    "“{first}” and “{second}” both change or take out the same rule. Agree one of them, and mark the other "
    "Not agreed or Not decided today."
)
GONE = (
    "“{words}” is about rule {number}, which is no longer in the ground rules. Mark it Not agreed, or "
    "propose it again as a new rule."
)
NOTHING_DECIDED = "Choose what the meeting agreed or did not agree for at least one proposal."
NOT_OPEN = "“{words}” is no longer under discussion ({status}), so it cannot be agreed."


@dataclass
class Agreement:
    version: RulesVersion | None  # None when nothing in the rules changed
    decision: Decision
    comparison: Comparison


def _decision_words(number: int, comparison: Comparison, not_agreed: list[Proposal]) -> tuple[str, str]:
    parts = []
    if comparison.added:
        parts.append(f"{len(comparison.added)} new")
    if comparison.changed:
        parts.append(f"{len(comparison.changed)} changed")
    if comparison.removed:
        parts.append(f"{len(comparison.removed)} taken out")
    what = ", ".join(parts) if parts else "no changes to the rules"
    text = f"The partnership agreed version {number} of its ground rules ({what})."
    if not_agreed:
        text += f" {len(not_agreed)} proposal{'s were' if len(not_agreed) != 1 else ' was'} not agreed."
    easy = f"We agreed our ground rules, version {number}."
    return text, easy


def _next_rules(current: RulesVersion | None, agreed: list[Proposal]) -> list[dict]:
    """The rules the new version holds: the current ones, with the agreed proposals applied, in order."""
    rules = [
        {
            "key": rule.key,
            "text": rule.text,
            "easy_read_text": rule.easy_read_text,
            "easy_read_picture": rule.easy_read_picture,
            "in_practice": rule.in_practice,
            "uses_papers_notice": rule.uses_papers_notice,
            "helped_write": rule.helped_write,
        }
        for rule in (current.rules.all() if current else [])
    ]
    by_key = {rule["key"]: rule for rule in rules}
    # A new rule takes a key no rule of the partnership ever had, so a rule taken out and a new one
    # never compare as the same rule.
    used = VersionRule.objects.filter(partnership_id=agreed[0].partnership_id) if agreed else None
    next_key = max(
        [rule["key"] for rule in rules] + (list(used.values_list("key", flat=True)) if used else []),
        default=0,
    )
    for proposal in agreed:
        words = {
            "text": proposal.text.strip(),
            "easy_read_text": proposal.easy_read_text.strip(),
            "easy_read_picture": proposal.easy_read_picture,
            "in_practice": proposal.in_practice.strip(),
            "uses_papers_notice": proposal.uses_papers_notice,
            "helped_write": proposal.helped_write.strip(),
        }
        if proposal.kind == Proposal.Kind.ADD:
            next_key += 1
            rule = {"key": next_key, **words}
            rules.append(rule)
            by_key[next_key] = rule
        elif proposal.rule_key not in by_key:
            raise ValidationError(
                GONE.format(words=_short(proposal), number=proposal.rule_key), code="rule_gone"
            )
        elif proposal.kind == Proposal.Kind.CHANGE:
            by_key[proposal.rule_key].update(words)
        else:
            rules.remove(by_key.pop(proposal.rule_key))
    return rules


def _short(proposal: Proposal) -> str:
    words = proposal.text.strip()
    return words if len(words) <= 60 else words[:59] + "…"


def _check_no_clash(agreed: list[Proposal]) -> None:
    """Two agreed proposals may not both change or take out the same rule: which would win is not for the
    app to guess."""
    seen: dict[int, Proposal] = {}
    for proposal in agreed:
        if proposal.kind == Proposal.Kind.ADD:
            continue
        if proposal.rule_key in seen:
            raise ValidationError(
                CLASH.format(first=_short(seen[proposal.rule_key]), second=_short(proposal)), code="clash"
            )
        seen[proposal.rule_key] = proposal


@transaction.atomic
def version_agree(
    *,
    meeting: Meeting,
    agreed: list[Proposal],
    not_agreed: list[Proposal],
    recorded_by: User,
    expected_number: int,
    agenda_item=None,
    how: str = Decision.How.CONSENSUS,
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
    review_on: date | None = None,
) -> Agreement:
    """The chair records what the meeting decided about these proposals: a decision in the register, and
    the next version of the ground rules (its number, the meeting, the decision, a review date).

    `expected_number` is the version the chair's page was about to make: if it exists already (the same
    form sent twice, or two chairs at once), nothing more is recorded.
    """
    votes = {"votes_for": votes_for, "votes_against": votes_against, "abstentions": abstentions}
    partnership = meeting.partnership
    if not meeting.has_started:
        raise ValidationError(NOT_STARTED, code="not_started")
    # One agreement at a time in a partnership: the row lock makes the second wait, then see the first.
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    current = current_version(partnership)
    number = (current.number if current else 0) + 1
    if expected_number != number:
        raise ValidationError(ALREADY_DECIDED.format(number=number - 1), code="already_decided")
    if not agreed and not not_agreed:
        raise ValidationError(NOTHING_DECIDED, code="nothing_decided")
    ids = [p.pk for p in [*agreed, *not_agreed]]
    fresh = {
        p.pk: p for p in Proposal.objects.select_for_update().filter(partnership=partnership, pk__in=ids)
    }
    for proposal in [*agreed, *not_agreed]:
        now = fresh.get(proposal.pk)
        if now is None or now.status != Proposal.Status.OPEN:
            status = now.get_status_display().lower() if now else "removed"
            raise ValidationError(NOT_OPEN.format(words=proposal.text[:60], status=status), code="not_open")
    agreed = [fresh[p.pk] for p in agreed]
    not_agreed = [fresh[p.pk] for p in not_agreed]
    _check_no_clash(agreed)
    rules = _next_rules(current, agreed)
    if not rules:
        raise ValidationError(NO_RULES, code="no_rules")
    notice = next((p.notice_days for p in agreed if p.uses_papers_notice and p.notice_days), None)
    if notice and notice != partnership.papers_notice_days:
        partnership.papers_notice_days = notice
        Partnership.objects.filter(pk=partnership.pk).update(papers_notice_days=notice)

    settings = settings_for(partnership)
    today = timezone.localdate()
    agreed_on = min(today, timezone.localtime(meeting.starts_at).date())
    # Comparison before saving, in the words people read.
    days = partnership.papers_notice_days
    before = (
        [with_words(rule, days=current.papers_notice_days) for rule in current.rules.all()] if current else []
    )
    after = [with_words(VersionRule(**rule), days=days) for rule in rules]
    comparison = compare(before, after)
    if comparison.nothing:
        # Nothing in the rules changes (every proposal decided was not agreed): the decision is recorded,
        # and no new version is made, sent or reviewed.
        return _nothing_agreed(meeting, not_agreed, current, recorded_by, agenda_item, how, votes)
    text, easy = _decision_words(number, comparison, not_agreed)
    decision = decision_record(
        meeting=meeting,
        agenda_item=agenda_item,
        text=text,
        how=how,
        easy_read_text=easy,
        recorded_by=recorded_by,
        **votes,
    )
    try:
        version = RulesVersion.objects.create(
            partnership=partnership,
            number=number,
            agreed_on=agreed_on,
            meeting=meeting,
            decision=decision,
            review_on=review_on or agreed_on + relativedelta(months=settings.review_months),
            concerns_until=today + relativedelta(days=settings.concern_days),
            papers_notice_days=days,
            created_by=recorded_by,
        )
    except IntegrityError:
        raise ValidationError(ALREADY_DECIDED.format(number=number), code="already_decided") from None
    version.present.set(
        Attendance.objects.filter(meeting=meeting, present=True, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    VersionRule.objects.bulk_create(
        VersionRule(partnership=partnership, version=version, position=position, **rule)
        for position, rule in enumerate(rules, start=1)
    )
    # Decided at the meeting: a meeting recorded afterwards says its own day, not the day of typing.
    now = min(timezone.now(), meeting.ends_at)
    for status, proposals in ((Proposal.Status.AGREED, agreed), (Proposal.Status.NOT_AGREED, not_agreed)):
        Proposal.objects.filter(pk__in=[p.pk for p in proposals]).update(
            status=status, status_changed_at=now, decided_in=version
        )
    return Agreement(version=version, decision=decision, comparison=comparison)


def _nothing_agreed(meeting, not_agreed, current, recorded_by, agenda_item, how, votes) -> Agreement:
    count = len(not_agreed)
    text = (
        f"The partnership did not agree {count} proposal{'s' if count != 1 else ''} for its ground rules. "
        + (f"Version {current.number} stays as it is." if current else "There are no ground rules yet.")
    )
    decision = decision_record(
        meeting=meeting,
        agenda_item=agenda_item,
        text=text,
        how=how,
        easy_read_text="We did not change our ground rules.",
        recorded_by=recorded_by,
        **votes,
    )
    Proposal.objects.filter(pk__in=[p.pk for p in not_agreed]).update(
        status=Proposal.Status.NOT_AGREED, status_changed_at=min(timezone.now(), meeting.ends_at)
    )
    return Agreement(version=None, decision=decision, comparison=Comparison())


def versions_count(partnership: Partnership) -> int:
    return RulesVersion.objects.filter(partnership=partnership).aggregate(n=models.Count("pk"))["n"]
