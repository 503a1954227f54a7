"""A version of the ground rules printed in each variant, read back and checked against the print rules in
ACCESSIBILITY.md (tests/formats/pdfcheck.py): tagged, its language and title, the sizes of its variant, and in
easy read a picture left of every rule. And what the documents say: the version's facts, each rule, the papers
notice in days, easy read not ready while a rule has no easy read words."""

import pytest
from django.test import Client
from django.urls import reverse

from coproduction.printing import VARIANTS
from groundrules.models import Proposal, VersionRule
from groundrules.services.documents import document_title, ground_rules_files
from groundrules.services.rules import version_agree
from meetings.models import Attendance
from partners.models import Partnership
from tests.factories import make_meeting
from tests.formats.pdfcheck import MIN_SIZE, assert_print_rules, page_texts, pictures

pytestmark = pytest.mark.django_db

RULES = [
    ("Promote equal participation.", "Everyone gets a turn to speak.", "openmoji:1F91D"),
    ("Say if you do not understand something.", "Tell us if you do not understand.", "openmoji:1F4AC"),
    ("Always be respectful, even if you do not agree.", "Be kind to each other.", "openmoji:1F465"),
    ("Keep everyone informed if something relevant happens.", "Tell everyone the news.", "openmoji:1F4CB"),
    ("Keep to agreed deadlines or say if you cannot.", "Do things on time.", "openmoji:1F4C5"),
    ("Information is sent out well before a meeting.", "We send the papers early.", "openmoji:1F4C6"),
]


@pytest.fixture
def version(partnership, alice, bob):
    Partnership.objects.filter(pk=partnership.pk).update(papers_notice_days=10)
    partnership.refresh_from_db()
    meeting = make_meeting(partnership, title="First meeting", days_ahead=-7, created_by=alice)
    Attendance.objects.create(partnership=partnership, meeting=meeting, person=bob, present=True)
    proposals = [
        Proposal.objects.create(
            partnership=partnership,
            proposed_by=bob,
            text=text,
            easy_read_text=easy,
            easy_read_picture=picture,
            uses_papers_notice=text.startswith("Information"),
            in_practice="We check at the start of each meeting." if number == 1 else "",
            helped_write="Bob, with his support worker" if number == 2 else "",
        )
        for number, (text, easy, picture) in enumerate(RULES, start=1)
    ]
    return version_agree(
        meeting=meeting, agreed=proposals, not_agreed=[], recorded_by=alice, expected_number=1
    ).version


def _text(printed) -> str:
    return " ".join(" ".join(page_texts(p.pdf)) for p in printed).replace("\u00ad", "")


def test_each_variant_meets_the_print_rules(version):
    title = document_title(version)
    assert title == "Ground rules: Working Together, version 1"
    for variant in VARIANTS:
        printed = ground_rules_files(version, variant)
        assert len(printed) == 1
        (document,) = printed
        assert document.filename == f"ground-rules-v1-{variant.replace('_', '-')}.pdf"
        checked = assert_print_rules(document.pdf, variant, title=title)
        assert checked.smallest >= MIN_SIZE[variant] - 0.01
        text = " ".join(_text(printed).split())
        assert "Ground rules: Working Together, version 1" in text
        if variant == "easy_read":
            # A picture for every rule (and for each fact about the version), left of its words.
            assert checked.pictures >= len(RULES) + 3
            assert "We send the papers early. At least 10 days before the meeting." in text
            assert "Tell us if you do not understand." in text
            assert "Pictures: OpenMoji" in text
        else:
            assert "Information is sent out well before a meeting (at least 10 days before)." in text
            assert "We check at the start of each meeting." in text
            assert "Bob, with his support worker" in text
            assert version.decision.reference in text and "First meeting" in text
            assert "Bob Member" in text  # who was there


def test_the_easy_read_document_has_a_picture_left_of_each_rule(version):
    (document,) = ground_rules_files(version, "easy_read")
    boxes = pictures(document.pdf)
    assert len(boxes) >= len(RULES)


def test_easy_read_is_not_ready_while_a_rule_has_no_easy_read_words(version):
    VersionRule.objects.filter(version=version, text__startswith="Keep to agreed").update(easy_read_text="")
    (document,) = ground_rules_files(version, "easy_read")
    assert_print_rules(document.pdf, "easy_read", title=document_title(version))
    text = " ".join(_text([document]).split())
    assert "This easy read document is not ready yet." in text
    assert "Rule 5 “Keep to agreed deadlines or say if you…”" in text


def test_the_pdf_is_served_with_its_file_name_and_the_web_page_in_each_variant(version, bob):
    client = Client()
    client.force_login(bob)
    kwargs = {"slug": "working-together", "variant": "large_print"}
    response = client.get(reverse("groundrules:current_pdf", kwargs=kwargs))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="ground-rules-v1-large-print.pdf"' in response["Content-Disposition"]
    assert_print_rules(response.content, "large_print", title=document_title(version))
    for variant in VARIANTS:
        page = client.get(reverse("groundrules:current_web", kwargs={**kwargs, "variant": variant}))
        assert page.status_code == 200
        html = page.content.decode()
        assert '<html lang="en-GB"' in html and html.count("<h1") == 1
        assert "Ground rules: Working Together, version 1" in html
        assert reverse("groundrules:current_pdf", kwargs={**kwargs, "variant": variant}) in html
    older = client.get(
        reverse("groundrules:version_pdf", kwargs={**kwargs, "number": 1, "variant": "easy_read"})
    )
    assert older.status_code == 200
    assert 'filename="ground-rules-v1-easy-read.pdf"' in older["Content-Disposition"]


def test_a_part_that_does_not_exist_is_not_found(version, bob):
    client = Client()
    client.force_login(bob)
    url = reverse("groundrules:current_pdf", kwargs={"slug": "working-together", "variant": "easy_read"})
    assert client.get(url + "?part=1").status_code == 200
    assert client.get(url + "?part=2").status_code == 404
    assert client.get(url + "?part=abc").status_code == 404
