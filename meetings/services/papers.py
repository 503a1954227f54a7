"""Papers for agenda items and the background library, and their versions.

A file is stored under a name of our own (never the uploaded name, which is only shown and offered as the
download name). A new upload in the same format becomes the next version; earlier versions are kept.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max, Prefetch, QuerySet

from coproduction.access import READ_ONLY_ROLES, is_read_only
from partners.models import Membership, Partnership, Role, User

from ..models import AgendaItem, Meeting, Paper, PaperVersion
from ..permissions import Powers
from ..uploads import CheckedFile, type_label
from .record import require_unlocked

# Co-production: everyone brings background. Only the read-only roles (observers, and visiting experts, who
# never see the library) cannot add to it.
LIBRARY_CONTRIBUTORS = frozenset(Role) - READ_ONLY_ROLES


def can_add_meeting_papers(membership: Membership, powers: Powers) -> bool:
    """Coordinators, chairs and minute-takers of the meeting add and replace its papers."""
    if is_read_only(membership):
        return False
    return powers.manage or powers.chair or powers.minutes


def can_add_to_library(membership: Membership) -> bool:
    return not is_read_only(membership)


def _store(version: PaperVersion, checked: CheckedFile) -> None:
    version.file.save(f"{uuid.uuid4().hex}{checked.file_type.extension}", checked.content, save=False)


@transaction.atomic
def paper_add(
    *,
    partnership: Partnership,
    meeting: Meeting | None,
    agenda_item: AgendaItem | None,
    title: str,
    description: str,
    format: str,
    checked: CheckedFile,
    uploaded_by: User,
) -> Paper:
    """A new paper with its first file: for an agenda item of `meeting`, or for the library (no meeting)."""
    if meeting is not None and meeting.partnership_id != partnership.pk:
        raise ValidationError("This meeting belongs to another partnership.")
    if meeting is not None:
        # The papers of an approved meeting are part of its record. (A large print or easy read version of
        # one of them may still be added: that is access to the record, not a change to it.)
        require_unlocked(meeting)
    if agenda_item is not None and (
        meeting is None
        or agenda_item.meeting_id != meeting.pk
        or agenda_item.partnership_id != partnership.pk
    ):
        raise ValidationError({"agenda_item": "Choose an agenda item from this meeting\u2019s agenda"})
    paper = Paper.objects.create(
        partnership=partnership,
        meeting=meeting,
        agenda_item=agenda_item,
        title=title,
        description=description,
        created_by=uploaded_by,
    )
    _version_create(paper=paper, format=format, number=1, checked=checked, uploaded_by=uploaded_by)
    return paper


# The formats that are files; a BSL video is a link (`paper_bsl_video_add`).
FILE_FORMATS = tuple(code for code in PaperVersion.Format.values if code != PaperVersion.Format.BSL_VIDEO)


def _version_create(
    *, paper: Paper, format: str, number: int, checked: CheckedFile, uploaded_by: User
) -> PaperVersion:
    if format not in FILE_FORMATS:
        raise ValidationError({"format": "Choose standard, large print or easy read"})
    version = PaperVersion(
        partnership_id=paper.partnership_id,
        paper=paper,
        format=format,
        number=number,
        original_name=checked.original_name,
        content_type=checked.file_type.content_type,
        size=checked.size,
        uploaded_by=uploaded_by,
    )
    _store(version, checked)
    version.save()
    return version


def _next_number(paper: Paper, format: str) -> int:
    """The paper's row is locked while the number is chosen, so two people adding at once get versions N+1
    and N+2, never the same number. Call inside a transaction."""
    Paper.objects.select_for_update().filter(pk=paper.pk).first()
    latest = PaperVersion.objects.filter(paper=paper, format=format).aggregate(n=Max("number"))["n"] or 0
    if paper.meeting_id and latest:
        # A new version replacing one an approved meeting had would change its record; a first version in
        # another format (large print, easy read, BSL video) gives access to the record and is still welcome.
        require_unlocked(paper.meeting_id)
    return latest + 1


@transaction.atomic
def paper_version_add(*, paper: Paper, format: str, checked: CheckedFile, uploaded_by: User) -> PaperVersion:
    """The next version of the paper in this format."""
    number = _next_number(paper, format)
    return _version_create(
        paper=paper, format=format, number=number, checked=checked, uploaded_by=uploaded_by
    )


def check_bsl_video_link(url: str) -> str:
    """A BSL video of a paper is a link, https only: a pack never sends a reader to an unprotected page."""
    url = (url or "").strip()
    if not url:
        raise ValidationError({"video_url": "Give the link to the BSL video"})
    if not url.lower().startswith("https://"):
        raise ValidationError({"video_url": "Give a link that starts with https://"})
    if len(url) > 500:
        raise ValidationError({"video_url": "Keep the link under 500 characters"})
    try:
        URLValidator(schemes=["https"])(url)
    except ValidationError:
        raise ValidationError(
            {"video_url": "Give a link to the video, like https://www.youtube.com/watch?v=abc123"}
        ) from None
    return url


@transaction.atomic
def paper_bsl_video_add(*, paper: Paper, video_url: str, added_by: User) -> PaperVersion:
    """The paper in BSL: a link to a video of it, kept as the next BSL video version of the paper."""
    video_url = check_bsl_video_link(video_url)
    number = _next_number(paper, PaperVersion.Format.BSL_VIDEO)
    return PaperVersion.objects.create(
        partnership_id=paper.partnership_id,
        paper=paper,
        format=PaperVersion.Format.BSL_VIDEO,
        number=number,
        video_url=video_url,
        uploaded_by=added_by,
    )


def newest_bsl_video(versions: Iterable[PaperVersion]) -> PaperVersion | None:
    """The paper's current BSL video, from its (prefetched) versions: what "Watch in BSL" links to."""
    videos = [v for v in versions if v.format == PaperVersion.Format.BSL_VIDEO]
    return max(videos, key=lambda v: v.number, default=None)


# ---------------------------------------------------------------- reading


@dataclass
class PaperRow:
    """A paper with the current version of each format it has, for lists."""

    paper: Paper
    current: list[PaperVersion]  # standard first, then large print, then easy read

    @property
    def last_uploaded(self) -> PaperVersion | None:
        return max(self.current, key=lambda v: v.uploaded_at, default=None)


def papers_with_versions(papers: QuerySet[Paper]) -> QuerySet[Paper]:
    """Papers with every version and who uploaded it fetched in two queries, whatever the number of papers."""
    return papers.select_related("agenda_item").prefetch_related(
        Prefetch(
            "versions",
            queryset=PaperVersion.objects.select_related("uploaded_by").order_by("format", "-number"),
        )
    )


_FORMAT_ORDER = {code: n for n, code in enumerate(PaperVersion.Format.values)}


def _labelled(versions: Iterable[PaperVersion]) -> list[PaperVersion]:
    """Versions with `type_label` set ("PDF", "Word document") for the page to show."""
    versions = list(versions)
    for version in versions:
        version.type_label = "" if version.is_video else type_label(version.content_type)
    return versions


def current_versions(versions: Iterable[PaperVersion]) -> list[PaperVersion]:
    """The newest version of each format, standard first."""
    newest: dict[str, PaperVersion] = {}
    for version in _labelled(versions):
        if version.format not in newest or version.number > newest[version.format].number:
            newest[version.format] = version
    return sorted(newest.values(), key=lambda v: _FORMAT_ORDER.get(v.format, 99))


def paper_rows(papers: Iterable[Paper]) -> list[PaperRow]:
    return [PaperRow(paper=paper, current=current_versions(paper.versions.all())) for paper in papers]


@dataclass
class ItemPapers:
    item: AgendaItem | None  # None: papers whose agenda item has since been removed
    rows: list[PaperRow]


def meeting_papers_by_item(meeting: Meeting) -> list[ItemPapers]:
    """The meeting's papers grouped under its agenda items, in agenda order (breaks left out)."""
    items = list(
        AgendaItem.objects.filter(partnership_id=meeting.partnership_id, meeting=meeting)
        .exclude(purpose=AgendaItem.Purpose.BREAK)
        .order_by("position", "pk")
    )
    rows = paper_rows(
        papers_with_versions(Paper.objects.filter(partnership_id=meeting.partnership_id, meeting=meeting))
    )
    by_item: dict[int | None, list[PaperRow]] = {}
    for row in rows:
        by_item.setdefault(row.paper.agenda_item_id, []).append(row)
    groups = [ItemPapers(item=item, rows=by_item.pop(item.pk, [])) for item in items]
    loose = [row for rest in by_item.values() for row in rest]
    if loose:
        groups.append(ItemPapers(item=None, rows=loose))
    return groups


@dataclass
class FormatHistory:
    format: str
    label: str
    versions: list[PaperVersion]  # newest first
    shown: int = 0  # how many the page lists; the rest are behind "see all"

    @property
    def listed(self) -> list[PaperVersion]:
        return self.versions[: self.shown]

    @property
    def hidden(self) -> int:
        return len(self.versions) - self.shown


VERSIONS_SHOWN = 5


def version_history(paper: Paper, *, all_of: str = "") -> list[FormatHistory]:
    """Every version of a paper, grouped by format, newest first: the page lists the newest few of each
    format, or every one of the format `all_of`."""
    versions = _labelled(paper.versions.select_related("uploaded_by").order_by("format", "-number"))
    labels = dict(PaperVersion.Format.choices)
    history = []
    for code in PaperVersion.Format.values:
        of_format = [v for v in versions if v.format == code]
        if of_format:
            shown = len(of_format) if code == all_of else min(len(of_format), VERSIONS_SHOWN)
            history.append(FormatHistory(format=code, label=labels[code], versions=of_format, shown=shown))
    return history
