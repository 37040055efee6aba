// Provenance checks: every quote stands verbatim in its source's text, and the text is the one
// the pack recorded (its sha256). Source texts live outside the repository (they are others'
// articles), in a folder given as --sources or FACTS_SOURCES_DIR; a source names its file.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { distance } from 'fastest-levenshtein';
import { convert } from 'html-to-text';

/** Typographic quotes and dashes, as an article and a pack author's keyboard may spell them differently. */
const SINGLE_QUOTES = /[\u2018\u2019\u201a\u201b\u2032]/g;
const DOUBLE_QUOTES = /[\u201c\u201d\u201e\u201f\u2033]/g;
const DASHES = /[\u2010-\u2015\u2212]/g;
/** The longest closest passage a message quotes. */
const PASSAGE_MAX = 400;

/** Text compared as a reader would: whitespace, typographic quotes and dashes folded. */
export function foldText(text: string): string {
  return text.normalize('NFC').replace(SINGLE_QUOTES, "'").replace(DOUBLE_QUOTES, '"').replace(DASHES, '-').replace(/\s+/g, ' ').trim();
}

/** Whether an article is an HTML page: by its name, or by its first character. */
export const isHtml = (raw: string, fileName: string) => ['.html', '.htm'].includes(extname(fileName).toLowerCase()) || /^\s*</.test(raw);

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } }));

/** An article's readable text: HTML stripped to its text (paragraphs kept apart), plain text as it is. */
export function articleText(raw: string, fileName: string): string {
  if (!isHtml(raw, fileName)) return raw;
  return convert(raw, {
    wordwrap: false,
    selectors: [
      ...HEADINGS,
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'script', format: 'skip' },
      { selector: 'style', format: 'skip' },
      { selector: 'nav', format: 'skip' },
    ],
  });
}

export const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

export interface SourceText {
  sha256: string;
  /** The article's text, folded (see foldText). */
  folded: string;
}

/** Source texts read once each from a folder. */
export class SourceTexts {
  private readonly read = new Map<string, SourceText | undefined>();

  constructor(readonly dir: string) {}

  /** The text of a file in the folder, or undefined when it is not there. */
  get(fileName: string): SourceText | undefined {
    if (!this.read.has(fileName)) this.read.set(fileName, this.load(fileName));
    return this.read.get(fileName);
  }

  private load(fileName: string): SourceText | undefined {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(this.dir, fileName));
    } catch {
      return undefined;
    }
    return { sha256: sha256(bytes), folded: foldText(articleText(bytes.toString('utf8'), fileName)) };
  }
}

/** Undefined when the quote stands in the text; otherwise why not, with the closest passage. */
export function quoteProblem(quote: string, source: SourceText, fileName: string): string | undefined {
  const wanted = foldText(quote);
  if (source.folded.includes(wanted)) return undefined;
  const passage = closestPassage(source.folded, wanted);
  const shown = passage.length > PASSAGE_MAX ? `${passage.slice(0, PASSAGE_MAX)}…` : passage;
  return `quote not found in ${fileName} (it departs from the source at "${departure(wanted, passage)}…"); closest passage: "${shown}"`;
}

/** Characters of each end of a quote compared when shortlisting passages. */
const ANCHOR_CHARS = 64;
const SHORTLIST = 25;

/**
 * The passage of `text` as long as `wanted` (at a word start) with the fewest edits from it.
 * Every word start is scored by its two ends alone (cheap: each fits one machine word of
 * fastest-levenshtein's bit-parallel algorithm), and only the best few are compared in full:
 * a one-word change leaves at least one end intact.
 */
function closestPassage(text: string, wanted: string): string {
  const head = wanted.slice(0, ANCHOR_CHARS);
  const tail = wanted.slice(-ANCHOR_CHARS);
  const starts: { at: number; score: number }[] = [];
  for (let at = 0; at < text.length; at++) {
    if (at > 0 && text[at - 1] !== ' ') continue;
    const end = at + wanted.length;
    starts.push({
      at,
      score: Math.min(distance(head, text.slice(at, at + head.length)), distance(tail, text.slice(end - tail.length, end))),
    });
  }
  starts.sort((a, b) => a.score - b.score);
  let best = { at: 0, edits: Infinity };
  for (const { at } of starts.slice(0, SHORTLIST)) {
    const edits = distance(wanted, text.slice(at, at + wanted.length));
    if (edits < best.edits) best = { at, edits };
  }
  return text.slice(best.at, best.at + wanted.length);
}

/** The quote's words from the one where it first parts from the passage. */
function departure(wanted: string, passage: string): string {
  let at = 0;
  while (at < wanted.length && wanted[at] === passage[at]) at++;
  const wordStart = wanted.lastIndexOf(' ', at - 1) + 1;
  return wanted.slice(wordStart, wordStart + 40).trim();
}
