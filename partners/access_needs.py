"""The access needs vocabulary: the one place that says which needs exist.

Each need knows which venue features meet it and which arrangement a coordinator must book, so the meeting
access plan can set attendees' needs against the venue and the bookings. Codes are stored in the database;
never rename one, only add (and retire by hiding from the form).
"""

from dataclasses import dataclass

# What a venue can have. Venues (meetings app) record these codes.
VENUE_FEATURES: dict[str, str] = {
    "step_free": "Step-free entrance",
    "lift": "Lift to every floor used",
    "wheelchair_space": "Space for wheelchairs at the table",
    "accessible_toilet": "Accessible toilet",
    "changing_places": "Changing Places toilet",
    "accessible_parking": "Accessible parking near the door",
    "hearing_loop": "Hearing loop",
    "quiet_room": "Quiet room",
    "adjustable_lighting": "Lighting that can be adjusted",
    "dog_area": "Somewhere to walk an assistance dog",
    "seating_choice": "Choice of seating (with arms, higher, lower)",
    "public_transport": "Step-free public transport nearby",
}

# What a coordinator can book for a meeting.
ARRANGEMENTS: dict[str, str] = {
    "bsl_interpreter": "BSL/English interpreter",
    "deafblind_interpreter": "Deafblind interpreter",
    "lipspeaker": "Lipspeaker",
    "speech_to_text": "Speech-to-text reporter",
    "portable_loop": "Portable hearing loop",
    "note_taker": "Note-taker",
    "accessible_transport": "Accessible transport (taxi or minibus)",
    "travel_companion": "Travel companion",
    "support_worker": "Personal assistant or support worker place",
    "large_print_papers": "Large print papers",
    "easy_read_papers": "Easy read papers",
    "braille_papers": "Braille papers",
    "audio_papers": "Audio papers",
    "electronic_papers": "Electronic papers for a screen reader",
    "bsl_video_papers": "BSL video of the papers",
    "coloured_paper": "Papers on coloured paper or in a particular font",
    "breaks": "Breaks in the agenda",
    "quiet_room": "A quiet room",
    "lighting": "Lighting arranged",
    "seating": "Seating arranged",
    "parking": "Accessible parking space reserved",
}


@dataclass(frozen=True)
class Need:
    code: str
    label: str
    group: str
    hint: str = ""
    # Venue features any one of which meets the need.
    met_by_features: tuple[str, ...] = ()
    # What a coordinator books when the venue alone cannot meet it.
    arrangement: str | None = None
    # Extra detail the person gives: "minutes" (breaks every N, longest meeting), "time" (earliest start)
    # or "days" (extra days to read papers).
    detail: str | None = None
    detail_label: str = ""
    # The format of papers this need asks for, counted in the access plan.
    paper_format: str | None = None


GROUPS: dict[str, str] = {
    "formats": "Information formats",
    "communication": "Communication support",
    "getting_there": "Getting there and around",
    "in_the_room": "In the room",
    "timing": "Timing",
    "other": "Something else",
}

NEEDS: tuple[Need, ...] = (
    # Information formats
    Need(
        "large_print", "Large print", "formats", arrangement="large_print_papers", paper_format="large_print"
    ),
    Need("easy_read", "Easy read", "formats", arrangement="easy_read_papers", paper_format="easy_read"),
    Need("braille", "Braille", "formats", arrangement="braille_papers", paper_format="braille"),
    Need("audio", "Audio recording of papers", "formats", arrangement="audio_papers", paper_format="audio"),
    Need(
        "electronic_text",
        "Electronic text for a screen reader",
        "formats",
        arrangement="electronic_papers",
        paper_format="electronic",
    ),
    Need("bsl_video", "BSL video", "formats", arrangement="bsl_video_papers", paper_format="bsl_video"),
    Need(
        "coloured_paper",
        "Coloured paper or a particular font",
        "formats",
        hint="Say which colour or font in the note.",
        arrangement="coloured_paper",
        paper_format="coloured_paper",
    ),
    # Communication support
    Need("bsl_interpreter", "BSL/English interpreter", "communication", arrangement="bsl_interpreter"),
    Need(
        "deafblind_interpreter", "Deafblind interpreter", "communication", arrangement="deafblind_interpreter"
    ),
    Need("lipspeaker", "Lipspeaker", "communication", arrangement="lipspeaker"),
    Need("speech_to_text", "Speech-to-text reporter", "communication", arrangement="speech_to_text"),
    Need(
        "hearing_loop",
        "Hearing loop",
        "communication",
        met_by_features=("hearing_loop",),
        arrangement="portable_loop",
    ),
    Need("note_taker", "Note-taker", "communication", arrangement="note_taker"),
    # Getting there and around
    Need("step_free", "Step-free access", "getting_there", met_by_features=("step_free",)),
    Need(
        "wheelchair_space",
        "Space for a wheelchair",
        "getting_there",
        met_by_features=("wheelchair_space",),
    ),
    Need(
        "accessible_parking",
        "Accessible parking",
        "getting_there",
        met_by_features=("accessible_parking",),
        arrangement="parking",
    ),
    Need(
        "accessible_toilet",
        "Accessible toilet",
        "getting_there",
        met_by_features=("accessible_toilet", "changing_places"),
    ),
    Need("lift", "Lift", "getting_there", met_by_features=("lift",)),
    Need(
        "accessible_transport",
        "Accessible transport",
        "getting_there",
        hint="For example a taxi that takes a wheelchair.",
        arrangement="accessible_transport",
    ),
    Need("travel_companion", "A travel companion", "getting_there", arrangement="travel_companion"),
    # In the room
    Need(
        "regular_breaks",
        "Regular breaks",
        "in_the_room",
        arrangement="breaks",
        detail="minutes",
        detail_label="A break at least every (minutes)",
    ),
    Need(
        "quiet_room", "A quiet room", "in_the_room", met_by_features=("quiet_room",), arrangement="quiet_room"
    ),
    Need(
        "lighting",
        "Particular lighting",
        "in_the_room",
        met_by_features=("adjustable_lighting",),
        arrangement="lighting",
    ),
    Need(
        "seating",
        "Particular seating",
        "in_the_room",
        hint="Say what helps in the note, for example a chair with arms.",
        met_by_features=("seating_choice",),
        arrangement="seating",
    ),
    Need(
        "assistance_dog",
        "An assistance dog, and somewhere to walk it",
        "in_the_room",
        met_by_features=("dog_area",),
    ),
    Need(
        "support_worker",
        "A personal assistant or support worker attending",
        "in_the_room",
        arrangement="support_worker",
    ),
    # Timing
    Need(
        "longest_meeting",
        "A limit on how long a meeting lasts",
        "timing",
        detail="minutes",
        detail_label="Longest meeting (minutes)",
    ),
    Need(
        "earliest_start",
        "Meetings that start no earlier than a set time",
        "timing",
        detail="time",
        detail_label="Earliest start (for example 10:00)",
    ),
    Need(
        "extra_reading_time",
        "Extra time to read papers",
        "timing",
        detail="days",
        detail_label="Extra days needed before the meeting",
    ),
    # Room for what the list does not have: the person names it in their own words.
    Need("other", "Something not on this list", "other", hint="Say what you need in the note."),
)

NEEDS_BY_CODE: dict[str, Need] = {need.code: need for need in NEEDS}
NEED_CHOICES: list[tuple[str, str]] = [(need.code, need.label) for need in NEEDS]
GROUPED_NEED_CHOICES: list[tuple[str, list[tuple[str, str]]]] = [
    (group_label, [(n.code, n.label) for n in NEEDS if n.group == group])
    for group, group_label in GROUPS.items()
]
