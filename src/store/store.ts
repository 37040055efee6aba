// The repository the running bot keeps its state in. SQLite (embedded, the default) and
// PostgreSQL (several instances) implement it; the same test suite runs against both.
import type { ConversationStore } from './conversations.ts';
import type { DeliveryLedger } from './deliveries.ts';
import type { SubscriptionStore } from './subscriptions.ts';

export interface Store extends ConversationStore, SubscriptionStore, DeliveryLedger {
  /** "sqlite" or "postgres", for /healthz. */
  readonly kind: string;
  close(): Promise<void>;
}
