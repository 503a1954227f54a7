"""The meetings models took their easy read fields from `coproduction.easy_read.models.EasyReadModel`
(migration 0011): the same columns, so every point keeps its easy read words and picture."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from meetings.models import ActionPoint, AgendaItem, Decision, StandingItem
from tests.factories import make_action_point, make_decision, make_meeting

BEFORE = ("meetings", "0010_bsl_video_papers")
AFTER = ("meetings", "0011_easy_read_fields")
WORDS = "We meet on Monday.\nBring your papers."
PICTURE = "openmoji:1F4C5"


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state(target).apps


def _migrate_to_latest() -> None:
    """Every app to its latest migration: going back in meetings also took back the apps that build on it
    (groundrules), and the tests after this one need their tables."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)  # SQLite's schema editor cannot run inside a test's transaction
def test_the_migration_changes_no_column():
    """Only labels changed: applying it writes nothing to the database on this backend."""
    executor = MigrationExecutor(connection)
    migration = executor.loader.get_migration(*AFTER)
    assert migration.operations, "the migration does something"
    assert {type(op).__name__ for op in migration.operations} == {"AlterField"}
    assert {op.name for op in migration.operations} <= {"easy_read_text", "easy_read_picture"}
    statements = executor.loader.collect_sql([(migration, False), (migration, True)])
    assert [sql for sql in statements if not sql.lstrip().startswith("--")] == []


@pytest.mark.django_db(transaction=True)
def test_easy_read_words_and_pictures_survive_the_migration_back_and_forth(partnership):
    meeting = make_meeting(partnership, days_ahead=7)
    rows = {
        AgendaItem: meeting.agenda_items.first().pk,
        StandingItem: StandingItem.objects.filter(partnership=partnership).first().pk,
        Decision: make_decision(meeting).pk,
        ActionPoint: make_action_point(meeting).pk,
    }
    for model, pk in rows.items():
        model.objects.filter(pk=pk).update(easy_read_text=WORDS, easy_read_picture=PICTURE)

    try:
        old = _migrate(BEFORE)
        for model, pk in rows.items():
            before = old.get_model("meetings", model.__name__).objects.get(pk=pk)
            assert (before.easy_read_text, before.easy_read_picture) == (WORDS, PICTURE)
    finally:
        _migrate_to_latest()

    for model, pk in rows.items():
        after = model.objects.get(pk=pk)
        assert (after.easy_read_text, after.easy_read_picture) == (WORDS, PICTURE), model.__name__
