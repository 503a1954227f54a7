"""Send every reminder that is due, each once. Meant to run from a scheduler every few minutes (cron or a
systemd timer: see the README); running it twice, or two runs at once, sends nothing twice."""

from argparse import ArgumentTypeError
from datetime import datetime

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from coproduction.printing import prune_printed
from groundrules.services.meeting import rules_review_reminders
from meetings.services.print_jobs import jobs_prune
from meetings.services.reminders import reminders_send

KIND_WORDS = {
    "papers_deadline": "Papers deadline approaching",
    "meeting_tomorrow": "Meeting tomorrow",
    "action_due": "Action points due soon",
    "action_overdue": "Action points overdue",
    "minutes_comment": "Minutes waiting for comments",
    "rules_review": "Ground rules due for review",
    "digest": "Weekly digests",
}


def _moment(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ArgumentTypeError(
            f"give a date and time such as 2026-03-02T09:00 or 2026-03-02T09:00+00:00, not {value!r}"
        ) from None
    # A time without a zone is in the site's time zone (TIME_ZONE), as a person would read it.
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class Command(BaseCommand):
    help = (
        "Send the reminders that are due (papers deadlines, meetings, action points, minutes, ground rules "
        "reviews, digests)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now",
            type=_moment,
            default=None,
            help="Act as if it is this date and time (ISO 8601), for testing or catching up. Default: now.",
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="The site's address for links in emails, such as https://workspace.example.org "
            "(default: the SITE_URL setting).",
        )

    def handle(self, *args, now: datetime | None, base_url: str, verbosity: int, **options) -> None:
        # The apps that own other reminders pass their jobs in; meetings imports none of them.
        result = reminders_send(now=now, base_url=base_url, also=(rules_review_reminders,))
        # The print cache is pruned on the same schedule (`manage.py prune_printed` does only this).
        pruned = prune_printed()
        jobs_prune()
        if verbosity == 0:
            return
        if pruned.total:
            self.stdout.write(f"Printed documents deleted: {pruned.total}")
        if not result:
            self.stdout.write("Nothing was due.")
            return
        for kind, words in KIND_WORDS.items():
            counts = result.get(kind)
            if counts:
                parts = [f"{n} {how}" for how, n in counts.items()]
                self.stdout.write(f"{words}: {', '.join(parts)}")
