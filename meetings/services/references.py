"""Reference numbers that run per partnership and year: D-2026-004 for decisions, A-2026-012 for actions."""

from django.db import models, transaction
from django.utils import timezone

from partners.models import Partnership


def next_reference(
    model: type[models.Model], *, partnership: Partnership, year: int | None = None
) -> tuple[int, int]:
    """The next (year, number) for `model` in this partnership. Must run inside a transaction: it locks the
    partnership row so two people recording at once never get the same number."""
    assert transaction.get_connection().in_atomic_block, "next_reference needs a transaction"
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    # The year of the meeting it came from, so a decision minuted in January for December's meeting reads
    # D-<last year>-…; the current year when there is no meeting.
    year = year or timezone.localdate().year
    last = model.objects.filter(partnership=partnership, year=year).aggregate(models.Max("number"))[
        "number__max"
    ]
    return year, (last or 0) + 1
