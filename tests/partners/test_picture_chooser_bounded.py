"""The picture chooser lists the bundled pictures and the partnership's 24 most recently added ones (and the
chosen one, however old), so every form with easy read words costs the same however many pictures the
partnership has; any other of its pictures is chosen by typing its name, without JavaScript."""

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduction.easy_read import pictures as easy_read
from coproduction.easy_read.forms import RECENT_PICTURES
from partners.forms_easy_read import GlossaryTermForm
from partners.models import GlossaryTerm, Picture


def _pictures(partnership, count, *, start=0) -> list[Picture]:
    """Pictures named P000, P001, ...: the higher the number, the more recently added."""
    made = []
    base = timezone.now() - timedelta(days=1000)
    for n in range(start, start + count):
        picture = Picture.objects.create(
            partnership=partnership, name=f"P{n:03d}", alt_text="A picture", image=f"pictures/p{n}.png"
        )
        Picture.objects.filter(pk=picture.pk).update(created_at=base + timedelta(days=n))
        made.append(picture)
    return made


def _add(partnership):
    return reverse("partners:glossary_add", args=[partnership.slug])


def _radios(page: str, name: str = "picture") -> list[str]:
    return re.findall(rf'name="{name}" type="radio" value="([^"]*)"', page)


def _post(word="Advocate", picture="", typed=None):
    data = {"word": word, "explanation": "A person who helps you speak up.", "picture": picture}
    if typed is not None:
        data["picture_typed"] = typed
    return data


def test_the_chooser_lists_the_24_pictures_added_last_and_a_box_for_any_other(partnership, alice_client):
    _pictures(partnership, 30)
    page = alice_client.get(_add(partnership)).content.decode()
    radios = _radios(page)
    assert len(radios) == 1 + RECENT_PICTURES + len(easy_read.bundled())
    uploads = [code for code in radios if code.startswith("upload:")]
    names = dict(Picture.objects.values_list("pk", "name"))
    assert [names[int(code[7:])] for code in uploads] == [f"P{n:03d}" for n in range(29, 5, -1)]
    assert "P005" not in page
    assert "Pictures your partnership added (24 pictures)" in page
    # The radios stay numbered in page order: "No picture" is 1, where the error summary links.
    ids = re.findall(r'id="id_picture_(\d+)" name="picture" type="radio"', page)
    assert ids == [str(n) for n in range(1, len(radios) + 1)]
    assert (
        '<label class="govuk-label" for="id_picture_typed">Or type the name of another of our pictures'
        in page
    )
    assert 'name="picture_typed" type="text" value=""' in page
    assert (
        reverse("partners:picture_list", args=[partnership.slug]) in page and "(opens in a new tab)" in page
    )


def test_with_few_pictures_there_is_no_box(partnership, alice_client):
    _pictures(partnership, 3)
    page = alice_client.get(_add(partnership)).content.decode()
    assert len([code for code in _radios(page) if code.startswith("upload:")]) == 3
    assert "picture_typed" not in page


def test_an_old_chosen_picture_is_listed_first_and_chosen(partnership, alice_client):
    oldest = _pictures(partnership, 30)[0]
    term = GlossaryTerm.objects.create(
        partnership=partnership, word="Hub", explanation="A place.", picture=easy_read.upload_code(oldest)
    )
    page = alice_client.get(
        reverse("partners:glossary_edit", args=[partnership.slug, term.pk])
    ).content.decode()
    uploads = [code for code in _radios(page) if code.startswith("upload:")]
    assert uploads[0] == f"upload:{oldest.pk}" and len(uploads) == RECENT_PICTURES + 1
    assert f'value="upload:{oldest.pk}" checked' in page and "Chosen now: P000." in page
    assert "Pictures your partnership added (25 pictures)</span></summary>" in page
    assert re.search(r"<details [^>]*open>\s*<summary[^>]*><span[^>]*>Pictures your partnership added", page)
    # Saving it again keeps it, though it is not among the recent ones.
    response = alice_client.post(
        reverse("partners:glossary_edit", args=[partnership.slug, term.pk]),
        _post(word="Hub", picture=easy_read.upload_code(oldest)),
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.picture == easy_read.upload_code(oldest)


def test_a_picture_chosen_by_typing_its_name(partnership, alice_client):
    made = _pictures(partnership, 30)
    response = alice_client.post(_add(partnership), _post(picture="openmoji:2615", typed="  p002 "))
    assert response.status_code == 302
    assert GlossaryTerm.objects.get().picture == easy_read.upload_code(made[2])


def test_two_pictures_with_one_name_the_newest_is_chosen(partnership, other_partnership):
    made = _pictures(partnership, 2)
    Picture.objects.filter(pk=made[0].pk).update(name="Our room")
    Picture.objects.filter(pk=made[1].pk).update(name="our room")
    _pictures(other_partnership, 1, start=50)
    Picture.objects.filter(partnership=other_partnership).update(name="Our room", created_at=timezone.now())
    assert easy_read.picture_named(partnership, "OUR  ROOM").code == easy_read.upload_code(made[1])
    assert easy_read.picture_named(partnership, "calendar").code == "openmoji:1F4C5"  # a bundled one
    assert easy_read.picture_named(partnership, "Nothing like it") is None
    assert easy_read.picture_named(other_partnership, "P000") is None


def test_a_name_we_do_not_have_is_a_plain_error_and_nothing_is_lost(partnership, alice_client):
    _pictures(partnership, 30)
    response = alice_client.post(_add(partnership), _post(picture="openmoji:2615", typed="Our garden"))
    page = response.content.decode()
    assert response.status_code == 200 and not GlossaryTerm.objects.exists()
    message = (
        "We have no picture called \u201cOur garden\u201d. Check its name on our pictures page, or choose a "
        "picture from the list"
    )
    assert f'<a href="#id_picture_1">{message}</a>' in page  # the error summary
    assert f'<span class="govuk-visually-hidden">Error:</span> {message}' in page  # by the chooser
    assert 'value="Our garden"' in page and "govuk-input--error" in page
    assert 'value="openmoji:2615" checked' in page  # the radio chosen stays chosen
    assert "A person who helps you speak up." in page


def test_another_partnerships_picture_cannot_be_chosen(partnership, other_partnership, alice_client):
    theirs = _pictures(other_partnership, 1)[0]
    form = GlossaryTermForm(_post(picture=easy_read.upload_code(theirs)), partnership=partnership)
    assert not form.is_valid()
    assert form.errors["picture"] == ["Choose a picture from the list, or \u201cNo picture\u201d"]
    form = GlossaryTermForm(_post(typed="P000"), partnership=partnership)
    assert not form.is_valid() and "We have no picture called \u201cP000\u201d" in form.errors["picture"][0]


def test_forms_with_the_chooser_cost_the_same_for_5_or_100_pictures(partnership, alice_client):
    _pictures(partnership, 5)
    with CaptureQueriesContext(connection) as few:
        small = alice_client.get(_add(partnership)).content.decode()
    _pictures(partnership, 95, start=5)
    with CaptureQueriesContext(connection) as many:
        large = alice_client.get(_add(partnership)).content.decode()
    assert len(many) == len(few)
    # 19 more pictures listed and the box for the others; no more however many are added.
    _pictures(partnership, 100, start=100)
    largest = alice_client.get(_add(partnership)).content.decode()
    assert len(large) < len(small) + 19 * 400 + 1500
    assert abs(len(largest) - len(large)) < 24 * 4  # only the pictures' longer numbers


def test_a_made_up_picture_code_or_name_is_refused_in_plain_words(partnership, alice_client):
    # "²" passes str.isdigit() but is no number; twenty digits is past any database key; PostgreSQL refuses
    # a NUL byte in a query. Each is a choice we do not have, never an error page.
    _pictures(partnership, 30)
    for code in ("upload:²", "upload:" + "9" * 20, "upload:-1", "upload:"):
        response = alice_client.post(_add(partnership), _post(picture=code))
        assert response.status_code == 200, code
        assert "Choose a picture from the list" in response.content.decode()
    response = alice_client.post(_add(partnership), _post(typed="Our\x00garden"))
    assert response.status_code == 200
    assert "We have no picture called" in response.content.decode()
    assert not GlossaryTerm.objects.exists()
