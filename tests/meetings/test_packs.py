"""Sending the meeting pack: each person gets their own format through their own channel, the coordinator's
print and post list, deliveries with late flags, sending twice, and who may do it."""

import html
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduction import demo
from meetings.models import AgendaItem, Attendance, DigestItem, Meeting, PackDelivery
from meetings.services import packs
from partners.models import CommunicationPreference, Partnership, Role, User
from tests.factories import make_meeting, make_member, make_need, make_user


@pytest.fixture(autouse=True)
def _print_cache(settings, tmp_path_factory):
    # Printed packs are kept in the default storage; one folder for the whole run, so a pack rendered by
    # one test is reused by the next with the same content, as in production.
    settings.MEDIA_ROOT = str(tmp_path_factory.getbasetemp() / "media")


def _send_url(meeting: Meeting) -> str:
    return reverse("meetings:pack_send", kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk})


def _print_list_url(meeting: Meeting) -> str:
    return reverse("meetings:pack_print_list", kwargs={"slug": meeting.partnership.slug, "pk": meeting.pk})


def _once(client, url: str) -> str:
    """The one-time token from the form on the page."""
    page = client.get(url).content.decode()
    return re.search(r'name="once" value="([0-9a-f]{32})"', page).group(1)


def _form(client, url: str) -> dict:
    """The hidden fields of the send form as the page gives them: its one-time token and the last delivery
    the page showed."""
    page = client.get(url).content.decode()
    seen = re.search(r'name="seen" value="(\d+)"', page)
    return {
        "once": re.search(r'name="once" value="([0-9a-f]{32})"', page).group(1),
        "seen": seen[1] if seen else "",
    }


def _send(client, meeting: Meeting, capture, **data):
    """Press "Send meeting pack" and run what waits for the transaction to commit (the email task)."""
    with capture(execute=True):
        return client.post(_send_url(meeting), {**_form(client, _send_url(meeting)), **data})


def _emails_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def _html_text(message) -> str:
    [(content, kind)] = message.alternatives
    assert kind == "text/html"
    text = re.sub(r"<[^>]+>", " ", content)
    return " ".join(html.unescape(text).split())


def assert_same_words(message) -> None:
    """Every line of the plain text is in the HTML: the two say the same thing."""
    words = _html_text(message)
    for line in message.body.splitlines():
        line = " ".join(line.split()).lstrip("- ")
        if line:
            assert line in words, line


def _prefs(person: User, **fields) -> CommunicationPreference:
    pref, _ = CommunicationPreference.objects.update_or_create(person=person, defaults=fields)
    return pref


# ---------------------------------------------------------------- the demo: everyone their own way


@pytest.fixture
def riverside(db):
    demo.load()
    partnership = Partnership.objects.get(slug="work-together-riverside")
    meeting = Meeting.objects.get(partnership=partnership, title="Planning the 50 conversations")
    return partnership, meeting


@pytest.fixture
def morag_client(client):
    client.force_login(User.objects.get(email="coordinator@example.org"))
    return client


def test_each_demo_person_gets_the_pack_in_their_own_format_and_way(
    riverside, morag_client, django_capture_on_commit_callbacks, monkeypatch
):
    partnership, meeting = riverside
    rendered = []
    real = packs.meeting_pack_files
    monkeypatch.setattr(
        packs,
        "meeting_pack_files",
        lambda m, variant, **kw: rendered.append(variant) or real(m, variant, **kw),
    )
    page = morag_client.get(_send_url(meeting))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Graham Ross" in text and "By post: on your print and post list" in text
    assert "A copy by email to Ann Murray" in text
    assert "A link in their weekly digest" in text
    assert not mail.outbox

    response = _send(morag_client, meeting, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == _print_list_url(meeting)

    # Each variant is rendered once for everyone who gets it, not once a person.
    assert sorted(rendered) == ["easy_read", "large_print", "standard"]

    day = f"{timezone.localtime(meeting.starts_at).day} {timezone.localtime(meeting.starts_at):%B}"
    # Jamie: standard print by email, plain text and HTML with the same words, a short subject.
    [jamie] = _emails_to("member@example.org")
    assert jamie.subject == f"Meeting pack: Planning the 50 conversations, {day}"
    [(name, content, kind)] = jamie.attachments
    assert kind == "application/pdf" and content.startswith(b"%PDF") and "standard" in name
    web = reverse(
        "meetings:document_web",
        kwargs={"slug": partnership.slug, "pk": meeting.pk, "document": "pack", "variant": "standard"},
    )
    assert f"http://testserver{web}" in jamie.body
    assert "is attached, in standard print." in jamie.body
    assert_same_words(jamie)
    assert not jamie.cc

    # Graham: large print, by email and on the print and post list.
    [graham] = _emails_to("lowvision@example.org")
    assert all("large-print" in name for name, _, _ in graham.attachments)
    assert "/pack/large_print/" in graham.body
    assert set(
        PackDelivery.objects.filter(meeting=meeting, person__email="lowvision@example.org").values_list(
            "variant", "channel"
        )
    ) == {("large_print", "email"), ("large_print", "post")}

    # Chloe: easy read by post, with a phone call; she takes no email, so only her support person is emailed.
    assert not _emails_to("easyread@example.org")
    [ann] = _emails_to("ann.murray@example.org")
    assert ann.subject == f"Meeting pack for Chloe Brown: Planning the 50 conversations, {day}"
    assert ann.attachments and all("easy-read" in name for name, _, _ in ann.attachments)
    assert "Hello Ann Murray" in ann.body and "Chloe Brown gets it by post" in ann.body
    assert "in easy read" in ann.body and "/p/" not in ann.body  # links need Chloe's sign-in
    assert_same_words(ann)
    assert list(
        PackDelivery.objects.filter(meeting=meeting, person__email="easyread@example.org").values_list(
            "variant", "paper_format", "channel"
        )
    ) == [("easy_read", "easy_read", "post")]

    # Peter asked for a weekly digest: no email now, an item for his digest.
    assert not _emails_to("council@example.org")
    [item] = DigestItem.objects.filter(person__email="council@example.org")
    assert item.text.startswith("The meeting pack for Planning the 50 conversations") and item.sent_at is None
    assert item.link == web
    assert PackDelivery.objects.get(meeting=meeting, person__email="council@example.org").channel == "digest"

    # Dave reads email with a screen reader and asked for plain text: no HTML part.
    [dave] = _emails_to("dog@example.org")
    assert dave.alternatives == []
    # Ruth wants no contact between meetings, but the meeting pack is about the meeting.
    assert len(_emails_to("quiet@example.org")) == 1

    invited = len(packs.pack_plans(meeting))
    assert PackDelivery.objects.filter(meeting=meeting).values("person").distinct().count() == invited
    assert not PackDelivery.objects.filter(meeting=meeting, late=True).exists()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PAPERS_SENT


def test_the_print_and_post_list_counts_packs_and_gives_addresses(
    riverside, morag_client, django_capture_on_commit_callbacks
):
    partnership, meeting = riverside
    elaine = User.objects.get(email="hearing@example.org")
    _prefs(elaine, channels=["post"], paper_format="large_print", postal_address="7 Quay Street\nRiverside")
    braille = make_member(partnership).person
    _prefs(braille, channels=["email"], paper_format="braille")
    nobody = make_member(partnership, make_user(full_name="Sam Text")).person
    _prefs(nobody, channels=["text", "video"])
    assert (
        "The meeting pack has not been sent yet"
        in morag_client.get(_print_list_url(meeting)).content.decode()
    )

    _send(morag_client, meeting, django_capture_on_commit_callbacks)
    page = morag_client.get(_print_list_url(meeting)).content.decode()
    assert "Print 2 large print packs and 1 easy read pack." in page
    assert "Graham Ross" in page and "12 Harbour Road<br>Riverside<br>RV1 2AB" in page
    assert "Elaine Grant" in page and "7 Quay Street" in page
    assert "Chloe Brown" in page and "4 Mill Lane" in page
    assert "Phone Chloe Brown to go through the easy read pack" in page
    assert "Contact Sam Text by text message or video call" in page
    assert f"Braille on request for {braille.display_name}" in page
    for variant in ("standard", "large_print", "easy_read"):
        assert packs.pdf_path(meeting, variant) in page
    # The braille reader gets the standard pack by email meanwhile; Sam and Elaine get no email.
    assert len(_emails_to(braille.email)) == 1
    assert not _emails_to(nobody.email) and not _emails_to(elaine.email)


# ---------------------------------------------------------------- with the fixed cast


@pytest.fixture
def invited(partnership, alice, dana, bob):
    for person in (alice, dana, bob):
        _prefs(person, channels=["email"])
    return [alice, dana, bob]


def test_a_late_pack_is_recorded_late_and_shown_in_words(
    partnership, invited, alice_client, django_capture_on_commit_callbacks
):
    meeting = make_meeting(partnership, days_ahead=3)  # the 7-day papers deadline has passed
    page = alice_client.get(_send_url(meeting)).content.decode()
    assert "The papers deadline has passed and the pack is not sent" in page

    _send(alice_client, meeting, django_capture_on_commit_callbacks)
    assert set(PackDelivery.objects.filter(meeting=meeting).values_list("late", flat=True)) == {True}
    assert len(mail.outbox) == 3
    assert "We are sorry it is later than we promised." in mail.outbox[0].body
    response = alice_client.get(meeting.get_absolute_url())
    assert "It went after the papers deadline, so it is recorded as late." in response.content.decode()

    # The Send page lists who was sent it, each marked late.
    send_page = alice_client.get(_send_url(meeting)).content.decode()
    assert "Who was sent the meeting pack" in send_page
    assert send_page.count("Late</strong> after the papers deadline") == 3
    status = packs.deadline_status(meeting)
    assert status.sent and status.late and status.passed
    assert "after the papers deadline" in render_to_string(
        "meetings/packs/_deadline.html", {"deadline": status}
    )


def test_sending_twice_sends_nothing_twice_unless_asked(
    partnership, meeting, invited, alice_client, django_capture_on_commit_callbacks
):
    _send(alice_client, meeting, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3
    assert not PackDelivery.objects.filter(meeting=meeting, late=True).exists()

    page = alice_client.get(_send_url(meeting)).content.decode()
    assert "The pack was already sent on" in page
    assert "Send it again to everyone, or only to people who have not had it?" in page
    assert re.search(r'value="new"\s+checked', page)

    # The default: only people without it, and that is nobody.
    response = _send(alice_client, meeting, django_capture_on_commit_callbacks, who="new")
    assert response.status_code == 302
    assert len(mail.outbox) == 3
    assert PackDelivery.objects.filter(meeting=meeting).count() == 3
    follow = alice_client.get(response["Location"]).content.decode()
    assert "Everyone invited has already had the meeting pack, so nothing was sent." in follow

    # Someone new joins: only they get it.
    newcomer = make_member(partnership).person
    _send(alice_client, meeting, django_capture_on_commit_callbacks, who="new")
    assert len(mail.outbox) == 4 and mail.outbox[-1].to == [newcomer.email]

    # Asked to, everyone gets it again.
    _send(alice_client, meeting, django_capture_on_commit_callbacks, who="everyone")
    assert len(mail.outbox) == 8
    assert PackDelivery.objects.filter(meeting=meeting).count() == 8

    # The same form sent twice (a double click) sends once.
    url = _send_url(meeting)
    form = _form(alice_client, url)
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(url, {**form, "who": "everyone"})
        second = alice_client.post(url, {**form, "who": "everyone"})
    assert second.status_code == 302
    assert len(mail.outbox) == 12

    # Even when the cache has forgotten the form (another app server, a restart), the database knows the
    # pack went again since that page was shown: a second press sends nothing more, and says why.
    form = _form(alice_client, url)
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(url, {**form, "who": "everyone"})
        cache.clear()
        second = alice_client.post(url, {**form, "who": "everyone"}, follow=True)
    assert "was sent again a moment ago" in second.content.decode()
    assert len(mail.outbox) == 16

    # Nonsense in the choice is a plain message, not a 500, and sends nothing.
    bad = alice_client.post(url, {"once": _once(alice_client, url), "who": "all-of-them"})
    assert bad.status_code == 200
    assert "Choose who gets the pack this time." in bad.content.decode()
    assert len(mail.outbox) == 16


def test_a_person_with_no_email_channel_goes_on_the_coordinators_list(
    partnership, meeting, invited, bob, alice_client, django_capture_on_commit_callbacks
):
    _prefs(bob, channels=["phone", "text"], best_times="Weekday mornings")
    make_need(bob, "large_print")
    _send(alice_client, meeting, django_capture_on_commit_callbacks)
    assert not _emails_to(bob.email)
    delivery = PackDelivery.objects.get(meeting=meeting, person=bob)
    assert (delivery.variant, delivery.channel) == ("large_print", "other")
    page = alice_client.get(_print_list_url(meeting)).content.decode()
    assert "Contact Bob Member by phone or text message" in page
    assert "Weekday mornings" in page
    assert "Nothing to print" not in page


def test_someone_who_wants_email_but_never_set_preferences_is_emailed(
    partnership, meeting, alice, alice_client, django_capture_on_commit_callbacks
):
    stranger = make_member(partnership).person
    assert not CommunicationPreference.objects.filter(person=stranger).exists()
    _send(alice_client, meeting, django_capture_on_commit_callbacks)
    assert len(_emails_to(stranger.email)) == 1


def test_a_meeting_with_no_agenda_still_sends_with_a_warning(
    partnership, meeting, invited, alice_client, django_capture_on_commit_callbacks
):
    AgendaItem.objects.filter(meeting=meeting).delete()
    page = alice_client.get(_send_url(meeting)).content.decode()
    assert "There is no agenda yet" in page
    _send(alice_client, meeting, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3


def test_a_cancelled_or_past_meeting_says_why_and_sends_nothing(
    partnership, meeting, past_meeting, invited, alice_client, django_capture_on_commit_callbacks
):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
    for m, words in ((meeting, "This meeting is cancelled"), (past_meeting, "already happened")):
        assert words in alice_client.get(_send_url(m)).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = alice_client.post(_send_url(m), {"once": "0" * 32})
        assert response.status_code == 200 and words in response.content.decode()
    assert not mail.outbox and not PackDelivery.objects.exists()


def test_people_not_invited_or_not_coming_are_handled(
    partnership, meeting, invited, bob, dana, alice_client, django_capture_on_commit_callbacks
):
    Attendance.objects.create(partnership=partnership, meeting=meeting, person=bob, excluded=True)
    # Apologies still get the pack: the papers are for everyone invited.
    Attendance.objects.create(partnership=partnership, meeting=meeting, person=dana, reply="not_attending")
    _send(alice_client, meeting, django_capture_on_commit_callbacks)
    assert not _emails_to(bob.email) and len(_emails_to(dana.email)) == 1


# ---------------------------------------------------------------- the deadline, for the meeting page


def test_deadline_status_in_words(partnership, alice):
    meeting = make_meeting(partnership, days_ahead=10)  # deadline in 3 days
    status = packs.deadline_status(meeting)
    assert (status.days_left, status.passed, status.sent) == (3, False, False)
    words = " ".join(render_to_string("meetings/packs/_deadline.html", {"deadline": status}).split())
    deadline = timezone.localtime(meeting.papers_deadline)
    assert f"Papers go out by {deadline:%A} {deadline.day} {deadline:%B}: 3 days left" in words
    assert "govuk-warning-text" not in words

    soon = packs.deadline_status(meeting, now=meeting.papers_deadline - timedelta(hours=20))
    assert soon.days_left in (0, 1)
    assert "govuk-warning-text" in render_to_string("meetings/packs/_deadline.html", {"deadline": soon})

    passed = packs.deadline_status(meeting, now=meeting.papers_deadline + timedelta(hours=1))
    assert passed.warn
    assert "The papers deadline has passed and the pack is not sent" in render_to_string(
        "meetings/packs/_deadline.html", {"deadline": passed}
    )
    after = packs.deadline_status(meeting, now=meeting.ends_at + timedelta(hours=1))
    assert not after.show
    assert not render_to_string("meetings/packs/_deadline.html", {"deadline": after}).strip()


# ---------------------------------------------------------------- who may


@pytest.mark.parametrize("url", [_send_url, _print_list_url])
def test_access_to_sending_and_the_print_list(
    url, partnership, meeting, invited, alice_client, bob_client, charlie_client, client
):
    assert alice_client.get(url(meeting)).status_code == 200
    assert charlie_client.get(url(meeting)).status_code == 404
    assert charlie_client.post(url(meeting)).status_code == 404
    assert bob_client.get(url(meeting)).status_code == 403
    assert bob_client.post(url(meeting)).status_code == 403
    response = client.get(url(meeting))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert not PackDelivery.objects.exists() and not mail.outbox


def test_observers_and_chairs_cannot_send(partnership, meeting, dana_client):
    observer = make_member(partnership, role=Role.OBSERVER).person
    from django.test import Client

    observer_client = Client()
    observer_client.force_login(observer)
    assert observer_client.post(_send_url(meeting)).status_code == 403
    assert dana_client.post(_send_url(meeting)).status_code == 403


def test_the_send_page_query_count_stays_flat(
    partnership, meeting, alice_client, django_assert_max_num_queries
):
    for _ in range(5):
        _prefs(make_member(partnership).person, channels=["email", "post"])
    with django_assert_max_num_queries(30) as few:
        alice_client.get(_send_url(meeting))
    for _ in range(45):
        _prefs(make_member(partnership).person, channels=["email", "post"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        alice_client.get(_send_url(meeting))


def test_the_print_and_post_list_ticks_each_pack_posted_and_each_call_made_with_who_and_when(
    partnership, meeting, alice, alice_client, bob_client, charlie_client, django_capture_on_commit_callbacks
):
    graham = make_member(partnership, make_user(full_name="Graham Ross", phone="01234 567890")).person
    _prefs(graham, channels=["post", "phone"], postal_address="12 Harbour Road")
    sam = make_member(partnership, make_user(full_name="Sam Text")).person
    _prefs(sam, channels=["text"])
    _send(alice_client, meeting, django_capture_on_commit_callbacks)
    posted = PackDelivery.objects.get(meeting=meeting, person=graham, channel="post")
    other = PackDelivery.objects.get(meeting=meeting, person=sam, channel="other")
    url = _print_list_url(meeting)
    page = alice_client.get(url).content.decode()
    assert "Mark as posted" in page and "Mark the call as made" in page and "Mark as contacted" in page

    # Someone who may not manage, or an outsider, cannot tick.
    assert bob_client.post(url, {"delivery": posted.pk, "what": "posted"}).status_code == 403
    assert charlie_client.post(url, {"delivery": posted.pk, "what": "posted"}).status_code == 404
    # A delivery of another meeting, or nonsense, is refused in words and ticks nothing.
    elsewhere = make_meeting(partnership)
    response = alice_client.post(
        reverse("meetings:pack_print_list", kwargs={"slug": partnership.slug, "pk": elsewhere.pk}),
        {"delivery": posted.pk, "what": "posted"},
        follow=True,
    )
    assert "That pack is not on this meeting" in response.content.decode()
    assert alice_client.post(url, {"delivery": "x9", "what": "posted"}).status_code == 302
    posted.refresh_from_db()
    assert posted.done_at is None

    for delivery, what in ((posted, "posted"), (posted, "called"), (other, "contacted")):
        response = alice_client.post(url, {"delivery": delivery.pk, "what": what}, follow=True)
        assert response.status_code == 200
    page = response.content.decode()
    today = timezone.localtime()
    day = f"{today.day} {today:%B}"
    assert f"Posted by Alice Coordinator on {day}." in page
    assert f"Called by Alice Coordinator on {day}." in page
    assert f"Contacted by Alice Coordinator on {day}." in page
    assert "Mark as posted" not in page and "Mark as contacted" not in page
    posted.refresh_from_db()
    assert posted.done_by == alice and posted.called_by == alice


def test_chairs_and_coordinators_see_who_was_sent_the_pack(
    partnership, meeting, invited, alice_client, dana_client, bob_client, django_capture_on_commit_callbacks
):
    _send(alice_client, meeting, django_capture_on_commit_callbacks)
    sent_url = reverse("meetings:pack_sent", kwargs={"slug": partnership.slug, "pk": meeting.pk})
    for client in (alice_client, dana_client):
        meeting_page = client.get(meeting.get_absolute_url()).content.decode()
        assert "The meeting pack has gone to 3 people" in meeting_page
        assert f'href="{sent_url}">See who has had it' in meeting_page
        page = client.get(sent_url).content.decode()
        assert '<h1 class="govuk-heading-l" id="pack-deliveries">Who was sent the meeting pack</h1>' in page
        assert page.count("Before the papers deadline") == 3
    # A partner member sees neither the line nor the list.
    assert "The meeting pack has gone to" not in bob_client.get(meeting.get_absolute_url()).content.decode()
    assert bob_client.get(sent_url).status_code == 403


def test_observers_do_not_see_who_was_sent_which_format(
    partnership, meeting, invited, alice_client, django_capture_on_commit_callbacks
):
    # The format a person was sent (braille on request, easy read) can tell what they need.
    observer = make_user()
    make_member(partnership, observer, role=Role.OBSERVER)
    _send(alice_client, meeting, django_capture_on_commit_callbacks)
    client = Client()
    client.force_login(observer)
    sent_url = reverse("meetings:pack_sent", kwargs={"slug": partnership.slug, "pk": meeting.pk})
    assert client.get(sent_url).status_code == 403
    assert "The meeting pack has gone to" not in client.get(meeting.get_absolute_url()).content.decode()
