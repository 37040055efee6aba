// The embedded store: SQLite through better-sqlite3, in WAL mode, created on first start.
// Several processes may share the file: writes are serialised by SQLite's lock (busy_timeout
// makes them wait for it), and every claim is one atomic statement. A file removed or replaced
// under a running bot is noticed before the next statement, which fails instead of writing
// into a file nobody will open again.
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrations, SQLITE_TYPES } from './schema.ts';
import { SqlStore } from './sql-store.ts';
import type { Param } from './statements.ts';

const MIGRATIONS = migrations(SQLITE_TYPES);

export class SqliteStore extends SqlStore {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  /** The opened file's identity (device and inode), to tell when the path names another file; undefined in memory. */
  private readonly file: { dev: number; ino: number } | undefined;

  constructor(private readonly path: string) {
    super();
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('synchronous = NORMAL');
    this.migrate();
    if (path !== ':memory:') {
      const { dev, ino } = statSync(path);
      this.file = { dev, ino };
    }
  }

  /** Throws when the database file was removed or replaced since it was opened. */
  private checkFile(): void {
    if (!this.file) return;
    const now = statSync(this.path, { throwIfNoEntry: false });
    if (!now) throw new Error(`the SQLite file ${this.path} was removed while Dateline was running: restart Dateline to create it again.`);
    if (now.dev !== this.file.dev || now.ino !== this.file.ino) {
      throw new Error(`the SQLite file ${this.path} was replaced while Dateline was running: restart Dateline to open the new one.`);
    }
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  private migrate(): void {
    // IMMEDIATE takes the write lock first, so two processes starting on a new file migrate in turn.
    this.db.transaction(() => {
      this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
      const applied = new Set(this.db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
      for (const [index, sql] of MIGRATIONS.entries()) {
        const version = index + 1;
        if (applied.has(version)) continue;
        this.db.exec(sql);
        this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, new Date().toISOString());
      }
    }).immediate();
  }

  protected async rows<Row>(sql: string, values: Param[] = []): Promise<Row[]> {
    this.checkFile();
    return this.statement(sql).all(values) as Row[];
  }

  protected async changes(sql: string, values: Param[] = []): Promise<number> {
    this.checkFile();
    return this.statement(sql).run(values).changes;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
