"""The form that sends a meeting pack: a button, and, when the pack went out before, whom to send it to."""

from crispy_forms_gds.layout import Button, Div, Field, Size
from django import forms

from coproduction.forms import OnceMixin, form_helper
from coproduction.params import parse_int

ONLY_NEW, EVERYONE = "new", "everyone"
# The name of the second, separate button that sends packs that are not ready.
ANYWAY = "anyway"


def _people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


class PackSendForm(OnceMixin, forms.Form):
    who = forms.ChoiceField(
        widget=forms.RadioSelect,
        initial=ONLY_NEW,
        error_messages={
            "required": "Choose who gets the pack this time.",
            "invalid_choice": "Choose who gets the pack this time.",
        },
    )

    # The last delivery the page showed: sending to everyone again is refused if the pack went out since, so
    # two presses (or two coordinators) send it again once, held by the database rather than the cache.
    # Text, read with parse_int: a hidden field nobody can correct must never be an error on the page.
    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)

    def __init__(
        self,
        *args,
        already_sent: str = "",
        new_count: int = 0,
        everyone_count: int = 0,
        last_delivery: int | None = None,
        anyway_label: str = "",
        **kwargs,
    ):
        """`already_sent`: when the pack last went, in words ("3 March 2026 at 14:05"), or "" if never.
        `anyway_label`: when a pack someone gets is not ready, the words of the separate button that sends
        it anyway (`packs.send_anyway_label`); the main button then sends only the packs that are ready."""
        super().__init__(*args, **kwargs)
        self.fields["seen"].initial = last_delivery
        self.anyway_label = anyway_label
        if not already_sent:
            del self.fields["who"]
            self.helper = self._helper(Field("seen"))
            return
        self.fields["who"].label = (
            f"The pack was already sent on {already_sent}. Send it again to everyone, or only to people who "
            "have not had it?"
        )
        self.fields["who"].choices = [
            (ONLY_NEW, f"Only people who have not had it ({_people(new_count)})"),
            (EVERYONE, f"Everyone again ({_people(everyone_count)})"),
        ]
        self.helper = self._helper(
            Field.radios("who", legend_size=Size.MEDIUM, legend_tag="h2"), Field("seen")
        )

    def _helper(self, *fields):
        if not self.anyway_label:
            return form_helper(*fields, submit="Send meeting pack")
        helper = form_helper(*fields, submit="Send the packs that are ready")
        # Two buttons, clearly different: the main one never sends a pack that is not ready.
        [*_, main] = helper.layout.fields
        helper.layout.fields[-1] = Div(
            main, Button.warning(ANYWAY, self.anyway_label), css_class="govuk-button-group"
        )
        return helper

    @property
    def seen_delivery(self) -> int | None:
        return parse_int(self.cleaned_data.get("seen"))

    @property
    def anyway(self) -> bool:
        """Whether "Send anyway" was pressed, and offered: with every pack ready there is no such button."""
        return bool(self.anyway_label) and ANYWAY in self.data

    @property
    def everyone(self) -> bool:
        return self.cleaned_data.get("who") == EVERYONE


class PackTickForm(forms.Form):
    """One row's tick on the print and post list: the pack posted, the person contacted, or the call made.
    Hidden values from the page, read with parse_int: nothing here is ever an error a person must correct."""

    delivery = forms.CharField(required=False, max_length=20)
    what = forms.CharField(required=False, max_length=20)

    @property
    def delivery_pk(self) -> int | None:
        return parse_int(self.cleaned_data.get("delivery"), minimum=1)
