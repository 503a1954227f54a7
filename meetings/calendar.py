"""iCalendar (.ics) files for meetings: one meeting to download, or a person's whole feed.

Written by hand (RFC 5545 is plain text); times in UTC so every calendar app places them right.
"""

import re
from datetime import UTC

from django.http import HttpRequest
from django.utils import timezone

from .models import Meeting

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
    host = request.get_host().split(":")[0]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Co-production workspace//Meetings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    now = _stamp(timezone.now())
    for meeting in meetings:
        description = meeting.description
        if meeting.online_link:
            description = f"{description}\n\nJoin online: {meeting.online_link}".strip()
        description = f"{description}\n\n{request.build_absolute_uri(meeting.get_absolute_url())}".strip()
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{meeting.pk}@{host}",
            f"DTSTAMP:{now}",
            f"DTSTART:{_stamp(meeting.starts_at)}",
            f"DTEND:{_stamp(meeting.ends_at)}",
            f"SUMMARY:{_escape(meeting.title)}",
            f"DESCRIPTION:{_escape(description)}",
            f"LOCATION:{_escape(_location(meeting))}",
            f"URL:{request.build_absolute_uri(meeting.get_absolute_url())}",
            f"STATUS:{'CANCELLED' if meeting.is_cancelled else 'CONFIRMED'}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
