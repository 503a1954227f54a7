"""The form that sends a meeting pack: a button, and, when the pack went out before, whom to send it to."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from coproduction.forms import OnceMixin, form_helper
from coproduction.params import parse_int

ONLY_NEW, EVERYONE = "new", "everyone"


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
        **kwargs,
    ):
        """`already_sent`: when the pack last went, in words ("3 March 2026 at 14:05"), or "" if never."""
        super().__init__(*args, **kwargs)
        self.fields["seen"].initial = last_delivery
        if not already_sent:
            del self.fields["who"]
            self.helper = form_helper(Field("seen"), submit="Send meeting pack")
            return
        self.fields["who"].label = (
            f"The pack was already sent on {already_sent}. Send it again to everyone, or only to people who "
            "have not had it?"
        )
        self.fields["who"].choices = [
            (ONLY_NEW, f"Only people who have not had it ({_people(new_count)})"),
            (EVERYONE, f"Everyone again ({_people(everyone_count)})"),
        ]
        self.helper = form_helper(
            Field.radios("who", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field("seen"),
            submit="Send meeting pack",
        )

    @property
    def seen_delivery(self) -> int | None:
        return parse_int(self.cleaned_data.get("seen"))

    @property
    def everyone(self) -> bool:
        return self.cleaned_data.get("who") == EVERYONE
