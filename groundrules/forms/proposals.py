"""Forms for proposals: proposing (or changing) a rule, a partner's response, a comment, and a response a
coordinator records for someone who gave it on paper, by phone or in person."""

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms

from coproduction.easy_read.forms import EasyReadFields
from coproduction.forms import OnceMixin, form_helper
from partners.models import Partnership

from ..models import IN_PRACTICE_MAX_LENGTH, RULE_MAX_LENGTH, Proposal, Response
from ..services.proposals import (
    ANSWER_REQUIRED,
    COMMENT_REQUIRED,
    COMMENT_TOO_LONG,
    HOW_REQUIRED,
    NOT_A_PARTNER,
    NOTICE_DAYS,
    REASON_FOR_NO,
    REASON_TOO_LONG,
    RECORDED_HOW,
    TEXT_REQUIRED,
    TEXT_TOO_LONG,
)

KIND_REQUIRED = "Choose a new rule, a change to a rule, or taking a rule out"
RULE_REQUIRED = "Choose the rule you want to change or take out"


def _long_text(label: str, *, required: bool = False, help_text: str = "", rows: int = 3) -> forms.CharField:
    # No maxlength in the browser: the page says how long is too long, and nothing pasted in is cut off.
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows})
    )


class ProposalForm(EasyReadFields, forms.Form):
    """A proposal's words. `rules` (key → current rule) offers the rule to change or take out; `editing`
    leaves out what was proposed (the kind and the rule), which stays as it was; `notice` asks for the days
    of the papers notice rule."""

    easy_read_blocks_saving = False

    kind = forms.ChoiceField(
        label="What do you propose?",
        choices=Proposal.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": KIND_REQUIRED, "invalid_choice": KIND_REQUIRED},
    )
    rule_key = forms.TypedChoiceField(
        label="Which rule? (if you want to change a rule or take it out)",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a rule from the list of the current ground rules"},
    )
    text = _long_text(
        "The rule, in plain words",
        help_text="Not needed if you want to take a rule out.",
    )
    easy_read_text = _long_text("The rule in easy read (optional)", rows=4)
    in_practice = _long_text("What this looks like in practice (optional)")
    notice_days = forms.IntegerField(
        label="How many days before a meeting",
        min_value=1,
        max_value=60,
        required=False,
        help_text="The papers go out at least this many days before each meeting.",
        error_messages={
            "invalid": NOTICE_DAYS,
            "min_value": NOTICE_DAYS,
            "max_value": NOTICE_DAYS,
            "required": NOTICE_DAYS,
        },
    )
    helped_write = forms.CharField(
        label="Who helped write it (optional)",
        required=False,
        help_text="For example: written with my support worker, or with the easy read group.",
    )
    why = _long_text("Why (optional)")

    def __init__(
        self,
        *args,
        partnership: Partnership,
        rules: dict,
        notice: bool = False,
        editing: bool = False,
        kind: str = "",
        submit: str = "Send the proposal",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.editing = editing
        self.fields["rule_key"].choices = [("", "Choose a rule")] + [
            (key, f"{rule.words[:90]}{'…' if len(rule.words) > 90 else ''}") for key, rule in rules.items()
        ]
        layout = []
        if editing:
            del self.fields["kind"], self.fields["rule_key"]
        else:
            layout.append(Field.radios("kind", legend_size=Size.MEDIUM, legend_tag="h2"))
            if rules:
                layout.append(Field.select("rule_key"))
            else:
                del self.fields["rule_key"]
        if kind == Proposal.Kind.REMOVE and editing:
            # Taking a rule out has no words of its own: only the why and who helped.
            for name in ("text", "easy_read_text", "in_practice", "notice_days"):
                del self.fields[name]
            self.helper = form_helper(
                Field.text("helped_write"), Field.textarea("why", rows=3), submit=submit
            )
            return
        easy_read = self.easy_read_setup(partnership)
        layout += [
            Field.textarea("text", rows=3),
            Fieldset(*easy_read, legend="Easy read", legend_size=Size.MEDIUM),
            Field.textarea("in_practice", rows=3),
        ]
        if notice:
            layout.append(Field.text("notice_days", field_width=2))
        else:
            del self.fields["notice_days"]
        layout += [Field.text("helped_write"), Field.textarea("why", rows=3)]
        self.helper = form_helper(*layout, submit=submit)

    def clean_text(self) -> str:
        text = (self.cleaned_data.get("text") or "").strip()
        if len(text) > RULE_MAX_LENGTH:
            raise forms.ValidationError(TEXT_TOO_LONG.format(max=RULE_MAX_LENGTH, n=len(text)))
        return text

    def _short(self, name: str, most: int, what: str) -> str:
        value = (self.cleaned_data.get(name) or "").strip()
        if len(value) > most:
            raise forms.ValidationError(f"{what} must be {most:,} characters or fewer. You have written "
                                        f"{len(value):,}.")  # fmt: skip
        return value

    def clean_easy_read_text(self) -> str:
        # The easy read guidance first (a warning here), then the length the model keeps.
        super().clean_easy_read_text()
        most = Proposal._meta.get_field("easy_read_text").max_length
        return self._short("easy_read_text", most, "The easy read words")

    def clean_in_practice(self) -> str:
        return self._short("in_practice", IN_PRACTICE_MAX_LENGTH, "What this looks like in practice")

    def clean_why(self) -> str:
        return self._short("why", IN_PRACTICE_MAX_LENGTH, "Why")

    def clean_helped_write(self) -> str:
        return self._short("helped_write", 300, "Who helped write it")

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        needs_words = self.editing or kind in (Proposal.Kind.ADD, Proposal.Kind.CHANGE)
        if needs_words and "text" in self.fields and not data.get("text") and "text" not in self.errors:
            self.add_error("text", TEXT_REQUIRED)
        needs_rule = kind in (Proposal.Kind.CHANGE, Proposal.Kind.REMOVE) and not data.get("rule_key")
        if needs_rule and "rule_key" not in self.errors:
            if "rule_key" in self.fields:
                self.add_error("rule_key", RULE_REQUIRED)
            else:
                self.add_error("kind", "There are no ground rules agreed yet to change or take out")
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            name: data.get(name) or ""
            for name in ("text", "easy_read_text", "easy_read_picture", "in_practice", "helped_write", "why")
        }
        fields["notice_days"] = data.get("notice_days")
        return fields


class ProposalAddForm(OnceMixin, ProposalForm):
    """Proposing: sent twice (a double click, the browser sending it again), it makes one proposal."""


class ResponseForm(forms.Form):
    answer = forms.ChoiceField(
        label="What do you say to this proposal?",
        choices=Response.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": ANSWER_REQUIRED, "invalid_choice": ANSWER_REQUIRED},
    )
    reason = _long_text(
        "Why", help_text="You must say why if you say No. It is up to you if you say Yes or Not sure."
    )

    def __init__(self, *args, submit: str = "Send my answer", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("answer", legend_size=Size.MEDIUM, legend_tag="h3"),
            Field.textarea("reason", rows=3),
            submit=submit,
        )

    def clean(self):
        data = super().clean()
        reason = (data.get("reason") or "").strip()
        if len(reason) > 2000:
            self.add_error("reason", REASON_TOO_LONG.format(n=len(reason)))
        elif data.get("answer") == Response.Answer.NO and not reason:
            self.add_error("reason", REASON_FOR_NO)
        return data


class RecordResponseForm(ResponseForm):
    """A coordinator records a response given on paper, by phone or in person."""

    person = forms.ModelChoiceField(
        label="Who gave the response?",
        queryset=None,
        empty_label="Choose a person",
        error_messages={"required": "Choose who gave the response", "invalid_choice": NOT_A_PARTNER},
    )
    how = forms.ChoiceField(
        label="How did they tell you?",
        choices=RECORDED_HOW,
        widget=forms.RadioSelect,
        error_messages={"required": HOW_REQUIRED, "invalid_choice": HOW_REQUIRED},
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, submit="Record the response", **kwargs)
        self.fields["answer"].label = "What did they say?"
        self.fields["reason"].help_text = "If they said No, write why, in their words."
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda person: person.display_name
        self.helper = form_helper(
            Field.select("person"),
            Field.radios("answer", legend_size=Size.SMALL),
            Field.textarea("reason", rows=3),
            Field.radios("how", legend_size=Size.SMALL),
            submit="Record the response",
        )


class CommentForm(OnceMixin, forms.Form):
    text = _long_text("Your comment", rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.textarea("text", rows=4), submit="Add my comment", button="send_comment"
        )

    def clean_text(self) -> str:
        text = (self.cleaned_data.get("text") or "").strip()
        if not text:
            raise forms.ValidationError(COMMENT_REQUIRED)
        if len(text) > 3000:
            raise forms.ValidationError(COMMENT_TOO_LONG.format(n=len(text)))
        return text
