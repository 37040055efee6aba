// The repository the running bot keeps its state in. SQLite (embedded, the default) and
// PostgreSQL (several instances) implement it; the same test suite runs against both.
import type { ConversationStore } from './conversations.ts';

export interface Store extends ConversationStore {
  /** "sqlite" or "postgres", for /healthz. */
  readonly kind: string;
  close(): Promise<void>;
}
