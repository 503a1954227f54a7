"""Large print of an uploaded paper: a Word or plain text paper is set again at 18pt through the print
pipeline and kept as its large print version; any other paper asks its author for one. The Word file's HTML
is someone's upload, so only plain tags are kept."""

import io
import zipfile

import pdfplumber
import pytest
from django.urls import reverse

from meetings.models import AgendaItem, PaperVersion
from meetings.services.paper_large_print import clean_html, text_to_html
from tests.factories import make_paper

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx(*paragraphs: str, bold: str = "") -> bytes:
    """A small real Word document: a paragraph per text, and one bold run if `bold` is given."""
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{p}</w:t></w:r></w:p>' for p in paragraphs)
    if bold:
        body += f"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{bold}</w:t></w:r></w:p>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>',
        )
    return out.getvalue()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def item(meeting):
    return AgendaItem.objects.create(
        partnership=meeting.partnership, meeting=meeting, position=3, title="Budget", purpose="decision"
    )


def _detail(paper):
    return reverse(
        "meetings:paper_detail",
        kwargs={"slug": paper.partnership.slug, "pk": paper.meeting_id, "paper_pk": paper.pk},
    )


def _make(paper):
    return reverse(
        "meetings:paper_large_print",
        kwargs={"slug": paper.partnership.slug, "pk": paper.meeting_id, "paper_pk": paper.pk},
    )


def _once(client, paper) -> str:
    page = client.get(_detail(paper)).content.decode()
    start = page.index('name="once" value="') + len('name="once" value="')
    return page[start : start + 32]


def test_a_word_paper_is_made_into_large_print_at_18pt(alice_client, meeting, item, alice):
    paper = make_paper(
        meeting.partnership,
        meeting=meeting,
        agenda_item=item,
        uploaded_by=alice,
        title="Budget 2027",
        content=_docx("We plan to spend more on transport.", "&lt;script&gt;alert(1)", bold="Read this"),
        filename="budget.docx",
    )
    page = alice_client.get(_detail(paper)).content.decode()
    assert "This paper has no large print version yet" in page
    assert "Make a large print version" in page

    response = alice_client.post(_make(paper), {"once": _once(alice_client, paper)}, follow=True)
    assert (
        "The large print version of \u201cBudget 2027\u201d is made: version 1" in response.content.decode()
    )
    version = PaperVersion.objects.get(paper=paper, format=PaperVersion.Format.LARGE_PRINT)
    assert (
        version.content_type == "application/pdf" and version.original_name == "budget-2027-large-print.pdf"
    )
    with version.file.open("rb") as stored, pdfplumber.open(io.BytesIO(stored.read())) as pdf:
        text = "".join(page.extract_text() for page in pdf.pages)
        sizes = {round(char["size"]) for page in pdf.pages for char in page.chars}
    assert "We plan to spend more on transport." in text
    assert "<script>alert(1)" in text  # the words as typed, shown as words
    assert "Read this" in text
    assert min(sizes) >= 18
    # The page now lists it, and offers to make it again after a change.
    page = alice_client.get(_detail(paper)).content.decode()
    assert "Large print version" in page and "Make the large print version again" in page


def test_a_plain_text_paper_can_be_made_into_large_print(alice_client, meeting, item, alice):
    paper = make_paper(
        meeting.partnership,
        meeting=meeting,
        agenda_item=item,
        uploaded_by=alice,
        title="Notes",
        content=b"First line.\nSecond line.\n\nA new paragraph.",
        filename="notes.txt",
    )
    alice_client.post(_make(paper), {"once": _once(alice_client, paper)})
    version = PaperVersion.objects.get(paper=paper, format=PaperVersion.Format.LARGE_PRINT)
    with version.file.open("rb") as stored, pdfplumber.open(io.BytesIO(stored.read())) as pdf:
        text = "".join(page.extract_text() for page in pdf.pages)
    assert "A new paragraph." in text


def test_a_pdf_paper_asks_the_author_and_cannot_be_made(alice_client, meeting, item, alice):
    paper = make_paper(meeting.partnership, meeting=meeting, agenda_item=item, uploaded_by=alice)
    page = alice_client.get(_detail(paper)).content.decode()
    assert "Ask the author for a large print version" in page
    assert "Make a large print version" not in page
    response = alice_client.post(_make(paper), {"once": "a" * 32}, follow=True)
    assert "only a Word (.docx) or plain text file can" in response.content.decode()
    assert not PaperVersion.objects.filter(paper=paper, format="large_print").exists()


def test_pressing_twice_makes_one_version_and_readers_cannot_make_one(
    alice_client, bob_client, charlie_client, client, meeting, item, alice
):
    paper = make_paper(
        meeting.partnership,
        meeting=meeting,
        agenda_item=item,
        uploaded_by=alice,
        content=_docx("Hello."),
        filename="hello.docx",
    )
    once = _once(alice_client, paper)
    alice_client.post(_make(paper), {"once": once})
    response = alice_client.post(_make(paper), {"once": once}, follow=True)
    assert PaperVersion.objects.filter(paper=paper, format="large_print").count() == 1
    assert "Make the large print version again" not in bob_client.get(_detail(paper)).content.decode()
    assert bob_client.post(_make(paper), {"once": "b" * 32}).status_code == 403
    assert charlie_client.post(_make(paper), {"once": "c" * 32}).status_code == 404
    assert client.post(_make(paper), {"once": "d" * 32}).status_code == 302
    assert response.status_code == 200
    assert PaperVersion.objects.filter(paper=paper, format="large_print").count() == 1


def test_a_damaged_word_file_gets_a_plain_message(alice_client, meeting, item, alice):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:  # recognised as Word by its parts, but not Word inside
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "this is not <xml")
    damaged = out.getvalue()
    paper = make_paper(
        meeting.partnership,
        meeting=meeting,
        agenda_item=item,
        uploaded_by=alice,
        content=damaged,
        filename="damaged.docx",
    )
    response = alice_client.post(_make(paper), {"once": _once(alice_client, paper)}, follow=True)
    assert response.status_code == 200
    assert "The Word file could not be read, so no large print version was made." in (
        response.content.decode()
    )
    assert not PaperVersion.objects.filter(paper=paper, format="large_print").exists()


def test_only_plain_tags_survive_from_the_word_file():
    dirty = (
        '<h1 class="x">Title</h1><p onclick="steal()" style="color:red">Hi <strong>there</strong>'
        '<script>alert(1)</script><img src="x" onerror="y"><a href="javascript:alert(1)">bad</a>'
        '<a href="https://example.org/a?b=1&amp;c=2" title="t">good</a></p>'
        "<style>p{}</style><iframe>x</iframe>"
        "<table><tr><td>cell</td></tr></table><p>unclosed <em>words"
    )
    assert clean_html(dirty) == (
        "<h2>Title</h2><p>Hi <strong>there</strong><a>bad</a>"
        '<a href="https://example.org/a?b=1&amp;c=2">good</a></p>'
        "<table><tr><td>cell</td></tr></table><p>unclosed <em>words</em></p>"
    )
    assert text_to_html("a <b>\nc\n\nd") == "<p>a &lt;b&gt;<br>c</p><p>d</p>"
