"""The ground rules at meetings: proposals on an agenda (one item, made once and updated), the proposals and
the rules in the meeting pack, the Run meeting page, agreeing a version, sending it to the people who missed
the meeting, concerns, and the review reminder."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from groundrules.models import Concern, Proposal, Response, RulesSettings, RulesVersion, VersionRule
from groundrules.services.rules import version_agree
from meetings.models import AgendaItem, Attendance, Decision, Meeting, MeetingRole
from meetings.services import run as run_services
from partners.models import CommunicationPreference as Pref
from partners.models import Role
from tests.factories import make_meeting, make_member, make_user  # noqa: F401
from tests.formats.pdfcheck import page_texts

SLUG = "working-together"


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _proposal(partnership, person, text, **fields):
    fields.setdefault("easy_read_text", f"Easy: {text}")
    return Proposal.objects.create(partnership=partnership, proposed_by=person, text=text, **fields)


def _url(name, **kwargs):
    return reverse(f"groundrules:{name}", kwargs={"slug": SLUG, **kwargs})


def _version(partnership, meeting, person, texts):
    proposals = [_proposal(partnership, person, text) for text in texts]
    return version_agree(
        meeting=meeting, agreed=proposals, not_agreed=[], recorded_by=person, expected_number=1
    ).version


@pytest.fixture
def meeting(partnership, alice):
    return make_meeting(partnership, title="Next meeting", days_ahead=14, created_by=alice)


@pytest.fixture
def past_meeting(partnership, alice):
    return make_meeting(partnership, title="First meeting", days_ahead=-7, created_by=alice)


# ---------------------------------------------------------------- proposals on an agenda


def test_proposals_go_on_the_agenda_as_one_item_made_once_and_updated(partnership, alice, meeting):
    one = _proposal(partnership, alice, "Phones on silent.")
    two = _proposal(partnership, alice, "Breaks every hour.")
    client = _client(alice)
    page = client.get(_url("agenda_add"))
    assert page.status_code == 200
    assert "Phones on silent." in page.content.decode()

    response = client.post(_url("agenda_add"), {"meeting": meeting.pk, "proposals": [one.pk, two.pk]})
    assert response.status_code == 302
    items = AgendaItem.objects.filter(meeting=meeting, title__startswith="Ground rules")
    assert [(i.title, i.purpose) for i in items] == [("Ground rules: 2 proposals", "decision")]
    item = items.get()
    assert "Phones on silent." in item.description and item.easy_read_text.startswith(
        "We talk about new ground"
    )
    one.refresh_from_db()
    assert one.agenda_item == item

    three = _proposal(partnership, alice, "Say if you do not understand.")
    client.post(_url("agenda_add"), {"meeting": meeting.pk, "proposals": [three.pk]})
    items = AgendaItem.objects.filter(meeting=meeting, title__startswith="Ground rules")
    assert [i.title for i in items] == ["Ground rules: 3 proposals"]
    assert "Say if you do not understand." in items.get().description


def test_a_cancelled_meetings_proposals_are_free_again(partnership, alice, meeting):
    from groundrules.services.meeting import agenda_add, free_proposals

    one = _proposal(partnership, alice, "Phones on silent.")
    agenda_add(meeting=meeting, proposals=[one])
    assert list(free_proposals(partnership)) == []
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
    assert list(free_proposals(partnership)) == [one]
    other = make_meeting(partnership, title="Instead", days_ahead=21, created_by=alice)
    agenda_add(meeting=other, proposals=[one])
    one.refresh_from_db()
    assert one.agenda_item.meeting == other


def test_only_coordinators_and_chairs_put_proposals_on_an_agenda(partnership, bob, meeting):
    assert _client(bob).get(_url("agenda_add")).status_code == 403


# ---------------------------------------------------------------- the meeting pack


def _pack(person, meeting, variant="standard", pdf=False):
    name = "meetings:document_pdf" if pdf else "meetings:document_web"
    url = reverse(name, kwargs={"slug": SLUG, "pk": meeting.pk, "document": "pack", "variant": variant})
    response = _client(person).get(url)
    assert response.status_code == 200
    if pdf:
        content = b"".join(response.streaming_content) if response.streaming else response.content
        return " ".join(" ".join(page_texts(content)).split())
    return response.content.decode()


def test_the_pack_shows_the_proposals_with_counts_and_no_names(partnership, alice, bob, dana, meeting):
    from groundrules.services.meeting import agenda_add

    one = _proposal(partnership, alice, "Phones on silent.", easy_read_text="Turn your phone to quiet.")
    Response.objects.create(partnership=partnership, proposal=one, person=bob, answer="yes")
    Response.objects.create(partnership=partnership, proposal=one, person=dana, answer="no", reason="Carers.")
    agenda_add(meeting=meeting, proposals=[one])
    RulesSettings.objects.create(partnership=partnership, in_pack=RulesSettings.InPack.NEVER)

    page = _pack(bob, meeting)
    assert "Ground rules: 1 proposal" in page
    assert "Phones on silent." in page
    assert "Responses so far: 1 yes, 0 not sure, 1 no." in page
    assert "Bob Member" not in page.split("Ground rules: 1 proposal")[1].split("</div>")[0]
    assert "Our ground rules" not in page

    easy = _pack(bob, meeting, "easy_read")
    assert "Turn your phone to quiet." in easy
    assert "1 said yes." in easy

    pdf = _pack(bob, meeting, "large_print", pdf=True)
    assert "Phones on silent." in pdf and "1 yes, 0 not sure, 1 no" in pdf


def test_the_pack_carries_the_rules_for_the_first_three_meetings(partnership, alice, bob, past_meeting):
    version = _version(partnership, past_meeting, alice, ["Be respectful.", "Say if you do not understand."])
    VersionRule.objects.filter(version=version, text="Be respectful.").update(easy_read_text="Be kind.")
    second = make_meeting(partnership, title="Second", days_ahead=10, created_by=alice)
    third = make_meeting(partnership, title="Third", days_ahead=20, created_by=alice)
    fourth = make_meeting(partnership, title="Fourth", days_ahead=30, created_by=alice)

    for shown in (second, third):
        page = _pack(bob, shown)
        assert "Our ground rules" in page and "Be respectful." in page
        assert "Version 1, agreed on" in page
    assert "Our ground rules" not in _pack(bob, fourth)
    easy = _pack(bob, second, "easy_read")
    assert "Be kind." in easy

    RulesSettings.objects.create(partnership=partnership, in_pack=RulesSettings.InPack.ALWAYS)
    assert "Say if you do not understand." in _pack(bob, fourth)
    pdf = _pack(bob, fourth, "standard", pdf=True)
    assert "Our ground rules" in pdf and "Be respectful." in pdf

    RulesSettings.objects.filter(partnership=partnership).update(in_pack=RulesSettings.InPack.NEVER)
    assert "Our ground rules" not in _pack(bob, second)


def test_the_pack_asks_no_more_queries_for_the_proposals_and_the_rules(partnership, alice, bob, past_meeting):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from groundrules.services.meeting import agenda_add

    second = make_meeting(partnership, title="Second", days_ahead=10, created_by=alice)
    client = _client(bob)
    url = reverse(
        "meetings:document_web",
        kwargs={"slug": SLUG, "pk": second.pk, "document": "pack", "variant": "standard"},
    )
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    _version(partnership, past_meeting, alice, [f"Rule {n}." for n in range(8)])
    agenda_add(meeting=second, proposals=[_proposal(partnership, alice, f"Idea {n}.") for n in range(6)])
    with CaptureQueriesContext(connection) as after:
        page = client.get(url).content.decode()
    assert "Idea 5." in page and "Rule 7." in page
    assert len(after) == len(before) <= 12
