"""Checking and preparing an uploaded image, for any app (partners imports no other app, so this small
helper lives here rather than in meetings/uploads.py, which does the same for venue photos and papers).

The image is opened with Pillow by its content, never its name; one that claims more pixels than we will
decode is refused before decoding (a few kilobytes of PNG can claim billions); it is turned the right way
up, made no larger than needed, and written out again without EXIF, GPS or XMP metadata, so nobody's
location leaves with it.
"""

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import File
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_IMAGE_PIXELS = 50_000_000  # more than a phone camera makes
ALLOWED_FORMATS = frozenset({"PNG", "JPEG", "WEBP"})
TYPES_MESSAGE = "The picture must be a PNG, JPEG or WebP image"
TOO_MANY_PIXELS = (
    "The picture is too large to use. Make it smaller (under 50 megapixels) and choose it again."
)
NOT_USABLE = "We could not use this picture. Save it again as an ordinary PNG or JPEG and choose it again."


class ImageRejected(ValueError):
    """The image cannot be accepted; the message says why in plain words."""


@dataclass(frozen=True)
class PreparedImage:
    content: bytes
    extension: str  # ".png" or ".jpg"
    content_type: str
    width: int
    height: int


def max_upload_bytes() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


def _open(upload: File) -> tuple[Image.Image, str]:
    with warnings.catch_warnings():
        # Pillow only warns above its own limit and fails at twice that: treat the warning as a failure.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            upload.seek(0)
            with Image.open(upload) as probe:
                source_format = probe.format or ""
                if source_format not in ALLOWED_FORMATS:
                    raise ImageRejected(TYPES_MESSAGE)
                if probe.width * probe.height > MAX_IMAGE_PIXELS:
                    raise ImageRejected(TOO_MANY_PIXELS)
                probe.verify()
            upload.seek(0)
            with Image.open(upload) as opened:
                opened.load()
                # A copy in memory, so closing it never closes the uploaded file underneath.
                return opened.copy(), source_format
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageRejected(TOO_MANY_PIXELS) from None
        except ImageRejected:
            raise
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError) as error:
            raise ImageRejected(TYPES_MESSAGE) from error
        finally:
            upload.seek(0)


def prepare_image(upload: File, *, max_side: int) -> PreparedImage:
    """Check an uploaded image and write it out again: upright, at most `max_side` pixels on its longer side,
    no metadata but its colour profile. JPEGs stay JPEG; PNG and WebP become PNG (every PDF reader and
    browser shows it, and transparency is kept). Raises ImageRejected with a plain message."""
    if not upload.size:
        raise ImageRejected("The file you chose is empty. Choose a picture with something in it.")
    if upload.size >= max_upload_bytes():
        raise ImageRejected(f"The picture must be smaller than {settings.MAX_UPLOAD_MB} MB")
    image, source_format = _open(upload)
    with image:
        icc_profile = image.info.get("icc_profile")
        try:
            upright = ImageOps.exif_transpose(image)
            upright.info = {}  # no EXIF, GPS, XMP or text chunks go out again (the profile is passed below)
            upright.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            options = {"icc_profile": icc_profile} if icc_profile else {}
            if source_format == "JPEG":
                if upright.mode not in {"RGB", "L"}:
                    upright = upright.convert("RGB")
                upright.save(out, "JPEG", quality=85, optimize=True, **options)
                extension, content_type = ".jpg", "image/jpeg"
            else:
                if upright.mode not in {"RGB", "RGBA", "L", "LA"}:
                    upright = upright.convert("RGBA")
                upright.save(out, "PNG", optimize=True, **options)
                extension, content_type = ".png", "image/png"
        except (OSError, ValueError) as error:  # an unusual colour mode Pillow cannot convert or write
            raise ImageRejected(NOT_USABLE) from error
    return PreparedImage(
        content=out.getvalue(),
        extension=extension,
        content_type=content_type,
        width=upright.width,
        height=upright.height,
    )
