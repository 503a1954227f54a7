"""Two people saving the same minutes at the same moment, for real: two threads, each with its own database
connection, released together by a barrier. Exactly one save wins; the other is refused with both versions
shown, and nothing is overwritten.

This only means something on a database where two writers can overlap. SQLite takes one lock on the whole
file for any write, so there the race cannot happen (and its shared in-memory test database raises "table is
locked" instead): the tests are skipped on SQLite and run on PostgreSQL, as CI does.
"""

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from meetings.models import MinuteEntry, Minutes, MinutesVersion
from meetings.services import minutes as services
from tests.factories import make_minutes

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="SQLite locks the whole database for every write, so two saves can never overlap; "
        "this race is tested on PostgreSQL (CI sets DATABASE_URL to PostgreSQL).",
    ),
]

CONFLICT = "Someone else saved these minutes while you were editing. Nothing was overwritten."


def _in_thread(work, results, index):
    """Run `work` in this thread on its own connection, keep what it returns, and close the connection."""
    try:
        results[index] = work()
    except BaseException as error:  # noqa: BLE001 - reported by the main thread
        results[index] = error
    finally:
        connections.close_all()


def _run_together(*works):
    results = [None] * len(works)
    threads = [threading.Thread(target=_in_thread, args=(work, results, n)) for n, work in enumerate(works)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
        assert not thread.is_alive(), "a save never finished: the two saves deadlocked"
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


def _poster(person, name, url, data, barrier):
    """One person's save: sign in, wait for the other person, then post the form."""

    def post():
        client = Client()
        client.force_login(person)
        barrier.wait(timeout=10)
        response = client.post(url, data)
        return name, response.status_code, response.content.decode()

    return post


def test_two_people_posting_the_same_revision_at_the_same_moment(alice, dana, past_meeting, partnership):
    item = services.minute_items(past_meeting)[0]
    minutes = make_minutes(past_meeting, texts={item: "The first draft."}, by=alice)
    url = reverse("meetings:minutes_edit", kwargs={"slug": partnership.slug, "pk": past_meeting.pk})
    blank = {f"item_{i.pk}": "" for i in services.minute_items(past_meeting)}
    # Dana chairs the partnership; make her this meeting's minute-taker too, so both may write.
    from meetings.models import MeetingRole

    MeetingRole.objects.create(
        partnership=partnership, meeting=past_meeting, person=dana, role="minute_taker"
    )

    for round_number in range(5):
        minutes.refresh_from_db()
        revision = minutes.revision
        versions_before = MinutesVersion.objects.filter(minutes=minutes).count()
        barrier = threading.Barrier(2)
        words = {
            "alice": f"Alice's words, round {round_number}.",
            "dana": f"Dana's words, round {round_number}.",
        }

        results = _run_together(
            *(
                _poster(
                    person,
                    name,
                    url,
                    {**blank, "revision": str(revision), f"item_{item.pk}": words[name]},
                    barrier,
                )
                for person, name in ((alice, "alice"), (dana, "dana"))
            )
        )

        won = [r for r in results if r[1] == 302]
        refused = [r for r in results if r[1] == 200]
        assert len(won) == 1 and len(refused) == 1, [(r[0], r[1]) for r in results]
        winner, loser = won[0][0], refused[0][0]
        page = refused[0][2]
        assert CONFLICT in page
        assert words[loser].replace("'", "&#x27;") in page  # the loser's words are kept on the page
        assert words[winner].replace("'", "&#x27;") in page  # beside what the winner saved
        assert MinuteEntry.objects.get(minutes=minutes, agenda_item=item).text == words[winner]
        minutes.refresh_from_db()
        assert minutes.revision == revision + 1
        assert MinutesVersion.objects.filter(minutes=minutes).count() == versions_before + 1


def test_a_save_waits_for_one_in_progress_then_is_refused(alice, dana, past_meeting):
    """Make the overlap certain: the first save holds its transaction open while the second arrives."""
    item = services.minute_items(past_meeting)[0]
    minutes = make_minutes(past_meeting, texts={item: "The first draft."}, by=alice)
    revision = minutes.revision
    first_saved = threading.Event()

    def first():
        with transaction.atomic():
            mine = Minutes.objects.get(pk=minutes.pk)
            mine.meeting = past_meeting
            services.minutes_save(
                minutes=mine, revision=revision, texts={item.pk: "Alice's words."}, by=alice
            )
            first_saved.set()
            time.sleep(0.5)  # still uncommitted: the second save must wait for this row
        return "saved"

    def second():
        assert first_saved.wait(timeout=10)
        mine = Minutes.objects.get(pk=minutes.pk)
        mine.meeting = past_meeting
        started = time.monotonic()
        try:
            services.minutes_save(minutes=mine, revision=revision, texts={item.pk: "Dana's words."}, by=dana)
        except services.MinutesConflict as clash:
            return "refused", time.monotonic() - started, clash
        return "saved", time.monotonic() - started, None

    first_result, (outcome, waited, clash) = _run_together(first, second)

    assert first_result == "saved"
    assert outcome == "refused"
    assert waited >= 0.3  # it really waited for the first save's lock, rather than reading around it
    assert clash.revision == revision + 1
    assert clash.theirs[item.pk] == "Alice's words."
    assert clash.saved_by == "Alice Coordinator"
    assert MinuteEntry.objects.get(minutes=minutes, agenda_item=item).text == "Alice's words."
    assert MinutesVersion.objects.filter(minutes=minutes).count() == 2
