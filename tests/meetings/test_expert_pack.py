"""A visiting expert invited to one meeting sees that meeting and nothing else: their own version of the pack
(this meeting's agenda, papers and arrangements in words), and 404 for everything of the partnership outside
their meeting, fetched by id. The partnership's current ground rules and its work plan as it stands (issue
11: "observers and visiting experts read") are for everyone who takes part in a meeting: they read them, and
change nothing."""

import html
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from meetings import models as mm
from meetings.services import documents
from partners.models import Membership, Role
from tests.factories import (
    make_action_point,
    make_decision,
    make_member,
    make_minutes,
    make_paper,
    make_user,
)
from tests.formats.pdfcheck import page_texts
from tests.test_tenant_walk import TENANT_URLS, WORK_PLAN_FOR_EXPERTS, _state, _url, objects_in

VARIANTS = ("standard", "large_print", "easy_read")
# What the last meeting's minutes, earlier action points and decisions say: a partner's pack carries them,
# an expert's never does.
NOT_FOR_EXPERTS = (
    "Bob Member:",
    "I do not trust the health board on this.",
    "We talked about the budget in private.",
    "We agree to spend the reserve.",
    "Bob to write to the council.",
    "Last month's meeting",  # the last meeting's title
    "Decisions since the last meeting",
    "What we decided",
    "Things people said they would do",
)


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def expert(partnership, meeting):
    person = make_user("eve@example.org", full_name="Eve Expert")
    make_member(partnership, person, role=Role.VISITING_EXPERT)
    mm.Attendance.objects.create(partnership=partnership, meeting=meeting, person=person)
    return person


@pytest.fixture
def elsewhere(partnership, alice, bob, settings, tmp_path):
    """Real things of the partnership outside the expert's meeting: another meeting and everything in it,
    and what belongs to the whole partnership."""
    settings.MEDIA_ROOT = tmp_path
    return objects_in(partnership, alice, bob, title="Another meeting", days_ahead=30)


@pytest.fixture
def earlier(partnership, past_meeting, alice, bob):
    """The last meeting: draft minutes with a partner's view by name, a decision and an open action point."""
    item = mm.AgendaItem.objects.filter(meeting=past_meeting, title="Apologies").get()
    minutes = make_minutes(past_meeting, texts={item: "We talked about the budget in private."}, by=alice)
    mm.PartnerView.objects.create(
        partnership=partnership,
        minutes=minutes,
        agenda_item=item,
        person=bob,
        words="I do not trust the health board on this.",
    )
    make_decision(past_meeting, agenda_item=item, text="We agree to spend the reserve.")
    make_action_point(past_meeting, agenda_item=item, text="Bob to write to the council.", owner_person=bob)
    return past_meeting


@pytest.fixture
def briefing(partnership, meeting, alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    item = meeting.agenda_items.get(title="Apologies")
    return make_paper(
        partnership, meeting=meeting, agenda_item=item, title="Briefing for our guest", uploaded_by=alice
    )


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _doc_url(meeting, kind: str, document: str, variant: str) -> str:
    return reverse(
        f"meetings:document_{kind}",
        kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk, "document": document, "variant": variant},
    )


# ---------------------------------------------------------------- the expert's pack


def test_an_experts_pack_is_this_meetings_agenda_papers_and_arrangements_only(
    meeting, expert, bob, earlier, briefing
):
    expert_client, bob_client = _client(expert), _client(bob)
    for variant in VARIANTS:
        theirs = expert_client.get(_doc_url(meeting, "web", "pack", variant))
        assert theirs.status_code == 200
        page = _text(theirs.content.decode())
        for words in NOT_FOR_EXPERTS:
            assert words not in page, (variant, words)
        assert "Briefing for our guest" in page and "Apologies" in page
        assert "It is about this meeting" in page
        # Partners still get the whole pack.
        partners = _text(bob_client.get(_doc_url(meeting, "web", "pack", variant)).content.decode())
        if variant == "easy_read":  # the points show their easy read words, not written for these yet
            assert "What we decided" in partners and "Things people said they would do" in partners
        else:
            assert "We agree to spend the reserve." in partners, variant
            assert "Bob to write to the council." in partners, variant
    standard = _text(bob_client.get(_doc_url(meeting, "web", "pack", "standard")).content.decode())
    assert "I do not trust the health board on this." in standard


def test_an_experts_easy_read_pack_asks_only_for_this_meetings_points(meeting, expert, earlier):
    context = documents.document_context(meeting, "pack", "easy_read", Membership.objects.get(person=expert))
    assert context["for_expert"] is True
    assert all(point.startswith("Agenda item") for point in context["easy"].missing)
    assert "decisions" not in context and "action_points" not in context and "last_minutes" not in context


def test_the_experts_printed_pack_leaves_out_other_meetings(meeting, expert, bob, earlier, briefing):
    membership = Membership.objects.get(person=expert)
    [printed] = documents.meeting_document_parts(meeting, "pack", "standard", viewer_membership=membership)
    text = " ".join(" ".join(page_texts(printed.pdf)).split())
    assert "Briefing for our guest" in text
    for words in NOT_FOR_EXPERTS:
        assert words not in text, words
    [emailed] = documents.meeting_pack_files(meeting, "standard", expert=True)
    assert emailed.pdf == printed.pdf
    [partners] = documents.meeting_pack_files(meeting, "standard")
    assert "We agree to spend the reserve." in " ".join(" ".join(page_texts(partners.pdf)).split())


def test_the_pdf_an_expert_fetches_is_the_experts_pack(meeting, expert, earlier, briefing):
    response = _client(expert).get(_doc_url(meeting, "pdf", "pack", "standard"))
    text = " ".join(" ".join(page_texts(response.content)).split())
    assert "Briefing for our guest" in text
    for words in NOT_FOR_EXPERTS:
        assert words not in text, words


def test_the_pack_emailed_to_an_expert_is_the_experts_pack(
    meeting, expert, alice, earlier, briefing, django_capture_on_commit_callbacks
):
    from meetings.services.packs import pack_send

    with django_capture_on_commit_callbacks(execute=True):
        pack_send(meeting=meeting, by=alice, base_url="https://cp.example.org")
    [message] = [m for m in mail.outbox if expert.email in m.to]
    [(_, pdf, _)] = message.attachments
    text = " ".join(" ".join(page_texts(pdf)).split())
    assert "Briefing for our guest" in text
    for words in NOT_FOR_EXPERTS:
        assert words not in text, words


# ---------------------------------------------------------------- nothing else, by id


def test_an_expert_gets_404_for_everything_outside_their_meeting(partnership, expert, elsewhere):
    """Every URL of the partnership, with real ids of another meeting's things and of the partnership's own
    (pictures, library papers, the glossary, people, the action log): 404, by GET and by POST. The one page
    without an id an expert may open is the list of their own meetings."""
    client = _client(expert)
    let_in = {"meetings:meeting_list", "partners:picture_file"}  # pictures: see the test below
    # The partnership's current ground rules are for everyone who takes part in a meeting (issue 10), as a
    # page and printed; nothing else of the ground rules (tests/groundrules/test_versions.py).
    let_in |= {"groundrules:current", "groundrules:current_pdf", "groundrules:current_web"}
    # The work plan as it stands they read; writing to it is refused (403), its history is not theirs (404):
    # test_an_expert_reads_the_work_plan_and_changes_nothing below.
    let_in |= {name for name, _ in TENANT_URLS if name.startswith("workplan:")}
    leaks = []
    for name, route in TENANT_URLS:
        if name in let_in:
            continue
        url = _url(name, route, partnership, elsewhere)
        got, posted = client.get(url).status_code, client.post(url, {"title": "x"}).status_code
        if got not in {404, 405} or posted != 404:
            leaks.append((url, got, posted))
    assert not leaks
    listing = client.get(reverse("meetings:meeting_list", args=[partnership.slug])).content.decode()
    assert "Another meeting" not in listing


def test_an_expert_reads_the_work_plan_and_changes_nothing(partnership, expert, elsewhere, earlier):
    """The plan, an outcome, a task, the timeline, activities, the print and the exports open for a visiting
    expert, with nothing of other meetings' minutes, decisions or action points; every other page of the plan
    (its writes, its rankings, versions and changes) is refused, by GET and by POST, and nothing changes."""
    client = _client(expert)
    before = _state(partnership)
    opened, refused = [], []
    for name, route in TENANT_URLS:
        if not name.startswith("workplan:"):
            continue
        url = _url(name, route, partnership, elsewhere)
        if name in WORK_PLAN_FOR_EXPERTS:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            if not response.streaming and "html" in response["Content-Type"]:
                page = _text(response.content.decode())
                for words in NOT_FOR_EXPERTS:
                    assert words not in page, (url, words)
                if name in {"workplan:plan", "workplan:outcome"}:
                    assert elsewhere["outcome"].title in page, url
            opened.append(name)
            continue
        got = client.get(url).status_code
        posted = client.post(url, {"title": "x", "text": "x", "status": "done"}).status_code
        assert got in {403, 404, 405} and posted in {403, 404}, (url, got, posted)
        refused.append(name)
    assert set(opened) == WORK_PLAN_FOR_EXPERTS
    assert {"workplan:versions", "workplan:changes", "workplan:ranking", "workplan:task_comment"} <= set(
        refused
    )
    assert _state(partnership) == before


def test_inside_their_meeting_an_expert_cannot_reach_other_things_by_id(
    partnership, meeting, expert, elsewhere
):
    """Their own meeting's address with another meeting's item, paper, decision...: never shown, and
    answered exactly as an id that does not exist."""
    client = _client(expert)
    mine = {**elsewhere, "meeting": meeting}
    missing = {key: type("Missing", (), {"pk": 999999})() for key in elsewhere}
    missing["meeting"] = meeting
    checked = 0
    for name, route in TENANT_URLS:
        segments = route.split("/")
        if "meetings" not in segments or sum(s.startswith("<int:") for s in segments) < 2:
            continue
        checked += 1
        real, fake = _url(name, route, partnership, mine), _url(name, route, partnership, missing)
        for method in (client.get, client.post):
            status = method(real).status_code
            assert status in {403, 404, 405}, (real, status)
            assert status == method(fake).status_code, real
    assert checked > 10


def test_an_expert_cannot_fetch_the_partnerships_pictures_by_id(partnership, expert, elsewhere):
    url = reverse("partners:picture_file", args=[partnership.slug, elsewhere["picture"].pk])
    assert _client(expert).get(url).status_code == 404


def test_an_expert_fetches_the_pictures_on_their_meetings_agenda(partnership, meeting, expert, elsewhere):
    from coproduction.easy_read.pictures import upload_code

    picture = elsewhere["picture"]
    meeting.agenda_items.update(easy_read_picture=upload_code(picture))
    url = reverse("partners:picture_file", args=[partnership.slug, picture.pk])
    assert _client(expert).get(url).status_code == 200


def test_an_experts_pages_about_their_meeting_carry_no_other_meetings(meeting, expert, bob, earlier):
    """The meeting page, its agenda (which lists open action points from earlier meetings to partners) and its
    access plan, read as the expert: nothing from the last meeting."""
    client = _client(expert)
    kwargs = {"slug": meeting.partnership.slug, "pk": meeting.pk}
    for name in ("meetings:meeting_detail", "meetings:agenda", "meetings:access_plan"):
        page = _text(client.get(reverse(name, kwargs=kwargs)).content.decode())
        for words in NOT_FOR_EXPERTS:
            assert words not in page, (name, words)
    # A partner still sees the carried-forward action point on the agenda.
    partner_page = _client(bob).get(reverse("meetings:agenda", kwargs=kwargs)).content.decode()
    assert "Bob to write to the council." in partner_page
