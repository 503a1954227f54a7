"""The form that puts "Work plan: what is late, what is next" on a meeting's agenda."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from coproduction.forms import OnceMixin, form_helper
from meetings.models import Meeting

from ..services.schedule import meeting_day


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        label = f"{obj.title}, {meeting_day(obj)}"
        if getattr(obj, "has_plan_item", False):
            label += " (it is already on this agenda)"
        return label


class AgendaAddForm(OnceMixin, forms.Form):
    meeting = MeetingChoiceField(
        queryset=Meeting.objects.none(),
        label="Which meeting?",
        help_text="Meetings still to come. The list of what is late and what is next goes in its pack.",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Choose the meeting whose agenda the item goes on.",
            "invalid_choice": "Choose a meeting from the list: it may have been cancelled or already held.",
        },
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.helper = form_helper(
            Field.radios("meeting", legend_size=Size.MEDIUM), submit="Put on the agenda"
        )
