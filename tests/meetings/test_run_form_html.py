"""The Run meeting page writes its note and presence forms out by hand (templates/meetings/run/
_note_form.html, _presence_form.html) instead of asking crispy-forms to draw them, which took a quarter of
the chair's page. They must be the HTML crispy drew (spaces between tags aside). A form with errors is
still drawn by crispy."""

import re

import pytest
from django.template import engines
from django.test import RequestFactory

from meetings.forms.run import NoteForm, PresenceForm
from meetings.models import Attendance
from tests.factories import make_user
from tests.same_html import tidy

ENGINE = engines["django"]
CRISPY = ENGINE.from_string("{% load crispy_forms_tags %}{% crispy form %}")
PAGE = ENGINE.from_string(
    "{% load crispy_forms_tags %}{% if form.is_bound %}{% crispy form %}"
    "{% else %}{% include template with form=form %}{% endif %}"
)


def _both(make_form, template):
    """Each drawn from a fresh form: crispy marks a form's widgets as it draws them."""
    request = RequestFactory().get("/")
    drawn = []
    for page, context in [(CRISPY, {}), (PAGE, {"template": template})]:
        form = make_form()
        form.is_valid()
        form.helper.form_action = "/p/working-together/meetings/7/run/x/?a=1&b=2"
        html = page.render({**context, "form": form}, request)
        # The CSRF token is masked afresh each time it is drawn.
        drawn.append(re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "TOKEN", html))
    return drawn


@pytest.fixture
def people(db):
    return [
        (make_user(full_name="Ann <Lee> & co"), None),
        (make_user(full_name="Bo"), Attendance(reply="attending", takes_part="online", present=True)),
        (make_user(full_name="Cy"), Attendance(reply="not_sure")),
        (make_user(full_name="Di"), Attendance(reply="not_attending", present=True)),
    ]


@pytest.mark.parametrize("how_many", [0, 1, 4])
def test_the_presence_form_is_the_html_crispy_drew(people, how_many):
    crispy, ours = _both(lambda: PresenceForm(people=people[:how_many]), "meetings/run/_presence_form.html")
    assert tidy(ours) == tidy(crispy)
    assert ours.count('checked="checked"') == sum(1 for _, a in people[:how_many] if a and a.present)


def test_a_presence_form_with_errors_is_still_crispys(people):
    assert not PresenceForm({"present": ["0"]}, people=people).is_valid()
    template = "meetings/run/_presence_form.html"
    crispy, ours = _both(lambda: PresenceForm({"present": ["0"]}, people=people), template)
    assert tidy(ours) == tidy(crispy)
    assert "Choose people from the list." in ours


@pytest.mark.parametrize("item", [None, 5])
def test_the_note_form_is_the_html_crispy_drew(item):
    crispy, ours = _both(lambda: NoteForm(initial={"item": item}), "meetings/run/_note_form.html")
    assert tidy(ours) == tidy(crispy)


def test_a_note_form_with_errors_is_still_crispys():
    assert not NoteForm({"text": " ", "item": "5"}).is_valid()
    crispy, ours = _both(lambda: NoteForm({"text": " ", "item": "5"}), "meetings/run/_note_form.html")
    assert tidy(ours) == tidy(crispy)
    assert "Write the note before you add it." in ours
