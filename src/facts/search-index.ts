// The full-text index behind search: SQLite FTS5 (in the better-sqlite3 the store already uses),
// ranked by bm25() with titles, entities and aliases weighing more than summaries, and cut by
// LIMIT inside SQLite, so a common word costs a few hundred rows scored in C rather than
// JavaScript objects for every fact that has it. Prefixes and typos are words of the index's own
// vocabulary, found in a radix tree: the shortest that begin the word, and those within an edit distance. An index
// can live in a file named by a hash of what it indexes, so a restart opens it instead of building.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import SearchableMap from 'minisearch/SearchableMap';
import type { Fact } from './types.ts';
import { searchTerm, tokenize, WORD_SEPARATORS } from './words.ts';

/** Groups of words search treats as one (facts/synonyms.yaml): "haemorrhage", "hemorrhage", "bleed". */
export type SynonymGroups = readonly (readonly string[])[];

/** Change this whenever the same facts would be indexed differently. */
const INDEX_VERSION = 'dateline-search-1';
const COLUMNS = ['title', 'entities', 'aliases', 'synonyms', 'summary'] as const;
/**
 * bm25() weights, in column order: what a fact is named by weighs more than what it says. FTS5
 * normalises by the length of the whole row, not of each column as MiniSearch did, so it takes
 * more than MiniSearch's boost of 3 for a title word to outweigh a short summary that repeats it.
 */
const WEIGHTS = [10, 10, 10, 1, 1];
/**
 * Completions and typo candidates per word: the shortest and the nearest words of the vocabulary.
 * Every word added costs its whole list of facts, scored: this bounds a query's work.
 */
const MAX_EXPANSIONS = 8;
/** Completions looked at to choose the shortest from. */
const MAX_SCANNED_COMPLETIONS = 500;
/** Words of a question that the more-than-half rule combines (8 words: 70 combinations). */
const MAX_FLOOR_WORDS = 8;
/** Facts inserted between two turns of the event loop while building in the background. */
const BUILD_CHUNK = 2_000;

export interface IndexHit {
  /** The fact's position in the array the index was built from. */
  position: number;
  score: number;
}

/** Short words stay exact: prefix or typo matching "ai" would match half the vocabulary. */
const prefixOf = (word: string) => word.length >= 3;
/** As MiniSearch's fuzzy 0.2 with maxFuzzy 2 did: one edit from 5 letters, two from 8. */
const typoDistance = (word: string) => (word.length >= 5 ? Math.min(2, Math.round(word.length * 0.2)) : 0);

/** A term as an FTS5 string: quoted, quotes doubled, so that no word is read as an operator. */
const quoted = (term: string) => `"${term.replaceAll('"', '""')}"`;

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

/** A fact's row: its fields, in column order, as search terms. */
function rowMaker(synonyms: SynonymGroups): (fact: Fact) => string[] {
  // Each member as the words it is made of, padded so that "hr" never matches inside "three".
  const groups = synonyms.map((members) => ({ members, phrases: members.map((member) => ` ${tokenize(member).join(' ')} `) }));
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
  private readonly vocabulary = new SearchableMap<true>();
  private readonly ranked: Database.Statement<[string, number], { rowid: number; score: number }>;
  private readonly counted: Database.Statement<[string], { total: number }>;

  private constructor(private readonly db: Database.Database) {
    for (const { term } of db.prepare<[], { term: string }>('SELECT term FROM vocabulary').iterate()) this.vocabulary.set(term, true);
    this.ranked = db.prepare(
      `SELECT rowid, bm25(facts, ${WEIGHTS.join(', ')}) AS score FROM facts WHERE facts MATCH ? ORDER BY score LIMIT ?`,
    );
    this.counted = db.prepare('SELECT count(*) AS total FROM facts WHERE facts MATCH ?');
  }

  /** Builds the index in memory at once: for a catalog searched before its index was prepared. */
  static build(facts: readonly Fact[], synonyms: SynonymGroups): SearchIndex {
    const building = SearchIndex.building(facts, synonyms);
    for (let step = building.next(); ; step = building.next()) if (step.done) return step.value;
  }

  /**
   * The index of these facts: opened from the kept file when an earlier run left it, else built a
   * chunk at a time, yielding to the event loop in between, and with `kept` left there.
   */
  static async open(facts: readonly Fact[], synonyms: SynonymGroups, kept?: KeptIndex): Promise<SearchIndex> {
    if (!kept) return SearchIndex.inBackground(SearchIndex.building(facts, synonyms));
    const { dir } = kept;
    const file = indexFile(kept);
    try {
      return new SearchIndex(openKept(file));
    } catch {
      // Not built yet, or unreadable: build it.
    }
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      mkdirSync(dir, { recursive: true });
      (await SearchIndex.inBackground(SearchIndex.building(facts, synonyms, temporary))).close();
      // Indexes of earlier facts, and builds cut short by a stop, are of no more use.
      for (const name of readdirSync(dir))
        if (name.startsWith('search-') && !temporary.endsWith(name)) rmSync(join(dir, name), { force: true });
      renameSync(temporary, file);
      return new SearchIndex(openKept(file));
    } catch {
      // A read-only or full disk: the index lives in memory, and is built again next time.
      rmSync(temporary, { force: true });
      return SearchIndex.inBackground(SearchIndex.building(facts, synonyms));
    }
  }

  private static async inBackground(building: Generator<void, SearchIndex>): Promise<SearchIndex> {
    for (let step = building.next(); ; step = building.next()) {
      if (step.done) return step.value;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Builds the index in `file` (or in memory), pausing after each chunk of facts. */
  private static *building(facts: readonly Fact[], synonyms: SynonymGroups, file = ':memory:'): Generator<void, SearchIndex> {
    const db = new Database(file);
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
    return new SearchIndex(db);
  }

  /**
   * Facts with every word, best first: those with the exact words, then (when they are fewer
   * than `limit`) those found through prefixes and typos. With none, when there are more than
   * two words, facts with more than half of them.
   */
  search(words: readonly string[], limit: number): { hits: IndexHit[]; total: number } {
    const exact = words.map(quoted);
    const found = this.query(exact.join(' AND '), limit);
    if (found.total >= limit) return found;
    const groups = words.map((word) => this.expanded(word));
    const widened = this.query(groups.join(' AND '), limit);
    if (widened.total > 0) {
      // Exact matches first, as they were ranked; then the others, in their own order.
      const seen = new Set(found.hits.map((hit) => hit.position));
      const hits = [...found.hits, ...widened.hits.filter((hit) => !seen.has(hit.position))].slice(0, limit);
      return { hits, total: widened.total };
    }
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

  /** A word, its prefix and its near misspellings, as one FTS5 group. */
  private expanded(word: string): string {
    const terms = new Set([word]);
    if (prefixOf(word)) {
      // The shortest words it begins, named one by one: FTS5's own "word*" scores every word of the prefix.
      const completions: string[] = [];
      for (const term of this.vocabulary.atPrefix(word).keys()) {
        completions.push(term);
        if (completions.length >= MAX_SCANNED_COMPLETIONS) break;
      }
      for (const term of completions.sort((a, b) => a.length - b.length).slice(0, MAX_EXPANSIONS)) terms.add(term);
    }
    const distance = typoDistance(word);
    if (distance > 0) {
      const near = [...this.vocabulary.fuzzyGet(word, distance)].sort((a, b) => a[1][1] - b[1][1]);
      for (const [term] of near.slice(0, MAX_EXPANSIONS)) terms.add(term);
    }
    return `(${[...terms].map(quoted).join(' OR ')})`;
  }

  private query(match: string, limit: number): { hits: IndexHit[]; total: number } {
    const hits = this.ranked.all(match, limit).map((row) => ({ position: row.rowid, score: -row.score }));
    // Counting every match costs a second pass over the index: only when the page is full.
    const total = hits.length < limit ? hits.length : this.counted.get(match)!.total;
    return { hits, total };
  }
}

/** Every choice of `size` of the items, in order (few: a question has a handful of words). */
function subsets<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  if (items.length < size) return [];
  const [first, ...rest] = items;
  return [...subsets(rest, size - 1).map((subset) => [first!, ...subset]), ...subsets(rest, size)];
}
