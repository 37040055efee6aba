// The schema both stores migrate to, written once: the dialects differ only in the column
// types for instants, flags and lease deadlines (milliseconds since the epoch).
export interface ColumnTypes {
  instant: string;
  flag: string;
  flagFalse: string;
  milliseconds: string;
}

export const SQLITE_TYPES: ColumnTypes = { instant: 'TEXT', flag: 'INTEGER', flagFalse: '0', milliseconds: 'INTEGER' };
export const POSTGRES_TYPES: ColumnTypes = { instant: 'TIMESTAMPTZ', flag: 'BOOLEAN', flagFalse: 'false', milliseconds: 'BIGINT' };

/** Schema versions in order; each runs once, in a transaction, and is recorded. */
export function migrations(types: ColumnTypes): string[] {
  return [
    `CREATE TABLE conversations (
       platform TEXT NOT NULL,
       workspace TEXT NOT NULL,
       channel TEXT NOT NULL,
       reference TEXT NOT NULL,
       updated_at ${types.instant} NOT NULL,
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
       quiet ${types.flag} NOT NULL DEFAULT ${types.flagFalse},
       theme_id TEXT,
       since ${types.instant} NOT NULL,
       paused_at ${types.instant},
       pause_reason TEXT,
       UNIQUE (platform, workspace, channel, cadence)
     );
     CREATE INDEX subscriptions_workspace ON subscriptions (platform, workspace);
     CREATE TABLE deliveries (
       subscription_id TEXT NOT NULL,
       occurrence TEXT NOT NULL,
       status TEXT NOT NULL,
       owner TEXT,
       lease_until ${types.milliseconds} NOT NULL,
       post_attempts INTEGER NOT NULL,
       message_id TEXT,
       detail TEXT,
       updated_at ${types.instant} NOT NULL,
       PRIMARY KEY (subscription_id, occurrence)
     );
     CREATE INDEX deliveries_occurrence ON deliveries (occurrence);`,
    `CREATE TABLE replays (
       key TEXT PRIMARY KEY,
       expires_at ${types.milliseconds} NOT NULL
     );
     CREATE INDEX replays_expires_at ON replays (expires_at);`,
  ];
}
