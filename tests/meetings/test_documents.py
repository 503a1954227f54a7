"""A meeting's documents (meeting pack, agenda, minutes) and the partnership's action log: who may read them,
what the web pages and PDFs say, bad addresses, and queries that stay flat as the agenda grows.

The print rules of each variant are checked on the demo's packs in tests/formats/test_meeting_packs.py; here
PDFs are printed only where a test needs one, since WeasyPrint takes about half a second a document.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from meetings.models import (
    AgendaItem,
    Arrangement,
    Attendance,
    MeetingRole,
    Minutes,
    PaperVersion,
    PartnerView,
)
from meetings.services import documents
from meetings.services.easy_read import easy_read_check_record
from meetings.services.papers import paper_version_add
from meetings.uploads import check_paper
from partners.models import GlossaryTerm, Role
from tests.factories import (
    make_action_point,
    make_decision,
    make_meeting,
    make_member,
    make_minutes,
    make_need,
    make_paper,
    make_pdf_bytes,
    make_upload,
    make_user,
)
from tests.formats.pdfcheck import page_texts

MEETING_DOCUMENTS = ("pack", "agenda", "minutes")
VARIANTS = ("standard", "large_print", "easy_read")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _pdf_url(meeting, document="pack", variant="standard") -> str:
    return reverse(
        "meetings:document_pdf",
        kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk, "document": document, "variant": variant},
    )


def _web_url(meeting, document="pack", variant="standard") -> str:
    return reverse(
        "meetings:document_web",
        kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk, "document": document, "variant": variant},
    )


def _log_urls(partnership, variant="standard") -> list[str]:
    kwargs = {"slug": partnership.slug, "variant": variant}
    return [
        reverse("meetings:action_log_pdf", kwargs=kwargs),
        reverse("meetings:action_log_web", kwargs=kwargs),
    ]


def _every_url(meeting) -> list[str]:
    urls = [
        make(meeting, document, variant)
        for make in (_pdf_url, _web_url)
        for document in MEETING_DOCUMENTS
        for variant in VARIANTS
    ]
    return urls + [url for variant in VARIANTS for url in _log_urls(meeting.partnership, variant)]


def _signed_in_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


# ---------------------------------------------------------------- addresses and who may read


def test_each_document_and_variant_has_its_address(meeting):
    base = f"/p/{meeting.partnership.slug}/meetings/{meeting.pk}/documents"
    assert _pdf_url(meeting, "pack", "large_print") == f"{base}/pack/large_print.pdf"
    assert _web_url(meeting, "minutes", "easy_read") == f"{base}/minutes/easy_read/"
    assert _log_urls(meeting.partnership, "easy_read") == [
        f"/p/{meeting.partnership.slug}/action-points/easy_read.pdf",
        f"/p/{meeting.partnership.slug}/action-points/easy_read/",
    ]


def test_outsiders_get_404_and_anonymous_visitors_sign_in_everywhere(meeting, charlie_client, client):
    for url in _every_url(meeting):
        assert charlie_client.get(url).status_code == 404, url
        assert _signed_in_redirect(client.get(url)), url


def test_a_visiting_expert_reads_only_their_meetings_documents_and_not_the_action_log(partnership, meeting):
    expert = make_user(full_name="Visiting Expert")
    make_member(partnership, expert, role=Role.VISITING_EXPERT)
    Attendance.objects.create(partnership=partnership, meeting=meeting, person=expert)
    other = make_meeting(partnership, title="A meeting the expert is not invited to")
    client = _client(expert)
    assert client.get(_web_url(meeting, "agenda")).status_code == 200
    for document in MEETING_DOCUMENTS:
        for variant in VARIANTS:
            assert client.get(_web_url(other, document, variant)).status_code == 404
            assert client.get(_pdf_url(other, document, variant)).status_code == 404
    for variant in VARIANTS:
        for url in _log_urls(partnership, variant):
            assert client.get(url).status_code == 404, url


def test_any_partner_reads_the_documents_and_the_action_log(meeting, bob_client):
    assert bob_client.get(_web_url(meeting, "minutes", "large_print")).status_code == 200
    assert bob_client.get(_log_urls(meeting.partnership, "easy_read")[1]).status_code == 200


@pytest.mark.parametrize(
    "tail",
    [
        "documents/brochure/standard.pdf",
        "documents/pack/huge.pdf",
        "documents/pack/Standard.pdf",
        "documents/actions/standard.pdf",  # the action log is the partnership's, not one meeting's
        "documents/pack/standard.pdf?part=0",
        "documents/pack/standard.pdf?part=two",
        "documents/pack/standard.pdf?part=-1",
        "documents/minutes/braille/",
    ],
)
def test_bad_document_or_variant_names_are_404_not_500(meeting, bob_client, tail):
    url = f"/p/{meeting.partnership.slug}/meetings/{meeting.pk}/{tail}"
    assert bob_client.get(url).status_code == 404


def test_bad_action_log_names_and_missing_meetings_are_404(meeting, bob_client):
    slug = meeting.partnership.slug
    for url in (
        f"/p/{slug}/action-points/huge.pdf",
        f"/p/{slug}/action-points/easy-read/",
        f"/p/{slug}/meetings/{meeting.pk + 999}/documents/pack/standard.pdf",
        f"/p/{slug}/meetings/{meeting.pk + 999}/documents/pack/standard/",
        f"/p/{slug}/action-points/standard.pdf?part=x",
    ):
        assert bob_client.get(url).status_code == 404, url


# ---------------------------------------------------------------- the PDF download and the web page


def test_a_meeting_with_no_agenda_still_prints_and_the_pdf_opens_in_the_browser(meeting, bob_client):
    AgendaItem.objects.filter(meeting=meeting).delete()
    response = bob_client.get(_pdf_url(meeting, "pack", "standard"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    day = timezone.localtime(meeting.starts_at).date().isoformat()
    assert response["Content-Disposition"] == f'inline; filename="meeting-pack-{day}-standard.pdf"'
    assert response.content.startswith(b"%PDF-")
    text = " ".join(" ".join(page_texts(response.content)).split())
    assert "There is no agenda yet." in text
    assert "There are no papers for this meeting." in text
    # A part asked for that does not exist.
    assert bob_client.get(_pdf_url(meeting, "pack", "standard") + "?part=2").status_code == 404
    assert bob_client.get(_pdf_url(meeting, "pack", "standard") + "?part=1").status_code == 200


def test_the_web_page_is_the_whole_document_with_a_way_back_and_its_pdf(meeting, bob_client):
    response = bob_client.get(_web_url(meeting, "pack", "large_print"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1 and '<html lang="en-GB">' in html
    assert f"<title>Meeting pack: {meeting.title}," in html
    assert f'href="{meeting.get_absolute_url()}"' in html
    assert f'href="{_pdf_url(meeting, "pack", "large_print")}">Meeting pack (PDF, large print)</a>' in html
    assert f'href="{reverse("help")}"' in html
    assert "Welcome and access check" in html


def test_the_web_page_of_a_meeting_with_no_agenda_says_so(meeting, bob_client):
    AgendaItem.objects.filter(meeting=meeting).delete()
    for document in ("pack", "agenda"):
        for variant in VARIANTS:
            html = bob_client.get(_web_url(meeting, document, variant)).content.decode()
            assert "There is no agenda yet." in html, (document, variant)


# ---------------------------------------------------------------- what the documents say


def test_the_access_arrangements_say_what_is_in_place_without_names(partnership, meeting, alice, bob, dana):
    make_need(bob, "bsl_interpreter", note="Bob Member prefers two interpreters")
    make_need(dana, "hearing_loop")
    Arrangement.objects.create(
        partnership=partnership,
        meeting=meeting,
        need_code="bsl_interpreter",
        description="Interpreters booked for Bob Member",
        booked_by=alice,
    )
    for variant in VARIANTS:
        front = documents.document_context(meeting, "pack", variant)["front"]
        # Never "not available": who is arranging it, and how to reach them.
        assert front.access == [
            "BSL/English interpreter: booked.",
            "Hearing loop: not arranged yet; Alice Coordinator is arranging it (alice@example.org).",
        ]
        html = documents.document_html(documents.document_context(meeting, "pack", variant), "pack", variant)
        start = html.index("Help to take part" if variant == "easy_read" else 'id="access"')
        section = html[start : re.compile("Breaks|Questions").search(html, start).start()]
        if variant == "easy_read":
            # One short sentence in easy read words for each, with its picture.
            assert "There will be a BSL interpreter." in section
            assert "We are still arranging a hearing loop." in section
            assert "Alice Coordinator is arranging it." in section
            assert section.count("<img") == 3
        else:
            assert "BSL/English interpreter: booked." in section
        assert "not available" not in html
        assert "Bob" not in section and "Dana" not in section


def test_the_minutes_say_draft_or_approved_and_give_views_in_their_own_words(
    partnership, past_meeting, meeting, alice, bob
):
    item = AgendaItem.objects.filter(meeting=past_meeting, title="Apologies").get()
    minutes = make_minutes(past_meeting, texts={item: "Apologies from the health board."}, by=alice)
    PartnerView.objects.create(
        partnership=partnership, minutes=minutes, agenda_item=item, person=bob, words="I want this on record."
    )
    make_decision(past_meeting, agenda_item=item, text="We meet monthly.")
    make_action_point(past_meeting, agenda_item=item, text="Book the room.", owner_person=bob)

    def minutes_html(of, variant="standard"):
        return documents.document_html(documents.document_context(of, "minutes", variant), "minutes", variant)

    html = minutes_html(past_meeting)
    assert "Status: Draft." in html and "Not approved yet." in html
    assert "Apologies from the health board." in html
    assert "<strong>Bob Member:</strong>" in html and "I want this on record." in html
    assert "We meet monthly." in html and "Book the room." in html
    # The next meeting's pack carries these minutes as the last meeting's.
    pack = documents.document_html(
        documents.document_context(meeting, "pack", "standard"), "pack", "standard"
    )
    assert f"Minutes of the last meeting: {escape(past_meeting.title)}" in pack and "Status: Draft." in pack

    Minutes.objects.filter(pk=minutes.pk).update(status=Minutes.Status.APPROVED, approved_at=timezone.now())
    assert "Status: Approved." in minutes_html(past_meeting)
    assert "Status: Approved." in minutes_html(past_meeting, "large_print")


def test_the_action_log_says_overdue_in_words(partnership, meeting, bob):
    past = make_meeting(partnership, days_ahead=-20)
    late = make_action_point(past, text="Send the survey.", owner_person=bob)
    type(late).objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timedelta(days=3))
    make_action_point(past, text="Book the hall.", owner_person=bob, due_in_days=10)
    context = documents.action_log_context(partnership, "standard")
    html = documents.document_html(context, "actions", "standard")
    flat = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    due = (timezone.localdate() - timedelta(days=3)).strftime("%-d %B %Y")
    assert f"Send the survey. Who: Bob Member Overdue: it was due by {due}" in flat
    assert "1 is overdue." in flat
    assert flat.index("Send the survey.") < flat.index("Book the hall.")


def test_the_easy_read_pack_uses_peoples_words_explains_hard_words_and_lists_them(partnership, meeting):
    GlossaryTerm.objects.create(
        partnership=partnership, word="co-production", explanation="People working together as equals."
    )
    item = AgendaItem.objects.filter(meeting=meeting, title="Apologies").get()
    item.easy_read_text = "We say who cannot come. This is part of co-production."
    item.easy_read_picture = "openmoji:1F44B"
    item.save()
    # Standing items bring their easy read words; an item added later has none until someone writes them.
    AgendaItem.objects.create(partnership=partnership, meeting=meeting, title="Budget", position=45)
    context = documents.document_context(meeting, "pack", "easy_read")
    html = documents.document_html(context, "pack", "easy_read")
    assert '<strong class="cp-hard-word">co-production</strong>' in html
    # Explained in the sentence after, where it is first used, and listed at the end.
    assert "co-production</strong>: People working together as equals." in html
    assert html.index("Hard words") > html.index("This is part of")
    assert "Easy read text is not written yet for this point." in html  # the other items
    assert "This easy read document is not ready yet." in html
    assert "Agenda item \u201cBudget\u201d" in html
    assert "Agenda item \u201cApologies\u201d" not in html
    assert 'alt="A waving hand"' in html


def test_the_easy_read_agenda_is_ready_once_every_item_is_written_and_checked(partnership, meeting, alice):
    make_action_point(make_meeting(partnership, days_ahead=-7), text="Not on the agenda.")

    def agenda_html():
        context = documents.document_context(meeting, "agenda", "easy_read")
        return documents.document_html(context, "agenda", "easy_read")

    # Standing items bring their easy read words; an item added later has none until someone writes them.
    AgendaItem.objects.create(partnership=partnership, meeting=meeting, title="Budget", position=45)
    html = agenda_html()
    assert "This easy read document is not ready yet." in html
    assert "Agenda item \u201cBudget\u201d" in html and "Action point A-" not in html
    assert "Agenda item \u201cApologies\u201d" not in html
    AgendaItem.objects.filter(meeting=meeting).update(easy_read_text="We talk about this.")
    html = agenda_html()
    assert "Agenda item \u201cBudget\u201d" not in html
    assert "People who use easy read have not checked it yet." in html
    easy_read_check_record(
        meeting=meeting,
        checked_by="The Tuesday group",
        checked_on=timezone.localdate(),
        notes="",
        recorded_by=alice,
    )
    html = agenda_html()
    assert "not ready" not in html and "People who use easy read checked this." in html


def test_large_print_and_easy_read_packs_link_each_papers_own_version_or_say_how_to_ask(
    partnership, meeting, alice
):
    item = AgendaItem.objects.filter(meeting=meeting).first()
    paper = make_paper(
        partnership, meeting=meeting, agenda_item=item, title="Transport plan", uploaded_by=alice
    )
    version = paper_version_add(
        paper=paper,
        format=PaperVersion.Format.EASY_READ,
        checked=check_paper(make_upload("Transport plan easy read.pdf", make_pdf_bytes())),
        uploaded_by=alice,
    )
    download = reverse(
        "meetings:paper_download",
        kwargs={"slug": partnership.slug, "pk": meeting.pk, "paper_pk": paper.pk, "version_pk": version.pk},
    )
    easy = documents.document_html(
        documents.document_context(meeting, "pack", "easy_read"), "pack", "easy_read"
    )
    assert f'<a href="{download}">Transport plan easy read.pdf</a>' in easy
    large = documents.document_context(meeting, "pack", "large_print")
    (row,) = large["papers"]
    assert row.own_version_url == "" and row.ask == (
        "Ask Alice Coordinator for a large print copy: email alice@example.org."
    )


# ---------------------------------------------------------------- links on the meeting page


def test_the_links_say_what_each_one_gives(meeting, bob):
    html = render_to_string(
        "meetings/documents/_links.html",
        {"meeting": meeting, "partnership": meeting.partnership, "user": bob},
    )
    labels = re.findall(r'<a class="govuk-link" href="([^"]+)">([^<]+)</a>', html)
    assert [label for _, label in labels][:5] == [
        "Meeting pack (PDF, standard)",
        "Meeting pack (PDF, large print)",
        "Meeting pack (PDF, easy read)",
        "Meeting pack (web page)",
        "Meeting pack (web page, easy read)",
    ]
    assert (
        "/".join(_pdf_url(meeting, "agenda", "large_print").split("/")),
        "Agenda (PDF, large print)",
    ) in labels
    assert (_web_url(meeting, "minutes"), "Minutes (web page)") in labels
    assert len(labels) == 15


def test_people_who_want_easy_read_first_get_those_links_first(meeting, bob):
    bob.easy_read_first = True
    html = render_to_string(
        "meetings/documents/_links.html",
        {"meeting": meeting, "partnership": meeting.partnership, "user": bob},
    )
    labels = re.findall(r'<a class="govuk-link" href="[^"]+">([^<]+)</a>', html)
    assert labels[:3] == [
        "Meeting pack (PDF, easy read)",
        "Meeting pack (web page, easy read)",
        "Meeting pack (PDF, standard)",
    ]
    log = render_to_string(
        "meetings/documents/_action_log_links.html", {"partnership": meeting.partnership, "user": bob}
    )
    assert re.findall(r'">(Action log[^<]+)</a>', log)[0] == "Action log (PDF, easy read)"


# ---------------------------------------------------------------- queries stay flat


def _grow(meeting, items: int, by) -> None:
    partnership = meeting.partnership
    AgendaItem.objects.bulk_create(
        AgendaItem(
            partnership=partnership,
            meeting=meeting,
            position=500 + n,
            title=f"Topic {n}",
            duration_minutes=5,
            lead=by,
            easy_read_text=f"We talk about topic {n}.",
        )
        for n in range(items)
    )
    for item in AgendaItem.objects.filter(meeting=meeting, title__startswith="Topic")[: items // 5]:
        make_paper(
            partnership, meeting=meeting, agenda_item=item, title=f"Paper for {item.title}", uploaded_by=by
        )


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_pack_costs_the_same_queries_for_5_or_50_agenda_items(partnership, alice, bob, variant):
    counts = []
    for items in (5, 50):
        earlier = make_meeting(partnership, days_ahead=-10 - items, created_by=alice)
        MeetingRole.objects.create(partnership=partnership, meeting=earlier, person=alice, role="chair")
        make_minutes(earlier, by=alice)
        for n in range(items // 5):
            make_decision(earlier, text=f"Decision {n}.")
            make_action_point(earlier, text=f"Action {n}.", owner_person=bob)
        meeting = make_meeting(partnership, days_ahead=40 + items, created_by=alice)
        _grow(meeting, items, bob)
        documents.document_context(meeting, "pack", variant)  # warm any per-process caches
        with CaptureQueriesContext(connection) as queries:
            context = documents.document_context(meeting, "pack", variant)
        assert len(context["agenda"].rows) >= items
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_agenda_and_minutes_cost_the_same_queries_for_5_or_50_items(partnership, alice, bob):
    counts = []
    for items in (5, 50):
        meeting = make_meeting(partnership, days_ahead=-10 - items, created_by=alice)
        _grow(meeting, items, bob)
        make_minutes(meeting, by=alice)
        with CaptureQueriesContext(connection) as queries:
            for document in ("agenda", "minutes"):
                documents.document_context(meeting, document, "easy_read")
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_a_document_that_cannot_be_printed_gets_a_plain_page(partnership, meeting, bob_client, monkeypatch):
    from coproduction import printing

    def broken(**kwargs):
        raise printing.PrintError("a picture would not load")

    # A stand-in for the rendering only: what is tested is what the person sees when it fails.
    monkeypatch.setattr(documents, "render_pdf_parts", broken)
    monkeypatch.setattr(documents, "render_pdf", broken)
    url = reverse(
        "meetings:document_pdf",
        kwargs={"slug": partnership.slug, "pk": meeting.pk, "document": "agenda", "variant": "standard"},
    )
    response = bob_client.get(url)
    assert response.status_code == 503
    assert "This document could not be made" in response.content.decode()


def test_the_web_version_follows_the_persons_display_preferences(partnership, meeting, bob, bob_client):
    bob.text_size = "extra_large"
    bob.save()
    url = reverse(
        "meetings:document_web",
        kwargs={"slug": partnership.slug, "pk": meeting.pk, "document": "agenda", "variant": "large_print"},
    )
    assert '<html lang="en-GB" class="cp-text-xlarge">' in bob_client.get(url).content.decode()
