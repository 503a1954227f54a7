"""Background work for meetings, through Django's task API (the `django-tasks` backport).

Each task takes only JSON-serialisable arguments (ids and strings), so any backend can queue it: immediate in
development and tests, the database queue (`manage.py db_worker`) in production, RQ with TASK_BACKEND=rq.
Enqueue them with `transaction.on_commit(...)` so a worker never looks for rows not committed yet.
"""

from django_tasks import task

from .services import packs


@task()
def send_pack_emails(delivery_ids: list[int], base_url: str) -> dict:
    """Email these pack deliveries (each variant rendered once for them all); each at most once."""
    return packs.pack_emails_send(delivery_ids=delivery_ids, base_url=base_url).as_dict()


@task()
def render_document(job_id: int) -> str:
    """Make a document too big to make while someone waits (meetings.services.print_jobs); each job once."""
    from .services import print_jobs

    return print_jobs.job_run(job_id)
