"""Agreeing the work plan: partners rank an outcome's themes (in order, or three dots each) and see the result
without names; a chair records the agreed order at a meeting that has started; the plan is agreed at a meeting
and kept as a version; "what has changed" since then and since the last meeting, in words with why; and the
plan's settings."""

import json
import re
import subprocess
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db.models import RestrictedError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings.models import Decision, Meeting, MeetingRole
from partners.models import Membership, Partnership, Role
from partners.services import membership_change, membership_end
from tests.factories import make_meeting, make_member, make_user
from workplan.models import (
    Outcome,
    PlanChange,
    PlanSettings,
    PlanVersion,
    Ranking,
    RankingAnswer,
    Task,
    Theme,
)
from workplan.services import agreement as services
from workplan.services.tasks import task_add, task_save

SLUG = "working-together"
THEMES = ["What stops people getting work", "What employers need to know", "Interview skills training"]


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _url(name, **kwargs):
    return reverse(f"workplan:{name}", kwargs={"slug": SLUG, **kwargs})


def _outcome(partnership, title="More disabled people in employment", themes=THEMES, **fields):
    fields.setdefault("status", Outcome.Status.AGREED)
    outcome = Outcome.objects.create(partnership=partnership, title=title, **fields)
    for position, name in enumerate(themes, start=1):
        Theme.objects.create(partnership=partnership, outcome=outcome, title=name, position=position)
    return outcome


def _themes(outcome) -> list[Theme]:
    return list(Theme.objects.filter(outcome=outcome).order_by("position", "pk"))


def _ranking(outcome, person, method=Ranking.Method.DOTS) -> Ranking:
    return services.ranking_open(outcome=outcome, method=method, by=person)


def _places(themes, places) -> dict:
    return {f"theme_{theme.pk}": str(place) for theme, place in zip(themes, places, strict=True)}


def _started(meeting):
    """The chair has started the meeting on the Run meeting page."""
    Meeting.objects.filter(pk=meeting.pk).update(run_started_at=timezone.now())
    meeting.refresh_from_db()
    return meeting


def _person(partnership, role, name):
    person = make_user(f"{name.split()[0].lower()}@example.org", full_name=name)
    make_member(partnership, person, role=role)
    return person


def _checked(page: str, name: str, value) -> bool:
    """Whether the radio `name` with `value` is chosen on the page."""
    flat = " ".join(page.split())
    return bool(
        re.search(rf'name="{name}" class="govuk-radios__input" id="[^"]+" value="{value}" checked', flat)
    )


def _errors(response) -> str:
    """The page's error summary, as a person reads it."""
    body = response.content.decode()
    start = body.find('class="govuk-error-summary"')
    assert start != -1, "no error summary on the page"
    return body[start : body.find("</ul>", start)]


@pytest.fixture
def outcome(partnership):
    return _outcome(partnership)


@pytest.fixture
def past_meeting(partnership, alice):
    return make_meeting(partnership, title="September meeting", days_ahead=-7, created_by=alice)


# ---------------------------------------------------------------- opening a ranking


def test_a_coordinator_opens_a_ranking_and_partners_are_told_where(partnership, alice, bob, outcome):
    client = _client(alice)
    page = client.get(_url("ranking_open", pk=outcome.pk))
    assert page.status_code == 200
    assert "Three dots each" in page.content.decode()

    response = client.post(_url("ranking_open", pk=outcome.pk), {"method": "rank", "once": "a" * 32})
    ranking = Ranking.objects.get(outcome=outcome)
    assert response.status_code == 302
    assert response["Location"] == _url("ranking", pk=ranking.pk)
    assert ranking.method == "rank" and ranking.closed_at is None

    # The same form sent again opens nothing more.
    client.post(_url("ranking_open", pk=outcome.pk), {"method": "rank", "once": "a" * 32})
    assert Ranking.objects.filter(outcome=outcome).count() == 1


def test_only_one_ranking_is_open_at_a_time(partnership, alice, outcome):
    ranking = _ranking(outcome, alice)
    client = _client(alice)
    page = client.get(_url("ranking_open", pk=outcome.pk)).content.decode()
    assert "already ranking these themes" in page
    assert _url("ranking", pk=ranking.pk) in page

    response = client.post(_url("ranking_open", pk=outcome.pk), {"method": "rank", "once": "b" * 32})
    assert response.status_code == 200
    assert Ranking.objects.filter(outcome=outcome).count() == 1
    with pytest.raises(ValidationError, match="already ranking"):
        _ranking(outcome, alice)


def test_a_ranking_needs_two_themes(partnership, alice):
    lonely = _outcome(partnership, "Travel independently", themes=["Buses"])
    client = _client(alice)
    page = client.get(_url("ranking_open", pk=lonely.pk)).content.decode()
    assert "This outcome has 1 theme" in page
    assert "at least two" in page
    client.post(_url("ranking_open", pk=lonely.pk), {"method": "dots", "once": "c" * 32})
    assert not Ranking.objects.exists()
    with pytest.raises(ValidationError, match="at least two"):
        _ranking(lonely, alice)


def test_opening_is_for_coordinators_and_chairs(partnership, alice, dana, bob, charlie, outcome):
    url = _url("ranking_open", pk=outcome.pk)
    observer = _person(partnership, Role.OBSERVER, "Olive Observer")
    expert = _person(partnership, Role.VISITING_EXPERT, "Eve Expert")
    assert _client(dana).get(url).status_code == 200
    assert _client(bob).post(url, {"method": "dots", "once": "d" * 32}).status_code == 403
    assert _client(observer).post(url, {"method": "dots", "once": "d" * 32}).status_code == 403
    assert _client(expert).get(url).status_code == 404
    assert _client(charlie).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    assert not Ranking.objects.exists()


def test_another_partnerships_outcome_is_not_found(partnership, alice, other_partnership):
    theirs = _outcome(other_partnership, "Theirs")
    assert _client(alice).get(_url("ranking_open", pk=theirs.pk)).status_code == 404


def test_bad_method_gets_a_message(partnership, alice, outcome):
    response = _client(alice).post(_url("ranking_open", pk=outcome.pk), {"method": "vote", "once": "e" * 32})
    assert response.status_code == 200
    assert "Choose how partners choose" in _errors(response)
    assert response.content.decode().count("<title>Error: ") == 1


# ---------------------------------------------------------------- answering: put the themes in order


def test_a_partner_puts_the_themes_in_order_and_can_change_it(partnership, alice, bob, outcome):
    ranking = _ranking(outcome, alice, Ranking.Method.RANK)
    themes = _themes(outcome)
    client = _client(bob)
    page = client.get(_url("ranking", pk=ranking.pk)).content.decode()
    assert "Put the themes in order" in page
    assert '<option value="3">3rd</option>' in page

    response = client.post(_url("ranking", pk=ranking.pk), _places(themes, [3, 1, 2]))
    assert response.status_code == 302
    mine = dict(RankingAnswer.objects.filter(person=bob).values_list("theme__title", "value"))
    assert mine == {THEMES[0]: 3, THEMES[1]: 1, THEMES[2]: 2}

    page = client.get(_url("ranking", pk=ranking.pk)).content.decode()
    assert "Your answer is saved" in page
    assert "You have answered" in page
    # Answering again replaces the answer.
    client.post(_url("ranking", pk=ranking.pk), _places(themes, [1, 2, 3]))
    mine = dict(RankingAnswer.objects.filter(person=bob).values_list("theme__title", "value"))
    assert mine == {THEMES[0]: 1, THEMES[1]: 2, THEMES[2]: 3}


@pytest.mark.parametrize(
    ("places", "message"),
    [
        (["", "", ""], "Choose a place for each theme"),
        (["1", "1", "2"], "is in 1st place, the same as"),
        (["1", "", "2"], "Choose a place for \u2018What employers need to know\u2019"),
        (["1", "abc", "2"], "from the list, from 1st to 3rd"),
        (["1", "-1", "2"], "from the list, from 1st to 3rd"),
        (["1", "4", "2"], "from the list, from 1st to 3rd"),
        (["1", "99999999999999999999999", "2"], "from the list, from 1st to 3rd"),
    ],
)
def test_a_ranking_with_places_missing_or_twice_gets_a_plain_message(
    partnership, alice, bob, outcome, places, message
):
    ranking = _ranking(outcome, alice, Ranking.Method.RANK)
    themes = _themes(outcome)
    response = _client(bob).post(
        _url("ranking", pk=ranking.pk), {f"theme_{t.pk}": p for t, p in zip(themes, places, strict=True)}
    )
    assert response.status_code == 200
    assert message in _errors(response)
    assert "<title>Error: " in response.content.decode()
    assert not RankingAnswer.objects.exists()


def test_a_ranking_with_nothing_sent_gets_a_plain_message(partnership, alice, bob, outcome):
    ranking = _ranking(outcome, alice, Ranking.Method.RANK)
    response = _client(bob).post(_url("ranking", pk=ranking.pk), {})
    assert "Choose a place for each theme" in _errors(response)
    assert not RankingAnswer.objects.exists()


def test_a_theme_that_is_not_this_outcomes_is_refused(partnership, alice, bob, outcome, other_partnership):
    ranking = _ranking(outcome, alice, Ranking.Method.RANK)
    themes = _themes(outcome)
    other = _outcome(partnership, "Travel independently", themes=["Buses", "Trains"])
    theirs = _outcome(other_partnership, "Theirs", themes=["Their theme", "Another"])
    client = _client(bob)
    for extra in (
        f"theme_{_themes(other)[0].pk}",
        f"theme_{_themes(theirs)[0].pk}",
        "theme_abc",
        "theme_99999999999999999999",
    ):
        response = client.post(_url("ranking", pk=ranking.pk), {**_places(themes, [1, 2, 3]), extra: "1"})
        assert response.status_code == 200
        assert "is not one of" in _errors(response)
    assert not RankingAnswer.objects.exists()
    # The service says the same to anything that calls it.
    with pytest.raises(ValidationError, match="not one of"):
        services.ranking_answer(
            ranking=ranking, person=bob, values={themes[0].pk: 1, themes[1].pk: 2, _themes(other)[0].pk: 3}
        )


def test_another_partnerships_ranking_is_not_found(partnership, alice, bob, other_partnership, charlie):
    theirs = _outcome(other_partnership, "Theirs")
    ranking = _ranking(theirs, charlie)
    assert _client(bob).get(_url("ranking", pk=ranking.pk)).status_code == 404
    assert _client(bob).post(_url("ranking", pk=ranking.pk), {}).status_code == 404
    assert _client(alice).get(_url("ranking_agree", pk=ranking.pk)).status_code == 404


# ---------------------------------------------------------------- answering: three dots each


def test_a_partner_gives_three_dots(partnership, alice, bob, outcome):
    ranking = _ranking(outcome, alice)
    themes = _themes(outcome)
    client = _client(bob)
    page = client.get(_url("ranking", pk=ranking.pk)).content.decode()
    assert "You have 3 dots" in page
    assert 'type="radio"' in page and "3 dots" in page

    # Themes left out get no dots.
    response = client.post(
        _url("ranking", pk=ranking.pk), {f"theme_{themes[2].pk}": "2", f"theme_{themes[0].pk}": "1"}
    )
    assert response.status_code == 302
    mine = dict(RankingAnswer.objects.filter(person=bob).values_list("theme__title", "value"))
    assert mine == {THEMES[0]: 1, THEMES[1]: 0, THEMES[2]: 2}

    # Changing it replaces the answer; the form shows the answer as given.
    client.post(_url("ranking", pk=ranking.pk), {f"theme_{themes[1].pk}": "3"})
    mine = dict(RankingAnswer.objects.filter(person=bob).values_list("theme__title", "value"))
    assert mine == {THEMES[0]: 0, THEMES[1]: 3, THEMES[2]: 0}
    page = client.get(_url("ranking", pk=ranking.pk)).content.decode()
    assert _checked(page, f"theme_{themes[1].pk}", 3)
    assert _checked(page, f"theme_{themes[0].pk}", 0)


@pytest.mark.parametrize(
    ("dots", "message"),
    [
        ([2, 2, 1], "You have given 5 dots: take 2 away"),
        ([1, 1, 0], "You have given 2 of your 3 dots: give 1 more dot"),
        ([0, 0, 0], "You have not given any of your 3 dots"),
        ([None, None, None], "Choose how many dots to give each theme"),
        ([3, -1, 1], "Choose no dots, 1, 2 or 3 dots for \u2018What employers need to know\u2019"),
        ([3, "abc", None], "Choose no dots, 1, 2 or 3 dots"),
        ([4, None, None], "Choose no dots, 1, 2 or 3 dots"),
    ],
)
def test_the_wrong_number_of_dots_gets_a_plain_message(partnership, alice, bob, outcome, dots, message):
    ranking = _ranking(outcome, alice)
    themes = _themes(outcome)
    data = {f"theme_{t.pk}": str(d) for t, d in zip(themes, dots, strict=True) if d is not None}
    response = _client(bob).post(_url("ranking", pk=ranking.pk), data)
    assert response.status_code == 200
    assert message in _errors(response)
    assert not RankingAnswer.objects.exists()
    # What was typed is still there.
    body = response.content.decode()
    for theme, given in zip(themes, dots, strict=True):
        if given in (0, 1, 2, 3):
            assert _checked(body, f"theme_{theme.pk}", given)


def test_the_dots_service_refuses_the_wrong_number(partnership, alice, bob, outcome):
    ranking = _ranking(outcome, alice)
    first, second, _third = _themes(outcome)
    with pytest.raises(ValidationError, match="take 1 away"):
        services.ranking_answer(ranking=ranking, person=bob, values={first.pk: 3, second.pk: 1})
    with pytest.raises(ValidationError, match="0, 1, 2 or 3"):
        services.ranking_answer(ranking=ranking, person=bob, values={first.pk: 7})


# ---------------------------------------------------------------- the result


def _answer_dots(ranking, people_dots, themes):
    for person, dots in people_dots:
        services.ranking_answer(
            ranking=ranking, person=person, values={t.pk: d for t, d in zip(themes, dots, strict=True)}
        )


def test_the_result_is_in_words_and_a_table_with_counts_and_no_names(partnership, alice, dana, bob, outcome):
    ranking = _ranking(outcome, alice)
    themes = _themes(outcome)
    chloe = _person(partnership, Role.MEMBER, "Chloe Partner")
    _person(partnership, Role.MEMBER, "Fi Partner")
    _person(partnership, Role.OBSERVER, "Olive Observer")  # observers do not count as partners here
    _answer_dots(ranking, [(bob, [0, 1, 2]), (chloe, [0, 0, 3]), (dana, [2, 1, 0])], themes)

    page = _client(bob).get(_url("ranking", pk=ranking.pk)).content.decode()
    assert "3 of 5 partners have answered." in page
    assert "Interview skills training: 5 dots from 2 people" in page
    assert "What employers need to know: 2 dots from 2 people" in page
    assert "What stops people getting work: 2 dots from 1 person" in page
    # Most dots first; a tie shares its place.
    assert page.index("Interview skills training: 5 dots") < page.index("What employers need to know: 2 dots")
    assert "Joint 2nd" in page
    assert "<caption" in page and 'scope="row"' in page
    # A partner sees counts, never who answered what, nor who has not answered.
    assert "Who has not answered yet" not in page
    for name in ("Chloe Partner", "Dana Chair", "Fi Partner"):
        assert name not in page


def test_coordinators_and_chairs_see_who_has_not_answered(partnership, alice, dana, bob, outcome):
    ranking = _ranking(outcome, alice)
    themes = _themes(outcome)
    _person(partnership, Role.MEMBER, "Fi Partner")
    _person(partnership, Role.OBSERVER, "Olive Observer")
    _answer_dots(ranking, [(bob, [3, 0, 0])], themes)
    page = _client(dana).get(_url("ranking", pk=ranking.pk)).content.decode()
    assert "Who has not answered yet" in page
    names = page[page.index("Who has not answered yet") :]
    assert "Fi Partner" in names and "Alice Coordinator" in names and "Dana Chair" in names
    assert "Bob Member" not in names
    assert "Olive Observer" not in names


def test_put_in_order_result_lowest_average_place_first(partnership, alice, dana, bob, outcome):
    ranking = _ranking(outcome, alice, Ranking.Method.RANK)
    first, second, third = _themes(outcome)
    for person, places in ((alice, [3, 1, 2]), (dana, [3, 2, 1]), (bob, [2, 1, 3])):
        services.ranking_answer(
            ranking=ranking,
            person=person,
            values={t.pk: p for t, p in zip((first, second, third), places, strict=True)},
        )
    page = _client(bob).get(_url("ranking", pk=ranking.pk)).content.decode()
    assert "What employers need to know: average place 1.3, from 3 people" in page
    assert "Interview skills training: average place 2.0, from 3 people" in page
    assert "What stops people getting work: average place 2.7, from 3 people" in page
    assert page.index("What employers need to know: average") < page.index(
        "Interview skills training: average"
    )
    assert page.index("Interview skills training: average") < page.index(
        "What stops people getting work: average"
    )


def test_nobody_has_answered_yet(partnership, alice, bob, outcome):
    ranking = _ranking(outcome, alice)
    page = _client(bob).get(_url("ranking", pk=ranking.pk)).content.decode()
    assert "Nobody has answered yet (2 partners can answer)." in page


def test_observers_read_the_result_and_cannot_answer(partnership, alice, bob, charlie, outcome):
    ranking = _ranking(outcome, alice)
    themes = _themes(outcome)
    observer = _person(partnership, Role.OBSERVER, "Olive Observer")
    expert = _person(partnership, Role.VISITING_EXPERT, "Eve Expert")
    client = _client(observer)
    page = client.get(_url("ranking", pk=ranking.pk))
    assert page.status_code == 200
    assert "Send my answer" not in page.content.decode()
    assert "The result so far" in page.content.decode()
    # What the page says is true: observers read the result; visiting experts cannot open it (below).
    assert "Observers can read the result." in page.content.decode()
    assert "visiting experts" not in page.content.decode()
    assert client.post(_url("ranking", pk=ranking.pk), {f"theme_{themes[0].pk}": "3"}).status_code == 403
    assert _client(expert).get(_url("ranking", pk=ranking.pk)).status_code == 404
    assert _client(charlie).get(_url("ranking", pk=ranking.pk)).status_code == 404
    assert Client().get(_url("ranking", pk=ranking.pk)).status_code == 302
    assert not RankingAnswer.objects.exists()


def test_only_the_answers_of_current_partners_are_counted(partnership, alice, dana, bob, outcome):
    ranking = _ranking(outcome, alice)
    themes = _themes(outcome)
    chloe = _person(partnership, Role.MEMBER, "Chloe Partner")
    _answer_dots(ranking, [(bob, [0, 1, 2]), (chloe, [0, 0, 3]), (dana, [3, 0, 0])], themes)
    page = _client(bob).get(_url("ranking", pk=ranking.pk)).content.decode()
    assert "3 of 4 partners have answered." in page
    assert "Interview skills training: 5 dots from 2 people" in page

    # Chloe leaves and Dana becomes an observer: their answers are kept but no longer counted, so the dots
    # and the count are about the same people.
    membership_end(member=Membership.objects.get(partnership=partnership, person=chloe))
    membership_change(
        member=Membership.objects.get(partnership=partnership, person=dana), role=Role.OBSERVER, group=None
    )
    page = _client(bob).get(_url("ranking", pk=ranking.pk)).content.decode()
    assert "1 of 2 partners has answered." in page
    assert "Interview skills training: 2 dots from 1 person" in page
    assert "What employers need to know: 1 dot from 1 person" in page
    assert "What stops people getting work: no dots yet" in page
    assert "5 dots" not in page and "3 dots from" not in page
    assert RankingAnswer.objects.filter(ranking=ranking).count() == 9

    # The chair's page proposes the order the current partners give.
    page = _client(alice).get(_url("ranking_agree", pk=ranking.pk)).content.decode()
    assert "1 of 2 partners has answered." in page
    assert page.index("Interview skills training: 2 dots") < page.index("What employers need to know: 1 dot")


# ---------------------------------------------------------------- recording the agreed order


def test_the_chair_records_the_agreed_order_at_a_started_meeting(partnership, alice, dana, bob, outcome):
    meeting = _started(make_meeting(partnership, title="October meeting", days_ahead=0, created_by=alice))
    ranking = _ranking(outcome, alice)
    first, second, third = _themes(outcome)
    _answer_dots(ranking, [(bob, [0, 1, 2]), (alice, [0, 0, 3])], [first, second, third])
    client = _client(dana)
    page = client.get(_url("ranking_agree", pk=ranking.pk)).content.decode()
    # Filled in from the result: interview skills first, then employers, then what stops people.
    assert (
        '<option value="1" selected>1st</option>'
        in page.split(f'name="theme_{third.pk}"')[1].split("</select>")[0]
    )
    assert "October meeting" in page

    response = client.post(
        _url("ranking_agree", pk=ranking.pk),
        {
            "meeting": meeting.pk,
            **_places([first, second, third], [1, 3, 2]),  # the meeting changed the order
            "how": "vote",
            "votes_for": "7",
            "votes_against": "1",
            "abstentions": "",
            "words": "We will look again in a year.",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get(meeting=meeting)
    assert decision.text.startswith(
        "The partnership agreed the order of the themes for \u2018More disabled people in employment\u2019: "
        "1. What stops people getting work; 2. Interview skills training; 3. What employers need to know."
    )
    assert "We will look again in a year." in decision.text
    assert (decision.how, decision.votes_for, decision.votes_against) == ("vote", 7, 1)
    assert [t.title for t in _themes(outcome)] == [THEMES[0], THEMES[2], THEMES[1]]
    assert {t.order_decision_id for t in _themes(outcome)} == {decision.pk}
    ranking.refresh_from_db()
    assert ranking.closed_at is not None and ranking.decision == decision
    change = PlanChange.objects.get(field=PlanChange.Field.ORDER)
    assert change.subject == outcome.title
    assert decision.reference in change.reason

    page = _client(bob).get(_url("ranking", pk=ranking.pk)).content.decode()
    day = services.meeting_day(meeting)
    assert f"The order was agreed at October meeting on {day} (decision {decision.reference})" in page
    assert "Send my answer" not in page
    # Answering after it closed changes nothing.
    response = _client(bob).post(_url("ranking", pk=ranking.pk), {f"theme_{first.pk}": "3"}, follow=True)
    assert "This ranking is closed" in response.content.decode()
    assert RankingAnswer.objects.filter(person=bob, theme=first).get().value == 0
    # Recording it again records nothing more.
    again = client.post(
        _url("ranking_agree", pk=ranking.pk),
        {"meeting": meeting.pk, **_places([first, second, third], [1, 2, 3]), "how": "consensus"},
    )
    assert again.status_code == 302
    assert Decision.objects.count() == 1


def test_the_agreed_order_needs_each_place_once(partnership, alice, outcome):
    meeting = _started(make_meeting(partnership, days_ahead=0, created_by=alice))
    ranking = _ranking(outcome, alice)
    themes = _themes(outcome)
    response = _client(alice).post(
        _url("ranking_agree", pk=ranking.pk),
        {"meeting": meeting.pk, **_places(themes, [1, 1, 2]), "how": "consensus"},
    )
    assert response.status_code == 200
    assert "the same as" in _errors(response)
    response = _client(alice).post(
        _url("ranking_agree", pk=ranking.pk),
        {"meeting": meeting.pk, **_places(themes, [1, 2, 3]), "how": "vote"},
    )
    assert "Enter the number of votes for" in _errors(response)
    assert not Decision.objects.exists()


def test_the_order_is_not_recorded_at_a_meeting_not_started_or_cancelled(
    partnership, alice, outcome, past_meeting
):
    ahead = make_meeting(partnership, title="Next meeting", days_ahead=14, created_by=alice)
    ranking = _ranking(outcome, alice)
    themes = _themes(outcome)
    client = _client(alice)
    page = client.get(_url("ranking_agree", pk=ranking.pk)).content.decode()
    assert "September meeting" in page
    assert "Next meeting" not in page
    Meeting.objects.filter(pk=past_meeting.pk).update(status=Meeting.Status.CANCELLED)
    for meeting in (ahead, past_meeting):
        response = client.post(
            _url("ranking_agree", pk=ranking.pk),
            {"meeting": meeting.pk, **_places(themes, [1, 2, 3]), "how": "consensus"},
        )
        assert response.status_code == 200
        assert "Choose a meeting from the list" in _errors(response)
    page = client.get(_url("ranking_agree", pk=ranking.pk)).content.decode()
    assert "There is no meeting to record it at yet" in page
    past_meeting.refresh_from_db()
    for meeting, message in ((ahead, "has not started yet"), (past_meeting, "cancelled")):
        with pytest.raises(ValidationError, match=message):
            services.ranking_agree(ranking=ranking, meeting=meeting, order=themes, how="consensus", by=alice)
    assert not Decision.objects.exists()
    ranking.refresh_from_db()
    assert ranking.closed_at is None


def test_a_meetings_chair_records_the_order_and_a_plain_member_may_not(partnership, alice, bob, outcome):
    meeting = _started(make_meeting(partnership, days_ahead=0, created_by=alice))
    other = make_meeting(partnership, title="Earlier meeting", days_ahead=-3, created_by=alice)
    ranking = _ranking(outcome, alice)
    themes = _themes(outcome)
    data = {"meeting": meeting.pk, **_places(themes, [1, 2, 3]), "how": "consensus"}
    assert _client(bob).get(_url("ranking_agree", pk=ranking.pk)).status_code == 403
    assert _client(bob).post(_url("ranking_agree", pk=ranking.pk), data).status_code == 403
    observer = _person(partnership, Role.OBSERVER, "Olive Observer")
    MeetingRole.objects.create(partnership=partnership, meeting=meeting, person=observer, role="chair")
    assert _client(observer).post(_url("ranking_agree", pk=ranking.pk), data).status_code == 403

    MeetingRole.objects.create(partnership=partnership, meeting=meeting, person=bob, role="chair")
    page = _client(bob).get(_url("ranking_agree", pk=ranking.pk)).content.decode()
    assert "Earlier meeting" not in page  # only the meetings he chairs
    response = _client(bob).post(_url("ranking_agree", pk=ranking.pk), {**data, "meeting": other.pk})
    assert "Choose a meeting from the list" in _errors(response)
    assert _client(bob).post(_url("ranking_agree", pk=ranking.pk), data).status_code == 302
    assert Decision.objects.get().recorded_by == bob


def test_a_theme_added_while_the_chair_records_is_told(partnership, alice, outcome):
    meeting = _started(make_meeting(partnership, days_ahead=0, created_by=alice))
    ranking = _ranking(outcome, alice)
    themes = _themes(outcome)
    Theme.objects.create(partnership=partnership, outcome=outcome, title="Job fairs", position=4)
    with pytest.raises(ValidationError, match="changed while you were on this page"):
        services.ranking_agree(ranking=ranking, meeting=meeting, order=themes, how="consensus", by=alice)
    response = _client(alice).post(
        _url("ranking_agree", pk=ranking.pk),
        {"meeting": meeting.pk, **_places(themes, [1, 2, 3]), "how": "consensus"},
    )
    assert response.status_code == 200
    assert "Choose a place for \u2018Job fairs\u2019" in _errors(response)
    assert not Decision.objects.exists()


# ---------------------------------------------------------------- agreeing the plan


def _task(partnership, outcome, person, title, start, end, theme=None):
    return task_add(
        partnership=partnership,
        outcome=outcome,
        by=person,
        title=title,
        planned_start=start,
        planned_end=end,
        theme=theme,
    )


def test_the_plan_is_agreed_at_a_meeting_and_kept_as_a_version(
    partnership, alice, dana, bob, outcome, past_meeting
):
    themes = _themes(outcome)
    training = _task(
        partnership, outcome, alice, "Interview training", date(2027, 3, 1), date(2027, 5, 31), themes[2]
    )
    _task(partnership, outcome, alice, "Survey", date(2027, 1, 4), date(2027, 2, 26))
    proposed = _outcome(
        partnership, "Disabled people can travel independently", themes=["Buses"], status="proposed"
    )
    _task(partnership, proposed, alice, "Bus audit", date(2027, 1, 4), date(2027, 2, 26))

    client = _client(dana)
    page = client.get(_url("plan_agree")).content.decode()
    assert "Proposed outcomes are not in the agreed plan unless they are agreed first" in page
    assert "Disabled people can travel independently" in page
    assert "version 1" in page

    data = {"meeting": past_meeting.pk, "how": "consensus", "expected": "1"}
    response = client.post(_url("plan_agree"), data)
    version = PlanVersion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("version", number=1)
    assert (
        version.decision.text
        == "The partnership agreed the work plan, version 1. It has 1 outcome, 3 themes and 2 tasks."
    )
    assert version.meeting == past_meeting
    snapshot = version.snapshot
    assert [o["title"] for o in snapshot["outcomes"]] == ["More disabled people in employment"]
    assert [(t["title"], t["position"]) for t in snapshot["themes"]] == [
        (name, n) for n, name in enumerate(THEMES, 1)
    ]
    row = next(t for t in snapshot["tasks"] if t["pk"] == training.pk)
    assert row == {
        "pk": training.pk,
        "title": "Interview training",
        "outcome": outcome.pk,
        "theme": themes[2].pk,
        "planned_start": "2027-03-01",
        "planned_end": "2027-05-31",
        "expected_end": "2027-05-31",
        "status": "not_started",
    }
    assert "Bus audit" not in str(snapshot)

    # Sent twice: nothing recorded twice.
    again = client.post(_url("plan_agree"), data)
    assert "already agreed" in _errors(again)
    assert PlanVersion.objects.count() == 1 and Decision.objects.count() == 1

    # The version in words, for everyone who reads the plan.
    page = _client(bob).get(_url("version", number=1)).content.decode()
    assert "Version 1 of the work plan" in page
    decision_url = reverse("meetings:decision_detail", kwargs={"slug": SLUG, "pk": version.decision_id})
    assert f'decision <a class="govuk-link" href="{decision_url}">{version.decision.reference}</a>' in page
    assert "Theme 3: Interview skills training" in page
    assert "From 1 March 2027 to 31 May 2027. Not started." in page
    assert "Bus audit" not in page
    page = _client(bob).get(_url("versions")).content.decode()
    assert "Version 1" in page and "1 outcome, 3 themes and 2 tasks" in page
    assert "Record that a meeting agreed the plan" not in page


def test_the_plan_is_not_agreed_at_a_meeting_not_started_nor_with_nothing_agreed(
    partnership, alice, past_meeting
):
    ahead = make_meeting(partnership, days_ahead=14, created_by=alice)
    client = _client(alice)
    page = client.get(_url("plan_agree")).content.decode()
    assert "No outcome is agreed yet, so there is nothing to agree" in page
    response = client.post(
        _url("plan_agree"), {"meeting": past_meeting.pk, "how": "consensus", "expected": "1"}
    )
    assert "no agreed outcomes" in _errors(response)
    _outcome(partnership)
    response = client.post(_url("plan_agree"), {"meeting": ahead.pk, "how": "consensus", "expected": "1"})
    assert "Choose a meeting from the list" in _errors(response)
    with pytest.raises(ValidationError, match="has not started"):
        services.plan_agree(
            partnership=partnership, meeting=ahead, how="consensus", expected_number=1, by=alice
        )
    for bad in (
        {"meeting": "abc"},
        {"meeting": ""},
        {"expected": "x"},
        {"how": "shouting"},
        {"votes_for": "-3"},
    ):
        data = {"meeting": past_meeting.pk, "how": "vote", "votes_for": "5", "expected": "1", **bad}
        assert client.post(_url("plan_agree"), data).status_code == 200
    assert not PlanVersion.objects.exists()


def test_agreeing_the_plan_is_for_coordinators_chairs_and_a_meetings_chairs(
    partnership, alice, bob, charlie, outcome, past_meeting
):
    data = {"meeting": past_meeting.pk, "how": "consensus", "expected": "1"}
    observer = _person(partnership, Role.OBSERVER, "Olive Observer")
    expert = _person(partnership, Role.VISITING_EXPERT, "Eve Expert")
    assert _client(bob).post(_url("plan_agree"), data).status_code == 403
    assert _client(observer).post(_url("plan_agree"), data).status_code == 403
    assert _client(expert).get(_url("plan_agree")).status_code == 404
    assert _client(charlie).get(_url("plan_agree")).status_code == 404
    assert Client().get(_url("plan_agree")).status_code == 302
    assert not PlanVersion.objects.exists()
    MeetingRole.objects.create(partnership=partnership, meeting=past_meeting, person=bob, role="chair")
    assert _client(bob).post(_url("plan_agree"), data).status_code == 302
    assert PlanVersion.objects.get().created_by == bob


# ---------------------------------------------------------------- deleting


def test_a_partnership_with_an_agreed_plan_can_be_deleted(
    partnership, alice, bob, outcome, past_meeting, other_partnership
):
    themes = _themes(outcome)
    _task(partnership, outcome, alice, "Interview training", date(2027, 3, 1), date(2027, 5, 31), themes[2])
    ranking = _ranking(outcome, alice)
    _answer_dots(ranking, [(bob, [0, 1, 2])], themes)
    services.plan_agree(
        partnership=partnership, meeting=past_meeting, how="consensus", expected_number=1, by=alice
    )
    theirs = _outcome(other_partnership, "Their outcome", themes=["Their theme"])
    their_task = _task(
        other_partnership,
        theirs,
        alice,
        "Their task",
        date(2027, 1, 4),
        date(2027, 2, 26),
        _themes(theirs)[0],
    )

    # A task in a theme, and the meeting and decision that agreed a version, no longer stop it (a 500).
    Partnership.objects.get(pk=partnership.pk).delete()
    assert not Partnership.objects.filter(pk=partnership.pk).exists()
    for model in (Outcome, Theme, Task, Ranking, RankingAnswer, PlanVersion):
        assert not model.objects.exclude(partnership=other_partnership).exists(), model.__name__
    assert not Decision.objects.filter(meeting__partnership_id=partnership.pk).exists()
    # Another partnership's plan is untouched.
    assert Task.objects.get().pk == their_task.pk
    assert Theme.objects.get().title == "Their theme"


def test_an_outcome_with_tasks_in_its_themes_can_be_deleted(partnership, alice, outcome):
    themes = _themes(outcome)
    _task(partnership, outcome, alice, "Interview training", date(2027, 3, 1), date(2027, 5, 31), themes[2])
    _task(partnership, outcome, alice, "Survey", date(2027, 1, 4), date(2027, 2, 26), themes[0])
    Outcome.objects.get(pk=outcome.pk).delete()
    assert not Outcome.objects.exists() and not Theme.objects.exists() and not Task.objects.exists()


def test_a_theme_with_tasks_is_never_deleted_on_its_own(partnership, alice, outcome, monkeypatch):
    first, second, _third = _themes(outcome)
    task = _task(partnership, outcome, alice, "Survey", date(2027, 1, 4), date(2027, 2, 26), first)
    with pytest.raises(RestrictedError):
        Theme.objects.get(pk=first.pk).delete()
    assert Task.objects.get(pk=task.pk).theme_id == first.pk

    # A task added to the theme while the coordinator chose where its tasks go: refused in words, nothing
    # moved or removed.
    bulk_create = PlanChange.objects.bulk_create

    def meanwhile(rows, *args, **kwargs):
        made = bulk_create(rows, *args, **kwargs)
        Task.objects.create(
            partnership=partnership,
            outcome=outcome,
            theme=first,
            title="Added meanwhile",
            planned_start=date(2027, 1, 4),
            planned_end=date(2027, 2, 26),
            expected_end=date(2027, 2, 26),
        )
        return made

    client = _client(alice)
    monkeypatch.setattr(PlanChange.objects, "bulk_create", meanwhile)
    response = client.post(_url("theme_remove", pk=first.pk), {"move_to": str(second.pk)})
    assert response.status_code == 200
    assert "Tasks were added to this theme while you were deciding" in _errors(response)
    assert Theme.objects.filter(pk=first.pk).exists()
    assert list(Task.objects.values_list("title", "theme")) == [("Survey", first.pk)]

    # Chosen again, its tasks move and the theme goes, as before.
    monkeypatch.undo()
    response = client.post(_url("theme_remove", pk=first.pk), {"move_to": str(second.pk)})
    assert response.status_code == 302
    assert not Theme.objects.filter(pk=first.pk).exists()
    assert Task.objects.get(pk=task.pk).theme_id == second.pk


def test_versions_and_changes_are_read_by_observers_not_by_visiting_experts(
    partnership, alice, charlie, outcome, past_meeting
):
    services.plan_agree(
        partnership=partnership, meeting=past_meeting, how="consensus", expected_number=1, by=alice
    )
    observer = _person(partnership, Role.OBSERVER, "Olive Observer")
    expert = _person(partnership, Role.VISITING_EXPERT, "Eve Expert")
    for url in (
        _url("versions"),
        _url("version", number=1),
        _url("changes"),
        _url("changes_all", since="all"),
    ):
        assert _client(observer).get(url).status_code == 200
        assert _client(expert).get(url).status_code == 404
        assert _client(charlie).get(url).status_code == 404
        assert Client().get(url).status_code == 302
    assert _client(alice).get(_url("version", number=2)).status_code == 404
    assert _client(alice).get(_url("changes_all", since="yesterday")).status_code == 404


def test_no_versions_yet_says_how_to_agree(partnership, alice, bob):
    page = _client(alice).get(_url("versions")).content.decode()
    assert "has not agreed its work plan at a meeting yet" in page
    assert _url("plan_agree") in page
    page = _client(bob).get(_url("versions")).content.decode()
    assert "A coordinator or chair records it" in page


# ---------------------------------------------------------------- what has changed


def test_changes_since_the_plan_was_agreed_and_since_the_last_meeting(
    partnership, alice, bob, outcome, past_meeting
):
    training = _task(partnership, outcome, alice, "Interview training", date(2027, 3, 1), date(2027, 5, 31))
    survey = _task(partnership, outcome, alice, "Survey", date(2027, 1, 4), date(2027, 2, 26))
    version = services.plan_agree(
        partnership=partnership, meeting=past_meeting, how="consensus", expected_number=1, by=alice
    )
    # Agreed a week before the last meeting: a change made between them is since the plan was agreed only.
    PlanVersion.objects.filter(pk=version.pk).update(created_at=timezone.now() - timedelta(days=10))
    task_save(
        task=survey,
        revision=survey.revision,
        by=alice,
        reason="people need more time",
        planned_end=date(2027, 3, 12),
    )
    PlanChange.objects.filter(task=survey, field="dates").update(
        changed_at=timezone.now() - timedelta(days=8)
    )
    task_save(
        task=training,
        revision=training.revision,
        by=alice,
        reason="the venue was not ready",
        planned_end=date(2027, 7, 30),
    )
    added = _task(partnership, outcome, alice, "Guide for employers", date(2027, 6, 1), date(2027, 8, 31))
    Task.objects.filter(pk=survey.pk).delete()

    page = _client(bob).get(_url("changes")).content.decode()
    agreed = page[
        page.index("Since the plan was agreed (version 1, at September meeting,") : page.index(
            "Since the last meeting"
        )
    ]
    last = page[
        page.index(f"Since the last meeting (September meeting, {services.meeting_day(past_meeting)})") :
    ]
    sentence = "Interview training: now ends in July 2027, not May 2027, because the venue was not ready"
    assert sentence in agreed and sentence in last
    assert "Alice Coordinator" in agreed
    assert "Survey: now ends in March 2027, not February 2027, because people need more time" in agreed
    assert "Survey: now ends" not in last
    # What only the snapshot shows: tasks added and taken out since.
    assert "1 task added since" in agreed and "\u2018Guide for employers\u2019, from 1 June 2027" in agreed
    assert "1 task taken out since" in agreed and "\u2018Survey\u2019" in agreed
    assert "\u2018Interview training\u2019 now ends on 30 July 2027, not 31 May 2027" in agreed
    assert added.pk  # used

    rows = services.changes_since(partnership, None)
    assert rows[0].sentence.startswith("Guide for employers: added to the plan")
    assert any(row.sentence == sentence and row.who == "Alice Coordinator" for row in rows)


def _compared(client) -> str:
    page = client.get(_url("changes")).content.decode()
    return page[page.index("Compared with the agreed plan") : page.index("Since the last meeting")]


def test_the_agreed_plan_is_compared_with_the_plan_as_every_page_counts_it(
    partnership, alice, bob, outcome, past_meeting
):
    _task(partnership, outcome, alice, "Survey", date(2027, 1, 4), date(2027, 2, 26))
    buses = _outcome(partnership, "Disabled people can travel independently", themes=[], status="proposed")
    _task(partnership, buses, alice, "Bus audit", date(2027, 1, 4), date(2027, 2, 26))
    dropped = _outcome(partnership, "An outcome we let go", themes=[], status="dropped")
    _task(partnership, dropped, alice, "Old idea", date(2027, 1, 4), date(2027, 2, 26))
    version = services.plan_agree(
        partnership=partnership, meeting=past_meeting, how="consensus", expected_number=1, by=alice
    )
    # The kept version is what was agreed: agreed outcomes only.
    assert [o["title"] for o in version.snapshot["outcomes"]] == ["More disabled people in employment"]
    assert [t["title"] for t in version.snapshot["tasks"]] == ["Survey"]

    # The plan now counts the proposed outcome and its task, as the plan page does; they are said to be not
    # agreed yet, not "added since" (the bus audit was there when the plan was agreed).
    client = _client(bob)
    compared = _compared(client)
    assert (
        "Proposed outcomes, not agreed yet: \u2018Disabled people can travel independently\u2019." in compared
    )
    assert "1 task in a proposed outcome (not agreed yet), so not in the agreed plan" in compared
    assert (
        "\u2018Bus audit\u2019, from 4 January 2027 to 26 February 2027, "
        "in \u2018Disabled people can travel independently\u2019"
    ) in compared
    assert "added since" not in compared and "Outcomes agreed since" not in compared
    assert "Old idea" not in compared and "An outcome we let go" not in compared
    plan = client.get(_url("plan")).content.decode()
    assert "Bus audit" in plan  # the plan page counts it too

    # Once the outcome is agreed, it and its task are in the plan since it was agreed.
    Outcome.objects.filter(pk=buses.pk).update(status=Outcome.Status.AGREED)
    compared = _compared(client)
    assert "Outcomes agreed since: \u2018Disabled people can travel independently\u2019." in compared
    assert "1 task added since" in compared and "\u2018Bus audit\u2019, from 4 January 2027" in compared
    assert "not agreed yet" not in compared

    # An agreed outcome let go: no longer in the plan, and its task is taken out.
    Outcome.objects.filter(pk=outcome.pk).update(status=Outcome.Status.DROPPED)
    compared = _compared(client)
    assert "Outcomes no longer in the plan: \u2018More disabled people in employment\u2019." in compared
    assert "1 task taken out since" in compared and "\u2018Survey\u2019" in compared


def test_changes_when_the_plan_was_never_agreed_and_no_meeting_held(partnership, alice, bob, outcome):
    page = _client(bob).get(_url("changes")).content.decode()
    assert "The plan has not been agreed at a meeting yet" in page
    assert "No meeting has been held yet." in page
    page = _client(alice).get(_url("changes")).content.decode()
    assert _url("plan_agree") in page


def test_a_long_list_of_changes_is_cut_with_a_link_to_every_change(
    partnership, alice, bob, outcome, past_meeting
):
    services.plan_agree(
        partnership=partnership, meeting=past_meeting, how="consensus", expected_number=1, by=alice
    )
    PlanChange.objects.bulk_create(
        PlanChange(
            partnership=partnership, subject=f"Task {n}", field="dates", words="now ends later", reason="rain"
        )
        for n in range(60)
    )
    client = _client(bob)
    page = client.get(_url("changes")).content.decode()
    assert page.count("Task 59: now ends later, because rain") == 2  # newest first, in both lists
    assert "Task 9: now ends" not in page
    assert "And 10 more." in page
    assert _url("changes_all", since="agreed") in page
    full = client.get(_url("changes_all", since="agreed")).content.decode()
    assert "60 changes, newest first: showing 1 to 50." in full
    assert "Task 59: now ends later" in full
    second = client.get(_url("changes_all", since="agreed") + "?page=2").content.decode()
    assert "Task 0: now ends later" in second
    assert client.get(_url("changes_all", since="meeting") + "?page=abc").status_code == 200


# ---------------------------------------------------------------- settings


def test_settings_are_saved(partnership, alice, dana):
    client = _client(dana)
    page = client.get(_url("settings")).content.decode()
    assert 'value="25"' in page
    response = client.post(
        _url("settings"), {"contingency_percent": "30", "networks_weeks": "6", "networks_lead_weeks": "0"}
    )
    assert response.status_code == 302
    saved = PlanSettings.objects.get(partnership=partnership)
    assert (saved.contingency_percent, saved.networks_weeks, saved.networks_lead_weeks) == (30, 6, 0)
    client.post(
        _url("settings"), {"contingency_percent": "20", "networks_weeks": "4", "networks_lead_weeks": "2"}
    )
    assert PlanSettings.objects.get(partnership=partnership).contingency_percent == 20


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("contingency_percent", "-3", "cannot be less than 0"),
        ("contingency_percent", "1000", "cannot be more than 100"),
        ("contingency_percent", "lots", "as a whole number, for example 25"),
        ("contingency_percent", "", "Enter the extra time"),
        ("networks_weeks", "0", "cannot be less than 1"),
        ("networks_weeks", "27", "cannot be more than 26"),
        ("networks_lead_weeks", "-3", "cannot be less than 0"),
        ("networks_lead_weeks", "99999999999999999999", "cannot be more than 26"),
        ("networks_lead_weeks", "two", "as a whole number, for example 2"),
    ],
)
def test_settings_refuse_what_cannot_be_right(partnership, alice, field, value, message):
    data = {"contingency_percent": "25", "networks_weeks": "4", "networks_lead_weeks": "2", field: value}
    response = _client(alice).post(_url("settings"), data)
    assert response.status_code == 200
    assert message in _errors(response)
    assert f'value="{value}"' in response.content.decode() or value == ""
    assert not PlanSettings.objects.exists()


def test_settings_are_for_coordinators_and_chairs(partnership, bob, charlie):
    observer = _person(partnership, Role.OBSERVER, "Olive Observer")
    data = {"contingency_percent": "30", "networks_weeks": "6", "networks_lead_weeks": "0"}
    assert _client(bob).get(_url("settings")).status_code == 403
    assert _client(bob).post(_url("settings"), data).status_code == 403
    assert _client(observer).post(_url("settings"), data).status_code == 403
    assert _client(charlie).get(_url("settings")).status_code == 404
    assert not PlanSettings.objects.exists()


# ---------------------------------------------------------------- queries


def _grow(partnership, person, outcome, past_meeting, size):
    """A plan with `size` more tasks, answers from `size` more partners, `size` more versions and `20 * size`
    more changes."""
    themes = _themes(outcome)
    ranking = Ranking.objects.filter(outcome=outcome).first() or _ranking(outcome, person)
    for n in range(size):
        partner = make_user(f"partner{size}-{n}@example.org", full_name=f"Partner {n}")
        make_member(partnership, partner, role=Role.MEMBER)
        services.ranking_answer(ranking=ranking, person=partner, values={themes[n % 3].pk: 3})
        _task(
            partnership,
            outcome,
            person,
            f"Task {size}-{n}",
            date(2027, 1, 4),
            date(2027, 2, 26),
            themes[n % 3],
        )
    for _n in range(size):
        number = services.next_version_number(partnership)
        services.plan_agree(
            partnership=partnership, meeting=past_meeting, how="consensus", expected_number=number, by=person
        )
    # More changes since the plan was agreed than the page shows (it says how many more).
    PlanChange.objects.bulk_create(
        PlanChange(partnership=partnership, subject=f"Task {n}", field="dates", words="later", reason="rain")
        for n in range(20 * size)
    )
    return ranking


def test_the_pages_ask_a_fixed_number_of_queries_as_the_plan_grows(
    partnership, alice, outcome, past_meeting, django_assert_max_num_queries
):
    ranking = _grow(partnership, alice, outcome, past_meeting, 3)
    client = _client(alice)
    urls = [
        # session, user, membership; the ranking with its outcome and decision, the themes, the answers, the
        # partners, the picture choices at most
        _url("ranking", pk=ranking.pk),
        # + the latest version, the last meeting, the changes since each (and their counts past 50), the
        # outcomes and tasks now
        _url("changes"),
        _url("changes_all", since="all"),
        _url("versions"),
        _url("version", number=1),
        _url("ranking_open", pk=outcome.pk),
        _url("ranking_agree", pk=ranking.pk),
        _url("plan_agree"),
        _url("settings"),
    ]
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(12) as captured:
            assert client.get(url).status_code == 200
        counts[url] = len(captured)
    _grow(partnership, alice, outcome, past_meeting, 30)
    for url in urls:
        with django_assert_max_num_queries(12) as captured:
            assert client.get(url).status_code == 200
        assert len(captured) == counts[url], f"{url} asks more as the plan grows"


# ---------------------------------------------------------------- valid HTML, with errors showing too


def test_the_pages_are_valid_html_with_and_without_errors(
    partnership, alice, bob, outcome, past_meeting, tmp_path
):
    from tests.test_html_valid import _checker

    command = _checker()
    ranking = _ranking(outcome, alice, Ranking.Method.RANK)
    dots = _ranking(_outcome(partnership, "Travel independently", themes=["Buses", "Trains"]), alice)
    themes = _themes(outcome)
    alice_client, bob_client = _client(alice), _client(bob)
    pages = {
        "rank": bob_client.get(_url("ranking", pk=ranking.pk)),
        "rank error": bob_client.post(_url("ranking", pk=ranking.pk), _places(themes, [1, 1, ""])),
        "dots error": bob_client.post(_url("ranking", pk=dots.pk), {"theme_0": "4"}),
        "dots manager": alice_client.get(_url("ranking", pk=dots.pk)),
        "open": alice_client.get(_url("ranking_open", pk=outcome.pk)),
        "open error": alice_client.post(_url("ranking_open", pk=_outcome(partnership, "New").pk), {}),
        "agree error": alice_client.post(_url("ranking_agree", pk=ranking.pk), {"how": "vote"}),
        "plan agree error": alice_client.post(_url("plan_agree"), {"how": "vote", "expected": "1"}),
        "settings error": alice_client.post(_url("settings"), {"contingency_percent": "-3"}),
    }
    services.plan_agree(
        partnership=partnership, meeting=past_meeting, how="consensus", expected_number=1, by=alice
    )
    _task(partnership, outcome, alice, "Survey", date(2027, 1, 4), date(2027, 2, 26), themes[0])
    pages["changes"] = bob_client.get(_url("changes"))
    pages["changes all"] = bob_client.get(_url("changes_all", since="all"))
    pages["versions"] = bob_client.get(_url("versions"))
    pages["version"] = bob_client.get(_url("version", number=1))
    services.ranking_agree(ranking=ranking, meeting=past_meeting, order=themes, how="consensus", by=alice)
    pages["agreed ranking"] = bob_client.get(_url("ranking", pk=ranking.pk))
    assert "The order was agreed at September meeting" in pages["agreed ranking"].content.decode()
    files = {}
    for number, (name, response) in enumerate(pages.items()):
        assert response.status_code == 200, name
        path = tmp_path / f"page-{number:02}.html"
        path.write_text(response.content.decode())
        files[path.name] = name
    result = subprocess.run(  # noqa: S603 (our own checker, on files this test wrote)
        [*command, "--errors-only", "--format", "json", *map(str, sorted(tmp_path.glob("*.html")))],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    problems = [
        f"{files.get(m.get('url', '').rsplit('/', 1)[-1])} line {m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert not problems, "\n".join(problems)
