// The repository the running bot keeps its state in. SQLite (embedded, the default) and
// PostgreSQL (several instances) implement it; the same test suite runs against both.
import type { ConversationStore } from './conversations.ts';
import type { DeliveryLedger } from './deliveries.ts';
import type { InstallationRecords } from './installations.ts';
import type { ReplayCache } from '../types.ts';
import type { PrunableStore } from './retention.ts';
import type { SubscriptionStore } from './subscriptions.ts';
import type { WebhookStore } from './webhooks.ts';

export interface Store
  extends ConversationStore,
    SubscriptionStore,
    DeliveryLedger,
    ReplayCache,
    InstallationRecords,
    WebhookStore,
    PrunableStore {
  /** "sqlite" or "postgres", for /healthz. */
  readonly kind: string;
  /** A cheap write: throws, with the reason, when the store cannot take one (for /healthz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
