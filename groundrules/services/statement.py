"""What co-production means to the partnership: its statement, and who has committed to it."""

from django.db import transaction

from partners.models import Partnership

from ..defaults import DRAFT_STATEMENT
from ..models import StatementPoint


@transaction.atomic
def statement_draft(partnership: Partnership) -> list[StatementPoint]:
    """Give a partnership with no statement the draft to start from. Does nothing if it has one."""
    if StatementPoint.objects.filter(partnership=partnership).exists():
        return []
    return StatementPoint.objects.bulk_create(
        StatementPoint(
            partnership=partnership,
            position=position,
            text=text,
            easy_read_text=easy,
            easy_read_picture=picture,
        )
        for position, (text, easy, picture) in enumerate(DRAFT_STATEMENT, start=1)
    )
