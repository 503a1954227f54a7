"""iCalendar (.ics) files for meetings: one meeting to download, or a person's whole feed.

Written by hand (RFC 5545 is plain text); times in UTC so every calendar app places them right.

Calendar programs poll a feed every few minutes, so each file answers conditional requests: it is made
afresh, hashed, and the hash (its ETag) is compared with the one it had when last served (`version_of`).
An unchanged file keeps its Last-Modified (also every event's DTSTAMP) and a caller who has it gets 304.
"""

import calendar
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

from partners.models import Membership, Role

from .models import Attendance, Meeting

# A person's feed shows the last 3 months and everything ahead: enough to look back at a recent meeting,
# and it stays the same size however many years a partnership has met. my_calendar.html says so.
FEED_MONTHS_BACK = 3
# How long a file's version is remembered: longer than any calendar program waits between polls.
_KEEP_VERSIONS = 60 * 60 * 24 * 30
# Written in place of each event's DTSTAMP while the file is hashed, then replaced by when it last changed,
# so the stamp never makes an unchanged file look new. Nothing people type can make a line of its own.
_STAMP_PLACEHOLDER = "\r\nDTSTAMP:19700101T000000Z\r\n"

# Control characters other than a tab may not appear in calendar text (RFC 5545, section 3.3.11).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_LINE_BREAK = re.compile("[\r\x85\u2028\u2029]")


def _escape(text: str) -> str:
    """Calendar text as one property value. Every kind of line break (CRLF, a lone CR, a lone LF) becomes
    the escaped `\\n`, so nothing a person types can start a property of its own; backslashes, semicolons
    and commas are escaped too, and other control characters dropped."""
    text = text.replace("\r\n", "\n")
    # Other line breaks some readers split on (a lone CR; NEL and the Unicode line and paragraph
    # separators) are line breaks the person meant, so they are kept as such.
    text = _LINE_BREAK.sub("\n", text)
    text = _CONTROL.sub("", text)
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded with a leading space, as the standard asks."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _stamp(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _location(meeting: Meeting) -> str:
    if meeting.has_venue:
        return f"{meeting.venue.name}, {meeting.venue.address}"
    if meeting.format == Meeting.Format.ONLINE:
        return meeting.online_link or "Online"
    return ""


def calendar_for(meetings: list[Meeting], *, request: HttpRequest, name: str) -> str:
    """The calendar file, with a placeholder for each event's DTSTAMP that `served` fills in."""
    host = request.get_host().split(":")[0]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Co-production workspace//Meetings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    placeholder = _STAMP_PLACEHOLDER.strip()
    for meeting in meetings:
        url = request.build_absolute_uri(meeting.get_absolute_url())
        description = meeting.description
        if meeting.online_link:
            description = f"{description}\n\nJoin online: {meeting.online_link}".strip()
        description = f"{description}\n\n{url}".strip()
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{meeting.pk}@{host}",
            placeholder,
            f"DTSTART:{_stamp(meeting.starts_at)}",
            f"DTEND:{_stamp(meeting.ends_at)}",
            f"SUMMARY:{_escape(meeting.title)}",
            f"DESCRIPTION:{_escape(description)}",
            f"LOCATION:{_escape(_location(meeting))}",
            f"URL:{url}",
            f"STATUS:{'CANCELLED' if meeting.is_cancelled else 'CONFIRMED'}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def _months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def feed_window_start(now: datetime | None = None) -> datetime:
    """The start of the day 3 months ago: meetings that ended before it are left out of the feed."""
    today = timezone.localdate(now)
    return timezone.make_aware(datetime.combine(_months_before(today, FEED_MONTHS_BACK), time.min))


def feed_meetings(person) -> list[Meeting]:
    """The meetings in `person`'s feed, in one query whatever the number of partnerships and meetings: those
    of every partnership they are in now (a visiting expert's only when invited), less any they are not
    invited to, ending since the window's start."""
    mine = Membership.objects.current().filter(partnership=OuterRef("partnership"), person=person)
    invited = Attendance.objects.filter(meeting=OuterRef("pk"), person=person, excluded=False)
    left_out = Attendance.objects.filter(meeting=OuterRef("pk"), person=person, excluded=True)
    return list(
        Meeting.objects.filter(
            Q(Exists(mine.exclude(role=Role.VISITING_EXPERT)))
            | Q(Exists(mine.filter(role=Role.VISITING_EXPERT)), Exists(invited)),
            ends_at__gte=feed_window_start(),
        )
        .exclude(Exists(left_out))
        .select_related("venue", "partnership")
        .order_by("starts_at", "pk")
    )


@dataclass(frozen=True)
class Version:
    etag: str
    changed_at: datetime


def version_of(key: str, text: str) -> Version:
    """The file's ETag, and since when it has said what it says now, kept in the shared cache (no query, so
    every request asks the database the same number of times). A change is dated at least a second after
    the last (HTTP dates count whole seconds), so a caller holding the old file never gets 304 for the new
    one by If-Modified-Since. Lost from the cache, a file counts as new from now: callers get it once more.
    (With a cache of each worker's own, a program that sends only If-Modified-Since may rarely miss a change
    that was undone before its worker saw it; programs that send If-None-Match, as most do, never do.)"""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
    now = timezone.now().replace(microsecond=0)
    cache_key = f"calendar-version:{key}"
    known = cache.get(cache_key)
    if known is None or known[0] != digest:
        changed_at = now if known is None else max(now, known[1] + timedelta(seconds=1))
        known = (digest, changed_at)
        cache.set(cache_key, known, timeout=_KEEP_VERSIONS)
    return Version(etag=quote_etag(digest), changed_at=known[1])


def forget_version(key: str) -> None:
    cache.delete(f"calendar-version:{key}")


def served(request: HttpRequest, *, key: str, text: str, filename: str = "") -> HttpResponseBase:
    """The calendar `text` (made by calendar_for without a stamp) as a response with ETag and Last-Modified,
    or 304 Not Modified, with no body, when the caller's If-None-Match or If-Modified-Since shows it has
    this version already. `Cache-Control: no-cache`: a calendar program asks each time rather than guess.
    Not "private": this app answers anything private with no-store (coproduction.middleware), and a file
    nobody may keep cannot be asked for again with If-None-Match. The secret address is the cache's key."""
    version = version_of(key, text)
    response = HttpResponse(content_type="text/calendar; charset=utf-8")
    response["ETag"] = version.etag
    response["Last-Modified"] = http_date(version.changed_at.timestamp())
    response["Cache-Control"] = "no-cache"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    conditional = get_conditional_response(
        request, etag=version.etag, last_modified=int(version.changed_at.timestamp()), response=response
    )
    if conditional is not response:
        return conditional
    response.content = text.replace(_STAMP_PLACEHOLDER, f"\r\nDTSTAMP:{_stamp(version.changed_at)}\r\n")
    return response
