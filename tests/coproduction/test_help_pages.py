"""The signed-out home page and the help pages: plain words for partners, chairs and coordinators, and an
easy read version with pictures."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from coproduction.easy_read.pictures import bundled


def test_signed_out_home_says_what_the_workspace_is_and_how_to_sign_in(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "work together as equal partners" in body
    assert f'href="{reverse("account_login")}"' in body and ">Sign in</a>" in body
    assert "invites them" in body  # how people get an account
    assert f'href="{reverse("help_easy_read")}"' in body


def test_signed_in_home_still_lists_partnerships(alice_client, partnership):
    body = alice_client.get(reverse("home")).content.decode()
    assert "Your partnerships" in body and "Working Together" in body
    assert "work together as equal partners" not in body


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("help", ["Joining a partnership", "do not use email", "Any other business"]),
        ("help_chairs", ["Run meeting", "Back to the previous item", "access plan"]),
        (
            "help_coordinators",
            ["Add someone who does not use email", "print and post list", "papers deadline"],
        ),
    ],
)
def test_help_for_each_role_is_open_to_everyone(client, db, name, words):
    response = client.get(reverse(name))
    assert response.status_code == 200
    body = response.content.decode()
    for word in words:
        assert word in body
    # Every help page leads to the others and to the easy read version.
    for other in ("help", "help_chairs", "help_coordinators", "help_easy_read"):
        if other != name:
            assert f'href="{reverse(other)}"' in body


def test_easy_read_help_has_short_sentences_each_with_a_picture(client, db):
    body = client.get(reverse("help_easy_read")).content.decode()
    points = re.findall(r'<li class="cp-easy-words[^"]*">(.*?)</li>', body, re.S)
    assert len(points) >= 15
    pictures = {picture.url: picture for picture in bundled().values()}
    for point in points:
        image = re.search(r'<img class="cp-picture cp-picture--left" src="([^"]+)" alt="([^"]+)"', point)
        assert image, point
        assert image.group(1) in pictures and image.group(2) == pictures[image.group(1)].alt
        text = re.sub(r"<[^>]+>", "", point).strip()
        for sentence in filter(None, (s.strip() for s in re.split(r"[.?!]", text))):
            assert len(sentence.split()) <= 15, sentence
    # The pictures are files the site serves.
    assert finders.find("easyread/openmoji/E249.svg")
    assert "style=" not in body
