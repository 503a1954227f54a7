from django import template
from django.forms import CheckboxSelectMultiple, RadioSelect

register = template.Library()


@register.filter
def first_input_id(field) -> str:
    """The id an error summary links to: the field itself, or the first of its radios or checkboxes
    (crispy-forms-gds numbers those from 1)."""
    if field is None:
        return ""
    if isinstance(field.field.widget, RadioSelect | CheckboxSelectMultiple):
        return f"id_{field.html_name}_1"
    return field.auto_id or ""
