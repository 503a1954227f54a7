"""Forms for what co-production means to us: a point of the statement, a group's commitment, a person's
answer (their own, or recorded for them by a coordinator)."""

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms

from coproduction.easy_read.forms import EasyReadFields
from coproduction.forms import DateField, form_helper
from partners.models import Partnership

from ..models import RULE_MAX_LENGTH, PersonalCommitment, StatementPoint

ANSWER_REQUIRED = "Choose whether you understand this and agree to work this way, or do not understand it yet"


class StatementPointForm(EasyReadFields, forms.ModelForm):
    class Meta:
        model = StatementPoint
        fields = ["text", "easy_read_text", "easy_read_picture"]
        labels = {"text": "The point in plain words", "easy_read_text": "The point in easy read"}
        help_texts = {"text": "One short point, for example \u201cWe are equal partners.\u201d"}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, partnership: Partnership, submit: str = "Save the point", **kwargs):
        super().__init__(*args, **kwargs)
        text = self.fields["text"]
        text.error_messages.update(
            {
                "required": "Enter the point in plain words",
                "max_length": f"The point must be {RULE_MAX_LENGTH:,} characters or fewer. Make it shorter, "
                "or split it in two.",
            }
        )
        # The page says how long is too long; the browser does not cut off what people paste in.
        text.widget.attrs.pop("maxlength", None)
        easy_read = self.easy_read_setup(partnership)
        self.helper = form_helper(
            Field.textarea("text", rows=3),
            Fieldset(*easy_read, legend="Easy read", legend_size=Size.MEDIUM),
            submit=submit,
        )

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "easy_read_text": data.get("easy_read_text") or "",
            "easy_read_picture": data.get("easy_read_picture") or "",
        }


class GroupCommitmentForm(forms.Form):
    committed_by = forms.CharField(
        label="Who committed on the group\u2019s behalf?",
        help_text="Their name and role, for example \u201cAileen Ross, Director\u201d.",
        max_length=150,
        error_messages={
            "required": "Enter who committed on the group\u2019s behalf, for example \u201cAileen Ross, "
            "Director\u201d",
            "max_length": "The name and role must be 150 characters or fewer",
        },
    )
    committed_on = DateField(
        label="When did they commit?", help_text="For example, 6 12 2026.", noun="the date they committed"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.text("committed_by"), Field("committed_on"), submit="Save")


class AnswerForm(forms.Form):
    """A person's own answer."""

    answer = forms.ChoiceField(
        label="What do you say?",
        choices=PersonalCommitment.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": ANSWER_REQUIRED, "invalid_choice": ANSWER_REQUIRED},
    )

    def __init__(self, *args, submit: str = "Save my answer", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.radios("answer", legend_size=Size.MEDIUM), submit=submit)


class RecordAnswerForm(forms.Form):
    """A coordinator records an answer given on paper, by phone or in person."""

    answer = forms.ChoiceField(
        label="What did they say?",
        choices=PersonalCommitment.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what they said", "invalid_choice": "Choose what they said"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("answer", legend_size=Size.MEDIUM), submit="Record their answer"
        )
