"""Forms for agreeing the plan: opening a ranking, a partner's answer (a place for each theme, or three dots),
the chair's record of the agreed order and of the agreed plan, and the plan's settings.

Each theme is a field named `theme_<pk>`. A posted `theme_…` that is not one of the themes (taken out since
the page was shown, another outcome's, or made up) is refused with a plain message, never a crash.
"""

from __future__ import annotations

from crispy_forms_gds.layout import HTML, Field, Fieldset, Size
from django import forms

from coproduction.forms import OnceMixin, form_helper
from meetings.models import Decision, Meeting

from ..models import Ranking, Theme
from ..services.agreement import (
    DOTS_EACH,
    NOT_A_THEME,
    dots_error,
    place_errors,
)
from ..services.outcomes import ordinal
from ..services.schedule import meeting_day

PREFIX = "theme_"
WORDS_MAX = 1000


def theme_field(theme: Theme) -> str:
    return f"{PREFIX}{theme.pk}"


class ThemesMixin:
    """A field for each theme, and the check that nothing else was posted as a theme."""

    themes: list[Theme]
    outcome_title: str = ""

    def theme_fields(self) -> list[tuple[Theme, str]]:
        return [(theme, theme_field(theme)) for theme in self.themes]

    def check_posted_themes(self) -> None:
        posted = [key for key in self.data if key.startswith(PREFIX)]
        if any(key not in self.fields for key in posted):
            self.add_error(None, NOT_A_THEME.format(title=self.outcome_title))


class PlacesMixin(ThemesMixin):
    """A select for each theme: "1st", "2nd", … with each place used once."""

    def add_place_fields(self) -> None:
        count = len(self.themes)
        choices = [("", "Choose a place"), *((str(n), ordinal(n)) for n in range(1, count + 1))]
        for theme, name in self.theme_fields():
            self.fields[name] = forms.TypedChoiceField(
                label=theme.title,
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
                error_messages={
                    "invalid_choice": f"Choose a place for \u2018{theme.title}\u2019 from the list, from 1st "
                    f"to {ordinal(count)}"
                },
            )

    def places(self) -> dict[int, int]:
        return {theme.pk: self.cleaned_data.get(name) for theme, name in self.theme_fields()}

    def clean_places(self) -> None:
        # Themes whose box already has a message (not a place from the list) are left out of the check.
        fine = [theme for theme, name in self.theme_fields() if name not in self.errors]
        if not fine:
            return
        places = {theme.pk: self.cleaned_data.get(theme_field(theme)) for theme in fine}
        if len(fine) < len(self.themes) and all(v is None for v in places.values()):
            return
        errors = place_errors(fine, places)
        if isinstance(errors, str):
            self.add_error(theme_field(fine[0]), errors)
            return
        for pk, message in errors.items():
            self.add_error(f"{PREFIX}{pk}", message)

    def places_fieldset(self, legend: str, hint: str) -> Fieldset:
        return Fieldset(
            HTML(f'<p class="govuk-hint">{hint}</p>'),
            *(Field.select(name) for _theme, name in self.theme_fields()),
            legend=legend,
            legend_size=Size.MEDIUM,
        )


# ---------------------------------------------------------------- opening a ranking


class RankingOpenForm(OnceMixin, forms.Form):
    method = forms.ChoiceField(
        label="How will partners choose?",
        choices=Ranking.Method.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how partners choose: put the themes in order, or three dots each",
            "invalid_choice": "Choose how partners choose: put the themes in order, or three dots each",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [
            (
                Ranking.Method.RANK,
                "Put the themes in order: each partner gives each theme a place, 1st to last",
            ),
            (
                Ranking.Method.DOTS,
                f"Three dots each: each partner gives their {DOTS_EACH} dots to the themes that matter most "
                "to them (all to one, or spread out)",
            ),
        ]
        self.helper = form_helper(Field.radios("method", legend_size=Size.MEDIUM), submit="Start the ranking")


# ---------------------------------------------------------------- answering


class RankAnswerForm(PlacesMixin, forms.Form):
    """ "Put the themes in order": a place for each theme."""

    def __init__(self, *args, themes: list[Theme], outcome_title: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.themes = themes
        self.outcome_title = outcome_title
        self.add_place_fields()
        self.helper = form_helper(
            self.places_fieldset(
                "Put the themes in order",
                "Choose 1st for the theme to tackle first, 2nd for the next, and so on. Use each place once.",
            ),
            submit="Send my answer",
        )

    def clean(self):
        data = super().clean()
        self.check_posted_themes()
        self.clean_places()
        return data

    def values(self) -> dict[int, int]:
        return self.places()


DOT_CHOICES = [("0", "No dots"), ("1", "1 dot"), ("2", "2 dots"), ("3", "3 dots")]


class DotsAnswerForm(ThemesMixin, forms.Form):
    """ "Three dots each": how many of their three dots a partner gives each theme."""

    def __init__(self, *args, themes: list[Theme], outcome_title: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.themes = themes
        self.outcome_title = outcome_title
        for theme, name in self.theme_fields():
            self.fields[name] = forms.TypedChoiceField(
                label=theme.title,
                choices=DOT_CHOICES,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": (
                        f"Choose no dots, 1, 2 or {DOTS_EACH} dots for \u2018{theme.title}\u2019"
                    )
                },
            )
        self.helper = form_helper(
            HTML(
                f'<p class="govuk-body">You have {DOTS_EACH} dots. Give them to the themes that matter '
                "most to you: all 3 to one theme, or spread them out. Themes you leave get no dots.</p>"
            ),
            *(
                Field.radios(name, legend_size=Size.SMALL, inline=True)
                for _theme, name in self.theme_fields()
            ),
            submit="Send my answer",
        )

    def clean(self):
        data = super().clean()
        self.check_posted_themes()
        if any(name in self.errors for _theme, name in self.theme_fields()):
            return data
        given = [v for _theme, name in self.theme_fields() if (v := self.cleaned_data.get(name)) is not None]
        if not given:
            self.add_error(
                None, f"Choose how many dots to give each theme: you have {DOTS_EACH} dots to give"
            )
        elif error := dots_error(sum(given)):
            self.add_error(None, error)
        return data

    def values(self) -> dict[int, int]:
        return {theme.pk: self.cleaned_data.get(name) or 0 for theme, name in self.theme_fields()}


# ---------------------------------------------------------------- recording at a meeting


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        now = " (happening now)" if obj.is_running else ""
        return f"{obj.title}, {meeting_day(obj)}{now}"


def _meeting_field() -> MeetingChoiceField:
    return MeetingChoiceField(
        queryset=Meeting.objects.none(),
        label="Which meeting agreed it?",
        help_text="Meetings that have started or been held. A decision is recorded at a meeting.",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Choose the meeting that agreed it",
            "invalid_choice": "Choose a meeting from the list: it may have been cancelled, or you do not "
            "chair it",
        },
    )


class HowMixin:
    """How the meeting decided (by consensus or by a vote, with the counts) and optional words."""

    def add_how_fields(self) -> None:
        self.fields["how"] = forms.ChoiceField(
            label="How was it decided?",
            choices=[(Decision.How.CONSENSUS, "By consensus"), (Decision.How.VOTE, "By a vote")],
            widget=forms.RadioSelect,
            initial=Decision.How.CONSENSUS,
            error_messages={
                "required": "Choose how it was decided: by consensus or by a vote",
                "invalid_choice": "Choose how it was decided: by consensus or by a vote",
            },
        )
        for name, label in (
            ("votes_for", "Votes for"),
            ("votes_against", "Votes against"),
            ("abstentions", "Abstentions"),
        ):
            self.fields[name] = forms.IntegerField(
                label=label,
                required=False,
                min_value=0,
                max_value=999,
                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                error_messages={
                    "invalid": "Enter a number of votes, for example 7",
                    "min_value": "Enter a number of votes, 0 or more",
                    "max_value": "Enter a number of votes under 1,000",
                },
            )
        self.fields["words"] = forms.CharField(
            label="Anything else the meeting agreed about it (optional)",
            help_text="These words go in the decision, after what was agreed.",
            required=False,
            max_length=WORDS_MAX,
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={"max_length": f"Keep it to {WORDS_MAX:,} characters or fewer"},
        )

    def how_layout(self) -> list:
        return [
            Field.radios("how", legend_size=Size.SMALL),
            Fieldset(
                Field.text("votes_for", field_width=3),
                Field.text("votes_against", field_width=3),
                Field.text("abstentions", field_width=3),
                legend="If there was a vote",
                legend_size=Size.SMALL,
            ),
            Field.textarea("words", rows=3),
        ]

    def clean_how_fields(self, data: dict) -> None:
        if (
            data.get("how") == Decision.How.VOTE
            and data.get("votes_for") is None
            and "votes_for" not in self.errors
        ):
            self.add_error("votes_for", "Enter the number of votes for, or choose By consensus")

    def how_data(self) -> dict:
        data = self.cleaned_data
        return {
            "how": data["how"],
            "votes_for": data.get("votes_for"),
            "votes_against": data.get("votes_against"),
            "abstentions": data.get("abstentions"),
            "words": data.get("words", ""),
        }


class AgreeOrderForm(PlacesMixin, HowMixin, forms.Form):
    """The chair's record of the order the meeting agreed: the meeting, a place for each theme (filled in
    from the result, which the meeting may change), how it was decided."""

    def __init__(self, *args, themes: list[Theme], meetings, outcome_title: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.themes = themes
        self.outcome_title = outcome_title
        self.fields["meeting"] = _meeting_field()
        self.fields["meeting"].queryset = meetings
        self.add_place_fields()
        self.add_how_fields()
        self.helper = form_helper(
            Field.radios("meeting", legend_size=Size.MEDIUM),
            self.places_fieldset(
                "The order the meeting agreed",
                "Filled in from the partners\u2019 answers. Change it if the meeting agreed a different "
                "order: 1st is the theme to tackle first. Use each place once.",
            ),
            *self.how_layout(),
            submit="Record the agreed order",
        )

    def clean(self):
        data = super().clean()
        self.check_posted_themes()
        self.clean_places()
        self.clean_how_fields(data)
        return data

    def order(self) -> list[Theme]:
        places = self.places()
        return sorted(self.themes, key=lambda theme: places[theme.pk])


class PlanAgreeForm(HowMixin, forms.Form):
    """The chair's record that the meeting agreed the work plan."""

    expected = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=10**6)

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"] = _meeting_field()
        self.fields["meeting"].queryset = meetings
        self.fields["expected"].error_messages.update(
            {
                "required": "The form was not sent properly. Check your answers and send it again.",
                "invalid": "The form was not sent properly. Check your answers and send it again.",
            }
        )
        self.order_fields(["meeting"])
        self.add_how_fields()
        self.helper = form_helper(
            Field.radios("meeting", legend_size=Size.MEDIUM),
            *self.how_layout(),
            "expected",
            submit="Record that the plan is agreed",
        )

    def clean(self):
        data = super().clean()
        self.clean_how_fields(data)
        return data


# ---------------------------------------------------------------- settings

CONTINGENCY = (0, 100)
NETWORKS_WEEKS = (1, 26)
NETWORKS_LEAD_WEEKS = (0, 26)


def _number(label: str, help_text: str, low: int, high: int, noun: str, example: int) -> forms.IntegerField:
    between = f"Enter a number from {low} to {high}"
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=low,
        max_value=high,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": f"Enter {noun}",
            "invalid": f"Enter {noun} as a whole number, for example {example}",
            "min_value": f"{between}: {noun} cannot be less than {low}",
            "max_value": f"{between}: {noun} cannot be more than {high}",
        },
    )


class PlanSettingsForm(forms.Form):
    contingency_percent = _number(
        "Extra time we allow for each task, as a share of its length (per cent)",
        "From 0 to 100. For example 25: a task planned for 8 weeks is allowed 2 more weeks before it is "
        "late. A task can have its own number of extra weeks instead.",
        *CONTINGENCY,
        "the extra time as a per cent",
        25,
    )
    networks_weeks = _number(
        "How long we allow to involve our networks (weeks)",
        "From 1 to 26 weeks. Used when an \u201cinvolve our networks\u201d activity is added.",
        *NETWORKS_WEEKS,
        "the number of weeks",
        4,
    )
    networks_lead_weeks = _number(
        "How long before the task that needs it the networks\u2019 answers should be back (weeks)",
        "From 0 to 26 weeks.",
        *NETWORKS_LEAD_WEEKS,
        "the number of weeks",
        2,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("contingency_percent", field_width=3),
            Field.text("networks_weeks", field_width=3),
            Field.text("networks_lead_weeks", field_width=3),
            submit="Save settings",
        )
