// The core's public API: everything an adapter may use, and the only module of src/ that
// adapters import (tests/unit/architecture.test.ts holds them to it).
export type { Adapter, AdapterContext, AdapterFactory, ChannelPoster, HttpRoute } from './adapter.ts';
export type { CliAdapters } from './cli/main.ts';
export { apologyBriefing, type Briefing, type BriefingItem, type BriefingSection } from './briefing/model.ts';
export { isLookup } from './commands/parse.ts';
export { ConfigError, hasPlatformCredentials } from './config.ts';
export { isFormRequest, type Dateline, type DigestStatus } from './dateline.ts';
export {
  searchZones,
  type Choice,
  type FieldId,
  type FormField,
  type FormValues,
  type SubscriptionForm,
} from './forms/subscription-form.ts';
export type { Source } from './facts/types.ts';
export { fromLoopback, readBodyWithin, sendJson } from './server/http-server.ts';
export type { Installations } from './installations/installations.ts';
export type { ConversationStore } from './store/conversations.ts';
export type { InstallationState } from './store/installations.ts';
export type { ReplayCache } from './store/replays.ts';
export {
  webhookUrlProblem,
  type Webhook,
  type WebhookFormat,
  type Webhooks,
} from './webhooks/webhooks.ts';
export { PostError, type ChannelRef, type DeliveryKey, type PostFailure, type PostFailureKind } from './types.ts';
