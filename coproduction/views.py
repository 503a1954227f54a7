"""The workspace home for each partnership, the landing page, help, and error pages."""

from django.db.models import Count, Exists, F, Func, OuterRef, Subquery, Window
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coproduction.easy_read.pictures import picture_alt, picture_url
from groundrules.services.statement import home_notices
from meetings.models import Meeting
from meetings.services.access_plan import unmet_needs
from meetings.services.actions import my_action_points
from meetings.services.packs import deadline_status_from, first_pack_sent
from partners.models import AccessNeed, Invitation, Membership, Partnership, Role, User
from workplan.services.timeline import home_summary, home_words

from .access import partnership_access


def home(request: HttpRequest) -> HttpResponse:
    """The partnerships a person belongs to. Someone signed out is told what the workspace is, in plain
    words, and how to sign in."""
    if not request.user.is_authenticated:
        return render(request, "coproduction/home_signed_out.html")
    memberships = (
        request.user.memberships.current().select_related("partnership").order_by("partnership__name")
    )
    return render(request, "coproduction/home.html", {"memberships": memberships, "nav": "home"})


# ---------------------------------------------------------------- the workspace home
#
# The home shows a fixed amount however long the partnership has been going: a few of each thing, with a
# "see all" link and how many there are. Each section is one small function asking one bounded query (the
# meetings' access needs ask four more, however many meetings and people), so the page asks the same number
# of queries on its first day and after years. A new section adds a function and a line to `workspace`.

UPCOMING_SHOWN = 5
ACTIONS_SHOWN = 5
LATE_SHOWN = 5


def _count(queryset) -> Subquery:
    """How many rows `queryset` (filtered on an OuterRef) has, as a column of the outer query."""
    return Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"))


def _people(partnership: Partnership, membership: Membership, person: User) -> dict:
    """How many partners there are (visiting experts and observers are not part of the core group the toolkit
    sizes at 10 to 15), the invitations waiting for a reply (for coordinators) and whether this person has
    recorded any access needs. One query."""
    core = (
        Membership.objects.current()
        .filter(partnership=OuterRef("pk"))
        .exclude(role__in=[Role.VISITING_EXPERT, Role.OBSERVER])
    )
    columns = {
        "group_size": _count(core),
        "has_needs": Exists(AccessNeed.objects.filter(person=person)),
    }
    if membership.is_coordinator:
        columns["pending_invitations"] = _count(
            Invitation.objects.filter(partnership=OuterRef("pk")).pending()
        )
    found = Partnership.objects.filter(pk=partnership.pk).annotate(**columns).values(*columns).get()
    return {
        "group_size": found["group_size"],
        "group_too_small": found["group_size"] < partnership.group_size_min,
        "group_too_big": found["group_size"] > partnership.group_size_max,
        "pending_invitations": found.get("pending_invitations", 0),
        "has_needs": found["has_needs"],
    }


def _coming_up(partnership: Partnership) -> dict:
    """The next few meetings, each with its papers deadline and the access needs not met yet (they stay here
    until they are met), and how many meetings are coming up in all. One query for the meetings and their
    deadlines, and `unmet_needs`' four."""
    first = first_pack_sent(OuterRef("pk"))
    meetings = list(
        Meeting.objects.filter(partnership=partnership)
        .upcoming()
        .select_related("venue")
        .annotate(
            upcoming_total=Window(Count("pk")),
            first_sent_at=Subquery(first.values("sent_at")[:1]),
            first_late=Subquery(first.values("late")[:1]),
        )[:UPCOMING_SHOWN]
    )
    for meeting in meetings:
        meeting.partnership = partnership
    unmet = unmet_needs(meetings)
    return {
        "meetings": [
            {
                "meeting": m,
                "unmet": unmet[m.pk],
                "deadline": deadline_status_from(
                    m, (m.first_sent_at, m.first_late) if m.first_sent_at is not None else None
                ),
            }
            for m in meetings
        ],
        "total": meetings[0].upcoming_total if meetings else 0,
    }


def _my_actions(partnership: Partnership, person: User) -> dict:
    """The open action points this person owns, most urgent first (overdue, then by due date), and how many
    they have in all. One query."""
    shown = list(
        my_action_points(partnership=partnership, person=person).annotate(total=Window(Count("pk")))[
            :ACTIONS_SHOWN
        ]
    )
    return {"shown": shown, "total": shown[0].total if shown else 0}


def _ground_rules(partnership: Partnership, membership: Membership) -> dict:
    """Whether the ground rules are due for review, and (for coordinators) how many people have not seen
    the statement and the ground rules, or do not understand them yet. One query."""
    return home_notices(partnership, coordinator=membership.is_coordinator)


def _work_plan(partnership: Partnership) -> dict:
    """The toolkit's check, "Are we following the work plan and its timetable?", answered plainly; the next
    three things due and anything late (a few, with how many in all). One query."""
    words = home_words(home_summary(partnership))
    words["late_total"] = len(words["late"])
    words["late"] = words["late"][:LATE_SHOWN]
    return words


def workspace(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, membership = partnership_access(request, slug)
    return render(
        request,
        "coproduction/workspace.html",
        {
            "partnership": partnership,
            "membership": membership,
            "people": _people(partnership, membership, request.user),
            "coming_up": _coming_up(partnership),
            "my_actions": _my_actions(partnership, request.user),
            "ground_rules": _ground_rules(partnership, membership),
            "work_plan": _work_plan(partnership),
            "nav": "workspace",
        },
    )


# The help pages: for everyone (partners), for chairs, for coordinators, and the easy read version.
HELP_PAGES = {
    "": "coproduction/help.html",
    "chairs": "coproduction/help_chairs.html",
    "coordinators": "coproduction/help_coordinators.html",
}

# The easy read help: one short point a line, each with its picture from the bundled set.
EASY_READ_HELP: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "What this is",
        [
            ("openmoji:1F9D1-200D-1F91D-200D-1F9D1", "This website helps people work together as equals."),
            ("openmoji:E249", "We call this a partnership. It has meetings."),
            ("openmoji:1F9BD", "Disabled people and councils are partners. Everyone has a say."),
        ],
    ),
    (
        "Signing in",
        [
            ("openmoji:1F4E7", "You get an email to join. Click the link in it."),
            ("openmoji:1F5A5", "Sign in with your email address and a password."),
            (
                "openmoji:1F4DE",
                "No email? That is fine. Your coordinator can post things to you or phone you.",
            ),
        ],
    ),
    (
        "What you need",
        [
            ("openmoji:267F", "Tell us what you need to take part. This is called an access need."),
            ("openmoji:1F9CF", "For example a BSL interpreter, breaks or easy read papers."),
            ("openmoji:1F441", "Only the coordinators and chairs see your needs with your name."),
        ],
    ),
    (
        "Meetings",
        [
            ("openmoji:1F4C5", "We send you the papers for each meeting well before it."),
            ("openmoji:1F4C4", "You can have them in easy read, large print or other ways."),
            ("openmoji:1F64B", "At the meeting you can ask questions and say what you think."),
            ("openmoji:1F4DD", "After the meeting you can check what was written down."),
        ],
    ),
    (
        "Chairs",
        [
            (
                "openmoji:1F4E2",
                "The chair runs the meeting. They go through the list of things to talk about.",
            ),
            ("openmoji:2615", "The chair makes sure there are breaks."),
        ],
    ),
    (
        "Coordinators",
        [
            ("openmoji:1F4CB", "The coordinator plans the meetings and books what people need."),
            ("openmoji:2709", "The coordinator sends the papers, by email or by post."),
        ],
    ),
    (
        "Help",
        [
            ("openmoji:2753", "Not sure? Ask your coordinator."),
            ("openmoji:1F4DE", "They can help you on the phone or when you meet."),
        ],
    ),
]


def help_page(request: HttpRequest, topic: str = "") -> HttpResponse:
    return render(request, HELP_PAGES[topic], {"help_topic": topic})


def help_easy_read(request: HttpRequest) -> HttpResponse:
    sections = [
        {
            "heading": heading,
            "points": [
                {"text": text, "url": picture_url(code), "alt": picture_alt(code)} for code, text in points
            ],
        }
        for heading, points in EASY_READ_HELP
    ]
    return render(
        request, "coproduction/help_easy_read.html", {"sections": sections, "help_topic": "easy_read"}
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "coproduction/accessibility.html")


def not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def forbidden(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
