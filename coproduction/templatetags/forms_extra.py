from django import template
from django.forms import CheckboxSelectMultiple, MultiWidget, RadioSelect

register = template.Library()


@register.filter
def first_input_id(field) -> str:
    """The id an error summary links to: the field itself, the first of its radios or checkboxes
    (crispy-forms-gds numbers those from 1), or the day box of a date."""
    if field is None:
        return ""
    if isinstance(field.field.widget, RadioSelect | CheckboxSelectMultiple):
        return f"id_{field.html_name}_1"
    if isinstance(field.field.widget, MultiWidget):  # a GOV.UK date input: its first box is the day
        return f"{field.auto_id}_0"
    return field.auto_id or ""
