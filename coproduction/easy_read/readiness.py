"""The per-point readiness rule for easy read documents. What a whole document needs on top (a check with
people who use easy read, for a meeting pack) belongs to the app that makes the document."""

from .guidance import check_easy_read


def easy_read_missing(point, *, picture_needed: bool = False) -> bool:
    """Whether a point (anything with `easy_read_text` and `easy_read_picture`) still needs its easy read:
    it has no words (spaces are none), or, when `picture_needed`, no picture. A meeting pack needs only the
    words (a point with no picture prints without one)."""
    if not (point.easy_read_text or "").strip():
        return True
    return picture_needed and not point.easy_read_picture


def easy_read_problems(point) -> list[str]:
    """What to put right in words that are written (each sentence over 15 words). They do not make a point
    missing: they were saved with a warning, and the people who check the document decide."""
    return check_easy_read(point.easy_read_text) if (point.easy_read_text or "").strip() else []
