"""The whole demo: the partnerships and their people, then their meetings, then their ground rules (agreed
at the first meeting, so they come after the meetings), then their work plan (its order agreed at the first
meeting, the plan at the second). Idempotent."""

from django.db import transaction

from groundrules import demo as groundrules_demo
from meetings import demo as meetings_demo
from partners import demo as partners_demo
from workplan import demo as workplan_demo


@transaction.atomic
def load() -> None:
    partners_demo.load()
    meetings_demo.load()
    groundrules_demo.load()
    workplan_demo.load()
