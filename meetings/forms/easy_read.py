"""Easy read in meeting forms: the form of the "Easy read for this meeting" page, and recording a check with
people who use easy read. Other meeting forms mix in `coproduction.easy_read.forms.EasyReadFields`."""

from crispy_forms_gds.layout import Button, Div, Field, Layout, Size
from django import forms

from coproduction.easy_read.forms import TEXT_HELP, EasyReadFields
from coproduction.forms import DateField, OnceMixin, form_helper
from partners.models import Partnership

from ..models import EasyReadCheck


class EasyReadPointForm(EasyReadFields, forms.Form):
    """The easy read words and picture of one point of a meeting's pack."""

    easy_read_text = forms.CharField(
        label="Easy read words",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"max_length": "The easy read words must be 1,000 characters or fewer."},
    )
    easy_read_picture = forms.CharField(required=False)  # replaced by the picture chooser

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        pieces = self.easy_read_setup(partnership)
        self.fields["easy_read_text"].help_text = TEXT_HELP
        helper = form_helper()
        helper.layout = Layout(
            *pieces,
            Div(
                Button("save", "Save"),
                Button.secondary("check", "Check my words"),
                css_class="govuk-button-group",
            ),
        )
        self.helper = helper


class EasyReadCheckForm(OnceMixin, forms.ModelForm):
    checked_on = DateField(
        label="When",
        help_text="For example, 27 3 2026",
        noun="the date it was checked",
        required_message="Enter the date it was checked",
    )

    class Meta:
        model = EasyReadCheck
        fields = ["checked_by", "checked_on", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "checked_by": {
                "required": "Say who checked it, for example the self-advocacy group",
                "max_length": "Keep who checked it to 300 characters",
            },
            "notes": {"max_length": "Keep what they said to 2,000 characters"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("checked_by"),
            Field("checked_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
            Field.textarea("notes"),
            submit="Record the check",
        )

    def clean_checked_by(self) -> str:
        who = " ".join((self.cleaned_data.get("checked_by") or "").split())
        if not who:
            raise forms.ValidationError("Say who checked it, for example the self-advocacy group")
        return who
