"""Meetings' part of a person's data: what their download holds from meetings, and taking their name out of
what meetings kept when they delete their account. Found and called by `partners.personal_data` (which says
what each name below means); partners never imports meetings.

Other people's words and needs stay out of the download: where the person did something for others
(recorded someone's view, booked an interpreter, sent a pack), the download says that they did it and when,
not what the other person said or needs.
"""

import re

from partners.models import FORMER_PARTNER, User
from partners.personal_data import names_pattern, scrub_rows, without_names

from ..models import (
    ActionPoint,
    AgendaItem,
    Arrangement,
    Attendance,
    CalendarFeed,
    Correction,
    Decision,
    DecisionChange,
    DigestItem,
    EasyReadCheck,
    Meeting,
    MeetingNote,
    MeetingRole,
    MeetingSeries,
    MinuteEntry,
    MinutesVersion,
    PackDelivery,
    Paper,
    PaperVersion,
    PartnerView,
    SentReminder,
    VenuePhoto,
)

SECTIONS = {
    "meeting_roles": "The meetings you chaired, took minutes for or facilitated.",
    "attendance": "Your replies to meeting invitations, and whether you were there.",
    "agenda_items_proposed": "Agenda items you proposed.",
    "agenda_items_led": "Agenda items you led.",
    "views_in_minutes": "Your views recorded in minutes, in your own words.",
    "corrections": "Corrections you suggested to minutes, and the answers you got.",
    "corrections_answered": "Corrections you answered as minute-taker, with your answer.",
    "notes": "Notes you wrote while a meeting ran.",
    "action_points_owned": "Action points given to you.",
    "action_points_recorded": "Action points you recorded or closed.",
    "decisions_recorded": "Decisions you recorded or changed.",
    "minutes_saved": "Each time you saved, sent, approved or unlocked minutes.",
    "views_recorded_for_others": "When you recorded another partner's view (not their words).",
    "papers": "Papers you added and files you uploaded.",
    "venue_photos": "Photos of venues you uploaded.",
    "meetings_set_up": "Meetings and series of meetings you set up.",
    "bookings_made": "Bookings you made for a meeting's access plan (which need and when, not who it was "
    "for).",
    "easy_read_checks": "Checks of easy read documents that you recorded.",
    "meeting_packs_sent_to_you": "Meeting packs sent to you: which meeting, in what format, how and when.",
    "meeting_packs_you_sent": "Meeting packs you sent to others: which meeting, how and when (not to whom).",
    "meeting_packs_you_posted_or_rang": "Meeting packs you ticked as posted, or people you rang about them: "
    "which meeting and when (not to whom).",
    "meetings_reopened": "Meetings you reopened after they were ended by mistake.",
    "reminders_sent": "Reminders we sent you, so we never send the same one twice.",
    "digest": "News kept for your weekly digest.",
    "calendar_feed": "Whether you have a private calendar feed and since when (not its secret address).",
}

EXPORTED = {
    "meetings.MeetingRole.person": "meeting_roles",
    "meetings.Attendance.person": "attendance",
    "meetings.AgendaItem.proposed_by": "agenda_items_proposed",
    "meetings.AgendaItem.lead": "agenda_items_led",
    "meetings.PartnerView.person": "views_in_minutes",
    "meetings.PartnerView.recorded_by": "views_recorded_for_others",
    "meetings.Correction.author": "corrections",
    "meetings.Correction.responded_by": "corrections_answered",
    "meetings.MeetingNote.author": "notes",
    "meetings.ActionPoint.owner_person": "action_points_owned",
    "meetings.ActionPoint.created_by": "action_points_recorded",
    "meetings.ActionPoint.closed_by": "action_points_recorded",
    "meetings.Decision.recorded_by": "decisions_recorded",
    "meetings.DecisionChange.changed_by": "decisions_recorded",
    "meetings.MinutesVersion.created_by": "minutes_saved",
    "meetings.Paper.created_by": "papers",
    "meetings.PaperVersion.uploaded_by": "papers",
    "meetings.VenuePhoto.uploaded_by": "venue_photos",
    "meetings.Meeting.created_by": "meetings_set_up",
    "meetings.MeetingSeries.created_by": "meetings_set_up",
    "meetings.Arrangement.booked_by": "bookings_made",
    "meetings.EasyReadCheck.recorded_by": "easy_read_checks",
    "meetings.PackDelivery.person": "meeting_packs_sent_to_you",
    "meetings.PackDelivery.sent_by": "meeting_packs_you_sent",
    "meetings.PackDelivery.done_by": "meeting_packs_you_posted_or_rang",
    "meetings.PackDelivery.called_by": "meeting_packs_you_posted_or_rang",
    "meetings.Meeting.run_reopened_by": "meetings_reopened",
    "meetings.SentReminder.person": "reminders_sent",
    "meetings.DigestItem.person": "digest",
    "meetings.CalendarFeed.person": "calendar_feed",
}

NOT_PERSONAL = {
    "meetings.Meeting.chair_in_control": "Which chair has the Run meeting page at this moment: the page's "
    "working state while a meeting runs, not a record about the person.",
    "meetings.Minutes.updated_by": "The last person to save a meeting's minutes, kept only to warn two "
    "people editing at once. Every save is in the download as 'minutes_saved'.",
}


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None


def _meeting(meeting: Meeting | None) -> dict | None:
    if meeting is None:
        return None
    return {
        "partnership": meeting.partnership.name,
        "title": meeting.title,
        "starts_at": meeting.starts_at.isoformat(),
    }


def export(*, person: User) -> dict:
    m = "meeting__partnership"
    feed = CalendarFeed.objects.filter(person=person).first()
    return {
        "meeting_roles": [
            {"meeting": _meeting(r.meeting), "role": r.get_role_display()}
            for r in MeetingRole.objects.filter(person=person).select_related(m)
        ],
        "attendance": [
            {
                "meeting": _meeting(a.meeting),
                "invited": not a.excluded,
                "reply": a.get_reply_display(),
                "replied_at": _when(a.replied_at),
                "present": a.present,
            }
            for a in Attendance.objects.filter(person=person).select_related(m)
        ],
        "agenda_items_proposed": [
            {"meeting": _meeting(i.meeting), "title": i.title, "description": i.description}
            for i in AgendaItem.objects.filter(proposed_by=person).select_related(m)
        ],
        "agenda_items_led": [
            {"meeting": _meeting(i.meeting), "title": i.title}
            for i in AgendaItem.objects.filter(lead=person).select_related(m)
        ],
        "views_in_minutes": [
            {
                "meeting": _meeting(v.minutes.meeting),
                "agenda_item": v.agenda_item.title,
                "words": v.words,
                "recorded_at": _when(v.created_at),
            }
            for v in PartnerView.objects.filter(person=person).select_related(
                "minutes__meeting__partnership", "agenda_item"
            )
        ],
        "views_recorded_for_others": [
            {"meeting": _meeting(v.minutes.meeting), "recorded_at": _when(v.created_at)}
            for v in PartnerView.objects.filter(recorded_by=person)
            .exclude(person=person)
            .select_related("minutes__meeting__partnership")
        ],
        "corrections": [
            {
                "meeting": _meeting(c.minutes.meeting),
                "correction": c.text,
                "suggested_at": _when(c.created_at),
                "status": c.get_status_display(),
                "answer": c.response,
            }
            for c in Correction.objects.filter(author=person).select_related("minutes__meeting__partnership")
        ],
        "corrections_answered": [
            {
                "meeting": _meeting(c.minutes.meeting),
                "status": c.get_status_display(),
                "your_answer": c.response,
                "answered_at": _when(c.responded_at),
            }
            for c in Correction.objects.filter(responded_by=person).select_related(
                "minutes__meeting__partnership"
            )
        ],
        "notes": [
            {"meeting": _meeting(n.meeting), "note": n.text, "written_at": _when(n.created_at)}
            for n in MeetingNote.objects.filter(author=person).select_related(m)
        ],
        "action_points_owned": [
            {
                "reference": a.reference,
                "partnership": a.partnership.name,
                "what": a.text,
                "due_on": a.due_on.isoformat(),
                "status": a.get_status_display(),
            }
            for a in ActionPoint.objects.filter(owner_person=person).select_related("partnership")
        ],
        "action_points_recorded": [
            {
                "reference": a.reference,
                "partnership": a.partnership.name,
                "you": [
                    word
                    for word, yes in (
                        ("recorded it", a.created_by_id == person.pk),
                        ("closed it", a.closed_by_id == person.pk),
                    )
                    if yes
                ],
                "why_closed": a.close_reason if a.closed_by_id == person.pk else "",
            }
            for a in ActionPoint.objects.filter(created_by=person).select_related("partnership")
            | ActionPoint.objects.filter(closed_by=person).select_related("partnership")
        ],
        "decisions_recorded": [
            {"reference": d.reference, "partnership": d.partnership.name, "recorded_at": _when(d.created_at)}
            for d in Decision.objects.filter(recorded_by=person).select_related("partnership")
        ]
        + [
            {
                "reference": c.decision.reference,
                "partnership": c.partnership.name,
                "changed_at": _when(c.changed_at),
            }
            for c in DecisionChange.objects.filter(changed_by=person).select_related(
                "decision", "partnership"
            )
        ],
        "minutes_saved": [
            {
                "meeting": _meeting(v.minutes.meeting),
                "revision": v.revision,
                "what": v.get_event_display(),
                "at": _when(v.created_at),
            }
            for v in MinutesVersion.objects.filter(created_by=person)
            .select_related("minutes__meeting__partnership")
            .defer("snapshot")
        ],
        "papers": [
            {"partnership": p.partnership.name, "title": p.title, "added_at": _when(p.created_at)}
            for p in Paper.objects.filter(created_by=person).select_related("partnership")
        ]
        + [
            {
                "partnership": v.partnership.name,
                "paper": v.paper.title,
                "file": v.original_name,
                "format": v.get_format_display(),
                "uploaded_at": _when(v.uploaded_at),
            }
            for v in PaperVersion.objects.filter(uploaded_by=person).select_related("paper", "partnership")
        ],
        "venue_photos": [
            {"venue": p.venue.name, "description": p.alt_text, "uploaded_at": _when(p.uploaded_at)}
            for p in VenuePhoto.objects.filter(uploaded_by=person).select_related("venue")
        ],
        "meetings_set_up": [
            {"meeting": _meeting(meeting)}
            for meeting in Meeting.objects.filter(created_by=person).select_related("partnership")
        ]
        + [
            {"series": s.description, "partnership": s.partnership.name}
            for s in MeetingSeries.objects.filter(created_by=person).select_related("partnership")
        ],
        "bookings_made": [
            {"meeting": _meeting(b.meeting), "need": b.get_need_code_display(), "booked_on": str(b.booked_on)}
            for b in Arrangement.objects.filter(booked_by=person).select_related(m)
        ],
        "easy_read_checks": [
            {
                "meeting": _meeting(c.meeting),
                "checked_by": c.checked_by,
                "checked_on": str(c.checked_on),
                "notes": c.notes,
            }
            for c in EasyReadCheck.objects.filter(recorded_by=person).select_related(m)
        ],
        "meeting_packs_sent_to_you": [
            {
                "meeting": _meeting(d.meeting),
                "format": d.variant,
                "asked_for": d.paper_format,
                "how": d.get_channel_display(),
                "sent_at": _when(d.sent_at),
                "late": d.late,
            }
            for d in PackDelivery.objects.filter(person=person).select_related(m)
        ],
        "meeting_packs_you_sent": [
            {"meeting": _meeting(d.meeting), "how": d.get_channel_display(), "sent_at": _when(d.sent_at)}
            for d in PackDelivery.objects.filter(sent_by=person).select_related(m)
        ],
        "meeting_packs_you_posted_or_rang": [
            {"meeting": _meeting(d.meeting), "what": "posted or sent", "when": _when(d.done_at)}
            for d in PackDelivery.objects.filter(done_by=person).select_related(m)
        ]
        + [
            {"meeting": _meeting(d.meeting), "what": "rang about it", "when": _when(d.called_at)}
            for d in PackDelivery.objects.filter(called_by=person).select_related(m)
        ],
        "meetings_reopened": [
            {"meeting": _meeting(meeting), "reopened_at": _when(meeting.run_reopened_at)}
            for meeting in Meeting.objects.filter(run_reopened_by=person).select_related("partnership")
        ],
        "reminders_sent": [
            {"kind": r.kind, "about": r.key, "sent_at": _when(r.sent_at)}
            for r in SentReminder.objects.filter(person=person)
        ],
        "digest": [
            {"news": d.text, "link": d.link, "kept_at": _when(d.created_at), "sent_at": _when(d.sent_at)}
            for d in DigestItem.objects.filter(person=person)
        ],
        "calendar_feed": {"has_one": feed is not None, "since": _when(feed.created_at) if feed else None},
    }


# ---------------------------------------------------------------- forgetting

# Words people typed that may name someone, per model; fenced by partnership when forgetting.
TEXT_FIELDS = [
    (Meeting, ["title", "description", "cancelled_reason"]),
    (MeetingSeries, ["description"]),
    (AgendaItem, ["title", "description", "easy_read_text"]),
    (MeetingNote, ["text"]),
    (Arrangement, ["description"]),
    (MinuteEntry, ["text"]),
    (PartnerView, ["words"]),
    (Correction, ["text", "response"]),
    (Decision, ["text", "easy_read_text"]),
    (DecisionChange, ["text", "easy_read_text"]),
    (ActionPoint, ["text", "close_reason", "easy_read_text"]),
    (Paper, ["title", "description"]),
    (VenuePhoto, ["alt_text"]),
    (EasyReadCheck, ["checked_by", "notes"]),
    (DigestItem, ["text"]),
    (MinutesVersion, ["reason"]),
]


def _snapshot_without(snapshot: dict, pattern: re.Pattern, names: set[str], own: set[tuple]) -> dict:
    """A minutes version's snapshot with the person gone: their own views say "A former partner" (matched by
    what they said where, whatever their name was then) and every mention in titles, text and words goes."""
    result = dict(snapshot)
    result["items"] = [
        {
            **item,
            "title": without_names(item.get("title") or "", pattern),
            "text": without_names(item.get("text") or "", pattern),
        }
        for item in snapshot.get("items", [])
    ]
    views = []
    for view in snapshot.get("views", []):
        who = view.get("person") or ""
        theirs = who in names or (view.get("agenda_item"), view.get("words")) in own
        # A BSL video shows the person's face: it goes with their name.
        video = "" if theirs else view.get("video", "")
        who = FORMER_PARTNER if theirs else without_names(who, pattern)
        words = without_names(view.get("words") or "", pattern)
        views.append({**view, "person": who, "words": words, **({"video": video} if "video" in view else {})})
    result["views"] = views
    return result


def forget(*, person: User, names: list[str], partnership_ids: list[int]) -> None:
    pattern = names_pattern(names)
    if pattern is None:
        return
    # Their own views, as the snapshots hold them, before any words are rewritten below.
    own = set(PartnerView.objects.filter(person=person).values_list("agenda_item_id", "words"))
    changed = []
    for version in MinutesVersion.objects.filter(partnership_id__in=partnership_ids).only("pk", "snapshot"):
        snapshot = _snapshot_without(version.snapshot or {}, pattern, set(names), own)
        if snapshot != version.snapshot:
            version.snapshot = snapshot
            changed.append(version)
    MinutesVersion.objects.bulk_update(changed, ["snapshot"], batch_size=200)
    # Their BSL videos show their face: the links go, whatever the words say.
    PartnerView.objects.filter(person=person).update(bsl_video_url="")
    Correction.objects.filter(author=person).update(bsl_video_url="")
    for model, fields in TEXT_FIELDS:
        scrub_rows(model.objects.filter(partnership_id__in=partnership_ids), fields, pattern)
