// The embedded store: SQLite through better-sqlite3, in WAL mode, created on first start.
// Several processes may share the file: writes are serialised by SQLite's lock (busy_timeout
// makes them wait for it), and every claim is one atomic statement.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SqlStore } from './sql-store.ts';
import type { Param } from './statements.ts';

/** Schema versions in order; each runs once, in a transaction, and is recorded. */
const MIGRATIONS: string[] = [
  `CREATE TABLE conversations (
     platform TEXT NOT NULL,
     workspace TEXT NOT NULL,
     channel TEXT NOT NULL,
     reference TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (platform, workspace, channel)
   )`,
  `CREATE TABLE subscriptions (
     id TEXT PRIMARY KEY,
     platform TEXT NOT NULL,
     workspace TEXT NOT NULL,
     channel TEXT NOT NULL,
     cadence TEXT NOT NULL CHECK (cadence IN ('daily', 'weekly')),
     hour INTEGER NOT NULL,
     minute INTEGER NOT NULL,
     weekday INTEGER,
     zone TEXT NOT NULL,
     quiet INTEGER NOT NULL DEFAULT 0,
     theme_id TEXT,
     since TEXT NOT NULL,
     paused_at TEXT,
     pause_reason TEXT,
     UNIQUE (platform, workspace, channel, cadence)
   );
   CREATE INDEX subscriptions_workspace ON subscriptions (platform, workspace);
   CREATE TABLE deliveries (
     subscription_id TEXT NOT NULL,
     occurrence TEXT NOT NULL,
     status TEXT NOT NULL,
     owner TEXT,
     lease_until INTEGER NOT NULL,
     post_attempts INTEGER NOT NULL,
     message_id TEXT,
     detail TEXT,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (subscription_id, occurrence)
   );
   CREATE INDEX deliveries_occurrence ON deliveries (occurrence);`,
];

export class SqliteStore extends SqlStore {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(path: string) {
    super();
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('synchronous = NORMAL');
    this.migrate();
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
    return this.statement(sql).all(values) as Row[];
  }

  protected async changes(sql: string, values: Param[] = []): Promise<number> {
    return this.statement(sql).run(values).changes;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
