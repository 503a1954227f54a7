"""Forms for setting up meetings and series, replies, invitations, presence and roles."""

import calendar
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from crispy_forms_gds.layout import Button, Field, Fieldset, Size
from django import forms
from django.utils import timezone

from coproduction.forms import DateField, form_helper
from coproduction.params import parse_int
from partners.models import Partnership

from ..models import Attendance, Meeting, MeetingRole
from ..services.meetings import SeriesRule


def time_field(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        help_text="Use the 24-hour clock, for example 14:30.",
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        widget=forms.TimeInput(format="%H:%M", attrs={"inputmode": "numeric"}),
        error_messages={
            "required": f"Enter the {label.lower()}.",
            "invalid": "Enter a time such as 10:00 or 14:30.",
        },
    )


def _zone(partnership: Partnership) -> ZoneInfo:
    return ZoneInfo(partnership.time_zone)


def _combine(day: date, at: time, partnership: Partnership) -> datetime:
    """The moment a local date and time name; a plain error for a time the clocks skip in spring."""
    moment = datetime.combine(day, at, tzinfo=_zone(partnership))
    if moment.astimezone(UTC).astimezone(_zone(partnership)).replace(tzinfo=None) != moment.replace(
        tzinfo=None
    ):
        raise forms.ValidationError(
            f"There is no {at:%H:%M} on {day.day} {day:%B %Y}: the clocks go forward that night. "
            "Choose another time."
        )
    return moment


class WhereFields(forms.ModelForm):
    """The where and how of a meeting, shared by one meeting and a series."""

    online_link = forms.URLField(
        label="Joining link (optional)",
        max_length=500,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a full web address, for example https://meet.example.org/abc"},
    )

    def setup_where(self, partnership: Partnership) -> None:
        self.fields["venue"].queryset = partnership.venues.all()
        self.fields["venue"].empty_label = "No venue yet"
        self.fields["venue"].required = False
        self.fields["format"].choices = Meeting.Format.choices
        self.fields["kind"].choices = Meeting.Kind.choices
        self.fields["title"].error_messages["required"] = "Enter a title for the meeting."

    def clean_where(self, data: dict) -> None:
        if data.get("format") == Meeting.Format.ONLINE and data.get("venue"):
            self.add_error(
                "venue", "An online meeting has no venue. Choose hybrid if people also meet in person."
            )
        if data.get("online_link") and data.get("format") == Meeting.Format.IN_PERSON:
            self.add_error(
                "online_link", "An in-person meeting has no joining link. Choose hybrid or online."
            )


WHERE_LAYOUT = [
    Field.radios("format", legend_size=Size.SMALL),
    Field.select("venue"),
    Field.text("online_link"),
    Field.textarea("online_details"),
    Field.checkbox("live_captions"),
]


class MeetingForm(WhereFields):
    date = DateField(label="Date", noun="the date of the meeting")
    start_time = time_field("Start time")
    end_time = time_field("End time")

    class Meta:
        model = Meeting
        fields = [
            "title",
            "kind",
            "description",
            "format",
            "venue",
            "online_link",
            "online_details",
            "live_captions",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "format": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
            "online_details": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.setup_where(partnership)
        if self.instance.pk:
            starts = timezone.localtime(self.instance.starts_at, _zone(partnership))
            ends = timezone.localtime(self.instance.ends_at, _zone(partnership))
            self.initial.update(
                date=[starts.day, starts.month, starts.year],
                start_time=starts.time(),
                end_time=ends.time(),
            )
        self.helper = form_helper(
            Field.text("title"),
            Field.radios("kind", legend_size=Size.SMALL),
            Fieldset(
                Field("date"),
                Field.text("start_time", field_width=5),
                Field.text("end_time", field_width=5),
                legend="When",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(*WHERE_LAYOUT, legend="Where", legend_size=Size.MEDIUM),
            Field.textarea("description"),
            submit="Save meeting",
        )

    def clean(self):
        data = super().clean()
        self.clean_where(data)
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            if end <= start:
                self.add_error("end_time", "The end time must be after the start time.")
            else:
                for name, at, key in (("start_time", start, "starts_at"), ("end_time", end, "ends_at")):
                    try:
                        data[key] = _combine(day, at, self.partnership)
                    except forms.ValidationError as error:
                        self.add_error(name, error)
        return data

    def meeting_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields.update(starts_at=self.cleaned_data["starts_at"], ends_at=self.cleaned_data["ends_at"])
        return fields


WEEKDAYS = [(str(i), calendar.day_name[i]) for i in range(7)]
WHICH_WEEK = [("1", "First"), ("2", "Second"), ("3", "Third"), ("4", "Fourth"), ("-1", "Last")]


class SeriesForm(WhereFields):
    """ "Monthly on the first Tuesday, 10:00 to 12:30, for 6 months", in one step."""

    frequency = forms.ChoiceField(
        label="How often",
        choices=[("monthly", "Monthly"), ("weekly", "Weekly, or every few weeks")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often the meetings happen."},
    )
    weekday = forms.TypedChoiceField(label="Day of the week", choices=WEEKDAYS, coerce=int)
    week_of_month = forms.TypedChoiceField(
        label="Which week of the month (monthly only)", choices=WHICH_WEEK, coerce=int, required=False
    )
    interval_weeks = forms.IntegerField(
        label="Every how many weeks (weekly only)", min_value=1, max_value=12, required=False, initial=1
    )
    first_date = DateField(label="Starting from", noun="the date of the first meeting")
    count = forms.IntegerField(
        label="How many meetings",
        min_value=1,
        max_value=24,
        error_messages={
            "required": "Say how many meetings the series has.",
            "min_value": "A series needs at least 1 meeting.",
            "max_value": "Make at most 24 meetings at once.",
            "invalid": "Enter how many meetings as a number, for example 6.",
        },
    )
    start_time = time_field("Start time")
    end_time = time_field("End time")

    class Meta:
        model = Meeting
        fields = ["title", "kind", "format", "venue", "online_link", "online_details", "live_captions"]
        widgets = {
            "kind": forms.RadioSelect,
            "format": forms.RadioSelect,
            "online_details": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.setup_where(partnership)
        self.fields["weekday"].error_messages["required"] = "Choose the day of the week."
        self.helper = form_helper(
            Field.text("title"),
            Field.radios("kind", legend_size=Size.SMALL),
            Fieldset(
                Field.radios("frequency", legend_size=Size.SMALL),
                Field.select("weekday"),
                Field.select("week_of_month"),
                Field.text("interval_weeks", field_width=2),
                Field("first_date"),
                Field.text("count", field_width=2),
                Field.text("start_time", field_width=5),
                Field.text("end_time", field_width=5),
                legend="When",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(*WHERE_LAYOUT, legend="Where", legend_size=Size.MEDIUM),
            submit="Make the meetings",
        )

    def clean(self):
        data = super().clean()
        self.clean_where(data)
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The end time must be after the start time.")
        if data.get("frequency") == "monthly" and data.get("week_of_month") in (None, ""):
            self.add_error("week_of_month", "Choose which week of the month, for example the first.")
        if data.get("frequency") == "weekly" and not data.get("interval_weeks"):
            data["interval_weeks"] = 1
        if not self.errors and data.get("first_date") and data.get("count"):
            for day in self.rule().dates():
                for name, at in (("start_time", start), ("end_time", end)):
                    try:
                        _combine(day, at, self.partnership)
                    except forms.ValidationError as error:
                        self.add_error(name, error)
                        return data
        return data

    def rule(self) -> SeriesRule:
        data = self.cleaned_data
        return SeriesRule(
            frequency=data["frequency"],
            weekday=data["weekday"],
            week_of_month=data.get("week_of_month") or 1,
            interval_weeks=data.get("interval_weeks") or 1,
            start_time=data["start_time"],
            end_time=data["end_time"],
            first_date=data["first_date"],
            count=data["count"],
        )

    def meeting_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is the meeting cancelled?",
        help_text="Everyone invited sees this on the meeting page.",
        max_length=300,
        error_messages={"required": "Say why the meeting is cancelled."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.text("reason"), submit="Cancel the meeting")
        self.helper.layout[-1] = Button.warning("submit", "Cancel the meeting")


class ReplyForm(forms.Form):
    reply = forms.ChoiceField(
        label="Are you coming?",
        choices=[c for c in Attendance.Reply.choices if c[0] != Attendance.Reply.NO_REPLY],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether you are coming.",
            "invalid_choice": "Choose one of the answers.",
        },
    )

    takes_part = forms.ChoiceField(
        label="How will you take part?",
        help_text="This meeting is in a room and online. Tell us which, if you are coming.",
        choices=Attendance.TakesPart.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose in the room or online."},
    )

    def __init__(self, *args, hybrid: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        fields = [Field.radios("reply", legend_size=Size.MEDIUM, inline=False)]
        if hybrid:
            fields.append(Field.radios("takes_part", legend_size=Size.SMALL, inline=False))
        else:
            del self.fields["takes_part"]
        self.helper = form_helper(*fields, submit="Send reply")

    def clean(self):
        data = super().clean()
        coming = data.get("reply") == Attendance.Reply.ATTENDING
        if "takes_part" in self.fields and coming and not data.get("takes_part"):
            self.add_error("takes_part", "Say whether you will be in the room or online.")
        return data


class PeopleChoiceForm(forms.Form):
    """A checkbox list of people: who is invited, or who is present."""

    people = forms.TypedMultipleChoiceField(coerce=int, required=False, widget=forms.CheckboxSelectMultiple)
    # The people the page showed: a save changes only them, not someone added while the page was open.
    listed = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, choices: list[tuple[int, str]], label: str, hint: str, submit: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = choices
        self.fields["listed"].initial = ",".join(str(pk) for pk, _ in choices)
        self.fields["people"].label = label
        self.fields["people"].help_text = hint
        self.helper = form_helper(
            Field.checkboxes("people", legend_size=Size.MEDIUM, small=True), Field("listed"), submit=submit
        )

    def listed_ids(self) -> set[int]:
        parts = (parse_int(part.strip()) for part in (self.cleaned_data.get("listed") or "").split(","))
        return {part for part in parts if part is not None}


class RolesForm(forms.Form):
    chairs = forms.TypedMultipleChoiceField(
        label="Who chairs",
        help_text="Choose two people for co-chairs.",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    minute_takers = forms.TypedMultipleChoiceField(
        label="Who takes the minutes", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    facilitators = forms.TypedMultipleChoiceField(
        label="Independent facilitator (if there is one)",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, choices: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("chairs", "minute_takers", "facilitators"):
            self.fields[name].choices = choices
        self.helper = form_helper(
            Field.checkboxes("chairs", legend_size=Size.SMALL, small=True),
            Field.checkboxes("minute_takers", legend_size=Size.SMALL, small=True),
            Field.checkboxes("facilitators", legend_size=Size.SMALL, small=True),
            submit="Save roles",
        )

    @staticmethod
    def initial_for(meeting: Meeting) -> dict:
        initial = {"chairs": [], "minute_takers": [], "facilitators": []}
        key = {
            MeetingRole.Role.CHAIR: "chairs",
            MeetingRole.Role.MINUTE_TAKER: "minute_takers",
            MeetingRole.Role.FACILITATOR: "facilitators",
        }
        for role in meeting.roles.all():
            initial[key[role.role]].append(role.person_id)
        return initial
