"""Ground rules' part of a person's data: what their download holds from the statement and the ground rules,
and taking their name out of the words kept (published versions included) when they delete their account.
Found and called by `partners.personal_data` (which says what each name below means).

Other people's answers stay out of the download: where the person recorded someone else's answer given by
phone or on paper, the download says that they did and when, not what the other person said.
"""

from partners.models import User
from partners.personal_data import names_pattern, scrub_rows

from ..models import (
    Comment,
    Concern,
    GroupCommitment,
    PersonalCommitment,
    Proposal,
    Response,
    RulesVersion,
    StatementPoint,
    VersionRule,
)

SECTIONS = {
    "ground_rules_commitment": "What you said about the partnership's statement and ground rules: that you "
    "understand and agree, or that you do not understand them yet.",
    "ground_rule_proposals": "Ground rules you proposed, with their words.",
    "ground_rule_responses": "Your answers to proposed ground rules (Yes, Not sure or No) and your reasons.",
    "ground_rule_comments": "Your comments on proposed ground rules.",
    "ground_rule_concerns": "Concerns you raised about a new version of the ground rules.",
    "ground_rules_recorded_for_others": "When you recorded someone else's answer or commitment given on "
    "paper, by phone or in person (not what they said).",
    "ground_rules_kept": "Versions of the ground rules you recorded as agreed, changes you made to the "
    "statement, and group commitments you recorded.",
}

EXPORTED = {
    "groundrules.PersonalCommitment.person": "ground_rules_commitment",
    "groundrules.PersonalCommitment.recorded_by": "ground_rules_recorded_for_others",
    "groundrules.Proposal.proposed_by": "ground_rule_proposals",
    "groundrules.Response.person": "ground_rule_responses",
    "groundrules.Response.recorded_by": "ground_rules_recorded_for_others",
    "groundrules.Comment.author": "ground_rule_comments",
    "groundrules.Concern.person": "ground_rule_concerns",
    "groundrules.RulesVersion.created_by": "ground_rules_kept",
    "groundrules.StatementPoint.changed_by": "ground_rules_kept",
    "groundrules.GroupCommitment.recorded_by": "ground_rules_kept",
}

NOT_PERSONAL = {
    "groundrules.RulesVersion.present": "Who was at the meeting that agreed a version of the ground rules, "
    "kept with the version. The person's download already says which meetings they were at (attendance); "
    "their place here goes when their account goes.",
}


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None


def export(*, person: User) -> dict:
    p = "partnership"
    return {
        "ground_rules_commitment": [
            {
                "partnership": c.partnership.name,
                "answer": c.get_answer_display(),
                "when": _when(c.answered_at),
            }
            for c in PersonalCommitment.objects.filter(person=person).select_related(p)
        ],
        "ground_rule_proposals": [
            {
                "partnership": r.partnership.name,
                "kind": r.get_kind_display(),
                "words": r.text,
                "easy_read_words": r.easy_read_text,
                "in_practice": r.in_practice,
                "who_helped_write_it": r.helped_write,
                "why": r.why,
                "status": r.get_status_display(),
                "proposed_at": _when(r.created_at),
            }
            for r in Proposal.objects.filter(proposed_by=person).select_related(p)
        ],
        "ground_rule_responses": [
            {
                "partnership": r.partnership.name,
                "proposal": r.proposal.text,
                "answer": r.get_answer_display(),
                "reason": r.reason,
                "when": _when(r.answered_at),
            }
            for r in Response.objects.filter(person=person).select_related(p, "proposal")
        ],
        "ground_rule_comments": [
            {
                "partnership": c.partnership.name,
                "proposal": c.proposal.text,
                "comment": c.text,
                "when": _when(c.created_at),
            }
            for c in Comment.objects.filter(author=person).select_related(p, "proposal")
        ],
        "ground_rule_concerns": [
            {
                "partnership": c.partnership.name,
                "version": c.version.number,
                "concern": c.text,
                "when": _when(c.created_at),
            }
            for c in Concern.objects.filter(person=person).select_related(p, "version")
        ],
        "ground_rules_recorded_for_others": [
            {
                "partnership": r.partnership.name,
                "what": "an answer to a proposal",
                "when": _when(r.answered_at),
            }
            for r in Response.objects.filter(recorded_by=person).exclude(person=person).select_related(p)
        ]
        + [
            {"partnership": c.partnership.name, "what": "a commitment", "when": _when(c.answered_at)}
            for c in PersonalCommitment.objects.filter(recorded_by=person)
            .exclude(person=person)
            .select_related(p)
        ],
        "ground_rules_kept": [
            {
                "partnership": v.partnership.name,
                "what": f"recorded version {v.number} as agreed",
                "when": _when(v.created_at),
            }
            for v in RulesVersion.objects.filter(created_by=person).select_related(p)
        ]
        + [
            {"partnership": s.partnership.name, "what": "changed the statement", "when": _when(s.changed_at)}
            for s in StatementPoint.objects.filter(changed_by=person).select_related(p)
        ]
        + [
            {
                "partnership": g.partnership.name,
                "what": f"recorded {g.group.name}'s commitment",
                "when": _when(g.recorded_at),
            }
            for g in GroupCommitment.objects.filter(recorded_by=person).select_related(p, "group")
        ],
    }


# Words people typed that may name someone, per model; fenced by partnership when forgetting. Published
# versions included: "deletion leaves no name in kept versions".
TEXT_FIELDS = [
    (StatementPoint, ["text", "easy_read_text"]),
    (GroupCommitment, ["committed_by"]),
    (Proposal, ["text", "easy_read_text", "in_practice", "helped_write", "why"]),
    (VersionRule, ["text", "easy_read_text", "in_practice", "helped_write"]),
    (Response, ["reason"]),
    (Comment, ["text"]),
    (Concern, ["text"]),
]


def forget(*, person: User, names: list[str], partnership_ids: list[int]) -> None:
    pattern = names_pattern(names)
    if pattern is None:
        return
    for model, fields in TEXT_FIELDS:
        scrub_rows(model.objects.filter(partnership_id__in=partnership_ids), fields, pattern)
