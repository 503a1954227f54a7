"""A version of the ground rules as people read and print it: the facts of the version (when and where it was
agreed, the decision, who was there, when it is reviewed), its rules in plain and easy read words, and the
document in the three print variants (standard, large print, easy read) as a PDF and as a web page, through
the print pipeline (`coproduction.printing`).

The rule that information goes out well before a meeting says the partnership's papers notice for the current
version, and the notice a version was agreed with for older ones (`rules.days_for`).

Nothing here writes easy read words: a rule without them is named, and the easy read document says it is not
ready yet.
"""

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import dateformat, timezone

from coproduction.easy_read.readiness import easy_read_missing
from coproduction.printing import VARIANT_LABELS, VARIANTS, Printed, render_html, render_pdf, render_pdf_parts
from meetings.models import person_name
from meetings.services.documents import EasyRead, FramePoint, Point, _hard_words
from partners.models import Partnership

from ..models import RulesVersion, VersionRule
from .rules import current_version, days_for, version_rules

TEMPLATE = "print/ground_rules.html"
DOCUMENT_LABEL = "Ground rules"
PICTURE = "openmoji:1F4CB"  # a clipboard: the ground rules (as in the meeting pack)
DAY = "openmoji:1F4C5"  # a calendar
CALENDAR = "openmoji:1F4C6"  # a calendar page showing one date
PEOPLE = "openmoji:1F465"  # the outline of two people


def day_words(day: date) -> str:
    """ "3 March 2026"."""
    return dateformat.format(day, "j F Y")


def _first_words(text: str, count: int = 8) -> str:
    words = (text or "").split()
    return " ".join(words[:count]) + ("\u2026" if len(words) > count else "")


# ---------------------------------------------------------------- a version's facts and rules


@dataclass
class Facts:
    """What people need to know about a version, whichever page or document shows it."""

    number: int
    agreed_on: str  # "3 March 2026"
    meeting_title: str
    meeting_day: str
    meeting_id: int
    decision_id: int
    decision_reference: str
    present: list[str]  # who was there, by name
    review_on: str
    review_due: bool  # the review date has come
    is_current: bool
    replaced_by: int | None = None  # the next version's number, for an older version
    replaced_on: str = ""

    @property
    def present_words(self) -> str:
        if not self.present:
            return "Nobody was marked present at the meeting."
        return ", ".join(self.present) + "."

    @property
    def easy_points(self) -> list[FramePoint]:
        """The facts in easy read: short sentences, each point with its picture."""
        points = [FramePoint("", "These are our ground rules.\nThey say how we work together.", PICTURE)]
        if self.replaced_by:
            points.append(
                FramePoint(
                    "",
                    "We have new ground rules now.\nThese are the old ones.\n"
                    f"The new ones are version {self.replaced_by}.",
                    CALENDAR,
                )
            )
        points.append(
            FramePoint("When we agreed them", f"We agreed these rules at a meeting on {self.agreed_on}.", DAY)
        )
        who = (
            "\n".join(["These people were at the meeting:", *self.present])
            if self.present
            else ("We did not write down who was at the meeting.")
        )
        points.append(FramePoint("Who was there", who, PEOPLE))
        points.append(
            FramePoint(
                "When we look at them again",
                f"We will look at these rules again by {self.review_on}.",
                CALENDAR,
            )
        )
        return points


@dataclass
class RuleRow(Point):
    """One rule as a document shows it: its number, its plain words (`text`) and its easy read words."""

    number: int = 0
    key: int = 0
    text: str = ""
    in_practice: str = ""
    helped_write: str = ""

    default_picture = PICTURE

    @property
    def heading(self) -> str:
        return f"Rule {self.number}"


def numbered_rules(version: RulesVersion, *, days: int) -> list[VersionRule]:
    """The version's rules in order (one query), each with `number` (1, 2, 3 as people read them), `words`
    and `easy_words`."""
    rules = version_rules(version, days=days)
    for number, rule in enumerate(rules, start=1):
        rule.number = number
    return rules


def present_names(version: RulesVersion) -> list[str]:
    """Everyone who was at the meeting when it agreed the version, by name (one query): kept with the
    version, so a later change to the meeting's record of who was present does not change it."""
    return sorted((person_name(person) for person in version.present.all()), key=str.casefold)


def version_facts(
    version: RulesVersion,
    *,
    current: RulesVersion | None,
    next_version: RulesVersion | None = None,
    today: date | None = None,
) -> Facts:
    """The version's facts (`version.meeting` and `version.decision` read with it; one query for who was
    there). `next_version`: the version that replaced it, if any."""
    zone = ZoneInfo(version.partnership.time_zone)
    today = today or timezone.localdate(timezone=zone)
    meeting = version.meeting
    return Facts(
        number=version.number,
        agreed_on=day_words(version.agreed_on),
        meeting_title=meeting.title,
        meeting_day=day_words(timezone.localtime(meeting.starts_at, zone).date()),
        meeting_id=meeting.pk,
        decision_id=version.decision_id,
        decision_reference=version.decision.reference,
        present=present_names(version),
        review_on=day_words(version.review_on),
        review_due=today >= version.review_on,
        is_current=current is not None and current.pk == version.pk,
        replaced_by=next_version.number if next_version else None,
        replaced_on=day_words(next_version.agreed_on) if next_version else "",
    )


def next_version_of(version: RulesVersion) -> RulesVersion | None:
    """The version agreed after this one, None for the current version (one query)."""
    return (
        RulesVersion.objects.filter(partnership_id=version.partnership_id, number__gt=version.number)
        .order_by("number")
        .first()
    )


# ---------------------------------------------------------------- the document


def document_title(version: RulesVersion) -> str:
    return f"Ground rules: {version.partnership.name}, version {version.number}"


def document_filename(version: RulesVersion, variant: str) -> str:
    """ "ground-rules-v2-large-print.pdf"."""
    return f"ground-rules-v{version.number}-{variant.replace('_', '-')}.pdf"


def _rows(rules: list[VersionRule]) -> list[RuleRow]:
    return [
        RuleRow(
            easy_read=(rule.easy_words or "").strip(),
            picture=rule.easy_read_picture,
            number=rule.number,
            key=rule.key,
            text=rule.words,
            in_practice=rule.in_practice.strip(),
            helped_write=rule.helped_write.strip(),
        )
        for rule in rules
    ]


def missing_easy_read(rules: list[VersionRule]) -> list[str]:
    """The rules with no easy read words yet, named by their number and first words."""
    return [
        f"Rule {rule.number} \u201c{_first_words(rule.text)}\u201d"
        for rule in rules
        if easy_read_missing(rule)
    ]


def ground_rules_context(
    version: RulesVersion,
    variant: str,
    *,
    current: RulesVersion | None = None,
    next_version: RulesVersion | None = None,
    facts: Facts | None = None,
    rules: list[VersionRule] | None = None,
) -> dict:
    """Everything the document shows in `variant`, in a fixed number of queries however many rules.

    `current` is the partnership's current version (read here when not given); `facts` and `rules` may be
    passed by a page that has read them already. Raises ValueError for an unknown variant."""
    if variant not in VARIANTS:
        raise ValueError(f"Unknown variant {variant!r}: choose one of {', '.join(VARIANTS)}")
    partnership: Partnership = version.partnership
    if current is None:
        current = current_version(partnership)
    if next_version is None and (current is None or current.pk != version.pk):
        next_version = next_version_of(version)
    if rules is None:
        rules = numbered_rules(version, days=days_for(version, current=current))
    if facts is None:
        facts = version_facts(version, current=current, next_version=next_version)
    rows = _rows(rules)
    context = {
        "document": "ground_rules",
        "document_label": DOCUMENT_LABEL,
        "variant": variant,
        "variant_label": VARIANT_LABELS[variant],
        "easy_read": variant == "easy_read",
        "partnership_name": partnership.name,
        "time_zone": partnership.time_zone,
        "link_base": getattr(settings, "SITE_URL", "").rstrip("/"),
        "title": document_title(version),
        "version": version,
        "facts": facts,
        "rules": rows,
        "picture": PICTURE,
    }
    if variant == "easy_read":
        glossary = _hard_words(partnership, rows)
        missing = missing_easy_read(rules)
        context["easy"] = EasyRead(ready=not missing, missing=missing, checked_by="", glossary=glossary)
    return context


def _render(context: dict, variant: str, filename: str) -> list[Printed]:
    with timezone.override(ZoneInfo(context["time_zone"])):
        if variant == "easy_read":
            return render_pdf_parts(
                template=TEMPLATE, context=context, variant=variant, title=context["title"], filename=filename
            )
        return [
            render_pdf(
                template=TEMPLATE, context=context, variant=variant, title=context["title"], filename=filename
            )
        ]


def ground_rules_files(version: RulesVersion, variant: str) -> list[Printed]:
    """The version as the PDFs to send or download in `variant` (one; an easy read document over 20 pages in
    parts), named like "ground-rules-v2-large-print.pdf". Kept and reused until its content changes."""
    context = ground_rules_context(version, variant)
    return _render(context, variant, document_filename(version, variant))


def ground_rules_pdf(version: RulesVersion, variant: str, **known) -> list[Printed]:
    """As `ground_rules_files`, with what a page has read already (`current`, `next_version`...)."""
    context = ground_rules_context(version, variant, **known)
    return _render(context, variant, document_filename(version, variant))


def ground_rules_html(context: dict, variant: str) -> str:
    """The document as one complete, accessible web page, from the same template as the PDF."""
    with timezone.override(ZoneInfo(context["time_zone"])):
        return render_html(template=TEMPLATE, context=context, variant=variant, title=context["title"])


@dataclass
class PrintLink:
    variant: str
    label: str  # "large print"
    pdf_href: str
    web_href: str
