"""Venues and their photos: storing photos without location data, and removing venues safely."""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from partners.models import User

from ..models import Meeting, Venue, VenuePhoto
from ..uploads import PreparedPhoto


def _delete_files_after_commit(*files) -> None:
    """Remove stored files once the rows are gone for good (never before, so a rollback loses nothing)."""
    names = [(f.storage, f.name) for f in files if f]

    def remove() -> None:
        for storage, name in names:
            storage.delete(name)

    transaction.on_commit(remove)


@transaction.atomic
def venue_photo_add(
    *, venue: Venue, prepared: PreparedPhoto, kind: str, alt_text: str, uploaded_by: User
) -> VenuePhoto:
    """Store a photo checked and written out again by `uploads.prepare_photo`, under a name of our own."""
    photo = VenuePhoto(
        partnership_id=venue.partnership_id,
        venue=venue,
        kind=kind,
        alt_text=alt_text,
        width=prepared.width,
        height=prepared.height,
        uploaded_by=uploaded_by,
    )
    stem = uuid.uuid4().hex
    extension = prepared.file_type.extension
    photo.image.save(f"{stem}{extension}", prepared.display, save=False)
    photo.thumbnail.save(f"{stem}-thumb{extension}", prepared.thumbnail, save=False)
    photo.save()
    return photo


@transaction.atomic
def venue_photo_delete(*, photo: VenuePhoto) -> None:
    _delete_files_after_commit(photo.image, photo.thumbnail)
    photo.delete()


def meetings_planned_at(venue: Venue) -> QuerySet[Meeting]:
    """Meetings still to come at this venue: while there are any, the venue cannot be removed."""
    return Meeting.objects.upcoming().filter(partnership_id=venue.partnership_id, venue=venue)


@transaction.atomic
def venue_delete(*, venue: Venue) -> None:
    """Remove a venue and its photos. Past meetings held there keep their record but show no venue."""
    if meetings_planned_at(venue).exists():
        raise ValidationError("Meetings are planned at this venue. Move them to another venue first.")
    photos = list(venue.photos.all())
    _delete_files_after_commit(*[f for photo in photos for f in (photo.image, photo.thumbnail)])
    venue.delete()
