"""Walk every tenant URL: outsiders get 404, anonymous visitors are sent to sign in, plain members get 403
on coordinators' pages. New tenant URLs are picked up automatically from the URL conf."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from partners.models import Invitation, Membership
from tests.factories import make_group


def _tenant_patterns(resolver=None, prefix=""):
    """Every named URL pattern whose route takes the partnership slug."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{pattern.namespace}:" if pattern.namespace else ""
            yield from _tenant_patterns(pattern, prefix + namespace)
        elif isinstance(pattern, URLPattern) and pattern.name and "slug" in pattern.pattern.regex.groupindex:
            yield prefix + pattern.name, sorted(pattern.pattern.regex.groupindex)


TENANT_URLS = sorted({(name, tuple(args)) for name, args in _tenant_patterns()})

# Pages only coordinators may open; every other tenant page is for all members.
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
}


@pytest.fixture
def tenant_objects(partnership, alice, bob):
    group = make_group(partnership)
    invitation = Invitation.objects.create(partnership=partnership, email="new@example.org", invited_by=alice)
    member = Membership.objects.get(partnership=partnership, person=bob)
    return {"group": group, "invitation": invitation, "member": member}


def _url(name, args, partnership, objects):
    kwargs = {"slug": partnership.slug}
    if "pk" in args:
        kind = name.split(":")[1].split("_")[0]
        kwargs["pk"] = {"group": objects["group"], "invitation": objects["invitation"]}.get(
            kind, objects["member"]
        ).pk
    return reverse(name, kwargs=kwargs)


def test_the_walk_finds_the_tenant_pages():
    names = {name for name, _ in TENANT_URLS}
    assert {"workspace", "partners:member_list", "partners:partnership_edit"} <= names
    assert names >= COORDINATOR_ONLY


@pytest.mark.parametrize(("name", "args"), TENANT_URLS)
def test_outsider_gets_404_on_get_and_post(name, args, charlie_client, partnership, tenant_objects):
    url = _url(name, args, partnership, tenant_objects)
    assert charlie_client.get(url).status_code in {404, 405}
    assert (
        charlie_client.post(url, {"email": "x@example.org", "role": "member", "name": "x"}).status_code == 404
    )


@pytest.mark.parametrize(("name", "args"), TENANT_URLS)
def test_anonymous_visitor_is_sent_to_sign_in(name, args, client, partnership, tenant_objects):
    url = _url(name, args, partnership, tenant_objects)
    response = client.post(url) if name.endswith(("_resend", "_revoke")) else client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(("name", "args"), sorted(a for a in TENANT_URLS if a[0] in COORDINATOR_ONLY))
def test_member_without_the_role_gets_403(name, args, bob_client, partnership, tenant_objects):
    url = _url(name, args, partnership, tenant_objects)
    assert bob_client.post(url, {"email": "x@example.org", "role": "coordinator"}).status_code == 403
    assert Invitation.objects.filter(email="x@example.org").count() == 0


def test_missing_partnership_looks_the_same_as_forbidden(charlie_client, partnership):
    missing = charlie_client.get("/p/no-such-partnership/")
    forbidden = charlie_client.get(f"/p/{partnership.slug}/")
    assert missing.status_code == forbidden.status_code == 404
    # The same page but for the per-response CSRF token in the sign-out form.
    strip = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub(b"", missing.content) == strip.sub(b"", forbidden.content)


def test_a_member_who_has_left_is_an_outsider(bob_client, partnership, bob):
    from django.utils import timezone

    Membership.objects.filter(person=bob).update(left_on=timezone.localdate())
    assert bob_client.get(f"/p/{partnership.slug}/").status_code == 404
