"""What the work plan adds to meetings, which never import this app. Called once from WorkPlanConfig.ready."""


def register_hooks() -> None:
    """The agenda item "Work plan: what is late, what is next" and its paper in the meeting pack
    (meetings.services.documents.PACK_ITEM_QUERIES and PACK_SECTIONS), once `services.documents` provides
    `pack_item_queryset` and `pack_content`."""
    from meetings.services import documents

    from .services import documents as plan_documents

    for hooks, name in (
        (documents.PACK_ITEM_QUERIES, "pack_item_queryset"),
        (documents.PACK_SECTIONS, "pack_content"),
    ):
        hook = getattr(plan_documents, name, None)
        if hook is not None and hook not in hooks:
            hooks.append(hook)
