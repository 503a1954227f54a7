"""Delete kept PDFs nobody has fetched for PRINT_CACHE_DAYS, and older versions of documents whose content has
changed since (`coproduction.printing.prune_printed`), and forget the background print jobs of that age.
`send_reminders` does the same on every run; this is for running it on its own (or more often)."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coproduction.printing import prune_printed

from ...services.print_jobs import jobs_prune


class Command(BaseCommand):
    help = "Delete printed documents nobody has fetched for a while, and those replaced by a newer version."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Delete what nobody has fetched for this many days (default: the PRINT_CACHE_DAYS setting).",
        )

    def handle(self, *args, days: int | None, verbosity: int, **options) -> None:
        if days is not None and days < 0:
            raise CommandError("Give --days as 0 or more.")
        pruned = prune_printed(days=days)
        jobs = jobs_prune(days=days)
        if verbosity:
            self.stdout.write(
                f"Printed documents deleted: {pruned.unused} files not used for a while, "
                f"{pruned.replaced} files replaced by a newer version. Old print jobs forgotten: {jobs}."
            )
