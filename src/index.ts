// The core's public API: everything an adapter may use, and the only module of src/ that
// adapters import (tests/unit/architecture.test.ts holds them to it).
export type { Adapter, AdapterContext, AdapterFactory, ChannelPoster, HttpRoute } from './adapter.ts';
export type { CliAdapters } from './cli/main.ts';
export { apologyBriefing, type Briefing, type BriefingItem, type BriefingSection, type QuoteAndSource } from './briefing/model.ts';
export type { Command } from './commands/types.ts';
export { commandText, type PageCommand } from './commands/text.ts';
export { ConfigError, hasPlatformCredentials } from './config.ts';
export { isLookup, type Dateline, type DigestStatus } from './dateline.ts';
export {
  searchZones,
  ZONE_QUERY_MAX_CHARS,
  type Choice,
  type FieldId,
  type FormField,
  type FormValues,
  type SubscriptionForm,
} from './forms/subscription-form.ts';
export type { Source } from './facts/types.ts';
export { metrics } from './metrics.ts';
export { fromLoopback, readBodyWithin, sendJson } from './server/http-server.ts';
export type { Installations } from './installations/installations.ts';
export {
  webhookUrlProblem,
  type Webhook,
  type WebhookFormat,
  type Webhooks,
} from './webhooks/webhooks.ts';
export {
  PostError,
  type ChannelRef,
  type DeliveryKey,
  type PostFailure,
  type PostFailureKind,
  type ReplayCache,
} from './types.ts';
