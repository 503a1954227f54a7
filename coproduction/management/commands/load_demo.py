"""`manage.py load_demo`: load the demo partnerships (idempotent). Only with DEBUG on, never in production."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from coproduction import demo


class Command(BaseCommand):
    help = "Load the demo partnerships and their people (idempotent)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo has a shared password, so it only loads with DEBUG on.")
        demo.load()
        self.stdout.write(
            "Demo ready. Sign in (at /accounts/login/ on the address below) with the password "
            f"{settings.DEMO_PASSWORD} as:\n"
            "  coordinator@example.org  (coordinator of Work Together Riverside)\n"
            "  chair@example.org        (co-chair)\n"
            "  member@example.org       (partner member, a BSL user)\n"
            "  outsider@example.org     (only in the second partnership)"
        )
