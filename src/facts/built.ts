// The packs built before the bot serves them, as a compiler builds before a program runs: one
// read-only SQLite file holding the validated facts, their bodies and the search index together
// (see docs/built-packs.md). It is built per pack file: each pack's facts are rows of its own
// (a slot of row numbers), and the file records the name, size, modification time and inode of
// the pack it was built from, so that editing one pack of many reads, validates and indexes that
// pack only; a change to the themes, the synonyms, the source texts or this build's version
// builds everything again. What lookups filter and sort on (ids, dates, titles, themes,
// entities) comes into memory at start; a fact's summary and citations stay in the file until
// they are read, so that 100,000 facts take tens of MB rather than hundreds.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { FactDate } from '../dates/fact-date.ts';
import {
  formatProblem,
  InvalidFactsError,
  loadFacts,
  loadPack,
  packFileNames,
  packRules,
  SYNONYMS_FILE,
  THEMES_FILE,
  type TimeSpent,
} from './load.ts';
import { INDEX_VERSION, writeIndex } from './search-index.ts';
import type { Citation, Fact, Source, Theme } from './types.ts';

/** Change this whenever the same packs would be built differently. */
const BUILD_VERSION = `dateline-built-1/${INDEX_VERSION}`;
export const BUILT_FILE = 'packs.db';
/** A pack's rows are its slot times this, plus each fact's place in the pack. */
const SLOT = 2 ** 24;

/** The packs as the built file serves them. */
export interface Built {
  facts: Fact[];
  themes: Theme[];
  synonyms: string[][];
  /** The fact of a row of the search index. */
  factAt: (row: number) => Fact;
  /** The open file, read-only: the search index reads it too. */
  db: Database.Database;
}

export interface BuildReport {
  file: string;
  packs: number;
  /** The packs read from YAML and built again: every one on a first build, none when the file was up to date. */
  rebuilt: string[];
  /** Where the time went (ms): reading YAML, validating it, indexing it, writing the file. */
  spent: TimeSpent & { index: number; write: number };
}

/** What a pack was built from: an editor that saves by renaming changes the inode. */
function signature(file: string): string {
  const stat = statSync(file, { bigint: true, throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeNs}:${stat.ino}` : 'none';
}

/** What every pack is built against, from the files' names and stats: this build's version, the themes, the synonyms and the source texts. */
function sharedSignature(dir: string, sourcesDir: string | undefined): string {
  const hash = createHash('sha256').update(BUILD_VERSION);
  for (const name of [THEMES_FILE, SYNONYMS_FILE]) hash.update(`\0${name}\0${signature(join(dir, name))}`);
  hash.update(sourcesDir === undefined ? '\0quotes unchecked' : `\0quotes checked against\0${sourcesDir}`);
  let texts: string[] = [];
  try {
    texts = sourcesDir === undefined ? [] : readdirSync(sourcesDir).sort();
  } catch {
    // A missing folder: the build explains it.
  }
  for (const name of texts) hash.update(`\0${name}\0${signature(join(sourcesDir!, name))}`);
  return hash.digest('hex');
}

interface StoredPack {
  slot: number;
  signature: string;
}

/** What a built file was built from, or undefined when there is none or it cannot be read (it is then built afresh). */
function manifest(file: string): { shared: string; packs: Map<string, StoredPack> } | undefined {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const shared = db.prepare<[], string>("SELECT value FROM meta WHERE key = 'shared'").pluck().get();
    const rows = db.prepare<[], StoredPack & { name: string }>('SELECT name, slot, signature FROM packs').all();
    if (shared === undefined) return undefined;
    return { shared, packs: new Map(rows.map((row) => [row.name, { slot: row.slot, signature: row.signature }])) };
  } catch {
    return undefined;
  } finally {
    db?.close();
  }
}

/** The fact ids of packs kept in a built file, to compare with those of the packs built again. */
function keptIds(file: string, names: readonly string[]): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const light = db.prepare<[string], string>('SELECT facts FROM packs WHERE name = ?').pluck();
    return names.flatMap((name) => (JSON.parse(light.get(name)!) as LightColumns).ids);
  } finally {
    db.close();
  }
}

/**
 * Builds the packs of `dir` into `builtDir`/packs.db, or brings the file there up to date: the
 * packs changed since it was built are read, validated (quotes against `sourcesDir` when given)
 * and indexed; the others are kept as they are. Written aside and renamed into place, so that a
 * reader never opens half a file. Throws InvalidFactsError, with every problem, when a pack is
 * invalid; nothing is written then.
 */
export function buildPacks(dir: string, options: { builtDir: string; sourcesDir?: string | undefined }): BuildReport {
  const { builtDir, sourcesDir } = options;
  const file = join(builtDir, BUILT_FILE);
  const spent = { parse: 0, validate: 0, index: 0, write: 0 };
  const invalid = () => {
    const loaded = loadFacts(dir, sourcesDir);
    return new InvalidFactsError(loaded.ok ? ['the packs changed while they were built: build again'] : loaded.problems.map(formatProblem));
  };
  // Whether anything changed is decided from names and stats alone: a start on a file that matches parses no YAML.
  let names: string[] = [];
  try {
    names = packFileNames(dir);
  } catch {
    // A missing folder: packRules explains it.
  }
  const shared = sharedSignature(dir, sourcesDir);
  const previous = manifest(file);
  const base = previous?.shared === shared ? previous : undefined;
  const packs = names.map((name) => ({ name, signature: signature(join(dir, name)) }));
  const changed = packs.filter((pack) => base?.packs.get(pack.name)?.signature !== pack.signature);
  const gone = base ? [...base.packs.keys()].filter((name) => !names.includes(name)) : [];
  const report = (): BuildReport => ({ file, packs: packs.length, rebuilt: changed.map((pack) => pack.name), spent });
  if (base && packs.length > 0 && changed.length === 0 && gone.length === 0) return report();

  const rules = packRules(dir, sourcesDir);
  if (rules.problems.length > 0 || !rules.themes) throw invalid();

  const loaded = changed.map((pack) => ({ ...pack, facts: loadPack(dir, pack.name, rules, spent) }));
  for (const pack of loaded) {
    if (!pack.facts) throw invalid();
    if (pack.facts.length >= SLOT) throw new InvalidFactsError([`${join(dir, pack.name)}: more than ${SLOT - 1} facts in one pack`]);
  }
  const kept = packs.filter((pack) => !changed.includes(pack)).map((pack) => pack.name);
  const ids = [...loaded.flatMap((pack) => pack.facts!.map((fact) => fact.id)), ...(base ? keptIds(file, kept) : [])];
  // A duplicate, here or across packs: loadFacts says where each was defined.
  if (new Set(ids).size !== ids.length) throw invalid();

  const started = performance.now();
  mkdirSync(builtDir, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  rmSync(temporary, { force: true });
  try {
    if (base) copyFileSync(file, temporary);
    const db = new Database(temporary);
    try {
      db.pragma('journal_mode = OFF');
      db.pragma('synchronous = OFF');
      db.transaction(() => {
        if (!base) createTables(db);
        const slots = new Map([...(base?.packs ?? [])].map(([name, pack]) => [name, pack.slot]));
        const replaced = [...changed.map((pack) => pack.name), ...gone]
          .filter((name) => slots.has(name))
          .map((name) => [slots.get(name)! * SLOT, (slots.get(name)! + 1) * SLOT] as const);
        const removeBodies = db.prepare<[number, number]>('DELETE FROM bodies WHERE row >= ? AND row < ?');
        for (const [from, to] of replaced) removeBodies.run(from, to);
        const removePack = db.prepare<[string]>('DELETE FROM packs WHERE name = ?');
        for (const name of gone) removePack.run(name);
        let next = Math.max(-1, ...slots.values()) + 1;
        const added = loaded.map((pack) => {
          const slot = slots.get(pack.name) ?? next++;
          fillPack(db, { name: pack.name, slot, signature: pack.signature }, pack.facts!);
          return { from: slot * SLOT, facts: pack.facts! };
        });
        const setMeta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
        setMeta.run('shared', shared);
        setMeta.run('themes', JSON.stringify(rules.themes));
        setMeta.run('synonyms', JSON.stringify(rules.synonyms));
        const indexing = performance.now();
        writeIndex(db, { replaced, added }, rules.synonyms, !base);
        spent.index = performance.now() - indexing;
      })();
    } finally {
      db.close();
    }
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  spent.write = performance.now() - started - spent.index;
  return report();
}

function createTables(db: Database.Database): void {
  db.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE packs (name TEXT PRIMARY KEY, slot INTEGER NOT NULL UNIQUE, signature TEXT NOT NULL,
      facts TEXT NOT NULL, sources TEXT NOT NULL);
    CREATE TABLE bodies (row INTEGER PRIMARY KEY, body TEXT NOT NULL);`);
}

/** A fact's text as the file keeps it: citations name their source by its place in the pack's sources. */
interface StoredBody {
  summary: string;
  citations: [source: number, quote: string][];
}

/**
 * What comes into memory, as columns of a pack: one JSON text parses far faster than a row per
 * fact. Lists are kept once each and named by their index; a date is a YYYYMMDD number whose
 * zeros give its precision (20230600 is June 2023), 0 when the fact has none.
 */
interface LightColumns {
  ids: string[];
  titles: string[];
  dates: number[];
  themes: number[];
  entities: number[];
  aliases: number[];
  lists: string[][];
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

/** One pack's row and its facts' bodies, numbered from its slot. */
function fillPack(db: Database.Database, pack: { name: string; slot: number; signature: string }, facts: readonly Fact[]): void {
  const addBody = db.prepare('INSERT INTO bodies (row, body) VALUES (?, ?)');
  // A pack's facts share its source objects: each is kept once.
  const sources = new Distinct((source: Source) => source);
  const lists = new Distinct((list: string[]) => list.join('\u0000'));
  const columns: LightColumns = { ids: [], titles: [], dates: [], themes: [], entities: [], aliases: [], lists: lists.values };
  facts.forEach((fact, index) => {
    const body: StoredBody = {
      summary: fact.summary,
      citations: fact.citations.map((cited) => [sources.indexOf(cited.source), cited.quote]),
    };
    addBody.run(pack.slot * SLOT + index, JSON.stringify(body));
    columns.ids.push(fact.id);
    columns.titles.push(fact.title);
    columns.dates.push(dateNumber(fact.date));
    columns.themes.push(lists.indexOf(fact.themes));
    columns.entities.push(lists.indexOf(fact.entities));
    columns.aliases.push(lists.indexOf(fact.aliases));
  });
  db.prepare('INSERT OR REPLACE INTO packs (name, slot, signature, facts, sources) VALUES (?, ?, ?, ?, ?)').run(
    pack.name,
    pack.slot,
    pack.signature,
    JSON.stringify(columns),
    JSON.stringify(sources.values),
  );
}

/** The packs built in `file`, read-only, or undefined when there is none or it cannot be read. */
export function openBuilt(file: string): Built | undefined {
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
    const packs = db.prepare<[], { name: string; slot: number; facts: string; sources: string }>(
      'SELECT name, slot, facts, sources FROM packs ORDER BY name',
    );
    const shelf = new Shelf(db);
    const dates = new Map<number, FactDate | undefined>();
    const dateOf = (value: number) => {
      if (!dates.has(value)) {
        const date = factDate(value);
        dates.set(value, date && Object.freeze(date));
      }
      return dates.get(value);
    };
    const facts: Fact[] = [];
    const starts = new Map<number, number>();
    for (const pack of packs.iterate()) {
      const columns = JSON.parse(pack.facts) as LightColumns;
      shelf.sources.set(pack.slot, JSON.parse(pack.sources) as Source[]);
      starts.set(pack.slot, facts.length);
      const lists = columns.lists.map((list) => Object.freeze(list) as string[]);
      columns.ids.forEach((id, index) => {
        facts.push(
          new StoredFact(shelf, pack.slot * SLOT + index, {
            id,
            title: columns.titles[index]!,
            date: dateOf(columns.dates[index]!),
            themes: lists[columns.themes[index]!]!,
            entities: lists[columns.entities[index]!]!,
            aliases: lists[columns.aliases[index]!]!,
            pack: pack.name,
          }),
        );
      });
    }
    return {
      facts,
      themes: JSON.parse(meta.get('themes')!) as Theme[],
      synonyms: JSON.parse(meta.get('synonyms')!) as string[][],
      factAt: (row) => facts[starts.get(Math.floor(row / SLOT))! + (row % SLOT)]!,
      db,
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
  /** Each pack's sources, by its slot. */
  readonly sources = new Map<number, readonly Source[]>();
  /** The bodies read most recently, the least recent first. */
  private readonly recent = new Map<number, Body>();

  constructor(db: Database.Database) {
    this.body = db.prepare<[number], string>('SELECT body FROM bodies WHERE row = ?').pluck();
  }

  read(row: number): Body {
    const kept = this.recent.get(row);
    if (kept) {
      // Moved to the end: the body read least recently is the one dropped.
      this.recent.delete(row);
      this.recent.set(row, kept);
      return kept;
    }
    const stored = JSON.parse(this.body.get(row)!) as StoredBody;
    const sources = this.sources.get(Math.floor(row / SLOT))!;
    const citations = stored.citations.map(([index, quote]) => Object.freeze({ source: sources[index]!, quote }));
    const body = { summary: stored.summary, citations: Object.freeze(citations) as Citation[] };
    if (this.recent.size >= RECENT_BODIES) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(row, body);
    return body;
  }
}

type LightFields = Omit<Fact, 'summary' | 'citations'>;

/** A fact whose summary and citations are read from the built file when they are asked for (the shelf keeps the latest). */
class StoredFact implements Fact {
  readonly #shelf: Shelf;
  readonly #row: number;
  readonly id: string;
  readonly title: string;
  readonly date: FactDate | undefined;
  readonly themes: string[];
  readonly entities: string[];
  readonly aliases: string[];
  readonly pack: string;

  constructor(shelf: Shelf, row: number, fields: LightFields) {
    this.#shelf = shelf;
    this.#row = row;
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
    return this.#shelf.read(this.#row).summary;
  }

  get citations(): Citation[] {
    return this.#shelf.read(this.#row).citations;
  }
}
