"""Uploaded files are judged by their content: each small check, the name/content agreement, size limits, and
images written out again without location data."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from meetings import uploads
from meetings.uploads import UploadRejected
from tests.factories import (
    make_docx_bytes,
    make_image_bytes,
    make_odt_bytes,
    make_pdf_bytes,
    make_upload,
)


def _file(content: bytes, name: str = "file") -> ContentFile:
    return ContentFile(content, name=name)


def _gps_exif(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    if orientation:
        exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (55.0, 57.0, 12.5)
    gps[3] = "W"
    gps[4] = (3.0, 11.0, 20.0)
    return exif


def _has_gps(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as image:
        return bool(image.getexif().get_ifd(0x8825))


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims the given size: what a decompression bomb looks like."""
    data = bytearray(make_image_bytes("PNG", (1, 1)))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


# ---------------------------------------------------------------- the small checks


def test_is_pdf_reads_the_header_not_the_name():
    assert uploads.is_pdf(_file(make_pdf_bytes(), "report.txt"))
    assert not uploads.is_pdf(_file(b"Just some words about %PDF-", "report.pdf"))


def test_is_docx_needs_the_content_types_and_the_document():
    assert uploads.is_docx(_file(make_docx_bytes()))
    assert not uploads.is_docx(_file(make_odt_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")  # a zip, but no word/document.xml
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert not uploads.is_docx(_file(out.getvalue()))
    assert not uploads.is_docx(_file(b"PK\x03\x04 but not really a zip"))


def test_is_odt_needs_mimetype_first_saying_text():
    assert uploads.is_odt(_file(make_odt_bytes()))
    assert not uploads.is_odt(_file(make_odt_bytes("application/vnd.oasis.opendocument.spreadsheet")))
    assert not uploads.is_odt(_file(make_docx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("content.xml", "<x/>")
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")  # not first
    assert not uploads.is_odt(_file(out.getvalue()))


def test_is_plain_text_is_utf8_without_nul_bytes():
    assert uploads.is_plain_text(_file("Caf\u00e9 \u2013 agenda \u2713\n".encode()))
    assert not uploads.is_plain_text(_file(b"caf\xe9"))  # Latin-1, not UTF-8
    assert not uploads.is_plain_text(_file(b"text\x00with a NUL"))
    # A character split across the boundary of two reads is still text.
    split = b"a" * 65535 + "\u00e9".encode()
    assert uploads.is_plain_text(_file(split))
    # ...and an incomplete character at the very end is not.
    assert not uploads.is_plain_text(_file(b"abc\xc3"))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (make_pdf_bytes(), uploads.PDF),
        (make_docx_bytes(), uploads.DOCX),
        (make_odt_bytes(), uploads.ODT),
        (b"Minutes of the last meeting\n", uploads.TEXT),
        (make_image_bytes("PNG", (20, 20)), uploads.PNG),
        (make_image_bytes("JPEG", (20, 20)), uploads.JPEG),
    ],
)
def test_each_paper_type_is_recognised_by_content(content, expected):
    assert uploads.detect_type(_file(content, "no-extension"), uploads.PAPER_TYPES) is expected


def test_webp_is_a_photo_type_but_not_a_paper_type():
    webp = make_image_bytes("WEBP", (20, 20))
    assert uploads.detect_type(_file(webp), uploads.PAPER_TYPES) is None
    assert uploads.detect_type(_file(webp), uploads.PHOTO_TYPES) is uploads.WEBP


def test_unknown_content_is_nothing():
    assert uploads.detect_type(_file(b"\x00\x01\x02\x03 binary"), uploads.PAPER_TYPES) is None
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("anything.txt", "hello")
    assert uploads.detect_type(_file(out.getvalue()), uploads.PAPER_TYPES) is None


# ---------------------------------------------------------------- papers


def test_a_text_file_called_pdf_is_refused():
    with pytest.raises(UploadRejected, match="This file is called .pdf but it is not a PDF"):
        uploads.check_paper(make_upload("minutes.pdf", b"These are the minutes.\n"))


def test_a_pdf_called_docx_is_refused_and_told_what_it_is():
    with pytest.raises(UploadRejected) as rejected:
        uploads.check_paper(make_upload("plan.docx", make_pdf_bytes()))
    assert "called .docx but it is not a Word (.docx) document" in str(rejected.value)
    assert "It is a PDF" in str(rejected.value)


def test_a_pdf_with_an_unknown_extension_is_refused():
    with pytest.raises(UploadRejected, match="called .exe but it is a PDF"):
        uploads.check_paper(make_upload("plan.exe", make_pdf_bytes()))


def test_content_of_no_allowed_type_gets_the_list_of_types():
    with pytest.raises(UploadRejected) as rejected:
        uploads.check_paper(make_upload("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100))
    assert str(rejected.value) == (
        "The file must be a PDF, Word (.docx), OpenDocument text (.odt), plain text, PNG or JPEG file"
    )


def test_an_empty_file_is_refused():
    with pytest.raises(UploadRejected, match="empty"):
        uploads.check_paper(make_upload("empty.txt", b""))


def test_the_size_limit_comes_from_settings(settings):
    settings.MAX_UPLOAD_MB = 1
    big = b"word " * (1024 * 1024 // 5 + 10)
    with pytest.raises(UploadRejected, match="The file must be smaller than 1 MB"):
        uploads.check_paper(make_upload("big.txt", big))
    settings.MAX_UPLOAD_MB = 2
    assert uploads.check_paper(make_upload("big.txt", big)).file_type is uploads.TEXT


def test_accepted_papers_keep_their_type_and_a_safe_name():
    checked = uploads.check_paper(make_upload("../../etc/Terms of\r\nreference\x00.docx", make_docx_bytes()))
    assert checked.file_type is uploads.DOCX
    assert checked.original_name == "Terms of reference.docx"
    assert checked.size == len(make_docx_bytes())
    assert uploads.check_paper(make_upload("notes", b"no extension at all")).file_type is uploads.TEXT


def test_display_name_never_keeps_a_path_or_goes_empty():
    assert uploads.display_name("C:\\Users\\morag\\report.pdf") == "report.pdf"
    assert uploads.display_name("...", uploads.PDF) == "paper.pdf"
    assert len(uploads.display_name("a" * 400 + ".pdf")) <= 200
    assert uploads.display_name("a" * 400 + ".pdf").endswith(".pdf")


def test_an_image_paper_loses_its_location_data():
    source = make_image_bytes("JPEG", (300, 200), exif=_gps_exif())
    assert _has_gps(source)
    checked = uploads.check_paper(make_upload("flipchart.jpg", source))
    stored = checked.content.read()
    assert checked.file_type is uploads.JPEG
    assert checked.size == len(stored)
    assert not _has_gps(stored)
    assert b"PhoneMaker" not in stored


# ---------------------------------------------------------------- images


def test_a_truncated_image_is_refused():
    whole = make_image_bytes("JPEG", (400, 300))
    with pytest.raises(UploadRejected):
        uploads.open_image(_file(whole[: len(whole) // 2]), uploads.PHOTO_TYPES)


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    # Past Pillow's own hard limit: Pillow refuses to open it at all.
    with pytest.raises(uploads.ImageTooLarge, match="too large"):
        uploads.open_image(_file(_png_claiming(100_000, 100_000)), uploads.PHOTO_TYPES)
    # Past our lower limit, though Pillow would only have warned.
    with pytest.raises(uploads.ImageTooLarge, match="too large"):
        uploads.open_image(_file(_png_claiming(8_000, 8_000)), uploads.PHOTO_TYPES)
    with pytest.raises(uploads.ImageTooLarge):
        uploads.prepare_photo(make_upload("bomb.png", _png_claiming(100_000, 100_000)))
    with pytest.raises(uploads.ImageTooLarge):
        uploads.check_paper(make_upload("bomb.png", _png_claiming(8_000, 8_000)))


def test_pillows_warning_counts_as_a_failure(monkeypatch, settings):
    # Pillow warns between its limit and twice it; we turn the warning into a refusal.
    settings.MAX_IMAGE_PIXELS = 10**12
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(uploads.ImageTooLarge):
        uploads.open_image(_file(make_image_bytes("PNG", (40, 40))), uploads.PHOTO_TYPES)


def test_a_photo_is_turned_upright_resized_and_stripped_of_location():
    source = make_image_bytes("JPEG", (3200, 2000), exif=_gps_exif(orientation=6))
    assert _has_gps(source)
    prepared = uploads.prepare_photo(make_upload("IMG_0001.JPG", source))
    display = prepared.display.read()
    thumbnail = prepared.thumbnail.read()
    # Orientation 6 means "turn 90 degrees clockwise": the wide photo becomes tall.
    assert (prepared.width, prepared.height) == (1000, 1600)
    for data, longest in ((display, 1600), (thumbnail, 400)):
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "JPEG"
            assert max(image.size) == longest
            assert image.height > image.width
            assert not image.getexif()
        assert not _has_gps(data)
        assert b"PhoneMaker" not in data


def test_xmp_and_comments_do_not_survive():
    image = Image.new("RGB", (50, 50), (10, 10, 10))
    out = io.BytesIO()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>55,57N</exif:GPSLatitude></x:xmpmeta>'
    image.save(out, "JPEG", xmp=xmp, comment=b"Taken at 12 High Street")
    assert b"GPSLatitude" in out.getvalue()
    prepared = uploads.prepare_photo(make_upload("room.jpg", out.getvalue()))
    data = prepared.display.read()
    assert b"GPSLatitude" not in data
    assert b"High Street" not in data


def test_small_photos_are_not_enlarged_and_png_and_webp_keep_their_kind():
    png = uploads.prepare_photo(make_upload("room.png", make_image_bytes("PNG", (300, 200))))
    assert (png.width, png.height, png.file_type) == (300, 200, uploads.PNG)
    webp = uploads.prepare_photo(make_upload("room.webp", make_image_bytes("WEBP", (300, 200))))
    assert webp.file_type is uploads.WEBP
    with Image.open(io.BytesIO(webp.display.read())) as image:
        assert image.format == "WEBP"


def test_photos_must_be_images_whatever_they_are_called():
    with pytest.raises(UploadRejected, match="The photo must be a JPEG, PNG or WebP image"):
        uploads.prepare_photo(make_upload("entrance.jpg", b"This is not a photo at all"))
    with pytest.raises(UploadRejected, match="The photo must be a JPEG, PNG or WebP image"):
        uploads.prepare_photo(make_upload("entrance.jpg", make_pdf_bytes()))
    with pytest.raises(UploadRejected, match="called .jpg but it is not a JPEG"):
        uploads.prepare_photo(make_upload("entrance.jpg", make_image_bytes("PNG", (20, 20))))


def test_type_labels_and_stored_content_types():
    assert uploads.type_label(uploads.PDF.content_type) == "PDF"
    assert uploads.type_label("application/x-unknown") == "File"
    assert uploads.content_type_for_name("venues/2026/abc-thumb.webp") == "image/webp"
    assert uploads.content_type_for_name("venues/2026/abc.exe") == "application/octet-stream"
