"""`manage.py start_partnership "Name" slug coordinator@example.org`: the first partnership on a new server.

Makes the partnership and invites its first coordinator by email (the link is printed too), so they set up
their account the same way as everyone else. After that, coordinators invite everyone from the app.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from partners.models import Invitation, Partnership, Role
from partners.services import send_email


class Command(BaseCommand):
    help = "Start a partnership and invite its first coordinator."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("slug")
        parser.add_argument("email")
        parser.add_argument(
            "--site",
            default="http://127.0.0.1:8000",
            help="The workspace's address, for the link in the email.",
        )

    def handle(self, name, slug, email, site, **options):
        partnership = Partnership(name=name, slug=slug.lower())
        try:
            partnership.full_clean()
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        with transaction.atomic():
            partnership.save()
            invitation = Invitation.objects.create(
                partnership=partnership, email=email.lower(), role=Role.COORDINATOR
            )
        link = site.rstrip("/") + invitation.get_accept_url()
        send_email(
            to=[invitation.email],
            subject=f"You are invited to join {partnership.name}",
            template="invitation",
            context={"invitation": invitation, "accept_url": link, "has_account": False},
        )
        self.stdout.write(
            f"{partnership.name} is started. {invitation.email} is invited as coordinator; the link lasts "
            f"{settings.INVITATION_DAYS} days:\n{link}"
        )
