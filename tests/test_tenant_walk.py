"""Walk every URL inside a partnership (every route with the partnership's slug, in every app): outsiders get
404, anonymous visitors are sent to sign in, and plain members get 403 on what only coordinators may do.
New pages join the walk by themselves; a new kind of object in a URL needs one line in OBJECT_FOR_SEGMENT."""

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from meetings import models as mm
from partners.models import GlossaryTerm, Invitation, Membership, PartnerGroup, Partnership, Picture
from tests.factories import make_group, make_meeting, make_venue


def _tenant_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _tenant_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and "<slug:slug>" in str(pattern.pattern):
            yield namespace + pattern.name, str(pattern.pattern)


TENANT_URLS = sorted(set(_tenant_patterns()))

# The path segment before an id says what the id is.
OBJECT_FOR_SEGMENT = {
    "meetings": "meeting",
    "agenda": "item",
    "standing-items": "standing_item",
    "arrangements": "arrangement",
    "corrections": "correction",
    "venues": "venue",
    "photos": "photo",
    "papers": "paper",
    "library": "library_paper",
    "versions": "version",
    "decisions": "decision",
    "action-points": "action_point",
    "people": "member",
    "groups": "group",
    "invitations": "invitation",
    "pictures": "picture",
    "glossary": "glossary_term",
}

# Partnership pages only coordinators may open (members get 403).
COORDINATOR_ONLY = {
    "partners:member_edit",
    "partners:member_leave",
    "partners:group_add",
    "partners:group_edit",
    "partners:group_delete",
    "partners:invitation_list",
    "partners:invitation_new",
    "partners:invitation_resend",
    "partners:invitation_revoke",
    "partners:partnership_edit",
    "meetings:meeting_new",
    "meetings:series_new",
    "meetings:meeting_edit",
    "meetings:meeting_cancel",
    "meetings:meeting_invitations",
    "meetings:meeting_roles",
    "meetings:standing_items",
    "meetings:standing_item_add",
    "meetings:standing_item_edit",
    "meetings:standing_item_delete",
    "meetings:arrangement_add",
    "meetings:arrangement_edit",
    "meetings:arrangement_delete",
    "meetings:venue_add",
    "meetings:venue_edit",
    "meetings:venue_delete",
    "meetings:venue_photo_add",
    "meetings:venue_photo_delete",
    "meetings:minutes_unlock",
    "partners:picture_add",
    "partners:picture_delete",
    "partners:glossary_add",
    "partners:glossary_edit",
    "partners:glossary_delete",
    "meetings:pack_send",
    "meetings:pack_print_list",
}

# A meeting's pages only its chairs, minute-takers or coordinators may use: a plain member gets 403.
CHAIRS_AND_MINUTE_TAKERS_ONLY = {
    "meetings:run",
    "meetings:run_start",
    "meetings:run_item_next",
    "meetings:run_end",
    "meetings:run_note_add",
    "meetings:run_presence",
    "meetings:run_control_take",
    "meetings:run_control_hand_over",
    "meetings:meeting_presence",
    "meetings:item_move",
    "meetings:breaks_add",
    "meetings:minutes_edit",
    "meetings:minutes_send",
    "meetings:minutes_approve",
    "meetings:correction_accept",
    "meetings:correction_answer",
    "meetings:decision_add",
    "meetings:decision_edit",
    "meetings:action_point_add",
    "meetings:action_edit",
    "meetings:paper_add",
    "meetings:paper_version_add",
    "meetings:easy_read",
    "meetings:easy_read_point",
    "meetings:easy_read_check",
}


@pytest.fixture
def tenant_objects(partnership, alice, bob, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = make_meeting(partnership, created_by=alice)
    item = meeting.agenda_items.first()
    venue = make_venue(partnership)
    paper = mm.Paper.objects.create(partnership=partnership, meeting=meeting, agenda_item=item, title="Paper")
    version = mm.PaperVersion.objects.create(
        partnership=partnership,
        paper=paper,
        file=ContentFile(b"%PDF-1.4\n", name="paper.pdf"),
        original_name="paper.pdf",
        content_type="application/pdf",
        size=9,
    )
    minutes = mm.Minutes.objects.create(partnership=partnership, meeting=meeting)
    year = timezone.localdate().year
    return {
        "meeting": meeting,
        "item": item,
        "standing_item": mm.StandingItem.objects.filter(partnership=partnership).first(),
        "arrangement": mm.Arrangement.objects.create(
            partnership=partnership, meeting=meeting, need_code="hearing_loop", description="Loop"
        ),
        "correction": mm.Correction.objects.create(
            partnership=partnership, minutes=minutes, text="Fix", author=bob
        ),
        "venue": venue,
        "photo": mm.VenuePhoto.objects.create(
            partnership=partnership,
            venue=venue,
            image=ContentFile(b"x", name="p.jpg"),
            thumbnail=ContentFile(b"x", name="t.jpg"),
            alt_text="Door",
        ),
        "paper": paper,
        "library_paper": mm.Paper.objects.create(partnership=partnership, title="Background"),
        "version": version,
        "decision": mm.Decision.objects.create(
            partnership=partnership, meeting=meeting, year=year, number=1, text="Yes"
        ),
        "action_point": mm.ActionPoint.objects.create(
            partnership=partnership,
            meeting=meeting,
            year=year,
            number=1,
            text="Do",
            owner_person=bob,
            due_on=timezone.localdate(),
        ),
        "member": Membership.objects.get(partnership=partnership, person=bob),
        "group": make_group(partnership),
        "invitation": Invitation.objects.create(
            partnership=partnership, email="new@example.org", invited_by=alice
        ),
        "picture": Picture.objects.create(
            partnership=partnership, name="Room", alt_text="A room", image=ContentFile(b"x", name="p.png")
        ),
        "glossary_term": GlossaryTerm.objects.create(
            partnership=partnership, word="Advocate", explanation="A helper."
        ),
    }


def _url(name: str, route: str, partnership, objects) -> str:
    kwargs = {"slug": partnership.slug}
    segments = route.split("/")
    for index, segment in enumerate(segments):
        match = re.fullmatch(r"<int:(\w+)>", segment)
        if match:
            kwargs[match.group(1)] = objects[OBJECT_FOR_SEGMENT[segments[index - 1]]].pk
    return reverse(name, kwargs=kwargs)


def _state(partnership) -> tuple:
    """What a refused write must leave alone."""
    return (
        tuple(Membership.objects.filter(partnership=partnership).values_list("role", "group_id", "left_on")),
        tuple(PartnerGroup.objects.filter(partnership=partnership).values_list("name", "kind")),
        tuple(
            Invitation.objects.filter(partnership=partnership).values_list(
                "email", "revoked_at", "expires_at"
            )
        ),
        tuple(
            Partnership.objects.filter(pk=partnership.pk).values_list("name", "slug", "papers_notice_days")
        ),
        tuple(mm.Meeting.objects.filter(partnership=partnership).values_list("title", "status", "starts_at")),
        tuple(
            mm.StandingItem.objects.filter(partnership=partnership).values_list("title", "duration_minutes")
        ),
        tuple(mm.Arrangement.objects.filter(partnership=partnership).values_list("description")),
        tuple(mm.Venue.objects.filter(partnership=partnership).values_list("name")),
    )


def test_the_walk_finds_every_app():
    names = {name for name, _ in TENANT_URLS}
    assert {"workspace", "partners:member_list", "meetings:meeting_detail", "meetings:agenda"} <= names
    assert names >= COORDINATOR_ONLY | CHAIRS_AND_MINUTE_TAKERS_ONLY


@pytest.mark.parametrize(("name", "route"), TENANT_URLS)
def test_outsider_gets_404_on_get_and_post(name, route, charlie_client, partnership, tenant_objects):
    url = _url(name, route, partnership, tenant_objects)
    before = _state(partnership)
    assert charlie_client.get(url).status_code in {404, 405}
    assert (
        charlie_client.post(url, {"email": "x@example.org", "role": "member", "name": "x"}).status_code == 404
    )
    assert _state(partnership) == before


@pytest.mark.parametrize(("name", "route"), TENANT_URLS)
def test_anonymous_visitor_is_sent_to_sign_in(name, route, client, partnership, tenant_objects):
    url = _url(name, route, partnership, tenant_objects)
    before = _state(partnership)
    for response in (client.get(url), client.post(url, {"name": "x"})):
        if response.status_code == 405:
            continue
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert _state(partnership) == before


@pytest.mark.parametrize(
    ("name", "route"),
    sorted(u for u in TENANT_URLS if u[0] in COORDINATOR_ONLY | CHAIRS_AND_MINUTE_TAKERS_ONLY),
)
def test_member_without_the_role_gets_403(name, route, bob_client, partnership, tenant_objects):
    url = _url(name, route, partnership, tenant_objects)
    before = _state(partnership)
    response = bob_client.post(
        url, {"email": "x@example.org", "role": "coordinator", "name": "Taken over", "title": "Taken over"}
    )
    assert response.status_code == 403
    assert _state(partnership) == before


def test_missing_partnership_looks_the_same_as_forbidden(charlie_client, partnership):
    missing = charlie_client.get("/p/no-such-partnership/")
    forbidden = charlie_client.get(f"/p/{partnership.slug}/")
    assert missing.status_code == forbidden.status_code == 404
    # The same page but for the per-response CSRF token in the sign-out form.
    strip = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub(b"", missing.content) == strip.sub(b"", forbidden.content)


def test_a_member_who_has_left_is_an_outsider(bob_client, partnership, bob):
    Membership.objects.filter(person=bob).update(left_on=timezone.localdate())
    assert bob_client.get(f"/p/{partnership.slug}/").status_code == 404
