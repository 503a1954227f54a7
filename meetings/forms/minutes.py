"""Forms for the minutes: writing them per agenda item, partners' views, corrections, approval and
unlocking."""

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.utils import dateformat, timezone

from coproduction.forms import form_helper
from partners.models import User

from ..models import AgendaItem, Meeting

MINUTE_TEXT_MAX = 20000
OUT_OF_DATE = "This page was out of date. Your words are kept below: check them and save again."


def tidy_text(value: str) -> str:
    """Browsers send line breaks as CRLF; keep plain newlines so versions compare line by line."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _item_choice(items: list[AgendaItem], *, label: str, required: bool = True) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(
        queryset=AgendaItem.objects.filter(pk__in=[item.pk for item in items]).order_by("position", "pk"),
        label=label,
        required=required,
        empty_label="Choose an agenda item",
        error_messages={
            "required": "Choose the agenda item it is about.",
            "invalid_choice": "Choose an agenda item from this meeting.",
        },
    )
    # The items are already in hand, in agenda order: no query to build the list.
    field.choices = [("", "Choose an agenda item")] + [(item.pk, item.title) for item in items]
    return field


def _video_field(help_text: str) -> forms.URLField:
    """A link to a BSL video, for partners who give their view or correction in BSL: https only."""
    return forms.URLField(
        label="Link to a BSL video (optional)",
        help_text=help_text,
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"spellcheck": "false", "autocomplete": "url"}),
        error_messages={
            "invalid": "Give a link to the video, like https://www.youtube.com/watch?v=abc123",
            "max_length": "Keep the link under 500 characters.",
        },
    )


def _https_only(url: str) -> str:
    if url and not url.lower().startswith("https://"):
        raise forms.ValidationError("Give a link that starts with https://")
    return url


class _RevisionField(forms.IntegerField):
    """The revision the page was loaded at, so a save can tell whether someone else saved in between."""

    def __init__(self):
        super().__init__(
            widget=forms.HiddenInput,
            min_value=0,
            error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE, "min_value": OUT_OF_DATE},
        )


class MinutesForm(forms.Form):
    """One textarea per agenda item, labelled with the item's title. The template lays it out, because after a
    clash each textarea sits beside the version someone else saved."""

    revision = _RevisionField()

    def __init__(self, *args, items: list[AgendaItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[self.field_name(item)] = forms.CharField(
                label=item.title,
                required=False,
                strip=False,
                max_length=MINUTE_TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 6}),
                error_messages={
                    "max_length": f"Keep the minutes of \u201c{item.title}\u201d under {MINUTE_TEXT_MAX:,} "
                    "characters. Split a long discussion into more agenda items."
                },
            )

    @staticmethod
    def field_name(item: AgendaItem) -> str:
        return f"item_{item.pk}"

    def texts(self) -> dict[int, str]:
        return {item.pk: tidy_text(self.cleaned_data.get(self.field_name(item)) or "") for item in self.items}


class WordsOrVideo:
    """A form where someone gives their words, a link to a BSL video of them, or both: the words are tidied,
    the link must be https, and one of the two is needed. `words_field` names the text field; `missing` is
    what the page says when both are empty."""

    words_field = "words"
    missing = "Write the words, or give a link to a BSL video of them."

    def clean_bsl_video_url(self) -> str:
        return _https_only(self.cleaned_data["bsl_video_url"])

    def clean(self):
        data = super().clean()
        words = self.words_field
        if words in data and "bsl_video_url" in data:
            data[words] = tidy_text(data[words])
            if not data[words] and not data["bsl_video_url"]:
                self.add_error(words, self.missing)
        return data


class PartnerViewForm(WordsOrVideo, forms.Form):
    """A partner's view in their own words. The minute-taker chooses whose view it is; a partner adding their
    own sees no such question."""

    person = forms.TypedChoiceField(
        label="Whose view is it?",
        coerce=int,
        error_messages={
            "required": "Choose whose view it is.",
            "invalid_choice": "Choose someone who was invited to this meeting.",
        },
    )
    words = forms.CharField(
        label="Their words",
        help_text="Write what they said in their own words, not a summary.",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": "Keep the view under 3,000 characters."},
    )
    bsl_video_url = _video_field(
        "If they gave their view in BSL, a link to the video. Words or a video link is enough."
    )

    def __init__(self, *args, items: list[AgendaItem], people: list[User] | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person in people or []}
        self.fields["agenda_item"] = _item_choice(items, label="Which agenda item is it about?")
        self.order_fields(["person", "agenda_item", "words", "bsl_video_url"])
        fields = [Field.select("agenda_item"), Field.textarea("words", rows=5), Field.text("bsl_video_url")]
        self.missing = "Write the view in the partner's own words, or give a link to a BSL video of it."
        if people is None:
            del self.fields["person"]
            self.fields["words"].label = "Your view, in your own words"
            self.fields["words"].help_text = "It will appear in the minutes with your name."
            self.fields["bsl_video_url"].help_text = (
                "If you use BSL, you can give your view as a video instead: paste the link. "
                "Words or a video link is enough."
            )
            self.missing = "Write your view in your own words, or give a link to a BSL video of it."
        else:
            self.fields["person"].choices = [("", "Choose a person")] + [
                (person.pk, person.display_name) for person in people
            ]
            fields.insert(0, Field.select("person"))
        self.helper = form_helper(*fields, submit="Add the view")

    def chosen_person(self) -> User | None:
        return self.people.get(self.cleaned_data.get("person"))


class PartnerViewChangeForm(WordsOrVideo, forms.Form):
    """The minute-taker changes a quoted view: its words, its BSL video link, or both."""

    missing = "Write the view in the partner's own words, or give a link to a BSL video of it."

    words = forms.CharField(
        label="Their words",
        help_text="Their own words, not a summary. The words before stay in the minutes' versions.",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": "Keep the view under 3,000 characters."},
    )
    bsl_video_url = _video_field("If they gave their view in BSL, a link to the video.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.textarea("words", rows=5), Field.text("bsl_video_url"), submit="Save the view"
        )


class CorrectionForm(WordsOrVideo, forms.Form):
    words_field = "text"
    missing = "Write the correction you suggest, or give a link to a BSL video of it."

    text = forms.CharField(
        label="Your suggested correction",
        help_text="Say what should change, for example: "
        "\u201cIt was Fi, not Sam, who offered to book the room.\u201d",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": "Keep the correction under 3,000 characters."},
    )
    bsl_video_url = _video_field(
        "If you use BSL, you can give your correction as a video instead: paste the link. "
        "Words or a video link is enough."
    )

    def __init__(self, *args, items: list[AgendaItem], about_view: bool = False, **kwargs):
        """With `about_view`, the person quoted suggests other words for their own view: the agenda item is
        the view's, so it is not asked."""
        super().__init__(*args, **kwargs)
        fields = [Field.textarea("text", rows=5), Field.text("bsl_video_url")]
        if about_view:
            self.fields["text"].label = "The words you said"
            self.fields["text"].help_text = "Write your view as you want it in the minutes."
        else:
            self.fields["agenda_item"] = _item_choice(items, label="Which agenda item is it about?")
            self.order_fields(["agenda_item", "text", "bsl_video_url"])
            fields.insert(0, Field.select("agenda_item"))
        self.helper = form_helper(*fields, submit="Send the correction")


class CorrectionAcceptForm(forms.Form):
    """Accepting a correction changes the item's minute text in the same step."""

    revision = _RevisionField()
    text = forms.CharField(
        label="Minutes for this item",
        help_text="Change the text as the correction suggests, then save.",
        required=False,
        strip=False,
        max_length=MINUTE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"max_length": f"Keep the minutes of this item under {MINUTE_TEXT_MAX:,} characters."},
    )
    response = forms.CharField(
        label="A note to the person who suggested it (optional)",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Keep the note under 3,000 characters."},
    )

    def __init__(self, *args, item_title: str, view_of: str = "", **kwargs):
        """With `view_of` (a person's name), the correction is about that person's quoted view: its words
        and video link can be changed in the same step."""
        super().__init__(*args, **kwargs)
        self.fields["text"].label = f"Minutes for \u201c{item_title}\u201d"
        fields = ["revision", Field.textarea("text", label_size=Size.SMALL, rows=8)]
        if view_of:
            self.fields["view_words"] = forms.CharField(
                label=f"{view_of}'s words",
                help_text="Change their view as the correction suggests. The words before stay in the "
                "minutes' versions.",
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 5}),
                error_messages={"max_length": "Keep the view under 3,000 characters."},
            )
            self.fields["view_video_url"] = _video_field(f"A link to a BSL video of {view_of}'s view.")
            fields += [
                Field.textarea("view_words", label_size=Size.SMALL, rows=5),
                Field.text("view_video_url"),
            ]
        fields.append(Field.textarea("response", rows=3))
        self.helper = form_helper(*fields, submit="Accept the correction and save the minutes")

    def clean_text(self) -> str:
        return tidy_text(self.cleaned_data["text"])

    def clean_view_words(self) -> str:
        return tidy_text(self.cleaned_data["view_words"])

    def clean_view_video_url(self) -> str:
        return _https_only(self.cleaned_data["view_video_url"])

    def clean(self):
        data = super().clean()
        # Only when both fields were valid but empty: a bad link has its own message already.
        both = "view_words" in data and "view_video_url" in data
        if both and not data["view_words"] and not data["view_video_url"]:
            self.add_error(
                "view_words",
                "Write the view in the partner's own words, or give a link to a BSL video of it.",
            )
        return data


class CorrectionAnswerForm(forms.Form):
    response = forms.CharField(
        label="Your answer",
        help_text="Say why the minutes stay as they are. "
        "The person who suggested the correction will see it.",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Write your answer to the correction.",
            "max_length": "Keep the answer under 3,000 characters.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("response", rows=5), submit="Send the answer")


def _meeting_label(meeting: Meeting) -> str:
    return f"{meeting.title}, {dateformat.format(timezone.localtime(meeting.starts_at), 'j F Y')}"


class MinutesApproveForm(forms.Form):
    at_meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        label="At which meeting were they approved?",
        empty_label=None,
        error_messages={
            "required": "Choose the meeting at which the minutes were approved.",
            "invalid_choice": "Choose a meeting held after this one.",
        },
    )

    def __init__(self, *args, meetings: list[Meeting], **kwargs):
        """`meetings`: the meetings offered, in hand (a few, in date order): the list is built from them with
        no query; a posted choice is checked against their ids."""
        super().__init__(*args, **kwargs)
        field = self.fields["at_meeting"]
        field.queryset = Meeting.objects.filter(pk__in=[meeting.pk for meeting in meetings])
        field.choices = [(meeting.pk, _meeting_label(meeting)) for meeting in meetings]
        self.helper = form_helper(Field.select("at_meeting"), submit="Approve and lock the minutes")


class MinutesUnlockForm(forms.Form):
    reason = forms.CharField(
        label="Say why the minutes need to change",
        help_text="This is kept in the minutes' history for everyone to see.",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Say why the minutes need to change.",
            "max_length": "Keep the reason under 500 characters.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("reason", rows=4), submit="Unlock the minutes")

    def clean_reason(self) -> str:
        reason = tidy_text(self.cleaned_data["reason"])
        if not reason:
            raise forms.ValidationError("Say why the minutes need to change.")
        return reason
