"""The guidance people see while they write easy read words, and the glossary's hard words.

Easy read text is always written by people; nothing here writes it. This module only measures what they
wrote against the rules in ACCESSIBILITY.md (sentences of 15 words at most, digits for numbers, "1 in 10"
rather than "10%", hard words explained).

The reading ease is our own Flesch formula over syllables counted with pyphen's en_GB dictionary. textstat
is not used: version 0.7.13 downloads NLTK data when it first runs, and a server here must work with no
network.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyphen

from partners.models import GlossaryTerm, Partnership

MAX_SENTENCE_WORDS = 15
HARD_WORD_SYLLABLES = 4  # a word of this many syllables or more is a hard word
HARD_WORD_LETTERS = 12  # and so is a word of more letters than this
GOOD_READING_EASE = 80  # ACCESSIBILITY.md: Flesch reading ease at least 80 over the whole document

_SYLLABLES = pyphen.Pyphen(lang="en_GB")
# A sentence ends at . ! or ? (perhaps then a closing quote or bracket) and a space, or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"'\u201d\u2019)])\s+")
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u2013]|\d+[.)])\s+")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|per\s?cent\b)", re.IGNORECASE)

_UNITS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _number_words() -> dict[str, int]:
    words = {word: n for n, word in enumerate(_UNITS, start=1)}
    for i, tens in enumerate(_TENS):
        value = 20 + 10 * i
        words[tens] = value
        for n, unit in enumerate(_UNITS[:9], start=1):
            words[f"{tens}-{unit}"] = value + n
            words[f"{tens} {unit}"] = value + n
    for hundred in ("hundred", "a hundred", "one hundred"):
        words[hundred] = 100
    return words


NUMBER_WORDS = _number_words()
_NUMBER = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True)) + r")\b", re.IGNORECASE
)
# "one" is often not a number: "no one", "the one who", "one another".
_NOT_A_NUMBER = re.compile(
    r"\b(?:no|the|this|that|which|each|any|every)\s+one\b|\bone\s+another\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Sentence:
    text: str
    words: int

    @property
    def too_long(self) -> bool:
        return self.words > MAX_SENTENCE_WORDS

    @property
    def start(self) -> str:
        """The first few words, to name the sentence in a message."""
        words = self.text.split()
        return " ".join(words[:6]) + ("\u2026" if len(words) > 6 else "")


@dataclass(frozen=True)
class Suggestion:
    found: str  # as written: "five", "10%"
    better: str  # "5", "1 in 10"
    message: str


@dataclass(frozen=True)
class Guidance:
    sentences: tuple[Sentence, ...] = ()
    hard_words: tuple[str, ...] = ()  # not in the glossary yet
    glossary_words: tuple[str, ...] = ()  # hard words the glossary already explains
    numbers: tuple[Suggestion, ...] = ()
    percentages: tuple[Suggestion, ...] = ()
    words: int = 0
    syllables: int = 0
    reading_ease: float | None = None
    messages: tuple[str, ...] = field(default=())

    @property
    def long_sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for s in self.sentences if s.too_long)

    @property
    def is_empty(self) -> bool:
        return not self.words

    @property
    def score(self) -> int | None:
        """The reading ease as people see it: a whole number from 0 to 100 (the formula can go past both)."""
        return None if self.reading_ease is None else min(100, max(0, round(self.reading_ease)))

    @property
    def reading_ease_words(self) -> str:
        return reading_ease_words(self.reading_ease)

    @property
    def summary(self) -> str:
        """One short paragraph, the same words static/js/easy-read-guidance.js says as people type."""
        if self.is_empty:
            return ""
        count, too_long = len(self.sentences), len(self.long_sentences)
        parts = [
            f"{_counted(count, 'sentence')}: "
            + (f"{too_long} too long (over {MAX_SENTENCE_WORDS} words)." if too_long else "none too long.")
        ]
        if self.hard_words:
            parts.append(f"{_counted(len(self.hard_words), 'hard word')}.")
        changes = len(self.numbers) + len(self.percentages)
        if changes:
            parts.append(f"{_counted(changes, 'number')} to write differently.")
        if self.score is not None:
            parts.append(f"Readability {self.score} ({self.reading_ease_words}).")
        return " ".join(parts)

    @property
    def all_good(self) -> bool:
        return not (self.long_sentences or self.hard_words or self.numbers or self.percentages) and (
            self.reading_ease is None or self.reading_ease >= GOOD_READING_EASE
        )


def _counted(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def split_sentences(text: str) -> list[str]:
    """Sentences end at . ! or ? and at every line break (easy read puts one idea on each line). Bullets
    are dropped; lines with no words are skipped."""
    sentences = []
    for line in (text or "").splitlines():
        for part in _SENTENCE_END.split(_BULLET.sub("", line)):
            part = part.strip()
            if words_in(part):
                sentences.append(part)
    return sentences


def words_in(text: str) -> list[str]:
    """The words: everything between spaces with a letter or digit in it ("10:30" and "£5" are words)."""
    return [token for token in text.split() if any(ch.isalnum() for ch in token)]


def _letters(token: str) -> str:
    return "".join(ch for ch in token if ch.isalpha() or ch in "-'\u2019").strip("-'\u2019")


def syllables(word: str) -> int:
    """Syllables in a word, from pyphen's en_GB hyphenation (each part of a hyphenated word counted)."""
    parts = [part for part in re.split(r"[-\u2019']", _letters(word)) if part]
    if not parts:
        return 1  # a number or a symbol is said as (at least) one syllable
    return sum(len(_SYLLABLES.positions(part.lower())) + 1 for part in parts)


def is_hard_word(word: str) -> bool:
    letters = _letters(word)
    if not letters:
        return False
    return (
        syllables(letters) >= HARD_WORD_SYLLABLES or sum(ch.isalpha() for ch in letters) > HARD_WORD_LETTERS
    )


def flesch_reading_ease(words: int, sentences: int, syllable_count: int) -> float | None:
    """Flesch reading ease: 206.835 - 1.015 x words per sentence - 84.6 x syllables per word."""
    if not words or not sentences:
        return None
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllable_count / words)


def reading_ease_words(score: float | None) -> str:
    if score is None:
        return ""
    if score >= 90:
        return "very easy"
    if score >= GOOD_READING_EASE:
        return "easy"
    if score >= 70:
        return "fairly easy"
    if score >= 60:
        return "plain English, not easy read yet"
    return "hard"


def _in_words(proportion: float) -> str:
    """A percentage as "n in d" with a small d: 10 -> "1 in 10", 25 -> "1 in 4", 75 -> "3 in 4"."""
    if proportion <= 0:
        return "none"
    if proportion == 100:
        return "all"
    if proportion > 100:
        return f"{proportion / 100:g} times as many"
    # The smallest "in" that is near enough: within a tenth of the distance to none or all (at least half a
    # point), so 33% is "1 in 3" but 90% is "9 in 10", not "5 in 6".
    tolerance = max(0.5, min(proportion, 100 - proportion) / 10)
    for d in (*range(2, 11), 12, 20, 25, 50, 100, 1000):
        n = round(proportion * d / 100)
        if 1 <= n < d and abs(n * 100 / d - proportion) <= tolerance:
            break
    else:
        n, d = round(proportion), 100
    return "half" if (n, d) == (1, 2) else f"{n} in {d}"


def _number_suggestions(text: str) -> list[Suggestion]:
    excluded = [m.span() for m in _NOT_A_NUMBER.finditer(text)]
    found: dict[str, Suggestion] = {}
    for match in _NUMBER.finditer(text):
        if any(start <= match.start() < end for start, end in excluded):
            continue
        word = match.group(1)
        key = word.lower()
        if key in found:
            continue
        digits = str(NUMBER_WORDS[" ".join(key.split())])
        found[key] = Suggestion(word, digits, f"Write {digits}, not \u201c{word}\u201d.")
    return list(found.values())


def _percent_suggestions(text: str) -> list[Suggestion]:
    found: dict[str, Suggestion] = {}
    for match in _PERCENT.finditer(text):
        written = match.group(0)
        if written in found:
            continue
        better = _in_words(float(match.group(1)))
        found[written] = Suggestion(
            written, better, f"Say \u201c{better}\u201d rather than \u201c{written}\u201d."
        )
    return list(found.values())


def sentence_message(sentence: Sentence) -> str:
    return (
        f"The sentence starting \u201c{sentence.start}\u201d has {sentence.words} words. "
        f"Easy read sentences have {MAX_SENTENCE_WORDS} at most."
    )


def guidance(text: str, *, glossary: Iterable[str] = ()) -> Guidance:
    """How easy read text measures up, for people writing it: the words in each sentence (15 at most),
    hard words, numbers written as words, percentages, and the Flesch reading ease. `glossary` holds the
    words the partnership's glossary explains, so those hard words are not asked about again."""
    sentences = tuple(Sentence(text=s, words=len(words_in(s))) for s in split_sentences(text))
    all_words = [word for s in sentences for word in words_in(s.text)]
    explained = {word.lower() for word in glossary}
    hard, in_glossary, seen = [], [], set()
    for word in all_words:
        letters = _letters(word)
        key = letters.lower()
        if key in seen or not is_hard_word(word):
            continue
        seen.add(key)
        (in_glossary if key in explained else hard).append(letters)
    syllable_count = sum(syllables(word) for word in all_words)
    numbers = tuple(_number_suggestions(text or ""))
    percentages = tuple(_percent_suggestions(text or ""))
    reading_ease = flesch_reading_ease(len(all_words), len(sentences), syllable_count)

    messages = [sentence_message(s) for s in sentences if s.too_long]
    if hard:
        messages.append(f"Hard words: {', '.join(hard)}. Explain them, or add them to the glossary.")
    messages += [s.message for s in numbers] + [s.message for s in percentages]
    if reading_ease is not None and reading_ease < GOOD_READING_EASE:
        messages.append(
            f"The readability score is {max(0, round(reading_ease))} ({reading_ease_words(reading_ease)}). "
            f"Easy read scores {GOOD_READING_EASE} or more: use shorter sentences and shorter words."
        )
    return Guidance(
        sentences=sentences,
        hard_words=tuple(hard),
        glossary_words=tuple(in_glossary),
        numbers=numbers,
        percentages=percentages,
        words=len(all_words),
        syllables=syllable_count,
        reading_ease=reading_ease,
        messages=tuple(messages),
    )


def check_easy_read(text: str) -> list[str]:
    """What must be put right before easy read text is saved: each sentence over 15 words, named by how it
    starts. The rest of the guidance is advice, not a rule that blocks saving."""
    return [
        sentence_message(s)
        for s in (Sentence(text=t, words=len(words_in(t))) for t in split_sentences(text))
        if s.too_long
    ]


# ---------------------------------------------------------------- the glossary


def hard_words_pattern(words: Iterable[str]) -> re.Pattern | None:
    """The one rule for finding glossary words in text: the word or its plural, any case, not inside a longer
    word. Longest words first, so "health board" wins over "board". None when there are no words."""
    words = sorted({w.strip() for w in words if w and w.strip()}, key=len, reverse=True)
    if not words:
        return None
    alternatives = "|".join(re.escape(w) + r"(?:s|es)?" for w in words)
    return re.compile(r"(?<![\w-])(?:" + alternatives + r")(?![\w-])", re.IGNORECASE)


def glossary_in(partnership: Partnership, texts: list[str]) -> list[GlossaryTerm]:
    """The partnership's glossary entries whose word these texts use (any case, or plural), in word order.
    One query."""
    joined = "\n".join(t for t in texts if t)
    if not joined.strip():
        return []
    return [
        term
        for term in GlossaryTerm.objects.filter(partnership=partnership)
        if (pattern := hard_words_pattern([term.word])) and pattern.search(joined)
    ]
