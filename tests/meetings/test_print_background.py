"""A big document is made in the background, never while a person waits: the page says it is being prepared,
one job per document runs however many people ask, and a failed one is shown as failed (the coordinator is
told) rather than started again by every person who looks.

These run with the database task backend and its real worker (`manage.py db_worker --batch`), outside a test
transaction, as production does."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from meetings.models import AgendaItem, PrintJob
from meetings.services import print_jobs
from partners.models import Picture
from tests.factories import make_meeting, make_paper

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _database_queue(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _queued() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path="meetings.tasks.render_document").count()


def _run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def _pdf_url(meeting, document: str, variant: str) -> str:
    return reverse(
        "meetings:document_pdf",
        kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk, "document": document, "variant": variant},
    )


def test_a_pack_with_papers_is_prepared_in_the_background_once(partnership, alice, bob_client):
    meeting = make_meeting(partnership, created_by=alice)
    make_paper(partnership, meeting=meeting, title="Budget", uploaded_by=alice)
    url = _pdf_url(meeting, "pack", "standard")

    first = bob_client.get(url)
    assert first.status_code == 202
    page = first.content.decode()
    assert "This document is being prepared" in page
    assert "Refresh this page in a minute." in page
    web = reverse(
        "meetings:document_web",
        kwargs={"slug": partnership.slug, "pk": meeting.pk, "document": "pack", "variant": "standard"},
    )
    assert f'href="{web}"' in page  # the web version, at once
    assert _queued() == 1
    [job] = PrintJob.objects.all()
    assert job.status == PrintJob.Status.QUEUED

    # Someone else asks before the worker has made it: no second render is queued.
    assert bob_client.get(url).status_code == 202
    assert _queued() == 1 and PrintJob.objects.count() == 1

    _run_worker()

    job.refresh_from_db()
    assert job.status == PrintJob.Status.DONE
    made = bob_client.get(url)
    assert made.status_code == 200 and made["Content-Type"] == "application/pdf"
    pages = len(PdfReader(io.BytesIO(made.content)).pages)
    assert pages >= 2  # the pack and the paper appended to it
    assert _queued() == 1


def test_a_small_document_is_made_while_the_person_waits(partnership, alice, bob_client):
    meeting = make_meeting(partnership, created_by=alice)

    response = bob_client.get(_pdf_url(meeting, "agenda", "standard"))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert _queued() == 0 and not PrintJob.objects.exists()


def _broken_picture_agenda(partnership, alice):
    """An easy read agenda whose picture's stored file has been spoilt: WeasyPrint cannot load it, so the
    document cannot be made (a real failure, not a stand-in)."""
    meeting = make_meeting(partnership, created_by=alice)
    picture = Picture.objects.create(partnership=partnership, name="Our room", alt_text="The meeting room")
    picture.image.save("room.png", ContentFile(b"\x89PNG\r\n\x1a\nthis is not a picture any more"))
    item = AgendaItem.objects.filter(meeting=meeting).exclude(purpose=AgendaItem.Purpose.BREAK).first()
    item.easy_read = "We talk about the room."
    item.easy_read_picture = f"upload:{picture.pk}"
    item.save()
    return meeting, item


def test_a_failed_render_is_shown_as_failed_and_not_started_again(partnership, alice, bob_client, settings):
    settings.PRINT_WAIT_SECONDS = 0  # nothing is made while a person waits
    meeting, item = _broken_picture_agenda(partnership, alice)
    url = _pdf_url(meeting, "agenda", "easy_read")

    assert "This document is being prepared" in bob_client.get(url).content.decode()
    _run_worker()

    [job] = PrintJob.objects.all()
    assert job.status == PrintJob.Status.FAILED and "Failed to load image" in job.error
    # The coordinator is told, once.
    [told] = mail.outbox
    assert told.to == [alice.email]
    assert "could not be prepared" in told.body and meeting.title in told.body

    for _ in range(2):
        failed = bob_client.get(url)
        assert failed.status_code == 503
        page = failed.content.decode()
        assert "could not be prepared" in page and "the coordinator has been told" in page
        assert "Try again later" in page
    assert _queued() == 1  # nobody started it again
    assert len(mail.outbox) == 1

    # After a while it is tried again, by the next person who asks.
    PrintJob.objects.filter(pk=job.pk).update(changed_at=timezone.now() - timedelta(hours=2))
    assert bob_client.get(url).status_code == 202
    assert _queued() == 2

    # A change to the document is a new document: it is tried at once.
    _run_worker()
    item.easy_read_picture = ""
    item.save()
    assert bob_client.get(url).status_code == 202
    assert _queued() == 3 and PrintJob.objects.count() == 2
    _run_worker()
    assert bob_client.get(url)["Content-Type"] == "application/pdf"


def test_a_render_that_never_finishes_counts_as_failed(partnership, alice, bob_client, settings):
    settings.PRINT_WAIT_SECONDS = 0
    meeting = make_meeting(partnership, created_by=alice)
    url = _pdf_url(meeting, "agenda", "standard")
    bob_client.get(url)
    # The worker took the job and died: it stays "being made".
    job = PrintJob.objects.get()
    PrintJob.objects.filter(pk=job.pk).update(
        status=PrintJob.Status.RUNNING,
        changed_at=timezone.now() - print_jobs.GIVE_UP_AFTER - timedelta(minutes=1),
    )

    response = bob_client.get(url)

    assert response.status_code == 503
    assert "could not be prepared" in response.content.decode()
    assert PrintJob.objects.get().status == PrintJob.Status.FAILED
    assert [m.to for m in mail.outbox] == [[alice.email]]
    assert _queued() == 1


def test_the_action_log_is_prepared_in_the_background_too(partnership, alice, bob_client, settings):
    settings.PRINT_WAIT_SECONDS = 0
    url = reverse("meetings:action_log_pdf", kwargs={"slug": partnership.slug, "variant": "large_print"})

    assert bob_client.get(url).status_code == 202
    _run_worker()

    assert bob_client.get(url)["Content-Type"] == "application/pdf"
    assert PrintJob.objects.get().document == "actions"


def test_a_visiting_experts_pack_is_prepared_apart_from_the_partners_pack(partnership, alice, bob_client):
    from django.test import Client

    from meetings.models import Attendance
    from partners.models import Role
    from tests.factories import make_member, make_user

    meeting = make_meeting(partnership, created_by=alice)
    make_paper(partnership, meeting=meeting, title="Briefing", uploaded_by=alice)
    expert = make_user("eve@example.org", full_name="Eve Expert")
    make_member(partnership, expert, role=Role.VISITING_EXPERT)
    Attendance.objects.create(partnership=partnership, meeting=meeting, person=expert)
    expert_client = Client()
    expert_client.force_login(expert)
    url = _pdf_url(meeting, "pack", "standard")

    assert expert_client.get(url).status_code == 202
    assert PrintJob.objects.get().for_expert
    _run_worker()
    experts = expert_client.get(url)
    assert experts["Content-Type"] == "application/pdf"

    # The partners' pack is another document: made by a job of its own, never served from the expert's.
    assert bob_client.get(url).status_code == 202
    assert PrintJob.objects.filter(for_expert=False).count() == 1
    _run_worker()
    partners = bob_client.get(url)
    assert partners["Content-Type"] == "application/pdf" and partners.content != experts.content


def test_a_pack_made_while_someone_deletes_their_account_is_not_kept(
    partnership, alice, bob, bob_client, settings, monkeypatch
):
    """Bob deletes his account while the worker is making the pack (which may have read his name before the
    deletion landed): the deletion forgot the partnership's files before this one existed, so this one is
    forgotten once it is made, rather than left on disk with Bob's name."""
    from coproduction import printing
    from meetings.services import documents
    from partners.services import account_delete

    meeting = make_meeting(partnership, created_by=alice)
    make_paper(partnership, meeting=meeting, title="Budget", uploaded_by=alice)
    real = documents.meeting_document_parts

    def bob_leaves_while_it_is_made(*args, **kwargs):
        # The deletion lands (and forgets the partnership's files) while the worker is making this one.
        account_delete(person=bob)
        return real(*args, **kwargs)

    assert bob_client.get(_pdf_url(meeting, "pack", "standard")).status_code == 202
    monkeypatch.setattr(documents, "meeting_document_parts", bob_leaves_while_it_is_made)
    _run_worker()

    assert PrintJob.objects.get().status == PrintJob.Status.DONE
    assert not [item for item in printing._kept() if (item.about or {}).get("partnership") == partnership.pk]
