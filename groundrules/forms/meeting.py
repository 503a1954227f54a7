"""Forms for the ground rules at meetings: proposals onto an agenda, the chair's record of what the meeting
agreed, a concern from someone who missed it, and waiting concerns onto a meeting."""

from crispy_forms_gds.layout import Field, Fieldset, Size
from dateutil.relativedelta import relativedelta
from django import forms
from django.utils import timezone

from coproduction.forms import DateField, OnceMixin, form_helper
from meetings.models import Decision, Meeting

from ..models import Concern, Proposal
from ..services.meeting import meeting_day, proposal_line

AGREED = "agreed"
NOT_AGREED = "not_agreed"
LATER = "later"
DECIDE_CHOICES = [(AGREED, "Agreed"), (NOT_AGREED, "Not agreed"), (LATER, "Not decided today")]


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{obj.title}, {meeting_day(obj)}"


class ProposalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Proposal) -> str:
        return proposal_line(obj)


class AgendaAddForm(forms.Form):
    meeting = MeetingChoiceField(
        queryset=Meeting.objects.none(),
        label="Which meeting?",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Choose the meeting whose agenda the proposals go on.",
            "invalid_choice": "Choose a meeting from the list: it may have been cancelled.",
        },
    )
    proposals = ProposalChoiceField(
        queryset=Proposal.objects.none(),
        label="Which proposals?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one proposal to put on the agenda.",
            "invalid_choice": "Choose proposals from the list: one is no longer under discussion.",
            "invalid_pk_value": "Choose proposals from the list.",
        },
    )

    def __init__(self, *args, meetings, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["proposals"].queryset = proposals
        self.helper = form_helper(
            Field.radios("meeting", legend_size=Size.MEDIUM),
            Field.checkboxes("proposals", legend_size=Size.MEDIUM),
            submit="Put on the agenda",
        )


class AgreeForm(forms.Form):
    """What the meeting decided about each proposal, how, and when the rules come back for review."""

    how = forms.ChoiceField(
        label="How was it decided?",
        choices=[(Decision.How.CONSENSUS, "By consensus"), (Decision.How.VOTE, "By a vote")],
        widget=forms.RadioSelect,
        initial=Decision.How.CONSENSUS,
        error_messages={
            "required": "Choose how it was decided: by consensus or by a vote.",
            "invalid_choice": "Choose how it was decided: by consensus or by a vote.",
        },
    )
    votes_for = forms.IntegerField(label="Votes for", required=False, min_value=0, max_value=999)
    votes_against = forms.IntegerField(label="Votes against", required=False, min_value=0, max_value=999)
    abstentions = forms.IntegerField(label="Abstentions", required=False, min_value=0, max_value=999)
    review_on = DateField(
        label="Review the ground rules by",
        help_text="For example, 6 12 2027. Usually a year from now.",
        noun="the review date",
    )
    expected = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, proposals: list[Proposal], here: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals = proposals
        choices = []
        for proposal in proposals:
            name = f"proposal_{proposal.pk}"
            self.fields[name] = forms.ChoiceField(
                label=proposal_line(proposal),
                choices=DECIDE_CHOICES,
                widget=forms.RadioSelect,
                initial=LATER,
                error_messages={
                    "required": "Choose Agreed, Not agreed or Not decided today.",
                    "invalid_choice": "Choose Agreed, Not agreed or Not decided today.",
                },
            )
            choices.append(Field.radios(name, legend_size=Size.SMALL, inline=True))
        for name in ("votes_for", "votes_against", "abstentions"):
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "numeric"})
            self.fields[name].error_messages.update(
                {
                    "invalid": "Enter a number of votes, for example 7.",
                    "min_value": "Enter a number of votes, 0 or more.",
                    "max_value": "Enter a number of votes under 1,000.",
                }
            )
        groups = []
        if choices[:here]:
            groups.append(
                Fieldset(*choices[:here], legend="On this meeting's agenda", legend_size=Size.MEDIUM)
            )
        if choices[here:]:
            groups.append(
                Fieldset(*choices[here:], legend="Other proposals under discussion", legend_size=Size.MEDIUM)
            )
        self.helper = form_helper(
            *groups,
            Field.radios("how", legend_size=Size.SMALL),
            Fieldset(
                Field.text("votes_for", field_width=3),
                Field.text("votes_against", field_width=3),
                Field.text("abstentions", field_width=3),
                legend="If there was a vote",
                legend_size=Size.SMALL,
            ),
            Field("review_on"),
            "expected",
            submit="Record the decision",
        )

    def decided(self) -> tuple[list[Proposal], list[Proposal]]:
        agreed = [p for p in self.proposals if self.cleaned_data.get(f"proposal_{p.pk}") == AGREED]
        not_agreed = [p for p in self.proposals if self.cleaned_data.get(f"proposal_{p.pk}") == NOT_AGREED]
        return agreed, not_agreed

    def clean_review_on(self):
        day = self.cleaned_data.get("review_on")
        today = timezone.localdate()
        if day is not None and not today < day <= today + relativedelta(years=5):
            raise forms.ValidationError(
                "The review date must be after today and within 5 years, for example a year from now."
            )
        return day

    def clean(self):
        data = super().clean()
        if data.get("how") == Decision.How.VOTE and data.get("votes_for") is None:
            self.add_error("votes_for", "Enter the number of votes for, or choose By consensus.")
        return data


class ConcernForm(OnceMixin, forms.ModelForm):
    class Meta:
        model = Concern
        fields = ["text"]
        labels = {"text": "Your concern"}
        help_texts = {"text": "Say which rule worries you and why. You can write it with someone's help."}
        error_messages = {
            "text": {
                "required": "Enter your concern.",
                "max_length": "Your concern must be 3,000 characters or fewer.",
            }
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("text", rows=6), submit="Send my concern")


class ConcernsToMeetingForm(forms.Form):
    meeting = MeetingChoiceField(
        queryset=Meeting.objects.none(),
        label="Which meeting?",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Choose the meeting whose agenda the concerns go on.",
            "invalid_choice": "Choose a meeting from the list: it may have been cancelled.",
        },
    )
    concerns = forms.ModelMultipleChoiceField(
        queryset=Concern.objects.none(),
        label="Which concerns?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one concern.",
            "invalid_choice": "Choose concerns from the list: one is already on an agenda.",
        },
    )

    def __init__(self, *args, meetings, concerns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["concerns"].queryset = concerns
        self.fields["concerns"].label_from_instance = lambda c: (
            f"About version {c.version.number}: {c.text[:120]}"
        )
        self.helper = form_helper(
            Field.radios("meeting", legend_size=Size.MEDIUM),
            Field.checkboxes("concerns", legend_size=Size.MEDIUM),
            submit="Put on the agenda",
        )
