"""Forms for tasks: adding and changing one, a lead's update (status in words and the latest expected end),
its action points, a comment or suggestion, taking it out of the plan, and confirming or declining new
dates proposed for it.

The views read what the forms offer (themes, tasks, groups, people, decisions, meetings, action points) and
pass it in: a form asks the database nothing but what the easy read part needs (the glossary and the
partnership's pictures).
"""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Fieldset, Layout, Size
from django import forms
from django.utils.html import format_html

from coproduction.easy_read.forms import EasyReadFields
from coproduction.forms import DateField, OnceMixin, form_helper
from partners.models import Partnership

from ..models import REASON_MAX_LENGTH, TITLE_MAX_LENGTH, WORDS_MAX_LENGTH, Comment, Task
from ..services.schedule import check_dates, contingency_hint, day_words, local_day, quoted

WEEKS = "Enter a number of weeks from 0 to 52"
FORM_SPOILT = "The form was not sent properly. Check your answers and send it again."
NOT_IN_LIST = "Choose {what} from the list"
REASON_LABEL = "Why are the dates changing?"
REASON_HINT = (
    "Needed when any date changes. Everyone sees it in the list of changes, for example \u201cthe venue was "
    "not ready\u201d."
)
STATUS_CHOICES = [
    (Task.Status.NOT_STARTED, "Not started"),
    (Task.Status.IN_PROGRESS, "In progress"),
    (Task.Status.DONE, "Done"),
    (Task.Status.CANNOT_START, "Cannot start yet: say why below"),
    (Task.Status.PROBLEM, "There is a problem: say what below"),
]
OPEN_ACTIONS_OK = "Its action points are still open, but the task is done"
OWNER_NOBODY = "Nobody yet"
ELLIPSIS = "\u2026"


def _long_text(label: str, *, help_text: str = "", rows: int = 3) -> forms.CharField:
    # No maxlength in the browser: the page says how long is too long, and nothing pasted in is cut off.
    return forms.CharField(
        label=label, required=False, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows})
    )


def _too_long(value: str, most: int, what: str) -> str:
    value = (value or "").strip()
    if len(value) > most:
        raise forms.ValidationError(
            f"{what} must be {most:,} characters or fewer. You have written {len(value):,}."
        )
    return value


class PicksField(forms.TypedMultipleChoiceField):
    """Checkboxes of things by their id. `also_valid` ids pass validation without being offered (a task's
    own id: the service then says plainly that a task cannot wait for itself)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, what: str, **kwargs):
        self.also_valid: set[str] = set()
        super().__init__(
            coerce=int,
            required=False,
            error_messages={"invalid_choice": NOT_IN_LIST.format(what=what)},
            **kwargs,
        )

    def valid_value(self, value) -> bool:
        return str(value) in self.also_valid or super().valid_value(value)


def _revision_field() -> forms.IntegerField:
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        max_value=2**31 - 1,
        error_messages=dict.fromkeys(("required", "invalid", "min_value", "max_value"), FORM_SPOILT),
    )


def _date(label: str, noun: str, hint: str = "For example, 1 3 2027.") -> DateField:
    return DateField(label=label, help_text=hint, noun=noun)


# ---------------------------------------------------------------- adding and changing a task


class TaskForm(EasyReadFields, forms.Form):
    """A task's words, dates, extra time, owner, leads, what it needs first and what it is linked to.

    The view passes the choices: `themes` (of the task's outcome), `tasks` (the partnership's other tasks),
    `groups`, `people` (members who may own a task), `decisions` and `meetings`; `task` when changing one."""

    easy_read_blocks_saving = False  # optional words: a long sentence is a warning, the task still saves

    title = forms.CharField(
        label="What will we do?",
        help_text="In a few words, for example \u201cDesign training in interview skills\u201d.",
        error_messages={"required": "Enter what we will do, for example \u201cDesign training in interview "
                        "skills\u201d"},
    )  # fmt: skip
    description = _long_text("More about it (optional)", rows=4)
    easy_read_text = _long_text("What we will do, in easy read (optional)", rows=4)
    theme = forms.TypedChoiceField(
        label="Theme (optional)",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": NOT_IN_LIST.format(what="a theme")},
    )
    planned_start = _date("Planned start", "the planned start")
    planned_end = _date("Planned end", "the planned end")
    contingency_weeks = forms.IntegerField(
        label="Extra weeks we allow (optional)",
        required=False,
        min_value=0,
        max_value=52,
        error_messages={"invalid": WEEKS, "min_value": WEEKS, "max_value": WEEKS},
    )
    owner = forms.ChoiceField(
        label="Who owns it?",
        required=False,
        help_text="A person or a group. The owner can say it is done while its action points are still open.",
        error_messages={"invalid_choice": NOT_IN_LIST.format(what="a person or a group")},
    )
    lead_group = forms.TypedChoiceField(
        label="Lead group (optional)",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": NOT_IN_LIST.format(what="a group")},
    )
    second_lead_group = forms.TypedChoiceField(
        label="Second lead group (optional)",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="For example one group from each side of the partnership, as co-chairs are.",
        error_messages={"invalid_choice": NOT_IN_LIST.format(what="a group")},
    )
    needs = PicksField(
        what="tasks",
        label="What does it need first? (optional)",
        help_text="It cannot start until the tasks you tick are done, for example \u201ccannot start until "
        "\u2018Survey results\u2019 is done\u201d.",
    )
    decisions = PicksField(
        what="decisions",
        label="Decisions that set it up (optional)",
        help_text="The 50 most recent decisions are listed.",
    )
    meetings = PicksField(
        what="meetings",
        label="Meetings where it was discussed (optional)",
        help_text="The 50 most recent meetings are listed.",
    )

    def __init__(
        self,
        *args,
        partnership: Partnership,
        share_percent: int,
        themes,
        tasks,
        groups,
        people,
        decisions,
        meetings,
        task: Task | None = None,
        submit: str = "Add the task",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.task = task
        self.themes = {t.pk: t for t in themes}
        self.tasks = {t.pk: t for t in tasks if task is None or t.pk != task.pk}
        self.groups = {g.pk: g for g in groups}
        self.people = {p.pk: p for p in people}
        self.decision_rows = {d.pk: d for d in decisions}
        self.meeting_rows = {m.pk: m for m in meetings}
        f = self.fields
        f["title"].max_length = TITLE_MAX_LENGTH  # checked in clean_title with the count; no maxlength box
        f["contingency_weeks"].help_text = contingency_hint(share_percent, task)
        f["theme"].choices = [("", "No theme")] + [(pk, t.title) for pk, t in self.themes.items()]
        group_choices = [(pk, g.name) for pk, g in self.groups.items()]
        f["lead_group"].choices = [("", "No lead group")] + group_choices
        f["second_lead_group"].choices = [("", "No second lead group")] + group_choices
        owner_choices: list = [("", OWNER_NOBODY)]
        if self.people:
            owner_choices.append(
                ("People", [(f"person:{pk}", p.display_name) for pk, p in self.people.items()])
            )
        if self.groups:
            owner_choices.append(("Groups", [(f"group:{pk}", g.name) for pk, g in self.groups.items()]))
        f["owner"].choices = owner_choices
        f["needs"].choices = [
            (pk, f"{quoted(t.title)} (ends {day_words(t.expected_end)})") for pk, t in self.tasks.items()
        ]
        if task is not None:
            f["needs"].also_valid = {str(task.pk)}
        f["decisions"].choices = [
            (pk, f"{d.reference}: {d.text[:100]}{ELLIPSIS if len(d.text) > 100 else ''}")
            for pk, d in self.decision_rows.items()
        ]
        f["meetings"].choices = [
            (pk, f"{m.title}, {day_words(local_day(m.starts_at))}") for pk, m in self.meeting_rows.items()
        ]
        easy_read = self.easy_read_setup(partnership)
        layout = [
            Field.text("title"),
            Field.textarea("description", rows=4),
            Fieldset(*easy_read, legend="Easy read", legend_size=Size.MEDIUM),
        ]
        if self.themes:
            layout.append(Field.select("theme"))
        else:
            del f["theme"]
        layout += [Field("planned_start"), Field("planned_end")]
        layout += self.extra_dates()
        layout.append(Field.text("contingency_weeks", field_width=2))
        layout += [Field.select("owner"), Field.select("lead_group"), Field.select("second_lead_group")]
        for name, legend, none in (
            ("needs", "What it needs first", "There are no other tasks in the plan yet."),
            ("decisions", "Decisions", "The partnership has no decisions yet."),
            ("meetings", "Meetings", "The partnership has no meetings yet."),
        ):
            if f[name].choices:
                layout.append(Field.checkboxes(name, legend_size=Size.SMALL, small=True))
            else:
                layout.append(HTML(format_html('<p class="govuk-body">{}: {}</p>', legend, none)))
        layout += self.extra_fields()
        self.helper = form_helper(*layout, submit=submit)
        self.helper.render_hidden_fields = True  # the revision (and the one-time token), named in no layout

    def extra_dates(self) -> list:
        return []

    def extra_fields(self) -> list:
        return []

    def clean_title(self) -> str:
        return _too_long(self.cleaned_data.get("title"), TITLE_MAX_LENGTH, "What we will do")

    def clean_description(self) -> str:
        return _too_long(self.cleaned_data.get("description"), WORDS_MAX_LENGTH, "More about it")

    def clean_easy_read_text(self) -> str:
        super().clean_easy_read_text()
        most = Task._meta.get_field("easy_read_text").max_length
        return _too_long(self.cleaned_data.get("easy_read_text"), most, "The easy read words")

    def clean_owner(self) -> tuple:
        """(person, group): one of them, or neither."""
        value = self.cleaned_data.get("owner") or ""
        kind, _, pk = value.partition(":")
        if kind == "person" and pk.isdigit() and int(pk) in self.people:
            return self.people[int(pk)], None
        if kind == "group" and pk.isdigit() and int(pk) in self.groups:
            return None, self.groups[int(pk)]
        return None, None

    def clean(self):
        data = super().clean()
        try:
            check_dates(data.get("planned_start"), data.get("planned_end"))
        except forms.ValidationError as error:
            for field, messages in error.message_dict.items():
                if field not in self.errors:
                    self.add_error(field, messages)
        lead, second = data.get("lead_group"), data.get("second_lead_group")
        if lead and second and lead == second:
            self.add_error("second_lead_group", "Choose a different group as the second lead, or none")
        return data

    def service_fields(self) -> dict:
        """What the task services take: model objects, not ids."""
        data = self.cleaned_data
        person, group = data.get("owner") or (None, None)
        task_pk = self.task.pk if self.task else None
        return {
            "title": data["title"],
            "description": data.get("description") or "",
            "easy_read_text": data.get("easy_read_text") or "",
            "easy_read_picture": data.get("easy_read_picture") or "",
            "theme": self.themes.get(data.get("theme")) if "theme" in self.fields else None,
            "planned_start": data["planned_start"],
            "planned_end": data["planned_end"],
            "contingency_weeks": data.get("contingency_weeks"),
            "owner_person": person,
            "owner_group": group,
            "lead_group": self.groups.get(data.get("lead_group")),
            "second_lead_group": self.groups.get(data.get("second_lead_group")),
            # The task's own id (never offered) reaches the service, which says why it cannot be.
            "needs": [self.task if pk == task_pk else self.tasks[pk] for pk in data.get("needs") or []],
            "decisions": [self.decision_rows[pk] for pk in data.get("decisions") or []],
            "meetings": [self.meeting_rows[pk] for pk in data.get("meetings") or []],
        }


class TaskAddForm(OnceMixin, TaskForm):
    """Adding: sent twice (a double click, the browser sending it again), it makes one task."""


class TaskEditForm(TaskForm):
    """Changing everything about a task, with why when a date changes. `revision` is the task's revision the
    form was made from: if someone else saves the task meanwhile, this one is refused, keeping what was
    typed."""

    expected_end = _date(
        "Latest expected end",
        "the latest expected end",
        "When we now expect it to end. If it is taking longer than planned, move this, not the planned end.",
    )
    reason = _long_text(REASON_LABEL, help_text=REASON_HINT)
    revision = _revision_field()

    def __init__(self, *args, submit: str = "Save the task", **kwargs):
        super().__init__(*args, submit=submit, **kwargs)

    def extra_dates(self) -> list:
        return [Field("expected_end")]

    def extra_fields(self) -> list:
        return [Field.textarea("reason", rows=3)]

    def clean_reason(self) -> str:
        return _too_long(self.cleaned_data.get("reason"), REASON_MAX_LENGTH, "Why the dates are changing")

    def clean(self):
        data = super().clean()
        start, expected = data.get("planned_start"), data.get("expected_end")
        if "expected_end" not in self.errors and expected:
            try:
                check_dates(start, expected, fields=("planned_start", "expected_end"))
            except forms.ValidationError as error:
                if "expected_end" in error.message_dict:
                    self.add_error("expected_end", error.message_dict["expected_end"])
        return data

    def service_fields(self) -> dict:
        fields = super().service_fields()
        data = self.cleaned_data
        # The latest expected end is passed only when the person changed it: otherwise it follows the
        # planned end (services.tasks.task_save).
        if self.task is not None and data["expected_end"] != self.task.expected_end:
            fields["expected_end"] = data["expected_end"]
        fields["reason"] = data.get("reason") or ""
        return fields


# ---------------------------------------------------------------- a lead's update


class TaskUpdateForm(forms.Form):
    """The status in words and the latest expected end. `overrule` offers the tick that says the task is done
    although its action points are open (its owner, or a coordinator or chair)."""

    status = forms.ChoiceField(
        label="How is the task going?",
        choices=STATUS_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how the task is going",
            "invalid_choice": "Choose how the task is going",
        },
    )
    note = _long_text(
        "Why it cannot start yet, or what the problem is",
        help_text="Needed if it cannot start yet or there is a problem. Everyone in the partnership sees it.",
    )
    expected_end = _date(
        "Latest expected end",
        "the latest expected end",
        "When we now expect it to end, for example 30 6 2027. Move it if it is taking longer.",
    )
    reason = _long_text(REASON_LABEL, help_text=REASON_HINT)
    open_actions_ok = forms.BooleanField(label=OPEN_ACTIONS_OK, required=False)
    revision = _revision_field()

    def __init__(self, *args, overrule: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        layout = [
            Field.radios("status", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.textarea("note", rows=3),
        ]
        if overrule:
            self.fields[
                "open_actions_ok"
            ].help_text = "Tick this only if the task is done although some of its action points are not."
            layout.append(Field.checkbox("open_actions_ok"))
        else:
            del self.fields["open_actions_ok"]
        layout += [Field("expected_end"), Field.textarea("reason", rows=3)]
        self.helper = form_helper(*layout, submit="Save the update")
        self.helper.render_hidden_fields = True  # the revision

    def clean_note(self) -> str:
        return _too_long(self.cleaned_data.get("note"), REASON_MAX_LENGTH, "Why, or what the problem is,")

    def clean_reason(self) -> str:
        return _too_long(self.cleaned_data.get("reason"), REASON_MAX_LENGTH, "Why the dates are changing")


# ---------------------------------------------------------------- action points, comments, taking out


class TaskActionsForm(forms.Form):
    """Ticked: the action point is part of this task. `rows` are the action points offered, each with
    `elsewhere` (the title of another task it is already part of, or "")."""

    action_points = PicksField(
        what="action points",
        label="Which action points are part of this task?",
        help_text="Open action points, most recent first (at most 50), and those already part of this task. "
        "Untick one to take it off the task.",
    )

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = {a.pk: a for a in rows}
        self.fields["action_points"].choices = [
            (
                a.pk,
                f"{a.reference}: {a.text[:100]}{ELLIPSIS if len(a.text) > 100 else ''} (due "
                f"{day_words(a.due_on)}"
                + (f"; already part of {quoted(a.elsewhere)}" if a.elsewhere else "")
                + ")",
            )
            for a in self.rows.values()
        ]
        self.helper = form_helper(
            Field.checkboxes("action_points", legend_size=Size.MEDIUM, small=True),
            submit="Save the action points",
        )

    def chosen(self) -> list:
        return [self.rows[pk] for pk in self.cleaned_data.get("action_points") or []]


class CommentForm(OnceMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Is it a comment or a suggestion?",
        choices=Comment.Kind.choices,
        widget=forms.RadioSelect,
        initial=Comment.Kind.COMMENT,
        error_messages={
            "required": "Choose a comment or a suggestion",
            "invalid_choice": "Choose a comment or a suggestion",
        },
    )
    text = _long_text("Your comment or suggestion", rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("kind", legend_size=Size.SMALL, inline=True),
            Field.textarea("text", rows=4),
            submit="Add my comment",
            button="send_comment",
        )

    def clean_text(self) -> str:
        text = (self.cleaned_data.get("text") or "").strip()
        if not text:
            raise forms.ValidationError("Write your comment or suggestion")
        return _too_long(text, WORDS_MAX_LENGTH, "Your comment")


class RemoveForm(forms.Form):
    reason = _long_text("Why is it coming out of the plan? (optional)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("reason", rows=3), Button.warning("submit", "Take it out of the plan")
        )

    def clean_reason(self) -> str:
        return _too_long(self.cleaned_data.get("reason"), REASON_MAX_LENGTH, "Why")


class MoveForm(forms.Form):
    """Confirm the proposed dates or keep the old ones (the page writes this form, one for each proposal)."""

    action = forms.ChoiceField(
        choices=[("confirm", "Confirm the new dates"), ("decline", "Keep the old dates")],
        error_messages={
            "required": "Choose Confirm the new dates or Keep the old dates",
            "invalid_choice": "Choose Confirm the new dates or Keep the old dates",
        },
    )
    reason = forms.CharField(required=False)

    def clean_reason(self) -> str:
        return _too_long(self.cleaned_data.get("reason"), REASON_MAX_LENGTH, "Why you keep the old dates")
