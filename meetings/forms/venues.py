"""Forms for venues and their photos, each with its crispy-forms GOV.UK layout."""

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.conf import settings

from coproduction.forms import form_helper
from partners.access_needs import VENUE_FEATURES
from partners.models import PartnerGroup, Partnership

from ..models import Venue, VenuePhoto
from ..uploads import PreparedPhoto, UploadRejected, prepare_photo


class VenueForm(forms.ModelForm):
    features = forms.MultipleChoiceField(
        label="Access features",
        help_text="Tick everything this venue has. The access plan sets these against people's access needs.",
        choices=list(VENUE_FEATURES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": "\u201c%(value)s\u201d is not an access feature on the list. "
            "Tick features from the list, and describe anything else under "
            "\u201cAnything else about access\u201d."
        },
    )

    class Meta:
        model = Venue
        fields = [
            "name",
            "address",
            "public_transport",
            "parking",
            "drop_off",
            "is_neutral",
            "owner_group",
            "cost_per_meeting",
            "capacity",
            "features",
            "access_notes",
        ]
        labels = {
            "public_transport": "Getting there by public transport (optional)",
            "parking": "Parking (optional)",
            "drop_off": "Drop-off point (optional)",
            "owner_group": "Partner group whose place it is (optional)",
            "cost_per_meeting": "Cost per meeting in pounds (optional)",
            "capacity": "How many people it holds (optional)",
            "access_notes": "Anything else about access (optional)",
        }
        help_texts = {
            "address": "Include the postcode.",
            "public_transport": "For example: buses 5 and 22 stop outside; the station is 400 metres away, "
            "step-free.",
            "drop_off": "Where a taxi or car can stop close to the entrance.",
            "owner_group": "Leave this if the venue belongs to none of the partner groups.",
            "cost_per_meeting": "For example 45 or 45.50. Leave empty if it is free.",
        }
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
            "public_transport": forms.Textarea(attrs={"rows": 3}),
            "parking": forms.Textarea(attrs={"rows": 3}),
            "drop_off": forms.Textarea(attrs={"rows": 2}),
            "access_notes": forms.Textarea(attrs={"rows": 4}),
            "cost_per_meeting": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "min": "0"}),
            "capacity": forms.NumberInput(attrs={"inputmode": "numeric", "min": "1"}),
        }
        error_messages = {
            "name": {
                "required": "Enter the venue\u2019s name",
                "max_length": "Keep the name to 120 characters",
            },
            "address": {"required": "Enter the venue\u2019s address"},
            "cost_per_meeting": {
                "invalid": "Enter the cost in pounds, for example 45 or 45.50",
                "max_digits": "Enter a cost under \u00a31,000,000",
                "max_decimal_places": "Enter the cost in pounds and pence, for example 45.50",
                "max_whole_digits": "Enter a cost under \u00a31,000,000",
            },
            "capacity": {
                "invalid": "Enter how many people it holds as a number, for example 20",
                "min_value": "Enter how many people it holds as a number, for example 20",
                "max_value": "Enter a number of people up to 32,000",
            },
            "owner_group": {"invalid_choice": "Choose a partner group from the list"},
        }

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_group"].queryset = PartnerGroup.objects.filter(partnership=partnership).order_by(
            "name"
        )
        self.fields["owner_group"].empty_label = "No partner group"
        self.helper = form_helper(
            Field.text("name"),
            Field.textarea("address"),
            Fieldset(
                Field.textarea("public_transport"),
                Field.textarea("parking"),
                Field.textarea("drop_off"),
                legend="How to get there",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.checkbox("is_neutral"),
                Field.select("owner_group"),
                legend="Whose place it is",
                legend_size=Size.MEDIUM,
            ),
            Field.text("cost_per_meeting", field_width=5),
            Field.text("capacity", field_width=4),
            Field.checkboxes("features", legend_size=Size.MEDIUM),
            Field.textarea("access_notes"),
            submit="Save venue",
        )

    def clean_cost_per_meeting(self):
        cost = self.cleaned_data.get("cost_per_meeting")
        if cost is not None and cost < 0:
            raise forms.ValidationError("Enter a cost of 0 or more")
        return cost

    def clean_capacity(self):
        capacity = self.cleaned_data.get("capacity")
        if capacity is not None and capacity < 1:
            raise forms.ValidationError("Enter how many people it holds as a number, for example 20")
        return capacity

    def clean_features(self) -> list[str]:
        chosen = set(self.cleaned_data.get("features") or [])
        # Stored in the vocabulary's order, so every page lists them the same way.
        return [code for code in VENUE_FEATURES if code in chosen]

    def clean(self):
        data = super().clean()
        if data.get("is_neutral") and data.get("owner_group"):
            self.add_error(
                "owner_group",
                "A neutral venue is nobody\u2019s workplace. Choose \u201cNo partner group\u201d, "
                "or untick \u201cThis is a neutral venue\u201d.",
            )
        return data


def _file_hint(what: str) -> str:
    return (
        f"{what}, smaller than {settings.MAX_UPLOAD_MB} MB. If something else on this page needs "
        "correcting, you will need to choose the file again."
    )


class VenuePhotoForm(forms.Form):
    photo = forms.FileField(
        label="Photo",
        widget=forms.FileInput(
            attrs={"class": "govuk-file-upload", "accept": "image/jpeg,image/png,image/webp"}
        ),
        error_messages={
            "required": "Choose a photo to upload",
            "empty": "The file you chose is empty. Choose a photo with something in it.",
            "invalid": "Choose a photo to upload",
            "missing": "Choose a photo to upload",
        },
    )
    kind = forms.ChoiceField(
        label="What the photo shows",
        choices=VenuePhoto.Kind.choices,
        initial=VenuePhoto.Kind.ENTRANCE,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Say what the photo shows",
            "invalid_choice": "Say what the photo shows: the entrance, the meeting room or something else",
        },
    )
    alt_text = forms.CharField(
        label="Describe the photo",
        max_length=300,
        help_text="For people who cannot see it, for example: Level entrance with automatic double doors "
        "and a ramp on the left.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Describe the photo for people who cannot see it",
            "max_length": "Keep the description to 300 characters",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].help_text = _file_hint("A JPEG, PNG or WebP photo")
        self.prepared: PreparedPhoto | None = None
        self.helper = form_helper(
            Field("photo"),
            Field.radios("kind", legend_size=Size.MEDIUM),
            Field.textarea("alt_text"),
            submit="Upload photo",
        )

    def clean(self):
        # The photo is decoded only once the rest of the form is right: a form sent back for a missing
        # description costs nothing, however big the photo.
        data = super().clean()
        upload = data.get("photo")
        if upload is None or self.errors:
            return data
        try:
            self.prepared = prepare_photo(upload)
        except UploadRejected as rejected:
            self.add_error("photo", str(rejected))
        return data

    def clean_alt_text(self) -> str:
        text = " ".join(self.cleaned_data.get("alt_text", "").split())
        if not text:
            raise forms.ValidationError("Describe the photo for people who cannot see it")
        return text
