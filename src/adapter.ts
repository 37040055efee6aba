// The port between the core and the platform adapters: what an adapter gets when the bot is
// assembled, what it mounts on the one HTTP server, and how the scheduler posts through it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Briefing } from './briefing/model.ts';
import type { CoreConfig } from './config.ts';
import type { Dateline } from './dateline.ts';
import type { Installations } from './installations/installations.ts';
import type { ChannelRef, DeliveryKey, Platform, ReplayCache } from './types.ts';
import type { Webhooks } from './webhooks/webhooks.ts';

export interface HttpRoute {
  method: 'GET' | 'POST';
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): void | Promise<void>;
  /** Answered at once without a body (GET /healthz): never turned away by the limits on requests in flight. */
  exempt?: boolean;
}

/** Posts briefings to stored channels of one platform; throws PostError on failure. */
export interface ChannelPoster {
  readonly platform: Platform;
  /** Posts and returns the platform's message id. */
  post(channel: ChannelRef, briefing: Briefing, delivery: DeliveryKey): Promise<string>;
  /**
   * Finds a message already posted for this delivery (to settle an in-doubt one), if the platform
   * can. `since`: when the first post for it started, by the store's clock, when the ledger knows.
   */
  findPosted?(channel: ChannelRef, delivery: DeliveryKey, since: Date | undefined): Promise<string | undefined>;
}

/** What an adapter gets to build itself when the bot is assembled. */
export interface AdapterContext {
  dateline: Dateline;
  config: CoreConfig;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** The install lifecycle: adapters report installs, removals and conversations seen; the core decides what they mean. */
  installations: Installations;
  /** Requests and actions already processed, shared by every instance on the store. */
  replays: ReplayCache;
  /** The operator's incoming webhooks, their URLs sealed in the store. */
  webhooks: Webhooks;
  /** The time now; tests pin it. */
  clock: () => Date;
}

/** A platform adapter as the running bot sees it. */
export interface Adapter {
  readonly name: string;
  readonly routes: HttpRoute[];
  readonly poster?: ChannelPoster;
  /** Shown under the adapter's name in GET /healthz. */
  health(): Record<string, unknown>;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/** Builds an adapter from the environment, or returns undefined when it is not configured. */
export type AdapterFactory = (context: AdapterContext) => Promise<Adapter | undefined> | Adapter | undefined;
