"""Checking uploaded files by what they contain, never by what they are called.

Papers may be PDF, Word (.docx), OpenDocument text (.odt), plain text, PNG or JPEG; venue photos JPEG, PNG or
WebP. Each check is a small function reading the file itself. The name only has to agree with the content,
so a text file renamed `.pdf` is refused rather than served as something it is not. Images are opened with
Pillow through `coproduction.images` (which refuses one with too many pixels before decoding it), turned the
right way up and written out again without their EXIF, GPS or XMP metadata, so nobody's location leaves with
a photo.
"""

import codecs
import io
import os
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.http import FileResponse, Http404
from PIL import Image, ImageOps

from coproduction import images

PAPER_TYPES_MESSAGE = (
    "The file must be a PDF, Word (.docx), OpenDocument text (.odt), plain text, PNG or JPEG file"
)
PHOTO_TYPES_MESSAGE = "The photo must be a JPEG, PNG or WebP image"

DISPLAY_SIDE = 1600
THUMBNAIL_SIDE = 400


class UploadRejected(ValueError):
    """The file cannot be accepted; the message says why in plain words."""


class ImageTooLarge(UploadRejected):
    """More pixels than we are willing to decode (a decompression bomb, or simply far too big)."""


@dataclass(frozen=True)
class FileType:
    code: str
    label: str  # as people say it: "a PDF", "a Word document"
    content_type: str
    extension: str  # what we store it as
    extensions: frozenset[str]  # names it may be called by

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


PDF = FileType("pdf", "a PDF", "application/pdf", ".pdf", frozenset({".pdf"}))
DOCX = FileType(
    "docx",
    "a Word (.docx) document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".docx",
    frozenset({".docx"}),
)
ODT = FileType(
    "odt", "an OpenDocument text", "application/vnd.oasis.opendocument.text", ".odt", frozenset({".odt"})
)
TEXT = FileType(
    "text", "plain text", "text/plain; charset=utf-8", ".txt", frozenset({".txt", ".text", ".md", ".csv"})
)
PNG = FileType("png", "a PNG image", "image/png", ".png", frozenset({".png"}))
JPEG = FileType("jpeg", "a JPEG image", "image/jpeg", ".jpg", frozenset({".jpg", ".jpeg", ".jpe"}))
WEBP = FileType("webp", "a WebP image", "image/webp", ".webp", frozenset({".webp"}))

PAPER_TYPES = (PDF, DOCX, ODT, TEXT, PNG, JPEG)
PHOTO_TYPES = (JPEG, PNG, WEBP)
ALL_TYPES = (PDF, DOCX, ODT, TEXT, PNG, JPEG, WEBP)
_PILLOW_FORMATS = {"JPEG": JPEG, "PNG": PNG, "WEBP": WEBP}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


# ---------------------------------------------------------------- size


def max_upload_bytes() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


def check_size(upload: File) -> None:
    """Refuse an empty file or one over the limit set in settings (MAX_UPLOAD_MB)."""
    if not upload.size:
        raise UploadRejected("The file you chose is empty. Choose a file with something in it.")
    if upload.size >= max_upload_bytes():
        raise UploadRejected(f"The file must be smaller than {settings.MAX_UPLOAD_MB} MB")


# ---------------------------------------------------------------- what the content is


def _head(upload: File, n: int = 16) -> bytes:
    upload.seek(0)
    head = upload.read(n)
    upload.seek(0)
    return head


def is_pdf(upload: File) -> bool:
    return _head(upload, 5) == b"%PDF-"


def _zip_names(upload: File) -> list[str] | None:
    """The member names of a zip file, in order, without extracting anything; None if it is not a zip."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return [info.filename for info in archive.infolist()]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        upload.seek(0)


def is_docx(upload: File) -> bool:
    """A Word document: a zip holding `[Content_Types].xml` and `word/document.xml`."""
    if _head(upload, 4) != b"PK\x03\x04":
        return False
    names = _zip_names(upload)
    return names is not None and {"[Content_Types].xml", "word/document.xml"} <= set(names)


def is_odt(upload: File) -> bool:
    """An OpenDocument text: a zip whose first member is `mimetype`, saying it is a text document."""
    if _head(upload, 4) != b"PK\x03\x04":
        return False
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            if not members or members[0].filename != "mimetype":
                return False
            with archive.open(members[0]) as mimetype:
                # Read a little more than the expected value, never the whole (possibly huge) member.
                return mimetype.read(len(ODT_MIMETYPE) + 1).strip() == ODT_MIMETYPE
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        return False
    finally:
        upload.seek(0)


def is_plain_text(upload: File) -> bool:
    """Plain text: the whole file decodes as UTF-8 and holds no NUL bytes."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    upload.seek(0)
    try:
        for chunk in iter(lambda: upload.read(65536), b""):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        upload.seek(0)
    return True


def _looks_like_image(head: bytes) -> bool:
    return (
        head.startswith(b"\x89PNG\r\n\x1a\n")
        or head.startswith(b"\xff\xd8\xff")
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
    )


def open_image(upload: File, allowed: tuple[FileType, ...]) -> tuple[Image.Image, FileType]:
    """Open an image with Pillow and check it is whole, of an allowed kind and within the pixel budget
    (MAX_IMAGE_PIXELS, read from its header before anything is decoded: `coproduction.images`).

    Returns the image, fully loaded. Raises ImageTooLarge (saying how many megapixels it has and may have)
    or UploadRejected.
    """
    formats = {name for name, file_type in _PILLOW_FORMATS.items() if file_type in allowed}
    try:
        image, source_format = images.open_image(upload, formats)
    except images.ImageTooLarge as too_large:
        raise ImageTooLarge(str(too_large)) from None
    except images.ImageRejected as rejected:
        raise UploadRejected("not an allowed image") from rejected
    return image, _PILLOW_FORMATS[source_format]


def detect_type(upload: File, allowed: tuple[FileType, ...]) -> FileType | None:
    """Which of the allowed types the content is, or None. Images are opened with Pillow."""
    head = _head(upload, 16)
    if PDF in allowed and is_pdf(upload):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        if DOCX in allowed and is_docx(upload):
            return DOCX
        if ODT in allowed and is_odt(upload):
            return ODT
        return None
    if _looks_like_image(head):
        try:
            image, file_type = open_image(upload, allowed)
        except ImageTooLarge:
            raise
        except UploadRejected:
            return None
        image.close()
        return file_type
    if TEXT in allowed and is_plain_text(upload):
        return TEXT
    return None


def _type_for_extension(extension: str) -> FileType | None:
    return next((t for t in ALL_TYPES if extension in t.extensions), None)


def check_name(name: str, file_type: FileType) -> None:
    """Refuse a file whose name says it is something its content is not."""
    extension = os.path.splitext(name)[1].lower()
    if not extension or extension in file_type.extensions:
        return
    claimed = _type_for_extension(extension)
    if claimed is not None:
        raise UploadRejected(
            f"This file is called {extension} but it is not {claimed.label}. It is {file_type.label}: "
            f"rename it to end in {file_type.extension} and choose it again."
        )
    raise UploadRejected(
        f"This file is called {extension} but it is {file_type.label}. "
        f"Rename it to end in {file_type.extension} and choose it again."
    )


def display_name(name: str, file_type: FileType | None = None) -> str:
    """The uploaded file's name, safe to show and to offer as a download name (never a storage path)."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    # Line breaks and tabs become spaces; other control and invisible format characters go.
    name = "".join(
        " " if ch.isspace() else ch for ch in name if ch.isspace() or unicodedata.category(ch)[0] != "C"
    )
    name = " ".join(name.split()).strip(". ")
    if not name:
        name = "paper" + (file_type.extension if file_type else "")
    if len(name) > 200:
        stem, extension = os.path.splitext(name)
        name = stem[: 200 - len(extension[:20])] + extension[:20]
    return name


# ---------------------------------------------------------------- images written out again


def _strip(image: Image.Image) -> Image.Image:
    """Turn the image the right way up and drop every piece of metadata except its colour profile."""
    upright = ImageOps.exif_transpose(image)
    icc_profile = image.info.get("icc_profile")
    upright.info = {"icc_profile": icc_profile} if icc_profile else {}
    return upright


def _encode(image: Image.Image, file_type: FileType) -> bytes:
    try:
        return _encode_unchecked(image, file_type)
    except (OSError, ValueError) as error:  # an unusual colour mode Pillow cannot convert or write
        raise UploadRejected(
            "We could not use this image. Save it again as an ordinary JPEG or PNG and choose it again."
        ) from error


def _encode_unchecked(image: Image.Image, file_type: FileType) -> bytes:
    if file_type is JPEG and image.mode not in {"RGB", "L"}:
        image = image.convert("RGB")
    elif file_type is not JPEG and image.mode not in {"RGB", "RGBA", "L", "LA"}:
        image = image.convert("RGBA")
    out = io.BytesIO()
    options = {"icc_profile": image.info["icc_profile"]} if image.info.get("icc_profile") else {}
    if file_type is JPEG:
        image.save(out, "JPEG", quality=85, optimize=True, **options)
    elif file_type is WEBP:
        image.save(out, "WEBP", quality=85, **options)
    else:
        image.save(out, "PNG", optimize=True, **options)
    return out.getvalue()


def _resized(image: Image.Image, side: int) -> Image.Image:
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    copy.info = dict(image.info)
    return copy


@dataclass(frozen=True)
class PreparedPhoto:
    file_type: FileType
    display: ContentFile
    thumbnail: ContentFile
    width: int
    height: int


def prepare_photo(upload: File) -> PreparedPhoto:
    """A venue photo, checked and written out again: a display size and a thumbnail, no location data."""
    check_size(upload)
    if not _looks_like_image(_head(upload, 16)):
        raise UploadRejected(PHOTO_TYPES_MESSAGE)
    try:
        image, file_type = open_image(upload, PHOTO_TYPES)
    except ImageTooLarge:
        raise
    except UploadRejected:
        raise UploadRejected(PHOTO_TYPES_MESSAGE) from None
    check_name(getattr(upload, "name", "") or "", file_type)
    with image:
        clean = _strip(image)
    display = _resized(clean, DISPLAY_SIDE)
    thumbnail = _resized(clean, THUMBNAIL_SIDE)
    return PreparedPhoto(
        file_type=file_type,
        display=ContentFile(_encode(display, file_type)),
        thumbnail=ContentFile(_encode(thumbnail, file_type)),
        width=display.width,
        height=display.height,
    )


@dataclass(frozen=True)
class CheckedFile:
    file_type: FileType
    content: File  # what to store: the upload itself, or an image written out again without metadata
    size: int
    original_name: str


def check_paper(upload: File) -> CheckedFile:
    """A paper, checked by content. PNG and JPEG papers are written out again without location data."""
    check_size(upload)
    file_type = detect_type(upload, PAPER_TYPES)
    if file_type is None:
        raise UploadRejected(PAPER_TYPES_MESSAGE)
    name = getattr(upload, "name", "") or ""
    check_name(name, file_type)
    content: File = upload
    size = upload.size
    if file_type.is_image:
        image, _ = open_image(upload, PAPER_TYPES)
        with image:
            data = _encode(_strip(image), file_type)
        content, size = ContentFile(data), len(data)
    upload.seek(0)
    return CheckedFile(
        file_type=file_type, content=content, size=size, original_name=display_name(name, file_type)
    )


_SHORT_LABELS = {
    PDF.content_type: "PDF",
    DOCX.content_type: "Word document",
    ODT.content_type: "OpenDocument text",
    TEXT.content_type: "Plain text",
    PNG.content_type: "PNG image",
    JPEG.content_type: "JPEG image",
    WEBP.content_type: "WebP image",
}


def type_label(content_type: str) -> str:
    """What kind of file it is, in words for a download link: "PDF", "Word document"."""
    return _SHORT_LABELS.get(content_type, "File")


def content_type_for_name(name: str) -> str:
    """The content type of a stored photo, from the extension we gave it when we stored it."""
    extension = os.path.splitext(name)[1].lower()
    file_type = _type_for_extension(extension)
    return file_type.content_type if file_type is not None else "application/octet-stream"


# ---------------------------------------------------------------- serving stored files


def private_file_response(
    field_file, *, content_type: str, filename: str, as_attachment: bool
) -> FileResponse:
    """A stored file, served only by a view that has already checked access. Never cached by shared caches,
    never sniffed into something else, and sandboxed if a browser shows it."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=as_attachment, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    )
    return response
