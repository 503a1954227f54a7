"""The whole demo: the partnerships and their people, then their meetings. Idempotent."""

from django.db import transaction

from meetings import demo as meetings_demo
from partners import demo as partners_demo


@transaction.atomic
def load() -> None:
    partners_demo.load()
    meetings_demo.load()
