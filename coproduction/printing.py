"""The print pipeline: any document in three variants, as an accessible web page and as a tagged PDF.

A document is a Django template that extends `print/document.html` (blocks `title` and `content`). It is
rendered with the variant's stylesheet inlined (`coproduction/print_css/`: `common.css`, then `standard.css`,
`large_print.css` or `easy_read.css`), so the same HTML is the web version and the source of the PDF.
WeasyPrint turns it into a PDF/UA-1 file (document language, title, structure tree, alt text) with the
bundled Atkinson Hyperlegible fonts (`static/fonts/`), so a pack looks the same on every server.

Every PDF is kept in `default_storage` under `settings.PRINT_CACHE_DIR`, named by a hash of what it is made
from (the variant, the HTML, the appended papers and this pipeline's version), and reused until any of those
change: sending a pack to 15 people renders each variant once.

Each kept PDF has a `.json` beside it saying what it is for (partnership, meeting, document, variant), when it
was made, and (by its modified time, touched at most once a day) when it was last used. `prune_printed`
deletes what nobody has fetched for `PRINT_CACHE_DAYS` and what a newer version of the same document has
replaced; `forget_printed` deletes a partnership's files (after someone leaves, say).

A web request never waits long for a PDF: inside `while_waiting(seconds)` a document that is not kept yet and
looks too big to make in that time (it appends papers, or its text is long) is not made; `NotPrintedYet` is
raised instead, for the caller to make it in the background (`meetings.services.print_jobs`). A paper longer
than `MAX_PAPER_PAGES` is never appended: its page count is read from its page tree, without parsing a page.

The rules the stylesheets meet are in ACCESSIBILITY.md; `tests/formats/pdfcheck.py` reads the PDFs back and
checks them. Any ERROR that WeasyPrint logs (an image that does not load, a picture without alt text, no
document language) fails the render with `PrintError`, because WeasyPrint itself only logs them.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import weasyprint
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
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


class NotPrintedYet(Exception):
    """The document is not kept yet and is too big to make while a person waits. `key` names it (the key of
    the first PDF the document asked for), so one background job per key can make it."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


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
            # can carry the credit the licence asks for; and keeps each picture it found, for this render.
            "print_pictures_used": set(),
            "print_picture_cache": {},
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
    with _about_document(context, variant):
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
    with _about_document(context, variant):
        return _parts(
            html, template, context, variant, title, filename, list(appendix or ()), max_pages, cache
        )


def _parts(
    html: str,
    template: str,
    context: dict,
    variant: str,
    title: str,
    filename: str,
    appendix: list[bytes | tuple[str, bytes]],
    max_pages: int | None,
    cache: bool,
) -> list[Printed]:
    whole, made = _printed_and_made(html, variant=variant, filename=filename, appendix=appendix, cache=cache)
    if not max_pages or made["document_pages"] <= max_pages or len(made["starts"]) < 2:
        if max_pages and made["document_pages"] > max_pages:
            logger.warning("A %s-page %s document has no sections to split it at", whole.pages, variant)
        return [whole]
    plan_name = f"{settings.PRINT_CACHE_DIR}/{_key(variant, html, [], f'parts of {max_pages}')}.json"
    stored = _stored_json(plan_name) if cache else None
    # Kept as {"plan": [...], "for": ...}; a bare list is a plan kept before files said what they were for.
    plan = stored.get("plan") if isinstance(stored, dict) else stored
    if plan is not None:
        _touch(plan_name)
    else:
        planned = _plan_parts(made["starts"], made["document_pages"], max_pages)
        plan = _check_parts(planned, template, context, variant, title, max_pages, cache)
        if cache:
            _store(plan_name, json.dumps({"plan": plan, **_record()}).encode())
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
    waiting = _waiting.get()
    if waiting is not None and waiting.key is None:
        waiting.key = key
    made = _stored_json(about_name) if cache else None
    pdf = _stored_pdf(pdf_name) if isinstance(made, dict) else None
    if pdf is not None:
        _touch(about_name)
    else:
        if waiting is not None:
            waiting.may_make(html, appendix)
        pdf, made = _make_pdf(html, appendix)
        if cache:
            _store(pdf_name, pdf)
            _store(about_name, json.dumps({**made, **_record()}).encode())
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


def _stored_pdf(name: str) -> bytes | None:
    try:
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    except OSError:  # not kept, or pruned a moment ago: made again
        return None


def _store(name: str, data: bytes) -> None:
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
        record = _recorded.get()
        if record is not None:
            record.stored.append(name)


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
            pages = claimed_pages(reader)
            if pages > settings.MAX_PAPER_PAGES:
                skipped.append(too_many_pages(name, pages))
                continue
            pages = len(reader.pages)  # walks the page tree, in case its count was wrong; parses no page
            if not pages:
                skipped.append(f"{name} has no pages, so it was left out.")
                continue
            if pages > settings.MAX_PAPER_PAGES:
                skipped.append(too_many_pages(name, pages))
                continue
            for page in reader.pages:  # open every page now: a broken one is found before numbering
                page.get_contents()
                page.mediabox  # noqa: B018
        except Exception:  # pypdf raises many kinds of error on a file that is not a PDF
            skipped.append(f"{name} is not a PDF that can be read, so it was left out.")
            continue
        papers.append((name, reader))
    return papers, skipped


def claimed_pages(reader: PdfReader) -> int:
    """How many pages a PDF says it has (the count at the top of its page tree): read without walking the
    tree or parsing any page, so a huge paper costs nothing to measure. 0 when it does not say."""
    try:
        return max(int(reader.root_object["/Pages"]["/Count"]), 0)
    except Exception:  # pypdf raises many kinds of error on a broken file
        return 0


def too_many_pages(name: str, pages: int) -> str:
    """Why a paper is not appended: the words the pack shows after "Left out: "."""
    return f"{name} has {pages} pages; it is available on its own."


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


# ---------------------------------------------------------------- printing while someone waits


# What making a document costs, roughly, on a modest server: a fixed part, then its text (about 12 pages a
# second). An easy read document may be made several times over to split it into parts.
_SECONDS_EACH = 0.3
_CHARACTERS_A_SECOND = 20_000
_EASY_READ_TIMES = 3
_STYLE_OR_TAG = re.compile(r"<style>.*?</style>|<[^>]*>", flags=re.DOTALL)


def estimated_seconds(html: str, appendix: Sequence = (), variant: str = "") -> float:
    """A cheap guess at how long the document takes to make, from the length of its text. Appended papers
    are not guessed at: they are other people's PDFs, and parsing them can take any time."""
    if appendix:
        return float("inf")
    seconds = _SECONDS_EACH + len(_STYLE_OR_TAG.sub("", html)) / _CHARACTERS_A_SECOND
    return seconds * (_EASY_READ_TIMES if variant == "easy_read" else 1)


@dataclass
class Waiting:
    """A person is waiting for this document: `key` is set to the first PDF it asks for."""

    seconds: float
    defer: Callable[[str], bool]
    started: float = field(default_factory=time.monotonic)
    key: str | None = None

    def may_make(self, html: str, appendix: list) -> None:
        """Raise NotPrintedYet unless this PDF can be made in the time left (and nobody else is making or
        has failed to make this document: `defer`)."""
        assert self.key is not None
        left = self.seconds - (time.monotonic() - self.started)
        variant = (_about.get() or {}).get("variant", "")
        if estimated_seconds(html, appendix, variant) > left or self.defer(self.key):
            raise NotPrintedYet(self.key)


_waiting: ContextVar[Waiting | None] = ContextVar("cp_print_waiting", default=None)


@contextmanager
def while_waiting(seconds: float, *, defer: Callable[[str], bool] = lambda key: False) -> Iterator[Waiting]:
    """Within this, a PDF that is not kept yet is made only if it looks like it can be made in `seconds`
    (counted from here) and `defer(key)` is False; otherwise NotPrintedYet is raised. Kept PDFs are always
    served. The Waiting yielded holds the document's key once it is known."""
    waiting = Waiting(seconds=seconds, defer=defer)
    token = _waiting.set(waiting)
    try:
        yield waiting
    finally:
        _waiting.reset(token)


# ---------------------------------------------------------------- what each kept file is for


_about: ContextVar[dict | None] = ContextVar("cp_print_about", default=None)


@dataclass
class Recorded:
    """What `document_for` saw: the files kept within it (made now, not found kept)."""

    stored: list[str] = field(default_factory=list)


_recorded: ContextVar[Recorded | None] = ContextVar("cp_print_recorded", default=None)


@contextmanager
def document_for(
    *,
    partnership_id: int,
    meeting_id: int | None = None,
    document: str = "",
    variant: str = "",
    audience: str = "",
) -> Iterator[Recorded]:
    """Every PDF made or used within this is recorded as this partnership's (and this meeting's) document,
    so it can be forgotten with the partnership and pruned when a newer version replaces it. `audience`
    tells apart versions of one document for different readers ("expert": a visiting expert's pack). Yields
    a `Recorded` that lists the files kept within it once it ends."""
    recorded = Recorded()
    recorded_token = _recorded.set(recorded)
    token = _about.set(
        {
            "partnership": partnership_id,
            "meeting": meeting_id,
            "document": document,
            "variant": variant,
            "audience": audience,
        }
    )
    try:
        yield recorded
    finally:
        _about.reset(token)
        _recorded.reset(recorded_token)


@contextmanager
def _about_document(context: dict, variant: str) -> Iterator[None]:
    """What the document is for: as `document_for` said, or else read from its context (a meeting's
    documents carry their `meeting`; others may carry `partnership_id`)."""
    given = _about.get() or {}
    meeting = context.get("meeting")
    about = {
        "partnership": given.get("partnership")
        or context.get("partnership_id")
        or getattr(meeting, "partnership_id", None),
        "meeting": given.get("meeting") or getattr(meeting, "pk", None),
        "document": given.get("document") or context.get("document") or "",
        "variant": variant,
        "audience": given.get("audience") or ("expert" if context.get("for_expert") else ""),
    }
    token = _about.set(about)
    try:
        yield
    finally:
        _about.reset(token)


def _record() -> dict:
    return {"for": _about.get() or None, "made_at": timezone.now().isoformat()}


def _touch(name: str) -> None:
    """Note that a kept file was used: its modified time, changed at most once a day (one cheap write)."""
    try:
        if timezone.now() - default_storage.get_modified_time(name) < timedelta(days=1):
            return
        try:
            os.utime(default_storage.path(name))
        except NotImplementedError:  # a storage with no local files: write it again
            with default_storage.open(name, "rb") as stored:
                data = stored.read()
            default_storage.delete(name)
            default_storage.save(name, ContentFile(data))
    except OSError:  # pruned meanwhile: nothing to note
        pass


# ---------------------------------------------------------------- pruning and forgetting


# Versions of one document made within this long of the newest belong to the same making (a pack printed
# again to say a paper was left out, the parts of an easy read document), so only older ones are replaced.
SAME_MAKING = timedelta(hours=1)


@dataclass
class _Kept:
    key: str
    names: list[str]  # the files: <key>.pdf and/or <key>.json
    about: dict | None  # what it is for; None when it does not say
    used: datetime
    made: datetime

    @property
    def document(self) -> tuple | None:
        if not self.about or not self.about.get("partnership") or not self.about.get("document"):
            return None
        about = self.about
        return (
            about["partnership"],
            about.get("meeting"),
            about["document"],
            about.get("variant"),
            about.get("audience", ""),
        )


def _kept() -> list[_Kept]:
    folder = settings.PRINT_CACHE_DIR
    try:
        _folders, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    by_key: dict[str, list[str]] = defaultdict(list)
    for name in files:
        by_key[name.rsplit(".", 1)[0]].append(f"{folder}/{name}")
    kept = []
    for key, names in by_key.items():
        about_name = f"{folder}/{key}.json"
        stored = _stored_json(about_name) if about_name in names else None
        record = stored if isinstance(stored, dict) else {}
        try:
            used = default_storage.get_modified_time(about_name if about_name in names else names[0])
            made = datetime.fromisoformat(record["made_at"]) if "made_at" in record else used
        except (OSError, ValueError, TypeError):
            continue  # gone meanwhile, or not ours to read
        about = record.get("for")
        kept.append(
            _Kept(
                key=key,
                names=sorted(names),
                about=about if isinstance(about, dict) else None,
                used=used,
                made=made,
            )
        )
    return kept


def _delete(kept: _Kept) -> int:
    # The record first: a reader that finds no record makes the PDF again rather than half-reading it.
    deleted = 0
    for name in sorted(kept.names, key=lambda n: not n.endswith(".json")):
        try:
            default_storage.delete(name)
            deleted += 1
        except OSError:
            pass
    return deleted


@dataclass
class Pruned:
    unused: int = 0  # files nobody fetched for PRINT_CACHE_DAYS
    replaced: int = 0  # files of documents whose content changed since

    @property
    def total(self) -> int:
        return self.unused + self.replaced


def prune_printed(*, now: datetime | None = None, days: int | None = None) -> Pruned:
    """Delete kept PDFs nobody has fetched for `days` (PRINT_CACHE_DAYS), and every older version of a
    document that has been made again since its content changed. Safe to run at any time: whatever is
    deleted is made again when someone asks for it."""
    now = now or timezone.now()
    days = settings.PRINT_CACHE_DAYS if days is None else days
    pruned = Pruned()
    kept = _kept()
    newest: dict[tuple, datetime] = {}
    for item in kept:
        if item.document is not None:
            newest[item.document] = max(item.made, newest.get(item.document, item.made))
    for item in kept:
        if item.used < now - timedelta(days=days):
            pruned.unused += _delete(item)
            continue
        latest = newest.get(item.document) if item.document is not None else None
        if latest is not None and item.made < latest - SAME_MAKING and item.used < latest:
            pruned.replaced += _delete(item)
    return pruned


def forget_printed(*, partnership_ids: Sequence[int] | None = None) -> int:
    """Delete kept PDFs so they are made again on demand (after a person deletes their account, say: no
    printed file may keep their name). Returns how many files were deleted.

    `partnership_ids`: only those partnerships' files, and any file that does not say whose it is (kept
    before files said so: it could name anyone). None: every file.
    """
    wanted = None if partnership_ids is None else set(partnership_ids)
    # Said first, then done: a document being made meanwhile that is kept after this line is forgotten by
    # whoever made it (`forgotten_since`), and one kept before it is deleted below.
    for partnership_id in [_EVERYONE] if wanted is None else sorted(wanted):
        _mark_forgotten(partnership_id)
    deleted = 0
    for item in _kept():
        whose = (item.about or {}).get("partnership")
        if wanted is None or whose is None or whose in wanted:
            deleted += _delete(item)
    return deleted


# When each partnership's files were last forgotten (a file each, beside the cache folder, so every worker and
# server sees it): a document made from words read before then may name someone who has since gone.
_FORGOTTEN_DIR = "-forgotten"
_EVERYONE = "all"
# Servers' clocks may differ a little: a forgetting this long before a making began still counts.
CLOCK_MARGIN = timedelta(minutes=10)


def _forgotten_name(partnership_id: int | str) -> str:
    return f"{settings.PRINT_CACHE_DIR.rstrip('/')}{_FORGOTTEN_DIR}/{partnership_id}.json"


def _mark_forgotten(partnership_id: int | str) -> None:
    name = _forgotten_name(partnership_id)
    try:
        if default_storage.exists(name):
            default_storage.delete(name)
        default_storage.save(name, ContentFile(json.dumps({"at": timezone.now().isoformat()}).encode()))
    except OSError:
        logger.exception("Could not note that the printed files of %s were forgotten", partnership_id)


def forgotten_since(partnership_id: int, moment: datetime) -> bool:
    """Whether the partnership's printed files (or everyone's) were forgotten at `moment` or after it: what
    was read before then and printed after may need forgetting too. No database query: a file or two read."""
    for whose in (partnership_id, _EVERYONE):
        stored = _stored_json(_forgotten_name(whose))
        try:
            at = datetime.fromisoformat(stored["at"]) if isinstance(stored, dict) else None
        except (KeyError, TypeError, ValueError):
            at = None
        if at is not None and at >= moment - CLOCK_MARGIN:
            return True
    return False


# ---------------------------------------------------------------- answering a request


def pdf_response(printed: Printed) -> HttpResponse:
    response = HttpResponse(printed.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{printed.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache"
    return response


def parts_response(
    request: HttpRequest, part: int | None, parts: list[Printed], context: dict, *, title: str, back_href: str
) -> HttpResponse:
    """One PDF; or, for an easy read document printed in several parts, the part asked for, or a page
    listing the parts."""
    if part is not None:
        if part > len(parts):
            raise Http404
        return pdf_response(parts[part - 1])
    if len(parts) == 1:
        return pdf_response(parts[0])
    return render(
        request,
        "meetings/documents/parts.html",
        {**context, "parts": parts, "title": title, "back_href": back_href, "here": request.path},
    )
