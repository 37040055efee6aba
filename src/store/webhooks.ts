// Stored webhooks: an operator's named incoming-webhook URL (Teams Workflows, Slack, Google Chat,
// Discord) and its format, the URL sealed by the caller (src/webhooks/webhooks.ts) so that the
// store never sees it in the clear. A webhook's digests are ordinary subscriptions of the channel
// { platform: 'webhook', workspace: name, channel: name }, so the scheduler, the ledger and the
// catch-up treat them like any other; the last post's outcome is kept here for `webhooks list`.

export interface WebhookAttempt {
  at: Date;
  /** "delivered", or the failure's kind: "retry", "install" (paused), … */
  outcome: string;
  detail?: string;
}

export interface WebhookRecord {
  name: string;
  format: string;
  sealedUrl: string;
  createdAt: Date;
  lastAttempt?: WebhookAttempt;
}

export interface WebhookStore {
  /** Creates the webhook, or replaces its format and URL (keeping its subscriptions). */
  saveWebhook(name: string, format: string, sealedUrl: string, at: Date): Promise<void>;
  findWebhook(name: string): Promise<WebhookRecord | undefined>;
  listWebhooks(): Promise<WebhookRecord[]>;
  /** Deletes the webhook with its subscriptions and their deliveries; false when unknown. */
  deleteWebhook(name: string): Promise<boolean>;
  recordWebhookAttempt(name: string, attempt: WebhookAttempt): Promise<void>;
  /** Stores the URL sealed again (a key rotation), unless it was changed meanwhile. */
  resealWebhookUrl(name: string, sealedUrl: string, resealed: string): Promise<void>;
}
