"""The access plan says a format need is met only when it really is: a READY pack in that format sent by that
person's papers deadline (earlier for someone who needs extra time to read), every paper having its own
version in that format, or an arrangement recorded by the coordinator. Otherwise it says why, in words."""

from datetime import timedelta

import pytest
from django.urls import reverse

from meetings.models import Arrangement, PackDelivery
from meetings.services.access_plan import access_plan
from meetings.services.papers import paper_version_add
from meetings.uploads import check_paper
from partners.models import Membership
from tests.factories import make_member, make_need, make_paper, make_pdf_bytes, make_upload, make_user


@pytest.fixture(autouse=True)
def _media(settings, tmp_path_factory):
    settings.MEDIA_ROOT = str(tmp_path_factory.getbasetemp() / "media")


def _person(partnership, name, code, **detail):
    person = make_member(partnership, make_user(full_name=name)).person
    make_need(person, code, **detail)
    return person


def _sent(meeting, person, variant, *, ready, at):
    return PackDelivery.objects.create(
        partnership=meeting.partnership,
        meeting=meeting,
        person=person,
        variant=variant,
        paper_format=variant,
        channel="email",
        sent_at=at,
        ready=ready,
    )


def _row(meeting, alice, code):
    plan = access_plan(meeting, Membership.objects.get(person=alice))
    [row] = [row for row in plan.rows if row.need.code == code]
    return row


def _day(moment) -> str:
    from django.utils import timezone

    local = timezone.localtime(moment)
    return f"{local.day} {local:%B}"


def test_a_not_ready_or_late_easy_read_pack_leaves_the_need_not_met_with_the_reason(
    partnership, meeting, alice, alice_client
):
    chloe = _person(partnership, "Chloe Brown", "easy_read")
    row = _row(meeting, alice, "easy_read")
    assert row.status == "not_met" and row.explanation == "The easy read pack has not been sent yet."

    on_time = meeting.papers_deadline - timedelta(days=1)
    not_ready = _sent(meeting, chloe, "easy_read", ready=False, at=on_time)
    row = _row(meeting, alice, "easy_read")
    assert row.status == "not_met"
    assert row.explanation == f"The easy read pack was sent on {_day(on_time)}, but it was not ready."

    not_ready.delete()
    late = meeting.papers_deadline + timedelta(days=1)
    _sent(meeting, chloe, "easy_read", ready=True, at=late)
    page = alice_client.get(
        reverse("meetings:access_plan", kwargs={"slug": partnership.slug, "pk": meeting.pk})
    ).content.decode()
    assert f"The easy read pack was sent on {_day(late)}, after the papers deadline." in page

    _sent(meeting, chloe, "easy_read", ready=True, at=on_time)
    row = _row(meeting, alice, "easy_read")
    assert row.status == "arranged"


def test_a_paper_with_no_large_print_version_keeps_large_print_not_met_until_one_exists_or_is_arranged(
    partnership, meeting, alice
):
    graham = _person(partnership, "Graham Ross", "large_print")
    _sent(meeting, graham, "large_print", ready=True, at=meeting.papers_deadline - timedelta(days=2))
    assert _row(meeting, alice, "large_print").status == "arranged"

    budget = make_paper(partnership, meeting=meeting, title="Budget 2027", uploaded_by=alice)
    row = _row(meeting, alice, "large_print")
    assert row.status == "not_met"
    assert row.explanation == "\u201cBudget 2027\u201d has no large print version."

    paper_version_add(
        paper=budget,
        format="large_print",
        checked=check_paper(make_upload("big.pdf", make_pdf_bytes())),
        uploaded_by=alice,
    )
    assert _row(meeting, alice, "large_print").status == "arranged"

    make_paper(partnership, meeting=meeting, title="Minutes of March", uploaded_by=alice)
    assert _row(meeting, alice, "large_print").status == "not_met"
    Arrangement.objects.create(
        partnership=partnership,
        meeting=meeting,
        need_code="large_print",
        description="Read the March minutes to Graham by phone",
        booked_by=alice,
    )
    assert _row(meeting, alice, "large_print").status == "arranged"


def test_extra_time_to_read_moves_that_persons_deadline_earlier(partnership, meeting, alice):
    ruth = _person(partnership, "Ruth Quiet", "extra_reading_time", days=3)
    row = _row(meeting, alice, "extra_reading_time")
    assert row.status == "not_met" and "has not been sent yet" in row.explanation

    # Before the usual deadline but after hers (3 days earlier): late for her.
    sent = _sent(meeting, ruth, "standard", ready=True, at=meeting.papers_deadline - timedelta(days=1))
    row = _row(meeting, alice, "extra_reading_time")
    assert row.status == "not_met" and "after the papers deadline" in row.explanation

    sent.sent_at = meeting.papers_deadline - timedelta(days=4)
    sent.save()
    assert _row(meeting, alice, "extra_reading_time").status == "arranged"


def test_not_met_timing_needs_link_to_what_fixes_them(partnership, meeting, alice, alice_client, bob_client):
    from datetime import time

    from tests.factories import make_venue

    _person(partnership, "Nadia", "earliest_start", earliest_start=time(10, 30))
    _person(partnership, "Ruth", "longest_meeting", minutes=60)
    _person(partnership, "Dave", "regular_breaks", minutes=20)
    _person(partnership, "Fi", "step_free")
    meeting.venue = make_venue(partnership, features=[])
    meeting.save(update_fields=["venue"])
    url = reverse("meetings:access_plan", kwargs={"slug": partnership.slug, "pk": meeting.pk})
    page = alice_client.get(url).content.decode()
    edit = reverse("meetings:meeting_edit", kwargs={"slug": partnership.slug, "pk": meeting.pk})
    agenda = reverse("meetings:agenda", kwargs={"slug": partnership.slug, "pk": meeting.pk})
    assert f'href="{edit}">Change the start time' in page
    assert f'href="{edit}">Change the meeting times' in page
    assert f'href="{agenda}">Add breaks to the agenda' in page
    assert f'href="{edit}">Choose another venue' in page
    # A partner who cannot change the meeting is not offered links that would refuse them.
    assert "Change the start time" not in bob_client.get(url).content.decode()


def test_a_pack_by_post_meets_the_need_only_once_it_is_ticked_as_posted_in_time(partnership, meeting, alice):
    graham = _person(partnership, "Graham Ross", "large_print")
    deadline = meeting.papers_deadline
    delivery = _sent(meeting, graham, "large_print", ready=True, at=deadline - timedelta(days=5))
    PackDelivery.objects.filter(pk=delivery.pk).update(channel="post")

    row = _row(meeting, alice, "large_print")
    assert row.status == "not_met"
    assert "on the print and post list, but not marked as posted yet" in row.explanation

    PackDelivery.objects.filter(pk=delivery.pk).update(done_at=deadline + timedelta(days=1))
    row = _row(meeting, alice, "large_print")
    assert row.status == "not_met" and "after the papers deadline" in row.explanation

    PackDelivery.objects.filter(pk=delivery.pk).update(done_at=deadline - timedelta(days=2))
    assert _row(meeting, alice, "large_print").status == "arranged"
