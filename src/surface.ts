// The small interfaces between the core and the platform adapters: what a surface mounts on
// the one HTTP server, and how the scheduler posts a digest through it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Briefing } from './briefing/model.ts';
import type { CoreConfig } from './config.ts';
import type { ChannelRef, Dateline } from './dateline.ts';
import type { ConversationStore } from './store/conversations.ts';
import type { ReplayCache } from './store/replays.ts';

export interface HttpRoute {
  method: 'GET' | 'POST';
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): void | Promise<void>;
}

/** Identifies one delivery: a subscription's occurrence, e.g. "sub-42@2026-06-01T00:00:00.000Z". */
export interface DeliveryKey {
  subscriptionId: string;
  occurrence: string;
  /** The two joined: the idempotency key carried in the posted message's metadata. */
  key: string;
}

export type PostFailureKind =
  /** Try again later (rate limits, timeouts, 5xx). */
  | 'retry'
  /** This channel can't be posted to (gone, archived, bot removed, writes blocked): pause it. */
  | 'channel'
  /** The whole install is broken (revoked token, bad credentials): pause every channel of it. */
  | 'install';

/** What a platform's failure means for the scheduler; each adapter has one function that says. */
export interface PostFailure {
  kind: PostFailureKind;
  reason: string;
  retryAfterMs?: number;
}

export class PostError extends Error {
  constructor(
    readonly kind: PostFailureKind,
    readonly reason: string,
    readonly retryAfterMs?: number,
  ) {
    super(reason);
  }

  static from(failure: PostFailure): PostError {
    return new PostError(failure.kind, failure.reason, failure.retryAfterMs);
  }
}

/** Posts briefings to stored channels of one platform; throws PostError on failure. */
export interface ChannelPoster {
  readonly platform: ChannelRef['platform'];
  /** Posts and returns the platform's message id. */
  post(channel: ChannelRef, briefing: Briefing, delivery: DeliveryKey): Promise<string>;
  /** Finds a message already posted for this delivery (to settle an in-doubt one), if the platform can. */
  findPosted?(channel: ChannelRef, delivery: DeliveryKey): Promise<string | undefined>;
}

/** What a surface gets to build itself when the bot starts. */
export interface SurfaceContext {
  dateline: Dateline;
  config: CoreConfig;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  conversations: ConversationStore;
  /** Requests and actions already processed, shared by every instance on the store. */
  replays: ReplayCache;
}

/** A platform adapter as the running bot sees it. */
export interface Surface {
  readonly name: string;
  readonly routes: HttpRoute[];
  readonly poster?: ChannelPoster;
  /** Shown under the surface's name in GET /healthz. */
  health(): Record<string, unknown>;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/** Builds a surface from the environment, or returns undefined when it is not configured. */
export type SurfaceFactory = (context: SurfaceContext) => Promise<Surface | undefined> | Surface | undefined;
