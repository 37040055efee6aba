// `dateline facts draft`: an article (plain text or HTML) turned into a draft pack for a person
// to review. One candidate per statement, its quote verbatim; a date only at the precision the
// text states it, in the statement itself or (for "during the same month") the sentence before;
// entity, theme, title and summary guesses marked for review with YAML comments.
import * as chrono from 'chrono-node';
import { factDateText } from '../dates/fact-date.ts';
import { foldText } from './provenance.ts';
import type { FactDate } from '../dates/fact-date.ts';
import type { Source, Theme } from './types.ts';

/** A sentence of the article, or a headline (a line without a full stop that opens a section). */
export interface Statement {
  text: string;
  headline: boolean;
}

export interface Candidate {
  id: string;
  date?: FactDate;
  /** The words that state the date, or say where it was taken from. */
  dateNote?: string;
  /** A status at its date ("As of July 2023, …") rather than an event. */
  asOf: boolean;
  title: string;
  summary: string;
  themes: string[];
  themeNote: string;
  entities: string[];
  quote: string;
  /** Why a date was not taken, for the reviewer. */
  notes: string[];
}

export interface DraftInput {
  /** The article's readable text (see articleText). */
  text: string;
  source: Source;
  themes: readonly Theme[];
  /** Quotes of an existing pack (--merge): statements they already quote are skipped. */
  existingQuotes?: readonly string[];
  /** Fact ids already taken, in FACTS_DIR or the merged pack. */
  takenIds?: ReadonlySet<string>;
}

const TITLE_MAX = 200;
const SUMMARY_MAX = 1_000;
const HEADLINE_MAX_WORDS = 12;
/** A statement needs a few words: a lone URL or a byline is not one. */
const STATEMENT_MIN_WORDS = 4;
const ENTITIES_MAX = 8;
const YEAR = '(1[89]\\d\\d|20\\d\\d)';
const RANGE = new RegExp(`\\b${YEAR}\\s*(?:-|\u2013|\u2014|~|to)\\s*${YEAR}\\b`, 'g');
const TARGET = new RegExp(`\\b(?:by|until|till|through|before)\\s+(?:the\\s+end\\s+of\\s+)?${YEAR}\\b`, 'gi');
const SINCE = new RegExp(`\\bsince\\s+${YEAR}\\b`, 'gi');
const YEAR_MENTION = new RegExp(`\\b(?:in|during|of|for|from)\\s+(?:early\\s+|late\\s+|mid-)?${YEAR}\\b`, 'gi');
const SAME_PERIOD = /\b(?:during|in|later in|earlier in)\s+(?:the\s+)?same\s+(month|year)\b|\b(?:later|earlier)\s+that\s+(month|year)\b/i;
/** Segments that end in one of these were cut at an abbreviation, not at a sentence's end. */
const ABBREVIATION_END = /(?:\b(?:[A-Z]\.){2,}|\b(?:Mr|Mrs|Ms|Dr|Prof|Inc|Co|Corp|Ltd|St|No|vs|etc|e\.g|i\.e)\.)\s*$/;

/** The article's statements in reading order: paragraphs split into sentences, headlines apart. */
export function statements(text: string): Statement[] {
  const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  const found: Statement[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    const longest = Math.max(0, ...lines.map((line) => line.length));
    let paragraph: string[] = [];
    const flush = () => {
      const joined = paragraph.join(' ').replace(/\s+/g, ' ').trim();
      paragraph = [];
      if (!joined) return;
      let pending = '';
      for (const { segment } of segmenter.segment(joined)) {
        pending += segment;
        if (!ABBREVIATION_END.test(pending)) {
          found.push({ text: pending.trim(), headline: false });
          pending = '';
        }
      }
      if (pending.trim()) found.push({ text: pending.trim(), headline: false });
    };
    lines.forEach((line, index) => {
      const opensParagraph = paragraph.length === 0;
      const next = lines[index + 1];
      const headline =
        opensParagraph &&
        !/[.!?:;,"”’)\]]$/.test(line) &&
        line.split(/\s+/).length <= HEADLINE_MAX_WORDS &&
        (next === undefined ? lines.length === 1 : /^["“‘A-Z0-9]/.test(next) && line.length < 0.7 * longest);
      if (headline) found.push({ text: line, headline: true });
      else paragraph.push(line);
      if (/[.!?]["”’)]?$/.test(line)) flush();
    });
    flush();
  }
  return found;
}

interface StatedDate {
  date: FactDate;
  words: string;
  asOf: boolean;
}

/** The dates a sentence states, and notes on those it names but that are not its date. */
function statedDates(sentence: string): { dates: StatedDate[]; notes: string[]; samePeriod?: 'month' | 'year' } {
  const notes: string[] = [];
  const dates: StatedDate[] = [];
  let rest = sentence;
  const mask = (start: number, length: number) => {
    rest = rest.slice(0, start) + ' '.repeat(length) + rest.slice(start + length);
  };
  for (const result of chrono.parse(sentence, new Date(2000, 0, 1))) {
    const { start } = result;
    // A month must be named with a capital: "may" is a verb far more often than a month.
    if (!start.isCertain('month') || !/[A-Z]/.test(result.text)) continue;
    mask(result.index, result.text.length);
    const words = result.text.replace(/^on\s+/i, '').replace(/[,\s]+$/, '');
    if (!start.isCertain('year')) {
      notes.push(`"${words}" has no year: left undated (never guess the year)`);
      continue;
    }
    const year = start.get('year')!;
    const month = start.get('month')!;
    const date: FactDate = start.isCertain('day')
      ? { precision: 'day', year, month, day: start.get('day')! }
      : { precision: 'month', year, month };
    dates.push({ date, words, asOf: /\bas of\s*$/i.test(sentence.slice(0, result.index)) });
  }
  for (const match of [...rest.matchAll(RANGE)]) {
    notes.push(`${match[0]} is a range, not the event's date`);
    mask(match.index, match[0].length);
  }
  const targets = [...rest.matchAll(TARGET)];
  for (const match of targets) {
    notes.push(`"${match[0]}" is a target, not the event's date`);
    mask(match.index, match[0].length);
  }
  for (const match of [...rest.matchAll(SINCE)]) {
    notes.push(`"${match[0]}" starts a period, not an event's date`);
    mask(match.index, match[0].length);
  }
  for (const match of rest.matchAll(YEAR_MENTION)) {
    const words = match[0].replace(/^\w+\s+/, '');
    if (targets.length > 0) notes.push(`${words} is the baseline of a projection, not an event's date`);
    else
      dates.push({ date: { precision: 'year', year: Number(match[1]) }, words, asOf: /\bas of\s*$/i.test(sentence.slice(0, match.index)) });
  }
  const same = SAME_PERIOD.exec(sentence);
  const samePeriod = (same?.[1] ?? same?.[2])?.toLowerCase() as 'month' | 'year' | undefined;
  return { dates, notes, ...(samePeriod ? { samePeriod } : {}) };
}

/** A date cut to a coarser precision ("during the same month" of a day-precision date). */
function atPrecision(date: FactDate, precision: 'month' | 'year'): FactDate | undefined {
  if (precision === 'year') return { precision: 'year', year: date.year };
  return date.precision === 'year' ? undefined : { precision: 'month', year: date.year, month: date.month };
}

const sameDate = (a: FactDate, b: FactDate) => factDateText(a) === factDateText(b);

/** Every statement of the article as a candidate fact, minus those an existing pack already quotes. */
export function draftCandidates(input: DraftInput): { candidates: Candidate[]; skipped: number } {
  const existing = (input.existingQuotes ?? []).map(foldText);
  // A pack may quote a sentence without the quotation marks around the speaker's words.
  const bare = (text: string) => foldText(text).replace(/^["']+|["']+$/g, '');
  const ids = new Set(input.takenIds ?? []);
  const names = midSentenceNames(input.text);
  const candidates: Candidate[] = [];
  let skipped = 0;
  let previous: { text: string; date?: FactDate } | undefined;
  for (const statement of statements(input.text)) {
    if (statement.headline) {
      previous = undefined;
      continue;
    }
    const sentence = statement.text;
    if (sentence.split(/\s+/).filter((word) => /\p{L}/u.test(word)).length < STATEMENT_MIN_WORDS) continue;
    const stated = statedDates(sentence);
    const notes = [...stated.notes];
    const distinct = stated.dates.filter((one, index) => stated.dates.findIndex((other) => sameDate(one.date, other.date)) === index);
    let quote = sentence;
    let date: FactDate | undefined;
    let dateNote: string | undefined;
    let asOf = false;
    if (distinct.length === 1) {
      date = distinct[0]!.date;
      asOf = distinct[0]!.asOf;
      dateNote = `stated: "${asOf ? 'as of ' : ''}${distinct[0]!.words}"`;
    } else if (distinct.length > 1) {
      notes.push(`states several dates (${distinct.map((one) => one.words).join('; ')}): left undated, split it or pick one`);
    } else if (stated.samePeriod) {
      const earlier = previous?.date && atPrecision(previous.date, stated.samePeriod);
      if (previous && earlier) {
        date = earlier;
        quote = `${previous.text} ${sentence}`;
        dateNote = `"the same ${stated.samePeriod}" as the sentence before, which the quote includes`;
      } else notes.push(`"the same ${stated.samePeriod}" has no dated sentence before it: left undated`);
    }
    // The next "during the same month" quotes this whole quote, so that its date stays stated in it.
    previous = { text: quote, ...(date ? { date } : {}) };
    const core = bare(sentence);
    if (existing.some((known) => known.includes(core))) {
      skipped++;
      continue;
    }
    const title = draftTitle(sentence, asOf && distinct[0] ? distinct[0].words : undefined);
    const themes = guessThemes(quote, input.themes);
    const candidate: Candidate = {
      id: uniqueId(title, ids),
      asOf,
      title,
      summary: clip(quote, SUMMARY_MAX),
      themes: themes.ids,
      themeNote: themes.note,
      entities: entityCandidates(quote, names),
      quote,
      notes,
      ...(date ? { date } : {}),
      ...(dateNote ? { dateNote } : {}),
    };
    candidates.push(candidate);
  }
  return { candidates, skipped };
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 1)).trimEnd()}…`;
}

/** The sentence as a title; a status says "As of <date>" first, as every status title does. */
function draftTitle(sentence: string, asOfWords: string | undefined): string {
  let title = sentence.replace(/[.!?]["”’]?$/, '').trim();
  if (asOfWords && !/^as of\b/i.test(title)) {
    title = `As of ${asOfWords}: ${title.replace(/\s*\(as of [^)]*\)/i, '').replace(/,?\s*as of [^,]*$/i, '')}`;
  }
  return clip(title, TITLE_MAX);
}

function uniqueId(title: string, taken: Set<string>): string {
  const words = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9\s]/g, ' ')
    .split(/\s+/)
    .filter((word) => word && !['a', 'an', 'the', 'of', 'and', 'in', 'on', 'as', 'to', 'for', 'its', 'is', 'has'].includes(word));
  const base = words.slice(0, 6).join('-') || 'fact';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

const keywordPattern = (keyword: string) =>
  new RegExp(`(?<![\\p{L}\\p{N}])${keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'iu');

/** The themes whose keywords the quote uses most; the first theme, marked, when none matches. */
function guessThemes(quote: string, themes: readonly Theme[]): { ids: string[]; note: string } {
  const scored = themes.map((theme) => {
    const hits = (theme.keywords ?? []).filter((keyword) => keywordPattern(keyword).test(quote));
    return { id: theme.id, hits };
  });
  const best = Math.max(0, ...scored.map((theme) => theme.hits.length));
  if (best === 0) return { ids: [themes[0]!.id], note: 'review: no theme keyword matched; the first theme is a placeholder' };
  const chosen = scored
    .filter((theme) => theme.hits.length >= Math.max(1, best - 1))
    .sort((a, b) => b.hits.length - a.hits.length)
    .slice(0, 2);
  return {
    ids: chosen.map((theme) => theme.id),
    note: `review: guessed from ${chosen.map((theme) => `${theme.id} (${theme.hits.join(', ')})`).join('; ')}`,
  };
}

/** Words that open sentences or name nothing in particular, though capitalised. */
const NOT_NAMES = new Set(
  `A An And As At But By During For From He Her His However If In It Its Moreover Notably Additionally Furthermore Similarly Specifically
  Besides Several Some Since Such That The Their Then There These They This Those To Under We When While With Out According Later Earlier
  AI CEO CT MRI MRIs HR FAQ FAQs R&D MoU CAGR January February March April May June July August September October November December`.split(
    /\s+/,
  ),
);
/** A run of capitalised words, with "of", "and", "for" between them; or a word with inner capitals (eVuno). */
const NAME_RUN = /(?:[A-Z][\p{L}\p{N}&.'’-]*|\p{Ll}+[A-Z][\p{L}\p{N}-]*)(?:\s+(?:(?:of|and|for)\s+)?[A-Z][\p{L}\p{N}&.'’-]*)*/gu;

/** Capitalised words the article uses in mid-sentence: a sentence's first word is a name only if it is one of these. */
function midSentenceNames(text: string): Set<string> {
  return new Set([...text.matchAll(/(?<=\p{Ll}[,]?\s+)[A-Z][\p{L}\p{N}-]*/gu)].map((match) => match[0]));
}

/**
 * Names the quote uses: organisations, products, people, places and acronyms alike. "and" joins
 * two names unless the run is one long name ("Ministry of Food and Drug Safety", or one an
 * acronym in brackets follows); a possessive ends a name; "AI-based" is no name.
 */
function entityCandidates(quote: string, names: ReadonlySet<string>): string[] {
  const found: string[] = [];
  const add = (run: string, atStart: boolean) => {
    const words = run.replace(/[.’'-]+$/, '').split(/\s+/);
    while (words.length > 0 && NOT_NAMES.has(words[0]!)) {
      words.shift();
      atStart = false;
    }
    while (
      words.length > 0 &&
      (NOT_NAMES.has(words.at(-1)!) || ['of', 'and', 'for'].includes(words.at(-1)!) || /^[A-Z]+-\p{Ll}+$/u.test(words.at(-1)!))
    )
      words.pop();
    const entity = words.join(' ');
    if (entity.length < 2 || found.includes(entity)) return;
    if (atStart && words.length === 1 && !names.has(entity)) return;
    found.push(entity);
  };
  for (const match of quote.matchAll(NAME_RUN)) {
    const atStart = /^[\s"“‘]*$/.test(quote.slice(0, match.index));
    const oneName = / of /.test(match[0]) || /^\s*\([A-Z]{2,}\)/.test(quote.slice(match.index + match[0].length));
    const parts = match[0].split(/['’]s\s+/).flatMap((part) => (oneName ? [part] : part.split(/\s+and\s+/)));
    for (const [index, part] of parts.entries()) add(part.replace(/['’]s$/, ''), atStart && index === 0);
  }
  return found.slice(0, ENTITIES_MAX);
}

const yamlText = (text: string) => JSON.stringify(text);
const yamlList = (items: readonly string[]) => `[${items.map(yamlText).join(', ')}]`;

/** The draft as a pack file, every guess marked for review. */
export function draftYaml(source: Source, candidates: readonly Candidate[], header: string[]): string {
  const lines = [
    ...header.map((line) => `# ${line}`),
    'sources:',
    `  - id: ${source.id}`,
    `    title: ${yamlText(source.title)}`,
    ...(['publisher', 'published', 'author', 'url', 'text', 'sha256'] as const).flatMap((key) =>
      source[key] ? [`    ${key}: ${yamlText(source[key])}`] : [],
    ),
    'facts:',
  ];
  for (const candidate of candidates) {
    lines.push(`  - id: ${candidate.id}`);
    if (candidate.date)
      lines.push(
        `    date: "${factDateText(candidate.date)}"    # ${candidate.dateNote}${candidate.asOf ? ' (a status at that date)' : ''}`,
      );
    for (const note of candidate.notes) lines.push(`    # review: ${note}`);
    lines.push(
      `    title: ${yamlText(candidate.title)}    # review: drafted from the quote`,
      `    summary: ${yamlText(candidate.summary)}    # review: the quote itself; say it in one to three sentences`,
      `    themes: ${yamlList(candidate.themes)}    # ${candidate.themeNote}`,
      `    entities: ${yamlList(candidate.entities)}    # review: candidates found in the quote`,
      `    quote: ${yamlText(candidate.quote)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
