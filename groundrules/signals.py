"""A new partnership starts from the draft statement of what co-production means (its own to change)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from partners.models import Partnership

from .services.statement import statement_draft


@receiver(post_save, sender=Partnership, dispatch_uid="groundrules_draft_statement")
def draft_statement(sender, instance: Partnership, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        statement_draft(instance)


def register_hooks() -> None:
    """What the ground rules add to meetings, which never import this app: the proposals and the rules in
    the meeting pack (meetings.services.documents.PACK_ITEM_QUERIES and PACK_SECTIONS). Called once from
    GroundRulesConfig.ready."""
    from meetings.services import documents

    from .services.meeting import pack_content, pack_item_queryset

    if pack_item_queryset not in documents.PACK_ITEM_QUERIES:
        documents.PACK_ITEM_QUERIES.append(pack_item_queryset)
    if pack_content not in documents.PACK_SECTIONS:
        documents.PACK_SECTIONS.append(pack_content)
