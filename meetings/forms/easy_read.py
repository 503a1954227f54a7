"""Easy read in meeting forms: `EasyReadFields`, which any form with `easy_read_text` (and a picture) mixes
in, the form of the "Easy read for this meeting" page, and recording a check with people who use easy read."""

from crispy_forms_gds.layout import Button, Div, Field, Layout, Size
from django import forms

from coproduction.forms import DateField, OnceMixin, form_helper
from partners.forms_easy_read import PictureChooser, PictureField, easy_read_errors, easy_read_widget
from partners.models import GlossaryTerm, Partnership

from ..models import EasyReadCheck

TEXT_HELP = (
    "Short sentences of 15 words at most, one idea each. Use digits for numbers: 5, not five. "
    "Written by a person, and checked with people who use easy read."
)


class EasyReadFields:
    """Mix into a form (before `forms.Form` or `forms.ModelForm`) that has an `easy_read_text` field, then
    call `self.easy_read_setup(partnership)` in `__init__` after `super().__init__()` and put the pieces it
    returns in the layout:

        class AgendaItemForm(EasyReadFields, forms.ModelForm):
            def __init__(self, *args, partnership, **kwargs):
                super().__init__(*args, **kwargs)
                easy_read = self.easy_read_setup(partnership)
                self.helper = form_helper(..., Fieldset(*easy_read, legend="Easy read"), submit=...)

    It (a) gives the text box the guidance people see as they type (`data-easy-read`), (b) makes
    `easy_read_picture` the picture chooser (adding the field if the form has none), and (c) refuses a
    sentence over 15 words with a plain message, keeping the words typed; or, where the words are optional
    (`easy_read_blocks_saving = False`), lets the form save and keeps the message in `easy_read_warnings`
    for the page to show.
    """

    def easy_read_setup(self, partnership: Partnership, *, picture: bool = True) -> list:
        glossary = tuple(GlossaryTerm.objects.filter(partnership=partnership).values_list("word", flat=True))
        text = self.fields["easy_read_text"]
        easy_read_widget(text, glossary=glossary)
        if not text.help_text:
            text.help_text = TEXT_HELP
        pieces = [Field.textarea("easy_read_text")]
        if picture:
            self.fields["easy_read_picture"] = PictureField(
                partnership=partnership, label="Picture for easy read (optional)"
            )
            pieces.append(PictureChooser("easy_read_picture"))
        return pieces

    # A form whose easy read words are optional sets this to False: a sentence over 15 words is then a
    # warning (`easy_read_warnings`, and the guidance under the box), not an error that loses the item.
    easy_read_blocks_saving = True
    easy_read_warnings: tuple[str, ...] = ()

    def clean_easy_read_text(self) -> str:
        text = (self.cleaned_data.get("easy_read_text") or "").strip()
        problems = easy_read_errors(text)
        if problems and self.easy_read_blocks_saving:
            raise forms.ValidationError(problems)
        self.easy_read_warnings = tuple(problems)
        return text


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
