"""Form pieces for easy read: the text box that shows guidance as people type, the picture chooser, and the
forms for the partnership's own pictures and its glossary.

Any app's form can use the text box and the chooser (meetings uses them through
`meetings.forms.easy_read.EasyReadFields`).
"""

import json

from crispy_forms.layout import LayoutObject
from crispy_forms_gds.layout import Field
from django import forms
from django.template.loader import render_to_string
from django.templatetags.static import static

from coproduction.forms import form_helper
from coproduction.images import ImageRejected, PreparedImage, max_upload_bytes, prepare_image

from .easy_read import (
    GOOD_READING_EASE,
    MAX_SENTENCE_WORDS,
    PictureChoice,
    check_easy_read,
    guidance,
    pictures,
)
from .models import GlossaryTerm, Partnership

PICTURE_SIDE = 800  # pixels on the longer side: sharp at the size easy read prints pictures (about 3 cm)
NO_PICTURE = "No picture"
GUIDANCE_SCRIPT = "js/easy-read-guidance.js"


# ---------------------------------------------------------------- the text box with guidance


class EasyReadTextarea(forms.Textarea):
    """A text box for easy read words. Below it, the guidance: shown by the server for what was sent (after
    saving or checking), and kept up to date by static/js/easy-read-guidance.js as people type."""

    def __init__(self, attrs=None, *, glossary: tuple[str, ...] = ()):
        super().__init__({"rows": 5, "spellcheck": "true", **(attrs or {}), "data-easy-read": ""})
        self.glossary = tuple(glossary)

    def render(self, name, value, attrs=None, renderer=None):
        # crispy-forms-gds styles only widgets named Textarea: give this one GOV.UK's classes itself,
        # including the red border when the words were refused.
        attrs = dict(attrs or {})
        classes = ["govuk-textarea", *(attrs.get("class") or "").split()]
        classes = [c for c in classes if c != "easyreadtextarea"]
        if attrs.get("aria-invalid") in (True, "true"):
            classes.append("govuk-textarea--error")
        attrs["class"] = " ".join(dict.fromkeys(classes))
        box = super().render(name, value, attrs, renderer)
        box_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        text = value or ""
        return box + render_to_string(
            "partners/easy_read/_guidance.html",
            {
                "for_id": box_id,
                "guidance": guidance(text, glossary=self.glossary) if text.strip() else None,
                "glossary_json": json.dumps(list(self.glossary)),
                "script": static(GUIDANCE_SCRIPT),
                "max_words": MAX_SENTENCE_WORDS,
                "good_score": GOOD_READING_EASE,
            },
        )


def easy_read_widget(field: forms.Field, *, glossary: tuple[str, ...] = ()) -> None:
    """Give a text field the easy read text box, keeping the rows and other attributes it had."""
    attrs = {k: v for k, v in field.widget.attrs.items() if k not in {"cols"}}
    field.widget = EasyReadTextarea(attrs, glossary=glossary)


def easy_read_errors(text: str) -> list[str]:
    """The problems that stop easy read text being saved, as form errors (the text stays in the box)."""
    return check_easy_read(text or "")


# ---------------------------------------------------------------- the picture chooser


class PictureField(forms.ChoiceField):
    """A picture for easy read: "No picture", or one of the partnership's pictures, by code."""

    def __init__(self, *, partnership: Partnership, label: str = "Picture", **kwargs):
        self.pictures: list[PictureChoice] = pictures(partnership)
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            "Choose one picture that shows what the point is about. Open a group to see its pictures.",
        )
        super().__init__(
            label=label,
            choices=[("", NO_PICTURE)] + [(p.code, p.name) for p in self.pictures],
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": "Choose a picture from the list, or \u201cNo picture\u201d"},
            **kwargs,
        )


def _groups(bound: forms.BoundField) -> tuple[list[dict], PictureChoice | None]:
    """The chooser's groups (themes), each with its radios numbered in page order after "No picture" (1)."""
    value = str(bound.value() or "")
    groups: dict[str, dict] = {}
    chosen = None
    position = 1
    for picture in bound.field.pictures:
        position += 1
        group = groups.setdefault(picture.theme, {"theme": picture.theme, "items": [], "open": False})
        checked = picture.code == value
        if checked:
            group["open"] = True
            chosen = picture
        group["items"].append({"picture": picture, "position": position, "checked": checked})
    return list(groups.values()), chosen


class PictureChooser(LayoutObject):
    """The crispy layout object for a PictureField: radios in one fieldset with a legend, "No picture" first,
    then one GOV.UK details per theme (closed unless it holds the chosen picture), each radio labelled with
    the picture's name and showing the picture. Works without JavaScript."""

    template = "partners/easy_read/_picture_chooser.html"

    def __init__(self, field: str):
        self.fields = [field]
        self.field = field

    def render(self, form, context=None, template_pack=None, **kwargs):
        bound = form[self.field]
        groups, chosen = _groups(bound)
        return render_to_string(
            self.template,
            {
                "field": bound,
                "name": bound.html_name,
                "groups": groups,
                "chosen": chosen,
                "none_checked": not bound.value(),
                "no_picture": NO_PICTURE,
            },
        )


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
