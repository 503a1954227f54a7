"""Large print of an uploaded paper, made here when the paper is editable text.

A Word (.docx) file or a plain text file can be set again at 18pt through the print pipeline
(`coproduction.printing`, variant "large_print") and kept as the paper's large print version. A PDF, an
OpenDocument file or a picture cannot be reflowed reliably, so for those the page asks the author instead.

The Word file is someone's upload: mammoth turns it into HTML, and only plain tags from an allow-list are
kept, with no attributes except a link's web or email address. Pictures are left out (they would have no
description), and the page says so.
"""

import html
import io
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser

import mammoth
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from coproduction.printing import PrintError, render_pdf
from partners.models import User

from ..models import Paper, PaperVersion
from ..uploads import DOCX, PDF, TEXT, CheckedFile
from .papers import paper_version_add

# Past this the paper is too long to set while someone waits (about 60 large print pages).
MAX_TEXT_CHARACTERS = 100_000
# The Word file's XML parts are read whole; a zip that unpacks to more than this is refused unread.
MAX_DOCX_XML_BYTES = 20 * 1024 * 1024

ASK_THE_AUTHOR = (
    "This paper cannot be made into large print here: only a Word (.docx) or plain text file can. "
    "Ask the author for a large print version, then upload it as a new version."
)
UNREADABLE = (
    "The Word file could not be read, so no large print version was made. "
    "Ask the author for a large print version."
)
TOO_LONG = "This paper is too long to make into large print here. Ask the author for a large print version."
NO_TEXT = "The paper has no text to put in large print."


def large_print_source(versions: list[PaperVersion]) -> PaperVersion | None:
    """The version a large print one can be made from: the current standard version, when it is a Word or
    plain text file. `versions` are the paper's versions (already fetched)."""
    standard = [v for v in versions if v.format == PaperVersion.Format.STANDARD]
    current = max(standard, key=lambda v: v.number, default=None)
    if current is not None and current.content_type in {DOCX.content_type, TEXT.content_type}:
        return current
    return None


# ---------------------------------------------------------------- the paper as safe HTML


# Plain tags only. Headings move one level down, so the paper's title is the document's only <h1>.
ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "b", "i", "u", "s", "sub", "sup", "ul", "ol", "li", "blockquote", "a"}
    | {"table", "thead", "tbody", "tr", "th", "td", "h2", "h3", "h4", "h5", "h6"}
)
HEADING_DOWN = {"h1": "h2", "h2": "h3", "h3": "h4", "h4": "h5", "h5": "h6"}
# Tags whose content is never text for a reader: left out whole.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "head", "title", "template", "iframe", "object", "svg"})
SAFE_LINK = re.compile(r"(https?://|mailto:)[^\s\"'<>]+", re.IGNORECASE)


class _AllowList(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED_WITH_CONTENT:
            self.skipping += 1
            return
        tag = HEADING_DOWN.get(tag, tag)
        if self.skipping or tag not in ALLOWED_TAGS:
            return
        if tag == "br":
            self.out.append("<br>")
            return
        if tag == "a":
            href = next((value for name, value in attrs if name == "href" and value), "")
            if SAFE_LINK.fullmatch(href.strip()):
                self.out.append(f'<a href="{html.escape(href.strip(), quote=True)}">')
            else:
                self.out.append("<a>")
        else:
            self.out.append(f"<{tag}>")
        self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self.skipping:
            self.out.append("<br>")

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED_WITH_CONTENT:
            self.skipping = max(0, self.skipping - 1)
            return
        tag = HEADING_DOWN.get(tag, tag)
        if self.skipping or tag not in self.open:
            return
        while self.open:  # close anything left open inside it, so the result is always well formed
            closing = self.open.pop()
            self.out.append(f"</{closing}>")
            if closing == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(html.escape(data, quote=False))

    def result(self) -> str:
        self.close()
        return "".join(self.out) + "".join(f"</{tag}>" for tag in reversed(self.open))


def clean_html(untrusted: str) -> str:
    """Only the allowed plain tags, no attributes but a link's http(s) or mailto address; text escaped."""
    parser = _AllowList()
    parser.feed(untrusted)
    return parser.result()


def text_to_html(text: str) -> str:
    """Plain text as paragraphs: a blank line starts a new one; single line breaks are kept."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    return "".join(
        "<p>" + "<br>".join(html.escape(line) for line in p.split("\n")) + "</p>" for p in paragraphs
    )


@dataclass(frozen=True)
class PaperText:
    html: str  # safe to put in a page
    pictures_left_out: int


def _docx_html(data: bytes) -> PaperText:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml_bytes = sum(i.file_size for i in archive.infolist() if i.filename.endswith((".xml", ".rels")))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ValidationError(UNREADABLE) from error
    if xml_bytes > MAX_DOCX_XML_BYTES:
        raise ValidationError(TOO_LONG)
    pictures = 0

    def leave_out_picture(image) -> list:
        # Never read: a picture in large print needs a description the Word file rarely has.
        nonlocal pictures
        pictures += 1
        return []

    try:
        converted = mammoth.convert_to_html(io.BytesIO(data), convert_image=leave_out_picture)
    except Exception as error:  # mammoth raises many kinds on a damaged file; all mean "cannot read it"
        raise ValidationError(UNREADABLE) from error
    return PaperText(html=clean_html(converted.value), pictures_left_out=pictures)


def paper_text(version: PaperVersion) -> PaperText:
    """The words of a Word or plain text version as safe HTML. Raises ValidationError in plain words."""
    with version.file.open("rb") as stored:
        data = stored.read()
    if version.content_type == DOCX.content_type:
        text = _docx_html(data)
    elif version.content_type == TEXT.content_type:
        text = PaperText(html=text_to_html(data.decode("utf-8-sig", errors="replace")), pictures_left_out=0)
    else:
        raise ValidationError(ASK_THE_AUTHOR)
    if len(text.html) > MAX_TEXT_CHARACTERS:
        raise ValidationError(TOO_LONG)
    if not re.sub(r"<[^>]*>|\s", "", text.html):
        raise ValidationError(NO_TEXT)
    return text


# ---------------------------------------------------------------- making it


@dataclass(frozen=True)
class LargePrintMade:
    version: PaperVersion
    pictures_left_out: int


def paper_large_print_make(*, paper: Paper, made_by: User) -> LargePrintMade:
    """Set the paper's current Word or text version at 18pt and keep it as its next large print version
    (the papers service numbers it and keeps an approved meeting's record as it was)."""
    source = large_print_source(list(paper.versions.all()))
    if source is None:
        raise ValidationError(ASK_THE_AUTHOR)
    text = paper_text(source)
    try:
        printed = render_pdf(
            template="print/paper.html",
            context={
                "paper": paper,
                "meeting": paper.meeting,
                "partnership_id": paper.partnership_id,
                "document": "paper",
                "body": mark_safe(text.html),  # noqa: S308 - clean_html keeps only allow-listed plain tags
            },
            variant="large_print",
            title=f"{paper.title} (large print)",
            filename="large-print.pdf",
            cache=False,  # the paper keeps it as a version; a second copy in the print cache helps nobody
        )
    except PrintError as error:
        raise ValidationError(UNREADABLE) from error
    name = f"{slugify(paper.title)[:80] or 'paper'}-large-print.pdf"
    checked = CheckedFile(
        file_type=PDF, content=ContentFile(printed.pdf, name=name), size=len(printed.pdf), original_name=name
    )
    version = paper_version_add(
        paper=paper, format=PaperVersion.Format.LARGE_PRINT, checked=checked, uploaded_by=made_by
    )
    return LargePrintMade(version=version, pictures_left_out=text.pictures_left_out)
