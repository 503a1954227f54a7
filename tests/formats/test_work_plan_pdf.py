"""The work plan printed in each variant, read back and checked against the print rules in ACCESSIBILITY.md
(tests/formats/pdfcheck.py): tagged, its language and title, the bundled fonts, the sizes of its variant
(18pt everything in large print), and in easy read a picture left of every point and one outcome at a time,
each starting a new page. And what the documents say: the answer to "Are we following the work plan?", each
agreed outcome with its themes in the agreed order and its tasks, the proposed ones last; easy read not
ready while a task has no easy read words."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from coproduction.printing import VARIANTS
from tests.formats.pdfcheck import MIN_SIZE, assert_print_rules, page_texts, pictures
from tests.workplan.test_documents import plan_in
from workplan.models import Task
from workplan.services.documents import document_title, plan_files

pytestmark = pytest.mark.django_db

TITLE = "Working Together work plan"


@pytest.fixture
def made(partnership, alice, bob):
    return plan_in(partnership, alice, bob)


def _text(printed) -> str:
    return " ".join(" ".join(" ".join(page_texts(p.pdf)).replace("\u00ad", "").split()) for p in printed)


def test_each_variant_meets_the_print_rules(partnership, made):
    assert document_title(partnership) == TITLE
    for variant in VARIANTS:
        printed = plan_files(partnership, variant)
        assert len(printed) == 1
        (document,) = printed
        assert document.filename == f"work-plan-{variant.replace('_', '-')}.pdf"
        checked = assert_print_rules(document.pdf, variant, title=TITLE)
        assert checked.smallest >= MIN_SIZE[variant] - 0.01
        assert all("AtkinsonHyperlegible" in font.replace("-", "") for font in checked.fonts)
        text = _text(printed)
        assert TITLE in text and "Are we following the work plan?" in text
        if variant == "easy_read":
            assert "Not quite. 1 thing is late." in text
            assert "We want more disabled people to have a job." in text
            assert "We plan a course about job interviews." in text
            assert "A course to help you at a job interview." in text  # what it makes
            assert "Bob Member does this." in text
            assert "It will now finish in" in text and "This is late." in text
            # The hard word in bold where it is first used, explained, and in the glossary at the end.
            assert "Employers are people who give you a job." in text and "Hard words" in text
            assert "Pictures: OpenMoji" in text
            # A picture for each point: the introduction, each outcome, and each task's what, who and when.
            assert checked.pictures >= 2 + 2 + 5 * 3
        else:
            assert "Not quite. 1 task is late. ‘Design interview skills training’ is late: we allowed" in text
            assert "Outcome 1: More disabled people in employment" in text
            assert "Disability Forum and City Council" in text
            assert "Why the dates changed: The venue was not ready." in text
            assert "What it needs first: ‘Design interview skills training’ (not done yet)." in text
            assert "Interview skills training course" in text
            assert "Proposed, not agreed yet" in text
            # The themes in their agreed order, the proposed outcome last.
            order = [
                "Theme 1: What stops people getting work",
                "Theme 2: What employers need to know",
                "Theme 3: Interview skills training",
                "Proposed, not agreed yet",
                "Disabled people can travel independently",
            ]
            assert [text.index(words) for words in order] == sorted(text.index(words) for words in order)


def test_large_print_is_18pt_everywhere_page_numbers_included(partnership, made):
    (document,) = plan_files(partnership, "large_print")
    checked = assert_print_rules(document.pdf, "large_print", title=TITLE)
    assert checked.smallest >= 18 - 0.01
    texts = page_texts(document.pdf)
    assert all(f"Page {n} of {len(texts)}" in page for n, page in enumerate(texts, start=1))


def test_easy_read_has_one_outcome_at_a_time_each_on_a_new_page(partnership, made):
    (document,) = plan_files(partnership, "easy_read")
    texts = [" ".join(page.split()) for page in page_texts(document.pdf)]
    starts = [n for n, page in enumerate(texts) for _ in re.findall("What we want to change", page)]
    assert len(starts) == 2  # the agreed outcome and the proposed one
    assert starts[0] < starts[1]  # a page of its own each: never two on one page
    second = texts[starts[1]]
    assert "We want disabled people to travel on their own. We have not agreed this yet." in second
    assert "We want more disabled people to have a job." not in second
    assert "We go on buses with the drivers." in " ".join(texts[starts[1] :])
    assert "We go on buses with the drivers." not in " ".join(texts[: starts[1]])
    # Every picture on the left, with the words to its right (assert_print_rules checks each of them).
    assert len(pictures(document.pdf)) >= 2 + 2 + 5 * 3
    assert_print_rules(document.pdf, "easy_read", title=TITLE)


def test_easy_read_is_not_ready_while_a_task_has_no_easy_read_words(partnership, made):
    Task.objects.filter(pk=made.talks.pk).update(easy_read_text="")
    (document,) = plan_files(partnership, "easy_read")
    assert_print_rules(document.pdf, "easy_read", title=TITLE)
    text = _text([document])
    assert "This easy read document is not ready yet." in text
    assert "The task “Talk to local employers”" in text
    assert "Easy read text is not written yet for this point." in text


def test_the_pdf_is_served_with_its_file_name_to_a_partner(partnership, made, bob):
    client = Client()
    client.force_login(bob)
    for variant in VARIANTS:
        response = client.get(
            reverse("workplan:print_pdf", kwargs={"slug": partnership.slug, "variant": variant})
        )
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert f'filename="work-plan-{variant.replace("_", "-")}.pdf"' in response["Content-Disposition"]
        assert_print_rules(response.content, variant, title=TITLE)


def test_a_part_that_does_not_exist_is_not_found(partnership, made, bob):
    client = Client()
    client.force_login(bob)
    url = reverse("workplan:print_pdf", kwargs={"slug": partnership.slug, "variant": "easy_read"})
    assert client.get(url + "?part=1").status_code == 200
    assert client.get(url + "?part=2").status_code == 404
    assert client.get(url + "?part=abc").status_code == 404


def test_the_kept_pdf_is_the_partnerships_so_it_is_forgotten_with_it(partnership, other_partnership, made):
    """A printed plan names people (who does each task): it is kept as this partnership's document, so when
    someone deletes their account the partnership's printed files go, and another partnership's forgetting
    leaves it."""
    from coproduction import printing

    def made_now() -> bool:
        before = sum(printing.renders.values())
        plan_files(partnership, "standard")
        return sum(printing.renders.values()) > before

    assert made_now()
    assert not made_now()  # kept, and used again
    printing.forget_printed(partnership_ids=[other_partnership.pk])
    assert not made_now()
    printing.forget_printed(partnership_ids=[partnership.pk])
    assert made_now()
