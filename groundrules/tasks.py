"""Background work for the ground rules, through Django's task API (as meetings/tasks.py)."""

from django_tasks import task

from .services import meeting


@task()
def send_version_emails(version_id: int, base_url: str) -> dict:
    """Email a new version of the ground rules to the people who missed the meeting that agreed it; each
    person at most once."""
    return meeting.version_send(version_id=version_id, base_url=base_url).as_dict()
