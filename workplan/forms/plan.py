"""Forms for the plan's outcomes, themes and outputs, an outcome's status, moving and removing a theme, and
partners' comments and suggestions."""

from __future__ import annotations

from datetime import timedelta

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from coproduction.easy_read.forms import EasyReadFields
from coproduction.forms import OnceMixin, form_helper
from partners.models import PartnerGroup, Partnership

from ..models import REASON_MAX_LENGTH, TITLE_MAX_LENGTH, WORDS_MAX_LENGTH, Comment, Outcome, Output, Theme
from ..services.outcomes import (
    ACTIVITY_PROMPT,
    COMMENT_REQUIRED,
    DROP_REASON_NEEDED,
    SAME_GROUP_TWICE,
    THEME_NOT_HERE,
    TITLE_REQUIRED,
    sounds_like_activity,
)
from ..services.schedule import day_words

# How many of the partnership's decisions and meetings a form lists to link (the ones already linked are
# listed too): enough for a year of meetings, short enough to read through with a screen reader.
LINK_CHOICES = 30
MEETINGS_AHEAD_DAYS = 90
STATUS_DECISIONS = 100
NO_THEME = "none"

LEADS_HINT = (
    "The toolkit\u2019s pattern: one lead from each side, for example a disabled people\u2019s organisation "
    "and the council."
)


def _too_long(what: str, most: int) -> str:
    return f"{what} must be {most:,} characters or fewer. You have written {{n:,}}."


class _LengthChecks:
    """Plain messages for words that are too long, with how many characters were written."""

    lengths: dict[str, tuple[int, str]] = {}

    def _check_lengths(self, data: dict) -> None:
        for name, (most, what) in self.lengths.items():
            value = data.get(name)
            if isinstance(value, str) and len(value) > most and name not in self.errors:
                self.add_error(name, _too_long(what, most).format(n=len(value)))


def _strip_maxlength(form: forms.Form) -> None:
    for field in form.fields.values():
        field.widget.attrs.pop("maxlength", None)
        field.validators = [v for v in field.validators if v.__class__.__name__ != "MaxLengthValidator"]
        if hasattr(field, "max_length"):
            field.max_length = None


GROUP_NOT_HERE = "Choose one of this partnership\u2019s groups"


def group_field(groups: dict[int, PartnerGroup], *, label: str, initial) -> forms.TypedChoiceField:
    """A list of the partnership's groups, read once for both lead fields; the choice comes back as the
    group itself (None for "No group chosen")."""
    return forms.TypedChoiceField(
        label=label,
        required=False,
        choices=[("", "No group chosen")] + [(str(pk), group.name) for pk, group in groups.items()],
        coerce=lambda value: groups[int(value)],
        empty_value=None,
        initial=initial,
        error_messages={"invalid_choice": GROUP_NOT_HERE},
    )


def decision_label(decision) -> str:
    """ "D-2027-004: We agree the order of the themes…"."""
    text = " ".join(decision.text.split())
    more = "\u2026" if len(text) > 90 else ""
    return f"{decision.reference}: {text[:90]}{more}"


def meeting_label(meeting) -> str:
    return f"{meeting.title}, {day_words(timezone.localdate(meeting.starts_at))}"


def _linked(outcome: Outcome | None, name: str):
    """The keys already linked to the outcome, as a subquery (no query of its own)."""
    through = getattr(Outcome, name).through
    column = "decision_id" if name == "decisions" else "meeting_id"
    return through.objects.filter(outcome_id=outcome.pk if outcome else None).values(column)


def recent_decisions(partnership: Partnership, outcome: Outcome | None = None, limit: int = LINK_CHOICES):
    """The partnership's latest decisions, and any already linked to `outcome` (each with `linked`), newest
    first."""
    from meetings.models import Decision

    mine = Decision.objects.filter(partnership=partnership)
    recent = mine.order_by("-year", "-number").values("pk")[:limit]
    linked = _linked(outcome, "decisions")
    return (
        mine.filter(Q(pk__in=recent) | Q(pk__in=linked))
        .annotate(linked=Exists(linked.filter(decision_id=OuterRef("pk"))))
        .order_by("-year", "-number")
    )


def recent_meetings(partnership: Partnership, outcome: Outcome | None = None):
    """The partnership's 30 latest meetings up to three months ahead, and any already linked to `outcome`
    (each with `linked`), newest first."""
    from meetings.models import Meeting

    mine = Meeting.objects.filter(partnership=partnership)
    until = timezone.now() + timedelta(days=MEETINGS_AHEAD_DAYS)
    recent = mine.filter(starts_at__lte=until).order_by("-starts_at").values("pk")[:LINK_CHOICES]
    linked = _linked(outcome, "meetings")
    return (
        mine.filter(Q(pk__in=recent) | Q(pk__in=linked))
        .annotate(linked=Exists(linked.filter(meeting_id=OuterRef("pk"))))
        .order_by("-starts_at", "-pk")
        .only("pk", "partnership_id", "title", "starts_at")
    )


class LinkChoices(forms.TypedMultipleChoiceField):
    """Checkboxes of decisions or meetings, listed from one query; the choice comes back as the rows."""

    def __init__(self, rows: list, *, label_for, what: str, **kwargs):
        self.rows = {row.pk: row for row in rows}
        super().__init__(
            choices=[(row.pk, label_for(row)) for row in rows],
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            initial=[row.pk for row in rows if getattr(row, "linked", False)],
            error_messages={"invalid_choice": f"Choose {what} from the list"},
            **kwargs,
        )

    def chosen(self, keys) -> list:
        return [self.rows[key] for key in keys]


# ---------------------------------------------------------------- outcomes, themes and outputs


class PartForm(_LengthChecks, EasyReadFields, forms.ModelForm):
    """What an outcome, a theme and an output share: a title, more about it, easy read words and a
    picture; outcomes and outputs add their lead groups."""

    # Easy read words are optional here: a long sentence warns, and never stops the plan being saved.
    easy_read_blocks_saving = False
    has_leads = True

    def __init__(self, *args, partnership: Partnership, submit: str = "Save", **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        lengths = {
            "title": (TITLE_MAX_LENGTH, "The title"),
            "for_whom": (TITLE_MAX_LENGTH, "For whom"),
            "description": (WORDS_MAX_LENGTH, "More about it"),
            "easy_read_text": (1000, "The easy read words"),
        }
        self.lengths = {name: most for name, most in lengths.items() if name in self.fields}
        if self.has_leads:
            groups = {g.pk: g for g in PartnerGroup.objects.filter(partnership=partnership).order_by("name")}
            for name, label in (
                ("lead_group", "Lead group (optional)"),
                ("second_lead_group", "Second lead group (optional)"),
            ):
                self.fields[name] = group_field(
                    groups, label=label, initial=getattr(self.instance, f"{name}_id", None)
                )
            self.fields["lead_group"].help_text = LEADS_HINT
        _strip_maxlength(self)
        self.fields["title"].error_messages["required"] = TITLE_REQUIRED[self._meta.model]
        self.fields["description"].widget = forms.Textarea(attrs={"rows": 3})
        self.easy_read = self.easy_read_setup(partnership)
        self.submit = submit
        # A theme's and an output's layout; an outcome lays out its other fields itself.
        layout = [
            Field.text("title"),
            Field.textarea("description", rows=3),
            Fieldset(*self.easy_read, legend="Easy read", legend_size=Size.MEDIUM),
        ]
        if self.has_leads:
            layout.append(Fieldset(*self.lead_fields(), legend="Who leads it", legend_size=Size.MEDIUM))
        self.helper = form_helper(*layout, submit=submit)

    def clean(self):
        data = super().clean()
        self._check_lengths({name: self.data.get(self.add_prefix(name)) for name in self.lengths})
        lead, second = data.get("lead_group"), data.get("second_lead_group")
        if lead is not None and second is not None and lead.pk == second.pk:
            self.add_error("second_lead_group", SAME_GROUP_TWICE)
        return data

    def _post_clean(self):
        # The service checks and saves the model (with its own messages); the form only checks the fields.
        pass

    def lead_fields(self) -> list:
        return [Field.select("lead_group"), Field.select("second_lead_group")] if self.has_leads else []

    def service_fields(self) -> dict:
        data = self.cleaned_data
        names = ["title", "description", "easy_read_text", "easy_read_picture"]
        if self.has_leads:
            names += ["lead_group", "second_lead_group"]
        fields = {name: data.get(name) for name in names}
        for name in ("description", "easy_read_text", "easy_read_picture"):
            fields[name] = fields[name] or ""
        return fields


class OutcomeForm(PartForm):
    """An outcome. Words that read like an activity ("Run training") are sent back once with a gentle
    question and a "Keep it as it is" box; ticking it saves them as they are."""

    keep_as_is = forms.BooleanField(
        label="Keep it as it is",
        required=False,
        help_text="Tick this if these words already say the change we want to see.",
    )
    agreed = forms.BooleanField(
        label="Add it as agreed",
        required=False,
        help_text="Tick this if the partners have already agreed this outcome. Otherwise it is added as "
        "proposed, for the partners to agree.",
    )

    class Meta:
        model = Outcome
        fields = ["title", "for_whom", "description", "easy_read_text", "easy_read_picture"]
        labels = {
            "title": "What change do we want to see?",
            "for_whom": "For whom (optional)",
            "description": "More about it (optional)",
            "easy_read_text": "The outcome in easy read (optional)",
        }
        help_texts = {
            "title": "The difference it will make, for example \u201cMore disabled people in "
            "employment\u201d or \u201cDisabled people can travel independently\u201d. What we will do "
            "comes later, as tasks.",
            "for_whom": "For example \u201cdisabled people looking for work in Riverside\u201d.",
        }

    def __init__(self, *args, may_agree: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        existing = self.instance if self.instance.pk else None
        self.fields["decisions"] = LinkChoices(
            list(recent_decisions(self.partnership, existing)),
            label_for=decision_label,
            what="decisions",
            label="Decisions that set it up (optional)",
            help_text=f"The {LINK_CHOICES} latest decisions are listed, and any already linked.",
        )
        self.fields["meetings"] = LinkChoices(
            list(recent_meetings(self.partnership, existing)),
            label_for=meeting_label,
            what="meetings",
            label="Meetings where it was discussed (optional)",
            help_text=f"The {LINK_CHOICES} latest meetings (up to three months ahead) are listed, and any "
            "already linked.",
        )
        if not may_agree or self.instance.pk:
            del self.fields["agreed"]
        # The gentle prompt's box appears once the words sent read like an activity.
        self.prompted = self.is_bound and self._prompt_applies(self.data.get(self.add_prefix("title")))
        if not self.prompted:
            del self.fields["keep_as_is"]
        layout = [Field.text("title")]
        if self.prompted:
            layout.append(Field.checkbox("keep_as_is"))
        layout += [
            Field.text("for_whom"),
            Field.textarea("description", rows=3),
            Fieldset(*self.easy_read, legend="Easy read", legend_size=Size.MEDIUM),
            Fieldset(*self.lead_fields(), legend="Who leads it", legend_size=Size.MEDIUM),
            Field.checkboxes("decisions", legend_size=Size.SMALL, small=True),
            Field.checkboxes("meetings", legend_size=Size.SMALL, small=True),
        ]
        if "agreed" in self.fields:
            layout.append(Field.checkbox("agreed"))
        self.helper = form_helper(*layout, submit=self.submit)

    def _prompt_applies(self, title) -> bool:
        title = (title or "").strip()
        if self.instance.pk and title == self.instance.title:
            return False  # kept as it is before: not asked again
        return sounds_like_activity(title)

    def clean(self):
        data = super().clean()
        if (
            "title" not in self.errors
            and self._prompt_applies(data.get("title"))
            and not data.get("keep_as_is")
        ):
            self.add_error(
                "title",
                f"{ACTIVITY_PROMPT} Change the words to say the change we want to see, or tick \u201cKeep it "
                "as it is\u201d.",
            )
        return data

    def service_fields(self) -> dict:
        fields = super().service_fields()
        fields["for_whom"] = self.cleaned_data.get("for_whom") or ""
        return fields

    def links(self) -> dict:
        return {
            name: self.fields[name].chosen(self.cleaned_data.get(name) or [])
            for name in ("decisions", "meetings")
        }


class OutcomeAddForm(OnceMixin, OutcomeForm):
    """Adding or proposing an outcome: sent twice, it makes one."""


class ThemeForm(PartForm):
    has_leads = False

    class Meta:
        model = Theme
        fields = ["title", "description", "easy_read_text", "easy_read_picture"]
        labels = {
            "title": "Theme or priority",
            "description": "More about it (optional)",
            "easy_read_text": "The theme in easy read (optional)",
        }
        help_texts = {
            "title": "A part of the work, for example \u201cWhat stops people getting work\u201d or "
            "\u201cInterview skills training\u201d.",
        }


class ThemeAddForm(OnceMixin, ThemeForm):
    pass


class OutputForm(PartForm):
    class Meta:
        model = Output
        fields = ["title", "description", "easy_read_text", "easy_read_picture"]
        labels = {
            "title": "What will the task produce?",
            "description": "More about it (optional)",
            "easy_read_text": "What it produces, in easy read (optional)",
        }
        help_texts = {
            "title": "For example \u201cInterview skills training course\u201d or \u201cGuide for "
            "employers\u201d.",
        }


class OutputAddForm(OnceMixin, OutputForm):
    pass


# ---------------------------------------------------------------- an outcome's status

STATUS_REQUIRED = "Choose whether the outcome is agreed, proposed, or no longer in the plan"


class OutcomeStatusForm(_LengthChecks, forms.Form):
    status = forms.ChoiceField(
        label="What is happening to this outcome?",
        choices=[
            (Outcome.Status.AGREED, "The partners agreed it"),
            (Outcome.Status.PROPOSED, "Proposed, not agreed yet"),
            (Outcome.Status.DROPPED, "No longer in the plan"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": STATUS_REQUIRED, "invalid_choice": STATUS_REQUIRED},
    )
    decision = forms.TypedChoiceField(
        required=False,
        label="The decision that agreed it (optional)",
        help_text="If the partners agreed it at a meeting. The decision is linked to the outcome.",
        empty_value=None,
        error_messages={"invalid_choice": "Choose a decision from the list"},
    )
    reason = forms.CharField(
        label="Why (needed if it is no longer in the plan)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.lengths = {"reason": (REASON_MAX_LENGTH, "Why")}
        decisions = {d.pk: d for d in recent_decisions(partnership, limit=STATUS_DECISIONS)}
        field = self.fields["decision"]
        field.choices = [("", "Not at a decision")] + [
            (str(pk), decision_label(d)) for pk, d in decisions.items()
        ]
        field.coerce = lambda value: decisions[int(value)]
        self.helper = form_helper(
            Field.radios("status", legend_size=Size.MEDIUM),
            Field.select("decision"),
            Field.textarea("reason", rows=3),
            submit="Save",
        )

    def clean(self):
        data = super().clean()
        self._check_lengths(data)
        reason = (data.get("reason") or "").strip()
        data["reason"] = reason
        if data.get("status") == Outcome.Status.DROPPED and not reason and "reason" not in self.errors:
            self.add_error("reason", DROP_REASON_NEEDED)
        if data.get("decision") is not None and data.get("status") != Outcome.Status.AGREED:
            self.add_error(
                "decision",
                "A decision is linked only when the outcome is agreed: choose \u201cNot at a decision\u201d",
            )
        return data


# ---------------------------------------------------------------- moving and removing a theme

DIRECTION_REQUIRED = "Choose whether to move the theme up or down"
STALE_PAGE = "The page was out of date. Choose again whether to move the theme up or down"


class ThemeMoveForm(_LengthChecks, forms.Form):
    direction = forms.ChoiceField(
        label="Move it",
        choices=[("up", "Up, one place earlier"), ("down", "Down, one place later")],
        widget=forms.RadioSelect,
        error_messages={"required": DIRECTION_REQUIRED, "invalid_choice": DIRECTION_REQUIRED},
    )
    reason = forms.CharField(
        label="Why (optional)",
        required=False,
        help_text="For example \u201cthe venue for the training is not free until the autumn\u201d.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # The place the person saw (1 is first): a stale page or a second click moves nothing.
    place = forms.IntegerField(
        required=False,
        widget=forms.HiddenInput,
        min_value=1,
        max_value=10_000,
        error_messages={"invalid": STALE_PAGE, "min_value": STALE_PAGE, "max_value": STALE_PAGE},
    )
    # Sent by this page's own form, not by the Move up and Move down buttons on the plan.
    confirmed = forms.CharField(required=False, widget=forms.HiddenInput, max_length=10)
    # Where to go back to: "plan" for the plan page, anything else for the outcome's page.
    back = forms.CharField(required=False, widget=forms.HiddenInput, max_length=10)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lengths = {"reason": (REASON_MAX_LENGTH, "Why")}
        self.helper = form_helper(
            Field.radios("direction", legend_size=Size.SMALL, inline=True),
            Field.textarea("reason", rows=3),
            "place",
            "confirmed",
            "back",
            submit="Move the theme",
        )

    def clean(self):
        data = super().clean()
        self._check_lengths(data)
        return data


class ThemeRemoveForm(forms.Form):
    """Where a theme's tasks go when it is taken out: another theme of the same outcome, or no theme."""

    move_to = forms.ChoiceField(
        label="Where should its tasks go?",
        widget=forms.RadioSelect,
        error_messages={"required": THEME_NOT_HERE, "invalid_choice": THEME_NOT_HERE},
    )

    def __init__(self, *args, others: list[Theme], count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.others = {str(t.pk): t for t in others}
        self.fields["move_to"].choices = [(str(t.pk), t.title) for t in others] + [
            (NO_THEME, "No theme: keep them in the outcome, outside any theme")
        ]
        self.fields["move_to"].label = f"Where should its {count} task{'s' if count != 1 else ''} go?"
        self.fields["move_to"].help_text = "No task is removed: they move, and the move is written down."
        self.helper = form_helper(
            Field.radios("move_to", legend_size=Size.MEDIUM), submit="Take the theme out and move its tasks"
        )

    def chosen(self) -> Theme | None:
        return self.others.get(self.cleaned_data["move_to"])


# ---------------------------------------------------------------- comments and suggestions

KIND_REQUIRED = "Choose a comment or a suggestion"


class CommentForm(OnceMixin, _LengthChecks, forms.Form):
    kind = forms.ChoiceField(
        label="Is it a comment or a suggestion?",
        choices=[
            (Comment.Kind.COMMENT, "A comment"),
            (Comment.Kind.SUGGESTION, "A suggestion for a change"),
        ],
        initial=Comment.Kind.COMMENT,
        widget=forms.RadioSelect,
        error_messages={"required": KIND_REQUIRED, "invalid_choice": KIND_REQUIRED},
    )
    text = forms.CharField(
        label="What would you like to say?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": COMMENT_REQUIRED},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lengths = {"text": (WORDS_MAX_LENGTH, "Your comment")}
        self.helper = form_helper(
            Field.radios("kind", legend_size=Size.SMALL, inline=True),
            Field.textarea("text", rows=4),
            submit="Send",
            button="send_comment",
        )

    def clean(self):
        data = super().clean()
        self._check_lengths(data)
        return data
