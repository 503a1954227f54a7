"""The record of a meeting, and the one rule that keeps it: once its minutes are approved, the meeting is
locked whole.

What is locked: the agenda and its items, the decisions, the meeting record of its action points (which
meeting and item they came from, and their words as recorded), the chair's notes, who was present, the Run
meeting steps and the minutes themselves. Only a coordinator's unlock of the minutes, with a reason kept in
their history, opens it again (`minutes.minutes_unlock`).

What is not locked: an action point's life after the meeting (open, in progress, done or dropped, who owns it
now and when it is due) is the action log, not the record; the easy read retelling of a point (written for
the next meeting's pack) is not the record either.

Every service that writes to a meeting's record calls `require_unlocked` first; views turn the
ValidationError into a plain message on the page.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Meeting, Minutes

RECORD_LOCKED_MESSAGE = (
    "The minutes of this meeting are approved and locked, so its record cannot change: its agenda, "
    "decisions, action points, notes and who was present stay as approved. Unlock the minutes first, giving "
    "a reason. Only a coordinator can unlock them."
)


def meeting_is_locked(meeting: Meeting | int, *, fresh: bool = False) -> bool:
    """Whether the meeting's minutes are approved and locked.

    For showing a page: a meeting fetched with its minutes (`permissions.meeting_access` does) answers with
    no query. `fresh=True` reads the database, as every write does; inside a transaction it also holds the
    minutes row until the transaction ends, so minutes approved at the same moment wait for the change in
    hand, and the approved minutes are exactly what was approved."""
    if not fresh and isinstance(meeting, Meeting) and Meeting.minutes.is_cached(meeting):
        try:
            return meeting.minutes.locked
        except Minutes.DoesNotExist:
            return False
    meeting_id = meeting if isinstance(meeting, int) else meeting.pk
    minutes = Minutes.objects.filter(meeting_id=meeting_id)
    if transaction.get_connection().in_atomic_block:
        minutes = minutes.select_for_update()
    return bool(minutes.values_list("locked", flat=True).first())


def require_unlocked(meeting: Meeting | int) -> None:
    """Refuse, in plain words, any change to the record of a meeting whose minutes are approved."""
    if meeting_is_locked(meeting, fresh=True):
        raise ValidationError(RECORD_LOCKED_MESSAGE, code="record_locked")
