"""Issue 11's journey, lived through in Chromium with the keyboard alone, by the demo's people.

Morag (coordinator) agrees the outcome Jamie proposed ("Disabled people can travel independently"), gives it
two themes and asks the partners to rank them, three dots each. Jamie (partner member) answers, is told he
has given only 2 of his 3 dots, follows the error summary's link to the first theme and gives the last dot;
Fi (co-chair) answers too, and the result is said in words. The next meeting has started: Sanjay (chair)
records the order it agreed, a decision in the register, and the plan shows the themes in that order. Morag
adds two tasks under the first theme, typing their dates, the second needing the first. The first task
slips: Jamie, who owns it, says it is in progress and will end three weeks later because the venue was not
ready, and the app proposes new dates for the task that waits for it. Morag confirms them; "What has
changed" says both changes and why. Chloe (easy read) finds the slipped task in its month on the timeline,
"Taking longer than planned", with the drawing's words, and opens the easy read plan.

Every page passes axe; every action is Tab, Shift+Tab, Space, arrows, typing and Enter. Only the first page
of each person's session is opened by address.
"""

from datetime import date, timedelta

from django.utils import timezone

from meetings.models import Decision, Meeting
from partners.models import User
from tests.browser.conftest import SLUG, assert_no_axe_violations, sign_in
from tests.browser.test_keyboard import Keyboard
from workplan.models import Outcome, PlanChange, ProposedMove, Ranking, RankingAnswer, Task, Theme
from workplan.services.schedule import day_words, month_words

COORDINATOR = "coordinator@example.org"  # Morag
CHAIR = "chair@example.org"  # Sanjay
COCHAIR = "cochair@example.org"  # Fi
MEMBER = "member@example.org"  # Jamie
EASY_READ = "easyread@example.org"  # Chloe

OUTCOME = "Disabled people can travel independently"
HARD = "What makes travelling hard"
HARD_EASY = "We find out what makes buses and trains hard to use."
STAFF = "Training for bus and train staff"
STAFF_EASY = "We help bus and train staff to help disabled people."
TRIAL = "Try out the training with bus drivers"
TRAIN_ALL = "Train all bus and train staff"
TRIAL_EASY = "We try out the training with bus drivers first."
TRAIN_ALL_EASY = "We train all the staff on buses and trains."
REASON = "the venue was not ready: its ramp is still being built"


# ---------------------------------------------------------------- moving about with the keyboard


def _main(page) -> str:
    return page.locator("main").inner_text()


def _follow(keys: Keyboard, where: str) -> None:
    """Press Enter on the focused link or button; the page it opens answers 200 and passes axe."""
    with keys.page.expect_navigation() as navigation:
        keys.page.keyboard.press("Enter")
    assert navigation.value.status == 200, f"{keys.page.url} answered {navigation.value.status}"
    assert_no_axe_violations(keys.page, where)


def _link(keys: Keyboard, text: str, where: str) -> None:
    keys.tab_to(f"the link {text!r}", f"el => el.tagName === 'A' && el.innerText.trim() === {text!r}")
    _follow(keys, where)


def _link_with(keys: Keyboard, text: str, where: str) -> None:
    """A link whose words (visually hidden ones too) include `text`."""
    keys.tab_to(f"a link with {text!r}", f"el => el.tagName === 'A' && el.innerText.includes({text!r})")
    _follow(keys, where)


def _link_before(keys: Keyboard, text: str, where: str) -> None:
    """A link earlier in the page than where focus starts (a page opened at one of its parts): Shift+Tab."""
    passed = []
    for _ in range(60):
        keys.page.keyboard.press("Shift+Tab")
        passed.append(keys.check_focus())
        if keys.page.evaluate(
            f"(el => el.tagName === 'A' && el.innerText.trim() === {text!r})(document.activeElement)"
        ):
            _follow(keys, where)
            return
    raise AssertionError(f"Shift+Tab never reached the link {text!r} on {keys.page.url}. Stops: {passed}")


def _button(keys: Keyboard, text: str, where: str) -> None:
    keys.tab_to_button(text)
    _follow(keys, where)


def _type(keys: Keyboard, name: str, words: str) -> None:
    keys.tab_to_field(name)
    keys.page.keyboard.type(words)
    typed = keys.page.evaluate("() => document.activeElement.value")
    assert typed == words, f"{name} holds {typed!r}, not {words!r}"


def _type_date(keys: Keyboard, name: str, day: date) -> None:
    """The day, month and year boxes (Tab selects what a box holds, so typing replaces it)."""
    for box, value in zip(("0", "1", "2"), (day.day, day.month, day.year), strict=True):
        _type(keys, f"{name}_{box}", str(value))


def _checked(name: str) -> str:
    return f"() => document.querySelector('input[name={name}]:checked')?.value || ''"


def _radio(keys: Keyboard, name: str, value: str, key: str = "ArrowDown") -> None:
    """Tab into a group of radios, then arrow to the one wanted (arrows choose as they move)."""
    keys.tab_to(f"the radios {name!r}", f"el => el.name === {name!r}")
    keys.choose(key, name, _checked(name), value)


def _select(keys: Keyboard, name: str, label: str) -> None:
    """Tab to a list box, then arrow down its options (a closed list box changes as it goes)."""
    keys.tab_to_field(name)
    keys.choose(
        "ArrowDown",
        name,
        "() => document.activeElement.selectedOptions[0]?.textContent.trim() || ''",
        label,
    )


def _tick(keys: Keyboard, name: str, label: str) -> None:
    """Tab through a group of checkboxes to the one labelled `label` and tick it with Space."""
    keys.tab_to(
        f"the box {label!r}",
        f"el => el.name === {name!r} && el.labels[0].textContent.includes({label!r})",
    )
    keys.page.keyboard.press("Space")
    assert keys.page.evaluate("() => document.activeElement.checked"), f"{label!r} is not ticked"


def _start(page, base_url: str, email: str) -> Keyboard:
    """Sign in, open the workspace, and go to the work plan by its link in the top navigation."""
    page.context.clear_cookies()
    sign_in(page, base_url, email)
    page.goto(f"{base_url}/p/{SLUG}/")
    keys = Keyboard(page)
    _link(keys, "Work plan", "the work plan")
    return keys


def _dots(keys: Keyboard, theme: Theme, dots: int) -> None:
    name = f"theme_{theme.pk}"
    keys.tab_to(f"the dots for {theme.title!r}", f"el => el.name === {name!r}")
    keys.choose("ArrowRight", name, _checked(name), str(dots))


def _months_differ(one: date, two: date) -> bool:
    return (one.year, one.month) != (two.year, two.month)


def _moved(verb: str, now: date, was: date) -> str:
    """How "What has changed" says a date moved: by month when the month changed, else by day."""
    if _months_differ(now, was):
        return f"{verb} in {month_words(now)}, not {month_words(was)}"
    return f"{verb} on {day_words(now)}, not {day_words(was)}"


# ---------------------------------------------------------------- the journey


def test_rank_the_themes_plan_the_tasks_and_a_slip_with_the_keyboard_alone(page, live_server):
    base = live_server.url
    today = timezone.localdate()
    trial_start, trial_end = today - timedelta(days=14), today + timedelta(days=27)  # 6 weeks
    all_start, all_end = trial_end + timedelta(days=1), trial_end + timedelta(days=56)  # 8 weeks after
    slipped_end = trial_end + timedelta(weeks=3)
    problems: list[str] = []

    # 1. Morag agrees the outcome Jamie proposed, gives it two themes and asks the partners to rank them.
    keys = _start(page, base, COORDINATOR)
    body = _main(page)
    assert "Proposed, not agreed yet" in body and OUTCOME in body
    _link(keys, OUTCOME, "the proposed outcome")
    assert "Proposed, not agreed yet" in _main(page)
    _link(keys, "Agree it, or take it out of the plan", "agreeing the outcome")
    _radio(keys, "status", Outcome.Status.AGREED, key="ArrowUp")
    _button(keys, "Save", "the agreed outcome")
    outcome = Outcome.objects.get(partnership__slug=SLUG, title=OUTCOME)
    assert outcome.status == Outcome.Status.AGREED
    assert f"Agreed on {day_words(today)}" in _main(page)
    for title, easy in ((HARD, HARD_EASY), (STAFF, STAFF_EASY)):
        _link(keys, "Add a theme", "adding a theme")
        _type(keys, "title", title)
        _type(keys, "easy_read_text", easy)
        _button(keys, "Add the theme", f"the outcome with the theme {title!r}")
        assert f"The theme \u2018{title}\u2019 is added, last in the order" in _main(page)
    hard, staff = Theme.objects.filter(outcome=outcome).order_by("position")
    assert (hard.title, staff.title, staff.easy_read_text) == (HARD, STAFF, STAFF_EASY)
    assert "Order not agreed yet." in _main(page)
    # The page opened at the new theme; the link is above it.
    _link_before(keys, "Ask the partners to put the themes in order", "opening a ranking")
    _radio(keys, "method", Ranking.Method.DOTS)
    _button(keys, "Start the ranking", "the new ranking")
    ranking = Ranking.objects.get(outcome=outcome, closed_at__isnull=True)
    assert ranking.method == Ranking.Method.DOTS
    assert "Partners can now rank the themes" in _main(page)
    problems += keys.problems

    # 2. Jamie answers from the outcome's page: 2 dots is refused, the error summary takes him to the first
    # theme, his 2 dots are still there, and he gives his last dot. Then Fi answers.
    keys = _start(page, base, MEMBER)
    _link(keys, OUTCOME, "the outcome, as a partner")
    _link_with(keys, "Give your answer", "the ranking, as a partner")
    _dots(keys, staff, 2)
    _button(keys, "Send my answer", "the answer refused")
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    assert "You have given 2 of your 3 dots: give 1 more dot" in summary.inner_text()
    assert not RankingAnswer.objects.filter(ranking=ranking).exists()
    keys.tab_to("the error summary's link", "el => el.closest('.govuk-error-summary') && el.tagName === 'A'")
    target = page.evaluate("() => document.activeElement.hash.slice(1)")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.activeElement.id === {target!r}")
    assert page.evaluate("() => document.activeElement.name") == f"theme_{hard.pk}"
    assert page.evaluate(_checked(f"theme_{staff.pk}")) == "2", "Jamie's 2 dots were lost"
    keys.choose("ArrowRight", f"theme_{hard.pk}", _checked(f"theme_{hard.pk}"), "1")
    _button(keys, "Send my answer", "the answer saved")
    assert "Your answer is saved" in _main(page)
    jamie = User.objects.get(email=MEMBER)
    answer = RankingAnswer.objects.filter(ranking=ranking, person=jamie).values_list("theme__title", "value")
    assert dict(answer) == {HARD: 1, STAFF: 2}
    problems += keys.problems

    keys = _start(page, base, COCHAIR)
    _link(keys, OUTCOME, "the outcome, as the co-chair")
    _link_with(keys, "Give your answer", "the ranking, as the co-chair")
    _dots(keys, staff, 3)
    _button(keys, "Send my answer", "the co-chair's answer saved")
    body = _main(page)
    assert f"1st: {STAFF}: 5 dots from 2 people" in body, body
    assert f"2nd: {HARD}: 1 dot from 1 person" in body
    assert "2 of " in body and "partners have answered" in body
    problems += keys.problems

    # 3. The meeting comes (the clock is the one thing nobody can press): Sanjay has started it on the Run
    # meeting page. He records the order it agreed, from the result, as a decision of that meeting.
    meeting = (
        Meeting.objects.filter(partnership__slug=SLUG, starts_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )
    Meeting.objects.filter(pk=meeting.pk).update(run_started_at=timezone.now())
    keys = _start(page, base, CHAIR)
    _link(keys, OUTCOME, "the outcome, as the chair")
    _link_with(keys, "Give your answer", "the ranking, as the chair")
    _link(keys, "Record the order the meeting agreed", "recording the agreed order")
    assert page.evaluate(_checked("meeting")) == str(meeting.pk), "The started meeting is not offered first"
    places = page.evaluate(
        f"() => [document.querySelector('select[name=theme_{staff.pk}]').value,"
        f" document.querySelector('select[name=theme_{hard.pk}]').value]"
    )
    assert places == ["1", "2"], f"The places are not filled in from the result: {places}"
    _button(keys, "Record the agreed order", "the ranking, closed")
    decision = Decision.objects.get(meeting=meeting, pk=Ranking.objects.get(pk=ranking.pk).decision_id)
    body = _main(page)
    assert f"The decision {decision.reference} is in the decisions register" in body
    assert f"(decision {decision.reference})" in body
    order = Theme.objects.filter(outcome=outcome).order_by("position").values_list("title", flat=True)
    assert list(order) == [STAFF, HARD]
    _link(keys, "The work plan", "the plan with the agreed order")
    section = page.locator(f"#outcome-{outcome.pk}").inner_text()
    assert f"Order agreed at {decision.reference}." in section
    assert section.index(f"1. {STAFF}") < section.index(f"2. {HARD}"), section
    problems += keys.problems

    # 4. Morag adds the trial under the first theme, then the training that needs it.
    keys = _start(page, base, COORDINATOR)
    _link(keys, OUTCOME, "the outcome with its themes in order")
    # The trial is Jamie's, led by his group; the training is the health board's, led by the council.
    for title, easy, (start, end), owner, lead, needs in (
        (TRIAL, TRIAL_EASY, (trial_start, trial_end), "Jamie Robertson", "Disabled People's Voice", None),
        (
            TRAIN_ALL,
            TRAIN_ALL_EASY,
            (all_start, all_end),
            "Riverside Health Board",
            "Riverside Council",
            TRIAL,
        ),
    ):
        keys.tab_to(
            "the button 'Add a task'", "el => el.tagName === 'A' && el.innerText.trim() === 'Add a task'"
        )
        _follow(keys, "adding a task")
        _type(keys, "title", title)
        _type(keys, "easy_read_text", easy)
        _select(keys, "theme", STAFF)
        _type_date(keys, "planned_start", start)
        _type_date(keys, "planned_end", end)
        _select(keys, "owner", owner)
        _select(keys, "lead_group", lead)
        if needs:
            _tick(keys, "needs", needs)
        # Past the decisions and meetings offered to link, to the button.
        keys.tab_to("the last box of the form", "el => el.name === 'meetings'")
        _button(keys, "Add the task", f"the task {title!r}")
        assert f"\u2018{title}\u2019 is added to the plan." in _main(page)
        assert f"From {day_words(start)} to {day_words(end)}" in _main(page)
        if title == TRIAL:
            _link(keys, OUTCOME, "back to the outcome")
    trial = Task.objects.get(outcome=outcome, title=TRIAL)
    train_all = Task.objects.get(outcome=outcome, title=TRAIN_ALL)
    assert (trial.theme.title, trial.owner_person.email, trial.planned_end) == (STAFF, MEMBER, trial_end)
    assert list(train_all.needs.all()) == [trial]
    assert (train_all.planned_start, train_all.owner_group.name) == (all_start, "Riverside Health Board")
    problems += keys.problems

    # 5. The trial slips: Jamie, who owns it, says it is in progress and will end 3 weeks later, and why.
    keys = _start(page, base, MEMBER)
    _link(keys, TRIAL, "the trial, from the plan")
    _link(keys, "Update how it is going and when it will end", "updating the trial")
    _radio(keys, "status", Task.Status.IN_PROGRESS)
    _type_date(keys, "expected_end", slipped_end)
    _type(keys, "reason", REASON)
    _button(keys, "Save the update", "the dates to confirm, after the slip")
    body = _main(page)
    assert f"\u2018{TRAIN_ALL}\u2019 waits for this task. We have proposed new dates for it" in body
    move = ProposedMove.objects.get(task=train_all, status=ProposedMove.Status.OPEN)
    shift = (slipped_end - all_start).days + 1
    assert (move.new_start, move.new_end) == (all_start + timedelta(shift), all_end + timedelta(shift))
    assert f"{day_words(move.new_start)} to {day_words(move.new_end)} (3 weeks later)" in body
    # The training is not Jamie's to move: a coordinator, a chair or its leads confirm it.
    assert not page.locator(f"#move-{move.pk} button").count()
    trial.refresh_from_db()
    assert (trial.status, trial.expected_end, trial.planned_end) == (
        Task.Status.IN_PROGRESS,
        slipped_end,
        trial_end,
    )
    assert train_all.planned_start == all_start  # nothing moved yet
    problems += keys.problems

    # 6. Morag confirms the new dates; "What has changed" says both changes, and why.
    keys = _start(page, base, COORDINATOR)
    _link(keys, "Dates to confirm", "the dates to confirm")
    keys.tab_to(
        "Confirm the new dates for the training",
        f"el => el.tagName === 'BUTTON' && el.innerText.includes('Confirm the new dates')"
        f" && el.innerText.includes({TRAIN_ALL!r})",
    )
    _follow(keys, "the dates confirmed")
    confirmed = (
        f"\u2018{TRAIN_ALL}\u2019 now runs from {day_words(move.new_start)} to {day_words(move.new_end)}."
    )
    assert confirmed in _main(page)
    train_all.refresh_from_db()
    assert (train_all.planned_start, train_all.planned_end) == (move.new_start, move.new_end)
    _link(keys, "What has changed", "what has changed")
    body = _main(page)

    slipped = f"{TRIAL}: {_moved('is now expected to end', slipped_end, trial_end)}, because {REASON}"
    starts, ends = _moved("now starts", move.new_start, all_start), _moved("now ends", move.new_end, all_end)
    followed = (
        f"{TRAIN_ALL}: {starts}; {ends}, because it waits for \u2018{TRIAL}\u2019, which is now expected to "
        f"end on {day_words(slipped_end)}"
    )
    assert slipped in body, body
    assert followed in body, body
    assert PlanChange.objects.filter(task=trial, field=PlanChange.Field.DATES, reason=REASON).exists()
    problems += keys.problems

    # 7. Chloe finds the trial in its month on the timeline, in words, and opens the easy read plan.
    keys = _start(page, base, EASY_READ)
    _link(keys, "Timeline", "the timeline")
    month = page.locator(f"section[aria-labelledby=month-{slipped_end:%Y-%m}]")
    assert month.locator("h3").inner_text() == month_words(slipped_end)
    line = month.locator("li", has_text=f"Expected to end: {TRIAL}").inner_text()
    was = month_words(trial_end) if _months_differ(slipped_end, trial_end) else day_words(trial_end)
    assert f"{day_words(slipped_end)}. Expected to end: {TRIAL} (was planned for {was})." in line, line
    assert "Taking longer than planned, by 3 weeks." in line, line
    # The drawing has its words: a title, and a description that names the trial (3 weeks later than planned
    # is past the 2 extra weeks a 6-week task is allowed).
    drawing = page.locator("svg[role=img]")
    assert drawing.get_attribute("aria-labelledby") == "timeline-drawing-title timeline-drawing-desc"
    assert page.locator("#timeline-drawing-title").text_content().strip()
    description = page.locator("#timeline-drawing-desc").text_content()
    assert description.startswith("Timeline of ") and f"\u2018{TRIAL}\u2019" in description, description
    _link(keys, "The work plan", "the plan, for Chloe")
    _link(keys, "The plan as a web page (easy read)", "the easy read plan")
    # One outcome at a time, in easy read words: ours is there, with both tasks, and nothing is missing.
    words = page.locator("body").inner_text()
    assert "not ready" not in words.lower(), words
    assert outcome.easy_read_text in words and TRIAL_EASY in words and TRAIN_ALL_EASY in words, words
    problems += keys.problems

    assert not problems, "Focus problems at these Tab stops:\n" + "\n".join(problems)
