"""Picture codes for easy read, resolved for the web and for print.

"openmoji:<HEX>" names a picture of the bundled OpenMoji set (static/easyread/manifest.json, CC BY-SA 4.0,
credited in every document that uses one); "upload:<pk>" names a picture the partnership uploaded
(`partners.models.Picture`: the partnership's own data, added and removed on its pictures page).
"""

import base64
import functools
import json
import mimetypes
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

from coproduction.params import parse_int
from coproduction.rows import row_url
from partners.models import Partnership, Picture

CREDIT = "Pictures: OpenMoji (openmoji.org), CC BY-SA 4.0"
OPENMOJI = "openmoji:"
UPLOAD = "upload:"
MANIFEST = "easyread/manifest.json"
UPLOADED_THEME = "Pictures your partnership added"


@dataclass(frozen=True)
class PictureChoice:
    code: str  # "openmoji:1F4C5" or "upload:12"
    name: str  # what it shows in a word or two: the label people choose it by
    alt: str  # the alt text in documents
    url: str  # where a browser gets it
    theme: str = ""  # the group it is shown in on the picture chooser


@functools.cache
def bundled() -> dict[str, PictureChoice]:
    """The curated OpenMoji pictures, by code, in the manifest's order (grouped by theme)."""
    path = finders.find(MANIFEST)
    if not path:
        return {}
    with open(path, encoding="utf-8") as manifest:
        entries = json.load(manifest)
    return {
        entry["code"]: PictureChoice(
            code=entry["code"],
            name=entry["name"],
            alt=entry["alt"],
            url=static(f"easyread/{entry['file']}"),
            theme=entry.get("theme", ""),
        )
        for entry in entries
    }


@functools.cache
def _bundled_files() -> dict[str, str]:
    path = finders.find(MANIFEST)
    if not path:
        return {}
    with open(path, encoding="utf-8") as manifest:
        return {entry["code"]: entry["file"] for entry in json.load(manifest)}


def upload_code(picture: Picture) -> str:
    return f"{UPLOAD}{picture.pk}"


def _upload_pk(code: str) -> int | None:
    if not code.startswith(UPLOAD):
        return None
    number = parse_int(code[len(UPLOAD) :], minimum=1)
    # A number no database key can be ("upload:²", twenty digits) is no picture, not an error.
    return number if number is not None and number < 2**63 else None


def _upload_url(picture: Picture, slug: str) -> str:
    return reverse("partners:picture_file", kwargs={"slug": slug, "pk": picture.pk})


def uploaded_choice(picture: Picture, slug: str) -> PictureChoice:
    return PictureChoice(
        code=upload_code(picture),
        name=picture.name,
        alt=picture.alt_text,
        url=_upload_url(picture, slug),
        theme=UPLOADED_THEME,
    )


def _uploaded_choices(rows: Iterable[Picture], slug: str) -> list[PictureChoice]:
    url = row_url("partners:picture_file", slug)
    return [
        PictureChoice(code=upload_code(p), name=p.name, alt=p.alt_text, url=url(p.pk), theme=UPLOADED_THEME)
        for p in rows
    ]


def pictures(partnership: Partnership) -> list[PictureChoice]:
    """Every picture this partnership can choose: its own uploads first, then the bundled set. One query."""
    uploads = _uploaded_choices(Picture.objects.filter(partnership=partnership), partnership.slug)
    return uploads + list(bundled().values())


def recent_uploads(partnership: Partnership, limit: int) -> tuple[list[PictureChoice], bool]:
    """The partnership's `limit` most recently added pictures, newest first, and whether it has older ones
    too. One query, whatever the number of pictures."""
    rows = list(Picture.objects.filter(partnership=partnership).order_by("-created_at", "-pk")[: limit + 1])
    return _uploaded_choices(rows[:limit], partnership.slug), len(rows) > limit


def picture_named(partnership: Partnership, name: str) -> PictureChoice | None:
    """The picture people call by this name (any case, spaces tidied): the partnership's own (the newest, if
    two have the same name), else a bundled one. None when nothing has that name. At most one query."""
    name = " ".join((name or "").split())
    if not name or "\x00" in name:  # PostgreSQL refuses a NUL byte in a query: no picture has one
        return None
    picture = (
        Picture.objects.filter(partnership=partnership, name__iexact=name)
        .order_by("-created_at", "-pk")
        .first()
    )
    if picture is not None:
        return uploaded_choice(picture, partnership.slug)
    wanted = name.casefold()
    return next((p for p in bundled().values() if p.name.casefold() == wanted), None)


def picture_choices(codes: Iterable[str], partnership: Partnership) -> dict[str, PictureChoice]:
    """The pictures these codes name, for pages and documents showing many at once. At most one query; codes
    that name nothing (or another partnership's upload) are left out."""
    codes = {code for code in codes if code}
    found = {code: bundled()[code] for code in codes if code in bundled()}
    pks = {pk for pk in map(_upload_pk, codes) if pk is not None}
    if pks:
        rows = Picture.objects.filter(partnership=partnership, pk__in=pks)
        found.update((choice.code, choice) for choice in _uploaded_choices(rows, partnership.slug))
    return found


def _uploaded(code: str) -> Picture | None:
    pk = _upload_pk(code)
    if pk is None:
        return None
    return Picture.objects.select_related("partnership").filter(pk=pk).first()


def picture_url(code: str, partnership: Partnership | None = None) -> str:
    """Where a browser gets the picture: a static URL for the bundled set, the access-checked view for an
    upload. "" for a code that names nothing (and for another partnership's upload when `partnership` is
    given)."""
    if not code:
        return ""
    if code in bundled():
        return bundled()[code].url
    picture = _uploaded(code)
    if picture is None or (partnership is not None and picture.partnership_id != partnership.pk):
        return ""
    return _upload_url(picture, picture.partnership.slug)


def picture_alt(code: str) -> str:
    """The picture's alt text for documents; "" for a code that names nothing."""
    if not code:
        return ""
    if code in bundled():
        return bundled()[code].alt
    picture = _uploaded(code)
    return picture.alt_text if picture else ""


def picture_file(code: str) -> str | None:
    """The picture as WeasyPrint can load it with no network: a file:// URL of the bundled SVG or of the
    uploaded image (a data: URL where the storage has no local files). None if the code names nothing or
    the file is missing, so a document leaves the picture out rather than failing."""
    if not code:
        return None
    if code in bundled():
        path = finders.find(f"easyread/{_bundled_files()[code]}")
        return Path(path).resolve().as_uri() if path else None
    picture = _uploaded(code)
    if picture is None or not picture.image:
        return None
    try:
        path = picture.image.path
    except NotImplementedError:  # a storage without local files (object storage): inline the bytes
        try:
            with picture.image.open("rb") as stored:
                data = stored.read()
        except (FileNotFoundError, OSError):
            return None
        content_type = mimetypes.guess_type(picture.image.name)[0] or "image/png"
        return f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"
    return Path(path).resolve().as_uri() if os.path.exists(path) else None


def credit_for(codes: Iterable[str]) -> str:
    """The credit a document must carry when it uses a bundled OpenMoji picture; "" when it uses none."""
    return CREDIT if any(code in bundled() for code in codes if code) else ""


def with_easy_pictures(points, partnership: Partnership, user) -> None:
    """For someone who reads easy read first: each point's picture as `point.easy_picture`, ready for the
    include "coproduction/easy_read/_words.html" (one query at most)."""
    if not user.easy_read_first:
        return
    found = picture_choices([p.easy_read_picture for p in points], partnership)
    for point in points:
        point.easy_picture = found.get(point.easy_read_picture)
