"""Forms for people, partnerships and access needs, each with its crispy-forms GOV.UK layout."""

from crispy_forms_gds.layout import Button, Field, Fieldset, Size
from django import forms
from django.contrib.auth import password_validation

from coproduction.forms import form_helper

from .access_needs import GROUPS, NEED_CHOICES, NEEDS, NEEDS_BY_CODE
from .models import (
    AccessNeed,
    CommunicationPreference,
    HowTold,
    Invitation,
    PartnerGroup,
    Partnership,
    Role,
    User,
)

# A coordinator writing something down for a partner without email says how the partner told them.
HOW_TOLD_FIELD = {
    "label": "How did they tell you?",
    "choices": HowTold.choices,
    "widget": forms.RadioSelect,
    "error_messages": {
        "required": "Say how they told you, for example by phone.",
        "invalid_choice": "Choose how they told you from the list.",
    },
}


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "known_as", "pronouns", "phone"]
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "known_as": forms.TextInput(attrs={"autocomplete": "nickname"}),
            "pronouns": forms.TextInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("full_name"),
            Field.text("known_as", field_width=20),
            Field.text("pronouns", field_width=10),
            Field.text("phone", field_width=20),
        )


class DisplayPreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["text_size", "high_contrast", "easy_read_first"]
        widgets = {"text_size": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text_size"].choices = User.TextSize.choices
        self.fields[
            "high_contrast"
        ].help_text = "Black text on white, with stronger borders and underlined links."
        self.helper = form_helper(
            Field.radios("text_size", legend_size=Size.MEDIUM),
            Field.checkbox("high_contrast"),
            Field.checkbox("easy_read_first"),
        )


# The detail each need asks for, as its own field: one box per meaning, so a label can say exactly what it
# is ("Minutes between breaks"), and a detail typed under another need is never stored.
DETAIL_FIELDS: dict[str, str] = {
    "regular_breaks": "break_minutes",
    "longest_meeting": "longest_minutes",
    "earliest_start": "earliest_start",
    "extra_reading_time": "days",
}


class AccessNeedForm(forms.ModelForm):
    """One access need, chosen from radios grouped as the vocabulary groups them. A need with a detail
    reveals its own box under its radio (GOV.UK conditional reveal, no inline script: without JavaScript every
    box shows, each labelled for its need). Only the chosen need's detail is read and stored."""

    already_recorded = "You have already recorded this need. Change the one you have instead."

    code = forms.ChoiceField(
        label="What do you need?",
        choices=NEED_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the access need from the list.",
            "invalid_choice": "Choose an access need from the list. If yours is not there, choose "
            "\u201cSomething not on this list\u201d and say what you need in your own words.",
        },
    )
    break_minutes = forms.IntegerField(
        label="Minutes between breaks",
        help_text="How long you can go without a break, for example 45.",
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": "Enter the minutes between breaks as a whole number, for example 45."},
    )
    longest_minutes = forms.IntegerField(
        label="Longest meeting, in minutes",
        help_text="For example 90 for an hour and a half.",
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": "Enter the longest meeting in minutes as a whole number, for example 90."},
    )

    class Meta:
        model = AccessNeed
        fields = ["code", "earliest_start", "days", "note"]
        labels = {
            "earliest_start": "Earliest start time",
            "days": "Extra days to read papers",
        }
        help_texts = {
            "earliest_start": "Use the 24-hour clock, for example 10:00.",
            "days": "How many days more than everyone else you need, for example 3.",
        }
        widgets = {
            "days": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "earliest_start": forms.TimeInput(format="%H:%M"),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"note": {"max_length": "Keep the note to %(limit_value)d characters."}}

    def __init__(self, *args, person: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["earliest_start"].error_messages["invalid"] = "Enter a time such as 10:00."
        self.fields["days"].error_messages["invalid"] = (
            "Enter the extra days as a whole number, for example 3."
        )
        # The one stored number means breaks or the longest meeting, as the need says.
        minutes_field = DETAIL_FIELDS.get(self.instance.code or "")
        if minutes_field in {"break_minutes", "longest_minutes"}:
            self.initial[minutes_field] = self.instance.minutes
        if self.instance.code and self.instance.code not in NEEDS_BY_CODE:
            self.initial["code"] = None  # a retired code is not offered back; choosing again saves
        need = NEEDS_BY_CODE.get(self.instance.code or "")
        if need and need.hint:
            self.fields["note"].help_text = need.hint
        # Kept for pages that render the form whole; the access need page lays it out itself.
        self.helper = form_helper(
            Field.radios("code"),
            Field.text("break_minutes", field_width=4),
            Field.text("longest_minutes", field_width=4),
            Field.text("earliest_start", field_width=5),
            Field.text("days", field_width=3),
            Field.textarea("note"),
            submit="Save access need",
        )

    def need_groups(self) -> list[dict]:
        """The radios grouped as the vocabulary groups them, each with its detail box if it has one."""
        chosen = str(self["code"].value() or "")
        # The detail boxes are drawn by the access need page itself, in GOV.UK's classes.
        widths = {"break_minutes": 4, "longest_minutes": 4, "earliest_start": 5, "days": 3}
        for field, width in widths.items():
            classes = f"govuk-input govuk-input--width-{width}"
            if self.is_bound and field in self.errors:
                classes += " govuk-input--error"
            self.fields[field].widget.attrs["class"] = classes
        number = 0
        groups = []
        for group, group_label in GROUPS.items():
            options = []
            for need in NEEDS:
                if need.group != group:
                    continue
                number += 1  # crispy-forms-gds numbers radios from 1: the error summary links to the first
                detail = DETAIL_FIELDS.get(need.code)
                options.append(
                    {
                        "code": need.code,
                        "label": need.label,
                        "id": f"id_code_{number}",
                        "checked": need.code == chosen,
                        "detail": self[detail] if detail else None,
                        "detail_id": f"conditional-{need.code}" if detail else "",
                    }
                )
            groups.append({"label": group_label, "options": options})
        return groups

    def _clean_fields(self):
        super()._clean_fields()
        # Boxes that belong to other needs are not read at all: what was typed there (even nonsense) neither
        # blocks saving nor is kept.
        need_field = DETAIL_FIELDS.get(self.cleaned_data.get("code") or self.data.get("code") or "")
        for field in DETAIL_FIELDS.values():
            if field != need_field:
                self._errors.pop(field, None)
                self.cleaned_data[field] = None

    def clean(self):
        data = super().clean()
        code = data.get("code")
        need = NEEDS_BY_CODE.get(code) if code else None
        if need is None:
            return data
        if code == "other" and not (data.get("note") or "").strip():
            self.add_error("note", "Say what you need, in your own words.")
        if (
            code == "regular_breaks"
            and data.get("break_minutes") is None
            and "break_minutes" not in self.errors
        ):
            self.add_error("break_minutes", "Say how often you need a break, in minutes (for example 45).")
        for field in ("break_minutes", "longest_minutes"):
            minutes = data.get(field)
            if minutes is not None and not (5 <= minutes <= 600):
                self.add_error(field, "Enter a number of minutes between 5 and 600.")
        days = data.get("days")
        if days is not None and days > 60:
            self.add_error("days", "Enter a number of days up to 60.")
        minutes_field = DETAIL_FIELDS.get(code)
        self.instance.minutes = (
            data.get(minutes_field) if minutes_field in {"break_minutes", "longest_minutes"} else None
        )
        if (
            code != "other"
            and AccessNeed.objects.filter(person=self.person, code=code).exclude(pk=self.instance.pk).exists()
        ):
            self.add_error("code", self.already_recorded)
        return data


class AccessNeedOnBehalfForm(AccessNeedForm):
    """A coordinator records an access need an offline partner told them about."""

    recorded_how = forms.ChoiceField(**HOW_TOLD_FIELD)
    already_recorded = "They already have this need recorded. Change the one they have instead."
    field_order = ["recorded_how"]  # first on the page, so first in the error summary too

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = "What do they need?"
        self.fields["note"].label = "In their own words (optional)"
        self.helper.layout.insert(0, Field.radios("recorded_how", legend_size=Size.MEDIUM, inline=True))


class AccessNeedSharingForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["share_access_needs"]
        help_texts = {
            "share_access_needs": "Coordinators and chairs always see your needs so they can arrange them. "
            "Other partners only see how many people need something, unless you tick this."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.checkbox("share_access_needs"), submit="Save sharing choice")


class CommunicationPreferenceForm(forms.ModelForm):
    channels = forms.MultipleChoiceField(
        label="How should we contact you?",
        help_text="Choose all that suit you.",
        choices=CommunicationPreference.Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one way to contact you.",
            "invalid_choice": "Choose the ways to contact you from the list.",
        },
    )
    # The person's own phone number (User.phone), asked for here so that choosing a phone call or a text
    # message never sends anyone away to another page first. The view saves it (services.person_phone_set).
    phone = forms.CharField(
        label="Phone number",
        help_text="We need it for phone calls and text messages.",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        error_messages={"max_length": "Enter a phone number of up to 40 characters."},
    )
    # Not saved by the form: a new address waits for its owner to confirm it (services.support_person_set).
    support_person_email = forms.EmailField(
        label="Support person's email address (optional)",
        help_text="We will email them a link to confirm. Once they confirm, we copy them in on messages "
        "to you.",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={"invalid": "Enter an email address like name@example.org."},
    )
    channel_choices = CommunicationPreference.Channel.choices
    paper_format_choices = CommunicationPreference.PaperFormat.choices
    phone_missing = "Give a phone number for phone calls and text messages, or untick them."
    # Someone who reads email is copied in through their support person's address; see the subclass.
    support_email_needed = True

    class Meta:
        model = CommunicationPreference
        fields = [
            "channels",
            "paper_format",
            "frequency",
            "contact_between_meetings",
            "best_times",
            "postal_address",
            "support_person_name",
        ]
        widgets = {
            "paper_format": forms.RadioSelect,
            "frequency": forms.RadioSelect,
            "postal_address": forms.Textarea(attrs={"rows": 4, "autocomplete": "street-address"}),
        }
        error_messages = {
            "best_times": {"max_length": "Keep the best times to contact you to %(limit_value)d characters."},
            "postal_address": {"max_length": "Keep the postal address to %(limit_value)d characters."},
            "support_person_name": {
                "max_length": "Keep your support person's name to %(limit_value)d characters."
            },
        }

    def __init__(self, *args, person: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["channels"].choices = self.channel_choices
        self.fields["phone"].initial = person.phone
        if self.instance.pk:
            self.fields["support_person_email"].initial = self.instance.support_person_address
        self.fields["paper_format"].choices = self.paper_format_choices
        self.fields["paper_format"].error_messages["required"] = "Choose the format you want papers in."
        self.fields["paper_format"].error_messages["invalid_choice"] = "Choose a format from the list."
        self.fields["frequency"].choices = CommunicationPreference.Frequency.choices
        self.fields["frequency"].error_messages["required"] = "Choose how often you want to hear from us."
        self.fields["frequency"].error_messages["invalid_choice"] = "Choose how often from the list."
        self._forget_retired_choices()
        self.helper = form_helper(
            Field.checkboxes("channels", legend_size=Size.MEDIUM),
            Field.text("phone", field_width=20),
            Field.radios("paper_format", legend_size=Size.MEDIUM),
            Field.radios("frequency", legend_size=Size.MEDIUM),
            Field.checkbox("contact_between_meetings"),
            Field.text("best_times"),
            Field.textarea("postal_address"),
            Fieldset(
                Field.text("support_person_name"),
                Field.text("support_person_email"),
                legend="A support person to copy in",
                legend_size=Size.MEDIUM,
            ),
        )

    def _forget_retired_choices(self) -> None:
        """Saved values that are no longer choices (an old channel code, a format we stopped offering) are
        not offered back: the form starts from what can be chosen, so saving a correction always works."""
        for name in ("channels", "paper_format", "frequency"):
            valid = {str(value) for value, _ in self.fields[name].choices}
            value = self.initial.get(name)
            if isinstance(value, list):
                self.initial[name] = [v for v in value if v in valid]
            elif value is not None and value not in valid:
                self.initial[name] = None

    def clean(self):
        data = super().clean()
        channels = data.get("channels") or []
        if "post" in channels and not (data.get("postal_address") or "").strip():
            self.add_error("postal_address", "Give a postal address, or untick post.")
        if "phone" not in self.errors:
            data["phone"] = (data.get("phone") or "").strip()
            if ("phone" in channels or "text" in channels) and not data["phone"]:
                self.add_error("phone", self.phone_missing)
        if (
            self.support_email_needed
            and data.get("support_person_name")
            and not data.get("support_person_email")
            and "support_person_email" not in self.errors
        ):
            self.add_error(
                "support_person_email", "Give your support person's email address so we can copy them in."
            )
        return data


# What someone who takes part without email can be reached by, and the papers a printer or a phone call
# can give them (plain-text email is for email readers).
OFFLINE_CHANNELS = [
    (value, label)
    for value, label in CommunicationPreference.Channel.choices
    if value in {"post", "phone", "text"}
]
OFFLINE_FORMATS = [
    (value, label)
    for value, label in CommunicationPreference.PaperFormat.choices
    if value != CommunicationPreference.PaperFormat.PLAIN_TEXT
]


class CommunicationOnBehalfForm(CommunicationPreferenceForm):
    """A coordinator records how an offline partner wants to hear from the partnership, as they were told."""

    channel_choices = OFFLINE_CHANNELS
    paper_format_choices = OFFLINE_FORMATS
    phone_missing = "Give their phone number for phone calls and text messages, or untick them."
    # Their support person may well be someone who rings or visits them: a name alone is enough.
    support_email_needed = False
    recorded_how = forms.ChoiceField(**HOW_TOLD_FIELD)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channels"].label = "How should we contact them?"
        self.fields["channels"].error_messages["required"] = "Choose at least one way to contact them."
        self.fields["paper_format"].label = "Format for their meeting papers"
        self.fields["frequency"].label = "How often they want to hear from us"
        self.fields["contact_between_meetings"].label = "They welcome contact between meetings"
        self.fields["best_times"].label = "Best times to contact them (optional)"
        self.fields["support_person_name"].label = "Their support person's name (optional)"
        self.fields["support_person_email"].label = "Their support person's email address (optional)"
        self.fields[
            "support_person_email"
        ].help_text = "We will email them a link to confirm. Once they confirm, we send them copies."
        self.helper.layout.insert(0, Field.radios("recorded_how", legend_size=Size.MEDIUM, inline=True))
        self.helper.layout[-1] = Button("submit", "Save their preferences")


class OfflinePartnerForm(forms.Form):
    """A partner who has no email address or does not use computers, added by a coordinator."""

    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter their full name."}
    )
    known_as = forms.CharField(
        label="The name to use (optional)",
        max_length=80,
        required=False,
        help_text="What they would like people to call them.",
    )
    phone = forms.CharField(
        label="Phone number (optional)",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    postal_address = forms.CharField(
        label="Postal address (optional)",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
    )
    support_person_name = forms.CharField(
        label="Their support person's name (optional)", max_length=150, required=False
    )
    channels = forms.MultipleChoiceField(
        label="How should we contact them?",
        help_text="Their meeting packs go this way: by post, or read to them by phone.",
        choices=OFFLINE_CHANNELS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one way to contact them.",
            "invalid_choice": "Choose the ways to contact them from the list.",
        },
    )
    paper_format = forms.ChoiceField(
        label="Format for their meeting papers",
        choices=OFFLINE_FORMATS,
        initial=CommunicationPreference.PaperFormat.STANDARD,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the format they want papers in.",
            "invalid_choice": "Choose a format from the list.",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=[(v, label) for v, label in Role.choices if v != Role.COORDINATOR],
        initial=Role.MEMBER,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose their role.", "invalid_choice": "Choose a role from the list."},
    )
    group = forms.ModelChoiceField(
        label="Group",
        queryset=PartnerGroup.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Choose a group from the list."},
    )
    recorded_how = forms.ChoiceField(**HOW_TOLD_FIELD)

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = partnership.groups.all()
        self.fields["group"].empty_label = "Not part of a group"
        self.helper = form_helper(
            Field.text("full_name"),
            Field.text("known_as", field_width=20),
            Field.text("phone", field_width=20),
            Field.textarea("postal_address"),
            Field.text("support_person_name"),
            Field.checkboxes("channels", legend_size=Size.SMALL),
            Field.radios("paper_format", legend_size=Size.SMALL),
            Field.radios("role", legend_size=Size.SMALL),
            Field.select("group"),
            Field.radios("recorded_how", legend_size=Size.SMALL, inline=True),
            submit="Add partner",
        )

    def clean(self):
        data = super().clean()
        phone = (data.get("phone") or "").strip()
        address = (data.get("postal_address") or "").strip()
        channels = data.get("channels") or []
        if "channels" not in self.errors and not phone and not address:
            self.add_error(
                "phone", "Give a phone number or a postal address, so the partnership can reach them."
            )
        elif "post" in channels and not address:
            self.add_error("postal_address", "Give their postal address, or untick post.")
        elif ("phone" in channels or "text" in channels) and not phone:
            self.add_error("phone", "Give their phone number, or untick phone call and text message.")
        return data


# Plain messages for the partnership's fields; Django's "This field is required." says nothing useful.
PARTNERSHIP_MESSAGES = {
    "name": {"required": "Enter the partnership's name."},
    "slug": {
        "required": "Enter a web address name, for example work-together.",
        "invalid": "Use only lower-case letters, numbers and hyphens in the web address name.",
    },
    "status": {"required": "Choose the partnership's status."},
    "time_zone": {"required": "Enter a time zone such as Europe/London."},
    "papers_notice_days": {
        "required": "Say how many days before a meeting papers must go out, for example 7.",
        "invalid": "Enter the number of days as a whole number, for example 7.",
    },
    "group_size_min": {
        "required": "Enter the smallest group size, for example 10.",
        "invalid": "Enter the smallest group size as a whole number, for example 10.",
    },
    "group_size_max": {
        "required": "Enter the largest group size, for example 15.",
        "invalid": "Enter the largest group size as a whole number, for example 15.",
    },
}


class PartnershipForm(forms.ModelForm):
    submit = "Save"

    class Meta:
        model = Partnership
        fields = [
            "name",
            "slug",
            "purpose",
            "status",
            "time_zone",
            "papers_notice_days",
            "group_size_min",
            "group_size_max",
            "require_mfa_for_coordinators",
        ]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 4}), "status": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field_messages in PARTNERSHIP_MESSAGES.items():
            if name in self.fields:
                self.fields[name].error_messages.update(field_messages)
        if "status" in self.fields:
            self.fields["status"].choices = Partnership.Status.choices
        layout = {
            "name": Field.text("name"),
            "slug": Field.text("slug", field_width=20),
            "purpose": Field.textarea("purpose"),
            "status": Field.radios("status", legend_size=Size.SMALL, inline=True),
            "time_zone": Field.text("time_zone", field_width=20),
            "papers_notice_days": Field.text("papers_notice_days", field_width=3),
            "group_size": Fieldset(
                Field.text("group_size_min", field_width=3),
                Field.text("group_size_max", field_width=3),
                legend="Group size",
                legend_size=Size.SMALL,
            ),
            "require_mfa_for_coordinators": Field.checkbox("require_mfa_for_coordinators"),
        }
        present = [
            part
            for key, part in layout.items()
            if key in self.fields or (key == "group_size" and "group_size_min" in self.fields)
        ]
        self.helper = form_helper(*present, submit=self.submit)

    def clean_slug(self):
        return self.cleaned_data["slug"].lower()

    def clean_name(self):
        # The name goes into email subjects, which are one line.
        return " ".join(self.cleaned_data["name"].split())


class NewPartnershipForm(PartnershipForm):
    submit = "Start the partnership"

    class Meta(PartnershipForm.Meta):
        fields = ["name", "slug", "purpose", "time_zone", "papers_notice_days"]


class PartnerGroupForm(forms.ModelForm):
    class Meta:
        model = PartnerGroup
        fields = ["name", "kind"]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["kind"].choices = PartnerGroup.Kind.choices
        self.fields["name"].error_messages["required"] = "Enter the group's name."
        self.fields["kind"].error_messages["required"] = "Choose what kind of group this is."
        self.helper = form_helper(
            Field.text("name"), Field.radios("kind", legend_size=Size.SMALL), submit="Save group"
        )

    def clean_name(self):
        # The partnership is not a form field, so Django skips the unique constraint that names it.
        name = self.cleaned_data["name"].strip()
        siblings = PartnerGroup.objects.filter(partnership=self.instance.partnership, name__iexact=name)
        if siblings.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("There is already a group with that name in this partnership.")
        return name


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "role", "group", "message"]
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            "role": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.fields["role"].choices = Role.choices
        self.fields["group"].queryset = partnership.groups.all()
        self.fields["group"].empty_label = "Not part of a group"
        self.fields["group"].required = False
        self.fields["email"].error_messages.update(
            required="Enter the email address of the person to invite.",
            invalid="Enter an email address in the right format, like name@example.org.",
        )
        self.helper = form_helper(
            Field.text("email"),
            Field.radios("role", legend_size=Size.SMALL),
            Field.select("group"),
            Field.textarea("message"),
            submit="Send invitation",
        )


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices, widget=forms.RadioSelect)
    group = forms.ModelChoiceField(label="Group", queryset=PartnerGroup.objects.none(), required=False)

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = partnership.groups.all()
        self.fields["group"].empty_label = "Not part of a group"
        self.helper = form_helper(Field.radios("role", legend_size=Size.SMALL), Field.select("group"))


class InvitationAccountForm(forms.Form):
    """The account an invited person sets up: their name and a password."""

    email = forms.EmailField(
        label="Your email address",
        help_text="You sign in with this. It is the address the invitation was sent to.",
        disabled=True,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "readonly": True}),
    )
    full_name = forms.CharField(
        label="Your full name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your full name."},
    )
    known_as = forms.CharField(
        label="The name to use (optional)",
        max_length=80,
        required=False,
        help_text="What you would like people to call you.",
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    password = forms.CharField(
        label="Choose a password",
        help_text="At least 10 characters. You can also sign in with a code sent to your email instead.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Choose a password."},
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields["email"].initial = email
        self.helper = form_helper(
            Field.text("email"),
            Field.text("full_name"),
            Field.text("known_as", field_width=20),
            Field.text("password", field_width=20),
            submit="Set up my account and join",
        )

    def clean_password(self):
        password = self.cleaned_data["password"]
        password_validation.validate_password(password, User(email=self.email, full_name=""))
        return password


class ConfirmDeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that my account and my personal details will be deleted, "
        "and this cannot be undone",
        error_messages={"required": "Tick the box to confirm you want to delete your account."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.checkbox("confirm"), submit="Delete my account")
        self.helper.layout[-1] = Button.warning("submit", "Delete my account")
