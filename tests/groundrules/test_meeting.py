"""The ground rules at meetings: proposals on an agenda (one item, made once and updated), the proposals and
the rules in the meeting pack, the Run meeting page, agreeing a version, sending it to the people who missed
the meeting, concerns, and the review reminder."""

from datetime import timedelta
from uuid import uuid4

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


def _started(meeting):
    """The chair has started the meeting on the Run meeting page: what it agrees can be recorded now."""
    Meeting.objects.filter(pk=meeting.pk).update(run_started_at=timezone.now())
    meeting.refresh_from_db()
    return meeting


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


# ---------------------------------------------------------------- the Run meeting page


def test_the_run_page_links_to_the_rules_and_the_welcome_item_shows_them(
    partnership, alice, dana, past_meeting, meeting
):
    from groundrules.services.meeting import agenda_add

    _version(partnership, past_meeting, alice, ["Be respectful.", "One person talks at a time."])
    agenda_add(meeting=meeting, proposals=[_proposal(partnership, alice, "Phones on silent.")])
    item = run_services.meeting_start(meeting=meeting, chair=dana)
    assert item.special == AgendaItem.Special.ACCESS_CHECK
    client = _client(dana)
    run_url = reverse("meetings:run", kwargs={"slug": SLUG, "pk": meeting.pk})
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        page = client.get(run_url).content.decode()
    assert len(queries) <= 12
    assert f'href="{_url("current")}">Our ground rules</a>' in page
    assert "<li>Be respectful.</li>" in page and "<li>One person talks at a time.</li>" in page
    agree_url = _url("meeting_agree", pk=meeting.pk)
    assert agree_url not in page

    # On to the ground rules item: the rules list goes, the link to record the agreement comes.
    while not item.title.startswith("Ground rules"):
        item = run_services.item_next(meeting=meeting, chair=dana, expected_item_id=item.pk)
    page = client.get(run_url).content.decode()
    assert "<li>Be respectful.</li>" not in page
    assert agree_url in page


# ---------------------------------------------------------------- agreeing at the meeting


def _agree_data(page_form, choices: dict):
    data = {
        "how": "consensus",
        "review_on_0": "1",
        "review_on_1": "6",
        "review_on_2": str(timezone.localdate().year + 1),
        "expected": page_form.initial["expected"],
    }
    data.update({f"proposal_{p.pk}": answer for p, answer in choices.items()})
    return data


def test_the_chair_agrees_a_version_at_the_meeting(partnership, alice, dana, bob, meeting):
    from groundrules.services.meeting import agenda_add

    yes = _proposal(partnership, alice, "Phones on silent.")
    no = _proposal(partnership, alice, "Meet at 8 in the morning.")
    later = _proposal(partnership, alice, "Bring snacks.")
    agenda_add(meeting=meeting, proposals=[yes, no])
    _started(meeting)
    client = _client(dana)
    url = _url("meeting_agree", pk=meeting.pk)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "On this meeting" in html and "Other proposals under discussion" in html
    data = _agree_data(page.context["form"], {yes: "agreed", no: "not_agreed", later: "later"})

    response = client.post(url, data)
    version = RulesVersion.objects.get(partnership=partnership)
    assert response.status_code == 302
    assert version.number == 1 and version.meeting == meeting
    assert version.review_on.month == 6
    assert [r.text for r in version.rules.all()] == ["Phones on silent."]
    decision = Decision.objects.get(pk=version.decision_id)
    yes.refresh_from_db()
    assert decision.agenda_item == yes.agenda_item and decision.agenda_item.meeting == meeting
    detail = client.get(reverse("meetings:decision_detail", kwargs={"slug": SLUG, "pk": decision.pk}))
    assert "version 1 of its ground rules" in detail.content.decode()
    statuses = dict(Proposal.objects.values_list("text", "status"))
    assert statuses == {
        "Phones on silent.": "agreed",
        "Meet at 8 in the morning.": "not_agreed",
        "Bring snacks.": "open",
    }

    # The same form sent twice: a clear message, nothing recorded twice.
    again = client.post(url, data)
    assert again.status_code == 200
    assert "These proposals were already decided" in again.content.decode()
    assert RulesVersion.objects.filter(partnership=partnership).count() == 1
    assert Decision.objects.filter(partnership=partnership).count() == 1


def test_agreeing_a_version_with_no_rules_or_nothing_decided_says_so(partnership, alice, dana, meeting):
    only = _proposal(partnership, alice, "Phones on silent.")
    _started(meeting)
    client = _client(dana)
    url = _url("meeting_agree", pk=meeting.pk)
    form = client.get(url).context["form"]
    page = client.post(url, _agree_data(form, {only: "not_agreed"})).content.decode()
    assert "The ground rules would have no rules left" in page
    page = client.post(url, _agree_data(form, {only: "later"})).content.decode()
    assert "Choose what the meeting agreed or did not agree" in page
    assert not RulesVersion.objects.exists()
    only.refresh_from_db()
    assert only.is_open


def test_a_withdrawn_proposal_cannot_be_agreed(partnership, alice, dana, meeting):
    proposal = _proposal(partnership, alice, "Phones on silent.")
    _started(meeting)
    client = _client(dana)
    url = _url("meeting_agree", pk=meeting.pk)
    form = client.get(url).context["form"]
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.WITHDRAWN)
    page = client.post(url, _agree_data(form, {proposal: "agreed"})).content.decode()
    assert "is no longer under discussion (withdrawn)" in page
    assert not RulesVersion.objects.exists()


def test_only_the_meetings_chairs_and_coordinators_agree(partnership, alice, bob, meeting):
    url = _url("meeting_agree", pk=meeting.pk)
    assert _client(bob).get(url).status_code == 403
    observer = make_user(full_name="Olive Observer")
    make_member(partnership, observer, role=Role.OBSERVER)
    assert _client(observer).get(url).status_code == 403
    expert = make_user(full_name="Vic Visiting")
    make_member(partnership, expert, role=Role.VISITING_EXPERT)
    assert _client(expert).get(url).status_code == 404
    # A member who chairs this meeting may.
    MeetingRole.objects.create(partnership=partnership, meeting=meeting, person=bob, role="chair")
    assert _client(bob).get(url).status_code == 200


# ---------------------------------------------------------------- sending to the people who missed it


@pytest.fixture
def printer(monkeypatch):
    """The version's PDFs: groundrules.services.documents.ground_rules_files when it is written; until then
    a stand-in that prints the variant's name, so the test sees which variant each person was sent."""
    import groundrules.services as package
    from coproduction.printing import Printed

    try:
        from groundrules.services import documents  # noqa: F401

        if hasattr(documents, "ground_rules_files"):
            return "real"
    except ImportError:
        pass
    module = type(package)("groundrules.services.documents")
    module.ground_rules_files = lambda version, variant: [
        Printed(
            pdf=b"%PDF-1.4",
            pages=1,
            variant=variant,
            filename=f"ground-rules-{variant}.pdf".replace("_", "-"),
        )
    ]
    monkeypatch.setattr(package, "documents", module, raising=False)
    return "stand-in"


def test_people_who_missed_the_meeting_are_sent_the_version_once_in_their_format(
    partnership, alice, bob, dana, meeting, printer, django_capture_on_commit_callbacks
):
    from groundrules.services.meeting import version_send

    Pref.objects.create(person=bob, channels=["email"], paper_format="large_print")
    posted = make_user("olive@example.org", full_name="Olive Offline", offline=True)
    make_member(partnership, posted)
    for person in (alice, dana):
        Attendance.objects.create(partnership=partnership, meeting=meeting, person=person, present=True)
    proposal = _proposal(partnership, alice, "Phones on silent.")
    observer = make_user("ob@example.org", full_name="Olga Observer")
    make_member(partnership, observer, role=Role.OBSERVER)
    _started(meeting)
    client = _client(dana)
    url = _url("meeting_agree", pk=meeting.pk)
    form = client.get(url).context["form"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, _agree_data(form, {proposal: "agreed"})).status_code == 302

    version = RulesVersion.objects.get(partnership=partnership)
    assert version.sent_at is not None
    assert [m.to for m in mail.outbox] == [["bob@example.org"]]
    email = mail.outbox[0]
    day = version.agreed_on.strftime("%-d %B %Y")
    words = (
        f"Version 1 of the ground rules was agreed at Next meeting on {day}. You were not there, so here they"
    )
    assert words in email.body and words in email.alternatives[0][0]
    assert _url("concern_add", number=1) in email.body
    assert [name for name, _, _ in email.attachments] == ["ground-rules-large-print.pdf"] or printer == "real"
    assert email.attachments and "large" in email.attachments[0][0]

    # Sent again (the task run twice): nobody gets it twice.
    version_send(version_id=version.pk)
    assert len(mail.outbox) == 1

    page = _client(alice).get(_url("version_sent", number=1)).content.decode()
    assert "Print and post, or phone" in page
    emailed, offline = page.split('<h2 class="govuk-heading-m">Print and post, or phone</h2>')
    assert "Olive Offline" in offline and "Olive Offline" not in emailed
    assert "Bob Member" in emailed and "Bob Member" not in offline
    assert _client(bob).get(_url("version_sent", number=1)).status_code == 403


# ---------------------------------------------------------------- concerns


def test_a_concern_in_time_goes_onto_the_next_agenda_and_after_time_is_refused(
    partnership, alice, bob, past_meeting, meeting
):
    version = _version(partnership, past_meeting, alice, ["Be respectful."])
    client = _client(bob)
    url = _url("concern_add", number=1)
    page = client.get(url).content.decode()
    assert "The decision stands while the partners talk about your concern." in page
    response = client.post(url, {"once": uuid4().hex, "text": "Rule 1 is too vague for me."})
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert concern.agenda_item.meeting == meeting
    assert concern.agenda_item.title == "Concern about the ground rules"
    client.post(url, {"once": uuid4().hex, "text": "And another thing."})
    assert AgendaItem.objects.filter(meeting=meeting, title="Concern about the ground rules").count() == 1

    RulesVersion.objects.filter(pk=version.pk).update(concerns_until=timezone.localdate() - timedelta(days=1))
    ended = timezone.localdate() - timedelta(days=1)
    response = client.post(url, {"once": uuid4().hex, "text": "Too late?"})
    assert response.status_code == 200
    words = (
        f"The time to raise a concern about version 1 ended on {ended.strftime('%-d %B %Y')}. "
        "You can still propose a change to a rule."
    )
    assert words in response.content.decode()
    assert Concern.objects.count() == 2


def test_a_concern_with_no_meeting_coming_waits_and_the_concerns_page_says_so(
    partnership, alice, bob, past_meeting
):
    _version(partnership, past_meeting, alice, ["Be respectful."])
    _client(bob).post(_url("concern_add", number=1), {"once": uuid4().hex, "text": "Worried."})
    concern = Concern.objects.get()
    assert concern.agenda_item is None
    page = _client(alice).get(_url("concerns")).content.decode()
    assert "Waiting: no meeting coming up yet" in page
    meeting = make_meeting(partnership, title="Soon", days_ahead=5, created_by=alice)
    response = _client(alice).post(_url("concerns"), {"meeting": meeting.pk, "concerns": [concern.pk]})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.agenda_item.meeting == meeting
    assert _client(bob).get(_url("concerns")).status_code == 403


def test_people_at_the_meeting_and_observers_raise_no_concern(partnership, alice, bob, past_meeting):
    _version(partnership, past_meeting, alice, ["Be respectful."])
    Attendance.objects.create(partnership=partnership, meeting=past_meeting, person=bob, present=True)
    page = (
        _client(bob)
        .post(_url("concern_add", number=1), {"once": uuid4().hex, "text": "Hmm."})
        .content.decode()
    )
    assert "You were at the meeting that agreed this version" in page
    assert not Concern.objects.exists()
    observer = make_user(full_name="Olive Observer")
    make_member(partnership, observer, role=Role.OBSERVER)
    assert _client(observer).get(_url("concern_add", number=1)).status_code == 403


# ---------------------------------------------------------------- the review reminder


def test_the_review_reminder_goes_once_to_coordinators_and_chairs(
    partnership, alice, bob, dana, past_meeting
):
    version = _version(partnership, past_meeting, alice, ["Be respectful."])
    review = timezone.localdate() + timedelta(days=30)
    RulesVersion.objects.filter(pk=version.pk).update(review_on=review)
    mail.outbox.clear()
    call_command("send_reminders", "--now", (timezone.now() + timedelta(days=10)).isoformat(), verbosity=0)
    assert not [m for m in mail.outbox if "review" in m.subject]

    later = (timezone.now() + timedelta(days=31)).isoformat()
    call_command("send_reminders", "--now", later, verbosity=0)
    sent = [m for m in mail.outbox if "The ground rules are due for review" in m.subject]
    assert sorted(m.to[0] for m in sent) == ["alice@example.org", "dana@example.org"]
    assert "The ground rules are due for review" in sent[0].body
    call_command("send_reminders", "--now", later, verbosity=0)
    assert len([m for m in mail.outbox if "due for review" in m.subject]) == 2


def test_putting_nothing_on_an_agenda_says_what_to_do(partnership, alice, meeting):
    _proposal(partnership, alice, "Phones on silent.")
    page = _client(alice).post(_url("agenda_add"), {"meeting": meeting.pk}).content.decode()
    assert "There is a problem" in page and "Choose at least one proposal to put on the agenda." in page
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
    page = _client(alice).get(_url("agenda_add")).content.decode()
    assert "There is no meeting coming up." in page


@pytest.mark.parametrize("variant", ["standard", "large_print", "easy_read"])
def test_the_pack_with_the_proposals_and_rules_keeps_the_print_rules(
    partnership, alice, bob, past_meeting, variant
):
    from groundrules.services.meeting import agenda_add
    from meetings.services.documents import meeting_document
    from tests.formats.pdfcheck import assert_print_rules

    _version(partnership, past_meeting, alice, ["Be respectful.", "Say if you do not understand."])
    VersionRule.objects.update(easy_read_picture="openmoji:1F91D")
    second = make_meeting(partnership, title="Second", days_ahead=10, created_by=alice)
    agenda_add(meeting=second, proposals=[_proposal(partnership, alice, "Phones on silent.")])
    printed = meeting_document(second, "pack", variant)
    checked = assert_print_rules(printed.pdf, variant)
    text = " ".join(" ".join(page_texts(printed.pdf)).split())
    assert "Our ground rules" in text and "Phones on silent." in text
    if variant == "easy_read":
        assert checked.pictures >= 3


def test_the_agree_form_takes_odd_field_names_and_a_review_date_in_the_past_plainly(
    partnership, alice, dana, meeting
):
    proposal = _proposal(partnership, alice, "Phones on silent.")
    client = _client(dana)
    url = _url("meeting_agree", pk=meeting.pk)
    # Not started yet: the meeting page offers no link, and the page says why it cannot record.
    meeting_page = client.get(reverse("meetings:meeting_detail", kwargs={"slug": SLUG, "pk": meeting.pk}))
    assert url not in meeting_page.content.decode()
    form = client.get(url).context["form"]
    page = client.post(url, _agree_data(form, {proposal: "agreed"})).content.decode()
    assert "This meeting has not started yet" in page
    _started(meeting)
    assert (
        url
        in client.get(
            reverse("meetings:meeting_detail", kwargs={"slug": SLUG, "pk": meeting.pk})
        ).content.decode()
    )
    odd = {
        **_agree_data(form, {proposal: "agreed"}),
        "proposal_²": "agreed",
        "proposal_99999999999999999999": "x",
    }
    odd.update(review_on_0="1", review_on_1="1", review_on_2=str(timezone.localdate().year - 1))
    page = client.post(url, odd)
    assert page.status_code == 200
    assert "The review date must be after today" in page.content.decode()
    assert not RulesVersion.objects.exists()


def test_proposals_moved_to_another_meeting_leave_the_first_agenda_counting_what_is_left(
    partnership, alice, meeting
):
    from groundrules.services.meeting import agenda_add

    later = make_meeting(partnership, title="Meeting after", days_ahead=40, created_by=alice)
    one, two = (
        _proposal(partnership, alice, "Phones on silent."),
        _proposal(partnership, alice, "Start on time."),
    )
    first = agenda_add(meeting=meeting, proposals=[one, two])
    assert first.title == "Ground rules: 2 proposals"
    agenda_add(meeting=later, proposals=[two])
    first.refresh_from_db()
    assert first.title == "Ground rules: 1 proposal" and "Start on time." not in first.description
    agenda_add(meeting=later, proposals=[one])
    assert not AgendaItem.objects.filter(pk=first.pk).exists()
    assert AgendaItem.objects.get(meeting=later, title__startswith="Ground rules:").title == (
        "Ground rules: 2 proposals"
    )
