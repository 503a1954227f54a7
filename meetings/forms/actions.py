"""Forms for recording decisions and action points, and for moving an action point along.

The Run meeting page may render these same forms and post them to the recording pages: the field names are
agenda_item, text, how, votes_for, votes_against, abstentions (decisions); agenda_item, text, owner
("person-<id>" or "group-<id>"), due_on_0/due_on_1/due_on_2 (day, month, year) (action points); and next.
Recording a new one also needs `once`, the one-time token of coproduction.forms.OnceMixin.
"""

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms

from coproduction.easy_read.forms import EasyReadFields
from coproduction.forms import ONCE_FIELD, DateField, OnceMixin, form_helper
from partners.models import Partnership

from ..models import ActionPoint, AgendaItem, Decision, Meeting
from ..services.actions import OWNER_REQUIRED, owner_groups, owner_people


class AgendaItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AgendaItem) -> str:
        return obj.title


def _agenda_item_field() -> AgendaItemChoiceField:
    return AgendaItemChoiceField(
        queryset=AgendaItem.objects.none(),
        required=False,
        label="Agenda item (optional)",
        empty_label="Not about one item",
        error_messages={"invalid_choice": "Choose an item from this meeting's agenda."},
    )


def _agenda_items(meeting: Meeting | None):
    if meeting is None:
        return AgendaItem.objects.none()
    return AgendaItem.objects.filter(meeting=meeting).exclude(purpose=AgendaItem.Purpose.BREAK)


def _next_field() -> forms.CharField:
    # Where to go after saving (the Run meeting page); checked to be on this site before it is used.
    return forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)


# ---------------------------------------------------------------- decisions


class DecisionForm(EasyReadFields, forms.Form):
    # The easy read words are optional here: a long sentence warns, never an error that loses the point.
    easy_read_blocks_saving = False

    agenda_item = _agenda_item_field()
    text = forms.CharField(
        label="The words agreed",
        help_text="Write the decision as it was agreed, in plain words.",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Enter the words agreed.",
            "max_length": "The words agreed must be 3,000 characters or fewer.",
        },
    )
    how = forms.ChoiceField(
        label="How was it decided?",
        choices=Decision.How.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how it was decided: by consensus, by a vote, or deferred.",
            "invalid_choice": "Choose how it was decided: by consensus, by a vote, or deferred.",
        },
    )
    # GOV.UK asks for text boxes with a numeric keyboard rather than number inputs.
    votes_for = forms.IntegerField(
        label="Votes for", required=False, min_value=0, max_value=999, widget=forms.TextInput
    )
    votes_against = forms.IntegerField(
        label="Votes against", required=False, min_value=0, max_value=999, widget=forms.TextInput
    )
    abstentions = forms.IntegerField(
        label="Abstentions", required=False, min_value=0, max_value=999, widget=forms.TextInput
    )
    easy_read_text = forms.CharField(
        label="Easy read version (optional)",
        help_text="Short sentences, one idea each. Written by a person, checked by people who use easy read.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "The easy read version must be 1,000 characters or fewer."},
    )
    next = _next_field()

    def __init__(
        self, *args, meeting: Meeting, easy_read: bool = False, submit: str = "Record decision", **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = _agenda_items(meeting)
        for name in ("votes_for", "votes_against", "abstentions"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"
            self.fields[name].error_messages.update(
                {
                    "invalid": "Enter a number of votes, for example 7.",
                    "min_value": "Enter a number of votes, 0 or more.",
                    "max_value": "Enter a number of votes under 1,000.",
                }
            )
        fields = [
            Field.select("agenda_item"),
            Field.textarea("text", rows=5),
            Field.radios("how", legend_size=Size.SMALL),
            Fieldset(
                Field.text("votes_for", field_width=3),
                Field.text("votes_against", field_width=3),
                Field.text("abstentions", field_width=3),
                legend="If there was a vote (optional)",
                legend_size=Size.SMALL,
            ),
        ]
        if easy_read:
            fields += self.easy_read_setup(meeting.partnership)
        else:
            del self.fields["easy_read_text"]
        fields.append("next")
        self.helper = form_helper(*fields, submit=submit)

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("next", None)
        data.pop(ONCE_FIELD, None)
        return data


class DecisionRecordForm(OnceMixin, DecisionForm):
    """Recording a new decision: sent twice (a double press, the browser resending), it records one."""


# ---------------------------------------------------------------- action points


class OwnerField(forms.ChoiceField):
    """One list of people and partner groups, so an action point always has exactly one owner."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {"required": OWNER_REQUIRED, "invalid_choice": "Choose who will do this from the list."},
        )
        super().__init__(**kwargs)


def owner_choices(people, groups, *, first: tuple[str, str]) -> list:
    choices = [first]
    if people:
        choices.append(("People", [(f"person-{p.pk}", p.display_name) for p in people]))
    if groups:
        choices.append(("Partner groups", [(f"group-{g.pk}", g.name) for g in groups]))
    return choices


class ActionPointForm(EasyReadFields, forms.Form):
    # The easy read words are optional here: a long sentence warns, never an error that loses the point.
    easy_read_blocks_saving = False

    agenda_item = _agenda_item_field()
    text = forms.CharField(
        label="What is to be done",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter what is to be done.",
            "max_length": "What is to be done must be 2,000 characters or fewer.",
        },
    )
    owner = OwnerField(label="Who will do it", help_text="A person, or a partner group.")
    due_on = DateField(
        label="Due by",
        help_text="For example, 27 3 2026",
        noun="the due date",
        required_message="Enter the date it is due by",
    )
    easy_read_text = forms.CharField(
        label="Easy read version (optional)",
        help_text="Short sentences, one idea each. Written by a person, checked by people who use easy read.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "The easy read version must be 1,000 characters or fewer."},
    )
    next = _next_field()

    def __init__(
        self,
        *args,
        partnership: Partnership,
        meeting: Meeting | None,
        action_point: ActionPoint | None = None,
        submit: str = "Record action point",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = _agenda_items(meeting)
        people = owner_people(partnership)
        groups = owner_groups(partnership)
        # An action point keeps its owner when edited, even one who has since left.
        if action_point is not None:
            if action_point.owner_person_id and action_point.owner_person not in people:
                people.append(action_point.owner_person)
            if action_point.owner_group_id and action_point.owner_group not in groups:
                groups.append(action_point.owner_group)
        self._people = {f"person-{p.pk}": p for p in people}
        self._groups = {f"group-{g.pk}": g for g in groups}
        self.fields["owner"].choices = owner_choices(people, groups, first=("", "Choose a person or group"))
        fields = [
            Field.select("agenda_item"),
            Field.textarea("text", rows=4),
            Field.select("owner"),
            Field("due_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
        ]
        if action_point is not None:
            fields += self.easy_read_setup(partnership)
        else:
            del self.fields["easy_read_text"]
        fields.append("next")
        self.helper = form_helper(*fields, submit=submit)

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("next", None)
        data.pop(ONCE_FIELD, None)
        owner = data.pop("owner")
        data["owner_person"] = self._people.get(owner)
        data["owner_group"] = self._groups.get(owner)
        return data


class ActionPointRecordForm(OnceMixin, ActionPointForm):
    """Recording a new action point: sent twice, it records one."""


def owner_initial(action_point: ActionPoint) -> str:
    if action_point.owner_person_id:
        return f"person-{action_point.owner_person_id}"
    if action_point.owner_group_id:
        return f"group-{action_point.owner_group_id}"
    return ""


class ActionPointUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label="Where has it got to?",
        choices=ActionPoint.Status.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose open, in progress, done or dropped.",
            "invalid_choice": "Choose open, in progress, done or dropped.",
        },
    )
    close_reason = forms.CharField(
        label="Why is it done or dropped?",
        help_text="Needed when you choose done or dropped. A sentence is enough.",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Keep the reason to 500 characters or fewer."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("status", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.textarea("close_reason", rows=3),
            submit="Save",
        )
