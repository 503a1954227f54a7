"""The meeting page writes its reply form out by hand (templates/meetings/_reply_form.html) instead of asking
crispy-forms to draw it, which took a tenth of the page's time. It must be the HTML crispy drew (spaces
between tags aside), for every answer someone may have given, in person or online."""

import re

import pytest
from django.template import engines
from django.test import RequestFactory

from meetings.forms.meetings import ReplyForm
from meetings.models import Attendance
from tests.same_html import tidy

ENGINE = engines["django"]
CRISPY = ENGINE.from_string("{% load crispy_forms_tags %}{% crispy form %}")
OURS = ENGINE.from_string('{% include "meetings/_reply_form.html" with action=form.helper.form_action %}')

REPLIES = [None, "", *Attendance.Reply.values]
TAKES_PART = [None, "", *Attendance.TakesPart.values]


def _both(reply, takes_part, hybrid):
    form = ReplyForm(initial={"reply": reply, "takes_part": takes_part}, hybrid=hybrid)
    form.helper.form_action = "/p/working-together/meetings/7/reply/?a=1&b=2"
    request = RequestFactory().get("/")
    # The CSRF token is masked afresh each time it is drawn.
    return tuple(
        re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "TOKEN", template.render({"form": form}, request))
        for template in (CRISPY, OURS)
    )


@pytest.mark.parametrize("hybrid", [False, True])
@pytest.mark.parametrize("reply", REPLIES)
def test_the_reply_form_is_the_html_crispy_drew(reply, hybrid):
    for takes_part in TAKES_PART if hybrid else [None]:
        crispy, ours = _both(reply, takes_part, hybrid)
        assert tidy(ours) == tidy(crispy)


def test_the_answer_given_is_ticked():
    _, ours = _both(Attendance.Reply.NOT_SURE, Attendance.TakesPart.ONLINE, True)
    assert ours.count('checked="checked"') == 2
    assert 'value="not_sure" checked="checked"' in tidy(ours)
    assert 'value="online" checked="checked"' in tidy(ours)
    assert "How will you take part?" in ours
    assert "How will you take part?" not in _both(None, None, False)[1]
