"""The shared form pieces: the one-time token that stops a form sent twice from saving twice."""

import re
from uuid import uuid4

from crispy_forms.utils import render_crispy_form
from crispy_forms_gds.layout import Field
from django import forms
from django.test import RequestFactory

from coproduction.forms import ONCE_INVALID, OnceMixin, first_time, form_helper, not_saved
from tests.factories import make_user

TOKEN = re.compile(r"^[0-9a-f]{32}$")


class NoteForm(OnceMixin, forms.Form):
    text = forms.CharField(label="Note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.text("text"), submit="Add note")  # the layout does not name `once`


def _request(user):
    request = RequestFactory().post("/")
    request.user = user
    return request


def _valid(token: str) -> NoteForm:
    form = NoteForm({"text": "Hello", "once": token})
    assert form.is_valid(), form.errors
    return form


def test_each_new_form_carries_its_own_token():
    first, second = NoteForm(), NoteForm()
    assert TOKEN.match(first["once"].value()) and TOKEN.match(second["once"].value())
    assert first["once"].value() != second["once"].value()
    assert first.fields["once"].widget.is_hidden


def test_crispy_renders_the_hidden_token_though_the_layout_does_not_name_it():
    form = NoteForm()
    html = render_crispy_form(form)
    assert f'<input type="hidden" name="once" value="{form["once"].value()}"' in html
    assert 'name="text"' in html and "Add note" in html


def test_a_form_coming_back_with_errors_keeps_its_token():
    token = uuid4().hex
    form = NoteForm({"text": "", "once": token})
    assert not form.is_valid()
    assert f'name="once" value="{token}"' in render_crispy_form(form)


def test_a_missing_or_spoilt_token_is_a_plain_error_and_the_page_gets_a_fresh_one(db):
    for data in (
        {"text": "Hello"},
        {"text": "Hello", "once": "not-a-token"},
        {"text": "Hello", "once": "a" * 99},
    ):
        form = NoteForm(data)
        assert not form.is_valid()
        assert form.errors["once"] == [ONCE_INVALID]
        fresh = form["once"].value()
        assert TOKEN.match(fresh)
        # Sent again as shown, it saves.
        assert NoteForm({"text": "Hello", "once": fresh}).is_valid()


def test_first_time_is_true_once_per_token_and_person(db):
    alice, bob = make_user(), make_user()
    token = uuid4().hex
    assert first_time(_valid(token), _request(alice)) is True
    assert first_time(_valid(token), _request(alice)) is False
    assert first_time(_valid(token), _request(alice)) is False
    # Another token, or the same token from someone else, is new.
    assert first_time(_valid(uuid4().hex), _request(alice)) is True
    assert first_time(_valid(token), _request(bob)) is True


def test_not_saved_lets_the_same_token_try_again(db):
    person = make_user()
    form = _valid(uuid4().hex)
    assert first_time(form, _request(person)) is True
    not_saved(form, _request(person))
    assert first_time(form, _request(person)) is True
    assert first_time(form, _request(person)) is False


def test_the_token_is_kept_in_the_cache_under_the_person_and_the_token(db):
    from django.core.cache import cache

    person = make_user()
    token = uuid4().hex
    assert first_time(_valid(token), _request(person))
    assert cache.get(f"once:{person.pk}:{token}") == 1
