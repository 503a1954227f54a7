"""What the ground rules add to the Run meeting page (templates/meetings/run/run.html), which the meetings app
renders without importing this app.

    {% load groundrules_meeting %}
    {% ground_rules_rules partnership as rules %}       the current version's rules, one query
    {% if item|is_ground_rules_item %}...{% endif %}      the item "Ground rules: 3 proposals" (no query)
"""

from django import template

from ..services.meeting import current_rules

register = template.Library()


@register.simple_tag
def ground_rules_rules(partnership) -> list:
    """The current version's rules with their words, in order (one query); empty before the first version."""
    return current_rules(partnership)


@register.filter
def is_ground_rules_item(item) -> bool:
    """Whether an agenda item is the proposals item ("Ground rules: 3 proposals", as `agenda_add` names
    it)."""
    return bool(item) and (item.title or "").startswith("Ground rules:")
