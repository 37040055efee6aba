// `dateline facts draft`: an article (plain text or HTML) turned into a draft pack for a person
// to review. One candidate per statement, its quote verbatim; a date only at the precision the
// text states it, in the statement itself or (for "during the same month") the sentence before;
// entity, theme, title and summary guesses marked for review with YAML comments.
import { factDateText } from '../dates/fact-date.ts';
import { statedDates } from './article-dates.ts';
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
  /** For the reviewer: why a date was or was not taken, whom "the firm" in the title is. */
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
  /** The sentences before this one since the last headline, nearest last: whom "the firm" means. */
  let before: string[] = [];
  for (const statement of statements(input.text)) {
    if (statement.headline) {
      previous = undefined;
      before = [];
      continue;
    }
    const sentence = statement.text;
    const context = before;
    before = [...before, sentence].slice(-REFERENT_SENTENCES);
    if (sentence.split(/\s+/).filter((word) => /\p{L}/u.test(word)).length < STATEMENT_MIN_WORDS) continue;
    const stated = statedDates(sentence);
    const notes = [...stated.notes];
    const distinct = stated.dates.filter((one, index) => stated.dates.findIndex((other) => sameDate(one.date, other.date)) === index);
    let quote = sentence;
    let date: FactDate | undefined;
    let dateNote: string | undefined;
    let asOf = false;
    let period: string | undefined;
    if (distinct.length === 1) {
      const only = distinct[0]!;
      date = only.date;
      asOf = only.asOf;
      dateNote = `stated: "${asOf ? 'as of ' : ''}${only.words}"${only.period ? ', dated by its year' : ''}`;
      if (only.period) period = only.words;
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
    const entities = entityCandidates(quote, names);
    // A one-sentence quote that says "the firm": the title names whom, the quote stays as written.
    const said = quote === sentence ? REFERENCE.exec(sentence) : null;
    const named = said ? referent(context, names) : undefined;
    if (said && named) {
      notes.push(`"${said[0]}" in the title is ${named}, named in the sentences before`);
      if (!entities.includes(named)) entities.unshift(named);
    }
    const title = draftTitle(said && named ? sentence.replace(REFERENCE, named) : sentence, {
      ...(asOf && distinct[0] ? { asOfWords: distinct[0].words } : {}),
      ...(period ? { period } : {}),
    });
    const themes = guessThemes(quote, input.themes);
    const candidate: Candidate = {
      id: uniqueId(title, ids),
      asOf,
      title,
      summary: clip(quote, SUMMARY_MAX),
      themes: themes.ids,
      themeNote: themes.note,
      entities: entities.slice(0, ENTITIES_MAX),
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

/**
 * The sentence as a title; a status says "As of <date>" first, as every status title does, and a
 * quarter, half or season dated by its year stays in the title even when the sentence is clipped.
 */
function draftTitle(sentence: string, { asOfWords, period }: { asOfWords?: string; period?: string }): string {
  let title = sentence.replace(/[.!?]["”’]?$/, '').trim();
  if (asOfWords && !/^as of\b/i.test(title)) {
    title = `As of ${asOfWords}: ${title.replace(/\s*\(as of [^)]*\)/i, '').replace(/,?\s*as of [^,]*$/i, '')}`;
  }
  const clipped = clip(title, TITLE_MAX);
  return period && !clipped.includes(period) ? clip(`${period}: ${title}`, TITLE_MAX) : clipped;
}

/** Words by which a sentence means an organisation the sentences before it name. */
const REFERENCE = /\bthe (?:firm|startup|start-up|company)\b/i;
const REFERENT_SENTENCES = 3;

/**
 * Whom "the firm" means: the name the sentences before use most, one that opens a sentence
 * counting twice, the nearest first among equals.
 */
function referent(before: readonly string[], names: ReadonlySet<string>): string | undefined {
  const scores = new Map<string, { score: number; last: number }>();
  before.forEach((sentence, at) => {
    entityCandidates(sentence, names).forEach((entity, index) => {
      const known = scores.get(entity) ?? { score: 0, last: 0 };
      scores.set(entity, { score: known.score + (index === 0 ? 2 : 1), last: at });
    });
  });
  return [...scores.entries()].sort(([, a], [, b]) => b.score - a.score || b.last - a.last)[0]?.[0];
}

/** A kebab-case id from the title's Latin words; one that opens with a number would read as one in YAML. */
function uniqueId(title: string, taken: Set<string>): string {
  const words = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9\s]/g, ' ')
    .split(/\s+/)
    .filter((word) => word && !['a', 'an', 'the', 'of', 'and', 'in', 'on', 'as', 'to', 'for', 'its', 'is', 'has'].includes(word));
  const first = words.findIndex((word) => /[a-z]/.test(word));
  const base = first < 0 ? 'fact' : words.slice(first, first + 6).join('-');
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
  AI CEO CT MRI MRIs HR FAQ FAQs R&D MoU CAGR Q1 Q2 Q3 Q4 H1 H2 January February March April May June July August September October November December`.split(
    /\s+/,
  ),
);
/** Words that make a run of capitals a phrase in title case ("All You Need"), not a name. */
const PHRASE_WORDS = new Set(['All', 'Any', 'Each', 'Every', 'I', 'My', 'No', 'Our', 'We', 'You', 'Your']);
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
    // "USFDA510(k)" is a code, not a name; "All You Need" is a phrase in title case.
    if (quote[match.index + match[0].length] === '(' || match[0].split(/\s+/).some((word) => PHRASE_WORDS.has(word))) continue;
    const atStart = /^[\s"“‘]*$/.test(quote.slice(0, match.index));
    const oneName = / of /.test(match[0]) || /^\s*\([A-Z]{2,}\)/.test(quote.slice(match.index + match[0].length));
    const parts = match[0].split(/['’]s\s+/).flatMap((part) => (oneName ? [part] : part.split(/\s+and\s+/)));
    for (const [index, part] of parts.entries()) add(part.replace(/['’]s$/, ''), atStart && index === 0);
  }
  return found;
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
