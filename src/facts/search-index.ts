// The full-text index behind search: SQLite FTS5 (in the better-sqlite3 the store already uses),
// ranked by bm25() with titles, entities and aliases weighing more than summaries, and cut by
// LIMIT inside SQLite. Every word's best facts are ranked once, when the index is built (its
// champion list), so that a one-word search reads a few rows where it would score every fact
// that has the word or one of its completions and misspellings. Prefixes and typos are words of
// the index's own vocabulary, found in a radix tree: the shortest that begin the word, and those
// within an edit distance. An index can live in a file named by a hash of what it indexes, so a
// restart opens it instead of building.
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import Database from 'better-sqlite3';
import SearchableMap from 'minisearch/SearchableMap';
import { putInPlace, temporaryFor } from './kept-file.ts';
import type { Fact } from './types.ts';
import { searchTerm, tokenize, WORD_SEPARATORS } from './words.ts';

/** Groups of words search treats as one (facts/synonyms.yaml): "haemorrhage", "hemorrhage", "bleed". */
export type SynonymGroups = readonly (readonly string[])[];

/** Change this whenever the same facts would be indexed differently. */
const INDEX_VERSION = 'dateline-search-2';
const COLUMNS = ['title', 'entities', 'aliases', 'synonyms', 'summary'] as const;
/**
 * bm25() weights, in column order: what a fact is named by weighs more than what it says. FTS5
 * normalises by the length of the whole row, not of each column as MiniSearch did, so it takes
 * more than MiniSearch's boost of 3 for a title word to outweigh a short summary that repeats it.
 */
const WEIGHTS = [10, 10, 10, 1, 1];
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
/** Words of a question that the more-than-half rule combines (8 words: 70 combinations). */
const MAX_FLOOR_WORDS = 8;
/** Facts inserted between two turns of the event loop while building in the background. */
const BUILD_CHUNK = 2_000;

interface ScoredRow {
  rowid: number;
  score: number;
}

export interface IndexHit {
  /** The fact's position in the array the index was built from. */
  position: number;
  score: number;
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

/** A field's text as the index keeps it: search terms, stopwords dropped, separated by spaces. */
function indexText(text: string): string {
  const terms: string[] = [];
  for (const word of text.split(WORD_SEPARATORS)) {
    const term = word ? searchTerm(word) : null;
    if (term) terms.push(term);
  }
  return terms.join(' ');
}

/** The members of every synonym group that the fact's own words mention, as whole words or phrases. */
function synonymsOf(fact: Fact, summary: string, groups: readonly { members: readonly string[]; phrases: string[] }[]): string {
  if (groups.length === 0) return '';
  const words = ` ${tokenize([fact.title, ...fact.entities, ...(fact.aliases ?? []), summary].join(' ')).join(' ')} `;
  return groups
    .filter((group) => group.phrases.some((phrase) => words.includes(phrase)))
    .flatMap((group) => group.members)
    .join(' ');
}

const HANGUL = /\p{Script=Hangul}/u;
/** A group that mixes Korean and English words adds only its Korean ones: the English stay apart (facts/synonyms.yaml). */
function oneWay(members: readonly string[]): readonly string[] {
  const korean = members.filter((member) => HANGUL.test(member));
  return korean.length > 0 && korean.length < members.length ? korean : members;
}

/** A fact's row: its fields, in column order, as search terms. */
function rowMaker(synonyms: SynonymGroups): (fact: Fact) => string[] {
  // Each member as the words it is made of, padded so that "hr" never matches inside "three".
  const groups = synonyms.map((members) => ({
    members: oneWay(members),
    phrases: members.map((member) => ` ${tokenize(member).join(' ')} `),
  }));
  return (fact) => {
    // Read once: a stored fact reads its summary from the fact store each time.
    const { summary } = fact;
    return [fact.title, fact.entities.join(' '), (fact.aliases ?? []).join(' '), synonymsOf(fact, summary, groups), summary].map(indexText);
  };
}

/** Where an index is kept between runs: a folder, and the key of the packs it indexes (see fact-store.ts's packsKey). */
export interface KeptIndex {
  dir: string;
  key: string;
}

/** Names an index file by everything that decides its content: the packs (synonyms included) and this file's version. */
const indexFile = (kept: KeptIndex) =>
  join(kept.dir, `search-${createHash('sha256').update(INDEX_VERSION).update('\0').update(kept.key).digest('hex').slice(0, 32)}.db`);

/**
 * A kept index, read-only. It is never written again, so the connection keeps its shared lock:
 * otherwise every query would take the lock and check the file anew, and cost twice as much.
 */
function openKept(file: string): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('locking_mode = EXCLUSIVE');
  return db;
}

export class SearchIndex {
  /** The index's words, each with the number of facts that have it. */
  private readonly vocabulary = new SearchableMap<number>();
  private readonly scored: Database.Statement<[string, number], ScoredRow>;
  private readonly championed: Database.Statement<[string], Buffer>;
  private readonly counted: Database.Statement<[string], { total: number }>;

  private constructor(private readonly db: Database.Database) {
    for (const { term, doc } of db.prepare<[], { term: string; doc: number }>('SELECT term, doc FROM vocabulary').iterate())
      this.vocabulary.set(term, doc);
    this.scored = db.prepare(`${SCORED} LIMIT ?`);
    this.championed = db.prepare<[string], Buffer>('SELECT hits FROM champions WHERE term = ?').pluck();
    this.counted = db.prepare('SELECT count(*) AS total FROM facts WHERE facts MATCH ?');
  }

  /** Builds the index in memory at once: for a catalog searched before its index was prepared. */
  static build(facts: readonly Fact[], synonyms: SynonymGroups): SearchIndex {
    const building = SearchIndex.building(facts, synonyms);
    for (let step = building.next(); ; step = building.next()) if (step.done) return step.value;
  }

  /**
   * The index of these facts: opened from the kept file when an earlier run left it, else built a
   * chunk at a time, yielding to the event loop in between, and with `kept` left there. Rejects
   * with the signal's reason when it is aborted before the index is built.
   */
  static async open(facts: readonly Fact[], synonyms: SynonymGroups, kept?: KeptIndex, signal?: AbortSignal): Promise<SearchIndex> {
    if (!kept) return SearchIndex.inBackground(SearchIndex.building(facts, synonyms), signal);
    const { dir } = kept;
    const file = indexFile(kept);
    try {
      return new SearchIndex(openKept(file));
    } catch {
      // Not built yet, or unreadable: build it.
    }
    const temporary = temporaryFor(file);
    try {
      mkdirSync(dir, { recursive: true });
      (await SearchIndex.inBackground(SearchIndex.building(facts, synonyms, temporary), signal)).close();
      putInPlace(temporary, file, 'search-');
      return new SearchIndex(openKept(file));
    } catch (error) {
      rmSync(temporary, { force: true });
      if (signal?.aborted) throw error;
      // A read-only or full disk: the index lives in memory, and is built again next time.
      return SearchIndex.inBackground(SearchIndex.building(facts, synonyms), signal);
    }
  }

  private static async inBackground(building: Generator<void, SearchIndex>, signal?: AbortSignal): Promise<SearchIndex> {
    for (let step = building.next(); ; step = building.next()) {
      if (step.done) return step.value;
      await nextTurn();
      if (signal?.aborted) {
        building.return(undefined as never);
        signal.throwIfAborted();
      }
    }
  }

  /** Builds the index in `file` (or in memory), pausing after each chunk of facts. */
  private static *building(facts: readonly Fact[], synonyms: SynonymGroups, file = ':memory:'): Generator<void, SearchIndex> {
    const db = new Database(file);
    let built = false;
    try {
      db.pragma('journal_mode = OFF');
      db.pragma('synchronous = OFF');
      db.exec(`CREATE VIRTUAL TABLE facts USING fts5(${COLUMNS.join(', ')}, tokenize = 'unicode61 remove_diacritics 0');
        CREATE VIRTUAL TABLE vocabulary USING fts5vocab(facts, 'row');`);
      const insert = db.prepare(`INSERT INTO facts(rowid, ${COLUMNS.join(', ')}) VALUES (?, ?, ?, ?, ?, ?)`);
      const row = rowMaker(synonyms);
      const insertChunk = db.transaction((from: number) => {
        for (let i = from; i < Math.min(facts.length, from + BUILD_CHUNK); i++) insert.run(i, ...row(facts[i]!));
      });
      for (let from = 0; from < facts.length; from += BUILD_CHUNK) {
        insertChunk(from);
        yield;
      }
      db.exec("INSERT INTO facts(facts) VALUES ('optimize')");
      db.exec('CREATE TABLE champions(term TEXT PRIMARY KEY, hits BLOB) WITHOUT ROWID');
      const terms = db.prepare<[], string>('SELECT term FROM vocabulary').pluck().all();
      const scored = db.prepare<[string], ScoredRow>(`${SCORED} LIMIT ${CHAMPIONS}`);
      const keep = db.prepare<[string, Buffer]>('INSERT INTO champions(term, hits) VALUES (?, ?)');
      const keepChunk = db.transaction((from: number) => {
        for (const term of terms.slice(from, from + CHAMPIONS_CHUNK)) keep.run(term, packed(scored.all(quoted(term))));
      });
      for (let from = 0; from < terms.length; from += CHAMPIONS_CHUNK) {
        keepChunk(from);
        yield;
      }
      const index = new SearchIndex(db);
      built = true;
      return index;
    } finally {
      // Abandoned when its catalog closed, or failed: the caller removes what was written.
      if (!built) db.close();
    }
  }

  /**
   * Facts with every word, best first: those with the exact words, then (when they are fewer
   * than `limit`) those found through prefixes and typos. With none, when there are more than
   * two words, facts with more than half of them.
   */
  search(words: readonly string[], limit: number): { hits: IndexHit[]; total: number } {
    if (words.length === 1) return this.searchWord(words[0]!, limit);
    // Counted first: counting costs less than scoring, and few questions have all their words in one fact.
    const everyWord = words.map(quoted).join(' AND ');
    const found = this.counted.get(everyWord)!.total;
    if (found >= limit) return { hits: this.ranked(everyWord, limit), total: found };
    // Each word twice in its group: bm25() adds up what every phrase of the query finds, so a fact
    // that has a word as it was written scores it twice, above one with only a typo or completion.
    const groups = words.map((word) => group([word, ...this.candidates(word).keys()]));
    const widened = this.query(groups.join(' AND '), limit);
    if (widened.total > 0)
      return { hits: found > 0 ? inTurn(limit, this.ranked(everyWord, limit), widened.hits) : widened.hits, total: widened.total };
    if (words.length <= 2) return widened;
    // Any more than half of the words: every choice of that many, ORed (a question has a handful).
    const some = groups.slice(0, MAX_FLOOR_WORDS);
    return this.query(
      subsets(some, Math.floor(some.length / 2) + 1)
        .map((subset) => `(${subset.join(' AND ')})`)
        .join(' OR '),
      limit,
    );
  }

  close(): void {
    this.db.close();
  }

  /**
   * One word: the facts that have it, then (when they are fewer than `limit`) those that have one
   * of its completions or near misspellings, each scored by the best of those it has. Scoring by
   * the best rather than the sum lets each candidate's own `limit` best facts decide the page, and
   * those are its champion list.
   */
  private searchWord(word: string, limit: number): { hits: IndexHit[]; total: number } {
    const exact = this.best(word, limit);
    if (exact.length >= limit) return { hits: exact, total: this.vocabulary.get(word) ?? this.counted.get(quoted(word))!.total };
    const candidates = this.candidates(word);
    if (candidates.size === 1) return { hits: exact, total: exact.length };
    const scores = new Map<number, number>();
    for (const [term, weight] of candidates)
      if (term !== word)
        for (const hit of this.best(term, limit)) scores.set(hit.position, Math.max(scores.get(hit.position) ?? 0, weight * hit.score));
    const others = [...scores]
      .map(([position, score]) => ({ position, score }))
      .sort((a, b) => b.score - a.score || a.position - b.position);
    const hits = inTurn(limit, exact, others);
    return { hits, total: hits.length < limit ? hits.length : this.counted.get(group([...candidates.keys()]))!.total };
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
    if (prefixOf(word)) {
      // The shortest words it begins, named one by one: FTS5's own "word*" scores every word of the prefix.
      const completions: string[] = [];
      for (const term of this.vocabulary.atPrefix(word).keys()) {
        completions.push(term);
        if (completions.length >= MAX_SCANNED_COMPLETIONS) break;
      }
      for (const term of completions.sort((a, b) => a.length - b.length).slice(0, MAX_EXPANSIONS))
        if (!terms.has(term)) terms.set(term, (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * (term.length - word.length)));
    }
    // A word the facts have as it is written is not taken for a misspelling of its neighbours
    // ("lunit" is not "unit"), and its neighbours are not looked up.
    const distance = this.vocabulary.has(word) ? 0 : typoDistance(word);
    if (distance > 0) {
      const near = [...this.vocabulary.fuzzyGet(word, distance)].sort((a, b) => a[1][1] - b[1][1]);
      for (const [term, [, edits]] of near.slice(0, MAX_EXPANSIONS))
        if (!terms.has(term)) terms.set(term, (TYPO_WEIGHT * term.length) / (term.length + edits));
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

function unpacked(hits: Buffer, limit: number): IndexHit[] {
  const count = Math.min(limit, hits.length / 16);
  return Array.from({ length: count }, (_, i) => asHit({ rowid: hits.readDoubleLE(i * 16), score: hits.readDoubleLE(i * 16 + 8) }));
}

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

/** Every choice of `size` of the items, in order (few: a question has a handful of words). */
function subsets<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  if (items.length < size) return [];
  const [first, ...rest] = items;
  return [...subsets(rest, size - 1).map((subset) => [first!, ...subset]), ...subsets(rest, size)];
}
