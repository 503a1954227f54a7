"""Forms for the plan's activities: linking a meeting (event, workshop, focus group, steering group or
partnership meeting) to a task or a theme, and a time to involve our networks before the task that needs
what it brings back."""

from crispy_forms_gds.layout import HTML, Field
from django import forms
from django.utils import timezone
from django.utils.html import format_html

from coproduction.forms import DateField, OnceMixin, form_helper
from meetings.models import Meeting
from partners.models import Partnership

from ..models import TITLE_MAX_LENGTH, WORDS_MAX_LENGTH, Activity, Task, Theme
from ..services.schedule import day_words, settings_for

MAX_LEAD_WEEKS = 52
TASK_CHOICE = "Choose a task in the plan"
THEME_CHOICE = "Choose a theme in the plan"


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{obj.get_kind_display()}: {obj.title}, {day_words(timezone.localtime(obj.starts_at).date())}"


class TaskChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Task) -> str:
        return f"{obj.title} (starts {day_words(obj.planned_start)})"


class ThemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Theme) -> str:
        return f"{obj.title} ({obj.outcome.title})"


def _tasks(partnership: Partnership):
    return Task.objects.filter(partnership=partnership).order_by("planned_start", "pk")


def _themes(partnership: Partnership):
    return (
        Theme.objects.filter(partnership=partnership)
        .select_related("outcome")
        .order_by("outcome__position", "outcome__pk", "position", "pk")
    )


class MeetingActivityForm(forms.Form):
    """Link one of the partnership's meetings to a task or a theme (or both)."""

    meeting = MeetingChoiceField(
        queryset=Meeting.objects.none(),
        label="Which meeting?",
        help_text="The partnership\u2019s meetings, events, workshops, focus groups and steering groups. "
        "Add a new one on the meetings pages first.",
        empty_label="Choose a meeting",
        error_messages={
            "required": "Choose the meeting",
            "invalid_choice": "Choose one of the partnership\u2019s meetings that is not in the plan yet",
        },
    )
    task = TaskChoiceField(
        queryset=Task.objects.none(),
        required=False,
        label="The task it is for (optional)",
        empty_label="Not one task",
        error_messages={"invalid_choice": TASK_CHOICE},
    )
    theme = ThemeChoiceField(
        queryset=Theme.objects.none(),
        required=False,
        label="The theme it is for (optional)",
        help_text="Choose a task, a theme or both.",
        empty_label="Not one theme",
        error_messages={"invalid_choice": THEME_CHOICE},
    )

    def __init__(
        self,
        *args,
        partnership: Partnership,
        activity: Activity | None = None,
        submit: str = "Save",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        meetings = (
            Meeting.objects.filter(partnership=partnership)
            .exclude(status=Meeting.Status.CANCELLED)
            .order_by("-starts_at", "-pk")
        )
        # A meeting is in the plan once: the ones linked already are left out (except this activity's own).
        linked = Activity.objects.filter(partnership=partnership, meeting__isnull=False)
        if activity is not None:
            linked = linked.exclude(pk=activity.pk)
        self.fields["meeting"].queryset = meetings.exclude(pk__in=linked.values("meeting_id"))
        self.fields["task"].queryset = _tasks(partnership)
        self.fields["theme"].queryset = _themes(partnership)
        self.helper = form_helper(
            Field.select("meeting"), Field.select("task"), Field.select("theme"), submit=submit
        )

    def clean(self):
        data = super().clean()
        if not self.errors and data.get("task") is None and data.get("theme") is None:
            self.add_error("task", "Choose the task or the theme this meeting is for (or both)")
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {"meeting": data["meeting"], "task": data.get("task"), "theme": data.get("theme")}


class MeetingActivityAddForm(OnceMixin, MeetingActivityForm):
    pass


class NetworksForm(forms.Form):
    """A time to involve our networks: what it is, what it brings back, the task that needs it, and its
    window, worked out from that task when left blank."""

    title = forms.CharField(
        label="What it is",
        help_text="For example \u201c50 conversations with disabled people\u201d.",
        max_length=TITLE_MAX_LENGTH,
        error_messages={
            "required": "Say what it is, for example \u201c50 conversations with disabled people\u201d",
            "max_length": f"What it is must be {TITLE_MAX_LENGTH} characters or fewer",
        },
    )
    description = forms.CharField(
        label="What it brings back (optional)",
        help_text="For example \u201cWhat stops people getting work, in their own words\u201d.",
        required=False,
        max_length=WORDS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": f"What it brings back must be {WORDS_MAX_LENGTH:,} characters or fewer"
        },
    )
    task = TaskChoiceField(
        queryset=Task.objects.none(),
        label="The task that needs what it brings back",
        empty_label="Choose a task",
        error_messages={
            "required": "Choose the task that needs what it brings back",
            "invalid_choice": TASK_CHOICE,
        },
    )
    # GOV.UK asks for text boxes with a numeric keyboard rather than number inputs.
    lead_weeks = forms.IntegerField(
        label="How many weeks before that task starts should it end?",
        min_value=0,
        max_value=MAX_LEAD_WEEKS,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter how many weeks before the task starts it should end, for example 2",
            "invalid": "Enter a whole number of weeks, for example 2",
            "min_value": "Enter 0 or more weeks",
            "max_value": f"Enter {MAX_LEAD_WEEKS} weeks or fewer",
        },
    )
    starts_on = DateField(label="Starts", required=False, noun="the day it starts")
    ends_on = DateField(label="Ends", required=False, noun="the day it ends")

    def __init__(self, *args, partnership: Partnership, submit: str = "Save", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = _tasks(partnership)
        plan_settings = settings_for(partnership)
        self.fields[
            "lead_weeks"
        ].help_text = (
            f"So what it brings back is ready in time. We usually allow {plan_settings.networks_lead_weeks}."
        )
        when_hint = (
            f"Leave both dates blank and we will work them out from the task: "
            f"{plan_settings.networks_weeks} weeks, ending the number of weeks above before the task starts."
        )
        self.helper = form_helper(
            Field.text("title"),
            Field.textarea("description", rows=3),
            Field.select("task"),
            Field.text("lead_weeks", field_width=3),
            HTML(format_html('<h2 class="govuk-heading-m">When</h2><p class="govuk-hint">{}</p>', when_hint)),
            Field("starts_on"),
            Field("ends_on"),
            submit=submit,
        )

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if (
            "starts_on" not in self.errors
            and "ends_on" not in self.errors
            and (starts is None) != (ends is None)
        ):
            missing = "ends_on" if ends is None else "starts_on"
            self.add_error(
                missing,
                "Enter both dates, or leave both blank to work them out from the task",
            )
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data.get("description") or "",
            "task": data["task"],
            "lead_weeks": data["lead_weeks"],
            "starts_on": data.get("starts_on"),
            "ends_on": data.get("ends_on"),
        }


class NetworksAddForm(OnceMixin, NetworksForm):
    pass
