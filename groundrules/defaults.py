"""Words the app offers and a partnership changes: the draft statement every new partnership starts from,
and the starter suggestions for ground rules. Written for this app; nothing here is agreed by default."""

# (plain words, easy read words, picture code): the draft of "what co-production means to us".
DRAFT_STATEMENT = [
    (
        "We are equal partners. Disabled people, their organisations and the public bodies here each bring "
        "knowledge the others need, and each has an equal say.",
        "We are equal partners. Everyone has an equal say.",
        "openmoji:1F465",
    ),
    (
        "Nothing about us without us: disabled people are involved from the start, not asked to agree to "
        "something already decided.",
        "Disabled people are part of every step. We start together.",
        "openmoji:1F91D",
    ),
    (
        "Everyone's access needs are met, so that everyone can take a full part. We plan for them before "
        "every meeting and check at the start.",
        "We meet everyone's access needs. Then everyone can take part.",
        "openmoji:267F",
    ),
    (
        "We share decisions. We decide together at meetings, record what we decided and why, and tell the "
        "people who were not there.",
        "We make decisions together. We write them down. We tell people who missed the meeting.",
        "openmoji:1F5F3",
    ),
    (
        "We use plain words and easy read, and we say when something is not clear.",
        "We use easy words. Say if you do not understand.",
        "openmoji:2753",
    ),
]

# (plain words, easy read words, picture code, uses the papers notice): the starter suggestions.
STARTER_SUGGESTIONS = [
    (
        "Promote equal participation: everyone gets the chance to speak and be heard.",
        "Everyone gets a turn to speak.",
        "openmoji:1F465",
        False,
    ),
    (
        "Say if you don't understand something. Nobody minds explaining again.",
        "Say if you do not understand. That is OK.",
        "openmoji:2753",
        False,
    ),
    (
        "Always be respectful, even if you don't agree.",
        "Be kind and polite, even when you do not agree.",
        "openmoji:1F91D",
        False,
    ),
    (
        "Keep everyone informed if something relevant happens between meetings.",
        "Tell everyone if something important happens.",
        "openmoji:1F4E7",
        False,
    ),
    (
        "If you miss a meeting, respect the decisions that were made.",
        "If you miss a meeting, the decisions made there still count.",
        "openmoji:1F5F3",
        False,
    ),
    (
        "Keep to agreed deadlines, or say if you can't.",
        "Do things on time. Or say if you cannot.",
        "openmoji:23F0",
        False,
    ),
    (
        "Information is sent out well before a meeting.",
        "We send the papers out well before the meeting.",
        "openmoji:1F4C4",
        True,
    ),
]
