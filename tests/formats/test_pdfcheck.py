"""The PDF checks themselves: each finds the fault it is for, in a PDF made with that fault on purpose.

Each PDF starts from the large print stylesheet (which passes every check, as the first test shows) with one
rule added that breaks one print rule."""

import pytest
import weasyprint

from coproduction import printing
from tests.formats import pdfcheck

WORDS = (
    "The partnership brings together disabled people, their organisations and the council as equal partners. "
    "Each partner has one vote, and decisions are made together at meetings. This paper explains how we plan "
    "our work, how we check that it is going well and what happens when something goes wrong."
)
BODY = f"<h1>Checking the checks</h1><p>{WORDS}</p><p>{WORDS}</p>"
CIRCLE = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="72" height="72"><circle cx="36" cy="36" r="30"/></svg>'
)


def made(css: str = "", *, body: str = BODY, lang: str = "en-GB", tagged: bool = True) -> bytes:
    style = printing._font_faces("print") + printing._css("common.css") + printing._css("large_print.css")
    html = (
        f'<!DOCTYPE html><html lang="{lang}"><head><title>Checks</title><style>{style}{css}</style></head>'
        f"<body><main>{body}</main></body></html>"
    )
    document = weasyprint.HTML(string=html)
    return document.write_pdf(pdf_variant="pdf/ua-1") if tagged else document.write_pdf()


def problems(pdf: bytes, variant: str = "large_print") -> str:
    found = pdfcheck.problems_tagging(pdf, title="Checks") + pdfcheck.problems_pages(pdf)
    found += pdfcheck.problems_text(pdf, variant)
    if variant == "easy_read":
        found += pdfcheck.problems_pictures_left(pdf)
    return "\n".join(found)


def test_a_good_pdf_passes_every_check():
    checked = pdfcheck.assert_print_rules(made(), "large_print", title="Checks")

    assert checked.pages == 1 and checked.smallest >= 17.99


@pytest.mark.parametrize(
    ("css", "found"),
    [
        ("p { text-align: justify !important; }", "justified"),
        ("p { font-size: 12pt; }", "text at 12.0pt, below 18pt"),
        ("p { font-family: 'DejaVu Sans'; }", "is not on the allow-list"),
        ("em { font-style: italic !important; }", "italic font Atkinson-Hyperlegible-Bold-Oblique"),
        ("p { line-height: 1.2; }", "too tight"),
        ("p { text-transform: uppercase !important; }", "a word in capitals, 'PARTNERSHIP'"),
        ("p { hyphens: auto; width: 5cm; }", "a word split across lines"),
        ("@page { margin: 1cm; }", "outside the side margins"),
        ("@page { margin-bottom: 1cm; }", "outside the top or bottom margin"),
        ("p { margin-bottom: 0.5em; }", "less than a blank line after the paragraph before"),
        ("p { color: #505a5f; }", "text that is not black"),
        ("@page { @bottom-left { content: none; } }", 'page 1 does not say "Page 1 of 1"'),
        ("@page { size: letter; }", "page 1 is 612×792pt, not A4"),
    ],
)
def test_each_check_finds_its_fault(css, found):
    assert found not in problems(made())

    assert found in problems(made(css, body=BODY.replace("how we plan", "<em>how we plan</em>")))


def test_the_tagging_check_finds_an_untagged_pdf_without_a_language():
    found = problems(made(lang="fr", tagged=False))

    assert "not marked as tagged" in found and "no structure tree" in found
    assert "language is 'fr', not 'en-GB'" in found and "does not declare PDF/UA-1" in found


def test_the_tagging_check_finds_a_picture_without_alt_text(tmp_path, expect_weasyprint_errors):
    picture = tmp_path / "p.svg"
    picture.write_text(CIRCLE)

    assert "a figure has no alt text" in problems(made(body=f'{BODY}<img src="{picture.as_uri()}">'))


def test_the_picture_check_finds_a_picture_right_of_its_words(tmp_path):
    picture = tmp_path / "p.svg"
    picture.write_text(CIRCLE)
    point = (
        '<div class="cp-point cp-point--easy-read">'
        f'<div class="cp-point__picture"><img src="{picture.as_uri()}" alt="A circle"></div>'
        '<div class="cp-point__words"><p>Words beside it.</p></div></div>'
    )

    assert problems(made(body=point), "easy_read").count("picture") == 0
    found = problems(
        made(
            ".cp-point__picture { float: right !important; } .cp-point__words { margin-left: 0 !important; }",
            body=point,
        ),
        "easy_read",
    )
    assert "a picture not on the left" in found and "words not to the right of the picture" in found
