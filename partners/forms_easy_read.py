"""Forms for the partnership's own easy read data: its pictures and its glossary. The easy read form part
every app uses (the text box with guidance and the picture chooser) is `coproduction.easy_read.forms`."""

from crispy_forms_gds.layout import Field
from django import forms

from coproduction.easy_read.forms import PictureChooser, PictureField, easy_read_errors, easy_read_widget
from coproduction.forms import form_helper
from coproduction.images import ImageRejected, PreparedImage, max_upload_bytes, prepare_image

from .models import GlossaryTerm, Partnership

PICTURE_SIDE = 800  # pixels on the longer side: sharp at the size easy read prints pictures (about 3 cm)

# ---------------------------------------------------------------- the partnership's own pictures


class PictureForm(forms.Form):
    image = forms.FileField(
        label="Picture",
        widget=forms.FileInput(
            attrs={"class": "govuk-file-upload", "accept": "image/png,image/jpeg,image/webp"}
        ),
        error_messages={
            "required": "Choose a picture to upload",
            "empty": "The file you chose is empty. Choose a picture with something in it.",
            "invalid": "Choose a picture to upload",
            "missing": "Choose a picture to upload",
        },
    )
    name = forms.CharField(
        label="What it shows, in a few words",
        max_length=80,
        help_text="People choose the picture by this name, for example: Our meeting room.",
        error_messages={
            "required": "Say what the picture shows, in a few words",
            "max_length": "Keep the name to 80 characters",
        },
    )
    alt_text = forms.CharField(
        label="Describe the picture",
        max_length=300,
        help_text="For people who cannot see it, for example: A calendar with one day circled.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Describe the picture for people who cannot see it",
            "max_length": "Keep the description to 300 characters",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        megabytes = max_upload_bytes() // (1024 * 1024)
        self.fields["image"].help_text = (
            f"A PNG, JPEG or WebP image, smaller than {megabytes} MB. If something else on this page needs "
            "correcting, you will need to choose the file again."
        )
        self.prepared: PreparedImage | None = None
        self.helper = form_helper(
            Field("image"),
            Field.text("name", field_width=20),
            Field.textarea("alt_text"),
            submit="Add picture",
        )

    def clean(self):
        # The picture is decoded only once the rest of the form is right: a form sent back for a missing
        # description costs nothing, however big the picture.
        data = super().clean()
        upload = data.get("image")
        if upload is None or self.errors:
            return data
        try:
            self.prepared = prepare_image(upload, max_side=PICTURE_SIDE)
        except ImageRejected as rejected:
            self.add_error("image", str(rejected))
        return data

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data.get("name", "").split())
        if not name:
            raise forms.ValidationError("Say what the picture shows, in a few words")
        return name

    def clean_alt_text(self) -> str:
        text = " ".join(self.cleaned_data.get("alt_text", "").split())
        if not text:
            raise forms.ValidationError("Describe the picture for people who cannot see it")
        return text


# ---------------------------------------------------------------- the glossary


DUPLICATE_WORD = (
    "\u201c{word}\u201d is already in the glossary. Change that entry instead of adding it again."
)


class GlossaryTermForm(forms.ModelForm):
    class Meta:
        model = GlossaryTerm
        fields = ["word", "explanation"]
        widgets = {"explanation": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "word": "The hard word as people will see it, for example: advocate.",
            "explanation": "Short sentences of 15 words at most. Say what the word means in everyday words.",
        }
        error_messages = {
            "word": {"required": "Enter the hard word", "max_length": "Keep the word to 80 characters"},
            "explanation": {
                "required": "Explain the word in easy words",
                "max_length": "Keep the explanation to 500 characters",
            },
        }

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.fields["picture"] = PictureField(partnership=partnership, label="Picture (optional)")
        if self.instance.pk:
            self.initial.setdefault("picture", self.instance.picture)
        easy_read_widget(self.fields["explanation"])
        self.helper = form_helper(
            Field.text("word", field_width=20),
            Field.textarea("explanation"),
            PictureChooser("picture"),
            submit="Save",
        )

    def clean_word(self) -> str:
        word = " ".join(self.cleaned_data.get("word", "").split())
        if not word:
            raise forms.ValidationError("Enter the hard word")
        taken = GlossaryTerm.objects.filter(partnership=self.partnership, word__iexact=word)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(DUPLICATE_WORD.format(word=word))
        return word

    def clean_explanation(self) -> str:
        text = (self.cleaned_data.get("explanation") or "").strip()
        problems = easy_read_errors(text)
        if problems:
            raise forms.ValidationError(problems)
        return text

    def save(self, commit: bool = True) -> GlossaryTerm:
        self.instance.partnership = self.partnership
        self.instance.picture = self.cleaned_data.get("picture") or ""
        return super().save(commit=commit)
