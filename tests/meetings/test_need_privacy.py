"""Nobody learns a need they were not told: what a booking says ("Wheelchair-accessible taxi booked for Fi"),
who booked it and its cost follow the same rule as the need itself (`may_see_bookings`) on every surface.

The cast: Fi has not shared her needs; a taxi is booked for her, in words that name her, by Cora, a second
coordinator, at a cost. Gus has sent apologies, and his interpreters are still booked. Bob (a partner
member), an observer and a visiting expert invited to the meeting must learn none of it; Alice
(coordinator) and Dana (chair) see it all.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from meetings.models import Arrangement, Attendance, MeetingRole
from meetings.services import documents
from meetings.services.access_plan import access_plan
from meetings.services.meetings import reply_record
from meetings.services.reminders import reminders_send
from partners.models import CommunicationPreference, Membership, Role
from tests.factories import make_member, make_need, make_user
from tests.formats.pdfcheck import page_texts

VARIANTS = ("standard", "large_print", "easy_read")
TAXI = "Wheelchair-accessible taxi booked for Fi"
FI_NOTE = "the taxi must take a power chair"
INTERPRETERS = "Interpreters booked for Gus"
# Nothing of these may reach someone who does not see needs by name.
SECRETS = (TAXI, "Fi Private", FI_NOTE, "Cora Booker", "45.50", INTERPRETERS, "Gus Apologies", "280.00")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def cast(partnership, meeting, alice, dana, bob):
    fi = make_user("fi@example.org", full_name="Fi Private", share_access_needs=False)
    make_member(partnership, fi)
    make_need(fi, "accessible_transport", note=f"Fi Private says {FI_NOTE}")
    gus = make_user("gus@example.org", full_name="Gus Apologies")
    make_member(partnership, gus)
    make_need(gus, "bsl_interpreter")
    reply_record(meeting=meeting, person=gus, reply="not_attending")
    cora = make_user("cora@example.org", full_name="Cora Booker")
    make_member(partnership, cora, role=Role.COORDINATOR)
    observer = make_user("observer@example.org", full_name="Olu Observer")
    make_member(partnership, observer, role=Role.OBSERVER)
    expert = make_user("expert@example.org", full_name="Eve Expert")
    make_member(partnership, expert, role=Role.VISITING_EXPERT)
    Attendance.objects.create(partnership=partnership, meeting=meeting, person=expert)
    Arrangement.objects.create(
        partnership=partnership,
        meeting=meeting,
        need_code="accessible_transport",
        description=TAXI,
        booked_by=cora,
        cost=Decimal("45.50"),
    )
    Arrangement.objects.create(
        partnership=partnership,
        meeting=meeting,
        need_code="bsl_interpreter",
        description=INTERPRETERS,
        booked_by=cora,
        cost=Decimal("280.00"),
    )
    return {"fi": fi, "bob": bob, "observer": observer, "expert": expert, "alice": alice, "dana": dana}


RESTRICTED = ("bob", "observer", "expert")
FULL = ("alice", "dana")


def _assert_none_of_it(text: str, who: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{who} learns {secret!r} from {where}"


def _url(name: str, meeting) -> str:
    return reverse(f"meetings:{name}", kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk})


# ---------------------------------------------------------------- the rule


def test_the_rule_is_coordinators_chairs_and_this_meetings_chairs(partnership, meeting, cast):
    from meetings.services.access_plan import may_see_bookings

    def rule(person) -> bool:
        return may_see_bookings(Membership.objects.get(person=person), meeting)

    assert [rule(cast[name]) for name in FULL] == [True, True]
    assert [rule(cast[name]) for name in RESTRICTED] == [False, False, False]
    assert may_see_bookings(None, meeting) is False  # a printed pack, an email to many
    # Bob chairs this meeting: he sees what its chairs see, and only for this meeting.
    MeetingRole.objects.create(partnership=partnership, meeting=meeting, person=cast["bob"], role="chair")
    assert rule(cast["bob"]) is True
    # An observer given a meeting role still only observes.
    MeetingRole.objects.create(
        partnership=partnership, meeting=meeting, person=cast["observer"], role="chair"
    )
    assert rule(cast["observer"]) is False


def test_a_booking_seen_without_the_right_names_nobody(meeting, cast):
    from meetings.services.access_plan import booking_view

    taxi = Arrangement.objects.get(description=TAXI)
    hidden = booking_view(taxi, full=False)
    assert hidden.status_words == "Accessible transport: arranged"
    assert (hidden.description, hidden.booked_by, hidden.cost, hidden.booked_on) == ("", "", None, None)
    shown = booking_view(taxi, full=True)
    assert (shown.description, shown.booked_by, shown.cost) == (TAXI, "Cora Booker", Decimal("45.50"))


# ---------------------------------------------------------------- pages


def test_the_access_plan_page_shows_bookings_only_to_coordinators_and_chairs(meeting, cast):
    for name in RESTRICTED:
        page = _client(cast[name]).get(_url("access_plan", meeting)).content.decode()
        _assert_none_of_it(page, name, "the access plan")
        assert "Accessible transport: arranged." in page
        # Bookings for people who are not coming, beside the apologies, would say what they need.
        assert "Bookings nobody coming needs now" not in page
        assert "What is booked is shown without the details" in page
    for name in FULL:
        page = _client(cast[name]).get(_url("access_plan", meeting)).content.decode()
        assert f"{TAXI}. Booked" in page and "by Cora Booker, costing £45.50" in page, name
        assert f"Fi Private: Fi Private says {FI_NOTE}" in page  # her note, where her name may show
        assert "Bookings nobody coming needs now" in page and INTERPRETERS in page


def test_a_note_shows_only_where_its_persons_name_may_show(partnership, meeting, cast):
    sam = make_user(full_name="Sam Sharer", share_access_needs=True)
    make_member(partnership, sam)
    make_need(sam, "accessible_transport", note="Sam would like the front seat")
    bob_page = _client(cast["bob"]).get(_url("access_plan", meeting)).content.decode()
    assert "Sam Sharer: Sam would like the front seat" in bob_page  # Sam chose to share
    assert FI_NOTE not in bob_page
    expert_page = _client(cast["expert"]).get(_url("access_plan", meeting)).content.decode()
    assert "Sam Sharer" not in expert_page and "front seat" not in expert_page
    assert "You see how many people need each thing, not who." in expert_page


def test_the_meeting_page_and_workspace_home_say_nothing_of_bookings(partnership, meeting, cast):
    for name in RESTRICTED + FULL:
        page = _client(cast[name]).get(meeting.get_absolute_url()).content.decode()
        for secret in (TAXI, FI_NOTE, "45.50", INTERPRETERS, "280.00"):
            assert secret not in page, (name, secret)
    for name in ("bob", "observer"):
        home = _client(cast[name]).get(reverse("workspace", args=[partnership.slug])).content.decode()
        _assert_none_of_it(home, name, "the workspace home")
    # A visiting expert has no workspace home: they see their meeting and nothing else.
    assert _client(cast["expert"]).get(reverse("workspace", args=[partnership.slug])).status_code == 404


def test_the_send_meeting_pack_page_is_for_coordinators_and_shows_no_booking(meeting, cast):
    page = _client(cast["alice"]).get(_url("pack_send", meeting)).content.decode()
    assert "Send the meeting pack" in page
    for secret in (TAXI, FI_NOTE, "45.50", INTERPRETERS):
        assert secret not in page
    for name in RESTRICTED:
        assert _client(cast[name]).get(_url("pack_send", meeting)).status_code in {403, 404}


def test_the_calendar_file_carries_no_booking(meeting, cast):
    ics = _client(cast["bob"]).get(_url("meeting_ics", meeting)).content.decode()
    _assert_none_of_it(ics, "bob", "the calendar file")


# ---------------------------------------------------------------- packs


def test_every_pack_variant_says_what_is_in_place_in_words_that_name_nobody(meeting, cast):
    for variant in VARIANTS:
        for name in RESTRICTED + FULL + ("nobody",):
            viewer = Membership.objects.get(person=cast[name]) if name != "nobody" else None
            context = documents.document_context(meeting, "pack", variant, viewer)
            html = documents.document_html(context, "pack", variant)
            # The same pack for coordinators as for everyone: a printed copy may be left on a table.
            _assert_none_of_it(html, name, f"the {variant} pack")
            assert "Accessible transport: booked." in context["front"].access
            # Gus's interpreters: nobody coming needs them, and beside the list of apologies on the
            # meeting page the line would say what Gus needs.
            assert not any(line.startswith("BSL") for line in context["front"].access)


def test_the_pack_web_page_and_pdf_name_nobody(meeting, cast):
    for name in RESTRICTED:
        client = _client(cast[name])
        web = client.get(
            reverse(
                "meetings:document_web",
                kwargs={
                    "slug": meeting.partnership.slug,
                    "pk": meeting.pk,
                    "document": "pack",
                    "variant": "large_print",
                },
            )
        )
        assert web.status_code == 200
        _assert_none_of_it(web.content.decode(), name, "the pack's web page")
    pdf = _client(cast["bob"]).get(
        reverse(
            "meetings:document_pdf",
            kwargs={
                "slug": meeting.partnership.slug,
                "pk": meeting.pk,
                "document": "pack",
                "variant": "standard",
            },
        )
    )
    text = " ".join(" ".join(page_texts(pdf.content)).split())
    assert "Accessible transport: booked." in text
    _assert_none_of_it(text, "bob", "the pack PDF")


# ---------------------------------------------------------------- emails


def _message_text(message) -> str:
    parts = [message.subject, message.body, *(content for content, _ in message.alternatives)]
    for _, content, kind in message.attachments:
        if kind == "application/pdf":
            parts += page_texts(content)
    return " ".join(" ".join(parts).split())


def test_pack_emails_carry_no_booking_to_those_who_may_not_see_it(
    meeting, cast, django_capture_on_commit_callbacks
):
    from meetings.services.packs import pack_send

    with django_capture_on_commit_callbacks(execute=True):
        pack_send(meeting=meeting, by=cast["alice"], base_url="https://cp.example.org")
    for name in RESTRICTED:
        [message] = [m for m in mail.outbox if cast[name].email in m.to]
        _assert_none_of_it(_message_text(message), name, "the pack email")


def test_reminders_and_digests_carry_no_booking(partnership, meeting, cast):
    for name in RESTRICTED:
        CommunicationPreference.objects.update_or_create(person=cast[name], defaults={"channels": ["email"]})
    # Bob takes a weekly digest: his "meeting tomorrow" still comes on its own, and other news in the digest.
    CommunicationPreference.objects.filter(person=cast["bob"]).update(frequency="weekly")
    reminders_send(now=meeting.starts_at - timedelta(hours=12), base_url="https://cp.example.org")
    for name in RESTRICTED:
        messages = [m for m in mail.outbox if cast[name].email in m.to]
        assert messages, name
        for message in messages:
            _assert_none_of_it(_message_text(message), name, message.subject)
    mail.outbox.clear()
    from meetings.models import DigestItem

    DigestItem.objects.create(
        partnership=partnership, person=cast["bob"], text="The minutes are out.", link="/"
    )
    monday = meeting.starts_at - timedelta(days=meeting.starts_at.weekday() + 7)
    reminders_send(now=monday.replace(hour=9), base_url="https://cp.example.org")
    [digest] = [m for m in mail.outbox if cast["bob"].email in m.to]
    assert "weekly digest" in digest.subject
    _assert_none_of_it(_message_text(digest), "bob", "the digest")


# ---------------------------------------------------------------- the plan itself


def test_the_plan_for_a_document_names_nobody_and_keeps_bookings_in_words(meeting, cast):
    plan = access_plan(meeting, None)
    assert plan.sees_bookings is False
    transport = next(row for row in plan.rows if row.need.code == "accessible_transport")
    assert transport.people == [] and transport.unnamed == 1
    assert transport.booking_status_words == "Accessible transport: arranged"
    assert all(not b.description and not b.booked_by and b.cost is None for b in plan.other_arrangements)


def test_data_downloads_carry_no_one_elses_need_or_booking(meeting, cast):
    """Each person's "Download your data" holds their own record only: the restricted readers' downloads
    say nothing of Fi or the bookings, and neither does Fi's own say what others booked for her."""
    for name in (*RESTRICTED, "fi"):
        client = _client(cast[name])
        text = client.get(reverse("partners:data_download")).content.decode()
        for secret in (TAXI, INTERPRETERS, "45.50", "280.00", "Cora Booker", "Gus Apologies"):
            assert secret not in text, f"{name}'s data download says {secret!r}"
        if name != "fi":
            assert "Fi Private" not in text and FI_NOTE not in text
