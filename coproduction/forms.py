"""Form pieces every app uses: the GOV.UK form helper, binding only on POST, GOV.UK's date input, and the
guard that stops a form pressed twice from saving twice."""

from datetime import date
from uuid import uuid4

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


def form_helper(*fields, submit: str = "Save", button: str = "submit") -> FormHelper:
    """A crispy-forms GOV.UK layout: the fields, then one button. Pages put the error summary at the top. A
    page with two forms names the second one's `button` apart, so no two elements share an id."""
    helper = FormHelper()
    helper.layout = Layout(*fields, Button(button, submit))
    return helper


def service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the field it names (when the form has it), or at the top of the
    form: the person sees it in the error summary, with everything they typed kept."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def posted(request: HttpRequest):
    """Form data on a POST, even an empty one (unticking every box must still save); None otherwise."""
    return request.POST if request.method == "POST" else None


class _DateBoxes(DateInputWidget):
    """GOV.UK's day, month and year boxes, without the empty aria-describedby="" crispy-forms-gds gives the
    boxes that have no error of their own when another box has one (invalid HTML)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for box in context["widget"]["subwidgets"]:
            described = (box["attrs"].get("aria-describedby") or "").strip()
            if described:
                box["attrs"]["aria-describedby"] = described
            else:
                box["attrs"].pop("aria-describedby", None)
        return context


class DateField(DateInputField):
    """GOV.UK's date input (day, month and year boxes) with a plain message for each thing that can go wrong.

    `noun` names the date in messages: "the due date must be a real date".
    """

    widget = _DateBoxes

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


# ---------------------------------------------------------------- saving once

ONCE_FIELD = "once"
ONCE_TIMEOUT = 3600  # seconds a token is remembered: longer than anyone waits for a page to send
ONCE_INVALID = "The form was not sent properly. Check your answers and send it again."
ALREADY_SAVED = "That was already saved."


class OnceMixin:
    """For forms that create something: a hidden one-time token (`once`), so pressing the button twice, or
    the browser sending the form again, saves one thing, not two. Put it before the form class
    (`class PaperForm(OnceMixin, forms.Form)`); the view asks `first_time(form, request)` once the form is
    valid and, when it is not the first time, calls `already_saved` instead of saving.

    The token is new on every unbound form and kept when a form comes back with errors (so correcting it
    and sending again saves). Forms with a crispy helper render it without naming it in their layout.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[ONCE_FIELD] = forms.CharField(
            widget=forms.HiddenInput,
            validators=[RegexValidator(r"^[0-9a-f]{32}$", ONCE_INVALID)],
            error_messages={"required": ONCE_INVALID},
        )
        if not self.is_bound:
            self.fields[ONCE_FIELD].initial = uuid4().hex

    @property
    def helper(self) -> FormHelper:
        return self._once_helper  # AttributeError (no helper) until the form sets one, as crispy expects

    @helper.setter
    def helper(self, helper: FormHelper) -> None:
        helper.render_hidden_fields = True  # the token is rendered though no layout names it
        self._once_helper = helper

    def full_clean(self) -> None:
        super().full_clean()
        if self.is_bound and ONCE_FIELD in self._errors:
            # A missing or spoilt token: the page shown again carries a fresh one, so sending it again works.
            self.data = self.data.copy()
            self.data[self.add_prefix(ONCE_FIELD)] = uuid4().hex


def _once_key(form: OnceMixin, request: HttpRequest) -> str:
    return f"once:{request.user.pk}:{form.cleaned_data[ONCE_FIELD]}"


def first_time(form: OnceMixin, request: HttpRequest) -> bool:
    """Whether this valid form's token is new for this person (and from now on, it is not). Atomic in the
    cache, so of two copies of the form sent at the same moment only one gets True."""
    return cache.add(_once_key(form, request), 1, timeout=ONCE_TIMEOUT)


def not_saved(form: OnceMixin, request: HttpRequest) -> None:
    """Saving failed after `first_time` (the form comes back with a message): let the same token try again."""
    cache.delete(_once_key(form, request))


def already_saved(request: HttpRequest, to: str) -> HttpResponse:
    """The answer to a form sent a second time: go where saving it would have gone, and say so plainly."""
    messages.info(request, ALREADY_SAVED)
    return redirect(to)
