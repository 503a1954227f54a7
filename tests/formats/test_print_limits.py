"""A paper longer than MAX_PAPER_PAGES is listed in the meeting pack but not appended to it, and its length is
read from its page tree's count, without parsing its pages."""

import io

import weasyprint
from django.urls import reverse
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, NumberObject

from coproduction import printing
from tests.factories import make_meeting, make_paper
from tests.formats.pdfcheck import page_texts


def _pdf_of(pages: int, words: str) -> bytes:
    """A paper someone uploaded: `pages` pages, each saying `words` and its number."""
    html = "".join(
        f'<p style="break-before: {"page" if n else "auto"}">{words} {n + 1}</p>' for n in range(pages)
    )
    return weasyprint.HTML(string=f'<html lang="en">{html}</html>').write_pdf()


def test_a_paper_over_the_page_limit_is_listed_in_the_pack_but_not_appended(
    partnership, alice, bob_client, settings
):
    settings.MAX_PAPER_PAGES = 3
    meeting = make_meeting(partnership, created_by=alice)
    make_paper(partnership, meeting=meeting, title="Budget", content=_pdf_of(5, "Budget page"))
    make_paper(partnership, meeting=meeting, title="Map", content=_pdf_of(1, "Map page"))
    url = reverse(
        "meetings:document_pdf",
        kwargs={"slug": partnership.slug, "pk": meeting.pk, "document": "pack", "variant": "standard"},
    )

    response = bob_client.get(url)  # the immediate task backend: made at once

    assert response["Content-Type"] == "application/pdf"
    texts = page_texts(response.content)
    whole = " ".join(" ".join(text.split()) for text in texts)
    assert "has 5 pages; it is available on its own." in whole
    assert "Map page 1" in texts[-1]  # the short paper is appended
    assert "Budget page" not in whole  # the long one is not
    assert len(PdfReader(io.BytesIO(response.content)).pages) == len(texts)


def test_the_length_is_read_from_the_page_count_without_parsing_the_pages(settings):
    settings.MAX_PAPER_PAGES = 300
    # One real page, but a page tree that says 412: only the count is read, so it is left out for its
    # length (walking the pages would have found one page and appended it).
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer._root_object["/Pages"][NameObject("/Count")] = NumberObject(412)
    out = io.BytesIO()
    writer.write(out)

    printed = printing.render_pdf(
        template="print/sample.html",
        context={"chapters": range(0), "hard_words": [], "glossary": []},
        variant="standard",
        title="Meeting pack",
        filename="meeting-pack.pdf",
        appendix=[("Budget", out.getvalue()), ("Map", _pdf_of(1, "Map page"))],
        cache=False,
    )

    assert printed.skipped == ("Budget has 412 pages; it is available on its own.",)
    assert "Map page 1" in page_texts(printed.pdf)[-1]
