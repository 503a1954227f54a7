"""Forms for agenda items, standing items and access plan arrangements."""

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.utils import timezone

from coproduction.easy_read.forms import EasyReadFields
from coproduction.forms import DateField, form_helper
from partners.access_needs import GROUPED_NEED_CHOICES
from partners.models import Membership

from ..models import AgendaItem, Arrangement, StandingItem

DURATION_ERRORS = {
    "required": "Say how long the item takes, in minutes.",
    "invalid": "Enter the minutes as a number, for example 15.",
    "min_value": "An item takes at least 1 minute.",
    "max_value": "An item can take at most 480 minutes (8 hours).",
}


class AgendaItemForm(EasyReadFields, forms.ModelForm):
    # Optional easy read words warn about long sentences but never stop the item being saved.
    easy_read_blocks_saving = False

    duration_minutes = forms.IntegerField(
        label="How long (minutes)", min_value=1, max_value=480, error_messages=DURATION_ERRORS
    )

    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "purpose",
            "duration_minutes",
            "lead",
            "description",
            "easy_read_text",
            "easy_read_picture",
        ]
        widgets = {
            "purpose": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
            "easy_read_text": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = "Enter a title for the item."
        self.fields["purpose"].choices = AgendaItem.Purpose.choices
        self.fields["purpose"].error_messages["required"] = "Say what the item is for."
        people = Membership.objects.current().filter(partnership=partnership).values("person")
        self.fields["lead"].queryset = self.fields["lead"].queryset.filter(pk__in=people)
        self.fields["lead"].label_from_instance = lambda person: person.display_name
        self.fields["lead"].empty_label = "Nobody named"
        easy_read = self.easy_read_setup(partnership)
        self.helper = form_helper(
            Field.text("title"),
            Field.radios("purpose", legend_size=Size.SMALL),
            Field.text("duration_minutes", field_width=3),
            Field.select("lead"),
            Field.textarea("description"),
            *easy_read,
            submit="Save item",
        )


class StandingItemForm(EasyReadFields, forms.ModelForm):
    """A standing item, with the easy read words and picture every new agenda copies from it."""

    # Optional easy read words warn about long sentences but never stop the item being saved.
    easy_read_blocks_saving = False

    duration_minutes = forms.IntegerField(
        label="How long (minutes)", min_value=1, max_value=480, error_messages=DURATION_ERRORS
    )
    purpose = forms.ChoiceField(
        label="What it is for",
        choices=[c for c in AgendaItem.Purpose.choices if c[0] != AgendaItem.Purpose.BREAK],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = StandingItem
        fields = [
            "title",
            "purpose",
            "duration_minutes",
            "description",
            "at_end",
            "easy_read_text",
            "easy_read_picture",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "easy_read_text": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "easy_read_text": {"max_length": "The easy read words must be 1,000 characters or fewer."}
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = "Enter a title for the standing item."
        easy_read = self.easy_read_setup(partnership)
        self.fields["easy_read_text"].help_text = (
            "Every new agenda copies these words. " + self.fields["easy_read_text"].help_text
        )
        self.helper = form_helper(
            Field.text("title"),
            Field.radios("purpose", legend_size=Size.SMALL),
            Field.text("duration_minutes", field_width=3),
            Field.textarea("description"),
            Field.checkbox("at_end"),
            *easy_read,
            submit="Save standing item",
        )


class ArrangementForm(forms.ModelForm):
    booked_on = DateField(label="Booked on", help_text="For example, 27 3 2026", noun="the booking date")
    need_code = forms.ChoiceField(
        label="Which need does it meet?",
        choices=[("", "Choose a need")] + GROUPED_NEED_CHOICES,
        error_messages={
            "required": "Choose the need this arrangement meets.",
            "invalid_choice": "Choose a need from the list.",
        },
    )

    class Meta:
        model = Arrangement
        fields = ["need_code", "description", "booked_on", "cost"]
        help_texts = {"cost": "In pounds, for example 120.50."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].error_messages["required"] = "Say what is booked and with whom."
        if not self.is_bound and not self.instance.pk:
            today = timezone.localdate()
            self.initial.setdefault("booked_on", [today.day, today.month, today.year])
        elif self.instance.pk and self.instance.booked_on:
            booked = self.instance.booked_on
            self.initial["booked_on"] = [booked.day, booked.month, booked.year]
        self.fields["cost"].error_messages["invalid"] = (
            "Enter the cost as a number of pounds, for example 120.50."
        )
        self.helper = form_helper(
            Field.select("need_code"),
            Field.text("description"),
            Field("booked_on"),
            Field.text("cost", field_width=5),
            submit="Save arrangement",
        )

    def clean_cost(self):
        cost = self.cleaned_data.get("cost")
        if cost is not None and cost < 0:
            raise forms.ValidationError("The cost cannot be less than nothing.")
        return cost
