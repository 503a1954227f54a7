"""A new partnership starts from the draft statement of what co-production means (its own to change)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from partners.models import Partnership

from .services.statement import statement_draft


@receiver(post_save, sender=Partnership, dispatch_uid="groundrules_draft_statement")
def draft_statement(sender, instance: Partnership, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        statement_draft(instance)
