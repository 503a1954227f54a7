"""The per-point easy read rule every app uses (`coproduction.easy_read.readiness`)."""

from types import SimpleNamespace

from coproduction.easy_read.readiness import easy_read_missing, easy_read_problems

LONG = "We will talk about the new bus timetable and the changes the council wants to make to the routes."


def _point(text: str = "", picture: str = ""):
    return SimpleNamespace(easy_read_text=text, easy_read_picture=picture)


def test_a_point_is_missing_until_it_has_words_and_where_asked_a_picture():
    assert easy_read_missing(_point())
    assert easy_read_missing(_point(" \n ", "openmoji:1F4C5"))  # spaces are no words
    assert not easy_read_missing(_point("We meet on Monday."))
    assert easy_read_missing(_point("We meet on Monday."), picture_needed=True)
    assert not easy_read_missing(_point("We meet on Monday.", "openmoji:1F4C5"), picture_needed=True)


def test_written_words_that_break_the_rules_are_problems_not_missing():
    point = _point(LONG)
    assert not easy_read_missing(point)
    [problem] = easy_read_problems(point)
    assert "has 19 words" in problem
    assert easy_read_problems(_point()) == []
    assert easy_read_problems(_point("We meet on Monday.")) == []
