"""Plain pages and messages every meetings view may answer with: instead of a form nobody could save, and
after a form saved with something still to look at."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..models import Meeting
from ..services.record import RECORD_LOCKED_MESSAGE


def message_page(
    request: HttpRequest,
    partnership,
    membership,
    meeting: Meeting,
    *,
    title: str,
    message: str,
    back_href: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """A plain page that says why something cannot be done, with a way back (the meeting, unless given)."""
    return render(
        request,
        "meetings/minutes/message.html",
        {
            "partnership": partnership,
            "membership": membership,
            "meeting": meeting,
            "title": title,
            "message": message,
            "back_href": back_href or meeting.get_absolute_url(),
            "nav": "meetings",
        },
        status=status,
    )


def record_locked_page(
    request: HttpRequest, partnership, membership, meeting: Meeting, *, back_href: str | None = None
) -> HttpResponse:
    """Said before anyone types: an approved meeting's record cannot change (services.record)."""
    return message_page(
        request,
        partnership,
        membership,
        meeting,
        title="This meeting's record is locked",
        message=RECORD_LOCKED_MESSAGE,
        back_href=back_href,
    )


def easy_read_warnings(request: HttpRequest, form) -> None:
    """Optional easy read words were saved as typed; say what still needs a look before the pack goes."""
    if form.easy_read_warnings:
        messages.warning(
            request,
            "The easy read words are saved, but need a look before the easy read pack goes out: "
            + " ".join(form.easy_read_warnings),
        )
