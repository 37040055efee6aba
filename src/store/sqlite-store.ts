// The embedded store: SQLite through better-sqlite3, in WAL mode, created on first start.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { ChannelRef } from '../dateline.ts';
import type { StoredConversation } from './conversations.ts';
import type { Store } from './store.ts';

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
];

interface ConversationRow {
  platform: ChannelRef['platform'];
  workspace: string;
  channel: string;
  reference: string;
  updated_at: string;
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const applied = new Set(this.db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
    for (const [index, sql] of MIGRATIONS.entries()) {
      const version = index + 1;
      if (applied.has(version)) continue;
      this.db.transaction(() => {
        this.db.exec(sql);
        this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, new Date().toISOString());
      })();
    }
  }

  async saveConversation(channel: ChannelRef, reference: unknown, at: Date): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO conversations (platform, workspace, channel, reference, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (platform, workspace, channel) DO UPDATE SET reference = excluded.reference, updated_at = excluded.updated_at`,
      )
      .run(channel.platform, channel.workspace, channel.channel, JSON.stringify(reference), at.toISOString());
  }

  async getConversation(channel: ChannelRef): Promise<StoredConversation | undefined> {
    const row = this.db
      .prepare('SELECT * FROM conversations WHERE platform = ? AND workspace = ? AND channel = ?')
      .get(channel.platform, channel.workspace, channel.channel) as ConversationRow | undefined;
    if (!row) return undefined;
    return {
      channel: { platform: row.platform, workspace: row.workspace, channel: row.channel },
      reference: JSON.parse(row.reference) as unknown,
      updatedAt: new Date(row.updated_at),
    };
  }

  async deleteConversation(channel: ChannelRef): Promise<void> {
    this.db.prepare('DELETE FROM conversations WHERE platform = ? AND workspace = ? AND channel = ?').run(channel.platform, channel.workspace, channel.channel);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
