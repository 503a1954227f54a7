"""Test data made through the same models and services the app uses."""

import itertools

from allauth.account.models import EmailAddress

from partners.models import AccessNeed, Membership, PartnerGroup, Partnership, Role, User

PASSWORD = "correct-horse-battery"
_numbers = itertools.count(1)


def make_user(
    email: str | None = None, *, full_name: str | None = None, password: str = PASSWORD, **fields
) -> User:
    n = next(_numbers)
    email = email or f"person{n}@example.org"
    user = User.objects.create_user(
        email=email, password=password, full_name=full_name or f"Person {n}", **fields
    )
    # Invited people's addresses are verified by the invitation link; tests start from there.
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def make_partnership(name: str | None = None, *, slug: str | None = None, **fields) -> Partnership:
    n = next(_numbers)
    return Partnership.objects.create(
        name=name or f"Partnership {n}", slug=slug or f"partnership-{n}", **fields
    )


def make_group(
    partnership: Partnership, name: str | None = None, kind: str = PartnerGroup.Kind.DPO
) -> PartnerGroup:
    return PartnerGroup.objects.create(
        partnership=partnership, name=name or f"Group {next(_numbers)}", kind=kind
    )


def make_member(
    partnership: Partnership, person: User | None = None, *, role: str = Role.MEMBER, **fields
) -> Membership:
    return Membership.objects.create(
        partnership=partnership, person=person or make_user(), role=role, **fields
    )


def make_need(person: User, code: str = "large_print", **fields) -> AccessNeed:
    return AccessNeed.objects.create(person=person, code=code, **fields)


def make_meeting(partnership: Partnership, *, days_ahead: int | None = None, hours: float = 2.5, **fields):
    """A meeting `days_ahead` days from now at 10:00 (the partnership's time), with the standing agenda."""
    from datetime import datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from meetings.models import Meeting
    from meetings.services.meetings import meeting_create

    if days_ahead is None:
        # Meetings of one partnership may not overlap: each new one goes on a day of its own.
        days_ahead = 14 + Meeting.objects.filter(partnership=partnership).count()
    day = timezone.localdate() + timedelta(days=days_ahead)
    starts = datetime.combine(day, time(10, 0), tzinfo=ZoneInfo(partnership.time_zone))
    fields.setdefault("title", f"Partnership meeting {next(_numbers)}")
    creator = fields.pop("created_by", None) or make_user()
    return meeting_create(
        partnership=partnership,
        created_by=creator,
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        **fields,
    )


def make_venue(partnership: Partnership, **fields):
    from meetings.models import Venue

    fields.setdefault("name", f"Venue {next(_numbers)}")
    fields.setdefault("address", "1 High Street, Riverside")
    return Venue.objects.create(partnership=partnership, **fields)


def _next_number(model, partnership_id: int, year: int) -> int:
    from django.db.models import Max

    last = model.objects.filter(partnership_id=partnership_id, year=year).aggregate(Max("number"))
    return (last["number__max"] or 0) + 1


def make_decision(meeting, *, year: int | None = None, number: int | None = None, **fields):
    """A decision of `meeting`, made directly so a test can choose its year (the service uses this year)."""
    from django.utils import timezone

    from meetings.models import Decision

    year = year or timezone.localdate().year
    number = number or _next_number(Decision, meeting.partnership_id, year)
    fields.setdefault("text", f"We agree plan {next(_numbers)}.")
    return Decision.objects.create(
        partnership_id=meeting.partnership_id, meeting=meeting, year=year, number=number, **fields
    )


def make_action_point(
    meeting, *, year: int | None = None, number: int | None = None, due_in_days: int = 14, **fields
):
    """An action point from `meeting`, owned by `owner_person` or `owner_group` (a new member if neither)."""
    from datetime import timedelta

    from django.utils import timezone

    from meetings.models import ActionPoint

    year = year or timezone.localdate().year
    number = number or _next_number(ActionPoint, meeting.partnership_id, year)
    if not fields.get("owner_person") and not fields.get("owner_group"):
        fields["owner_person"] = make_member(meeting.partnership).person
    fields.setdefault("text", f"Book the room for meeting {next(_numbers)}.")
    fields.setdefault("due_on", timezone.localdate() + timedelta(days=due_in_days))
    return ActionPoint.objects.create(
        partnership_id=meeting.partnership_id, meeting=meeting, year=year, number=number, **fields
    )


# ---------------------------------------------------------------- files for papers and venue photos


def make_image_bytes(
    fmt: str = "JPEG", size: tuple[int, int] = (800, 600), *, colour=(40, 120, 200), exif=None
) -> bytes:
    """A real image made with Pillow, optionally carrying EXIF (an `Image.Exif`)."""
    import io

    from PIL import Image

    image = Image.new("RGB", size, colour)
    # Two colours, so a picture turned the wrong way up can be told apart from one turned right.
    image.paste((250, 250, 250), (0, 0, size[0] // 2, size[1] // 4))
    out = io.BytesIO()
    image.save(out, fmt, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def make_pdf_bytes() -> bytes:
    """A real one-page PDF, made with Pillow; the same bytes every time (its dates are fixed)."""
    import io
    import time

    from PIL import Image

    out = io.BytesIO()
    fixed = time.strptime("2026-03-03 10:00", "%Y-%m-%d %H:%M")
    Image.new("RGB", (60, 80), (255, 255, 255)).save(out, "PDF", creationDate=fixed, modDate=fixed)
    return out.getvalue()


def make_docx_bytes() -> bytes:
    """The smallest Word document Word opens: the parts a .docx is recognised by."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
            '2006/main"><w:body><w:p><w:r><w:t>Terms of reference</w:t></w:r></w:p></w:body></w:document>',
        )
    return out.getvalue()


def make_odt_bytes(mimetype: str = "application/vnd.oasis.opendocument.text") -> bytes:
    """An OpenDocument text: `mimetype` first and stored uncompressed, as the standard requires."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "content.xml",
            '<?xml version="1.0"?><office:document-content/>',
            compress_type=zipfile.ZIP_DEFLATED,
        )
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest/>')
    return out.getvalue()


def make_upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def make_paper(partnership, *, meeting=None, agenda_item=None, uploaded_by=None, **fields):
    """A paper with a first, standard version (a PDF), made through the papers service."""
    from meetings.services.papers import paper_add
    from meetings.uploads import check_paper

    fields.setdefault("title", f"Paper {next(_numbers)}")
    fields.setdefault("description", "")
    content = fields.pop("content", None) or make_pdf_bytes()
    name = fields.pop("filename", "paper.pdf")
    return paper_add(
        partnership=partnership,
        meeting=meeting,
        agenda_item=agenda_item,
        format=fields.pop("format", "standard"),
        checked=check_paper(make_upload(name, content)),
        uploaded_by=uploaded_by or make_user(),
        **fields,
    )


def make_venue_photo(venue, *, uploaded_by=None, **fields):
    """A venue photo made through the same checks and service as an upload."""
    from meetings.services.venues import venue_photo_add
    from meetings.uploads import prepare_photo

    content = fields.pop("content", None) or make_image_bytes("JPEG", (640, 480))
    return venue_photo_add(
        venue=venue,
        prepared=prepare_photo(make_upload(fields.pop("filename", "entrance.jpg"), content)),
        kind=fields.pop("kind", "entrance"),
        alt_text=fields.pop("alt_text", "Level entrance with automatic doors"),
        uploaded_by=uploaded_by or make_user(),
    )


def make_minutes(meeting, *, texts: dict | None = None, by=None):
    """A meeting's minutes, with `texts` (agenda item -> words) saved through the same service as the page.
    Without `texts`, every non-break agenda item gets a line."""
    from meetings.services.minutes import minute_items, minutes_for, minutes_save

    minutes = minutes_for(meeting)
    if texts is None:
        texts = {item: f"We talked about {item.title.lower()}." for item in minute_items(meeting)}
    if texts:
        minutes_save(
            minutes=minutes,
            revision=minutes.revision,
            texts={item.pk: text for item, text in texts.items()},
            by=by or make_user(),
        )
    return minutes
