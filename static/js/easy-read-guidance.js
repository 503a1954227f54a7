// Guidance while people write easy read text: the words in each sentence (15 at most), hard words, numbers
// written as words, percentages and a readability score, under every <textarea data-easy-read>.
//
// The page works without this: the server shows the same guidance after saving or "Check my words", and
// refuses a sentence over 15 words (coproduction/easy_read/guidance.py is the authority; these are the same rules kept
// simple). Syllables here are counted by vowel groups, so the score is close to the server's, not equal.
// The short summary sits in a polite live region and changes at most once a second, after typing pauses.
//
// Hand-written, loaded with <script type="module"> by the text box itself; no build step.

const MAX_SENTENCE_WORDS = 15;
const HARD_WORD_SYLLABLES = 4;
const HARD_WORD_LETTERS = 12;
const GOOD_READING_EASE = 80;
const PAUSE_MS = 1000;

const UNITS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " +
  "sixteen seventeen eighteen nineteen").split(" ");
const TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split(" ");
const NUMBER_WORDS = new Map();
UNITS.forEach((word, i) => NUMBER_WORDS.set(word, i + 1));
TENS.forEach((tens, i) => {
  const value = 20 + 10 * i;
  NUMBER_WORDS.set(tens, value);
  UNITS.slice(0, 9).forEach((unit, n) => {
    NUMBER_WORDS.set(`${tens}-${unit}`, value + n + 1);
    NUMBER_WORDS.set(`${tens} ${unit}`, value + n + 1);
  });
});
["hundred", "a hundred", "one hundred"].forEach((word) => NUMBER_WORDS.set(word, 100));

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const NUMBER = new RegExp(
  `\\b(${[...NUMBER_WORDS.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join("|")})\\b`,
  "gi",
);
const NOT_A_NUMBER = /\b(?:no|the|this|that|which|each|any|every)\s+one\b|\bone\s+another\b/gi;
const PERCENT = /(\d+(?:\.\d+)?)\s*(?:%|per\s?cent\b)/gi;
const BULLET = /^\s*(?:[-*\u2022\u2013]|\d+[.)])\s+/;
const SENTENCE_END = /(?<=[.!?]["'\u201d\u2019)]?)\s+/;

const counted = (n, noun) => `${n} ${noun}${n === 1 ? "" : "s"}`;

function wordsIn(text) {
  return text.split(/\s+/).filter((token) => /[\p{L}\p{N}]/u.test(token));
}

function splitSentences(text) {
  const sentences = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    for (const part of line.replace(BULLET, "").split(SENTENCE_END)) {
      const sentence = part.trim();
      if (wordsIn(sentence).length) sentences.push(sentence);
    }
  }
  return sentences;
}

function letters(token) {
  return [...token].filter((ch) => /[\p{L}\-'\u2019]/u.test(ch)).join("").replace(/^[-'\u2019]+|[-'\u2019]+$/g, "");
}

function syllables(word) {
  const parts = letters(word).split(/[-'\u2019]/).filter(Boolean);
  if (!parts.length) return 1;
  return parts.reduce((sum, part) => {
    const lower = part.toLowerCase();
    let count = (lower.match(/[aeiouy]+/g) || []).length;
    if (count > 1 && lower.endsWith("e") && !lower.endsWith("le")) count -= 1;
    return sum + Math.max(1, count);
  }, 0);
}

function isHardWord(word) {
  const only = letters(word);
  if (!only) return false;
  const letterCount = [...only].filter((ch) => /\p{L}/u.test(ch)).length;
  return syllables(only) >= HARD_WORD_SYLLABLES || letterCount > HARD_WORD_LETTERS;
}

function inWords(proportion) {
  if (proportion <= 0) return "none";
  if (proportion === 100) return "all";
  if (proportion > 100) return `${proportion / 100} times as many`;
  const tolerance = Math.max(0.5, Math.min(proportion, 100 - proportion) / 10);
  for (const d of [2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 20, 25, 50, 100, 1000]) {
    const n = Math.round((proportion * d) / 100);
    if (n >= 1 && n < d && Math.abs((n * 100) / d - proportion) <= tolerance) {
      return n === 1 && d === 2 ? "half" : `${n} in ${d}`;
    }
  }
  return `${Math.round(proportion)} in 100`;
}

function readingEaseWords(score) {
  if (score >= 90) return "very easy";
  if (score >= GOOD_READING_EASE) return "easy";
  if (score >= 70) return "fairly easy";
  if (score >= 60) return "plain English, not easy read yet";
  return "hard";
}

export function check(text, glossary = []) {
  const explained = new Set(glossary.map((word) => word.toLowerCase()));
  const sentences = splitSentences(text).map((sentence) => {
    const words = wordsIn(sentence);
    return {
      words: words.length,
      start: words.slice(0, 6).join(" ") + (words.length > 6 ? "\u2026" : ""),
      tooLong: words.length > MAX_SENTENCE_WORDS,
    };
  });
  const allWords = splitSentences(text).flatMap(wordsIn);
  const hard = [];
  const seen = new Set();
  for (const word of allWords) {
    const key = letters(word).toLowerCase();
    if (seen.has(key) || !isHardWord(word)) continue;
    seen.add(key);
    if (!explained.has(key)) hard.push(letters(word));
  }
  const excluded = [...text.matchAll(NOT_A_NUMBER)].map((m) => [m.index, m.index + m[0].length]);
  const numbers = new Map();
  for (const match of text.matchAll(NUMBER)) {
    if (excluded.some(([start, end]) => match.index >= start && match.index < end)) continue;
    const key = match[1].toLowerCase();
    if (!numbers.has(key)) {
      const digits = NUMBER_WORDS.get(key.split(/\s+/).join(" "));
      numbers.set(key, `Write ${digits}, not \u201c${match[1]}\u201d.`);
    }
  }
  const percentages = new Map();
  for (const match of text.matchAll(PERCENT)) {
    if (!percentages.has(match[0])) {
      percentages.set(match[0], `Say \u201c${inWords(parseFloat(match[1]))}\u201d rather than \u201c${match[0]}\u201d.`);
    }
  }
  const syllableCount = allWords.reduce((sum, word) => sum + syllables(word), 0);
  // A whole number from 0 to 100, as the server shows it (the formula itself can go past both).
  const ease = 206.835 - 1.015 * (allWords.length / sentences.length) - 84.6 * (syllableCount / allWords.length);
  const score = allWords.length && sentences.length ? Math.min(100, Math.max(0, Math.round(ease))) : null;
  return { sentences, hard, numbers: [...numbers.values()], percentages: [...percentages.values()], score };
}

export function summary(result) {
  if (!result.sentences.length) return "";
  const tooLong = result.sentences.filter((s) => s.tooLong).length;
  const parts = [
    `${counted(result.sentences.length, "sentence")}: ` +
      (tooLong ? `${tooLong} too long (over ${MAX_SENTENCE_WORDS} words).` : "none too long."),
  ];
  if (result.hard.length) parts.push(`${counted(result.hard.length, "hard word")}.`);
  const changes = result.numbers.length + result.percentages.length;
  if (changes) parts.push(`${counted(changes, "number")} to write differently.`);
  if (result.score !== null) parts.push(`Readability ${result.score} (${readingEaseWords(result.score)}).`);
  return parts.join(" ");
}

function paragraph(text, extraClass = "") {
  const p = document.createElement("p");
  p.className = `govuk-body ${extraClass}`.trim();
  p.textContent = text;
  return p;
}

function showDetails(details, result) {
  details.replaceChildren();
  if (!result.sentences.length) return;
  details.append(paragraph(`Words in each sentence (${MAX_SENTENCE_WORDS} at most):`, "govuk-!-margin-bottom-1"));
  const list = document.createElement("ol");
  list.className = "govuk-list govuk-list--number";
  for (const sentence of result.sentences) {
    const item = document.createElement("li");
    item.textContent = `\u201c${sentence.start}\u201d: ${counted(sentence.words, "word")}`;
    if (sentence.tooLong) {
      const strong = document.createElement("strong");
      strong.textContent = "Too long: split it into shorter sentences.";
      item.append(". ", strong);
    }
    list.append(item);
  }
  details.append(list);
  if (result.hard.length) {
    details.append(paragraph(`Hard words: ${result.hard.join(", ")}. Explain them, or add them to the glossary.`));
  }
  for (const message of [...result.numbers, ...result.percentages]) details.append(paragraph(message));
  if (result.score !== null) {
    details.append(
      paragraph(
        `Readability score: ${result.score} out of 100 (${readingEaseWords(result.score)}). ` +
          `Easy read scores ${GOOD_READING_EASE} or more.`,
        "govuk-!-margin-bottom-0",
      ),
    );
  }
}

function enhance(box) {
  const panel = document.getElementById(`${box.id}-guidance`);
  if (!panel || panel.dataset.enhanced) return;
  panel.dataset.enhanced = "1";
  const status = panel.querySelector("[data-easy-read-summary]");
  const details = panel.querySelector("[data-easy-read-details]");
  let glossary = [];
  try {
    glossary = JSON.parse(panel.dataset.glossary || "[]");
  } catch {
    glossary = [];
  }
  let timer = null;
  let lastText = box.value;
  const update = () => {
    timer = null;
    if (box.value === lastText) return;
    lastText = box.value;
    const result = check(box.value, glossary);
    showDetails(details, result);
    const words = summary(result);
    if (words && status.textContent !== words) status.textContent = words;
  };
  box.addEventListener("input", () => {
    // Wait for a pause in typing, so the live region speaks at most once a second, never on every key.
    if (timer) window.clearTimeout(timer);
    timer = window.setTimeout(update, PAUSE_MS);
  });
}

if (typeof document !== "undefined") document.querySelectorAll("textarea[data-easy-read]").forEach(enhance);
