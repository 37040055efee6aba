// The full-text index behind search: SQLite FTS5 (in the better-sqlite3 the store already uses),
// ranked by bm25() with titles, entities and aliases weighing more than summaries, and cut by
// LIMIT inside SQLite. Every word's best facts are ranked once, when the index is built (its
// champion list), so that a one-word search reads a few rows where it would score every fact
// that has the word or one of its completions and misspellings. Prefixes and typos are words of
// the index's own vocabulary, found in a radix tree: the shortest that begin the word, and those
// within an edit distance. The index lives in the packs' built file (see built.ts), so a start
// opens it instead of building; without one, it is built in memory.
import { setImmediate as nextTurn } from 'node:timers/promises';
import Database from 'better-sqlite3';
import SearchableMap from 'minisearch/SearchableMap';
import type { Fact } from './types.ts';
import { isCommonWord, isEnglishCompound, isEnglishWord } from './common-words.ts';
import { bridgesOf, forgetWordNet } from './wordnet.ts';
import {
  boundWords,
  joinedWords,
  type QuestionWord,
  questionWords,
  searchTerm,
  stemOf,
  tokenize,
  WORD_SEPARATORS,
  writtenOut,
} from './words.ts';

/** Groups of words search treats as one (facts/synonyms.yaml): "haemorrhage", "hemorrhage", "bleed". */
export type SynonymGroups = readonly (readonly string[])[];

/** Change this whenever the same facts would be indexed differently. */
export const INDEX_VERSION = 'dateline-search-7';
const COLUMNS = ['title', 'entities', 'aliases', 'synonyms', 'bridges', 'summary'] as const;
const INSERT_ROW = `INSERT INTO facts(rowid, ${COLUMNS.join(', ')}) VALUES (?, ${COLUMNS.map(() => '?').join(', ')})`;
/**
 * bm25() weights, in column order: what a fact is named by weighs more than what it says. FTS5
 * normalises by the length of the whole row, not of each column as MiniSearch did, so it takes
 * more than MiniSearch's boost of 3 for a title word to outweigh a short summary that repeats it.
 */
const WEIGHTS = [10, 10, 10, 0.5, 0.25, 1];
const BM25 = `bm25(facts, ${WEIGHTS.join(', ')})`;
/** The facts that match, best first (ties in index order), for a LIMIT to cut. */
const SCORED = `SELECT rowid, ${BM25} AS score FROM facts WHERE facts MATCH ? ORDER BY score, rowid`;
/**
 * Facts kept for each word when the index is built (its champion list), best first: more than a
 * page of results. A one-word search reads them instead of scoring every fact that has the word.
 */
const CHAMPIONS = 20;
/** Champion lists written between two turns of the event loop while building in the background. */
const CHAMPIONS_CHUNK = 500;
/**
 * Completions and typo candidates per word: the shortest and the nearest words of the vocabulary.
 * In a question, every word added costs its whole list of facts: this bounds a query's work.
 */
const MAX_EXPANSIONS = 8;
/** Completions looked at to choose the shortest from. */
const MAX_SCANNED_COMPLETIONS = 500;
/** What a completion's and a misspelling's matches count for beside the word's own (MiniSearch's defaults). */
const PREFIX_WEIGHT = 0.375;
const TYPO_WEIGHT = 0.45;
/** Words of this length with no neighbour one edit away are looked up two edits away, keeping their first letter. */
const WIDE_TYPO_LENGTH = 6;
const WIDE_TYPO_DISTANCE = 2;
/** What an English word that no fact has counts for, beside a name that no fact has. */
const ENGLISH_WORD_WEIGHT = 0.5;
/**
 * What a word among the commonest of spoken English ("help", "right", "hands") counts for beside
 * its inverse document frequency when the facts have it, unless through a synonym group: it may
 * be a verb or filler of the question, and a pack of few facts gives it a rare word's weight.
 */
const COMMON_WORD_WEIGHT = 0.5;
/**
 * What a question's name counts for in a fact that has it only in passing, in its title or
 * summary but not as an entity or alias ("China" in "South Korea is catching up with China…"):
 * such a fact is about something else, and does not answer a question about that name.
 */
const ASIDE_WEIGHT = 0.5;
/** Single letters joined by punctuation ("s/w", "w/o"): an abbreviation that may mean anything, not a name. */
const ABBREVIATION = /^\p{L}(?:[-&./+]\p{L})+$/u;
/** A word typed as a name: a capital and a small letter ("China", "Lunit"), not an acronym ("MRIs", "AI"). */
const NAME_LIKE = /^\p{Lu}\p{Ll}/u;
/** The columns whose words are names. */
const NAME_COLUMNS = ['entities', 'aliases'] as const;
/** A query's prefix that matches in the columns of what a fact says, not in its synonyms and bridges. */
const SAID = `{${COLUMNS.filter((column) => column !== 'synonyms' && column !== 'bridges').join(' ')}} :`;
/** A query's prefix that matches in those columns only. */
const NAMED = `{${NAME_COLUMNS.join(' ')}} :`;
/**
 * What a fact that has a word as an entity or alias scores above one that has it elsewhere, added
 * after bm25()'s saturation (which otherwise leaves an entity some 6% above a title word): a
 * word's facts that are named by it come first in its champion list.
 */
const NAME_BONUS = 100;
/** What a word's stem counts for beside the word ("invested" for "investment"). */
const STEM_WEIGHT = 0.8;
/**
 * The share of a question's information (see `weigh`) a fact must have to answer it when no fact
 * has every word: more than half for a short question, less for a long one, which says more than
 * any one fact does (often two things at once).
 */
const COVERAGE_SHORT = 0.6;
const COVERAGE_LONG = 0.35;
/** Informative words up to which a question is short, and from which it is long. */
const SHORT_QUESTION = 5;
const LONG_QUESTION = 10;
/** Facts scored, by bm25() over any of a question's words, to choose those that have enough of them. */
const COVERAGE_CANDIDATES = 60;
/** Words between a word a question binds to a name and that name in a fact (stopwords not counted): "Bertis CEO", "CEO of Bertis". */
const BOUND_DISTANCE = 3;
/** Facts offered as near when none answers. */
const NEAR = 3;
/** Facts inserted between two turns of the event loop while building in the background. */
const BUILD_CHUNK = 2_000;

interface ScoredRow {
  rowid: number;
  score: number;
}

/** A question's word as search weighs it (see SearchIndex's `needs`). */
interface Need {
  typed: string;
  term: string;
  /** The term, its stem, completions and near misspellings, each with what its matches count for. */
  terms: Map<string, number>;
  /** Whether any fact has it. */
  known: boolean;
  weight: number;
  /** Whether it names someone or something ("China", "Lunit"): a fact that has it only in passing, not as an entity or alias, has it in part. */
  name: boolean;
}

const byWeight = (needs: readonly Need[]) => [...needs].sort((a, b) => b.weight - a.weight);

/**
 * How much of a question's word a fact has through one of its terms, for the relevance rule: the
 * whole word through its stem or a misspelling ("vunno" is Vuno as meant, though it ranks below
 * the word as written), and what a completion counts for through a completion ("radi").
 */
const meant = (need: Need, term: string, counts: number) => (term === need.term || !term.startsWith(need.term) ? 1 : counts);

export interface SearchResult {
  hits: IndexHit[];
  total: number;
  /** With no hits: the informative words that no fact near the question has, most informative first. */
  missing: string[];
  /** With no hits: the facts that have the most of the question, best first. */
  near: IndexHit[];
}

export interface IndexHit {
  /** The fact's position in the array the index was built from. */
  position: number;
  score: number;
}

/** Words of this length or more may have two neighbouring letters swapped ("vnuo" for Vuno), or be a name one edit away ("merk"). */
const SWAP_LENGTH = 4;

/** The word with each pair of neighbouring letters swapped: "kiast" → ikast, kaist, kisat, kiats. */
function swapped(word: string): string[] {
  if (word.length < SWAP_LENGTH) return [];
  const letters = [...word];
  const words: string[] = [];
  for (let i = 0; i + 1 < letters.length; i++)
    if (letters[i] !== letters[i + 1]) words.push([...letters.slice(0, i), letters[i + 1], letters[i], ...letters.slice(i + 2)].join(''));
  return words;
}

/** Short words stay exact: prefix or typo matching "ai" would match half the vocabulary. */
const prefixOf = (word: string) => word.length >= 3;
/** As MiniSearch's fuzzy 0.2 with maxFuzzy 2 did: one edit from 5 letters, two from 8. */
const typoDistance = (word: string) => (word.length >= 5 ? Math.min(2, Math.round(word.length * 0.2)) : 0);

/**
 * Words that FTS5 reads as one token, folded to nothing else: when the vocabulary does not have
 * one, no fact does. Other scripts may be split (हिन्दी) or folded (ς to σ) by FTS5's tokenizer.
 */
const READ_AS_WRITTEN = /^[a-z0-9\p{Script=Hangul}]+$/u;

/** A term as an FTS5 string: quoted, quotes doubled, so that no word is read as an operator. */
const quoted = (term: string) => `"${term.replaceAll('"', '""')}"`;

/** Terms as one FTS5 group: a fact with any of them matches. */
const group = (terms: readonly string[]) => `(${terms.map(quoted).join(' OR ')})`;

/**
 * A field's text as the index keeps it, written out as a question is ("$2.11bn" → $2.11 billion,
 * "govt" → government: see `writtenOut`): search terms, stopwords dropped, separated by spaces,
 * then the other forms of its words: their stems ("invested" → "invest") and punctuated words
 * joined ("R&D" → "rd"). A word as written thus matches both its term and its stem, and ranks
 * above a word that shares only the stem.
 */
function indexText(field: string): string {
  const text = writtenOut(field);
  const terms: string[] = [];
  const forms: string[] = [];
  for (const word of text.split(WORD_SEPARATORS)) {
    const term = word ? searchTerm(word) : null;
    if (!term) continue;
    terms.push(term);
    const stem = stemOf(term);
    if (stem) forms.push(stem);
  }
  return [...terms, ...forms, ...joinedWords(text)].join(' ');
}

/** Synonym groups ready to be looked up: each member's words by its first word, with its group's number. */
interface GroupIndex {
  /** What a fact that mentions a member of each group adds: the group's members (see `oneWay`). */
  members: (readonly string[])[];
  /** Each member as its words' stems, listed under its first word. */
  byFirstWord: Map<string, { rest: string[]; group: number }[]>;
}

function groupIndex(synonyms: SynonymGroups): GroupIndex {
  const byFirstWord = new Map<string, { rest: string[]; group: number }[]>();
  synonyms.forEach((members, group) => {
    for (const member of members) {
      const [first, ...rest] = stems(tokenize(member));
      if (first) byFirstWord.set(first, [...(byFirstWord.get(first) ?? []), { rest, group }]);
    }
  });
  return { members: synonyms.map(oneWay), byFirstWord };
}

/**
 * The members of every synonym group that the fact's own words mention, as whole words or
 * phrases, compared by their stems: looked up word by word, so that a fact costs its length and
 * not the number of groups.
 */
function synonymsOf(fact: Fact, summary: string, groups: GroupIndex): string {
  if (groups.members.length === 0) return '';
  const words = stems(tokenize([fact.title, ...fact.entities, ...(fact.aliases ?? []), summary].join(' ')));
  const mentioned = new Set<number>();
  words.forEach((word, at) => {
    for (const { rest, group } of groups.byFirstWord.get(word) ?? [])
      if (rest.every((next, i) => words[at + 1 + i] === next)) mentioned.add(group);
  });
  return [...mentioned]
    .sort((a, b) => a - b)
    .flatMap((group) => groups.members[group]!)
    .join(' ');
}

const stems = (words: readonly string[]) => words.map((word) => stemOf(word) ?? word);
const HANGUL = /\p{Script=Hangul}/u;
const HANGUL_WORD = /^\p{Script=Hangul}+$/u;
/** English words run together ("drugdiscovery"), and the shortest word read in one. */
const RUN_TOGETHER = /^[a-z]{6,}$/;
const MIN_RUN_TOGETHER_PART = 3;
/** A group that mixes Korean and English words adds only its Korean ones: the English stay apart (facts/synonyms.yaml). */
function oneWay(members: readonly string[]): readonly string[] {
  const korean = members.filter((member) => HANGUL.test(member));
  return korean.length > 0 && korean.length < members.length ? korean : members;
}

/**
 * The words WordNet relates the fact's English words to (wordnet.ts: "acquired" → acquisition,
 * "Korean" → Korea), its names left out: they join the synonyms, so a literal match ranks first.
 */
function bridgedWords(fact: Fact, summary: string): string[] {
  const names = new Set(tokenize([...fact.entities, ...(fact.aliases ?? [])].join(' ')));
  const words = new Set<string>();
  for (const word of `${fact.title} ${summary}`.toLowerCase().split(WORD_SEPARATORS))
    if (!names.has(word) && searchTerm(word)) for (const bridged of bridgesOf(word)) words.add(bridged);
  return [...words];
}

/** A fact's row: its fields, in column order, as search terms. */
function rowMaker(synonyms: SynonymGroups): (fact: Fact) => string[] {
  // Words are compared by their stems, so that "bleeding" finds the group of "bleed".
  const groups = groupIndex(synonyms);
  return (fact) => {
    // Read once: a built fact reads its summary from the built file each time.
    const { summary } = fact;
    return [
      fact.title,
      fact.entities.join(' '),
      (fact.aliases ?? []).join(' '),
      synonymsOf(fact, summary, groups),
      bridgedWords(fact, summary).join(' '),
      summary,
    ].map(indexText);
  };
}

/** The tokens FTS5's unicode61 tokenizer makes of an index text: the terms whose champion lists it touches. */
const indexTerms = (texts: readonly string[]) => texts.flatMap((text) => text.toLowerCase().split(/[^\p{L}\p{N}\p{Co}]+/u)).filter(Boolean);

function createTables(db: Database.Database): void {
  db.exec(`CREATE VIRTUAL TABLE facts USING fts5(${COLUMNS.join(', ')}, tokenize = 'unicode61 remove_diacritics 0');
    CREATE VIRTUAL TABLE vocabulary USING fts5vocab(facts, 'row');
    CREATE TABLE names(term TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE TABLE champions(term TEXT PRIMARY KEY, hits BLOB) WITHOUT ROWID;`);
}

/** A word's champion list, from its facts scored by `scored`: a name's facts that have it as an entity or alias first, ahead by NAME_BONUS. */
function championsOf(scored: Database.Statement<[string], ScoredRow>, term: string, name: boolean): ScoredRow[] {
  const anywhere = scored.all(quoted(term));
  if (!name) return anywhere;
  const named = scored.all(`${NAMED} ${quoted(term)}`);
  const ahead = new Set(named.map((row) => row.rowid));
  return [
    ...named.map((row) => ({ rowid: row.rowid, score: row.score - NAME_BONUS })),
    ...anywhere.filter((row) => !ahead.has(row.rowid)),
  ].slice(0, CHAMPIONS);
}

/** The words of entities and aliases, and every word's champion list, a chunk at a time. */
function* rankAll(db: Database.Database): Generator<void> {
  db.exec(`CREATE VIRTUAL TABLE temp.columns USING fts5vocab(main, facts, 'col');
    INSERT INTO names SELECT DISTINCT term FROM temp.columns WHERE col IN (${NAME_COLUMNS.map((column) => `'${column}'`).join(', ')});
    DROP TABLE temp.columns;`);
  const terms = db
    .prepare<[], { term: string; name: number }>('SELECT term, term IN (SELECT term FROM names) AS name FROM vocabulary')
    .all();
  const scored = db.prepare<[string], ScoredRow>(`${SCORED} LIMIT ${CHAMPIONS}`);
  const keep = db.prepare<[string, Buffer]>('INSERT INTO champions(term, hits) VALUES (?, ?)');
  const keepChunk = db.transaction((from: number) => {
    for (const { term, name } of terms.slice(from, from + CHAMPIONS_CHUNK)) keep.run(term, packed(championsOf(scored, term, name === 1)));
  });
  for (let from = 0; from < terms.length; from += CHAMPIONS_CHUNK) {
    keepChunk(from);
    yield;
  }
}

/**
 * Ranks again the words of the rows that changed (`changed`: removed, added or rewritten): a word
 * no fact has any more loses its list; a list that lost none of its facts takes in the changed
 * rows' best, scored on a range of rows only (FTS5 scores only the rows in it), so that a common
 * word is not scored over every fact again; a name's list, and a full list that lost a fact, are
 * ranked again over every fact.
 */
function rankTouched(db: Database.Database, touched: ReadonlySet<string>, changed: ReadonlySet<number>): void {
  const has = db.prepare<[string], number>('SELECT 1 FROM facts WHERE facts MATCH ? LIMIT 1').pluck();
  const kept = db.prepare<[string], Buffer>('SELECT hits FROM champions WHERE term = ?').pluck();
  const scored = db.prepare<[string], ScoredRow>(`${SCORED} LIMIT ${CHAMPIONS}`);
  const scoredIn = db.prepare<[string, number, number], ScoredRow>(
    `SELECT rowid, ${BM25} AS score FROM facts WHERE facts MATCH ? AND rowid >= ? AND rowid <= ?`,
  );
  const keep = db.prepare<[string, Buffer]>('INSERT OR REPLACE INTO champions(term, hits) VALUES (?, ?)');
  const drop = db.prepare<[string]>('DELETE FROM champions WHERE term = ?');
  const addName = db.prepare<[string]>('INSERT OR IGNORE INTO names(term) VALUES (?)');
  const dropName = db.prepare<[string]>('DELETE FROM names WHERE term = ?');
  const first = Math.min(...changed);
  const last = Math.max(...changed);
  for (const term of touched) {
    if (has.get(quoted(term)) === undefined) {
      drop.run(term);
      dropName.run(term);
      continue;
    }
    const name = has.get(`${NAMED} ${quoted(term)}`) !== undefined;
    (name ? addName : dropName).run(term);
    const before = kept.get(term);
    const list = before ? rowsOf(before) : [];
    const lost = list.some((row) => changed.has(row.rowid));
    if (name || !before || (lost && list.length >= CHAMPIONS)) {
      keep.run(term, packed(championsOf(scored, term, name)));
      continue;
    }
    const now = scoredIn.all(quoted(term), first, last).filter((row) => changed.has(row.rowid));
    const merged = [...list.filter((row) => !changed.has(row.rowid)), ...now];
    keep.run(term, packed(merged.sort((a, b) => a.score - b.score || a.rowid - b.rowid).slice(0, CHAMPIONS)));
  }
}

/**
 * What a build changes in an index: the rows of the packs read again or gone (ranges of rowids,
 * end excluded), and the facts of the packs read again, each run numbered from its first row.
 */
export interface IndexChange {
  replaced: readonly (readonly [from: number, to: number])[];
  added: readonly { from: number; facts: readonly Fact[] }[];
}

/**
 * Writes the search index into a built file (see built.ts), or brings the one it holds up to
 * date: only the rows whose text changed are removed and added, and only their words' champion
 * lists ranked again (see rankTouched). Other lists keep their bm25() scores, taken over the facts
 * as they were then (see docs/built-packs.md).
 */
export function writeIndex(db: Database.Database, change: IndexChange, synonyms: SynonymGroups, fresh: boolean): void {
  try {
    if (fresh) createTables(db);
    const insert = db.prepare(INSERT_ROW);
    const rowOf = rowMaker(synonyms);
    if (fresh) {
      for (const { from, facts } of change.added)
        facts.forEach((fact, index) => {
          insert.run(from + index, ...rowOf(fact));
        });
      db.exec("INSERT INTO facts(facts) VALUES ('optimize')");
      const ranking = rankAll(db);
      while (!ranking.next().done);
      return;
    }
    const before = db.prepare<[number, number], { rowid: number } & Record<string, string>>(
      `SELECT rowid, ${COLUMNS.join(', ')} FROM facts WHERE rowid >= ? AND rowid < ?`,
    );
    const old = new Map<number, string[]>();
    for (const [from, to] of change.replaced)
      for (const { rowid, ...texts } of before.iterate(from, to))
        old.set(
          rowid,
          COLUMNS.map((column) => texts[column]!),
        );
    const remove = db.prepare<[number]>('DELETE FROM facts WHERE rowid = ?');
    const touched = new Set<string>();
    const changed = new Set<number>();
    const removeRow = (row: number, texts: readonly string[]) => {
      remove.run(row);
      for (const term of indexTerms(texts)) touched.add(term);
      changed.add(row);
    };
    for (const { from, facts } of change.added)
      facts.forEach((fact, index) => {
        const row = from + index;
        const texts = rowOf(fact);
        const was = old.get(row);
        old.delete(row);
        if (was?.every((text, column) => text === texts[column])) return;
        if (was) removeRow(row, was);
        insert.run(row, ...texts);
        for (const term of indexTerms(texts)) touched.add(term);
        changed.add(row);
      });
    for (const [row, texts] of old) removeRow(row, texts);
    if (changed.size > 0) rankTouched(db, touched, changed);
  } finally {
    forgetWordNet();
  }
}

export class SearchIndex {
  /** The index's words, each with the number of facts that have it. */
  private readonly vocabulary = new SearchableMap<number>();
  /** The words of the facts' entities and aliases: completions that are names come first. */
  private readonly names: Set<string>;
  private readonly scored: Database.Statement<[string, number], ScoredRow>;
  private readonly championed: Database.Statement<[string], Buffer>;
  private readonly counted: Database.Statement<[string], { total: number }>;
  /** Whether a fact matches an FTS5 query. */
  private readonly matchedBy: Database.Statement<[string, number], number>;
  /** Whether some fact matches an FTS5 query. */
  private readonly matchedAny: Database.Statement<[string], number>;
  /** A fact's row as the index keeps it: the terms of its names (entities, aliases), and every column's terms in one text. */
  private readonly rowText: Database.Statement<[number], { names: string; text: string }>;
  /** A word's inverse document frequency over the facts, from the number of facts that have it. */
  private readonly idf: (found: number) => number;
  /** What a name that no fact has weighs: the most a word can. */
  private readonly nameWeight: number;
  /** The commonest English words that some fact has, each with whether it has one through a synonym group. */
  private readonly paraphrases = new Map<string, boolean>();

  /** The index in `db`: a built file's (see built.ts), or one just built in memory. */
  constructor(
    private readonly db: Database.Database,
    facts: number,
  ) {
    for (const { term, doc } of db.prepare<[], { term: string; doc: number }>('SELECT term, doc FROM vocabulary').iterate())
      this.vocabulary.set(term, doc);
    this.names = new Set(db.prepare<[], string>('SELECT term FROM names').pluck().all());
    this.scored = db.prepare(`${SCORED} LIMIT ?`);
    this.championed = db.prepare<[string], Buffer>('SELECT hits FROM champions WHERE term = ?').pluck();
    this.counted = db.prepare('SELECT count(*) AS total FROM facts WHERE facts MATCH ?');
    this.matchedBy = db.prepare<[string, number], number>('SELECT 1 FROM facts WHERE facts MATCH ? AND rowid = ?').pluck();
    this.matchedAny = db.prepare<[string], number>('SELECT 1 FROM facts WHERE facts MATCH ? LIMIT 1').pluck();
    this.rowText = db.prepare<[number], { names: string; text: string }>(
      `SELECT ${NAME_COLUMNS.join(" || ' ' || ")} AS names, ${COLUMNS.join(" || ' ' || ")} AS text FROM facts WHERE rowid = ?`,
    );
    this.idf = (found) => Math.log(1 + (facts - found + 0.5) / (found + 0.5));
    this.nameWeight = this.idf(0);
  }

  /** Builds the index in memory at once: for a catalog searched before its index was prepared. */
  static build(facts: readonly Fact[], synonyms: SynonymGroups): SearchIndex {
    const building = SearchIndex.building(facts, synonyms);
    for (let step = building.next(); ; step = building.next()) if (step.done) return step.value;
  }

  /**
   * The index of these facts built in memory a chunk at a time, yielding to the event loop in
   * between. Rejects with the signal's reason when it is aborted before the index is built.
   */
  static async inBackground(facts: readonly Fact[], synonyms: SynonymGroups, signal?: AbortSignal): Promise<SearchIndex> {
    const building = SearchIndex.building(facts, synonyms);
    for (let step = building.next(); ; step = building.next()) {
      if (step.done) return step.value;
      await nextTurn();
      if (signal?.aborted) {
        building.return(undefined as never);
        signal.throwIfAborted();
      }
    }
  }

  /** Builds the index in memory, rows numbered by the facts' positions, pausing after each chunk of facts. */
  private static *building(facts: readonly Fact[], synonyms: SynonymGroups): Generator<void, SearchIndex> {
    const db = new Database(':memory:');
    let built = false;
    try {
      createTables(db);
      const insert = db.prepare(INSERT_ROW);
      const row = rowMaker(synonyms);
      const insertChunk = db.transaction((from: number) => {
        for (let i = from; i < Math.min(facts.length, from + BUILD_CHUNK); i++) insert.run(i, ...row(facts[i]!));
      });
      for (let from = 0; from < facts.length; from += BUILD_CHUNK) {
        insertChunk(from);
        yield;
      }
      db.exec("INSERT INTO facts(facts) VALUES ('optimize')");
      yield* rankAll(db);
      const index = new SearchIndex(db, facts.length);
      built = true;
      return index;
    } finally {
      forgetWordNet();
      // Abandoned when its catalog closed, or failed.
      if (!built) db.close();
    }
  }

  /**
   * The facts that answer a question, best first: those `matching` finds, less those in which a
   * word the question binds to a name ("the CEO of Vuno") stands apart from that name in the
   * title and summary: said of someone else, the name mentioned in passing ("… says Bertis CEO
   * Seungman Han" does not tell who Vuno's CEO is). When that leaves none, the bound words are
   * what is missing, and the facts that had them apart are near.
   */
  search(question: string, limit: number): SearchResult {
    const found = this.matching(question, limit);
    const bound = boundWords(question).filter(
      ({ word, name }) => this.names.has(name) && !this.names.has(word) && this.vocabulary.has(word),
    );
    if (bound.length === 0 || found.hits.length === 0) return found;
    const near = bound.map(({ word, name }) => `{title summary} : NEAR(${quoted(word)} ${quoted(name)}, ${BOUND_DISTANCE})`).join(' AND ');
    const hits = found.hits.filter((hit) => this.matchedBy.get(near, hit.position) !== undefined);
    if (hits.length === found.hits.length) return found;
    if (hits.length > 0) return { ...found, hits, total: found.total - (found.hits.length - hits.length) };
    return { hits: [], total: 0, missing: bound.map((binding) => binding.typed), near: found.hits.slice(0, NEAR) };
  }

  /**
   * Facts with every word of a question, wherever they stand in the fact, best first: those with
   * the exact words, then (when they are fewer than `limit`) those found through stems, prefixes
   * and typos. With none, the facts that have enough of the question's information (see
   * `byCoverage`). A word no fact has is filler when it is common English ("stuff", "car") and
   * dropped; otherwise it is information the facts lack, and only a long question can be
   * answered without it.
   */
  private matching(question: string, limit: number): SearchResult {
    const words = this.namesJoined(questionWords(question));
    // A name that fills a page: its champion list, named facts first, is the answer.
    const [only] = words;
    if (words.length === 1 && only && this.names.has(only.term)) {
      const exact = this.best(only.term, limit);
      if (exact.length >= limit) return { hits: exact, total: this.everyFormTotal([this.candidates(only.term)]), missing: [], near: [] };
    }
    // Most questions name words that many facts have together: a page of them needs no weighing.
    if (words.length > 1 && words.every((word) => this.vocabulary.has(word.term))) {
      const everyWord = words.map((word) => quoted(word.term)).join(' AND ');
      const found = this.counted.get(everyWord)!.total;
      if (found >= limit) {
        const total = this.everyFormTotal(words.map((word) => this.candidates(word.term)));
        return { hits: this.ranked(everyWord, limit), total, missing: [], near: [] };
      }
    }
    const needs = this.needs(words);
    if (needs.length === 0) return { hits: [], total: 0, missing: [], near: [] };
    if (!needs.every((need) => need.known)) return this.byCoverage(needs, limit);
    if (needs.length === 1) return { ...this.searchWord(needs[0]!.term, needs[0]!.terms, limit), missing: [], near: [] };
    // Counted first: counting costs less than scoring, and few questions have all their words in one fact.
    const everyWord = needs.map((need) => quoted(need.term)).join(' AND ');
    const found = this.counted.get(everyWord)!.total;
    if (found >= limit) {
      const total = this.everyFormTotal(needs.map((need) => need.terms));
      return { hits: this.ranked(everyWord, limit), total, missing: [], near: [] };
    }
    // Each word twice in its group: bm25() adds up what every phrase of the query finds, so a fact
    // that has a word as it was written scores it twice, above one with only a typo or completion.
    const widened = this.query(needs.map((need) => group([need.term, ...need.terms.keys()])).join(' AND '), limit);
    if (widened.total === 0) return this.byCoverage(needs, limit);
    const hits = found > 0 ? inTurn(limit, this.ranked(everyWord, limit), widened.hits) : widened.hits;
    return { hits, total: widened.total, missing: [], near: [] };
  }

  /**
   * The question's words as search weighs them, each by how much it tells facts apart: a word
   * the facts have by its inverse document frequency over them (what bm25() weighs it by), half
   * that when it is among the commonest English words and no fact has it through a synonym group
   * ("help", "right": a verb or filler of the question that a few facts happen to say); one they
   * lack as the rarest: half that for an English word ("compare", "price", or two run together:
   * "drugmakers") or an abbreviation of single letters ("s/w"), which may be a verb of the
   * question as well as its subject, the whole for a name ("Hyundai", or capitalised after the
   * first word: "India"), none for the commonest English words: filler ("stuff", "say"). A
   * punctuated word no fact has joined ("AI-based") is searched as its parts.
   */
  private needs(words: readonly QuestionWord[]): Need[] {
    const idf = this.idf;
    const needs: Need[] = [];
    const facts = (terms: Map<string, number>) => Math.max(0, ...[...terms.keys()].map((candidate) => this.vocabulary.get(candidate) ?? 0));
    const add = (typed: string, term: string, named: boolean) => {
      let terms = this.candidates(term);
      let found = facts(terms);
      // A plural "s" cut from a word no fact has was a guess: its misspellings are those of the word as typed ("HIMMS" is HIMSS, not "himm").
      const lower = typed.toLowerCase();
      if (found === 0 && lower !== term && lower.startsWith(term) && READ_AS_WRITTEN.test(lower)) {
        terms = this.candidates(lower);
        found = facts(terms);
      }
      const common = isCommonWord(lower) || isCommonWord(term);
      if (found > 0 || (!READ_AS_WRITTEN.test(term) && this.counted.get(quoted(term))!.total > 0)) {
        const generic = common && !named && !this.isParaphrase(term);
        const weight = idf(Math.max(found, 1)) * (generic ? COMMON_WORD_WEIGHT : 1);
        // A name many facts have ("Korean") is the pack's setting rather than what is asked about.
        const name = weight >= this.nameWeight / 2 && (NAME_LIKE.test(typed) || this.isProperName(term));
        needs.push({ typed, term, terms, known: true, weight, name });
        return;
      }
      if (common) return;
      const english = ABBREVIATION.test(typed) || (!named && (isEnglishWord(lower) || isEnglishWord(term) || isEnglishCompound(term)));
      needs.push({ typed, term, terms, known: false, weight: this.nameWeight * (english ? ENGLISH_WORD_WEIGHT : 1), name: false });
    };
    for (const word of words) {
      const parts = word.parts.length > 0 ? word.parts : this.compoundParts(word.term);
      if (parts.length === 0 || this.vocabulary.has(word.term)) add(word.typed, word.term, word.named);
      else for (const part of parts) add(part, part, word.named);
    }
    return needs;
  }

  /** Whether a search term is a word of the facts' names that is no English word: a name that only names ("merck", not "korea"). */
  isProperName(term: string): boolean {
    return this.names.has(term) && !isEnglishWord(term);
  }

  /** Whether some fact has the word through a synonym group: for the commonest words only, so the cache stays that small. */
  private isParaphrase(term: string): boolean {
    let found = this.paraphrases.get(term);
    if (found === undefined) {
      found = this.matchedAny.get(`{synonyms} : ${quoted(term)}`) !== undefined;
      this.paraphrases.set(term, found);
    }
    return found;
  }

  /**
   * A compound that no fact has, as the words of the index it is made of, longest first from its
   * start: a Korean one (폐암 → 폐 + 암, when facts have lung and cancer but none lung cancer), or
   * English words run together ("drugdiscovery", "bodycomposition": parts of three letters or
   * more, and no English word is split: "understand" stays whole). None when they do not make up
   * the whole word, so that an unknown name is not read as syllables.
   */
  private compoundParts(term: string): string[] {
    if (this.vocabulary.has(term)) return [];
    const latin = RUN_TOGETHER.test(term);
    if (!latin && !HANGUL_WORD.test(term)) return [];
    if (latin && isEnglishWord(term)) return [];
    const shortest = latin ? MIN_RUN_TOGETHER_PART : 1;
    const parts: string[] = [];
    for (let from = 0; from < term.length; ) {
      let to = term.length;
      while (to - from >= shortest && !this.vocabulary.has(term.slice(from, to))) to--;
      if (to - from < shortest) return [];
      parts.push(term.slice(from, to));
      from = to;
    }
    return parts.length > 1 ? parts : [];
  }

  /**
   * Two neighbouring words of a question that make a name of the facts when run together, as
   * that name, when no fact has both apart: "Core line Soft" is Coreline Soft, "Neuro phet"
   * Neurophet, "Deep Catch" DeepCatch; "Vuno Med" stays two words, which facts say apart ("VUNO
   * Med-Lung CT").
   */
  private namesJoined(words: readonly QuestionWord[]): QuestionWord[] {
    const joined: QuestionWord[] = [];
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      const next = words[i + 1];
      const name = next && word.parts.length === 0 && next.parts.length === 0 ? `${word.term}${next.term}` : '';
      if (name && this.names.has(name) && !this.haveTogether(word.term, next!.term)) {
        joined.push({ typed: `${word.typed} ${next!.typed}`, term: name, parts: [], named: word.named || next!.named });
        i++;
      } else joined.push(word);
    }
    return joined;
  }

  /** Whether some fact has both words. */
  private haveTogether(one: string, other: string): boolean {
    return this.vocabulary.has(one) && this.vocabulary.has(other) && this.counted.get(`${quoted(one)} AND ${quoted(other)}`)!.total > 0;
  }

  /** The facts that have the most of these words, by bm25(): near a question that nothing answers. */
  private nearest(known: readonly Need[]): IndexHit[] {
    return this.ranked(known.map((need) => group([...need.terms.keys()])).join(' OR '), NEAR);
  }

  /**
   * Facts that have enough of the question's information, most first: the share of the words'
   * weights (see `needs`) that a fact has must reach COVERAGE_SHORT for a short question, falling
   * to COVERAGE_LONG for a long one, in which the words that no fact has count less and less. A generic word cannot veto a question whose names
   * match, and a name alone does not answer a question about something the facts lack. With
   * none, the words the nearest facts lack, most informative first, and those facts.
   */
  private byCoverage(needs: readonly Need[], limit: number): SearchResult {
    const known = needs.filter((need) => need.known);
    // A name that no fact has is what a short question is about: nothing answers it.
    const names = needs.filter((need) => !need.known && need.weight >= this.nameWeight && needs.length <= SHORT_QUESTION);
    if (known.length === 0 || names.length > 0) {
      const missing = byWeight(names.length > 0 ? names : needs).map((need) => need.typed);
      return { hits: [], total: 0, missing, near: known.length > 0 ? this.nearest(known) : [] };
    }
    // A long question says more than any fact: what the facts lack counts less the longer it is.
    const longness = Math.min(1, Math.max(0, (needs.length - SHORT_QUESTION) / (LONG_QUESTION - SHORT_QUESTION)));
    const weight = (need: Need) => (need.known ? need.weight : need.weight * (1 - longness));
    const information = needs.reduce((sum, need) => sum + weight(need), 0);
    const candidates = this.ranked(known.map((need) => group([...need.terms.keys()])).join(' OR '), COVERAGE_CANDIDATES);
    const scored = candidates
      .map((hit) => {
        const row = this.rowText.get(hit.position)!;
        const words = new Set(row.text.split(' '));
        const names = new Set(row.names.split(' '));
        // How well the fact has each word: 1 as written, less through a stem, completion or typo;
        // a name it has only in passing, not as an entity or alias, ASIDE_WEIGHT.
        const passing = needs.map((need) => need.name && ![...need.terms.keys()].some((term) => names.has(term)));
        const has = needs.map(
          (need, i) =>
            Math.max(0, ...[...need.terms].map(([term, counts]) => (words.has(term) ? meant(need, term, counts) : 0))) *
            (passing[i] ? ASIDE_WEIGHT : 1),
        );
        return { hit, has, passing, coverage: needs.reduce((sum, need, i) => sum + has[i]! * weight(need), 0) / information };
      })
      .sort((a, b) => b.coverage - a.coverage || b.hit.score - a.hit.score);
    const enough = COVERAGE_SHORT - (COVERAGE_SHORT - COVERAGE_LONG) * longness;
    // A short question's proper names (a name of the facts that is no English word: Lunit, MFDS) say whom it is about.
    const proper = needs.map((need) => longness === 0 && need.known && this.isProperName(need.term));
    const named = (candidate: (typeof scored)[number]) => proper.every((isProper, i) => !isProper || candidate.has[i]! > 0);
    const kept = scored.filter((candidate) => candidate.coverage >= enough && named(candidate));
    if (kept.length > 0) return { hits: kept.slice(0, limit).map((candidate) => candidate.hit), total: kept.length, missing: [], near: [] };
    // What the facts lack, else what the nearest fact (the one with most of the question's names) lacks or has only in passing.
    const lacked = needs.filter((need) => !need.known);
    const namesHad = (candidate: (typeof scored)[number]) =>
      needs.reduce((sum, need, i) => sum + (proper[i] && candidate.has[i]! > 0 ? need.weight : 0), 0);
    const near = [...scored].sort((a, b) => namesHad(b) - namesHad(a));
    const nearest = near[0];
    const missing = byWeight(lacked.length > 0 ? lacked : needs.filter((_need, i) => !nearest?.has[i] || nearest.passing[i])).map(
      (need) => need.typed,
    );
    return { hits: [], total: 0, missing, near: near.slice(0, NEAR).map((candidate) => candidate.hit) };
  }

  close(): void {
    this.db.close();
  }

  /**
   * One word: the facts that have it, then (when they are fewer than `limit`) those that have one
   * of its stem, completions or near misspellings, each scored by the best of those it has; the
   * facts named by a completion that is a name come first. Scoring by
   * the best rather than the sum lets each candidate's own `limit` best facts decide the page, and
   * those are its champion list.
   */
  private searchWord(word: string, candidates: ReadonlyMap<string, number>, limit: number): { hits: IndexHit[]; total: number } {
    const exact = this.best(word, limit);
    const full = exact.length >= limit;
    const total = () => this.everyFormTotal([candidates]);
    // A word that is a name has its named facts first already; one that is not may begin a name.
    if (full && this.names.has(word)) return { hits: exact, total: total() };
    const completions = [...candidates.keys()].filter((term) => term !== word);
    if (full && !completions.some((term) => this.names.has(term))) return { hits: exact, total: total() };
    if (completions.length === 0) return { hits: exact, total: exact.length };
    const scores = new Map<number, number>();
    for (const [term, weight] of candidates)
      if (term !== word)
        for (const hit of this.best(term, limit)) scores.set(hit.position, Math.max(scores.get(hit.position) ?? 0, weight * hit.score));
    const others = [...scores]
      .map(([position, score]) => ({ position, score }))
      .sort((a, b) => b.score - a.score || a.position - b.position);
    // Facts named by a completion ("lun" → Lunit) come before those that merely have the word.
    const named = this.names.has(word) ? [] : others.filter((hit) => hit.score >= (NAME_BONUS * PREFIX_WEIGHT) / 2);
    const hits = inTurn(limit, named, exact, others);
    return { hits, total: hits.length < limit ? hits.length : this.counted.get(group([...candidates.keys()]))!.total };
  }

  /**
   * How many facts paging through a question's answer lists, whatever the page size: those that
   * have each word in one of its forms (as written, its stem, a completion, a misspelling), which
   * a page goes on to once the facts with the words as written are listed. Asked only when a page
   * is full: a page that is not full is every fact there is.
   */
  private everyFormTotal(words: readonly ReadonlyMap<string, number>[]): number {
    const [only] = words;
    if (words.length === 1 && only!.size === 1) {
      const [term] = only!.keys();
      return this.vocabulary.get(term!) ?? this.counted.get(quoted(term!))!.total;
    }
    return this.counted.get(words.map((forms) => group([...forms.keys()])).join(' AND '))!.total;
  }

  /** A term's `limit` best facts by bm25(): read from its champion list when that holds enough. */
  private best(term: string, limit: number): IndexHit[] {
    const known = this.vocabulary.has(term);
    if (known && limit <= CHAMPIONS) return unpacked(this.championed.get(term)!, limit);
    if (!known && READ_AS_WRITTEN.test(term)) return [];
    return this.ranked(quoted(term), limit);
  }

  /**
   * A word, the shortest words it begins and (when no fact has it) its near misspellings, each
   * with the weight its matches count for, as MiniSearch weighs them: the word 1, a completion
   * 0.375 and a misspelling 0.45, each less the more letters it adds or changes.
   */
  private candidates(word: string): Map<string, number> {
    const terms = new Map([[word, 1]]);
    const stem = stemOf(word);
    if (stem && this.vocabulary.has(stem)) terms.set(stem, STEM_WEIGHT);
    // An English word that no fact has is spelt out as meant, not begun: "count" is not "country".
    const spelt = !this.vocabulary.has(word) && isEnglishWord(word);
    if (prefixOf(word) && !spelt) {
      // The shortest words it begins, named one by one: FTS5's own "word*" scores every word of the prefix.
      const completions: string[] = [];
      for (const term of this.vocabulary.atPrefix(word).keys()) {
        completions.push(term);
        if (completions.length >= MAX_SCANNED_COMPLETIONS) break;
      }
      // Names first, then the shortest.
      const named = (term: string) => (this.names.has(term) ? 0 : 1);
      for (const term of completions.sort((a, b) => named(a) - named(b) || a.length - b.length).slice(0, MAX_EXPANSIONS))
        if (!terms.has(term)) terms.set(term, (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * (term.length - word.length)));
    }
    // A word the facts have as it is written is not taken for a misspelling of its neighbours
    // ("lunit" is not "unit"), and its neighbours are not looked up; nor is an English word
    // that the facts lack ("meaning" is not "learning").
    if (this.vocabulary.has(word) || spelt) return terms;
    const distance = typoDistance(word);
    // Distances are those of optimal string alignment (Damerau): two letters swapped are one edit
    // ("kiast" is KAIST), where the radix tree's Levenshtein counts two.
    const edits = new Map<string, number>();
    for (const term of swapped(word)) if (this.vocabulary.has(term)) edits.set(term, 1);
    if (distance > 0) {
      let found = this.vocabulary.fuzzyGet(word, distance);
      // A word that has no neighbour so near may be misspelt twice ("protien", "bertiss").
      if (found.size === 0 && edits.size === 0 && word.length >= WIDE_TYPO_LENGTH)
        found = new Map([...this.vocabulary.fuzzyGet(word, WIDE_TYPO_DISTANCE)].filter(([term]) => term[0] === word[0]));
      for (const [term, [, apart]] of found) edits.set(term, Math.min(apart, edits.get(term) ?? apart));
    } else if (word.length >= SWAP_LENGTH) {
      // A short word one edit from a name is that name misspelt ("merk" is Merck); from another word, too far to tell.
      for (const [term] of this.vocabulary.fuzzyGet(word, 1)) if (this.names.has(term) && !edits.has(term)) edits.set(term, 1);
    }
    // A misspelling is of a word some fact says: not of a synonym or a WordNet bridge only ("naver" is not "namer").
    const said = (term: string) => this.names.has(term) || this.matchedAny.get(`${SAID} ${quoted(term)}`) !== undefined;
    let taken = 0;
    for (const [term, edited] of [...edits].sort((a, b) => a[1] - b[1])) {
      if (taken >= MAX_EXPANSIONS) break;
      if (terms.has(term) || !said(term)) continue;
      terms.set(term, (TYPO_WEIGHT * term.length) / (term.length + edited));
      taken++;
    }
    return terms;
  }

  /** The `limit` best facts that match, by bm25(). */
  private ranked(match: string, limit: number): IndexHit[] {
    return this.scored.all(match, limit).map(asHit);
  }

  private query(match: string, limit: number): { hits: IndexHit[]; total: number } {
    const hits = this.ranked(match, limit);
    // Counting every match costs a second pass over the index: only when the page is full.
    const total = hits.length < limit ? hits.length : this.counted.get(match)!.total;
    return { hits, total };
  }
}

/** A row of bm25() (lower is better) as a hit (higher is better). */
const asHit = (row: ScoredRow): IndexHit => ({ position: row.rowid, score: -row.score });

/** A champion list as it is kept: each fact's position and bm25(), as pairs of doubles. */
function packed(rows: readonly ScoredRow[]): Buffer {
  const hits = Buffer.alloc(rows.length * 16);
  rows.forEach((row, i) => {
    hits.writeDoubleLE(row.rowid, i * 16);
    hits.writeDoubleLE(row.score, i * 16 + 8);
  });
  return hits;
}

function rowsOf(hits: Buffer, limit = hits.length / 16): ScoredRow[] {
  const count = Math.min(limit, hits.length / 16);
  return Array.from({ length: count }, (_, i) => ({ rowid: hits.readDoubleLE(i * 16), score: hits.readDoubleLE(i * 16 + 8) }));
}

const unpacked = (hits: Buffer, limit: number): IndexHit[] => rowsOf(hits, limit).map(asHit);

/** The first `limit` facts of ranked lists taken in turn, each fact where it first comes. */
function inTurn(limit: number, ...lists: (readonly IndexHit[])[]): IndexHit[] {
  const seen = new Set<number>();
  const hits: IndexHit[] = [];
  for (const list of lists)
    for (const hit of list) {
      if (hits.length >= limit) return hits;
      if (!seen.has(hit.position)) hits.push(hit);
      seen.add(hit.position);
    }
  return hits;
}
