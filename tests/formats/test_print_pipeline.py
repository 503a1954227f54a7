"""The print pipeline (coproduction/printing.py): real PDFs from WeasyPrint, read back with pdfplumber and
pypdf and checked against the print rules in ACCESSIBILITY.md (tests/formats/pdfcheck.py).

The document is templates/print/sample.html: headings, paragraphs, lists, a table, a link, emphasis, pictures
and a glossary, as long as a test needs."""

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import weasyprint
from django.conf import settings
from django.core.files.storage import default_storage
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, NumberObject

from coproduction import printing
from coproduction.templatetags.print_tags import print_words
from tests.formats import pdfcheck
from tests.formats.pdfcheck import assert_print_rules, page_texts, structure

TITLE = "Working Together: meeting pack"
CALENDAR = "openmoji:1F4C5"
GLOSSARY = [
    {
        "word": "council",
        "explanation": "The people who run services in your area.",
        "picture": "openmoji:1F3E2",
    },
    {"word": "co-production", "explanation": "Working together as equal partners.", "picture": ""},
]


def sample(variant: str, *, chapters: int = 2, picture: str = CALENDAR, picture_alt: str = "", **kwargs):
    return dict(
        template="print/sample.html",
        context={
            "picture": picture,
            "picture_alt": picture_alt,
            "chapters": range(chapters),
            "hard_words": ["council", "co-production"],
            "glossary": GLOSSARY,
        },
        variant=variant,
        title=TITLE,
        filename=f"meeting-pack-{variant.replace('_', '-')}.pdf",
        **kwargs,
    )


def pdf_made_by_weasyprint(body: str, *, pages: int = 1, css: str = "") -> bytes:
    """A small PDF that is not ours, as a paper someone uploaded."""
    html = "".join(
        f'<p style="break-before: {"page" if n else "auto"}">{body} {n + 1}</p>' for n in range(pages)
    )
    return weasyprint.HTML(string=f'<html lang="en"><style>{css}</style>{html}').write_pdf()


@pytest.fixture
def png_picture(tmp_path) -> str:
    path = tmp_path / "venue.png"
    image = Image.new("RGB", (120, 120), "white")
    for x in range(20, 100):
        for y in range(20, 100):
            image.putpixel((x, y), (0, 90, 160))
    image.save(path)
    return path.as_uri()


# ---------------------------------------------------------------- the print rules, variant by variant


@pytest.mark.parametrize("variant", printing.VARIANTS)
def test_each_variant_meets_the_print_rules(variant):
    printed = printing.render_pdf(**sample(variant))

    checked = assert_print_rules(printed.pdf, variant, title=TITLE)

    assert printed.variant == variant
    assert printed.filename == f"meeting-pack-{variant.replace('_', '-')}.pdf"
    assert printed.pages == checked.pages == len(PdfReader(io.BytesIO(printed.pdf)).pages) > 1
    assert printed.skipped == ()
    assert checked.smallest >= pdfcheck.MIN_SIZE[variant] - 0.01
    assert (
        checked.fonts
        == pdfcheck.font_names(printed.pdf)
        == {"Atkinson-Hyperlegible", "Atkinson-Hyperlegible-Bold"}
    )
    # The body is set at the variant's size: the size most characters have.
    sizes = [round(c["size"]) for line in pdfcheck.text_lines(printed.pdf) for c in line.chars]
    assert max(set(sizes), key=sizes.count) == pdfcheck.BODY_SIZE[variant]
    figures = [alt for kind, alt in structure(printed.pdf) if kind == "/Figure"]
    assert figures and set(figures) <= {"A calendar", "An office building"}
    text = "\n".join(page_texts(printed.pdf))
    assert "co-production" in text and "Pictures: OpenMoji (openmoji.org), CC BY-SA 4.0" in text


def test_large_print_has_every_character_at_18pt_and_emphasis_in_bold():
    printed = printing.render_pdf(**sample("large_print"))

    lines = pdfcheck.text_lines(printed.pdf)
    assert min(c["size"] for line in lines for c in line.chars) >= 17.99
    footers = [line for line in lines if re.fullmatch(r"Page \d+ of \d+", line.text)]
    assert len(footers) == printed.pages
    assert {round(line.x0, 1) for line in footers} == {56.7} and len(
        {round(line.baseline) for line in footers}
    ) == 1
    emphasis = next(line for line in lines if "nobody talks over" in line.text)
    bold = {c["text"] for c in emphasis.chars if c["fontname"].endswith("Bold")}
    assert set("nobody") <= bold


def test_easy_read_puts_an_uploaded_picture_left_of_its_words(png_picture):
    printed = printing.render_pdf(
        **sample("easy_read", chapters=0, picture=png_picture, picture_alt="The way in to the venue")
    )

    checked = assert_print_rules(printed.pdf, "easy_read", title=TITLE)

    assert checked.pictures >= 4  # the front picture and one per point, as raster images
    boxes = [box for box in pdfcheck.pictures(printed.pdf) if box.x1 - box.x0 < 90]  # the points' pictures
    assert boxes and all(75 <= box.x1 - box.x0 <= 85 for box in boxes)  # 2.75cm
    words = {
        line.text: line
        for line in pdfcheck.text_lines(printed.pdf)
        if line.text.startswith("The council wants")
    }
    (line,) = words.values()
    beside = [b for b in boxes if b.page == line.page and b.top <= line.top <= b.bottom]
    assert beside and line.x0 >= beside[0].x1
    assert "The way in to the venue" in [alt for kind, alt in structure(printed.pdf) if kind == "/Figure"]


def test_easy_read_puts_hard_words_in_bold_and_lists_them_at_the_end():
    printed = printing.render_pdf(**sample("easy_read", chapters=0))

    lines = pdfcheck.text_lines(printed.pdf)
    point = next(line for line in lines if line.text.startswith("The council wants"))
    bold = "".join(c["text"] for c in point.chars if c["fontname"].endswith("Bold"))
    assert bold == "council"
    last_page = page_texts(printed.pdf)[-1]
    assert "Hard words" in last_page and "The people who run services in your area." in last_page


def test_the_other_variants_leave_out_the_points_pictures():
    printed = printing.render_pdf(**sample("large_print", chapters=0))

    assert [alt for kind, alt in structure(printed.pdf) if kind == "/Figure"] == [
        "A calendar"
    ]  # the front one


def test_stylesheets_give_weasyprint_nothing_to_warn_about(caplog):
    for variant in printing.VARIANTS:
        printing.render_pdf(**sample(variant, chapters=0), cache=False)

    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


# ---------------------------------------------------------------- errors


def test_a_picture_that_does_not_load_fails_the_render(tmp_path, expect_weasyprint_errors):
    missing = (tmp_path / "gone.png").as_uri()

    with pytest.raises(printing.PrintError, match="Failed to load image"):
        printing.render_pdf(**sample("easy_read", chapters=0, picture=missing, picture_alt="Gone"))


def test_a_document_without_language_or_alt_text_fails(png_picture, expect_weasyprint_errors):
    html = f"<html><head><title>No language</title></head><body><img src='{png_picture}'></body></html>"

    with pytest.raises(printing.PrintError) as failed:
        printing._make_pdf(html, [])

    assert '"lang"' in str(failed.value) and "no required alt description" in str(failed.value)


def test_a_picture_without_alt_text_is_left_out_rather_than_printed(png_picture):
    printed = printing.render_pdf(**sample("easy_read", chapters=0, picture=png_picture, picture_alt=""))

    # Only the glossary's picture is left.
    assert [alt for kind, alt in structure(printed.pdf) if kind == "/Figure"] == ["An office building"]
    assert_print_rules(printed.pdf, "easy_read", title=TITLE)


def test_an_unknown_variant_is_refused():
    with pytest.raises(ValueError, match="Unknown variant 'braille'"):
        printing.render_pdf(**sample("braille"))


# ---------------------------------------------------------------- the web version


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


@pytest.mark.parametrize("variant", printing.VARIANTS)
def test_the_web_version_is_an_accessible_page(variant):
    html = printing.render_html(
        template="print/sample.html", context=sample(variant)["context"], variant=variant, title=TITLE
    )

    page = _Page()
    page.feed(html)
    tags = [tag for tag, _ in page.tags]
    assert dict(page.tags)["html"]["lang"] == "en-GB"
    assert page.title == TITLE
    assert tags.count("h1") == 1 and tags.count("main") == 1
    levels = [int(tag[1]) for tag in tags if re.fullmatch(r"h[1-6]", tag)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    images = [attrs for tag, attrs in page.tags if tag == "img"]
    assert images and all(attrs.get("alt") for attrs in images)
    # A browser gets the fonts and pictures from the static files, never from the server's disk.
    assert "file:" not in html
    assert all(attrs["src"].startswith(settings.STATIC_URL) for attrs in images)
    assert f'url("{settings.STATIC_URL}fonts/AtkinsonHyperlegible-Regular.ttf")' in html
    assert '"Atkinson Hyperlegible", Arial, sans-serif' in html
    assert ('class="cp-point cp-point--easy-read"' in html) == (variant == "easy_read")


def test_the_web_version_carries_an_uploaded_picture_inline(png_picture):
    html = printing.render_html(
        template="print/sample.html",
        context=sample("easy_read", picture=png_picture, picture_alt="The venue")["context"],
        variant="easy_read",
        title=TITLE,
    )

    assert 'src="data:image/png;base64,' in html and 'alt="The venue"' in html


def test_the_web_version_serves_a_static_picture_from_the_static_files():
    bundled = (Path(settings.BASE_DIR) / "static" / "easyread" / "openmoji" / "1F4C5.svg").as_uri()

    html = printing.render_html(
        template="print/sample.html",
        context=sample("easy_read", picture=bundled, picture_alt="A calendar")["context"],
        variant="easy_read",
        title=TITLE,
    )

    assert f'src="{settings.STATIC_URL}easyread/openmoji/1F4C5.svg" alt="A calendar"' in html


# ---------------------------------------------------------------- papers appended to the standard pack


def test_appended_papers_are_numbered_on_from_the_document():
    paper = pdf_made_by_weasyprint("Budget paper, page", pages=2)
    landscape = pdf_made_by_weasyprint("Map of the venue", css="@page { size: letter landscape }")
    rotated = PdfWriter(clone_from=io.BytesIO(pdf_made_by_weasyprint("Turned paper")))
    rotated.pages[0].rotate(90)
    turned = io.BytesIO()
    rotated.write(turned)
    alone = printing.render_pdf(**sample("standard", chapters=0))

    printed = printing.render_pdf(
        **sample("standard", chapters=0), appendix=[paper, ("Map.pdf", landscape), turned.getvalue()]
    )

    own = alone.pages
    total = own + 4
    assert printed.pages == total
    texts = page_texts(printed.pdf)
    assert len(texts) == total
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {total}" in text
    assert "Budget paper, page 1" in texts[own] and "Budget paper, page 2" in texts[own + 1]
    assert "Map of the venue" in texts[own + 2] and "Turnedpaper" in re.sub(r"\s", "", texts[own + 3])
    assert_print_rules(printed.pdf, "standard", title=TITLE, document_pages=own)
    # The stamp is where the document's own page numbers are, in the same font and size.
    lines = pdfcheck.text_lines(printed.pdf)
    footer = {
        (line.page, round(line.x0, 1), round(line.baseline, 1), line.size)
        for line in lines
        if line.text.startswith("Page ")
    }
    places = {(x0, baseline, size) for page, x0, baseline, size in footer if page <= own + 2}
    assert len(places) == 1, places
    assert {
        base
        for line in lines
        if line.text.startswith("Page ")
        for base in [pdfcheck.base_font_name(line.chars[0]["fontname"])]
    } == {"Atkinson-Hyperlegible"}


def test_an_appended_paper_that_is_not_a_pdf_is_left_out_and_named():
    paper = pdf_made_by_weasyprint("Budget paper, page", pages=2)
    truncated = paper[: len(paper) // 3]

    printed = printing.render_pdf(
        **sample("standard", chapters=0),
        appendix=[
            b"%PDF-1.7 this is not really a PDF",
            paper,
            ("Minutes.docx", b"PK\x03\x04 a Word file"),
            truncated,
        ],
    )

    assert printed.skipped == (
        "Paper 1 is not a PDF that can be read, so it was left out.",
        "Minutes.docx is not a PDF that can be read, so it was left out.",
        "Paper 4 is not a PDF that can be read, so it was left out.",
    )
    texts = page_texts(printed.pdf)
    assert "Budget paper, page 2" in texts[-1] and f"Page {printed.pages} of {printed.pages}" in texts[-1]
    assert printed.pages == len(texts)


def test_a_paper_that_breaks_only_when_stamped_is_left_out_and_the_rest_numbered_again():
    odd = PdfWriter(clone_from=io.BytesIO(pdf_made_by_weasyprint("Odd paper")))
    odd.pages[0]["/Resources"][NameObject("/Font")] = NumberObject(3)  # opens, but cannot take a stamp
    broken = io.BytesIO()
    odd.write(broken)
    before = printing.renders["document"]

    printed = printing.render_pdf(
        **sample("standard", chapters=0),
        appendix=[("Odd.pdf", broken.getvalue()), pdf_made_by_weasyprint("Good paper")],
    )

    assert printed.skipped == ("Odd.pdf is not a PDF that can be read, so it was left out.",)
    assert printing.renders["document"] == before + 2  # numbered for two papers, then again for one
    texts = page_texts(printed.pdf)
    assert "Good paper" in texts[-1] and all("Odd paper" not in text for text in texts)
    assert all(f"Page {n} of {len(texts)}" in text for n, text in enumerate(texts, start=1))


def test_a_pack_with_every_paper_broken_is_the_document_alone():
    alone = printing.render_pdf(**sample("standard", chapters=0))

    printed = printing.render_pdf(**sample("standard", chapters=0), appendix=[b"nonsense"])

    assert printed.pages == alone.pages and len(printed.skipped) == 1
    assert_print_rules(printed.pdf, "standard", title=TITLE)


# ---------------------------------------------------------------- the cache


def _kept() -> list[str]:
    return sorted(
        name for name in default_storage.listdir(settings.PRINT_CACHE_DIR)[1] if name.endswith(".pdf")
    )


def test_a_document_is_rendered_once_and_reused_until_it_changes():
    before = printing.renders["document"]

    first = printing.render_pdf(**sample("large_print", chapters=0))
    kept = _kept()
    path = Path(default_storage.path(f"{settings.PRINT_CACHE_DIR}/{kept[0]}"))
    written = path.stat().st_mtime_ns
    for _ in range(15):  # sending the pack to 15 people
        again = printing.render_pdf(**sample("large_print", chapters=0))
        assert again.pdf == first.pdf and again.pages == first.pages

    assert printing.renders["document"] == before + 1
    assert len(kept) == 1 and _kept() == kept and path.stat().st_mtime_ns == written
    assert path.read_bytes() == first.pdf

    changed = printing.render_pdf(**{**sample("large_print", chapters=0), "title": "Another meeting pack"})
    assert printing.renders["document"] == before + 2 and changed.pdf != first.pdf
    other_variant = printing.render_pdf(**sample("standard", chapters=0))
    assert printing.renders["document"] == before + 3 and other_variant.pdf != first.pdf
    assert len(_kept()) == 3


def test_appended_papers_are_part_of_what_is_kept():
    paper = pdf_made_by_weasyprint("Paper")
    before = printing.renders["document"]

    first = printing.render_pdf(**sample("standard", chapters=0), appendix=[paper, b"broken"])
    again = printing.render_pdf(**sample("standard", chapters=0), appendix=[paper, b"broken"])
    other = printing.render_pdf(**sample("standard", chapters=0), appendix=[pdf_made_by_weasyprint("Other")])

    assert printing.renders["document"] == before + 2
    assert again.pdf == first.pdf and again.skipped == first.skipped == (
        "Paper 2 is not a PDF that can be read, so it was left out.",
    )
    assert other.skipped == () and other.pdf != first.pdf


def test_without_the_cache_nothing_is_kept():
    before = printing.renders["document"]

    printing.render_pdf(**sample("standard", chapters=0), cache=False)
    printing.render_pdf(**sample("standard", chapters=0), cache=False)

    assert printing.renders["document"] == before + 2
    assert not default_storage.exists(settings.PRINT_CACHE_DIR)


# ---------------------------------------------------------------- easy read in parts


def test_easy_read_over_20_pages_is_split_into_parts_of_20_at_most():
    arguments = sample("easy_read", chapters=14)
    whole = printing.render_pdf(**arguments)
    assert whole.pages > 20

    before = printing.renders["document"]

    parts = printing.render_pdf_parts(**arguments)

    assert printing.renders["document"] - before == len(parts)  # the whole was kept: only the parts are new
    assert len(parts) >= 2
    count = len(parts)
    texts = []
    for number, part in enumerate(parts, start=1):
        assert part.pages <= 20
        assert part.filename == f"meeting-pack-easy-read-part-{number}-of-{count}.pdf"
        checked = assert_print_rules(part.pdf, "easy_read", title=f"{TITLE} – Part {number} of {count}")
        assert checked.pages == part.pages
        pages = page_texts(part.pdf)
        assert pages[0].startswith(f"Part {number} of {count}\n{TITLE}")
        texts.append("\n".join(pages))
    # Every section is in exactly one part, in order; the glossary ends the last.
    for chapter in range(1, 15):
        assert sum(f"Background paper {chapter}:" in text for text in texts) == 1
    assert [n for t in texts for n in range(1, 15) if f"Background paper {n}:" in t] == list(range(1, 15))
    assert "Hard words" in texts[-1] and all("Hard words" not in text for text in texts[:-1])

    before = printing.renders["document"]
    assert [p.pdf for p in printing.render_pdf_parts(**arguments)] == [p.pdf for p in parts]
    assert printing.renders["document"] == before  # all kept


def test_a_short_easy_read_document_is_one_part():
    arguments = sample("easy_read", chapters=0)

    (part,) = printing.render_pdf_parts(**arguments)

    assert part.pdf == printing.render_pdf(**arguments).pdf
    assert part.filename == "meeting-pack-easy-read.pdf"


def test_other_variants_are_not_split_unless_asked():
    arguments = sample("large_print", chapters=9)

    (whole,) = printing.render_pdf_parts(**arguments)
    parts = printing.render_pdf_parts(**arguments, max_pages=whole.pages - 4)

    assert whole.pages > 20 and len(parts) == 2
    assert all(part.pages <= whole.pages - 4 for part in parts)


# ---------------------------------------------------------------- the pieces


def test_print_words_escapes_makes_paragraphs_and_bolds_hard_words():
    html = print_words(
        "Read the <agenda>.\nThe Council meets.\n\nAsk about co-production, not councils.",
        ["council", "co-production"],
    )

    assert html == (
        '<p>Read the &lt;agenda&gt;.<br>The <strong class="cp-hard-word">Council</strong> meets.</p>'
        # Plurals are the glossary's word too (glossary_in explains "councils" by "council"), so bold.
        '<p>Ask about <strong class="cp-hard-word">co-production</strong>, not '
        '<strong class="cp-hard-word">councils</strong>.</p>'
    )
    assert print_words("Plain & simple") == "<p>Plain &amp; simple</p>"


def test_hyphenated_words_are_kept_on_one_line_in_print_only():
    html = printing._keep_hyphenated_words_whole(
        "<title>co-production</title><style>a { x-y: 1 }</style>"
        '<p class="a-b">Our co-production work, 10-12.</p>'
    )

    assert html == (
        "<title>co-production</title><style>a { x-y: 1 }</style>"
        '<p class="a-b">Our <span class="cp-nowrap">co-production</span> work, 10-12.</p>'
    )


def test_sections_are_numbered_for_splitting_by_their_class_part_only():
    html = printing._number_parts(
        '<section class="part"></section><section class="cp-part-label"></section>'
        '<section id="agenda" class="wide part" data-id="x"></section>'
    )

    assert html == (
        '<section class="part" id="cp-part-1" data-cp-part="1"></section>'
        '<section class="cp-part-label"></section>'
        '<section id="agenda" class="wide part" data-id="x" data-cp-part="2"></section>'
    )
    assert printing._part_ids(html) == ["cp-part-1", "agenda"]


def test_the_pack_page_number_never_prints_over_a_papers_own_footer():
    """A paper with its own page numbers where ours go: the paper is shrunk towards the top, so both stay
    readable."""
    css = '@page { margin: 2cm; @bottom-left { content: "Their own page " counter(page); font-size: 12pt } }'
    paper = pdf_made_by_weasyprint("A paper with its own footer", pages=2, css=css)
    printed = printing.render_pdf(**sample("standard", chapters=0), appendix=[paper])
    lines = pdfcheck.text_lines(printed.pdf)
    for page in (printed.pages - 1, printed.pages):
        ours = [line for line in lines if line.page == page and line.text.startswith("Page ")]
        theirs = [line for line in lines if line.page == page and line.text.startswith("Their own page")]
        assert ours and theirs, page
        assert theirs[0].bottom < ours[0].top, "the paper's footer must sit above the pack's page number"
