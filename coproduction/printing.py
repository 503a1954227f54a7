"""The print pipeline: any document in three variants, as an accessible web page and as a tagged PDF.

A document is a Django template that extends `print/document.html` (blocks `title` and `content`). It is
rendered with the variant's stylesheet inlined (`coproduction/print_css/`: `common.css`, then `standard.css`,
`large_print.css` or `easy_read.css`), so the same HTML is the web version and the source of the PDF.
WeasyPrint turns it into a PDF/UA-1 file (document language, title, structure tree, alt text) with the
bundled Atkinson Hyperlegible fonts (`static/fonts/`), so a pack looks the same on every server.

Every PDF is kept in `default_storage` under `settings.PRINT_CACHE_DIR`, named by a hash of what it is made
from (the variant, the HTML, the appended papers and this pipeline's version), and reused until any of those
change: sending a pack to 15 people renders each variant once.

The rules the stylesheets meet are in ACCESSIBILITY.md; `tests/formats/pdfcheck.py` reads the PDFs back and
checks them. Any ERROR that WeasyPrint logs (an image that does not load, a picture without alt text, no
document language) fails the render with `PrintError`, because WeasyPrint itself only logs them.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import weasyprint
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.templatetags.static import static
from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import NameObject

VARIANTS = ("standard", "large_print", "easy_read")
VARIANT_LABELS = {"standard": "standard", "large_print": "large print", "easy_read": "easy read"}

# Part of every cache key: change it when a change here (not in the templates or stylesheets, which are in
# the HTML) changes what a PDF looks like.
PIPELINE_VERSION = "2"
EASY_READ_MAX_PAGES = 20

FONTS_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
FONT_FILES = {400: "AtkinsonHyperlegible-Regular.ttf", 700: "AtkinsonHyperlegible-Bold.ttf"}
FONT_FAMILY = "Atkinson Hyperlegible"
CSS_DIR = Path(__file__).resolve().parent / "print_css"

# How many times WeasyPrint was asked for a document, and for the page-number stamps on appended papers. Tests
# read it to see that the cache works; nothing else depends on it.
renders: Counter[str] = Counter()

logger = logging.getLogger(__name__)


class PrintError(Exception):
    """WeasyPrint could not make the document as written (it logged errors); the messages say why."""


@dataclass(frozen=True)
class Printed:
    pdf: bytes
    pages: int
    variant: str
    filename: str  # e.g. "meeting-pack-large-print.pdf"
    skipped: tuple[str, ...] = field(default=())  # appended papers left out, and why


# ---------------------------------------------------------------- HTML


def render_html(*, template: str, context: dict, variant: str, title: str) -> str:
    """The document as one complete, accessible web page: `<html lang="en-GB">`, its `<title>`, the
    variant's stylesheet inlined, the bundled fonts from the static files with Arial as the fallback."""
    return _html(template=template, context=context, variant=variant, title=title, medium="web")


def _html(
    *, template: str, context: dict, variant: str, title: str, medium: str, part_label: str = ""
) -> str:
    if variant not in VARIANTS:
        raise ValueError(f"Unknown variant {variant!r}: choose one of {', '.join(VARIANTS)}")
    html = render_to_string(
        template,
        {
            **context,
            "variant": variant,
            "variant_label": VARIANT_LABELS[variant],
            "title": title,
            "medium": medium,
            "part_label": part_label,
            "print_css": _stylesheet(variant, medium),
            # The picture tag notes here whether the document used a bundled OpenMoji picture, so the page
            # can carry the credit the licence asks for.
            "print_pictures_used": set(),
        },
    )
    if medium == "print":
        html = _keep_hyphenated_words_whole(_number_parts(html))
    return html


def _css(name: str) -> str:
    return (CSS_DIR / name).read_text(encoding="utf-8")


def _stylesheet(variant: str, medium: str) -> str:
    names = ["common.css", f"{variant}.css"] + (["web.css"] if medium == "web" else [])
    return _font_faces(medium) + "\n".join(_css(name) for name in names)


def _font_faces(medium: str) -> str:
    """The bundled fonts: absolute file:// URLs for WeasyPrint, static URLs for a browser."""
    rules = []
    for weight, name in FONT_FILES.items():
        url = (FONTS_DIR / name).as_uri() if medium == "print" else static(f"fonts/{name}")
        rules.append(
            f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{url}") format("truetype"); '
            f"font-weight: {weight}; font-style: normal; }}\n"
        )
    return "".join(rules)


_PART_SECTION = re.compile(r"<section(\s(?:[^>]*\s)?class=\"(?:[^\"]*\s)?part(?:\s[^\"]*)?\"[^>]*)>")
_ID = re.compile(r"\sid=\"([^\"]+)\"")


def _number_parts(html: str) -> str:
    """Give each `<section class="part">` a number (and an id, to find the page it starts on), so a long
    easy read document can be printed in parts."""
    count = 0

    def numbered(match: re.Match) -> str:
        nonlocal count
        count += 1
        attributes = match.group(1)
        if not _ID.search(attributes):
            attributes += f' id="cp-part-{count}"'
        return f'<section{attributes} data-cp-part="{count}">'

    return _PART_SECTION.sub(numbered, html)


def _part_ids(html: str) -> list[str]:
    return [_ID.search(m.group(1)).group(1) for m in _PART_SECTION.finditer(html)]


_TAG = re.compile(r"(<[^>]*>)")
_HYPHENATED = re.compile(r"(?<![\w-])[^\W\d_]{1,24}(?:-[^\W\d_]{1,24}){1,3}(?![\w-])")
_RAW_TEXT = {"style", "script", "title"}


def _keep_hyphenated_words_whole(html: str) -> str:
    """Large print must not split a word across lines, and a renderer will break "co-production" after its
    hyphen. Each hyphenated word in the text goes in a span that does not wrap."""
    out, raw = [], False
    for piece in _TAG.split(html):
        if piece.startswith("<"):
            name = piece[1:].split(None, 1)[0].rstrip(">").lower() if len(piece) > 2 else ""
            if name.lstrip("/") in _RAW_TEXT:
                raw = not name.startswith("/")
            out.append(piece)
        elif not raw and "-" in piece:
            out.append(_HYPHENATED.sub(r'<span class="cp-nowrap">\g<0></span>', piece))
        else:
            out.append(piece)
    return "".join(out)


# ---------------------------------------------------------------- PDF


def render_pdf(
    *,
    template: str,
    context: dict,
    variant: str,
    title: str,
    filename: str,
    appendix: Sequence[bytes | tuple[str, bytes]] | None = None,
    cache: bool = True,
) -> Printed:
    """The document as a tagged PDF (PDF/UA-1), kept and reused until its content changes.

    `appendix`: PDFs appended after the document in the order given (the standard pack's papers), each as
    bytes or as (name, bytes); "Page N of M" runs on through them. One that is not a readable PDF is left
    out, and `Printed.skipped` says so. `cache=False` renders afresh and keeps nothing (the benchmark).
    """
    html = _html(template=template, context=context, variant=variant, title=title, medium="print")
    return _printed(html, variant=variant, filename=filename, appendix=list(appendix or ()), cache=cache)


def render_pdf_parts(
    *,
    template: str,
    context: dict,
    variant: str,
    title: str,
    filename: str,
    appendix: Sequence[bytes | tuple[str, bytes]] | None = None,
    max_pages: int | None = None,
    cache: bool = True,
) -> list[Printed]:
    """The document as one PDF, or, when it is longer than `max_pages` (20 for easy read; other variants are
    not split unless asked), as parts of at most that many pages, split between `<section class="part">`s.

    Sections are not nested. Everything outside them (the heading, the introduction, the picture credit) is
    in every part; each part is titled "Part 1 of 2" and so on, and its pages are numbered on their own. The
    appendix, if any, follows the last part. A single section longer than `max_pages` stays whole.
    """
    if max_pages is None and variant == "easy_read":
        max_pages = EASY_READ_MAX_PAGES
    html = _html(template=template, context=context, variant=variant, title=title, medium="print")
    appendix = list(appendix or ())
    whole, made = _printed_and_made(html, variant=variant, filename=filename, appendix=appendix, cache=cache)
    if not max_pages or made["document_pages"] <= max_pages or len(made["starts"]) < 2:
        if max_pages and made["document_pages"] > max_pages:
            logger.warning("A %s-page %s document has no sections to split it at", whole.pages, variant)
        return [whole]
    plan_name = f"{settings.PRINT_CACHE_DIR}/{_key(variant, html, [], f'parts of {max_pages}')}.json"
    plan = _stored_json(plan_name) if cache else None
    if plan is None:
        planned = _plan_parts(made["starts"], made["document_pages"], max_pages)
        plan = _check_parts(planned, template, context, variant, title, max_pages, cache)
        if cache:
            _store(plan_name, json.dumps(plan).encode())
    return [
        _printed(
            _part_html(template, context, variant, title, plan, number),
            variant=variant,
            filename=_part_filename(filename, number, len(plan)),
            appendix=appendix if number == len(plan) else [],
            cache=cache,
        )
        for number in range(1, len(plan) + 1)
    ]


def _plan_parts(start: list[int], pages: int, max_pages: int) -> list[list[int]]:
    """Groups of section numbers, each expected to fit in `max_pages` with the heading that every part
    repeats (`_check_parts` makes sure). `start`: the page (from 0) each section starts on."""
    end = [*start[1:], pages - 1]  # a section ends on the page the next one starts (or the last page)
    preamble = start[0] + 1  # the heading and introduction repeated in every part
    groups: list[list[int]] = []
    for number in range(1, len(start) + 1):
        if groups:
            first = groups[-1][0]
            if preamble + end[number - 1] - start[first - 1] + 1 <= max_pages:
                groups[-1].append(number)
                continue
        groups.append([number])
    return groups


def _check_parts(
    plan: list[list[int]], template: str, context: dict, variant: str, title: str, max_pages: int, cache: bool
) -> list[list[int]]:
    """Render each planned part; a part that came out too long gives its last section to the next part."""
    checked: list[list[int]] = []
    pending = [list(group) for group in plan]
    while pending:
        group = pending.pop(0)
        trial = [*checked, group, *pending]
        html = _part_html(template, context, variant, title, trial, len(checked) + 1)
        printed = _printed(html, variant=variant, filename="", appendix=[], cache=cache)
        if printed.pages > max_pages and len(group) > 1:
            moved = group.pop()
            if pending:
                pending[0].insert(0, moved)
            else:
                pending.append([moved])
            pending.insert(0, group)
            continue
        checked.append(group)
    return checked


def _part_html(
    template: str, context: dict, variant: str, title: str, plan: list[list[int]], number: int
) -> str:
    label = f"Part {number} of {len(plan)}"
    html = _html(
        template=template, context=context, variant=variant, title=title, medium="print", part_label=label
    )
    hidden = [n for index, group in enumerate(plan, start=1) if index != number for n in group]
    if not hidden:
        return html
    selector = ", ".join(f'[data-cp-part="{n}"]' for n in hidden)
    return html.replace("</head>", f"<style>{selector} {{ display: none !important; }}</style></head>", 1)


def _part_filename(filename: str, number: int, total: int) -> str:
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = filename, "pdf"
    return f"{stem}-part-{number}-of-{total}.{extension}"


def _printed(
    html: str, *, variant: str, filename: str, appendix: list[bytes | tuple[str, bytes]], cache: bool
) -> Printed:
    return _printed_and_made(html, variant=variant, filename=filename, appendix=appendix, cache=cache)[0]


def _printed_and_made(
    html: str, *, variant: str, filename: str, appendix: list[bytes | tuple[str, bytes]], cache: bool
) -> tuple[Printed, dict]:
    """The PDF, kept or made now; and how it was made: its pages, the papers left out, the pages of the
    document itself and the page each of its sections starts on."""
    key = _key(variant, html, appendix)
    pdf_name = f"{settings.PRINT_CACHE_DIR}/{key}.pdf"
    about_name = f"{settings.PRINT_CACHE_DIR}/{key}.json"
    made = _stored_json(about_name) if cache else None
    if made is not None and default_storage.exists(pdf_name):
        with default_storage.open(pdf_name, "rb") as stored:
            pdf = stored.read()
    else:
        pdf, made = _make_pdf(html, appendix)
        if cache:
            _store(pdf_name, pdf)
            _store(about_name, json.dumps(made).encode())
    printed = Printed(
        pdf=pdf, pages=made["pages"], variant=variant, filename=filename, skipped=tuple(made["skipped"])
    )
    return printed, made


def _key(variant: str, html: str, appendix: list[bytes | tuple[str, bytes]], *extra: str) -> str:
    digest = hashlib.sha256()
    for part in (PIPELINE_VERSION, weasyprint.__version__, variant, *extra):
        digest.update(part.encode() + b"\0")
    digest.update(html.encode())
    for item in appendix:
        name, data = _named(item, 0)
        digest.update(b"\0" + name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def _stored_json(name: str) -> dict | list | None:
    if not default_storage.exists(name):
        return None
    try:
        with default_storage.open(name, "rb") as stored:
            return json.loads(stored.read())
    except (OSError, ValueError):
        return None


def _store(name: str, data: bytes) -> None:
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))


def _make_pdf(html: str, appendix: list[bytes | tuple[str, bytes]]) -> tuple[bytes, dict]:
    papers, skipped = _readable(appendix)
    while True:
        appended = sum(len(reader.pages) for _, reader in papers)
        pdf, made = _render(html, appended)
        made["skipped"] = skipped
        if not papers:
            return pdf, made
        try:
            return _append(pdf, made["document_pages"], papers, html), made
        except _BrokenPaper as broken:  # rare: readable, yet pypdf could not add it; number the rest again
            papers = [(name, reader) for name, reader in papers if name != broken.name]
            skipped = [*skipped, f"{broken.name} is not a PDF that can be read, so it was left out."]


def _render(html: str, appended: int) -> tuple[bytes, dict]:
    """The document alone as a tagged PDF, its "of M" counting `appended` pages to come after it."""
    if appended:
        # A counter style that adds the appended pages to the document's own count.
        html = html.replace("</head>", f"<style>{_total_pages_style(appended)}</style></head>", 1)
    with _errors_fail("the document"):
        document = _weasyprint(html).render(pdf_variant="pdf/ua-1")
        pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    renders["document"] += 1
    pages = len(document.pages)
    first_page: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            first_page.setdefault(anchor, index)
    return pdf, {
        "pages": pages + appended,
        "document_pages": pages,
        "starts": [first_page.get(part_id, 0) for part_id in _part_ids(html)],
    }


def _weasyprint(html: str) -> weasyprint.HTML:
    return weasyprint.HTML(
        string=html,
        base_url=Path(settings.BASE_DIR).as_uri() + "/",
        # Documents only ever load the bundled fonts and pictures: never anything over the network.
        url_fetcher=weasyprint.URLFetcher(allowed_protocols=("file", "data")),
    )


def _total_pages_style(offset: int, first: int = 1, count: int = 2000) -> str:
    symbols = " ".join(f'"{n + offset}"' for n in range(first, first + count))
    return f"@counter-style cp-total {{ system: fixed {first}; symbols: {symbols}; }}"


class _ErrorRecords(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.thread = threading.get_ident()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:  # another thread's render is not ours to fail
            self.messages.append(record.getMessage())


@contextmanager
def _errors_fail(what: str) -> Iterator[None]:
    """WeasyPrint only logs what makes a document inaccessible (no language, a picture without alt text, a
    picture that did not load); here each of those stops the render."""
    records = _ErrorRecords()
    weasyprint.LOGGER.addHandler(records)
    try:
        yield
    finally:
        weasyprint.LOGGER.removeHandler(records)
    if records.messages:
        raise PrintError(f"WeasyPrint could not print {what}: " + "; ".join(records.messages))


# ---------------------------------------------------------------- appended papers


def _named(item: bytes | tuple[str, bytes], index: int) -> tuple[str, bytes]:
    """A paper and its name in messages: its own, or "Paper 2" (its place in the appendix)."""
    if isinstance(item, tuple):
        return item
    return f"Paper {index}", item


class _BrokenPaper(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _readable(appendix: list[bytes | tuple[str, bytes]]) -> tuple[list[tuple[str, PdfReader]], list[str]]:
    """The papers that are readable PDFs, each with its name, and a message for each that is not."""
    papers, skipped, names = [], [], set()
    for index, item in enumerate(appendix, start=1):
        name, data = _named(item, index)
        if name in names:
            name = f"{name} (paper {index})"
        names.add(name)
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                skipped.append(f"{name} is locked with a password, so it was left out.")
                continue
            if not reader.pages:
                skipped.append(f"{name} has no pages, so it was left out.")
                continue
            for page in reader.pages:  # open every page now: a broken one is found before numbering
                page.get_contents()
                page.mediabox  # noqa: B018
        except Exception:  # pypdf raises many kinds of error on a file that is not a PDF
            skipped.append(f"{name} is not a PDF that can be read, so it was left out.")
            continue
        papers.append((name, reader))
    return papers, skipped


def _append(pdf: bytes, pages: int, papers: list[tuple[str, PdfReader]], html: str) -> bytes:
    """The document with the papers after it, each appended page stamped "Page N of M" where the
    document's own page numbers are."""
    total = pages + sum(len(reader.pages) for _, reader in papers)
    stamps = _stamps(html, first=pages + 1, total=total)
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    number = 0
    for name, reader in papers:
        try:
            for page in reader.pages:
                added = writer.add_page(page)
                if added.rotation:  # so the stamp is upright on a page printed sideways
                    added.transfer_rotation_to_content()
                if "/StructParents" in added:  # its structure was that paper's, and is not carried over
                    del added[NameObject("/StructParents")]
                left, bottom = float(added.mediabox.left), float(added.mediabox.bottom)
                width, height = float(added.mediabox.width), float(added.mediabox.height)
                # Shrink the paper a little towards the top, so the pack's page number has a strip of its
                # own and never prints over the paper's own footer.
                added.add_transformation(
                    Transformation()
                    .translate(-left, -bottom)
                    .scale(PAPER_SCALE, PAPER_SCALE)
                    .translate(left + width * (1 - PAPER_SCALE) / 2, bottom + height * (1 - PAPER_SCALE))
                )
                added.merge_transformed_page(
                    stamps.pages[number], Transformation().translate(left, bottom), over=True
                )
                number += 1
        except Exception as error:  # pypdf raises many kinds of error on a broken file
            raise _BrokenPaper(name) from error
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_STAMP_PAGE = '<div class="cp-stamp-page"></div>'
# How much an appended paper is shrunk: it frees about 2.4cm at the foot of an A4 page for the page number.
PAPER_SCALE = 0.92


def _stamps(html: str, *, first: int, total: int) -> PdfReader:
    """Blank A4 pages carrying only the footer "Page N of M" (N from `first`), made from the document's own
    stylesheet so the numbers match the document's in font, size and place."""
    style = "".join(re.findall(r"<style>.*?</style>", html, flags=re.DOTALL))
    count = total - first + 1
    numbering = _total_pages_style(first - 1, count=count)
    stamp_html = (
        f'<!DOCTYPE html><html lang="en-GB"><head><title>Page numbers</title>{style}'
        f"<style>{numbering.replace('cp-total', 'cp-page')} html, body {{ background: none !important; }}"
        " .cp-stamp-page { break-after: page; } .cp-stamp-page:last-child { break-after: auto; }"
        f' @page {{ @bottom-left {{ content: "Page " counter(page, cp-page) " of {total}"; '
        f"background: #fff; }} }}</style></head><body>{_STAMP_PAGE * count}</body></html>"
    )
    with _errors_fail("the page numbers of the appended papers"):
        pdf = _weasyprint(stamp_html).write_pdf()
    renders["stamps"] += 1
    return PdfReader(io.BytesIO(pdf))


def forget_printed(*, partnership_ids: Sequence[int] | None = None) -> int:
    """Delete kept PDFs so they are made again on demand (after a person deletes their account, say: no
    printed file may keep their name). Returns how many files were deleted.

    TODO(issue 7): the print cache records which partnership each file is for; until then everything goes.
    """
    deleted = 0
    try:
        _folders, files = default_storage.listdir(settings.PRINT_CACHE_DIR)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    for name in files:
        default_storage.delete(f"{settings.PRINT_CACHE_DIR}/{name}")
        deleted += 1
    return deleted
