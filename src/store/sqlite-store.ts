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
import { SqlStore } from './sql-store.ts';

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
  private takeReplayKeyStatement: BetterSqlite3.Statement<[string, number, number]> | undefined;

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
   * The replay check runs before every Slack request is acked. Kysely builds, compiles and
   * prepares its statement on each call, measured at ~100 µs of CPU more than SqlStore's
   * statement compiled and prepared once, here.
   */
  protected override async takeReplayKey(key: string, expiresAt: number, now: number): Promise<boolean> {
    this.checkFile();
    this.takeReplayKeyStatement ??= this.sqlite.prepare(this.replayKeyQuery('', 0, 0).compile().sql);
    return this.takeReplayKeyStatement.get(key, expiresAt, now) !== undefined;
  }

  override async close(): Promise<void> {
    await super.close();
    await this.checkpointer?.stop();
  }
}
