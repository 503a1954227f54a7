"""Every page a signed-in person reaches, with real ids: for the query budget tests and the page benchmark.
Pages inside a partnership join by themselves (every route with the partnership's slug); a new kind of object
in a URL needs one line in OBJECT_FOR_SEGMENT (or OBJECT_FOR_KWARG when the segment is taken and the URL
names it by something other than its id), a word in a URL (not an id) a line in WORD_FOR_KWARG, and a new
page of one's own a line in PERSONAL_PAGES."""

import re
from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from meetings.models import CalendarFeed, Meeting

# Pages of one's own, outside any partnership.
PERSONAL_PAGES = [
    "home",
    "partners:profile",
    "partners:profile_edit",
    "partners:display_preferences",
    "partners:communication",
    "partners:my_access_needs",
    "partners:access_need_add",
    "partners:my_data",
    "partners:data_download",
    "partners:partnership_new",
    "meetings:my_calendar",
]

# The demo's next meeting (a full agenda, replies, bookings and easy read) and its last one (minutes out for
# comment, a partner's view, decisions and action points): their pages are walked whatever else is.
DEMO_NEXT_MEETING = "Planning the 50 conversations"
DEMO_LAST_MEETING = "What gets in the way of work"

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
    "partner-views": "partner_view",
    "access-needs": "access_need",
    # The ground rules.
    "proposals": "proposal",
    "concerns": "concern",
    "points": "statement_point",
    "comments": "comment",
    "responses": "response",
    "commitments": "commitment",
    # The work plan.
    "outcomes": "outcome",
    "themes": "theme",
    "tasks": "task",
    "outputs": "output",
    "activities": "activity",
    "rankings": "ranking",
    "moves": "move",
}

# (segment before, URL argument) → kind, where the segment alone would say something else: a version of the
# ground rules is named by its number (…/ground-rules/versions/2/), a paper's version by its id. Keys of
# three, (two segments before, segment before, URL argument), are looked at first: a version of the work plan
# is named by its number too (…/plan/versions/1/).
OBJECT_FOR_KWARG = {
    ("plan", "versions", "number"): "plan_version",
    ("versions", "number"): "rules_version",
    ("compare", "number"): "rules_version",
    ("compare", "other"): "rules_version",
    ("compare", "before"): "rules_version",
    ("compare", "after"): "rules_version",
    ("with", "other"): "rules_version",
}

# URL arguments that name a thing by a field other than its id.
FIELD_FOR_KWARG = {"number": "number", "other": "number", "before": "number", "after": "number"}

# Words in a URL that are not ids (`<slug:since>`), and the word walked: every change to the work plan.
WORD_FOR_KWARG = {"since": "all"}


def _kind(segments_before: list[str], kwarg: str) -> str:
    two_before = tuple(segments_before[-2:])
    return (
        OBJECT_FOR_KWARG.get((*two_before, kwarg))
        or OBJECT_FOR_KWARG.get((segments_before[-1], kwarg))
        or OBJECT_FOR_SEGMENT[segments_before[-1]]
    )


def _value(segments_before: list[str], kwarg: str, objects: dict):
    """The value for `<int:kwarg>` after `segments_before`, or None when `objects` has no such thing."""
    thing = objects.get(_kind(segments_before, kwarg))
    if thing is None:
        return None
    return getattr(thing, FIELD_FOR_KWARG.get(kwarg, "pk"))


def _word(segment: str) -> tuple[str, str] | None:
    """(URL argument, the word walked) for a `<slug:…>` or `<str:…>` segment other than the partnership's."""
    match = re.fullmatch(r"<(?:slug|str):(\w+)>", segment)
    if match is None or match.group(1) == "slug":
        return None
    return match.group(1), WORD_FOR_KWARG[match.group(1)]


def tenant_patterns(resolver=None, namespace: str = "") -> Iterator[tuple[str, str]]:
    """(URL name, route) of every route with the partnership's slug in it."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from tenant_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and "<slug:slug>" in str(pattern.pattern):
            yield namespace + pattern.name, str(pattern.pattern)


def tenant_url(name: str, route: str, slug: str, objects: dict) -> str | None:
    """The route's URL with ids from `objects` (kind → model instance); None when a kind is missing."""
    kwargs = {"slug": slug}
    segments = route.split("/")
    for index, segment in enumerate(segments):
        match = re.fullmatch(r"<int:(\w+)>", segment)
        if match:
            value = _value(segments[:index], match.group(1), objects)
            if value is None:
                return None
            kwargs[match.group(1)] = value
        elif word := _word(segment):
            kwargs[word[0]] = word[1]
    return reverse(name, kwargs=kwargs)


def tenant_urls(slug: str, objects: dict) -> list[tuple[str, str]]:
    """(name, URL) of every tenant route that `objects` can fill, sorted. Routes that share a name (a
    document in each variant) each come once."""
    urls = set()
    for name, route in tenant_patterns():
        path = route.replace("<slug:slug>", slug)
        segments = path.split("/")
        for index, segment in enumerate(segments):
            match = re.fullmatch(r"<int:(\w+)>", segment)
            if match:
                value = _value(segments[:index], match.group(1), objects)
                segments[index] = "" if value is None else str(value)
            elif word := _word(segment):
                segments[index] = word[1]
        if "" in segments[:-1]:
            continue
        urls.add((name, "/" + "/".join(segments)))
    return sorted(urls)


def person_pages(partnership, objects: dict, person) -> list[tuple[str, str]]:
    """Every page `person` reaches, as (name, URL) sorted and each URL once: the tenant walk with `objects`,
    the demo's next and last meetings' pages, and the person's own pages and calendar feed."""
    pages = tenant_urls(partnership.slug, objects)
    for title in (DEMO_NEXT_MEETING, DEMO_LAST_MEETING):
        meeting = Meeting.objects.filter(partnership=partnership, title=title).first()
        pages += [
            (f"{name} (demo)", url) for name, url in tenant_urls(partnership.slug, {"meeting": meeting})
        ]
    pages += [(name, reverse(name)) for name in PERSONAL_PAGES]
    feed, _ = CalendarFeed.objects.get_or_create(person=person)
    pages.append(("meetings:calendar_feed", reverse("meetings:calendar_feed", args=[feed.token])))
    pages += [
        (
            "meetings:meeting_list (past)",
            reverse("meetings:meeting_list", args=[partnership.slug]) + "?show=past",
        ),
    ]
    unique = {}
    for name, url in pages:
        unique.setdefault(url, name)
    return sorted((name, url) for url, name in unique.items())
