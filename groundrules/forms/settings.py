"""The ground rules settings: whether the meeting pack carries the rules, anonymous responses to proposals,
how often the rules are reviewed and how long people who missed a meeting have to raise a concern."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from coproduction.forms import form_helper

from ..models import RulesSettings

REVIEW_MONTHS = (1, 60)
CONCERN_DAYS = (1, 90)


def _number_messages(noun: str, low: int, high: int) -> dict:
    between = f"Enter a number of {noun} from {low} to {high}"
    return {
        "required": f"Enter how many {noun}",
        "invalid": f"Enter the number of {noun} as a whole number, for example {low + 11}",
        "min_value": between,
        "max_value": between,
    }


class RulesSettingsForm(forms.ModelForm):
    review_months = forms.IntegerField(
        label="Review the ground rules every (months)",
        min_value=REVIEW_MONTHS[0],
        max_value=REVIEW_MONTHS[1],
        help_text="From 1 to 60 months. A new version is reviewed this long after it is agreed.",
        error_messages=_number_messages("months", *REVIEW_MONTHS),
    )
    concern_days = forms.IntegerField(
        label="Days people who missed the meeting have to raise a concern",
        min_value=CONCERN_DAYS[0],
        max_value=CONCERN_DAYS[1],
        help_text="From 1 to 90 days, counted from the day a new version is agreed.",
        error_messages=_number_messages("days", *CONCERN_DAYS),
    )

    class Meta:
        model = RulesSettings
        fields = ["in_pack", "anonymous_responses", "review_months", "concern_days"]
        widgets = {"in_pack": forms.RadioSelect}
        error_messages = {
            "in_pack": {
                "required": "Choose when the ground rules go in the meeting pack",
                "invalid_choice": "Choose when the ground rules go in the meeting pack, from the list",
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["in_pack"].choices = RulesSettings.InPack.choices  # no empty choice among the radios
        self.fields["review_months"].widget.attrs.update(inputmode="numeric")
        self.fields["concern_days"].widget.attrs.update(inputmode="numeric")
        self.helper = form_helper(
            Field.radios("in_pack", legend_size=Size.MEDIUM),
            Field.checkbox("anonymous_responses"),
            Field.text("review_months", field_width=3),
            Field.text("concern_days", field_width=3),
            submit="Save settings",
        )
