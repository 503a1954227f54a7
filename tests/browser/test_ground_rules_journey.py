"""Issue 10's "Done when", lived through in Chromium with the keyboard alone, by the demo's people.

Jamie (partner member) finds the starter suggestions from the workspace, takes one up ("Keep to agreed
deadlines") and proposes it, saying who helped write it. Fi (co-chair) answers Yes. Morag (coordinator)
puts the proposals on the next meeting's agenda. Sanjay (chair) agrees it at the meeting: the decision goes
in the register and version 2 of the ground rules is published, which holds the new rule, compares with
version 1 as "added", and prints. Every page passes axe; every step is Tab, Space, arrows and Enter.
"""

from django.core import mail
from django.utils import timezone

from groundrules.models import Proposal, RulesVersion
from meetings.models import Attendance, Decision, Meeting
from partners.models import User
from tests.browser.conftest import SLUG, assert_no_axe_violations, sign_in
from tests.browser.test_keyboard import Keyboard

MEMBER = "member@example.org"  # Jamie
COCHAIR = "cochair@example.org"  # Fi
COORDINATOR = "coordinator@example.org"  # Morag
CHAIR = "chair@example.org"  # Sanjay
RULE = "Keep to agreed deadlines, or say if you can't."
HELPED = "Written with the easy read group"
NEXT = "Planning the 50 conversations"


def _follow(keys: Keyboard, where: str) -> None:
    """Press Enter on the focused link or button; the page it opens answers 200 and passes axe."""
    with keys.page.expect_navigation() as navigation:
        keys.page.keyboard.press("Enter")
    assert navigation.value.status == 200, f"{keys.page.url} answered {navigation.value.status}"
    assert_no_axe_violations(keys.page, where)


def _link(keys: Keyboard, text: str, where: str) -> None:
    keys.tab_to(f"the link {text!r}", f"el => el.tagName === 'A' && el.innerText.includes({text!r})")
    _follow(keys, where)


def _button(keys: Keyboard, text: str, where: str) -> None:
    keys.tab_to_button(text)
    _follow(keys, where)


def _main(page) -> str:
    return page.locator("main").inner_text()


def _start(page, base_url: str, email: str) -> Keyboard:
    page.context.clear_cookies()
    sign_in(page, base_url, email)
    page.goto(f"{base_url}/p/{SLUG}/")
    keys = Keyboard(page)
    _link(keys, "Ground rules", "the current ground rules")
    return keys


def test_from_a_suggestion_to_an_agreed_version_with_the_keyboard_alone(page, live_server):
    base = live_server.url

    # Jamie takes up a starter suggestion and proposes it.
    keys = _start(page, base, MEMBER)
    assert "Version 1" in _main(page)
    _link(keys, "Proposals", "the proposals")
    _link(keys, "See suggested ground rules", "the starter suggestions")
    assert RULE in _main(page)
    keys.tab_to(
        "Propose this rule for the deadlines suggestion",
        "el => el.tagName === 'A' && el.innerText.includes('Propose this rule')"
        f" && el.closest('li, .govuk-summary-card, section, div').innerText.includes({RULE!r})",
    )
    _follow(keys, "the proposal form, filled from the suggestion")
    assert page.locator("textarea[name=text]").input_value() == RULE
    keys.tab_to_field("helped_write")
    page.keyboard.type(HELPED)
    _button(keys, "Send the proposal", "the new proposal")
    proposal = Proposal.objects.get(partnership__slug=SLUG, text=RULE)
    assert proposal.helped_write == HELPED and proposal.proposed_by.email == MEMBER
    assert RULE in _main(page)

    # Fi answers Yes.
    keys = _start(page, base, COCHAIR)
    _link(keys, "Proposals", "the proposals")
    _link(keys, RULE[:30], "the proposal")
    keys.tab_to("the Yes answer", "el => el.type === 'radio' && el.value === 'yes'")
    page.keyboard.press("Space")
    _button(keys, "Send my answer", "the proposal after answering")
    assert proposal.responses.get(person__email=COCHAIR).answer == "yes"

    # Morag puts the open proposals on the next meeting's agenda.
    keys = _start(page, base, COORDINATOR)
    _link(keys, "Proposals", "the proposals")
    _link(keys, "Put proposals on a meeting", "putting proposals on an agenda")
    _button(keys, "Put on the agenda", "the meeting's agenda")
    proposal.refresh_from_db()
    assert proposal.agenda_item is not None and proposal.agenda_item.meeting.title == NEXT
    assert "Ground rules:" in _main(page)

    # The meeting comes (the clock is the one thing nobody can click): Sanjay started it on the Run meeting
    # page and marked who came (both walked in test_meeting_loop_journey); Graham could not come.
    meeting = proposal.agenda_item.meeting
    Meeting.objects.filter(pk=meeting.pk).update(run_started_at=timezone.now())
    here = User.objects.filter(email__in=[MEMBER, COCHAIR, COORDINATOR, CHAIR])
    for person in here:
        Attendance.objects.update_or_create(
            meeting=meeting, person=person, defaults={"partnership": meeting.partnership, "present": True}
        )

    # Sanjay agrees the new rule at the meeting; the others stay under discussion.
    page.context.clear_cookies()
    sign_in(page, base, CHAIR)
    page.goto(f"{base}/p/{SLUG}/meetings/{proposal.agenda_item.meeting_id}/")
    keys = Keyboard(page)
    _link(keys, "Agree the ground rules at this meeting", "agreeing the ground rules")
    field = f"proposal_{proposal.pk}"
    keys.tab_to("the new rule's choices", f"el => el.name === {field!r}")
    keys.choose(
        "ArrowRight",
        field,
        f"() => document.querySelector('input[name={field}]:checked')?.value || ''",
        "agreed",
    )
    _button(keys, "Record the decision", "version 2 of the ground rules")
    version = RulesVersion.objects.get(partnership__slug=SLUG, number=2)
    assert RULE in _main(page) and "Version 2" in _main(page)
    assert Decision.objects.filter(
        pk=version.decision_id, meeting_id=proposal.agenda_item.meeting_id
    ).exists()
    assert [r.text for r in version.rules.all()][-1] == RULE
    assert not keys.problems, keys.problems
    # Everyone invited who missed it is sent version 2 in their own format: Graham (large print) gets the
    # large print PDF; the four who were there get nothing, and are named on the version.
    sent = [m for m in mail.outbox if "ground rules" in m.subject.lower() and "lowvision@example.org" in m.to]
    assert sent, [m.subject for m in mail.outbox]
    assert any("large-print" in name for name, *_ in sent[-1].attachments), sent[-1].attachments
    assert not [m for m in mail.outbox if "ground rules" in m.subject.lower() and CHAIR in m.to]
    assert sorted(p.email for p in version.present.all()) == sorted([MEMBER, COCHAIR, COORDINATOR, CHAIR])

    # Version 1 compared with version 2: the rule is added, in plain and easy read words.
    page.goto(f"{base}/p/{SLUG}/ground-rules/versions/compare/?from=1&to=2")
    assert_no_axe_violations(page, "comparing versions 1 and 2")
    body = _main(page)
    assert "added" in body.lower() and RULE in body
