// The embedded store: SQLite through better-sqlite3 (Kysely's SqliteDialect), in WAL mode,
// created on first start, its WAL checkpointed off the event loop (checkpointer.ts). Several
// processes may share the file: writes are serialised by SQLite's lock (busy_timeout makes them
// wait for it), and every claim is one atomic statement.
// A file removed or replaced under a running bot is noticed before the next statement, which
// fails instead of writing into a file nobody will open again.
import { closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type KyselyPlugin } from 'kysely';
import { type Checkpointer, checkpointInWorker } from './checkpointer.ts';
import { migrateToLatest, type MigrationMode, settleMigrations } from './migrate.ts';
import { SQLITE, type Database } from './schema.ts';
import { REPLAY_KEY_STATEMENT, SqlStore } from './sql-store.ts';

/**
 * This process's migrations, one at a time. BEGIN IMMEDIATE waits for another process's lock
 * synchronously (busy_timeout), so a second store opened here while the first awaits inside
 * its transaction would block the thread that first one needs to finish.
 */
let migrating: Promise<unknown> = Promise.resolve();

/** Kysely's Migrator takes no lock on SQLite: BEGIN IMMEDIATE takes the write lock first, so processes starting together on a new file migrate in turn. */
async function migrate(sqlite: BetterSqlite3.Database, db: Kysely<Database>): Promise<void> {
  sqlite.exec('BEGIN IMMEDIATE');
  try {
    await migrateToLatest(db, SQLITE);
    sqlite.exec('COMMIT');
  } catch (error) {
    sqlite.exec('ROLLBACK');
    throw error;
  }
}

/** A check that throws once the file at `path` is no longer the one that was opened (by device and inode). */
function sameFileCheck(path: string): () => void {
  const { dev, ino } = statSync(path);
  return () => {
    const now = statSync(path, { throwIfNoEntry: false });
    if (!now) throw new Error(`the SQLite file ${path} was removed while Dateline was running: restart Dateline to create it again.`);
    if (now.dev !== dev || now.ino !== ino)
      throw new Error(`the SQLite file ${path} was replaced while Dateline was running: restart Dateline to open the new one.`);
  };
}

/** Runs `check` before every statement Kysely sends. */
function checkedFirst(check: () => void): KyselyPlugin {
  return {
    transformQuery({ node }) {
      check();
      return node;
    },
    transformResult: async ({ result }) => result,
  };
}

/** A replay key asked for, and the promise its request awaits. */
interface PendingReplayKey {
  key: string;
  expiresAt: number;
  now: number;
  resolve(taken: boolean): void;
  reject(error: unknown): void;
}

export class SqliteStore extends SqlStore {
  readonly kind = 'sqlite';

  /**
   * Opens (creating it if need be) and migrates the database at `path`, or ':memory:'. A folder
   * and a file it creates are private (0700, 0600): they hold installations' sealed tokens and
   * who subscribed where. SQLite gives its -wal and -shm files the database's permissions.
   */
  static async open(path: string, { migrations = 'apply' }: { migrations?: MigrationMode } = {}): Promise<SqliteStore> {
    const inMemory = path === ':memory:';
    if (!inMemory) {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
    }
    const sqlite = new BetterSqlite3(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    const checkFile = inMemory ? () => undefined : sameFileCheck(path);
    const plugins = inMemory ? [] : [checkedFirst(checkFile)];
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), plugins });
    const store = new SqliteStore(db, sqlite, checkFile, inMemory ? undefined : path);
    const migrated = migrating.then(() => settleMigrations(store.db, SQLITE, migrations, () => migrate(sqlite, store.db)));
    migrating = migrated.catch(() => undefined);
    try {
      await migrated;
    } catch (error) {
      await store.close();
      throw error;
    }
    if (!inMemory) store.checkpointer = checkpointInWorker(sqlite, path);
    return store;
  }

  private checkpointer: Checkpointer | undefined;
  /** The replay keys asked for during this turn of the event loop, taken together at its end (takeReplayKey). */
  private pendingReplayKeys: PendingReplayKey[] = [];
  /** The statements prepared so far, by name (runPrepared). */
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  /** The transaction that runs the replay check's statement for each pending key. */
  private takeReplayKeys: BetterSqlite3.Transaction<(keys: PendingReplayKey[]) => boolean[]> | undefined;

  private constructor(
    db: Kysely<Database>,
    private readonly sqlite: BetterSqlite3.Database,
    private readonly checkFile: () => void,
    private readonly path: string | undefined,
  ) {
    super(db, SQLITE);
  }

  /** The database file and its WAL, in bytes. */
  protected override async sizeBytes(): Promise<number> {
    if (!this.path) return 0;
    const size = (file: string) => statSync(file, { throwIfNoEntry: false })?.size ?? 0;
    return size(this.path) + size(`${this.path}-wal`);
  }

  /** A consistent copy of the database while it is in use (SQLite's online backup), private like the original. */
  async backup(file: string): Promise<void> {
    closeSync(openSync(file, 'w', 0o600));
    await this.sqlite.backup(file);
  }

  /**
   * The replay check runs before every Slack request is acked. Its statement is SqlStore's own,
   * compiled and prepared once here (Kysely building, compiling and preparing it on each call
   * cost ~100 µs of CPU more). The keys asked for during one turn of the event loop (the
   * requests read in one poll of the sockets) are taken in one transaction at its end: each key
   * is still its own statement under SQLite's write lock, so the answer for each is the same as
   * alone, but a commit (the WAL's writes, the same-file check) is paid once per turn instead of
   * once per request. Under a flood of commands that halved the check's CPU per request.
   */
  protected override takeReplayKey(key: string, expiresAt: number, now: number): Promise<boolean> {
    return new Promise((resolve, reject) => {
      if (this.pendingReplayKeys.push({ key, expiresAt, now, resolve, reject }) === 1) setImmediate(() => this.takePendingReplayKeys());
    });
  }

  private takePendingReplayKeys(): void {
    const keys = this.pendingReplayKeys;
    this.pendingReplayKeys = [];
    let taken: boolean[];
    try {
      this.checkFile();
      if (!this.takeReplayKeys) {
        const statement = this.statement(
          REPLAY_KEY_STATEMENT,
          this.sqlOf(REPLAY_KEY_STATEMENT, 3, () => this.replayKeyQuery('', 0, 0)),
        );
        this.takeReplayKeys = this.sqlite.transaction((pending: PendingReplayKey[]) =>
          pending.map(({ key, expiresAt, now }) => statement.get(key, expiresAt, now) !== undefined),
        );
      }
      // IMMEDIATE: the write lock first (waiting for another process's under busy_timeout), as every statement here writes.
      taken = this.takeReplayKeys.immediate(keys);
    } catch (error) {
      for (const pending of keys) pending.reject(error);
      return;
    }
    for (const [index, pending] of keys.entries()) pending.resolve(taken[index]!);
  }

  private statement(name: string, text: string): BetterSqlite3.Statement {
    let statement = this.statements.get(name);
    if (!statement) {
      statement = this.sqlite.prepare(text);
      this.statements.set(name, statement);
    }
    return statement;
  }

  protected override async runPrepared<Row>(name: string, text: string, values: readonly unknown[]): Promise<Row[]> {
    this.checkFile();
    return this.statement(name, text).all(...values) as Row[];
  }

  override async close(): Promise<void> {
    await super.close();
    await this.checkpointer?.stop();
  }
}
