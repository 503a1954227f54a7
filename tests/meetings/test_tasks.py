"""Pack emails as background tasks: at once with the immediate backend (development and tests), queued and
run by a real worker with the database backend (production), and through Redis with RQ."""

import os
import socket

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks import TaskResultStatus

from meetings.models import PackDelivery, SentReminder
from meetings.services import packs
from meetings.tasks import send_pack_emails
from partners.models import CommunicationPreference
from tests.factories import make_meeting, make_member

BASE = "https://cp.example.org"


@pytest.fixture(autouse=True)
def _print_cache(settings, tmp_path_factory):
    settings.MEDIA_ROOT = str(tmp_path_factory.getbasetemp() / "media")


@pytest.fixture
def deliveries(partnership, alice, bob):
    """The pack recorded as sent to alice and bob by email; the emails themselves not sent yet (the test's
    transaction never commits, so nothing waiting for the commit runs)."""
    for person in (alice, bob):
        CommunicationPreference.objects.create(person=person, channels=["email"])
    meeting = make_meeting(partnership, created_by=alice)
    packs.pack_send(meeting=meeting, by=alice, base_url=BASE)
    assert not mail.outbox
    return list(PackDelivery.objects.filter(meeting=meeting).order_by("pk").values_list("pk", flat=True))


def test_the_immediate_backend_sends_at_once_and_only_once(deliveries, alice, bob):
    result = send_pack_emails.enqueue(deliveries, BASE)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {"emailed": deliveries, "already": [], "failed": []}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([alice.email, bob.email])
    assert f"{BASE}/p/" in mail.outbox[0].body

    # Run again (a retry, a worker restarted mid-way): nothing goes twice.
    again = send_pack_emails.enqueue(deliveries, BASE)
    assert again.return_value == {"emailed": [], "already": deliveries, "failed": []}
    assert len(mail.outbox) == 2


def test_a_refused_address_leaves_the_person_without_a_delivery(deliveries, settings, bob):
    settings.EMAIL_BACKEND = "tests.meetings.test_reminders.RefusingBackend"
    result = send_pack_emails.enqueue(deliveries, BASE)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value["failed"] == deliveries
    # The meeting page shows they have not had it; "only people who have not had it" tries them again.
    assert not PackDelivery.objects.filter(pk__in=deliveries).exists()
    assert not SentReminder.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_sends_the_queued_pack_email(settings, tmp_path):
    from django_tasks_db.models import DBTaskResult

    from partners.models import Partnership, Role, User

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    partnership = Partnership.objects.create(name="Working Together", slug="working-together")
    alice = User.objects.create_user(email="alice@example.org", full_name="Alice Coordinator")
    make_member(partnership, alice, role=Role.COORDINATOR)
    CommunicationPreference.objects.create(person=alice, channels=["email"])
    meeting = make_meeting(partnership, created_by=alice)

    # Outside a test transaction the send commits, and the task is queued in the database.
    packs.pack_send(meeting=meeting, by=alice, base_url=BASE)
    [queued] = DBTaskResult.objects.all()
    assert queued.status == TaskResultStatus.READY
    assert queued.task_path == "meetings.tasks.send_pack_emails"
    assert not mail.outbox

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    [email] = mail.outbox
    assert email.to == [alice.email] and email.attachments
    result = send_pack_emails.get_result(str(queued.pk))
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value["emailed"] == [PackDelivery.objects.get().pk]


def _redis_up(host: str = "127.0.0.1", port: int = 6379) -> bool:
    try:
        socket.create_connection((host, port), timeout=0.5).close()
    except OSError:
        return False
    return True


def test_an_rq_worker_sends_the_queued_pack_email(deliveries, settings, alice, bob):
    if not _redis_up():
        if os.environ.get("CI") == "true":
            pytest.fail("CI runs a Redis server on 127.0.0.1:6379, but it is not reachable")
        pytest.skip("No Redis server on 127.0.0.1:6379 (start one to test the RQ backend)")
    import django_rq
    from django.db import connection
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    # A database of Redis's own for tests, emptied first, so nothing else's jobs are touched or run; one for
    # each database the suite runs on, as CI runs the SQLite and PostgreSQL suites side by side.
    redis_db = 13 if connection.vendor == "postgresql" else 15
    settings.RQ_QUEUES = {"default": {"URL": f"redis://127.0.0.1:6379/{redis_db}"}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.backend.RQBackend"}}
    queue = django_rq.get_queue("default", job_class=Job)
    queue.empty()

    result = send_pack_emails.enqueue(deliveries, BASE)
    assert result.status == TaskResultStatus.READY
    assert not mail.outbox

    # SimpleWorker runs the job in this process (no fork), inside the test's database transaction.
    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([alice.email, bob.email])
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
