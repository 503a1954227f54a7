"""Forms for papers: a new paper (for an agenda item, or for the background library) and a new version.
Both carry the one-time token of OnceMixin, so a form sent twice uploads once."""

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.conf import settings

from coproduction.forms import OnceMixin, form_helper

from ..models import AgendaItem, Meeting, PaperVersion
from ..services.papers import FILE_FORMATS, check_bsl_video_link
from ..uploads import CheckedFile, UploadRejected, check_paper


def _file_field() -> forms.FileField:
    return forms.FileField(
        label="File",
        widget=forms.FileInput(
            attrs={
                "class": "govuk-file-upload",
                "accept": ".pdf,.docx,.odt,.txt,.png,.jpg,.jpeg,application/pdf,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
                "application/vnd.oasis.opendocument.text,text/plain,image/png,image/jpeg",
            }
        ),
        error_messages={
            "required": "Choose the file to upload",
            "missing": "Choose the file to upload",
            "invalid": "Choose the file to upload",
            "empty": "The file you chose is empty. Choose a file with something in it.",
        },
    )


def _format_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Which version of the paper is this?",
        help_text="Upload a large print or easy read version as well, if you have one, so people get the "
        "paper in the format they asked for.",
        # A BSL video is a link, given on a form of its own (BslVideoForm), not a file to upload.
        choices=[(code, label) for code, label in PaperVersion.Format.choices if code in FILE_FORMATS],
        initial=PaperVersion.Format.STANDARD,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose which version of the paper this is",
            "invalid_choice": "Choose standard, large print or easy read",
        },
    )


def _file_hint() -> str:
    # Read when the form is made, so a changed limit shows at once.
    return (
        f"A PDF, Word (.docx), OpenDocument text (.odt), plain text, PNG or JPEG file, smaller than "
        f"{settings.MAX_UPLOAD_MB} MB. If something else on this page needs correcting, you will need to "
        "choose the file again."
    )


class _FileFormMixin:
    checked: CheckedFile | None = None

    def clean(self):
        # The file is opened (and an image decoded) only once everything else on the form is right: a form
        # sent back for a missing title costs nothing, however big the file.
        data = super().clean()
        upload = data.get("file")
        if upload is None or self.errors:
            return data
        try:
            self.checked = check_paper(upload)
        except UploadRejected as rejected:
            self.add_error("file", str(rejected))
        return data


class PaperForm(OnceMixin, _FileFormMixin, forms.Form):
    """A new paper with its first file. `meeting` given: the paper belongs to one of its agenda items."""

    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter the paper\u2019s title",
            "max_length": "Keep the title to 200 characters",
        },
    )
    description = forms.CharField(
        label="What it is about (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Keep the description to 2,000 characters"},
    )
    agenda_item = forms.ModelChoiceField(
        label="Agenda item",
        queryset=AgendaItem.objects.none(),
        empty_label="Choose the agenda item",
        error_messages={
            "required": "Choose the agenda item the paper is for",
            "invalid_choice": "Choose an agenda item from this meeting\u2019s agenda",
        },
    )
    format = _format_field()
    file = _file_field()

    def __init__(self, *args, meeting: Meeting | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _file_hint()
        fields = [Field.text("title"), Field.textarea("description")]
        if meeting is None:
            del self.fields["agenda_item"]
        else:
            self.fields["agenda_item"].queryset = (
                AgendaItem.objects.filter(partnership_id=meeting.partnership_id, meeting=meeting)
                .exclude(purpose=AgendaItem.Purpose.BREAK)
                .order_by("position", "pk")
            )
            fields.append(Field.select("agenda_item"))
        self.helper = form_helper(
            *fields,
            Field.radios("format", legend_size=Size.SMALL),
            Field("file"),
            submit="Upload paper",
        )

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data.get("title", "").split())
        if not title:
            raise forms.ValidationError("Enter the paper\u2019s title")
        return title


class PaperVersionForm(OnceMixin, _FileFormMixin, forms.Form):
    """A new file for an existing paper: the next version of the format chosen; earlier ones are kept."""

    format = _format_field()
    file = _file_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _file_hint()
        self.fields["format"].help_text = (
            "A new standard version replaces the current standard one; the earlier versions stay on the "
            "paper's page."
        )
        self.helper = form_helper(
            Field.radios("format", legend_size=Size.SMALL),
            Field("file"),
            submit="Upload new version",
        )


class BslVideoForm(OnceMixin, forms.Form):
    """A BSL video of a paper: a link to where the video is (videos are too big to upload here)."""

    video_url = forms.CharField(
        label="Link to the BSL video",
        help_text="Put the video somewhere the partners can watch it, such as YouTube, Vimeo or your "
        "organisation's website, and paste its link here. It starts with https://",
        max_length=500,
        widget=forms.URLInput(attrs={"spellcheck": "false", "autocomplete": "url"}),
        error_messages={
            "required": "Give the link to the BSL video",
            "max_length": "Keep the link under 500 characters",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.text("video_url"), submit="Add the BSL video")

    def clean_video_url(self) -> str:
        try:
            return check_bsl_video_link(self.cleaned_data["video_url"])
        except forms.ValidationError as error:
            raise forms.ValidationError(error.message_dict["video_url"]) from None


class LargePrintForm(OnceMixin, forms.Form):
    """The "Make a large print version" button on a paper's page: only the one-time token, so pressing it
    twice makes one version."""

    def __init__(self, *args, action: str, again: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            submit="Make the large print version again" if again else "Make a large print version"
        )
        self.helper.form_action = action
