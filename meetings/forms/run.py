"""Forms on the Run meeting page: a note on the current item, who is present, and the small forms behind its
buttons (which item the chair saw as current; whom to hand over to)."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from partners.models import User

from ..models import AgendaItem, Attendance


def _helper(action: str, *fields, submit: str, button_id: str) -> FormHelper:
    helper = FormHelper()
    helper.form_action = action
    # Two forms share the page, so each button has its own id.
    helper.layout = Layout(*fields, Button("submit", submit, css_id=button_id))
    return helper


class StepForm(forms.Form):
    """Sent with Start next item and End the meeting: the item the chair saw as current, so that a second
    press of the same button is recognised as stale and skips nothing."""

    current = forms.IntegerField(required=False, min_value=1)
    # "Back to the previous item": undoes a Start next item pressed by mistake.
    back = forms.BooleanField(required=False)


class StartForm(forms.Form):
    """Sent with Start the meeting: `early` once the chair has confirmed starting more than an hour before
    the planned start; `reopen` from the ended page, to reopen a meeting ended by mistake."""

    early = forms.BooleanField(required=False)
    reopen = forms.BooleanField(required=False)


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Add a note about this item",
        help_text="A few words to help you remember, for example what to come back to later.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Write the note before you add it.",
            "max_length": "A note can be at most 2,000 characters. Split it into two notes.",
        },
    )
    item = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, action: str = "", items: list[AgendaItem] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = {item.pk: item for item in items}
        self.helper = _helper(
            action, Field.textarea("text", rows=3), "item", submit="Add note", button_id="note-add"
        )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Write the note before you add it.")
        return text

    def clean_item(self) -> AgendaItem | None:
        # The item the note was written under: a note typed just before the meeting moved on stays with it.
        return self.items.get(self.cleaned_data.get("item"))


class PresenceForm(forms.Form):
    present = forms.MultipleChoiceField(
        label="Tick everyone who is here",
        help_text="In the room or online.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose people from the list."},
    )

    def __init__(self, *args, action: str = "", people: list[tuple[User, Attendance | None]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["present"]
        field.choices = [(str(person.pk), _person_label(person, attendance)) for person, attendance in people]
        if not self.is_bound:
            self.initial["present"] = [
                str(person.pk)
                for person, attendance in people
                if attendance is not None and attendance.present
            ]
        self.helper = _helper(
            action,
            Field.checkboxes("present", legend_size=Size.SMALL),
            submit="Save who is here",
            button_id="presence-save",
        )

    def present_ids(self) -> set[int]:
        return {int(pk) for pk in self.cleaned_data["present"]}


def _person_label(person: User, attendance: Attendance | None) -> str:
    reply = attendance.reply if attendance is not None else Attendance.Reply.NO_REPLY
    said = {
        Attendance.Reply.ATTENDING: "said they would come",
        Attendance.Reply.NOT_ATTENDING: "sent apologies",
        Attendance.Reply.NOT_SURE: "was not sure",
        Attendance.Reply.NO_REPLY: "did not reply",
    }[reply]
    if attendance is not None and attendance.takes_part and reply == Attendance.Reply.ATTENDING:
        said += f", {attendance.get_takes_part_display().lower()}"  # "said they would come, online"
    return f"{person.display_name} ({said})"


class HandOverForm(forms.Form):
    to = forms.IntegerField(min_value=1, error_messages={"required": "Choose a co-chair to hand over to."})

    def __init__(self, *args, chairs: list[User] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.chairs = {person.pk: person for person in chairs}

    def clean_to(self) -> User:
        person = self.chairs.get(self.cleaned_data["to"])
        if person is None:
            raise forms.ValidationError("You can only hand over to a co-chair of this meeting.")
        return person
