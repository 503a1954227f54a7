"""Reading a printed document back and checking it against the print rules in ACCESSIBILITY.md.

For any test that has a PDF of ours (meeting packs, agendas, minutes, the action log):

    from tests.formats.pdfcheck import assert_print_rules
    assert_print_rules(printed.pdf, "large_print", title="Meeting pack")

`assert_print_rules` runs every check for the variant and fails once, listing every problem with its page.
The single checks (`problems_*`) return lists of problems, and the readers (`page_texts`, `font_names`,
`text_lines`, `pictures`, `structure`) are there for tests that want one fact. Nothing here renders: it only
reads, with pdfplumber (characters, their sizes, fonts and places) and pypdf (tags, language, title).
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pdfplumber
from pypdf import PdfReader

A4 = (595.28, 841.89)  # points
MIN_MARGIN = 56.69  # 2cm, our choice for every variant
MIN_SIZE = {"standard": 12.0, "large_print": 18.0, "easy_read": 16.0}
BODY_SIZE = {"standard": 14.0, "large_print": 18.0, "easy_read": 16.0}
ALLOWED_FONTS = ("AtkinsonHyperlegible",)  # compared without the subset prefix, spaces and hyphens
ALLOWED_CAPITALS = frozenset({"UKAAF", "WCAG", "RNIB", "OFL"})  # a word of capitals longer than 4 letters
MIN_LINE_SPACING = 1.5  # baseline step / font size
SIZE_TOLERANCE = 0.01
PAGE_NUMBER = re.compile(r"Page (\d+) of (\d+)")


# ---------------------------------------------------------------- readers


def _plumber(pdf: bytes) -> pdfplumber.PDF:
    return pdfplumber.open(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text, as pdfplumber reads it."""
    with _plumber(pdf) as document:
        return [page.extract_text() or "" for page in document.pages]


def base_font_name(name: str) -> str:
    """ "ABCDEF+Atkinson-Hyperlegible-Bold" -> "Atkinson-Hyperlegible-Bold"."""
    return name.split("+", 1)[1] if re.match(r"^[A-Z]{6}\+", name) else name


def font_names(pdf: bytes) -> set[str]:
    """The fonts the text is set in, without their subset prefixes."""
    with _plumber(pdf) as document:
        return {base_font_name(char["fontname"]) for page in document.pages for char in page.chars}


class Line:
    """One line of text on a page: the characters on one baseline, up to a gap of more than one em (so the
    cells of a table row are separate lines). Places in points from the page's top left, as pdfplumber's."""

    def __init__(self, page: int, chars: list[dict], page_height: float) -> None:
        self.page = page  # from 1
        self.chars = chars
        words, previous = [], None
        for char in chars:
            if previous is not None and char["x0"] - previous["x1"] > 0.15 * char["size"]:
                words.append(" ")
            words.append(char["text"])
            previous = char
        self.text = "".join(words)
        self.x0 = chars[0]["x0"]
        self.x1 = max(char["x1"] for char in chars)
        self.top = min(char["top"] for char in chars)
        self.bottom = max(char["bottom"] for char in chars)
        self.baseline = page_height - chars[0]["matrix"][5]
        self.size = max(char["size"] for char in chars)

    def __repr__(self) -> str:
        return f"Line(page={self.page}, text={self.text!r})"


def _lines_of(page) -> list[Line]:
    height = float(page.height)
    rows: dict[float, list[dict]] = defaultdict(list)
    for char in page.chars:
        if not char["text"].isspace():
            rows[round(char["matrix"][5], 1)].append(char)
    lines = []
    for chars in rows.values():
        chars.sort(key=lambda char: char["x0"])
        current = [chars[0]]
        for char in chars[1:]:
            if char["x0"] - current[-1]["x1"] > char["size"]:
                lines.append(Line(page.page_number, current, height))
                current = []
            current.append(char)
        lines.append(Line(page.page_number, current, height))
    lines.sort(key=lambda line: (line.baseline, line.x0))
    return lines


def text_lines(pdf: bytes) -> list[Line]:
    with _plumber(pdf) as document:
        return [line for page in document.pages for line in _lines_of(page)]


@dataclass(frozen=True)
class Box:
    page: int
    x0: float
    x1: float
    top: float
    bottom: float


def _pictures_of(page) -> list[Box]:
    """Raster images, and SVG pictures: WeasyPrint draws those as vector paths, found among the curves and
    joined where they touch. Table borders and underlines are rectangles and lines, not curves."""
    boxes = [[image["x0"], image["x1"], image["top"], image["bottom"]] for image in page.images]
    shapes = [[curve["x0"], curve["x1"], curve["top"], curve["bottom"]] for curve in page.curves]
    merged: list[list[float]] = []
    for shape in sorted(shapes, key=lambda s: (s[2], s[0])):
        for box in merged:
            if (
                shape[0] <= box[1] + 2
                and shape[1] >= box[0] - 2
                and shape[2] <= box[3] + 2
                and shape[3] >= box[2] - 2
            ):
                box[:] = [
                    min(box[0], shape[0]),
                    max(box[1], shape[1]),
                    min(box[2], shape[2]),
                    max(box[3], shape[3]),
                ]
                break
        else:
            merged.append(list(shape))
    boxes += [box for box in merged if box[1] - box[0] >= 10 and box[3] - box[2] >= 10]
    return [Box(page.page_number, *box) for box in boxes]


def pictures(pdf: bytes) -> list[Box]:
    with _plumber(pdf) as document:
        return [box for page in document.pages for box in _pictures_of(page)]


def structure(pdf: bytes) -> list[tuple[str, str | None]]:
    """The structure tree's elements in order, as (type, alt text): [("/Document", None), ...]."""
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    if "/StructTreeRoot" not in root:
        return []
    found: list[tuple[str, str | None]] = []
    stack = [root["/StructTreeRoot"]]
    while stack:
        node = stack.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            if "/S" in node:
                alt = node.get("/Alt")
                found.append((str(node["/S"]), str(alt) if alt is not None else None))
            if "/K" in node:
                stack.append(node["/K"])
    return found


# ---------------------------------------------------------------- checks: each returns a list of problems


def problems_tagging(pdf: bytes, *, title: str | None = None, lang: str = "en-GB") -> list[str]:
    """Tagged PDF/UA: marked, a structure tree, the document language, the title shown, alt text on every
    figure."""
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    problems = []
    mark_info = root.get("/MarkInfo")
    if not (mark_info and _true(mark_info.get_object().get("/Marked"))):
        problems.append("the PDF is not marked as tagged (/MarkInfo /Marked true)")
    if "/StructTreeRoot" not in root:
        problems.append("the PDF has no structure tree (/StructTreeRoot)")
    if str(root.get("/Lang", "")) != lang:
        problems.append(f"the document language is {root.get('/Lang')!r}, not {lang!r}")
    shown = (reader.metadata or {}).get("/Title")
    if not shown:
        problems.append("the PDF has no title")
    elif title is not None and str(shown) != title:
        problems.append(f"the PDF's title is {str(shown)!r}, not {title!r}")
    preferences = root.get("/ViewerPreferences")
    if not (preferences and _true(preferences.get_object().get("/DisplayDocTitle"))):
        problems.append("the PDF does not ask viewers to show its title (/DisplayDocTitle)")
    metadata = root.get("/Metadata")
    if metadata is None or b'pdfuaid:part="1"' not in metadata.get_object().get_data():
        problems.append("the PDF does not declare PDF/UA-1 in its metadata")
    for kind, alt in structure(pdf):
        if kind == "/Figure" and not (alt and alt.strip()):
            problems.append("a figure has no alt text")
    return problems


def _true(value) -> bool:
    return getattr(value, "value", value) is True  # pypdf's BooleanObject keeps the bool in .value


def problems_pages(pdf: bytes, *, document_pages: int | None = None) -> list[str]:
    """A4 (for the document's own pages) and "Page N of M" on every page, appended ones too."""
    with _plumber(pdf) as document:
        return _problems_pages(_Read(document), document_pages)


def _problems_pages(read: _Read, document_pages: int | None) -> list[str]:
    problems = []
    total = len(read.document.pages)
    for page in read.document.pages:
        number = page.page_number
        if (document_pages is None or number <= document_pages) and (
            abs(float(page.width) - A4[0]) > 1 or abs(float(page.height) - A4[1]) > 1
        ):
            problems.append(f"page {number} is {float(page.width):.0f}×{float(page.height):.0f}pt, not A4")
        wanted = f"Page {number} of {total}"
        if not any(line.text == wanted for line in read.lines(page)):
            problems.append(f'page {number} does not say "{wanted}" on a line of its own')
    return problems


class _Read:
    """One pdfplumber document, with each page's lines read once for all the checks."""

    def __init__(self, document: pdfplumber.PDF) -> None:
        self.document = document
        self._lines: dict[int, list[Line]] = {}

    def lines(self, page) -> list[Line]:
        if page.page_number not in self._lines:
            self._lines[page.page_number] = _lines_of(page)
        return self._lines[page.page_number]

    def own_pages(self, document_pages: int | None) -> list:
        return [p for p in self.document.pages if document_pages is None or p.page_number <= document_pages]


def problems_text(
    pdf: bytes,
    variant: str,
    *,
    document_pages: int | None = None,
    allowed_capitals: Iterable[str] = ALLOWED_CAPITALS,
) -> list[str]:
    """Size, fonts, no italic, black, inside the margins, left aligned, line and paragraph spacing, no blocks
    of capitals, no words split by hyphens: on the document's own pages (not the appended papers)."""
    with _plumber(pdf) as document:
        return _problems_text(_Read(document), variant, document_pages, allowed_capitals)


def _problems_text(
    read: _Read, variant: str, document_pages: int | None, allowed_capitals: Iterable[str]
) -> list[str]:
    minimum = MIN_SIZE[variant]
    allowed_capitals = set(allowed_capitals)
    problems: list[str] = []
    own = read.own_pages(document_pages)
    lines = [line for page in own for line in read.lines(page)]
    edges = {page.page_number: [edge for edge in page.edges if edge["orientation"] == "h"] for page in own}
    width, height = (float(read.document.pages[0].width), float(read.document.pages[0].height))
    if not lines:
        return ["the document has no text"]
    for line in lines:
        where = f"page {line.page}, {line.text[:40]!r}"
        small = [char for char in line.chars if char["size"] < minimum - SIZE_TOLERANCE]
        if small:
            problems.append(f"{where}: text at {min(c['size'] for c in small):.1f}pt, below {minimum:g}pt")
        fonts = {base_font_name(char["fontname"]) for char in line.chars}
        for font in fonts:
            plain = font.replace("-", "").replace(" ", "")
            if not any(allowed in plain for allowed in ALLOWED_FONTS):
                problems.append(f"{where}: font {font} is not on the allow-list {ALLOWED_FONTS}")
            if re.search(r"italic|oblique", font, re.IGNORECASE):
                problems.append(f"{where}: italic font {font}")
        if any(abs(char["matrix"][1]) > 0.001 or abs(char["matrix"][2]) > 0.001 for char in line.chars):
            problems.append(f"{where}: slanted or rotated text")
        if variant == "large_print" and any(not _black(char) for char in line.chars):
            problems.append(f"{where}: text that is not black")
        if line.x0 < MIN_MARGIN - 0.5 or line.x1 > width - MIN_MARGIN + 0.5:
            problems.append(f"{where}: outside the side margins ({line.x0:.1f}–{line.x1:.1f}pt)")
        if line.top < MIN_MARGIN - 0.5 or line.bottom > height - MIN_MARGIN + 0.5:
            problems.append(f"{where}: outside the top or bottom margin ({line.top:.1f}–{line.bottom:.1f}pt)")
        for word in re.findall(r"[^\W\d_]+", line.text):
            if len(word) > 4 and word.isupper() and word not in allowed_capitals:
                problems.append(f"{where}: a word in capitals, {word!r}")
    problems += _problems_flow(lines, edges, variant)
    return problems


def _black(char: dict) -> bool:
    colour = char.get("non_stroking_color")
    if colour is None:
        return True
    values = tuple(colour) if isinstance(colour, (tuple, list)) else (colour,)
    if len(values) == 4:  # CMYK
        return values[3] >= 0.99 or all(v >= 0.99 for v in values[:3])
    return all(v <= 0.01 for v in values)


_SPLIT_WORD = re.compile(r"[^\W\d_][-\u2010\u00ad]$")  # a letter, then a hyphen (WeasyPrint's is U+2010)


def _problems_flow(lines: list[Line], edges: dict[int, list[dict]], variant: str) -> list[str]:
    """Alignment, spacing and hyphens, from how lines follow each other. Lines of one size starting at the
    same place on a page form a column; the step between baselines that recurs most in it is its line
    height, and a larger step (with no table rule between) starts a new paragraph."""
    problems = []
    columns: dict[tuple[int, float, float], list[Line]] = defaultdict(list)
    for line in lines:
        if not PAGE_NUMBER.fullmatch(line.text):
            columns[(line.page, round(line.x0), round(line.size, 1))].append(line)
    baselines: dict[int, list[float]] = defaultdict(list)
    for line in lines:
        baselines[line.page].append(line.baseline)
    for (page, _, size), column in columns.items():
        column.sort(key=lambda line: line.baseline)
        pairs = []
        for previous, line in zip(column, column[1:], strict=False):
            # Not one paragraph after another: a table rule between them, or other text (a heading, a list).
            apart = any(
                previous.baseline < edge["top"] < line.baseline - size * 0.8
                and edge["x0"] < line.x1
                and edge["x1"] > line.x0
                for edge in edges.get(page, ())
            ) or any(previous.baseline + 0.5 < b < line.baseline - 0.5 for b in baselines[page])
            pairs.append((previous, line, line.baseline - previous.baseline, apart))
        steps = [round(step * 2) / 2 for _, _, step, apart in pairs if not apart and step < 2.2 * size]
        line_step = max(set(steps), key=steps.count) if steps else 1.5 * size
        paragraph = [column[0]]
        for previous, line, step, apart in pairs:
            if not apart and step <= line_step + 1:
                if step / size < MIN_LINE_SPACING - 0.01:
                    problems.append(
                        f"page {page}, {line.text[:40]!r}: line spacing {step / size:.2f}, too tight"
                    )
                if _SPLIT_WORD.search(previous.text) and re.match(r"[^\W\d_]", line.text):
                    problems.append(f"page {page}, {previous.text[-30:]!r}: a word split across lines")
                paragraph.append(line)
                continue
            if variant == "large_print" and not apart and step < 2 * line_step - 1:
                problems.append(
                    f"page {page}, {line.text[:40]!r}: less than a blank line after the paragraph before"
                )
            problems += _problems_justified(paragraph)
            paragraph = [line]
        problems += _problems_justified(paragraph)
    return problems


def _problems_justified(paragraph: list[Line]) -> list[str]:
    """Justified text ends every line but the last at the same place; left aligned text is ragged."""
    ends = [line.x1 for line in paragraph[:-1]]
    if len(ends) >= 3 and max(ends) - min(ends) < 1:
        first = paragraph[0]
        return [f"page {first.page}, {first.text[:40]!r}: justified (right edges within 1pt)"]
    return []


def problems_pictures_left(pdf: bytes, *, document_pages: int | None = None) -> list[str]:
    """Easy read: each picture at the left, and every word level with it on its right."""
    with _plumber(pdf) as document:
        return _problems_pictures_left(_Read(document), document_pages)


def _problems_pictures_left(read: _Read, document_pages: int | None) -> list[str]:
    problems = []
    for page in read.own_pages(document_pages):
        for box in _pictures_of(page):
            if box.x1 > float(page.width) / 2:
                problems.append(
                    f"page {page.page_number}: a picture not on the left ({box.x0:.0f}–{box.x1:.0f}pt)"
                )
            for line in read.lines(page):
                beside = line.top < box.bottom - 1 and line.bottom > box.top + 1
                if beside and line.x0 < box.x1 - 0.5:
                    problems.append(
                        f"page {page.page_number}, {line.text[:40]!r}: words not to the right of the picture"
                    )
    return problems


# ---------------------------------------------------------------- all at once


@dataclass(frozen=True)
class Checked:
    pages: int
    fonts: frozenset[str]
    smallest: float
    pictures: int


def assert_print_rules(
    pdf: bytes,
    variant: str,
    *,
    title: str | None = None,
    document_pages: int | None = None,
    allowed_capitals: Iterable[str] = ALLOWED_CAPITALS,
) -> Checked:
    """Every print rule of `variant` that a test can measure, on one PDF. `document_pages`: how many pages
    are the document itself when papers are appended after it (those are checked only for page numbers).
    Fails listing every problem; returns what it read, for further asserts."""
    if variant not in MIN_SIZE:
        raise ValueError(f"Unknown variant {variant!r}")
    problems = problems_tagging(pdf, title=title)
    with _plumber(pdf) as document:
        read = _Read(document)
        problems += _problems_pages(read, document_pages)
        problems += _problems_text(read, variant, document_pages, allowed_capitals)
        if variant == "easy_read":
            problems += _problems_pictures_left(read, document_pages)
        assert not problems, f"The {variant} PDF breaks the print rules:\n  " + "\n  ".join(problems)
        own = read.own_pages(document_pages)
        chars = [char for page in own for char in page.chars if not char["text"].isspace()]
        return Checked(
            pages=len(document.pages),
            fonts=frozenset(base_font_name(char["fontname"]) for char in chars),
            smallest=min(char["size"] for char in chars),
            pictures=sum(len(_pictures_of(page)) for page in own),
        )
