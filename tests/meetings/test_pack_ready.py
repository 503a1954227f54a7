"""No pack goes out "not ready" by default: the Send meeting pack page names what stops the easy read or large
print pack being ready (with the page that fixes each), the main button holds those packs back, and only a
separate "Send anyway" sends them, recorded as not ready."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem, PackDelivery
from meetings.services.easy_read import easy_read_check_record, easy_read_save, pack_points
from meetings.services.papers import paper_version_add
from meetings.uploads import check_paper
from partners.models import CommunicationPreference
from tests.factories import make_member, make_need, make_paper, make_pdf_bytes, make_upload, make_user


@pytest.fixture(autouse=True)
def _print_cache(settings, tmp_path_factory):
    settings.MEDIA_ROOT = str(tmp_path_factory.getbasetemp() / "media")


def _send_url(meeting) -> str:
    return reverse("meetings:pack_send", kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk})


def _form(client, meeting) -> dict:
    page = client.get(_send_url(meeting)).content.decode()
    seen = re.search(r'name="seen" value="(\d+)"', page)
    return {
        "once": re.search(r'name="once" value="([0-9a-f]{32})"', page).group(1),
        "seen": seen[1] if seen else "",
    }


def _press(client, meeting, capture, **data):
    with capture(execute=True):
        return client.post(_send_url(meeting), {**_form(client, meeting), **data})


@pytest.fixture
def chloe(partnership):
    """Reads easy read; gets her pack by post."""
    person = make_member(partnership, make_user(full_name="Chloe Brown")).person
    make_need(person, "easy_read")
    CommunicationPreference.objects.create(
        person=person, channels=["post"], postal_address="4 Mill Lane\nRiverside"
    )
    return person


@pytest.fixture
def graham(partnership):
    """Reads large print; gets his pack by post."""
    person = make_member(partnership, make_user(full_name="Graham Ross")).person
    make_need(person, "large_print")
    CommunicationPreference.objects.create(
        person=person, channels=["post"], postal_address="12 Harbour Road\nRiverside"
    )
    return person


def make_easy_read_ready(meeting, by) -> None:
    """Every point of the pack gets easy read words, and a check by people who use easy read is recorded."""
    for point in pack_points(meeting):
        easy_read_save(point=point, text=f"We talk about {point.words}.", picture="openmoji:E249", by=by)
    from django.utils import timezone

    easy_read_check_record(
        meeting=meeting,
        checked_by="The Tuesday group",
        checked_on=timezone.localdate(),
        notes="",
        recorded_by=by,
    )


def add_version(paper, variant: str, by) -> None:
    paper_version_add(
        paper=paper,
        format=variant,
        checked=check_paper(make_upload(f"{variant}.pdf", make_pdf_bytes())),
        uploaded_by=by,
    )


def test_the_send_page_names_what_stops_each_pack_being_ready_with_links_to_fix_it(
    partnership, meeting, alice, alice_client, chloe, graham
):
    make_easy_read_ready(meeting, alice)
    item = AgendaItem.objects.create(
        partnership=partnership, meeting=meeting, title="Budget", position=50, duration_minutes=20
    )
    budget = make_paper(partnership, meeting=meeting, title="Budget 2027", uploaded_by=alice)

    page = alice_client.get(_send_url(meeting)).content.decode()
    assert "What is not ready yet" in page
    point = reverse(
        "meetings:easy_read_point",
        kwargs={"slug": partnership.slug, "pk": meeting.pk, "kind": "agenda_item", "point_id": item.pk},
    )
    assert "Agenda item \u201cBudget\u201d has no easy read words." in page and point in page
    add = reverse(
        "meetings:paper_version_add",
        kwargs={"slug": partnership.slug, "pk": meeting.pk, "paper_pk": budget.pk},
    )
    assert "Graham Ross gets large print by post: \u201cBudget 2027\u201d has no large print version" in page
    assert f"{add}?format=large_print" in page
    assert "Chloe Brown gets easy read by post: \u201cBudget 2027\u201d has no easy read version" in page
    # The check was recorded, so that is not listed; the main button says it sends only what is ready.
    assert "Record a check" not in page
    assert "Send the packs that are ready" in page
    assert "Send anyway: Chloe Brown\u2019s easy read pack will say it is not ready" in page
    assert "Graham Ross\u2019s large print pack will go without large print versions of 1 paper" in page


def test_the_main_button_holds_back_a_pack_that_is_not_ready_and_send_anyway_sends_it(
    partnership, meeting, alice, alice_client, chloe, graham, django_capture_on_commit_callbacks
):
    # Nothing has easy read words or a check yet; no paper lacks a large print version.
    page = alice_client.get(_send_url(meeting)).content.decode()
    check = reverse("meetings:easy_read_check", kwargs={"slug": partnership.slug, "pk": meeting.pk})
    assert "Nobody has recorded that people who use easy read checked the pack." in page and check in page

    response = _press(alice_client, meeting, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert not PackDelivery.objects.filter(meeting=meeting, person=chloe).exists()
    graham_sent = PackDelivery.objects.get(meeting=meeting, person=graham)
    assert graham_sent.ready is True
    followed = alice_client.get(response["Location"]).content.decode()
    assert "Not sent to Chloe Brown (easy read): their pack is not ready yet." in followed

    # The page still offers the separate choice; pressing it sends Chloe's pack, recorded as not ready.
    page = alice_client.get(_send_url(meeting)).content.decode()
    assert "Send anyway: Chloe Brown\u2019s easy read pack will say it is not ready" in page
    _press(alice_client, meeting, django_capture_on_commit_callbacks, who="new", anyway="")
    chloe_sent = PackDelivery.objects.get(meeting=meeting, person=chloe)
    assert chloe_sent.ready is False and chloe_sent.variant == "easy_read"


def test_when_every_pack_is_ready_there_is_one_button_and_everyone_gets_theirs(
    partnership, meeting, alice, alice_client, chloe, graham, django_capture_on_commit_callbacks
):
    make_easy_read_ready(meeting, alice)
    paper = make_paper(partnership, meeting=meeting, title="Budget 2027", uploaded_by=alice)
    add_version(paper, "large_print", alice)
    add_version(paper, "easy_read", alice)

    page = alice_client.get(_send_url(meeting)).content.decode()
    assert "What is not ready yet" not in page and "Send anyway" not in page
    assert "Send meeting pack" in page
    # A "Send anyway" sent by hand when nothing is offered changes nothing: everything is ready.
    _press(alice_client, meeting, django_capture_on_commit_callbacks, anyway="")
    assert set(
        PackDelivery.objects.filter(meeting=meeting, person__in=[chloe, graham]).values_list(
            "ready", flat=True
        )
    ) == {True}
    assert len(mail.outbox) >= 1


def test_extra_time_to_read_gives_that_person_an_earlier_deadline_on_the_send_page_and_when_sent(
    partnership, alice, alice_client, django_capture_on_commit_callbacks
):
    from tests.factories import make_meeting

    # The usual papers deadline (7 days before) is 3 days away; Ruth's, 5 days earlier, has passed.
    meeting = make_meeting(partnership, days_ahead=10, created_by=alice)
    ruth = make_member(partnership, make_user(full_name="Ruth Quiet")).person
    make_need(ruth, "extra_reading_time", days=5)
    page = alice_client.get(_send_url(meeting)).content.decode()
    deadline = timezone.localtime(meeting.papers_deadline - timedelta(days=5))
    assert f"Needs extra time to read: theirs goes by {deadline:%A} {deadline.day} {deadline:%B}" in page

    response = _press(alice_client, meeting, django_capture_on_commit_callbacks)
    assert PackDelivery.objects.get(meeting=meeting, person=ruth).late is True
    assert not PackDelivery.objects.filter(meeting=meeting, person=alice, late=True).exists()
    followed = alice_client.get(response["Location"]).content.decode()
    assert "after the earlier papers deadline of Ruth Quiet (extra time to read papers)" in followed


def test_easy_read_words_saved_with_a_warning_are_listed_on_the_send_page(
    meeting, alice, alice_client, chloe
):
    make_easy_read_ready(meeting, alice)
    point = pack_points(meeting)[0]
    long = " ".join(["word"] * 20) + "."
    easy_read_save(point=point, text=long, picture="openmoji:E249", by=alice)

    page = alice_client.get(_send_url(meeting)).content.decode()
    assert "Easy read words to look at again" in page
    assert f"Look again at the easy read words for {point.name}" in page
    assert "What is not ready yet" not in page  # a warning never holds the pack back
