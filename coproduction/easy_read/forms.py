"""The easy read form part: the text box that shows guidance as people type, the picture chooser, and
`EasyReadFields`, which puts both on any form with `easy_read_text` (and `easy_read_picture`)."""

import functools
import json

from crispy_forms.layout import LayoutObject
from crispy_forms_gds.layout import Field
from django import forms
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse

from partners.models import GlossaryTerm, Partnership

from .guidance import GOOD_READING_EASE, MAX_SENTENCE_WORDS, check_easy_read, guidance
from .pictures import (
    UPLOAD,
    UPLOADED_THEME,
    PictureChoice,
    bundled,
    picture_choices,
    picture_named,
    recent_uploads,
)

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
            "coproduction/easy_read/_guidance.html",
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


RECENT_PICTURES = 24  # the partnership's own pictures the chooser lists: the ones added most recently
TYPED = "_typed"  # the box for the name of another of the partnership's pictures: <name>_typed
NOT_FOUND = (
    "We have no picture called \u201c{name}\u201d. Check its name on our pictures page, or choose a picture "
    "from the list"
)


class TypedName(str):
    """What the chooser sends when someone typed a picture's name: the radio they left chosen (this string)
    and the words they typed (`typed`), so a name we cannot find sends the page back with both kept."""

    typed: str

    def __new__(cls, radio: str, typed: str):
        value = super().__new__(cls, radio)
        value.typed = typed
        return value


class PictureRadios(forms.RadioSelect):
    """The chooser's radios, and beside them the box for typing another picture's name: words in the box
    win over the radio."""

    def value_from_datadict(self, data, files, name):
        radio = data.get(name)
        typed = " ".join(str(data.get(name + TYPED) or "").split())
        return TypedName(radio or "", typed) if typed else radio


class PictureField(forms.ChoiceField):
    """A picture for easy read: "No picture", or one of the partnership's pictures, by code.

    The chooser lists the bundled set and the partnership's 24 most recently added pictures (and the chosen
    one, however old), so a form costs the same however many pictures the partnership has. Any other of its
    pictures is chosen by typing its name. One query to list them; one more only to check an older picture
    or find a typed name."""

    def __init__(self, *, partnership: Partnership, label: str = "Picture", **kwargs):
        self.partnership = partnership
        self.recent, self.more = recent_uploads(partnership, RECENT_PICTURES)
        self.pictures: list[PictureChoice] = self.recent + list(bundled().values())
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            "Choose one picture that shows what the point is about. Open a group to see its pictures.",
        )
        super().__init__(
            label=label,
            choices=[("", NO_PICTURE)] + [(p.code, p.name) for p in self.pictures],
            widget=PictureRadios,
            error_messages={
                "invalid_choice": "Choose a picture from the list, or \u201cNo picture\u201d",
                "not_found": NOT_FOUND,
            },
            **kwargs,
        )

    def valid_value(self, value) -> bool:
        value = str(value)
        if value in bundled() or any(p.code == value for p in self.recent):
            return True
        return value in picture_choices([value], self.partnership)  # an older picture of ours: one query

    def clean(self, value):
        if isinstance(value, TypedName):
            found = picture_named(self.partnership, value.typed)
            if found is None:
                raise forms.ValidationError(
                    self.error_messages["not_found"].format(name=value.typed), code="not_found"
                )
            return found.code
        return super().clean(value)

    def listed_uploads(self, value: str) -> list[PictureChoice]:
        """The partnership's pictures the chooser lists: the chosen one first when it is older than the
        recent ones (one query), then the most recently added."""
        if value.startswith(UPLOAD) and not any(p.code == value for p in self.recent):
            older = picture_choices([value], self.partnership).get(value)
            if older is not None:
                return [older, *self.recent]
        return self.recent


@functools.lru_cache(maxsize=256)
def _bundled_group_html(name: str, theme: str, first: int, checked: str) -> str:
    """One group of the bundled pictures, rendered once for each name, position and chosen picture: the set
    is fixed while the app runs, so the same key always gives the same HTML."""
    items = [p for p in bundled().values() if p.theme == theme]
    return _group_html(name, theme, items, first, checked)


def _group_html(name: str, theme: str, items: list[PictureChoice], first: int, checked: str) -> str:
    return render_to_string(
        "coproduction/easy_read/_picture_group.html",
        {
            "name": name,
            "theme": theme,
            "open": any(p.code == checked for p in items),
            "items": [
                {"picture": p, "position": first + n, "checked": p.code == checked}
                for n, p in enumerate(items)
            ],
        },
    )


@functools.cache
def _bundled_themes() -> list[tuple[str, int]]:
    """The bundled set's groups in the manifest's order, with how many pictures each has."""
    counts: dict[str, int] = {}
    for picture in bundled().values():
        counts[picture.theme] = counts.get(picture.theme, 0) + 1
    return list(counts.items())


def _groups(bound: forms.BoundField) -> tuple[list[str], PictureChoice | None]:
    """The chooser's groups (themes) as HTML, each with its radios numbered in page order after "No
    picture" (1): the partnership's own pictures, then the bundled ones. And the chosen picture."""
    value = str(bound.value() or "")
    name = bound.html_name
    uploads = bound.field.listed_uploads(value)
    chosen = next((p for p in uploads if p.code == value), None) or bundled().get(value)
    groups = [_group_html(name, UPLOADED_THEME, uploads, 2, value)] if uploads else []
    position = 2 + len(uploads)
    for theme, count in _bundled_themes():
        in_group = chosen is not None and chosen.code in bundled() and chosen.theme == theme
        groups.append(_bundled_group_html(name, theme, position, value if in_group else ""))
        position += count
    return groups, chosen


class PictureChooser(LayoutObject):
    """The crispy layout object for a PictureField: radios in one fieldset with a legend, "No picture" first,
    then one GOV.UK details per theme (closed unless it holds the chosen picture), each radio labelled with
    the picture's name and showing the picture. When the partnership has more pictures than the chooser
    lists, a box below takes the name of any other. Works without JavaScript."""

    template = "coproduction/easy_read/_picture_chooser.html"

    def __init__(self, field: str):
        self.fields = [field]
        self.field = field

    def render(self, form, context=None, template_pack=None, **kwargs):
        bound = form[self.field]
        groups, chosen = _groups(bound)
        value = bound.value()
        typed = value.typed if isinstance(value, TypedName) else ""
        field = bound.field
        return render_to_string(
            self.template,
            {
                "field": bound,
                "name": bound.html_name,
                "groups": groups,
                "chosen": chosen,
                "none_checked": not value,
                "no_picture": NO_PICTURE,
                "typed_box": field.more or bool(typed),
                "typed": typed,
                "typed_name": bound.html_name + TYPED,
                "recent_count": len(field.recent),
                "pictures_href": reverse("partners:picture_list", kwargs={"slug": field.partnership.slug}),
            },
        )


# ---------------------------------------------------------------- any form with easy read words and a picture

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
