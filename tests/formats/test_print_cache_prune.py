"""The print cache under MEDIA_ROOT/printed is pruned: what nobody has fetched for PRINT_CACHE_DAYS, and every
older version of a document whose content has changed, go (by `send_reminders` and `prune_printed`); and a
partnership's files can be forgotten without touching anyone else's. All with real files."""

import json
import os
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coproduction import printing
from meetings.models import AgendaItem
from tests.factories import make_meeting, make_partnership


@pytest.fixture
def folder() -> Path:
    return Path(settings.MEDIA_ROOT) / settings.PRINT_CACHE_DIR


def _kept(folder: Path) -> set[str]:
    return {name.rsplit(".", 1)[0] for name in os.listdir(folder)} if folder.exists() else set()


def _print(partnership_id: int, words: str, *, meeting_id: int | None = None) -> str | None:
    """A real document printed (or fetched again) for this partnership; returns its key when it is new."""
    folder = Path(settings.MEDIA_ROOT) / settings.PRINT_CACHE_DIR
    before = _kept(folder)
    with printing.document_for(partnership_id=partnership_id, meeting_id=meeting_id, document="agenda"):
        printing.render_pdf(
            template="print/sample.html",
            context={"chapters": range(0), "hard_words": [], "glossary": [], "picture_alt": words},
            variant="standard",
            title=f"Agenda: {words}",
            filename="agenda.pdf",
        )
    new = _kept(folder) - before
    return new.pop() if new else None


def _age(folder: Path, key: str, *, days: float = 0, hours: float = 0, made_too: bool = False) -> None:
    """Make a kept document look last used (and, with `made_too`, made) that long ago."""
    then = timezone.now() - timedelta(days=days, hours=hours)
    about = folder / f"{key}.json"
    if made_too:
        record = json.loads(about.read_text())
        record["made_at"] = then.isoformat()
        about.write_text(json.dumps(record))
    os.utime(about, (then.timestamp(), then.timestamp()))


def test_documents_nobody_fetched_for_a_while_are_deleted(partnership, folder, settings):
    settings.PRINT_CACHE_DAYS = 30
    old = _print(partnership.pk, "old")
    recent = _print(partnership.pk, "recent")
    _age(folder, old, days=31)
    _age(folder, recent, days=29)

    pruned = printing.prune_printed()

    assert _kept(folder) == {recent}
    assert pruned.unused == 2  # its PDF and its record


def test_fetching_a_document_notes_its_use_at_most_once_a_day(partnership, folder, settings):
    settings.PRINT_CACHE_DAYS = 30
    key = _print(partnership.pk, "in use")
    about = folder / f"{key}.json"
    _age(folder, key, days=29)

    _print(partnership.pk, "in use")  # fetched again: kept, and now counts as used today
    assert time.time() - about.stat().st_mtime < 60

    _age(folder, key, hours=3)
    _print(partnership.pk, "in use")  # fetched again the same day: not written again
    assert time.time() - about.stat().st_mtime > 2 * 3600

    _age(folder, key, days=29)
    _print(partnership.pk, "in use")
    printing.prune_printed(now=timezone.now() + timedelta(days=2))
    assert _kept(folder) == {key}


def test_older_versions_of_a_meetings_document_go_when_its_content_changes(
    partnership, alice, bob_client, folder
):
    meeting = make_meeting(partnership, created_by=alice)
    other = make_meeting(partnership, created_by=alice)

    def fetch(which) -> None:
        url = reverse(
            "meetings:document_pdf",
            kwargs={"slug": partnership.slug, "pk": which.pk, "document": "agenda", "variant": "standard"},
        )
        assert bob_client.get(url)["Content-Type"] == "application/pdf"

    fetch(meeting)
    fetch(other)
    first = _kept(folder)
    assert len(first) == 2
    for key in first:  # printed yesterday
        _age(folder, key, days=1, made_too=True)
    item = AgendaItem.objects.filter(meeting=meeting).exclude(purpose="break").first()
    item.title = "Budget, changed"
    item.save()
    fetch(meeting)  # the new version
    [new] = _kept(folder) - first

    pruned = printing.prune_printed()

    assert pruned.replaced == 2
    left = _kept(folder)
    assert new in left and len(left) == 2  # the new version, and the other meeting's (unchanged) agenda
    records = [json.loads((folder / f"{key}.json").read_text())["for"] for key in left]
    assert sorted(r["meeting"] for r in records) == sorted([meeting.pk, other.pk])
    assert {r["partnership"] for r in records} == {partnership.pk}


def test_forgetting_a_partnership_deletes_only_its_files(partnership, folder):
    other = make_partnership("Another Partnership", slug="another")
    ours = _print(partnership.pk, "ours")
    theirs = _print(other.pk, "theirs")
    # A file kept before files said whose they are: it could name anyone, so it goes too.
    (folder / "0123abc.pdf").write_bytes(b"%PDF-1.7 old")

    deleted = printing.forget_printed(partnership_ids=[partnership.pk])

    assert deleted == 3
    assert _kept(folder) == {theirs}
    assert ours not in _kept(folder)
    assert printing.forget_printed() == 2
    assert _kept(folder) == set()


def test_send_reminders_and_prune_printed_both_prune(partnership, folder, settings):
    settings.PRINT_CACHE_DAYS = 30
    _age(folder, _print(partnership.pk, "one"), days=40)
    call_command("send_reminders", stdout=StringIO())
    assert _kept(folder) == set()

    _age(folder, _print(partnership.pk, "two"), days=10)
    out = StringIO()
    call_command("prune_printed", "--days", "7", stdout=out)
    assert _kept(folder) == set()
    assert "Printed documents deleted: 2 files not used for a while" in out.getvalue()
