// The validated fact packs kept in one SQLite file of the pack cache, so that a restart opens
// them instead of reading and checking YAML again. The file is named by what decides its content
// (the names, sizes and modification times of the packs and, when quotes are checked, of the
// source texts), so an edit to any of them misses it and the packs are validated afresh.
// What lookups filter and sort on (ids, dates, titles, themes, entities) comes into memory; a
// fact's summary and citations stay in the file until they are read, so that 100,000 facts take
// tens of MB rather than hundreds, and a warm start reads no text it does not need. Facts are kept
// in the catalog's own order (see catalogOrder), so that indexing them at start-up sorts nothing.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { FactDate } from '../dates/fact-date.ts';
import { catalogOrder } from './catalog.ts';
import { putInPlace, temporaryFor } from './kept-file.ts';
import type { Citation, Fact, Source, Theme } from './types.ts';

/** Change this whenever the same packs would be stored differently. */
const STORE_VERSION = 'dateline-fact-store-3';
const PREFIX = 'facts-';

export interface Packs {
  facts: Fact[];
  themes: Theme[];
  synonyms: string[][];
  /** Closes the file the facts' summaries and citations are read from, when there is one. */
  close?: () => void;
}

/** A fact's text as the file keeps it: citations name their source by its row. */
interface StoredBody {
  summary: string;
  citations: [source: number, quote: string][];
}

/**
 * Names the packs of a folder as they are now: by the name, size, modification time and inode of
 * every file in it (an editor that saves by renaming changes the inode) and in the folder of
 * source texts, if quotes are checked against one.
 */
export function packsKey(factsDir: string, sourcesDir?: string): string {
  const hash = createHash('sha256').update(STORE_VERSION);
  for (const dir of [factsDir, sourcesDir ?? '']) {
    hash.update('\0').update(dir);
    let names: string[] = [];
    try {
      names = readdirSync(dir).sort();
    } catch {
      // A missing folder: the loader explains it.
    }
    for (const name of names) {
      const stat = statSync(join(dir, name), { bigint: true });
      hash.update(`\0${name}\0${stat.size}\0${stat.mtimeNs}\0${stat.ino}`);
    }
  }
  return hash.digest('hex').slice(0, 32);
}

export const factStoreFile = (cacheDir: string, key: string) => join(cacheDir, `${PREFIX}${key}.db`);

/**
 * Keeps validated packs in `file` (written aside, then renamed into place, so that a reader never
 * sees half a file) and removes the files of earlier packs. Returns false when the folder cannot
 * be written: the packs then load from YAML at every start.
 */
export function writeFactStore(file: string, packs: Packs): boolean {
  const temporary = temporaryFor(file);
  const dir = join(file, '..');
  try {
    mkdirSync(dir, { recursive: true });
  } catch {
    return false;
  }
  try {
    rmSync(temporary, { force: true });
    const db = new Database(temporary);
    try {
      fill(db, packs);
    } finally {
      db.close();
    }
    putInPlace(temporary, file, PREFIX);
    return true;
  } catch {
    rmSync(temporary, { force: true });
    return false;
  }
}

/**
 * What comes into memory, as columns: one JSON text parses far faster than a row per fact.
 * Lists and pack names are kept once each and named by their index; a date is a YYYYMMDD
 * number whose zeros give its precision (20230600 is June 2023), 0 when the fact has none.
 */
interface LightColumns {
  ids: string[];
  titles: string[];
  dates: number[];
  themes: number[];
  entities: number[];
  aliases: number[];
  packs: number[];
  lists: string[][];
  packNames: string[];
}

/** The index of each distinct value, added as they come, told apart by a key of their own. */
class Distinct<T, K> {
  readonly values: T[] = [];
  private readonly indexes = new Map<K, number>();

  constructor(private readonly keyOf: (value: T) => K) {}

  indexOf(value: T): number {
    const key = this.keyOf(value);
    let index = this.indexes.get(key);
    if (index === undefined) {
      index = this.values.push(value) - 1;
      this.indexes.set(key, index);
    }
    return index;
  }
}

const dateNumber = (date: FactDate | undefined) =>
  date ? (date.year * 100 + (date.precision === 'year' ? 0 : date.month)) * 100 + (date.precision === 'day' ? date.day : 0) : 0;

function factDate(value: number): FactDate | undefined {
  if (value === 0) return undefined;
  const year = Math.floor(value / 10_000);
  const month = Math.floor(value / 100) % 100;
  const day = value % 100;
  if (month === 0) return { precision: 'year', year };
  return day === 0 ? { precision: 'month', year, month } : { precision: 'day', year, month, day };
}

function fill(db: Database.Database, packs: Packs): void {
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE bodies (position INTEGER PRIMARY KEY, body TEXT NOT NULL);`);
  const addBody = db.prepare('INSERT INTO bodies (position, body) VALUES (?, ?)');
  // A pack's facts share its source objects: one row each.
  const sources = new Distinct((source: Source) => source);
  const lists = new Distinct((list: string[]) => list.join('\u0000'));
  const packNames = new Distinct((name: string) => name);
  const columns: LightColumns = {
    ids: [],
    titles: [],
    dates: [],
    themes: [],
    entities: [],
    aliases: [],
    packs: [],
    lists: lists.values,
    packNames: packNames.values,
  };
  db.transaction(() => {
    catalogOrder(packs.facts).forEach((fact, position) => {
      const body: StoredBody = {
        summary: fact.summary,
        citations: fact.citations.map((cited) => [sources.indexOf(cited.source), cited.quote]),
      };
      addBody.run(position, JSON.stringify(body));
      columns.ids.push(fact.id);
      columns.titles.push(fact.title);
      columns.dates.push(dateNumber(fact.date));
      columns.themes.push(lists.indexOf(fact.themes));
      columns.entities.push(lists.indexOf(fact.entities));
      columns.aliases.push(lists.indexOf(fact.aliases));
      columns.packs.push(packNames.indexOf(fact.pack));
    });
    const setMeta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    setMeta.run('themes', JSON.stringify(packs.themes));
    setMeta.run('synonyms', JSON.stringify(packs.synonyms));
    setMeta.run('sources', JSON.stringify(sources.values));
    setMeta.run('facts', JSON.stringify(columns));
  })();
}

/** The packs kept in `file`, or undefined when there is none (or it cannot be read). */
export function openFactStore(file: string): Packs | undefined {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    return undefined;
  }
  try {
    // Never written again: keeping the shared lock spares every read a check of the file.
    db.pragma('locking_mode = EXCLUSIVE');
    const meta = new Map(db.prepare<[], [string, string]>('SELECT key, value FROM meta').raw().all());
    const columns = JSON.parse(meta.get('facts')!) as LightColumns;
    const shelf = new Shelf(db, JSON.parse(meta.get('sources')!) as Source[]);
    const lists = columns.lists.map((list) => Object.freeze(list) as string[]);
    const dates = new Map<number, FactDate | undefined>();
    const dateOf = (value: number) => {
      if (!dates.has(value)) {
        const date = factDate(value);
        dates.set(value, date && Object.freeze(date));
      }
      return dates.get(value);
    };
    const facts: Fact[] = columns.ids.map(
      (id, position) =>
        new StoredFact(shelf, position, {
          id,
          title: columns.titles[position]!,
          date: dateOf(columns.dates[position]!),
          themes: lists[columns.themes[position]!]!,
          entities: lists[columns.entities[position]!]!,
          aliases: lists[columns.aliases[position]!]!,
          pack: columns.packNames[columns.packs[position]!]!,
        }),
    );
    return {
      facts,
      themes: JSON.parse(meta.get('themes')!) as Theme[],
      synonyms: JSON.parse(meta.get('synonyms')!) as string[][],
      close: () => db.close(),
    };
  } catch {
    db.close();
    return undefined;
  }
}

/**
 * Bodies kept after they are read: rendering a briefing asks each of its facts for its summary
 * and citations several times, and each read parsed the body again (at 200 answers a second, a
 * tenth of the memory allocated).
 */
const RECENT_BODIES = 64;

interface Body {
  summary: string;
  citations: Citation[];
}

/** Reads facts' summaries and citations from the file when they are asked for. */
class Shelf {
  private readonly body: Database.Statement<[number], string>;
  /** The bodies read most recently, the least recent first. */
  private readonly recent = new Map<number, Body>();

  constructor(
    db: Database.Database,
    private readonly sources: readonly Source[],
  ) {
    this.body = db.prepare<[number], string>('SELECT body FROM bodies WHERE position = ?').pluck();
  }

  read(position: number): Body {
    const kept = this.recent.get(position);
    if (kept) {
      // Moved to the end: the body read least recently is the one dropped.
      this.recent.delete(position);
      this.recent.set(position, kept);
      return kept;
    }
    const stored = JSON.parse(this.body.get(position)!) as StoredBody;
    const citations = stored.citations.map(([row, quote]) => Object.freeze({ source: this.sources[row]!, quote }));
    const body = { summary: stored.summary, citations: Object.freeze(citations) as Citation[] };
    if (this.recent.size >= RECENT_BODIES) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(position, body);
    return body;
  }
}

type LightFields = Omit<Fact, 'summary' | 'citations'>;

/** A fact whose summary and citations are read from the store when they are asked for (the shelf keeps the latest). */
class StoredFact implements Fact {
  readonly #shelf: Shelf;
  readonly #position: number;
  readonly id: string;
  readonly title: string;
  readonly date: FactDate | undefined;
  readonly themes: string[];
  readonly entities: string[];
  readonly aliases: string[];
  readonly pack: string;

  constructor(shelf: Shelf, position: number, fields: LightFields) {
    this.#shelf = shelf;
    this.#position = position;
    ({
      id: this.id,
      title: this.title,
      date: this.date,
      themes: this.themes,
      entities: this.entities,
      aliases: this.aliases,
      pack: this.pack,
    } = fields);
  }

  get summary(): string {
    return this.#shelf.read(this.#position).summary;
  }

  get citations(): Citation[] {
    return this.#shelf.read(this.#position).citations;
  }
}
