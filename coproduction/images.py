"""Checking and preparing an uploaded image, for any app (partners imports no other app, so this helper lives
here; meetings/uploads.py opens venue photos and picture papers through `open_image` too).

The image is opened with Pillow by its content, never its name. Its size is read from its header before any
pixel is decoded, and one with more pixels than MAX_IMAGE_PIXELS (a setting) is refused there: a 6 KB PNG can
claim 49 megapixels, which would take some 280 MB to decode. Pillow's own limit is set from the same setting,
so its DecompressionBombError gives the same plain message. The image is turned the right way up, made no
larger than needed, and written out again without EXIF, GPS or XMP metadata, so nobody's location leaves with
it.
"""

import io
import math
import warnings
from collections.abc import Collection
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import File
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow's own guard, from the same setting, for every image it opens in this process (uploads, and the
# pictures WeasyPrint prints): it warns above the limit (we treat that as a failure) and fails at twice it.
Image.MAX_IMAGE_PIXELS = settings.MAX_IMAGE_PIXELS

ALLOWED_FORMATS = frozenset({"PNG", "JPEG", "WEBP"})
TYPES_MESSAGE = "The picture must be a PNG, JPEG or WebP image"
NOT_USABLE = "We could not use this picture. Save it again as an ordinary PNG or JPEG and choose it again."


class ImageRejected(ValueError):
    """The image cannot be accepted; the message says why in plain words."""


class ImageTooLarge(ImageRejected):
    """More pixels than we decode (a decompression bomb, or simply far too big)."""


def _megapixels(pixels: int) -> str:
    # Rounded up to a tenth, so a picture just over the limit never reads as exactly the limit.
    return f"{math.ceil(pixels / 100_000) / 10:g}"


def too_large_message(pixels: int) -> str:
    return (
        f"This picture is too large: {_megapixels(pixels)} megapixels. "
        f"Send one of at most {_megapixels(settings.MAX_IMAGE_PIXELS)} megapixels."
    )


@dataclass(frozen=True)
class PreparedImage:
    content: bytes
    extension: str  # ".png" or ".jpg"
    content_type: str
    width: int
    height: int


def max_upload_bytes() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


def open_image(upload: File, allowed: Collection[str] = ALLOWED_FORMATS) -> tuple[Image.Image, str]:
    """Open an uploaded image of one of the `allowed` Pillow formats, checked whole and within the pixel
    budget, fully loaded; and its format. Raises ImageTooLarge (with the size in words) before decoding a
    picture that claims too many pixels, or ImageRejected(TYPES_MESSAGE) for anything else wrong."""
    budget = settings.MAX_IMAGE_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            upload.seek(0)
            with Image.open(upload) as probe:  # reads the header only: nothing is decoded yet
                source_format = probe.format or ""
                if source_format not in allowed:
                    raise ImageRejected(TYPES_MESSAGE)
                if probe.width * probe.height > budget:
                    raise ImageTooLarge(too_large_message(probe.width * probe.height))
                probe.verify()
            upload.seek(0)
            with Image.open(upload) as opened:
                opened.load()
                # A copy in memory, so closing it never closes the uploaded file underneath.
                return opened.copy(), source_format
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as bomb:
            raise ImageTooLarge(too_large_message(_claimed_pixels(bomb, budget))) from None
        except ImageRejected:
            raise
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError) as error:
            raise ImageRejected(TYPES_MESSAGE) from error
        finally:
            upload.seek(0)


def _claimed_pixels(bomb: Exception, budget: int) -> int:
    """The pixel count in Pillow's message ("Image size (49000000 pixels) exceeds ..."), else just over."""
    for word in str(bomb).replace("(", " ").split():
        if word.isascii() and word.isdigit() and int(word) > budget:
            return int(word)
    return budget + 1


def prepare_image(upload: File, *, max_side: int) -> PreparedImage:
    """Check an uploaded image and write it out again: upright, at most `max_side` pixels on its longer side,
    no metadata but its colour profile. JPEGs stay JPEG; PNG and WebP become PNG (every PDF reader and
    browser shows it, and transparency is kept). Raises ImageRejected with a plain message."""
    if not upload.size:
        raise ImageRejected("The file you chose is empty. Choose a picture with something in it.")
    if upload.size >= max_upload_bytes():
        raise ImageRejected(f"The picture must be smaller than {settings.MAX_UPLOAD_MB} MB")
    image, source_format = open_image(upload)
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
