def display_preferences(request) -> dict:
    """The signed-in person's display preferences, as classes for <html>, on every page."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return {"display_classes": user.html_classes()}
    return {"display_classes": ""}
