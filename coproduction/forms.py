"""Form pieces every app uses: the GOV.UK form helper, binding only on POST, and GOV.UK's date input."""

from datetime import date

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django import forms
from django.core.validators import RegexValidator
from django.http import HttpRequest


def form_helper(*fields, submit: str = "Save") -> FormHelper:
    """A crispy-forms GOV.UK layout: the fields, then one button. Pages put the error summary at the top."""
    helper = FormHelper()
    helper.layout = Layout(*fields, Button("submit", submit))
    return helper


def posted(request: HttpRequest):
    """Form data on a POST, even an empty one (unticking every box must still save); None otherwise."""
    return request.POST if request.method == "POST" else None


class DateField(DateInputField):
    """GOV.UK's date input (day, month and year boxes) with a plain message for each thing that can go wrong.

    `noun` names the date in messages: "the due date must be a real date".
    """

    def __init__(self, *, noun: str = "the date", required_message: str = "", **kwargs):
        super().__init__(require_all_fields=False, **kwargs)
        self.not_real = f"{noun[0].upper()}{noun[1:]} must be a real date, for example 27 3 2026"
        self.error_messages["required"] = required_message or f"Enter {noun}"
        day, month, year = self.fields
        for part, name in ((day, "day"), (month, "month"), (year, "year")):
            part.error_messages["incomplete"] = f"{noun[0].upper()}{noun[1:]} must include a {name}"
            part.validators = [RegexValidator(r"^[0-9]+$", self.not_real)]
        year.validators = [RegexValidator(r"^[0-9]{4}$", "Enter the year as 4 digits, for example 2026")]
        for box in self.widget.widgets:
            box.attrs["inputmode"] = "numeric"

    def compress(self, data_list):
        if not data_list or not all(data_list):
            return None
        day, month, year = data_list
        try:
            return date(int(year), int(month), int(day))
        except (TypeError, ValueError):
            raise forms.ValidationError(self.not_real, code="invalid") from None
