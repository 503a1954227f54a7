"""Documents too big to make while a person waits are made in the background, one render per document.

A web request asks for a document through `meeting_document_files` or `action_log_files`. A kept PDF is
served at once; a small one is made at once (`coproduction.printing.while_waiting` guesses the time from its
length, with PRINT_WAIT_SECONDS to spend). Anything bigger (a pack with papers appended, a long agenda) gets
a `PrintJob` row for its key and a task (`meetings.tasks.render_document`) that makes it, and the person gets
a page saying it is being prepared. The row's unique key and its status, changed only by conditional
updates, make sure one render per document runs at once, however many people ask and however many workers
there are.

A render that fails (or is still not finished after GIVE_UP_AFTER: a worker that died, or no worker) is
recorded as failed and the partnership's coordinators are told by email. Everyone who asks meanwhile sees
"could not be prepared"; nobody starts it again until TRY_AGAIN_AFTER has passed, or until the content
changes (a new key, so a new job).
"""

import logging
from collections.abc import Callable
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from coproduction import printing
from coproduction.printing import VARIANT_LABELS, Printed
from partners.models import Membership, Partnership, Role

from ..models import Meeting, PrintJob
from . import documents

logger = logging.getLogger(__name__)

# A job queued or started this long ago without finishing has failed: its worker died or there is none.
GIVE_UP_AFTER = timedelta(minutes=20)
# A document that could not be made is tried again (by the next person who asks) after this long.
TRY_AGAIN_AFTER = timedelta(hours=1)

Status = PrintJob.Status


def meeting_document_files(
    *,
    meeting: Meeting,
    document: str,
    variant: str,
    viewer_membership: Membership | None = None,
    pending: bool | None = None,
) -> list[Printed] | PrintJob:
    """The meeting's document as PDFs (one, or easy read parts), or the job making it in the background. A
    visiting expert (`viewer_membership`) gets the expert's pack, made and kept apart from the partners'.

    For a page, which asks the database as little as it can: `pending` says whether any job for this
    document was unfinished when the meeting was read (`with_pending_jobs`); when none was, a person
    waiting makes it without asking whether someone else is (a job begun since makes it twice at most)."""
    for_expert = document == "pack" and documents.for_expert(viewer_membership)
    return _files_or_job(
        lambda: documents.meeting_document_parts(
            meeting, document, variant, viewer_membership=viewer_membership
        ),
        defer=_busy if pending is None or pending else _never,
        counted=pending is None,
        partnership_id=meeting.partnership_id,
        meeting_id=meeting.pk,
        document=document,
        variant=variant,
        for_expert=for_expert,
    )


def with_pending_jobs(
    meetings: QuerySet[Meeting], *, document: str, variant: str, viewer_membership: Membership | None
) -> QuerySet[Meeting]:
    """The meetings, each with `print_pending`: whether a job for `document` in `variant` (the expert's pack
    for a visiting expert) is queued, running or failed, read with the meeting instead of after it."""
    for_expert = document == "pack" and documents.for_expert(viewer_membership)
    return meetings.annotate(
        print_pending=Exists(
            PrintJob.objects.filter(
                meeting_id=OuterRef("pk"), document=document, variant=variant, for_expert=for_expert
            ).exclude(status=Status.DONE)
        )
    )


def action_log_files(*, partnership: Partnership, variant: str) -> list[Printed] | PrintJob:
    """The partnership's action log as PDFs, or the job making it in the background."""
    return _files_or_job(
        lambda: documents.action_log_parts(partnership, variant),
        partnership_id=partnership.pk,
        meeting_id=None,
        document="actions",
        variant=variant,
        for_expert=False,
    )


def _busy(key: str) -> bool:
    """Someone else is making this document, or it failed recently: a person waiting does not make it."""
    return PrintJob.objects.filter(key=key).exclude(status=Status.DONE).exists()


def _never(key: str) -> bool:
    return False


@contextmanager
def _printed_for(about: dict, *, counted: bool = True):
    """What the print cache records each file as: this partnership's, this meeting's, this document.

    And if someone in the partnership deletes their account while the document is being made, what was made
    may carry their name from before: the partnership's printed files are forgotten again afterwards (the
    deletion forgot them once already, but this file was not there yet). Only when a file was made and kept
    here: one served as it was kept was made before, and the deletion forgot it if it had to. The deletion
    notes when it forgot them (`printing.forgotten_since`); `counted` also counts the partnership's deleted
    accounts before and after, which needs no note (two queries: for the background worker and the action
    log, not for a meeting's document while its reader waits)."""
    started = timezone.now()
    former = _former_partners(about["partnership_id"]) if counted else None
    with _cache_record(about) as record:
        yield
    if not record.stored:
        return
    if printing.forgotten_since(about["partnership_id"], started) or (
        counted and _former_partners(about["partnership_id"]) != former
    ):
        printing.forget_printed(partnership_ids=[about["partnership_id"]])


def _former_partners(partnership_id: int) -> int:
    # A deleted account leaves its membership behind with no person (partners.services.account_delete).
    return Membership.objects.filter(partnership_id=partnership_id, person__isnull=True).count()


def _cache_record(about: dict):
    return printing.document_for(
        partnership_id=about["partnership_id"],
        meeting_id=about["meeting_id"],
        document=about["document"],
        variant=about["variant"],
        audience="expert" if about["for_expert"] else "",
    )


def _files_or_job(
    make: Callable[[], list[Printed]],
    *,
    defer: Callable[[str], bool] = _busy,
    counted: bool = True,
    **about,
) -> list[Printed] | PrintJob:
    with _printed_for(about, counted=counted):
        try:
            with printing.while_waiting(settings.PRINT_WAIT_SECONDS, defer=defer) as waiting:
                return make()
        except printing.NotPrintedYet as not_yet:
            job = _job_for(not_yet.key, about)
        except printing.PrintError as error:
            if waiting.key is None:
                raise
            # A small document that failed while its reader waited: recorded like a background failure, so
            # the next reader is not made to wait for the same failure.
            logger.error("Could not print %s", about, exc_info=error)
            return _failed_now(waiting.key, about, str(error))
        if job.status == Status.DONE:
            # The task ran at once (the immediate backend, in development and tests): serve what it made.
            try:
                with printing.while_waiting(settings.PRINT_WAIT_SECONDS, defer=_busy):
                    return make()
            except printing.NotPrintedYet:
                pass
        return job


# ---------------------------------------------------------------- the job's life


def _move(job: PrintJob, to: str, **fields) -> bool:
    """Change the job's status if nobody else has changed it since we read it (one UPDATE, so two people or
    two workers can never both move it). Updates `job` and says whether it moved."""
    now = timezone.now()
    moved = PrintJob.objects.filter(pk=job.pk, status=job.status, changed_at=job.changed_at).update(
        status=to, changed_at=now, **fields
    )
    if moved:
        job.refresh_from_db()
    return bool(moved)


def _job_for(key: str, about: dict) -> PrintJob:
    """The job for this document key: queued now if there is none, or queued again when its time has come."""
    now = timezone.now()
    job = PrintJob.objects.filter(key=key).first()
    if job is None:
        job, ours = _job_create(key, about, Status.QUEUED)
        if not ours:  # someone asked a moment before us: theirs is the one
            return job
        _enqueue(job)
    elif job.status in (Status.QUEUED, Status.RUNNING) and job.changed_at < now - GIVE_UP_AFTER:
        _fail(job, "It was not finished in time.")
    elif _due_again(job, now) and _move(job, Status.QUEUED, attempts=F("attempts") + 1, error=""):
        _enqueue(job)
    job.refresh_from_db()
    return job


def _job_create(key: str, about: dict, status: str) -> tuple[PrintJob, bool]:
    """The job row for this key, and whether we made it (False: someone made it a moment before us; the
    unique key is what makes one render per document)."""
    try:
        with transaction.atomic():
            job = PrintJob.objects.create(
                key=key,
                partnership_id=about["partnership_id"],
                meeting_id=about["meeting_id"],
                document=about["document"],
                variant=about["variant"],
                for_expert=about["for_expert"],
                status=status,
                changed_at=timezone.now(),
            )
    except IntegrityError:
        return PrintJob.objects.get(key=key), False
    return job, True


def _due_again(job: PrintJob, now) -> bool:
    """Made before but no longer kept (pruned), or failed long enough ago to try again."""
    if job.status == Status.DONE:
        return True
    return job.status == Status.FAILED and job.changed_at < now - TRY_AGAIN_AFTER


def _enqueue(job: PrintJob) -> None:
    from ..tasks import render_document

    try:
        render_document.enqueue(job.pk)
    except Exception as error:  # the queue is down: say so now rather than after GIVE_UP_AFTER
        logger.exception("Could not queue print job %s", job.pk)
        _fail(job, f"It could not be queued: {error}")


def job_run(job_id: int) -> str:
    """Make the job's document (the task's body). Returns what happened: done, failed, or skipped when
    another worker has it or it is no longer waiting."""
    job = PrintJob.objects.select_related("partnership", "meeting").filter(pk=job_id).first()
    if job is None or job.status != Status.QUEUED or not _move(job, Status.RUNNING):
        return "skipped"
    try:
        about = {
            "partnership_id": job.partnership_id,
            "meeting_id": job.meeting_id,
            "document": job.document,
            "variant": job.variant,
            "for_expert": job.for_expert,
        }
        with _printed_for(about):
            if job.document == "actions":
                documents.action_log_parts(job.partnership, job.variant)
            elif job.for_expert:
                documents.meeting_pack_files(job.meeting, job.variant, expert=True)
            else:
                documents.meeting_document_parts(job.meeting, job.document, job.variant)
    except Exception as error:  # whatever stopped it, the job must not stay "being made"
        logger.exception("Print job %s (%s) failed", job.pk, job)
        _fail(job, str(error) or error.__class__.__name__)
        return "failed"
    _move(job, Status.DONE, error="")
    return "done"


def _failed_now(key: str, about: dict, error: str) -> PrintJob:
    job = PrintJob.objects.filter(key=key).first()
    if job is None:
        job, ours = _job_create(key, about, Status.RUNNING)
        if not ours:
            return job
    if job.status != Status.FAILED:
        _fail(job, error)
    return job


def _fail(job: PrintJob, error: str) -> None:
    if _move(job, Status.FAILED, error=error[:2000]):
        _tell_coordinators(job)


def _tell_coordinators(job: PrintJob) -> None:
    """One email to the partnership's coordinators for each failure (not each person who asked)."""
    emails = list(
        Membership.objects.current()
        .filter(partnership_id=job.partnership_id, role=Role.COORDINATOR)
        .exclude(person__email="")
        .values_list("person__email", flat=True)
    )
    if not emails:
        return
    context = {
        "job": job,
        "partnership": job.partnership,
        "meeting": job.meeting,
        "document_label": documents.DOCUMENT_LABELS.get(job.document, "Document"),
        "variant_label": VARIANT_LABELS.get(job.variant, job.variant),
        "try_again_hours": int(TRY_AGAIN_AFTER.total_seconds() // 3600),
    }
    subject = f"{context['document_label']} could not be prepared: {job.partnership.name}"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("meetings/documents/print_failed_email.txt", context),
        to=emails,
    )
    message.attach_alternative(
        render_to_string("meetings/documents/print_failed_email.html", context), "text/html"
    )
    try:
        message.send()
    except Exception:  # the failure is recorded and logged either way
        logger.exception("Could not tell the coordinators that print job %s failed", job.pk)


def jobs_prune(*, days: int | None = None) -> int:
    """Forget jobs older than the print cache keeps files (their documents are long made or replaced)."""
    days = settings.PRINT_CACHE_DAYS if days is None else days
    deleted, _ = PrintJob.objects.filter(changed_at__lt=timezone.now() - timedelta(days=days)).delete()
    return deleted
